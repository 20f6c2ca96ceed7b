//! A validating scan over JSON bytes that builds nothing: adapters on the hot path (ServiceNow)
//! find an element's members as borrowed spans with it and read only the fields they know.
//!
//! The scan accepts exactly what `serde_json` accepts without help. Anything else — a syntax
//! error, but also what `JSON.parse` accepts and serde does not (a lone surrogate escape, a number
//! beyond a double) or nesting deeper than the adapters read — stops it with [`Stop`], and the
//! caller hands the element to its general reader, which names the error's line and column or
//! repairs the value with a warning. The fast path therefore never changes a result; it only
//! skips building values nobody reads.

/// Why the scan stopped: the element needs the general reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop;

pub type Scanned<T> = Result<T, Stop>;

/// Deepest nesting the scan follows (the general reader's limit is higher and reports it).
const MAX_DEPTH: usize = 64;

pub struct Lex<'a> {
    pub text: &'a str,
    b: &'a [u8],
    pub i: usize,
}

/// A string's span without its quotes, and whether it holds escapes.
#[derive(Clone, Copy, Debug)]
pub struct Str {
    pub start: usize,
    pub end: usize,
    pub escaped: bool,
}

impl<'a> Lex<'a> {
    pub fn new(text: &'a str) -> Lex<'a> {
        Lex {
            text,
            b: text.as_bytes(),
            i: 0,
        }
    }

    /// Skips white space. Exports are mostly compact: one compare settles the common case of
    /// none (every JSON white-space byte is at most a space).
    #[inline]
    pub fn ws(&mut self) {
        if self.b.get(self.i).is_some_and(|&c| c <= b' ') {
            while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\r' | b'\n')) {
                self.i += 1;
            }
        }
    }

