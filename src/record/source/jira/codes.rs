//! Jira's codes and default names → canonical values, and the issue type → kind.

use super::super::Context;
use super::super::doc::Node;
use crate::record::model::*;

/// Priority ids 1-5 are the same rank in both default schemes (Cloud Highest … Lowest,
/// Server Blocker … Trivial); instances' own priorities have ids ≥ 10000 and go by name or
/// the instance's choices.
pub(super) const PRIORITY: &[(&str, u8)] = &[
    ("1", 1),
    ("2", 2),
    ("3", 3),
    ("4", 4),
    ("5", 5),
    ("highest", 1),
    ("high", 2),
    ("medium", 3),
    ("low", 4),
    ("lowest", 5),
    ("blocker", 1),
    ("critical", 2),
    ("major", 3),
    ("minor", 4),
    ("trivial", 5),
];

/// JSM ITSM impact (four options) onto the canonical three, parallel to urgency.
pub(super) const IMPACT: &[(&str, u8)] = &[
    ("extensive / widespread", 1),
    ("significant / large", 1),
    ("moderate / limited", 2),
    ("minor / localized", 3),
    ("extensive", 1),
    ("significant", 1),
    ("moderate", 2),
    ("minor", 3),
    ("critical", 1),
    ("high", 1),
    ("medium", 2),
    ("low", 3),
];

pub(super) const URGENCY: &[(&str, u8)] =
    &[("critical", 1), ("high", 1), ("medium", 2), ("low", 3)];

pub(super) fn change_type(t: &str) -> Option<ChangeType> {
    ChangeType::parse(t).or(match t {
        "standard change" => Some(ChangeType::Standard),
        "normal change" => Some(ChangeType::Normal),
        "emergency change" | "urgent" => Some(ChangeType::Emergency),
        _ => None,
    })
}

pub(super) fn risk(t: &str) -> Option<Risk> {
    Risk::parse(t).or(match t {
        "very high" | "critical" => Some(Risk::VeryHigh),
        "medium" => Some(Risk::Moderate),
        _ => None,
    })
}

pub(super) fn outcome(t: &str) -> Option<Outcome> {
    Outcome::parse(t).or(match t {
        "success" | "succeeded" | "completed" | "implemented" | "done" | "fixed" => {
            Some(Outcome::Successful)
        }
        "successful with issues" | "partially successful" => Some(Outcome::SuccessfulWithIssues),
        "failed" | "failure" | "backed out" | "rolled back" => Some(Outcome::Unsuccessful),
        "canceled" | "won't do" | "won't fix" | "declined" | "rejected" | "withdrawn" => {
            Some(Outcome::Cancelled)
        }
        _ => None,
    })
}

/// Resolutions that mean the work was not done (default English names; ids differ per site).
pub(super) fn cancelled_resolution(t: &str) -> bool {
    matches!(
        t,
        "won't do"
            | "won't fix"
            | "declined"
            | "cancelled"
            | "canceled"
            | "rejected"
            | "withdrawn"
            | "abandoned"
    )
}

pub(super) fn approval_decision(t: &str) -> Option<ApprovalState> {
    ApprovalState::parse(t).or(match t {
        "declined" => Some(ApprovalState::Rejected),
        "pending" => Some(ApprovalState::Requested),
        _ => None,
    })
}

/// What an issue type is, when neither the request type nor the instance says.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Type {
    Record(Kind),
    /// A post-incident review: evidence that its incidents were reviewed, not a record kind.
    Review,
}

/// The JSM ITSM template's issue types (older projects prefix them with "[System] ").
pub(super) fn builtin_type(name: &str) -> Option<Type> {
    builtin_type_lower(&crate::util::lowercase(name.trim(), &mut [0; 64]))
}

fn builtin_type_lower(lower: &str) -> Option<Type> {
    let name = lower
        .strip_prefix("[system]")
        .map(str::trim)
        .unwrap_or(lower);
    Some(match name {
        "incident" | "major incident" | "security incident" => Type::Record(Kind::Incident),
        "service request"
        | "service requests"
        | "service request with approvals"
        | "service request with approval"
        | "request"
        | "it help"
        | "access"
        | "purchase" => Type::Record(Kind::ServiceRequest),
        "problem" => Type::Record(Kind::Problem),
        "change" | "change request" | "standard change" | "normal change" | "emergency change" => {
            Type::Record(Kind::Change)
        }
        "post-incident review" | "post incident review" | "pir" => Type::Review,
        _ => return None,
    })
}

/// The instance's kind for an issue type or request type object (by name, then id).
pub(super) fn mapped_kind(cx: &Context, n: Option<&Node<'_>>) -> Option<Kind> {
    let n = n?;
    ["name", "id"]
        .iter()
        .find_map(|k| cx.kind_of(&n.get(k)?.as_text()?))
        .or_else(|| cx.kind_of(&n.as_text()?))
}

/// The kind of an issue (or a linked issue): request type and issue type through the
/// instance's kinds, then the template's issue types, then "a JSM customer request".
pub(super) fn type_of(
    cx: &Context,
    issuetype: Option<&Node<'_>>,
    request_type: Option<&Node<'_>>,
) -> Option<Type> {
    if let Some(k) = mapped_kind(cx, request_type).or_else(|| mapped_kind(cx, issuetype)) {
        return Some(Type::Record(k));
    }
    if let Some(t) = issuetype
        .and_then(|t| t.get("name"))
        .and_then(Node::as_str)
        .and_then(builtin_type)
    {
        return Some(t);
    }
    request_type
        .filter(|n| !n.is_empty())
        .map(|_| Type::Record(Kind::ServiceRequest))
}
