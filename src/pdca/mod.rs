//! Plan-Do-Check-Act: the mergeable tallies of an evaluation and the N/P/L/F rating.
//!
//! Everything a report needs is kept as counts and bounded, sorted example lists, so partial
//! results from chunks or workers merge into exactly the state a single pass would reach: merging
//! is addition and "keep the smallest ids", both order-independent.

mod rating;
mod read;
mod tally;

use serde::{Deserialize, Serialize};

use crate::catalog::Edition;
use crate::error::{Error, ErrorCode, Result};
use crate::record::source::{GroupedCount, Rejection, Warning, merge_grouped};
use crate::record::{Kind, MonthKey};
use crate::util::per_edition::PerEdition;
use crate::util::vec_map::{VecMap, VecSet};

pub use rating::{Rating, Stage, rate, stage_of};
pub use tally::{MonthTally, ServiceTally, Tally};

/// A record shown as an example of a check's failures (or, for window checks, its evidence).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Example {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// A link back to the record in its tool, when the payload has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One failing (record, check) pair, kept only when the run lists every finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FindingRef {
    /// Ordered by record id first, so one record's findings sit together.
    pub record: Example,
    /// Index of the check in the compiled pack.
    pub check: u32,
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    /// The record's primary time (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// The assignment group, as the export gives it (to group the failing records by team).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The service the record concerns: the key per-service PDCA uses (a service's id, or the
    /// name a record gives), so that the report can show the service record's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The record's title when it has no human reference: configuration items, services and
    /// suppliers are known by their names, not by their 32-character keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Keeps the `limit` smallest examples by id.
pub fn keep_example(
    list: &mut Vec<Example>,
    limit: usize,
    id: &str,
    make: impl FnOnce() -> Example,
) {
    if list.len() >= limit && list.last().is_some_and(|last| last.id.as_str() <= id) {
        return;
    }
    if list.iter().any(|e| e.id == id) {
        return;
    }
    let example = make();
    let at = list.partition_point(|e| e.id.as_str() < id);
    list.insert(at, example);
    list.truncate(limit);
}

/// Keeps the `limit` smallest of `list` and `from` in `list` (merging two lists of examples).
pub fn keep_examples(list: &mut Vec<Example>, limit: usize, from: &[Example]) {
    for e in from {
        keep_example(list, limit, &e.id, || e.clone());
    }
}

/// How often one kind of rejection or warning happened, with its first occurrence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub count: u64,
    /// The first occurrence (smallest index): its element, path and message.
    pub index: u64,
    pub path: String,
    pub message: String,
}

/// Distinct reasons kept at most; further ones are counted under [`OTHER_REASONS`].
pub const MAX_REASONS: usize = 200;
pub const OTHER_REASONS: &str = "(other reasons)";

