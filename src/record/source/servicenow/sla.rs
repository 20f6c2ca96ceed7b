//! SLA: the task's own verdict field (`made_sla`) and `task_sla` rows.

use super::super::first_present;
use super::super::{Attach, Attachment};
use super::codes::sla_stage;
use super::read::F;
use super::reader::Reader;
use super::records::Links;
use super::related::in_bundle;
use crate::record::model::*;
use crate::record::value::{Field, Text};

/// The task's own SLA verdict, `made_sla` (true until an SLA of the task breaches), as one
/// clock named after the field. It decides when no task_sla rows of the task are in the input;
/// rows joined to the task replace it. `sla_due` is its due time when readable.
pub(super) fn made_sla<'a>(
    r: &mut Reader<'_, 'a, '_, '_>,
    record: &Record<'a>,
) -> Option<Vec<SlaEntry<'a>>> {
    let Field::Value(made) = r.boolean(F::made_sla) else {
        return None;
    };
    let stop = record
        .resolved_at
        .value()
        .or(record.closed_at.value())
        .copied();
    let stage = match record.state.value() {
        Some(State::Cancelled) => SlaStage::Cancelled,
        _ if stop.is_some() => SlaStage::Completed,
        Some(s) if s.is_done() => SlaStage::Completed,
        Some(State::OnHold) => SlaStage::Paused,
        _ => SlaStage::InProgress,
    };
    Some(vec![SlaEntry {
        name: Some(Text::borrowed("made_sla")),
        stage: Some(stage),
        breached: Some(!made),
        start: record.opened_at.value().copied(),
        due: r.instant(F::sla_due).value().copied(),
        stop,
        source: Some(SlaSource::VerdictField),
    }])
}

/// A `task_sla` row: it measures its task against an SLA definition, whose name is its title.
#[inline(never)]
pub(super) fn measurement<'a>(
    r: &mut Reader<'_, 'a, '_, '_>,
    record: &mut Record<'a>,
    links: &mut Links<'a>,
) {
    links.add(r, F::task, LinkRel::Measures, None);
    links.add(r, F::sla, LinkRel::Sla, Some(Kind::ServiceLevelAgreement));
    let breached = r.boolean(F::has_breached);
    let stage = r.choice(F::stage, "SLA stage", sla_stage);
    record.title = match r.reference(F::sla) {
        Field::Value(_) => r.label(F::sla).map(Field::Value).unwrap_or(Field::Absent),
        other => other,
    };
    record.measurement = Some(Box::new(SlaMeasurementDetail {
        metric: r.label(F::sla).map(Field::Value).unwrap_or(Field::Absent),
        met: breached.clone().map(|b| !b),
        period_start: r.instant(F::start_time),
        period_end: first_present([r.instant(F::end_time), r.instant(F::planned_end_time)]),
        stage,
        ..SlaMeasurementDetail::default()
    }));
}

/// A `task_sla` row is also one SLA clock of its task, when the task is in the same input (or,
/// inside a bundle, of the bundle's record).
#[inline(never)]
pub(super) fn clock<'a>(r: &mut Reader<'_, 'a, '_, '_>, record: &Record<'a>) -> Option<Attach<'a>> {
    let bundled = in_bundle(r.at);
    let task = record
        .links
        .iter()
        .flatten()
        .find(|l| l.rel == LinkRel::Measures)
        .map(|l| l.target.clone())
        .or_else(|| bundled.then(|| Text::borrowed("")))?;
    let m = record.measurement.as_deref();
    Some(Attach {
        target: task,
        also: r.reference_display(F::task),
        what: Attachment::Sla(SlaEntry {
            name: m.and_then(|m| m.metric.value().cloned()),
            stage: m.and_then(|m| m.stage.value().copied()),
            breached: m.and_then(|m| m.met.value().map(|met| !met)),
            start: m.and_then(|m| m.period_start.value().copied()),
            // planned_end_time is the breach time; end_time the stop.
            due: r.instant(F::planned_end_time).value().copied(),
            stop: r.instant(F::end_time).value().copied(),
            source: Some(SlaSource::SlaRows),
        }),
    })
}
