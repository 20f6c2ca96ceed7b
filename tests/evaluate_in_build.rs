//! Evaluation of whole exports (cargo feature `evaluate`) and the canonical JSON format in and out
//! (`canonical`) are on by default. The browser extension's module leaves both out (`make
//! wasm-extension-build`; natively `cargo test --no-default-features --features
//! servicenow,jira,glpi --test evaluate_in_build`, which `make test-rust` runs): it checks forms,
//! which its tools' adapters read. There every call that evaluates an export (`evaluate`, a
//! session and each of its calls) and `normalize` answer `E_NOT_IN_BUILD` in the call's language,
//! and a canonical record is rejected by name, never a panic and never a misleading error, while
//! checking and mapping a tool's record answer as in the full build, its state included.
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
const CANONICAL_ON: bool = cfg!(feature = "canonical");

const NO_EVALUATE: &str = "this build of iso20000 has no evaluation of whole exports (evaluate and sessions) (cargo feature `evaluate`)";
const NO_EVALUATE_JA: &str = "この iso20000 のビルドには次の機能がありません: エクスポート全体の評価（evaluate とセッション）（cargo フィーチャー `evaluate`）。";
const NO_NORMALIZE: &str = "this build of iso20000 has no normalize (records written in the canonical format) (cargo feature `canonical`)";
const NO_NORMALIZE_JA: &str = "この iso20000 のビルドには次の機能がありません: normalize（正規レコード形式での書き出し）（cargo フィーチャー `canonical`）。";
const NO_CANONICAL: &str =
    "this build of iso20000 has no reader of canonical records (cargo feature `canonical`)";
const NO_CANONICAL_JA: &str = "この iso20000 のビルドには次の機能がありません: 正規レコードの読み込み（cargo フィーチャー `canonical`）。";

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

/// A tool's record is checked and mapped in either build, with the same answer, its canonical
/// state included (what the extension holds premature findings back by).
#[test]
fn a_record_is_checked_in_either_build() {
    let e = engine();
    let options = Some(r#"{"source": "servicenow"}"#);
    let checked: Value = serde_json::from_str(&ffi::check(&e, INCIDENT, options).unwrap()).unwrap();
    let passed = checked["passed"].as_array().map_or(0, Vec::len);
    assert!(passed > 0, "the incident passes checks: {checked}");
    assert_eq!(checked["record"]["id"], "a1", "{checked}");
    assert_eq!(checked["record"]["state"], "resolved", "{checked}");
    let mapped: Value = serde_json::from_str(&ffi::map(&e, INCIDENT, options).unwrap()).unwrap();
    assert_eq!(mapped[0]["id"], "8.6.1", "incident management: {mapped}");
}

/// `normalize` answers canonical records (the full build) or is refused by name in the call's
/// language, whatever the input's tool.
#[test]
fn normalize_answers_or_is_refused_by_name() {
    let e = engine();
    let options = Some(r#"{"source": "servicenow"}"#);
    let ja = Some(r#"{"source": "servicenow", "lang": "ja"}"#);
    let results = vec![
        ("normalize", false, ffi::normalize(&e, INCIDENT, options)),
        ("normalize ja", true, ffi::normalize(&e, INCIDENT, ja)),
        (
            "normalize bytes",
            false,
            ffi::normalize_bytes(&e, INCIDENT.as_bytes(), options),
        ),
    ];
    if CANONICAL_ON {
        let normalized: Value = serde_json::from_str(results[0].2.as_ref().unwrap()).unwrap();
        assert_eq!(normalized["records"][0]["kind"], "incident", "{normalized}");
    }
    answered_or_refused(CANONICAL_ON, (NO_NORMALIZE, NO_NORMALIZE_JA), results);
}

/// A canonical record is checked (the full build) or rejected by name, with its index,
/// in the call's language, whether its source is named or detected: never "no tool".
#[test]
fn a_canonical_record_is_read_or_rejected_by_name() {
    let e = engine();
    let record = r#"{"id": "C1", "kind": "incident", "title": "Mail is down",
      "openedAt": "2026-04-01T08:00:00Z", "priority": 2}"#;
    for (options, ja) in [
        (None, false),
        (Some(r#"{"source": "canonical"}"#), false),
        (Some(r#"{"lang": "ja"}"#), true),
    ] {
        let checked: Value =
            serde_json::from_str(&ffi::check(&e, record, options).unwrap()).unwrap();
        if CANONICAL_ON {
            assert_eq!(checked["record"]["id"], "C1", "{options:?}: {checked}");
            assert!(checked["rejected"].is_null(), "{options:?}: {checked}");
        } else {
            let rejected = &checked["rejected"];
            let want = if ja { NO_CANONICAL_JA } else { NO_CANONICAL };
            assert_eq!(rejected["message"], want, "{options:?}: {checked}");
            assert_eq!(rejected["index"], 0, "{options:?}: {checked}");
        }
    }
}
