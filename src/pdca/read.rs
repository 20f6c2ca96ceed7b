//! A partial result read back from its JSON text (`Session::merge` of another worker's
//! `partial()`), through [`crate::util::value_reader`] rather than serde's derived readers of
//! its 14 structs and maps (28 KB of the .wasm for `Partial`'s alone). Fields, names, required
//! members and defaults are those of the serde derives on the types, which stay (natively, they
//! are this reader's test oracle: `tests/partials.rs`).

use serde_json::Value;

use super::{DynamicCell, Example, FindingRef, MonthTally, Partial, Reason, ServiceTally, Tally};
use crate::record::source::{Grouped, GroupedCount, Rejection, Warning};
use crate::record::{Instant, Kind, MonthKey};
use crate::util::per_edition::PerEdition;
use crate::util::value_reader::{
    FromKey, FromValue, Problem, Shape, invalid_type, object, put, require, value_struct,
};

impl Partial {
    /// A partial result from the JSON text `partial()` wrote: serde_json's syntax error (line
    /// and column), or what is wrong and where (`at `checks[3].passed`: …`).
    pub fn from_json(text: &str) -> Result<Partial, String> {
        crate::util::value_reader::from_text(text)
    }
}

value_struct!(
    Partial {
        format: "format", fingerprint: "fingerprint", records_in: "recordsIn",
        evaluated: "evaluated", rejected_total: "rejectedTotal", joined: "joined",
        in_window: "inWindow", rejected: "rejected", warnings_total: "warningsTotal",
        warnings: "warnings", by_kind: "byKind", by_source: "bySource", checks: "checks",
        window: "window", dynamic: "dynamic", evidence2018: "evidence2018",
        evidence2011: "evidence2011", months: "months", findings: "findings",
        failing_records: "failingRecords", window_months: "windowMonths",
        window_cover: "windowCover", services: "services", rejected_reasons: "rejectedReasons",
        warning_reasons: "warningReasons", fields: "fields", data_first: "dataFirst",
        data_last: "dataLast", csv_rows: "csvRows", sla_sources: "slaSources", grouped: "grouped",
        next_index: "nextIndex", ranges: "ranges",
    }
    // Not required: findings, dataFirst, dataLast, slaSources, grouped.
    required: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 22, 23,
        24, 25, 28, 31, 32],
    start: Partial::new(String::new(), 0, PerEdition::new(0, 0))
);

value_struct!(
    Tally {
        passed: "passed", failed: "failed", not_applicable: "not_applicable",
        undetermined: "undetermined", limited: "limited", examples: "examples",
    }
    required: [0, 1, 2, 5],
    start: Tally::default()
);

value_struct!(
    MonthTally { records: "records", checks: "checks" }
    required: [0, 1],
    start: MonthTally::default()
);

value_struct!(
    ServiceTally {
        records: "records", checks: "checks", in_scope: "in_scope", name: "name",
        examples: "examples",
    }
    required: [0, 1],
    start: ServiceTally::default()
);

value_struct!(
    Example { id: "id", number: "number", url: "url" }
    required: [0],
    start: Example { id: String::new(), number: None, url: None }
);

value_struct!(
    FindingRef {
        record: "record", check: "check", kind: "kind", tool: "tool", time: "time",
        group: "group", service: "service", name: "name",
    }
    required: [0, 1, 2],
    start: FindingRef {
        record: Example { id: String::new(), number: None, url: None },
        check: 0,
        kind: Kind::Incident,
        tool: None,
        time: None,
        group: None,
        service: None,
        name: None,
    }
);

value_struct!(
    Reason { count: "count", index: "index", path: "path", message: "message" }
    required: [0, 1, 2, 3],
    start: Reason { count: 0, index: 0, path: String::new(), message: String::new() }
);

value_struct!(
    DynamicCell { check: "check", clause: "clause", passed: "passed", failed: "failed" }
    required: [0, 1, 2, 3],
    start: DynamicCell { check: 0, clause: 0, passed: 0, failed: 0 }
);

value_struct!(
    Rejection { index: "index", path: "path", message: "message" }
    required: [0, 1, 2],
    start: Rejection { index: 0, path: String::new(), message: String::new() }
);

value_struct!(
    Warning { index: "index", path: "path", message: "message", value: "value" }
    required: [0, 1, 2, 3],
    start: Warning { index: 0, path: String::new(), message: String::new(), value: String::new() }
);

value_struct!(
    GroupedCount { note: "note", count: "count", index: "index", path: "path", value: "value" }
    required: [0, 1, 2, 3, 4],
    start: GroupedCount {
        note: Grouped::KeyedBy { tool: String::new(), primary: String::new(), key: String::new() },
        count: 0,
        index: 0,
        path: String::new(),
        value: String::new(),
    }
);

/// A note, tagged by its `note` member (serde's internally tagged enum).
impl FromValue for Grouped {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        const SHAPE: Shape = Shape {
            name: "Grouped",
            fields: &["note", "tool", "primary", "key"],
            deny_unknown: false,
        };
        let (mut note, mut tool, mut primary, mut key) =
            (String::new(), String::new(), String::new(), String::new());
        let seen = object(value, &SHAPE, &mut |at, value| match at {
            0 => put(&mut note, value),
            1 => put(&mut tool, value),
            2 => put(&mut primary, value),
            _ => put(&mut key, value),
        })
        .map_err(|p| match value {
            Value::Object(_) => p,
            _ => invalid_type(value, "internally tagged enum Grouped"),
        })?;
        require(&SHAPE, seen, &[0])?;
        if note != "keyedBy" {
            return Err(crate::util::value_reader::unknown_code(&note, &["keyedBy"]));
        }
        require(&SHAPE, seen, &[1, 2, 3])?;
        Ok(Grouped::KeyedBy { tool, primary, key })
    }
}

impl FromKey for Kind {
    fn from_key(key: &str) -> Result<Self, Problem> {
        Kind::parse(key).ok_or_else(|| {
            crate::util::value_reader::unknown_code(
                key,
                <Kind as crate::util::string_enum::DataText>::TEXTS,
            )
        })
    }
}

impl FromValue for Instant {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        match value {
            Value::String(text) => Instant::parse_utc(text).ok_or_else(|| {
                Problem::new(format!(
                    "invalid value: string {text:?}, expected a date-time such as \"2026-03-01T09:30:00Z\""
                ))
            }),
            _ => Err(invalid_type(
                value,
                "a date-time such as \"2026-03-01T09:30:00Z\" (naive times are UTC)",
            )),
        }
    }
}

impl FromValue for MonthKey {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        match value {
            Value::String(text) => MonthKey::from_key(text),
            _ => Err(invalid_type(value, "a string")),
        }
    }
}

impl FromKey for MonthKey {
    fn from_key(key: &str) -> Result<Self, Problem> {
        MonthKey::parse(key).ok_or_else(|| Problem::new(format!("{key:?} is not a YYYY-MM month")))
    }
}
