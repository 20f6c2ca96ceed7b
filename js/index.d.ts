// Public API of the iso20000 package. The data types (Report, CheckResult, CanonicalRecord, options …)
// are generated from the Rust types by tsify and live in ./pkg-web/iso20000.d.ts.
import type {
  CheckResult,
  ChunkSummary,
  Clause,
  ClauseHit,
  CrosswalkHit,
  Detail,
  Edition,
  ErrorCode,
  Json,
  EngineOptions,
  EvaluateOptions,
  Lang,
  Localized,
  Mapping,
  Normalized,
  Pack,
  Practice,
  Process,
  Report,
  Stage,
  Summary,
  TeachingCase,
} from './pkg-web/iso20000.js';

export type * from './pkg-web/iso20000.js';

/** JSON text, UTF-8 bytes, or records (an array, a `{result: […]}` page or one record). */
export type Input = string | Uint8Array | ArrayBuffer | ArrayBufferView | readonly unknown[] | { readonly [key: string]: unknown };

/** The mergeable state of a session; plain JSON, safe to postMessage between workers. */
export type PartialResult = { format: number; fingerprint: string; [key: string]: unknown };

/**
 * Errors thrown by the engine carry a stable code and, when known, where in the input: the
 * fields of the generated `ErrorInfo` on a JavaScript `Error` (`details` only when there are some).
 */
export interface Iso20000Error extends Error {
  code: ErrorCode;
  line?: number;
  column?: number;
  path?: string;
  details?: Detail[];
}

/** Loads the wasm module (idempotent; resolves at once under Node). */
export function init(moduleOrPath?: string | URL | Request | Response | BufferSource | WebAssembly.Module): Promise<void>;
/** Loads the wasm module synchronously from bytes or a compiled module (workers, tests). */
export function initSync(module?: BufferSource | WebAssembly.Module): void;
export function version(): string;
/**
 * A part of the engine a module may be built without (cargo features): evaluation of whole
 * exports (`evaluate`, sessions, reports), rule packs of your own (`packs`: the `rules` option,
 * `loadRules`, `applyLogic`; without it the built-in pack runs alone), the teaching cases' stories
 * (`cases`: `catalog.cases()`; without it a check still names its case's id), the canonical format in
 * and out, each tool's adapter, the CSV reader and column mappings.
 */
export type Feature = 'evaluate' | 'packs' | 'cases' | 'canonical' | 'servicenow' | 'jira' | 'glpi' | 'zammad' | 'itop' | 'znuny'
  | 'freshservice' | 'csv' | 'mapping';
/**
 * The parts the loaded module holds. The npm package ships the full module and smaller ones
 * (`iso20000/servicenow.wasm`, `iso20000/servicenow-check.wasm`) that `init(url)` loads with
 * the same JavaScript; a call needing a part the module lacks throws `E_NOT_IN_BUILD`.
 */
export function features(): Feature[];
/**
 * Applies a JsonLogic rule to data with the engine's evaluator (to try conditions out).
 * Errors (code `E_RULES`, `E_JSON_SYNTAX`) are in `lang` (English by default).
 */
export function applyLogic(logic: unknown, data?: unknown, options?: { lang?: Lang }): unknown;
/** What a mapping proposal says about one column of the CSV. */
export interface ColumnProposal {
  column: string;
  /**
   * `id`, `number`, `kind`, `state`, `eventLog.case` | `eventLog.timestamp` | `eventLog.activity`
   * | `eventLog.group`, or a canonical field path (`openedAt`, `incident.reassignmentCount`,
   * `links.affects_ci`, `sla.met` …); `null`: unmapped.
   */
  target: string | null;
  /** 0 … 1: how well the header and the values fit the target. */
  confidence: number;
  reason: 'header' | 'header+values' | 'values' | 'chosen' | 'none';
  /** Up to three distinct values. */
  samples: string[];
}

/** A mapping proposed for a CSV of a tool without an adapter. */
export interface MappingProposal {
  /** Pass it as `context.mapping` (engine or call options), or save it for `--mapping`. */
  mapping: Mapping;
  form: 'records' | 'eventLog';
  /** The tool whose header conventions the file follows, when recognised (`hp-service-manager` …). */
  convention: string | null;
  columns: ColumnProposal[];
  unmapped: string[];
  delimiter: string;
  /** What the reader inferred (the warnings an evaluation gives on line 1). */
  inferred: string[];
  header: string[];
  /** The first rows as exported (`preview` of them, default 5). */
  rows: string[][];
  /** Every target a column can take. */
  targets: string[];
}

/**
 * Proposes a mapping for a CSV (text or UTF-8 bytes) from its header and values: English and
 * Japanese names, the header conventions of HP/Micro Focus Service Manager, BMC Helix/Remedy,
 * TOPdesk, ManageEngine ServiceDesk Plus, Ivanti/Cherwell and SolarWinds Service Desk, and the
 * values' types. `overrides` maps a column to the target a person chose (or `null`).
 */
