// blomma site search: a dependency-free ES module for the static index that
// blomma writes (src/search, format 4). No WebAssembly, no eval, no inline
// code: it runs under the CSP `default-src 'self'`.
//
// Markup (templates/search.html): an element [data-search] whose
// data-index is the URL of the index folder (ending in "/") and whose
// data-str-* attributes hold the interface strings; inside it a form with
// input[name=q], [data-search-nojs] (hidden here), [data-search-status]
// (aria-live), [data-search-facets] (inside details[data-search-filters],
// opened on wide screens), ol#search-results and
// button[data-search-more].

// ---------------------------------------------------------------- words --

const WORD = /[\p{Alphabetic}\p{N}\u0300-\u036f]+/gu;
const MAX_WORD = 40;
const cpLen = (s) => (s.length <= MAX_WORD ? s.length : Array.from(s).length);

/** The words of `text`: NFC, lowercased, split like the index builder. */
export function words(text) {
  const out = [];
  for (const m of text.normalize('NFC').toLowerCase().matchAll(WORD)) {
    if (cpLen(m[0]) <= MAX_WORD) out.push(m[0]);
  }
  return out;
}

let FOLD = {};
const ASCII = /^[\0-\x7f]*$/;

/** Folds a lowercase word (å→a, ö→o, é→e …) with the index's table. */
export function fold(w) {
  if (ASCII.test(w)) return w;
  let out = '';
  for (const ch of w) {
    const cp = ch.codePointAt(0);
    if (cp < 0x80) out += ch;
    else if (cp >= 0x300 && cp <= 0x36f) continue;
    else if (FOLD[ch] !== undefined) out += FOLD[ch];
    else if ((cp >= 0xc0 && cp <= 0x24f) || (cp >= 0x1e00 && cp <= 0x1eff)) {
      const d = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += /^[a-z0-9]+$/.test(d) ? d : ch;
    } else out += ch;
  }
  return out;
}

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

// ------------------------------------------------------------- encoding --

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
const DIGIT = new Int8Array(128).fill(-1);
ALPHABET.split('').forEach((ch, i) => { DIGIT[ch.charCodeAt(0)] = i; });


// Decodes a gap-coded page list (no levels; numbers in base 32, leading
// digits 32–63) into an Int32Array, with -1 after the last page (so a reader
// can look one past the end).
function decodeGaps(s) {
  const out = new Int32Array(s.length + 1);
  let n = 0;
  let acc = 0;
  let prev = -1;
  for (let i = 0; i < s.length; i++) {
    const d = DIGIT[s.charCodeAt(i)];
    if (d >= 32) { acc = acc * 32 + d - 32; continue; }
    prev += acc * 32 + d + 1;
    acc = 0;
    out[n++] = prev;
  }
  out[n] = -1;
  return out;
}

// The number of pages in a list: its final digits (0–V).
const pagesIn = (s) => s.replace(/[^0-9A-V]/g, '').length;

// A posting set of an entry, as the index writes it: the pages with their
// levels, and the pages whose title (headings) hold the word. Decoded while
// scoring, in one pass.
const lists = (post, title, head) => ({ post: post || '', title: title || '', head: head || '' });

// --------------------------------------------------------------- ranking --

// `ending`: an inflection the stemmer leaves on (närmiljön, boendet), found by
// taking a definite or plural ending off; `typo`: a word within a small edit
// distance; `near`: a word that begins with the query word stripped of its
// ending. These three are tried only for a query word that finds nothing else.
const LEVEL = { exact: 4, folded: 3.5, stem: 3, ending: 2.5, compound: 1.3, prefix: 1, typo: 1, near: 0.9 };
const TF_MAX = 2.2; // k1 + 1
// A word in the title outweighs one level of spelling (a title matched without
// å/ä/ö beats a body that has the exact letters), so "vasterbotten" finds the
// county before a page that quotes the slug; exact still wins between equals.
const TITLE_BONUS = 10;
// A word in a heading marks what a section is about: it outweighs the step from
// another inflection to the exact form in running text, so a county with a
// "Samverkansstrukturer" section ranks above a page that mentions a
// "samverkansstruktur" in passing.
const HEADING_BONUS = 6;
// The bonus by mark (1 title, 2 heading, 3 both).
const BONUS = [0, TITLE_BONUS, HEADING_BONUS, TITLE_BONUS + HEADING_BONUS];
// A compound part's title and heading bonus is cut to this share, so that a
// page with the word as a word of its own (any inflection, anywhere on the
// page) ranks above a page that has it only inside a compound, even in its
// title: "gotland" finds Gotland before Östergötland. Between pages that have
// it only in compounds, the title still counts.
const PART_BONUS = 0.07;
// What a word counts for in text that nearly every page of the page's kind
// shares (tf level 0: the generated facts and "uppgift saknas" of county
// pages): a page that only has the word there ranks below a page that has it
// once in text of its own.
const SHARED_WEIGHT = 0.25;
const MIN_PREFIX = 3;
const PREFIX_CHUNKS = 2;
const PREFIX_WORDS = 30;

const codePointCmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// Endings Snowball Swedish leaves on a word (definite forms of nouns ending in
// a vowel, "-et" of neuters, plural definites), longest first; a word that finds
// nothing is looked up again without them.
const ENDINGS = ['erna', 'arna', 'orna', 'ena', 'en', 'et', 'na', 'n', 't', 's'];
// A shorter word is not cut: too many words of four letters end in n, t or s.
const MIN_STRIPPED = 4;

