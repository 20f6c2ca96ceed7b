//! Naive export times in a given date format (a strftime subset), or in the forms
//! `Instant::parse` reads, as `YYYY-MM-DD HH:MM:SS`.

use super::infer;
use crate::record::time::Instant;

/// Parses a naive time with the instance's date format (strftime subset: %Y %y %m %d %e %H %I
/// %M %S %p %b %B), or the formats `Instant::parse` reads; returns `YYYY-MM-DD HH:MM:SS`.
pub fn normalize_time(text: &str, format: Option<&str>) -> Option<String> {
    let t = text.trim();
    if let Some(fmt) = format
        && let Some((y, mo, d, h, mi, s)) = parse_format(t, fmt)
    {
        return Some(format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"));
    }
    Instant::parse(t, None).map(|_| t.replace('T', " ").chars().take(19).collect())
}

fn parse_format(text: &str, fmt: &str) -> Option<(i64, i64, i64, i64, i64, i64)> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let (mut y, mut mo, mut d, mut h, mut mi, mut s) = (None, None, None, 0, 0, 0);
    let mut pm: Option<bool> = None;
    let mut rest = text;
    let mut f = fmt.chars().peekable();
    let take_num = |rest: &mut &str, max: usize| -> Option<i64> {
        let digits: String = rest
            .chars()
            .take_while(char::is_ascii_digit)
            .take(max)
            .collect();
        if digits.is_empty() {
            return None;
        }
        *rest = rest.get(digits.len()..)?;
        digits.parse().ok()
    };
    while let Some(c) = f.next() {
        if c != '%' {
            if c == ' ' {
                rest = rest.trim_start();
                continue;
            }
            rest = rest.strip_prefix(c)?;
            continue;
        }
        match f.next()? {
            'Y' => y = Some(take_num(&mut rest, 4)?),
            'y' => y = Some(infer::full_year(take_num(&mut rest, 2)?)),
            'm' => mo = Some(take_num(&mut rest, 2)?),
            'd' => d = Some(take_num(&mut rest, 2)?),
            'e' => {
                rest = rest.trim_start();
                d = Some(take_num(&mut rest, 2)?);
            }
            'H' | 'I' => h = take_num(&mut rest, 2)?,
            'M' => mi = take_num(&mut rest, 2)?,
            'S' => s = take_num(&mut rest, 2)?,
            'p' => {
                let word: String = rest.chars().take(2).collect::<String>().to_uppercase();
                pm = Some(match word.as_str() {
                    "PM" => true,
                    "AM" => false,
                    _ => return None,
                });
                rest = rest.get(2..)?;
            }
            'b' | 'B' => {
                let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
                let lower = word.to_lowercase();
                mo = Some(MONTHS.iter().position(|m| lower.starts_with(m))? as i64 + 1);
                rest = rest.get(word.len()..)?;
            }
            '%' => rest = rest.strip_prefix('%')?,
            _ => return None,
        }
    }
    if !rest.trim().is_empty() {
        return None;
    }
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    Some((y?, mo?, d?, h, mi, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats_of_list_exports() {
        assert_eq!(
            normalize_time("17/Feb/26 3:10 PM", Some("%d/%b/%y %I:%M %p")).as_deref(),
            Some("2026-02-17 15:10:00")
        );
        assert_eq!(
            normalize_time("03.04.2026 07:05", Some("%d.%m.%Y %H:%M")).as_deref(),
            Some("2026-04-03 07:05:00")
        );
        assert_eq!(
            normalize_time("2026-04-03 07:05:09", None).as_deref(),
            Some("2026-04-03 07:05:09")
        );
        assert_eq!(
            normalize_time("12/Jan/26 12:30 AM", Some("%d/%b/%y %I:%M %p")).as_deref(),
            Some("2026-01-12 00:30:00")
        );
        assert_eq!(normalize_time("soon", Some("%d/%m/%Y")), None);
    }
}
