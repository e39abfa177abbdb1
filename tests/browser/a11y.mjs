// Browser checks of a built blomma site: axe-core (light + dark), keyboard (skip link,
// header navigation), reflow at 320 px, Content-Security-Policy, and screenshots; on the
// search page with results also layout shift (CLS at 1280 and 360 px) and the first result
// on the first screen at 320 px.
//
//   node tests/browser/a11y.mjs --site <output dir> [--base-path /] [--artifacts <dir>]
//                               [--all] [--max-pages 80] [--page <url path>]...
//
// Prints one line per check ("ok   …" / "FAIL …", details indented below a failure) and
// ends with the line "N passed, N failed"; exits 1 when any check failed, 2 on bad usage
// or when the browser cannot be started.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { serve, normalizeBasePath } from './serve.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const require = createRequire(import.meta.url);

export const KINDS = [
  'home', 'page', 'target_area_list', 'target_area', 'actor_list', 'actor',
  'county_overview', 'county', 'document', 'forum_list', 'forum', 'part', 'a_o',
  'search', 'accessibility', 'not_found', 'glossary', 'term',
];
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
export const CSP = "default-src 'self'";
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];
const DESKTOP = { width: 1280, height: 800 };
const NARROW = { width: 320, height: 800 };
const MOBILE = { width: 360, height: 640 };
// Lighthouse calls a cumulative layout shift above 0.1 "needs improvement".
const MAX_CLS = 0.1;
const MISSING_PATH = '__blomma-check-missing-page__/';
const NAV_TIMEOUT = 30_000;

// ---------------------------------------------------------------- arguments

function usage(msg) {
  if (msg) console.error(msg);
  console.error('usage: node tests/browser/a11y.mjs --site <output dir> [--base-path /] [--artifacts <dir>]\n' +
    '                                   [--all] [--max-pages 80] [--page <url path>]...');
  process.exit(2);
}

function parseArgs(argv) {
  const o = {
    site: null,
    basePath: '/',
    artifacts: path.join(REPO, 'target', 'browser-artifacts'),
    all: false,
    maxPages: 80,
    pages: [],
    chromium: process.env.CHROMIUM || '/usr/bin/chromium',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--site') o.site = val();
    else if (a === '--base-path') o.basePath = val();
    else if (a === '--artifacts') o.artifacts = path.resolve(val());
    else if (a === '--all') o.all = true;
    else if (a === '--max-pages') o.maxPages = Number(val());
    else if (a === '--page') o.pages.push(val());
    else if (a === '--chromium') o.chromium = val();
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument: ${a}`);
  }
  if (!o.site) usage('--site is required');
  o.site = path.resolve(o.site);
  if (!fs.existsSync(o.site) || !fs.statSync(o.site).isDirectory()) usage(`not a directory: ${o.site}`);
  o.basePath = normalizeBasePath(o.basePath);
  return o;
}

// ---------------------------------------------------------------- reporting

const results = { passed: 0, failed: 0 };
const TIMING = !!process.env.BLOMMA_TIMING;
let lastReport = Date.now();

function report(ok, name, where, note = '', details = []) {
  if (ok) results.passed++;
  else results.failed++;
  const now = Date.now();
  const took = TIMING ? `  [${((now - lastReport) / 1000).toFixed(1)} s]` : '';
  lastReport = now;
  const head = `${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(12)} ${where}${note ? `  (${note})` : ''}${took}`;
  console.log(head);
  const MAX = 60;
  for (const d of details.slice(0, MAX)) console.log(`       ${d}`);
  if (details.length > MAX) console.log(`       … and ${details.length - MAX} more`);
}

function info(line) {
  console.log(`# ${line}`);
}

// ---------------------------------------------------------------- pages

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

export function bodyKind(html) {
  const body = html.match(/<body\b[^>]*>/i);
  if (!body) return null;
  const m = body[0].match(/\sdata-kind\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i);
  return m ? (m[1] ?? m[2] ?? m[3]) : null;
}

/** Every index.html of the site as { file, urlPath, kind }, sorted by URL. */
export function sitePages(site, basePath) {
  const pages = walk(site)
    .filter((f) => path.basename(f) === 'index.html')
    .map((f) => {
      const dir = path.relative(site, path.dirname(f)).split(path.sep).filter(Boolean);
      const urlPath = basePath + dir.map(encodeURIComponent).join('/') + (dir.length ? '/' : '');
      return { file: f, urlPath, kind: bodyKind(fs.readFileSync(f, 'utf8')) };
    });
  pages.sort((a, b) => a.urlPath.localeCompare(b.urlPath));
  return pages;
}

/** ≤ maxPages: all of them; otherwise the first page (by URL) of each kind. */
export function selectPages(pages, { all, maxPages }) {
  if (all || pages.length <= maxPages) return { how: `all ${pages.length} index.html`, pages };
  const byKind = new Map();
  for (const p of pages) {
    const k = p.kind ?? '(no data-kind)';
    if (!byKind.has(k)) byKind.set(k, p);
  }
  const chosen = [...byKind.values()].sort((a, b) => a.urlPath.localeCompare(b.urlPath));
  return { how: `one per kind of ${pages.length} index.html (${chosen.length} kinds)`, pages: chosen };
}

// ---------------------------------------------------------------- in-page helpers

// Evaluated in the page: a short CSS-ish description of an element.
const DESCRIBE = `(el) => {
  if (!el || el.nodeType !== 1) return String(el);
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  const cls = (el.getAttribute('class') || '').trim().split(/\\s+/).filter(Boolean).slice(0, 3);
  if (cls.length) s += '.' + cls.join('.');
  const href = el.getAttribute('href');
  if (href != null) s += '[href="' + href + '"]';
  const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  if (text && el.children.length < 4) s += ' "' + text + '"';
  return s;
}`;

// ---------------------------------------------------------------- checks

async function newPage(context, viewport = DESKTOP, colorScheme = 'light') {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
  page.setDefaultTimeout(NAV_TIMEOUT);
  return page;
}

async function settle(page) {
  // A search page with a query: wait until its results (facets, snippets) are shown.
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-search]');
    return !s || (s.dataset.state && s.dataset.state !== 'loading');
  }, null, { timeout: NAV_TIMEOUT });
  await page.evaluate(async () => {
    await document.fonts?.ready;
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
  });
}

