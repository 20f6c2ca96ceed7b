//! Znuny / OTRS GenericInterface TicketGet (`{"Ticket": [{…}]}`, and the single flattened object
//! some clients return), with DynamicField and StateType.
//!
//! Ids come as strings or numbers; states are classified by `StateType` (the `State` name is the
//! admin's, and only meaningful through `context.choices`); `Created`/`Changed` are naive times
//! in the system zone (`context.timeZone`); escalation times are epoch seconds ("0" = none).
//! The ITSM bundle's dynamic fields give impact (`ITSMImpact`), urgency (`ITSMCriticality`), the
//! review requirement (`ITSMReviewRequired`) and the decision (`ITSMDecisionResult`); any dynamic
//! field named in `context.fields` is read too.
//!
//! Field notes: `../shared/reference/itsm-formats.md`.

use super::doc::{self, Doc, LevelMap, Node};
use super::ticket_tools::{
    Reading, Slot, apply_custom_fields, approval_code, blank_record, coded_level, ensure_detail,
    ticket_id, verdict_clocks,
};
use super::{
    Adapter, Context, Conversion, Converted, Cursor, Envelope, KeySet, Rejection, first_present,
};
use crate::record::model::*;
use crate::record::value::{Field, Level, Text};

pub struct Znuny;

impl Adapter for Znuny {
    fn envelopes(&self) -> &'static [Envelope] {
        // TicketGet's answer.
        const { &[Envelope::records("Ticket", "$.Ticket")] }
    }

    fn record_keys(&self) -> &'static [&'static str] {
        &["TicketID"]
    }

    fn carried_links(&self, _kind: Kind) -> Option<&'static [LinkRel]> {
        // TicketGet has no LinkObject links; the service is a field of the ticket.
        Some(&[LinkRel::Service])
    }

    fn detect(&self, keys: &KeySet) -> bool {
        keys.any(&["TicketID", "TicketNumber", "StateType"])
    }

    fn convert<'a>(&self, raw: &'a str, cx: &Context, at: &mut Cursor<'_>) -> Conversion<'a> {
        let root = doc::parse(raw, at, "a Znuny ticket")?;
        // The GenericInterface answers failures with `{"Error": {ErrorCode, ErrorMessage}}`.
        if let Some(error) = root.get("Error").filter(|_| root.get("TicketID").is_none()) {
            let part = |k: &str| {
                error
                    .get(k)
                    .and_then(Node::as_text)
                    .map(|t| t.to_string())
                    .unwrap_or_default()
            };
            return Err(at.reject(
                ".Error",
                format!(
                    "the web service answered with an error, not a ticket: {} {}",
                    part("ErrorCode"),
                    part("ErrorMessage")
                )
                .trim_end()
                .to_string(),
            ));
        }
        ticket(raw, &mut Doc::new(&root, cx, at)).map(Converted::from)
    }
}

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

/// `PriorityID` 1 very low … 5 very high → canonical 5 planning … 1 critical.
const PRIORITY_IDS: LevelMap<'static> = &[("1", 5), ("2", 4), ("3", 3), ("4", 2), ("5", 1)];
const PRIORITY_NAMES: LevelMap<'static> = &[
    ("1 very low", 5),
    ("2 low", 4),
    ("3 normal", 3),
    ("4 high", 2),
    ("5 very high", 1),
];

/// ITSM `ITSMImpact` / `ITSMCriticality` (1 very low … 5 very high) → canonical 1 high … 3 low.
const ITSM_LEVELS: LevelMap<'static> = &[
    ("5 very high", 1),
    ("4 high", 1),
    ("3 normal", 2),
    ("2 low", 3),
    ("1 very low", 3),
    ("5", 1),
    ("4", 1),
    ("3", 2),
    ("2", 3),
    ("1", 3),
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

/// Where a dynamic field sits: `DynamicField: [{Name, Value}]` (GenericInterface) or
/// `DynamicField_<Name>` (ticket attributes); other names are top-level fields.
fn locate_field(root: &Node<'_>, name: &str) -> Option<Slot> {
    if let Some(Node::Arr(items)) = root.get("DynamicField") {
        for (i, item) in items.iter().enumerate() {
            if item.get("Name").and_then(Node::as_str) == Some(name) {
                return Some(if item.get("Value").is_some() {
                    Slot::Path(format!("DynamicField.{i}.Value"))
                } else {
                    Slot::Empty
                });
            }
        }
    }
    let flat = format!("DynamicField_{name}");
    if root.get(&flat).is_some() {
        return Some(Slot::Path(flat));
    }
    Some(Slot::Path(name.to_string()))
}

