use super::super::{Adapter, Attachment, Context, Cursor};
use super::Zammad;
use crate::record::model::{Kind, LinkRel};

/// Links of a bundle's ticket (the corpus cannot send bundles with related payloads yet).
#[test]
fn links_payload_in_a_bundle_attaches_typed_links_to_the_main_record() {
    let raw = r#"{"links": [
        {"link_type": "normal", "link_object": "Ticket", "link_object_value": 42},
        {"link_type": "parent", "link_object": "Ticket", "link_object_value": 43},
        {"link_type": "child", "link_object": "Ticket", "link_object_value": 44},
        {"link_type": "normal", "link_object": "KnowledgeBase::Answer::Translation", "link_object_value": 7},
        {"link_type": "sibling", "link_object": "Ticket", "link_object_value": 45}],
      "assets": {"Ticket": {"42": {"id": 42, "type": "Problem"}, "43": {"id": 43, "type": null}}}}"#;
    let cx = Context::default();
    let mut warnings = Vec::new();
    let mut at = Cursor::new(0, "$.related[0]".into(), &mut warnings);
    let converted = Zammad.convert(raw, &cx, &mut at).unwrap();
    assert!(converted.record.is_none());
    let links: Vec<(LinkRel, String, Option<Kind>)> = converted
        .attach
        .iter()
        .map(|a| {
            assert!(a.target.is_empty(), "joined to the bundle's main record");
            match &a.what {
                Attachment::Link(l) => (l.rel, l.target.to_string(), l.target_kind),
                other => panic!("{other:?}"),
            }
        })
        .collect();
    assert_eq!(
        links,
        vec![
            (LinkRel::Problem, "42".into(), Some(Kind::Problem)),
            (LinkRel::Parent, "43".into(), None),
            (LinkRel::Child, "44".into(), None),
            (
                LinkRel::RelatesTo,
                "KnowledgeBase::Answer::Translation/7".into(),
                None
            ),
            (LinkRel::RelatesTo, "45".into(), None),
        ]
    );
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].path, "$.related[0].links.4.link_type");

    // Outside a bundle the ticket they belong to is unknown.
    let mut warnings = Vec::new();
    let mut at = Cursor::new(0, "$".into(), &mut warnings);
    let err = Zammad.convert(raw, &cx, &mut at).err().unwrap();
    assert!(err.message.contains("bundle"), "{}", err.message);
}
