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

/// Paths written only for a warning read as the ones joined for every value did.
#[test]
fn lazy_paths_are_written_as_joined_paths_were() {
    use super::read::{At, join};
    let root = At::Path("");
    let fields = At::Path("fields");
    assert_eq!(At::Member(&root, "created").path(), join("", "created"));
    assert_eq!(At::Member(&fields, "customfield_10030").path(), "fields.customfield_10030");
    assert_eq!(
        At::Item(&At::Path("changelog"), "histories", 3).path(),
        "changelog.histories[3]"
    );
    assert_eq!(
        At::Item(&root, "completedCycles", 0).path(),
        join("", &format!("completedCycles[{}]", 0))
    );
    let cycle = At::Item(&fields, "completedCycles", 2);
    assert_eq!(At::Member(&cycle, "startTime").path(), "fields.completedCycles[2].startTime");
    assert_eq!(At::Index(&fields, 4).path(), join("fields", "4"));
    let link = At::Index(&At::Path("fields.issuelinks"), 1);
    assert_eq!(At::Member(&link, "inwardIssue").path(), "fields.issuelinks.1.inwardIssue");
    assert_eq!(At::Member(&At::Index(&root, 1), "outwardIssue").path(), "1.outwardIssue");
}
