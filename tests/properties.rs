//! Properties of whole evaluations: chunked and merged evaluation equals one pass byte for byte
//! (also for shuffled input), records in = evaluated + rejected, and no input makes it panic.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read fixtures and compare with them

use iso20000::Instant;
use iso20000::{Engine, EngineOptions, EvaluateOptions, Source};
use proptest::prelude::*;
use serde_json::{Value, json};

fn engine() -> Engine {
    match Engine::new(
        EngineOptions {
            as_of: Some("2026-06-30".into()),
            ..EngineOptions::default()
        },
        Instant(0),
    ) {
        Ok(e) => e,
        Err(e) => panic!("engine: {e}"),
    }
}

/// A pool of records of many kinds and both sources, some of them broken.
fn pool() -> Vec<Value> {
    let mut v = Vec::new();
    for i in 0..12 {
        v.push(json!({"id": format!("INC-{i}"), "kind": "incident", "state": (["new", "in_progress", "resolved", "closed"][i % 4]),
            "category": if i % 5 == 0 { Value::Null } else { json!("network") }, "impact": (i % 3) + 1, "urgency": ((i + 1) % 3) + 1,
            "priority": (i % 5) + 1, "assignmentGroup": "NOC", "openedAt": format!("2026-0{}-1{}T09:00:00Z", (i % 6) + 1, i % 9),
            "resolvedAt": if i % 4 >= 2 { json!(format!("2026-0{}-2{}T09:00:00Z", (i % 6) + 1, i % 9)) } else { Value::Null },
            "incident": {"resolutionCode": if i % 3 == 0 { Value::Null } else { json!("fixed") }, "resolutionNotes": "ok", "major": i == 7,
                         "security": i == 9, "reopenCount": i % 3}}));
    }
    for i in 0..6 {
        v.push(json!({"sys_id": format!("chg{i}"), "number": format!("CHG00{i}"), "sys_class_name": "change_request",
            "state": (["-5", "-1", "3", "3", "0", "4"][i]), "type": (["normal", "emergency", "standard"][i % 3]),
            "approval": if i == 3 { "requested" } else { "approved" }, "backout_plan": if i % 2 == 0 { "" } else { "revert" },
            "test_plan": "test", "risk": "3", "opened_at": format!("2026-0{}-05 10:00:00", i + 1), "close_code": "successful"}));
    }
    for i in 0..4 {
        v.push(json!({"id": format!("DOC-{i}"), "kind": "document", "state": "active",
            "document": {"docType": (["policy", "procedure", "plan", "procedure"][i]), "version": "1.0", "owner": "SM",
                         "approvedBy": "CEO", "approvedAt": "2025-01-01T00:00:00Z",
                         "lastReviewAt": if i == 2 { "2024-01-01T00:00:00Z" } else { "2026-01-01T00:00:00Z" },
                         "covers": ([["5.2"], ["8.6.1"], ["8.7.2"], ["8.5.1.3"]][i])}}));
    }
    v.push(json!({"id": "AUD-1", "kind": "internal_audit", "state": "closed", "audit": {"heldAt": "2026-03-10T09:00:00Z", "independent": true, "nonconformityCount": 1}, "links": [{"rel": "action", "target": "NC-1"}]}));
    v.push(json!({"id": "NC-1", "kind": "nonconformity", "state": "closed", "openedAt": "2026-03-11T09:00:00Z", "nonconformity": {"rootCause": "x", "correction": "y", "correctiveAction": "z"}}));
    v.push(json!({"id": "IMP-1", "kind": "improvement", "state": "in_progress", "openedAt": "2026-04-11T09:00:00Z", "improvement": {"source": "audit", "targetDate": "2026-05-01T00:00:00Z"}}));
    v.push(json!({"id": "BCT-1", "kind": "continuity_test", "state": "closed", "test": {"testType": "continuity", "performedAt": "2026-05-01T00:00:00Z", "outcome": "unsuccessful", "actionCount": 0}}));
    v.push(json!({"id": "bad-date", "kind": "incident", "openedAt": "someday"}));
    v.push(json!(17));
    // Neither sys_id nor number: still rejected.
    v.push(json!({"sys_class_name": "incident", "short_description": "no sys_id, no number"}));
    // Only a number: keyed by it, with one warning however the records are cut into chunks.
    v.push(json!({"sys_class_name": "incident", "number": "INC9"}));
    v
}

fn report_json(e: &Engine, text: &str, options: &EvaluateOptions) -> String {
    match e.evaluate(text, options) {
        Ok(r) => serde_json::to_string(&r).unwrap_or_default(),
        Err(err) => format!("error {err}"),
    }
}

