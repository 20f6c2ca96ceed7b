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
//   js_roundtrip_p50_us_node / js_roundtrip_p99_us_node (and _chromium)  the same loop over
//       JSON.parse(JSON.stringify(record)), no engine, each run in a fresh runtime of its own: the
//       page's own JavaScript timed the same way, whose tail in a fresh runtime is the machine's
//       and the runtime's (a browser's threads taking the core for milliseconds in its first
//       seconds), the reference for reading the first loop's p99
//   js_floor_p50_us_node / js_floor_p99_us_node (and _chromium)  the machine's floor, in the same
//       runtime after the round trip: a fixed amount of integer arithmetic per call (about a
//       check's median), no allocation, no engine; its over20 is how many calls of that length
//       this machine interrupts (a virtual machine's timer ticks, the runtime's threads)
//   check_start_ms_node / check_start_ms_chromium   what a page waits for its first answer: the
//       first engine of the module instance made (engine) and its first check (first_check); in
//       Chromium also init() (fetching and compiling the .wasm, init)
//   check_start_ms_chromium_servicenow_check, check_p50/p99_us_chromium_servicenow_check  the
//       same page on the package's ServiceNow check module (iso20000/servicenow-check.wasm, what an
//       extension for ServiceNow alone loads), when `make wasm-modules` has built it
//   check_p50_us_chromium / check_p99_us_chromium  headless Chromium (Debian's, through
//       playwright-core), js/web.js on the web build, on a cross-origin isolated page (COOP/COEP
//       headers), where performance.now() has 5 µs resolution: Chromium figures are multiples
//       of about 5 µs. CHROMIUM=path picks another binary.
//
// Every figure is the median over CHECK_RUNS (default 5) fresh runtimes, each a new Node process or
// a new Chromium, with [min–max] after the p99: one loop's p99 is not a property of the code on
// this 2-core machine. Back to back, single first loops in Node gave p99 12.5 to 36 µs at the same
// p50 (7.2 µs): the tail is where V8 compiles the module's hot wasm functions with TurboFan in the
// background (about half a second of compiler time in the first loop, a fifth of it for the
// functions that compiled the rule pack when the engine was made) and where the machine itself
// runs slower for a while (p50 12-13 µs in whole runs). `over20` counts a loop's calls above 20 µs.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Math.max(1, Number(process.env.CHECK_RUNS ?? 5) || 5);

