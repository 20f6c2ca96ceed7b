//! List exports: the CSV a manager downloads from a list view (ServiceNow, Jira, GLPI), with its
//! delimiter, date format, decimal separator and null markers from the instance context.
//!
//! Rows become JSON elements that the JSON pipeline reads: ServiceNow rows keep ServiceNow field
//! names (display values, as list exports show them) and go through the ServiceNow adapter; Jira
//! and GLPI rows become canonical records. An export may hold several versions of one record
//! (audit snapshots): the latest by update time wins, and the earlier ones feed the reopen and
//! reassignment counts.

use serde_json::{Map, Value};

use super::Source;
use super::context::Context;
#[cfg(feature = "mapping")]
use super::mapping::Mapping;
use crate::error::{Error, ErrorCode, Result};

mod cells;
mod date_format;
mod glpi;
pub mod infer;
mod jira;
mod servicenow;
mod sniff;
mod versions;

pub use date_format::normalize_time;
pub use infer::Note;
pub use sniff::looks_like_csv;
pub use versions::latest_versions;

/// The message for a date a CSV's reader cannot read (CSV advice, not an API's): a mapping's
/// own, and the engine's in place of an adapter's advice for the REST API.
pub const UNREADABLE_DATE: &str = "a date the engine cannot read in this CSV; give the column's format in context.csv.dateFormat (e.g. %d/%m/%Y %H:%M)";

/// A CSV row: where it came from and its cells.
pub type Row = (RowOrigin, Map<String, Value>);

/// An export turned into JSON, with where each element came from.
pub struct CsvInput {
    /// A JSON array of the latest version of each record.
    pub json: String,
    /// Per element of `json`: the CSV line (1-based, the header is line 1) and row index.
    pub rows: Vec<RowOrigin>,
    /// Data rows in the file.
    pub row_count: u64,
    /// Rows superseded by a later version of the same record.
    pub superseded: u64,
    pub tool: Source,
    /// What the reader inferred about the file (or could not), reported once, on its first row.
    pub notes: Vec<Note>,
    /// Warnings about single rows made while reading them (a mapping's values).
    pub row_warnings: Vec<RowWarning>,
}

/// A warning about one row: its origin, the field path inside the record, the message and the
/// original value (JSON text).
#[derive(Clone, Debug)]
pub struct RowWarning {
    pub origin: RowOrigin,
    pub field: String,
    pub message: String,
    pub value: String,
}

/// A CSV file read into cells: the header as exported and every row's cells, empty cells (and
/// null markers) as `None`, dates, decimals and booleans in the form the adapters read.
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(RowOrigin, Vec<Option<String>>)>,
    /// The rows as exported (trimmed), for previews.
    pub raw: Vec<Vec<String>>,
    pub delimiter: u8,
    pub notes: Vec<Note>,
}

#[derive(Clone, Copy, Debug)]
pub struct RowOrigin {
    pub line: u64,
    pub row: u64,
}

fn csv_error(line: u64, message: impl std::fmt::Display) -> Error {
    let mut e = Error::new(
        ErrorCode::CsvSyntax,
        format!("malformed CSV at line {line}: {message}"),
    );
    e.line = Some(line as usize);
    e
}

/// Header label → a key: lower case, single spaces.
pub fn norm(h: &str) -> String {
    h.trim()
        .trim_matches('\u{feff}')
        .to_lowercase()
        .replace(['_', '\u{a0}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The tool of an export, from its header.
fn detect(headers: &[String]) -> Option<Source> {
    let has = |k: &str| headers.iter().any(|h| h == k);
    if has("issue key") || has("issue id") {
        Some(Source::Jira)
    } else if has("number")
        && (has("short description")
            || has("sys id")
            || has("opened")
            || has("opened at")
            || has("state"))
    {
        Some(Source::ServiceNow)
    } else if has("id") && (has("title") || has("titre")) && (has("status") || has("statut")) {
        Some(Source::Glpi)
    } else {
        None
    }
}

/// The delimiter's name in notes.
fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".into(),
        other => format!("`{}`", other as char),
    }
}

/// Reads a CSV file into cells, inferring what the context does not say (see [`infer`]).
pub fn read_table(text: &str, cx: &Context) -> Result<Table> {
    read_table_keeping(text, cx, true)
}

/// [`read_table`]; without `keep_raw` (a tool's list export, whose rows are not previewed),
/// `raw` is left empty and its text cells move into `rows` (one copy of every cell less).
fn read_table_keeping(text: &str, cx: &Context, keep_raw: bool) -> Result<Table> {
    let text = text.trim_start_matches('\u{feff}');
    let (delimiter, sniffed) = infer::delimiter(text, cx);
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|h| h.trim().trim_matches('\u{feff}').to_string())
            .collect(),
        Err(e) => return Err(csv_error(1, e)),
    };
    let mut origins = Vec::new();
    let mut raw: Vec<Vec<String>> = Vec::new();
    for (i, result) in reader.records().enumerate() {
        let record = result.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(i as u64 + 2);
            csv_error(line, e)
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(i as u64 + 2);
        origins.push(RowOrigin {
            line,
            row: i as u64,
        });
        raw.push(
            record
                .iter()
                .map(|v| crate::util::trimmed(v).to_string())
                .collect(),
        );
    }
    let inference = infer::columns(&headers, &raw, cx);
    // The raw cells are copied only when the table keeps them; otherwise they move.
    let cells = if keep_raw {
        raw.clone()
    } else {
        std::mem::take(&mut raw)
    };
    let rows = origins
        .into_iter()
        .zip(cells)
        .map(|(origin, cells)| {
            let cleaned = cells
                .into_iter()
                .zip(&inference.columns)
                .map(|(v, c)| infer::clean_owned(v, c, &inference, cx))
                .collect();
            (origin, cleaned)
        })
        .collect();
    let mut notes = Vec::new();
    if sniffed && delimiter != b',' {
        notes.push(Note {
            column: None,
            message: format!(
                "CSV delimiter inferred: {} (set context.csv.delimiter to override)",
                delimiter_name(delimiter)
            ),
            value: String::new(),
        });
    }
    notes.extend(inference.notes);
    Ok(Table {
        headers,
        rows,
        raw,
        delimiter,
        notes,
    })
}

