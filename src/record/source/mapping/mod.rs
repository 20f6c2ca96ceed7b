//! Any other tool, by mapping: a CSV from a tool without an adapter (HP/Micro Focus Service
//! Manager, BMC Helix/Remedy, TOPdesk, ManageEngine ServiceDesk Plus, Ivanti/Cherwell,
//! SolarWinds Service Desk, a home-grown tracker …) becomes canonical records through a mapping
//! carried in the instance context (`context.mapping`).
//!
//! A mapping names the id column (and the number column, else the id is the number), the kind
//! (fixed, or a column with a value map), the state (a column with a value map; well-known
//! labels are understood without one), and for each canonical field its source column, with an
//! optional value map:
//!
//! ```json
//! {"tool": "hp-service-manager", "id": "Incident ID",
//!  "kind": {"column": "Category", "values": {"incident": "incident",
//!           "request for information": "service_request"}, "default": "incident"},
//!  "state": {"column": "Status", "values": {"Closed": "closed", "Work in progress": "in_progress"}},
//!  "fields": {"openedAt": "Open Time", "closedAt": "Close Time",
//!             "priority": "Priority", "incident.reassignmentCount": "# Reassignments",
//!             "incident.resolutionCode": "Closure Code", "links.affects_ci": "CI Name (aff)"}}
//! ```
//!
//! Besides the canonical paths of `schema/record.schema.json`, a field can be `links.<relation>`
//! (each value, or each of several separated by `,` or `;`, is a link), `sla.met` or
//! `sla.breached` (the tool's SLA outcome) and `incident.reopenedAt` (a reopen time: present
//! means reopened).
//!
//! The **event-log form** (`eventLog`: case, timestamp and activity columns, with the activities
//! mapped to lifecycle steps) folds each case's rows into one record: opened at its first event
//! (or its `open` step), resolved and closed at its last `resolve` and `close` steps, with
//! reopen and reassignment counts from its `reopen` and `reassign` steps (or from changes of the
//! `group` column when no step says reassign). The other mapped fields take the case's last
//! non-empty value.
//!
//! Header conventions the proposal knows come from the tools' documentation; see
//! [`propose`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::context::Context;
use super::csv::{Note, Row, RowOrigin, RowWarning, Table, norm};
use crate::error::{Error, Result};
use crate::record::model::{
    ApprovalState, ChangeType, DocumentType, ImprovementSource, Kind, LinkRel, Outcome, Risk,
    SlaStage, State,
};
use crate::record::time::Instant;

pub mod propose;

/// How the columns of a CSV become canonical records (`context.mapping`).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Mapping {
    /// The tool's name in reports (`origin.tool`, `records.bySource`); `mapped` by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// The column holding the record's id (in the event-log form: the case column's, by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The column holding the human number; the id when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The kind of every record (`"incident"`), or a column with a value map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<KindSource>,
    /// The state column, with a value map (label → `new`, `in_progress`, `on_hold`,
    /// `resolved`, `closed`, `cancelled` …); well-known labels need no entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<ValueMap>,
    /// Canonical field path (`openedAt`, `incident.reassignmentCount`, `links.affects_ci`,
    /// `sla.met` …) → its column, or a column with a value map.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldSource>,
    /// The file is an event log: one row per event, folded into one record per case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_log: Option<EventLog>,
}

/// A fixed kind, or a column with a value map.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(
    untagged,
    expecting = "a kind such as \"incident\", or a column with a value map: {\"column\", \"values\", \"default\"}"
)]
pub enum KindSource {
    Fixed(String),
    Column(ValueMap),
}

/// A column, its values mapped (exact label first, then ignoring case), and what an unmapped
/// value becomes.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValueMap {
    pub column: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// A column, or a column with a value map.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(
    untagged,
    expecting = "a column name, or a column with a value map: {\"column\", \"values\", \"default\"}"
)]
pub enum FieldSource {
    Column(String),
    Mapped(ValueMap),
}

impl FieldSource {
    pub fn column(&self) -> &str {
        match self {
            FieldSource::Column(c) => c,
            FieldSource::Mapped(m) => &m.column,
        }
    }

    fn values(&self) -> Option<&ValueMap> {
        match self {
            FieldSource::Column(_) => None,
            FieldSource::Mapped(m) => Some(m),
        }
    }
}

/// The event-log form: which columns hold the case, the time and the activity, and what the
/// activities mean.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EventLog {
    pub case: String,
    pub timestamp: String,
    pub activity: String,
    /// The assignment group column: a change of group between events is a reassignment when no
    /// activity is mapped to `reassign`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Activity label → lifecycle step: `open`, `reopen`, `reassign`, `resolve`, `close`,
    /// `cancel` or `other`. Labels not listed are read by their words (`Reopen`, `Closed` …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub activities: BTreeMap<String, String>,
}

/// The lifecycle steps of an event log.
pub const STEPS: &[&str] = &[
    "open", "reopen", "reassign", "resolve", "close", "cancel", "other",
];

