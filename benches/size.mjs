// Size of the shipped .wasm per section and per module (`make bench`). Prints figures, asserts nothing.
//
//   node benches/size.mjs [shipped.wasm] [named.wasm]
//
// shipped.wasm  the module the web build ships (js/pkg-web/iso20000_bg.wasm)
// named.wasm    the same module, optimised with the same wasm-opt flags but with its function
//               names kept (`make wasm` writes target/wasm-size/iso20000.named.wasm): the code
//               attribution reads it. Without it only the section figures are printed.
//
//   node benches/size.mjs --strip-names named.wasm out.wasm   (see below)
//   node benches/size.mjs --gzip-line NAME other.wasm
//       one line, wasm_size_gzip_bytes_NAME: N, for another build's module, gzipped as
//       wasm_size_gzip_bytes is (`make bench`: servicenow_only, the `make wasm-servicenow` module;
//       extension, the browser extension's module, `make wasm-extension-build`)
//
// Lines:
//   wasm_size_bytes / wasm_size_gzip_bytes     the whole shipped module, raw and gzip -9
//   wasm_size_code_bytes, wasm_size_data_bytes, wasm_size_other_bytes
//                                              its code section, data segments, everything else
//   wasm_size_{code,data}_gzip_bytes           each alone, gzip -9
//   wasm_size_module_<group>: raw R gz G fns N
//       code per group of functions (adapters each, serde, report, rules, catalogue, i18n,
//       std/alloc/fmt, sort …). raw: bytes of the function bodies. gz: what the gzip of the
//       whole module's code and data loses when that group's bodies are left out (what cutting
//       it would save, close enough to decide on; the groups' gz do not add up to the total,
//       because gzip shares text across groups).
//   wasm_size_serde_by_type_module_<module>: raw R fns N
//       the serde code above again, by the crate module whose type it (de)serialises, where the
//       function's name says so.
//   wasm_size_data_<what>: raw R gz G           compiled-in JSON files found verbatim in the data
//   wasm_size_top_fn: raw R <name>              the 25 largest functions
//   wasm_size_in_group: raw R <name>            with SIZE_GROUP=<group>: that group's 40 largest
//                                               (SIZE_TOP=N: its N largest)
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);

// `--strip-names named.wasm out.wasm` (used by `make wasm`): writes the module without its `name`
// section, every other byte as it is. A second wasm-opt run would strip names too, but it
// re-encodes the code (2 KB larger); cutting the section leaves exactly what wasm-opt writes
// without -g.
if (process.argv[2] === '--strip-names') {
  const [from, to] = process.argv.slice(3);
  const bytes = readFileSync(from);
  const kept = [bytes.subarray(0, 8)];
  for (const s of sections(bytes)) {
    if (!(s.id === 0 && s.name === 'name')) kept.push(bytes.subarray(s.headerStart, s.end));
  }
  writeFileSync(to, Buffer.concat(kept));
  process.exit(0);
}

if (process.argv[2] === '--gzip-line') {
  const [name, file] = process.argv.slice(3);
  console.log(`wasm_size_gzip_bytes_${name}: ${gzipSync(readFileSync(file), { level: 9 }).length}`);
  process.exit(0);
}

const shippedPath = process.argv[2] ?? fileURLToPath(new URL('js/pkg-web/iso20000_bg.wasm', root));
const namedPath = process.argv[3] ?? fileURLToPath(new URL('target/wasm-size/iso20000.named.wasm', root));

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

/** The sections of a wasm binary: `{id, name, start, end}` with start/end of the payload. */
function sections(bytes) {
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    const [size, n] = leb(bytes, at);
    at += n;
    let name = '';
    let start = at;
    if (id === 0) {
      const [len, m] = leb(bytes, at);
      name = new TextDecoder().decode(bytes.subarray(at + m, at + m + len));
      start = at + m + len;
    }
    out.push({ id, name, start, end: at + size, headerStart: at - n - 1 });
    at += size;
  }
  return out;
}