export function proposeMapping(
  csv: string | Uint8Array | ArrayBuffer | ArrayBufferView,
  options?: { context?: EvaluateOptions['context']; overrides?: Record<string, string | null>; preview?: number; lang?: Lang },
): MappingProposal;
/**
 * iso20000/chunks' `splitBytesInto` with the engine's own scan of the bytes (about twice as fast
 * on a large export): at most `parts` pieces of whole elements of nearly equal size, for
 * workers that push them with `Session.pushChunk`; null when the input is left whole (not a
 * top-level array or result/records envelope, nothing to share, or malformed where a boundary
 * is looked for). A module built without whole-export evaluation throws E_NOT_IN_BUILD.
 */
export function splitBytesInto(bytes: Uint8Array, parts: number): import('./chunks.js').BytePiece[] | null;
/**
 * Findings of a report evaluated with `{ findings: true }` as CSV: one row per failing
 * (record, check) pair with the check's title, clauses, message and hint in the report's
 * language. `bom` adds a UTF-8 byte-order mark for spreadsheet programs.
 */
export function findingsCsv(report: Report, options?: { bom?: boolean }): string;

/** The options of `toOscal`. */
export interface OscalOptions {
  /** The export's name, in the document's title. */
  name?: string;
  /** The seed of the records sampled per finding (default `iso20000-<as-of date>`). */
  seed?: string;
  /** Records sampled per clause-level finding (default 5). */
  sample?: number;
  /**
   * The href of your assessment plan. Default: `#<uuid>` of a back-matter resource of the
   * document itself that describes the automated evaluation (engine, rule packs, window).
   */
  importAp?: string;
}

/**
 * A report as an OSCAL 1.1.3 assessment-results document (JSON object; it validates against
 * NIST's OSCAL JSON schema). One result; per clause with evidence a finding whose target is the
 * clause's statement (`statement-id` `iso20000-<edition>-<clause>_smt`; the edition's clause
 * catalogue is the control catalogue, control ids `iso20000-<edition>-<clause>`), `not-satisfied`
 * when a major or minor nonconformity was raised on it; per clause-level finding an observation
 * with its severity, check, record counts and a seeded sample of the failing records (ids and
 * links) as relevant evidence; a data-quality observation first when records were rejected or
 * checks stopped. UUIDs are version-5 UUIDs of the content and times are the report's (as-of,
 * window): the same report and options give the same document. Texts are in the report's language.
 */
export function toOscal(report: Report, options?: OscalOptions): { 'assessment-results': Json & object };

/**
 * What a management-review report needs of an earlier run for its trend (`reviewSnapshot` makes
 * one; a saved run can keep just this). Only `summary` is required; `clauses` adds the per-clause
 * changes since the latest snapshot.
 */
export interface ReviewSnapshot {
  /** When the run was made (RFC 3339); runs are ordered by it. Default: the report's as-of. */
  at?: string;
  /** The name a person gave the run. */
  name?: string;
  edition?: Edition;
  window?: { from?: string; to?: string; asOf?: string };
  records?: { in: number; evaluated: number; rejected: number };
  /** The run's `report.summary` (findings by severity, cycles complete). */
  summary: Summary;
  /** Per clause with evidence or findings: its stage and how many clause-level findings it had. */
  clauses?: { [clause: string]: { stage: Stage; findings: number } };
}

/** The options of `reviewHtml`. */
export interface ReviewOptions {
  /** The page's own texts (default: the report's language; the report's texts stay in it). */
  lang?: Lang;
  /** The sample's seed, stated on the page (default `iso20000-<as-of date>`). Same seed, same sample. */
  seed?: string;
  /** Earlier runs, any order, for the trend. */
  history?: ReviewSnapshot[];
  /** The export's name, in the header of every printed page. */
  name?: string;
  /** Records sampled per clause (default 5). */
  sample?: number;
}

/**
 * The management-review report: one printable HTML document (A4, no script), in English or
 * Japanese. Data quality first, then the verdict per process and service, the clause-level
 * findings, the trend (`history`, and the months of the export), performance against targets,
 * what the export lacks per process, and a seeded sample of failing records per clause: each
 * record ranked by SHA-1 of `seed|clause|record id`, lowest first (redraw it with sha1sum). Evaluate
 * with `{ findings: true }` to sample from every failing record (else from the examples). Every
 * record value is escaped.
 */
export function reviewHtml(report: Report, options?: ReviewOptions): string;
/** A small snapshot of a report for a later review's `history`. */
export function reviewSnapshot(report: Report, options?: { at?: string; name?: string }): ReviewSnapshot;
/** A rule pack (schema/rule-pack.schema.json). */
export type RulePack = Pack;

