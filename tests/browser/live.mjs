// Browser check of live.js against the real server (serve_demo binary), in headless Chromium
// under `Content-Security-Policy: default-src 'self'` (set by the demo pages' <meta>).
//
//   cargo build --bin serve_demo
//   node tests/browser/live.mjs [--artifacts DIR]
//
// Needs playwright-core (PLAYWRIGHT_CORE=path/to/node_modules/playwright-core, default: the
// main repo's tests/browser/node_modules) and Debian's /usr/bin/chromium.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CRATE = path.resolve(HERE, '..', '..');
const require = createRequire(import.meta.url);
const pw = require(process.env.PLAYWRIGHT_CORE || '/work/main/tests/browser/node_modules/playwright-core');
const artifacts = process.argv.includes('--artifacts')
  ? process.argv[process.argv.indexOf('--artifacts') + 1]
  : path.join(CRATE, 'target', 'browser-artifacts');
fs.mkdirSync(artifacts, { recursive: true });

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${name}`); } else { failed++; console.log(`FAIL ${name}\n     ${detail}`); }
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'blomma-live-'));
const write = (rel, text) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
const longText = Array.from({ length: 400 }, (_, i) => `Rad ${i}`).join('\n');
write('content/index.md', `Första versionen\n${longText}\n`);
write('static/style.css', 'body { background: rgb(255, 255, 255); }');

const bin = path.join(process.env.CARGO_TARGET_DIR || path.join(CRATE, 'target'), 'debug', 'serve_demo');
const child = spawn(bin, [root, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    const m = out.match(/ at (http:\/\/\S+)/);
    if (m) resolve(m[1]);
  });
  child.on('exit', (code) => reject(new Error(`serve_demo exited ${code}`)));
});

const browser = await pw.chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  const problems = [];
  // Resource failures are tracked by URL below (Chromium asks for /favicon.ico by itself).
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });

  await page.goto(url);
  await page.waitForFunction(() => window.__blommaLive === true);
  check('live.js runs under CSP', problems.length === 0, problems.join('; '));

  // 1. Reload keeps the scroll position.
  await page.evaluate(() => window.scrollTo(0, 1500));
  await page.waitForTimeout(100); // let the SSE connection settle
  const y0 = await page.evaluate(() => window.scrollY);
  const reloaded = page.waitForEvent('load');
  const t0 = Date.now();
  write('content/index.md', `Andra versionen\n${longText}\n`);
  await reloaded;
  const reloadMs = Date.now() - t0;
  await page.waitForFunction(() => document.body.textContent.includes('Andra versionen'));
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, y0, { timeout: 3000 }).catch(() => {});
  const y1 = await page.evaluate(() => window.scrollY);
  check('reload shows new text and keeps scrollY', Math.abs(y1 - y0) < 2, `before ${y0}, after ${y1}`);
  console.log(`     save → page reloaded in ${reloadMs} ms (browser-observed)`);

  // 2. CSS-only change: swapped without a reload.
  await page.evaluate(() => { window.__marker = 'still here'; });
  write('static/style.css', 'body { background: rgb(0, 128, 0); }');
  await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(0, 128, 0)', null, { timeout: 5000 });
  const marker = await page.evaluate(() => window.__marker);
  const links = await page.evaluate(() => Array.from(document.querySelectorAll('link[rel=stylesheet]')).map((l) => l.getAttribute('href')));
  check('css event swaps stylesheets without reload', marker === 'still here' && links.length === 1 && /\?v=\d+/.test(links[0]), `marker ${marker}, links ${links}`);

  // 3. Content error → overlay; markup in errors stays text.
  write('content/index.md', `Tredje\n<img src=x onerror="window.__xss=1">{{bad}}\n${longText}\n`);
  const overlay = page.locator('#__blomma-overlay');
  await overlay.waitFor({ state: 'visible', timeout: 5000 });
  const info = await page.evaluate(() => {
    const o = document.getElementById('__blomma-overlay');
    const label = document.getElementById(o.getAttribute('aria-labelledby'));
    return {
      role: o.getAttribute('role'),
      label: label && label.textContent,
      text: o.textContent,
      pre: o.querySelector('pre') && o.querySelector('pre').textContent,
      imgs: o.querySelectorAll('img').length,
      xss: window.__xss,
      focusInside: o.contains(document.activeElement),
    };
  });
  check('overlay is an alertdialog with a label', info.role === 'alertdialog' && info.label === 'Build error', JSON.stringify(info));
  check('overlay shows file:line:column, message, source line and help',
    info.text.includes('content/index.md:2:37') && info.text.includes('unknown shortcode') &&
    info.pre && info.pre.startsWith('<img src=x') && info.pre.includes('^') && info.text.includes('help: remove'),
    JSON.stringify(info));
  check('error text is escaped (no elements, no script)', info.imgs === 0 && info.xss === undefined, JSON.stringify(info));
  check('focus moves into the overlay', info.focusInside, '');
  await page.screenshot({ path: path.join(artifacts, 'overlay.png') });

  // 4. A page opened while errors exist shows the overlay at once.
  const page2 = await browser.newPage();
  await page2.goto(url);
  await page2.locator('#__blomma-overlay').waitFor({ state: 'visible', timeout: 3000 }).then(
    () => check('new page shows the current errors on load', true),
    () => check('new page shows the current errors on load', false, 'no overlay'));

  // 5. Fix → overlay gone after reload, both tabs.
  const back = page.waitForEvent('load');
  write('content/index.md', `Fjärde, fixad\n${longText}\n`);
  await back;
  await page.waitForFunction(() => document.body.textContent.includes('Fjärde'));
  check('recovery reloads and removes the overlay', (await overlay.count()) === 0, '');
  await page2.waitForFunction(() => document.body.textContent.includes('Fjärde'), null, { timeout: 5000 });
  check('second tab recovers too', (await page2.locator('#__blomma-overlay').count()) === 0, '');
  check('no console errors or CSP violations', problems.length === 0, problems.join('; '));
} finally {
  await browser.close();
  child.kill('SIGINT');
  await new Promise((r) => child.on('exit', r));
  fs.rmSync(root, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
