// The smaller web modules the npm package ships beside the full one (`make wasm-modules`):
// iso20000/servicenow.wasm and iso20000/servicenow-check.wasm, loaded by the same JavaScript
// (web.js's init(url); here a fresh copy of wasm-bindgen's glue per module, with initSync).
// Each says its parts, answers what it holds as the full module does — the ServiceNow corpus,
// every ServiceNow record of the corpus checked the general way and through a live form, and
// every record of the shared real ServiceNow payloads — and refuses the rest with E_NOT_IN_BUILD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { createApi } from '../../js/core.js';
import * as full from '../../js/node.js';
import { runCorpus, fixtureCases, skipLine } from './corpus.mjs';
import { compareForms, corpusRecords } from './form-cases.mjs';
import { corpora, fixture, fixturesDir, fixturesPresent, index, root } from './corpus-files.mjs';

const servicenow = corpora.find(([file]) => file === 'servicenow.json')[1];
const records = corpusRecords(corpora);

const MODULES = [
  {
    name: 'servicenow',
    file: 'iso20000_servicenow_bg.wasm',
    features: ['evaluate', 'packs', 'cases', 'canonical', 'servicenow'],
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
  assert.deepEqual(full.features(), ['evaluate', 'packs', 'cases', 'canonical', 'servicenow', 'jira', 'glpi', 'zammad', 'itop', 'znuny', 'freshservice', 'csv', 'mapping']);
});

