// Layout checks of a built blomma site at 320, 768, 1280 and 1920 px, from the bounding
// boxes Chromium lays out:
//  - the site name, the first menu entry, the first breadcrumb and the content column
//    start at one left edge (within 1 px): header, menu, breadcrumbs and content share a grid;
//  - no page is wider than the viewport (document scrollWidth ≤ innerWidth);
//  - the labels of the target-area flower are large enough to read and do not overlap;
//  - the county map names each county on hover and keyboard focus;
//  - the forum programme table fits the viewport, every cell readable without scrolling.
//
//   node tests/browser/layout.mjs --site <output dir> [--base-path /]
//
// Pages: the home page, the first page (by URL) of the kinds target_area_list,
// target_area, county_overview and forum, and the county page with the most text.
// Prints one line per check ("ok   …" / "FAIL …", details indented below a failure) and
// ends with "N passed, N failed"; exits 1 when any check failed, 2 on bad usage.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, normalizeBasePath } from './serve.mjs';
import { CHROMIUM_ARGS, sitePages } from './a11y.mjs';

export const WIDTHS = [320, 768, 1280, 1920];
const HEIGHT = 900;
const NAV_TIMEOUT = 30_000;
/** Smallest rendered height, in CSS px, of a label of the flower. */
const MIN_LABEL_PX = 14;

function usage(msg) {
  if (msg) console.error(msg);
  console.error('usage: node tests/browser/layout.mjs --site <output dir> [--base-path /]');
  process.exit(2);
}

function parseArgs(argv) {
  const o = { site: null, basePath: '/', chromium: process.env.CHROMIUM || '/usr/bin/chromium' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--site') o.site = path.resolve(val());
    else if (a === '--base-path') o.basePath = val();
    else if (a === '--chromium') o.chromium = val();
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument: ${a}`);
  }
  if (!o.site) usage('--site is required');
  if (!fs.existsSync(o.site) || !fs.statSync(o.site).isDirectory()) usage(`not a directory: ${o.site}`);
  o.basePath = normalizeBasePath(o.basePath);
  return o;
}

const results = { passed: 0, failed: 0 };

function report(ok, name, where, details = []) {
  if (ok) results.passed++;
  else results.failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(14)} ${where}`);
  for (const d of details.slice(0, 30)) console.log(`       ${d}`);
}

/** The representative pages: one per kind, the county page with the most text. */
export function layoutPages(pages) {
  const chosen = [];
  for (const kind of ['home', 'target_area_list', 'target_area', 'county_overview', 'forum']) {
    const p = pages.find((q) => q.kind === kind);
    if (p) chosen.push(p);
  }
  const counties = pages.filter((q) => q.kind === 'county');
  if (counties.length) {
    chosen.push(counties.reduce((a, b) => (fs.statSync(b.file).size > fs.statSync(a.file).size ? b : a)));
  }
  return chosen;
}

// ---------------------------------------------------------------- measurements (in the page)

/** Left edges of the site name, the first menu entry's text, the first breadcrumb's text
 *  and the content column (the content box of main's .wrap). */
function leftEdges() {
  const textLeft = (el) => {
    if (!el) return null;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
    });
    const node = walker.nextNode();
    if (!node) return null;
    const r = document.createRange();
    r.selectNodeContents(node);
    const rects = [...r.getClientRects()].filter((x) => x.width > 0);
    return rects.length ? rects[0].left : null;
  };
  const wrap = document.querySelector('main .wrap');
  let content = null;
  if (wrap) {
    const s = getComputedStyle(wrap);
    content = wrap.getBoundingClientRect().left + parseFloat(s.paddingLeft) + parseFloat(s.borderLeftWidth);
  }
  const logo = document.querySelector('.site-name');
  return {
    'content column': content,
    'site name': logo ? logo.getBoundingClientRect().left : null,
    'menu': textLeft(document.querySelector('.site-nav a')),
    'breadcrumbs': textLeft(document.querySelector('.breadcrumbs a')),
  };
}

/** The document's width against the viewport, and the widest elements that stick out. */
function overflow() {
  const vw = window.innerWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1 || scrolls(el)) continue;
    const cls = (el.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean).slice(0, 2).join('.');
    out.push(`${el.tagName.toLowerCase()}${cls ? '.' + cls : ''} right=${Math.round(r.right)}`);
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, sticking: out.slice(0, 10) };
}

/** The flower's labels: their text, rendered height and box. */
function flowerLabels() {
  const svg = document.querySelector('svg.flower');
  if (!svg) return null;
  return [...svg.querySelectorAll('text')]
    .filter((t) => getComputedStyle(t).display !== 'none' && getComputedStyle(t).visibility !== 'hidden')
    .map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent.trim().replace(/\s+/g, ' ').slice(0, 30), left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height };
    });
}

