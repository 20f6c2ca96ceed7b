//! Values seen while evaluating a condition, with JavaScript's coercions (JsonLogic is defined by
//! its JavaScript reference) plus `Absent`, the third truth value for fields a source never sends.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::ops::Deref;
use std::rc::Rc;

use serde_json::Value as Json;

use crate::record::{Approval, Instant, Link, SlaEntry, SlaTarget, Text};

#[derive(Clone, Debug)]
pub enum Val<'r> {
    /// Unknown: the source does not carry this field. Makes a check "not applicable".
    Absent,
    Null,
    Bool(bool),
    Num(f64),
    Str(Txt<'r>),
    /// A UTC instant (seconds since the epoch).
    Time(i64),
    /// A list built while evaluating, shared (cloning is a reference count) with its nesting
    /// depth, so that no value is ever deeper than `MAX_VALUE_DEPTH` lists.
    List(Rc<Vec<Val<'r>>>, u16),
    /// Arbitrary JSON (the `raw.` payload, or the data of a generic evaluation).
    Json(&'r Json),
    Item(ItemRef<'r>),
}

/// Deepest nesting of lists a condition may build (only `reduce` can nest lists beyond the
/// depth of the condition itself); deeper is a limit, like running out of steps.
pub const MAX_VALUE_DEPTH: u16 = 100;

/// Text seen while evaluating: borrowed from the record or the rule, or built by the condition
/// and shared (cloning never copies it).
#[derive(Clone, Debug)]
pub enum Txt<'r> {
    Borrowed(&'r str),
    Shared(Rc<str>),
}

impl Deref for Txt<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Txt::Borrowed(s) => s,
            Txt::Shared(s) => s,
        }
    }
}

impl PartialEq for Txt<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<'r> Txt<'r> {
    pub fn owned(s: String) -> Txt<'r> {
        Txt::Shared(Rc::from(s))
    }

    pub fn to_cow(&self) -> Cow<'r, str> {
        match self {
            Txt::Borrowed(s) => Cow::Borrowed(s),
            Txt::Shared(s) => Cow::Owned(s.to_string()),
        }
    }
}

/// How much of a value [`Val::to_text`] and [`Val::to_json`] write out before they cut it
/// (values a condition builds are bounded by its memory budget, but a list may hold the same
/// list many times over).
const MAX_OUTPUT: usize = 4 << 20;

/// An element of one of the record's typed lists.
#[derive(Clone, Copy, Debug)]
pub enum ItemRef<'r> {
    Link(&'r Link<'r>),
    Approval(&'r Approval<'r>),
    Sla(&'r SlaEntry<'r>),
    Text(&'r Text<'r>),
    Target(&'r SlaTarget<'r>),
}

impl<'r> Val<'r> {
    pub fn str(s: &'r str) -> Val<'r> {
        Val::Str(Txt::Borrowed(s))
    }

    /// Text the condition built.
    pub fn string(s: String) -> Val<'r> {
        Val::Str(Txt::owned(s))
    }

