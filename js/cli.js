#!/usr/bin/env node
// iso20000 command line: evaluate an export, show the catalogue, the crosswalk or the teaching cases.
// Exit codes: 0 ok, 1 findings at or above --fail-on (or a check stopped by its limit), 2 bad input,
// an unusable input (more than --max-rejected % of the records rejected) or usage.

import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine, catalog, findingsCsv, proposeMapping, reviewHtml, toOscal } from './node.js';
import { renderReport, safe, width } from './table.js';
import { CHUNK_BYTES, forEachChunk, replayChunks } from './stream.js';
import { binaryKind } from './chunks.js';

const USAGE = `usage:
  iso20000 evaluate FILE|- [--source auto|servicenow|jira|glpi|zammad|itop|znuny|freshservice|canonical]
                           [--edition 2018|2011] [--lang en|ja]
                           [--format table|json|csv|oscal|review] [--from DATE] [--to DATE] [--as-of DATE]
                           [--time-zone ZONE] [--table NAME] [--rules PACK.json]... [--fail-on SEVERITY]
                           [--max-rejected PERCENT] [--context CONTEXT.json] [--mapping MAPPING.json]
                           [--seed SEED] [--history HISTORY.json]
  iso20000 map FILE [--context CONTEXT.json] [--lang en|ja] [--format table|json]
  iso20000 catalog [--edition 2018|2011] [--lang en|ja] [--format table|json]
  iso20000 crosswalk CLAUSE [--from 2011|2018] [--lang en|ja] [--format table|json]
  iso20000 cases [CHECK|CASE] [--lang en|ja] [--format table|json]
severities for --fail-on: major_nonconformity, minor_nonconformity, observation, opportunity_for_improvement
--format csv writes the findings: one row per failing record and check.
--format oscal writes an OSCAL assessment-results document (JSON); --format review a printable
  management-review report (HTML). Both sample failing records per clause with --seed (default:
  the as-of date); --history: earlier runs' snapshots (a JSON array) for the review's trend.
--max-rejected: the share of records that may be rejected before the input counts as unusable (default 10).
--context: the instance context (time zone, custom fields, codes, csv format, mapping) as a JSON file.
--mapping: how a CSV of a tool without an adapter becomes records (context.mapping), as a JSON file;
  \`map FILE\` proposes one: the mapping on stdout (all of the proposal with --format json), and on
  stderr each column's target with its confidence and the unmapped columns.
exit codes: 0 ok, 1 findings at or above --fail-on (or a check stopped by its limit), 2 bad input, an
unusable input (more than --max-rejected rejected) or usage`;

const SEVERITIES = ['major_nonconformity', 'minor_nonconformity', 'observation', 'opportunity_for_improvement'];
// Inputs above this size show a progress bar on stderr.
const PROGRESS_BYTES = 2 << 20;

