//! From merged tallies to the report: window checks decided, findings raised, clauses,
//! processes and services rated.

use crate::util::vec_map::VecMap;

use super::cells::{CheckCounts, FindingLevel, Rater, finding_level, phases_reached, round1};
use super::*;
use crate::catalog::Phase;
use crate::engine::{Core, Engine, Run};
use crate::pdca::{FindingRef, Partial, Tally, stage_of};
use crate::record::MonthKey;
use crate::rules::compiled::{ClausePos, CompiledPack, severity_rank};
use crate::rules::pack::{Coverage, Scope};
use crate::util::per_edition::PerEdition;

/// What a window check's extra conditions found.
#[derive(Default)]
struct WindowDetail {
    longest_gap: Option<u32>,
    uncovered: Option<Vec<String>>,
}

/// The longest run of months without a passing record, counting from the window's first
/// month to its last (the data's own span when the run sets no window).
fn longest_gap(months: &[MonthKey], first: MonthKey, last: MonthKey) -> u32 {
    let mut gap = 0i64;
    let mut prev = first;
    let mut started = false;
    for m in months.iter().filter(|m| **m >= first && **m <= last) {
        gap = gap.max(prev.months_until(*m));
        prev = *m;
        started = true;
    }
    let tail = prev.months_until(last);
    let whole = if started { tail } else { tail + 1 };
    u32::try_from(gap.max(whole)).unwrap_or(u32::MAX)
}

/// Processes none of the covered 2018 clauses touches (the clause, an ancestor or a part).
fn uncovered_processes(core: &Core, covered: &[ClausePos]) -> Vec<String> {
    let cat = &core.catalog.e2018;
    let touches = |q: usize| {
        covered.iter().any(|&c| {
            let c = usize::from(c);
            c == q
                || core
                    .up
                    .e2018
                    .get(q)
                    .is_some_and(|up| up.iter().any(|a| usize::from(*a) == c))
                || core
                    .up
                    .e2018
                    .get(c)
                    .is_some_and(|up| up.iter().any(|a| usize::from(*a) == q))
        })
    };
    core.catalog
        .processes
        .iter()
        .filter(|p| {
            !p.clauses2018
                .iter()
                .filter_map(|id| cat.position(id))
                .any(touches)
        })
        .map(|p| p.id.clone())
        .collect()
}

/// Decides window checks: a window passes when enough records satisfied the check, often
/// enough across the window, and covering what it must.
fn effective_tallies(core: &Core, run: &Run, p: &Partial) -> (Vec<Tally>, Vec<WindowDetail>) {
    let pack = &core.pack;
    let failing = |sev: &Severity| {
        pack.checks
            .iter()
            .zip(&p.checks)
            .any(|(c, t)| c.def.scope == Scope::Record && c.def.severity == *sev && t.failed > 0)
    };
    let data_first = p.months.keys().next().copied();
    let data_last = p.months.keys().next_back().copied();
    let first = run.from.map(|i| i.month_key()).or(data_first);
    let last = run.to.map(|i| i.month_key()).or(data_last);
    pack.checks
        .iter()
        .zip(&p.checks)
        .zip(&p.window)
        .enumerate()
        .map(|(ci, ((check, tally), &count))| {
            let mut detail = WindowDetail::default();
            if check.def.scope == Scope::Record {
                return (tally.clone(), detail);
            }
            let mut t = Tally {
                examples: tally.examples.clone(),
                ..Tally::default()
            };
            let present = |k: &crate::record::Kind| p.by_kind.get(k).is_some_and(|n| *n > 0);
            let applies = (check.def.requires_failures.is_empty()
                || check.def.requires_failures.iter().any(failing))
                && (check.def.applies_with.is_empty()
                    || check.def.applies_with.iter().any(present));
            let key = u32::try_from(ci).unwrap_or(u32::MAX);
            let mut passes = count >= u64::from(check.def.at_least.unwrap_or(1));
            if let (Some(every), Some(first), Some(last)) = (check.def.every_months, first, last) {
                let months: Vec<MonthKey> = p
                    .window_months
                    .get(&key)
                    .map(|m| m.iter().copied().collect())
                    .unwrap_or_default();
                let gap = longest_gap(&months, first, last);
                passes &= gap <= every;
                detail.longest_gap = Some(gap);
            }
            if check.def.must_cover == Some(Coverage::Processes) {
                let covered: Vec<ClausePos> = p
                    .window_cover
                    .get(&key)
                    .map(|c| c.iter().copied().collect())
                    .unwrap_or_default();
                let uncovered = uncovered_processes(core, &covered);
                passes &= uncovered.is_empty();
                detail.uncovered = Some(uncovered);
            }
            if !applies {
                t.not_applicable = 1;
            } else if passes {
                t.passed = 1;
            } else {
                t.failed = 1;
            }
            (t, detail)
        })
        .unzip()
}