/// Reads an export into JSON elements for `source` (or the detected tool, or the context's
/// mapping).
pub fn convert(text: &str, source: Source, cx: &Context) -> Result<CsvInput> {
    // Without mappings a context never holds one (resolving it refuses a mapping).
    #[cfg(feature = "mapping")]
    if let Some(mapping) = cx.mapping.as_ref().filter(|_| source == Source::Auto) {
        return convert_mapped(read_table(text, cx)?, mapping, cx);
    }
    let mut table = read_table_keeping(text, cx, false)?;
    let keys: Vec<String> = table.headers.iter().map(|h| norm(h)).collect();
    let tool = tool_of(source, &keys, &table)?;
    let rows = std::mem::take(&mut table.rows);
    let row_count = rows.len() as u64;
    let shaped: Vec<Row> = match tool {
        Source::ServiceNow => {
            let columns = servicenow::Columns::of(&keys);
            rows.into_iter()
                .map(|(o, cells)| (o, columns.row(cells, cx)))
                .collect()
        }
        Source::Jira => keyed_rows(rows, &keys)
            .into_iter()
            .map(|(o, c)| (o, jira::jira_row(c, cx)))
            .collect(),
        _ => keyed_rows(rows, &keys)
            .into_iter()
            .map(|(o, c)| (o, glpi::glpi_row(c, cx)))
            .collect(),
    };
    let (latest, superseded) = latest_versions(shaped, tool);
    let (json, origins) = to_json(latest);
    Ok(CsvInput {
        json,
        rows: origins,
        row_count,
        superseded,
        tool,
        notes: table.notes,
        row_warnings: Vec::new(),
    })
}

/// An export of a tool without an adapter, read with the context's mapping into canonical
/// records.
#[cfg(feature = "mapping")]
fn convert_mapped(table: Table, mapping: &Mapping, cx: &Context) -> Result<CsvInput> {
    let mapped = super::mapping::convert(&table, mapping, cx)?;
    let row_count = table.rows.len() as u64;
    let (latest, superseded) = if mapped.event_log {
        (mapped.rows, 0)
    } else {
        latest_versions(mapped.rows, Source::Canonical)
    };
    let (json, rows) = to_json(latest);
    Ok(CsvInput {
        json,
        rows,
        row_count,
        superseded: superseded + mapped.folded,
        tool: Source::Canonical,
        notes: table.notes.into_iter().chain(mapped.notes).collect(),
        row_warnings: mapped.warnings,
    })
}

/// The tool whose list export this is: the caller's `source`, else the one its header shows.
fn tool_of(source: Source, keys: &[String], table: &Table) -> Result<Source> {
    Ok(match source {
        Source::Auto => detect(keys).ok_or_else(|| {
            Error::new(
                ErrorCode::SourceUnknown,
                format!(
                    "cannot tell which tool exported this CSV (columns: {}); pass `source`, or map its columns in context.mapping (`node js/cli.js map FILE` proposes a mapping)",
                    table.headers.join(", ")
                ),
            )
        })?,
        s @ (Source::ServiceNow | Source::Jira | Source::Glpi) => s,
        other => {
            return Err(Error::option(
                "source",
                format!(
                    "CSV list exports are read for servicenow, jira and glpi, not {}",
                    other.as_str()
                ),
            ));
        }
    })
}

/// Each row as its cells (moved, not copied) under their normalised headers. A column that is
/// exported but empty (or a null marker) is "carried, empty": null.
fn keyed_rows(rows: Vec<(RowOrigin, Vec<Option<String>>)>, keys: &[String]) -> Vec<Row> {
    rows.into_iter()
        .map(|(origin, cells)| {
            let mut map = Map::new();
            for (key, value) in keys.iter().zip(cells) {
                map.insert(key.clone(), value.map_or(Value::Null, Value::String));
            }
            (origin, map)
        })
        .collect()
}

/// Rows as a JSON array, with the origin of each element: each row written straight into the
/// array's text.
fn to_json(rows: Vec<Row>) -> (String, Vec<RowOrigin>) {
    let mut json = Vec::with_capacity(rows.len().saturating_mul(256));
    json.push(b'[');
    let mut origins = Vec::with_capacity(rows.len());
    for (n, (origin, row)) in rows.into_iter().enumerate() {
        if n > 0 {
            json.push(b',');
        }
        // Writing a map of strings into memory cannot fail.
        let _ = serde_json::to_writer(&mut json, &row);
        origins.push(origin);
    }
    json.push(b']');
    // serde_json writes UTF-8 (its strings are `String`s).
    (String::from_utf8(json).unwrap_or_default(), origins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_sniffed_from_the_header() {
        let cx = Context::default();
        let d = |t: &str| infer::delimiter(t, &cx).0;
        assert_eq!(d("\"ID\";\"Title\";\"Status\"\n"), b';');
        assert_eq!(d("number,short_description,state\n"), b',');
        assert_eq!(d("a\tb\tc\n"), b'\t');
    }
}