    pub fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Consumes `c` after optional whitespace.
    pub fn eat(&mut self, c: u8) -> Scanned<()> {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(Stop)
        }
    }

    /// The text of a span.
    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or_default()
    }

    /// A string at the cursor (which must be on its opening quote), validated: no control
    /// characters, known escapes only, `\u` escapes with four hex digits and surrogates paired.
    // Inlined into the scan's two callers (keys, values): the call's set-up cost as much as the
    // loop on the short strings records hold.
    #[inline(always)]
    pub fn string(&mut self) -> Scanned<Str> {
        if self.peek() != Some(b'"') {
            return Err(Stop);
        }
        self.i += 1;
        let start = self.i;
        let mut escaped = false;
        loop {
            // Eight bytes at a time while none is a quote, a backslash or a control character
            // (values are short: a vector search costs more to start than it saves).
            while let Some(word) = self.b.get(self.i..self.i + 8) {
                let v = u64::from_le_bytes(word.try_into().unwrap_or([b'"'; 8]));
                let hits = below(v, 0x20)
                    | zero_byte(v ^ (ONES * u64::from(b'"')))
                    | zero_byte(v ^ (ONES * u64::from(b'\\')));
                if hits == 0 {
                    self.i += 8;
                } else {
                    // The lowest flagged byte is exact (only bytes above it can be false hits).
                    self.i += (hits.trailing_zeros() / 8) as usize;
                    break;
                }
            }
            match self.peek() {
                Some(b'"') => {
                    let end = self.i;
                    self.i += 1;
                    return Ok(Str {
                        start,
                        end,
                        escaped,
                    });
                }
                Some(b'\\') => {
                    escaped = true;
                    self.escape()?;
                }
                Some(c) if c < 0x20 => return Err(Stop),
                Some(_) => self.i += 1,
                None => return Err(Stop),
            }
        }
    }

    /// One escape at the cursor (on its backslash).
    fn escape(&mut self) -> Scanned<()> {
        match self.b.get(self.i + 1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                self.i += 2;
                Ok(())
            }
            Some(b'u') => {
                let unit = self.hex4(self.i + 2)?;
                self.i += 6;
                match unit {
                    0xD800..=0xDBFF => {
                        // A lead surrogate must be followed by a trail one.
                        if self.b.get(self.i) != Some(&b'\\')
                            || self.b.get(self.i + 1) != Some(&b'u')
                        {
                            return Err(Stop);
                        }
                        let trail = self.hex4(self.i + 2)?;
                        if !(0xDC00..=0xDFFF).contains(&trail) {
                            return Err(Stop);
                        }
                        self.i += 6;
                        Ok(())
                    }
                    0xDC00..=0xDFFF => Err(Stop),
                    _ => Ok(()),
                }
            }
            _ => Err(Stop),
        }
    }

    fn hex4(&self, at: usize) -> Scanned<u32> {
        let digits = self.b.get(at..at + 4).ok_or(Stop)?;
        let mut n = 0u32;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return Err(Stop),
            };
            n = n * 16 + u32::from(v);
        }
        Ok(n)
    }

    /// A number in JSON's grammar; its value when it fits a double.
    pub fn number(&mut self) -> Scanned<f64> {
        let start = self.i;
        let shape = self.number_syntax()?;
        // An integer of at most 15 digits is exact in a double: its value without the general
        // parse (ids are such numbers, and parsing them was 4 % of reading GLPI items).
        if shape.integer_digits <= 15 && !shape.fraction && !shape.exponent {
            let (negative, digits) = match self.bytes(start, self.i) {
                [b'-', rest @ ..] => (true, rest),
                all => (false, all),
            };
            let n = digits
                .iter()
                .fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) as f64;
            return Ok(if negative { -n } else { n });
        }
        self.parsed(start)
    }

    /// The value of the number from `start` to the cursor, by the general parse.
    fn parsed(&self, start: usize) -> Scanned<f64> {
        let n: f64 = self.slice(start, self.i).parse().map_err(|_| Stop)?;
        // Beyond a double: serde refuses it and the general reader keeps it as text.
        if n.is_finite() { Ok(n) } else { Err(Stop) }
    }

    /// Passes a number by, as [`Lex::number`] would read it (refusing what is beyond a double)
    /// without working out its value unless it could be beyond one.
    fn skip_number(&mut self) -> Scanned<()> {
        let start = self.i;
        let shape = self.number_syntax()?;
        // Without an exponent, a number of fewer than 300 integer digits is below 1e300.
        if !shape.exponent && shape.integer_digits < 300 {
            return Ok(());
        }
        self.parsed(start).map(|_| ())
    }

    /// Moves past a number's text (JSON's grammar), saying what parts it has.
    fn number_syntax(&mut self) -> Scanned<NumberShape> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let int_start = self.i;
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(Stop),
        }
        let mut shape = NumberShape {
            integer_digits: self.i - int_start,
            fraction: false,
            exponent: false,
        };
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(Stop);
            }
            self.digits();
            shape.fraction = true;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(Stop);
            }
            self.digits();
            shape.exponent = true;
        }
        Ok(shape)
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
    }

    pub fn literal(&mut self, word: &[u8]) -> Scanned<()> {
        if self.b.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(Stop)
        }
    }

    /// Skips one value, validating it.
    pub fn skip(&mut self, depth: usize) -> Scanned<()> {
        self.ws();
        self.skip_here(depth)
    }

    /// [`Lex::skip`] with the cursor already on the value (after the whitespace).
    pub fn skip_here(&mut self, depth: usize) -> Scanned<()> {
        match self.peek() {
            Some(b'"') => self.string().map(|_| ()),
            Some(b'{' | b'[') if depth >= MAX_DEPTH => Err(Stop),
            Some(b'{') => {
                self.i += 1;
                self.items(b'}', |lex| {
                    lex.ws();
                    lex.string()?;
                    lex.eat(b':')?;
                    lex.skip(depth + 1)
                })
            }
            Some(b'[') => {
                self.i += 1;
                self.items(b']', |lex| lex.skip(depth + 1))
            }
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(b'-' | b'0'..=b'9') => self.skip_number(),
            _ => Err(Stop),
        }
    }

    /// Walks the members of the object at the cursor, calling `member(key, lex)` with the cursor
    /// on each value; `member` must consume the value (or return `Stop`). Keys with escapes stop
    /// the scan: tools never send them, and the general reader handles them.
    pub fn object(
        &mut self,
        mut member: impl FnMut(&'a str, &mut Lex<'a>) -> Scanned<()>,
    ) -> Scanned<()> {
        self.object_spans(|key, lex| member(lex.slice(key.start, key.end), lex))
    }

    /// [`Lex::object`] with each key as its span: a caller that only looks keys up by their
    /// bytes does not pay for a `str` slice's boundary checks on every key of every record.
    pub fn object_spans(
        &mut self,
        mut member: impl FnMut(Str, &mut Lex<'a>) -> Scanned<()>,
    ) -> Scanned<()> {
        self.eat(b'{')?;
        self.items(b'}', |lex| {
            lex.ws();
            let key = lex.string()?;
            if key.escaped {
                return Err(Stop);
            }
            lex.eat(b':')?;
            lex.ws();
            member(key, lex)
        })
    }

    /// Walks the items of the array at the cursor, calling `item(lex)` with the cursor on each
    /// (after its white space); `item` must consume the item (or return `Stop`).
    pub fn array(&mut self, mut item: impl FnMut(&mut Lex<'a>) -> Scanned<()>) -> Scanned<()> {
        self.eat(b'[')?;
        self.items(b']', |lex| {
            lex.ws();
            item(lex)
        })
    }

    /// The bytes of a span.
    pub fn bytes(&self, start: usize, end: usize) -> &'a [u8] {
        self.b.get(start..end).unwrap_or_default()
    }

    /// The comma-separated items after an opening bracket, through the `close` bracket.
    fn items(
        &mut self,
        close: u8,
        mut item: impl FnMut(&mut Lex<'a>) -> Scanned<()>,
    ) -> Scanned<()> {
        self.ws();
        if self.peek() == Some(close) {
            self.i += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(c) if c == close => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(Stop),
            }
        }
    }

    /// The cursor is at the end of the text, after optional whitespace.
    pub fn at_end(&mut self) -> bool {
        self.ws();
        self.i >= self.b.len()
    }
}

