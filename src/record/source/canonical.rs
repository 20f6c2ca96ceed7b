//! The canonical JSON format (documented by `schema/record.schema.json`).
//!
//! Its reader is the cargo feature `canonical`. A build without it (the browser extension's
//! module) still recognises a canonical record, and rejects it by name rather than as a record of
//! no known tool.

#[cfg(feature = "canonical")]
use super::Rejection;
#[cfg(feature = "canonical")]
use super::doc::Node;
use super::{Adapter, Context, Conversion, Cursor, KeySet, key_set};
#[cfg(feature = "canonical")]
use crate::record::{Field, IntoStatic, Record, Text};

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
    // serde_json's position is relative to the record; the path says where it is.
    let mut record: Record<'a> = match crate::util::json::from_str(raw) {
        Ok(r) => r,
        Err(err) => match super::doc::fallback_tree(raw, &err, at) {
            Some(tree) => from_tree(&tree?, at)?,
            None => return Err(at.parse_failure(err, raw)),
        },
    };
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

/// A record from the tree of the second chance, through its JSON text: the same deserialiser as
/// the first try (a `serde_json::Value` deserialiser would instantiate all of `Record`'s a second
/// time, about 170 KB of the .wasm), with the same messages.
#[cfg(feature = "canonical")]
fn from_tree(tree: &Node<'_>, at: &mut Cursor<'_>) -> Result<Record<'static>, Rejection> {
    record_of(tree).map_err(|message| at.reject("", message))
}

/// The record a tree holds, or serde's message without the position (which would be in the
/// temporary text, and which the message from a tree never had).
#[cfg(feature = "canonical")]
fn record_of(tree: &Node<'_>) -> Result<Record<'static>, String> {
    let text = tree.to_value().to_string();
    crate::util::json::from_str::<Record<'_>>(&text)
        .map(Record::into_static)
        .map_err(|e| crate::error::serde_message(&e))
}

#[cfg(all(test, feature = "canonical"))]
mod tests {
    use super::*;

    /// Through text, the second chance says what deserialising the tree directly said.
    #[test]
    fn the_second_chance_reads_and_fails_as_the_tree_did() {
        for element in [
            r#"{"id":"A","kind":"incident","title":"x","title":" y "}"#,
            r#"{"id":"A","kind":"incident","kind":"nope"}"#,
            r#"{"id":"A","kind":"incident","title":1,"title":2}"#,
            r#"{"id":"A","kind":"change","change":{"risk":"low","risk":"huge"}}"#,
            r#"{"id":"A","kind":"incident","openedAt":"soon","openedAt":"later"}"#,
            r#"{"id":"A","kind":"incident","priority":9,"priority":7}"#,
            r#"{"id":"A","kind":"incident","extra":1,"extra":2}"#,
            r#"{"kind":"incident","kind":"problem"}"#,
            r#"{"id":"A","kind":"incident","links":[{"rel":"x"}],"links":[{"target":"B"}]}"#,
        ] {
            let tree: Node<'_> = serde_json::from_str(element).unwrap();
            let direct = <Record<'_> as serde::Deserialize>::deserialize(tree.to_value());
            let mine = record_of(&tree);
            match (direct, mine) {
                (Ok(d), Ok(m)) => assert_eq!(
                    serde_json::to_value(&d).unwrap(),
                    serde_json::to_value(&m).unwrap(),
                    "{element}"
                ),
                (Err(d), Err(m)) => assert_eq!(d.to_string(), m, "{element}"),
                (d, m) => panic!("{element}: {:?} / {:?}", d.err(), m.err()),
            }
        }
    }
}
