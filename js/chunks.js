// Splits a JSON array (or a {"result"|"records": [...]} envelope) into smaller JSON arrays
// without parsing the records, so that large exports can be pushed into a session piece by
// piece (progress bars, workers) while each record still crosses the wasm boundary once.

const QUOTE = 34, BACKSLASH = 92, OPEN_BRACKET = 91, CLOSE_BRACKET = 93, OPEN_BRACE = 123, CLOSE_BRACE = 125, COMMA = 44;

function arrayStart(text) {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 32 || text.charCodeAt(i) === 0xfeff) i++;
  const c = text.charCodeAt(i);
  if (c === OPEN_BRACKET) return i;
  if (c !== OPEN_BRACE) return -1;
  // An envelope: find a top-level "result" or "records" member holding an array.
  const m = /^\{\s*"(result|records)"\s*:\s*\[/.exec(text.slice(i, i + 64));
  return m ? i + m[0].length - 1 : -1;
}

/**
 * @param {string} text JSON text
 * @param {{chunkChars?: number}} [options]
 * @returns {{text: string, count: number}[] | null} chunks, or null when the text is not a
 *   splittable array (evaluate it whole; the engine reports any syntax error with its position)
 */
export function splitRecords(text, { chunkChars = 1 << 20 } = {}) {
  const start = arrayStart(text);
  if (start < 0) return null;
  const chunks = [];
  let depth = 0;
  let elementStart = -1;
  let pieces = [];
  let size = 0;
  const flush = () => {
    if (pieces.length) {
      chunks.push({ text: `[${pieces.join(',')}]`, count: pieces.length });
      pieces = [];
      size = 0;
    }
  };
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      if (elementStart < 0) elementStart = i;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
      }
      continue;
    }
    if (c <= 32) continue;
    if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
      if (elementStart >= 0) {
        const element = text.slice(elementStart, i);
        pieces.push(element);
        size += element.length;
        if (size >= chunkChars) flush();
      } else if (c === COMMA || pieces.length || chunks.length) {
        return null; // an empty element: malformed, let the engine say where
      }
      elementStart = -1;
      if (c === CLOSE_BRACKET) {
        flush();
        return chunks;
      }
      continue;
    }
    if (elementStart < 0) elementStart = i;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth < 0) return null;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Bytes: the same cut, on UTF-8 bytes, without decoding them to a string.

const SPACE = 32, TAB = 9, LF = 10, CR = 13;
const isSpace = (c) => c === SPACE || c === TAB || c === LF || c === CR;
const HEAD = /^\{\s*"(result|records)"\s*:\s*\[/;

/**
 * The head of a splittable input in `bytes` (its first bytes): the byte offset just after the
 * top-level array's `[`, or -1 when the input is not a top-level array or a result/records
 * envelope. A UTF-8 byte-order mark is skipped.
 *
 * @param {Uint8Array} bytes
 * @returns {number}
 */
export function headLength(bytes) {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && isSpace(bytes[i])) i++;
  if (bytes[i] === OPEN_BRACKET) return i + 1;
  if (bytes[i] !== OPEN_BRACE) return -1;
  // The envelope's head is ASCII when it matches: one byte, one character.
  const m = HEAD.exec(String.fromCharCode(...bytes.subarray(i, i + 64)));
  return m ? i + m[0].length : -1;
}

/**
 * Cuts a JSON array (or a {"result"|"records": [...]} envelope) held as UTF-8 bytes into pieces
 * of whole elements of about `chunkBytes` bytes each, without decoding it: each piece is a new
 * byte array (its own ArrayBuffer, so that it can be transferred to a worker) holding the input's
 * head (`[`, or the envelope's head), its elements and the matching `]` or `]}`; the last piece
 * ends with the input's own end, so that the engine checks what follows the array. `line` and
 * `shift` place a piece in the input for the engine's errors: the piece's line 1 is the input's
 * line `line`, and its columns there are `shift` off (input column = piece column + shift), as
 * `Session.pushChunk` takes them. Columns count bytes, as the engine's do. A piece that is the
 * whole input is the input itself (no copy).
 *
 * Only boundaries are found here (strings, escapes, nesting); the engine validates every byte.
 * Returns null when the input is no such array or is malformed where a cut is looked for (an
 * empty element, a bracket closing what was never opened, the input ending inside the array):
 * evaluate it whole, and the engine reports the error with its position.
 *
 * @param {Uint8Array} bytes
 * @param {{chunkBytes?: number}} [options]
 * @returns {{bytes: Uint8Array, count: number, line: number, shift: number}[] | null}
 */
export function splitBytes(bytes, { chunkBytes = 1 << 20 } = {}) {
  const head = headLength(bytes);
  if (head < 0) return null;
  const points = cutPoints(bytes, head, chunkBytes);
  return points && piecesAt(bytes, head, points);
}

/**
 * Where splitBytes cuts: `[end, count, end, count, …]`, per piece the offset of the top-level
 * comma after its last element (the last piece: the array's `]`) and its element count, each
 * piece ending at the first boundary past `chunkBytes`; null when the array does not split.
 */
function cutPoints(bytes, head, chunkBytes) {
  const points = [];
  let start = head; // the first byte of the current piece's elements
  let count = 0; // elements since `start`
  let content = false; // a non-space byte since the last boundary
  let depth = 0;
  const n = bytes.length;
  for (let i = head; i < n; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      content = true;
      i = closingQuote(bytes, i + 1);
      if (i < 0) return null; // the input ends inside a string
      continue;
    }
    if (c <= SPACE && isSpace(c)) continue;
    if (depth === 0 && (c === COMMA || c === CLOSE_BRACKET)) {
      if (!content) return null; // `[,a]`, `[a,,b]`, `[a,]`, and `[]` (nothing to share)
      content = false;
      count++;
      if (c === CLOSE_BRACKET) {
        points.push(i, count);
        return points;
      }
      if (i + 1 - start >= chunkBytes) {
        points.push(i, count);
        start = i + 1;
        count = 0;
      }
      continue;
    }
    content = true;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth < 0) return null;
  }
  return null; // the input ends inside the array
}

