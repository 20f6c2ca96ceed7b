// Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/, not committed) from the
// conformance corpus (the files of tests/conformance/index.json): their inputs as raw-text seeds
// (byte 0 = 0: raw mode) and a few deterministic byte strings for the structure-aware modes
// (byte 0 odd).
// Usage: node fuzz/seed-corpus.mjs   (make fuzz runs it)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const corpusDir = join(here, '..', 'tests', 'conformance');
const out = join(here, 'corpus');
const MAX = 8192;
const TOOLS = ['servicenow', 'jira', 'glpi', 'zammad', 'itop', 'znuny', 'freshservice'];

const index = JSON.parse(readFileSync(join(corpusDir, 'index.json'), 'utf8'));
const files = Object.fromEntries(index.files.map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(corpusDir, f), 'utf8')).cases]));

function write(target, bytes) {
  if (bytes.length > MAX) return;
  mkdirSync(join(out, target), { recursive: true });
  writeFileSync(join(out, target, createHash('sha1').update(bytes).digest('hex')), bytes);
}
const text = (c) => (c.inputText ?? (c.input !== undefined ? JSON.stringify(c.input) : undefined));
const raw = (mode, s) => Buffer.concat([Buffer.from([mode]), Buffer.from(s, 'utf8')]);
// Deterministic pseudo-random bytes for the structure-aware modes.
let state = 20000;
const bytes = (n) => Buffer.from(Array.from({ length: n }, () => ((state = (state * 1103515245 + 12345) >>> 0) >>> 16) & 255));
const structured = (target, count = 16) => { for (let i = 0; i < count; i++) write(target, Buffer.concat([Buffer.from([(2 * i + 1) & 31]), bytes(64 + 16 * (i % 8))])); };

let n = 0;
for (const cases of Object.values(files)) for (const c of cases) { const t = text(c); if (t !== undefined) { write('envelope', Buffer.from(t, 'utf8')); n++; } }
for (const tool of TOOLS) {
  for (const c of files[tool] ?? []) { const t = text(c); if (t !== undefined) write(`adapter_${tool}`, raw(0, t)); }
  structured(`adapter_${tool}`);
}
for (const f of ['evaluate', 'checks']) for (const c of files[f] ?? []) if (c.options?.source === 'canonical') { const t = text(c); if (t) write('adapter_canonical', raw(0, t)); }
structured('adapter_canonical');
(files.csv ?? []).forEach((c, i) => { const body = c.inputText.split('\n').slice(1).join('\n'); write('csv', Buffer.concat([Buffer.from([0, i]), Buffer.from(body, 'utf8')])); });
for (let i = 0; i < 16; i++) write('csv', Buffer.concat([Buffer.from([1, i]), bytes(48)]));
for (const c of files.rules ?? []) for (const p of c.engine?.rules ?? []) write('rules', raw(0, JSON.stringify(p)));
structured('rules');
// Options: every case's option object as raw text, for each of the target's four calls (bits
// 1-2 of byte 0; the engine call takes the cases' engine objects), and structure-aware seeds.
for (const cases of Object.values(files)) {
  for (const c of cases) {
    if (c.options && typeof c.options === 'object') for (const call of [0, 1, 3]) write('options', raw(call << 1, JSON.stringify(c.options)));
    if (c.engine && typeof c.engine === 'object') write('options', raw(2 << 1, JSON.stringify({ ...c.engine, rules: undefined })));
  }
}
structured('options', 32);
write('merge', raw(0, '{}'));
structured('merge', 24);
console.log(`fuzz seeds written to ${out} (${n} conformance inputs)`);
