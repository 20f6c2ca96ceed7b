// How an input is shared between workers. No DOM: the worker runs it (after `init()`), and the
// browser test imports it to compute the same evaluation in Node.
import { splitBytesInto } from 'iso20000';

/** Workers to start: 2–4, from the browser's core count. */
export function workerCount(cores) {
  return Math.min(4, Math.max(2, Number.isFinite(cores) ? cores : 2));
}

/**
 * Cuts the input's bytes into one piece of whole elements per worker (the engine's scan, nearly
 * equal sizes, each piece its own buffer to transfer), so that a worker numbers its records from
 * its first record's index (`session.setOffset`) and pushes its piece in one piece: related
 * records (SLA rows, approvals) stay joined to theirs except where a piece ends (the pool then
 * evaluates the whole input in one piece). CSV, envelopes other than `result`/`records`, and
 * JSON that does not split cleanly are one piece for one worker, which lets the engine report
 * any syntax error with its position. Returns null for one piece.
 *
 * @param {Uint8Array} bytes
 * @param {number} workers
 * @returns {{bytes: Uint8Array, count: number, line: number, shift: number}[] | null}
 */
export function planPieces(bytes, workers) {
  // The engine's scan, not iso20000/chunks' loop: on a 51 MB export the cut is the longest step
  // before any worker can start, and the scan takes half the time.
  const pieces = workers > 1 ? splitBytesInto(bytes, workers) : null;
  return pieces && pieces.length > 1 ? pieces : null;
}
