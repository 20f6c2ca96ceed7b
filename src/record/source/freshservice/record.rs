//! A ticket, change, problem or release as a record: its module, id and number, the fields every
//! module has, and the affected CIs.

use super::super::doc::{Doc, LevelMap, Node};
use super::super::ticket_tools::{
    Slot, apply_custom_fields, blank_record, coded_level, ensure_detail,
};
use super::super::{Cursor, Rejection, first_present};
use super::details::{change_detail, problem, release, ticket};
use super::kind::{FsKind, envelope_kind, note, signature_kind};
use super::status::{approval_status, read_status};
use crate::record::model::*;
use crate::record::value::{Field, Text};

/// Ticket priority 1 low … 4 urgent → canonical 4 low … 1 critical.
const PRIORITY: LevelMap<'static> = &[("1", 4), ("2", 3), ("3", 2), ("4", 1)];
/// Impact and urgency 1 low … 3 high → canonical 3 low … 1 high.
const LEVEL3: LevelMap<'static> = &[("1", 3), ("2", 2), ("3", 1)];

pub(super) fn record<'a>(raw: &'a str, d: &mut Doc<'_, 'a, '_>) -> Result<Record<'a>, Rejection> {
    let fs = record_kind(d.root, d.at);
    let (id, display_id) = record_id(d, fs)?;
    let kind = match fs {
        FsKind::Ticket => ticket_kind(d),
        FsKind::Change => Kind::Change,
        FsKind::Problem => Kind::Problem,
        FsKind::Release => Kind::Release,
    };
    let shown = display_id.unwrap_or_else(|| id.clone());
    let number = Text::owned(format!("{}-{}", fs.number_prefix(kind), &*shown));
    let mut r = blank_record(id, kind, raw, "freshservice", "api-v2", fs.table());
    r.number = Some(number);
    read_common(d, &mut r, fs);
    let mut links = affected_cis(d);
    for key in ["planning_fields", "analysis_fields", "stats"] {
        if let Some(n) = d
            .node(key)
            .filter(|n| !n.is_empty() && !matches!(n, Node::Obj(_)))
        {
            d.warn(key, "expected an object", n);
        }
    }
    ensure_detail(&mut r);
    kind_detail(d, &mut r, fs, &mut links);
    if !links.is_empty() {
        r.links = Some(links);
    }
    let root_ref = d.root;
    apply_custom_fields(d, &mut r, &|name: &str| {
        let custom = format!("custom_fields.{name}");
        Some(Slot::Path(if root_ref.at(&custom).is_some() {
            custom
        } else {
            name.to_string()
        }))
    });
    Ok(r)
}

/// The module the element belongs to: its envelope's, unless its fields say otherwise (with a
/// warning either way when they disagree or say nothing).
fn record_kind(root: &Node<'_>, at: &mut Cursor<'_>) -> FsKind {
    match (envelope_kind(at.path()), signature_kind(root)) {
        (Some(e), Some(f)) if e != f => {
            note(
                at,
                format!(
                    "listed as a {} but its fields are those of a {}: read as a {}",
                    e.name(),
                    f.name(),
                    f.name()
                ),
            );
            f
        }
        (Some(e), _) => e,
        (None, Some(f)) => f,
        (None, None) => {
            note(at, "cannot tell whether this is a ticket, change, problem or release (no type, change_type, release_type or analysis_fields): read as a ticket".into());
            FsKind::Ticket
        }
    }
}

/// The record's id and its `display_id`. API v2 ids are the numbers the UI shows (INC-106); v1
/// payloads carry that number as `display_id`, which keys a record sent without its id.
fn record_id<'a>(
    d: &mut Doc<'_, 'a, '_>,
    fs: FsKind,
) -> Result<(Text<'a>, Option<Text<'a>>), Rejection> {
    let display_id = d.reference("display_id").value().cloned();
    match (d.reference("id"), &display_id) {
        (Field::Value(id), _) => Ok((id, display_id)),
        (_, Some(number)) => {
            d.at.keyed_by("Freshservice", "id", "display_id", number);
            Ok((number.clone(), display_id))
        }
        _ => Err(d.at.reject(
            ".id",
            format!(
                "a Freshservice {} needs an id (or its display_id)",
                fs.name()
            ),
        )),
    }
}

