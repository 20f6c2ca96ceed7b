//! Operations over lists: `merge`, `in`, `missing`, `missing_some` and the iterating ones
//! (`map`, `filter`, `reduce`, `all`, `none`, `some`).

use super::super::value::{Txt, Val, strict_eq};
use super::super::{Expr, Op};
use super::data::{elements, is_empty_value, navigate, step_data};
use super::{Cx, arg};
use crate::rules::fields;

/// `merge`: the arguments' elements (and non-list arguments) in one list.
pub(super) fn merge<'r>(args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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

/// `in`: an element of a list, or a substring of a text.
pub(super) fn contains<'r>(args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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

/// `missing`: the keys whose value is absent, null or empty.
pub(super) fn missing<'r>(args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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

/// `missing_some`: the missing keys, or none when at least the number needed is present.
pub(super) fn missing_some<'r>(args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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

pub(super) fn iterate<'r>(op: Op, args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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
