//! What a list export does not say about itself, read from its values: the delimiter, the date
//! format of each date column, a decimal comma, the null markers and spreadsheet booleans.
//!
//! Rules (each pinned by a case in `tests/conformance/csv.json`):
//!
//! - **Delimiter**: of `,` `;` tab `|`, the one that splits the header and the first rows into
//!   the same number of cells (outside quotes); ties go to the one giving more cells, then to
//!   that order. `context.csv.delimiter` overrides.
//! - **Nulls**: an empty cell, or one of `?` `NULL` `null` `N/A` `(empty)` `-` `#N/B` `#N/A`, is
//!   empty. `context.csv.nulls` replaces the list (the empty cell stays empty).
//! - **Dates**, per column: every non-empty value is a date of one shape (`-`, `/` or `.` between
//!   day, month and year; 2- or 4-digit year; month as a number or a name; an optional time with
//!   or without seconds, on a 24- or 12-hour clock with AM/PM). A 4-digit year first is Y-M-D; a
//!   named month decides; otherwise any first number above 12 means day first, any second number
//!   above 12 means month first. A column where every day is 12 or less takes the order the
//!   other date columns of the file decided; when none did, it stays unread and a warning asks
//!   for its format. ISO values (`2016-02-29 01:16:00`, RFC 3339) are read as they are.
//!   `context.csv.dateFormat` overrides: it is then the format of every date column.
//! - **Decimal comma**, per column: numbers such as `1,5`, `0,25` or `1.234,5` (a comma followed
//!   by other than three digits, a leading `0,`, or `.` thousands); the column is read with a
//!   decimal point. `context.csv.decimal` overrides (and then nothing is rewritten).
//! - **Booleans**: a column of `TRUE`/`FALSE` (any case) is read as `true`/`false`.
//!
//! What was inferred is reported as warnings of the first row, one per rule and column group.

use std::collections::BTreeMap;

use crate::record::source::context::Context;
use crate::record::time::Instant;

/// Cell values that mean "empty" when the context names none.
pub const NULL_MARKERS: &[&str] = &["?", "NULL", "null", "N/A", "(empty)", "-", "#N/B", "#N/A"];

/// How the notes of [`columns`] and the delimiter's note begin: they say what was inferred, not
/// that something is wrong (a data-quality summary can leave them out).
pub const NOTE_PREFIXES: &[&str] = &[
    "CSV delimiter inferred: ",
    "CSV dates read as ",
    "CSV numbers read with a decimal comma ",
    "CSV cells ",
];

/// Whether a warning only says what the reader inferred (see [`NOTE_PREFIXES`]).
pub fn is_inference_note(message: &str) -> bool {
    NOTE_PREFIXES.iter().any(|p| message.starts_with(p))
}

/// The delimiters tried, in order of preference.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Lines of the file looked at for the delimiter.
const SNIFF_LINES: usize = 25;

/// Column names listed in a note before "… (+n)".
const LISTED: usize = 8;

/// How to read one column.
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    /// Read as it is.
    Text,
    /// Dates of this shape, rewritten as `YYYY-MM-DD HH:MM:SS` (ISO values are kept).
    Date(DateShape),
    /// Dates in the context's `dateFormat`.
    Given,
    /// Numbers with a decimal comma, rewritten with a decimal point.
    DecimalComma,
    /// `TRUE`/`FALSE` in any case, rewritten as `true`/`false`.
    Boolean,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[expect(
    clippy::enum_variant_names,
    reason = "day-first, month-first and year-first are what the date orders are called"
)]
pub enum Order {
    DayFirst,
    MonthFirst,
    YearFirst,
}

/// The shape of a column's dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateShape {
    pub order: Order,
    pub sep: char,
    /// The year has two digits.
    pub short_year: bool,
    /// The month is a name (`Feb`, `February`).
    pub month_name: bool,
    /// 0: no time, 2: hours and minutes, 3: with seconds (the most complete value seen).
    pub time_parts: u8,
    pub twelve_hour: bool,
}

