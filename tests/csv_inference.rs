//! A raw list export needs no configuration when its values decide (issue 10, item 3): the UCI
//! incident event log sample (`tests/data/uci-incident-event-log-sample.csv`, a ServiceNow list
//! export with audit snapshots, `?` for empty and dates like `29-02-2016 01:16`) evaluated with
//! no context gives the same figures as the JSON of the same records.
//!
//! The JSON twin is built here, independently of the engine's CSV reader: the last snapshot of
//! each incident (highest `sys_mod_count`), as the Table API gives a record: ServiceNow field
//! names (`sys_updated_on`, `sys_created_on`, `close_code`), `YYYY-MM-DD HH:MM:SS` times, empty
//! strings for `?`, `true`/`false`.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read fixtures and compare with them

use std::collections::BTreeMap;

use iso20000::Instant;
use iso20000::ffi;
use serde_json::{Map, Value, json};

const SAMPLE: &str = include_str!("data/uci-incident-event-log-sample.csv");

fn engine() -> iso20000::Engine {
    ffi::engine_new(Some(r#"{"asOf": "2016-06-30"}"#), Instant(0)).unwrap()
}

fn evaluate(text: &str, options: Value) -> Value {
    let report = ffi::evaluate(&engine(), text, Some(&options.to_string())).unwrap();
    serde_json::from_str(&report).unwrap()
}

fn normalize(text: &str) -> Value {
    serde_json::from_str(&ffi::normalize(&engine(), text, None).unwrap()).unwrap()
}

/// `29-02-2016 01:16` → `2016-02-29 01:16:00`.
fn iso(day_first: &str) -> String {
    let (date, time) = day_first.split_once(' ').unwrap();
    let parts: Vec<&str> = date.split('-').collect();
    format!("{}-{}-{} {time}:00", parts[2], parts[1], parts[0])
}

/// The JSON of the same records: the latest snapshot of each incident.
fn json_twin() -> Value {
    let mut lines = SAMPLE.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut latest: BTreeMap<String, (u64, Map<String, Value>)> = BTreeMap::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells.len(), header.len(), "the sample has no quoted commas");
        let mut record = Map::new();
        for (name, value) in header.iter().zip(&cells) {
            let field = match *name {
                "sys_updated_at" => "sys_updated_on",
                "sys_created_at" => "sys_created_on",
                "closed_code" => "close_code",
                other => other,
            };
            let value = match *value {
                "?" => String::new(),
                "TRUE" => "true".into(),
                "FALSE" => "false".into(),
                v if field.ends_with("_at") || field.ends_with("_on") => iso(v),
                v => v.to_string(),
            };
            record.insert(field.to_string(), json!(value));
        }
        let number = record["number"].as_str().unwrap().to_string();
        record.insert("sys_id".into(), json!(number));
        let version: u64 = record["sys_mod_count"].as_str().unwrap().parse().unwrap();
        match latest.get(&number) {
            Some((v, _)) if *v > version => {}
            _ => {
                latest.insert(number, (version, record));
            }
        }
    }
    Value::Array(
        latest
            .into_values()
            .map(|(_, r)| Value::Object(r))
            .collect(),
    )
}

/// What a report says about the records: counts per kind, the checks' tallies and the ratings.
fn figures(report: &Value) -> Value {
    let records = &report["records"];
    let checks: Vec<Value> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            json!([
                c["id"],
                c["applicable"],
                c["passed"],
                c["failed"],
                c["notApplicable"]
            ])
        })
        .collect();
    let clauses: Vec<Value> = report["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let p = &c["phases"];
            json!([
                c["id"],
                p["plan"]["rating"],
                p["do"]["rating"],
                p["check"]["rating"],
                p["act"]["rating"]
            ])
        })
        .collect();
    json!({
        "evaluated": records["evaluated"].as_u64().unwrap() - records["joined"].as_u64().unwrap_or(0),
        "rejected": records["rejected"],
        "byKind": records["byKind"],
        "checks": checks,
        "clauses": clauses,
        "summary": report["summary"]["recordsFailingBySeverity"],
    })
}

