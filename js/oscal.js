// A report as an OSCAL assessment-results document (OSCAL 1.1.3 JSON; it also validates against
// NIST's 1.2.x schema), for auditors' tools. One result per report: one finding per clause with
// evidence (its status, the clause-level findings rolled up on it), one observation per
// clause-level finding (severity, check, record counts and a seeded sample of the failing records
// with their links), and one observation of the data's quality first when records were rejected,
// fields unreadable or checks stopped by a limit.
//
// Control references: the clause catalogue of the report's edition is the control catalogue.
// Clause 8.5.1.3 of the 2018 edition is control `iso20000-2018-8.5.1.3` (a clause number starts
// with a digit, which an OSCAL token may not), and a finding targets the clause's requirement
// statement, `statement-id` `iso20000-2018-8.5.1.3_smt` (the `_smt` suffix of NIST's catalogues).
//
// The assessment plan the model requires (import-ap) is a back-matter resource of the document
// itself unless `options.importAp` names one: the automated evaluation of the export by the
// engine's rule packs over the report's window.
//
// Deterministic: every UUID is a version-5 UUID derived from the report's content (see sample.js)
// and every time is the report's own (window and as-of), never the clock.

import { defaultSeed, drawSample, sha1Hex, uuidV5 } from './sample.js';

export const OSCAL_VERSION = '1.1.3';
/** The namespace of this tool's props (an identifier; nothing is served there). */
export const PROP_NS = 'https://iso20000.invalid/ns/oscal';
// The namespace of the name-based UUIDs (itself a v5 UUID of the props' namespace in the URL namespace).
const UUID_NS = uuidV5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', PROP_NS);

const SEVERITY_ORDER = ['major_nonconformity', 'minor_nonconformity', 'observation', 'opportunity_for_improvement'];
const NONCONFORMITY = new Set(['major_nonconformity', 'minor_nonconformity']);

