//! GLPI's related items, each attached to its parent item: link items, validations, actors,
//! solutions; other timeline entries and log rows are only warned about.

use super::super::doc::{Doc, Node};
use super::super::ticket_tools::html_to_text;
use super::super::{Assigned, Attach, Attachment, Context, Converted, Cursor, Rejection};
use super::Itil;
use super::codes::validation_state;
use super::keys::{item_key, link_id, parent_field, parent_id, parent_key};
use super::text::dropdown;
use crate::record::model::{Approval, ApprovalState, Kind, Link, LinkRel};
use crate::record::value::{Field, Text};

/// `Problem_Ticket`, `Change_Ticket`, `Change_Problem`: a link on each side.
pub(super) fn pair<'a>(
    root: &Node<'a>,
    a: Itil,
    b: Itil,
    at: &mut Cursor<'_>,
) -> Result<Converted<'a>, Rejection> {
    let name = format!("{}_{}", a.name(), b.name());
    let ida = parent_id(root, a, a.key(), at);
    let idb = parent_id(root, b, b.key(), at);
    let (Some(ida), Some(idb)) = (ida.clone(), idb) else {
        let missing = if ida.is_none() { a.key() } else { b.key() };
        return Err(at.reject(
            &format!(".{missing}"),
            format!("a GLPI {name} link needs both {} and {}", a.key(), b.key()),
        ));
    };
    // (rel on the first item's side, rel on the second item's side)
    let (rel_a, kind_b, rel_b, kind_a) = match (a, b) {
        (Itil::Problem, Itil::Ticket) => (
            LinkRel::Incident,
            None,
            LinkRel::Problem,
            Some(Kind::Problem),
        ),
        (Itil::Change, Itil::Ticket) => (
            LinkRel::RelatesTo,
            None,
            LinkRel::Change,
            Some(Kind::Change),
        ),
        _ => (
            LinkRel::Problem,
            Some(Kind::Problem),
            LinkRel::Change,
            Some(Kind::Change),
        ),
    };
    let link = |rel, target, target_kind| {
        Attachment::Link(Link {
            rel,
            target,
            target_kind,
        })
    };
    Ok(Converted::attachments(vec![
        Attach::new(item_key(a, ida.clone()), link(rel_a, idb.clone(), kind_b)),
        Attach::new(item_key(b, idb), link(rel_b, ida, kind_a)),
    ]))
}

/// `Item_Ticket`, `Change_Item`, `Item_Problem`: an asset affected by the parent.
pub(super) fn asset<'a>(
    root: &Node<'a>,
    parent: Itil,
    at: &mut Cursor<'_>,
) -> Result<Converted<'a>, Rejection> {
    let Some(target) = parent_key(root, parent, parent.key(), at) else {
        return Err(at.reject(
            &format!(".{}", parent.key()),
            format!("a GLPI item link needs {}", parent.key()),
        ));
    };
    let itemtype = root
        .get("itemtype")
        .and_then(Node::as_text)
        .filter(|t| !t.is_empty());
    let Some(itemtype) = itemtype else {
        return Err(at.reject(
            ".itemtype",
            "a GLPI item link needs the itemtype of the linked asset",
        ));
    };
    let item_node = root.get("items_id");
    let item_id = match item_node.and_then(Node::as_text) {
        Some(t) if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) => t,
        Some(t) => match link_id(root, &itemtype) {
            Some(id) => id,
            None if !t.is_empty() => t,
            None => return Err(at.reject(".items_id", "a GLPI item link needs items_id")),
        },
        None => return Err(at.reject(".items_id", "a GLPI item link needs items_id")),
    };
    // Asset ids are per item type in GLPI, so the link names both.
    let link = Link {
        rel: LinkRel::AffectsCi,
        target: Text::owned(format!("{itemtype}/{item_id}")),
        target_kind: Some(Kind::ConfigurationItem),
    };
    Ok(Converted::attachments(vec![Attach::new(
        target,
        Attachment::Link(link),
    )]))
}

