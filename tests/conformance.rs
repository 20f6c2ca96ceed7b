//! Runs the conformance corpus (the files listed in `tests/conformance/index.json`) natively
//! through the FFI surface, exactly as the Node and browser runners do through wasm.
//!
//! One `#[test]` per corpus file, so a filter runs a subset: `cargo test --test conformance
//! servicenow`. A file in index.json without its test here (or a corpus file on disk missing
//! from index.json) fails `every_corpus_file_is_indexed_and_tested`.
//!
//! Without `../shared/fixtures` the cases that read a shared fixture are skipped, and one line
//! on stderr says how many (`51 fixture cases skipped: ../shared/fixtures absent`).
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read fixtures and compare with them

mod common;

use common::native;
use serde_json::{Value, json};

/// Runs one corpus file of the index and fails with every failing case.
fn run_file(file: &str) {
    assert!(
        native::index().files.iter().any(|f| f == file),
        "{file} has a test in tests/conformance.rs but is not listed in tests/conformance/index.json"
    );
    let present = native::fixtures_present();
    let text = native::corpus_text(file);
    let outcome = common::run_corpus(file, &text, &native::fixture, present);
    if outcome.skipped > 0 {
        native::announce_skipped();
    }
    assert!(
        outcome.failures.is_empty(),
        "{} of {} cases of {file} failed:\n{}",
        outcome.failures.len(),
        outcome.run,
        outcome.failures.join("\n")
    );
    assert!(outcome.run + outcome.skipped > 0, "{file} has no cases");
}

/// The corpus file of a test: `name` → `name.json`, or `name = "other-name.json"`.
macro_rules! corpus_file {
    ($name:ident) => {
        concat!(stringify!($name), ".json")
    };
    ($name:ident, $file:literal) => {
        $file
    };
}

/// One `#[test]` per corpus file, named after it.
macro_rules! corpus_tests {
    ($($name:ident $(= $file:literal)?),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                run_file(corpus_file!($name $(, $file)?));
            }
        )*
        /// The corpus files that have a test above.
        const TESTED: &[&str] = &[$(corpus_file!($name $(, $file)?)),*];
    };
}

// Every file of tests/conformance/index.json, one line each (`name` for name.json, or
// `some_name = "some-name.json"`).
corpus_tests! {
    catalog,
    checks,
    csv,
    errors,
    evaluate,
    freshservice,
    glpi,
    hostile_input = "hostile-input.json",
    hostile_rules = "hostile-rules.json",
    itop,
    jira,
    jsonlogic,
    jsonlogic_upstream = "jsonlogic-upstream.json",
    mapping,
    rules,
    servicenow,
    verdict,
    zammad,
    znuny,
}

#[test]
fn every_corpus_file_is_indexed_and_tested() {
    let index = &native::index().files;
    let untested: Vec<&String> = index
        .iter()
        .filter(|f| !TESTED.contains(&f.as_str()))
        .collect();
    let lines: Vec<String> = untested
        .iter()
        .map(|f| {
            let stem = f.strip_suffix(".json").unwrap_or(f);
            let ident: String = stem
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            if ident == stem {
                format!("    {ident},")
            } else {
                format!("    {ident} = {f:?},")
            }
        })
        .collect();
    assert!(
        untested.is_empty(),
        "listed in tests/conformance/index.json but without a test: {untested:?}; add to \
         corpus_tests! in tests/conformance.rs:\n{}",
        lines.join("\n")
    );
    let mut listed = index.clone();
    listed.sort();
    let mut unique = listed.clone();
    unique.dedup();
    assert_eq!(
        listed, unique,
        "tests/conformance/index.json lists a file twice"
    );
    let on_disk = native::corpus_files_on_disk();
    let unlisted: Vec<&String> = on_disk.iter().filter(|f| !listed.contains(f)).collect();
    assert!(
        unlisted.is_empty(),
        "corpus files that no runner reads: {unlisted:?}; add each to \"files\" in \
         tests/conformance/index.json"
    );
    let missing: Vec<&String> = listed.iter().filter(|f| !on_disk.contains(f)).collect();
    assert!(
        missing.is_empty(),
        "tests/conformance/index.json lists files that do not exist: {missing:?}"
    );
}

/// The upstream JsonLogic suite as published (`upstream/jsonlogic-tests.json`, kept verbatim):
/// its `[rule, data, expected]` triples, the string entries between them being section titles.
fn upstream_jsonlogic_triples() -> Vec<(Value, Value, Value)> {
    let text = native::corpus_text("upstream/jsonlogic-tests.json");
    let entries: Vec<Value> = serde_json::from_str(&text).unwrap();
    entries
        .into_iter()
        .filter_map(|entry| match entry {
            Value::Array(triple) if triple.len() == 3 => {
                let [rule, data, expected]: [Value; 3] = triple.try_into().ok()?;
                Some((rule, data, expected))
            }
            Value::String(_) => None,
            other => panic!("upstream/jsonlogic-tests.json: neither a title nor a triple: {other}"),
        })
        .collect()
}

/// jsonlogic-upstream.json holds every upstream case, once, with the rule, data and expected
/// value as published: nobody can drop a case or soften an expectation there unnoticed. A case
/// may expect something else (a value, or an `error`) only with a `note` saying why our engine
/// deliberately differs.
#[test]
fn jsonlogic_upstream_is_the_vendored_suite() {
    let triples = upstream_jsonlogic_triples();
    let corpus: Value =
        serde_json::from_str(&native::corpus_text("jsonlogic-upstream.json")).unwrap();
    let cases = corpus["cases"].as_array().unwrap();
    let mut problems = Vec::new();
    let mut seen = vec![0usize; triples.len()];
    for case in cases {
        let Some(n) = case["upstream"]
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
        else {
            problems.push(format!("{}: no `upstream` position", case["name"]));
            continue;
        };
        let Some((rule, data, expected)) = triples.get(n) else {
            problems.push(format!("{}: upstream #{n} does not exist", case["name"]));
            continue;
        };
        seen[n] += 1;
        if &case["logic"] != rule || &case["data"] != data {
            problems.push(format!(
                "upstream #{n}: rule or data differ from the published case"
            ));
        }
        let differs = case.get("expect") != Some(expected) || case.get("error").is_some();
        if differs && case["note"].as_str().is_none_or(str::is_empty) {
            problems.push(format!(
                "upstream #{n}: expects something other than the published {expected} without a \
                 `note` saying why"
            ));
        }
    }
    for (n, (rule, data, expected)) in triples.iter().enumerate() {
        match seen[n] {
            1 => {}
            0 => problems.push(format!(
                "upstream #{n} is missing; add:\n{}",
                json!({"name": format!("upstream #{n}: {rule}"), "call": "logic", "upstream": n,
                       "logic": rule, "data": data, "expect": expected})
            )),
            k => problems.push(format!("upstream #{n} appears {k} times")),
        }
    }
    assert!(
        problems.is_empty(),
        "tests/conformance/jsonlogic-upstream.json against upstream/jsonlogic-tests.json:\n{}",
        problems.join("\n")
    );
    assert_eq!(
        triples.len(),
        267,
        "the vendored suite changed: update README.md's account of it"
    );
}