/// A dynamic field's value: absent when the ticket does not list it, null when listed empty.
fn dynamic<'a>(d: &mut Doc<'_, 'a, '_>, name: &str) -> Option<Option<String>> {
    match locate_field(d.root, name)? {
        Slot::Empty => Some(None),
        Slot::Path(p) => d.node(&p).map(|_| Some(p)),
    }
}

fn ticket<'a>(raw: &'a str, d: &mut Doc<'_, 'a, '_>) -> Result<Record<'a>, Rejection> {
    let cx = d.cx;
    // A client that flattened `Ticket` to one object (the Rapid7 OTRS plugin) or the raw list.
    let shape = if d.at.path == "$.Ticket" {
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

fn read_state<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>) {
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

/// The ITSM bundle's dynamic fields.
fn itsm_fields<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>, type_name: Option<&str>) {
    let level = |d: &mut Doc<'_, 'a, '_>, name: &str| -> Field<Level<'a>> {
        match dynamic(d, name) {
            None => Field::Absent,
            Some(None) => Field::Null,
            Some(Some(p)) => d.level(&p, ITSM_LEVELS),
        }
    };
    r.impact = level(d, "ITSMImpact");
    r.urgency = level(d, "ITSMCriticality");
    // The decision on an RfC (or any ticket that asks for one).
    if let Some(slot) = dynamic(d, "ITSMDecisionResult") {
        let decision = match slot {
            None => Field::Null,
            Some(p) => d.choice(&p, "decision result", |t| {
                Some(match t.trim().to_ascii_lowercase().as_str() {
                    "approved" | "pre-approved" | "preapproved" => ApprovalState::Approved,
                    "rejected" => ApprovalState::Rejected,
                    "pending" | "postponed" => ApprovalState::Requested,
                    other => return approval_code(other),
                })
            }),
        };
        let when = match dynamic(d, "ITSMDecisionDate") {
            Some(Some(p)) => d.instant(&p).value().copied(),
            _ => None,
        };
        if let Field::Value(state) = decision {
            r.approvals = Some(vec![Approval {
                state,
                approver: None,
                group: None,
                at: when,
            }]);
        }
        r.approval = decision;
    }
    if r.kind == Kind::Incident {
        // "Incident::Major" (ITSM), or a required review: the incident gets a post-incident review.
        let typed_major = type_name.is_some_and(|t| t.to_ascii_lowercase().ends_with("::major"));
        let review = match dynamic(d, "ITSMReviewRequired") {
            None => Field::Absent,
            Some(None) => Field::Null,
            Some(Some(p)) => d.boolean(&p),
        };
        let major = match review {
            _ if typed_major => Field::Value(true),
            // Listed without a value: no review required.
            Field::Null => Field::Value(false),
            other => other,
        };
        let x = r.incident.get_or_insert_with(Default::default);
        x.major = major;
    }
}

/// Escalation deadlines and flags as SLA clocks (first response, update, solution).
fn escalations<'a>(d: &mut Doc<'_, 'a, '_>, r: &Record<'a>) -> Option<Vec<SlaEntry<'a>>> {
    // Closing is the solution in Znuny.
    let solved = r.closed_at.value().copied();
    let name = d.text("SLA").value().cloned();
    let clocks: [(&'static str, &str, &str, &str); 3] = [
        (
            "first response",
            "FirstResponseTime",
            "EscalationResponseTime",
            "FirstResponseDiffInMin",
        ),
        ("update", "UpdateTime", "EscalationUpdateTime", ""),
        (
            "solution",
            "SolutionTime",
            "EscalationSolutionTime",
            "SolutionDiffInMin",
        ),
    ];
    let mut out = Vec::new();
    for (clock, prefix, escalation, diff_key) in clocks {
        let due = first_present([
            d.instant(&format!("{prefix}DestinationTime")),
            d.instant(escalation),
            d.instant(&format!("{prefix}DestinationDate")),
        ])
        .value()
        .copied();
        let diff = if diff_key.is_empty() {
            None
        } else {
            d.number(diff_key).value().copied()
        };
        let flag = d.boolean(&format!("{prefix}Escalation")).value().copied();
        if due.is_none() && diff.is_none() && flag.is_none() {
            continue;
        }
        let stop = match clock {
            "first response" => d.instant("FirstResponse").value().copied(),
            "solution" => solved,
            _ => None,
        };
        let breached = match (diff, flag) {
            (Some(m), _) => Some(m < 0.0),
            (None, Some(true)) => Some(true),
            _ => match (stop, due) {
                (Some(s), Some(t)) => Some(s > t),
                _ => flag,
            },
        };
        let label = match &name {
            Some(sla) => Text::owned(format!("{sla}: {clock}")),
            None => Text::borrowed(clock),
        };
        out.push(Reading::new(label, due, stop, breached));
    }
    verdict_clocks(out, r)
}
