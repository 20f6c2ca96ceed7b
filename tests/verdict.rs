//! The rating model read as an auditor reads it: severity weighs, a systemic failure is one
//! major finding on the clause, an open finding caps the cell, performance is not conformity,
//! no evidence is never a failure, planned-interval checks look at frequency, and services get
//! their own PDCA. Small conformance cases for the same rules run in every runtime
//! (tests/conformance/verdict.json); these build larger exports than a corpus file should hold.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read fixtures and compare with them

use iso20000::Instant;
use iso20000::ffi;
use serde_json::{Value, json};

fn evaluate(records: &[Value], options: Value) -> Value {
    let engine = ffi::engine_new(Some(r#"{"asOf": "2026-06-30"}"#), Instant(0)).unwrap();
    let text = serde_json::to_string(records).unwrap();
    let mut options = options;
    options["source"] = json!("canonical");
    let report = ffi::evaluate(&engine, &text, Some(&options.to_string())).unwrap();
    serde_json::from_str(&report).unwrap()
}

/// A normal change that passes every change check; `authorised: false` implements it without
/// authorisation.
fn change(i: usize, authorised: bool) -> Value {
    json!({"id": format!("CHG-{i}"), "kind": "change", "number": format!("CHG{i:05}"), "state": "closed",
        "openedAt": "2026-03-01T09:00:00Z", "closedAt": "2026-03-12T09:00:00Z",
        "approval": if authorised { "approved" } else { "not_requested" },
        "links": [{"rel": "affects_ci", "target": "CI-1"}],
        "change": {"type": "normal", "risk": "moderate", "implementationPlan": "steps", "backoutPlan": "revert",
            "testPlan": "tests", "riskAnalysis": "low impact", "plannedStart": "2026-03-05T20:00:00Z",
            "plannedEnd": "2026-03-05T22:00:00Z", "actualStart": "2026-03-05T20:05:00Z",
            "actualEnd": "2026-03-05T21:30:00Z", "outcome": "successful", "reviewAt": "2026-03-10T09:00:00Z",
            "reviewNotes": "fine"}})
}

fn changes(total: usize, unauthorised: usize) -> Vec<Value> {
    (0..total).map(|i| change(i, i >= unauthorised)).collect()
}

fn clause<'r>(report: &'r Value, id: &str) -> &'r Value {
    report["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no clause {id}"))
}

fn finding<'r>(report: &'r Value, check: &str) -> Option<&'r Value> {
    report["clauseFindings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == check)
}

