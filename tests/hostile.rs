//! Hostile input natively (issue 11 items 1, 5 and 9): 100,000 levels of nesting in one element
//! beside good records, natively on the test thread's ordinary stack.
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read fixtures and compare with them

use iso20000::Instant;
use iso20000::ffi;
use serde_json::Value;

fn engine() -> iso20000::Engine {
    match ffi::engine_new(Some(r#"{"asOf": "2026-06-30"}"#), Instant(1_780_000_000)) {
        Ok(e) => e,
        Err(e) => panic!("{}", e.message),
    }
}

fn evaluate(input: &str) -> Value {
    match ffi::evaluate(&engine(), input, None).map(|r| serde_json::from_str::<Value>(&r)) {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => panic!("{e}"),
        Err(e) => panic!("{:?}: {}", e.code, e.message),
    }
}

const GOOD: &str = r#"{"id":"G","kind":"incident","openedAt":"2026-05-01T00:00:00Z"}"#;
const DEPTH: usize = 100_000;

fn counts(report: &Value) -> (u64, u64, u64) {
    let r = &report["records"];
    (
        r["in"].as_u64().unwrap_or(0),
        r["evaluated"].as_u64().unwrap_or(0),
        r["rejected"].as_u64().unwrap_or(0),
    )
}

#[test]
fn nested_bundles_100000_levels_are_one_rejection() {
    let deep = format!(
        "{}{{\"id\":\"B\",\"kind\":\"incident\"}}{}",
        "{\"bundle\":null,\"record\":".repeat(DEPTH),
        "}".repeat(DEPTH)
    );
    let report = evaluate(&format!("[{GOOD},{deep},{GOOD}]"));
    assert_eq!(counts(&report), (3, 2, 1));
    assert_eq!(report["rejected"][0]["index"], 1);
    assert_eq!(report["rejected"][0]["path"], "$[1].record");
}

#[test]
fn deep_arrays_and_objects_100000_levels_reject_one_element_in_every_adapter() {
    let arrays = format!("{}1{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let objects = format!("{}1{}", "{\"a\":".repeat(DEPTH), "}".repeat(DEPTH));
    let elements = [
        format!(r#"{{"id":"D","kind":"incident","title":{arrays}}}"#),
        format!(
            r#"{{"sys_id":"s","number":"INC1","sys_class_name":"incident","short_description":{arrays}}}"#
        ),
        format!(r#"{{"id":"10001","key":"HELP-1","fields":{{"summary":{arrays}}}}}"#),
        format!(r#"{{"TicketID":"1","TicketNumber":"1","Title":{objects}}}"#),
        format!(
            r#"{{"id":1,"requester_id":5,"fr_due_by":"2026-05-02T00:00:00Z","subject":{arrays}}}"#
        ),
        format!(
            r#"{{"bundle":"canonical","record":{{"id":"B","kind":"incident","title":{arrays}}}}}"#
        ),
    ];
    for deep in &elements {
        let report = evaluate(&format!("[{GOOD},{deep},{GOOD}]"));
        assert_eq!(
            counts(&report),
            (3, 2, 1),
            "{}",
            deep.get(..60).unwrap_or("")
        );
        assert_eq!(report["rejected"][0]["index"], 1);
        let path = report["rejected"][0]["path"].as_str().unwrap_or("");
        assert!(path.starts_with("$[1]"), "{path}");
        assert!(path.len() < 2_000, "the path is bounded: {}", path.len());
    }
}

#[test]
fn a_syntax_error_beside_a_deep_element_is_still_the_whole_input_s_error() {
    let arrays = format!("{}1{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let input = format!(
        "[{GOOD},{{\"id\":\"D\",\"kind\":\"incident\",\"title\":{arrays}}},\n{{\"id\" 1}}]"
    );
    match ffi::evaluate(&engine(), &input, None) {
        Err(e) => {
            assert_eq!(e.code.as_str(), "E_JSON_SYNTAX");
            assert_eq!((e.line, e.column), (Some(2), Some(7)));
        }
        Ok(_) => panic!("accepted malformed JSON"),
    }
}

#[test]
fn lone_surrogates_and_out_of_range_numbers_spoil_no_record() {
    let input = r#"[{"id":"S","kind":"incident","title":"cut \ud83d"},{"id":"N","kind":"incident","title":1e400}]"#;
    let report = evaluate(input);
    assert_eq!(counts(&report), (2, 2, 0));
    let warnings = report["warnings"].as_array().cloned().unwrap_or_default();
    assert!(
        warnings
            .iter()
            .any(|w| w["path"] == "$[0].title" && w["value"] == "\\ud83d")
    );
    assert!(
        warnings
            .iter()
            .any(|w| w["path"] == "$[1].title" && w["value"] == "1e400")
    );
}

#[test]
fn normalize_of_bytes_reports_bad_utf8_as_evaluate_does() {
    let e = engine();
    let bytes = b"[{\"id\":\"a\",\"kind\":\"incident\",\"title\":\"\xff\"}]";
    let n = ffi::normalize_bytes(&e, bytes, None)
        .err()
        .map(|e| e.code.as_str());
    let v = ffi::evaluate_bytes(&e, bytes, None)
        .err()
        .map(|e| e.code.as_str());
    assert_eq!(n, Some("E_ENCODING"));
    assert_eq!(n, v);
}

#[test]
fn deep_options_are_an_option_error_with_a_path() {
    let deep = format!(
        "{{\"context\":{}1{}}}",
        "{\"a\":".repeat(DEPTH),
        "}".repeat(DEPTH)
    );
    match ffi::evaluate(&engine(), "[]", Some(&deep)) {
        Err(e) => {
            assert_eq!(e.code.as_str(), "E_OPTION");
            assert!(e.path.is_some());
        }
        Ok(_) => panic!("accepted"),
    }
}
