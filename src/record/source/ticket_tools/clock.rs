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