/// Per clause position and phase: the checks attached to it (or to a part of it), directly or
/// through a mapped `clausesFrom`: what would give the cell evidence.
fn suppliers(core: &Core, edition: Edition, ups: &[Vec<ClausePos>]) -> Vec<[Vec<usize>; 4]> {
    let cat = core.catalog.edition(edition);
    let mut out: Vec<[Vec<usize>; 4]> =
        (0..cat.clauses.len()).map(|_| Default::default()).collect();
    for (ci, check) in core.pack.checks.iter().enumerate() {
        let slot = check.phase.index();
        let mut targets: Vec<ClausePos> = check.clauses.get(edition).clone();
        for source in check.clauses_from.iter().flat_map(|f| &f.sources) {
            for positions in source.map.iter().flat_map(|m| m.values()) {
                for p in positions {
                    targets.extend(core.added_in(edition, p));
                }
            }
        }
        for q in targets {
            for a in ups.get(usize::from(q)).into_iter().flatten() {
                if let Some(list) = out.get_mut(usize::from(*a)).and_then(|c| c.get_mut(slot))
                    && !list.contains(&ci)
                {
                    list.push(ci);
                }
            }
        }
    }
    out
}

/// (clause position, phase) → counts per check: static attachments, then the clauses records
/// brought themselves (`clausesFrom`).
fn clause_cells(
    core: &Core,
    edition: Edition,
    ups: &[Vec<ClausePos>],
    tallies: &[Tally],
    p: &Partial,
) -> Vec<[CheckCounts; 4]> {
    let pack = &core.pack;
    let cat = core.catalog.edition(edition);
    let mut cells: Vec<[CheckCounts; 4]> =
        (0..cat.clauses.len()).map(|_| Default::default()).collect();
    for (ci, (check, tally)) in pack.checks.iter().zip(tallies).enumerate() {
        let slot = check.phase.index();
        for q in check.clauses.get(edition) {
            for a in ups.get(usize::from(*q)).into_iter().flatten() {
                if let Some(cell) = cells.get_mut(usize::from(*a)).and_then(|c| c.get_mut(slot)) {
                    cell.insert(ci, (tally.passed, tally.failed));
                }
            }
        }
    }
    for dc in &p.dynamic {
        let ci = dc.check as usize;
        let Some(check) = pack.checks.get(ci) else {
            continue;
        };
        let slot = check.phase.index();
        let static_list = check.clauses.get(edition);
        let mut seen = Vec::new();
        for &t in core.added_in(edition, &dc.clause) {
            for a in ups.get(usize::from(t)).into_iter().flatten() {
                if seen.contains(a) {
                    continue;
                }
                seen.push(*a);
                // A clause the check names itself already holds the check's whole tally.
                let is_static = static_list
                    .iter()
                    .any(|q| ups.get(usize::from(*q)).is_some_and(|up| up.contains(a)));
                if is_static {
                    continue;
                }
                if let Some(cell) = cells.get_mut(usize::from(*a)).and_then(|c| c.get_mut(slot)) {
                    cell.update_or_default(ci, |e| {
                        e.0 += dc.passed;
                        e.1 += dc.failed;
                    });
                }
            }
        }
    }
    cells
}

