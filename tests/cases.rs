//! The teaching cases ("why this matters") are reviewed data: these tests pin their shape and
//! their coverage of processes, process pairs and the built-in pack's checks.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(feature = "cases")] // the stories (a build without them names cases by id alone: parts_in_build.rs)
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read fixtures and compare with them

use std::collections::{BTreeMap, BTreeSet};

use iso20000::{Case, Catalog, Lang};

/// Checks that a case may name before the built-in pack has them: when a check is being added
/// to the pack, its case can land first. Every id of issue 9's new checks has arrived, so the
/// list is empty; put an id here only while its check is on its way, and take it out when the pack
/// has it (`pending_checks_are_not_in_the_pack` fails until then).
const PENDING_CHECKS: &[&str] = &[];

/// The process pairs issue 9 names; each has a case of its own (in either order).
const PAIRS: &[(&str, &str)] = &[
    ("incident-management", "problem-management"),
    ("change-management", "release-and-deployment-management"),
    ("change-management", "configuration-management"),
    ("capacity-management", "availability-management"),
    ("capacity-management", "demand-management"),
    ("supplier-management", "service-level-management"),
    ("service-level-management", "service-reporting"),
    ("change-management", "information-security-management"),
];

fn catalog() -> &'static Catalog {
    match Catalog::builtin() {
        Ok(c) => c,
        Err(e) => panic!("built-in catalogue does not load: {e}"),
    }
}

/// The check ids of the built-in pack, read at test time so that new checks are caught.
fn pack_check_ids() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules/builtin-pack.json");
    let text = std::fs::read_to_string(path).expect("read builtin-pack.json");
    let pack: serde_json::Value = serde_json::from_str(&text).expect("builtin-pack.json is JSON");
    pack["checks"]
        .as_array()
        .expect("pack has checks")
        .iter()
        .map(|c| c["id"].as_str().expect("check has an id").to_string())
        .collect()
}

fn has_japanese(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{3040}'..='\u{30ff}' // hiragana, katakana
            | '\u{4e00}'..='\u{9fff}' // CJK ideographs
        )
    })
}

