//! `if`, `and`/`or`, `!`/`!!`, equality and ordering.

use std::cmp::Ordering;

use serde_json::Value as Json;

use super::super::value::{Val, compare, loose_eq, strict_eq};
use super::super::{Expr, Op};
use super::{Cx, arg};

/// `if` (and `?:`): the first truthy condition's branch, else the last argument.
pub(super) fn if_then_else<'r>(args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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

/// `or` / `and` in Kleene logic: the first argument that settles it, else the last.
pub(super) fn or_and<'r>(op: Op, args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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

/// `!` / `!!`.
pub(super) fn not<'r>(op: Op, args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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

/// `==`, `===`, `!=`, `!==` of two evaluated arguments (shared by the interpreter and the typed
/// comparisons, so both count and answer alike).
pub(in crate::rules::logic) fn equality<'r>(
    op: Op,
    a: Val<'r>,
    b: Val<'r>,
    cx: &Cx<'r>,
) -> Val<'r> {
    if let Some(eq) = plain_equal(&a, &b) {
        return Val::Bool(eq == matches!(op, Op::Eq | Op::StrictEq));
    }
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

/// Equality of the pairs nearly every rule compares, where `==` and `===` agree and nothing is
/// counted: scalars of one type (texts short enough that comparing them costs no step), and
/// null against any of them. `None` for every other pair, which goes through the coercions.
fn plain_equal(a: &Val<'_>, b: &Val<'_>) -> Option<bool> {
    let short = |s: &str| s.len() < super::SCAN_BYTES_PER_STEP;
    Some(match (a, b) {
        (Val::Num(x), Val::Num(y)) => x == y,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Time(x), Val::Time(y)) => x == y,
        (Val::Str(x), Val::Str(y)) if short(x) && short(y) => x == y,
        (Val::Null, Val::Null) => true,
        (Val::Null, Val::Num(_) | Val::Bool(_) | Val::Time(_))
        | (Val::Num(_) | Val::Bool(_) | Val::Time(_), Val::Null) => false,
        (Val::Null, Val::Str(s)) | (Val::Str(s), Val::Null) if short(s) => false,
        _ => return None,
    })
}

/// `>`, `>=`, `<`, `<=` along arguments evaluated one by one as the iterator is drawn.
pub(in crate::rules::logic) fn ordering<'r>(
    op: Op,
    args: impl Iterator<Item = Val<'r>>,
    cx: &Cx<'r>,
) -> Val<'r> {
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

#[cfg(test)]
mod tests {
    use super::super::super::value::{Val, loose_eq, strict_eq};
    use super::plain_equal;

    /// Where the shortcut answers, it answers as `==` and `===` both do.
    #[test]
    fn plain_equality_is_loose_and_strict_equality() {
        let long = "y".repeat(2000);
        let values = [
            Val::Absent,
            Val::Null,
            Val::Bool(false),
            Val::Bool(true),
            Val::Num(0.0),
            Val::Num(-0.0),
            Val::Num(1.0),
            Val::Num(f64::NAN),
            Val::str(""),
            Val::str("0"),
            Val::str("1"),
            Val::str("x"),
            Val::str("2026-01-01T00:00:00Z"),
            Val::str(&long),
            Val::Time(0),
            Val::Time(1_767_225_600),
        ];
        let mut answered = 0;
        for a in &values {
            for b in &values {
                if let Some(eq) = plain_equal(a, b) {
                    answered += 1;
                    assert_eq!(eq, loose_eq(a, b), "{a:?} == {b:?}");
                    assert_eq!(eq, strict_eq(a, b), "{a:?} === {b:?}");
                }
            }
        }
        assert!(answered > 40, "{answered}");
    }
}
