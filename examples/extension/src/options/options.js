// The options page: language, edition, rule packs (validated here with the engine's own
// loadRules, every error shown with its path), the instance context (validated here by building
// an engine with it), self-hosted instances. Everything is stored in chrome.storage.local at
// once; open panels and the service worker follow storage changes.
import { init, Engine, version } from '../lib/web.js';
import { syncSites, originOf, patternOf } from '../shared/sites.js';

const ns = globalThis.ISO20000;
const $ = (sel) => document.querySelector(sel);

let settings = ns.settings.normalize(null);
let packs = [];
let sites = [];
let context = null; // the stored instance context
let contextShown = ''; // the text the box got from storage (not yet edited by the user)
let scratch = null; // an engine used only to validate packs
let engineVersion = null;
const ready = init(chrome.runtime.getURL('lib/pkg-web/iso20000_bg.wasm'));

const t = (key, vars) => ns.t(settings.lang, key, vars);

const h = ns.h;

let statusTimer = 0;
function status(text) {
  const el = $('#status');
  el.textContent = text;
  el.classList.add('show');
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => el.classList.remove('show'), 2500);
}

function renderStrings() {
  document.documentElement.lang = settings.lang;
  document.title = t('optionsTitle');
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  for (const el of document.querySelectorAll('input[name="lang"]')) el.checked = el.value === settings.lang;
  for (const el of document.querySelectorAll('input[name="edition"]')) el.checked = el.value === settings.edition;
  if (engineVersion) $('#version').textContent = t('engineVersion', { version: engineVersion });
}

function localText(v) {
  if (v && typeof v === 'object') return v[settings.lang] ?? v.en ?? '';
  return typeof v === 'string' ? v : '';
}

function renderPacks() {
  const list = $('#pack-list');
  if (!packs.length) {
    list.replaceChildren(h('li', { class: 'empty' }, t('packsNone')));
    return;
  }
  list.replaceChildren(...packs.map((p) => {
    const remove = h('button', { type: 'button', 'data-remove-pack': p.id }, t('packRemove'));
    remove.addEventListener('click', () => removePack(p.id));
    return h('li', { 'data-pack': p.id },
      h('div', {},
        h('div', {}, h('b', {}, p.id), ' ', h('span', { class: 'meta' }, [p.version, p.file].filter(Boolean).join(' · '))),
        localText(p.pack.description) ? h('div', {}, localText(p.pack.description)) : null,
        h('div', { class: 'meta' }, t('packStats', {
          checks: Array.isArray(p.pack.checks) ? p.pack.checks.length : 0,
          overrides: Array.isArray(p.pack.overrides) ? p.pack.overrides.length : 0,
        }))),
      remove);
  }));
}

function renderSites() {
  const list = $('#site-list');
  if (!sites.length) {
    list.replaceChildren(h('li', { class: 'empty' }, t('sitesNone')));
    return;
  }
  list.replaceChildren(...sites.map((s, i) => {
    const remove = h('button', { type: 'button' }, t('siteRemove'));
    remove.addEventListener('click', () => removeSite(i));
    return h('li', {}, h('div', {}, h('b', {}, ns.tools[s.tool]?.name ?? s.tool), ' ', h('code', {}, s.origin)), remove);
  }));
}

let lastErrors = [];
function renderErrors(groups = lastErrors) {
  lastErrors = groups;
  $('#pack-errors').replaceChildren(...groups.map((g) => h('div', { class: 'errors', 'data-file': g.file },
    h('p', {}, t('packRejected', { file: g.file, n: g.items.length })),
    h('ul', {}, g.items.map((e) => h('li', { 'data-path': e.path }, h('code', {}, e.path), ' — ', e.message))))));
}

const pretty = (c) => (c ? JSON.stringify(c, null, 2) : '');

