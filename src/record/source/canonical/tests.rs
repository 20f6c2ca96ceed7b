//! The tree reader against serde's derived reader (which read canonical records before it, and
//! stays natively as its oracle): the same record, or the same message at the same path, for
//! every canonical record of the conformance corpus, the bundled exports and thousands of their
//! variants with one value changed.

use serde_json::Value;

use super::tree::FromNode;
use crate::record::Record;
use crate::record::source::doc::Node;
use crate::record::source::locate;

/// What serde's reader made of an element (the record as JSON, or the rejection's path and
/// message as `Cursor::parse_failure` worded them); `None` where serde refused what JSON.parse
/// reads (a repeated key, a lone surrogate, a number beyond a double), which the serde reader
/// then read from the tree, as the tree reader now does first.
fn by_serde(raw: &str) -> Option<Result<Value, (String, String)>> {
    match crate::util::json::from_str::<Record<'_>>(raw) {
        Ok(record) => Some(Ok(serde_json::to_value(&record).ok()?)),
        Err(err) => {
            let message = crate::error::serde_message(&err);
            if message.starts_with("duplicate field") || message.starts_with("number out of range")
            {
                return None;
            }
            let path = locate::path_of_error(raw, &err);
            let syntax = matches!(
                err.classify(),
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof
            );
            let message = if syntax {
                crate::record::source::WRONG_TYPE.into()
            } else {
                message
            };
            Some(Err((path, message)))
        }
    }
}

fn by_tree(raw: &str) -> Result<Value, (String, String)> {
    // The tree the adapters read (the lexer's).
    let tree: Node<'_> = crate::record::source::doc::lexed_tree(raw)
        .ok_or_else(|| (String::new(), "not lexed".to_string()))?;
    Record::from_node(&tree)
        .map(|record| serde_json::to_value(&record).unwrap_or(Value::Null))
        .map_err(|p| (p.path, p.message))
}

/// Every object with a string `id` and a `kind` of the record's list, anywhere in `value`.
fn records_in(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(map) => {
            let kind = map.get("kind").and_then(Value::as_str);
            if map.get("id").is_some_and(Value::is_string)
                && kind.is_some_and(|k| crate::record::Kind::parse(k).is_some())
            {
                out.push(value.clone());
            }
            map.values().for_each(|v| records_in(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| records_in(v, out)),
        _ => {}
    }
}

fn corpus() -> Vec<Value> {
    let mut records = Vec::new();
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files: Vec<_> = std::fs::read_dir(format!("{root}/tests/conformance"))
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.push(format!("{root}/examples/data/model-sms.json").into());
    files.push(format!("{root}/examples/data/demo-export.json").into());
    for file in files {
        if file.extension().is_some_and(|e| e == "json")
            && let Ok(text) = std::fs::read_to_string(&file)
            && let Ok(value) = serde_json::from_str::<Value>(&text)
        {
            records_in(&value, &mut records);
        }
    }
    records
}

/// Values that test every reader: each type's good and bad values, edge numbers, shapes.
fn replacements() -> Vec<Value> {
    serde_json::from_str(
        r#"[null, true, false, 0, 1, 2, 3, 5, 6, 9, 255, 256, -1, 4294967295, 4294967296,
            1.5, 2.0, 1e3, -0.5, 123456789012345, "", "x", "incident", "2026-03-01T09:30:00Z",
            "2026-03-01", "soon", "low", "high", "completed", "fixes", [], [1], ["a"], [{}],
            [{"rel": "fixes", "target": "B"}], {}, {"a": 1}, {"value": 2}, {"value": 2, "label": 5},
            {"incident": null}, {"rel": "fixes"}, {"state": "approved"}, {"metric": "availability"}]"#,
    )
    .unwrap_or_default()
}

fn compare(raw: &str, failures: &mut Vec<String>) {
    let Some(expected) = by_serde(raw) else {
        return;
    };
    let got = by_tree(raw);
    // Wider on purpose (see `tree.rs`): a count or a level written as a whole floating point
    // number (the replacements 2.0 and 1e3, which serde_json writes `1000.0`) is read as the
    // integer serde reads.
    let widened = || {
        let integers = raw.replace(":2.0", ":2").replace(":1000.0", ":1000");
        integers != raw && by_serde(&integers) == Some(got.clone())
    };
    if got != expected && !(got.is_ok() && widened()) {
        failures.push(format!("{raw}\n  serde: {expected:?}\n  tree:  {got:?}"));
    }
}

/// The canonical writer (`record::model::write`, what `normalize` writes) against serde's
/// compact text of the same record, byte for byte, for every record the tree reader reads.
fn compare_writer(raw: &str, failures: &mut Vec<String>) {
    use crate::record::model::write::WriteJson;
    let Some(record) =
        crate::record::source::doc::lexed_tree(raw).and_then(|tree| Record::from_node(&tree).ok())
    else {
        return;
    };
    let mut written = String::new();
    record.write_json(&mut written);
    let expected = serde_json::to_string(&record).unwrap_or_default();
    if written != expected {
        failures.push(format!("{raw}\n  serde:  {expected}\n  writer: {written}"));
    }
}

