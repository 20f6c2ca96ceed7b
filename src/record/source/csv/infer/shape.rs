//! The shape of a column's dates (order, separator, year and month form, time) and what its
//! values say about the order of day and month.

use super::date::{Comp, Parts, Time, parse_parts};
use crate::record::time::Instant;

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

    pub(super) fn with_order(self, order: Order) -> DateShape {
        DateShape { order, ..self }
    }
}

/// The shape a value fits before the order is decided, with what its numbers allow:
/// (shape with a provisional order, day-first possible, month-first possible).
pub(super) fn shape_of(p: &Parts) -> Option<(DateShape, bool, bool)> {
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

/// What a column's values say about dates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum DateEvidence {
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

pub(super) fn date_evidence(values: &[&str]) -> DateEvidence {
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
