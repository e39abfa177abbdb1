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
//
// The engine is in ES modules beside this one (search/*.js), loaded by the
// browser as they are: no build step. This module runs the search page and
// exports the engine's functions for tests.

import { createEngine } from './search/engine.js';
import { matcher, spans, snippet } from './search/text.js';

export { words, fold, makeFold, stem, endingKeys, typoBudget, editDistance } from './search/words.js';
export { rank, prime, facet, valuesOf } from './search/rank.js';
export { pageSections, matcher, snippet } from './search/text.js';
export { createEngine } from './search/engine.js';

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
    const match = matcher(r.terms, r.fold);
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
      const sn = snippet(p, r.terms, r.fold);
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
