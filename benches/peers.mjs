// iso20000 against what a vendor would use instead, in one Node process, on the same bytes of a
// real-shaped ServiceNow incident export (`make bench`; issue 12 item 5). Prints figures,
// asserts nothing.
//
//   node benches/peers.mjs [examples/data/servicenow-incidents.json]
//   BENCH_PEERS_RUNS=N      timed rounds (default 7, at least 5)
//   BENCH_PEERS_SLICE=N     records json-rules-engine runs on (default 2500)
//
// The export is read once as bytes (a Buffer: iso20000's main path) and once as a UTF-8 string
// (what JSON.parse and the string-taking peers need); reading is not timed. Each round runs every
// contender once, in an order rotated per round so that none always follows the garbage of the
// same other one; the figures are medians over the rounds with the min–max in brackets, and each
// ratio's range is that of the per-round ratios.
//   json_parse_ms           JSON.parse of the text alone
//   handwritten_js_ms       benches/handwritten.mjs: JSON.parse, map each row, the 15 incident
//                           checks written out in JavaScript, tally per check
//   json_logic_js_ms        JSON.parse, the same mapping, the pack's own JsonLogic `when` /
//                           `require` of those checks through json-logic-js (with the pack's
//                           operators `param`, `matrix`, `days`, `asOf`, `hasLink` added), tally
//   json_rules_engine_ms    the same checks as json-rules-engine rules (facts: the mapped
//                           record), run on the first BENCH_PEERS_SLICE records and scaled to the
//                           export, plus the JSON.parse median (it is too slow for every record)
//   evaluate_bytes_ms       iso20000 engine.evaluate(bytes, {source: 'servicenow'}): the report
//   evaluate_text_ms        the same from the string, for reference
//   wasm_memory_after_evaluate_bytes   WebAssembly memory of the instance after its first
//                           evaluate(bytes) of the export (wasm memory never shrinks: a page that
//                           evaluates an export keeps this much)
//   evaluate_over_json_parse_servicenow   evaluate_bytes_ms / json_parse_ms
//   speedup_vs_*            peer ms / evaluate_bytes_ms (above 1: iso20000 is faster)
//   peers_sanity_*          each peer's failures per check against iso20000's report.checks
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import jsonLogic from 'json-logic-js';
import { Engine as RulesEngine } from 'json-rules-engine';
import { Engine } from '../js/node.js';
import { INCIDENT_CHECKS, emptyTally, mapIncident, runHandwritten } from './handwritten.mjs';

const file = process.argv[2] ?? fileURLToPath(new URL('../examples/data/servicenow-incidents.json', import.meta.url));
const RUNS = Math.max(5, Number(process.env.BENCH_PEERS_RUNS) || 7);
const SLICE = Math.max(100, Number(process.env.BENCH_PEERS_SLICE) || 2500);
const pack = JSON.parse(readFileSync(new URL('../src/rules/builtin-pack.json', import.meta.url), 'utf8'));
const params = pack.params;
const DAY_MS = 86400000;

const bytes = readFileSync(file);
const text = readFileSync(file, 'utf8');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// ------------------------------------------------------------------------------ json-logic-js
// The pack's checks on incidents, their JsonLogic as written in the pack.
const logicChecks = pack.checks.filter((c) => c.kinds?.includes('incident')).map((c) => ({ id: c.id, when: c.when ?? null, require: c.require }));
jsonLogic.add_operation('param', (name) => params[name] ?? null);
jsonLogic.add_operation('matrix', (table, row, col) => {
  if (!Array.isArray(table) || typeof row !== 'number' || typeof col !== 'number') return null;
  const v = table[row - 1]?.[col - 1];
  return v === undefined ? null : v;
});
jsonLogic.add_operation('days', (a, b) => (typeof a === 'number' && typeof b === 'number' ? (b - a) / DAY_MS : null));
// No incident check reads the as-of time; the operator is there so that any pack condition runs.
const AS_OF = Date.parse('2026-12-01T00:00:00Z');
jsonLogic.add_operation('asOf', () => AS_OF);
// json-logic-js calls an added operation with the data as `this`: the mapped record.
jsonLogic.add_operation('hasLink', function hasLink(...rels) {
  return Array.isArray(this.links) && this.links.some((l) => rels.includes(l.rel));
});

