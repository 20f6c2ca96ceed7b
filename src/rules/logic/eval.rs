//! Evaluation of compiled conditions.

use std::borrow::Cow;
use std::cell::Cell;
use std::cmp::Ordering;

use serde_json::Value as Json;

use super::value::{ItemRef, Val, compare, loose_eq, strict_eq};
use super::{Expr, Op};
use crate::record::{Instant, Record};
use crate::rules::fields::{self, ItemType};

/// Bounds on one evaluation, so that a hostile rule cannot hang a page.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Expression nodes one condition may evaluate for one record.
    pub max_steps: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_steps: 100_000 }
    }
}

/// What a condition is evaluated against.
pub struct Cx<'r> {
    pub record: Option<&'r Record<'r>>,
    /// The original payload, parsed, when a rule reads `raw.`.
    pub raw: Option<&'r Json>,
    /// "Now" for age checks: the end of the evaluation window.
    pub as_of: i64,
    steps: Cell<u32>,
    max_steps: u32,
    exhausted: Cell<bool>,
}

impl<'r> Cx<'r> {
    pub fn new(
        record: Option<&'r Record<'r>>,
        raw: Option<&'r Json>,
        as_of: i64,
        limits: Limits,
    ) -> Cx<'r> {
        Cx {
            record,
            raw,
            as_of,
            steps: Cell::new(0),
            max_steps: limits.max_steps,
            exhausted: Cell::new(false),
        }
    }

    /// Starts a new condition's step budget.
    pub fn reset(&self) {
        self.steps.set(0);
        self.exhausted.set(false);
    }

    /// True when the last evaluation ran out of steps (its result was then `Absent`).
    pub fn exhausted(&self) -> bool {
        self.exhausted.get()
    }

    fn step(&self) -> bool {
        let n = self.steps.get().saturating_add(1);
        self.steps.set(n);
        if n > self.max_steps {
            self.exhausted.set(true);
            false
        } else {
            true
        }
    }
}

fn item_type(item: ItemRef<'_>) -> ItemType {
    match item {
        ItemRef::Link(_) => ItemType::Link,
        ItemRef::Approval(_) => ItemType::Approval,
        ItemRef::Sla(_) => ItemType::Sla,
        ItemRef::Text(_) => ItemType::Text,
        ItemRef::Target(_) => ItemType::Target,
    }
}

/// A `reduce` step's data: `{"current": …, "accumulator": …}`.
fn step_data<'r>(current: Val<'r>, accumulator: Val<'r>) -> Val<'r> {
    Val::List(vec![Val::str("\u{0}reduce"), current, accumulator])
}

