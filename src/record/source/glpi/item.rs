//! A Ticket, Problem or Change (`GET apirest.php/{Ticket|Problem|Change}/{id}`) as a record.

use super::super::doc::{Doc, Node};
use super::super::ticket_tools::approval_required;
use super::super::{Context, Converted, Cursor, Rejection};
use super::Itil;
use super::codes::{PRIORITY6, SCALE5, change_type, risk, status, ticket_kind, validation_state};
use super::keys::instance_url;
use super::logs::logged_reopens;
use super::sla::sla_entries;
use super::text::{dropdown, first_present, plain, rich};
use crate::record::model::*;
use crate::record::value::{Field, Level, Text};

pub(super) fn item<'a>(
    root: &Node<'a>,
    raw: &'a str,
    itil: Itil,
    cx: &Context,
    at: &mut Cursor<'_>,
) -> Result<Converted<'a>, Rejection> {
    let id = match root.get("id").and_then(Node::as_text) {
        Some(id) if !id.is_blank() => id,
        _ => return Err(at.reject(".id", format!("a GLPI {} needs its id", itil.name()))),
    };
    let origin = Origin {
        tool: Some(Text::borrowed("glpi")),
        shape: Some(Text::borrowed(if expanded(root) {
            "apirest/expand_dropdowns"
        } else {
            "apirest"
        })),
        table: Some(Text::borrowed(itil.name())),
        url: instance_url(root, itil, &id).map(Text::owned),
    };
    let mut doc = Doc::new(root, cx, at);
    let kind = item_kind(&mut doc, itil);
    let mut record = common_fields(&mut doc, itil, Record::new(id, kind));
    record.origin = origin;
    record.raw = Some(raw);
    let sla = sla_entries(&mut doc, &record);
    if !sla.is_empty() {
        record.sla = Some(sla);
    }
    record.links = legacy_asset(root);
    let reopened = logged_reopens(&mut doc, itil);
    kind_detail(&mut doc, &mut record, reopened);
    Ok(record.into())
}

/// Whether `expand_dropdowns` turned the foreign keys into names.
fn expanded(root: &Node<'_>) -> bool {
    [
        "users_id_recipient",
        "requesttypes_id",
        "itilcategories_id",
        "entities_id",
        "users_id_lastupdater",
    ]
    .iter()
    .any(|k| {
        root.get(k)
            .and_then(Node::as_str)
            .is_some_and(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit()))
    })
}

/// A Ticket's `type` (1 incident, 2 request); Problems and Changes are their item type.
fn item_kind(doc: &mut Doc<'_, '_, '_>, itil: Itil) -> Kind {
    match itil {
        Itil::Problem => Kind::Problem,
        Itil::Change => Kind::Change,
        Itil::Ticket => match doc.choice("type", "ticket type", ticket_kind) {
            Field::Value(k) => k,
            // An unknown code has been warned about.
            Field::Absent if doc.node("type").is_some() => Kind::Incident,
            _ => {
                let shown = doc.node("type").unwrap_or(&Node::Null);
                doc.warn(
                    "type",
                    "a Ticket without its type (1 incident, 2 request): read as an incident",
                    shown,
                );
                Kind::Incident
            }
        },
    }
}

/// The fields every item type has: status, levels, dates, category, approval.
fn common_fields<'a>(doc: &mut Doc<'_, 'a, '_>, itil: Itil, record: Record<'a>) -> Record<'a> {
    let state = doc.choice("status", "status", |s| status(itil, s));
    let state_label = doc.node("status").and_then(|n| match n {
        Node::Obj(_) => n
            .get("name")
            .or_else(|| n.get("id"))
            .and_then(Node::as_text),
        other => other.as_text(),
    });
    let priority = doc.level("priority", PRIORITY6);
    let opened_at = first_present(doc.instant("date"), || doc.instant("date_creation"));
    let resolved_at = doc.instant("solvedate");
    let closed_at = doc.instant("closedate");
    let approval = match itil {
        Itil::Problem => Field::Absent,
        _ => doc.choice("global_validation", "approval status", validation_state),
    };
    Record {
        title: plain(doc, "name"),
        state,
        state_label,
        priority,
        impact: doc.level("impact", SCALE5),
        urgency: doc.level("urgency", SCALE5),
        category: dropdown(doc, "itilcategories_id"),
        opened_at,
        updated_at: doc.instant("date_mod"),
        resolved_at,
        closed_at,
        approval,
        ..record
    }
}

