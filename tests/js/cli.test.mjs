// The command line: formats, options, exit codes and the progress line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../js/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'iso20000-cli-'));
const run = (args, input) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input, maxBuffer: 64 << 20 });
const write = (name, value) => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

const records = [
  { id: 'INC-1', kind: 'incident', state: 'new', category: 'network', openedAt: '2026-03-01T09:00:00Z' },
  { id: 'INC-2', kind: 'incident', state: 'new', category: null, openedAt: '2026-03-02T09:00:00Z' },
  { sys_id: 's1', number: 'CHG0000001', sys_class_name: 'change_request', state: '3', type: 'normal', approval: 'requested', opened_at: '2026-03-03 10:00:00', close_code: 'successful' },
];

test('evaluate --format json prints the report', () => {
  const r = run(['evaluate', write('a.json', records), '--format', 'json', '--as-of', '2026-06-30']);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual([report.records.in, report.records.evaluated], [3, 3]);
  assert.equal(report.edition, '2018');
});

test('evaluate prints the PDCA matrix table, in Japanese and for the 2011 edition on request', () => {
  const file = write('b.json', records);
  const en = run(['evaluate', file, '--as-of', '2026-06-30']);
  assert.equal(en.status, 0, en.stderr);
  assert.match(en.stdout, /ISO\/IEC 20000-1:2018/);
  // 1 of 2 incidents uncategorised: P, marked `~` (fewer evidence records than the pack asks for).
  assert.match(en.stdout, /8\.6\.1\s+Incident management\s+·\s+P~\s+·\s+·/);
  assert.match(en.stdout, /CHG-APPROVED/);
  const ja = run(['evaluate', file, '--lang', 'ja', '--edition', '2011', '--as-of', '2026-06-30']);
  assert.equal(ja.status, 0, ja.stderr);
  assert.match(ja.stdout, /JIS Q 20000-1:2012/);
  assert.match(ja.stdout, /8\.1\s+インシデント及びサービス要求管理/);
  // One unauthorised change is a single lapse: a minor nonconformity, not a systemic major.
  assert.match(ja.stdout, /軽微な不適合/);
  assert.doesNotMatch(ja.stdout, /重大な不適合/);
});

test('--source servicenow rejects canonical records; auto reads both', () => {
  const file = write('c.json', records);
  const sn = JSON.parse(run(['evaluate', file, '--source', 'servicenow', '--format', 'json']).stdout);
  assert.deepEqual([sn.records.evaluated, sn.records.rejected], [1, 2]);
  const canonical = JSON.parse(run(['evaluate', file, '--source', 'canonical', '--format', 'json']).stdout);
  assert.deepEqual([canonical.records.evaluated, canonical.records.rejected], [2, 1]);
});

test('reads stdin with -', () => {
  const r = run(['evaluate', '-', '--format', 'json'], JSON.stringify(records));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).records.in, 3);
});

