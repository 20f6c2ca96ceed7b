//! One canonical field of a record from its cell: the value map first, then the field's type
//! (times in the instance's zone, levels, codes, counts, links, SLA outcomes …). A cell that does
//! not read is a warning of its row, never a rejection.

use serde_json::{Map, Value, json};

use super::labels::{guess_level, lookup, parse_bool};
use super::record::RowNotes;
use super::{FieldType, ValueMap};
use crate::record::model::LinkRel;
use crate::record::source::context::Context;
use crate::record::time::Instant;

pub use crate::record::source::csv::UNREADABLE_DATE;

fn time_value(v: &str, cx: &Context) -> Option<String> {
    Instant::parse(v, cx.time_zone.as_ref()).map(|(i, _)| i.to_string())
}

/// Puts a value at a canonical path (`incident.reopenCount` → `{"incident": {"reopenCount"}}`).
fn put(out: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            out.insert(path.to_string(), value);
        }
        Some((detail, field)) => {
            let entry = out
                .entry(detail.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(d) = entry {
                d.insert(field.to_string(), value);
            }
        }
    }
}

/// [`put`] unless the path holds a value already (an explicit count wins over a reopen time).
fn put_new(out: &mut Map<String, Value>, path: &str, value: Value) {
    let (detail, field) = path.split_once('.').unwrap_or(("", path));
    let taken = out
        .get(detail)
        .and_then(|d| d.get(field))
        .is_some_and(|v| !v.is_null());
    if !taken {
        put(out, path, value);
    }
}

fn target_kind(rel: LinkRel) -> Option<&'static str> {
    Some(match rel {
        LinkRel::AffectsCi => "configuration_item",
        LinkRel::Problem => "problem",
        LinkRel::Incident => "incident",
        LinkRel::Change | LinkRel::CausedBy | LinkRel::FixedBy | LinkRel::Fixes => "change",
        LinkRel::Release => "release",
        LinkRel::Service => "service",
        _ => return None,
    })
}

/// The message for a yes/no cell that is neither.
const NOT_A_BOOL: &str = "expected true or false, yes or no (map other labels with a value map in context.mapping.fields)";

/// One field of a record from its cell.
pub(super) fn read_field(
    out: &mut Map<String, Value>,
    path: &str,
    ty: FieldType,
    cell: Option<&str>,
    values: Option<&ValueMap>,
    cx: &Context,
    notes: &mut RowNotes<'_>,
) {
    let raw = cell.map(str::trim).filter(|c| !c.is_empty());
    // A value map reads the label first; its default stands for labels it does not list.
    let mapped = match (raw, values) {
        (Some(r), Some(m)) => lookup(&m.values, r).or(m.default.as_deref()),
        _ => None,
    };
    let text = mapped.or(raw);
    match ty {
        FieldType::Link(rel) => return push_links(out, rel, text),
        FieldType::SlaMet | FieldType::SlaBreached => {
            return put_sla_outcome(out, path, ty, text, notes);
        }
        FieldType::ReopenedAt => return count_reopen(out, path, text, cx, notes),
        _ => {}
    }
    let Some(t) = text else {
        let empty = match ty {
            FieldType::TextList => json!([]),
            _ => Value::Null,
        };
        return put(out, path, empty);
    };
    match value_of(ty, t, mapped, raw, cx) {
        Ok(value) => put(out, path, value),
        Err(message) => notes.warn(path, message, t),
    }
}

/// `links.<relation>`: each target of the cell (several separated by `,` or `;`) is a link.
fn push_links(out: &mut Map<String, Value>, rel: LinkRel, text: Option<&str>) {
    let links = out
        .entry("links".to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let (Value::Array(list), Some(t)) = (links, text) {
        for target in t.split([',', ';']).map(str::trim).filter(|s| !s.is_empty()) {
            let mut link = json!({"rel": rel.as_str(), "target": target});
            if let (Some(k), Value::Object(o)) = (target_kind(rel), &mut link) {
                o.insert("targetKind".into(), json!(k));
            }
            list.push(link);
        }
    }
}

/// `sla.met` or `sla.breached`: the tool's SLA outcome as one completed SLA.
fn put_sla_outcome(
    out: &mut Map<String, Value>,
    path: &str,
    ty: FieldType,
    text: Option<&str>,
    notes: &mut RowNotes<'_>,
) {
    let Some(t) = text else { return };
    match parse_bool(t) {
        Some(b) => {
            let breached = if matches!(ty, FieldType::SlaMet) {
                !b
            } else {
                b
            };
            out.insert(
                "sla".into(),
                json!([{"name": "mapped", "breached": breached, "stage": "completed"}]),
            );
        }
        None => notes.warn(path, NOT_A_BOOL, t),
    }
}

/// `incident.reopenedAt`: a readable time counts one reopen, an empty cell none (a count the
/// mapping gives explicitly wins).
fn count_reopen(
    out: &mut Map<String, Value>,
    path: &str,
    text: Option<&str>,
    cx: &Context,
    notes: &mut RowNotes<'_>,
) {
    match text {
        None => put_new(out, "incident.reopenCount", json!(0)),
        Some(t) => match time_value(t, cx) {
            Some(_) => put_new(out, "incident.reopenCount", json!(1)),
            None => notes.warn(path, UNREADABLE_DATE, t),
        },
    }
}

/// The JSON value of a non-empty cell for a field holding one value, or the warning it gives.
/// Links, SLA outcomes and reopen times are written by [`read_field`] itself and never reach here.
fn value_of(
    ty: FieldType,
    t: &str,
    mapped: Option<&str>,
    raw: Option<&str>,
    cx: &Context,
) -> Result<Value, &'static str> {
    Ok(match ty {
        FieldType::Text
        | FieldType::Link(_)
        | FieldType::SlaMet
        | FieldType::SlaBreached
        | FieldType::ReopenedAt => json!(t),
        FieldType::TextList => Value::Array(
            t.split([',', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| json!(s))
                .collect(),
        ),
        FieldType::Time => json!(time_value(t, cx).ok_or(UNREADABLE_DATE)?),
        FieldType::Bool => json!(parse_bool(t).ok_or(NOT_A_BOOL)?),
        FieldType::Count => match t.replace(',', ".").parse::<f64>() {
            Ok(n) if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => json!(n as u32),
            _ => return Err("not a number of times (expected a whole number, 0 or more)"),
        },
        FieldType::Number => json!(
            crate::record::source::doc::parse_decimal(t, cx.decimal_comma())
                .filter(|n| n.is_finite())
                .ok_or("not a number")?
        ),
        FieldType::Level => level_value(t, mapped, raw)?,
        FieldType::Code(parse) => json!(parse(t).ok_or(
            "a value that is not one of the field's codes (map it with a value map in context.mapping.fields)"
        )?),
    })
}

/// A level: the value map's number, else the label's (`P2`, `High`); `null` for "none".
fn level_value(t: &str, mapped: Option<&str>, raw: Option<&str>) -> Result<Value, &'static str> {
    let level = mapped
        .and_then(|v| v.parse::<u8>().ok())
        .map(Some)
        .or_else(|| guess_level(t));
    match level {
        Some(Some(v)) => Ok(json!({"value": v, "label": raw.unwrap_or(t)})),
        Some(None) => Ok(Value::Null),
        None => Err(
            "a level that is not 1-5 or a known name (map it with a value map in context.mapping.fields)",
        ),
    }
}
