//! iTop's values: texts (HTML in iTop 3, case logs), external keys' friendly names, the latest
//! case-log entry.

use super::super::doc::{Doc, Node};
use super::super::ticket_tools::html_to_text;
use crate::record::time::Instant;
use crate::record::value::{Field, Text};

/// Text attributes (HTML in iTop 3 for descriptions and some texts) as plain text.
pub(super) fn text<'a>(doc: &mut Doc<'_, 'a, '_>, path: &str) -> Field<Text<'a>> {
    match doc.node(path) {
        // A case log: its messages.
        Some(n @ Node::Obj(_)) if n.get("entries").is_some() => {
            let messages: Vec<String> = n
                .get("entries")
                .map(Node::as_array)
                .unwrap_or_default()
                .iter()
                .filter_map(|e| e.get("message").and_then(Node::as_str).map(html_to_text))
                .filter(|m| !m.is_empty())
                .collect();
            if messages.is_empty() {
                Field::Null
            } else {
                Field::Value(Text::owned(messages.join("\n")))
            }
        }
        _ => match doc.text(path) {
            Field::Value(t) if t.contains('<') || t.contains('&') => {
                let plain = html_to_text(&t);
                if plain.is_empty() {
                    Field::Null
                } else {
                    Field::Value(Text::owned(plain))
                }
            }
            other => other,
        },
    }
}

/// An external key's friendly name, or its id when the name is not in the output fields.
pub(super) fn named<'a>(doc: &mut Doc<'_, 'a, '_>, key: &str) -> Field<Text<'a>> {
    match doc.reference(key) {
        Field::Value(id) => {
            let friendly = format!("{key}_friendlyname");
            match doc.text(&friendly) {
                Field::Value(name) => Field::Value(name),
                _ => Field::Value(id),
            }
        }
        Field::Absent => match doc.text(&format!("{key}_friendlyname")) {
            Field::Value(name) => Field::Value(name),
            _ => Field::Absent,
        },
        Field::Null => Field::Null,
    }
}

/// The most recent case-log entry, when the payload has no `last_update`.
pub(super) fn latest_log_entry(doc: &mut Doc<'_, '_, '_>) -> Field<Instant> {
    let mut latest: Option<Instant> = None;
    let mut seen = false;
    for log in ["public_log", "private_log"] {
        let count = doc
            .node(&format!("{log}.entries"))
            .map(|e| e.as_array().len())
            .unwrap_or(0);
        for i in 0..count {
            seen = true;
            if let Field::Value(t) = doc.instant(&format!("{log}.entries.{i}.date")) {
                latest = Some(latest.map_or(t, |l| if t.0 > l.0 { t } else { l }));
            }
        }
    }
    match (latest, seen) {
        (Some(t), _) => Field::Value(t),
        _ => Field::Absent,
    }
}
