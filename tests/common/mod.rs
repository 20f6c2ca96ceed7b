//! The corpus runner shared by the native tests and the wasm-bindgen tests (same code, two
//! runtimes). It drives the JSON-in/JSON-out FFI, as every binding does.
//!
//! The corpus files are listed once, in `tests/conformance/index.json`. Cases with an
//! `inputFixture` read `../shared/fixtures` (the index's `fixtures`): where that folder is absent
//! (a user's clone) they are skipped and counted, and the runner says so in one line
//! ([`skip_line`]); `.ci/run` refuses to run without it, so CI never skips them.
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(dead_code)]

use iso20000::Instant;
use iso20000::ffi;
use serde_json::{Map, Value, json};

/// A fixed clock: corpus cases pin `asOf`, this only makes a forgotten pin deterministic.
const NOW: Instant = Instant(1_782_777_600); // 2026-06-30T00:00:00Z

/// `tests/conformance/index.json`: the corpus files and where fixtures are read from.
#[derive(Debug, Clone)]
pub struct Index {
    /// Corpus file names, relative to `tests/conformance`.
    pub files: Vec<String>,
    /// The fixture folder, relative to the repository (`../shared/fixtures`).
    pub fixtures: String,
}

impl Index {
    pub fn parse(text: &str) -> Index {
        let value: Value = serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("tests/conformance/index.json is not JSON: {e}"));
        let files = value
            .get("files")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|f| {
                        f.as_str()
                            .unwrap_or_else(|| {
                                panic!("index.json: a file name is not a string: {f}")
                            })
                            .to_string()
                    })
                    .collect()
            })
            .unwrap_or_else(|| panic!("tests/conformance/index.json has no \"files\" list"));
        let fixtures = value
            .get("fixtures")
            .and_then(Value::as_str)
            .unwrap_or("../shared/fixtures")
            .to_string();
        Index { files, fixtures }
    }
}

/// A case that reads a shared fixture.
pub fn is_fixture_case(case: &Value) -> bool {
    case.get("inputFixture").is_some()
}

/// How many cases of a corpus file read a shared fixture.
pub fn fixture_cases(corpus: &Value) -> usize {
    corpus
        .get("cases")
        .and_then(Value::as_array)
        .map(|cases| cases.iter().filter(|c| is_fixture_case(c)).count())
        .unwrap_or(0)
}

/// The one line every runner prints when the fixture folder is absent (same words in
/// tests/js/corpus.mjs).
pub fn skip_line(skipped: usize, fixtures: &str) -> String {
    let s = if skipped == 1 { "" } else { "s" };
    format!("{skipped} fixture case{s} skipped: {fixtures} absent")
}

/// What one corpus file gave.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Cases run.
    pub run: usize,
    /// Fixture cases not run because the fixture folder is absent.
    pub skipped: usize,
    /// One message per failing case.
    pub failures: Vec<String>,
}

/// Runs one corpus file. With `fixtures_present` false, cases with an `inputFixture` are
/// skipped (counted in `skipped`); with it true a missing fixture fails its case.
pub fn run_corpus(
    file: &str,
    text: &str,
    fixture: &dyn Fn(&str) -> Option<String>,
    fixtures_present: bool,
) -> Outcome {
    let corpus: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return Outcome {
                failures: vec![format!("{file}: not JSON: {e}")],
                ..Outcome::default()
            };
        }
    };
    let defaults = corpus
        .pointer("/defaults/engine")
        .cloned()
        .unwrap_or(json!({}));
    let cases = corpus
        .get("cases")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut out = Outcome::default();
    for (i, case) in cases.iter().enumerate() {
        if !fixtures_present && is_fixture_case(case) {
            out.skipped += 1;
            continue;
        }
        out.run += 1;
        let name = case.get("name").and_then(Value::as_str).unwrap_or("?");
        if let Err(message) = run_case(case, &defaults, fixture) {
            out.failures.push(format!("{file} #{i} {name}: {message}"));
        }
    }
    out
}

/// The native side: files read from the repository, the skip line written once per test binary.
#[cfg(not(target_arch = "wasm32"))]
pub mod native {
    use std::io::Write;
    use std::path::{Path, PathBuf};
    use std::sync::{Once, OnceLock};

    use iso20000::{Error, ErrorCode};
    use serde_json::Value;

    use super::{Index, fixture_cases, skip_line};

    pub fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    pub fn corpus_dir() -> PathBuf {
        root().join("tests/conformance")
    }

