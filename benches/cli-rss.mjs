// Memory of the streaming CLI and of the engine under many calls (`make bench`). Prints figures,
// asserts nothing.
//   cli_peak_rss_bytes_1gb   peak RSS (/usr/bin/time -v) of `node js/cli.js evaluate` on a ~1 GB
//                            export generated from the demo into a temporary directory (deleted
//                            after): 500,000 elements in three parts (the generator makes at most
//                            200,000), each its own seed and year, their ticket numbers made
//                            distinct per part so that SLA rows join as in one export
//   cli_seconds_1gb          its wall-clock time
//   wasm_memory_after_1m_checks_bytes  WebAssembly memory after 1,000,000 check() calls on a
//                            ServiceNow form record (flat memory: nothing kept per call)
//   BENCH_CLI_BYTES=N        another size than 1 GB (the name keeps its suffix)
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

async function generate(out, target) {
  // Parts of 200,000, 200,000 and 100,000 elements (about 2 KB each).
  const perElement = 2040;
  let left = Math.max(500, Math.round(target / perElement));
  const parts = [];
  for (let k = 0; left > 0; k++) {
    const records = Math.max(500, Math.min(200000, left));
    left -= records;
    parts.push({ records, seed: 20000 + k, from: `${2025 - k}-12-01` });
  }
  const sink = createWriteStream(out);
  const write = (s) => (sink.write(s) ? Promise.resolve() : new Promise((r) => sink.once('drain', r)));
  await write('[\n');
  let first = true;
  for (const [k, p] of parts.entries()) {
    const part = join(out, `..`, `part-${k}.json`);
    execFileSync(process.execPath, [join(root, 'examples/generate-demo-data.mjs'), '--records', String(p.records),
      '--seed', String(p.seed), '--from', p.from, '--out', part], { stdio: 'ignore' });
    // One element per line: the part's ticket numbers get the part's digit (INC0010001 →
    // INC1010001), so that a number means one record across the parts.
    const lines = createInterface({ input: createReadStream(part), crlfDelay: Infinity });
    for await (const raw of lines) {
      const line = raw.trim();
      if (line === '[' || line === ']' || line === '') continue;
      const element = (line.endsWith(',') ? line.slice(0, -1) : line).replace(/"(INC|RITM|CHG|PRB|REQ|RLSE)0/g, `"$1${k}`);
      await write(`${first ? '' : ',\n'}${element}`);
      first = false;
    }
    rmSync(part);
  }
  await write('\n]\n');
  await new Promise((r) => sink.end(r));
}

function peakRss(file) {
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, join(root, 'js/cli.js'), 'evaluate', file, '--format', 'json'],
    { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  const err = run.stderr.toString();
  const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(err);
  if (!kb) return { bytes: `n/a (no /usr/bin/time figures: apt-get install time) ${err.slice(-300)}`, seconds: NaN, status: run.status };
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : NaN;
  return { bytes: Number(kb[1]) * 1024, seconds, status: run.status };
}

async function checksMemory() {
  // The glue keeps its instance to itself: its memory is caught as the module is instantiated.
  let memory;
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function (module, imports) {
    const instance = new Instance(module, imports);
    memory ??= instance.exports.memory;
    return instance;
  };
  const { Engine } = await import('../js/node.js');
  WebAssembly.Instance = Instance;
  const engine = new Engine();
  const record = {
    sys_id: { value: '9d385017c611228701d22104cc95c371', display_value: '9d385017c611228701d22104cc95c371' },
    number: { value: 'INC0010001', display_value: 'INC0010001' },
    sys_class_name: { value: 'incident', display_value: 'Incident' },
    state: { value: '2', display_value: 'In Progress' },
    impact: { value: '2', display_value: '2 - Medium' },
    urgency: { value: '2', display_value: '2 - Medium' },
    priority: { value: '3', display_value: '3 - Moderate' },
    category: { value: 'software', display_value: 'Software' },
    short_description: { value: 'Mail client crashes on start', display_value: 'Mail client crashes on start' },
    assignment_group: { value: '8a4dde73c6112278017a6a4baf547aa7', display_value: 'Service Desk' },
    opened_at: { value: '2026-03-01 09:30:00', display_value: '2026-03-01 09:30:00' },
  };
  const text = JSON.stringify(record);
  for (let i = 0; i < 1000000; i++) engine.check(text);
  engine.free();
  return memory?.buffer.byteLength;
}

const target = Number(process.env.BENCH_CLI_BYTES ?? 1e9);
const dir = mkdtempSync(join(tmpdir(), 'iso20000-rss-'));
try {
  const file = join(dir, 'export.json');
  await generate(file, target);
  const size = statSync(file).size;
  const { bytes, seconds, status } = peakRss(file);
  if (typeof bytes !== 'number') console.log(`cli_peak_rss_bytes_1gb: ${bytes}`);
  else console.log(`cli_peak_rss_bytes_1gb: ${bytes}  (${(bytes / 2 ** 20).toFixed(0)} MiB for ${(size / 1e9).toFixed(2)} GB; exit ${status})`);
  console.log(`cli_seconds_1gb: ${seconds.toFixed(1)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`wasm_memory_after_1m_checks_bytes: ${await checksMemory()}`);