// The command's own texts in both languages; the engine's errors come in --lang already.
const TEXT = {
  en: {
    cannotRead: (file, why) => `cannot read ${file}: ${why}`,
    notJson: (file, why) => `${file} is not JSON: ${why}`,
    stdin: 'standard input',
    notText: (file, what) => `${file} is not JSON or CSV text: it looks like ${what}. Export the data as JSON or CSV (UTF-8) and evaluate that file.`,
    kinds: {
      png: 'a PNG image', jpeg: 'a JPEG image', gif: 'a GIF image', webp: 'a WebP image', pdf: 'a PDF document',
      zip: 'a ZIP archive (an Excel or Word file is one)', gzip: 'a gzip archive', ole: 'an old Office file (.xls, .doc)',
      utf16: 'UTF-16 text', binary: 'binary data',
    },
    at: (line, column) => ` (line ${line}, column ${column})`,
    evaluating: 'evaluating',
    // The progress line's last word: a rejected record was read, not evaluated.
    evaluated: (r) => (r.rejected ? `read ${r.in} records: ${r.evaluated} evaluated, ${r.rejected} rejected` : `evaluated ${r.in} records`),
    needsFile: 'evaluate needs a FILE (or - for stdin)',
    badSeverity: (s) => `unknown severity for --fail-on: ${s}`,
    needsClause: 'crosswalk needs a CLAUSE',
    badFormat: (f, list) => `unknown --format ${f}; expected ${list}`,
    badCommand: (c) => `unknown command ${c}`,
    noCase: (id) => `no teaching case explains or is called ${id}`,
    badMaxRejected: (v) => `--max-rejected takes a percentage 0-100, not ${v}`,
    unusable: (r, max) => `${r.rejected} of ${r.in} records rejected, more than ${max} %: the input is unusable (exit 2)`,
    quality: 'data quality',
    releasedEarly: (h) => `${h.releasedEarly} records were evaluated before all their related rows were read (more than ${Math.round(h.peakHeldBytes / 1048576)} MB held): their late rows are counted as unjoined`,
    dataSpan: (q) => `data span: ${q.dataSpan.first ?? '…'} → ${q.dataSpan.last ?? '…'}${q.asOfFromData ? ' (as of its latest time)' : ''}`,
    reason: (r) => `  ${r.count} × ${r.message}${r.fix ? `\n      fix: ${r.fix}` : ''}`,
    caseHeads: { happened: 'What happened', why: 'Why it matters', good: 'What good looks like', checks: 'Checks', clauses: 'Clauses' },
    needsCsv: 'map needs a FILE (a CSV export, or - for stdin)',
    notObject: (file) => `${file} must hold a JSON object`,
    notArray: (file) => `${file} must hold a JSON array (earlier runs' snapshots)`,
    inFile: (file, path) => `${file}: ${path}`,
    proposal: (p) => `proposed mapping (${p.form === 'eventLog' ? 'event log' : 'one row per record'}${p.convention ? `, ${p.convention} conventions` : ''}; delimiter ${p.delimiter === '\t' ? 'tab' : p.delimiter}):`,
    unmapped: (list) => `unmapped: ${list.length ? list.join(', ') : '(none)'}`,
    inferred: 'inferred:',
    saveHint: 'save stdout as mapping.json, correct it, then: iso20000 evaluate FILE --mapping mapping.json',
  },
  ja: {
    cannotRead: (file, why) => `${file} を読めません: ${why}`,
    notJson: (file, why) => `${file} は JSON ではありません: ${why}`,
    stdin: '標準入力',
    notText: (file, what) => `${file} は JSON や CSV のテキストではなく、${what}のようです。データを JSON または CSV（UTF-8）でエクスポートし、そのファイルを評価してください。`,
    kinds: {
      png: 'PNG 画像', jpeg: 'JPEG 画像', gif: 'GIF 画像', webp: 'WebP 画像', pdf: 'PDF 文書',
      zip: 'ZIP アーカイブ（Excel や Word のファイルもこれです）', gzip: 'gzip アーカイブ', ole: '旧形式の Office ファイル（.xls、.doc）',
      utf16: 'UTF-16 のテキスト', binary: 'バイナリデータ',
    },
    at: (line, column) => `（${line} 行 ${column} 列）`,
    evaluating: '評価中',
    evaluated: (r) => (r.rejected ? `${r.in} 件のレコードを読み込みました（評価 ${r.evaluated} 件、除外 ${r.rejected} 件）` : `${r.in} 件のレコードを評価しました`),
    needsFile: 'evaluate には FILE（標準入力なら -）が必要です',
    badSeverity: (s) => `--fail-on の重大度 ${s} は不明です`,
    needsClause: 'crosswalk には CLAUSE（箇条番号）が必要です',
    badFormat: (f, list) => `--format ${f} は使えません。${list} のいずれかを指定してください`,
    badCommand: (c) => `コマンド ${c} は不明です`,
    noCase: (id) => `${id} を説明する事例、または ${id} という事例はありません`,
    badMaxRejected: (v) => `--max-rejected には 0〜100 の割合を指定してください（${v} は不可）`,
    unusable: (r, max) => `${r.in} 件中 ${r.rejected} 件が却下され、${max} % を超えました。入力は使用できません（終了コード 2）`,
    quality: 'データ品質',
    releasedEarly: (h) => `${h.releasedEarly} 件のレコードは関連行を読み終える前に評価しました（保持が ${Math.round(h.peakHeldBytes / 1048576)} MB を超えたため）。後から来た関連行は未結合として数えています`,
    dataSpan: (q) => `データの期間: ${q.dataSpan.first ?? '…'} → ${q.dataSpan.last ?? '…'}${q.asOfFromData ? '（基準日はデータの最新日時）' : ''}`,
    reason: (r) => `  ${r.count} × ${r.message}${r.fix ? `\n      対処: ${r.fix}` : ''}`,
    caseHeads: { happened: '何が起きたか', why: 'なぜ重要か', good: 'あるべき姿', checks: 'チェック', clauses: '箇条' },
    needsCsv: 'map には FILE（CSV エクスポート、標準入力なら -）が必要です',
    notObject: (file) => `${file} には JSON オブジェクトを書いてください`,
    notArray: (file) => `${file} には JSON 配列（以前の実行のスナップショット）を書いてください`,
    inFile: (file, path) => `${file}: ${path}`,
    proposal: (p) => `対応付けの案（${p.form === 'eventLog' ? 'イベントログ' : '1 行 1 レコード'}${p.convention ? `、${p.convention} の列名` : ''}、区切り文字 ${p.delimiter === '\t' ? 'タブ' : p.delimiter}）:`,
    unmapped: (list) => `対応付けなし: ${list.length ? list.join(', ') : '（なし）'}`,
    inferred: '推定:',
    saveHint: '標準出力を mapping.json に保存して直し、iso20000 evaluate FILE --mapping mapping.json で評価してください',
  },
};
// Known before the arguments parse, so that even a usage error speaks the asked language.
const argv = process.argv.slice(2);
const langArg = argv.find((a, i) => a.startsWith('--lang=') || argv[i - 1] === '--lang');
const t = TEXT[langArg?.replace(/^--lang=/, '')] ?? TEXT.en;