/** Load check + CSP check, both from one visit in the CSP-enforcing context. */
async function checkLoadAndCsp(ctx, target) {
  const { url, expectStatus, label } = target;
  const page = await newPage(ctx.csp);
  const problems = [];
  const csp = [];
  const failed = [];
  page.on('pageerror', (e) => problems.push(`uncaught script error: ${e.message.split('\n')[0]}`));
  page.on('console', (m) => {
    const t = m.text();
    if (/Content[- ]Security[- ]Policy/i.test(t)) csp.push(`console: ${t.replace(/\s+/g, ' ').slice(0, 300)}`);
  });
  page.on('requestfailed', (r) => {
    const f = r.failure()?.errorText || '';
    // CSP-blocked requests are reported by the CSP check; external ones we abort on purpose.
    if (/ERR_BLOCKED_BY_(CSP|CLIENT)/i.test(f) || !r.url().startsWith(ctx.origin)) return;
    failed.push({ url: r.url(), error: f });
  });
  page.on('response', (r) => {
    if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) return;
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  await page.addInitScript(() => {
    window.__blommaCsp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__blommaCsp.push(`${e.violatedDirective || e.effectiveDirective}: ${e.blockedURI || '(inline)'}` +
        `${e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}` : ''}`);
    }, true);
  });
  let resp;
  try {
    resp = await page.goto(url, { waitUntil: 'load' });
    await settle(page);
  } catch (e) {
    report(false, 'load', label, '', [e.message.split('\n')[0]]);
    report(false, 'csp', label, 'page did not load');
    await page.close();
    return null;
  }
  for (const f of failed) {
    // A failed subresource (e.g. a 404 stylesheet that Chromium refuses for its MIME type):
    // ask the server what it answers to name the real cause.
    let why = f.error;
    try {
      const r = await ctx.csp.request.get(f.url, { maxRedirects: 0 });
      if (r.status() >= 300) why = `HTTP ${r.status()}`;
      await r.dispose();
    } catch { /* keep the browser's error text */ }
    problems.push(`request failed: ${f.url} (${why})`);
  }
  const status = resp ? resp.status() : 0;
  if (status !== expectStatus) problems.unshift(`HTTP status ${status}, expected ${expectStatus}`);
  report(problems.length === 0, 'load', label, `HTTP ${status}`, [...new Set(problems)]);

  // Runtime violations (events + console).
  const events = await page.evaluate(() => window.__blommaCsp || []);
  const runtime = [...new Set([...events.map((e) => `event: ${e}`), ...csp])];

  // Static scan of the served HTML (not the live DOM, where scripts may legitimately set
  // element.style through the CSSOM, which CSP allows).
  const html = resp ? await resp.text() : '';
  const statics = await page.evaluate(({ html, origin }) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const out = [];
    const short = (s) => s.replace(/\s+/g, ' ').trim().slice(0, 80);
    const jsTypes = /^(|module|importmap|speculationrules|(text|application)\/(x-)?(java|ecma)script|text\/(javascript1\.[0-5]|jscript|livescript))$/i;
    for (const s of doc.querySelectorAll('script:not([src])')) {
      const type = (s.getAttribute('type') || '').trim();
      if (s.textContent.trim() && jsTypes.test(type)) out.push(`inline <script${type ? ` type="${type}"` : ''}>: ${short(s.textContent)}`);
    }
    for (const s of doc.querySelectorAll('style')) {
      if (s.textContent.trim()) out.push(`inline <style>: ${short(s.textContent)}`);
    }
    for (const el of doc.querySelectorAll('[style]')) {
      out.push(`style attribute on <${el.tagName.toLowerCase()}>: style="${short(el.getAttribute('style'))}"`);
    }
    for (const el of doc.querySelectorAll('*')) {
      for (const a of el.getAttributeNames()) {
        if (/^on/i.test(a)) out.push(`event handler attribute ${a}= on <${el.tagName.toLowerCase()}>`);
      }
    }
    for (const el of doc.querySelectorAll('a[href^="javascript:" i]')) {
      out.push(`javascript: URL on <a>: ${short(el.getAttribute('href'))}`);
    }
    // Resource URLs that the browser would load from another host.
    const loadingRels = /\b(stylesheet|icon|apple-touch-icon|mask-icon|preload|modulepreload|prefetch|manifest)\b/i;
    const external = (u) => {
      if (!u) return false;
      const t = u.trim();
      if (!/^(https?:)?\/\//i.test(t)) return false;
      try { return new URL(t, origin).origin !== origin; } catch { return true; }
    };
    const check = (el, attr, value) => {
      if (external(value)) out.push(`external resource <${el.tagName.toLowerCase()} ${attr}="${short(value)}">`);
    };
    for (const el of doc.querySelectorAll('script[src]')) check(el, 'src', el.getAttribute('src'));
    for (const el of doc.querySelectorAll('link[href]')) {
      if (loadingRels.test(el.getAttribute('rel') || '')) check(el, 'href', el.getAttribute('href'));
    }
    for (const el of doc.querySelectorAll('img, source')) {
      check(el, 'src', el.getAttribute('src'));
      for (const part of (el.getAttribute('srcset') || '').split(',')) {
        check(el, 'srcset', part.trim().split(/\s+/)[0]);
      }
    }
    for (const el of doc.querySelectorAll('iframe[src], video[src], audio[src], embed[src], object[data], video[poster]')) {
      check(el, el.hasAttribute('src') ? 'src' : el.hasAttribute('data') ? 'data' : 'poster',
        el.getAttribute('src') || el.getAttribute('data') || el.getAttribute('poster'));
    }
    return out;
  }, { html, origin: ctx.origin });

  const cspProblems = [...runtime, ...statics];
  report(cspProblems.length === 0, 'csp', label, '', cspProblems);
  await page.close();
  return html;
}

function dataKindCheck(target) {
  const k = target.kind;
  const ok = k != null && KINDS.includes(k);
  report(ok, 'data-kind', target.label, k == null ? '' : k,
    ok ? [] : [k == null ? '<body> has no data-kind attribute' : `unknown kind "${k}" (known: ${KINDS.join(', ')})`]);
}

async function checkAxe(ctx, target, axeSource, colorScheme) {
  const name = `axe-${colorScheme}`;
  const page = await newPage(ctx.axe, DESKTOP, colorScheme);
  try {
    await page.goto(target.url, { waitUntil: 'load' });
    await settle(page);
    await page.addScriptTag({ content: axeSource });
    const r = await page.evaluate(async (tags) => {
      // eslint-disable-next-line no-undef
      const res = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] });
      return {
        violations: res.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: n.failureSummary })),
        })),
        incomplete: res.incomplete.map((v) => v.id),
      };
    }, AXE_TAGS);
    const details = [];
    for (const v of r.violations) {
      details.push(`${v.id} [${v.impact}] ${v.help} (${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'}) ${v.helpUrl}`);
      for (const n of v.nodes.slice(0, 8)) {
        details.push(`    ${target.url} ${n.target}`);
        const first = (n.summary || '').split('\n').map((s) => s.trim()).filter(Boolean).slice(0, 2).join(' / ');
        if (first) details.push(`      ${first.slice(0, 240)}`);
      }
      if (v.nodes.length > 8) details.push(`    … and ${v.nodes.length - 8} more`);
    }
    const note = r.violations.length
      ? `${r.violations.length} violation${r.violations.length === 1 ? '' : 's'}`
      : r.incomplete.length ? `needs review: ${[...new Set(r.incomplete)].join(', ')}` : '';
    report(r.violations.length === 0, name, target.label, note, details);
  } catch (e) {
    report(false, name, target.label, '', [e.message.split('\n')[0]]);
  } finally {
    await page.close();
  }
}

async function checkSkipLink(ctx, target) {
  const page = await newPage(ctx.csp);
  try {
    await page.goto(target.url, { waitUntil: 'load' });
    await settle(page);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(`(() => {
      const describe = ${DESCRIBE};
      const a = document.activeElement;
      if (!a || a === document.body || a === document.documentElement) return { err: 'the first Tab focused nothing' };
      if (a.tagName !== 'A' || !a.hasAttribute('href')) return { err: 'the first Tab focused ' + describe(a) + ', not a skip link' };
      let u;
      try { u = new URL(a.href); } catch { return { err: 'bad href on ' + describe(a) }; }
      const here = new URL(location.href);
      if (!u.hash || u.hash === '#' || u.origin + u.pathname + u.search !== here.origin + here.pathname + here.search) {
        return { err: 'the first Tab focused ' + describe(a) + ', which is not a link to an id on this page' };
      }
      const id = decodeURIComponent(u.hash.slice(1));
      const text = (a.innerText || a.textContent || a.getAttribute('aria-label') || '').trim();
      const res = { id, link: describe(a), text };
      if (!text) res.err = 'the skip link ' + describe(a) + ' has no text';
      const r = a.getBoundingClientRect();
      if (!res.err && (r.width < 2 || r.height < 2 || r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight ||
          getComputedStyle(a).opacity === '0')) {
        res.err = 'the skip link ' + describe(a) + ' is not visible when focused (' + Math.round(r.left) + ',' + Math.round(r.top) + ' ' +
          Math.round(r.width) + 'x' + Math.round(r.height) + ')';
      }
      const t = document.getElementById(id);
      const main = document.querySelector('main, [role="main"]');
      if (!res.err && !t) res.err = 'the skip link points to #' + id + ' but no element has that id';
      else if (!res.err && !main) res.err = 'the page has no <main> element';
      else if (!res.err && !(t === main || main.contains(t) || t.contains(main))) {
        res.err = 'the skip link points to ' + describe(t) + ', which is not the <main> element (' + describe(main) + ')';
      }
      return res;
    })()`);
    if (first.err) {
      report(false, 'skip-link', target.label, '', [first.err]);
      return;
    }
    await page.keyboard.press('Enter');
    await page.waitForTimeout(50);
    const after = await page.evaluate(`(() => {
      const describe = ${DESCRIBE};
      const t = document.getElementById(${JSON.stringify(first.id)});
      const a = document.activeElement;
      const r = t.getBoundingClientRect();
      return {
        hash: decodeURIComponent(location.hash.slice(1)),
        focusIn: !!a && (a === t || t.contains(a)),
        visible: r.top < innerHeight && r.bottom > 0,
        active: describe(a),
      };
    })()`);
    const problems = [];
    if (after.hash !== first.id) problems.push(`Enter on the skip link did not go to #${first.id} (location hash is "#${after.hash}")`);
    if (!after.visible) problems.push(`#${first.id} is not scrolled into view after Enter`);
    if (!after.focusIn) {
      // Chromium leaves focus on <body> for a target that is not focusable, but moves the
      // sequential focus navigation starting point: the next Tab must land in/after the target.
      await page.keyboard.press('Tab');
      const next = await page.evaluate(`(() => {
        const describe = ${DESCRIBE};
        const t = document.getElementById(${JSON.stringify(first.id)});
        const a = document.activeElement;
        const ok = !!a && a !== document.body && (t === a || t.contains(a) || !!(t.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING));
        return { ok, active: describe(a) };
      })()`);
      if (!next.ok) problems.push(`after Enter on the skip link, focus is on ${after.active} and the next Tab goes to ${next.active}, not into #${first.id}`);
    }
    report(problems.length === 0, 'skip-link', target.label, `"${first.text}" → #${first.id}`, problems);
  } catch (e) {
    report(false, 'skip-link', target.label, '', [e.message.split('\n')[0]]);
  } finally {
    await page.close();
  }
}

const FOCUSABLE = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, ' +
  '[tabindex], [contenteditable=""], [contenteditable="true"], audio[controls], video[controls]';

async function checkHeaderNav(ctx, target) {
  const page = await newPage(ctx.csp);
  try {
    await page.goto(target.url, { waitUntil: 'load' });
    await settle(page);
    const setup = await page.evaluate(`(() => {
      const describe = ${DESCRIBE};
      // The site header: a <header> that is not inside main/article/section/aside.
      const headers = [...document.querySelectorAll('header')].filter((h) => !h.parentElement.closest('main, article, section, aside, [role="main"]'));
      const links = headers.flatMap((h) => [...h.querySelectorAll('nav a[href], [role="navigation"] a[href]')]);
      links.forEach((a, i) => a.setAttribute('data-blomma-nav', String(i)));
      return {
        headers: headers.length,
        links: links.map(describe),
        focusable: document.querySelectorAll(${JSON.stringify(FOCUSABLE)}).length,
      };
    })()`);
    if (setup.headers === 0) {
      report(false, 'header-nav', target.label, '', ['the page has no site <header> (outside main/article/section/aside)']);
      return;
    }
    if (setup.links.length === 0) {
      report(false, 'header-nav', target.label, '', ['the site <header> has no <nav> with links']);
      return;
    }
    const limit = setup.focusable + 5;
    const seen = new Set();
    let presses = 0;
    while (presses < limit && seen.size < setup.links.length) {
      await page.keyboard.press('Tab');
      presses++;
      const i = await page.evaluate(() => document.activeElement?.getAttribute('data-blomma-nav') ?? null);
      if (i != null) seen.add(Number(i));
    }
    const missing = setup.links.filter((_, i) => !seen.has(i));
    report(missing.length === 0, 'header-nav', target.label,
      missing.length ? `${missing.length} of ${setup.links.length} links not reached in ${limit} Tabs`
        : `${setup.links.length} links in ${presses} Tabs`,
      missing.map((m) => `not reached by Tab: ${m}`));
  } catch (e) {
    report(false, 'header-nav', target.label, '', [e.message.split('\n')[0]]);
  } finally {
    await page.close();
  }
}

async function checkReflow(ctx, target) {
  const page = await newPage(ctx.csp, NARROW);
  try {
    await page.goto(target.url, { waitUntil: 'load' });
    await settle(page);
    const r = await page.evaluate(`(() => {
      const describe = ${DESCRIBE};
      const limit = ${NARROW.width};
      const sw = document.documentElement.scrollWidth;
      const offenders = [];
      if (sw > limit) {
        const clips = (el) => { for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX; if (o !== 'visible') return true; } return false; };
        const over = (el) => el.getBoundingClientRect().right > limit + 0.5 || el.getBoundingClientRect().left < -0.5;
        for (const el of document.body.querySelectorAll('*')) {
          if (!over(el) || clips(el)) continue;
          if (el.parentElement && el.parentElement !== document.body && over(el.parentElement)) continue;
          const rc = el.getBoundingClientRect();
          offenders.push(describe(el) + ' spans x ' + Math.round(rc.left) + '…' + Math.round(rc.right));
          if (offenders.length >= 6) break;
        }
      }
      return { sw, offenders };
    })()`);
    report(r.sw <= NARROW.width, 'reflow-320', target.label, `scrollWidth ${r.sw}`,
      r.sw <= NARROW.width ? [] : [`the page scrolls sideways at ${NARROW.width} px`, ...r.offenders.map((o) => `wider than the viewport: ${o}`)]);
  } catch (e) {
    report(false, 'reflow-320', target.label, '', [e.message.split('\n')[0]]);
  } finally {
    await page.close();
  }
}

/**
 * Cumulative layout shift of a page while it loads and shows what it fetches (a search
 * page's results and snippets): the sum of the `layout-shift` entries not caused by input,
 * read from the PerformanceObserver buffer once the page has settled.
 */
async function checkLayoutShift(ctx, target, viewport) {
  const page = await newPage(ctx.csp, viewport);
  const name = `layout-shift-${viewport.width}`;
  try {
    await page.goto(target.url, { waitUntil: 'load' });
    await settle(page);
    const r = await page.evaluate(() => new Promise((resolve) => {
      const shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (!e.hadRecentInput) {
            shifts.push([e.value, (e.sources || []).map((x) => x.node?.nodeName || '?').join(' ')]);
          }
        }
      }).observe({ type: 'layout-shift', buffered: true });
      setTimeout(() => resolve(shifts), 300);
    }));
    const cls = r.reduce((sum, x) => sum + x[0], 0);
    report(cls <= MAX_CLS, name, target.label, `CLS ${cls.toFixed(3)}`,
      cls <= MAX_CLS ? [] : r.map(([v, what]) => `shift ${v.toFixed(3)} of ${what}`));
  } catch (e) {
    report(false, name, target.label, '', [e.message.split('\n')[0]]);
  } finally {
    await page.close();
  }
}

