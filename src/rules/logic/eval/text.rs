//! `cat` and `substr`.

use super::super::Expr;
use super::super::value::Val;
use super::{Cx, arg};

/// `cat`: the texts of the arguments, null and absent ones left out.
pub(super) fn cat<'r>(args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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

/// `substr` by characters, with JavaScript's negative start and length.
pub(super) fn substr<'r>(args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Val<'r> {
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