/**
 * The keys to look a word up under when it finds nothing as typed: the folded
 * stems of the word without each ending it has (`närmiljön` → `narmiljo`,
 * `boendet` → `boend`), each with the stripped word itself for prefixes.
 * Returns [[stem key, stripped folded word]…].
 */
export function endingKeys(w) {
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

// The first index of sorted `arr` whose item is > key (or >= key when
// `orEqual`).
function bound(arr, key, orEqual) {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = codePointCmp(arr[mid], key);
    if (c < 0 || (c === 0 && !orEqual)) lo = mid + 1; else hi = mid;
  }
  return lo;
}

// Scores are integers in units of 2^-FRACTION (coarser only on a site too
// large for the sort keys to hold that much): the scoring loops work on small
// integers, which a cold JavaScript engine handles without allocating, and
// sums are exact. A term adds at most idf · 7.25 < TERM_MAX (idf < 20.2 below
// 2^30 pages).
const FRACTION = 16;
const TERM_MAX = 150;
// Distinct query words used at most (the rest of a pasted paragraph is left
// out), so that a page's sum and word count fit its sort key.
const MAX_TERMS = 64;

const now = () => (typeof performance !== 'undefined' ? performance : Date).now();

// Bits needed for the numbers below `n`.
const bitsBelow = (n) => Math.max(1, Math.ceil(Math.log2(n)));

/**
 * The scores of a query over `m.n` pages for `nTerms` query words, under
 * `filter` ({facet name: Set of value indices}; a facet without values
 * selected lets every page through).
 *
 * Each page reached has one sort key, kept up to date as lists are added:
 * `cover · 2^(t+b) + score · 2^b + (2^b − 1 − page)`, with `b` bits for a
 * page number and `t` for the summed score, so that the keys order pages by
 * the number of query words they have, then score, then page order, and fit
 * a double's 53 bits exactly. Pages that the filter leaves out get keys below
 * zero. Per page: `best` the score for the current term, `stamp` the number
 * of the term that last reached it, `cover` how many terms did; `found`
 * lists the pages reached.
 */
function scores(m, nTerms, filter) {
  const n = m.n;
  const pageBits = bitsBelow(n);
  const coverBits = bitsBelow(nTerms + 1);
  const sumBits = 53 - pageBits - coverBits;
  const fraction = Math.max(0, Math.min(FRACTION, sumBits - bitsBelow(TERM_MAX * nTerms)));
  const low = 2 ** pageBits;
  // Per facet with values selected, the pages it lets through; `pass`, the
  // pages all facets let through.
  const pass = new Uint8Array(n).fill(1);
  const ok = m.facets.map((f) => {
    const set = filter[f.name];
    if (!set || !set.size) return null;
    const allowed = new Uint8Array(n);
    for (const v of set) for (const d of f.values[v]?.pages || []) if (d < n) allowed[d] = 1;
    for (let d = 0; d < n; d++) pass[d] &= allowed[d];
    return allowed;
  });
  return {
    n,
    unit: 2 ** fraction,
    low,
    high: 2 ** sumBits * low,
    out: -(2 ** 53),
    best: new Int32Array(n),
    stamp: new Uint32Array(n),
    cover: new Uint8Array(n),
    key: new Float64Array(n),
    found: new Int32Array(n),
    nFound: 0,
    pass,
    ok,
  };
}

// Adds posting set `l` of term number `term` (from 1) to the scores: a
// page's score for a term is its best over the term's lists, `idf · (level + ¼ · (tf
// level + title and heading bonus))`. Postings, title and heading lists are
// decoded in the same pass, so a query goes over each list once.
function scoreList(sc, l, level, idf, term) {
  const { n, best, stamp, cover, key, found, pass, low } = sc;
  // By tf level and mark (1 title, 2 heading): the score, and what a page's
  // key gains when the term first reaches it.
  const score = new Int32Array(64);
  const gain = new Float64Array(64);
  for (let lv = 0; lv < 16; lv++) {
    for (let mk = 0; mk < 4; mk++) {
      const bonus = level === LEVEL.compound ? PART_BONUS * BONUS[mk] : BONUS[mk];
      // Level 0: text that nearly every page of the page's kind shares.
      const x = Math.round(sc.unit * idf * (lv === 0 ? SHARED_WEIGHT * level
        : level + 0.25 * (lv * (TF_MAX / 15) + bonus)));
      score[lv * 4 + mk] = x;
      gain[lv * 4 + mk] = sc.high + x * low;
    }
  }
  const { post } = l;
  const title = decodeGaps(l.title);
  const head = decodeGaps(l.head);
  let nextTitle = title[0];
  let nextHead = head[0];
  let ti = 0;
  let hi = 0;
  let nFound = sc.nFound;
  let acc = 0;
  let d = -1;
  for (let i = 0; i < post.length; i++) {
    const c = DIGIT[post.charCodeAt(i)];
    if (c >= 32) { acc = acc * 32 + c - 32; continue; }
    const v = acc * 32 + c;
    acc = 0;
    d += (v >>> 4) + 1;
    if (d >= n) break;
    // Title and heading marks are counted, not branched on, so that code
    // optimized on one list is not thrown away on the next.
    const inTitle = (d === nextTitle) | 0;
    ti += inTitle;
    nextTitle = title[ti];
    const inHead = (d === nextHead) | 0;
    hi += inHead;
    nextHead = head[hi];
    const s = (v & 15) * 4 + inTitle + 2 * inHead;
    const x = score[s];
    if (stamp[d] !== term) {
      stamp[d] = term;
      best[d] = x;
      if (cover[d]++ === 0) {
        key[d] = pass[d] ? low - 1 - d : sc.out;
        found[nFound++] = d;
      }
      key[d] += gain[s];
    } else if (x > best[d]) {
      key[d] += (x - best[d]) * low;
      best[d] = x;
    }
  }
  sc.nFound = nFound;
}

