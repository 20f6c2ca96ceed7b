// The tools the extension reads and the content scripts each one gets. A plain script (no
// imports or exports): content scripts load it as a classic script, the service worker, the
// options page and build.mjs import it for its side effect on globalThis.ISO20000.
(function (g) {
  const ns = (g.ISO20000 ??= {});

  /** Scripts every panel needs, before and after the tool's reader. */
  const BEFORE = ['shared/strings.js', 'shared/settings.js', 'shared/tools.js', 'shared/fields.js', 'shared/dom.js', 'content/panel.js'];
  const AFTER = ['content/main.js'];

  ns.tools = {
    servicenow: {
      name: 'ServiceNow',
      // Classic forms (UI16, and the classic form inside Next Experience's gsft_main iframe).
      hosts: ['https://*.service-now.com/*'],
      readers: ['content/readers/servicenow.js'],
      // g_form lives in the page's own JavaScript world: the reader has the service worker run
      // page/servicenow-main.js there with a per-page secret (not a declared MAIN-world script,
      // which could not be given one).
      main: [],
      allFrames: true,
    },
    jira: {
      name: 'Jira Service Management',
      hosts: ['https://*.atlassian.net/*'],
      readers: ['content/readers/jira.js'],
      main: [],
      allFrames: false,
    },
    glpi: {
      name: 'GLPI',
      // Always self-hosted: added on the options page (optional host permission).
      hosts: [],
      readers: ['content/readers/glpi.js'],
      main: [],
      allFrames: false,
    },
  };

  /** The isolated-world scripts for some tools' readers, in load order. */
  ns.contentScripts = (toolIds) => [...BEFORE, ...toolIds.flatMap((id) => ns.tools[id].readers), ...AFTER];
})(globalThis);