    /// `tests/conformance/index.json`, read once.
    pub fn index() -> &'static Index {
        static INDEX: OnceLock<Index> = OnceLock::new();
        INDEX.get_or_init(|| {
            let path = corpus_dir().join("index.json");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Index::parse(&text)
        })
    }

    /// The shared fixture folder (`../shared/fixtures`).
    pub fn fixtures_dir() -> PathBuf {
        root().join(&index().fixtures)
    }

    pub fn fixtures_present() -> bool {
        fixtures_dir().is_dir()
    }

    /// A fixture (`glpi/….json`) or a repository file (`repo:examples/rules/….json`).
    pub fn fixture(path: &str) -> Option<String> {
        let file = match path.strip_prefix("repo:") {
            Some(rel) => root().join(rel),
            None => fixtures_dir().join(path),
        };
        std::fs::read_to_string(file).ok()
    }

    /// A corpus file's text.
    pub fn corpus_text(file: &str) -> String {
        let path = corpus_dir().join(file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Every corpus file of the index, parsed, in index order.
    pub fn corpus() -> Vec<(String, Value)> {
        index()
            .files
            .iter()
            .map(|file| {
                let value = serde_json::from_str(&corpus_text(file))
                    .unwrap_or_else(|e| panic!("{file}: not JSON: {e}"));
                (file.clone(), value)
            })
            .collect()
    }

    /// The `*.json` files in tests/conformance other than index.json, sorted.
    pub fn corpus_files_on_disk() -> Vec<String> {
        let mut files: Vec<String> = std::fs::read_dir(corpus_dir())
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".json") && n != "index.json")
            .collect();
        files.sort();
        files
    }

    /// When the fixture folder is absent: writes the skip line once per test binary, counting
    /// the fixture cases of the whole index. Written to stderr directly, so that libtest's output
    /// capture does not hide it in a passing run.
    pub fn announce_skipped() {
        static ONCE: Once = Once::new();
        if fixtures_present() {
            return;
        }
        ONCE.call_once(|| {
            let total: usize = corpus().iter().map(|(_, c)| fixture_cases(c)).sum();
            let line = skip_line(total, &index().fixtures);
            let _ = writeln!(std::io::stderr().lock(), "{line}");
        });
    }

    /// In a build without `feature`, every result is the error `(english, japanese)` in the call's
    /// language; with it, every result is a value.
    pub fn answered_or_refused(
        feature_on: bool,
        (english, japanese): (&str, &str),
        results: Vec<(&str, bool, Result<String, Error>)>,
    ) {
        for (call, ja, result) in results {
            match (feature_on, result) {
                (true, Ok(_)) => {}
                (true, Err(e)) => panic!("{call}: the full build answers, not {e}"),
                (false, Ok(v)) => panic!("{call}: expected E_NOT_IN_BUILD, got {v:.200}"),
                (false, Err(e)) => {
                    assert_eq!(e.code, ErrorCode::NotInBuild, "{call}: {e}");
                    assert_eq!(e.message, if ja { japanese } else { english }, "{call}");
                    assert_eq!((e.line, e.column, &e.path), (None, None, &None), "{call}");
                }
            }
        }
    }
}

