// The dashboard: loads the demo export (or a dropped, picked or pasted one), evaluates it in Web
// Workers (pool.js) and keeps the merged partial so that switching edition or language rebuilds
// the report without evaluating again: neither is part of a partial's fingerprint (engine
// `empty_partial`: version, rule packs, from, to, asOf, findings), so a session with the same
// window and another edition/lang merges it.
//
// The page's own thread stays responsive (no task over 50 ms on a 25,000-record export): the
// input stays a Blob here (the workers read it as bytes and cut it), the partials are merged and
// the report is built in a worker, the page receives the report without its bulky per-record
// lists (the downloads ask the worker), and the views are rendered one section per task.
import { catalog, Engine, init, version } from 'iso20000';
import { binaryKind } from 'iso20000/chunks';
import { $, $$, download, fill, h, num } from './dom.js';
import { strings } from './i18n.js';
import { workerCount } from './plan.js';
import { Cancelled, WorkerPool } from './pool.js';
import { hideMapping, relabelMapping, showMapping } from './mapping.js';
import { drawTrend } from './trend.js';
import { reviewButton } from './review.js';
import { mountSnapshots } from './snapshots.js';
import { renderChecks, renderDetails, renderMatrix, renderProcesses, renderRejected, renderSummary, trendTable } from './views.js';
import { FindingsTable } from './findings-data.js';
import { renderRecords, resetQuery, showRecords } from './records.js';
import { applyScope, renderMissing, renderScopeBar, renderScopeCount, resetScope, spanNote } from './scope.js';
import { renderWorkList } from './worklist.js';

const DEMO_URL = new URL('demo-export.json', document.baseURI);
const MODEL_URL = new URL('model-sms.json', document.baseURI);
const DEMO_WINDOW = { from: '2025-12-01', to: '2026-11-30' }; // as `make demo`: the data's 12 months

const state = {
  lang: 'en',
  edition: '2018',
  /** What was evaluated last: {kind: 'demo' | 'file' | 'paste', name (a file name, or a UI string key), blob, mapping?} */
  input: null,
  /** The options of the evaluation behind `partial` (source, from, to, asOf, findings). */
  runOptions: null,
  /** The merged partial result of the workers (JSON text). */
  partial: null,
  /** The report as rendered: without `findings` and `services` (see worker.js). */
  report: null,
  /** The whole report as JSON text, for the downloads. */
  reportText: null,
  /** The failing records (findings-data.js), or null when the run has no list of them. */
  table: null,
  /** Per service: name, records and the clauses it has evidence for (scoping). */
  services: [],
  /**
   * An earlier report to trend the work list against, or null. Set with the
   * `iso20000:previous` event (`detail`: a report; null clears it): saved runs live elsewhere.
   */
  previous: null,
  /** The running evaluation's progress (shown in the UI language, also after a switch). */
  progress: null,
  selection: null,
  error: null,
  /** The user set the window; a new file keeps it. */
  windowTouched: false,
  status: null,
};

let engine = null;
// ?workers=N overrides the count (1–8), for measurements.
const requested = Number(new URLSearchParams(location.search).get('workers'));
const pool = new WorkerPool(requested >= 1 && requested <= 8 ? Math.floor(requested) : workerCount(navigator.hardwareConcurrency));
let run = 0; // the current evaluation; older ones are ignored when they settle
let completed = 0; // evaluations shown (body[data-runs], for tests and scripts)
let failures = 0; // errors shown (body[data-errors])
const crosswalks = { 2018: new Map(), 2011: new Map() };
const catalogs = {};
const teachingCases = {};
let savedRuns = null; // the saved runs panel (snapshots.js)

const t = () => strings(state.lang);

// ---------------------------------------------------------------------------------------------
// Static text

function applyStrings() {
  const s = t();
  document.documentElement.lang = state.lang;
  document.title = s.appTitle;
  for (const el of $$('[data-i18n]')) el.textContent = s[el.dataset.i18n];
  for (const el of $$('[data-i18n-placeholder]')) el.placeholder = s[el.dataset.i18nPlaceholder];
  for (const el of $$('[data-i18n-aria]')) el.setAttribute('aria-label', s[el.dataset.i18nAria]);
}

function renderStatus() {
  const el = $('#status');
  const s = state.status;
  el.textContent = !s ? '' : typeof s === 'function' ? s(t()) : s;
}

