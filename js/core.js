// The JavaScript face of the engine, shared by the Node and browser entry points.
// Inputs cross the wasm boundary once per call as UTF-8 bytes; results come back as JSON text and
// are parsed here. A live check comes back as codes and joins its texts here from the packs'
// metadata (cached per engine and language). Errors thrown by the engine are `Error`s with a `code`.

import { headLength, piecesAt } from './chunks.js';

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

/**
 * `optionsText` of the options object passed last time, without serialising it again while it
 * holds the same values: a ticket form checks its record on every change with one options
 * object, and its JSON text was a tenth of a check's time. Only a plain object whose values are
 * all strings, numbers, booleans or null is remembered (its text depends on nothing else); the
 * values are compared on every call, so an object changed in place is serialised again.
 */
class LastOptions {
  #what;
  #options = undefined;
  /** [key, value, key, value …] of the remembered object, in its key order. */
  #entries = [];
  #text = undefined;
  constructor(what) {
    this.#what = what;
  }
  text(options) {
    if (options !== undefined && options === this.#options && this.#same(options)) return this.#text;
    const text = optionsText(options, this.#what);
    this.#remember(options, text);
    return text;
  }
  #same(options) {
    const entries = this.#entries;
    let i = 0;
    for (const key in options) {
      if (entries[i] !== key || !Object.is(entries[i + 1], options[key])) return false;
      i += 2;
    }
    return i === entries.length;
  }
  #remember(options, text) {
    this.#options = undefined;
    if (options === null || typeof options !== 'object' || Object.getPrototypeOf(options) !== Object.prototype || 'toJSON' in options) return;
    const entries = [];
    for (const key in options) {
      const value = options[key];
      if (value !== null && typeof value === 'object') return;
      if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return;
      entries.push(key, value);
    }
    this.#entries = entries;
    this.#options = options;
    this.#text = text;
  }
}

const encoder = new TextEncoder();
// engine.check keeps a form for each of the last few option sets it was called with.
const KEPT_FORMS = 4;

/**
 * Input for evaluate/normalize/push: JSON text (encoded into wasm memory as UTF-8 by
 * `intoWasm`), bytes as they are, records serialised once. A lone surrogate in a string becomes
 * U+FFFD, as wasm-bindgen's own string copy made it; bytes that are not UTF-8 are E_ENCODING.
 */
function textOrBytes(input) {
  if (typeof input === 'string') return input;
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (input !== null && typeof input === 'object') return JSON.stringify(input);
  const e = new Error('input must be JSON text, bytes (Uint8Array/ArrayBuffer), an array of records or a record object');
  e.code = 'E_INPUT_SHAPE';
  throw e;
}

/**
 * One record for check/map: UTF-8 bytes as they are, JSON text as it is, an object serialised
 * (its fields only, nothing larger).
 */
function recordOf(record) {
  if (record instanceof ArrayBuffer || ArrayBuffer.isView(record)) return textOrBytes(record);
  const text = typeof record === 'string' ? record : JSON.stringify(record);
  if (typeof text === 'string') return text;
  const e = new Error('check takes one record: an object, JSON text or UTF-8 bytes');
  e.code = 'E_INPUT_SHAPE';
  throw e;
}

// A live check encodes its record into one buffer kept for the next call: no new array per
// call for the collector (wasm-bindgen copies the bytes into wasm memory before the call).
const SCRATCH_MAX = 1 << 20;
let scratch = new Uint8Array(1 << 14);
function recordBytes(record) {
  if (typeof record !== 'string') return record;
  const need = record.length * 3; // the most UTF-8 bytes a UTF-16 string can take
  if (need > SCRATCH_MAX) return encoder.encode(record);
  if (need > scratch.length) scratch = new Uint8Array(Math.max(need, 2 * scratch.length));
  const { written } = encoder.encodeInto(record, scratch);
  return scratch.subarray(0, written);
}

/**
 * The pack's texts in one language (from `checkMeta`), with what the live result's codes
 * index: checks by index, clauses by position per edition, phase lists by phase bits.
 */
