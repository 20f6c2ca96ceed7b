// The npm package's API: entry points, inputs, errors as Error objects with codes, sessions and
// partials, freeing, the catalogue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Engine, catalog, init, version } from '../../js/node.js';
import * as web from '../../js/web.js';

const incident = (id, extra = {}) => ({ id, kind: 'incident', state: 'new', category: 'network', openedAt: '2026-03-01T09:00:00Z', ...extra });

test('init() is a no-op under Node and can be awaited repeatedly', async () => {
  await init();
  await init();
  assert.match(version(), /^\d+\.\d+\.\d+$/);
});

test('the web build refuses to work before init and then works', async () => {
  assert.throws(() => new web.Engine(), (e) => e.code === 'E_MISUSE' && /init/.test(e.message));
  web.initSync(readFileSync(new URL('../../js/pkg-web/iso20000_bg.wasm', import.meta.url)));
  web.initSync(readFileSync(new URL('../../js/pkg-web/iso20000_bg.wasm', import.meta.url)));
  const e = new web.Engine({ asOf: '2026-06-30' });
  assert.equal(e.evaluate([incident('A')]).records.evaluated, 1);
  e.free();
});

test('evaluate accepts JSON text, UTF-8 bytes, ArrayBuffer and arrays of records alike', () => {
  const e = new Engine({ asOf: '2026-06-30' });
  const records = [incident('A'), incident('B', { category: null })];
  const text = JSON.stringify(records);
  const bytes = new TextEncoder().encode(text);
  const expected = JSON.stringify(e.evaluate(text));
  assert.equal(JSON.stringify(e.evaluate(bytes)), expected);
  assert.equal(JSON.stringify(e.evaluate(bytes.buffer)), expected);
  assert.equal(JSON.stringify(e.evaluate(records)), expected);
  assert.equal(JSON.stringify(e.evaluate(Buffer.from(text))), expected);
  e.free();
});

test('malformed JSON throws an Error with code, line and column', () => {
  const e = new Engine();
  assert.throws(() => e.evaluate('[\n{"id": "a"},\n{"id": }\n]'), (err) => {
    assert.ok(err instanceof Error);
    assert.equal(err.code, 'E_JSON_SYNTAX');
    assert.equal(err.line, 3);
    assert.equal(err.column, 8);
    return true;
  });
  assert.throws(() => e.evaluate(new Uint8Array([0x5b, 0xff, 0x5d])), (err) => err.code === 'E_ENCODING' && err.line === 1);
  assert.throws(() => e.evaluate(42), (err) => err.code === 'E_INPUT_SHAPE');
  assert.throws(() => e.evaluate('[]', 'not options'), (err) => err.code === 'E_OPTION');
  e.free();
});

test('bad engine options and bad rule packs throw with codes', () => {
  assert.throws(() => new Engine({ edition: '2005' }), (e) => e.code === 'E_OPTION' && e.path === '$.edition');
  assert.throws(() => new Engine({ rules: [{ id: 'x', version: '1', checks: [{ id: 'C', kinds: ['incident'], clauses2018: ['99.9'], phase: 'do', severity: 'observation', require: true, title: { en: 'a', ja: 'b' }, message: { en: 'a', ja: 'b' }, hint: { en: 'a', ja: 'b' } }] }] }),
    (e) => e.code === 'E_RULES' && Array.isArray(e.details) && e.details[0].path.includes('clauses2018'));
});

test('check() answers for one record: clauses, findings with messages in the engine language, passed and not applicable', () => {
  const en = new Engine({ asOf: '2026-06-30' });
  const ja = new Engine({ asOf: '2026-06-30', lang: 'ja' });
  const record = incident('INC-1', { category: '', impact: 1, urgency: 1, priority: 3 });
  const r = en.check(record, { source: 'canonical' });
  assert.equal(r.record.id, 'INC-1');
  assert.deepEqual(r.clauses.map((c) => c.id), ['8.6.1']);
  assert.deepEqual(r.findings.map((f) => f.check).sort(), ['INC-CLASSIFIED', 'INC-PRIORITY-MATRIX']);
  assert.ok(r.passed.length === 0 || !r.passed.includes('INC-CLASSIFIED'));
  assert.ok(r.notApplicable.includes('INC-RESOLUTION-RECORDED'));
  const rj = ja.check(JSON.stringify(record), { source: 'canonical' });
  const f = rj.findings.find((x) => x.check === 'INC-CLASSIFIED');
  assert.equal(f.severityLabel, '軽微な不適合');
  assert.match(f.message, /分類/);
  assert.deepEqual(en.map(record).map((c) => c.id), ['8.6.1']);
  assert.deepEqual(en.map(record, { edition: '2011' }).map((c) => c.id), ['8.1']);
  en.free();
  ja.free();
});

