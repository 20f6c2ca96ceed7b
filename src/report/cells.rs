//! From check counts to rated cells, the way an auditor weighs them.
//!
//! - Each check's failures become one clause-level finding at the check's severity; a minor
//!   check whose failing records reach the systemic share and count becomes a major one.
//! - A cell scores the mean of its conformity checks' pass rates, each weighted by the severity
//!   of its finding (or of the check, when nothing failed), and is rated on the unrounded score.
//! - An open major finding holds the cell at P at most, an open minor one at L.
//! - Performance checks (targets met) never enter a rating: they are reported as figures.

use super::labels::missing_text;
use super::{Missing, Performance, PerformanceCheck, PhaseCell, Phases, WorstCheck};
use crate::catalog::{Edition, Lang, Phase};
use crate::pdca::{Example, Rating, Tally, rate};
use crate::record::Kind;
use crate::rules::compiled::{CompiledPack, severity_rank};
use crate::rules::pack::{Aspect, CheckDef, RatingPolicy, Scope, Severity, Thresholds};
use crate::util::vec_map::VecMap;

/// Passed/failed of each check (by index) as counted for one cell.
pub(super) type CheckCounts = VecMap<usize, (u64, u64)>;

/// The clause-level finding of a check that failed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct FindingLevel {
    pub severity: Severity,
    pub systemic: bool,
}

/// Decides a check's clause-level finding from its whole tally.
pub(super) fn finding_level(
    def: &CheckDef,
    tally: &Tally,
    policy: &RatingPolicy,
) -> Option<FindingLevel> {
    if tally.failed == 0 || def.aspect == Aspect::Performance {
        return None;
    }
    if def.scope == Scope::Window {
        // A window check already judges the whole window: there is nothing to aggregate.
        return Some(FindingLevel {
            severity: def.severity,
            systemic: false,
        });
    }
    let s = def.systemic.unwrap_or(policy.systemic);
    let systemic =
        tally.failed >= s.count && tally.failed as f64 >= s.share * tally.applicable() as f64;
    let severity = if systemic && def.severity == Severity::MinorNonconformity {
        Severity::MajorNonconformity
    } else {
        def.severity
    };
    Some(FindingLevel { severity, systemic })
}

/// The most a rating can be while a finding of this severity is open.
fn cap_of(severity: Severity) -> Option<Rating> {
    match severity {
        Severity::MajorNonconformity => Some(Rating::P),
        Severity::MinorNonconformity => Some(Rating::L),
        _ => None,
    }
}

pub(super) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Rates cells, phases and cycles for one report.
pub(super) struct Rater<'a> {
    pub pack: &'a CompiledPack,
    /// The engine's N/P/L/F thresholds.
    pub thresholds: &'a Thresholds,
    pub tallies: &'a [Tally],
    /// Per check: its clause-level finding, if it failed.
    pub findings: &'a [Option<FindingLevel>],
    pub lang: Lang,
    /// The examples of the records the counts are about, by check index, when they are not
    /// the whole export's (a service's cells): `None` takes each check's own.
    pub examples: Option<&'a VecMap<u32, Vec<Example>>>,
}

impl<'a> Rater<'a> {
    /// The same rater for one service's cells: its worst checks show that service's failing
    /// records.
    pub fn for_service(&self, examples: &'a VecMap<u32, Vec<Example>>) -> Rater<'a> {
        Rater {
            examples: Some(examples),
            ..*self
        }
    }
}

impl Rater<'_> {
    fn def(&self, ci: usize) -> Option<&CheckDef> {
        self.pack.checks.get(ci).map(|c| &c.def)
    }

    fn is_conformity(&self, ci: usize) -> bool {
        self.def(ci).is_some_and(|d| d.aspect == Aspect::Conformity)
    }

    /// The severity a failing check weighs and caps with in a cell.
    fn finding_severity(&self, ci: usize) -> Option<Severity> {
        self.findings.get(ci).copied().flatten().map(|f| f.severity)
    }