function runJsonLogic(source) {
  const rows = JSON.parse(source).result;
  const tally = emptyTally();
  for (const row of rows) {
    if (row === null || typeof row !== 'object' || row.sys_class_name !== 'incident') continue;
    const r = mapIncident(row);
    for (const c of logicChecks) {
      const t = tally[c.id];
      if (c.when !== null && !jsonLogic.truthy(jsonLogic.apply(c.when, r))) t.other++;
      else if (jsonLogic.truthy(jsonLogic.apply(c.require, r))) t.passed++;
      else t.failed++;
    }
  }
  return { records: rows.length, tally };
}

// -------------------------------------------------------------------------- json-rules-engine
// One rule per check, firing when the check fails: its `when` holds and its `require` does not.
const DONE = ['resolved', 'closed'];
const present = (fact, path) => ({ fact, ...(path ? { path } : {}), operator: 'present', value: true });
const inc = (field) => `$.${field}`;
const major = { fact: 'incident', path: inc('major'), operator: 'equal', value: true };
const security = { fact: 'incident', path: inc('security'), operator: 'equal', value: true };
const done = { fact: 'state', operator: 'in', value: DONE };
const resolution = { all: [present('incident', inc('resolutionCode')), present('incident', inc('resolutionNotes'))] };
const linked = (...rels) => ({ fact: 'links', operator: 'hasLinkTo', value: rels });
const RULES = {
  'INC-CLASSIFIED': { not: present('category') },
  'INC-PRIORITY-MATRIX': { all: [present('impact'), present('urgency'), { fact: 'origin', path: '$.tool', operator: 'notEqual', value: 'itop' },
    { not: { fact: 'priority', operator: 'equal', value: { fact: 'matrixPriority' } } }] },
  'INC-ASSIGNED': { all: [{ fact: 'state', operator: 'in', value: ['in_progress', 'on_hold', ...DONE] }, { not: present('assignmentGroup') }] },
  'INC-RESOLUTION-RECORDED': { all: [done, { not: resolution }] },
  'INC-RESOLVED-TIME': { all: [done, present('openedAt'),
    { not: { all: [present('resolvedAt'), { fact: 'resolvedAt', operator: 'greaterThanInclusive', value: { fact: 'openedAt' } }] } }] },
  'INC-CLOSURE': { all: [{ fact: 'state', operator: 'equal', value: 'closed' }, present('closedAt'),
    { not: { all: [present('resolvedAt'), { fact: 'daysResolvedToClosed', operator: 'lessThanInclusive', value: params.closeAfterResolveDays }] } }] },
  'INC-SLA-MET': { all: [{ fact: 'sla', operator: 'nonEmptyList', value: true }, { not: { fact: 'sla', operator: 'noneBreached', value: true } }] },
  'INC-MAJOR-REVIEWED': { all: [major, done, { not: { any: [present('incident', inc('reviewAt')), linked('review', 'problem')] } }] },
  'INC-MAJOR-PROBLEM': { all: [major, { not: linked('problem') }] },
  'INC-REOPENED': { all: [done, { not: { all: [{ fact: 'incident', path: inc('reopenCount'), operator: 'notEqual', value: null },
    { fact: 'incident', path: inc('reopenCount'), operator: 'lessThanInclusive', value: params.maxReopen }] } }] },
  'INC-REASSIGNMENTS': { not: { all: [{ fact: 'incident', path: inc('reassignmentCount'), operator: 'notEqual', value: null },
    { fact: 'incident', path: inc('reassignmentCount'), operator: 'lessThanInclusive', value: params.maxReassignments }] } },
  'INC-CI-LINKED': { not: linked('affects_ci', 'service') },
  'ISI-ASSIGNED': { all: [security, { not: present('assignmentGroup') }] },
  'ISI-RESOLUTION': { all: [security, done, { not: resolution }] },
  'ISI-CAUSE-ANALYSED': { all: [security, done, { fact: 'priority', operator: 'notEqual', value: null },
    { fact: 'priority', operator: 'lessThanInclusive', value: 2 },
    { not: { any: [linked('problem', 'review'), present('incident', inc('reviewAt'))] } }] },
};

