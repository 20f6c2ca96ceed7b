//! From merged tallies to the report: window checks decided, clauses and processes rated.

use std::collections::BTreeMap;

use super::*;
use crate::catalog::Phase;
use crate::engine::{Engine, Run};
use crate::pdca::{FindingRef, Partial, Tally, rate, stage_of};
use crate::rules::compiled::{ClausePos, CompiledPack};
use crate::rules::pack::Scope;

/// Passed/failed of one check as counted for one clause.
type CheckCounts = BTreeMap<usize, (u64, u64)>;

/// Decides window checks: a window passes when enough records satisfied the check.
fn effective_tallies(pack: &CompiledPack, p: &Partial) -> Vec<Tally> {
    let failing = |sev: &Severity| {
        pack.checks
            .iter()
            .zip(&p.checks)
            .any(|(c, t)| c.def.scope == Scope::Record && c.def.severity == *sev && t.failed > 0)
    };
    pack.checks
        .iter()
        .zip(&p.checks)
        .zip(&p.window)
        .map(|((check, tally), &count)| {
            if check.def.scope == Scope::Record {
                return tally.clone();
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
            if !applies {
                t.not_applicable = 1;
            } else if count >= u64::from(check.def.at_least.unwrap_or(1)) {
                t.passed = 1;
            } else {
                t.failed = 1;
            }
            t
        })
        .collect()
}

fn score(counts: &CheckCounts) -> (Option<f64>, u64, u64, u32) {
    let mut sum = 0.0;
    let mut n = 0u32;
    let (mut passed, mut failed) = (0, 0);
    for (p, f) in counts.values() {
        if p + f == 0 {
            continue;
        }
        sum += *p as f64 / (*p + *f) as f64;
        n += 1;
        passed += p;
        failed += f;
    }
    let score = (n > 0).then(|| round1(100.0 * sum / f64::from(n)));
    (score, passed, failed, n)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub fn build_report(engine: &Engine, run: &Run, p: &Partial) -> Report {
    let core = engine.core();
    let pack = &core.pack;
    let catalog = core.catalog;
    let lang = run.lang;
    let edition = run.edition;
    let cat = catalog.edition(edition);
    let tallies = effective_tallies(pack, p);
    let ups = match edition {
        Edition::E2018 => &core.up2018,
        Edition::E2011 => &core.up2011,
    };

    // (clause position, phase) → counts per check; static attachments first.
    let mut cells: Vec<[CheckCounts; 4]> =
        (0..cat.clauses.len()).map(|_| Default::default()).collect();
    let mut statically: Vec<[Vec<usize>; 4]> =
        (0..cat.clauses.len()).map(|_| Default::default()).collect();
    for (ci, (check, tally)) in pack.checks.iter().zip(&tallies).enumerate() {
        let slot = check.def.phase.index();
        let list = match edition {
            Edition::E2018 => &check.clauses2018,
            Edition::E2011 => &check.clauses2011,
        };
        for q in list {
            for a in ups.get(usize::from(*q)).into_iter().flatten() {
                if let Some(cell) = cells.get_mut(usize::from(*a)).and_then(|c| c.get_mut(slot)) {
                    cell.insert(ci, (tally.passed, tally.failed));
                }
                if let Some(s) = statically
                    .get_mut(usize::from(*a))
                    .and_then(|c| c.get_mut(slot))
                {
                    s.push(ci);
                }
            }
        }
    }
    for dc in &p.dynamic {
        let ci = dc.check as usize;
        let Some(check) = pack.checks.get(ci) else {
            continue;
        };
        let slot = check.def.phase.index();
        let targets: Vec<ClausePos> = match edition {
            Edition::E2018 => vec![dc.clause],
            Edition::E2011 => core
                .to2011
                .get(usize::from(dc.clause))
                .cloned()
                .unwrap_or_default(),
        };
        let mut seen = Vec::new();
        for t in targets {
            for a in ups.get(usize::from(t)).into_iter().flatten() {
                if seen.contains(a) {
                    continue;
                }
                seen.push(*a);
                let is_static = statically
                    .get(usize::from(*a))
                    .and_then(|c| c.get(slot))
                    .is_some_and(|s| s.contains(&ci));
                if is_static {
                    continue;
                }
                if let Some(cell) = cells.get_mut(usize::from(*a)).and_then(|c| c.get_mut(slot)) {
                    let e = cell.entry(ci).or_insert((0, 0));
                    e.0 += dc.passed;
                    e.1 += dc.failed;
                }
            }
        }
    }

    let evidence = match edition {
        Edition::E2018 => &p.evidence2018,
        Edition::E2011 => &p.evidence2011,
    };
    let phase_cell = |counts: &CheckCounts, evidence: u64| -> PhaseCell {
        let (score, passed, failed, n) = score(counts);
        let mut worst: Vec<WorstCheck> = counts
            .iter()
            .filter(|(_, (_, f))| *f > 0)
            .filter_map(|(ci, (pa, f))| {
                let check = pack.checks.get(*ci)?;
                let examples = tallies
                    .get(*ci)
                    .map(|t| t.examples.clone())
                    .unwrap_or_default();
                Some(WorstCheck {
                    check: check.def.id.clone(),
                    severity: check.def.severity,
                    failed: *f,
                    pass_rate: round1(100.0 * *pa as f64 / (*pa + *f) as f64),
                    examples: if check.def.scope == Scope::Window {
                        Vec::new()
                    } else {
                        examples
                    },
                })
            })
            .collect();
        worst.sort_by(|a, b| {
            (
                a.severity,
                a.pass_rate,
                std::cmp::Reverse(a.failed),
                &a.check,
            )
                .partial_cmp(&(
                    b.severity,
                    b.pass_rate,
                    std::cmp::Reverse(b.failed),
                    &b.check,
                ))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        worst.truncate(3);
        PhaseCell {
            rating: rate(score, &pack.thresholds),
            score,
            passed,
            failed,
            evidence,
            checks: n,
            worst,
        }
    };
    let phases_of = |counts: &[CheckCounts; 4], ev: [u64; 4]| Phases {
        plan: phase_cell(&counts[0], ev[0]),
        do_: phase_cell(&counts[1], ev[1]),
        check: phase_cell(&counts[2], ev[2]),
        act: phase_cell(&counts[3], ev[3]),
    };

    let mut clauses = Vec::new();
    for (pos, clause) in cat.clauses.iter().enumerate() {
        if !clause.requirement {
            continue;
        }
        let (Some(counts), Some(ev)) = (cells.get(pos), evidence.get(pos)) else {
            continue;
        };
        let phases = phases_of(counts, *ev);
        let ratings = phases.ratings();
        clauses.push(ClauseRow {
            id: clause.id.clone(),
            edition,
            title: clause.title.get(lang).to_string(),
            depth: clause.depth,
            parent: clause.parent.clone(),
            role: clause.phase,
            stage: stage_of(ratings),
            cycle_complete: ratings.iter().all(|r| r.reached()),
            phases,
        });
    }

    let mut processes = Vec::new();
    for process in &catalog.processes {
        let ids = match edition {
            Edition::E2018 => &process.clauses2018,
            Edition::E2011 => &process.clauses2011,
        };
        let mut merged: [CheckCounts; 4] = Default::default();
        let mut ev = [0u64; 4];
        for id in ids {
            let Some(pos) = cat.position(id) else {
                continue;
            };
            if let Some(counts) = cells.get(pos) {
                for (slot, m) in merged.iter_mut().enumerate() {
                    for (ci, c) in counts.get(slot).into_iter().flatten() {
                        m.entry(*ci).or_insert(*c);
                    }
                }
            }
            if let Some(e) = evidence.get(pos) {
                for (a, b) in ev.iter_mut().zip(e) {
                    // Distinct records are counted per clause; the process shows its best-evidenced one.
                    *a = (*a).max(*b);
                }
            }
        }
        let phases = phases_of(&merged, ev);
        let ratings = phases.ratings();
        processes.push(ProcessRow {
            id: process.id.clone(),
            name: process.name.get(lang).to_string(),
            clauses: ids.clone(),
            stage: stage_of(ratings),
            cycle_complete: ratings.iter().all(|r| r.reached()),
            phases,
        });
    }

    let ids = |edition: Edition, list: &[ClausePos]| -> Vec<String> {
        let cat = catalog.edition(edition);
        list.iter()
            .filter_map(|q| cat.clauses.get(usize::from(*q)))
            .map(|c| c.id.clone())
            .collect()
    };
    let mut failures_by_severity: BTreeMap<Severity, u64> = BTreeMap::new();
    let checks: Vec<CheckRow> = pack
        .checks
        .iter()
        .zip(&tallies)
        .map(|(check, t)| {
            if t.failed > 0 {
                *failures_by_severity.entry(check.def.severity).or_default() += t.failed;
            }
            let applicable = t.applicable();
            CheckRow {
                id: check.def.id.clone(),
                title: check.def.title.get(lang).to_string(),
                phase: check.def.phase,
                severity: check.def.severity,
                severity_label: check.def.severity.label().get(lang).to_string(),
                scope: match check.def.scope {
                    Scope::Record => "record".into(),
                    Scope::Window => "window".into(),
                },
                kinds: check.def.kinds.clone(),
                clauses2018: ids(Edition::E2018, &check.clauses2018),
                clauses2011: ids(Edition::E2011, &check.clauses2011),
                applicable,
                passed: t.passed,
                failed: t.failed,
                not_applicable: t.not_applicable,
                pass_rate: (applicable > 0)
                    .then(|| round1(100.0 * t.passed as f64 / applicable as f64)),
                examples: t.examples.clone(),
                message: check.def.message.get(lang).to_string(),
                hint: check.def.hint.get(lang).to_string(),
            }
        })
        .collect();

    let months = p
        .months
        .iter()
        .map(|(key, m)| {
            let mut per_phase: [CheckCounts; 4] = Default::default();
            let (mut passed, mut failed) = (0, 0);
            for (ci, cell) in m.checks.iter().enumerate() {
                let Some(check) = pack.checks.get(ci) else {
                    continue;
                };
                if let Some(slot) = per_phase.get_mut(check.def.phase.index()) {
                    slot.insert(ci, (cell[0], cell[1]));
                }
                passed += cell[0];
                failed += cell[1];
            }
            let cell = |counts: &CheckCounts| {
                let (score, passed, failed, _) = score(counts);
                MonthCell {
                    rating: rate(score, &pack.thresholds),
                    score,
                    passed,
                    failed,
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
        .collect();

    let summary = Summary {
        failures_by_severity,
        clauses_cycle_complete: clauses
            .iter()
            .filter(|c| c.depth >= 2 && c.cycle_complete)
            .count() as u32,
        clauses_with_evidence: clauses
            .iter()
            .filter(|c| c.depth >= 2 && Phase::ALL.iter().any(|ph| c.phases.get(*ph).checks > 0))
            .count() as u32,
        processes_cycle_complete: processes.iter().filter(|p| p.cycle_complete).count() as u32,
    };

    Report {
        schema_version: REPORT_SCHEMA_VERSION,
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
        thresholds: pack.thresholds,
        records: RecordCounts {
            input: p.records_in,
            evaluated: p.evaluated,
            rejected: p.rejected_total,
            joined: p.joined,
            in_window: p.in_window,
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
            let mut warnings = p.warnings.clone();
            crate::i18n::localize_warnings(lang, &mut warnings);
            warnings
        },
        warnings_total: p.warnings_total,
        clauses,
        processes,
        checks,
        months,
        summary,
        findings: run.findings.then(|| finding_rows(pack, p)),
    }
}

/// The partial's findings in a stable order, whatever order chunks and workers merged in.
fn finding_rows(pack: &CompiledPack, p: &Partial) -> Vec<FindingRow> {
    let mut refs: Vec<&FindingRef> = p.findings.iter().collect();
    refs.sort_unstable();
    refs.dedup();
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
            })
        })
        .collect()
}
