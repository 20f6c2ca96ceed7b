// The live form (engine.form(options).check(record), and engine.check(object), which answers
// through a form it keeps) against the general way of engine.check: every ServiceNow record of
// the conformance corpus, the bench's form row and hostile variants give deep-equal results
// (explanations read too), and the fast path is taken where it should be, so a field it
// dropped would show as a difference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Engine } from '../../js/node.js';
import { formRow, CHECK_OPTIONS } from '../../benches/form-record.mjs';
import { compareForms, corpusRecords, generalCheck, outcome } from './form-cases.mjs';
import { corpora } from './corpus-files.mjs';

const root = new URL('../../', import.meta.url);

/** Every ServiceNow record of the corpus, with its case's engine and check options. */
function allCorpusRecords() {
  return corpusRecords(corpora);
}

/** `outcome` (form-cases.mjs) has read every explanation already. */
const explained = (result) => result;

/** The same cases under auto-detection (no `source`). */
const auto = (cases) => cases.map(({ options: { source: _, ...options }, ...c }) => ({ ...c, name: `${c.name} (auto)`, options }));

test('every ServiceNow record of the corpus: form.check equals engine.check', () => {
  const cases = allCorpusRecords();
  assert.ok(cases.length >= 40, `${cases.length} records`);
  for (const [what, set] of [['source servicenow', cases], ['auto-detected', auto(cases)]]) {
    const { compared, fast, failures, pairs } = compareForms(Engine, set);
    for (const { name, general, viaForm } of pairs) assert.deepStrictEqual(viaForm, general, name);
    assert.deepStrictEqual(failures, []);
    assert.equal(compared, set.length);
    // Most corpus records are plain Table API rows: the fast path answers for them.
    assert.ok(fast >= set.length / 3, `${what}: fast path for ${fast} of ${set.length}`);
    console.log(`${what}: fast path for ${fast} of ${set.length} corpus records`);
  }
});

// Real payloads nobody here wrote (../shared/fixtures/servicenow, see its SOURCES.md): each
// record checked both ways in both languages, with the zone the extension passes. Records the
// fast path declines (numbers and booleans as values in the Change Management API, a link that
// is not a URL) still give the same answer, through the general path.
const fixtureDir = new URL('../shared/fixtures/servicenow/', root);
const fixtureFiles = existsSync(fixtureDir) ? readdirSync(fixtureDir).filter((f) => f.endsWith('.json')).sort() : [];

/** The records of a fixture: a `result` object or array, `records`, an array, or one object. */
function fixtureRecords(json) {
  if (Array.isArray(json)) return json;
  if (Array.isArray(json?.result)) return json.result;
  if (json?.result && typeof json.result === 'object') return [json.result];
  if (Array.isArray(json?.records)) return json.records;
  return [json];
}

if (fixtureFiles.length === 0) {
  test('ServiceNow fixture records skipped: ../shared/fixtures absent', { skip: true }, () => {});
} else {
  test('every record of the real ServiceNow fixtures: form.check equals engine.check', () => {
    const cases = [];
    for (const file of fixtureFiles) {
      const records = fixtureRecords(JSON.parse(readFileSync(new URL(file, fixtureDir), 'utf8')));
      for (const record of records) {
        for (const lang of ['en', 'ja']) {
          cases.push({ name: `${file} (${lang})`, engine: {}, options: { source: 'servicenow', lang, timeZone: 'Europe/London' }, record });
        }
      }
    }
    assert.ok(cases.length >= 10, `${cases.length} fixture records`);
    for (const [what, set] of [['source servicenow', cases], ['auto-detected', auto(cases)]]) {
      const { compared, fast, failures, pairs } = compareForms(Engine, set);
      for (const { name, general, viaForm } of pairs) assert.deepStrictEqual(viaForm, general, name);
      assert.deepStrictEqual(failures, []);
      assert.equal(compared, set.length);
      assert.ok(fast > 0, `${what}: the fast path answers for some real records`);
      console.log(`${what}: fast path for ${fast} of ${set.length} fixture records`);
    }
  });
}

