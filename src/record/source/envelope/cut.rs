//! Finds where a large JSON array can be cut between its elements, over one read of its bytes at
//! a time (the CLI's streamed files, `js/stream.js`).
//!
//! It only finds boundaries: strings (with their escapes) and nesting. It validates nothing;
//! the engine reads every chunk it cuts, and names malformed places there. The state carries over
//! from one read to the next, so a read may end anywhere (inside a string, after a backslash).
//! This was a JavaScript loop over the bytes, the CLI's hottest JavaScript: about 300 MB/s,
//! a sixth of the CLI's time on a large export; here strings are skipped eight bytes at a time
//! and by `memchr2` (see [`closing_quote`]).

use super::super::bytes::{ONES, zero_byte};

/// What the scan of a read carries over to the next one, and where it stopped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cutter {
    /// The read ended inside a string; `skip` 1: on its backslash (the next byte is escaped).
    pub in_string: bool,
    pub skip: usize,
    /// Open objects and arrays inside the top-level array.
    pub depth: usize,
    /// A byte other than white space since the last top-level comma.
    pub content: bool,
    /// An element was seen.
    pub any: bool,
    /// The last top-level comma this scan found (`None`: none in this scan).
    pub cut: Option<usize>,
    /// Top-level commas this scan found: elements it saw end (but the last, which `]` ends).
    pub commas: usize,
}

/// Why a scan stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The bytes ran out: read more and scan on.
    More,
    /// An empty element (`[,a]`, `[a,,b]`, `[a,]`) at this comma or `]`.
    Empty(usize),
    /// The array's closing `]`.
    End(usize),
    /// A `}` or `]` that closes what was never opened.
    Unbalanced(usize),
}

const QUOTE: u8 = b'"';
const BACKSLASH: u8 = b'\\';

/// Where the string whose content starts at `i` closes: its closing quote, or `b.len()` or more
/// when it runs past the bytes (`b.len() + 1`: they end on a backslash). The envelope's scan
/// skips strings with it too.
///
/// Most strings of a payload are short (ids, codes, names, dates): the first [`SHORT_WORDS`]
/// words of eight bytes are tested for a quote or a backslash in place, and only what is left of
/// a longer string goes to `memchr2`, whose vector search costs more to set up than a short
/// string takes to pass (a balancing skip of Jira issues spent more instructions than the
/// validating scan, which tests words in place).
#[inline(always)]
pub(super) fn closing_quote(b: &[u8], mut i: usize) -> usize {
    let mut words = 0;
    loop {
        while words < SHORT_WORDS {
            let Some(word) = b.get(i..i + 8) else { break };
            let v = u64::from_le_bytes(word.try_into().unwrap_or([QUOTE; 8]));
            let hits = zero_byte(v ^ (ONES * u64::from(QUOTE)))
                | zero_byte(v ^ (ONES * u64::from(BACKSLASH)));
            if hits == 0 {
                i += 8;
                words += 1;
                continue;
            }
            // The lowest flagged byte is exact (only bytes above it can be false hits).
            i += (hits.trailing_zeros() / 8) as usize;
            if b.get(i) == Some(&QUOTE) {
                return i;
            }
            // A backslash: the byte after it is escaped.
            i += 2;
        }
        let Some(rest) = b.get(i..) else { return i };
        match memchr::memchr2(QUOTE, BACKSLASH, rest) {
            None => return b.len(),
            Some(n) if rest.get(n) == Some(&QUOTE) => return i + n,
            Some(n) => i += n + 2,
        }
    }
}

/// Words a string is searched in place before [`closing_quote`] hands the rest to `memchr2`.
const SHORT_WORDS: usize = 2;

impl Cutter {
    /// Scans `b` from `from` (the first byte not scanned yet) to a stop. `self.cut` is the last
    /// top-level comma found on the way, or `None`.
    pub fn scan(&mut self, b: &[u8], from: usize) -> Stop {
        let n = b.len();
        self.cut = None;
        self.commas = 0;
        let mut i = from;
        if self.in_string {
            i = closing_quote(b, i.saturating_add(self.skip));
            if i >= n {
                self.skip = i - n;
                return Stop::More;
            }
            self.in_string = false;
            i += 1;
        }
        while let Some(&c) = b.get(i) {
            match c {
                QUOTE => {
                    self.content = true;
                    let j = closing_quote(b, i + 1);
                    if j >= n {
                        self.in_string = true;
                        self.skip = j - n;
                        return Stop::More;
                    }
                    i = j;
                }
                b',' | b']' if self.depth == 0 => {
                    if !self.content && (c == b',' || self.any) {
                        return Stop::Empty(i);
                    }
                    self.any |= self.content;
                    self.content = false;
                    if c == b']' {
                        return Stop::End(i);
                    }
                    self.cut = Some(i);
                    self.commas += 1;
                }
                b'{' | b'[' => {
                    // Saturating: a host may hand over any depth (`ffi::cut_elements`).
                    self.depth = self.depth.saturating_add(1);
                    self.content = true;
                }
                b'}' | b']' => {
                    let Some(depth) = self.depth.checked_sub(1) else {
                        return Stop::Unbalanced(i);
                    };
                    self.depth = depth;
                    self.content = true;
                }
                b' ' | b'\t' | b'\n' | b'\r' => {}
                _ => self.content = true,
            }
            i += 1;
        }
        Stop::More
    }
}

