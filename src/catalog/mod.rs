//! The clause catalogue: both editions of ISO/IEC 20000-1, the crosswalk between them, the
//! ITIL 4 practice map and the process list, compiled in from reviewed data files.
//!
//! Only clause numbers, short titles and our own one-line summaries are shipped: the standard's
//! requirement text is copyrighted and must be bought (see the `notice` of each edition).

use crate::util::hash::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::util::string_enum::string_enum;

#[cfg(feature = "cases")]
mod cases;
#[cfg(feature = "cases")]
pub use cases::{Case, TeachingCase};

string_enum! {
    /// An edition of ISO/IEC 20000-1 (JSON: `"2018"` or `"2011"`).
    pub enum Edition as option "edition" ("edition") {
        E2018 = "2018",
        E2011 = "2011",
    }
}

// Serialised by hand as `Phase::as_str` (the text serde's derive writes, in one string write).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Plan,
    Do,
    Check,
    Act,
}

impl Serialize for Phase {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::Plan, Phase::Do, Phase::Check, Phase::Act];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Plan => "plan",
            Phase::Do => "do",
            Phase::Check => "check",
            Phase::Act => "act",
        }
    }
}

string_enum! {
    /// The language of titles, messages and hints (JSON: `"en"` or `"ja"`).
    #[derive(Default)]
    pub enum Lang as option "lang" ("language") {
        #[default]
        En = "en",
        Ja = "ja",
    }
}

/// A text in English and Japanese.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Localized {
    pub en: String,
    pub ja: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Amendment {
    #[serde(rename = "ref")]
    pub reference: String,
    pub note: Localized,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Clause {
    pub id: String,
    #[serde(default = "edition_placeholder")]
    pub edition: Edition,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub children: Vec<String>,
    pub title: Localized,
    pub summary: Localized,
    /// The clause's own PDCA role (null for clauses 1–3, which hold no requirements).
    pub phase: Option<Phase>,
    pub requirement: bool,
    /// `verified` against a cited outline, or `recalled`.
    pub confidence: String,
    #[serde(default)]
    pub amendment: Option<Amendment>,
    /// A 2018 clause with no 2011 clause behind it.
    #[serde(default)]
    pub new_in_2018: bool,
    /// Depth: 1 for "8", 2 for "8.6", 3 for "8.6.1", …
    #[serde(default)]
    pub depth: u8,
}

fn edition_placeholder() -> Edition {
    Edition::E2018
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Same scope.
    Equal,
    /// The source clause is narrower than the target.
    Subset,
    /// The source clause is wider than the target (its content was split).
    Superset,
    /// Partial overlap.
    Intersect,
    /// Only in crosswalk answers, never on an edge: the 2018 clause asked about is new in 2018 and
    /// no 2011 clause covers it (any other answers for it are partial overlaps); `to` is empty.
    New,
}

impl Relation {
    /// The same edge read from the other side.
    pub fn inverse(self) -> Relation {
        match self {
            Relation::Subset => Relation::Superset,
            Relation::Superset => Relation::Subset,
            other => other,
        }
    }

    /// Equal, subset or superset: the two clauses share their whole scope on one side.
    pub fn is_strong(self) -> bool {
        matches!(
            self,
            Relation::Equal | Relation::Subset | Relation::Superset
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Edge {
    /// The 2011 clause.
    pub from: String,
    /// The 2018 clause.
    pub to: String,
    pub relation: Relation,
    pub note: Localized,
}

/// One crosswalk answer, oriented from the clause that was asked about.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CrosswalkHit {
    pub from: String,
    pub from_edition: Edition,
    /// The other edition's clause; empty when `relation` is `new`.
    pub to: String,
    pub to_edition: Edition,
    /// How the asked-about clause relates to `to`; `new` for a 2018 clause with no 2011 clause
    /// behind it.
    pub relation: Relation,
    pub note: Localized,
    pub to_title: Localized,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Practice {
    pub id: String,
    pub name: Localized,
    pub group: String,
    pub clauses: Vec<String>,
    pub strength: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Process {
    pub id: String,
    pub name: Localized,
    pub clauses2018: Vec<String>,
    pub clauses2011: Vec<String>,
}

/// The compiled-in data: `build.rs` writes these statics from the reviewed JSON files of
/// `data/`, so the module holds neither that JSON nor code to parse it.
mod tables {
    use super::{Edition, Phase, Relation};

    /// A text as `(English, Japanese)`.
    pub(super) type Text = (&'static str, &'static str);

    pub(super) struct EditionRow {
        pub(super) edition: Edition,
        pub(super) standard: &'static str,
        pub(super) national: &'static str,
        pub(super) notice: Text,
        pub(super) clauses: &'static [ClauseRow],
    }

    pub(super) struct ClauseRow {
        pub(super) id: &'static str,
        pub(super) title: Text,
        pub(super) summary: Text,
        pub(super) phase: Option<Phase>,
        pub(super) requirement: bool,
        pub(super) confidence: &'static str,
        /// `(ref, note)`.
        pub(super) amendment: Option<(&'static str, Text)>,
    }

    pub(super) struct EdgeRow {
        pub(super) from: &'static str,
        pub(super) to: &'static str,
        pub(super) relation: Relation,
        pub(super) note: Text,
    }

    pub(super) struct PracticeRow {
        pub(super) id: &'static str,
        pub(super) name: Text,
        pub(super) group: &'static str,
        pub(super) clauses: &'static [&'static str],
        pub(super) strength: &'static str,
    }

    pub(super) struct ProcessRow {
        pub(super) id: &'static str,
        pub(super) name: Text,
        pub(super) clauses2018: &'static [&'static str],
        pub(super) clauses2011: &'static [&'static str],
    }

    /// A teaching case; its stories only with the `cases` feature (build.rs writes what the
    /// build has).
    pub(super) struct CaseRow {
        pub(super) id: &'static str,
        pub(super) checks: &'static [&'static str],
        #[cfg(feature = "cases")]
        pub(super) process: &'static str,
        #[cfg(feature = "cases")]
        pub(super) paired_process: &'static str,
        #[cfg(feature = "cases")]
        pub(super) clauses2018: &'static [&'static str],
        #[cfg(feature = "cases")]
        pub(super) title: Text,
        #[cfg(feature = "cases")]
        pub(super) organisation: Text,
        #[cfg(feature = "cases")]
        pub(super) happened: Text,
        #[cfg(feature = "cases")]
        pub(super) why: Text,
        #[cfg(feature = "cases")]
        pub(super) good: Text,
    }

    include!(concat!(env!("OUT_DIR"), "/catalog_data.rs"));

    pub(super) fn clauses_2018() -> &'static EditionRow {
        &CLAUSES_2018
    }

    pub(super) fn clauses_2011() -> &'static EditionRow {
        &CLAUSES_2011
    }

    pub(super) fn edges() -> &'static [EdgeRow] {
        EDGES
    }

    pub(super) fn new_in_2018() -> &'static [&'static str] {
        NEW_IN_2018
    }

    pub(super) fn itil_notice() -> Text {
        ITIL_NOTICE
    }

    pub(super) fn practices() -> &'static [PracticeRow] {
        PRACTICES
    }

    pub(super) fn processes() -> &'static [ProcessRow] {
        PROCESSES
    }

    pub(super) fn cases() -> &'static [CaseRow] {
        CASES
    }
}

