//! Status codes per class (the iTop datamodel lifecycles).

use super::class::Class;
use crate::record::model::State;

/// Status code → meaning, per class (iTop datamodel lifecycles).
pub(super) fn status(class: Class, code: &str) -> Option<State> {
    use State::*;
    let known = match class {
        Class::UserRequest | Class::Incident => match code {
            "new" | "escalated_tto" => Some(New),
            // Approval comes before the request is assigned.
            "waiting_for_approval" | "approved" if class == Class::UserRequest => Some(New),
            "rejected" if class == Class::UserRequest => Some(Cancelled),
            "assigned" | "escalated_ttr" => Some(InProgress),
            "pending" => Some(OnHold),
            "resolved" => Some(Resolved),
            "closed" => Some(Closed),
            _ => None,
        },
        Class::Problem => match code {
            "new" => Some(New),
            "assigned" => Some(InProgress),
            "resolved" => Some(Resolved),
            "closed" => Some(Closed),
            _ => None,
        },
        Class::Change(_) => match code {
            // Until it is approved, a change is being prepared, not implemented.
            "new" | "validated" | "assigned" | "plannedscheduled" => Some(New),
            "approved" => Some(InProgress),
            // Implemented, then monitored (the post-implementation review state).
            "implemented" | "monitored" => Some(Resolved),
            "closed" => Some(Closed),
            "rejected" | "notapproved" => Some(Cancelled),
            _ => None,
        },
        Class::Ci => match code {
            "production" | "active" => Some(Active),
            "implementation" | "stock" => Some(Draft),
            "obsolete" | "inactive" => Some(Retired),
            _ => None,
        },
    };
    // Canonical values come from the instance's `choices` for custom states.
    known.or_else(|| State::parse(code))
}
