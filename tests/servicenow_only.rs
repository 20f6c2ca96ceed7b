//! The ServiceNow-only build (`make wasm-servicenow`; natively `cargo test --no-default-features
//! --features evaluate,canonical,servicenow --test servicenow_only`, which `make test-rust` runs) against the full
//! one: every export stays, and what needs a part the build leaves out (the CSV reader, cargo
//! feature `csv`; column mappings, `mapping`) answers `E_NOT_IN_BUILD` in English and Japanese,
//! never a panic and never a misleading error (CSV text is not "malformed JSON"). ServiceNow
//! JSON reads the same in both: the ServiceNow conformance corpus passes in each.
//!
//! Each test says what either build must do, so the file runs (and can fail) in both.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read fixtures and compare with them

mod common;

use common::native::answered_or_refused;

use iso20000::{Engine, Instant, ffi};
use serde_json::{Value, json};

/// A ServiceNow list export as CSV (header and one incident row).
const CSV: &str = "number,short_description,state,priority,opened_at,resolved_at\n\
                   INC0010001,Mail is down,Resolved,2 - High,2026-04-01 08:00:00,2026-04-01 10:30:00\n";

/// The same incident as the Table API gives it.
const SERVICENOW: &str = r#"{"result": [
  {"sys_id": "a1", "number": "INC0010001", "sys_class_name": "incident", "state": "6",
   "priority": "2", "impact": "2", "urgency": "2", "short_description": "Mail is down",
   "opened_at": "2026-04-01 08:00:00", "resolved_at": "2026-04-01 10:30:00",
   "close_code": "Solved (Permanently)", "assignment_group": "Messaging"},
  {"sys_id": "a2", "number": "INC0010002", "sys_class_name": "incident", "state": "2",
   "priority": "4", "opened_at": "2026-04-02 09:00:00"}
]}"#;

const NO_CSV: &str = "this build of iso20000 has no CSV reader (cargo feature `csv`)";
const NO_CSV_JA: &str =
    "この iso20000 のビルドには次の機能がありません: CSV の読み込み（cargo フィーチャー `csv`）。";
const NO_MAPPING: &str = "this build of iso20000 has no column mapping (context.mapping and proposeMapping) (cargo feature `mapping`)";
const NO_MAPPING_JA: &str = "この iso20000 のビルドには次の機能がありません: 列の対応付け（context.mapping と proposeMapping）（cargo フィーチャー `mapping`）。";

