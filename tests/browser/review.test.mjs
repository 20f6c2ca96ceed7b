// The management-review report (js/review.js) in headless Chromium (Debian's, through
// playwright-core), printed to PDF in English and Japanese, and opened from the dashboard's button
// (examples/dashboard/dist, built by `make dashboard-build`). The expected sample is drawn again
// here with node:crypto's SHA-1, independently of js/sample.js. The PDF's text is read with
// poppler's pdftotext (`make test-review` installs poppler-utils).
//
//   node tests/browser/review.test.mjs                       exits 1 on any failure
//   UPDATE_SCREENSHOTS=1 node tests/browser/review.test.mjs  also rewrites examples/review-screenshot.png
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, reviewHtml, reviewSnapshot } from '../../js/node.js';
import { serve } from './server.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = join(repo, 'tests/artifacts');
const dist = join(repo, 'examples/dashboard/dist');
const DEMO = join(repo, 'examples/data/demo-export.json');
const OPTIONS = { source: 'auto', from: '2025-12-01', to: '2026-11-30', findings: true };
const SEED = 'audit-2026';
mkdirSync(artifacts, { recursive: true });

const failures = [];
let passed = 0;
function check(ok, what, detail) {
  if (ok) passed++;
  else failures.push(detail === undefined ? what : `${what}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
  return ok;
}
const same = (actual, expected, what) => check(JSON.stringify(actual) === JSON.stringify(expected), what, { actual, expected });
const step = (name) => console.log(`· ${name}`);

for (const tool of ['pdftotext']) {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
  } catch {
    console.error(`${tool} is missing: apt-get install poppler-utils (make test-review does)`);
    process.exit(2);
  }
}
if (!existsSync(DEMO)) {
  console.error(`${DEMO} is missing: run \`make data\` first`);
  process.exit(2);
}

const HEADINGS = {
  en: ['1. Data quality', '2. Verdict per process and per service', '3. Clause-level findings', '4. Trend',
    '5. Performance against targets', '6. What the export lacks to complete each cycle', '7. Sample of evidence records per clause'],
  ja: ['1. データ品質', '2. プロセス別・サービス別の判定', '3. 箇条レベルの指摘', '4. 傾向',
    '5. 目標に対するパフォーマンス', '6. サイクルを完了するためにエクスポートに足りないもの', '7. 箇条ごとの証拠レコードのサンプル'],
};

// ---------------------------------------------------------------------------------------------
// Expected figures, in Node

const text = readFileSync(DEMO);
const reports = {};
for (const lang of ['en', 'ja']) {
  const engine = new Engine({ lang });
  reports[lang] = engine.evaluate(text, OPTIONS);
  engine.free();
}

/** The sample of each clause, drawn as the page documents it, with node:crypto. */
function expectedSample(report, seed, size = 5) {
  const clausesOf = new Map(report.checks.map((c) => [c.id, c.clauses2018]));
  const byClause = new Map();
  for (const f of report.findings) {
    for (const clause of clausesOf.get(f.check) ?? []) {
      if (!byClause.has(clause)) byClause.set(clause, new Set());
      byClause.get(clause).add(f.id);
    }
  }
  const rank = (clause, id) => createHash('sha1').update(`${seed}|${clause}|${id}`).digest('hex');
  return new Map([...byClause].map(([clause, ids]) => [clause, {
    population: ids.size,
    ids: [...ids].sort((a, b) => (rank(clause, a) < rank(clause, b) ? -1 : 1)).slice(0, size),
  }]));
}

