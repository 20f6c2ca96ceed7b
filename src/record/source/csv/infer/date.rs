//! A date cell read into its parts (three components and an optional time) before the order of
//! day and month is known, and read again with a decided shape.

use super::shape::{DateShape, Order, shape_of};
use crate::record::time::Instant;

/// A month name (English, three letters or more) → 1..=12.
fn month_of(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = word.to_ascii_lowercase();
    if lower.len() < 3 || !lower.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as u32 + 1)
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Comp {
    Num { value: u32, digits: usize },
    Month(u32),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Time {
    pub(super) hour: u32,
    pub(super) minute: u32,
    pub(super) second: Option<u32>,
    /// `Some(true)`: PM, `Some(false)`: AM.
    pub(super) pm: Option<bool>,
}

/// A date written as three components and an optional time, before the order is known.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Parts {
    pub(super) comps: [Comp; 3],
    pub(super) sep: char,
    pub(super) time: Option<Time>,
}

fn number(text: &str, max_digits: usize) -> Option<Comp> {
    if text.is_empty() || text.len() > max_digits || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Comp::Num {
        value: text.parse().ok()?,
        digits: text.len(),
    })
}

fn parse_time(text: &str) -> Option<Time> {
    let t = text.trim();
    let upper = t.to_ascii_uppercase();
    let (clock, pm) = if let Some(c) = upper.strip_suffix("PM") {
        (c.trim_end(), Some(true))
    } else if let Some(c) = upper.strip_suffix("AM") {
        (c.trim_end(), Some(false))
    } else {
        (upper.as_str(), None)
    };
    let mut pieces = clock.split(':');
    let h = pieces.next()?;
    let m = pieces.next()?;
    let s = pieces.next();
    if pieces.next().is_some() || h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let all_digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(h) || !all_digits(m) {
        return None;
    }
    let second = match s {
        None => None,
        Some(s) => {
            // Fractions of a second are dropped.
            let whole = s.split(['.', ',']).next().unwrap_or(s);
            if whole.len() != 2 || !all_digits(whole) {
                return None;
            }
            Some(whole.parse().ok()?)
        }
    };
    let (hour, minute): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let hour_ok = match pm {
        Some(_) => (1..=12).contains(&hour),
        None => hour <= 23,
    };
    if !hour_ok || minute > 59 || second.is_some_and(|s| s > 59) {
        return None;
    }
    Some(Time {
        hour,
        minute,
        second,
        pm,
    })
}

pub(super) fn parse_parts(text: &str) -> Option<Parts> {
    let t = text.trim();
    let (date, time) = match t.find([' ', 'T']) {
        Some(at) => (t.get(..at)?, Some(t.get(at + 1..)?)),
        None => (t, None),
    };
    let sep = date.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let pieces: Vec<&str> = date.split(sep).collect();
    let [a, b, c] = pieces.as_slice() else {
        return None;
    };
    let comp = |s: &str| number(s, 4).or_else(|| month_of(s).map(Comp::Month));
    let comps = [comp(a)?, comp(b)?, comp(c)?];
    let months = comps.iter().filter(|c| matches!(c, Comp::Month(_))).count();
    if months > 1 {
        return None;
    }
    let time = match time {
        None => None,
        Some(t) if t.trim().is_empty() => None,
        Some(t) => Some(parse_time(t)?),
    };
    Some(Parts { comps, sep, time })
}

/// Whether a value is written as a date (in any order, ISO included).
pub fn looks_like_date(text: &str) -> bool {
    Instant::parse(text, None).is_some()
        || parse_parts(text).is_some_and(|p| shape_of(&p).is_some())
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A 2-digit year: 00–68 → 2000s, 69–99 → 1900s (POSIX `%y`).
pub fn full_year(short: i64) -> i64 {
    if short < 69 {
        2000 + short
    } else {
        1900 + short
    }
}

/// The date of `text` read with a decided shape: `YYYY-MM-DD HH:MM:SS`.
pub fn read_date(text: &str, shape: &DateShape) -> Option<String> {
    let p = parse_parts(text)?;
    if p.sep != shape.sep {
        return None;
    }
    let num = |c: Comp| match c {
        Comp::Num { value, .. } => Some(value),
        Comp::Month(_) => None,
    };
    let month = |c: Comp| match c {
        Comp::Num { value, .. } => Some(value),
        Comp::Month(m) => Some(m),
    };
    let year = |c: Comp| match c {
        Comp::Num { value, digits: 2 } => Some(full_year(i64::from(value))),
        Comp::Num { value, digits: 4 } => Some(i64::from(value)),
        _ => None,
    };
    let [a, b, c] = p.comps;
    let (y, mo, d) = match shape.order {
        Order::YearFirst => (year(a)?, month(b)?, num(c)?),
        Order::DayFirst => (year(c)?, month(b)?, num(a)?),
        Order::MonthFirst => (year(c)?, month(a)?, num(b)?),
    };
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) {
        return None;
    }
    let (h, mi, s) = match p.time {
        None => (0, 0, 0),
        Some(t) => {
            let h = match t.pm {
                Some(true) if t.hour < 12 => t.hour + 12,
                Some(false) if t.hour == 12 => 0,
                _ => t.hour,
            };
            (h, t.minute, t.second.unwrap_or(0))
        }
    };
    Some(format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"))
}
