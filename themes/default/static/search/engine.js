// The search engine on an index folder: loads meta.json, the term chunks
// and the cards a query needs, plans a query (words, stems, prefix), finds
// candidates with their fallbacks and ranks them (rank.js). All state lives
// in the engine that createEngine returns.

import { words, makeFold, stem, cpLen, endingKeys, typoBudget, editDistance } from './words.js';
import { pagesIn, lists, LEVEL, rank, prime, facet, valuesOf, PRIME_MIN_PAGES } from './rank.js';
import { fetchSections } from './text.js';

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

// Distinct query words used at most (the rest of a pasted paragraph is left
// out), so that a page's sum and word count fit its sort key.
const MAX_TERMS = 64;

const now = () => (typeof performance !== 'undefined' ? performance : Date).now();

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
        // The index's folding, for this engine's words (`fold` of a result).
        m.foldWord = makeFold(m.fold || {});
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
            words: g[1].map((e) => ({ word: e[0], f: m.foldWord(e[0]), l: lists(e[1], e[2], e[3]) })),
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
      const f = m.foldWord(w);
      return { w, f, stems: [...new Set([m.foldWord(stem(w)), stem(f)])], prefix: false };
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
      t.alt = endingKeys(t.w, m.foldWord);
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
   * Map of value index → pages per facet of `meta.facets`), the index's
   * folding (`fold`, for `matcher` and `snippet`), the time taken once the
   * chunks were loaded (`ms`) and, for an engine's first query, the time
   * spent priming the scoring code while they loaded (`primeMs`).
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
    return { terms, hits, counts: facetCounts, meta: m, fold: m.foldWord, ms, primeMs, chunks: ids, corrected };
  }

  return { meta, search, doc, page };
}
