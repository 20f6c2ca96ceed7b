//! The catalogue is reviewed data: these tests pin it.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read fixtures and compare with them

use iso20000::{Catalog, Edition, Relation};

fn catalog() -> &'static Catalog {
    match Catalog::builtin() {
        Ok(c) => c,
        Err(e) => panic!("built-in catalogue does not load: {e}"),
    }
}

#[test]
fn golden_titles_pin_every_number_and_title_of_both_editions() {
    let golden = include_str!("golden/catalog-titles.tsv");
    let mut expected: Vec<String> = golden
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let mut actual = Vec::new();
    for edition in [Edition::E2011, Edition::E2018] {
        for c in &catalog().edition(edition).clauses {
            actual.push(format!(
                "{}\t{}\t{}\t{}",
                edition.as_str(),
                c.id,
                c.title.en,
                c.title.ja
            ));
        }
    }
    assert_eq!(
        actual.len(),
        expected.len(),
        "clause count differs from the golden list"
    );
    for (a, e) in actual.iter().zip(&expected) {
        assert_eq!(a, e);
    }
    expected.sort();
    expected.dedup();
    assert_eq!(expected.len(), actual.len(), "golden list has duplicates");
}

#[test]
fn the_deepest_subclauses_are_present() {
    let c = catalog();
    for id in ["8.5.1.3", "8.7.3.2", "8.3.4.2", "7.5.4", "6.2.2", "10.2"] {
        assert!(c.e2018.get(id).is_some(), "2018 {id}");
    }
    for id in ["4.5.4.2", "4.5.5.2", "6.3.3", "6.6.3", "4.1.4", "9.3"] {
        assert!(c.e2011.get(id).is_some(), "2011 {id}");
    }
    assert_eq!(
        c.e2018
            .get("8.5.1.3")
            .and_then(|x| x.parent.clone())
            .as_deref(),
        Some("8.5.1")
    );
    assert!(
        c.e2018
            .get("8.6")
            .is_some_and(|x| x.children == ["8.6.1", "8.6.2", "8.6.3"])
    );
}

#[test]
fn pdca_roles_follow_each_edition() {
    use iso20000::Phase::*;
    let c = catalog();
    let phase = |e: Edition, id: &str| c.edition(e).get(id).and_then(|x| x.phase);
    assert_eq!(phase(Edition::E2011, "4.5.2"), Some(Plan));
    assert_eq!(phase(Edition::E2011, "4.5.3"), Some(Do));
    assert_eq!(phase(Edition::E2011, "4.5.4.2"), Some(Check));
    assert_eq!(phase(Edition::E2011, "4.5.5.1"), Some(Act));
    assert_eq!(phase(Edition::E2018, "6.1"), Some(Plan));
    assert_eq!(phase(Edition::E2018, "8.1"), Some(Plan));
    assert_eq!(phase(Edition::E2018, "8.6.1"), Some(Do));
    assert_eq!(phase(Edition::E2018, "7.5.3"), Some(Do));
    assert_eq!(phase(Edition::E2018, "9.2"), Some(Check));
    assert_eq!(phase(Edition::E2018, "10.1"), Some(Act));
    assert_eq!(phase(Edition::E2018, "1"), None);
}

#[test]
fn amendment_2024_is_marked_on_context_clauses_only() {
    let c = catalog();
    let amended: Vec<&str> = c
        .e2018
        .clauses
        .iter()
        .filter(|x| x.amendment.is_some())
        .map(|x| x.id.as_str())
        .collect();
    assert_eq!(amended, ["4.1", "4.2"]);
}

#[test]
fn every_2011_clause_maps_to_2018_and_nothing_dangles() {
    let c = catalog();
    for clause in &c.e2011.clauses {
        assert!(
            !c.crosswalk(Edition::E2011, &clause.id).is_empty(),
            "2011 {} has no 2018 clause",
            clause.id
        );
    }
    for edge in &c.edges {
        assert!(
            c.e2011.get(&edge.from).is_some(),
            "edge from unknown 2011 {}",
            edge.from
        );
        assert!(
            c.e2018.get(&edge.to).is_some(),
            "edge to unknown 2018 {}",
            edge.to
        );
        assert!(!edge.note.en.is_empty() && !edge.note.ja.is_empty());
    }
    for p in &c.practices {
        for id in &p.clauses {
            assert!(c.e2018.get(id).is_some(), "ITIL {} → unknown {id}", p.id);
        }
    }
    for p in &c.processes {
        for id in &p.clauses2018 {
            assert!(
                c.e2018.get(id).is_some(),
                "process {} → unknown 2018 {id}",
                p.id
            );
        }
        for id in &p.clauses2011 {
            assert!(
                c.e2011.get(id).is_some(),
                "process {} → unknown 2011 {id}",
                p.id
            );
        }
    }
}

