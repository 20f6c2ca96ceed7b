// What to fix first: the report's clause-level findings ranked by severity weight × failing
// records × trend. Pure (no DOM): the browser test imports it to rank the same findings in Node.
//
// The weight is the report's own (`rating.weights`: the ones its ratings used), so a check that
// fails 149 records outranks one that fails 4 of the same weight, and a systemic major finding
// outranks a minor one of as many records. The trend needs an earlier run (a saved snapshot,
// when there is one): a finding that grew weighs up to twice as much, one that shrank down to
// half; a finding the earlier run did not have counts as grown from nothing.
//
// Major nonconformities come first whatever their counts: one stands between the organisation
// and its certificate, so an auditor (and a service manager preparing for one) clears them before
// any number of minor findings or observations. The product orders the rest, and the majors
// among themselves.

const DEFAULT_WEIGHTS = { major_nonconformity: 8, minor_nonconformity: 4, observation: 1, opportunity_for_improvement: 0.25 };

/** The trend factor of a count now against the earlier run's (null: no earlier run). */
export function trendFactor(now, before) {
  if (before === null || before === undefined) return 1;
  return Math.min(2, Math.max(0.5, (now + 1) / (before + 1)));
}

/**
 * @param {object} report with `clauseFindings` and `rating.weights`
 * @param {object | null} previous an earlier report of the same kind of export, or null
 * @returns {{finding: object, weight: number, before: number | null, trend: number, priority: number}[]}
 *   highest priority first; ties by failing records, then by check id
 */
export function rankFindings(report, previous = null) {
  const weights = { ...DEFAULT_WEIGHTS, ...(report.rating?.weights ?? {}) };
  const earlier = previous ? new Map((previous.clauseFindings ?? []).map((f) => [f.check, f.records])) : null;
  return (report.clauseFindings ?? []).map((finding) => {
    const weight = weights[finding.severity] ?? 1;
    const before = earlier ? (earlier.get(finding.check) ?? 0) : null;
    const trend = trendFactor(finding.records, before);
    return { finding, weight, before, trend, priority: weight * finding.records * trend };
  }).sort((a, b) => majorFirst(a) - majorFirst(b) || b.priority - a.priority || b.finding.records - a.finding.records
    || a.finding.check.localeCompare(b.finding.check));
}

function majorFirst(ranked) {
  return ranked.finding.severity === 'major_nonconformity' ? 0 : 1;
}