test('the bench form row and its variants, in both languages and editions, and auto-detected', () => {
  const engine = new Engine({ asOf: '2026-07-01' });
  const { source: _, ...autoOptions } = CHECK_OPTIONS;
  for (const [lang, edition, base] of [['en', '2018'], ['en', '2011'], ['ja', '2018'], ['ja', '2011'], ['ja', '2018', autoOptions]]) {
    {
      const options = { ...(base ?? CHECK_OPTIONS), lang, edition };
      const form = engine.form(options);
      // The bench's row passes every check: a few fields emptied give findings to explain.
      const row = { ...formRow(), category: { value: '', display_value: '' }, close_code: '', assignment_group: { value: '', display_value: '' } };
      const check = (record, what) => {
        const before = form.stats.fast;
        const general = explained(outcome(() => generalCheck(engine, record, options)));
        const fast = explained(outcome(() => form.check(record)));
        const answeredFast = form.stats.fast === before + 1;
        assert.deepStrictEqual(fast, general, what);
        assert.equal(JSON.stringify(fast), JSON.stringify(general), what);
        // engine.check answers a plain object through the form it keeps for these options.
        assert.equal(JSON.stringify(explained(outcome(() => engine.check(record, options)))), JSON.stringify(general), `${what}: engine.check`);
        return answeredFast;
      };
      assert.ok(check(row, 'form row'), 'the form row takes the fast path');
      assert.ok(generalCheck(engine, row, options).findings.length > 0, 'the row has findings to explain');
      // Each field of the row emptied, changed or removed in turn: a dropped field would differ.
      for (const name of Object.keys(row)) {
        const { [name]: _, ...without } = row;
        check(without, `without ${name}`);
        check({ ...row, [name]: { value: '', display_value: '' } }, `${name} empty`);
        check({ ...row, [name]: 'x' }, `${name} plain`);
        check({ ...row, [name]: { display_value: row[name].display_value ?? '' } }, `${name} display only`);
      }
      // Hostile values: the separator, other shapes, unicode, links, extra keys.
      const variants = {
        separator: { ...row, short_description: { value: 'a\0b', display_value: 'a\0b' } },
        'separator plain': { ...row, description: 'x\0' },
        array: { ...row, category: ['network'] },
        'object value': { ...row, category: { value: { x: 1 }, display_value: 'Network' } },
        number: { ...row, impact: 2 },
        'number value': { ...row, impact: { value: 2, display_value: '2 - Medium' } },
        boolean: { ...row, active: true },
        null: { ...row, category: null },
        'null value': { ...row, category: { value: null, display_value: 'Network' } },
        undefined: { ...row, category: undefined },
        'empty strings': Object.fromEntries(Object.keys(row).map((k) => [k, ''])),
        empty: {},
        'no sys_id': (({ sys_id: _, ...r }) => r)(row),
        rejected: { sys_class_name: { value: 'nothing_known', display_value: 'x' } },
        unicode: { ...row, short_description: { value: '接続が 😀 切れる \u2028 "q" \\ \t', display_value: 'é' }, number: '  INC0010023  ' },
        'lone surrogate': { ...row, short_description: { value: 'a\ud800b', display_value: 'x' } },
        'replacement char': { ...row, short_description: { value: 'a\ufffdb', display_value: 'x' } },
        link: { ...row, assignment_group: { value: '', display_value: 'Network', link: 'https://acme.service-now.com/api/now/table/sys_user_group/287e' } },
        'bad link': { ...row, cmdb_ci: { value: 'b4fd', link: 'javascript:alert(1)/api/x' } },
        // An instance address with a control character: the record's link back is dropped, with a warning.
        'link dropped': { ...row, cmdb_ci: { value: 'b4fd', link: 'https://acme.service-now.com\u0007/api/now/table/cmdb_ci/b4fd' } },
        'extra keys': { ...row, u_custom: { value: 1 }, caller_id: { value: 'a', display_value: 'b', extra: [1, 2] } },
        envelope: { ...row, result: [] },
        bundle: { ...row, bundle: 'servicenow' },
        // Another tool's signature keys: auto-detection reads them (ambiguous, or that tool).
        'jira key': { ...row, fields: {} },
        'zammad key': { ...row, state_id: 2 },
        'itop key': { ...row, finalclass: 'UserRequest' },
        'no signature': (({ sys_id: _s, sys_class_name: _c, ...r }) => r)(row),
        'unknown state': { ...row, state: { value: '99', display_value: 'Weird' } },
        'bad date': { ...row, opened_at: { display_value: '29/06/2026 9am' } },
        'utc dates': { ...row, opened_at: { value: '2026-06-29 08:12:34', display_value: '2026-06-29 09:12:34' } },
        'task sla': { sys_id: 's1', sys_class_name: 'task_sla', task: { value: 'i1', display_value: 'INC1' }, has_breached: 'false' },
        approval: { sys_id: 'a1', sysapproval: { value: 'c1' }, state: 'approved', approver: 'u1' },
        'change numbers': { ...row, sys_class_name: { value: 'change_request', display_value: 'Change' }, number: 'CHG0001' },
        'date object': { ...row, opened_at: new Date(0) },
        'toJSON field': { ...row, category: { value: 'network', toJSON: () => 'hardware' } },
        array_record: [row],
        text: JSON.stringify(row),
        'null record': null,
        'number record': 5,
        'null prototype': Object.assign(Object.create(null), row),
      };
      for (const [what, record] of Object.entries(variants)) check(record, what);
      // Mutating the row after the check does not change the explanation read later.
      const mutable = { ...row };
      const before = form.check(mutable);
      const expected = generalCheck(engine, { ...row }, options);
      assert.ok(before.findings.length > 0);
      mutable.short_description = { value: '', display_value: '' };
      mutable.close_notes = 'changed';
      assert.deepStrictEqual(before.findings.map((f) => f.explanation), expected.findings.map((f) => f.explanation));
      form.free();
      assert.throws(() => form.check(row), (e) => e.code === 'E_MISUSE');
    }
  }
  engine.free();
});