function setStatus(message) {
  state.status = message;
  renderStatus();
}

function renderError() {
  const el = $('#error');
  const e = state.error;
  el.hidden = !e;
  if (!e) return fill(el);
  const s = t();
  // The file is named (a user who dropped the wrong one sees which), and bytes that are no text
  // at all say so before the engine's first complaint about them.
  const name = e.name && (e.name.key ? s[e.name.key] : e.name);
  fill(el,
    h('strong', { id: 'error-title' }, e.demo ? s.errorLoadDemo : name ? s.errorIn(name) : s.errorTitle),
    e.notText ? h('p', { class: 'not-text', dataset: { kind: e.notText } }, s.notText(name, s.binaryKinds[e.notText] ?? s.binaryKinds.binary)) : null,
    e.line !== undefined ? h('p', { class: 'error-pos', dataset: { line: e.line, column: e.column } }, s.errorAt(e.line, e.column)) : null,
    h('p', null, e.code ? h('code', null, e.code) : null, ' ', e.message));
}

function showError(err, extra = {}) {
  state.error = { code: err.code, message: String(err.message ?? err), line: err.line, column: err.column, ...extra };
  renderError();
  document.body.dataset.errors = String(++failures);
}

// ---------------------------------------------------------------------------------------------
// Catalogue helpers

function clauseInfo(edition) {
  catalogs[edition] ??= catalog.clauses({ edition });
  return catalogs[edition];
}

/** The teaching case of a check: the report's `case` id when it names one, else the case that lists the check. */
function teachingCase(lang, checkId, caseId) {
  teachingCases[lang] ??= catalog.cases({ lang });
  const list = teachingCases[lang];
  return (caseId && list.find((c) => c.id === caseId)) || list.find((c) => c.checks.includes(checkId)) || null;
}

function crosswalk(edition, id) {
  const cache = crosswalks[edition];
  if (!cache.has(id)) cache.set(id, catalog.crosswalk({ from: edition, clause: id }));
  return cache.get(id);
}

// ---------------------------------------------------------------------------------------------
// Rendering

function context() {
  const info = clauseInfo(state.edition);
  const byId = (info.byId ??= new Map(info.clauses.map((c) => [c.id, c])));
  return {
    t: t(),
    lang: state.lang,
    edition: state.edition,
    selection: state.selection,
    select,
    crosswalk: (id) => crosswalk(state.edition, id),
    clause: (id) => byId.get(id),
    caseFor: (checkId, caseId) => teachingCase(state.lang, checkId, caseId),
    dataset: state.input && (state.input.kind === 'file' ? state.input.name : t()[state.input.name]),
    report: state.report,
    previous: state.previous,
    table: state.table,
    services: state.services,
    checkTitles: new Map((state.report?.checks ?? []).map((c) => [c.id, c.title])),
    // Records known by a name (a CI's) rather than a number show it, never their bare key.
    nameOf: (id) => state.table?.names.get(id),
    showRecords: (filters) => showRecords($('#records'), state.report, context(), filters),
  };
}

let trendWatch = null;

function renderTrend(el, report, s) {
  const canvas = h('canvas', { role: 'img', 'aria-label': s.trendAria });
  fill(el,
    h('div', { class: 'section-head' }, h('h2', { id: 'trend-h' }, s.trend), h('p', { class: 'hint' }, s.trendHint)),
    report.months.length
      ? [h('div', { class: 'chart-box' }, canvas),
        h('details', { class: 'trend-data' }, h('summary', null, s.trendTable), h('div', { class: 'table-wrap' }, trendTable(report, s, state.lang)))]
      : h('p', { class: 'hint' }, s.noMonths));
  // The chart is drawn when its panel comes near the viewport: drawing measures the page (a
  // layout of everything) and takes tens of ms, for a chart the reader may never scroll to.
  trendWatch?.disconnect();
  trendWatch = null;
  if (!report.months.length) return;
  trendWatch = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    trendWatch.disconnect();
    trendWatch = null;
    drawTrend(canvas, report, s);
    canvas.dataset.drawn = 'true';
  }, { rootMargin: '200px' });
  trendWatch.observe(el);
}

