//! What a list export does not say about itself, read from its values: the delimiter, the date
//! format of each date column, a decimal comma, the null markers and spreadsheet booleans.
//!
//! Rules (each pinned by a case in `tests/conformance/csv.json`):
//!
//! - **Delimiter**: of `,` `;` tab `|`, the one that splits the header and the first rows into
//!   the same number of cells (outside quotes); ties go to the one giving more cells, then to
//!   that order. `context.csv.delimiter` overrides.
//! - **Nulls**: an empty cell, or one of `?` `NULL` `null` `N/A` `(empty)` `-` `#N/B` `#N/A`, is
//!   empty. `context.csv.nulls` replaces the list (the empty cell stays empty).
//! - **Dates**, per column: every non-empty value is a date of one shape (`-`, `/` or `.` between
//!   day, month and year; 2- or 4-digit year; month as a number or a name; an optional time with
//!   or without seconds, on a 24- or 12-hour clock with AM/PM). A 4-digit year first is Y-M-D; a
//!   named month decides; otherwise any first number above 12 means day first, any second number
//!   above 12 means month first. A column where every day is 12 or less takes the order the
//!   other date columns of the file decided; when none did, it stays unread and a warning asks
//!   for its format. ISO values (`2016-02-29 01:16:00`, RFC 3339) are read as they are.
//!   `context.csv.dateFormat` overrides: it is then the format of every date column.
//! - **Decimal comma**, per column: numbers such as `1,5`, `0,25` or `1.234,5` (a comma followed
//!   by other than three digits, a leading `0,`, or `.` thousands); the column is read with a
//!   decimal point. `context.csv.decimal` overrides (and then nothing is rewritten).
//! - **Booleans**: a column of `TRUE`/`FALSE` (any case) is read as `true`/`false`.
//!
//! What was inferred is reported as warnings of the first row, one per rule and column group.

use crate::record::source::context::Context;
use crate::record::time::Instant;
use crate::util::trimmed;

mod date;
mod decimal;
mod delimiter;
mod notes;
mod shape;

pub use date::{full_year, looks_like_date, read_date};
pub use decimal::with_decimal_point;
pub use delimiter::delimiter;
pub use notes::list_columns;
pub use shape::DateShape;
// In every build, beside the CSV sniff (`../sniff.rs`).
pub use super::sniff::is_inference_note;

/// Cell values that mean "empty" when the context names none.
pub const NULL_MARKERS: &[&str] = &["?", "NULL", "null", "N/A", "(empty)", "-", "#N/B", "#N/A"];

/// How to read one column.
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    /// Read as it is.
    Text,
    /// Dates of this shape, rewritten as `YYYY-MM-DD HH:MM:SS` (ISO values are kept).
    Date(DateShape),
    /// Dates in the context's `dateFormat`.
    Given,
    /// Numbers with a decimal comma, rewritten with a decimal point.
    DecimalComma,
    /// `TRUE`/`FALSE` in any case, rewritten as `true`/`false`.
    Boolean,
}

/// Something the reader inferred (or could not), said once for the file: a warning of its first
/// row, at `line 1` (the header) or `line 1: <column>`.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    /// The column it is about, when one.
    pub column: Option<String>,
    pub message: String,
    /// An example value (JSON text), or empty.
    pub value: String,
}

/// How an export is read: its delimiter, null markers and column formats, with the notes to
/// report.
#[derive(Clone, Debug)]
pub struct Inference {
    pub nulls: Vec<String>,
    pub columns: Vec<Column>,
    pub notes: Vec<Note>,
}

/// The null markers in effect.
pub fn nulls(cx: &Context) -> Vec<String> {
    if cx.csv.nulls.is_empty() {
        NULL_MARKERS.iter().map(|s| s.to_string()).collect()
    } else {
        cx.csv.nulls.clone()
    }
}

pub fn is_null(value: &str, nulls: &[String]) -> bool {
    let v = trimmed(value);
    v.is_empty() || nulls.iter().any(|n| n == v)
}

