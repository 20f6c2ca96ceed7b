//! Adding one record to a partial result: its checks, evidence, month, service and the
//! window checks' months and coverage.

use super::judge::{Hits, Judgement};
use super::{Core, Engine, Run, parse_raw};
use crate::catalog::Phase;
use crate::pdca::{Example, FindingRef, Partial, keep_example};
use crate::record::model::SlaSource;
use crate::record::{Instant, Kind, LinkRel, MonthKey, Record};
use crate::rules::compiled::{ClausePos, CompiledCheck, Outcome, severity_rank};
use crate::rules::logic::Cx;
use crate::rules::logic::value::Val;
use crate::rules::pack::Aspect;
use crate::util::per_edition::PerEdition;
use crate::util::trimmed;

/// The service a record concerns, for per-service PDCA: a service record is its own service (by
/// its id, which is what other records' references hold); other records name it in `service`
/// or link to it.
pub(crate) fn service_of<'r>(record: &'r Record<'r>) -> Option<&'r str> {
    let named = |t: &'r str| Some(trimmed(t)).filter(|t| !t.is_empty());
    if record.kind == Kind::Service {
        return named(&record.id);
    }
    record.service.value().and_then(|t| named(t)).or_else(|| {
        record
            .links
            .iter()
            .flatten()
            .find(|l| l.rel == LinkRel::Service)
            .and_then(|l| named(&l.target))
    })
}

/// Counts, per canonical field of the record's kind, whether it held a value, was empty (or
/// unreadable) or was absent: into the push's scratch, by position (no lookup by name per
/// record); [`Scratch::flush_fields`] adds them to the partial once per push.
fn count_fields(core: &super::Core, record: &Record<'_>, scratch: &mut Scratch) {
    let kind = record.kind.index();
    let Some(fields) = core.quality_fields.get(kind) else {
        return;
    };
    if fields.is_empty() {
        return;
    }
    if scratch.fields.len() <= kind {
        scratch.fields.resize(kind + 1, Vec::new());
    }
    let Some(counts) = scratch.fields.get_mut(kind) else {
        return;
    };
    if counts.len() < fields.len() {
        counts.resize(fields.len(), [0; 3]);
    }
    for ((_, read), cell) in fields.iter().zip(counts.iter_mut()) {
        let slot = match read(record) {
            Val::Absent => 2,
            Val::Null => 1,
            _ => 0,
        };
        if let Some(n) = cell.get_mut(slot) {
            *n += 1;
        }
    }
}

impl Scratch {
    /// Adds the field counts and the services' check counts of this push to the partial, and
    /// clears them.
    pub(super) fn flush_fields(&mut self, core: &super::Core, partial: &mut Partial) {
        partial.settle_services(core.lists.examples);
        for (kind_index, counts) in self.fields.iter_mut().enumerate() {
            let (Some(kind), Some(fields)) = (
                Kind::ALL.get(kind_index),
                core.quality_fields.get(kind_index),
            ) else {
                continue;
            };
            if counts.iter().all(|c| c.iter().all(|n| *n == 0)) {
                continue;
            }
            partial.fields.update_or_default(*kind, |into| {
                for ((path, _), cell) in fields.iter().zip(counts.iter_mut()) {
                    into.update_or_default((*path).to_string(), |total| {
                        for (a, b) in total.iter_mut().zip(cell.iter()) {
                            *a += b;
                        }
                    });
                    *cell = [0; 3];
                }
            });
        }
    }
}

