//! Runs the conformance corpus (`tests/conformance/*.json`) natively through the FFI surface,
//! exactly as the Node and browser runners do through wasm.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod common;

#[test]
fn conformance_corpus_passes_natively() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    assert!(
        files.len() >= 3,
        "corpus files missing in {}",
        dir.display()
    );
    let mut failures = Vec::new();
    let mut count = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let outcome = common::run_corpus(&name, &text, &|path| {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            let file = match path.strip_prefix("repo:") {
                Some(rel) => root.join(rel),
                None => root.join("../shared/fixtures").join(path),
            };
            std::fs::read_to_string(file).ok()
        });
        count += outcome.0;
        failures.extend(outcome.1);
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 30, "only {count} cases ran");
}
