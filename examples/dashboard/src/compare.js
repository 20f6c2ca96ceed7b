// What changed between two saved runs, and how each clause and check moved across all of them.
// Pure (no DOM): the Node tests compare runs with it too.
//
// Direction, per row:
//   clause, service  ratings and stage: each step a phase's rating (N < P < L < F, phases rated in
//                    both runs) or the stage (none < plan < do < check < act) moved up counts +1,
//                    each clause-level finding more counts -1 (clauses). A net zero (or no rating
//                    change at all) falls back to the share of passing check outcomes.
//   check            the pass rate; when it did not move, fewer failing records is better.
// A row that moved both ways to a net zero is "changed". Rows are sorted by the size of the
// change: rating/stage steps and findings first, then failing records (clauses, services); failing
// records, then the pass rate (checks).
import { PHASES, RATINGS, STAGES } from './snapshot-data.js';

const stageRank = (s) => Math.max(0, STAGES.indexOf(s ?? 'none'));
const ratingRank = (r) => RATINGS.indexOf(r ?? 'none'); // 0 = no rating

/** Share of passing outcomes in percent (one decimal), null without outcomes. */
export function passShare(x) {
  if (!x) return null;
  const n = (x.passed ?? 0) + (x.failed ?? 0);
  return n ? Math.round(((x.passed ?? 0) / n) * 1000) / 10 : null;
}

const sign = (n) => (n > 0 ? 1 : n < 0 ? -1 : 0);

function direction(score, changed) {
  if (score > 0) return 'improved';
  if (score < 0) return 'worse';
  return changed ? 'changed' : 'unchanged';
}

/** Rating and stage steps between two states of a clause or service (phases rated in both). */
function steps(before, after) {
  let up = 0;
  let moved = 0;
  for (const p of PHASES) {
    const a = ratingRank(before?.ratings?.[p]);
    const b = ratingRank(after?.ratings?.[p]);
    if (a > 0 && b > 0 && a !== b) {
      up += b - a;
      moved += Math.abs(b - a);
    }
  }
  const stage = stageRank(after?.stage) - stageRank(before?.stage);
  return { up: up + stage, moved: moved + Math.abs(stage), ratingsMoved: PHASES.some((p) => (before?.ratings?.[p] ?? 'none') !== (after?.ratings?.[p] ?? 'none')) };
}

function graded(id, before, after, { findings }) {
  const s = steps(before, after);
  const dFindings = findings ? (after?.findings ?? 0) - (before?.findings ?? 0) : 0;
  const dFailed = (after?.failed ?? 0) - (before?.failed ?? 0);
  const rateBefore = passShare(before);
  const rateAfter = passShare(after);
  const dRate = rateBefore !== null && rateAfter !== null ? Math.round((rateAfter - rateBefore) * 10) / 10 : null;
  const primary = s.up - dFindings;
  const score = primary !== 0 ? primary : sign(dRate ?? -dFailed);
  const changed = !before || !after || s.ratingsMoved || s.moved > 0 || dFindings !== 0 || dFailed !== 0 || (after?.passed ?? 0) !== (before?.passed ?? 0);
  return {
    id, before: before ?? null, after: after ?? null, dFindings, dFailed, dRate, rateBefore, rateAfter,
    direction: direction(score, changed), size: [s.moved + Math.abs(dFindings), Math.abs(dFailed)],
  };
}

function checkRow(id, before, after) {
  const dFailed = (after?.failed ?? 0) - (before?.failed ?? 0);
  const rateBefore = before?.passRate ?? null;
  const rateAfter = after?.passRate ?? null;
  const dRate = rateBefore !== null && rateAfter !== null ? Math.round((rateAfter - rateBefore) * 10) / 10 : null;
  const score = dRate ? sign(dRate) : -sign(dFailed);
  const changed = !before || !after || dFailed !== 0 || (after.passed ?? 0) !== (before.passed ?? 0) || (after.limited ?? 0) !== (before.limited ?? 0);
  return {
    id, before: before ?? null, after: after ?? null, dFailed, dRate, rateBefore, rateAfter,
    direction: direction(score, changed), size: [Math.abs(dFailed), Math.abs(dRate ?? 0)],
  };
}

