// The report's views: summary, PDCA heatmap, processes, details (drill-down), checks, rejected
// records, trend table. Each renders from the report and a context:
//   { t: UI strings, lang, edition, selection, select(selection), crosswalk(id), clause(id),
//     caseFor(checkId, caseId) }
import { day, fill, h, keepDates, num, pathText, pct } from './dom.js';
import { TOOLS } from './i18n.js';
import { monthRate } from './trend.js';

export const PHASES = ['plan', 'do', 'check', 'act'];
const RATINGS = ['F', 'L', 'P', 'N', 'none'];
const SEVERITIES = ['major_nonconformity', 'minor_nonconformity', 'observation', 'opportunity_for_improvement'];
export const SEVERITY_CLASS = {
  major_nonconformity: 'sev-major', minor_nonconformity: 'sev-minor', observation: 'sev-obs', opportunity_for_improvement: 'sev-ofi',
};
const RELATION_MARK = { equal: '=', subset: '⊂', superset: '⊃', intersect: '∩' };

const heading = (id, text, level = 'h2') => h(level, { id }, text);

function ratingBadge(rating, t, score) {
  const letter = rating === 'none' ? '·' : rating;
  return h('span', { class: `badge r-${rating}`, title: t.ratings[rating] }, letter,
    score !== undefined ? h('span', { class: 'badge-score' }, ` ${pct(score)} %`) : null);
}

/**
 * Arrow keys, Home and End move the focus between the cells of a grid of buttons (roving
 * tabindex). The cells are looked up on each key: rows may be appended after this is set up.
 */
function gridKeys(table, selector) {
  const first = table.querySelector(selector);
  if (!first) return;
  const columns = PHASES.length;
  if (!table.querySelector(`${selector}[tabindex="0"]`)) first.tabIndex = 0;
  table.addEventListener('keydown', (e) => {
    const cells = [...table.querySelectorAll(selector)];
    const i = cells.indexOf(document.activeElement);
    if (i < 0) return;
    const moves = {
      ArrowRight: i + 1, ArrowLeft: i - 1, ArrowDown: i + columns, ArrowUp: i - columns,
      Home: i - (i % columns), End: i - (i % columns) + columns - 1,
    };
    if (!(e.key in moves)) return;
    const j = moves[e.key];
    if (j < 0 || j >= cells.length) return;
    e.preventDefault();
    cells[i].tabIndex = -1;
    cells[j].tabIndex = 0;
    cells[j].focus();
  });
}

// ---------------------------------------------------------------------------------------------
// Summary

