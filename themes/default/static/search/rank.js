// Ranking and facets over blomma's index (format 4): posting lists decoded
// while they are scored, sort keys per page, facet filters and counts. No
// state between calls.

export const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
export const DIGIT = new Int8Array(128).fill(-1);
ALPHABET.split('').forEach((ch, i) => { DIGIT[ch.charCodeAt(0)] = i; });


// Decodes a gap-coded page list (no levels; numbers in base 32, leading
// digits 32–63) into an Int32Array, with -1 after the last page (so a reader
// can look one past the end).
export function decodeGaps(s) {
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
export const pagesIn = (s) => s.replace(/[^0-9A-V]/g, '').length;

// A posting set of an entry, as the index writes it: the pages with their
// levels, and the pages whose title (headings) hold the word. Decoded while
// scoring, in one pass.
export const lists = (post, title, head) => ({ post: post || '', title: title || '', head: head || '' });

// `ending`: an inflection the stemmer leaves on (närmiljön, boendet), found by
// taking a definite or plural ending off; `typo`: a word within a small edit
// distance; `near`: a word that begins with the query word stripped of its
// ending. These three are tried only for a query word that finds nothing else.
export const LEVEL = { exact: 4, folded: 3.5, stem: 3, ending: 2.5, compound: 1.3, prefix: 1, typo: 1, near: 0.9 };
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

// Scores are integers in units of 2^-FRACTION (coarser only on a site too
// large for the sort keys to hold that much): the scoring loops work on small
// integers, which a cold JavaScript engine handles without allocating, and
// sums are exact. A term adds at most idf · 7.25 < TERM_MAX (idf < 20.2 below
// 2^30 pages).
const FRACTION = 16;
const TERM_MAX = 150;
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
export const PRIME_MIN_PAGES = 2000;

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
