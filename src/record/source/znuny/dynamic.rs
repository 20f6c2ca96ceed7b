//! Dynamic fields: where a ticket carries them, and the ITSM bundle's (impact, criticality,
//! decision, review).

use super::super::doc::{Doc, LevelMap, Node};
use super::super::ticket_tools::{Slot, approval_code};
use crate::record::model::{Approval, ApprovalState, Kind, Record};
use crate::record::value::{Field, Level};

/// ITSM `ITSMImpact` / `ITSMCriticality` (1 very low … 5 very high) → canonical 1 high … 3 low.
const ITSM_LEVELS: LevelMap<'static> = &[
    ("5 very high", 1),
    ("4 high", 1),
    ("3 normal", 2),
    ("2 low", 3),
    ("1 very low", 3),
    ("5", 1),
    ("4", 1),
    ("3", 2),
    ("2", 3),
    ("1", 3),
];

/// Where a dynamic field sits: `DynamicField: [{Name, Value}]` (GenericInterface) or
/// `DynamicField_<Name>` (ticket attributes); other names are top-level fields.
pub(super) fn locate_field(root: &Node<'_>, name: &str) -> Option<Slot> {
    if let Some(Node::Arr(items)) = root.get("DynamicField") {
        for (i, item) in items.iter().enumerate() {
            if item.get("Name").and_then(Node::as_str) == Some(name) {
                return Some(if item.get("Value").is_some() {
                    Slot::Path(format!("DynamicField.{i}.Value"))
                } else {
                    Slot::Empty
                });
            }
        }
    }
    let flat = format!("DynamicField_{name}");
    if root.get(&flat).is_some() {
        return Some(Slot::Path(flat));
    }
    Some(Slot::Path(name.to_string()))
}

/// A dynamic field's value: absent when the ticket does not list it, null when listed empty.
fn dynamic<'a>(d: &mut Doc<'_, 'a, '_>, name: &str) -> Option<Option<String>> {
    match locate_field(d.root, name)? {
        Slot::Empty => Some(None),
        Slot::Path(p) => d.node(&p).map(|_| Some(p)),
    }
}

/// The ITSM bundle's dynamic fields.
pub(super) fn itsm_fields<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>, type_name: Option<&str>) {
    let level = |d: &mut Doc<'_, 'a, '_>, name: &str| -> Field<Level<'a>> {
        match dynamic(d, name) {
            None => Field::Absent,
            Some(None) => Field::Null,
            Some(Some(p)) => d.level(&p, ITSM_LEVELS),
        }
    };
    r.impact = level(d, "ITSMImpact");
    r.urgency = level(d, "ITSMCriticality");
    // The decision on an RfC (or any ticket that asks for one).
    if let Some(slot) = dynamic(d, "ITSMDecisionResult") {
        let decision = match slot {
            None => Field::Null,
            Some(p) => d.choice(&p, "decision result", |t| {
                Some(match t.trim().to_ascii_lowercase().as_str() {
                    "approved" | "pre-approved" | "preapproved" => ApprovalState::Approved,
                    "rejected" => ApprovalState::Rejected,
                    "pending" | "postponed" => ApprovalState::Requested,
                    other => return approval_code(other),
                })
            }),
        };
        let when = match dynamic(d, "ITSMDecisionDate") {
            Some(Some(p)) => d.instant(&p).value().copied(),
            _ => None,
        };
        if let Field::Value(state) = decision {
            r.approvals = Some(vec![Approval {
                state,
                approver: None,
                group: None,
                at: when,
            }]);
        }
        r.approval = decision;
    }
    if r.kind == Kind::Incident {
        // "Incident::Major" (ITSM), or a required review: the incident gets a post-incident review.
        let typed_major = type_name.is_some_and(|t| t.to_ascii_lowercase().ends_with("::major"));
        let review = match dynamic(d, "ITSMReviewRequired") {
            None => Field::Absent,
            Some(None) => Field::Null,
            Some(Some(p)) => d.boolean(&p),
        };
        let major = match review {
            _ if typed_major => Field::Value(true),
            // Listed without a value: no review required.
            Field::Null => Field::Value(false),
            other => other,
        };
        let x = r.incident.get_or_insert_with(Default::default);
        x.major = major;
    }
}
