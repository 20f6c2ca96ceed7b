//! SLA clocks from a tool's own deadline and verdict fields (escalation times, overrun flags):
//! the tool judged them, so they are reported as its verdict.

use crate::record::model::{SlaEntry, SlaSource, SlaStage, State};
use crate::record::time::Instant;
use crate::record::value::Text;

/// A clock's stage from whether it stopped and the ticket's state.
pub(crate) fn clock_stage(stopped: bool, state: Option<State>) -> SlaStage {
    match state {
        _ if stopped => SlaStage::Completed,
        Some(s) if s.is_done() => SlaStage::Completed,
        Some(State::OnHold) => SlaStage::Paused,
        _ => SlaStage::InProgress,
    }
}

/// A clock's times: when it started, its deadline, when it stopped.
pub(crate) type Times = (Option<Instant>, Option<Instant>, Option<Instant>);

/// The SLA entry of a clock the tool judged (`breached` is its verdict, or ours from the times).
pub(crate) fn verdict_clock<'a>(
    name: Text<'a>,
    stage: SlaStage,
    breached: Option<bool>,
    (start, due, stop): Times,
) -> SlaEntry<'a> {
    SlaEntry {
        name: Some(name),
        stage: Some(stage),
        breached,
        start,
        due,
        stop,
        source: Some(SlaSource::VerdictField),
    }
}

/// When a resolution clock stops: the record was solved, or else closed.
#[cfg(feature = "glpi")]
pub(crate) fn solved_at(record: &crate::record::model::Record<'_>) -> Option<Instant> {
    record
        .resolved_at
        .value()
        .or(record.closed_at.value())
        .copied()
}

/// A clock as a tool's fields give it: its deadline, when it stopped, and the verdict.
#[cfg(any(feature = "zammad", feature = "znuny", feature = "freshservice"))]
pub(crate) struct Reading<'a> {
    name: Text<'a>,
    due: Option<Instant>,
    stop: Option<Instant>,
    breached: Option<bool>,
}

#[cfg(any(feature = "zammad", feature = "znuny", feature = "freshservice"))]
impl<'a> Reading<'a> {
    pub(crate) fn new(
        name: Text<'a>,
        due: Option<Instant>,
        stop: Option<Instant>,
        breached: Option<bool>,
    ) -> Reading<'a> {
        Reading {
            name,
            due,
            stop,
            breached,
        }
    }
}

/// The SLA entries of the clocks read from a ticket's fields, started when `record` was opened
/// and staged by its state; `None` when the payload carried no clock.
#[cfg(any(feature = "zammad", feature = "znuny", feature = "freshservice"))]
pub(crate) fn verdict_clocks<'a>(
    readings: Vec<Reading<'a>>,
    record: &crate::record::model::Record<'a>,
) -> Option<Vec<SlaEntry<'a>>> {
    let (state, start) = (
        record.state.value().copied(),
        record.opened_at.value().copied(),
    );
    let out: Vec<SlaEntry<'a>> = readings
        .into_iter()
        .map(|c| {
            let stage = clock_stage(c.stop.is_some(), state);
            verdict_clock(c.name, stage, c.breached, (start, c.due, c.stop))
        })
        .collect();
    (!out.is_empty()).then_some(out)
}
