//! Reading values: list elements, paths into data, times, emptiness.

use serde_json::Value as Json;

use super::super::value::{ItemRef, Val};
use crate::record::Instant;
use crate::rules::fields::{self, ItemType};

/// The elements of a list-like value, without copying the list.
pub(super) enum Elements<'a, 'r> {
    List(std::slice::Iter<'a, Val<'r>>),
    Json(std::slice::Iter<'r, Json>),
}

impl<'r> Iterator for Elements<'_, 'r> {
    type Item = Val<'r>;
    fn next(&mut self) -> Option<Val<'r>> {
        match self {
            Elements::List(items) => items.next().cloned(),
            Elements::Json(items) => items.next().map(Val::from_json),
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Elements::List(items) => items.size_hint(),
            Elements::Json(items) => items.size_hint(),
        }
    }
}

pub(super) fn elements<'a, 'r>(v: &'a Val<'r>) -> Option<Elements<'a, 'r>> {
    match v {
        Val::List(items, _) => Some(Elements::List(items.iter())),
        Val::Json(Json::Array(items)) => Some(Elements::Json(items.iter())),
        _ => None,
    }
}

pub(super) fn item_type(item: ItemRef<'_>) -> ItemType {
    match item {
        ItemRef::Link(_) => ItemType::Link,
        ItemRef::Approval(_) => ItemType::Approval,
        ItemRef::Sla(_) => ItemType::Sla,
        ItemRef::Text(_) => ItemType::Text,
        ItemRef::Target(_) => ItemType::Target,
    }
}

/// A `reduce` step's data: `{"current": …, "accumulator": …}`.
pub(super) fn step_data<'r>(current: Val<'r>, accumulator: Val<'r>) -> Val<'r> {
    Val::list(vec![Val::str("\u{0}reduce"), current, accumulator])
}

pub(super) fn navigate<'r>(root: &Val<'r>, path: &str) -> Option<Val<'r>> {
    if path.is_empty() {
        return Some(root.clone());
    }
    let mut cur = root.clone();
    for seg in path.split('.') {
        cur = match cur {
            Val::Json(Json::Object(map)) => Val::from_json(map.get(seg)?),
            Val::Json(Json::Array(items)) => Val::from_json(items.get(seg.parse::<usize>().ok()?)?),
            Val::List(items, _) => {
                if let [Val::Str(tag), current, accumulator] = items.as_slice()
                    && &**tag == "\u{0}reduce"
                {
                    match seg {
                        "current" => {
                            cur = current.clone();
                            continue;
                        }
                        "accumulator" => {
                            cur = accumulator.clone();
                            continue;
                        }
                        _ => return None,
                    }
                }
                items.get(seg.parse::<usize>().ok()?)?.clone()
            }
            Val::Item(item) => fields::item_field(item_type(item), seg).map(|get| get(item))?,
            _ => return None,
        };
    }
    Some(cur)
}

pub(super) fn to_time(v: &Val<'_>) -> Option<i64> {
    match v {
        Val::Time(t) => Some(*t),
        Val::Str(s) => Instant::parse_utc(s).map(|i| i.0),
        Val::Num(n) if n.is_finite() => Some(*n as i64),
        Val::Json(j) => match Val::from_json(j) {
            Val::Json(_) => None,
            other => to_time(&other),
        },
        _ => None,
    }
}

pub(super) fn is_empty_value(v: &Val<'_>) -> bool {
    match v {
        Val::Absent | Val::Null => true,
        Val::Str(s) => s.is_empty(),
        Val::Json(Json::Null) => true,
        Val::Json(Json::String(s)) => s.is_empty(),
        _ => false,
    }
}