impl Engine {
    /// Adds one record to a partial result: its time and fields, then, inside the window, its
    /// counts, the checks judged on it, its service and month, and the clauses it evidences.
    pub(crate) fn observe<'r>(
        &'r self,
        record: &'r Record<'r>,
        run: &Run,
        partial: &mut Partial,
        scratch: &mut Scratch,
    ) {
        let core = &self.core;
        partial.evaluated += 1;
        let when = record.primary_time();
        if let Some(t) = when {
            partial.saw_time(t);
        }
        count_fields(core, record, scratch);
        if let Some(t) = when
            && (run.from.is_some_and(|f| t < f) || run.to.is_some_and(|to| t > to))
        {
            return;
        }
        count_in_window(record, partial);
        let raw_json = parse_raw(record, core.pack.uses_raw);
        let cx = Cx::new(Some(record), raw_json.as_ref(), run.as_of.0, core.logic);
        let Scratch {
            hits,
            added,
            month_cells,
            ..
        } = scratch;
        hits.iter_mut().for_each(Vec::clear);
        month_cells.clear();
        core.map_evidence(record, &cx, hits, added);
        let month = when.map(|t| t.month_key());
        let mut tally = RecordTally {
            core,
            run,
            record,
            when,
            month,
            service: service_of(record),
            partial,
            hits,
            month_cells,
            // No conformity check failed yet: one past the least severe rank.
            worst: 4,
        };
        core.judge_each(record, &cx, added, |j| tally.add(j));
        let (worst, service) = (tally.worst, tally.service);
        count_sla_source(record, partial);
        if let Some(slot) = partial.failing_records.get_mut(worst) {
            *slot += 1;
        }
        if let Some(name) = service {
            let checks = core.pack.checks.len();
            let limit = core.lists.examples;
            tally_service(record, name, &scratch.month_cells, checks, limit, partial);
        }
        if let Some(m) = month {
            let cells = &scratch.month_cells;
            partial.with_month(m, core.pack.checks.len(), |tally| {
                tally.records += 1;
                for (ci, passed) in cells {
                    if let Some(n) = tally
                        .checks
                        .get_mut(*ci)
                        .and_then(|cell| cell.get_mut(usize::from(!*passed)))
                    {
                        *n += 1;
                    }
                }
            });
        }
        scratch.stamp_evidence(core, partial);
    }
}

/// A record in the window: its kind and source tool counted.
fn count_in_window(record: &Record<'_>, partial: &mut Partial) {
    partial.in_window += 1;
    partial.by_kind.update_or_default(record.kind, |n| *n += 1);
    let tool = record.origin.tool.as_deref().unwrap_or("unknown");
    match partial.by_source.get_mut(tool) {
        Some(n) => *n += 1,
        None => {
            partial.by_source.insert(tool.to_string(), 1);
        }
    }
}

/// Which source decided the record's SLA outcome: rows win over a verdict field.
fn count_sla_source(record: &Record<'_>, partial: &mut Partial) {
    let Some(entries) = record.sla.as_ref().filter(|e| !e.is_empty()) else {
        return;
    };
    let slot = if entries.iter().any(|e| e.source == Some(SlaSource::SlaRows)) {
        0
    } else if entries
        .iter()
        .any(|e| e.source == Some(SlaSource::VerdictField))
    {
        1
    } else {
        2
    };
    if let Some(n) = partial.sla_sources.get_mut(slot) {
        *n += 1;
    }
}

/// The record counted for its service: once, with the checks judged on it (`judged`) and an
/// example of each it failed (`limit` per check), the service's name from a service record and
/// whether it is in scope.
fn tally_service(
    record: &Record<'_>,
    name: &str,
    judged: &[(usize, bool)],
    checks: usize,
    limit: usize,
    partial: &mut Partial,
) {
    let in_scope = record
        .service_detail
        .as_ref()
        .and_then(|d| d.in_scope.value().copied());
    let title = (record.kind == Kind::Service)
        .then(|| record.title.value())
        .flatten();
    // One lookup per record: the record's judged checks are in `judged`.
    partial.with_service(name, |tally| {
        tally.records += 1;
        for (ci, passed) in judged {
            tally.count_pending(checks, *ci, *passed);
            if !*passed {
                tally.keep_pending_example(checks, *ci, limit, &record.id, || example_of(record));
            }
        }
        if tally.name.is_none()
            && let Some(title) = title
        {
            tally.name = Some(title.trim().to_string());
        }
        if let Some(in_scope) = in_scope {
            tally.in_scope = Some(tally.in_scope.unwrap_or(false) || in_scope);
        }
    });
}