let contextErrors = [];
function renderContext(errors = contextErrors) {
  contextErrors = errors;
  $('#context-state').textContent = context ? t('contextInForce', { keys: Object.keys(context).join(', ') }) : t('contextNone');
  $('#context-errors').replaceChildren(...(errors.length ? [h('div', { class: 'errors' },
    h('p', {}, t('contextRejected', { n: errors.length })),
    h('ul', {}, errors.map((e) => h('li', { 'data-path': e.path, 'data-line': e.line, 'data-column': e.column },
      e.path ? [h('code', {}, e.path), ' — '] : null, e.message))))] : []));
}

/** Shows the stored context in the box, unless the user is editing what was shown. */
function showStoredContext() {
  const box = $('#context-text');
  if (box.value === contextShown) box.value = pretty(context);
  contextShown = pretty(context);
}

function render() {
  renderStrings();
  renderPacks();
  renderSites();
  renderErrors();
  renderContext();
}

/**
 * Validates packs stacked as they would be (the candidate last); null when the engine accepts
 * them, else [{path, message}] with paths relative to the candidate file ("[other-pack] $…" for
 * a conflict found in a pack already installed).
 */
async function validate(list) {
  await ready;
  scratch ??= new Engine({});
  try {
    scratch.loadRules(list);
    return null;
  } catch (e) {
    if (e.code !== 'E_RULES' || !Array.isArray(e.details)) return [{ path: '$', message: e.message }];
    const last = list.length - 1;
    return e.details.map((d) => ({
      path: String(d.path).replace(/^\$\.rules\[(\d+)\]/, (_, i) => (Number(i) === last ? '$' : `[${list[Number(i)]?.id ?? i}] $`)),
      message: d.message,
    }));
  }
}

async function addFiles(files) {
  const errors = [];
  const notes = [];
  let next = packs;
  for (const file of files) {
    let pack;
    try {
      pack = JSON.parse(await file.text());
    } catch (e) {
      errors.push({ file: file.name, items: [{ path: '$', message: t('packJson', { message: e.message }) }] });
      continue;
    }
    if (!pack || typeof pack !== 'object' || Array.isArray(pack) || typeof pack.id !== 'string' || !pack.id) {
      errors.push({ file: file.name, items: [{ path: '$', message: t('packShape') }] });
      continue;
    }
    const replaced = next.some((p) => p.id === pack.id);
    const entry = { id: pack.id, version: typeof pack.version === 'string' ? pack.version : null, file: file.name, addedAt: Date.now(), pack };
    const candidate = [...next.filter((p) => p.id !== pack.id), entry];
    const problems = await validate(candidate.map((p) => p.pack));
    if (problems) {
      errors.push({ file: file.name, items: problems });
      continue;
    }
    next = candidate;
    notes.push(replaced ? t('packReplaced', { id: pack.id, file: file.name }) : t('packAdded', { file: file.name }));
  }
  renderErrors(errors);
  if (next !== packs) {
    packs = next;
    await chrome.storage.local.set({ packs });
    renderPacks();
  }
  if (notes.length) status(notes.join(' '));
}

/**
 * The context in `text`, or the reasons it cannot be used: JSON errors with their line and
 * column, or the engine's own error with its path (in the page's language) when an engine
 * refuses it as an option — the same test the service worker's engine will apply.
 */
async function readContext(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { errors: [await syntaxError(text, e)] };
  }
  if (!ns.settings.context(value)) return { errors: [{ path: '$', message: t('contextShape') }] };
  await ready;
  try {
    new Engine({ lang: settings.lang, context: value }).free();
  } catch (e) {
    const list = Array.isArray(e.details) && e.details.length ? e.details : [e];
    return { errors: list.map((d) => ({ path: d.path ?? '$', message: d.message })) };
  }
  return { value };
}

/**
 * Where malformed JSON breaks, as the engine reads it: line, column and a message in the page's
 * language (Chromium's JSON.parse often names no position). The parser's message is the fallback.
 */
async function syntaxError(text, parseError) {
  await ready;
  scratch ??= new Engine({});
  try {
    scratch.check(text, { lang: settings.lang });
  } catch (e) {
    if (e.line) return { line: e.line, column: e.column, message: e.message };
  }
  return { message: t('contextJson', { message: parseError.message }) };
}