fn navigate<'r>(root: &Val<'r>, path: &str) -> Option<Val<'r>> {
    if path.is_empty() {
        return Some(root.clone());
    }
    let mut cur = root.clone();
    for seg in path.split('.') {
        cur = match cur {
            Val::Json(Json::Object(map)) => Val::from_json(map.get(seg)?),
            Val::Json(Json::Array(items)) => Val::from_json(items.get(seg.parse::<usize>().ok()?)?),
            Val::List(items) => {
                if let [Val::Str(tag), current, accumulator] = items.as_slice()
                    && tag == "\u{0}reduce"
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

fn to_time(v: &Val<'_>) -> Option<i64> {
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

fn is_empty_value(v: &Val<'_>) -> bool {
    match v {
        Val::Absent | Val::Null => true,
        Val::Str(s) => s.is_empty(),
        Val::Json(Json::Null) => true,
        Val::Json(Json::String(s)) => s.is_empty(),
        _ => false,
    }
}

impl Expr {
    pub fn eval<'r>(&'r self, cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
        if !cx.step() {
            return Val::Absent;
        }
        match self {
            Expr::Lit(json) => Val::from_json(json),
            Expr::Array(items) => Val::List(items.iter().map(|e| e.eval(cx, cur)).collect()),
            Expr::Field(_, get) => match cx.record {
                Some(r) => get(r),
                None => Val::Absent,
            },
            Expr::List(_, get) => match cx.record.and_then(|r| get(r)) {
                Some(items) => Val::List(items.into_iter().map(Val::Item).collect()),
                None => Val::Absent,
            },
            Expr::Item(get) => match cur {
                Val::Item(item) => get(*item),
                _ => Val::Absent,
            },
            Expr::Raw(path) => {
                let Some(mut node) = cx.raw else {
                    return Val::Absent;
                };
                for seg in path {
                    let next = match node {
                        Json::Object(map) => map.get(seg.as_str()),
                        Json::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
                        _ => None,
                    };
                    match next {
                        Some(n) => node = n,
                        None => return Val::Absent,
                    }
                }
                Val::from_json(node)
            }
            Expr::Var(key, default) => {
                let key = key.eval(cx, cur);
                let path: Cow<'_, str> = match &key {
                    Val::Null | Val::Absent => Cow::Borrowed(""),
                    other => other.to_text(),
                };
                match navigate(cur, &path) {
                    Some(v) if !matches!(v, Val::Absent | Val::Null | Val::Json(Json::Null)) => v,
                    found => match default {
                        Some(d) => d.eval(cx, cur),
                        None => match found {
                            Some(Val::Absent) => Val::Absent,
                            _ => Val::Null,
                        },
                    },
                }
            }
            Expr::Default(value, default) => {
                let v = value.eval(cx, cur);
                if is_empty_value(&v) {
                    default.eval(cx, cur)
                } else {
                    v
                }
            }
            Expr::Time(t) => Val::Time(*t),
            Expr::HasLink(rels) => {
                let Some(record) = cx.record else {
                    return Val::Absent;
                };
                let carried = crate::record::source::carried_links(
                    record.origin.tool.as_deref(),
                    record.kind,
                );
                if carried.is_some_and(|carried| !rels.iter().any(|r| carried.contains(r))) {
                    return Val::Absent;
                }
                match record.links.as_ref() {
                    Some(links) => Val::Bool(links.iter().any(|l| rels.contains(&l.rel))),
                    None => Val::Absent,
                }
            }
            Expr::InLit(needle, list) => {
                let v = needle.eval(cx, cur);
                if v.is_absent() {
                    return Val::Absent;
                }
                match &v {
                    Val::Str(s) => {
                        Val::Bool(list.iter().any(|item| item.as_str() == Some(s.as_ref())))
                    }
                    _ => Val::Bool(list.iter().any(|item| strict_eq(&Val::from_json(item), &v))),
                }
            }
            Expr::Op(op, args) => eval_op(*op, args, cx, cur),
        }
    }
}

fn arg<'r>(args: &'r [Expr], i: usize, cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
    match args.get(i) {
        Some(e) => e.eval(cx, cur),
        None => Val::Null,
    }
}

fn eval_op<'r>(op: Op, args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
    match op {
        Op::If => {
            let mut i = 0;
            while i + 1 < args.len() {
                match arg(args, i, cx, cur).truthy() {
                    None => return Val::Absent,
                    Some(true) => return arg(args, i + 1, cx, cur),
                    Some(false) => i += 2,
                }
            }
            if i < args.len() {
                arg(args, i, cx, cur)
            } else {
                Val::Null
            }
        }
        Op::Or | Op::And => {
            let want = op == Op::Or;
            let mut unknown = false;
            let mut last = Val::Null;
            for e in args {
                let v = e.eval(cx, cur);
                match v.truthy() {
                    None => unknown = true,
                    Some(t) if t == want => return v,
                    Some(_) => {}
                }
                last = v;
            }
            if unknown { Val::Absent } else { last }
        }
        Op::Not | Op::NotNot => {
            let v = arg(args, 0, cx, cur);
            let v = match v.elements() {
                // JsonLogic unwraps a one-element argument array: {"!": [x]}.
                Some(items)
                    if matches!(
                        args.first(),
                        Some(Expr::Array(_) | Expr::Lit(Json::Array(_)))
                    ) =>
                {
                    items.into_iter().next().unwrap_or(Val::Null)
                }
                _ => v,
            };
            match v.truthy() {
                None => Val::Absent,
                Some(t) => Val::Bool(if op == Op::Not { !t } else { t }),
            }
        }
        Op::Eq | Op::StrictEq | Op::Ne | Op::StrictNe => {
            let (a, b) = (arg(args, 0, cx, cur), arg(args, 1, cx, cur));
            if a.is_absent() || b.is_absent() {
                return Val::Absent;
            }
            let eq = if matches!(op, Op::Eq | Op::Ne) {
                loose_eq(&a, &b)
            } else {
                strict_eq(&a, &b)
            };
            Val::Bool(if matches!(op, Op::Eq | Op::StrictEq) {
                eq
            } else {
                !eq
            })
        }
        Op::Gt | Op::Ge | Op::Lt | Op::Le => {
            let holds = |a: &Val<'_>, b: &Val<'_>| match (op, compare(a, b)) {
                (_, None) => false,
                (Op::Gt, Some(o)) => o == Ordering::Greater,
                (Op::Ge, Some(o)) => o != Ordering::Less,
                (Op::Lt, Some(o)) => o == Ordering::Less,
                (_, Some(o)) => o != Ordering::Greater,
            };
            // Pairwise along the arguments (`<` with three is "between"); every argument is
            // evaluated, since one that is absent makes the whole comparison absent.
            let (mut prev, mut all, mut absent) = (None::<Val<'r>>, true, false);
            for e in args {
                let v = e.eval(cx, cur);
                absent |= v.is_absent();
                if let Some(p) = &prev {
                    all &= holds(p, &v);
                }
                prev = Some(v);
            }
            if absent { Val::Absent } else { Val::Bool(all) }
        }
        Op::Max | Op::Min => {
            let vals: Vec<Val<'r>> = args.iter().map(|e| e.eval(cx, cur)).collect();
            if vals.iter().any(Val::is_absent) {
                return Val::Absent;
            }
            if vals.is_empty() {
                return Val::Null;
            }
            let nums = vals.iter().map(Val::to_number);
            let r = if op == Op::Max {
                nums.fold(f64::NEG_INFINITY, |a, b| {
                    if a.is_nan() || b.is_nan() {
                        f64::NAN
                    } else {
                        a.max(b)
                    }
                })
            } else {
                nums.fold(f64::INFINITY, |a, b| {
                    if a.is_nan() || b.is_nan() {
                        f64::NAN
                    } else {
                        a.min(b)
                    }
                })
            };
            Val::Num(r)
        }
        Op::Add | Op::Mul => {
            let (mut acc, mut absent) = (if op == Op::Add { 0.0 } else { 1.0 }, false);
            for e in args {
                let v = e.eval(cx, cur);
                absent |= v.is_absent();
                let n = v.to_number();
                if op == Op::Add {
                    acc += n;
                } else {
                    acc *= n;
                }
            }
            if absent { Val::Absent } else { Val::Num(acc) }
        }
        Op::Sub | Op::Div | Op::Mod => {
            let a = arg(args, 0, cx, cur);
            if args.len() == 1 {
                return if a.is_absent() {
                    Val::Absent
                } else {
                    Val::Num(-a.to_number())
                };
            }
            let b = arg(args, 1, cx, cur);
            if a.is_absent() || b.is_absent() {
                return Val::Absent;
            }
            let (x, y) = (a.to_number(), b.to_number());
            Val::Num(match op {
                Op::Sub => x - y,
                Op::Div => x / y,
                _ => x % y,
            })
        }
        Op::Map | Op::Filter | Op::All | Op::None | Op::Some | Op::Reduce => {
            iterate(op, args, cx, cur)
        }
        Op::Merge => {
            let mut out = Vec::new();
            for e in args {
                let v = e.eval(cx, cur);
                match v.elements() {
                    Some(items) => out.extend(items),
                    None => out.push(v),
                }
            }
            Val::List(out)
        }
        Op::In => {
            let (needle, hay) = (arg(args, 0, cx, cur), arg(args, 1, cx, cur));
            if needle.is_absent() || hay.is_absent() {
                return Val::Absent;
            }
            match hay.elements() {
                Some(items) => Val::Bool(items.iter().any(|i| strict_eq(i, &needle))),
                None => match hay {
                    Val::Str(s) => Val::Bool(s.contains(needle.to_text().as_ref())),
                    Val::Json(Json::String(s)) => Val::Bool(s.contains(needle.to_text().as_ref())),
                    _ => Val::Bool(false),
                },
            }
        }
        Op::Cat => {
            let mut out = String::new();
            for e in args {
                match e.eval(cx, cur) {
                    Val::Null | Val::Absent => {}
                    v => out.push_str(&v.to_text()),
                }
            }
            Val::Str(Cow::Owned(out))
        }
        Op::Substr => {
            let s = arg(args, 0, cx, cur);
            if s.is_absent() {
                return Val::Absent;
            }
            let text = s.to_text();
            let chars: Vec<char> = text.chars().collect();
            let len = chars.len() as i64;
            let start = arg(args, 1, cx, cur).to_number();
            let start = if start.is_nan() { 0 } else { start as i64 };
            let start = if start < 0 {
                (len + start).max(0)
            } else {
                start.min(len)
            };
            let end = match args.get(2) {
                None => len,
                Some(e) => {
                    let n = e.eval(cx, cur).to_number();
                    let n = if n.is_nan() { 0 } else { n as i64 };
                    if n < 0 {
                        (len + n).max(start)
                    } else {
                        (start + n).min(len)
                    }
                }
            };
            let slice: String = chars
                .get(
                    usize::try_from(start).unwrap_or(0)
                        ..usize::try_from(end.max(start)).unwrap_or(0),
                )
                .map(|c| c.iter().collect())
                .unwrap_or_default();
            Val::Str(Cow::Owned(slice))
        }
        Op::Log => arg(args, 0, cx, cur),
        Op::Missing => {
            let keys: Vec<Val<'r>> = match args {
                [single] => {
                    let v = single.eval(cx, cur);
                    v.elements().unwrap_or_else(|| vec![v])
                }
                _ => args.iter().map(|e| e.eval(cx, cur)).collect(),
            };
            let keys = keys.iter().map(|k| k.to_text().into_owned()).collect();
            Val::List(
                missing_keys(keys, cx, cur)
                    .into_iter()
                    .map(|k| Val::Str(Cow::Owned(k)))
                    .collect(),
            )
        }
        Op::MissingSome => {
            let need = arg(args, 0, cx, cur).to_number();
            let keys: Vec<String> = arg(args, 1, cx, cur)
                .elements()
                .unwrap_or_default()
                .iter()
                .map(|k| k.to_text().into_owned())
                .collect();
            let total = keys.len();
            let missing = missing_keys(keys, cx, cur);
            if (total - missing.len()) as f64 >= need {
                Val::List(Vec::new())
            } else {
                Val::List(
                    missing
                        .into_iter()
                        .map(|k| Val::Str(Cow::Owned(k)))
                        .collect(),
                )
            }
        }
        Op::Matrix => {
            let (table, row, col) = (
                arg(args, 0, cx, cur),
                arg(args, 1, cx, cur),
                arg(args, 2, cx, cur),
            );
            if row.is_absent() || col.is_absent() || table.is_absent() {
                return Val::Absent;
            }
            let (r, c) = (row.to_number(), col.to_number());
            if !(r.is_finite() && c.is_finite() && r >= 1.0 && c >= 1.0) {
                return Val::Null;
            }
            table
                .element(r as usize - 1)
                .and_then(|row| row.element(c as usize - 1))
                .map_or(Val::Null, |v| Val::Num(v.to_number()))
        }
        Op::Days | Op::DaysSince => {
            let (a, b) = if op == Op::Days {
                (arg(args, 0, cx, cur), arg(args, 1, cx, cur))
            } else {
                (arg(args, 0, cx, cur), Val::Time(cx.as_of))
            };
            if a.is_absent() || b.is_absent() {
                return Val::Absent;
            }
            match (to_time(&a), to_time(&b)) {
                (Some(x), Some(y)) => Val::Num((y - x) as f64 / Instant::SECONDS_PER_DAY as f64),
                _ => Val::Null,
            }
        }
        Op::AsOf => Val::Time(cx.as_of),
        Op::Count => {
            let v = arg(args, 0, cx, cur);
            match v {
                Val::Absent => Val::Absent,
                Val::Null => Val::Num(0.0),
                other => match other.element_count() {
                    Some(n) => Val::Num(n as f64),
                    None => Val::Null,
                },
            }
        }
    }
}

