//! The rule pack format (JSON): checks with JsonLogic conditions, evidence mappings, parameters.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::catalog::{Localized, Phase};
use crate::record::Kind;
use crate::util::string_enum::string_enum;

string_enum! {
    /// Severity in auditors' words.
    pub enum Severity {
        MajorNonconformity = "major_nonconformity",
        MinorNonconformity = "minor_nonconformity",
        Observation = "observation",
        OpportunityForImprovement = "opportunity_for_improvement",
    }
}

impl Severity {
    pub fn label(self) -> Localized {
        let (en, ja) = match self {
            Severity::MajorNonconformity => ("Major nonconformity", "重大な不適合"),
            Severity::MinorNonconformity => ("Minor nonconformity", "軽微な不適合"),
            Severity::Observation => ("Observation", "観察事項"),
            Severity::OpportunityForImprovement => ("Opportunity for improvement", "改善の機会"),
        };
        Localized {
            en: en.into(),
            ja: ja.into(),
        }
    }
}

string_enum! {
    /// Whether a check looks at one record at a time or at the whole evaluation window.
    #[derive(Default)]
    pub enum Scope {
        /// Each record of the check's kinds passes or fails.
        #[default]
        Record = "record",
        /// The window passes when at least `atLeast` records of the check's kinds satisfy `require`
        /// (an internal audit held, a management review held …).
        Window = "window",
    }
}

string_enum! {
    /// Whether a check judges conformity (was the activity carried out and recorded?) or
    /// performance (was the target met?). Performance checks are reported as figures beside the
    /// ratings and never lower a conformity rating.
    #[derive(Default)]
    pub enum Aspect {
        #[default]
        Conformity = "conformity",
        Performance = "performance",
    }
}

/// When the failures of one check are a systemic breakdown rather than single lapses: the
/// clause-level finding of a minor check is escalated to a major nonconformity when the failing
/// records reach both `share` of the records judged (pervasive) and `count` records (not a
/// fluke of a small sample); by default 40 % and 5 records. Single lapses stay minor.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Systemic {
    /// A fraction 0-1 of the records the check judged.
    pub share: f64,
    /// A number of failing records.
    pub count: u64,
}

impl Default for Systemic {
    fn default() -> Systemic {
        Systemic {
            share: 0.4,
            count: 5,
        }
    }
}

/// How severity weighs in a rating: each check's pass rate counts with the weight of its
/// clause-level finding's severity (or of its own severity when nothing failed).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub struct Weights {
    pub major_nonconformity: f64,
    pub minor_nonconformity: f64,
    pub observation: f64,
    pub opportunity_for_improvement: f64,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            major_nonconformity: 8.0,
            minor_nonconformity: 4.0,
            observation: 1.0,
            opportunity_for_improvement: 0.25,
        }
    }
}

impl Weights {
    pub fn of(&self, s: Severity) -> f64 {
        match s {
            Severity::MajorNonconformity => self.major_nonconformity,
            Severity::MinorNonconformity => self.minor_nonconformity,
            Severity::Observation => self.observation,
            Severity::OpportunityForImprovement => self.opportunity_for_improvement,
        }
    }
}

/// How findings become ratings (a pack sets any of these; later packs win per key).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RatingPolicyDef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<Weights>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systemic: Option<Systemic>,
    /// Cells built on fewer evidence records are flagged `lowEvidence`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_evidence: Option<u64>,
}

/// The effective rating policy of a stack of packs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RatingPolicy {
    pub weights: Weights,
    pub systemic: Systemic,
    pub min_evidence: u64,
}

impl Default for RatingPolicy {
    fn default() -> RatingPolicy {
        RatingPolicy {
            weights: Weights::default(),
            systemic: Systemic::default(),
            min_evidence: 5,
        }
    }
}

impl RatingPolicy {
    pub fn apply(&mut self, def: &RatingPolicyDef) {
        if let Some(w) = def.weights {
            self.weights = w;
        }
        if let Some(s) = def.systemic {
            self.systemic = s;
        }
        if let Some(m) = def.min_evidence {
            self.min_evidence = m;
        }
    }
}

/// What a window check's passing records must cover together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Coverage {
    /// Every process of the catalogue, through the clauses of `clausesFrom`.
    Processes,
}

/// One source or several of extra clauses.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum ClausesFromDef {
    One(ClausesFrom),
    Many(Vec<ClausesFrom>),
}

impl ClausesFromDef {
    pub fn sources(&self) -> &[ClausesFrom] {
        match self {
            ClausesFromDef::One(one) => std::slice::from_ref(one),
            ClausesFromDef::Many(many) => many,
        }
    }
}

