//! Links: issue links, sub-tasks, parents and linked objects (services, CIs).

use super::super::Context;
use super::super::doc::Node;
use super::codes::{Type, type_of};
use super::read::{At, Reader, join, reference_id};
use crate::record::model::*;
use crate::record::value::Text;

/// How this issue relates to a linked one, from the link's direction phrase or type name (the
/// instance may map either with `context.choices.issuelinks`), refined by both issues' kinds.
pub(super) fn link_rel(
    cx: &Context,
    type_name: &str,
    phrase: &str,
    outward: bool,
    this: Kind,
    target: Option<Type>,
) -> LinkRel {
    if let Some(rel) = [phrase, type_name]
        .into_iter()
        .find_map(|k| cx.choice("issuelinks", k))
        .and_then(LinkRel::parse)
    {
        return rel;
    }
    let (mut p, mut t) = ([0; 64], [0; 64]);
    let p = crate::util::lowercase(phrase.trim(), &mut p);
    let t = crate::util::lowercase(type_name.trim(), &mut t);
    let base = match plain_link_rel(&p, &t, outward, this) {
        Ok(base) => base,
        Err(rel) => return rel,
    };
    let loose = matches!(
        base,
        LinkRel::RelatesTo | LinkRel::Causes | LinkRel::CausedBy
    );
    match (this, target) {
        (Kind::Incident, Some(Type::Record(Kind::Problem))) if loose => LinkRel::Problem,
        (Kind::Problem, Some(Type::Record(Kind::Incident))) if loose => LinkRel::Incident,
        (_, Some(Type::Review)) if matches!(base, LinkRel::RelatesTo | LinkRel::Review) => {
            LinkRel::Review
        }
        (Kind::Problem | Kind::Release, Some(Type::Record(Kind::Change)))
            if base == LinkRel::RelatesTo =>
        {
            LinkRel::Change
        }
        _ => base,
    }
}

/// The relation the link's phrase and type name say, both lower-cased (`Err`: the relation
/// itself, whatever the issues' kinds).
fn plain_link_rel(p: &str, t: &str, outward: bool, this: Kind) -> Result<LinkRel, LinkRel> {
    if t == "problem/incident" {
        match this {
            Kind::Incident => return Err(LinkRel::Problem),
            Kind::Problem => return Err(LinkRel::Incident),
            _ => {}
        }
    }
    Ok(match p {
        "causes" => LinkRel::Causes,
        "is caused by" => LinkRel::CausedBy,
        "duplicates" => LinkRel::DuplicateOf,
        "fixes" => LinkRel::Fixes,
        "is fixed by" => LinkRel::FixedBy,
        "reviews" => LinkRel::ReviewOf,
        "is reviewed by" => LinkRel::Review,
        "sub-task" | "subtask" | "is parent of" => LinkRel::Child,
        "parent" | "is child of" | "is subtask of" | "is sub-task of" => LinkRel::Parent,
        _ if t.contains("post-incident") || t.contains("post incident") => {
            if outward {
                LinkRel::ReviewOf
            } else {
                LinkRel::Review
            }
        }
        _ => LinkRel::RelatesTo,
    })
}

/// A linked issue: its id (the record id), or its key.
pub(super) fn linked_id<'a>(n: &Node<'a>) -> Option<Text<'a>> {
    ["id", "key"]
        .iter()
        .find_map(|k| n.get(k)?.as_text())
        .filter(|t| !t.is_blank())
}

pub(super) fn linked_type(cx: &Context, n: &Node<'_>) -> Option<Type> {
    type_of(cx, n.at("fields.issuetype"), None)
}

/// Links from `issuelinks` (and the link-shaped `sub-tasks` of some payloads).
pub(super) fn issue_links<'a>(
    r: &mut Reader<'_, '_, '_>,
    list: &Node<'a>,
    path: &At<'_>,
    this: Kind,
    out: &mut Vec<Link<'a>>,
) {
    let Node::Arr(items) = list else {
        if !list.is_empty() {
            r.warn(&path.path(), "expected a list of issue links", list);
        }
        return;
    };
    for (i, l) in items.iter().enumerate() {
        let ty = l.get("type");
        let name = ty
            .and_then(|t| t.get("name"))
            .and_then(Node::as_str)
            .unwrap_or("");
        let (other, outward) = match (l.get("outwardIssue"), l.get("inwardIssue")) {
            (Some(o), _) => (o, true),
            (None, Some(i)) => (i, false),
            (None, None) => {
                r.warn(
                    &At::Index(path, i).path(),
                    "an issue link without inwardIssue or outwardIssue",
                    l,
                );
                continue;
            }
        };
        let phrase = ty
            .and_then(|t| t.get(if outward { "outward" } else { "inward" }))
            .and_then(Node::as_str)
            .unwrap_or("");
        let Some(target) = linked_id(other) else {
            let side = if outward {
                "outwardIssue"
            } else {
                "inwardIssue"
            };
            r.warn(
                &At::Member(&At::Index(path, i), side).path(),
                "a linked issue without id or key",
                other,
            );
            continue;
        };
        let target_type = linked_type(r.cx, other);
        let rel = link_rel(r.cx, name, phrase, outward, this, target_type);
        let target_kind = match target_type {
            Some(Type::Record(k)) => Some(k),
            _ => None,
        };
        push_link(
            out,
            Link {
                rel,
                target,
                target_kind,
            },
        );
    }
}

pub(super) fn push_link<'a>(out: &mut Vec<Link<'a>>, link: Link<'a>) {
    if !out
        .iter()
        .any(|l| l.rel == link.rel && l.target == link.target)
    {
        out.push(link);
    }
}

/// Links to services or configuration items from an asset or service field (a list of objects).
pub(super) fn object_links<'a>(
    r: &mut Reader<'_, '_, '_>,
    n: Option<&Node<'a>>,
    path: &str,
    rel: LinkRel,
    kind: Kind,
    out: &mut Vec<Link<'a>>,
) {
    let Some(n) = n else { return };
    let items: Vec<&Node<'a>> = match n {
        Node::Arr(items) => items.iter().collect(),
        Node::Null => Vec::new(),
        other => vec![other],
    };
    for (i, item) in items.iter().enumerate() {
        let id = match item {
            Node::Obj(_) => reference_id(item),
            other => other.as_text().filter(|t| !t.is_blank()),
        };
        match id {
            Some(target) => push_link(
                out,
                Link {
                    rel,
                    target,
                    target_kind: Some(kind),
                },
            ),
            None => r.warn(
                &join(path, &i.to_string()),
                "expected an object with an id",
                item,
            ),
        }
    }
}
