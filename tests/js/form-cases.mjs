// The live form against the general way of engine.check, shared by the Node test (tests/js/form.test.mjs) and the
// Chromium runner (tests/browser/corpus.html): plain ESM without Node or DOM APIs.

/** The records of a corpus input: one object, or each element of an array or `result` page. */
function recordsOf(input) {
  if (Array.isArray(input)) return input;
  if (input && typeof input === 'object' && Array.isArray(input.result)) return input.result;
  if (input && typeof input === 'object' && input.result && typeof input.result === 'object') return [input.result];
  return input && typeof input === 'object' ? [input] : [];
}

/**
 * Every ServiceNow record of the corpus (`[[file, corpus], …]`) with its case's engine and
 * check options: the cases of servicenow.json and those of other files with `source:
 * "servicenow"`, each element of an export on its own.
 */
export function corpusRecords(corpora) {
  const out = [];
  for (const [file, corpus] of corpora) {
    for (const c of corpus.cases) {
      if (!('input' in c) || c.engine?.rulesFiles) continue;
      if (c.options?.source !== 'servicenow' && file !== 'servicenow.json') continue;
      const engine = { ...(corpus.defaults?.engine ?? {}), ...(c.engine ?? {}) };
      const { findings, onProgress, ...options } = c.options ?? {};
      for (const record of recordsOf(c.input)) {
        out.push({ name: `${file}: ${c.name}`, engine, options: { ...options, source: 'servicenow' }, record });
      }
    }
  }
  return out;
}

/**
 * `engine.check` the general way. A plain object goes as its JSON text, which is what the general
 * way reads: `engine.check(object)` itself answers through a form it keeps for the options,
 * which is what these tests hold to the general way.
 */
export function generalCheck(engine, record, options) {
  const plain = record !== null && typeof record === 'object' && Object.getPrototypeOf(record) === Object.prototype;
  return engine.check(plain ? JSON.stringify(record) : record, options);
}

/** `fn()`'s result with every explanation read, or its error's code and message. */
export function outcome(fn) {
  try {
    const ok = fn();
    for (const f of ok?.findings ?? []) void f.explanation;
    return { ok };
  } catch (e) {
    return { error: { code: e.code, message: e.message } };
  }
}

/**
 * Checks each case three ways on an engine of its own: the general way (`generalCheck`),
 * `engine.form(options).check(record)` and `engine.check(record, options)` (its kept form):
 * `{compared, fast, failures, pairs}`, `fast` counting the records the form answered without
 * its general path, `pairs` each case's general and form outcomes.
 */
export function compareForms(Engine, cases) {
  const result = { compared: 0, fast: 0, failures: [], pairs: [] };
  for (const { name, engine: engineOptions, options, record } of cases) {
    const engine = new Engine(engineOptions);
    try {
      const general = outcome(() => generalCheck(engine, record, options));
      const form = engine.form(options);
      const viaForm = outcome(() => form.check(record));
      const { fast } = form.stats;
      form.free();
      const viaEngine = outcome(() => engine.check(record, options));
      result.compared++;
      if (fast === 1) result.fast++;
      for (const [way, got] of [['form', viaForm], ['engine.check', viaEngine]]) {
        if (JSON.stringify(got) !== JSON.stringify(general)) {
          result.failures.push(`${name}: ${way} ${JSON.stringify(got).slice(0, 300)} ≠ general ${JSON.stringify(general).slice(0, 300)}`);
        }
      }
      result.pairs.push({ name, general, viaForm });
    } finally {
      engine.free();
    }
  }
  return result;
}