fn chunked_json(
    e: &Engine,
    records: &[Value],
    cuts: &[usize],
    options: &EvaluateOptions,
    merge: bool,
) -> String {
    let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (records.len() + 1)).collect();
    bounds.push(0);
    bounds.push(records.len());
    bounds.sort_unstable();
    bounds.dedup();
    let Ok(mut main) = e.session(options) else {
        return "session error".into();
    };
    for w in bounds.windows(2) {
        let chunk = json!(records[w[0]..w[1]].to_vec()).to_string();
        if merge {
            let Ok(mut worker) = e.session(options) else {
                return "session error".into();
            };
            worker.set_offset(w[0] as u64);
            if worker.push(&chunk).is_err() {
                return "push error".into();
            }
            let partial_text = serde_json::to_string(worker.partial()).unwrap_or_default();
            let Ok(partial) = serde_json::from_str(&partial_text) else {
                return "partial error".into();
            };
            if main.merge(&partial).is_err() {
                return "merge error".into();
            }
        } else if main.push(&chunk).is_err() {
            return "push error".into();
        }
    }
    match main.finish() {
        Ok(r) => serde_json::to_string(&r).unwrap_or_default(),
        Err(err) => format!("error {err}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn chunks_and_merged_partials_equal_one_pass(
        picks in prop::collection::vec(0usize..200, 0..40),
        cuts in prop::collection::vec(0usize..100, 0..6),
        windowed in any::<bool>(),
    ) {
        let all = pool();
        let records: Vec<Value> = picks.iter().map(|p| all[p % all.len()].clone()).collect();
        let options = EvaluateOptions {
            from: windowed.then(|| "2026-02-01".to_string()),
            to: Some("2026-06-30".into()),
            ..EvaluateOptions::default()
        };
        let e = engine();
        let whole = report_json(&e, &json!(records).to_string(), &options);
        prop_assert_eq!(&whole, &chunked_json(&e, &records, &cuts, &options, false));
        prop_assert_eq!(&whole, &chunked_json(&e, &records, &cuts, &options, true));
    }

    #[test]
    fn shuffled_valid_records_give_the_same_report(seed in any::<u64>(), count in 1usize..40) {
        let valid: Vec<Value> = pool().into_iter().filter(|r| r.get("id").is_some_and(|id| id != "bad-date") || r.get("sys_id").is_some()).collect();
        let records: Vec<Value> = (0..count).map(|i| valid[i % valid.len()].clone()).collect();
        let mut shuffled = records.clone();
        // Fisher-Yates with a small LCG: proptest drives the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }
        let options = EvaluateOptions { to: Some("2026-06-30".into()), ..EvaluateOptions::default() };
        let e = engine();
        prop_assert_eq!(report_json(&e, &json!(records).to_string(), &options), report_json(&e, &json!(shuffled).to_string(), &options));
    }

    #[test]
    fn records_in_equals_evaluated_plus_rejected(picks in prop::collection::vec(0usize..200, 0..60)) {
        let all = pool();
        let records: Vec<Value> = picks.iter().map(|p| all[p % all.len()].clone()).collect();
        let report = engine().evaluate(&json!(records).to_string(), &EvaluateOptions::default());
        prop_assert!(report.is_ok());
        if let Ok(r) = report {
            prop_assert_eq!(r.records.input, records.len() as u64);
            prop_assert_eq!(r.records.input, r.records.evaluated + r.records.rejected);
            prop_assert_eq!(r.rejected.len() as u64, r.records.rejected);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let e = engine();
        let _ = e.evaluate(&text, &EvaluateOptions::default());
        let _ = e.check(&text, &EvaluateOptions::default());
        let _ = e.normalize(&text, &EvaluateOptions { source: Some(Source::ServiceNow), ..EvaluateOptions::default() });
    }

    #[test]
    fn arbitrary_json_records_never_panic(value in arb_json(), wrap in 0u8..3) {
        let text = match wrap { 0 => json!([value]).to_string(), 1 => json!({"result": [value]}).to_string(), _ => value.to_string() };
        let e = engine();
        for source in [Source::Auto, Source::ServiceNow, Source::Canonical] {
            let options = EvaluateOptions { source: Some(source), ..EvaluateOptions::default() };
            if let Ok(r) = e.evaluate(&text, &options) {
                prop_assert_eq!(r.records.input, r.records.evaluated + r.records.rejected);
            }
            let _ = e.check(&text, &options);
        }
    }
}

/// JSON values shaped like records: known keys with values of any type.
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null)),
        "[a-z0-9 :-]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("2026-01-01T00:00:00Z"),
            Just("2026-13-01"),
            Just("1 - High"),
            Just("6"),
            Just("-5"),
            Just("true")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    let keys = prop_oneof![
        Just("id"),
        Just("kind"),
        Just("sys_id"),
        Just("state"),
        Just("priority"),
        Just("impact"),
        Just("opened_at"),
        Just("openedAt"),
        Just("links"),
        Just("change"),
        Just("value"),
        Just("display_value"),
        Just("link"),
        Just("sys_class_name"),
        Just("number"),
        Just("approval"),
        Just("incident"),
        Just("type"),
        Just("covers"),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6).prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

// ---------------------------------------------------------------------------------------------
// Every adapter, CSV list exports and partials (issue 11 scope item 9). The pools are the valid
// payloads of each tool's conformance corpus file: elements of case inputs that evaluate alone
// without a rejection and are neither joined to nor waiting for a related record (related rows
// cut into different chunks are, by design, not joined: `unjoined` says so).