/// Infers how to read each column from its values (`rows`: cells per row, as exported).
pub fn columns(headers: &[String], rows: &[Vec<String>], cx: &Context) -> Inference {
    let nulls = nulls(cx);
    let mut evidence = Vec::with_capacity(headers.len());
    let mut columns = Vec::with_capacity(headers.len());
    let mut seen = notes::NullsSeen::default();
    for (i, header) in headers.iter().enumerate() {
        let values = values_of(rows, i, header, &nulls, &mut seen);
        let (column, e) = column_of(&values, cx);
        evidence.push(e);
        columns.push(column);
    }
    let mut notes = notes::dates(headers, rows, &nulls, &evidence, &mut columns);
    notes.extend(notes::decimal_comma(headers, &columns));
    notes.extend(seen.note());
    Inference {
        nulls,
        columns,
        notes,
    }
}

/// A column's values that are not empty; the null markers it holds are counted in `seen`.
fn values_of<'r>(
    rows: &'r [Vec<String>],
    i: usize,
    header: &str,
    nulls: &[String],
    seen: &mut notes::NullsSeen,
) -> Vec<&'r str> {
    let mut values: Vec<&str> = Vec::new();
    let mut marked = false;
    for row in rows {
        let Some(v) = row.get(i) else { continue };
        let t = v.trim();
        if t.is_empty() {
            continue;
        }
        if is_null(t, nulls) {
            *seen.cells.entry(t.to_string()).or_default() += 1;
            marked = true;
            continue;
        }
        values.push(t);
    }
    if marked {
        seen.columns.push(header.to_string());
    }
    values
}