/** The programme table's cells that are not inside the viewport. */
function programCells() {
  const table = document.querySelector('table.program');
  if (!table) return null;
  const vw = window.innerWidth;
  const wrap = table.closest('.table-wrap');
  const bad = [];
  for (const cell of table.querySelectorAll('tbody th, tbody td')) {
    const r = cell.getBoundingClientRect();
    if (!cell.textContent.trim() || r.width === 0) continue;
    if (r.left < -1 || r.right > vw + 1) bad.push(`"${cell.textContent.trim().replace(/\s+/g, ' ').slice(0, 40)}" at ${Math.round(r.left)}–${Math.round(r.right)}`);
  }
  const speakers = [...table.querySelectorAll('tbody td')].filter((td) => td.querySelector('.people'));
  // Each speakers cell is named either by its column header, on screen, or by a label of its own.
  const header = table.querySelector('thead th:last-child');
  const hr = header?.getBoundingClientRect();
  const headerShown = !!hr && hr.width > 2 && hr.height > 2 && hr.right <= vw + 1 && hr.left >= -1;
  const labelled = headerShown || speakers.every((td) => {
    const label = td.querySelector('.cell-label');
    return !!label && getComputedStyle(label).display !== 'none' && label.getBoundingClientRect().right <= vw + 1;
  });
  return {
    bad,
    hiddenOverflow: wrap ? wrap.scrollWidth > wrap.clientWidth + 1 : false,
    speakers: speakers.length,
    labelled,
  };
}

// ---------------------------------------------------------------- checks

function overlaps(a, b) {
  return a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
}

async function checkPage(page, target, width) {
  const where = `${target.urlPath} @ ${width}px`;
  await page.setViewportSize({ width, height: HEIGHT });
  await page.goto(target.url, { waitUntil: 'load', timeout: NAV_TIMEOUT });
  await page.evaluate(async () => { await document.fonts?.ready; });

  const edges = await page.evaluate(leftEdges);
  const known = Object.entries(edges).filter(([, v]) => v != null);
  const ref = edges['content column'];
  const off = known.filter(([, v]) => ref == null || Math.abs(v - ref) > 1);
  const aligned = ref != null && off.length === 0;
  report(aligned, 'left-edge', where, aligned ? [] : known.map(([k, v]) => `${k}: x=${v.toFixed(1)}`));

  const o = await page.evaluate(overflow);
  report(o.scrollWidth <= o.innerWidth, 'no-overflow', where,
    o.scrollWidth <= o.innerWidth ? [] : [`scrollWidth ${o.scrollWidth} > innerWidth ${o.innerWidth}`, ...o.sticking]);

  const labels = await page.evaluate(flowerLabels);
  if (labels) {
    const small = labels.filter((l) => l.height < MIN_LABEL_PX).map((l) => `"${l.text}" is ${l.height.toFixed(1)} px tall`);
    const pairs = [];
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        if (overlaps(labels[i], labels[j])) pairs.push(`"${labels[i].text}" overlaps "${labels[j].text}"`);
      }
    }
    report(labels.length > 0 && small.length === 0 && pairs.length === 0, 'flower-labels', where,
      labels.length ? [...small, ...pairs] : ['the flower has no visible labels']);
  }

  const program = await page.evaluate(programCells);
  if (program) {
    const details = [...program.bad];
    if (program.hiddenOverflow) details.push('the table scrolls sideways inside its box');
    if (!program.labelled) details.push('a speakers cell has no visible "Medverkande" label');
    report(details.length === 0, 'program-table', where, details);
  }

  const hasMap = await page.$('svg.county-map a');
  if (hasMap && width === WIDTHS[0]) await checkMapNames(page, where);
}

/** Every linked county has a <title>; keyboard focus on a county shows its name. */
async function checkMapNames(page, where) {
  const details = await page.evaluate(() => {
    const out = [];
    const links = [...document.querySelectorAll('svg.county-map a')];
    for (const a of links) {
      const title = a.querySelector(':scope > title');
      if (!title || !title.textContent.trim()) out.push(`${a.getAttribute('href')}: no <title>`);
    }
    return out;
  });
  // Tab from the element before the map until a county link has focus.
  await page.evaluate(() => {
    const svg = document.querySelector('svg.county-map');
    const all = [...document.querySelectorAll('a[href], button, input, [tabindex]')];
    const before = all.filter((el) => svg.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING && !svg.contains(el)).pop();
    before?.focus();
  });
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const a = document.activeElement;
    if (!a || !a.closest('svg.county-map')) return { ok: false, why: `focus is on ${a?.tagName}` };
    const name = a.querySelector('.county-name');
    if (!name) return { ok: false, why: `${a.getAttribute('href')} has no .county-name` };
    const vis = getComputedStyle(name).visibility;
    const r = name.getBoundingClientRect();
    return { ok: vis === 'visible' && r.height >= 12, why: `${name.textContent}: visibility ${vis}, ${r.height.toFixed(1)} px tall` };
  });
  if (!focused.ok) details.push(`keyboard focus: ${focused.why}`);
  report(details.length === 0, 'map-names', where, details);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    console.error('playwright-core is missing: run tests/browser/setup.sh first');
    process.exit(2);
  }
  const pages = layoutPages(sitePages(opts.site, opts.basePath));
  const server = await serve(opts.site, { basePath: opts.basePath });
  const browser = await chromium.launch({ executablePath: opts.chromium, args: CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.newContext({ locale: 'sv-SE', serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    if (pages.length === 0) report(false, 'pages', opts.site, ['no page of the kinds checked']);
    for (const p of pages) {
      const target = { ...p, url: new URL(p.urlPath, server.origin).href };
      for (const w of WIDTHS) await checkPage(page, target, w);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`${results.passed} passed, ${results.failed} failed`);
  process.exitCode = results.failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e?.stack || String(e));
    console.log(`${results.passed} passed, ${results.failed + 1} failed`);
    process.exit(1);
  });
}
