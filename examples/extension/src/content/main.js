// The isolated-world glue, loaded after the tool's reader: the reader says which record the page
// shows (and when it changed), this file asks the service worker to check it and hands the answer
// to the panel. Options changed on the options page reach every open panel through
// chrome.storage.onChanged. No wasm runs here: content scripts live under the page's CSP.
(function (g) {
  const ns = g.ISO20000;
  // Static and registered content scripts (a self-hosted site) can both run in one page; they
  // share this world, so the second main.js sees the first one's panel and stays out.
  if (!ns?.readers || ns.started) return;
  const reader = ns.readers.find((r) => r.matches(location));
  if (!reader) return;
  ns.started = true;

  let lang = ns.settings.normalize(null).lang;
  // Shared by every tab (storage key `ui`). Minimised until the user opens it: the panel must
  // not cover the form it is about.
  let ui = { collapsed: true, side: 'right' };
  const collapsedOf = (stored) => (typeof stored?.collapsed === 'boolean' ? stored.collapsed : true);
  let panel = null;
  let last = null; // the latest record the reader gave
  let seq = 0; // answers to older records are dropped
  let dead = false; // the extension was reloaded under this page

  const t = (key, vars) => ns.t(lang, key, vars);

  function ensurePanel() {
    if (!panel) {
      panel = ns.panel.create({
        onOptions: () => {
          chrome.runtime.sendMessage({ type: 'iso20000/options' }).catch(() => {});
        },
        // Stored, so every open tab follows (storage.onChanged below).
        onCollapse: (value) => {
          ui = { ...ui, collapsed: value };
          panel?.setCollapsed(value);
          chrome.storage.local.set({ ui }).catch(() => {});
        },
        onSide: (value) => {
          ui = { ...ui, side: value };
          panel?.setSide(value);
          chrome.storage.local.set({ ui }).catch(() => {});
        },
        // The form's own field for a canonical path, as the tool's reader finds it.
        locate: (path, fieldMap) => reader.locate?.(path, fieldMap) ?? null,
        onRelease: () => panel?.release(),
      });
      panel.setLang(lang);
      panel.setSide(ui.side);
      panel.setCollapsed(ui.collapsed);
    }
    return panel;
  }

  async function run() {
    if (!last || dead) return;
    const mine = ++seq;
    const input = last;
    ensurePanel().busy(input.label);
    const started = performance.now();
    let answer;
    try {
      answer = await chrome.runtime.sendMessage({
        type: 'iso20000/check',
        source: input.source,
        record: input.record,
        timeZone: input.timeZone,
      });
    } catch (e) {
      if (mine !== seq) return;
      // After an extension reload this page's content scripts are orphaned.
      if (!chrome.runtime?.id || /context invalidated/i.test(String(e?.message))) {
        dead = true;
        panel.problem(t('reload'));
      } else {
        panel.problem(t('failed', { message: e?.message ?? String(e) }));
      }
      return;
    }
    if (mine !== seq || !panel) return;
    if (!answer?.ok) {
      panel.problem(t('failed', { message: answer?.error?.message ?? 'no answer from the service worker' }));
      return;
    }
    lang = answer.result.lang;
    panel.show(answer.result, {
      toolName: ns.tools[input.tool]?.name,
      roundTrip: Math.round(performance.now() - started),
    });
  }

  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || dead) return;
    if (changes.ui) {
      ui = { collapsed: collapsedOf(changes.ui.newValue), side: changes.ui.newValue?.side === 'left' ? 'left' : 'right' };
      panel?.setSide(ui.side);
      panel?.setCollapsed(ui.collapsed);
    }
    if (ns.settings.affectsChecks(changes)) {
      if (changes.settings) panel?.setLang((lang = ns.settings.normalize(changes.settings.newValue).lang));
      run();
    }
  });

  chrome.storage.local.get(['settings', 'ui']).then((got) => {
    lang = ns.settings.normalize(got.settings).lang;
    ui = { collapsed: collapsedOf(got.ui), side: got.ui?.side === 'left' ? 'left' : 'right' };
    panel?.setLang(lang);
    panel?.setSide(ui.side);
    panel?.setCollapsed(ui.collapsed);
  }, () => {});

  // Saving or resolving is when premature findings apply (shared/stages.js): the tool's save and
  // resolve buttons (and a form's submit) are heard before the page's own handlers. With
  // findings held back, the first such action is stopped once and the panel opens on them, with
  // "save anyway" repeating it; without, it goes through and later findings show at once.
  let passing = false; // our own repeat of the user's action
  function onSave(e) {
    if (passing || dead || !panel || !reader.saveAction) return;
    const action = e.type === 'submit' ? reader.saveAction(e.submitter ?? e.target, 'submit') : reader.saveAction(e.target, 'click');
    if (!action) return;
    if (!panel.heldCount()) {
      panel.release();
      return;
    }
    e.preventDefault();
    e.stopImmediatePropagation();
    const { target, submitter } = e;
    const again = e.type === 'submit'
      ? () => target.requestSubmit(submitter && submitter.form === target ? submitter : undefined)
      : () => (action.element ?? target).click();
    panel.intercepted(action.kind, () => {
      passing = true;
      try {
        again();
      } finally {
        passing = false;
      }
    });
  }
  addEventListener('click', onSave, true);
  addEventListener('submit', onSave, true);

  reader.start({
    /** {tool, source, record, timeZone?, label?}: check it now (readers debounce edits). */
    record(input) {
      last = input;
      run();
    },
    /** The reader cannot read the record (a string key of strings.js and its values). */
    problem(key, vars) {
      last = null;
      seq += 1;
      ensurePanel().problem(t(key, vars));
    },
    /** The page no longer shows a record (navigated away inside a single-page app). */
    gone() {
      last = null;
      seq += 1;
      panel?.remove();
      panel = null;
    },
  });
})(globalThis);
