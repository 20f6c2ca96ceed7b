// The JavaScript face of the engine, shared by the Node and browser entry points.
// Everything crosses the wasm boundary once per call, as JSON text (or bytes); results come back
// as JSON text and are parsed here. Errors thrown by the engine are `Error`s with a `code`.

const dispose = Symbol.dispose ?? Symbol.for('Symbol.dispose');

function misuse(message) {
  const e = new Error(message);
  e.code = 'E_MISUSE';
  return e;
}

function optionsText(options, what) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object' || Array.isArray(options)) {
    const e = new Error(`${what} must be an object`);
    e.code = 'E_OPTION';
    throw e;
  }
  try {
    return JSON.stringify(options);
  } catch (cause) {
    // Nested too deep (RangeError) or cyclic (TypeError): still an error with a code.
    const e = new Error(`${what} cannot be read: ${cause.message}`);
    e.code = 'E_OPTION';
    e.path = '$';
    throw e;
  }
}

/** Input for evaluate/push: JSON text, bytes, or records (serialised once). */
function inputOf(input) {
  if (typeof input === 'string') return { text: input };
  if (input instanceof Uint8Array) return { bytes: input };
  if (input instanceof ArrayBuffer) return { bytes: new Uint8Array(input) };
  if (ArrayBuffer.isView(input)) return { bytes: new Uint8Array(input.buffer, input.byteOffset, input.byteLength) };
  if (input !== null && typeof input === 'object') return { text: JSON.stringify(input) };
  const e = new Error('input must be JSON text, bytes (Uint8Array/ArrayBuffer), an array of records or a record object');
  e.code = 'E_INPUT_SHAPE';
  throw e;
}

/** A chunk of a streamed input: bytes only. */
function chunkOf(input) {
  const { bytes } = typeof input === 'string' || input === null || typeof input !== 'object' || (!ArrayBuffer.isView(input) && !(input instanceof ArrayBuffer)) ? {} : inputOf(input);
  if (bytes) return bytes;
  const e = new Error('a chunk is bytes (Uint8Array/ArrayBuffer)');
  e.code = 'E_INPUT_SHAPE';
  throw e;
}

// Time zones for naive local times come from the host's Intl database (see src/wasm.rs).
const zoneFormats = new Map();
function zoneValid(zone) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
function zoneOffset(zone, seconds) {
  let f = zoneFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    zoneFormats.set(zone, f);
  }
  const p = {};
  for (const part of f.formatToParts(new Date(seconds * 1000))) p[part.type] = part.value;
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) / 1000 - seconds;
}

