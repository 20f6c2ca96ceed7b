//! The event-log form: one row per event (case, time, activity), folded into one record per
//! case. Opened at its first event (or its `open` step); resolved, closed and cancelled at its
//! last step of each after the last reopen; reopen and reassignment counts from its steps (or
//! from changes of the group column); the other fields from the case's last non-empty value of
//! each column.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::labels::{guess_step, lookup};
use super::plan::{Plan, column};
use super::record::{RowNotes, cell, record};
use super::{EventLog, Mapped, Mapping, STEPS, UNREADABLE_DATE};
use crate::error::Result;
use crate::record::model::State;
use crate::record::source::context::Context;
use crate::record::source::csv::{Note, RowOrigin, RowWarning, Table};
use crate::record::time::Instant;

struct Event<'t> {
    origin: RowOrigin,
    at: Option<Instant>,
    step: &'static str,
    group: Option<&'t str>,
    cells: &'t [Option<String>],
}

/// Where the event log's columns are in the table.
struct LogColumns {
    case: usize,
    time: usize,
    activity: usize,
    group: Option<usize>,
}

impl LogColumns {
    fn find(table: &Table, log: &EventLog) -> Result<LogColumns> {
        const AT: &str = "context.mapping.eventLog";
        Ok(LogColumns {
            case: column(table, &log.case, &format!("{AT}.case"))?,
            time: column(table, &log.timestamp, &format!("{AT}.timestamp"))?,
            activity: column(table, &log.activity, &format!("{AT}.activity"))?,
            group: match &log.group {
                Some(g) => Some(column(table, g, &format!("{AT}.group"))?),
                None => None,
            },
        })
    }
}

/// The rows grouped by case, in the order the cases first appear, with what reading them found.
struct Cases<'t> {
    order: Vec<String>,
    events: BTreeMap<String, Vec<Event<'t>>>,
    /// Rows without a case id.
    keyless: Vec<(RowOrigin, &'t [Option<String>])>,
    /// Activity labels that name no lifecycle step → their rows.
    unmapped: BTreeMap<String, usize>,
}

/// Reads a table in the event-log form: one record per case.
pub(super) fn event_log(
    table: &Table,
    m: &Mapping,
    log: &EventLog,
    plan: &Plan<'_>,
    cx: &Context,
) -> Result<Mapped> {
    let columns = LogColumns::find(table, log)?;
    let mut warnings = Vec::new();
    let Cases {
        order,
        mut events,
        keyless,
        unmapped,
    } = group_events(table, log, &columns, cx, &mut warnings);
    let folding = Folding {
        mapping: m,
        plan,
        cx,
        width: table.headers.len(),
        counted: Counted::of(log, &events, columns.group),
    };
    let mut rows = Vec::new();
    let mut folded = 0;
    for key in order {
        let Some(mut case) = events.remove(&key) else {
            continue;
        };
        // In time order; events without a readable time keep their place in the file.
        crate::util::sort::sort_by_key(&mut case, |e| (e.at.is_none(), e.at, e.origin.row));
        folded += case.len() as u64 - 1;
        let Some(first) = case.first() else {
            continue;
        };
        let origin = first.origin;
        let mut notes = RowNotes {
            origin,
            out: &mut warnings,
        };
        rows.push((origin, folding.case(&key, &case, &mut notes)));
    }
    // Rows without a case id are read alone, so that the canonical reader rejects them.
    for (origin, cells) in keyless {
        let mut notes = RowNotes {
            origin,
            out: &mut warnings,
        };
        rows.push((origin, record(cells, plan, cx, &mut notes)));
    }
    crate::util::sort::sort_by_key(&mut rows, |(o, _)| o.row);
    Ok(Mapped {
        rows,
        warnings,
        notes: unmapped_note(log, &unmapped).into_iter().collect(),
        event_log: true,
        folded,
    })
}

