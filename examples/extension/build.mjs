#!/usr/bin/env node
// Assembles the unpacked Manifest V3 extension in examples/extension/dist/ from src/, the
// manifest, the locales and the package's JavaScript (js/web.js and the modules it imports) with
// the extension's own web module: `make wasm-extension-build` builds it with the adapters of the
// tools in src/shared/tools.js and nothing else (no CSV reader, no column mappings, no other
// tool's adapter, no evaluation of whole exports), a third smaller gzipped than the full module.
// No bundler: the service worker and the options page are plain ES modules, content scripts
// plain scripts.
//
//   node examples/extension/build.mjs          the extension for ServiceNow and Jira Cloud
//   node examples/extension/build.mjs --test   also on http://127.0.0.1 and http://localhost
//                                              (every reader), for the mock pages of the tests
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync, gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const dist = join(here, 'dist');
const test = process.argv.includes('--test');
const LOCAL = ['http://127.0.0.1/*', 'http://localhost/*'];

function fail(message) {
  console.error(`build.mjs: ${message}`);
  process.exit(1);
}

// 1. The engine's web module for the extension's tools. Each tool's id is the cargo feature of
//    its adapter; the Makefile's EXT_FEATURES (which `make test` also tests the Japanese
//    messages of) must hold every one of them.
await import(pathToFileURL(join(here, 'src/shared/tools.js')).href);
const { tools, contentScripts } = globalThis.ISO20000;
const declared = readFileSync(join(root, 'Makefile'), 'utf8').match(/^EXT_FEATURES \?= (.+)$/m)?.[1].split(',') ?? [];
const missing = Object.keys(tools).filter((id) => !declared.includes(id));
if (missing.length) fail(`the Makefile's EXT_FEATURES (${declared.join(',')}) lacks the adapter of ${missing.join(', ')}`);
const pkgWeb = join(root, 'target/wasm-extension/pkg-web');
const WASM_FILES = ['iso20000.js', 'iso20000_bg.wasm'];
// cargo and make rebuild only what changed: quick when the module is current.
execFileSync('make', ['--no-print-directory', 'wasm-extension-build'], { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });

// 2. Sources.
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
cpSync(join(here, 'src'), dist, { recursive: true });
cpSync(join(here, '_locales'), join(dist, '_locales'), { recursive: true });
mkdirSync(join(dist, 'lib/pkg-web'), { recursive: true });
// js/web.js and every package module it imports, found by following its relative imports (a
// module added to the package is copied without a list to keep in step here).
const libFiles = new Set();
const follow = (f) => {
  if (libFiles.has(f)) return;
  libFiles.add(f);
  const text = readFileSync(join(root, 'js', f), 'utf8');
  for (const m of text.matchAll(/\bfrom\s+'\.\/([\w-]+\.js)'/g)) follow(m[1]);
};
follow('web.js');
for (const f of libFiles) cpSync(join(root, 'js', f), join(dist, 'lib', f));
for (const f of WASM_FILES) cpSync(join(pkgWeb, f), join(dist, 'lib/pkg-web', f));
// The built-in pack's checks, for their conditions: which findings a record's state makes
// premature (src/shared/stages.js). The wasm carries the same file compiled in.
cpSync(join(root, 'src/rules/builtin-pack.json'), join(dist, 'lib/builtin-pack.json'));
if (existsSync(join(pkgWeb, 'snippets'))) cpSync(join(pkgWeb, 'snippets'), join(dist, 'lib/pkg-web/snippets'), { recursive: true });

