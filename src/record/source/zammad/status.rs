//! Ticket states: by id (the seed states, and the instance's `choices` for added ones), by
//! state type, and only last by the seed names.

use super::super::Context;
use super::super::doc::{Doc, Node};
use crate::record::model::{Record, State};
use crate::record::value::Field;

/// Zammad's seed states (`db/seeds/ticket_states.rb`): id → meaning.
fn seed_state_id(code: &str) -> Option<State> {
    Some(match code.trim() {
        "1" => State::New,
        "2" => State::InProgress,
        "3" => State::OnHold,
        "4" => State::Closed,
        "5" | "6" => State::Cancelled,
        // "pending close": solved, closes itself at the pending time.
        "7" => State::Resolved,
        _ => return None,
    })
}

/// State types (`Ticket::StateType`), and the seed state names (stored names, not translations).
fn state_type(name: &str) -> Option<State> {
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "new" => State::New,
        "open" => State::InProgress,
        "pending reminder" => State::OnHold,
        "pending action" | "pending close" => State::Resolved,
        "closed" => State::Closed,
        "merged" | "removed" => State::Cancelled,
        _ => return None,
    })
}

/// A meaning given in `context.choices`: a canonical state, or a Zammad state type.
fn state_meaning(value: &str) -> Option<State> {
    State::parse(value.trim()).or_else(|| state_type(value))
}

pub(super) fn state_of_id(cx: &Context, code: &str) -> Option<State> {
    match cx.choice("state_id", code) {
        Some(meaning) => state_meaning(meaning),
        None => seed_state_id(code),
    }
}

pub(super) fn state_of_name(cx: &Context, name: &str) -> Option<State> {
    match cx.choice("state", name) {
        Some(meaning) => state_meaning(meaning),
        None => state_type(name),
    }
}

pub(super) fn read_state<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>) {
    let cx = d.cx;
    let code = d
        .node("state_id")
        .filter(|n| !n.is_empty())
        .and_then(Node::as_text);
    // The state name: `state` with expand=true, or a nested object in other shapes.
    let name = match d.node("state") {
        Some(Node::Str(t)) if !t.is_empty() => Some(t.clone()),
        Some(n @ Node::Obj(_)) => n.get("name").and_then(Node::as_text),
        _ => None,
    };
    let typ = d
        .node("state_type")
        .and_then(|n| match n {
            Node::Obj(_) => n.get("name").and_then(Node::as_text),
            other => other.as_text(),
        })
        .or_else(|| d.node("state.state_type").and_then(Node::as_text))
        .or_else(|| d.node("state.stateType.name").and_then(Node::as_text));
    if code.is_none() && name.is_none() && typ.is_none() {
        if d.node("state_id").is_some_and(Node::is_empty) {
            r.state = Field::Null;
        }
        return;
    }
    r.state_label = name.clone().or_else(|| code.clone());
    // The instance's mapping first, then the state type, then the seed ids, then seed names.
    let from_choice = code
        .as_deref()
        .and_then(|c| cx.choice("state_id", c))
        .or_else(|| name.as_deref().and_then(|n| cx.choice("state", n)))
        .and_then(state_meaning);
    let meaning = from_choice
        .or_else(|| {
            typ.as_deref().and_then(|t| {
                cx.choice("state_type", t)
                    .and_then(state_meaning)
                    .or_else(|| state_type(t))
            })
        })
        .or_else(|| code.as_deref().and_then(seed_state_id))
        .or_else(|| {
            if code.is_none() {
                name.as_deref().and_then(state_type)
            } else {
                None
            }
        });
    match meaning {
        Some(s) => r.state = Field::Value(s),
        None => {
            let (path, node) = match d.node("state_id") {
                Some(n) => ("state_id", n),
                None => ("state", d.node("state").unwrap_or(&Node::Null)),
            };
            let shown = match &name {
                Some(n) if path == "state_id" => format!(" ({n:?})"),
                _ => String::new(),
            };
            d.warn(
                path,
                format!("unknown ticket state{shown} (map it with context.choices.state_id)"),
                node,
            );
        }
    }
}