// ---------------------------------------------------------------------------------------------
// The page

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const problems = [];
let server;
try {
  // A4 (210 mm) less the page's 14 mm margins, in CSS pixels: the width a printed line has.
  const printWidth = Math.floor(((210 - 28) / 25.4) * 96);
  const context = await browser.newContext({ viewport: { width: printWidth, height: 1100 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  const sampleOf = () => page.$$eval('#sample .clause-sample', (divs) => divs.map((d) => ({
    clause: d.dataset.clause,
    population: Number(d.dataset.population),
    ids: [...d.querySelectorAll('tbody tr td:nth-child(3)')].map((td) => td.textContent),
  })));

  for (const lang of ['en', 'ja']) {
    step(`${lang}: rendered and printed`);
    const report = reports[lang];
    const history = [
      { ...reviewSnapshot(report, { at: '2026-05-31T23:59:59Z', name: 'H1' }), summary: { ...report.summary, findingsBySeverity: { major_nonconformity: 3, minor_nonconformity: 30 } } },
    ];
    const html = reviewHtml(report, { seed: SEED, name: 'demo-export.json', history });
    same(reviewHtml(report, { seed: SEED, name: 'demo-export.json', history }), html, `${lang}: the same input gives the same page`);
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });

    // Headings in the page's language, data quality first.
    same(await page.$$eval('section.sheet > h2', (hs) => hs.map((h) => h.textContent)), HEADINGS[lang], `${lang}: section headings in order`);
    same(await page.getAttribute('html', 'lang'), lang, `${lang}: the document's language`);
    const quality = await page.textContent('#quality');
    check(quality.includes(lang === 'ja' ? '6,000 件中 3 件' : '3 of 6,000 records were rejected'), `${lang}: the rejected records come first`, quality.slice(0, 200));
    check(await page.$eval('#quality', (s) => s.classList.contains('warn')), `${lang}: the data-quality section is marked as a warning`);

    // Verdicts, findings, trend and performance hold the report's figures.
    same(await page.locator('#verdict table').first().locator('tbody tr').count(), report.processes.length, `${lang}: one row per process`);
    same(await page.locator('#verdict table').nth(1).locator('tbody tr').count(), report.services.length, `${lang}: one row per service`);
    same(await page.locator('#findings tbody tr').count(), report.clauseFindings.length, `${lang}: one row per clause-level finding`);
    const firstFinding = await page.textContent('#findings tbody tr:first-child');
    check(firstFinding.includes(report.clauseFindings[0].check) && firstFinding.includes(report.clauseFindings[0].severityLabel),
      `${lang}: the most severe finding first, with its label`, firstFinding);
    same(await page.locator('#trend table.runs tbody tr').count(), history.length + 1, `${lang}: the runs' trend has each run and this report`);
    const trendLast = await page.textContent('#trend table.runs tbody tr:last-child td:last-child');
    const total = Object.values(report.summary.findingsBySeverity).reduce((a, b) => a + b, 0);
    check(trendLast.includes(`${total}`) && trendLast.includes(`▲ +${total - 33}`) === total > 33 && trendLast.includes('▼') === total < 33,
      `${lang}: the trend shows the change since the previous run`, trendLast);
    same(await page.locator('#performance tbody tr').count(), report.checks.filter((c) => c.aspect === 'performance' && c.applicable > 0).length,
      `${lang}: one row per performance check`);
    same(await page.locator('#missing tbody tr').count(), report.processes.filter((p) => !p.cycleComplete && p.missing.length).length,
      `${lang}: one row per process that lacks evidence`);

    // The sample: as drawn independently, and stated with its seed and population.
    const expected = expectedSample(report, SEED);
    const shown = await sampleOf();
    same(shown.map((s) => s.clause).sort(), [...expected.keys()].sort(), `${lang}: a sample for every clause with failing records`);
    const wrong = shown.filter((s) => JSON.stringify({ population: s.population, ids: s.ids }) !== JSON.stringify(expected.get(s.clause)));
    check(wrong.length === 0, `${lang}: each clause's sample and population as drawn with node:crypto`, wrong.slice(0, 3));
    check((await page.textContent('#sample')).includes(SEED) && (await page.textContent('#seed')) === SEED, `${lang}: the seed is stated`);

    // Nothing is wider than the printed line.
    const overflow = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth + 0.5;
      const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > limit)
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${Math.round(el.getBoundingClientRect().right)}`);
      return { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, wide: wide.slice(0, 5) };
    });
    check(overflow.scroll <= overflow.client && overflow.wide.length === 0, `${lang}: no horizontal overflow at print width`, overflow);

    // The PDF: A4 pages, the headings and the sampled ids in its text, the header on every page.
    const pdfPath = join(artifacts, `review-${lang}.pdf`);
    await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
    const pdf = readFileSync(pdfPath);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    check(pages > 1, `${lang}: the PDF has more than one page`, { pages });
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    check(box && Math.abs(Number(box[1]) - 595.3) < 1.5 && Math.abs(Number(box[2]) - 841.9) < 1.5, `${lang}: A4 pages`, box?.slice(1));
    const pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { maxBuffer: 64 << 20 }).toString();
    const pageTexts = pdfText.split('\f').filter((p) => p.trim());
    same(pageTexts.length, pages, `${lang}: pdftotext reads every page`);
    const flat = pdfText.replace(/\s+/g, '');
    const missingHeads = HEADINGS[lang].filter((h) => !flat.includes(h.replace(/\s+/g, '')));
    check(missingHeads.length === 0, `${lang}: the PDF text holds every section heading`, missingHeads);
    const ids = shown.flatMap((s) => s.ids);
    const missingIds = ids.filter((id) => !flat.includes(id));
    check(ids.length > 0 && missingIds.length === 0, `${lang}: the PDF text holds every sampled record id`, missingIds.slice(0, 5));
    const headless = pageTexts.map((p, i) => (p.includes('demo-export.json') && p.includes('ISO/IEC 20000-1:2018') ? -1 : i + 1)).filter((i) => i > 0);
    check(headless.length === 0, `${lang}: every page's header names the export and edition`, headless);
    const starts = HEADINGS[lang].slice(1).map((h) => pageTexts.findIndex((p) => p.replace(/\s+/g, '').includes(h.replace(/\s+/g, ''))));
    check(starts.every((s, i) => s > (i === 0 ? 0 : starts[i - 1])), `${lang}: each section starts on a page of its own`, starts);

    if (lang === 'en' && process.env.UPDATE_SCREENSHOTS === '1') {
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 900, height: 1270 });
      const out = join(repo, 'examples/review-screenshot.png');
      await page.screenshot({ path: out });
      console.log(`  examples/review-screenshot.png: ${statSync(out).size} bytes`);
      await page.setViewportSize({ width: printWidth, height: 1100 });
    }
  }

  step('same seed, same sample; another seed, another sample');
  {
    const report = reports.en;
    await page.setContent(reviewHtml(report, { seed: SEED }));
    const first = await sampleOf();
    // The findings in another order: the draw does not depend on the export's order.
    await page.setContent(reviewHtml({ ...report, findings: [...report.findings].reverse() }, { seed: SEED }));
    same(await sampleOf(), first, 'the same seed draws the same records, whatever their order');
    await page.setContent(reviewHtml(report, { seed: `${SEED}-other` }));
    const other = await sampleOf();
    check(other.some((s, i) => JSON.stringify(s.ids) !== JSON.stringify(first[i].ids)), 'another seed draws other records');
  }

  step('hostile record values stay text');
  {
    const report = structuredClone(reports.en);
    const evil = '<img src=x onerror="document.title=\'pwned\'">';
    report.services[0].name = evil;
    report.findings[0] = { ...report.findings[0], number: `<script>document.title='pwned'</script>`, url: 'javascript:document.title="pwned"' };
    report.quality.rejected[0].message = `</td></tr></table><h2>${evil}</h2>`;
    const html = reviewHtml(report, { seed: SEED, name: '"; } body { display: none } <b>' });
    await page.setContent(html);
    same(await page.locator('img, script, section.sheet h2 img').count(), 0, 'hostile: no element made from a record value');
    same(await page.title().then((t) => t.includes('pwned')), false, 'hostile: no script ran');
    check((await page.textContent('#verdict')).includes(evil), 'hostile: the service name is shown as text');
    same(await page.locator('a[href^="javascript:"]').count(), 0, 'hostile: a javascript: link is dropped');
    same(await page.$$eval('section.sheet > h2', (hs) => hs.length), 7, 'hostile: a message cannot add a section');
    check(await page.isVisible('#verdict'), 'hostile: the export name cannot hide the page through the header CSS');
  }

  step('the dashboard opens the report in a new window');
  if (!existsSync(join(dist, 'index.html'))) {
    failures.push(`${dist} is missing: run \`make dashboard-build\` first`);
  } else {
    const served = await serve({ root: dist });
    server = served.server;
    const url = served.url;
    const dash = await context.newPage();
    await dash.setViewportSize({ width: 1440, height: 1000 });
    dash.on('pageerror', (e) => problems.push(`dashboard pageerror: ${e.message}`));
    await dash.goto(`${url}/index.html`);
    await dash.click('#demo');
    await dash.waitForFunction(() => Number(document.body.dataset.runs ?? 0) > 0 && document.body.dataset.busy === 'false', null, { timeout: 120_000 });
    for (const lang of ['en', 'ja']) {
      if (lang === 'ja') {
        await dash.check('input[name="lang"][value="ja"]');
        await dash.waitForFunction(() => document.body.dataset.lang === 'ja' && document.querySelector('#open-review')?.textContent === 'マネジメントレビュー報告書', null, { timeout: 60_000 });
      }
      same(await dash.textContent('#open-review'), lang === 'ja' ? 'マネジメントレビュー報告書' : 'Management review report', `dashboard ${lang}: the button's label`);
      const [popup] = await Promise.all([dash.waitForEvent('popup'), dash.click('#open-review')]);
      await popup.waitForLoadState('load');
      same(await popup.$$eval('section.sheet > h2', (hs) => hs.map((h) => h.textContent)), HEADINGS[lang], `dashboard ${lang}: the report's sections`);
      check((await popup.textContent('#export-name')).length > 1, `dashboard ${lang}: the report names the data set`);
      const rows = await popup.locator('#sample .clause-sample').count();
      check(rows > 0, `dashboard ${lang}: the report samples records per clause`, { rows });
      await popup.close();
    }
    await dash.close();
  }
  check(problems.length === 0, 'no console errors or page errors', problems.slice(0, 10));
} catch (err) {
  failures.push(`aborted: ${err?.stack ?? err}`);
} finally {
  await browser.close();
  server?.close();
}

writeFileSync(join(artifacts, 'review-result.txt'), `${passed} passed, ${failures.length} failed\n`);
console.log(`chromium review: ${passed} checks passed, ${failures.length} failed`);
for (const f of failures) console.log(`  ✗ ${f}`);
process.exit(failures.length ? 1 : 0);