function renderDownloads(s) {
  const r = state.report;
  const name = `iso20000-${r.edition}-${r.lang}`;
  return h('div', { class: 'downloads', role: 'group', 'aria-label': s.downloads },
    h('span', { class: 'muted' }, `${s.downloads}:`),
    h('button', {
      type: 'button', class: 'button secondary small', id: 'download-report',
      // Indented in the report worker when asked for: building every report stays quicker.
      onclick: async () => download(await pool.prettyReport(state.reportText), `${name}-report.json`, 'application/json'),
    }, s.downloadReport),
    h('button', {
      type: 'button', class: 'button secondary small', id: 'download-findings',
      // Made in the report worker from the whole report (the page holds no findings list).
      onclick: async () => download(await pool.findingsCsv(state.reportText), `${name}-findings.csv`, 'text/csv;charset=utf-8'),
    }, s.downloadFindings),
    reviewButton(state.lang, () => ({ reportText: state.reportText, lang: state.lang, name: context().dataset, history: savedRuns?.history() ?? [] })));
}

function renderFooter() {
  const s = t();
  const info = clauseInfo(state.edition);
  fill($('#footer'),
    h('h2', { class: 'footer-h' }, s.notice),
    h('p', { id: 'notice' }, info.notice[state.lang]),
    h('p', { class: 'muted' }, s.engine(version())));
}

/**
 * Waits until the browser has rendered a frame (style, layout and paint of what was just put in,
 * in a task of their own), then lets it run input: two pieces of work on the page's thread never
 * share a task. A hidden page renders no frames: then a timeout goes on.
 */
function nextFrame() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      setTimeout(resolve, 0);
    });
  });
}

let renders = 0; // the current render; an older one stops at its next section

/**
 * Renders everything, one section (or batch of matrix rows) per frame: all of them at once would
 * block the page for longer than 50 ms (style, layout and paint of thousands of cells). Resolves once every section is in, or
 * when a newer render took over (false).
 */
async function render() {
  const mine = ++renders;
  const report = state.report;
  const s = t();
  renderFooter();
  renderError();
  renderStatus();
  renderProgress();
  savedRuns?.update();
  if (!report) {
    fill($('#summary'), h('p', { class: 'hint' }, s.noData));
    return true;
  }
  const ctx = context();
  const sections = [
    () => {
      renderSummary($('#summary'), report, ctx);
      $('#summary .section-head')?.append(renderDownloads(s));
      $('#window-text')?.after(...[spanNote(report, s)].flat().filter(Boolean));
      if (report.records.evaluated > 0 && report.records.inWindow === 0) {
        $('#summary').append(h('p', { class: 'callout', role: 'note' }, s.errorNoRecords));
      }
    },
    () => renderWorkList($('#worklist'), report, ctx),
    () => renderScopeBar($('#scope-bar'), report, ctx, rescope),
    // The matrix returns the batches of rows still to come; the scope is applied once they are in.
    () => renderMatrix($('#matrix'), report, ctx),
    rescope,
    () => renderProcesses($('#processes'), report, ctx),
    () => renderMissing($('#missing'), report, ctx),
    () => renderRecords($('#records'), report, ctx),
    () => renderTrend($('#trend'), report, s),
    () => renderChecks($('#checks'), report, ctx),
    () => renderRejected($('#rejected'), report, ctx),
    () => renderDetails($('#details'), report, ctx),
  ];
  // The report arrived in a task of its own (its message, deserialised): render from the next.
  await nextFrame();
  if (mine !== renders) return false;
  while (sections.length) {
    const more = sections.shift()();
    if (Array.isArray(more)) sections.unshift(...more);
    await nextFrame();
    if (mine !== renders) return false;
  }
  document.body.dataset.lang = state.lang;
  document.body.dataset.edition = state.edition;
  return true;
}

/** Hides the matrix rows outside the chosen scope (scope.js) and says how many are shown. */
function rescope() {
  if (!state.report) return;
  const ctx = context();
  renderScopeCount(state.report, ctx, applyScope(state.report, ctx));
}

/** The work list again, after an earlier report to trend against was set or cleared. */
document.addEventListener('iso20000:previous', (e) => {
  state.previous = e.detail ?? null;
  if (state.report) renderWorkList($('#worklist'), state.report, context());
});

