//! [`Doc`]: the reading context of an element (its tree, the instance's context and the cursor
//! warnings go to), and the values adapters read through it.

use super::super::{Context, Cursor};
use super::Node;
use crate::record::time::Instant;
use crate::record::value::{Field, Level, Text};

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

    /// `value` when it could be read from `n`; otherwise a warning at `path` that names `n`, and
    /// absent.
    pub fn read_or_warn<T>(
        &mut self,
        value: Option<T>,
        path: &str,
        message: &str,
        n: &Node<'_>,
    ) -> Field<T> {
        match value {
            Some(v) => Field::Value(v),
            None => {
                self.warn(path, message, n);
                Field::Absent
            }
        }
    }

    /// An option decoded from `n`, or a warning that it is an unknown `what` the instance can
    /// map with `context.choices`.
    pub fn unknown_choice<T>(
        &mut self,
        decoded: Option<T>,
        path: &str,
        what: &str,
        n: &Node<'_>,
    ) -> Field<T> {
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
            Some(n @ Node::Obj(_)) => self.read_or_warn(named_text(n), path, "expected text", n),
            Some(n) => self.read_or_warn(n.as_text(), path, "expected text", n),
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
            // Other tools' DateDTO-like objects may carry the milliseconds as text too.
            Node::Obj(_) => epoch_millis(n)
                .or_else(|| {
                    n.get("epochMillis")
                        .and_then(Node::as_str)
                        .and_then(|ms| ms.trim().parse::<f64>().ok())
                        .and_then(|ms| Instant::from_epoch_millis(ms as i64).plausible())
                })
                .or_else(|| {
                    n.get("iso8601")
                        .and_then(Node::as_str)
                        .and_then(|s| Instant::parse(s, self.cx.time_zone.as_ref()).map(|p| p.0))
                }),
            Node::Num(_) | Node::Int(_) => n.number().and_then(epoch),
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
            Node::Num(_) | Node::Int(_) => n.number().map(|x| x != 0.0),
            Node::Str(t) => self
                .cx
                .choice(path, t)
                .map(|c| c == "true")
                .or_else(|| truthy_code(t)),
            _ => None,
        };
        self.read_or_warn(
            value,
            path,
            "expected a yes/no value (add it to context.choices to map a translated label)",
            n,
        )
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
        self.unknown_choice(decoded, path, what, n)
    }
}

/// A JSM DateDTO's instant from its `epochMillis` number, when plausible: a hook of the reading
/// layer that Jira's times and [`Doc::instant`] share.
pub fn epoch_millis(dto: &Node<'_>) -> Option<Instant> {
    match dto.get("epochMillis")? {
        ms @ (Node::Num(_) | Node::Int(_)) => ms
            .number()
            .filter(|ms| ms.is_finite())
            .and_then(|ms| Instant::from_epoch_millis(ms as i64).plausible()),
        _ => None,
    }
}

fn epoch(x: f64) -> Option<Instant> {
    if x < 0.0 {
        return None;
    }
    Instant::from_epoch_number(x)
}

/// The text an object stands for: a select option's `value`, a named object's `name` or
/// `displayName`, or its `key`.
pub fn named_text<'a>(n: &Node<'a>) -> Option<Text<'a>> {
    ["value", "name", "displayName", "key"]
        .iter()
        .find_map(|k| n.get(k)?.as_text())
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
