//! What is known of CSV text without the CSV reader: whether a text is a CSV export rather than
//! JSON, and which warnings only say what the reader inferred. Every build has it (see
//! `absent.rs`): a build without the reader still refuses CSV by name rather than as malformed
//! JSON, and still leaves the reader's notes out of a data-quality summary of a merged partial.

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

/// How the notes of the reader's column inference (`infer::columns`) and the delimiter's note
/// begin: they say what was inferred, not that something is wrong (a data-quality summary can
/// leave them out).
pub const NOTE_PREFIXES: &[&str] = &[
    "CSV delimiter inferred: ",
    "CSV dates read as ",
    "CSV numbers read with a decimal comma ",
    "CSV cells ",
];

/// Whether a warning only says what the reader inferred (see [`NOTE_PREFIXES`]).
pub fn is_inference_note(message: &str) -> bool {
    NOTE_PREFIXES.iter().any(|p| message.starts_with(p))
}
