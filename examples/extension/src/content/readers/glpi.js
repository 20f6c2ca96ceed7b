// GLPI reader (isolated world). GLPI renders its forms on the server and keeps no client-side
// object model, and its REST API needs a user token the page does not have, so the reader takes
// the item from the form itself: on front/ticket.form.php?id=N (change, problem alike) it reads
// the named fields of the item's forms (the main form and any tab form of the same item), the
// TinyMCE editor bodies of rich-text fields, and GLPI 10's `_actors` field, and builds what
// apirest.php would answer: the item (numeric codes as numbers, HATEOAS links naming its type)
// plus Ticket_User / Group_Ticket-like actor rows, in a bundle when there are actors.
//
// Fields the page does not show (a plan on a tab not opened yet) are absent, so the checks that
// need them are "not applicable", never failed.
(function (g) {
  const ns = (g.ISO20000 ??= {});
  const TYPES = { ticket: 'Ticket', change: 'Change', problem: 'Problem' };
  const NAME = /^[a-z][a-z0-9_]*$/;
  const SKIP = new Set(['id', 'add', 'update', 'delete', 'purge', 'restore', 'glpi_csrf_token', 'itemtype']);
  const INPUT_SKIP = new Set(['submit', 'button', 'reset', 'image', 'file', 'password']);
  const MAX_CHARS = 20000;
  // Actor rows per item type: [link itemtype for users, for groups, parent key].
  const ACTORS = {
    Ticket: ['Ticket_User', 'Group_Ticket', 'tickets_id'],
    Change: ['Change_User', 'Change_Group', 'changes_id'],
    Problem: ['Problem_User', 'Group_Problem', 'problems_id'],
  };
  const ACTOR_TYPE = { requester: 1, assign: 2, observer: 3 };

  /** {base, itemtype, form, id} for an existing item's form page, or null. */
  function target(loc) {
    const m = /^(.*)\/front\/(ticket|change|problem)\.form\.php$/.exec(loc.pathname);
    if (!m) return null;
    const id = Number(new URLSearchParams(loc.search).get('id'));
    if (!Number.isInteger(id) || id <= 0) return null; // a new item is not a record yet
    return { base: m[1], itemtype: TYPES[m[2]], form: m[2], id };
  }

  /** The forms that edit this item: they post to its form.php and carry its id. */
  function itemForms(t) {
    return [...document.forms].filter((f) => {
      const action = f.getAttribute('action') ?? '';
      const id = f.querySelector('input[name="id"]')?.value;
      return action.includes(`${t.form}.form.php`) && Number(id) === t.id;
    });
  }

  const editors = new WeakSet();
  const frames = new WeakSet();
  let onEditorInput = () => {};

  /** A rich-text field's current HTML: TinyMCE's iframe body when the editor is live. */
  function richText(textarea) {
    const frame = textarea.id ? document.getElementById(`${textarea.id}_ifr`) : null;
    if (frame instanceof HTMLIFrameElement && !frames.has(frame)) {
      frames.add(frame);
      frame.addEventListener('load', () => onEditorInput()); // read again once the editor is up
    }
    const doc = frame?.contentDocument;
    // Before the editor has written its document the textarea still holds the text.
    if (!doc?.body || !doc.body.childNodes.length) return textarea.value;
    if (!editors.has(doc)) {
      editors.add(doc);
      doc.addEventListener('input', () => onEditorInput(), true);
      doc.addEventListener('keyup', () => onEditorInput(), true);
    }
    return doc.body.innerHTML;
  }

  function isText(name) {
    return name === 'name' || name.endsWith('content') || name.endsWith('_name');
  }

  function valueOf(name, raw) {
    const v = String(raw).slice(0, MAX_CHARS);
    if (isText(name)) return v;
    if (v === '' || v === 'NULL') return null;
    if (/^-?\d{1,15}$/.test(v)) return Number(v);
    return v;
  }

  function actorsOf(t, forms) {
    const rows = [];
    const [userLink, groupLink, parentKey] = ACTORS[t.itemtype];
    for (const form of forms) {
      const input = form.querySelector('input[name="_actors"]');
      if (!input?.value) continue;
      let actors;
      try {
        actors = JSON.parse(input.value);
      } catch {
        continue;
      }
      for (const [role, type] of Object.entries(ACTOR_TYPE)) {
        for (const a of Array.isArray(actors?.[role]) ? actors[role] : []) {
          const id = Number(a?.items_id);
          if (!Number.isInteger(id) || id <= 0) continue;
          if (a.itemtype === 'User') rows.push({ [parentKey]: t.id, users_id: id, type, _link: userLink });
          else if (a.itemtype === 'Group') rows.push({ [parentKey]: t.id, groups_id: id, type, _link: groupLink });
        }
      }
      break;
    }
    return rows.map(({ _link, ...row }) => row);
  }

  /** What apirest.php would answer for the item, read from its forms. */
  function read(t) {
    const forms = itemForms(t);
    if (!forms.length) return null;
    const item = { id: t.id };
    for (const form of forms) {
      for (const el of form.elements) {
        const name = el.name;
        if (!name || !NAME.test(name) || SKIP.has(name) || el.disabled) continue;
        if (el instanceof HTMLInputElement) {
          if (INPUT_SKIP.has(el.type)) continue;
          if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) {
            if (el.type === 'checkbox' && !(name in item)) item[name] = 0;
            continue;
          }
        } else if (el instanceof HTMLSelectElement) {
          if (el.multiple) continue;
        } else if (!(el instanceof HTMLTextAreaElement)) {
          continue;
        }
        const raw = el instanceof HTMLTextAreaElement ? richText(el) : el.value;
        item[name] = valueOf(name, raw);
      }
    }
    const api = `${location.origin}${t.base}/apirest.php`;
    item.links = [
      ...(item.entities_id !== undefined && item.entities_id !== null ? [{ rel: 'Entity', href: `${api}/Entity/${item.entities_id}` }] : []),
      { rel: 'Document_Item', href: `${api}/${t.itemtype}/${t.id}/Document_Item/` },
    ];
    const related = actorsOf(t, forms);
    return related.length ? { bundle: 'glpi', record: item, related } : item;
  }

  /**
   * {label, element} of a canonical path on this item's forms: the field's row label (GLPI 10
   * puts it beside the control, often without `for`), the Select2 box a dropdown is shown as.
   */
  function locate(path, fieldMap) {
    const t = target(location);
    if (!t) return null;
    const own = typeof fieldMap?.[path] === 'string' ? [fieldMap[path]] : [];
    for (const name of [...own, ...(ns.fields?.glpi[path] ?? [])]) {
      for (const form of itemForms(t)) {
        const control = [...form.elements].find((el) => el.name === name);
        if (!control) continue;
        const label = (control.id && document.querySelector(`label[for="${CSS.escape(control.id)}"]`))
          || control.closest('.row, .form-field, tr')?.querySelector('label, th');
        const shown = control.closest('.select2, [data-select2-id]')?.querySelector('[role="combobox"]')
          ?? control.closest('.select2') ?? control;
        return { label: label?.textContent.replace(/\s+/g, ' ').trim() || name, element: shown };
      }
    }
    return null;
  }

  (ns.readers ??= []).push({
    tool: 'glpi',
    locate,
    matches: (loc) => target(loc) !== null,
    start(sink) {
      const t = target(location);
      let lastText = '';
      let timer = 0;
      function emit() {
        const record = read(t);
        if (!record) return;
        const text = JSON.stringify(record);
        if (text === lastText) return;
        lastText = text;
        sink.record({
          tool: 'glpi',
          source: 'glpi',
          record,
          // GLPI shows naive times in the user's time zone; the browser's is the best guess.
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          label: `${t.itemtype} ${t.id}`,
        });
      }
      const later = (ms) => {
        clearTimeout(timer);
        timer = setTimeout(emit, ms);
      };
      onEditorInput = () => later(400);
      const outsidePanel = (e) => e.target?.id !== ns.panel?.HOST_ID;
      document.addEventListener('change', (e) => outsidePanel(e) && later(120), true);
      document.addEventListener('input', (e) => outsidePanel(e) && later(400), true);
      // Select2 dropdowns set the underlying <select> through jQuery, which fires no DOM event:
      // follow the clicks and keys that pick an option, and the options it inserts.
      document.addEventListener('click', (e) => outsidePanel(e) && later(250), true);
      document.addEventListener('keyup', (e) => outsidePanel(e) && e.key === 'Enter' && later(250), true);
      // Tabs load their forms later (AJAX), so the whole body is watched; reading is cheap and an
      // unchanged item is not checked again.
      new MutationObserver(() => later(250)).observe(document.body, {
        subtree: true, childList: true, attributes: true, attributeFilter: ['value', 'selected'],
      });
      emit();
    },
    read, // for tests
  });
})(globalThis);
