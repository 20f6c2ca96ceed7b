//! The conformance corpus inside wasm, through wasm-bindgen-test: `wasm-pack test --node` and
//! `wasm-pack test --headless --chrome` run the same cases as the native and JS runners.
//!
//! Code in wasm cannot read files, so the corpus comes from `target/wasm-corpus.json`, written
//! from `tests/conformance/index.json` by `node tests/js/corpus-bundle.mjs` (`make
//! test-wasm-bindgen` runs it first; run it yourself before `wasm-pack test … --test wasm`).
//! Without `../shared/fixtures` the bundle holds no fixtures, the cases that read one are
//! skipped, and the bundle step prints the one line saying how many.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

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
