// The text of result pages: their sections read from the HTML, and the
// snippet of a page for a query, with the words marked.

import { WORD, cpLen, fold as defaultFold, stem } from './words.js';

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
export function fetchSections(url) {
  return fetch(url).then((r) => {
    if (!r.ok) throw new Error(`${r.status} ${url}`);
    return r.text();
  }).then((html) => pageSections(new DOMParser().parseFromString(html.replace(STYLES, ''), 'text/html')));
}

// The matcher of each query's terms (see `matcher`).
const matchers = new WeakMap();

/**
 * A function giving, for a (lowercase) word, [term index, weight] of the
 * query term it matches best (weight 4 exact or folded, 3 inflection, 2
 * prefix, 1 compound part), or null; words are folded with `fold` (the
 * index's, [`makeFold`]).
 */
export function matcher(terms, fold = defaultFold) {
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
export function spans(text, match) {
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
export function snippet(page, terms, fold = defaultFold) {
  const match = matcher(terms, fold);
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
