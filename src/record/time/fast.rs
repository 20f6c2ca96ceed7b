//! The fast path for the layout nearly every export uses: `YYYY-MM-DD HH:MM:SS` (or with `T`),
//! then optionally a fraction and `Z` or an offset, as ServiceNow, Jira and RFC 3339 send it.
//!
//! It checks the fixed 19-byte head a word at a time, without the general parser's per-field bounds
//! checks, text trimming and era arithmetic, which made the general parser cost about 300
//! instructions a timestamp on the per-record path. Whatever does not start with that head
//! (date-only, no seconds, surrounding whitespace, the year 0000) is declined, not rejected:
//! the caller then asks the general parser. For every text this path accepts, the general parser
//! gives the same answer (see the tests).

use super::{Instant, zone_suffix};

/// (naive seconds since the epoch, offset seconds if the text had a zone), like the general
/// parser; `None` means "not this layout, ask the general parser", never "invalid".
#[inline]
pub(super) fn parse_fixed_head(b: &[u8]) -> Option<(i64, Option<i64>)> {
    let (head, rest) = b.split_first_chunk::<19>()?;
    // Three overlapping little-endian words cover the head: bytes 0–7, 8–15 and 11–18.
    let (date, _) = head.split_first_chunk::<8>()?;
    let (_, after_date) = head.split_first_chunk::<8>()?;
    let (day_and_hour, _) = after_date.split_first_chunk::<8>()?;
    let (_, time) = head.split_last_chunk::<8>()?;
    let (date, day_and_hour, time) = (
        u64::from_le_bytes(*date),
        u64::from_le_bytes(*day_and_hour),
        u64::from_le_bytes(*time),
    );
    let separated = matches!(head.get(10), Some(b'T' | b't' | b' '));
    if !(separated && DATE.fits(date) && DAY.fits(day_and_hour) && TIME.fits(time)) {
        return None;
    }
    let (date, day_and_hour, time) = (pairs(date), pairs(day_and_hour), pairs(time));
    let year = lane(date, 0) * 100 + lane(date, 2);
    let days = days_since_epoch(year, lane(date, 5), lane(day_and_hour, 0))?;
    let (hour, minute, second) = (lane(time, 0), lane(time, 3), lane(time, 6));
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // A leap second counts as the last second of its minute, as in the general parser.
    let seconds = hour * 3600 + minute * 60 + second.min(59);
    let naive = days * Instant::SECONDS_PER_DAY + i64::from(seconds);
    // Most exports end at the seconds: no call for the suffix then.
    let offset = if rest.is_empty() {
        None
    } else {
        zone_suffix(rest)?
    };
    Some((naive, offset))
}

/// What one 8-byte word of the head must look like, from a template where `D` is an ASCII
/// digit, `_` any byte (checked elsewhere) and any other byte itself.
struct Word {
    /// Bits that must equal `expected`: the high nibble of a digit, all of a fixed byte.
    checked: u64,
    expected: u64,
    /// 6 in each digit's byte: a digit's high nibble stays 3 after adding it only up to `9`.
    six: u64,
    digit_high: u64,
}

impl Word {
    const fn new(template: &[u8; 8]) -> Word {
        let t = u64::from_le_bytes(*template);
        let mut word = Word {
            checked: 0,
            expected: 0,
            six: 0,
            digit_high: 0,
        };
        let mut shift = 0;
        while shift < 64 {
            let byte = (t >> shift) & 0xff;
            if byte == b'D' as u64 {
                word.checked |= 0xf0 << shift;
                word.expected |= 0x30 << shift;
                word.six |= 0x06 << shift;
                word.digit_high |= 0xf0 << shift;
            } else if byte != b'_' as u64 {
                word.checked |= 0xff << shift;
                word.expected |= byte << shift;
            }
            shift += 8;
        }
        word
    }

    /// Whether the eight bytes follow the template. No byte carries into the next when six is
    /// added: the first test already pinned every digit's byte to 0x30–0x3f.
    fn fits(&self, w: u64) -> bool {
        w & self.checked == self.expected
            && w.wrapping_add(self.six) & self.digit_high == self.expected & self.digit_high
    }
}

const DATE: Word = Word::new(b"DDDD-DD-");
const DAY: Word = Word::new(b"DD_DD:DD");
const TIME: Word = Word::new(b"DD:DD:DD");

/// Each byte becomes ten times its digit plus the next byte's digit, so the byte where a
/// two-digit number starts holds its value (at most 165: no carries between bytes).
fn pairs(w: u64) -> u64 {
    let digits = w & 0x0f0f_0f0f_0f0f_0f0f;
    digits * 10 + (digits >> 8)
}

/// The two-digit number that starts at byte `at` of a word made by [`pairs`].
fn lane(pairs: u64, at: u32) -> u32 {
    ((pairs >> (at * 8)) & 0xff) as u32
}

/// Days in the year before the first of each month, February counted with 28 days.
const DAYS_BEFORE_MONTH: [u32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/// Days from 0001-01-01 to 1970-01-01 in the proleptic Gregorian calendar.
const EPOCH_FROM_YEAR_ONE: i64 = 719_162;

/// Days since 1970-01-01 of a valid date in the years 1–9999, in unsigned arithmetic (no eras);
/// `None` for an impossible date and for the year 0, which the general parser handles.
#[inline]
fn days_since_epoch(year: u32, month: u32, day: u32) -> Option<i64> {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let month_len = match month {
        2 => 28 + u32::from(leap),
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if year == 0 || day == 0 || day > month_len {
        return None;
    }
    let before_month = DAYS_BEFORE_MONTH.get(month as usize - 1)? + u32::from(leap && month > 2);
    let past = year - 1;
    let before_year = past * 365 + past / 4 - past / 100 + past / 400;
    Some(i64::from(before_year + before_month + day - 1) - EPOCH_FROM_YEAR_ONE)
}

#[cfg(test)]
mod tests;
