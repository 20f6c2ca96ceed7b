// wasm throughput under Node on the bundled dataset (`make bench`). Prints figures, asserts nothing.
//   wasm_records_per_s        records per second of engine.evaluate(text): JSON text in, report out
//   evaluate_over_json_parse  time of engine.evaluate(text) / time of JSON.parse(text), same process
//   wasm_gzip_bytes           the shipped .wasm, gzip -9
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Engine } from '../js/node.js';

const file = process.argv[2] ?? fileURLToPath(new URL('../examples/data/demo-export.json', import.meta.url));
const text = readFileSync(file, 'utf8');

function timePerRun(f, minMs = 2000) {
  f();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs || runs < 3) {
    f();
    runs++;
  }
  return (performance.now() - start) / runs;
}

const engine = new Engine();
const options = { to: '2026-11-30' };
let records = 0;
const evaluateMs = timePerRun(() => {
  records = engine.evaluate(text, options).records.in;
});
const parseMs = timePerRun(() => JSON.parse(text));
const wasm = readFileSync(new URL('../js/pkg-web/iso20000_bg.wasm', import.meta.url));

console.log(`wasm_records_per_s: ${Math.round(records / (evaluateMs / 1000))}`);
console.log(`evaluate_over_json_parse: ${(evaluateMs / parseMs).toFixed(2)}`);
console.log(`wasm_gzip_bytes: ${gzipSync(wasm, { level: 9 }).length}`);
console.log(`wasm_mb_per_s: ${(text.length / 1e6 / (evaluateMs / 1000)).toFixed(1)}`);
console.log(`json_parse_ms: ${parseMs.toFixed(1)}  evaluate_ms: ${evaluateMs.toFixed(1)}  records: ${records}  bytes: ${text.length}`);
engine.free();