/// `TicketValidation`, `ChangeValidation`: an approval of the parent.
pub(super) fn validation<'a>(
    root: &Node<'a>,
    parent: Itil,
    cx: &Context,
    at: &mut Cursor<'_>,
) -> Result<Converted<'a>, Rejection> {
    let Some(target) = parent_key(root, parent, parent.key(), at) else {
        return Err(at.reject(
            &format!(".{}", parent.key()),
            format!("a GLPI validation needs {}", parent.key()),
        ));
    };
    let mut doc = Doc::new(root, cx, at);
    let state = match doc.choice("status", "validation status", validation_state) {
        Field::Value(s) => s,
        // An unreadable status has been warned about; the row still says an approval was asked.
        _ => ApprovalState::Requested,
    };
    // GLPI 11 validates by a user or a group (itemtype_target/items_id_target).
    let (mut approver, mut group) = (
        dropdown(&mut doc, "users_id_validate").value().cloned(),
        None,
    );
    if approver.is_none() {
        let target_type = doc
            .node("itemtype_target")
            .and_then(Node::as_str)
            .map(str::to_ascii_lowercase);
        let who = dropdown(&mut doc, "items_id_target").value().cloned();
        match target_type.as_deref() {
            Some("group") => group = who,
            _ => approver = who,
        }
    }
    let at_time = match doc.instant("validation_date") {
        Field::Value(i) => Some(i),
        _ => None,
    };
    let approval = Approval {
        state,
        approver,
        group,
        at: at_time,
    };
    Ok(Converted::attachments(vec![Attach::new(
        target,
        Attachment::Approval(approval),
    )]))
}

/// `Ticket_User`, `Group_Ticket`, `Change_User`, …: the requester, assignee or assignment group
/// of the parent (type 1 requester, 2 assigned, 3 observer; observers are not evaluated).
pub(super) fn actor<'a>(root: &Node<'a>, parent: Itil, at: &mut Cursor<'_>) -> Converted<'a> {
    let target = parent_key(root, parent, parent.key(), at);
    let role = root.get("type").and_then(Node::as_f64).map(|t| t as i64);
    let who = ["users_id", "groups_id", "suppliers_id"]
        .iter()
        .find_map(|k| set_id(root, k).map(|t| (*k, t)));
    let assigned = match (role, who) {
        (Some(1), Some(("users_id", id))) => Some(Assigned::Requester(id)),
        (Some(2), Some(("users_id", id))) => Some(Assigned::Assignee(id)),
        (Some(2), Some(("groups_id", id))) => Some(Assigned::AssignmentGroup(id)),
        (Some(1..=3), _) => None,
        _ => {
            let shown = root.get("type").map(Node::describe).unwrap_or_default();
            at.warn(
                "type",
                "unknown GLPI actor type (1 requester, 2 assigned, 3 observer)",
                &shown,
            );
            None
        }
    };
    match (target, assigned) {
        (Some(target), Some(what)) => {
            Converted::attachments(vec![Attach::new(target, Attachment::Set(what))])
        }
        _ => Converted::default(),
    }
}

/// A foreign key's id, when set (0 is GLPI's "none").
fn set_id<'a>(root: &Node<'a>, key: &str) -> Option<Text<'a>> {
    root.get(key)
        .and_then(Node::as_text)
        .filter(|t| !t.is_blank() && &**t != "0")
}

/// A solution (`ITILSolution`): its text and type are the parent's resolution notes and code.
pub(super) fn solution<'a>(root: &Node<'a>, parent: Itil, at: &mut Cursor<'_>) -> Converted<'a> {
    let key = parent_field(root, parent);
    let Some(target) = parent_key(root, parent, key, at) else {
        return Converted::default();
    };
    let notes = root
        .get("content")
        .and_then(Node::as_str)
        .map(html_to_text)
        .filter(|t| !t.trim().is_empty())
        .map(|text| Assigned::ResolutionNotes(Text::owned(text)));
    let code = set_id(root, "solutiontypes_id").map(Assigned::ResolutionCode);
    Converted::attachments(
        [notes, code]
            .into_iter()
            .flatten()
            .map(|what| Attach::new(target.clone(), Attachment::Set(what)))
            .collect(),
    )
}

/// A follow-up, task or other related item the canonical record has no place for: a warning.
pub(super) fn timeline_item<'a>(
    root: &Node<'a>,
    parent: Itil,
    what: &str,
    at: &mut Cursor<'_>,
) -> Converted<'a> {
    let key = parent_field(root, parent);
    let target = parent_id(root, parent, key, at);
    let shown = root.get("id").map(Node::describe).unwrap_or_default();
    at.warn(
        "id",
        format!(
            "GLPI {what} of {} {} is not evaluated: the canonical record has no place for it",
            parent.name(),
            target.as_deref().unwrap_or("?")
        ),
        &shown,
    );
    Converted::default()
}

/// A `glpi_logs` row on its own: a warning (the item's `_logs` are read with it).
pub(super) fn log_row<'a>(root: &Node<'a>, at: &mut Cursor<'_>) -> Converted<'a> {
    let shown = root
        .get("id_search_option")
        .map(Node::describe)
        .unwrap_or_default();
    at.warn(
        "id_search_option",
        "a separate GLPI Log row is not joined: fetch the record with with_logs=true so its status history (`_logs`) is read with it",
        &shown,
    );
    Converted::default()
}
