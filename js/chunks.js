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