/// What one record's checks add to the partial while they are judged.
struct RecordTally<'a, 'r> {
    core: &'a Core,
    run: &'a Run,
    record: &'r Record<'r>,
    when: Option<Instant>,
    month: Option<MonthKey>,
    service: Option<&'r str>,
    partial: &'a mut Partial,
    hits: &'a mut Hits,
    /// (check index, passed) of the record checks judged: for the month and the service.
    month_cells: &'a mut Vec<(usize, bool)>,
    /// The worst severity rank among the conformity checks the record fails (4: none).
    worst: usize,
}

impl RecordTally<'_, '_> {
    fn add(&mut self, j: Judgement<'_>) {
        if j.is_window {
            self.window_check(j);
        } else {
            self.record_check(j);
        }
    }

    /// A record check: its tally, the failure's example and finding, the month's cell, and the
    /// clauses it evidences (a target met or missed is a performance figure, not evidence that
    /// the process ran).
    fn record_check(&mut self, j: Judgement<'_>) {
        let Some(tally) = self.partial.checks.get_mut(j.ci) else {
            return;
        };
        let passed = match j.outcome {
            Outcome::NotApplicable => {
                tally.not_applicable += 1;
                return;
            }
            Outcome::Undetermined => {
                tally.not_applicable += 1;
                tally.undetermined += 1;
                return;
            }
            Outcome::Limited => {
                tally.limited += 1;
                return;
            }
            Outcome::Pass => {
                tally.passed += 1;
                true
            }
            Outcome::Fail => {
                tally.failed += 1;
                let (limit, record) = (self.core.lists.examples, self.record);
                keep_example(&mut tally.examples, limit, &record.id, || {
                    example_of(record)
                });
                self.failed(j.ci, j.check);
                false
            }
        };
        self.month_cells.push((j.ci, passed));
        for p in j.added {
            self.partial.add_dynamic(j.ci, *p, passed);
        }
        if let Some(added) = j.evidence() {
            self.core
                .add_hits(self.hits, &j.check.clauses, added, j.check.phase);
        }
    }

    /// A record check failed: the record's worst severity, and the finding when the run lists
    /// them.
    fn failed(&mut self, ci: usize, check: &CompiledCheck) {
        if check.def.aspect == Aspect::Conformity {
            self.worst = self
                .worst
                .min(usize::from(severity_rank(check.def.severity)));
        }
        if self.run.findings {
            let finding = finding_ref(self.record, ci, self.when, self.service);
            self.partial.findings.push(finding);
        }
    }

    /// A window check: a passing record counts toward the window, its month and the clauses
    /// it covers, and is evidence for the check's own clauses.
    fn window_check(&mut self, j: Judgement<'_>) {
        let partial = &mut *self.partial;
        match j.outcome {
            Outcome::Pass => {}
            Outcome::Limited => {
                if let Some(tally) = partial.checks.get_mut(j.ci) {
                    tally.limited += 1;
                }
                return;
            }
            _ => return,
        }
        if let Some(n) = partial.window.get_mut(j.ci) {
            *n += 1;
        }
        let record = self.record;
        if let Some(tally) = partial.checks.get_mut(j.ci) {
            let limit = self.core.lists.examples;
            keep_example(&mut tally.examples, limit, &record.id, || {
                example_of(record)
            });
        }
        let key = u32::try_from(j.ci).unwrap_or(u32::MAX);
        if j.check.def.every_months.is_some()
            && let Some(m) = self.month
        {
            partial.window_months.update_or_default(key, |months| {
                months.insert(m);
            });
        }
        if j.check.def.must_cover.is_some() && j.check.clauses_from.is_some() {
            partial
                .window_cover
                .update_or_default(key, |covered| covered.extend(j.added.iter().copied()));
        }
        if let Some(added) = j.evidence() {
            self.core
                .add_hits(self.hits, &j.check.clauses, added, j.check.phase);
        }
    }
}