async function saveContext() {
  const text = $('#context-text').value;
  // An empty box is the same as Clear.
  if (!text.trim()) return clearContext();
  const { value, errors } = await readContext(text);
  if (errors) {
    renderContext(errors); // nothing stored: the context in force stays
    return;
  }
  if (!Object.keys(value).length) return clearContext(); // {} says nothing: no context
  context = value;
  await chrome.storage.local.set({ context });
  $('#context-text').value = contextShown = pretty(context);
  renderContext([]);
  status(t('contextSaved'));
}

async function clearContext() {
  context = null;
  await chrome.storage.local.remove('context');
  $('#context-text').value = contextShown = '';
  renderContext([]);
  status(t('contextCleared'));
}

async function removePack(id) {
  packs = packs.filter((p) => p.id !== id);
  await chrome.storage.local.set({ packs });
  renderPacks();
  status(t('packRemoved', { id }));
}

async function saveSettings(patch) {
  settings = { ...settings, ...patch };
  render();
  await chrome.storage.local.set({ settings });
  status(t('saved'));
}

async function addSite(event) {
  event.preventDefault();
  const tool = $('#site-tool').value;
  const origin = originOf($('#site-origin').value);
  $('#site-error').textContent = '';
  if (!origin || !ns.tools[tool]) {
    $('#site-error').textContent = t('siteBadOrigin');
    return;
  }
  // Asked in the click's user gesture: Chrome shows its own permission prompt.
  let granted = false;
  try {
    granted = await chrome.permissions.request({ origins: [patternOf(origin)] });
  } catch (e) {
    $('#site-error').textContent = e.message;
    return;
  }
  if (!granted) {
    $('#site-error').textContent = t('siteDenied');
    return;
  }
  sites = [...sites.filter((s) => !(s.origin === origin && s.tool === tool)), { tool, origin }];
  await chrome.storage.local.set({ sites });
  await syncSites();
  $('#site-origin').value = '';
  renderSites();
  status(t('siteAdded', { origin }));
}

async function removeSite(index) {
  const [gone] = sites.splice(index, 1);
  sites = [...sites];
  await chrome.storage.local.set({ sites });
  if (gone && !sites.some((s) => s.origin === gone.origin)) {
    await chrome.permissions.remove({ origins: [patternOf(gone.origin)] }).catch(() => false);
  }
  await syncSites();
  renderSites();
}

async function start() {
  const got = await chrome.storage.local.get(['settings', 'packs', 'sites', 'context']);
  settings = ns.settings.normalize(got.settings);
  packs = Array.isArray(got.packs) ? got.packs : [];
  sites = Array.isArray(got.sites) ? got.sites : [];
  context = ns.settings.context(got.context);
  showStoredContext();
  render();
  for (const el of document.querySelectorAll('input[name="lang"]')) el.addEventListener('change', () => saveSettings({ lang: el.value }));
  for (const el of document.querySelectorAll('input[name="edition"]')) el.addEventListener('change', () => saveSettings({ edition: el.value }));
  $('#pack-file').addEventListener('change', async (e) => {
    const files = [...e.target.files];
    e.target.value = '';
    await addFiles(files);
  });
  $('#site-form').addEventListener('submit', addSite);
  $('#context-save').addEventListener('click', saveContext);
  $('#context-clear').addEventListener('click', clearContext);
  // Another options tab may change things too.
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (changes.settings) settings = ns.settings.normalize(changes.settings.newValue);
    if (changes.packs) packs = changes.packs.newValue ?? [];
    if (changes.sites) sites = changes.sites.newValue ?? [];
    if (changes.context) {
      context = ns.settings.context(changes.context.newValue);
      showStoredContext();
    }
    if (changes.settings || changes.packs || changes.sites || changes.context) render();
  });
  await ready;
  engineVersion = version();
  renderStrings();
  document.body.dataset.ready = 'true';
}

start().catch((e) => console.error('iso20000 options:', e));
