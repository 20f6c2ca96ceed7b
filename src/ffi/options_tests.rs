//! The options' readers (`options`, through `util::value_reader`) against serde's derived
//! readers of the same types, their oracle: the same options, or the same error (code, message
//! and path), for full option sets and for every member removed or its value replaced by a value
//! of another type, an edge number or another shape.
#![allow(clippy::disallowed_methods)] // serde_json's readers: the oracle

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::options;
use crate::engine::{EngineOptions, EvaluateOptions};
use crate::error::{Error, ErrorCode, Result};
use crate::record::source::mapping::propose::ProposeOptions;
use crate::util::json_variants::for_each_variant;
use crate::util::value_reader::FromValue;

/// What `options` read before: serde's derive through `util::json`, the error's path found
/// from serde's line and column.
fn serde_options<T: DeserializeOwned + Default>(json: Option<&str>, what: &str) -> Result<T> {
    match json.map(str::trim) {
        None | Some("") | Some("null") | Some("undefined") => Ok(T::default()),
        Some(text) => crate::util::json::from_str(text).map_err(|e| {
            let path = crate::record::source::locate::path_of_error(text, &e);
            let message = crate::error::serde_message(&e);
            Error::new(ErrorCode::Option, format!("{what}: {message}")).at_path(format!("${path}"))
        }),
    }
}

/// The options as a comparable text (the rule packs of engine options by their values: ours
/// keeps a pack's text compact, serde's as it was written).
trait Shown {
    fn shown(&self) -> String;
}

impl Shown for EngineOptions {
    fn shown(&self) -> String {
        let packs: Vec<Value> = self
            .rules
            .iter()
            .map(|r| serde_json::from_str(r.get()).unwrap())
            .collect();
        let without = EngineOptions {
            rules: Vec::new(),
            ..self.clone()
        };
        format!("{without:?} {packs:?}")
    }
}

impl Shown for EvaluateOptions {
    fn shown(&self) -> String {
        format!("{self:?}")
    }
}

impl Shown for ProposeOptions {
    fn shown(&self) -> String {
        format!("{self:?}")
    }
}

/// What each reader made of `text`: equal options, or equal errors. Returns whether ours
/// accepted it.
fn agree<T: FromValue + DeserializeOwned + Default + Shown>(what: &str, text: &str) -> bool {
    let ours = options::<T>(Some(text), "options");
    let serde = serde_options::<T>(Some(text), "options");
    match (&ours, &serde) {
        (Ok(a), Ok(b)) => assert_eq!(a.shown(), b.shown(), "{what}: {text}"),
        (Err(a), Err(b)) => {
            assert_eq!(a.code, b.code, "{what}: {text}");
            assert_eq!(a.message, b.message, "{what}: {text}");
            // serde's untagged reader fails at the end of the value it buffered, which the
            // path finder located inside it (`impact[1]`); ours names the value.
            let inside = a.message.contains("with a value map")
                && b.path
                    .as_deref()
                    .zip(a.path.as_deref())
                    .is_some_and(|(theirs, ours)| {
                        theirs
                            .strip_prefix(ours)
                            .is_some_and(|rest| rest.starts_with(['[', '.']))
                    });
            if !inside {
                assert_eq!(a.path, b.path, "{what}: {text}");
            }
        }
        // serde's untagged reading of a value map (`kind`, `state`'s siblings in `fields`)
        // takes an array of its fields in order; structs are read from objects only here.
        (Err(a), Ok(_)) if text.contains('[') && a.message.contains("with a value map") => {}
        _ => panic!(
            "{what}: {text}\n  ours {:?}\n  serde's {:?}",
            ours.as_ref().map(Shown::shown),
            serde.as_ref().map(Shown::shown)
        ),
    }
    ours.is_ok()
}

fn context() -> Value {
    json!({
        "timeZone": "Asia/Tokyo",
        "locale": "fr",
        "fields": {"change.backoutPlan": "customfield_10050", "impact": "customfield_10004"},
        "choices": {"status": {"13": "cancelled"}, "escalation_flag": {"oui": "true"}},
        "kinds": {"RfC": "change"},
        "priorityMatrix": [[1, 2, 3], [2, 3, 4], [3, 4, 5]],
        "table": "incident",
        "csv": {"delimiter": ";", "dateFormat": "%d/%m/%Y %H:%M", "decimal": ",", "nulls": ["-", "NULL"]},
        "scope": ["Email", "VPN"],
        "mapping": {
            "tool": "sheet",
            "id": "Ref",
            "number": "No",
            "kind": {"column": "Type", "values": {"Bug": "incident"}, "default": "incident"},
            "state": {"column": "Status", "values": {"Done": "closed"}},
            "fields": {"openedAt": "Opened", "impact": {"column": "Impact", "values": {"High": "1"}}},
            "eventLog": {"case": "Case", "timestamp": "At", "activity": "What", "group": "Team",
                         "activities": {"Fixed": "resolve"}}
        }
    })
}