function fail(message, code = 2) {
  process.stderr.write(`iso20000: ${message}\n`);
  process.exit(code);
}

function describe(err) {
  // The engine's syntax messages name line and column themselves.
  const named = ['E_JSON_SYNTAX', 'E_CSV_SYNTAX', 'E_ENCODING'].includes(err.code);
  const where = err.line && !named ? t.at(err.line, err.column) : err.path ? ` (${err.path})` : '';
  const details = Array.isArray(err.details) ? err.details.map((d) => `\n  ${d.path}: ${d.message}`).join('') : '';
  return `${err.code ?? 'error'}: ${err.message}${where}${details}`;
}

function readInput(file) {
  try {
    return readFileSync(file === '-' ? 0 : file);
  } catch (e) {
    fail(t.cannotRead(file, e.message));
  }
}

function readJson(file) {
  const bytes = readInput(file);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    fail(t.notJson(file, e.message));
  }
}

let lastDecile = -1;
function progress(pct) {
  // A log (not a terminal) gets a line per 10 %.
  if (!process.stderr.isTTY) {
    if (Math.floor(pct / 10) === lastDecile) return;
    lastDecile = Math.floor(pct / 10);
  }
  const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25, '.');
  const line = `${t.evaluating} [${bar}] ${String(pct).padStart(3)} %`;
  process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
}

/**
 * Evaluates a file as bytes, never as one JavaScript string. Up to one chunk it is one piece.
 * Larger files are read in chunks cut on element boundaries (js/stream.js), twice: the first
 * pass tells the session which records have related pieces (SLA rows, approvals, links …), the
 * second pushes the chunks, the session holding those records back until their pieces are in, so
 * everything is joined as in one piece while memory stays bounded by the chunk, the held records
 * and the report. Inputs that cannot be cut (CSV, other envelopes) and stdin are one piece of
 * bytes. The progress bar counts bytes read (both passes).
 */