    /// A list of values (its depth is one more than its deepest element's).
    pub fn list(items: Vec<Val<'r>>) -> Val<'r> {
        let depth = items.iter().map(Val::depth).max().unwrap_or(0);
        Val::List(Rc::new(items), depth.saturating_add(1))
    }

    /// Lists nested in this value (JSON data is bounded by its parser and counts as none).
    pub fn depth(&self) -> u16 {
        match self {
            Val::List(_, d) => *d,
            _ => 0,
        }
    }

    pub fn is_absent(&self) -> bool {
        matches!(self, Val::Absent)
    }

    /// Lifts JSON into a value, keeping containers borrowed.
    pub fn from_json(json: &'r Json) -> Val<'r> {
        match json {
            Json::Null => Val::Null,
            Json::Bool(b) => Val::Bool(*b),
            Json::Number(n) => Val::Num(n.as_f64().unwrap_or(f64::NAN)),
            Json::String(s) => Val::str(s),
            Json::Array(_) | Json::Object(_) => Val::Json(json),
        }
    }

    /// JavaScript truthiness, with JsonLogic's rule that an empty array is false.
    /// `None` for `Absent`.
    pub fn truthy(&self) -> Option<bool> {
        Some(match self {
            Val::Absent => return None,
            Val::Null => false,
            Val::Bool(b) => *b,
            Val::Num(n) => *n != 0.0 && !n.is_nan(),
            Val::Str(s) => !s.is_empty(),
            Val::Time(_) => true,
            Val::List(items, _) => !items.is_empty(),
            Val::Json(Json::Array(items)) => !items.is_empty(),
            // An object is truthy (from_json keeps it a Val::Json: asking again never ended).
            Val::Json(Json::Object(_)) => true,
            Val::Json(j) => Val::from_json(j).truthy().unwrap_or(true),
            Val::Item(_) => true,
        })
    }

    /// JavaScript `Number(x)`.
    pub fn to_number(&self) -> f64 {
        match self {
            Val::Absent => f64::NAN,
            Val::Null => 0.0,
            Val::Bool(b) => f64::from(u8::from(*b)),
            Val::Num(n) => *n,
            Val::Str(s) => str_to_number(s),
            Val::Time(t) => *t as f64,
            Val::List(items, _) => match items.as_slice() {
                [] => 0.0,
                [one] => one.to_number(),
                _ => f64::NAN,
            },
            Val::Json(Json::Array(items)) => match items.as_slice() {
                [] => 0.0,
                [one] => Val::from_json(one).to_number(),
                _ => f64::NAN,
            },
            Val::Json(j) => match Val::from_json(j) {
                Val::Json(_) => f64::NAN,
                v => v.to_number(),
            },
            Val::Item(_) => f64::NAN,
        }
    }

    /// JavaScript `String(x)` (cut after a few MiB: see [`MAX_OUTPUT`]).
    pub fn to_text(&self) -> Cow<'r, str> {
        match self {
            Val::Absent => Cow::Borrowed("undefined"),
            Val::Null => Cow::Borrowed("null"),
            Val::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Val::Num(n) => Cow::Owned(number_to_text(*n)),
            Val::Str(s) => s.to_cow(),
            Val::Time(t) => Cow::Owned(Instant(*t).to_string()),
            Val::Json(Json::Object(_)) => Cow::Borrowed("[object Object]"),
            Val::Json(Json::Array(_)) | Val::List(..) => {
                let mut out = String::new();
                let mut budget = MAX_OUTPUT;
                self.write_text(&mut out, &mut |n| {
                    budget = budget.checked_sub(n.max(1))?;
                    Some(())
                });
                Cow::Owned(out)
            }
            Val::Json(j) => Val::from_json(j).to_text(),
            Val::Item(ItemRef::Text(t)) => Cow::Borrowed(t.0.as_ref()),
            Val::Item(_) => Cow::Borrowed("[object Object]"),
        }
    }

    /// Writes `String(x)` piece by piece, asking `charge(bytes)` before each piece; stops (and
    /// returns `None`) when it refuses.
    pub fn write_text(
        &self,
        out: &mut String,
        charge: &mut dyn FnMut(usize) -> Option<()>,
    ) -> Option<()> {
        fn piece(
            text: &str,
            out: &mut String,
            charge: &mut dyn FnMut(usize) -> Option<()>,
        ) -> Option<()> {
            charge(text.len())?;
            out.push_str(text);
            Some(())
        }
        match self {
            Val::List(items, _) => {
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        piece(",", out, charge)?;
                    }
                    v.write_text(out, charge)?;
                }
                Some(())
            }
            Val::Json(Json::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        piece(",", out, charge)?;
                    }
                    Val::from_json(v).write_text(out, charge)?;
                }
                Some(())
            }
            other => piece(&other.to_text(), out, charge),
        }
    }
    /// Element `i` of a list-like value, without copying the list.
    pub fn element(&self, i: usize) -> Option<Val<'r>> {
        match self {
            Val::List(items, _) => items.get(i).cloned(),
            Val::Json(Json::Array(items)) => items.get(i).map(Val::from_json),
            _ => None,
        }
    }

    /// How many elements a list-like value has.
    pub fn element_count(&self) -> Option<usize> {
        match self {
            Val::List(items, _) => Some(items.len()),
            Val::Json(Json::Array(items)) => Some(items.len()),
            _ => None,
        }
    }

    /// The elements of a list-like value.
    pub fn elements(&self) -> Option<Vec<Val<'r>>> {
        match self {
            Val::List(items, _) => Some(items.to_vec()),
            Val::Json(Json::Array(items)) => Some(items.iter().map(Val::from_json).collect()),
            _ => None,
        }
    }

    /// Plain JSON for results (maps and reductions), owned; cut (the rest as null) after a few
    /// MiB, see [`MAX_OUTPUT`].
    pub fn to_json(&self) -> Json {
        let mut budget = MAX_OUTPUT;
        self.to_json_within(&mut budget)
    }

    fn to_json_within(&self, budget: &mut usize) -> Json {
        let cost = match self {
            Val::Str(s) => s.len(),
            Val::Json(_) => 0,
            _ => 1,
        };
        let Some(left) = budget.checked_sub(cost.max(1)) else {
            *budget = 0;
            return Json::Null;
        };
        *budget = left;
        match self {
            Val::Absent | Val::Null | Val::Item(_) => Json::Null,
            Val::Bool(b) => Json::Bool(*b),
            Val::Num(n) => serde_json::Number::from_f64(*n)
                .map(Json::Number)
                .unwrap_or(Json::Null),
            Val::Str(s) => Json::String(s.to_string()),
            Val::Time(t) => Json::String(Instant(*t).to_string()),
            Val::List(items, _) => {
                Json::Array(items.iter().map(|v| v.to_json_within(budget)).collect())
            }
            Val::Json(j) => json_within(j, budget),
        }
    }

    /// JSON scalars as plain values; everything else as it is (without copying).
    fn primitive(&self) -> Cow<'_, Val<'r>> {
        match self {
            Val::Json(j) => match Val::from_json(j) {
                Val::Json(_) => Cow::Borrowed(self),
                v => Cow::Owned(v),
            },
            _ => Cow::Borrowed(self),
        }
    }

    pub fn is_object_like(&self) -> bool {
        matches!(
            self,
            Val::List(..) | Val::Json(Json::Array(_) | Json::Object(_)) | Val::Item(_)
        )
    }
}