// The pages of the scores' keys, best first: `length` and `slice(start, end)`
// as of an array, read from the sorted keys as they are asked for, since a
// reader sees the first few. Sorts all keys when most pages were found,
// else only those of the pages found.
function ranked(sc) {
  const { low } = sc;
  let nPass = 0;
  for (let i = 0; i < sc.nFound; i++) nPass += sc.pass[sc.found[i]];
  let keys = sc.key;
  if (sc.nFound < sc.n / 4) {
    keys = new Float64Array(sc.nFound);
    for (let i = 0; i < sc.nFound; i++) keys[i] = sc.key[sc.found[i]];
  }
  keys.sort();
  const top = keys.length - 1;
  return {
    length: nPass,
    slice(start = 0, end = nPass) {
      const out = [];
      for (let i = Math.max(0, start); i < Math.min(nPass, end); i++) out.push(low - 1 - (keys[top - i] % low));
      return out;
    },
  };
}

// The pages found of each value of each facet, among those that the other
// facets let through (so that a reader sees what ticking a value would
// give): one Map (value index → count, above zero only) per facet.
function counts(m, sc) {
  const out = m.facets.map(() => new Map());
  const on = sc.ok.map((a, i) => (a ? i : -1)).filter((i) => i >= 0);
  for (let i = 0; i < sc.nFound; i++) {
    const d = sc.found[i];
    // The one facet that leaves the page out, if only one does.
    let miss = -1;
    let misses = 0;
    for (const f of on) if (!sc.ok[f][d]) { miss = f; misses++; }
    if (misses > 1) continue;
    m.facets.forEach((f, fi) => {
      if (misses === 1 && fi !== miss) return;
      const c = out[fi];
      for (let k = f.start[d]; k < f.start[d + 1]; k++) c.set(f.vals[k], (c.get(f.vals[k]) || 0) + 1);
    });
  }
  return out;
}

/**
 * Ranks the pages of `m` (`n` pages, `facets` made by [`facet`]) for
 * `terms`, one entry `[[[list, level]…], idf]` for each query word that has
 * lists (`list` = {post, title, head} as in a chunk). Returns `hits`, the
 * pages that pass `filter` ({facet name: Set of value indices}), best first
 * (`length` and `slice` as of an array): more query words, then a higher
 * score (the sum over words of the best of a word's lists), then page order;
 * and `counts`, per facet a Map of value index → pages found with the value
 * among those the other facets let through.
 */
export function rank(m, terms, filter = {}) {
  const sc = scores(m, terms.length, filter);
  terms.forEach(([termLists, idf], i) => {
    for (const [l, level] of termLists) scoreList(sc, l, level, idf, i + 1);
  });
  return { hits: ranked(sc), counts: counts(m, sc) };
}

// Made-up lists over 64 made-up pages for `prime`: the first has pages 0, 3,
// 6 … with levels 1 and 2, a continued digit and some title and heading
// marks; the second has pages 0–47 at level 15 with titles on other pages
// (so it betters some pages of the first when both are lists of one term);
// the third has two pages far apart.
const PRIME_LISTS = [
  { post: '1H2I1H2I1H2I1H2I1H2I1H2I1H2I1H2I1H2I1X2X1X2', title: '0D6D6K', head: '5373737373' },
  { post: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF', title: '0444444444', head: '133333333333' },
  { post: 'YJx3', title: '', head: '5' },
];

// Sites with fewer pages are not primed: their lists are short enough for
// the interpreter.
const PRIME_MIN_PAGES = 2000;

// Scores a few made-up queries over made-up pages, so that the JavaScript
// engine has seen every path of the scoring code (title and heading marks,
// continued digits, a later list of a term that betters a page, pages a
// filter leaves out, few and many pages found) and has compiled it before
// the first real query: code the engine optimizes in the middle of a query
// then meets no path it has not seen, and is not thrown away on the next
// list. Runs while the first query's chunks load (exported for tests).
export function prime() {
  const [first, later, few] = PRIME_LISTS;
  const pages = (k) => Array.from({ length: 64 }, (_, d) => d).filter((d) => d % 3 === k);
  const meta = { n: 64, facets: [facet({ name: 'a', values: [0, 1, 2].map((k) => ['', pages(k)]) }, 64)] };
  for (let r = 0; r < 10; r++) {
    rank(meta, [[[[first, 4], [later, 1]], 1], [[[first, 2]], 1]], { a: new Set([0, 1]) }).hits.slice(0, 5);
    rank(meta, [[[[few, 4]], 2]], {}).hits.slice(0, 5);
  }
}

// ----------------------------------------------------------- page text --

// Elements whose text is not the page's text.
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'NAV', 'SVG', 'MATH',
  'BUTTON', 'SELECT', 'TEXTAREA', 'IFRAME', 'OBJECT', 'CANVAS', 'H1']);
// Elements that separate words.
const BLOCK = new Set(['P', 'DIV', 'LI', 'UL', 'OL', 'DL', 'DT', 'DD', 'TABLE', 'TR', 'TD',
  'TH', 'CAPTION', 'SECTION', 'ARTICLE', 'ASIDE', 'HEADER', 'FOOTER', 'BLOCKQUOTE', 'PRE',
  'FIGURE', 'FIGCAPTION', 'H2', 'H3', 'H4', 'H5', 'H6', 'BR', 'HR', 'DETAILS', 'SUMMARY',
  'FORM', 'FIELDSET', 'LEGEND', 'ADDRESS', 'MAIN', 'IMG']);
