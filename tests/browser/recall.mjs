#!/usr/bin/env node
// Search quality check: runs every query of a query file through the real
// search page (sok/?q=…) of a built site in headless Chromium and reports
// recall@3: a query passes when one of its expected pages is among the first
// three results (or "top"), and the mean reciprocal rank (MRR) of the first
// expected page among the first ten.
//
//   node tests/quality/recall.mjs --site public --base /some/path/ \
//        [--queries tests/quality/queries.json] [--transfer] [--screenshot out.png]
//
//   --site DIR      the built site folder (its root is served at --base)
//   --base PATH     base path of the site, default "/"
//   --queries FILE  [{"q": "...", "expect": ["/lan/vasterbotten/", ...]}, ...]
//                   or {"queries": [...]}; expected paths are relative to the
//                   base (query string and #fragment are ignored); "top": 1
//                   makes a query pass only with an expected page first (a
//                   whole word that must beat a compound part); a query
//                   with no expected pages is only timed ("DONE" when it
//                   shows results) and does not count in recall@3
//   --transfer      every query in a fresh browser context (cold cache) and
//                   print the gzip size of everything the page fetched for it
//   --screenshot F  save a screenshot of the first query's result page
//
// The site is served on 127.0.0.1 with the header
// Content-Security-Policy: default-src 'self'. Prints "N passed, N failed"
// and exits 1 when recall@3 < 0.9, when fewer than 90 % of the first results
// show a snippet with marked words (read by search.js from the result's page;
// not checked with --transfer) or when nothing could be run.
//
// playwright-core is taken from $BLOMMA_NODE_MODULES, tests/browser/node_modules
// (beside this folder in blomma), /work/main/tests/browser/node_modules or
// /tmp/node_modules, in that order; Chromium from $CHROMIUM or /usr/bin/chromium.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function args() {
  const a = process.argv.slice(2);
  const o = { site: null, base: '/', queries: path.join(here, 'queries.json'), transfer: false, screenshot: null };
  for (let i = 0; i < a.length; i++) {
    const k = a[i];
    if (k === '--transfer') o.transfer = true;
    else if (k === '--site') o.site = a[++i];
    else if (k === '--base') o.base = a[++i];
    else if (k === '--queries') o.queries = a[++i];
    else if (k === '--screenshot') o.screenshot = a[++i];
    else throw new Error(`unknown argument ${k}`);
  }
  if (!o.site) throw new Error('--site DIR is required');
  if (!o.base.startsWith('/')) o.base = `/${o.base}`;
  if (!o.base.endsWith('/')) o.base += '/';
  return o;
}

async function loadPlaywright() {
  const dirs = [
    process.env.BLOMMA_NODE_MODULES,
    path.join(here, '../browser/node_modules'),
    '/work/main/tests/browser/node_modules',
    '/tmp/node_modules',
  ].filter(Boolean);
  for (const d of dirs) {
    const p = path.join(d, 'playwright-core');
    if (fs.existsSync(p)) {
      const req = createRequire(path.join(d, 'noop.js'));
      return import(pathToFileURL(req.resolve('playwright-core')).href);
    }
  }
  return import('playwright-core');
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml',
};

