use super::super::doc::Node;
use super::sla::request_key;

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
