//! The parts the ServiceNow check module leaves out (`make wasm-servicenow-check-build`; natively
//! `cargo test --no-default-features --features evaluate,canonical,servicenow --test
//! parts_in_build --test servicenow_only`, which `make test-rust` runs: the ServiceNow corpus then
//! runs on the pack read from the image):
//! - rule packs of the caller's own (cargo feature `packs`, on by default): reading, validating
//!   and compiling JSON packs and JsonLogic. Without it the built-in pack, read from its
//!   compiled image (src/rules/image) as in every build, runs alone, the instance's priority
//!   matrix included, while `rules`, `loadRules` and `applyLogic` answer `E_NOT_IN_BUILD`;
//! - the teaching cases' stories (`cases`): without them `catalog.cases()` answers
//!   `E_NOT_IN_BUILD`, and a check still names its case by id.
//!
//! Refusals name the part in the call's language: never a panic, never a misleading error.
//!
//! Each test says what either build must do, so the file runs (and can fail) in both.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read the answers

use iso20000::{ErrorCode, Instant, ffi};
use serde_json::{Value, json};

const PACKS_ON: bool = cfg!(feature = "packs");
const CASES_ON: bool = cfg!(feature = "cases");

const NO_PACKS: &str = "this build of iso20000 has no rule packs of your own (the rules option and loadRules) (cargo feature `packs`)";
const NO_PACKS_JA: &str = "この iso20000 のビルドには次の機能がありません: 独自のルールパック（rules オプションと loadRules）（cargo フィーチャー `packs`）。";
const NO_LOGIC: &str = "this build of iso20000 has no applyLogic (JsonLogic compiled when called) (cargo feature `packs`)";
const NO_LOGIC_JA: &str = "この iso20000 のビルドには次の機能がありません: applyLogic（呼び出し時の JsonLogic のコンパイル）（cargo フィーチャー `packs`）。";

const NO_CASES: &str =
    "this build of iso20000 has no teaching cases' stories (catalog.cases) (cargo feature `cases`)";
const NO_CASES_JA: &str = "この iso20000 のビルドには次の機能がありません: 教材用の事例の本文（catalog.cases）（cargo フィーチャー `cases`）。";

const NOW: Instant = Instant(1_782_777_600);

/// A pack of one check of the caller's own.
fn pack() -> Value {
    json!({"id": "acme", "version": "1", "checks": [{
        "id": "ACME-TITLED", "kinds": ["incident"], "clauses2018": ["8.6.1"], "phase": "do",
        "severity": "observation", "require": {"!!": {"var": "title"}},
        "title": {"en": "Titled", "ja": "件名あり"}, "message": {"en": "No title", "ja": "件名なし"},
        "hint": {"en": "Add a title", "ja": "件名を入れる"}}]})
}

/// A ServiceNow incident whose priority is 2 for impact 1 and urgency 2: right by the default
/// matrix, wrong by a matrix that gives 1.
const INCIDENT: &str = r#"{"sys_id": "a1", "number": "INC0010001", "sys_class_name": "incident",
  "state": "2", "impact": "1", "urgency": "2", "priority": "2", "short_description": "Mail is down",
  "opened_at": "2026-04-01 08:00:00", "assignment_group": "Messaging", "category": "email"}"#;

fn outcome(engine_options: &str, check: &str) -> &'static str {
    let engine = ffi::engine_new(Some(engine_options), NOW).unwrap();
    let result: Value =
        serde_json::from_str(&ffi::check(&engine, INCIDENT, None).unwrap()).unwrap();
    let listed = |key: &str| {
        result[key].as_array().is_some_and(|list| {
            list.iter()
                .any(|c| c == check || c["check"] == check || c["id"] == check)
        })
    };
    if listed("passed") {
        "passed"
    } else if listed("findings") {
        "failed"
    } else {
        "not judged"
    }
}

fn refused(result: Result<String, iso20000::Error>, (en, ja): (&str, &str), japanese: bool) {
    let e = result.expect_err("refused");
    assert_eq!(e.code, ErrorCode::NotInBuild, "{e}");
    assert_eq!(e.message, if japanese { ja } else { en });
}