export class Engine {
  /** Compiles the catalogue and rule packs once; reuse the engine. */
  constructor(options?: EngineOptions);
  /**
   * One record (an object, e.g. a form's fields; JSON text; or UTF-8 bytes): the clauses it is
   * evidence for, counted as the report counts them (a performance check such as INC-SLA-MET is
   * a figure, not evidence), the checks it fails, passes, or that do not apply. The options are resolved
   * once and reused while they stay the same; titles, messages and hints come from the packs'
   * texts, kept per engine and language until `loadRules`. Each finding's `explanation` is
   * computed when it is first read, then kept; after `loadRules` or `free()` it is still that of
   * the packs the finding came from. A plain object is checked through a form the engine keeps
   * for these options (the last four option sets; see `form`): the same answer, without a JSON
   * text of the record.
   */
  check(record: Json | object, options?: EvaluateOptions): CheckResult;
  /**
   * A prepared live form for these check options (errors as `check` with them would give):
   * `form.check(record)` returns what `check(record, options)` returns, faster for a ServiceNow
   * record (`source: "servicenow"`, or auto-detected: no other tool's signature keys) of strings
   * or `{value, display_value, link}` strings.
   */
  form(options?: EvaluateOptions): Form;
  /** One record (an object, JSON text or UTF-8 bytes): the clauses it is evidence for. */
  map(record: Json | object, options?: EvaluateOptions): ClauseHit[];
  /** Canonical records of an input, as the checks see them. */
  normalize(input: Input, options?: EvaluateOptions): Normalized;
  /** A whole export → report. Records in = evaluated + rejected, always. */
  evaluate(input: Input, options?: EvaluateOptions & { onProgress?: (done: number, total: number) => void }): Report;
  session(options?: EvaluateOptions): Session;
  /** Replaces the stacked rule packs; throws E_RULES with every error, keeping the previous packs. */
  loadRules(packs: RulePack | RulePack[]): void;
  free(): void;
  [Symbol.dispose](): void;
}

/** A live form of an engine (`engine.form(options)`). */
export interface Form {
  /** What `engine.check(record, options)` gives for the form's options. */
  check(record: Json | object): CheckResult;
  /** Whether it can answer from field values at all (source ServiceNow or auto; packs that read no raw fields). */
  readonly fast: boolean;
  /** Checks answered from the field values (`fast`) and the general way (`general`) so far. */
  readonly stats: { fast: number; general: number };
  /** Frees the form's buffers (the engine stays). */
  free(): void;
  [Symbol.dispose](): void;
}

export class Session {
  /**
   * Evaluates one chunk. `unjoined` in the answer counts related payloads whose record was not
   * in the chunk: push such an export in one piece (with `onProgress`) to keep them joined.
   */
  push(input: Input, options?: { onProgress?: (done: number, total: number) => void }): ChunkSummary;
  /**
   * The first pass of a streamed input (a file read in chunks cut on its elements, see
   * `js/stream.js`): bytes of whole elements of the input's array. Scan every chunk, in order,
   * before the first `pushChunk`; the session keeps only the keys related pieces name. `line`
   * and `shift` place the chunk in the file, so syntax errors name the file's line and column.
   * Returns the chunk's element count.
   */
  scanChunk(bytes: Uint8Array | ArrayBuffer | ArrayBufferView, place?: { line?: number; shift?: number }): number;
  /**
   * The second pass: one chunk as scanned. Records whose related pieces are still to come are
   * held back and evaluated with them (joined as in one piece). Without a scan: `push` of bytes.
   */
  pushChunk(
    bytes: Uint8Array | ArrayBuffer | ArrayBufferView,
    options?: { line?: number; shift?: number; onProgress?: (done: number, total: number) => void },
  ): ChunkSummary;
  /**
   * The end of a streamed input: evaluates what is still held. `peakHeldBytes`: the most bytes
   * held at once; `releasedEarly`: records evaluated before all their pieces were read (the
   * hold limit), whose late pieces are `unjoined`.
   */
  flushHeld(): ChunkSummary & { peakHeldBytes: number; releasedEarly: number };
  setOffset(offset: number): void;
  partial(): PartialResult;
  /** The partial result as JSON text, as `merge` takes it (a worker posts it on unparsed). */
  partialText(): string;
  merge(partial: PartialResult | string): void;
  finish(): Report;
  /** The report as compact JSON text (what `finish` parses); the session cannot be used afterwards. */
  finishText(): string;
  free(): void;
  [Symbol.dispose](): void;
}

export interface EditionCatalog {
  edition: Edition;
  standard: string;
  national: string;
  notice: Localized;
  clauses: Clause[];
}

export const catalog: {
  /** `lang` is the language of the error an unknown edition raises (titles come in both). */
  clauses(options?: { edition?: Edition; lang?: Lang }): EditionCatalog;
  crosswalk(options: { from?: Edition; clause: string; lang?: Lang }): CrosswalkHit[];
  /**
   * The teaching cases ("why this matters"): a fictional story per check, with its process, the
   * process it meets, the 2018 clauses and the checks it explains; texts in `lang` (default
   * `en`). An unknown `lang` throws `E_OPTION`.
   */
  cases(options?: { lang?: Lang }): TeachingCase[];
  processes(): Process[];
  itil4(): { notice: Localized; practices: Practice[] };
};
