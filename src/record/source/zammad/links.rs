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
    if !at.path.contains(".related") {
        return Err(at.reject(
            "",
            "a Zammad links payload does not say which ticket it belongs to; send it as related payload of its ticket: {\"bundle\": \"zammad\", \"record\": {ticket}, \"related\": [links]}",
        ));
    }
    let single = root.get("link_type").is_some();
    let items: Vec<(String, &Node<'a>)> = if single {
        vec![(String::new(), root)]
    } else {
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
    };
    let mut attach = Vec::new();
    for (prefix, item) in items {
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
            continue;
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
        attach.push(Attach {
            target: Text::borrowed(""),
            also: None,
            what: Attachment::Link(Link {
                rel,
                target,
                target_kind,
            }),
        });
    }
    Ok(Converted {
        record: None,
        attach,
    })
}