/// The built-in checks run in every build, read from the image, and take the
/// instance's priority matrix.
#[test]
fn the_built_in_pack_runs_with_the_instance_priority_matrix() {
    assert_eq!(
        outcome(r#"{"asOf": "2026-06-30"}"#, "INC-PRIORITY-MATRIX"),
        "passed"
    );
    let matrix = r#"{"asOf": "2026-06-30", "context": {"priorityMatrix": [[1, 1, 2], [1, 2, 3], [2, 3, 5]]}}"#;
    assert_eq!(outcome(matrix, "INC-PRIORITY-MATRIX"), "failed");
    // A matrix that is not 3 × 3 priorities 1-5 is refused as ever.
    let bad = r#"{"context": {"priorityMatrix": [[1, 2], [3, 4]]}}"#;
    let e = ffi::engine_new(Some(bad), NOW).err().expect("refused");
    assert_eq!(e.code, ErrorCode::Option);
    // Without the built-in pack (and no pack of one's own) nothing is checked.
    let engine = ffi::engine_new(Some(r#"{"noBuiltin": true}"#), NOW).unwrap();
    let result: Value =
        serde_json::from_str(&ffi::check(&engine, INCIDENT, None).unwrap()).unwrap();
    assert_eq!(result["passed"], json!([]));
    assert_eq!(result["findings"], json!([]));
}

/// A pack of one's own is stacked in the full build and refused by name without the compiler.
#[test]
fn packs_of_ones_own_are_stacked_or_refused_by_name() {
    for lang in ["en", "ja"] {
        let options = json!({"asOf": "2026-06-30", "lang": lang, "rules": [pack()]}).to_string();
        let made = ffi::engine_new(Some(&options), NOW);
        if PACKS_ON {
            assert_eq!(outcome(&options, "ACME-TITLED"), "passed");
            assert_eq!(outcome(&options, "INC-PRIORITY-MATRIX"), "passed");
        } else {
            let e = made.err().expect("refused");
            assert_eq!(e.code, ErrorCode::NotInBuild);
            assert_eq!(e.message, if lang == "ja" { NO_PACKS_JA } else { NO_PACKS });
            assert_eq!(e.path.as_deref(), Some("$.rules"));
        }
        let mut engine = ffi::engine_new(Some(&json!({"lang": lang}).to_string()), NOW).unwrap();
        let loaded = ffi::load_rules(&mut engine, &json!([pack()]).to_string());
        match (PACKS_ON, loaded) {
            (true, Ok(())) => {}
            (false, Err(e)) => {
                assert_eq!(e.code, ErrorCode::NotInBuild);
                assert_eq!(e.message, if lang == "ja" { NO_PACKS_JA } else { NO_PACKS });
            }
            (on, other) => panic!("loadRules with the compiler {on}: {other:?}"),
        }
        // Loading no packs at all needs no compiler.
        ffi::load_rules(&mut engine, "[]").unwrap();
    }
}

#[test]
fn apply_logic_answers_or_is_refused_by_name() {
    for (lang, japanese) in [(None, false), (Some("ja"), true)] {
        let result = ffi::apply_logic(r#"{"+": [1, {"var": "a"}]}"#, r#"{"a": 2}"#, lang);
        if PACKS_ON {
            let answer: Value = serde_json::from_str(&result.unwrap()).unwrap();
            assert_eq!(answer.as_f64(), Some(3.0));
        } else {
            refused(result, (NO_LOGIC, NO_LOGIC_JA), japanese);
        }
    }
}

/// The stories come with `cases`; a check names its case by id in every build.
#[test]
fn teaching_cases_are_told_or_refused_by_name_and_checks_name_them() {
    for (lang, japanese) in [(None, false), (Some("ja"), true)] {
        let result = ffi::catalog_cases(lang);
        if CASES_ON {
            let cases: Value = serde_json::from_str(&result.unwrap()).unwrap();
            let story = cases
                .as_array()
                .unwrap()
                .iter()
                .find(|c| {
                    c["checks"]
                        .as_array()
                        .unwrap()
                        .contains(&json!("INC-PRIORITY-MATRIX"))
                })
                .expect("a case explains INC-PRIORITY-MATRIX");
            assert!(!story["happened"].as_str().unwrap().is_empty());
        } else {
            refused(result, (NO_CASES, NO_CASES_JA), japanese);
        }
    }
    // An unknown language is an option error before anything else.
    let e = ffi::catalog_cases(Some("fr")).expect_err("refused");
    assert_eq!(e.code, ErrorCode::Option);

    let matrix = r#"{"asOf": "2026-06-30", "context": {"priorityMatrix": [[1, 1, 2], [1, 2, 3], [2, 3, 5]]}}"#;
    let failing = ffi::engine_new(Some(matrix), NOW).unwrap();
    let finding: Value =
        serde_json::from_str(&ffi::check(&failing, INCIDENT, None).unwrap()).unwrap();
    let finding = finding["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "INC-PRIORITY-MATRIX" || f["id"] == "INC-PRIORITY-MATRIX")
        .cloned()
        .expect("the matrix check fails");
    assert!(
        finding["case"]
            .as_str()
            .is_some_and(|id| id.starts_with("CASE-")),
        "{finding}"
    );
}