/// The keys (field paths on a record, data paths otherwise) whose value is absent, null or "".
fn missing_keys<'r>(keys: Vec<String>, cx: &Cx<'r>, cur: &Val<'r>) -> Vec<String> {
    keys.into_iter()
        .filter(|path| {
            let value = match cx.record {
                // At the top of a record condition `cur` is null and paths are record fields.
                Some(r) if matches!(cur, Val::Null) => fields::record_field(path).map(|get| get(r)),
                _ => navigate(cur, path),
            };
            value.as_ref().is_none_or(is_empty_value)
        })
        .collect()
}

fn iterate<'r>(op: Op, args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
    let list = arg(args, 0, cx, cur);
    let items = match list {
        Val::Absent => return Val::Absent,
        Val::Null => Vec::new(),
        other => other.elements().unwrap_or_default(),
    };
    let Some(body) = args.get(1) else {
        return Val::Null;
    };
    match op {
        Op::Map => Val::List(items.iter().map(|item| body.eval(cx, item)).collect()),
        Op::Filter => {
            let mut out = Vec::new();
            for item in items {
                match body.eval(cx, &item).truthy() {
                    None => return Val::Absent,
                    Some(true) => out.push(item),
                    Some(false) => {}
                }
            }
            Val::List(out)
        }
        Op::Reduce => {
            let mut acc = arg(args, 2, cx, cur);
            for item in items {
                let data = step_data(item, acc);
                acc = body.eval(cx, &data);
            }
            acc
        }
        _ => {
            if items.is_empty() {
                return Val::Bool(op == Op::None);
            }
            let mut unknown = false;
            for item in &items {
                match body.eval(cx, item).truthy() {
                    None => unknown = true,
                    Some(true) if op == Op::Some => return Val::Bool(true),
                    Some(true) if op == Op::None => return Val::Bool(false),
                    Some(false) if op == Op::All => return Val::Bool(false),
                    Some(_) => {}
                }
            }
            if unknown {
                Val::Absent
            } else {
                Val::Bool(op != Op::Some)
            }
        }
    }
}