test('sessions: partials from several engines (workers) merge into the one-pass report', () => {
  const all = Array.from({ length: 30 }, (_, i) => incident(`INC-${String(i).padStart(2, '0')}`, { category: i % 4 ? 'network' : null }));
  all.splice(7, 0, { id: 'bad', kind: 'incident', openedAt: 'yesterday' });
  const options = { to: '2026-06-30' };
  const one = new Engine({ asOf: '2026-06-30' });
  const whole = one.evaluate(all, options);
  const workers = [new Engine({ asOf: '2026-06-30' }), new Engine({ asOf: '2026-06-30' })];
  const partials = [all.slice(0, 12), all.slice(12)].map((slice, i) => {
    const s = workers[i].session(options);
    s.setOffset(i === 0 ? 0 : 12);
    s.push(slice);
    return JSON.parse(JSON.stringify(s.partial()));
  });
  const main = one.session(options);
  partials.forEach((p) => main.merge(p));
  assert.deepEqual(main.finish(), whole);
  assert.equal(whole.rejected[0].index, 7);
  assert.throws(() => main.push([]), (e) => e.code === 'E_MISUSE');
  // The same as text: partials posted unparsed, the report as the engine writes it.
  const texts = [all.slice(0, 12), all.slice(12)].map((slice, i) => {
    const s = workers[i].session(options);
    s.setOffset(i === 0 ? 0 : 12);
    s.push(slice);
    const text = s.partialText();
    assert.equal(typeof text, 'string');
    assert.deepEqual(JSON.parse(text), partials[i]);
    return text;
  });
  const byText = one.session(options);
  texts.forEach((t) => byText.merge(t));
  const reportText = byText.finishText();
  assert.equal(typeof reportText, 'string');
  assert.deepEqual(JSON.parse(reportText), whole);
  assert.throws(() => byText.finishText(), (e) => e.code === 'E_MISUSE');
  const other = new Engine({ asOf: '2026-06-30' }).session({ to: '2026-05-31' });
  assert.throws(() => other.merge(partials[0]), (e) => e.code === 'E_PARTIAL');
  assert.throws(() => other.merge('{"not": "a partial"}'), (e) => e.code === 'E_PARTIAL');
  [one, ...workers].forEach((w) => w.free());
});

test('free() and Symbol.dispose release the engine; using it afterwards throws E_MISUSE', () => {
  const e = new Engine();
  e[Symbol.dispose ?? Symbol.for('Symbol.dispose')]();
  assert.throws(() => e.evaluate('[]'), (err) => err.code === 'E_MISUSE');
  e.free(); // idempotent
});

test('the catalogue: clauses of both editions and the crosswalk both ways', () => {
  const c2018 = catalog.clauses();
  const c2011 = catalog.clauses({ edition: '2011' });
  assert.equal(c2018.edition, '2018');
  assert.ok(c2018.clauses.length > 80 && c2011.clauses.length > 55);
  assert.ok(c2018.clauses.find((c) => c.id === '8.7.3.2'));
  assert.ok(c2011.clauses.find((c) => c.id === '4.5.4.2'));
  const hits = catalog.crosswalk({ from: '2011', clause: '9.2' });
  assert.ok(hits.some((h) => h.to === '8.5.1' && h.relation === 'equal'), JSON.stringify(hits));
  assert.ok(hits.every((h) => h.fromEdition === '2011' && h.toEdition === '2018' && ['equal', 'subset', 'superset', 'intersect'].includes(h.relation)));
  const back = catalog.crosswalk({ from: '2018', clause: '8.5.1' });
  assert.ok(back.some((h) => h.to === '9.2'));
  assert.ok(catalog.processes().some((p) => p.id === 'incident-management'));
  assert.equal(catalog.itil4().practices.length, 34);
  assert.throws(() => catalog.crosswalk({ from: '2011' }), (e) => e.code === 'E_MISUSE');
});