const bySize = (a, b) => b.size[0] - a.size[0] || b.size[1] - a.size[1] || a.id.localeCompare(b.id, 'en', { numeric: true });

function rows(before, after, make) {
  const ids = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const all = [...ids].map((id) => make(id, before?.[id], after?.[id]));
  const changed = all.filter((r) => r.direction !== 'unchanged').sort(bySize);
  const tally = { improved: 0, worse: 0, changed: 0, unchanged: all.length - changed.length };
  for (const r of changed) tally[r.direction]++;
  return { rows: changed, tally };
}

/**
 * The changes from run `before` to run `after` (snapshots), per clause, check and service. Clauses
 * are compared only within one edition (their ids differ between editions): `sameEdition` false
 * leaves `clauses` empty.
 */
export function compareRuns(before, after) {
  const sameEdition = before.edition === after.edition;
  return {
    sameEdition,
    clauses: sameEdition ? rows(before.clauses, after.clauses, (id, a, b) => graded(id, a, b, { findings: true })) : { rows: [], tally: { improved: 0, worse: 0, changed: 0, unchanged: 0 } },
    checks: rows(before.checks, after.checks, checkRow),
    services: rows(before.services, after.services, (id, a, b) => ({ ...graded(id, a, b, { findings: false }), name: b?.name ?? a?.name ?? id })),
  };
}

/** Saved runs oldest first (by `at`, then by when they were saved). */
export function chronological(runs) {
  return [...runs].sort((a, b) => String(a.snapshot.at ?? '').localeCompare(String(b.snapshot.at ?? '')) || String(a.savedAt).localeCompare(String(b.savedAt)) || (a.id ?? 0) - (b.id ?? 0));
}

const spread = (values) => {
  const v = values.filter((x) => x !== null && x !== undefined);
  return v.length ? Math.max(...v) - Math.min(...v) : 0;
};

/**
 * Per clause and per check, its figures in each run (oldest first): clauses the pass share of
 * their check outcomes, their findings and ratings (runs of the edition of the latest run only);
 * checks their failing records and pass rate. Rows that moved most come first.
 * @param {{snapshot: object}[]} runs oldest first
 */
export function trendRows(runs) {
  const edition = runs.at(-1)?.snapshot.edition;
  const clauseIds = new Set();
  const checkIds = new Set();
  for (const r of runs) {
    if (r.snapshot.edition === edition) for (const id of Object.keys(r.snapshot.clauses ?? {})) clauseIds.add(id);
    for (const id of Object.keys(r.snapshot.checks ?? {})) checkIds.add(id);
  }
  const clauses = [...clauseIds].map((id) => {
    const points = runs.map((r) => (r.snapshot.edition === edition ? r.snapshot.clauses?.[id] ?? null : null));
    const rates = points.map(passShare);
    const findings = points.map((c) => (c ? c.findings : null));
    return { id, points, rates, findings, move: [spread(findings), spread(rates)] };
  }).sort((a, b) => b.move[0] - a.move[0] || b.move[1] - a.move[1] || a.id.localeCompare(b.id, 'en', { numeric: true }));
  const checks = [...checkIds].map((id) => {
    const points = runs.map((r) => r.snapshot.checks?.[id] ?? null);
    const failed = points.map((c) => (c ? c.failed : null));
    const rates = points.map((c) => c?.passRate ?? null);
    return { id, points, failed, rates, move: [spread(failed), spread(rates)] };
  }).sort((a, b) => b.move[0] - a.move[0] || b.move[1] - a.move[1] || a.id.localeCompare(b.id));
  return { edition, clauses, checks };
}