// One Node run, in the process `--node-run` starts: the figures as one line of JSON.
if (process.argv[2] === '--node-run' && process.argv[3] === 'baseline') {
  const { measureJsBaseline } = await import('./form-record.mjs');
  console.log(JSON.stringify(measureJsBaseline()));
  process.exit(0);
}
if (process.argv[2] === '--node-run') {
  const { Engine } = await import('../js/node.js');
  const { measureCheck, measureFormCheck, measureStart, measureWarmCheck } = await import('./form-record.mjs');
  const { engine, ...start } = measureStart(Engine);
  const first = measureCheck(engine);
  const form = measureFormCheck(engine);
  const warm = measureWarmCheck(engine);
  engine.free();
  console.log(JSON.stringify({ ...first, start, form, warm }));
  process.exit(0);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f1 = (x) => x.toFixed(1);
const range = (xs) => (xs.length > 1 ? ` [${f1(Math.min(...xs))}–${f1(Math.max(...xs))}]` : '');
/** The line of one loop (`pick` reads it from a run's result) over the runs. */
function line(runtime, runs, pick, what = 'check') {
  const rs = runs.map(pick);
  const r = rs[0];
  const outcome = what === BASELINE ? 'JSON.parse(JSON.stringify(record)), no engine'
    : what === FLOOR ? `${r.steps} steps of integer arithmetic, no engine, no allocation`
      : `${r.findings} findings, ${r.passed} passed`;
  const p99s = rs.map((x) => x.p99);
  const rejected = rs.find((x) => x.rejected)?.rejected;
  const isolated = rs.every((x) => x.isolated !== false);
  return `${what}_p50_us_${runtime}: ${f1(median(rs.map((x) => x.p50)))}  ${what}_p99_us_${runtime}: ${f1(median(p99s))}${range(p99s)}  `
    + `(median of ${rs.length} fresh ${runtime === 'node' ? 'processes' : 'browsers'}; over20 ${median(rs.map((x) => x.over20))}, `
    + `mean ${f1(median(rs.map((x) => x.mean)))}, max ${f1(Math.max(...rs.map((x) => x.max)))}; ${r.calls} calls${what === FLOOR ? '' : ` on a ${r.recordBytes}-byte form record`}, `
    + `${outcome}${rejected ? `, REJECTED: ${rejected}` : ''}${isolated ? '' : '; page NOT cross-origin isolated: 100 µs timer resolution'})`;
}
const ms = (x) => x.toFixed(1);
function start(runtime, runs) {
  const s = runs.map((r) => r.start);
  const at = (k) => ms(median(s.map((x) => x[k])));
  return `check_start_ms_${runtime}: ${s[0].initMs === undefined ? '' : `init ${at('initMs')}  `}engine ${at('engineMs')}  first_check ${at('firstCheckMs')}  (median of ${s.length})`;
}
function print(runtime, runs, baselines) {
  console.log(start(runtime, runs));
  console.log(line(runtime, runs, (r) => r));
  console.log(line(runtime, runs, (r) => r.form, 'form_check'));
  console.log(line(runtime, runs, (r) => r.warm, 'check_warm'));
  if (baselines.length) {
    console.log(line(runtime, baselines, (r) => r, BASELINE));
    console.log(line(runtime, baselines, (r) => r.floor, FLOOR));
  }
}
const BASELINE = 'js_roundtrip';
const FLOOR = 'js_floor';

/** A fresh Node process's result (`--node-run [baseline]`), or a line saying why there is none. */
function nodeRun(...args) {
  const run = spawnSync(process.execPath, [self, '--node-run', ...args], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.log(`check_latency_node: failed: ${(run.stderr || run.stdout).trim().split('\n').slice(-3).join(' ')}`);
    return null;
  }
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

const self = fileURLToPath(import.meta.url);
const nodeRuns = [];
const nodeBaselines = [];
for (let i = 0; i < RUNS; i++) {
  const run = nodeRun();
  const baseline = run && nodeRun('baseline');
  if (!baseline) break;
  nodeRuns.push(run);
  nodeBaselines.push(baseline);
}
if (nodeRuns.length === RUNS) print('node', nodeRuns, nodeBaselines);

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
const { chromium } = await import('playwright-core');
/** One page load in a new browser (`query`: '' for the engine's loops, '?baseline'). */
async function pageRun(query) {
  // A new browser each run: a second page in the same one could find the module's optimised
  // code already compiled.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/benches/check-latency.html${query}`);
    await page.waitForFunction(() => window.__result || null, null, { timeout: 300_000 });
    const r = await page.evaluate(() => window.__result);
    if (r.error || problems.length) throw new Error(r.error ?? problems.join('; '));
    return r;
  } finally {
    await browser.close();
  }
}
const pageRuns = [];
const pageBaselines = [];
const moduleRuns = [];
let failure = null;
try {
  for (let i = 0; i < RUNS; i++) {
    pageRuns.push(await pageRun(''));
    pageBaselines.push(await pageRun('?baseline'));
    // The package's ServiceNow check module (what an extension for ServiceNow alone loads):
    // its start and first loop, when `make wasm-modules` has built it.
    if (existsSync(new URL('../js/pkg-web/iso20000_servicenow_check_bg.wasm', import.meta.url))) {
      moduleRuns.push(await pageRun('?module=servicenow_check'));
    }
  }
} catch (e) {
  failure = e.message;
} finally {
  server.close();
}
if (failure) console.log(`check_latency_chromium: failed: ${failure}`);
else {
  print('chromium', pageRuns, pageBaselines);
  if (moduleRuns.length) {
    console.log(start('chromium_servicenow_check', moduleRuns));
    console.log(line('chromium_servicenow_check', moduleRuns, (r) => r));
  }
}
