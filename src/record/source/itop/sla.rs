//! The tto/ttr stopwatches as SLA clocks.

use super::super::doc::{Doc, Node, truthy_code};
use super::super::ticket_tools::{clock_stage, verdict_clock};
use crate::record::model::{Record, SlaEntry, State};
use crate::record::value::{Field, Text};

/// The tto/ttr stopwatches. Breached when the overrun (`sla_*_over`, seconds) is positive;
/// the `sla_*_passed` label is only read through the instance's `choices`.
pub(super) fn sla_entries<'a>(doc: &mut Doc<'_, 'a, '_>, record: &Record<'a>) -> Vec<SlaEntry<'a>> {
    let mut out = Vec::new();
    let start = record.opened_at.value().copied();
    let state = record.state.value().copied();
    for (name, stop_field) in [("tto", "assignment_date"), ("ttr", "resolution_date")] {
        let due = doc
            .instant(&format!("{name}_escalation_deadline"))
            .value()
            .copied();
        let over_path = format!("sla_{name}_over");
        let over = doc.number(&over_path);
        let passed_path = format!("sla_{name}_passed");
        let passed_node = doc.node(&passed_path).filter(|n| !n.is_empty());
        let passed = passed_node
            .and_then(Node::as_str)
            .and_then(|label| doc.cx.choice(&passed_path, label))
            .and_then(truthy_code);
        let breached = match &over {
            Field::Value(s) => Some(*s > 0.0),
            _ => passed,
        };
        if breached.is_none()
            && let Some(n) = passed_node.filter(|_| over.is_absent())
        {
            doc.warn(
                &passed_path,
                format!("{passed_path} is a translated yes/no label: request {over_path} (overrun seconds) or map the label with context.choices"),
                n,
            );
        }
        // Without a deadline, an overrun or a mapped verdict there is no target to report on.
        if due.is_none() && breached != Some(true) && passed.is_none() {
            continue;
        }
        let stop = doc.instant(stop_field).value().copied();
        // Time to own stops when the ticket is assigned: any state after new.
        let owned = name == "tto" && state.is_some_and(|s| s != State::New);
        let stage = clock_stage(stop.is_some() || owned, state);
        out.push(verdict_clock(
            Text::borrowed(name),
            stage,
            breached,
            (start, due, stop),
        ));
    }
    out
}
