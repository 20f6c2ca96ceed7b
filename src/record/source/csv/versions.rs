//! An export may hold several versions of one record (audit snapshots): the latest by update
//! time wins, and the changes between versions feed the reopen and reassignment counts.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::Row;
use crate::record::model::State;
use crate::record::source::Source;
use crate::record::source::history::{Event, EventField, counts};
use crate::record::time::Instant;
use crate::record::value::Text;

/// Keeps the latest version of each record and counts reopen/reassignment from the versions.
pub fn latest_versions(rows: Vec<Row>, tool: Source) -> (Vec<Row>, u64) {
    let updated_of = |r: &Map<String, Value>| -> Option<i64> {
        ["sys_updated_on", "updatedAt"]
            .iter()
            .find_map(|k| r.get(*k).and_then(Value::as_str))
            .and_then(|t| Instant::parse_utc(t).map(|i| i.0))
    };
    // Most exports hold one version of each record: nothing to group, count or drop (grouping
    // allocated a key and a list a row).
    if one_version_each(&rows) {
        let mut rows = rows;
        crate::util::sort::sort_by_key(&mut rows, |(o, _)| o.row);
        return (rows, 0);
    }
    let mut groups: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut keyless = Vec::new();
    for (origin, row) in rows {
        match key_of(&row).map(str::to_string) {
            Some(k) => {
                if !groups.contains_key(&k) {
                    order.push(k.clone());
                }
                groups.entry(k).or_default().push((origin, row));
            }
            None => keyless.push((origin, row)),
        }
    }
    let mut superseded = 0;
    let mut out = Vec::new();
    for k in order {
        let Some(mut versions) = groups.remove(&k) else {
            continue;
        };
        crate::util::sort::sort_by_key(&mut versions, |(o, r)| (updated_of(r), o.row));
        superseded += versions.len() as u64 - 1;
        if versions.len() > 1 {
            let events = version_events(&versions, tool);
            let (reopened, reassigned) = counts(&events);
            if let Some((_, latest)) = versions.last_mut() {
                set_counts(latest, tool, reopened, reassigned);
            }
        }
        if let Some(latest) = versions.pop() {
            out.push(latest);
        }
    }
    out.extend(keyless);
    crate::util::sort::sort_by_key(&mut out, |(o, _)| o.row);
    (out, superseded)
}

/// The key that identifies a record across its versions.
fn key_of(r: &Map<String, Value>) -> Option<&str> {
    ["sys_id", "number", "id"]
        .iter()
        .find_map(|k| r.get(*k).and_then(Value::as_str))
}

/// Whether no two rows have the same key (rows without a key are each their own).
fn one_version_each(rows: &[Row]) -> bool {
    let mut seen =
        crate::util::hash::HashSet::with_capacity_and_hasher(rows.len(), Default::default());
    rows.iter()
        .filter_map(|(_, r)| key_of(r))
        .all(|k| seen.insert(k))
}

fn state_of(r: &Map<String, Value>, tool: Source) -> Option<State> {
    match tool {
        Source::ServiceNow => {
            let s = r
                .get("state")
                .or_else(|| r.get("incident_state"))
                .and_then(Value::as_str)?
                .to_lowercase();
            Some(match s.as_str() {
                "new" | "1" => State::New,
                "resolved" | "6" => State::Resolved,
                "closed" | "7" => State::Closed,
                "canceled" | "cancelled" | "8" => State::Cancelled,
                "on hold" | "3" => State::OnHold,
                _ => State::InProgress,
            })
        }
        _ => r
            .get("state")
            .and_then(Value::as_str)
            .and_then(State::parse),
    }
}

fn version_events<'a>(versions: &[Row], tool: Source) -> Vec<Event<'a>> {
    let group_of = |r: &Map<String, Value>| {
        ["assignment_group", "assignmentGroup"]
            .iter()
            .find_map(|k| r.get(*k).and_then(Value::as_str))
            .map(|s| Text::owned(s.to_string()))
    };
    let mut events = Vec::new();
    for (i, pair) in versions.windows(2).enumerate() {
        let [(_, a), (_, b)] = pair else { continue };
        let at = Some(Instant(i as i64));
        let (sa, sb) = (state_of(a, tool), state_of(b, tool));
        if sa != sb {
            events.push(Event {
                at,
                field: EventField::State,
                from_state: sa,
                to_state: sb,
                from: None,
                to: None,
            });
        }
        let (ga, gb) = (group_of(a), group_of(b));
        if ga != gb {
            events.push(Event {
                at,
                field: EventField::AssignmentGroup,
                from_state: None,
                to_state: None,
                from: ga,
                to: gb,
            });
        }
    }
    events
}

fn set_counts(row: &mut Map<String, Value>, tool: Source, reopened: u32, reassigned: u32) {
    match tool {
        Source::ServiceNow => {
            row.entry("reopen_count")
                .or_insert_with(|| json!(reopened.to_string()));
            row.entry("reassignment_count")
                .or_insert_with(|| json!(reassigned.to_string()));
        }
        _ => {
            if row.get("kind").and_then(Value::as_str) == Some("incident") {
                let detail = row.entry("incident").or_insert_with(|| json!({}));
                if let Value::Object(d) = detail {
                    d.entry("reopenCount").or_insert(json!(reopened));
                    d.entry("reassignmentCount").or_insert(json!(reassigned));
                }
            }
        }
    }
}
