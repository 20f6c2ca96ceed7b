//! The conformance corpus inside wasm, through wasm-bindgen-test: `wasm-pack test --node` and
//! `wasm-pack test --headless --chrome` run the same cases as the native and JS runners.
//!
//! Code in wasm cannot read files, so the corpus comes from `target/wasm-corpus.json`, written
//! from `tests/conformance/index.json` by `node tests/js/corpus-bundle.mjs` (`make
//! test-wasm-bindgen` runs it first; run it yourself before `wasm-pack test … --test wasm`).
//! Without `../shared/fixtures` the bundle holds no fixtures, the cases that read one are
//! skipped, and the bundle step prints the one line saying how many.
#![cfg(target_arch = "wasm32")]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read fixtures and compare with them

mod common;

use serde_json::Value;
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

/// The corpus bundle (see the module comment).
const BUNDLE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/target/wasm-corpus.json"
));

/// The index the bundle must have been written from.
const INDEX: &str = include_str!("conformance/index.json");

fn bundle() -> Value {
    serde_json::from_str(BUNDLE)
        .expect("target/wasm-corpus.json: run `node tests/js/corpus-bundle.mjs` again")
}

fn install_host_zones() {
    // The npm package installs these from JavaScript; here they are built the same way.
    let valid = js_sys::Function::new_with_args(
        "zone",
        "try { new Intl.DateTimeFormat('en-US', { timeZone: zone }); return true; } catch (e) { return false; }",
    );
    let offset = js_sys::Function::new_with_args(
        "zone, seconds",
        "const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', \
         day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }); const p = {}; \
         for (const x of f.formatToParts(new Date(seconds * 1000))) p[x.type] = x.value; \
         return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) / 1000 - seconds;",
    );
    iso20000::wasm::set_zone_provider(valid, offset);
}

