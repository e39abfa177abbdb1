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
import { createEngine, words, fold, stem, snippet } from '../../themes/default/static/search.js';

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
  await t.test('facets count and filter', async () => {
    const { r } = await urls('västerbotten');
    const m = r.meta;
    const lan = m.kinds.findIndex((k) => k[0] === 'lan');
    assert.ok(r.kindCount.get(lan) >= 1);
    const { out } = await urls('västerbotten', { kinds: new Set([lan]), counties: new Set() });
    assert.deepEqual(out, ['/lan/vasterbotten/']);
  });
  await t.test('snippet marks words and points into a section', async () => {
    const e = engine();
    const r = await e.search('prioritera levnadsvanor');
    const page = await e.page(r.hits[0]);
    const s = snippet(page, r.terms);
    assert.deepEqual(s.section, ['atagande', 'Åtaganden']);
    assert.ok(s.marks.length >= 1);
  });
});
