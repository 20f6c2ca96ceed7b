// Jira Service Management reader (isolated world). The issue view renders from REST data the
// page's DOM does not fully show, so the reader asks the page's own site for the issue as the
// signed-in user: GET {context}/rest/api/3/issue/{KEY}?expand=names,schema,changelog (REST v2 on
// Data Center, which has no v3), same-origin with the session cookie. That is the only request the
// extension makes. The key comes from /browse/KEY, ?selectedIssue=KEY or a service desk queue or
// issue URL; the SPA changes the URL without reloading, so the URL is watched. After an edit
// (Jira saves inline edits itself) the issue is fetched again, once more if the save was still
// in flight.
(function (g) {
  const ns = (g.ISO20000 ??= {});
  const KEY = /^[A-Z][A-Z0-9_]+-[1-9]\d*$/;
  const TIMEOUT_MS = 15000;

  /** The issue key the URL shows, or null. */
  function issueKey(loc) {
    const selected = new URLSearchParams(loc.search).get('selectedIssue');
    if (selected && KEY.test(selected)) return selected;
    const segments = loc.pathname.split('/').filter(Boolean);
    const browse = segments.indexOf('browse');
    if (browse >= 0 && KEY.test(segments[browse + 1] ?? '')) return segments[browse + 1];
    // Agent views: /jira/servicedesk/projects/ITSM/queues/custom/1/ITSM-42, …/issues/ITSM-42.
    if (segments.includes('servicedesk') && !segments.includes('customer')) {
      const last = segments[segments.length - 1];
      if (KEY.test(last)) return last;
    }
    return null;
  }

  function isJira(doc, loc) {
    if (loc.hostname.endsWith('.atlassian.net')) return true;
    const app = doc.querySelector('meta[name="application-name"]')?.getAttribute('content') ?? '';
    return /^jira$/i.test(app) && issueKey(loc) !== null;
  }

  /** Data Center can run under a context path such as /jira. */
  function contextPath(doc) {
    const meta = doc.querySelector('meta[name="ajs-context-path"]')?.getAttribute('content') ?? '';
    return /^(\/[A-Za-z0-9._~-]+)*$/.test(meta) ? meta : '';
  }

  let names = {}; // the open issue's field id → name (its `names` expansion)

  /** The field id a canonical path reads on this site: the context's, a system id, a named custom field. */
  function fieldIds(path, fieldMap) {
    const spec = ns.fields?.jira[path] ?? {};
    const byName = new Map(Object.entries(names).map(([id, name]) => [String(name).toLowerCase(), id]));
    const wanted = [
      ...(typeof fieldMap?.[path] === 'string' ? [fieldMap[path]] : []),
      ...(spec.names ?? []),
    ];
    const ids = wanted.map((w) => (w in names ? w : byName.get(w.toLowerCase()))).filter(Boolean);
    return [...new Set([...ids, ...(spec.ids ?? [])])];
  }

  /** The issue view's element for a field id: its editor, else its heading. */
  function fieldElement(id) {
    const q = CSS.escape(id);
    return document.querySelector(`[data-field="${q}"], [data-field-id="${q}"], [data-testid$=".${q}"], [data-testid$="-${q}"], #${q}`);
  }

  /** {label, element} for a canonical path: the label the page shows, else the field's name. */
  function locate(path, fieldMap) {
    for (const id of fieldIds(path, fieldMap)) {
      const element = fieldElement(id);
      if (!element) continue;
      const label = (element.id && document.querySelector(`label[for="${CSS.escape(element.id)}"]`)?.textContent.trim()) || names[id] || id;
      return { label, element };
    }
    return null;
  }

  /** Resolving (a transition to done) is where the outcome checks apply. */
  function saveAction(target, how) {
    if (how !== 'click') return null;
    const el = target?.closest?.('button, [role="button"], [role="menuitem"]');
    if (!el || el.id === ns.panel?.HOST_ID) return null;
    const id = `${el.getAttribute('data-testid') ?? ''} ${el.getAttribute('data-transition') ?? ''}`;
    if (/transition/i.test(id) && /resolve|done|close/i.test(`${id} ${el.textContent}`)) return { kind: 'resolve', element: el };
    return null;
  }

  (ns.readers ??= []).push({
    tool: 'jira',
    locate,
    saveAction,
    matches: (loc) => isJira(document, loc),
    start(sink) {
      const base = contextPath(document);
      let key = null;
      let api = null; // '3' or '2', once known
      let lastText = '';
      let generation = 0;
      let timer = 0;
      let followUp = 0;

      async function get(k, version) {
        const ctrl = new AbortController();
        const stop = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
        try {
          return await fetch(`${base}/rest/api/${version}/issue/${encodeURIComponent(k)}?expand=names,schema,changelog`, {
            credentials: 'same-origin',
            headers: { Accept: 'application/json' },
            signal: ctrl.signal,
          });
        } finally {
          clearTimeout(stop);
        }
      }

      /** Fetches the issue; resolves true when it changed since the last answer. */
      async function refresh() {
        const k = issueKey(location);
        if (k !== key) {
          key = k;
          lastText = '';
          if (!k) {
            generation += 1;
            sink.gone();
            return false;
          }
        }
        if (!k) return false;
        const mine = ++generation;
        let res;
        try {
          res = await get(k, api ?? '3');
          if (!api && res.status === 404) res = await get(k, '2'); // Data Center
        } catch (e) {
          if (mine === generation) sink.problem('jiraFailed', { key: k, message: e?.name === 'AbortError' ? 'timeout' : e?.message ?? String(e) });
          return false;
        }
        if (mine !== generation) return false;
        if (!res.ok) {
          sink.problem('jiraDenied', { key: k, status: res.status });
          return false;
        }
        api ??= res.url.includes('/rest/api/2/') ? '2' : '3';
        let text;
        try {
          text = await res.text();
          JSON.parse(text);
        } catch (e) {
          if (mine === generation) sink.problem('jiraFailed', { key: k, message: e?.message ?? String(e) });
          return false;
        }
        if (mine !== generation || text === lastText) return false;
        lastText = text;
        const issue = JSON.parse(text);
        names = issue?.names && typeof issue.names === 'object' ? issue.names : {};
        sink.record({ tool: 'jira', source: 'jira', record: issue, label: k });
        return true;
      }

      /**
       * After an edit: fetch soon and, for a real edit (a value picked or confirmed), once more a
       * little later if the save had not landed yet. Other button clicks get one fetch.
       */
      function afterEdit(ms, again) {
        clearTimeout(timer);
        clearTimeout(followUp);
        timer = setTimeout(async () => {
          const changed = await refresh();
          if (!changed && again) followUp = setTimeout(refresh, 2000);
        }, ms);
      }

      const outsidePanel = (e) => e.target?.id !== ns.panel?.HOST_ID;
      document.addEventListener('change', (e) => outsidePanel(e) && afterEdit(400, true), true);
      document.addEventListener('keydown', (e) => e.key === 'Enter' && outsidePanel(e) && afterEdit(500, true), true);
      document.addEventListener('click', (e) => {
        if (!outsidePanel(e)) return;
        const target = e.target?.closest?.('button, [role="button"], [role="option"], [role="menuitem"], [role="menuitemradio"]');
        if (target) afterEdit(600, target.matches('[role="option"], [role="menuitemradio"]'));
      }, true);
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && refresh());

      // The issue view is a single-page app: follow the URL.
      let href = location.href;
      setInterval(() => {
        if (location.href !== href) {
          href = location.href;
          if (issueKey(location) !== key) refresh();
        }
      }, 700);

      refresh();
    },
    issueKey, // for tests
  });
})(globalThis);
