// The full list of failing records: every failing (record, check) pair of the report, searched,
// filtered, sorted and grouped (findings-data.js), in a virtualised list: only the rows in view
// (and a few around them) are in the DOM, whatever the count, so 100,000 rows scroll as 100 do.
// Rows link back to the record in its tool; the export is the CSV of exactly the rows shown, in
// their order, with the group when grouped.
import { $, download, fill, h, num } from './dom.js';
import { toCsv } from './findings-data.js';
import { SEVERITY_CLASS } from './views.js';

/** Height of one row (and of a group's heading row) in pixels: the list's geometry. */
export const ROW_HEIGHT = 32;
const OVERSCAN = 8;
const GROUPS = ['', 'group', 'service', 'kind', 'month'];
const FILTERS = ['check', 'clause', 'kind', 'severity', 'service', 'group'];

/** The query of the panel; kept across rebuilds (language, edition), reset by a new data set. */
export const query = { search: '', filters: {}, sort: { column: 'severity', descending: false }, group: '' };

export function resetQuery() {
  Object.assign(query, { search: '', filters: {}, sort: { column: 'severity', descending: false }, group: '' });
}

/** Columns in display order: key, label, width. */
function columnsOf(t) {
  return [
    { key: 'record', label: t.colRecord, width: 'minmax(7rem, 1.1fr)' },
    { key: 'kind', label: t.colKind, width: 'minmax(5.5rem, 0.8fr)' },
    { key: 'check', label: t.colCheck, width: 'minmax(9rem, 2fr)' },
    { key: 'severity', label: t.colSeverity, width: 'minmax(7rem, 1fr)' },
    { key: 'group', label: t.colGroup, width: 'minmax(5rem, 1fr)' },
    { key: 'service', label: t.colService, width: 'minmax(5rem, 1fr)' },
    { key: 'time', label: t.colDate, width: '6.2rem' },
  ];
}

/** The checks whose clauses (in the report's edition) are `clause` or lie under it. */
function checksOfClause(report, clause) {
  const key = report.edition === '2011' ? 'clauses2011' : 'clauses2018';
  return new Set(report.checks.filter((c) => c[key].some((id) => id === clause || id.startsWith(`${clause}.`))).map((c) => c.id));
}

/** The query as findings-data.js takes it: the clause filter becomes a set of checks. */
function tableQuery(report, ctx) {
  const filters = { ...query.filters };
  if (filters.clause) {
    const checks = checksOfClause(report, filters.clause);
    filters.check = filters.check ? new Set([...checks].filter((c) => c === filters.check)) : checks;
    if (filters.check.size === 0) filters.check = new Set(['\u0000']); // the clause has none of them
  }
  delete filters.clause;
  return {
    search: query.search, filters, sort: query.sort, group: query.group,
    words: { check: ctx.checkTitles, kind: new Map(Object.entries(ctx.t.kinds)) },
  };
}

function cellText(table, key, row, ctx) {
  const v = table.value(key, row);
  if (key === 'kind') return ctx.t.kinds[v] ?? v;
  if (key === 'severity') return ctx.t.severities[v] ?? v;
  if (key === 'time') return v.slice(0, 10);
  return v;
}

function groupLabel(group, value, ctx) {
  if (value === '') return ctx.t.none;
  if (group === 'kind') return ctx.t.kinds[value] ?? value;
  return value;
}

function renderRow(table, row, columns, ctx) {
  const { t } = ctx;
  const url = table.value('url', row);
  const label = table.value('record', row);
  const check = table.value('check', row);
  const severity = table.value('severity', row);
  return h('div', { class: 'vt-row', role: 'row', dataset: { row, id: table.value('id', row) } },
    columns.map(({ key }) => {
      let content;
      if (key === 'record') {
        content = url
          ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', 'aria-label': t.openRecord(label) }, label, h('span', { 'aria-hidden': 'true' }, ' ↗'))
          : label;
      } else if (key === 'check') {
        content = [h('code', null, check), ' ', h('span', { class: 'muted' }, ctx.checkTitles.get(check) ?? '')];
      } else if (key === 'severity') {
        content = h('span', { class: `sev ${SEVERITY_CLASS[severity] ?? ''}` }, t.severities[severity] ?? severity);
      } else {
        content = cellText(table, key, row, ctx);
      }
      return h('div', { role: 'cell', class: `vt-cell c-${key}`, title: key === 'record' || key === 'check' ? null : cellText(table, key, row, ctx) || null }, content);
    }));
}

