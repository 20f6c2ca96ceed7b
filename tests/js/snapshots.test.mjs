// The dashboard's saved runs, without a browser: the snapshot (examples/dashboard/src/snapshot-data.js)
// against the report it was made from, the run file's reading (run-file.js: round trip, every kind
// of bad file) and the comparison (compare.js) on hand-made runs whose answer is known.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Engine, reviewHtml } from '../../js/node.js';
import { compareRuns, trendRows } from '../../examples/dashboard/src/compare.js';
import { MAX_FILE_BYTES, readRunFile, runFileName, runFileText } from '../../examples/dashboard/src/run-file.js';
import { contentKey, hasQualityProblems, runSnapshot, snapshotBytes } from '../../examples/dashboard/src/snapshot-data.js';

const DEMO = new URL('../../examples/data/demo-export.json', import.meta.url);
const OPTIONS = { source: 'auto', findings: true, from: '2025-12-01', to: '2026-11-30' };
const report = new Engine().evaluate(readFileSync(DEMO), OPTIONS);

test('a snapshot holds the report\'s figures per clause, check and service, and its data-quality problems', async () => {
  const key = await contentKey(report);
  const s = runSnapshot(report, { at: '2026-12-01T00:00:00Z', name: 'demo', key });
  assert.equal(s.at, '2026-12-01T00:00:00Z');
  assert.equal(s.key, key);
  assert.match(key, /^[0-9a-f]{64}$/);
  assert.deepEqual(s.summary, report.summary);
  assert.deepEqual(s.records, { in: report.records.in, evaluated: report.records.evaluated, rejected: report.records.rejected });
  const c = report.checks.find((x) => x.id === 'INC-CLASSIFIED');
  assert.deepEqual(s.checks['INC-CLASSIFIED'], { severity: c.severity, applicable: c.applicable, passed: c.passed, failed: c.failed, passRate: c.passRate });
  const clause = report.clauses.find((x) => x.id === '8.6.1');
  assert.equal(s.clauses['8.6.1'].findings, clause.findings.length);
  assert.equal(s.clauses['8.6.1'].failed, ['plan', 'do', 'check', 'act'].reduce((n, p) => n + clause.phases[p].failed, 0));
  assert.equal(Object.keys(s.services).length, report.services.length);
  assert.equal(s.clauseFindings.length, report.clauseFindings.length);
  assert.equal(s.quality.rejected, 3);
  assert.ok(hasQualityProblems(s), 'rejected records are a data-quality problem');
  assert.ok(!hasQualityProblems({ ...s, quality: { rejected: 0, limited: [], alerts: 0, warnings: 0, unreadable: 0 } }));
  // Small: the report is over a megabyte.
  assert.ok(snapshotBytes(s) < 64 * 1024, `${snapshotBytes(s)} bytes`);
  // The review's trend reads it as history.
  const html = reviewHtml(report, { history: [s] });
  assert.match(html, /demo/);
});

test('the content key tells the same run in another language apart from another run', async () => {
  const ja = new Engine({ lang: 'ja' }).evaluate(readFileSync(DEMO), OPTIONS);
  assert.equal(await contentKey(ja), await contentKey(report));
  const other = new Engine().evaluate(readFileSync(DEMO), { ...OPTIONS, to: '2026-06-30' });
  assert.notEqual(await contentKey(other), await contentKey(report));
});

test('a run file round-trips, and its name is safe for a file system', () => {
  const run = { name: 'Q3 / "final"', savedAt: '2026-12-01T10:00:00.000Z', snapshot: runSnapshot(report, { at: '2026-12-01T10:00:00.000Z', name: 'Q3' }) };
  const read = readRunFile(runFileText(run));
  assert.equal(read.ok, true, JSON.stringify(read.problems));
  assert.deepEqual(read.run, JSON.parse(JSON.stringify(run)));
  assert.equal(runFileName(run), 'Q3 _ _final_.iso20000-run.json');
  // A byte-order mark is no fault.
  assert.equal(readRunFile(`\ufeff${runFileText(run)}`).ok, true);
});

test('a bad run file says what is wrong, and where', () => {
  const good = JSON.parse(runFileText({ name: 'x', savedAt: '2026-12-01T10:00:00Z', snapshot: runSnapshot(report) }));
  const problems = (doc) => readRunFile(typeof doc === 'string' ? doc : JSON.stringify(doc)).problems;
  assert.deepEqual(problems('{\n  "format": ,\n}'), [{ code: 'json', path: '', line: 2, column: 13 }]);
  assert.deepEqual(problems(''), [{ code: 'json', path: '', line: 1, column: 1 }]);
  assert.deepEqual(problems('[]'), [{ code: 'notRun', path: '' }]);
  assert.deepEqual(problems({ schemaVersion: 2 }), [{ code: 'format', path: 'format', found: 'undefined' }]);
  assert.deepEqual(problems({ ...good, version: 2 }), [{ code: 'version', path: 'version', found: '2' }]);
  assert.deepEqual(readRunFile('{}', MAX_FILE_BYTES + 1).problems, [{ code: 'tooLarge', path: '', bytes: MAX_FILE_BYTES + 1, max: MAX_FILE_BYTES }]);
  const bad = structuredClone(good);
  bad.run.name = '  ';
  bad.run.snapshot.checks['INC-CLASSIFIED'].failed = 1.5;
  bad.run.snapshot.checks['INC-CLASSIFIED'].passRate = 140;
  bad.run.snapshot.clauses['8.6.1'].ratings.do = 'X';
  bad.run.snapshot.summary.findingsBySeverity.fatal = 1;
  bad.run.snapshot.services = JSON.parse('{"__proto__": {"name": "x"}}');
  delete bad.run.snapshot.edition;
  assert.deepEqual(problems(bad), [
    { code: 'type', path: 'run.name', expected: 'text', max: 200 },
    { code: 'missing', path: 'run.snapshot.edition' },
    { code: 'value', path: 'run.snapshot.summary.findingsBySeverity', allowed: ['major_nonconformity', 'minor_nonconformity', 'observation', 'opportunity_for_improvement'], key: 'fatal' },
    { code: 'value', path: 'run.snapshot.clauses.8.6.1.ratings.do', allowed: ['none', 'N', 'P', 'L', 'F'] },
    { code: 'type', path: 'run.snapshot.checks.INC-CLASSIFIED.passRate', expected: 'percent' },
    { code: 'type', path: 'run.snapshot.checks.INC-CLASSIFIED.failed', expected: 'count' },
    { code: 'key', path: 'run.snapshot.services', key: '__proto__' },
  ]);
  // Control characters in a name are refused (they could hide what is shown).
  const hidden = structuredClone(good);
  hidden.run.name = 'a\u0007b';
  assert.deepEqual(problems(hidden), [{ code: 'type', path: 'run.name', expected: 'text', max: 200 }]);
  // Unknown fields are dropped, not kept.
  const extra = structuredClone(good);
  extra.run.snapshot.script = '<script>';
  extra.run.extra = 1;
  const read = readRunFile(JSON.stringify(extra));
  assert.equal(read.ok, true);
  assert.equal('script' in read.run.snapshot, false);
  assert.equal('extra' in read.run, false);
});

