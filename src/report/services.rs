//! PDCA per service: ISO/IEC 20000-1 asks for the cycle on the management system and on each
//! service. Records are grouped by the service they concern; each service's checks are rated
//! with the same rules as the whole SMS, and services outside the SMS scope are marked.

use super::cells::{CheckCounts, Rater, phases_reached};
use super::{ProcessRow, ScopeInfo, ServiceClauseRow, ServiceRow};
use crate::catalog::Process;
use crate::engine::{Core, Run};
use crate::pdca::{Partial, ServiceTally, stage_of};
use crate::rules::compiled::ClausePos;
use crate::util::vec_map::VecMap;

/// Whether a service (by name, with its tally) is inside the SMS scope.
type InScope = Box<dyn Fn(&str, &ServiceTally) -> bool>;

/// Which services are in the SMS scope, and where that was read.
fn scope(run: &Run, p: &Partial) -> (ScopeInfo, InScope) {
    if let Some(list) = &run.context.scope {
        let names: Vec<String> = list.iter().map(|s| s.trim().to_lowercase()).collect();
        return (
            ScopeInfo {
                source: "context".into(),
                services: list.clone(),
            },
            Box::new(move |name, _| names.contains(&name.trim().to_lowercase())),
        );
    }
    if p.services.values().any(|s| s.in_scope.is_some()) {
        let services = p
            .services
            .iter()
            .filter(|(_, s)| s.in_scope == Some(true))
            .map(|(n, _)| n.clone())
            .collect();
        return (
            ScopeInfo {
                source: "services".into(),
                services,
            },
            Box::new(|_, s| s.in_scope == Some(true)),
        );
    }
    (
        ScopeInfo {
            source: "none".into(),
            services: Vec::new(),
        },
        Box::new(|_, _| true),
    )
}

/// The service rows, the scope they were marked against, and the records outside it.
pub(super) fn service_rows(
    core: &Core,
    run: &Run,
    p: &Partial,
    rater: &Rater<'_>,
    processes: &[Process],
) -> (ScopeInfo, Vec<ServiceRow>, u64) {
    let (info, in_scope) = scope(run, p);
    let mut out_of_scope = 0;
    let mut rows = Vec::new();
    for (key, tally) in &joined_by_name(p, core.lists.examples) {
        let rater = &rater.for_service(&tally.examples);
        let name = tally.name.clone().unwrap_or_else(|| (*key).to_string());
        let inside = in_scope(&name, tally) || in_scope(key, tally);
        if !inside {
            out_of_scope += tally.records;
        }
        let cells = ServiceCells::of(core, run, tally);
        let phases = rater.phases(&cells.whole, sample(&cells.whole));
        rows.push(ServiceRow {
            id: (*key).to_string(),
            name,
            in_scope: inside,
            records: tally.records,
            stage: stage_of(phases.ratings()),
            cycle_complete: phases_reached(&phases) && !rater.has_major(&cells.whole),
            performance: rater.performance(&cells.whole),
            phases,
            processes: cells.process_rows(core, run, rater, processes),
            clauses: cells.clause_rows(core, run, rater),
        });
    }
    (info, rows, out_of_scope)
}

/// The services' tallies, records that name a service by its name joined to the service
/// record keyed by its id.
fn joined_by_name(p: &Partial, examples: usize) -> VecMap<&str, ServiceTally> {
    let mut tallies: VecMap<&str, ServiceTally> = VecMap::new();
    let by_name: VecMap<String, &str> = p
        .services
        .iter()
        .filter_map(|(key, t)| Some((t.name.as_ref()?.to_lowercase(), key.as_str())))
        .collect();
    for (key, tally) in &p.services {
        let target = match by_name.get(&key.to_lowercase()) {
            Some(id) if tally.name.is_none() => id,
            _ => key.as_str(),
        };
        tallies.update_or_default(target, |mine| mine.merge(tally, examples));
    }
    tallies
}

