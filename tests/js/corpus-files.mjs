// The conformance corpus as the Node test files read it (Node only: corpus.mjs, which the browser
// runner loads too, reads no files): the index, each corpus file parsed, and the shared fixtures
// its cases name, which a user's clone may not have.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const corpusDir = `${root}tests/conformance/`;
export const index = JSON.parse(readFileSync(`${corpusDir}index.json`, 'utf8'));
export const fixturesDir = resolve(root, index.fixtures);
export const fixturesPresent = existsSync(fixturesDir);

/** `[[file, corpus], …]` in index order. */
export const corpora = index.files.map((file) => [file, JSON.parse(readFileSync(`${corpusDir}${file}`, 'utf8'))]);

/** A case's file: `repo:PATH` in the repository, else under the shared fixtures; null when absent. */
export function fixture(p) {
  const path = p.startsWith('repo:') ? `${root}${p.slice(5)}` : resolve(fixturesDir, p);
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}
