//! The proposal's mapping, built from the chosen columns (value maps from their distinct
//! values), and what it says of each column.

use std::collections::BTreeMap;

use super::super::{
    EventLog, FieldSource, KindSource, Mapping, ValueMap, field_type, guess_kind, guess_state,
    guess_step,
};
use super::choose::Chosen;
use super::score::kind_from_id;
use super::{ColumnProposal, ROLES};
use crate::record::model::Kind;
use crate::record::source::csv::Table;
use crate::util::sort::set_from;
use crate::util::vec_map::VecMap;

/// Distinct values a value map is proposed for, at most.
const MAPPED_VALUES: usize = 100;

/// The chosen columns, read back by target.
struct ByTarget<'a, 't> {
    table: &'t Table,
    chosen: &'a BTreeMap<usize, super::choose::Choice>,
    values: &'a [Vec<&'t str>],
}

impl ByTarget<'_, '_> {
    /// The header of the column chosen for a target.
    fn column(&self, target: &str) -> Option<String> {
        self.chosen
            .iter()
            .find(|(_, c)| c.0 == target)
            .and_then(|(i, _)| self.table.headers.get(*i).cloned())
    }

    /// The distinct values of the column chosen for a target, in order, the first hundred.
    fn distinct(&self, target: &str) -> Vec<String> {
        self.chosen
            .iter()
            .find(|(_, c)| c.0 == target)
            .and_then(|(i, _)| self.values.get(*i))
            .map(|v| {
                set_from(v.iter().map(|s| s.to_string()))
                    .into_iter()
                    .take(MAPPED_VALUES)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The mapping the chosen columns make.
pub(super) fn mapping(
    table: &Table,
    chosen: &Chosen,
    values: &[Vec<&str>],
    convention: Option<&str>,
) -> Mapping {
    let by_target = ByTarget {
        table,
        chosen: &chosen.by_column,
        values,
    };
    let id_column = by_target.column(chosen.id_role());
    Mapping {
        tool: convention.map(str::to_string),
        id: id_column.clone().filter(|_| !chosen.event_log),
        number: by_target.column("number"),
        kind: Some(kind_source(&by_target, id_column.as_deref())),
        state: state_map(&by_target),
        fields: fields(&by_target),
        event_log: chosen.event_log.then(|| event_log(&by_target)),
    }
}

/// The kind column with a value map of the kinds its values name; without one, the kind the id
/// column implies (`Incident ID`, `CHG…`), else incidents.
fn kind_source(by_target: &ByTarget<'_, '_>, id_column: Option<&str>) -> KindSource {
    match by_target.column("kind") {
        Some(column) => {
            let values = by_target
                .distinct("kind")
                .into_iter()
                .filter_map(|v| guess_kind(&v).map(|k| (v, k.as_str().to_string())))
                .collect::<VecMap<_, _>>();
            KindSource::Column(ValueMap {
                column,
                values,
                default: Some("incident".into()),
            })
        }
        None => {
            let id_values = id_column
                .and_then(|c| by_target.table.headers.iter().position(|h| h == c))
                .and_then(|i| by_target.values.get(i))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let kind = id_column
                .and_then(|c| kind_from_id(c, id_values))
                .unwrap_or(Kind::Incident);
            KindSource::Fixed(kind.as_str().to_string())
        }
    }
}

/// The state column with a value map of the states its values name.
fn state_map(by_target: &ByTarget<'_, '_>) -> Option<ValueMap> {
    by_target.column("state").map(|column| ValueMap {
        column,
        values: by_target
            .distinct("state")
            .into_iter()
            .filter_map(|v| guess_state(&v).map(|s| (v, s.as_str().to_string())))
            .collect::<VecMap<_, _>>(),
        default: None,
    })
}

/// The canonical fields chosen (roles such as the id or the state are mapped apart).
fn fields(by_target: &ByTarget<'_, '_>) -> BTreeMap<String, FieldSource> {
    let mut fields = BTreeMap::new();
    for c in by_target.chosen.values() {
        let target = c.0.as_str();
        if ROLES.contains(&target) || field_type(target).is_none() {
            continue;
        }
        if let Some(column) = by_target.column(target) {
            fields.insert(target.to_string(), FieldSource::Column(column));
        }
    }
    fields
}

/// The event-log columns, with each activity's lifecycle step read from its words.
fn event_log(by_target: &ByTarget<'_, '_>) -> EventLog {
    EventLog {
        case: by_target.column("eventLog.case").unwrap_or_default(),
        timestamp: by_target.column("eventLog.timestamp").unwrap_or_default(),
        activity: by_target.column("eventLog.activity").unwrap_or_default(),
        group: by_target.column("eventLog.group"),
        activities: by_target
            .distinct("eventLog.activity")
            .into_iter()
            .map(|a| {
                let step = guess_step(&a).to_string();
                (a, step)
            })
            .collect::<VecMap<_, _>>(),
    }
}

/// What the proposal says of each column: its target (or none) and up to three samples.
pub(super) fn column_proposals(table: &Table, chosen: &Chosen) -> Vec<ColumnProposal> {
    table
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let samples = samples(table, i);
            match chosen.by_column.get(&i) {
                Some((target, confidence, reason)) => ColumnProposal {
                    column: header.clone(),
                    target: Some(target.clone()),
                    confidence: *confidence,
                    reason,
                    samples,
                },
                None => ColumnProposal {
                    column: header.clone(),
                    target: None,
                    confidence: 0.0,
                    reason: "none",
                    samples,
                },
            }
        })
        .collect()
}

/// Up to three distinct values of a column as exported (the reader's form of dates and numbers
/// is in `inferred`); cells read as empty are left out.
fn samples(table: &Table, i: usize) -> Vec<String> {
    let mut samples: Vec<String> = Vec::new();
    for (row, (_, cells)) in table.raw.iter().zip(&table.rows) {
        let (Some(raw), Some(Some(_))) = (row.get(i), cells.get(i)) else {
            continue;
        };
        if !samples.contains(raw) {
            samples.push(raw.clone());
        }
        if samples.len() == 3 {
            break;
        }
    }
    samples
}
