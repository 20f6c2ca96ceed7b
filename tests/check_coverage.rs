//! Every built-in check is exercised by the conformance corpus: failing, passing and (where it
//! can be) not applicable — so a check that never fires, or always fires, cannot go unnoticed.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use serde_json::Value;

fn strings(v: Option<&Value>) -> Vec<String> {
    match v.and_then(|x| x.get("$contains")) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

#[test]
fn every_builtin_check_fails_passes_and_is_not_applicable_somewhere_in_the_corpus() {
    let pack: Value = serde_json::from_str(include_str!("../src/rules/builtin-pack.json")).unwrap();
    let corpus: Value = serde_json::from_str(include_str!("conformance/checks.json")).unwrap();
    let ids: BTreeSet<String> = pack["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    let (mut fail, mut pass, mut na) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for case in corpus["cases"].as_array().unwrap() {
        let expect = &case["expect"];
        let findings = match &expect["findings"] {
            Value::Array(items) => items.clone(),
            Value::Object(o) => o
                .get("$contains")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        for f in findings {
            if let Some(id) = f["check"].as_str() {
                fail.insert(id.to_string());
            }
        }
        pass.extend(strings(expect.get("passed")));
        na.extend(strings(expect.get("notApplicable")));
        if let Some(rows) = expect
            .pointer("/checks/$contains")
            .and_then(Value::as_array)
        {
            for row in rows {
                let Some(id) = row["id"].as_str() else {
                    continue;
                };
                if row["failed"].as_u64().is_some_and(|n| n > 0) {
                    fail.insert(id.to_string());
                }
                if row["passed"].as_u64().is_some_and(|n| n > 0) {
                    pass.insert(id.to_string());
                }
                if row["notApplicable"].as_u64().is_some_and(|n| n > 0) {
                    na.insert(id.to_string());
                }
            }
        }
    }
    let missing = |set: &BTreeSet<String>| ids.difference(set).cloned().collect::<Vec<_>>();
    assert!(
        missing(&fail).is_empty(),
        "never failing in the corpus: {:?}",
        missing(&fail)
    );
    assert!(
        missing(&pass).is_empty(),
        "never passing in the corpus: {:?}",
        missing(&pass)
    );
    assert!(
        missing(&na).is_empty(),
        "never not applicable in the corpus: {:?}",
        missing(&na)
    );
    assert!(ids.len() >= 40);
}