const squash = (s) => s.replace(/\s+/g, ' ').trim();

/**
 * The text of a page's document for snippets: [[heading id, heading title,
 * text]…], the first entry the text before the first heading with an id
 * (empty id and title). Read from the element [data-search-body], else
 * `main`, else `body`; navigation, scripts, the h1 (the title is on the
 * card), hidden elements and [data-search-ignore] are left out.
 */
export function pageSections(doc) {
  const root = doc.querySelector('[data-search-body]') || doc.querySelector('main') || doc.body;
  if (!root) return [['', '', '']];
  const out = [['', '', []]];
  const skip = (e) => SKIP.has(e.tagName.toUpperCase()) || e.hidden
    || e.getAttribute('aria-hidden') === 'true' || e.hasAttribute('data-search-ignore');
  // Adds the text below `node` to `into` (a heading's title when `inTitle`);
  // a heading with an id starts a new section. Returns where the text after
  // `node` goes.
  const text = (node, into, inTitle) => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) { into.push(n.data); continue; }
      if (n.nodeType !== 1 || skip(n)) continue;
      const tag = n.tagName.toUpperCase();
      if (!inTitle && /^H[2-6]$/.test(tag) && n.id) {
        const title = [];
        text(n, title, true);
        into = [];
        out.push([n.id, squash(title.join('')), into]);
        continue;
      }
      const block = BLOCK.has(tag);
      if (block) into.push(' ');
      if (tag === 'IMG') into.push(n.getAttribute('alt') || '', ' ');
      into = text(n, into, inTitle);
      if (block) into.push(' ');
    }
    return into;
  };
  text(root, out[0][2], false);
  return out.map(([id, title, parts]) => [id, title, squash(parts.join(''))]);
}

// Style elements and attributes, taken out before parsing: a document made by
// DOMParser has the CSP of this page, which blocks (and reports) inline styles.
// Text cannot hold these strings: quotes and "<" in text are escaped.
const STYLES = /<style[\s>][^]*?<\/style>|\sstyle\s*=\s*(?:"[^"]*"|'[^']*')/gi;

/** Fetches the HTML page at `url` and reads its sections ([`pageSections`]). */
function fetchSections(url) {
  return fetch(url).then((r) => {
    if (!r.ok) throw new Error(`${r.status} ${url}`);
    return r.text();
  }).then((html) => pageSections(new DOMParser().parseFromString(html.replace(STYLES, ''), 'text/html')));
}

/**
 * A facet of `meta.json` ({name, label, card, values: [[label, pages]…]},
 * the pages gap-coded, or given as an array of page numbers) over `n` pages,
 * ready for filtering and counting: `values` [{label, pages: Int32Array}],
 * and the values of page `d` as `vals[start[d]…start[d + 1]]`.
 */
export function facet(f, n) {
  const values = f.values.map(([label, pages]) => {
    const p = typeof pages === 'string' ? decodeGaps(pages) : Int32Array.from([...pages, -1]);
    return { label, pages: p.subarray(0, p.indexOf(-1)) };
  });
  const start = new Uint32Array(n + 1);
  for (const v of values) for (const d of v.pages) if (d < n) start[d + 1]++;
  for (let d = 0; d < n; d++) start[d + 1] += start[d];
  const vals = new Uint16Array(start[n]);
  const at = start.slice(0, n);
  values.forEach((v, i) => { for (const d of v.pages) if (d < n) vals[at[d]++] = i; });
  return { name: f.name, label: f.label, card: !!f.card, values, start, vals };
}

/** The value indices of facet `f` (made by [`facet`]) that page `d` has. */
export const valuesOf = (f, d) => Array.from(f.vals.subarray(f.start[d], f.start[d + 1]));

/**
 * The search engine on an index folder. `fetchJson(url)` loads a JSON file
 * (the browser's fetch by default); `fetchPage(url)` gives the sections of
 * the page at `url` (by default fetched and read with [`pageSections`]).
 */
