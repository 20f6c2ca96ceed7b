//! Reading values: text (with ADF rich text), references, times, yes/no, levels and options,
//! each from a node with its path, warning with the path and the value.

use super::super::doc::{Node, truthy_code};
use super::super::{Context, Cursor};
use crate::record::time::Instant;
use crate::record::value::{Field, Level, Text};

/// Reads values of one element, warning with their JSON paths.
pub(super) struct Reader<'r, 'w> {
    pub(super) cx: &'r Context,
    pub(super) at: &'r mut Cursor<'w>,
}

/// Joins a parent path and a member name.
pub(super) fn join(path: &str, member: &str) -> String {
    if path.is_empty() {
        member.to_string()
    } else {
        format!("{path}.{member}")
    }
}

/// A list where one value is read.
pub(super) const MANY_VALUES: &str =
    "a list where one value is expected: the first is read, the others are not";

impl Reader<'_, '_> {
    pub(super) fn warn(&mut self, path: &str, message: impl Into<String>, value: &Node<'_>) {
        self.at.warn(path, message, &value.describe());
    }

    /// Text: strings (v2 wiki text), numbers, v3 rich text (ADF, read as plain text), select
    /// options (`value`) and named objects.
    pub(super) fn text<'a>(&mut self, node: Option<&Node<'a>>, path: &str) -> Field<Text<'a>> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        match n {
            Node::Obj(_) if is_adf(n) => {
                let mut out = String::new();
                adf_text(n, &mut out);
                let t = out.trim();
                if t.is_empty() {
                    Field::Null
                } else {
                    Field::Value(Text::owned(t.to_string()))
                }
            }
            Node::Obj(_) => match ["value", "name", "displayName", "key"]
                .iter()
                .find_map(|k| n.get(k)?.as_text())
            {
                Some(t) => Field::Value(t),
                None => {
                    self.warn(path, "expected text", n);
                    Field::Absent
                }
            },
            Node::Arr(items) => {
                // Multi-selects and labels: the first value (the others are named in a warning).
                if items.len() > 1 {
                    self.warn(path, MANY_VALUES, n);
                }
                let first = items.first();
                let inner = join(path, "0");
                self.text(first, &inner)
            }
            other => match other.as_text() {
                Some(t) => Field::Value(t),
                None => {
                    self.warn(path, "expected text", n);
                    Field::Absent
                }
            },
        }
    }

    /// A reference to a user, group, team, service or asset: its stable id.
    pub(super) fn reference<'a>(&mut self, node: Option<&Node<'a>>, path: &str) -> Field<Text<'a>> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        match n {
            Node::Obj(_) => match reference_id(n) {
                Some(t) => Field::Value(t),
                None => {
                    self.warn(path, "expected a reference (accountId, id, key or name)", n);
                    Field::Absent
                }
            },
            Node::Arr(items) => {
                if items.len() > 1 {
                    self.warn(path, MANY_VALUES, n);
                }
                let inner = join(path, "0");
                self.reference(items.first(), &inner)
            }
            other => match other.as_text() {
                Some(t) => Field::Value(t),
                None => {
                    self.warn(path, "expected a reference", n);
                    Field::Absent
                }
            },
        }
    }

    /// A time: ISO 8601 with Jira's `±hhmm` offset (naive times in the instance zone), a date,
    /// or a JSM DateDTO (`epochMillis`). Jira never sends bare numbers: they are warned about.
    pub(super) fn time(&mut self, node: Option<&Node<'_>>, path: &str) -> Field<Instant> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        let parsed = match n {
            Node::Str(t) => Instant::parse(t, self.cx.time_zone.as_ref()).map(|p| p.0),
            Node::Obj(_) => n
                .get("epochMillis")
                .and_then(|m| match m {
                    Node::Num(x) if x.is_finite() => {
                        Instant::from_epoch_millis(*x as i64).plausible()
                    }
                    _ => None,
                })
                .or_else(|| {
                    ["iso8601", "jira"].iter().find_map(|k| {
                        let s = n.get(k)?.as_str()?;
                        Instant::parse(s, self.cx.time_zone.as_ref()).map(|p| p.0)
                    })
                }),
            _ => None,
        };
        match parsed {
            Some(i) => Field::Value(i),
            None => {
                self.warn(path, "not a date-time Jira sends (expected ISO 8601 such as 2026-04-01T09:30:00.000+0200, or a DateDTO)", n);
                Field::Absent
            }
        }
    }

    /// Yes/no: booleans, `true`/`false`/`yes`/`no` codes, options through the instance's
    /// choices, multi-checkboxes (checked when non-empty).
    pub(super) fn boolean(
        &mut self,
        node: Option<&Node<'_>>,
        path: &str,
        tables: &[&str],
    ) -> Field<bool> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        let from_text = |t: &str| -> Option<bool> {
            tables
                .iter()
                .find_map(|tb| self.cx.choice(tb, t))
                .map(|c| c == "true")
                .or_else(|| truthy_code(t))
        };
        let value = match n {
            Node::Bool(b) => Some(*b),
            Node::Num(x) => Some(*x != 0.0),
            Node::Str(t) => from_text(t),
            Node::Obj(_) => ["id", "value", "name"]
                .iter()
                .find_map(|k| from_text(&n.get(k)?.as_text()?)),
            Node::Arr(_) => Some(true),
            Node::Null => None,
        };
        match value {
            Some(b) => Field::Value(b),
            None => {
                self.warn(
                    path,
                    "expected a yes/no value (add it to context.choices to map a label)",
                    n,
                );
                Field::Absent
            }
        }
    }

    /// A level (priority, impact, urgency): the instance's choices for the option's id or
    /// label first, then the tool's table; the tool's id and label are kept.
    pub(super) fn level<'a>(
        &mut self,
        node: Option<&Node<'a>>,
        path: &str,
        tables: &[&str],
        map: &[(&str, u8)],
    ) -> Field<Level<'a>> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        let (code, label) = match n {
            Node::Obj(_) => (
                n.get("id").and_then(Node::as_text),
                ["name", "value"].iter().find_map(|k| n.get(k)?.as_text()),
            ),
            Node::Str(_) => (None, n.as_text()),
            other => (other.as_text(), None),
        };
        let keys: Vec<&str> = [code.as_deref(), label.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .collect();
        let chosen = keys
            .iter()
            .find_map(|k| tables.iter().find_map(|tb| self.cx.choice(tb, k)))
            .map(|v| v.trim().parse::<u8>().ok());
        let value = match chosen {
            Some(v) => v,
            None => keys.iter().find_map(|k| {
                map.iter()
                    .find(|(m, _)| m.eq_ignore_ascii_case(k))
                    .map(|(_, v)| *v)
            }),
        };
        match value {
            Some(value) if (1..=5).contains(&value) => Field::Value(Level { value, code, label }),
            _ => {
                self.warn(
                    path,
                    "unknown level (map its id or label with context.choices)",
                    n,
                );
                Field::Absent
            }
        }
    }

    /// An option decoded by the adapter, after the instance's choices for its id or label.
    pub(super) fn option<T>(
        &mut self,
        node: Option<&Node<'_>>,
        path: &str,
        tables: &[&str],
        what: &str,
        decode: fn(&str) -> Option<T>,
    ) -> Field<T> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        let n = match n {
            Node::Arr(items) => match items.first() {
                Some(first) => first,
                None => return Field::Null,
            },
            other => other,
        };
        let keys: Vec<Text<'_>> = match n {
            Node::Obj(_) => ["id", "value", "name", "key"]
                .iter()
                .filter_map(|k| n.get(k)?.as_text())
                .collect(),
            other => other.as_text().into_iter().collect(),
        };
        let decoded = keys
            .iter()
            .find_map(|k| {
                tables
                    .iter()
                    .find_map(|tb| self.cx.choice(tb, k.trim()))
                    .and_then(decode)
            })
            .or_else(|| keys.iter().find_map(|k| decode(&k.trim().to_lowercase())));
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

