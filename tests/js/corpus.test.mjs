// The conformance corpus against the built npm package: the Node target and the web target
// (loaded in Node with initSync), the same cases the native and browser runners use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CORPUS_FILES, runCorpus } from './corpus.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (p) => {
  const path = p.startsWith('repo:') ? `${root}${p.slice(5)}` : `${root}../shared/fixtures/${p}`;
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
};

async function runAll(api) {
  let count = 0;
  const failures = [];
  for (const file of CORPUS_FILES) {
    const path = `${root}tests/conformance/${file}`;
    if (!existsSync(path)) continue;
    const r = runCorpus(api, file, JSON.parse(readFileSync(path, 'utf8')), fixture);
    count += r.count;
    failures.push(...r.failures);
  }
  return { count, failures };
}

test('the corpus list names every corpus file (the browser cannot list a directory)', () => {
  const onDisk = readdirSync(`${root}tests/conformance`).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual([...CORPUS_FILES].sort(), onDisk);
});

test('corpus passes with the Node target', async () => {
  const api = await import('../../js/node.js');
  await api.init();
  const { count, failures } = await runAll(api);
  assert.ok(count >= 50, `only ${count} cases`);
  assert.deepEqual(failures, []);
});

test('corpus passes with the web target (initSync in Node)', async () => {
  const api = await import('../../js/web.js');
  api.initSync(readFileSync(`${root}js/pkg-web/iso20000_bg.wasm`));
  const { count, failures } = await runAll(api);
  assert.ok(count >= 50, `only ${count} cases`);
  assert.deepEqual(failures, []);
});