test('naive local display times use the given IANA zone (host Intl database in wasm)', () => {
  const e = new Engine({ asOf: '2026-06-30', timeZone: 'Asia/Tokyo' });
  const n = e.normalize({ sys_id: 'x', number: 'INC0000001', state: 'New', opened_at: '2026-04-01 09:00:00' }, { source: 'servicenow' });
  assert.equal(n.records[0].openedAt, '2026-04-01T00:00:00Z');
  const ny = e.normalize({ sys_id: 'x', number: 'INC0000001', state: 'New', opened_at: '2026-07-01 09:00:00' }, { source: 'servicenow', timeZone: 'America/New_York' });
  assert.equal(ny.records[0].openedAt, '2026-07-01T13:00:00Z');
  assert.throws(() => new Engine({ timeZone: 'Nowhere/Land' }), (err) => err.code === 'E_OPTION');
  e.free();
});

test('loadRules: a good pack changes the findings; a bad one throws every error and the engine keeps its packs', () => {
  const words = { en: 'x', ja: 'x' };
  const record = { id: 'INC-9', kind: 'incident', state: 'new', category: 'network', assignee: null };
  const e = new Engine({ asOf: '2026-06-30' });
  assert.ok(!e.check(record).findings.some((f) => f.check === 'OWNER'));
  e.loadRules({ id: 'p', version: '1', checks: [{ id: 'OWNER', kinds: ['incident'], clauses2018: ['8.6.1'], phase: 'do', severity: 'observation', require: { '!!': { var: 'assignee' } }, title: words, message: words, hint: words }] });
  const finding = e.check(record).findings.find((f) => f.check === 'OWNER');
  assert.equal(finding.explanation[0].field, 'assignee');
  assert.throws(
    () => e.loadRules([{ id: 'bad', version: '1', checks: [{ id: 'X', kinds: ['incident'], clauses2018: ['8.6.1', '42'], phase: 'do', severity: 'fatal', require: { nope: 1 }, title: words, message: words, hint: words }] }]),
    (err) => err.code === 'E_RULES' && err.details.length >= 1 && err.details.some((d) => d.path.includes('severity')),
  );
  assert.ok(e.check(record).findings.some((f) => f.check === 'OWNER'), 'previous pack kept');
  assert.throws(
    () => e.loadRules([{ id: 'bad2', version: '1', checks: [{ id: 'X', kinds: ['incident'], clauses2018: ['8.6.1', '42'], phase: 'do', severity: 'observation', require: { nope: 1 }, title: words, message: words, hint: words }] }]),
    (err) => err.code === 'E_RULES' && err.details.length === 2,
  );
  e.free();
});

test('engines of one module share the compiled built-in pack: a pack loaded into one, or its thresholds, reach no other', () => {
  const words = { en: 'x', ja: 'x' };
  const record = { id: 'INC-9', kind: 'incident', state: 'new', category: 'network', assignee: null };
  const owner = (e) => e.check(record).findings.some((f) => f.check === 'OWNER');
  const a = new Engine({ asOf: '2026-06-30' });
  const b = new Engine({ asOf: '2026-06-30', thresholds: { n: 5, p: 10, l: 20 } });
  a.loadRules({ id: 'p', version: '1', checks: [{ id: 'OWNER', kinds: ['incident'], clauses2018: ['8.6.1'], phase: 'do', severity: 'observation', require: { '!!': { var: 'assignee' } }, title: words, message: words, hint: words }] });
  assert.ok(owner(a));
  assert.ok(!owner(b));
  const c = new Engine({ asOf: '2026-06-30' });
  assert.ok(!owner(c), 'a new engine has the built-in pack alone');
  assert.deepEqual(b.evaluate([incident('A')]).thresholds, { n: 5, p: 10, l: 20 });
  const d = new Engine();
  assert.deepEqual(c.evaluate([incident('A')]).thresholds, d.evaluate([]).thresholds);
  assert.notDeepEqual(c.evaluate([incident('A')]).thresholds, { n: 5, p: 10, l: 20 });
  for (const e of [a, b, c, d]) e.free();
});

