//! Evaluation of compiled conditions.

use std::borrow::Cow;
use std::cell::Cell;
use std::cmp::Ordering;

use serde_json::Value as Json;

use super::value::{ItemRef, MAX_VALUE_DEPTH, Txt, Val, compare, loose_eq, strict_eq};
use super::{Expr, Op};
use crate::record::{Instant, Record};
use crate::rules::fields::{self, ItemType};

/// Bounds on one evaluation, so that a hostile rule cannot hang a page or exhaust its memory.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Work one condition may do for one record: one step per expression node evaluated, plus
    /// one per element an operation goes through (`in` on a list, `some`/`all`/`none`,
    /// `filter`, `map`, `reduce`, `merge`, a literal array) and one per KiB of text scanned.
    pub max_steps: u32,
    /// Bytes of strings and lists one condition may build for one record (`cat`, `substr`,
    /// `merge`, `map`, `filter`, arrays, texts of lists, `reduce` accumulators), counted before
    /// they are built.
    pub max_bytes: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_steps: 100_000,
            max_bytes: 1 << 20,
        }
    }
}

/// Bytes of text scanned (compared, searched, parsed) per step.
const SCAN_BYTES_PER_STEP: usize = 1024;

/// What a condition is evaluated against.
pub struct Cx<'r> {
    pub record: Option<&'r Record<'r>>,
    /// The original payload, parsed, when a rule reads `raw.`.
    pub raw: Option<&'r Json>,
    /// "Now" for age checks: the end of the evaluation window.
    pub as_of: i64,
    steps: Cell<u32>,
    max_steps: u32,
    bytes: Cell<u32>,
    max_bytes: u32,
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
            bytes: Cell::new(0),
            max_bytes: limits.max_bytes,
            exhausted: Cell::new(false),
        }
    }

    /// Starts a new condition's budgets.
    pub fn reset(&self) {
        self.steps.set(0);
        self.bytes.set(0);
        self.exhausted.set(false);
    }

    /// True when the last evaluation ran out of steps or memory (its result was then `Absent`).
    pub fn exhausted(&self) -> bool {
        self.exhausted.get()
    }

    /// The steps and bytes the last evaluation used.
    pub fn used(&self) -> (u32, u32) {
        (self.steps.get(), self.bytes.get())
    }

    pub(super) fn step(&self) -> bool {
        self.work(1)
    }

    /// Counts `steps` and `bytes` at once when both fit the budgets (false, and nothing
    /// counted, otherwise): a typed test whose cost is known runs in one go, and one that would
    /// cross a budget runs the general way, which stops at the same point as before.
    pub(super) fn afford(&self, steps: u32, bytes: u32) -> bool {
        if self.exhausted.get() {
            return false;
        }
        let s = self.steps.get().saturating_add(steps);
        let b = self.bytes.get().saturating_add(bytes);
        if s > self.max_steps || b > self.max_bytes {
            return false;
        }
        self.steps.set(s);
        self.bytes.set(b);
        true
    }

    /// Counts `n` steps of work; false (and exhausted from then on) past the budget.
    pub fn work(&self, n: usize) -> bool {
        if self.exhausted.get() {
            return false;
        }
        let n = self
            .steps
            .get()
            .saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        self.steps.set(n);
        if n > self.max_steps {
            self.exhausted.set(true);
            false
        } else {
            true
        }
    }

    /// Counts `bytes` the condition is about to build; false (and exhausted) past the budget.
    /// Called before allocating.
    pub fn alloc(&self, bytes: usize) -> bool {
        if self.exhausted.get() {
            return false;
        }
        let n = self
            .bytes
            .get()
            .saturating_add(u32::try_from(bytes).unwrap_or(u32::MAX));
        self.bytes.set(n);
        if n > self.max_bytes {
            self.exhausted.set(true);
            false
        } else {
            true
        }
    }

    /// Counts a list of `n` elements about to be built.
    pub(super) fn alloc_list(&self, n: usize) -> bool {
        self.alloc(n.saturating_mul(size_of::<Val<'_>>()))
    }

    /// Counts scanning the text of a value (comparing, searching, parsing).
    pub(super) fn scan(&self, v: &Val<'_>) -> bool {
        match v {
            Val::Str(s) if s.len() >= SCAN_BYTES_PER_STEP => {
                self.work(s.len() / SCAN_BYTES_PER_STEP)
            }
            _ => true,
        }
    }

    /// A list built by the condition, when the budget allows its nesting (its elements were
    /// counted by whoever built the vector).
    fn list(&self, items: Vec<Val<'r>>) -> Val<'r> {
        let v = Val::list(items);
        if v.depth() > MAX_VALUE_DEPTH {
            self.exhausted.set(true);
            return Val::Absent;
        }
        v
    }

    /// `String(v)`, counted: texts of lists are written piece by piece within the budget.
    fn text(&self, v: &Val<'r>) -> Option<Txt<'r>> {
        match v {
            Val::Str(s) => Some(s.clone()),
            Val::List(..) | Val::Json(Json::Array(_)) => {
                let mut out = String::new();
                v.write_text(&mut out, &mut |n| {
                    (self.step() && self.alloc(n)).then_some(())
                })?;
                Some(Txt::owned(out))
            }
            other => match other.to_text() {
                Cow::Borrowed(s) => Some(Txt::Borrowed(s)),
                Cow::Owned(s) => self.alloc(s.len()).then(|| Txt::owned(s)),
            },
        }
    }
}

/// The elements of a list-like value, without copying the list.
enum Elements<'a, 'r> {
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

fn elements<'a, 'r>(v: &'a Val<'r>) -> Option<Elements<'a, 'r>> {
    match v {
        Val::List(items, _) => Some(Elements::List(items.iter())),
        Val::Json(Json::Array(items)) => Some(Elements::Json(items.iter())),
        _ => None,
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
    Val::list(vec![Val::str("\u{0}reduce"), current, accumulator])
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
            Expr::Lit(json) => {
                // A literal array costs its length, like any operation over its elements.
                if let Json::Array(items) = json
                    && !cx.work(items.len())
                {
                    return Val::Absent;
                }
                Val::from_json(json)
            }
            Expr::Array(items) => {
                if !cx.alloc_list(items.len()) {
                    return Val::Absent;
                }
                let items: Vec<Val<'r>> = items.iter().map(|e| e.eval(cx, cur)).collect();
                cx.list(items)
            }
            Expr::Field(_, get) => match cx.record {
                Some(r) => get(r),
                None => Val::Absent,
            },
            Expr::List(_, get) => match cx.record.and_then(|r| get(r)) {
                Some(items) => {
                    if !cx.alloc_list(items.len()) {
                        return Val::Absent;
                    }
                    cx.list(items.iter().map(Val::Item).collect())
                }
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
                let path: Txt<'r> = match &key {
                    Val::Null | Val::Absent => Txt::Borrowed(""),
                    other => match cx.text(other) {
                        Some(t) => t,
                        None => return Val::Absent,
                    },
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
                // Looking in a list costs its length, also when a set answers.
                if v.is_absent() || !cx.work(list.len()) || !cx.scan(&v) {
                    return Val::Absent;
                }
                Val::Bool(list.contains(&v))
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
            // JsonLogic unwraps a one-element argument array: {"!": [x]}.
            let v = if v.element_count().is_some()
                && matches!(
                    args.first(),
                    Some(Expr::Array(_) | Expr::Lit(Json::Array(_)))
                ) {
                v.element(0).unwrap_or(Val::Null)
            } else {
                v
            };
            match v.truthy() {
                None => Val::Absent,
                Some(t) => Val::Bool(if op == Op::Not { !t } else { t }),
            }
        }
        Op::Eq | Op::StrictEq | Op::Ne | Op::StrictNe => {
            let (a, b) = (arg(args, 0, cx, cur), arg(args, 1, cx, cur));
            equality(op, a, b, cx)
        }
        Op::Gt | Op::Ge | Op::Lt | Op::Le => ordering(op, args.iter().map(|e| e.eval(cx, cur)), cx),
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
                absent |= v.is_absent() || !cx.scan(&v);
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
            let parts: Vec<Val<'r>> = args.iter().map(|e| e.eval(cx, cur)).collect();
            let total: usize = parts
                .iter()
                .map(|v| v.element_count().unwrap_or(1))
                .fold(0, usize::saturating_add);
            if cx.exhausted() || !cx.work(total) || !cx.alloc_list(total) {
                return Val::Absent;
            }
            let mut out = Vec::with_capacity(total);
            for v in parts {
                match elements(&v) {
                    Some(items) => out.extend(items),
                    None => out.push(v),
                }
            }
            cx.list(out)
        }
        Op::In => {
            let (needle, hay) = (arg(args, 0, cx, cur), arg(args, 1, cx, cur));
            if needle.is_absent() || hay.is_absent() {
                return Val::Absent;
            }
            if let Some(n) = hay.element_count() {
                if !cx.work(n) || !cx.scan(&needle) {
                    return Val::Absent;
                }
                return match elements(&hay) {
                    Some(mut items) => Val::Bool(items.any(|i| strict_eq(&i, &needle))),
                    None => Val::Bool(false),
                };
            }
            match hay {
                Val::Str(s) => {
                    let Some(needle) = cx.text(&needle) else {
                        return Val::Absent;
                    };
                    if !cx.scan(&Val::Str(s.clone())) {
                        return Val::Absent;
                    }
                    Val::Bool(s.contains(&*needle))
                }
                _ => Val::Bool(false),
            }
        }
        Op::Cat => {
            let mut parts = Vec::with_capacity(args.len());
            for e in args {
                match e.eval(cx, cur) {
                    Val::Null | Val::Absent => {}
                    v => match cx.text(&v) {
                        Some(t) => parts.push(t),
                        None => return Val::Absent,
                    },
                }
            }
            if cx.exhausted() {
                return Val::Absent;
            }
            if let [one] = parts.as_slice() {
                return Val::Str(one.clone());
            }
            let total = parts.iter().map(|t| t.len()).fold(0, usize::saturating_add);
            if !cx.alloc(total) {
                return Val::Absent;
            }
            let mut out = String::with_capacity(total);
            for t in &parts {
                out.push_str(t);
            }
            Val::string(out)
        }
        Op::Substr => {
            let s = arg(args, 0, cx, cur);
            if s.is_absent() {
                return Val::Absent;
            }
            let Some(text) = cx.text(&s) else {
                return Val::Absent;
            };
            if !cx.scan(&Val::Str(text.clone())) {
                return Val::Absent;
            }
            let len = i64::try_from(text.chars().count()).unwrap_or(i64::MAX);
            let start = arg(args, 1, cx, cur).to_number();
            let start = if start.is_nan() { 0 } else { start as i64 };
            let start = if start < 0 {
                len.saturating_add(start).max(0)
            } else {
                start.min(len)
            };
            let end = match args.get(2) {
                None => len,
                Some(e) => {
                    let n = e.eval(cx, cur).to_number();
                    let n = if n.is_nan() { 0 } else { n as i64 };
                    if n < 0 {
                        len.saturating_add(n).max(start)
                    } else {
                        start.saturating_add(n).min(len)
                    }
                }
            };
            if cx.exhausted() {
                return Val::Absent;
            }
            // Byte offsets of the start and end characters, without a copy of the characters.
            let at = |c: i64| -> usize {
                let c = usize::try_from(c).unwrap_or(0);
                text.char_indices().nth(c).map_or(text.len(), |(i, _)| i)
            };
            let (from, to) = (at(start), at(end.max(start)));
            let slice = text.get(from..to).unwrap_or_default();
            if !cx.alloc(slice.len()) {
                return Val::Absent;
            }
            Val::string(slice.to_string())
        }
        Op::Log => arg(args, 0, cx, cur),
        Op::Missing => {
            let keys: Vec<Val<'r>> = match args {
                [single] => {
                    let v = single.eval(cx, cur);
                    if !cx.work(v.element_count().unwrap_or(1)) {
                        return Val::Absent;
                    }
                    match elements(&v) {
                        Some(items) => items.collect(),
                        None => vec![v],
                    }
                }
                _ => args.iter().map(|e| e.eval(cx, cur)).collect(),
            };
            let Some(keys) = texts(&keys, cx) else {
                return Val::Absent;
            };
            let missing = missing_keys(keys, cx, cur);
            if !cx.alloc_list(missing.len()) {
                return Val::Absent;
            }
            cx.list(missing.into_iter().map(Val::Str).collect())
        }
        Op::MissingSome => {
            let need = arg(args, 0, cx, cur).to_number();
            let list = arg(args, 1, cx, cur);
            if !cx.work(list.element_count().unwrap_or(0)) {
                return Val::Absent;
            }
            let keys: Vec<Val<'r>> = elements(&list).map(Iterator::collect).unwrap_or_default();
            let Some(keys) = texts(&keys, cx) else {
                return Val::Absent;
            };
            let total = keys.len();
            let missing = missing_keys(keys, cx, cur);
            if total.saturating_sub(missing.len()) as f64 >= need {
                cx.list(Vec::new())
            } else if !cx.alloc_list(missing.len()) {
                Val::Absent
            } else {
                cx.list(missing.into_iter().map(Val::Str).collect())
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
            if !(r.is_finite() && c.is_finite() && r >= 1.0 && c >= 1.0 && r < 1e9 && c < 1e9) {
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

/// `==`, `===`, `!=`, `!==` of two evaluated arguments (shared by the interpreter and the typed
/// comparisons, so both count and answer alike).
pub(super) fn equality<'r>(op: Op, a: Val<'r>, b: Val<'r>, cx: &Cx<'r>) -> Val<'r> {
    if a.is_absent() || b.is_absent() || !cx.scan(&a) || !cx.scan(&b) {
        return Val::Absent;
    }
    let eq = if matches!(op, Op::Eq | Op::Ne) {
        // An array against a scalar compares its text: written within the budget.
        let (a, b) = match (a.is_object_like(), b.is_object_like()) {
            (true, false) if !matches!(b, Val::Null | Val::Json(Json::Null)) => match cx.text(&a) {
                Some(t) => (Val::Str(t), b),
                None => return Val::Absent,
            },
            (false, true) if !matches!(a, Val::Null | Val::Json(Json::Null)) => match cx.text(&b) {
                Some(t) => (a, Val::Str(t)),
                None => return Val::Absent,
            },
            _ => (a, b),
        };
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

/// `>`, `>=`, `<`, `<=` along arguments evaluated one by one as the iterator is drawn.
pub(super) fn ordering<'r>(op: Op, args: impl Iterator<Item = Val<'r>>, cx: &Cx<'r>) -> Val<'r> {
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
    for v in args {
        absent |= v.is_absent() || !cx.scan(&v);
        if let Some(p) = &prev {
            all &= holds(p, &v);
        }
        prev = Some(v);
    }
    if absent { Val::Absent } else { Val::Bool(all) }
}

/// The keys (field paths on a record, data paths otherwise) whose value is absent, null or "".
fn missing_keys<'r>(keys: Vec<Txt<'r>>, cx: &Cx<'r>, cur: &Val<'r>) -> Vec<Txt<'r>> {
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

/// The texts of keys, counted; `None` when the budget ran out.
fn texts<'r>(keys: &[Val<'r>], cx: &Cx<'r>) -> Option<Vec<Txt<'r>>> {
    keys.iter().map(|k| cx.text(k)).collect()
}

fn iterate<'r>(op: Op, args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
    let list = arg(args, 0, cx, cur);
    let empty = Val::Null;
    let list = match list {
        Val::Absent => return Val::Absent,
        Val::Null => &empty,
        ref other => other,
    };
    let n = list.element_count().unwrap_or(0);
    // Going through a list costs its length.
    if !cx.work(n) {
        return Val::Absent;
    }
    let items = || elements(list).into_iter().flatten();
    let Some(body) = args.get(1) else {
        return Val::Null;
    };
    match op {
        Op::Map => {
            if !cx.alloc_list(n) {
                return Val::Absent;
            }
            let out: Vec<Val<'r>> = items().map(|item| body.eval(cx, &item)).collect();
            if cx.exhausted() {
                return Val::Absent;
            }
            cx.list(out)
        }
        Op::Filter => {
            if !cx.alloc_list(n) {
                return Val::Absent;
            }
            let mut out = Vec::new();
            for item in items() {
                match body.eval(cx, &item).truthy() {
                    None => return Val::Absent,
                    Some(true) => out.push(item),
                    Some(false) => {}
                }
            }
            cx.list(out)
        }
        Op::Reduce => {
            let mut acc = arg(args, 2, cx, cur);
            for item in items() {
                if cx.exhausted() {
                    return Val::Absent;
                }
                let data = step_data(item, acc);
                acc = body.eval(cx, &data);
            }
            if cx.exhausted() { Val::Absent } else { acc }
        }
        _ => {
            if n == 0 {
                return Val::Bool(op == Op::None);
            }
            let mut unknown = false;
            for item in items() {
                match body.eval(cx, &item).truthy() {
                    None => unknown = true,
                    Some(true) if op == Op::Some => return Val::Bool(true),
                    Some(true) if op == Op::None => return Val::Bool(false),
                    Some(false) if op == Op::All => return Val::Bool(false),
                    Some(_) => {}
                }
                if cx.exhausted() {
                    return Val::Absent;
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
