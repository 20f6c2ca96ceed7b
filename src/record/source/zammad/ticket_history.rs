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
        if e.get("object")
            .and_then(Node::as_str)
            .is_some_and(|o| o != "Ticket")
        {
            continue;
        }
        let field = match e.get("attribute").and_then(Node::as_str) {
            Some("state") => EventField::State,
            Some("group") => EventField::AssignmentGroup,
            Some("owner") => EventField::Assignee,
            Some("priority") => EventField::Priority,
            _ => continue,
        };
        let when = e
            .get("created_at")
            .and_then(Node::as_str)
            .and_then(|t| Instant::parse(t, cx.time_zone.as_ref()))
            .map(|p| p.0);
        if when.is_none() {
            warnings.push((
                format!("history.{i}.created_at"),
                e.get("created_at")
                    .map(Node::describe)
                    .unwrap_or_else(|| "null".into()),
            ));
        }
        let side = |id: &str, value: &str| -> Option<Text<'a>> {
            e.get(id)
                .filter(|n| !n.is_empty())
                .and_then(Node::as_text)
                .or_else(|| {
                    e.get(value)
                        .filter(|n| !n.is_empty())
                        .and_then(Node::as_text)
                })
        };
        let (from, to) = (side("id_from", "value_from"), side("id_to", "value_to"));
        let mut event = Event {
            at: when,
            field,
            from_state: None,
            to_state: None,
            from: None,
            to: None,
        };
        if field == EventField::State {
            let meaning = |id: &str, value: &str| -> Option<State> {
                e.get(id)
                    .filter(|n| !n.is_empty())
                    .and_then(Node::as_text)
                    .and_then(|c| state_of_id(cx, &c))
                    .or_else(|| {
                        e.get(value)
                            .and_then(Node::as_str)
                            .and_then(|n| state_of_name(cx, n))
                    })
            };
            event.from_state = meaning("id_from", "value_from");
            event.to_state = meaning("id_to", "value_to");
            if event.to_state.is_none() {
                warnings.push((
                    format!("history.{i}.value_to"),
                    e.get("value_to")
                        .map(Node::describe)
                        .unwrap_or_else(|| "null".into()),
                ));
            }
        } else {
            event.from = from;
            event.to = to;
        }
        let target = e.get("o_id").and_then(Node::as_text).unwrap_or_default();
        attach.push(Attach {
            target,
            also: None,
            what: Attachment::Event(event),
        });
    }
    for (path, value) in warnings {
        let message = if path.ends_with("created_at") {
            "not a date-time: the change is not ordered"
        } else {
            "unknown ticket state (map it with context.choices.state)"
        };
        at.warn(&path, message, &value);
    }
    Ok(Converted {
        record: None,
        attach,
    })
}