/**
 * Renders the panel into `el`. `ctx.table`: a FindingsTable (or null when the run has no list);
 * `ctx.report`: the report. Resolves nothing; re-rendering keeps the query.
 */
export function renderRecords(el, report, ctx) {
  const { t, lang } = ctx;
  const table = ctx.table;
  const head = h('div', { class: 'section-head' }, h('h2', { id: 'records-h' }, t.recordsTable), h('p', { class: 'hint' }, t.recordsHint));
  if (!table || table.n === 0) {
    fill(el, head, h('p', { class: 'hint', id: 'records-empty' }, table ? t.noFailingRecords : t.noFindingsList));
    return;
  }
  const columns = columnsOf(t);
  const template = columns.map((c) => c.width).join(' ');
  const options = {
    check: table.counts('check').map((x) => [x.value, `${x.value} (${num(x.count, lang)})`]),
    clause: [...new Set(report.clauseFindings.flatMap((f) => f.clauses))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((c) => [c, c]),
    kind: table.counts('kind').map((x) => [x.value, `${t.kinds[x.value] ?? x.value} (${num(x.count, lang)})`]),
    severity: table.counts('severity').map((x) => [x.value, `${t.severities[x.value] ?? x.value} (${num(x.count, lang)})`]),
    service: table.counts('service').map((x) => [x.value, `${x.value} (${num(x.count, lang)})`]),
    group: table.counts('group').map((x) => [x.value, `${x.value} (${num(x.count, lang)})`]),
  };
  const labels = { check: t.colCheck, clause: t.clause, kind: t.colKind, severity: t.colSeverity, service: t.colService, group: t.colGroup };
  let view = null;
  let items = new Int32Array(0); // ≥ 0: a row; < 0: the heading of group −(i + 1)
  const space = h('div', { class: 'vt-space' });
  const rowsBox = h('div', { class: 'vt-rows', role: 'rowgroup' });
  const scroller = h('div', { class: 'vt-scroll', id: 'records-scroll', tabindex: '0', 'aria-label': t.recordsTable }, space, rowsBox);
  const countLine = h('p', { class: 'records-count', id: 'records-count', role: 'status' });
  let drawn = '';

  const draw = () => {
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(items.length, Math.ceil((scroller.scrollTop + scroller.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    const key = `${first}:${last}:${items.length}`;
    if (key === drawn) return;
    drawn = key;
    const out = [];
    for (let i = first; i < last; i++) {
      const item = items[i];
      if (item < 0) {
        const g = view.groups[-item - 1];
        out.push(h('div', { class: 'vt-row vt-group', role: 'row', dataset: { group: g.value } },
          h('div', { role: 'cell', class: 'vt-cell' }, h('strong', null, groupLabel(query.group, g.value, ctx)), ' ',
            h('span', { class: 'muted group-count' }, t.groupCount(num(g.count, lang))))));
      } else {
        out.push(renderRow(table, item, columns, ctx));
      }
    }
    rowsBox.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    rowsBox.replaceChildren(...out);
  };
  let pending = false;
  scroller.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      draw();
    });
  }, { passive: true });

  const update = () => {
    view = table.view(tableQuery(report, ctx));
    const rows = view.rows;
    if (query.group) {
      items = new Int32Array(rows.length + view.groups.length);
      let k = 0;
      view.groups.forEach((g, gi) => {
        items[k++] = -(gi + 1);
        for (let i = g.start; i < g.start + g.count; i++) items[k++] = rows[i];
      });
    } else {
      items = Int32Array.from(rows);
    }
    space.style.height = `${items.length * ROW_HEIGHT}px`;
    countLine.textContent = t.recordsCount(num(rows.length, lang), num(table.n, lang), query.group ? num(view.groups.length, lang) : null);
    el.dataset.rows = String(rows.length);
    el.dataset.groups = String(view.groups.length);
    for (const b of header.querySelectorAll('button[data-sort]')) {
      const on = b.dataset.sort === query.sort.column;
      b.closest('[role="columnheader"]').setAttribute('aria-sort', on ? (query.sort.descending ? 'descending' : 'ascending') : 'none');
      b.querySelector('.sort-mark').textContent = on ? (query.sort.descending ? ' ▼' : ' ▲') : '';
    }
    scroller.scrollTop = 0;
    drawn = '';
    draw();
  };

  const header = h('div', { class: 'vt-row vt-head', role: 'row' }, columns.map(({ key, label }) =>
    h('div', { role: 'columnheader', class: `vt-cell c-${key}`, 'aria-sort': 'none' },
      h('button', {
        type: 'button', class: 'link sort', dataset: { sort: key },
        onclick: () => {
          query.sort = { column: key, descending: query.sort.column === key ? !query.sort.descending : false };
          update();
        },
      }, label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' })))));

  const select = (name) => {
    const el = h('select', { id: `records-filter-${name}`, dataset: { filter: name } },
      h('option', { value: '' }, t.any),
      options[name].map(([value, text]) => h('option', { value, selected: query.filters[name] === value }, text)));
    // A value from an earlier data set that this one lacks is no filter.
    if (query.filters[name] && !options[name].some(([v]) => v === query.filters[name])) delete query.filters[name];
    el.addEventListener('change', () => {
      if (el.value) query.filters[name] = el.value;
      else delete query.filters[name];
      update();
    });
    return h('label', { class: 'filter' }, h('span', null, labels[name]), el);
  };
  const search = h('input', { type: 'search', id: 'records-search', value: query.search, placeholder: t.searchPlaceholder, 'aria-label': t.search });
  let typing = 0;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      query.search = search.value;
      update();
    }, 120);
  });
  const groupBy = h('select', { id: 'records-group' }, GROUPS.map((g) => h('option', { value: g, selected: query.group === g }, t.groupBy[g || 'none'])));
  groupBy.addEventListener('change', () => {
    query.group = groupBy.value;
    update();
  });
  const exportButton = h('button', {
    type: 'button', class: 'button secondary small', id: 'records-export',
    onclick: () => {
      const head = [...(query.group ? [t.groupBy[query.group]] : []), t.colRecord, t.colKind, t.colCheck, t.title, t.colSeverity, t.colGroup, t.colService, t.colDate, t.colLink];
      const rows = [];
      for (const item of items) {
        if (item < 0) continue;
        const g = query.group ? [groupLabel(query.group, table.value(query.group, item), ctx)] : [];
        const check = table.value('check', item);
        rows.push([...g, table.value('record', item), cellText(table, 'kind', item, ctx), check, ctx.checkTitles.get(check) ?? '',
          cellText(table, 'severity', item, ctx), table.value('group', item), table.value('service', item), table.value('time', item), table.value('url', item)]);
      }
      download(toCsv(head, rows), `iso20000-${report.edition}-${lang}-failing-records.csv`, 'text/csv;charset=utf-8');
    },
  }, t.exportShown);
  const clear = h('button', {
    type: 'button', class: 'button secondary small', id: 'records-clear',
    onclick: () => {
      resetQuery();
      renderRecords(el, report, ctx);
    },
  }, t.clearFilters);

  fill(el, head,
    h('div', { class: 'records-controls' },
      h('label', { class: 'filter search' }, h('span', null, t.search), search),
      FILTERS.map(select),
      h('label', { class: 'filter' }, h('span', null, t.groupByLabel), groupBy)),
    h('div', { class: 'records-bar' }, countLine, h('div', { class: 'row' }, clear, exportButton)),
    h('div', { class: 'vt', role: 'table', 'aria-labelledby': 'records-h', 'aria-describedby': 'records-count', style: `--vt-columns: ${template}` },
      h('div', { class: 'vt-headbox', role: 'rowgroup' }, header), scroller));
  update();
}

/** Sets the panel's filters (a work item's check, a clause, a service) and brings it into view. */
export function showRecords(el, report, ctx, filters) {
  resetQuery();
  Object.assign(query.filters, filters);
  renderRecords(el, report, ctx);
  el.scrollIntoView({ block: 'start' });
  $('#records-search', el)?.focus({ preventScroll: true });
}
