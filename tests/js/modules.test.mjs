// The smaller web modules the npm package ships beside the full one (`make wasm-modules`):
// iso20000/servicenow.wasm and iso20000/servicenow-check.wasm, loaded by the same JavaScript
// (web.js's init(url); here a fresh copy of wasm-bindgen's glue per module, with initSync).
// Each says its parts, answers what it holds as the full module does — the ServiceNow corpus,
// and every ServiceNow record of the corpus checked the general way and through a live form —
// and refuses the rest with E_NOT_IN_BUILD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { createApi } from '../../js/core.js';
import * as full from '../../js/node.js';
import { runCorpus, fixtureCases, skipLine } from './corpus.mjs';
import { compareForms, corpusRecords } from './form-cases.mjs';
import { corpora, fixture, fixturesPresent, index, root } from './corpus-files.mjs';

const servicenow = corpora.find(([file]) => file === 'servicenow.json')[1];
const records = corpusRecords(corpora);

const MODULES = [
  {
    name: 'servicenow',
    file: 'iso20000_servicenow_bg.wasm',
    features: ['evaluate', 'canonical', 'servicenow'],
  },
  { name: 'servicenow-check', file: 'iso20000_servicenow_check_bg.wasm', features: ['servicenow'] },
];

/** The npm API over one module: its own instance of the glue (a module URL of its own). */
async function load(module) {
  const raw = await import(`../../js/pkg-web/iso20000.js?module=${module.name}`);
  raw.initSync({ module: readFileSync(`${root}js/pkg-web/${module.file}`) });
  return createApi(raw, () => {});
}

const code = (fn) => {
  try {
    fn();
    return 'answered';
  } catch (e) {
    return e.code;
  }
};

test('the package exports and ships every module', () => {
  const pkg = JSON.parse(readFileSync(`${root}js/package.json`, 'utf8'));
  for (const m of MODULES) {
    assert.equal(pkg.exports[`./${m.name}.wasm`], `./pkg-web/${m.file}`);
    assert.ok(pkg.files.includes(`pkg-web/${m.file}`), `${m.file} is not in files`);
    assert.ok(existsSync(`${root}js/pkg-web/${m.file}`), `${m.file} was not built (make wasm-modules)`);
  }
  assert.deepEqual(full.features(), ['evaluate', 'canonical', 'servicenow', 'jira', 'glpi', 'zammad', 'itop', 'znuny', 'freshservice', 'csv', 'mapping']);
});

for (const module of MODULES) {
  test(`${module.name}.wasm: its parts, what it answers as the full module, what it refuses`, async (t) => {
    const api = await load(module);
    assert.deepEqual(api.features(), module.features);
    const has = (part) => module.features.includes(part);

    await t.test('every ServiceNow record of the corpus checks as in the full module', () => {
      const mine = compareForms(api.Engine, records);
      const theirs = compareForms(full.Engine, records);
      assert.deepEqual(mine.failures, []);
      assert.equal(mine.compared, records.length);
      assert.ok(mine.compared > 20, `only ${mine.compared} records`);
      assert.equal(mine.fast, theirs.fast, 'the live form answered fewer records itself');
      for (const [i, pair] of mine.pairs.entries()) {
        assert.equal(JSON.stringify(pair), JSON.stringify(theirs.pairs[i]), pair.name);
      }
    });

    await t.test('the ServiceNow corpus: what the module holds passes, the rest is E_NOT_IN_BUILD', () => {
      const needs = (c) => ((c.call ?? 'evaluate') === 'normalize' ? 'canonical' : ['check', 'map'].includes(c.call) ? null : 'evaluate');
      const held = servicenow.cases.filter((c) => !needs(c) || has(needs(c)));
      const r = runCorpus(api, 'servicenow.json', { ...servicenow, cases: held }, fixture, { fixturesPresent });
      assert.deepEqual(r.failures, []);
      assert.ok(r.count > 0);
      for (const c of servicenow.cases.filter((x) => !held.includes(x))) {
        if (!fixturesPresent && 'inputFixture' in c) continue;
        const engine = new api.Engine({ ...(servicenow.defaults?.engine ?? {}), ...(c.engine ?? {}) });
        const input = c.inputText ?? JSON.stringify(c.input ?? {});
        const call = c.call ?? 'evaluate';
        assert.equal(code(() => engine[call](input, c.options)), 'E_NOT_IN_BUILD', `${c.name} (${call})`);
        engine.free();
      }
      if (!fixturesPresent && fixtureCases(servicenow) > 0) t.diagnostic(skipLine(fixtureCases(servicenow), index.fixtures));
    });

    await t.test('parts it lacks are refused by name, in the call\'s language', () => {
      const engine = new api.Engine({ asOf: '2026-06-30' });
      const csv = 'number,short_description,state\nINC0010001,Mail is down,New\n';
      const jira = JSON.stringify({ id: '10001', key: 'SD-1', fields: { issuetype: { name: 'Incident' }, status: { name: 'Open' } } });
      assert.equal(code(() => engine.check(csv)), 'E_NOT_IN_BUILD');
      assert.equal(code(() => api.proposeMapping(csv)), 'E_NOT_IN_BUILD');
      // Another tool's record is a rejection naming the adapter the module lacks.
      assert.equal(engine.check(jira, { source: 'jira' }).rejected.message, 'this build of iso20000 has no Jira adapter (cargo feature `jira`)');
      assert.match(engine.check(jira, { source: 'jira', lang: 'ja' }).rejected.message, /Jira のアダプター/);
      assert.match(engine.check(jira).rejected.message, /the tools this build of iso20000 reads \(ServiceNow/);
      if (has('evaluate')) {
        assert.equal(engine.evaluate(JSON.stringify({ result: [] })).records.in, 0);
      } else {
        assert.equal(code(() => engine.evaluate('[]')), 'E_NOT_IN_BUILD');
        assert.equal(code(() => engine.session()), 'E_NOT_IN_BUILD');
        assert.throws(() => engine.evaluate('[]', { lang: 'ja' }), (e) => e.code === 'E_NOT_IN_BUILD' && /ビルド/.test(e.message));
      }
      engine.free();
    });
  });
}