export function createEngine(indexUrl, fetchJson, fetchPage) {
  const base = indexUrl.endsWith('/') ? indexUrl : `${indexUrl}/`;
  const get = fetchJson || ((url, opts) => fetch(url, opts).then((r) => {
    if (!r.ok) throw new Error(`${r.status} ${url}`);
    return r.json();
  }));
  const getPage = fetchPage || fetchSections;
  let metaP = null;
  const chunkP = new Map();
  const docP = new Map();
  const pageP = new Map();
  let primed = false;

  function meta() {
    if (!metaP) {
      metaP = get(`${base}meta.json`, { cache: 'no-cache' }).then((m) => {
        if (m.format !== 4) throw new Error('index format');
        FOLD = m.fold || {};
        m.facets = (m.facets || []).map((f) => facet(f, m.n));
        m.commonSet = new Set(m.common);
        return m;
      });
      metaP.catch(() => { metaP = null; });
    }
    return metaP;
  }

  const chunkFor = (m, key) => Math.max(0, bound(m.chunks, key, false) - 1);

  function chunk(m, i) {
    if (!chunkP.has(i)) {
      const p = get(`${base}t/${i}.json?v=${m.v}`).then((c) => {
        // Stem groups: [key, [[word, postings, title, headings]…], compound lists…].
        const map = new Map();
        for (const g of c.g) {
          map.set(g[0], {
            words: g[1].map((e) => ({ word: e[0], f: fold(e[0]), l: lists(e[1], e[2], e[3]) })),
            comp: lists(g[2], g[3], g[4]),
          });
        }
        return { map, keys: [...map.keys()].sort(codePointCmp) };
      });
      p.catch(() => chunkP.delete(i));
      chunkP.set(i, p);
    }
    return chunkP.get(i);
  }

  /**
   * The card of page `i` (entry `i % pf` of card file `i / pf`): {u: URL,
   * t: title, d: date or undefined, f: the labels of its values of the
   * facets shown on a result's line, by facet}.
   */
  function doc(i) {
    return meta().then((m) => {
      const j = Math.floor(i / m.pf);
      if (!docP.has(j)) {
        const p = get(`${base}d/${j}.json?v=${m.v}`);
        p.catch(() => docP.delete(j));
        docP.set(j, p);
      }
      const f = m.facets.filter((x) => x.card).map((x) => valuesOf(x, i).map((v) => x.values[v].label));
      return docP.get(j).then((file) => ({ ...file[i % m.pf], f }));
    });
  }

  /** The text of page `i` for its snippet: {s: [[heading id, title, text]…]}. */
  function page(i) {
    return doc(i).then((card) => {
      if (!pageP.has(card.u)) {
        if (pageP.size >= 50) pageP.delete(pageP.keys().next().value);
        const p = Promise.resolve(getPage(card.u)).then((s) => ({ s }));
        p.catch(() => pageP.delete(card.u));
        pageP.set(card.u, p);
      }
      return pageP.get(card.u);
    });
  }

  /** Parses a query into terms and the chunks they need. */
  function plan(m, q) {
    const toks = [...new Set(words(q))].slice(0, MAX_TERMS);
    const prefixLast = /[\p{Alphabetic}\p{N}]$/u.test(q.normalize('NFC'));
    let terms = toks.map((w) => {
      const f = fold(w);
      return { w, f, stems: [...new Set([fold(stem(w)), stem(f)])], prefix: false };
    });
    if (terms.some((t) => !m.commonSet.has(t.w))) {
      const last = terms[terms.length - 1];
      terms = terms.filter((t) => !m.commonSet.has(t.w));
      if (terms[terms.length - 1] !== last) return { terms, need: need(m, terms) };
    }
    const last = terms[terms.length - 1];
    if (last && prefixLast && cpLen(last.w) >= MIN_PREFIX) last.prefix = true;
    return { terms, need: need(m, terms) };
  }

  function need(m, terms) {
    const ids = new Set();
    for (const t of terms) {
      for (const s of t.stems) ids.add(chunkFor(m, s));
      if (t.prefix) {
        const first = chunkFor(m, t.f);
        ids.add(first);
        for (let c = first + 1; c < m.chunks.length && c <= first + PREFIX_CHUNKS
          && m.chunks[c].startsWith(t.f); c++) ids.add(c);
      }
    }
    return [...ids];
  }

  // The candidates [posting set, level, word] of one term: the words of
  // its stem group(s) (exact, folded or other inflection), the compounds
  // with the stem as a part, and for the last word the words it begins.
  function candidates(m, loaded, t) {
    const out = [];
    const seen = new Set();
    for (const s of t.stems) {
      const g = loaded.get(chunkFor(m, s))?.map.get(s);
      if (!g || seen.has(s)) continue;
      seen.add(s);
      for (const e of g.words) {
        out.push([e.l, e.word === t.w ? 'exact' : e.f === t.f ? 'folded' : 'stem', e.word]);
      }
      if (g.comp.post) out.push([g.comp, 'compound', null]);
    }
    if (t.prefix) {
      const have = new Set(out.map((c) => c[2]));
      const more = [];
      const first = chunkFor(m, t.f);
      for (let c = first; c <= first + PREFIX_CHUNKS; c++) {
        const ch = loaded.get(c);
        if (!ch) break;
        for (let k = bound(ch.keys, t.f, true); k < ch.keys.length; k++) {
          const key = ch.keys[k];
          if (!key.startsWith(t.f)) break;
          for (const e of ch.map.get(key).words) {
            if (e.f.startsWith(t.f) && !have.has(e.word)) more.push([e.l, 'prefix', e.word]);
          }
        }
      }
      more.sort((a, b) => b[0].post.length - a[0].post.length);
      out.push(...more.slice(0, PREFIX_WORDS));
    }
    const order = ['exact', 'folded', 'stem', 'compound', 'prefix'];
    out.sort((a, b) => order.indexOf(a[1]) - order.indexOf(b[1]));
    return out.length || !t.alt ? out : fallback(loaded, t);
  }

  // The words of the loaded chunks `ids` that `keep(entry)` accepts.
  function wordsIn(loaded, ids, keep) {
    const out = [];
    for (const c of ids) {
      const ch = loaded.get(c);
      if (!ch) continue;
      for (const g of ch.map.values()) for (const e of g.words) if (keep(e)) out.push([e, g]);
    }
    return out;
  }

  // The candidates of a word that finds nothing as typed (see `rescue`),
  // tried in turn: the word without an ending the stemmer leaves on, the words
  // within its typo budget (the fewest edits; `t.corrected` is set to the most
  // common of them, for "Showing results for"), the words that begin with it
  // without its ending.
  function fallback(loaded, t) {
    const m = loaded.meta;
    const out = [];
    const seen = new Set();
    for (const [k] of t.alt) {
      const g = loaded.get(chunkFor(m, k))?.map.get(k);
      if (!g || seen.has(k)) continue;
      seen.add(k);
      for (const e of g.words) out.push([e.l, 'ending', e.word]);
    }
    if (out.length) return out;
    const budget = typoBudget(cpLen(t.f));
    if (budget) {
      let fewest = budget + 1;
      let found = [];
      for (const [e, g] of wordsIn(loaded, t.near, () => true)) {
        const d = editDistance(t.f, e.f, Math.min(fewest, budget));
        if (d < fewest) { fewest = d; found = [[e, g]]; } else if (d === fewest && d <= budget) found.push([e, g]);
      }
      if (found.length) {
        found.sort((a, b) => pagesIn(b[0].l.post) - pagesIn(a[0].l.post));
        t.corrected = found[0][0].word;
        // The corrected words with their other inflections (kommuh → kommun,
        // kommunen, kommuner).
        const words = new Set();
        for (const [, g] of found) for (const e of g.words) words.add(e);
        return [...words].map((e) => [e.l, 'typo', e.word]);
      }
    }
    for (const [, f] of t.alt) {
      if (cpLen(f) < 5) continue;
      const near = wordsIn(loaded, [chunkFor(m, f)], (e) => e.f.startsWith(f)).map((x) => x[0]);
      if (near.length) {
        near.sort((a, b) => pagesIn(b.l.post) - pagesIn(a.l.post));
        return near.slice(0, PREFIX_WORDS).map((e) => [e.l, 'near', e.word]);
      }
    }
    return out;
  }

  // Gets ready to rescue the terms that found nothing in `loaded`: their
  // keys without endings (`t.alt`) and the chunks to look for typos in
  // (`t.near`: the word's chunk and its neighbours). Returns the chunks this
  // needs that are not loaded yet.
  function rescue(m, loaded, terms) {
    const more = new Set();
    for (const t of terms) {
      if (candidates(m, loaded, t).length) continue;
      t.alt = endingKeys(t.w);
      const c = chunkFor(m, t.f);
      // A word too short for a typo needs no neighbouring chunks.
      t.near = typoBudget(cpLen(t.f)) ? [...new Set([c - 1, c, c + 1, ...t.stems.map((s) => chunkFor(m, s))])]
        .filter((i) => i >= 0 && i < m.chunks.length) : [];
      for (const [k, f] of t.alt) more.add(chunkFor(m, k)).add(chunkFor(m, f));
      for (const i of t.near) more.add(i);
    }
    return [...more].filter((i) => !loaded.has(i));
  }

  /**
   * Runs a query. `filter` = {facet name: Set of value indices}. Returns the
   * ranked pages (`hits`: `length` and `slice`), facet counts (`counts`, one
   * Map of value index → pages per facet of `meta.facets`), the time taken once the chunks were loaded
   * (`ms`) and, for an engine's first query, the time spent priming the
   * scoring code while they loaded (`primeMs`).
   */
  async function search(q, filter = {}) {
    const m = await meta();
    const { terms, need: ids } = plan(m, q);
    const chunksP = Promise.all(ids.map((i) => chunk(m, i)));
    // The first query on a large site primes the scoring code while its
    // chunks load (on a small one, the query takes less than priming).
    let primeMs = 0;
    if (!primed && m.n >= PRIME_MIN_PAGES) {
      primed = true;
      const p0 = now();
      prime();
      primeMs = now() - p0;
    }
    const chunks = await chunksP;
    let t0 = now();
    const loaded = new Map(ids.map((id, k) => [id, chunks[k]]));
    loaded.meta = m;
    // Words that find nothing are looked up again, in chunks fetched now.
    const extra = rescue(m, loaded, terms);
    if (extra.length) {
      const spent = now() - t0;
      const got = await Promise.all(extra.map((i) => chunk(m, i)));
      extra.forEach((id, k) => loaded.set(id, got[k]));
      ids.push(...extra);
      t0 = now() - spent;
    }
    const byTerm = [];
    for (const t of terms) {
      const cands = candidates(m, loaded, t);
      t.matched = new Set(cands.map((c) => c[2]).filter(Boolean));
      if (!cands.length) continue;
      const df = pagesIn(cands[0][0].post);
      const idf = Math.log(1 + (m.n - df + 0.5) / (df + 0.5));
      byTerm.push([cands.map(([l, level]) => [l, LEVEL[level]]), idf]);
    }
    const { hits, counts: facetCounts } = rank(m, byTerm, filter);
    const ms = now() - t0;
    // The query as it was understood, when a word was taken for a typo.
    const fixes = new Map(terms.filter((t) => t.corrected).map((t) => [t.w, t.corrected]));
    const corrected = fixes.size ? words(q).map((w) => fixes.get(w) || w).join(' ') : null;
    return { terms, hits, counts: facetCounts, meta: m, ms, primeMs, chunks: ids, corrected };
  }

  return { meta, search, doc, page };
}

