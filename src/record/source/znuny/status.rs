//! Ticket states: the instance's `choices` first, then the `StateType`, then a fresh
//! installation's `StateID`s.

use super::super::doc::{Doc, Node};
use crate::record::model::{Record, State};
use crate::record::value::Field;

/// Default `StateType` names → meaning.
fn state_type(t: &str) -> Option<State> {
    Some(match t.trim().to_ascii_lowercase().as_str() {
        "new" => State::New,
        "open" => State::InProgress,
        "pending reminder" => State::OnHold,
        // Pending auto close (+/-): solved, closes itself at the pending time.
        "pending auto" => State::Resolved,
        "closed" => State::Closed,
        "removed" | "merged" => State::Cancelled,
        _ => return None,
    })
}

/// Default `StateID`s of a fresh installation, for payloads without `StateType`.
fn seed_state_id(code: &str) -> Option<State> {
    Some(match code.trim() {
        "1" => State::New,
        "2" | "3" => State::Closed,
        "4" => State::InProgress,
        "5" | "9" => State::Cancelled,
        "6" => State::OnHold,
        "7" | "8" => State::Resolved,
        _ => return None,
    })
}

fn state_meaning(value: &str) -> Option<State> {
    State::parse(value.trim()).or_else(|| state_type(value))
}

pub(super) fn read_state<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>) {
    let cx = d.cx;
    let text =
        |d: &Doc<'_, 'a, '_>, k: &str| d.node(k).filter(|n| !n.is_empty()).and_then(Node::as_text);
    let (id, name, typ) = (text(d, "StateID"), text(d, "State"), text(d, "StateType"));
    if id.is_none() && name.is_none() && typ.is_none() {
        if d.node("StateType").or_else(|| d.node("State")).is_some() {
            r.state = Field::Null;
        }
        return;
    }
    r.state_label = name.clone().or_else(|| id.clone());
    let meaning = id
        .as_deref()
        .and_then(|c| cx.choice("StateID", c))
        .or_else(|| name.as_deref().and_then(|n| cx.choice("State", n)))
        .and_then(state_meaning)
        .or_else(|| {
            typ.as_deref().and_then(|t| {
                cx.choice("StateType", t)
                    .and_then(state_meaning)
                    .or_else(|| state_type(t))
            })
        })
        .or_else(|| {
            if typ.is_none() {
                id.as_deref().and_then(seed_state_id)
            } else {
                None
            }
        });
    match meaning {
        Some(s) => r.state = Field::Value(s),
        None => {
            let key = if typ.is_some() {
                "StateType"
            } else if id.is_some() {
                "StateID"
            } else {
                "State"
            };
            let n = d.node(key).unwrap_or(&Node::Null);
            d.warn(
                key,
                format!("unknown state (map it with context.choices.{key})"),
                n,
            );
        }
    }
}