pub fn build_report(engine: &Engine, run: &Run, p: &Partial) -> Report {
    let core = engine.core();
    let pack = &core.pack;
    let catalog = core.catalog;
    let (lang, edition) = (run.lang, run.edition);
    let (tallies, window_details) = effective_tallies(core, run, p);
    let levels: Vec<Option<FindingLevel>> = pack
        .checks
        .iter()
        .zip(&tallies)
        .map(|(c, t)| finding_level(&c.def, t, &pack.rating))
        .collect();
    let rater = Rater {
        pack,
        thresholds: &core.thresholds,
        tallies: &tallies,
        findings: &levels,
        lang,
        examples: None,
    };
    let ups = core.up.get(edition);
    let tables = ClauseTables {
        cells: clause_cells(core, edition, ups, &tallies, p),
        suppliers: suppliers(core, edition, ups),
        evidence: p.evidence(edition),
    };
    let clauses = clause_rows(core, run, &rater, &tables);
    let processes = process_rows(core, run, &rater, &tables, &clauses);
    let clause_findings = clause_findings(core, run, &tallies, &levels);
    let (scope, services, out_of_scope) =
        super::services::service_rows(core, run, p, &rater, &catalog.processes);
    let summary = summary(p, &clauses, &processes, &services, &clause_findings);
    let all_warnings = p.all_warnings(core.lists);
    Report {
        schema_version: REPORT_SCHEMA_VERSION,
        quality: super::quality::quality(pack, &tallies, run, p, p.csv_rows > 0),
        engine: EngineInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            rules: pack.fingerprint.clone(),
        },
        edition,
        lang,
        window: Window {
            from: run.from.map(|i| i.to_string()),
            to: run.to.map(|i| i.to_string()),
            as_of: run.as_of.to_string(),
        },
        thresholds: core.thresholds,
        rating: pack.rating,
        records: RecordCounts {
            input: p.records_in,
            evaluated: p.evaluated,
            rejected: p.rejected_total,
            joined: p.joined,
            in_window: p.in_window,
            out_of_scope,
            by_kind: p.by_kind.clone(),
            by_source: p.by_source.clone(),
        },
        // Partials hold the engine's English (they merge across languages); the report speaks
        // the run's language.
        rejected: {
            let mut rejected = p.rejected.clone();
            crate::i18n::localize_rejections(lang, &mut rejected);
            rejected
        },
        warnings: {
            let mut warnings = all_warnings.0;
            crate::i18n::localize_warnings(lang, &mut warnings);
            warnings
        },
        warnings_total: all_warnings.1,
        clauses,
        processes,
        checks: check_rows(core, lang, &tallies, window_details, &levels),
        clause_findings,
        services,
        scope,
        months: month_rows(pack, p, &rater),
        summary,
        findings: run.findings.then(|| finding_rows(pack, p)),
    }
}

/// What the clause and process sections read, per clause position of the run's edition and
/// phase: the checks' counts, the checks that would supply evidence, the distinct evidence
/// records.
struct ClauseTables<'a> {
    cells: Vec<[CheckCounts; 4]>,
    suppliers: Vec<[Vec<usize>; 4]>,
    evidence: &'a [[u64; 4]],
}