function leb(bytes, at) {
  let result = 0;
  let shift = 0;
  let n = 0;
  for (;;) {
    const b = bytes[at + n++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return [result, n];
  }
}

/** Function bodies of the code section: `{index, start, end}` (index in the function space). */
function bodies(bytes, secs) {
  const imports = importedFunctions(bytes, secs);
  const code = secs.find((s) => s.id === 10);
  if (!code) return [];
  let at = code.start;
  const [count, n] = leb(bytes, at);
  at += n;
  const out = [];
  for (let i = 0; i < count; i++) {
    const [size, m] = leb(bytes, at);
    out.push({ index: imports + i, start: at, end: at + m + size });
    at += m + size;
  }
  return out;
}

function importedFunctions(bytes, secs) {
  const imp = secs.find((s) => s.id === 2);
  if (!imp) return 0;
  let at = imp.start;
  const [count, n] = leb(bytes, at);
  at += n;
  let funcs = 0;
  const skipName = () => {
    const [len, k] = leb(bytes, at);
    at += k + len;
  };
  for (let i = 0; i < count; i++) {
    skipName();
    skipName();
    const kind = bytes[at++];
    if (kind === 0) {
      at += leb(bytes, at)[1];
      funcs++;
    } else if (kind === 1) {
      at += 1; // reftype
      at += limits(bytes, at);
    } else if (kind === 2) {
      at += limits(bytes, at);
    } else if (kind === 3) {
      at += 2; // valtype, mutability
    } else if (kind === 4) {
      at += 1;
      at += leb(bytes, at)[1];
    }
  }
  return funcs;
}

function limits(bytes, at) {
  const flag = bytes[at];
  let n = 1 + leb(bytes, at + 1)[1];
  if (flag & 1) n += leb(bytes, at + n)[1];
  return n;
}

/** Function names from the `name` custom section (subsection 1). */
function functionNames(bytes, secs) {
  const names = new Map();
  const sec = secs.find((s) => s.id === 0 && s.name === 'name');
  if (!sec) return names;
  let at = sec.start;
  while (at < sec.end) {
    const sub = bytes[at++];
    const [size, n] = leb(bytes, at);
    at += n;
    const end = at + size;
    if (sub === 1) {
      let p = at;
      const [count, k] = leb(bytes, p);
      p += k;
      for (let i = 0; i < count; i++) {
        const [idx, a] = leb(bytes, p);
        p += a;
        const [len, b] = leb(bytes, p);
        p += b;
        names.set(idx, demangle(new TextDecoder().decode(bytes.subarray(p, p + len))));
        p += len;
      }
    }
    at = end;
  }
  return names;
}

/** Rust's legacy symbol escapes, as rustc-demangle writes them (names arrive half demangled). */
function demangle(name) {
  let s = name;
  if (/^_ZN.*E$/.test(s)) {
    const parts = [];
    let i = 3;
    while (i < s.length - 1) {
      const m = /^\d+/.exec(s.slice(i));
      if (!m) break;
      const len = Number(m[0]);
      i += m[0].length;
      parts.push(s.slice(i, i + len));
      i += len;
    }
    s = parts.join('::');
  }
  return s
    .replace(/\$LT\$/g, '<').replace(/\$GT\$/g, '>').replace(/\$RF\$/g, '&').replace(/\$BP\$/g, '*')
    .replace(/\$LP\$/g, '(').replace(/\$RP\$/g, ')').replace(/\$C\$/g, ',').replace(/\$SP\$/g, '@')
    .replace(/\$u20\$/g, ' ').replace(/\$u27\$/g, "'").replace(/\$u5b\$/g, '[').replace(/\$u5d\$/g, ']')
    .replace(/\$u7b\$/g, '{').replace(/\$u7d\$/g, '}').replace(/\$u3b\$/g, ';').replace(/\$u2b\$/g, '+')
    .replace(/\$u22\$/g, '"').replace(/\.\./g, '::').replace(/^_</, '<')
    .replace(/\[[0-9a-f]{16}\]/g, ''); // v0 names of the precompiled std carry the crate's hash
}

const ADAPTERS = ['canonical', 'servicenow', 'jira', 'glpi', 'zammad', 'itop', 'znuny', 'freshservice'];

/** The crate module a name is about: the first `iso20000::…` path in it. */
function crateModule(name) {
  const m = /iso20000::([a-z_0-9]+)(?:::([a-z_0-9]+))?(?:::([a-z_0-9]+))?/.exec(name);
  if (!m) return null;
  const [, a, b, c] = m;
  if (a === 'record' && b === 'source') {
    if (ADAPTERS.includes(c)) return `adapter_${c}`;
    if (c === 'csv') return 'csv_reader';
    if (c === 'mapping') return 'mapping';
    return 'source_shared';
  }
  if (a === 'rules' && b === 'logic') return 'rules_logic';
  return a;
}

/** The group a function's code is counted in. The order matters: serde before the crate. */
function group(name) {
  if (name === undefined) return 'unnamed';
  // wasm-bindgen's export shims, with the exported function (src/wasm.rs, src/ffi.rs) inlined.
  if (/ shim$|^__wbg_|^__wbindgen/.test(name)) return 'wasm_exports';
  if (/serde_json::|serde_core::|serde::|serde_wasm_bindgen|Deserializ|Serializ|[Vv]isitor\b|DeserializeSeed|util::json::/.test(name)) return 'serde';
  if (/core::slice::sort|slice::sort::|sort::stable|sort::unstable|driftsort|quicksort|insertion_sort|merge_sort|heapsort/.test(name)) return 'sort';
  const own = crateModule(name);
  if (own) return own;
  if (/wasm_bindgen|js_sys|tsify|__externref/.test(name)) return 'wasm_bindgen_glue';
  if (/^<?csv(_core)?::/.test(name)) return 'csv_crate';
  if (/^<?memchr::/.test(name)) return 'memchr';
  if (/core::fmt|alloc::fmt|::fmt::|Display|Debug/.test(name)) return 'std_fmt';
  if (/dlmalloc|__rust_alloc|__rust_dealloc|__rust_realloc|alloc::raw_vec|__rdl_|^memcpy|^memset|^memmove|^memcmp/.test(name)) return 'std_alloc_mem';
  if (/hashbrown|HashMap|HashSet|btree|BTreeMap|BTreeSet/.test(name)) return 'std_collections';
  if (/core::num|float|dec2flt|flt2dec|ryu|itoa|zmij|compiler_builtins/.test(name)) return 'std_numbers';
  if (/^<?(core|alloc|std)::|^<&?(str|char|\[T\]|[iuf](8|16|32|64|128|size))( as [a-z]+::|>)|<T as (core|alloc)::/.test(name)) return 'std_other';
  if (/^__[a-z]+[0-9]$|^(round|floor|ceil|fmod|pow|exp|log)f?$/.test(name)) return 'std_numbers';
  const crate = /^<?([a-z_0-9]+)::/.exec(name);
  if (crate) return `crate_${crate[1]}`;
  // Without a path: an export wasm-bindgen kept under its JS name.
  return name.includes('::') ? 'other' : 'wasm_exports';
}

const shipped = readFileSync(shippedPath);
const secs = sections(shipped);
const size = (pred) => secs.filter(pred).reduce((n, s) => n + (s.end - s.headerStart), 0);
const codeBytes = size((s) => s.id === 10);
const dataBytes = size((s) => s.id === 11);
const slice = (pred) => Buffer.concat(secs.filter(pred).map((s) => shipped.subarray(s.start, s.end)));

console.log(`wasm_size_bytes: ${shipped.length}`);
console.log(`wasm_size_gzip_bytes: ${gz(shipped)}`);
console.log(`wasm_size_code_bytes: ${codeBytes}`);
console.log(`wasm_size_code_gzip_bytes: ${gz(slice((s) => s.id === 10))}`);
console.log(`wasm_size_data_bytes: ${dataBytes}`);
console.log(`wasm_size_data_gzip_bytes: ${gz(slice((s) => s.id === 11))}`);
console.log(`wasm_size_other_bytes: ${shipped.length - codeBytes - dataBytes}`);

// Compiled-in JSON text found verbatim in the data segments. The built-in pack is compiled in as
// build.rs writes it, without white space between tokens: what JSON.stringify gives of it (its
// strings hold no escapes that JSON.stringify writes differently; if one ever did, the line below
// says the pack was not found).
const data = slice((s) => s.id === 11);
const jsonFiles = [
  'src/rules/builtin-pack.json',
  'src/i18n/ja.json',
  'src/catalog/data/cases.json',
  'src/catalog/data/clauses-2018.json',
  'src/catalog/data/clauses-2011.json',
  'src/catalog/data/crosswalk-2011-2018.json',
  'src/catalog/data/itil4-2018.json',
  'src/catalog/data/processes.json',
];
let jsonTotal = 0;
for (const file of jsonFiles) {
  const path = new URL(file, root);
  if (!existsSync(path)) continue;
  const pack = file.endsWith('builtin-pack.json');
  const text = pack ? Buffer.from(JSON.stringify(JSON.parse(readFileSync(path, 'utf8')))) : readFileSync(path);
  if (data.indexOf(text) < 0) {
    if (pack) console.log('wasm_size_data_json_builtin_pack: not found verbatim in the data (see benches/size.mjs)');
    continue;
  }
  jsonTotal += text.length;
  console.log(`wasm_size_data_json_${file.replace(/^.*\//, '').replace(/\.json$/, '').replace(/-/g, '_')}: raw ${text.length} gz ${gz(text)}`);
}
console.log(`wasm_size_data_json_total_bytes: ${jsonTotal}`);

// Data compiled in as static tables (build.rs): the file's texts (keys too, for ja.json's
// templates) of 12 bytes or more that the data segments hold, raw and gzipped together. Short
// texts (ids, codes) are left out, as they also occur elsewhere.
const tableFiles = [
  ['catalog', ['src/catalog/data/clauses-2018.json', 'src/catalog/data/clauses-2011.json',
    'src/catalog/data/crosswalk-2011-2018.json', 'src/catalog/data/itil4-2018.json',
    'src/catalog/data/processes.json']],
  ['cases', ['src/catalog/data/cases.json']],
  ['ja_templates', ['src/i18n/ja.json']],
  ['builtin_pack_texts', ['src/rules/builtin-pack.json']],
];
const dataText = data.toString('latin1');
for (const [what, files] of tableFiles) {
  const texts = new Set();
  const walk = (v, withKeys) => {
    if (typeof v === 'string') texts.add(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, withKeys));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (withKeys) texts.add(k);
        walk(x, withKeys);
      }
    }
  };
  for (const file of files) {
    const path = new URL(file, root);
    if (existsSync(path)) walk(JSON.parse(readFileSync(path, 'utf8')), file.endsWith('ja.json'));
  }
  const found = [...texts]
    .map((t) => Buffer.from(t))
    .filter((b) => b.length >= 12 && dataText.includes(b.toString('latin1')));
  if (found.length === 0) continue;
  const raw = found.reduce((n, b) => n + b.length, 0);
  console.log(`wasm_size_data_texts_${what}: raw ${raw} gz ${gz(Buffer.concat(found))} (${found.length} texts)`);
}