/// Every row's event under its case; a time that does not read is a warning of its row.
fn group_events<'t>(
    table: &'t Table,
    log: &EventLog,
    columns: &LogColumns,
    cx: &Context,
    warnings: &mut Vec<RowWarning>,
) -> Cases<'t> {
    let mut cases = Cases {
        order: Vec::new(),
        events: BTreeMap::new(),
        keyless: Vec::new(),
        unmapped: BTreeMap::new(),
    };
    for (origin, cells) in &table.rows {
        let Some(key) = cell(cells, Some(columns.case)) else {
            cases.keyless.push((*origin, cells));
            continue;
        };
        let at = event_time(*origin, cell(cells, Some(columns.time)), cx, warnings);
        let label = cell(cells, Some(columns.activity)).unwrap_or_default();
        let step = step_of(log, label, &mut cases.unmapped);
        if !cases.events.contains_key(key) {
            cases.order.push(key.to_string());
        }
        cases
            .events
            .entry(key.to_string())
            .or_default()
            .push(Event {
                origin: *origin,
                at,
                step,
                group: cell(cells, columns.group),
                cells,
            });
    }
    cases
}

/// An event's time, or `None` (with a warning when the cell holds a time the engine cannot read).
fn event_time(
    origin: RowOrigin,
    text: Option<&str>,
    cx: &Context,
    warnings: &mut Vec<RowWarning>,
) -> Option<Instant> {
    let t = text?;
    let parsed = Instant::parse(t, cx.time_zone.as_ref()).map(|(i, _)| i);
    if parsed.is_none() {
        warnings.push(RowWarning {
            origin,
            field: "eventLog.timestamp".into(),
            message: UNREADABLE_DATE.into(),
            value: Value::String(t.to_string()).to_string(),
        });
    }
    parsed
}

/// The lifecycle step of an activity: the mapping's, else by its words. Labels that name no step
/// are counted for the file's note.
fn step_of(log: &EventLog, label: &str, unmapped: &mut BTreeMap<String, usize>) -> &'static str {
    match lookup(&log.activities, label) {
        Some(s) => STEPS.iter().copied().find(|x| *x == s).unwrap_or("other"),
        None => {
            let s = guess_step(label);
            if s == "other" && !label.is_empty() {
                *unmapped.entry(label.to_string()).or_default() += 1;
            }
            s
        }
    }
}

/// Which counts the log is evidence for: a count is evidence only when the log records steps of
/// its kind (or, for reassignments, names the group column).
struct Counted {
    reopens: bool,
    reassign_steps: bool,
    reassignments: bool,
}

impl Counted {
    fn of(
        log: &EventLog,
        events: &BTreeMap<String, Vec<Event<'_>>>,
        group: Option<usize>,
    ) -> Counted {
        let steps_mapped = |step: &str| {
            log.activities.values().any(|s| s == step)
                || events.values().flatten().any(|e| e.step == step)
        };
        let reassign_steps = steps_mapped("reassign");
        Counted {
            reopens: steps_mapped("reopen"),
            reassign_steps,
            reassignments: reassign_steps || group.is_some(),
        }
    }