fn engine_options() -> Value {
    json!({
        "lang": "ja",
        "edition": "2011",
        "timeZone": "Europe/London",
        "asOf": "2026-06-30",
        "thresholds": {"n": 10, "p": 40.5, "l": 80},
        "rules": [{"id": "mine", "version": "1", "checks": [{"id": "x", "when": {"==": [1, 1.0]}}]}, {"id": "b"}],
        "noBuiltin": true,
        "examples": 3,
        "context": context()
    })
}

fn evaluate_options() -> Value {
    json!({
        "source": "servicenow",
        "edition": "2018",
        "lang": "en",
        "from": "2026-01-01",
        "to": "2026-06-30",
        "asOf": "2026-06-30T12:00:00Z",
        "timeZone": "+09:00",
        "table": "change_request",
        "context": context(),
        "findings": true
    })
}

fn propose_options() -> Value {
    json!({
        "context": context(),
        "overrides": {"Opened": "openedAt", "Notes": null},
        "preview": 2,
        "lang": "ja"
    })
}

/// Values a member is replaced by: other types, edge numbers, shapes, texts the options know.
fn replacements() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(255),
        json!(256),
        json!(4294967296u64),
        json!(u64::MAX),
        json!(""),
        json!("ja"),
        json!("2011"),
        json!("auto"),
        json!("jira"),
        json!("bogus"),
        json!([]),
        json!(["a"]),
        json!([[1, 2], [3]]),
        json!({}),
        json!({"column": "C"}),
        json!({"column": "C", "values": {"a": "b"}, "default": "d"}),
        json!({"column": "C", "bogus": 1}),
        json!({"case": "a", "timestamp": "b", "activity": "c"}),
        json!({"n": 1, "p": 2, "l": 3}),
    ]
}

/// `base` as given, then changed at every path (`util::json_variants`).
fn variants<T: FromValue + DeserializeOwned + Default + Shown>(name: &str, base: &Value) -> usize {
    assert!(
        agree::<T>(name, &base.to_string()),
        "{name}: the full options read"
    );
    // Written with white space and a pack's numbers as written: the same options.
    assert!(agree::<T>(
        name,
        &serde_json::to_string_pretty(base).unwrap()
    ));
    let mut accepted = 0;
    let count = for_each_variant(base, usize::MAX, &replacements(), &mut |_, changed| {
        accepted += usize::from(agree::<T>(name, &changed.to_string()));
    });
    // Both ways of failing and of passing were exercised.
    assert!(
        accepted > count / 10 && accepted < count,
        "{name}: {accepted} of {count}"
    );
    count
}

#[test]
fn changed_options_are_read_and_refused_as_serde_does() {
    let n = variants::<EngineOptions>("engine options", &engine_options())
        + variants::<EvaluateOptions>("evaluate options", &evaluate_options())
        + variants::<ProposeOptions>("propose options", &propose_options());
    assert!(n > 3000, "{n} variants");
}

#[test]
fn texts_that_are_not_options_objects_fail_as_before() {
    for text in [
        "5",
        "\"x\"",
        "[]",
        "[{}]",
        "true",
        "{",
        "{\"lang\": }",
        "{\"lang\": \"en\",}",
        "{\"lang\": \"en\"} x",
        "  {}  ",
        "{}",
        "null",
        "",
        "{\"context\": {\"csv\": {\"nulls\": [\"a\", 5]}}}",
        "{\"context\": {\"mapping\": {\"fields\": {\"a\": [\"b\"]}}}}",
        "{\"context\": {\"mapping\": {\"kind\": 5}}}",
        "{\"context\": {\"mapping\": {\"eventLog\": {\"case\": \"a\"}}}}",
        "{\"context\": {\"choices\": {\"status\": {\"13\": 13}}}}",
        "{\"context\": {\"priorityMatrix\": [[1, 2, 300]]}}",
        "{\"source\": \"SERVICENOW\"}",
        "{\"edition\": 2018}",
        "{\"Lang\": \"en\"}",
        "{\"weird key\": 1}",
    ] {
        agree::<EvaluateOptions>("evaluate options", text);
        agree::<EngineOptions>("engine options", text);
    }
}

#[test]
fn where_the_readers_differ_on_purpose() {
    // A key given twice: serde's derive refused it; the JSON tree keeps the last (as
    // `JSON.parse` does).
    let twice = r#"{"lang": "en", "lang": "ja"}"#;
    assert!(serde_options::<EvaluateOptions>(Some(twice), "o").is_err());
    let read = options::<EvaluateOptions>(Some(twice), "o").unwrap();
    assert_eq!(read.lang, Some(crate::catalog::Lang::Ja));
    // Several problems: the first by key order is named (serde named the first in the text).
    let two = r#"{"to": 5, "from": 5}"#;
    let ours = options::<EvaluateOptions>(Some(two), "o").unwrap_err();
    assert_eq!(ours.path.as_deref(), Some("$.from"));
}