/// JavaScript `==`.
pub fn loose_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    let (a, b) = (a.primitive(), b.primitive());
    let (a, b) = (a.as_ref(), b.as_ref());
    match (a, b) {
        (Val::Null | Val::Absent, Val::Null | Val::Absent) => true,
        (Val::Null | Val::Absent, _) | (_, Val::Null | Val::Absent) => false,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Time(x), Val::Time(y)) => x == y,
        (Val::Time(t), Val::Str(s)) | (Val::Str(s), Val::Time(t)) => {
            Instant::parse_utc(s).is_some_and(|i| i.0 == *t)
        }
        _ if a.is_object_like() && b.is_object_like() => false,
        _ if a.is_object_like() => loose_eq(&Val::string(a.to_text().into_owned()), b),
        _ if b.is_object_like() => loose_eq(a, &Val::string(b.to_text().into_owned())),
        _ => a.to_number() == b.to_number(),
    }
}

/// JavaScript `===`.
pub fn strict_eq(a: &Val<'_>, b: &Val<'_>) -> bool {
    let (a, b) = (a.primitive(), b.primitive());
    match (a.as_ref(), b.as_ref()) {
        (Val::Null, Val::Null) | (Val::Absent, Val::Absent) => true,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Num(x), Val::Num(y)) => x == y,
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Time(x), Val::Time(y)) => x == y,
        _ => false,
    }
}

