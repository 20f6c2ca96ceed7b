//! The evidence operators: `matrix`, `days`, `daysSince`, `count`.

use super::super::value::Val;
use super::super::{Expr, Op};
use super::data::to_time;
use super::{Cx, arg};
use crate::record::Instant;

/// `matrix`: the number at a 1-based row and column of a table.
pub(super) fn matrix<'r>(args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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

/// `days` between two times, or `daysSince` one up to the evaluation's "now".
pub(super) fn days<'r>(op: Op, args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
    let (a, b) = if op == Op::Days {
        (arg(args, 0, cx, cur), arg(args, 1, cx, cur))
    } else {
        (arg(args, 0, cx, cur), Val::Time(cx.as_of))
    };
    days_between(a, b)
}

/// Days from `a` to `b` once both are evaluated (shared with the typed comparisons).
pub(in crate::rules::logic) fn days_between<'r>(a: Val<'r>, b: Val<'r>) -> Val<'r> {
    if a.is_absent() || b.is_absent() {
        return Val::Absent;
    }
    match (to_time(&a), to_time(&b)) {
        (Some(x), Some(y)) => Val::Num((y - x) as f64 / Instant::SECONDS_PER_DAY as f64),
        _ => Val::Null,
    }
}

/// `count`: the number of elements of a list (0 for null).
pub(super) fn count<'r>(args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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
