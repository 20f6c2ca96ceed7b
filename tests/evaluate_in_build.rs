//! Evaluation of whole exports is a cargo feature (`evaluate`, on by default). The browser
//! extension's module leaves it out (`make wasm-extension-build`; natively `cargo test
//! --no-default-features --features servicenow,jira,glpi --test evaluate_in_build`, which `make
//! test-rust` runs): it checks forms. There every call that evaluates an export (`evaluate`, a
//! session and each of its calls) answers `E_NOT_IN_BUILD` in the call's language, never a panic
//! and never a misleading error, while checking, mapping and normalizing a record answer as in
//! the full build.
//!
//! Each test says what either build must do, so the file runs (and can fail) in both.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read the answers

mod common;

use common::native::answered_or_refused;
use iso20000::{Engine, Instant, ffi};
use serde_json::Value;

const EVALUATE_ON: bool = cfg!(feature = "evaluate");

const NO_EVALUATE: &str = "this build of iso20000 has no evaluation of whole exports (evaluate and sessions) (cargo feature `evaluate`)";
const NO_EVALUATE_JA: &str = "この iso20000 のビルドには次の機能がありません: エクスポート全体の評価（evaluate とセッション）（cargo フィーチャー `evaluate`）。";

/// A ServiceNow incident as the Table API gives it.
const INCIDENT: &str = r#"{"sys_id": "a1", "number": "INC0010001", "sys_class_name": "incident",
  "state": "6", "priority": "2", "impact": "2", "urgency": "2", "short_description": "Mail is down",
  "opened_at": "2026-04-01 08:00:00", "resolved_at": "2026-04-01 10:30:00",
  "close_code": "Solved (Permanently)", "assignment_group": "Messaging"}"#;

fn engine() -> Engine {
    ffi::engine_new(Some(r#"{"asOf": "2026-06-30"}"#), Instant(1_782_777_600)).unwrap()
}

/// `evaluate`, and every call of a session, answer a report (the full build) or are refused by
/// name in the call's language.
#[test]
fn whole_exports_are_evaluated_or_refused_by_name() {
    let e = engine();
    let export = format!(r#"{{"result": [{INCIDENT}]}}"#);
    let ja = Some(r#"{"lang": "ja"}"#);
    let mut results = vec![
        ("evaluate", false, ffi::evaluate(&e, &export, None)),
        ("evaluate ja", true, ffi::evaluate(&e, &export, ja)),
        (
            "evaluate bytes",
            false,
            ffi::evaluate_bytes(&e, export.as_bytes(), None),
        ),
    ];
    for (lang, ja_call) in [(None, false), (ja, true)] {
        // A worker's session pushes and hands its partial over; another one merges it and
        // finishes.
        match (ffi::session(&e, lang), ffi::session(&e, lang)) {
            (Ok(mut worker), Ok(mut main)) => {
                let push = ffi::session_push(&mut worker, &export);
                let partial = ffi::session_partial(&worker);
                let merged = partial
                    .as_ref()
                    .map_err(Clone::clone)
                    .and_then(|p| ffi::session_merge(&mut main, p).map(|()| String::new()));
                results.extend([
                    ("session push", ja_call, push),
                    ("session partial", ja_call, partial),
                    ("session merge", ja_call, merged),
                    ("session finish", ja_call, ffi::session_finish(&mut main)),
                ]);
            }
            (Err(err), _) | (_, Err(err)) => results.push(("session", ja_call, Err(err))),
        }
    }
    answered_or_refused(EVALUATE_ON, (NO_EVALUATE, NO_EVALUATE_JA), results);
}

/// A record is checked, mapped and normalized in either build, with the same answer.
#[test]
fn a_record_is_checked_in_either_build() {
    let e = engine();
    let options = Some(r#"{"source": "servicenow"}"#);
    let checked: Value = serde_json::from_str(&ffi::check(&e, INCIDENT, options).unwrap()).unwrap();
    let passed = checked["passed"].as_array().map_or(0, Vec::len);
    assert!(passed > 0, "the incident passes checks: {checked}");
    assert_eq!(checked["record"]["id"], "a1", "{checked}");
    let mapped: Value = serde_json::from_str(&ffi::map(&e, INCIDENT, options).unwrap()).unwrap();
    assert_eq!(mapped[0]["id"], "8.6.1", "incident management: {mapped}");
    let normalized: Value =
        serde_json::from_str(&ffi::normalize(&e, INCIDENT, options).unwrap()).unwrap();
    assert_eq!(normalized["records"][0]["kind"], "incident", "{normalized}");
}
