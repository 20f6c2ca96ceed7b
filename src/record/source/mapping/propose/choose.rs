//! Which target each column takes: a person's overrides first, then every (column, target)
//! candidate best first, each column and each target taken once; the event-log form when an
//! activity and a time column are found; and an id column even when no header names one.

use std::collections::{BTreeMap, BTreeSet};

use super::ProposeOptions;
use super::score::candidates;
use crate::record::source::csv::Table;
use crate::util::sort::set_from;

/// A column's chosen target, how sure the choice is (0 … 1) and why.
pub(super) type Choice = (String, f64, &'static str);

/// A candidate: (column, target, confidence, reason).
type Candidate = (usize, &'static str, f64, &'static str);

/// The targets chosen, by column.
pub(super) struct Chosen {
    pub(super) by_column: BTreeMap<usize, Choice>,
    /// The file is an event log (one row per event).
    pub(super) event_log: bool,
    /// Targets given to a column.
    taken: BTreeSet<String>,
    /// Columns a person decided on (mapped or left unmapped).
    overridden: BTreeSet<usize>,
}

/// Chooses a target for each column it can.
pub(super) fn choose(table: &Table, options: &ProposeOptions, values: &[Vec<&str>]) -> Chosen {
    let ranked = ranked_candidates(table, options, values);
    let mut chosen = Chosen::overrides(table, options);
    chosen.event_log = chosen.is_event_log(&ranked);
    chosen.take_best(ranked);
    chosen.group_in_event_log();
    chosen.ensure_id(table, values);
    chosen
}

/// Every (column, target, confidence, reason) of the columns no person decided on, best first.
fn ranked_candidates(
    table: &Table,
    options: &ProposeOptions,
    values: &[Vec<&str>],
) -> Vec<Candidate> {
    let mut all: Vec<Candidate> = Vec::new();
    for (i, header) in table.headers.iter().enumerate() {
        if options.overrides.contains_key(header) {
            continue;
        }
        let column_values = values.get(i).map(Vec::as_slice).unwrap_or_default();
        for (target, confidence, reason) in candidates(header, column_values) {
            all.push((i, target, confidence, reason));
        }
    }
    crate::util::sort::sort_by(&mut all, |a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    all
}

impl Chosen {
    /// The targets a person chose (`overrides`), sure by definition.
    fn overrides(table: &Table, options: &ProposeOptions) -> Chosen {
        let mut by_column = BTreeMap::new();
        let mut taken = BTreeSet::new();
        for (header, target) in &options.overrides {
            if let (Some(i), Some(t)) = (table.headers.iter().position(|h| h == header), target) {
                by_column.insert(i, (t.clone(), 1.0, "chosen"));
                taken.insert(t.clone());
            }
        }
        let overridden = set_from(
            options
                .overrides
                .keys()
                .filter_map(|h| table.headers.iter().position(|x| x == h)),
        );
        Chosen {
            by_column,
            event_log: false,
            taken,
            overridden,
        }
    }

    /// The event-log form: an activity column and a time column, with cases on several rows.
    fn is_event_log(&self, ranked: &[Candidate]) -> bool {
        let activity = ranked
            .iter()
            .find(|c| c.1 == "eventLog.activity" && c.2 >= 0.5)
            .map(|c| c.0)
            .or_else(|| {
                self.by_column
                    .iter()
                    .find(|(_, c)| c.0 == "eventLog.activity")
                    .map(|(i, _)| *i)
            });
        activity.is_some()
            && (ranked
                .iter()
                .any(|c| c.1 == "eventLog.timestamp" && c.2 >= 0.5)
                || self.taken.contains("eventLog.timestamp"))
    }

    /// The candidates best first, each column and each target taken once (an id column is the
    /// case column of an event log; event-log roles only in that form).
    fn take_best(&mut self, ranked: Vec<Candidate>) {
        for (i, target, confidence, reason) in ranked {
            let target = match target {
                "id" if self.event_log => "eventLog.case",
                t => t,
            };
            let log_only = target.starts_with("eventLog.");
            if confidence < 0.5
                || self.by_column.contains_key(&i)
                || self.overridden.contains(&i)
                || self.taken.contains(target)
                || (log_only && !self.event_log)
            {
                continue;
            }
            self.by_column
                .insert(i, (target.to_string(), confidence, reason));
            self.taken.insert(target.to_string());
        }
    }

    /// In an event log, the assignment group column also tells reassignments apart.
    fn group_in_event_log(&mut self) {
        if self.event_log
            && !self.taken.contains("eventLog.group")
            && let Some((i, _)) = self
                .by_column
                .iter()
                .find(|(_, c)| c.0 == "assignmentGroup")
        {
            let i = *i;
            if let Some(c) = self.by_column.get_mut(&i) {
                c.0 = "eventLog.group".into();
            }
        }
    }

    /// The role of the record's id: the case column of an event log, else `id`.
    pub(super) fn id_role(&self) -> &'static str {
        if self.event_log {
            "eventLog.case"
        } else {
            "id"
        }
    }

    /// Without an id column, the number column is the id (TOPdesk, SolarWinds: `Number`); else
    /// the first column whose values are all present and distinct.
    fn ensure_id(&mut self, table: &Table, values: &[Vec<&str>]) {
        let id_role = self.id_role();
        if !self.by_column.values().any(|c| c.0 == id_role)
            && let Some(c) = self.by_column.values_mut().find(|c| c.0 == "number")
        {
            c.0 = id_role.to_string();
        }
        if self.by_column.values().any(|c| c.0 == id_role) {
            return;
        }
        let rows = table.rows.len();
        let unique = (0..table.headers.len()).find(|i| {
            let v = values.get(*i).map(Vec::as_slice).unwrap_or_default();
            let distinct: BTreeSet<&&str> = set_from(v.iter());
            !self.by_column.contains_key(i)
                && !self.overridden.contains(i)
                && rows > 0
                && v.len() == rows
                && (self.event_log || distinct.len() == rows)
        });
        if let Some(i) = unique {
            self.by_column
                .insert(i, (id_role.to_string(), 0.4, "values"));
        }
    }
}