/// JavaScript relational comparison (`<` and friends): `None` when incomparable.
pub fn compare(a: &Val<'_>, b: &Val<'_>) -> Option<Ordering> {
    // Numbers and instants (most comparisons) need no coercion.
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => return x.partial_cmp(y),
        (Val::Time(x), Val::Time(y)) => return Some(x.cmp(y)),
        _ => {}
    }
    let (a, b) = (a.primitive(), b.primitive());
    let (a, b) = (a.as_ref(), b.as_ref());
    match (a, b) {
        (Val::Str(x), Val::Str(y)) => Some((**x).cmp(&**y)),
        (Val::Time(x), Val::Time(y)) => Some(x.cmp(y)),
        (Val::Time(t), Val::Str(s)) => Instant::parse_utc(s).map(|i| t.cmp(&i.0)),
        (Val::Str(s), Val::Time(t)) => Instant::parse_utc(s).map(|i| i.0.cmp(t)),
        _ => {
            let (x, y) = (a.to_number(), b.to_number());
            x.partial_cmp(&y)
        }
    }
}

/// A copy of JSON data, cut (the rest as null) when `budget` (bytes and nodes) runs out.
fn json_within(j: &Json, budget: &mut usize) -> Json {
    let cost = match j {
        Json::String(s) => s.len(),
        _ => 1,
    };
    let Some(left) = budget.checked_sub(cost.max(1)) else {
        *budget = 0;
        return Json::Null;
    };
    *budget = left;
    match j {
        Json::Array(items) => Json::Array(items.iter().map(|v| json_within(v, budget)).collect()),
        Json::Object(map) => Json::Object(crate::util::sort::object_from(
            map.iter().map(|(k, v)| (k.clone(), json_within(v, budget))),
        )),
        other => other.clone(),
    }
}

fn str_to_number(s: &str) -> f64 {
    let t = s.trim();
    if t.is_empty() {
        return 0.0;
    }
    t.parse::<f64>().unwrap_or(f64::NAN)
}

/// A number as JavaScript writes it (`String(n)`), which is what json-logic-js's text operators
/// see: integers without a decimal point, decimal notation from 1e-6 up to 1e21 and an exponent
/// outside it (`1e+21`, `1.5e-7`), `NaN` and `Infinity`. The digits are the shortest that read
/// back to `n`, and of two equally near the even one, as JavaScript takes it ([`shortest`]).
pub fn number_to_text(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        // Exact in an i64 (below 2^53), negative zero included: the common case.
        return itoa::Buffer::new().format(n as i64).to_string();
    }
    let (digits, point) = shortest(n);
    let k = digits.len() as i64;
    let sign = if n < 0.0 { "-" } else { "" };
    let text = if (k..=21).contains(&point) {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if (1..=21).contains(&point) {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    } else if (-5..=0).contains(&point) {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        let e = point - 1;
        format!(
            "{first}{dot}{rest}e{}{}",
            if e < 0 { "-" } else { "+" },
            e.abs()
        )
    };
    format!("{sign}{text}")
}

/// The shortest digits that read back to `n` (finite, not zero), without leading or trailing
/// zeros, and where the decimal point falls among them: |n| = 0.`digits` × 10^`point`
/// (`("15", -6)` for 1.5e-7, `("1", 22)` for 1e21). They come from zmij, the float writer
/// serde_json builds in, which takes the even digit of a tie as JavaScript does; Rust's `{}`
/// may take the other (about one random bit pattern in 4,000, all with 17 digits).
fn shortest(n: f64) -> (String, i64) {
    let mut buffer = zmij::Buffer::new();
    let text = buffer.format_finite(n.abs());
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.trim_start_matches('+').parse::<i64>().unwrap_or(0)),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits = String::with_capacity(whole.len() + fraction.len());
    digits.push_str(whole);
    digits.push_str(fraction);
    let leading = digits.len() - digits.trim_start_matches('0').len();
    let point = whole.len() as i64 - leading as i64 + exponent;
    let kept = digits.trim_start_matches('0').trim_end_matches('0').len();
    digits.drain(..leading);
    digits.truncate(kept);
    (digits, point)
}