#[test]
fn crosswalk_is_queryable_both_ways_with_inverted_relations() {
    let c = catalog();
    let forward = c.crosswalk(Edition::E2011, "8.1");
    let targets: Vec<&str> = forward.iter().map(|h| h.to.as_str()).collect();
    assert!(
        targets.contains(&"8.6.1") && targets.contains(&"8.6.2"),
        "{targets:?}"
    );
    let back = c.crosswalk(Edition::E2018, "8.6.1");
    let hit = back.iter().find(|h| h.to == "8.1");
    assert!(hit.is_some());
    let fwd = forward.iter().find(|h| h.to == "8.6.1").map(|h| h.relation);
    assert_eq!(hit.map(|h| h.relation), fwd.map(Relation::inverse));
    assert_eq!(
        c.crosswalk(Edition::E2018, "9.2")
            .first()
            .map(|h| h.relation),
        Some(Relation::Equal)
    );
}

#[test]
fn clauses_new_in_2018_are_flagged_and_have_no_equal_predecessor() {
    let c = catalog();
    let new: Vec<&str> = c
        .e2018
        .clauses
        .iter()
        .filter(|x| x.new_in_2018)
        .map(|x| x.id.as_str())
        .collect();
    for id in ["4.1", "4.2", "7.6", "8.2.5", "8.4.2"] {
        assert!(new.contains(&id), "{id} not flagged new");
    }
    for id in &new {
        assert!(
            c.crosswalk(Edition::E2018, id)
                .iter()
                .all(|h| h.relation != Relation::Equal),
            "{id} is new but has an equal predecessor"
        );
    }
}

#[test]
fn summaries_are_ours_short_and_bilingual() {
    let c = catalog();
    for clause in c.e2018.clauses.iter().chain(&c.e2011.clauses) {
        let s = &clause.summary;
        assert!(!s.en.is_empty() && !s.ja.is_empty(), "{}", clause.id);
        assert!(
            s.en.chars().count() <= 140 && s.ja.chars().count() <= 70,
            "{}",
            clause.id
        );
        // Requirement sentences use "shall"; our summaries never do.
        assert!(!s.en.to_lowercase().contains("shall"), "{}", clause.id);
        assert!(["verified", "recalled"].contains(&clause.confidence.as_str()));
    }
    assert!(c.e2018.notice.en.contains("iso.org"));
}

#[test]
fn to_2011_follows_edges_and_inherits_from_ancestors() {
    let c = catalog();
    assert!(c.to_2011("8.6.3").contains(&"8.2".to_string()));
    assert!(c.to_2011("9.2").contains(&"4.5.4.2".to_string()));
}

/// The crosswalk edges corrected after the auditor's review (issue 9): each relation as
/// reviewed, read from the 2011 side (`subset`: the 2011 clause is the narrower one).
#[test]
fn crosswalk_edges_as_the_audit_corrected_them() {
    let c = catalog();
    let relation = |from: &str, to: &str| {
        let hits: Vec<Relation> = c
            .edges
            .iter()
            .filter(|e| e.from == from && e.to == to)
            .map(|e| e.relation)
            .collect();
        assert!(hits.len() <= 1, "{from} → {to} appears twice");
        hits.first().copied()
    };
    assert_eq!(relation("7.2", "8.3.4.2"), None, "external suppliers only");
    assert_eq!(relation("7.2", "8.3.4.1"), Some(Relation::Equal));
    assert_eq!(relation("6.6", "8.7.3"), Some(Relation::Superset));
    assert_eq!(relation("8", "8.6"), Some(Relation::Equal));
    assert_eq!(relation("7", "8.3"), Some(Relation::Subset));
    assert_eq!(relation("6.1", "8.2.4"), Some(Relation::Intersect));
    assert_eq!(relation("9.1", "8.2.6"), Some(Relation::Equal));
    let note = c
        .edges
        .iter()
        .find(|e| e.from == "1.2" && e.to == "1.2")
        .map(|e| e.note.en.as_str())
        .unwrap_or_default();
    assert!(
        note.starts_with("Both editions bar excluding")
            && note.contains("clauses 4 and 5")
            && note.contains("6 to 10"),
        "{note}"
    );
    // Read from 2018 the same edges turn round.
    let back = c.crosswalk(Edition::E2018, "8.3");
    assert!(
        back.iter()
            .any(|h| h.to == "7" && h.relation == Relation::Superset),
        "{back:?}"
    );
}