for (const module of MODULES) {
  test(`${module.name}.wasm: its parts, what it answers as the full module, what it refuses`, async (t) => {
    const api = await load(module);
    assert.deepEqual(api.features(), module.features);
    const has = (part) => module.features.includes(part);

    await t.test('every ServiceNow record of the corpus checks as in the full module', () => {
      // Records checked under packs of a case's own need the pack compiler.
      const held = records.filter((r) => has('packs') || !r.engine.rules?.length);
      const mine = compareForms(api.Engine, held);
      const theirs = compareForms(full.Engine, held);
      assert.deepEqual(mine.failures, []);
      assert.equal(mine.compared, held.length);
      assert.ok(mine.compared > 20, `only ${mine.compared} records`);
      assert.equal(mine.fast, theirs.fast, 'the live form answered fewer records itself');
      for (const [i, pair] of mine.pairs.entries()) {
        assert.equal(JSON.stringify(pair), JSON.stringify(theirs.pairs[i]), pair.name);
      }
    });

    await t.test('every record of the shared ServiceNow payloads (real API answers) checks as in the full module', (t) => {
      if (!fixturesPresent) return t.skip(`the shared fixtures (${index.fixtures}) are missing`);
      const dir = `${fixturesDir}/servicenow`;
      let compared = 0;
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        const payload = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
        const list = payload.records ?? payload.result ?? payload;
        for (const [i, record] of (Array.isArray(list) ? list : [list]).entries()) {
          const text = JSON.stringify(record);
          for (const options of [{ source: 'servicenow' }, { source: 'servicenow', lang: 'ja', edition: '2011' }]) {
            const answer = (Engine) => {
              const engine = new Engine({ asOf: '2026-06-30' });
              try {
                const r = engine.check(text, options);
                for (const f of r.findings ?? []) void f.explanation;
                return JSON.stringify(r);
              } catch (e) {
                return `${e.code}: ${e.message}`;
              } finally {
                engine.free();
              }
            };
            assert.equal(answer(api.Engine), answer(full.Engine), `${file}[${i}] ${JSON.stringify(options)}`);
            compared++;
          }
        }
      }
      assert.ok(compared >= 16, `only ${compared} records`);
    });

    await t.test('the ServiceNow corpus: what the module holds passes, the rest is E_NOT_IN_BUILD', () => {
      const call = (c) => c.call ?? 'evaluate';
      const needs = (c) => [
        call(c) === 'normalize' ? 'canonical' : ['check', 'map'].includes(call(c)) ? null : 'evaluate',
        c.engine?.rules?.length || c.engine?.rulesFiles ? 'packs' : null,
      ].filter(Boolean);
      const held = servicenow.cases.filter((c) => needs(c).every(has));
      const r = runCorpus(api, 'servicenow.json', { ...servicenow, cases: held }, fixture, { fixturesPresent });
      assert.deepEqual(r.failures, []);
      assert.ok(r.count > 0);
      for (const c of servicenow.cases.filter((x) => !held.includes(x))) {
        if (!fixturesPresent && 'inputFixture' in c) continue;
        const input = c.inputText ?? JSON.stringify(c.input ?? {});
        const run = () => {
          const engine = new api.Engine({ ...(servicenow.defaults?.engine ?? {}), ...(c.engine ?? {}) });
          try {
            return engine[call(c)](input, c.options);
          } finally {
            engine.free();
          }
        };
        assert.equal(code(run), 'E_NOT_IN_BUILD', `${c.name} (${call(c)})`);
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
      // Without the pack compiler the built-in pack runs alone (read from its compiled image),
      // with the instance's priority matrix; packs of one's own and applyLogic are refused.
      const pack = {
        id: 'acme', version: '1', checks: [{
          id: 'ACME-TITLED', kinds: ['incident'], clauses2018: ['8.6.1'], phase: 'do', severity: 'observation',
          require: { '!!': { var: 'title' } }, title: { en: 'Titled', ja: '件名あり' },
          message: { en: 'No title', ja: '件名なし' }, hint: { en: 'Add a title', ja: '件名を入れる' },
        }],
      };
      const incident = JSON.stringify({
        sys_id: 'a1', number: 'INC0010001', sys_class_name: 'incident', state: '2', impact: '1', urgency: '2',
        priority: '2', short_description: 'Mail is down', opened_at: '2026-04-01 08:00:00',
      });
      const matrixCheck = (options) => {
        const e = new api.Engine({ asOf: '2026-06-30', ...options });
        const r = e.check(incident);
        e.free();
        return r.passed.includes('INC-PRIORITY-MATRIX') ? 'passed' : r.findings.some((f) => f.check === 'INC-PRIORITY-MATRIX') ? 'failed' : 'not judged';
      };
      assert.equal(matrixCheck({}), 'passed');
      assert.equal(matrixCheck({ context: { priorityMatrix: [[1, 1, 2], [1, 2, 3], [2, 3, 5]] } }), 'failed');
      if (has('packs')) {
        const mine = new api.Engine({ rules: [pack] });
        assert.ok(mine.check(incident).passed.includes('ACME-TITLED'));
        mine.free();
        assert.equal(api.applyLogic({ '+': [1, { var: 'a' }] }, { a: 2 }), 3);
      } else {
        assert.equal(code(() => new api.Engine({ rules: [pack] })), 'E_NOT_IN_BUILD');
        assert.equal(code(() => engine.loadRules([pack])), 'E_NOT_IN_BUILD');
        assert.throws(() => new api.Engine({ rules: [pack], lang: 'ja' }), (e) => e.code === 'E_NOT_IN_BUILD' && /独自のルールパック/.test(e.message));
        assert.equal(code(() => api.applyLogic({ '+': [1, { var: 'a' }] }, { a: 2 })), 'E_NOT_IN_BUILD');
      }
      if (has('cases')) {
        assert.deepEqual(api.catalog.cases({ lang: 'ja' }), full.catalog.cases({ lang: 'ja' }));
      } else {
        assert.equal(code(() => api.catalog.cases()), 'E_NOT_IN_BUILD');
        assert.throws(() => api.catalog.cases({ lang: 'ja' }), (e) => e.code === 'E_NOT_IN_BUILD' && /教材用の事例/.test(e.message));
        // A check still names its case: the findings are compared with the full module's above.
        const strict = new api.Engine({ context: { priorityMatrix: [[1, 1, 2], [1, 2, 3], [2, 3, 5]] } });
        const finding = strict.check(incident).findings.find((f) => f.check === 'INC-PRIORITY-MATRIX');
        strict.free();
        assert.match(finding?.case ?? 'none', /^CASE-/);
      }
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
