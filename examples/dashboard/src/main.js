// The dashboard: loads the demo export (or a dropped, picked or pasted one), evaluates it in Web
// Workers (pool.js), merges their partial results here, and keeps the merged partial so that
// switching edition or language rebuilds the report without evaluating again: neither is part
// of a partial's fingerprint (engine `empty_partial`: version, rule packs, from, to, asOf,
// findings), so a session with the same window and another edition/lang merges it.
import { catalog, Engine, findingsCsv, init, version } from 'iso20000';
import { $, $$, download, fill, h, num } from './dom.js';
import { strings } from './i18n.js';
import { workerCount } from './plan.js';
import { Cancelled, WorkerPool } from './pool.js';
import { hideMapping, relabelMapping, showMapping } from './mapping.js';
import { drawTrend } from './trend.js';
import { renderChecks, renderDetails, renderMatrix, renderProcesses, renderRejected, renderSummary, trendTable } from './views.js';

const DEMO_URL = new URL('demo-export.json', document.baseURI);
const MODEL_URL = new URL('model-sms.json', document.baseURI);
const DEMO_WINDOW = { from: '2025-12-01', to: '2026-11-30' }; // as `make demo`: the data's 12 months

const state = {
  lang: 'en',
  edition: '2018',
  /** What was evaluated last: {kind: 'demo' | 'file' | 'paste', name (a file name, or a UI string key), text?, file?} */
  input: null,
  /** The options of the evaluation behind `partial` (source, from, to, asOf, findings). */
  runOptions: null,
  /** The merged partial result of the workers. */
  partial: null,
  report: null,
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
  fill(el,
    h('strong', null, e.demo ? s.errorLoadDemo : s.errorTitle),
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
  };
}

function renderTrend(el, report, s) {
  const canvas = h('canvas', { role: 'img', 'aria-label': s.trendAria });
  fill(el,
    h('div', { class: 'section-head' }, h('h2', { id: 'trend-h' }, s.trend), h('p', { class: 'hint' }, s.trendHint)),
    report.months.length
      ? [h('div', { class: 'chart-box' }, canvas),
        h('details', { class: 'trend-data' }, h('summary', null, s.trendTable), h('div', { class: 'table-wrap' }, trendTable(report, s, state.lang)))]
      : h('p', { class: 'hint' }, s.noMonths));
  if (report.months.length) drawTrend(canvas, report, s);
}

function renderDownloads(s) {
  const r = state.report;
  const name = `iso20000-${r.edition}-${r.lang}`;
  return h('div', { class: 'downloads', role: 'group', 'aria-label': s.downloads },
    h('span', { class: 'muted' }, `${s.downloads}:`),
    h('button', {
      type: 'button', class: 'button secondary small', id: 'download-report',
      onclick: () => download(`${JSON.stringify(state.report, null, 2)}\n`, `${name}-report.json`, 'application/json'),
    }, s.downloadReport),
    h('button', {
      type: 'button', class: 'button secondary small', id: 'download-findings',
      onclick: () => download(findingsCsv(state.report, { bom: true }), `${name}-findings.csv`, 'text/csv;charset=utf-8'),
    }, s.downloadFindings));
}

function renderFooter() {
  const s = t();
  const info = clauseInfo(state.edition);
  fill($('#footer'),
    h('h2', { class: 'footer-h' }, s.notice),
    h('p', { id: 'notice' }, info.notice[state.lang]),
    h('p', { class: 'muted' }, s.engine(version())));
}

function render() {
  const report = state.report;
  const s = t();
  renderFooter();
  renderError();
  renderStatus();
  if (!report) {
    fill($('#summary'), h('p', { class: 'hint' }, s.noData));
    return;
  }
  const ctx = context();
  renderSummary($('#summary'), report, ctx);
  $('#summary .section-head')?.append(renderDownloads(s));
  if (report.records.evaluated > 0 && report.records.inWindow === 0) {
    $('#summary').append(h('p', { class: 'callout', role: 'note' }, s.errorNoRecords));
  }
  renderMatrix($('#matrix'), report, ctx);
  renderProcesses($('#processes'), report, ctx);
  renderTrend($('#trend'), report, s);
  renderChecks($('#checks'), report, ctx);
  renderRejected($('#rejected'), report, ctx);
  renderDetails($('#details'), report, ctx);
}

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

