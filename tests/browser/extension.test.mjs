// The Manifest V3 extension (examples/extension) in Debian's Chromium through playwright-core:
// builds it with --test, serves the mock ServiceNow, Jira Service Management and GLPI pages of
// tests/browser/mock/ on 127.0.0.1, loads the unpacked extension into a persistent profile and
// checks, on each tool's page, that the panel shows the clauses and findings of the open record and
// follows edits; then the options (Japanese, the 2011 edition, rule packs and their errors, the
// instance context and its errors), a service worker stopped and restarted, and that the
// extension made no request outside the page's origin and logged no error. Prints how long a
// check takes from the edit to the panel. Exits non-zero on any failure. Screenshots go to
// tests/artifacts/; UPDATE_SCREENSHOT=1 also rewrites examples/extension/screenshot.png (the
// README's) from the ServiceNow incident.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMock, GLPI_CSP } from './mock/server.mjs';
import { catalog } from '../../js/node.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = join(root, 'tests/artifacts');
const dist = join(root, 'examples/extension/dist');
const rules = join(root, 'examples/rules');
mkdirSync(artifacts, { recursive: true });

const watchdog = setTimeout(() => {
  console.error('extension test: timed out after 6 minutes');
  process.exit(1);
}, 6 * 60_000);

// ---------------------------------------------------------------------------------------------
// Bookkeeping.

const failures = [];
function ok(condition, what, detail) {
  if (condition) console.log(`  ok   ${what}`);
  else {
    console.log(`  FAIL ${what}${detail === undefined ? '' : `\n       ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`}`);
    failures.push(what);
  }
  return condition;
}
const section = (title) => console.log(`\n${title}`);
const timings = {}; // what → [ms from the edit event to the panel's update]
const errors = []; // console errors and page errors of pages, extension pages and the worker
const expectedErrors = []; // [RegExp] allowed while a step provokes them on purpose
const requests = []; // every request the browser context saw

// ---------------------------------------------------------------------------------------------
// The readers' pure parts, in Node: ServiceNow date formats, Jira issue keys from URLs.

section('Readers (unit)');
for (const f of ['servicenow', 'jira']) await import(join(root, `examples/extension/src/content/readers/${f}.js`));
const reader = (tool) => globalThis.ISO20000.readers.find((r) => r.tool === tool);
for (const [value, format, want] of [
  ['2026-06-29 09:12:34', null, '2026-06-29 09:12:34'],
  ['29-06-2026 09:12:34', 'dd-MM-yyyy HH:mm:ss', '2026-06-29 09:12:34'],
  ['06/29/2026 09:12:34 PM', 'MM/dd/yyyy hh:mm:ss a', '2026-06-29 21:12:34'],
  ['06/29/2026 12:05:00 AM', 'MM/dd/yyyy hh:mm:ss a', '2026-06-29 00:05:00'],
  ['29.06.2026 21:12', 'dd.MM.yyyy HH:mm', '2026-06-29 21:12:00'],
  ['29-Jun-2026 09:12:34', 'dd-MMM-yyyy HH:mm:ss', '2026-06-29 09:12:34'],
  ['13/45/2026 09:12:34', 'MM/dd/yyyy HH:mm:ss', null],
]) {
  const got = reader('servicenow').isoLocal(value, format);
  ok(got === want, `ServiceNow date "${value}" in ${format ?? 'the default format'} → ${want}`, got);
}
for (const [url, want] of [
  ['https://acme.atlassian.net/browse/ITSM-42', 'ITSM-42'],
  ['https://acme.atlassian.net/jira/servicedesk/projects/ITSM/queues/custom/1/ITSM-42', 'ITSM-42'],
  ['https://acme.atlassian.net/jira/software/projects/DEV/boards/1?selectedIssue=DEV-7', 'DEV-7'],
  ['https://jira.example.org/jira/browse/OPS-12', 'OPS-12'],
  ['https://acme.atlassian.net/servicedesk/customer/portal/1/ITSM-42', null],
  ['https://acme.atlassian.net/jira/your-work', null],
]) {
  ok(reader('jira').issueKey(new URL(url)) === want, `Jira key of ${url} → ${want}`);
}
// When a finding is premature (src/shared/stages.js), on the built-in pack's own conditions.
await import(join(root, 'examples/extension/src/shared/stages.js'));
{
  const { stages } = globalThis.ISO20000;
  const builtin = JSON.parse(readFileSync(join(root, 'src/rules/builtin-pack.json'), 'utf8'));
  const conds = stages.conditions([builtin]);
  for (const [check, phase, state, want, why] of [
    ['INC-CLASSIFIED', 'do', 'new', 'in_progress', 'a do check for every state waits while the incident is new'],
    ['INC-CLASSIFIED', 'do', 'in_progress', null, 'and applies once it is in progress'],
    ['INC-ASSIGNED', 'do', 'new', null, 'a check whose condition names the states is never held (the engine already gates it)'],
    ['INC-SLA-MET', 'check', 'in_progress', 'resolved', 'an outcome (check) finding waits until the record is resolved'],
    ['INC-SLA-MET', 'check', 'closed', null, 'and applies once it is closed'],
    ['INC-MAJOR-PROBLEM', 'act', 'on_hold', 'resolved', 'an act finding waits too'],
    ['CHG-TYPE', 'plan', 'new', 'in_progress', 'a plan check for every state waits while the change is new'],
    ['CHG-TYPE', 'plan', 'active', null, 'a state without a ticket lifecycle never holds'],
    ['NO-SUCH-CHECK', 'do', 'new', null, 'an unknown check is never held'],
  ]) ok(stages.waitsFor(check, phase, state, conds) === want, `stages: ${check} (${phase}) in ${state} → ${want}: ${why}`);
  const overridden = stages.conditions([builtin, { id: 'x', overrides: [{ check: 'INC-ASSIGNED', when: null }, { check: 'INC-CLASSIFIED', when: { in: [{ var: ['state', ''] }, ['resolved']] } }] }]);
  ok(stages.waitsFor('INC-ASSIGNED', 'do', 'new', overridden) === 'in_progress' && stages.waitsFor('INC-CLASSIFIED', 'do', 'new', overridden) === null,
    'stages: a pack\'s override of `when` counts (removed: held; naming the state: not held)');
}
delete globalThis.ISO20000;

// ---------------------------------------------------------------------------------------------
// Build, mock server, browser.

execFileSync(process.execPath, [join(root, 'examples/extension/build.mjs'), '--test'], { stdio: 'inherit' });
const mock = await startMock();
const profile = mkdtempSync(join(tmpdir(), 'iso20000-extension-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`,
    '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

function watch(target, name) {
  target.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = `${name()}: console.error: ${m.text()}`;
    if (!expectedErrors.some((re) => re.test(text))) errors.push(text);
  });
  if (target.url && 'mainFrame' in target) target.on('pageerror', (e) => errors.push(`${name()}: pageerror: ${e.message}`));
}
context.on('page', (p) => watch(p, () => `page ${p.url()}`));
context.on('request', (r) => requests.push(r.url()));

let [worker] = context.serviceWorkers();
worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
watch(worker, () => 'service worker');
const extensionId = new URL(worker.url()).host;
const extensionOrigin = `chrome-extension://${extensionId}`;
const agent = await worker.evaluate(() => navigator.userAgent);
console.log(`${/(Headless)?Chrome\/[\d.]+/.exec(agent)?.[0]} loaded the extension ${extensionId}: service worker ${worker.url()}`);

// ---------------------------------------------------------------------------------------------
// Reading the panel: a closed shadow root on #iso20000-panel, which the page cannot reach
// (host.shadowRoot is null); the test reaches it through the DevTools protocol, whose
// DOM.describeNode pierces closed roots. `fn(root, host, arg)` runs in the page.

