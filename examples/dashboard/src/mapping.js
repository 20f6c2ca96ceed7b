// A CSV from a tool without an adapter (E_SOURCE_UNKNOWN): the engine's proposed mapping
// (proposeMapping, the same proposal `node js/cli.js map FILE` prints) beside the file's first
// rows, one select per column to correct its target, and "Evaluate with this mapping", which
// evaluates the file with `context.mapping`. A changed select re-proposes around the choices
// (`overrides`), so that the kind and state value maps follow the columns they are read from.
import { proposeMapping } from 'iso20000';
import { $, download, fill, h } from './dom.js';

const STRINGS = {
  en: {
    title: 'Map the columns of this CSV',
    intro: (name) => `No built-in adapter reads ${name}. The engine proposes which column holds what; correct any column, then evaluate.`,
    convention: (c) => `Its header follows the conventions of ${c}.`,
    eventLog: 'Read as an event log: one row per event, folded into one record per case.',
    column: 'Column',
    samples: 'Values',
    target: 'Read as',
    confidence: 'Confidence',
    unmapped: '— not used —',
    roles: {
      id: 'record id', number: 'number', kind: 'kind (record type)', state: 'state',
      'eventLog.case': 'event log: case id', 'eventLog.timestamp': 'event log: time',
      'eventLog.activity': 'event log: activity', 'eventLog.group': 'event log: assignment group',
    },
    fieldsGroup: 'Record fields',
    rolesGroup: 'Identity and lifecycle',
    preview: (n) => `First ${n} rows as exported`,
    inferred: 'Read from the values',
    evaluate: 'Evaluate with this mapping',
    download: 'Download mapping.json',
    cancel: 'Cancel',
    cliHint: 'The same mapping on the command line: node js/cli.js evaluate FILE --mapping mapping.json',
  },
  ja: {
    title: 'この CSV の列を対応付ける',
    intro: (name) => `${name} を読める組み込みアダプターはありません。エンジンが各列の意味を提案します。必要なら列ごとに直してから評価してください。`,
    convention: (c) => `列名は ${c} の慣例に沿っています。`,
    eventLog: 'イベントログとして読みます（1 行 1 イベント、ケースごとに 1 レコードにまとめます）。',
    column: '列',
    samples: '値',
    target: '読み方',
    confidence: '確からしさ',
    unmapped: '— 使わない —',
    roles: {
      id: 'レコード ID', number: '番号', kind: '種別（レコードの種類）', state: '状態',
      'eventLog.case': 'イベントログ: ケース ID', 'eventLog.timestamp': 'イベントログ: 日時',
      'eventLog.activity': 'イベントログ: アクティビティ', 'eventLog.group': 'イベントログ: 担当グループ',
    },
    fieldsGroup: 'レコードのフィールド',
    rolesGroup: '識別とライフサイクル',
    preview: (n) => `エクスポートされたままの先頭 ${n} 行`,
    inferred: '値から読み取ったこと',
    evaluate: 'この対応付けで評価',
    download: 'mapping.json をダウンロード',
    cancel: 'キャンセル',
    cliHint: 'コマンドラインでは同じ対応付けを node js/cli.js evaluate FILE --mapping mapping.json で使えます',
  },
};

const ROLES = ['id', 'number', 'kind', 'state', 'eventLog.case', 'eventLog.timestamp', 'eventLog.activity', 'eventLog.group'];

/** The open proposal: {bytes (the CSV as UTF-8), name, overrides, proposal, onEvaluate, onCancel, lang}. */
let current = null;

function panel() {
  let el = $('#mapping');
  if (!el) {
    el = h('section', { id: 'mapping', class: 'panel mapping', 'aria-labelledby': 'mapping-h' });
    $('#error').after(el);
  }
  return el;
}

