// wasm throughput under Node on the bundled dataset (`make bench`). Prints figures, asserts nothing.
//   wasm_records_per_s        records per second of engine.evaluate(text): JSON text in, report out
//   evaluate_over_json_parse  time of engine.evaluate(text) / time of JSON.parse(text), same process
//   wasm_gzip_bytes           the shipped .wasm, gzip -9
//   csv_records_per_s         records per second of engine.evaluate(csv) on the ServiceNow list CSV
//   adapter_records_per_s_TOOL  records per second of each adapter on its corpus elements
//   custom_condition_evals_per_s  JsonLogic conditions of a custom pack evaluated per second: the
//                             extra time 400 custom checks add to an evaluation, per condition run
//   engine_new_ms_first       new Engine() the first time in the process (the module loaded),
//                             what a page or a worker waits before its first check: the median
//                             over 7 fresh Node processes, [min–max] after it (one process's
//                             figure moved between 12 and 30 ms from run to run)
//   engine_new_ms_next        the next engines with the built-in pack alone (median of 21): the
//                             pack compiled once per wasm instance is shared
//   engine_new_ms_compiled    engines with packs of their own or a priority matrix (median of
//                             21 after 20 untimed; here the matrix): the packs compiled for the engine
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Engine } from '../js/node.js';

// `--first-engine`: only the first engine of this process, in ms (run by the main process below,
// once per fresh process).
if (process.argv[2] === '--first-engine') {
  const start = performance.now();
  new Engine().free();
  console.log((performance.now() - start).toFixed(3));
  process.exit(0);
}

const file = process.argv[2] ?? fileURLToPath(new URL('../examples/data/demo-export.json', import.meta.url));
const csvFile = process.argv[3] ?? fileURLToPath(new URL('../examples/data/demo-incidents.csv', import.meta.url));
const text = readFileSync(file, 'utf8');
const csv = readFileSync(csvFile, 'utf8');