function prepareMeta(meta) {
  const phases = [];
  for (let mask = 0; mask < 1 << meta.phases.length; mask++) {
    phases.push(meta.phases.filter((_, i) => mask & (1 << i)));
  }
  return { checks: meta.checks, clauses: { 2018: meta.clauses2018, 2011: meta.clauses2011 }, phases };
}

/** `[{id, edition, title, phases}]` of a live result's `[position, phase bits, …]`. */
function clauseHits(live, meta) {
  return clauseList(live.clauses, 0, live.clauses.length, live.edition, meta);
}

/** [`clauseHits`] of the pairs of `c` (an array or a view of the form's answer) in [from, to). */
function clauseList(c, from, to, edition, meta) {
  const table = meta.clauses[edition];
  const out = [];
  for (let i = from; i + 1 < to; i += 2) {
    const clause = table[c[i]];
    if (clause) out.push({ id: clause.id, edition, title: clause.title, phases: meta.phases[c[i + 1]].slice() });
  }
  return out;
}

const byOrder = (a, b) => a.order - b.order;

/** A chunk of a streamed input: bytes only. */
function chunkOf(input) {
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return textOrBytes(input);
  const e = new Error('a chunk is bytes (Uint8Array/ArrayBuffer)');
  e.code = 'E_INPUT_SHAPE';
  throw e;
}

