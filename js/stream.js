// Reads a JSON export of any size from a file descriptor in fixed-size byte chunks and cuts it
// on the element boundaries of its top-level array (or of a `{"result"|"records": [...]}`
// envelope), without ever building a JavaScript string of the input. Each chunk is a byte
// array of whole elements in the input's own array (`[` … `]`, or the envelope's head … `]}`),
// with where its first element starts in the file, so that the engine can name the line and
// column of a syntax error in the whole file. The partial element at the end of a read is
// carried over to the next chunk. The engine validates every byte: the splitter only finds
// boundaries (strings, escapes and nesting), and hands malformed places to the engine as they
// are.

import { readSync } from 'node:fs';
import { headLength } from './chunks.js';

const QUOTE = 34, BACKSLASH = 92, OPEN_BRACKET = 91, CLOSE_BRACKET = 93, OPEN_BRACE = 123, CLOSE_BRACE = 125,
  COMMA = 44, NEWLINE = 10;

/** Bytes read per call (and the size a chunk aims at). */
export const CHUNK_BYTES = 16 << 20;

function isSpace(c) {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

// The head of a splittable input (the byte offset just after its array's `[`, or -1): the same
// rule as the dashboard's splitter.
export { headLength };

/**
 * Calls `each(chunk)` for every chunk of the file `fd`, in order: `{bytes, line, shift, read}`:
 * `bytes` to push, `line` the file line of the chunk's line 1 and `shift` what its columns on
 * that line are off by (file column = chunk column + shift), `read` the file bytes consumed so
 * far. Returns false (having called nothing) when the input is not splittable: read it whole.
 * Memory: the read buffer, the carried partial element and the chunk handed over.
 */
export function forEachChunk(fd, each, { chunkBytes = CHUNK_BYTES } = {}) {
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
  // (line, column) of the next byte to scan; (line, column) of pending[start].
  let lineAt = 1;
  let columnAt = 1;
  const step = (c) => {
    if (c === NEWLINE) {
      lineAt++;
      columnAt = 1;
    } else columnAt++;
  };
  for (let i = 0; i < head; i++) step(pending[i]);
  let line = lineAt;
  let column = columnAt;
  let start = head; // first byte of pending not yet pushed (just after `[` or a cut comma)
  let scan = head;
  let cut = -1; // the last top-level comma in pending at or after start
  let cutLine = 0;
  let cutColumn = 0;
  let inString = false;
  let escaped = false;
  let depth = 0;
  let content = false; // a non-space byte since the last boundary
  let any = false; // an element seen
  const chunk = (p, from, to, tail, last = false) => {
    const bytes = Buffer.concat([p, pending.subarray(from, to), tail]);
    each({ bytes, line, shift: column - p.length - 1, read: fileOffset - pending.length + to, last });
  };
  const pushCut = () => {
    chunk(prefix, start, cut, suffix);
    start = cut + 1;
    line = cutLine;
    column = cutColumn;
  };
  for (;;) {
    const b = pending;
    for (let i = scan; i < b.length; i++) {
      const c = b[i];
      step(c);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
        continue;
      }
      if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
        if (!content && (c === COMMA || any)) {
          // `[,a]`, `[a,,b]` or `[a,]`: what is whole first, then the empty element's place (a
          // value before it keeps it apart from the empty array) for the engine to name.
          if (cut >= start) pushCut();
          // (A bare array, so that an envelope's head does not end the parse first.)
          chunk(Buffer.from('[0,'), start, i + 1, Buffer.alloc(0), true);
          return true;
        }
        any ||= content;
        content = false;
        if (c === CLOSE_BRACKET) {
          // The last elements with the file's own end (the engine checks what follows `]`).
          // (Copied before the next read reuses the buffer.)
          const rest = [prefix, Buffer.from(pending.subarray(start))];
          for (let more = read(); more.length; more = read()) rest.push(Buffer.from(more));
          each({ bytes: Buffer.concat(rest), line, shift: column - prefix.length - 1, read: fileOffset, last: true });
          return true;
        }
        cut = i;
        cutLine = lineAt;
        cutColumn = columnAt;
        continue;
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (--depth < 0) {
          // Closes what was never opened: malformed, and nothing after it can be cut right.
          if (cut >= start) pushCut();
          chunk(prefix, start, i + 1, Buffer.alloc(0), true);
          return true;
        }
      } else if (isSpace(c)) continue;
      content = true;
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
