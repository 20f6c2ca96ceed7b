// iso20000/chunks on bytes: splitBytes cuts where splitRecords cuts, without decoding, and the
// places it gives make the engine name the line and column of the whole input (so do the places
// of the engine's own splitBytesInto, which the dashboard uses); binaryKind names files that are
// no text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, splitBytesInto as engineSplitBytesInto } from '../../js/node.js';
import { binaryKind, headLength, splitBytes, splitBytesInto, splitRecords } from '../../js/chunks.js';

// The two splitters of the same contract: iso20000/chunks' JavaScript loop and the engine's scan
// (which the dashboard uses); the engine's makes at most `parts` pieces, the loop one more.
const SPLITTERS = [['chunks', splitBytesInto, 1], ['engine', engineSplitBytesInto, 0]];

const utf8 = (s) => new TextEncoder().encode(s);
const text = (b) => new TextDecoder().decode(b);
const engine = new Engine();
const OPTIONS = { source: 'auto', findings: true, asOf: '2026-06-30T00:00:00Z' };

const records = Array.from({ length: 40 }, (_, i) => ({
  id: `INC-${i}`, kind: 'incident', state: 'new', category: i % 3 ? 'network' : null,
  // Quotes after runs of backslashes, odd and even (escaped, closing), and one at the very end.
  title: i % 5 ? `printer ${i} – “é” \\ "quoted ]},[{ \\\\"x ends \\` : '日本語のタイトル', openedAt: '2026-03-01T09:00:00Z',
}));

/** The partials of `pieces`, merged, finished: the dashboard's evaluation, in Node. */
function merged(pieces) {
  const main = engine.session(OPTIONS);
  let offset = 0;
  for (const p of pieces) {
    const s = engine.session(OPTIONS);
    s.setOffset(offset);
    offset += s.pushChunk(p.bytes, { line: p.line, shift: p.shift }).in;
    // The dashboard's workers post the partial as text, unparsed.
    const partial = s.partialText();
    assert.deepEqual(JSON.parse(partial), s.partial());
    main.merge(partial);
    s.free();
  }
  return main.finish();
}

function errorOf(fn) {
  try {
    fn();
  } catch (e) {
    return { code: e.code, line: e.line, column: e.column };
  }
  return null;
}

test('headLength finds the array of a bare array and of result/records envelopes, after a byte-order mark', () => {
  assert.equal(headLength(utf8('  [1]')), 3);
  assert.equal(headLength(utf8('\ufeff{\n "result" :\n [1]}')), utf8('\ufeff{\n "result" :\n [').length);
  assert.equal(headLength(utf8('{"records": []}')), 13);
  assert.equal(headLength(utf8('{"other": []}')), -1);
  assert.equal(headLength(utf8('id,kind\n1,incident')), -1);
});

test('splitBytes cuts bytes into whole elements, counts them and gives the report of one pass', () => {
  for (const [layout, json] of [
    ['pretty array', JSON.stringify(records, null, 2)],
    ['one line', JSON.stringify(records)],
    ['result envelope', `{\n  "result": ${JSON.stringify(records, null, 1)}\n}\n`],
    ['records envelope with a BOM', `\ufeff{"records": ${JSON.stringify(records)}}`],
  ]) {
    const bytes = utf8(json);
    for (const [splitter, split, extra] of SPLITTERS) for (const parts of [1, 2, 3, 7, 40]) {
      const pieces = split(bytes, parts);
      const name = `${splitter}, ${layout}`;
      assert.ok(pieces, `${name}: splits`);
      assert.ok(pieces.length <= parts + extra && pieces.length >= Math.min(parts, 2) - 1, `${name}: ${pieces.length} pieces for ${parts}`);
      assert.equal(pieces.reduce((n, p) => n + p.count, 0), records.length, `${name}: every element once`);
      // Each piece is valid JSON of its own, holding its elements whole.
      const back = pieces.flatMap((p) => {
        const v = JSON.parse(text(p.bytes));
        return Array.isArray(v) ? v : v.result ?? v.records;
      });
      assert.deepEqual(back, records, `${name}: the elements, in order`);
      for (const p of pieces) if (pieces.length > 1) assert.notEqual(p.bytes.buffer, bytes.buffer, `${name}: each piece has its own buffer`);
      assert.deepEqual(merged(pieces), engine.evaluate(bytes, OPTIONS), `${name}, ${parts} parts: the one-pass report`);
    }
    // The same cuts as the text splitter for ASCII input (the one-line form is ASCII but for titles).
    if (!/[^\x00-\x7f]/.test(json)) {
      const name = layout;
      const t = splitRecords(json, { chunkChars: 500 }).map((c) => c.count);
      assert.deepEqual(splitBytes(bytes, { chunkBytes: 500 }).map((p) => p.count), t);
    }
  }
  // One piece is the input itself: nothing copied.
  const bytes = utf8(JSON.stringify(records));
  for (const [, split] of SPLITTERS) assert.equal(split(bytes, 1)[0].bytes, bytes);
});