/** Rebuilds the report from the merged partial with the chosen edition and language. */
function rebuild() {
  if (!state.partial) return render();
  const session = engine.session({ ...state.runOptions, edition: state.edition, lang: state.lang });
  try {
    session.merge(state.partial);
    state.report = session.finish();
  } finally {
    session.free();
  }
  render();
}

function setBusy(busy) {
  $('#busy').hidden = !busy;
  document.body.dataset.busy = String(busy);
  document.body.classList.toggle('is-busy', busy);
  for (const el of $$('#apply, #whole, #evaluate-paste')) el.disabled = busy;
  if (!busy) {
    $('#progress').removeAttribute('value');
    $('#progress-text').textContent = '';
  }
}

function showProgress({ done, total, workers }) {
  const bar = $('#progress');
  const s = t();
  if (total === null) {
    bar.removeAttribute('value');
    $('#progress-text').textContent = s.progressUnknown(workers);
  } else {
    bar.max = Math.max(total, 1);
    bar.value = done;
    const percent = total ? Math.floor((done * 100) / total) : 100;
    $('#progress-text').textContent = s.progress(num(done, state.lang), num(total, state.lang), percent);
    bar.setAttribute('aria-valuetext', `${percent} %`);
  }
}

async function evaluate(input) {
  const mine = ++run;
  pool.cancel();
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
  setBusy(true);
  setStatus((s) => s.reading);
  $('#progress').removeAttribute('value');
  $('#progress-text').textContent = t().reading;
  let text;
  try {
    text = input.text ?? (await input.file.text());
    if (mine !== run) return;
    setStatus((s) => s.starting(pool.size));
    let announced = false;
    let rejoining = false;
    const result = await pool.run(text, options, (p) => {
      if (!announced && p.done > 0) {
        announced = true;
        setStatus((s) => s.evaluating(input.kind === 'file' ? input.name : s[input.name], p.workers));
      }
      if (p.rejoining && !rejoining) {
        rejoining = true;
        setStatus((s) => s.rejoining(num(p.rejoining, state.lang)));
      }
      showProgress(p);
    });
    if (mine !== run) return;
    $('#progress-text').textContent = t().merging;
    const merged = engine.session(options);
    let partial;
    try {
      for (const p of result.partials) merged.merge(p);
      partial = merged.partial();
    } finally {
      merged.free();
    }
    Object.assign(state, { input, runOptions: options, partial });
    rebuild();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const records = state.report.records.in;
    setStatus((s) => s.evaluated(num(records, state.lang), seconds, result.workers) + (result.rejoined ? ` ${s.rejoined(num(result.rejoined, state.lang))}` : ''));
    Object.assign(document.body.dataset, { evaluatedMs: String(Math.round(performance.now() - started)), runs: String(++completed) });
  } catch (err) {
    if (mine !== run || err instanceof Cancelled) return;
    setStatus(null);
    if (err.code === 'E_SOURCE_UNKNOWN' && text !== undefined && !input.mapping && offerMapping(input, text)) return;
    showError(err);
  } finally {
    if (mine === run) setBusy(false);
  }
}

/** A CSV no adapter reads: propose a mapping beside its first rows (mapping.js). */
function offerMapping(input, text) {
  try {
    showMapping({
      text,
      name: input.kind === 'file' ? input.name : t()[input.name],
      lang: state.lang,
      onEvaluate: (mapping) => evaluate({ ...input, text, mapping }),
      onCancel: hideMapping,
    });
    return true;
  } catch {
    return false; // not a readable CSV after all: the engine's error is shown
  }
}

function cancel() {
  run++;
  pool.cancel();
  setBusy(false);
  setStatus((s) => s.cancelled);
}

function loadFile(file) {
  if (!state.windowTouched) {
    $('#from').value = '';
    $('#to').value = '';
  }
  evaluate({ kind: 'file', name: file.name, file });
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
  $('#progress-text').textContent = t().reading;
  try {
    const res = await fetch(url);
    if (!res.ok) throw Object.assign(new Error(`${res.status} ${res.statusText}: ${url.pathname}`), { code: 'E_FETCH' });
    const text = await res.text();
    if (mine !== run) return;
    await evaluate({ kind: 'demo', name, text });
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
    evaluate({ kind: 'paste', name: 'datasetPaste', text });
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
  render();
  await loadDemo();
  document.body.dataset.ready = 'true';
}

main().catch((err) => showError(err));
