//! How well a column fits each target: its header against the known names, its values against
//! the target's type; and what the header as a whole says (the kind an id implies, the tool whose
//! conventions it follows).

use std::collections::BTreeSet;

use super::super::{FieldType, field_type, guess_kind, guess_level, guess_state, parse_bool};
use super::synonyms::{SYNONYMS, canon, stem};
use crate::record::model::Kind;
use crate::record::source::csv::infer::looks_like_date;
use crate::util::sort::set_from;

/// How well values fit a target: the share that read as its type.
fn fit(target: &str, values: &[&str]) -> f64 {
    if values.is_empty() {
        return 0.5;
    }
    let ok = |v: &&str| -> bool {
        match target {
            "eventLog.timestamp" => looks_like_date(v),
            "kind" => guess_kind(v).is_some(),
            "state" => guess_state(v).is_some(),
            t => match field_type(t) {
                Some(FieldType::Time | FieldType::ReopenedAt) => looks_like_date(v),
                Some(FieldType::Count) => v.parse::<u32>().is_ok(),
                Some(FieldType::Number) => v.parse::<f64>().is_ok(),
                Some(FieldType::Bool | FieldType::SlaMet | FieldType::SlaBreached) => {
                    parse_bool(v).is_some()
                }
                Some(FieldType::Level) => guess_level(v).is_some(),
                _ => true,
            },
        }
    };
    values.iter().filter(|v| ok(v)).count() as f64 / values.len() as f64
}

/// Candidates of a column: (target, confidence, reason).
pub(super) fn candidates(header: &str, values: &[&str]) -> Vec<(&'static str, f64, &'static str)> {
    let key = canon(header);
    let short = stem(&key);
    let mut out = Vec::new();
    for (target, names) in SYNONYMS {
        let base = if names.contains(&key.as_str()) {
            0.95
        } else if names.contains(&short) {
            0.85
        } else if names.iter().any(|n| {
            // A name of two words or more inside the header (`date opened (utc)`).
            n.contains(' ')
                && (key.starts_with(&format!("{n} "))
                    || key.ends_with(&format!(" {n}"))
                    || key.contains(&format!(" {n} ")))
        }) {
            0.6
        } else {
            continue;
        };
        let f = fit(target, values);
        let reason = if f >= 0.9 { "header+values" } else { "header" };
        out.push((
            *target,
            (base * (0.5 + 0.5 * f) * 100.0).round() / 100.0,
            reason,
        ));
    }
    // A column whose values name kinds (HP Service Manager's `Category`: incident, request for
    // information, complaint) is the kind column, whatever its header.
    let distinct: BTreeSet<&str> = set_from(values.iter().copied());
    let titled = out.iter().any(|(t, c, _)| *t == "title" && *c >= 0.85);
    let few = distinct.len() <= 3 || distinct.len() * 2 <= values.len();
    if !distinct.is_empty() && few && !titled {
        let kinds = distinct.iter().filter(|v| guess_kind(v).is_some()).count();
        if kinds == distinct.len() && distinct.len() <= 20 {
            out.push(("kind", 0.97, "values"));
        } else if kinds * 2 > distinct.len() && distinct.len() <= 20 {
            out.push(("kind", 0.8, "values"));
        }
    }
    out
}

/// The kind an id column implies (`Incident ID`, `IM0000004`, `CHG…`).
pub(super) fn kind_from_id(header: &str, values: &[&str]) -> Option<Kind> {
    if let Some(k) = guess_kind(header) {
        return Some(k);
    }
    let first = values.first()?.to_uppercase();
    let prefix: String = first
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    match prefix.as_str() {
        "IM" | "INC" | "IN" => Some(Kind::Incident),
        "SD" | "REQ" | "RITM" | "SR" | "RF" => Some(Kind::ServiceRequest),
        "C" | "CHG" | "RFC" | "CR" | "CH" => Some(Kind::Change),
        "PM" | "PRB" | "PBI" | "PR" => Some(Kind::Problem),
        _ => None,
    }
}

/// The tool whose conventions a header follows.
pub(super) fn convention(keys: &[String]) -> Option<&'static str> {
    let has = |k: &str| keys.iter().any(|h| h == k);
    let raw_has = |f: &dyn Fn(&str) -> bool| keys.iter().any(|h| f(h));
    if has("# reassignments")
        || (has("closure code") && has("open time"))
        || has("incident activity type")
    {
        Some("hp-service-manager")
    } else if has("submit date")
        || has("last resolved date")
        || has("operational categorization tier 1")
    {
        Some("bmc-helix")
    } else if has("call date") || has("operator group") {
        Some("topdesk")
    } else if has("request id") && (has("created time") || has("technician")) {
        Some("manageengine-servicedesk-plus")
    } else if has("owned by team") || has("created date time") || raw_has(&|h| h == "owner team") {
        Some("ivanti-cherwell")
    } else if has("created at") && (has("assignee group") || has("state")) {
        Some("solarwinds-service-desk")
    } else {
        None
    }
}
