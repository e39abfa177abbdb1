// Words as blomma's index builder sees them (src/search/tokenize.rs,
// swedish.rs): splitting, folding, Snowball Swedish stemming, and the
// fallbacks for words that find nothing (endings, edits). No state: the
// folding table of an index is given to `makeFold`.

export const WORD = /[\p{Alphabetic}\p{N}\u0300-\u036f]+/gu;
const MAX_WORD = 40;
export const cpLen = (s) => (s.length <= MAX_WORD ? s.length : Array.from(s).length);

/** The words of `text`: NFC, lowercased, split like the index builder. */
export function words(text) {
  const out = [];
  for (const m of text.normalize('NFC').toLowerCase().matchAll(WORD)) {
    if (cpLen(m[0]) <= MAX_WORD) out.push(m[0]);
  }
  return out;
}

const ASCII = /^[\0-\x7f]*$/;

/**
 * The folding function of an index's table (`fold` of `meta.json`: letter →
 * its folded form): a function folding a lowercase word (å→a, ö→o, é→e …).
 * Letters not in the table fold by their Unicode decomposition.
 */
export function makeFold(table = {}) {
  return (w) => foldWith(table, w);
}

function foldWith(table, w) {
  if (ASCII.test(w)) return w;
  let out = '';
  for (const ch of w) {
    const cp = ch.codePointAt(0);
    if (cp < 0x80) out += ch;
    else if (cp >= 0x300 && cp <= 0x36f) continue;
    else if (table[ch] !== undefined) out += table[ch];
    else if ((cp >= 0xc0 && cp <= 0x24f) || (cp >= 0x1e00 && cp <= 0x1eff)) {
      const d = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += /^[a-z0-9]+$/.test(d) ? d : ch;
    } else out += ch;
  }
  return out;
}

/** Folds a lowercase word with no table of an index (by decomposition only). */
export const fold = makeFold();

// Snowball Swedish, as in the Rust crate rust-stemmers (the same rules, so
// a query word meets the index's stems).
const VOWELS = 'aeiouyäåö';
const S_ENDING = 'bcdfghjklmnoprtvy';
const MAIN = ('heterna hetens anden andes andet arens arnas ernas heten heter ornas ades ' +
  'ande arna arne aren aste erna erns orna ade are ast ens het ern as at en er es or ' +
  'ad ar a e s').split(' ');
const PAIRS = ['dd', 'gd', 'nn', 'dt', 'gt', 'kt', 'tt'];
const OTHER = ['fullt', 'löst', 'lig', 'els', 'ig'];

const endsAt = (c, n, suf) => {
  if (suf.length > n) return false;
  for (let i = 0; i < suf.length; i++) if (c[n - suf.length + i] !== suf[i]) return false;
  return true;
};

/** The Snowball Swedish stem of a lowercase word (always a prefix of it). */
export function stem(word) {
  const c = Array.from(word);
  if (c.length < 3) return word;
  let i = 0;
  while (i < c.length && !VOWELS.includes(c[i])) i++;
  while (i < c.length && VOWELS.includes(c[i])) i++;
  if (i >= c.length) return word;
  const p1 = Math.max(i + 1, 3);
  let n = c.length;
  for (const suf of MAIN) {
    if (n - suf.length >= p1 && endsAt(c, n, suf)) {
      if (suf !== 's') n -= suf.length;
      else if (S_ENDING.includes(c[n - 2])) n -= 1;
      break;
    }
  }
  if (n - 2 >= p1 && PAIRS.includes(c[n - 2] + c[n - 1])) n -= 1;
  for (const suf of OTHER) {
    const s = Array.from(suf);
    if (n - s.length >= p1 && endsAt(c, n, s)) {
      n -= suf === 'fullt' || suf === 'löst' ? 1 : s.length;
      break;
    }
  }
  return n === c.length ? word : c.slice(0, n).join('');
}

const defaultFold = fold;

// Endings Snowball Swedish leaves on a word (definite forms of nouns ending in
// a vowel, "-et" of neuters, plural definites), longest first; a word that finds
// nothing is looked up again without them.
const ENDINGS = ['erna', 'arna', 'orna', 'ena', 'en', 'et', 'na', 'n', 't', 's'];
// A shorter word is not cut: too many words of four letters end in n, t or s.
const MIN_STRIPPED = 4;

/**
 * The keys to look a word up under when it finds nothing as typed: the folded
 * stems of the word without each ending it has (`närmiljön` → `narmiljo`,
 * `boendet` → `boend`), each with the stripped word itself for prefixes,
 * folded with `fold` (the index's, [`makeFold`]).
 * Returns [[stem key, stripped folded word]…].
 */
export function endingKeys(w, fold = defaultFold) {
  const cps = Array.from(w);
  const out = [];
  for (const e of ENDINGS) {
    if (cps.length - e.length < MIN_STRIPPED || !w.endsWith(e)) continue;
    const v = cps.slice(0, cps.length - e.length).join('');
    const f = fold(v);
    for (const k of new Set([fold(stem(v)), stem(f), f])) out.push([k, f]);
  }
  return out;
}

/**
 * The edits a word of `n` letters may have and still be taken for a word of
 * the index: none below 5 letters, one from 5, two from 9.
 */
export const typoBudget = (n) => (n >= 9 ? 2 : n >= 5 ? 1 : 0);

/**
 * The optimal-string-alignment distance between `a` and `b` (insertions,
 * deletions, substitutions and swaps of neighbours each count one), or
 * `max + 1` as soon as it is known to exceed `max`.
 */
export function editDistance(a, b, max) {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  let prev2 = new Int32Array(lb + 1);
  let prev = Int32Array.from({ length: lb + 1 }, (_, j) => j);
  let cur = new Int32Array(lb + 1);
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= lb; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2)
        && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[lb], max + 1);
}
