//! Values seen while evaluating a condition, with JavaScript's coercions (JsonLogic is defined by
//! its JavaScript reference) plus `Absent`, the third truth value for fields a source never sends.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::Value as Json;

use crate::record::{Approval, Instant, Link, SlaEntry, SlaTarget, Text};

#[derive(Clone, Debug)]
pub enum Val<'r> {
    /// Unknown: the source does not carry this field. Makes a check "not applicable".
    Absent,
    Null,
    Bool(bool),
    Num(f64),
    Str(Cow<'r, str>),
    /// A UTC instant (seconds since the epoch).
    Time(i64),
    List(Vec<Val<'r>>),
    /// Arbitrary JSON (the `raw.` payload, or the data of a generic evaluation).
    Json(&'r Json),
    Item(ItemRef<'r>),
}

/// An element of one of the record's typed lists.
#[derive(Clone, Copy, Debug)]
pub enum ItemRef<'r> {
    Link(&'r Link<'r>),
    Approval(&'r Approval<'r>),
    Sla(&'r SlaEntry<'r>),
    Text(&'r Text<'r>),
    Target(&'r SlaTarget<'r>),
}

impl<'r> Val<'r> {
    pub fn str(s: &'r str) -> Val<'r> {
        Val::Str(Cow::Borrowed(s))
    }

    pub fn is_absent(&self) -> bool {
        matches!(self, Val::Absent)
    }

    /// Lifts JSON into a value, keeping containers borrowed.
    pub fn from_json(json: &'r Json) -> Val<'r> {
        match json {
            Json::Null => Val::Null,
            Json::Bool(b) => Val::Bool(*b),
            Json::Number(n) => Val::Num(n.as_f64().unwrap_or(f64::NAN)),
            Json::String(s) => Val::str(s),
            Json::Array(_) | Json::Object(_) => Val::Json(json),
        }
    }

    /// JavaScript truthiness, with JsonLogic's rule that an empty array is false.
    /// `None` for `Absent`.
    pub fn truthy(&self) -> Option<bool> {
        Some(match self {
            Val::Absent => return None,
            Val::Null => false,
            Val::Bool(b) => *b,
            Val::Num(n) => *n != 0.0 && !n.is_nan(),
            Val::Str(s) => !s.is_empty(),
            Val::Time(_) => true,
            Val::List(items) => !items.is_empty(),
            Val::Json(Json::Array(items)) => !items.is_empty(),
            Val::Json(j) => Val::from_json(j).truthy().unwrap_or(true),
            Val::Item(_) => true,
        })
    }

    /// JavaScript `Number(x)`.
    pub fn to_number(&self) -> f64 {
        match self {
            Val::Absent => f64::NAN,
            Val::Null => 0.0,
            Val::Bool(b) => f64::from(u8::from(*b)),
            Val::Num(n) => *n,
            Val::Str(s) => str_to_number(s),
            Val::Time(t) => *t as f64,
            Val::List(items) => match items.as_slice() {
                [] => 0.0,
                [one] => one.to_number(),
                _ => f64::NAN,
            },
            Val::Json(Json::Array(items)) => match items.as_slice() {
                [] => 0.0,
                [one] => Val::from_json(one).to_number(),
                _ => f64::NAN,
            },
            Val::Json(j) => match Val::from_json(j) {
                Val::Json(_) => f64::NAN,
                v => v.to_number(),
            },
            Val::Item(_) => f64::NAN,
        }
    }

    /// JavaScript `String(x)`.
    pub fn to_text(&self) -> Cow<'r, str> {
        match self {
            Val::Absent => Cow::Borrowed("undefined"),
            Val::Null => Cow::Borrowed("null"),
            Val::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Val::Num(n) => Cow::Owned(number_to_text(*n)),
            Val::Str(s) => s.clone(),
            Val::Time(t) => Cow::Owned(Instant(*t).to_string()),
            Val::List(items) => Cow::Owned(
                items
                    .iter()
                    .map(|v| v.to_text().into_owned())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            Val::Json(Json::Array(items)) => Cow::Owned(
                items
                    .iter()
                    .map(|v| Val::from_json(v).to_text().into_owned())
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            Val::Json(Json::Object(_)) => Cow::Borrowed("[object Object]"),
            Val::Json(j) => Val::from_json(j).to_text(),
            Val::Item(ItemRef::Text(t)) => Cow::Borrowed(t.0.as_ref()),
            Val::Item(_) => Cow::Borrowed("[object Object]"),
        }
    }

    /// Element `i` of a list-like value, without copying the list.
    pub fn element(&self, i: usize) -> Option<Val<'r>> {
        match self {
            Val::List(items) => items.get(i).cloned(),
            Val::Json(Json::Array(items)) => items.get(i).map(Val::from_json),
            _ => None,
        }
    }

    /// How many elements a list-like value has.
    pub fn element_count(&self) -> Option<usize> {
        match self {
            Val::List(items) => Some(items.len()),
            Val::Json(Json::Array(items)) => Some(items.len()),
            _ => None,
        }
    }

    /// The elements of a list-like value.
    pub fn elements(&self) -> Option<Vec<Val<'r>>> {
        match self {
            Val::List(items) => Some(items.clone()),
            Val::Json(Json::Array(items)) => Some(items.iter().map(Val::from_json).collect()),
            _ => None,
        }
    }

    /// Plain JSON for results (maps and reductions), owned.
    pub fn to_json(&self) -> Json {
        match self {
            Val::Absent | Val::Null | Val::Item(_) => Json::Null,
            Val::Bool(b) => Json::Bool(*b),
            Val::Num(n) => serde_json::Number::from_f64(*n)
                .map(Json::Number)
                .unwrap_or(Json::Null),
            Val::Str(s) => Json::String(s.to_string()),
            Val::Time(t) => Json::String(Instant(*t).to_string()),
            Val::List(items) => Json::Array(items.iter().map(Val::to_json).collect()),
            Val::Json(j) => (*j).clone(),
        }
    }

    /// JSON scalars as plain values; everything else as it is (without copying).
    fn primitive(&self) -> Cow<'_, Val<'r>> {
        match self {
            Val::Json(j) => match Val::from_json(j) {
                Val::Json(_) => Cow::Borrowed(self),
                v => Cow::Owned(v),
            },
            _ => Cow::Borrowed(self),
        }
    }

    fn is_object_like(&self) -> bool {
        matches!(
            self,
            Val::List(_) | Val::Json(Json::Array(_) | Json::Object(_)) | Val::Item(_)
        )
    }
}

/// JavaScript `==`.
pub fn loose_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    let (a, b) = (a.primitive(), b.primitive());
    let (a, b) = (a.as_ref(), b.as_ref());
    match (a, b) {
        (Val::Null | Val::Absent, Val::Null | Val::Absent) => true,
        (Val::Null | Val::Absent, _) | (_, Val::Null | Val::Absent) => false,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Time(x), Val::Time(y)) => x == y,
        (Val::Time(t), Val::Str(s)) | (Val::Str(s), Val::Time(t)) => {
            Instant::parse_utc(s).is_some_and(|i| i.0 == *t)
        }
        _ if a.is_object_like() && b.is_object_like() => false,
        _ if a.is_object_like() => loose_eq(&Val::Str(a.to_text()), b),
        _ if b.is_object_like() => loose_eq(a, &Val::Str(b.to_text())),
        _ => a.to_number() == b.to_number(),
    }
}

/// JavaScript `===`.
pub fn strict_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    let (a, b) = (a.primitive(), b.primitive());
    match (a.as_ref(), b.as_ref()) {
        (Val::Null, Val::Null) | (Val::Absent, Val::Absent) => true,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Num(x), Val::Num(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Time(x), Val::Time(y)) => x == y,
        _ => false,
    }
}

/// JavaScript relational comparison (`<` and friends): `None` when incomparable.
pub fn compare(a: &Val<'_>, b: &Val<'_>) -> Option<Ordering> {
    let (a, b) = (a.primitive(), b.primitive());
    let (a, b) = (a.as_ref(), b.as_ref());
    match (a, b) {
        (Val::Str(x), Val::Str(y)) => Some(x.as_ref().cmp(y.as_ref())),
        (Val::Time(x), Val::Time(y)) => Some(x.cmp(y)),
        (Val::Time(t), Val::Str(s)) => Instant::parse_utc(s).map(|i| t.cmp(&i.0)),
        (Val::Str(s), Val::Time(t)) => Instant::parse_utc(s).map(|i| i.0.cmp(t)),
        _ => {
            let (x, y) = (a.to_number(), b.to_number());
            x.partial_cmp(&y)
        }
    }
}

fn str_to_number(s: &str) -> f64 {
    let t = s.trim();
    if t.is_empty() {
        return 0.0;
    }
    t.parse::<f64>().unwrap_or(f64::NAN)
}

pub fn number_to_text(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}