/// A message with its particulars (quoted values, numbers) blanked: the kind of problem it
/// reports, so that 74,754 unreadable dates are one reason counted 74,754 times.
pub fn reason_key(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' | '`' => {
                out.push(c);
                out.push('…');
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                }
                out.push(c);
            }
            '0'..='9' => {
                out.push('#');
                while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

fn count_reason(
    reasons: &mut VecMap<String, Reason>,
    key: String,
    count: u64,
    index: u64,
    path: &str,
    message: &str,
) {
    let key = if reasons.contains_key(&key) || reasons.len() < MAX_REASONS {
        key
    } else {
        OTHER_REASONS.to_string()
    };
    match reasons.get_mut(&key) {
        Some(r) => {
            r.count = r.count.saturating_add(count);
            if index < r.index {
                r.index = index;
                r.path = path.to_string();
                r.message = message.to_string();
            }
        }
        None => {
            reasons.insert(
                key,
                Reason {
                    count,
                    index,
                    path: path.to_string(),
                    message: message.to_string(),
                },
            );
        }
    }
}

/// Services tallied separately at most; the records of further services are grouped under
/// [`OTHER_SERVICES`] (a hostile export cannot grow the partial without bound).
pub const MAX_SERVICES: usize = 2000;
pub const OTHER_SERVICES: &str = "(other services)";

/// Passed/failed of a check for records that brought extra clauses (`clausesFrom`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DynamicCell {
    pub check: u32,
    /// 2018 clause position.
    pub clause: u16,
    pub passed: u64,
    pub failed: u64,
}

/// The mergeable state of an evaluation. Serialise it to move it between workers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Partial {
    pub format: u32,
    /// Pack and window this partial was computed with; only equal fingerprints merge.
    pub fingerprint: String,
    pub records_in: u64,
    pub evaluated: u64,
    pub rejected_total: u64,
    /// Evaluated elements whose content was joined into another record.
    pub joined: u64,
    pub in_window: u64,
    pub rejected: Vec<Rejection>,
    pub warnings_total: u64,
    pub warnings: Vec<Warning>,
    pub by_kind: VecMap<Kind, u64>,
    pub by_source: VecMap<String, u64>,
    pub checks: Vec<Tally>,
    /// Window checks: records that satisfied `require`.
    pub window: Vec<u64>,
    pub dynamic: Vec<DynamicCell>,
    /// Distinct evidence records per clause position and phase.
    pub evidence2018: Vec<[u64; 4]>,
    pub evidence2011: Vec<[u64; 4]>,
    pub months: VecMap<MonthKey, MonthTally>,
    /// Every failing (record, check) pair, when the run asked for them (`findings: true`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<FindingRef>,
    /// Records by the worst severity of the record checks they fail (index: severity rank).
    pub failing_records: [u64; 4],
    /// Window checks with `everyMonths`: the months that had a passing record.
    pub window_months: VecMap<u32, VecSet<MonthKey>>,
    /// Window checks with `mustCover`: the 2018 clause positions their passing records covered.
    pub window_cover: VecMap<u32, VecSet<u16>>,
    /// Per service (the business service, the CI's or the SLA's service).
    pub services: VecMap<String, ServiceTally>,
    /// Rejections and warnings by kind of problem.
    pub rejected_reasons: VecMap<String, Reason>,
    pub warning_reasons: VecMap<String, Reason>,
    /// Per kind and canonical field: records with a value, empty (or unreadable), absent.
    pub fields: VecMap<Kind, VecMap<String, [u64; 3]>>,
    /// The earliest and latest time of the evaluated records (the data's own span, window or not).
    pub data_first: Option<crate::record::Instant>,
    pub data_last: Option<crate::record::Instant>,
    /// Rows that came from a CSV list export (advice for a CSV differs from advice for JSON).
    pub csv_rows: u64,
    /// Records whose SLA outcome came from SLA rows, from the tool's own verdict field (made_sla,
    /// is_late, escalation flags …), or was given as it is (canonical records).
    #[serde(default)]
    pub sla_sources: [u64; 3],
    /// Notes said once for the whole input (records keyed by their number …), counted so
    /// that chunks and workers give the one warning a single pass gives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grouped: Vec<GroupedCount>,
    /// Index of the next record pushed into the session that owns this partial.
    pub next_index: u64,
    /// The input positions this partial has evaluated, as sorted disjoint half-open ranges:
    /// merging refuses a partial that covers any of them again.
    pub ranges: Vec<[u64; 2]>,
}

pub const PARTIAL_FORMAT: u32 = 2;

/// Limits on what a partial keeps in lists.
#[derive(Clone, Copy, Debug)]
pub struct ListLimits {
    pub examples: usize,
    pub rejected: usize,
    pub warnings: usize,
}

impl Default for ListLimits {
    fn default() -> ListLimits {
        ListLimits {
            examples: 5,
            rejected: 1000,
            warnings: 1000,
        }
    }
}

impl Partial {
    pub fn new(fingerprint: String, checks: usize, clauses: PerEdition<usize>) -> Partial {
        Partial {
            format: PARTIAL_FORMAT,
            fingerprint,
            records_in: 0,
            evaluated: 0,
            rejected_total: 0,
            joined: 0,
            in_window: 0,
            rejected: Vec::new(),
            warnings_total: 0,
            warnings: Vec::new(),
            by_kind: VecMap::new(),
            by_source: VecMap::new(),
            checks: vec![Tally::default(); checks],
            window: vec![0; checks],
            dynamic: Vec::new(),
            evidence2018: vec![[0; 4]; clauses.e2018],
            evidence2011: vec![[0; 4]; clauses.e2011],
            months: VecMap::new(),
            findings: Vec::new(),
            failing_records: [0; 4],
            window_months: VecMap::new(),
            window_cover: VecMap::new(),
            services: VecMap::new(),
            rejected_reasons: VecMap::new(),
            warning_reasons: VecMap::new(),
            fields: VecMap::new(),
            data_first: None,
            data_last: None,
            csv_rows: 0,
            sla_sources: [0; 3],
            grouped: Vec::new(),
            next_index: 0,
            ranges: Vec::new(),
        }
    }

    /// The distinct evidence records per clause position and phase of `edition`.
    pub fn evidence(&self, edition: Edition) -> &[[u64; 4]] {
        match edition {
            Edition::E2018 => &self.evidence2018,
            Edition::E2011 => &self.evidence2011,
        }
    }

    pub fn evidence_mut(&mut self, edition: Edition) -> &mut [[u64; 4]] {
        match edition {
            Edition::E2018 => &mut self.evidence2018,
            Edition::E2011 => &mut self.evidence2011,
        }
    }

    /// Both editions' evidence tables at once (a record stamps both).
    pub fn evidence_per_edition_mut(&mut self) -> PerEdition<&mut [[u64; 4]]> {
        PerEdition::new(&mut self.evidence2018, &mut self.evidence2011)
    }

    /// Records that the input positions `start..end` were evaluated here.
    pub fn cover(&mut self, start: u64, end: u64) {
        if start < end {
            self.ranges.push([start, end]);
            normalize_ranges(&mut self.ranges);
        }
    }

    /// The counts a partial made by an engine always satisfies. A partial that breaks them was
    /// edited or corrupted, and merging it would report numbers no evaluation produced.
    fn check_invariants(&self) -> Result<()> {
        let bad = |what: &str| {
            Err(Error::new(
                ErrorCode::Partial,
                format!("the partial is not consistent: {what}"),
            ))
        };
        if self.evaluated.checked_add(self.rejected_total) != Some(self.records_in) {
            return bad("records in must equal evaluated + rejected");
        }
        if self.in_window > self.evaluated || self.joined > self.evaluated {
            return bad("records in the window or joined cannot exceed those evaluated");
        }
        let covered = self.ranges.iter().try_fold(0u64, |n, [a, b]| {
            b.checked_sub(*a).and_then(|len| n.checked_add(len))
        });
        if covered != Some(self.records_in) {
            return bad("its input ranges do not add up to its records");
        }
        let most = self.records_in;
        let too_many = |n: u64| n > most;
        fn sum(xs: impl IntoIterator<Item = u64>) -> u64 {
            xs.into_iter()
                .try_fold(0u64, |a, b| a.checked_add(b))
                .unwrap_or(u64::MAX)
        }
        if self.checks.iter().any(|t| {
            too_many(sum([t.passed, t.failed, t.not_applicable, t.limited]))
                || t.undetermined > t.not_applicable
        }) || self.window.iter().any(|n| too_many(*n))
            || too_many(sum(self.by_kind.values().copied()))
            || too_many(sum(self.failing_records.iter().copied()))
            || self.months.values().any(|m| too_many(m.records))
            || self.grouped.iter().any(|g| too_many(g.count))
            || too_many(sum(self.sla_sources.iter().copied()))
            || Edition::ALL
                .iter()
                .flat_map(|e| self.evidence(*e))
                .any(|cell| cell.iter().any(|n| too_many(*n)))
        {
            return bad("a count exceeds the records it was made from");
        }
        if too_many(sum(self.by_source.values().copied()))
            || too_many(self.csv_rows)
            || too_many(sum(self.rejected_reasons.values().map(|r| r.count)))
            || self
                .fields
                .values()
                .flat_map(|f| f.values())
                .any(|cell| cell.iter().any(|n| too_many(*n)))
            || self
                .months
                .values()
                .any(|m| m.checks.iter().any(|[p, f]| too_many(sum([*p, *f]))))
        {
            return bad("a count exceeds the records it was made from");
        }
        // Counts no record bound applies to (a record may warn many times, or count under several
        // services and clauses): within 2^53, and added saturating, so no sum of partials wraps.
        let huge = |n: u64| n > 1 << 53;
        if huge(self.warnings_total)
            || self.warning_reasons.values().any(|r| huge(r.count))
            || self.dynamic.iter().any(|c| huge(sum([c.passed, c.failed])))
            || self
                .services
                .values()
                .any(|t| huge(t.records) || t.checks.values().any(|[p, f]| huge(sum([*p, *f]))))
        {
            return bad("a count is beyond 2^53");
        }
        Ok(())
    }

    /// Updates the tally of a service, grouping services beyond `MAX_SERVICES`. Allocates
    /// only when a service is seen for the first time (this runs for every check of a record).
    pub fn with_service(&mut self, name: &str, update: impl FnOnce(&mut ServiceTally)) {
        // One search for a service already seen (nearly every record).
        if let Some(tally) = self.services.get_mut(name) {
            update(tally);
            return;
        }
        let key = if self.services.len() < MAX_SERVICES {
            name
        } else {
            OTHER_SERVICES
        };
        if let Some(tally) = self.services.get_mut(key) {
            update(tally);
            return;
        }
        let mut tally = ServiceTally::default();
        update(&mut tally);
        self.services.insert(key.to_string(), tally);
    }

    /// Adds the services' counts and examples of a push to their `checks` and `examples` (see
    /// [`ServiceTally::pending`]), keeping `limit` examples per check.
    pub fn settle_services(&mut self, limit: usize) {
        for tally in self.services.values_mut() {
            if !tally.pending.is_empty() || !tally.pending_examples.is_empty() {
                tally.settle(limit);
            }
        }
    }

    /// Updates the tally of month `key`, made with `checks` empty cells when it is new.
    pub fn with_month(
        &mut self,
        key: MonthKey,
        checks: usize,
        update: impl FnOnce(&mut MonthTally),
    ) {
        self.months.update_or_insert(
            key,
            || MonthTally {
                records: 0,
                checks: vec![[0, 0]; checks],
            },
            update,
        );
    }

    pub fn add_dynamic(&mut self, check: usize, clause: u16, passed: bool) {
        self.add_dynamic_counts(
            u32::try_from(check).unwrap_or(u32::MAX),
            clause,
            u64::from(passed),
            u64::from(!passed),
        );
    }

    fn add_dynamic_counts(&mut self, check: u32, clause: u16, passed: u64, failed: u64) {
        let at = self
            .dynamic
            .partition_point(|c| (c.check, c.clause) < (check, clause));
        match self.dynamic.get_mut(at) {
            Some(cell) if cell.check == check && cell.clause == clause => {
                cell.passed = cell.passed.saturating_add(passed);
                cell.failed = cell.failed.saturating_add(failed);
            }
            _ => self.dynamic.insert(
                at,
                DynamicCell {
                    check,
                    clause,
                    passed,
                    failed,
                },
            ),
        }
    }

    pub fn push_rejection(&mut self, r: Rejection, limits: ListLimits) {
        self.rejected_total += 1;
        count_reason(
            &mut self.rejected_reasons,
            reason_key(&r.message),
            1,
            r.index,
            &r.path,
            &r.message,
        );
        insert_bounded(&mut self.rejected, r, limits.rejected);
    }

    pub fn push_warning(&mut self, w: Warning, limits: ListLimits) {
        self.warnings_total += 1;
        count_reason(
            &mut self.warning_reasons,
            reason_key(&w.message),
            1,
            w.index,
            &w.path,
            &w.message,
        );
        insert_bounded(&mut self.warnings, w, limits.warnings);
    }

    /// The warnings to report: the listed ones with the grouped notes among them (bounded and
    /// sorted like the others), and their total.
    pub fn all_warnings(&self, limits: ListLimits) -> (Vec<Warning>, u64) {
        let mut list = self.warnings.clone();
        for g in &self.grouped {
            insert_bounded(&mut list, g.warning(), limits.warnings);
        }
        (list, self.warnings_total + self.grouped.len() as u64)
    }

    /// Widens the data's own time span to `t`.
    pub fn saw_time(&mut self, t: crate::record::Instant) {
        self.data_first = Some(self.data_first.map_or(t, |f| f.min(t)));
        self.data_last = Some(self.data_last.map_or(t, |l| l.max(t)));
    }

    /// Adds another partial of the same pack and window.
    pub fn merge(&mut self, other: &Partial, limits: ListLimits) -> Result<()> {
        self.check_mergeable(other)?;
        self.add_records(other, limits);
        self.add_check_tallies(other, limits.examples);
        self.add_data_quality(other);
        // Sorted once when the report is built; merging only appends.
        self.findings.extend(other.findings.iter().cloned());
        self.next_index = self.next_index.max(other.next_index);
        self.ranges.extend(other.ranges.iter().copied());
        normalize_ranges(&mut self.ranges);
        Ok(())
    }

    /// Refuses a partial of another pack or window, an inconsistent one, one that would
    /// overflow the counts, one that covers records already merged, or one whose tables do
    /// not match.
    fn check_mergeable(&self, other: &Partial) -> Result<()> {
        if other.format != self.format || other.fingerprint != self.fingerprint {
            return Err(Error::new(
                ErrorCode::Partial,
                format!(
                    "cannot merge a partial computed with {:?} into one computed with {:?}: same rule packs, window and engine version are needed",
                    other.fingerprint, self.fingerprint
                ),
            ));
        }
        other.check_invariants()?;
        // Counts stay exact in JSON (2^53) and can never wrap when added.
        const MAX_RECORDS: u64 = 1 << 53;
        if self
            .records_in
            .checked_add(other.records_in)
            .is_none_or(|n| n > MAX_RECORDS)
        {
            return Err(Error::new(
                ErrorCode::Partial,
                "the merged partials would hold more than 2^53 records",
            ));
        }
        let overlap = other.ranges.iter().find_map(|[a, b]| {
            self.ranges
                .iter()
                .find(|[c, d]| a < d && c < b)
                .map(|[c, d]| ((*a).max(*c), (*b).min(*d)))
        });
        if let Some((from, to)) = overlap {
            return Err(Error::new(
                ErrorCode::Partial,
                format!(
                    "records {from} to {} were already merged into this session: a partial is merged once",
                    to.saturating_sub(1)
                ),
            ));
        }
        let evidence_differs = Edition::ALL
            .iter()
            .any(|e| other.evidence(*e).len() != self.evidence(*e).len());
        if other.checks.len() != self.checks.len()
            || evidence_differs
            || other.window.len() != self.window.len()
        {
            return Err(Error::new(
                ErrorCode::Partial,
                "the partial's tables do not match this engine's rule pack",
            ));
        }
        Ok(())
    }

    /// Record counts, the listed rejections and warnings, and the counts per kind and source.
    fn add_records(&mut self, other: &Partial, limits: ListLimits) {
        self.records_in += other.records_in;
        self.evaluated += other.evaluated;
        self.rejected_total += other.rejected_total;
        self.joined += other.joined;
        self.in_window += other.in_window;
        self.warnings_total = self.warnings_total.saturating_add(other.warnings_total);
        for r in &other.rejected {
            insert_bounded(&mut self.rejected, r.clone(), limits.rejected);
        }
        for w in &other.warnings {
            insert_bounded(&mut self.warnings, w.clone(), limits.warnings);
        }
        for (k, n) in &other.by_kind {
            self.by_kind.update_or_default(*k, |mine| *mine += n);
        }
        for (k, n) in &other.by_source {
            self.by_source
                .update_or_default(k.clone(), |mine| *mine += n);
        }
        self.csv_rows += other.csv_rows;
        if let Some(t) = other.data_first {
            self.saw_time(t);
        }
        if let Some(t) = other.data_last {
            self.saw_time(t);
        }
    }

    /// What the checks counted: tallies, windows, added clauses, evidence per edition, months,
    /// failing records, window months and coverage, services.
    fn add_check_tallies(&mut self, other: &Partial, examples: usize) {
        for (mine, theirs) in self.checks.iter_mut().zip(&other.checks) {
            mine.merge(theirs, examples);
        }
        for (mine, theirs) in self.window.iter_mut().zip(&other.window) {
            *mine += theirs;
        }
        for cell in &other.dynamic {
            self.add_dynamic_counts(cell.check, cell.clause, cell.passed, cell.failed);
        }
        for &edition in Edition::ALL {
            for (mine, theirs) in self
                .evidence_mut(edition)
                .iter_mut()
                .zip(other.evidence(edition))
            {
                for (a, b) in mine.iter_mut().zip(theirs) {
                    *a += b;
                }
            }
        }
        for (key, month) in &other.months {
            self.with_month(*key, month.checks.len(), |mine| {
                mine.records += month.records;
                for (a, b) in mine.checks.iter_mut().zip(&month.checks) {
                    a[0] += b[0];
                    a[1] += b[1];
                }
            });
        }
        for (a, b) in self.failing_records.iter_mut().zip(&other.failing_records) {
            *a += b;
        }
        for (ci, months) in &other.window_months {
            self.window_months
                .update_or_default(*ci, |mine| mine.extend(months.iter().copied()));
        }
        for (ci, cover) in &other.window_cover {
            self.window_cover
                .update_or_default(*ci, |mine| mine.extend(cover.iter().copied()));
        }
        for (name, tally) in &other.services {
            self.with_service(name, |mine| mine.merge(tally, examples));
        }
    }

    /// Rejection and warning reasons, field counts, SLA sources and the grouped notes.
    fn add_data_quality(&mut self, other: &Partial) {
        for (mine, theirs) in [
            (&mut self.rejected_reasons, &other.rejected_reasons),
            (&mut self.warning_reasons, &other.warning_reasons),
        ] {
            for (key, r) in theirs {
                count_reason(mine, key.clone(), r.count, r.index, &r.path, &r.message);
            }
        }
        for (kind, fields) in &other.fields {
            self.fields.update_or_default(*kind, |mine| {
                for (path, counts) in fields {
                    mine.update_or_default(path.clone(), |cell| {
                        for (a, b) in cell.iter_mut().zip(counts) {
                            *a += b;
                        }
                    });
                }
            });
        }
        for (a, b) in self.sla_sources.iter_mut().zip(&other.sla_sources) {
            *a += b;
        }
        merge_grouped(&mut self.grouped, &other.grouped);
    }
}

/// Sorts half-open ranges and joins those that touch or overlap.
fn normalize_ranges(ranges: &mut Vec<[u64; 2]>) {
    crate::util::sort::sort(ranges);
    let mut out: Vec<[u64; 2]> = Vec::with_capacity(ranges.len());
    for r in ranges.drain(..) {
        match out.last_mut() {
            Some(last) if r[0] <= last[1] => last[1] = last[1].max(r[1]),
            _ => out.push(r),
        }
    }
    *ranges = out;
}

/// Inserts keeping the list sorted and at most `limit` long (the smallest entries stay).
fn insert_bounded<T: Ord>(list: &mut Vec<T>, item: T, limit: usize) {
    if list.len() >= limit && list.last().is_some_and(|last| *last <= item) {
        return;
    }
    let at = list.partition_point(|x| *x < item);
    list.insert(at, item);
    list.truncate(limit);
}
