// blomma site search: a dependency-free ES module for the static index that
// blomma writes (src/search, format 3). No WebAssembly, no eval, no inline
// code: it runs under the CSP `default-src 'self'`.
//
// Markup (templates/search.html): an element [data-search] whose
// data-index is the URL of the index folder (ending in "/") and whose
// data-str-* attributes hold the interface strings; inside it a form with
// input[name=q], [data-search-nojs] (hidden here), [data-search-status]
// (aria-live), [data-search-facets], ol#search-results and
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

const DIGIT = new Int8Array(128).fill(-1);
'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_'
  .split('').forEach((ch, i) => { DIGIT[ch.charCodeAt(0)] = i; });

/** Decodes a number list of the index (base 32, continuation digits 32–63). */
export function decodeNums(s) {
  const out = [];
  let acc = 0;
  for (let i = 0; i < (s || '').length; i++) {
    const d = DIGIT[s.charCodeAt(i)];
    if (d >= 32) acc = acc * 32 + d - 32;
    else { out.push(acc * 32 + d); acc = 0; }
  }
  return out;
}

// Decodes a gap-coded list straight into typed arrays (one pass, no
// intermediate array): the pages, and with `levels` the level (low 4 bits)
// of each.
function decodeList(s, levels) {
  const str = s || '';
  const docs = new Int32Array(str.length);
  const lv = levels ? new Uint8Array(str.length) : null;
  let n = 0;
  let acc = 0;
  let prev = -1;
  for (let i = 0; i < str.length; i++) {
    const d = DIGIT[str.charCodeAt(i)];
    if (d >= 32) { acc = acc * 32 + d - 32; continue; }
    const v = acc * 32 + d;
    acc = 0;
    if (levels) { prev += (v >>> 4) + 1; lv[n] = v & 15; } else prev += v + 1;
    docs[n++] = prev;
  }
  return { docs: docs.subarray(0, n), lv: lv ? lv.subarray(0, n) : null };
}

// A posting set of an entry: pages, their levels, title and heading pages.
function lists(post, title, head) {
  let cache = null;
  return {
    size: (post || '').length,
    get() {
      if (!cache) {
        const p = decodeList(post, true);
        cache = { docs: p.docs, lv: p.lv,
          title: decodeList(title, false).docs,
          head: decodeList(head, false).docs };
      }
      return cache;
    },
  };
}

// --------------------------------------------------------------- ranking --

const LEVEL = { exact: 4, folded: 3, stem: 2, compound: 1.3, prefix: 1 };
const TF_MAX = 2.2; // k1 + 1
// A word in the title outweighs one level of spelling (a title matched without
// å/ä/ö beats a body that has the exact letters), so "vasterbotten" finds the
// county before a page that quotes the slug; exact still wins between equals.
const TITLE_BONUS = 10;
const HEADING_BONUS = 0.8;
// The bonus by mark (1 title, 2 heading, 3 both).
const BONUS = [0, TITLE_BONUS, HEADING_BONUS, TITLE_BONUS + HEADING_BONUS];
const MIN_PREFIX = 3;
const PREFIX_CHUNKS = 2;
const PREFIX_WORDS = 30;

const codePointCmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

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