/// Without distinct-record stamps per service, a cell's sample is the most records any of its
/// checks judged (a lower bound on the distinct records).
fn sample(counts: &[CheckCounts; 4]) -> [u64; 4] {
    let mut ev = [0u64; 4];
    for (e, cell) in ev.iter_mut().zip(counts) {
        *e = cell.values().map(|(p, f)| p + f).max().unwrap_or(0);
    }
    ev
}

/// One service's check counts: per clause position and phase (the checks' own clauses,
/// ancestors included), for the whole service, and the clauses its checks name.
struct ServiceCells {
    cells: Vec<[CheckCounts; 4]>,
    whole: [CheckCounts; 4],
    named: Vec<ClausePos>,
}

impl ServiceCells {
    fn of(core: &Core, run: &Run, tally: &ServiceTally) -> ServiceCells {
        let edition = run.edition;
        let ups = core.up.get(edition);
        let mut cells: Vec<[CheckCounts; 4]> = (0..core.catalog.edition(edition).clauses.len())
            .map(|_| Default::default())
            .collect();
        let mut whole: [CheckCounts; 4] = Default::default();
        let mut named: Vec<ClausePos> = Vec::new();
        for (&ci, &[passed, failed]) in &tally.checks {
            let ci = ci as usize;
            let Some(check) = core.pack.checks.get(ci) else {
                continue;
            };
            let slot = check.phase.index();
            if let Some(cell) = whole.get_mut(slot) {
                cell.insert(ci, (passed, failed));
            }
            for q in check.clauses.get(edition) {
                if !named.contains(q) {
                    named.push(*q);
                }
                for a in ups.get(usize::from(*q)).into_iter().flatten() {
                    if let Some(cell) = cells.get_mut(usize::from(*a)).and_then(|c| c.get_mut(slot))
                    {
                        cell.insert(ci, (passed, failed));
                    }
                }
            }
        }
        crate::util::sort::sort(&mut named);
        ServiceCells {
            cells,
            whole,
            named,
        }
    }

    /// The processes the service's checks reach, rated on the service's counts.
    fn process_rows(
        &self,
        core: &Core,
        run: &Run,
        rater: &Rater<'_>,
        processes: &[Process],
    ) -> Vec<ProcessRow> {
        let cat = core.catalog.edition(run.edition);
        let mut rows = Vec::new();
        for process in processes {
            let ids = super::cells::process_clauses(process, run.edition);
            let mut merged: [CheckCounts; 4] = Default::default();
            for pos in ids.iter().filter_map(|id| cat.position(id)) {
                for (m, c) in merged
                    .iter_mut()
                    .zip(self.cells.get(pos).into_iter().flatten())
                {
                    for (ci, counts) in c {
                        m.insert_if_absent(*ci, *counts);
                    }
                }
            }
            if merged.iter().all(|m| m.is_empty()) {
                continue;
            }
            let phases = rater.phases(&merged, sample(&merged));
            rows.push(ProcessRow {
                id: process.id.clone(),
                name: process.name.get(run.lang).to_string(),
                clauses: ids.clone(),
                stage: stage_of(phases.ratings()),
                cycle_complete: phases_reached(&phases) && !rater.has_major(&merged),
                missing: rater.missing(&phases, &Default::default(), &ids.join(", ")),
                findings: rater.open_findings(&merged),
                performance: rater.performance(&merged),
                phases,
            });
        }
        rows
    }

    /// The clauses the service's checks name, in document order.
    fn clause_rows(&self, core: &Core, run: &Run, rater: &Rater<'_>) -> Vec<ServiceClauseRow> {
        let cat = core.catalog.edition(run.edition);
        self.named
            .iter()
            .filter_map(|q| {
                let clause = cat.clauses.get(usize::from(*q))?;
                let counts = self.cells.get(usize::from(*q))?;
                let phases = rater.phases(counts, sample(counts));
                Some(ServiceClauseRow {
                    id: clause.id.clone(),
                    title: clause.title.get(run.lang).to_string(),
                    stage: stage_of(phases.ratings()),
                    phases,
                })
            })
            .collect()
    }
}