function rulesEngine() {
  const engine = new RulesEngine([], { allowUndefinedFacts: true });
  engine.addOperator('present', (v) => v !== null && v !== undefined && v !== '');
  engine.addOperator('hasLinkTo', (links, rels) => Array.isArray(links) && links.some((l) => rels.includes(l.rel)));
  engine.addOperator('nonEmptyList', (list) => Array.isArray(list) && list.length > 0);
  engine.addOperator('noneBreached', (list) => Array.isArray(list) && list.every((s) => s.breached !== true));
  engine.addFact('matrixPriority', async (_, almanac) => {
    const [impact, urgency] = await Promise.all([almanac.factValue('impact'), almanac.factValue('urgency')]);
    return params.priorityMatrix[impact - 1]?.[urgency - 1] ?? null;
  });
  engine.addFact('daysResolvedToClosed', async (_, almanac) => {
    const [resolved, closed] = await Promise.all([almanac.factValue('resolvedAt'), almanac.factValue('closedAt')]);
    return typeof resolved === 'number' && typeof closed === 'number' ? (closed - resolved) / DAY_MS : null;
  });
  for (const id of INCIDENT_CHECKS) engine.addRule({ name: id, conditions: RULES[id], event: { type: id } });
  return engine;
}
const rules = rulesEngine();

/** The rules on rows [0, SLICE) of a parsed export: failures per check. */
async function runRules(rows) {
  const failed = Object.fromEntries(INCIDENT_CHECKS.map((id) => [id, 0]));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === null || typeof row !== 'object' || row.sys_class_name !== 'incident') continue;
    const { events } = await rules.run(mapIncident(row));
    for (const e of events) failed[e.type]++;
  }
  return failed;
}

// ---------------------------------------------------------------------------------- iso20000
const engine = new Engine();
const options = { source: 'servicenow' };
const failedOf = (report) => Object.fromEntries(report.checks.filter((c) => INCIDENT_CHECKS.includes(c.id)).map((c) => [c.id, c.failed]));

// ------------------------------------------------------------------------------------ rounds
let records = 0;
let handTally = null;
let logicTally = null;
let report = null;
// The slice json-rules-engine runs on, parsed outside its timing (its JSON.parse share is the
// whole export's, added from json_parse's median).
const sliceRows = JSON.parse(text).result.slice(0, SLICE);
const scale = () => records / sliceRows.length;
const contenders = {
  json_parse: () => {
    records = JSON.parse(text).result.length;
  },
  handwritten_js: () => {
    handTally = runHandwritten(text, params).tally;
  },
  json_logic_js: () => {
    logicTally = runJsonLogic(text).tally;
  },
  json_rules_engine: () => runRules(sliceRows),
  evaluate_bytes: () => {
    report = engine.evaluate(bytes, options);
  },
  evaluate_text: () => {
    engine.evaluate(text, options);
  },
};
const names = Object.keys(contenders);
const times = Object.fromEntries(names.map((n) => [n, []]));
async function timed(name) {
  const start = performance.now();
  await contenders[name]();
  return performance.now() - start;
}
// The memory the first evaluate leaves the instance with (the glue's `wasmMemory`, the module
// js/node.js loads), before anything else has run in it.
const wasmMemory = createRequire(import.meta.url)('../js/pkg-node/iso20000.js').wasmMemory;
contenders.evaluate_bytes();
const memoryAfterEvaluate = wasmMemory().buffer.byteLength;
// One warm-up of each (JIT, the engine's first allocation of wasm memory), untimed.
for (const name of names) await timed(name);
const rulesFailed = await runRules(sliceRows);
for (let round = 0; round < RUNS; round++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + round) % names.length];
    times[name].push(await timed(name));
  }
}