/// Clauses: rated in document order, then completed bottom-up (a parent needs every child that
/// carries requirements complete).
fn clause_rows(core: &Core, run: &Run, rater: &Rater<'_>, t: &ClauseTables<'_>) -> Vec<ClauseRow> {
    let cat = core.catalog.edition(run.edition);
    let mut rows: Vec<ClauseRow> = Vec::new();
    for (pos, clause) in cat.clauses.iter().enumerate() {
        if !clause.requirement {
            continue;
        }
        let (Some(counts), Some(ev)) = (t.cells.get(pos), t.evidence.get(pos)) else {
            continue;
        };
        let phases = rater.phases(counts, *ev);
        let own = phases_reached(&phases) && !rater.has_major(counts);
        let empty: [Vec<usize>; 4] = Default::default();
        rows.push(ClauseRow {
            id: clause.id.clone(),
            edition: run.edition,
            title: clause.title.get(run.lang).to_string(),
            depth: clause.depth,
            parent: clause.parent.clone(),
            role: clause.phase,
            stage: stage_of(phases.ratings()),
            cycle_complete: own,
            missing: rater.missing(&phases, t.suppliers.get(pos).unwrap_or(&empty), &clause.id),
            findings: rater.open_findings(counts),
            performance: rater.performance(counts),
            phases,
        });
    }
    for i in (0..rows.len()).rev() {
        let Some(row) = rows.get(i) else {
            continue;
        };
        if row.cycle_complete {
            continue;
        }
        let Some(parent) = row.parent.clone() else {
            continue;
        };
        if let Some(p) = rows.iter_mut().find(|r| r.id == parent) {
            p.cycle_complete = false;
        }
    }
    rows
}

/// Processes: the counts, suppliers and best evidence of their clauses, complete when every
/// clause of the process is.
fn process_rows(
    core: &Core,
    run: &Run,
    rater: &Rater<'_>,
    t: &ClauseTables<'_>,
    clauses: &[ClauseRow],
) -> Vec<ProcessRow> {
    let cat = core.catalog.edition(run.edition);
    let mut processes = Vec::new();
    for process in &core.catalog.processes {
        let ids = super::cells::process_clauses(process, run.edition);
        let mut merged: [CheckCounts; 4] = Default::default();
        let mut supply: [Vec<usize>; 4] = Default::default();
        let mut ev = [0u64; 4];
        for pos in ids.iter().filter_map(|id| cat.position(id)) {
            if let Some(counts) = t.cells.get(pos) {
                for (slot, m) in merged.iter_mut().enumerate() {
                    for (ci, c) in counts.get(slot).into_iter().flatten() {
                        m.insert_if_absent(*ci, *c);
                    }
                }
            }
            if let Some(s) = t.suppliers.get(pos) {
                for (mine, theirs) in supply.iter_mut().zip(s) {
                    for ci in theirs {
                        if !mine.contains(ci) {
                            mine.push(*ci);
                        }
                    }
                }
            }
            if let Some(e) = t.evidence.get(pos) {
                for (a, b) in ev.iter_mut().zip(e) {
                    // Distinct records are counted per clause; the process shows its best-evidenced one.
                    *a = (*a).max(*b);
                }
            }
        }
        let phases = rater.phases(&merged, ev);
        let every_clause = ids.iter().all(|id| {
            clauses
                .iter()
                .find(|c| &c.id == id)
                .is_none_or(|c| c.cycle_complete)
        });
        processes.push(ProcessRow {
            id: process.id.clone(),
            name: process.name.get(run.lang).to_string(),
            clauses: ids.clone(),
            stage: stage_of(phases.ratings()),
            cycle_complete: phases_reached(&phases) && !rater.has_major(&merged) && every_clause,
            missing: rater.missing(&phases, &supply, &ids.join(", ")),
            findings: rater.open_findings(&merged),
            performance: rater.performance(&merged),
            phases,
        });
    }
    processes
}

/// Clause ids of positions in `edition`.
fn clause_ids(core: &Core, edition: Edition, list: &[ClausePos]) -> Vec<String> {
    let cat = core.catalog.edition(edition);
    list.iter()
        .filter_map(|q| cat.clauses.get(usize::from(*q)))
        .map(|c| c.id.clone())
        .collect()
}

fn case_of(core: &Core, check_id: &str) -> Option<String> {
    core.catalog.case_id_for_check(check_id).map(str::to_string)
}

