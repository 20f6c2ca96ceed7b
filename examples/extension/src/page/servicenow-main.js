// ServiceNow, MAIN world (the page's own JavaScript world): the only code of the extension that
// can see the classic form's GlideForm object, `g_form`. It is not a declared content script: the
// isolated reader (content/readers/servicenow.js) generates a per-page secret and asks the
// service worker to run this function in its frame (chrome.scripting.executeScript, world MAIN,
// with the secret as an argument, which the page never sees before it runs). It opens a
// MessageChannel, hands one port to the reader once, with the secret, and posts the form's fields
// on its own port, each message with the secret; the reader accepts the first port that carries
// its secret and nothing else, so a page (or a frame) posting on the window cannot forge a record.
// No g_form, no message: a page without a form shows no panel.
//
// It only reads: it never calls the instance, never changes the form, never sees the extension's
// APIs. What it posts is the form's own data, already visible to the page. The function must be
// self-contained (executeScript serialises it).
export function servicenowMain(CHANNEL, SECRET) {
  const MAX_FIELDS = 400;
  const MAX_CHARS = 20000;
  // Journals hold the conversation, not record fields; variables and dot-walks are not columns.
  const SKIP = new Set(['work_notes', 'comments', 'comments_and_work_notes', 'work_notes_list', 'activity', 'sys_tags']);
  const NAME = /^[a-z][a-z0-9_]*$/i;
  // Date fields when the form does not say its field types (UTC in the database, the user's
  // format and time zone on the form).
  const DATE_NAMES = new Set(['opened_at', 'resolved_at', 'closed_at', 'sys_created_on', 'sys_updated_on', 'due_date',
    'start_date', 'end_date', 'work_start', 'work_end', 'review_date', 'cab_date', 'expected_start', 'activity_due',
    'promoted_on', 'proposed_on', 'sla_due', 'approval_set', 'u_resolved_at']);
  const DATE_TYPES = new Set(['glide_date_time', 'glide_date', 'due_date', 'date', 'calendar_date_time']);

  function form() {
    const g = window.g_form;
    return g && typeof g.getValue === 'function' && typeof g.getTableName === 'function' ? g : null;
  }

  function fieldNames(g) {
    try {
      if (typeof g.getFieldNames === 'function') return g.getFieldNames();
    } catch { /* older releases */ }
    if (Array.isArray(g.elements)) return g.elements.map((e) => e?.fieldName).filter(Boolean);
    const table = g.getTableName();
    return [...document.querySelectorAll(`[id^="${CSS.escape(table)}."]`)].map((el) => el.id.slice(table.length + 1));
  }

  function typeOf(g, name) {
    try {
      const t = g.getGlideUIElement?.(name)?.type;
      if (typeof t === 'string' && t) return t;
    } catch { /* not every release has it */ }
    return DATE_NAMES.has(name) ? 'glide_date_time' : null;
  }

  function displayOf(g, table, name, value) {
    if (value === '') return '';
    try {
      const control = g.getControl?.(name);
      if (control instanceof HTMLSelectElement) return control.selectedOptions[0]?.text ?? value;
      const box = g.getDisplayBox?.(name) ?? document.getElementById(`sys_display.${table}.${name}`);
      if (box && typeof box.value === 'string') return box.value;
    } catch { /* fall back to the value */ }
    return value;
  }

  const text = (v) => (v === null || v === undefined ? '' : String(v)).slice(0, MAX_CHARS);

  function snapshot() {
    const g = form();
    if (!g) return null;
    const table = text(g.getTableName());
    if (!NAME.test(table)) return null;
    const fields = {};
    let n = 0;
    for (const name of fieldNames(g)) {
      if (typeof name !== 'string' || !NAME.test(name) || SKIP.has(name) || name in fields) continue;
      if (++n > MAX_FIELDS) break;
      const value = text(g.getValue(name));
      const type = typeOf(g, name);
      const f = { value };
      if (type) f.type = type;
      if (!type || !DATE_TYPES.has(type)) {
        const display = text(displayOf(g, table, name, value));
        if (display !== value) f.display = display;
      }
      fields[name] = f;
    }
    return {
      table,
      sysId: text(g.getUniqueValue?.()),
      dateTimeFormat: typeof window.g_user_date_time_format === 'string' ? window.g_user_date_time_format : null,
      fields,
    };
  }

  const { port1, port2 } = new MessageChannel();
  function post() {
    const form = snapshot();
    if (form) port1.postMessage({ secret: SECRET, type: 'form', form });
  }

  let timer = 0;
  let followUp = 0;
  function later(ms) {
    clearTimeout(timer);
    timer = setTimeout(post, ms);
  }

  // Edits: a choice or reference settles on `change` (client scripts then set dependent fields
  // such as priority, synchronously; with g_form.setValue, which fires no DOM event); typing
  // gets a longer pause. Client scripts that ask the server first (GlideAjax) set their fields
  // later: one more look after a moment (the isolated side ignores an unchanged form).
  document.addEventListener('change', () => {
    later(120);
    clearTimeout(followUp);
    followUp = setTimeout(post, 1500);
  }, true);
  document.addEventListener('input', () => later(400), true);

  port1.onmessage = (e) => {
    if (e.data?.secret === SECRET && e.data.type === 'hello') post();
  };
  window.postMessage({ channel: CHANNEL, type: 'port', secret: SECRET }, location.origin, [port2]);

  // g_form exists once the form has rendered; wait a little for slow forms.
  let tries = 0;
  (function wait() {
    if (form()) post();
    else if (++tries < 40) setTimeout(wait, 250);
  })();
}