    pub fn cell(&self, counts: &CheckCounts, evidence: u64) -> PhaseCell {
        let policy = &self.pack.rating;
        let (mut weighted, mut weights, mut plain) = (0.0, 0.0, 0.0);
        let (mut n, mut passed, mut failed) = (0u32, 0, 0);
        let mut cap: Option<Severity> = None;
        for (&ci, &(p, f)) in counts {
            let Some(def) = self.def(ci) else { continue };
            if p + f == 0 || def.aspect == Aspect::Performance {
                continue;
            }
            let rate = p as f64 / (p + f) as f64;
            let severity = match (f > 0, self.finding_severity(ci)) {
                (true, Some(s)) => s,
                _ => def.severity,
            };
            let w = policy.weights.of(severity);
            weighted += w * rate;
            weights += w;
            plain += rate;
            n += 1;
            passed += p;
            failed += f;
            if f > 0 && cap_of(severity).is_some() && cap.is_none_or(|c| severity < c) {
                cap = Some(severity);
            }
        }
        let score = (n > 0).then(|| {
            if weights > 0.0 {
                100.0 * weighted / weights
            } else {
                100.0 * plain / f64::from(n)
            }
        });
        let mut rating = rate(score, self.thresholds);
        let mut capped_by = None;
        if let Some(s) = cap
            && let Some(most) = cap_of(s)
            && rating > most
        {
            rating = most;
            capped_by = Some(s);
        }
        PhaseCell {
            rating,
            score: score.map(round1),
            passed,
            failed,
            evidence,
            low_evidence: n > 0 && evidence < policy.min_evidence,
            checks: n,
            capped_by,
            worst: self.worst(counts),
        }
    }

