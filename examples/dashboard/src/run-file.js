// A saved run as one file: JSON with a format name and a version, the run's name, when it was
// saved, and its snapshot (snapshot-data.js). Reading one trusts nothing in it: every field is
// checked for its type and range, unknown fields are dropped, and the run is rebuilt from the
// checked values only. A bad file gives the list of what is wrong (codes with their place in the
// file; the page words them in English or Japanese).
//
// Pure (no DOM): the Node tests read files with it too.
import { PHASES, RATINGS, SEVERITIES, STAGES } from './snapshot-data.js';

export const RUN_FORMAT = 'iso20000-dashboard-run';
export const RUN_VERSION = 1;
/** Larger than any run's snapshot by far (a 25,000-record run's is tens of kB). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_PROBLEMS = 12;
const MAX_ID = 200;
const MAX_ENTRIES = 20_000;

/** The file of a stored run ({name, savedAt, snapshot}), as JSON text. */
export function runFileText(run) {
  return `${JSON.stringify({ format: RUN_FORMAT, version: RUN_VERSION, exportedAt: new Date().toISOString(), run: { name: run.name, savedAt: run.savedAt, snapshot: run.snapshot } }, null, 1)}\n`;
}

/** A file name for a run's file: its name without characters file systems refuse. */
export function runFileName(run) {
  const base = String(run.name ?? 'run').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').trim().slice(0, 80) || 'run';
  return `${base}.iso20000-run.json`;
}

class Problems {
  list = [];
  add(code, path, extra = {}) {
    if (this.list.length < MAX_PROBLEMS) this.list.push({ code, path, ...extra });
    return undefined;
  }
}

