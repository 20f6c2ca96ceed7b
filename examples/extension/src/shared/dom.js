// The DOM builder of the panel and the options page. A plain script: see tools.js.
(function (g) {
  const ns = (g.ISO20000 ??= {});

  /** A DOM element: h('div', {class: 'x', title: 't'}, child, 'text', …); text is never HTML. */
  ns.h = function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs ?? {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.className = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  };
})(globalThis);
