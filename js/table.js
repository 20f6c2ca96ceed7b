// Renders a report for a terminal: the PDCA matrix (clauses × Plan/Do/Check/Act), processes,
// the checks failing most, and what was rejected. English or Japanese, with or without colour.

const TEXT = {
  en: {
    title: (std) => `${std} — Plan-Do-Check-Act`,
    records: (r) => `records: ${r.in} in, ${r.evaluated} evaluated, ${r.rejected} rejected, ${r.inWindow} in window`,
    window: (w) => `window: ${w.from ?? '…'} → ${w.to ?? '…'} (as of ${w.asOf})`,
    clause: 'Clause', process: 'Process', stage: 'Stage', cycle: 'Cycle',
    phases: ['P', 'D', 'C', 'A'],
    stages: { none: '-', plan: 'Plan', do: 'Do', check: 'Check', act: 'Act' },
    legend: 'F fully (>85 %)  L largely (>50 %)  P partially (>15 %)  N not achieved  · no evidence',
    failing: 'Findings, as an auditor raises them (one per check, most severe first)', rejected: 'Rejected records', warnings: (n) => (n === 1 ? 'warning' : 'warnings'),
    check: 'Check', severity: 'Severity', failed: 'failed', of: 'of', complete: 'complete',
    systemic: 'systemic', recordsWord: 'records',
    missing: 'lacks', phaseNames: { plan: 'Plan', do: 'Do', check: 'Check', act: 'Act' },
    performance: 'Performance against targets (not part of the ratings)', met: 'met',
    services: 'Services', service: 'Service', outOfScope: 'outside the SMS scope',
    lowEvidence: '~ fewer evidence records than the pack asks for: read with care',
    unusable: (r) => `WARNING: ${r.rejected} of ${r.in} records were rejected and not evaluated; the ratings below speak only for the rest`,
    summary: (s, n) => `${s.clausesCycleComplete} of ${s.clausesWithEvidence} evidenced clauses, ${s.processesCycleComplete} of ${n} processes and ${s.servicesCycleComplete} of ${s.services} services have a complete PDCA cycle`,
  },
  ja: {
    title: (std) => `${std} — PDCA(計画・実行・確認・改善)`,
    records: (r) => `レコード: 入力 ${r.in} 件、評価 ${r.evaluated} 件、却下 ${r.rejected} 件、期間内 ${r.inWindow} 件`,
    window: (w) => `評価期間: ${w.from ?? '…'} → ${w.to ?? '…'}(基準日 ${w.asOf})`,
    clause: '箇条', process: 'プロセス', stage: '段階', cycle: 'サイクル',
    phases: ['P', 'D', 'C', 'A'],
    stages: { none: '-', plan: '計画', do: '実行', check: '確認', act: '改善' },
    legend: 'F 完全に達成(>85 %)  L 大部分達成(>50 %)  P 部分的に達成(>15 %)  N 未達成  · エビデンスなし',
    failing: '指摘事項(監査での指摘と同様にチェックごとに 1 件、重大なものから)', rejected: '却下されたレコード', warnings: () => '件の警告',
    check: 'チェック', severity: '重大度', failed: '件不適合', of: '/', complete: '完了',
    systemic: '組織的', recordsWord: '件',
    missing: '不足', phaseNames: { plan: '計画', do: '実行', check: '確認', act: '改善' },
    performance: '目標に対するパフォーマンス(評価には含めない)', met: '達成',
    services: 'サービス', service: 'サービス', outOfScope: 'SMS の適用範囲外',
    lowEvidence: '~ エビデンスのレコード数がパックの下限未満: 評価は慎重に読んでください',
    unusable: (r) => `警告: 入力 ${r.in} 件のうち ${r.rejected} 件が却下され評価されていません。以下の評価は残りのレコードだけに基づきます`,
    summary: (s, n) => `エビデンスのある箇条 ${s.clausesWithEvidence} のうち ${s.clausesCycleComplete}、プロセス ${n} のうち ${s.processesCycleComplete}、サービス ${s.services} のうち ${s.servicesCycleComplete} で PDCA サイクルが完結`,
  },
};

const COLOURS = { F: '\x1b[42;30m', L: '\x1b[46;30m', P: '\x1b[43;30m', N: '\x1b[41;97m', none: '\x1b[2m' };
const RESET = '\x1b[0m';

// C0 and C1 controls, DEL, and the invisible marks that reorder or hide text (bidi embeddings,
// overrides and isolates, zero-width and line/paragraph separators, BOM).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/gu;

/**
 * Record data made safe for a terminal: every control character (ESC sequences, CR, bidi
 * overrides …) is shown escaped (`\x1b`, `\u202e`) rather than acted on.
 */
export function safe(value) {
  return String(value ?? '').replace(UNSAFE, (ch) => {
    const c = ch.codePointAt(0);
    return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
  });
}

/** Display width of a string in a terminal (CJK and full-width forms take two columns). */
export function width(s) {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0);
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ? 2 : 1;
  }
  return w;
}

function fit(value, w) {
  const s = safe(value);
  let out = '';
  let used = 0;
  for (const ch of s) {
    const cw = width(ch);
    if (used + cw > w) {
      out = out.slice(0, -1) + '…';
      used = used - 1 + 1;
      break;
    }
    out += ch;
    used += cw;
  }
  return out + ' '.repeat(Math.max(0, w - width(out)));
}

