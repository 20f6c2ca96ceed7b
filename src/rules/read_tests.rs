//! The pack reader (`rules/read.rs`) against serde's derived reader of the same types, its
//! oracle: the same pack from the built-in pack, the example packs and every pack of the
//! conformance corpus, and the same acceptance (and pack) when any member of them is removed or
//! its value replaced by a value of another type or an edge value.

use serde_json::{Value, json};

use super::pack::{BUILTIN_PACK, Pack};
use crate::util::json_variants::for_each_variant;

/// Both readers' verdicts on `value`: equal packs, or both refusing.
fn agree(what: &str, value: &Value, failures: &mut Vec<String>) {
    let ours = Pack::from_json_value(value);
    let serde = crate::util::json::from_str::<Pack>(&value.to_string());
    match (&ours, &serde) {
        (Ok(a), Ok(b)) if a == b => {}
        (Err(_), Err(_)) => {}
        // serde's untagged reading of `clausesFrom` lets an array of texts stand for the struct
        // (`["x"]` as `{"field": "x"}`), which `util::json` refuses everywhere else: refused
        // here on purpose.
        (Err(e), Ok(_))
            if e.ends_with("untagged enum ClausesFromDef") && what.contains("= [\"") => {}
        _ => failures.push(format!(
            "{what}: ours {:?}, serde's {:?}",
            ours.as_ref().map(|_| "a pack"),
            serde
                .as_ref()
                .map(|_| "a pack")
                .map_err(ToString::to_string)
        )),
    }
}

/// Every object of `value` that looks like a pack (an id, a version and checks, evidence or
/// overrides).
fn packs_in(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("id")
                && map.contains_key("version")
                && ["checks", "evidence", "overrides"]
                    .iter()
                    .any(|k| map.contains_key(*k))
            {
                out.push(value.clone());
            }
            map.values().for_each(|v| packs_in(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| packs_in(v, out)),
        _ => {}
    }
}

fn packs() -> Vec<Value> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut out = vec![serde_json::from_str(BUILTIN_PACK).unwrap_or_default()];
    for dir in ["examples/rules", "tests/conformance"] {
        let files = std::fs::read_dir(format!("{root}/{dir}"))
            .map(|d| {
                d.filter_map(|e| e.ok().map(|e| e.path()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        for file in files {
            if let Ok(text) = std::fs::read_to_string(&file)
                && let Ok(value) = serde_json::from_str::<Value>(&text)
            {
                packs_in(&value, &mut out);
            }
        }
    }
    out
}

#[test]
fn every_pack_we_have_reads_as_serde_reads_it() {
    let packs = packs();
    assert!(packs.len() > 20, "{} packs", packs.len());
    let mut failures = Vec::new();
    for (i, pack) in packs.iter().enumerate() {
        agree(&format!("pack {i}"), pack, &mut failures);
    }
    // The built-in pack reads at all.
    assert!(Pack::from_json_value(&packs[0]).is_ok());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn replacements() -> Vec<Value> {
    serde_json::from_str(
        r#"[null, true, 0, -1, 1.5, 4294967296, "", "x", "incident", "plan", "observation",
            "window", "performance", "processes", [], ["incident"], [{"field": "x"}], {},
            {"en": "a", "ja": "b"}, {"field": "x", "map": {"a": ["8.1"]}}, {"share": 0.5, "count": 3},
            {"n": 1, "p": 2, "l": 3}, {"var": "kind"}]"#,
    )
    .unwrap_or_default()
}

#[test]
fn changed_packs_are_accepted_and_refused_as_serde_does() {
    // The built-in pack cut to its first checks and evidence, and every example pack (their
    // overrides, parameters and rating policies).
    let mut bases = packs();
    if let Some(checks) = bases[0].get_mut("checks").and_then(Value::as_array_mut) {
        checks.truncate(3);
    }
    if let Some(evidence) = bases[0].get_mut("evidence").and_then(Value::as_array_mut) {
        evidence.truncate(2);
    }
    bases.truncate(4);
    let mut failures = Vec::new();
    let mut variants = 0;
    for base in &bases {
        variants += for_each_variant(base, 30, &replacements(), &mut |what, changed| {
            agree(what, changed, &mut failures);
        });
    }
    assert!(variants > 3000, "{variants} variants");
    assert!(
        failures.is_empty(),
        "{} of {variants} differ:\n{}",
        failures.len(),
        failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn an_override_tells_a_null_condition_from_none() {
    let read = |o: Value| {
        let pack = json!({"id": "p", "version": "1", "overrides": [o]});
        Pack::from_json_value(&pack).map(|p| p.overrides[0].when.clone())
    };
    assert_eq!(read(json!({"check": "X"})), Ok(None));
    assert_eq!(read(json!({"check": "X", "when": null})), Ok(Some(None)));
    assert_eq!(
        read(json!({"check": "X", "when": {"var": "kind"}})),
        Ok(Some(Some(json!({"var": "kind"}))))
    );
}

#[test]
fn a_refusal_names_the_member_and_its_path() {
    let pack = json!({"id": "p", "version": "1", "checks": [{"id": "X", "kinds": ["incident"],
        "phase": "do", "severity": "severe", "require": true,
        "title": {"en": "", "ja": ""}, "message": {"en": "", "ja": ""}, "hint": {"en": "", "ja": ""}}]});
    let err = Pack::from_json_value(&pack).unwrap_err();
    assert!(
        err.starts_with("at `checks[0].severity`: unknown variant `severe`, expected one of"),
        "{err}"
    );
    let err = Pack::from_json_value(&json!({"id": "p", "version": "1", "colour": 1})).unwrap_err();
    assert!(
        err.starts_with("at `colour`: unknown field `colour`, expected one of `id`"),
        "{err}"
    );
}
