//! Post-incident review issues: review links on the incidents they review.

use super::super::doc::Node;
use super::super::{Attach, Attachment, Converted, Rejection};
use super::codes::Type;
use super::links::{linked_id, linked_type};
use super::read::Reader;
use crate::record::model::*;
use crate::record::value::Text;

/// A post-incident review issue: the incidents it is linked to were reviewed (a `review` link
/// on each); it is not a record of its own unless the instance maps its type with
/// `context.kinds`.
pub(super) fn review_issue<'a>(
    r: &mut Reader<'_, '_, '_>,
    fields: &Node<'a>,
    id: &Text<'a>,
    shown: &str,
) -> Result<Converted<'a>, Rejection> {
    let mut attach = Vec::new();
    for (i, l) in fields
        .get("issuelinks")
        .map(Node::as_array)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let Some(other) = l.get("outwardIssue").or_else(|| l.get("inwardIssue")) else {
            continue;
        };
        let Some(target) = linked_id(other) else {
            r.warn(
                &format!("fields.issuelinks[{i}]"),
                "a linked issue without id or key",
                l,
            );
            continue;
        };
        match linked_type(r.cx, other) {
            None | Some(Type::Record(Kind::Incident)) => attach.push(Attach {
                target,
                also: None,
                what: Attachment::Link(Link {
                    rel: LinkRel::Review,
                    target: id.clone(),
                    target_kind: None,
                }),
            }),
            Some(_) => {}
        }
    }
    if attach.is_empty() {
        return Err(r.at.reject(
            ".fields.issuelinks",
            format!("post-incident review {shown} is not linked to any incident, so it evidences no review: link it, or map its issue type with context.kinds to evaluate it as a record"),
        ));
    }
    Ok(Converted {
        record: None,
        attach,
    })
}
