//! A borrowed JSON tree and a reader for adapters of tools with nested payloads (Jira, GLPI,
//! Zammad, iTop, Znuny, Freshservice): every read is by path, and anything that cannot be read
//! becomes a warning with the JSON path and the original value, never a silent drop.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Context, Cursor};
use crate::record::time::Instant;
use crate::record::value::{Field, Level, Text};

/// JSON borrowed from the input (strings without escapes are not copied).
#[derive(Clone, Debug, PartialEq)]
pub enum Node<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(Text<'a>),
    Arr(Vec<Node<'a>>),
    /// Members in document order (lookups are linear: payloads have tens of keys).
    Obj(Vec<(Text<'a>, Node<'a>)>),
}

impl<'de: 'a, 'a> Deserialize<'de> for Node<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Node::Num(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Node::Num(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Node::Num(v))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Node::Str(Text::borrowed(v.trim_ascii())))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Node::Str(Text::owned(v.trim_ascii().to_string())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Arr(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::new();
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    let value = map.next_value()?;
                    members.push((key, value));
                }
                Ok(Node::Obj(members))
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

impl<'a> Node<'a> {
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match self {
            Node::Obj(members) => members.iter().find(|(k, _)| &**k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A dotted path (`fields.status.statusCategory.key`); numeric segments index arrays.
    pub fn at(&self, path: &str) -> Option<&Node<'a>> {
        let mut node = self;
        for seg in path.split('.') {
            node = match node {
                Node::Arr(items) => items.get(seg.parse::<usize>().ok()?)?,
                _ => node.get(seg)?,
            };
        }
        Some(node)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(t) => Some(t),
            _ => None,
        }
    }

    /// Strings, numbers and booleans as text (tools send ids as either).
    pub fn as_text(&self) -> Option<Text<'a>> {
        match self {
            Node::Str(t) => Some(t.clone()),
            Node::Num(n) => Some(Text::owned(number_text(*n))),
            Node::Bool(b) => Some(Text::borrowed(if *b { "true" } else { "false" })),
            _ => None,
        }
    }

    /// Member `key` as text, when it has some (not blank).
    pub fn text_of(&self, key: &str) -> Option<Text<'a>> {
        self.get(key)
            .and_then(Node::as_text)
            .filter(|t| !t.is_blank())
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Node::Num(n) => Some(*n),
            Node::Str(t) => t.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_array(&self) -> &[Node<'a>] {
        match self {
            Node::Arr(items) => items,
            _ => &[],
        }
    }

    pub fn members(&self) -> &[(Text<'a>, Node<'a>)] {
        match self {
            Node::Obj(members) => members,
            _ => &[],
        }
    }

    /// Null, an empty string, or an empty container: "carried but empty".
    pub fn is_empty(&self) -> bool {
        match self {
            Node::Null => true,
            Node::Str(t) => t.is_empty(),
            Node::Arr(items) => items.is_empty(),
            Node::Obj(members) => members.is_empty(),
            _ => false,
        }
    }

    /// The value as compact JSON, for warnings.
    pub fn describe(&self) -> String {
        match self {
            Node::Null => "null".into(),
            Node::Bool(b) => b.to_string(),
            Node::Num(n) => number_text(*n),
            Node::Str(t) => serde_json::to_string(&**t).unwrap_or_default(),
            Node::Arr(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(Node::describe)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Node::Obj(members) => format!(
                "{{{}}}",
                members
                    .iter()
                    .map(|(k, v)| format!(
                        "{}:{}",
                        serde_json::to_string(&**k).unwrap_or_default(),
                        v.describe()
                    ))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Parses one element into a tree; a syntax error is recorded on the cursor (the input is then
/// malformed as a whole), a non-object element is rejected.
pub fn parse<'a>(
    raw: &'a str,
    at: &mut Cursor<'_>,
    what: &str,
) -> Result<Node<'a>, super::Rejection> {
    let node: Node<'a> = serde_json::from_str(raw).map_err(|e| at.parse_failure(e, raw))?;
    match node {
        Node::Obj(_) => Ok(node),
        _ => Err(at.reject("", format!("{what} must be a JSON object"))),
    }
}

/// A table from a tool's level codes (or labels) to the canonical scale.
pub type LevelMap<'t> = &'t [(&'t str, u8)];

/// Reads canonical values out of a tree, warning with paths.
pub struct Doc<'r, 'a, 'w> {
    pub root: &'r Node<'a>,
    pub cx: &'r Context,
    pub at: &'r mut Cursor<'w>,
    /// Path prefix of `root` inside the element (`fields.` for Jira …), for warnings.
    pub prefix: &'static str,
}

impl<'r, 'a, 'w> Doc<'r, 'a, 'w> {
    pub fn new(root: &'r Node<'a>, cx: &'r Context, at: &'r mut Cursor<'w>) -> Doc<'r, 'a, 'w> {
        Doc {
            root,
            cx,
            at,
            prefix: "",
        }
    }

    pub fn node(&self, path: &str) -> Option<&'r Node<'a>> {
        self.root.at(path)
    }

    pub fn warn(&mut self, path: &str, message: impl Into<String>, value: &Node<'_>) {
        let full = format!("{}{path}", self.prefix);
        self.at.warn(&full, message, &value.describe());
    }

    /// Text: strings and numbers; null or "" are empty; objects take their `name`/`value`
    /// (Jira options, expanded references).
    /// A field the tool does not carry natively, read with `read` from the tool field the
    /// instance names for it in `context.fields` (a plugin field, a custom attribute); absent
    /// when the instance names none.
    pub fn mapped<T>(
        &mut self,
        canonical: &str,
        read: impl FnOnce(&mut Self, &str) -> Field<T>,
    ) -> Field<T> {
        match self.cx.field(canonical).map(str::to_string) {
            Some(f) => read(self, &f),
            None => Field::Absent,
        }
    }

    pub fn text(&mut self, path: &str) -> Field<Text<'a>> {
        match self.node(path) {
            None => Field::Absent,
            Some(n) if n.is_empty() => Field::Null,
            Some(n @ Node::Obj(_)) => match ["value", "name", "displayName", "key"]
                .iter()
                .find_map(|k| n.get(k)?.as_text())
            {
                Some(t) => Field::Value(t),
                None => {
                    self.warn(path, "expected text", n);
                    Field::Absent
                }
            },
            Some(n) => match n.as_text() {
                Some(t) => Field::Value(t),
                None => {
                    self.warn(path, "expected text", n);
                    Field::Absent
                }
            },
        }
    }

    /// A reference: an id (string or number) or an object with `id`/`value`/`key`.
    pub fn reference(&mut self, path: &str) -> Field<Text<'a>> {
        match self.node(path) {
            None => Field::Absent,
            Some(n) if n.is_empty() => Field::Null,
            Some(n @ Node::Obj(_)) => match ["id", "value", "key", "accountId", "name"]
                .iter()
                .find_map(|k| n.get(k)?.as_text())
            {
                Some(t) => Field::Value(t),
                None => {
                    self.warn(path, "expected a reference", n);
                    Field::Absent
                }
            },
            Some(n) => match n.as_text() {
                // Several tools send 0 for "no reference".
                Some(t) if &*t == "0" => Field::Null,
                Some(t) => Field::Value(t),
                None => {
                    self.warn(path, "expected a reference", n);
                    Field::Absent
                }
            },
        }
    }

    /// A time: ISO 8601 with or without offset (naive times in the instance zone), epoch
    /// seconds or milliseconds as numbers, JSM date objects (`epochMillis`); `0` means none.
    pub fn instant(&mut self, path: &str) -> Field<Instant> {
        let Some(n) = self.node(path) else {
            return Field::Absent;
        };
        if n.is_empty() {
            return Field::Null;
        }
        let parsed = match n {
            Node::Obj(_) => n
                .get("epochMillis")
                .and_then(Node::as_f64)
                .and_then(|ms| Instant::from_epoch_millis(ms as i64).plausible())
                .or_else(|| {
                    n.get("iso8601")
                        .and_then(Node::as_str)
                        .and_then(|s| Instant::parse(s, self.cx.time_zone.as_ref()).map(|p| p.0))
                }),
            Node::Num(x) => epoch(*x),
            Node::Str(t) => match t.trim().parse::<f64>() {
                Ok(x) => epoch(x),
                Err(_) => {
                    if t.starts_with("0000-00-00") {
                        return Field::Null;
                    }
                    Instant::parse(t, self.cx.time_zone.as_ref()).map(|p| p.0)
                }
            },
            _ => None,
        };
        match parsed {
            Some(Instant(0)) => Field::Null,
            Some(i) => Field::Value(i),
            None => {
                self.warn(path, "not a date-time", n);
                Field::Absent
            }
        }
    }

    pub fn boolean(&mut self, path: &str) -> Field<bool> {
        let Some(n) = self.node(path) else {
            return Field::Absent;
        };
        if n.is_empty() {
            return Field::Null;
        }
        let value = match n {
            Node::Bool(b) => Some(*b),
            Node::Num(x) => Some(*x != 0.0),
            Node::Str(t) => self
                .cx
                .choice(path, t)
                .map(|c| c == "true")
                .or_else(|| truthy_code(t)),
            _ => None,
        };
        match value {
            Some(b) => Field::Value(b),
            None => {
                self.warn(
                    path,
                    "expected a yes/no value (add it to context.choices to map a translated label)",
                    n,
                );
                Field::Absent
            }
        }
    }

    pub fn count(&mut self, path: &str) -> Field<u32> {
        let Some(n) = self.node(path) else {
            return Field::Absent;
        };
        if n.is_empty() {
            return Field::Null;
        }
        match n.as_f64() {
            Some(x) if x >= 0.0 && x.fract() == 0.0 && x <= f64::from(u32::MAX) => {
                Field::Value(x as u32)
            }
            _ => {
                self.warn(path, "expected a whole number", n);
                Field::Absent
            }
        }
    }

    pub fn number(&mut self, path: &str) -> Field<f64> {
        let Some(n) = self.node(path) else {
            return Field::Absent;
        };
        if n.is_empty() {
            return Field::Null;
        }
        let parsed = match n {
            Node::Str(t) => parse_decimal(t, self.cx.decimal_comma()),
            other => other.as_f64(),
        };
        match parsed {
            Some(x) if x.is_finite() => Field::Value(x),
            _ => {
                self.warn(path, "expected a number", n);
                Field::Absent
            }
        }
    }

    /// A level through the tool's table (codes or labels, case-insensitive), or the instance's
    /// `choices`; the tool's code and label are kept.
    pub fn level(&mut self, path: &str, map: LevelMap<'_>) -> Field<Level<'a>> {
        let Some(n) = self.node(path) else {
            return Field::Absent;
        };
        if n.is_empty() {
            return Field::Null;
        }
        let (code, label) = match n {
            Node::Obj(_) => (
                ["id", "value"].iter().find_map(|k| n.get(k)?.as_text()),
                ["name", "value"].iter().find_map(|k| n.get(k)?.as_text()),
            ),
            other => (other.as_text(), None),
        };
        let lookup = |key: &str| -> Option<u8> {
            let key = key.trim();
            if let Some(mapped) = self.cx.choice(path, key) {
                return mapped.parse().ok();
            }
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| *v)
        };
        let value = code
            .as_deref()
            .and_then(lookup)
            .or_else(|| label.as_deref().and_then(lookup));
        match value {
            Some(value) if (1..=5).contains(&value) => Field::Value(Level { value, code, label }),
            _ => {
                self.warn(path, "unknown level (map it with context.choices)", n);
                Field::Absent
            }
        }
    }

    /// A code decoded by the adapter, after the instance's `choices` for this path.
    pub fn choice<T>(
        &mut self,
        path: &str,
        what: &str,
        decode: impl Fn(&str) -> Option<T>,
    ) -> Field<T> {
        let Some(n) = self.node(path) else {
            return Field::Absent;
        };
        if n.is_empty() {
            return Field::Null;
        }
        let raw = match n {
            Node::Obj(_) => ["id", "value", "key", "name"]
                .iter()
                .find_map(|k| n.get(k)?.as_text()),
            other => other.as_text(),
        };
        let decoded = raw.as_deref().and_then(|r| {
            let mapped = self.cx.choice(path, r);
            decode(mapped.unwrap_or(r)).or_else(|| decode(&r.to_lowercase()))
        });
        match decoded {
            Some(v) => Field::Value(v),
            None => {
                self.warn(
                    path,
                    format!("unknown {what} (map it with context.choices)"),
                    n,
                );
                Field::Absent
            }
        }
    }
}

fn epoch(x: f64) -> Option<Instant> {
    if x < 0.0 {
        return None;
    }
    Instant::from_epoch_number(x)
}

/// Codes tools use for booleans (labels go through the instance's choices).
pub fn truthy_code(t: &str) -> Option<bool> {
    match t.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "y" => Some(true),
        "false" | "0" | "no" | "n" => Some(false),
        _ => None,
    }
}

/// A decimal number with `.` or, when the instance says so, `,` as the separator.
pub fn parse_decimal(text: &str, comma: bool) -> Option<f64> {
    let t = text.trim().trim_end_matches('%').trim();
    if comma {
        t.replace('.', "").replace(',', ".").parse().ok()
    } else {
        t.replace(',', "").parse().ok()
    }
}

#[cfg(test)]
#[allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_values_and_warns_with_paths() {
        let text = r#"{"fields": {"status": {"statusCategory": {"key": "done"}}, "n": "12", "bad": [1], "when": "2026-01-02T03:04:05.000+0900", "ms": 1767225600000, "none": 0}}"#;
        let node: Node = serde_json::from_str(text).unwrap();
        assert_eq!(
            node.at("fields.status.statusCategory.key")
                .and_then(Node::as_str),
            Some("done")
        );
        let cx = Context::default();
        let mut warnings = Vec::new();
        let mut at = Cursor::new(4, "$[4]".into(), &mut warnings);
        let mut doc = Doc::new(&node, &cx, &mut at);
        assert_eq!(doc.count("fields.n"), Field::Value(12));
        assert_eq!(doc.count("fields.missing"), Field::Absent);
        assert_eq!(doc.text("fields.bad"), Field::Absent);
        assert_eq!(
            doc.instant("fields.when").value().map(|i| i.to_string()),
            Some("2026-01-01T18:04:05Z".into())
        );
        assert_eq!(
            doc.instant("fields.ms").value().map(|i| i.to_string()),
            Some("2026-01-01T00:00:00Z".into())
        );
        assert_eq!(doc.instant("fields.none"), Field::Null);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].path, "$[4].fields.bad");
        assert_eq!(warnings[0].value, "[1]");
    }

    #[test]
    fn decimals_follow_the_instance_separator() {
        assert_eq!(parse_decimal("99,95", true), Some(99.95));
        assert_eq!(parse_decimal("1.234,5", true), Some(1234.5));
        assert_eq!(parse_decimal("1,234.5", false), Some(1234.5));
        assert_eq!(parse_decimal("85 %", false), Some(85.0));
    }
}