export function renderSummary(el, report, ctx) {
  const { t, lang } = ctx;
  const r = report.records;
  const n = (v) => num(v, lang);
  const s = report.summary;
  const balanced = r.in === r.evaluated + r.rejected;
  const weakest = report.clauses
    .filter((c) => c.depth >= 2)
    .flatMap((c) => PHASES.map((p) => ({ c, p, cell: c.phases[p] })))
    .filter(({ cell }) => cell.rating === 'N' || cell.rating === 'P')
    .sort((a, b) => a.cell.score - b.cell.score || b.cell.failed - a.cell.failed)
    .slice(0, 6);
  const severities = s.recordsFailingBySeverity ?? {};
  const findings = s.findingsBySeverity ?? {};
  const table = (caption, rows, keyLabel) =>
    h('table', { class: 'mini' },
      h('caption', null, caption),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, keyLabel), h('th', { scope: 'col', class: 'num' }, t.count))),
      h('tbody', null, rows.map(([k, v]) => h('tr', null, h('th', { scope: 'row' }, k), h('td', { class: 'num' }, n(v))))));
  // Data quality first: a run that lost records, could not read fields or was stopped by a
  // limit says so above everything else, and never under a green tick.
  const alerts = report.quality?.alerts ?? [];
  const level = alerts.some((a) => a.level === 'red') ? 'red' : alerts.length ? 'amber' : null;
  const clean = balanced && r.rejected === 0 && !level;
  fill(el,
    level ? h('div', { class: `quality-banner ${level}`, id: 'quality-banner', role: 'alert', dataset: { level } },
      h('strong', null, level === 'red' ? t.qualityRed : t.qualityAmber),
      h('ul', null, alerts.map((a) => h('li', { dataset: { code: a.code, level: a.level } }, a.message))),
      report.quality.rejected.length
        ? h('details', { class: 'quality-reasons' },
          h('summary', null, t.qualityReasons(n(report.records.rejected))),
          h('ul', null, report.quality.rejected.slice(0, 10).map((q) =>
            h('li', null, `${n(q.count)} × ${q.message}`, q.fix ? h('div', { class: 'hint' }, q.fix) : null))))
        : null) : null,
    h('div', { class: 'section-head' },
      h('h2', { id: 'summary-h' }, t.summary, ctx.dataset ? h('span', { class: 'dataset', id: 'dataset-name' }, ctx.dataset) : null)),
    h('div', { class: 'cards' },
      h('div', { class: 'card' },
        h('div', { class: 'card-label' }, t.recordsIn),
        h('div', { class: 'card-value', id: 'count-in' }, n(r.in)),
        h('dl', { class: 'counts' },
          h('div', null, h('dt', null, t.recordsEvaluated), h('dd', { id: 'count-evaluated' }, n(r.evaluated))),
          h('div', null, h('dt', null, t.recordsRejected), h('dd', { id: 'count-rejected', class: r.rejected ? 'bad' : null },
            r.rejected ? h('a', { href: '#rejected' }, n(r.rejected)) : n(r.rejected))),
          h('div', null, h('dt', null, t.recordsInWindow), h('dd', { id: 'count-in-window' }, n(r.inWindow)))),
        h('div', { class: `card-note ${clean ? 'ok' : 'bad'}`, id: 'counts-note' }, `${clean ? '✓' : '⚠'} ${t.countsCheck(balanced)}`,
          r.joined ? ` · ${t.recordsJoined(n(r.joined))}` : null)),
      h('div', { class: 'card' },
        h('div', { class: 'card-label' }, t.cyclesClauses),
        h('div', { class: 'card-value', id: 'cycles-clauses' }, n(s.clausesCycleComplete), h('span', { class: 'card-of' }, ` / ${n(s.clausesWithEvidence)}`)),
        h('div', { class: 'card-note' }, t.ofEvidenced(n(s.clausesWithEvidence)))),
      h('div', { class: 'card' },
        h('div', { class: 'card-label' }, t.cyclesProcesses),
        h('div', { class: 'card-value', id: 'cycles-processes' }, n(s.processesCycleComplete), h('span', { class: 'card-of' }, ` / ${n(report.processes.length)}`)),
        h('div', { class: 'card-note' }, t.ofProcesses(n(report.processes.length)))),
      h('div', { class: 'card' },
        h('div', { class: 'card-label' }, t.failuresBySeverity),
        h('ul', { class: 'sev-list' }, SEVERITIES.map((k) =>
          h('li', null, h('span', { class: `dot ${SEVERITY_CLASS[k]}`, 'aria-hidden': 'true' }), h('span', null, t.severities[k]),
            h('strong', { class: 'num' }, n(severities[k] ?? 0))))),
        h('div', { class: 'card-note', id: 'clause-findings-note' },
          t.clauseFindingsNote(n(Object.values(findings).reduce((a, b) => a + b, 0)), n(findings.major_nonconformity ?? 0)))),
      h('div', { class: 'card' },
        h('div', { class: 'card-label' }, t.windowLabel),
        h('div', { class: 'card-window', id: 'window-text' }, keepDates(t.windowText({ from: day(report.window.from), to: day(report.window.to) }))),
        h('div', { class: 'card-note' }, keepDates(t.asOf(day(report.window.asOf)))))),
    h('div', { class: 'summary-more' },
      h('div', { class: 'weakest' },
        h('h3', null, t.weakest),
        weakest.length
          ? h('ul', null, weakest.map(({ c, p, cell }) =>
            h('li', null, h('button', {
              type: 'button', class: 'link', onclick: () => ctx.select({ type: 'cell', clause: c.id, phase: p }),
            }, ratingBadge(cell.rating, t, cell.score), ' ', h('strong', null, c.id), ` ${c.title} — ${t.phases[p]}`))))
          : h('p', { class: 'hint' }, t.weakestNone)),
      h('details', { class: 'breakdown' },
        h('summary', null, `${t.byKind} · ${t.bySource}`),
        h('div', { class: 'mini-tables' },
          table(t.byKind, Object.entries(r.byKind ?? {}).sort((a, b) => b[1] - a[1]).map(([k, v]) => [t.kinds[k] ?? k, v]), t.kind),
          table(t.bySource, Object.entries(r.bySource ?? {}).sort((a, b) => b[1] - a[1]).map(([k, v]) => [TOOLS[k] ?? k, v]), t.tool)))),
  );
}

