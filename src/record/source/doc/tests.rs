use super::super::Context;
use super::*;
use crate::record::value::Field;

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

#[test]
fn adf_reads_as_plain_text_with_block_lines() {
    let text = r#"{"type":"doc","version":1,"content":[
        {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Rollback"}]},
        {"type":"bulletList","content":[
            {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"Stop "},{"type":"text","text":"service","marks":[{"type":"strong"}]}]}]},
            {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"Restore"},{"type":"hardBreak"},{"type":"text","text":"snapshot by "},{"type":"mention","attrs":{"id":"1","text":"@Ana"}}]}]}
        ]}]}"#;
    let node: Node = serde_json::from_str(text).unwrap();
    assert_eq!(
        plain_text(&node),
        "Rollback\nStop service\nRestore\nsnapshot by @Ana"
    );
}