function cell(phaseCell, colour) {
  const rating = phaseCell.rating;
  const letter = rating === 'none' ? '·' : rating;
  const mark = phaseCell.lowEvidence ? '~' : ' ';
  return colour ? `${COLOURS[rating] ?? ''} ${letter}${mark}${RESET}` : ` ${letter}${mark}`;
}

const PHASES = ['plan', 'do', 'check', 'act'];

/** "lacks Check, Act" for a row whose cycle misses evidence. */
function lacks(row, t) {
  const phases = (row.missing ?? []).map((m) => t.phaseNames[m.phase]);
  return phases.length ? `${t.missing} ${phases.join(', ')}` : '';
}

/**
 * @param {object} report the engine's report
 * @param {{colour?: boolean, columns?: number, standard?: string}} [options]
 */
export function renderReport(report, { colour = false, columns = 100, standard } = {}) {
  const t = TEXT[report.lang] ?? TEXT.en;
  const std = standard ?? (report.edition === '2011' ? 'ISO/IEC 20000-1:2011 (JIS Q 20000-1:2012)' : 'ISO/IEC 20000-1:2018');
  const lines = [];
  const titleWidth = Math.max(30, Math.min(columns, 120) - 34);
  // Never green over a failure: a run that lost records says so before anything else.
  if (report.records.rejected > 0) lines.push(t.unusable(report.records), '');
  lines.push(t.title(std), t.records(report.records), t.window(report.window), '');
  const header = (label) =>
    `${fit(label, titleWidth + 8)} ${t.phases.map((p) => ` ${p} `).join('')}  ${fit(t.stage, 7)} ${t.cycle}`;
  lines.push(header(t.clause));
  for (const c of report.clauses) {
    const indent = '  '.repeat(Math.max(0, c.depth - 1));
    const label = `${fit(indent + c.id, 14)} ${fit(c.title, titleWidth - 6)}`;
    const ph = PHASES.map((p) => cell(c.phases[p], colour)).join('');
    lines.push(`${label}${ph}  ${fit(t.stages[c.stage], 7)} ${c.cycleComplete ? '✓' : ''}`);
  }
  lines.push('', t.legend, t.lowEvidence, '', header(t.process));
  for (const p of report.processes) {
    const ph = PHASES.map((x) => cell(p.phases[x], colour)).join('');
    const tail = p.cycleComplete ? '✓' : `  ${lacks(p, t)}`;
    lines.push(`${fit(p.name, titleWidth + 8)} ${ph}  ${fit(t.stages[p.stage], 7)} ${tail}`.trimEnd());
  }
  const findings = report.clauseFindings ?? [];
  if (findings.length) {
    lines.push('', `${t.failing}:`);
    for (const f of findings.slice(0, 20)) {
      const examples = f.examples.slice(0, 3).map((e) => safe(e.number ?? e.id)).join(', ');
      const label = f.systemic ? `${f.severityLabel} (${t.systemic})` : f.severityLabel;
      lines.push(
        `  ${fit(f.check, 24)} ${fit(label, 30)} ${String(f.records).padStart(5)} ${t.of} ${String(f.judged).padEnd(6)} ${fit(`${f.share} %`, 8)} ${fit(f.clauses.join(' '), 10)} ${fit(f.title, 40)} ${examples}`.trimEnd(),
      );
    }
  }
  if (findings.length > 20) lines.push(`  … ${findings.length - 20}`);
  const performing = report.processes.filter((p) => p.performance);
  if (performing.length) {
    lines.push('', `${t.performance}:`);
    for (const p of performing) {
      const perf = p.performance;
      lines.push(`  ${fit(p.name, titleWidth)} ${String(perf.share).padStart(5)} % ${t.met} (${perf.met} ${t.of} ${perf.met + perf.missed})`);
    }
  }
  const services = [...(report.services ?? [])].sort((a, b) => b.records - a.records || a.name.localeCompare(b.name));
  if (services.length) {
    lines.push('', header(t.services));
    for (const s of services.slice(0, 15)) {
      const ph = PHASES.map((x) => cell(s.phases[x], colour)).join('');
      const scope = s.inScope ? '' : `  (${t.outOfScope})`;
      lines.push(`${fit(`${s.name} · ${s.records} ${t.recordsWord}`, titleWidth + 8)} ${ph}  ${fit(t.stages[s.stage], 7)} ${s.cycleComplete ? '✓' : ''}${scope}`.trimEnd());
    }
    if (services.length > 15) lines.push(`  … ${services.length - 15}`);
  }
  if (report.rejected.length) {
    lines.push('', `${t.rejected} (${report.records.rejected}):`);
    for (const r of report.rejected.slice(0, 10)) lines.push(`  #${r.index} ${safe(r.path)}: ${safe(r.message)}`);
  }
  if (report.warningsTotal) lines.push('', `${report.warningsTotal} ${t.warnings(report.warningsTotal)}`);
  lines.push('', t.summary(report.summary, report.processes.length));
  return lines.join('\n') + '\n';
}
