// Runs the conformance corpus in headless Chromium (Debian's, through playwright-core) against
// the web build, plus a two-worker merge. Fails on any case failure or console error.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';

const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
mkdirSync(artifacts, { recursive: true });

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
  await page.goto(`${url}/tests/browser/corpus.html`);
  await page.waitForFunction(() => window.__result, null, { timeout: 120_000 });
  const result = await page.evaluate(() => window.__result);
  await page.screenshot({ path: `${artifacts}browser-corpus.png` });
  const version = await browser.version();
  console.log(`chromium ${version}: ${result.count} corpus cases, ${result.failures.length} failed; workers merged = ${result.worker?.same}`);
  for (const f of [...result.failures, ...problems]) console.log(`  ${f}`);
  failed = result.failures.length > 0 || problems.length > 0 || result.count < 150 || result.worker?.same !== true || result.worker?.failed !== 8;
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