test('applyLogic runs JsonLogic with the engine evaluator', async () => {
  const { applyLogic } = await import('../../js/node.js');
  assert.equal(applyLogic({ '+': [1, { var: 'a' }] }, { a: 2 }), 3);
  assert.throws(() => applyLogic({ frob: [] }), (e) => e.code === 'E_RULES');
});

test('findingsCsv quotes fields, defuses formulas, adds a BOM on request and needs findings: true', async () => {
  const { Engine, findingsCsv } = await import('../../js/node.js');
  const engine = new Engine({ asOf: '2026-06-30' });
  const input = [{ id: '=HYPERLINK("x")', kind: 'incident', state: 'new', category: null, title: 'a, "b"' }];
  const report = engine.evaluate(input, { source: 'canonical', findings: true });
  const csv = findingsCsv(report);
  const [header, row] = csv.split('\r\n');
  assert.equal(header.split(',').length, 13);
  assert.ok(row.startsWith(`"'=HYPERLINK(""x"")",`), row);
  assert.ok(csv.endsWith('\r\n'));
  assert.ok(findingsCsv(report, { bom: true }).startsWith('\ufeffRecord,'));
  assert.throws(() => findingsCsv(engine.evaluate(input, { source: 'canonical' })), { code: 'E_MISUSE' });
  engine.free();
});

test('evaluate reports progress with onProgress and gives the same report', () => {
  const engine = new Engine({ asOf: '2026-06-30' });
  const input = JSON.stringify(Array.from({ length: 5000 }, (_, i) => incident(`INC-${i}`, { category: i % 3 ? 'network' : null })));
  const calls = [];
  const withProgress = engine.evaluate(input, { source: 'canonical', onProgress: (done, total) => calls.push([done, total]) });
  assert.deepEqual(withProgress, engine.evaluate(input, { source: 'canonical' }));
  assert.ok(calls.length >= 4, `${calls.length} calls`);
  assert.ok(calls.every(([d, t], i) => t === 20000 && d <= t && (i === 0 || d >= calls[i - 1][0])));
  assert.deepEqual(calls.at(-1), [20000, 20000]);
  const bytes = new TextEncoder().encode(input);
  let last;
  assert.equal(engine.evaluate(bytes, { source: 'canonical', onProgress: (d) => (last = d) }).records.in, 5000);
  assert.equal(last, 20000);
  assert.throws(() => engine.evaluate(input, { onProgress: 'yes' }), { code: 'E_OPTION' });
  engine.free();
});

test('session.push counts related payloads it could not join; one piece with onProgress joins them', () => {
  const engine = new Engine({ asOf: '2026-06-30' });
  const incidents = Array.from({ length: 3000 }, (_, i) => ({ sys_id: `i${i}`, number: `INC${i}`, sys_class_name: 'incident', state: '7', priority: '3', impact: '2', urgency: '2', opened_at: '2026-03-01 09:00:00', category: 'network' }));
  // The SLA rows of a task_sla export appended after the incidents, as a user bundles two exports.
  const slas = incidents.map((r, i) => ({ sys_id: `s${i}`, task: { value: r.sys_id, link: '' }, sla: { value: 'p3', link: '' }, stage: 'completed', has_breached: String(i % 10 === 0), planned_end_time: '2026-03-02 09:00:00' }));
  const all = [...incidents, ...slas];
  const options = { source: 'servicenow', table: undefined };
  const whole = engine.evaluate(JSON.stringify(all), options);
  // Cut in two: the second piece's SLA rows have no incident to join.
  const cut = engine.session(options);
  const first = cut.push(JSON.stringify(all.slice(0, 3000)));
  const second = cut.push(JSON.stringify(all.slice(3000)));
  assert.equal(first.unjoined, 0);
  assert.equal(second.unjoined, 3000);
  const cutReport = cut.finish();
  // One piece with progress: everything joined, the report of evaluate().
  const one = engine.session(options);
  const calls = [];
  const summary = one.push(JSON.stringify(all), { onProgress: (d, t) => calls.push([d, t]) });
  assert.equal(summary.unjoined, 0);
  assert.equal(summary.in, 6000);
  assert.ok(calls.length >= 4 && calls.at(-1)[0] === calls.at(-1)[1], JSON.stringify(calls.slice(-2)));
  const oneReport = one.finish();
  const sla = (r) => r.checks.find((c) => c.id === 'INC-SLA-MET');
  assert.deepEqual([sla(oneReport).passed, sla(oneReport).failed], [sla(whole).passed, sla(whole).failed]);
  assert.equal(sla(oneReport).failed, 300);
  assert.ok(sla(cutReport).passed + sla(cutReport).failed < sla(whole).passed + sla(whole).failed, 'cut: SLA rows lost');
  assert.throws(() => engine.session(options).push('[]', { onProgress: 1 }), { code: 'E_OPTION' });
  engine.free();
});

