//! Reading values: text (with ADF rich text), references, times, yes/no, levels and options,
//! each from a node with its path, warning with the path and the value.

use super::super::doc::{self, Doc, Node, named_text, truthy_code};
use crate::record::time::Instant;
use crate::record::value::{Field, Level, Text};

/// Jira reads through the shared reading context, [`Doc`] (the element's tree, the instance's
/// context, the cursor and its warnings). The values below are Jira's own readings of a node
/// found by the adapter (a custom field, a list item): rich text, multi-value lists, DateDTOs,
/// option objects and the instance's choice tables.
pub(super) type Reader<'r, 'a, 'w> = Doc<'r, 'a, 'w>;

/// Where a value is in the issue, written out only when a warning names it. Paths were joined
/// for every SLA cycle, approval step and changelog history read, and nearly every value reads
/// cleanly (Jira: about 10 allocations a record).
#[derive(Clone, Copy)]
pub(super) enum At<'p> {
    Path(&'p str),
    /// `base.key` (`key` alone at the root), as [`join`] writes it.
    Member(&'p At<'p>, &'p str),
    /// `base.key[i]`.
    Item(&'p At<'p>, &'p str, usize),
    /// `base.i`: a list item of a field whose value is the list.
    Index(&'p At<'p>, usize),
}

impl At<'_> {
    pub(super) fn path(&self) -> String {
        match self {
            At::Path(p) => (*p).to_string(),
            At::Member(base, key) => join(&base.path(), key),
            At::Item(base, key, i) => format!("{}[{i}]", join(&base.path(), key)),
            At::Index(base, i) => join(&base.path(), &i.to_string()),
        }
    }
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

impl Doc<'_, '_, '_> {
    /// Text: strings (v2 wiki text), numbers, v3 rich text (ADF, read as plain text), select
    /// options (`value`) and named objects.
    pub(super) fn node_text<'a>(&mut self, node: Option<&Node<'a>>, path: &str) -> Field<Text<'a>> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        match n {
            Node::Obj(_) if doc::is_adf(n) => {
                let t = doc::plain_text(n);
                if t.is_empty() {
                    Field::Null
                } else {
                    Field::Value(Text::owned(t))
                }
            }
            Node::Obj(_) => self.read_or_warn(named_text(n), path, "expected text", n),
            Node::Arr(items) => {
                // Multi-selects and labels: the first value (the others are named in a warning).
                if items.len() > 1 {
                    self.warn(path, MANY_VALUES, n);
                }
                let first = items.first();
                let inner = join(path, "0");
                self.node_text(first, &inner)
            }
            other => self.read_or_warn(other.as_text(), path, "expected text", n),
        }
    }

    /// A reference to a user, group, team, service or asset: its stable id.
    pub(super) fn node_reference<'a>(
        &mut self,
        node: Option<&Node<'a>>,
        path: &str,
    ) -> Field<Text<'a>> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        match n {
            Node::Obj(_) => self.read_or_warn(reference_id(n), path, "expected a reference (accountId, id, key or name)", n),
            Node::Arr(items) => {
                if items.len() > 1 {
                    self.warn(path, MANY_VALUES, n);
                }
                let inner = join(path, "0");
                self.node_reference(items.first(), &inner)
            }
            other => self.read_or_warn(other.as_text(), path, "expected a reference", n),
        }
    }

    /// A time: ISO 8601 with Jira's `±hhmm` offset (naive times in the instance zone), a date,
    /// or a JSM DateDTO (`epochMillis`). Jira never sends bare numbers: they are warned about.
    pub(super) fn node_time(&mut self, node: Option<&Node<'_>>, path: &str) -> Field<Instant> {
        self.time_at(node, At::Path(path))
    }

    /// [`Doc::node_time`] with the path written out only for a warning.
    pub(super) fn time_at(&mut self, node: Option<&Node<'_>>, at: At<'_>) -> Field<Instant> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        let parsed = match n {
            Node::Str(t) => Instant::parse(t, self.cx.time_zone.as_ref()).map(|p| p.0),
            Node::Obj(_) => doc::epoch_millis(n).or_else(|| {
                ["iso8601", "jira"].iter().find_map(|k| {
                    let s = n.get(k)?.as_str()?;
                    Instant::parse(s, self.cx.time_zone.as_ref()).map(|p| p.0)
                })
            }),
            _ => None,
        };
        match parsed {
            Some(t) => Field::Value(t),
            None => self.read_or_warn(None, &at.path(), "not a date-time Jira sends (expected ISO 8601 such as 2026-04-01T09:30:00.000+0200, or a DateDTO)", n),
        }
    }

    /// Yes/no: booleans, `true`/`false`/`yes`/`no` codes, options through the instance's
    /// choices, multi-checkboxes (checked when non-empty).
    pub(super) fn node_boolean(
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
            Node::Num(_) | Node::Int(_) => n.number().map(|x| x != 0.0),
            Node::Str(t) => from_text(t),
            Node::Obj(_) => ["id", "value", "name"]
                .iter()
                .find_map(|k| from_text(&n.get(k)?.as_text()?)),
            Node::Arr(_) => Some(true),
            Node::Null => None,
        };
        self.read_or_warn(value, path, "expected a yes/no value (add it to context.choices to map a label)", n)
    }

    /// A level (priority, impact, urgency): the instance's choices for the option's id or
    /// label first, then the tool's table; the tool's id and label are kept.
    pub(super) fn node_level<'a>(
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
    pub(super) fn node_option<T>(
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
            .or_else(|| {
                keys.iter()
                    .find_map(|k| decode(&crate::util::lowercase(k.trim(), &mut [0; 64])))
            });
        self.unknown_choice(decoded, path, what, n)
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
