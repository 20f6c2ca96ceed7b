//! Atlassian Document Format (Jira REST v3 rich text) read as plain text: a hook of the reading
//! layer for tools that send rich text as a tree.

use super::Node;

/// The plain text of an ADF tree, trimmed: text nodes, with block nodes on their own lines.
pub fn plain_text(n: &Node<'_>) -> String {
    let mut out = String::new();
    write_text(n, &mut out);
    out.trim().to_string()
}

/// Atlassian Document Format (v3 rich text).
pub fn is_adf(n: &Node<'_>) -> bool {
    n.get("type").and_then(Node::as_str) == Some("doc") && n.get("content").is_some()
}

/// Plain text of an ADF tree: text nodes, with block nodes on their own lines.
fn write_text(n: &Node<'_>, out: &mut String) {
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
        write_text(child, out);
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
fn push_inline(out: &mut String, piece: &str) {
    let joins = out.chars().last().is_some_and(|c| !c.is_whitespace())
        && !piece.starts_with(|c: char| {
            matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'')
        });
    if joins {
        out.push(' ');
    }
    out.push_str(piece);
}
