// Unit tests of the search engine of static/search.js, run by Node without a
// browser against a site written by `cargo run --example site`:
//
//   cargo run --example site -- /tmp/blomma-site /some/path/
//   BLOMMA_SITE=/tmp/blomma-site node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, access } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, words, fold, makeFold, stem, snippet, rank, facet, prime } from '../../themes/default/static/search.js';

const here = dirname(fileURLToPath(import.meta.url));
const site = process.env.BLOMMA_SITE || '/tmp/blomma-site';
const hasSite = await access(join(site, 'sok/index/meta.json')).then(() => true, () => false);

const fileFetch = (url) => readFile(join(site, url.replace(/\?.*$/, ''))).then((b) => JSON.parse(b));
const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
// The sections of a page written by the example (h1, intro paragraph, then
// h2 with id and a paragraph each); in a browser search.js reads them with
// DOMParser (pageSections, tested in Chromium by tests/browser/recall.mjs).
const pageFetch = async (url) => {
  const html = await readFile(join(site, url.replace(/^\/some\/path\//, ''), 'index.html'), 'utf8');
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  const out = [['', '', unescape(/<\/h1>\s*<p>([^]*?)<\/p>/.exec(main)?.[1] || '')]];
  for (const m of main.matchAll(/<h2 id="([^"]*)">([^]*?)<\/h2>\s*<p>([^]*?)<\/p>/g)) {
    out.push([m[1], unescape(m[2]), unescape(m[3])]);
  }
  return out;
};
const engine = () => createEngine('sok/index/', fileFetch, pageFetch);

async function urls(q, filter) {
  const e = engine();
  const r = await e.search(q, filter);
  const out = [];
  for (const d of r.hits.slice(0, 5)) out.push((await e.doc(d)).u.replace('/some/path', ''));
  return { out, r };
}

test('words split and lowercase like the index builder', () => {
  assert.deepEqual(words('Hälso- och sjukvård, 2023! Va\u0308rmland'), ['hälso', 'och', 'sjukvård', '2023', 'värmland']);
});

test('fold', () => {
  assert.equal(fold('värmland'), 'varmland');
  assert.equal(fold('får'), 'far');
  assert.equal(fold('café'), 'cafe');
});

test('an index folds its own way without changing how other engines fold', async () => {
  // The index's folding table was module state set by loading meta.json: one
  // engine's table changed every other engine's words.
  const meta = { format: 4, v: '0', n: 0, chunks: [''], fold: { ß: 'ss' }, facets: [], common: [], pf: 32 };
  const e = createEngine('x/', async (url) => (url.includes('meta.json') ? meta : { g: [] }));
  const r = await e.search('straße');
  assert.equal(r.fold('straße'), 'strasse');
  assert.equal(r.terms[0].f, 'strasse');
  assert.equal(fold('straße'), 'straße', 'the module has no table of its own');
  assert.equal(makeFold({ ß: 'sz' })('straße'), 'strasze');
});

test('stem agrees with rust-stemmers on the fixture', async () => {
  const fx = JSON.parse(await readFile(join(here, 'fixtures/words.json')));
  let bad = [];
  for (const [w, s] of fx.stems) if (stem(w) !== s) bad.push([w, s, stem(w)]);
  assert.deepEqual(bad.slice(0, 10), []);
  bad = [];
  for (const [w, f] of fx.folds) if (fold(w) !== f) bad.push([w, f, fold(w)]);
  assert.deepEqual(bad.slice(0, 10), []);
  assert.ok(fx.stems.length > 1000);
});

test('search semantics', { skip: !hasSite && 'no site (run cargo run --example site)' }, async (t) => {
  await t.test('stem: levnadsvana finds Levnadsvanor', async () => {
    const { out } = await urls('levnadsvana');
    assert.equal(out[0], '/malomraden/levnadsvanor/');
  });
  await t.test('folded: varmland finds Värmland', async () => {
    const { out } = await urls('varmland');
    assert.equal(out[0], '/lan/varmland/');
  });
  await t.test('exact before folded: får before far', async () => {
    let { out } = await urls('får ');
    assert.equal(out[0], '/om/djur/');
    ({ out } = await urls('far '));
    assert.equal(out[0], '/om/pappa/');
  });
  await t.test('compound: problem finds spelproblem', async () => {
    const { out } = await urls('problem ');
    assert.ok(out.includes('/forum/dialogforum-2023/spelprevention/'), out.join());
  });
  await t.test('prefix: västerbott', async () => {
    const { out } = await urls('västerbott');
    assert.equal(out[0], '/lan/vasterbotten/');
  });
  await t.test('typo: a word one or two edits off finds the page and says so', async () => {
    let { out, r } = await urls('lanstyrelsen');
    assert.equal(out[0], '/aktorer/lansstyrelsen/');
    assert.equal(r.corrected, 'länsstyrelsen');
    // Two edits (a swap and a lost letter) in a word of 9 letters or more.
    ({ out, r } = await urls('folkhälsomyndigheetn'));
    assert.equal(out[0], '/aktorer/folkhalsomyndigheten/');
    assert.equal(r.corrected, 'folkhälsomyndigheten');
  });
  await t.test('typo: a word found as typed is never corrected', async () => {
    const { r } = await urls('levnadsvanor');
    assert.equal(r.corrected, null);
  });
  await t.test('endings the stemmer leaves on: närmiljön, boendet', async () => {
    for (const q of ['närmiljön', 'boendet']) {
      const { out, r } = await urls(q);
      assert.equal(out[0], '/malomraden/boende-och-narmiljo/', q);
      assert.equal(r.corrected, null, q);
    }
  });
  await t.test('text every county page shares weighs little: the county that is writing a declaration comes first', async () => {
    // Twelve county pages say only "Webbplatsen har inga uppgifter om huruvida länet
    // har en avsiktsförklaring"; short as they are, they outweighed Värmland's longer
    // text about the declaration it is writing.
    const e = engine();
    const r = await e.search('avsiktsförklaring');
    const all = [];
    for (const d of r.hits.slice(0, r.hits.length)) all.push((await e.doc(d)).u.replace('/some/path', ''));
    assert.equal(all[0], '/lan/vasterbotten/avsiktsforklaring/');
    const shared = ['/lan/uppsala/', '/lan/gotland/', '/lan/dalarna/'].map((u) => all.indexOf(u));
    // Still found, but below the page that is about a declaration.
    assert.ok(shared.every((i) => i > all.indexOf('/lan/varmland/')), all.join(' '));
  });
  await t.test('facets count and filter', async () => {
    const { r } = await urls('västerbotten');
    const m = r.meta;
    const kind = m.facets.findIndex((f) => f.name === 'kind');
    assert.equal(m.facets[kind].label, 'Typ av sida', 'the legend comes from the UI strings');
    const lan = m.facets[kind].values.findIndex((v) => v.label === 'Län');
    assert.ok(r.counts[kind].get(lan) >= 1);
    const { out } = await urls('västerbotten', { kind: new Set([lan]) });
    assert.deepEqual(out, ['/lan/vasterbotten/']);
  });
  await t.test('snippet marks words and points into a section', async () => {
    const e = engine();
    const r = await e.search('prioritera levnadsvanor');
    const page = await e.page(r.hits.slice(0, 1)[0]);
    const s = snippet(page, r.terms);
    assert.deepEqual(s.section, ['atagande', 'Åtaganden']);
    assert.ok(s.marks.length >= 1);
  });
});

// ------------------------------------------------------------- ranking --

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
// Numbers as the index writes them: base 32, leading digits 32–63.
const encode = (nums) => nums.map((v) => {
  let out = ALPHABET[v % 32];
  for (let r = Math.floor(v / 32); r > 0; r = Math.floor(r / 32)) out = ALPHABET[32 + (r % 32)] + out;
  return out;
}).join('');
const gaps = (pages) => pages.map((p, i) => p - (i ? pages[i - 1] : -1) - 1);

// A small deterministic random generator (mulberry32).
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A random posting list over `n` pages with about `share` of them: pages
// with levels 1–15, some in the title, some in a heading.
function randomList(rnd, n, share) {
  const postings = [];
  for (let p = 0; p < n; p++) {
    if (rnd() < share) postings.push({ p, lv: 1 + Math.floor(rnd() * 15), t: rnd() < 0.1, h: rnd() < 0.3 });
  }
  const pages = postings.map((x) => x.p);
  return {
    postings,
    list: {
      post: encode(gaps(pages).map((g, i) => (g << 4) | postings[i].lv)),
      title: encode(gaps(postings.filter((x) => x.t).map((x) => x.p))),
      head: encode(gaps(postings.filter((x) => x.h).map((x) => x.p))),
    },
  };
}

// The ranking as the search page documents it, computed the plain way: a
// page's score for a word is the best of the word's lists, idf · (level +
// ¼ · (tf level · 2.2/15 + 10 in the title + 6 in a heading)) in units of
// 2^-16, the title and heading bonus × 0.07 for a compound part (level 1.3);
// pages with more words first, then by score, then in page order. `facets`:
// [name, values of each page (arrays)]; a page passes a facet with values
// selected when it has one of them, and counts for its values of a facet
// when it passes all the others.
function reference(n, facets, terms, filter) {
  const total = new Array(n).fill(0);
  const cover = new Array(n).fill(0);
  for (const [lists, idf] of terms) {
    const best = new Map();
    for (const [{ postings }, level] of lists) {
      for (const x of postings) {
        const part = level === 1.3 ? 0.07 : 1;
        const v = Math.round(65536 * idf * (level + 0.25 * (x.lv * (2.2 / 15) + part * ((x.t ? 10 : 0) + (x.h ? 6 : 0)))));
        best.set(x.p, Math.max(best.get(x.p) ?? -1, v));
      }
    }
    for (const [p, v] of best) { total[p] += v; cover[p]++; }
  }
  const ok = ([name, of], p) => !filter[name]?.size || of[p].some((v) => filter[name].has(v));
  const counts = facets.map(() => new Map());
  const hits = [];
  for (let p = 0; p < n; p++) {
    if (!cover[p]) continue;
    facets.forEach((f, i) => {
      if (!facets.every((g, j) => j === i || ok(g, p))) return;
      for (const v of new Set(f[1][p])) counts[i].set(v, (counts[i].get(v) || 0) + 1);
    });
    if (facets.every((f) => ok(f, p))) hits.push(p);
  }
  hits.sort((a, b) => cover[b] - cover[a] || total[b] - total[a] || a - b);
  return { hits, counts };
}

// A facet as meta.json has it, from the values of each page.
function metaFacet(name, of, nValues) {
  const values = Array.from({ length: nValues }, (_, v) => [`${name} ${v}`, []]);
  of.forEach((vs, p) => { for (const v of new Set(vs)) values[v][1].push(p); });
  return { name, label: name, values: values.map(([label, pages]) => [label, encode(gaps(pages))]) };
}

const sorted = (map) => [...map].sort((a, b) => a[0] - b[0]);

test('ranking: more words, then score, then page order; facets and filters', () => {
  // Large sites prime the scoring code before their first query (made-up
  // lists); that must run, and change nothing that follows.
  prime();
  const rnd = random(7);
  // Few and many pages found (two ways of sorting); few and many values.
  for (const [n, share, nKinds] of [[300, 0.02, 6], [3000, 0.5, 6], [2000, 0.3, 70]]) {
    // One value a page; none or one; none to three (target areas).
    const kindOf = Array.from({ length: n }, () => [Math.floor(rnd() * nKinds)]);
    const countyOf = Array.from({ length: n }, () => (rnd() < 0.3 ? [] : [Math.floor(rnd() * 21)]));
    const areasOf = Array.from({ length: n }, () => Array.from({ length: Math.floor(rnd() * 4) }, () => Math.floor(rnd() * 8)));
    const plain = [['kind', kindOf], ['county', countyOf], ['area', areasOf]];
    const m = { n, facets: plain.map(([name, of], i) => facet(metaFacet(name, of, [nKinds, 21, 8][i]), n)) };
    // Three words: one list; an exact list and a lower-level list that
    // betters some pages with its titles; three lists.
    const terms = [
      [[[randomList(rnd, n, share), 4]], 1.7],
      [[[randomList(rnd, n, share), 4], [randomList(rnd, n, share * 2), 1]], 0.6],
      [[[randomList(rnd, n, share / 2), 3], [randomList(rnd, n, share), 2], [randomList(rnd, n, share), 1.3]], 2.4],
    ];
    const asLists = terms.map(([lists, idf]) => [lists.map(([x, level]) => [x.list, level]), idf]);
    for (const filter of [{}, { kind: new Set([1, 2]) }, { county: new Set([0, 5, 9]) },
      { kind: new Set([0, 3, 65]), county: new Set([1, 2, 3, 4, 5, 6, 7, 8]) },
      { area: new Set([2, 5]), county: new Set([3]) }, { kind: new Set([1]), county: new Set([2]), area: new Set([0]) }]) {
      const want = reference(n, plain, terms, filter);
      const got = rank(m, asLists, filter);
      const label = `${n} pages, filter ${JSON.stringify(filter, (k, v) => (v instanceof Set ? [...v] : v))}`;
      assert.equal(got.hits.length, want.hits.length, label);
      assert.deepEqual(got.hits.slice(0, got.hits.length), want.hits, label);
      assert.deepEqual(got.hits.slice(5, 15), want.hits.slice(5, 15), label);
      got.counts.forEach((c, i) => assert.deepEqual(sorted(c), sorted(want.counts[i]), `${label}, ${plain[i][0]}`));
    }
  }
});

test('a whole word anywhere ranks above the word as a compound part, even in a title', () => {
  // Page 0 has "östergötland" in its title (the query "gotland" as a compound
  // part, level 1.3); page 1 has "gotlands" once in its text (another
  // inflection, level 3) and page 2 "gotland" itself (level 4).
  const m = { n: 3, facets: [] };
  const part = { post: encode(gaps([0]).map((g) => (g << 4) | 15)), title: encode(gaps([0])), head: '' };
  const inflected = { post: encode(gaps([1]).map((g) => (g << 4) | 1)), title: '', head: '' };
  const exact = { post: encode(gaps([2]).map((g) => (g << 4) | 1)), title: '', head: '' };
  const got = rank(m, [[[[exact, 4], [inflected, 3], [part, 1.3]], 1]]);
  assert.deepEqual(got.hits.slice(0, 3), [2, 1, 0]);
});

test('a result links to its sources section only when no other section matches', () => {
  const terms = [{ w: 'västerbottensmodellen', f: 'vasterbottensmodellen', stems: ['vasterbottensmodell'], prefix: false }];
  const page = { s: [
    ['', '', 'Länet har ett långt samarbete.'],
    ['modellen', 'Hur det började', 'Västerbottensmodellen växte fram i länet.'],
    ['kallor', 'Källor', 'Västerbottensmodellen, rapport. Om Västerbottensmodellen. Västerbottensmodellen 2020.'],
  ] };
  assert.deepEqual(snippet(page, terms).section, ['modellen', 'Hur det började']);
  page.s[1][2] = 'Ett pilotprojekt i länet.';
  assert.deepEqual(snippet(page, terms).section, ['kallor', 'Källor']);
});