/// Before GLPI 9.2 a Ticket kept one associated asset in itemtype/items_id.
fn legacy_asset<'a>(root: &Node<'a>) -> Option<Vec<Link<'a>>> {
    let asset_type = root
        .get("itemtype")
        .and_then(Node::as_text)
        .filter(|t| !t.is_blank() && Itil::from_name(t).is_none())?;
    let asset_id = root
        .get("items_id")
        .and_then(Node::as_text)
        .filter(|t| !t.is_blank() && &**t != "0")?;
    Some(vec![Link {
        rel: LinkRel::AffectsCi,
        target: Text::owned(format!("{asset_type}/{asset_id}")),
        target_kind: Some(Kind::ConfigurationItem),
    }])
}

/// The detail object of the record's kind.
fn kind_detail<'a>(doc: &mut Doc<'_, 'a, '_>, record: &mut Record<'a>, reopened: Field<u32>) {
    match record.kind {
        Kind::Incident => {
            record.incident = Some(Box::new(IncidentDetail {
                major: major(&record.priority),
                reopen_count: reopened,
                resolution_code: doc.mapped("incident.resolutionCode", rich),
                resolution_notes: doc.mapped("incident.resolutionNotes", rich),
                security: doc.mapped("incident.security", Doc::boolean),
                ..IncidentDetail::default()
            }))
        }
        Kind::ServiceRequest => {
            record.request = Some(Box::new(RequestDetail {
                item: doc.mapped("request.item", rich),
                approval_required: approval_required(&record.approval),
                close_notes: doc.mapped("request.closeNotes", rich),
                ..RequestDetail::default()
            }))
        }
        Kind::Problem => {
            record.problem = Some(Box::new(ProblemDetail {
                root_cause: rich(doc, "causecontent"),
                workaround: doc.mapped("problem.workaround", rich),
                known_error: doc.mapped("problem.knownError", Doc::boolean),
                fix_notes: doc.mapped("problem.fixNotes", rich),
                ..ProblemDetail::default()
            }))
        }
        Kind::Change => record.change = Some(Box::new(change_detail(doc))),
        _ => {}
    }
}

/// A Change's plans (rich text), and the type and risk an instance maps to its own fields.
fn change_detail<'a>(doc: &mut Doc<'_, 'a, '_>) -> ChangeDetail<'a> {
    ChangeDetail {
        r#type: doc.mapped("change.type", |d, f| {
            d.choice(f, "change type", change_type)
        }),
        risk: doc.mapped("change.risk", |d, f| d.choice(f, "change risk", risk)),
        implementation_plan: rich(doc, "rolloutplancontent"),
        backout_plan: rich(doc, "backoutplancontent"),
        test_plan: rich(doc, "checklistcontent"),
        risk_analysis: rich(doc, "impactcontent"),
        planned_start: doc.mapped("change.plannedStart", Doc::instant),
        planned_end: doc.mapped("change.plannedEnd", Doc::instant),
        review_at: doc.mapped("change.reviewAt", Doc::instant),
        review_notes: doc.mapped("change.reviewNotes", rich),
        ..ChangeDetail::default()
    }
}

/// Priority 6 is GLPI's "Major".
pub(super) fn major(priority: &Field<Level<'_>>) -> Field<bool> {
    match priority {
        Field::Value(l) => Field::Value(l.code.as_deref().is_some_and(|c| c.trim() == "6")),
        Field::Null => Field::Value(false),
        Field::Absent => Field::Absent,
    }
}
