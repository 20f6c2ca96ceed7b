//! Teaching cases ("why this matters"): short fictional stories in English and Japanese that show
//! what a check protects against, what an auditor sees in it and what good practice looks like.
//!
//! The cases are the project's own writing (no sentence is taken from the standard, its national
//! edition or any published guidance). Each names the process it is about, the process it meets in
//! the story, the 2018 clauses it illustrates and the checks it explains; every check of the
//! built-in pack is explained by exactly one case (`tests/cases.rs`).

use serde::{Deserialize, Serialize};

use super::{Lang, Localized};

/// One teaching case, with its texts in both languages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Case {
    /// `CASE-…`, stable.
    pub id: String,
    /// The process the case is about (an id of `processes.json`).
    pub process: String,
    /// The process it interacts with in the story.
    pub paired_process: String,
    pub clauses2018: Vec<String>,
    /// The checks this case explains (each check has exactly one case).
    pub checks: Vec<String>,
    pub title: Localized,
    /// The fictional organisation, in one line.
    pub organisation: Localized,
    /// What went wrong (or right), with figures.
    pub happened: Localized,
    /// Why an auditor cares: the risk.
    pub why: Localized,
    /// What good practice looks like.
    pub good: Localized,
}

/// A case with its texts in one language (what `catalog.cases({lang})` returns).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TeachingCase {
    pub id: String,
    pub process: String,
    pub paired_process: String,
    pub clauses2018: Vec<String>,
    pub checks: Vec<String>,
    pub title: String,
    pub organisation: String,
    pub happened: String,
    pub why: String,
    pub good: String,
}

impl Case {
    /// Whether this case explains `check_id`.
    pub fn explains(&self, check_id: &str) -> bool {
        self.checks.iter().any(|c| c == check_id)
    }

    /// The case with its texts in `lang`.
    pub fn in_lang(&self, lang: Lang) -> TeachingCase {
        TeachingCase {
            id: self.id.clone(),
            process: self.process.clone(),
            paired_process: self.paired_process.clone(),
            clauses2018: self.clauses2018.clone(),
            checks: self.checks.clone(),
            title: self.title.get(lang).to_string(),
            organisation: self.organisation.get(lang).to_string(),
            happened: self.happened.get(lang).to_string(),
            why: self.why.get(lang).to_string(),
            good: self.good.get(lang).to_string(),
        }
    }
}