    /// The three checks failing most in a cell: most severe finding, lowest pass rate first.
    fn worst(&self, counts: &CheckCounts) -> Vec<WorstCheck> {
        let mut worst: Vec<WorstCheck> = counts
            .iter()
            .filter(|(ci, (_, f))| *f > 0 && self.is_conformity(**ci))
            .filter_map(|(ci, (pa, f))| {
                let def = self.def(*ci)?;
                Some(WorstCheck {
                    check: def.id.clone(),
                    severity: self.finding_severity(*ci).unwrap_or(def.severity),
                    failed: *f,
                    pass_rate: round1(100.0 * *pa as f64 / (*pa + *f) as f64),
                    examples: match (def.scope, self.examples) {
                        (Scope::Window, _) => Vec::new(),
                        (Scope::Record, Some(own)) => u32::try_from(*ci)
                            .ok()
                            .and_then(|key| own.get(&key))
                            .cloned()
                            .unwrap_or_default(),
                        (Scope::Record, None) => self
                            .tallies
                            .get(*ci)
                            .map(|t| t.examples.clone())
                            .unwrap_or_default(),
                    },
                })
            })
            .collect();
        crate::util::sort::sort_by(&mut worst, |a, b| {
            (
                severity_rank(a.severity),
                a.pass_rate,
                std::cmp::Reverse(a.failed),
            )
                .partial_cmp(&(
                    severity_rank(b.severity),
                    b.pass_rate,
                    std::cmp::Reverse(b.failed),
                ))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| a.check.cmp(&b.check))
        });
        worst.truncate(3);
        worst
    }

    pub fn phases(&self, counts: &[CheckCounts; 4], ev: [u64; 4]) -> Phases {
        Phases {
            plan: self.cell(&counts[0], ev[0]),
            do_: self.cell(&counts[1], ev[1]),
            check: self.cell(&counts[2], ev[2]),
            act: self.cell(&counts[3], ev[3]),
        }
    }

    /// Checks with an open conformity finding among these counts, most severe first.
    pub fn open_findings(&self, counts: &[CheckCounts; 4]) -> Vec<String> {
        let mut open: Vec<(u8, std::cmp::Reverse<u64>, usize)> = Vec::new();
        for cell in counts {
            for (&ci, &(_, f)) in cell {
                if f == 0 || !self.is_conformity(ci) || open.iter().any(|(_, _, c)| *c == ci) {
                    continue;
                }
                let Some(s) = self.finding_severity(ci) else {
                    continue;
                };
                let total = self.tallies.get(ci).map_or(f, |t| t.failed);
                open.push((severity_rank(s), std::cmp::Reverse(total), ci));
            }
        }
        crate::util::sort::sort(&mut open);
        open.into_iter()
            .filter_map(|(_, _, ci)| self.def(ci).map(|d| d.id.clone()))
            .collect()
    }

    /// An open major finding among these counts.
    pub fn has_major(&self, counts: &[CheckCounts; 4]) -> bool {
        counts.iter().flatten().any(|(&ci, &(_, f))| {
            f > 0
                && self.is_conformity(ci)
                && self.finding_severity(ci) == Some(Severity::MajorNonconformity)
        })
    }

    /// Targets met and missed among the performance checks of these counts.
    pub fn performance(&self, counts: &[CheckCounts; 4]) -> Option<Performance> {
        let mut by_check: VecMap<usize, (u64, u64)> = VecMap::new();
        for cell in counts {
            for (&ci, &(p, f)) in cell {
                if p + f > 0
                    && self
                        .def(ci)
                        .is_some_and(|d| d.aspect == Aspect::Performance)
                {
                    // The same check counts once, whichever phase cell carried it.
                    by_check.insert_if_absent(ci, (p, f));
                }
            }
        }
        if by_check.is_empty() {
            return None;
        }
        let (met, missed) = by_check
            .values()
            .fold((0, 0), |(a, b), (p, f)| (a + p, b + f));
        Some(Performance {
            met,
            missed,
            share: round1(100.0 * met as f64 / (met + missed).max(1) as f64),
            checks: by_check
                .iter()
                .filter_map(|(ci, (p, f))| {
                    Some(PerformanceCheck {
                        check: self.def(*ci)?.id.clone(),
                        met: *p,
                        missed: *f,
                    })
                })
                .collect(),
        })
    }

    /// Phases without evidence, and which checks and covering records would supply them.
    pub fn missing(
        &self,
        phases: &Phases,
        suppliers: &[Vec<usize>; 4],
        clause: &str,
    ) -> Vec<Missing> {
        Phase::ALL
            .iter()
            .filter(|ph| phases.get(**ph).rating == Rating::None)
            .map(|&phase| {
                let mut checks = Vec::new();
                let mut kinds: Vec<Kind> = Vec::new();
                for &ci in suppliers.get(phase.index()).into_iter().flatten() {
                    let Some(def) = self.def(ci) else { continue };
                    if def.aspect == Aspect::Performance || checks.contains(&def.id) {
                        continue;
                    }
                    checks.push(def.id.clone());
                    for k in &def.kinds {
                        if !kinds.contains(k) {
                            kinds.push(*k);
                        }
                    }
                }
                crate::util::sort::sort(&mut kinds);
                let covering = self.covering(phase, &kinds);
                Missing {
                    phase,
                    text: missing_text(phase, &kinds, &checks, &covering, clause, self.lang),
                    checks,
                    kinds,
                    covering,
                }
            })
            .collect()
    }

    /// Kinds whose records name the clauses they cover (`clausesFrom` over clause ids), so
    /// that any clause can get evidence in this phase from one of them.
    fn covering(&self, phase: Phase, except: &[Kind]) -> Vec<Kind> {
        let mut kinds: Vec<Kind> = Vec::new();
        for check in &self.pack.checks {
            if check.phase != phase || check.def.aspect == Aspect::Performance {
                continue;
            }
            let generic = check
                .clauses_from
                .as_ref()
                .is_some_and(|from| from.sources.iter().any(|s| s.map.is_none()));
            if !generic {
                continue;
            }
            for k in &check.def.kinds {
                if !kinds.contains(k) && !except.contains(k) {
                    kinds.push(*k);
                }
            }
        }
        crate::util::sort::sort(&mut kinds);
        kinds
    }
}

/// All four phases evidenced and rated L or F.
pub(super) fn phases_reached(phases: &Phases) -> bool {
    phases.ratings().iter().all(|r| r.reached())
}

/// The clause ids a process of the catalogue groups in `edition`.
pub(super) fn process_clauses(process: &crate::catalog::Process, edition: Edition) -> &Vec<String> {
    match edition {
        Edition::E2018 => &process.clauses2018,
        Edition::E2011 => &process.clauses2011,
    }
}