function targetSelect(column, target, s, targets) {
  const option = (value, label) => h('option', { value, selected: value === (target ?? '') }, label);
  return h('select', {
    class: 'mapping-target',
    dataset: { column },
    'aria-label': `${s.target}: ${column}`,
    onchange: (e) => {
      current.overrides[column] = e.target.value || null;
      repropose();
    },
  },
  option('', s.unmapped),
  h('optgroup', { label: s.rolesGroup }, ROLES.map((r) => option(r, s.roles[r]))),
  h('optgroup', { label: s.fieldsGroup }, targets.filter((t) => !ROLES.includes(t)).map((t) => option(t, t))));
}

function render() {
  const el = panel();
  if (!current) {
    el.hidden = true;
    fill(el);
    return;
  }
  el.hidden = false;
  const s = STRINGS[current.lang] ?? STRINGS.en;
  const p = current.proposal;
  const rows = p.rows;
  fill(el,
    h('div', { class: 'section-head' }, h('h2', { id: 'mapping-h' }, s.title)),
    h('p', null, s.intro(current.name)),
    p.convention ? h('p', { class: 'hint', id: 'mapping-convention' }, s.convention(p.convention)) : null,
    p.form === 'eventLog' ? h('p', { class: 'hint' }, s.eventLog) : null,
    h('div', { class: 'mapping-grid', style: 'display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; align-items: start' },
      h('div', { class: 'table-wrap' },
        h('table', { class: 'mapping-table' },
          h('thead', null, h('tr', null, h('th', null, s.column), h('th', null, s.target), h('th', null, s.confidence), h('th', null, s.samples))),
          h('tbody', null, p.columns.map((c) => h('tr', { dataset: { column: c.column, target: c.target ?? '' } },
            h('th', { scope: 'row' }, c.column),
            h('td', null, targetSelect(c.column, c.target, s, p.targets)),
            h('td', { class: 'num' }, c.target ? `${Math.round(c.confidence * 100)} %` : '–'),
            h('td', { class: 'muted' }, c.samples.join(' · '))))))),
      h('div', { class: 'table-wrap mapping-preview' },
        h('table', { class: 'preview-table' },
          h('caption', null, s.preview(rows.length)),
          h('thead', null, h('tr', null, p.header.map((c) => h('th', null, c)))),
          h('tbody', null, rows.map((r) => h('tr', null, r.map((v) => h('td', null, v)))))))),
    p.inferred.length
      ? h('details', { class: 'mapping-inferred' }, h('summary', null, s.inferred), h('ul', null, p.inferred.map((n) => h('li', null, n))))
      : null,
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'button', id: 'mapping-evaluate', onclick: () => current.onEvaluate(current.proposal.mapping) }, s.evaluate),
      h('button', {
        type: 'button', class: 'button secondary', id: 'mapping-download',
        onclick: () => download(`${JSON.stringify(current.proposal.mapping, null, 2)}\n`, 'mapping.json', 'application/json'),
      }, s.download),
      h('button', { type: 'button', class: 'button secondary', id: 'mapping-cancel', onclick: () => current.onCancel() }, s.cancel)),
    h('p', { class: 'hint' }, s.cliHint));
}

function repropose() {
  current.proposal = proposeMapping(current.bytes, { overrides: current.overrides, preview: 5 });
  render();
}

/**
 * Shows the proposed mapping of a CSV no adapter reads. `onEvaluate(mapping)` evaluates it,
 * `onCancel()` closes the panel. Throws what proposeMapping throws (a malformed CSV).
 */
export function showMapping({ bytes, name, lang, onEvaluate, onCancel }) {
  current = { bytes, name, lang, overrides: {}, proposal: null, onEvaluate, onCancel };
  repropose();
  $('#mapping')?.scrollIntoView({ block: 'start' });
}

/** Closes the panel (a new file, the demo, an evaluation with the mapping). */
export function hideMapping() {
  current = null;
  render();
}

/** Follows the UI language. */
export function relabelMapping(lang) {
  if (!current) return;
  current.lang = lang;
  render();
}