fn merged(defaults: &Value, over: Option<&Value>) -> Value {
    let mut out = defaults.as_object().cloned().unwrap_or_default();
    if let Some(Value::Object(o)) = over {
        for (k, v) in o {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Object(out)
}

fn input_text(
    value: &Value,
    case: &Value,
    fixture: &dyn Fn(&str) -> Option<String>,
) -> Result<String, String> {
    let _ = case;
    if let Some(obj) = value.as_object() {
        if let Some(Value::String(t)) = obj.get("inputText") {
            return Ok(t.clone());
        }
        if let Some(Value::String(p)) = obj.get("inputFixture") {
            return fixture(p).ok_or_else(|| format!("fixture {p} not found"));
        }
        if let Some(v) = obj.get("input") {
            return Ok(v.to_string());
        }
    }
    Err("case has no input".into())
}

fn run_case(
    case: &Value,
    defaults: &Value,
    fixture: &dyn Fn(&str) -> Option<String>,
) -> Result<(), String> {
    let result = run_call(case, defaults, fixture)?;
    match (result, case.get("error")) {
        (Ok(actual), None) => match case.get("expect") {
            Some(expected) => matches(&actual, expected, "$"),
            None => Err("case has neither expect nor error".into()),
        },
        (Ok(_), Some(_)) => Err("expected an error, the call succeeded".into()),
        (Err(e), Some(pattern)) => {
            let actual: Value = serde_json::from_str(&ffi::error_json(&e)).unwrap_or(Value::Null);
            matches(&actual, pattern, "$error")
        }
        (Err(e), None) => Err(format!("unexpected error {e}")),
    }
}

/// Makes a case's call: the result or the error it threw (`Err(String)` when the case itself is
/// broken, e.g. a missing rules file).
pub fn run_call(
    case: &Value,
    defaults: &Value,
    fixture: &dyn Fn(&str) -> Option<String>,
) -> Result<Result<Value, iso20000::Error>, String> {
    let call = case
        .get("call")
        .and_then(Value::as_str)
        .unwrap_or("evaluate");
    let mut engine_value = merged(defaults, case.get("engine"));
    // `rulesFiles`: rule packs shipped in the repository (examples/rules/…), added to `rules`.
    if let Some(Value::Array(files)) = engine_value
        .as_object_mut()
        .and_then(|o| o.remove("rulesFiles"))
    {
        let mut rules = engine_value
            .get("rules")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for f in files {
            let path = f.as_str().unwrap_or_default();
            let text = fixture(&format!("repo:{path}"))
                .ok_or_else(|| format!("rules file {path} not found"))?;
            rules.push(serde_json::from_str(&text).map_err(|e| format!("rules file {path}: {e}"))?);
        }
        if let Some(o) = engine_value.as_object_mut() {
            o.insert("rules".into(), Value::Array(rules));
        }
    }
    let engine_opts = engine_value.to_string();
    let options = case.get("options").map(Value::to_string);
    let result: Result<Value, iso20000::Error> = (|| {
        let parse = |s: String| {
            serde_json::from_str::<Value>(&s).map_err(|e| iso20000::Error::misuse(e.to_string()))
        };
        match call {
            "logic" => parse(ffi::apply_logic(
                &case
                    .get("logic")
                    .cloned()
                    .unwrap_or(Value::Null)
                    .to_string(),
                &case.get("data").cloned().unwrap_or(Value::Null).to_string(),
                case.get("lang").and_then(Value::as_str),
            )?),
            "catalog.clauses" => parse(ffi::catalog_clauses(
                case.pointer("/options/edition").and_then(Value::as_str),
                case.pointer("/options/lang").and_then(Value::as_str),
            )?),
            "catalog.cases" => parse(ffi::catalog_cases(
                case.pointer("/options/lang").and_then(Value::as_str),
            )?),
            "catalog.crosswalk" => parse(ffi::catalog_crosswalk(
                case.pointer("/options/from")
                    .and_then(Value::as_str)
                    .unwrap_or("2011"),
                case.pointer("/options/clause")
                    .and_then(Value::as_str)
                    .unwrap_or(""),
                case.pointer("/options/lang").and_then(Value::as_str),
            )?),
            _ => {
                let engine = ffi::engine_new(Some(&engine_opts), NOW)?;
                match call {
                    "engine" => Ok(json!({"ok": true})),
                    "evaluate" => {
                        let text =
                            input_text(case, case, fixture).map_err(iso20000::Error::misuse)?;
                        parse(ffi::evaluate(&engine, &text, options.as_deref())?)
                    }
                    "check" => {
                        let text =
                            input_text(case, case, fixture).map_err(iso20000::Error::misuse)?;
                        parse(ffi::check(&engine, &text, options.as_deref())?)
                    }
                    "normalize" => {
                        let text =
                            input_text(case, case, fixture).map_err(iso20000::Error::misuse)?;
                        parse(ffi::normalize(&engine, &text, options.as_deref())?)
                    }
                    "map" => {
                        let text =
                            input_text(case, case, fixture).map_err(iso20000::Error::misuse)?;
                        parse(ffi::map(&engine, &text, options.as_deref())?)
                    }
                    "session" => {
                        let chunks = case
                            .get("chunks")
                            .and_then(Value::as_array)
                            .cloned()
                            .unwrap_or_default();
                        let merge = case.get("merge").and_then(Value::as_bool).unwrap_or(false);
                        let mut main = ffi::session(&engine, options.as_deref())?;
                        let mut offset = 0u64;
                        for chunk in &chunks {
                            let text = match chunk {
                                Value::String(s) => s.clone(),
                                other => other.to_string(),
                            };
                            if merge {
                                let mut worker = ffi::session(&engine, options.as_deref())?;
                                worker.set_offset(offset);
                                let summary: Value = parse(ffi::session_push(&mut worker, &text)?)?;
                                offset += summary.get("in").and_then(Value::as_u64).unwrap_or(0);
                                ffi::session_merge(&mut main, &ffi::session_partial(&worker)?)?;
                            } else {
                                ffi::session_push(&mut main, &text)?;
                            }
                        }
                        parse(ffi::session_finish(&mut main)?)
                    }
                    other => Err(iso20000::Error::misuse(format!("unknown call {other}"))),
                }
            }
        }
    })();
    Ok(result)
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

/// The pattern matcher (same rules as tests/js/corpus.mjs).
pub fn matches(actual: &Value, expected: &Value, path: &str) -> Result<(), String> {
    if let Value::Object(pat) = expected {
        if pat.len() == 1
            && let Some((op, arg)) = pat.iter().next()
            && op.starts_with('$')
        {
            return operator(actual, op, arg, path);
        }
        let Value::Object(obj) = actual else {
            return Err(format!("{path}: expected an object, got {}", short(actual)));
        };
        for (k, p) in pat {
            let sub = format!("{path}.{k}");
            match obj.get(k) {
                Some(v) => matches(v, p, &sub)?,
                None => {
                    if p.get("$absent") == Some(&Value::Bool(true)) {
                        continue;
                    }
                    return Err(format!("{sub}: missing"));
                }
            }
        }
        return Ok(());
    }
    if let Value::Array(items) = expected {
        let Value::Array(got) = actual else {
            return Err(format!("{path}: expected an array, got {}", short(actual)));
        };
        if got.len() != items.len() {
            return Err(format!(
                "{path}: expected {} elements, got {}: {}",
                items.len(),
                got.len(),
                short(actual)
            ));
        }
        for (i, (a, e)) in got.iter().zip(items).enumerate() {
            matches(a, e, &format!("{path}[{i}]"))?;
        }
        return Ok(());
    }
    let equal = match (num(actual), num(expected)) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        _ => actual == expected,
    };
    if equal {
        Ok(())
    } else {
        Err(format!(
            "{path}: expected {}, got {}",
            short(expected),
            short(actual)
        ))
    }
}

fn operator(actual: &Value, op: &str, arg: &Value, path: &str) -> Result<(), String> {
    match op {
        "$absent" => Err(format!(
            "{path}: expected to be absent, got {}",
            short(actual)
        )),
        "$contains" | "$notContains" => {
            let Value::Array(got) = actual else {
                return Err(format!("{path}: expected an array, got {}", short(actual)));
            };
            for p in arg.as_array().cloned().unwrap_or_default() {
                let found = got.iter().any(|a| matches(a, &p, path).is_ok());
                if op == "$contains" && !found {
                    return Err(format!(
                        "{path}: no element matches {} in {}",
                        short(&p),
                        short(actual)
                    ));
                }
                if op == "$notContains" && found {
                    return Err(format!(
                        "{path}: an element matches {} in {}",
                        short(&p),
                        short(actual)
                    ));
                }
            }
            Ok(())
        }
        "$len" => {
            let len = match actual {
                Value::Array(a) => a.len(),
                Value::Object(o) => o.len(),
                Value::String(s) => s.chars().count(),
                _ => return Err(format!("{path}: no length")),
            };
            if Some(len as f64) == arg.as_f64() {
                Ok(())
            } else {
                Err(format!("{path}: length {len}, expected {arg}"))
            }
        }
        "$gte" | "$lte" => match (actual.as_f64(), arg.as_f64()) {
            (Some(a), Some(b)) if (op == "$gte" && a >= b) || (op == "$lte" && a <= b) => Ok(()),
            _ => Err(format!("{path}: {} is not {op} {arg}", short(actual))),
        },
        "$startsWith" | "$includes" => {
            let (Some(a), Some(b)) = (actual.as_str(), arg.as_str()) else {
                return Err(format!("{path}: expected a string, got {}", short(actual)));
            };
            let ok = if op == "$startsWith" {
                a.starts_with(b)
            } else {
                a.contains(b)
            };
            if ok {
                Ok(())
            } else {
                Err(format!("{path}: {a:?} does not {op} {b:?}"))
            }
        }
        other => Err(format!("{path}: unknown operator {other}")),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 300 {
        format!("{}…", s.chars().take(300).collect::<String>())
    } else {
        s
    }
}

/// Silences the unused warning for helpers used by only some test crates.
pub fn _unused(_: Map<String, Value>) {}