// -------------------------------------------------------------- snippets --

// The matcher of each query's terms (see `matcher`).
const matchers = new WeakMap();

/**
 * A function giving, for a (lowercase) word, [term index, weight] of the
 * query term it matches best (weight 4 exact or folded, 3 inflection, 2
 * prefix, 1 compound part), or null.
 */
export function matcher(terms) {
  let match = matchers.get(terms);
  if (match) return match;
  // Pages repeat their words: each is stemmed and compared once a query.
  const seen = new Map();
  match = (w) => {
    if (seen.has(w)) return seen.get(w);
    const f = fold(w);
    let best = null;
    terms.forEach((t, i) => {
      let wt = 0;
      if (f === t.f) wt = 4;
      else if (t.stems.includes(fold(stem(w))) || t.stems.includes(stem(f))) wt = 3;
      else if (t.matched?.has(w) || (t.prefix && f.startsWith(t.f))) wt = 2;
      else if (t.stems.some((x) => cpLen(x) >= 3 && f.length > x.length + 2 && f.includes(x))) wt = 1;
      if (wt && (!best || wt > best[1])) best = [i, wt];
    });
    seen.set(w, best);
    return best;
  };
  matchers.set(terms, match);
  return match;
}

const tokenRe = () => new RegExp(WORD.source, 'gu');