    /// An incident's reopen and reassignment counts from its events, unless mapped from columns.
    fn put(&self, out: &mut Map<String, Value>, events: &[Event<'_>]) {
        let reopens = events.iter().filter(|e| e.step == "reopen").count();
        let reassignments = if self.reassign_steps {
            events.iter().filter(|e| e.step == "reassign").count()
        } else {
            let groups: Vec<&str> = events.iter().filter_map(|e| e.group).collect();
            groups.windows(2).filter(|w| w.first() != w.get(1)).count()
        };
        let detail = out
            .entry("incident".to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(d) = detail {
            if self.reopens {
                d.entry("reopenCount").or_insert(json!(reopens));
            }
            if self.reassignments {
                d.entry("reassignmentCount").or_insert(json!(reassignments));
            }
        }
    }
}

/// What folding each case into a record shares.
struct Folding<'a> {
    mapping: &'a Mapping,
    plan: &'a Plan<'a>,
    cx: &'a Context,
    /// Columns in the table.
    width: usize,
    counted: Counted,
}

impl Folding<'_> {
    /// One case's record, from its events in time order.
    fn case(
        &self,
        key: &str,
        events: &[Event<'_>],
        notes: &mut RowNotes<'_>,
    ) -> Map<String, Value> {
        let last = last_values(events, self.width);
        let mut out = record(&last, self.plan, self.cx, notes);
        out.insert("id".into(), json!(key));
        if self.plan.number.is_none() {
            out.insert("number".into(), json!(key));
        }
        set_lifecycle_times(&mut out, events, self.mapping);
        if self.plan.state.is_none() {
            out.insert("state".into(), json!(lifecycle_state(events).as_str()));
        }
        if out.get("kind").and_then(Value::as_str) == Some("incident") {
            self.counted.put(&mut out, events);
        }
        keep_last_group(&mut out, events);
        out
    }
}

/// The case's last non-empty value of each column.
fn last_values(events: &[Event<'_>], width: usize) -> Vec<Option<String>> {
    let mut last: Vec<Option<String>> = vec![None; width];
    for e in events {
        for (i, c) in e.cells.iter().enumerate() {
            if let (Some(v), Some(slot)) = (c, last.get_mut(i)) {
                *slot = Some(v.clone());
            }
        }
    }
    last
}

/// Opened at the first event (or the `open` step); resolved, closed and cancelled at the last
/// step of each after the last reopen; updated at the last event. A time the mapping fills from a
/// column keeps the column's value.
fn set_lifecycle_times(out: &mut Map<String, Value>, events: &[Event<'_>], m: &Mapping) {
    let time_of = |step: &str| {
        events
            .iter()
            .filter(|e| e.step == step)
            .filter_map(|e| e.at)
            .next_back()
    };
    let opened = events
        .iter()
        .find(|e| e.step == "open")
        .and_then(|e| e.at)
        .or_else(|| events.iter().find_map(|e| e.at));
    let last_reopen = time_of("reopen");
    let after_reopen = |t: Option<Instant>| t.filter(|t| last_reopen.is_none_or(|r| *t >= r));
    let resolved = after_reopen(time_of("resolve"));
    let closed = after_reopen(time_of("close"));
    let cancelled = after_reopen(time_of("cancel"));
    let updated = events.iter().filter_map(|e| e.at).next_back();
    let mut set_time = |path: &str, t: Option<Instant>| {
        if !m.fields.contains_key(path) {
            out.insert(
                path.to_string(),
                t.map_or(Value::Null, |t| json!(t.to_string())),
            );
        }
    };
    set_time("openedAt", opened);
    set_time("resolvedAt", resolved.or(closed));
    set_time("closedAt", closed.or(cancelled));
    set_time("updatedAt", updated);
}

/// The state the case's last lifecycle step leaves it in (when no column maps the state).
fn lifecycle_state(events: &[Event<'_>]) -> State {
    let lifecycle = events
        .iter()
        .rev()
        .map(|e| e.step)
        .find(|s| matches!(*s, "open" | "reopen" | "resolve" | "close" | "cancel"));
    match lifecycle {
        Some("close") => State::Closed,
        Some("resolve") => State::Resolved,
        Some("cancel") => State::Cancelled,
        _ if events.len() > 1 => State::InProgress,
        _ => State::New,
    }
}

/// The case's last assignment group, when no column maps one.
fn keep_last_group(out: &mut Map<String, Value>, events: &[Event<'_>]) {
    if let (None, Some(g)) = (
        out.get("assignmentGroup").filter(|v| !v.is_null()),
        events.iter().filter_map(|e| e.group).next_back(),
    ) {
        out.insert("assignmentGroup".into(), json!(g));
    }
}

/// The file's note on activities that name no lifecycle step.
fn unmapped_note(log: &EventLog, unmapped: &BTreeMap<String, usize>) -> Option<Note> {
    if unmapped.is_empty() {
        return None;
    }
    let labels: Vec<String> = unmapped.keys().cloned().collect();
    Some(Note {
        column: Some(log.activity.clone()),
        message: format!(
            "event-log activities that are no lifecycle step (they count for nothing): {}; map them in context.mapping.eventLog.activities",
            crate::record::source::csv::infer::list_columns(&labels)
        ),
        value: String::new(),
    })
}
