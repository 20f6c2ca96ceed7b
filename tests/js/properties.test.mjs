// Properties of whole evaluations through the wasm build (the npm package under Node), with a
// small seeded generator (no dependency): for every adapter, chunked and merged evaluation gives
// the one-pass report byte for byte, records.in = evaluated + rejected with broken records mixed
// in, a partial merged twice is refused; the same for CSV list exports. The pools are the valid
// payloads of each tool's conformance corpus file (as in tests/properties.rs). PROPERTY_SEED and
// PROPERTY_CASES override the seed and the number of cases per property and tool.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Engine } from '../../js/node.js';

const SEED = Number(process.env.PROPERTY_SEED ?? 20000);
const CASES = Number(process.env.PROPERTY_CASES ?? 12);
const TOOLS = ['canonical', 'servicenow', 'jira', 'glpi', 'zammad', 'itop', 'znuny', 'freshservice'];
const ENVELOPES = ['result', 'records', 'issues', 'values', 'data', 'tickets', 'changes', 'problems', 'releases',
  'ticket', 'change', 'problem', 'release', 'Ticket', 'objects'];

/** mulberry32: a seeded generator of floats in [0, 1). */
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return {
    int,
    pick: (xs) => xs[int(xs.length)],
    /** Up to `max` distinct items in a random order. */
    subset(xs, max) {
      const idx = xs.map((_, i) => i);
      for (let i = idx.length - 1; i > 0; i--) { const j = int(i + 1); [idx[i], idx[j]] = [idx[j], idx[i]]; }
      return idx.slice(0, int(Math.min(max, xs.length) + 1)).map((i) => xs[i]);
    },
    /** Sorted distinct cut points of a list of length n, 0 and n included. */
    cuts(n) {
      const c = new Set([0, n]);
      for (let k = int(5); k > 0; k--) c.add(int(n + 1));
      return [...c].sort((x, y) => x - y);
    },
  };
}

/** Arbitrary JSON values with keys adapters know (broken records). */
function arbitrary(g, depth = 0) {
  const keys = ['id', 'kind', 'sys_id', 'number', 'state', 'priority', 'opened_at', 'openedAt', 'links', 'value',
    'display_value', 'fields', 'key', 'status', 'TicketID', 'approval', 'type', 'sys_class_name', 'incident'];
  const leaves = [null, true, false, 0, -1, 6, 1e15, 1.5, '', '2026-13-01', '2026-01-01T00:00:00Z', '1 - High', '-5', 'x'.repeat(g.int(40))];
  const r = g.int(depth > 2 ? 4 : 7);
  if (r < 4) return g.pick(leaves);
  if (r === 4) return Array.from({ length: g.int(3) }, () => arbitrary(g, depth + 1));
  return Object.fromEntries(Array.from({ length: g.int(5) }, () => [g.pick(keys), arbitrary(g, depth + 1)]));
}

const engine = new Engine({ asOf: '2026-06-30' });
// Workers have engines of their own (as Web Workers would).
const workerEngine = new Engine({ asOf: '2026-06-30' });
const corpusDir = new URL('../conformance/', import.meta.url);
const cases = (file) => JSON.parse(readFileSync(new URL(file, corpusDir), 'utf8')).cases;
const optionsOf = (tool) => ({ source: tool, to: '2026-06-30' });

function elements(input) {
  if (Array.isArray(input)) return input.filter((v) => v && typeof v === 'object' && !Array.isArray(v));
  if (input && typeof input === 'object') {
    for (const k of ENVELOPES) {
      const v = input[k];
      if (Array.isArray(v)) return v.filter((x) => x && typeof x === 'object');
      if (k === 'objects' && v && typeof v === 'object') return Object.values(v);
    }
    return [input];
  }
  return [];
}

/** Valid payloads of a tool: evaluated alone without a rejection, not joined, not waiting for a related row, one per record identity. */
function pool(tool) {
  const files = tool === 'canonical' ? ['evaluate.json', 'checks.json'] : [`${tool}.json`];
  const seen = new Set();
  const ids = new Set();
  const out = [];
  const options = optionsOf(tool);
  for (const file of files) {
    for (const c of cases(file)) {
      const source = c.options?.source ?? 'auto';
      if (c.error || c.input === undefined || !(source === tool || (source === 'auto' && tool !== 'canonical'))) continue;
      for (const r of elements(c.input)) {
        const text = JSON.stringify([r]);
        if (seen.has(text)) continue;
        seen.add(text);
        const report = engine.evaluate(text, options);
        const s = engine.session(options);
        const { unjoined } = s.push(text);
        s.free?.();
        const mine = engine.normalize(text, options).records.map((x) => x.id);
        if (report.records.rejected || report.records.joined || unjoined || mine.some((id) => ids.has(id))) continue;
        mine.forEach((id) => ids.add(id));
        out.push(r);
      }
    }
  }
  return out;
}