fn engine() -> Engine {
    ffi::engine_new(Some(r#"{"asOf": "2026-06-30"}"#), Instant(1_782_777_600)).unwrap()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// CSV text to a build without the reader is refused by name, through every call that reads
/// input (text and bytes, sessions, `check`), in the call's language; the full build reads it.
#[test]
fn csv_input_is_read_or_refused_by_name() {
    let e = engine();
    let ja = Some(r#"{"lang": "ja"}"#);
    let mut session = ffi::session(&e, None).unwrap();
    let mut session_ja = ffi::session(&e, ja).unwrap();
    answered_or_refused(
        cfg!(feature = "csv"),
        (NO_CSV, NO_CSV_JA),
        vec![
            ("evaluate", false, ffi::evaluate(&e, CSV, None)),
            ("evaluate ja", true, ffi::evaluate(&e, CSV, ja)),
            (
                "evaluate bytes",
                false,
                ffi::evaluate_bytes(&e, CSV.as_bytes(), None),
            ),
            ("normalize", false, ffi::normalize(&e, CSV, None)),
            ("check", false, ffi::check(&e, CSV, None)),
            ("session push", false, ffi::session_push(&mut session, CSV)),
            (
                "session push ja",
                true,
                ffi::session_push(&mut session_ja, CSV),
            ),
        ],
    );
    // A refused chunk leaves the session as it was: it still reads JSON and finishes.
    ffi::session_push(&mut session, SERVICENOW).unwrap();
    let report = json(&ffi::session_finish(&mut session).unwrap());
    let evaluated = if cfg!(feature = "csv") { 3 } else { 2 };
    assert_eq!(report["records"]["evaluated"], evaluated, "{report:#}");
}

/// In the full build, the CSV and the JSON of the same incident read alike (so the CSV above is
/// one the full build reads, and the refusal is about the build, not the text).
#[test]
#[cfg(feature = "csv")]
fn the_full_build_reads_the_csv_as_the_json() {
    let e = engine();
    let from_csv = json(&ffi::normalize(&e, CSV, None).unwrap());
    let from_json = json(&ffi::normalize(&e, SERVICENOW, None).unwrap());
    let numbers = |v: &Value| -> Vec<Value> {
        v["records"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].clone())
            .collect()
    };
    assert_eq!(numbers(&from_csv), vec![json!("INC0010001")]);
    assert_eq!(numbers(&from_json)[0], json!("INC0010001"));
}

/// A `context.mapping` and `proposeMapping` in a build without mappings are refused by name,
/// in the call's language; the full build takes the mapping and proposes one.
#[test]
fn mappings_are_used_or_refused_by_name() {
    let mapping = json!({"context": {"mapping": {"id": "Ref", "kind": "incident",
        "fields": {"openedAt": "Logged"}}}});
    let mapping_ja = json!({"lang": "ja", "context": mapping["context"]});
    let other_tool = "Ref,Logged\nT-1,2026-04-01 08:00:00\n";
    let e = engine();
    let mut results = vec![
        (
            "proposeMapping",
            false,
            ffi::propose_mapping(other_tool, None),
        ),
        (
            "proposeMapping ja",
            true,
            ffi::propose_mapping(other_tool, Some(r#"{"lang": "ja"}"#)),
        ),
        (
            "session with a mapping",
            false,
            ffi::session(&e, Some(&mapping.to_string())).map(|_| String::new()),
        ),
        (
            "engine with a mapping",
            false,
            ffi::engine_new(Some(&mapping.to_string()), Instant(0)).map(|_| String::new()),
        ),
    ];
    // The mapping is read from a CSV, which needs the reader too: without it the CSV's refusal
    // would come first, so these calls are checked only where the reader is in.
    if cfg!(feature = "csv") {
        results.push((
            "evaluate with a mapping",
            false,
            ffi::evaluate(&e, other_tool, Some(&mapping.to_string())),
        ));
        results.push((
            "evaluate with a mapping ja",
            true,
            ffi::evaluate(&e, other_tool, Some(&mapping_ja.to_string())),
        ));
    }
    answered_or_refused(
        cfg!(feature = "mapping"),
        (NO_MAPPING, NO_MAPPING_JA),
        results,
    );
}

/// ServiceNow JSON evaluates in either build: both records read as ServiceNow's, none
/// rejected, the incident checks applied to both; a live `check` reads the record.
#[test]
fn a_servicenow_export_evaluates() {
    let report = json(&ffi::evaluate(&engine(), SERVICENOW, None).unwrap());
    assert_eq!(report["records"]["evaluated"], 2, "{report:#}");
    assert_eq!(report["records"]["rejected"], 0, "{report:#}");
    assert_eq!(
        report["records"]["bySource"],
        json!({"servicenow": 2}),
        "{report:#}"
    );
    let checks = report["checks"].as_array().unwrap();
    let incident_checks = checks
        .iter()
        .filter(|c| c["kinds"] == json!(["incident"]) && c["applicable"].as_u64() > Some(0))
        .count();
    assert!(
        incident_checks >= 3,
        "{incident_checks} incident checks ran: {report:#}"
    );
    let record = r#"{"sys_id": "a1", "number": "INC0010001", "sys_class_name": "incident",
        "state": "6", "priority": "2", "opened_at": "2026-04-01 08:00:00"}"#;
    let live = json(&ffi::check(&engine(), record, None).unwrap());
    assert_eq!(live["record"]["number"], "INC0010001", "{live:#}");
    assert_eq!(live["record"]["tool"], "servicenow", "{live:#}");
    assert!(live["rejected"].is_null(), "{live:#}");
    let judged: usize = ["findings", "passed", "notApplicable"]
        .iter()
        .map(|k| live[k].as_array().unwrap().len())
        .sum();
    assert!(judged >= 3, "{live:#}");
}

/// The ServiceNow conformance corpus (`tests/conformance/servicenow.json`) passes in this build
/// as it does in the full one (`cargo test --test conformance servicenow`).
#[test]
fn the_servicenow_corpus_passes() {
    let file = "servicenow.json";
    let present = common::native::fixtures_present();
    let text = common::native::corpus_text(file);
    let outcome = common::run_corpus(file, &text, &common::native::fixture, present);
    if outcome.skipped > 0 {
        common::native::announce_skipped();
    }
    assert!(outcome.run > 0, "{file} has no cases");
    assert!(
        outcome.failures.is_empty(),
        "{} of {} cases failed:\n{}",
        outcome.failures.len(),
        outcome.run,
        outcome.failures.join("\n")
    );
}

/// A record of a tool the build has no adapter for: sent to that tool, it is rejected naming
/// the missing adapter (in the call's language); detected, it is rejected naming the tools the
/// build reads, since it has none of their fields. The full build reads it.
#[test]
fn another_tools_record_is_read_or_rejected_naming_what_is_missing() {
    let e = engine();
    let jira = r#"{"id": "10001", "key": "SD-1", "fields": {"issuetype": {"name": "Incident"},
        "status": {"name": "Open"}, "created": "2026-04-01T08:00:00.000+0000"}}"#;
    let rejection = |options: &str| -> Value {
        json(&ffi::check(&e, jira, Some(options)).unwrap())["rejected"]["message"].clone()
    };
    let told = rejection(r#"{"source": "jira"}"#);
    let told_ja = rejection(r#"{"source": "jira", "lang": "ja"}"#);
    let detected = rejection(r#"{"source": "auto"}"#);
    if cfg!(feature = "jira") {
        assert_eq!((&told, &detected), (&Value::Null, &Value::Null));
        return;
    }
    assert_eq!(
        told,
        "this build of iso20000 has no Jira adapter (cargo feature `jira`)"
    );
    assert_eq!(
        told_ja,
        "この iso20000 のビルドには次の機能がありません: Jira のアダプター（cargo フィーチャー `jira`）。"
    );
    assert_eq!(
        detected,
        "cannot tell which tool this record comes from: it has none of the fields of the tools \
         this build of iso20000 reads (ServiceNow, canonical); pass `source`"
    );
}
