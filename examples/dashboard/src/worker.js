// One dashboard worker: one Engine for its lifetime, one session per job. The page never holds
// the input's bytes and never parses a large report: the file goes from its Blob to the first
// worker, which cuts it and moves the pieces straight on to the other workers (MessagePorts,
// transferables); the workers give back what the page renders.
//
//   run      {blob, parts, ports, options}: the first worker. Reads the file
//            (Blob.arrayBuffer()), cuts it on element boundaries into at most `parts` byte pieces
//            (plan.js, the engine's scan), moves piece k to `ports[k - 1]` (another worker, see `piece`) with its
//            offset, count and place, tells the page the plan ({workers, total, sizes}), and
//            evaluates piece 0 itself. An input that does not split (CSV, other envelopes,
//            malformed JSON) is evaluated whole here; the other workers are told to skip.
//   piece    {port, options}: waits for a piece on `port` and evaluates it (or skips).
//   evaluate {blob, options, count}: the whole file in one piece (the page's fallbacks).
//   report   {options, partials}: merges the partials and finishes the report; answers with the
//            merged partial (for a later rebuild in another edition or language), the report as
//            compact JSON text (downloads, the findings CSV, the review page) and the report
//            without its bulky per-record lists (`findings`, `services`), which is what the page
//            renders; beside it the failing records as dictionary-encoded columns
//            (findings-data.js; their buffers are transferred) and per service only its name,
//            records and the clauses it has evidence for (scoping).
//   csv      {text}: the findings CSV of a report given as JSON text.
//   pretty   {text}: that text indented, for the report's download.
//
// An evaluation pushes its piece in one piece (record indexes made global with setOffset; syntax
// errors placed in the whole input with line/shift), reports progress as the engine goes, and
// answers with the mergeable partial result as JSON text (the page passes it on unparsed) and the
// related payloads it could not join (their record was in another piece).
import { init, Engine, findingsCsv } from 'iso20000';
import { encodeFindings } from './findings-data.js';
import { planPieces } from './plan.js';

let engine = null;

function plainError(err) {
  return {
    code: err?.code ?? 'E_WORKER',
    message: String(err?.message ?? err),
    line: err?.line,
    column: err?.column,
    path: err?.path,
  };
}

async function ready() {
  await init();
  engine ??= new Engine();
  return engine;
}

async function push(job, options, { bytes, count = null, offset = 0, line = 1, shift = 0 }) {
  const session = (await ready()).session(options);
  try {
    session.setOffset(offset);
    // Progress in records when the piece's element count is known, else as a share of the
    // engine's work units.
    const onProgress = (done, total) => {
      const share = total ? done / total : 0;
      self.postMessage({ job, type: 'progress', records: count ? Math.floor(count * share) : null, share });
    };
    const { in: records, unjoined } = session.pushChunk(bytes, { line, shift, onProgress });
    self.postMessage({ job, type: 'progress', records, share: 1 });
    return { partial: session.partialText(), records, unjoined };
  } finally {
    session.free();
  }
}

async function run({ job, blob, parts, ports, options }) {
  let bytes = new Uint8Array(await blob.arrayBuffer());
  await ready(); // the cut is the engine's scan
  const pieces = planPieces(bytes, parts);
  if (!pieces) {
    for (const port of ports) port.postMessage({ skip: true });
    self.postMessage({ job, type: 'plan', workers: 1, total: null, sizes: [bytes.length] });
    return push(job, options, { bytes });
  }
  bytes = null; // the pieces hold copies: half the memory while the first piece is evaluated
  let offset = 0;
  const placed = pieces.map((p) => {
    const at = offset;
    offset += p.count;
    return { ...p, offset: at };
  });
  placed.slice(1).forEach((p, k) => ports[k].postMessage(p, [p.bytes.buffer]));
  for (const port of ports.slice(placed.length - 1)) port.postMessage({ skip: true });
  self.postMessage({ job, type: 'plan', workers: placed.length, total: offset, sizes: placed.map((p) => p.bytes.length) });
  return push(job, options, placed[0]);
}

async function piece({ job, port, options }) {
  const data = await new Promise((resolve) => {
    port.onmessage = ({ data }) => resolve(data);
  });
  port.close();
  return data.skip ? { skipped: true } : push(job, options, data);
}

async function evaluate({ job, blob, options, count }) {
  return push(job, options, { bytes: new Uint8Array(await blob.arrayBuffer()), count });
}

async function report({ options, partials }) {
  const session = (await ready()).session(options);
  let text;
  let partial;
  try {
    for (const p of partials) session.merge(p);
    partial = partials.length === 1 ? partials[0] : session.partialText();
    // Compact, as the engine writes it: the download is indented when it is asked for (`pretty`).
    text = session.finishText();
  } finally {
    session.free();
  }
  const full = JSON.parse(text);
  const { findings, services, ...view } = full;
  view.findingsCount = findings?.length ?? 0;
  view.servicesCount = services?.length ?? 0;
  const { encoded, transfer } = encodeFindings(findings);
  const scopes = (services ?? []).map((s) => ({
    name: s.name, records: s.records,
    clauses: s.clauses.filter((c) => Object.values(c.phases).some((cell) => cell.rating !== 'none')).map((c) => c.id),
  }));
  return { partial, text, view, table: findings ? encoded : null, services: scopes, transfer };
}

function csv({ text }) {
  return { csv: findingsCsv(JSON.parse(text), { bom: true }) };
}

/** The report's JSON text indented for a person to read (the download). */
function pretty({ text }) {
  return { text: `${JSON.stringify(JSON.parse(text), null, 2)}\n` };
}

const handlers = { run, piece, evaluate, report, csv, pretty };

self.onmessage = async ({ data }) => {
  const { job, type } = data;
  try {
    // A handler's `transfer` lists buffers to move rather than copy.
    const { transfer = [], ...answer } = await handlers[type](data);
    self.postMessage({ job, type: 'done', ...answer }, transfer);
  } catch (err) {
    self.postMessage({ job, type: 'error', error: plainError(err) });
  }
};
