//! The report of an evaluation (documented by `schema/report.schema.json`) and the result of
//! checking one record.

mod build;
mod cells;
mod labels;
mod quality;
mod services;

use serde::Serialize;

use crate::catalog::{Edition, Lang, Phase};
use crate::pdca::{Example, Rating, Stage};
use crate::record::source::{Rejection, Warning};
use crate::record::{Kind, State};
use crate::rules::pack::{Aspect, RatingPolicy};
use crate::rules::{Severity, Thresholds};
use crate::util::vec_map::VecMap;

pub use build::build_report;

/// Declares types of the report or of `check`'s answer with the traits they all derive:
/// serialised to JSON, and with the features their JSON Schema and TypeScript declaration. Each
/// type's own attributes (its documentation, serde's) follow the derives.
macro_rules! report_types {
    ($($(#[$attr:meta])* pub $kind:ident $name:ident $body:tt)*) => {
        $(
            #[derive(Clone, Debug, PartialEq, Serialize)]
            #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
            #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
            $(#[$attr])*
            pub $kind $name $body
        )*
    };
}

/// A rated row of the report (a clause, a process): its own fields, then the PDCA fields every
/// such row carries in this order, `complete` saying when its cycle is complete.
macro_rules! rated_row {
    (
        $(#[$attr:meta])*
        pub struct $name:ident { $($own:tt)* }
        complete: $($complete:literal)+
    ) => {
        report_types! {
            $(#[$attr])*
            pub struct $name {
                $($own)*
                pub phases: Phases,
                /// The last phase, in PDCA order, that is evidenced and rated L or F, passing over phases
                /// without evidence and stopping at one rated N or P.
                pub stage: Stage,
                $(#[doc = $complete])+
                pub cycle_complete: bool,
                /// What this export lacks to complete the cycle.
                pub missing: Vec<Missing>,
                /// Checks with an open clause-level finding here (see `clauseFindings`), most severe first.
                pub findings: Vec<String>,
                /// Targets met, kept apart from the conformity ratings.
                #[serde(skip_serializing_if = "Option::is_none")]
                pub performance: Option<Performance>,
            }
        }
    };
}

pub const REPORT_SCHEMA_VERSION: u32 = 2;

report_types! {
    #[serde(rename_all = "camelCase")]
    pub struct Report {
        pub schema_version: u32,
        /// Data quality first: rejections and their fixes, fields, checks judged, the data's span,
        /// and the alerts to show before any rating.
        pub quality: Quality,
        pub engine: EngineInfo,
        pub edition: Edition,
        pub lang: Lang,
        pub window: Window,
        pub thresholds: Thresholds,
        /// Severity weights, systemic thresholds and the low-evidence floor the ratings used.
        pub rating: RatingPolicy,
        pub records: RecordCounts,
        /// Records that could not be read, smallest index first (at most 1,000 listed).
        pub rejected: Vec<Rejection>,
        /// Values that were not understood; their records were still evaluated (at most 1,000 listed).
        pub warnings: Vec<Warning>,
        pub warnings_total: u64,
        /// Every requirement clause of the edition, in document order.
        pub clauses: Vec<ClauseRow>,
        pub processes: Vec<ProcessRow>,
        pub checks: Vec<CheckRow>,
        /// One finding per check that failed, as an auditor raises it on the clause: the records
        /// that failed, their share, and the severity after escalation of a systemic failure.
        /// Most severe first, then by records.
        pub clause_findings: Vec<ClauseFinding>,
        /// PDCA per service (records grouped by the service they concern), SMS scope marked.
        pub services: Vec<ServiceRow>,
        /// The SMS scope the services were marked against.
        pub scope: ScopeInfo,
        pub months: Vec<MonthRow>,
        pub summary: Summary,
        /// Every failing (record, check) pair, by record id then check, when the evaluation asked
        /// for them (`findings: true`); the check's title, clauses, message and hint are in `checks`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub findings: Option<Vec<FindingRow>>,
    }

    /// One failing check on one record.
    #[serde(rename_all = "camelCase")]
    pub struct FindingRow {
        pub id: String,
        pub kind: Kind,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub number: Option<String>,
        /// A link back to the record in its tool, when the payload has one.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub tool: Option<String>,
        /// The record's primary time (RFC 3339, UTC): when it was opened or held.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub time: Option<String>,
        pub check: String,
        pub severity: Severity,
        pub phase: Phase,
        /// The record's display name when it has no human reference (a configuration item's,
        /// service's or supplier's name), never its key.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// The assignment group, as the export gives it.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub group: Option<String>,
        /// The service the record concerns, as the record refers to it (often a service's id).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub service: Option<String>,
        /// That service's name, from the service record of the same export, when it has one.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub service_name: Option<String>,
    }

    #[serde(rename_all = "camelCase")]
    pub struct EngineInfo {
        pub version: String,
        /// The rule packs, e.g. `builtin@2026.1`.
        pub rules: String,
    }

    #[serde(rename_all = "camelCase")]
    pub struct Window {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub from: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub to: Option<String>,
        /// "Now" for age checks (review periods, overdue actions).
        pub as_of: String,
    }

    #[serde(rename_all = "camelCase")]
    pub struct RecordCounts {
        /// Elements in the input. Always `evaluated + rejected`.
        #[serde(rename = "in")]
        pub input: u64,
        pub evaluated: u64,
        pub rejected: u64,
        /// Evaluated elements that were joined into another record (approval rows, SLA payloads,
        /// superseded versions of a list export) rather than evaluated on their own.
        pub joined: u64,
        /// Evaluated records inside the window (the others were read but not counted).
        pub in_window: u64,
        /// Records of services outside the SMS scope (still evaluated, reported per service).
        pub out_of_scope: u64,
        // A sorted vector rather than a `BTreeMap` (one B-tree less in the wasm), declared as the
        // map it serialises as.
        #[cfg_attr(feature = "schema", schemars(with = "std::collections::BTreeMap<Kind, u64>"))]
        #[cfg_attr(feature = "wasm", tsify(type = "Map<Kind, number>"))]
        pub by_kind: VecMap<Kind, u64>,
        #[cfg_attr(feature = "schema", schemars(with = "std::collections::BTreeMap<String, u64>"))]
        #[cfg_attr(feature = "wasm", tsify(type = "Map<string, number>"))]
        pub by_source: VecMap<String, u64>,
    }

    #[serde(rename_all = "camelCase")]
    pub struct PhaseCell {
        pub rating: Rating,
        /// Mean pass rate (percent) of the checks that applied; absent without evidence.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub score: Option<f64>,
        /// Check outcomes that passed / failed.
        pub passed: u64,
        pub failed: u64,
        /// Distinct records that are evidence for this clause in this phase: the sample size.
        pub evidence: u64,
        /// Fewer evidence records than the pack's `rating.minEvidence`: read the rating with care.
        pub low_evidence: bool,
        /// Conformity checks that applied.
        pub checks: u32,
        /// The rating was held down by an open finding: at most P under a major nonconformity,
        /// at most L under a minor one.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub capped_by: Option<Severity>,
        /// The checks failing most, with example records.
        pub worst: Vec<WorstCheck>,
    }

    #[serde(rename_all = "camelCase")]
    pub struct WorstCheck {
        pub check: String,
        /// The clause-level finding's severity (escalated when the failure is systemic).
        pub severity: Severity,
        pub failed: u64,
        pub pass_rate: f64,
        pub examples: Vec<Example>,
    }

    pub struct Phases {
        pub plan: PhaseCell,
        #[serde(rename = "do")]
        pub do_: PhaseCell,
        pub check: PhaseCell,
        pub act: PhaseCell,
    }
}

impl Phases {
    pub fn get(&self, phase: Phase) -> &PhaseCell {
        match phase {
            Phase::Plan => &self.plan,
            Phase::Do => &self.do_,
            Phase::Check => &self.check,
            Phase::Act => &self.act,
        }
    }

    pub fn ratings(&self) -> [Rating; 4] {
        [
            self.plan.rating,
            self.do_.rating,
            self.check.rating,
            self.act.rating,
        ]
    }
}

rated_row! {
    #[serde(rename_all = "camelCase")]
    pub struct ClauseRow {
        pub id: String,
        pub edition: Edition,
        pub title: String,
        pub depth: u8,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub parent: Option<String>,
        /// The clause's own PDCA role in the standard.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub role: Option<Phase>,
    }
    complete: " All four phases evidenced and rated L or F, no open major finding, and every child"
        " clause that carries requirements complete."
}

rated_row! {
    #[serde(rename_all = "camelCase")]
    pub struct ProcessRow {
        pub id: String,
        pub name: String,
        pub clauses: Vec<String>,
    }
    complete: " All four phases evidenced and rated L or F, no open major finding, and every clause of"
        " the process complete."
}

report_types! {
    /// A phase without evidence, and what would supply it.
    #[serde(rename_all = "camelCase")]
    pub struct Missing {
        pub phase: Phase,
        /// Checks of the pack that give this phase evidence here.
        pub checks: Vec<String>,
        /// The record kinds those checks read.
        pub kinds: Vec<Kind>,
        /// Kinds whose `covers` (documents, activities, audits, improvements …) can name the
        /// clause and so give this phase evidence.
        pub covering: Vec<Kind>,
        /// The same as a sentence in the report's language.
        pub text: String,
    }

    /// Performance against targets (SLA targets met, continuity tests passed …), never mixed into
    /// the conformity ratings.
    #[serde(rename_all = "camelCase")]
    pub struct Performance {
        pub met: u64,
        pub missed: u64,
        /// Percent met.
        pub share: f64,
        pub checks: Vec<PerformanceCheck>,
    }

    #[serde(rename_all = "camelCase")]
    pub struct PerformanceCheck {
        pub check: String,
        pub met: u64,
        pub missed: u64,
    }

    /// A clause-level finding: one per failing check.
    #[serde(rename_all = "camelCase")]
    pub struct ClauseFinding {
        pub check: String,
        pub title: String,
        /// After escalation: a systemic failure of a minor check is a major nonconformity.
        pub severity: Severity,
        pub severity_label: String,
        /// The check's own severity, for one record.
        pub record_severity: Severity,
        /// The failing records reached the systemic share and count.
        pub systemic: bool,
        pub phase: Phase,
        /// Clauses of the report's edition.
        pub clauses: Vec<String>,
        /// Failing records (a window check: 1 for the window).
        pub records: u64,
        /// Records the check judged.
        pub judged: u64,
        /// Percent of the judged records that failed.
        pub share: f64,
        pub examples: Vec<Example>,
        pub message: String,
        pub hint: String,
        /// The teaching case that explains why this matters.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub case: Option<String>,
    }

    /// How usable the export was.
    #[serde(rename_all = "camelCase")]
    pub struct Quality {
        /// Percent of the input rejected.
        pub rejected_share: f64,
        /// Rejections grouped by kind of problem, most frequent first, each with its fix.
        pub rejected: Vec<QualityReason>,
        /// Warnings grouped the same way (values not understood; their records were evaluated).
        pub warnings: Vec<QualityReason>,
        /// Per kind and canonical field: how many records had a value, were empty (or unreadable),
        /// or did not carry the field at all.
        pub fields: Vec<FieldQuality>,
        /// Per record check: how many of the records it concerned it could judge.
        pub checks: Vec<CheckQuality>,
        /// The earliest and latest time in the data, whatever the window.
        pub data_span: DataSpan,
        /// `asOf` was not given and was taken from the data's latest time (a historical export is
        /// judged as of its own end, not today).
        pub as_of_from_data: bool,
        /// Which source decided the SLA outcome of the records that have one.
        pub sla_sources: SlaSources,
        /// What a screen must show before any rating: `red` when most of the input was not
        /// evaluated or a check was stopped by a limit, `amber` for lesser problems.
        pub alerts: Vec<Alert>,
    }

    #[serde(rename_all = "camelCase")]
    pub struct QualityReason {
        pub count: u64,
        /// Percent of the input (rejections) or of the evaluated records (warnings).
        pub share: f64,
        /// The first occurrence.
        pub index: u64,
        pub path: String,
        pub message: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub fix: Option<String>,
    }

    #[serde(rename_all = "camelCase")]
    pub struct FieldQuality {
        pub kind: Kind,
        pub field: String,
        pub records: u64,
        pub readable: u64,
        pub empty: u64,
        pub absent: u64,
        /// Percent of the records with a value.
        pub readable_share: f64,
    }

    #[serde(rename_all = "camelCase")]
    pub struct CheckQuality {
        pub check: String,
        /// Records judged (passed or failed).
        pub judged: u64,
        /// Records the check concerned but could not judge (a field it needs was missing).
        pub undetermined: u64,
        /// Records the check was stopped on by its step limit.
        pub limited: u64,
        /// Percent judged of the records concerned.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub judged_share: Option<f64>,
    }

    /// Records with an SLA outcome, by what decided it.
    #[serde(rename_all = "camelCase")]
    pub struct SlaSources {
        /// SLA rows of the tool (ServiceNow task_sla, Jira SLA pages …).
        pub sla_rows: u64,
        /// The ticket's own verdict field (made_sla, is_late, escalation flags …), without rows.
        pub verdict_field: u64,
        /// Given as it is (canonical records).
        pub given: u64,
    }

    #[serde(rename_all = "camelCase")]
    pub struct DataSpan {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub first: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub last: Option<String>,
    }

    #[serde(rename_all = "camelCase")]
    pub struct Alert {
        /// `red` or `amber`.
        pub level: String,
        /// `most_rejected`, `rejected`, `unreadable`, `empty_field`, `undetermined`, `limited`,
        /// `window_outside_data`.
        pub code: String,
        pub message: String,
    }

    /// The SMS scope services were marked against.
    #[serde(rename_all = "camelCase")]
    pub struct ScopeInfo {
        /// `context` (the instance context names the services), `services` (service records say
        /// whether they are in scope) or `none` (nothing says: every service counts as in scope).
        pub source: String,
        /// The in-scope services named.
        pub services: Vec<String>,
    }

    /// PDCA of one service.
    #[serde(rename_all = "camelCase")]
    pub struct ServiceRow {
        /// The key records were grouped by: the service record's id, or the name records give.
        pub id: String,
        /// The service's name (its record's title), else the key.
        pub name: String,
        /// Inside the SMS scope; `false` when the scope is known and leaves this service out.
        pub in_scope: bool,
        pub records: u64,
        /// Every check on this service's records, by phase.
        pub phases: Phases,
        pub stage: Stage,
        pub cycle_complete: bool,
        /// Processes with evidence for this service.
        pub processes: Vec<ProcessRow>,
        /// Leaf clauses with evidence for this service.
        pub clauses: Vec<ServiceClauseRow>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub performance: Option<Performance>,
    }

    #[serde(rename_all = "camelCase")]
    pub struct ServiceClauseRow {
        pub id: String,
        pub title: String,
        pub phases: Phases,
        pub stage: Stage,
    }

    #[serde(rename_all = "camelCase")]
    pub struct CheckRow {
        pub id: String,
        pub title: String,
        pub phase: Phase,
        pub severity: Severity,
        pub severity_label: String,
        /// `conformity` (rated) or `performance` (reported as figures).
        pub aspect: Aspect,
        /// The clause-level finding's severity when the check failed (escalated when systemic).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub finding_severity: Option<Severity>,
        /// `record` or `window`.
        pub scope: String,
        pub kinds: Vec<Kind>,
        pub clauses2018: Vec<String>,
        pub clauses2011: Vec<String>,
        /// Records (or, for window checks, windows) the check applied to.
        pub applicable: u64,
        pub passed: u64,
        /// Records that fail this check.
        pub failed: u64,
        pub not_applicable: u64,
        /// Records the check was stopped on by its step limit (not judged, never "not applicable").
        pub limited: u64,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub pass_rate: Option<f64>,
        /// Failing records (record checks) or the records that satisfied a window check.
        pub examples: Vec<Example>,
        /// Window checks with `everyMonths`: the longest stretch of months without a passing
        /// record, window edges included.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub longest_gap_months: Option<u32>,
        /// Window checks with `mustCover`: the processes the passing records left uncovered.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub uncovered: Option<Vec<String>>,
        pub message: String,
        pub hint: String,
        /// The teaching case that explains why this check matters.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub case: Option<String>,
    }

    #[serde(rename_all = "camelCase")]
    pub struct MonthRow {
        /// `YYYY-MM` (UTC).
        pub month: String,
        pub records: u64,
        pub passed: u64,
        pub failed: u64,
        pub phases: MonthPhases,
    }

    pub struct MonthPhases {
        pub plan: MonthCell,
        #[serde(rename = "do")]
        pub do_: MonthCell,
        pub check: MonthCell,
        pub act: MonthCell,
    }

    #[serde(rename_all = "camelCase")]
    pub struct MonthCell {
        pub rating: Rating,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub score: Option<f64>,
        pub passed: u64,
        pub failed: u64,
    }

    #[serde(rename_all = "camelCase")]
    pub struct Summary {
        /// Records by the worst severity of the conformity checks they fail (a record counts once).
        #[cfg_attr(feature = "schema", schemars(with = "std::collections::BTreeMap<Severity, u64>"))]
        #[cfg_attr(feature = "wasm", tsify(type = "Map<Severity, number>"))]
        pub records_failing_by_severity: VecMap<Severity, u64>,
        /// Clause-level findings per severity, after escalation.
        #[cfg_attr(feature = "schema", schemars(with = "std::collections::BTreeMap<Severity, u64>"))]
        #[cfg_attr(feature = "wasm", tsify(type = "Map<Severity, number>"))]
        pub findings_by_severity: VecMap<Severity, u64>,
        /// Requirement clauses (depth ≥ 2) whose PDCA cycle is complete, and how many were rated.
        pub clauses_cycle_complete: u32,
        pub clauses_with_evidence: u32,
        pub processes_cycle_complete: u32,
        pub services: u32,
        pub services_cycle_complete: u32,
    }

    /// One finding on one record: the live-form answer.
    #[serde(rename_all = "camelCase")]
    pub struct Finding {
        pub check: String,
        pub title: String,
        pub severity: Severity,
        pub severity_label: String,
        pub phase: Phase,
        pub clauses2018: Vec<String>,
        pub clauses2011: Vec<String>,
        pub message: String,
        pub hint: String,
        /// The teaching case that explains why this matters.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub case: Option<String>,
        /// Which sub-condition failed, with the values seen (for a tooltip), in the report's language
        /// under `text`.
        pub explanation: Vec<crate::rules::logic::Explanation>,
    }

    /// A clause a record is evidence for.
    #[serde(rename_all = "camelCase")]
    pub struct ClauseHit {
        pub id: String,
        pub edition: Edition,
        pub title: String,
        pub phases: Vec<Phase>,
    }

    #[serde(rename_all = "camelCase")]
    pub struct RecordRef {
        pub id: String,
        pub kind: Kind,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub number: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub tool: Option<String>,
        /// Its lifecycle state in the canonical scale (`new`, `in_progress`, `resolved` …), when
        /// the record has one: whether a finding is premature for it (the browser extension
        /// holds findings back until a record is resolved or saved).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub state: Option<State>,
    }

    /// The answer to `check(record)`: clauses, failed checks, and what was not applicable.
    #[serde(rename_all = "camelCase")]
    pub struct CheckResult {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub record: Option<RecordRef>,
        pub edition: Edition,
        pub clauses: Vec<ClauseHit>,
        pub findings: Vec<Finding>,
        pub passed: Vec<String>,
        pub not_applicable: Vec<String>,
        /// Checks stopped by their condition's step budget: not judged (never "not applicable").
        #[serde(skip_serializing_if = "Vec::is_empty")]
        pub limited: Vec<String>,
        /// Set when the record could not be read at all.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub rejected: Option<Rejection>,
        pub warnings: Vec<Warning>,
    }
}
