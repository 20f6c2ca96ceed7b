// The service worker: the only place the wasm engine runs (content scripts are bound by the
// page's CSP; this worker is bound by the extension's, which allows 'wasm-unsafe-eval').
//
// Static imports only: MV3 service workers refuse dynamic import(). The worker can be stopped at
// any time, so nothing here survives it: the module, the engine and the clause titles are
// rebuilt lazily by the first message after a restart. The engine is compiled once per options
// change (language, edition, rule packs, instance context) and reused for every check until they
// change; each check goes through a prepared form of it (`engine.form`) kept per check options.
import { init, Engine, catalog, version } from './lib/web.js';
import './shared/tools.js';
import './shared/settings.js';
import './shared/fields.js';
import './shared/stages.js';
import { syncSites } from './shared/sites.js';
import { servicenowMain } from './page/servicenow-main.js';

const { settings: Settings, fields: Fields, stages: Stages } = globalThis.ISO20000;
const SOURCES = new Set(['servicenow', 'jira', 'glpi']);
const MAX_RECORD_CHARS = 4_000_000;

// Uncaught problems are logged where the extension's errors page and tests can see them.
self.addEventListener('error', (e) => console.error('iso20000 service worker:', e.message));
self.addEventListener('unhandledrejection', (e) => console.error('iso20000 service worker:', e.reason?.message ?? e.reason));

let compiled = null; // {key, engine, packs, packError, context, contextError}
const titleCache = new Map(); // edition → Map(id → {title: {en, ja}, summary: {en, ja}})
const caseCache = new Map(); // lang → the teaching cases in that language
let builtinPack = null; // the built-in pack's JSON (lib/builtin-pack.json): each check's condition
const conditionCache = { key: null, conds: null };

/** The built-in pack as shipped with the engine, read once per worker start. */
async function loadBuiltinPack() {
  if (!builtinPack) {
    const res = await fetch(chrome.runtime.getURL('lib/builtin-pack.json'));
    if (!res.ok) throw new Error(`lib/builtin-pack.json: HTTP ${res.status}`);
    builtinPack = await res.json();
  }
  return builtinPack;
}

/** Each check's effective condition for the packs in force (see shared/stages.js). */
function conditionsFor(c) {
  if (conditionCache.key !== c.key) {
    conditionCache.key = c.key;
    conditionCache.conds = Stages.conditions([builtinPack, ...c.packs.map((p) => p.pack)]);
  }
  return conditionCache.conds;
}

function loadEngineModule() {
  // web.js keeps the promise and forgets it on failure, so a failed load is retried next time.
  return init(chrome.runtime.getURL('lib/pkg-web/iso20000_bg.wasm'));
}

/** An engine error in one line, with the path it names (the first one for a rule pack). */
function describe(e) {
  const d = e.details?.[0];
  if (d) return `${d.path}: ${d.message}`;
  return e.path ? `${e.path}: ${e.message}` : e.message;
}

function engineFor(settings, packs, context) {
  const key = JSON.stringify([settings.lang, settings.edition, packs.map((p) => [p.id, p.version, p.addedAt]), context]);
  if (compiled?.key === key) return compiled;
  for (const form of compiled?.forms.values() ?? []) form.free();
  compiled?.engine.free();
  compiled = null;
  // Packs and the context are validated on the options page; an engine update can still refuse
  // an old one. Then the refused part is left out (the other kept) and the panel says so.
  const options = { lang: settings.lang, edition: settings.edition, rules: packs.map((p) => p.pack), ...(context ? { context } : {}) };
  let packError = null;
  let contextError = null;
  let engine;
  while (!engine) {
    try {
      engine = new Engine(options);
    } catch (e) {
      if (options.context && String(e.path ?? '').startsWith('$.context')) {
        contextError = describe(e);
        delete options.context;
      } else if (options.rules.length) {
        packError = describe(e);
        options.rules = [];
      } else throw e;
    }
  }
  compiled = { key, engine, packs: packError ? [] : packs, packError, context: contextError ? null : context, contextError, forms: new Map() };
  return compiled;
}

// A prepared form per check options (source, edition, language, zone) of the engine in force:
// its options are resolved once and each check hands wasm only the fields the adapter reads.
const MAX_FORMS = 16;
function formFor(c, options) {
  const key = JSON.stringify(options);
  let form = c.forms.get(key);
  if (!form) {
    if (c.forms.size >= MAX_FORMS) {
      for (const f of c.forms.values()) f.free();
      c.forms.clear();
    }
    form = c.engine.form(options);
    c.forms.set(key, form);
  }
  return form;
}

function clauseTitles(edition) {
  let titles = titleCache.get(edition);
  if (!titles) {
    const cat = catalog.clauses({ edition });
    titles = { standard: cat.standard, national: cat.national, byId: new Map(cat.clauses.map((c) => [c.id, c])) };
    titleCache.set(edition, titles);
  }
  return titles;
}

/** A finding's teaching case ("why this matters"): the one it names, else the one listing its check. */
function teachingCase(lang, finding) {
  let cases = caseCache.get(lang);
  if (!cases) {
    cases = catalog.cases({ lang });
    caseCache.set(lang, cases);
  }
  const c = (finding.case && cases.find((x) => x.id === finding.case)) || cases.find((x) => x.checks.includes(finding.check));
  return c ? { id: c.id, title: c.title, organisation: c.organisation, happened: c.happened, why: c.why, good: c.good } : null;
}