/// What a field holds, so that a text cell becomes the right JSON.
#[derive(Clone, Copy, Debug)]
pub enum FieldType {
    Text,
    Time,
    Bool,
    Count,
    Number,
    Level,
    /// A code; the function gives the canonical code of a label (`"Very high"` → `very_high`).
    Code(fn(&str) -> Option<&'static str>),
    TextList,
    Link(LinkRel),
    SlaMet,
    SlaBreached,
    /// `incident.reopenedAt`: a time present means the incident was reopened.
    ReopenedAt,
}

const BOOLS: &[&str] = &[
    "incident.major",
    "incident.security",
    "request.approvalRequired",
    "problem.knownError",
    "change.cabRequired",
    "change.unauthorized",
    "change.securityAssessed",
    "change.serviceChange",
    "ci.critical",
    "ci.asset",
    "serviceDetail.inScope",
    "measurement.met",
    "measurement.lowerIsBetter",
    "audit.independent",
    "report.coversTargets",
    "report.reviewedWithCustomer",
    "nonconformity.effective",
    "test.objectivesMet",
    "capacity.forecastIncluded",
    "capacity.availabilityConsidered",
    "supplier.performanceMet",
    "supplier.critical",
    "supplier.internal",
    "survey.followedUp",
];

const NUMBERS: &[&str] = &[
    "measurement.target",
    "measurement.actual",
    "capacity.peakUtilisation",
    "capacity.threshold",
    "survey.score",
    "survey.scaleMax",
];

const TIMES: &[&str] = &[
    "change.plannedStart",
    "change.plannedEnd",
    "change.actualStart",
    "change.actualEnd",
    "measurement.periodStart",
    "measurement.periodEnd",
    "report.periodStart",
    "report.periodEnd",
    "capacity.periodEnd",
    "supplier.contractStart",
    "supplier.contractEnd",
    "agreement.validFrom",
    "agreement.validTo",
    "improvement.targetDate",
];

/// Paths a mapping cannot fill: the mapping sets them itself.
const RESERVED: &[&str] = &["id", "kind", "number", "state", "stateLabel"];

fn code_of(label: &str) -> String {
    label.trim().to_lowercase().replace([' ', '-', '/'], "_")
}

/// The type of a canonical path a mapping can fill, or `None`.
pub fn field_type(path: &str) -> Option<FieldType> {
    if let Some(rel) = path.strip_prefix("links.") {
        return LinkRel::parse(rel).map(FieldType::Link);
    }
    match path {
        "sla.met" => return Some(FieldType::SlaMet),
        "sla.breached" => return Some(FieldType::SlaBreached),
        "incident.reopenedAt" => return Some(FieldType::ReopenedAt),
        _ => {}
    }
    if path.ends_with(".covers") {
        return Some(FieldType::TextList);
    }
    let known = crate::rules::fields::RECORD_FIELDS.contains(&path);
    let level_part = ["priority.", "impact.", "urgency."]
        .iter()
        .any(|p| path.starts_with(p));
    if !known || RESERVED.contains(&path) || path.starts_with("origin.") || level_part {
        return None;
    }
    Some(match path {
        "priority" | "impact" | "urgency" => FieldType::Level,
        "approval" => FieldType::Code(|t| ApprovalState::parse(&code_of(t)).map(|v| v.as_str())),
        "change.type" => FieldType::Code(|t| ChangeType::parse(&code_of(t)).map(|v| v.as_str())),
        "change.risk" => FieldType::Code(|t| Risk::parse(&code_of(t)).map(|v| v.as_str())),
        "measurement.stage" => {
            FieldType::Code(|t| SlaStage::parse(&code_of(t)).map(|v| v.as_str()))
        }
        "document.docType" => {
            FieldType::Code(|t| DocumentType::parse(&code_of(t)).map(|v| v.as_str()))
        }
        "improvement.source" | "nonconformity.source" => {
            FieldType::Code(|t| ImprovementSource::parse(&code_of(t)).map(|v| v.as_str()))
        }
        p if p.ends_with(".outcome") => {
            FieldType::Code(|t| Outcome::parse(&code_of(t)).map(|v| v.as_str()))
        }
        p if BOOLS.contains(&p) => FieldType::Bool,
        p if NUMBERS.contains(&p) => FieldType::Number,
        p if p.ends_with("Count") => FieldType::Count,
        p if p.ends_with("At") || TIMES.contains(&p) => FieldType::Time,
        _ => FieldType::Text,
    })
}

/// Every path a mapping can fill (for proposals and pickers).
pub fn targets() -> Vec<String> {
    let mut out: Vec<String> = crate::rules::fields::RECORD_FIELDS
        .iter()
        .filter(|p| field_type(p).is_some())
        .map(|p| p.to_string())
        .collect();
    out.push("incident.reopenedAt".into());
    out.push("sla.met".into());
    out.push("sla.breached".into());
    for rel in LinkRel::ALL {
        out.push(format!("links.{}", rel.as_str()));
    }
    out
}

/// The kind a label names, by its words (English, Dutch, French, German, Japanese).
pub fn guess_kind(label: &str) -> Option<Kind> {
    let l = label.trim().to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
    if l.is_empty() {
        None
    } else if has(&[
        "complaint",
        "klacht",
        "réclamation",
        "beschwerde",
        "苦情",
        "クレーム",
    ]) {
        Some(Kind::Complaint)
    } else if has(&[
        "request for change",
        "change",
        "rfc",
        "wijziging",
        "changement",
        "änderung",
        "変更",
    ]) {
        Some(Kind::Change)
    } else if has(&["problem", "probleem", "problème", "問題"]) {
        Some(Kind::Problem)
    } else if has(&["release", "リリース"]) {
        Some(Kind::Release)
    } else if has(&[
        "request",
        "information",
        "question",
        "inquiry",
        "enquiry",
        "aanvraag",
        "verzoek",
        "vraag",
        "demande",
        "anfrage",
        "要求",
        "依頼",
        "リクエスト",
        "問合せ",
        "問い合わせ",
        "申請",
    ]) {
        Some(Kind::ServiceRequest)
    } else if has(&[
        "incident",
        "storing",
        "störung",
        "failure",
        "outage",
        "障害",
        "インシデント",
    ]) {
        Some(Kind::Incident)
    } else {
        None
    }
}

/// The state a label names, by its words.
pub fn guess_state(label: &str) -> Option<State> {
    let l = label.trim().to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
    if l.is_empty() {
        return None;
    }
    if let Some(s) = State::parse(&code_of(&l)) {
        return Some(s);
    }
    Some(
        if has(&[
            "cancel",
            "reject",
            "withdrawn",
            "void",
            "取消",
            "取り消",
            "キャンセル",
            "却下",
        ]) {
            State::Cancelled
        } else if has(&[
            "closed",
            "close",
            "gesloten",
            "clos",
            "クローズ",
            "終了",
            "完了済",
        ]) {
            State::Closed
        } else if has(&[
            "resolved", "solved", "complete", "fixed", "opgelost", "résolu", "gelöst", "解決",
            "完了",
        ]) {
            State::Resolved
        } else if has(&[
            "pending", "hold", "await", "wait", "suspend", "保留", "待ち", "wacht",
        ]) {
            State::OnHold
        } else if has(&[
            "new",
            "open",
            "logged",
            "registered",
            "submitted",
            "nieuw",
            "nouveau",
            "新規",
            "受付",
        ]) {
            State::New
        } else if has(&[
            "progress",
            "assigned",
            "active",
            "work",
            "in behandeling",
            "対応中",
            "作業中",
            "進行中",
            "割当",
        ]) {
            State::InProgress
        } else {
            return None;
        },
    )
}

/// A priority, impact or urgency label → 1 (highest) … 5; `Some(None)` for "none".
pub fn guess_level(label: &str) -> Option<Option<u8>> {
    let l = label.trim().to_lowercase();
    let digits: String = l
        .trim_start_matches(['p', 's', '#'])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if let Ok(n) = digits.parse::<u8>()
        && (1..=5).contains(&n)
    {
        return Some(Some(n));
    }
    let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
    Some(Some(
        if has(&["none", "geen", "なし"]) && !has(&["critical"]) {
            return Some(None);
        } else if has(&["very low", "lowest", "planning", "zeer laag", "最低"]) {
            5
        } else if has(&[
            "critical",
            "urgent",
            "highest",
            "very high",
            "blocker",
            "kritiek",
            "緊急",
            "最高",
            "致命",
        ]) {
            1
        } else if has(&["high", "major", "hoog", "élev", "haute", "高"]) {
            2
        } else if has(&[
            "medium",
            "moderate",
            "normal",
            "average",
            "gemiddeld",
            "moyenne",
            "中",
        ]) {
            3
        } else if has(&["low", "minor", "laag", "basse", "低"]) {
            4
        } else {
            return None;
        },
    ))
}

pub fn parse_bool(label: &str) -> Option<bool> {
    match label.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "ja" | "oui" | "x" | "はい" | "有" | "あり" | "済" => {
            Some(true)
        }
        "false" | "no" | "n" | "0" | "nee" | "non" | "いいえ" | "無" | "なし" | "未" => {
            Some(false)
        }
        _ => None,
    }
}