/// How to read a column from its values (dates first, then a decimal comma, then spreadsheet
/// booleans), with what its values say about dates.
fn column_of(values: &[&str], cx: &Context) -> (Column, shape::DateEvidence) {
    let (column, evidence) = if values.is_empty() {
        (Column::Text, shape::DateEvidence::None)
    } else if let Some(fmt) = cx.csv.date_format.as_deref() {
        let dated = values
            .iter()
            .all(|v| super::normalize_time(v, Some(fmt)).is_some());
        let column = if dated { Column::Given } else { Column::Text };
        (column, shape::DateEvidence::None)
    } else {
        let e = shape::date_evidence(values);
        let column = match e {
            shape::DateEvidence::Decided(shape, _) => Column::Date(shape),
            _ => Column::Text,
        };
        (column, e)
    };
    let column = match column {
        Column::Text if cx.csv.decimal.is_none() && decimal::is_decimal_comma_column(values) => {
            Column::DecimalComma
        }
        c => c,
    };
    let column = match column {
        Column::Text
            if !values.is_empty()
                && values
                    .iter()
                    .all(|v| v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false"))
                && values.iter().any(|v| *v != "true" && *v != "false") =>
        {
            Column::Boolean
        }
        c => c,
    };
    (column, evidence)
}

/// A cell as the reader passes it on: `None` when empty, else the value in a form the adapters
/// read (dates as `YYYY-MM-DD HH:MM:SS`, decimal points, `true`/`false`).
fn clean(value: &str, column: &Column, inference: &Inference, cx: &Context) -> Option<String> {
    if is_null(value, &inference.nulls) {
        return None;
    }
    let v = trimmed(value);
    Some(match column {
        Column::Text => v.to_string(),
        Column::Date(shape) => {
            if Instant::parse(v, None).is_some() {
                v.to_string()
            } else {
                read_date(v, shape).unwrap_or_else(|| v.to_string())
            }
        }
        Column::Given => {
            if Instant::parse(v, None).is_some() {
                v.to_string()
            } else {
                super::normalize_time(v, cx.csv.date_format.as_deref())
                    .unwrap_or_else(|| v.to_string())
            }
        }
        Column::DecimalComma => with_decimal_point(v),
        Column::Boolean => v.to_ascii_lowercase(),
    })
}

/// [`clean`] of a cell the caller gives up (already trimmed, as the table's raw cells are): a
/// text cell is moved, not copied.
pub fn clean_owned(
    value: String,
    column: &Column,
    inference: &Inference,
    cx: &Context,
) -> Option<String> {
    match column {
        Column::Text
            if !is_null(&value, &inference.nulls) && trimmed(&value).len() == value.len() =>
        {
            Some(value)
        }
        _ => clean(&value, column, inference, cx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::decimal::decimal_comma_number;

    fn infer(values: &[&str]) -> Inference {
        let rows: Vec<Vec<String>> = values.iter().map(|v| vec![v.to_string()]).collect();
        columns(&["c".to_string()], &rows, &Context::default())
    }

    #[test]
    fn day_above_twelve_decides() {
        let i = infer(&["29-02-2016 01:16", "01-03-2016 09:52"]);
        let Column::Date(shape) = &i.columns[0] else {
            panic!("{:?}", i.columns)
        };
        assert_eq!(shape.format(), "%d-%m-%Y %H:%M");
        assert_eq!(
            read_date("01-03-2016 09:52", shape).as_deref(),
            Some("2016-03-01 09:52:00")
        );
        let i = infer(&["2/29/16 3:10 PM", "3/1/16 12:05 AM"]);
        let Column::Date(shape) = &i.columns[0] else {
            panic!()
        };
        assert_eq!(shape.format(), "%m/%d/%y %I:%M %p");
        assert_eq!(
            read_date("3/1/16 12:05 AM", shape).as_deref(),
            Some("2016-03-01 00:05:00")
        );
    }

    #[test]
    fn ambiguous_columns_ask_for_their_format() {
        let i = infer(&["01.02.2016", "03.04.2016 10:00:05"]);
        assert_eq!(i.columns[0], Column::Text);
        assert!(
            i.notes[0]
                .message
                .contains("%d.%m.%Y %H:%M:%S or %m.%d.%Y %H:%M:%S")
        );
    }

    #[test]
    fn delimiters_and_decimals() {
        let cx = Context::default();
        assert_eq!(delimiter("a;b;c\n1;2,5;x\n", &cx), (b';', true));
        assert_eq!(delimiter("\"a,b\";c;d\n1;2;3\n", &cx), (b';', true));
        assert_eq!(delimiter("a|b\n1|2\n", &cx), (b'|', true));
        assert_eq!(decimal_comma_number("1,5"), Some(true));
        assert_eq!(decimal_comma_number("1.234,50"), Some(true));
        assert_eq!(decimal_comma_number("1,500"), Some(false));
        assert_eq!(decimal_comma_number("12"), Some(false));
        assert_eq!(decimal_comma_number("1,5x"), None);
        assert_eq!(with_decimal_point("1.234,5"), "1234.5");
    }

    /// Moving a cell gives what copying it gives, for every kind of column and null markers.
    #[test]
    fn a_moved_cell_reads_as_a_copied_one() {
        let cx = Context::default();
        let headers: Vec<String> = ["text", "date", "decimal", "flag"]
            .iter()
            .map(|h| (*h).to_string())
            .collect();
        let rows: Vec<Vec<String>> = [
            ["VPN down", "29-02-2016 01:16", "1,5", "TRUE"],
            ["NULL", "01-03-2016 09:52", "0,25", "false"],
            ["", "", "", ""],
        ]
        .iter()
        .map(|r| r.iter().map(|v| (*v).to_string()).collect())
        .collect();
        let inference = columns(&headers, &rows, &cx);
        let values = [
            "VPN down",
            "NULL",
            "",
            " padded ",
            "2016-03-01",
            "1,5",
            "TRUE",
            "-",
        ];
        for column in &inference.columns {
            for v in values {
                assert_eq!(
                    clean_owned(v.to_string(), column, &inference, &cx),
                    clean(v, column, &inference, &cx),
                    "{v:?} in {column:?}"
                );
            }
        }
    }
}
