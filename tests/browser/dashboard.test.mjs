// The dashboard (examples/dashboard/dist, built by `make dashboard-build`) in headless Chromium
// (Debian's, through playwright-core; never a downloaded browser). Expected figures are computed
// independently in Node with the Node build (js/node.js) on the same data and options.
//
//   node tests/browser/dashboard.test.mjs          exits 1 on any failure, console error or page error
//   UPDATE_SCREENSHOTS=1 node tests/browser/…      also rewrites examples/dashboard/screenshot.png (the work list)
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalog, Engine, findingsCsv, proposeMapping } from '../../js/node.js';
import { planPieces, workerCount } from '../../examples/dashboard/src/plan.js';
import { rankFindings } from '../../examples/dashboard/src/rank.js';
import { encodeFindings, FindingsTable } from '../../examples/dashboard/src/findings-data.js';
import { serve } from './server.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(repo, 'examples/dashboard/dist');
const artifacts = join(repo, 'tests/artifacts');
const fixtures = join(repo, '../shared/fixtures');
const DEMO = join(repo, 'examples/data/demo-export.json');
const DEMO_OPTIONS = { source: 'auto', from: '2025-12-01', to: '2026-11-30', findings: true };
const PHASES = ['plan', 'do', 'check', 'act'];
mkdirSync(artifacts, { recursive: true });

