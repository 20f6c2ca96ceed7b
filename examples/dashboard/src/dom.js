// A few DOM helpers: no framework, just elements.

/**
 * h('button', {class: 'x', onclick: f, 'aria-label': '…'}, 'text', child…) → element.
 * Attributes: `class`, `dataset` (object), `on<event>` (listeners), `hidden`/`disabled` (booleans),
 * anything else as an attribute; null/undefined/false attributes and children are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

const numberFormats = new Map();
/** 12,345 / 12,345 in the UI language. */
export function num(n, lang) {
  let f = numberFormats.get(lang);
  if (!f) numberFormats.set(lang, (f = new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB')));
  return f.format(n);
}

/** A percentage with at most one decimal. */
export function pct(n) {
  return n === undefined || n === null ? '–' : String(Math.round(n * 10) / 10);
}

/** The date part of an RFC 3339 instant. */
export function day(instant) {
  return instant ? instant.slice(0, 10) : undefined;
}

/**
 * A text whose ISO dates (2026-11-30) never break inside: each date in a `nowrap` span, the rest
 * free to wrap at its spaces.
 */
export function keepDates(text) {
  return String(text).split(/(\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?)/).map((part, i) => (i % 2 ? h('span', { class: 'nowrap' }, part) : part));
}

/**
 * A JSON or field path that breaks only between its steps (before `.` and `[`), never inside a
 * name: a `<wbr>` marks each place.
 */
export function pathText(path) {
  return String(path).split(/(?=[.[])/).flatMap((step, i) => (i ? [h('wbr', null), step] : [step]));
}

/** Saves text as a file through a Blob and an object URL. */
export function download(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