/// Every value of the record and of its objects, one at a time, replaced by each of
/// [`replacements`]; members added and removed.
/// Makes a variant of the record with the change it is given.
type Edit<'e> = dyn FnMut(&dyn Fn(&mut Value)) + 'e;

fn variants(record: &Value, out: &mut Vec<String>) {
    fn walk(value: &Value, edit: &mut Edit<'_>, depth: usize) {
        let Value::Object(map) = value else { return };
        for key in map.keys() {
            let key = key.clone();
            for replacement in replacements() {
                let k = key.clone();
                edit(&move |v: &mut Value| {
                    if let Some(slot) = v.get_mut(&k) {
                        *slot = replacement.clone();
                    }
                });
            }
            let k = key.clone();
            edit(&move |v: &mut Value| {
                if let Value::Object(m) = v {
                    m.remove(&k);
                }
            });
            if depth < 2
                && let Some(inner) = map.get(&key)
            {
                let k = key.clone();
                let mut nested = |change: &dyn Fn(&mut Value)| {
                    edit(&|v: &mut Value| {
                        if let Some(slot) = v.get_mut(&k) {
                            match slot {
                                Value::Array(items) => items.iter_mut().for_each(change),
                                other => change(other),
                            }
                        }
                    })
                };
                match inner {
                    Value::Array(items) => {
                        if let Some(first) = items.first() {
                            walk(first, &mut nested, depth + 1);
                        }
                    }
                    other => walk(other, &mut nested, depth + 1),
                }
            }
        }
        edit(&|v: &mut Value| {
            if let Value::Object(m) = v {
                m.insert("unknownMember".into(), Value::from(1));
            }
        });
    }
    let mut edit = |change: &dyn Fn(&mut Value)| {
        let mut copy = record.clone();
        change(&mut copy);
        out.push(copy.to_string());
    };
    walk(record, &mut edit, 0);
}