if (!existsSync(namedPath)) {
  console.log(`wasm_size_modules: skipped (no ${namedPath}; run make wasm)`);
  process.exit(0);
}

const named = readFileSync(namedPath);
const nsecs = sections(named);
const names = functionNames(named, nsecs);
const fns = bodies(named, nsecs).map((b) => ({ ...b, name: names.get(b.index), bytes: b.end - b.start }));
for (const f of fns) f.group = group(f.name);
const namedCode = nsecs.find((s) => s.id === 10);
const namedData = Buffer.concat(nsecs.filter((s) => s.id === 11).map((s) => named.subarray(s.start, s.end)));
if (namedCode && Math.abs(namedCode.end - namedCode.headerStart - codeBytes) > codeBytes * 0.02) {
  console.log(`wasm_size_note: the named module's code (${namedCode.end - namedCode.headerStart} bytes) differs from the shipped one's by more than 2 %: is it stale?`);
}

// gz contribution: the module's code and data gzipped whole, and again without each group.
const everything = (skip) =>
  Buffer.concat([...fns.filter((f) => f.group !== skip).map((f) => named.subarray(f.start, f.end)), namedData]);
const wholeGz = gz(everything(null));
const groups = new Map();
for (const f of fns) {
  const g = groups.get(f.group) ?? { raw: 0, fns: 0 };
  g.raw += f.bytes;
  g.fns += 1;
  groups.set(f.group, g);
}
const sorted = [...groups.entries()].sort((a, b) => b[1].raw - a[1].raw);
const pad = Math.max(...sorted.map(([k]) => k.length));
console.log(`wasm_size_code_named_bytes: ${fns.reduce((n, f) => n + f.bytes, 0)}  (${fns.length} functions; gz of code+data ${wholeGz})`);
for (const [name, g] of sorted) {
  const loss = g.raw >= 2048 ? wholeGz - gz(everything(name)) : null;
  console.log(`wasm_size_module_${name.padEnd(pad)}: raw ${String(g.raw).padStart(7)} gz ${loss === null ? '      -' : String(loss).padStart(7)} fns ${g.fns}`);
}

