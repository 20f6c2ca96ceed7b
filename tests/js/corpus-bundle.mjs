// Writes the corpus bundle that the wasm-bindgen tests (tests/wasm.rs) include at compile time:
// the corpus files of tests/conformance/index.json, the repository rule packs their cases load
// (`rulesFiles`) and the shared fixtures they read (`inputFixture`). Code in wasm cannot read
// files and include_str! needs every path spelled out, so this keeps the list in index.json alone.
// Without the shared fixture folder the bundle says so, tests/wasm.rs skips those cases, and this
// prints the one line every runner prints.
//
//   node tests/js/corpus-bundle.mjs [OUT]     default OUT: target/wasm-corpus.json
//
// `make test-wasm-bindgen` runs it before `wasm-pack test`; run it yourself before calling
// `wasm-pack test … --test wasm` directly.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureCases, isFixtureCase, skipLine } from './corpus.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = resolve(process.argv[2] ?? `${root}target/wasm-corpus.json`);
const index = JSON.parse(readFileSync(`${root}tests/conformance/index.json`, 'utf8'));
const fixturesDir = resolve(root, index.fixtures);
const fixturesPresent = existsSync(fixturesDir);

const corpus = [];
const files = {};
let skipped = 0;
for (const file of index.files) {
  const text = readFileSync(`${root}tests/conformance/${file}`, 'utf8');
  const parsed = JSON.parse(text);
  corpus.push({ file, text });
  for (const c of parsed.cases) {
    for (const pack of [...(parsed.defaults?.engine?.rulesFiles ?? []), ...(c.engine?.rulesFiles ?? [])]) {
      const path = resolve(root, pack);
      if (existsSync(path)) files[`repo:${pack}`] = readFileSync(path, 'utf8');
    }
    // A fixture that is missing while the folder is present stays out: its case fails, naming it.
    if (isFixtureCase(c) && fixturesPresent && existsSync(resolve(fixturesDir, c.inputFixture))) {
      files[c.inputFixture] = readFileSync(resolve(fixturesDir, c.inputFixture), 'utf8');
    }
  }
  if (!fixturesPresent) skipped += fixtureCases(parsed);
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ fixtures: index.fixtures, fixturesPresent, corpus, files }));
console.log(`${out}: ${corpus.length} corpus files, ${Object.keys(files).length} fixtures and rule packs`);
if (skipped > 0) console.log(skipLine(skipped, index.fixtures));
