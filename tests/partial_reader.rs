//! The partial-result reader (`Partial::from_json`, what `merge` reads) against serde's derived
//! reader of the same types, its oracle: the same partial from every partial the bundled exports
//! give, and the same acceptance (and value) when any member is removed or its value replaced
//! by a value of another type or an edge number.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: the oracle

use iso20000::{Instant, Partial, ffi};

// The changed copies, as the library's own reader tests make them.
#[path = "../src/util/json_variants.rs"]
mod json_variants;
use serde_json::{Value, json};

/// The partial of a session over `file` (the bundled exports: every table of a partial filled).
fn partial_text(file: &str, options: &str) -> String {
    let text = std::fs::read_to_string(format!(
        "{}/examples/data/{file}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let engine = ffi::engine_new(Some("{}"), Instant(0)).unwrap();
    let mut session = ffi::session(&engine, Some(options)).unwrap();
    ffi::session_push(&mut session, &text).unwrap();
    ffi::session_partial(&session).unwrap()
}

fn partials() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in ["demo-export.json", "model-sms.json", "demo-incidents.csv"] {
        for options in [
            r#"{"source": "auto"}"#,
            r#"{"source": "auto", "findings": true, "asOf": "2026-06-30"}"#,
        ] {
            out.push((format!("{file} {options}"), partial_text(file, options)));
        }
    }
    out
}

/// Both readers' verdicts on `text`: equal values, or both refusing.
fn agree(what: &str, text: &str) {
    let ours = Partial::from_json(text);
    let serde = serde_json::from_str::<Partial>(text);
    match (&ours, &serde) {
        (Ok(a), Ok(b)) => assert!(a == b, "{what}: the readers read different partials"),
        (Err(_), Err(_)) => {}
        // serde_json reads a struct from an array of its fields in order; merge never did (it
        // read through `util::json::from_str`, which refuses them).
        (Err(e), Ok(_)) if e.contains("invalid type: sequence, expected struct") => {}
        _ => panic!(
            "{what}: ours {:?}, serde's {:?}",
            ours.as_ref().err(),
            serde.as_ref().err().map(ToString::to_string)
        ),
    }
}

#[test]
fn the_bundled_exports_partials_read_as_serde_reads_them() {
    for (what, text) in partials() {
        let ours = Partial::from_json(&text).unwrap_or_else(|e| panic!("{what}: {e}"));
        let serde: Partial = serde_json::from_str(&text).unwrap();
        assert!(ours == serde, "{what}");
        // Nothing of the partial is left unread: written again, it is the text read.
        assert_eq!(serde_json::to_string(&ours).unwrap(), text, "{what}");
    }
}

/// Values a member is replaced by: other types, edge numbers, shapes.
fn replacements() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(2.0),
        json!(65536),
        json!(4294967296u64),
        json!(u64::MAX),
        json!(""),
        json!("3"),
        json!("incident"),
        json!("2026-03"),
        json!("2026-03-01T09:30:00Z"),
        json!([]),
        json!([0, 1]),
        json!([0, 1, 2, 3]),
        json!({}),
        json!({"id": "X"}),
        json!({"note": "keyedBy", "tool": "t", "primary": "p", "key": "k"}),
    ]
}

fn shrink(value: &mut Value) {
    match value {
        Value::Array(items) => {
            items.truncate(2);
            items.iter_mut().for_each(shrink);
        }
        Value::Object(members) => {
            // A struct of a partial has at most 33 members; more are a map's.
            if members.len() > 40 {
                let keep: Vec<String> = members.keys().take(6).cloned().collect();
                members.retain(|k, _| keep.contains(k));
            }
            members.values_mut().for_each(shrink);
        }
        _ => {}
    }
}

#[test]
fn changed_partials_are_accepted_and_refused_as_serde_does() {
    // The model export's, with its findings: every table of a partial, at a tenth of the size
    // of the demo export's.
    let (_, text) = partials().swap_remove(3);
    let mut root: Value = serde_json::from_str(&text).unwrap();
    // Every list cut to two items and every map to six members: the shapes stay, and each
    // variant is a few kilobytes to read twice (the test runs unoptimised in `make test`).
    shrink(&mut root);
    let all = json_variants::paths(&root, 24);
    assert!(all.len() > 200, "{} paths", all.len());
    let variants =
        json_variants::for_each_variant(&root, 24, &replacements(), &mut |what, changed| {
            agree(what, &changed.to_string());
        });
    assert!(variants > 4000, "{variants} variants");
    eprintln!(
        "{} paths, {variants} variants of a {}-byte partial",
        all.len(),
        root.to_string().len()
    );
}

#[test]
fn a_refusal_names_the_value_and_its_path() {
    let (_, text) = partials().swap_remove(0);
    let mut root: Value = serde_json::from_str(&text).unwrap();
    root["checks"][3]["passed"] = json!("x");
    let err = Partial::from_json(&root.to_string()).unwrap_err();
    assert_eq!(
        err,
        "at `checks[3].passed`: invalid type: string \"x\", expected u64"
    );
    root["checks"] = json!(null);
    root.as_object_mut().unwrap().remove("recordsIn");
    let err = Partial::from_json(&root.to_string()).unwrap_err();
    assert!(err.starts_with("at `checks`: invalid type: null"), "{err}");
    // A syntax error keeps serde_json's line and column.
    let err = Partial::from_json("{\"format\": 2,").unwrap_err();
    assert!(err.contains("line 1 column 13"), "{err}");
}