/// A stable id from a user, group, team, service, asset or issue object.
pub(super) fn reference_id<'a>(n: &Node<'a>) -> Option<Text<'a>> {
    [
        "accountId",
        "objectId",
        "id",
        "groupId",
        "key",
        "name",
        "value",
    ]
    .iter()
    .find_map(|k| n.get(k)?.as_text())
    .filter(|t| !t.is_blank())
}

/// Atlassian Document Format (v3 rich text).
pub(super) fn is_adf(n: &Node<'_>) -> bool {
    n.get("type").and_then(Node::as_str) == Some("doc") && n.get("content").is_some()
}

/// Plain text of an ADF tree: text nodes, with block nodes on their own lines.
pub(super) fn adf_text(n: &Node<'_>, out: &mut String) {
    let kind = n.get("type").and_then(Node::as_str).unwrap_or("");
    let attr = |k: &str| n.at(&format!("attrs.{k}")).and_then(Node::as_text);
    let piece = match kind {
        "text" => n.get("text").and_then(Node::as_text),
        "mention" | "status" => attr("text"),
        "emoji" => attr("text").or_else(|| attr("shortName")),
        "date" => attr("timestamp"),
        "inlineCard" | "blockCard" | "embedCard" => attr("url"),
        _ => None,
    };
    if let Some(piece) = piece.filter(|p| !p.is_empty()) {
        push_inline(out, &piece);
    }
    if kind == "hardBreak" {
        out.push('\n');
    }
    for child in n.get("content").map(Node::as_array).unwrap_or_default() {
        adf_text(child, out);
    }
    let inline = matches!(
        kind,
        "text" | "hardBreak" | "mention" | "status" | "emoji" | "date" | "inlineCard"
    );
    if !inline && !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Appends an inline run. The JSON reader trims strings, so the space between runs (a word
/// then a bold word) is gone: runs are joined with one, except before punctuation.
pub(super) fn push_inline(out: &mut String, piece: &str) {
    let joins = out.chars().last().is_some_and(|c| !c.is_whitespace())
        && !piece.starts_with(|c: char| {
            matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'')
        });
    if joins {
        out.push(' ');
    }
    out.push_str(piece);
}
