//! The status history an item carries in `_logs` (`GET …?with_logs=true`).

use super::super::doc::{Doc, Node};
use super::super::history::{self, Event, EventField};
use super::Itil;
use super::codes::status;
use crate::record::value::Field;

/// Reopen count from the status history in `_logs` (GET …?with_logs=true). Reassignments are
/// not derived: group changes are logged as relation rows whose format is not read here.
pub(super) fn logged_reopens(doc: &mut Doc<'_, '_, '_>, itil: Itil) -> Field<u32> {
    let Some(logs) = doc.node("_logs") else {
        return Field::Absent;
    };
    let entries: Vec<(String, &Node<'_>)> = match logs {
        Node::Obj(members) => members
            .iter()
            .map(|(k, v)| (format!("_logs.{k}"), v))
            .collect(),
        Node::Arr(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("_logs.{i}"), v))
            .collect(),
        _ => Vec::new(),
    };
    if entries.is_empty() && !logs.is_empty()
        || entries.iter().any(|(_, e)| !matches!(e, Node::Obj(_)))
    {
        doc.warn(
            "_logs",
            "`_logs` is not a list of log rows (missing right to read the history?)",
            logs,
        );
        return Field::Absent;
    }
    let mut events = Vec::new();
    for (path, entry) in entries {
        let option = entry.get("id_search_option").and_then(Node::as_text);
        let linked = entry.get("linked_action").and_then(Node::as_text);
        if option.as_deref() != Some("12") || linked.as_deref().is_some_and(|l| l != "0") {
            continue;
        }
        let at = doc.instant(&format!("{path}.date_mod")).value().copied();
        let from = doc
            .choice(&format!("{path}.old_value"), "status", |s| status(itil, s))
            .value()
            .copied();
        let to = doc
            .choice(&format!("{path}.new_value"), "status", |s| status(itil, s))
            .value()
            .copied();
        events.push(Event {
            at,
            field: EventField::State,
            from_state: from,
            to_state: to,
            from: None,
            to: None,
        });
    }
    Field::Value(history::counts(&events).0)
}
