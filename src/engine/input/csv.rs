//! CSV input: the columns read and mapped, and rows numbered back to the file's lines. A build
//! without the CSV reader (cargo feature `csv` off) still tells CSV input from JSON and refuses
//! it with `E_NOT_IN_BUILD`, rather than reporting it as malformed JSON.

use super::*;

#[cfg(feature = "csv")]
pub use source::csv::CsvInput;

/// A build without the CSV reader never makes a CSV input: [`prepare_csv`] refuses CSV text. The
/// engine's CSV branches read these fields and compile alike in every build; the `never` field
/// (a value of an empty type) makes the type impossible to build, which the compiler checks.
#[cfg(not(feature = "csv"))]
pub struct CsvInput {
    pub json: String,
    pub row_count: u64,
    pub superseded: u64,
    never: std::convert::Infallible,
}

/// A CSV list export turned into JSON for the pipeline, when the input is one.
pub fn prepare_csv(input: &str, run: &Run) -> Result<Option<CsvInput>> {
    if !source::csv::looks_like_csv(input) {
        return Ok(None);
    }
    read_csv(input, run).map(Some)
}

#[cfg(feature = "csv")]
fn read_csv(input: &str, run: &Run) -> Result<CsvInput> {
    source::csv::convert(input, run.source, &run.context)
}

#[cfg(not(feature = "csv"))]
fn read_csv(_input: &str, _run: &Run) -> Result<CsvInput> {
    Err(Error::not_in_build("CSV reader", "csv"))
}

/// The adapter that reads the JSON made from a CSV export: ServiceNow rows keep ServiceNow
/// fields, Jira and GLPI rows are canonical records.
#[cfg(feature = "csv")]
pub fn csv_source(csv: &CsvInput) -> Source {
    if csv.tool == Source::ServiceNow {
        Source::ServiceNow
    } else {
        Source::Canonical
    }
}

#[cfg(not(feature = "csv"))]
pub fn csv_source(csv: &CsvInput) -> Source {
    match csv.never {}
}

#[cfg(not(feature = "csv"))]
pub fn remap_csv(_batch: &mut Batch<'_>, csv: &CsvInput, _first_index: u64) {
    match csv.never {}
}

/// Puts rejections and warnings of a CSV export back on its rows and lines.
#[cfg(feature = "csv")]
pub fn remap_csv(batch: &mut Batch<'_>, csv: &CsvInput, first_index: u64) {
    let place = |index: u64, path: &str| -> (u64, String) {
        let k = index.saturating_sub(first_index) as usize;
        match csv.rows.get(k) {
            Some(origin) => {
                let element = format!("$[{index}]");
                let inner = path
                    .strip_prefix(&element)
                    .unwrap_or(path)
                    .trim_start_matches('.');
                let path = if inner.is_empty() {
                    format!("line {}", origin.line)
                } else {
                    format!("line {}: {inner}", origin.line)
                };
                (first_index + origin.row, path)
            }
            None => (index, path.to_string()),
        }
    };
    for r in &mut batch.rejected {
        (r.index, r.path) = place(r.index, &r.path);
    }
    for w in &mut batch.warnings {
        (w.index, w.path) = place(w.index, &w.path);
        // Advice for a CSV, not for the REST API the adapter's message has in mind.
        if w.message.contains("sysparm_display_value") {
            w.message = source::csv::UNREADABLE_DATE.to_string();
        }
    }
    for r in &mut batch.records {
        r.origin.shape = Some(Text::borrowed("list-csv"));
    }
    // What the reader inferred about the file, once, on its header; then the rows' own notes.
    let notes = csv.notes.iter().map(|n| Warning {
        index: first_index,
        path: match &n.column {
            Some(c) => format!("line 1: {c}"),
            None => "line 1".to_string(),
        },
        message: n.message.clone(),
        value: n.value.clone(),
    });
    let rows = csv.row_warnings.iter().map(|w| Warning {
        index: first_index + w.origin.row,
        path: format!("line {}: {}", w.origin.line, w.field),
        message: w.message.clone(),
        value: w.value.clone(),
    });
    let mut warnings: Vec<Warning> = notes.chain(rows).collect();
    warnings.append(&mut batch.warnings);
    batch.warnings = warnings;
}
