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
    failing: 'Checks failing most', rejected: 'Rejected records', warnings: 'warnings',
    check: 'Check', severity: 'Severity', failed: 'failed', of: 'of', complete: 'complete',
    summary: (s, n) => `${s.clausesCycleComplete} of ${s.clausesWithEvidence} evidenced clauses and ${s.processesCycleComplete} of ${n} processes have a complete PDCA cycle`,
  },
  ja: {
    title: (std) => `${std} — PDCA(計画・実行・確認・改善)`,
    records: (r) => `レコード: 入力 ${r.in} 件、評価 ${r.evaluated} 件、却下 ${r.rejected} 件、期間内 ${r.inWindow} 件`,
    window: (w) => `評価期間: ${w.from ?? '…'} → ${w.to ?? '…'}(基準日 ${w.asOf})`,
    clause: '箇条', process: 'プロセス', stage: '段階', cycle: 'サイクル',
    phases: ['P', 'D', 'C', 'A'],
    stages: { none: '-', plan: '計画', do: '実行', check: '確認', act: '改善' },
    legend: 'F 完全に達成(>85 %)  L 大部分達成(>50 %)  P 部分的に達成(>15 %)  N 未達成  · エビデンスなし',
    failing: '不適合の多いチェック', rejected: '却下されたレコード', warnings: '警告',
    check: 'チェック', severity: '重大度', failed: '件不適合', of: '/', complete: '完了',
    summary: (s, n) => `エビデンスのある箇条 ${s.clausesWithEvidence} のうち ${s.clausesCycleComplete}、プロセス ${n} のうち ${s.processesCycleComplete} で PDCA サイクルが完結`,
  },
};

const COLOURS = { F: '\x1b[42;30m', L: '\x1b[46;30m', P: '\x1b[43;30m', N: '\x1b[41;97m', none: '\x1b[2m' };
const RESET = '\x1b[0m';

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

function fit(s, w) {
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

function cell(rating, colour) {
  const letter = rating === 'none' ? '·' : rating;
  return colour ? `${COLOURS[rating] ?? ''} ${letter} ${RESET}` : ` ${letter} `;
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
  lines.push(t.title(std), t.records(report.records), t.window(report.window), '');
  const header = (label) =>
    `${fit(label, titleWidth + 8)} ${t.phases.map((p) => ` ${p} `).join('')}  ${fit(t.stage, 7)} ${t.cycle}`;
  lines.push(header(t.clause));
  for (const c of report.clauses) {
    const indent = '  '.repeat(Math.max(0, c.depth - 1));
    const label = `${fit(indent + c.id, 14)} ${fit(c.title, titleWidth - 6)}`;
    const ph = ['plan', 'do', 'check', 'act'].map((p) => cell(c.phases[p].rating, colour)).join('');
    lines.push(`${label}${ph}  ${fit(t.stages[c.stage], 7)} ${c.cycleComplete ? '✓' : ''}`);
  }
  lines.push('', t.legend, '', header(t.process));
  for (const p of report.processes) {
    const ph = ['plan', 'do', 'check', 'act'].map((x) => cell(p.phases[x].rating, colour)).join('');
    lines.push(`${fit(p.name, titleWidth + 8)} ${ph}  ${fit(t.stages[p.stage], 7)} ${p.cycleComplete ? '✓' : ''}`);
  }
  const failing = report.checks.filter((c) => c.failed > 0).sort((a, b) => {
    const rank = ['major_nonconformity', 'minor_nonconformity', 'observation', 'opportunity_for_improvement'];
    return rank.indexOf(a.severity) - rank.indexOf(b.severity) || b.failed - a.failed || a.id.localeCompare(b.id);
  });
  if (failing.length) {
    lines.push('', `${t.failing}:`);
    for (const c of failing.slice(0, 15)) {
      const examples = c.examples.slice(0, 3).map((e) => e.number ?? e.id).join(', ');
      lines.push(
        `  ${fit(c.id, 24)} ${fit(c.severityLabel, 20)} ${String(c.failed).padStart(5)} ${t.failed} ${t.of} ${String(c.applicable).padEnd(6)} ${fit(c.title, 44)} ${examples}`,
      );
    }
  }
  if (report.rejected.length) {
    lines.push('', `${t.rejected} (${report.records.rejected}):`);
    for (const r of report.rejected.slice(0, 10)) lines.push(`  #${r.index} ${r.path}: ${r.message}`);
  }
  if (report.warningsTotal) lines.push('', `${report.warningsTotal} ${t.warnings}`);
  lines.push('', t.summary(report.summary, report.processes.length));
  return lines.join('\n') + '\n';
}