/** What the panel needs, already in the chosen language and edition. */
function present(result, { settings, engineMs, c, state }) {
  const { lang, edition } = settings;
  const conds = conditionsFor(c);
  const cat = clauseTitles(edition);
  const local = (l) => (l && typeof l === 'object' ? l[lang] ?? l.en : l);
  return {
    lang,
    edition,
    standard: cat.standard,
    national: cat.national,
    record: result.record ?? null,
    rejected: result.rejected ? { message: result.rejected.message, path: result.rejected.path } : null,
    clauses: result.clauses.map((cl) => ({
      id: cl.id,
      title: cl.title,
      phases: cl.phases,
      summary: local(cat.byId.get(cl.id)?.summary) ?? null,
    })),
    findings: result.findings.map((f) => ({
      check: f.check,
      title: f.title,
      severity: f.severity,
      severityLabel: f.severityLabel,
      phase: f.phase,
      message: f.message,
      hint: f.hint,
      clauses: (edition === '2011' ? f.clauses2011 : f.clauses2018).map((id) => ({
        id,
        title: local(cat.byId.get(id)?.title) ?? null,
      })),
      explanation: (f.explanation ?? []).map((x) => local(x.text)).filter(Boolean),
      // What the panel needs to name the form's own fields: the path each step read.
      steps: (f.explanation ?? []).map((x) => ({
        field: typeof x.field === 'string' ? x.field : null,
        operator: x.operator ?? null,
        expected: Array.isArray(x.expected) ? x.expected.filter((e) => typeof e === 'string') : null,
        text: local(x.text) ?? '',
      })),
      fields: Fields.findingFields(f.explanation),
      waitsFor: Stages.waitsFor(f.check, f.phase, state, conds),
      case: teachingCase(lang, f),
    })),
    state,
    fieldMap: c.context?.fields && typeof c.context.fields === 'object' ? c.context.fields : null,
    passed: result.passed.length,
    // The ids too: a performance check (INC-SLA-MET) shows here, not as evidence for its clauses.
    passedChecks: result.passed,
    notApplicable: result.notApplicable.length,
    warnings: result.warnings.slice(0, 50).map((w) => ({ path: w.path, message: w.message })),
    packs: c.packs.map((p) => ({ id: p.id, version: p.version })),
    packError: c.packError,
    context: c.context ? Object.keys(c.context) : null,
    contextError: c.contextError,
    engineVersion: version(),
    ms: { engine: Math.round(engineMs * 10) / 10 },
  };
}

async function check(msg) {
  if (!SOURCES.has(msg.source)) throw Object.assign(new Error(`unknown source ${msg.source}`), { code: 'E_MISUSE' });
  if (msg.record === null || typeof msg.record !== 'object') throw Object.assign(new Error('record must be an object'), { code: 'E_MISUSE' });
  const text = JSON.stringify(msg.record);
  if (text.length > MAX_RECORD_CHARS) throw Object.assign(new Error('record too large'), { code: 'E_MISUSE' });
  const [{ settings, packs, context }] = await Promise.all([Settings.load(), loadEngineModule(), loadBuiltinPack()]);
  const c = engineFor(settings, packs, context);
  const options = { source: msg.source, edition: settings.edition, lang: settings.lang };
  // The reader's guess (the browser's zone) would override the context's: an instance time zone
  // set on the options page is what the user knows the tool's local times are in.
  if (typeof msg.timeZone === 'string' && msg.timeZone && !c.context?.timeZone) options.timeZone = msg.timeZone;
  const started = performance.now();
  const result = formFor(c, options).check(msg.record);
  const engineMs = performance.now() - started;
  // The record's canonical lifecycle state (new, in_progress, …): whether findings are premature.
  const state = result.record?.state ?? null;
  return present(result, { settings, engineMs, c, state });
}

chrome.runtime.onMessage.addListener((msg, sender, reply) => {
  if (sender.id !== chrome.runtime.id || !msg || typeof msg.type !== 'string') return false;
  if (msg.type === 'iso20000/check') {
    check(msg).then(
      (result) => reply({ ok: true, result }),
      (e) => reply({ ok: false, error: { code: e?.code ?? 'E_INTERNAL', message: e?.message ?? String(e) } }),
    );
    return true; // answered asynchronously
  }
  if (msg.type === 'iso20000/servicenow-main') {
    // The ServiceNow reader's MAIN-world function, run in the reader's own frame with the
    // reader's secret as its argument (the page cannot read it before the function runs).
    if (typeof msg.secret !== 'string' || !/^[0-9a-f]{32}$/.test(msg.secret) || !sender.tab?.id) return false;
    chrome.scripting.executeScript({
      target: { tabId: sender.tab.id, frameIds: [sender.frameId ?? 0] },
      world: 'MAIN',
      func: servicenowMain,
      args: ['iso20000/servicenow', msg.secret],
    }).catch((e) => console.warn('iso20000: cannot read this ServiceNow form:', e?.message ?? e));
    return false;
  }
  if (msg.type === 'iso20000/options') {
    chrome.runtime.openOptionsPage();
    return false;
  }
  return false;
});

// The toolbar button opens the options (the panel itself lives on the ticket pages).
chrome.action.onClicked.addListener(() => chrome.runtime.openOptionsPage());

// Registered content scripts of self-hosted instances follow the stored list and the granted
// permissions (an extension update clears them; a user can revoke a permission in Chrome).
chrome.runtime.onInstalled.addListener(() => {
  syncSites().catch((e) => console.error('iso20000: registering self-hosted sites failed:', e.message));
});
chrome.permissions.onRemoved.addListener(() => {
  syncSites().catch((e) => console.error('iso20000: registering self-hosted sites failed:', e.message));
});
