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

use crate::util::vec_map::VecMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::util::value_reader::{FromValue, Problem, value_struct};

use super::context::Context;
use super::csv::{Note, Row, RowWarning, Table};
use crate::error::Result;

mod event_log;
mod field;
mod fields;
mod labels;
mod plan;
pub mod propose;
mod record;
mod validate;

pub use field::UNREADABLE_DATE;
pub use fields::{FieldType, field_type, targets};
pub use labels::{guess_kind, guess_level, guess_state, guess_step, parse_bool};

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
    #[serde(default, skip_serializing_if = "VecMap::is_empty")]
    #[cfg_attr(feature = "schema", schemars(with = "BTreeMap<String, String>"))]
    #[cfg_attr(feature = "wasm", tsify(type = "Map<string, string>"))]
    pub values: VecMap<String, String>,
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

    pub(super) fn values(&self) -> Option<&ValueMap> {
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
    #[serde(default, skip_serializing_if = "VecMap::is_empty")]
    #[cfg_attr(feature = "schema", schemars(with = "BTreeMap<String, String>"))]
    #[cfg_attr(feature = "wasm", tsify(type = "Map<string, string>"))]
    pub activities: VecMap<String, String>,
}

// The mapping's readers (`context.mapping` in the options, through `ffi::options`); serde's
// derives above stay for the declarations, for `Serialize` and as the test oracle.
value_struct!(
    Mapping {
        tool: "tool", id: "id", number: "number", kind: "kind", state: "state",
        fields: "fields", event_log: "eventLog",
    } deny_unknown: true,
    required: [],
    start: Mapping::default()
);

value_struct!(
    ValueMap { column: "column", values: "values", default: "default" } deny_unknown: true,
    required: [0],
    start: ValueMap::default()
);

value_struct!(
    EventLog {
        case: "case", timestamp: "timestamp", activity: "activity", group: "group",
        activities: "activities",
    } deny_unknown: true,
    required: [0, 1, 2],
    start: EventLog::default()
);

/// What serde's untagged reading of a text-or-value-map member does: a text is the first
/// variant, an object the value map; anything else, or a value map that does not read, is
/// refused with the enum's `expecting` sentence alone (the value map's own problem is not
/// named: serde's untagged reader drops it too). Unlike serde's, an array is not read as a
/// value map's fields in order: structs are read from objects only, as everywhere else.
fn text_or_value_map<T>(
    value: &Value,
    text: fn(String) -> T,
    map: fn(ValueMap) -> T,
    expecting: &str,
) -> Result<T, Problem> {
    match value {
        Value::String(s) => Ok(text(s.clone())),
        Value::Object(_) => ValueMap::from_value(value)
            .map(map)
            .map_err(|_| Problem::new(expecting)),
        _ => Err(Problem::new(expecting)),
    }
}

impl FromValue for KindSource {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        text_or_value_map(
            value,
            KindSource::Fixed,
            KindSource::Column,
            "a kind such as \"incident\", or a column with a value map: {\"column\", \"values\", \"default\"}",
        )
    }
}

impl FromValue for FieldSource {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        text_or_value_map(
            value,
            FieldSource::Column,
            FieldSource::Mapped,
            "a column name, or a column with a value map: {\"column\", \"values\", \"default\"}",
        )
    }
}

/// The lifecycle steps of an event log.
pub const STEPS: &[&str] = &[
    "open", "reopen", "reassign", "resolve", "close", "cancel", "other",
];

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

/// Reads a table with a mapping.
pub fn convert(table: &Table, m: &Mapping, cx: &Context) -> Result<Mapped> {
    m.validate()?;
    let plan = plan::plan(table, m)?;
    let mut warnings = Vec::new();
    match &m.event_log {
        None => {
            let rows = table
                .rows
                .iter()
                .map(|(origin, cells)| {
                    let mut notes = record::RowNotes {
                        origin: *origin,
                        out: &mut warnings,
                    };
                    (*origin, record::record(cells, &plan, cx, &mut notes))
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
        Some(log) => event_log::event_log(table, m, log, &plan, cx),
    }
}