/// How a record is shown as an example.
fn example_of(record: &Record<'_>) -> Example {
    Example {
        id: record.id.to_string(),
        number: record.number.as_ref().map(|n| n.to_string()),
        url: record.origin.url.as_ref().map(|u| u.to_string()),
    }
}

/// One failing (record, check) pair for the findings list.
fn finding_ref(
    record: &Record<'_>,
    ci: usize,
    when: Option<Instant>,
    service: Option<&str>,
) -> FindingRef {
    FindingRef {
        record: example_of(record),
        check: u32::try_from(ci).unwrap_or(u32::MAX),
        kind: record.kind,
        tool: record.origin.tool.as_ref().map(|t| t.to_string()),
        time: when.map(|t| t.to_string()),
        group: record
            .assignment_group
            .value()
            .map(|g| trimmed(g).to_string())
            .filter(|g| !g.is_empty()),
        service: service.map(str::to_string),
        name: record
            .number
            .is_none()
            .then(|| record.title.value())
            .flatten()
            .map(|t| trimmed(t).to_string())
            .filter(|t| !t.is_empty()),
    }
}

impl Scratch {
    /// Evidence: each record counts once per clause and phase, ancestors included, in each
    /// edition. A stamp per (clause, phase) holding the record's serial number dedupes
    /// without sorting.
    fn stamp_evidence(&mut self, core: &Core, partial: &mut Partial) {
        self.serial = self.serial.wrapping_add(1);
        if self.serial == 0 {
            self.seen.iter_mut().for_each(|seen| seen.fill(0));
            self.serial = 1;
        }
        let tables = partial.evidence_per_edition_mut();
        let per_edition = self
            .hits
            .iter()
            .zip(core.up.iter())
            .zip(self.seen.iter_mut());
        for (((hits, ups), seen), table) in per_edition.zip(tables) {
            stamp(hits, ups, seen, self.serial, table);
        }
    }
}

/// Counts each (clause, phase) once per record, ancestors included.
fn stamp(
    hits: &[(ClausePos, Phase)],
    ups: &[Vec<ClausePos>],
    seen: &mut Vec<u32>,
    serial: u32,
    table: &mut [[u64; 4]],
) {
    if seen.len() < table.len() * 4 {
        seen.resize(table.len() * 4, 0);
    }
    for (p, phase) in hits {
        // `ups` lists a clause's requirement ancestors from itself upward, one chain, and every
        // walk stamps its chain from the bottom: the first (clause, phase) already stamped for
        // this record has its whole chain above it stamped too, so the walk stops there (a
        // clause that several checks evidence is walked once).
        for up in ups.get(usize::from(*p)).into_iter().flatten() {
            let slot = usize::from(*up) * 4 + phase.index();
            match seen.get_mut(slot) {
                Some(s) if *s == serial => break,
                Some(s) => {
                    *s = serial;
                    if let Some(cell) = table
                        .get_mut(usize::from(*up))
                        .and_then(|row| row.get_mut(phase.index()))
                    {
                        *cell += 1;
                    }
                }
                None => {}
            }
        }
    }
}

/// Reusable buffers for `observe`.
#[derive(Default)]
pub(crate) struct Scratch {
    hits: Hits,
    /// The clauses a record adds to a rule (`clausesFrom`).
    added: Vec<ClausePos>,
    month_cells: Vec<(usize, bool)>,
    /// Per edition and (clause, phase): the serial of the last record counted there.
    seen: PerEdition<Vec<u32>>,
    serial: u32,
    /// Per kind and quality field (by position): [value, empty, absent] in this push.
    fields: Vec<Vec<[u64; 3]>>,
}
