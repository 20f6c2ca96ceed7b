//! The one per-record evaluation `check` and `observe` share: every check of the record's
//! kind run on it, with the clauses the record adds to each, and the clauses it is evidence
//! for in both editions (through the crosswalk for the clauses it adds).

use super::Core;
use crate::catalog::{Edition, Phase};
use crate::record::Record;
use crate::rules::compiled::{ClausePos, CompiledCheck, CompiledPack, Outcome, evidence_applies};
use crate::rules::logic::Cx;
use crate::rules::pack::Aspect;
use crate::util::per_edition::PerEdition;

/// Clause positions a record is evidence for, with the phase, per edition (unsorted, repeats
/// allowed: the consumer sorts or stamps them).
pub(crate) type Hits = PerEdition<Vec<(ClausePos, Phase)>>;

/// One check run on one record.
pub(super) struct Judgement<'a> {
    pub ci: usize,
    pub check: &'a CompiledCheck,
    pub outcome: Outcome,
    /// A window check (about the whole period: a failure is not a finding on this record).
    pub is_window: bool,
    /// The 2018 positions the record adds to the check (`clausesFrom`), in the order read.
    /// Read only when they can count: the check passed, or a record check failed.
    pub added: &'a [ClausePos],
}

impl<'a> Judgement<'a> {
    /// What this judgement makes the record evidence for, beside the check's own clauses: the
    /// clauses the record adds, or `None` when it is no evidence through this check. One rule
    /// for the live check and the report, so that a ticket panel never shows a clause evidenced
    /// that the report does not count:
    /// - a record check that passed or failed: the process ran, well or badly, so the record is
    ///   evidence, with the clauses it adds. Not for a performance check (a target met or
    ///   missed is a figure about the service, not evidence that the process ran);
    /// - a window check the record passed: its own clauses only. The clauses it reads (an audit
    ///   programme's covered processes, say) are what the window covers, not what the record
    ///   shows was done; a record check such as `AUD-COVERS` counts those;
    /// - anything else (failed window, not applicable, undetermined, stopped by a limit): no.
    #[inline]
    pub(super) fn evidence(&self) -> Option<&'a [ClausePos]> {
        match (self.outcome, self.is_window) {
            (Outcome::Pass | Outcome::Fail, false) => {
                (self.check.def.aspect == Aspect::Conformity).then_some(self.added)
            }
            (Outcome::Pass, true) => Some(&[]),
            _ => None,
        }
    }
}

impl Core {
    /// Runs the record checks, then the window checks, of the record's kind and hands each
    /// [`Judgement`] to `each`. `added` is the buffer the added clauses are read into.
    pub(super) fn judge_each<'r>(
        &'r self,
        record: &'r Record<'r>,
        cx: &Cx<'r>,
        added: &mut Vec<ClausePos>,
        mut each: impl FnMut(Judgement<'_>),
    ) {
        let kind = record.kind.index();
        let pack = &self.pack;
        // Two plain slices rather than a chain of optional lists: this runs for every check of
        // every record.
        let of_kind = |lists: &'r [Vec<usize>]| lists.get(kind).map_or(&[][..], Vec::as_slice);
        for (checks, is_window) in [
            (of_kind(&pack.record_checks), false),
            (of_kind(&pack.window_checks), true),
        ] {
            for &ci in checks {
                let Some(check) = pack.checks.get(ci) else {
                    continue;
                };
                let outcome = pack.outcome(check, cx);
                let counts = outcome == Outcome::Pass || (outcome == Outcome::Fail && !is_window);
                let added: &[ClausePos] = match &check.clauses_from {
                    Some(from) if counts => {
                        added.clear();
                        CompiledPack::dynamic_clauses(from, cx, self.catalog, added);
                        added
                    }
                    _ => &[],
                };
                each(Judgement {
                    ci,
                    check,
                    outcome,
                    is_window,
                    added,
                });
            }
        }
    }

    /// Adds clauses at `phase` to `hits`: the rule's own per edition, and the 2018 positions a
    /// record `added` with their 2011 counterparts through the crosswalk. Runs for every check
    /// judged on every record: slices extend in one go, the rare added clauses one by one.
    #[inline(always)]
    pub(super) fn add_hits(
        &self,
        hits: &mut Hits,
        own: &PerEdition<Vec<ClausePos>>,
        added: &[ClausePos],
        phase: Phase,
    ) {
        hits.e2018.extend(own.e2018.iter().map(|p| (*p, phase)));
        hits.e2011.extend(own.e2011.iter().map(|p| (*p, phase)));
        for p in added {
            hits.e2018.push((*p, phase));
            let counterparts = self.added_in(Edition::E2011, p);
            hits.e2011.extend(counterparts.iter().map(|q| (*q, phase)));
        }
    }

    /// Where a 2018 position a record added counts in `edition`: itself in 2018, its
    /// counterparts through the crosswalk in 2011.
    pub(crate) fn added_in<'a>(&'a self, edition: Edition, p: &'a ClausePos) -> &'a [ClausePos] {
        match edition {
            Edition::E2018 => std::slice::from_ref(p),
            Edition::E2011 => self.to2011.get(usize::from(*p)).map_or(&[], Vec::as_slice),
        }
    }

    /// The 2011 positions 2018 positions count for as evidence, in order (see
    /// `tables::evidence_to_2011`).
    pub(super) fn crosswalk<'a>(
        &'a self,
        positions: &'a [ClausePos],
    ) -> impl Iterator<Item = ClausePos> + 'a {
        positions
            .iter()
            .flat_map(|p| self.added_in(Edition::E2011, p))
            .copied()
    }

    /// The clauses a record is evidence for through the pack's evidence rules, into `hits`
    /// (`scratch` is the buffer the clauses a record adds are read into).
    pub(crate) fn map_evidence<'r>(
        &'r self,
        record: &'r Record<'r>,
        cx: &Cx<'r>,
        hits: &mut Hits,
        scratch: &mut Vec<ClausePos>,
    ) {
        for &ei in self
            .pack
            .evidence_by_kind
            .get(record.kind.index())
            .into_iter()
            .flatten()
        {
            let Some(rule) = self.pack.evidence.get(ei) else {
                continue;
            };
            if !evidence_applies(rule, cx) {
                continue;
            }
            scratch.clear();
            if let Some(from) = &rule.clauses_from {
                CompiledPack::dynamic_clauses(from, cx, self.catalog, scratch);
            }
            self.add_hits(hits, &rule.clauses, scratch, rule.phase);
        }
    }
}
