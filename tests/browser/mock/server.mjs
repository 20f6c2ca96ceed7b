// Mock ServiceNow, Jira Service Management and GLPI pages on 127.0.0.1 for the extension test
// (tests/browser/extension.test.mjs). Small hand-written pages that behave like the real ones
// where the extension looks: ServiceNow classic forms with a g_form backed by the form's inputs,
// a Jira issue view that renders from and saves to the REST API (served here, in memory), and
// GLPI 10 ticket and change forms.
//
//   GET  /incident.do?sys_id=…                 ServiceNow incident form
//   GET  /change_request.do?sys_id=…           ServiceNow change form
//   POST /incident.do, /change_request.do     a form saved: 303 back to the form
//   GET  /browse/ITSM-42                       Jira issue view (ITSM-42 an incident, DEV-7 a Jira Software story)
//   GET  /rest/api/3/issue/ITSM-42             the issue (also /rest/api/2/…); PUT edits fields
//   GET  /front/ticket.form.php?id=2001        GLPI ticket form
//   GET  /front/change.form.php?id=71          GLPI change form
//   POST /__mock/reset                         restores the Jira issue (test hook)
//   POST /__mock/jira/ITSM-42                  {fields} merged into the issue, as another user's edit would
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json' };
const PAGES = {
  '/incident.do': 'servicenow/incident.html',
  '/change_request.do': 'servicenow/change_request.html',
  '/front/ticket.form.php': 'glpi/ticket.html',
  '/front/change.form.php': 'glpi/change.html',
};
const ISSUES = ['ITSM-42', 'DEV-7'];
export const GLPI_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; object-src 'none'; base-uri 'self'";

function loadIssues() {
  return Object.fromEntries(ISSUES.map((key) => [key, JSON.parse(readFileSync(join(here, `jira/${key}.json`), 'utf8'))]));
}

/** Jira's time format: 2026-06-29T09:10:00.000+0900 (the mock instance runs in Tokyo). */
function jiraNow() {
  const d = new Date(Date.now() + 9 * 3600_000);
  return `${d.toISOString().slice(0, 23)}+0900`;
}

export function startMock() {
  let issues = loadIssues();
  const log = [];

  function editIssue(key, fields, author = 'Mia Krystof') {
    const issue = issues[key];
    const items = [];
    for (const [name, value] of Object.entries(fields ?? {})) {
      const before = issue.fields[name];
      issue.fields[name] = value;
      const label = issue.names?.[name] ?? name;
      items.push({ field: label, fieldtype: name.startsWith('customfield_') ? 'custom' : 'jira', fieldId: name,
        from: null, fromString: before?.value ?? before?.name ?? null, to: null, toString: value?.value ?? value?.name ?? null });
    }
    issue.fields.updated = jiraNow();
    const histories = issue.changelog.histories;
    histories.push({ id: String(70001 + histories.length), created: issue.fields.updated, author: { displayName: author }, items });
    issue.changelog.total = issue.changelog.maxResults = histories.length;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    log.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const body = () => new Promise((ok, ko) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        try {
          ok(text ? JSON.parse(text) : {});
        } catch (e) {
          ko(e);
        }
      });
    });

    if (url.pathname === '/favicon.ico') return send(204, '');
    if (req.method === 'GET' && PAGES[url.pathname]) {
      // The GLPI pages come with a strict Content Security Policy (no inline script or style,
      // no WebAssembly compilation): the panel must work under it.
      if (PAGES[url.pathname].startsWith('glpi/')) res.setHeader('content-security-policy', GLPI_CSP);
      return send(200, readFileSync(join(here, PAGES[url.pathname])), TYPES['.html']);
    }
    // A classic form posts to itself; the instance answers with the saved record's form again.
    if (req.method === 'POST' && PAGES[url.pathname] && url.pathname.endsWith('.do')) {
      req.resume();
      res.writeHead(303, { location: `${url.pathname}${url.search}`, 'cache-control': 'no-store' });
      return res.end();
    }
    if (req.method === 'GET' && /^\/browse\/[A-Z]+-\d+$/.test(url.pathname)) return send(200, readFileSync(join(here, 'jira/browse.html')), TYPES['.html']);

    const api = /^\/rest\/api\/([23])\/issue\/([A-Z]+-\d+)$/.exec(url.pathname);
    if (api) {
      const issue = issues[api[2]];
      if (!issue) return send(404, JSON.stringify({ errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} }), TYPES['.json']);
      if (req.method === 'GET') return send(200, JSON.stringify({ ...issue, self: `http://${req.headers.host}/rest/api/${api[1]}/issue/${issue.id}` }), TYPES['.json']);
      if (req.method === 'PUT') {
        return body().then(
          (b) => {
            editIssue(api[2], b.fields);
            send(204, '');
          },
          () => send(400, JSON.stringify({ errorMessages: ['invalid JSON'] }), TYPES['.json']),
        );
      }
      return send(405, '');
    }

    if (req.method === 'POST' && url.pathname === '/__mock/reset') {
      issues = loadIssues();
      return send(204, '');
    }
    const edit = /^\/__mock\/jira\/([A-Z]+-\d+)$/.exec(url.pathname);
    if (req.method === 'POST' && edit && issues[edit[1]]) {
      return body().then((b) => {
        editIssue(edit[1], b.fields, 'Another agent');
        send(204, '');
      });
    }

    // Static assets of the mock pages (their scripts and styles).
    if (req.method === 'GET' && url.pathname.startsWith('/mock/')) {
      const file = normalize(join(here, url.pathname.slice('/mock/'.length)));
      if (file.startsWith(here) && TYPES[extname(file)]) {
        try {
          return send(200, readFileSync(file), TYPES[extname(file)]);
        } catch {
          /* 404 below */
        }
      }
    }
    send(404, 'not found');
  });

  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({
    server,
    url: `http://127.0.0.1:${server.address().port}`,
    log,
    issue: (key) => issues[key],
    close: () => new Promise((done) => server.close(done)),
  })));
}

// `node tests/browser/mock/server.mjs` serves the mocks to look at them in a browser.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { url } = await startMock();
  console.log(`mock pages on ${url}: /incident.do?sys_id=9d385017c611228701d22104cc95c371 /change_request.do?sys_id=c83c5e5347c12200e0ef563dbb9a7190 /browse/ITSM-42 /front/ticket.form.php?id=2001 /front/change.form.php?id=71`);
}
