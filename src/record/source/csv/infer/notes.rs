//! What the reader tells about a file it inferred: one note per date format (listing its
//! columns), per column whose dates it could not order, for decimal commas and for null markers.

use std::collections::BTreeMap;

use super::shape::{DateEvidence, Order};
use super::{Column, Note, is_null};

/// Column names listed in a note before "… (+n)".
const LISTED: usize = 8;

fn json_text(value: &str) -> String {
    serde_json::Value::String(value.to_string()).to_string()
}

/// A list of columns for a note: the first few, then how many more.
pub fn list_columns(names: &[String]) -> String {
    let mut out = names
        .iter()
        .take(LISTED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > LISTED {
        out.push_str(&format!(", … (+{})", names.len() - LISTED));
    }
    out
}

/// The first value of a column that is not empty, as an example.
fn first_value(rows: &[Vec<String>], i: usize, nulls: &[String]) -> Option<String> {
    rows.iter()
        .filter_map(|r| r.get(i))
        .find(|v| !is_null(v, nulls))
        .map(|v| v.trim().to_string())
}

/// The order the day-month columns that decided one agree on, if they all do.
fn agreed_order(evidence: &[DateEvidence]) -> Option<Order> {
    let decided: Vec<Order> = evidence
        .iter()
        .filter_map(|e| match e {
            DateEvidence::Decided(s, _) if s.order != Order::YearFirst && !s.month_name => {
                Some(s.order)
            }
            _ => None,
        })
        .collect();
    match decided.split_first() {
        Some((first, rest)) if rest.iter().all(|o| o == first) => Some(*first),
        _ => None,
    }
}

/// The notes on date columns. A day-month column its values could not order takes the order
/// the other date columns agree on (and is read as a date); else it asks for its format.
pub(super) fn dates(
    headers: &[String],
    rows: &[Vec<String>],
    nulls: &[String],
    evidence: &[DateEvidence],
    columns: &mut [Column],
) -> Vec<Note> {
    let agreed = agreed_order(evidence);
    let mut notes = Vec::new();
    // One note per format, listing its columns.
    let mut groups: BTreeMap<(String, &'static str), Vec<String>> = BTreeMap::new();
    for (i, e) in evidence.iter().enumerate() {
        let Some(header) = headers.get(i) else {
            continue;
        };
        match *e {
            DateEvidence::Decided(shape, why) => {
                groups
                    .entry((shape.format(), why))
                    .or_default()
                    .push(header.clone());
            }
            DateEvidence::Undecided(shape) => match agreed {
                Some(order) => {
                    let shape = shape.with_order(order);
                    if let Some(c) = columns.get_mut(i) {
                        *c = Column::Date(shape);
                    }
                    groups
                        .entry((shape.format(), "the order the other date columns show"))
                        .or_default()
                        .push(header.clone());
                }
                None => {
                    let example = first_value(rows, i, nulls).unwrap_or_default();
                    notes.push(Note {
                        column: Some(header.clone()),
                        message: format!(
                            "column {header}: every day is 12 or less, so its dates read both day first and month first; give the format in context.csv.dateFormat (e.g. {} or {})",
                            shape.with_order(Order::DayFirst).format(),
                            shape.with_order(Order::MonthFirst).format()
                        ),
                        value: json_text(&example),
                    });
                }
            },
            DateEvidence::Conflicting => {
                let example = first_value(rows, i, nulls).unwrap_or_default();
                notes.push(Note {
                    column: Some(header.clone()),
                    message: format!(
                        "column {header}: its dates put a day above 12 first in some rows and second in others; give the format in context.csv.dateFormat"
                    ),
                    value: json_text(&example),
                });
            }
            DateEvidence::None | DateEvidence::Iso => {}
        }
    }
    for ((format, why), names) in groups {
        let first = names
            .first()
            .and_then(|n| headers.iter().position(|h| h == n))
            .and_then(|i| first_value(rows, i, nulls))
            .unwrap_or_default();
        notes.push(Note {
            column: None,
            message: format!(
                "CSV dates read as {format} ({why}) in columns {}; set context.csv.dateFormat to override",
                list_columns(&names)
            ),
            value: json_text(&first),
        });
    }
    notes
}

/// The note on the columns read with a decimal comma, if any.
pub(super) fn decimal_comma(headers: &[String], columns: &[Column]) -> Option<Note> {
    let decimal: Vec<String> = columns
        .iter()
        .zip(headers)
        .filter(|(c, _)| **c == Column::DecimalComma)
        .map(|(_, h)| h.clone())
        .collect();
    if decimal.is_empty() {
        return None;
    }
    Some(Note {
        column: None,
        message: format!(
            "CSV numbers read with a decimal comma in columns {}; set context.csv.decimal to override",
            list_columns(&decimal)
        ),
        value: String::new(),
    })
}

/// The null markers seen in a file.
#[derive(Default)]
pub(super) struct NullsSeen {
    /// Marker → cells holding it.
    pub(super) cells: BTreeMap<String, usize>,
    /// Columns holding any.
    pub(super) columns: Vec<String>,
}

impl NullsSeen {
    /// The note on the markers read as empty, if any.
    pub(super) fn note(&self) -> Option<Note> {
        if self.cells.is_empty() {
            return None;
        }
        let cells: usize = self.cells.values().sum();
        let markers = self
            .cells
            .keys()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(" ");
        Some(Note {
            column: None,
            message: format!(
                "CSV cells {markers} read as empty ({cells} cells in columns {}); set context.csv.nulls to change this",
                list_columns(&self.columns)
            ),
            value: String::new(),
        })
    }
}