/** On a narrow screen the first result of a search is on the first screen, above the filters. */
async function checkResultsFirst(ctx, target) {
  const page = await newPage(ctx.csp, NARROW);
  try {
    await page.goto(target.url, { waitUntil: 'load' });
    await settle(page);
    const top = await page.$eval('#search-results > li', (li) => li.getBoundingClientRect().top + window.scrollY);
    report(top < NARROW.height, 'results-first-320', target.label, `first result at ${Math.round(top)} px`,
      top < NARROW.height ? [] : [`the first result starts ${Math.round(top)} px down, below the first screen (${NARROW.height} px)`]);
  } catch (e) {
    report(false, 'results-first-320', target.label, '', [e.message.split('\n')[0]]);
  } finally {
    await page.close();
  }
}

async function screenshots(ctx, opts, all, baseUrl) {
  fs.mkdirSync(opts.artifacts, { recursive: true });
  const find = (urlPath, kind) => all.find((p) => p.urlPath === urlPath) || all.find((p) => p.kind === kind);
  const shots = [
    ['home', find(opts.basePath, 'home'), 'home page'],
    ['county', find(opts.basePath + 'lan/vasterbotten/', 'county'), 'county page'],
    ['overview', find(opts.basePath + 'lan/', 'county_overview'), 'county overview (/lan/)'],
  ];
  for (const [name, p, what] of shots) {
    if (!p) {
      report(false, 'screenshot', name, '', [`no ${what} in the site`]);
      continue;
    }
    for (const width of [NARROW.width, DESKTOP.width]) {
      const page = await newPage(ctx.csp, { width, height: 800 });
      const file = path.join(opts.artifacts, `${name}-${width}.png`);
      try {
        await page.goto(new URL(p.urlPath, baseUrl).href, { waitUntil: 'load' });
        await settle(page);
        await page.screenshot({ path: file, fullPage: true, type: 'png' });
        report(true, 'screenshot', `${p.urlPath} @${width}`, (p2 => p2.startsWith('..') ? file : p2)(path.relative(process.cwd(), file)));
      } catch (e) {
        report(false, 'screenshot', `${p.urlPath} @${width}`, '', [e.message.split('\n')[0]]);
      } finally {
        await page.close();
      }
    }
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    console.error('playwright-core is missing: run tests/browser/setup.sh first');
    process.exit(2);
  }
  if (!fs.existsSync(opts.chromium)) {
    console.error(`${opts.chromium} is missing: run tests/browser/setup.sh first`);
    process.exit(2);
  }
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

  const all = sitePages(opts.site, opts.basePath);
  let { how, pages } = selectPages(all, opts);
  if (opts.pages.length) {
    const want = new Set(opts.pages.map((p) => normalizeBasePath(opts.basePath + p.replace(/^\//, ''))));
    pages = all.filter((p) => want.has(p.urlPath));
    how = `${pages.length} chosen with --page`;
    for (const w of want) {
      if (!pages.some((p) => p.urlPath === w)) report(false, 'pages', w, '', ['--page names no index.html of the site']);
    }
  }
  const server = await serve(opts.site, { basePath: opts.basePath, headers: { 'Content-Security-Policy': CSP } });
  const browser = await chromium.launch({ executablePath: opts.chromium, args: CHROMIUM_ARGS, headless: true });
  const axeBrowserVersion = browser.version();

  // The CSP-enforcing context does everything but axe. axe is injected as an inline script
  // (addScriptTag content), which the page's own CSP would block, so axe runs in a second
  // context that bypasses CSP. Both refuse to talk to anything but the local server.
  const contextOptions = { viewport: DESKTOP, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', serviceWorkers: 'block' };
  const ctx = {
    origin: server.origin,
    csp: await browser.newContext(contextOptions),
    axe: await browser.newContext({ ...contextOptions, bypassCSP: true }),
  };
  for (const c of [ctx.csp, ctx.axe]) {
    await c.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(server.origin + '/') || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
      return route.abort('blockedbyclient');
    });
  }

  info(`site ${opts.site} served at ${server.url} with Content-Security-Policy: ${CSP}`);
  info(`chromium ${axeBrowserVersion}, axe-core ${require('axe-core/package.json').version}, tags ${AXE_TAGS.join(' ')}`);
  info(`pages: ${how}, plus the 404 page`);

  const targets = pages.map((p) => ({ ...p, url: new URL(p.urlPath, server.origin).href, label: p.urlPath, expectStatus: 200 }));
  const notFoundFile = path.join(opts.site, '404.html');
  if (fs.existsSync(notFoundFile)) {
    targets.push({
      file: notFoundFile,
      urlPath: opts.basePath + MISSING_PATH,
      url: new URL(opts.basePath + MISSING_PATH, server.origin).href,
      kind: bodyKind(fs.readFileSync(notFoundFile, 'utf8')),
      label: `${opts.basePath}${MISSING_PATH} (404.html)`,
      expectStatus: 404,
    });
  } else {
    report(false, '404-page', opts.basePath + '404.html', '', ['the site has no 404.html']);
  }
  if (targets.length === 0) report(false, 'pages', opts.site, '', ['no index.html found']);

  try {
    for (const t of targets) {
      await checkLoadAndCsp(ctx, t);
      dataKindCheck(t);
      await checkAxe(ctx, t, axeSource, 'light');
      await checkAxe(ctx, t, axeSource, 'dark');
      await checkSkipLink(ctx, t);
      await checkHeaderNav(ctx, t);
      await checkReflow(ctx, t);
    }
    // The search page with results: facets, result list, marked snippets.
    const search = targets.find((t) => t.kind === 'search');
    if (search) {
      const q = 'västerbotten';
      const t = { ...search, url: `${search.url}?q=${encodeURIComponent(q)}`, label: `${search.label}?q=${q}` };
      await checkLoadAndCsp(ctx, t);
      await checkAxe(ctx, t, axeSource, 'light');
      await checkAxe(ctx, t, axeSource, 'dark');
      await checkReflow(ctx, t);
      await checkLayoutShift(ctx, t, DESKTOP);
      await checkLayoutShift(ctx, t, MOBILE);
      await checkResultsFirst(ctx, t);
    }
    await screenshots(ctx, opts, all, server.url);
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
