// The "Saved runs" panel: save the run shown (a compact snapshot, snapshot-data.js, made in a
// worker from the report's text), list, rename, delete, export and import runs (run-file.js),
// compare two runs (compare.js) and follow every clause and check across the saved runs. The saved
// runs are the management-review report's `history` and can be the work list's earlier run.
//
// Every value shown comes from stored or imported data and goes into the page as text nodes
// (dom.js `h`), never as markup.
import { catalog } from 'iso20000';
import { $, download, fill, h, num } from './dom.js';
import { chronological, compareRuns, passShare, trendRows } from './compare.js';
import { readRunFile, runFileName, runFileText } from './run-file.js';
import { addRun, deleteRun, listRuns, renameRun } from './run-store.js';
import { contentKey, hasQualityProblems, PHASES, qualityOf, snapshotBytes } from './snapshot-data.js';
import { runTexts } from './snapshots-i18n.js';
import { sparkline } from './sparkline.js';
import './snapshots.css';

const DIRECTION_CLASS = { improved: 'dir-improved', worse: 'dir-worse', changed: 'dir-changed' };

/**
 * Mounts the panel after `after` (an element of the page).
 * @param {{after: Element, current: () => {reportText: string | null, report: object | null, name: string | null, lang: string}}} options
 *   `current()`: the report shown (its JSON text and its view), its data set's name and the UI language
 */
