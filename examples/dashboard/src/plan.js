// How an input is shared between workers. Pure (no DOM): the browser test imports it to compute
// the same evaluation in Node.
import { splitRecords } from 'iso20000/chunks';

/** Workers to start: 2–4, from the browser's core count. */
export function workerCount(cores) {
  return Math.min(4, Math.max(2, Number.isFinite(cores) ? cores : 2));
}

/**
 * Splits JSON text into ~1 MiB record arrays (iso20000/chunks) and gives each worker a
 * contiguous run of them as one array, so that a worker numbers its records from its first
 * record's index (`session.setOffset`) and pushes its slice in one piece: related records (SLA
 * rows, approvals) stay joined to theirs except where a slice ends (the pool then evaluates the
 * whole text in one piece). CSV, envelopes other than `result`/`records`, and text that does not
 * split cleanly go whole to one worker, which lets the engine report any syntax error with its
 * position.
 *
 * @param {string} text
 * @param {number} workers
 * @returns {{split: boolean, total: number | null, jobs: {offset: number, chunks: {text: string, count: number | null}[]}[]}}
 */
export function planJobs(text, workers) {
  const chunks = splitRecords(text);
  if (!chunks || chunks.length === 0) return { split: false, total: null, jobs: [{ offset: 0, chunks: [{ text, count: null }] }] };
  const n = Math.min(workers, chunks.length);
  const jobs = Array.from({ length: n }, () => ({ offset: 0, chunks: [] }));
  let offset = 0;
  chunks.forEach((chunk, i) => {
    const job = jobs[Math.floor((i * n) / chunks.length)];
    if (job.chunks.length === 0) job.offset = offset;
    job.chunks.push(chunk);
    offset += chunk.count;
  });
  for (const job of jobs) {
    const count = job.chunks.reduce((n, c) => n + c.count, 0);
    job.chunks = [{ text: `[${job.chunks.map((c) => c.text.slice(1, -1)).join(',')}]`, count }];
  }
  return { split: true, total: offset, jobs };
}
