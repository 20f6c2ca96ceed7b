//! CSV input: the columns read and mapped, and rows numbered back to the file's lines.

use super::*;

/// A CSV list export turned into JSON for the pipeline, when the input is one.
pub fn prepare_csv(input: &str, run: &Run) -> Result<Option<source::csv::CsvInput>> {
    if !source::csv::looks_like_csv(input) {
        return Ok(None);
    }
    source::csv::convert(input, run.source, &run.context).map(Some)
}

/// The adapter that reads the JSON made from a CSV export: ServiceNow rows keep ServiceNow
/// fields, Jira and GLPI rows are canonical records.
pub fn csv_source(csv: &source::csv::CsvInput) -> Source {
    if csv.tool == Source::ServiceNow {
        Source::ServiceNow
    } else {
        Source::Canonical
    }
}

/// Puts rejections and warnings of a CSV export back on its rows and lines.
pub fn remap_csv(batch: &mut Batch<'_>, csv: &source::csv::CsvInput, first_index: u64) {
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
