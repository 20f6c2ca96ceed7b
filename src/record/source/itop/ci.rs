//! A functional CI (any FunctionalCI class of the standard datamodel) as a record.

use super::super::doc::{Doc, Node, truthy_code};
use super::class::Class;
use super::status::status;
use super::text::{named, text};
use crate::record::model::{CiDetail, Kind, Record};
use crate::record::value::{Field, Text};

pub(super) fn ci<'a>(doc: &mut Doc<'_, 'a, '_>, key: Text<'a>, class: Text<'a>) -> Record<'a> {
    let mut record = Record::new(key, Kind::ConfigurationItem);
    record.title = text(doc, "name");
    record.state = doc.choice("status", "CI status", |s| status(Class::Ci, s));
    record.state_label = doc.node("status").and_then(Node::as_text);
    // The support team: the first Team among the CI's contacts.
    let support_group = match doc.node("contacts_list") {
        None => Field::Absent,
        Some(list) => list
            .as_array()
            .iter()
            .find(|c| c.get("contact_id_finalclass_recall").and_then(Node::as_str) == Some("Team"))
            .and_then(|c| c.get("contact_id").and_then(Node::as_text))
            .map(Field::Value)
            .unwrap_or(Field::Null),
    };
    // business_criticity codes: high, medium, low.
    let critical = doc.choice("business_criticity", "business criticity", |s| match s {
        "high" => Some(true),
        "medium" | "low" => Some(false),
        other => truthy_code(other),
    });
    record.ci = Some(Box::new(CiDetail {
        ci_class: Field::Value(class),
        // FunctionalCI `org_id` is the owner organisation.
        owner: named(doc, "org_id"),
        support_group,
        critical,
        last_verified_at: doc.mapped("ci.lastVerifiedAt", Doc::instant),
        ..CiDetail::default()
    }));
    record
}