export function createApi(raw, ensureReady) {
  let zonesInstalled = false;
  const ready = () => {
    ensureReady();
    if (!zonesInstalled) {
      raw.setZoneProvider(zoneValid, zoneOffset);
      zonesInstalled = true;
    }
  };
  function checkProgress(onProgress) {
    if (onProgress !== undefined && typeof onProgress !== 'function') {
      const err = new Error('onProgress must be a function');
      err.code = 'E_OPTION';
      throw err;
    }
  }

  // Re-entrancy: wasm-bindgen borrows the Rust object for the whole of a call, and a callback
  // (onProgress) runs inside it. Its free() would drop the handle and leave a dead object, and a
  // call that changes the object would be refused by the glue. So free() inside a call is
  // deferred until the call returns, and calls that change the object throw E_MISUSE.
  /**
   * A wasm handle that a callback (onProgress) may try to free while a call on it is running:
   * wasm-bindgen keeps the object borrowed for the whole call, so the free waits until the
   * outermost call returns. Engine and Session each own one.
   */
  class Handle {
    raw;
    busy = 0;
    #freeLater = false;
    constructor(raw) {
      this.raw = raw;
    }
    /** Runs `fn` as a call on the handle (nested calls count). */
    during(fn) {
      this.busy++;
      try {
        return fn();
      } finally {
        this.busy--;
        if (this.busy === 0 && this.#freeLater) {
          this.#freeLater = false;
          this.free();
        }
      }
    }
    free() {
      if (this.busy) {
        this.#freeLater = true;
        return;
      }
      if (this.raw) {
        this.raw.free();
        this.raw = null;
      }
    }
  }

  class Session {
    #h;
    constructor(handle) {
      this.#h = new Handle(handle);
    }
    #live() {
      if (!this.#h.raw) throw misuse('this session was freed');
      if (this.#h.busy) throw misuse('this session is in use: onProgress cannot call it (free() is deferred until push returns)');
      return this.#h.raw;
    }
    #during(fn) {
      return this.#h.during(fn);
    }
    /**
     * Evaluates one chunk; returns {in, evaluated, rejected, unjoined} for it. `onProgress(done,
     * total)` is called along the way (push a large input in one piece to keep related records
     * joined, and still show progress).
     */
    push(input, { onProgress } = {}) {
      const s = this.#live();
      checkProgress(onProgress);
      const { text, bytes } = inputOf(input);
      if (onProgress) {
        const source = text !== undefined ? text : new TextDecoder('utf-8', { fatal: false }).decode(bytes);
        // Bytes that are not UTF-8 go the bytes way, which reports where they break.
        if (text !== undefined || !source.includes('\ufffd')) return JSON.parse(this.#during(() => s.pushWithProgress(source, onProgress)));
      }
      return JSON.parse(text !== undefined ? s.push(text) : s.pushBytes(bytes));
    }
    /**
     * The first pass of a streamed input (a file read in chunks, see js/stream.js): one chunk of
     * bytes holding whole elements of the input's array. Every chunk is scanned, in order, before
     * the first `pushChunk`; the session keeps only the keys related pieces (SLA rows, approvals,
     * links …) name, so that the second pass can keep them joined. `line` and `shift` place the
     * chunk in the file (syntax errors name the file's line and column). Returns its elements.
     */
    scanChunk(bytes, { line = 1, shift = 0 } = {}) {
      return this.#live().scanChunk(chunkOf(bytes), line, shift);
    }
    /**
     * The second pass of a streamed input: one chunk, as scanned. Records whose related pieces
     * are still to come are held back and evaluated with them. Without a scan it is `push` of
     * bytes (with `onProgress`, without decoding them to a string). Returns {in, evaluated,
     * rejected, unjoined}.
     */
    pushChunk(bytes, { line = 1, shift = 0, onProgress } = {}) {
      checkProgress(onProgress);
      const s = this.#live();
      const chunk = chunkOf(bytes);
      return JSON.parse(this.#during(() => s.pushChunk(chunk, line, shift, onProgress)));
    }
    /**
     * The end of a streamed input: evaluates what is still held. Returns {in: 0, evaluated,
     * rejected, unjoined, peakHeldBytes, releasedEarly}.
     */
    flushHeld() {
      return JSON.parse(this.#live().flushHeld());
    }
    /** Numbers the next pushed record (for a worker that owns a slice of a larger input). */
    setOffset(offset) {
      this.#live().setOffset(offset);
    }
    /** The mergeable partial result (plain JSON, safe to postMessage). */
    partial() {
      return JSON.parse(this.#live().partial());
    }
    /** Adds another session's partial result (same engine options and window). */
    merge(partial) {
      this.#live().merge(typeof partial === 'string' ? partial : JSON.stringify(partial));
    }
    /** The report; the session cannot be used afterwards. */
    finish() {
      const report = JSON.parse(this.#live().finish());
      this.free();
      return report;
    }
    free() {
      this.#h.free();
    }
    [dispose]() {
      this.free();
    }
  }

  class Engine {
    #h;
    #during(fn) {
      return this.#h.during(fn);
    }
    /** Compiles the catalogue and rule packs once; reuse the engine for every call. */
    constructor(options) {
      ready();
      this.#h = new Handle(new raw.RawEngine(optionsText(options, 'engine options')));
    }
    #live() {
      if (!this.#h.raw) throw misuse('this engine was freed');
      return this.#h.raw;
    }
    /** One record (object or JSON text): its clauses and the checks it fails. */
    check(record, options) {
      const text = typeof record === 'string' ? record : JSON.stringify(record);
      return JSON.parse(this.#live().check(text, optionsText(options, 'check options')));
    }
    /** Canonical records of an input (what the checks see): {records, rejected, warnings}. */
    normalize(input, options) {
      const { text, bytes } = inputOf(input);
      const opts = optionsText(options, 'normalize options');
      // Bytes are validated as UTF-8 like evaluate's: bad bytes are E_ENCODING, never replaced.
      const json = text !== undefined ? this.#live().normalize(text, opts) : this.#live().normalizeBytes(bytes, opts);
      return JSON.parse(json);
    }
    /** One record: the clauses it is evidence for. */
    map(record, options) {
      const text = typeof record === 'string' ? record : JSON.stringify(record);
      return JSON.parse(this.#live().map(text, optionsText(options, 'map options')));
    }
    /**
     * A whole export (JSON text, bytes, or an array of records) → report. `onProgress(done,
     * total)` in the options is called every thousand or so records (a progress bar that keeps
     * the input in one piece, so related records stay joined).
     */
    evaluate(input, options) {
      const e = this.#live();
      const { onProgress, ...rest } = options ?? {};
      checkProgress(onProgress);
      const opts = optionsText(options === undefined || options === null ? options : rest, 'evaluate options');
      const { text, bytes } = inputOf(input);
      if (onProgress) {
        const source = text !== undefined ? text : new TextDecoder('utf-8', { fatal: false }).decode(bytes);
        // Bytes that are not UTF-8 go the bytes way, which reports where they break.
        if (text === undefined && source.includes('\ufffd')) return JSON.parse(e.evaluateBytes(bytes, opts));
        return JSON.parse(this.#during(() => e.evaluateWithProgress(source, opts, onProgress)));
      }
      return JSON.parse(text !== undefined ? e.evaluate(text, opts) : e.evaluateBytes(bytes, opts));
    }
    /**
     * Replaces the rule packs stacked on the built-in one (a pack or an array of packs). A pack
     * with errors throws E_RULES with every error in `details`; the engine keeps its packs.
     */
    loadRules(packs) {
      const list = Array.isArray(packs) ? packs : [packs];
      if (this.#h.busy) throw misuse('loadRules cannot run inside onProgress: this engine is evaluating');
      this.#live().loadRules(JSON.stringify(list));
    }
    /** An incremental evaluation: push chunks, merge partials, finish. */
    session(options) {
      return new Session(this.#live().session(optionsText(options, 'session options')));
    }
    /** Frees the engine; inside onProgress the free waits until the running call returns. */
    free() {
      this.#h.free();
    }
    [dispose]() {
      this.free();
    }
  }

  // Errors of the calls without an engine speak this language (`undefined`: English).
  const langOf = (lang) => (lang === undefined || lang === null ? undefined : String(lang));

  let extras;
  const catalog = {
    /** Clauses of an edition: {edition, standard, national, notice, clauses}; errors in `lang`. */
    clauses({ edition = '2018', lang } = {}) {
      ready();
      return JSON.parse(raw.catalogClauses(String(edition), langOf(lang)));
    },
    /** The other edition's clauses for one clause, relation read from `clause`'s side. */
    crosswalk({ from = '2011', clause, lang } = {}) {
      ready();
      if (clause === undefined) throw misuse('crosswalk needs { from, clause }');
      return JSON.parse(raw.catalogCrosswalk(String(from), String(clause), langOf(lang)));
    },
    /** The teaching cases ("why this matters"), texts in `lang` (default English). */
    cases({ lang } = {}) {
      ready();
      return JSON.parse(raw.catalogCases(langOf(lang)));
    },
    processes() {
      ready();
      extras ??= JSON.parse(raw.catalogExtras());
      return extras.processes;
    },
    itil4() {
      ready();
      extras ??= JSON.parse(raw.catalogExtras());
      return { notice: extras.itilNotice, practices: extras.itil4 };
    },
  };

  /** Applies a JsonLogic rule to data with the engine's evaluator (to try conditions out). */
  function applyLogic(logic, data = null, { lang } = {}) {
    ready();
    return JSON.parse(raw.applyLogic(JSON.stringify(logic), JSON.stringify(data), langOf(lang)));
  }

  /**
   * Proposes a mapping for a CSV of a tool without an adapter (text or UTF-8 bytes): the mapping
   * for `context.mapping`, each column's target and confidence, the unmapped columns, what was
   * inferred and the first rows. `overrides` ({column: target | null}) re-propose around a
   * person's choices.
   */
  function proposeMapping(input, options) {
    ready();
    let text = input;
    if (typeof input !== 'string') {
      const { bytes } = input !== null && typeof input === 'object' && !Array.isArray(input) && !ArrayBuffer.isView(input) && !(input instanceof ArrayBuffer)
        ? {} : inputOf(input);
      if (!bytes) {
        const e = new Error('proposeMapping takes the CSV as text or bytes');
        e.code = 'E_INPUT_SHAPE';
        throw e;
      }
      text = new TextDecoder().decode(bytes);
    }
    return JSON.parse(raw.proposeMapping(text, optionsText(options, 'proposeMapping options')));
  }

  return { Engine, Session, catalog, applyLogic, proposeMapping, version: () => (ready(), raw.version()) };
}
