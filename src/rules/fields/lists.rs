//! A record's list fields (links, approvals, SLA clocks, covered clauses, targets) and the paths
//! inside their items.

use crate::record::model::*;
use crate::record::{Field, Text};

use super::{ItemAccessor, ItemType, opt_text};
use crate::rules::logic::value::{ItemRef, Val};

/// The elements of a record's list field, borrowed: reading a list (its length, an element)
/// never builds a vector.
#[derive(Clone, Copy, Debug)]
pub enum Items<'r> {
    Links(&'r [Link<'r>]),
    Approvals(&'r [Approval<'r>]),
    Sla(&'r [SlaEntry<'r>]),
    Texts(&'r [Text<'r>]),
    Targets(&'r [SlaTarget<'r>]),
}

impl<'r> Items<'r> {
    pub fn len(self) -> usize {
        match self {
            Items::Links(v) => v.len(),
            Items::Approvals(v) => v.len(),
            Items::Sla(v) => v.len(),
            Items::Texts(v) => v.len(),
            Items::Targets(v) => v.len(),
        }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    pub fn get(self, i: usize) -> Option<ItemRef<'r>> {
        Some(match self {
            Items::Links(v) => ItemRef::Link(v.get(i)?),
            Items::Approvals(v) => ItemRef::Approval(v.get(i)?),
            Items::Sla(v) => ItemRef::Sla(v.get(i)?),
            Items::Texts(v) => ItemRef::Text(v.get(i)?),
            Items::Targets(v) => ItemRef::Target(v.get(i)?),
        })
    }

    /// The elements in order.
    pub fn iter(self) -> impl Iterator<Item = ItemRef<'r>> {
        (0..self.len()).map_while(move |i| self.get(i))
    }
}

/// Reads a record's list field; `None` when the source lacks the list.
pub type ListAccessor = for<'r> fn(&'r Record<'r>) -> Option<Items<'r>>;

/// A record's list field: its items and their type.
pub fn record_list(path: &str) -> Option<(ItemType, ListAccessor)> {
    fn links<'r>(r: &'r Record<'r>) -> Option<Items<'r>> {
        r.links.as_deref().map(Items::Links)
    }
    fn approvals<'r>(r: &'r Record<'r>) -> Option<Items<'r>> {
        r.approvals.as_deref().map(Items::Approvals)
    }
    fn sla<'r>(r: &'r Record<'r>) -> Option<Items<'r>> {
        r.sla.as_deref().map(Items::Sla)
    }
    /// A detail's list: absent without the detail or the field, empty when it was sent as null.
    fn items<'r, T: 'r>(f: &'r Field<Vec<T>>, wrap: fn(&'r [T]) -> Items<'r>) -> Option<Items<'r>> {
        match f {
            Field::Absent => None,
            Field::Null => Some(wrap(&[])),
            Field::Value(v) => Some(wrap(v)),
        }
    }
    // The clauses a document, audit, improvement, nonconformity or activity covers.
    macro_rules! covers {
        ($($name:ident: $detail:ident),*) => {$(
            fn $name<'r>(r: &'r Record<'r>) -> Option<Items<'r>> {
                items(&r.$detail.as_ref()?.covers, Items::Texts)
            }
        )*};
    }
    covers!(
        covers: document,
        audit_covers: audit,
        improvement_covers: improvement,
        nonconformity_covers: nonconformity,
        activity_covers: activity
    );
    fn targets<'r>(r: &'r Record<'r>) -> Option<Items<'r>> {
        items(&r.agreement.as_ref()?.targets, Items::Targets)
    }
    Some(match path {
        "links" => (ItemType::Link, links),
        "approvals" => (ItemType::Approval, approvals),
        "sla" => (ItemType::Sla, sla),
        "document.covers" => (ItemType::Text, covers),
        "audit.covers" => (ItemType::Text, audit_covers),
        "improvement.covers" => (ItemType::Text, improvement_covers),
        "nonconformity.covers" => (ItemType::Text, nonconformity_covers),
        "activity.covers" => (ItemType::Text, activity_covers),
        "agreement.targets" => (ItemType::Target, targets),
        _ => return None,
    })
}

/// Every list path (the names [`record_list`] reads).
pub const LIST_FIELDS: &[&str] = &[
    "links",
    "approvals",
    "sla",
    "document.covers",
    "audit.covers",
    "improvement.covers",
    "nonconformity.covers",
    "activity.covers",
    "agreement.targets",
];

/// The accessor for a path inside a list item (`rel`, `state`, `breached`, …; `""` is the item).
pub fn item_field(item: ItemType, path: &str) -> Option<ItemAccessor> {
    macro_rules! item_fns {
        ($($variant:ident . $name:literal => |$x:ident| $body:expr;)*) => {
            match (item, path) {
                $((ItemType::$variant, $name) => Some({
                    fn get<'r>(i: ItemRef<'r>) -> Val<'r> {
                        match i { ItemRef::$variant($x) => $body, _ => Val::Absent }
                    }
                    get as ItemAccessor
                }),)*
                _ => None,
            }
        };
    }
    item_fns! {
        Link."rel" => |l| Val::str(l.rel.as_str());
        Link."target" => |l| Val::str(&l.target);
        Link."targetKind" => |l| l.target_kind.map_or(Val::Null, |k| Val::str(k.as_str()));
        Approval."state" => |a| Val::str(a.state.as_str());
        Approval."approver" => |a| opt_text(&a.approver);
        Approval."group" => |a| opt_text(&a.group);
        Approval."at" => |a| a.at.map_or(Val::Null, |t| Val::Time(t.0));
        Sla."name" => |s| opt_text(&s.name);
        Sla."stage" => |s| s.stage.map_or(Val::Null, |x| Val::str(x.as_str()));
        Sla."breached" => |s| s.breached.map_or(Val::Null, Val::Bool);
        Sla."start" => |s| s.start.map_or(Val::Null, |t| Val::Time(t.0));
        Sla."due" => |s| s.due.map_or(Val::Null, |t| Val::Time(t.0));
        Sla."stop" => |s| s.stop.map_or(Val::Null, |t| Val::Time(t.0));
        Sla."source" => |s| s.source.map_or(Val::Null, |x| Val::str(x.as_str()));
        Text."" => |t| Val::str(t);
        Target."metric" => |t| Val::str(t.metric.as_str());
        Target."value" => |t| t.value.map_or(Val::Null, Val::Num);
        Target."unit" => |t| opt_text(&t.unit);
    }
}

/// The names valid inside a list item, for error messages.
pub fn item_fields(item: ItemType) -> &'static [&'static str] {
    match item {
        ItemType::Link => &["rel", "target", "targetKind"],
        ItemType::Approval => &["state", "approver", "group", "at"],
        ItemType::Sla => &[
            "name", "stage", "breached", "start", "due", "stop", "source",
        ],
        ItemType::Text => &[""],
        ItemType::Target => &["metric", "value", "unit"],
    }
}
