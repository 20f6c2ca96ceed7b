//! One record at a time: `check` (the live-form call) and `map`. The record is read as
//! `evaluate` reads an element, then every check of its kind is judged on it alone.

use super::{Engine, EvaluateOptions, Run, input, parse_raw};
use crate::catalog::{Edition, Lang, Phase};
use crate::error::{Error, Result};
use crate::record::Record;
use crate::record::source::{self, Warning};
use crate::report::{CheckResult, ClauseHit, Finding, RecordRef};
use crate::rules::compiled::{ClausePos, CompiledPack, Outcome, evidence_applies};
use crate::rules::logic::Cx;
use crate::rules::pack::Scope;

impl Engine {
    /// Maps one record to the clauses it is evidence for (whether or not it passes its checks).
    pub fn map(&self, input: &str, options: &EvaluateOptions) -> Result<Vec<ClauseHit>> {
        Ok(self.check(input, options)?.clauses)
    }

    /// Checks one record: the clauses it is evidence for and the checks it fails.
    pub fn check(&self, input: &str, options: &EvaluateOptions) -> Result<CheckResult> {
        let run = self.run(options)?;
        if let Some(csv) = input::prepare_csv(input, &run)? {
            if csv.row_count != 1 {
                return Err(Error::misuse(format!(
                    "check() takes one record; this CSV holds {} rows (use evaluate())",
                    csv.row_count
                )));
            }
            let source = input::csv_source(&csv).as_str().to_string();
            return self.check(
                &csv.json,
                &EvaluateOptions {
                    source: Some(source),
                    ..options.clone()
                },
            );
        }
        let elements = source::split(input)?;
        if !elements.single && elements.items.len() != 1 {
            return Err(Error::misuse(format!(
                "check() takes one record; this input holds {} (use evaluate() for exports)",
                elements.items.len()
            )));
        }
        if elements.items.is_empty() {
            return Err(Error::misuse("check() needs a record"));
        }
        let mut batch = input::convert_all(&elements, 0, &run)?;
        batch.grouped_into_warnings();
        let mut warnings = std::mem::take(&mut batch.warnings);
        crate::i18n::localize_warnings(run.lang, &mut warnings);
        crate::i18n::localize_rejections(run.lang, &mut batch.rejected);
        if let Some(rejection) = batch.rejected.pop() {
            return Ok(CheckResult {
                record: None,
                edition: run.edition,
                clauses: Vec::new(),
                findings: Vec::new(),
                passed: Vec::new(),
                not_applicable: Vec::new(),
                limited: Vec::new(),
                rejected: Some(rejection),
                warnings,
            });
        }
        match batch.records.first() {
            Some(record) => Ok(self.check_record(record, &run, warnings)),
            None => Err(Error::misuse(
                "check() needs a record; this element only relates to other records",
            )),
        }
    }

