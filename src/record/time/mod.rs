//! UTC instants, parsed fast for the formats ITSM tools actually send.
//!
//! Every time in a canonical record is an [`Instant`]: whole seconds since the Unix epoch, UTC.
//! The hot formats (`YYYY-MM-DD HH:MM:SS`, RFC 3339 with `Z`, `±HH:MM` or Jira's `±HHMM`, and
//! date-only) are parsed by hand because they are most of every export; naive local times are
//! placed in a named time zone with jiff, which knows the IANA database.

use std::fmt;

mod fast;

/// Seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(pub i64);

/// What a timestamp string said about its zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// The text carried `Z` or an offset: the instant is exact.
    Explicit,
    /// The text had no zone (a "naive" local time): it was read in the zone it was given.
    Naive,
}

impl Instant {
    pub const SECONDS_PER_DAY: i64 = 86_400;
    /// The first instant an ITSM record can plausibly carry: 1900-01-01T00:00:00Z.
    pub const EARLIEST: Instant = Instant(-2_208_988_800);
    /// The last: 2200-12-31T23:59:59Z. A time outside (an epoch in milliseconds read as
    /// seconds, a typo of the year) is not a date of the record: its field gets a warning and
    /// the record is evaluated on the rest, and months stay `YYYY-MM`.
    pub const LATEST: Instant = Instant(7_289_654_399);

    /// The instant when it lies within [`Instant::EARLIEST`]..=[`Instant::LATEST`].
    pub fn plausible(self) -> Option<Instant> {
        (Instant::EARLIEST..=Instant::LATEST)
            .contains(&self)
            .then_some(self)
    }

    /// Epoch numbers as tools send them, told apart by size: below 10^11 seconds (until year
    /// 5138, so every plausible date), below 10^14 milliseconds, anything larger is not an
    /// epoch time; then bounded like every other time.
    pub fn from_epoch_number(x: f64) -> Option<Instant> {
        if !x.is_finite() {
            return None;
        }
        let instant = if x.abs() < 1e11 {
            Instant(x as i64)
        } else if x.abs() < 1e14 {
            Instant::from_epoch_millis(x as i64)
        } else {
            return None;
        };
        instant.plausible()
    }

    /// Parses a timestamp; naive times are taken to be in `zone` (UTC when `None`). Times
    /// outside the plausible years are not read.
    pub fn parse(text: &str, zone: Option<&TimeZone>) -> Option<(Instant, Zone)> {
        let (naive, offset) = naive_and_offset(text)?;
        let (instant, zone) = match offset {
            Some(offset_s) => (Instant(naive.checked_sub(offset_s)?), Zone::Explicit),
            None => {
                let instant = match zone {
                    Some(tz) => tz.to_utc(naive)?,
                    None => naive,
                };
                (Instant(instant), Zone::Naive)
            }
        };
        Some((instant.plausible()?, zone))
    }

    /// Parses a timestamp whose naive form is UTC (ServiceNow `value` fields, canonical JSON):
    /// what [`Instant::parse`] gives without a zone, without its zone conversions inlined on
    /// this per-record path.
    pub fn parse_utc(text: &str) -> Option<Instant> {
        let (naive, offset) = naive_and_offset(text)?;
        Instant(naive.checked_sub(offset.unwrap_or(0))?).plausible()
    }

    pub fn from_epoch_millis(millis: i64) -> Instant {
        Instant(millis.div_euclid(1000))
    }

    /// Calendar month `YYYY-MM` (UTC) used for the report's buckets.
    pub fn month_key(self) -> MonthKey {
        let (year, month, _) = civil_from_days(self.0.div_euclid(Self::SECONDS_PER_DAY));
        MonthKey { year, month }
    }

    pub fn days_until(self, later: Instant) -> f64 {
        (later.0 - self.0) as f64 / Self::SECONDS_PER_DAY as f64
    }
}

impl fmt::Display for Instant {
    /// RFC 3339 in UTC with a `Z`, e.g. `2026-03-01T09:30:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(Self::SECONDS_PER_DAY);
        let secs = self.0.rem_euclid(Self::SECONDS_PER_DAY);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            (secs / 60) % 60,
            secs % 60
        )
    }
}

