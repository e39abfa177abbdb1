// Times queries of the search engine of themes/default/static/search.js in Node
// (the same engine the search page runs), on a built site, without a browser:
//
//   node benches/query_time.mjs OUTPUT_DIR "query one" "query two" …
//
// For each query, a new engine (nothing cached) runs it three times and prints
// the engine's own time (after the index chunks are read) of each run, and the
// time the first run spent priming the scoring code while its chunks loaded.
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { createEngine } = await import(join(here, '../themes/default/static/search.js'));
const [site, ...queries] = process.argv.slice(2);
if (!site || !queries.length) {
  console.error('usage: node benches/query_time.mjs OUTPUT_DIR QUERY…');
  process.exit(2);
}
const fetchJson = (url) => readFile(join(site, url.replace(/\?.*$/, ''))).then((b) => JSON.parse(b));
for (const q of queries) {
  const engine = createEngine('sok/index/', fetchJson, async () => []);
  const runs = [];
  let hits = 0;
  let primeMs = 0;
  for (let i = 0; i < 3; i++) {
    const r = await engine.search(q);
    runs.push(r.ms.toFixed(1));
    hits = r.hits.length;
    primeMs ||= r.primeMs;
  }
  console.log(`${JSON.stringify(q)}: ${runs.join(', ')} ms (${hits} pages; primed in ${primeMs.toFixed(1)} ms)`);
}