/** Shows the details of a cell, process cell or check; keeps the grids' focus where it is. */
function select(selection) {
  state.selection = selection;
  const report = state.report;
  if (!report) return;
  const ctx = context();
  renderDetails($('#details'), report, ctx);
  for (const b of $$('button.cell[aria-current]')) b.removeAttribute('aria-current');
  for (const r of $$('#checks tr.selected')) r.classList.remove('selected');
  let target = null;
  if (selection?.type === 'cell') {
    target = $(`#matrix button.cell[data-clause="${CSS.escape(selection.clause)}"][data-phase="${selection.phase}"]`);
  } else if (selection?.type === 'process') {
    target = $(`#processes button.cell[data-process="${CSS.escape(selection.id)}"][data-phase="${selection.phase}"]`);
  } else if (selection?.type === 'check') {
    $(`#checks tr[data-check="${CSS.escape(selection.id)}"]`)?.classList.add('selected');
  }
  if (target) {
    target.setAttribute('aria-current', 'true');
    const grid = target.closest('table');
    for (const b of grid.querySelectorAll('button.cell')) b.tabIndex = b === target ? 0 : -1;
  }
  const title = $('#details-title')?.textContent;
  $('#announcer').textContent = title ? `${ctx.t.details}: ${title}` : '';
  // On narrow screens the details follow the matrix: bring them into view.
  const box = $('#details').getBoundingClientRect();
  if (selection && (box.top > innerHeight || box.bottom < 0)) $('#details').scrollIntoView({ block: 'start', behavior: 'smooth' });
}

// ---------------------------------------------------------------------------------------------
// Evaluation

function windowOptions() {
  const from = $('#from').value || undefined;
  const to = $('#to').value || undefined;
  const options = { source: 'auto', findings: true, from, to };
  // Without an end date "now" must be pinned: every worker's engine would take its own.
  if (!to) options.asOf = `${new Date().toISOString().slice(0, 19)}Z`;
  return options;
}

let builds = 0; // the current report build; an older one is dropped when it settles
let building = 0; // the evaluation whose report is being built (it follows a switch itself), or 0

/**
 * Builds the report of `partials` (JSON text) in the report worker, in the chosen edition and
 * language, and renders it. Resolves to true once it is shown, false when a newer build or
 * evaluation took over.
 */
/**
 * Builds the report of `partials` (in the report worker) and draws it. `commit`, when given, is
 * called just before the page's state becomes the new report's (nothing of it is kept before).
 */
async function showReport(partials, runOptions, commit) {
  const mine = ++builds;
  const edition = state.edition;
  const lang = state.lang;
  const built = await pool.report(partials, { ...runOptions, edition, lang });
  if (mine !== builds) return false;
  // The edition or language changed while it was built: build it again from the merged partial.
  if (edition !== state.edition || lang !== state.lang) return showReport([built.partial], runOptions, commit);
  commit?.();
  Object.assign(state, {
    runOptions, partial: built.partial, report: built.view, reportText: built.text,
    table: built.table ? new FindingsTable(built.table, lang) : null, services: built.services ?? [],
  });
  return render();
}

/** What the page shows of a report: put back when the evaluation replacing it is cancelled. */
const SHOWN = ['input', 'selection', 'runOptions', 'partial', 'report', 'reportText', 'table', 'services'];
/**
 * While a new evaluation's report is drawn (a few frames: see render), what the page showed
 * before it, with that evaluation's `run`: Cancel then puts it back rather than leaving the new
 * report half drawn under "Cancelled".
 */
let undo = null;

/** Rebuilds the report from the merged partial with the chosen edition and language. */
async function rebuild() {
  // The report being built for a new evaluation follows the switch when it arrives; the merged
  // partial here is the previous data set's.
  if (building) return false;
  if (!state.partial) return render();
  try {
    return await showReport([state.partial], state.runOptions);
  } catch (err) {
    showError(err);
    return false;
  }
}

function setBusy(busy) {
  $('#busy').hidden = !busy;
  document.body.dataset.busy = String(busy);
  document.body.classList.toggle('is-busy', busy);
  for (const el of $$('#apply, #whole, #evaluate-paste')) el.disabled = busy;
  if (!busy) {
    state.progress = null;
    renderProgress();
  }
}

