// The worker pool: 2–4 module workers, each with its own Engine (see worker.js). A run splits the
// input (plan.js), gives each worker a contiguous slice, sums their progress and
// resolves with their partial results in input order. Cancel (or an error) terminates the
// workers; the next run starts fresh ones. Workers live on between runs otherwise, so that their
// engines are compiled once.
import { planJobs, wholeText } from './plan.js';

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/** An engine error posted by a worker, as an Error with its code, line and column. */
function engineError(e) {
  return Object.assign(new Error(e.message), { code: e.code, line: e.line, column: e.column, path: e.path });
}

export class WorkerPool {
  #size;
  #workers = [];
  #active = null;
  #jobs = 0;

  /** @param {number} size workers to use at most */
  constructor(size) {
    this.#size = size;
  }

  get size() {
    return this.#size;
  }

  get busy() {
    return this.#active !== null;
  }

  #worker(i) {
    this.#workers[i] ??= new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: `iso20000-${i + 1}` });
    return this.#workers[i];
  }

  /**
   * Evaluates JSON or CSV text. Resolves to {partials, workers, total, unjoined, rejoined?}
   * (`rejoined`: related payloads that fell between slices, for which the text was evaluated
   * again in one piece); rejects with the engine's error (code, line, column) or with Cancelled.
   *
   * @param {string} text
   * @param {object} options session options (source, from, to, asOf, findings)
   * @param {(p: {done: number, total: number | null, workers: number}) => void} onProgress
   */
  async run(text, options, onProgress) {
    const plan = planJobs(text, this.#size);
    const whole = wholeText(text, plan.total);
    let result;
    try {
      result = await this.#execute(plan, options, onProgress);
    } catch (err) {
      // A chunk's syntax error has a position inside the chunk: evaluate the text whole in one
      // worker, so that the engine reports the line and column of the original text.
      if (err.code === 'E_JSON_SYNTAX' && plan.split) return this.#execute(whole, options, onProgress);
      throw err;
    }
    // Related payloads whose record sat in another worker's slice were not joined: evaluate the
    // whole text in one piece, so that the report is the one evaluate() gives.
    if (plan.jobs.length > 1 && result.unjoined > 0) {
      const again = (p) => onProgress({ ...p, rejoining: result.unjoined });
      return { ...(await this.#execute(whole, options, again)), rejoined: result.unjoined };
    }
    return result;
  }

  #execute(plan, options, onProgress) {
    if (this.#active) throw new Error('the pool is busy');
    const workers = plan.jobs.length;
    return new Promise((resolve, reject) => {
      const partials = new Array(workers);
      const progress = new Array(workers).fill(0);
      let unjoined = 0;
      const subscriptions = [];
      let remaining = workers;
      const settle = (fn, value) => {
        for (const [w, type, listener] of subscriptions) w.removeEventListener(type, listener);
        this.#active = null;
        fn(value);
      };
      this.#active = { cancel: () => settle(reject, new Cancelled()) };
      onProgress({ done: 0, total: plan.total, workers });
      plan.jobs.forEach((job, i) => {
        const id = ++this.#jobs;
        const worker = this.#worker(i);
        const onMessage = ({ data }) => {
          if (data.job !== id) return;
          if (data.type === 'progress') {
            progress[i] = data.records;
            onProgress({ done: progress.reduce((a, b) => a + b, 0), total: plan.total, workers });
          } else if (data.type === 'partial') {
            partials[i] = data.partial;
            unjoined += data.unjoined ?? 0;
            if (--remaining === 0) settle(resolve, { partials, workers, total: plan.total, unjoined });
          } else if (data.type === 'error') {
            // The other workers' slices are of no use now: stop them, the next run starts afresh.
            this.#terminate();
            settle(reject, engineError(data.error));
          }
        };
        const onError = (event) => {
          event.preventDefault();
          this.#terminate();
          settle(reject, Object.assign(new Error(event.message || 'the evaluation worker failed to start'), { code: 'E_WORKER' }));
        };
        worker.addEventListener('message', onMessage);
        worker.addEventListener('error', onError);
        subscriptions.push([worker, 'message', onMessage], [worker, 'error', onError]);
        worker.postMessage({ job: id, options, offset: job.offset, text: job.text, count: job.count });
      });
    });
  }

  /** Stops the running evaluation: its workers are terminated, the promise rejects with Cancelled. */
  cancel() {
    if (!this.#active) return false;
    this.#terminate();
    this.#active.cancel();
    return true;
  }

  #terminate() {
    for (const w of this.#workers) w?.terminate();
    this.#workers = [];
  }
}
