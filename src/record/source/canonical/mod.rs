//! The canonical JSON format (documented by `schema/record.schema.json`).
//!
//! Its reader is the cargo feature `canonical`. A build without it (the browser extension's
//! module) still recognises a canonical record, and rejects it by name rather than as a record of
//! no known tool.

#[cfg(feature = "canonical")]
pub(crate) mod tree;

use super::{Adapter, Context, Conversion, Cursor, KeySet, key_set};
#[cfg(feature = "canonical")]
use crate::record::{Field, Record, Text};
#[cfg(feature = "canonical")]
use tree::FromNode;

pub struct Canonical;

/// The top-level keys `detect` and `record_keys` read: the input scan notes only the keys some
/// tool of the build declares (`envelope/keys.rs` gathers them at compile time).
pub(super) const SIGNATURE_KEYS: &[&str] = &["kind"];

impl Adapter for Canonical {
    fn detect(&self, keys: &KeySet) -> bool {
        keys.any(key_set!["kind"])
    }

    fn convert<'a>(&self, raw: &'a str, cx: &Context, at: &mut Cursor<'_>) -> Conversion<'a> {
        read(raw, cx, at)
    }
}

/// Without the reader: the record is rejected, naming what the build lacks.
#[cfg(not(feature = "canonical"))]
fn read<'a>(_raw: &'a str, _cx: &Context, at: &mut Cursor<'_>) -> Conversion<'a> {
    Err(at.reject(
        "",
        crate::error::Error::not_in_build("reader of canonical records", "canonical").message,
    ))
}

#[cfg(feature = "canonical")]
fn read<'a>(raw: &'a str, _cx: &Context, at: &mut Cursor<'_>) -> Conversion<'a> {
    if !raw.starts_with('{') {
        return Err(at.reject("", "a record must be a JSON object"));
    }
    // The element as JSON.parse reads it (a syntax error makes the whole input malformed).
    let tree = super::doc::parse(raw, at, "a record")?;
    let mut record =
        Record::from_node(&tree).map_err(|problem| at.reject(&problem.path, problem.message))?;
    drop(tree);
    if record.id.is_blank() {
        return Err(at.reject(".id", "a record needs a non-empty `id`"));
    }
    if record.origin.tool.is_none() {
        record.origin.tool = Some(Text::borrowed("canonical"));
    }
    record.raw = Some(raw);
    if let Some(m) = record.measurement.as_mut()
        && m.met.is_absent()
        && let (Some(target), Some(actual)) = (m.target.value(), m.actual.value())
    {
        let lower = m.lower_is_better.value().copied().unwrap_or(false);
        m.met = Field::Value(if lower {
            actual <= target
        } else {
            actual >= target
        });
    }
    Ok(record.into())
}

#[cfg(all(test, feature = "canonical"))]
mod tests;
