// js/stream.js, the CLI's reader of large files: for arrays and envelopes of every layout, read in
// tiny pieces so that strings, escapes and newlines fall across reads, the chunks hold the input's
// elements in order, each chunk's line and shift name the file position of its first byte, and
// the second pass (replayChunks) hands over the very same chunks without scanning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forEachChunk, replayChunks } from '../../js/stream.js';
import { headLength } from '../../js/chunks.js';

// A small seeded generator: the same cases on every run.
let seed = 20261205;
const rnd = (n) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const texts = ['a', 'plain text', 'q"uote', 'back\\slash', 'nl\nline', 'é日本', '\\', '\\\\"', '"', '', 'x'.repeat(40), 'ends with \\'];
function value(depth) {
  const k = rnd(depth > 2 ? 4 : 6);
  if (k === 0) return rnd(1000) - 500;
  if (k === 1) return texts[rnd(texts.length)];
  if (k === 2) return rnd(2) === 0;
  if (k === 3) return null;
  if (k === 4) return Array.from({ length: rnd(4) }, () => value(depth + 1));
  const o = {};
  for (let i = rnd(5); i > 0; i--) o[texts[rnd(texts.length)] + i] = value(depth + 1);
  return o;
}
const layouts = [
  (a) => JSON.stringify(a),
  (a) => JSON.stringify(a, null, 2),
  (a) => `[\n${a.map((x) => JSON.stringify(x)).join(',\n')}\n]\n`,
  (a) => JSON.stringify({ result: a }),
  (a) => `{\n  "records": ${JSON.stringify(a, null, 1)}\n}`,
  (a) => ` \r\n[ ${a.map((x) => JSON.stringify(x)).join(' ,\r\n ')} ] `,
];

/** 1-based (line, column) of byte `at`, columns counted in bytes as the engine counts them. */
function position(bytes, at) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return [line, at - lineStart + 1];
}

/** Runs `fn(file)` with a path in a temporary directory, removed after. */
function withFile(name, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'iso20000-stream-'));
  try {
    fn(join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Both passes over `file`, read `chunkBytes` at a time: the chunks forEachChunk hands over (with
 * copies of their bytes, as the buffer is reused), what it returned, and what replayChunks hands
 * over from its cuts.
 */
function readTwice(file, chunkBytes) {
  const copy = (list) => (c) => list.push({ ...c, bytes: Buffer.from(c.bytes) });
  const chunks = [];
  const replayed = [];
  const cuts = [];
  const fd = openSync(file, 'r');
  try {
    const cut = forEachChunk(fd, copy(chunks), { chunkBytes, cuts });
    replayChunks(fd, cuts, copy(replayed));
    return { cut, chunks, replayed };
  } finally {
    closeSync(fd);
  }
}

test('chunks hold the elements in order, and their line and shift name where each starts in the file', () => {
  withFile('input.json', (file) => {
    let multi = 0;
    for (let n = 0; n < 400; n++) {
      const elements = Array.from({ length: 1 + rnd(12) }, () => value(0));
      const bytes = Buffer.from(layouts[n % layouts.length](elements));
      writeFileSync(file, bytes);
      const head = headLength(bytes);
      for (const chunkBytes of [head + 1 + rnd(8), 16 + rnd(48), 64 + rnd(400)]) {
        const { cut, chunks, replayed } = readTwice(file, chunkBytes);
        const what = `case ${n}, reads of ${chunkBytes} bytes: ${JSON.stringify(bytes.toString()).slice(0, 120)}`;
        assert.equal(cut, true, what);
        assert.deepEqual(replayed, chunks, `${what}: replayed`);
        if (chunks.length > 1) multi++;
        const read = chunks.flatMap((c) => {
          const doc = JSON.parse(c.bytes.toString());
          return Array.isArray(doc) ? doc : (doc.result ?? doc.records);
        });
        assert.deepEqual(read, elements, what);
        // Chunk k starts just after the comma the previous one was cut at (the first, after the
        // head); its first byte follows the head that each chunk repeats on one line.
        let from = head;
        for (const [k, c] of chunks.entries()) {
          assert.deepEqual([c.line, c.shift + head + 1], position(bytes, from), `${what}, chunk ${k}`);
          from = c.read + 1;
        }
        assert.equal(chunks.at(-1).last, true, what);
      }
    }
    assert.ok(multi > 400, `most cases are cut in several chunks (${multi})`);
  });
});

test('a read that ends inside a string, on a backslash or just after one, resumes at the right byte', () => {
  withFile('escapes.json', (file) => {
    // Strings that are mostly escapes (`\\` and `\"`), with commas and brackets inside them, so
    // that a wrong resume pairs the quotes differently and cuts inside a string.
    const elements = [
      { a: '\\'.repeat(25), b: '"],"'.repeat(6) },
      { c: '\\"'.repeat(12), d: ['\\', '"', ',]'] },
      { e: 'x\\'.repeat(9) + '"' },
    ];
    const bytes = Buffer.from(JSON.stringify(elements));
    writeFileSync(file, bytes);
    const head = headLength(bytes);
    for (let chunkBytes = head + 1; chunkBytes < 90; chunkBytes++) {
      const { chunks, replayed } = readTwice(file, chunkBytes);
      assert.deepEqual(chunks.flatMap((c) => JSON.parse(c.bytes.toString())), elements, `reads of ${chunkBytes} bytes`);
      assert.deepEqual(replayed, chunks, `reads of ${chunkBytes} bytes: replayed`);
    }
  });
});

test('malformed inputs are cut the same way twice: the second pass hands over what the first did', () => {
  withFile('bad.json', (file) => {
    const good = '[\n' + Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `r${i}`, note: 'a, "b" ]' })).join(',\n') + '\n]\n';
    const bad = [
      good.slice(0, good.length / 2), // ends inside the array
      good.replace(',\n{"id":"r10"', ',\n,{"id":"r10"'), // an empty element
      good.replace('{"id":"r20"', '}{"id":"r20"'), // closes what was never opened
      good.replace(/\n\]\n$/, ',\n]\n'), // a trailing comma
      good + 'trailing',
    ];
    for (const text of bad) {
      writeFileSync(file, text);
      for (const chunkBytes of [8, 40, 200, 4096]) {
        const { chunks, replayed } = readTwice(file, chunkBytes);
        assert.ok(chunks.length > 0, text.slice(0, 60));
        assert.deepEqual(replayed, chunks, `${JSON.stringify(text.slice(0, 60))}, reads of ${chunkBytes}`);
      }
    }
  });
});