function time(f) {
  const start = performance.now();
  f();
  return performance.now() - start;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Made first in a process of its own, before anything else ran in the module.
const firstRuns = Array.from({ length: 7 }, () => {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--first-engine'], { encoding: 'utf8' });
  return Number(run.stdout.trim());
}).filter(Number.isFinite);
const engineFirstMs = median(firstRuns);
const firstRange = `[${Math.min(...firstRuns).toFixed(1)}–${Math.max(...firstRuns).toFixed(1)}]`;
new Engine().free(); // this process's first (timed above in processes of their own)
const engineNextMs = median(Array.from({ length: 21 }, () => time(() => new Engine().free())));
// 20 untimed first: the engines above compiled the built-in pack once, so the compiler's code
// is still being tiered up by V8 (the median of the first 21 came out 5.1 ms, of the next 3.3).
const matrix = { context: { priorityMatrix: [[1, 2, 3], [2, 3, 4], [3, 4, 5]] } };
for (let i = 0; i < 20; i++) new Engine(matrix).free();
const engineCompiledMs = median(Array.from({ length: 21 }, () => time(() => new Engine(matrix).free())));

const engine = new Engine();
const options = { to: '2026-11-30' };
let records = 0;
const evaluate = () => {
  records = engine.evaluate(text, options).records.in;
};
const parse = () => JSON.parse(text);
// Warm both up, then alternate them so that both see the same machine state; medians of 15.
evaluate();
parse();
const evals = [];
const parses = [];
for (let i = 0; i < 15; i++) {
  evals.push(time(evaluate));
  parses.push(time(parse));
}
const evaluateMs = median(evals);
const parseMs = median(parses);
let csvRecords = 0;
const csvRun = () => {
  csvRecords = engine.evaluate(csv, options).records.in;
};
csvRun();
const csvMs = median(Array.from({ length: 15 }, () => time(csvRun)));
const wasm = readFileSync(new URL('../js/pkg-web/iso20000_bg.wasm', import.meta.url));

console.log(`wasm_records_per_s: ${Math.round(records / (evaluateMs / 1000))}`);
console.log(`evaluate_over_json_parse: ${(evaluateMs / parseMs).toFixed(2)}`);
console.log(`wasm_gzip_bytes: ${gzipSync(wasm, { level: 9 }).length}`);
// Custom conditions: the same export with and without CUSTOM_CHECKS custom checks on incidents
// (enough that their time stands well above the run-to-run noise of the export); the
// difference is the time of their conditions.
const CUSTOM_CHECKS = 400;
const conditions = [
  { '!!': { var: 'category' } },
  { in: [{ var: 'state' }, ['new', 'in_progress', 'on_hold', 'resolved', 'closed']] },
  { '<=': [{ var: 'priority' }, 5] },
  { or: [{ '!!': { var: 'assignmentGroup' } }, { '==': [{ var: 'state' }, 'new'] }] },
  { and: [{ '>=': [{ var: 'impact' }, 1] }, { '<=': [{ var: 'urgency' }, 3] }] },
  { '!': { '==': [{ var: 'incident.resolutionCode' }, 'Duplicate'] } },
  { '<': [{ days: [{ var: 'openedAt' }, { asOf: [] }] }, 400] },
  { '==': [{ var: 'priority' }, { matrix: [[[1, 2, 3], [2, 3, 4], [3, 4, 5]], { var: 'impact' }, { var: 'urgency' }] }] },
];
const words = { en: 'custom', ja: 'カスタム' };
const customPack = {
  id: 'bench', version: '1',
  checks: Array.from({ length: CUSTOM_CHECKS }, (_, i) => ({
    id: `BENCH-${i}`, kinds: ['incident'], clauses2018: ['8.6.1'], phase: 'do', severity: 'observation',
    require: conditions[i % conditions.length], title: words, message: words, hint: words,
  })),
};
const bare = new Engine({ noBuiltin: true, rules: [{ id: 'empty', version: '1' }] });
const custom = new Engine({ noBuiltin: true, rules: [customPack] });
let incidents = 0;
const runBare = () => {
  incidents = bare.evaluate(text, options).records.byKind.incident ?? 0;
};
const runCustom = () => custom.evaluate(text, options);
runBare();
runCustom();
const bareTimes = [];
const customTimes = [];
for (let i = 0; i < 11; i++) {
  bareTimes.push(time(runBare));
  customTimes.push(time(runCustom));
}
const conditionMs = Math.max(0.001, median(customTimes) - median(bareTimes));
console.log(`custom_condition_evals_per_s: ${Math.round((CUSTOM_CHECKS * incidents) / (conditionMs / 1000))}`);
console.log(`csv_records_per_s: ${Math.round(csvRecords / (csvMs / 1000))}`);
// Each adapter on its own: the well-formed elements of its conformance corpus file, repeated to
// 6,000 records (same element count as the demo export) and evaluated with that source.
const corpusDir = new URL('../tests/conformance/', import.meta.url);
// The records of a corpus input: a plain array, a list envelope ({"tickets": […]}, {"Ticket": […]},
// {"result": […]}), an iTop {"objects": {key: {…}}} map, or a single record.
function elementsOf(input) {
  if (Array.isArray(input)) return input;
  if (!input || typeof input !== 'object') return [];
  const lists = Object.values(input).filter(Array.isArray);
  if (lists.length === 1) return lists[0];
  if (input.objects && typeof input.objects === 'object') return Object.values(input.objects).map((o) => ({ objects: { [`${o.class}::${o.key}`]: o } }));
  return [input];
}
for (const tool of ['servicenow', 'jira', 'glpi', 'zammad', 'itop', 'znuny', 'freshservice']) {
  const corpus = JSON.parse(readFileSync(new URL(`${tool}.json`, corpusDir), 'utf8'));
  const elements = [];
  for (const c of corpus.cases) {
    const input = c.input;
    const items = elementsOf(input);
    for (const item of items) {
      try {
        const n = engine.normalize([item], { source: tool });
        if (n.records.length === 1 && n.rejected.length === 0) elements.push(item);
      } catch {
        // not an element this adapter reads on its own
      }
    }
  }
  if (!elements.length) continue;
  const batch = JSON.stringify(Array.from({ length: 6000 }, (_, i) => elements[i % elements.length]));
  const run = () => engine.evaluate(batch, { source: tool, to: '2026-11-30' });
  run();
  const ms = median(Array.from({ length: 7 }, () => time(run)));
  console.log(`adapter_records_per_s_${tool}: ${Math.round(6000 / (ms / 1000))}  (${elements.length} distinct elements, ${(batch.length / 6000).toFixed(0)} bytes each)`);
}
console.log(`engine_new_ms_first: ${engineFirstMs.toFixed(1)} ${firstRange}  engine_new_ms_next: ${engineNextMs.toFixed(2)}  engine_new_ms_compiled: ${engineCompiledMs.toFixed(2)}`);
console.log(`wasm_mb_per_s: ${(text.length / 1e6 / (evaluateMs / 1000)).toFixed(1)}`);
console.log(`json_parse_ms: ${parseMs.toFixed(1)}  evaluate_ms: ${evaluateMs.toFixed(1)}  records: ${records}  bytes: ${text.length}`);
engine.free();