// 3. Icons, drawn here (a blue tile with the four arcs of a PDCA cycle and a tick).
mkdirSync(join(dist, 'icons'), { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(join(dist, `icons/icon-${size}.png`), icon(size));

// 4. The manifest: content scripts come from src/shared/tools.js, the one list of which
//    scripts each tool needs (the service worker registers self-hosted sites from it too).
const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
manifest.version = JSON.parse(readFileSync(join(root, 'js/package.json'), 'utf8')).version;
const scripts = [];
for (const [id, tool] of Object.entries(tools)) {
  if (!tool.hosts.length) continue;
  if (tool.main.length) scripts.push({ matches: tool.hosts, js: tool.main, world: 'MAIN', run_at: 'document_idle', all_frames: tool.allFrames });
  scripts.push({ matches: tool.hosts, js: contentScripts([id]), run_at: 'document_idle', all_frames: tool.allFrames });
}
if (test) {
  // Every reader on the local mock pages; each one claims only its own tool's URLs.
  const main = Object.values(tools).flatMap((t) => t.main);
  if (main.length) scripts.push({ matches: LOCAL, js: main, world: 'MAIN', run_at: 'document_idle' });
  scripts.push({ matches: LOCAL, js: contentScripts(Object.keys(tools)), run_at: 'document_idle' });
  manifest.host_permissions = [...manifest.host_permissions, ...LOCAL];
}
manifest.content_scripts = scripts;
writeFileSync(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

// 5. Checks: every file the manifest names exists, every relative import resolves, every
//    __MSG_x__ exists in every locale.
const named = [
  manifest.background.service_worker, manifest.options_ui.page, ...Object.values(manifest.icons),
  ...scripts.flatMap((s) => s.js),
];
for (const f of named) if (!existsSync(join(dist, f))) fail(`the manifest names ${f}, which is not in dist/`);
for (const file of walk(dist).filter((f) => /\.(js|mjs)$/.test(f))) {
  const text = readFileSync(file, 'utf8');
  for (const [, spec] of text.matchAll(/^\s*(?:import|export)\s[^'"]*?['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    if (!existsSync(resolve(dirname(file), spec))) fail(`${relative(dist, file)} imports ${spec}, which is not in dist/`);
  }
  // MV3 service workers refuse dynamic import(): none in anything the worker loads.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  if (/(^|[^.\w])import\s*\(/.test(code)) fail(`${relative(dist, file)} uses dynamic import(), which MV3 service workers forbid`);
}
const locales = readdirSync(join(dist, '_locales'));
for (const key of JSON.stringify(manifest).matchAll(/__MSG_(\w+)__/g)) {
  for (const l of locales) {
    const messages = JSON.parse(readFileSync(join(dist, '_locales', l, 'messages.json'), 'utf8'));
    if (!messages[key[1]]) fail(`_locales/${l} has no message ${key[1]}`);
  }
}

const bytes = walk(dist).reduce((n, f) => n + statSync(f).size, 0);
const wasm = readFileSync(join(pkgWeb, 'iso20000_bg.wasm'));
console.log(`extension built${test ? ' (test build: also http://127.0.0.1 and http://localhost)' : ''}: ${walk(dist).length} files, ${(bytes / 1024).toFixed(0)} KiB`);
console.log(`  its engine module (adapters: ${Object.keys(tools).join(', ')}): ${wasm.length} bytes, ${gzipSync(wasm, { level: 9 }).length} gzipped`);
console.log(`load it unpacked from: ${dist}`);
console.log('  chrome://extensions → Developer mode → Load unpacked → choose that folder');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** A PNG of the icon at `size` pixels (RGBA, 4×4 supersampled). */
function icon(size) {
  const S = 4;
  const px = Buffer.alloc(size * size * 4);
  const blue = [24, 73, 169];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let tile = 0;
      let white = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const u = (x + (sx + 0.5) / S) / size; // 0..1
          const v = (y + (sy + 0.5) / S) / size;
          if (!inRoundedSquare(u, v, 0.22)) continue;
          tile++;
          if (inCycle(u, v, size) || (size >= 32 && inTick(u, v))) white++;
        }
      }
      const a = tile / (S * S);
      const w = tile ? white / tile : 0;
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) px[i + c] = Math.round(blue[c] * (1 - w) + 255 * w);
      px[i + 3] = Math.round(a * 255);
    }
  }
  return png(size, size, px);
}

function inRoundedSquare(u, v, r) {
  const dx = Math.max(r - u, 0, u - (1 - r));
  const dy = Math.max(r - v, 0, v - (1 - r));
  return dx * dx + dy * dy <= r * r;
}

/** Four arcs with gaps: the Plan-Do-Check-Act cycle. */
function inCycle(u, v, size) {
  const dx = u - 0.5;
  const dy = v - 0.5;
  const d = Math.hypot(dx, dy);
  const width = size <= 16 ? 0.1 : 0.075;
  if (Math.abs(d - 0.3) > width / 2) return false;
  const angle = (Math.atan2(dy, dx) * 180) / Math.PI + 360 + 45; // gaps on the diagonals
  const within = angle % 90;
  const gap = size <= 16 ? 14 : 18;
  return within > gap / 2 && within < 90 - gap / 2;
}

function inTick(u, v) {
  const seg = (ax, ay, bx, by, w) => {
    const t = Math.max(0, Math.min(1, ((u - ax) * (bx - ax) + (v - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(u - (ax + t * (bx - ax)), v - (ay + t * (by - ay))) <= w / 2;
  };
  return seg(0.39, 0.5, 0.47, 0.58, 0.07) || seg(0.47, 0.58, 0.62, 0.42, 0.07);
}

function png(width, height, rgba) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
