// The conformance corpus runner for JavaScript (Node and browsers). Same cases and the same
// matcher as the native runner (tests/common/mod.rs), driven through the public npm API.
// The corpus files are listed in tests/conformance/index.json, which every runner reads.

/** A case that reads a shared fixture (`inputFixture`, a file under the index's `fixtures`). */
export function isFixtureCase(c) {
  return 'inputFixture' in c;
}

/** How many cases of a corpus file read a shared fixture. */
export function fixtureCases(corpus) {
  return corpus.cases.filter(isFixtureCase).length;
}

/** The one line every runner prints when the fixture folder is absent (same words natively). */
export function skipLine(skipped, fixtures) {
  return `${skipped} fixture case${skipped === 1 ? '' : 's'} skipped: ${fixtures} absent`;
}

function short(v) {
  const s = JSON.stringify(v);
  return s && s.length > 300 ? s.slice(0, 300) + '…' : s;
}

function isNum(v) {
  return typeof v === 'number';
}

export function matches(actual, expected, path = '$') {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    const keys = Object.keys(expected);
    if (keys.length === 1 && keys[0].startsWith('$')) return operator(actual, keys[0], expected[keys[0]], path);
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) throw new Error(`${path}: expected an object, got ${short(actual)}`);
    for (const k of keys) {
      const sub = `${path}.${k}`;
      if (!(k in actual)) {
        if (expected[k] && expected[k].$absent === true) continue;
        throw new Error(`${sub}: missing`);
      }
      matches(actual[k], expected[k], sub);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) throw new Error(`${path}: expected an array, got ${short(actual)}`);
    if (actual.length !== expected.length) throw new Error(`${path}: expected ${expected.length} elements, got ${actual.length}: ${short(actual)}`);
    expected.forEach((e, i) => matches(actual[i], e, `${path}[${i}]`));
    return;
  }
  const equal = isNum(actual) && isNum(expected) ? Math.abs(actual - expected) < 1e-9 : actual === expected;
  if (!equal) throw new Error(`${path}: expected ${short(expected)}, got ${short(actual)}`);
}

function ok(f) {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

function operator(actual, op, arg, path) {
  switch (op) {
    case '$absent':
      throw new Error(`${path}: expected to be absent, got ${short(actual)}`);
    case '$contains':
    case '$notContains': {
      if (!Array.isArray(actual)) throw new Error(`${path}: expected an array, got ${short(actual)}`);
      for (const p of arg) {
        const found = actual.some((a) => ok(() => matches(a, p, path)));
        if (op === '$contains' && !found) throw new Error(`${path}: no element matches ${short(p)} in ${short(actual)}`);
        if (op === '$notContains' && found) throw new Error(`${path}: an element matches ${short(p)} in ${short(actual)}`);
      }
      return;
    }
    case '$len': {
      const len = Array.isArray(actual) ? actual.length : typeof actual === 'string' ? [...actual].length : actual && typeof actual === 'object' ? Object.keys(actual).length : NaN;
      if (len !== arg) throw new Error(`${path}: length ${len}, expected ${arg}`);
      return;
    }
    case '$gte':
    case '$lte':
      if (!(isNum(actual) && (op === '$gte' ? actual >= arg : actual <= arg))) throw new Error(`${path}: ${short(actual)} is not ${op} ${arg}`);
      return;
    case '$startsWith':
    case '$includes':
      if (typeof actual !== 'string' || !(op === '$startsWith' ? actual.startsWith(arg) : actual.includes(arg))) {
        throw new Error(`${path}: ${short(actual)} does not ${op} ${short(arg)}`);
      }
      return;
    default:
      throw new Error(`${path}: unknown operator ${op}`);
  }
}

function inputOf(c, fixture) {
  if ('inputText' in c) return c.inputText;
  if ('inputFixture' in c) {
    const text = fixture(c.inputFixture);
    if (text == null) throw new Error(`fixture ${c.inputFixture} not found`);
    return text;
  }
  if ('input' in c) return JSON.stringify(c.input);
  throw new Error('case has no input');
}

function call(api, c, defaults, fixture) {
  const { Engine, catalog } = api;
  if (c.call === 'logic') return api.applyLogic(c.logic, c.data ?? null, { lang: c.lang });
  if (c.call === 'catalog.clauses') return catalog.clauses({ edition: c.options?.edition, lang: c.options?.lang });
  if (c.call === 'catalog.cases') return catalog.cases({ lang: c.options?.lang });
  if (c.call === 'catalog.crosswalk') return catalog.crosswalk({ from: c.options?.from, clause: c.options?.clause, lang: c.options?.lang });
  const options = { ...defaults, ...(c.engine ?? {}) };
  if (options.rulesFiles) {
    // Rule packs shipped in the repository (examples/rules/…), added to `rules`.
    const loaded = options.rulesFiles.map((path) => {
      const text = fixture(`repo:${path}`);
      if (text == null) throw new Error(`rules file ${path} not found`);
      return JSON.parse(text);
    });
    options.rules = [...(options.rules ?? []), ...loaded];
    delete options.rulesFiles;
  }
  const engine = new Engine(options);
  try {
    switch (c.call ?? 'evaluate') {
      case 'engine':
        return { ok: true };
      case 'evaluate':
        return engine.evaluate(inputOf(c, fixture), c.options);
      case 'check':
        return engine.check(inputOf(c, fixture), c.options);
      case 'map':
        return engine.map(inputOf(c, fixture), c.options);
      case 'normalize':
        return engine.normalize(inputOf(c, fixture), c.options);
      case 'session': {
        const main = engine.session(c.options);
        let offset = 0;
        for (const chunk of c.chunks ?? []) {
          const text = typeof chunk === 'string' ? chunk : JSON.stringify(chunk);
          if (c.merge) {
            const worker = engine.session(c.options);
            worker.setOffset(offset);
            offset += worker.push(text).in;
            // A partial travels between workers as plain JSON (structured clone or text).
            main.merge(JSON.parse(JSON.stringify(worker.partial())));
            worker.free();
          } else {
            main.push(text);
          }
        }
        return main.finish();
      }
      default:
        throw new Error(`unknown call ${c.call}`);
    }
  } finally {
    engine.free();
  }
}

/**
 * Runs one corpus file; returns {count, skipped, failures: [message]}. With `fixturesPresent`
 * false the cases that read a shared fixture are skipped (counted in `skipped`, not in `count`).
 */
export function runCorpus(api, file, corpus, fixture, { fixturesPresent = true } = {}) {
  const defaults = corpus.defaults?.engine ?? {};
  const failures = [];
  let count = 0;
  let skipped = 0;
  corpus.cases.forEach((c, i) => {
    if (!fixturesPresent && isFixtureCase(c)) {
      skipped++;
      return;
    }
    count++;
    const label = `${file} #${i} ${c.name}`;
    let result;
    let error;
    try {
      result = call(api, c, defaults, fixture);
    } catch (e) {
      error = e;
    }
    try {
      if (c.error) {
        if (!error) throw new Error('expected an error, the call succeeded');
        if (!(error instanceof Error)) throw new Error(`threw a non-Error: ${short(error)}`);
        const data = { code: error.code, message: error.message, line: error.line, column: error.column, path: error.path, details: error.details };
        for (const k of Object.keys(data)) if (data[k] === undefined) delete data[k];
        matches(data, c.error, '$error');
      } else {
        if (error) throw new Error(`unexpected error ${error.code ?? ''} ${error.message}`);
        matches(result, c.expect);
      }
    } catch (e) {
      failures.push(`${label}: ${e.message}`);
    }
  });
  return { count, skipped, failures };
}
