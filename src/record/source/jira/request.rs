//! Servicedeskapi customer requests.

use super::super::doc::Node;
use super::super::history::{self, Event, EventField};
use super::super::{Converted, Rejection};
use super::codes::{IMPACT, PRIORITY, URGENCY, mapped_kind};
use super::read::{At, Reader};
use super::records::blank;
use super::sla::sla_entries;
use super::status::status_state;
use crate::record::model::*;
use crate::record::time::Instant;
use crate::record::value::{Field, Level, Text};

/// A servicedeskapi customer request (`/rest/servicedeskapi/request/{key}`), read in steps whose
/// order is the order of their warnings.
pub(super) fn request<'a>(
    root: &Node<'a>,
    raw: &'a str,
    r: &mut Reader<'_, '_, '_>,
) -> Result<Converted<'a>, Rejection> {
    let key = root.text_of("issueKey");
    let Some(id) = root.text_of("issueId").or_else(|| key.clone()) else {
        return Err(r.at.reject(
            ".issueKey",
            "a JSM request needs an `issueId` or `issueKey`",
        ));
    };
    if root.text_of("issueId").is_none() {
        r.at.keyed_by("Jira", "issueId", "issueKey", &id);
    }
    let request_type = root.get("requestType").filter(|n| !n.is_empty());
    let type_id = root.get("requestTypeId").and_then(Node::as_text);
    let kind = request_kind(r, request_type, type_id.as_deref());
    let mut record = blank(id, kind, raw);
    record.number = key;
    record.origin.shape = Some(Text::borrowed("servicedeskapi"));
    record.origin.table = Some(Text::borrowed("request"));
    record.origin.url = ["_links.agent", "_links.web"]
        .iter()
        .find_map(|p| root.at(p)?.as_text());
    field_values(r, root, &mut record);
    record.requester = r.node_reference(root.get("reporter"), "reporter");
    record.opened_at = r.node_time(root.get("createdDate"), "createdDate");
    current_status(r, root, &mut record);
    if let Some(sla) = root.get("sla") {
        record.sla = Some(expanded_sla(r, sla));
    }
    let reopened = root.get("status").map(|status| reopen_count(r, status));
    let item = match request_type
        .and_then(|t| t.get("name"))
        .and_then(Node::as_text)
    {
        Some(n) => Field::Value(n),
        None => Field::from_option(type_id),
    };
    match kind {
        Kind::ServiceRequest => {
            record.category = item.clone();
            record.request = Some(Box::new(RequestDetail {
                item,
                ..RequestDetail::default()
            }));
        }
        Kind::Incident => {
            record.category = item;
            record.incident = Some(Box::new(IncidentDetail {
                reopen_count: reopened.map(Field::Value).unwrap_or(Field::Absent),
                ..IncidentDetail::default()
            }));
        }
        _ => {}
    }
    Ok(record.into())
}

/// The request's kind: the instance's mapping of its request type (or of the issue type behind
/// it), else a service request.
fn request_kind(
    r: &Reader<'_, '_, '_>,
    request_type: Option<&Node<'_>>,
    type_id: Option<&str>,
) -> Kind {
    mapped_kind(r.cx, request_type)
        .or_else(|| type_id.and_then(|t| r.cx.kind_of(t)))
        .or_else(|| {
            request_type
                .and_then(|t| t.get("issueTypeId"))
                .and_then(Node::as_text)
                .and_then(|t| r.cx.kind_of(&t))
        })
        .unwrap_or(Kind::ServiceRequest)
}

