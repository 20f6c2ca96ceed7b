//! A ticket (`GET /api/v1/tickets/{id}`, with or without `expand=true`) as a record.

use super::super::doc::{Doc, LevelMap, Node};
use super::super::ticket_tools::{
    Slot, apply_custom_fields, blank_record, coded_level, ensure_detail, ticket_id,
};
use super::super::{Context, Rejection, first_present};
use super::sla::{escalations, next_escalation};
use super::status::read_state;
use crate::record::model::*;
use crate::record::value::Field;

const PRIORITY_IDS: LevelMap<'static> = &[("1", 4), ("2", 3), ("3", 2)];
const PRIORITY_NAMES: LevelMap<'static> = &[("1 low", 4), ("2 normal", 3), ("3 high", 2)];

/// The ticket's kind from its `type` attribute (inactive by default: incident).
pub(super) fn kind_of_type(cx: &Context, t: &str) -> Option<Kind> {
    if let Some(k) = cx.kind_of(t) {
        return Some(k);
    }
    Some(match t.trim().to_ascii_lowercase().as_str() {
        "incident" => Kind::Incident,
        "problem" => Kind::Problem,
        "request for change" | "rfc" | "change" | "change request" => Kind::Change,
        "service request" | "request" => Kind::ServiceRequest,
        _ => return None,
    })
}

pub(super) fn ticket<'a>(raw: &'a str, d: &mut Doc<'_, 'a, '_>) -> Result<Record<'a>, Rejection> {
    let cx = d.cx;
    let id = ticket_id(
        d,
        "Zammad",
        ("id", "number"),
        "a Zammad ticket needs an id (or its number)",
    )?;
    let kind = match d.node("type") {
        None => Kind::Incident,
        Some(n) if n.is_empty() => Kind::Incident,
        Some(n) => match n.as_text().and_then(|t| kind_of_type(cx, &t)) {
            Some(k) => k,
            None => {
                d.warn(
                    "type",
                    "unknown ticket type, read as an incident (map it with context.kinds)",
                    n,
                );
                Kind::Incident
            }
        },
    };
    let expanded = ["state", "priority", "group", "owner", "customer"]
        .iter()
        .any(|k| d.node(k).is_some_and(|n| matches!(n, Node::Str(_))));
    let mut r = blank_record(
        id,
        kind,
        raw,
        "zammad",
        if expanded { "rest/expand" } else { "rest" },
        "Ticket",
    );
    r.number = d.text("number").value().cloned();
    r.title = d.text("title");
    read_state(d, &mut r);
    r.priority = coded_level(
        d,
        "priority_id",
        Some("priority"),
        PRIORITY_IDS,
        PRIORITY_NAMES,
        "priority",
    );
    r.assignment_group = d.reference("group_id");
    r.assignee = match d.reference("owner_id") {
        // User 1 is Zammad's "-" system user: the ticket has no owner.
        Field::Value(o) if &*o == "1" => Field::Null,
        other => other,
    };
    r.requester = d.reference("customer_id");
    r.opened_at = d.instant("created_at");
    r.updated_at = d.instant("updated_at");
    // Closing is Zammad's solution (the solution-time SLA stops at the first close).
    let first_close = d.instant("close_at");
    let last_close = d.instant("last_close_at");
    r.resolved_at = match (&first_close, r.state.value()) {
        (Field::Null, Some(State::Resolved)) => Field::Absent,
        _ => first_close.clone(),
    };
    r.closed_at = first_present([last_close, first_close]);
    r.sla = escalations(d, &r).or_else(|| next_escalation(d, &r));
    ensure_detail(&mut r);
    apply_custom_fields(d, &mut r, &|name: &str| Some(Slot::Path(name.to_string())));
    Ok(r)
}