const TEXT = {
  en: {
    title: (name) => `ISO/IEC 20000-1 assessment results${name ? `: ${name}` : ''}`,
    resultTitle: (edition) => `Automated evaluation against ISO/IEC 20000-1:${edition}`,
    resultDescription: (r) => `${r.records.evaluated} of ${r.records.in} records evaluated (${r.records.rejected} rejected), ${r.records.inWindow} in the window; ${r.clauseFindings.length} clause-level findings.`,
    planTitle: 'Assessment plan: automated evaluation of an ITSM export',
    planDescription: (r) => `The export's records were evaluated by the iso20000 engine ${r.engine.version} with the rule packs ${r.engine.rules} against the clauses of ISO/IEC 20000-1:${r.edition}, window ${r.window.from ?? '…'} to ${r.window.to ?? '…'}, as of ${r.window.asOf}. Method: automated tests of every record; each clause's evidence and findings come from the checks mapped to it.`,
    reviewed: 'Every requirement clause of the edition: control ids are iso20000-EDITION-CLAUSE.',
    quality: 'Data quality warnings',
    qualityLines: {
      rejected: (n, total) => `${n} of ${total} records were rejected and not evaluated.`,
      limited: (list) => `Checks stopped by a limit (nothing judged): ${list}.`,
      alert: (m) => m,
      reason: (r) => `${r.count} × ${r.message}`,
    },
    clauseSatisfied: (evidence) => `${evidence} evidence records; no nonconformity raised on this clause.`,
    clauseNotes: (list) => `Observations or opportunities for improvement: ${list}.`,
    clauseFailed: (list) => `Clause-level findings: ${list}.`,
    findingLine: (cf) => `${cf.check} (${cf.severityLabel}, ${cf.records} records)`,
    observationDescription: (cf, sample) => `${cf.message} ${cf.records} of ${cf.judged} judged records (${cf.share} %) failed${cf.systemic ? ', a systemic failure' : ''}. Fix: ${cf.hint}${sample}`,
    sampleNote: (n, of, seed, complete) => ` Sample: ${n} of ${of} failing records${complete ? '' : ' listed as examples'}, seed "${seed}".`,
    record: (e) => `Record ${e.number ?? e.id}`,
    missing: 'What the export lacks to complete the cycle:',
    notice: 'Clause numbers and short titles only: the requirement text of ISO/IEC 20000-1 is copyrighted.',
  },
  ja: {
    title: (name) => `ISO/IEC 20000-1 評価結果${name ? `: ${name}` : ''}`,
    resultTitle: (edition) => `ISO/IEC 20000-1:${edition} に対する自動評価`,
    resultDescription: (r) => `${r.records.in} 件中 ${r.records.evaluated} 件を評価（却下 ${r.records.rejected} 件）、期間内 ${r.records.inWindow} 件。箇条レベルの指摘 ${r.clauseFindings.length} 件。`,
    planTitle: '評価計画: ITSM エクスポートの自動評価',
    planDescription: (r) => `エクスポートのレコードを iso20000 エンジン ${r.engine.version}（ルールパック ${r.engine.rules}）で ISO/IEC 20000-1:${r.edition} の箇条に照らして評価しました。期間 ${r.window.from ?? '…'} 〜 ${r.window.to ?? '…'}、基準日時 ${r.window.asOf}。方法: 全レコードの自動テスト。各箇条の証拠と指摘は、その箇条に対応付けたチェックによります。`,
    reviewed: 'この版のすべての要求事項の箇条。管理策 ID は iso20000-版-箇条番号。',
    quality: 'データ品質の警告',
    qualityLines: {
      rejected: (n, total) => `${total} 件中 ${n} 件のレコードを却下し、評価していません。`,
      limited: (list) => `上限で停止したチェック（判定なし）: ${list}。`,
      alert: (m) => m,
      reason: (r) => `${r.count} × ${r.message}`,
    },
    clauseSatisfied: (evidence) => `証拠レコード ${evidence} 件。この箇条に不適合の指摘はありません。`,
    clauseNotes: (list) => `観察事項・改善の機会: ${list}。`,
    clauseFailed: (list) => `箇条レベルの指摘: ${list}。`,
    findingLine: (cf) => `${cf.check}（${cf.severityLabel}、${cf.records} 件）`,
    observationDescription: (cf, sample) => `${cf.message} 判定した ${cf.judged} 件中 ${cf.records} 件（${cf.share} %）が不合格${cf.systemic ? '（体系的な不備）' : ''}。対処: ${cf.hint}${sample}`,
    sampleNote: (n, of, seed, complete) => ` サンプル: 不合格の ${of} 件${complete ? '' : '（例として挙げられたもの）'}から ${n} 件、シード「${seed}」。`,
    record: (e) => `レコード ${e.number ?? e.id}`,
    missing: 'サイクルを完了するためにエクスポートに足りないもの:',
    notice: '箇条番号と短い表題のみを記載しています。ISO/IEC 20000-1 の要求事項本文は著作物です。',
  },
};

/** The OSCAL control id of a clause (see the top of this file). */
export function controlId(edition, clause) {
  return `iso20000-${edition}-${clause}`;
}

/**
 * Markdown (OSCAL markup-line and markup-multiline) from plain text: record values and messages
 * are typed by anyone, so every character Markdown or HTML would act on is escaped, and the text
 * is one trimmed line (OSCAL strings may not start or end with whitespace).
 */
