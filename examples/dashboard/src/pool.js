// The worker pool: 2–4 module workers, each with its own Engine (see worker.js), and one more
// worker that builds reports. A run hands the file (a Blob: nothing is read on the page) to the
// first worker, which reads it as bytes and cuts it on element boundaries; each piece moves from
// there straight to another worker over a MessagePort, as a transferable (never copied, never
// decoded, never on the page's thread). The pool sums their progress and resolves with their
// partial results (JSON text) in input order. Cancel (or an error) terminates the evaluation
// workers; the next run starts fresh ones. Workers live on between runs otherwise, so that their
// engines are compiled once.
//
// The report worker merges the partials and finishes the report off the page's thread, and
// rebuilds it from the merged partial when the edition or language changes.

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

// (Written out in full: the bundler finds and emits workers by this very form.)
const spawn = (name) => new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name });

/**
 * One request to a worker: resolves with its answer ('done'), rejects with its error; every
 * other message of the job (progress, plan) goes to `onNote`.
 */
function request(worker, message, transfer, onNote, jobs) {
  const job = ++jobs.next;
  return new Promise((resolve, reject) => {
    const onMessage = ({ data }) => {
      if (data.job !== job) return;
      if (data.type !== 'done' && data.type !== 'error') {
        onNote?.(data);
        return;
      }
      done();
      if (data.type === 'done') resolve(data);
      else reject(engineError(data.error));
    };
    const onError = (event) => {
      event.preventDefault();
      done();
      reject(Object.assign(new Error(event.message || 'the worker failed to start'), { code: 'E_WORKER' }));
    };
    const done = () => {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      jobs.pending.delete(job);
    };
    // A terminated worker never answers: terminate() rejects what was asked of it.
    jobs.pending.set(job, { worker, fail: (err) => (done(), reject(err)) });
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
    worker.postMessage({ ...message, job }, transfer);
  });
}

