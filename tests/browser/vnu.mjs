// The Nu Html Checker (vnu.jar from the vnu-jar package) over every .html file of a site.
//
//   node tests/browser/vnu.mjs --site <output dir>      (or: node tests/browser/vnu.mjs <output dir>)
//
// One java call for the whole site (split only if the file list would not fit on a
// command line). Prints every error as file:line:column: message, one line per file
// ("ok   vnu  file" / "FAIL vnu  file (N errors)"), and ends with "N passed, N failed"
// counted in files. Exits 1 on any error, 2 on bad usage or when java cannot run.

import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ARG_BUDGET = 100_000; // characters of file names per java call

function usage(msg) {
  if (msg) console.error(msg);
  console.error('usage: node tests/browser/vnu.mjs --site <output dir>');
  process.exit(2);
}

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && /\.html?$/i.test(e.name)) out.push(p);
  }
  return out;
}

/** Path of vnu.jar: the vnu-jar package exports it (a String object). */
export function vnuJarPath() {
  return String(require('vnu-jar'));
}

function runJava(jar, files) {
  const args = ['-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', ...files];
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.JAVA || 'java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

function parseMessages(text) {
  // vnu writes its JSON report to stderr; be tolerant of a stray line before it.
  const start = text.indexOf('{');
  if (start < 0) return null;
  try {
    return JSON.parse(text.slice(start)).messages || [];
  } catch {
    return null;
  }
}

function fileOf(url) {
  try {
    return fileURLToPath(url.startsWith('file:/') && !url.startsWith('file://') ? 'file://' + url.slice(5) : url);
  } catch {
    return url;
  }
}

async function main() {
  const argv = process.argv.slice(2);
  let site = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--site') site = argv[++i];
    else if (argv[i] === '-h' || argv[i] === '--help') usage();
    else if (!site && !argv[i].startsWith('-')) site = argv[i];
    else usage(`unknown argument: ${argv[i]}`);
  }
  if (!site) usage('--site is required');
  site = path.resolve(site);
  if (!fs.existsSync(site) || !fs.statSync(site).isDirectory()) usage(`not a directory: ${site}`);

  let jar;
  try {
    jar = vnuJarPath();
  } catch {
    console.error('vnu-jar is missing: run tests/browser/setup.sh first');
    process.exit(2);
  }
  const files = walk(site).sort();
  if (files.length === 0) {
    console.log(`FAIL vnu          ${site}  (no .html files)`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }

  // Batch the files: as few java calls as fit the command line (normally one).
  const batches = [[]];
  let size = 0;
  for (const f of files) {
    if (size + f.length + 1 > ARG_BUDGET && batches.at(-1).length) {
      batches.push([]);
      size = 0;
    }
    batches.at(-1).push(f);
    size += f.length + 1;
  }

  const byFile = new Map(files.map((f) => [f, []]));
  const other = [];
  for (const batch of batches) {
    let r;
    try {
      r = await runJava(jar, batch);
    } catch (e) {
      console.error(`cannot run java: ${e.message}`);
      process.exit(2);
    }
    const messages = parseMessages(r.err) ?? parseMessages(r.out);
    if (messages === null) {
      console.error(`vnu gave no JSON report (exit ${r.code}):\n${(r.err || r.out).slice(0, 2000)}`);
      process.exit(2);
    }
    for (const m of messages) {
      if (m.type !== 'error' && m.type !== 'non-document-error') continue;
      const f = m.url ? fileOf(m.url) : null;
      if (f && byFile.has(f)) byFile.get(f).push(m);
      else other.push(m);
    }
  }

  let passed = 0;
  let failed = 0;
  for (const [f, msgs] of byFile) {
    const rel = path.relative(site, f);
    if (msgs.length === 0) {
      passed++;
      console.log(`ok   vnu          ${rel}`);
      continue;
    }
    failed++;
    console.log(`FAIL vnu          ${rel}  (${msgs.length} error${msgs.length === 1 ? '' : 's'})`);
    for (const m of msgs) {
      const line = m.lastLine ?? m.firstLine ?? '?';
      const col = m.firstColumn ?? m.lastColumn;
      console.log(`       ${rel}:${line}${col != null ? `:${col}` : ''}: ${m.message}`);
      if (m.extract) console.log(`         ${m.extract.replace(/\s+/g, ' ').trim().slice(0, 160)}`);
    }
  }
  for (const m of other) {
    failed++;
    console.log(`FAIL vnu          ${m.url || '(no file)'}: ${m.message}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e?.stack || String(e));
  process.exit(2);
});
