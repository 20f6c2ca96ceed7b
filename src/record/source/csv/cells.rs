//! A row's cells by their normalised header, and its export times as canonical UTC times: what
//! the Jira and GLPI rows read.

use serde_json::{Map, Value};

use super::normalize_time;
use crate::record::source::context::Context;
use crate::record::time::Instant;

pub(super) fn cell(c: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| c.get(*k).and_then(Value::as_str).map(str::to_string))
}

pub(super) fn time_cell(
    c: &Map<String, Value>,
    keys: &[&str],
    cx: &Context,
    default_format: Option<&str>,
) -> Option<String> {
    let raw = cell(c, keys)?;
    let format = cx.csv.date_format.as_deref().or(default_format);
    Some(normalize_time(&raw, format).unwrap_or(raw))
}

/// A naive export time, read in the instance's zone, as a canonical UTC time (a value that is
/// not a time is kept as it is, so the canonical reader rejects it with its path).
pub(super) fn iso_in(naive: String, cx: &Context) -> String {
    match Instant::parse(&naive, cx.time_zone.as_ref()) {
        Some((i, _)) => i.to_string(),
        None => naive,
    }
}