// ---------------------------------------------------------------------------------------------
// The PDCA heatmap

function legend(report, t) {
  return h('div', { class: 'legend', role: 'group', 'aria-label': t.legend },
    h('ul', null, RATINGS.map((r) =>
      h('li', { dataset: { rating: r } }, h('span', { class: `swatch r-${r}`, 'aria-hidden': 'true' }, r === 'none' ? '·' : r),
        h('span', null, h('strong', null, t.ratings[r]), ' ', h('span', { class: 'rule' }, t.legendRule(r, report.thresholds)))))),
    h('p', { class: 'hint' }, t.legendNote));
}

function phaseCell(cell, label, t, attrs, selected) {
  const score = cell.score !== undefined ? pct(cell.score) : undefined;
  return h('td', { class: 'cell-td' },
    h('button', {
      type: 'button', class: `cell r-${cell.rating}`, tabindex: selected ? '0' : '-1', 'aria-controls': 'details',
      'aria-current': selected ? 'true' : null,
      title: t.cellTitle(label.phase, cell.rating, score, cell.evidence, cell.checks),
      'aria-label': `${label.row} — ${label.phase}: ${t.ratings[cell.rating]}${score !== undefined ? `, ${score} %` : ''}`,
      dataset: { rating: cell.rating, score: score ?? '', ...attrs },
    }, h('span', { class: 'letter' }, cell.rating === 'none' ? '·' : cell.rating),
    score !== undefined ? h('span', { class: 'score' }, score) : null));
}

function stageCell(row, t) {
  return h('td', { class: 'stage-td' },
    h('span', { class: `stage stage-${row.stage}` }, t.stages[row.stage]),
    row.cycleComplete ? h('span', { class: 'cycle-ok', title: t.cycleComplete, 'aria-label': t.cycleComplete }, ' ✓') : null);
}

function crosswalkCell(clause, ctx) {
  const { t, edition } = ctx;
  // A clause new in 2018 answers with a `new` entry (no 2011 counterpart): it is the badge, not a
  // crosswalk target.
  const hits = ctx.crosswalk(clause.id).filter((x) => x.relation !== 'new');
  const isNew = edition === '2018' && ctx.clause(clause.id)?.newIn2018;
  if (!hits.length) {
    return h('td', { class: 'xw' }, isNew ? h('span', { class: 'new', title: t.newIn2018Title }, t.newIn2018) : null);
  }
  const title = hits.map((x) => `${x.to} ${x.toTitle[ctx.lang]} (${t.relations[x.relation]})`).join('\n');
  return h('td', { class: 'xw', title },
    h('span', { class: 'xw-note', dataset: { crosswalk: hits.map((x) => x.to).join(' ') } },
      '↔ ', hits.map((x) => x.to).join(', ')));
}

/** Rows of the matrix put in at once; the rest follow in batches of this size, one per frame. */
const MATRIX_BATCH = 25;

/**
 * Renders the matrix with its first rows and returns the functions that append the others, a
 * batch each: the caller runs one per frame, so that no frame lays out the whole matrix at once.
 */