test('bad input exits 2 with the position; a missing file exits 2', () => {
  const r = run(['evaluate', write('d.json', '[{"id": "a",}]')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /E_JSON_SYNTAX: malformed JSON at line 1 column 13/);
  assert.equal(run(['evaluate', join(dir, 'missing.json')]).status, 2);
  assert.equal(run(['evaluate', write('e.json', '[]'), '--edition', '2005']).status, 2);
  assert.equal(run(['evaluate']).status, 2);
  assert.equal(run(['frobnicate']).status, 2);
});

test('--lang ja: the command and the engine report errors, rejections and progress in Japanese', () => {
  const syntax = run(['evaluate', write('j.json', '[{"id": "a",}]'), '--lang', 'ja']);
  assert.equal(syntax.status, 2);
  assert.match(syntax.stderr, /E_JSON_SYNTAX: JSON の形式が正しくありません（1 行 13 列）/);
  const usage = run(['evaluate', '--lang=ja']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /evaluate には FILE/);
  assert.match(run(['crosswalk', '99', '--from', '2018', '--lang', 'ja']).stderr, /"99" は 2018 年版の箇条ではありません/);
  const bad = write('bad-ja.json', { id: 'b', version: '1', checks: [{ id: 'X', severity: 'fatal' }] });
  const pack = run(['evaluate', write('k.json', '[]'), '--rules', bad, '--lang', 'ja']);
  assert.equal(pack.status, 2);
  assert.match(pack.stderr, /\$\.rules\[0\]\.checks\[0\]\.severity: 重大度 "fatal" は不明です/);
  const report = JSON.parse(run(['evaluate', write('l.json', [{ id: 'X', kind: 'meeting' }]), '--lang', 'ja', '--format', 'json']).stdout);
  assert.match(report.rejected[0].message, /`meeting` は使えない値です/);
});

test('--fail-on exits 1 when clause-level findings reach the severity, 0 otherwise', () => {
  const file = write('f.json', records);
  // One unauthorised change: a minor finding.
  assert.equal(run(['evaluate', file, '--fail-on', 'major_nonconformity']).status, 0);
  assert.equal(run(['evaluate', file, '--fail-on', 'minor_nonconformity']).status, 1);
  // Three of three: systemic, escalated to a major nonconformity.
  const unauthorised = [0, 1, 2].map((i) => ({ ...records[2], sys_id: `s${i}`, number: `CHG000000${i}` }));
  assert.equal(run(['evaluate', write('f3.json', unauthorised), '--fail-on', 'major_nonconformity']).status, 1);
  const clean = write('g.json', [records[0]]);
  assert.equal(run(['evaluate', clean, '--fail-on', 'observation', '--as-of', '2026-06-30']).status, 0);
  assert.equal(run(['evaluate', clean, '--fail-on', 'fatal']).status, 2);
});

test('large inputs show a progress bar on stderr and give the one-pass report', () => {
  const many = Array.from({ length: 12000 }, (_, i) => ({ id: `INC-${i}`, kind: 'incident', state: 'new', category: i % 7 ? 'network' : null, title: 'x'.repeat(200), openedAt: '2026-03-01T09:00:00Z' }));
  const file = write('big.json', many);
  const r = run(['evaluate', file, '--format', 'json', '--as-of', '2026-06-30']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /evaluating \[#*\.+\]\s+\d+ %[\s\S]*evaluating \[#+\]\s+100 %\nevaluated 12000 records/);
  // With rejected records the last line says what was read and what was left out, never that all
  // of it was evaluated.
  const some = many.map((r, i) => (i % 1000 === 5 ? { ...r, openedAt: 'last tuesday' } : r));
  for (const [lang, line] of [['en', /\nread 12000 records: 11988 evaluated, 12 rejected\n/], ['ja', /\n12000 件のレコードを読み込みました（評価 11988 件、除外 12 件）\n/]]) {
    const rejected = run(['evaluate', write('some.json', some), '--format', 'json', '--as-of', '2026-06-30', '--lang', lang]);
    assert.equal(rejected.status, 0, rejected.stderr);
    assert.match(rejected.stderr, line);
  }
  const report = JSON.parse(r.stdout);
  assert.equal(report.records.in, 12000);
  const check = report.checks.find((c) => c.id === 'INC-CLASSIFIED');
  assert.deepEqual([check.passed, check.failed], [12000 - Math.ceil(12000 / 7), Math.ceil(12000 / 7)]);
});

test('catalog and crosswalk subcommands', () => {
  const c = run(['catalog', '--edition', '2011', '--lang', 'ja']);
  assert.equal(c.status, 0, c.stderr);
  assert.match(c.stdout, /JIS Q 20000-1:2012/);
  assert.match(c.stdout, /4\.5\.4\.2\s+check\s+内部監査/);
  const x = run(['crosswalk', '8.1', '--from', '2011']);
  assert.equal(x.status, 0, x.stderr);
  assert.match(x.stdout, /2011 8\.1 —\w+→ 2018 8\.6\.1/);
  assert.equal(JSON.parse(run(['crosswalk', '9.2', '--from', '2018', '--format', 'json']).stdout)[0].to, '4.5.4.2');
  assert.equal(run(['crosswalk', '99', '--from', '2018']).status, 2);
});

test('--rules stacks rule packs (repeatable) and bad packs exit 2 with every error', () => {
  const file = write('r.json', [{ id: 'CHG-1', kind: 'change', state: 'closed', approval: 'approved', links: [], change: { type: 'normal', risk: 'high', cabRequired: false, backoutPlan: 'b', testPlan: 't', implementationPlan: 'i', outcome: 'successful' } }]);
  const pack = fileURLToPath(new URL('../../examples/rules/stricter-change-policy.json', import.meta.url));
  const report = JSON.parse(run(['evaluate', file, '--rules', pack, '--format', 'json', '--as-of', '2026-06-30']).stdout);
  assert.equal(report.engine.rules, 'builtin@2026.1+acme-change-policy@2026.2');
  assert.equal(report.checks.find((c) => c.id === 'ACME-CHG-CAB').failed, 1);
  const bad = write('bad-pack.json', { id: 'b', version: '1', checks: [{ id: 'X' }] });
  const r = run(['evaluate', file, '--rules', pack, '--rules', bad]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /E_RULES/);
  assert.match(r.stderr, /\$\.rules\[1\]\.checks\[0\]/);
});

test('--from/--to keep records outside the window out of the counts', () => {
  const file = write('w.json', records);
  const all = JSON.parse(run(['evaluate', file, '--format', 'json', '--as-of', '2026-06-30']).stdout);
  assert.equal(all.records.inWindow, 3);
  const r = run(['evaluate', file, '--format', 'json', '--from', '2026-03-02', '--to', '2026-03-02']);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual([report.records.evaluated, report.records.inWindow], [3, 1]);
  assert.deepEqual([report.window.from, report.window.to], ['2026-03-02T00:00:00Z', '2026-03-02T23:59:59Z']);
  assert.equal(report.checks.find((c) => c.id === 'INC-CLASSIFIED').failed, 1);
  const backwards = run(['evaluate', file, '--from', '2026-04-01', '--to', '2026-03-01']);
  assert.equal(backwards.status, 2);
  assert.match(backwards.stderr, /E_OPTION.*starts after it ends/);
});

test('--format csv writes one row per failing record and check, in the chosen language', () => {
  const file = write('csv.json', records);
  const r = run(['evaluate', file, '--format', 'csv', '--as-of', '2026-06-30']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\r\n');
  assert.equal(lines[0], 'Record,Number,Kind,Tool,Time (UTC),Link,Check,Title,Severity,Phase,Clauses,Message,Fix');
  const inc2 = lines.filter((l) => l.startsWith('INC-2,'));
  assert.equal(inc2.length, 1);
  assert.match(inc2[0], /^INC-2,,incident,canonical,2026-03-02T09:00:00Z,,INC-CLASSIFIED,Incident is categorised,Minor nonconformity,Do,8\.6\.1,/);
  assert.ok(lines.some((l) => /^s1,CHG0000001,change,servicenow,.*CHG-APPROVED/.test(l)), r.stdout);
  assert.ok(!lines.some((l) => l.startsWith('INC-1,')), 'a record that passes has no row');
  const ja = run(['evaluate', file, '--format', 'csv', '--lang', 'ja', '--edition', '2011', '--as-of', '2026-06-30']);
  const jaLines = ja.stdout.split('\r\n');
  assert.match(jaLines[0], /^レコード,番号,種別/);
  assert.match(jaLines.find((l) => l.startsWith('INC-2,')), /INC-CLASSIFIED,インシデントが分類されている,軽微な不適合,実行,8\.1,/);
  assert.equal(run(['catalog', '--format', 'csv']).status, 2);
});

test('--format csv over a large input gives the same rows as one pass', () => {
  const many = Array.from({ length: 12000 }, (_, i) => ({ id: `INC-${String(i).padStart(5, '0')}`, kind: 'incident', state: 'new', category: i % 7 ? 'network' : null, title: 'x'.repeat(200), openedAt: '2026-03-01T09:00:00Z' }));
  const r = run(['evaluate', write('big-csv.json', many), '--format', 'csv', '--as-of', '2026-06-30']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /100 %/);
  const rows = r.stdout.trimEnd().split('\r\n').slice(1);
  assert.equal(rows.length, Math.ceil(12000 / 7));
  assert.deepEqual(rows.slice(0, 2).map((l) => l.split(',')[0]), ['INC-00000', 'INC-00007']);
});

test('--time-zone reads naive local times; --table names the ServiceNow table of bare rows', () => {
  // GLPI stores naive local times in the instance's zone (ServiceNow's raw values are UTC).
  const glpi = write('tz.json', [{ id: 7, entities_id: 0, name: 'VPN down', type: 1, status: 2, date: '2026-03-01 08:30:00', itilcategories_id: 4 }]);
  const tokyo = JSON.parse(run(['evaluate', glpi, '--format', 'json', '--time-zone', 'Asia/Tokyo', '--from', '2026-03-01']).stdout);
  assert.deepEqual([tokyo.records.evaluated, tokyo.records.inWindow], [1, 0], 'Tokyo 08:30 is the previous day in UTC');
  const utc = JSON.parse(run(['evaluate', glpi, '--format', 'json', '--time-zone', 'UTC', '--from', '2026-03-01']).stdout);
  assert.equal(utc.records.inWindow, 1);
  assert.equal(run(['evaluate', glpi, '--time-zone', 'Mars/Olympus']).status, 2);
  const bare = write('table.json', { result: [{ sys_id: 'x1', state: '1', opened_at: '2026-03-01 08:30:00', category: 'network' }] });
  const problem = JSON.parse(run(['evaluate', bare, '--format', 'json', '--source', 'servicenow', '--table', 'problem']).stdout);
  assert.equal(problem.records.byKind.problem, 1);
  const incident = JSON.parse(run(['evaluate', bare, '--format', 'json', '--source', 'servicenow', '--table', 'incident']).stdout);
  assert.equal(incident.records.byKind.incident, 1);
});

test('--fail-on gates at the named severity and everything more severe', () => {
  const file = write('gate.json', [records[1]]);
  // INC-2 fails a minor nonconformity only.
  assert.equal(run(['evaluate', file, '--fail-on', 'major_nonconformity', '--as-of', '2026-06-30']).status, 0);
  assert.equal(run(['evaluate', file, '--fail-on', 'minor_nonconformity', '--as-of', '2026-06-30']).status, 1);
  assert.equal(run(['evaluate', file, '--fail-on', 'observation', '--format', 'csv', '--as-of', '2026-06-30']).status, 1);
});

test('cases: the list, one case in full for a check, JSON, Japanese, and an unknown check', () => {
  const list = run(['cases']);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /CASE-CHG-UNAUTHORISED {2}Unauthorised changes/);
  assert.doesNotMatch(list.stdout, /What happened/);
  const one = run(['cases', 'CHG-APPROVED']);
  assert.equal(one.status, 0, one.stderr);
  assert.match(one.stdout, /What happened\n {4}\S/);
  assert.match(one.stdout, /What good looks like/);
  const ja = run(['cases', 'CHG-APPROVED', '--lang', 'ja']);
  assert.match(ja.stdout, /何が起きたか/);
  assert.match(ja.stdout, /変更管理/);
  assert.doesNotMatch(ja.stdout, /\n {4}[。、]/, 'no line starts with closing punctuation');
  const json = JSON.parse(run(['cases', '--format', 'json', '--lang', 'ja']).stdout);
  assert.ok(json.length >= 30);
  assert.ok(json.every((c) => c.title && c.happened && c.why && c.good && c.organisation));
  const missing = run(['cases', 'NO-SUCH-CHECK']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /NO-SUCH-CHECK/);
});

test('data quality first: an input with most records rejected exits 2 (unusable) and says why on stderr, whatever --fail-on says', () => {
  const many = Array.from({ length: 10 }, (_, i) => (i < 8 ? { kind: 'incident', title: `no id ${i}` } : { id: `INC-${i}`, kind: 'incident', state: 'new', category: 'network' }));
  const file = write('unusable.json', many);
  const r = run(['evaluate', file, '--format', 'json', '--fail-on', 'major_nonconformity']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /8 of 10 records were rejected/);
  assert.match(r.stderr, /8 × missing field `id`/);
  assert.match(r.stderr, /8 of 10 records rejected, more than 10 %: the input is unusable/);
  const report = JSON.parse(r.stdout);
  assert.equal(report.quality.alerts[0].level, 'red');
  assert.equal(report.quality.rejected[0].count, 8);
  // A higher tolerance lets it through, still warning first.
  const tolerant = run(['evaluate', file, '--max-rejected', '90']);
  assert.equal(tolerant.status, 0, tolerant.stderr);
  assert.match(tolerant.stdout, /^WARNING: 8 of 10 records were rejected/);
  assert.equal(run(['evaluate', file, '--max-rejected', 'lots']).status, 2);
  const ja = run(['evaluate', file, '--lang', 'ja']);
  assert.match(ja.stderr, /10 件中 8 件のレコードが却下されました/);
});

test('a historical export without a window is judged as of its own latest time', () => {
  const old = [
    { id: 'INC-1', kind: 'incident', state: 'new', category: 'network', openedAt: '2016-02-29T01:16:00Z' },
    { id: 'INC-2', kind: 'incident', state: 'new', category: 'network', openedAt: '2016-03-05T12:00:00Z' },
  ];
  const r = run(['evaluate', write('old.json', old), '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.window.asOf, '2016-03-05T12:00:00Z');
  assert.equal(report.quality.asOfFromData, true);
  assert.match(r.stderr, /data span: 2016-02-29T01:16:00Z → 2016-03-05T12:00:00Z \(as of its latest time\)/);
  const outside = JSON.parse(run(['evaluate', write('old2.json', old), '--format', 'json', '--from', '2030-01-01', '--to', '2030-12-31']).stdout);
  assert.ok(outside.quality.alerts.some((a) => a.code === 'window_outside_data'), JSON.stringify(outside.quality.alerts));
});

// An HP Service Manager list export (the header of its incident CSV as the BPI Challenge 2014 published it:
// `;`, dd-mm-yyyy hh:mm:ss, #N/B for empty, decimal commas); the values are made up.
const HP_SM = [
  'Incident ID;Status;Impact;Urgency;Priority;Category;# Reassignments;Open Time;Reopen Time;Resolved Time;Close Time;Handle Time (Hours);Closure Code;Related Change;CI Name (aff);Service Component WBS (aff);KM number',
  'IM0000004;Closed;4;4;4;incident;2;05-02-2026 13:32:00;#N/B;06-02-2026 11:29:00;07-02-2026 11:29:00;21,95;Hardware;#N/B;SUB000508;WBS000162;KM0000553',
  'IM0000005;Closed;3;3;3;request for information;0;20-03-2026 10:11:00;#N/B;20-03-2026 12:01:00;21-03-2026 09:01:00;1,5;Other;#N/B;#N/B;WBS000088;#N/B',
  'IM0000006;Work in progress;2;2;2;incident;1;14-04-2026 08:00:00;16-04-2026 09:00:00;#N/B;#N/B;0,25;#N/B;C00001234;WBA000124;WBS000088;KM0000611',
  'IM0000007;Closed;4;4;4;incident;0;02-05-2026 08:00:00;#N/B;02-05-2026 09:30:00;03-05-2026 09:30:00;1,5;Software;#N/B;#N/B;WBS000162;#N/B',
].join('\r\n') + '\r\n';

test('map proposes a mapping for an HP Service Manager CSV, and --mapping evaluates it to the right kinds and figures', () => {
  const csv = write('hp-sm.csv', HP_SM);
  // Without a mapping no adapter reads it.
  const unknown = run(['evaluate', csv]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /E_SOURCE_UNKNOWN: .*map FILE/);
  const proposed = run(['map', csv]);
  assert.equal(proposed.status, 0, proposed.stderr);
  const mapping = JSON.parse(proposed.stdout);
  assert.equal(mapping.tool, 'hp-service-manager');
  assert.equal(mapping.id, 'Incident ID');
  assert.deepEqual(mapping.kind, { column: 'Category', values: { incident: 'incident', 'request for information': 'service_request' }, default: 'incident' });
  assert.equal(mapping.state.column, 'Status');
  assert.deepEqual(
    [mapping.fields.openedAt, mapping.fields.closedAt, mapping.fields['incident.reassignmentCount'], mapping.fields['incident.resolutionCode'],
      mapping.fields['incident.reopenedAt'], mapping.fields['links.change'], mapping.fields['links.affects_ci'], mapping.fields.service],
    ['Open Time', 'Close Time', '# Reassignments', 'Closure Code', 'Reopen Time', 'Related Change', 'CI Name (aff)', 'Service Component WBS (aff)'],
  );
  // On stderr: each column's target and confidence, the unmapped columns, what was inferred.
  assert.match(proposed.stderr, /Incident ID\s+→ id\s+95 %\s+IM0000004 \| IM0000005 \| IM0000006/);
  assert.match(proposed.stderr, /# Reassignments\s+→ incident\.reassignmentCount\s+\d+ %/);
  assert.match(proposed.stderr, /unmapped: Handle Time \(Hours\), KM number/);
  assert.match(proposed.stderr, /CSV numbers read with a decimal comma in columns Handle Time \(Hours\)/);
  const full = JSON.parse(run(['map', csv, '--format', 'json']).stdout);
  assert.equal(full.form, 'records');
  assert.equal(full.rows.length, 4);
  assert.ok(full.columns.every((c) => c.confidence >= 0 && c.confidence <= 1));
  assert.match(run(['map', csv, '--lang', 'ja']).stderr, /対応付けの案（1 行 1 レコード、hp-service-manager の列名、区切り文字 ;）/);

  const file = write('hp-mapping.json', proposed.stdout);
  const r = run(['evaluate', csv, '--mapping', file, '--format', 'json', '--as-of', '2026-06-30']);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    [report.records.in, report.records.evaluated, report.records.rejected, report.records.byKind, report.records.bySource],
    [4, 4, 0, { incident: 3, service_request: 1 }, { 'hp-service-manager': 4 }],
  );
  const check = (id) => report.checks.find((c) => c.id === id);
  assert.deepEqual([check('INC-CI-LINKED').applicable, check('INC-CI-LINKED').passed, check('INC-CI-LINKED').failed], [3, 2, 1]);
  assert.deepEqual([check('INC-REASSIGNMENTS').applicable, check('INC-REOPENED').applicable], [3, 2]);
  assert.equal(check('INC-RESOLVED-TIME').applicable, 2);
  // The same mapping inside --context; a wrong one names its file and the path inside it.
  const viaContext = JSON.parse(run(['evaluate', csv, '--context', write('hp-context.json', { mapping }), '--format', 'json', '--as-of', '2026-06-30']).stdout);
  assert.deepEqual(viaContext.checks, report.checks);
  const bad = write('hp-bad.json', { ...mapping, fields: { ...mapping.fields, openedAt: 'Opened' } });
  const wrong = run(['evaluate', csv, '--mapping', bad]);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /E_OPTION: .*column "Opened" is not in this CSV/);
  assert.match(wrong.stderr, /hp-bad\.json: \$\.fields\.openedAt/);
  const badContext = run(['evaluate', csv, '--context', write('hp-bad-context.json', { csv: { delimiter: 'ab' } }), '--lang', 'ja']);
  assert.equal(badContext.status, 2);
  assert.match(badContext.stderr, /hp-bad-context\.json: \$\.csv\.delimiter/);
  assert.equal(run(['evaluate', csv, '--mapping', write('hp-not-json.json', '{"id":')]).status, 2);
});

test('map reads Japanese headers and HP Service Manager activity logs (the event-log form)', () => {
  const ja = run(['map', write('ja.csv', 'インシデント番号,件名,ステータス,受付日時,完了日時,担当グループ\nINC-1,プリンタ故障,対応中,2026/04/13 09:00,,サービスデスク\n')]);
  assert.equal(ja.status, 0, ja.stderr);
  const m = JSON.parse(ja.stdout);
  assert.deepEqual([m.id, m.fields.title, m.fields.openedAt, m.fields.resolvedAt, m.fields.assignmentGroup], ['インシデント番号', '件名', '受付日時', '完了日時', '担当グループ']);
  const log = write('activity.csv', [
    'Incident ID;DateStamp;IncidentActivity_Number;IncidentActivity_Type;Assignment Group',
    'IM0000004;07-01-2026 08:17:17;001A1;Open;TEAM0001',
    'IM0000004;07-01-2026 09:00:00;001A2;Reassignment;TEAM0002',
    'IM0000004;14-01-2026 10:00:00;001A5;Reopen;TEAM0002',
    'IM0000004;16-01-2026 12:00:00;001A7;Closed;TEAM0002',
    'IM0000005;20-01-2026 08:00:00;001B1;Open;TEAM0001',
  ].join('\n'));
  const proposed = run(['map', log]);
  assert.equal(proposed.status, 0, proposed.stderr);
  const mapping = JSON.parse(proposed.stdout);
  assert.deepEqual(mapping.eventLog, {
    case: 'Incident ID', timestamp: 'DateStamp', activity: 'IncidentActivity_Type', group: 'Assignment Group',
    activities: { Closed: 'close', Open: 'open', Reassignment: 'reassign', Reopen: 'reopen' },
  });
  const report = JSON.parse(run(['evaluate', log, '--mapping', write('activity-mapping.json', mapping), '--format', 'json', '--as-of', '2026-06-30']).stdout);
  assert.deepEqual([report.records.in, report.records.evaluated, report.records.byKind], [5, 5, { incident: 2 }]);
  const reopened = report.checks.find((c) => c.id === 'INC-REOPENED');
  assert.deepEqual([reopened.applicable, reopened.passed], [1, 1]); // reopened once: not repeatedly
});

test('record data reaches the terminal escaped: an ESC sequence or a bidi override in a ticket number is printed visibly', () => {
  const hostile = [
    { id: 'INC-\x1b[2J', number: 'INC\x1b]0;pwned\x07-1', kind: 'incident', state: 'new', category: null, openedAt: '2026-03-01T09:00:00Z' },
    { id: 'INC-\u202eevil', kind: 'incident', state: 'new', category: null, openedAt: '2026-03-02T09:00:00Z' },
  ];
  const r = run(['evaluate', write('hostile.json', hostile), '--as-of', '2026-06-30']);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/.test(r.stdout.replace(/\x1b\[[0-9;]*m/g, '')), 'no raw control character in the table');
  assert.ok(!r.stdout.includes('\x1b[2J') && !r.stderr.includes('\x1b'), 'no screen clearing');
  assert.match(r.stdout, /INC\\x1b\]0;pwned\\x07-1/);
});

test('a file over one chunk is streamed as bytes in two passes: the one-piece report, byte for byte, related rows joined', async () => {
  const { Engine } = await import('../../js/node.js');
  const file = join(dir, 'big.json');
  const gen = spawnSync(process.execPath, [fileURLToPath(new URL('../../examples/generate-demo-data.mjs', import.meta.url)),
    '--records', '9000', '--out', file], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  const { readFileSync, statSync } = await import('node:fs');
  assert.ok(statSync(file).size > 16 << 20, 'the file is over one chunk');
  // Related rows moved away from their records (task_sla rows first, in reverse): joined all the same.
  const lines = readFileSync(file, 'utf8').trim().slice(1, -1).trim().split(/,\n/);
  const moved = [...lines.filter((l) => l.includes('"task_sla"')).reverse(), ...lines.filter((l) => !l.includes('"task_sla"'))];
  writeFileSync(file, `[\n${moved.join(',\n')}\n]\n`);
  const r = run(['evaluate', file, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const engine = new Engine();
  const whole = engine.evaluate(readFileSync(file));
  engine.free();
  assert.equal(r.stdout, JSON.stringify(whole, null, 2) + '\n');
  assert.match(r.stderr, /100 %/);
  assert.ok(!whole.quality.alerts.some((a) => /not joined/.test(a.message)));
  // The same through a pipe (spooled to a temporary file, then streamed).
  const piped = run(['evaluate', '-', '--format', 'json'], readFileSync(file));
  assert.equal(piped.status, 0, piped.stderr);
  assert.equal(piped.stdout, r.stdout);
  // Malformed past the first chunk: the line and column of the whole file.
  const bad = [...moved];
  bad[8000] = bad[8000].replace('":"', '"');
  writeFileSync(file, `[\n${bad.join(',\n')}\n]\n`);
  const b = run(['evaluate', file]);
  assert.equal(b.status, 2);
  assert.match(b.stderr, /E_JSON_SYNTAX: malformed JSON at line 8002 column \d+/);
});

test('errors name the input file; a file that is no text says what it looks like, in English and Japanese', () => {
  const bad = write('named.json', '[\n  {"id": "a"},\n  {"id": "b",}\n]\n');
  const r = run(['evaluate', bad]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `iso20000: ${bad}: E_JSON_SYNTAX: malformed JSON at line 3 column 14: key must be a string\n`);
  // A PNG given by mistake: what it is first, then the engine's own error, both naming the file.
  const png = join(dir, 'screenshot.png');
  writeFileSync(png, readFileSync(fileURLToPath(new URL('../../examples/dashboard/screenshot.png', import.meta.url))));
  const p = run(['evaluate', png]);
  assert.equal(p.status, 2);
  const [first, second] = p.stderr.trimEnd().split('\n');
  assert.equal(first, `iso20000: ${png} is not JSON or CSV text: it looks like a PNG image. Export the data as JSON or CSV (UTF-8) and evaluate that file.`);
  assert.match(second, new RegExp(`^iso20000: ${png.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: E_ENCODING: .*line 1 column 1`));
  assert.match(run(['evaluate', png, '--lang', 'ja']).stderr, /screenshot\.png は JSON や CSV のテキストではなく、PNG 画像のようです。/);
  // Through a pipe: "standard input".
  const piped = spawnSync(process.execPath, [cli, 'evaluate', '-'], { input: readFileSync(png), encoding: 'utf8' });
  assert.equal(piped.status, 2);
  assert.match(piped.stderr, /^iso20000: standard input is not JSON or CSV text: it looks like a PNG image\./);
  // UTF-16 (a spreadsheet's "Unicode text") is named as such.
  const utf16 = join(dir, 'unicode.csv');
  writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('number,state\r\nINC1,New\r\n', 'utf16le')]));
  assert.match(run(['evaluate', utf16]).stderr, /unicode\.csv is not JSON or CSV text: it looks like UTF-16 text\./);
  // Text that is merely malformed gets no such line.
  assert.doesNotMatch(r.stderr, /not JSON or CSV text/);
  // Bytes that break UTF-8 in the middle of a JSON file: the engine's line and column, the file named.
  const broken = join(dir, 'latin1.json');
  writeFileSync(broken, Buffer.concat([Buffer.from('[\n  {"id": "a", "kind": "incident", "title": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n]\n')]));
  const b = run(['evaluate', broken]);
  assert.equal(b.status, 2);
  assert.match(b.stderr, /latin1\.json: E_ENCODING: .*line 2 column 48/);
  assert.doesNotMatch(b.stderr, /not JSON or CSV text/, 'mostly text: only the engine\'s position');
});

test('a CSV file is read as bytes: the report of its text, with and without the progress bar', async () => {
  const { Engine } = await import('../../js/node.js');
  const engine = new Engine();
  const csvFile = fileURLToPath(new URL('../../examples/data/demo-incidents.csv', import.meta.url));
  const text = readFileSync(csvFile, 'utf8');
  // A BOM and Japanese text in a cell: bytes and the string agree.
  const small = write('small.csv', `\ufeff${text.split('\n').slice(0, 30).join('\n').replace('Outlook', 'Outlook（日本語）')}\n`);
  const s = run(['evaluate', small, '--format', 'json', '--as-of', '2026-06-30']);
  assert.equal(s.status, 0, s.stderr);
  assert.deepEqual(JSON.parse(s.stdout), engine.evaluate(readFileSync(small, 'utf8'), { source: 'auto', asOf: '2026-06-30' }));
  // Over the progress threshold (2 MB): pushed as bytes with the progress bar.
  const [header, ...rows] = text.trimEnd().split('\n');
  const many = [header];
  for (let copy = 0; many.length * 360 < (3 << 20); copy++) many.push(...rows.map((r) => r.replace(/^INC(\d+)/, (_, n) => `INC${copy}${n}`)));
  const big = write('big-list.csv', `${many.join('\n')}\n`);
  const r = run(['evaluate', big, '--format', 'json', '--as-of', '2026-06-30']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /evaluating \[#+\]\s+100 %\nevaluated [\d]+ records/);
  assert.deepEqual(JSON.parse(r.stdout), engine.evaluate(readFileSync(big, 'utf8'), { source: 'auto', asOf: '2026-06-30' }));
  engine.free();
});