impl From<tables::Text> for Localized {
    fn from((en, ja): tables::Text) -> Localized {
        Localized {
            en: en.to_string(),
            ja: ja.to_string(),
        }
    }
}

fn strings(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| id.to_string()).collect()
}

/// One edition's clauses in document order, with an index by id.
#[derive(Debug)]
pub struct EditionCatalog {
    pub edition: Edition,
    pub standard: String,
    pub national: String,
    pub notice: Localized,
    pub clauses: Vec<Clause>,
    index: HashMap<String, usize>,
}

impl EditionCatalog {
    pub fn get(&self, id: &str) -> Option<&Clause> {
        self.index.get(id).and_then(|&i| self.clauses.get(i))
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The clause and its ancestors, nearest first.
    pub fn ancestry<'c>(&'c self, id: &str) -> impl Iterator<Item = &'c Clause> + 'c {
        let mut next = self.get(id);
        std::iter::from_fn(move || {
            let current = next?;
            next = current.parent.as_deref().and_then(|p| self.get(p));
            Some(current)
        })
    }
}

#[derive(Debug)]
pub struct Catalog {
    pub e2018: EditionCatalog,
    pub e2011: EditionCatalog,
    pub edges: Vec<Edge>,
    pub itil_notice: Localized,
    pub practices: Vec<Practice>,
    pub processes: Vec<Process>,
    #[cfg(feature = "cases")]
    cases: Vec<Case>,
}