test('a form follows its engine: errors, new packs, freed engine, other sources', () => {
  const engine = new Engine({ asOf: '2026-07-01' });
  assert.throws(() => engine.form({ ...CHECK_OPTIONS, edition: '2005' }), (e) => e.code === 'E_OPTION');
  assert.throws(() => engine.form({ ...CHECK_OPTIONS, timeZone: 'Mars/Olympus' }), (e) => e.code === 'E_OPTION');
  const form = engine.form(CHECK_OPTIONS);
  const row = { ...formRow(), category: '' };
  const before = form.check(row);
  const found = before.findings[0];
  assert.ok(found);
  // A finding read after new packs is still explained by the packs it came from.
  engine.loadRules({
      id: 'extra', version: '1', checks: [{
        id: 'X-1', kinds: ['incident'], clauses2018: ['8.6.1'], phase: 'do', severity: 'minor_nonconformity',
        require: { '!!': [{ var: 'category' }] },
        title: { en: 'Has a category', ja: 'カテゴリがある' }, message: { en: 'No category', ja: 'カテゴリなし' }, hint: { en: 'Set it', ja: '設定する' },
      }],
    });
  const after = form.check(row);
  assert.deepStrictEqual(after, generalCheck(engine, row, CHECK_OPTIONS));
  assert.ok(after.findings.some((f) => f.check === 'X-1'));
  assert.ok(Array.isArray(found.explanation));
  // Other sources take the general path with the same answer.
  const canonical = engine.form({ source: 'canonical' });
  const record = { id: 'I', kind: 'incident', category: '' };
  assert.deepStrictEqual(canonical.check(record), generalCheck(engine, record, { source: 'canonical' }));
  assert.equal(canonical.fast, false);
  const auto = engine.form();
  assert.deepStrictEqual(auto.check(row), generalCheck(engine, row));
  engine.free();
  assert.throws(() => form.check(row), (e) => e.code === 'E_MISUSE');
  form.free();
  form.free();
});

