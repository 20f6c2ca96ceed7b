// How an input is shared between workers. Pure (no DOM): the browser test imports it to compute
// the same evaluation in Node.
import { splitRecords } from 'iso20000/chunks';

/** Workers to start: 2–4, from the browser's core count. */
export function workerCount(cores) {
  return Math.min(4, Math.max(2, Number.isFinite(cores) ? cores : 2));
}

/**
 * Splits JSON text into one record array per worker (iso20000/chunks, cut at record boundaries
 * into nearly equal parts), so that a worker numbers its records from its first record's index
 * (`session.setOffset`) and pushes its slice in one piece: related records (SLA rows, approvals)
 * stay joined to theirs except where a slice ends (the pool then evaluates the whole text in one
 * piece). CSV, envelopes other than `result`/`records`, and text that does not split cleanly go
 * whole to one worker, which lets the engine report any syntax error with its position.
 *
 * @param {string} text
 * @param {number} workers
 * @returns {{split: boolean, total: number | null, jobs: {offset: number, text: string, count: number | null}[]}}
 */
export function planJobs(text, workers) {
  const chunks = splitRecords(text, { chunkChars: Math.ceil(text.length / Math.max(1, workers)) });
  if (!chunks || chunks.length === 0) return wholeText(text, null);
  let offset = 0;
  const jobs = chunks.map(({ text: slice, count }) => {
    const job = { offset, text: slice, count };
    offset += count;
    return job;
  });
  return { split: true, total: offset, jobs };
}

/** The whole text as one job (`total`: its record count when known). */
export function wholeText(text, total) {
  return { split: false, total, jobs: [{ offset: 0, text, count: total }] };
}
