use super::super::{days_from_civil, days_in_month, parse_fields};
use super::*;

/// How many texts the fast path read and how many it left to the general parser, so that a
/// test cannot pass by never taking one of the two ways.
#[derive(Default)]
struct Taken {
    fast: usize,
    declined: usize,
}

impl Taken {
    /// The fast path's answer must be the general parser's whenever it gives one, and
    /// `parse_utc` must answer as `parse` without a zone.
    fn check(&mut self, text: &str) {
        let general = parse_fields(text.trim().as_bytes());
        match parse_fixed_head(text.as_bytes()) {
            Some(fast) => {
                assert_eq!(Some(fast), general, "{text:?}");
                self.fast += 1;
            }
            None => self.declined += 1,
        }
        assert_eq!(
            Instant::parse_utc(text),
            Instant::parse(text, None).map(|(instant, _)| instant),
            "{text:?}"
        );
    }

    /// More than `fast` texts took the fast path and more than `declined` were declined.
    fn took_both_ways(&self, fast: usize, declined: usize) {
        assert!(
            self.fast > fast && self.declined > declined,
            "fast {}, declined {}",
            self.fast,
            self.declined
        );
    }
}

const YEARS: [&str; 16] = [
    "0000", "0001", "1600", "1899", "1900", "1969", "1970", "2000", "2023", "2024", "2100", "2200",
    "2201", "9999", "20a4", "-202",
];
const MONTHS: [&str; 10] = ["00", "01", "02", "04", "09", "11", "12", "13", "1a", " 1"];
const DAYS: [&str; 8] = ["00", "01", "28", "29", "30", "31", "32", "3x"];
const SEPARATORS: [&str; 5] = ["T", "t", " ", "X", "_"];
const HOURS: [&str; 5] = ["00", "09", "23", "24", "2b"];
const MINUTES: [&str; 3] = ["00", "59", "60"];
const SECONDS: [&str; 4] = ["00", "59", "60", "61"];
/// Fractions, zones, offsets (valid and not) and trailing garbage or whitespace.
const TAILS: [&str; 27] = [
    "",
    "Z",
    "z",
    ".871",
    ".5Z",
    ",25+09:00",
    ".",
    ".Z",
    "+09:00",
    "-07:00",
    "-0700",
    "+0900",
    "+09",
    "-23:59",
    "+2400",
    "+09:60",
    "+9:00",
    "Z ",
    " ",
    "\n",
    "x",
    "ZZ",
    "+09:00:00",
    "\u{3000}",
    ".123456789-0330",
    "T",
    "-",
];

#[test]
fn every_date_and_tail_gives_the_general_parsers_answer() {
    let mut taken = Taken::default();
    for year in YEARS {
        for month in MONTHS {
            for day in DAYS {
                for tail in TAILS {
                    taken.check(&format!("{year}-{month}-{day} 10:15:30{tail}"));
                    taken.check(&format!("{year}-{month}-{day}T23:59:60{tail}"));
                }
            }
        }
    }
    taken.took_both_ways(5_000, 5_000);
}

#[test]
fn every_time_and_tail_gives_the_general_parsers_answer() {
    let mut taken = Taken::default();
    for date in ["2024-02-29", "1899-12-31", "2200-12-31", "1970-01-01"] {
        for sep in SEPARATORS {
            for hour in HOURS {
                for minute in MINUTES {
                    for second in SECONDS {
                        for tail in TAILS {
                            taken.check(&format!("{date}{sep}{hour}:{minute}:{second}{tail}"));
                        }
                    }
                }
            }
        }
    }
    taken.took_both_ways(1_000, 1_000);
}

/// Layouts exports really send, each cut short at every length and padded with whitespace.
const REAL: [&str; 6] = [
    "2025-12-01 07:00:21",
    "2015-11-02T22:04:15Z",
    "2022-06-09T16:29:31.871-0700",
    "2024-02-29T09:00:00+09:00",
    "2026-03-31t23:59:59.5z",
    "1899-12-31T23:30:00-01:00",
];

#[test]
fn real_layouts_take_the_fast_path_and_their_variants_agree() {
    let mut taken = Taken::default();
    for text in REAL {
        assert!(parse_fixed_head(text.as_bytes()).is_some(), "{text:?}");
        for (cut, _) in text.char_indices() {
            taken.check(text.get(..cut).unwrap_or_default());
        }
        for pad in [" ", "\t", "\n", "\u{3000}"] {
            taken.check(&format!("{pad}{text}"));
            taken.check(&format!("{text}{pad}"));
        }
    }
    taken.took_both_ways(0, 100);
}

/// xorshift64: the same mutations on every run.
struct Mutations(u64);

impl Mutations {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn mutated_real_layouts_give_the_general_parsers_answer() {
    const ALPHABET: [char; 26] = [
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-', ':', 'T', 't', ' ', 'Z', 'z', '.',
        ',', '+', '_', 'x', '\n', '\u{3000}', 'é', '9',
    ];
    let mut random = Mutations(0x2545_f491_4f6c_dd1d);
    let mut taken = Taken::default();
    for round in 0..200_000 {
        let mut chars: Vec<char> = REAL[round % REAL.len()].chars().collect();
        for _ in 0..=random.below(3) {
            let at = random.below(chars.len() + 1);
            let c = ALPHABET[random.below(ALPHABET.len())];
            match random.below(3) {
                0 if at < chars.len() => chars[at] = c,
                1 if at < chars.len() => {
                    chars.remove(at);
                }
                _ => chars.insert(at, c),
            }
        }
        taken.check(&chars.into_iter().collect::<String>());
    }
    taken.took_both_ways(5_000, 100_000);
}

#[test]
fn day_numbers_match_the_general_calendar_for_years_1_to_9999() {
    for year in 1..=9999u32 {
        for month in 0..=13u32 {
            for day in 0..=32u32 {
                let (y, m, d) = (i64::from(year), i64::from(month), i64::from(day));
                let valid = (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m);
                let expected = valid.then(|| days_from_civil(y, m, d));
                assert_eq!(
                    days_since_epoch(year, month, day),
                    expected,
                    "{year}-{month}-{day}"
                );
            }
        }
    }
    assert_eq!(
        days_since_epoch(0, 1, 1),
        None,
        "the year 0 is the general parser's"
    );
}

#[test]
fn declined_texts_still_reach_the_general_parser() {
    let utc = |t: &str| Instant::parse_utc(t).map(|i| i.to_string());
    for (text, expected) in [
        (" 2024-03-01 10:00:00 ", "2024-03-01T10:00:00Z"),
        ("2024-03-01\u{3000}", "2024-03-01T00:00:00Z"),
        ("2024-03-01T10:15", "2024-03-01T10:15:00Z"),
        ("2024-03-01T10:15Z", "2024-03-01T10:15:00Z"),
        ("1899-12-31T23:30:00-01:00", "1900-01-01T00:30:00Z"),
    ] {
        assert_eq!(utc(text).as_deref(), Some(expected), "{text:?}");
    }
    assert_eq!(parse_fixed_head(b" 2024-03-01 10:00:00"), None);
    assert_eq!(parse_fixed_head(b"2024-03-01T10:15Z"), None);
}
