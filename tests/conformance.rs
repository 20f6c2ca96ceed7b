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

mod common;

use common::native;

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
