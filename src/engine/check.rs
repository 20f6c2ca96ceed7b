//! One record at a time: `check` (the live-form call) and `map`. The record is read as
//! `evaluate` reads an element, then every check of its kind is judged on it alone.

use super::judge::Hits;
use super::{Core, Engine, EvaluateOptions, Run, input, parse_raw};
use crate::catalog::{Edition, Lang, Phase};
use crate::error::{Error, Result};
use crate::record::Record;
use crate::record::source::{self, Rejection, Warning};
use crate::report::{CheckResult, ClauseHit, Finding, RecordRef};
use crate::rules::compiled::{ClausePos, CompiledCheck, Outcome};
use crate::rules::logic::Cx;
use crate::rules::pack::Severity;
use crate::util::per_edition::PerEdition;
use serde::Serialize;

impl Engine {
    /// Maps one record to the clauses it is evidence for (whether or not it passes its checks).
    pub fn map(&self, input: &str, options: &EvaluateOptions) -> Result<Vec<ClauseHit>> {
        Ok(self.check(input, options)?.clauses)
    }

    /// Checks one record: the clauses it is evidence for and the checks it fails.
    pub fn check(&self, input: &str, options: &EvaluateOptions) -> Result<CheckResult> {
        let run = self.run(options)?;
        self.read_one(input, &run, |one, warnings, run| match one {
            One::Record(record) => self.check_record(record, run, warnings),
            One::Rejected(rejection) => CheckResult {
                record: None,
                edition: run.edition,
                clauses: Vec::new(),
                findings: Vec::new(),
                passed: Vec::new(),
                not_applicable: Vec::new(),
                limited: Vec::new(),
                rejected: Some(rejection),
                warnings,
            },
        })
    }

    /// Checks one record for the live call: outcome codes and clause positions in `judged`
    /// (reused between calls), the record's reference, warnings and rejection. The texts are
    /// the pack's ([`Engine::check_meta`]), joined by the caller.
    pub fn check_live(&self, input: &str, run: &Run, judged: &mut Judged) -> Result<Live> {
        self.read_one(input, run, |one, warnings, run| match one {
            One::Record(record) => {
                self.judge(record, run, judged);
                Live {
                    record: Some(record_ref(record)),
                    rejected: None,
                    warnings,
                }
            }
            One::Rejected(rejection) => {
                judged.clear();
                Live {
                    record: None,
                    rejected: Some(rejection),
                    warnings,
                }
            }
        })
    }

    /// Why one check fails on one record (the `explanation` of its finding, computed when it is
    /// asked for): the failing sub-conditions with the values seen, in both languages. A record
    /// that is rejected has none; a check that is not in the pack is an option error.
    pub fn explain(
        &self,
        input: &str,
        run: &Run,
        check_id: &str,
    ) -> Result<Vec<crate::rules::logic::Explanation>> {
        let core = &self.core;
        let Some(check) = core.pack.checks.iter().find(|c| c.def.id == check_id) else {
            return Err(Error::option(
                "check",
                format!("{check_id:?} is not a check of this engine's rule packs"),
            ));
        };
        self.read_one(input, run, |one, _, run| match one {
            One::Record(record) => {
                let raw_json = parse_raw(record, core.pack.uses_raw);
                let cx = Cx::new(Some(record), raw_json.as_ref(), run.as_of.0, core.logic);
                crate::rules::logic::explain(&check.require, &cx)
            }
            One::Rejected(_) => Vec::new(),
        })
    }