/// A calendar month, ordered by time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthKey {
    pub year: i32,
    pub month: u8,
}

impl MonthKey {
    /// Months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: MonthKey) -> i64 {
        (i64::from(later.year) - i64::from(self.year)) * 12 + i64::from(later.month)
            - i64::from(self.month)
    }

    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Option<MonthKey> {
        let (y, m) = text.split_once('-')?;
        let month: u8 = m.parse().ok()?;
        (y.len() == 4 && (1..=12).contains(&month)).then_some(MonthKey {
            year: y.parse().ok()?,
            month,
        })
    }
}

impl serde::Serialize for MonthKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for MonthKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        MonthKey::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a YYYY-MM month")))
    }
}

impl fmt::Display for MonthKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Time-zone lookups answered by the host (the wasm binding uses JavaScript's `Intl`).
#[derive(Clone, Copy)]
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub struct HostZones {
    /// Whether the host knows the zone name.
    pub valid: fn(&str) -> bool,
    /// The zone's offset from UTC in seconds at a UTC instant (seconds since the epoch).
    pub offset: fn(&str, i64) -> Option<i64>,
}

static HOST_ZONES: std::sync::OnceLock<HostZones> = std::sync::OnceLock::new();

/// Installs the host's zone database (once; later calls are ignored).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn set_host_zones(zones: HostZones) {
    let _ = HOST_ZONES.set(zones);
}

#[derive(Clone, Debug)]
enum ZoneKind {
    Fixed(i64),
    #[cfg(not(target_arch = "wasm32"))]
    Jiff(jiff::tz::TimeZone),
    /// Offsets from the host, cached per local hour (zones change offset on hour boundaries).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    Host(std::sync::Arc<std::sync::Mutex<crate::util::hash::HashMap<i64, i64>>>),
}

/// A named IANA zone or a fixed offset, for naive local times.
#[derive(Clone, Debug)]
pub struct TimeZone {
    name: String,
    kind: ZoneKind,
}