// Time zones for naive local times come from the host's Intl database (see src/wasm.rs).
const zoneFormats = new Map();
// Building an Intl.DateTimeFormat costs ~50 µs: a zone's validity is decided once.
const zoneValidity = new Map();
function zoneValid(zone) {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    if (zoneValidity.size >= 1024) zoneValidity.clear();
    zoneValidity.set(zone, valid);
  }
  return valid;
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

  /**
   * An input in wasm memory (a RawInput; free it after the call). A string is encoded straight
   * into it with TextEncoder.encodeInto: no JavaScript copy of the bytes, no loop over char
   * codes. The first room is the string's length and a little more (enough for text that is
   * mostly ASCII); what does not fit is encoded into more room after it. Bytes are copied in by
   * the binding, into memory that is not zeroed first.
   */
  function intoWasm(input) {
    const into = new raw.RawInput();
    try {
      if (typeof input === 'string') {
        let read = 0;
        let written = 0;
        let size = input.length + (input.length >> 3) + 16;
        for (;;) {
          const at = into.room(written, size);
          const room = new Uint8Array(raw.wasmMemory().buffer, at + written, size - written);
          const r = encoder.encodeInto(read === 0 ? input : input.slice(read), room);
          read += r.read;
          written += r.written;
          if (read >= input.length) break;
          size = written + 3 * (input.length - read) + 4;
        }
        into.end(written);
      } else {
        into.fill(input);
      }
      return into;
    } catch (e) {
      into.free();
      throw e;
    }
  }

  /** Runs `fn` with the input in wasm memory, freed after. */
  function withInput(input, fn) {
    const into = intoWasm(input);
    try {
      return fn(into);
    } finally {
      into.free();
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
      return JSON.parse(withInput(textOrBytes(input), (into) =>
        onProgress ? this.#during(() => s.pushInputWithProgress(into, onProgress)) : s.pushInput(into)));
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
    /**
     * The same partial result as JSON text, which `merge` takes as it is: a worker posts it on
     * without parsing and re-serialising it (a megabyte of text on a 25,000-record piece).
     */
    partialText() {
      return this.#live().partial();
    }
    /** Adds another session's partial result (same engine options and window). */
    merge(partial) {
      this.#live().merge(typeof partial === 'string' ? partial : JSON.stringify(partial));
    }
    /** The report; the session cannot be used afterwards. */
    finish() {
      return JSON.parse(this.finishText());
    }
    /**
     * The report as JSON text (compact), for a host that stores or forwards it; the session
     * cannot be used afterwards.
     */
    finishText() {
      const text = this.#live().finish();
      this.free();
      return text;
    }
    free() {
      this.#h.free();
    }
    [dispose]() {
      this.free();
    }
  }

  // An engine rebuilt from a recipe explains findings of an engine since freed or given other
  // packs. It is freed once the running code finishes (a microtask), so that serialising a
  // result with several such findings builds it once.
  let apart = null;
  function explainApart(recipe, fn) {
    if (apart?.recipe !== recipe) {
      apart?.engine.free();
      apart = null;
      const engine = raw.RawEngine.withClock(recipe.options, recipe.clock);
      if (recipe.packs !== undefined) engine.loadRules(recipe.packs);
      const mine = { recipe, engine };
      apart = mine;
      queueMicrotask(() => {
        if (apart === mine) {
          apart = null;
          mine.engine.free();
        }
      });
    }
    return fn(apart.engine);
  }

  class Engine {
    #h;
    /** The packs' texts per language, asked of wasm the first time a language is checked. */
    #meta = new Map();
    /**
     * How to build this engine again: options, clock, packs loaded since (a new object whenever
     * they change). A finding read after `loadRules` or `free()` is explained by an engine built
     * from the recipe it was found with.
     */
    #recipe;
    #during(fn) {
      return this.#h.during(fn);
    }
    /** Compiles the catalogue and rule packs once; reuse the engine for every call. */
    constructor(options) {
      ready();
      const text = optionsText(options, 'engine options');
      this.#h = new Handle(new raw.RawEngine(text));
      this.#recipe = { options: text, clock: this.#h.raw.clock(), packs: undefined };
    }
    #live() {
      if (!this.#h.raw) throw misuse('this engine was freed');
      return this.#h.raw;
    }
    #metaFor(lang) {
      let meta = this.#meta.get(lang);
      if (!meta) {
        meta = prepareMeta(JSON.parse(this.#live().checkMeta(lang)));
        this.#meta.set(lang, meta);
      }
      return meta;
    }
    /**
     * One record (object, JSON text or UTF-8 bytes): its clauses and the checks it fails. Wasm
     * answers with outcome codes and clause positions; the texts come from the packs' metadata
     * cached here, and each finding's `explanation` is computed when it is first read.
     *
     * A plain object (a form's fields) goes through a form kept for these options: a ServiceNow
     * record is then checked from its field values, without a JSON text of it; the form hands
     * anything it cannot answer exactly to the general way (see `Form`).
     */
    check(record, options) {
      if (record === null || typeof record !== 'object' || Object.getPrototypeOf(record) !== Object.prototype) {
        return this.#general(record, options);
      }
      let opts;
      try {
        opts = this.#checkOptions.text(options);
      } catch {
        return this.#general(record, options); // its error, in its order (the record is read first)
      }
      const form = this.#keptForm(opts);
      if (form) return form.check(record);
      // Options read once: the general way with their text.
      const e = this.#live();
      return this.#checkWith(e, recordOf(record), opts);
    }
    /** The text of the last check options (a form's record is checked with the same ones). */
    #checkOptions = new LastOptions('check options');
    /** The last few option sets' forms, by options text (`null`: no form for them). */
    #forms = new Map();
    #freed = false;
    #keptForm(opts) {
      const key = opts ?? '';
      let form = this.#forms.get(key);
      if (form !== undefined) return form;
      if (this.#freed || !this.#h.raw) return null;
      try {
        form = this.#newForm(opts);
        // A form that never answers (another source, a pack reading raw fields) is freed, and
        // `null` kept in its place, so that these options go the general way without a new try.
        if (!form.fast) {
          form.free();
          form = null;
        }
      } catch {
        form = null; // options the general way rejects, with its error
      }
      if (this.#forms.size >= KEPT_FORMS) {
        const [oldest, kept] = this.#forms.entries().next().value;
        kept?.free();
        this.#forms.delete(oldest);
      }
      this.#forms.set(key, form);
      return form;
    }
    #freeForms() {
      for (const form of this.#forms.values()) form?.free();
      this.#forms.clear();
    }
    #general(record, options) {
      const e = this.#live();
      const input = recordOf(record);
      return this.#checkWith(e, input, optionsText(options, 'check options'));
    }
    /** The general way: the record's text or bytes, the options' text. */
    #checkWith(e, input, opts) {
      const live = JSON.parse(e.checkLive(recordBytes(input), opts));
      const o = live.outcomes;
      // What an explanation reads later: the text, or a copy of bytes the caller may reuse.
      const kept = () => (typeof input === 'string' ? input : input.slice());
      return this.#result(live.record, live.edition, this.#metaFor(live.lang), o, 0, o.length, live.clauses, 0,
        live.clauses.length, live.dynamic, live.rejected, live.warnings, () => this.#explainer(kept(), opts));
    }
    /**
     * The check result from a live answer: outcome pairs `o[oFrom..oTo)`, clause pairs
     * `c[cFrom..cTo)`, the texts from `meta`. `explainer()` is asked once, when the first
     * finding is made, for what computes explanations (by check id).
     */
    #result(record, edition, meta, o, oFrom, oTo, c, cFrom, cTo, dynamic, rejected, warnings, explainer) {
      const result = {};
      if (record) result.record = record;
      result.edition = edition;
      result.clauses = clauseList(c, cFrom, cTo, edition, meta);
      const findings = [];
      const passed = [];
      const notApplicable = [];
      const limited = [];
      let explain = null;
      for (let i = oFrom; i + 1 < oTo; i += 2) {
        const check = meta.checks[o[i]];
        if (!check) continue;
        switch (o[i + 1]) {
          case 0: passed.push(check.id); break;
          case 1: findings.push(this.#finding(o[i], check, dynamic, meta, (explain ??= explainer()))); break;
          case 2: notApplicable.push(check.id); break;
          default: limited.push(check.id);
        }
      }
      if (findings.length > 1) findings.sort(byOrder);
      result.findings = findings.map((f) => f.finding);
      result.passed = passed;
      result.notApplicable = notApplicable;
      if (limited.length) result.limited = limited;
      if (rejected) result.rejected = rejected;
      result.warnings = warnings;
      return result;
    }
    /**
     * What explains the findings of one check call: the record's JSON text (or a function
     * giving it, made when first needed) and the call's options, with the engine as it is now.
     */
    #explainer(input, opts) {
      const recipe = this.#recipe;
      return (id) => {
        const bytes = recordBytes(typeof input === 'function' ? input() : input);
        if (this.#h.raw && this.#recipe === recipe) return JSON.parse(this.#h.raw.explain(bytes, opts, id));
        return JSON.parse(explainApart(recipe, (e) => e.explain(bytes, opts, id)));
      };
    }
    /** A finding of `check`; `{order, finding}` (order: by severity, then id). */
    #finding(index, check, dynamic, meta, explainOf) {
      let c2018 = check.clauses2018;
      let c2011 = check.clauses2011;
      const own = dynamic.find((d) => d[0] === index);
      if (own) {
        c2018 = own[1].map((p) => meta.clauses[2018][p]?.id).filter((id) => id !== undefined);
        c2011 = own[2].map((p) => meta.clauses[2011][p]?.id).filter((id) => id !== undefined);
      }
      const explain = () => explainOf(check.id);
      // `explanation` is computed on first read and then kept as a plain value; an accessor
      // written in the literal (cheaper than defineProperty) keeps it an own enumerable
      // property, so JSON.stringify, structured clone and spreading see it as before.
      const settle = (value) => Object.defineProperty(finding, 'explanation', { value, enumerable: true, configurable: true, writable: true });
      const finding = {
        check: check.id,
        title: check.title,
        severity: check.severity,
        severityLabel: check.severityLabel,
        phase: check.phase,
        clauses2018: own ? c2018 : c2018.slice(),
        clauses2011: own ? c2011 : c2011.slice(),
        message: check.message,
        hint: check.hint,
        case: check.case,
        get explanation() {
          const value = explain();
          settle(value);
          return value;
        },
        set explanation(value) {
          settle(value);
        },
      };
      if (check.case === undefined) delete finding.case;
      return { order: check.order, finding };
    }
    /**
     * A prepared live form: `form.check(record)` gives what `check(record, options)` gives,
     * with the options resolved once and only the values of the fields the adapter reads
     * handed to wasm (see `Form`). Free it with `free()` (the engine's `free()` does not).
     */
    form(options) {
      return this.#newForm(optionsText(options, 'check options'));
    }
    #newForm(opts) {
      const e = this.#live();
      const rawForm = e.form(opts);
      let info;
      try {
        info = JSON.parse(rawForm.info());
      } catch (err) {
        rawForm.free();
        throw err;
      }
      return new Form(new FormState(rawForm, info), {
        general: (record) => {
          const e = this.#live();
          return this.#checkWith(e, recordOf(record), opts);
        },
        engine: () => this.#live(),
        meta: (lang) => this.#metaFor(lang),
        result: (...args) => this.#result(...args),
        explainer: (text) => this.#explainer(text, opts),
      });
    }
    /** Canonical records of an input (what the checks see): {records, rejected, warnings}. */
    normalize(input, options) {
      const opts = optionsText(options, 'normalize options');
      // Bytes are validated as UTF-8 like evaluate's: bad bytes are E_ENCODING, never replaced.
      const e = this.#live();
      return JSON.parse(withInput(textOrBytes(input), (into) => e.normalizeInput(into, opts)));
    }
    /** One record: the clauses it is evidence for. */
    map(record, options) {
      const e = this.#live();
      const live = JSON.parse(e.mapLive(recordBytes(recordOf(record)), optionsText(options, 'map options')));
      return clauseHits(live, this.#metaFor(live.lang));
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
      return JSON.parse(withInput(textOrBytes(input), (into) =>
        onProgress ? this.#during(() => e.evaluateInputWithProgress(into, opts, onProgress)) : e.evaluateInput(into, opts)));
    }
    /**
     * Replaces the rule packs stacked on the built-in one (a pack or an array of packs). A pack
     * with errors throws E_RULES with every error in `details`; the engine keeps its packs.
     */
    loadRules(packs) {
      const list = Array.isArray(packs) ? packs : [packs];
      if (this.#h.busy) throw misuse('loadRules cannot run inside onProgress: this engine is evaluating');
      const text = JSON.stringify(list);
      this.#live().loadRules(text);
      this.#meta.clear();
      // Whether a form can answer depends on the packs (one reading raw fields cannot).
      this.#freeForms();
      this.#recipe = { ...this.#recipe, packs: text };
    }
    /** An incremental evaluation: push chunks, merge partials, finish. */
    session(options) {
      return new Session(this.#live().session(optionsText(options, 'session options')));
    }
    /** Frees the engine; inside onProgress the free waits until the running call returns. */
    free() {
      this.#freed = true;
      this.#freeForms();
      this.#h.free();
    }
    [dispose]() {
      this.free();
    }
  }

  // The live form. Per call JavaScript walks the record's own keys, keeps the fields the
  // adapter reads whose values are strings or plain {value, display_value, link} objects of
  // strings, writes their places and shapes (two bytes a field; see servicenow/form.rs) into the form's buffer in wasm
  // memory and their values, joined by a separator, after it with one encodeInto; wasm answers
  // with numbers in another buffer of the form. Anything else — another shape, a key that makes
  // the object an envelope or a bundle, a value holding the separator, a warning — is checked
  // the general way (engine.check), which gives the same result.
  const OBJECT = 0x80;
  const VALUE = 0x01;
  const DISPLAY = 0x02;
  const LINK = 0x04;
  const SAME = 0x08;
  // The most keys of a record a form remembers the places of (see `lastKeys`).
  const KEYS_KEPT = 512;
  // Without String.prototype.isWellFormed (older runtimes), any surrogate goes the general way.
  const wellFormed = typeof ''.isWellFormed === 'function' ? (s) => s.isWellFormed() : (s) => !/[\ud800-\udfff]/.test(s);
  let memory = null;
  const wasmBuffer = () => (memory ??= raw.wasmMemory()).buffer;

  /** A form's wasm side and the views on its buffers (made again when wasm memory grows). */
  class FormState {
    raw;
    info;
    /** Field name → its place in the layout; -1 for a key that makes the object no record. */
    index = new Map();
    /**
     * The keys of the last record walked, in order, with their places (`undefined`: a key the
     * adapter does not read). A form's record has the same keys in the same order on every
     * call: comparing each key with the one at its position (the same string) replaces looking
     * it up in `index` (0.9 µs of a 10 µs check in Node 20).
     */
    lastKeys = [];
    lastPlaces = [];
    /** The values of one call, joined (reused: no new array per call). */
    parts = [];
    buffer = null;
    at = 0;
    room = 0;
    layout = null;
    values = null;
    answer = null;
    /** The last answer's `{record, dynamic}` as parsed. */
    extra = null;
    constructor(rawForm, info) {
      this.raw = rawForm;
      this.info = info;
      info.fields.forEach((name, i) => this.index.set(name, i));
      for (const key of info.hazards) this.index.set(key, -1);
      this.reserve(4096);
      this.answerMoved();
    }
    /** Room for `bytes` bytes of values. */
    reserve(bytes) {
      this.at = this.raw.room(bytes);
      this.room = bytes;
      this.buffer = null;
    }
    answerMoved() {
      this.answerAt = this.raw.answerAt();
      this.answerLength = this.raw.answerLength();
      this.buffer = null;
    }
    /** The views, made again when wasm memory grew (its old buffer is then detached). */
    views() {
      const buffer = wasmBuffer();
      if (buffer !== this.buffer) {
        this.buffer = buffer;
        this.layout = new Uint8Array(buffer, this.at, this.info.layoutBytes);
        this.values = new Uint8Array(buffer, this.at + this.info.layoutBytes, this.room);
        this.answer = new Uint32Array(buffer, this.answerAt, this.answerLength);
      }
    }
    /**
     * Writes the layout of `record` and returns the number of fields, the values joined in
     * `this.joined`; -1 when the record is not for the fast path.
     */
    walk(record) {
      if (record === null || typeof record !== 'object' || Object.getPrototypeOf(record) !== Object.prototype || record.toJSON !== undefined) return -1;
      this.views();
      // Object.keys, not for…in: a record built key by key (`row[name] = …`, as a form reader
      // does) has more properties than V8 keeps in fast mode, and for…in over such an object
      // collects its keys the slow way on every call (1.3 µs for 44 keys in Node 20, Object.keys
      // 0.9 µs). On a record in fast mode (parsed from JSON, as a message) the two cost the
      // same. Object.keys gives own keys, the ones JSON.stringify reads; but a field's `value`
      // or `link` read below would find one inherited from Object.prototype, where
      // JSON.stringify sees none: a script that added an enumerable key there sends every
      // record the general way.
      for (const _ in Object.prototype) return -1;
      const keys = Object.keys(record);
      const { index, parts, layout, lastKeys, lastPlaces } = this;
      let fields = 0;
      let n = 0;
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k];
        let place;
        if (lastKeys[k] === key) {
          place = lastPlaces[k];
        } else {
          place = index.get(key);
          if (k < KEYS_KEPT) {
            lastKeys[k] = key;
            lastPlaces[k] = place;
          }
        }
        if (place === undefined) continue;
        if (place < 0) return -1;
        const v = record[key];
        let shape = 0;
        if (typeof v === 'string') {
          parts[n++] = v;
        } else if (v === undefined) {
          continue;
        } else if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype && v.toJSON === undefined) {
          shape = OBJECT;
          const value = v.value;
          const display = v.display_value;
          const link = v.link;
          if (typeof value === 'string') {
            parts[n++] = value;
            shape |= VALUE;
          } else if (value !== undefined) return -1;
          if (display === value && shape & VALUE) {
            shape |= SAME;
          } else if (typeof display === 'string') {
            parts[n++] = display;
            shape |= DISPLAY;
          } else if (display !== undefined) return -1;
          if (typeof link === 'string') {
            parts[n++] = link;
            shape |= LINK;
          } else if (link !== undefined) return -1;
        } else {
          return -1;
        }
        layout[2 * fields] = place;
        layout[2 * fields + 1] = shape;
        fields++;
      }
      parts.length = n;
      const joined = parts.join(this.info.separator);
      // encodeInto writes a lone surrogate as U+FFFD where JSON.stringify escapes it.
      if (!wellFormed(joined)) return -1;
      this.joined = joined;
      return fields;
    }
    /** The record a call's values stand for (its JSON explains its findings). */
    rebuild(joined, layout) {
      const pieces = joined.split(this.info.separator);
      const names = this.info.fields;
      const record = {};
      let next = 0;
      for (let i = 0; i + 1 < layout.length; i += 2) {
        const shape = layout[i + 1];
        if (!(shape & OBJECT)) {
          record[names[layout[i]]] = pieces[next++];
          continue;
        }
        const field = {};
        if (shape & VALUE) field.value = pieces[next++];
        if (shape & DISPLAY) field.display_value = pieces[next++];
        if (shape & SAME) field.display_value = field.value;
        if (shape & LINK) field.link = pieces[next++];
        record[names[layout[i]]] = field;
      }
      return record;
    }
  }

  /** `engine.form(options)`: `check(record)` as `engine.check(record, options)`, prepared. */
  class Form {
    #s;
    #engine;
    #stats = { fast: 0, general: 0 };
    constructor(state, engine) {
      this.#s = state;
      this.#engine = engine;
    }
    /** Whether the form can answer at all for its options (a ServiceNow source). */
    get fast() {
      return Boolean(this.#s.raw && this.#s.info.fast);
    }
    /** How many checks it answered from the field values, and how many the general way. */
    get stats() {
      return { ...this.#stats };
    }
    check(record) {
      const en = this.#engine;
      const e = en.engine();
      if (!this.#s.raw) throw misuse('this form was freed');
      const answer = this.#answer(e, record);
      if (answer) {
        this.#stats.fast++;
        return answer;
      }
      this.#stats.general++;
      return en.general(record);
    }
    /** The answer from the field values, or null for the general way. */
    #answer(e, record) {
      const s = this.#s;
      const en = this.#engine;
      if (!s.info.fast) return null;
      const fields = s.walk(record);
      if (fields < 0) return null;
      const joined = s.joined;
      if (3 * joined.length > s.room) {
        s.reserve(Math.max(3 * joined.length, 2 * s.room));
        s.views();
      }
      const { written } = encoder.encodeInto(joined, s.values);
      const status = e.formCheck(s.raw, fields, written);
      if (status === 0) return null;
      if (status === 2) s.answerMoved();
      // The texts first: asking wasm for them (the first answer in a language) may grow its
      // memory, which detaches every view made before.
      const meta = en.meta(s.info.lang);
      s.views();
      let a = s.answer;
      const outcomes = 2 * a[0];
      const clauses = 2 * a[1];
      if (a[2] & 1) {
        s.extra = JSON.parse(s.raw.extra());
        s.views();
        a = s.answer;
      }
      const { record: ref, dynamic } = s.extra;
      const info = s.info;
      let layout = null;
      const snapshot = () => {
        layout ??= s.layout.slice(0, 2 * fields);
        return en.explainer(() => JSON.stringify(s.rebuild(joined, layout)));
      };
      return en.result({ ...ref }, info.edition, meta, a, 3, 3 + outcomes, a, 3 + outcomes,
        3 + outcomes + clauses, dynamic, undefined, [], snapshot);
    }
    /** Frees the form's wasm side (the engine stays). */
    free() {
      if (this.#s.raw) {
        this.#s.raw.free();
        this.#s.raw = null;
      }
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
      if (!(input instanceof ArrayBuffer || ArrayBuffer.isView(input))) {
        const e = new Error('proposeMapping takes the CSV as text or bytes');
        e.code = 'E_INPUT_SHAPE';
        throw e;
      }
      text = new TextDecoder().decode(textOrBytes(input));
    }
    return JSON.parse(raw.proposeMapping(text, optionsText(options, 'proposeMapping options')));
  }

  /**
   * iso20000/chunks' splitBytesInto with the engine's scan of the bytes (twice as fast as the
   * JavaScript one on a large export): at most `parts` pieces of whole elements, of
   * nearly equal size, each with its element count and place; null when the input is left
   * whole. The bytes are copied into wasm memory once for the scan.
   */
  function splitBytesInto(bytes, parts) {
    ready();
    const head = headLength(bytes);
    if (head < 0) return null;
    const points = raw.splitPoints(bytes, head, Math.max(1, Math.floor(parts) || 1));
    return points ? piecesAt(bytes, head, points) : null;
  }

  return {
    Engine, Session, catalog, applyLogic, proposeMapping, splitBytesInto,
    version: () => (ready(), raw.version()),
    // The parts of the loaded module (see index.d.ts): `init()` may have loaded a smaller one.
    features: () => (ready(), raw.features().split(',').filter(Boolean)),
  };
}