// Matched word spans [start, end, term index, weight] of `text`.
function spans(text, match) {
  const out = [];
  const re = tokenRe();
  let m;
  while ((m = re.exec(text))) {
    const hit = match(m[0].normalize('NFC').toLowerCase());
    if (hit) out.push([m.index, m.index + m[0].length, hit[0], hit[1]]);
  }
  return out;
}

const SNIPPET = 200;

// Headings of sections that list sources or references: a result links
// there only when no other section of the page has the query's words.
const SOURCES = /^\s*(käll(a|or)(na)?|referens(er|erna)?|litteratur(lista)?|sources?|references?|bibliography)\b/i;
// What a sources section's score counts for.
const SOURCES_WEIGHT = 0.01;

/**
 * The best snippet of a page's sections ({s: [[id, title, text]…]}) for `terms`: {section: [id, title] or
 * null, text, marks: [[start, end]…], cutStart, cutEnd}.
 */
export function snippet(page, terms) {
  const match = matcher(terms);
  let best = null;
  page.s.forEach((seg, si) => {
    const [id, title, text] = seg;
    if (!text) return;
    const hs = spans(text, match);
    const headHits = title ? spans(title, match).length : 0;
    let score = headHits ? 0.5 : 0;
    let at = 0;
    for (let i = 0; i < hs.length; i++) {
      // The window's score: the best weight of each term in it, then the
      // number of hits.
      const wt = new Map();
      let n = 0;
      for (let j = i; j < hs.length && hs[j][0] < hs[i][0] + SNIPPET - 40; j++) {
        wt.set(hs[j][2], Math.max(wt.get(hs[j][2]) || 0, hs[j][3]));
        n++;
      }
      let sc = Math.min(n, 5) + (headHits ? 0.5 : 0);
      for (const v of wt.values()) sc += v * 10;
      if (sc > score) { score = sc; at = hs[i][0]; }
    }
    if (title && SOURCES.test(title)) score *= SOURCES_WEIGHT;
    if (!best || score > best.score) best = { score, si, id, title, text, at, hs };
  });
  if (!best) return { section: null, text: '', marks: [], cutStart: false, cutEnd: false };
  const { text } = best;
  // Start at the sentence of the first hit when it is near, else a few words before.
  let start = 0;
  if (best.at > 60) {
    const dot = text.lastIndexOf('. ', best.at);
    if (dot >= 0 && best.at - dot <= 90) start = dot + 2;
    else {
      const sp = text.indexOf(' ', best.at - 60);
      start = sp >= 0 && sp < best.at ? sp + 1 : best.at;
    }
  }
  let end = Math.min(text.length, start + SNIPPET);
  if (end < text.length) {
    const sp = text.lastIndexOf(' ', end);
    if (sp > start + SNIPPET / 2) end = sp;
  }
  const marks = best.hs.filter((h) => h[0] >= start && h[1] <= end).map((h) => [h[0] - start, h[1] - start]);
  return {
    section: best.si > 0 && best.id ? [best.id, best.title] : null,
    text: text.slice(start, end),
    marks,
    cutStart: start > 0,
    cutEnd: end < text.length,
  };
}

// ------------------------------------------------------------------- UI --

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v; else e.setAttribute(k, v === true ? '' : v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
}

// Text with <mark> around the given spans.
function marked(text, marks) {
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const [s, e] of marks) {
    if (s < at) continue;
    frag.append(text.slice(at, s), el('mark', null, text.slice(s, e)));
    at = e;
  }
  frag.append(text.slice(at));
  return frag;
}

// Results whose pages are read for their snippets at once; the rest of a
// batch are read when they come near the screen.
const EAGER = 4;

const fill = (s, vars) => (s || '').replace(/\{(\w+)\}/g, (all, k) => (k in vars ? vars[k] : all));

