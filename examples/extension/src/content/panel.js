// The in-page panel: a closed shadow root on a host element appended to <html>, so the page's CSS
// cannot reach it. It only renders what main.js gives it; every piece of text is set with
// textContent (record data and messages are never parsed as HTML).
//
// It never covers the form: minimised (the default), it is a small button placed where no control
// of the page is; opened, it is docked at one side of the window and the page gets a margin of its
// width on <html>, so the page's own layout moves its fields out from under it. Findings the
// record's state makes premature (shared/stages.js) are held until the user saves or resolves.
//
// The host carries its state for tests and styling: data-state (waiting | checking | ready |
// error), data-revision (incremented on every answer or problem shown), data-lang, data-edition,
// data-findings, data-shown, data-held, data-side, data-collapsed, data-open, data-docked,
// data-filter, data-intercept, and the last check's data-engine-ms (wasm) and data-round-trip-ms
// (content script → service worker → content script).
(function (g) {
  const ns = (g.ISO20000 ??= {});
  const h = ns.h;
  const HOST_ID = 'iso20000-panel';
  const SEVERITY_ORDER = ['major_nonconformity', 'minor_nonconformity', 'observation', 'opportunity_for_improvement'];
  const PHASES = ['plan', 'do', 'check', 'act'];

  // Docked or minimised, never over the form: minimised, the panel is a small button placed
  // where no control of the page is (placePill); opened, it is a column at one side of the
  // window and the page is given its width back as a margin on <html> (dock), so the page's
  // own layout moves its fields out from under it.
  const CSS = `
:host { all: initial !important; position: fixed !important; left: 0 !important; top: 0 !important;
  width: 0 !important; height: 0 !important; overflow: visible !important; z-index: 2147483646 !important; display: block !important; }
@media print { :host { display: none !important; } }
* { box-sizing: border-box; }
.root { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Hiragino Sans", "Noto Sans JP", "Yu Gothic UI", Meiryo, sans-serif;
  color: #1d2939; -webkit-font-smoothing: antialiased; }
.panel { position: fixed; top: 8px; bottom: 8px; right: 8px; width: var(--dock-width, 360px); display: flex; flex-direction: column;
  background: #fff; border: 1px solid #d0d5dd; border-radius: 10px; overflow: hidden;
  box-shadow: 0 12px 32px rgba(16, 24, 40, .18), 0 2px 6px rgba(16, 24, 40, .08); }
.left .panel { right: auto; left: 8px; }
.collapsed .panel { display: none; }
.pill { position: fixed; left: var(--pill-x, auto); top: var(--pill-y, auto); display: none; align-items: center; gap: 8px;
  padding: 4px 10px 4px 4px; border-radius: 999px; cursor: pointer; white-space: nowrap;
  border: 1px solid #d0d5dd; background: #fff; color: #1d2939; font: inherit; font-weight: 600;
  box-shadow: 0 6px 18px rgba(16, 24, 40, .16); }
.pill.placing { visibility: hidden; }
.pill.tight { padding: 4px; gap: 0; }
.pill.tight .ptext { display: none; }
.collapsed .pill { display: inline-flex; }
.pill:focus-visible, button:focus-visible { outline: 2px solid #2e90fa; outline-offset: 2px; }
.logo { flex: none; display: block; width: 30px; height: 30px; }
.pill .logo { width: 24px; height: 24px; }
.dot { flex: none; width: 9px; height: 9px; border-radius: 50%; background: #12b76a; }
.dot.bad { background: var(--sev); }
.dot.off { background: #98a2b3; }
.dot.wait { background: #fff; border: 2px solid #98a2b3; }
header { display: flex; align-items: center; gap: 10px; padding: 10px 10px 10px 12px; border-bottom: 1px solid #eaecf0; background: #f9fafb; }
.titles { flex: 1; min-width: 0; }
.standard { font-weight: 650; font-size: 13px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.record { color: #475467; font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
button.icon { flex: none; width: 28px; height: 28px; display: grid; place-items: center; border: 0; border-radius: 6px;
  background: transparent; color: #475467; cursor: pointer; padding: 0; }
button.icon:hover { background: #eaecf0; color: #1d2939; }
button.icon svg { width: 16px; height: 16px; }
.spinner { flex: none; width: 14px; height: 14px; border-radius: 50%; border: 2px solid #d0d5dd; border-top-color: #1849a9;
  animation: spin .8s linear infinite; visibility: hidden; }
.busy .spinner { visibility: visible; }
@keyframes spin { to { transform: rotate(360deg); } }
.summary { display: flex; flex-wrap: wrap; gap: 6px; padding: 8px 12px; border-bottom: 1px solid #eaecf0; }
.count { font-size: 12px; padding: 1px 8px; border-radius: 999px; background: #f2f4f7; color: #344054; white-space: nowrap; }
.count.bad { background: #fef3f2; color: #b42318; font-weight: 600; }
.count.good { background: #ecfdf3; color: #067647; font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 6px 12px; border-bottom: 1px solid #eaecf0; font-size: 12px; }
.filters .flabel { color: #667085; }
button.sevchip { display: inline-flex; align-items: center; gap: 5px; font: inherit; font-size: 12px; padding: 1px 8px 1px 6px; border-radius: 999px; cursor: pointer;
  border: 1px solid var(--sev); background: #fff; color: var(--sev-fg); }
button.sevchip .dot { width: 8px; height: 8px; }
button.sevchip[aria-pressed="true"] { background: var(--sev); color: #fff; }
button.sevchip[aria-pressed="true"] .dot { background: #fff; }
.body { flex: 1; overflow: auto; padding: 4px 12px 10px; }
h3 { margin: 10px 0 6px; font-size: 11px; font-weight: 650; letter-spacing: .04em; text-transform: uppercase; color: #667085; }
ul { list-style: none; margin: 0; padding: 0; }
.clause { display: flex; align-items: baseline; gap: 8px; padding: 3px 0; }
.cid { flex: none; min-width: 52px; font: 600 12px/1.4 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", monospace; color: #1849a9; }
.ctitle { flex: 1; min-width: 0; }
.phases { flex: none; display: inline-flex; gap: 2px; }
.ph { width: 16px; height: 16px; display: inline-grid; place-items: center; border-radius: 3px; font: 700 9px/1 system-ui, sans-serif;
  color: #98a2b3; background: #f2f4f7; }
.ph.on { color: #fff; background: #1849a9; }
.finding { border: 1px solid #eaecf0; border-left: 4px solid var(--sev); border-radius: 6px; padding: 8px 10px; margin: 0 0 8px; background: #fff; cursor: pointer; }
.finding[hidden] { display: none; }
/* One colour per severity; none of them is the all-clear green. */
.sev-major_nonconformity { --sev: #d92d20; --sev-bg: #fef3f2; --sev-fg: #b42318; }
.sev-minor_nonconformity { --sev: #e87400; --sev-bg: #fff4e5; --sev-fg: #b54708; }
.sev-observation { --sev: #1570ef; --sev-bg: #eff8ff; --sev-fg: #175cd3; }
.sev-opportunity_for_improvement { --sev: #7a5af8; --sev-bg: #f4f3ff; --sev-fg: #5925dc; }
.fhead { display: flex; align-items: center; gap: 8px; margin-bottom: 2px; }
.sev { font-size: 11px; font-weight: 650; padding: 0 7px; border-radius: 999px; background: var(--sev-bg); color: var(--sev-fg); white-space: nowrap; }
.checkid { margin-left: auto; font: 11px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; color: #98a2b3; white-space: nowrap; }
.ftitle { font-weight: 650; }
.finding p { margin: 3px 0 0; }
.msg { color: #344054; }
.hint { color: #1d2939; }
.hint b { font-weight: 650; color: #1849a9; margin-right: 4px; }
.why { color: #667085; font-size: 12px; }
.why b { font-weight: 600; margin-right: 4px; }
.ffields { margin-top: 5px; display: flex; flex-wrap: wrap; align-items: center; gap: 4px; font-size: 12px; color: #667085; }
button.field { font: inherit; font-size: 12px; padding: 0 7px; border-radius: 4px; border: 1px solid #b2ccff; background: #eff4ff; color: #1849a9; cursor: pointer; }
button.field:hover { background: #d1e0ff; }
.fclauses { margin-top: 5px; display: flex; flex-wrap: wrap; gap: 4px; }
details.case { margin-top: 6px; }
details.case summary { color: #1849a9; font-weight: 600; }
details.case[open] { padding: 4px 8px 6px; border-radius: 6px; background: #f9fafb; }
.case h4 { margin: 6px 0 1px; font-size: 11px; font-weight: 650; color: #667085; }
.case p { margin: 2px 0 0; color: #344054; line-height: 1.5; }
.case .corg, .case .cnote { color: #667085; font-size: 11px; }
.cref { font-size: 11px; padding: 0 6px; border-radius: 4px; background: #f2f4f7; color: #475467; }
.cref b { font: 600 11px ui-monospace, "DejaVu Sans Mono", monospace; color: #1849a9; margin-right: 4px; }
.empty { color: #067647; padding: 4px 0 2px; }
.muted { color: #667085; }
.held { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 4px 0 8px; padding: 6px 8px; border-radius: 6px; border: 1px dashed #d0d5dd; font-size: 12px; color: #475467; }
button.text { font: inherit; font-size: 12px; font-weight: 600; border: 1px solid #d0d5dd; border-radius: 6px; padding: 2px 8px; background: #fff; color: #1849a9; cursor: pointer; }
button.text.primary { background: #1849a9; border-color: #1849a9; color: #fff; }
.intercept { margin: 8px 0; padding: 8px 10px; border-radius: 6px; background: #fff4e5; color: #7a2e0e; font-size: 12px; }
.intercept p { margin: 0 0 6px; font-weight: 600; }
.intercept .actions { display: flex; gap: 6px; flex-wrap: wrap; }
.packs, .context { font-size: 11px; margin: 8px 0 0; }
.notice { margin: 8px 0 0; padding: 8px 10px; border-radius: 6px; font-size: 12px; background: #f2f4f7; color: #344054; }
.notice.error { background: #fef3f2; color: #b42318; }
.notice.warn { background: #fffaeb; color: #93370d; }
details { margin-top: 8px; font-size: 12px; color: #475467; }
summary { cursor: pointer; }
details li { margin: 3px 0; word-break: break-word; }
details code { font: 11px ui-monospace, "DejaVu Sans Mono", monospace; }
footer { display: flex; justify-content: space-between; gap: 8px; padding: 6px 12px; border-top: 1px solid #eaecf0;
  font-size: 11px; color: #667085; background: #f9fafb; }
footer .when { white-space: nowrap; }
@media (prefers-color-scheme: dark) {
  .root { color: #e4e7ec; }
  .panel, .pill, .finding, button.sevchip, button.text { background: #161b26; border-color: #333741; }
  header, footer { background: #1f242f; border-color: #333741; }
  .summary, .filters { border-color: #333741; }
  .record, .msg, .muted, footer, details, .held { color: #94969c; }
  .hint { color: #e4e7ec; }
  .count, .cref, .ph, .notice { background: #1f242f; color: #cecfd2; }
  .cid, .cref b, .hint b, details.case summary, button.text { color: #84adff; }
  button.field { background: #1f242f; border-color: #333741; color: #84adff; }
  details.case[open] { background: #1f242f; }
  .case p { color: #cecfd2; }
  .ph.on { background: #2970ff; color: #fff; }
  button.icon { color: #94969c; } button.icon:hover { background: #333741; color: #fff; }
  .pill { color: #e4e7ec; }
}`;

  const ICONS = {
    logo: '<svg class="logo" viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="7" fill="#1849a9"/><path d="M23.77 10.36A9.6 9.6 0 0 1 23.77 21.64M21.64 23.77A9.6 9.6 0 0 1 10.36 23.77M8.23 21.64A9.6 9.6 0 0 1 8.23 10.36M10.36 8.23A9.6 9.6 0 0 1 21.64 8.23" fill="none" stroke="#fff" stroke-width="2.4"/><path d="M12.6 16.3l2.5 2.5 4.8-5" fill="none" stroke="#fff" stroke-width="2.3" stroke-linecap="round" stroke-linejoin="round"/></svg>',
    side: '<svg viewBox="0 0 20 20" fill="none" stroke="currentColor" stroke-width="1.6" aria-hidden="true"><path d="M3 7h13M12.5 3.5 16 7l-3.5 3.5M17 13H4M7.5 9.5 4 13l3.5 3.5"/></svg>',
    options: '<svg viewBox="0 0 20 20" fill="none" stroke="currentColor" stroke-width="1.6" aria-hidden="true"><circle cx="10" cy="10" r="2.6"/><path d="M10 1.8v2.4M10 15.8v2.4M1.8 10h2.4M15.8 10h2.4M4.2 4.2l1.7 1.7M14.1 14.1l1.7 1.7M4.2 15.8l1.7-1.7M14.1 5.9l1.7-1.7"/></svg>',
    minimise: '<svg viewBox="0 0 20 20" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><path d="M5 10h10"/></svg>',
  };

  /** An SVG of this file (a constant, never data). */
  function icon(name) {
    const t = document.createElement('template');
    t.innerHTML = ICONS[name];
    return t.content.firstChild;
  }

  /** An icon button; the SVG is a constant of this file, never data. */
  function iconButton(cls, name, label, onClick) {
    const b = h('button', { class: `icon ${cls}`, type: 'button', title: label, 'aria-label': label }, icon(name));
    b.addEventListener('click', onClick);
    return b;
  }

  // What a minimised panel must not cover: the page's controls, links and labels.
  const OBSTACLES = 'input:not([type="hidden"]), select, textarea, button, a[href], label, summary, [role="button"], [role="combobox"], '
    + '[role="option"], [role="menuitem"], [role="textbox"], [role="tab"], [contenteditable=""], [contenteditable="true"], iframe';
  const EDGE = 12; // px between the minimised button and the window's edge
  const DOCK_MIN_PAGE = 640; // narrower windows have no room for a dock beside the page

  /** The dock's width for a window `w` pixels wide. */
  const dockWidth = (w) => Math.round(Math.max(300, Math.min(360, w * 0.3)));

  /**
   * Where a box of `w`×`h` can sit without touching any control of the page: along the right
   * edge bottom to top, the left edge, then the bottom and top edges; null when nowhere.
   */
  function freeSpot(w, h, side, host) {
    const vw = document.documentElement.clientWidth || innerWidth;
    const vh = document.documentElement.clientHeight || innerHeight;
    const boxes = [];
    for (const el of document.querySelectorAll(OBSTACLES)) {
      if (el === host || host.contains(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0 || r.bottom < 0 || r.top > vh || r.right < 0 || r.left > vw) continue;
      boxes.push(r);
    }
    const GAP = 4;
    const free = (x, y) => boxes.every((r) => x + w + GAP <= r.left || x - GAP >= r.right || y + h + GAP <= r.top || y - GAP >= r.bottom);
    const right = vw - w - EDGE;
    const bottom = vh - h - EDGE;
    const candidates = [];
    const edges = side === 'left' ? [EDGE, right] : [right, EDGE];
    for (const x of edges) for (let y = bottom; y >= EDGE; y -= 8) candidates.push([x, y]);
    for (let x = right; x >= EDGE; x -= 16) candidates.push([x, bottom], [x, EDGE]);
    return candidates.find(([x, y]) => free(x, y)) ?? null;
  }

  /** Scrolls a field of the page into view, focuses it and outlines it for a moment. */
  function reveal(el) {
    if (!el?.isConnected) return false;
    el.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
    try {
      el.focus({ preventScroll: true });
    } catch { /* not focusable: the outline still shows it */ }
    const style = el.style;
    const before = { outline: style.getPropertyValue('outline'), offset: style.getPropertyValue('outline-offset') };
    style.setProperty('outline', '3px solid #e87400', 'important');
    style.setProperty('outline-offset', '2px', 'important');
    el.setAttribute('data-iso20000-highlight', '');
    clearTimeout(el.__iso20000Reveal);
    el.__iso20000Reveal = setTimeout(() => {
      style.setProperty('outline', before.outline);
      style.setProperty('outline-offset', before.offset);
      el.removeAttribute('data-iso20000-highlight');
    }, 2500);
    return true;
  }

  function create({ onOptions, onCollapse, onSide, locate, onRelease }) {
    document.getElementById(HOST_ID)?.remove();
    const host = h('div', { id: HOST_ID, 'data-state': 'waiting', 'data-revision': '0' });
    // Closed: the page cannot reach the panel's contents (the record's findings, the active
    // packs, the context's keys) through host.shadowRoot.
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = h('style');
    style.textContent = CSS;
    const root = h('div', { class: 'root' });
    shadow.append(style, root);

    let lang = 'en';
    let collapsed = true;
    let side = 'right';
    let peek = false; // a record the engine does not check stays a small button until asked
    let revision = 0;
    let view = { kind: 'waiting' };
    let filter = null; // the one severity shown, or null for all
    let released = false; // the user saved or resolved (or asked): premature findings show
    let intercept = null; // {action, proceed}: a save or resolve held back to show findings first
    let docked = null; // the <html> margin given back to the page: {prop, before}
    const t = (key, vars) => ns.t(lang, key, vars);

    function attach() {
      if (!host.isConnected) document.documentElement.append(host);
    }

    const quiet = () => Boolean(view.result?.rejected) && !peek;
    const isOpen = () => !(collapsed || quiet()) || Boolean(intercept);

    /** The findings the panel shows now, and those a premature state holds back. */
    function split(r) {
      const shown = [];
      const held = [];
      for (const f of r?.findings ?? []) (released || !f.waitsFor ? shown : held).push(f);
      return { shown, held };
    }

    /** Gives the page the dock's width (a margin on <html>), or takes it back. */
    function dock(open) {
      const html = document.documentElement;
      const wide = innerWidth >= DOCK_MIN_PAGE;
      const prop = side === 'left' ? 'margin-left' : 'margin-right';
      if (docked && (!open || !wide || docked.prop !== prop)) {
        html.style.setProperty(docked.prop, docked.before.value, docked.before.priority);
        docked = null;
      }
      const width = dockWidth(innerWidth);
      root.style.setProperty('--dock-width', `${wide ? width : Math.min(360, innerWidth - 16)}px`);
      if (open && wide) {
        if (!docked) docked = { prop, before: { value: html.style.getPropertyValue(prop), priority: html.style.getPropertyPriority(prop) } };
        html.style.setProperty(prop, `${width + 16}px`, 'important');
      }
      host.dataset.docked = String(Boolean(docked));
    }

    /** Puts the minimised button where it covers no control (smaller if it must). */
    function placePill() {
      const pill = root.querySelector('.pill');
      if (!pill || isOpen()) return;
      pill.classList.remove('tight');
      pill.classList.add('placing');
      let box = pill.getBoundingClientRect();
      let spot = freeSpot(box.width, box.height, side, host);
      if (!spot) {
        pill.classList.add('tight');
        box = pill.getBoundingClientRect();
        spot = freeSpot(box.width, box.height, side, host);
      }
      // Nowhere free (a page of controls wall to wall): the corner, as small as it gets.
      const [x, y] = spot ?? [side === 'left' ? EDGE : innerWidth - box.width - EDGE, innerHeight - box.height - EDGE];
      root.style.setProperty('--pill-x', `${Math.round(x)}px`);
      root.style.setProperty('--pill-y', `${Math.round(y)}px`);
      pill.classList.remove('placing');
      host.dataset.pill = spot ? 'free' : 'corner';
    }

    // The page scrolls and reflows under the button: place it again on the next frame.
    let placing = 0;
    const replace = () => {
      if (placing || isOpen()) return;
      placing = requestAnimationFrame(() => {
        placing = 0;
        placePill();
      });
    };
    const resized = () => {
      if (isOpen()) dock(true);
      else replace();
    };
    addEventListener('scroll', replace, { capture: true, passive: true });
    addEventListener('resize', resized, { passive: true });
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(replace) : null;
    observer?.observe(document.documentElement);

    function draw() {
      attach();
      host.dataset.lang = lang;
      const open = isOpen();
      root.className = `root${open ? '' : ' collapsed'}${view.busy ? ' busy' : ''}${side === 'left' ? ' left' : ''}`;
      // A new answer must not throw the reader back to the top or close what they opened.
      const scroll = root.querySelector('.body')?.scrollTop ?? 0;
      const opened = new Set([...root.querySelectorAll('details[open]')].map((d) => d.dataset.key));
      root.replaceChildren(drawPanel(), drawPill());
      const body = root.querySelector('.body');
      for (const d of root.querySelectorAll('details')) if (opened.has(d.dataset.key)) d.setAttribute('open', '');
      if (body) body.scrollTop = scroll;
      const { shown, held } = split(view.result);
      host.dataset.open = String(open);
      host.dataset.shown = String(view.result ? shown.length : 0);
      host.dataset.held = String(view.result ? held.length : 0);
      host.dataset.filter = filter ?? '';
      host.dataset.intercept = intercept?.action ?? '';
      dock(open);
      placePill();
    }

    function drawPill() {
      const r = view.result;
      if (r?.rejected) {
        const label = t('rejected', { message: r.rejected.message });
        const pill = h('button', { class: 'pill', type: 'button', title: label, 'aria-label': label },
          icon('logo'), h('span', { class: 'ptext' }, t('notChecked')), h('span', { class: 'dot off' }));
        pill.addEventListener('click', () => {
          peek = true;
          if (collapsed) onCollapse(false);
          else draw();
        });
        return pill;
      }
      const { shown, held } = split(r);
      const n = r ? shown.length : null;
      const worst = shown[0]?.severity;
      const text = n === null ? t('appName') : n === 0 && held.length ? t('heldShort', { n: held.length }) : t('findingsCount', { n });
      const dot = n === null ? null : h('span', { class: `dot${n ? ' bad' : held.length ? ' wait' : ''}` });
      const label = `${t('expand')}: ${text}`;
      const pill = h('button', { class: `pill${worst ? ` sev-${worst}` : ''}`, type: 'button', title: label, 'aria-label': label },
        icon('logo'), h('span', { class: 'ptext' }, text), dot);
      pill.addEventListener('click', () => onCollapse(false));
      return pill;
    }

    function drawPanel() {
      const r = view.result;
      const header = h('header', {},
        icon('logo'),
        h('div', { class: 'titles' },
          h('div', { class: 'standard', title: r?.national ?? null }, r?.standard ?? t('appName')),
          h('div', { class: 'record', title: view.toolName ?? null }, recordLine(r))),
        h('span', { class: 'spinner', role: 'status', 'aria-label': t('checking') }),
        iconButton('side', 'side', t('otherSide'), () => onSide(side === 'left' ? 'right' : 'left')),
        iconButton('options', 'options', t('options'), onOptions),
        iconButton('collapse', 'minimise', t('minimise'), () => {
          if (intercept) {
            intercept = null;
            draw();
          }
          if (r?.rejected) {
            peek = false;
            draw();
          } else onCollapse(true);
        }));
      const parts = [header];
      if (r && !r.rejected) parts.push(summary(r));
      if (r && !r.rejected) {
        const chips = filters(r);
        if (chips) parts.push(chips);
      }
      const body = h('div', { class: 'body' });
      if (view.kind === 'waiting') body.append(h('p', { class: 'muted' }, t('waiting')));
      if (view.kind === 'problem') body.append(h('div', { class: 'notice error', role: 'alert' }, view.message));
      if (r) body.append(...result(r));
      parts.push(body);
      parts.push(h('footer', {},
        h('span', {}, t('privacy')),
        r ? h('span', {
          class: 'when',
          title: `${t('checkedAt', { time: view.at.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB') })} (${t('timing', { engine: r.ms.engine, total: view.roundTrip ?? '–' })})`,
        }, view.at.toLocaleTimeString(lang === 'ja' ? 'ja-JP' : 'en-GB')) : null));
      return h('div', { class: 'panel', role: 'complementary', 'aria-label': t('appName') }, parts);
    }

    function recordLine(r) {
      if (!r?.record) return view.label ?? '';
      const kind = ns.strings[lang].kinds[r.record.kind] ?? r.record.kind;
      const id = r.record.number ?? (/^\d+$/.test(r.record.id ?? '') ? `#${r.record.id}` : r.record.id);
      return [id, kind].filter(Boolean).join(' · ');
    }

    function summary(r) {
      const n = split(r).shown.length;
      return h('div', { class: 'summary', 'aria-live': 'polite' },
        h('span', { class: `count ${n ? 'bad' : 'good'}` }, t('findingsCount', { n })),
        h('span', { class: 'count' }, t('passedCount', { n: r.passed })),
        h('span', { class: 'count', title: t('naHelp') }, t('naCount', { n: r.notApplicable })));
    }

    /** One toggle per severity present: pressed, only that severity shows. */
    function filters(r) {
      const { shown } = split(r);
      const present = SEVERITY_ORDER.filter((s) => shown.some((f) => f.severity === s));
      if (filter && !present.includes(filter)) filter = null;
      if (!present.length) return null;
      return h('div', { class: 'filters', role: 'toolbar', 'aria-label': t('filterLabel') },
        h('span', { class: 'flabel' }, t('filterLabel')),
        present.map((s) => {
          const label = shown.find((f) => f.severity === s).severityLabel;
          const n = shown.filter((f) => f.severity === s).length;
          const b = h('button', {
            class: `sevchip sev-${s}`, type: 'button', 'data-severity': s, 'aria-pressed': String(filter === s),
            title: filter === s ? t('filterAll') : t('filterOnly', { label }),
          }, h('span', { class: 'dot bad' }), `${label} ${n}`);
          b.addEventListener('click', () => {
            filter = filter === s ? null : s;
            draw();
          });
          return b;
        }));
    }

    /** "Why this matters": the finding's teaching case, closed until asked for. */
    function teachingCase(f) {
      const c = f.case;
      if (!c) return null;
      return h('details', { class: 'case', 'data-key': `case ${f.check}`, 'data-case': c.id },
        h('summary', {}, t('whyThisMatters')),
        h('p', { class: 'ctitle-case' }, h('b', {}, c.title)),
        h('p', { class: 'corg' }, c.organisation),
        h('h4', {}, t('caseHappened')), h('p', { class: 'chappened' }, c.happened),
        h('h4', {}, t('caseWhy')), h('p', { class: 'cwhy' }, c.why),
        h('h4', {}, t('caseGood')), h('p', { class: 'cgood' }, c.good),
        h('p', { class: 'cnote' }, t('caseNote')));
    }

    /** The form's own field for a canonical path: {label, element}, or null when not on the page. */
    function field(path) {
      try {
        return locate?.(path, view.result?.fieldMap ?? null) ?? null;
      } catch {
        return null;
      }
    }

    /** What the engine saw, in the form's words: its label where the engine says a path. */
    function seen(f) {
      return (f.steps ?? []).map((step) => {
        if (step.operator === 'hasLink' && step.expected?.length) {
          const labels = step.expected.map((rel) => field(`links:${rel}`)?.label).filter(Boolean);
          return labels.length ? t('noLink', { labels }) : step.text;
        }
        const label = step.field ? field(step.field)?.label : null;
        if (!label || !step.text.includes(step.field)) return step.text;
        // Japanese corner brackets need no space around them; the engine's text has one.
        const at = step.text.indexOf(step.field);
        let before = step.text.slice(0, at);
        let after = step.text.slice(at + step.field.length);
        if (lang === 'ja') {
          before = before.trimEnd();
          after = after.trimStart();
        }
        return `${before}${t('quoted', { label })}${after}`;
      }).filter(Boolean);
    }

    function finding(f) {
      const located = f.fields.map((path) => ({ path, at: field(path) })).filter((x) => x.at);
      const why = seen(f);
      const article = h('article', {
        class: `finding sev-${f.severity}`, 'data-check': f.check, 'data-severity': f.severity,
        hidden: filter && filter !== f.severity ? true : null,
      },
      h('div', { class: 'fhead' },
        h('span', { class: 'sev' }, f.severityLabel),
        h('span', { class: 'checkid' }, f.check)),
      h('div', { class: 'ftitle' }, f.title),
      h('p', { class: 'msg' }, f.message),
      f.hint ? h('p', { class: 'hint' }, h('b', {}, t('fix')), f.hint) : null,
      why.length ? h('p', { class: 'why' }, h('b', {}, `${t('why')}:`), why.join('; ')) : null,
      located.length ? h('div', { class: 'ffields' }, `${t('formFields')}:`, located.map(({ path, at }) => {
        const b = h('button', { class: 'field', type: 'button', 'data-field': path, title: t('showField', { label: at.label }) }, at.label);
        b.addEventListener('click', (e) => {
          e.stopPropagation();
          reveal(at.element);
        });
        return b;
      })) : null,
      h('div', { class: 'fclauses' }, f.clauses.map((c) => h('span', { class: 'cref', 'data-clause': c.id, title: `${t('clauseWord')} ${c.id}` },
        h('b', {}, c.id), c.title ?? ''))),
      teachingCase(f));
      // Clicking the finding itself shows its first field (not its toggles or buttons).
      if (located.length) {
        article.addEventListener('click', (e) => {
          if (e.target.closest?.('button, summary, details')) return;
          reveal(located[0].at.element);
        });
      }
      return article;
    }

    function result(r) {
      const out = [];
      if (r.rejected) {
        out.push(h('div', { class: 'notice warn', role: 'status' }, t('rejected', { message: r.rejected.message })));
        return out;
      }
      const { shown, held } = split(r);
      if (intercept) {
        const n = shown.length;
        const anyway = h('button', { class: 'text primary proceed', type: 'button' }, t(intercept.action === 'resolve' ? 'resolveAnyway' : 'saveAnyway'));
        const back = h('button', { class: 'text back', type: 'button' }, t('backToForm'));
        const go = intercept.proceed;
        anyway.addEventListener('click', () => {
          intercept = null;
          draw();
          go();
        });
        back.addEventListener('click', () => {
          intercept = null;
          draw();
          const first = shown.map((f) => f.fields.map(field).find(Boolean)).find(Boolean);
          if (first) reveal(first.element);
        });
        out.push(h('div', { class: 'intercept', role: 'alert', 'data-action': intercept.action },
          h('p', {}, t(intercept.action === 'resolve' ? 'beforeResolve' : 'beforeSave', { n })),
          h('div', { class: 'actions' }, anyway, back)));
      }
      if (r.packError) out.push(h('div', { class: 'notice warn' }, t('packError', { message: r.packError })));
      if (r.contextError) out.push(h('div', { class: 'notice warn context-error' }, t('contextError', { message: r.contextError })));
      // Clauses.
      out.push(h('h3', { title: t('clausesHelp') }, t('clauses')));
      if (!r.clauses.length) out.push(h('p', { class: 'muted' }, t('noClauses')));
      else {
        out.push(h('ul', { class: 'clauses' }, r.clauses.map((c) => h('li', { class: 'clause', 'data-clause': c.id, title: c.summary ?? null },
          h('span', { class: 'cid' }, c.id),
          h('span', { class: 'ctitle' }, c.title),
          h('span', { class: 'phases' }, PHASES.map((p) => h('span', {
            class: `ph${c.phases.includes(p) ? ' on' : ''}`, title: ns.strings[lang].phases[p],
          }, p[0].toUpperCase())))))));
      }
      // Findings, worst first.
      out.push(h('h3', {}, t('findings')));
      if (!shown.length) out.push(h('p', { class: 'empty' }, held.length ? t('noFindingsYet') : t('noFindings')));
      for (const f of shown) out.push(finding(f));
      if (held.length) {
        const state = ns.strings[lang].states[r.state] ?? r.state;
        const kind = ns.strings[lang].kinds[r.record?.kind] ?? r.record?.kind ?? '';
        const now = h('button', { class: 'text release', type: 'button' }, t('showNow'));
        now.addEventListener('click', () => onRelease());
        out.push(h('div', { class: 'held', role: 'note', title: t('heldHelp') },
          h('span', {}, t('held', { n: held.length, state, kind })), now));
      }
      if (r.warnings.length) {
        out.push(h('details', { class: 'warnings', 'data-key': 'warnings' },
          h('summary', {}, t('warnings', { n: r.warnings.length })),
          h('ul', {}, r.warnings.map((w) => h('li', {}, h('code', {}, w.path), ' ', w.message)))));
      }
      if (r.packs.length) out.push(h('p', { class: 'muted packs' },
        t('packsActive', { list: r.packs.map((p) => `${p.id} ${p.version ?? ''}`.trim()).join(', ') })));
      if (r.context?.length) out.push(h('p', { class: 'muted context' }, t('contextActive', { keys: r.context.join(', ') })));
      return out;
    }

    return {
      host,
      /** A record is being checked (keeps showing the previous answer meanwhile). */
      busy(label) {
        view = { ...view, busy: true, label: label ?? view.label };
        host.dataset.state = view.result ? 'checking' : 'waiting';
        if (view.result) root.classList.add('busy'); // the spinner only: keep the answer in place
        else draw();
      },
      /** The answer of the service worker for the latest record. */
      show(result, { toolName, roundTrip }) {
        lang = result.lang;
        revision += 1;
        if (!result.rejected) peek = false;
        view = { kind: 'result', result: sortFindings(result), toolName, roundTrip, at: new Date(), busy: false };
        host.dataset.state = 'ready';
        host.dataset.edition = result.edition;
        host.dataset.findings = String(result.findings.length);
        host.dataset.passed = (result.passedChecks ?? []).join(' ');
        host.dataset.rejected = String(Boolean(result.rejected));
        host.dataset.revision = String(revision);
        host.dataset.engineMs = String(result.ms.engine);
        host.dataset.roundTripMs = String(roundTrip);
        draw();
      },
      /** Something went wrong (already localised). */
      problem(message) {
        revision += 1;
        view = { kind: 'problem', message, label: view.label, busy: false };
        host.dataset.state = 'error';
        host.dataset.revision = String(revision);
        draw();
      },
      /** How many findings the record's state holds back now. */
      heldCount() {
        return split(view.result).held.length;
      },
      /** Premature findings show from now on (the user saved, resolved or asked). */
      release() {
        if (released) return;
        released = true;
        host.dataset.released = 'true';
        draw();
      },
      /**
       * A save or resolve the reader held back: the panel opens on the findings with a choice to
       * go on (`proceed` repeats the user's action) or go back to the form.
       */
      intercepted(action, proceed) {
        released = true;
        host.dataset.released = 'true';
        intercept = { action, proceed };
        draw();
      },
      setLang(value) {
        if (value && value !== lang) {
          lang = value;
          draw();
        }
      },
      setSide(value) {
        side = value === 'left' ? 'left' : 'right';
        host.dataset.side = side;
        if (host.isConnected) draw();
      },
      setCollapsed(value) {
        collapsed = Boolean(value);
        host.dataset.collapsed = String(collapsed);
        draw();
      },
      remove() {
        dock(false);
        removeEventListener('scroll', replace, { capture: true });
        removeEventListener('resize', resized);
        observer?.disconnect();
        cancelAnimationFrame(placing);
        host.remove();
      },
    };
  }

  function sortFindings(result) {
    const rank = (s) => {
      const i = SEVERITY_ORDER.indexOf(s);
      return i < 0 ? SEVERITY_ORDER.length : i;
    };
    const findings = result.findings
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f.severity) - rank(b.f.severity) || a.i - b.i)
      .map(({ f }) => f);
    return { ...result, findings };
  }

  ns.panel = { create, HOST_ID, reveal };
})(globalThis);