/** Standard input: `{bytes}` when it fits one chunk, else `{path, dir}` of a temporary copy. */
function spoolStdin() {
  const buffer = Buffer.allocUnsafe(1 << 20);
  const first = [];
  let size = 0;
  let fd = null;
  let dir;
  let path;
  try {
    for (;;) {
      let n;
      try {
        n = readSync(0, buffer, 0, buffer.length, null);
      } catch (e) {
        if (e.code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
          continue;
        }
        if (e.code === 'EOF') break;
        throw e;
      }
      if (n === 0) break;
      if (fd === null && size + n <= CHUNK_BYTES) {
        first.push(Buffer.from(buffer.subarray(0, n)));
        size += n;
        continue;
      }
      if (fd === null) {
        dir = mkdtempSync(join(tmpdir(), 'iso20000-stdin-'));
        path = join(dir, 'stdin.json');
        fd = openSync(path, 'w');
        for (const b of first) writeSync(fd, b);
        first.length = 0;
      }
      writeSync(fd, buffer, 0, n);
      size += n;
    }
  } catch (e) {
    if (dir) rmSync(dir, { recursive: true, force: true });
    fail(t.cannotRead('-', e.message));
  } finally {
    if (fd !== null) closeSync(fd);
  }
  return fd === null ? { bytes: Buffer.concat(first) } : { path, dir };
}

/**
 * Evaluates a file (or `-`) as bytes. Returns {report, shown?, held?}; an engine error thrown
 * carries `head`, the input's first bytes (to tell a file that is no text at all).
 */
function evaluateInput(engine, file, options) {
  let head;
  try {
    return evaluateBytes(engine, file, options, (bytes) => (head ??= Buffer.from(bytes.subarray(0, 1024))));
  } catch (e) {
    if (e && typeof e === 'object') e.head ??= head;
    throw e;
  }
}

function evaluateBytes(engine, file, options, sawHead) {
  let shown = -1;
  const bar = (pct) => {
    if (pct !== shown) progress((shown = pct));
  };
  const whole = (bytes) => {
    sawHead(bytes);
    if (bytes.length <= PROGRESS_BYTES) return { report: engine.evaluate(bytes, options) };
    const session = engine.session(options);
    try {
      session.pushChunk(bytes, { onProgress: (done, total) => bar(Math.floor((100 * done) / total)) });
      return { report: session.finish(), shown: true };
    } finally {
      session.free();
    }
  };
  if (file === '-') {
    // A pipe cannot be read twice: over one chunk it is spooled to a temporary file first (its
    // memory stays bounded; the disk holds a copy while it is evaluated).
    const spooled = spoolStdin();
    if (spooled.bytes) return whole(spooled.bytes);
    try {
      return evaluateBytes(engine, spooled.path, options, sawHead);
    } finally {
      rmSync(spooled.dir, { recursive: true, force: true });
    }
  }
  let fd;
  let size;
  try {
    fd = openSync(file, 'r');
    size = fstatSync(fd).size;
  } catch (e) {
    fail(t.cannotRead(file, e.message));
  }
  try {
    if (size <= CHUNK_BYTES) return whole(readFileSync(fd));
    const session = engine.session(options);
    try {
      const at = (c, pass) => bar(Math.floor((100 * (pass * size + Math.min(c.last ? size : c.read, size))) / (2 * size)));
      // The second pass reads the chunks the first one cut, without scanning the file again.
      const cuts = [];
      const cut = forEachChunk(fd, (c) => {
        sawHead(c.bytes);
        session.scanChunk(c.bytes, c);
        at(c, 0);
      }, { cuts });
      if (!cut) {
        session.free();
        return whole(readFileSync(file));
      }
      replayChunks(fd, cuts, (c) => {
        session.pushChunk(c.bytes, c);
        at(c, 1);
      });
      const held = session.flushHeld();
      return { report: session.finish(), shown: true, held };
    } finally {
      session.free();
    }
  } finally {
    closeSync(fd);
  }
}