function setup(root) {
  const str = (k) => root.dataset[`str${k}`] || '';
  const form = root.querySelector('form');
  const input = root.querySelector('input[name="q"]');
  const status = root.querySelector('[data-search-status]');
  const facets = root.querySelector('[data-search-facets]');
  // The box the filters are shown in: open on wide screens, a closed
  // disclosure on narrow ones, so that the results come first.
  const filters = root.querySelector('[data-search-filters]') || facets;
  if (filters && 'open' in filters && typeof matchMedia === 'function') {
    filters.open = matchMedia('(min-width: 48em)').matches;
  }
  const list = root.querySelector('#search-results');
  const more = root.querySelector('[data-search-more]');
  const engine = createEngine(new URL(root.dataset.index, document.baseURI).href);
  root.querySelectorAll('[data-search-nojs]').forEach((n) => { n.hidden = true; });
  if (!input || !list) return;

  // The values ticked: facet name → Set of value indices.
  const sel = {};
  let seq = 0;
  let current = null;
  let shown = 0;
  let timer = 0;

  const setState = (s) => { root.dataset.state = s; };

  function followUrl(q) {
    const url = new URL(window.location.href);
    if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
  }

  function renderFacets(r) {
    if (!facets) return;
    const focused = document.activeElement;
    const refocus = focused && facets.contains(focused) ? [focused.name, focused.value] : null;
    facets.textContent = '';
    const group = (name, legend, entries) => {
      if (!entries.length) return;
      const fs = el('fieldset', { class: 'search-facet' }, el('legend', null, legend));
      for (const [value, label, count, checked] of entries) {
        const id = `search-${name}-${value}`;
        fs.append(el('div', { class: 'search-facet-option' },
          el('input', { type: 'checkbox', id, name, value: String(value), checked }),
          el('label', { for: id }, `${label} `, el('span', { class: 'search-facet-count' }, `(${count})`))));
      }
      facets.append(fs);
    };
    r.meta.facets.forEach((f, fi) => {
      const chosen = sel[f.name] || new Set();
      group(f.name, f.label, f.values.map((v, i) => [i, v.label, r.counts[fi].get(i) || 0, chosen.has(i)])
        .filter((e) => e[2] || e[3]));
    });
    filters.hidden = !facets.children.length;
    if (refocus) facets.querySelector(`input[name="${refocus[0]}"][value="${refocus[1]}"]`)?.focus();
  }

  // The list item of result `d`, at once from its card; the snippet and the
  // section are filled in from the page's text when it has come.
  async function renderResult(r, d, my, eager) {
    const page = await engine.doc(d);
    if (my !== seq) return null;
    const match = matcher(r.terms);
    const link = el('a', { href: page.u }, marked(page.t, spans(page.t, match).map((h) => [h[0], h[1]])));
    const metaLine = el('p', { class: 'search-result-meta' });
    // The values of the facets shown on a result's line (type of page, county).
    r.meta.facets.filter((f) => f.card).forEach((f, k) => {
      const labels = page.f[k] || [];
      if (!labels.length) return;
      if (metaLine.childNodes.length) metaLine.append(' · ');
      metaLine.append(el('span', { class: `search-result-facet search-result-${f.name}` }, labels.join(', ')));
    });
    if (page.d) metaLine.append(metaLine.childNodes.length ? ' · ' : '', el('time', { datetime: page.d }, page.d));
    const text = el('p', { class: 'search-result-snippet' });
    const li = el('li', { class: 'search-result' },
      el('h2', { class: 'search-result-title' }, link), metaLine, text);
    const load = () => engine.page(d).then((p) => {
      if (my !== seq) return;
      const sn = snippet(p, r.terms);
      if (sn.section) {
        link.setAttribute('href', `${page.u}#${sn.section[0]}`);
        metaLine.append(' · ', el('span', { class: 'search-result-section' }, `${str('Section')} ${sn.section[1]}`.trim()));
      }
      if (sn.cutStart) text.append('… ');
      text.append(marked(sn.text, sn.marks));
      if (sn.cutEnd) text.append(' …');
    }, () => { text.remove(); });
    // The first results read their pages at once; the others when they come
    // near the screen, so that a query does not fetch pages nobody sees.
    let snippetDone = null;
    if (eager || typeof IntersectionObserver === 'undefined') snippetDone = load();
    else {
      const io = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) { io.disconnect(); load(); }
      }, { rootMargin: '200px 0px' });
      io.observe(li);
    }
    return { li, snippetDone };
  }

  async function showMore(my) {
    const r = current;
    const next = r.hits.slice(shown, shown + 10);
    shown += next.length;
    const items = await Promise.all(next.map((d, k) => renderResult(r, d, my, k < EAGER)));
    if (my !== seq) return [];
    for (const it of items) if (it) list.append(it.li);
    if (more) more.hidden = shown >= r.hits.length;
    return items.filter((it) => it && it.snippetDone).map((it) => it.snippetDone);
  }

  async function run(q) {
    const my = ++seq;
    q = q.trim();
    followUrl(q);
    if (!q) {
      list.textContent = '';
      if (filters) filters.hidden = true;
      if (more) more.hidden = true;
      status.textContent = '';
      setState('idle');
      return;
    }
    setState('loading');
    try {
      const r = await engine.search(q, sel);
      if (my !== seq) return;
      current = r;
      shown = 0;
      list.textContent = '';
      renderFacets(r);
      const snippets = await showMore(my);
      if (my !== seq) return;
      const n = r.hits.length;
      const said = r.corrected && n ? str('Corrected') : n === 0 ? str('None') : n === 1 ? str('One') : str('Many');
      status.textContent = fill(said, { n, q: r.corrected || q, typed: q });
      root.dataset.searchMs = r.ms.toFixed(1);
      if (r.primeMs) root.dataset.searchPrimeMs = r.primeMs.toFixed(1);
      await Promise.allSettled(snippets);
      if (my !== seq) return;
      setState('done');
    } catch (e) {
      if (my !== seq) return;
      status.textContent = str('Error');
      setState('error');
    }
  }

  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 150);
  };
  input.addEventListener('input', later);
  form?.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  facets?.addEventListener('change', (e) => {
    const t = e.target;
    const set = sel[t.name] || (sel[t.name] = new Set());
    const v = Number(t.value);
    if (t.checked) set.add(v); else set.delete(v);
    run(input.value);
  });
  more?.addEventListener('click', () => { if (current) showMore(seq); });

  const q0 = new URLSearchParams(window.location.search).get('q') || '';
  if (q0) input.value = q0;
  setState('idle');
  if (input.value) run(input.value);
}

if (typeof document !== 'undefined') {
  const start = () => document.querySelectorAll('[data-search]').forEach(setup);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