const ENVELOPES: [&str; 15] = [
    "result", "records", "issues", "values", "data", "tickets", "changes", "problems", "releases",
    "ticket", "change", "problem", "release", "Ticket", "objects",
];
const TOOLS: [&str; 8] = [
    "canonical",
    "servicenow",
    "jira",
    "glpi",
    "zammad",
    "itop",
    "znuny",
    "freshservice",
];

fn corpus_cases(file: &str) -> Vec<Value> {
    let path = format!("{}/tests/conformance/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let v: Value = serde_json::from_str(&text).unwrap();
    v["cases"].as_array().cloned().unwrap_or_default()
}

fn elements(input: &Value, out: &mut Vec<Value>) {
    match input {
        Value::Array(items) => out.extend(items.iter().filter(|v| v.is_object()).cloned()),
        Value::Object(map) => match ENVELOPES.iter().find_map(|k| {
            map.get(*k)
                .filter(|v| v.is_array() || (*k == "objects" && v.is_object()))
        }) {
            Some(Value::Array(items)) => {
                out.extend(items.iter().filter(|v| v.is_object()).cloned())
            }
            Some(Value::Object(named)) => {
                out.extend(named.values().filter(|v| v.is_object()).cloned())
            }
            _ => out.push(input.clone()),
        },
        _ => {}
    }
}

fn tool_options(tool: &str) -> EvaluateOptions {
    EvaluateOptions {
        source: Some(Source::parse(tool).expect("a tool of the corpus")),
        to: Some("2026-06-30".into()),
        ..EvaluateOptions::default()
    }
}

/// The valid payloads of a tool's corpus file (canonical: evaluate.json and checks.json).
fn tool_pool(tool: &str) -> Vec<Value> {
    static POOLS: std::sync::OnceLock<Vec<Vec<Value>>> = std::sync::OnceLock::new();
    let pools = POOLS.get_or_init(|| {
        let e = engine();
        TOOLS
            .iter()
            .map(|tool| {
                let files: Vec<String> = if *tool == "canonical" {
                    vec!["evaluate.json".into(), "checks.json".into()]
                } else {
                    vec![format!("{tool}.json")]
                };
                let mut candidates = Vec::new();
                for file in files {
                    for case in corpus_cases(&file) {
                        let source = case["options"]["source"].as_str().unwrap_or("auto");
                        if case.get("error").is_none()
                            && (source == *tool || (source == "auto" && *tool != "canonical"))
                            && let Some(input) = case.get("input")
                        {
                            elements(input, &mut candidates);
                        }
                    }
                }
                let options = tool_options(tool);
                let mut seen = std::collections::BTreeSet::new();
                let mut ids = std::collections::BTreeSet::new();
                candidates
                    .into_iter()
                    .filter(|r| seen.insert(r.to_string()))
                    .filter(|r| {
                        let text = json!([r]).to_string();
                        let Ok(report) = e.evaluate(&text, &options) else {
                            return false;
                        };
                        let Ok(mut s) = e.session(&options) else {
                            return false;
                        };
                        let unjoined = s.push(&text).map_or(1, |c| c.unjoined);
                        // One payload per record identity: two payloads of one record in an
                        // input are two versions of it, and the later one wins by design.
                        let Ok(normalized) = e.normalize(&text, &options) else {
                            return false;
                        };
                        let mine: Vec<String> = normalized
                            .records
                            .iter()
                            .map(|r| r.id.to_string())
                            .collect();
                        report.records.rejected == 0
                            && report.records.joined == 0
                            && unjoined == 0
                            && mine.iter().all(|id| !ids.contains(id))
                            && mine.into_iter().all(|id| ids.insert(id))
                    })
                    .collect()
            })
            .collect()
    });
    let i = TOOLS.iter().position(|t| *t == tool).unwrap();
    pools[i].clone()
}

#[test]
fn every_tool_has_a_pool_of_valid_payloads() {
    for tool in TOOLS {
        let n = tool_pool(tool).len();
        eprintln!("{tool}: {n} valid payloads");
        assert!(n >= 3, "{tool}: only {n} valid payloads in its corpus file");
    }
}

/// Distinct picks (a record twice in one input is a second version of it, not a new record).
fn distinct_picks(pool: &[Value], picks: &[usize]) -> Vec<Value> {
    let mut seen = std::collections::BTreeSet::new();
    picks
        .iter()
        .map(|p| p % pool.len().max(1))
        .filter(|p| seen.insert(*p))
        .filter_map(|p| pool.get(p).cloned())
        .collect()
}

fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed | 1;
    for i in (1..items.len()).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        items.swap(i, (state >> 33) as usize % (i + 1));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_adapter_chunked_and_merged_equal_one_pass(
        tool in 0usize..8,
        picks in prop::collection::vec(0usize..1000, 0..24),
        cuts in prop::collection::vec(0usize..100, 0..5),
    ) {
        let tool = TOOLS[tool];
        let records = distinct_picks(&tool_pool(tool), &picks);
        let options = tool_options(tool);
        let e = engine();
        let whole = report_json(&e, &json!(records).to_string(), &options);
        for merge in [false, true] {
            let cut = chunked_json(&e, &records, &cuts, &options, merge);
            prop_assert!(whole == cut, "{} (merged: {}): {}", tool, merge, first_difference(&whole, &cut));
        }
    }

    #[test]
    fn every_adapter_counts_every_record(tool in 0usize..8, picks in prop::collection::vec(0usize..1000, 0..40), broken in prop::collection::vec(arb_json(), 0..4)) {
        let tool = TOOLS[tool];
        let pool = tool_pool(tool);
        let mut records: Vec<Value> = picks.iter().map(|p| pool[p % pool.len()].clone()).collect();
        records.extend(broken);
        let report = engine().evaluate(&json!(records).to_string(), &tool_options(tool));
        prop_assert!(report.is_ok(), "{}: {:?}", tool, report.err());
        if let Ok(r) = report {
            prop_assert_eq!(r.records.input, records.len() as u64);
            prop_assert_eq!(r.records.input, r.records.evaluated + r.records.rejected);
        }
    }

    #[test]
    fn every_adapter_gives_the_same_report_in_any_order(tool in 0usize..8, picks in prop::collection::vec(0usize..1000, 1..24), seed in any::<u64>()) {
        let tool = TOOLS[tool];
        let records = distinct_picks(&tool_pool(tool), &picks);
        let mut shuffled = records.clone();
        shuffle(&mut shuffled, seed);
        let options = tool_options(tool);
        let e = engine();
        let (a, b) = (order_free(&e, &records, &options), order_free(&e, &shuffled, &options));
        prop_assert!(a == b, "{}: {}", tool, first_difference(&a, &b));
    }
}