impl TimeZone {
    /// `"UTC"`, `"Asia/Tokyo"`, `"+09:00"`…; `None` when the zone is unknown.
    pub fn named(name: &str) -> Option<TimeZone> {
        let fixed = match name {
            "UTC" | "Etc/UTC" | "Z" | "GMT" => Some(0),
            _ => parse_offset_only(name.as_bytes()),
        };
        let kind = match fixed {
            Some(offset) => ZoneKind::Fixed(offset),
            None => Self::lookup(name)?,
        };
        Some(TimeZone {
            name: name.to_string(),
            kind,
        })
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn lookup(name: &str) -> Option<ZoneKind> {
        jiff::tz::TimeZone::get(name).ok().map(ZoneKind::Jiff)
    }

    #[cfg(target_arch = "wasm32")]
    fn lookup(name: &str) -> Option<ZoneKind> {
        let host = HOST_ZONES.get()?;
        (host.valid)(name).then(|| ZoneKind::Host(Default::default()))
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Seconds since the epoch of a naive local time given as "local seconds since the epoch".
    fn to_utc(&self, local: i64) -> Option<i64> {
        match &self.kind {
            ZoneKind::Fixed(offset) => Some(local - offset),
            #[cfg(not(target_arch = "wasm32"))]
            ZoneKind::Jiff(tz) => {
                let days = local.div_euclid(Instant::SECONDS_PER_DAY);
                let secs = local.rem_euclid(Instant::SECONDS_PER_DAY);
                let (y, m, d) = civil_from_days(days);
                let dt = jiff::civil::DateTime::new(
                    i16::try_from(y).ok()?,
                    i8::try_from(m).ok()?,
                    i8::try_from(d).ok()?,
                    i8::try_from(secs / 3600).ok()?,
                    i8::try_from((secs / 60) % 60).ok()?,
                    i8::try_from(secs % 60).ok()?,
                    0,
                )
                .ok()?;
                // Ambiguous or skipped local times (DST changes) resolve the way jiff's default does.
                let zoned = tz.to_ambiguous_zoned(dt).compatible().ok()?;
                Some(zoned.timestamp().as_second())
            }
            ZoneKind::Host(cache) => {
                let hour = local.div_euclid(3600);
                if let Some(offset) = cache.lock().ok().and_then(|c| c.get(&hour).copied()) {
                    return Some(local - offset);
                }
                let host = HOST_ZONES.get()?;
                // Guess with the offset at the local time read as UTC, then correct once.
                let first = (host.offset)(&self.name, local)?;
                let offset = (host.offset)(&self.name, local - first)?;
                if let Ok(mut c) = cache.lock() {
                    c.insert(hour, offset);
                }
                Some(local - offset)
            }
        }
    }
}

/// (naive seconds since the epoch, offset seconds if the text had a zone). Almost every
/// timestamp has the fixed head the fast path reads; it declines the rest.
#[inline]
fn naive_and_offset(text: &str) -> Option<(i64, Option<i64>)> {
    fast::parse_fixed_head(text.as_bytes()).or_else(|| parse_fields(text.trim().as_bytes()))
}

/// The general parser, for every layout [`Instant::parse`] reads (the fast path declines all but
/// one): returns (naive seconds since the epoch, offset seconds if the text had a zone). Kept
/// out of line so that the fast path's callers stay small.
#[inline(never)]
fn parse_fields(b: &[u8]) -> Option<(i64, Option<i64>)> {
    let year = digits(b, 0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    if b.len() == 10 {
        return Some((days * Instant::SECONDS_PER_DAY, None));
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let hour = digits(b, 11, 2)?;
    if b.get(13) != Some(&b':') {
        return None;
    }
    let minute = digits(b, 14, 2)?;
    let (second, pos) = if b.get(16) == Some(&b':') {
        (digits(b, 17, 2)?, 19)
    } else {
        (0, 16)
    };
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let naive = days * Instant::SECONDS_PER_DAY + hour * 3600 + minute * 60 + second.min(59);
    Some((naive, zone_suffix(b.get(pos..)?)?))
}

/// What may follow the seconds: an optional fraction, then nothing (`Some(None)`), `Z` or an
/// offset (`Some(Some(seconds east))`); `None` when anything else follows. Shared by both parsers
/// so that they cannot disagree on it.
fn zone_suffix(b: &[u8]) -> Option<Option<i64>> {
    let mut pos = 0;
    // Fractional seconds are dropped: the engine works in whole seconds.
    if matches!(b.first(), Some(b'.' | b',')) {
        pos = 1;
        while b.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
        if pos == 1 {
            return None;
        }
    }
    let rest = b.get(pos..)?;
    if rest.is_empty() {
        return Some(None);
    }
    parse_offset_only(rest).map(Some)
}

/// `Z`, `+09:00`, `+0900`, `+09`, `-07:00`… → seconds east of UTC.
fn parse_offset_only(b: &[u8]) -> Option<i64> {
    match b {
        [b'Z' | b'z'] => Some(0),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let hours = digits(rest, 0, 2)?;
            let minutes = match rest.len() {
                2 => 0,
                4 => digits(rest, 2, 2)?,
                5 if rest.get(2) == Some(&b':') => digits(rest, 3, 2)?,
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let secs = hours * 3600 + minutes * 60;
            Some(if *sign == b'-' { -secs } else { secs })
        }
        _ => None,
    }
}

fn digits(b: &[u8], start: usize, len: usize) -> Option<i64> {
    let slice = b.get(start..start + len)?;
    let mut value = 0i64;
    for &c in slice {
        if !c.is_ascii_digit() {
            return None;
        }
        value = value * 10 + i64::from(c - b'0');
    }
    Some(value)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
pub(crate) fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month as u8, day as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> String {
        Instant::parse_utc(text)
            .map(|i| i.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn parses_the_formats_tools_send() {
        assert_eq!(utc("2015-11-02 22:04:15"), "2015-11-02T22:04:15Z");
        assert_eq!(utc("2015-11-02T22:04:15Z"), "2015-11-02T22:04:15Z");
        assert_eq!(utc("2022-06-09T16:29:31.871-0700"), "2022-06-09T23:29:31Z");
        assert_eq!(utc("2024-02-29T09:00:00+09:00"), "2024-02-29T00:00:00Z");
        assert_eq!(utc("2024-03-01"), "2024-03-01T00:00:00Z");
        assert_eq!(utc("2024-03-01T10:15"), "2024-03-01T10:15:00Z");
    }

    #[test]
    fn rejects_impossible_dates_and_junk() {
        for bad in [
            "",
            "yesterday",
            "2023-02-29",
            "2024-13-01",
            "2024-01-01X10:00:00",
            "2024-01-01 25:00:00",
            "2024-01-01T10:00:00+2500",
            "2024-01-01T10:00:00.",
            "UNKNOWN",
        ] {
            assert_eq!(Instant::parse_utc(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn naive_times_are_read_in_the_given_zone() {
        let tokyo = TimeZone::named("Asia/Tokyo").map(Some).unwrap_or(None);
        assert!(tokyo.is_some(), "bundled tzdb knows Asia/Tokyo");
        let (instant, zone) = Instant::parse("2026-04-01 09:00:00", tokyo.as_ref())
            .unwrap_or((Instant(0), Zone::Explicit));
        assert_eq!(instant.to_string(), "2026-04-01T00:00:00Z");
        assert_eq!(zone, Zone::Naive);
        // An explicit offset wins over the zone.
        let (instant, zone) = Instant::parse("2026-04-01T09:00:00Z", tokyo.as_ref())
            .unwrap_or((Instant(0), Zone::Naive));
        assert_eq!(instant.to_string(), "2026-04-01T09:00:00Z");
        assert_eq!(zone, Zone::Explicit);
        assert!(TimeZone::named("Mars/Olympus").is_none());
        let fixed = TimeZone::named("-05:00");
        assert_eq!(
            fixed
                .and_then(|tz| Instant::parse("2026-01-01 00:00:00", Some(&tz)))
                .map(|p| p.0.to_string()),
            Some("2026-01-01T05:00:00Z".to_string())
        );
    }

    #[test]
    fn civil_round_trip_and_months() {
        for days in [-800_000i64, -1, 0, 1, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(
                days_from_civil(i64::from(y), i64::from(m), i64::from(d)),
                days
            );
        }
        let march = Instant::parse_utc("2026-03-31 23:59:59").map(Instant::month_key);
        assert_eq!(march.map(|m| m.to_string()), Some("2026-03".to_string()));
    }
}

#[cfg(test)]
mod plausible_years {
    use super::*;

    #[test]
    fn times_outside_1900_2200_are_not_read() {
        assert!(Instant::parse("1899-12-31T23:59:59Z", None).is_none());
        assert!(Instant::parse("1900-01-01T00:00:00Z", None).is_some());
        assert!(Instant::parse("2200-12-31T23:59:59Z", None).is_some());
        assert!(Instant::parse("2201-01-01T00:00:00Z", None).is_none());
        assert_eq!(Instant::EARLIEST.to_string(), "1900-01-01T00:00:00Z");
        assert_eq!(Instant::LATEST.to_string(), "2200-12-31T23:59:59Z");
    }

    #[test]
    fn epoch_numbers_are_told_apart_by_size() {
        // Seconds below 1e11, milliseconds below 1e14, larger is no epoch time (1e15 used to
        // give the year 33658).
        assert_eq!(
            Instant::from_epoch_number(1_772_323_200.0)
                .unwrap()
                .to_string(),
            "2026-03-01T00:00:00Z"
        );
        assert_eq!(
            Instant::from_epoch_number(1_772_323_200_000.0)
                .unwrap()
                .to_string(),
            "2026-03-01T00:00:00Z"
        );
        assert!(Instant::from_epoch_number(1e15).is_none());
        assert!(Instant::from_epoch_number(f64::NAN).is_none());
        assert!(Instant::from_epoch_number(9e10).is_none()); // seconds in year 4822
    }
}
