//! List exports: the CSV a manager downloads from a list view (ServiceNow, Jira, GLPI), with its
//! delimiter, date format, decimal separator and null markers from the instance context.
//!
//! Rows become JSON elements that the JSON pipeline reads: ServiceNow rows keep ServiceNow field
//! names (display values, as list exports show them) and go through the ServiceNow adapter; Jira
//! and GLPI rows become canonical records. An export may hold several versions of one record
//! (audit snapshots): the latest by update time wins, and the earlier ones feed the reopen and
//! reassignment counts.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::Source;
use super::context::Context;
use super::history::{Event, EventField, counts};
use crate::error::{Error, ErrorCode, Result};
use crate::record::model::State;
use crate::record::time::Instant;
use crate::record::value::Text;

pub mod infer;

pub use infer::Note;

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

/// Whether a text is a CSV export rather than JSON.
pub fn looks_like_csv(text: &str) -> bool {
    let t = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    // JSON is told by its first character, before the first line (a whole one-line export) is read.
    if t.starts_with(['{', '[']) {
        return false;
    }
    let header = t.lines().next().unwrap_or_default();
    let quoted_header = header.contains("\",") || header.contains("\";") || header.contains("\"\t");
    header.contains([',', ';', '\t', '|']) && (!t.starts_with('"') || quoted_header)
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

/// Parses a naive time with the instance's date format (strftime subset: %Y %y %m %d %e %H %I
/// %M %S %p %b %B), or the formats `Instant::parse` reads; returns `YYYY-MM-DD HH:MM:SS`.
pub fn normalize_time(text: &str, format: Option<&str>) -> Option<String> {
    let t = text.trim();
    if let Some(fmt) = format
        && let Some((y, mo, d, h, mi, s)) = parse_format(t, fmt)
    {
        return Some(format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"));
    }
    Instant::parse(t, None).map(|_| t.replace('T', " ").chars().take(19).collect())
}

fn parse_format(text: &str, fmt: &str) -> Option<(i64, i64, i64, i64, i64, i64)> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let (mut y, mut mo, mut d, mut h, mut mi, mut s) = (None, None, None, 0, 0, 0);
    let mut pm: Option<bool> = None;
    let mut rest = text;
    let mut f = fmt.chars().peekable();
    let take_num = |rest: &mut &str, max: usize| -> Option<i64> {
        let digits: String = rest
            .chars()
            .take_while(char::is_ascii_digit)
            .take(max)
            .collect();
        if digits.is_empty() {
            return None;
        }
        *rest = rest.get(digits.len()..)?;
        digits.parse().ok()
    };
    while let Some(c) = f.next() {
        if c != '%' {
            if c == ' ' {
                rest = rest.trim_start();
                continue;
            }
            rest = rest.strip_prefix(c)?;
            continue;
        }
        match f.next()? {
            'Y' => y = Some(take_num(&mut rest, 4)?),
            'y' => y = Some(infer::full_year(take_num(&mut rest, 2)?)),
            'm' => mo = Some(take_num(&mut rest, 2)?),
            'd' => d = Some(take_num(&mut rest, 2)?),
            'e' => {
                rest = rest.trim_start();
                d = Some(take_num(&mut rest, 2)?);
            }
            'H' | 'I' => h = take_num(&mut rest, 2)?,
            'M' => mi = take_num(&mut rest, 2)?,
            'S' => s = take_num(&mut rest, 2)?,
            'p' => {
                let word: String = rest.chars().take(2).collect::<String>().to_uppercase();
                pm = Some(match word.as_str() {
                    "PM" => true,
                    "AM" => false,
                    _ => return None,
                });
                rest = rest.get(2..)?;
            }
            'b' | 'B' => {
                let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
                let lower = word.to_lowercase();
                mo = Some(MONTHS.iter().position(|m| lower.starts_with(m))? as i64 + 1);
                rest = rest.get(word.len()..)?;
            }
            '%' => rest = rest.strip_prefix('%')?,
            _ => return None,
        }
    }
    if !rest.trim().is_empty() {
        return None;
    }
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    Some((y?, mo?, d?, h, mi, s))
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
        raw.push(record.iter().map(|v| v.trim().to_string()).collect());
    }
    let inference = infer::columns(&headers, &raw, cx);
    let rows = origins
        .into_iter()
        .zip(&raw)
        .map(|(origin, cells)| {
            let cleaned = cells
                .iter()
                .zip(&inference.columns)
                .map(|(v, c)| infer::clean(v, c, &inference, cx))
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
    let table = read_table(text, cx)?;
    let keys: Vec<String> = table.headers.iter().map(|h| norm(h)).collect();
    if let Some(mapping) = cx.mapping.as_ref().filter(|_| source == Source::Auto) {
        let mapped = super::mapping::convert(&table, mapping, cx)?;
        let row_count = table.rows.len() as u64;
        let (latest, superseded) = if mapped.event_log {
            (mapped.rows, 0)
        } else {
            latest_versions(mapped.rows, Source::Canonical)
        };
        let (json, rows) = to_json(latest);
        return Ok(CsvInput {
            json,
            rows,
            row_count,
            superseded: superseded + mapped.folded,
            tool: Source::Canonical,
            notes: table.notes.into_iter().chain(mapped.notes).collect(),
            row_warnings: mapped.warnings,
        });
    }
    let tool = match source {
        Source::Auto => detect(&keys).ok_or_else(|| {
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
    };
    // A column that is exported but empty (or a null marker) is "carried, empty": null.
    let rows: Vec<Row> = table
        .rows
        .iter()
        .map(|(origin, cells)| {
            let mut map = Map::new();
            for (key, value) in keys.iter().zip(cells) {
                map.insert(
                    key.clone(),
                    value.clone().map_or(Value::Null, Value::String),
                );
            }
            (*origin, map)
        })
        .collect();
    let row_count = rows.len() as u64;
    let shaped: Vec<Row> = match tool {
        Source::ServiceNow => rows
            .into_iter()
            .map(|(o, c)| (o, servicenow_row(c, cx)))
            .collect(),
        Source::Jira => rows
            .into_iter()
            .map(|(o, c)| (o, jira_row(c, cx)))
            .collect(),
        _ => rows
            .into_iter()
            .map(|(o, c)| (o, glpi_row(c, cx)))
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

/// Rows as a JSON array, with the origin of each element.
fn to_json(rows: Vec<Row>) -> (String, Vec<RowOrigin>) {
    let mut json = String::from("[");
    let mut origins = Vec::with_capacity(rows.len());
    for (n, (origin, row)) in rows.into_iter().enumerate() {
        if n > 0 {
            json.push(',');
        }
        json.push_str(&Value::Object(row).to_string());
        origins.push(origin);
    }
    json.push(']');
    (json, origins)
}

fn cell(c: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| c.get(*k).and_then(Value::as_str).map(str::to_string))
}

fn time_cell(
    c: &Map<String, Value>,
    keys: &[&str],
    cx: &Context,
    default_format: Option<&str>,
) -> Option<String> {
    let raw = cell(c, keys)?;
    let format = cx.csv.date_format.as_deref().or(default_format);
    Some(normalize_time(&raw, format).unwrap_or(raw))
}

/// A ServiceNow row: field names, display values, times reformatted when a format is given.
fn servicenow_row(cells: Map<String, Value>, cx: &Context) -> Map<String, Value> {
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

/// Jira priority names → canonical priority.
const JIRA_PRIORITY: &[(&str, u8)] = &[
    ("highest", 1),
    ("blocker", 1),
    ("critical", 1),
    ("high", 2),
    ("major", 2),
    ("medium", 3),
    ("low", 4),
    ("minor", 4),
    ("lowest", 5),
    ("trivial", 5),
];

fn jira_row(c: Map<String, Value>, cx: &Context) -> Map<String, Value> {
    let fmt = Some("%d/%b/%y %I:%M %p");
    let key = cell(&c, &["issue key"]);
    let issue_type = cell(&c, &["issue type"]).unwrap_or_default();
    let kind = cx
        .kind_of(&issue_type)
        .map(|k| k.as_str().to_string())
        .unwrap_or_else(|| {
            let t = issue_type.to_lowercase();
            if t.contains("incident") {
                "incident"
            } else if t.contains("problem") {
                "problem"
            } else if t.contains("change") {
                "change"
            } else if t.contains("request") {
                "service_request"
            } else {
                "incident"
            }
            .into()
        });
    let category = cell(&c, &["status category"]).map(|s| s.to_lowercase());
    let status = cell(&c, &["status"]).unwrap_or_default();
    let resolved = cell(&c, &["resolved"]);
    let state = cx
        .choice("status", &status)
        .map(str::to_string)
        .or_else(|| match category.as_deref() {
            Some("to do" | "new") => Some("new".into()),
            Some("in progress" | "indeterminate") => Some("in_progress".into()),
            Some("done") => Some(
                if resolved.is_some() {
                    "resolved"
                } else {
                    "closed"
                }
                .into(),
            ),
            _ => None,
        })
        .or_else(|| resolved.as_ref().map(|_| "resolved".to_string()));
    let mut out = Map::new();
    out.insert(
        "id".into(),
        json!(cell(&c, &["issue id"]).or(key.clone()).unwrap_or_default()),
    );
    out.insert("kind".into(), json!(kind));
    if let Some(k) = &key {
        out.insert("number".into(), json!(k));
    }
    out.insert("title".into(), json!(cell(&c, &["summary"])));
    if let Some(s) = state {
        out.insert("state".into(), json!(s));
    }
    out.insert("stateLabel".into(), json!(status));
    if let Some(p) = cell(&c, &["priority"])
        && let Some((_, v)) = JIRA_PRIORITY
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&p))
    {
        out.insert("priority".into(), json!({"value": v, "label": p}));
    }
    out.insert(
        "category".into(),
        json!(cell(&c, &["component/s", "components"])),
    );
    out.insert("assignee".into(), json!(cell(&c, &["assignee"])));
    out.insert("requester".into(), json!(cell(&c, &["reporter"])));
    out.insert(
        "openedAt".into(),
        json!(time_cell(&c, &["created"], cx, fmt).map(|t| iso_in(t, cx))),
    );
    out.insert(
        "updatedAt".into(),
        json!(time_cell(&c, &["updated"], cx, fmt).map(|t| iso_in(t, cx))),
    );
    out.insert(
        "resolvedAt".into(),
        json!(
            resolved
                .and_then(|r| normalize_time(&r, cx.csv.date_format.as_deref().or(fmt)))
                .map(|t| iso_in(t, cx))
        ),
    );
    if kind == "incident" {
        out.insert(
            "incident".into(),
            json!({"resolutionCode": cell(&c, &["resolution"])}),
        );
    }
    out.insert("origin".into(), json!({"tool": "jira", "shape": "csv"}));
    out
}

/// GLPI status labels (English and French interface) → state.
const GLPI_STATUS: &[(&str, &str)] = &[
    ("new", "new"),
    ("nouveau", "new"),
    ("processing (assigned)", "in_progress"),
    ("en cours (attribué)", "in_progress"),
    ("processing (planned)", "in_progress"),
    ("en cours (planifié)", "in_progress"),
    ("pending", "on_hold"),
    ("en attente", "on_hold"),
    ("solved", "resolved"),
    ("résolu", "resolved"),
    ("closed", "closed"),
    ("clos", "closed"),
];

/// GLPI priority labels (1 very low … 6 major) → canonical priority.
const GLPI_PRIORITY: &[(&str, u8)] = &[
    ("major", 1),
    ("majeure", 1),
    ("very high", 1),
    ("très haute", 1),
    ("high", 2),
    ("haute", 2),
    ("medium", 3),
    ("moyenne", 3),
    ("low", 4),
    ("basse", 4),
    ("very low", 5),
    ("très basse", 5),
];

fn glpi_row(c: Map<String, Value>, cx: &Context) -> Map<String, Value> {
    let id = cell(&c, &["id"]).unwrap_or_default();
    let ticket_type = cell(&c, &["type"]).unwrap_or_default().to_lowercase();
    let kind = if ticket_type.contains("request") || ticket_type.contains("demande") {
        "service_request"
    } else {
        "incident"
    };
    let status = cell(&c, &["status", "statut"]).unwrap_or_default();
    let state = cx
        .choice("status", &status)
        .map(str::to_string)
        .or_else(|| {
            GLPI_STATUS
                .iter()
                .find(|(l, _)| l.eq_ignore_ascii_case(status.trim()))
                .map(|(_, s)| s.to_string())
        });
    let mut out = Map::new();
    out.insert("id".into(), json!(id));
    out.insert("kind".into(), json!(kind));
    out.insert("number".into(), json!(id));
    out.insert("title".into(), json!(cell(&c, &["title", "titre"])));
    if let Some(s) = state {
        out.insert("state".into(), json!(s));
    }
    out.insert("stateLabel".into(), json!(status));
    if let Some(p) = cell(&c, &["priority", "priorité"]) {
        let mapped = cx
            .choice("priority", &p)
            .and_then(|v| v.parse::<u8>().ok())
            .or_else(|| {
                GLPI_PRIORITY
                    .iter()
                    .find(|(l, _)| l.eq_ignore_ascii_case(p.trim()))
                    .map(|(_, v)| *v)
            });
        if let Some(v) = mapped {
            out.insert("priority".into(), json!({"value": v, "label": p}));
        }
    }
    out.insert(
        "category".into(),
        json!(cell(&c, &["category", "catégorie"])),
    );
    out.insert(
        "assignmentGroup".into(),
        json!(cell(&c, &["assigned to - group", "attribué à - groupe"])),
    );
    out.insert(
        "assignee".into(),
        json!(cell(
            &c,
            &[
                "assigned to - technician",
                "assigned to",
                "attribué à - technicien"
            ]
        )),
    );
    out.insert(
        "requester".into(),
        json!(cell(
            &c,
            &[
                "requester - requester",
                "requester",
                "demandeur - demandeur",
                "demandeur"
            ]
        )),
    );
    let opened = time_cell(&c, &["opening date", "date d'ouverture"], cx, None);
    out.insert("openedAt".into(), json!(opened.map(|t| iso_in(t, cx))));
    out.insert(
        "updatedAt".into(),
        json!(
            time_cell(&c, &["last update", "dernière modification"], cx, None)
                .map(|t| iso_in(t, cx))
        ),
    );
    out.insert(
        "resolvedAt".into(),
        json!(
            time_cell(&c, &["resolution date", "date de résolution"], cx, None)
                .map(|t| iso_in(t, cx))
        ),
    );
    out.insert(
        "closedAt".into(),
        json!(time_cell(&c, &["closing date", "date de clôture"], cx, None).map(|t| iso_in(t, cx))),
    );
    out.insert("origin".into(), json!({"tool": "glpi", "shape": "csv"}));
    out
}

/// A naive export time, read in the instance's zone, as a canonical UTC time (a value that is
/// not a time is kept as it is, so the canonical reader rejects it with its path).
fn iso_in(naive: String, cx: &Context) -> String {
    match Instant::parse(&naive, cx.time_zone.as_ref()) {
        Some((i, _)) => i.to_string(),
        None => naive,
    }
}

/// Keeps the latest version of each record and counts reopen/reassignment from the versions.
pub fn latest_versions(rows: Vec<Row>, tool: Source) -> (Vec<Row>, u64) {
    let key_of = |r: &Map<String, Value>| -> Option<String> {
        ["sys_id", "number", "id"]
            .iter()
            .find_map(|k| r.get(*k).and_then(Value::as_str).map(str::to_string))
    };
    let updated_of = |r: &Map<String, Value>| -> Option<i64> {
        ["sys_updated_on", "updatedAt"]
            .iter()
            .find_map(|k| r.get(*k).and_then(Value::as_str))
            .and_then(|t| Instant::parse_utc(t).map(|i| i.0))
    };
    let mut groups: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut keyless = Vec::new();
    for (origin, row) in rows {
        match key_of(&row) {
            Some(k) => {
                if !groups.contains_key(&k) {
                    order.push(k.clone());
                }
                groups.entry(k).or_default().push((origin, row));
            }
            None => keyless.push((origin, row)),
        }
    }
    let mut superseded = 0;
    let mut out = Vec::new();
    for k in order {
        let Some(mut versions) = groups.remove(&k) else {
            continue;
        };
        crate::util::sort::sort_by_key(&mut versions, |(o, r)| (updated_of(r), o.row));
        superseded += versions.len() as u64 - 1;
        if versions.len() > 1 {
            let events = version_events(&versions, tool);
            let (reopened, reassigned) = counts(&events);
            if let Some((_, latest)) = versions.last_mut() {
                set_counts(latest, tool, reopened, reassigned);
            }
        }
        if let Some(latest) = versions.pop() {
            out.push(latest);
        }
    }
    out.extend(keyless);
    crate::util::sort::sort_by_key(&mut out, |(o, _)| o.row);
    (out, superseded)
}

fn state_of(r: &Map<String, Value>, tool: Source) -> Option<State> {
    match tool {
        Source::ServiceNow => {
            let s = r
                .get("state")
                .or_else(|| r.get("incident_state"))
                .and_then(Value::as_str)?
                .to_lowercase();
            Some(match s.as_str() {
                "new" | "1" => State::New,
                "resolved" | "6" => State::Resolved,
                "closed" | "7" => State::Closed,
                "canceled" | "cancelled" | "8" => State::Cancelled,
                "on hold" | "3" => State::OnHold,
                _ => State::InProgress,
            })
        }
        _ => r
            .get("state")
            .and_then(Value::as_str)
            .and_then(State::parse),
    }
}

fn version_events<'a>(versions: &[Row], tool: Source) -> Vec<Event<'a>> {
    let group_of = |r: &Map<String, Value>| {
        ["assignment_group", "assignmentGroup"]
            .iter()
            .find_map(|k| r.get(*k).and_then(Value::as_str))
            .map(|s| Text::owned(s.to_string()))
    };
    let mut events = Vec::new();
    for (i, pair) in versions.windows(2).enumerate() {
        let [(_, a), (_, b)] = pair else { continue };
        let at = Some(Instant(i as i64));
        let (sa, sb) = (state_of(a, tool), state_of(b, tool));
        if sa != sb {
            events.push(Event {
                at,
                field: EventField::State,
                from_state: sa,
                to_state: sb,
                from: None,
                to: None,
            });
        }
        let (ga, gb) = (group_of(a), group_of(b));
        if ga != gb {
            events.push(Event {
                at,
                field: EventField::AssignmentGroup,
                from_state: None,
                to_state: None,
                from: ga,
                to: gb,
            });
        }
    }
    events
}

fn set_counts(row: &mut Map<String, Value>, tool: Source, reopened: u32, reassigned: u32) {
    match tool {
        Source::ServiceNow => {
            row.entry("reopen_count")
                .or_insert_with(|| json!(reopened.to_string()));
            row.entry("reassignment_count")
                .or_insert_with(|| json!(reassigned.to_string()));
        }
        _ => {
            if row.get("kind").and_then(Value::as_str) == Some("incident") {
                let detail = row.entry("incident").or_insert_with(|| json!({}));
                if let Value::Object(d) = detail {
                    d.entry("reopenCount").or_insert(json!(reopened));
                    d.entry("reassignmentCount").or_insert(json!(reassigned));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats_of_list_exports() {
        assert_eq!(
            normalize_time("17/Feb/26 3:10 PM", Some("%d/%b/%y %I:%M %p")).as_deref(),
            Some("2026-02-17 15:10:00")
        );
        assert_eq!(
            normalize_time("03.04.2026 07:05", Some("%d.%m.%Y %H:%M")).as_deref(),
            Some("2026-04-03 07:05:00")
        );
        assert_eq!(
            normalize_time("2026-04-03 07:05:09", None).as_deref(),
            Some("2026-04-03 07:05:09")
        );
        assert_eq!(
            normalize_time("12/Jan/26 12:30 AM", Some("%d/%b/%y %I:%M %p")).as_deref(),
            Some("2026-01-12 00:30:00")
        );
        assert_eq!(normalize_time("soon", Some("%d/%m/%Y")), None);
    }

    #[test]
    fn delimiter_is_sniffed_from_the_header() {
        let cx = Context::default();
        let d = |t: &str| infer::delimiter(t, &cx).0;
        assert_eq!(d("\"ID\";\"Title\";\"Status\"\n"), b';');
        assert_eq!(d("number,short_description,state\n"), b',');
        assert_eq!(d("a\tb\tc\n"), b'\t');
    }
}