export function renderMatrix(el, report, ctx) {
  const { t, edition, selection } = ctx;
  const sel = selection?.type === 'cell' ? selection : null;
  const table = h('table', { class: 'heatmap', 'aria-describedby': 'matrix-hint' },
    h('caption', { class: 'visually-hidden' }, `${t.heatmap} — ${t.standard[edition]}`),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', class: 'clause-col' }, t.clause),
      PHASES.map((p) => h('th', { scope: 'col', class: 'phase-col' }, t.phases[p])),
      h('th', { scope: 'col', class: 'stage-col' }, t.stage),
      h('th', { scope: 'col', class: 'xw-col', title: t.crosswalkTitle(edition) }, `↔ ${t.crosswalk(edition)}`))),
    h('tbody', null));
  const rows = report.clauses.map((c) =>
      h('tr', { class: `depth-${Math.min(c.depth, 4)}`, dataset: { clause: c.id } },
        h('th', { scope: 'row', class: 'clause-name', style: `--depth: ${c.depth - 1}`, title: ctx.clause(c.id)?.summary?.[ctx.lang] ?? null },
          h('div', { class: 'cn' }, h('span', { class: 'cid' }, c.id), h('span', { class: 'ctitle' }, c.title))),
        PHASES.map((p) => phaseCell(c.phases[p], { row: `${c.id} ${c.title}`, phase: t.phases[p] }, t,
          { clause: c.id, phase: p }, sel?.clause === c.id && sel?.phase === p)),
        stageCell(c, t),
        crosswalkCell(c, ctx)));
  const body = table.tBodies[0];
  body.append(...rows.slice(0, MATRIX_BATCH));
  // While the rows come in, the panel keeps the height it had: a short matrix would bring the
  // panels below it near the viewport, and they would be laid out for a frame or two (they are
  // `content-visibility: auto`), thousands of cells for nothing.
  el.style.minHeight = `${el.offsetHeight}px`;
  table.addEventListener('click', (e) => {
    const b = e.target.closest('button.cell');
    if (b) ctx.select({ type: 'cell', clause: b.dataset.clause, phase: b.dataset.phase });
  });
  fill(el,
    h('div', { class: 'section-head' },
      heading('matrix-h', `${t.heatmap} — ${t.standard[edition]}`),
      h('p', { class: 'hint', id: 'matrix-hint' }, t.heatmapHint)),
    legend(report, t),
    h('div', { class: 'table-wrap grid-wrap' }, table));
  gridKeys(table, 'button.cell');
  const more = [];
  for (let i = MATRIX_BATCH; i < rows.length; i += MATRIX_BATCH) more.push(() => body.append(...rows.slice(i, i + MATRIX_BATCH)));
  more.push(() => el.style.removeProperty('min-height'));
  return more;
}

// ---------------------------------------------------------------------------------------------
// Processes

function stageSteps(row, t) {
  const reached = row.stage === 'none' ? 0 : PHASES.indexOf(row.stage) + 1;
  return h('span', { class: 'steps', 'aria-label': `${t.stage}: ${t.stages[row.stage]}` },
    PHASES.map((p, i) => h('span', { class: `step ${i < reached ? 'on' : ''}`, title: t.phases[p], 'aria-hidden': 'true' })));
}

export function renderProcesses(el, report, ctx) {
  const { t, selection } = ctx;
  const sel = selection?.type === 'process' ? selection : null;
  const table = h('table', { class: 'heatmap processes' },
    h('caption', { class: 'visually-hidden' }, t.processes),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', class: 'clause-col' }, t.process),
      PHASES.map((p) => h('th', { scope: 'col', class: 'phase-col' }, t.phases[p])),
      h('th', { scope: 'col', class: 'stage-col' }, t.stage),
      h('th', { scope: 'col', class: 'cycle-col' }, t.cycle),
      h('th', { scope: 'col', class: 'xw-col' }, t.clausesOf))),
    h('tbody', null, report.processes.map((row) =>
      h('tr', { dataset: { process: row.id } },
        h('th', { scope: 'row', class: 'clause-name' }, h('div', { class: 'cn' }, row.name)),
        PHASES.map((p) => phaseCell(row.phases[p], { row: row.name, phase: t.phases[p] }, t, { process: row.id, phase: p },
          sel?.id === row.id && sel?.phase === p)),
        h('td', { class: 'stage-td' }, stageSteps(row, t), ' ', h('span', { class: `stage stage-${row.stage}` }, t.stages[row.stage])),
        h('td', { class: 'cycle-td' }, row.cycleComplete ? h('span', { class: 'cycle-ok' }, `✓ ${t.complete}`) : '—'),
        h('td', { class: 'xw' }, row.clauses.join(', '))))));
  table.addEventListener('click', (e) => {
    const b = e.target.closest('button.cell');
    if (b) ctx.select({ type: 'process', id: b.dataset.process, phase: b.dataset.phase });
  });
  fill(el,
    h('div', { class: 'section-head' }, heading('processes-h', t.processes), h('p', { class: 'hint' }, t.processesHint)),
    h('div', { class: 'table-wrap grid-wrap' }, table));
  gridKeys(table, 'button.cell');
}

