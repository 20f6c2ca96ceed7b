// A saved run: a compact snapshot of a report (counts only, no record lists, no texts of the
// report's language), in the shape the management-review report reads as `history`
// (`ReviewSnapshot` of js/review.js: at, name, edition, window, records, summary, clauses), extended
// with what the comparison and the trend need: per clause its ratings and check outcomes, per check
// its outcomes, per service its stage and outcomes, the clause-level findings (what the work list
// trends against) and the data-quality problems of the run (a snapshot of a run with rejected
// records or stopped checks keeps them, and says so wherever it is shown).
//
// Pure (no DOM, no storage): the page's snapshot worker and the Node tests call it.
import { reviewSnapshot } from 'iso20000';

export const PHASES = ['plan', 'do', 'check', 'act'];
export const STAGES = ['none', 'plan', 'do', 'check', 'act'];
export const RATINGS = ['none', 'N', 'P', 'L', 'F'];
export const SEVERITIES = ['major_nonconformity', 'minor_nonconformity', 'observation', 'opportunity_for_improvement'];

const sum = (phases, key) => PHASES.reduce((n, p) => n + (phases?.[p]?.[key] ?? 0), 0);
const ratingsOf = (phases) => Object.fromEntries(PHASES.map((p) => [p, phases?.[p]?.rating ?? 'none']));

/**
 * The snapshot of `report` (a whole report, services included).
 * @param {object} report
 * @param {{at?: string, name?: string, key?: string}} [options] `at`: when the run was saved;
 *   `key`: the run's content key (`contentKey`), which tells the same run saved twice
 */
export function runSnapshot(report, { at, name, key } = {}) {
  const base = reviewSnapshot(report, { at, name });
  const clauses = {};
  for (const c of report.clauses ?? []) {
    if (!base.clauses[c.id]) continue; // as the review's snapshot: clauses with evidence or findings
    clauses[c.id] = {
      ...base.clauses[c.id],
      ratings: ratingsOf(c.phases),
      passed: sum(c.phases, 'passed'),
      failed: sum(c.phases, 'failed'),
      evidence: sum(c.phases, 'evidence'),
    };
  }
  const checks = {};
  for (const c of report.checks ?? []) {
    if (!c.applicable && !c.limited) continue; // nothing judged and nothing stopped: nothing to compare
    checks[c.id] = {
      severity: c.severity,
      applicable: c.applicable,
      passed: c.passed,
      failed: c.failed,
      ...(typeof c.passRate === 'number' ? { passRate: c.passRate } : {}),
      ...(c.limited ? { limited: c.limited } : {}),
    };
  }
  const services = {};
  for (const s of report.services ?? []) {
    services[s.id] = {
      name: s.name ?? s.id,
      records: s.records ?? 0,
      stage: s.stage ?? 'none',
      ratings: ratingsOf(s.phases),
      passed: sum(s.phases, 'passed'),
      failed: sum(s.phases, 'failed'),
    };
  }
  return {
    ...base,
    ...(key ? { key } : {}),
    lang: report.lang,
    engine: { version: report.engine?.version ?? '', rules: report.engine?.rules ?? '' },
    quality: qualityOf(report),
    clauses,
    checks,
    services,
    clauseFindings: (report.clauseFindings ?? []).map((f) => ({ check: f.check, severity: f.severity, records: f.records, clauses: f.clauses })),
  };
}

/** A report's data-quality problems, as counts (the page's view of a report has what it needs). */
export function qualityOf(report) {
  const q = report.quality ?? {};
  return {
    rejected: report.records?.rejected ?? 0,
    limited: (report.checks ?? []).filter((c) => c.limited > 0).map((c) => c.id),
    alerts: (q.alerts ?? []).length,
    warnings: report.warningsTotal ?? 0,
    // Fields with values the engine did not understand (empty and absent values are no fault).
    unreadable: (q.fields ?? []).filter((f) => f.records - f.readable - (f.empty ?? 0) - (f.absent ?? 0) > 0).length,
  };
}

/**
 * What makes two runs the same run, whatever the edition or language they were shown in: the
 * engine, the window, the records and every check's outcomes, hashed (SHA-256, hex).
 */
export async function contentKey(report) {
  const checks = (report.checks ?? []).map((c) => [c.id, c.applicable, c.passed, c.failed, c.limited ?? 0]);
  const text = JSON.stringify([report.engine, report.window, report.records, checks]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** True when a snapshot's run had records rejected, checks stopped by a limit, alerts or values not understood. */
export function hasQualityProblems(snapshot) {
  const q = snapshot.quality ?? {};
  return (q.rejected ?? snapshot.records?.rejected ?? 0) > 0 || (q.limited?.length ?? 0) > 0 || (q.alerts ?? 0) > 0 || (q.unreadable ?? 0) > 0;
}

/** A stored snapshot's size in bytes (UTF-8 of its JSON): what a saved run costs. */
export function snapshotBytes(snapshot) {
  return new TextEncoder().encode(JSON.stringify(snapshot)).length;
}
