// Compiled with `tsc --noEmit` (make typecheck): the package's types describe what the API returns.
import { Engine, catalog, features, findingsCsv, init, reviewHtml, reviewSnapshot, toOscal, type ReviewSnapshot, type Report, type FindingRow, type CheckResult, type Iso20000Error, type Rating, type TeachingCase, type CanonicalRecord, type ErrorCode, type ErrorInfo, type Source } from '../../js/index.js';

async function main(): Promise<void> {
  await init();
  // A smaller module (iso20000/servicenow-check.wasm) holds fewer parts.
  const canEvaluate: boolean = features().includes('evaluate');
  using engine = new Engine({ lang: 'ja', edition: '2011', asOf: '2026-06-30', thresholds: { n: 15, p: 50, l: 85 } });
  const report: Report = engine.evaluate([{ id: 'a', kind: 'incident' }], { source: 'canonical', from: '2026-01-01' });
  const rating: Rating = report.clauses[0].phases.do.rating;
  const total: number = report.records.in - report.records.evaluated - report.records.rejected;
  const check: CheckResult = engine.check({ id: 'a', kind: 'incident' });
  const severities: string[] = check.findings.map((f) => f.severityLabel);
  // A form's fields as an object, or JSON text; explanations are read like any other field.
  const live: CheckResult = engine.check('{"sys_id": {"value": "1"}, "number": {"value": "INC1"}}', { source: 'servicenow' });
  const why1: string[] = live.findings.flatMap((f) => f.explanation.map((x) => x.text.en));
  // A prepared form: the same result type, the options given once.
  using form = engine.form({ source: 'servicenow', timeZone: 'Asia/Tokyo' });
  const fromForm: CheckResult = form.check({ sys_id: { value: '1', display_value: '1' }, number: 'INC1' });
  const why2: string[] = fromForm.findings.flatMap((f) => f.explanation.map((x) => x.text.ja));
  const hits: string[] = engine.map({ id: 'a', kind: 'incident' }, { source: 'canonical' }).map((c) => `${c.id} ${c.phases.join()}`);
  const session = engine.session({ to: '2026-06-30' });
  session.push('[]');
  session.merge(session.partial());
  const final: Report = session.finish();
  const listed = engine.evaluate('[]', { findings: true });
  const rows: FindingRow[] | undefined = listed.findings;
  const csv: string = findingsCsv(listed, { bom: true });
  // OSCAL and the management-review page; a snapshot needs only the summary.
  const oscal = toOscal(listed, { name: 'export.json', seed: 'audit', sample: 3 });
  const snapshot: ReviewSnapshot = reviewSnapshot(listed, { name: 'Q1' });
  const page: string = reviewHtml(listed, { lang: 'ja', seed: 'audit', history: [snapshot, { summary: listed.summary }] });
  // @ts-expect-error: a snapshot carries the run's summary
  reviewHtml(listed, { history: [{ at: '2026-01-01' }] });
  const titles: string[] = catalog.clauses({ edition: '2018' }).clauses.map((c) => c.title.ja);
  const cases: TeachingCase[] = catalog.cases({ lang: 'ja' });
  const why: string[] = cases.filter((c) => c.checks.includes('CHG-APPROVED')).map((c) => `${c.title} ${c.happened} ${c.why} ${c.good} ${c.pairedProcess}`);
  try {
    engine.evaluate('{');
  } catch (e) {
    const err = e as Iso20000Error;
    const where: number | undefined = err.line;
    // The thrown error's code is the generated union, and it carries the generated ErrorInfo's fields.
    const code: ErrorCode = err.code;
    const info: Pick<ErrorInfo, 'code' | 'message' | 'path'> = err;
    void [where, code, info];
  }
  // @ts-expect-error: E_JSON is not an error code
  const noSuchCode: ErrorCode = 'E_JSON';
  // The generated record type shadows nothing: TypeScript's Record and Error are the globals.
  const normalized: CanonicalRecord[] = engine.normalize([{ id: 'a', kind: 'incident' }]).records;
  const byId: Record<string, CanonicalRecord> = Object.fromEntries(normalized.map((r) => [r.id, r]));
  const thrown: Error = new Error('plain');
  // Options are the generated unions of the Rust enums.
  const source: Source = 'servicenow';
  engine.evaluate('[]', { source, lang: 'en', edition: '2018' });
  // @ts-expect-error: sources are the tools' names or "auto"
  engine.evaluate('[]', { source: 'remedy' });
  // @ts-expect-error: languages are "en" | "ja"
  new Engine({ lang: 'fr' });
  // @ts-expect-error: editions are "2018" | "2011"
  new Engine({ edition: '2005' });
  // @ts-expect-error: a record is an object or JSON text
  engine.check(undefined);
  void [rating, total, severities, final, titles, rows, csv, why, why1, why2, hits, oscal, page, noSuchCode, byId, thrown];
}
void main;
