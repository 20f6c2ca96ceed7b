//! An iTop ticket (UserRequest, Incident, Problem, a Change class) as a record.

use super::super::doc::{Doc, LevelMap, Node};
use super::approvals::{change_approval, request_approval};
use super::class::Class;
use super::links::links;
use super::problem::problem;
use super::sla::sla_entries;
use super::status::status;
use super::text::{latest_log_entry, named, text};
use crate::record::model::*;
use crate::record::value::{Field, Text};

/// impact: 1 department, 2 service, 3 person → canonical 1 high … 3 low.
const IMPACT3: LevelMap<'static> = &[("1", 1), ("2", 2), ("3", 3)];
/// urgency: 1 critical, 2 high, 3 medium, 4 low → canonical 1 high … 3 low.
const URGENCY4: LevelMap<'static> = &[("1", 1), ("2", 1), ("3", 2), ("4", 3)];
/// priority: 1 critical, 2 high, 3 medium, 4 low → canonical 1 critical … 5 planning.
const PRIORITY4: LevelMap<'static> = &[("1", 1), ("2", 2), ("3", 3), ("4", 4)];

pub(super) fn ticket<'a>(
    doc: &mut Doc<'_, 'a, '_>,
    key: Text<'a>,
    reference: Option<Text<'a>>,
    class: Class,
) -> Record<'a> {
    let kind = ticket_kind(doc, class);
    let mut record = Record::new(key, kind);
    record.number = reference;
    record.title = text(doc, "title");
    record.state = doc.choice("status", "status", |s| status(class, s));
    record.state_label = doc.node("status").and_then(Node::as_text);
    let is_change = matches!(class, Class::Change(_));
    if !is_change {
        // A Change's `impact` is free text (its impact analysis), not a level.
        record.impact = doc.level("impact", IMPACT3);
        record.urgency = doc.level("urgency", URGENCY4);
        record.priority = doc.level("priority", PRIORITY4);
    }
    read_parties(doc, &mut record, is_change);
    read_dates(doc, &mut record, is_change);
    record.links = links(doc, class);
    if matches!(class, Class::UserRequest | Class::Incident) {
        let sla = sla_entries(doc, &record);
        if !sla.is_empty() {
            record.sla = Some(sla);
        }
    }
    match kind {
        Kind::Incident => record.incident = Some(Box::new(incident_detail(doc))),
        Kind::ServiceRequest => request_detail(doc, &mut record),
        Kind::Problem => record.problem = Some(Box::new(problem(doc))),
        Kind::Change => change_detail(doc, &mut record, class),
        _ => {}
    }
    record
}

/// The kind of the class; a UserRequest's `request_type` (incident / service_request codes).
fn ticket_kind(doc: &mut Doc<'_, '_, '_>, class: Class) -> Kind {
    match class {
        Class::Incident => Kind::Incident,
        Class::Problem => Kind::Problem,
        Class::Change(_) => Kind::Change,
        _ => match doc.choice("request_type", "request type", |s| match s {
            "incident" => Some(Kind::Incident),
            "service_request" => Some(Kind::ServiceRequest),
            other => Kind::parse(other),
        }) {
            Field::Value(k) => k,
            _ => Kind::ServiceRequest,
        },
    }
}

/// Category, service, team, agent and caller (a Change's requestor).
fn read_parties<'a>(doc: &mut Doc<'_, 'a, '_>, record: &mut Record<'a>, is_change: bool) {
    record.category = named(doc, "servicesubcategory_id");
    record.service = doc.reference("service_id");
    record.assignment_group = doc.reference("team_id");
    record.assignee = doc.reference("agent_id");
    record.requester = match doc.reference("caller_id") {
        Field::Absent if is_change => doc.reference("requestor_id"),
        other => other,
    };
}

/// Opening (a Change's creation), last update (or the latest case-log entry), resolution and
/// closing.
fn read_dates(doc: &mut Doc<'_, '_, '_>, record: &mut Record<'_>, is_change: bool) {
    record.opened_at = if is_change {
        doc.instant("creation_date")
    } else {
        doc.instant("start_date")
    };
    record.updated_at = match doc.instant("last_update") {
        Field::Absent => latest_log_entry(doc),
        other => other,
    };
    record.resolved_at = doc.instant("resolution_date");
    record.closed_at = doc.instant("close_date");
}

fn incident_detail<'a>(doc: &mut Doc<'_, 'a, '_>) -> IncidentDetail<'a> {
    IncidentDetail {
        major: doc.mapped("incident.major", Doc::boolean),
        security: doc.mapped("incident.security", Doc::boolean),
        resolution_code: text(doc, "resolution_code"),
        resolution_notes: text(doc, "solution"),
        review_at: doc.mapped("incident.reviewAt", Doc::instant),
        review_notes: doc.mapped("incident.reviewNotes", text),
        ..IncidentDetail::default()
    }
}

/// A UserRequest's approval (from its lifecycle), whether it needed one, its item and notes.
fn request_detail<'a>(doc: &mut Doc<'_, 'a, '_>, record: &mut Record<'a>) {
    let (approval, approvals) = request_approval(doc, record);
    record.approval = approval;
    record.approvals = approvals;
    let approval_required = match (&record.approval, doc.reference("approver_id")) {
        (Field::Value(_), _) => Field::Value(true),
        (_, Field::Value(_)) => Field::Value(true),
        (_, Field::Null) => Field::Value(false),
        _ => Field::Absent,
    };
    record.request = Some(Box::new(RequestDetail {
        // The service catalogue is Service › Service subcategory.
        item: record.category.clone(),
        approval_required,
        close_notes: text(doc, "solution"),
        ..RequestDetail::default()
    }));
}

/// A Change: its type is its class; approval from its lifecycle and `approval_date`.
fn change_detail<'a>(doc: &mut Doc<'_, 'a, '_>, record: &mut Record<'a>, class: Class) {
    let change_type = match class {
        Class::Change(t) => t,
        _ => None,
    };
    let (approval, approvals) = change_approval(doc, change_type, record);
    record.approval = approval;
    record.approvals = approvals;
    record.change = Some(Box::new(ChangeDetail {
        r#type: match change_type {
            Some(t) => Field::Value(t),
            None => Field::Absent,
        },
        risk: doc.mapped("change.risk", |d, f| d.choice(f, "risk", Risk::parse)),
        implementation_plan: doc.mapped("change.implementationPlan", text),
        backout_plan: text(doc, "fallback"),
        test_plan: doc.mapped("change.testPlan", text),
        risk_analysis: text(doc, "impact"),
        planned_start: doc.instant("start_date"),
        planned_end: doc.instant("end_date"),
        actual_start: doc.mapped("change.actualStart", Doc::instant),
        actual_end: doc.mapped("change.actualEnd", Doc::instant),
        outcome: doc.mapped("change.outcome", |d, f| {
            d.choice(f, "outcome", Outcome::parse)
        }),
        review_at: doc.mapped("change.reviewAt", Doc::instant),
        review_notes: doc.mapped("change.reviewNotes", text),
        cab_required: doc.mapped("change.cabRequired", Doc::boolean),
        ..ChangeDetail::default()
    }));
}