/// Subject, levels, category, people, dates, status and approval.
fn read_common<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>, fs: FsKind) {
    r.title = d.text("subject");
    r.priority = coded_level(d, "priority", None, PRIORITY, &[], "priority");
    r.impact = coded_level(d, "impact", None, LEVEL3, &[], "impact");
    r.urgency = coded_level(d, "urgency", None, LEVEL3, &[], "urgency");
    r.category = category(d);
    r.assignment_group = d.reference("group_id");
    r.assignee = first_present([d.reference("responder_id"), d.reference("agent_id")]);
    r.requester = first_present([d.reference("requester_id"), d.reference("requested_for_id")]);
    r.opened_at = d.instant("created_at");
    r.updated_at = d.instant("updated_at");
    r.resolved_at = d.instant("stats.resolved_at");
    r.closed_at = d.instant("stats.closed_at");
    read_status(d, r, fs);
    if d.node("approval_status").is_some() {
        r.approval = d.choice("approval_status", "approval status", approval_status);
    }
}

/// The assets a record names (`assets`, `associated_assets`) as affected CIs.
fn affected_cis<'a>(d: &mut Doc<'_, 'a, '_>) -> Vec<Link<'a>> {
    let mut links = Vec::new();
    for key in ["assets", "associated_assets"] {
        for target in ids(d, key) {
            links.push(Link {
                rel: LinkRel::AffectsCi,
                target,
                target_kind: Some(Kind::ConfigurationItem),
            });
        }
    }
    links
}

/// The module's own fields, and its links to changes (a problem's fix, a release's changes).
fn kind_detail<'a>(
    d: &mut Doc<'_, 'a, '_>,
    r: &mut Record<'a>,
    fs: FsKind,
    links: &mut Vec<Link<'a>>,
) {
    let change = |target| Link {
        rel: LinkRel::FixedBy,
        target,
        target_kind: Some(Kind::Change),
    };
    match fs {
        FsKind::Ticket => ticket(d, r),
        FsKind::Change => change_detail(d, r),
        FsKind::Problem => {
            if let Field::Value(target) = d.reference("associated_change") {
                links.push(change(target));
            }
            problem(d, r);
        }
        FsKind::Release => {
            for target in ids(d, "associated_changes") {
                links.push(Link {
                    rel: LinkRel::Change,
                    ..change(target)
                });
            }
            release(d, r);
        }
    }
}

/// A ticket's `type`: Incident or Service Request (or what the instance maps).
fn ticket_kind(d: &mut Doc<'_, '_, '_>) -> Kind {
    let Some(n) = d.node("type").filter(|n| !n.is_empty()) else {
        return Kind::Incident;
    };
    let t = n.as_text().unwrap_or_default();
    if let Some(k) = d.cx.kind_of(&t) {
        return k;
    }
    match t.trim().to_ascii_lowercase().as_str() {
        "incident" => Kind::Incident,
        "service request" | "service_request" => Kind::ServiceRequest,
        _ => {
            d.warn(
                "type",
                "unknown ticket type, read as an incident (map it with context.kinds)",
                n,
            );
            Kind::Incident
        }
    }
}

/// `category` › `sub_category` › `item_category`.
fn category<'a>(d: &mut Doc<'_, 'a, '_>) -> Field<Text<'a>> {
    let top = d.text("category");
    let Field::Value(top) = top else { return top };
    let mut parts = vec![top];
    for k in ["sub_category", "item_category"] {
        if let Field::Value(t) = d.text(k) {
            parts.push(t);
        }
    }
    if parts.len() == 1 {
        return Field::Value(parts.remove(0));
    }
    Field::Value(Text::owned(
        parts.iter().map(|t| &**t).collect::<Vec<_>>().join(" > "),
    ))
}

/// Ids in a list of ids or of objects (`{id}` / `{display_id}`).
pub(super) fn ids<'a>(d: &mut Doc<'_, 'a, '_>, key: &str) -> Vec<Text<'a>> {
    let Some(node) = d.node(key) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    match node {
        Node::Arr(items) => {
            for (i, item) in items.iter().enumerate() {
                let id = match item {
                    Node::Obj(_) => ["display_id", "id"]
                        .iter()
                        .find_map(|k| item.get(k)?.as_text()),
                    other => other.as_text(),
                };
                match id {
                    Some(id) => out.push(id),
                    None => d.warn(&format!("{key}.{i}"), "expected an id", item),
                }
            }
        }
        Node::Null => {}
        other => d.warn(key, "expected a list of ids", other),
    }
    out
}
