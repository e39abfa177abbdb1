// What V8 does with the search engine's code during a query on the real search
// page, in headless Chromium: each query runs in a fresh browser context (as a
// reader meets the page) with V8's --trace-opt and --trace-deopt, and prints the
// engine's time once the chunks were loaded, the priming time, and the functions
// of search.js that were compiled by an optimizing compiler or thrown away
// ("deopt") while the page ran:
//
//   bash tests/browser/setup.sh     # once: Chromium and playwright-core
//   node benches/query_jit.mjs OUTPUT_DIR "query one" "query two" …
//
// A deopt in `scoreList`, `ranked` or `decodeGaps` during a query means the
// engine met a path its priming did not show it (see `prime` in search.js),
// and usually costs milliseconds.
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../tests/browser/serve.mjs';

// Chromium's output (where V8's traces go) reaches us through Playwright's
// debug log of the browser process, which is written to stderr.
process.env.DEBUG = 'pw:browser';
let lines = [];
const write = process.stderr.write.bind(process.stderr);
process.stderr.write = (chunk, ...rest) => {
  const text = String(chunk);
  if (text.includes('pw:browser')) {
    lines.push(...text.split('\n'));
    return true;
  }
  return write(chunk, ...rest);
};
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '../tests/browser/package.json'));
const { chromium } = require('playwright-core');
const [site, ...queries] = process.argv.slice(2);
if (!site || !queries.length) {
  console.error('usage: node benches/query_jit.mjs OUTPUT_DIR QUERY…');
  process.exit(2);
}
// The engine's functions (those of search.js that run per query).
const OURS = /<JSFunction (scoreList|ranked|rank|decodeGaps|scores|facet|prime|candidates|search|pagesIn)\b/;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--js-flags=--trace-opt --trace-deopt'],
});
const server = await serve(site, { basePath: '/' });
for (const q of queries) {
  lines = [];
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}sok/?q=${encodeURIComponent(q)}`);
  await page.waitForSelector('[data-search][data-state="done"], [data-search][data-state="error"]', { timeout: 20000 });
  const ms = await page.getAttribute('[data-search]', 'data-search-ms');
  const primeMs = await page.getAttribute('[data-search]', 'data-search-prime-ms');
  await context.close();
  const events = lines.filter((l) => OURS.test(l) && /compiling method|bailout/.test(l)).map((l) => {
    const fn = /<JSFunction (\w+)/.exec(l)?.[1];
    if (/bailout/.test(l)) return `deopt ${fn} (${/reason: (.*?)\): begin/.exec(l)?.[1] || '?'})`;
    return `${/target (\w+)/.exec(l)?.[1] || '?'}${/ OSR/.test(l) ? ' OSR' : ''} ${fn}`;
  });
  console.log(`${JSON.stringify(q)}: ${ms} ms once chunks were loaded, primed in ${primeMs} ms`);
  for (const e of events) console.log(`  ${e}`);
}
await browser.close();
await server.close();