// A static server for `root` at `base` on 127.0.0.1 (GET only, no traversal).
function serve(root, base) {
  const rootReal = fs.realpathSync(root);
  const server = http.createServer((req, res) => {
    const headers = { 'Content-Security-Policy': "default-src 'self'", 'Cache-Control': 'no-cache' };
    const url = new URL(req.url, 'http://127.0.0.1');
    let p;
    try { p = decodeURIComponent(url.pathname); } catch { p = ''; }
    if (req.method !== 'GET' || !p.startsWith(base) || p.includes('\0') || p.split('/').includes('..')) {
      res.writeHead(404, headers).end('not found');
      return;
    }
    let file = path.join(rootReal, p.slice(base.length));
    try {
      if (fs.statSync(file).isDirectory()) {
        if (!p.endsWith('/')) {
          res.writeHead(301, { ...headers, Location: `${url.pathname}/${url.search}` }).end();
          return;
        }
        file = path.join(file, 'index.html');
      }
      if (!fs.realpathSync(file).startsWith(rootReal)) throw new Error('outside');
      const body = fs.readFileSync(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, headers).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

function readQueries(file) {
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  const list = Array.isArray(j) ? j : j.queries;
  if (!Array.isArray(list) || !list.length) throw new Error(`no queries in ${file}`);
  if (j.draft) console.log(`note: ${file} is a draft (${j.note || 'URLs are guesses'})`);
  return list;
}

const norm = (p) => {
  const s = p.replace(/[?#].*$/, '');
  return s.endsWith('/') || /\.[a-z0-9]+$/i.test(s) ? s : `${s}/`;
};

// [largest, median] of some numbers.
function maxMedian(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return [s[s.length - 1], s[s.length >> 1]];
}

async function main() {
  const o = args();
  const queries = readQueries(o.queries);
  const pw = await loadPlaywright();
  const chromium = pw.chromium || pw.default?.chromium;
  const { server, origin } = await serve(o.site, o.base);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  let passed = 0;
  let failed = 0;
  let snippets = 0;
  let timed = 0;
  let reciprocal = 0;
  // [query ms once chunks were loaded, priming ms] of each query.
  const times = [];
  const transfers = [];
  // Without JavaScript the page must say so and link to the A–Ö index.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await nojs.newPage();
    await page.goto(`${origin}${o.base}sok/`);
    const href = await page.$eval('[data-search-nojs] a', (a) => (a.offsetParent ? a.getAttribute('href') : null)).catch(() => null);
    console.log(href === `${o.base}a-o/` ? 'no-JS message: ok' : `no-JS message: MISSING (link ${href})`);
  } finally {
    await nojs.close();
  }
  let context = await browser.newContext();
  try {
    for (const [i, item] of queries.entries()) {
      if (o.transfer && i > 0) {
        await context.close();
        context = await browser.newContext();
      }
      const page = await context.newPage();
      const errors = [];
      const bytes = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        const where = m.location()?.url || '';
        if (m.type() === 'error' && !/favicon/.test(`${m.text()} ${where}`)) errors.push(`${m.text()} ${where}`.trim());
      });
      if (o.transfer) {
        page.on('response', async (r) => {
          try {
            const body = await r.body();
            bytes.push([new URL(r.url()).pathname, body.length, zlib.gzipSync(body).length, r.request().resourceType()]);
          } catch { /* redirects have no body */ }
        });
      }
      const url = `${origin}${o.base}sok/?q=${encodeURIComponent(item.q)}`;
      let top = [];
      let snip = { text: '', marks: 0 };
      let state = '';
      let ms = '';
      let primeMs = '';
      try {
        await page.goto(url, { waitUntil: 'load' });
        await page.waitForSelector('[data-search][data-state="done"], [data-search][data-state="error"]', { timeout: 20000 });
        state = await page.getAttribute('[data-search]', 'data-state');
        ms = await page.getAttribute('[data-search]', 'data-search-ms');
        primeMs = await page.getAttribute('[data-search]', 'data-search-prime-ms');
        top = await page.$$eval('#search-results > li', (lis) => lis.slice(0, 10).map((li) => li.querySelector('a')?.getAttribute('href') || ''));
        // The first result's snippet, read from its page: words from the
        // query are marked in it.
        snip = await page.$eval('#search-results > li .search-result-snippet', (p) => ({
          text: p.textContent.trim(), marks: p.querySelectorAll('mark').length,
        })).catch(() => ({ text: '', marks: 0 }));
      } catch (e) {
        errors.push(String(e).split('\n')[0]);
      }
      const rel = top.map((h) => norm(new URL(h, url).pathname.replace(o.base.replace(/\/$/, ''), '') || '/'));
      const want = item.expect.map(norm);
      const timedOnly = !want.length;
      const at = rel.findIndex((r) => want.includes(r));
      if (!timedOnly && at >= 0) reciprocal += 1 / (at + 1);
      const ok = state === 'done' && (timedOnly || (at >= 0 && at < (item.top || 3)));
      if (!ok) failed++; else if (timedOnly) timed++; else passed++;
      if (ms) times.push([Number(ms), Number(primeMs || 0)]);
      console.log(`${ok ? (timedOnly ? 'DONE' : 'PASS') : 'FAIL'} ${JSON.stringify(item.q)} -> ${rel.slice(0, 3).join(' ') || '(no results)'}${ok ? '' : `  (expected ${want.join(' or ')})`}${ms ? `  [${ms} ms${primeMs ? `, primed in ${primeMs} ms while chunks loaded` : ''}]` : ''}`);
      if (!timedOnly) {
        if (snip.marks) snippets++;
        else console.log(`     no marked snippet in the first result: ${JSON.stringify(snip.text.slice(0, 80))}`);
      }
      for (const e of errors) console.log(`     error: ${e}`);
      if (o.transfer) {
        await page.waitForTimeout(100);
        const data = bytes.filter((b) => b[3] !== 'document');
        const gz = data.reduce((s, b) => s + b[2], 0);
        const html = bytes.filter((b) => b[3] === 'document').reduce((s, b) => s + b[2], 0);
        transfers.push(gz);
        const pages = data.filter((b) => b[3] === 'fetch' && !/\.json$/.test(b[0])).length;
        console.log(`     transfer: ${gz} B gzip in ${data.length} files, ${pages} of them result pages read for snippets (+ ${html} B gzip HTML)`);
        for (const b of data.sort((x, y) => y[2] - x[2]).slice(0, 4)) console.log(`       ${b[2]} B  ${b[0]}`);
      }
      if (i === 0 && o.screenshot) await page.screenshot({ path: o.screenshot, fullPage: true });
      await page.close();
    }
  } finally {
    await context.close().catch(() => {});
    await browser.close();
    server.close();
  }
  // Only timed queries, all shown: nothing to grade, nothing failed.
  const recall = passed + failed ? passed / (passed + failed) : Number(timed > 0);
  console.log(`recall@3 = ${recall.toFixed(3)} (${passed}/${passed + failed})`);
  console.log(`MRR = ${(reciprocal / Math.max(1, passed + failed)).toFixed(3)}`);
  const withSnippet = snippets / Math.max(1, passed + failed);
  console.log(`first results with a marked snippet: ${snippets}/${passed + failed}`);
  if (times.length) {
    const [q, qMedian] = maxMedian(times.map((t) => t[0]));
    const [p] = maxMedian(times.map((t) => t[1]));
    console.log(`query time once chunks were loaded: max ${q} ms, median ${qMedian} ms; priming (first query of a page, while chunks load): max ${p} ms`);
  }
  if (transfers.length) {
    const [max, median] = maxMedian(transfers);
    console.log(`first-query transfer: max ${max} B gzip, median ${median} B gzip`);
  }
  console.log(`${passed} passed, ${failed} failed${timed ? `, ${timed} only timed` : ''}`);
  process.exitCode = recall < 0.9 || (!o.transfer && withSnippet < 0.9) ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