function evaluate(args, values) {
  const file = args[0];
  if (!file) fail(`${t.needsFile}\n${USAGE}`);
  if (values['fail-on'] && !SEVERITIES.includes(values['fail-on'])) fail(t.badSeverity(values['fail-on']));
  const max = values['max-rejected'];
  if (max !== undefined && !(Number(max) >= 0 && Number(max) <= 100)) fail(t.badMaxRejected(max));
  const rules = (values.rules ?? []).map(readJson);
  const history = values.history ? readJson(values.history) : undefined;
  if (history !== undefined && !Array.isArray(history)) fail(t.notArray(values.history));
  const engineOptions = { lang: values.lang, edition: values.edition, timeZone: values['time-zone'], rules };
  const { context, where } = contextOf(values);
  const options = {
    source: values.source, from: values.from, to: values.to, asOf: values['as-of'], table: values.table,
    findings: ['csv', 'oscal', 'review'].includes(values.format), context,
  };
  let engine;
  try {
    engine = new Engine(engineOptions);
  } catch (e) {
    fail(describe(e));
  }
  let report;
  try {
    const run = evaluateInput(engine, file, options);
    report = run.report;
    if (run.shown) {
      if (process.stderr.isTTY) process.stderr.write('\n');
      process.stderr.write(`${t.evaluated(report.records)}\n`);
    }
    if (run.held?.releasedEarly) process.stderr.write(`${t.releasedEarly(run.held)}\n`);
  } catch (e) {
    fail(describeInput(e, file, where));
  }
  // Data quality first, on stderr whatever the format: alerts, then what was rejected and why.
  const q = report.quality;
  const lines = q.alerts.map((a) => `${a.level === 'red' ? '✖' : '⚠'} ${safe(a.message)}`);
  if (q.rejected.length) lines.push(...q.rejected.slice(0, 5).map((r) => t.reason({ ...r, message: safe(r.message), fix: r.fix && safe(r.fix) })));
  if (lines.length || q.asOfFromData) {
    process.stderr.write(`${t.quality}:\n${lines.map((l) => `  ${l}`).join('\n')}${lines.length ? '\n' : ''}  ${t.dataSpan(q)}\n`);
  }
  if (values.format === 'json') process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else if (values.format === 'csv') process.stdout.write(findingsCsv(report));
  else if (values.format === 'oscal') process.stdout.write(JSON.stringify(toOscal(report, { name: exportName(file), seed: values.seed }), null, 2) + '\n');
  else if (values.format === 'review') process.stdout.write(reviewHtml(report, { name: exportName(file), seed: values.seed, history }));
  else process.stdout.write(renderReport(report, { colour: process.stdout.isTTY, columns: process.stdout.columns ?? 110 }));
  engine.free();
  // The exit code is set, not forced: process.exit() here could cut a large report still
  // draining into a pipe.
  const maxRejected = Number(values['max-rejected'] ?? 10);
  if (report.records.in > 0 && (100 * report.records.rejected) / report.records.in > maxRejected) {
    process.stderr.write(`iso20000: ${t.unusable(report.records, maxRejected)}\n`);
    process.exitCode = 2;
    return;
  }
  if (values['fail-on']) {
    const limit = SEVERITIES.indexOf(values['fail-on']);
    // Clause-level findings, after escalation of systemic failures (missed targets are
    // performance figures, not findings); and a check stopped by its limit judged nothing, so a
    // gate must not pass over it.
    const hit = report.clauseFindings.some((f) => SEVERITIES.indexOf(f.severity) <= limit);
    if (hit || report.checks.some((c) => c.limited > 0)) process.exitCode = 1;
  }
}

/**
 * The instance context of --context and --mapping (a mapping file is the context's `mapping`),
 * and how to name a path of the engine's errors in those files.
 */
