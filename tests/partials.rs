//! Partial results are data from outside (another worker, a file): merging checks what a
//! partial made by an engine always satisfies, and refuses the rest with E_PARTIAL.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read fixtures and compare with them

use iso20000::Instant;
use iso20000::ffi;
use serde_json::{Value, json};

fn records(range: std::ops::Range<usize>) -> String {
    let v: Vec<Value> = range
        .map(|i| json!({"id": format!("INC-{i}"), "kind": "incident", "state": "new",
            "category": if i % 3 == 0 { Value::Null } else { json!("network") }, "openedAt": "2026-03-01T09:00:00Z"}))
        .collect();
    serde_json::to_string(&v).unwrap()
}

const RUN: &str = r#"{"source": "canonical", "asOf": "2026-06-30"}"#;

fn partial_of(engine_options: &str, offset: u64, text: &str) -> Value {
    let engine = ffi::engine_new(Some(engine_options), Instant(0)).unwrap();
    let mut session = ffi::session(&engine, Some(RUN)).unwrap();
    session.set_offset(offset);
    ffi::session_push(&mut session, text).unwrap();
    serde_json::from_str(&ffi::session_partial(&session).unwrap()).unwrap()
}

fn merge(partials: &[&Value]) -> Result<Value, String> {
    let engine = ffi::engine_new(Some("{}"), Instant(0)).unwrap();
    let mut session = ffi::session(&engine, Some(RUN)).unwrap();
    for p in partials {
        ffi::session_merge(&mut session, &p.to_string()).map_err(|e| ffi::error_json(&e))?;
    }
    Ok(serde_json::from_str(&ffi::session_finish(&mut session).unwrap()).unwrap())
}

#[test]
fn two_slices_merge_into_the_one_pass_counts() {
    let a = partial_of("{}", 0, &records(0..10));
    let b = partial_of("{}", 10, &records(10..20));
    let report = merge(&[&a, &b]).unwrap();
    assert_eq!(report["records"]["in"], 20);
}

#[test]
fn the_same_partial_twice_is_refused() {
    let a = partial_of("{}", 0, &records(0..10));
    let err = merge(&[&a, &a]).unwrap_err();
    assert!(
        err.contains("E_PARTIAL") && err.contains("already merged"),
        "{err}"
    );
}

#[test]
fn overlapping_slices_are_refused() {
    let a = partial_of("{}", 0, &records(0..10));
    let b = partial_of("{}", 5, &records(5..15));
    let err = merge(&[&a, &b]).unwrap_err();
    assert!(err.contains("records 5 to 9"), "{err}");
}

#[test]
fn edited_counts_are_refused() {
    let a = partial_of("{}", 0, &records(0..10));
    for (path, value) in [
        ("/evaluated", json!(9)),
        ("/inWindow", json!(11)),
        ("/recordsIn", json!(11)),
        ("/checks/0/failed", json!(1000)),
    ] {
        let mut edited = a.clone();
        *edited.pointer_mut(path).unwrap() = value;
        let err = merge(&[&edited]).unwrap_err();
        assert!(err.contains("E_PARTIAL"), "{path}: {err}");
    }
}

#[test]
fn counts_near_2_pow_63_cannot_wrap() {
    let a = partial_of("{}", 0, &records(0..10));
    let mut huge = a.clone();
    let big = 1u64 << 62;
    huge["recordsIn"] = json!(big);
    huge["evaluated"] = json!(big);
    huge["inWindow"] = json!(10);
    huge["ranges"] = json!([[0, big]]);
    let err = merge(&[&huge, &huge]).unwrap_err();
    assert!(err.contains("E_PARTIAL"), "{err}");
}

#[test]
fn a_pack_with_the_same_id_and_version_but_other_content_does_not_merge() {
    let pack = |severity: &str| {
        json!({"rules": [{"id": "acme", "version": "1", "overrides": [{"check": "INC-CLASSIFIED", "severity": severity}]}]})
            .to_string()
    };
    let a = partial_of(&pack("observation"), 0, &records(0..10));
    let engine = ffi::engine_new(Some(&pack("minor_nonconformity")), Instant(0)).unwrap();
    let mut session = ffi::session(&engine, Some(RUN)).unwrap();
    let err = ffi::session_merge(&mut session, &a.to_string()).unwrap_err();
    assert!(
        ffi::error_json(&err).contains("E_PARTIAL"),
        "{}",
        ffi::error_json(&err)
    );
}

const SERVICES: [&str; 3] = ["Email", "VPN", "Payroll"];

/// Incidents of three services, some failing INC-CLASSIFIED (no category); ids interleave the
/// services, so the export's smallest failing ids are not all one service's.
fn service_records(range: std::ops::Range<usize>) -> String {
    let v: Vec<Value> = range
        .map(|i| json!({"id": format!("INC-{i:03}"), "kind": "incident", "state": "new",
            "service": SERVICES[i % 3],
            "category": if i % 4 == 0 { Value::Null } else { json!("network") }, "openedAt": "2026-03-01T09:00:00Z"}))
        .collect();
    serde_json::to_string(&v).unwrap()
}

/// Every example in the worst-check lists of a service's cells (the service's own phases, its
/// processes and its clauses) is a record of that service that failed that check.
fn assert_service_examples_are_their_own(report: &Value) -> usize {
    let mut seen = 0;
    for service in report["services"].as_array().unwrap() {
        let name = service["id"].as_str().unwrap();
        let mut cells: Vec<&Value> = service["phases"].as_object().unwrap().values().collect();
        for row in service["processes"]
            .as_array()
            .unwrap()
            .iter()
            .chain(service["clauses"].as_array().unwrap())
        {
            cells.extend(row["phases"].as_object().unwrap().values());
        }
        for cell in cells {
            for worst in cell["worst"].as_array().unwrap() {
                assert_eq!(worst["check"], "INC-CLASSIFIED", "{worst}");
                let examples = worst["examples"].as_array().unwrap();
                assert!(!examples.is_empty() && examples.len() <= 5, "{worst}");
                for e in examples {
                    let n: usize = e["id"]
                        .as_str()
                        .unwrap()
                        .strip_prefix("INC-")
                        .unwrap()
                        .parse()
                        .unwrap();
                    assert_eq!(SERVICES[n % 3], name, "{name}: example {e}");
                    assert_eq!(n % 4, 0, "{name}: example {e} has a category");
                    seen += 1;
                }
            }
        }
    }
    seen
}

#[test]
fn a_services_worst_checks_show_that_services_records() {
    let engine = ffi::engine_new(Some("{}"), Instant(0)).unwrap();
    let whole: Value =
        serde_json::from_str(&ffi::evaluate(&engine, &service_records(0..60), Some(RUN)).unwrap())
            .unwrap();
    assert!(assert_service_examples_are_their_own(&whole) >= 15);
    // The same from two workers' partials: each service's examples merged, the smallest ids kept.
    let a = partial_of("{}", 0, &service_records(0..30));
    let b = partial_of("{}", 30, &service_records(30..60));
    let merged = merge(&[&a, &b]).unwrap();
    assert_service_examples_are_their_own(&merged);
    assert_eq!(merged["services"], whole["services"]);
}
