// The work list the dashboard opens on: what to fix first (rank.js), each finding with its
// clauses, its failing records, the fix and its teaching case, and a way to the full list of
// its failing records. The first items are put in at once, the rest on request: a rule pack with
// hundreds of findings never lays out hundreds of cases in one frame.
import { fill, h, num, pct } from './dom.js';
import { rankFindings } from './rank.js';
import { caseDisclosure, SEVERITY_CLASS } from './views.js';

const FIRST = 10;
let showAll = false; // the user asked for every item; kept across a rebuild (language, edition)

function trendNote(item, t, lang) {
  if (item.before === null) return null;
  const { records } = item.finding;
  const delta = records - item.before;
  const [cls, text] = item.before === 0 ? ['worse', t.trendNew]
    : delta > 0 ? ['worse', t.trendWorse(num(delta, lang))]
      : delta < 0 ? ['better', t.trendBetter(num(-delta, lang))] : ['same', t.trendSame];
  return h('span', { class: `trend-note ${cls}`, dataset: { trend: cls } }, text);
}

function workItem(item, rank, ctx) {
  const { t, lang } = ctx;
  const f = item.finding;
  // A window check judges the whole window, not records: there is no list of records to show.
  const window = ctx.report.checks.find((c) => c.id === f.check)?.scope === 'window';
  return h('li', { class: 'work-item', dataset: { check: f.check, rank } },
    h('div', { class: 'work-head' },
      h('span', { class: 'work-rank', 'aria-hidden': 'true' }, String(rank)),
      h('span', { class: `sev ${SEVERITY_CLASS[f.severity] ?? ''}` }, f.severityLabel),
      f.systemic ? h('span', { class: 'sev systemic', title: t.systemicTitle }, t.systemic) : null,
      h('h3', { class: 'work-title' }, f.title, ' ', h('code', { class: 'nowrap' }, f.check))),
    h('p', { class: 'work-meta' },
      h('span', { class: 'work-records' }, window ? t.windowFinding : t.workRecords(num(f.records, lang), num(f.judged, lang), pct(f.share))),
      ' · ', t.clauses, ' ',
      f.clauses.map((id, i) => [i ? ', ' : '', h('button', {
        type: 'button', class: 'link clause-link', dataset: { clause: id },
        onclick: () => ctx.select({ type: 'cell', clause: id, phase: f.phase }),
      }, id)]),
      ' · ', t.phases[f.phase],
      ' ', trendNote(item, t, lang)),
    h('p', { class: 'message' }, f.message),
    h('p', { class: 'fix' }, h('strong', null, `${t.fix}: `), f.hint),
    caseDisclosure(ctx.caseFor(f.check, f.case), t, f.check),
    window ? null : h('button', {
      type: 'button', class: 'button secondary small show-records', dataset: { check: f.check },
      onclick: () => ctx.showRecords({ check: f.check }),
    }, t.showRecords(num(f.records, lang))));
}

/** Renders the ranked work list into `el`. `ctx.previous`: an earlier report, or null. */
export function renderWorkList(el, report, ctx) {
  const { t, lang } = ctx;
  const ranked = rankFindings(report, ctx.previous ?? null);
  const shown = showAll ? ranked : ranked.slice(0, FIRST);
  fill(el,
    h('div', { class: 'section-head' },
      h('h2', { id: 'worklist-h' }, t.workList),
      h('p', { class: 'hint' }, ctx.previous ? t.workListHintTrend : t.workListHint)),
    ranked.length
      ? h('ol', { class: 'work-list' }, shown.map((item, i) => workItem(item, i + 1, ctx)))
      : h('p', { class: 'ok', id: 'worklist-none' }, `✓ ${t.workNone}`),
    ranked.length > shown.length
      ? h('button', {
        type: 'button', class: 'button secondary small', id: 'worklist-more',
        onclick: () => {
          showAll = true;
          renderWorkList(el, report, ctx);
        },
      }, t.showAllWork(num(ranked.length, lang)))
      : null);
}
