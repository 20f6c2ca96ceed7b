//! Every built-in check is exercised by the conformance corpus: failing, passing and (where it
//! can be) not applicable — so a check that never fires, or always fires, cannot go unnoticed.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read fixtures and compare with them

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

const PHASES: [&str; 4] = ["plan", "do", "check", "act"];

/// The 2018 clauses a conformity check can give evidence to: `Some(clauses)` (its own and the
/// values of mapped `clausesFrom`), and whether a `clausesFrom` without a map (the values are
/// clause ids: documents, audits, activities, improvements … that cover any clause) adds any
/// clause. Performance checks give no evidence (a target met or missed is a figure, not proof
/// that the process ran).
fn evidence_of(check: &Value) -> Option<(Vec<String>, bool)> {
    if check["aspect"] == "performance" {
        return None;
    }
    let mut clauses: Vec<String> = check["clauses2018"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    let sources = match &check["clausesFrom"] {
        Value::Null => Vec::new(),
        Value::Array(many) => many.clone(),
        one => vec![one.clone()],
    };
    let mut generic = false;
    for s in &sources {
        match s["map"].as_object() {
            Some(map) => {
                for ids in map.values() {
                    clauses.extend(
                        ids.as_array()
                            .unwrap()
                            .iter()
                            .map(|c| c.as_str().unwrap().to_string()),
                    );
                }
            }
            None => generic = true,
        }
    }
    Some((clauses, generic))
}

/// A clause gives evidence to a process clause when it is that clause or a part of it.
fn touches(clause: &str, process_clause: &str) -> bool {
    clause == process_clause
        || clause
            .strip_prefix(process_clause)
            .is_some_and(|rest| rest.starts_with('.'))
}

#[test]
fn every_process_can_complete_its_pdca_cycle_with_the_builtin_pack() {
    let pack: Value = serde_json::from_str(include_str!("../src/rules/builtin-pack.json")).unwrap();
    let processes: Value =
        serde_json::from_str(include_str!("../src/catalog/data/processes.json")).unwrap();
    let checks = pack["checks"].as_array().unwrap();
    let mut table = String::new();
    let mut gaps = Vec::new();
    for process in processes["processes"].as_array().unwrap() {
        let id = process["id"].as_str().unwrap();
        let own: Vec<&str> = process["clauses2018"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        table.push_str(&format!("{id:<38}"));
        let mut direct_somewhere = false;
        for phase in PHASES {
            let (mut direct, mut generic) = (Vec::new(), Vec::new());
            for check in checks.iter().filter(|c| c["phase"] == phase) {
                let Some((clauses, any)) = evidence_of(check) else {
                    continue;
                };
                let name = check["id"].as_str().unwrap();
                if clauses.iter().any(|c| own.iter().any(|p| touches(c, p))) {
                    direct.push(name);
                } else if any {
                    generic.push(name);
                }
            }
            direct_somewhere |= !direct.is_empty();
            if direct.is_empty() && generic.is_empty() {
                gaps.push(format!("{id} {phase}"));
            }
            table.push_str(&format!(
                " {phase}: {:>2} + {} any |",
                direct.len(),
                generic.len()
            ));
        }
        table.push('\n');
        if !direct_somewhere {
            gaps.push(format!("{id}: no check names any of its clauses"));
        }
    }
    eprintln!(
        "process × phase: checks naming its clauses + checks taking clauses from what records cover\n{table}"
    );
    assert!(gaps.is_empty(), "no check can evidence: {gaps:?}\n{table}");
}

/// The clauses the PDCA review found without any check now have one that names them (directly
/// or through a mapped `clausesFrom`), and the mandated documented information is checked.
#[test]
fn clauses_that_had_no_check_have_one() {
    let pack: Value = serde_json::from_str(include_str!("../src/rules/builtin-pack.json")).unwrap();
    let named: BTreeSet<String> = pack["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(evidence_of)
        .flat_map(|(clauses, _)| clauses)
        .collect();
    let wanted = [
        "4.4", "5.2.1", "5.2.2", "5.3", "7.5.2", "7.5.4", "8.1", "8.2.1", "8.2.2", "8.2.5",
        "8.3.1", "8.3.4.2", "8.4.1", "8.4.2", "8.5.2.1", "8.5.2.2", "8.5.2.3", "8.7.1", "8.7.3.1",
        "8.7.3.2",
    ];
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|c| !named.contains(*c))
        .collect();
    assert!(missing.is_empty(), "clauses without a check: {missing:?}");
}
