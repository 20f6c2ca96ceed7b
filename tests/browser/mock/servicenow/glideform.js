// A small stand-in for ServiceNow's GlideForm (`g_form`) on the mock classic forms. Like the real
// one it reads and writes the form's own inputs: a field is the element with id
// "<table>.<field>"; a reference keeps the sys_id there and its name in "sys_display.<table>.<field>";
// a boolean keeps "true"/"false" there and shows a checkbox "ni.<table>.<field>". Client scripts
// (onChange) run when the user changes a field and when a script sets one with setValue.
(function () {
  const form = document.querySelector('form[data-table]');
  const table = form.dataset.table;
  const control = (f) => document.getElementById(`${table}.${f}`);
  const elements = [...form.querySelectorAll('[id]')]
    .filter((el) => el.id.startsWith(`${table}.`))
    .map((el) => ({ fieldName: el.id.slice(table.length + 1), tableName: table, type: el.dataset.type ?? (el.tagName === 'SELECT' ? 'choice' : 'string') }));
  const handlers = {};
  const previous = Object.fromEntries(elements.map((e) => [e.fieldName, control(e.fieldName).value]));

  function fire(field) {
    const el = control(field);
    const old = previous[field];
    if (old === el.value) return;
    previous[field] = el.value;
    for (const fn of handlers[field] ?? []) fn(el, old, el.value, false);
  }

  window.g_form = {
    elements,
    getTableName: () => table,
    getUniqueValue: () => document.getElementById('sys_uniqueValue').value,
    isNewRecord: () => false,
    getFieldNames: () => elements.map((e) => e.fieldName),
    getControl: (f) => control(f),
    getDisplayBox: (f) => document.getElementById(`sys_display.${table}.${f}`),
    getGlideUIElement: (f) => elements.find((e) => e.fieldName === f) ?? null,
    getValue: (f) => control(f)?.value ?? '',
    getDisplayValue: () => control('number')?.value ?? '',
    getOption(f, value) {
      const el = control(f);
      return el instanceof HTMLSelectElement ? [...el.options].find((o) => o.value === value) ?? null : null;
    },
    setValue(f, value, display) {
      const el = control(f);
      if (!el) return;
      el.value = value;
      const box = this.getDisplayBox(f);
      if (box && display !== undefined) box.value = display;
      const ni = document.getElementById(`ni.${table}.${f}`);
      if (ni) ni.checked = value === 'true';
      fire(f);
    },
    save() {
      form.submit();
    },
  };

  /** The page's client scripts: registerOnChange('impact', (control, oldValue, newValue) => …). */
  window.registerOnChange = (field, fn) => (handlers[field] ??= []).push(fn);

  form.addEventListener('change', (e) => {
    const el = e.target;
    if (el.id.startsWith(`ni.${table}.`)) {
      const field = el.id.slice(`ni.${table}.`.length);
      control(field).value = el.checked ? 'true' : 'false';
      fire(field);
    } else if (el.id.startsWith(`${table}.`)) {
      fire(el.id.slice(table.length + 1));
    }
  });

  window.g_user_date_time_format = 'yyyy-MM-dd HH:mm:ss';
  window.g_ck = 'mock-session-token';
})();