#[test]
fn ten_of_ten_unauthorised_changes_rate_n_with_one_systemic_major() {
    let report = evaluate(&changes(10, 10), json!({}));
    let cell = &clause(&report, "8.5.1.3")["phases"]["do"];
    assert_eq!(cell["rating"], "N", "{cell}");
    let f = finding(&report, "CHG-APPROVED").unwrap();
    assert_eq!(f["severity"], "major_nonconformity");
    assert_eq!(f["systemic"], true);
    assert_eq!(f["records"], 10);
    // One clause-level finding, not ten.
    assert_eq!(
        report["summary"]["findingsBySeverity"]["major_nonconformity"],
        1
    );
    let process = report["processes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "change-management")
        .unwrap();
    assert_eq!(process["cycleComplete"], false);
    assert_eq!(process["findings"][0], "CHG-APPROVED");
}

#[test]
fn five_of_ten_unauthorised_changes_rate_at_most_p() {
    let report = evaluate(&changes(10, 5), json!({}));
    let cell = &clause(&report, "8.5.1.3")["phases"]["do"];
    assert!(matches!(cell["rating"].as_str(), Some("N" | "P")), "{cell}");
    assert_eq!(cell["cappedBy"], "major_nonconformity");
    assert_eq!(
        finding(&report, "CHG-APPROVED").unwrap()["severity"],
        "major_nonconformity"
    );
}

#[test]
fn one_of_two_hundred_unauthorised_is_a_minor_finding_and_rates_l() {
    let report = evaluate(&changes(200, 1), json!({}));
    let cell = &clause(&report, "8.5.1.3")["phases"]["do"];
    assert_eq!(cell["rating"], "L", "{cell}");
    let f = finding(&report, "CHG-APPROVED").unwrap();
    assert_eq!(f["severity"], "minor_nonconformity", "{f}");
    assert_eq!(f["systemic"], false);
    assert_eq!(f["records"], 1);
    assert_eq!(f["judged"], 200);
}

#[test]
fn records_failing_count_each_record_once_by_its_worst_severity() {
    // Two incidents without category (minor) that also miss other checks count as two records.
    let incidents: Vec<Value> = (0..2)
        .map(|i| json!({"id": format!("INC-{i}"), "kind": "incident", "state": "resolved", "category": null,
            "openedAt": "2026-03-01T09:00:00Z", "resolvedAt": "2026-03-02T09:00:00Z",
            "incident": {"resolutionCode": null, "resolutionNotes": null}}))
        .collect();
    let report = evaluate(&incidents, json!({}));
    let by_severity = report["summary"]["recordsFailingBySeverity"]
        .as_object()
        .unwrap();
    let total: u64 = by_severity.values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(total, 2, "{by_severity:?}");
}

#[test]
fn missed_sla_targets_are_performance_not_a_lower_check_rating() {
    let measurement = |i: usize, met: bool| {
        json!({"id": format!("SLM-{i}"), "kind": "sla_measurement", "state": "closed", "service": "Email",
            "measurement": {"metric": "availability", "target": 99.5, "actual": if met { 99.9 } else { 98.0 },
                "met": met, "periodStart": "2026-03-01T00:00:00Z", "periodEnd": "2026-03-31T23:59:59Z"}})
    };
    let all_met: Vec<Value> = (0..6).map(|i| measurement(i, true)).collect();
    let half_met: Vec<Value> = (0..6).map(|i| measurement(i, i % 2 == 0)).collect();
    let a = evaluate(&all_met, json!({}));
    let b = evaluate(&half_met, json!({}));
    for id in ["8.3.3", "9.1"] {
        for phase in ["plan", "do", "check", "act"] {
            assert_eq!(
                clause(&a, id)["phases"][phase]["rating"],
                clause(&b, id)["phases"][phase]["rating"],
                "{id} {phase}: missed targets changed a conformity rating"
            );
        }
    }
    let perf = &clause(&b, "8.3.3")["performance"];
    assert_eq!(perf["met"], 3, "{perf}");
    assert_eq!(perf["missed"], 3);
    // Availability measurements are availability evidence too.
    assert_ne!(clause(&b, "8.7.1")["phases"]["do"]["rating"], "none");
    let service = &b["services"][0];
    assert_eq!(service["name"], "Email");
    assert_eq!(service["performance"]["missed"], 3);
}

fn review(i: usize, held: &str) -> Value {
    json!({"id": format!("MR-{i}"), "kind": "management_review", "state": "closed",
        "review": {"heldAt": held, "chair": "CIO", "inputCount": 8, "decisionCount": 3,
            "minutesApprovedAt": held}})
}

#[test]
fn a_management_review_once_in_three_years_fails_the_planned_interval() {
    let window = json!({"from": "2024-01-01", "to": "2026-12-31"});
    let once = evaluate(&[review(1, "2024-02-01T09:00:00Z")], window.clone());
    let mr = once["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "MR-HELD")
        .unwrap();
    assert_eq!(mr["failed"], 1, "{mr}");
    assert!(mr["longestGapMonths"].as_u64().unwrap() > 12, "{mr}");
    let yearly = evaluate(
        &[
            review(1, "2024-02-01T09:00:00Z"),
            review(2, "2025-01-15T09:00:00Z"),
            review(3, "2026-01-10T09:00:00Z"),
        ],
        window,
    );
    let mr = yearly["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "MR-HELD")
        .unwrap();
    assert_eq!(mr["passed"], 1, "{mr}");
}

#[test]
fn an_audit_programme_that_leaves_processes_out_fails_and_names_them() {
    let audit = json!({"id": "AUD-1", "kind": "internal_audit", "state": "closed",
        "audit": {"heldAt": "2026-03-10T09:00:00Z", "auditor": "QA", "independent": true, "reportAt": "2026-03-20T09:00:00Z",
            "covers": ["8.5", "8.6"]}});
    let report = evaluate(&[audit], json!({}));
    let row = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "AUD-PROGRAMME-COVERAGE")
        .unwrap();
    assert_eq!(row["failed"], 1, "{row}");
    let uncovered: Vec<&str> = row["uncovered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(uncovered.contains(&"internal-audit"), "{uncovered:?}");
    assert!(!uncovered.contains(&"change-management"), "{uncovered:?}");
    assert!(!uncovered.contains(&"incident-management"), "{uncovered:?}");
}

#[test]
fn services_outside_the_scope_are_reported_as_such() {
    let incident = |i: usize, service: &str| {
        json!({"id": format!("INC-{i}"), "kind": "incident", "state": "new", "category": "network",
            "service": service, "openedAt": "2026-03-01T09:00:00Z"})
    };
    let records = vec![
        incident(1, "Email"),
        incident(2, "Email"),
        incident(3, "Payroll"),
    ];
    let report = evaluate(&records, json!({"context": {"scope": ["Email"]}}));
    assert_eq!(report["scope"]["source"], "context");
    assert_eq!(report["records"]["outOfScope"], 1);
    let services = report["services"].as_array().unwrap();
    let email = services.iter().find(|s| s["name"] == "Email").unwrap();
    let payroll = services.iter().find(|s| s["name"] == "Payroll").unwrap();
    assert_eq!(email["inScope"], true);
    assert_eq!(email["records"], 2);
    assert_eq!(payroll["inScope"], false);
    assert_eq!(
        email["processes"][0]["id"], "incident-management",
        "{}",
        email["processes"]
    );
}

#[test]
fn a_parent_is_complete_only_when_every_child_is() {
    // 8.6.1 cannot complete from incidents alone, so 8.6 and 8 cannot either, whatever else
    // they show.
    let report = evaluate(&changes(10, 0), json!({}));
    assert_eq!(clause(&report, "8.6.1")["cycleComplete"], false);
    assert_eq!(clause(&report, "8.6")["cycleComplete"], false);
    assert_eq!(clause(&report, "8")["cycleComplete"], false);
    // What the export lacks is named.
    let missing = clause(&report, "8.6.1")["missing"].as_array().unwrap();
    assert_eq!(missing.len(), 4, "{missing:?}");
    let plan = &missing[0];
    assert_eq!(plan["phase"], "plan");
    assert!(
        plan["covering"]
            .as_array()
            .unwrap()
            .contains(&json!("document")),
        "{plan}"
    );
    let doing = missing.iter().find(|m| m["phase"] == "do").unwrap();
    assert!(
        doing["kinds"]
            .as_array()
            .unwrap()
            .contains(&json!("incident")),
        "{doing}"
    );
    assert!(
        doing["text"].as_str().unwrap().contains("incidents"),
        "{doing}"
    );
}

/// The model export (examples/data/model-sms.json, made by examples/generate-model-sms.mjs):
/// every kind, every process completing its cycle, nothing found. What good looks like.
#[test]
fn the_model_export_completes_every_process_and_service_with_no_finding() {
    let text = include_str!("../examples/data/model-sms.json");
    let engine = ffi::engine_new(Some(r#"{"asOf": "2026-11-30"}"#), Instant(0)).unwrap();
    let report: Value = serde_json::from_str(
        &ffi::evaluate(
            &engine,
            text,
            Some(r#"{"source": "canonical", "from": "2025-12-01", "to": "2026-11-30"}"#),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(report["records"]["rejected"], 0);
    assert_eq!(report["warningsTotal"], 0, "{}", report["warnings"]);
    let kinds = report["records"]["byKind"].as_object().unwrap();
    assert_eq!(kinds.len(), 21, "every kind: {kinds:?}");
    assert_eq!(
        report["clauseFindings"].as_array().unwrap().len(),
        0,
        "{}",
        report["clauseFindings"]
    );
    let incomplete: Vec<&Value> = report["processes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["cycleComplete"] != true)
        .map(|p| &p["id"])
        .collect();
    assert!(
        incomplete.is_empty(),
        "incomplete processes: {incomplete:?}"
    );
    assert_eq!(report["summary"]["processesCycleComplete"], 30);
    let services = report["services"].as_array().unwrap();
    assert_eq!(services.len(), 3);
    assert!(
        services
            .iter()
            .all(|s| s["cycleComplete"] == true && s["inScope"] == true)
    );
    for check in report["checks"].as_array().unwrap() {
        assert_eq!(check["failed"], 0, "{check}");
    }
    // And in the 2011 edition (JIS Q 20000-1:2012) every process completes too.
    let report: Value = serde_json::from_str(
        &ffi::evaluate(
            &engine,
            text,
            Some(r#"{"source": "canonical", "edition": "2011", "from": "2025-12-01", "to": "2026-11-30"}"#),
        )
        .unwrap(),
    )
    .unwrap();
    let incomplete: Vec<&Value> = report["processes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["cycleComplete"] != true && !p["clauses"].as_array().unwrap().is_empty())
        .map(|p| &p["id"])
        .collect();
    assert!(
        incomplete.is_empty(),
        "2011: incomplete processes: {incomplete:?}"
    );
}

/// The demo keeps its flaws: change management is not complete while unauthorised changes
/// stand.
#[test]
fn the_demo_does_not_show_change_management_complete_beside_unauthorised_changes() {
    let text = include_str!("../examples/data/demo-export.json");
    let engine = ffi::engine_new(Some(r#"{"asOf": "2026-11-30"}"#), Instant(0)).unwrap();
    let report: Value = serde_json::from_str(
        &ffi::evaluate(
            &engine,
            text,
            Some(r#"{"from": "2025-12-01", "to": "2026-11-30"}"#),
        )
        .unwrap(),
    )
    .unwrap();
    let approved = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "CHG-APPROVED")
        .unwrap();
    assert!(approved["failed"].as_u64().unwrap() > 0);
    let change = report["processes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "change-management")
        .unwrap();
    assert_eq!(change["cycleComplete"], false);
    assert_eq!(
        finding(&report, "CHG-APPROVED").unwrap()["severity"],
        "major_nonconformity"
    );
    assert_ne!(clause(&report, "8.5.1.3")["phases"]["do"]["rating"], "F");
}