    /// Reads the one record of a `check` input (JSON or a one-row CSV) as `evaluate` reads an
    /// element and hands it, or its rejection, to `then` with its warnings in the run's language.
    fn read_one<T>(
        &self,
        input: &str,
        run: &Run,
        then: impl FnOnce(One<'_, '_>, Vec<Warning>, &Run) -> T,
    ) -> Result<T> {
        if let Some(csv) = input::prepare_csv(input, run)? {
            if csv.row_count != 1 {
                return Err(Error::misuse(format!(
                    "check() takes one record; this CSV holds {} rows (use evaluate())",
                    csv.row_count
                )));
            }
            let run = Run {
                source: input::csv_source(&csv),
                ..run.clone()
            };
            return self.read_one(&csv.json, &run, then);
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
        let mut batch = input::convert_all(&elements, 0, run)?;
        batch.grouped_into_warnings();
        let mut warnings = std::mem::take(&mut batch.warnings);
        crate::i18n::localize_warnings(run.lang, &mut warnings);
        crate::i18n::localize_rejections(run.lang, &mut batch.rejected);
        if let Some(rejection) = batch.rejected.pop() {
            return Ok(then(One::Rejected(rejection), warnings, run));
        }
        match batch.records.first() {
            Some(record) => Ok(then(One::Record(record), warnings, run)),
            None => Err(Error::misuse(
                "check() needs a record; this element only relates to other records",
            )),
        }
    }

    /// What the live result's codes stand for, in `lang`: every check of the pack with its
    /// texts, severity, phase and clauses, and every clause of both editions with its title.
    /// JavaScript asks for it once per engine and language.
    pub fn check_meta(&self, lang: Lang) -> CheckMeta<'_> {
        let core = &self.core;
        let checks = &core.pack.checks;
        // Findings are listed by severity, then id: each check's place in that order.
        let mut ranked: Vec<usize> = (0..checks.len()).collect();
        crate::util::sort::sort_by(&mut ranked, |a, b| {
            let key = |i: &usize| checks.get(*i).map(|c| (c.def.severity, &c.def.id));
            key(a).cmp(&key(b))
        });
        let mut order = vec![0; checks.len()];
        for (rank, ci) in ranked.into_iter().enumerate() {
            if let Some(slot) = order.get_mut(ci) {
                *slot = rank;
            }
        }
        let ids = |clauses: &PerEdition<Vec<ClausePos>>| -> PerEdition<Vec<&str>> {
            PerEdition::from_fn(|edition| {
                let cat = core.catalog.edition(edition);
                sorted_unique(clauses.get(edition))
                    .iter()
                    .filter_map(|p| cat.clauses.get(usize::from(*p)))
                    .map(|c| c.id.as_str())
                    .collect()
            })
        };
        let clauses = |edition: Edition| -> Vec<ClauseMeta<'_>> {
            core.catalog
                .edition(edition)
                .clauses
                .iter()
                .map(|c| ClauseMeta {
                    id: &c.id,
                    title: c.title.get(lang),
                })
                .collect()
        };
        let clauses = PerEdition::from_fn(clauses);
        CheckMeta {
            lang,
            checks: checks
                .iter()
                .zip(order)
                .map(|(c, order)| {
                    let ids = ids(&c.clauses);
                    CheckInfo {
                        id: &c.def.id,
                        title: c.def.title.get(lang),
                        severity: c.def.severity,
                        severity_label: c.def.severity.label().get(lang).to_string(),
                        phase: c.phase,
                        clauses2018: ids.e2018,
                        clauses2011: ids.e2011,
                        message: c.def.message.get(lang),
                        hint: c.def.hint.get(lang),
                        case: core.catalog.case_id_for_check(&c.def.id),
                        order,
                    }
                })
                .collect(),
            clauses2018: clauses.e2018,
            clauses2011: clauses.e2011,
            phases: Phase::ALL,
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
        let mut judged = Judged::default();
        self.judge_in(record, &cx, &mut judged);
        let mut findings = Vec::new();
        let mut passed = Vec::new();
        let mut not_applicable = Vec::new();
        let mut limited = Vec::new();
        for &(ci, verdict) in &judged.outcomes {
            let Some(check) = core.pack.checks.get(ci) else {
                continue;
            };
            let id = || check.def.id.clone();
            match verdict {
                Verdict::Pass => passed.push(id()),
                Verdict::NotApplicable => not_applicable.push(id()),
                Verdict::Limited => limited.push(id()),
                Verdict::Fail => {
                    let clauses = match judged.dynamic.iter().find(|d| d.0 == ci) {
                        Some((_, c2018, c2011)) => PerEdition::new(c2018.clone(), c2011.clone()),
                        None => check.clauses.as_ref().map(|c| sorted_unique(c)),
                    };
                    findings.push(self.finding(check, &clauses, lang, &cx));
                }
            }
        }
        crate::util::sort::sort_by(&mut findings, |a, b| {
            (a.severity, &a.check).cmp(&(b.severity, &b.check))
        });
        let mut masks = Vec::new();
        judged.clause_masks(run.edition, &mut masks);
        let cat = core.catalog.edition(run.edition);
        let clauses = masks
            .chunks_exact(2)
            .filter_map(|pair| {
                let (&pos, &mask) = (pair.first()?, pair.get(1)?);
                let c = cat.clauses.get(pos as usize)?;
                Some(ClauseHit {
                    id: c.id.clone(),
                    edition: run.edition,
                    title: c.title.get(lang).to_string(),
                    phases: phases_of(mask),
                })
            })
            .collect();
        CheckResult {
            record: Some(record_ref(record)),
            edition: run.edition,
            clauses,
            findings,
            passed,
            not_applicable,
            limited,
            rejected: None,
            warnings,
        }
    }

