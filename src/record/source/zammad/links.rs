//! `GET /api/v1/links`: the links of a bundle's ticket.

use super::super::doc::Node;
use super::super::{Attach, Attachment, Context, Converted, Cursor, Rejection};
use super::ticket::kind_of_type;
use crate::record::model::{Kind, Link, LinkRel};
use crate::record::value::Text;

/// `GET /api/v1/links` (`{links: [{link_type, link_object, link_object_value}], assets}`) or
/// one of its link items: links of the bundle's ticket.
pub(super) fn links<'a>(
    root: &Node<'a>,
    cx: &Context,
    at: &mut Cursor<'_>,
) -> Result<Converted<'a>, Rejection> {
    if !at.path().contains(".related") {
        return Err(at.reject(
            "",
            "a Zammad links payload does not say which ticket it belongs to; send it as related payload of its ticket: {\"bundle\": \"zammad\", \"record\": {ticket}, \"related\": [links]}",
        ));
    }
    let attach = link_items(root, at)
        .into_iter()
        .filter_map(|(prefix, item)| link(root, item, &prefix, cx, at))
        .map(|link| Attach::new(Text::borrowed(""), Attachment::Link(link)))
        .collect();
    Ok(Converted::attachments(attach))
}

/// The link items with the path prefix of their warnings: the payload itself when it is one
/// item, else its `links`.
fn link_items<'r, 'a>(root: &'r Node<'a>, at: &mut Cursor<'_>) -> Vec<(String, &'r Node<'a>)> {
    if root.get("link_type").is_some() {
        return vec![(String::new(), root)];
    }
    match root.get("links") {
        Some(Node::Arr(items)) => items
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("links.{i}."), n))
            .collect(),
        Some(other) => {
            at.warn("links", "expected a list of links", &other.describe());
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// One link item as a link: its relation from the link type and, when the payload's assets
/// carry it, the linked ticket's type; `None` (with a warning) without a target.
fn link<'a>(
    root: &Node<'a>,
    item: &Node<'a>,
    prefix: &str,
    cx: &Context,
    at: &mut Cursor<'_>,
) -> Option<Link<'a>> {
    let object = item.get("link_object").and_then(Node::as_text);
    let Some(value) = item
        .get("link_object_value")
        .filter(|n| !n.is_empty())
        .and_then(Node::as_text)
    else {
        at.warn(
            &format!("{prefix}link_object_value"),
            "link without a target: not joined",
            &item.describe(),
        );
        return None;
    };
    let is_ticket = object.as_deref().is_none_or(|o| o == "Ticket");
    // The linked ticket's type, when the assets carry it and it is set.
    let target_kind = if is_ticket {
        root.at(&format!("assets.Ticket.{value}.type"))
            .and_then(Node::as_str)
            .filter(|t| !t.is_empty())
            .and_then(|t| kind_of_type(cx, t))
    } else {
        None
    };
    let link_type = item
        .get("link_type")
        .and_then(Node::as_str)
        .unwrap_or("normal");
    let by_type = match link_type {
        "normal" => LinkRel::RelatesTo,
        // Link.list gives the linked object's role: "parent" means the target is the parent.
        "parent" => LinkRel::Parent,
        "child" => LinkRel::Child,
        other => {
            at.warn(
                &format!("{prefix}link_type"),
                "unknown link type, read as a plain link",
                &format!("{other:?}"),
            );
            LinkRel::RelatesTo
        }
    };
    let rel = match target_kind {
        Some(Kind::Problem) => LinkRel::Problem,
        Some(Kind::Change) => LinkRel::Change,
        Some(Kind::Incident) if link_type == "normal" => LinkRel::Incident,
        _ => by_type,
    };
    let target = match (is_ticket, object) {
        (false, Some(o)) => Text::owned(format!("{o}/{value}")),
        _ => value,
    };
    Some(Link {
        rel,
        target,
        target_kind,
    })
}
