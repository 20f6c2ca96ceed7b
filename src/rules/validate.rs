//! Structural validation of a rule pack before it is read: every error at once, each with its
//! JSON path (a rule author fixes a pack in one go, not one serde error at a time). Conditions,
//! clause ids and duplicate ids are checked when the pack is compiled, also all at once.

use serde_json::{Map, Value as Json};

use super::pack::{Aspect, Scope, Severity};
use crate::catalog::Phase;
use crate::error::Detail;
use crate::record::Kind;
use crate::util::string_enum::StringEnum;

struct Checker<'e> {
    errors: &'e mut Vec<Detail>,
}

impl Checker<'_> {
    fn err(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(Detail {
            path: path.to_string(),
            message: message.into(),
        });
    }

    fn object<'v>(
        &mut self,
        v: &'v Json,
        path: &str,
        allowed: &[&str],
        required: &[&str],
    ) -> Option<&'v Map<String, Json>> {
        let Json::Object(map) = v else {
            self.err(path, "expected an object");
            return None;
        };
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                self.err(
                    &format!("{path}.{key}"),
                    format!(
                        "unknown field {key:?}; expected one of {}",
                        allowed.join(", ")
                    ),
                );
            }
        }
        for key in required {
            if !map.contains_key(*key) {
                self.err(path, format!("missing field {key:?}"));
            }
        }
        Some(map)
    }

    fn string(&mut self, v: Option<&Json>, path: &str) {
        if let Some(v) = v
            && !v.is_string()
        {
            self.err(path, "expected a string");
        }
    }

    fn localized(&mut self, v: Option<&Json>, path: &str) {
        if let Some(v) = v
            && let Some(map) = self.object(v, path, &["en", "ja"], &["en", "ja"])
        {
            for lang in ["en", "ja"] {
                match map.get(lang) {
                    Some(Json::String(s)) if !s.trim().is_empty() => {}
                    Some(_) => self.err(&format!("{path}.{lang}"), "expected a non-empty text"),
                    None => {}
                }
            }
        }
    }

    fn strings(
        &mut self,
        v: Option<&Json>,
        path: &str,
        known: Option<&dyn Fn(&str) -> bool>,
        what: &str,
    ) {
        let Some(v) = v else { return };
        let Json::Array(items) = v else {
            self.err(path, "expected an array");
            return;
        };
        for (i, item) in items.iter().enumerate() {
            match (item.as_str(), known) {
                (None, _) => self.err(&format!("{path}[{i}]"), "expected a string"),
                (Some(s), Some(ok)) if !ok(s) => {
                    self.err(&format!("{path}[{i}]"), format!("unknown {what} {s:?}"))
                }
                _ => {}
            }
        }
    }

    fn enum_value(
        &mut self,
        v: Option<&Json>,
        path: &str,
        ok: &dyn Fn(&str) -> bool,
        what: &str,
        options: &str,
    ) {
        if let Some(v) = v {
            match v.as_str() {
                Some(s) if ok(s) => {}
                Some(s) => self.err(path, format!("unknown {what} {s:?}; expected {options}")),
                None => self.err(path, format!("expected a {what} ({options})")),
            }
        }
    }

    /// What checks and evidence rules share: the kinds they read, the clauses and phase they
    /// give evidence for (named or taken from a field).
    fn targets(&mut self, map: &serde_json::Map<String, Json>, at: &str) {
        self.kinds(map, at);
        self.clause_lists(map, at);
        self.phase(map, at);
        self.clauses_from(map.get("clausesFrom"), &format!("{at}.clausesFrom"));
    }

    fn kinds(&mut self, map: &Map<String, Json>, at: &str) {
        self.strings(
            map.get("kinds"),
            &format!("{at}.kinds"),
            Some(&is_kind),
            "record kind",
        );
    }

    fn clause_lists(&mut self, map: &Map<String, Json>, at: &str) {
        for key in ["clauses2018", "clauses2011"] {
            self.strings(map.get(key), &format!("{at}.{key}"), None, "clause");
        }
    }

    fn phase(&mut self, map: &Map<String, Json>, at: &str) {
        self.enum_value(
            map.get("phase"),
            &format!("{at}.phase"),
            &is_phase,
            "phase",
            PHASES,
        );
    }

    fn severity(&mut self, map: &Map<String, Json>, at: &str) {
        self.enum_value(
            map.get("severity"),
            &format!("{at}.severity"),
            &is_severity,
            "severity",
            &allowed::<Severity>(),
        );
    }

    /// `title`, `message` and `hint`, each in English and Japanese.
    fn texts(&mut self, map: &Map<String, Json>, at: &str) {
        for key in ["title", "message", "hint"] {
            self.localized(map.get(key), &format!("{at}.{key}"));
        }
    }

    fn clauses_from(&mut self, v: Option<&Json>, path: &str) {
        let Some(v) = v else { return };
        if let Json::Array(items) = v {
            for (i, item) in items.iter().enumerate() {
                self.clauses_from(Some(item), &format!("{path}[{i}]"));
            }
            return;
        }
        if let Some(map) = self.object(v, path, &["field", "map"], &["field"]) {
            self.string(map.get("field"), &format!("{path}.field"));
            if let Some(m) = map.get("map") {
                match m {
                    Json::Object(entries) => {
                        for (k, list) in entries {
                            self.strings(Some(list), &format!("{path}.map.{k}"), None, "clause");
                        }
                    }
                    _ => self.err(&format!("{path}.map"), "expected an object of clause lists"),
                }
            }
        }
    }
}