    /// Checks an already converted record.
    pub fn check_record(
        &self,
        record: &Record<'_>,
        run: &Run,
        warnings: Vec<Warning>,
    ) -> CheckResult {
        let core = &self.core;
        let lang = run.lang;
        let raw_json = parse_raw(record, core.pack.uses_raw);
        let cx = Cx::new(Some(record), raw_json.as_ref(), run.as_of.0, core.logic);
        let mut findings = Vec::new();
        let mut passed = Vec::new();
        let mut not_applicable = Vec::new();
        let mut limited = Vec::new();
        let mut hits: Vec<(ClausePos, Phase)> = Vec::new();
        let mut hits2011: Vec<(ClausePos, Phase)> = Vec::new();
        let mut dynamic = Vec::new();
        let kind = record.kind.index();
        self.map_evidence(record, &cx, &mut hits, &mut hits2011, &mut dynamic);
        let checks = core
            .pack
            .record_checks
            .get(kind)
            .into_iter()
            .flatten()
            .chain(core.pack.window_checks.get(kind).into_iter().flatten());
        for &ci in checks {
            let Some(check) = core.pack.checks.get(ci) else {
                continue;
            };
            let outcome = core.pack.outcome(check, &cx);
            dynamic.clear();
            if let Some(from) = &check.clauses_from {
                CompiledPack::dynamic_clauses(from, &cx, core.catalog, &mut dynamic);
            }
            let is_window = check.def.scope == Scope::Window;
            match outcome {
                Outcome::NotApplicable | Outcome::Undetermined => {
                    not_applicable.push(check.def.id.clone())
                }
                Outcome::Limited => limited.push(check.def.id.clone()),
                Outcome::Pass => passed.push(check.def.id.clone()),
                // A window check is about the whole period, not a finding on this record.
                Outcome::Fail if is_window => not_applicable.push(check.def.id.clone()),
                Outcome::Fail => {
                    let mut c2018: Vec<ClausePos> = check.clauses2018.clone();
                    c2018.extend(&dynamic);
                    c2018.sort_unstable();
                    c2018.dedup();
                    let mut c2011: Vec<ClausePos> = check.clauses2011.clone();
                    for p in &dynamic {
                        if let Some(more) = core.to2011.get(usize::from(*p)) {
                            c2011.extend(more);
                        }
                    }
                    c2011.sort_unstable();
                    c2011.dedup();
                    findings.push(Finding {
                        check: check.def.id.clone(),
                        title: check.def.title.get(lang).to_string(),
                        severity: check.def.severity,
                        severity_label: check.def.severity.label().get(lang).to_string(),
                        phase: check.phase,
                        clauses2018: self.ids(Edition::E2018, &c2018),
                        clauses2011: self.ids(Edition::E2011, &c2011),
                        message: check.def.message.get(lang).to_string(),
                        hint: check.def.hint.get(lang).to_string(),
                        case: core
                            .catalog
                            .case_for_check(&check.def.id)
                            .map(|c| c.id.clone()),
                        explanation: crate::rules::logic::explain(&check.require, &cx),
                    });
                }
            }
            let judged = matches!(outcome, Outcome::Pass | Outcome::Fail);
            if judged && !(is_window && outcome == Outcome::Fail) {
                hits.extend(
                    check
                        .clauses2018
                        .iter()
                        .chain(&dynamic)
                        .map(|p| (*p, check.phase)),
                );
                hits2011.extend(check.clauses2011.iter().map(|p| (*p, check.phase)));
                for p in &dynamic {
                    hits2011.extend(
                        core.to2011
                            .get(usize::from(*p))
                            .into_iter()
                            .flatten()
                            .map(|q| (*q, check.phase)),
                    );
                }
            }
        }
        findings.sort_by(|a, b| (a.severity, &a.check).cmp(&(b.severity, &b.check)));
        CheckResult {
            record: Some(RecordRef {
                id: record.id.to_string(),
                kind: record.kind,
                number: record.number.as_ref().map(|n| n.to_string()),
                url: record.origin.url.as_ref().map(|u| u.to_string()),
                tool: record.origin.tool.as_ref().map(|t| t.to_string()),
            }),
            edition: run.edition,
            clauses: match run.edition {
                Edition::E2018 => self.clause_hits(&hits, Edition::E2018, lang),
                Edition::E2011 => self.clause_hits(&hits2011, Edition::E2011, lang),
            },
            findings,
            passed,
            not_applicable,
            limited,
            rejected: None,
            warnings,
        }
    }

    /// The clauses a record is evidence for through the pack's evidence rules: 2018 positions
    /// in `hits`, 2011 positions in `hits2011` (dynamic clauses carried over by the crosswalk).
    pub(crate) fn map_evidence<'r>(
        &'r self,
        record: &'r Record<'r>,
        cx: &Cx<'r>,
        hits: &mut Vec<(ClausePos, Phase)>,
        hits2011: &mut Vec<(ClausePos, Phase)>,
        scratch: &mut Vec<ClausePos>,
    ) {
        let core = &self.core;
        for &ei in core
            .pack
            .evidence_by_kind
            .get(record.kind.index())
            .into_iter()
            .flatten()
        {
            let Some(rule) = core.pack.evidence.get(ei) else {
                continue;
            };
            if !evidence_applies(rule, cx) {
                continue;
            }
            hits.extend(rule.clauses2018.iter().map(|p| (*p, rule.phase)));
            hits2011.extend(rule.clauses2011.iter().map(|p| (*p, rule.phase)));
            if let Some(from) = &rule.clauses_from {
                scratch.clear();
                CompiledPack::dynamic_clauses(from, cx, core.catalog, scratch);
                for p in scratch.iter() {
                    hits.push((*p, rule.phase));
                    for q in core.to2011.get(usize::from(*p)).into_iter().flatten() {
                        hits2011.push((*q, rule.phase));
                    }
                }
            }
        }
    }

    fn ids(&self, edition: Edition, positions: &[ClausePos]) -> Vec<String> {
        let cat = self.core.catalog.edition(edition);
        positions
            .iter()
            .filter_map(|p| cat.clauses.get(usize::from(*p)))
            .map(|c| c.id.clone())
            .collect()
    }

    /// The clauses hit, in document order, each with the phases it was hit in.
    fn clause_hits(
        &self,
        hits: &[(ClausePos, Phase)],
        edition: Edition,
        lang: Lang,
    ) -> Vec<ClauseHit> {
        let mut by_pos: std::collections::BTreeMap<ClausePos, Vec<Phase>> =
            std::collections::BTreeMap::new();
        for (p, phase) in hits {
            let phases = by_pos.entry(*p).or_default();
            if !phases.contains(phase) {
                phases.push(*phase);
            }
        }
        let cat = self.core.catalog.edition(edition);
        by_pos
            .into_iter()
            .filter_map(|(p, mut phases)| {
                phases.sort();
                let c = cat.clauses.get(usize::from(p))?;
                Some(ClauseHit {
                    id: c.id.clone(),
                    edition,
                    title: c.title.get(lang).to_string(),
                    phases,
                })
            })
            .collect()
    }
}