impl DateShape {
    /// The strftime form of the shape, as `context.csv.dateFormat` takes it.
    pub fn format(&self) -> String {
        let year = if self.short_year { "%y" } else { "%Y" };
        let month = if self.month_name { "%b" } else { "%m" };
        let s = self.sep;
        let mut f = match self.order {
            Order::DayFirst => format!("%d{s}{month}{s}{year}"),
            Order::MonthFirst => format!("{month}{s}%d{s}{year}"),
            Order::YearFirst => format!("{year}{s}{month}{s}%d"),
        };
        let hour = if self.twelve_hour { "%I" } else { "%H" };
        match self.time_parts {
            2 => f.push_str(&format!(" {hour}:%M")),
            3 => f.push_str(&format!(" {hour}:%M:%S")),
            _ => {}
        }
        if self.twelve_hour && self.time_parts > 0 {
            f.push_str(" %p");
        }
        f
    }

    fn with_order(self, order: Order) -> DateShape {
        DateShape { order, ..self }
    }
}

/// Something the reader inferred (or could not), said once for the file: a warning of its first
/// row, at `line 1` (the header) or `line 1: <column>`.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    /// The column it is about, when one.
    pub column: Option<String>,
    pub message: String,
    /// An example value (JSON text), or empty.
    pub value: String,
}

/// How an export is read: its delimiter, null markers and column formats, with the notes to
/// report.
#[derive(Clone, Debug)]
pub struct Inference {
    pub nulls: Vec<String>,
    pub columns: Vec<Column>,
    pub notes: Vec<Note>,
}

fn json_text(value: &str) -> String {
    serde_json::Value::String(value.to_string()).to_string()
}

/// A list of columns for a note: the first few, then how many more.
pub fn list_columns(names: &[String]) -> String {
    let mut out = names
        .iter()
        .take(LISTED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > LISTED {
        out.push_str(&format!(", … (+{})", names.len() - LISTED));
    }
    out
}

/// The delimiter: the context's, else the one that splits the first lines alike. Returns it
/// and whether it was inferred.
pub fn delimiter(text: &str, cx: &Context) -> (u8, bool) {
    if let Some(d) = cx.csv.delimiter.as_deref().and_then(|d| d.bytes().next()) {
        return (d, false);
    }
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SNIFF_LINES)
        .collect();
    let Some((header, rest)) = lines.split_first() else {
        return (b',', true);
    };
    let count = |line: &str, d: u8, quoted: &mut bool| -> usize {
        let mut n = 0;
        for b in line.bytes() {
            match b {
                b'"' => *quoted = !*quoted,
                x if x == d && !*quoted => n += 1,
                _ => {}
            }
        }
        n
    };
    // (rows splitting like the header, cells in the header) per delimiter
    let mut best: Option<(u8, usize, usize)> = None;
    for d in DELIMITERS {
        let mut quoted = false;
        let h = count(header, d, &mut quoted);
        if h == 0 {
            continue;
        }
        let mut alike = 0;
        let mut quoted = false;
        for line in rest {
            // A line inside a quoted cell continues the previous row: its count is partial.
            let was_quoted = quoted;
            let n = count(line, d, &mut quoted);
            if !was_quoted && !quoted && n == h {
                alike += 1;
            }
        }
        let better = match best {
            None => true,
            Some((_, a, c)) => alike > a || (alike == a && h > c),
        };
        if better {
            best = Some((d, alike, h));
        }
    }
    (best.map_or(b',', |(d, _, _)| d), true)
}

/// The null markers in effect.
pub fn nulls(cx: &Context) -> Vec<String> {
    if cx.csv.nulls.is_empty() {
        NULL_MARKERS.iter().map(|s| s.to_string()).collect()
    } else {
        cx.csv.nulls.clone()
    }
}