// ---------------------------------------------------------------------------------------------
// Details (drill-down)

function examplesList(examples, t, label, nameOf) {
  if (!examples?.length) return null;
  return h('div', { class: 'examples' },
    h('h5', null, label),
    h('ul', null, examples.map((x) => {
      // A configuration item has no number: its name, from the failing records' list.
      const name = x.number ?? nameOf?.(x.id) ?? x.id;
      return h('li', { dataset: { exampleId: x.id } },
        x.url
          ? h('a', { href: x.url, target: '_blank', rel: 'noopener noreferrer', 'aria-label': t.openRecord(name) }, name, h('span', { 'aria-hidden': 'true' }, ' ↗'))
          : h('span', null, name),
        name !== x.id ? h('span', { class: 'muted example-key' }, ` ${x.id}`) : null);
    })));
}

function passBar(rate) {
  const v = Math.max(0, Math.min(100, rate ?? 0));
  return h('span', { class: 'bar', 'aria-hidden': 'true' }, h('span', { class: 'bar-fill', style: `width: ${v}%` }));
}

// The teaching cases the user opened stay open when the view is rebuilt (language, edition).
const openCases = new Set();

/** "Why this matters": the check's teaching case as a disclosure (texts in the UI language). */
export function caseDisclosure(c, t, checkId) {
  if (!c) return null;
  const key = `${checkId} ${c.id}`;
  const box = h('details', { class: 'case', dataset: { case: c.id }, open: openCases.has(key) },
    h('summary', null, t.whyThisMatters),
    h('p', { class: 'case-title' }, h('strong', null, c.title)),
    h('p', { class: 'case-org' }, c.organisation),
    h('h5', null, t.caseHappened), h('p', { class: 'case-happened' }, c.happened),
    h('h5', null, t.caseWhy), h('p', { class: 'case-why' }, c.why),
    h('h5', null, t.caseGood), h('p', { class: 'case-good' }, c.good),
    h('p', { class: 'case-note' }, t.caseNote));
  box.addEventListener('toggle', () => (box.open ? openCases.add(key) : openCases.delete(key)));
  return box;
}

function checkBlock(row, worst, ctx) {
  const { t, lang } = ctx;
  const failed = worst?.failed ?? row?.failed ?? 0;
  const rate = worst?.passRate ?? row?.passRate;
  const id = worst?.check ?? row?.id;
  const severity = row?.severity ?? worst?.severity;
  return h('article', { class: 'check-block', dataset: { check: id } },
    h('h4', null, h('code', null, id), ' ', row?.title ?? ''),
    h('p', { class: 'meta' },
      h('span', { class: `sev ${SEVERITY_CLASS[severity] ?? ''}` }, row?.severityLabel ?? t.severities[severity] ?? severity),
      row?.scope === 'window' ? h('span', { class: 'muted' }, ` · ${t.windowCheck}`) : ` · ${t.failedRecords(num(failed, lang))}`,
      rate !== undefined ? h('span', null, ` · ${t.passRate} ${pct(rate)} %`, passBar(rate)) : null),
    row?.message ? h('p', { class: 'message' }, row.message) : null,
    row?.hint ? h('p', { class: 'fix' }, h('strong', null, `${t.fix}: `), row.hint) : null,
    caseDisclosure(ctx.caseFor?.(id, row?.case ?? worst?.case), t, id),
    examplesList(worst?.examples ?? row?.examples, t, row?.scope === 'window' ? t.evidenceExamples : t.examples, ctx.nameOf),
    row?.scope !== 'window' && failed > 0 && ctx.showRecords && !worst
      ? h('button', { type: 'button', class: 'button secondary small show-records', onclick: () => ctx.showRecords({ check: id }) }, t.showCheckRecords)
      : null);
}