/// The value of a validated string's content (between its quotes).
pub fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let unit = hex(&mut chars);
                let code = if (0xD800..=0xDBFF).contains(&unit) {
                    // Validated: a trail surrogate escape follows.
                    chars.next();
                    chars.next();
                    let trail = hex(&mut chars);
                    0x10000 + ((unit - 0xD800) << 10) + (trail.wrapping_sub(0xDC00) & 0x3FF)
                } else {
                    unit
                };
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn hex(chars: &mut std::str::Chars<'_>) -> u32 {
    let mut n = 0u32;
    for _ in 0..4 {
        n = n * 16 + chars.next().and_then(|c| c.to_digit(16)).unwrap_or(0);
    }
    n
}

/// Whether a validated string's content holds an escape, eight bytes at a time (values are short:
/// a vector search costs more to start than it saves).
pub fn has_escape(content: &str) -> bool {
    let mut words = content.as_bytes().chunks_exact(8);
    let backslashes = ONES * u64::from(b'\\');
    for word in words.by_ref() {
        let v = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
        if zero_byte(v ^ backslashes) != 0 {
            return true;
        }
    }
    words.remainder().contains(&b'\\')
}

pub(super) const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Flags (high bit) a zero byte of `v`; exact for the lowest one.
pub(super) fn zero_byte(v: u64) -> u64 {
    v.wrapping_sub(ONES) & !v & HIGHS
}

/// Flags a byte of `v` below `n` (n ≤ 128); exact for the lowest one.
fn below(v: u64, n: u8) -> u64 {
    v.wrapping_sub(ONES * u64::from(n)) & !v & HIGHS
}

