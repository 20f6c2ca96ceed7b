use super::*;

/// Canonical JSON carrying every field added for the PDCA coverage checks, one record per
/// kind: each parses, serialises back to the same JSON and is readable by its path.
#[test]
fn new_fields_round_trip_and_are_readable() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            r#"{"id":"A1","kind":"activity","activity":{"activityType":"training","covers":["7.2","7.3"],"performedAt":"2026-05-01T09:00:00Z","owner":"HR","result":"12 attended","actionCount":2}}"#,
            &[
                "activity.activityType",
                "activity.performedAt",
                "activity.owner",
                "activity.result",
                "activity.actionCount",
            ],
            &["activity.covers"],
        ),
        (
            r#"{"id":"S1","kind":"sla","agreement":{"targetCount":2,"targets":[{"metric":"availability","value":99.9,"unit":"%"},{"metric":"resolution"}]}}"#,
            &["agreement.targetCount"],
            &["agreement.targets"],
        ),
        (
            r#"{"id":"AU1","kind":"internal_audit","audit":{"covers":["8.5.1.3"]}}"#,
            &[],
            &["audit.covers"],
        ),
        (
            r#"{"id":"I1","kind":"improvement","improvement":{"source":"service_report","covers":["9.4"]}}"#,
            &["improvement.source"],
            &["improvement.covers"],
        ),
        (
            r#"{"id":"N1","kind":"nonconformity","nonconformity":{"covers":["10.1"]}}"#,
            &[],
            &["nonconformity.covers"],
        ),
        (
            r#"{"id":"D1","kind":"document","document":{"docType":"service_management_plan"}}"#,
            &["document.docType"],
            &[],
        ),
        (
            r#"{"id":"CR1","kind":"capacity_review","capacity":{"availabilityConsidered":true}}"#,
            &["capacity.availabilityConsidered"],
            &[],
        ),
        (
            r#"{"id":"C1","kind":"change","change":{"securityAssessed":true,"serviceChange":true,"design":"SDD-4","acceptedAt":"2026-05-02T00:00:00Z"}}"#,
            &[
                "change.securityAssessed",
                "change.serviceChange",
                "change.design",
                "change.acceptedAt",
            ],
            &[],
        ),
        (
            r#"{"id":"CI1","kind":"configuration_item","ci":{"asset":true}}"#,
            &["ci.asset"],
            &[],
        ),
        (
            r#"{"id":"SV1","kind":"service","serviceDetail":{"requirements":"24x7","inScope":true}}"#,
            &["serviceDetail.requirements", "serviceDetail.inScope"],
            &[],
        ),
        (
            r#"{"id":"SU1","kind":"supplier","supplier":{"internal":true}}"#,
            &["supplier.internal"],
            &[],
        ),
    ];
    for (json, scalars, lists) in cases {
        let record: Record<'_> = serde_json::from_str(json).unwrap();
        let back: serde_json::Value = serde_json::to_value(&record).unwrap();
        let mut want: serde_json::Value = serde_json::from_str(json).unwrap();
        want["origin"] = serde_json::json!({});
        assert_eq!(back, want, "{json}");
        for path in *scalars {
            let get = record_field(path).unwrap_or_else(|| panic!("{path} is not registered"));
            assert!(!get(&record).is_absent(), "{path} reads as absent");
            assert!(RECORD_FIELDS.contains(path));
        }
        for path in *lists {
            let (_, get) = record_list(path).unwrap_or_else(|| panic!("{path} is no list"));
            assert!(get(&record).is_some_and(|v| !v.is_empty()), "{path}");
            assert!(LIST_FIELDS.contains(path));
        }
    }
}

