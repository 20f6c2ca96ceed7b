// The conformance corpus against the built npm package: the Node target and the web target
// (loaded in Node with initSync), the same cases the native and browser runners use. One test
// per corpus file of tests/conformance/index.json, with a subtest per target, so
// `node --test --test-name-pattern servicenow tests/js/` runs a subset. Without the shared
// fixture folder (a user's clone) the cases that read it are skipped, and one line says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fixtureCases, runCorpus, skipLine } from './corpus.mjs';
import { corpora, corpusDir, fixture, fixturesPresent, index, root } from './corpus-files.mjs';

if (!fixturesPresent) {
  console.log(skipLine(corpora.reduce((n, [, corpus]) => n + fixtureCases(corpus), 0), index.fixtures));
}

// Each target is loaded once, on first use.
const targets = {
  node: async () => {
    const api = await import('../../js/node.js');
    await api.init();
    return api;
  },
  web: async () => {
    const api = await import('../../js/web.js');
    api.initSync(readFileSync(`${root}js/pkg-web/iso20000_bg.wasm`));
    return api;
  },
};
const loaded = {};
const api = (target) => (loaded[target] ??= targets[target]());

test('index.json names every corpus file (the browser cannot list a directory)', () => {
  const onDisk = readdirSync(corpusDir).filter((f) => f.endsWith('.json') && f !== 'index.json').sort();
  assert.deepEqual([...index.files].sort(), onDisk);
  assert.equal(new Set(index.files).size, index.files.length, 'index.json lists a file twice');
});

for (const [file, corpus] of corpora) {
  test(`corpus ${file}`, async (t) => {
    assert.ok(corpus.cases.length > 0, `${file} has no cases`);
    for (const target of Object.keys(targets)) {
      await t.test(`${target} target`, async () => {
        const r = runCorpus(await api(target), file, corpus, fixture, { fixturesPresent });
        assert.equal(r.count + r.skipped, corpus.cases.length);
        assert.deepEqual(r.failures, []);
      });
    }
    const skipped = fixturesPresent ? 0 : fixtureCases(corpus);
    if (skipped > 0) await t.test(skipLine(skipped, index.fixtures), { skip: true }, () => {});
  });
}