    /// Judges one converted record into `judged` (cleared first; its buffers are reused): what
    /// each check of the record's kind said and the clauses the record is evidence for, with
    /// no text attached. The live `check` sends this to JavaScript, which joins the texts.
    pub fn judge(&self, record: &Record<'_>, run: &Run, judged: &mut Judged) {
        let raw_json = parse_raw(record, self.core.pack.uses_raw);
        let cx = Cx::new(
            Some(record),
            raw_json.as_ref(),
            run.as_of.0,
            self.core.logic,
        );
        self.judge_in(record, &cx, judged);
    }

    /// Judges a record the live form converted itself (no input text to read), as
    /// [`Engine::check_live`] judges the one record of its input: codes into `judged`. `last`
    /// is the reference of the form's last record, replaced when this one's differs (then
    /// `true`): a form checks the same record edit after edit, so it is seldom built anew.
    pub fn judge_live(
        &self,
        record: &Record<'_>,
        run: &Run,
        judged: &mut Judged,
        last: &mut Option<RecordRef>,
    ) -> bool {
        self.judge(record, run, judged);
        if last.as_ref().is_some_and(|r| refers_to(r, record)) {
            return false;
        }
        *last = Some(record_ref(record));
        true
    }

    fn judge_in<'r>(&'r self, record: &'r Record<'r>, cx: &Cx<'r>, judged: &mut Judged) {
        let core = &self.core;
        judged.clear();
        let Judged {
            outcomes,
            dynamic,
            hits,
            scratch,
        } = judged;
        core.map_evidence(record, cx, hits, scratch);
        core.judge_each(record, cx, scratch, |j| {
            let verdict = Verdict::of(j.outcome, j.is_window);
            outcomes.push((j.ci, verdict));
            if verdict == Verdict::Fail && !j.added.is_empty() {
                // The record adds clauses to this finding: its own list, sorted, in both editions.
                let clauses = core.with_added(&j.check.clauses, j.added);
                dynamic.push((j.ci, clauses.e2018, clauses.e2011));
            }
            if let Some(added) = j.evidence() {
                core.add_hits(hits, &j.check.clauses, added, j.check.phase);
            }
        });
    }

    /// A failing check as a finding on the record, with its clauses and texts in `lang`.
    fn finding<'r>(
        &self,
        check: &'r CompiledCheck,
        clauses: &PerEdition<Vec<ClausePos>>,
        lang: Lang,
        cx: &Cx<'r>,
    ) -> Finding {
        let ids = PerEdition::from_fn(|edition| self.ids(edition, clauses.get(edition)));
        Finding {
            check: check.def.id.clone(),
            title: check.def.title.get(lang).to_string(),
            severity: check.def.severity,
            severity_label: check.def.severity.label().get(lang).to_string(),
            phase: check.phase,
            clauses2018: ids.e2018,
            clauses2011: ids.e2011,
            message: check.def.message.get(lang).to_string(),
            hint: check.def.hint.get(lang).to_string(),
            case: self
                .core
                .catalog
                .case_id_for_check(&check.def.id)
                .map(str::to_string),
            explanation: crate::rules::logic::explain(&check.require, cx),
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
}

impl Core {
    /// A rule's own clauses with the 2018 positions a record `added` (and their 2011
    /// counterparts), each edition sorted without repeats.
    fn with_added(
        &self,
        own: &PerEdition<Vec<ClausePos>>,
        added: &[ClausePos],
    ) -> PerEdition<Vec<ClausePos>> {
        let mut clauses = own.clone();
        clauses.e2018.extend(added);
        clauses.e2011.extend(self.crosswalk(added));
        clauses.map(|c| sorted_unique(&c))
    }
}

/// The record of a `check` input, or why it could not be read.
enum One<'r, 'a> {
    Record(&'r Record<'a>),
    Rejected(Rejection),
}

/// How one check came out on one record: the codes of the live result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pass = 0,
    /// A finding (a window check that fails is about the period, so never this).
    Fail = 1,
    /// Not applicable, undetermined, or a failing window check.
    NotApplicable = 2,
    /// Stopped by the condition's step budget: not judged.
    Limited = 3,
}

impl Verdict {
    fn of(outcome: Outcome, is_window: bool) -> Verdict {
        match outcome {
            Outcome::NotApplicable | Outcome::Undetermined => Verdict::NotApplicable,
            Outcome::Limited => Verdict::Limited,
            Outcome::Pass => Verdict::Pass,
            // A window check is about the whole period, not a finding on this record.
            Outcome::Fail if is_window => Verdict::NotApplicable,
            Outcome::Fail => Verdict::Fail,
        }
    }
}

