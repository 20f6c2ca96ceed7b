//! Takes the seeds of the structure-aware targets from the conformance corpus at build time:
//! valid payloads of each tool (the elements of `input` in tests/conformance/<tool>.json; the
//! canonical ones from evaluate.json, checks.json and rules.json), the CSV texts of csv.json and
//! the rule packs of rules.json, and the option objects of every case (`options`, and `engine`
//! without its rule packs) for the options target. Written to $OUT_DIR/seeds.json and included
//! by src/lib.rs.

use serde_json::{Map, Value, json};
use std::path::Path;

const TOOLS: [&str; 7] = [
    "servicenow",
    "jira",
    "glpi",
    "zammad",
    "itop",
    "znuny",
    "freshservice",
];
const ENVELOPES: [&str; 15] = [
    "result", "records", "issues", "values", "data", "tickets", "changes", "problems", "releases",
    "ticket", "change", "problem", "release", "Ticket", "objects",
];
const MAX_SEEDS: usize = 48;
const MAX_SEED_BYTES: usize = 6000;

fn read(dir: &Path, file: &str) -> Vec<Value> {
    let path = dir.join(file);
    println!("cargo::rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v.get("cases").and_then(Value::as_array).cloned())
        .unwrap_or_default()
}

fn source_of(case: &Value) -> Option<&str> {
    case.get("options")?.get("source")?.as_str()
}

fn elements(input: &Value, out: &mut Vec<Value>) {
    match input {
        Value::Array(items) => out.extend(items.iter().filter(|v| v.is_object()).cloned()),
        Value::Object(map) => {
            let envelope = ENVELOPES.iter().find_map(|k| {
                map.get(*k)
                    .filter(|v| v.is_array() || (*k == "objects" && v.is_object()))
            });
            match envelope {
                Some(Value::Array(items)) => {
                    out.extend(items.iter().filter(|v| v.is_object()).cloned())
                }
                Some(Value::Object(named)) => {
                    out.extend(named.values().filter(|v| v.is_object()).cloned())
                }
                _ => out.push(input.clone()),
            }
        }
        _ => {}
    }
}

fn keep(seeds: Vec<Value>) -> Vec<Value> {
    keep_at_most(seeds, MAX_SEEDS)
}

/// The seeds without repeats or large ones, at most `n`.
fn keep_at_most(mut seeds: Vec<Value>, n: usize) -> Vec<Value> {
    let mut seen = std::collections::BTreeSet::new();
    seeds.retain(|v| {
        let text = v.to_string();
        text.len() <= MAX_SEED_BYTES && seen.insert(text)
    });
    seeds.truncate(n);
    seeds
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance");
    let mut out = Map::new();
    for tool in TOOLS {
        let mut seeds = Vec::new();
        for case in read(&dir, &format!("{tool}.json")) {
            if let Some(input) = case.get("input") {
                if matches!(source_of(&case), None | Some("auto")) || source_of(&case) == Some(tool)
                {
                    elements(input, &mut seeds);
                }
            }
        }
        out.insert(tool.into(), Value::Array(keep(seeds)));
    }
    let mut canonical = Vec::new();
    let mut packs = Vec::new();
    let (mut call_options, mut engine_options) = (Vec::new(), Vec::new());
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|f| f.ends_with(".json") && f != "index.json")
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for file in &files {
        for case in read(&dir, file) {
            if let Some(o) = case.get("options").filter(|o| o.is_object()) {
                call_options.push(o.clone());
            }
            if let Some(Value::Object(e)) = case.get("engine") {
                let mut e = e.clone();
                e.remove("rules");
                engine_options.push(Value::Object(e));
            }
        }
    }
    // Option objects are small and varied: more of them than of the other seeds.
    out.insert(
        "options".into(),
        Value::Array(keep_at_most(call_options, 4 * MAX_SEEDS)),
    );
    out.insert(
        "engineOptions".into(),
        Value::Array(keep_at_most(engine_options, 4 * MAX_SEEDS)),
    );
    for file in ["evaluate.json", "checks.json", "rules.json"] {
        for case in read(&dir, file) {
            if let (Some(input), Some("canonical")) = (case.get("input"), source_of(&case)) {
                elements(input, &mut canonical);
            }
            if let Some(rules) = case
                .get("engine")
                .and_then(|e| e.get("rules"))
                .and_then(Value::as_array)
            {
                packs.extend(rules.iter().cloned());
            }
        }
    }
    out.insert("canonical".into(), Value::Array(keep(canonical)));
    out.insert("packs".into(), Value::Array(keep(packs)));
    let csv: Vec<Value> = read(&dir, "csv.json")
        .iter()
        .filter_map(|c| c.get("inputText").and_then(Value::as_str))
        .filter(|t| t.len() <= MAX_SEED_BYTES)
        .map(|t| json!(t))
        .collect();
    out.insert("csv".into(), Value::Array(csv));
    let target = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("seeds.json");
    if let Err(e) = std::fs::write(&target, Value::Object(out).to_string()) {
        println!("cargo::warning=cannot write {}: {e}", target.display());
    }
}