test('a syntax error in any piece is named at its line and column in the whole input', () => {
  const lines = records.map((r) => JSON.stringify(r));
  for (const at of [0, 7, 19, 33, 39]) {
    for (const [name, join] of [['one per line', ',\n'], ['one line', ', ']]) {
      const broken = [...lines];
      // A multi-byte title before the error on the same line: columns count bytes.
      broken[at] = broken[at].replace('"kind":"incident"', '"kind":"インシデント",,"x":1');
      const bytes = utf8(`{"result": [\n${broken.join(join)}\n]}`);
      const whole = errorOf(() => engine.evaluate(bytes, OPTIONS));
      assert.equal(whole.code, 'E_JSON_SYNTAX');
      for (const [splitter, pieces] of [
        ['chunks', splitBytes(bytes, { chunkBytes: 600 })],
        ['engine', engineSplitBytesInto(bytes, Math.ceil(bytes.length / 600))],
      ]) {
        assert.ok(pieces && pieces.length > 3, `${splitter}, ${name}: split (${pieces?.length})`);
        const errors = pieces.map((p) => errorOf(() => engine.session(OPTIONS).pushChunk(p.bytes, { line: p.line, shift: p.shift }))).filter(Boolean);
        assert.deepEqual(errors, [whole], `${splitter}, ${name}, element ${at}: one piece fails, where the whole input does`);
      }
    }
  }
});

test('inputs that do not split are left whole', () => {
  for (const input of ['', '[]', '[1,,2]', '[,1]', '[1,2', '[{"a": "x}]', '{"a": 1}', 'id,kind\r\n1,incident\r\n', '[{]}]']) {
    assert.equal(splitBytes(utf8(input), { chunkBytes: 1 }), null, JSON.stringify(input));
    assert.equal(engineSplitBytesInto(utf8(input), 8), null, `engine: ${JSON.stringify(input)}`);
  }
  // What follows the array stays in the last piece, for the engine to report.
  const junk = utf8('[1]]');
  assert.deepEqual(splitBytes(junk, { chunkBytes: 1 }), [{ bytes: junk, count: 1, line: 1, shift: 0 }]);
  assert.deepEqual(engineSplitBytesInto(junk, 4), [{ bytes: junk, count: 1, line: 1, shift: 0 }]);
  // A trailing comma is the engine's to report: left whole, so its error is the whole input's.
  assert.equal(splitBytes(utf8('[{"a":1},{"b":2},]'), { chunkBytes: 1 }), null);
  assert.equal(engineSplitBytesInto(utf8('[{"a":1},{"b":2},]'), 3), null);
});

test('binaryKind names files that are no text, and passes text (also cut mid-character)', () => {
  const b = (...a) => new Uint8Array(a);
  assert.equal(binaryKind(b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)), 'png');
  assert.equal(binaryKind(b(0xff, 0xd8, 0xff, 0xe0)), 'jpeg');
  assert.equal(binaryKind(utf8('%PDF-1.7\n')), 'pdf');
  assert.equal(binaryKind(b(0x50, 0x4b, 0x03, 0x04, 20, 0)), 'zip');
  assert.equal(binaryKind(b(0xff, 0xfe, 0x5b, 0)), 'utf16');
  assert.equal(binaryKind(b(0x5b, 0, 0x7b, 0, 0x22, 0, 0x61, 0)), 'utf16');
  assert.equal(binaryKind(b(0x1f, 0x03, 0x7b, 0x01, 0x02, 0x10, 0x41)), 'binary');
  assert.equal(binaryKind(b(0x7b, 0x22, 0x61, 0x00, 0x13, 0x22)), 'binary');
  // Text in another encoding (Latin-1, Shift_JIS) is text: the engine names its first bad byte.
  assert.equal(binaryKind(b(0x5b, 0x7b, 0x22, 0x63, 0x61, 0x66, 0xe9, 0x22, 0x7d, 0x5d)), null);
  assert.equal(binaryKind(b(0x94, 0xd4, 0x8d, 0x86, 0x2c, 0x8c, 0x8f, 0x96, 0xbc, 0x0d, 0x0a)), null);
  assert.equal(binaryKind(utf8('[{"id": 1}]')), null);
  assert.equal(binaryKind(utf8('番号,件名\n')), null);
  assert.equal(binaryKind(utf8('[{"t": "日本"}]').subarray(0, 10)), null);
});
