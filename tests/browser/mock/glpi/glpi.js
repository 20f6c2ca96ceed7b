// Two behaviours of GLPI 10's pages the extension has to cope with:
// - dropdowns are Select2 widgets: the real <select> is hidden, and picking an option sets its
//   value through jQuery, which fires no DOM event;
// - rich-text fields are TinyMCE editors: the <textarea> is hidden and stale until the form is
//   saved, the text lives in the editor's iframe (id "<textarea id>_ifr").
for (const select of document.querySelectorAll('.select2 select')) {
  const box = select.parentElement;
  const shown = document.createElement('button');
  shown.type = 'button';
  shown.className = 'select2-selection';
  shown.setAttribute('role', 'combobox');
  shown.setAttribute('aria-label', box.dataset.label ?? select.name);
  const rendered = document.createElement('span');
  rendered.className = 'select2-selection__rendered';
  shown.append(rendered, document.createTextNode('▾'));
  const show = () => {
    rendered.textContent = select.selectedOptions[0]?.text ?? '';
    rendered.title = rendered.textContent;
  };
  show();
  shown.addEventListener('click', () => {
    box.querySelector('.select2-results')?.remove();
    const list = document.createElement('ul');
    list.className = 'select2-results';
    list.setAttribute('role', 'listbox');
    for (const option of select.options) {
      const li = document.createElement('li');
      li.setAttribute('role', 'option');
      li.textContent = option.text;
      li.addEventListener('mouseup', () => {
        select.value = option.value; // as $(select).val(v).trigger('change'): no native event
        show();
        list.remove();
      });
      list.append(li);
    }
    box.append(list);
  });
  box.append(shown);
}

for (const textarea of document.querySelectorAll('.editor textarea')) {
  const frame = document.createElement('iframe');
  frame.id = `${textarea.id}_ifr`;
  frame.title = 'Rich Text Area';
  frame.srcdoc = `<!doctype html><html><body id="tinymce" class="mce-content-body" contenteditable="true">${textarea.value}</body></html>`;
  // Styled through the CSSOM: the pages are served with a CSP that forbids inline styles.
  frame.addEventListener('load', () => Object.assign(frame.contentDocument.body.style, { font: '14px sans-serif', margin: '8px' }));
  textarea.after(frame);
}

for (const button of document.querySelectorAll('.nav-tabs button')) {
  button.addEventListener('click', () => {
    for (const b of document.querySelectorAll('.nav-tabs button')) b.classList.toggle('active', b === button);
    for (const t of document.querySelectorAll('.tab')) t.classList.toggle('active', t.id === button.dataset.tab);
  });
}