/// Where to cut the array whose first element follows `head` (the byte after its `[`) into at
/// most `parts` pieces of nearly equal size, for workers (the dashboard): per piece, where it
/// ends (the top-level comma after its last element; for the last piece, the array's `]`) and
/// how many elements it holds. A piece ends at the last element boundary before its share of
/// the bytes, or, when one element is larger than a share, after it. `None` when there is
/// nothing to share or the array is malformed where a boundary is looked for (an empty element,
/// an unbalanced close, the bytes ending inside it): evaluated whole, the engine names the error.
pub fn split_points(b: &[u8], head: usize, parts: usize) -> Option<Vec<(usize, usize)>> {
    let n = b.len();
    let share = n.saturating_sub(head).div_ceil(parts.max(1)).max(1);
    let mut cutter = Cutter::default();
    let mut points = Vec::with_capacity(parts.clamp(1, 64));
    let (mut from, mut count) = (head.min(n), 0);
    let mut target = from.saturating_add(share);
    loop {
        let to = if points.len() + 1 >= parts {
            n
        } else {
            target.min(n)
        };
        let stop = cutter.scan(b.get(..to)?, from);
        count += cutter.commas;
        match stop {
            Stop::More if to == n => return None,
            Stop::More => {
                match cutter.cut {
                    Some(cut) => {
                        points.push((cut, count));
                        count = 0;
                        target = cut.saturating_add(1).saturating_add(share);
                    }
                    // An element larger than a share: the piece grows until one ends.
                    None => target = to.saturating_add(share),
                }
                from = to;
            }
            // `[]` has no element to share.
            Stop::End(end) if cutter.any => {
                points.push((end, count + 1));
                return Some(points);
            }
            Stop::End(_) | Stop::Empty(_) | Stop::Unbalanced(_) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// Scans `text` in reads of `step` bytes (each read's bytes appended to the ones kept, as
    /// the CLI does), returning the stop and every cut, as offsets in `text`.
    fn run(text: &str, head: usize, step: usize) -> (Stop, Vec<usize>) {
        let b = text.as_bytes();
        let mut cutter = Cutter::default();
        let mut cuts = Vec::new();
        let mut end = head;
        let mut from = head;
        loop {
            end = (end + step).min(b.len());
            let stop = cutter.scan(&b[..end], from);
            cuts.extend(cutter.cut);
            if stop != Stop::More || end == b.len() {
                return (stop, cuts);
            }
            from = end;
        }
    }

    /// `closing_quote` as a byte loop reads it: the first quote not escaped, `b.len()` when there
    /// is none, `b.len() + 1` when the bytes end on a backslash.
    fn closing_quote_by_bytes(b: &[u8], mut i: usize) -> usize {
        loop {
            match b.get(i) {
                None => return i.max(b.len()),
                Some(&QUOTE) => return i,
                Some(&BACKSLASH) => i += 2,
                Some(_) => i += 1,
            }
        }
    }

    /// Every string of 0 to 80 bytes with quotes and backslashes at every place (in and past
    /// the words tested in place, at word boundaries, ending on a backslash, never closed).
    #[test]
    fn closing_quote_agrees_with_a_byte_loop() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for len in 0..=80 {
            for _ in 0..200 {
                let b: Vec<u8> = (0..len)
                    .map(|_| match next() % 23 {
                        0 => QUOTE,
                        1 => BACKSLASH,
                        2 => 0xe3,
                        _ => b'a' + (next() % 26) as u8,
                    })
                    .collect();
                for from in [0, 1, 7, 8, 9].into_iter().filter(|&f| f <= len) {
                    assert_eq!(
                        closing_quote(&b, from),
                        closing_quote_by_bytes(&b, from),
                        "{:?} from {from}",
                        String::from_utf8_lossy(&b)
                    );
                }
            }
        }
    }

    #[test]
    fn cuts_at_top_level_commas_whatever_the_reads() {
        let text = r#"[{"a":"x,]}\"y","b":[1,{"c":"\\"}]}, "s\\\"", 3 ,[ ] ,{}]"#;
        let commas: Vec<usize> = vec![35, 44, 48, 53];
        for (i, want) in commas.iter().enumerate() {
            assert_eq!(text.as_bytes()[*want], b',', "comma {i}");
        }
        let end = text.len() - 1;
        for step in 1..=text.len() {
            let (stop, cuts) = run(text, 1, step);
            assert_eq!(stop, Stop::End(end), "step {step}");
            // Each read reports its last comma: the last one of all is always among them.
            assert_eq!(cuts.last(), Some(&53), "step {step}");
            assert!(
                cuts.iter().all(|c| commas.contains(c)),
                "step {step}: {cuts:?}"
            );
        }
        assert_eq!(run(text, 1, text.len()).1, vec![53]);
    }

    #[test]
    fn empty_elements_and_unbalanced_closes_stop_the_scan() {
        for (text, stop) in [
            ("[,1]", Stop::Empty(1)),
            ("[1,,2]", Stop::Empty(3)),
            ("[1, ]", Stop::Empty(4)),
            ("[]", Stop::End(1)),
            ("[ ]", Stop::End(2)),
            ("[1}, 2]", Stop::Unbalanced(2)),
            // Nesting is counted, not matched: `]` closes the `{`.
            ("[{]}]", Stop::Unbalanced(3)),
            ("[1, 2", Stop::More),
            (r#"[1, "ab\"#, Stop::More),
        ] {
            for step in 1..=text.len() {
                assert_eq!(run(text, 1, step).0, stop, "{text} in reads of {step}");
            }
        }
    }

    #[test]
    fn split_points_cut_between_elements_and_count_them() {
        let text = r#"[{"a":"x,]}\"y"}, "s\\\"", 3 ,[ ] ,{"b":[1,2]}]"#;
        let b = text.as_bytes();
        let end = text.len() - 1;
        // Each piece's elements, read back from its bytes, are the array's, in order, once.
        let all: Vec<serde_json::Value> = serde_json::from_str(text).unwrap();
        for parts in 1..=12 {
            let points = split_points(b, 1, parts).unwrap();
            assert!(points.len() <= parts, "{parts}: {points:?}");
            assert_eq!(points.last().unwrap().0, end, "{parts}");
            let mut start = 1;
            let mut back = Vec::new();
            for &(stop, count) in &points {
                let piece = format!("[{}]", text.get(start..stop).unwrap());
                let read: Vec<serde_json::Value> = serde_json::from_str(&piece).unwrap();
                assert_eq!(read.len(), count, "{parts}: {piece}");
                back.extend(read);
                start = stop + 1;
            }
            assert_eq!(back, all, "{parts}");
        }
        assert_eq!(split_points(b, 1, 1), Some(vec![(end, 5)]));
        // Two parts: the boundary before the middle byte.
        assert_eq!(split_points(b, 1, 2).unwrap().len(), 2);
    }

    #[test]
    fn split_points_leave_malformed_or_empty_arrays_whole() {
        for text in [
            "[]",
            "[ ]",
            "[1,,2]",
            "[,1]",
            "[1,]",
            "[1,2",
            r#"[{"a": "x}]"#,
            "[{]}]",
        ] {
            for parts in 1..4 {
                assert_eq!(
                    split_points(text.as_bytes(), 1, parts),
                    None,
                    "{text} in {parts}"
                );
            }
        }
        // What follows the array is the last piece's (the engine reads it).
        assert_eq!(split_points(b"[1]]", 1, 2), Some(vec![(2, 1)]));
        // A head past the bytes, or no parts, never panics.
        assert_eq!(split_points(b"[1]", 9, 0), None);
    }

    #[test]
    fn a_host_s_largest_depth_opens_no_further_and_panics_not() {
        // CI's proptest found this: a host's state of 1e300 read as `usize::MAX`, then `[`.
        let mut cutter = Cutter {
            depth: usize::MAX,
            ..Cutter::default()
        };
        assert_eq!(cutter.scan(b"[{", 0), Stop::More);
        assert_eq!(cutter.depth, usize::MAX);
    }

    #[test]
    fn a_read_ending_inside_a_string_or_on_its_backslash_resumes_there() {
        let mut cutter = Cutter::default();
        assert_eq!(cutter.scan(br#"["ab\"#, 1), Stop::More);
        assert!(cutter.in_string);
        assert_eq!(cutter.skip, 1);
        // The escaped quote is content, the next one closes the string.
        assert_eq!(cutter.scan(br#"["ab\"",1]"#, 5), Stop::End(9));
        assert_eq!(cutter.cut, Some(7));
        assert!(!cutter.in_string);
    }
}
