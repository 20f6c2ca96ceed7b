//! Canonical code decoders: a tool field an instance maps to a canonical field (or a tool code
//! table's fallback) may hold the canonical code itself, in either spelling.

use crate::record::model::{ApprovalState, ChangeType, Outcome, Risk};

pub(crate) fn change_type_code(t: &str) -> Option<ChangeType> {
    ChangeType::parse(t.trim())
}

pub(crate) fn risk_code(t: &str) -> Option<Risk> {
    Some(match t.trim() {
        "very_high" | "very high" => Risk::VeryHigh,
        "high" => Risk::High,
        "moderate" | "medium" => Risk::Moderate,
        "low" => Risk::Low,
        _ => return None,
    })
}

pub(crate) fn outcome_code(t: &str) -> Option<Outcome> {
    Some(match t.trim() {
        "successful" => Outcome::Successful,
        "successful_with_issues" | "successful with issues" => Outcome::SuccessfulWithIssues,
        "unsuccessful" | "failed" => Outcome::Unsuccessful,
        "cancelled" | "canceled" => Outcome::Cancelled,
        _ => return None,
    })
}

pub(crate) fn approval_code(t: &str) -> Option<ApprovalState> {
    Some(match t.trim() {
        "not_requested" | "not requested" => ApprovalState::NotRequested,
        "requested" => ApprovalState::Requested,
        "approved" => ApprovalState::Approved,
        "rejected" => ApprovalState::Rejected,
        "cancelled" | "canceled" => ApprovalState::Cancelled,
        "not_required" | "not required" => ApprovalState::NotRequired,
        _ => return None,
    })
}