/** Chunks pushed into one session, or (merge) evaluated in workers and merged as JSON text. */
function sessions(chunks, options, merge) {
  const main = engine.session(options);
  for (const { offset, input } of chunks) {
    if (merge) {
      const worker = workerEngine.session(options);
      worker.setOffset(offset);
      worker.push(input);
      main.merge(JSON.stringify(worker.partial()));
    } else {
      main.push(input);
    }
  }
  return main.finish();
}

const same = (a, b, what) => {
  const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
  if (x === y) return;
  let i = 0;
  while (x[i] === y[i]) i++;
  assert.fail(`${what}: reports differ at character ${i}: …${x.slice(Math.max(0, i - 80), i + 80)}… vs …${y.slice(Math.max(0, i - 80), i + 80)}…`);
};

for (const [t, tool] of TOOLS.entries()) {
  test(`${tool}: chunked and merged evaluation equal one pass, records in = evaluated + rejected, a partial merges once`, () => {
    const payloads = pool(tool);
    assert.ok(payloads.length >= 3, `${tool}: ${payloads.length} valid payloads`);
    const options = optionsOf(tool);
    const g = generator(SEED + t);
    for (let n = 0; n < CASES; n++) {
      const records = g.subset(payloads, 20);
      const whole = engine.evaluate(JSON.stringify(records), options);
      const bounds = g.cuts(records.length);
      const chunks = bounds.slice(1).map((end, i) => ({ offset: bounds[i], input: JSON.stringify(records.slice(bounds[i], end)) }));
      same(whole, sessions(chunks, options, false), `${tool} case ${n} chunked (cuts ${bounds})`);
      same(whole, sessions(chunks, options, true), `${tool} case ${n} merged (cuts ${bounds})`);

      // Broken records beside valid ones.
      const mixed = [...records];
      for (let k = g.int(4); k > 0; k--) mixed.splice(g.int(mixed.length + 1), 0, arbitrary(g));
      const r = engine.evaluate(JSON.stringify(mixed), options).records;
      assert.equal(r.in, mixed.length, `${tool} case ${n}: every element counted`);
      assert.equal(r.in, r.evaluated + r.rejected, `${tool} case ${n}: in = evaluated + rejected`);

      if (records.length > 0) {
        const worker = engine.session(options);
        worker.push(JSON.stringify(records));
        const partial = JSON.stringify(worker.partial());
        const main = engine.session(options);
        main.merge(partial);
        assert.throws(() => main.merge(partial), (e) => e.code === 'E_PARTIAL', `${tool} case ${n}: merged twice`);
        assert.equal(main.finish().records.in, records.length);
      }
    }
  });
}

test('CSV list exports: chunked and merged equal one pass; every row counted', () => {
  const header = 'number,short_description,state,priority,impact,urgency,category,assignment_group,opened_at,resolved_at,close_code,close_notes';
  const states = ['New', 'In Progress', 'On Hold', 'Resolved', 'Closed'];
  const levels = ['1 - High', '2 - Medium', '3 - Low'];
  const g = generator(SEED + 100);
  const options = { source: 'auto', to: '2026-06-30' };
  for (let n = 0; n < CASES * 2; n++) {
    const rows = Array.from({ length: g.int(30) }, (_, i) => {
      const p = g.int(256);
      const resolved = p % 5 >= 3 ? `2026-0${(p % 6) + 1}-2${p % 8} 17:30:00` : '';
      return [`INC${String(10000 + i).padStart(7, '0')}`, `"Printer ${p}, floor ${p % 4}"`, states[p % 5], `${(p % 5) + 1} - P`,
        levels[p % 3], levels[Math.floor(p / 3) % 3], p % 7 ? 'network' : '', p % 11 ? 'Service Desk' : '',
        `2026-0${(p % 6) + 1}-1${p % 9} 09:${String(p % 60).padStart(2, '0')}:00`, resolved,
        p % 5 >= 3 && p % 4 ? 'Solved (Permanently)' : '', p % 3 ? '' : '"Restarted, then ""fixed"""'].join(',');
    });
    const csv = (part) => [header, ...part].join('\n') + '\n';
    const whole = engine.evaluate(csv(rows), options);
    assert.equal(whole.records.in, rows.length);
    assert.equal(whole.records.in, whole.records.evaluated + whole.records.rejected);
    const bounds = g.cuts(rows.length);
    const chunks = bounds.slice(1).map((end, i) => ({ offset: bounds[i], input: csv(rows.slice(bounds[i], end)) }));
    same(whole, sessions(chunks, options, false), `CSV case ${n} chunked (cuts ${bounds})`);
    same(whole, sessions(chunks, options, true), `CSV case ${n} merged (cuts ${bounds})`);
  }
});