impl Catalog {
    /// The compiled-in catalogue, built once from the static tables. Kept fallible for its
    /// callers: the tables are checked when the crate is built, so it never fails today.
    pub fn builtin() -> Result<&'static Catalog> {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        Ok(CATALOG.get_or_init(Catalog::load))
    }

    fn load() -> Catalog {
        let mut e2018 = EditionCatalog::build(tables::clauses_2018());
        let e2011 = EditionCatalog::build(tables::clauses_2011());
        for id in tables::new_in_2018() {
            if let Some(&i) = e2018.index.get(*id)
                && let Some(clause) = e2018.clauses.get_mut(i)
            {
                clause.new_in_2018 = true;
            }
        }
        let edges = tables::edges()
            .iter()
            .map(|e| Edge {
                from: e.from.to_string(),
                to: e.to.to_string(),
                relation: e.relation,
                note: e.note.into(),
            })
            .collect();
        let practices = tables::practices()
            .iter()
            .map(|p| Practice {
                id: p.id.to_string(),
                name: p.name.into(),
                group: p.group.to_string(),
                clauses: strings(p.clauses),
                strength: p.strength.to_string(),
            })
            .collect();
        let processes = tables::processes()
            .iter()
            .map(|p| Process {
                id: p.id.to_string(),
                name: p.name.into(),
                clauses2018: strings(p.clauses2018),
                clauses2011: strings(p.clauses2011),
            })
            .collect();
        #[cfg(feature = "cases")]
        let cases = tables::cases()
            .iter()
            .map(|c| Case {
                id: c.id.to_string(),
                process: c.process.to_string(),
                paired_process: c.paired_process.to_string(),
                clauses2018: strings(c.clauses2018),
                checks: strings(c.checks),
                title: c.title.into(),
                organisation: c.organisation.into(),
                happened: c.happened.into(),
                why: c.why.into(),
                good: c.good.into(),
            })
            .collect();
        Catalog {
            e2018,
            e2011,
            edges,
            itil_notice: tables::itil_notice().into(),
            practices,
            processes,
            #[cfg(feature = "cases")]
            cases,
        }
    }

    /// The teaching cases ("why this matters"), in file order.
    #[cfg(feature = "cases")]
    pub fn cases(&self) -> &[Case] {
        &self.cases
    }

    /// The case that explains a check (each check of the built-in pack has exactly one).
    #[cfg(feature = "cases")]
    pub fn case_for_check(&self, check_id: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.explains(check_id))
    }

    /// The id of the case that explains a check, in every build (a check result names it; the
    /// stories need the `cases` feature).
    pub fn case_id_for_check(&self, check_id: &str) -> Option<&'static str> {
        tables::cases()
            .iter()
            .find(|c| c.checks.contains(&check_id))
            .map(|c| c.id)
    }

    pub fn edition(&self, edition: Edition) -> &EditionCatalog {
        match edition {
            Edition::E2018 => &self.e2018,
            Edition::E2011 => &self.e2011,
        }
    }

    /// The other edition's clauses for `id`, with the relation read from `id`'s side.
    ///
    /// A 2018 clause new in 2018 ends with one `new` answer (empty `to`), after the 2011 clauses
    /// that only overlap it in part, so an answer never leaves "new" to be guessed from silence.
    pub fn crosswalk(&self, from: Edition, id: &str) -> Vec<CrosswalkHit> {
        let to_edition = match from {
            Edition::E2011 => Edition::E2018,
            Edition::E2018 => Edition::E2011,
        };
        let target = self.edition(to_edition);
        let mut hits: Vec<CrosswalkHit> = self
            .edges
            .iter()
            .filter_map(|edge| {
                let (other, relation) = match from {
                    Edition::E2011 if edge.from == id => (&edge.to, edge.relation),
                    Edition::E2018 if edge.to == id => (&edge.from, edge.relation.inverse()),
                    _ => return None,
                };
                Some(CrosswalkHit {
                    from: id.to_string(),
                    from_edition: from,
                    to: other.clone(),
                    to_edition,
                    relation,
                    note: edge.note.clone(),
                    to_title: target
                        .get(other)
                        .map(|c| c.title.clone())
                        .unwrap_or_default(),
                })
            })
            .collect();
        let is_new = from == Edition::E2018 && self.e2018.get(id).is_some_and(|c| c.new_in_2018);
        if is_new {
            let note = if hits.is_empty() {
                Localized {
                    en: "New in 2018: no 2011 clause behind it.".to_string(),
                    ja: "2018年版で新設。対応する2011年版の箇条はない。".to_string(),
                }
            } else {
                Localized {
                    en: "New in 2018: the 2011 clauses listed overlap it only in part.".to_string(),
                    ja: "2018年版で新設。挙げた2011年版の箇条は一部が重なるだけ。".to_string(),
                }
            };
            hits.push(CrosswalkHit {
                from: id.to_string(),
                from_edition: from,
                to: String::new(),
                to_edition,
                relation: Relation::New,
                note,
                to_title: Localized::default(),
            });
        }
        hits
    }

    /// The 2011 clauses that a 2018 clause's evidence counts for.
    ///
    /// The clause's own equal/subset/superset edges; without any, its nearest ancestor's (8.5.1.3
    /// counts for 9.2 through 8.5.1); partial overlaps (intersect) only when nothing stronger
    /// exists up the tree.
    pub fn to_2011(&self, id2018: &str) -> Vec<String> {
        let edges_of = |id: &str, strong: bool| -> Vec<String> {
            self.edges
                .iter()
                .filter(|e| e.to == id && e.relation.is_strong() == strong)
                .map(|e| e.from.clone())
                .collect()
        };
        for strong in [true, false] {
            for clause in self.e2018.ancestry(id2018) {
                let hits = edges_of(&clause.id, strong);
                if !hits.is_empty() {
                    return hits;
                }
            }
        }
        Vec::new()
    }
}