function contextOf(values) {
  const read = (file) => {
    const value = readJson(file);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(t.notObject(file));
    return value;
  };
  const context = values.context ? read(values.context) : undefined;
  const mapping = values.mapping ? read(values.mapping) : undefined;
  if (!context && !mapping) return {};
  // An error at $.context.mapping.x is at $.x of the mapping file, $.context.x at $.x of --context.
  const where = (path) => {
    const m = /^\$\.context(\.mapping)?(.*)$/.exec(path ?? '');
    if (!m) return undefined;
    if (m[1] && values.mapping) return t.inFile(values.mapping, `$${m[2]}`);
    if (values.context) return t.inFile(values.context, `$${m[1] ?? ''}${m[2]}`);
    return undefined;
  };
  return { context: mapping ? { ...context, mapping } : context, where };
}

/**
 * An engine error while evaluating FILE: named with the file (errors of --context and --mapping
 * name theirs), and said plainly first when the file is no text at all (a PNG dropped on the
 * command by mistake is not "malformed JSON at line 1 column 1").
 */
function describeInput(err, file, where) {
  if (where?.(err.path)) return describeIn(err, where);
  const name = file === '-' ? t.stdin : file;
  const kind = err.head && binaryKind(err.head);
  return `${kind ? `${t.notText(name, t.kinds[kind])}\niso20000: ` : ''}${name}: ${describe(err)}`;
}

/** An engine error about --context or --mapping, naming the file and the path inside it. */
function describeIn(err, where) {
  const inFile = where?.(err.path);
  return inFile ? `${describe(err)} — ${inFile}` : describe(err);
}

function showMapping(args, values) {
  const file = args[0];
  if (!file) fail(`${t.needsCsv}\n${USAGE}`);
  const { context, where } = contextOf(values);
  const bytes = readInput(file);
  let proposal;
  try {
    proposal = proposeMapping(bytes, { context, lang: values.lang });
  } catch (e) {
    fail(describeIn(e, where));
  }
  if (values.format === 'json') {
    process.stdout.write(JSON.stringify(proposal, null, 2) + '\n');
  } else {
    process.stdout.write(JSON.stringify(proposal.mapping, null, 2) + '\n');
  }
  const cols = Math.max(...proposal.columns.map((c) => width(c.column)), 6);
  const lines = [t.proposal(proposal)];
  for (const c of proposal.columns) {
    const target = c.target ?? '—';
    const sure = c.target ? `${String(Math.round(c.confidence * 100)).padStart(3)} %` : '     ';
    lines.push(`  ${pad(c.column, cols)}  → ${pad(target, 28)} ${sure}  ${c.samples.join(' | ')}`);
  }
  lines.push(t.unmapped(proposal.unmapped));
  if (proposal.inferred.length) lines.push(t.inferred, ...proposal.inferred.map((n) => `  ${n}`));
  lines.push(t.saveHint);
  process.stderr.write(lines.join('\n') + '\n');
}

/** The export's name in the OSCAL title and the review's header: the file's name, or "standard input". */
function exportName(file) {
  return file === '-' ? t.stdin : basename(file);
}

function pad(s, w) {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}

function showCatalog(values) {
  const lang = values.lang ?? 'en';
  let data;
  try {
    data = catalog.clauses({ edition: values.edition ?? '2018', lang });
  } catch (e) {
    fail(describe(e));
  }
  if (values.format === 'json') return process.stdout.write(JSON.stringify(data, null, 2) + '\n');
  const out = [`${data.standard} = ${data.national}`, ''];
  for (const c of data.clauses) {
    const flags = [c.newIn2018 ? 'new' : '', c.amendment ? 'Amd 1:2024' : '', c.confidence === 'recalled' ? '?' : '']
      .filter(Boolean)
      .join(' ');
    out.push(`${pad('  '.repeat(c.depth - 1) + c.id, 14)} ${pad(c.phase ?? '-', 6)} ${pad(c.title[lang], 56)} ${flags}`);
  }
  out.push('', data.notice[lang]);
  process.stdout.write(out.join('\n') + '\n');
}

