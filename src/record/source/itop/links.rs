//! A ticket's links: its service, the external keys to a parent or related ticket, and the link
//! sets (`functionalcis_list`, `related_*_list`, `child_*_list`).

use super::super::doc::{Doc, Node};
use super::class::Class;
use crate::record::model::{Kind, Link, LinkRel};
use crate::record::value::Field;

/// Where a link comes from (an external key or a link set), its relation and the linked
/// object's kind.
type Source = (&'static str, LinkRel, Option<Kind>);

/// Every ticket class's service.
const SERVICE: Source = ("service_id", LinkRel::Service, Some(Kind::Service));

/// The external keys that link a ticket of the class to another ticket.
fn key_links(class: Class) -> &'static [Source] {
    match class {
        Class::UserRequest | Class::Incident => &[
            ("parent_problem_id", LinkRel::Problem, Some(Kind::Problem)),
            ("parent_change_id", LinkRel::Change, Some(Kind::Change)),
            ("parent_incident_id", LinkRel::Parent, Some(Kind::Incident)),
            (
                "parent_request_id",
                LinkRel::Parent,
                Some(Kind::ServiceRequest),
            ),
        ],
        Class::Problem => &[("related_change_id", LinkRel::Change, Some(Kind::Change))],
        Class::Change(_) => &[("parent_id", LinkRel::Parent, Some(Kind::Change))],
        Class::Ci => &[],
    }
}

/// The link sets of the class.
fn link_sets(class: Class) -> &'static [Source] {
    const CIS: Source = (
        "functionalcis_list",
        LinkRel::AffectsCi,
        Some(Kind::ConfigurationItem),
    );
    match class {
        Class::UserRequest | Class::Incident => &[
            CIS,
            ("child_incidents_list", LinkRel::Child, Some(Kind::Incident)),
            (
                "related_request_list",
                LinkRel::Child,
                Some(Kind::ServiceRequest),
            ),
        ],
        Class::Problem => &[
            CIS,
            (
                "related_incident_list",
                LinkRel::Incident,
                Some(Kind::Incident),
            ),
            ("related_request_list", LinkRel::Incident, None),
        ],
        Class::Change(_) => &[
            CIS,
            (
                "related_problems_list",
                LinkRel::Problem,
                Some(Kind::Problem),
            ),
            (
                "related_incident_list",
                LinkRel::RelatesTo,
                Some(Kind::Incident),
            ),
            ("related_request_list", LinkRel::RelatesTo, None),
            ("child_changes_list", LinkRel::Child, Some(Kind::Change)),
        ],
        Class::Ci => &[],
    }
}

/// The ticket's links; `None` when the payload carries none of the keys and sets (an empty key
/// or set says there are none).
pub(super) fn links<'a>(doc: &mut Doc<'_, 'a, '_>, class: Class) -> Option<Vec<Link<'a>>> {
    let mut out = Vec::new();
    let mut carried = false;
    for source in std::iter::once(&SERVICE).chain(key_links(class)) {
        carried |= key_link(doc, source, &mut out);
    }
    for source in link_sets(class) {
        carried |= set_links(doc, source, class, &mut out);
    }
    carried.then_some(out)
}

/// The link an external key gives; whether the payload carries the key.
fn key_link<'a>(
    doc: &mut Doc<'_, 'a, '_>,
    &(key, rel, target_kind): &Source,
    out: &mut Vec<Link<'a>>,
) -> bool {
    match doc.reference(key) {
        Field::Value(target) => {
            out.push(Link {
                rel,
                target,
                target_kind,
            });
            true
        }
        Field::Null => true,
        Field::Absent => false,
    }
}

/// The links of a link set; whether the payload carries the set.
fn set_links<'a>(
    doc: &mut Doc<'_, 'a, '_>,
    source: &Source,
    class: Class,
    out: &mut Vec<Link<'a>>,
) -> bool {
    let set = source.0;
    let Some(list) = doc.node(set) else {
        return false;
    };
    let items = match list {
        Node::Arr(items) => items.as_slice(),
        n if n.is_empty() => &[],
        n => {
            doc.warn(set, "expected a link set (a list of objects)", n);
            return true;
        }
    };
    for (i, item) in items.iter().enumerate() {
        match set_item(item, source, class) {
            Some(link) => out.push(link),
            None => doc.warn(
                &format!("{set}.{i}"),
                "a link without the linked object's id or ref",
                item,
            ),
        }
    }
    true
}

/// One item of a link set: the linked object, and what the item says of the relation.
fn set_item<'a>(item: &Node<'a>, &(set, rel, kind): &Source, class: Class) -> Option<Link<'a>> {
    let is_ci = set == "functionalcis_list";
    let target = if is_ci {
        item.get("functionalci_id").and_then(Node::as_text)
    } else {
        ["id", "key", "ref"]
            .iter()
            .find_map(|k| item.get(k).and_then(Node::as_text))
    };
    let target = target.filter(|t| !t.is_blank() && &**t != "0")?;
    let (mut rel, mut kind) = (rel, kind);
    if is_ci && item.get("impact_code").and_then(Node::as_str) == Some("not_impacted") {
        // Recorded against the ticket but explicitly not impacted.
        rel = LinkRel::RelatesTo;
    }
    if set == "related_request_list" && class == Class::Problem {
        // A user request of type incident is an incident of the problem.
        match item.get("request_type").and_then(Node::as_str) {
            Some("incident") => kind = Some(Kind::Incident),
            Some("service_request") => {
                rel = LinkRel::RelatesTo;
                kind = Some(Kind::ServiceRequest);
            }
            _ => {}
        }
    }
    Some(Link {
        rel,
        target,
        target_kind: kind,
    })
}