#[test]
fn every_clause_new_in_2018_says_so_in_its_crosswalk_answer() {
    let c = catalog();
    assert!(
        c.edges.iter().all(|e| e.relation != Relation::New),
        "`new` is an answer, never an edge"
    );
    for clause in &c.e2018.clauses {
        let hits = c.crosswalk(Edition::E2018, &clause.id);
        let news: Vec<_> = hits
            .iter()
            .filter(|h| h.relation == Relation::New)
            .collect();
        if clause.new_in_2018 {
            assert_eq!(news.len(), 1, "{}: {hits:?}", clause.id);
            let last = hits.last().unwrap();
            assert_eq!(last.relation, Relation::New, "{}", clause.id);
            assert!(last.to.is_empty() && last.to_edition == Edition::E2011);
            assert!(last.note.en.starts_with("New in 2018") && !last.note.ja.is_empty());
            // Anything else is a partial overlap: a new clause has no 2011 clause covering it.
            for h in &hits[..hits.len() - 1] {
                assert_eq!(h.relation, Relation::Intersect, "{} ← {}", clause.id, h.to);
            }
        } else {
            assert!(news.is_empty(), "{} is not new: {hits:?}", clause.id);
        }
    }
    let knowledge = c.crosswalk(Edition::E2018, "7.6");
    assert_eq!(knowledge.len(), 1);
    assert_eq!(
        knowledge[0].note.en,
        "New in 2018: no 2011 clause behind it."
    );
    for clause in &c.e2011.clauses {
        assert!(
            c.crosswalk(Edition::E2011, &clause.id)
                .iter()
                .all(|h| h.relation != Relation::New)
        );
    }
}

#[test]
fn the_2011_pdca_clauses_carry_their_phase_in_both_titles() {
    let c = catalog();
    for (id, mark) in [
        ("4.5.2", "(Plan)"),
        ("4.5.3", "(Do)"),
        ("4.5.4", "(Check)"),
        ("4.5.5", "(Act)"),
    ] {
        let title = &c.e2011.get(id).unwrap().title;
        assert!(
            title.en.ends_with(&format!(" {mark}")),
            "{id}: {}",
            title.en
        );
        assert!(title.ja.ends_with(mark), "{id}: {}", title.ja);
    }
}

/// Provenance: an entry is `verified` only when both its titles name the public outline they were
/// seen in (`verifiedAgainst`, keys of the file's `sources`); otherwise it says `recalled`.
#[test]
fn every_verified_entry_names_the_outline_it_was_checked_against() {
    use serde_json::Value;
    let files = [
        (
            Edition::E2011,
            include_str!("../src/catalog/data/clauses-2011.json"),
        ),
        (
            Edition::E2018,
            include_str!("../src/catalog/data/clauses-2018.json"),
        ),
    ];
    for (edition, text) in files {
        let file: Value = serde_json::from_str(text).unwrap();
        let sources = file["sources"].as_object().expect("sources");
        assert!(!sources.is_empty());
        for (key, source) in sources {
            let name = source["name"].as_str().unwrap_or_default();
            assert!(!name.is_empty(), "{key} has no name");
            assert!(
                source["url"].is_null()
                    || source["url"]
                        .as_str()
                        .is_some_and(|u| u.starts_with("http")),
                "{key}: url"
            );
            assert!(["en", "ja"].contains(&source["lang"].as_str().unwrap_or_default()));
        }
        let mut used = std::collections::BTreeSet::new();
        for clause in file["clauses"].as_array().unwrap() {
            let id = clause["id"].as_str().unwrap();
            let confidence = clause["confidence"].as_str().unwrap();
            let against = &clause["verifiedAgainst"];
            assert!(
                against.is_null() || against.is_object(),
                "{} {id}",
                edition.as_str()
            );
            let mut sourced = 0;
            for lang in ["en", "ja"] {
                let Some(list) = against.get(lang) else {
                    continue;
                };
                let list = list.as_array().unwrap();
                assert!(
                    !list.is_empty(),
                    "{} {id}: empty {lang} list",
                    edition.as_str()
                );
                for key in list {
                    let key = key.as_str().unwrap();
                    let source = sources.get(key).unwrap_or_else(|| {
                        panic!("{} {id}: unknown source {key}", edition.as_str())
                    });
                    assert_eq!(source["lang"], lang, "{} {id}: {key}", edition.as_str());
                    used.insert(key.to_string());
                }
                sourced += 1;
            }
            if let Some(obj) = against.as_object() {
                assert!(
                    obj.keys().all(|k| k == "en" || k == "ja"),
                    "{} {id}",
                    edition.as_str()
                );
            }
            let expected = if sourced == 2 { "verified" } else { "recalled" };
            assert_eq!(
                confidence,
                expected,
                "{} {id}: both titles sourced = verified, else recalled",
                edition.as_str()
            );
            // The catalogue serves the same confidence.
            assert_eq!(
                catalog().edition(edition).get(id).unwrap().confidence,
                confidence
            );
        }
        let unused: Vec<&String> = sources.keys().filter(|k| !used.contains(*k)).collect();
        assert!(
            unused.is_empty(),
            "{} unused sources {unused:?}",
            edition.as_str()
        );
    }
}