function cellDetails(title, subtitle, cell, ctx, summary, clause = null) {
  const { t, lang } = ctx;
  const checks = new Map(ctx.report.checks.map((c) => [c.id, c]));
  return [
    h('div', { class: 'details-head' },
      h('h3', { id: 'details-title' }, title),
      h('p', { class: 'details-sub' }, subtitle, ' ', ratingBadge(cell.rating, t, cell.score), ' ', h('span', null, t.ratings[cell.rating]))),
    summary ? h('p', { class: 'clause-summary' }, summary) : null,
    cell.rating === 'none'
      ? h('p', { class: 'hint' }, t.noEvidence)
      : [
        h('p', { class: 'muted' }, t.scoreLine(pct(cell.score), num(cell.passed, lang), num(cell.failed, lang))),
        h('p', { class: 'muted' }, t.evidenceLine(num(cell.evidence, lang), num(cell.checks, lang))),
        cell.worst.length
          ? [h('h4', { class: 'sub' }, t.failingChecks), cell.worst.map((w) => checkBlock(checks.get(w.check), w, ctx))]
          : h('p', { class: 'ok' }, `✓ ${t.allPassed}`),
        clause && cell.failed > 0 && ctx.showRecords
          ? h('button', { type: 'button', class: 'button secondary small show-records', id: 'show-clause-records', onclick: () => ctx.showRecords({ clause }) }, t.showClauseRecords)
          : null,
      ],
  ];
}

export function renderDetails(el, report, ctx) {
  const { t, selection } = ctx;
  const close = h('button', { type: 'button', class: 'button secondary small close', onclick: () => ctx.select(null) }, t.close);
  let body = null;
  if (selection?.type === 'cell') {
    const row = report.clauses.find((c) => c.id === selection.clause);
    if (row) {
      body = cellDetails(`${row.id} ${row.title}`, t.phases[selection.phase], row.phases[selection.phase], { ...ctx, report },
        ctx.clause(row.id)?.summary?.[ctx.lang], row.id);
    }
  } else if (selection?.type === 'process') {
    const row = report.processes.find((p) => p.id === selection.id);
    if (row) body = cellDetails(row.name, t.phases[selection.phase], row.phases[selection.phase], { ...ctx, report });
  } else if (selection?.type === 'check') {
    const row = report.checks.find((c) => c.id === selection.id);
    if (row) {
      const clauses = report.edition === '2011' ? row.clauses2011 : row.clauses2018;
      body = [
        h('div', { class: 'details-head' }, h('h3', { id: 'details-title' }, h('code', null, row.id))),
        h('dl', { class: 'facts' },
          [[t.phase, t.phases[row.phase]], [t.clauses, clauses.join(', ')], [t.applicable, num(row.applicable, ctx.lang)],
            [t.passed, num(row.passed, ctx.lang)], [t.failed, num(row.failed, ctx.lang)], [t.notApplicable, num(row.notApplicable, ctx.lang)]]
            .map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v)))),
        checkBlock(row, null, ctx),
      ];
    }
  }
  fill(el,
    h('div', { class: 'section-head' }, heading('details-h', t.details), body ? close : null),
    body ?? h('p', { class: 'hint' }, t.detailsHint));
}

// ---------------------------------------------------------------------------------------------
// Checks