#[test]
fn reads_the_corpus_as_serde_did() {
    let records = corpus();
    assert!(records.len() > 500, "{} records", records.len());
    let mut failures = Vec::new();
    for record in &records {
        compare(&record.to_string(), &mut failures);
        compare_writer(&record.to_string(), &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn reads_every_variant_as_serde_did() {
    // One record of each kind (the first met), every value of it varied.
    let mut kinds = std::collections::BTreeMap::new();
    for record in corpus() {
        let kind = record
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        kinds.entry(kind).or_insert(record);
    }
    let mut texts = Vec::new();
    for record in kinds.values() {
        variants(record, &mut texts);
    }
    assert!(texts.len() > 5_000, "{} variants", texts.len());
    let mut failures = Vec::new();
    for text in &texts {
        compare(text, &mut failures);
        compare_writer(text, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        texts.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The readings `tree.rs` widens on purpose, which serde refused.
#[test]
fn reads_a_little_wider_than_serde_on_purpose() {
    for (raw, field, value) in [
        (
            r#"{"id":"A","kind":"incident","incident":{"reopenCount":5.0}}"#,
            "/incident/reopenCount",
            Value::from(5),
        ),
        (
            r#"{"id":"A","kind":"incident","priority":{"value":2.0}}"#,
            "/priority/value",
            Value::from(2),
        ),
        (
            r#"{"id":"A","kind":" incident "}"#,
            "/kind",
            Value::from("incident"),
        ),
        (
            r#"{"id":"A","kind":"incident"," title ":"x"}"#,
            "/title",
            Value::from("x"),
        ),
    ] {
        assert!(matches!(by_serde(raw), Some(Err(_))), "serde refused {raw}");
        let read = by_tree(raw).unwrap_or_default();
        assert_eq!(read.pointer(field), Some(&value), "{raw}");
    }
}

/// Where serde and the tree reader say the same thing differently chosen: a 16-digit or longer
/// integer is named by the double the tree holds.
#[test]
fn long_integers_are_named_by_their_double() {
    let raw = r#"{"id":"A","kind":"incident","title":12345678901234567890}"#;
    assert_eq!(
        by_tree(raw),
        Err((
            ".title".into(),
            "invalid type: integer `12345678901234567168`, expected a string".into()
        ))
    );
}

/// The JSON names made at compile time are serde's `rename_all = "camelCase"` ones.
#[test]
fn json_names_are_camel_case() {
    use super::tree::json_name;
    assert_eq!(json_name!(reopen_count), "reopenCount");
    assert_eq!(json_name!(r#type), "type");
    assert_eq!(json_name!(ci), "ci");
    assert_eq!(
        json_name!(effectiveness_reviewed_at),
        "effectivenessReviewedAt"
    );
}

// proptest is a native dev-dependency (the wasm test build compiles this module too).
#[cfg(not(target_arch = "wasm32"))]
mod generated {
    use super::{by_serde, by_tree};
    use proptest::prelude::*;
    use serde_json::Value;

    /// Any JSON of a few levels: the values a careless or hostile writer puts anywhere.
    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i32>().prop_map(Value::from),
            // Two decimals: serde_json's default reading of a number of 16-17 significant digits
            // can be one unit in the last place off the nearest double, which the lexer (Rust's
            // own parse) gives.
            (-1e6_f64..1e6).prop_map(|x| Value::from((x * 100.0).round() / 100.0)),
            "[a-z_]{0,8}".prop_map(Value::from),
            Just(Value::from("2026-03-01T09:30:00Z")),
            Just(Value::from("change")),
            Just(Value::from("fixes")),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-zA-Z]{1,12}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    const TOP: &[&str] = &[
        "id",
        "kind",
        "number",
        "title",
        "state",
        "priority",
        "impact",
        "openedAt",
        "approval",
        "approvals",
        "links",
        "sla",
        "change",
        "incident",
        "measurement",
        "agreement",
        "origin",
        "document",
        "unknown",
    ];
    const CHANGE: &[&str] = &[
        "type",
        "risk",
        "plannedStart",
        "outcome",
        "cabRequired",
        "implementationPlan",
        "extra",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Any value in a member of the record: what serde made of it.
        #[test]
        fn any_value_in_a_record(field in prop::sample::select(TOP), value in json()) {
            let mut record = serde_json::json!({"id": "A", "kind": "change"});
            record[field] = value;
            let raw = record.to_string();
            if let Some(expected) = by_serde(&raw) {
                prop_assert_eq!(by_tree(&raw), expected, "{}", raw);
            }
        }

        /// Any value in a member of a detail.
        #[test]
        fn any_value_in_a_detail(field in prop::sample::select(CHANGE), value in json()) {
            let mut record = serde_json::json!({"id": "A", "kind": "change", "change": {}});
            record["change"][field] = value;
            let raw = record.to_string();
            if let Some(expected) = by_serde(&raw) {
                prop_assert_eq!(by_tree(&raw), expected, "{}", raw);
            }
        }
    }
}

/// A level refused after serde read it whole: its path goes into the value only when another
/// member follows it (where `locate` finds serde's position).
#[test]
fn a_refused_level_has_serde_s_path() {
    let refused = "expected a level 1-5 or {\"value\": 1-5, \"code\", \"label\"}";
    for (raw, path, message) in [
        (
            r#"{"id":"A","kind":"change","priority":[]}"#,
            ".priority",
            refused,
        ),
        (
            r#"{"id":"A","priority":[1],"kind":"change"}"#,
            ".priority[0]",
            refused,
        ),
        (
            r#"{"id":"A","priority":{"value":9},"kind":"change"}"#,
            ".priority.value",
            "level 9 is outside 1-5",
        ),
        (
            r#"{"id":"A","kind":"change","priority":{"value":9}}"#,
            ".priority",
            "level 9 is outside 1-5",
        ),
        (
            r#"{"id":"A","priority":9,"kind":"change"}"#,
            ".priority",
            "level 9 is outside 1-5",
        ),
    ] {
        let expected = Err((path.to_string(), message.to_string()));
        assert_eq!(by_serde(raw), Some(expected.clone()), "{raw}");
        assert_eq!(by_tree(raw), expected, "{raw}");
    }
}

/// Texts with every character serde_json escapes (and some it does not), numbers at the edges of
/// what a double writes: the writer's text is serde's.
#[test]
fn writes_texts_and_numbers_as_serde_does() {
    use crate::record::model::write::WriteJson;
    use crate::record::value::{Field, Text};
    use crate::record::{Kind, SlaTarget, TargetMetric};
    let mut texts: Vec<String> = (0u8..0x80)
        .map(|b| format!("a{}b", char::from(b)))
        .collect();
    texts.extend(
        [
            "",
            "\"\\",
            "\u{7f}\u{80}é",
            "サービス\u{2028}",
            "\n\r\t\u{8}\u{c}\u{1}\u{1f}",
        ]
        .map(String::from),
    );
    let numbers = [
        0.0,
        -0.0,
        0.1,
        1.0,
        1.5,
        -2.5,
        1e-7,
        1e21,
        1e300,
        5e-324,
        123456789.125,
        f64::MAX,
        f64::MIN_POSITIVE,
        f64::NAN,
        f64::INFINITY,
    ];
    for (i, text) in texts.iter().enumerate() {
        let mut record = Record::new(Text::borrowed(text), Kind::ServiceLevelAgreement);
        record.title = Field::Value(Text::borrowed(text));
        record.state_label = Some(Text::borrowed(text));
        let target = SlaTarget {
            metric: TargetMetric::Availability,
            value: Some(numbers[i % numbers.len()]),
            unit: Some(Text::borrowed(text)),
        };
        record.agreement = Some(Box::new(crate::record::SlaDetail {
            targets: Field::Value(vec![target]),
            ..Default::default()
        }));
        let mut written = String::new();
        record.write_json(&mut written);
        assert_eq!(
            written,
            serde_json::to_string(&record).unwrap_or_default(),
            "{text:?}"
        );
    }
}