function md(text) {
  return plain(text).replace(/[\\`*_{}[\]()<>#+!|~&-]/g, (c) => `\\${c}`);
}

/** One trimmed line, never empty (OSCAL's string pattern). */
function plain(text) {
  const s = String(text ?? '').replace(/\s+/gu, ' ').trim();
  return s || '-';
}

/** A record's link when it is an absolute http(s) URL (anything else is left out). */
function link(url) {
  if (typeof url !== 'string') return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

const prop = (name, value) => ({ name, value: plain(value), ns: PROP_NS });

/** An OSCAL date-time: the report's RFC 3339 times, or undefined. */
function when(value) {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : undefined;
}

/**
 * @param {object} report a report (with `findings: true`, the samples are drawn from every failing
 *   record; without, from the examples)
 * @param {{name?: string, seed?: string, sample?: number, importAp?: string}} [options] `name`: the
 *   export's name (title); `seed`: the sample's seed (default from the report's as-of date);
 *   `sample`: records sampled per finding (default 5); `importAp`: the href of your assessment plan
 * @returns {object} the OSCAL document (`{"assessment-results": …}`)
 */
export function toOscal(report, options = {}) {
  if (!report || !Array.isArray(report.clauses) || !Array.isArray(report.clauseFindings)) {
    const e = new Error('toOscal needs a report (the result of evaluate or finish)');
    e.code = 'E_MISUSE';
    throw e;
  }
  const lang = report.lang === 'ja' ? 'ja' : 'en';
  const t = TEXT[lang];
  const edition = report.edition;
  const seed = String(options.seed ?? defaultSeed(report));
  const size = Number.isInteger(options.sample) && options.sample >= 0 ? options.sample : 5;
  const at = when(report.window?.asOf) ?? when(report.quality?.dataSpan?.last) ?? '1970-01-01T00:00:00Z';
  const start = when(report.window?.from) ?? when(report.quality?.dataSpan?.first) ?? at;
  const end = when(report.window?.to) ?? at;
  const documentUuid = uuidV5(UUID_NS, `assessment-results|${sha1Hex(JSON.stringify(report))}|${seed}|${size}|${options.name ?? ''}|${options.importAp ?? ''}`);
  const id = (what) => uuidV5(documentUuid, what);

  // Samples per check: every failing record of the check when the report lists them.
  const complete = Array.isArray(report.findings);
  const failing = new Map();
  if (complete) {
    for (const f of report.findings) {
      if (!failing.has(f.check)) failing.set(f.check, []);
      failing.get(f.check).push(f);
    }
  }

  const observations = [];
  const quality = qualityLines(report, t);
  if (quality.length) {
    observations.push({
      uuid: id('observation|data-quality'),
      title: t.quality,
      description: quality.map(md).join('\n\n'),
      props: [
        prop('records-rejected', report.records.rejected),
        prop('warnings', report.warningsTotal ?? 0),
        prop('checks-limited', report.checks.filter((c) => c.limited > 0).length),
      ],
      methods: ['EXAMINE'],
      collected: at,
    });
  }
  const observationOf = new Map();
  for (const cf of report.clauseFindings) {
    const population = complete ? failing.get(cf.check) ?? [] : cf.examples;
    const sample = drawSample(population, { seed, stratum: cf.check, size });
    const uuid = id(`observation|${cf.check}`);
    observationOf.set(cf.check, uuid);
    observations.push({
      uuid,
      title: md(`${cf.check}: ${cf.title}`),
      description: md(t.observationDescription(cf, sample.length ? t.sampleNote(sample.length, population.length, seed, complete) : '')),
      props: [
        prop('check', cf.check),
        prop('severity', cf.severity),
        prop('record-severity', cf.recordSeverity),
        prop('systemic', cf.systemic),
        prop('phase', cf.phase),
        prop('records-failed', cf.records),
        prop('records-judged', cf.judged),
        prop('share-failed', cf.share),
        ...cf.clauses.map((c) => prop('clause', c)),
        ...(cf.case ? [prop('teaching-case', cf.case)] : []),
        prop('sample-seed', seed),
        prop('sample-population', population.length),
      ],
      methods: ['TEST'],
      types: ['finding'],
      ...(sample.length ? { 'relevant-evidence': sample.map((e) => evidence(e, t)) } : {}),
      collected: at,
    });
  }

  const byCheck = new Map(report.clauseFindings.map((cf) => [cf.check, cf]));
  const findings = [];
  for (const clause of report.clauses) {
    const evidenceCount = Object.values(clause.phases ?? {}).reduce((n, p) => n + (p.evidence ?? 0), 0);
    const raised = (clause.findings ?? []).map((c) => byCheck.get(c)).filter(Boolean);
    if (!evidenceCount && !raised.length) continue;
    raised.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || b.records - a.records);
    const failed = raised.filter((cf) => NONCONFORMITY.has(cf.severity));
    const notes = raised.filter((cf) => !NONCONFORMITY.has(cf.severity));
    const lines = [
      failed.length ? t.clauseFailed(failed.map(t.findingLine).join('; ')) : t.clauseSatisfied(evidenceCount),
      ...(notes.length ? [t.clauseNotes(notes.map(t.findingLine).join('; '))] : []),
    ];
    const missing = (clause.missing ?? []).map((m) => m.text);
    const control = controlId(edition, clause.id);
    findings.push({
      uuid: id(`finding|${clause.id}`),
      title: md(`${clause.id} ${clause.title}`),
      description: lines.map(md).join('\n\n'),
      props: [
        prop('clause', clause.id),
        prop('stage', clause.stage),
        prop('cycle-complete', clause.cycleComplete),
        prop('evidence-records', evidenceCount),
        ...['plan', 'do', 'check', 'act'].map((p) => prop(`rating-${p}`, clause.phases?.[p]?.rating ?? 'none')),
        ...(raised.length ? [prop('severity', raised[0].severity)] : []),
        ...raised.map((cf) => prop('check', cf.check)),
      ],
      target: {
        type: 'statement-id',
        'target-id': `${control}_smt`,
        title: md(`${clause.id} ${clause.title}`),
        status: failed.length ? { state: 'not-satisfied', reason: 'fail' } : { state: 'satisfied', reason: 'pass' },
      },
      ...(raised.length ? { 'related-observations': raised.map((cf) => ({ 'observation-uuid': observationOf.get(cf.check) })) } : {}),
      ...(missing.length ? { remarks: [md(t.missing), ...missing.map((m) => `- ${md(m)}`)].join('\n') } : {}),
    });
  }

  const planUuid = id('assessment-plan');
  const name = typeof options.name === 'string' && options.name.trim() ? options.name : undefined;
  return {
    'assessment-results': {
      uuid: documentUuid,
      metadata: {
        title: md(t.title(name)),
        'last-modified': at,
        version: plain(`${report.engine?.version ?? '0'} ${report.engine?.rules ?? ''}`),
        'oscal-version': OSCAL_VERSION,
        props: [
          prop('edition', edition),
          prop('language', lang),
          prop('engine', report.engine?.version ?? '-'),
          prop('rules', report.engine?.rules ?? '-'),
          ...(report.window?.from ? [prop('window-from', report.window.from)] : []),
          ...(report.window?.to ? [prop('window-to', report.window.to)] : []),
          prop('as-of', at),
        ],
        remarks: md(t.notice),
      },
      'import-ap': { href: options.importAp ? String(options.importAp) : `#${planUuid}` },
      results: [
        {
          uuid: id('result'),
          title: md(t.resultTitle(edition)),
          description: [...(quality.length ? [md(`${t.quality}: ${quality[0]}`)] : []), md(t.resultDescription(report))].join('\n\n'),
          start,
          end,
          props: [
            prop('records-in', report.records.in),
            prop('records-evaluated', report.records.evaluated),
            prop('records-rejected', report.records.rejected),
            prop('records-in-window', report.records.inWindow),
            prop('sample-seed', seed),
          ],
          'reviewed-controls': {
            description: md(t.reviewed),
            'control-selections': [{ 'include-controls': report.clauses.map((c) => ({ 'control-id': controlId(edition, c.id) })) }],
          },
          ...(observations.length ? { observations } : {}),
          ...(findings.length ? { findings } : {}),
        },
      ],
      'back-matter': {
        resources: [{ uuid: planUuid, title: md(t.planTitle), description: md(t.planDescription(report)) }],
      },
    },
  };
}

/** A sampled record as relevant evidence: its link when it has one, its id and number. */
function evidence(e, t) {
  const href = link(e.url);
  return {
    ...(href ? { href } : {}),
    description: md(t.record(e)),
    props: [prop('record-id', e.id), ...(e.number ? [prop('record-number', e.number)] : [])],
  };
}

/** The data-quality lines, most serious first (empty when nothing went wrong). */
function qualityLines(report, t) {
  const q = t.qualityLines;
  const lines = [];
  if (report.records.rejected > 0) lines.push(q.rejected(report.records.rejected, report.records.in));
  const limited = report.checks.filter((c) => c.limited > 0).map((c) => c.id);
  if (limited.length) lines.push(q.limited(limited.join(', ')));
  for (const a of report.quality?.alerts ?? []) lines.push(q.alert(a.message));
  for (const r of report.quality?.rejected ?? []) lines.push(q.reason(r));
  return lines;
}
