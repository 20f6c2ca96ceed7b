//! Conditions in a truth position (a check's `when` and `require`, the operands of `and`, `or`,
//! `!`, `!!`, the body of `some`/`all`/`none`) compiled into typed tests that answer true, false
//! or unknown without building values:
//!
//! - a sub-condition that reads one field with few values (an enumeration such as `state`,
//!   `change.type`, `approval`, or a flag such as `incident.major`) and otherwise only constants
//!   becomes a table indexed by the field's code: the interpreter itself works out, when the
//!   table is first asked, the answer and the cost (steps and bytes) for every value the field can
//!   take, absent and null included. `{"in": [{"var": "state"}, ["resolved", "closed"]]}` is one
//!   read of `state` and one table look-up; a sub-condition that reads no field at all (constants,
//!   parameters) is a table of one row;
//! - a sub-condition that reads several such fields (or fields only under `!`/`!!`, by their
//!   truth class below) and otherwise only constants becomes one table over every combination
//!   of their codes, when there are at most [`MAX_PRODUCT_ROWS`]: `{"and": [{"==":
//!   [{"var": "incident.major"}, true]}, {"in": [{"var": "state"}, ["resolved", "closed"]]}]}`
//!   is two code reads and one look-up rather than three tests;
//! - `!!`/`!` of a field (with or without a `var` default), or a field standing alone where a
//!   truth value is wanted, depends only on whether the value is absent, null, `""`, another
//!   false value or true: the same table over those five classes;
//! - `!!`/`!` of a list and `some`/`all`/`none` over a record's list read the list in place,
//!   without building a list value;
//! - comparisons of fields, list-item fields, literals and `days` between two of them read both
//!   sides directly;
//! - everything else runs the general interpreter.
//!
//! The step and memory budgets count exactly what the interpreter counts: a table row carries
//! the cost the interpreter measured for that value, and when that cost does not fit what is left
//! of a budget the sub-condition runs the general way, which stops where it always did. The
//! property tests in `tests/typed_rules.rs` hold the two evaluations to the same answers, counts
//! and limits on generated records and conditions.

use std::sync::OnceLock;

use serde_json::Value as Json;

use super::eval::{days_between, equality, ordering};
use super::value::Val;
use super::{Cx, Expr, Limits, Op};
use crate::rules::fields::{self, Accessor, CODE_ABSENT, CODE_NULL, ListAccessor};

/// A condition compiled for its truth value.
#[derive(Clone, Debug)]
pub enum Pred {
    Table(Box<Table>),
    /// `and`/`or`: Kleene logic in argument order, stopping where the interpreter stops.
    AndOr {
        or: bool,
        args: Vec<Pred>,
    },
    /// `!` (`negate`) or `!!` of a condition.
    Not {
        negate: bool,
        arg: Box<Pred>,
    },
    /// `!` (`negate`) or `!!` of a record list: whether it has elements.
    ListTruth {
        negate: bool,
        get: ListAccessor,
    },
    /// `some`/`all`/`none` over a record list, the body tested on each element in place.
    Quantifier {
        op: Op,
        get: ListAccessor,
        body: Box<Pred>,
    },
    /// A comparison of two leaves (fields, list-item fields, literals, instants, `days` between
    /// two of them).
    Compare {
        op: Op,
        args: Box<[Leaf; 2]>,
    },
    /// Anything else: the interpreter, then the value's truth.
    General(Expr),
}

/// Reads a field with few values as its code (see [`fields::domain`]).
type CodeReader = for<'r> fn(&'r crate::record::Record<'r>) -> u8;

/// How a table reads the record.
#[derive(Clone, Debug)]
enum Reader {
    /// Reads no field: one row.
    None,
    /// A field with few values: its code (see [`fields::domain`]).
    Code(CodeReader),
    /// Any scalar field whose value only matters by its truth: its class (see [`truth_class`]).
    Truth(Accessor),
    /// Several fields, each read as one of these: the row is their codes as the digits of one
    /// mixed-radix number (the first field's code times its stride, plus the next one's …).
    Product(Box<[Digit]>),
}