/// The lifecycle step an activity label names, by its words.
pub fn guess_step(label: &str) -> &'static str {
    let l = label.trim().to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
    if has(&["reopen", "re-open", "heropen", "再オープン", "再開"]) {
        "reopen"
    } else if has(&[
        "reassign",
        "re-assign",
        "transfer",
        "escalat",
        "doorzet",
        "再割当",
        "再割り当て",
        "エスカレーション",
    ]) {
        "reassign"
    } else if has(&["cancel", "withdraw", "reject", "取消", "キャンセル", "却下"]) {
        "cancel"
    } else if has(&["resolv", "solved", "solution", "opgelost", "解決"]) {
        "resolve"
    } else if has(&["close", "gesloten", "クローズ", "終了", "完了"]) {
        "close"
    } else if has(&[
        "open", "creat", "regist", "logged", "new", "受付", "起票", "登録",
    ]) {
        "open"
    } else {
        "other"
    }
}

/// A value map's reading of a label: exact, then ignoring case, then by normalised label.
fn lookup<'m>(map: &'m BTreeMap<String, String>, label: &str) -> Option<&'m str> {
    let t = label.trim();
    map.get(t)
        .or_else(|| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(t) || norm(k) == norm(t))
                .map(|(_, v)| v)
        })
        .map(String::as_str)
}

