//! Escalation deadlines and flags as SLA clocks.

use super::super::doc::Doc;
use super::super::first_present;
use super::super::ticket_tools::{Reading, verdict_clocks};
use crate::record::model::{Record, SlaEntry};
use crate::record::value::Text;

/// Escalation deadlines and flags as SLA clocks (first response, update, solution).
pub(super) fn escalations<'a>(d: &mut Doc<'_, 'a, '_>, r: &Record<'a>) -> Option<Vec<SlaEntry<'a>>> {
    // Closing is the solution in Znuny.
    let solved = r.closed_at.value().copied();
    let name = d.text("SLA").value().cloned();
    let clocks: [(&'static str, &str, &str, &str); 3] = [
        (
            "first response",
            "FirstResponseTime",
            "EscalationResponseTime",
            "FirstResponseDiffInMin",
        ),
        ("update", "UpdateTime", "EscalationUpdateTime", ""),
        (
            "solution",
            "SolutionTime",
            "EscalationSolutionTime",
            "SolutionDiffInMin",
        ),
    ];
    let mut out = Vec::new();
    for (clock, prefix, escalation, diff_key) in clocks {
        let due = first_present([
            d.instant(&format!("{prefix}DestinationTime")),
            d.instant(escalation),
            d.instant(&format!("{prefix}DestinationDate")),
        ])
        .value()
        .copied();
        let diff = if diff_key.is_empty() {
            None
        } else {
            d.number(diff_key).value().copied()
        };
        let flag = d.boolean(&format!("{prefix}Escalation")).value().copied();
        if due.is_none() && diff.is_none() && flag.is_none() {
            continue;
        }
        let stop = match clock {
            "first response" => d.instant("FirstResponse").value().copied(),
            "solution" => solved,
            _ => None,
        };
        let breached = match (diff, flag) {
            (Some(m), _) => Some(m < 0.0),
            (None, Some(true)) => Some(true),
            _ => match (stop, due) {
                (Some(s), Some(t)) => Some(s > t),
                _ => flag,
            },
        };
        let label = match &name {
            Some(sla) => Text::owned(format!("{sla}: {clock}")),
            None => Text::borrowed(clock),
        };
        out.push(Reading::new(label, due, stop, breached));
    }
    verdict_clocks(out, r)
}