/** Line and column (1-based) of a character offset in `text`. */
function place(text, offset) {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/**
 * Where the first JSON syntax error is (a character offset), null when there is none or the
 * nesting is too deep to follow. Runs only after JSON.parse failed: V8's message names no place.
 */
function syntaxErrorAt(s) {
  let i = 0;
  const fail = () => {
    throw i;
  };
  const ws = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  function string() {
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 34) return void i++;
      if (c < 32) fail();
      if (c === 92) {
        i++;
        if (!'"\\/bfnrtu'.includes(s[i] ?? '\u0000')) fail();
        if (s[i] === 'u' && !/^[0-9a-fA-F]{4}$/.test(s.slice(i + 1, i + 5))) fail();
        if (s[i] === 'u') i += 4;
      }
      i++;
    }
    fail();
  }
  function value() {
    ws();
    const open = s[i];
    if (open === '{' || open === '[') {
      const close = open === '{' ? '}' : ']';
      i++;
      ws();
      if (s[i] === close) return void i++;
      for (;;) {
        if (open === '{') {
          ws();
          if (s[i] !== '"') fail();
          string();
          ws();
          if (s[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (s[i] === ',') i++;
        else if (s[i] === close) return void i++;
        else fail();
      }
    }
    if (open === '"') return string();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(s.slice(i, i + 400));
    if (!m) fail();
    i += m[0].length;
  }
  try {
    value();
    ws();
    if (i < s.length) fail();
    return null;
  } catch (at) {
    return typeof at === 'number' ? at : null; // a RangeError: nested deeper than the stack
  }
}

/** JSON.parse, with the line and column of a syntax error. */
function parseJson(text, problems) {
  try {
    return { value: JSON.parse(text) };
  } catch {
    const at = syntaxErrorAt(text);
    problems.add('json', '', at === null ? {} : place(text, at));
    return null;
  }
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function object(v, path, p) {
  if (v === undefined) return p.add('missing', path);
  if (!isObject(v)) return p.add('type', path, { expected: 'object' });
  return v;
}

function count(v, path, p, { optional = false } = {}) {
  if (v === undefined && optional) return undefined;
  if (v === undefined) return p.add('missing', path);
  if (!Number.isSafeInteger(v) || v < 0) return p.add('type', path, { expected: 'count' });
  return v;
}

function percent(v, path, p) {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) return p.add('type', path, { expected: 'percent' });
  return v;
}

function text(v, path, p, { max = MAX_ID, optional = false, min = 0 } = {}) {
  if (v === undefined && optional) return undefined;
  if (v === undefined) return p.add('missing', path);
  // Control characters have no place in a name or an id (they hide what is shown).
  if (typeof v !== 'string' || v.length > max || v.trim().length < min || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(v)) {
    return p.add('type', path, { expected: 'text', max });
  }
  return v;
}

function instant(v, path, p, { optional = false } = {}) {
  if (v === undefined && optional) return undefined;
  const s = text(v, path, p, { max: 40 });
  if (s === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(Date.parse(s))) return p.add('type', path, { expected: 'date' });
  return s;
}

function oneOf(v, path, p, allowed) {
  if (v === undefined) return p.add('missing', path);
  if (!allowed.includes(v)) return p.add('value', path, { allowed });
  return v;
}

/** An object used as a map: each key an id, each value read by `read`. */
function idMap(v, path, p, read) {
  const m = object(v, path, p);
  if (!m) return undefined;
  const keys = Object.keys(m);
  if (keys.length > MAX_ENTRIES) return p.add('tooMany', path, { max: MAX_ENTRIES });
  const out = {};
  for (const key of keys) {
    if (key === '__proto__' || !key || key.length > MAX_ID || /[\u0000-\u001f\u007f]/.test(key)) {
      p.add('key', `${path}`, { key: key.slice(0, 40) });
      continue;
    }
    const value = read(m[key], `${path}.${key}`);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function list(v, path, p, read) {
  if (v === undefined) return p.add('missing', path);
  if (!Array.isArray(v)) return p.add('type', path, { expected: 'list' });
  if (v.length > MAX_ENTRIES) return p.add('tooMany', path, { max: MAX_ENTRIES });
  return v.map((item, i) => read(item, `${path}[${i}]`)).filter((x) => x !== undefined);
}

function ratings(v, path, p) {
  const o = object(v, path, p);
  return o && Object.fromEntries(PHASES.map((ph) => [ph, oneOf(o[ph], `${path}.${ph}`, p, RATINGS)]));
}

function severityCounts(v, path, p) {
  const o = object(v, path, p);
  if (!o) return undefined;
  const out = {};
  for (const key of Object.keys(o)) {
    if (!SEVERITIES.includes(key)) {
      p.add('value', `${path}`, { allowed: SEVERITIES, key: key.slice(0, 40) });
      continue;
    }
    out[key] = count(o[key], `${path}.${key}`, p);
  }
  return out;
}

const SUMMARY_COUNTS = ['clausesCycleComplete', 'clausesWithEvidence', 'processesCycleComplete', 'services', 'servicesCycleComplete'];

function snapshot(v, path, p) {
  const s = object(v, path, p);
  if (!s) return undefined;
  const summary = object(s.summary, `${path}.summary`, p);
  const records = object(s.records, `${path}.records`, p);
  const window = object(s.window, `${path}.window`, p);
  const quality = object(s.quality, `${path}.quality`, p);
  const engine = object(s.engine, `${path}.engine`, p);
  const out = {
    at: instant(s.at, `${path}.at`, p),
    ...(s.name !== undefined ? { name: text(s.name, `${path}.name`, p) } : {}),
    ...(s.key !== undefined ? { key: /^[0-9a-f]{64}$/.test(s.key) ? s.key : p.add('type', `${path}.key`, { expected: 'key' }) } : {}),
    edition: oneOf(s.edition, `${path}.edition`, p, ['2018', '2011']),
    lang: oneOf(s.lang, `${path}.lang`, p, ['en', 'ja']),
    engine: engine && { version: text(engine.version, `${path}.engine.version`, p), rules: text(engine.rules, `${path}.engine.rules`, p) },
    window: window && Object.fromEntries(['from', 'to', 'asOf']
      .filter((k) => window[k] !== undefined).map((k) => [k, instant(window[k], `${path}.window.${k}`, p)])),
    records: records && {
      in: count(records.in, `${path}.records.in`, p),
      evaluated: count(records.evaluated, `${path}.records.evaluated`, p),
      rejected: count(records.rejected, `${path}.records.rejected`, p),
    },
    summary: summary && {
      recordsFailingBySeverity: severityCounts(summary.recordsFailingBySeverity, `${path}.summary.recordsFailingBySeverity`, p),
      findingsBySeverity: severityCounts(summary.findingsBySeverity, `${path}.summary.findingsBySeverity`, p),
      ...Object.fromEntries(SUMMARY_COUNTS.map((k) => [k, count(summary[k], `${path}.summary.${k}`, p)])),
    },
    quality: quality && {
      rejected: count(quality.rejected, `${path}.quality.rejected`, p),
      limited: list(quality.limited, `${path}.quality.limited`, p, (x, at) => text(x, at, p, { min: 1 })),
      alerts: count(quality.alerts, `${path}.quality.alerts`, p),
      warnings: count(quality.warnings, `${path}.quality.warnings`, p),
      unreadable: count(quality.unreadable, `${path}.quality.unreadable`, p),
    },
    clauses: idMap(s.clauses, `${path}.clauses`, p, (c, at) => {
      const o = object(c, at, p);
      return o && {
        stage: oneOf(o.stage, `${at}.stage`, p, STAGES),
        findings: count(o.findings, `${at}.findings`, p),
        ratings: ratings(o.ratings, `${at}.ratings`, p),
        passed: count(o.passed, `${at}.passed`, p),
        failed: count(o.failed, `${at}.failed`, p),
        evidence: count(o.evidence, `${at}.evidence`, p),
      };
    }),
    checks: idMap(s.checks, `${path}.checks`, p, (c, at) => {
      const o = object(c, at, p);
      if (!o) return undefined;
      const passRate = percent(o.passRate, `${at}.passRate`, p);
      const limited = count(o.limited, `${at}.limited`, p, { optional: true });
      return {
        severity: oneOf(o.severity, `${at}.severity`, p, SEVERITIES),
        applicable: count(o.applicable, `${at}.applicable`, p),
        passed: count(o.passed, `${at}.passed`, p),
        failed: count(o.failed, `${at}.failed`, p),
        ...(passRate !== undefined ? { passRate } : {}),
        ...(limited ? { limited } : {}),
      };
    }),
    services: idMap(s.services, `${path}.services`, p, (c, at) => {
      const o = object(c, at, p);
      return o && {
        name: text(o.name, `${at}.name`, p, { max: 300 }),
        records: count(o.records, `${at}.records`, p),
        stage: oneOf(o.stage, `${at}.stage`, p, STAGES),
        ratings: ratings(o.ratings, `${at}.ratings`, p),
        passed: count(o.passed, `${at}.passed`, p),
        failed: count(o.failed, `${at}.failed`, p),
      };
    }),
    clauseFindings: list(s.clauseFindings, `${path}.clauseFindings`, p, (f, at) => {
      const o = object(f, at, p);
      return o && {
        check: text(o.check, `${at}.check`, p, { min: 1 }),
        severity: oneOf(o.severity, `${at}.severity`, p, SEVERITIES),
        records: count(o.records, `${at}.records`, p),
        clauses: list(o.clauses, `${at}.clauses`, p, (x, at2) => text(x, at2, p, { min: 1 })),
      };
    }),
  };
  return out;
}

/**
 * Reads a run's file.
 * @param {string} content the file's text
 * @param {number} [bytes] the file's size (a file over MAX_FILE_BYTES is not read)
 * @returns {{ok: true, run: {name: string, savedAt: string, snapshot: object}} | {ok: false, problems: {code: string, path: string}[]}}
 */
export function readRunFile(content, bytes = content.length) {
  const p = new Problems();
  if (bytes > MAX_FILE_BYTES) {
    p.add('tooLarge', '', { bytes, max: MAX_FILE_BYTES });
    return { ok: false, problems: p.list };
  }
  const parsed = parseJson(content.charCodeAt(0) === 0xfeff ? content.slice(1) : content, p);
  if (!parsed) return { ok: false, problems: p.list };
  const doc = parsed.value;
  if (!isObject(doc)) {
    p.add('notRun', '');
    return { ok: false, problems: p.list };
  }
  if (doc.format !== RUN_FORMAT) {
    p.add('format', 'format', { found: typeof doc.format === 'string' ? doc.format.slice(0, 60) : String(doc.format).slice(0, 60) });
    return { ok: false, problems: p.list };
  }
  if (doc.version !== RUN_VERSION) {
    p.add('version', 'version', { found: String(doc.version).slice(0, 20) });
    return { ok: false, problems: p.list };
  }
  const run = object(doc.run, 'run', p);
  const out = run && {
    name: text(run.name, 'run.name', p, { min: 1 })?.trim(),
    savedAt: instant(run.savedAt, 'run.savedAt', p),
    snapshot: snapshot(run.snapshot, 'run.snapshot', p),
  };
  if (p.list.length) return { ok: false, problems: p.list };
  return { ok: true, run: out };
}