test('engine.check with one options object changed in place, and records whose keys move', () => {
  // engine.check remembers the last options object's text while its values stay the same, and a
  // form remembers where the last record's keys were: neither may answer for what changed.
  const engine = new Engine({ asOf: '2026-07-01' });
  const row = { ...formRow(), category: '' };
  const options = { ...CHECK_OPTIONS };
  const steps = [
    () => {},
    () => { options.lang = 'ja'; },
    () => { options.edition = '2011'; },
    () => { options.lang = 'en'; options.edition = '2018'; },
    () => { delete options.timeZone; },
    () => { options.timeZone = 'Asia/Tokyo'; },
    () => { options.context = { table: 'incident' }; },
    () => { options.context.table = 'problem'; },
    () => { delete options.context; options.source = 'canonical'; },
    () => { options.source = 'servicenow'; },
  ];
  for (const step of steps) {
    step();
    const expected = generalCheck(engine, row, { ...options, ...(options.context ? { context: { ...options.context } } : {}) });
    assert.deepStrictEqual(engine.check(row, options), expected, JSON.stringify(options));
    assert.deepStrictEqual(engine.check(row, options), expected, `${JSON.stringify(options)}, again`);
  }
  // The same keys in another order, fewer, more, and a key the adapter reads where one it does
  // not read was.
  const { category, close_code, ...rest } = row;
  const reordered = [
    { close_code, category, ...rest },
    rest,
    { ...rest, category, close_code, u_custom: 'x' },
    { u_custom: 'x', ...rest },
    { category: 'network', ...rest },
    row,
  ];
  const form = engine.form(CHECK_OPTIONS);
  for (const record of [...reordered, ...reordered]) {
    const what = Object.keys(record).slice(0, 3).join();
    const expected = generalCheck(engine, record, CHECK_OPTIONS);
    const fast = form.stats.fast;
    assert.deepStrictEqual(form.check(record), expected, what);
    assert.equal(form.stats.fast, fast + 1, `${what}: answered from the field values`);
    assert.deepStrictEqual(engine.check(record, CHECK_OPTIONS), expected, `${what}: engine.check`);
  }
  form.free();
  engine.free();
});

test('a pack that reads raw fields: the form checks the general way with the same answer', () => {
  const engine = new Engine({ asOf: '2026-07-01' });
  const form = engine.form(CHECK_OPTIONS);
  engine.loadRules({
    id: 'raw', version: '1', checks: [{
      id: 'R-1', kinds: ['incident'], clauses2018: ['8.6.1'], phase: 'do', severity: 'minor_nonconformity',
      require: { '==': [{ var: 'raw.u_custom' }, 'yes'] },
      title: { en: 'Raw', ja: '生' }, message: { en: 'm', ja: 'm' }, hint: { en: 'h', ja: 'h' },
    }],
  });
  for (const u_custom of ['yes', 'no']) {
    const row = { ...formRow(), u_custom };
    const result = form.check(row);
    assert.deepStrictEqual(result, generalCheck(engine, row, CHECK_OPTIONS));
    assert.deepStrictEqual(engine.check(row, CHECK_OPTIONS), result);
    assert.equal(result.findings.some((f) => f.check === 'R-1'), u_custom === 'no');
  }
  engine.free();
});

test('a form answer read after wasm memory grew: the language texts and the record reference fetched in between', () => {
  // Growing wasm memory detaches every view on it. The form reads its answer through views, and
  // the first answer in a language fetches that language's texts (checkMeta) and the record
  // reference (extra) from wasm first: both are made to grow memory here, as any allocation
  // can, so an answer read through a stale view (empty: "nothing failed") shows.
  const raw = createRequire(import.meta.url)('../../js/pkg-node/iso20000.js');
  const memory = raw.wasmMemory();
  const patched = [[raw.RawEngine.prototype, 'checkMeta'], [raw.RawForm.prototype, 'extra']];
  const originals = patched.map(([proto, name]) => proto[name]);
  for (const [proto, name] of patched) {
    const original = proto[name];
    proto[name] = function grown(...args) {
      memory.grow(1);
      return original.apply(this, args);
    };
  }
  try {
    for (const lang of ['en', 'ja']) {
      const engine = new Engine({ asOf: '2026-07-01' });
      const options = { ...CHECK_OPTIONS, lang };
      const row = { ...formRow(), category: '' };
      const form = engine.form(options);
      const pages = memory.buffer.byteLength;
      const result = form.check(row);
      assert.ok(memory.buffer.byteLength > pages, 'memory grew during the check');
      assert.equal(form.stats.fast, 1, 'answered by the fast path');
      assert.ok(result.findings.length > 0 && result.passed.length > 0, `${lang}: ${JSON.stringify(result).slice(0, 200)}`);
      assert.deepStrictEqual(result, generalCheck(engine, row, options));
      form.free();
      engine.free();
    }
  } finally {
    patched.forEach(([proto, name], i) => {
      proto[name] = originals[i];
    });
  }
});
