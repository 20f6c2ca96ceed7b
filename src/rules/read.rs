//! Rule packs read from their JSON tree (`serde_json::Value`, which a custom pack is parsed into
//! for `validate_pack` anyway) through [`crate::util::value_reader`], not serde's derived
//! readers of the pack's 10 structs (about 37 KB of the .wasm). Fields, names, required members,
//! defaults and refusals of unknown members are those of the serde derives in `pack.rs`, which
//! stay natively as this reader's test oracle (`tests/pack_reader.rs`).

use serde_json::Value;

use super::pack::{
    Aspect, CheckDef, ClausesFrom, ClausesFromDef, Coverage, EvidenceDef, Override, Pack,
    RatingPolicyDef, Scope, Severity, Systemic, Thresholds, Weights,
};
use crate::catalog::{Localized, Phase};
use crate::record::Kind;
use crate::util::value_reader::{
    FromValue, Problem, codes_from_value, invalid_type, unknown_code, value_struct,
};

impl Pack {
    /// A pack from its JSON tree: what is wrong and where (`at `checks[3].severity`: …`).
    pub fn from_json_value(value: &Value) -> Result<Pack, String> {
        Pack::from_value(value).map_err(|p| p.to_string())
    }
}

value_struct!(
    Pack {
        id: "id", version: "version", description: "description", params: "params",
        evidence: "evidence", checks: "checks", thresholds: "thresholds", rating: "rating",
        overrides: "overrides", schema: "$schema",
    } deny_unknown: true,
    required: [0, 1],
    start: Pack::named("", "")
);

value_struct!(
    CheckDef {
        id: "id", kinds: "kinds", clauses2018: "clauses2018", clauses2011: "clauses2011",
        phase: "phase", severity: "severity", scope: "scope", when: "when", require: "require",
        title: "title", message: "message", hint: "hint", clauses_from: "clausesFrom",
        aspect: "aspect", systemic: "systemic", at_least: "atLeast",
        every_months: "everyMonths", must_cover: "mustCover",
        requires_failures: "requiresFailures", applies_with: "appliesWith",
    } deny_unknown: true,
    required: [0, 1, 4, 5, 8, 9, 10, 11],
    start: CheckDef {
        id: String::new(),
        kinds: Vec::new(),
        clauses2018: Vec::new(),
        clauses2011: Vec::new(),
        phase: Phase::Plan,
        severity: Severity::Observation,
        scope: Scope::default(),
        when: None,
        require: Value::Null,
        title: Localized::default(),
        message: Localized::default(),
        hint: Localized::default(),
        clauses_from: None,
        aspect: Aspect::default(),
        systemic: None,
        at_least: None,
        every_months: None,
        must_cover: None,
        requires_failures: Vec::new(),
        applies_with: Vec::new(),
    }
);

value_struct!(
    EvidenceDef {
        kinds: "kinds", when: "when", clauses2018: "clauses2018", clauses2011: "clauses2011",
        phase: "phase", clauses_from: "clausesFrom",
    } deny_unknown: true,
    required: [0, 2, 4],
    start: EvidenceDef {
        kinds: Vec::new(),
        when: None,
        clauses2018: Vec::new(),
        clauses2011: Vec::new(),
        phase: Phase::Plan,
        clauses_from: None,
    }
);

value_struct!(
    RatingPolicyDef { weights: "weights", systemic: "systemic", min_evidence: "minEvidence" }
    deny_unknown: true,
    required: [],
    start: RatingPolicyDef { weights: None, systemic: None, min_evidence: None }
);

value_struct!(
    Weights {
        major_nonconformity: "major_nonconformity", minor_nonconformity: "minor_nonconformity",
        observation: "observation", opportunity_for_improvement: "opportunity_for_improvement",
    } deny_unknown: true,
    required: [0, 1, 2, 3],
    start: Weights::default()
);

value_struct!(
    Systemic { share: "share", count: "count" } deny_unknown: true,
    required: [0, 1],
    start: Systemic::default()
);

value_struct!(
    Thresholds { n: "n", p: "p", l: "l" } deny_unknown: true,
    required: [0, 1, 2],
    start: Thresholds::default()
);

value_struct!(
    ClausesFrom { field: "field", map: "map" } deny_unknown: true,
    required: [0],
    start: ClausesFrom { field: String::new(), map: None }
);

value_struct!(
    Localized { en: "en", ja: "ja" }
    required: [0, 1],
    start: Localized::default()
);

/// An override: its fields as serde's derive reads them, except `when`, where `null` (remove
/// the check's condition) is told from an absent member (keep it): serde's `double_option`.
impl FromValue for Override {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        let mut read = OverrideFields::from_value(value)?;
        if value.get("when").is_some_and(Value::is_null) {
            read.0.when = Some(None);
        }
        Ok(read.0)
    }
}

/// [`Override`] read field by field (`when: null` reads as absent here).
struct OverrideFields(Override);

impl FromValue for OverrideFields {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        use crate::util::value_reader::{Shape, object, put, require};
        const SHAPE: Shape = Shape {
            name: "Override",
            // The members `validate_pack` allows, in declaration order.
            fields: super::validate::OVERRIDE_KEYS,
            deny_unknown: true,
        };
        let mut o = Override::default();
        let seen = object(value, &SHAPE, &mut |at, v| match at {
            0 => put(&mut o.check, v),
            1 => put(&mut o.disable, v),
            2 => put(&mut o.severity, v),
            3 => put(&mut o.phase, v),
            4 => put(&mut o.when, v),
            5 => put(&mut o.require, v),
            6 => put(&mut o.title, v),
            7 => put(&mut o.message, v),
            8 => put(&mut o.hint, v),
            9 => put(&mut o.kinds, v),
            10 => put(&mut o.clauses2018, v),
            11 => put(&mut o.clauses2011, v),
            12 => put(&mut o.at_least, v),
            13 => put(&mut o.aspect, v),
            14 => put(&mut o.systemic, v),
            _ => put(&mut o.every_months, v),
        })?;
        require(&SHAPE, seen, &[0])?;
        Ok(OverrideFields(o))
    }
}

/// One source of clauses, or a list of them (serde's untagged enum).
impl FromValue for ClausesFromDef {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        let read = match value {
            Value::Object(_) => ClausesFrom::from_value(value).map(ClausesFromDef::One),
            Value::Array(_) => Vec::from_value(value).map(ClausesFromDef::Many),
            _ => return Err(untagged()),
        };
        read.map_err(|_| untagged())
    }
}

fn untagged() -> Problem {
    Problem::new("data did not match any variant of untagged enum ClausesFromDef")
}

impl FromValue for Phase {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        const TEXTS: &[&str] = &["plan", "do", "check", "act"];
        const ALL: [Phase; 4] = [Phase::Plan, Phase::Do, Phase::Check, Phase::Act];
        let Value::String(text) = value else {
            return Err(invalid_type(value, "enum Phase"));
        };
        TEXTS
            .iter()
            .position(|t| t == text)
            .and_then(|at| ALL.get(at).copied())
            .ok_or_else(|| unknown_code(text, TEXTS))
    }
}

impl FromValue for Coverage {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        match value {
            Value::String(text) if text == "processes" => Ok(Coverage::Processes),
            Value::String(text) => Err(unknown_code(text, &["processes"])),
            _ => Err(invalid_type(value, "enum Coverage")),
        }
    }
}

codes_from_value!(Kind, Severity, Scope, Aspect);
