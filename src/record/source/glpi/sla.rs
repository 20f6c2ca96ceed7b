//! GLPI's deadline fields as SLA clocks.

use super::super::doc::Doc;
use super::super::ticket_tools::{clock_stage, solved_at, verdict_clock};
use crate::record::model::{Record, SlaEntry};
use crate::record::time::Instant;
use crate::record::value::{Field, Text};

/// One deadline family: (name, deadline field, start field, how the clock stops).
struct Clock {
    name: &'static str,
    due: &'static str,
    start: &'static str,
    resolution: bool,
}

const CLOCKS: [Clock; 4] = [
    Clock {
        name: "time_to_own",
        due: "time_to_own",
        start: "date",
        resolution: false,
    },
    Clock {
        name: "time_to_resolve",
        due: "time_to_resolve",
        start: "date",
        resolution: true,
    },
    Clock {
        name: "internal_time_to_own",
        due: "internal_time_to_own",
        start: "ola_tto_begin_date",
        resolution: false,
    },
    Clock {
        name: "internal_time_to_resolve",
        due: "internal_time_to_resolve",
        start: "ola_ttr_begin_date",
        resolution: true,
    },
];

/// Deadline fields on the item become SLA clocks: due = deadline, stop = when the item was
/// taken into account (own) or solved (resolve), breached = stop after due. A clock still
/// running has no verdict here: whether it is late depends on the evaluation date. GLPI's own
/// verdict on the resolution deadline, `is_late` ("Time to resolve exceeded", search option
/// 82: solved after the deadline, or unsolved past it when exported), decides when present.
pub(super) fn sla_entries<'a>(doc: &mut Doc<'_, 'a, '_>, record: &Record<'a>) -> Vec<SlaEntry<'a>> {
    let mut out = Vec::new();
    let late = doc.boolean("is_late").value().copied();
    let opened = record.opened_at.value().copied();
    let state = record.state.value().copied();
    let owned_at = doc.instant("takeintoaccountdate").value().copied();
    // Before GLPI 10 only the delay is stored, in calendar (business) seconds: opening date +
    // delay is the earliest the ticket can have been taken into account; 0 means not yet.
    let delay = doc
        .count("takeintoaccount_delay_stat")
        .value()
        .copied()
        .unwrap_or(0);
    for clock in &CLOCKS {
        let due = doc.instant(clock.due).value().copied();
        let flag = late.filter(|_| clock.name == "time_to_resolve");
        if due.is_none() && flag.is_none() {
            continue;
        }
        let start = match doc.instant(clock.start) {
            Field::Value(i) => Some(i),
            _ => opened,
        };
        let (stop, lower_bound, started_work) = if clock.resolution {
            (solved_at(record), None, false)
        } else {
            let lower = (owned_at.is_none() && delay > 0)
                .then(|| opened.map(|o| Instant(o.0 + i64::from(delay))))
                .flatten();
            (owned_at, lower, delay > 0)
        };
        let breached = flag.or(match (stop, lower_bound, due) {
            (Some(s), _, Some(d)) => Some(s.0 > d.0),
            (None, Some(lb), Some(d)) if lb.0 > d.0 => Some(true),
            _ => None,
        });
        let stage = clock_stage(stop.is_some() || started_work, state);
        let times = (start, due, stop);
        out.push(verdict_clock(
            Text::borrowed(clock.name),
            stage,
            breached,
            times,
        ));
    }
    out
}
