//! GLPI's codes: levels, statuses per item type, ticket types, validation states.

use super::super::doc::LevelMap;
use super::Itil;
use crate::record::model::{ApprovalState, ChangeType, Kind, Risk, State};

/// GLPI urgency and impact: 1 very low … 5 very high → canonical 1 high … 3 low.
pub(super) const SCALE5: LevelMap<'static> = &[("1", 3), ("2", 3), ("3", 2), ("4", 1), ("5", 1)];
/// GLPI priority: 1 very low … 5 very high, 6 major → canonical 1 critical … 5 planning.
pub(super) const PRIORITY6: LevelMap<'static> =
    &[("1", 5), ("2", 4), ("3", 3), ("4", 2), ("5", 1), ("6", 1)];

/// Status code → meaning, per item type (CommonITILObject, Problem and Change status lists).
pub(super) fn status(itil: Itil, code: &str) -> Option<State> {
    if let Some(s) = State::parse(code.trim()) {
        return Some(s);
    }
    let n: i64 = code.trim().parse().ok()?;
    use State::*;
    Some(match (itil, n) {
        (_, 1) => New,
        // Approval (shared by all types in GLPI 11): not yet authorised.
        (_, 10) => New,
        // Processing (assigned / planned).
        (Itil::Ticket | Itil::Problem, 2 | 3) => InProgress,
        (_, 4) => OnHold,
        // Solved; for a change, Applied.
        (_, 5) => Resolved,
        (_, 6) => Closed,
        // Accepted.
        (Itil::Problem | Itil::Change, 7) => InProgress,
        // Under observation; for a change, Review (post-implementation review).
        (Itil::Problem | Itil::Change, 8) => Resolved,
        // Evaluation comes before the change is authorised (GLPI counts it as new).
        (Itil::Change, 9) => New,
        // Testing, Qualification.
        (Itil::Change, 11 | 12) => InProgress,
        // GLPI 11: Refused, Cancelled.
        (Itil::Change, 13 | 14) => Cancelled,
        _ => return None,
    })
}

pub(super) fn ticket_kind(code: &str) -> Option<Kind> {
    match code.trim() {
        "1" => Some(Kind::Incident),
        "2" => Some(Kind::ServiceRequest),
        other => Kind::parse(other),
    }
}

/// `global_validation` and validation `status`: 1 none, 2 waiting, 3 accepted, 4 refused.
pub(super) fn validation_state(code: &str) -> Option<ApprovalState> {
    match code.trim() {
        "1" => Some(ApprovalState::NotRequested),
        "2" => Some(ApprovalState::Requested),
        "3" => Some(ApprovalState::Approved),
        "4" => Some(ApprovalState::Rejected),
        other => ApprovalState::parse(other),
    }
}

pub(super) fn change_type(code: &str) -> Option<ChangeType> {
    ChangeType::parse(code.trim())
}

pub(super) fn risk(code: &str) -> Option<Risk> {
    Risk::parse(code.trim())
}
