/** Splits a JSON array (or a {"result"|"records": [...]} envelope) into JSON arrays of about `chunkChars` characters. */
export function splitRecords(text: string, options?: { chunkChars?: number }): { text: string; count: number }[] | null;

/** A piece of a split input: whole elements as their own bytes, placed in the input for the engine's errors. */
export interface BytePiece {
  /** The input's head, whole elements and the closing bracket(s) (the last piece: the input's own end). */
  bytes: Uint8Array;
  /** Elements in the piece. */
  count: number;
  /** The input line of the piece's line 1 (`Session.pushChunk`'s `line`). */
  line: number;
  /** Input column = piece column + shift, on the piece's line 1 (`Session.pushChunk`'s `shift`). */
  shift: number;
}

/** The byte offset just after the top-level array's `[`, or -1 when the input is not a splittable array. */
export function headLength(bytes: Uint8Array): number;

/**
 * Splits UTF-8 bytes of a JSON array (or a {"result"|"records": [...]} envelope) into pieces of
 * whole elements of about `chunkBytes` bytes, without decoding them; null when the input is not
 * a splittable array (evaluate it whole: the engine reports any error with its position).
 */
export function splitBytes(bytes: Uint8Array, options?: { chunkBytes?: number }): BytePiece[] | null;

/**
 * The pieces of `bytes` (elements starting at `head`) cut at `points`, `[end, count, end, count, …]`:
 * per piece the offset of the top-level comma after its last element (the last: the array's `]`)
 * and its element count.
 */
export function piecesAt(bytes: Uint8Array, head: number, points: ArrayLike<number>): BytePiece[];

/** splitBytes into at most `parts` pieces of nearly equal size. */
export function splitBytesInto(bytes: Uint8Array, parts: number): BytePiece[] | null;

/**
 * What the first bytes (about a kilobyte) of an input say it is when it is not UTF-8 text, or
 * null for text.
 */
export function binaryKind(head: Uint8Array): 'png' | 'jpeg' | 'gif' | 'webp' | 'pdf' | 'zip' | 'gzip' | 'ole' | 'utf16' | 'binary' | null;