/// A report with what names input positions (the index and path of warnings and rejections,
/// which follow the order by design) taken out.
fn order_free(e: &Engine, records: &[Value], options: &EvaluateOptions) -> String {
    let Ok(report) = e.evaluate(&json!(records).to_string(), options) else {
        return "error".into();
    };
    let mut v = serde_json::to_value(&report).unwrap();
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("index");
                m.remove("path");
                // A note said once for many records names the first of them.
                if m.get("message")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.contains("the first at index"))
                {
                    m.remove("value");
                }
                // A grouped reason (quality section) quotes its first occurrence's values.
                if m.contains_key("count")
                    && let Some(Value::String(t)) = m.get_mut("message")
                {
                    *t = t.split('"').step_by(2).collect::<Vec<_>>().join("\"…\"");
                }
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    // "… (the first at index N)": the first occurrence follows the order by design.
    let text = v.to_string();
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some((before, after)) = rest.split_once("at index ") {
        out.push_str(before);
        out.push_str("at index #");
        rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    let mut v: Value = serde_json::from_str(&out).unwrap();
    // Lists of warnings and rejections (and their grouped reasons) are in input order.
    fn sort_lists(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    sort_lists(x);
                    if let (true, Value::Array(a)) = (k == "warnings" || k == "rejected", x) {
                        a.sort_by_key(|x| x.to_string());
                    }
                }
            }
            Value::Array(a) => a.iter_mut().for_each(sort_lists),
            _ => {}
        }
    }
    sort_lists(&mut v);
    v.to_string()
}

/// Where two report texts first differ: the JSON path and both values there (reports are large).
fn first_difference(a: &str, b: &str) -> String {
    fn walk(a: &Value, b: &Value, path: String) -> Option<String> {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                for k in x.keys().chain(y.keys()) {
                    match (x.get(k), y.get(k)) {
                        (Some(p), Some(q)) => {
                            if let Some(d) = walk(p, q, format!("{path}.{k}")) {
                                return Some(d);
                            }
                        }
                        (p, q) => return Some(format!("{path}.{k}: {p:?} vs {q:?}")),
                    }
                }
                None
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (p, q))| walk(p, q, format!("{path}[{i}]"))),
            _ if a == b => None,
            _ => Some(format!(
                "{path}: {} vs {}",
                cut(&a.to_string()),
                cut(&b.to_string())
            )),
        }
    }
    fn cut(s: &str) -> String {
        s.chars().take(600).collect()
    }
    match (
        serde_json::from_str::<Value>(a),
        serde_json::from_str::<Value>(b),
    ) {
        (Ok(x), Ok(y)) => walk(&x, &y, "$".into()).unwrap_or_else(|| "no difference".into()),
        _ => format!("{} vs {}", cut(a), cut(b)),
    }
}

/// A ServiceNow list export (display values, ISO times: nothing for a chunk to infer otherwise).
fn csv_rows(picks: &[u8]) -> Vec<String> {
    let states = ["New", "In Progress", "On Hold", "Resolved", "Closed"];
    let levels = ["1 - High", "2 - Medium", "3 - Low"];
    picks
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let p = usize::from(*p);
            let state = states[p % 5];
            let resolved = if p % 5 >= 3 { format!("2026-0{}-2{} 17:30:00", p % 6 + 1, p % 8) } else { String::new() };
            let category = if p % 7 == 0 { "" } else { "network" };
            let group = if p % 11 == 0 { "" } else { "Service Desk" };
            let notes = if p % 3 == 0 { "\"Restarted, then \"\"fixed\"\"\"" } else { "" };
            format!(
                "INC{:07},\"Printer {p}, floor {}\",{state},{} - P,{},{},{category},{group},2026-0{}-1{} 09:{:02}:00,{resolved},{},{notes}",
                10_000 + i, p % 4, p % 5 + 1, levels[p % 3], levels[(p / 3) % 3], p % 6 + 1, p % 9, p % 60,
                if p % 5 >= 3 && p % 4 != 0 { "Solved (Permanently)" } else { "" }
            )
        })
        .collect()
}