/**
 * The pieces of `bytes` (an array or envelope whose elements start at `head`) cut at `points`
 * (`[end, count, …]`, as cutPoints or the engine's scan gives them): each piece a new byte
 * array holding the input's head, its elements and the matching `]` or `]}`, the last one the
 * input's own end, with the `line` and `shift` that place it in the input (see splitBytes).
 * One piece is the input itself.
 *
 * @param {Uint8Array} bytes
 * @param {number} head
 * @param {ArrayLike<number>} points
 */
export function piecesAt(bytes, head, points) {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const envelope = bytes[bom] === OPEN_BRACE || bytes.subarray(bom, head).includes(OPEN_BRACE);
  // Later pieces repeat the head on one line (without a byte-order mark), so that their line 1
  // is the line their first byte is on.
  const prefix = bytes.slice(bom, head).map((c) => (c === LF || c === CR ? SPACE : c));
  const suffix = envelope ? [CLOSE_BRACKET, CLOSE_BRACE] : [CLOSE_BRACKET];
  // Lines are counted only where a piece starts (native indexOf between two cuts).
  let line = 1;
  let counted = 0; // bytes before this offset are counted in `line`
  let lineStart = 0; // the offset just after the last newline before `counted`
  const placeOf = (at) => {
    for (let k = bytes.indexOf(LF, counted); k >= 0 && k < at; k = bytes.indexOf(LF, k + 1)) {
      line++;
      lineStart = k + 1;
    }
    counted = at;
    return { line, shift: at - lineStart + 1 - prefix.length - 1 };
  };
  const piece = (first, from, to, tail) => {
    const lead = first ? bytes.subarray(0, head) : prefix;
    const out = new Uint8Array(lead.length + (to - from) + tail.length);
    out.set(lead, 0);
    out.set(bytes.subarray(from, to), lead.length);
    out.set(tail, lead.length + (to - from));
    return out;
  };
  const pieces = [];
  let start = head;
  for (let k = 0; k + 1 < points.length; k += 2) {
    const last = k + 2 >= points.length;
    const place = k === 0 ? { line: 1, shift: 0 } : placeOf(start); // the first keeps the input's places
    const out = last && k === 0 ? bytes : last ? piece(false, start, bytes.length, []) : piece(k === 0, start, points[k], suffix);
    pieces.push({ bytes: out, count: points[k + 1], ...place });
    start = points[k] + 1;
  }
  return pieces;
}

/**
 * The offset of the quote that closes the string whose content starts at `from`, or -1 when the
 * bytes end first. Strings are most of an export's bytes: the engine's native `indexOf` finds
 * each quote, and a quote after an odd run of backslashes is escaped (a loop over every byte took
 * a third longer on a 41.6 MB export).
 *
 * @param {Uint8Array} bytes
 * @param {number} from
 */
function closingQuote(bytes, from) {
  for (let q = bytes.indexOf(QUOTE, from); q >= 0; q = bytes.indexOf(QUOTE, q + 1)) {
    let backslashes = 0;
    while (q - backslashes - 1 >= from && bytes[q - backslashes - 1] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return -1;
}

/**
 * Cuts bytes into at most `parts` pieces of nearly equal size (see splitBytes).
 *
 * @param {Uint8Array} bytes
 * @param {number} parts
 */
export function splitBytesInto(bytes, parts) {
  return splitBytes(bytes, { chunkBytes: Math.max(1, Math.ceil(bytes.length / Math.max(1, parts))) });
}

// ---------------------------------------------------------------------------------------------
// What a file is when it is no text: a PNG dropped by mistake is named as one, not as "malformed
// JSON at line 1 column 1".

const SIGNATURES = [
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['gif', [0x47, 0x49, 0x46, 0x38]],
  ['pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip', [0x1f, 0x8b]],
  ['ole', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
];

/**
 * What the first bytes of an input say it is when it is no text at all: 'png', 'jpeg', 'gif',
 * 'webp', 'pdf', 'zip' (also .xlsx and .docx), 'gzip', 'ole' (.xls, .doc), 'utf16' (a
 * byte-order mark, or NULs between ASCII letters) or 'binary' (NUL bytes, or control bytes that
 * text does not hold); null for text, which the engine reads (text in another encoding than
 * UTF-8 too: the engine names the line and column of its first byte that is not UTF-8). Give it
 * the first kilobyte or so.
 *
 * @param {Uint8Array} head
 * @returns {string | null}
 */
export function binaryKind(head) {
  const starts = (sig, at = 0) => sig.every((b, i) => head[at + i] === b);
  for (const [kind, sig] of SIGNATURES) if (starts(sig)) return kind;
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (starts([0xff, 0xfe]) || starts([0xfe, 0xff])) return 'utf16';
  const nul = head.indexOf(0);
  if (nul >= 0) {
    // UTF-16 without a mark: ASCII with every other byte NUL.
    let zeros = 0;
    for (let i = nul % 2; i < head.length; i += 2) if (head[i] === 0) zeros++;
    return zeros >= 0.9 * Math.floor(head.length / 2) ? 'utf16' : 'binary';
  }
  // Control bytes other than tab, line feed, carriage return (and form feed, escape, which
  // exports do carry now and then) are rare in text and common in binary formats.
  let control = 0;
  for (const c of head) if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) || c === 0x7f) control++;
  return control > head.length * 0.05 ? 'binary' : null;
}