test('catalog.cases: teaching cases in the asked language, one per check of the built-in pack', () => {
  const en = catalog.cases();
  const ja = catalog.cases({ lang: 'ja' });
  assert.ok(en.length >= 30);
  assert.deepEqual(ja.map((c) => c.id), en.map((c) => c.id));
  const keys = ['id', 'process', 'pairedProcess', 'clauses2018', 'checks', 'title', 'organisation', 'happened', 'why', 'good'];
  for (const c of en) assert.deepEqual(Object.keys(c).sort(), [...keys].sort());
  const processes = new Set(catalog.processes().map((p) => p.id));
  for (const c of en) assert.ok(processes.has(c.process) && processes.has(c.pairedProcess), c.id);
  const unauthorised = en.find((c) => c.checks.includes('CHG-APPROVED'));
  assert.equal(unauthorised.process, 'change-management');
  assert.match(unauthorised.why, /major nonconformity/);
  const same = ja.find((c) => c.id === unauthorised.id);
  assert.match(same.why, /重大な不適合/);
  assert.deepEqual(same.checks, unauthorised.checks);
  // Every check of the built-in pack has its case (checks of the pack are what the report lists).
  const pack = JSON.parse(readFileSync(new URL('../../src/rules/builtin-pack.json', import.meta.url), 'utf8'));
  for (const check of pack.checks) {
    assert.equal(en.filter((c) => c.checks.includes(check.id)).length, 1, check.id);
  }
  assert.throws(() => catalog.cases({ lang: 'fr' }), (e) => e.code === 'E_OPTION' && e.path === '$.lang');
});

test('free() inside onProgress is deferred until the call returns; the call finishes and the engine is then freed', () => {
  const engine = new Engine({ asOf: '2026-06-30' });
  const input = Array.from({ length: 3000 }, (_, i) => incident(`INC-${i}`));
  let calls = 0;
  const report = engine.evaluate(input, { source: 'canonical', onProgress: () => { calls++; engine.free(); } });
  assert.ok(calls > 0);
  assert.equal(report.records.evaluated, 3000);
  assert.throws(() => engine.check(incident('X')), { code: 'E_MISUSE', message: /freed/ });
  // loadRules inside onProgress is E_MISUSE; other calls on the same engine work there.
  const other = new Engine({ asOf: '2026-06-30' });
  const seen = [];
  other.evaluate(input, {
    source: 'canonical',
    onProgress: () => {
      try { other.loadRules([]); } catch (e) { seen.push(e.code); }
      seen.push(other.check(incident('Y'), { source: 'canonical' }).record.id);
    },
  });
  assert.equal(seen[0], 'E_MISUSE');
  assert.equal(seen[1], 'Y');
  other.loadRules([]);
  assert.equal(other.evaluate(input, { source: 'canonical' }).records.evaluated, 3000);
  other.free();
});

