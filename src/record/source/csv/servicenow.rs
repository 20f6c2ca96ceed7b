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

/// The field each column of a ServiceNow list export becomes, and whether it holds a time,
/// by the column's place in a row: every row of an export has the same columns, so each is
/// looked up among the labels once rather than once a row (that lookup was a tenth of reading
/// a list export).
#[derive(Default)]
pub(super) struct Columns(Vec<Column>);

struct Column {
    key: String,
    field: String,
    time: bool,
}

impl Columns {
    /// The column at `i` of a row, whose key is `key`: worked out when the place is new or held
    /// another key.
    fn at(&mut self, i: usize, key: &str) -> Option<&Column> {
        if self.0.get(i).is_none_or(|c| c.key != key) {
            let field = SERVICENOW_COLUMNS
                .iter()
                .find(|(label, _)| *label == key)
                .map(|(_, f)| f.to_string())
                .unwrap_or_else(|| key.replace(' ', "_"));
            let time = field.ends_with("_at")
                || field.ends_with("_on")
                || field.ends_with("_date")
                || field.starts_with("work_");
            let column = Column {
                key: key.to_string(),
                field,
                time,
            };
            match self.0.get_mut(i) {
                Some(c) => *c = column,
                None => self.0.push(column),
            }
        }
        self.0.get(i)
    }
}

/// A ServiceNow row: field names, display values, times reformatted when a format is given.
pub(super) fn servicenow_row(
    cells: Map<String, Value>,
    cx: &Context,
    columns: &mut Columns,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (i, (key, value)) in cells.into_iter().enumerate() {
        let Some(column) = columns.at(i, &key) else {
            continue;
        };
        let value = match value {
            Value::Null => Value::String(String::new()),
            Value::String(s) if column.time => Value::String(
                cx.csv
                    .date_format
                    .as_deref()
                    .and_then(|fmt| normalize_time(&s, Some(fmt)))
                    .unwrap_or(s),
            ),
            other => other,
        };
        out.insert(column.field.clone(), value);
    }
    // List exports rarely include sys_id: the number identifies the record.
    if !out.contains_key("sys_id")
        && let Some(n) = out.get("number").cloned()
    {
        out.insert("sys_id".into(), n);
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::{Columns, servicenow_row};
    use crate::record::source::context::Context;

    fn row(pairs: &[(&str, Value)]) -> Map<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect()
    }

    /// The columns worked out for one row serve the next; a row whose columns differ at a
    /// place gets that place worked out again, not the earlier row's field.
    #[test]
    fn each_column_is_mapped_by_its_own_key() {
        let cx = Context::default();
        let mut columns = Columns::default();
        let first = servicenow_row(
            row(&[
                ("number", json!("INC1")),
                ("short description", Value::Null),
            ]),
            &cx,
            &mut columns,
        );
        assert_eq!(
            Value::Object(first),
            json!({"number": "INC1", "short_description": "", "sys_id": "INC1"})
        );
        let second = servicenow_row(
            row(&[
                ("number", json!("INC2")),
                ("opened", json!("2026-01-02 03:04:05")),
            ]),
            &cx,
            &mut columns,
        );
        assert_eq!(
            Value::Object(second),
            json!({"number": "INC2", "opened_at": "2026-01-02 03:04:05", "sys_id": "INC2"})
        );
    }
}
