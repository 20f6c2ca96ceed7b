//! Status and approval codes per module; `context.choices.status` maps custom statuses.

use super::super::doc::Doc;
use super::super::ticket_tools::approval_code;
use super::kind::FsKind;
use crate::record::model::{ApprovalState, Record, State};
use crate::record::value::Field;

/// The status meaning per kind; `context.choices.status` maps custom statuses.
fn status_meaning(fs: FsKind, code: &str) -> Option<State> {
    Some(match (fs, code.trim()) {
        // Ticket: 2 Open, 3 Pending, 4 Resolved, 5 Closed.
        (FsKind::Ticket, "2") => State::New,
        (FsKind::Ticket, "3") => State::OnHold,
        (FsKind::Ticket, "4") => State::Resolved,
        (FsKind::Ticket, "5") => State::Closed,
        // Change: 1 Open, 2 Planning, 3 Awaiting approval, 4 Pending release, 5 Pending review
        // (implemented, post-implementation review), 6 Closed.
        (FsKind::Change, "1") => State::New,
        (FsKind::Change, "2" | "3" | "4") => State::InProgress,
        (FsKind::Change, "5") => State::Resolved,
        (FsKind::Change, "6") => State::Closed,
        // Problem: 1 Open, 2 Change requested, 3 Closed.
        (FsKind::Problem, "1") => State::New,
        (FsKind::Problem, "2") => State::InProgress,
        (FsKind::Problem, "3") => State::Closed,
        // Release: 1 Open, 2 On hold, 3 In progress, 4 Incomplete, 5 Completed.
        (FsKind::Release, "1") => State::New,
        (FsKind::Release, "2") => State::OnHold,
        (FsKind::Release, "3") => State::InProgress,
        (FsKind::Release, "4" | "5") => State::Closed,
        (_, other) => return State::parse(other),
    })
}

pub(super) fn read_status<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>, fs: FsKind) {
    let Some(node) = d.node("status") else { return };
    if node.is_empty() {
        r.state = Field::Null;
        return;
    }
    r.state_label = node.as_text();
    r.state = d.choice("status", fs.status_name(), |c| {
        status_meaning(fs, c)
    });
    // "Open" is the first status; an agent working on it makes it in progress.
    let taken = d
        .node("responder_id")
        .or_else(|| d.node("agent_id"))
        .is_some_and(|n| !n.is_empty());
    if r.state == Field::Value(State::New) && taken && fs != FsKind::Release {
        r.state = Field::Value(State::InProgress);
    }
}

/// Approval status of changes and service requests: 0 requested, 1 approved, 2 rejected,
/// 3 cancelled, 4 not requested, 5 peer responded (still requested).
pub(super) fn approval_status(code: &str) -> Option<ApprovalState> {
    Some(match code.trim() {
        "0" | "5" => ApprovalState::Requested,
        "1" => ApprovalState::Approved,
        "2" => ApprovalState::Rejected,
        "3" => ApprovalState::Cancelled,
        "4" => ApprovalState::NotRequested,
        other => return approval_code(other),
    })
}