fn texts(case: &Case) -> [(&'static str, &iso20000::Localized); 5] {
    [
        ("title", &case.title),
        ("organisation", &case.organisation),
        ("happened", &case.happened),
        ("why", &case.why),
        ("good", &case.good),
    ]
}

#[test]
fn every_case_is_valid() {
    let cat = catalog();
    let processes: BTreeSet<&str> = cat.processes.iter().map(|p| p.id.as_str()).collect();
    let mut ids = BTreeSet::new();
    for case in cat.cases() {
        assert!(
            case.id.starts_with("CASE-"),
            "{}: id starts with CASE-",
            case.id
        );
        assert!(ids.insert(case.id.as_str()), "{}: duplicate id", case.id);
        assert!(
            processes.contains(case.process.as_str()),
            "{}: unknown process {}",
            case.id,
            case.process
        );
        assert!(
            processes.contains(case.paired_process.as_str()),
            "{}: unknown paired process {}",
            case.id,
            case.paired_process
        );
        assert_ne!(
            case.process, case.paired_process,
            "{}: pairs a process with itself",
            case.id
        );
        assert!(!case.clauses2018.is_empty(), "{}: no clause", case.id);
        for clause in &case.clauses2018 {
            assert!(
                cat.e2018.get(clause).is_some(),
                "{}: {clause} is not a 2018 clause",
                case.id
            );
        }
        assert!(!case.checks.is_empty(), "{}: explains no check", case.id);
        for (field, text) in texts(case) {
            assert!(
                !text.en.trim().is_empty(),
                "{}: {field}.en is empty",
                case.id
            );
            assert!(
                !text.ja.trim().is_empty(),
                "{}: {field}.ja is empty",
                case.id
            );
            assert!(
                has_japanese(&text.ja),
                "{}: {field}.ja has no Japanese",
                case.id
            );
            assert!(
                !has_japanese(&text.en),
                "{}: {field}.en has Japanese",
                case.id
            );
        }
        // The narrative parts are full sentences in both languages.
        for (field, text) in [
            ("happened", &case.happened),
            ("why", &case.why),
            ("good", &case.good),
        ] {
            assert!(
                text.en.trim_end().ends_with('.'),
                "{}: {field}.en ends without a full stop",
                case.id
            );
            assert!(
                text.ja.trim_end().ends_with('。'),
                "{}: {field}.ja ends without 。",
                case.id
            );
        }
    }
}

#[test]
fn there_are_at_least_thirty_cases() {
    assert!(
        catalog().cases().len() >= 30,
        "{} cases",
        catalog().cases().len()
    );
}

#[test]
fn every_process_is_in_some_case() {
    let cat = catalog();
    let uncovered: Vec<&str> = cat
        .processes
        .iter()
        .map(|p| p.id.as_str())
        .filter(|p| {
            !cat.cases()
                .iter()
                .any(|c| c.process == *p || c.paired_process == *p)
        })
        .collect();
    assert!(
        uncovered.is_empty(),
        "processes without a case: {uncovered:?}"
    );
}

#[test]
fn every_named_process_pair_has_a_case() {
    let cat = catalog();
    for (a, b) in PAIRS {
        assert!(
            cat.processes.iter().any(|p| p.id == *a),
            "pair names unknown process {a}"
        );
        assert!(
            cat.processes.iter().any(|p| p.id == *b),
            "pair names unknown process {b}"
        );
        let found = cat.cases().iter().any(|c| {
            (c.process == *a && c.paired_process == *b)
                || (c.process == *b && c.paired_process == *a)
        });
        assert!(found, "no case pairs {a} with {b}");
    }
}

#[test]
fn every_check_of_the_builtin_pack_has_exactly_one_case() {
    let cat = catalog();
    let mut cases_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for case in cat.cases() {
        for check in &case.checks {
            cases_of
                .entry(check.as_str())
                .or_default()
                .push(case.id.as_str());
        }
    }
    let pack = pack_check_ids();
    let mut problems = Vec::new();
    for id in &pack {
        match cases_of.get(id.as_str()).map(Vec::as_slice) {
            None | Some([]) => problems.push(format!("{id}: no case")),
            Some([one]) => {
                assert_eq!(cat.case_for_check(id).map(|c| c.id.as_str()), Some(*one));
            }
            Some(many) => problems.push(format!("{id}: {} cases {many:?}", many.len())),
        }
    }
    for (check, cases) in &cases_of {
        if cases.len() > 1 && !pack.iter().any(|p| p == check) {
            problems.push(format!("{check}: {} cases {cases:?}", cases.len()));
        }
    }
    assert!(
        problems.is_empty(),
        "checks without exactly one case:\n{}",
        problems.join("\n")
    );
}

#[test]
fn no_case_names_an_unknown_check() {
    let pack = pack_check_ids();
    let unknown: Vec<String> = catalog()
        .cases()
        .iter()
        .flat_map(|c| c.checks.iter().map(move |check| (c, check)))
        .filter(|(_, check)| !pack.contains(check) && !PENDING_CHECKS.contains(&check.as_str()))
        .map(|(c, check)| format!("{}: {check}", c.id))
        .collect();
    assert!(
        unknown.is_empty(),
        "cases name checks that are not in the pack: {unknown:?}"
    );
}

#[test]
fn pending_checks_are_not_in_the_pack() {
    let pack = pack_check_ids();
    let arrived: Vec<&str> = PENDING_CHECKS
        .iter()
        .copied()
        .filter(|id| pack.iter().any(|p| p == id))
        .collect();
    assert!(
        arrived.is_empty(),
        "now in the pack, remove from PENDING_CHECKS in tests/cases.rs: {arrived:?}"
    );
}

#[test]
fn case_texts_come_in_the_asked_language() {
    let cat = catalog();
    let case = cat
        .case_for_check("CHG-APPROVED")
        .expect("CHG-APPROVED has a case");
    let en = case.in_lang(Lang::En);
    let ja = case.in_lang(Lang::Ja);
    assert_eq!(en.id, case.id);
    assert_eq!(en.title, case.title.en);
    assert_eq!(ja.happened, case.happened.ja);
    assert_eq!(ja.checks, case.checks);
    assert!(cat.case_for_check("NO-SUCH-CHECK").is_none());
}
