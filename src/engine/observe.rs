//! Adding one record to a partial result: its checks, evidence, month, service and the
//! window checks' months and coverage.

use super::{Engine, Run, parse_raw};
use crate::catalog::Phase;
use crate::pdca::{Example, FindingRef, Partial, keep_example};
use crate::record::model::SlaSource;
use crate::record::{Kind, LinkRel, Record};
use crate::rules::compiled::{ClausePos, CompiledPack, Outcome, severity_rank};
use crate::rules::logic::Cx;
use crate::rules::logic::value::Val;
use crate::rules::pack::Aspect;

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

/// `t.trim()`, without walking the text character by character when it neither starts nor
/// ends with white space (nearly every name): `trim` was a tenth of the time per record.
fn trimmed(t: &str) -> &str {
    // An ASCII byte that is not white space at either end: nothing to trim. Bytes from 0x80 may
    // start or end a Unicode space, and 0x09-0x0D and 0x20 are the ASCII spaces `trim` removes.
    let plain = |b: u8| b < 0x80 && b != b' ' && !(0x09..=0x0d).contains(&b);
    match (t.as_bytes().first(), t.as_bytes().last()) {
        (Some(&a), Some(&z)) if plain(a) && plain(z) => t,
        _ => t.trim(),
    }
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
    /// Adds the field counts of this push to the partial, and clears them.
    pub(super) fn flush_fields(&mut self, core: &super::Core, partial: &mut Partial) {
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
            let into = partial.fields.entry(*kind).or_default();
            for ((path, _), cell) in fields.iter().zip(counts.iter_mut()) {
                let total = into.entry((*path).to_string()).or_default();
                for (a, b) in total.iter_mut().zip(cell.iter()) {
                    *a += b;
                }
                *cell = [0; 3];
            }
        }
    }
}

