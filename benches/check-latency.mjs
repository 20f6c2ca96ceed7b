// Live-check latency (`make bench`; issue 12 item 3): p50 and p99 of engine.check(record) (a plain
// object: through the form the engine keeps for the options) over
// 10,000 calls after 1,000 warm-up calls, on the ServiceNow form record the browser extension
// sends (benches/form-record.mjs), each call timed on its own with performance.now(). Prints
// figures, asserts nothing.
//   check_p50_us_node / check_p99_us_node          Node, js/node.js; in brackets the loop's mean
//       per call (timer reads included: exact in Chromium, where single calls are timed to 5 µs)
//   form_check_p50_us_node / form_check_p99_us_node  the same record through a prepared form
//       (engine.form(options).check(record), the form made once before the loop); likewise
//       form_check_p50_us_chromium / form_check_p99_us_chromium
//   check_warm_p50_us_node / check_warm_p99_us_node (and _chromium)  the check loop again after
//       the two loops above and 30,000 more untimed calls: V8's tier-up done (the first loop is
//       what a page sees in its first ten thousand checks)
//   check_start_ms_node / check_start_ms_chromium   what a page waits for its first answer: the
//       first engine of the module instance made (engine) and its first check (first_check); in
//       Chromium also init() (fetching and compiling the .wasm, init)
//   check_p50_us_chromium / check_p99_us_chromium  headless Chromium (Debian's, through
//       playwright-core), js/web.js on the web build, on a cross-origin isolated page (COOP/COEP
//       headers), where performance.now() has 5 µs resolution: Chromium figures are multiples
//       of about 5 µs. CHROMIUM=path picks another binary.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../js/node.js';
import { measureCheck, measureFormCheck, measureStart, measureWarmCheck } from './form-record.mjs';

const f1 = (x) => x.toFixed(1);
const line = (runtime, r, what = 'check') => `${what}_p50_us_${runtime}: ${f1(r.p50)}  ${what}_p99_us_${runtime}: ${f1(r.p99)}  (mean ${f1(r.mean)}, max ${f1(r.max)}; ${r.calls} calls on a ${r.recordBytes}-byte form record, ${r.findings} findings, ${r.passed} passed${r.rejected ? `, REJECTED: ${r.rejected}` : ''}${r.isolated === false ? '; page NOT cross-origin isolated: 100 µs timer resolution' : ''})`;

const ms = (x) => x.toFixed(1);
const start = (runtime, r) => `check_start_ms_${runtime}: ${r.initMs === undefined ? '' : `init ${ms(r.initMs)}  `}engine ${ms(r.engineMs)}  first_check ${ms(r.firstCheckMs)}`;
const { engine, ...started } = measureStart(Engine);
console.log(start('node', started));
console.log(line('node', measureCheck(engine)));
console.log(line('node', measureFormCheck(engine), 'form_check'));
console.log(line('node', measureWarmCheck(engine), 'check_warm'));
engine.free();

// The repository over HTTP on 127.0.0.1, with the headers that make the page cross-origin isolated.
const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const server = createServer(async (req, res) => {
  const file = normalize(join(repo, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  if (!file.startsWith(repo + sep)) return res.writeHead(403).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
// Loaded after the Node loops: its modules grow the heap enough that a full GC (10-20 ms, with
// incremental marking steps in between) fell into the first loop, which measured the harness.
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/benches/check-latency.html`);
  await page.waitForFunction(() => window.__result || null, null, { timeout: 300_000 });
  const r = await page.evaluate(() => window.__result);
  if (r.error || problems.length) console.log(`check_latency_chromium: failed: ${r.error ?? problems.join('; ')}`);
  else {
    console.log(start('chromium', r.start));
    console.log(line('chromium', r));
    console.log(line('chromium', r.form, 'form_check'));
    console.log(line('chromium', r.warm, 'check_warm'));
  }
} finally {
  await browser.close();
  server.close();
}