#[test]
fn the_raw_list_csv_gives_the_figures_of_the_json_of_the_same_records() {
    let window = json!({"from": "2016-02-01", "to": "2016-06-30"});
    let csv = evaluate(SAMPLE, window.clone());
    let twin = json_twin();
    assert_eq!(twin.as_array().unwrap().len(), 9);
    let json = evaluate(&twin.to_string(), window);
    assert_eq!(csv["records"]["in"], 57, "every row is counted");
    assert_eq!(csv["records"]["rejected"], 0, "{}", csv["rejected"]);
    assert_eq!(csv["records"]["byKind"]["incident"], 9);
    assert_eq!(figures(&csv), figures(&json));
    let judged: u64 = csv["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["applicable"].as_u64().unwrap())
        .sum();
    assert!(judged > 9, "the incidents are judged, not left unread");
}

#[test]
fn dates_are_read_and_question_marks_are_empty() {
    let out = normalize(SAMPLE);
    let records = out["records"].as_array().unwrap();
    assert_eq!(records.len(), 9);
    let first = &records[0];
    assert_eq!(first["number"], "INC0000045");
    assert_eq!(first["openedAt"], "2016-02-29T01:16:00Z");
    assert_eq!(first["resolvedAt"], "2016-02-29T11:29:00Z");
    assert_eq!(first["closedAt"], "2016-03-05T12:00:00Z");
    assert_eq!(first["state"], "closed");
    // `?` is empty: no incident of the sample names a configuration item.
    for r in records {
        let cis: Vec<&Value> = r["links"]
            .as_array()
            .map(|l| l.iter().filter(|l| l["rel"] == "affects_ci").collect())
            .unwrap_or_default();
        assert!(cis.is_empty(), "{} has no CI: {:?}", r["number"], cis);
    }
    let with_problem = records
        .iter()
        .find(|r| r["number"] == "INC0001131")
        .unwrap();
    let rels: Vec<&str> = with_problem["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["rel"].as_str().unwrap())
        .collect();
    assert!(
        rels.contains(&"problem") && rels.contains(&"caused_by"),
        "{rels:?}"
    );
    // No date stayed unread, and what was inferred is said once.
    let warnings = out["warnings"].as_array().unwrap();
    assert!(
        !warnings
            .iter()
            .any(|w| w["message"].as_str().unwrap().contains("cannot read")),
        "{warnings:#?}"
    );
    assert!(
        !warnings.iter().any(|w| w["message"]
            .as_str()
            .unwrap()
            .contains("sysparm_display_value")),
        "no REST advice for a CSV"
    );
    let inferred: Vec<&str> = warnings
        .iter()
        .filter(|w| w["path"].as_str().unwrap().starts_with("line 1"))
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    assert!(
        inferred
            .iter()
            .any(|m| m.starts_with("CSV dates read as %d-%m-%Y %H:%M (a day above 12 comes first) in columns opened_at, sys_created_at, sys_updated_at, resolved_at, closed_at")),
        "{inferred:#?}"
    );
    assert!(
        inferred
            .iter()
            .any(|m| m.starts_with("CSV cells `?` read as empty")),
        "{inferred:#?}"
    );
}

#[test]
fn an_ambiguous_column_asks_for_its_format_and_the_context_overrides() {
    let text = "number,state,opened_at\nINC1,New,01/02/2026 10:00\nINC2,New,03/04/2026 11:00\n";
    let out = normalize(text);
    let warnings = out["warnings"].as_array().unwrap();
    let ask = warnings
        .iter()
        .find(|w| w["path"] == "line 1: opened_at")
        .unwrap_or_else(|| panic!("{warnings:#?}"));
    assert!(ask["message"].as_str().unwrap().contains(
        "give the format in context.csv.dateFormat (e.g. %d/%m/%Y %H:%M or %m/%d/%Y %H:%M)"
    ));
    let options = json!({"context": {"csv": {"dateFormat": "%m/%d/%Y %H:%M"}}});
    let given: Value =
        serde_json::from_str(&ffi::normalize(&engine(), text, Some(&options.to_string())).unwrap())
            .unwrap();
    assert_eq!(given["records"][0]["openedAt"], "2026-01-02T10:00:00Z");
    assert!(
        !given["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["path"] == "line 1: opened_at")
    );
}