/// The parts a number's text has.
struct NumberShape {
    integer_digits: usize,
    fraction: bool,
    exponent: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skips(text: &str) -> bool {
        let mut lex = Lex::new(text);
        lex.skip(0).is_ok() && lex.at_end()
    }

    #[test]
    fn accepts_what_serde_accepts_and_stops_elsewhere() {
        let cases = [
            r#"{"a":"x\"y","b":[1,-2.5e3,true,false,null,{}],"c":{"d":"\u00e9\ud83d\ude00"}}"#,
            "[]",
            "0",
            "-0.5",
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            "01",
            "1.",
            "1e",
            r#""\ud800""#,
            r#""\udc00x""#,
            "\"a\u{1}b\"",
            r#""\x""#,
            "1e400",
            "tru",
            "[1 2]",
            r#"{"a":1"#,
        ];
        for text in cases {
            let serde = serde_json::from_str::<serde_json::Value>(text).is_ok();
            assert_eq!(skips(text), serde, "{text}");
        }
    }

    /// Numbers read and skipped as serde_json reads them: the same value (integers of up to 15
    /// digits take the short way, longer ones and decimals the general parse), and refused past
    /// a double, also without an exponent.
    #[test]
    fn numbers_read_as_serde_reads_them() {
        let big = format!("1{}", "0".repeat(309));
        let near = format!("9{}", "9".repeat(298));
        let cases = [
            "0",
            "-0",
            "7",
            "-7",
            "42",
            "999999999999999",
            "-999999999999999",
            "1000000000000000",
            "9007199254740993",
            "12345678901234567890",
            "0.1",
            "-2.5e3",
            "1E2",
            "1e-7",
            "1e400",
            "-1e400",
            &big,
            &near,
        ];
        for text in cases {
            let serde = serde_json::from_str::<f64>(text).ok();
            let mut lex = Lex::new(text);
            let read = lex.number().ok();
            assert_eq!(read.map(f64::to_bits), serde.map(f64::to_bits), "{text}");
            assert!(read.is_none() || lex.at_end(), "{text}");
            assert_eq!(skips(text), serde.is_some(), "{text}");
        }
    }

    #[test]
    fn unescapes_like_serde() {
        for raw in [
            r#""plain""#,
            r#""a\"b\\c\/d\n\t\r\b\f""#,
            r#""\u00e9 \ud83d\ude00 \u20ac""#,
        ] {
            let mut lex = Lex::new(raw);
            let s = lex.string().unwrap_or(Str {
                start: 0,
                end: 0,
                escaped: false,
            });
            let expected: String = serde_json::from_str(raw).unwrap_or_default();
            assert_eq!(unescape(lex.slice(s.start, s.end)), expected);
        }
    }

    #[test]
    fn strings_of_every_length_end_at_their_quote() {
        for n in 0..40 {
            for special in ["", "\\\"", "\\u00e9", "é"] {
                let body = format!("{}{special}{}", "a".repeat(n), "b".repeat(n % 9));
                let text = format!("\"{body}\" ");
                let mut lex = Lex::new(&text);
                let s = lex.string();
                assert!(s.is_ok(), "{text}");
                assert_eq!(lex.i, text.len() - 1, "{text}");
            }
            let control = format!("\"{}\u{1}\"", "a".repeat(n));
            assert!(Lex::new(&control).string().is_err());
        }
    }

    #[test]
    fn finds_escapes_at_every_position() {
        for n in 0..24 {
            assert!(!has_escape(&"a".repeat(n)));
            for at in 0..n {
                let mut s = "a".repeat(n);
                s.replace_range(at..=at, "\\");
                assert!(has_escape(&s), "{s}");
            }
        }
        assert!(!has_escape("é日本語\u{80}"));
    }

    #[test]
    fn deep_nesting_stops_instead_of_recursing() {
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(!skips(&deep));
    }
}
