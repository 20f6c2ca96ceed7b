//! One record of the record form: its id, number, kind and state from the plan's columns, then
//! each mapped field, with the detail objects of other kinds dropped.

use serde_json::{Map, Value, json};

use super::field::read_field;
use super::labels::{guess_kind, guess_state, lookup};
use super::plan::Plan;
use crate::record::model::{Kind, State};
use crate::record::source::context::Context;
use crate::record::source::csv::{RowOrigin, RowWarning};

/// Warnings of one row, collected while it is read.
pub(super) struct RowNotes<'w> {
    pub(super) origin: RowOrigin,
    pub(super) out: &'w mut Vec<RowWarning>,
}

impl RowNotes<'_> {
    pub(super) fn warn(&mut self, field: &str, message: impl Into<String>, value: &str) {
        self.out.push(RowWarning {
            origin: self.origin,
            field: field.to_string(),
            message: message.into(),
            value: Value::String(value.to_string()).to_string(),
        });
    }
}

pub(super) fn cell(cells: &[Option<String>], i: Option<usize>) -> Option<&str> {
    i.and_then(|i| cells.get(i))
        .and_then(|c| c.as_deref())
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

fn kind_of(cells: &[Option<String>], plan: &Plan<'_>, notes: &mut RowNotes<'_>) -> String {
    if let Some(k) = plan.fixed_kind {
        return k.to_string();
    }
    let Some((i, map)) = plan.kind else {
        return "incident".into();
    };
    let label = cell(cells, Some(i));
    if let Some(k) = label.and_then(|l| lookup(&map.values, l)) {
        return k.to_string();
    }
    if let Some(k) = label.and_then(guess_kind) {
        return k.as_str().to_string();
    }
    let kind = map.default.clone().unwrap_or_else(|| "incident".into());
    if let Some(l) = label {
        notes.warn(
            "kind",
            format!(
                "kind {l:?} is not mapped: read as {kind} (add it to context.mapping.kind.values)"
            ),
            l,
        );
    }
    kind
}

fn state_of(
    cells: &[Option<String>],
    plan: &Plan<'_>,
    out: &mut Map<String, Value>,
    notes: &mut RowNotes<'_>,
) {
    let Some((i, map)) = plan.state else { return };
    let Some(label) = cell(cells, Some(i)) else {
        out.insert("state".into(), Value::Null);
        return;
    };
    out.insert("stateLabel".into(), json!(label));
    let state = lookup(&map.values, label)
        .and_then(State::parse)
        .or_else(|| guess_state(label))
        .or_else(|| map.default.as_deref().and_then(State::parse));
    match state {
        Some(s) => {
            out.insert("state".into(), json!(s.as_str()));
        }
        None => notes.warn(
            "state",
            format!("state {label:?} is not mapped: add it to context.mapping.state.values"),
            label,
        ),
    }
}

/// The detail object a kind reads (`incident`, `request`, `serviceDetail` …).
fn detail_of(kind: &str) -> Option<&'static str> {
    Kind::parse(kind).map(Kind::detail_name)
}

/// Drops the detail objects of other kinds (a mapping fills `incident.*` for every row of a
/// file that also holds requests).
fn prune(out: &mut Map<String, Value>) {
    let kind = out.get("kind").and_then(Value::as_str).unwrap_or_default();
    let keep = detail_of(kind);
    let details: Vec<String> = out
        .keys()
        .filter(|k| {
            Kind::ALL
                .iter()
                .any(|kind| detail_of(kind.as_str()) == Some(k.as_str()))
        })
        .filter(|k| Some(k.as_str()) != keep)
        .cloned()
        .collect();
    for k in details {
        out.remove(&k);
    }
}

/// One record of the record form.
pub(super) fn record(
    cells: &[Option<String>],
    plan: &Plan<'_>,
    cx: &Context,
    notes: &mut RowNotes<'_>,
) -> Map<String, Value> {
    let mut out = Map::new();
    let id = cell(cells, plan.id).unwrap_or_default().to_string();
    let number = cell(cells, plan.number).map(str::to_string);
    out.insert("id".into(), json!(id));
    out.insert("kind".into(), json!(kind_of(cells, plan, notes)));
    let number = number.unwrap_or_else(|| id.clone());
    if !number.is_empty() {
        out.insert("number".into(), json!(number));
    }
    state_of(cells, plan, &mut out, notes);
    for (path, ty, i, values) in &plan.fields {
        let c = cells.get(*i).and_then(|c| c.as_deref());
        read_field(&mut out, path, *ty, c, *values, cx, notes);
    }
    out.insert("origin".into(), json!({"tool": plan.tool, "shape": "csv"}));
    prune(&mut out);
    out
}
