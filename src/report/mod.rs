//! The report of an evaluation (documented by `schema/report.schema.json`) and the result of
//! checking one record.

mod build;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{Edition, Lang, Phase};
use crate::pdca::{Example, Rating, Stage};
use crate::record::Kind;
use crate::record::source::{Rejection, Warning};
use crate::rules::{Severity, Thresholds};

pub use build::build_report;

pub const REPORT_SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub schema_version: u32,
    pub engine: EngineInfo,
    pub edition: Edition,
    pub lang: Lang,
    pub window: Window,
    pub thresholds: Thresholds,
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
    pub months: Vec<MonthRow>,
    pub summary: Summary,
    /// Every failing (record, check) pair, by record id then check, when the evaluation asked
    /// for them (`findings: true`); the check's title, clauses, message and hint are in `checks`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub findings: Option<Vec<FindingRow>>,
}

/// One failing check on one record.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct EngineInfo {
    pub version: String,
    /// The rule packs, e.g. `builtin@2026.1`.
    pub rules: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Window {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// "Now" for age checks (review periods, overdue actions).
    pub as_of: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    pub by_kind: BTreeMap<Kind, u64>,
    pub by_source: BTreeMap<String, u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PhaseCell {
    pub rating: Rating,
    /// Mean pass rate (percent) of the checks that applied; absent without evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Check outcomes that passed / failed.
    pub passed: u64,
    pub failed: u64,
    /// Distinct records that are evidence for this clause in this phase.
    pub evidence: u64,
    /// Checks that applied.
    pub checks: u32,
    /// The checks failing most, with example records.
    pub worst: Vec<WorstCheck>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct WorstCheck {
    pub check: String,
    pub severity: Severity,
    pub failed: u64,
    pub pass_rate: f64,
    pub examples: Vec<Example>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Phases {
    pub plan: PhaseCell,
    #[serde(rename = "do")]
    pub do_: PhaseCell,
    pub check: PhaseCell,
    pub act: PhaseCell,
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

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    pub phases: Phases,
    pub stage: Stage,
    pub cycle_complete: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ProcessRow {
    pub id: String,
    pub name: String,
    pub clauses: Vec<String>,
    pub phases: Phases,
    pub stage: Stage,
    pub cycle_complete: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CheckRow {
    pub id: String,
    pub title: String,
    pub phase: Phase,
    pub severity: Severity,
    pub severity_label: String,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pass_rate: Option<f64>,
    /// Failing records (record checks) or the records that satisfied a window check.
    pub examples: Vec<Example>,
    pub message: String,
    pub hint: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MonthRow {
    /// `YYYY-MM` (UTC).
    pub month: String,
    pub records: u64,
    pub passed: u64,
    pub failed: u64,
    pub phases: MonthPhases,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct MonthPhases {
    pub plan: MonthCell,
    #[serde(rename = "do")]
    pub do_: MonthCell,
    pub check: MonthCell,
    pub act: MonthCell,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MonthCell {
    pub rating: Rating,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    pub passed: u64,
    pub failed: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Failed records per severity.
    pub failures_by_severity: BTreeMap<Severity, u64>,
    /// Requirement clauses (depth ≥ 2) whose PDCA cycle is complete, and how many were rated.
    pub clauses_cycle_complete: u32,
    pub clauses_with_evidence: u32,
    pub processes_cycle_complete: u32,
}

/// One finding on one record: the live-form answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
    /// Which sub-condition failed, with the values seen (for a tooltip), in the report's language
    /// under `text`.
    pub explanation: Vec<crate::rules::logic::Explanation>,
}

/// A clause a record is evidence for.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ClauseHit {
    pub id: String,
    pub edition: Edition,
    pub title: String,
    pub phases: Vec<Phase>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
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
}

/// The answer to `check(record)`: clauses, failed checks, and what was not applicable.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CheckResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<RecordRef>,
    pub edition: Edition,
    pub clauses: Vec<ClauseHit>,
    pub findings: Vec<Finding>,
    pub passed: Vec<String>,
    pub not_applicable: Vec<String>,
    /// Set when the record could not be read at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejected: Option<Rejection>,
    pub warnings: Vec<Warning>,
}