const CSV_HEADER: &str = "number,short_description,state,priority,impact,urgency,category,assignment_group,opened_at,resolved_at,close_code,close_notes";

fn csv_text(rows: &[String]) -> String {
    let mut t = String::from(CSV_HEADER);
    for r in rows {
        t.push('\n');
        t.push_str(r);
    }
    t.push('\n');
    t
}

/// Pushes (or, with `merge`, evaluates in workers and merges) texts numbered from their offsets.
fn sessions_json(
    e: &Engine,
    chunks: &[(u64, String)],
    options: &EvaluateOptions,
    merge: bool,
) -> String {
    let mut main = e.session(options).unwrap();
    for (offset, text) in chunks {
        if merge {
            let mut worker = e.session(options).unwrap();
            worker.set_offset(*offset);
            if let Err(err) = worker.push(text) {
                return format!("push error {err}");
            }
            let partial =
                serde_json::from_str(&serde_json::to_string(worker.partial()).unwrap()).unwrap();
            if let Err(err) = main.merge(&partial) {
                return format!("merge error {err}");
            }
        } else if let Err(err) = main.push(text) {
            return format!("push error {err}");
        }
    }
    match main.finish() {
        Ok(r) => serde_json::to_string(&r).unwrap(),
        Err(err) => format!("error {err}"),
    }
}

/// Worker partials of `records` cut at `cuts` (JSON values, as they travel between workers).
fn worker_partials(
    e: &Engine,
    records: &[Value],
    cuts: &[usize],
    options: &EvaluateOptions,
) -> Vec<Value> {
    let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (records.len() + 1)).collect();
    bounds.extend([0, records.len()]);
    bounds.sort_unstable();
    bounds.dedup();
    bounds
        .windows(2)
        .map(|w| {
            let mut worker = e.session(options).unwrap();
            worker.set_offset(w[0] as u64);
            worker
                .push(&json!(records[w[0]..w[1]].to_vec()).to_string())
                .unwrap();
            serde_json::to_value(worker.partial()).unwrap()
        })
        .collect()
}