#[wasm_bindgen_test]
fn conformance_corpus_passes_in_wasm() {
    install_host_zones();
    let bundle = bundle();
    let present = bundle["fixturesPresent"].as_bool().unwrap_or(false);
    let files = bundle["files"].as_object().cloned().unwrap_or_default();
    let fixture = |path: &str| files.get(path).and_then(Value::as_str).map(str::to_string);
    let mut run = 0;
    let mut skipped = 0;
    let mut failures = Vec::new();
    for entry in bundle["corpus"].as_array().into_iter().flatten() {
        let name = entry["file"].as_str().unwrap_or("?");
        let text = entry["text"].as_str().unwrap_or("");
        let outcome = common::run_corpus(name, text, &fixture, present);
        run += outcome.run;
        skipped += outcome.skipped;
        failures.extend(outcome.failures);
    }
    if skipped > 0 {
        let fixtures = bundle["fixtures"].as_str().unwrap_or("fixtures");
        console_log!("{}", common::skip_line(skipped, fixtures));
    }
    assert!(
        failures.is_empty(),
        "{} of {run} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(run >= 150, "only {run} cases");
}

#[wasm_bindgen_test]
fn the_bundle_holds_every_indexed_corpus_file() {
    // A stale bundle (index.json changed since it was written) fails here: run
    // `node tests/js/corpus-bundle.mjs` again.
    let index = common::Index::parse(INDEX);
    let bundled: Vec<String> = bundle()["corpus"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["file"].as_str().map(str::to_string))
        .collect();
    assert_eq!(bundled, index.files);
}

/// A pack with one check whose `require` is `cond`.
fn hostile_pack(id: &str, cond: Value) -> String {
    serde_json::json!([{ "id": "hostile", "version": "1", "checks": [{
        "id": id, "kinds": ["incident"], "clauses2018": ["8.6.1"], "phase": "do",
        "severity": "minor_nonconformity", "require": cond,
        "title": {"en": id, "ja": id}, "message": {"en": id, "ja": id}, "hint": {"en": "-", "ja": "-"}
    }]}])
    .to_string()
}

fn incidents(n: usize) -> String {
    let records: Vec<Value> = (0..n)
        .map(|i| {
            serde_json::json!({"id": format!("INC-{i}"), "kind": "incident", "state": "resolved",
                "category": if i % 3 == 0 { Value::Null } else { "network".into() },
                "impact": 1 + i % 3, "urgency": 1 + i % 2, "priority": 2,
                "openedAt": "2026-03-02T09:00:00Z", "resolvedAt": "2026-03-03T09:00:00Z"})
        })
        .collect();
    Value::Array(records).to_string()
}

fn code_of(e: &wasm_bindgen::JsValue) -> String {
    js_sys::Reflect::get(e, &"code".into())
        .ok()
        .and_then(|c| c.as_string())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn after_a_limited_or_refused_pack_the_instance_stays_usable() {
    use iso20000::wasm::{WasmEngine, apply_logic};
    install_host_zones();
    let options = r#"{"asOf": "2026-06-30"}"#;
    let acc = serde_json::json!({"var": "accumulator"});
    let doubling =
        serde_json::json!({"reduce": [(0..40).collect::<Vec<_>>(), {"cat": [acc, acc]}, "ab"]});
    let mut engine = WasmEngine::new(Some(options.into())).unwrap();
    // The doubling that trapped at 3.1 GB is a limited check now.
    engine
        .load_rules(&hostile_pack(
            "H-DOUBLE",
            serde_json::json!({"==": [doubling, "x"]}),
        ))
        .unwrap();
    let report: Value = serde_json::from_str(
        &engine
            .check(
                r#"{"id": "INC-0", "kind": "incident", "state": "resolved", "category": "network"}"#,
                Some(r#"{"source": "canonical"}"#.into()),
            )
            .unwrap(),
    )
    .unwrap();
    assert_eq!(report["limited"], serde_json::json!(["H-DOUBLE"]));
    let err = apply_logic(&doubling.to_string(), "null", None).unwrap_err();
    assert_eq!(code_of(&err), "E_RULES");
    // A pack over the node limit is refused, and the engine keeps its packs.
    let wide = serde_json::json!({"or": vec![0; 100_001]});
    let err = engine
        .load_rules(&hostile_pack("H-WIDE", wide))
        .unwrap_err();
    assert_eq!(code_of(&err), "E_RULES");
    // A good pack loads, and a demo-sized export evaluates, on this engine and on a new one.
    engine
        .load_rules(&hostile_pack(
            "H-OK",
            serde_json::json!({"!!": [{"var": "category"}]}),
        ))
        .unwrap();
    let input = incidents(2_000);
    for e in [&engine, &WasmEngine::new(Some(options.into())).unwrap()] {
        let report: Value = serde_json::from_str(
            &e.evaluate(&input, Some(r#"{"source": "canonical"}"#.into()))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(report["records"]["evaluated"], 2_000);
    }
    let three: f64 =
        serde_json::from_str(&apply_logic(r#"{"+": [1, 2]}"#, "null", None).unwrap()).unwrap();
    assert_eq!(three, 3.0);
}

#[wasm_bindgen_test]
fn nesting_at_the_depth_limit_is_stack_safe_in_wasm() {
    use iso20000::wasm::apply_logic;
    let depth = iso20000::internal::MAX_DEPTH;
    for op in [
        "!!", "!", "and", "or", "if", "cat", "merge", "max", "+", "log", "missing", "some",
    ] {
        let mut logic = if op == "some" {
            serde_json::json!(true)
        } else {
            serde_json::json!(1)
        };
        for _ in 0..depth / if op == "some" { 2 } else { 1 } {
            logic = if op == "some" {
                serde_json::json!({"some": [[1, 2], logic]})
            } else {
                serde_json::json!({ op: logic })
            };
        }
        let result = apply_logic(&logic.to_string(), "null", None);
        assert!(
            result.is_ok(),
            "{op}: {:?}",
            result.err().map(|e| code_of(&e))
        );
    }
    // (One JSON level per operator: the JSON parser stops at 128.)
    // And a check at the limit, with its explanation, in an engine.
    let mut require = serde_json::json!({"!!": [{"var": "category"}]});
    for _ in 1..depth {
        require = serde_json::json!({ "!!": require });
    }
    let mut engine =
        iso20000::wasm::WasmEngine::new(Some(r#"{"asOf": "2026-06-30"}"#.into())).unwrap();
    engine.load_rules(&hostile_pack("H-DEEP", require)).unwrap();
    let out: Value = serde_json::from_str(
        &engine
            .check(
                r#"{"id": "I", "kind": "incident", "category": ""}"#,
                Some(r#"{"source": "canonical"}"#.into()),
            )
            .unwrap(),
    )
    .unwrap();
    assert!(out["findings"].to_string().contains("H-DEEP"), "{out}");
}
