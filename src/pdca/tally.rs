//! The counts an evaluation keeps per check, per month and per service (merged by addition).

use serde::{Deserialize, Serialize};

use super::{Example, keep_example, keep_examples};
use crate::util::vec_map::VecMap;

/// Outcome counts of one check.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
    /// Not applicable, including `undetermined`.
    pub not_applicable: u64,
    /// Of `not_applicable`: the check concerned the record but a field it needs was missing
    /// or unreadable.
    #[serde(default)]
    pub undetermined: u64,
    /// Stopped by the condition's step budget (not judged, and not "not applicable").
    #[serde(default)]
    pub limited: u64,
    /// Failing records (record checks) or counted records (window checks), smallest ids first.
    pub examples: Vec<Example>,
}

impl Tally {
    pub fn applicable(&self) -> u64 {
        self.passed + self.failed
    }

    pub(super) fn merge(&mut self, other: &Tally, limit: usize) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.not_applicable += other.not_applicable;
        self.undetermined += other.undetermined;
        self.limited += other.limited;
        keep_examples(&mut self.examples, limit, &other.examples);
    }
}

/// Per-month counts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MonthTally {
    pub records: u64,
    /// [passed, failed] per check index.
    pub checks: Vec<[u64; 2]>,
}

/// What one service's records did: how many, and each check's passed/failed among them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceTally {
    pub records: u64,
    /// Check index → [passed, failed] (record checks only; window checks judge the SMS).
    pub checks: VecMap<u32, [u64; 2]>,
    /// Service records that mark this service as inside (true) or outside (false) the SMS scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_scope: Option<bool>,
    /// The service's name, from its service record (the key is the record's id, which is what
    /// other records' references hold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Check index → this service's failing records shown as examples (the smallest ids, as a
    /// check's own `examples`). A service's cells list its worst checks with examples: the
    /// check's examples across the whole export were mostly other services' records.
    #[serde(default, skip_serializing_if = "VecMap::is_empty")]
    pub examples: VecMap<u32, Vec<Example>>,
    /// [passed, failed] per check index counted during a push, added to `checks` when the push
    /// ends ([`Partial::settle_services`]): a cell by index per judged check and record, rather
    /// than a map look-up. Empty outside a push, and never serialised.
    #[serde(skip)]
    pub pending: Vec<[u64; 2]>,
    /// The examples kept during a push, by check index (as `pending`), added to `examples` when
    /// the push ends: a list by index per failed check, rather than a map look-up.
    #[serde(skip)]
    pub pending_examples: Vec<Vec<Example>>,
}

impl ServiceTally {
    /// Counts one judged check of a record in `pending` (`checks`: how many checks the pack has).
    pub fn count_pending(&mut self, checks: usize, ci: usize, passed: bool) {
        if self.pending.len() < checks {
            self.pending.resize(checks, [0, 0]);
        }
        if let Some(n) = self
            .pending
            .get_mut(ci)
            .and_then(|cell| cell.get_mut(usize::from(!passed)))
        {
            *n += 1;
        }
    }

    /// Adds `pending` to `checks`: an entry for each check judged at least once, as counting
    /// into `checks` directly would have made.
    pub(super) fn settle(&mut self, limit: usize) {
        // Emptied as `pending` is, so that a service with nothing new is not visited again at
        // the next push's end (its lists by check stayed allocated, 85 visits a push).
        for (ci, list) in self.pending_examples.drain(..).enumerate() {
            if list.is_empty() {
                continue;
            }
            let key = u32::try_from(ci).unwrap_or(u32::MAX);
            self.examples
                .update_or_default(key, |kept| keep_examples(kept, limit, &list));
        }
        for (ci, [p, f]) in self.pending.iter().enumerate() {
            if *p == 0 && *f == 0 {
                continue;
            }
            self.checks
                .update_or_default(u32::try_from(ci).unwrap_or(u32::MAX), |cell| {
                    cell[0] = cell[0].saturating_add(*p);
                    cell[1] = cell[1].saturating_add(*f);
                });
        }
        self.pending.clear();
    }

    /// Keeps `make()` as an example of check `ci` failing in this service during a push, among
    /// the `limit` smallest ids (`checks`: how many checks the pack has).
    pub fn keep_pending_example(
        &mut self,
        checks: usize,
        ci: usize,
        limit: usize,
        id: &str,
        make: impl FnOnce() -> Example,
    ) {
        if self.pending_examples.len() < checks {
            self.pending_examples.resize_with(checks, Vec::new);
        }
        if let Some(list) = self.pending_examples.get_mut(ci) {
            keep_example(list, limit, id, make);
        }
    }

    /// Adds `other`'s counts, keeping the `limit` smallest examples of each check.
    pub fn merge(&mut self, other: &ServiceTally, limit: usize) {
        self.records = self.records.saturating_add(other.records);
        for (ci, [p, f]) in &other.checks {
            self.checks.update_or_default(*ci, |cell| {
                cell[0] = cell[0].saturating_add(*p);
                cell[1] = cell[1].saturating_add(*f);
            });
        }
        for (ci, list) in &other.examples {
            self.examples
                .update_or_default(*ci, |mine| keep_examples(mine, limit, list));
        }
        if self.name.is_none() {
            self.name.clone_from(&other.name);
        }
        // A record that says "in scope" wins over one that says "out" (the scope is the union).
        self.in_scope = match (self.in_scope, other.in_scope) {
            (Some(a), Some(b)) => Some(a || b),
            (a, b) => a.or(b),
        };
    }
}
