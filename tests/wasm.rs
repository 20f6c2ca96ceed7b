//! The conformance corpus inside wasm, through wasm-bindgen-test: `wasm-pack test --node` and
//! `wasm-pack test --headless --chrome` run the same cases as the native and JS runners.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod common;

use wasm_bindgen_test::wasm_bindgen_test;

const CORPUS: &[(&str, &str)] = &[
    ("catalog.json", include_str!("conformance/catalog.json")),
    ("checks.json", include_str!("conformance/checks.json")),
    ("errors.json", include_str!("conformance/errors.json")),
    ("evaluate.json", include_str!("conformance/evaluate.json")),
    (
        "servicenow.json",
        include_str!("conformance/servicenow.json"),
    ),
];

macro_rules! fixtures {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../shared/fixtures/", $path)))),*]
    };
}

/// The real payloads the corpus reads (../shared/fixtures is present wherever tests run).
const FIXTURES: &[(&str, &str)] = fixtures![
    "servicenow/change_mgmt_api_change_list_display_value_pairs.json",
    "servicenow/legacy_jsonv2_incident_records.json",
    "servicenow/rapid7_change_mgmt_api_create_change_request.json",
    "servicenow/rapid7_table_api_sn_si_incident_get.json",
    "servicenow/snc_cli_record_get_incident.json",
    "servicenow/table_api_incident_get_default.json",
    "servicenow/table_api_incident_list_default.json",
];

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
    let fixture = |path: &str| {
        FIXTURES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, text)| text.to_string())
    };
    let mut count = 0;
    let mut failures = Vec::new();
    for (name, text) in CORPUS {
        let (n, f) = common::run_corpus(name, text, &fixture);
        count += n;
        failures.extend(f);
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 150, "only {count} cases");
}

#[wasm_bindgen_test]
fn every_corpus_file_is_listed() {
    // A new corpus file must be added to CORPUS above; this guards the count the native test sees.
    let listed: Vec<&str> = CORPUS.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        listed,
        [
            "catalog.json",
            "checks.json",
            "errors.json",
            "evaluate.json",
            "servicenow.json"
        ]
    );
}