/// One row per check of the pack, with its effective tally.
fn check_rows(
    core: &Core,
    lang: Lang,
    tallies: &[Tally],
    window_details: Vec<WindowDetail>,
    levels: &[Option<FindingLevel>],
) -> Vec<CheckRow> {
    core.pack
        .checks
        .iter()
        .zip(tallies)
        .zip(window_details)
        .zip(levels)
        .map(|(((check, t), detail), level)| {
            let applicable = t.applicable();
            let ids = PerEdition::from_fn(|e| clause_ids(core, e, check.clauses.get(e)));
            CheckRow {
                id: check.def.id.clone(),
                title: check.def.title.get(lang).to_string(),
                phase: check.def.phase,
                severity: check.def.severity,
                severity_label: check.def.severity.label().get(lang).to_string(),
                aspect: check.def.aspect,
                finding_severity: level.map(|l| l.severity),
                scope: match check.def.scope {
                    Scope::Record => "record".into(),
                    Scope::Window => "window".into(),
                },
                kinds: check.def.kinds.clone(),
                clauses2018: ids.e2018,
                clauses2011: ids.e2011,
                applicable,
                passed: t.passed,
                failed: t.failed,
                not_applicable: t.not_applicable,
                limited: t.limited,
                pass_rate: (applicable > 0)
                    .then(|| round1(100.0 * t.passed as f64 / applicable as f64)),
                examples: t.examples.clone(),
                longest_gap_months: detail.longest_gap,
                uncovered: detail.uncovered,
                message: check.def.message.get(lang).to_string(),
                hint: check.def.hint.get(lang).to_string(),
                case: case_of(core, &check.def.id),
            }
        })
        .collect()
}

/// The clause-level findings: most severe first; within a severity the most pervasive (share
/// of the records judged), so a window check that failed for the whole period comes before a
/// handful of lapses.
fn clause_findings(
    core: &Core,
    run: &Run,
    tallies: &[Tally],
    levels: &[Option<FindingLevel>],
) -> Vec<ClauseFinding> {
    let lang = run.lang;
    let mut findings: Vec<ClauseFinding> = core
        .pack
        .checks
        .iter()
        .zip(tallies)
        .zip(levels)
        .filter_map(|((check, t), level)| {
            let level = (*level)?;
            Some(ClauseFinding {
                check: check.def.id.clone(),
                title: check.def.title.get(lang).to_string(),
                severity: level.severity,
                severity_label: level.severity.label().get(lang).to_string(),
                record_severity: check.def.severity,
                systemic: level.systemic,
                phase: check.def.phase,
                clauses: clause_ids(core, run.edition, check.clauses.get(run.edition)),
                records: t.failed,
                judged: t.applicable(),
                share: round1(100.0 * t.failed as f64 / t.applicable().max(1) as f64),
                examples: match check.def.scope {
                    Scope::Record => t.examples.clone(),
                    Scope::Window => Vec::new(),
                },
                message: check.def.message.get(lang).to_string(),
                hint: check.def.hint.get(lang).to_string(),
                case: case_of(core, &check.def.id),
            })
        })
        .collect();
    crate::util::sort::sort_by(&mut findings, |a, b| {
        severity_rank(a.severity)
            .cmp(&severity_rank(b.severity))
            .then(b.share.total_cmp(&a.share))
            .then(b.records.cmp(&a.records))
            .then(a.check.cmp(&b.check))
    });
    findings
}

/// Per month: the conformity checks' counts, rated per phase.
fn month_rows(pack: &CompiledPack, p: &Partial, rater: &Rater<'_>) -> Vec<MonthRow> {
    p.months
        .iter()
        .map(|(key, m)| {
            let mut per_phase: [CheckCounts; 4] = Default::default();
            let (mut passed, mut failed) = (0, 0);
            for (ci, cell) in m.checks.iter().enumerate() {
                let Some(check) = pack.checks.get(ci) else {
                    continue;
                };
                if check.def.aspect == crate::rules::pack::Aspect::Performance {
                    continue;
                }
                if let Some(slot) = per_phase.get_mut(check.def.phase.index()) {
                    slot.insert(ci, (cell[0], cell[1]));
                }
                passed += cell[0];
                failed += cell[1];
            }
            let cell = |counts: &CheckCounts| {
                let c = rater.cell(counts, 0);
                MonthCell {
                    rating: c.rating,
                    score: c.score,
                    passed: c.passed,
                    failed: c.failed,
                }
            };
            MonthRow {
                month: key.to_string(),
                records: m.records,
                passed,
                failed,
                phases: MonthPhases {
                    plan: cell(&per_phase[0]),
                    do_: cell(&per_phase[1]),
                    check: cell(&per_phase[2]),
                    act: cell(&per_phase[3]),
                },
            }
        })
        .collect()
}

