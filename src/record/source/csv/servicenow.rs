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

/// What each distinct column key of a ServiceNow list export becomes, worked out once per
/// export from its header (every row has the header's columns): the rows are then built from
/// their cells directly, not through a map of the cells by key first (a second map per row,
/// with every key copied, was a tenth of reading a list export).
pub(super) struct Columns(Vec<Column>);

struct Column {
    /// The places of the key's columns, the last first: a key exported twice (`Opened` and
    /// `opened`) takes the value of its last column, as a map of the cells by key did.
    places: Vec<usize>,
    field: String,
    time: bool,
}

impl Column {
    fn of(key: &str, place: usize) -> Column {
        let field = SERVICENOW_COLUMNS
            .iter()
            .find(|(label, _)| *label == key)
            .map(|(_, f)| f.to_string())
            .unwrap_or_else(|| key.replace(' ', "_"));
        let time = field.ends_with("_at")
            || field.ends_with("_on")
            || field.ends_with("_date")
            || field.starts_with("work_");
        Column {
            places: vec![place],
            field,
            time,
        }
    }
}

impl Columns {
    /// The columns of an export whose normalised header keys are `keys`, in the order of their
    /// keys (the order a row's fields were set in, so that of two keys giving one field, the
    /// later key's value stays).
    pub(super) fn of(keys: &[String]) -> Columns {
        // Kept in key order by inserting each key at its place (a header has tens of columns:
        // a sort would add its own code to the .wasm for this one list).
        let mut columns: Vec<(&str, Column)> = Vec::with_capacity(keys.len());
        for (place, key) in keys.iter().enumerate() {
            match columns.binary_search_by(|(k, _)| (*k).cmp(key.as_str())) {
                Ok(at) => {
                    if let Some((_, c)) = columns.get_mut(at) {
                        c.places.insert(0, place);
                    }
                }
                Err(at) => columns.insert(at, (key, Column::of(key, place))),
            }
        }
        Columns(columns.into_iter().map(|(_, c)| c).collect())
    }

    /// A ServiceNow row from one row's cells (moved out): field names, display values, times
    /// reformatted when a format is given.
    pub(super) fn row(&self, mut cells: Vec<Option<String>>, cx: &Context) -> Map<String, Value> {
        let mut out = Map::new();
        for column in &self.0 {
            let place = column.places.iter().find(|&&p| p < cells.len());
            let Some(cell) = place.and_then(|&p| cells.get_mut(p)) else {
                continue;
            };
            let value = match cell.take() {
                None => String::new(),
                Some(s) if column.time => cx
                    .csv
                    .date_format
                    .as_deref()
                    .and_then(|fmt| normalize_time(&s, Some(fmt)))
                    .unwrap_or(s),
                Some(s) => s,
            };
            out.insert(column.field.clone(), Value::String(value));
        }
        // List exports rarely include sys_id: the number identifies the record.
        if !out.contains_key("sys_id")
            && let Some(n) = out.get("number").cloned()
        {
            out.insert("sys_id".into(), n);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::Columns;
    use crate::record::source::context::Context;

    /// The row an export with header `keys` gives for `cells`.
    fn row(keys: &[&str], cells: &[Option<&str>]) -> Value {
        let keys: Vec<String> = keys.iter().map(|k| (*k).to_string()).collect();
        let cells = cells.iter().map(|c| c.map(str::to_string)).collect();
        Value::Object(Columns::of(&keys).row(cells, &Context::default()))
    }

    /// Labels and field names both map; an empty cell is an empty field; the number stands in
    /// for a missing sys_id.
    #[test]
    fn rows_are_built_from_their_cells_by_the_header() {
        assert_eq!(
            row(
                &["number", "short description", "opened", "u custom"],
                &[Some("INC1"), None, Some("2026-01-02 03:04:05"), Some("x")],
            ),
            json!({"number": "INC1", "short_description": "", "opened_at": "2026-01-02 03:04:05",
                   "u_custom": "x", "sys_id": "INC1"})
        );
    }

    /// A key exported twice takes its last column's value; of two keys giving one field, the
    /// later key in key order wins (as when the cells went through a map by key).
    #[test]
    fn repeated_keys_and_fields_keep_the_last_value() {
        assert_eq!(
            row(
                &["opened at", "number", "opened", "number", "sys id"],
                &[
                    Some("2026-01-02 03:04:05"),
                    Some("INC1"),
                    Some("2026-09-09 09:09:09"),
                    Some("INC2"),
                    Some("abc"),
                ],
            ),
            json!({"number": "INC2", "opened_at": "2026-01-02 03:04:05", "sys_id": "abc"})
        );
    }
}