// serde code by the module of the type it is for.
const serdeBy = new Map();
for (const f of fns.filter((f) => f.group === 'serde')) {
  const m = crateModule(f.name ?? '') ?? (/serde_json::/.test(f.name ?? '') ? 'serde_json_generic' : 'generic');
  const e = serdeBy.get(m) ?? { raw: 0, fns: 0 };
  e.raw += f.bytes;
  e.fns += 1;
  serdeBy.set(m, e);
}
for (const [m, e] of [...serdeBy.entries()].sort((a, b) => b[1].raw - a[1].raw)) {
  console.log(`wasm_size_serde_by_type_module_${m}: raw ${e.raw} fns ${e.fns}`);
}

// SIZE_GROUP=<group> lists that group's 40 largest functions (SIZE_TOP=N: N of them).
if (process.env.SIZE_GROUP) {
  const inGroup = fns.filter((f) => f.group === process.env.SIZE_GROUP).sort((a, b) => b.bytes - a.bytes);
  for (const f of inGroup.slice(0, Number(process.env.SIZE_TOP ?? 40))) console.log(`wasm_size_in_group: raw ${String(f.bytes).padStart(6)} ${f.name}`);
}
for (const f of [...fns].sort((a, b) => b.bytes - a.bytes).slice(0, 25)) {
  console.log(`wasm_size_top_fn: raw ${String(f.bytes).padStart(6)} ${f.group.padEnd(pad)} ${(f.name ?? `#${f.index}`).slice(0, 140)}`);
}