/// The report's headline counts.
fn summary(
    p: &Partial,
    clauses: &[ClauseRow],
    processes: &[ProcessRow],
    services: &[ServiceRow],
    clause_findings: &[ClauseFinding],
) -> Summary {
    let mut records_failing_by_severity = VecMap::new();
    for (severity, n) in Severity::ALL.iter().zip(&p.failing_records) {
        if *n > 0 {
            records_failing_by_severity.insert(*severity, *n);
        }
    }
    let mut findings_by_severity: VecMap<Severity, u64> = VecMap::new();
    for f in clause_findings {
        findings_by_severity.update_or_default(f.severity, |n| *n += 1);
    }
    Summary {
        records_failing_by_severity,
        findings_by_severity,
        clauses_cycle_complete: clauses
            .iter()
            .filter(|c| c.depth >= 2 && c.cycle_complete)
            .count() as u32,
        clauses_with_evidence: clauses
            .iter()
            .filter(|c| c.depth >= 2 && Phase::ALL.iter().any(|ph| c.phases.get(*ph).checks > 0))
            .count() as u32,
        processes_cycle_complete: processes.iter().filter(|p| p.cycle_complete).count() as u32,
        services: services.len() as u32,
        services_cycle_complete: services.iter().filter(|s| s.cycle_complete).count() as u32,
    }
}

/// The partial's findings in a stable order, whatever order chunks and workers merged in.
fn finding_rows(pack: &CompiledPack, p: &Partial) -> Vec<FindingRow> {
    let mut refs: Vec<&FindingRef> = p.findings.iter().collect();
    crate::util::sort::sort(&mut refs);
    refs.dedup();
    // Service keys are record ids (or the names records give); the service records of the
    // same export named them. A name given as the key is matched without regard to case.
    let names: VecMap<&str, &str> = p
        .services
        .iter()
        .filter_map(|(key, t)| Some((key.as_str(), t.name.as_deref()?)))
        .collect();
    let by_lower_name: VecMap<String, &str> =
        names.values().map(|n| (n.to_lowercase(), *n)).collect();
    let service_name = |key: &str| -> Option<String> {
        names
            .get(key)
            .copied()
            .or_else(|| by_lower_name.get(&key.to_lowercase()).copied())
            .map(str::to_string)
    };
    refs.into_iter()
        .filter_map(|f| {
            let check = pack.checks.get(usize::try_from(f.check).ok()?)?;
            Some(FindingRow {
                id: f.record.id.clone(),
                kind: f.kind,
                number: f.record.number.clone(),
                url: f.record.url.clone(),
                tool: f.tool.clone(),
                time: f.time.clone(),
                check: check.def.id.clone(),
                severity: check.def.severity,
                phase: check.def.phase,
                name: f.name.clone(),
                group: f.group.clone(),
                service: f.service.clone(),
                service_name: f.service.as_deref().and_then(service_name),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> MonthKey {
        MonthKey::parse(text).unwrap_or(MonthKey { year: 0, month: 1 })
    }

    #[test]
    fn gaps_count_from_the_window_edges() {
        let (first, last) = (m("2024-01"), m("2026-12"));
        assert_eq!(longest_gap(&[m("2024-01")], first, last), 35);
        assert_eq!(
            longest_gap(&[m("2024-01"), m("2025-01"), m("2026-01")], first, last),
            12
        );
        assert_eq!(longest_gap(&[], m("2026-01"), m("2026-12")), 12);
        assert_eq!(longest_gap(&[m("2026-06")], m("2026-01"), m("2026-12")), 6);
        // Records outside the window do not close a gap inside it.
        assert_eq!(longest_gap(&[m("2023-06")], m("2026-01"), m("2026-03")), 3);
    }
}