/** A hand-made run: one clause, one check and one service with the given figures. */
function run({ edition = '2018', stage = 'do', ratings = { plan: 'F', do: 'L', check: 'none', act: 'none' }, findings = 1, passed = 90, failed = 10, at = '2026-01-01T00:00:00Z' } = {}) {
  const figures = { stage, ratings, passed, failed };
  return {
    at, edition,
    clauses: { '8.6.1': { ...figures, findings, evidence: 5 } },
    checks: { 'INC-X': { severity: 'minor_nonconformity', applicable: passed + failed, passed, failed, passRate: Math.round((passed / (passed + failed)) * 1000) / 10 } },
    services: { s1: { name: 'Desk', records: 10, ...figures } },
  };
}

test('compare: better ratings and fewer failures improve, the opposite worsens, net zero is "changed"', () => {
  const a = run();
  const up = compareRuns(a, run({ ratings: { plan: 'F', do: 'F', check: 'none', act: 'none' }, stage: 'do', findings: 0, passed: 98, failed: 2 }));
  assert.equal(up.clauses.rows[0].direction, 'improved');
  assert.deepEqual(up.clauses.rows[0].size, [2, 8]); // one rating step and one finding fewer; 8 failures fewer
  assert.equal(up.checks.rows[0].direction, 'improved');
  assert.equal(up.checks.rows[0].dFailed, -8);
  assert.equal(up.services.rows[0].direction, 'improved');
  const down = compareRuns(a, run({ ratings: { plan: 'F', do: 'P', check: 'none', act: 'none' }, findings: 3, passed: 80, failed: 20 }));
  assert.equal(down.clauses.rows[0].direction, 'worse');
  assert.equal(down.checks.rows[0].direction, 'worse');
  // A rating up, a finding more: net zero, so the share of passing outcomes decides; equal too: changed.
  const mixed = compareRuns(a, run({ ratings: { plan: 'F', do: 'F', check: 'none', act: 'none' }, findings: 2 }));
  assert.equal(mixed.clauses.rows[0].direction, 'changed');
  assert.deepEqual(mixed.clauses.tally, { improved: 0, worse: 0, changed: 1, unchanged: 0 });
  // Nothing moved: no rows, all unchanged.
  const still = compareRuns(a, run({ at: '2026-02-01T00:00:00Z' }));
  assert.deepEqual([still.clauses.rows.length, still.checks.rows.length, still.services.rows.length], [0, 0, 0]);
  assert.equal(still.checks.tally.unchanged, 1);
  // Another edition: clauses are not compared, checks are.
  const other = compareRuns(a, run({ edition: '2011', passed: 50, failed: 50 }));
  assert.equal(other.sameEdition, false);
  assert.equal(other.clauses.rows.length, 0);
  assert.equal(other.checks.rows[0].direction, 'worse');
});

test('compare sorts by the size of the change', () => {
  const a = run();
  a.checks['INC-Y'] = { ...a.checks['INC-X'] };
  const b = run({ passed: 95, failed: 5 });
  b.checks['INC-Y'] = { severity: 'minor_nonconformity', applicable: 100, passed: 60, failed: 40, passRate: 60 };
  assert.deepEqual(compareRuns(a, b).checks.rows.map((r) => [r.id, r.direction, r.dFailed]), [['INC-Y', 'worse', 30], ['INC-X', 'improved', -5]]);
});

test('trend rows: one point per run, oldest first, the rows that moved most first', () => {
  const runs = [run({ failed: 10 }), run({ failed: 4, at: '2026-02-01T00:00:00Z' }), run({ failed: 2, at: '2026-03-01T00:00:00Z' })].map((snapshot) => ({ snapshot }));
  runs[2].snapshot.checks['INC-Z'] = { severity: 'observation', applicable: 5, passed: 5, failed: 0, passRate: 100 };
  const { checks, clauses } = trendRows(runs);
  assert.deepEqual(checks.map((c) => [c.id, c.failed]), [['INC-X', [10, 4, 2]], ['INC-Z', [null, null, 0]]]);
  assert.deepEqual(clauses[0].rates, [90, 95.7, 97.8]);
});
