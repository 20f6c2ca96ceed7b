// Node entry point: the wasm module loads synchronously, so init() is a no-op.
import { createRequire } from 'node:module';
import { createApi } from './core.js';
export { findingsCsv } from './csv.js';
export { toOscal } from './oscal.js';
export { reviewHtml, reviewSnapshot } from './review.js';

const require = createRequire(import.meta.url);
const raw = require('./pkg-node/iso20000.js');

/** Kept for symmetry with the browser build: resolves at once under Node. */
export async function init() {}

export const { Engine, Session, catalog, applyLogic, proposeMapping, splitBytesInto, version, features } = createApi(raw, () => {});

/** Kept for symmetry with the browser build: the module is already loaded under Node. */
export function initSync() {}