function showCrosswalk(args, values) {
  const clause = args[0];
  if (!clause) fail(`${t.needsClause}\n${USAGE}`);
  const lang = values.lang ?? 'en';
  let hits;
  try {
    hits = catalog.crosswalk({ from: values.from ?? '2011', clause, lang });
  } catch (e) {
    fail(describe(e));
  }
  if (values.format === 'json') return process.stdout.write(JSON.stringify(hits, null, 2) + '\n');
  for (const h of hits) {
    process.stdout.write(`${h.fromEdition} ${h.from} —${h.relation}→ ${h.toEdition} ${pad(h.to, 8)} ${pad(h.toTitle[lang], 48)} ${h.note[lang]}\n`);
  }
}

/** Lines of at most `cols` display columns (words kept whole, Japanese broken anywhere). */
function wrap(text, cols) {
  const lines = [];
  let line = '';
  for (const piece of text.match(/[\x21-\x7e]+\s*|\s+|./gu) ?? []) {
    // Closing punctuation stays on its line (no line starts with 。 or 、).
    if (line && width((line + piece).trimEnd()) > cols && !/^[。、，．）」』]/u.test(piece)) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else {
      line += piece;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

function showCases(args, values) {
  const lang = values.lang ?? 'en';
  let cases;
  let processes;
  try {
    cases = catalog.cases({ lang });
    processes = new Map(catalog.processes().map((p) => [p.id, p.name[lang] ?? p.name.en]));
  } catch (e) {
    fail(describe(e));
  }
  const wanted = args[0];
  if (wanted) {
    cases = cases.filter((c) => c.id === wanted || c.checks.includes(wanted));
    if (!cases.length) fail(t.noCase(wanted));
  }
  if (values.format === 'json') return process.stdout.write(JSON.stringify(cases, null, 2) + '\n');
  const h = t.caseHeads;
  const cols = Math.max(40, Math.min(process.stdout.columns || 100, 100) - 4);
  const out = [];
  for (const c of cases) {
    out.push(`${c.id}  ${c.title}`);
    out.push(`  ${c.organisation}`);
    out.push(`  ${processes.get(c.process) ?? c.process} + ${processes.get(c.pairedProcess) ?? c.pairedProcess}`);
    out.push(`  ${h.clauses}: ${c.clauses2018.join(', ')}   ${h.checks}: ${c.checks.join(', ')}`);
    if (wanted) {
      for (const key of ['happened', 'why', 'good']) {
        out.push('', `  ${h[key]}`, ...wrap(c[key], cols).map((l) => `    ${l}`));
      }
    }
    out.push('');
  }
  process.stdout.write(out.join('\n'));
}

function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        source: { type: 'string' }, edition: { type: 'string' }, lang: { type: 'string' },
        format: { type: 'string', default: 'table' }, from: { type: 'string' }, to: { type: 'string' },
        'as-of': { type: 'string' }, 'time-zone': { type: 'string' }, table: { type: 'string' },
        rules: { type: 'string', multiple: true }, 'fail-on': { type: 'string' }, 'max-rejected': { type: 'string' }, help: { type: 'boolean', short: 'h' },
        context: { type: 'string' }, mapping: { type: 'string' }, seed: { type: 'string' }, history: { type: 'string' },
      },
    });
  } catch (e) {
    fail(`${e.message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const formats = command === 'evaluate' ? ['table', 'json', 'csv', 'oscal', 'review'] : ['table', 'json'];
  if (!formats.includes(values.format)) fail(t.badFormat(values.format, formats.join(', ')));
  if (command === 'evaluate') return evaluate(args, values);
  if (command === 'catalog') return showCatalog(values);
  if (command === 'crosswalk') return showCrosswalk(args, values);
  if (command === 'cases') return showCases(args, values);
  if (command === 'map') return showMapping(args, values);
  fail(`${t.badCommand(command)}\n${USAGE}`);
}

main();
