//! `max`/`min`, `+`/`*`, `-`/`/`/`%`.

use super::super::value::Val;
use super::super::{Expr, Op};
use super::{Cx, arg};

/// `max` / `min` of numbers (NaN wins, like JavaScript's `Math.max`).
pub(super) fn max_min<'r>(op: Op, args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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

/// `+` / `*` over every argument.
pub(super) fn add_mul<'r>(op: Op, args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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

/// `-` (also negation with one argument), `/`, `%`.
pub(super) fn sub_div_mod<'r>(op: Op, args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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