impl Checker<'_> {
    /// `aspect`, `systemic` and `everyMonths`, which checks and overrides share.
    fn check_extras(&mut self, map: &Map<String, Json>, at: &str) {
        self.enum_value(
            map.get("aspect"),
            &format!("{at}.aspect"),
            &|s| Aspect::parse(s).is_some(),
            "aspect",
            &allowed::<Aspect>(),
        );
        if let Some(s) = map.get("systemic") {
            self.systemic(s, &format!("{at}.systemic"));
        }
        if let Some(n) = map.get("everyMonths")
            && !n.as_u64().is_some_and(|n| (1..=1200).contains(&n))
        {
            self.err(
                &format!("{at}.everyMonths"),
                "expected a whole number of months (1-1200)",
            );
        }
    }

    fn systemic(&mut self, v: &Json, at: &str) {
        if let Some(map) = self.object(v, at, &["share", "count"], &["share", "count"]) {
            if !map
                .get("share")
                .and_then(Json::as_f64)
                .is_some_and(|x| x > 0.0 && x <= 1.0)
            {
                self.err(&format!("{at}.share"), "expected a fraction in (0, 1]");
            }
            if map
                .get("count")
                .and_then(Json::as_u64)
                .is_none_or(|n| n < 1)
            {
                self.err(
                    &format!("{at}.count"),
                    "expected a whole number of at least 1",
                );
            }
        }
    }

    fn rating(&mut self, v: &Json, at: &str) {
        let Some(map) = self.object(v, at, &["weights", "systemic", "minEvidence"], &[]) else {
            return;
        };
        if let Some(w) = map.get("weights") {
            let keys = [
                "major_nonconformity",
                "minor_nonconformity",
                "observation",
                "opportunity_for_improvement",
            ];
            if let Some(weights) = self.object(w, &format!("{at}.weights"), &keys, &keys) {
                for k in keys {
                    if let Some(x) = weights.get(k)
                        && !x.as_f64().is_some_and(|x| (0.0..=1000.0).contains(&x))
                    {
                        self.err(&format!("{at}.weights.{k}"), "expected a number 0-1000");
                    }
                }
            }
        }
        if let Some(s) = map.get("systemic") {
            self.systemic(s, &format!("{at}.systemic"));
        }
        if let Some(n) = map.get("minEvidence")
            && n.as_u64().is_none()
        {
            self.err(&format!("{at}.minEvidence"), "expected a whole number");
        }
    }
}

