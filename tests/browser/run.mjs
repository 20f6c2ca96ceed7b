// Runs the conformance corpus in headless Chromium (Debian's, through playwright-core) against
// the web build, plus a two-worker merge and the live form against engine.check on the corpus's
// ServiceNow records. Fails on any case failure, difference or console error.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipLine } from '../js/corpus.mjs';
import { serve } from './server.mjs';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
mkdirSync(artifacts, { recursive: true });
// The page reads the corpus list from index.json; whether the shared fixture folder (served at
// /fixtures/) exists is known here only: without it the page skips the cases that read it.
const repo = fileURLToPath(new URL('../../', import.meta.url));
const index = JSON.parse(readFileSync(`${repo}tests/conformance/index.json`, 'utf8'));
const fixturesPresent = existsSync(resolve(repo, index.fixtures));

const { server, url } = await serve();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let failed = false;
try {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  await page.goto(`${url}/tests/browser/corpus.html${fixturesPresent ? '' : '?fixtures=absent'}`);
  await page.waitForFunction(() => window.__result, null, { timeout: 120_000 });
  const result = await page.evaluate(() => window.__result);
  await page.screenshot({ path: `${artifacts}browser-corpus.png` });
  const version = await browser.version();
  console.log(`chromium ${version}: ${result.count} corpus cases of ${result.files} files, ${result.failures.length} failed; workers merged = ${result.worker?.same}`);
  if (result.skipped > 0) console.log(skipLine(result.skipped, index.fixtures));
  console.log(`live form: ${result.form?.compared} records checked both ways, ${result.form?.fast} through the fast path, ${result.form?.failures.length} differed`);
  for (const f of [...result.failures, ...(result.form?.failures ?? []), ...problems]) console.log(`  ${f}`);
  failed = result.failures.length > 0 || problems.length > 0 || result.count < 150 || result.files !== index.files.length ||
    (fixturesPresent && result.skipped !== 0) || result.worker?.same !== true || result.worker?.failed !== 8 ||
    !result.form || result.form.failures.length > 0 || result.form.fast < result.form.compared / 3;
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
