//! A level read from a code field and its label field (priority, impact, urgency).

use crate::record::source::doc::{Doc, LevelMap, Node};
use crate::record::value::{Field, Level, Text};

/// A level from a code field and its label field: the instance's `choices` (for the code, then
/// the label) come first, then the tool's code table, then (without a code) its label table.
/// The tool's code and label are kept.
pub(crate) fn coded_level<'a>(
    d: &mut Doc<'_, 'a, '_>,
    code_path: &str,
    label_path: Option<&str>,
    codes: LevelMap<'_>,
    labels: LevelMap<'_>,
    what: &str,
) -> Field<Level<'a>> {
    let code_node = d.node(code_path);
    let label_node = label_path.and_then(|p| d.node(p));
    if code_node.is_none() && label_node.is_none() {
        return Field::Absent;
    }
    let as_text = |n: Option<&Node<'a>>| -> Option<Text<'a>> {
        match n? {
            n if n.is_empty() => None,
            n @ Node::Obj(_) => ["name", "value"].iter().find_map(|k| n.get(k)?.as_text()),
            n => n.as_text(),
        }
    };
    let code = code_node.filter(|n| !n.is_empty()).and_then(|n| match n {
        Node::Obj(_) => n.get("id").and_then(Node::as_text),
        other => other.as_text(),
    });
    let label = as_text(label_node);
    if code.is_none() && label.is_none() {
        return Field::Null;
    }
    let cx = d.cx;
    let chosen = |path: &str, key: &str| {
        cx.choice(path, key.trim())
            .and_then(|v| v.trim().parse::<u8>().ok())
    };
    let table = |map: LevelMap<'_>, key: &str| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key.trim()))
            .map(|(_, v)| *v)
    };
    let value = code
        .as_deref()
        .and_then(|c| chosen(code_path, c))
        .or_else(|| {
            label
                .as_deref()
                .zip(label_path)
                .and_then(|(l, p)| chosen(p, l))
        })
        .or_else(|| code.as_deref().and_then(|c| table(codes, c)))
        .or_else(|| {
            if code.is_none() {
                label.as_deref().and_then(|l| table(labels, l))
            } else {
                None
            }
        });
    match value {
        Some(value) if (1..=5).contains(&value) => Field::Value(Level { value, code, label }),
        _ => {
            let (path, node) = match (code_node, label_node) {
                (Some(n), _) if !n.is_empty() => (code_path, n),
                (_, Some(n)) => (label_path.unwrap_or(code_path), n),
                (Some(n), None) => (code_path, n),
                (None, None) => return Field::Absent,
            };
            d.warn(
                path,
                format!("unknown {what} (map it with context.choices.{path})"),
                node,
            );
            Field::Absent
        }
    }
}
