//! Evaluation of compiled conditions: the budgets ([`Cx`]), the tree walk ([`Expr::eval`]) and
//! one dispatch over the operators, whose families live in the submodules.

mod arithmetic;
mod boolean;
mod data;
mod evidence;
mod lists;
mod text;

use std::borrow::Cow;
use std::cell::Cell;

use serde_json::Value as Json;

use super::value::{MAX_VALUE_DEPTH, Txt, Val};
use super::{Expr, Op};
use crate::record::Record;
use data::{is_empty_value, navigate};

pub(super) use boolean::{equality, ordering};
pub(super) use evidence::days_between;

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
            Expr::List(_, _, get) => match cx.record.and_then(|r| get(r)) {
                Some(items) => {
                    if !cx.alloc_list(items.len()) {
                        return Val::Absent;
                    }
                    cx.list(items.iter().map(Val::Item).collect())
                }
                None => Val::Absent,
            },
            Expr::Item(_, _, get) => match cur {
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
        Op::If => boolean::if_then_else(args, cx, cur),
        Op::Or | Op::And => boolean::or_and(op, args, cx, cur),
        Op::Not | Op::NotNot => boolean::not(op, args, cx, cur),
        Op::Eq | Op::StrictEq | Op::Ne | Op::StrictNe => {
            let (a, b) = (arg(args, 0, cx, cur), arg(args, 1, cx, cur));
            equality(op, a, b, cx)
        }
        Op::Gt | Op::Ge | Op::Lt | Op::Le => ordering(op, args.iter().map(|e| e.eval(cx, cur)), cx),
        Op::Max | Op::Min => arithmetic::max_min(op, args, cx, cur),
        Op::Add | Op::Mul => arithmetic::add_mul(op, args, cx, cur),
        Op::Sub | Op::Div | Op::Mod => arithmetic::sub_div_mod(op, args, cx, cur),
        Op::Map | Op::Filter | Op::All | Op::None | Op::Some | Op::Reduce => {
            lists::iterate(op, args, cx, cur)
        }
        Op::Merge => lists::merge(args, cx, cur),
        Op::In => lists::contains(args, cx, cur),
        Op::Missing => lists::missing(args, cx, cur),
        Op::MissingSome => lists::missing_some(args, cx, cur),
        Op::Cat => text::cat(args, cx, cur),
        Op::Substr => text::substr(args, cx, cur),
        Op::Log => arg(args, 0, cx, cur),
        Op::Matrix => evidence::matrix(args, cx, cur),
        Op::Days | Op::DaysSince => evidence::days(op, args, cx, cur),
        Op::AsOf => Val::Time(cx.as_of),
        Op::Count => evidence::count(args, cx, cur),
    }
}
