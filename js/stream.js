// Reads a JSON export of any size from a file descriptor in fixed-size byte chunks and cuts it
// on the element boundaries of its top-level array (or of a `{"result"|"records": [...]}`
// envelope), without ever building a JavaScript string of the input. Each chunk is a byte
// array of whole elements in the input's own array (`[` … `]`, or the envelope's head … `]}`),
// with where its first element starts in the file, so that the engine can name the line and
// column of a syntax error in the whole file. The partial element at the end of a read is
// carried over to the next chunk. The engine validates every byte: the cutter only finds
// boundaries (strings, escapes and nesting), and malformed places are handed to the engine as
// they are.

import { readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { headLength } from './chunks.js';

// The boundaries are found by the engine's cutter (src/record/source/envelope/cut.rs) in the
// Node build's module, the instance the CLI's engine runs in: a JavaScript loop over the bytes
// here was a sixth of the CLI's time on a large export.
const { cutElements } = createRequire(import.meta.url)('./pkg-node/iso20000.js');

const OPEN_BRACE = 123, NEWLINE = 10;
// Why cutElements stopped (0: the bytes ran out), and its state's places of the last top-level
// comma it found and of where it stopped.
const EMPTY = 1, END = 2, UNBALANCED = 3;
const CUT = 5, AT = 6;

/** Bytes read per call (and the size a chunk aims at). */
export const CHUNK_BYTES = 16 << 20;

// The head of a splittable input (the byte offset just after its array's `[`, or -1): the same
// rule as the dashboard's splitter.
export { headLength };

/**
 * Calls `each(chunk)` for every chunk of the file `fd`, in order: `{bytes, line, shift, read}`:
 * `bytes` to push, `line` the file line of the chunk's line 1 and `shift` what its columns on
 * that line are off by (file column = chunk column + shift), `read` the file bytes consumed so
 * far. Returns false (having called nothing) when the input is not splittable: read it whole.
 * Memory: the read buffer, the carried partial element and the chunk handed over.
 *
 * `cuts`: an array that receives each chunk's recipe (where its bytes are in the file, with
 * what around them), for [`replayChunks`] to hand the same chunks over again without scanning.
 */
export function forEachChunk(fd, each, { chunkBytes = CHUNK_BYTES, cuts } = {}) {
  const buffer = Buffer.allocUnsafe(chunkBytes);
  let fileOffset = 0;
  const read = () => {
    const n = readSync(fd, buffer, 0, chunkBytes, fileOffset);
    fileOffset += n;
    return buffer.subarray(0, n);
  };
  let pending = read();
  const head = headLength(pending);
  if (head < 0) return false;
  const envelope = pending.subarray(0, head).includes(OPEN_BRACE);
  // The head on one line, so that a chunk's first line is the line its first element is on.
  const prefix = Buffer.from(pending.subarray(0, head)).map((c) => (c === 10 || c === 13 ? 32 : c));
  const suffix = Buffer.from(envelope ? ']}' : ']');
  let start = 0; // first byte of pending not yet pushed (just after `[` or a cut comma)
  // (line, column) of pending[start]. A later place's are counted from there when a chunk is cut
  // (its newlines found by indexOf), not tracked byte by byte.
  let line = 1;
  let column = 1;
  /** Moves `start` to `to`, counting the lines and columns of the bytes passed over. */
  const advance = (to) => {
    let from = start;
    for (let nl = pending.indexOf(NEWLINE, from); nl >= 0 && nl < to; nl = pending.indexOf(NEWLINE, nl + 1)) {
      line++;
      column = 1;
      from = nl + 1;
    }
    column += to - from;
    start = to;
  };
  advance(head);
  let scan = head;
  let cut = -1; // the last top-level comma in pending at or after start
  // What the scan carries from one read to the next (in a string, nesting, whether the current
  // element has content, whether one was seen) and where it stopped: see cutElements.
  const state = new Float64Array(7);
  /** Hands over `bytes`: `head`, the file's bytes [from, to) and `tail`, placed at pending[start]. */
  const hand = (bytes, head, from, to, tail, last) => {
    const place = { line, shift: column - head.length - 1, read: to, last };
    cuts?.push({ head, from, to, tail, place });
    each({ bytes, ...place });
  };
  const chunk = (p, from, to, tail, last = false) => {
    const at = fileOffset - pending.length;
    hand(Buffer.concat([p, pending.subarray(from, to), tail]), p, at + from, at + to, tail, last);
  };
  const pushCut = () => {
    chunk(prefix, start, cut, suffix);
    advance(cut + 1);
  };
  for (;;) {
    const stop = cutElements(pending, scan, state);
    if (state[CUT] >= 0) cut = state[CUT];
    const i = state[AT];
    if (stop === EMPTY) {
      // `[,a]`, `[a,,b]` or `[a,]`: what is whole first, then the empty element's place (a
      // value before it keeps it apart from the empty array) for the engine to name.
      if (cut >= start) pushCut();
      // (A bare array, so that an envelope's head does not end the parse first.)
      chunk(Buffer.from('[0,'), start, i + 1, Buffer.alloc(0), true);
      return true;
    }
    if (stop === END) {
      // The last elements with the file's own end (the engine checks what follows `]`).
      // (Copied before the next read reuses the buffer.)
      const from = fileOffset - pending.length + start;
      const rest = [prefix, Buffer.from(pending.subarray(start))];
      for (let more = read(); more.length; more = read()) rest.push(Buffer.from(more));
      hand(Buffer.concat(rest), prefix, from, fileOffset, Buffer.alloc(0), true);
      return true;
    }
    if (stop === UNBALANCED) {
      // Closes what was never opened: malformed, and nothing after it can be cut right.
      if (cut >= start) pushCut();
      chunk(prefix, start, i + 1, Buffer.alloc(0), true);
      return true;
    }
    // The read is scanned: push what is whole, carry the rest over.
    if (cut >= start) pushCut();
    // Copied before the next read reuses the buffer.
    const carried = Buffer.from(pending.subarray(start));
    const more = read();
    if (!more.length) {
      // The file ends inside the array: the engine says where.
      pending = carried;
      start = 0;
      chunk(prefix, 0, pending.length, Buffer.alloc(0), true);
      return true;
    }
    scan = carried.length;
    pending = Buffer.concat([carried, more]);
    start = 0;
    cut = -1;
  }
}

/**
 * Hands over again the chunks [`forEachChunk`] cut (its `cuts`), reading each one's bytes from
 * the file where they are: a second pass over a large file without scanning it again.
 */
export function replayChunks(fd, cuts, each) {
  for (const { head, from, to, tail, place } of cuts) {
    const bytes = Buffer.allocUnsafe(head.length + (to - from) + tail.length);
    head.copy(bytes, 0);
    for (let done = 0; done < to - from; ) {
      const n = readSync(fd, bytes, head.length + done, to - from - done, from + done);
      if (n === 0) throw new Error(`the file is shorter than when it was first read (${from + done} bytes)`);
      done += n;
    }
    tail.copy(bytes, head.length + (to - from));
    each({ bytes, ...place });
  }
}
