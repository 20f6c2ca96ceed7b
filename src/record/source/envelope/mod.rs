//! Splits an input into record elements without reading the records themselves.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, Visitor};

mod cut;
mod declared;
mod keys;
mod lookup;
mod scan;
#[cfg(test)]
mod tests;

use super::Source;
use crate::error::{Error, ErrorCode, Result};
pub use cut::{Cutter, Stop, split_points};
pub use declared::{Envelope, Holds};
use declared::{envelopes, looks_like_record};
pub(crate) use keys::key_set;
pub use keys::{KeySet, top_level_keys};
pub(crate) use keys::{MEMBER_KEY_LIST, member_key_id, same as same_bytes};
use scan::Scan;

/// The record elements of one input, borrowed from its text.
pub struct Elements<'a> {
    /// Each element's JSON text and its byte offset in the input.
    pub items: Vec<&'a str>,
    pub offsets: Vec<usize>,
    /// Each element's detection keys (objects only), read during the same scan.
    pub keys: Vec<Option<KeySet>>,
    /// Member names of elements taken from a map (iTop's `objects`), for their paths.
    pub names: Vec<&'a str>,
    /// The tool an envelope implies (`issues` → Jira, `objects` → iTop …), a tie-breaker for
    /// detection.
    pub hint: Option<Source>,
    /// JSON path of the array holding them (`$`, `$.result`, `$.records`); a single record is
    /// reported as `$` with one item.
    pub base: &'static str,
    /// True when the input was one object rather than a list.
    pub single: bool,
    /// The `names` expansion of a Jira search page (`{"issues": […], "names": {…}}`): field id
    /// → field name for every issue of the page, which carry none of their own.
    pub page_names: Option<&'a str>,
    /// The top-level members of each object element, found (and validated) by the same scan:
    /// `member_ranges[i]` indexes `members` for item `i`, `None` when the element was only
    /// balanced (not an object, or something the validating scan leaves to its adapter).
    pub members: Vec<Member>,
    pub member_ranges: Vec<Option<(u32, u32)>>,
    text: &'a str,
}

/// One member of an element: its key's and its value's byte spans, relative to the element.
/// 16 bytes (a key's length fits 16 bits): an export's members are kept for all its elements at
/// once, 1.3 million for 25,000 ServiceNow incidents.
#[derive(Clone, Copy, Debug)]
pub struct Member {
    key_start: u32,
    value: (u32, u32),
    key_len: u16,
    /// The key's id in the scan's table of keys (`envelope/keys.rs`: the signature keys and the
    /// keys tools read by name), 0 for any other key and for the members of a pair: the tool's
    /// reader finds its field by it, without hashing the key again.
    pub key_id: u8,
    /// [`Member::plain`] (the top bit) and [`Member::inner`] (the others), in one byte.
    flags: u8,
}

const _: () = assert!(size_of::<Member>() == 16);

/// The bit of [`Member::flags`] that says the value is plain.
const PLAIN: u8 = 0x80;

impl Member {
    /// A place for a member, filled in when its value has been read.
    pub(super) const EMPTY: Member = Member {
        key_start: 0,
        value: (0, 0),
        key_len: 0,
        key_id: 0,
        flags: 0,
    };

    /// A member of these spans; `None` for a key longer than 65,535 bytes (the element is then
    /// left to its adapter's general reader).
    pub(super) fn new(key: (u32, u32), value: (u32, u32), plain: bool) -> Option<Member> {
        let key_len = u16::try_from(key.1.checked_sub(key.0)?).ok()?;
        Some(Member {
            key_start: key.0,
            value,
            key_len,
            key_id: 0,
            flags: if plain { PLAIN } else { 0 },
        })
    }

    /// The value is a string without escapes: its text is the span inside the quotes, which
    /// the reader takes as it is instead of looking for backslashes a second time.
    #[inline]
    pub fn plain(&self) -> bool {
        self.flags & PLAIN != 0
    }

    /// For an object of strings (ServiceNow's `{"display_value": …, "value": …, "link": …}`
    /// pairs), how many of the members that follow are its `value`, `display_value` and `link`
    /// (each at most once): the reader takes them from there instead of reading the object a
    /// second time. 0 for every other value, and for those members themselves.
    #[inline]
    pub fn inner(&self) -> u8 {
        self.flags & !PLAIN
    }

    /// The member with `inner` members of a pair after it (at most 3) and its key's id.
    pub(super) fn with(self, inner: u8, key_id: u8) -> Member {
        Member {
            key_id,
            flags: (self.flags & PLAIN) | (inner & !PLAIN),
            ..self
        }
    }

    /// The key's span inside its quotes.
    pub fn key(&self) -> (u32, u32) {
        (self.key_start, self.key_start + u32::from(self.key_len))
    }

    /// The value's span.
    pub fn value(&self) -> (u32, u32) {
        self.value
    }
}

impl<'a> Elements<'a> {
    /// The members of item `i`, when the scan validated it.
    pub fn members_of(&self, i: usize) -> Option<&[Member]> {
        let (from, to) = (*self.member_ranges.get(i)?)?;
        self.members.get(from as usize..to as usize)
    }