/// The texts of an enumeration, for the sentence that refuses another.
fn allowed<T: StringEnum>() -> String {
    T::ALL
        .iter()
        .map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
const PHASES: &str = "plan, do, check, act";

fn is_kind(s: &str) -> bool {
    Kind::parse(s).is_some()
}

fn is_phase(s: &str) -> bool {
    Phase::ALL.iter().any(|p| p.as_str() == s)
}

fn is_severity(s: &str) -> bool {
    Severity::parse(s).is_some()
}

const PACK_KEYS: &[&str] = &[
    "$schema",
    "id",
    "version",
    "description",
    "params",
    "evidence",
    "checks",
    "overrides",
    "thresholds",
    "rating",
];

const CHECK_KEYS: &[&str] = &[
    "id",
    "kinds",
    "clauses2018",
    "clauses2011",
    "phase",
    "severity",
    "scope",
    "when",
    "require",
    "title",
    "message",
    "hint",
    "clausesFrom",
    "atLeast",
    "requiresFailures",
    "appliesWith",
    "aspect",
    "systemic",
    "everyMonths",
    "mustCover",
];

const CHECK_REQUIRED: &[&str] = &[
    "id", "kinds", "phase", "severity", "require", "title", "message", "hint",
];

const EVIDENCE_KEYS: &[&str] = &[
    "kinds",
    "when",
    "clauses2018",
    "clauses2011",
    "phase",
    "clausesFrom",
];

pub(super) const OVERRIDE_KEYS: &[&str] = &[
    "check",
    "disable",
    "severity",
    "phase",
    "when",
    "require",
    "title",
    "message",
    "hint",
    "kinds",
    "clauses2018",
    "clauses2011",
    "atLeast",
    "aspect",
    "systemic",
    "everyMonths",
];

/// Validates one pack's structure; errors go to `errors` with paths under `base`.
pub fn validate_pack(v: &Json, base: &str, errors: &mut Vec<Detail>) {
    let mut c = Checker { errors };
    let Some(pack) = c.object(v, base, PACK_KEYS, &["id", "version"]) else {
        return;
    };
    c.pack_header(pack, base);
    for (at, check) in c.entries(pack, base, "checks") {
        c.check(check, &at);
    }
    for (at, ev) in c.entries(pack, base, "evidence") {
        if let Some(map) = c.object(ev, &at, EVIDENCE_KEYS, &["kinds", "clauses2018", "phase"]) {
            c.targets(map, &at);
        }
    }
    for (at, ov) in c.entries(pack, base, "overrides") {
        c.override_entry(ov, &at);
    }
}

impl Checker<'_> {
    /// The pack's own fields: id, version, description, params, thresholds, rating.
    fn pack_header(&mut self, pack: &Map<String, Json>, base: &str) {
        self.string(pack.get("id"), &format!("{base}.id"));
        self.string(pack.get("version"), &format!("{base}.version"));
        self.localized(pack.get("description"), &format!("{base}.description"));
        if let Some(p) = pack.get("params")
            && !p.is_object()
        {
            self.err(
                &format!("{base}.params"),
                "expected an object of parameters",
            );
        }
        if let Some(t) = pack.get("thresholds") {
            self.thresholds(t, &format!("{base}.thresholds"));
        }
        if let Some(r) = pack.get("rating") {
            self.rating(r, &format!("{base}.rating"));
        }
    }

    fn thresholds(&mut self, t: &Json, at: &str) {
        if let Some(map) = self.object(t, at, &["n", "p", "l"], &["n", "p", "l"]) {
            for k in ["n", "p", "l"] {
                match map.get(k).and_then(Json::as_f64) {
                    Some(x) if (0.0..=100.0).contains(&x) => {}
                    Some(_) => self.err(&format!("{at}.{k}"), "expected a percentage 0-100"),
                    None => self.err(&format!("{at}.{k}"), "expected a number"),
                }
            }
        }
    }

    /// The elements of the pack's list `key` with their paths (none, and an error, when it is
    /// not an array).
    fn entries<'v>(
        &mut self,
        pack: &'v Map<String, Json>,
        base: &str,
        key: &str,
    ) -> Vec<(String, &'v Json)> {
        match pack.get(key) {
            None => Vec::new(),
            Some(Json::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{base}.{key}[{i}]"), v))
                .collect(),
            Some(_) => {
                self.err(&format!("{base}.{key}"), "expected an array");
                Vec::new()
            }
        }
    }

    fn check(&mut self, check: &Json, at: &str) {
        let Some(map) = self.object(check, at, CHECK_KEYS, CHECK_REQUIRED) else {
            return;
        };
        self.string(map.get("id"), &format!("{at}.id"));
        self.targets(map, at);
        self.severity(map, at);
        self.enum_value(
            map.get("scope"),
            &format!("{at}.scope"),
            &|s| Scope::parse(s).is_some(),
            "scope",
            &allowed::<Scope>(),
        );
        self.texts(map, at);
        self.check_extras(map, at);
        if let Some(n) = map.get("atLeast")
            && n.as_u64().is_none()
        {
            self.err(&format!("{at}.atLeast"), "expected a whole number");
        }
        self.enum_value(
            map.get("mustCover"),
            &format!("{at}.mustCover"),
            &|s| s == "processes",
            "coverage",
            "processes",
        );
        self.strings(
            map.get("requiresFailures"),
            &format!("{at}.requiresFailures"),
            Some(&is_severity),
            "severity",
        );
        self.strings(
            map.get("appliesWith"),
            &format!("{at}.appliesWith"),
            Some(&is_kind),
            "record kind",
        );
    }

    fn override_entry(&mut self, ov: &Json, at: &str) {
        let Some(map) = self.object(ov, at, OVERRIDE_KEYS, &["check"]) else {
            return;
        };
        self.string(map.get("check"), &format!("{at}.check"));
        self.check_extras(map, at);
        if let Some(d) = map.get("disable")
            && !d.is_boolean()
        {
            self.err(&format!("{at}.disable"), "expected true or false");
        }
        self.severity(map, at);
        self.phase(map, at);
        self.texts(map, at);
        self.kinds(map, at);
        self.clause_lists(map, at);
    }
}