pub fn is_null(value: &str, nulls: &[String]) -> bool {
    let v = value.trim();
    v.is_empty() || nulls.iter().any(|n| n == v)
}

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
enum Comp {
    Num { value: u32, digits: usize },
    Month(u32),
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Time {
    hour: u32,
    minute: u32,
    second: Option<u32>,
    /// `Some(true)`: PM, `Some(false)`: AM.
    pm: Option<bool>,
}

/// A date written as three components and an optional time, before the order is known.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Parts {
    comps: [Comp; 3],
    sep: char,
    time: Option<Time>,
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

fn parse_parts(text: &str) -> Option<Parts> {
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

/// The shape a value fits before the order is decided, with what its numbers allow:
/// (shape with a provisional order, day-first possible, month-first possible).
fn shape_of(p: &Parts) -> Option<(DateShape, bool, bool)> {
    let time_parts = match p.time {
        None => 0,
        Some(Time { second: None, .. }) => 2,
        Some(_) => 3,
    };
    let twelve_hour = p.time.is_some_and(|t| t.pm.is_some());
    let base = |order, short_year, month_name| DateShape {
        order,
        sep: p.sep,
        short_year,
        month_name,
        time_parts,
        twelve_hour,
    };
    match p.comps {
        // 2016-02-29, 2016/Feb/29
        [
            Comp::Num { digits: 4, .. },
            b,
            Comp::Num {
                value: d,
                digits: 1..=2,
            },
        ] => {
            let month_name = matches!(b, Comp::Month(_));
            let ok = match b {
                Comp::Num {
                    value,
                    digits: 1..=2,
                } => (1..=12).contains(&value),
                Comp::Month(_) => true,
                Comp::Num { .. } => false,
            };
            (ok && (1..=31).contains(&d)).then_some((
                base(Order::YearFirst, false, month_name),
                false,
                false,
            ))
        }
        // 29-Feb-2016, 29/Feb/16
        [
            Comp::Num {
                value: d,
                digits: 1..=2,
            },
            Comp::Month(_),
            Comp::Num {
                digits: y @ (2 | 4),
                ..
            },
        ] => (1..=31)
            .contains(&d)
            .then_some((base(Order::DayFirst, y == 2, true), true, false)),
        // Feb-29-2016
        [
            Comp::Month(_),
            Comp::Num {
                value: d,
                digits: 1..=2,
            },
            Comp::Num {
                digits: y @ (2 | 4),
                ..
            },
        ] => (1..=31)
            .contains(&d)
            .then_some((base(Order::MonthFirst, y == 2, true), false, true)),
        // 29-02-2016, 2/29/16
        [
            Comp::Num {
                value: a,
                digits: 1..=2,
            },
            Comp::Num {
                value: b,
                digits: 1..=2,
            },
            Comp::Num {
                digits: y @ (2 | 4),
                ..
            },
        ] => {
            let day_first = (1..=31).contains(&a) && (1..=12).contains(&b);
            let month_first = (1..=12).contains(&a) && (1..=31).contains(&b);
            (day_first || month_first).then_some((
                base(Order::DayFirst, y == 2, false),
                day_first,
                month_first,
            ))
        }
        _ => None,
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

/// What a column's values say about dates.
#[derive(Clone, Copy, Debug, PartialEq)]
enum DateEvidence {
    /// Not a date column.
    None,
    /// Only ISO values: read as they are.
    Iso,
    /// A shape whose order the values decide.
    Decided(DateShape, &'static str),
    /// A day-month shape the values cannot order (every day 12 or less).
    Undecided(DateShape),
    /// Values that allow neither order together.
    Conflicting,
}

fn date_evidence(values: &[&str]) -> DateEvidence {
    let mut shape: Option<DateShape> = None;
    let (mut day_first, mut month_first) = (true, true);
    let mut any = false;
    for v in values {
        if Instant::parse(v, None).is_some() {
            continue;
        }
        let Some(parts) = parse_parts(v) else {
            return DateEvidence::None;
        };
        let Some((s, d, m)) = shape_of(&parts) else {
            return DateEvidence::None;
        };
        any = true;
        shape = Some(match shape {
            None => s,
            Some(prev) => {
                let same = prev.order == s.order
                    || (prev.order != Order::YearFirst && s.order != Order::YearFirst);
                if !same
                    || prev.sep != s.sep
                    || prev.short_year != s.short_year
                    || prev.month_name != s.month_name
                {
                    return DateEvidence::None;
                }
                DateShape {
                    time_parts: prev.time_parts.max(s.time_parts),
                    twelve_hour: prev.twelve_hour || s.twelve_hour,
                    ..prev
                }
            }
        });
        if s.order != Order::YearFirst && !s.month_name {
            day_first &= d;
            month_first &= m;
        }
    }
    let Some(shape) = shape.filter(|_| any) else {
        return if values.is_empty() {
            DateEvidence::None
        } else {
            DateEvidence::Iso
        };
    };
    match (shape.order, shape.month_name) {
        (Order::YearFirst, _) => DateEvidence::Decided(shape, "the year comes first"),
        (_, true) => DateEvidence::Decided(shape, "the month is a name"),
        _ => match (day_first, month_first) {
            (true, false) => DateEvidence::Decided(
                shape.with_order(Order::DayFirst),
                "a day above 12 comes first",
            ),
            (false, true) => DateEvidence::Decided(
                shape.with_order(Order::MonthFirst),
                "a day above 12 comes second",
            ),
            (true, true) => DateEvidence::Undecided(shape),
            (false, false) => DateEvidence::Conflicting,
        },
    }
}

/// A number with a decimal comma that a decimal point cannot be (`1,5`, `0,250`, `1.234,5`).
fn decimal_comma_number(v: &str) -> Option<bool> {
    let t = v.trim().trim_start_matches(['-', '+']);
    let (int, frac) = match t.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let int_ok = !int.is_empty()
        && (int.bytes().all(|b| b.is_ascii_digit())
            || (int.split('.').enumerate().all(|(i, g)| {
                g.bytes().all(|b| b.is_ascii_digit())
                    && if i == 0 {
                        (1..=3).contains(&g.len())
                    } else {
                        g.len() == 3
                    }
            }) && int.contains('.')));
    if !int_ok {
        return None;
    }
    match frac {
        None => Some(false),
        Some(f) if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) => None,
        // A comma that only a decimal comma explains.
        Some(f) => Some(f.len() != 3 || int.contains('.') || int.starts_with('0')),
    }
}

/// A decimal-comma number with a decimal point.
pub fn with_decimal_point(v: &str) -> String {
    v.trim().replace('.', "").replace(',', ".")
}

/// Infers how to read each column from its values (`rows`: cells per row, as exported).
pub fn columns(headers: &[String], rows: &[Vec<String>], cx: &Context) -> Inference {
    let nulls = nulls(cx);
    let given_format = cx.csv.date_format.clone();
    let decimal_given = cx.csv.decimal.is_some();
    let mut notes = Vec::new();
    let mut evidence = Vec::with_capacity(headers.len());
    let mut columns = Vec::with_capacity(headers.len());
    // Null markers seen: marker → (cells, columns).
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut null_columns: Vec<String> = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        let mut values: Vec<&str> = Vec::new();
        let mut marked = false;
        for row in rows {
            let Some(v) = row.get(i) else { continue };
            let t = v.trim();
            if t.is_empty() {
                continue;
            }
            if is_null(t, &nulls) {
                *seen.entry(t.to_string()).or_default() += 1;
                marked = true;
                continue;
            }
            values.push(t);
        }
        if marked {
            null_columns.push(header.clone());
        }
        let column = if values.is_empty() {
            evidence.push(DateEvidence::None);
            Column::Text
        } else if let Some(fmt) = &given_format {
            evidence.push(DateEvidence::None);
            let dated = values
                .iter()
                .all(|v| super::normalize_time(v, Some(fmt)).is_some());
            if dated { Column::Given } else { Column::Text }
        } else {
            let e = date_evidence(&values);
            evidence.push(e);
            match e {
                DateEvidence::Decided(shape, _) => Column::Date(shape),
                _ => Column::Text,
            }
        };
        let column = match column {
            Column::Text if !decimal_given => {
                let readings: Option<Vec<bool>> =
                    values.iter().map(|v| decimal_comma_number(v)).collect();
                match readings {
                    Some(r) if r.iter().any(|b| *b) => Column::DecimalComma,
                    _ => Column::Text,
                }
            }
            c => c,
        };
        let column = match column {
            Column::Text
                if !values.is_empty()
                    && values.iter().all(|v| {
                        v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false")
                    })
                    && values.iter().any(|v| *v != "true" && *v != "false") =>
            {
                Column::Boolean
            }
            c => c,
        };
        columns.push(column);
    }
    // Day-month columns the values could not order take the order the other columns decided.
    let decided: Vec<Order> = evidence
        .iter()
        .filter_map(|e| match e {
            DateEvidence::Decided(s, _) if s.order != Order::YearFirst && !s.month_name => {
                Some(s.order)
            }
            _ => None,
        })
        .collect();
    let agreed = match decided.split_first() {
        Some((first, rest)) if rest.iter().all(|o| o == first) => Some(*first),
        _ => None,
    };
    // Notes: one per format, listing its columns.
    let mut groups: BTreeMap<(String, &'static str), Vec<String>> = BTreeMap::new();
    for (i, e) in evidence.iter().enumerate() {
        let Some(header) = headers.get(i) else {
            continue;
        };
        match *e {
            DateEvidence::Decided(shape, why) => {
                groups
                    .entry((shape.format(), why))
                    .or_default()
                    .push(header.clone());
            }
            DateEvidence::Undecided(shape) => match agreed {
                Some(order) => {
                    let shape = shape.with_order(order);
                    if let Some(c) = columns.get_mut(i) {
                        *c = Column::Date(shape);
                    }
                    groups
                        .entry((shape.format(), "the order the other date columns show"))
                        .or_default()
                        .push(header.clone());
                }
                None => {
                    let example = first_value(rows, i, &nulls).unwrap_or_default();
                    notes.push(Note {
                        column: Some(header.clone()),
                        message: format!(
                            "column {header}: every day is 12 or less, so its dates read both day first and month first; give the format in context.csv.dateFormat (e.g. {} or {})",
                            shape.with_order(Order::DayFirst).format(),
                            shape.with_order(Order::MonthFirst).format()
                        ),
                        value: json_text(&example),
                    });
                }
            },
            DateEvidence::Conflicting => {
                let example = first_value(rows, i, &nulls).unwrap_or_default();
                notes.push(Note {
                    column: Some(header.clone()),
                    message: format!(
                        "column {header}: its dates put a day above 12 first in some rows and second in others; give the format in context.csv.dateFormat"
                    ),
                    value: json_text(&example),
                });
            }
            DateEvidence::None | DateEvidence::Iso => {}
        }
    }
    for ((format, why), names) in groups {
        let first = names
            .first()
            .and_then(|n| headers.iter().position(|h| h == n))
            .and_then(|i| first_value(rows, i, &nulls))
            .unwrap_or_default();
        notes.push(Note {
            column: None,
            message: format!(
                "CSV dates read as {format} ({why}) in columns {}; set context.csv.dateFormat to override",
                list_columns(&names)
            ),
            value: json_text(&first),
        });
    }
    let decimal: Vec<String> = columns
        .iter()
        .zip(headers)
        .filter(|(c, _)| **c == Column::DecimalComma)
        .map(|(_, h)| h.clone())
        .collect();
    if !decimal.is_empty() {
        notes.push(Note {
            column: None,
            message: format!(
                "CSV numbers read with a decimal comma in columns {}; set context.csv.decimal to override",
                list_columns(&decimal)
            ),
            value: String::new(),
        });
    }
    if !seen.is_empty() {
        let cells: usize = seen.values().sum();
        let markers = seen
            .keys()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(" ");
        notes.push(Note {
            column: None,
            message: format!(
                "CSV cells {markers} read as empty ({cells} cells in columns {}); set context.csv.nulls to change this",
                list_columns(&null_columns)
            ),
            value: String::new(),
        });
    }
    Inference {
        nulls,
        columns,
        notes,
    }
}

fn first_value(rows: &[Vec<String>], i: usize, nulls: &[String]) -> Option<String> {
    rows.iter()
        .filter_map(|r| r.get(i))
        .find(|v| !is_null(v, nulls))
        .map(|v| v.trim().to_string())
}

/// A cell as the reader passes it on: `None` when empty, else the value in a form the adapters
/// read (dates as `YYYY-MM-DD HH:MM:SS`, decimal points, `true`/`false`).
pub fn clean(value: &str, column: &Column, inference: &Inference, cx: &Context) -> Option<String> {
    if is_null(value, &inference.nulls) {
        return None;
    }
    let v = value.trim();
    Some(match column {
        Column::Text => v.to_string(),
        Column::Date(shape) => {
            if Instant::parse(v, None).is_some() {
                v.to_string()
            } else {
                read_date(v, shape).unwrap_or_else(|| v.to_string())
            }
        }
        Column::Given => {
            if Instant::parse(v, None).is_some() {
                v.to_string()
            } else {
                super::normalize_time(v, cx.csv.date_format.as_deref())
                    .unwrap_or_else(|| v.to_string())
            }
        }
        Column::DecimalComma => with_decimal_point(v),
        Column::Boolean => v.to_ascii_lowercase(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn infer(values: &[&str]) -> Inference {
        let rows: Vec<Vec<String>> = values.iter().map(|v| vec![v.to_string()]).collect();
        columns(&["c".to_string()], &rows, &Context::default())
    }

    #[test]
    fn day_above_twelve_decides() {
        let i = infer(&["29-02-2016 01:16", "01-03-2016 09:52"]);
        let Column::Date(shape) = &i.columns[0] else {
            panic!("{:?}", i.columns)
        };
        assert_eq!(shape.format(), "%d-%m-%Y %H:%M");
        assert_eq!(
            read_date("01-03-2016 09:52", shape).as_deref(),
            Some("2016-03-01 09:52:00")
        );
        let i = infer(&["2/29/16 3:10 PM", "3/1/16 12:05 AM"]);
        let Column::Date(shape) = &i.columns[0] else {
            panic!()
        };
        assert_eq!(shape.format(), "%m/%d/%y %I:%M %p");
        assert_eq!(
            read_date("3/1/16 12:05 AM", shape).as_deref(),
            Some("2016-03-01 00:05:00")
        );
    }

    #[test]
    fn ambiguous_columns_ask_for_their_format() {
        let i = infer(&["01.02.2016", "03.04.2016 10:00:05"]);
        assert_eq!(i.columns[0], Column::Text);
        assert!(
            i.notes[0]
                .message
                .contains("%d.%m.%Y %H:%M:%S or %m.%d.%Y %H:%M:%S")
        );
    }

    #[test]
    fn delimiters_and_decimals() {
        let cx = Context::default();
        assert_eq!(delimiter("a;b;c\n1;2,5;x\n", &cx), (b';', true));
        assert_eq!(delimiter("\"a,b\";c;d\n1;2;3\n", &cx), (b';', true));
        assert_eq!(delimiter("a|b\n1|2\n", &cx), (b'|', true));
        assert_eq!(decimal_comma_number("1,5"), Some(true));
        assert_eq!(decimal_comma_number("1.234,50"), Some(true));
        assert_eq!(decimal_comma_number("1,500"), Some(false));
        assert_eq!(decimal_comma_number("12"), Some(false));
        assert_eq!(decimal_comma_number("1,5x"), None);
        assert_eq!(with_decimal_point("1.234,5"), "1234.5");
    }
}
