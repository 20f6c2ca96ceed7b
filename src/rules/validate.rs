//! Structural validation of a rule pack before it is read: every error at once, each with its
//! JSON path (a rule author fixes a pack in one go, not one serde error at a time). Conditions,
//! clause ids and duplicate ids are checked when the pack is compiled, also all at once.

use serde_json::{Map, Value as Json};

use super::pack::Severity;
use crate::catalog::Phase;
use crate::error::Detail;
use crate::record::Kind;

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
        self.strings(
            map.get("kinds"),
            &format!("{at}.kinds"),
            Some(&is_kind),
            "record kind",
        );
        for key in ["clauses2018", "clauses2011"] {
            self.strings(map.get(key), &format!("{at}.{key}"), None, "clause");
        }
        self.enum_value(
            map.get("phase"),
            &format!("{at}.phase"),
            &is_phase,
            "phase",
            PHASES,
        );
        self.clauses_from(map.get("clausesFrom"), &format!("{at}.clausesFrom"));
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
            &|s| matches!(s, "conformity" | "performance"),
            "aspect",
            "conformity, performance",
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

const SEVERITIES: &str =
    "major_nonconformity, minor_nonconformity, observation, opportunity_for_improvement";
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

/// Validates one pack's structure; errors go to `errors` with paths under `base`.
pub fn validate_pack(v: &Json, base: &str, errors: &mut Vec<Detail>) {
    let mut c = Checker { errors };
    let Some(pack) = c.object(
        v,
        base,
        &[
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
        ],
        &["id", "version"],
    ) else {
        return;
    };
    c.string(pack.get("id"), &format!("{base}.id"));
    c.string(pack.get("version"), &format!("{base}.version"));
    c.localized(pack.get("description"), &format!("{base}.description"));
    if let Some(p) = pack.get("params")
        && !p.is_object()
    {
        c.err(
            &format!("{base}.params"),
            "expected an object of parameters",
        );
    }
    if let Some(t) = pack.get("thresholds") {
        let at = format!("{base}.thresholds");
        if let Some(map) = c.object(t, &at, &["n", "p", "l"], &["n", "p", "l"]) {
            for k in ["n", "p", "l"] {
                match map.get(k).and_then(Json::as_f64) {
                    Some(x) if (0.0..=100.0).contains(&x) => {}
                    Some(_) => c.err(&format!("{at}.{k}"), "expected a percentage 0-100"),
                    None => c.err(&format!("{at}.{k}"), "expected a number"),
                }
            }
        }
    }
    if let Some(r) = pack.get("rating") {
        c.rating(r, &format!("{base}.rating"));
    }
    let list = |c: &mut Checker<'_>, key: &str| -> Vec<(String, Json)> {
        match pack.get(key) {
            None => Vec::new(),
            Some(Json::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{base}.{key}[{i}]"), v.clone()))
                .collect(),
            Some(_) => {
                c.err(&format!("{base}.{key}"), "expected an array");
                Vec::new()
            }
        }
    };
    for (at, check) in list(&mut c, "checks") {
        let Some(map) = c.object(
            &check,
            &at,
            &[
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
            ],
            &[
                "id", "kinds", "phase", "severity", "require", "title", "message", "hint",
            ],
        ) else {
            continue;
        };
        c.string(map.get("id"), &format!("{at}.id"));
        c.targets(map, &at);
        c.enum_value(
            map.get("severity"),
            &format!("{at}.severity"),
            &is_severity,
            "severity",
            SEVERITIES,
        );
        c.enum_value(
            map.get("scope"),
            &format!("{at}.scope"),
            &|s| matches!(s, "record" | "window"),
            "scope",
            "record, window",
        );
        for key in ["title", "message", "hint"] {
            c.localized(map.get(key), &format!("{at}.{key}"));
        }
        c.check_extras(map, &at);
        if let Some(n) = map.get("atLeast")
            && n.as_u64().is_none()
        {
            c.err(&format!("{at}.atLeast"), "expected a whole number");
        }
        c.enum_value(
            map.get("mustCover"),
            &format!("{at}.mustCover"),
            &|s| s == "processes",
            "coverage",
            "processes",
        );
        c.strings(
            map.get("requiresFailures"),
            &format!("{at}.requiresFailures"),
            Some(&is_severity),
            "severity",
        );
        c.strings(
            map.get("appliesWith"),
            &format!("{at}.appliesWith"),
            Some(&is_kind),
            "record kind",
        );
    }
    for (at, ev) in list(&mut c, "evidence") {
        let Some(map) = c.object(
            &ev,
            &at,
            &[
                "kinds",
                "when",
                "clauses2018",
                "clauses2011",
                "phase",
                "clausesFrom",
            ],
            &["kinds", "clauses2018", "phase"],
        ) else {
            continue;
        };
        c.targets(map, &at);
    }
    for (at, ov) in list(&mut c, "overrides") {
        let Some(map) = c.object(
            &ov,
            &at,
            &[
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
            ],
            &["check"],
        ) else {
            continue;
        };
        c.string(map.get("check"), &format!("{at}.check"));
        c.check_extras(map, &at);
        if let Some(d) = map.get("disable")
            && !d.is_boolean()
        {
            c.err(&format!("{at}.disable"), "expected true or false");
        }
        c.enum_value(
            map.get("severity"),
            &format!("{at}.severity"),
            &is_severity,
            "severity",
            SEVERITIES,
        );
        c.enum_value(
            map.get("phase"),
            &format!("{at}.phase"),
            &is_phase,
            "phase",
            PHASES,
        );
        for key in ["title", "message", "hint"] {
            c.localized(map.get(key), &format!("{at}.{key}"));
        }
        c.strings(
            map.get("kinds"),
            &format!("{at}.kinds"),
            Some(&is_kind),
            "record kind",
        );
        c.strings(
            map.get("clauses2018"),
            &format!("{at}.clauses2018"),
            None,
            "clause",
        );
        c.strings(
            map.get("clauses2011"),
            &format!("{at}.clauses2011"),
            None,
            "clause",
        );
    }
}
