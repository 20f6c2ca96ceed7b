//! Lifecycle events from audit trails (Jira changelog, GLPI logs, ServiceNow sys_audit) and from
//! the versions of one record in a list export, turned into the figures checks read: how often
//! a ticket was reopened and reassigned.

use crate::record::model::State;
use crate::record::time::Instant;
use crate::record::value::Text;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventField {
    State,
    AssignmentGroup,
    Assignee,
    Priority,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event<'a> {
    pub at: Option<Instant>,
    pub field: EventField,
    /// For state events: the normalised states (when known).
    pub from_state: Option<State>,
    pub to_state: Option<State>,
    /// For other fields: the values (ids or labels).
    pub from: Option<Text<'a>>,
    pub to: Option<Text<'a>>,
}

/// Reopen and reassignment counts from a record's events (in any order).
pub fn counts(events: &[Event<'_>]) -> (u32, u32) {
    let mut sorted: Vec<&Event<'_>> = events.iter().collect();
    crate::util::sort::sort_by_key(&mut sorted, |e| e.at);
    let mut reopened = 0;
    let mut reassigned = 0;
    for e in sorted {
        match e.field {
            EventField::State => {
                let was_done = e
                    .from_state
                    .is_some_and(|s| matches!(s, State::Resolved | State::Closed));
                let now_open = e.to_state.is_some_and(|s| !s.is_done());
                if was_done && now_open {
                    reopened += 1;
                }
            }
            // The first assignment is not a reassignment.
            EventField::AssignmentGroup => {
                if e.from.as_ref().is_some_and(|f| !f.is_blank()) && e.to != e.from {
                    reassigned += 1;
                }
            }
            EventField::Assignee | EventField::Priority => {}
        }
    }
    (reopened, reassigned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(at: i64, from: State, to: State) -> Event<'static> {
        Event {
            at: Some(Instant(at)),
            field: EventField::State,
            from_state: Some(from),
            to_state: Some(to),
            from: None,
            to: None,
        }
    }

    fn group(at: i64, from: Option<&'static str>, to: &'static str) -> Event<'static> {
        Event {
            at: Some(Instant(at)),
            field: EventField::AssignmentGroup,
            from_state: None,
            to_state: None,
            from: from.map(Text::borrowed),
            to: Some(Text::borrowed(to)),
        }
    }

    #[test]
    fn counts_reopens_and_reassignments_in_time_order() {
        let events = vec![
            state(30, State::Resolved, State::InProgress),
            group(10, None, "Service Desk"),
            state(20, State::InProgress, State::Resolved),
            group(15, Some("Service Desk"), "Network"),
            state(50, State::Closed, State::New),
            group(40, Some("Network"), "Network"),
        ];
        assert_eq!(counts(&events), (2, 1));
    }
}
