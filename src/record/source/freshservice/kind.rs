//! Which module an element is (ticket, change, problem, release): its envelope says so, and its
//! fields, which win when the two disagree.

use super::super::doc::Node;
use super::super::{Cursor, Warning};
use crate::record::model::Kind;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum FsKind {
    Ticket,
    Change,
    Problem,
    Release,
}

impl FsKind {
    /// The prefix of the number the UI shows (INC-106, SR-7, CHN-3 …).
    pub(super) fn number_prefix(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (FsKind::Ticket, Kind::ServiceRequest) => "SR",
            (FsKind::Ticket, _) => "INC",
            (FsKind::Change, _) => "CHN",
            (FsKind::Problem, _) => "PRB",
            (FsKind::Release, _) => "REL",
        }
    }

    /// The API module (`origin.table`).
    pub(super) fn table(self) -> &'static str {
        match self {
            FsKind::Ticket => "tickets",
            FsKind::Change => "changes",
            FsKind::Problem => "problems",
            FsKind::Release => "releases",
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            FsKind::Ticket => "ticket",
            FsKind::Change => "change",
            FsKind::Problem => "problem",
            FsKind::Release => "release",
        }
    }

    /// "ticket status" …: what an unknown status is called in its warning (a constant, not a
    /// String made for every record read).
    pub(super) fn status_name(self) -> &'static str {
        match self {
            FsKind::Ticket => "ticket status",
            FsKind::Change => "change status",
            FsKind::Problem => "problem status",
            FsKind::Release => "release status",
        }
    }
}

/// The kind the envelope implies (`$.changes[3]`, `$.ticket` …).
pub(super) fn envelope_kind(path: &str) -> Option<FsKind> {
    let key = path.strip_prefix("$.")?;
    let key = key.split(['[', '.']).next().unwrap_or(key);
    Some(match key {
        "tickets" | "ticket" => FsKind::Ticket,
        "changes" | "change" => FsKind::Change,
        "problems" | "problem" => FsKind::Problem,
        "releases" | "release" => FsKind::Release,
        _ => return None,
    })
}

/// The kind the fields imply.
pub(super) fn signature_kind(root: &Node<'_>) -> Option<FsKind> {
    let has = |k: &str| root.get(k).is_some();
    // Whole paths: no path String made per record.
    let plan = |path: &str| root.at(path).is_some();
    if has("change_type")
        || plan("planning_fields.rollout_plan")
        || plan("planning_fields.backout_plan")
        || plan("planning_fields.reason_for_change")
    {
        Some(FsKind::Change)
    } else if has("release_type") || plan("planning_fields.build_plan") || has("associated_changes") {
        Some(FsKind::Release)
    } else if has("known_error") || has("analysis_fields") || has("associated_change") {
        Some(FsKind::Problem)
    } else if has("type")
        || has("fr_due_by")
        || has("responder_id")
        || has("requested_for_id")
        || has("source")
        || has("fr_escalated")
    {
        Some(FsKind::Ticket)
    } else {
        None
    }
}

/// A warning about the element as a whole.
pub(super) fn note(at: &mut Cursor<'_>, message: String) {
    at.warnings.push(Warning {
        index: at.index,
        path: at.path().to_string(),
        message,
        value: String::new(),
    });
}