export function renderChecks(el, report, ctx) {
  const { t, lang, selection } = ctx;
  const rows = [...report.checks].sort((a, b) =>
    b.failed - a.failed || (a.passRate ?? 101) - (b.passRate ?? 101) || b.applicable - a.applicable || a.id.localeCompare(b.id));
  const clauseKey = report.edition === '2011' ? 'clauses2011' : 'clauses2018';
  const table = h('table', { class: 'checks-table' },
    h('caption', { class: 'visually-hidden' }, t.checks),
    h('thead', null, h('tr', null,
      [t.check, t.title, t.clauses, t.phase, t.severity, t.failed, t.applicable, t.passRate].map((c, i) =>
        h('th', { scope: 'col', class: i >= 5 ? 'num' : null }, c)))),
    h('tbody', null, rows.map((c) =>
      h('tr', { dataset: { check: c.id }, class: [c.applicable ? '' : 'inapplicable', selection?.type === 'check' && selection.id === c.id ? 'selected' : ''].join(' ').trim() || null },
        h('td', null, h('button', { type: 'button', class: 'link', dataset: { check: c.id }, 'aria-label': `${c.id} ${c.title}` }, h('code', null, c.id))),
        h('td', null, c.title),
        h('td', { class: 'muted' }, c[clauseKey].join(', ')),
        h('td', null, t.phases[c.phase]),
        h('td', null, h('span', { class: `sev ${SEVERITY_CLASS[c.severity]}` }, c.severityLabel)),
        h('td', { class: 'num' }, num(c.failed, lang)),
        h('td', { class: 'num' }, num(c.applicable, lang)),
        h('td', { class: 'num' }, c.passRate !== undefined ? [`${pct(c.passRate)} %`, passBar(c.passRate)] : '–')))));
  table.addEventListener('click', (e) => {
    const row = e.target.closest('tr[data-check]');
    if (row && !e.target.closest('a')) ctx.select({ type: 'check', id: row.dataset.check });
  });
  fill(el,
    h('div', { class: 'section-head' }, heading('checks-h', t.checks), h('p', { class: 'hint' }, t.checksHint)),
    h('div', { class: 'table-wrap scroll' }, table));
}

// ---------------------------------------------------------------------------------------------
// Rejected records and warnings

export function renderRejected(el, report, ctx) {
  const { t, lang } = ctx;
  const rejected = report.rejected ?? [];
  const warnings = report.warnings ?? [];
  el.hidden = rejected.length === 0 && warnings.length === 0;
  if (el.hidden) return fill(el);
  const list = (rows, cols, name) =>
    h('div', { class: 'table-wrap scroll short' }, h('table', { class: `plain ${name}` },
      h('thead', null, h('tr', null, cols.map(([label]) => h('th', { scope: 'col' }, label)))),
      h('tbody', null, rows.map((r) => h('tr', null, cols.map(([, key]) => h('td', { class: key === 'index' ? 'num' : null },
        key === 'path' ? h('code', { class: 'path' }, pathText(r[key])) : key === 'value' ? h('code', null, r[key])
          : key === 'index' ? num(r[key], lang) : r[key])))))));
  fill(el,
    h('div', { class: 'section-head' }, heading('rejected-h', `${t.rejected} (${num(report.records.rejected, lang)})`),
      h('p', { class: 'hint' }, t.rejectedHint)),
    rejected.length ? list(rejected, [[t.index, 'index'], [t.path, 'path'], [t.message, 'message']], 'rejected-table') : null,
    rejected.length < report.records.rejected ? h('p', { class: 'hint' }, t.rejectedMore(num(rejected.length, lang), num(report.records.rejected, lang))) : null,
    warnings.length
      ? h('details', { class: 'warnings' }, h('summary', null, t.warnings(num(report.warningsTotal, lang))),
        list(warnings.slice(0, 200), [[t.index, 'index'], [t.path, 'path'], [t.message, 'message'], [t.value, 'value']], 'warnings-table'))
      : null);
}

// ---------------------------------------------------------------------------------------------
// The trend's data table (the chart itself is in trend.js)

export function trendTable(report, t, lang) {
  return h('table', { class: 'plain trend-table' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t.month), h('th', { scope: 'col', class: 'num' }, t.count),
      h('th', { scope: 'col', class: 'num' }, t.overall), PHASES.map((p) => h('th', { scope: 'col', class: 'num' }, t.phases[p])))),
    h('tbody', null, report.months.map((m) => h('tr', null,
      h('th', { scope: 'row' }, m.month), h('td', { class: 'num' }, num(m.records, lang)),
      h('td', { class: 'num' }, monthRate(m) === null ? '–' : `${pct(monthRate(m))} %`),
      PHASES.map((p) => h('td', { class: 'num' }, m.phases[p].rating === 'none' ? '·' : `${m.phases[p].rating} ${pct(m.phases[p].score)} %`))))));
}