/// Extra clauses a record brings to a check: the values of a field, optionally mapped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ClausesFrom {
    /// A record path whose value (or list of values) selects the clauses.
    pub field: String,
    /// Value → 2018 clauses. Without a map the values are 2018 clause ids themselves.
    // A sorted vector, declared as the map it reads and writes as: one B-tree less in the wasm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<std::collections::BTreeMap<String, Vec<String>>>")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "Map<string, string[]>"))]
    pub map: Option<crate::util::vec_map::VecMap<String, Vec<String>>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckDef {
    pub id: String,
    pub kinds: Vec<Kind>,
    #[serde(default)]
    pub clauses2018: Vec<String>,
    /// 2011 clauses; derived from the 2018 clauses through the crosswalk when empty.
    #[serde(default)]
    pub clauses2011: Vec<String>,
    pub phase: Phase,
    pub severity: Severity,
    #[serde(default)]
    pub scope: Scope,
    /// When the check applies (JsonLogic). Absent: every record of `kinds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<serde_json::Value>"))]
    pub when: Option<Json>,
    /// What an applicable record must satisfy (JsonLogic).
    #[cfg_attr(feature = "schema", schemars(with = "serde_json::Value"))]
    pub require: Json,
    pub title: Localized,
    pub message: Localized,
    pub hint: Localized,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clauses_from: Option<ClausesFromDef>,
    /// Conformity (default) or performance.
    #[serde(default)]
    pub aspect: Aspect,
    /// This check's own thresholds for escalating its finding (else the pack's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systemic: Option<Systemic>,
    /// Window checks: records needed to pass (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u32>,
    /// Window checks: a passing record is needed at least every so many months across the
    /// window (an internal audit every 12 months), not once anywhere in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_months: Option<u32>,
    /// Window checks: what the passing records must cover together (an audit programme that
    /// covers every process).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub must_cover: Option<Coverage>,
    /// Window checks: apply only when some record failed a check of these severities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires_failures: Vec<Severity>,
    /// Window checks: apply only when the window holds records of at least one of these kinds.
    /// An incident-only export says nothing about audits; an export of the management system
    /// (documents, reviews, improvements …) without an audit does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applies_with: Vec<Kind>,
}

/// A mapping of records to clauses that holds whether or not any check applies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EvidenceDef {
    pub kinds: Vec<Kind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<serde_json::Value>"))]
    pub when: Option<Json>,
    pub clauses2018: Vec<String>,
    #[serde(default)]
    pub clauses2011: Vec<String>,
    pub phase: Phase,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clauses_from: Option<ClausesFromDef>,
}

/// N/P/L/F thresholds (ISO/IEC 33020): a rating is N up to `n`, P up to `p`, L up to `l`, else F.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub n: f64,
    pub p: f64,
    pub l: f64,
}

impl Thresholds {
    /// Whether they are ordered within a percentage: 0 ≤ n ≤ p ≤ l ≤ 100.
    pub fn ordered(&self) -> bool {
        0.0 <= self.n && self.n <= self.p && self.p <= self.l && self.l <= 100.0
    }
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            n: 15.0,
            p: 50.0,
            l: 85.0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Pack {
    pub id: String,
    pub version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Localized>,
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "std::collections::BTreeMap<String, serde_json::Value>")
    )]
    pub params: Map<String, Json>,
    #[serde(default)]
    pub evidence: Vec<EvidenceDef>,
    #[serde(default)]
    pub checks: Vec<CheckDef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thresholds: Option<Thresholds>,
    /// Severity weights, systemic thresholds and the low-evidence floor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<RatingPolicyDef>,
    /// Changes to checks of packs stacked earlier (the built-in pack, a corporate pack …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
    /// The schema this file follows (ignored).
    #[serde(default, rename = "$schema", skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
}

impl Pack {
    /// A pack with its name and nothing else (parameters, checks and the rest added after).
    pub fn named(id: &str, version: &str) -> Pack {
        Pack {
            id: id.into(),
            version: version.into(),
            description: None,
            params: Map::new(),
            evidence: Vec::new(),
            checks: Vec::new(),
            thresholds: None,
            rating: None,
            overrides: Vec::new(),
            schema: None,
        }
    }
}

/// A change to a check defined by an earlier pack. Fields left out stay as they were; `when:
/// null` removes the check's condition.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Override {
    /// The id of the check to change.
    pub check: String,
    /// Turns the check off.
    #[serde(default)]
    pub disable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    #[cfg_attr(feature = "schema", schemars(with = "Option<serde_json::Value>"))]
    #[cfg_attr(feature = "wasm", tsify(type = "Json | null"))]
    pub when: Option<Option<Json>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<serde_json::Value>"))]
    pub require: Option<Json>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<Kind>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clauses2018: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clauses2011: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect: Option<Aspect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systemic: Option<Systemic>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_months: Option<u32>,
}

/// `when: null` (remove the condition) differs from leaving `when` out (keep it).
mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        d: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(d).map(Some)
    }

    pub fn serialize<S: Serializer, T: Serialize>(
        v: &Option<Option<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }
}

/// The built-in pack (`builtin-pack.json`, the reviewed source) as `build.rs` writes it: the
/// same JSON without white space between tokens. Engines read the pack compiled from it
/// (`rules/image`); tests compile it, and hold the image to it.
#[cfg(test)]
pub const BUILTIN_PACK: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin-pack.min.json"));

#[cfg(test)]
mod tests {
    use serde_json::Value;

    /// The compiled-in text is the reviewed file without its white space, nothing else.
    #[test]
    fn the_built_in_pack_is_the_reviewed_file_without_white_space() {
        let source = include_str!("builtin-pack.json");
        let read = |text: &str| serde_json::from_str::<Value>(text).unwrap();
        assert_eq!(read(super::BUILTIN_PACK), read(source));
        // A JSON string cannot hold a raw line break or tab: any is white space between tokens.
        assert!(!super::BUILTIN_PACK.contains(['\n', '\r', '\t']));
        assert!(!super::BUILTIN_PACK.contains("\": ") && !super::BUILTIN_PACK.contains("{ "));
        assert!(super::BUILTIN_PACK.len() < source.len() * 4 / 5);
    }
}