/// One record judged, before any text is attached. Its buffers are kept between live calls.
#[derive(Debug, Default)]
pub struct Judged {
    /// (check index, verdict) in the order the checks ran.
    pub outcomes: Vec<(usize, Verdict)>,
    /// Failing checks whose clauses the record adds to (`clausesFrom`): (check index, 2018
    /// positions, 2011 positions), each sorted without repeats. Other findings have their
    /// check's own clauses.
    pub dynamic: Vec<(usize, Vec<ClausePos>, Vec<ClausePos>)>,
    hits: Hits,
    scratch: Vec<ClausePos>,
}

impl Judged {
    fn clear(&mut self) {
        self.outcomes.clear();
        self.dynamic.clear();
        self.hits.iter_mut().for_each(Vec::clear);
        self.scratch.clear();
    }

    /// The clauses the record is evidence for in `edition`, in document order, as `[position,
    /// phase bits, …]` into `out` (bit i: [`Phase::ALL`]`[i]`).
    pub fn clause_masks(&mut self, edition: Edition, out: &mut Vec<u32>) {
        out.clear();
        let hits = self.hits.get_mut(edition);
        crate::util::sort::sort_by_key(hits, |(p, _)| *p);
        for (pos, phase) in hits.iter() {
            let bit = 1u32 << phase_index(*phase);
            let (pos, len) = (u32::from(*pos), out.len());
            match out.get_mut(len.wrapping_sub(2)..) {
                Some([last, mask]) if *last == pos => *mask |= bit,
                _ => out.extend([pos, bit]),
            }
        }
    }
}

/// The live result besides the codes: the record's reference, or its rejection, and warnings
/// (in the run's language).
#[derive(Debug)]
pub struct Live {
    pub record: Option<RecordRef>,
    pub rejected: Option<Rejection>,
    pub warnings: Vec<Warning>,
}

/// The pack's checks and the catalogue's clauses in one language ([`Engine::check_meta`]).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckMeta<'e> {
    pub lang: Lang,
    /// By check index.
    pub checks: Vec<CheckInfo<'e>>,
    /// By clause position.
    pub clauses2018: Vec<ClauseMeta<'e>>,
    pub clauses2011: Vec<ClauseMeta<'e>>,
    /// The phase of each bit of a clause's phase bits.
    pub phases: [Phase; 4],
}

/// A check as its findings show it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckInfo<'e> {
    pub id: &'e str,
    pub title: &'e str,
    pub severity: Severity,
    pub severity_label: String,
    pub phase: Phase,
    /// Its own clauses, sorted (a finding lists these unless the record adds some).
    pub clauses2018: Vec<&'e str>,
    pub clauses2011: Vec<&'e str>,
    pub message: &'e str,
    pub hint: &'e str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<&'e str>,
    /// Its place when findings are listed (by severity, then id).
    pub order: usize,
}

#[derive(Debug, Serialize)]
pub struct ClauseMeta<'e> {
    pub id: &'e str,
    pub title: &'e str,
}

fn phase_index(phase: Phase) -> usize {
    Phase::ALL.iter().position(|p| *p == phase).unwrap_or(0)
}

/// The phases of a clause's phase bits, in PDCA order.
fn phases_of(mask: u32) -> Vec<Phase> {
    Phase::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, p)| *p)
        .collect()
}

fn sorted_unique(positions: &[ClausePos]) -> Vec<ClausePos> {
    let mut out = positions.to_vec();
    crate::util::sort::sort(&mut out);
    out.dedup();
    out
}

/// Whether `r` is [`record_ref`] of `record` (field by field, as it is built).
fn refers_to(r: &RecordRef, record: &Record<'_>) -> bool {
    r.id == *record.id
        && r.kind == record.kind
        && r.number.as_deref() == record.number.as_deref()
        && r.url.as_deref() == record.origin.url.as_deref()
        && r.tool.as_deref() == record.origin.tool.as_deref()
        && r.state == record.state.value().copied()
}

fn record_ref(record: &Record<'_>) -> RecordRef {
    RecordRef {
        id: record.id.to_string(),
        kind: record.kind,
        number: record.number.as_ref().map(|n| n.to_string()),
        url: record.origin.url.as_ref().map(|u| u.to_string()),
        tool: record.origin.tool.as_ref().map(|t| t.to_string()),
        state: record.state.value().copied(),
    }
}