/// One field of a [`Reader::Product`].
#[derive(Clone, Copy, Debug)]
struct Digit {
    read: Single,
    /// How many codes the field has in the table: a code at or past it (a value the table was
    /// not worked out for) sends the sub-condition the general way.
    radix: usize,
    stride: usize,
}

/// How one field reads as a code.
#[derive(Clone, Copy, Debug)]
enum Single {
    Code(CodeReader),
    Truth(Accessor),
}

/// Most rows a table over several fields may have (its rows are worked out when it is first
/// asked, each by running the interpreter once).
pub const MAX_PRODUCT_ROWS: usize = 512;

#[derive(Clone, Copy, Debug)]
struct Row {
    truth: Option<bool>,
    steps: u32,
    bytes: u32,
}

/// A sub-condition's answer and cost for each combination of the values of the fields it
/// reads.
///
/// The rows are worked out when the table is first asked, not when the rule compiles: making an
/// engine compiles every check of its packs, while an input or a form runs only the checks of
/// its records' kinds. Working out the rows of every table was a third of making an engine,
/// and in wasm it is code that runs once but long enough to be queued for V8's optimising
/// compiler, ahead of the code a check runs (issue 12).
#[derive(Clone, Debug)]
pub struct Table {
    reader: Reader,
    /// Empty when a row ran out of a budget: the table then always runs the general way, which
    /// is what the interpreter answers and counts. The rows' measuring runs the interpreter on
    /// an `Expr`, which holds no table, so it never asks for the rows it is working out.
    rows: OnceLock<Box<[Row]>>,
    /// The fields' values the rows are worked out from (a row per combination).
    axes: Box<[Axis]>,
    /// The sub-condition as compiled, run when a row's cost does not fit the budget left.
    general: Expr,
}

/// Classes of a value whose truth alone matters: 0 absent, 1 null, 2 `""`, 3 another false
/// value (false, 0, NaN), 4 true. A `var` default replaces exactly classes 0–2.
const TRUTH_CLASSES: usize = 5;

fn truth_class(v: &Val<'_>) -> u8 {
    match v {
        Val::Absent => CODE_ABSENT,
        Val::Null => CODE_NULL,
        Val::Str(s) if s.is_empty() => 2,
        other => {
            if other.truthy() == Some(true) {
                4
            } else {
                3
            }
        }
    }
}

/// A literal standing for each truth class when a table is worked out (the class's first
/// members; `None` keeps the field, read from no record: absent).
fn truth_representative(class: usize) -> Option<Json> {
    match class {
        1 => Some(Json::Null),
        2 => Some(Json::String(String::new())),
        3 => Some(Json::Bool(false)),
        4 => Some(Json::String("x".into())),
        _ => None,
    }
}

