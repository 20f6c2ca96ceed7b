//! Approvals read from the lifecycle: a UserRequest's approval states, a Change's plannedscheduled
//! → approved | notapproved and its `approval_date`.

use super::super::doc::Doc;
use crate::record::model::{Approval, ApprovalState, ChangeType, Record};
use crate::record::value::Field;

/// UserRequest approval, from its lifecycle states.
pub(super) fn request_approval<'a>(
    doc: &mut Doc<'_, 'a, '_>,
    record: &Record<'a>,
) -> (Field<ApprovalState>, Option<Vec<Approval<'a>>>) {
    let state = match record.state_label.as_deref() {
        Some("waiting_for_approval") => ApprovalState::Requested,
        Some("approved") => ApprovalState::Approved,
        Some("rejected") => ApprovalState::Rejected,
        _ => return (Field::Absent, None),
    };
    let approver = doc.reference("approver_id").value().cloned();
    (
        Field::Value(state),
        Some(vec![Approval {
            state,
            approver,
            group: None,
            at: None,
        }]),
    )
}

/// Change approval: routine changes are pre-approved (standard); normal and emergency ones go
/// through plannedscheduled → approved | notapproved, and keep `approval_date`.
pub(super) fn change_approval<'a>(
    doc: &mut Doc<'_, 'a, '_>,
    change_type: Option<ChangeType>,
    record: &Record<'a>,
) -> (Field<ApprovalState>, Option<Vec<Approval<'a>>>) {
    let approved_at = doc.instant("approval_date");
    let by_status = match record.state_label.as_deref() {
        Some("approved" | "implemented" | "monitored" | "closed") => Some(ApprovalState::Approved),
        Some("notapproved") => Some(ApprovalState::Rejected),
        Some("plannedscheduled") => Some(ApprovalState::Requested),
        Some("new" | "validated" | "assigned" | "rejected") => Some(ApprovalState::NotRequested),
        _ => None,
    };
    let state = match (change_type, &approved_at, by_status) {
        (Some(ChangeType::Standard), ..) => Some(ApprovalState::NotRequired),
        (_, _, Some(ApprovalState::Rejected)) => Some(ApprovalState::Rejected),
        (_, Field::Value(_), _) => Some(ApprovalState::Approved),
        (_, _, s) => s,
    };
    let approvals = match approved_at {
        Field::Value(at) => Some(vec![Approval {
            state: ApprovalState::Approved,
            approver: None,
            group: None,
            at: Some(at),
        }]),
        _ => None,
    };
    // A status that could not be read leaves the summary unknown.
    (state.map_or(Field::Absent, Field::Value), approvals)
}