export function mountSnapshots({ after, current }) {
  const section = h('section', { id: 'runs', class: 'panel runs', 'aria-labelledby': 'runs-h' });
  after.after(section);

  const state = {
    runs: [],
    loaded: false,
    /** The snapshot of the report shown, made when it is saved: {text, snapshot, ready}. */
    shown: null,
    /** The content key of the report shown (which saved run it is), and the report it is of. */
    shownKey: null,
    keyOf: null,
    /** The name field: the data set's name, until the user types one (a new data set resets it). */
    name: '',
    nameFor: null,
    status: null, // (t) => text
    error: null, // (t) => [title, items]
    editing: null,
    confirming: null,
    pair: [null, null],
  };

  // ------------------------------------------------------------------------------------------
  // The snapshot worker

  let worker = null;
  let jobs = 0;
  const waiting = new Map();
  function snapshotOf(reportText) {
    worker ??= new Worker(new URL('./snapshot-worker.js', import.meta.url), { type: 'module', name: 'snapshot' });
    worker.onmessage = ({ data }) => {
      const done = waiting.get(data.id);
      waiting.delete(data.id);
      if (data.error) done?.reject(Object.assign(new Error(data.error.message), { code: data.error.code }));
      else done?.resolve(data);
    };
    const id = ++jobs;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, reportText });
    });
  }

  /** The snapshot of the report shown now (made once per report text, when first saved). */
  function shownSnapshot() {
    const { reportText } = current();
    if (!reportText) return null;
    if (state.shown?.text !== reportText) {
      const entry = { text: reportText, snapshot: null, bytes: 0 };
      entry.ready = snapshotOf(reportText).then((r) => {
        Object.assign(entry, { snapshot: r.snapshot, bytes: r.bytes });
        return entry;
      });
      state.shown = entry;
    }
    return state.shown;
  }

  // ------------------------------------------------------------------------------------------
  // Storage

  async function reload() {
    try {
      state.runs = await listRuns();
      state.loaded = true;
    } catch (err) {
      state.error = (t) => [t.storeFailed(String(err?.message ?? err)), []];
    }
    const ordered = chronological(state.runs);
    const ids = new Set(ordered.map((r) => r.id));
    if (!ids.has(state.pair[0]) || !ids.has(state.pair[1]) || state.pair[0] === state.pair[1]) {
      state.pair = ordered.length >= 2 ? [ordered.at(-2).id, ordered.at(-1).id] : [null, null];
    }
    render();
    document.body.dataset.savedRuns = String(state.runs.length);
  }

  async function guarded(work) {
    state.error = null;
    try {
      await work();
    } catch (err) {
      state.error = (t) => [t.storeFailed(String(err?.message ?? err)), []];
    }
    await reload();
  }

  async function save() {
    const entry = shownSnapshot();
    if (!entry) return;
    state.status = (t) => t.saving;
    render();
    await guarded(async () => {
      await entry.ready;
      const name = (state.name.trim() || current().name || 'run').slice(0, 200);
      const savedAt = new Date().toISOString();
      const snapshot = { ...entry.snapshot, at: savedAt, name };
      const bytes = snapshotBytes(snapshot);
      await addRun({ name, savedAt, bytes, snapshot });
      state.status = (t) => t.saved(name, t.kB(kb(bytes)));
    });
  }

  async function importFile(file) {
    const result = readRunFile(file.size > 5 * 1024 * 1024 ? '' : await file.text(), file.size);
    if (!result.ok) {
      state.status = null;
      state.error = (t) => [t.badFile(file.name), result.problems.map((p) => t.problem[p.code]?.(p) ?? p.code)];
      render();
      document.body.dataset.importErrors = String(Number(document.body.dataset.importErrors ?? 0) + 1);
      return;
    }
    const { run } = result;
    await guarded(async () => {
      await addRun({ name: run.name, savedAt: run.savedAt, bytes: snapshotBytes(run.snapshot), snapshot: run.snapshot });
      state.status = (t) => t.imported(run.name);
    });
  }

  // ------------------------------------------------------------------------------------------
  // Rendering

  const kb = (bytes) => (Math.round(bytes / 100) / 10).toFixed(1);
  const runName = (id) => state.runs.find((r) => r.id === id)?.name ?? '';

  function qualityList(snapshot, t) {
    const q = snapshot.quality ?? {};
    const items = [];
    if (q.rejected) items.push(t.quality.rejected(q.rejected));
    if (q.limited?.length) items.push(t.quality.limited(q.limited.length));
    if (q.alerts) items.push(t.quality.alerts(q.alerts));
    if (q.unreadable) items.push(t.quality.unreadable(q.unreadable));
    return items;
  }

  function listTable(t, lang) {
    const { shownKey } = state;
    const findings = (s) => Object.values(s.summary?.findingsBySeverity ?? {}).reduce((a, b) => a + b, 0);
    return h('div', { class: 'table-wrap' }, h('table', { id: 'runs-list', class: 'runs-list' },
      h('thead', null, h('tr', null, [t.name, t.savedOn, t.data, t.records, t.findings, t.size, t.actions].map((c, i) =>
        h('th', { scope: 'col', class: i >= 3 && i <= 5 ? 'num' : null }, c)))),
      h('tbody', null, chronological(state.runs).map((run) => {
        const s = run.snapshot;
        const problems = qualityList(s, t);
        const editing = state.editing === run.id;
        const nameCell = editing
          ? h('form', { class: 'rename', onsubmit: (e) => {
            e.preventDefault();
            const value = e.currentTarget.elements.namedItem('name').value.trim();
            state.editing = null;
            if (value) guarded(() => renameRun(run.id, value.slice(0, 200)));
            else render();
          } },
          h('input', { name: 'name', value: run.name, 'aria-label': t.renameTo(run.name), maxlength: 200, required: true }),
          h('button', { type: 'submit', class: 'button small' }, t.ok),
          h('button', { type: 'button', class: 'button secondary small', onclick: () => { state.editing = null; render(); } }, t.cancel))
          : [h('span', { class: 'run-name' }, run.name),
            s.key && s.key === shownKey ? h('span', { class: 'badge shown' }, t.shownNow) : null,
            problems.length ? h('span', { class: 'run-quality', role: 'note' }, `⚠ ${problems.join(' · ')}`) : null];
        return h('tr', { dataset: { runId: run.id, quality: problems.length ? 'problems' : 'ok' } },
          h('td', { class: 'name-cell' }, nameCell),
          h('td', null, h('time', { datetime: run.savedAt }, run.savedAt.slice(0, 16).replace('T', ' '))),
          h('td', { class: 'muted' }, `${s.edition} · ${t.asOf((s.window?.asOf ?? '').slice(0, 10))}`),
          h('td', { class: 'num' }, num(s.records?.evaluated ?? 0, lang)),
          h('td', { class: 'num' }, num(findings(s), lang)),
          h('td', { class: 'num', dataset: { bytes: run.bytes } }, t.kB(kb(run.bytes))),
          h('td', { class: 'actions' },
            h('button', { type: 'button', class: 'button secondary small', dataset: { action: 'rename' }, onclick: () => { state.editing = run.id; state.confirming = null; render(); $('#runs-list form.rename input')?.focus(); } }, t.rename),
            h('button', { type: 'button', class: 'button secondary small', dataset: { action: 'export' }, onclick: () => download(runFileText(run), runFileName(run), 'application/json') }, t.exportRun),
            h('button', {
              type: 'button', class: `button small ${state.confirming === run.id ? 'danger' : 'secondary'}`, dataset: { action: 'delete' },
              onclick: () => {
                if (state.confirming !== run.id) {
                  state.confirming = run.id;
                  return render();
                }
                state.confirming = null;
                guarded(async () => {
                  await deleteRun(run.id);
                  state.status = (tt) => tt.removed(run.name);
                });
              },
            }, state.confirming === run.id ? t.confirmRemove : t.remove)));
      }))));
  }

  function clauseTitles(edition, lang) {
    try {
      const info = catalog.clauses({ edition });
      return new Map(info.clauses.map((c) => [c.id, c.title?.[lang] ?? c.title?.en ?? '']));
    } catch {
      return new Map();
    }
  }

  function checkTitles() {
    return new Map((current().report?.checks ?? []).map((c) => [c.id, c.title]));
  }

  const arrow = (a, b) => `${a} → ${b}`;
  const fmtRate = (v) => (v === null || v === undefined ? '–' : `${Math.round(v * 10) / 10} %`);
  const signed = (d, lang) => (d > 0 ? `+${num(d, lang)}` : num(d, lang));

  function stageCell(x, t) {
    if (!x) return t.absent;
    return `${t.stages[x.stage] ?? x.stage} · ${PHASES.map((p) => (x.ratings?.[p] && x.ratings[p] !== 'none' ? x.ratings[p] : '–')).join(' ')}`;
  }

  function changeCell(row, t) {
    return h('td', { class: `dir ${DIRECTION_CLASS[row.direction] ?? ''}`, dataset: { direction: row.direction } }, t.directions[row.direction]);
  }

  function changeTable(kind, result, head, cells, t) {
    const { rows, tally } = result;
    return h('div', { class: 'compare-part', dataset: { kind } },
      h('h4', null, `${t[kind]}: `, h('span', { class: 'tally', dataset: { improved: tally.improved, worse: tally.worse, changed: tally.changed, unchanged: tally.unchanged } }, t.tally(tally))),
      rows.length
        ? h('div', { class: 'table-wrap scroll-y' }, h('table', { class: `compare-table compare-${kind}` },
          h('thead', null, h('tr', null, [...head, t.change].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', null, rows.map((r) => h('tr', { dataset: { id: r.id, direction: r.direction } }, ...cells(r).map((c) => h('td', null, c)), changeCell(r, t))))))
        : h('p', { class: 'hint' }, t.nothingChanged));
  }

  function comparison(t, lang) {
    const [a, b] = state.pair.map((id) => state.runs.find((r) => r.id === id));
    if (!a || !b) return h('p', { class: 'hint' }, t.needTwo);
    if (a.id === b.id) return h('p', { class: 'hint' }, t.sameRun);
    const result = compareRuns(a.snapshot, b.snapshot);
    const clauses = clauseTitles(b.snapshot.edition, lang);
    const checks = checkTitles();
    const notes = [a, b].filter((r) => hasQualityProblems(r.snapshot))
      .map((r) => h('p', { class: 'callout', role: 'note', dataset: { run: r.id } }, `⚠ ${t.qualityIn(r.name, qualityList(r.snapshot, t).join(' · '))}`));
    const previous = a.snapshot;
    return h('div', { id: 'compare-result', dataset: { earlier: a.id, later: b.id } },
      h('p', { class: 'compare-title' }, h('strong', null, t.comparing(a.name, b.name))),
      notes,
      h('p', { class: 'hint' }, t.compareHint),
      result.sameEdition
        ? changeTable('clauses', result.clauses, [t.clause, t.stageRatings, t.findings, t.failingOutcomes], (r) => [
          [h('code', null, r.id), ' ', clauses.get(r.id) ?? ''],
          arrow(stageCell(r.before, t), stageCell(r.after, t)),
          [arrow(num(r.before?.findings ?? 0, lang), num(r.after?.findings ?? 0, lang)), r.dFindings ? h('small', null, ` (${signed(r.dFindings, lang)})`) : null],
          [arrow(num(r.before?.failed ?? 0, lang), num(r.after?.failed ?? 0, lang)), r.dFailed ? h('small', null, ` (${signed(r.dFailed, lang)})`) : null],
        ], t)
        : h('p', { class: 'callout', role: 'note' }, t.otherEdition),
      changeTable('checks', result.checks, [t.check, t.failingRecords, t.passRate], (r) => [
        [h('code', null, r.id), checks.get(r.id) ? ` ${checks.get(r.id)}` : ''],
        [arrow(r.before ? num(r.before.failed, lang) : '–', r.after ? num(r.after.failed, lang) : '–'), r.dFailed ? h('small', null, ` (${signed(r.dFailed, lang)})`) : null],
        arrow(fmtRate(r.rateBefore), fmtRate(r.rateAfter)),
      ], t),
      changeTable('services', result.services, [t.service, t.stageRatings, t.passShare, t.failingOutcomes], (r) => [
        r.name,
        arrow(stageCell(r.before, t), stageCell(r.after, t)),
        arrow(fmtRate(passShare(r.before)), fmtRate(passShare(r.after))),
        [arrow(num(r.before?.failed ?? 0, lang), num(r.after?.failed ?? 0, lang)), r.dFailed ? h('small', null, ` (${signed(r.dFailed, lang)})`) : null],
      ], t),
      h('button', {
        type: 'button', class: 'button secondary small', id: 'worklist-previous',
        onclick: () => {
          // The work list (worklist.js) trends its ranking against an earlier run's clause-level findings.
          document.dispatchEvent(new CustomEvent('iso20000:previous', { detail: previous }));
          state.status = (tt) => tt.worklistSet(a.name);
          render();
        },
      }, t.useForWorklist));
  }

  function compareControls(t) {
    const ordered = chronological(state.runs);
    const select = (id, which) => h('label', null, h('span', null, which === 0 ? t.earlier : t.later), ' ',
      h('select', {
        id, onchange: (e) => {
          state.pair[which] = Number(e.currentTarget.value);
          render();
        },
      }, ordered.map((r) => {
        const o = h('option', { value: r.id }, `${r.name} — ${r.savedAt.slice(0, 10)}`);
        o.selected = state.pair[which] === r.id;
        return o;
      })));
    return h('div', { class: 'compare-controls row' }, select('compare-earlier', 0), select('compare-later', 1));
  }

  /** A pass-rate line's scale: its own range, at least 2 points wide, within 0–100 %. */
  function rateScale(rates) {
    const known = rates.filter((v) => v !== null);
    if (!known.length) return {};
    const lo = Math.max(0, Math.min(...known) - 1);
    return { min: lo, max: Math.min(100, Math.max(Math.max(...known) + 1, lo + 2)) };
  }

  function trend(t, lang) {
    const runs = chronological(state.runs);
    if (!runs.length) return h('p', { class: 'hint' }, t.trendNeedRuns);
    const { edition, clauses, checks } = trendRows(runs);
    const clauseTitle = clauseTitles(edition, lang);
    const checkTitle = checkTitles();
    const values = (list, fmt) => list.map((v) => (v === null ? '–' : fmt(v))).join(' → ');
    const head = h('thead', null, h('tr', null, h('th', { scope: 'col' }, ''), h('th', { scope: 'col' }, ''),
      h('th', { scope: 'col' }, runs.map((r, i) => [i ? ' → ' : '', h('span', { class: 'run-label' }, r.name)]))));
    return h('div', { id: 'runs-trend', dataset: { runs: runs.length } },
      h('p', { class: 'hint' }, t.trendHint),
      h('h4', null, t.trendClauses),
      h('div', { class: 'table-wrap scroll-y' }, h('table', { class: 'trend-table trend-clauses' }, head.cloneNode(true),
        h('tbody', null, clauses.map((c) => h('tr', { dataset: { id: c.id } },
          h('th', { scope: 'row' }, h('code', null, c.id), ' ', clauseTitle.get(c.id) ?? ''),
          h('td', null, sparkline(c.rates, { label: t.sparkAria(c.id, values(c.rates, fmtRate)), ...rateScale(c.rates) })),
          h('td', { class: 'values' }, h('span', { class: 'rates' }, values(c.rates, fmtRate)), ' · ',
            h('span', { class: 'findings' }, `${t.findings} ${values(c.findings, (v) => num(v, lang))}`))))))),
      h('h4', null, t.trendChecks),
      h('div', { class: 'table-wrap scroll-y' }, h('table', { class: 'trend-table trend-checks' }, head.cloneNode(true),
        h('tbody', null, checks.map((c) => h('tr', { dataset: { id: c.id } },
          h('th', { scope: 'row' }, h('code', null, c.id), checkTitle.get(c.id) ? ` ${checkTitle.get(c.id)}` : ''),
          h('td', null, sparkline(c.failed, { label: t.sparkAria(c.id, values(c.failed, (v) => num(v, lang))) })),
          h('td', { class: 'values' }, h('span', { class: 'failed' }, values(c.failed, (v) => num(v, lang))), ' · ',
            h('span', { class: 'rates' }, values(c.rates, fmtRate)))))))));
  }

  function render() {
    const { lang, reportText, name } = current();
    const t = runTexts(lang);
    if (name && state.nameFor !== name) {
      state.name = name;
      state.nameFor = name;
    }
    const error = state.error?.(t);
    const nameInput = h('input', {
      id: 'run-name', value: state.name, maxlength: 200,
      oninput: (e) => {
        state.name = e.currentTarget.value;
      },
    });
    const fileInput = h('input', { id: 'import-run', type: 'file', accept: '.json,application/json', class: 'visually-hidden' });
    fileInput.addEventListener('change', (e) => {
      const file = e.target.files?.[0];
      e.target.value = '';
      if (file) importFile(file);
    });
    const quality = current().report ? { quality: qualityOf(current().report) } : null;
    const trendBox = h('div', { class: 'trend-box' });
    // A render while the name is being typed keeps the caret where it was.
    const typing = document.activeElement?.id === 'run-name' ? document.activeElement.selectionStart : null;
    fill(section,
      h('div', { class: 'section-head' }, h('h2', { id: 'runs-h' }, t.title), h('p', { class: 'hint' }, t.hint)),
      h('form', {
        class: 'runs-save row', onsubmit: (e) => {
          e.preventDefault();
          save();
        },
      },
      h('label', null, h('span', null, t.name), ' ', nameInput),
      h('button', { type: 'submit', id: 'save-run', class: 'button', disabled: !reportText }, t.save),
      h('label', { class: 'button secondary' }, fileInput, h('span', null, t.importRun)),
      quality && hasQualityProblems(quality) ? h('p', { class: 'run-quality', role: 'note' }, `⚠ ${t.qualityNote} ${qualityList(quality, t).join(' · ')}`) : null),
      !reportText ? h('p', { class: 'hint' }, t.noReport) : null,
      h('p', { id: 'runs-status', class: 'status', role: 'status' }, state.status?.(t) ?? ''),
      error ? h('div', { id: 'runs-error', class: 'panel error', role: 'alert' }, h('strong', null, error[0]), error[1].length ? h('ul', null, error[1].map((m) => h('li', null, m))) : null) : null,
      state.runs.length ? listTable(t, lang) : h('p', { class: 'hint', id: 'runs-empty' }, t.noRuns),
      h('h3', { id: 'compare-h' }, t.compare),
      state.runs.length >= 2 ? [compareControls(t), comparison(t, lang)] : h('p', { class: 'hint' }, t.needTwo),
      h('h3', { id: 'runs-trend-h' }, t.trend),
      trendBox);
    section.dataset.ready = String(state.loaded);
    if (typing !== null) {
      nameInput.focus();
      nameInput.setSelectionRange(typing, typing);
    }
    // The trend's rows (a sparkline per clause and check) in a task of their own: the page's
    // tasks stay short however many runs are saved.
    const mine = ++renders;
    setTimeout(() => {
      if (mine === renders) fill(trendBox, trend(t, lang));
    }, 0);
  }

  let renders = 0;
  let scheduled = false;
  /** A render in a task of its own, once however often it is asked for before it runs. */
  function renderSoon() {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      render();
    }, 0);
  }

  reload();

  return {
    /** The report shown or the language changed: render again (the snapshot follows the report). */
    update() {
      // Which saved run is the one shown: its content key, from the page's view of the report
      // (the snapshot itself is made only when the run is saved).
      const { report } = current();
      if (report !== state.keyOf) {
        state.keyOf = report;
        state.shownKey = null;
        if (report) {
          contentKey(report).then((key) => {
            if (state.keyOf !== report) return;
            state.shownKey = key;
            renderSoon();
          }, () => {});
        }
      }
      renderSoon();
    },
    /**
     * The saved runs as the review's `history`: their snapshots under the names they have now,
     * without the run shown (the review adds that one as "this run").
     */
    history() {
      const key = state.shownKey;
      return state.runs.filter((r) => !key || r.snapshot.key !== key).map((r) => ({ ...r.snapshot, name: r.name }));
    },
  };
}