export class WorkerPool {
  #size;
  #workers = [];
  #reporter = null;
  #active = null;
  #jobs = { next: 0, pending: new Map() };

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
    this.#workers[i] ??= spawn(`iso20000-${i + 1}`);
    return this.#workers[i];
  }

  /**
   * Evaluates a JSON or CSV file. Resolves to {partials, workers, total, unjoined, rejoined?}
   * (`partials`: JSON text; `rejoined`: related payloads that fell between pieces, for which the
   * file was evaluated again in one piece); rejects with the engine's error (code, line,
   * column) or with Cancelled.
   *
   * @param {Blob} blob the input (a File, the fetched demo, pasted text)
   * @param {object} options session options (source, from, to, asOf, findings)
   * @param {(p: {phase: 'split' | 'evaluate', done: number, total: number | null, share: number, workers: number, rejoining?: number}) => void} onProgress
   */
  async run(blob, options, onProgress) {
    if (this.#active) throw new Error('the pool is busy');
    const cancelled = new Promise((_, reject) => {
      this.#active = { cancel: () => reject(new Cancelled()) };
    });
    const race = (p) => Promise.race([p, cancelled]);
    const whole = (total, report) => [{ type: 'evaluate', blob, count: total }, report];
    try {
      let plan = null;
      let result;
      try {
        result = await race(this.#split(blob, options, onProgress, (p) => (plan = p)));
      } catch (err) {
        // A piece that does not parse: evaluate the file whole in one worker, so that the engine
        // reports the first error of the file (or finds none: the cut was the problem).
        if (err instanceof Cancelled || !plan || plan.workers === 1) throw err;
        this.#terminate();
        return await race(this.#execute(...whole(null, onProgress), options));
      }
      // Related payloads whose record sat in another worker's piece were not joined: evaluate the
      // file in one piece, so that the report is the one evaluate() gives.
      if (result.workers > 1 && result.unjoined > 0) {
        const again = (p) => onProgress({ ...p, rejoining: result.unjoined });
        return { ...(await race(this.#execute(...whole(result.total, again), options))), rejoined: result.unjoined };
      }
      return result;
    } catch (err) {
      if (!(err instanceof Cancelled)) this.#terminate();
      throw err;
    } finally {
      this.#active = null;
    }
  }

  /**
   * The first worker reads and cuts the file and moves the pieces to the others over
   * MessagePorts (the page's thread never holds the bytes); each evaluates its piece.
   */
  async #split(blob, options, onProgress, onPlan) {
    const parts = this.#size;
    const channels = Array.from({ length: parts - 1 }, () => new MessageChannel());
    let plan = null;
    const records = new Array(parts).fill(0);
    const shares = new Array(parts).fill(0);
    const report = () => {
      if (!plan) return;
      const weight = plan.sizes.reduce((a, b) => a + b, 0) || 1;
      onProgress({
        phase: 'evaluate', workers: plan.workers, total: plan.total,
        done: records.reduce((a, b) => a + b, 0),
        share: shares.reduce((a, s, i) => a + s * (plan.sizes[i] ?? 0), 0) / weight,
      });
    };
    const note = (i) => (data) => {
      if (data.type === 'plan') {
        plan = data;
        onPlan(plan);
      } else {
        records[i] = data.records ?? 0;
        shares[i] = data.share;
      }
      report();
    };
    onProgress({ phase: 'split', done: 0, total: null, share: 0, workers: parts });
    const ports = channels.map((c) => c.port1);
    const answers = await Promise.all([
      request(this.#worker(0), { type: 'run', blob, parts, ports, options }, ports, note(0), this.#jobs),
      ...channels.map((c, k) => request(this.#worker(k + 1), { type: 'piece', port: c.port2, options }, [c.port2], note(k + 1), this.#jobs)),
    ]);
    const evaluated = answers.filter((a) => !a.skipped);
    return {
      partials: evaluated.map((a) => a.partial),
      workers: evaluated.length,
      total: plan.total ?? evaluated.reduce((n, a) => n + a.records, 0),
      unjoined: evaluated.reduce((n, a) => n + (a.unjoined ?? 0), 0),
    };
  }

  /** One job for the first worker (the file whole). */
  async #execute(message, onProgress, options) {
    const total = message.count ?? null;
    const progress = (done, share) => onProgress({ phase: 'evaluate', workers: 1, total, done, share });
    progress(0, 0);
    const answer = await request(this.#worker(0), { ...message, options }, [], (p) => progress(p.records ?? 0, p.share), this.#jobs);
    return { partials: [answer.partial], workers: 1, total: total ?? answer.records, unjoined: answer.unjoined ?? 0 };
  }

  /**
   * Merges partial results (JSON text) into a report in the report worker: resolves to
   * {partial (merged, JSON text), text (the report as JSON text), view (the report without
   * `findings` and `services`, with their counts)}.
   */
  report(partials, options) {
    this.#reporter ??= spawn('iso20000-report');
    return request(this.#reporter, { type: 'report', partials, options }, [], null, this.#jobs);
  }

  /** The findings CSV (with a byte-order mark) of a report given as JSON text, made in the report worker. */
  async findingsCsv(text) {
    this.#reporter ??= spawn('iso20000-report');
    return (await request(this.#reporter, { type: 'csv', text }, [], null, this.#jobs)).csv;
  }

  /** The report's JSON text indented for reading (made in the report worker, off the page). */
  async prettyReport(text) {
    this.#reporter ??= spawn('iso20000-report');
    return (await request(this.#reporter, { type: 'pretty', text }, [], null, this.#jobs)).text;
  }

  /** Stops the running evaluation: its workers are terminated, the promise rejects with Cancelled. */
  cancel() {
    if (!this.#active) return false;
    this.#terminate();
    this.#active.cancel();
    return true;
  }

  #terminate() {
    const stopped = new Set(this.#workers.filter(Boolean));
    for (const w of stopped) w.terminate();
    this.#workers = [];
    for (const { worker, fail } of [...this.#jobs.pending.values()]) {
      if (stopped.has(worker)) fail(new Cancelled());
    }
  }
}