#[cfg(test)]
mod tests {
    use super::{number_to_text, shortest};

    #[test]
    fn shortest_digits_and_point() {
        assert_eq!(shortest(1.5e-7), ("15".into(), -6));
        assert_eq!(shortest(1e21), ("1".into(), 22));
        assert_eq!(shortest(-123.456), ("123456".into(), 3));
        assert_eq!(shortest(100.0), ("1".into(), 3));
        assert_eq!(shortest(0.001), ("1".into(), -2));
        assert_eq!(shortest(5e-324), ("5".into(), -323));
    }

    /// What `String(x)` gives in Node for each number (the texts were written by Node).
    #[test]
    fn numbers_read_as_javascript_writes_them() {
        for (n, js) in [
            (0e0_f64, "0"),
            (-0.0_f64, "0"),
            (1e0_f64, "1"),
            (-1e0_f64, "-1"),
            (1e-1_f64, "0.1"),
            (5e-1_f64, "0.5"),
            (1.23456e2_f64, "123.456"),
            (-2.25e0_f64, "-2.25"),
            (9.995e1_f64, "99.95"),
            (1e-6_f64, "0.000001"),
            (1e-7_f64, "1e-7"),
            (1.5e-7_f64, "1.5e-7"),
            (-3.3e-12_f64, "-3.3e-12"),
            (1.234e-6_f64, "0.000001234"),
            (1e15_f64, "1000000000000000"),
            (1.000_000_000_000_000_5e15_f64, "1000000000000000.5"),
            (9.007_199_254_740_992e15_f64, "9007199254740992"),
            (1e16_f64, "10000000000000000"),
            (1.2345e20_f64, "123450000000000000000"),
            (1e21_f64, "1e+21"),
            (1.5e21_f64, "1.5e+21"),
            (-1e21_f64, "-1e+21"),
            (1e300_f64, "1e+300"),
            (5e-324_f64, "5e-324"),
            (6.666_666_666_666_666e-1_f64, "0.6666666666666666"),
            (1.234_567_890_123_456_8e20_f64, "123456789012345680000"),
            (9.999_999_999_999_999e20_f64, "999999999999999900000"),
            (3.000_000_000_000_000_4e-1_f64, "0.30000000000000004"),
            (1e19_f64, "10000000000000000000"),
            (1.234_567_890_123_456_7e19_f64, "12345678901234567000"),
            // Two texts of 17 digits equally near: JavaScript takes the even one (Rust's `{}`
            // says "-1149636667324797.3").
            // (-1149636667324797.25, exactly: a literal would be rounded in its text.)
            (-1_149_636_667_324_797.0_f64 - 0.25, "-1149636667324797.2"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ] {
            assert_eq!(number_to_text(n), js, "{n:e}");
        }
    }

    /// Between 1e-6 and 1e21 the text is what `{}` writes (the notation JavaScript also uses
    /// there), or differs only where two texts of as many digits read back to the number and it
    /// took the even last digit (see [`shortest`]).
    #[test]
    fn decimal_notation_in_between_is_display_s() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut ties = 0;
        for _ in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let n = f64::from_bits(x);
            if !(n.is_finite() && (1e-6..1e21).contains(&n.abs())) {
                continue;
            }
            let (mine, rusts) = (number_to_text(n), n.to_string());
            if mine != rusts {
                ties += 1;
                assert_eq!(mine.len(), rusts.len(), "{n:e}: {mine} {rusts}");
                assert_eq!(mine.parse::<f64>().ok(), Some(n), "{n:e}: {mine}");
                let last = mine.bytes().last().unwrap_or(b'0');
                assert!(
                    (last - b'0').is_multiple_of(2),
                    "{n:e}: {mine} against {rusts}"
                );
            }
        }
        assert!(ties < 100, "{ties} ties");
    }
}