/// The request field values, by field id (their labels are the portal's, in any language).
fn field_values<'a>(r: &mut Reader<'_, '_, '_>, root: &Node<'a>, record: &mut Record<'a>) {
    let values = root
        .get("requestFieldValues")
        .map(Node::as_array)
        .unwrap_or_default();
    let value_of = |fid: &str| -> Option<(usize, &Node<'a>)> {
        values
            .iter()
            .enumerate()
            .find(|(_, v)| v.get("fieldId").and_then(Node::as_str) == Some(fid))
            .and_then(|(i, v)| Some((i, v.get("value")?)))
    };
    let read_level = |r: &mut Reader<'_, '_, '_>,
                      fid: Option<&str>,
                      tables: &[&str],
                      map: &[(&str, u8)]|
     -> Field<Level<'a>> {
        match fid.and_then(value_of) {
            Some((i, v)) => r.node_level(
                Some(v),
                &format!("requestFieldValues[{i}].value"),
                tables,
                map,
            ),
            None => Field::Absent,
        }
    };
    if let Some((i, v)) = value_of("summary") {
        record.title = r.node_text(Some(v), &format!("requestFieldValues[{i}].value"));
    }
    record.priority = read_level(r, Some("priority"), &["priority"], PRIORITY);
    let impact_id = r.cx.field("impact");
    record.impact = read_level(
        r,
        impact_id,
        &[impact_id.unwrap_or("impact"), "impact"],
        IMPACT,
    );
    let urgency_id = r.cx.field("urgency");
    record.urgency = read_level(
        r,
        urgency_id,
        &[urgency_id.unwrap_or("urgency"), "urgency"],
        URGENCY,
    );
}

/// The state from the current status's category, and since when it holds.
fn current_status<'a>(r: &mut Reader<'_, '_, '_>, root: &Node<'a>, record: &mut Record<'a>) {
    let Some(c) = root.get("currentStatus").filter(|n| !n.is_empty()) else {
        return;
    };
    let name = c.get("status").and_then(Node::as_text);
    record.state_label = name.clone();
    let category = c.get("statusCategory").and_then(Node::as_text);
    // A done request: the servicedeskapi has no resolution; read it as the issue API would.
    match status_state(r.cx, None, name.as_deref(), category.as_deref(), None, true) {
        Some(s) => record.state = Field::Value(s),
        None => r.warn(
            "currentStatus.statusCategory",
            "unknown status category (map the status with context.choices.status)",
            c,
        ),
    }
    let done = record.state.value().is_some_and(|s| s.is_done());
    let since = r.node_time(c.get("statusDate"), "currentStatus.statusDate");
    record.resolved_at = if done { since.clone() } else { Field::Null };
    record.closed_at = match record.state.value() {
        Some(State::Closed | State::Cancelled) => since,
        _ => Field::Null,
    };
}

/// The expanded SLA (`expand=sla`): the cycles of each metric.
fn expanded_sla<'a>(r: &mut Reader<'_, '_, '_>, sla: &Node<'a>) -> Vec<SlaEntry<'a>> {
    let mut entries = Vec::new();
    for (i, v) in sla
        .get("values")
        .map(Node::as_array)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        entries.extend(sla_entries(
            r,
            v,
            &At::Item(&At::Path("sla"), "values", i),
            None,
            SlaSource::SlaRows,
        ));
    }
    entries
}

/// How often the request was reopened, from its expanded status history (`expand=status`).
fn reopen_count(r: &mut Reader<'_, '_, '_>, status: &Node<'_>) -> u32 {
    let mut steps: Vec<(Option<Instant>, Option<State>)> = Vec::new();
    for (i, v) in status
        .get("values")
        .map(Node::as_array)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let at = r
            .node_time(
                v.get("statusDate"),
                &format!("status.values[{i}].statusDate"),
            )
            .value()
            .copied();
        let name = v.get("status").and_then(Node::as_str);
        let category = v.get("statusCategory").and_then(Node::as_str);
        steps.push((at, status_state(r.cx, None, name, category, None, true)));
    }
    crate::util::sort::sort_by_key(&mut steps, |s| s.0);
    let events: Vec<Event<'_>> = steps
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some(Event {
                at: b.0,
                field: EventField::State,
                from_state: a.1,
                to_state: b.1,
                from: None,
                to: None,
            }),
            _ => None,
        })
        .collect();
    history::counts(&events).0
}
