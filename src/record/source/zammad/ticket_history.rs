//! `GET /api/v1/ticket_history/{id}`: a ticket's changes as lifecycle events.

use super::super::doc::Node;
use super::super::history::{Event, EventField};
use super::super::{Attach, Attachment, Context, Converted, Cursor, Rejection};
use super::status::{state_of_id, state_of_name};
use crate::record::model::State;
use crate::record::time::Instant;
use crate::record::value::Text;

/// `GET /api/v1/ticket_history/{id}`: state, group, owner and priority changes as events of the
/// ticket (`o_id`), which give the reopen and reassignment counts.
pub(super) fn history<'a>(
    root: &Node<'a>,
    cx: &Context,
    at: &mut Cursor<'_>,
) -> Result<Converted<'a>, Rejection> {
    let items = match root.get("history") {
        Some(Node::Arr(items)) => items,
        Some(other) => {
            return Err(at.reject(
                ".history",
                format!(
                    "expected a list of history entries, got {}",
                    other.describe()
                ),
            ));
        }
        None => return Err(at.reject(".history", "a Zammad history payload needs `history`")),
    };
    let mut attach = Vec::new();
    let mut warnings = Vec::new();
    for (i, e) in items.iter().enumerate() {
        if let Some(event) = event(e, i, cx, &mut warnings) {
            let target = e.get("o_id").and_then(Node::as_text).unwrap_or_default();
            attach.push(Attach::new(target, Attachment::Event(event)));
        }
    }
    for (path, value) in warnings {
        let message = if path.ends_with("created_at") {
            "not a date-time: the change is not ordered"
        } else {
            "unknown ticket state (map it with context.choices.state)"
        };
        at.warn(&path, message, &value);
    }
    Ok(Converted::attachments(attach))
}

/// One history entry as an event; `None` for a change the engine does not count (another
/// object's, or another attribute's). An unreadable time or state is noted in `warnings` (path,
/// value).
fn event<'a>(
    e: &Node<'a>,
    i: usize,
    cx: &Context,
    warnings: &mut Vec<(String, String)>,
) -> Option<Event<'a>> {
    if e.get("object")
        .and_then(Node::as_str)
        .is_some_and(|o| o != "Ticket")
    {
        return None;
    }
    let field = match e.get("attribute").and_then(Node::as_str) {
        Some("state") => EventField::State,
        Some("group") => EventField::AssignmentGroup,
        Some("owner") => EventField::Assignee,
        Some("priority") => EventField::Priority,
        _ => return None,
    };
    let when = e
        .get("created_at")
        .and_then(Node::as_str)
        .and_then(|t| Instant::parse(t, cx.time_zone.as_ref()))
        .map(|p| p.0);
    if when.is_none() {
        warnings.push((format!("history.{i}.created_at"), shown(e, "created_at")));
    }
    let mut event = Event {
        at: when,
        field,
        from_state: None,
        to_state: None,
        from: None,
        to: None,
    };
    if field == EventField::State {
        event.from_state = state_side(e, cx, "id_from", "value_from");
        event.to_state = state_side(e, cx, "id_to", "value_to");
        if event.to_state.is_none() {
            warnings.push((format!("history.{i}.value_to"), shown(e, "value_to")));
        }
    } else {
        event.from = side(e, "id_from", "value_from");
        event.to = side(e, "id_to", "value_to");
    }
    Some(event)
}

/// One side of a change: the id, or else the value.
fn side<'a>(e: &Node<'a>, id: &str, value: &str) -> Option<Text<'a>> {
    let set = |k: &str| e.get(k).filter(|n| !n.is_empty()).and_then(Node::as_text);
    set(id).or_else(|| set(value))
}

/// One side of a state change: the state of its id, or else of its name.
fn state_side(e: &Node<'_>, cx: &Context, id: &str, value: &str) -> Option<State> {
    e.get(id)
        .filter(|n| !n.is_empty())
        .and_then(Node::as_text)
        .and_then(|c| state_of_id(cx, &c))
        .or_else(|| {
            e.get(value)
                .and_then(Node::as_str)
                .and_then(|n| state_of_name(cx, n))
        })
}

/// A member as shown in a warning (`null` when missing).
fn shown(e: &Node<'_>, key: &str) -> String {
    e.get(key)
        .map(Node::describe)
        .unwrap_or_else(|| "null".into())
}