if (!existsSync(join(dist, 'index.html'))) {
  console.error(`${dist} is missing: run \`make dashboard-build\` first`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Assertions: every failure is listed, the run goes on where it can.

const failures = [];
let passed = 0;
function check(ok, what, detail) {
  if (ok) passed++;
  else failures.push(detail === undefined ? what : `${what}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
  return ok;
}
const same = (actual, expected, what) => check(actual === expected, what, { actual, expected });
function step(name) {
  console.log(`· ${name}`);
}

// ---------------------------------------------------------------------------------------------
// Expected reports, in Node

const engine = new Engine();
const score = (n) => (n === undefined ? '' : String(Math.round(n * 10) / 10));

/** Every heatmap cell of a report: "id/phase" → "rating score". */
function cellsOf(report) {
  return new Map(report.clauses.flatMap((c) => PHASES.map((p) => [`${c.id}/${p}`, `${c.phases[p].rating} ${score(c.phases[p].score)}`])));
}

/**
 * The dashboard's evaluation replayed in Node: the same byte pieces (one session each), merged;
 * or, when related payloads fell between the workers' pieces, the whole input in one piece.
 */
function mergedLikeTheDashboard(text, options, workers, extra = {}) {
  const bytes = Buffer.from(text);
  const pieces = planPieces(bytes, workers) ?? [{ bytes, line: 1, shift: 0 }];
  let main = engine.session(options);
  let unjoined = 0;
  let offset = 0;
  for (const piece of pieces) {
    const s = engine.session(options);
    s.setOffset(offset);
    const pushed = s.pushChunk(piece.bytes, { line: piece.line, shift: piece.shift });
    offset += pushed.in;
    unjoined += pushed.unjoined;
    main.merge(JSON.stringify(s.partial()));
    s.free();
  }
  if (pieces.length > 1 && unjoined > 0) {
    main.free();
    main = engine.session(options);
    main.pushChunk(bytes);
  }
  const partial = main.partial();
  main.free();
  const s = engine.session({ ...options, ...extra });
  s.merge(partial);
  return s.finish();
}

// ---------------------------------------------------------------------------------------------
// The page

const { server, url } = await serve({ root: dist });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
const page = await context.newPage();
// A gate on what the page hears from its workers, for the checks that need a run to be still
// going when they act (section 9): while `__workerGate.hold` is set, every message a Worker
// posts to the page waits in a queue until the test releases it, so the run stays busy for as
// long as the test looks, however fast this machine evaluates. The workers themselves are not
// slowed, and nothing in the app knows of it.
await page.addInitScript(() => {
  const gate = { hold: false, queue: [], wrapped: new WeakMap() };
  gate.release = (n = 1) => {
    let released = 0;
    while (released < n && gate.queue.length > 0) {
      const [listener, event] = gate.queue.shift();
      listener.call(event.target, event);
      released += 1;
    }
    return released;
  };
  gate.drop = () => {
    gate.hold = false;
    gate.queue.length = 0;
  };
  const add = Worker.prototype.addEventListener;
  const remove = Worker.prototype.removeEventListener;
  Worker.prototype.addEventListener = function (type, listener, options) {
    if (type !== 'message' || typeof listener !== 'function') return add.call(this, type, listener, options);
    const wrapper = function (event) {
      if (gate.hold) gate.queue.push([listener, event]);
      else listener.call(this, event);
    };
    gate.wrapped.set(listener, wrapper);
    return add.call(this, type, wrapper, options);
  };
  Worker.prototype.removeEventListener = function (type, listener, options) {
    return remove.call(this, type, (type === 'message' && gate.wrapped.get(listener)) || listener, options);
  };
  window.__workerGate = gate;
});
const problems = [];
const external = [];
page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && problems.push(`worker console: ${m.text()}`)));
context.on('request', (r) => {
  const u = r.url();
  if (!u.startsWith(url) && !u.startsWith('blob:') && !u.startsWith('data:')) external.push(u);
});
context.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));

const shot = (name) => page.screenshot({ path: join(artifacts, `dashboard-${name}.png`) });
const runs = () => page.evaluate(() => Number(document.body.dataset.runs ?? 0));
const errors = () => page.evaluate(() => Number(document.body.dataset.errors ?? 0));
async function waitForRun(after, timeout = 120_000) {
  await page.waitForFunction((n) => Number(document.body.dataset.runs ?? 0) > n && document.body.dataset.busy === 'false', after, { timeout });
}
const domCells = () => page.$$eval('#matrix button.cell', (bs) =>
  bs.map((b) => [`${b.dataset.clause}/${b.dataset.phase}`, `${b.dataset.rating} ${b.dataset.score}`]));
const text = (selector) => page.textContent(selector).then((s) => s?.trim());
const count = (id) => page.textContent(`#${id}`).then((s) => Number(s.replace(/[^\d]/g, '')));

function compareCells(actual, expected, what) {
  const a = new Map(actual);
  same(a.size, expected.size, `${what}: number of heatmap cells`);
  const wrong = [...expected].filter(([k, v]) => a.get(k) !== v).map(([k, v]) => `${k} ${a.get(k)} ≠ ${v}`);
  check(wrong.length === 0, `${what}: every cell as evaluated in Node`, wrong.slice(0, 10).join('; '));
}

let demoMs = 0;
let bigMs = 0;
let workers = 2;
try {
  // 1. Opens on the demo data, evaluated in workers.
  step('demo data');
  const started = Date.now();
  await page.goto(`${url}/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
  demoMs = Number(await page.getAttribute('body', 'data-evaluated-ms'));
  workers = workerCount(await page.evaluate(() => navigator.hardwareConcurrency));
  console.log(`  demo evaluated in ${demoMs} ms with ${workers} workers (page ready after ${Date.now() - started} ms)`);
  const demoText = readFileSync(DEMO, 'utf8');
  const whole = engine.evaluate(demoText, DEMO_OPTIONS);
  const merged = mergedLikeTheDashboard(demoText, DEMO_OPTIONS, workers);
  same(await count('count-in'), whole.records.in, 'demo: records in');
  same(await count('count-evaluated'), whole.records.evaluated, 'demo: evaluated');
  same(await count('count-rejected'), whole.records.rejected, 'demo: rejected');
  check(whole.records.in === whole.records.evaluated + whole.records.rejected, 'demo: in = evaluated + rejected');
  // The status line says how many were rejected, never that all of them were evaluated.
  check(/^6,000 records read in [\d.]+ s with \d+ workers?: 5,997 evaluated, 3 rejected\.$/.test(await text('#status')), 'demo: the status names the rejected records', await text('#status'));
  same(await text('#window-text'), '2025-12-01 → 2026-11-30', 'demo: window');
  const cells = await domCells();
  // Specific cells, against the one-pass evaluation of the whole export.
  const wholeCells = cellsOf(whole);
  const a = new Map(cells);
  for (const key of ['8.6.1/do', '8.6.1/act', '8.5.1.3/act', '8.7.1/check', '8.7.3.1/plan', '9.2/act', '8.6.3/do', '4.4/plan', '8.5.2/do']) {
    same(a.get(key)?.split(' ')[0], wholeCells.get(key).split(' ')[0], `demo: rating of ${key}`);
  }
  // 96 % of incident checks pass, but the open minor findings (uncategorised incidents,
  // resolutions not recorded) hold the cell at L.
  same(a.get('8.6.1/do')?.split(' ')[0], 'L', 'demo: 8.6.1 Do is held at L by its open minor findings');
  same(a.get('7.6/do')?.split(' ')[0], 'none', 'demo: 7.6 Do has no evidence');
  // Every cell, against the same chunks and workers replayed in Node (merge exactness), and
  // against the one-pass evaluation (related records stay joined across workers).
  compareCells(cells, cellsOf(merged), 'demo');
  compareCells(cells, cellsOf(whole), 'demo (one pass)');
  const rejectedRows = await page.$$eval('#rejected .rejected-table tbody tr', (rs) => rs.map((r) => [...r.cells].map((c) => c.textContent)));
  same(rejectedRows.length, whole.rejected.length, 'demo: rejected rows listed');
  same(rejectedRows[0]?.[1], whole.rejected[0].path, 'demo: first rejection path');
  same(Number(rejectedRows[0]?.[0].replace(/\D/g, '')), whole.rejected[0].index, 'demo: first rejection index');
  same(await page.locator('#matrix .legend li').count(), 5, 'legend: N/P/L/F and no evidence');
  check((await text('#matrix .legend li[data-rating="N"]')).includes(`≤ ${whole.thresholds.n} %`), 'legend: N threshold');
  check((await text('#matrix .legend li[data-rating="F"]')).includes(`> ${whole.thresholds.l} %`), 'legend: F threshold');
  check((await page.getAttribute('#matrix button[data-clause="8.6.1"][data-phase="do"]', 'title')).includes(`${score(whole.clauses.find((c) => c.id === '8.6.1').phases.do.score)} %`),
    'heatmap: score in the cell tooltip');
  check((await text('#matrix tr[data-clause="8.6.1"] .xw-note')).includes('8.1'), '2018 mode: 8.6.1 shows its 2011 counterpart 8.1');
  same(await page.locator('#processes tbody tr').count(), whole.processes.length, 'processes: one row each');
  const incident = whole.processes.find((p) => p.id === 'incident-management');
  same(await text('#processes tr[data-process="incident-management"] .stage-td .stage'), { none: '—', plan: 'Plan', do: 'Do', check: 'Check', act: 'Act' }[incident.stage], 'processes: incident management stage');
  // The chart is drawn once its panel comes near the viewport.
  check(!(await page.getAttribute('#trend canvas', 'data-drawn')), 'trend: not drawn off-screen');
  await page.locator('#trend').scrollIntoViewIfNeeded();
  await page.waitForSelector('#trend canvas[data-drawn="true"]');
  check(await page.locator('#trend canvas').isVisible(), 'trend: chart drawn');
  await page.evaluate(() => window.scrollTo(0, 0));
  same(await page.locator('#trend .trend-table tbody tr').count(), whole.months.length, 'trend: one row per month');
  check((await text('#notice')).startsWith('This catalogue holds only clause numbers'), 'footer: catalogue notice');
  await page.locator('#matrix').screenshot({ path: join(artifacts, 'dashboard-heatmap.png') });
  await shot('demo');

  // 2. Drill-down: a cell, then a check of the checks table, then the keyboard.
  step('drill-down');
  const cell = whole.clauses.find((c) => c.id === '8.6.1').phases.do;
  await page.click('#matrix button.cell[data-clause="8.6.1"][data-phase="do"]');
  same(await page.getAttribute('#matrix button.cell[data-clause="8.6.1"][data-phase="do"]', 'aria-current'), 'true', 'drill-down: cell marked current');
  check((await text('#details-title')).startsWith('8.6.1 Incident management'), 'drill-down: title', await text('#details-title'));
  const detailChecks = await page.$$eval('#details .check-block', (bs) => bs.map((b) => b.dataset.check));
  same(detailChecks[0], cell.worst[0].check, 'drill-down: the check failing most');
  same(detailChecks.length, cell.worst.length, 'drill-down: every worst check listed');
  const first = page.locator(`#details .check-block[data-check="${cell.worst[0].check}"]`);
  check((await first.textContent()).includes(whole.checks.find((c) => c.id === cell.worst[0].check).hint), 'drill-down: the fix hint');
  const exampleIds = await first.locator('li[data-example-id]').evaluateAll((ls) => ls.map((l) => l.dataset.exampleId));
  same(exampleIds.join(' '), cell.worst[0].examples.map((x) => x.id).join(' '), 'drill-down: example records');
  const link = first.locator('li[data-example-id] a').first();
  same(await link.getAttribute('href'), cell.worst[0].examples[0].url, 'drill-down: link back to the record');
  same(await link.getAttribute('target'), '_blank', 'drill-down: link opens a new tab');
  check((await link.getAttribute('rel')).split(' ').includes('noopener'), 'drill-down: rel=noopener');
  // "Why this matters": the check's teaching case (the report's `case`, else the one listing the check).
  const worstRow = whole.checks.find((c) => c.id === cell.worst[0].check);
  const caseOf = (lang) => catalog.cases({ lang }).find((c) => (worstRow.case ? c.id === worstRow.case : c.checks.includes(worstRow.id)));
  const teaching = caseOf('en');
  check(Boolean(teaching), 'case: the check has a teaching case', worstRow.id);
  const disclosure = first.locator('details.case');
  same(await disclosure.getAttribute('data-case'), teaching.id, 'case: the disclosure names the check\'s case');
  same(await disclosure.locator('summary').textContent(), 'Why this matters', 'case: the disclosure\'s label');
  check(!(await disclosure.locator('.case-happened').isVisible()), 'case: closed until opened');
  await disclosure.locator('summary').click();
  check(await disclosure.locator('.case-happened').isVisible(), 'case: opens on click');
  same(await disclosure.locator('.case-title').textContent(), teaching.title, 'case: title');
  same(await disclosure.locator('.case-org').textContent(), teaching.organisation, 'case: organisation');
  same(await disclosure.locator('.case-happened').textContent(), teaching.happened, 'case: what happened');
  same(await disclosure.locator('.case-why').textContent(), teaching.why, 'case: why it matters');
  same(await disclosure.locator('.case-good').textContent(), teaching.good, 'case: what good looks like');
  await shot('drill-down');
  // 2a. Fix first: the page opens on the clause-level findings ranked by severity weight ×
  // failing records, each with its fix and teaching case (issue 14 item 1).
  step('work list');
  const ranked = rankFindings(whole);
  const workChecks = () => page.$$eval('#worklist .work-item', (ls) => ls.map((l) => l.dataset.check));
  same((await workChecks()).join(' '), ranked.slice(0, 10).map((x) => x.finding.check).join(' '), 'work list: the first ten in rank order');
  const wl = await page.locator('#worklist').boundingBox();
  const mx = await page.locator('#matrix').boundingBox();
  check(wl && mx && wl.y < mx.y, 'work list: above the matrix');
  const posOf = (list, id) => list.indexOf(id);
  const allRanked = ranked.map((x) => x.finding.check);
  const big149 = whole.clauseFindings.find((f) => f.records === 149);
  check(Boolean(big149), 'work list: the demo has a check failing 149 records', whole.clauseFindings.map((f) => f.records));
  const smallOnes = whole.clauseFindings.filter((f) => f.records <= 4 && f.severity !== 'major_nonconformity');
  check(smallOnes.every((f) => posOf(allRanked, big149.check) < posOf(allRanked, f.check)), 'work list: 149 failing records rank above every (non-major) finding on 4 records or fewer');
  // An auditor clears major nonconformities first: one stands between the organisation and its certificate.
  const majors = whole.clauseFindings.filter((f) => f.severity === 'major_nonconformity').map((f) => f.check);
  check(majors.length > 0 && allRanked.slice(0, majors.length).every((c) => majors.includes(c)), 'work list: every major nonconformity ranks above every other finding', allRanked.slice(0, majors.length + 2));
  same((await page.locator('#worklist .work-item').first().locator('.sev').first().textContent())?.trim(), 'Major nonconformity', 'work list: the first item shows a major nonconformity');
  check((await workChecks()).includes(big149.check), 'work list: the 149-record check is on the first screen of the list');
  const topItem = page.locator('#worklist .work-item').first();
  const top = ranked[0].finding;
  check((await topItem.textContent()).includes(top.hint), 'work list: the top item shows its fix', top.hint);
  check((await topItem.textContent()).includes(`${top.records.toLocaleString('en-GB')} of ${top.judged.toLocaleString('en-GB')} records fail`), 'work list: the top item counts its failing records', await topItem.locator('.work-records').textContent());
  same(await topItem.locator('details.case').getAttribute('data-case'), top.case, 'work list: the top item\'s teaching case');
  same(await page.locator('#worklist .trend-note').count(), 0, 'work list: no trend without an earlier run');
  await page.click('#worklist-more');
  same((await workChecks()).join(' '), allRanked.join(' '), 'work list: "show all" lists every finding in rank order');
  // An earlier run (as a saved snapshot will give): the trend joins the ranking.
  const earlier = structuredClone(whole);
  earlier.clauseFindings = earlier.clauseFindings.filter((f) => f.check !== big149.check)
    .map((f) => (f.check === top.check ? { ...f, records: f.records * 3 } : f));
  await page.evaluate((r) => document.dispatchEvent(new CustomEvent('iso20000:previous', { detail: r })), earlier);
  same((await workChecks()).join(' '), rankFindings(whole, earlier).map((x) => x.finding.check).join(' '), 'work list trend: re-ranked with the earlier run');
  same(await text(`#worklist .work-item[data-check="${big149.check}"] .trend-note`), 'new since the earlier run', 'work list trend: a new finding says so');
  same(await text(`#worklist .work-item[data-check="${top.check}"] .trend-note`), `▼ ${(top.records * 2).toLocaleString('en-GB')} fewer than the earlier run`, 'work list trend: a shrinking finding says by how much');
  await page.evaluate(() => document.dispatchEvent(new CustomEvent('iso20000:previous', { detail: null })));
  same((await workChecks()).join(' '), allRanked.join(' '), 'work list trend: cleared again');
  if (process.env.UPDATE_SCREENSHOTS) {
    const out = join(repo, 'examples/dashboard/screenshot.png');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.mouse.move(0, 0);
    // The list with its items' cases closed (the drill-down above opened one).
    const reopen = await page.evaluate(() => {
      const open = [...document.querySelectorAll('#worklist details.case[open]')];
      for (const d of open) d.open = false;
      window.scrollTo(0, document.querySelector('#worklist').getBoundingClientRect().top + window.scrollY - 8);
      return open.map((d) => d.closest('[data-check]').dataset.check);
    });
    await page.screenshot({ path: out });
    // Opened again: the drill-down's case stays open for the Japanese step (the same key).
    await page.evaluate((checks) => {
      for (const c of checks) document.querySelector(`#worklist .work-item[data-check="${c}"] details.case`).open = true;
    }, reopen);
    await page.setViewportSize({ width: 1440, height: 1000 });
    console.log(`  examples/dashboard/screenshot.png: ${statSync(out).size} bytes`);
  }

  // 2b. The full list of failing records (item 2): every failing (record, check) pair,
  // virtualised; a work item's button narrows it to its check; group, sort, search, export.
  step('failing records');
  same(Number(await page.getAttribute('#records', 'data-rows')), whole.findings.length, 'records: every failing pair counted');
  same(await text('#records-count'), `${whole.findings.length.toLocaleString('en-GB')} of ${whole.findings.length.toLocaleString('en-GB')} failing (record, check) pairs`, 'records: the count line');
  await page.click(`#worklist .work-item[data-check="${big149.check}"] .show-records`);
  await page.waitForFunction(() => document.querySelector('#records-filter-check')?.value !== '');
  const mine149 = whole.findings.filter((f) => f.check === big149.check);
  same(Number(await page.getAttribute('#records', 'data-rows')), mine149.length, 'records: a work item shows its failing records');
  same(await page.$eval('#records-filter-check', (el) => el.value), big149.check, 'records: the check filter is set');
  const rowChecks = await page.$$eval('#records .vt-row[data-row] .c-check code', (cs) => cs.map((c) => c.textContent));
  check(rowChecks.length > 0 && rowChecks.every((c) => c === big149.check), 'records: only that check\'s rows', rowChecks.slice(0, 3));
  const firstLink = page.locator('#records .vt-row[data-row] .c-record a').first();
  const firstId = await page.getAttribute('#records .vt-row[data-row]', 'data-id');
  same(await firstLink.getAttribute('href'), mine149.find((f) => f.id === firstId)?.url, 'records: the row links back to the record in its tool');
  // Group by assignment group: one heading per group, with its count.
  await page.selectOption('#records-group', 'group');
  const groupCounts = new Map();
  for (const f of mine149) groupCounts.set(f.group ?? '', (groupCounts.get(f.group ?? '') ?? 0) + 1);
  same(Number(await page.getAttribute('#records', 'data-groups')), groupCounts.size, 'records: one group per assignment group');
  const firstGroup = await page.getAttribute('#records .vt-group', 'data-group');
  check((await text('#records .vt-group')).endsWith(`${groupCounts.get(firstGroup)} records`), 'records: a group heading counts its rows', await text('#records .vt-group'));
  // Export exactly what is shown: grouped, in the order shown.
  const [shownCsv] = await Promise.all([page.waitForEvent('download'), page.click('#records-export')]);
  const csvLinesShown = readFileSync(await shownCsv.path(), 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
  same(csvLinesShown.length, mine149.length + 1, 'records export: one line per row shown, and the header');
  check(csvLinesShown[0].startsWith('Assignment group,Record,Kind,Check'), 'records export: the group first, then the columns', csvLinesShown[0]);
  check(csvLinesShown.slice(1).every((l) => l.includes(`,${big149.check},`)), 'records export: only the rows shown');
  // Sort by record, descending; search narrows further.
  await page.selectOption('#records-group', '');
  await page.click('#records button[data-sort="record"]');
  await page.click('#records button[data-sort="record"]');
  const labelOf = (f) => f.number ?? f.name ?? f.id;
  const byLabelDesc = [...mine149].sort((x, y) => labelOf(y).localeCompare(labelOf(x), 'en', { numeric: true }));
  same(await text('#records .vt-row[data-row] .c-record'), `${labelOf(byLabelDesc[0])} ↗`, 'records: sorted by record, descending');
  same(await page.getAttribute('#records [role="columnheader"]:has(button[data-sort="record"])', 'aria-sort'), 'descending', 'records: the heading says how it is sorted');
  const needle = labelOf(mine149[3]);
  await page.fill('#records-search', needle);
  await page.waitForFunction((n) => document.querySelector('#records').dataset.rows === String(n), mine149.filter((f) => labelOf(f).includes(needle)).length);
  same(await text('#records .vt-row[data-row] .c-record'), `${needle} ↗`, 'records: search finds the record');
  // Configuration items show their names, never a bare 32-character key (item 8).
  await page.click('#records-clear');
  await page.selectOption('#records-filter-check', 'CI-VERIFIED');
  const ciLabels = await page.$$eval('#records .vt-row[data-row] .c-record', (cs) => cs.map((c) => c.textContent));
  const ciExpected = whole.findings.filter((f) => f.check === 'CI-VERIFIED');
  same(ciLabels.length, ciExpected.length, 'CI names: every failing CI listed');
  check(ciLabels.every((l) => !/^[0-9a-f]{32}$/.test(l.trim())), 'CI names: no bare sys_id in the list', ciLabels);
  check(ciExpected.every((f) => ciLabels.includes(f.name)), 'CI names: the names from the export', ciExpected.map((f) => f.name));
  await page.click('#checks button[data-check="CI-VERIFIED"]');
  const ciExamples = await page.$$eval('#details li[data-example-id] > span:first-child, #details li[data-example-id] > a', (ls) => ls.map((l) => l.textContent.trim()));
  check(ciExamples.length > 0 && ciExamples.every((l) => !/^[0-9a-f]{32}$/.test(l)), 'CI names: the check\'s examples show names', ciExamples);
  await page.click('#records-clear');

  // 2c. Scoping on the demo (item 3): what the export lacks per process, a process's clauses,
  // the data's own span.
  step('scope');
  const lacking = whole.processes.filter((p) => p.missing.length > 0);
  same(await page.locator('#missing li[data-process]').count(), lacking.length, 'missing: one entry per process the export cannot complete');
  check((await text(`#missing li[data-process="${lacking[0].id}"]`)).includes(lacking[0].missing[0].text), 'missing: the report\'s words for what to export', lacking[0].missing[0].text);
  same(await text('#data-span'), 'Data: 2025-12-01 → 2026-11-30', 'span: the data\'s own first and last record time');
  same(await page.isChecked('#hide-empty'), false, 'scope: the demo matrix is mostly evidenced: every clause shown by default');
  const visibleClauses = () => page.$$eval('#matrix tbody tr[data-clause]', (rs) => rs.filter((r) => r.getBoundingClientRect().height > 0).map((r) => r.dataset.clause));
  const incidentProcess = whole.processes.find((p) => p.id === 'incident-management');
  await page.selectOption('#scope-process', 'incident-management');
  const expectedRows = whole.clauses.map((c) => c.id).filter((id) => incidentProcess.clauses.some((k) => k === id || k.startsWith(`${id}.`)));
  same((await visibleClauses()).join(' '), expectedRows.join(' '), 'scope: a process shows its clauses and the clauses above them');
  await page.selectOption('#scope-process', '');
  same((await visibleClauses()).length, whole.clauses.length, 'scope: every clause again');

  const topCheck = [...whole.checks].sort((x, y) => y.failed - x.failed)[0];
  same(await page.getAttribute('#checks tbody tr:first-child', 'data-check'), topCheck.id, 'checks table: sorted by failed');
  await page.click(`#checks button[data-check="${topCheck.id}"]`);
  same(await text('#details-title'), topCheck.id, 'checks table: a row opens the check');
  same((await page.$$eval('#details li[data-example-id]', (ls) => ls.map((l) => l.dataset.exampleId))).join(' '),
    topCheck.examples.map((x) => x.id).join(' '), 'checks table: the check\'s examples');
  await page.focus('#matrix button.cell[data-clause="8.6.1"][data-phase="do"]');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  check((await text('#details .details-sub')).includes('Check'), 'keyboard: arrow + Enter opens the next phase');
  same(await page.evaluate(() => document.activeElement?.dataset.phase), 'check', 'keyboard: focus stays in the matrix');

  // 3. Japanese: the UI strings and the engine's titles switch; nothing is re-evaluated.
  step('Japanese');
  const runsBefore = await runs();
  const whole2018ja = mergedLikeTheDashboard(demoText, DEMO_OPTIONS, workers, { lang: 'ja' });
  await page.click('label:has(input[name="lang"][value="ja"])');
  await page.waitForFunction(() => document.documentElement.lang === 'ja' && document.body.dataset.lang === 'ja');
  check((await text('#matrix-h')).startsWith('箇条別 PDCA'), 'ja: heatmap heading', await text('#matrix-h'));
  same((await page.$$eval('#matrix thead th.phase-col', (ths) => ths.map((t) => t.textContent))).join('・'), '計画・実行・確認・改善', 'ja: PDCA columns');
  same(await text('#matrix tr[data-clause="8.6.1"] .ctitle'), whole2018ja.clauses.find((c) => c.id === '8.6.1').title, 'ja: clause title from the engine');
  check((await text('#summary-h')).startsWith('概要'), 'ja: summary heading');
  check((await text('#notice')).startsWith('このカタログに収録しているのは'), 'ja: catalogue notice');
  check((await text('#details-title')).startsWith('8.6.1 インシデント管理'), 'ja: the open drill-down is rebuilt in Japanese');
  await page.click('#matrix button.cell[data-clause="8.6.1"][data-phase="do"]');
  const disclosureJa = page.locator(`#details .check-block[data-check="${worstRow.id}"] details.case`);
  same(await disclosureJa.locator('summary').textContent(), 'なぜ重要か', 'ja: case label');
  check(await disclosureJa.locator('.case-happened').isVisible(), 'ja: the case opened before stays open');
  same(await disclosureJa.locator('.case-happened').textContent(), caseOf('ja').happened, 'ja: what happened, in Japanese');
  same(await disclosureJa.locator('.case-good').textContent(), caseOf('ja').good, 'ja: what good looks like, in Japanese');
  same(await text('#worklist-h'), '優先して是正する事項', 'ja: the work list heading');
  const topJa = rankFindings(whole2018ja)[0].finding;
  check((await text('#worklist .work-item')).includes(topJa.hint), 'ja: the work list\'s fix in Japanese', topJa.hint);
  check((await text('#worklist .work-item .work-records')).includes('件が不適合'), 'ja: the failing records counted in Japanese', await text('#worklist .work-item .work-records'));
  same(await text('#records-h'), '不適合のレコード', 'ja: the failing records heading');
  same(await text('#missing-h'), 'このエクスポートに不足しているもの', 'ja: what the export lacks, heading');
  same(await runs(), runsBefore, 'ja: the switch re-uses the merged partial (no evaluation)');
  await shot('ja');
  await page.click('label:has(input[name="lang"][value="en"])');
  await page.waitForFunction(() => document.documentElement.lang === 'en' && document.body.dataset.lang === 'en');

  // 4. 2011: 2011 clause ids, the crosswalk note, the drill-down follows the crosswalk.
  step('2011 edition');
  const r2011 = mergedLikeTheDashboard(demoText, DEMO_OPTIONS, workers, { edition: '2011' });
  await page.click('label:has(input[name="edition"][value="2011"])');
  // The report is rebuilt in a worker, then rendered section by section: all in once body says so.
  await page.waitForSelector('body[data-edition="2011"]');
  same(await page.locator('#matrix tr[data-clause="8.6.1"]').count(), 0, '2011: no 2018 clause 8.6.1');
  same(await page.locator('#matrix tbody tr').count(), r2011.clauses.length, '2011: every 2011 clause');
  check((await text('#matrix-h')).includes('2011'), '2011: heading names the edition');
  const note = await text('#matrix tr[data-clause="8.1"] .xw-note');
  check(note.includes('8.6.1') && note.includes('8.6.2'), '2011: 8.1 shows its 2018 counterparts', note);
  compareCells(await domCells(), cellsOf(r2011), '2011');
  await page.click('#matrix button.cell[data-clause="8.1"][data-phase="do"]');
  check((await text('#details-title')).startsWith('8.1 '), '2011: drill-down on 8.1');
  same(await runs(), runsBefore, '2011: no evaluation');
  await shot('2011');
  await page.click('label:has(input[name="edition"][value="2018"])');
  await page.waitForSelector('body[data-edition="2018"]');

  // 5-6 read real payloads from ../shared/fixtures; a user's clone has none, and says so.
  if (existsSync(fixtures)) {
    // 5. A dropped ServiceNow / GLPI / Jira export replaces the demo.
    step('drop');
    const fx = (p) => JSON.parse(readFileSync(join(fixtures, p), 'utf8'));
    const jira = (key, type, created, resolved) => ({
      id: String(10000 + Number(key.split('-')[1])), key, self: `https://acme.atlassian.net/rest/api/2/issue/${key}`,
      fields: {
        issuetype: { name: type }, summary: `${type} ${key}`, created, updated: resolved ?? created, priority: { name: 'High' },
        status: resolved ? { name: 'Done', statusCategory: { key: 'done' } } : { name: 'In Progress', statusCategory: { key: 'indeterminate' } },
        resolution: resolved ? { name: 'Done' } : null, resolutiondate: resolved, components: [{ name: 'Email' }],
      },
    });
    const dropped = [
      ...fx('servicenow/table_api_incident_list_default.json').result,
      fx('servicenow/table_api_incident_get_default.json').result,
      fx('glpi/apiv1_Ticket_291_incident_status2_assigned.json'),
      fx('glpi/apiv1_Ticket_289_request_status5_solved_priority6.json'),
      fx('jira/jira_issue_get_v2_with_issuelinks_comment_worklog.json'), // no issue type: rejected
      jira('ITSM-7', 'Incident', '2026-03-02T09:00:00.000+0000', '2026-03-02T15:00:00.000+0000'),
      jira('ITSM-8', 'Change', '2026-03-03T09:00:00.000+0000', null),
    ];
    const droppedText = JSON.stringify(dropped, null, 2);
    const before = await runs();
    const dataTransfer = await page.evaluateHandle((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'itsm-export.json', { type: 'application/json' }));
      return dt;
    }, droppedText);
    await page.dispatchEvent('#dropzone', 'dragenter', { dataTransfer });
    await page.dispatchEvent('#dropzone', 'dragover', { dataTransfer });
    await page.dispatchEvent('#dropzone', 'drop', { dataTransfer });
    await waitForRun(before);
    // The report as downloaded gives the pinned "as of" of this whole-export evaluation.
    const [reportDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-report')]);
    same(reportDownload.suggestedFilename(), 'iso20000-2018-en-report.json', 'download: report file name');
    const report = JSON.parse(readFileSync(await reportDownload.path(), 'utf8'));
    const dropOptions = { source: 'auto', findings: true, asOf: report.window.asOf };
    const expected = engine.evaluate(droppedText, dropOptions);
    same(report.window.from, undefined, 'drop: a new file is evaluated as a whole export');
    same(JSON.stringify(report.records), JSON.stringify(expected.records), 'drop: records in the downloaded report');
    same(JSON.stringify(report.clauses), JSON.stringify(expected.clauses), 'drop: clauses in the downloaded report');
    same(await count('count-in'), dropped.length, 'drop: records in');
    same(await count('count-rejected'), 1, 'drop: the Jira issue without a type is rejected');
    same(await count('count-in'), (await count('count-evaluated')) + (await count('count-rejected')), 'drop: in = evaluated + rejected');
    const dropCells = await domCells();
    compareCells(dropCells, cellsOf(expected), 'drop');
    const d = new Map(dropCells);
    check(d.get('9.2/plan') !== a.get('9.2/plan') && d.get('9.2/plan').startsWith('none'), 'drop: the matrix changed (9.2 has no evidence now)');
    same(d.get('8.6.3/do')?.split(' ')[0], expected.clauses.find((c) => c.id === '8.6.3').phases.do.rating, 'drop: 8.6.3 Do');
    same(await text('#rejected .rejected-table tbody tr td:nth-child(2)'), '$[4].fields.issuetype', 'drop: rejected record path');
    same(await text('#dataset-name'), 'itsm-export.json', 'drop: data set name');
    await page.click('#matrix button.cell[data-clause="8.6.3"][data-phase="do"]');
    const dropWorst = expected.clauses.find((c) => c.id === '8.6.3').phases.do.worst[0];
    same(await page.getAttribute('#details .check-block', 'data-check'), dropWorst.check, 'drop: drill-down check');
    same((await page.$$eval('#details li[data-example-id]', (ls) => ls.map((l) => l.dataset.exampleId))).join(' '),
      dropWorst.examples.map((x) => x.id).join(' '), 'drop: drill-down examples');
    await shot('drop');

    // 6. Findings CSV.
    step('downloads');
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-findings')]);
    same(csvDownload.suggestedFilename(), 'iso20000-2018-en-findings.csv', 'download: findings file name');
    const csv = readFileSync(await csvDownload.path(), 'utf8');
    check(csv.startsWith('\ufeffRecord,Number,Kind,Tool'), 'download: CSV has a BOM and the header row');
    same(csv, findingsCsv(expected, { bom: true }), 'download: findings CSV as computed in Node');
    same(csv.trim().split('\r\n').length, expected.findings.length + 1, 'download: one CSV row per finding');
  } else {
    console.log('dashboard: drop and download steps skipped: ../shared/fixtures absent');
  }

  // 7. A malformed paste: the engine's error with line and column; the report stays.
  const shownBefore = await count('count-in');
  step('malformed paste');
  const malformed = '[\n  {"sys_id": "a1", "number": "INC0000001"},\n  {"sys_id": "a2", "number": "INC0000002",}\n]\n';
  let jsonError;
  try {
    engine.evaluate(malformed, { source: 'auto' });
  } catch (e) {
    jsonError = e;
  }
  await page.click('#paste-box summary');
  await page.fill('#paste', malformed);
  const errorsBefore = await errors();
  await page.click('#evaluate-paste');
  await page.waitForFunction((n) => Number(document.body.dataset.errors ?? 0) > n, errorsBefore);
  await page.waitForSelector('body[data-busy="false"]');
  check(await page.locator('#error').isVisible(), 'malformed: error shown');
  same(await page.getAttribute('#error .error-pos', 'data-line'), String(jsonError.line), 'malformed: line');
  same(await page.getAttribute('#error .error-pos', 'data-column'), String(jsonError.column), 'malformed: column');
  check((await text('#error')).includes(`Line ${jsonError.line}, column ${jsonError.column}`), 'malformed: line and column in words');
  check((await text('#error')).includes('E_JSON_SYNTAX'), 'malformed: the error code');
  same(await count('count-in'), shownBefore, 'malformed: the previous report stays');
  await shot('error');
  // Malformed past the place where the first piece would be cut: the splitter gives up there,
  // and the page evaluates the text whole and shows the error of the whole text.
  const lateEmpty = `[\n${Array.from({ length: 400 }, (_, i) => JSON.stringify({ sys_id: `e${i}`, number: `INC${String(i).padStart(7, '0')}` })).join(',\n')},\n,\n{"sys_id": "x"}\n]\n`;
  check(planPieces(Buffer.from(lateEmpty), workers) === null, 'malformed late: not split');
  let lateError;
  try {
    engine.evaluate(lateEmpty, { source: 'auto' });
  } catch (e) {
    lateError = e;
  }
  await page.fill('#paste', lateEmpty);
  const errorsBeforeLate = await errors();
  await page.click('#evaluate-paste');
  await page.waitForFunction((n) => Number(document.body.dataset.errors ?? 0) > n, errorsBeforeLate);
  await page.waitForSelector('body[data-busy="false"]');
  same(`${await page.getAttribute('#error .error-pos', 'data-line')}:${await page.getAttribute('#error .error-pos', 'data-column')}`,
    `${lateError.line}:${lateError.column}`, 'malformed late: the line and column of the whole text');
  same(await count('count-in'), shownBefore, 'malformed late: the previous report stays');

  // 8. A pasted list export (CSV): one worker, the whole text.
  step('pasted CSV');
  const csvLines = readFileSync(join(repo, 'examples/data/demo-incidents.csv'), 'utf8').split('\n');
  const pastedCsv = `${csvLines.slice(0, 41).join('\n')}\n`;
  const beforeCsv = await runs();
  await page.fill('#paste', pastedCsv);
  await page.click('#evaluate-paste');
  await waitForRun(beforeCsv);
  check(!(await page.locator('#error').isVisible()), 'CSV: the error of the malformed paste is gone');
  const [csvReportDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-report')]);
  const csvReport = JSON.parse(readFileSync(await csvReportDownload.path(), 'utf8'));
  const csvExpected = engine.evaluate(pastedCsv, { source: 'auto', findings: true, asOf: csvReport.window.asOf });
  same(await count('count-in'), 40, 'CSV: records in');
  same(JSON.stringify(csvReport.records), JSON.stringify(csvExpected.records), 'CSV: records as evaluated in Node');
  compareCells(await domCells(), cellsOf(csvExpected), 'CSV');

  // 9. A large file: the progress bar moves, Cancel stops it, then it runs to the end.
  step('large file');
  const tmp = mkdtempSync(join(tmpdir(), 'iso20000-dashboard-'));
  try {
    const big = join(tmp, 'big-export.json');
    execFileSync(process.execPath, [join(repo, 'examples/generate-demo-data.mjs'), '--records', '60000', '--out', big], { stdio: 'ignore' });
    console.log(`  ${big}: ${(statSync(big).size / 1e6).toFixed(1)} MB`);
    const beforeBig = await runs();
    const shown = await count('count-in');
    // The workers' messages are held and released one by one (see the gate above), so the run
    // is still going for every check up to Cancel, whatever this machine's speed.
    await page.evaluate(() => (window.__workerGate.hold = true));
    await page.setInputFiles('#file', big);
    const seen = new Set();
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && seen.size < 3) {
      const v = await page.evaluate(() => {
        window.__workerGate.release(1);
        const p = document.querySelector('#progress');
        return document.body.dataset.busy === 'true' && p.hasAttribute('value') ? [p.value, p.max, document.querySelector('#progress-text').textContent] : null;
      });
      if (v && v[0] > 0 && v[0] < v[1]) {
        if (!seen.has(v[0])) console.log(`  progress ${v[2]}`);
        seen.add(v[0]);
        if (seen.size === 2) await shot('progress');
      }
      await page.waitForTimeout(40);
    }
    check(seen.size >= 3, 'large file: the progress bar moves through intermediate values', [...seen]);
    // Switching to Japanese mid-run switches the progress line and the status too (issue 14).
    await page.click('label:has(input[name="lang"][value="ja"])');
    const midRun = await page.evaluate(() => [document.body.dataset.busy, document.querySelector('#progress-text').textContent, document.querySelector('#status').textContent]);
    if (check(midRun[0] === 'true', 'ja mid-run: still evaluating when switched', midRun)) {
      // The records read so far, or (the pieces read: the workers are quicker than the polling
      // here since their split became the engine's) the merge of their results.
      check(/件中 [\d,]+ 件\(\d+ %\)/.test(midRun[1]) || /^ワーカーの結果を統合中…$/.test(midRun[1]), 'ja mid-run: the progress line in Japanese', midRun[1]);
      // The status is the evaluation's, or (this file has one SLA row whose incident is in the
      // other worker's piece) the second pass's that joins it: either in Japanese.
      check(/ワーカー \d+ 個/.test(midRun[2]) || /一括で評価し直しています/.test(midRun[2]), 'ja mid-run: the status in Japanese', midRun[2]);
    }
    await page.click('label:has(input[name="lang"][value="en"])');
    const back = await text('#progress-text');
    check(/^[\d,]+ of [\d,]+ records \(\d+ %\)$/.test(back) || back === 'Merging the workers’ results…', 'en mid-run: the progress line back in English', back);
    await page.click('#cancel');
    // What the cancelled run's workers said and was held goes nowhere (they are terminated).
    await page.evaluate(() => window.__workerGate.drop());
    await page.waitForSelector('#busy', { state: 'hidden' });
    check((await text('#status')).startsWith('Cancelled'), 'cancel: status says so');
    same(await count('count-in'), shown, 'cancel: the previous report stays');
    same(await runs(), beforeBig, 'cancel: nothing was shown from the cancelled run');
    check(await page.isEnabled('#apply'), 'cancel: the controls are usable again');
    await page.waitForTimeout(300);
    same(await runs(), beforeBig, 'cancel: the workers were stopped');
    // Cancelled while its report is being drawn (the summary is in, the other sections follow
    // frame by frame): the previous report comes back whole, not the new one half drawn.
    await page.evaluate(() => {
      const watch = new MutationObserver(() => {
        const shownIn = Number(document.querySelector('#count-in')?.textContent.replace(/[^\d]/g, ''));
        if (shownIn === 60_000 && document.body.dataset.busy === 'true') {
          watch.disconnect();
          window.__cancelledWhileDrawn = true;
          document.querySelector('#cancel').click();
        }
      });
      watch.observe(document.querySelector('#summary'), { childList: true, subtree: true, characterData: true });
    });
    await page.setInputFiles('#file', big);
    await page.waitForFunction(() => window.__cancelledWhileDrawn && document.body.dataset.busy === 'false', null, { timeout: 120_000 });
    await page.waitForTimeout(300);
    check((await text('#status')).startsWith('Cancelled'), 'cancel while drawn: status says so');
    same(await count('count-in'), shown, 'cancel while drawn: the previous report is back');
    same(await runs(), beforeBig, 'cancel while drawn: not counted as shown');
    // Once more, to the end.
    await page.setInputFiles('#file', big);
    await waitForRun(beforeBig, 300_000);
    bigMs = Number(await page.getAttribute('body', 'data-evaluated-ms'));
    console.log(`  60,000 records evaluated in ${bigMs} ms with ${workers} workers`);
    same(await count('count-in'), 60_000, 'large file: records in');
    same(await count('count-in'), (await count('count-evaluated')) + (await count('count-rejected')), 'large file: in = evaluated + rejected');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  // 9a. Responsiveness: a 25,000-record export dropped on the page; no main-thread task over
  // 50 ms from the drop until the report is rendered (the issue measured a 609 ms block). Every
  // task of the page's main thread is read from a Chromium trace ('toplevel' RunTask events)
  // with its wall-clock time and the main thread's own CPU time in it; long tasks are also
  // observed in the page (PerformanceObserver 'longtask', and the largest gap between animation
  // frames).
  //
  // The bound: the page's own work per task (CPU time) is at most 50 ms. Wall-clock time is
  // printed, and bounded at 200 ms only: on this 2-core machine the page's thread shares the
  // cores with the evaluation workers and with other builds, and a task of 5 ms of work was seen
  // to take 80 ms of wall-clock time while the load average stood at 8; the 609 ms block of the
  // issue still fails either bound.
  step('responsiveness');
  {
    const tmp = mkdtempSync(join(tmpdir(), 'iso20000-dashboard-'));
    try {
      const file = join(tmp, 'export-25k.json');
      execFileSync(process.execPath, [join(repo, 'examples/generate-demo-data.mjs'), '--records', '25000', '--out', file], { stdio: 'ignore' });
      console.log(`  ${file}: ${(statSync(file).size / 1e6).toFixed(1)} MB`);
      // A file input outside the app gives the page a File without the app seeing it.
      await page.evaluate(() => document.body.append(Object.assign(document.createElement('input'), { type: 'file', id: 'probe-file', hidden: true })));
      await page.setInputFiles('#probe-file', file);
      await page.waitForTimeout(500); // let the page settle: the trace starts from quiet
      const before = await runs();
      await browser.startTracing(page, { categories: ['toplevel'] });
      await page.evaluate((after) => {
        const r = (window.__responsiveness = { longTasks: [], maxFrameGap: 0, done: false });
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) r.longTasks.push({ start: Math.round(e.startTime - r.dropAt), duration: Math.round(e.duration) });
        }).observe({ type: 'longtask' });
        let last = performance.now();
        const frame = (now) => {
          r.maxFrameGap = Math.max(r.maxFrameGap, now - last);
          last = now;
          if (!r.done) requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
        new MutationObserver(() => {
          if (!r.done && Number(document.body.dataset.runs ?? 0) > after && document.body.dataset.busy === 'false') {
            r.renderedAt = performance.now();
            r.done = true;
          }
        }).observe(document.body, { attributes: true, attributeFilter: ['data-runs', 'data-busy'] });
        const dataTransfer = new DataTransfer();
        dataTransfer.items.add(document.querySelector('#probe-file').files[0]);
        r.dropAt = performance.now();
        for (const type of ['dragenter', 'dragover', 'drop']) {
          document.querySelector('#dropzone').dispatchEvent(new DragEvent(type, { dataTransfer, bubbles: true, cancelable: true }));
        }
      }, before);
      await page.waitForFunction(() => window.__responsiveness.done, null, { timeout: 300_000 });
      await page.waitForTimeout(200); // long-task entries are delivered after their task
      const r = await page.evaluate(() => window.__responsiveness);
      const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
      const events = trace.traceEvents ?? trace;
      const mainThreads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}/${e.tid}`));
      // The outermost slices of the main thread: every task it ran, whatever it is named (a
      // microtask checkpoint, a message, a frame), with its wall-clock and thread (CPU) time.
      const slices = events.filter((e) => e.ph === 'X' && mainThreads.has(`${e.pid}/${e.tid}`)).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
      const tasks = [];
      const ends = new Map();
      for (const e of slices) {
        const key = `${e.pid}/${e.tid}`;
        if (e.ts < (ends.get(key) ?? -Infinity)) continue;
        ends.set(key, e.ts + e.dur);
        tasks.push({ wall: e.dur / 1000, cpu: (e.tdur ?? e.dur) / 1000 });
      }
      const longest = Math.max(0, ...tasks.map((x) => x.wall));
      const longestCpu = Math.max(0, ...tasks.map((x) => x.cpu));
      const dropToRender = Math.round(r.renderedAt - r.dropAt);
      const observed = Math.max(0, ...r.longTasks.map((x) => x.duration));
      console.log(`  dashboard_drop_to_render_ms ${dropToRender}`);
      console.log(`  dashboard_longest_main_thread_task_ms ${longest.toFixed(1)}`);
      console.log(`  dashboard_longest_main_thread_task_cpu_ms ${longestCpu.toFixed(1)}`);
      console.log(`  (${tasks.length} main-thread tasks traced, ${tasks.filter((x) => x.wall > 50).length} over 50 ms wall-clock; ` +
        `${r.longTasks.length} long tasks observed in the page ${JSON.stringify(r.longTasks)}; longest gap between animation frames ${Math.round(r.maxFrameGap)} ms)`);
      check(tasks.length > 0, 'responsiveness: the trace holds the main thread\'s tasks');
      check(longestCpu <= 50, 'responsiveness: no main-thread task does more than 50 ms of work from drop to render', longestCpu);
      check(longest <= 200 && observed <= 200, 'responsiveness: no main-thread task takes more than 200 ms of wall-clock time, even on a loaded machine', { longest, observed });
      same(await count('count-in'), 25_000, 'responsiveness: the 25,000 records are shown');
      // The generator plants 3 records to be rejected in every export it writes.
      check(/^25,000 records read in [\d.]+ s with \d+ workers?: 24,997 evaluated, 3 rejected\./.test(await text('#status')), 'responsiveness: the status says so', await text('#status'));
      await page.evaluate(() => document.querySelector('#probe-file').remove());

      // A CSV list export: one worker reads it whole; the status and the progress line say the
      // same (1 worker) and the progress line shows a percentage (issue 14).
      const csvFile = join(tmp, 'incidents-25k.csv');
      execFileSync(process.execPath, [join(repo, 'examples/demo-to-csv.mjs'), file, csvFile], { stdio: 'ignore' });
      await page.evaluate(() => {
        const seen = (window.__texts = []);
        const log = () => seen.push([document.body.dataset.busy, document.querySelector('#status').textContent, document.querySelector('#progress-text').textContent]);
        new MutationObserver(log).observe(document.querySelector('main'), { subtree: true, childList: true, characterData: true });
      });
      const beforeCsv = await runs();
      await page.setInputFiles('#file', csvFile);
      await waitForRun(beforeCsv, 300_000);
      const texts = await page.evaluate(() => window.__texts);
      const evaluating = texts.filter(([busy, , progress]) => busy === 'true' && /Evaluating/.test(progress));
      check(evaluating.length > 0, 'CSV progress: shown while the file is evaluated', texts.slice(0, 5));
      check(evaluating.every(([, status, progress]) => /with 1 worker…$/.test(status) && /^Evaluating the whole text in 1 worker: \d+ %$/.test(progress)),
        'CSV progress: status and progress line both say 1 worker, with a percentage', evaluating.filter(([, st, pr]) => !/with 1 worker…$/.test(st) || !/ \d+ %$/.test(pr)).slice(0, 3));
      check(evaluating.some(([, , progress]) => / ([1-9]\d?) %$/.test(progress)), 'CSV progress: an intermediate percentage', evaluating.map((e) => e[2]).slice(0, 5));
      check(!texts.some(([, status]) => /Starting/.test(status)), 'CSV progress: no "Starting 2 workers" for a one-worker input');
      check(/^[\d,]+ records evaluated in [\d.]+ s with 1 worker\.$/.test(await text('#status')), 'CSV: the final status', await text('#status'));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  step('bundled exports');
  {
    // An incident export with the task_sla export appended: most SLA rows sit in another
    // worker's slice than their incident. The page must still show the one-pass report.
    const incidents = Array.from({ length: 7000 }, (_, i) => ({
      sys_id: `b${i}`, number: `INC9${String(i).padStart(6, '0')}`, sys_class_name: 'incident', state: '7', priority: '3', impact: '2', urgency: '2',
      opened_at: '2026-03-01 09:00:00', resolved_at: '2026-03-01 12:00:00', closed_at: '2026-03-02 12:00:00', category: 'network', close_code: 'Solved (Permanently)',
      close_notes: 'Restarted the mail relay after the certificate renewal.', assignment_group: { value: 'g1', link: '' }, short_description: 'Mail relay refuses connections',
    }));
    const slas = incidents.map((r, i) => ({
      sys_id: `bs${i}`, task: { value: r.sys_id, link: '' }, sla: { value: 'p3-resolution', link: '' }, stage: 'completed',
      has_breached: String(i % 8 === 0), planned_end_time: '2026-03-01 17:00:00', end_time: '2026-03-01 12:00:00',
    }));
    const bundleText = JSON.stringify([...incidents, ...slas]);
    check(planPieces(Buffer.from(bundleText), workers)?.length > 1, 'bundle: split between workers', planPieces(Buffer.from(bundleText), workers)?.length);
    const beforeBundle = await runs();
    const bundleFile = await page.evaluateHandle((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'incidents-and-slas.json', { type: 'application/json' }));
      return dt;
    }, bundleText);
    for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('#dropzone', type, { dataTransfer: bundleFile });
    await waitForRun(beforeBundle, 300_000);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-report')]);
    const shownReport = JSON.parse(readFileSync(await download.path(), 'utf8'));
    const onePass = engine.evaluate(bundleText, { source: 'auto', findings: true, asOf: shownReport.window.asOf });
    const sla = (r) => r.checks.find((c) => c.id === 'INC-SLA-MET');
    same(JSON.stringify(sla(shownReport)), JSON.stringify(sla(onePass)), 'bundle: SLA check as in one pass');
    same(sla(shownReport).failed, 875, 'bundle: every breached SLA row joined (1 in 8 of 7,000)');
    same(shownReport.warningsTotal, 0, 'bundle: no "not joined" warnings');
    compareCells(await domCells(), cellsOf(onePass), 'bundle');
    check(/one piece/.test(await text('#status')), 'bundle: the status says it was evaluated in one piece', await text('#status'));
  }

  // 9b. Data quality first: a paste where most records are rejected shows a red banner above
  // everything and no green tick.
  step('quality banner');
  const mostlyBroken = JSON.stringify(Array.from({ length: 10 }, (_, i) =>
    (i < 8 ? { kind: 'incident', title: `no id ${i}` } : { id: `INC-${i}`, kind: 'incident', state: 'new', category: 'network' })));
  await page.fill('#paste', mostlyBroken);
  const beforeBroken = await runs();
  await page.click('#evaluate-paste');
  await waitForRun(beforeBroken);
  check(await page.locator('#quality-banner').isVisible(), 'quality: the banner is shown');
  same(await page.getAttribute('#quality-banner', 'data-level'), 'red', 'quality: red when most records were not evaluated');
  check((await text('#quality-banner')).includes('8 of 10 records were rejected'), 'quality: the banner says how many', await text('#quality-banner'));
  check(!(await text('#counts-note')).includes('✓'), 'quality: no green tick over a run that lost most records', await text('#counts-note'));
  const bannerBox = await page.locator('#quality-banner').boundingBox();
  const cardsBox = await page.locator('#summary .cards').boundingBox();
  check(bannerBox && cardsBox && bannerBox.y < cardsBox.y, 'quality: the banner sits above the summary cards');
  await page.click('#quality-banner .quality-reasons summary');
  check((await text('#quality-banner .quality-reasons')).includes('missing field `id`'), 'quality: the reasons are grouped with their message', await text('#quality-banner .quality-reasons'));
  await shot('quality-banner');

  // 10a. The model export: the second bundled data set, where every process completes its cycle.
  // 9c. A PNG dropped by mistake: the error names the file and says it is no JSON or CSV text.
  step('not text');
  {
    const errorsBeforePng = await errors();
    const png = readFileSync(join(repo, 'examples/dashboard/screenshot.png'));
    await page.setInputFiles('#file', { name: 'screenshot.png', mimeType: 'image/png', buffer: png });
    await page.waitForFunction((n) => Number(document.body.dataset.errors ?? 0) > n && document.body.dataset.busy === 'false', errorsBeforePng);
    same(await text('#error-title'), 'screenshot.png could not be evaluated', 'not text: the error names the file');
    same(await page.getAttribute('#error .not-text', 'data-kind'), 'png', 'not text: recognised as a PNG image');
    check((await text('#error .not-text')).startsWith('screenshot.png is not JSON or CSV text: it looks like a PNG image.'), 'not text: says what it is', await text('#error .not-text'));
    await page.click('label:has(input[name="lang"][value="ja"])');
    await page.waitForFunction(() => document.body.dataset.lang === 'ja');
    check((await text('#error .not-text')).startsWith('screenshot.png は JSON や CSV のテキストではなく、PNG 画像のようです。'), 'not text: in Japanese', await text('#error .not-text'));
    same(await text('#error-title'), 'screenshot.png を評価できませんでした', 'not text: the title in Japanese');
    await page.click('label:has(input[name="lang"][value="en"])');
    await page.waitForFunction(() => document.body.dataset.lang === 'en');
  }

  // 9d. `{}`: one record, in the singular.
  step('one record');
  {
    await page.fill('#paste', '{}');
    const beforeOne = await runs();
    await page.click('#evaluate-paste');
    await waitForRun(beforeOne);
    // `{}` names no tool: the one record is read and rejected, and the status says so.
    check(/^1 record read in [\d.]+ s with 1 worker: 0 evaluated, 1 rejected\.$/.test(await text('#status')), '{}: "1 record", not "1 records"', await text('#status'));
  }

  step('model');
  // A selection does not survive a new data set. (`{}` leaves the matrix grey: its clauses
  // without evidence are hidden until the user shows them.)
  same(await page.isChecked('#hide-empty'), true, 'scope: a grey matrix hides its clauses without evidence');
  await page.uncheck('#hide-empty');
  await page.click('#matrix button.cell[data-clause="8.6.1"][data-phase="do"]');
  check(Boolean(await page.$('#details-title')), 'selection: a cell is open before the new data set');
  const beforeModel = await runs();
  await page.click('#model');
  await waitForRun(beforeModel);
  same(await page.locator('#details-title').count(), 0, 'selection: cleared by a new data set');
  same(await page.locator('#matrix button.cell[aria-current]').count(), 0, 'selection: no cell marked current in the new data set');
  check((await text('#dataset-name')).startsWith('Model export'), 'model: the data set is named', await text('#dataset-name'));
  same((await text('#cycles-processes')).replace(/\s/g, ''), '30/30', 'model: every process completes its cycle');
  same(await page.locator('#matrix button.cell[data-rating="N"], #matrix button.cell[data-rating="P"]').count(), 0, 'model: no cell rated N or P');
  check((await text('#clause-findings-note')).startsWith('0 findings'), 'model: no clause-level finding', await text('#clause-findings-note'));
  check(!(await page.locator('#quality-banner').count()), 'model: no quality banner');
  check((await text('#counts-note')).includes('✓'), 'model: the green tick over a clean run');

  // 10b. A CSV from a tool without an adapter (HP Service Manager's conventions: `;`,
  // dd-mm-yyyy, #N/B, decimal commas): the proposed mapping beside the first rows, one column
  // corrected, then evaluated with the mapping.
  step('mapping');
  const hpCsv = [
    'Incident ID;Status;Impact;Urgency;Priority;Category;# Reassignments;Open Time;Reopen Time;Resolved Time;Close Time;Handle Time (Hours);Closure Code;Related Change;CI Name (aff)',
    'IM0000004;Closed;4;4;4;incident;2;05-02-2026 13:32:00;#N/B;06-02-2026 11:29:00;07-02-2026 11:29:00;21,95;Hardware;#N/B;SUB000508',
    'IM0000005;Closed;3;3;3;request for information;0;20-03-2026 10:11:00;#N/B;20-03-2026 12:01:00;21-03-2026 09:01:00;1,5;Other;#N/B;#N/B',
    'IM0000006;Work in progress;2;2;2;incident;1;14-04-2026 08:00:00;16-04-2026 09:00:00;#N/B;#N/B;0,25;#N/B;C00001234;WBA000124',
    'IM0000007;Closed;4;4;4;incident;0;02-05-2026 08:00:00;#N/B;02-05-2026 09:30:00;03-05-2026 09:30:00;1,5;Software;#N/B;#N/B',
  ].join('\r\n');
  const beforeMap = await runs();
  const errorsBeforeMap = await errors();
  await page.setInputFiles('#file', { name: 'hp-sm-incidents.csv', mimeType: 'text/csv', buffer: Buffer.from(hpCsv) });
  await page.waitForSelector('#mapping select.mapping-target', { state: 'visible' });
  await page.waitForSelector('body[data-busy="false"]');
  same(await errors(), errorsBeforeMap, 'mapping: a CSV no adapter reads is no error');
  const targetOf = (column) => page.$eval(`#mapping select[data-column="${column}"]`, (el) => el.value);
  same(await targetOf('Incident ID'), 'id', 'mapping: Incident ID is the id');
  same(await targetOf('Open Time'), 'openedAt', 'mapping: Open Time is the opened time');
  same(await targetOf('# Reassignments'), 'incident.reassignmentCount', 'mapping: # Reassignments');
  same(await targetOf('Category'), 'kind', 'mapping: Category holds kinds (incident, request for information)');
  same(await targetOf('Handle Time (Hours)'), '', 'mapping: Handle Time is left unmapped');
  same(await page.locator('#mapping .preview-table tbody tr').count(), 4, 'mapping: the first rows beside the proposal');
  check((await text('#mapping-convention')).includes('hp-service-manager'), 'mapping: the convention is named', await text('#mapping-convention'));
  await shot('mapping');
  // The person reads Category as a category: every row becomes an incident.
  await page.selectOption('#mapping select[data-column="Category"]', 'category');
  await page.waitForFunction(() => document.querySelector('#mapping tr[data-column="Category"]')?.dataset.target === 'category');
  same(await targetOf('Category'), 'category', 'mapping: the corrected column keeps its choice');
  await page.click('#mapping-evaluate');
  await waitForRun(beforeMap);
  check(!(await page.locator('#mapping').isVisible()), 'mapping: the panel closes once evaluated');
  check(!(await page.locator('#error').isVisible()), 'mapping: no error');
  same(await count('count-in'), 4, 'mapping: records in');
  same(await count('count-evaluated'), 4, 'mapping: records evaluated');
  const [mappedDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-report')]);
  const mappedReport = JSON.parse(readFileSync(await mappedDownload.path(), 'utf8'));
  const corrected = proposeMapping(hpCsv, { overrides: { Category: 'category' } }).mapping;
  const mappedExpected = engine.evaluate(hpCsv, { source: 'auto', findings: true, asOf: mappedReport.window.asOf, context: { mapping: corrected } });
  same(JSON.stringify(mappedReport.records), JSON.stringify(mappedExpected.records), 'mapping: records as evaluated in Node');
  same(JSON.stringify(mappedReport.records.byKind), JSON.stringify({ incident: 4 }), 'mapping: every row an incident after the correction');
  compareCells(await domCells(), cellsOf(mappedExpected), 'mapping');

  // 10a. 100,000 failing rows (an incident-only export whose 17,000 incidents fail six checks
  // each): the list stays small in the DOM and scrolls to its last row; the incident-only
  // matrix is mostly grey, so the clauses without evidence are hidden by default.
  step('100,000 failing rows');
  {
    const day = (i, h) => `2026-0${1 + (i % 6)}-1${i % 10} ${h}:00:00`;
    const many = Array.from({ length: 17_000 }, (_, i) => ({
      sys_id: `z${i}`, number: `INC7${String(i).padStart(6, '0')}`, sys_class_name: 'incident', state: '7', priority: '1', impact: '3', urgency: '3',
      category: '', close_code: '', close_notes: '', cmdb_ci: '', opened_at: day(i, '09'), resolved_at: day(i, '12'), closed_at: day(i, '13'),
      assignment_group: { value: `grp-${i % 7}`, link: '' }, reassignment_count: '9', reopen_count: '2',
    }));
    const manyText = JSON.stringify(many);
    const beforeMany = await runs();
    await page.setInputFiles('#file', { name: 'incidents-17k.json', mimeType: 'application/json', buffer: Buffer.from(manyText) });
    await waitForRun(beforeMany, 300_000);
    const [manyDownload] = await Promise.all([page.waitForEvent('download'), page.click('#download-report')]);
    const manyReport = JSON.parse(readFileSync(await manyDownload.path(), 'utf8'));
    const manyExpected = engine.evaluate(manyText, { source: 'auto', findings: true, asOf: manyReport.window.asOf });
    check(manyExpected.findings.length >= 100_000, 'big list: at least 100,000 failing pairs', manyExpected.findings.length);
    same(Number(await page.getAttribute('#records', 'data-rows')), manyExpected.findings.length, 'big list: every pair counted');
    const domRows = () => page.locator('#records .vt-row[data-row]').count();
    check((await domRows()) <= 40, 'big list: only the rows in view are in the DOM', await domRows());
    // Most severe first, then by number: the last row is the least severe check's last incident.
    const rankOf = { major_nonconformity: 0, minor_nonconformity: 1, observation: 2, opportunity_for_improvement: 3 };
    const lastExpected = [...manyExpected.findings].sort((x, y) => rankOf[x.severity] - rankOf[y.severity] || x.number.localeCompare(y.number)).at(-1);
    await page.$eval('#records-scroll', (el) => { el.scrollTop = el.scrollHeight; });
    await page.waitForFunction(() => document.querySelector('#records .vt-rows').style.transform !== 'translateY(0px)');
    await page.waitForTimeout(100);
    const lastShown = await page.$$eval('#records .vt-row[data-row]', (rs) => {
      const box = document.querySelector('#records-scroll').getBoundingClientRect();
      const seen = rs.filter((r) => { const b = r.getBoundingClientRect(); return b.top >= box.top - 1 && b.bottom <= box.bottom + 1; });
      const last = seen.at(-1);
      return last && [last.querySelector('.c-record').textContent, last.querySelector('.c-check code').textContent];
    });
    same(lastShown && `${lastShown[0].replace(' ↗', '')} ${lastShown[1]}`, `${lastExpected.number} ${lastExpected.check}`, 'big list: scrolled to the end, the last row is in view');
    check((await domRows()) <= 40, 'big list: still only the rows in view after scrolling', await domRows());
    // The list's order (one packed number per row, sorted natively) is the order a plain
    // comparator gives: grouped by assignment group, newest first, then by number.
    const tableView = new FindingsTable(encodeFindings(manyExpected.findings).encoded).view({ group: 'group', sort: { column: 'time', descending: true } });
    const plain = manyExpected.findings.map((f, i) => [f, i]).sort(([x, i], [y, j]) => x.group.localeCompare(y.group, 'en', { numeric: true })
      || y.time.localeCompare(x.time) || x.number.localeCompare(y.number, 'en', { numeric: true }) || i - j).map(([, i]) => i);
    check(tableView.rows.length === plain.length && plain.every((v, i) => tableView.rows[i] === v), 'big list: grouped and sorted as a plain comparator orders it');
    same(tableView.groups.map((g) => `${g.value}:${g.count}`).join(' '), [...new Set(plain.map((i) => manyExpected.findings[i].group))]
      .map((g) => `${g}:${manyExpected.findings.filter((f) => f.group === g).length}`).join(' '), 'big list: one group per assignment group, with its count');
    // Incident-only: most of the matrix is grey, so the clauses without evidence are hidden.
    const evidenced = manyExpected.clauses.filter((c) => PHASES.some((p) => c.phases[p].rating !== 'none'));
    same(await page.isChecked('#hide-empty'), true, 'scope: hiding clauses without evidence is on for a mostly grey matrix');
    same((await visibleClauses()).length, evidenced.length, 'scope: only the clauses with evidence are shown');
    same(await text('#scope-count'), `${evidenced.length} of ${manyExpected.clauses.length} clauses shown · ${manyExpected.clauses.length - evidenced.length} without evidence in this export`, 'scope: the count line');
    await page.uncheck('#hide-empty');
    same((await visibleClauses()).length, manyExpected.clauses.length, 'scope: unchecked, every clause is shown');
  }

  // 10. The window: back to the demo, a later start, re-evaluated.
  step('window');
  const beforeDemo = await runs();
  await page.click('#demo');
  await waitForRun(beforeDemo);
  same(await text('#window-text'), '2025-12-01 → 2026-11-30', 'window: the demo window again');
  await page.fill('#from', '2026-06-01');
  const beforeWindow = await runs();
  await page.click('#apply');
  await waitForRun(beforeWindow);
  const later = mergedLikeTheDashboard(demoText, { ...DEMO_OPTIONS, from: '2026-06-01' }, workers);
  same(await text('#window-text'), '2026-06-01 → 2026-11-30', 'window: the new start');
  same(await count('count-in-window'), later.records.inWindow, 'window: records in the window');
  compareCells(await domCells(), cellsOf(later), 'window');
  same(await page.locator('#trend .trend-table tbody tr').count(), later.months.length, 'window: the trend follows');

  // 10b. What the user sees on a phone and in narrow boxes (item 8): no sideways scrolling at
  // 390 px, dates, paths and Japanese headings unbroken, the checks table inside its box.
  step('layout');
  {
    const wrapBox = await page.$eval('#checks .table-wrap', (w) => [w.querySelector('table').getBoundingClientRect().width, w.clientWidth]);
    check(wrapBox[0] <= wrapBox[1], 'checks table: no wider than its box at 1440 px', wrapBox);
    /** Tokens (regex matches in the text under `selector`) laid out on more than one line. */
    const broken = (selector, source) => page.$$eval(selector, (els, src) => {
      const out = [];
      for (const el of els) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
        const text = el.textContent;
        const re = new RegExp(src, 'gu');
        for (const m of text.matchAll(re)) {
          // Map the match onto text nodes and measure its line boxes.
          const range = document.createRange();
          let at = 0;
          let started = false;
          for (let n = walker.currentNode = el; n; n = walker.nextNode()) {
            if (n.nodeType !== 3) continue;
            const len = n.data.length;
            if (!started && m.index < at + len) { range.setStart(n, m.index - at); started = true; }
            if (started && m.index + m[0].length <= at + len) { range.setEnd(n, m.index + m[0].length - at); break; }
            at += len;
          }
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) out.push(m[0]);
        }
      }
      return out;
    }, source);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    same(await page.evaluate(() => document.documentElement.scrollWidth), 390, '390 px: the page does not scroll sideways');
    same((await broken('#window-text, #data-span, .card-note', '\\d{4}-\\d{2}-\\d{2}')).join(' '), '', '390 px: no date breaks inside');
    same((await broken('#rejected .rejected-table code.path', '[A-Za-z_][A-Za-z0-9_]*')).join(' '), '', '390 px: no path step breaks inside');
    await page.click('label:has(input[name="lang"][value="ja"])');
    await page.waitForFunction(() => document.body.dataset.lang === 'ja');
    same(await page.evaluate(() => document.documentElement.scrollWidth), 390, '390 px, ja: the page does not scroll sideways');
    // Words of the Japanese headings, as a Japanese word segmenter cuts them.
    const words = await page.$$eval('h2, h3', (hs) => [...new Set(hs.flatMap((h) => [...new Intl.Segmenter('ja', { granularity: 'word' }).segment(h.textContent)]
      .filter((x) => x.isWordLike && x.segment.length >= 2).map((x) => x.segment)))]);
    const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length);
    const brokenJa = await broken('h2, h3', escaped.join('|'));
    same(brokenJa.join(' '), '', '390 px, ja: no heading breaks inside a word');
    await page.click('label:has(input[name="lang"][value="en"])');
    await page.waitForFunction(() => document.body.dataset.lang === 'en');
    await page.setViewportSize({ width: 1440, height: 1000 });
  }

  // 10c. A window outside the data (2030): the data's span and a warning, in en and ja.
  step('window outside the data');
  await page.fill('#from', '2030-01-01');
  await page.fill('#to', '2030-12-31');
  const before2030 = await runs();
  await page.click('#apply');
  await waitForRun(before2030);
  check(await page.locator('#window-outside').isVisible(), '2030: the warning is shown');
  same(await text('#window-outside'), 'The window 2030-01-01 → 2030-12-31 lies outside the data (2025-12-01 → 2026-11-30): no record falls in it, and every cell reads “No evidence”.', '2030: the warning names both spans');
  await page.click('label:has(input[name="lang"][value="ja"])');
  await page.waitForFunction(() => document.body.dataset.lang === 'ja');
  check((await text('#window-outside')).startsWith('評価期間 2030-01-01 → 2030-12-31 はデータの期間(2025-12-01 → 2026-11-30)の外にあります。'), '2030: the warning in Japanese', await text('#window-outside'));
  await page.click('label:has(input[name="lang"][value="en"])');
  await page.waitForFunction(() => document.body.dataset.lang === 'en');

  // 11. Nothing left the machine, nothing went wrong.
  check(external.length === 0, 'no request leaves 127.0.0.1', external.slice(0, 5));
  check(problems.length === 0, 'no console errors or page errors', problems.slice(0, 10));
} catch (err) {
  failures.push(`aborted: ${err?.stack ?? err}`);
  await shot('failure').catch(() => {});
} finally {
  await browser.close();
  server.close();
}

console.log(`chromium dashboard: ${passed} checks passed, ${failures.length} failed` +
  (demoMs ? `; demo ${demoMs} ms, 60k ${bigMs} ms, ${workers} workers` : ''));
for (const f of failures) console.log(`  ✗ ${f}`);
process.exit(failures.length ? 1 : 0);
