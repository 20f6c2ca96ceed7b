//! The delimiter of an export: of `,` `;` tab `|`, the one that splits the header and the first
//! rows alike (outside quotes).

use crate::record::source::context::Context;

/// The delimiters tried, in order of preference.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Lines of the file looked at for the delimiter.
const SNIFF_LINES: usize = 25;

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
