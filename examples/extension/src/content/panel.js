// The in-page panel: a closed shadow root on a host element appended to <html>, so the page's CSS
// cannot reach it and it does not reflow the page. It only renders what main.js gives it; every
// piece of text is set with textContent (record data and messages are never parsed as HTML).
//
// The host carries its state for tests and styling: data-state (waiting | checking | ready |
// error), data-revision (incremented on every answer or problem shown), data-lang, data-edition,
// data-findings, data-side, data-collapsed, and the last check's data-engine-ms (wasm) and
// data-round-trip-ms (content script → service worker → content script).
(function (g) {
  const ns = (g.ISO20000 ??= {});
  const h = ns.h;
  const HOST_ID = 'iso20000-panel';
  const SEVERITY_ORDER = ['major_nonconformity', 'minor_nonconformity', 'observation', 'opportunity_for_improvement'];
  const PHASES = ['plan', 'do', 'check', 'act'];

  const CSS = `
:host { all: initial !important; position: fixed !important; right: 16px !important; bottom: 16px !important;
  z-index: 2147483646 !important; display: block !important; }
:host([data-side="left"]) { right: auto !important; left: 16px !important; }
@media print { :host { display: none !important; } }
* { box-sizing: border-box; }
.root { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Hiragino Sans", "Noto Sans JP", "Yu Gothic UI", Meiryo, sans-serif;
  color: #1d2939; -webkit-font-smoothing: antialiased; }
.panel { width: 368px; max-height: min(680px, calc(100vh - 32px)); display: flex; flex-direction: column;
  background: #fff; border: 1px solid #d0d5dd; border-radius: 10px; overflow: hidden;
  box-shadow: 0 12px 32px rgba(16, 24, 40, .18), 0 2px 6px rgba(16, 24, 40, .08); }
.collapsed .panel { display: none; }
.pill { display: none; align-items: center; gap: 8px; padding: 6px 12px 6px 6px; border-radius: 999px; cursor: pointer;
  border: 1px solid #d0d5dd; background: #fff; color: #1d2939; font: inherit; font-weight: 600;
  box-shadow: 0 6px 18px rgba(16, 24, 40, .16); }
.collapsed .pill { display: inline-flex; }
.pill:focus-visible, button:focus-visible { outline: 2px solid #2e90fa; outline-offset: 2px; }
.logo { flex: none; display: block; width: 30px; height: 30px; }
.pill .logo { width: 26px; height: 26px; }
.pill .dot { width: 8px; height: 8px; border-radius: 50%; background: #12b76a; }
.pill .dot.bad { background: var(--sev); }
.pill .dot.off { background: #98a2b3; }
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
.body { overflow: auto; padding: 4px 12px 10px; }
h3 { margin: 10px 0 6px; font-size: 11px; font-weight: 650; letter-spacing: .04em; text-transform: uppercase; color: #667085; }
ul { list-style: none; margin: 0; padding: 0; }
.clause { display: flex; align-items: baseline; gap: 8px; padding: 3px 0; }
.cid { flex: none; min-width: 52px; font: 600 12px/1.4 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", monospace; color: #1849a9; }
.ctitle { flex: 1; min-width: 0; }
.phases { flex: none; display: inline-flex; gap: 2px; }
.ph { width: 16px; height: 16px; display: inline-grid; place-items: center; border-radius: 3px; font: 700 9px/1 system-ui, sans-serif;
  color: #98a2b3; background: #f2f4f7; }
.ph.on { color: #fff; background: #1849a9; }
.finding { border: 1px solid #eaecf0; border-left: 3px solid var(--sev); border-radius: 6px; padding: 8px 10px; margin: 0 0 8px; background: #fff; }
.sev-major_nonconformity { --sev: #d92d20; --sev-bg: #fef3f2; --sev-fg: #b42318; }
.sev-minor_nonconformity { --sev: #f79009; --sev-bg: #fffaeb; --sev-fg: #b54708; }
.sev-observation { --sev: #2e90fa; --sev-bg: #eff8ff; --sev-fg: #175cd3; }
.sev-opportunity_for_improvement { --sev: #12b76a; --sev-bg: #ecfdf3; --sev-fg: #067647; }
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
  .panel, .pill, .finding { background: #161b26; border-color: #333741; }
  header, footer { background: #1f242f; border-color: #333741; }
  .summary { border-color: #333741; }
  .record, .msg, .muted, footer, details { color: #94969c; }
  .hint { color: #e4e7ec; }
  .count, .cref, .ph, .notice { background: #1f242f; color: #cecfd2; }
  .cid, .cref b, .hint b, details.case summary { color: #84adff; }
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

  function create({ onOptions, onCollapse, onSide }) {
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
    let collapsed = false;
    let side = 'right';
    let peek = false; // a record the engine does not check stays a small button until asked
    let revision = 0;
    let view = { kind: 'waiting' };
    const t = (key, vars) => ns.t(lang, key, vars);

    function attach() {
      if (!host.isConnected) document.documentElement.append(host);
    }

    const quiet = () => Boolean(view.result?.rejected) && !peek;

    function draw() {
      attach();
      host.dataset.lang = lang;
      root.className = `root${collapsed || quiet() ? ' collapsed' : ''}${view.busy ? ' busy' : ''}`;
      // A new answer must not throw the reader back to the top or close what they opened.
      const scroll = root.querySelector('.body')?.scrollTop ?? 0;
      const open = new Set([...root.querySelectorAll('details[open]')].map((d) => d.dataset.key));
      root.replaceChildren(drawPanel(), drawPill());
      const body = root.querySelector('.body');
      for (const d of root.querySelectorAll('details')) if (open.has(d.dataset.key)) d.setAttribute('open', '');
      if (body) body.scrollTop = scroll;
    }

    function drawPill() {
      const r = view.result;
      if (r?.rejected) {
        const label = t('rejected', { message: r.rejected.message });
        const pill = h('button', { class: 'pill', type: 'button', title: label, 'aria-label': label },
          icon('logo'), t('notChecked'), h('span', { class: 'dot off' }));
        pill.addEventListener('click', () => {
          peek = true;
          if (collapsed) onCollapse(false);
          else draw();
        });
        return pill;
      }
      const n = r ? r.findings.length : null;
      const worst = r?.findings[0]?.severity;
      const pill = h('button', { class: `pill${worst ? ` sev-${worst}` : ''}`, type: 'button', title: t('expand'), 'aria-label': t('expand') },
        icon('logo'),
        n === null ? t('appName') : t('findingsCount', { n }),
        n === null ? null : h('span', { class: `dot${n ? ' bad' : ''}` }));
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
          if (r?.rejected) {
            peek = false;
            draw();
          } else onCollapse(true);
        }));
      const parts = [header];
      if (r && !r.rejected) parts.push(summary(r));
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
      const n = r.findings.length;
      return h('div', { class: 'summary', 'aria-live': 'polite' },
        h('span', { class: `count ${n ? 'bad' : 'good'}` }, t('findingsCount', { n })),
        h('span', { class: 'count' }, t('passedCount', { n: r.passed })),
        h('span', { class: 'count', title: t('naHelp') }, t('naCount', { n: r.notApplicable })));
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

    function result(r) {
      const out = [];
      if (r.rejected) {
        out.push(h('div', { class: 'notice warn', role: 'status' }, t('rejected', { message: r.rejected.message })));
        return out;
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
      if (!r.findings.length) out.push(h('p', { class: 'empty' }, t('noFindings')));
      for (const f of r.findings) {
        out.push(h('article', { class: `finding sev-${f.severity}`, 'data-check': f.check, 'data-severity': f.severity },
          h('div', { class: 'fhead' },
            h('span', { class: 'sev' }, f.severityLabel),
            h('span', { class: 'checkid' }, f.check)),
          h('div', { class: 'ftitle' }, f.title),
          h('p', { class: 'msg' }, f.message),
          f.hint ? h('p', { class: 'hint' }, h('b', {}, t('fix')), f.hint) : null,
          f.explanation.length ? h('p', { class: 'why' }, h('b', {}, `${t('why')}:`), f.explanation.join('; ')) : null,
          h('div', { class: 'fclauses' }, f.clauses.map((c) => h('span', { class: 'cref', 'data-clause': c.id, title: `${t('clauseWord')} ${c.id}` },
            h('b', {}, c.id), c.title ?? ''))),
          teachingCase(f)));
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
      setLang(value) {
        if (value && value !== lang) {
          lang = value;
          draw();
        }
      },
      setSide(value) {
        side = value === 'left' ? 'left' : 'right';
        host.dataset.side = side;
      },
      setCollapsed(value) {
        collapsed = Boolean(value);
        host.dataset.collapsed = String(collapsed);
        draw();
      },
      remove() {
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

  ns.panel = { create, HOST_ID };
})(globalThis);
