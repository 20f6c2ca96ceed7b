//! A ticket (TicketGet, or the single flattened object some clients return) as a record.

use super::super::doc::{Doc, LevelMap, Node};
use super::super::ticket_tools::{
    apply_custom_fields, blank_record, coded_level, ensure_detail, ticket_id,
};
use super::super::{Context, Rejection, first_present};
use super::dynamic::{itsm_fields, locate_field};
use super::sla::escalations;
use super::status::read_state;
use crate::record::model::*;
use crate::record::value::Field;

/// `PriorityID` 1 very low … 5 very high → canonical 5 planning … 1 critical.
const PRIORITY_IDS: LevelMap<'static> = &[("1", 5), ("2", 4), ("3", 3), ("4", 2), ("5", 1)];
const PRIORITY_NAMES: LevelMap<'static> = &[
    ("1 very low", 5),
    ("2 low", 4),
    ("3 normal", 3),
    ("4 high", 2),
    ("5 very high", 1),
];


/// The kind of a ticket `Type` (admin-defined; the ITSM bundle adds Incident, Incident::Major,
/// Problem, ServiceRequest, RfC).
fn kind_of_type(cx: &Context, t: &str) -> Option<Kind> {
    if let Some(k) = cx.kind_of(t) {
        return Some(k);
    }
    let lower = t.trim().to_ascii_lowercase();
    let base = lower.split("::").next().unwrap_or(&lower);
    Some(match base {
        "unclassified" | "incident" | "default" => Kind::Incident,
        "problem" => Kind::Problem,
        "service request" | "servicerequest" | "request" => Kind::ServiceRequest,
        "rfc" | "request for change" | "change" | "change request" => Kind::Change,
        _ => return None,
    })
}

pub(super) fn ticket<'a>(raw: &'a str, d: &mut Doc<'_, 'a, '_>) -> Result<Record<'a>, Rejection> {
    let cx = d.cx;
    // A client that flattened `Ticket` to one object (the Rapid7 OTRS plugin) or the raw list.
    let shape = if d.at.path() == "$.Ticket" {
        "ticketget/flattened"
    } else {
        "ticketget"
    };
    let id = ticket_id(
        d,
        "Znuny",
        ("TicketID", "TicketNumber"),
        "a Znuny ticket needs a TicketID (or its TicketNumber)",
    )?;
    let type_name = d
        .node("Type")
        .filter(|n| !n.is_empty())
        .and_then(Node::as_text);
    let kind = match &type_name {
        None => Kind::Incident,
        Some(t) => match kind_of_type(cx, t) {
            Some(k) => k,
            None => {
                let n = d.node("Type").unwrap_or(&Node::Null);
                d.warn(
                    "Type",
                    "unknown ticket type, read as an incident (map it with context.kinds)",
                    n,
                );
                Kind::Incident
            }
        },
    };
    let mut r = blank_record(id, kind, raw, "znuny", shape, "Ticket");
    if let Some(n) = d
        .node("DynamicField")
        .filter(|n| !n.is_empty() && !matches!(n, Node::Arr(_)))
    {
        d.warn("DynamicField", "expected a list of {Name, Value}", n);
    }
    r.number = d.text("TicketNumber").value().cloned();
    r.title = d.text("Title");
    read_state(d, &mut r);
    r.priority = coded_level(
        d,
        "PriorityID",
        Some("Priority"),
        PRIORITY_IDS,
        PRIORITY_NAMES,
        "priority",
    );
    r.service = first_present([d.text("Service"), d.reference("ServiceID")]);
    r.category = r.service.clone();
    if let Field::Value(service) = d.reference("ServiceID") {
        r.links.get_or_insert_with(Vec::new).push(Link {
            rel: LinkRel::Service,
            target: service,
            target_kind: Some(Kind::Service),
        });
    }
    r.assignment_group = first_present([d.reference("QueueID"), d.text("Queue")]);
    r.assignee = match first_present([d.reference("OwnerID"), d.text("Owner")]) {
        // User 1 (root@localhost) is the system's default owner: nobody took the ticket.
        Field::Value(o) if &*o == "1" => Field::Null,
        other => other,
    };
    r.requester = first_present([d.text("CustomerUserID"), d.text("CustomerID")]);
    r.opened_at = d.instant("Created");
    r.updated_at = d.instant("Changed");
    // `Closed` (with Extended=1) is the close time; closing is the solution in Znuny.
    let closed = d.instant("Closed");
    r.resolved_at = closed.clone();
    r.closed_at = closed;
    itsm_fields(d, &mut r, type_name.as_deref());
    r.sla = escalations(d, &r);
    ensure_detail(&mut r);
    let root_ref = d.root;
    apply_custom_fields(d, &mut r, &|name: &str| locate_field(root_ref, name));
    Ok(r)
}
