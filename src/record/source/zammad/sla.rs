//! The escalation fields as SLA clocks.

use super::super::doc::Doc;
use super::super::ticket_tools::{Reading, clock_stage, verdict_clock, verdict_clocks};
use crate::record::model::{Record, SlaEntry, State};
use crate::record::value::Text;

/// The escalation fields as SLA clocks (first response, update, solution). A negative
/// `*_diff_in_min` is a missed target.
pub(super) fn escalations<'a>(
    d: &mut Doc<'_, 'a, '_>,
    r: &Record<'a>,
) -> Option<Vec<SlaEntry<'a>>> {
    let solved = r.resolved_at.value().copied();
    let clocks: [(&'static str, &str, &str); 3] = [
        (
            "first response",
            "first_response_escalation_at",
            "first_response_diff_in_min",
        ),
        ("update", "update_escalation_at", "update_diff_in_min"),
        ("solution", "close_escalation_at", "close_diff_in_min"),
    ];
    let mut out = Vec::new();
    for (name, due_key, diff_key) in clocks {
        let due = d.instant(due_key).value().copied();
        let diff = d.number(diff_key).value().copied();
        if due.is_none() && diff.is_none() {
            continue;
        }
        let stop = match name {
            "first response" => d.instant("first_response_at").value().copied(),
            "solution" => solved,
            _ => None,
        };
        let breached = match (diff, stop, due) {
            (Some(m), _, _) => Some(m < 0.0),
            (None, Some(s), Some(t)) => Some(s > t),
            _ => None,
        };
        out.push(Reading::new(Text::borrowed(name), due, stop, breached));
    }
    verdict_clocks(out, r)
}

/// A ticket exported with only its next escalation time, `escalation_at` (the earliest target
/// not yet met): Zammad's verdict when nothing else is given. Breached when the ticket was
/// closed after it, or when it had already passed at the ticket's last update while the ticket
/// was still open (Zammad recomputes it on every update, so the ticket was escalated then).
pub(super) fn next_escalation<'a>(
    d: &mut Doc<'_, 'a, '_>,
    r: &Record<'a>,
) -> Option<Vec<SlaEntry<'a>>> {
    let state = r.state.value().copied();
    let (start, solved) = (r.opened_at.value().copied(), r.resolved_at.value().copied());
    let updated = r.updated_at.value().copied();
    let due = d.instant("escalation_at").value().copied()?;
    let open = !state.is_some_and(State::is_done);
    let breached = match (solved, updated) {
        (Some(s), _) => Some(s > due),
        (None, Some(u)) if open && u > due => Some(true),
        _ => None,
    };
    let stage = clock_stage(solved.is_some(), state);
    let times = (start, Some(due), solved);
    Some(vec![verdict_clock(
        Text::borrowed("escalation"),
        stage,
        breached,
        times,
    )])
}