fn merged_json(e: &Engine, partials: &[&Value], options: &EvaluateOptions) -> String {
    let mut main = e.session(options).unwrap();
    for p in partials {
        if let Err(err) = main.merge(&serde_json::from_value(json!(p)).unwrap()) {
            return format!("merge error {err}");
        }
    }
    match main.finish() {
        Ok(r) => serde_json::to_string(&r).unwrap(),
        Err(err) => format!("error {err}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn csv_chunked_and_merged_equal_one_pass(picks in prop::collection::vec(any::<u8>(), 0..40), cuts in prop::collection::vec(0usize..100, 0..5)) {
        let rows = csv_rows(&picks);
        let options = EvaluateOptions { source: Some(Source::Auto), to: Some("2026-06-30".into()), ..EvaluateOptions::default() };
        let e = engine();
        let whole = report_json(&e, &csv_text(&rows), &options);
        prop_assert!(!whole.starts_with("error"), "{}", whole);
        let mut bounds: Vec<usize> = cuts.iter().map(|c| c % (rows.len() + 1)).collect();
        bounds.extend([0, rows.len()]);
        bounds.sort_unstable();
        bounds.dedup();
        let chunks: Vec<(u64, String)> = bounds.windows(2).map(|w| (w[0] as u64, csv_text(&rows[w[0]..w[1]]))).collect();
        for merge in [false, true] {
            let cut = sessions_json(&e, &chunks, &options, merge);
            prop_assert!(whole == cut, "merged: {}: {}", merge, first_difference(&whole, &cut));
        }
    }

    #[test]
    fn csv_counts_every_row(picks in prop::collection::vec(any::<u8>(), 0..40), junk in prop::collection::vec("[^\n\r]{0,30}", 0..4)) {
        let mut rows = csv_rows(&picks);
        rows.extend(junk);
        let options = EvaluateOptions { source: Some(Source::Auto), ..EvaluateOptions::default() };
        match engine().evaluate(&csv_text(&rows), &options) {
            Ok(r) => {
                prop_assert_eq!(r.records.input, r.records.evaluated + r.records.rejected);
                if picks.len() == rows.len() {
                    prop_assert_eq!(r.records.input, rows.len() as u64);
                }
            }
            // Junk lines can make the text malformed CSV: a typed error, never a panic.
            Err(err) => prop_assert_eq!(err.code, iso20000::ErrorCode::CsvSyntax, "{}", err),
        }
    }

    #[test]
    fn partials_merge_in_any_order_and_grouping(
        picks in prop::collection::vec(0usize..200, 0..40),
        cuts in prop::collection::vec(0usize..100, 0..6),
        seed in any::<u64>(),
        groups in prop::collection::vec(any::<bool>(), 8),
    ) {
        let all = pool();
        let records: Vec<Value> = picks.iter().map(|p| all[p % all.len()].clone()).collect();
        let options = EvaluateOptions { from: Some("2026-02-01".into()), to: Some("2026-06-30".into()), ..EvaluateOptions::default() };
        let e = engine();
        let whole = report_json(&e, &json!(records).to_string(), &options);
        let partials = worker_partials(&e, &records, &cuts, &options);
        let mut order: Vec<&Value> = partials.iter().collect();
        shuffle(&mut order, seed);
        let any_order = merged_json(&e, &order, &options);
        prop_assert!(whole == any_order, "any order: {}", first_difference(&whole, &any_order));
        // Grouped: two intermediate sessions (as a tree of workers would) merged into the main one.
        let mut a = e.session(&options).unwrap();
        let mut b = e.session(&options).unwrap();
        for (i, p) in order.iter().enumerate() {
            let s = if groups[i % groups.len()] { &mut a } else { &mut b };
            s.merge(&serde_json::from_value(json!(p)).unwrap()).unwrap();
        }
        let (pa, pb) = (serde_json::to_value(a.partial()).unwrap(), serde_json::to_value(b.partial()).unwrap());
        let grouped = merged_json(&e, &[&pb, &pa], &options);
        prop_assert!(whole == grouped, "grouped: {}", first_difference(&whole, &grouped));
    }

    #[test]
    fn a_partial_is_merged_once(picks in prop::collection::vec(0usize..200, 1..30), cuts in prop::collection::vec(0usize..100, 0..4), which in any::<usize>()) {
        let all = pool();
        let records: Vec<Value> = picks.iter().map(|p| all[p % all.len()].clone()).collect();
        let options = EvaluateOptions { to: Some("2026-06-30".into()), ..EvaluateOptions::default() };
        let e = engine();
        let partials = worker_partials(&e, &records, &cuts, &options);
        let mut main = e.session(&options).unwrap();
        for p in &partials {
            main.merge(&serde_json::from_value(p.clone()).unwrap()).unwrap();
        }
        let again = &partials[which % partials.len()];
        let err = main.merge(&serde_json::from_value(again.clone()).unwrap());
        prop_assert!(err.is_err(), "a partial of {} records was merged twice", again["recordsIn"]);
        prop_assert_eq!(err.unwrap_err().code, iso20000::ErrorCode::Partial);
        // The refused merge left the session as it was.
        let report = main.finish().unwrap();
        prop_assert_eq!(report.records.input, records.len() as u64);
    }
}

/// Found by every_adapter_counts_every_record: a canonical record with a boolean where a text is
/// expected (`approval`, `state`) made the whole input fail with E_JSON_SYNTAX "expected value"
/// at the boolean, although the input is valid JSON; one bad value must spoil one record only
/// (issue 11 scope item 4).
#[test]
fn canonical_wrong_typed_value_rejects_one_record() {
    let e = engine();
    let options = EvaluateOptions {
        source: Some(Source::Canonical),
        ..EvaluateOptions::default()
    };
    for value in ["false", "true"] {
        for field in ["approval", "state"] {
            let text = format!(
                r#"[{{"id": "A", "kind": "incident", "{field}": {value}}}, {{"id": "B", "kind": "incident"}}]"#
            );
            let report = e.evaluate(&text, &options);
            assert!(report.is_ok(), "{text}: {:?}", report.err());
            let r = report.unwrap();
            assert_eq!(r.records.input, 2);
            assert_eq!(r.records.input, r.records.evaluated + r.records.rejected);
        }
    }
}

/// Found by reading what the merge fuzz target reaches: counts a partial carries that no
/// invariant bounded (warningsTotal, bySource, csvRows …) made `merge` overflow with two partials
/// of disjoint slices (a panic with overflow checks, a wrapped count in release). They are
/// refused now, and the counts no record bound applies to are added saturating.
#[test]
fn huge_counts_in_partials_never_wrap() {
    let all = pool();
    let options = EvaluateOptions {
        to: Some("2026-06-30".into()),
        ..EvaluateOptions::default()
    };
    let e = engine();
    let partials = worker_partials(&e, &all[..20], &[10], &options);
    assert_eq!(partials.len(), 2);
    let huge = json!(u64::MAX);
    type Edit<'a> = Box<dyn Fn(&mut Value) + 'a>;
    let edits: Vec<(&str, Edit<'_>)> = vec![
        (
            "warningsTotal",
            Box::new(|p: &mut Value| p["warningsTotal"] = huge.clone()),
        ),
        (
            "bySource",
            Box::new(|p: &mut Value| {
                for (_, n) in p["bySource"].as_object_mut().unwrap() {
                    *n = huge.clone();
                }
            }),
        ),
        (
            "csvRows",
            Box::new(|p: &mut Value| p["csvRows"] = huge.clone()),
        ),
    ];
    for (what, edit) in &edits {
        let mut a = partials[0].clone();
        let mut b = partials[1].clone();
        edit(&mut a);
        edit(&mut b);
        let mut main = e.session(&options).unwrap();
        for p in [a, b] {
            let err = main.merge(&serde_json::from_value(p).unwrap()).unwrap_err();
            assert_eq!(err.code, iso20000::ErrorCode::Partial, "{what}: {err}");
        }
        let report = main.finish().unwrap();
        assert_eq!(report.records.input, 0, "{what}");
    }
    // Many empty partials (no records) with the largest warning count accepted: saturated.
    let mut empty = serde_json::to_value(e.session(&options).unwrap().partial()).unwrap();
    empty["warningsTotal"] = json!(1u64 << 53);
    let mut main = e.session(&options).unwrap();
    for _ in 0..3000 {
        main.merge(&serde_json::from_value(empty.clone()).unwrap())
            .unwrap();
    }
    assert_eq!(main.partial().warnings_total, u64::MAX);
}

/// Found by the rules fuzz target (a stack overflow: SIGSEGV in wasm's host, the process
/// natively): the truthiness of an object value recursed without end (`Val::Json(object)` turned
/// into itself). An object is truthy, as in JavaScript.
#[test]
fn an_object_value_is_truthy_without_recursion() {
    use iso20000::ffi::apply_logic;
    for logic in [
        r#"{"if": [{"var": "x"}, "yes", "no"]}"#,
        r#"{"!!": [{"var": "x"}]}"#,
        r#"{"!": [{"var": "x"}]}"#,
        r#"{"or": [false, {"var": "x"}]}"#,
    ] {
        let out = apply_logic(logic, r#"{"x": {"a": 1}}"#, None).unwrap();
        assert!(
            ["\"yes\"", "true", "false", "{\"a\":1}"].contains(&out.as_str()),
            "{logic}: {out}"
        );
    }
    assert_eq!(
        apply_logic(r#"{"!!": [{"var": "x"}]}"#, r#"{"x": {}}"#, None).unwrap(),
        "true"
    );
}

/// The live check and the report count the same evidence: for every valid payload of every
/// tool, in both editions, the clauses and phases `check` lists for the record are exactly what
/// the report of that record alone counts as evidence, up to the ancestors the report stamps
/// too. A ticket panel must never show a clause evidenced that the report does not count (it
/// did, for performance checks such as INC-SLA-MET, until stop 20).
#[test]
fn check_and_report_count_the_same_evidence() {
    use iso20000::{Edition, Phase};
    let e = engine();
    let mut compared = 0;
    for tool in TOOLS {
        for record in tool_pool(tool) {
            for edition in [Edition::E2018, Edition::E2011] {
                let options = EvaluateOptions {
                    edition: Some(edition),
                    ..tool_options(tool)
                };
                let report = e.evaluate(&json!([record]).to_string(), &options).unwrap();
                if report.records.in_window == 0 || report.records.out_of_scope > 0 {
                    continue; // the report does not count it at all
                }
                let checked = e.check(&record.to_string(), &options).unwrap();
                assert!(checked.rejected.is_none(), "{tool}: {record}");
                let parent: std::collections::BTreeMap<&str, Option<&str>> = report
                    .clauses
                    .iter()
                    .map(|c| (c.id.as_str(), c.parent.as_deref()))
                    .collect();
                // What check lists, with every ancestor (the report stamps evidence upwards).
                let mut expected = std::collections::BTreeSet::new();
                for hit in &checked.clauses {
                    for phase in &hit.phases {
                        let mut at = Some(hit.id.as_str());
                        while let Some(id) = at {
                            expected.insert((id.to_string(), *phase));
                            at = parent.get(id).copied().flatten();
                        }
                    }
                }
                let counted: std::collections::BTreeSet<(String, Phase)> = report
                    .clauses
                    .iter()
                    .flat_map(|c| {
                        Phase::ALL
                            .into_iter()
                            .filter(|p| c.phases.get(*p).evidence > 0)
                            .map(|p| (c.id.clone(), p))
                    })
                    .collect();
                assert_eq!(
                    expected, counted,
                    "{tool} {edition:?}: check's evidence (left) differs from the report's (right) for {record}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 100, "only {compared} records compared");
}

/// Cuts `text` (an array whose `[` is at byte `head - 1`) in reads of `step` bytes, as
/// js/stream.js does: each read's bytes appended to the ones kept, the scan resuming where the
/// last one ended. Returns every top-level comma reported and the stop (kind, where).
fn cut_in_reads(text: &[u8], head: usize, step: usize) -> (Vec<usize>, u32, f64) {
    let mut state = [0.0; 7];
    let mut cuts = Vec::new();
    let mut from = head;
    let mut end = head;
    loop {
        end = (end + step).min(text.len());
        let kind = iso20000::ffi::cut_elements(&text[..end], from, &mut state).unwrap_or(99);
        if state[5] >= 0.0 {
            cuts.push(state[5] as usize);
        }
        if kind != 0 || end == text.len() {
            return (cuts, kind, state[6]);
        }
        from = end;
    }
}

/// A JSON array of pool records picked by `picks`, then of objects holding `strings`: the
/// characters a cutter must see past (quotes, backslashes, brackets) inside strings.
fn array_of(picks: &[usize], strings: &[String], pretty: bool) -> String {
    let all = pool();
    let mut records: Vec<Value> = picks.iter().map(|p| all[p % all.len()].clone()).collect();
    records.extend(
        strings
            .iter()
            .map(|s| json!({"note": s, "list": [s, {"s": s}]})),
    );
    if pretty {
        serde_json::to_string_pretty(&records)
    } else {
        serde_json::to_string(&records)
    }
    .unwrap_or_default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every boundary the CLI's cutter reports, whatever the reads, closes a prefix of whole
    /// elements (text up to it + `]` is an array of them), and the scan ends at the array's `]`.
    #[test]
    fn the_cli_cuts_arrays_only_between_elements(
        picks in prop::collection::vec(0usize..200, 0..24),
        strings in prop::collection::vec("[a-z\"\\\\,\\[\\]{}日本\n ]{0,12}", 0..6),
        pretty in any::<bool>(),
        step in 1usize..400,
    ) {
        let text = array_of(&picks, &strings, pretty);
        let bytes = text.as_bytes();
        let (cuts, kind, at) = cut_in_reads(bytes, 1, step);
        prop_assert_eq!(kind, 2);
        prop_assert_eq!(at as usize, text.rfind(']').unwrap_or(0));
        for cut in cuts {
            let prefix = format!("{}]", text.get(..cut).unwrap_or_default());
            let read = serde_json::from_str::<Vec<Value>>(&prefix);
            prop_assert!(read.is_ok(), "not between elements at {}: {}", cut, prefix);
        }
    }

    /// The dashboard's split ([`iso20000::ffi::split_points`]) into any number of parts: at most
    /// that many pieces, each of whole elements (its bytes in `[` … `]` read as an array of its
    /// count), together the array's elements in order, the last ending at the array's `]`.
    #[test]
    fn the_dashboard_split_cuts_whole_elements_and_counts_them(
        picks in prop::collection::vec(0usize..200, 1..24),
        strings in prop::collection::vec("[a-z\"\\\\,\\[\\]{}日本\n ]{0,12}", 0..6),
        pretty in any::<bool>(),
        parts in 1usize..9,
    ) {
        let text = array_of(&picks, &strings, pretty);
        let points = iso20000::ffi::split_points(text.as_bytes(), 1, parts).ok().flatten().unwrap_or_default();
        prop_assert!(!points.is_empty() && points.len() <= 2 * parts, "{} numbers for {} parts", points.len(), parts);
        let mut start = 1;
        let mut back = Vec::new();
        for pair in points.chunks(2) {
            let (end, count) = (pair[0] as usize, pair[1] as usize);
            let piece = format!("[{}]", text.get(start..end).unwrap_or_default());
            let read = serde_json::from_str::<Vec<Value>>(&piece);
            prop_assert!(read.as_ref().is_ok_and(|r| r.len() == count), "piece of {} elements: {}", count, piece);
            back.extend(read.unwrap_or_default());
            start = end + 1;
        }
        prop_assert_eq!(start - 1, text.rfind(']').unwrap_or(0));
        let whole = serde_json::from_str::<Vec<Value>>(&text);
        prop_assert!(whole.as_ref().is_ok_and(|w| w.len() >= picks.len()));
        prop_assert_eq!(back, whole.unwrap_or_default());
    }

}

proptest! {
    // Cheap cases, and CI once found an overflow here that 64 cases rarely meet: many cases.
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// Any bytes, head and parts for the dashboard's split: points or none, never a panic; a head
    /// past the bytes is a misuse.
    #[test]
    fn the_split_takes_any_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        head in 0usize..320,
        parts in 0usize..20,
    ) {
        let answer = iso20000::ffi::split_points(&bytes, head, parts);
        prop_assert_eq!(answer.is_ok(), head <= bytes.len());
    }

    /// Any bytes and any numbers for the state: an answer or a misuse error, never a panic.
    #[test]
    fn the_cli_cutter_takes_any_bytes_and_state(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        // Extremes often: CI once met a depth of ~1e300 followed by `[` (an overflow).
        state in prop::collection::vec(prop_oneof![any::<f64>(), Just(f64::MAX), Just(1e300), Just(-1.0), 0.0..3.0], 0..9),
        from in 0usize..400,
    ) {
        let mut state = state;
        let answer = iso20000::ffi::cut_elements(&bytes, from, &mut state);
        prop_assert_eq!(answer.is_ok(), state.len() == 7 && from <= bytes.len());
    }

    /// A chunk's place in the whole input comes from the host as numbers (`line`, `shift`): any
    /// of them, with a chunk that errs on its first line or a later one, gives an error naming a
    /// place, never a panic.
    #[test]
    fn a_chunk_s_place_takes_any_numbers(
        line in prop_oneof![any::<usize>(), Just(usize::MAX), 0usize..3],
        shift in prop_oneof![any::<i64>(), Just(i64::MAX), Just(i64::MIN), -3i64..3],
        later_line in any::<bool>(),
    ) {
        let e = engine();
        let mut session = iso20000::ffi::session(&e, None).unwrap_or_else(|err| panic!("session: {err}"));
        let chunk: &[u8] = if later_line { b"[{\"a\": 1},\n}]" } else { b"[{\"a\": }]" };
        let scanned = iso20000::ffi::session_scan_bytes(&mut session, chunk, line, shift);
        prop_assert!(scanned.is_err_and(|err| err.line.is_some()));
    }
}