// Pages with more query words first, then by score, then in page order;
// `found` is in page order. Sorts by cover with a counting pass and, within
// a cover, a native numeric sort of keys "score bits · 2^22 + (2^22 − 1 −
// page)": a positive float's bits order as the float, so the keys order as
// (score, −page) and are exact in a double (31 + 22 bits).
function rank(found, cover, total, maxCover) {
  const n = found.length;
  if (total.length > 1 << 22) {
    return Array.from(found).sort((a, b) => cover[b] - cover[a] || total[b] - total[a] || a - b);
  }
  const bits = new Uint32Array(total.buffer, total.byteOffset, total.length);
  const perCover = new Uint32Array(maxCover + 1);
  for (let i = 0; i < n; i++) perCover[cover[found[i]]]++;
  const hits = new Array(n);
  let at = 0;
  const keys = new Float64Array(n);
  const LOW = 1 << 22;
  // Keys are integers below 2^53, so the score's bits and the page are
  // both exact; `% LOW` reads the page part back.
  for (let c = maxCover; c > 0; c--) {
    if (!perCover[c]) continue;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const d = found[i];
      if (cover[d] === c) keys[k++] = bits[d] * LOW + (LOW - 1 - d);
    }
    const part = keys.subarray(0, k).sort();
    for (let i = k - 1; i >= 0; i--) hits[at++] = LOW - 1 - (part[i] % LOW);
  }
  return hits;
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

  function meta() {
    if (!metaP) {
      metaP = get(`${base}meta.json`, { cache: 'no-cache' }).then((m) => {
        if (m.format !== 3) throw new Error('index format');
        FOLD = m.fold || {};
        const codes = (s, n) => {
          const w = n > 0 && s.length >= 2 * n ? 2 : 1;
          const out = new Uint16Array(n);
          for (let i = 0; i < n; i++) {
            out[i] = w === 2 ? DIGIT[s.charCodeAt(2 * i)] * 64 + DIGIT[s.charCodeAt(2 * i + 1)]
              : DIGIT[s.charCodeAt(i)];
          }
          return out;
        };
        m.kindOf = codes(m.dk, m.n);
        m.countyOf = codes(m.dc, m.n);
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
   * t: title, d: date or undefined, k: kind index, c: county code}.
   */
  function doc(i) {
    return meta().then((m) => {
      const j = Math.floor(i / m.pf);
      if (!docP.has(j)) {
        const p = get(`${base}d/${j}.json?v=${m.v}`);
        p.catch(() => docP.delete(j));
        docP.set(j, p);
      }
      return docP.get(j).then((file) => ({ ...file[i % m.pf], k: m.kindOf[i], c: m.countyOf[i] }));
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
    const toks = [...new Set(words(q))];
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
      if (g.comp.size) out.push([g.comp, 'compound', null]);
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
      more.sort((a, b) => b[0].size - a[0].size);
      out.push(...more.slice(0, PREFIX_WORDS));
    }
    const order = ['exact', 'folded', 'stem', 'compound', 'prefix'];
    out.sort((a, b) => order.indexOf(a[1]) - order.indexOf(b[1]));
    return out;
  }

  /**
   * Runs a query. `filter` = {kinds: Set of kind indices, counties: Set of
   * county codes (0 = none)}. Returns the ranked pages and facet counts.
   */
  async function search(q, filter = {}) {
    const m = await meta();
    const { terms, need: ids } = plan(m, q);
    const chunks = await Promise.all(ids.map((i) => chunk(m, i)));
    const t0 = (typeof performance !== 'undefined' ? performance : Date).now();
    const loaded = new Map(ids.map((id, k) => [id, chunks[k]]));
    const N = m.n;
    const total = new Float32Array(N);
    const cover = new Uint8Array(N);
    const best = new Float32Array(N);
    // Per page: 1 in the title, 2 in a heading (of the list being scored).
    const mark = new Uint8Array(N);
    let maxCover = 0;
    for (const t of terms) {
      const cands = candidates(m, loaded, t);
      t.matched = new Set(cands.map((c) => c[2]).filter(Boolean));
      if (!cands.length) continue;
      maxCover++;
      const df = cands[0][0].get().docs.length;
      const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
      best.fill(0);
      for (const [l, level] of cands) {
        const { docs, lv, title, head } = l.get();
        for (let i = 0; i < title.length; i++) mark[title[i]] |= 1;
        for (let i = 0; i < head.length; i++) mark[head[i]] |= 2;
        const base = LEVEL[level];
        for (let i = 0; i < docs.length; i++) {
          const d = docs[i];
          const v = idf * (base + 0.25 * (lv[i] * (TF_MAX / 15) + BONUS[mark[d]]));
          if (v > best[d]) best[d] = v;
        }
        for (let i = 0; i < title.length; i++) mark[title[i]] = 0;
        for (let i = 0; i < head.length; i++) mark[head[i]] = 0;
      }
      for (let d = 0; d < N; d++) {
        if (best[d] > 0) { total[d] += best[d]; cover[d]++; }
      }
    }
    // Facet counts and the hits, in page order.
    const nKinds = m.kinds.length;
    const nCounties = m.counties.length + 1;
    const kinds = filter.kinds || new Set();
    const counties = filter.counties || new Set();
    const okKind = new Uint8Array(nKinds).fill(kinds.size ? 0 : 1);
    for (const k of kinds) if (k < nKinds) okKind[k] = 1;
    const okCounty = new Uint8Array(nCounties).fill(counties.size ? 0 : 1);
    for (const c of counties) if (c < nCounties) okCounty[c] = 1;
    const kindN = new Uint32Array(nKinds);
    const countyN = new Uint32Array(nCounties);
    const found = new Int32Array(N);
    let nFound = 0;
    for (let d = 0; d < N; d++) {
      if (!cover[d]) continue;
      const k = m.kindOf[d];
      const c = m.countyOf[d];
      const okK = okKind[k] === 1;
      const okC = okCounty[c] === 1;
      if (okC) kindN[k]++;
      if (okK) countyN[c]++;
      if (okK && okC) found[nFound++] = d;
    }
    const kindCount = new Map();
    const countyCount = new Map();
    kindN.forEach((n, k) => { if (n) kindCount.set(k, n); });
    countyN.forEach((n, c) => { if (n) countyCount.set(c, n); });
    const hits = rank(found.subarray(0, nFound), cover, total, maxCover);
    const ms = (typeof performance !== 'undefined' ? performance : Date).now() - t0;
    return { terms, hits, kindCount, countyCount, meta: m, ms, chunks: ids };
  }

  return { meta, search, doc, page };
}

// -------------------------------------------------------------- snippets --

/**
 * A function giving, for a (lowercase) word, [term index, weight] of the
 * query term it matches best (weight 4 exact or folded, 3 inflection, 2
 * prefix, 1 compound part), or null.
 */
export function matcher(terms) {
  return (w) => {
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
    return best;
  };
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
  const list = root.querySelector('#search-results');
  const more = root.querySelector('[data-search-more]');
  const engine = createEngine(new URL(root.dataset.index, document.baseURI).href);
  root.querySelectorAll('[data-search-nojs]').forEach((n) => { n.hidden = true; });
  if (!input || !list) return;

  const sel = { kinds: new Set(), counties: new Set() };
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
    const m = r.meta;
    group('kind', str('FilterKind'), m.kinds.map((k, i) => [i, k[1], r.kindCount.get(i) || 0, sel.kinds.has(i)])
      .filter((e) => e[2] || e[3]));
    group('county', str('FilterCounty'), m.counties.map((c, i) => [i + 1, c, r.countyCount.get(i + 1) || 0, sel.counties.has(i + 1)])
      .filter((e) => e[2] || e[3]));
    facets.hidden = !facets.children.length;
    if (refocus) facets.querySelector(`input[name="${refocus[0]}"][value="${refocus[1]}"]`)?.focus();
  }

  // The list item of result `d`, at once from its card; the snippet and the
  // section are filled in from the page's text when it has come.
  async function renderResult(r, d, my, eager) {
    const page = await engine.doc(d);
    if (my !== seq) return null;
    const m = r.meta;
    const match = matcher(r.terms);
    const link = el('a', { href: page.u }, marked(page.t, spans(page.t, match).map((h) => [h[0], h[1]])));
    const metaLine = el('p', { class: 'search-result-meta' },
      el('span', { class: 'search-result-kind' }, m.kinds[page.k]?.[1] || ''));
    if (page.c) metaLine.append(' · ', el('span', { class: 'search-result-county' }, m.counties[page.c - 1]));
    if (page.d) metaLine.append(' · ', el('time', { datetime: page.d }, page.d));
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
      if (facets) facets.hidden = true;
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
      status.textContent = fill(n === 0 ? str('None') : n === 1 ? str('One') : str('Many'), { n, q });
      root.dataset.searchMs = r.ms.toFixed(1);
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
    const set = t.name === 'kind' ? sel.kinds : sel.counties;
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