const cdpSessions = new WeakMap();
async function inPanel(page, fn, arg = null) {
  let cdp = cdpSessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    cdpSessions.set(page, cdp);
  }
  const { result: host } = await cdp.send('Runtime.evaluate', { expression: "document.getElementById('iso20000-panel')" });
  if (!host.objectId) return null;
  const { node } = await cdp.send('DOM.describeNode', { objectId: host.objectId, depth: 1, pierce: true });
  const shadow = node.shadowRoots?.[0];
  if (!shadow) return null;
  const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
  const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: fn.toString(),
    arguments: [{ objectId: object.objectId }, { objectId: host.objectId }, { value: arg }],
    returnByValue: true,
    awaitPromise: true,
  });
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value;
}
/** Clicks an element of the panel (a synthetic click: the panel's handlers are click listeners). */
const panelClick = (page, sel) => inPanel(page, (root, host, sel) => {
  const el = root.querySelector(sel);
  if (!el) throw new Error(`no ${sel} in the panel`);
  el.click();
  return true;
}, sel);
/** Whether an element of the panel is rendered (a box, not visibility: hidden), as Playwright's isVisible. */
const panelVisible = (page, sel) => inPanel(page, (root, host, sel) => {
  const el = root.querySelector(sel);
  if (!el) return false;
  const box = el.getBoundingClientRect();
  return el.checkVisibility({ visibilityProperty: true }) && box.width > 0 && box.height > 0;
}, sel);

async function panelOf(page) {
  return inPanel(page, (root, host) => {
    const text = (el, sel) => el.querySelector(sel)?.textContent.trim() ?? null;
    return {
      state: host.dataset.state,
      revision: Number(host.dataset.revision),
      passedChecks: (host.dataset.passed ?? '').split(' ').filter(Boolean),
      lang: host.dataset.lang,
      edition: host.dataset.edition,
      side: host.dataset.side,
      open: host.dataset.open === 'true',
      docked: host.dataset.docked === 'true',
      shown: Number(host.dataset.shown),
      held: Number(host.dataset.held),
      intercept: host.dataset.intercept || null,
      pill: text(root, '.pill'),
      heldNote: text(root, '.held span'),
      interceptNote: text(root, '.intercept p'),
      filters: [...root.querySelectorAll('button.sevchip')].map((b) => ({ severity: b.dataset.severity, text: b.textContent.trim(), pressed: b.getAttribute('aria-pressed') === 'true' })),
      engineMs: Number(host.dataset.engineMs),
      roundTripMs: Number(host.dataset.roundTripMs),
      standard: text(root, '.standard'),
      record: text(root, '.record'),
      headings: [...root.querySelectorAll('h3')].map((h) => h.textContent.trim()),
      counts: [...root.querySelectorAll('.count')].map((c) => c.textContent.trim()),
      clauses: [...root.querySelectorAll('li.clause')].map((li) => ({ id: li.dataset.clause, title: text(li, '.ctitle') })),
      findings: [...root.querySelectorAll('article.finding')].map((a) => ({
        check: a.dataset.check,
        severity: a.dataset.severity,
        severityLabel: text(a, '.sev'),
        title: text(a, '.ftitle'),
        message: text(a, '.msg'),
        hint: text(a, '.hint'),
        seen: text(a, '.why'),
        fields: [...a.querySelectorAll('button.field')].map((b) => ({ path: b.dataset.field, label: b.textContent.trim() })),
        visible: !a.hidden && a.getBoundingClientRect().height > 0,
        clauses: [...a.querySelectorAll('.cref')].map((c) => ({ id: c.dataset.clause, title: c.textContent.trim() })),
        case: a.querySelector('details.case') && {
          id: a.querySelector('details.case').dataset.case,
          open: a.querySelector('details.case').open,
          label: text(a, 'details.case summary'),
          title: text(a, 'details.case .ctitle-case'),
          organisation: text(a, 'details.case .corg'),
          happened: text(a, 'details.case .chappened'),
          why: text(a, 'details.case .cwhy'),
          good: text(a, 'details.case .cgood'),
        },
      })),
      notice: text(root, '.notice'),
      contextError: text(root, '.context-error'),
      contextLine: text(root, 'p.context'),
      warnings: [...root.querySelectorAll('details.warnings li')].map((li) => li.textContent.trim()),
      footer: text(root, 'footer'),
    };
  });
}

/** Waits until the panel's answer satisfies `test` (and is newer than `after`, a revision). */
async function waitPanel(page, test, { after = -1, timeout = 10_000, what = 'panel' } = {}) {
  const until = Date.now() + timeout;
  let last = null;
  while (Date.now() < until) {
    last = await panelOf(page).catch(() => null);
    if (last && last.revision > after && (last.state === 'ready' || last.state === 'error') && test(last)) return last;
    await page.waitForTimeout(40);
  }
  throw new Error(`${what}: not reached in ${timeout} ms; last panel: ${JSON.stringify(last)?.slice(0, 1500)}`);
}

/**
 * Records in the page when the edit's first event fires (in the document, or in the iframe
 * `frame` for an editor) and when the panel shows a new answer (MutationObserver on
 * data-revision), on the page's clock (timeOrigin + now, the same in an iframe); the function it
 * returns gives the delay, and keeps it with the engine's and the messaging's share.
 */
async function armTiming(page, events = ['input', 'change'], frame = null) {
  await page.evaluate(({ events, frame }) => {
    const now = () => performance.timeOrigin + performance.now();
    const host = document.getElementById('iso20000-panel');
    const t = (window.__iso20000Timing = { edit: null, rendered: null, from: Number(host.dataset.revision) });
    const doc = frame ? document.querySelector(frame).contentDocument : document;
    for (const type of events) doc.addEventListener(type, () => (t.edit ??= now()), { capture: true, once: true });
    new MutationObserver(() => {
      if (Number(host.dataset.revision) > t.from) t.rendered = now();
    }).observe(host, { attributes: true, attributeFilter: ['data-revision'] });
  }, { events, frame });
  return async (what) => {
    const t = await page.evaluate(() => ({ ...window.__iso20000Timing, ...document.getElementById('iso20000-panel').dataset }));
    if (t.edit === null || t.rendered === null) return null;
    const ms = Math.round(t.rendered - t.edit);
    (timings[what] ??= []).push(ms);
    (timings['engine check in the service worker (wasm)'] ??= []).push(Number(t.engineMs));
    (timings['round trip content script → service worker → content script'] ??= []).push(Number(t.roundTripMs));
    return ms;
  };
}

const has = (p, check) => p.findings.some((f) => f.check === check);
const clause = (p, id) => p.clauses.find((c) => c.id === id);
const shoot = (page, name) => page.screenshot({ path: join(artifacts, `extension-${name}.png`) });

/**
 * What the user could not reach: every form control and button of the page (not the panel's),
 * each scrolled into view, hit-tested with document.elementFromPoint at its centre and 3 px in
 * from its corners. A point where something else than the control (or a part of it) is on top
 * is reported: {control, point, hit}. Also how many controls were tested.
 */
function sweep(page) {
  return page.evaluate(async () => {
    const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
    const host = document.getElementById('iso20000-panel');
    const name = (el) => (el === host ? 'the extension panel' : `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute?.('name') ? `[name=${el.getAttribute('name')}]` : ''}`);
    const controls = [...document.querySelectorAll('input:not([type="hidden"]), select, textarea, button, [role="combobox"]')]
      .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden');
    const covered = [];
    for (const el of controls) {
      el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
      await frame();
      await frame();
      await frame();
      const r = el.getBoundingClientRect();
      const inset = Math.min(3, r.width / 4, r.height / 4);
      const points = [['centre', r.left + r.width / 2, r.top + r.height / 2], ['top left', r.left + inset, r.top + inset],
        ['top right', r.right - inset, r.top + inset], ['bottom left', r.left + inset, r.bottom - inset], ['bottom right', r.right - inset, r.bottom - inset]];
      for (const [where, x, y] of points) {
        const hit = document.elementFromPoint(x, y);
        if (hit !== el && !el.contains(hit)) covered.push({ control: name(el), point: where, hit: hit ? name(hit) : null });
      }
    }
    scrollTo(0, 0);
    return { tested: controls.length, covered };
  });
}
const VIEWPORTS = [{ width: 1280, height: 720 }, { width: 1366, height: 768 }];
const coverage = {}; // 'page, viewport, state' → {tested, covered}
/** The sweep at both viewports, minimised and docked (opened by the user's click). */
async function neverCovers(page, label) {
  const size = page.viewportSize();
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    for (const open of [false, true]) {
      const now = await panelOf(page);
      if (now.open !== open) {
        await panelClick(page, open ? '.pill' : 'button.collapse');
        await page.waitForFunction((o) => document.getElementById('iso20000-panel').dataset.open === String(o), open);
      }
      const got = await sweep(page);
      coverage[`${label} at ${viewport.width}×${viewport.height}, ${open ? 'docked' : 'minimised'}`] = got;
      ok(got.tested > 5 && got.covered.length === 0,
        `${label} at ${viewport.width}×${viewport.height}, ${open ? 'docked' : 'minimised'}: none of the ${got.tested} controls is under the panel (centre and corners)`, got.covered.slice(0, 8));
      await shoot(page, `${label.toLowerCase().replace(/\W+/g, '-')}-${viewport.width}x${viewport.height}-${open ? 'docked' : 'minimised'}`);
    }
  }
  await page.setViewportSize(size);
}