    /// The path of the element numbered `index` (numbers run across the chunks of a session).
    pub fn path_of(&self, index: u64) -> String {
        if self.single {
            self.base.to_string()
        } else {
            indexed_path(self.base, index)
        }
    }

    /// The path of element `i` of this input, numbered `index` in the session; elements of a
    /// map envelope (iTop's `objects`) are named by their key.
    pub fn path_at(&self, i: usize, index: u64) -> String {
        match self.names.get(i) {
            Some(name) => format!(
                "{}[{}]",
                self.base,
                serde_json::to_string(name).unwrap_or_default()
            ),
            None => self.path_of(index),
        }
    }

    /// Drops the elements read so far (an envelope's, when the object is a record after all).
    fn clear(&mut self) {
        self.items.clear();
        self.offsets.clear();
        self.keys.clear();
        self.members.clear();
        self.member_ranges.clear();
    }

    /// The whole input text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// A syntax error inside element `i`, with serde_json's position made absolute.
    #[cfg(test)]
    pub fn syntax_error(&self, i: usize, err: &serde_json::Error) -> Error {
        Self::syntax_error_at(self.text, self.offsets.get(i).copied().unwrap_or(0), err)
    }

    /// A syntax error in the part of `text` that starts at byte `start`.
    pub fn syntax_error_at(text: &str, start: usize, err: &serde_json::Error) -> Error {
        let (line0, col0) = line_column(text, start);
        let line = line0 + err.line().saturating_sub(1);
        let column = if err.line() <= 1 {
            col0 + err.column().saturating_sub(1)
        } else {
            err.column()
        };
        syntax(line, column, &crate::error::serde_message(err))
    }
}

/// `base[index]`, written digit by digit: it is built for every element, and `format!` cost
/// more than the rest of the path's work.
fn indexed_path(base: &str, index: u64) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = index;
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(digits.get(at..).unwrap_or_default()).unwrap_or_default();
    let mut path = String::with_capacity(base.len() + digits.len() + 2);
    path.push_str(base);
    path.push('[');
    path.push_str(digits);
    path.push(']');
    path
}

fn syntax(line: usize, column: usize, message: &str) -> Error {
    let mut e = Error::new(
        ErrorCode::JsonSyntax,
        format!("malformed JSON at line {line} column {column}: {message}"),
    );
    e.line = Some(line);
    e.column = Some(column);
    e
}

/// 1-based line and column of a byte offset (columns count bytes, as serde_json's do).
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.as_bytes().get(..offset).unwrap_or_default();
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    (line, column)
}

/// Accepts a plain array, an envelope (`{"records": …}`, or one a tool declares: ServiceNow's
/// `result`, Jira's `issues` …), or one record object.
pub fn split(text: &str) -> Result<Elements<'_>> {
    let mut scan = Scan {
        text,
        b: text.as_bytes(),
        i: 0,
    };
    if text.starts_with('\u{feff}') {
        scan.i = 3;
    }
    scan.ws();
    let mut out = Elements {
        items: Vec::new(),
        offsets: Vec::new(),
        keys: Vec::new(),
        names: Vec::new(),
        hint: None,
        base: "$",
        single: false,
        page_names: None,
        members: Vec::new(),
        member_ranges: Vec::new(),
        text,
    };
    match scan.peek() {
        Some(b'[') => {
            scan.array(&mut out.items, &mut out.offsets, &mut out.keys, &mut out.members, &mut out.member_ranges)?;
            scan.end()?;
            Ok(out)
        }
        Some(b'{') => object(scan, out),
        None => Err(Error::new(ErrorCode::InputShape, "the input is empty; expected JSON records")),
        Some(_) => match crate::util::json::from_str::<IgnoredAny>(text) {
            Err(e) => Err(Error::json_syntax(&e)),
            Ok(_) => Err(Error::new(
                ErrorCode::InputShape,
                "expected an array of records, an envelope such as {\"result\": …}, or one record object",
            )
            .at_path("$")),
        },
    }
}

/// The top-level members of an object input, read in one pass: their keys (does the object
/// look like a record?), and the envelope's elements, read as the scan passes them and dropped
/// again when the object turns out to be a record.
struct TopLevel<'a> {
    start: usize,
    keys: KeySet,
    /// The first member named like an envelope, and where its value starts.
    envelope: Option<(&'a str, usize)>,
    /// Every member (key, value span): an envelope may name a sibling.
    members: Vec<(&'a str, usize, usize)>,
}

impl TopLevel<'_> {
    /// The value span of the last member of that name, as JSON.parse keeps it.
    fn member(&self, name: &str) -> Option<(usize, usize)> {
        self.members
            .iter()
            .rev()
            .find(|(k, ..)| *k == name)
            .map(|&(_, from, to)| (from, to))
    }
}

