use super::*;

/// The owned copy says exactly what the borrowed record says (every detail object, links,
/// approvals, SLA entries and targets, levels with codes and labels, null and absent fields).
#[test]
fn into_static_copies_every_field() {
    let text = r#"{"id":" R1 ","kind":"change","number":"CHG1","title":"t","state":"closed",
        "stateLabel":"Closed","priority":{"value":2,"code":"2","label":"2 - High"},"impact":3,
        "urgency":null,"category":"c","service":"s","assignmentGroup":"g","assignee":"a",
        "requester":"r","openedAt":"2026-01-01T00:00:00Z","closedAt":"2026-01-02T00:00:00Z",
        "approval":"approved","approvals":[{"state":"approved","approver":"x","at":"2026-01-01"}],
        "links":[{"rel":"fixes","target":"INC1","targetKind":"incident"}],
        "sla":[{"name":"resolution","stage":"completed","breached":false}],
        "change":{"type":"normal","risk":"low","backoutPlan":"b","cabRequired":true,"testPlan":null},
        "agreement":{"targets":[{"metric":"availability","value":99.9,"unit":"%"}],"targetCount":1},
        "document":{"covers":["8.1","8.2"]},"measurement":{"target":1.5,"actual":2},
        "origin":{"tool":"canonical","url":"https://example.test/1"}}"#;
    let record: Record<'_> = serde_json::from_str(text).unwrap();
    let before = serde_json::to_value(&record).unwrap();
    let owned: Record<'static> = record.into_static();
    assert_eq!(serde_json::to_value(&owned).unwrap(), before);
    assert!(owned.raw.is_none());
}