// json-rules-engine per round: that round's JSON.parse plus its slice time scaled to the export.
times.json_rules_engine = times.json_rules_engine.map((ms, i) => times.json_parse[i] + ms * scale());
const med = Object.fromEntries(names.map((n) => [n, median(times[n])]));
const range = (xs) => `[${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}]`;
const ms = (n) => `${med[n].toFixed(1)} ${range(times[n])}`;
const ratio = (a, b) => {
  const per = times[a].map((x, i) => x / times[b][i]);
  return `${(med[a] / med[b]).toFixed(2)} [${Math.min(...per).toFixed(2)}–${Math.max(...per).toFixed(2)}]`;
};

console.log(`peers_records: ${records}  peers_bytes: ${bytes.length}  (${file.replace(/.*\//, '')}, ${Math.round(bytes.length / records)} bytes a record; medians of ${RUNS} rounds, [min–max])`);
console.log(`json_parse_ms: ${ms('json_parse')}`);
console.log(`handwritten_js_ms: ${ms('handwritten_js')}`);
console.log(`json_logic_js_ms: ${ms('json_logic_js')}`);
console.log(`json_rules_engine_ms: ${ms('json_rules_engine')}  (JSON.parse + the first ${sliceRows.length} records x ${scale().toFixed(1)})`);
console.log(`evaluate_bytes_ms: ${ms('evaluate_bytes')}`);
console.log(`wasm_memory_after_evaluate_bytes: ${memoryAfterEvaluate}  (${(memoryAfterEvaluate / 2 ** 20).toFixed(0)} MiB for ${(bytes.length / 2 ** 20).toFixed(0)} MiB of input)`);
console.log(`evaluate_text_ms: ${ms('evaluate_text')}`);
console.log(`evaluate_over_json_parse_servicenow: ${ratio('evaluate_bytes', 'json_parse')}`);
console.log(`speedup_vs_handwritten_js: ${ratio('handwritten_js', 'evaluate_bytes')}`);
console.log(`speedup_vs_json_logic_js: ${ratio('json_logic_js', 'evaluate_bytes')}`);
console.log(`speedup_vs_json_rules_engine: ${ratio('json_rules_engine', 'evaluate_bytes')}`);

// Sanity: an honest peer fails the same records per check as iso20000. Printed, not asserted.
const iso = failedOf(report);
const sliceReport = engine.evaluate(JSON.stringify({ result: sliceRows }), options);
const isoSlice = failedOf(sliceReport);
function agreement(name, failed, reference, note) {
  const off = INCIDENT_CHECKS.filter((id) => failed[id] !== (reference[id] ?? 0));
  const total = INCIDENT_CHECKS.reduce((n, id) => n + failed[id], 0);
  const line = off.length === 0 ? `agrees on ${INCIDENT_CHECKS.length}/${INCIDENT_CHECKS.length} incident checks (${total} failures)`
    : `DISAGREES on ${off.length}/${INCIDENT_CHECKS.length}: ${off.map((id) => `${id} ${failed[id]} vs iso20000 ${reference[id] ?? 0}`).join(', ')}${note ? ` (${note})` : ''}`;
  console.log(`peers_sanity_${name}: ${line}`);
}
const failures = (tally) => Object.fromEntries(INCIDENT_CHECKS.map((id) => [id, tally[id].failed]));
const NOT_CARRIED = 'a field the row does not carry reads as null there, so the check fails where iso20000 does not judge it';
agreement('handwritten_js', failures(handTally), iso);
agreement('json_logic_js', failures(logicTally), iso, NOT_CARRIED);
agreement('json_rules_engine', rulesFailed, isoSlice, `on the first ${sliceRows.length} records; ${NOT_CARRIED}`);
engine.free();
