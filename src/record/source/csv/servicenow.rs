//! ServiceNow list exports: rows keep ServiceNow field names (display values, as list exports
//! show them) and go through the ServiceNow adapter.

use serde_json::{Map, Value};

use super::normalize_time;
use crate::record::source::context::Context;

/// ServiceNow list labels → field names (list exports use either).
const SERVICENOW_COLUMNS: &[(&str, &str)] = &[
    ("number", "number"),
    ("sys id", "sys_id"),
    ("class", "sys_class_name"),
    ("task type", "sys_class_name"),
    ("short description", "short_description"),
    ("state", "state"),
    ("incident state", "incident_state"),
    ("problem state", "problem_state"),
    ("priority", "priority"),
    ("impact", "impact"),
    ("urgency", "urgency"),
    ("category", "category"),
    ("subcategory", "subcategory"),
    ("assignment group", "assignment_group"),
    ("assigned to", "assigned_to"),
    ("caller", "caller_id"),
    ("requested for", "requested_for"),
    ("requested by", "requested_by"),
    ("opened", "opened_at"),
    ("opened at", "opened_at"),
    ("created", "sys_created_on"),
    ("updated", "sys_updated_on"),
    // Exports renamed by hand or by other tools (the UCI incident event log, for one).
    ("sys updated on", "sys_updated_on"),
    ("sys updated at", "sys_updated_on"),
    ("sys created on", "sys_created_on"),
    ("sys created at", "sys_created_on"),
    ("closed code", "close_code"),
    ("resolved", "resolved_at"),
    ("resolved at", "resolved_at"),
    ("closed", "closed_at"),
    ("closed at", "closed_at"),
    ("resolution code", "close_code"),
    ("close code", "close_code"),
    ("resolution notes", "close_notes"),
    ("close notes", "close_notes"),
    ("reopen count", "reopen_count"),
    ("reassignment count", "reassignment_count"),
    ("configuration item", "cmdb_ci"),
    ("problem", "problem_id"),
    ("change request", "rfc"),
    ("caused by change", "caused_by"),
    ("type", "type"),
    ("risk", "risk"),
    ("approval", "approval"),
    ("backout plan", "backout_plan"),
    ("test plan", "test_plan"),
    ("implementation plan", "implementation_plan"),
    ("planned start date", "start_date"),
    ("planned end date", "end_date"),
    ("actual start date", "work_start"),
    ("actual end date", "work_end"),
    ("active", "active"),
    ("known error", "known_error"),
    ("cause notes", "cause_notes"),
    ("workaround", "workaround"),
    ("fix notes", "fix_notes"),
    ("business service", "business_service"),
    ("service", "business_service"),
    ("major incident state", "major_incident_state"),
    ("item", "cat_item"),
    ("review date", "review_date"),
    ("review comments", "review_comments"),
];

/// A ServiceNow row: field names, display values, times reformatted when a format is given.
pub(super) fn servicenow_row(cells: Map<String, Value>, cx: &Context) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in cells {
        let field = SERVICENOW_COLUMNS
            .iter()
            .find(|(label, _)| *label == key)
            .map(|(_, f)| f.to_string())
            .unwrap_or_else(|| key.replace(' ', "_"));
        let value = if value.is_null() {
            Value::String(String::new())
        } else {
            value
        };
        let value = match (&value, field.as_str()) {
            (Value::String(s), f)
                if f.ends_with("_at")
                    || f.ends_with("_on")
                    || f.ends_with("_date")
                    || f.starts_with("work_") =>
            {
                Value::String(
                    cx.csv
                        .date_format
                        .as_deref()
                        .and_then(|fmt| normalize_time(s, Some(fmt)))
                        .unwrap_or_else(|| s.clone()),
                )
            }
            _ => value,
        };
        out.insert(field, value);
    }
    // List exports rarely include sys_id: the number identifies the record.
    if !out.contains_key("sys_id")
        && let Some(n) = out.get("number").cloned()
    {
        out.insert("sys_id".into(), n);
    }
    out
}
