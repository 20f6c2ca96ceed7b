// ServiceNow reader (isolated world). The MAIN-world function of page/servicenow-main.js, which
// the service worker injects with this page's secret, reads g_form and posts the form's fields on
// a MessageChannel port; this side takes only the port that carries its secret, checks the
// secret on every message and what each holds,
// and builds a Table API row in the `sysparm_display_value=all` shape the engine's ServiceNow
// adapter reads: {value, display_value} pairs with raw codes (choice values, reference sys_ids)
// in `value`. Date-times on a form are in the user's format and time zone, so they are passed as
// display values only (normalised to YYYY-MM-DD HH:mm:ss) with the browser's time zone.
(function (g) {
  const ns = (g.ISO20000 ??= {});
  const CHANNEL = 'iso20000/servicenow';
  const NAME = /^[a-z][a-z0-9_]*$/i;
  const DATE_TYPES = new Set(['glide_date_time', 'glide_date', 'due_date', 'date', 'calendar_date_time']);
  const MAX_FIELDS = 400;
  const MAX_CHARS = 20000;
  const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

  const isText = (v) => typeof v === 'string' && v.length <= MAX_CHARS;

  /** The posted form, or null when it is not what the MAIN-world script sends. */
  function valid(form) {
    if (!form || typeof form !== 'object' || !isText(form.table) || !NAME.test(form.table)) return null;
    if (!isText(form.sysId) || (form.dateTimeFormat !== null && !isText(form.dateTimeFormat))) return null;
    if (!form.fields || typeof form.fields !== 'object' || Array.isArray(form.fields)) return null;
    const names = Object.keys(form.fields);
    if (names.length > MAX_FIELDS) return null;
    for (const name of names) {
      const f = form.fields[name];
      if (!NAME.test(name) || !f || typeof f !== 'object' || !isText(f.value)) return null;
      if (f.display !== undefined && !isText(f.display)) return null;
      if (f.type !== undefined && !isText(f.type)) return null;
    }
    return form;
  }

  /**
   * A date-time shown in the user's ServiceNow format (Java SimpleDateFormat letters:
   * yyyy, MM, MMM, dd, HH, hh, mm, ss, a) as `YYYY-MM-DD HH:mm:ss`; null when it does not match.
   */
  function isoLocal(value, format) {
    const v = value.trim();
    if (/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/.test(v)) return v.length === 16 ? `${v}:00` : v;
    if (!format) return null;
    const parts = [];
    let pattern = '';
    for (const [token] of format.matchAll(/([yMdHhmsa])\1*|'[^']*'|[^yMdHhmsa']+/g)) {
      const letter = token[0];
      if ('yMdHhmsa'.includes(letter)) {
        parts.push(letter === 'M' && token.length >= 3 ? 'MMM' : letter);
        pattern += letter === 'a' ? '([AaPp][Mm])' : letter === 'M' && token.length >= 3 ? '([A-Za-z]{3})[A-Za-z]*' : '(\\d{1,4})';
      } else {
        pattern += token.replace(/^'|'$/g, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
    }
    // A date-only format on a date-time value: the time follows.
    const m = new RegExp(`^${pattern}(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?$`).exec(v);
    if (!m) return null;
    const got = { y: 0, M: 1, d: 1, H: 0, m: 0, s: 0 };
    let pm = null;
    parts.forEach((p, i) => {
      const x = m[i + 1];
      if (p === 'MMM') got.M = MONTHS.indexOf(x.slice(0, 3).toLowerCase()) + 1;
      else if (p === 'a') pm = /^p/i.test(x);
      else if (p === 'h') got.H = Number(x) % 12;
      else got[p] = Number(x);
    });
    if (pm) got.H += 12;
    const rest = m.slice(parts.length + 1);
    if (rest[0] !== undefined) {
      got.H = Number(rest[0]);
      got.m = Number(rest[1]);
      got.s = Number(rest[2] ?? 0);
    }
    if (got.y < 100) got.y += 2000;
    if (!(got.M >= 1 && got.M <= 12 && got.d >= 1 && got.d <= 31 && got.H < 24 && got.m < 60 && got.s < 60)) return null;
    const p2 = (n) => String(n).padStart(2, '0');
    return `${got.y}-${p2(got.M)}-${p2(got.d)} ${p2(got.H)}:${p2(got.m)}:${p2(got.s)}`;
  }

  /** A label's own text (UI16 keeps it in span.label-text; a mandatory mark is not part of it). */
  function labelText(label) {
    const el = label?.querySelector('.label-text') ?? label;
    return el?.textContent.replace(/\s+/g, ' ').replace(/^\*\s*/, '').trim() ?? '';
  }

  /**
   * The form's control for a canonical path on the form of `table`: {label, element} (the
   * element to focus: a reference's display box, a boolean's checkbox, else the control).
   */
  function locate(table, path, fieldMap) {
    if (!table) return null;
    const own = typeof fieldMap?.[path] === 'string' ? [fieldMap[path]] : [];
    for (const name of [...own, ...(ns.fields?.servicenow[path] ?? [])]) {
      if (!NAME.test(name)) continue;
      const id = `${table}.${name}`;
      const control = document.getElementById(id);
      if (!control) continue;
      const display = document.getElementById(`sys_display.${id}`);
      const box = document.getElementById(`ni.${id}`);
      const element = display ?? box ?? control;
      const label = [element.id, id].map((x) => document.querySelector(`label[for="${CSS.escape(x)}"]`)).find(Boolean)
        ?? document.getElementById(`label.${id}`)?.querySelector('label');
      return { label: labelText(label) || name, element };
    }
    return null;
  }

  // UI actions that save the record (Update, Save, Submit) or resolve or close it, at the top of
  // the form and at its bottom (ids ending _bottom).
  const SAVE = /^(sysverb_(update|insert|update_and_stay|insert_and_stay|save|submit))(_bottom)?$/;
  const RESOLVE = /^((resolve|close)_[a-z_]+?)(_bottom)?$/;

  /** {kind: 'save' | 'resolve', element} when `target` is one of the form's save or resolve actions. */
  function saveAction(target, how) {
    if (how === 'submit') return target?.closest?.('form[id$=".do"], form[data-table]') ? { kind: 'save', element: null } : null;
    const el = target?.closest?.('button, input[type="submit"], input[type="button"], a[id]');
    if (!el?.id) return null;
    if (RESOLVE.test(el.id)) return { kind: 'resolve', element: el };
    if (SAVE.test(el.id)) return { kind: 'save', element: el };
    return null;
  }

  /** The Table API row (display_value=all shape) for a posted form. */
  function row(form) {
    const out = {};
    for (const [name, f] of Object.entries(form.fields)) {
      if (f.type && DATE_TYPES.has(f.type)) {
        out[name] = f.value === '' ? { value: '', display_value: '' } : { display_value: isoLocal(f.value, form.dateTimeFormat) ?? f.value };
      } else {
        out[name] = { value: f.value, display_value: f.value === '' ? '' : f.display ?? f.value };
      }
    }
    out.sys_id = { value: form.sysId, display_value: form.sysId };
    if (!out.sys_class_name?.value) out.sys_class_name = { value: form.table, display_value: form.table };
    return out;
  }

  (ns.readers ??= []).push({
    tool: 'servicenow',
    // Classic forms: incident.do, change_request.do, problem.do, sc_req_item.do … (in Next
    // Experience, the gsft_main iframe holds one).
    matches: (loc) => /\/[a-z0-9_]+\.do$/i.test(loc.pathname),
    start(sink) {
      let lastText = '';
      this.table = null;
      // A per-page secret: handed to the MAIN-world function as an argument when the service
      // worker injects it, and required on the port it opens and on every message there.
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      const secret = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
      let port = null;
      const onForm = (d) => {
        if (!d || typeof d !== 'object' || d.secret !== secret || d.type !== 'form') return;
        const form = valid(d.form);
        if (!form) return;
        this.table = form.table;
        const record = row(form);
        const text = JSON.stringify(record);
        if (text === lastText) return; // an event that changed nothing
        lastText = text;
        sink.record({
          tool: 'servicenow',
          source: 'servicenow',
          record,
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          label: form.fields.number?.value || form.table,
        });
      };
      const onWindow = (e) => {
        if (port || e.source !== window || e.origin !== location.origin) return;
        const d = e.data;
        if (!d || typeof d !== 'object' || d.channel !== CHANNEL || d.type !== 'port' || d.secret !== secret) return;
        if (!(e.ports?.[0] instanceof MessagePort)) return;
        // The first port with the secret is the MAIN-world function's; nothing else is heard.
        port = e.ports[0];
        window.removeEventListener('message', onWindow);
        port.onmessage = (m) => onForm(m.data);
        port.postMessage({ secret, type: 'hello' });
      };
      window.addEventListener('message', onWindow);
      chrome.runtime.sendMessage({ type: 'iso20000/servicenow-main', secret }).catch(() => {});
    },
    locate(path, fieldMap) {
      return locate(this.table, path, fieldMap);
    },
    saveAction,
    isoLocal, // for tests
  });
})(globalThis);
