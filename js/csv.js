// Findings as CSV: one row per failing (record, check) pair of a report evaluated with
// `findings: true`, joined with the check's words (title, clauses of the report's edition,
// message, hint) in the report's language. Shared by the CLI (`--format csv`) and the dashboard.

const HEADERS = {
  en: ['Record', 'Number', 'Kind', 'Tool', 'Time (UTC)', 'Link', 'Check', 'Title', 'Severity', 'Phase', 'Clauses', 'Message', 'Fix'],
  ja: ['レコード', '番号', '種別', 'ツール', '日時(UTC)', 'リンク', 'チェック', 'タイトル', '重大度', 'フェーズ', '箇条', 'メッセージ', '対処'],
};
const PHASES = {
  en: { plan: 'Plan', do: 'Do', check: 'Check', act: 'Act' },
  ja: { plan: '計画', do: '実行', check: '確認', act: '改善' },
};

/**
 * One CSV field (RFC 4180). A cell that a spreadsheet would run as a formula (=, +, -, @, tab,
 * CR) gets a leading apostrophe: record fields come from tickets anyone can type into.
 */
function field(value) {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * @param {object} report a report evaluated with `findings: true`
 * @param {{bom?: boolean}} [options] `bom` prefixes a UTF-8 byte-order mark so that spreadsheet
 *   programs read Japanese text correctly
 * @returns {string} CSV text, CRLF line ends, a header row first
 */
export function findingsCsv(report, { bom = false } = {}) {
  if (!Array.isArray(report?.findings)) {
    const e = new Error('the report has no findings list: evaluate with { findings: true }');
    e.code = 'E_MISUSE';
    throw e;
  }
  const lang = report.lang === 'ja' ? 'ja' : 'en';
  const checks = new Map(report.checks.map((c) => [c.id, c]));
  const clauseKey = report.edition === '2011' ? 'clauses2011' : 'clauses2018';
  const rows = [HEADERS[lang]];
  for (const f of report.findings) {
    const c = checks.get(f.check);
    rows.push([
      f.id, f.number, f.kind, f.tool, f.time, f.url, f.check, c?.title, c?.severityLabel ?? f.severity,
      PHASES[lang][f.phase] ?? f.phase, c?.[clauseKey]?.join(' '), c?.message, c?.hint,
    ]);
  }
  return (bom ? '\ufeff' : '') + rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}