// ---------------------------------------------------------------------------------------------

let failed = false;
try {
  const SN_INCIDENT = `${mock.url}/incident.do?sys_id=9d385017c611228701d22104cc95c371`;
  const SN_CHANGE = `${mock.url}/change_request.do?sys_id=c83c5e5347c12200e0ef563dbb9a7190`;
  const JIRA = `${mock.url}/browse/ITSM-42`;
  const GLPI_TICKET = `${mock.url}/front/ticket.form.php?id=2001`;
  const GLPI_CHANGE = `${mock.url}/front/change.form.php?id=71`;

  // ------------------------------------------------------------------ ServiceNow incident
  section('ServiceNow incident (g_form read in the MAIN world)');
  const incident = await context.newPage();
  await incident.goto(SN_INCIDENT);
  let p = await waitPanel(incident, (x) => x.findings.length > 0, { what: 'incident panel' });
  ok(p.standard === 'ISO/IEC 20000-1:2018' && p.edition === '2018' && p.lang === 'en', 'the panel names the 2018 edition, in English', p.standard);
  ok(/^INC0010023 · Incident/.test(p.record), 'the panel names the record (number and kind)', p.record);
  ok(clause(p, '8.6.1')?.title === 'Incident management', 'clause 8.6.1 Incident management', p.clauses);
  const classified = p.findings.find((f) => f.check === 'INC-CLASSIFIED');
  ok(classified && classified.severityLabel === 'Minor nonconformity' && classified.title === 'Incident is categorised'
    && /no category/.test(classified.message) && /category/i.test(classified.hint)
    && classified.clauses.some((c) => c.id === '8.6.1' && /Incident management/.test(c.title)),
  'the uncategorised incident has INC-CLASSIFIED: severity label, title, message, fix hint, clause', classified);
  ok(has(p, 'INC-CI-LINKED'), 'and INC-CI-LINKED (no configuration item or service)');
  // Issue 14 item 7: quiet by default, never over the form.
  ok(!p.open && p.pill === '2 findings' && await panelVisible(incident, '.pill') && !(await panelVisible(incident, '.panel')),
    'the panel starts minimised: a small button with the findings count', { open: p.open, pill: p.pill });
  const dots = await inPanel(incident, (root) => {
    const colour = (el) => getComputedStyle(el).backgroundColor;
    const clear = document.createElement('span');
    clear.className = 'dot';
    root.append(clear);
    const allClear = colour(clear);
    clear.remove();
    return { allClear, pill: colour(root.querySelector('.pill .dot')) };
  });
  ok(dots.pill !== dots.allClear, 'its dot has the worst severity\'s colour, not the all-clear green', dots);
  await neverCovers(incident, 'ServiceNow incident');
  p = await panelOf(incident);
  const margin = await incident.evaluate(() => getComputedStyle(document.documentElement).marginRight);
  ok(p.open && p.docked && parseInt(margin, 10) >= 300, `opened, it is docked: the page gives it its width (<html> margin-right ${margin})`, { open: p.open, docked: p.docked });
  await shoot(incident, 'servicenow-incident-docked');

  // Severity: distinct colours, a filter.
  const colours = await inPanel(incident, (root) => {
    const out = {};
    for (const a of root.querySelectorAll('article.finding')) out[a.dataset.severity] = getComputedStyle(a).borderLeftColor;
    for (const s of ['major_nonconformity', 'minor_nonconformity', 'observation', 'opportunity_for_improvement']) {
      const probe = document.createElement('article');
      probe.className = `finding sev-${s}`;
      root.querySelector('.body').append(probe);
      out[s] = getComputedStyle(probe).borderLeftColor;
      probe.remove();
    }
    const clear = document.createElement('span');
    clear.className = 'dot';
    root.append(clear);
    out.allClear = getComputedStyle(clear).backgroundColor;
    clear.remove();
    return out;
  });
  ok(new Set(Object.values(colours)).size === 5, 'each severity has its own colour, and none is the all-clear green', colours);
  ok(p.filters.map((f) => f.text).join() === 'Minor nonconformity 1,Opportunity for improvement 1' && p.filters.every((f) => !f.pressed),
    'a severity filter: one toggle per severity present, with its count', p.filters);
  await panelClick(incident, 'button.sevchip[data-severity="opportunity_for_improvement"]');
  p = await panelOf(incident);
  ok(p.findings.filter((f) => f.visible).map((f) => f.check).join() === 'INC-CI-LINKED' && p.filters.find((f) => f.pressed)?.severity === 'opportunity_for_improvement',
    'pressed, only that severity\'s findings show', p.findings.map((f) => [f.check, f.visible]));
  await shoot(incident, 'servicenow-incident-filter');
  await panelClick(incident, 'button.sevchip[data-severity="opportunity_for_improvement"]');
  p = await panelOf(incident);
  ok(p.findings.every((f) => f.visible), 'pressed again, every finding shows');

  // The form's own field labels, and a click that takes the user to the field.
  const cls = p.findings.find((f) => f.check === 'INC-CLASSIFIED');
  const ci = p.findings.find((f) => f.check === 'INC-CI-LINKED');
  ok(cls.seen === 'Seen:“Category” is empty' && cls.fields.map((f) => f.label).join() === 'Category',
    'INC-CLASSIFIED names the form\'s label "Category", not the path', cls.seen);
  ok(ci.seen === 'Seen:“Configuration item” and “Service” are empty' && ci.fields.map((f) => f.label).join() === 'Configuration item,Service',
    'INC-CI-LINKED names "Configuration item" and "Service" (the link fields\' labels)', ci);
  ok(!p.findings.some((f) => /affects_ci|links|incident\.\w|assignmentGroup/.test(`${f.seen} ${f.fields.map((x) => x.label).join()}`)), 'no internal path in the findings');
  await panelClick(incident, 'article.finding[data-check="INC-CI-LINKED"] button.field[data-field="links:affects_ci"]');
  let focused = await incident.evaluate(() => ({ id: document.activeElement?.id, marked: document.activeElement?.hasAttribute('data-iso20000-highlight'), outline: getComputedStyle(document.activeElement).outlineStyle }));
  ok(focused.id === 'sys_display.incident.cmdb_ci' && focused.marked && focused.outline === 'solid',
    'clicking "Configuration item" focuses and outlines the reference field on the form', focused);
  await panelClick(incident, 'article.finding[data-check="INC-CLASSIFIED"] .ftitle');
  focused = await incident.evaluate(() => ({ id: document.activeElement?.id, marked: document.activeElement?.hasAttribute('data-iso20000-highlight') }));
  ok(focused.id === 'incident.category' && focused.marked, 'clicking the finding itself focuses its field (Category)', focused);
  await shoot(incident, 'servicenow-incident-field');
  // Hardening (issue 11 item 8): a closed panel, a reader that hears only its own MAIN-world
  // function (the port that carries the page's secret), no panel without g_form.
  ok(await incident.evaluate(() => document.getElementById('iso20000-panel').shadowRoot === null),
    'the panel is a closed shadow root: the page reads null from host.shadowRoot (no findings, packs or context keys)');
  {
    const forged = { table: 'incident', sysId: 'f0f0', dateTimeFormat: null, fields: { number: { value: 'INC-FORGED' }, short_description: { value: 'forged' } } };
    const rev = p.revision;
    await incident.evaluate((form) => {
      window.postMessage({ channel: 'iso20000/servicenow', type: 'form', form }, location.origin);
      window.postMessage({ channel: 'iso20000/servicenow', type: 'form', form, secret: 'f'.repeat(32) }, location.origin);
      const { port1, port2 } = new MessageChannel();
      window.postMessage({ channel: 'iso20000/servicenow', type: 'port', secret: '0'.repeat(32) }, location.origin, [port2]);
      port1.postMessage({ type: 'form', form, secret: '0'.repeat(32) });
    }, forged);
    await incident.waitForTimeout(1000);
    const after = await panelOf(incident);
    ok(after.revision === rev && /^INC0010023/.test(after.record), 'forged forms on the channel, with no or a wrong secret, and a forged port are ignored', after.record);
  }
  {
    const bare = await context.newPage();
    watch(bare, () => 'page without g_form');
    await bare.route('**/problem.do*', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Not a form</title><p>No g_form here.</p>' }));
    await bare.goto(`${mock.url}/problem.do?sys_id=forged`);
    await bare.waitForTimeout(600);
    await bare.evaluate(() => {
      const form = { table: 'incident', sysId: 'f0f0', dateTimeFormat: null, fields: { number: { value: 'INC-FORGED' } } };
      window.postMessage({ channel: 'iso20000/servicenow', type: 'form', form }, location.origin);
    });
    await bare.waitForTimeout(1500);
    ok(await bare.evaluate(() => !document.getElementById('iso20000-panel')), 'a page without g_form posting a forged record on the channel shows no panel');
    await bare.close();
  }
  // "Why this matters": each finding's teaching case, behind a toggle.
  const caseOf = (check, lang) => catalog.cases({ lang }).find((c) => c.checks.includes(check));
  const whyToggle = (check) => `article.finding[data-check="${check}"] details.case`;
  ok(p.findings.every((f) => f.case?.id === caseOf(f.check, 'en')?.id && f.case.open === false && f.case.label === 'Why this matters'),
    'every finding has its teaching case behind a closed "Why this matters" toggle', p.findings.map((f) => [f.check, f.case?.id]));
  ok(!(await panelVisible(incident, `${whyToggle('INC-CLASSIFIED')} .chappened`)), 'the case text is hidden until the toggle is opened');
  await panelClick(incident, `${whyToggle('INC-CLASSIFIED')} summary`);
  ok(await panelVisible(incident, `${whyToggle('INC-CLASSIFIED')} .chappened`), 'opening the toggle shows the case');
  const enCase = (await panelOf(incident)).findings.find((f) => f.check === 'INC-CLASSIFIED').case;
  const expectedEn = caseOf('INC-CLASSIFIED', 'en');
  ok(enCase.open && enCase.title === expectedEn.title && enCase.organisation === expectedEn.organisation && enCase.happened === expectedEn.happened
    && enCase.why === expectedEn.why && enCase.good === expectedEn.good,
  'the case: title, organisation, what happened, why an auditor cares, what good looks like', enCase);
  await panelClick(incident, `${whyToggle('INC-CLASSIFIED')} summary`);
  await panelClick(incident, `${whyToggle('INC-CI-LINKED')} summary`); // stays open while the record changes (below)
  ok(p.counts.length === 3 && /2 findings/.test(p.counts[0]), 'the summary counts findings, passed and not applicable', p.counts);
  await shoot(incident, 'servicenow-incident');
  // The README's screenshot is committed: rewritten only when asked (or missing), so a test run
  // does not leave a changed file behind.
  const readmeShot = join(root, 'examples/extension/screenshot.png');
  if (process.env.UPDATE_SCREENSHOTS || process.env.UPDATE_SCREENSHOT || !existsSync(readmeShot)) await incident.screenshot({ path: readmeShot });
  const shotKb = statSync(readmeShot).size / 1024;
  ok(shotKb < 300, `examples/extension/screenshot.png is ${shotKb.toFixed(0)} KB (< 300 KB; UPDATE_SCREENSHOT=1 rewrites it)`);

  // Updated as fields change: pick a category, clear it again, a few times (timed).
  for (let i = 0; i < 4; i++) {
    let done = await armTiming(incident);
    await incident.selectOption('#incident\\.category', 'network');
    p = await waitPanel(incident, (x) => !has(x, 'INC-CLASSIFIED'), { after: p.revision, what: 'category set' });
    const ms = await done('ServiceNow: choice field (change event, 120 ms pause)');
    if (i === 0) ok(true, `setting the category removes INC-CLASSIFIED (${ms} ms from the change event to the panel)`);
    done = await armTiming(incident);
    await incident.selectOption('#incident\\.category', '');
    p = await waitPanel(incident, (x) => has(x, 'INC-CLASSIFIED'), { after: p.revision, what: 'category cleared' });
    await done('ServiceNow: choice field (change event, 120 ms pause)');
    if (i === 0) ok(true, 'clearing it brings INC-CLASSIFIED back');
  }
  ok(p.findings.find((f) => f.check === 'INC-CI-LINKED')?.case?.open === true, 'a case opened before stays open while new answers come in');
  // A client script sets priority from impact × urgency: the dependent value is read too.
  await incident.selectOption('#incident\\.impact', '1');
  p = await waitPanel(incident, () => true, { after: p.revision, what: 'impact changed' });
  ok(!has(p, 'INC-PRIORITY-MATRIX'), 'the priority a client script set with g_form.setValue is read with the impact (matrix kept)');
  // Typing: input events, a longer pause.
  {
    const done = await armTiming(incident, ['input']);
    await incident.fill('#incident\\.close_notes', 'Queue flushed after the relay restart.');
    p = await waitPanel(incident, () => true, { after: p.revision, what: 'typed notes' });
    await done('ServiceNow: typing in a text field (input events, 400 ms pause)');
  }

  // ------------------------------------------------------------------ premature findings
  section('Findings the state makes premature wait until save or resolve');
  {
    const fresh = await context.newPage();
    await fresh.goto(SN_INCIDENT);
    let q = await waitPanel(fresh, (x) => x.shown === 2, { what: 'fresh incident' });
    await fresh.selectOption('#incident\\.state', '1');
    q = await waitPanel(fresh, (x) => x.held === 2, { after: q.revision, what: 'state New' });
    ok(q.shown === 0 && q.findings.length === 0 && q.heldNote === '2 findings will show when you save or resolve this incident (still new).'
      && q.counts[0] === 'No findings',
    'a New incident: INC-CLASSIFIED and INC-CI-LINKED (checks for every state) wait, the panel says how many and until when', { note: q.heldNote, counts: q.counts });
    await shoot(fresh, 'servicenow-incident-new-held');
    await panelClick(fresh, 'button.collapse');
    await fresh.waitForFunction(() => document.getElementById('iso20000-panel').dataset.open === 'false');
    q = await panelOf(fresh);
    const waitDot = await inPanel(fresh, (root) => root.querySelector('.pill .dot').className);
    ok(q.pill === '2 on save' && waitDot === 'dot wait', 'minimised, the button says "2 on save" with a hollow dot (not the all-clear green)', { pill: q.pill, waitDot });
    await panelClick(fresh, '.pill');
    await fresh.waitForFunction(() => document.getElementById('iso20000-panel').dataset.open === 'true');
    await fresh.selectOption('#incident\\.state', '2');
    q = await waitPanel(fresh, (x) => x.shown === 2, { after: q.revision, what: 'state In Progress' });
    ok(q.held === 0 && q.findings.map((f) => f.check).sort().join() === 'INC-CI-LINKED,INC-CLASSIFIED' && q.pill === '2 findings',
      'once the state is In Progress they apply and show', q.findings.map((f) => f.check));
    await fresh.selectOption('#incident\\.state', '1');
    q = await waitPanel(fresh, (x) => x.held === 2, { after: q.revision, what: 'state New again' });

    // Japanese.
    await worker.evaluate(() => chrome.storage.local.set({ settings: { lang: 'ja', edition: '2018' } }));
    q = await waitPanel(fresh, (x) => x.lang === 'ja' && x.held === 2, { after: q.revision, what: 'held, Japanese' });
    ok(q.heldNote === '2 件の指摘を、このインシデントを保存又は解決したときに表示します (現在: 新規)。' && q.pill === '保存時 2 件',
      'ja: the note and the button in Japanese', { note: q.heldNote, pill: q.pill });
    await worker.evaluate(() => chrome.storage.local.set({ settings: { lang: 'en', edition: '2018' } }));
    q = await waitPanel(fresh, (x) => x.lang === 'en', { after: q.revision, what: 'held, English' });

    // Resolve: held back once, the panel opens on the findings.
    const posts = () => mock.log.filter((l) => l.startsWith('POST /incident.do')).length;
    const postsBefore = posts();
    await fresh.click('#resolve_incident');
    q = await waitPanel(fresh, (x) => x.intercept === 'resolve', { timeout: 3000, what: 'resolve intercepted' });
    ok(q.open && q.shown === 2 && q.interceptNote === 'Before you resolve: 2 findings apply to this record.'
      && await fresh.inputValue('#incident\\.state') === '1' && posts() === postsBefore,
    'clicking Resolve on a New incident: held back once (state unchanged, nothing posted), the panel opens on the 2 findings', { note: q.interceptNote, open: q.open, shown: q.shown });
    await shoot(fresh, 'servicenow-incident-resolve-intercepted');
    await panelClick(fresh, '.intercept button.back');
    q = await panelOf(fresh);
    const back = await fresh.evaluate(() => document.activeElement?.id);
    ok(!q.intercept && q.shown === 2 && back === 'incident.category', '"Back to the form": the findings stay, the first one\'s field has the focus', { back, intercept: q.intercept });

    // Update on a fresh load (premature again): "Save anyway" repeats the click and the form posts.
    await fresh.reload();
    q = await waitPanel(fresh, (x) => x.shown === 2, { what: 'reloaded' });
    await fresh.selectOption('#incident\\.state', '1');
    q = await waitPanel(fresh, (x) => x.held === 2, { after: q.revision, what: 'New after reload' });
    await fresh.click('#sysverb_update_bottom');
    q = await waitPanel(fresh, (x) => x.intercept === 'save', { timeout: 3000, what: 'save intercepted' });
    ok(q.interceptNote === 'Before you save: 2 findings apply to this record.' && posts() === postsBefore,
      'clicking Update (the form\'s submit button at the bottom): held back, "Before you save: 2 findings…"', q.interceptNote);
    const navigated = fresh.waitForNavigation();
    await panelClick(fresh, '.intercept button.proceed');
    await navigated;
    ok(posts() === postsBefore + 1, '"Save anyway" repeats the click: the form is posted');
    q = await waitPanel(fresh, (x) => x.shown === 2, { what: 'after the save' });
    // Nothing held: a save goes straight through.
    const direct = fresh.waitForNavigation();
    await fresh.click('#sysverb_update');
    await direct;
    ok(posts() === postsBefore + 2, 'with nothing held back, Update is not stopped');
    await fresh.close();
  }

  // ------------------------------------------------------------------ ServiceNow change
  section('ServiceNow change request');
  const change = await context.newPage();
  await change.goto(SN_CHANGE);
  p = await waitPanel(change, (x) => x.clauses.length > 0, { what: 'change panel' });
  ok(/^CHG0030042 · Change/.test(p.record), 'the panel names the change', p.record);
  ok(clause(p, '8.5.1.3')?.title === 'Change management activities' && clause(p, '8.5.1.2'), 'clauses 8.5.1.2 and 8.5.1.3 (change management)', p.clauses);
  ok(p.findings.map((f) => f.check).join() === 'CHG-BACKOUT-PLAN', 'the only finding is CHG-BACKOUT-PLAN (empty backout plan)', p.findings.map((f) => f.check));
  {
    const done = await armTiming(change, ['input']);
    await change.fill('#change_request\\.backout_plan', 'Reflash firmware 9.2.8 from the staging slot.');
    p = await waitPanel(change, (x) => !has(x, 'CHG-BACKOUT-PLAN'), { after: p.revision, what: 'backout plan typed' });
    ok(true, `writing a backout plan removes CHG-BACKOUT-PLAN (${await done('ServiceNow: typing in a text field (input events, 400 ms pause)')} ms)`);
  }
  await shoot(change, 'servicenow-change');

  // ------------------------------------------------------------------ Options: language, edition
  section('Options: language and edition apply to open panels');
  const options = await context.newPage();
  await options.goto(`${extensionOrigin}/options/options.html`);
  await options.waitForSelector('body[data-ready="true"]');
  ok(await options.locator('h1').textContent() === 'ISO/IEC 20000-1 check — options', 'the options page is in English');
  const before = (await panelOf(incident)).revision;
  await options.check('input[name="lang"][value="ja"]');
  ok(await options.waitForFunction(() => document.querySelector('h1').textContent === 'ISO/IEC 20000-1 チェック — オプション', null, { timeout: 5000 }).then(() => true, () => false),
    'switched to Japanese, the options page follows');
  p = await waitPanel(incident, (x) => x.lang === 'ja', { after: before, what: 'Japanese panel' });
  const jaClassified = p.findings.find((f) => f.check === 'INC-CLASSIFIED');
  ok(clause(p, '8.6.1')?.title === 'インシデント管理', 'the open incident panel turns Japanese: 8.6.1 インシデント管理', p.clauses);
  ok(jaClassified?.severityLabel === '軽微な不適合' && /分類/.test(jaClassified.title) && /^対処/.test(jaClassified.hint ?? ''),
    'findings in Japanese (severity, title, hint)', jaClassified);
  ok(p.headings.join() === '該当箇条,指摘事項' && /指摘 \d+ 件/.test(p.counts[0]) && /ブラウザ内/.test(p.footer), 'the panel\'s own words in Japanese', { h: p.headings, c: p.counts, f: p.footer });
  const jaCi = p.findings.find((f) => f.check === 'INC-CI-LINKED');
  ok(jaClassified.seen === '確認内容:「Category」が空です' && jaCi.seen === '確認内容:「Configuration item」と「Service」が空です'
    && p.filters.map((f) => f.text).join() === '軽微な不適合 1,改善の機会 1'
    && await inPanel(incident, (root) => root.querySelector('.filters .flabel').textContent) === '重大度',
  'ja: the form\'s labels quoted in Japanese, the severity filter in Japanese', { seen: [jaClassified.seen, jaCi.seen], filters: p.filters });
  await panelClick(incident, `${whyToggle('INC-CLASSIFIED')} summary`);
  ok(await panelVisible(incident, `${whyToggle('INC-CLASSIFIED')} .chappened`), 'ja: the toggle opens');
  const jaCase = (await panelOf(incident)).findings.find((f) => f.check === 'INC-CLASSIFIED').case;
  const expectedJa = caseOf('INC-CLASSIFIED', 'ja');
  ok(jaCase.label === 'なぜ重要か' && jaCase.title === expectedJa.title && jaCase.happened === expectedJa.happened && jaCase.good === expectedJa.good,
    'ja: the teaching case in Japanese', jaCase);
  await shoot(incident, 'servicenow-incident-ja');
  await shoot(options, 'options-ja');

  await options.check('input[name="edition"][value="2011"]');
  p = await waitPanel(incident, (x) => x.edition === '2011', { after: p.revision, what: '2011 panel' });
  ok(clause(p, '8.1') && !clause(p, '8.6.1'), 'the 2011 edition: clause 8.1 instead of 8.6.1', p.clauses);
  ok(/2011/.test(p.standard) && p.findings.find((f) => f.check === 'INC-CLASSIFIED')?.clauses.some((c) => c.id === '8.1'),
    'the findings cite 2011 clauses', p.findings.map((f) => f.clauses));
  await shoot(incident, 'servicenow-incident-2011-ja');
  await options.check('input[name="lang"][value="en"]');
  await options.check('input[name="edition"][value="2018"]');
  p = await waitPanel(incident, (x) => x.lang === 'en' && x.edition === '2018' && clause(x, '8.6.1')?.title === 'Incident management', { after: p.revision, what: 'back to English 2018' });
  ok(true, 'back to English and 2018');

  // ------------------------------------------------------------------ Options: rule packs
  section('Options: rule packs');
  await options.setInputFiles('#pack-file', join(rules, 'stricter-change-policy.json'));
  await options.waitForSelector('#pack-list li[data-pack="acme-change-policy"]');
  ok(/2 checks, 2 overrides/.test(await options.locator('#pack-list li[data-pack="acme-change-policy"]').textContent()), 'the stricter change policy pack is listed with its checks and overrides');
  p = await waitPanel(change, (x) => has(x, 'ACME-CHG-CAB'), { what: 'pack finding on the open change' });
  const cab = p.findings.find((f) => f.check === 'ACME-CHG-CAB');
  ok(cab.title === 'High-risk change goes to the CAB' && cab.severityLabel === 'Minor nonconformity' && cab.clauses.some((c) => c.id === '8.5.1.3'),
    'the open change panel shows the pack\'s ACME-CHG-CAB finding (high-risk normal change, CAB not required)', cab);
  await shoot(change, 'servicenow-change-pack');

  const broken = join(profile, 'broken-pack.json');
  writeFileSync(broken, JSON.stringify({
    id: 'broken-pack', version: '1',
    overrides: [{ check: 'NO-SUCH-CHECK', disable: true }],
    checks: [{
      id: 'BROKEN-1', kinds: ['change'], clauses2018: ['99.9'], phase: 'plan', severity: 'observation',
      when: { frob: [1] }, require: { '!!': { var: 'change.nope' } },
      title: { en: 't', ja: 't' }, message: { en: 'm', ja: 'm' }, hint: { en: 'h', ja: 'h' },
    }],
  }));
  const notJson = join(profile, 'not-json.json');
  writeFileSync(notJson, '{"id": "half-a-pack", "checks": [');
  await options.setInputFiles('#pack-file', [broken, notJson]);
  await options.waitForSelector('#pack-errors .errors[data-file="broken-pack.json"]');
  const paths = await options.locator('#pack-errors .errors[data-file="broken-pack.json"] li').evaluateAll((lis) => lis.map((li) => li.dataset.path));
  ok(['$.overrides[0].check', '$.checks[0].clauses2018[0]', '$.checks[0].when.frob'].every((x) => paths.includes(x)),
    'a broken pack is refused with every error and its path', paths);
  const jsonError = await options.locator('#pack-errors .errors[data-file="not-json.json"]').textContent();
  ok(/not valid JSON/.test(jsonError), 'a file that is not JSON is refused with the parser\'s message', jsonError);
  ok(await options.locator('#pack-list li[data-pack]').count() === 1, 'refused packs are not stored (the good pack stays)');
  await shoot(options, 'options-pack-errors');

  await options.click('button[data-remove-pack="acme-change-policy"]');
  p = await waitPanel(change, (x) => !has(x, 'ACME-CHG-CAB'), { after: p.revision, what: 'pack removed' });
  ok(true, 'removing the pack removes its finding from the open panel');

  // ------------------------------------------------------------------ Options: instance context
  section('Options: instance context');
  // The incident in a state this instance added: the engine does not know code 42.
  await incident.bringToFront();
  await incident.selectOption('#incident\\.state', '42');
  const unknownState = await waitPanel(incident, (x) => x.warnings.some((w) => w.startsWith('$.state')), { what: 'custom state code' });
  ok(unknownState.warnings.join() === '$.state unknown state for this table (map it with context.choices)' && !has(unknownState, 'INC-RESOLVED-TIME'),
    'without a context, state 42 is a warning ("unknown state … map it with context.choices") and no resolution check applies', { w: unknownState.warnings, f: unknownState.findings.map((f) => f.check) });
  const stored = () => worker.evaluate(() => chrome.storage.local.get('context').then((got) => got.context ?? null));
  const saveContext = async (text) => {
    await options.fill('#context-text', text);
    await options.click('#context-save');
  };
  const contextError = () => options.locator('#context-errors li').first();

  // Malformed JSON: the line and column, nothing stored.
  await saveContext('{\n  "choices": {\n    "state": {"42": "resolved",}\n  }\n}');
  await options.waitForSelector('#context-errors li');
  const malformed = { line: await contextError().getAttribute('data-line'), column: await contextError().getAttribute('data-column'), text: await contextError().textContent() };
  ok(malformed.line === '3' && malformed.column === '32' && /^malformed JSON at line 3 column 32: /.test(malformed.text),
    'malformed JSON (a trailing comma) is refused with the engine\'s line 3, column 32', malformed);
  ok(await stored() === null && /^No instance context/.test(await options.locator('#context-state').textContent()), 'and nothing is stored');

  // An option the engine refuses: its message and path, in the page's language.
  await saveContext('{"timeZone": "Asia/Osaka"}');
  await options.waitForSelector('#context-errors li[data-path="$.context.timeZone"]');
  let zoneError = await options.locator('#context-errors li').textContent();
  ok(zoneError === '$.context.timeZone — option `context.timeZone`: unknown time zone "Asia/Osaka"', 'an unknown time zone is refused with the engine\'s message and path', zoneError);
  const beforeJa = (await panelOf(incident)).revision;
  await options.check('input[name="lang"][value="ja"]');
  await options.waitForFunction(() => document.querySelector('#h-context').textContent === 'インスタンスコンテキスト');
  await options.click('#context-save');
  await options.waitForFunction(() => /不明/.test(document.querySelector('#context-errors li')?.textContent ?? ''));
  zoneError = { head: await options.locator('#context-errors p').textContent(), item: await options.locator('#context-errors li').textContent() };
  ok(zoneError.head === '保存しませんでした (エラー 1 件)。適用中のコンテキストは変わりません。'
    && zoneError.item === '$.context.timeZone — オプション `context.timeZone`: タイムゾーン "Asia/Osaka" は不明です。',
  'in Japanese when the language is Japanese', zoneError);
  await shoot(options, 'options-context-error-ja');
  ok(await stored() === null, 'a refused context is not stored');
  p = await waitPanel(incident, (x) => x.lang === 'ja', { after: beforeJa, what: 'Japanese' });
  await options.check('input[name="lang"][value="en"]');
  p = await waitPanel(incident, (x) => x.lang === 'en', { after: p.revision, what: 'back to English' });

  // A valid context: state 42 means resolved, so the resolution checks apply.
  await saveContext('{"choices": {"state": {"42": "resolved"}}}');
  p = await waitPanel(incident, (x) => has(x, 'INC-RESOLVED-TIME'), { after: p.revision, what: 'context saved' });
  ok(JSON.stringify(await stored()) === '{"choices":{"state":{"42":"resolved"}}}', 'a valid context is stored');
  ok(p.warnings.length === 0 && p.findings.map((f) => f.check).join() === 'INC-CLASSIFIED,INC-RESOLUTION-RECORDED,INC-RESOLVED-TIME,INC-CI-LINKED'
    && p.contextLine === 'Instance context: choices',
  'the open panel follows: state 42 read as resolved, so no warning and INC-RESOLUTION-RECORDED and INC-RESOLVED-TIME fail', { f: p.findings.map((f) => f.check), w: p.warnings, c: p.contextLine });
  await shoot(incident, 'servicenow-incident-context');
  await options.reload();
  await options.waitForSelector('body[data-ready="true"]');
  ok(await options.inputValue('#context-text') === '{\n  "choices": {\n    "state": {\n      "42": "resolved"\n    }\n  }\n}'
    && await options.locator('#context-state').textContent() === 'In force: choices.', 'the options page shows the stored context when it opens');

  // A stored context a newer engine refuses (written here past the options page): the checks
  // run without it and the panel says why.
  await worker.evaluate(() => chrome.storage.local.set({ context: { timeZone: 'Asia/Osaka', choices: { state: { 42: 'resolved' } } } }));
  p = await waitPanel(incident, (x) => x.contextError, { after: p.revision, what: 'refused stored context' });
  ok(p.contextError === 'The instance context could not be used, so the checks ran without it: $.context.timeZone: option `context.timeZone`: unknown time zone "Asia/Osaka"'
    && p.findings.map((f) => f.check).join() === unknownState.findings.map((f) => f.check).join() && p.contextLine === null,
  'a stored context the engine refuses: the panel says so and checks without it', { e: p.contextError, f: p.findings.map((f) => f.check) });
  await options.waitForFunction(() => /Asia\/Osaka/.test(document.querySelector('#context-text').value));
  ok(true, 'the options page follows the stored context');

  // Clear: the previous behaviour.
  await options.click('#context-clear');
  p = await waitPanel(incident, (x) => !x.contextError, { after: p.revision, what: 'context cleared' });
  ok(await stored() === null && await options.inputValue('#context-text') === '', 'Clear removes the stored context');
  ok(p.findings.map((f) => f.check).join() === unknownState.findings.map((f) => f.check).join() && p.warnings.join() === unknownState.warnings.join()
    && p.counts.join() === unknownState.counts.join() && p.contextLine === null,
  'and the panel is as it was without one (state 42 unknown again)', { f: p.findings.map((f) => f.check), w: p.warnings });
  await incident.selectOption('#incident\\.state', '2');
  p = await waitPanel(incident, (x) => x.warnings.length === 0, { after: p.revision, what: 'state back to In Progress' });

  // ------------------------------------------------------------------ Jira
  section('Jira Service Management (REST issue JSON, same origin)');
  const jira = await context.newPage();
  await jira.goto(JIRA);
  p = await waitPanel(jira, (x) => x.clauses.length > 0, { what: 'Jira panel' });
  ok(/^ITSM-42 · Incident/.test(p.record), 'the panel names the issue', p.record);
  ok(clause(p, '8.6.1') && p.passedChecks.includes('INC-SLA-MET'), 'clause 8.6.1, and the SLA field is read: INC-SLA-MET judged and met', { clauses: p.clauses, passed: p.passedChecks });
  ok(!clause(p, '8.3.3'), 'a target met is a performance figure, not evidence for 8.3.3: the panel lists what the report counts', p.clauses);
  ok(p.findings.map((f) => f.check).join() === 'INC-CLASSIFIED', 'INC-CLASSIFIED (Category empty) is the only finding', p.findings.map((f) => f.check));
  const jiraClassified = p.findings.find((f) => f.check === 'INC-CLASSIFIED');
  ok(jiraClassified.seen === 'Seen:“Category” is empty' && jiraClassified.fields.map((f) => f.label).join() === 'Category',
    'Jira: the finding names the issue view\'s "Category" field (the custom field found through names)', jiraClassified);
  await panelClick(jira, 'article.finding[data-check="INC-CLASSIFIED"] button.field');
  focused = await jira.evaluate(() => ({ id: document.activeElement?.id, marked: document.activeElement?.hasAttribute('data-iso20000-highlight') }));
  ok(focused.id === 'field-category' && focused.marked, 'and clicking it focuses the Category select', focused);
  await neverCovers(jira, 'Jira issue');
  // Docked on the other side, as an agent may prefer: the page gives it the left margin instead.
  await panelClick(jira, 'button.side');
  await jira.waitForFunction(() => document.getElementById('iso20000-panel').dataset.side === 'left');
  const sides = await jira.evaluate(() => ({ left: getComputedStyle(document.documentElement).marginLeft, right: getComputedStyle(document.documentElement).marginRight }));
  ok(parseInt(sides.left, 10) >= 300 && sides.right === '0px', `the panel moves to the other side, and the page makes room there (${sides.left} on the left)`, sides);
  {
    const got = await sweep(jira);
    ok(got.covered.length === 0, `docked on the left, none of the ${got.tested} controls is under it`, got.covered.slice(0, 8));
  }
  {
    const done = await armTiming(jira, ['change']);
    await jira.selectOption('#field-category', 'Network');
    p = await waitPanel(jira, (x) => !has(x, 'INC-CLASSIFIED'), { after: p.revision, what: 'Jira category set' });
    const ms = await done('Jira: inline edit saved by the page, issue fetched again (400 ms pause)');
    ok(mock.issue('ITSM-42').fields.customfield_10060?.value === 'Network', 'the page saved the edit through the REST API');
    ok(true, `after the edit the issue is fetched again and INC-CLASSIFIED goes (${ms} ms)`);
  }
  await shoot(jira, 'jira');
  // The issue view is a single-page app: follow its URL.
  expectedErrors.push(/404 \(Not Found\)/);
  await jira.evaluate(() => history.pushState({}, '', '/browse/ITSM-404'));
  p = await waitPanel(jira, (x) => x.state === 'error', { after: p.revision, what: 'unknown issue' });
  ok(/ITSM-404/.test(p.notice) && /404/.test(p.notice), 'an issue Jira does not return is reported in the panel', p.notice);
  expectedErrors.pop();
  await jira.evaluate(() => history.pushState({}, '', '/browse/DEV-7'));
  p = await waitPanel(jira, (x) => /DEV-7/.test(x.record ?? '') || x.notice, { after: p.revision, what: 'a story' });
  const quiet = await inPanel(jira, (root, host) => {
    return { rejected: host.dataset.rejected, pill: root.querySelector('.pill').textContent, panelShown: root.querySelector('.panel').offsetParent !== null };
  });
  ok(quiet.rejected === 'true' && /Not checked/.test(quiet.pill) && !quiet.panelShown, 'a Jira Software story is not an ITSM record: only a small "Not checked" button', quiet);
  await panelClick(jira, '.pill');
  p = await panelOf(jira);
  ok(/Story/.test(p.notice) && await panelVisible(jira, '.panel'), 'which opens to say why', p.notice);
  await jira.evaluate(() => history.pushState({}, '', '/browse/ITSM-42'));
  p = await waitPanel(jira, (x) => x.state === 'ready' && /ITSM-42/.test(x.record), { after: p.revision, what: 'back to ITSM-42' });
  ok(p.findings.length === 0 && clause(p, '8.6.1'), 'navigating back within the app shows the incident again');
  // An issue still open (status category "new"): its findings wait; Jira's resolve transition is
  // stopped once, then goes through.
  await fetch(`${mock.url}/__mock/jira/ITSM-42`, { method: 'POST', body: JSON.stringify({ fields: {
    customfield_10060: null, status: { id: '1', name: 'Open', statusCategory: { id: 2, key: 'new', name: 'To Do' } } } }) });
  await jira.reload();
  p = await waitPanel(jira, (x) => x.held === 1, { what: 'Jira open issue' });
  ok(p.shown === 0 && p.heldNote === '1 finding will show when you save or resolve this incident (still new).', 'Jira: on an Open issue, INC-CLASSIFIED waits', p.heldNote);
  await jira.click('#transition-resolve');
  p = await waitPanel(jira, (x) => x.intercept === 'resolve', { timeout: 3000, what: 'Jira resolve intercepted' });
  ok(p.interceptNote === 'Before you resolve: 1 finding applies to this record.' && p.findings.map((f) => f.check).join() === 'INC-CLASSIFIED'
    && mock.issue('ITSM-42').fields.status.name === 'Open',
  'clicking "Resolve this issue": stopped once (the issue stays Open), the panel shows the finding', { note: p.interceptNote, status: mock.issue('ITSM-42').fields.status.name });
  await panelClick(jira, '.intercept button.proceed');
  p = await waitPanel(jira, (x) => !x.intercept && mock.issue('ITSM-42').fields.status.name === 'Resolved' && has(x, 'INC-CLASSIFIED'), { after: p.revision, what: 'Jira resolved' });
  ok(true, '"Resolve anyway" repeats the click: the transition is made and the resolved issue is checked again');
  await fetch(`${mock.url}/__mock/reset`, { method: 'POST' });

  // ------------------------------------------------------------------ GLPI ticket
  section('GLPI ticket (the form\'s fields, Select2 dropdowns, actors)');
  const glpi = await context.newPage();
  const response = await glpi.goto(GLPI_TICKET);
  ok(response.headers()['content-security-policy'] === GLPI_CSP, 'the GLPI mock pages are served with a strict CSP (no inline script or style, no wasm)');
  expectedErrors.push(/WebAssembly/);
  const wasmInPage = await glpi.evaluate(() => WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => 'compiled', (e) => e.name));
  expectedErrors.pop();
  ok(wasmInPage !== 'compiled', `the page cannot compile WebAssembly itself (${wasmInPage}): the engine has to run in the service worker`);
  p = await waitPanel(glpi, (x) => x.clauses.length > 0, { what: 'GLPI ticket panel' });
  const styled = await inPanel(glpi, (root) => getComputedStyle(root.querySelector('.panel')).borderTopLeftRadius);
  ok(styled === '10px', 'the panel is styled under that CSP (its stylesheet lives in the shadow root)', styled);
  ok(p.side === 'left', 'the side chosen on another tab applies here too');
  ok(/^#2001 · Incident/.test(p.record), 'the panel names the ticket', p.record);
  ok(clause(p, '8.6.1') && !clause(p, '8.3.3') && p.passedChecks.includes('INC-SLA-MET'), 'clause 8.6.1, and the SLA deadlines are read: INC-SLA-MET judged and met (a performance figure, no evidence for 8.3.3)', { clauses: p.clauses, passed: p.passedChecks });
  ok(p.findings.map((f) => f.check).join() === 'INC-CLASSIFIED', 'INC-CLASSIFIED (category "-----") is the only finding; the assigned group from _actors counts', p.findings.map((f) => f.check));
  await shoot(glpi, 'glpi-ticket');
  {
    await glpi.getByRole('combobox', { name: 'Category' }).click();
    const done = await armTiming(glpi, ['mouseup']);
    await glpi.getByRole('listbox').getByRole('option', { name: 'Network > VPN' }).click();
    p = await waitPanel(glpi, (x) => !has(x, 'INC-CLASSIFIED'), { after: p.revision, what: 'GLPI category set' });
    const ms = await done('GLPI: Select2 dropdown (no DOM event; DOM change seen, 250 ms pause)');
    ok(p.findings.length === 0, `a category picked in the Select2 dropdown (no DOM event) removes INC-CLASSIFIED (${ms} ms)`);
  }

  // ------------------------------------------------------------------ Options: self-hosted site
  section('Options: a self-hosted instance (registered content scripts)');
  await options.selectOption('#site-tool', 'glpi');
  await options.fill('#site-origin', `${mock.url}/front/central.php`);
  await options.click('#site-form button[type="submit"]');
  await options.waitForSelector('#site-list li:not(.empty)');
  // Read from the service worker, the options page's registration was once seen a moment late
  // (one run in many: an empty list): asked again for up to 5 s, so that only a registration that
  // never comes fails.
  let registered = [];
  for (let tries = 0; tries < 50 && registered.length === 0; tries++) {
    if (tries) await new Promise((resolve) => setTimeout(resolve, 100));
    registered = await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
  }
  ok(registered.length === 1 && registered[0].matches.join() === `${mock.url}/*` && registered[0].js.includes('content/readers/glpi.js')
    && !registered[0].js.some((f) => /servicenow|jira/.test(f)),
  'adding a GLPI instance registers the GLPI reader for its origin only (the granted optional permission)', registered);
  await glpi.reload();
  p = await waitPanel(glpi, (x) => has(x, 'INC-CLASSIFIED'), { what: 'GLPI ticket with registered scripts' });
  ok(await glpi.evaluate(() => document.querySelectorAll('#iso20000-panel').length) === 1, 'a page reached by both the built-in and the registered scripts has one panel');
  await options.locator('#site-list li button').click();
  await options.waitForSelector('#site-list li.empty');
  registered = await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
  ok(registered.length === 0, 'removing it unregisters the scripts', registered);

  // ------------------------------------------------------------------ GLPI change + a GLPI pack
  section('GLPI change with the GLPI plugin-fields pack (TinyMCE editors, tab forms)');
  await options.setInputFiles('#pack-file', join(rules, 'glpi-custom-fields.json'));
  await options.waitForSelector('#pack-list li[data-pack="glpi-plugin-fields"]');
  const glpiChange = await context.newPage();
  await glpiChange.goto(GLPI_CHANGE);
  p = await waitPanel(glpiChange, (x) => x.clauses.length > 0, { what: 'GLPI change panel' });
  ok(/^#71 · Change/.test(p.record) && clause(p, '8.5.1.3'), 'the change maps to 8.5.1.3', { r: p.record, c: p.clauses });
  // Status "Approval" is a new change (not authorised yet): the pack's plan check applies in every
  // state, so it waits for the save; "Show now" brings it forward.
  p = await waitPanel(glpiChange, (x) => x.held === 1, { what: 'GLPI change held finding' });
  ok(p.shown === 0 && p.heldNote === '1 finding will show when you save or resolve this change (still new).',
    'a change awaiting approval is new: the pack\'s plan check waits until save', { note: p.heldNote, shown: p.shown });
  await panelClick(glpiChange, '.held button.release');
  p = await panelOf(glpiChange);
  ok(has(p, 'GLPI-CHG-ROLLBACK') && p.held === 0, '"Show now": the pack\'s GLPI-CHG-ROLLBACK, no rollback plan (plugin field) nor backup plan (TinyMCE, on the Plans tab form)', p.findings);
  await glpiChange.getByRole('button', { name: 'Plans' }).click();
  {
    const done = await armTiming(glpiChange, ['input'], '#backoutplancontent_5521_ifr');
    await glpiChange.frameLocator('#backoutplancontent_5521_ifr').locator('body').fill('Restore the previous certificate from the vault.');
    p = await waitPanel(glpiChange, (x) => !has(x, 'GLPI-CHG-ROLLBACK'), { after: p.revision, what: 'backup plan typed' });
    ok(true, `writing the backup plan in its editor (an iframe) removes GLPI-CHG-ROLLBACK (${await done('GLPI: typing in a TinyMCE editor (input events in its iframe, 400 ms pause)')} ms)`);
  }
  await shoot(glpiChange, 'glpi-change');
  await options.click('button[data-remove-pack="glpi-plugin-fields"]');
  await options.waitForSelector('#pack-list li.empty');
  await options.waitForTimeout(2800); // the status toast fades
  await options.screenshot({ path: join(artifacts, 'extension-options.png'), fullPage: true });

  // ------------------------------------------------------------------ collapse
  section('Panel: minimise and restore');
  await incident.bringToFront();
  await panelClick(incident, 'button.collapse');
  await incident.waitForFunction(() => document.getElementById('iso20000-panel').dataset.collapsed === 'true');
  ok(await panelVisible(incident, '.pill'), 'minimised, the panel is a small button with the findings count');
  await shoot(incident, 'servicenow-collapsed');
  await panelClick(incident, '.pill');
  await incident.waitForFunction(() => document.getElementById('iso20000-panel').dataset.collapsed === 'false');
  ok(true, 'and opens again');

  // ------------------------------------------------------------------ service worker restart
  section('Service worker stopped and restarted');
  const internals = await context.newPage();
  await internals.goto('chrome://serviceworker-internals/');
  const registration = internals.locator('.serviceworker-registration', { hasText: extensionOrigin });
  await registration.getByRole('button', { name: 'Stop' }).first().click();
  await internals.waitForFunction((origin) => [...document.querySelectorAll('.serviceworker-registration')]
    .some((r) => r.textContent.includes(origin) && /Running Status:\s*STOPPED/.test(r.textContent)), extensionOrigin);
  ok(true, 'the extension\'s service worker is stopped');
  await incident.bringToFront();
  p = await panelOf(incident);
  {
    const done = await armTiming(incident);
    await incident.selectOption('#incident\\.category', 'network');
    p = await waitPanel(incident, (x) => !has(x, 'INC-CLASSIFIED'), { after: p.revision, timeout: 15_000, what: 'after restart' });
    const ms = await done('ServiceNow: first check after the service worker restarted (wasm loaded again)');
    ok(true, `the next edit wakes it: engine loaded again, the panel updated (${ms} ms, wasm included)`);
  }
  await internals.reload();
  ok(/Running Status:\s*RUNNING/.test(await registration.textContent()), 'the service worker runs again');
  await internals.close();

  // ------------------------------------------------------------------ network, errors
  section('Network and errors');
  // chrome:// requests are the test's own chrome://serviceworker-internals page.
  const outside = requests.filter((u) => !u.startsWith(`${mock.url}/`) && !u.startsWith(`${extensionOrigin}/`)
    && !u.startsWith('data:') && !u.startsWith('about:') && !u.startsWith('chrome://'));
  ok(outside.length === 0, `no request outside the page's origin and the extension (${requests.length} requests seen)`, outside);
  const pageRequests = new Set(requests.filter((u) => u.startsWith(mock.url)).map((u) => new URL(u).pathname.replace(/\/[A-Z]+-\d+$/, '/KEY')));
  ok([...pageRequests].every((path) => /^\/(incident|change_request|problem)\.do$|^\/front\/|^\/browse\/|^\/rest\/api\/3\/issue\/|^\/mock\/|^\/__mock\//.test(path)),
    'same-origin requests are the pages\' own and Jira\'s issue API', [...pageRequests]);
  ok(errors.length === 0, 'no console errors or page errors in the pages, the extension pages and the service worker', errors);
} catch (e) {
  failures.push(e.message);
  console.log(`  FAIL ${e.stack}`);
} finally {
  await context.close().catch(() => {});
  await mock.close();
  rmSync(profile, { recursive: true, force: true });
  clearTimeout(watchdog);
  // Leave dist/ as the real extension (without the local test hosts).
  execFileSync(process.execPath, [join(root, 'examples/extension/build.mjs')], { stdio: 'ignore' });
}

section('Time from the edit event to the updated panel (page clock; pause = the reader\'s debounce)');
for (const [what, list] of Object.entries(timings)) {
  const sorted = [...list].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`  ${what}: median ${median} ms, min ${sorted[0]} ms, max ${sorted[sorted.length - 1]} ms (n=${list.length})`);
}
failed = failures.length > 0;
console.log(failed ? `\n${failures.length} failure(s)` : '\nextension test passed');
process.exit(failed ? 1 : 0);
