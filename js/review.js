// The management-review report: one printable HTML page (A4) built from a report, for the people
// who review the service management system and for an auditor. Pure: the same report, options and
// seed give the same bytes. Every value that comes from records (service names, record numbers and
// ids, links, messages that quote values) is escaped; links are kept only when they are http(s).
// The page holds no script, so it can be opened from a page with a strict Content-Security-Policy.
//
// Sections, in this order: data quality (always first: rejected records, unreadable fields, checks
// stopped by a limit), the verdict per process and per service, the clause-level findings, the
// trend (earlier runs' snapshots, and the months of this export), performance against targets,
// what the export lacks to complete each cycle, and a seeded sample of failing records per clause.

import { defaultSeed, drawSample, failingByClause } from './sample.js';

const PHASES = ['plan', 'do', 'check', 'act'];
const SEVERITIES = ['major_nonconformity', 'minor_nonconformity', 'observation', 'opportunity_for_improvement'];

const TEXT = {
  en: {
    title: 'Management review report',
    subtitle: 'ISO/IEC 20000-1 evidence from an ITSM export',
    export: 'Export', asOf: 'As of', window: 'Window', edition: 'Edition', engine: 'Engine', seed: 'Sample seed',
    wholeExport: 'whole export',
    printHint: 'Print this page (Ctrl+P or ⌘P) to A4 for the review meeting or the auditor.',
    qualityH: '1. Data quality',
    qualityOk: 'Every record was read and evaluated, every value was understood and no check was stopped by a limit.',
    qualityBad: 'Read the verdicts in this report with these problems in mind:',
    rejected: (n, of) => `${n} of ${of} records were rejected and not evaluated.`,
    limited: (list) => `Checks stopped by a limit judged nothing: ${list}.`,
    warningsTotal: (n) => (n === '1' ? '1 value was not understood (its record was still evaluated).' : `${n} values were not understood (their records were still evaluated).`),
    reason: 'Reason', count: 'Records', fix: 'Fix',
    span: (a, b) => `The data spans ${a ?? '…'} to ${b ?? '…'}.`,
    fields: 'Fields empty or unreadable in some records (least readable first)',
    field: 'Kind and field', readable: 'Readable',
    verdictH: '2. Verdict per process and per service',
    verdictLead: (s) => `${s.processesCycleComplete} processes, ${s.clausesCycleComplete} of ${s.clausesWithEvidence} clauses with evidence and ${s.servicesCycleComplete} of ${s.services} services complete their Plan-Do-Check-Act cycle.`,
    processesH: 'Processes', servicesH: 'Services',
    process: 'Process', service: 'Service', stage: 'Stage', cycle: 'Cycle complete', records: 'Records', inScope: 'In scope', performance: 'Targets met',
    yes: 'yes', no: 'no',
    ratingsLegend: 'F fully, L largely, P partially, N not achieved; — no evidence.',
    findingsH: '3. Clause-level findings',
    findingsLead: (counts) => `${counts} — most severe first, then by records.`,
    noFindings: 'No check failed: no clause-level finding.',
    severity: 'Severity', check: 'Check', clauses: 'Clauses', failed: 'Failed / judged', systemic: 'systemic', case: 'Teaching case',
    trendH: '4. Trend',
    runsH: 'Runs',
    noHistory: 'No earlier runs were given: save runs to see the trend across them. The months of this export follow.',
    run: 'Run', thisRun: 'this report', total: 'Findings', majorShort: 'Major', minorShort: 'Minor', obsShort: 'Obs.', ofiShort: 'OFI',
    cyclesShort: 'Cycles (clauses / processes / services)', evaluated: 'Evaluated', rejectedShort: 'Rejected',
    clauseTrendH: 'Clauses that changed since the previous run',
    clause: 'Clause', before: 'Before', now: 'Now',
    monthsH: 'Months of this export',
    month: 'Month', score: 'score',
    noMonths: 'The export has no dated records in the window.',
    performanceH: '5. Performance against targets',
    performanceLead: 'Measured against the targets the records carry (SLA measurements, resolution and fulfilment times, tests). Kept apart from the conformity ratings.',
    met: 'Met', missed: 'Missed', share: 'Met %',
    noPerformance: 'The export has no measurements against targets.',
    missingH: '6. What the export lacks to complete each cycle',
    missingLead: 'For each process whose cycle is not complete: the evidence the export does not hold.',
    nothingMissing: 'Every process completes its cycle with the evidence in this export.',
    sampleH: '7. Sample of evidence records per clause',
    sampleLead: (seed, size, complete) => `A reproducible random sample of up to ${size} failing records per clause, seed "${seed}". Population: ${complete ? 'every record that fails a check mapped to the clause' : 'the example records the report lists (evaluate with findings for every failing record)'}.`,
    sampleMethod: 'Method: each record is ranked by the SHA-1 of "seed|clause|record id" (hex, lowest first) and the lowest ranks are drawn: the same seed draws the same records whatever the order of the export, and anyone can redraw the sample with sha1sum.',
    population: (n, k) => `Population: ${n}; sample: ${k}.`,
    noSample: 'No clause has failing records to sample.',
    record: 'Record', id: 'Id', kind: 'Kind', failedChecks: 'Failed checks', link: 'Link', open: 'open',
    notice: 'Clause numbers and short titles only: the requirement text of ISO/IEC 20000-1 is copyrighted.',
    phases: { plan: 'Plan', do: 'Do', check: 'Check', act: 'Act' },
    stages: { none: '—', plan: 'Plan', do: 'Do', check: 'Check', act: 'Act' },
    severities: { major_nonconformity: 'Major nonconformity', minor_nonconformity: 'Minor nonconformity', observation: 'Observation', opportunity_for_improvement: 'Opportunity for improvement' },
  },
  ja: {
    title: 'マネジメントレビュー報告書',
    subtitle: 'ITSM エクスポートから得た ISO/IEC 20000-1 の証拠',
    export: 'エクスポート', asOf: '基準日時', window: '期間', edition: '版', engine: 'エンジン', seed: 'サンプルのシード',
    wholeExport: 'エクスポート全体',
    printHint: 'レビュー会議や審査員向けに、このページを A4 で印刷してください（Ctrl+P または ⌘P）。',
    qualityH: '1. データ品質',
    qualityOk: 'すべてのレコードを読み取り評価し、すべての値を解釈できました。上限で停止したチェックはありません。',
    qualityBad: '次の問題を踏まえて、この報告書の判定を読んでください:',
    rejected: (n, of) => `${of} 件中 ${n} 件のレコードを却下し、評価していません。`,
    limited: (list) => `上限で停止したチェックは何も判定していません: ${list}。`,
    warningsTotal: (n) => `${n} 件の値を解釈できませんでした（そのレコードは評価しています）。`,
    reason: '理由', count: 'レコード数', fix: '対処',
    span: (a, b) => `データの期間は ${a ?? '…'} 〜 ${b ?? '…'} です。`,
    fields: '一部のレコードで空または読み取れないフィールド（読み取れた割合の低い順）',
    field: '種別とフィールド', readable: '読み取れた割合',
    verdictH: '2. プロセス別・サービス別の判定',
    verdictLead: (s) => `PDCA サイクルが完結したもの: プロセス ${s.processesCycleComplete} 件、証拠のある箇条 ${s.clausesWithEvidence} 件中 ${s.clausesCycleComplete} 件、サービス ${s.services} 件中 ${s.servicesCycleComplete} 件。`,
    processesH: 'プロセス', servicesH: 'サービス',
    process: 'プロセス', service: 'サービス', stage: '段階', cycle: 'サイクル完結', records: 'レコード', inScope: '適用範囲内', performance: '目標達成率',
    yes: 'はい', no: 'いいえ',
    ratingsLegend: 'F 完全に達成、L 大部分達成、P 部分的に達成、N 未達成、— エビデンスなし。',
    findingsH: '3. 箇条レベルの指摘',
    findingsLead: (counts) => `${counts}。重大度の高い順、同じならレコード数の多い順。`,
    noFindings: '不合格のチェックはなく、箇条レベルの指摘はありません。',
    severity: '重大度', check: 'チェック', clauses: '箇条', failed: '不合格 / 判定', systemic: '体系的', case: '事例',
    trendH: '4. 傾向',
    runsH: '実行の推移',
    noHistory: '以前の実行が与えられていません。実行を保存すると推移を表示します。以下はこのエクスポートの月別です。',
    run: '実行', thisRun: 'この報告書', total: '指摘', majorShort: '重大', minorShort: '軽微', obsShort: '観察', ofiShort: '改善',
    cyclesShort: 'サイクル完結（箇条 / プロセス / サービス）', evaluated: '評価', rejectedShort: '却下',
    clauseTrendH: '前回の実行から変わった箇条',
    clause: '箇条', before: '前回', now: '今回',
    monthsH: 'このエクスポートの月別',
    month: '月', score: 'スコア',
    noMonths: '期間内に日時のあるレコードがありません。',
    performanceH: '5. 目標に対するパフォーマンス',
    performanceLead: 'レコードが持つ目標（SLA の測定、解決・履行時間、テスト）に対する実績。適合性の評定とは分けて示します。',
    met: '達成', missed: '未達', share: '達成率 %',
    noPerformance: 'このエクスポートには目標に対する測定がありません。',
    missingH: '6. サイクルを完了するためにエクスポートに足りないもの',
    missingLead: 'サイクルが完結していないプロセスごとに、エクスポートにない証拠を示します。',
    nothingMissing: 'このエクスポートの証拠で、すべてのプロセスがサイクルを完結しています。',
    sampleH: '7. 箇条ごとの証拠レコードのサンプル',
    sampleLead: (seed, size, complete) => `箇条ごとに不合格レコードを最大 ${size} 件、再現可能な無作為抽出で選びました。シード「${seed}」。母集団: ${complete ? 'その箇条に対応付けたチェックに不合格となったすべてのレコード' : '報告書が例として挙げたレコード（findings 付きで評価するとすべての不合格レコード）'}。`,
    sampleMethod: '方法: 各レコードを「シード|箇条|レコード ID」の SHA-1（16 進、小さい順）で順位付けし、上位を抽出します。同じシードならエクスポートの並び順に関係なく同じレコードが選ばれ、sha1sum で誰でも再現できます。',
    population: (n, k) => `母集団 ${n} 件、サンプル ${k} 件。`,
    noSample: '抽出できる不合格レコードのある箇条はありません。',
    record: 'レコード', id: 'ID', kind: '種別', failedChecks: '不合格のチェック', link: 'リンク', open: '開く',
    notice: '箇条番号と短い表題のみを記載しています。ISO/IEC 20000-1 の要求事項本文は著作物です。',
    phases: { plan: '計画', do: '実行', check: '確認', act: '改善' },
    stages: { none: '—', plan: '計画', do: '実行', check: '確認', act: '改善' },
    severities: { major_nonconformity: '重大な不適合', minor_nonconformity: '軽微な不適合', observation: '観察事項', opportunity_for_improvement: '改善の機会' },
  },
};

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text for HTML content and attribute values. */
function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A CSS string literal (the running header of printed pages carries the export's name). */
function cssString(value) {
  return `"${String(value ?? '').replace(/[\\"\n\r\f<>]|[^\x20-\x7e]/gu, (c) => `\\${c.codePointAt(0).toString(16)} `)}"`;
}

/** A record's link when it is an absolute http(s) URL. */
function link(url) {
  if (typeof url !== 'string') return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

const num = (n, lang) => (typeof n === 'number' ? n.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB') : '—');

function table(head, rows, { cls = '', widths } = {}) {
  const cols = widths ? `<colgroup>${widths.map((w) => `<col style="width:${w}">`).join('')}</colgroup>` : '';
  return `<table class="${cls}">${cols}<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`
    + `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** A rating letter as a cell (its class colours it on screen and in print). */
function rating(phase) {
  const r = phase?.rating ?? 'none';
  return `<span class="rating r-${esc(r)}">${r === 'none' ? '—' : esc(r)}</span>`;
}

/**
 * A snapshot of a report for a later review's trend (what `history` holds). Small: counts only.
 * @param {object} report
 * @param {{at?: string, name?: string}} [options] `at`: when the run was made (default: the report's as-of)
 */
export function reviewSnapshot(report, { at, name } = {}) {
  const clauses = {};
  for (const c of report.clauses ?? []) {
    const evidence = PHASES.reduce((n, p) => n + (c.phases?.[p]?.evidence ?? 0), 0);
    if (evidence || c.findings?.length) clauses[c.id] = { stage: c.stage, findings: c.findings?.length ?? 0 };
  }
  return {
    at: at ?? report.window?.asOf,
    ...(name ? { name } : {}),
    edition: report.edition,
    window: { ...report.window },
    records: { in: report.records.in, evaluated: report.records.evaluated, rejected: report.records.rejected },
    summary: report.summary,
    clauses,
  };
}

/**
 * The management-review report as one HTML document (UTF-8, no script).
 * @param {object} report a report; evaluated with `findings: true`, the sample is drawn from every
 *   failing record, else from the examples the report lists
 * @param {{lang?: 'en'|'ja', seed?: string, history?: object[], name?: string, sample?: number}} [options]
 *   `lang`: the page's own texts (default the report's; the report's texts stay in its language);
 *   `seed`: the sample's seed (default from the report's as-of date); `history`: earlier runs'
 *   snapshots (`reviewSnapshot`), any order; `name`: the export's name; `sample`: records per clause (default 5)
 */
export function reviewHtml(report, options = {}) {
  if (!report || !Array.isArray(report.clauses) || !report.summary) {
    const e = new Error('reviewHtml needs a report (the result of evaluate or finish)');
    e.code = 'E_MISUSE';
    throw e;
  }
  const lang = options.lang === 'ja' || options.lang === 'en' ? options.lang : report.lang === 'ja' ? 'ja' : 'en';
  const t = TEXT[lang];
  const seed = String(options.seed ?? defaultSeed(report));
  const size = Number.isInteger(options.sample) && options.sample >= 0 ? options.sample : 5;
  const name = typeof options.name === 'string' && options.name.trim() ? options.name.trim() : '—';
  const w = report.window ?? {};
  const head = `${name} · ISO/IEC 20000-1:${report.edition} · ${(w.asOf ?? '').slice(0, 10)}`;
  const sections = [
    quality(report, t, lang),
    verdict(report, t, lang),
    findings(report, t, lang),
    trend(report, t, lang, Array.isArray(options.history) ? options.history : []),
    performance(report, t, lang),
    missing(report, t),
    sample(report, t, lang, seed, size),
  ];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(t.title)} — ${esc(name)}</title>
<style>${css(head)}</style>
</head>
<body>
<header class="doc-head">
<h1>${esc(t.title)}</h1>
<p class="subtitle">${esc(t.subtitle)}</p>
<dl class="facts">
<div><dt>${esc(t.export)}</dt><dd id="export-name">${esc(name)}</dd></div>
<div><dt>${esc(t.edition)}</dt><dd>ISO/IEC 20000-1:${esc(report.edition)}</dd></div>
<div><dt>${esc(t.asOf)}</dt><dd>${esc(w.asOf ?? '—')}</dd></div>
<div><dt>${esc(t.window)}</dt><dd>${w.from || w.to ? `${esc(w.from ?? '…')} → ${esc(w.to ?? '…')}` : esc(t.wholeExport)}</dd></div>
<div><dt>${esc(t.engine)}</dt><dd>${esc(report.engine?.version ?? '')} · ${esc(report.engine?.rules ?? '')}</dd></div>
<div><dt>${esc(t.seed)}</dt><dd id="seed">${esc(seed)}</dd></div>
</dl>
<p class="screen-only hint">${esc(t.printHint)}</p>
</header>
${sections.join('\n')}
<footer class="notice"><p>${esc(t.notice)}</p></footer>
</body>
</html>
`;
}

function section(id, title, body, cls = '') {
  return `<section id="${id}" class="sheet ${cls}" aria-labelledby="${id}-h"><h2 id="${id}-h">${esc(title)}</h2>\n${body}\n</section>`;
}

function quality(report, t, lang) {
  const q = report.quality ?? {};
  const lines = [];
  if (report.records.rejected > 0) lines.push(t.rejected(num(report.records.rejected, lang), num(report.records.in, lang)));
  const limited = report.checks.filter((c) => c.limited > 0).map((c) => c.id);
  if (limited.length) lines.push(t.limited(limited.join(', ')));
  for (const a of q.alerts ?? []) lines.push(a.message);
  if (report.warningsTotal > 0) lines.push(t.warningsTotal(num(report.warningsTotal, lang)));
  // Empty values are common (an open incident has no closing time): they are listed, but only
  // rejections, values not understood and stopped checks make the section a warning.
  const unreadable = (q.fields ?? []).filter((f) => f.records > 0 && f.readable + f.absent < f.records)
    .sort((a, b) => a.readableShare - b.readableShare || a.kind.localeCompare(b.kind) || a.field.localeCompare(b.field));
  const bad = lines.length > 0;
  let body = bad
    ? `<p class="callout">${esc(t.qualityBad)}</p><ul class="alerts">${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`
    : `<p class="ok">${esc(t.qualityOk)}</p>`;
  const reasons = [...(q.rejected ?? []), ...(q.warnings ?? [])];
  if (reasons.length) {
    body += table([esc(t.reason), esc(t.count), esc(t.fix)],
      reasons.map((r) => [esc(r.message), num(r.count, lang), esc(r.fix ?? '')]), { widths: ['52%', '10%', '38%'] });
  }
  if (unreadable.length) {
    body += `<h3>${esc(t.fields)}</h3>`
      + table([esc(t.field), esc(t.records), esc(t.readable)],
        unreadable.slice(0, 20).map((f) => [`${esc(f.kind)} · <code>${esc(f.field)}</code>`, num(f.records, lang), `${esc(f.readableShare)} %`]),
        { widths: ['60%', '20%', '20%'] });
  }
  body += `<p class="muted">${esc(t.span(q.dataSpan?.first, q.dataSpan?.last))}</p>`;
  return section('quality', t.qualityH, body, bad ? 'warn' : '');
}

function phaseCells(phases) {
  return PHASES.map((p) => rating(phases?.[p]));
}

function verdict(report, t, lang) {
  const phaseHead = PHASES.map((p) => esc(t.phases[p]));
  const processes = table([esc(t.process), ...phaseHead, esc(t.stage), esc(t.cycle)],
    report.processes.map((p) => [esc(p.name), ...phaseCells(p.phases), esc(t.stages[p.stage] ?? p.stage), p.cycleComplete ? esc(t.yes) : esc(t.no)]),
    { cls: 'verdict', widths: ['36%', '9%', '9%', '9%', '9%', '14%', '14%'] });
  const services = report.services?.length
    ? table([esc(t.service), esc(t.inScope), esc(t.records), ...phaseHead, esc(t.stage), esc(t.performance)],
      report.services.map((s) => [esc(s.name), s.inScope ? esc(t.yes) : esc(t.no), num(s.records, lang), ...phaseCells(s.phases),
        esc(t.stages[s.stage] ?? s.stage), s.performance ? `${esc(s.performance.share)} %` : '—']),
      { cls: 'verdict', widths: ['25%', '9%', '10%', '8%', '8%', '8%', '8%', '11%', '13%'] })
    : '';
  return section('verdict', t.verdictH,
    `<p>${esc(t.verdictLead(report.summary))}</p><p class="muted">${esc(t.ratingsLegend)}</p>`
    + `<h3>${esc(t.processesH)}</h3>${processes}${services ? `<h3>${esc(t.servicesH)}</h3>${services}` : ''}`);
}

function severityLabel(report, t, severity) {
  return report.checks.find((c) => c.severity === severity)?.severityLabel ?? t.severities[severity];
}

function findings(report, t, lang) {
  const list = report.clauseFindings;
  if (!list.length) return section('findings', t.findingsH, `<p class="ok">${esc(t.noFindings)}</p>`);
  const by = report.summary.findingsBySeverity ?? {};
  const counts = SEVERITIES.filter((s) => by[s]).map((s) => `${severityLabel(report, t, s)} ${num(by[s], lang)}`).join(', ');
  const rows = list.map((f) => [
    `<span class="sev sev-${esc(f.severity)}">${esc(f.severityLabel)}</span>${f.systemic ? ` <small>(${esc(t.systemic)})</small>` : ''}`,
    `<code>${esc(f.check)}</code><br>${esc(f.title)}${f.case ? `<br><small>${esc(t.case)}: ${esc(f.case)}</small>` : ''}`,
    esc(f.clauses.join(', ')),
    `${num(f.records, lang)} / ${num(f.judged, lang)}<br><small>${esc(f.share)} %</small>`,
    esc(f.hint),
  ]);
  return section('findings', t.findingsH, `<p>${esc(t.findingsLead(counts))}</p>`
    + table([esc(t.severity), esc(t.check), esc(t.clauses), esc(t.failed), esc(t.fix)], rows, { widths: ['17%', '29%', '12%', '12%', '30%'] }));
}

/** One row of the runs' table from a snapshot (or the report itself). */
function runRow(snap, label, lang) {
  const f = snap.summary?.findingsBySeverity ?? {};
  const total = SEVERITIES.reduce((n, s) => n + (f[s] ?? 0), 0);
  const s = snap.summary ?? {};
  return {
    total,
    cells: [label, num(snap.records?.evaluated, lang), num(snap.records?.rejected, lang),
      ...SEVERITIES.map((k) => num(f[k] ?? 0, lang)),
      `${num(s.clausesCycleComplete, lang)} / ${num(s.processesCycleComplete, lang)} / ${num(s.servicesCycleComplete, lang)}`],
  };
}

function trend(report, t, lang, history) {
  const runs = history
    .filter((h) => h && typeof h === 'object' && h.summary && typeof h.summary === 'object')
    .slice()
    .sort((a, b) => String(a.at ?? '').localeCompare(String(b.at ?? '')));
  let body = '';
  if (runs.length) {
    const rows = [];
    let previous = null;
    for (const run of runs) {
      const label = `${esc(String(run.at ?? '').slice(0, 10))}${run.name ? `<br><small>${esc(run.name)}</small>` : ''}`;
      const row = runRow(run, label, lang);
      rows.push([...row.cells, delta(row.total, previous, lang)]);
      previous = row.total;
    }
    const current = runRow(reviewSnapshot(report), `<strong>${esc(t.thisRun)}</strong><br><small>${esc((report.window?.asOf ?? '').slice(0, 10))}</small>`, lang);
    rows.push([...current.cells, delta(current.total, previous, lang)]);
    body += `<h3>${esc(t.runsH)}</h3>`
      + table([esc(t.run), esc(t.evaluated), esc(t.rejectedShort), esc(t.majorShort), esc(t.minorShort), esc(t.obsShort), esc(t.ofiShort), esc(t.cyclesShort), esc(t.total)],
        rows, { cls: 'runs', widths: ['18%', '10%', '9%', '7%', '7%', '7%', '7%', '20%', '15%'] });
    const last = runs[runs.length - 1];
    if (last.clauses && typeof last.clauses === 'object') {
      const now = reviewSnapshot(report).clauses;
      const ids = report.clauses.map((c) => c.id).filter((id) => {
        const a = last.clauses[id];
        const b = now[id];
        return (a || b) && (a?.stage !== b?.stage || (a?.findings ?? 0) !== (b?.findings ?? 0));
      });
      if (ids.length) {
        const title = new Map(report.clauses.map((c) => [c.id, c.title]));
        const cell = (c) => (c ? `${esc(t.stages[c.stage] ?? c.stage)} · ${num(c.findings, lang)}` : '—');
        body += `<h3>${esc(t.clauseTrendH)}</h3>`
          + table([esc(t.clause), `${esc(t.before)} (${esc(t.stage)} · ${esc(t.total)})`, `${esc(t.now)} (${esc(t.stage)} · ${esc(t.total)})`],
            ids.map((id) => [`${esc(id)} ${esc(title.get(id))}`, cell(last.clauses[id]), cell(now[id])]), { widths: ['50%', '25%', '25%'] });
      }
    }
  } else {
    body += `<p class="muted">${esc(t.noHistory)}</p>`;
  }
  body += `<h3>${esc(t.monthsH)}</h3>`;
  body += report.months?.length
    ? table([esc(t.month), esc(t.records), ...PHASES.map((p) => esc(t.phases[p]))],
      report.months.map((m) => [esc(m.month), num(m.records, lang),
        ...PHASES.map((p) => `${rating(m.phases?.[p])}${typeof m.phases?.[p]?.score === 'number' ? ` <small>${esc(m.phases[p].score)} %</small>` : ''}`)]),
      { widths: ['16%', '16%', '17%', '17%', '17%', '17%'] })
    : `<p class="muted">${esc(t.noMonths)}</p>`;
  return section('trend', t.trendH, body);
}

/** The change in findings since the previous run, as text (no colour only: it prints in grey). */
function delta(total, previous, lang) {
  if (previous === null) return num(total, lang);
  const d = total - previous;
  return `${num(total, lang)} <small class="${d > 0 ? 'worse' : d < 0 ? 'better' : ''}">(${d > 0 ? '▲ +' : d < 0 ? '▼ ' : '± '}${num(d, lang)})</small>`;
}

function performance(report, t, lang) {
  const checks = report.checks.filter((c) => c.aspect === 'performance' && c.applicable > 0);
  if (!checks.length) return section('performance', t.performanceH, `<p class="muted">${esc(t.noPerformance)}</p>`);
  const rows = checks.map((c) => [`<code>${esc(c.id)}</code><br>${esc(c.title)}`, esc((report.edition === '2011' ? c.clauses2011 : c.clauses2018)?.join(', ') ?? ''),
    num(c.passed, lang), num(c.failed, lang), `${esc(c.passRate)} %`]);
  return section('performance', t.performanceH, `<p>${esc(t.performanceLead)}</p>`
    + table([esc(t.check), esc(t.clauses), esc(t.met), esc(t.missed), esc(t.share)], rows, { widths: ['46%', '18%', '12%', '12%', '12%'] }));
}

function missing(report, t) {
  const open = report.processes.filter((p) => !p.cycleComplete && p.missing?.length);
  if (!open.length) return section('missing', t.missingH, `<p class="ok">${esc(t.nothingMissing)}</p>`);
  const rows = open.map((p) => [esc(p.name), esc(t.stages[p.stage] ?? p.stage),
    `<ul class="plain">${p.missing.map((m) => `<li><strong>${esc(t.phases[m.phase] ?? m.phase)}:</strong> ${esc(m.text)}</li>`).join('')}</ul>`]);
  return section('missing', t.missingH, `<p>${esc(t.missingLead)}</p>`
    + table([esc(t.process), esc(t.stage), esc(t.missingH.replace(/^\d+\.\s*/, ''))], rows, { widths: ['26%', '12%', '62%'] }));
}

function sample(report, t, lang, seed, size) {
  const { byClause, complete } = failingByClause(report);
  const titles = new Map(report.clauses.map((c) => [c.id, c.title]));
  // Document order of the edition's clauses; clauses the catalogue does not list come last.
  const order = [...report.clauses.map((c) => c.id).filter((id) => byClause.has(id)), ...[...byClause.keys()].filter((id) => !titles.has(id))];
  let body = `<p>${esc(t.sampleLead(seed, size, complete))}</p><p class="muted">${esc(t.sampleMethod)}</p>`;
  if (!order.length) return section('sample', t.sampleH, `${body}<p class="ok">${esc(t.noSample)}</p>`);
  for (const clause of order) {
    const population = byClause.get(clause);
    const drawn = drawSample(population, { seed, stratum: clause, size });
    const rows = drawn.map((e, i) => {
      const href = link(e.url);
      return [num(i + 1, lang), esc(e.number ?? '—'), `<code class="id">${esc(e.id)}</code>`, esc(e.kind ?? '—'),
        esc(e.checks.join(', ')), href ? `<a href="${esc(href)}" rel="noopener noreferrer">${esc(t.open)}</a>` : '—'];
    });
    body += `<div class="clause-sample" data-clause="${esc(clause)}" data-population="${population.length}">`
      + `<h3>${esc(clause)} ${esc(titles.get(clause) ?? '')}</h3><p class="muted">${esc(t.population(num(population.length, lang), num(drawn.length, lang)))}</p>`
      + table(['#', esc(t.record), esc(t.id), esc(t.kind), esc(t.failedChecks), esc(t.link)], rows,
        { cls: 'sample', widths: ['4%', '15%', '35%', '18%', '20%', '8%'] })
      + '</div>';
  }
  return section('sample', t.sampleH, body);
}

function css(head) {
  return `
@page { size: A4; margin: 16mm 14mm 16mm 14mm;
  @top-left { content: ${cssString(head)}; font: 8pt system-ui, sans-serif; color: #555; }
  @bottom-right { content: counter(page) " / " counter(pages); font: 8pt system-ui, sans-serif; color: #555; } }
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 210mm; padding: 12mm; font: 10pt/1.45 system-ui, "IPAGothic", "IPAexGothic", "Noto Sans CJK JP", sans-serif; color: #1b1f24; background: #fff; }
h1 { font-size: 18pt; margin: 0 0 2pt; }
h2 { font-size: 13pt; margin: 0 0 6pt; padding-bottom: 3pt; border-bottom: 1.5pt solid #1b1f24; break-after: avoid; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
h1, h2, h3 { line-break: strict; word-break: normal; overflow-wrap: anywhere; }
p { margin: 4pt 0; }
.subtitle { color: #444; margin-top: 0; }
.facts { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 4pt 12pt; margin: 8pt 0; }
.facts div { min-width: 0; }
.facts dt { font-size: 8pt; color: #555; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
section.sheet { margin-top: 14pt; }
section.sheet + section.sheet { break-before: page; }
section.warn { border-left: 3pt solid #b3261e; padding-left: 8pt; }
.callout { font-weight: 600; color: #b3261e; }
.ok { color: #1b5e20; }
.muted { color: #555; font-size: 9pt; }
table { width: 100%; max-width: 100%; border-collapse: collapse; table-layout: fixed; margin: 4pt 0 8pt; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; overflow-wrap: anywhere; word-break: normal; }
th { background: #eceff1; font-weight: 600; }
code { font: 8pt ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
ul.plain { margin: 0; padding-left: 12pt; }
.rating { display: inline-block; min-width: 14pt; text-align: center; font-weight: 700; border-radius: 2pt; }
.r-F { background: #c8e6c9; } .r-L { background: #e6f2c2; } .r-P { background: #ffe0b2; } .r-N { background: #ffcdd2; } .r-none { color: #777; }
.sev-major_nonconformity { color: #b3261e; font-weight: 700; }
.sev-minor_nonconformity { color: #8a4b00; font-weight: 600; }
.worse { color: #b3261e; } .better { color: #1b5e20; }
.clause-sample { break-inside: avoid; }
a { color: #0b57d0; }
.notice { margin-top: 16pt; font-size: 8pt; color: #555; }
@media print {
  /* Collapsed borders straddle the table's edge: a hair of room keeps the right one on the page. */
  body { padding: 0 1.5pt; max-width: none; }
  .screen-only { display: none; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
}