/// The record fields a sub-condition reads, when it reads nothing but fields and constants.
fn fields_read(e: &Expr, out: &mut Vec<(&'static str, Accessor)>) -> bool {
    match e {
        Expr::Lit(_) | Expr::Time(_) => true,
        Expr::Field(name, get) => {
            if !out.iter().any(|(n, _)| n == name) {
                out.push((name, *get));
            }
            // An unnamed accessor cannot be told apart from another one.
            !name.is_empty()
        }
        Expr::Array(items) => items.iter().all(|i| fields_read(i, out)),
        Expr::Default(v, d) => fields_read(v, out) && fields_read(d, out),
        Expr::InLit(x, _) => fields_read(x, out),
        Expr::Op(op, args) => {
            // These read the evaluation's "now", the record's lists or the current element.
            !matches!(
                op,
                Op::AsOf
                    | Op::DaysSince
                    | Op::Missing
                    | Op::MissingSome
                    | Op::Map
                    | Op::Filter
                    | Op::Reduce
                    | Op::All
                    | Op::None
                    | Op::Some
            ) && args.iter().all(|a| fields_read(a, out))
        }
        Expr::List(..) | Expr::Item(..) | Expr::Raw(_) | Expr::Var(..) | Expr::HasLink(_) => false,
    }
}

/// The answer and cost of a sub-condition that reads no record, as the interpreter finds them;
/// `None` when it runs out of a budget (such a sub-condition stays general).
fn measure(e: &Expr) -> Option<Row> {
    let cx = Cx::new(None, None, 0, Limits::default());
    let truth = e.eval(&cx, &Val::Null).truthy();
    if cx.exhausted() {
        return None;
    }
    let (steps, bytes) = cx.used();
    Some(Row {
        truth,
        steps,
        bytes,
    })
}

/// A table over `codes` values of the one field the sub-condition reads (`None`: it reads none,
/// one row): row `i` from the sub-condition with the field replaced by `value(i)` (`None`:
/// kept, so that with no record it reads as absent).
fn table(
    e: &Expr,
    reader: Reader,
    field: Option<(&'static str, Accessor)>,
    codes: usize,
    value: impl Fn(usize) -> Option<Json>,
) -> Pred {
    let axes = field
        .map(|(name, get)| Axis {
            name,
            get,
            values: (0..codes).map(value).collect(),
        })
        .into_iter()
        .collect();
    Table::pred(e, reader, axes)
}

/// One field a table varies: the literal standing for each of its codes (`None`: absent).
#[derive(Clone, Debug)]
struct Axis {
    name: &'static str,
    get: Accessor,
    values: Vec<Option<Json>>,
}

/// How the field `name` of `e` can be one axis of a table over several, with how the table
/// reads it: by its code when it has few values, by its truth class when `e` uses it only
/// under `!`/`!!`.
fn axis(e: &Expr, name: &'static str, get: Accessor) -> Option<(Axis, Single)> {
    if let Some(d) = fields::domain(name) {
        let values = [None, Some(Json::Null)]
            .into_iter()
            .chain((d.values)().into_iter().map(Some))
            .collect();
        return Some((Axis { name, get, values }, Single::Code(d.read)));
    }
    only_truth_of(e, name).then(|| {
        let values = (0..TRUTH_CLASSES).map(truth_representative).collect();
        (Axis { name, get, values }, Single::Truth(get))
    })
}

/// Each axis's stride in a table over all of them: the last axis varies fastest, row =
/// Σ code × stride.
fn strides(axes: &[Axis]) -> Vec<usize> {
    let mut stride = 1;
    let mut out: Vec<usize> = axes
        .iter()
        .rev()
        .map(|a| {
            let this = stride;
            stride *= a.values.len().max(1);
            this
        })
        .collect();
    out.reverse();
    out
}

/// Whether every read of the field `name` in `e` is the operand of `!`/`!!` (possibly behind a
/// literal `var` default), so that only its truth class matters.
fn only_truth_of(e: &Expr, name: &str) -> bool {
    let all = |items: &[Expr]| items.iter().all(|x| only_truth_of(x, name));
    match e {
        Expr::Op(Op::Not | Op::NotNot, args) => match args.as_slice() {
            [x] if lone_field(x).is_some_and(|(n, _)| n == name) => true,
            _ => all(args),
        },
        Expr::Field(n, _) => *n != name,
        Expr::Array(items) | Expr::Op(_, items) => all(items),
        Expr::Default(v, d) => only_truth_of(v, name) && only_truth_of(d, name),
        Expr::InLit(x, _) => only_truth_of(x, name),
        Expr::Lit(_)
        | Expr::Time(_)
        | Expr::List(..)
        | Expr::Item(..)
        | Expr::Raw(_)
        | Expr::Var(..)
        | Expr::HasLink(_) => true,
    }
}

/// A table over every combination of the codes of the fields `read` (two or more), when each
/// is an [`axis`] and there are at most [`MAX_PRODUCT_ROWS`] combinations.
fn product_table(e: &Expr, read: &[(&'static str, Accessor)]) -> Option<Pred> {
    let (axes, reads): (Vec<Axis>, Vec<Single>) = read
        .iter()
        .map(|(name, get)| axis(e, name, *get))
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .unzip();
    // Only tables of at most MAX_PRODUCT_ROWS combinations (measure_rows works each one out).
    axes.iter()
        .try_fold(1usize, |n, a| n.checked_mul(a.values.len()))
        .filter(|n| *n <= MAX_PRODUCT_ROWS)?;
    let digits: Vec<Digit> = axes
        .iter()
        .zip(reads)
        .zip(strides(&axes))
        .map(|((a, read), stride)| Digit {
            read,
            radix: a.values.len(),
            stride,
        })
        .collect();
    Some(Table::pred(
        e,
        Reader::Product(digits.into_boxed_slice()),
        axes,
    ))
}

/// The rows of a table over `axes` (see [`strides`]): the sub-condition measured with each
/// combination of the fields' values (one row when there are no axes). One copy of it has its field reads overwritten for
/// each row, rather than a copy per row: a table of hundreds of rows is worked out in a few
/// milliseconds, and the built-in pack has a few thousand rows.
fn measure_rows(e: &Expr, axes: &[Axis]) -> Option<Vec<Row>> {
    let codes = axes.iter().map(|a| a.values.len()).product();
    let strides = strides(axes);
    let mut template = e.clone();
    let mut slots = Vec::new();
    find_slots(&template, axes, &mut Vec::new(), &mut slots);
    let mut rows = Vec::with_capacity(codes);
    for row in 0..codes {
        for (axis, path) in &slots {
            let (Some(a), Some(stride)) = (axes.get(*axis), strides.get(*axis)) else {
                return None;
            };
            let code = row / stride % a.values.len().max(1);
            let node = path
                .iter()
                .try_fold(&mut template, |n, i| child_mut(n, *i))?;
            *node = match a.values.get(code).and_then(Option::as_ref) {
                Some(j) => Expr::Lit(j.clone()),
                // Absent: the field itself, read from no record.
                None => Expr::Field(a.name, a.get),
            };
        }
        rows.push(measure(&template)?);
    }
    Some(rows)
}

/// Where the fields of `axes` are read in `e`: (axis, the child indexes leading there, see
/// [`child_mut`]).
fn find_slots(e: &Expr, axes: &[Axis], path: &mut Vec<usize>, out: &mut Vec<(usize, Vec<usize>)>) {
    if let Expr::Field(name, _) = e
        && let Some(axis) = axes.iter().position(|a| a.name == *name)
    {
        out.push((axis, path.clone()));
        return;
    }
    let mut visit = |i: usize, child: &Expr| {
        path.push(i);
        find_slots(child, axes, path, out);
        path.pop();
    };
    match e {
        Expr::Array(items) | Expr::Op(_, items) => {
            for (i, child) in items.iter().enumerate() {
                visit(i, child);
            }
        }
        Expr::Default(v, d) => {
            visit(0, v);
            visit(1, d);
        }
        Expr::InLit(x, _) => visit(0, x),
        _ => {}
    }
}

/// Child `i` of a node, in the order [`find_slots`] numbers them.
fn child_mut(e: &mut Expr, i: usize) -> Option<&mut Expr> {
    match e {
        Expr::Array(items) | Expr::Op(_, items) => items.get_mut(i),
        Expr::Default(v, d) => match i {
            0 => Some(&mut **v),
            1 => Some(&mut **d),
            _ => None,
        },
        Expr::InLit(x, _) => (i == 0).then_some(&mut **x),
        _ => None,
    }
}

/// The row of a table over several fields for this record (`usize::MAX`, past every row, when
/// a field holds a value the table was not worked out for).
fn product_row(digits: &[Digit], r: &crate::record::Record<'_>) -> usize {
    let mut row = 0;
    for d in digits {
        let code = usize::from(match d.read {
            Single::Code(read) => read(r),
            Single::Truth(get) => truth_class(&get(r)),
        });
        if code >= d.radix {
            return usize::MAX;
        }
        row += code * d.stride;
    }
    row
}

impl Table {
    /// The table as a condition, its rows still to be worked out.
    fn pred(e: &Expr, reader: Reader, axes: Vec<Axis>) -> Pred {
        Pred::Table(Box::new(Table {
            reader,
            rows: OnceLock::new(),
            axes: axes.into_boxed_slice(),
            general: e.clone(),
        }))
    }

    /// The table's rows, worked out on the first call.
    #[inline]
    fn rows(&self) -> &[Row] {
        match self.rows.get() {
            Some(rows) => rows,
            None => self.measure(),
        }
    }

    #[cold]
    #[inline(never)]
    fn measure(&self) -> &[Row] {
        self.rows.get_or_init(|| {
            measure_rows(&self.general, &self.axes)
                .unwrap_or_default()
                .into_boxed_slice()
        })
    }

    /// The row of the record's codes, or the general way when the row's cost does not fit the
    /// budget left (or the record holds a value the table was not worked out for).
    #[inline]
    fn truth<'r>(&'r self, cx: &Cx<'r>, cur: &Val<'r>) -> Option<bool> {
        // With no record every field is absent: code 0 of each, so row 0.
        let code = match (&self.reader, cx.record) {
            (Reader::None, _) => 0,
            (_, None) => usize::from(CODE_ABSENT),
            (Reader::Code(read), Some(r)) => usize::from(read(r)),
            (Reader::Truth(get), Some(r)) => usize::from(truth_class(&get(r))),
            (Reader::Product(digits), Some(r)) => product_row(digits, r),
        };
        match self.rows().get(code) {
            Some(row) if cx.afford(row.steps, row.bytes) => row.truth,
            _ => general(&self.general, cx, cur),
        }
    }
}

/// The interpreter, then the value's truth.
#[cold]
#[inline(never)]
fn general<'r>(e: &'r Expr, cx: &Cx<'r>, cur: &Val<'r>) -> Option<bool> {
    e.eval(cx, cur).truthy()
}

/// A field standing alone, possibly behind a `var` default that is a plain literal.
fn lone_field(e: &Expr) -> Option<(&'static str, Accessor)> {
    match e {
        Expr::Field(name, get) if !name.is_empty() => Some((name, *get)),
        Expr::Default(v, d) if matches!(**d, Expr::Lit(ref j) if !j.is_array()) => lone_field(v),
        _ => None,
    }
}

/// A field whose truth alone is used: alone, or under `!`/`!!` (any number of them).
fn truth_only_field(e: &Expr) -> Option<(&'static str, Accessor)> {
    match e {
        Expr::Op(Op::Not | Op::NotNot, args) => match args.as_slice() {
            [x] => truth_only_field(x),
            _ => None,
        },
        other => lone_field(other),
    }
}

/// `!`/`!!` unwrap a literal array argument (`{"!": [x]}`), which typed tests leave to the
/// interpreter.
fn plain_operand(e: &Expr) -> bool {
    !matches!(e, Expr::Array(_) | Expr::Lit(Json::Array(_)))
}

/// An operand a comparison reads directly, without the interpreter's dispatch: it costs the
/// steps the interpreter counts for it and builds nothing.
#[derive(Clone, Debug)]
pub enum Leaf {
    /// A literal that is neither an array nor an object.
    Lit(Json),
    Field(Accessor),
    Item(fields::ItemAccessor),
    Time(i64),
    /// `{"days": [a, b]}` of two leaves.
    Days(Box<[Leaf; 2]>),
}

impl Leaf {
    fn of(e: &Expr) -> Option<Leaf> {
        Some(match e {
            Expr::Field(_, get) => Leaf::Field(*get),
            Expr::Item(_, _, get) => Leaf::Item(*get),
            Expr::Time(t) => Leaf::Time(*t),
            Expr::Lit(j) if !j.is_array() && !j.is_object() => Leaf::Lit(j.clone()),
            Expr::Op(Op::Days, args) => match args.as_slice() {
                [a, b] => Leaf::Days(Box::new([Leaf::of(a)?, Leaf::of(b)?])),
                _ => return None,
            },
            _ => return None,
        })
    }

    /// What [`Expr::eval`] gives for the leaf, counted alike: one step for the node (absent
    /// when the budget is out), and for `days` its operands' steps after it.
    fn eval<'r>(&'r self, cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
        if !cx.step() {
            return Val::Absent;
        }
        match self {
            Leaf::Lit(j) => Val::from_json(j),
            Leaf::Field(get) => cx.record.map_or(Val::Absent, |r| get(r)),
            Leaf::Item(get) => match cur {
                Val::Item(item) => get(*item),
                _ => Val::Absent,
            },
            Leaf::Time(t) => Val::Time(*t),
            Leaf::Days(args) => {
                let [a, b] = &**args;
                days_between(a.eval(cx, cur), b.eval(cx, cur))
            }
        }
    }
}

impl Pred {
    /// Compiles a condition whose truth value is wanted.
    pub fn compile(e: &Expr) -> Pred {
        let mut read = Vec::new();
        if fields_read(e, &mut read) {
            let built = match read.as_slice() {
                [] => Some(table(e, Reader::None, None, 1, |_| None)),
                [(name, get)] => fields::domain(name).map(|d| {
                    let values = (d.values)();
                    table(
                        e,
                        Reader::Code(d.read),
                        Some((name, *get)),
                        values.len() + 2,
                        |i| match i {
                            0 => None,
                            1 => Some(Json::Null),
                            _ => values.get(i - 2).cloned(),
                        },
                    )
                }),
                several => product_table(e, several),
            };
            if let Some(p) = built {
                return p;
            }
        }
        if let Some((name, get)) = truth_only_field(e) {
            return table(
                e,
                Reader::Truth(get),
                Some((name, get)),
                TRUTH_CLASSES,
                truth_representative,
            );
        }
        match e {
            Expr::Op(op @ (Op::And | Op::Or), args) => Pred::AndOr {
                or: *op == Op::Or,
                args: args.iter().map(Pred::compile).collect(),
            },
            Expr::Op(op @ (Op::Not | Op::NotNot), args) => match args.as_slice() {
                [Expr::List(_, _, get)] => Pred::ListTruth {
                    negate: *op == Op::Not,
                    get: *get,
                },
                [x] if plain_operand(x) => Pred::Not {
                    negate: *op == Op::Not,
                    arg: Box::new(Pred::compile(x)),
                },
                _ => Pred::General(e.clone()),
            },
            Expr::Op(op @ (Op::Some | Op::All | Op::None), args) => match args.as_slice() {
                [Expr::List(_, _, get), body] => Pred::Quantifier {
                    op: *op,
                    get: *get,
                    body: Box::new(Pred::compile(body)),
                },
                _ => Pred::General(e.clone()),
            },
            Expr::Op(
                op @ (Op::Eq
                | Op::StrictEq
                | Op::Ne
                | Op::StrictNe
                | Op::Gt
                | Op::Ge
                | Op::Lt
                | Op::Le),
                args,
            ) => match args.as_slice() {
                [a, b] => match (Leaf::of(a), Leaf::of(b)) {
                    (Some(a), Some(b)) => Pred::Compare {
                        op: *op,
                        args: Box::new([a, b]),
                    },
                    _ => Pred::General(e.clone()),
                },
                _ => Pred::General(e.clone()),
            },
            other => Pred::General(other.clone()),
        }
    }

    /// The truth value of the condition (`None`: unknown), counting what the interpreter counts.
    ///
    /// A table (the commonest node, and most checks' whole `when` or `require`) is answered
    /// inline where it is asked; the other nodes go through [`Pred::holds_node`].
    #[inline]
    pub fn holds<'r>(&'r self, cx: &Cx<'r>, cur: &Val<'r>) -> Option<bool> {
        match self {
            Pred::Table(t) => t.truth(cx, cur),
            other => other.holds_node(cx, cur),
        }
    }

    /// [`Pred::holds`] of a node that is not a table.
    #[inline(never)]
    fn holds_node<'r>(&'r self, cx: &Cx<'r>, cur: &Val<'r>) -> Option<bool> {
        match self {
            Pred::Table(t) => t.truth(cx, cur),
            Pred::AndOr { or, args } => {
                if !cx.step() {
                    return None;
                }
                let mut unknown = false;
                let mut last = Some(false);
                for a in args {
                    let t = a.holds(cx, cur);
                    match t {
                        None => unknown = true,
                        Some(t) if t == *or => return Some(t),
                        Some(_) => {}
                    }
                    last = t;
                }
                // An empty `and`/`or` is null: false.
                if unknown { None } else { last }
            }
            Pred::Not { negate, arg } => {
                if !cx.step() {
                    return None;
                }
                arg.holds(cx, cur).map(|t| t != *negate)
            }
            Pred::ListTruth { negate, get } => {
                if !cx.step() || !cx.step() {
                    return None;
                }
                let items = cx.record.and_then(|r| get(r))?;
                // The interpreter builds the list (counted, one element per item) to test it.
                if !cx.alloc_list(items.len()) {
                    return None;
                }
                Some(items.is_empty() == *negate)
            }
            Pred::Quantifier { op, get, body } => {
                if !cx.step() || !cx.step() {
                    return None;
                }
                let items = cx.record.and_then(|r| get(r))?;
                let n = items.len();
                if !cx.alloc_list(n) || !cx.work(n) {
                    return None;
                }
                if n == 0 {
                    return Some(*op == Op::None);
                }
                let mut unknown = false;
                for item in items.iter() {
                    match body.holds(cx, &Val::Item(item)) {
                        None => unknown = true,
                        Some(true) if *op == Op::Some => return Some(true),
                        Some(true) if *op == Op::None => return Some(false),
                        Some(false) if *op == Op::All => return Some(false),
                        Some(_) => {}
                    }
                    if cx.exhausted() {
                        return None;
                    }
                }
                if unknown { None } else { Some(*op != Op::Some) }
            }
            Pred::Compare { op, args } => {
                if !cx.step() {
                    return None;
                }
                let [a, b] = &**args;
                match op {
                    Op::Gt | Op::Ge | Op::Lt | Op::Le => {
                        ordering(*op, [a, b].into_iter().map(|e| e.eval(cx, cur)), cx).truthy()
                    }
                    _ => {
                        let a = a.eval(cx, cur);
                        let b = b.eval(cx, cur);
                        equality(*op, a, b, cx).truthy()
                    }
                }
            }
            Pred::General(e) => e.eval(cx, cur).truthy(),
        }
    }

    /// How many sub-conditions are typed tests and how many run the interpreter (for tests and
    /// the pack's statistics).
    pub fn census(&self) -> (usize, usize) {
        match self {
            Pred::General(_) => (0, 1),
            Pred::Table(_) | Pred::ListTruth { .. } | Pred::Compare { .. } => (1, 0),
            Pred::AndOr { args, .. } => args
                .iter()
                .map(Pred::census)
                .fold((0, 0), |(a, b), (c, d)| (a + c, b + d)),
            Pred::Not { arg, .. } => arg.census(),
            Pred::Quantifier { body, .. } => {
                let (t, g) = body.census();
                (t + 1, g)
            }
        }
    }
}