impl Mapping {
    /// Checks the mapping's own values; errors name their JSON path under `context.mapping`.
    pub fn validate(&self) -> Result<()> {
        const AT: &str = "context.mapping";
        if self.id.is_none() && self.event_log.is_none() {
            return Err(Error::option(
                &format!("{AT}.id"),
                "name the column of the record id (`id`), or describe an event log (`eventLog`)",
            ));
        }
        let kind_ok = |k: &str, path: String| -> Result<()> {
            match Kind::parse(k) {
                Some(_) => Ok(()),
                None => Err(Error::option(&path, format!("unknown kind {k:?}"))),
            }
        };
        match &self.kind {
            None => {}
            Some(KindSource::Fixed(k)) => kind_ok(k, format!("{AT}.kind"))?,
            Some(KindSource::Column(m)) => {
                for (label, k) in &m.values {
                    kind_ok(k, format!("{AT}.kind.values[{label:?}]"))?;
                }
                if let Some(k) = &m.default {
                    kind_ok(k, format!("{AT}.kind.default"))?;
                }
            }
        }
        if let Some(state) = &self.state {
            let states = State::ALL
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let entries = state
                .values
                .iter()
                .map(|(l, s)| (format!("{AT}.state.values[{l:?}]"), s))
                .chain(
                    state
                        .default
                        .iter()
                        .map(|s| (format!("{AT}.state.default"), s)),
                );
            for (path, s) in entries {
                if State::parse(s).is_none() {
                    return Err(Error::option(
                        &path,
                        format!("unknown state {s:?}; expected one of {states}"),
                    ));
                }
            }
        }
        for (path, source) in &self.fields {
            let at = format!("{AT}.fields.{path}");
            let Some(ty) = field_type(path) else {
                return Err(Error::option(
                    &at,
                    format!(
                        "{path} is not a canonical field a mapping can fill (the paths of schema/record.schema.json, links.<relation>, sla.met, sla.breached, incident.reopenedAt)"
                    ),
                ));
            };
            if let (FieldType::Level, Some(m)) = (ty, source.values()) {
                for (label, v) in m.values.iter().chain(
                    m.default
                        .iter()
                        .map(|d| (&m.column, d))
                        .filter(|_| m.default.is_some()),
                ) {
                    if !matches!(v.parse::<u8>(), Ok(1..=5)) {
                        return Err(Error::option(
                            &format!("{at}.values[{label:?}]"),
                            "a level must be 1 to 5",
                        ));
                    }
                }
            }
        }
        if let Some(log) = &self.event_log {
            for (label, step) in &log.activities {
                if !STEPS.contains(&step.as_str()) {
                    return Err(Error::option(
                        &format!("{AT}.eventLog.activities[{label:?}]"),
                        format!(
                            "unknown lifecycle step {step:?}; expected {}",
                            STEPS.join(", ")
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// What a mapping made of a table.
pub struct Mapped {
    pub rows: Vec<Row>,
    pub warnings: Vec<RowWarning>,
    pub notes: Vec<Note>,
    /// The rows are one record per case already (event-log form).
    pub event_log: bool,
    /// Rows folded into another row's record (event-log form).
    pub folded: u64,
}

/// A column's position in the table; a column the CSV lacks is an error of the mapping.
fn column(table: &Table, name: &str, path: &str) -> Result<usize> {
    table
        .headers
        .iter()
        .position(|h| h == name.trim())
        .or_else(|| table.headers.iter().position(|h| norm(h) == norm(name)))
        .ok_or_else(|| {
            Error::option(
                path,
                format!(
                    "column {name:?} is not in this CSV (columns: {})",
                    table.headers.join(", ")
                ),
            )
        })
}

/// The mapping with its columns found.
struct Plan<'m> {
    id: Option<usize>,
    number: Option<usize>,
    kind: Option<(usize, &'m ValueMap)>,
    fixed_kind: Option<&'m str>,
    state: Option<(usize, &'m ValueMap)>,
    fields: Vec<(&'m str, FieldType, usize, Option<&'m ValueMap>)>,
    tool: &'m str,
}

fn plan<'m>(table: &Table, m: &'m Mapping) -> Result<Plan<'m>> {
    const AT: &str = "context.mapping";
    let id = match (&m.id, &m.event_log) {
        (Some(c), _) => Some(column(table, c, &format!("{AT}.id"))?),
        (None, Some(log)) => Some(column(table, &log.case, &format!("{AT}.eventLog.case"))?),
        (None, None) => None,
    };
    let number = match &m.number {
        Some(c) => Some(column(table, c, &format!("{AT}.number"))?),
        None => None,
    };
    let (kind, fixed_kind) = match &m.kind {
        None => (None, None),
        Some(KindSource::Fixed(k)) => (None, Some(k.as_str())),
        Some(KindSource::Column(v)) => (
            Some((column(table, &v.column, &format!("{AT}.kind.column"))?, v)),
            None,
        ),
    };
    let state = match &m.state {
        Some(v) => Some((column(table, &v.column, &format!("{AT}.state.column"))?, v)),
        None => None,
    };
    let mut fields = Vec::new();
    for (path, source) in &m.fields {
        let at = format!("{AT}.fields.{path}");
        let ty = field_type(path).ok_or_else(|| Error::option(&at, "not a canonical field"))?;
        let i = column(table, source.column(), &at)?;
        fields.push((path.as_str(), ty, i, source.values()));
    }
    Ok(Plan {
        id,
        number,
        kind,
        fixed_kind,
        state,
        fields,
        tool: m.tool.as_deref().unwrap_or("mapped"),
    })
}

/// Warnings of one row, collected while it is read.
struct RowNotes<'w> {
    origin: RowOrigin,
    out: &'w mut Vec<RowWarning>,
}

impl RowNotes<'_> {
    fn warn(&mut self, field: &str, message: impl Into<String>, value: &str) {
        self.out.push(RowWarning {
            origin: self.origin,
            field: field.to_string(),
            message: message.into(),
            value: Value::String(value.to_string()).to_string(),
        });
    }
}

/// The message for a date the mapping cannot read (CSV advice, not an API's).
pub const UNREADABLE_DATE: &str = "a date the engine cannot read in this CSV; give the column's format in context.csv.dateFormat (e.g. %d/%m/%Y %H:%M)";

fn time_value(v: &str, cx: &Context) -> Option<String> {
    Instant::parse(v, cx.time_zone.as_ref()).map(|(i, _)| i.to_string())
}

/// Puts a value at a canonical path (`incident.reopenCount` → `{"incident": {"reopenCount"}}`).
fn put(out: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            out.insert(path.to_string(), value);
        }
        Some((detail, field)) => {
            let entry = out
                .entry(detail.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(d) = entry {
                d.insert(field.to_string(), value);
            }
        }
    }
}

/// [`put`] unless the path holds a value already (an explicit count wins over a reopen time).
fn put_new(out: &mut Map<String, Value>, path: &str, value: Value) {
    let (detail, field) = path.split_once('.').unwrap_or(("", path));
    let taken = out
        .get(detail)
        .and_then(|d| d.get(field))
        .is_some_and(|v| !v.is_null());
    if !taken {
        put(out, path, value);
    }
}

fn target_kind(rel: LinkRel) -> Option<&'static str> {
    Some(match rel {
        LinkRel::AffectsCi => "configuration_item",
        LinkRel::Problem => "problem",
        LinkRel::Incident => "incident",
        LinkRel::Change | LinkRel::CausedBy | LinkRel::FixedBy | LinkRel::Fixes => "change",
        LinkRel::Release => "release",
        LinkRel::Service => "service",
        _ => return None,
    })
}

/// One field of a record from its cell.
fn read_field(
    out: &mut Map<String, Value>,
    path: &str,
    ty: FieldType,
    cell: Option<&str>,
    values: Option<&ValueMap>,
    cx: &Context,
    notes: &mut RowNotes<'_>,
) {
    let raw = cell.map(str::trim).filter(|c| !c.is_empty());
    // A value map reads the label first; its default stands for labels it does not list.
    let mapped = match (raw, values) {
        (Some(r), Some(m)) => lookup(&m.values, r).or(m.default.as_deref()),
        _ => None,
    };
    let text = mapped.or(raw);
    match ty {
        FieldType::Link(rel) => {
            let links = out
                .entry("links".to_string())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let (Value::Array(list), Some(t)) = (links, text) {
                for target in t.split([',', ';']).map(str::trim).filter(|s| !s.is_empty()) {
                    let mut link = json!({"rel": rel.as_str(), "target": target});
                    if let (Some(k), Value::Object(o)) = (target_kind(rel), &mut link) {
                        o.insert("targetKind".into(), json!(k));
                    }
                    list.push(link);
                }
            }
            return;
        }
        FieldType::SlaMet | FieldType::SlaBreached => {
            let Some(t) = text else { return };
            match parse_bool(t) {
                Some(b) => {
                    let breached = if matches!(ty, FieldType::SlaMet) { !b } else { b };
                    out.insert(
                        "sla".into(),
                        json!([{"name": "mapped", "breached": breached, "stage": "completed"}]),
                    );
                }
                None => notes.warn(
                    path,
                    "expected true or false, yes or no (map other labels with a value map in context.mapping.fields)",
                    t,
                ),
            }
            return;
        }
        _ => {}
    }
    let Some(t) = text else {
        let empty = match ty {
            FieldType::ReopenedAt => return put_new(out, "incident.reopenCount", json!(0)),
            FieldType::TextList => json!([]),
            _ => Value::Null,
        };
        return put(out, path, empty);
    };
    let value = match ty {
        FieldType::Text => json!(t),
        FieldType::TextList => Value::Array(
            t.split([',', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| json!(s))
                .collect(),
        ),
        FieldType::ReopenedAt => match time_value(t, cx) {
            Some(_) => return put_new(out, "incident.reopenCount", json!(1)),
            None => return notes.warn(path, UNREADABLE_DATE, t),
        },
        FieldType::Time => match time_value(t, cx) {
            Some(i) => json!(i),
            None => return notes.warn(path, UNREADABLE_DATE, t),
        },
        FieldType::Bool => match parse_bool(t) {
            Some(b) => json!(b),
            None => {
                return notes.warn(
                    path,
                    "expected true or false, yes or no (map other labels with a value map in context.mapping.fields)",
                    t,
                );
            }
        },
        FieldType::Count => match t.replace(',', ".").parse::<f64>() {
            Ok(n) if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => json!(n as u32),
            _ => {
                return notes.warn(
                    path,
                    "not a number of times (expected a whole number, 0 or more)",
                    t,
                );
            }
        },
        FieldType::Number => {
            match super::doc::parse_decimal(t, cx.decimal_comma()).filter(|n| n.is_finite()) {
                Some(n) => json!(n),
                None => return notes.warn(path, "not a number", t),
            }
        }
        FieldType::Level => {
            let level = mapped
                .and_then(|v| v.parse::<u8>().ok())
                .map(Some)
                .or_else(|| guess_level(t));
            match level {
                Some(Some(v)) => json!({"value": v, "label": raw.unwrap_or(t)}),
                Some(None) => Value::Null,
                None => {
                    return notes.warn(
                        path,
                        "a level that is not 1-5 or a known name (map it with a value map in context.mapping.fields)",
                        t,
                    );
                }
            }
        }
        FieldType::Code(parse) => match parse(t) {
            Some(code) => json!(code),
            None => {
                return notes.warn(
                    path,
                    "a value that is not one of the field's codes (map it with a value map in context.mapping.fields)",
                    t,
                );
            }
        },
        FieldType::Link(_) | FieldType::SlaMet | FieldType::SlaBreached => return,
    };
    put(out, path, value);
}

fn cell(cells: &[Option<String>], i: Option<usize>) -> Option<&str> {
    i.and_then(|i| cells.get(i))
        .and_then(|c| c.as_deref())
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

fn kind_of(cells: &[Option<String>], plan: &Plan<'_>, notes: &mut RowNotes<'_>) -> String {
    if let Some(k) = plan.fixed_kind {
        return k.to_string();
    }
    let Some((i, map)) = plan.kind else {
        return "incident".into();
    };
    let label = cell(cells, Some(i));
    if let Some(k) = label.and_then(|l| lookup(&map.values, l)) {
        return k.to_string();
    }
    if let Some(k) = label.and_then(guess_kind) {
        return k.as_str().to_string();
    }
    let kind = map.default.clone().unwrap_or_else(|| "incident".into());
    if let Some(l) = label {
        notes.warn(
            "kind",
            format!(
                "kind {l:?} is not mapped: read as {kind} (add it to context.mapping.kind.values)"
            ),
            l,
        );
    }
    kind
}

fn state_of(
    cells: &[Option<String>],
    plan: &Plan<'_>,
    out: &mut Map<String, Value>,
    notes: &mut RowNotes<'_>,
) {
    let Some((i, map)) = plan.state else { return };
    let Some(label) = cell(cells, Some(i)) else {
        out.insert("state".into(), Value::Null);
        return;
    };
    out.insert("stateLabel".into(), json!(label));
    let state = lookup(&map.values, label)
        .and_then(State::parse)
        .or_else(|| guess_state(label))
        .or_else(|| map.default.as_deref().and_then(State::parse));
    match state {
        Some(s) => {
            out.insert("state".into(), json!(s.as_str()));
        }
        None => notes.warn(
            "state",
            format!("state {label:?} is not mapped: add it to context.mapping.state.values"),
            label,
        ),
    }
}

/// The detail object a kind reads (`incident`, `request`, `serviceDetail` …).
fn detail_of(kind: &str) -> Option<&'static str> {
    Kind::parse(kind).map(Kind::detail_name)
}

/// Drops the detail objects of other kinds (a mapping fills `incident.*` for every row of a
/// file that also holds requests).
fn prune(out: &mut Map<String, Value>) {
    let kind = out.get("kind").and_then(Value::as_str).unwrap_or_default();
    let keep = detail_of(kind);
    let details: Vec<String> = out
        .keys()
        .filter(|k| {
            Kind::ALL
                .iter()
                .any(|kind| detail_of(kind.as_str()) == Some(k.as_str()))
        })
        .filter(|k| Some(k.as_str()) != keep)
        .cloned()
        .collect();
    for k in details {
        out.remove(&k);
    }
}

/// One record of the record form.
fn record(
    cells: &[Option<String>],
    plan: &Plan<'_>,
    cx: &Context,
    notes: &mut RowNotes<'_>,
) -> Map<String, Value> {
    let mut out = Map::new();
    let id = cell(cells, plan.id).unwrap_or_default().to_string();
    let number = cell(cells, plan.number).map(str::to_string);
    out.insert("id".into(), json!(id));
    out.insert("kind".into(), json!(kind_of(cells, plan, notes)));
    let number = number.unwrap_or_else(|| id.clone());
    if !number.is_empty() {
        out.insert("number".into(), json!(number));
    }
    state_of(cells, plan, &mut out, notes);
    for (path, ty, i, values) in &plan.fields {
        let c = cells.get(*i).and_then(|c| c.as_deref());
        read_field(&mut out, path, *ty, c, *values, cx, notes);
    }
    out.insert("origin".into(), json!({"tool": plan.tool, "shape": "csv"}));
    prune(&mut out);
    out
}

/// Reads a table with a mapping.
pub fn convert(table: &Table, m: &Mapping, cx: &Context) -> Result<Mapped> {
    m.validate()?;
    let plan = plan(table, m)?;
    let mut warnings = Vec::new();
    match &m.event_log {
        None => {
            let rows = table
                .rows
                .iter()
                .map(|(origin, cells)| {
                    let mut notes = RowNotes {
                        origin: *origin,
                        out: &mut warnings,
                    };
                    (*origin, record(cells, &plan, cx, &mut notes))
                })
                .collect();
            Ok(Mapped {
                rows,
                warnings,
                notes: Vec::new(),
                event_log: false,
                folded: 0,
            })
        }
        Some(log) => event_log(table, m, log, &plan, cx),
    }
}

struct Event<'t> {
    origin: RowOrigin,
    at: Option<Instant>,
    step: &'static str,
    group: Option<&'t str>,
    cells: &'t [Option<String>],
}

fn event_log(
    table: &Table,
    m: &Mapping,
    log: &EventLog,
    plan: &Plan<'_>,
    cx: &Context,
) -> Result<Mapped> {
    const AT: &str = "context.mapping.eventLog";
    let case = column(table, &log.case, &format!("{AT}.case"))?;
    let time = column(table, &log.timestamp, &format!("{AT}.timestamp"))?;
    let activity = column(table, &log.activity, &format!("{AT}.activity"))?;
    let group = match &log.group {
        Some(g) => Some(column(table, g, &format!("{AT}.group"))?),
        None => None,
    };
    let mut warnings = Vec::new();
    let mut unmapped: BTreeMap<String, usize> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut cases: BTreeMap<String, Vec<Event<'_>>> = BTreeMap::new();
    let mut keyless = Vec::new();
    for (origin, cells) in &table.rows {
        let Some(key) = cell(cells, Some(case)) else {
            keyless.push((*origin, cells));
            continue;
        };
        let at = match cell(cells, Some(time)) {
            None => None,
            Some(t) => {
                let parsed = Instant::parse(t, cx.time_zone.as_ref()).map(|(i, _)| i);
                if parsed.is_none() {
                    warnings.push(RowWarning {
                        origin: *origin,
                        field: "eventLog.timestamp".into(),
                        message: UNREADABLE_DATE.into(),
                        value: Value::String(t.to_string()).to_string(),
                    });
                }
                parsed
            }
        };
        let label = cell(cells, Some(activity)).unwrap_or_default();
        let step = match lookup(&log.activities, label) {
            Some(s) => STEPS.iter().copied().find(|x| *x == s).unwrap_or("other"),
            None => {
                let s = guess_step(label);
                if s == "other" && !label.is_empty() {
                    *unmapped.entry(label.to_string()).or_default() += 1;
                }
                s
            }
        };
        if !cases.contains_key(key) {
            order.push(key.to_string());
        }
        cases.entry(key.to_string()).or_default().push(Event {
            origin: *origin,
            at,
            step,
            group: cell(cells, group),
            cells,
        });
    }
    // A count is evidence only when the log records steps of its kind.
    let steps_mapped = |step: &str| {
        log.activities.values().any(|s| s == step)
            || cases.values().flatten().any(|e| e.step == step)
    };
    let count_reopens = steps_mapped("reopen");
    let reassign_steps = steps_mapped("reassign");
    let count_reassignments = reassign_steps || group.is_some();
    let mut rows = Vec::new();
    let mut folded = 0;
    for key in order {
        let Some(mut events) = cases.remove(&key) else {
            continue;
        };
        // In time order; events without a readable time keep their place in the file.
        crate::util::sort::sort_by_key(&mut events, |e| (e.at.is_none(), e.at, e.origin.row));
        folded += events.len() as u64 - 1;
        let Some(first) = events.first() else {
            continue;
        };
        let origin = first.origin;
        let mut notes = RowNotes {
            origin,
            out: &mut warnings,
        };
        // Fields: the case's last non-empty value of each column.
        let width = table.headers.len();
        let mut last: Vec<Option<String>> = vec![None; width];
        for e in &events {
            for (i, c) in e.cells.iter().enumerate() {
                if let (Some(v), Some(slot)) = (c, last.get_mut(i)) {
                    *slot = Some(v.clone());
                }
            }
        }
        let mut out = record(&last, plan, cx, &mut notes);
        out.insert("id".into(), json!(key));
        if plan.number.is_none() {
            out.insert("number".into(), json!(key));
        }
        let time_of = |step: &str| {
            events
                .iter()
                .filter(|e| e.step == step)
                .filter_map(|e| e.at)
                .next_back()
        };
        let opened = events
            .iter()
            .find(|e| e.step == "open")
            .and_then(|e| e.at)
            .or_else(|| events.iter().find_map(|e| e.at));
        let last_reopen = time_of("reopen");
        let after_reopen = |t: Option<Instant>| t.filter(|t| last_reopen.is_none_or(|r| *t >= r));
        let resolved = after_reopen(time_of("resolve"));
        let closed = after_reopen(time_of("close"));
        let cancelled = after_reopen(time_of("cancel"));
        let updated = events.iter().filter_map(|e| e.at).next_back();
        let set_time = |out: &mut Map<String, Value>, path: &str, t: Option<Instant>| {
            if !m.fields.contains_key(path) {
                out.insert(
                    path.to_string(),
                    t.map_or(Value::Null, |t| json!(t.to_string())),
                );
            }
        };
        set_time(&mut out, "openedAt", opened);
        set_time(&mut out, "resolvedAt", resolved.or(closed));
        set_time(&mut out, "closedAt", closed.or(cancelled));
        set_time(&mut out, "updatedAt", updated);
        if plan.state.is_none() {
            let lifecycle = events
                .iter()
                .rev()
                .map(|e| e.step)
                .find(|s| matches!(*s, "open" | "reopen" | "resolve" | "close" | "cancel"));
            let state = match lifecycle {
                Some("close") => State::Closed,
                Some("resolve") => State::Resolved,
                Some("cancel") => State::Cancelled,
                _ if events.len() > 1 => State::InProgress,
                _ => State::New,
            };
            out.insert("state".into(), json!(state.as_str()));
        }
        if out.get("kind").and_then(Value::as_str) == Some("incident") {
            let reopens = events.iter().filter(|e| e.step == "reopen").count();
            let reassignments = if reassign_steps {
                events.iter().filter(|e| e.step == "reassign").count()
            } else {
                let groups: Vec<&str> = events.iter().filter_map(|e| e.group).collect();
                groups.windows(2).filter(|w| w.first() != w.get(1)).count()
            };
            let detail = out
                .entry("incident".to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(d) = detail {
                if count_reopens {
                    d.entry("reopenCount").or_insert(json!(reopens));
                }
                if count_reassignments {
                    d.entry("reassignmentCount").or_insert(json!(reassignments));
                }
            }
        }
        if let (None, Some(g)) = (
            out.get("assignmentGroup").filter(|v| !v.is_null()),
            events.iter().filter_map(|e| e.group).next_back(),
        ) {
            out.insert("assignmentGroup".into(), json!(g));
        }
        rows.push((origin, out));
    }
    // Rows without a case id are read alone, so that the canonical reader rejects them.
    for (origin, cells) in keyless {
        let mut notes = RowNotes {
            origin,
            out: &mut warnings,
        };
        rows.push((origin, record(cells, plan, cx, &mut notes)));
    }
    crate::util::sort::sort_by_key(&mut rows, |(o, _)| o.row);
    let mut notes = Vec::new();
    if !unmapped.is_empty() {
        let labels: Vec<String> = unmapped.keys().cloned().collect();
        notes.push(Note {
            column: Some(log.activity.clone()),
            message: format!(
                "event-log activities that are no lifecycle step (they count for nothing): {}; map them in context.mapping.eventLog.activities",
                super::csv::infer::list_columns(&labels)
            ),
            value: String::new(),
        });
    }
    Ok(Mapped {
        rows,
        warnings,
        notes,
        event_log: true,
        folded,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_types() {
        assert!(matches!(field_type("openedAt"), Some(FieldType::Time)));
        assert!(matches!(
            field_type("change.plannedStart"),
            Some(FieldType::Time)
        ));
        assert!(matches!(
            field_type("incident.reassignmentCount"),
            Some(FieldType::Count)
        ));
        assert!(matches!(field_type("priority"), Some(FieldType::Level)));
        assert!(matches!(
            field_type("links.affects_ci"),
            Some(FieldType::Link(LinkRel::AffectsCi))
        ));
        assert!(field_type("links.nothing").is_none());
        assert!(field_type("id").is_none());
        assert!(field_type("origin.tool").is_none());
        assert!(field_type("openedAtt").is_none());
        assert!(targets().contains(&"incident.resolutionCode".to_string()));
    }

    #[test]
    fn guesses() {
        assert_eq!(
            guess_kind("request for information"),
            Some(Kind::ServiceRequest)
        );
        assert_eq!(guess_kind("Incident"), Some(Kind::Incident));
        assert_eq!(guess_kind("complaint"), Some(Kind::Complaint));
        assert_eq!(guess_state("Work in progress"), Some(State::InProgress));
        assert_eq!(guess_state("Closed"), Some(State::Closed));
        assert_eq!(guess_state("対応中"), Some(State::InProgress));
        assert_eq!(guess_level("1 - Critical"), Some(Some(1)));
        assert_eq!(guess_level("P3"), Some(Some(3)));
        assert_eq!(guess_level("High"), Some(Some(2)));
        assert_eq!(guess_level("None"), Some(None));
        assert_eq!(guess_step("Reassignment"), "reassign");
        assert_eq!(guess_step("Reopen"), "reopen");
        assert_eq!(guess_step("Closed"), "close");
        assert_eq!(guess_step("Operator Update"), "other");
    }
}