impl EditionCatalog {
    fn build(file: &tables::EditionRow) -> EditionCatalog {
        let mut clauses: Vec<Clause> = file
            .clauses
            .iter()
            .map(|row| Clause {
                id: row.id.to_string(),
                edition: file.edition,
                parent: None,
                children: Vec::new(),
                title: row.title.into(),
                summary: row.summary.into(),
                phase: row.phase,
                requirement: row.requirement,
                confidence: row.confidence.to_string(),
                amendment: row.amendment.map(|(reference, note)| Amendment {
                    reference: reference.to_string(),
                    note: note.into(),
                }),
                new_in_2018: false,
                depth: 0,
            })
            .collect();
        let index: HashMap<String, usize> = clauses
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let mut children: HashMap<String, Vec<String>> = HashMap::default();
        for clause in &mut clauses {
            clause.depth = u8::try_from(clause.id.split('.').count()).unwrap_or(u8::MAX);
            clause.parent = clause
                .id
                .rsplit_once('.')
                .map(|(parent, _)| parent.to_string());
            if let Some(parent) = &clause.parent {
                children
                    .entry(parent.clone())
                    .or_default()
                    .push(clause.id.clone());
            }
        }
        for clause in &mut clauses {
            clause.children = children.remove(&clause.id).unwrap_or_default();
        }
        EditionCatalog {
            edition: file.edition,
            standard: file.standard.to_string(),
            national: file.national.to_string(),
            notice: file.notice.into(),
            clauses,
            index,
        }
    }
}

#[cfg(test)]
mod tests {
    //! The tables `build.rs` compiled in hold what the reviewed JSON files say, read here
    //! independently with `serde_json::Value`.

    use super::*;
    use serde_json::Value;