fn object<'a>(mut scan: Scan<'a>, mut out: Elements<'a>) -> Result<Elements<'a>> {
    let top = top_level(&mut scan, &mut out)?;
    let is_record = looks_like_record(&top.keys);
    scan.end()?;
    if records_elsewhere(scan.text, &top, &mut out)? {
        return Ok(out);
    }
    let plain = top.envelope.and_then(|(key, at)| {
        envelopes()
            .find(|(_, e)| e.key == key && !matches!(e.holds, Holds::IdsWithRecordsIn { .. }))
            .map(|(hint, e)| (hint, e, at))
    });
    match plain {
        Some((hint, e, at)) if !is_record => {
            out.hint = hint;
            if let Holds::RecordsNamedBy(names) = e.holds {
                out.page_names = top
                    .member(names)
                    .and_then(|(from, to)| scan.text.get(from..to));
            }
            enveloped(e, at, out)
        }
        _ => {
            out.clear();
            out.items
                .push(scan.text.get(top.start..scan.i).unwrap_or_default());
            out.offsets.push(top.start);
            out.keys.push(Some(top.keys));
            out.single = true;
            Ok(out)
        }
    }
}

/// Reads the members of the object at the scan's position (see [`TopLevel`]).
fn top_level<'a>(scan: &mut Scan<'a>, out: &mut Elements<'a>) -> Result<TopLevel<'a>> {
    let text = scan.text;
    let mut top = TopLevel {
        start: scan.i,
        keys: KeySet::default(),
        envelope: None,
        members: Vec::new(),
    };
    scan.i += 1;
    scan.ws();
    if scan.peek() == Some(b'}') {
        scan.i += 1;
        return Ok(top);
    }
    loop {
        scan.ws();
        if scan.peek() != Some(b'"') {
            return Err(scan.fail(scan.i, "key must be a string"));
        }
        let key_start = scan.i;
        scan.string()?;
        let key = text.get(key_start + 1..scan.i - 1).unwrap_or_default();
        top.keys.note(key);
        scan.ws();
        if scan.peek() != Some(b':') {
            return Err(scan.fail(scan.i, "expected `:`"));
        }
        scan.i += 1;
        scan.ws();
        let value_start = scan.i;
        let mut envelope_here = false;
        if top.envelope.is_none() && envelopes().any(|(_, e)| e.key == key) {
            top.envelope = Some((key, value_start));
            envelope_here = true;
        }
        if envelope_here && scan.peek() == Some(b'[') {
            scan.array(
                &mut out.items,
                &mut out.offsets,
                &mut out.keys,
                &mut out.members,
                &mut out.member_ranges,
            )?;
        } else {
            scan.value()?;
        }
        top.members.push((key, value_start, scan.i));
        scan.ws();
        match scan.peek() {
            Some(b',') => scan.i += 1,
            Some(b'}') => {
                scan.i += 1;
                return Ok(top);
            }
            Some(_) => return Err(scan.fail(scan.i, "expected `,` or `}`")),
            None => return Err(scan.fail(scan.i, "EOF while parsing an object")),
        }
    }
}

/// An envelope holding ids only (an array of numbers), its records in a map elsewhere (see
/// [`Holds::IdsWithRecordsIn`]): reads them into `out` and says so.
fn records_elsewhere<'a>(
    text: &'a str,
    top: &TopLevel<'a>,
    out: &mut Elements<'a>,
) -> Result<bool> {
    let Some((key, at)) = top.envelope else {
        return Ok(false);
    };
    for (source, e) in envelopes().filter(|(_, e)| e.key == key) {
        let Holds::IdsWithRecordsIn {
            member: holder,
            map,
            path,
        } = e.holds
        else {
            continue;
        };
        let Some((holder_at, _)) = top.member(holder) else {
            continue;
        };
        let ids = text
            .get(at + 1..)
            .is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()));
        if !ids {
            continue;
        }
        let mut inner = Scan::at(text, holder_at);
        if let Some(record_map) = inner.member(map)? {
            out.clear();
            out.base = path;
            out.hint = source;
            Scan::at(text, record_map).map(out)?;
            return Ok(true);
        }
    }
    Ok(false)
}

/// The records of a plain envelope whose value starts at `at`: an array (already read during
/// the pass over the members), a map of records, or one record.
fn enveloped<'a>(e: &Envelope, at: usize, mut out: Elements<'a>) -> Result<Elements<'a>> {
    let base = e.path;
    out.base = base;
    let text = out.text;
    let mut inner = Scan::at(text, at);
    match inner.peek() {
        Some(b'[') => Ok(out),
        Some(b'{') if matches!(e.holds, Holds::Map) => {
            inner.map(&mut out)?;
            Ok(out)
        }
        Some(b'{') => {
            out.keys.push(Some(inner.object_keys()?));
            out.items.push(text.get(at..inner.i).unwrap_or_default());
            out.offsets.push(at);
            out.single = true;
            Ok(out)
        }
        _ => Err(Error::new(
            ErrorCode::InputShape,
            format!("`{base}` must be an array of records or one record object"),
        )
        .at_path(base)),
    }
}

/// A map key, borrowed when it has no escapes.
pub(crate) struct KeyName<'a>(pub std::borrow::Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for KeyName<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = KeyName<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(KeyName(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(KeyName(std::borrow::Cow::Owned(v.to_string())))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}