/// Each typed reader agrees with the field's accessor: for every value (and absent, null,
/// and a record without the detail object), code `2 + i` is the accessor's value `i`.
#[test]
fn domain_codes_agree_with_the_accessors() {
    use super::super::logic::value::strict_eq;
    for path in DOMAIN_FIELDS {
        let d = domain(path).unwrap();
        let get = record_field(path).unwrap_or_else(|| panic!("{path} has no accessor"));
        let values = (d.values)();
        assert!(values.len() < 64, "{path}");
        let (detail, name) = match path.split_once('.') {
            Some((a, b)) => (Some(a), b),
            None => (None, *path),
        };
        let kind = match detail {
            Some(detail) => Kind::ALL
                .iter()
                .find(|k| k.detail_name() == detail)
                .unwrap()
                .as_str(),
            None => "incident",
        };
        let mut cases: Vec<(Option<serde_json::Value>, u8)> = vec![
            (None, CODE_ABSENT),
            (Some(serde_json::Value::Null), CODE_NULL),
        ];
        for (i, v) in values.iter().enumerate() {
            cases.push((Some(v.clone()), u8::try_from(i + 2).unwrap()));
        }
        for (value, code) in cases {
            let mut rec = serde_json::json!({"id": "X", "kind": kind});
            if *path == "kind" {
                // Every record has a kind: never absent or null.
                match value {
                    Some(v) if !v.is_null() => rec["kind"] = v,
                    _ => continue,
                }
            } else if let Some(v) = value {
                match detail {
                    Some(detail) => rec[detail] = serde_json::json!({ name: v }),
                    None => rec[name] = v,
                }
            } else if let Some(detail) = detail {
                // Absent twice over: without the detail object, and without the field.
                let bare_text = rec.to_string();
                let bare: Record<'_> = serde_json::from_str(&bare_text).unwrap();
                assert_eq!((d.read)(&bare), CODE_ABSENT, "{path}");
                rec[detail] = serde_json::json!({});
            }
            let text = rec.to_string();
            let record: Record<'_> = serde_json::from_str(&text).unwrap();
            let got = (d.read)(&record);
            assert_eq!(got, code, "{path} on {text}");
            let val = get(&record);
            match code {
                CODE_ABSENT => assert!(val.is_absent(), "{path}"),
                CODE_NULL => assert!(matches!(val, Val::Null), "{path}"),
                _ => {
                    let want = values.get(usize::from(code) - 2).unwrap();
                    assert!(strict_eq(&val, &Val::from_json(want)), "{path}: {val:?}");
                }
            }
        }
    }
}

#[test]
fn sla_targets_expose_metric_value_and_unit() {
    let json = r#"{"id":"S1","kind":"sla","agreement":{"targets":[{"metric":"availability","value":99.9,"unit":"%"},{"metric":"response"}]}}"#;
    let record: Record<'_> = serde_json::from_str(json).unwrap();
    let (ty, get) = record_list("agreement.targets").unwrap();
    assert_eq!(ty, ItemType::Target);
    let items: Vec<ItemRef<'_>> = get(&record).unwrap().iter().collect();
    let metric = item_field(ty, "metric").unwrap();
    let value = item_field(ty, "value").unwrap();
    let unit = item_field(ty, "unit").unwrap();
    assert_eq!(metric(items[0]).to_text(), "availability");
    assert_eq!(value(items[0]).to_number(), 99.9);
    assert_eq!(unit(items[0]).to_text(), "%");
    assert!(matches!(value(items[1]), Val::Null));
    assert!(matches!(unit(items[1]), Val::Null));
    assert!(item_field(ty, "target").is_none());
}

#[test]
fn a_list_sent_as_null_is_empty_and_a_missing_one_absent() {
    let null: Record<'_> =
        serde_json::from_str(r#"{"id":"A","kind":"internal_audit","audit":{"covers":null}}"#)
            .unwrap();
    let missing: Record<'_> =
        serde_json::from_str(r#"{"id":"A","kind":"internal_audit","audit":{}}"#).unwrap();
    let (_, get) = record_list("audit.covers").unwrap();
    assert_eq!(get(&null).map(|v| v.len()), Some(0));
    assert!(get(&missing).is_none());
}
