// Browser, worker, extension and bundler entry point: call `await init()` once before use.
import initWasm, { initSync as initWasmSync } from './pkg-web/iso20000.js';
import * as raw from './pkg-web/iso20000.js';
import { createApi } from './core.js';
export { findingsCsv } from './csv.js';
export { toOscal } from './oscal.js';
export { reviewHtml, reviewSnapshot } from './review.js';

let loading = null;
let ready = false;

/**
 * Loads the wasm module (idempotent). Without an argument it fetches `iso20000_bg.wasm` next to
 * this file; pass a URL, Response, bytes or a WebAssembly.Module to load it yourself (in an MV3
 * extension: chrome.runtime.getURL('…/iso20000_bg.wasm')).
 */
export function init(moduleOrPath) {
  // wasm-bindgen's own `{ module_or_path }` form is accepted too.
  const arg = moduleOrPath === undefined ? undefined
    : moduleOrPath !== null && typeof moduleOrPath === 'object' && 'module_or_path' in moduleOrPath ? moduleOrPath
    : { module_or_path: moduleOrPath };
  loading ??= initWasm(arg).then(
    () => {
      ready = true;
    },
    (err) => {
      loading = null;
      throw err;
    },
  );
  return loading;
}

/** Synchronous init from bytes or a compiled module (workers, tests). */
export function initSync(module) {
  if (!ready) {
    initWasmSync(module !== null && typeof module === 'object' && 'module' in module && !(module instanceof WebAssembly.Module) ? module : { module });
    ready = true;
  }
}

function ensureReady() {
  if (!ready) {
    const e = new Error('iso20000 is not initialised: `await init()` before creating an Engine');
    e.code = 'E_MISUSE';
    throw e;
  }
}

export const { Engine, Session, catalog, applyLogic, proposeMapping, splitBytesInto, version, features } = createApi(raw, ensureReady);
