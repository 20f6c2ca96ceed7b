//! A row of GLPI's search endpoint (`apirest.php/search/Ticket`) as a minimal ticket record.

use super::super::doc::{Doc, Node};
use super::super::ticket_tools::{clock_stage, solved_at, verdict_clock};
use super::super::{Context, Converted, Cursor, Rejection};
use super::Itil;
use super::codes::{PRIORITY6, SCALE5, status, ticket_kind};
use super::item::major;
use super::text::plain;
use crate::record::model::*;
use crate::record::value::{Field, Text};

/// A row of `apirest.php/search/Ticket`: search-option ids as keys.
pub(super) fn search_row<'a>(
    root: &Node<'a>,
    raw: &'a str,
    cx: &Context,
    at: &mut Cursor<'_>,
) -> Result<Converted<'a>, Rejection> {
    let id = match root.get("2").and_then(Node::as_text) {
        Some(id) if !id.is_blank() => id,
        _ => {
            return Err(at.reject(
                ".2",
                "a GLPI search row needs the ID column (search option 2: add forcedisplay[]=2)",
            ));
        }
    };
    let mut doc = Doc::new(root, cx, at);
    // Search options of Ticket (CommonITILObject::getSearchOptionsMain and Ticket).
    let kind = match doc.choice("14", "ticket type", ticket_kind) {
        Field::Value(k) => k,
        _ => cx.kind_of("search").unwrap_or(Kind::Incident),
    };
    let itil = match kind {
        Kind::Problem => Itil::Problem,
        Kind::Change => Itil::Change,
        _ => Itil::Ticket,
    };
    let state = doc.choice("12", "status", |s| status(itil, s));
    let state_label = doc.node("12").and_then(Node::as_text);
    let opened_at = doc.instant("15");
    let mut record = Record {
        title: plain(&mut doc, "1"),
        state,
        state_label,
        priority: doc.level("3", PRIORITY6),
        impact: doc.level("11", SCALE5),
        urgency: doc.level("10", SCALE5),
        category: plain(&mut doc, "7"),
        assignment_group: plain(&mut doc, "8"),
        assignee: plain(&mut doc, "5"),
        requester: plain(&mut doc, "4"),
        opened_at,
        updated_at: doc.instant("19"),
        resolved_at: doc.instant("17"),
        closed_at: doc.instant("16"),
        origin: Origin {
            tool: Some(Text::borrowed("glpi")),
            shape: Some(Text::borrowed("apirest/search")),
            table: Some(Text::borrowed(itil.name())),
            url: None,
        },
        raw: Some(raw),
        ..Record::new(id, kind)
    };
    record.sla = search_sla(&mut doc, &record);
    if kind == Kind::Incident {
        record.incident = Some(Box::new(IncidentDetail {
            major: major(&record.priority),
            ..IncidentDetail::default()
        }));
    }
    Ok(record.into())
}

/// Time to resolve (search option 18) and GLPI's verdict on it, "Time to resolve exceeded" (82).
fn search_sla<'a>(doc: &mut Doc<'_, 'a, '_>, record: &Record<'a>) -> Option<Vec<SlaEntry<'a>>> {
    let due = doc.instant("18").value().copied();
    let late = doc.boolean("82").value().copied();
    if due.is_none() && late.is_none() {
        return None;
    }
    let stop = solved_at(record);
    let stage = clock_stage(stop.is_some(), record.state.value().copied());
    let breached = late.or(match (stop, due) {
        (Some(s), Some(d)) => Some(s.0 > d.0),
        _ => None,
    });
    let times = (record.opened_at.value().copied(), due, stop);
    Some(vec![verdict_clock(
        Text::borrowed("time_to_resolve"),
        stage,
        breached,
        times,
    )])
}