test('session: free() inside push onProgress is deferred; pushing again there is E_MISUSE', () => {
  const engine = new Engine({ asOf: '2026-06-30' });
  const s = engine.session({ source: 'canonical' });
  const codes = [];
  const summary = s.push(JSON.stringify(Array.from({ length: 3000 }, (_, i) => incident(`INC-${i}`))), {
    onProgress: () => {
      try { s.push('[]'); } catch (e) { codes.push(e.code); }
      s.free();
    },
  });
  assert.equal(summary.evaluated, 3000);
  assert.equal(codes[0], 'E_MISUSE');
  assert.throws(() => s.partial(), { code: 'E_MISUSE', message: /freed/ });
  engine.free();
});

test('a rule pack that ran out of memory or was refused leaves the module usable: loadRules and the demo work', () => {
  const acc = { var: 'accumulator' };
  const doubling = { reduce: [Array.from({ length: 40 }, (_, i) => i), { cat: [acc, acc] }, 'ab'] };
  const pack = (id, require) => ({ id: 'hostile', version: '1', checks: [{ id, kinds: ['incident'], clauses2018: ['8.6.1'], phase: 'do', severity: 'minor_nonconformity', require, title: { en: id, ja: id }, message: { en: id, ja: id }, hint: { en: '-', ja: '-' } }] });
  const engine = new Engine({ asOf: '2026-06-30', rules: [pack('H-DOUBLE', { '==': [doubling, 'x'] })] });
  assert.deepEqual(engine.check(incident('A'), { source: 'canonical' }).limited, ['H-DOUBLE']);
  assert.throws(() => engine.loadRules(pack('H-WIDE', { or: new Array(100001).fill(0) })), (e) => e.code === 'E_RULES' && /require\.or\[/.test(e.details[0].path));
  engine.loadRules(pack('H-OK', { '!!': [{ var: 'category' }] }));
  const demo = new URL('../../examples/data/demo-export.json', import.meta.url);
  let input;
  try { input = readFileSync(demo, 'utf8'); } catch { input = JSON.stringify(Array.from({ length: 2000 }, (_, i) => incident(`INC-${i}`))); }
  for (const e of [engine, new Engine({ asOf: '2026-06-30' })]) {
    assert.ok(e.evaluate(input, { source: 'auto' }).records.evaluated > 0);
    e.free();
  }
});

test('every error crossing the boundary has a code: deep or cyclic options, bad bytes in normalize as in evaluate', () => {
  const engine = new Engine({ asOf: '2026-06-30' });
  let deep = {};
  for (let i = 0; i < 100000; i++) deep = { a: deep };
  assert.throws(() => engine.evaluate('[]', { context: deep }), (e) => e.code === 'E_OPTION');
  const cyclic = {};
  cyclic.self = cyclic;
  assert.throws(() => engine.check('{}', cyclic), (e) => e.code === 'E_OPTION');
  const bad = new Uint8Array([0x5b, 0x22, 0xff, 0x22, 0x5d]); // ["\xff"]
  assert.throws(() => engine.evaluate(bad), (e) => e.code === 'E_ENCODING');
  assert.throws(() => engine.normalize(bad), (e) => e.code === 'E_ENCODING');
  engine.free();
});

test('check(): a record object and its JSON text give the same result; the language and edition of each call are kept apart', () => {
  const e = new Engine({ asOf: '2026-06-30' });
  const ja = new Engine({ asOf: '2026-06-30', lang: 'ja' });
  const record = incident('INC-2', { category: '', impact: 1, urgency: 1, priority: 3 });
  const text = JSON.stringify(record);
  const en1 = e.check(record, { source: 'canonical' });
  assert.deepEqual(e.check(text, { source: 'canonical' }), en1);
  // The same engine in Japanese, then English again: texts of the asked language each time.
  const inJa = e.check(record, { source: 'canonical', lang: 'ja' });
  assert.deepEqual(inJa, ja.check(record, { source: 'canonical' }));
  assert.notEqual(inJa.findings[0].title, en1.findings[0].title);
  assert.deepEqual(e.check(record, { source: 'canonical' }), en1);
  // The 2011 edition lists 2011 clauses (the run is resolved again when the options change).
  const old = e.check(record, { source: 'canonical', edition: '2011' });
  assert.equal(old.edition, '2011');
  assert.deepEqual(old.clauses.map((c) => [c.id, c.edition]), [['8.1', '2011']]);
  // Options that fail are errors every time, not answered from the last good ones.
  assert.throws(() => e.check(record, { source: 'nowhere' }), (err) => err.code === 'E_OPTION' || err.code === 'E_SOURCE_UNKNOWN');
  assert.throws(() => e.check(record, { source: 'nowhere' }), (err) => err.code === 'E_OPTION' || err.code === 'E_SOURCE_UNKNOWN');
  assert.throws(() => e.check(undefined), (err) => err.code === 'E_INPUT_SHAPE');
  e.free();
  ja.free();
});

test('check(): each result is its own: changing one result leaves the next one as it was', () => {
  const e = new Engine({ asOf: '2026-06-30' });
  const record = incident('INC-3', { category: '', impact: 1, urgency: 1, priority: 3 });
  const first = e.check(record, { source: 'canonical' });
  const expected = JSON.stringify(first);
  first.clauses[0].phases.push('act');
  first.findings[0].clauses2018.push('0');
  first.findings[0].clauses2011.length = 0;
  first.findings[0].explanation = [];
  assert.equal(JSON.stringify(e.check(record, { source: 'canonical' })), expected);
  e.free();
});

test('check(): explanations are computed when read, and equal whenever read: after loadRules or free() too', () => {
  const words = { en: 'x', ja: 'x' };
  const pack = { id: 'p', version: '1', checks: [{ id: 'OWNER', kinds: ['incident'], clauses2018: ['8.6.1'], phase: 'do', severity: 'observation', require: { '!!': { var: 'assignee' } }, title: words, message: words, hint: words }] };
  const e = new Engine({ asOf: '2026-06-30', rules: [pack] });
  const record = incident('INC-4', { assignee: null });
  const r = e.check(record, { source: 'canonical' });
  const f = r.findings.find((x) => x.check === 'OWNER');
  assert.equal(typeof Object.getOwnPropertyDescriptor(f, 'explanation').get, 'function', 'not computed before it is read');
  assert.ok(Object.keys(f).includes('explanation'));
  assert.equal(f.explanation[0].field, 'assignee');
  assert.equal(f.explanation[0].operator, '!!');
  assert.equal(Object.getOwnPropertyDescriptor(f, 'explanation').get, undefined, 'kept once read');
  // JSON and structured clones carry every explanation, computed on the way.
  const again = e.check(record, { source: 'canonical' });
  const cloned = structuredClone(again);
  assert.deepEqual(cloned.findings.map((x) => x.explanation), r.findings.map((x) => x.explanation));
  assert.ok(JSON.stringify(e.check(record, { source: 'canonical' })).includes('"explanation":[{"operator":"!!"'));
  // Read after the packs changed, or after free(), a finding is explained by the packs it was
  // found with (and the same clock: ages are the same).
  const stale = e.check(record, { source: 'canonical' }).findings.find((x) => x.check === 'OWNER');
  const expected = e.check(record, { source: 'canonical' }).findings.find((x) => x.check === 'OWNER').explanation;
  e.loadRules([]);
  assert.ok(!e.check(record, { source: 'canonical' }).findings.some((x) => x.check === 'OWNER'), 'the new packs are used');
  assert.deepEqual(stale.explanation, expected);
  const aged = { id: 'DOC-9', kind: 'document', title: 'Policy', state: 'active', document: { approvedBy: 'CIO', approvedAt: '2025-01-01T00:00:00Z', lastReviewAt: '2024-12-01T00:00:00Z' } };
  const clockless = new Engine();
  const later = clockless.check(aged, { source: 'canonical' }).findings.find((x) => x.check === 'DOC-REVIEWED');
  const now = clockless.check(aged, { source: 'canonical' }).findings.find((x) => x.check === 'DOC-REVIEWED').explanation;
  clockless.free();
  assert.deepEqual(later.explanation, now);
  const freed = e.check({ ...record, category: '' }, { source: 'canonical' });
  const text = JSON.stringify(e.check({ ...record, category: '' }, { source: 'canonical' }));
  e.free();
  assert.equal(JSON.stringify(freed), text);
});

test('check(): a finding on a record that names more clauses lists them, in both editions', () => {
  const e = new Engine({ asOf: '2026-06-30' });
  const doc = { id: 'DOC-1', kind: 'document', title: 'Capacity plan', state: 'active', document: { covers: ['8.4.3'], approvedBy: null, approvedAt: null } };
  const r = e.check(doc, { source: 'canonical' });
  const f = r.findings.find((x) => x.check === 'DOC-APPROVED');
  assert.ok(f, JSON.stringify(r.findings.map((x) => x.check)));
  assert.ok(f.clauses2018.includes('8.4.3'), JSON.stringify(f.clauses2018));
  assert.deepEqual([...f.clauses2018].sort(), f.clauses2018.slice().sort(), 'sorted');
  assert.ok(f.clauses2011.length > 0);
  // Another record of the same check without them: the check's own clauses only.
  const plain = e.check({ ...doc, id: 'DOC-2', document: { covers: [], approvedBy: null, approvedAt: null } }, { source: 'canonical' }).findings.find((x) => x.check === 'DOC-APPROVED');
  assert.deepEqual(plain.clauses2018, ['7.5.2']);
  assert.deepEqual(plain.clauses2011, ['4.3.2']);
  assert.ok(f.clauses2018.includes('7.5.2') && f.clauses2011.includes('4.3.2'));
  assert.ok(f.clauses2011.length > 1, 'the covered clause crosses to 2011 too');
  assert.ok(r.clauses.some((c) => c.id === '8.4.3'));
  e.free();
});

test('strings go to wasm as UTF-8 bytes: a lone surrogate in a string reads as U+FFFD, as before; bad bytes are still E_ENCODING', () => {
  const e = new Engine({ asOf: '2026-06-30' });
  const text = '[{"id": "A\ud800", "kind": "incident", "title": "caf\u00e9 \u6f22\u5b57 \ud83d\ude00"}]';
  const n = e.normalize(text, { source: 'canonical' });
  assert.equal(n.records[0].id, 'A\ufffd');
  assert.equal(n.records[0].title, 'caf\u00e9 \u6f22\u5b57 \ud83d\ude00');
  assert.equal(e.check(text.slice(1, -1), { source: 'canonical' }).record.id, 'A\ufffd');
  assert.equal(e.evaluate(text, { source: 'canonical' }).records.evaluated, 1);
  const s = e.session({ source: 'canonical' });
  assert.equal(s.push(text).evaluated, 1);
  assert.equal(s.push(text, { onProgress: () => {} }).evaluated, 1);
  s.free();
  const bad = new Uint8Array([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xc3, 0x22, 0x7d]); // {"id":"\xc3"}
  assert.throws(() => e.check(bad), (err) => err.code === 'E_ENCODING' && err.line === 1);
  assert.equal(e.check(new TextEncoder().encode(text.slice(1, -1)), { source: 'canonical' }).record.id, 'A\ufffd');
  assert.throws(() => e.evaluate(bad, { onProgress: () => {} }), (err) => err.code === 'E_ENCODING' && err.line === 1);
  e.free();
});

test('text is encoded into wasm memory in as many rounds as it needs: mostly Japanese, emoji at the edges, as bytes give it', () => {
  const e = new Engine({ asOf: '2026-06-30' });
  const records = Array.from({ length: 400 }, (_, i) => incident(`INC-${i}`, { title: `${'\ud83d\ude00'.repeat(i % 3)}メールの配送が遅延している件 ${i} ${'漢'.repeat(i % 50)}\ud83d\ude00` }));
  const text = JSON.stringify(records);
  const expected = JSON.stringify(e.normalize(new TextEncoder().encode(text), { source: 'canonical' }));
  assert.equal(JSON.stringify(e.normalize(text, { source: 'canonical' })), expected);
  assert.equal(JSON.stringify(e.normalize(records, { source: 'canonical' })), expected);
  assert.equal(e.normalize(text, { source: 'canonical' }).records[399].title, records[399].title);
  for (const t of ['', ' ', '\ud83d\ude00']) {
    assert.throws(() => e.evaluate(t), (err) => typeof err.code === 'string');
  }
  e.free();
});