/** The progress line from `state.progress`, in the UI language (re-rendered on a switch). */
function renderProgress() {
  const bar = $('#progress');
  const text = $('#progress-text');
  const p = state.progress;
  const s = t();
  if (!p) {
    bar.removeAttribute('value');
    bar.removeAttribute('aria-valuetext');
    text.textContent = '';
    return;
  }
  if (p.phase === 'read' || p.phase === 'split' || p.phase === 'merge') {
    bar.removeAttribute('value');
    bar.removeAttribute('aria-valuetext');
    text.textContent = p.phase === 'merge' ? s.merging(p.workers) : s.reading;
    return;
  }
  // Records when every piece's count is known, else the share of the engine's work.
  const percent = p.total !== null ? (p.total ? Math.floor((p.done * 100) / p.total) : 100) : Math.floor(p.share * 100);
  bar.max = 100;
  bar.value = percent;
  bar.setAttribute('aria-valuetext', `${percent} %`);
  text.textContent = p.total !== null
    ? s.progress(num(p.done, state.lang), num(p.total, state.lang), percent)
    : s.progressShare(percent, p.workers);
}

/** What a file that is no text at all looks like ('png', 'pdf', …, 'binary'), from its first bytes; null for text. */
async function notText(blob) {
  return binaryKind(new Uint8Array(await blob.slice(0, 1024).arrayBuffer()));
}

const inputName = (input) => (input.kind === 'file' ? input.name : { key: input.name });

async function evaluate(input) {
  const mine = ++run;
  pool.cancel();
  if (building) {
    // The report of the evaluation this one replaces is not shown when it arrives.
    builds++;
    building = 0;
  }
  state.error = null;
  renderError();
  const options = windowOptions();
  hideMapping();
  // A CSV of a tool without an adapter, read through the mapping a person confirmed.
  if (input.mapping) options.context = { mapping: input.mapping };
  try {
    engine.session(options).free(); // checks the window before any work
  } catch (err) {
    showError(err);
    return;
  }
  const started = performance.now();
  const name = (s) => (input.kind === 'file' ? input.name : s[input.name]);
  setBusy(true);
  setStatus((s) => s.readingFile(name(s)));
  state.progress = { phase: 'read' };
  renderProgress();
  try {
    let rejoining = false;
    let workers = 0;
    const result = await pool.run(input.blob, options, (p) => {
      if (mine !== run) return;
      // The status and the progress line name the same workers: the ones the input went to.
      if (p.phase === 'evaluate' && p.workers !== workers && !p.rejoining) {
        workers = p.workers;
        setStatus((s) => s.evaluating(name(s), p.workers));
      }
      if (p.rejoining && !rejoining) {
        rejoining = true;
        setStatus((s) => s.rejoining(num(p.rejoining, state.lang)));
      }
      state.progress = p;
      renderProgress();
    });
    if (mine !== run) return;
    state.progress = { phase: 'merge', workers: result.workers };
    renderProgress();
    building = mine;
    let shown;
    try {
      shown = await showReport(result.partials, options, () => {
        undo = { run: mine, state: Object.fromEntries(SHOWN.map((k) => [k, state[k]])) };
        // A new data set starts with nothing selected; a new window over the same one keeps it.
        if (input.blob !== state.input?.blob) {
          state.selection = null;
          resetQuery();
          resetScope();
        }
        state.input = input;
      });
    } finally {
      if (building === mine) building = 0;
      if (undo?.run === mine) undo = null;
    }
    if (mine !== run || !shown) return;
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const records = state.report.records;
    const left = records.rejected ? { evaluated: num(records.evaluated, state.lang), rejected: num(records.rejected, state.lang) } : null;
    setStatus((s) => s.evaluated(num(records.in, state.lang), seconds, result.workers, left) + (result.rejoined ? ` ${s.rejoined(num(result.rejoined, state.lang))}` : ''));
    Object.assign(document.body.dataset, { evaluatedMs: String(Math.round(performance.now() - started)), runs: String(++completed) });
  } catch (err) {
    if (mine !== run || err instanceof Cancelled) return;
    setStatus(null);
    if (err.code === 'E_SOURCE_UNKNOWN' && !input.mapping && (await offerMapping(input))) return;
    const kind = await notText(input.blob).catch(() => null);
    if (mine !== run) return;
    showError(err, { name: inputName(input), notText: kind });
  } finally {
    if (mine === run) setBusy(false);
  }
}

/** A CSV no adapter reads: propose a mapping beside its first rows (mapping.js). */
async function offerMapping(input) {
  try {
    const bytes = new Uint8Array(await input.blob.arrayBuffer());
    showMapping({
      bytes,
      name: input.kind === 'file' ? input.name : t()[input.name],
      lang: state.lang,
      onEvaluate: (mapping) => evaluate({ ...input, mapping }),
      onCancel: hideMapping,
    });
    return true;
  } catch {
    return false; // not a readable CSV after all: the engine's error is shown
  }
}

