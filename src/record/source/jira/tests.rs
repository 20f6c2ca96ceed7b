use super::super::doc::Node;
use super::read::adf_text;
use super::sla::request_key;

#[test]
fn adf_reads_as_plain_text_with_block_lines() {
    let text = r#"{"type":"doc","version":1,"content":[
        {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Rollback"}]},
        {"type":"bulletList","content":[
            {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"Stop "},{"type":"text","text":"service","marks":[{"type":"strong"}]}]}]},
            {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"Restore"},{"type":"hardBreak"},{"type":"text","text":"snapshot by "},{"type":"mention","attrs":{"id":"1","text":"@Ana"}}]}]}
        ]}]}"#;
    let node: Node = serde_json::from_str(text).unwrap();
    let mut out = String::new();
    adf_text(&node, &mut out);
    assert_eq!(
        out.trim(),
        "Rollback\nStop service\nRestore\nsnapshot by @Ana"
    );
}

#[test]
fn request_keys_come_from_self_links() {
    let node: Node = serde_json::from_str(
        r#"{"_links":{"self":"https://x.atlassian.net/rest/servicedeskapi/request/HELP-7/sla/2"}}"#,
    )
    .unwrap();
    assert_eq!(&*request_key(&node), "HELP-7");
    let none: Node = serde_json::from_str(r#"{"id":"2"}"#).unwrap();
    assert_eq!(&*request_key(&none), "");
}