    fn json(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn phases_are_written_as_their_texts_and_read_back() {
        let text = serde_json::to_string(&Phase::ALL).unwrap();
        assert_eq!(text, r#"["plan","do","check","act"]"#);
        assert_eq!(
            serde_json::from_str::<[Phase; 4]>(&text).unwrap(),
            Phase::ALL
        );
    }

    fn localized(v: &Value) -> Localized {
        Localized {
            en: v["en"].as_str().unwrap().to_string(),
            ja: v["ja"].as_str().unwrap().to_string(),
        }
    }

    fn strings(v: &Value) -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    }

    fn check_edition(file: &Value, cat: &EditionCatalog) {
        assert_eq!(cat.edition.as_str(), file["edition"].as_str().unwrap());
        assert_eq!(cat.standard, file["standard"].as_str().unwrap());
        assert_eq!(cat.national, file["national"].as_str().unwrap());
        assert_eq!(cat.notice, localized(&file["notice"]));
        let rows = file["clauses"].as_array().unwrap();
        assert_eq!(cat.clauses.len(), rows.len());
        for (clause, row) in cat.clauses.iter().zip(rows) {
            assert_eq!(clause.id, row["id"].as_str().unwrap());
            assert_eq!(clause.title, localized(&row["title"]), "{}", clause.id);
            assert_eq!(clause.summary, localized(&row["summary"]), "{}", clause.id);
            assert_eq!(clause.phase.map(Phase::as_str), row["phase"].as_str());
            assert_eq!(Some(clause.requirement), row["requirement"].as_bool());
            assert_eq!(clause.confidence, row["confidence"].as_str().unwrap());
            let amendment = match &row["amendment"] {
                Value::Null => None,
                a => Some((
                    a["ref"].as_str().unwrap().to_string(),
                    localized(&a["note"]),
                )),
            };
            assert_eq!(
                clause
                    .amendment
                    .as_ref()
                    .map(|a| (a.reference.clone(), a.note.clone())),
                amendment,
                "{}",
                clause.id
            );
            assert_eq!(clause.edition, cat.edition);
        }
    }

    #[test]
    fn the_compiled_catalogue_is_the_json_files() {
        let cat = Catalog::builtin().unwrap();
        check_edition(&json(include_str!("data/clauses-2018.json")), &cat.e2018);
        check_edition(&json(include_str!("data/clauses-2011.json")), &cat.e2011);

        let crosswalk = json(include_str!("data/crosswalk-2011-2018.json"));
        let edges = crosswalk["edges"].as_array().unwrap();
        assert_eq!(cat.edges.len(), edges.len());
        for (edge, row) in cat.edges.iter().zip(edges) {
            assert_eq!(edge.from, row["from"].as_str().unwrap());
            assert_eq!(edge.to, row["to"].as_str().unwrap());
            assert_eq!(
                serde_json::to_value(edge.relation).unwrap(),
                row["relation"]
            );
            assert_eq!(edge.note, localized(&row["note"]));
        }
        let mut new_in_2018 = strings(&crosswalk["newIn2018"]);
        new_in_2018.sort();
        let mut flagged: Vec<String> = cat
            .e2018
            .clauses
            .iter()
            .filter(|c| c.new_in_2018)
            .map(|c| c.id.clone())
            .collect();
        flagged.sort();
        assert_eq!(flagged, new_in_2018);

        let itil = json(include_str!("data/itil4-2018.json"));
        assert_eq!(cat.itil_notice, localized(&itil["notice"]));
        let practices = itil["practices"].as_array().unwrap();
        assert_eq!(cat.practices.len(), practices.len());
        for (p, row) in cat.practices.iter().zip(practices) {
            assert_eq!(p.id, row["id"].as_str().unwrap());
            assert_eq!(p.name, localized(&row["name"]));
            assert_eq!(p.group, row["group"].as_str().unwrap());
            assert_eq!(p.clauses, strings(&row["clauses"]));
            assert_eq!(p.strength, row["strength"].as_str().unwrap());
        }

        let processes = json(include_str!("data/processes.json"));
        let rows = processes["processes"].as_array().unwrap();
        assert_eq!(cat.processes.len(), rows.len());
        for (p, row) in cat.processes.iter().zip(rows) {
            assert_eq!(p.id, row["id"].as_str().unwrap());
            assert_eq!(p.name, localized(&row["name"]));
            assert_eq!(p.clauses2018, strings(&row["clauses2018"]));
            assert_eq!(p.clauses2011, strings(&row["clauses2011"]));
        }

        let cases = json(include_str!("data/cases.json"));
        let rows = cases["cases"].as_array().unwrap();
        for row in rows {
            for check in row["checks"].as_array().unwrap() {
                let check = check.as_str().unwrap();
                assert_eq!(cat.case_id_for_check(check), row["id"].as_str(), "{check}");
            }
        }
        assert_eq!(cat.case_id_for_check("NO-SUCH-CHECK"), None);
        #[cfg(feature = "cases")]
        catalog_cases_are_the_file(cat, rows);
    }

    #[cfg(feature = "cases")]
    fn catalog_cases_are_the_file(cat: &Catalog, rows: &[Value]) {
        assert_eq!(cat.cases().len(), rows.len());
        for (c, row) in cat.cases().iter().zip(rows) {
            assert_eq!(c.id, row["id"].as_str().unwrap());
            assert_eq!(c.process, row["process"].as_str().unwrap());
            assert_eq!(c.paired_process, row["pairedProcess"].as_str().unwrap());
            assert_eq!(c.clauses2018, strings(&row["clauses2018"]));
            assert_eq!(c.checks, strings(&row["checks"]));
            for (text, key) in [
                (&c.title, "title"),
                (&c.organisation, "organisation"),
                (&c.happened, "happened"),
                (&c.why, "why"),
                (&c.good, "good"),
            ] {
                assert_eq!(*text, localized(&row[key]), "{} {key}", c.id);
            }
        }
    }
}