function cancel() {
  const drawn = undo?.run === run ? undo.state : null;
  run++;
  builds++; // a report being built for the cancelled run is dropped too
  building = 0;
  undo = null;
  pool.cancel();
  setBusy(false);
  setStatus((s) => s.cancelled);
  if (drawn) {
    // Its report was being drawn: the previous one comes back (drawing it stops the other).
    Object.assign(state, drawn);
    render();
  }
}

function loadFile(file) {
  if (!state.windowTouched) {
    $('#from').value = '';
    $('#to').value = '';
  }
  evaluate({ kind: 'file', name: file.name, blob: file });
}

/** One of the bundled data sets: the demo export (with its flaws) or the model export. */
async function loadDemo(which = 'demo') {
  const [url, name] = which === 'model' ? [MODEL_URL, 'datasetModel'] : [DEMO_URL, 'datasetDemo'];
  $('#from').value = DEMO_WINDOW.from;
  $('#to').value = DEMO_WINDOW.to;
  state.windowTouched = false;
  const mine = ++run;
  pool.cancel();
  setBusy(true);
  state.progress = { phase: 'read' };
  renderProgress();
  try {
    const res = await fetch(url);
    if (!res.ok) throw Object.assign(new Error(`${res.status} ${res.statusText}: ${url.pathname}`), { code: 'E_FETCH' });
    // Bytes, never text: the workers read the Blob.
    const blob = await res.blob();
    if (mine !== run) return;
    await evaluate({ kind: 'demo', name, blob });
  } catch (err) {
    if (mine !== run) return;
    setBusy(false);
    showError(err, { demo: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Controls

function wire() {
  for (const radio of $$('input[name="lang"]')) {
    radio.addEventListener('change', () => {
      state.lang = radio.value;
      applyStrings();
      relabelMapping(state.lang);
      renderStatus();
      renderProgress();
      rebuild();
    });
  }
  for (const radio of $$('input[name="edition"]')) {
    radio.addEventListener('change', () => {
      const previous = state.edition;
      state.edition = radio.value;
      // A selected clause follows the crosswalk into the other edition.
      const sel = state.selection;
      if (sel?.type === 'cell') {
        const to = crosswalk(previous, sel.clause)[0]?.to;
        state.selection = to ? { ...sel, clause: to } : null;
      }
      rebuild();
    });
  }
  $('#file').addEventListener('change', (e) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) loadFile(file);
  });
  $('#demo').addEventListener('click', () => loadDemo('demo'));
  $('#model').addEventListener('click', () => loadDemo('model'));
  $('#evaluate-paste').addEventListener('click', () => {
    const text = $('#paste').value;
    if (!text.trim()) {
      showError({ message: t().pasteEmpty });
      return;
    }
    if (!state.windowTouched) {
      $('#from').value = '';
      $('#to').value = '';
    }
    // The pasted string becomes UTF-8 bytes once, here; the workers read them as bytes.
    evaluate({ kind: 'paste', name: 'datasetPaste', blob: new Blob([text], { type: 'text/plain' }) });
  });
  for (const id of ['#from', '#to']) $(id).addEventListener('input', () => (state.windowTouched = true));
  $('#apply').addEventListener('click', () => {
    state.windowTouched = true;
    if (state.input) evaluate(state.input);
    else loadDemo('demo');
  });
  $('#whole').addEventListener('click', () => {
    state.windowTouched = true;
    $('#from').value = '';
    $('#to').value = '';
    if (state.input) evaluate(state.input);
  });
  $('#cancel').addEventListener('click', cancel);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && pool.busy) cancel();
  });

  // Drop anywhere on the page.
  const overlay = $('#drop-overlay');
  let depth = 0;
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  window.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    depth++;
    overlay.hidden = false;
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  window.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const file = e.dataTransfer?.files?.[0];
    if (file) loadFile(file);
  });
}

async function main() {
  applyStrings();
  wire();
  await init();
  engine = new Engine();
  savedRuns = mountSnapshots({
    after: $('#trend'),
    current: () => ({ reportText: state.reportText, report: state.report, lang: state.lang, name: state.input && (state.input.kind === 'file' ? state.input.name : t()[state.input.name]) }),
  });
  render();
  await loadDemo();
  document.body.dataset.ready = 'true';
}

main().catch((err) => showError(err));
