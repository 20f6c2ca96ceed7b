// Scoping the matrix to what this export can say: clauses without evidence hidden (on by default
// when most of the matrix is grey), rows narrowed to a kind's, a process's or a service's
// clauses; what the export lacks to complete each process's cycle; the data's own time span, and
// a warning when the window lies outside it. Rows are hidden by a class, never re-rendered: a
// toggle restyles the matrix in one frame.
import { $$, day, fill, h, num } from './dom.js';
import { PHASES } from './views.js';

/** The user's choices; `hideEmpty: null` means "the default for this report". */
export const scope = { hideEmpty: null, kind: '', process: '', service: '' };

export function resetScope() {
  Object.assign(scope, { hideEmpty: null, kind: '', process: '', service: '' });
}

const hasEvidence = (row) => PHASES.some((p) => row.phases[p].rating !== 'none');

/** Most of the matrix grey: more than half of its cells without evidence. */
export function mostlyGrey(report) {
  const cells = report.clauses.length * PHASES.length;
  const grey = report.clauses.reduce((n, c) => n + PHASES.filter((p) => c.phases[p].rating === 'none').length, 0);
  return cells > 0 && grey * 2 > cells;
}

/** A clause and every clause above it (4.1.2 → 4, 4.1, 4.1.2). */
function withAncestors(ids) {
  const out = new Set();
  for (const id of ids) {
    const parts = id.split('.');
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join('.'));
  }
  return out;
}

/** The clauses the chosen kind, process and service concern, or null when none is chosen. */
function scopedClauses(report, ctx) {
  let keep = null;
  const narrow = (ids) => {
    const set = withAncestors(ids);
    keep = keep ? new Set([...keep].filter((id) => set.has(id))) : set;
  };
  const key = report.edition === '2011' ? 'clauses2011' : 'clauses2018';
  if (scope.kind) narrow(report.checks.filter((c) => c.kinds.includes(scope.kind)).flatMap((c) => c[key]));
  if (scope.process) narrow(report.processes.find((p) => p.id === scope.process)?.clauses ?? []);
  if (scope.service) narrow(ctx.services.find((s) => s.name === scope.service)?.clauses ?? []);
  return keep;
}

/** Hides the matrix rows outside the scope; returns {shown, total, empty}. */
export function applyScope(report, ctx) {
  const hide = scope.hideEmpty ?? mostlyGrey(report);
  const keep = scopedClauses(report, ctx);
  const empty = new Set(report.clauses.filter((c) => !hasEvidence(c)).map((c) => c.id));
  let shown = 0;
  for (const tr of $$('#matrix tbody tr[data-clause]')) {
    const id = tr.dataset.clause;
    const out = (hide && empty.has(id)) || (keep !== null && !keep.has(id));
    tr.classList.toggle('out-of-scope', out);
    if (!out) shown++;
  }
  return { shown, total: report.clauses.length, empty: empty.size, hide };
}

/** The scope bar above the matrix. `onChange` re-applies the scope (and tells the records list). */
export function renderScopeBar(el, report, ctx, onChange) {
  const { t, lang } = ctx;
  const hide = scope.hideEmpty ?? mostlyGrey(report);
  const toggle = h('input', { type: 'checkbox', id: 'hide-empty', checked: hide });
  toggle.addEventListener('change', () => {
    scope.hideEmpty = toggle.checked;
    onChange();
  });
  const kinds = Object.keys(report.records.byKind ?? {}).sort();
  const choose = (name, label, options) => {
    if (scope[name] && !options.some(([v]) => v === scope[name])) scope[name] = '';
    const select = h('select', { id: `scope-${name}` }, h('option', { value: '' }, t.any),
      options.map(([value, text]) => h('option', { value, selected: scope[name] === value }, text)));
    select.addEventListener('change', () => {
      scope[name] = select.value;
      onChange();
    });
    return h('label', { class: 'filter' }, h('span', null, label), select);
  };
  fill(el,
    h('label', { class: 'toggle' }, toggle, h('span', null, t.hideEmpty)),
    choose('kind', t.colKind, kinds.map((k) => [k, `${t.kinds[k] ?? k} (${num(report.records.byKind[k], lang)})`])),
    choose('process', t.process, report.processes.map((p) => [p.id, p.name])),
    choose('service', t.colService, ctx.services.map((s) => [s.name, `${s.name} (${num(s.records, lang)})`])),
    h('span', { class: 'muted scope-count', id: 'scope-count', role: 'status' }));
}

export function renderScopeCount(report, ctx, result) {
  const el = document.querySelector('#scope-count');
  if (el) el.textContent = ctx.t.scopeShown(num(result.shown, ctx.lang), num(result.total, ctx.lang), num(result.empty, ctx.lang));
}

/** The data's own span and the window against it; a warning when the window misses the data. */
export function spanNote(report, t) {
  const span = report.quality?.dataSpan ?? {};
  const first = day(span.first);
  const last = day(span.last);
  if (!first || !last) return h('p', { class: 'card-note', id: 'data-span' }, t.dataSpanNone);
  const from = day(report.window.from);
  const to = day(report.window.to);
  const outside = (from && from > last) || (to && to < first);
  const beyond = !outside && ((from && from < first) || (to && to > last));
  return [
    h('div', { class: 'card-note', id: 'data-span' }, t.dataSpan(h('span', { class: 'nowrap' }, first), h('span', { class: 'nowrap' }, last))),
    outside ? h('p', { class: 'callout warn', id: 'window-outside', role: 'alert' }, t.windowOutside(from ?? '…', to ?? '…', first, last)) : null,
    beyond ? h('p', { class: 'card-note warn', id: 'window-beyond' }, t.windowBeyond) : null,
  ];
}

/** What the export lacks to complete each process's cycle (the report's `missing`). */
export function renderMissing(el, report, ctx) {
  const { t } = ctx;
  const lacking = report.processes.filter((p) => p.missing.length > 0);
  fill(el,
    h('div', { class: 'section-head' }, h('h2', { id: 'missing-h' }, t.missingTitle), h('p', { class: 'hint' }, t.missingHint)),
    lacking.length
      ? h('ul', { class: 'missing-list' }, lacking.map((p) =>
        h('li', { dataset: { process: p.id } }, h('strong', null, p.name),
          h('ul', null, p.missing.map((m) => h('li', { dataset: { phase: m.phase } },
            h('span', { class: 'phase-tag' }, t.phases[m.phase]), ' ', m.text))))))
      : h('p', { class: 'ok' }, `✓ ${t.missingNone}`));
}