impl Engine {
    /// Adds one record to a partial result.
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
        partial.in_window += 1;
        *partial.by_kind.entry(record.kind).or_default() += 1;
        let tool = record.origin.tool.as_deref().unwrap_or("unknown");
        match partial.by_source.get_mut(tool) {
            Some(n) => *n += 1,
            None => {
                partial.by_source.insert(tool.to_string(), 1);
            }
        }
        let check_count = core.pack.checks.len();
        let month = when.map(|t| t.month_key());
        scratch.month_cells.clear();
        let raw_json = parse_raw(record, core.pack.uses_raw);
        let cx = Cx::new(Some(record), raw_json.as_ref(), run.as_of.0, core.logic);
        scratch.hits.clear();
        scratch.hits2011.clear();
        self.map_evidence(
            record,
            &cx,
            &mut scratch.hits,
            &mut scratch.hits2011,
            &mut scratch.dynamic,
        );
        let kind = record.kind.index();
        let limit = core.lists.examples;
        let service = service_of(record);
        // The worst severity rank among the conformity checks this record fails (4: none).
        let mut worst = 4usize;
        let example = || Example {
            id: record.id.to_string(),
            number: record.number.as_ref().map(|n| n.to_string()),
            url: record.origin.url.as_ref().map(|u| u.to_string()),
        };
        for &ci in core.pack.record_checks.get(kind).into_iter().flatten() {
            let Some(check) = core.pack.checks.get(ci) else {
                continue;
            };
            let outcome = core.pack.outcome(check, &cx);
            let Some(tally) = partial.checks.get_mut(ci) else {
                continue;
            };
            let passed = match outcome {
                Outcome::NotApplicable => {
                    tally.not_applicable += 1;
                    continue;
                }
                Outcome::Undetermined => {
                    tally.not_applicable += 1;
                    tally.undetermined += 1;
                    continue;
                }
                Outcome::Limited => {
                    tally.limited += 1;
                    continue;
                }
                Outcome::Pass => {
                    tally.passed += 1;
                    true
                }
                Outcome::Fail => {
                    tally.failed += 1;
                    if check.def.aspect == Aspect::Conformity {
                        worst = worst.min(usize::from(severity_rank(check.def.severity)));
                    }
                    keep_example(&mut tally.examples, limit, &record.id, example);
                    if run.findings {
                        partial.findings.push(FindingRef {
                            record: example(),
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
                        });
                    }
                    false
                }
            };
            scratch.month_cells.push((ci, passed));
            // A target met or missed is a performance figure, not evidence that the process ran.
            let evidences = check.def.aspect == Aspect::Conformity;
            if evidences {
                for p in &check.clauses2018 {
                    scratch.hits.push((*p, check.phase));
                }
                for p in &check.clauses2011 {
                    scratch.hits2011.push((*p, check.phase));
                }
            }
            if let Some(from) = &check.clauses_from {
                scratch.dynamic.clear();
                CompiledPack::dynamic_clauses(from, &cx, core.catalog, &mut scratch.dynamic);
                for i in 0..scratch.dynamic.len() {
                    let Some(&p) = scratch.dynamic.get(i) else {
                        continue;
                    };
                    partial.add_dynamic(ci, p, passed);
                    if !evidences {
                        continue;
                    }
                    scratch.hits.push((p, check.phase));
                    for q in core.to2011.get(usize::from(p)).into_iter().flatten() {
                        scratch.hits2011.push((*q, check.phase));
                    }
                }
            }
        }
        for &ci in core.pack.window_checks.get(kind).into_iter().flatten() {
            let Some(check) = core.pack.checks.get(ci) else {
                continue;
            };
            match core.pack.outcome(check, &cx) {
                Outcome::Pass => {}
                Outcome::Limited => {
                    if let Some(tally) = partial.checks.get_mut(ci) {
                        tally.limited += 1;
                    }
                    continue;
                }
                _ => continue,
            }
            if let Some(n) = partial.window.get_mut(ci) {
                *n += 1;
            }
            if let Some(tally) = partial.checks.get_mut(ci) {
                keep_example(&mut tally.examples, limit, &record.id, example);
            }
            let key = u32::try_from(ci).unwrap_or(u32::MAX);
            if check.def.every_months.is_some()
                && let Some(m) = month
            {
                partial.window_months.entry(key).or_default().insert(m);
            }
            if check.def.must_cover.is_some()
                && let Some(from) = &check.clauses_from
            {
                scratch.dynamic.clear();
                CompiledPack::dynamic_clauses(from, &cx, core.catalog, &mut scratch.dynamic);
                partial
                    .window_cover
                    .entry(key)
                    .or_default()
                    .extend(scratch.dynamic.iter().copied());
            }
            for p in &check.clauses2018 {
                scratch.hits.push((*p, check.phase));
            }
            for p in &check.clauses2011 {
                scratch.hits2011.push((*p, check.phase));
            }
        }
        // Which source decided the record's SLA outcome: rows win over a verdict field.
        if let Some(entries) = record.sla.as_ref().filter(|e| !e.is_empty()) {
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
        if let Some(slot) = partial.failing_records.get_mut(worst) {
            *slot += 1;
        }
        if let Some(name) = service {
            let in_scope = record
                .service_detail
                .as_ref()
                .and_then(|d| d.in_scope.value().copied());
            let title = (record.kind == Kind::Service)
                .then(|| record.title.value())
                .flatten();
            // One lookup per record: the record's judged checks are in `month_cells`.
            let judged = &scratch.month_cells;
            partial.with_service(name, |tally| {
                tally.records += 1;
                for (ci, passed) in judged {
                    let cell = tally
                        .checks
                        .entry(u32::try_from(*ci).unwrap_or(u32::MAX))
                        .or_default();
                    if let Some(n) = cell.get_mut(usize::from(!*passed)) {
                        *n += 1;
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
        if let Some(m) = month {
            let tally = partial.month(m, check_count);
            tally.records += 1;
            for (ci, passed) in &scratch.month_cells {
                if let Some(n) = tally
                    .checks
                    .get_mut(*ci)
                    .and_then(|cell| cell.get_mut(usize::from(!*passed)))
                {
                    *n += 1;
                }
            }
        }
        // Evidence: each record counts once per clause and phase, ancestors included. A stamp
        // per (clause, phase) holding the record's serial number dedupes without sorting.
        scratch.serial = scratch.serial.wrapping_add(1);
        if scratch.serial == 0 {
            scratch.seen2018.fill(0);
            scratch.seen2011.fill(0);
            scratch.serial = 1;
        }
        stamp(
            &scratch.hits,
            &core.up2018,
            &mut scratch.seen2018,
            scratch.serial,
            &mut partial.evidence2018,
        );
        stamp(
            &scratch.hits2011,
            &core.up2011,
            &mut scratch.seen2011,
            scratch.serial,
            &mut partial.evidence2011,
        );
        scratch.hits2011.clear();
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
        for up in ups.get(usize::from(*p)).into_iter().flatten() {
            let slot = usize::from(*up) * 4 + phase.index();
            match seen.get_mut(slot) {
                Some(s) if *s != serial => {
                    *s = serial;
                    if let Some(cell) = table
                        .get_mut(usize::from(*up))
                        .and_then(|row| row.get_mut(phase.index()))
                    {
                        *cell += 1;
                    }
                }
                _ => {}
            }
        }
    }
}

/// Reusable buffers for `observe`.
#[derive(Default)]
pub(crate) struct Scratch {
    pub(super) hits: Vec<(ClausePos, Phase)>,
    hits2011: Vec<(ClausePos, Phase)>,
    dynamic: Vec<ClausePos>,
    month_cells: Vec<(usize, bool)>,
    seen2018: Vec<u32>,
    seen2011: Vec<u32>,
    serial: u32,
    /// Per kind and quality field (by position): [value, empty, absent] in this push.
    fields: Vec<Vec<[u64; 3]>>,
}

#[cfg(test)]
mod tests {
    use super::trimmed;

    #[test]
    fn trimmed_is_trim() {
        for t in [
            "",
            "x",
            " x",
            "x ",
            "\u{b}x",
            "x\u{b}",
            "\tService\n",
            "Email",
            "\u{a0}x",
            "x\u{a0}",
            "\u{3000}サービス\u{3000}",
            "サービス",
            "é",
            "x\u{85}",
            "\u{1c}x",
            "a b",
        ] {
            assert_eq!(trimmed(t), t.trim(), "{t:?}");
        }
    }
}
