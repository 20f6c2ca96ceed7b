//! Splits an input into record elements without reading the records themselves.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, Visitor};

use super::Source;
use crate::error::{Error, ErrorCode, Result};

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
#[derive(Clone, Copy, Debug)]
pub struct Member {
    pub key: (u32, u32),
    pub value: (u32, u32),
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
            format!("{}[{index}]", self.base)
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

    /// The whole input text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// A syntax error inside element `i`, with serde_json's position made absolute.
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

/// A fast structural scan: finds the elements' boundaries without reading the records, which
/// their adapters parse (and validate) exactly once afterwards.
struct Scan<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Scan<'a> {
    fn fail(&self, at: usize, message: &str) -> Error {
        let (line, column) = line_column(self.text, at);
        syntax(line, column, message)
    }

    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Skips a string starting at its opening quote (memchr finds the next quote or escape).
    fn string(&mut self) -> Result<(), Error> {
        let start = self.i;
        self.i += 1;
        loop {
            let rest = self.b.get(self.i..).unwrap_or_default();
            match memchr::memchr2(b'"', b'\\', rest) {
                Some(n) => {
                    self.i += n;
                    if self.b.get(self.i) == Some(&b'"') {
                        self.i += 1;
                        return Ok(());
                    }
                    self.i += 2;
                }
                None => return Err(self.fail(start, "EOF while parsing a string")),
            }
        }
    }

    /// Skips an object, noting its top-level keys that tell which tool produced it.
    fn object_keys(&mut self) -> Result<KeySet, Error> {
        let mut keys = KeySet::default();
        self.i += 1;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(keys);
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.fail(self.i, "key must be a string"));
            }
            let start = self.i;
            self.string()?;
            keys.note(self.text.get(start + 1..self.i - 1).unwrap_or_default());
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.fail(self.i, "expected `:`"));
            }
            self.i += 1;
            self.ws();
            self.value()?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(keys);
                }
                Some(_) => return Err(self.fail(self.i, "expected `,` or `}`")),
                None => return Err(self.fail(self.i, "EOF while parsing an object")),
            }
        }
    }

    /// Skips one value; nested structure is only balanced here and validated by the adapter.
    fn value(&mut self) -> Result<(), Error> {
        match self.peek() {
            Some(b'"') => self.string(),
            Some(b'{' | b'[') => {
                let start = self.i;
                let mut depth = 0usize;
                loop {
                    match self.b.get(self.i) {
                        Some(b'"') => {
                            self.string()?;
                            continue;
                        }
                        Some(b'{' | b'[') => depth += 1,
                        Some(b'}' | b']') => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Ok(());
                            }
                        }
                        Some(_) => {}
                        None => return Err(self.fail(start, "EOF while parsing a value")),
                    }
                    self.i += 1;
                }
            }
            Some(_) => {
                let start = self.i;
                while !matches!(
                    self.b.get(self.i),
                    None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n')
                ) {
                    self.i += 1;
                }
                if self.i == start {
                    Err(self.fail(start, "expected value"))
                } else {
                    Ok(())
                }
            }
            None => Err(self.fail(self.i, "EOF while parsing a value")),
        }
    }

    /// Validates the object at the cursor in one pass, noting its keys and members (spans
    /// relative to the object); `None` (cursor and `members` unchanged) when it holds anything
    /// the byte scan leaves to the adapters' general readers.
    fn members(&mut self, members: &mut Vec<Member>) -> Option<KeySet> {
        let start = self.i;
        let before = members.len();
        let mut keys = KeySet::default();
        let mut lex = super::bytes::Lex::new(self.text);
        lex.i = start;
        let rel = |at: usize| u32::try_from(at.wrapping_sub(start)).ok();
        let text = self.text;
        let scanned = lex.object(|key, lex| {
            keys.note(key);
            let key_start = (key.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
            let value_start = lex.i;
            lex.skip(1)?;
            let span = |from: usize, to: usize| rel(from).zip(rel(to));
            match (
                span(key_start, key_start + key.len()),
                span(value_start, lex.i),
            ) {
                (Some(key), Some(value)) => {
                    members.push(Member { key, value });
                    Ok(())
                }
                _ => Err(super::bytes::Stop),
            }
        });
        if scanned.is_err() {
            members.truncate(before);
            return None;
        }
        self.i = lex.i;
        Some(keys)
    }

    /// The elements of the array starting at `self.i`.
    fn array(
        &mut self,
        items: &mut Vec<&'a str>,
        offsets: &mut Vec<usize>,
        keys: &mut Vec<Option<KeySet>>,
        members: &mut Vec<Member>,
        ranges: &mut Vec<Option<(u32, u32)>>,
    ) -> Result<(), Error> {
        self.i += 1;
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            let start = self.i;
            let from = members.len();
            if self.peek() == Some(b'{') {
                match self.members(members) {
                    Some(k) => {
                        keys.push(Some(k));
                        ranges.push(
                            u32::try_from(from)
                                .ok()
                                .zip(u32::try_from(members.len()).ok()),
                        );
                    }
                    None => {
                        keys.push(Some(self.object_keys()?));
                        ranges.push(None);
                    }
                }
            } else {
                self.value()?;
                keys.push(None);
                ranges.push(None);
            }
            items.push(self.text.get(start..self.i).unwrap_or_default());
            offsets.push(start);
            if items.len() == 1 {
                reserve_like_first(
                    self.text.len() - self.i,
                    self.i - start,
                    members.len() - from,
                    items,
                    offsets,
                    keys,
                    members,
                    ranges,
                );
            }
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(_) => return Err(self.fail(self.i, "expected `,` or `]`")),
                None => return Err(self.fail(self.i, "EOF while parsing a list")),
            }
        }
    }

    /// The position of member `name`'s value in the object starting at `self.i`.
    fn member(&mut self, name: &str) -> Result<Option<usize>, Error> {
        if self.peek() != Some(b'{') {
            return Ok(None);
        }
        self.i += 1;
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Ok(None);
            }
            let key_start = self.i;
            self.string()?;
            let key = self.text.get(key_start + 1..self.i - 1).unwrap_or_default();
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.fail(self.i, "expected `:`"));
            }
            self.i += 1;
            self.ws();
            if key == name {
                return Ok(Some(self.i));
            }
            self.value()?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                _ => return Ok(None),
            }
        }
    }

    /// The values of an object whose members are records (iTop's `objects`), named by key.
    fn map(&mut self, out: &mut Elements<'a>) -> Result<(), Error> {
        self.i += 1;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return Err(self.fail(self.i, "key must be a string"));
            }
            let key_start = self.i;
            self.string()?;
            let name = self.text.get(key_start + 1..self.i - 1).unwrap_or_default();
            self.ws();
            if self.peek() != Some(b':') {
                return Err(self.fail(self.i, "expected `:`"));
            }
            self.i += 1;
            self.ws();
            let start = self.i;
            if self.peek() == Some(b'{') {
                out.keys.push(Some(self.object_keys()?));
            } else {
                self.value()?;
                out.keys.push(None);
            }
            out.items
                .push(self.text.get(start..self.i).unwrap_or_default());
            out.offsets.push(start);
            out.names.push(name);
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(_) => return Err(self.fail(self.i, "expected `,` or `}`")),
                None => return Err(self.fail(self.i, "EOF while parsing an object")),
            }
        }
    }

    fn end(&mut self) -> Result<(), Error> {
        self.ws();
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.fail(self.i, "trailing characters")),
        }
    }
}

/// An envelope a tool wraps its records in, `{"<key>": …}`, as the tool's adapter declares it
/// ([`super::Adapter::envelopes`]).
#[derive(Clone, Copy, Debug)]
pub struct Envelope {
    /// The top-level member holding the records.
    pub key: &'static str,
    /// Its JSON path (`$.<key>`): the base of the records' paths.
    pub path: &'static str,
    pub holds: Holds,
}

/// What an envelope's member holds.
#[derive(Clone, Copy, Debug)]
pub enum Holds {
    /// An array of records, or one record object.
    Records,
    /// Records, with a sibling member naming the custom fields of every record of the page
    /// (Jira's `names` expansion).
    RecordsNamedBy(&'static str),
    /// A map of records by id (iTop's `objects`).
    Map,
    /// Ids only, the records being a map by id in `member`.`map` (Zammad's `tickets` ids with
    /// the tickets in `assets.Ticket`); without that map this is not the tool's envelope.
    IdsWithRecordsIn {
        member: &'static str,
        map: &'static str,
        path: &'static str,
    },
}

impl Envelope {
    /// An envelope holding an array of records or one record.
    pub const fn records(key: &'static str, path: &'static str) -> Envelope {
        Envelope {
            key,
            path,
            holds: Holds::Records,
        }
    }
}

/// `{"records": […]}`: canonical records, or any tool's.
const GENERIC: Envelope = Envelope::records("records", "$.records");

/// Top-level keys that make an object a record rather than an envelope, whatever its tool; each
/// adapter adds its own ([`super::Adapter::record_keys`]).
const RECORD_KEYS: &[&str] = &["kind", "id", "bundle"];

/// Every envelope of the build with the tool it implies: the generic one, then each tool's.
fn envelopes() -> impl Iterator<Item = (Option<Source>, &'static Envelope)> {
    std::iter::once((None, &GENERIC)).chain(
        super::tools().flat_map(|(source, a)| a.envelopes().iter().map(move |e| (Some(source), e))),
    )
}

/// Whether an object with these top-level keys is a record (of any tool of the build).
fn looks_like_record(keys: &KeySet) -> bool {
    keys.any(RECORD_KEYS) || super::tools().any(|(_, a)| keys.any(a.record_keys()))
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
        Some(b'{') => {
            // One pass over the top-level members: their keys (does the object look like a
            // record?), and the envelope's elements, read as the scan passes them and dropped
            // again when the object turns out to be a record.
            let object_start = scan.i;
            let mut envelope: Option<(&str, usize)> = None;
            // Every top-level member (key, value span): an envelope may name a sibling.
            let mut members: Vec<(&str, usize, usize)> = Vec::new();
            let mut own_keys = KeySet::default();
            scan.i += 1;
            scan.ws();
            if scan.peek() == Some(b'}') {
                scan.i += 1;
            } else {
                loop {
                    scan.ws();
                    if scan.peek() != Some(b'"') {
                        return Err(scan.fail(scan.i, "key must be a string"));
                    }
                    let key_start = scan.i;
                    scan.string()?;
                    let key = text.get(key_start + 1..scan.i - 1).unwrap_or_default();
                    own_keys.note(key);
                    scan.ws();
                    if scan.peek() != Some(b':') {
                        return Err(scan.fail(scan.i, "expected `:`"));
                    }
                    scan.i += 1;
                    scan.ws();
                    let value_start = scan.i;
                    let mut envelope_here = false;
                    if envelope.is_none() && envelopes().any(|(_, e)| e.key == key) {
                        envelope = Some((key, value_start));
                        envelope_here = true;
                    }
                    if envelope_here && scan.peek() == Some(b'[') {
                        scan.array(&mut out.items, &mut out.offsets, &mut out.keys, &mut out.members, &mut out.member_ranges)?;
                    } else {
                        scan.value()?;
                    }
                    members.push((key, value_start, scan.i));
                    scan.ws();
                    match scan.peek() {
                        Some(b',') => scan.i += 1,
                        Some(b'}') => {
                            scan.i += 1;
                            break;
                        }
                        Some(_) => return Err(scan.fail(scan.i, "expected `,` or `}`")),
                        None => return Err(scan.fail(scan.i, "EOF while parsing an object")),
                    }
                }
            }
            let looks_like_record = looks_like_record(&own_keys);
            scan.end()?;
            // The last member of that name, as JSON.parse keeps it.
            let member = |name: &str| members.iter().rev().find(|(k, ..)| *k == name).map(|&(_, from, to)| (from, to));
            if let Some((key, at)) = envelope {
                for (source, e) in envelopes().filter(|(_, e)| e.key == key) {
                    // Ids only (an array of numbers), the records in a map elsewhere.
                    let Holds::IdsWithRecordsIn { member: holder, map, path } = e.holds else { continue };
                    let Some((holder_at, _)) = member(holder) else { continue };
                    if !text.get(at + 1..).is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit())) {
                        continue;
                    }
                    let mut inner = Scan { text, b: text.as_bytes(), i: holder_at };
                    if let Some(record_map) = inner.member(map)? {
                        let mut map_scan = Scan { text, b: text.as_bytes(), i: record_map };
                        out.items.clear();
                        out.offsets.clear();
                        out.keys.clear();
                        out.members.clear();
                        out.member_ranges.clear();
                        out.base = path;
                        out.hint = source;
                        map_scan.map(&mut out)?;
                        return Ok(out);
                    }
                }
            }
            let plain = envelope.and_then(|(key, at)| {
                envelopes()
                    .find(|(_, e)| e.key == key && !matches!(e.holds, Holds::IdsWithRecordsIn { .. }))
                    .map(|(hint, e)| (hint, e, at))
            });
            match plain {
                Some((hint, e, at)) if !looks_like_record => {
                    let base = e.path;
                    out.base = base;
                    out.hint = hint;
                    if let Holds::RecordsNamedBy(names) = e.holds {
                        out.page_names = member(names).and_then(|(from, to)| text.get(from..to));
                    }
                    let mut inner = Scan { text, b: text.as_bytes(), i: at };
                    match inner.peek() {
                        // Read during the pass over the members.
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
                        _ => Err(Error::new(ErrorCode::InputShape, format!("`{base}` must be an array of records or one record object"))
                            .at_path(base)),
                    }
                }
                _ => {
                    out.items.clear();
                    out.offsets.clear();
                    out.keys.clear();
                    out.members.clear();
                    out.member_ranges.clear();
                    out.items.push(text.get(object_start..scan.i).unwrap_or_default());
                    out.offsets.push(object_start);
                    out.keys.push(Some(own_keys));
                    out.single = true;
                    Ok(out)
                }
            }
        }
        None => Err(Error::new(ErrorCode::InputShape, "the input is empty; expected JSON records")),
        Some(_) => match serde_json::from_str::<IgnoredAny>(text) {
            Err(e) => Err(Error::json_syntax(&e)),
            Ok(_) => Err(Error::new(
                ErrorCode::InputShape,
                "expected an array of records, an envelope such as {\"result\": …}, or one record object",
            )
            .at_path("$")),
        },
    }
}

/// Sizes the lists for the rest of an array from its first element: exports are uniform, and
/// growing the member list by doubling copied tens of megabytes and touched every page twice.
/// A guess only: a wrong one costs a regrowth, never a result.
#[allow(clippy::too_many_arguments)]
fn reserve_like_first(
    rest: usize,
    first_len: usize,
    first_members: usize,
    items: &mut Vec<&str>,
    offsets: &mut Vec<usize>,
    keys: &mut Vec<Option<KeySet>>,
    members: &mut Vec<Member>,
    ranges: &mut Vec<Option<(u32, u32)>>,
) {
    let more = rest / first_len.max(1) + 1;
    items.reserve(more);
    offsets.reserve(more);
    keys.reserve(more);
    ranges.reserve(more);
    members.reserve(more.saturating_mul(first_members));
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

macro_rules! signature_keys {
    ($($key:literal),* $(,)?) => {
        /// Top-level keys that tell tools apart (an element's signature), read during the scan.
        const SIGNATURE_KEYS: &[&str] = &[$($key),*];

        /// Position of a signature key. It runs for every key of every record, and most keys
        /// are none: one `match` (by length, then bytes) answers with the position worked out
        /// at compile time, so no key is compared twice.
        fn key_index(key: &str) -> Option<usize> {
            match key {
                $($key => Some(const { position_of($key) }),)*
                _ => None,
            }
        }
    };
}

/// Where `key` sits in [`SIGNATURE_KEYS`], evaluated at compile time only: a key missing from the
/// list stops the build, which is the point.
#[allow(clippy::indexing_slicing, clippy::panic)]
const fn position_of(key: &str) -> usize {
    let key = key.as_bytes();
    let mut i = 0;
    while i < SIGNATURE_KEYS.len() {
        let k = SIGNATURE_KEYS[i].as_bytes();
        if k.len() == key.len() {
            let mut j = 0;
            while j < k.len() && k[j] == key[j] {
                j += 1;
            }
            if j == k.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("not a signature key")
}

signature_keys! {// ServiceNow
    "sys_id", "sys_class_name", "sys_created_on", "sys_updated_on", "task", "sysapproval", "ci_item",
    // canonical
    "kind",
    // Jira / JSM
    "key", "fields", "self", "issueKey", "requestTypeId", "completedCycles", "ongoingCycle", "finalDecision", "approvers",
    // GLPI
    "users_id_recipient", "itilcategories_id", "entities_id", "global_validation", "date_mod", "tickets_id",
    "problems_id", "changes_id", "itemtype", "items_id", "users_id_validate", "1", "2", "12",
    // Zammad
    "state_id", "priority_id", "group_id", "customer_id", "article_count", "link_type", "link_object_value",
    // iTop
    "class", "code", "finalclass", "operational_status", "ref",
    // Znuny / OTRS
    "TicketID", "TicketNumber", "StateType", "DynamicField", "Queue",
    // Freshservice
    "requester_id", "fr_due_by", "responder_id", "workspace_id", "change_type", "planned_start_date",
    "requested_for_id", "department_id", "analysis_fields", "release_type", "planning_fields", "known_error",
    // shared
    "id", "number", "status", "type", "title", "bundle"
}

/// Which signature keys an element has at its top level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeySet(u128);

impl KeySet {
    fn note(&mut self, key: &str) {
        if let Some(i) = key_index(key) {
            self.0 |= 1 << i;
        }
    }

    /// Whether the element has this top-level key (only keys of the signature list are kept).
    pub fn has(&self, key: &str) -> bool {
        debug_assert!(
            SIGNATURE_KEYS.contains(&key),
            "{key} is not a signature key"
        );
        key_index(key).is_some_and(|i| self.0 & (1 << i) != 0)
    }

    /// Whether the element has every one of these keys.
    pub fn all(&self, keys: &[&str]) -> bool {
        keys.iter().all(|k| self.has(k))
    }

    /// Whether the element has at least one of these keys.
    pub fn any(&self, keys: &[&str]) -> bool {
        keys.iter().any(|k| self.has(k))
    }
}

/// Reads an element's top-level keys with the structural scan (values are skipped, not parsed).
/// `None` when the element is not an object or is malformed: its adapter then reports why.
pub fn top_level_keys(raw: &str) -> Option<KeySet> {
    let mut scan = Scan {
        text: raw,
        b: raw.as_bytes(),
        i: 0,
    };
    scan.ws();
    if scan.peek() != Some(b'{') {
        return None;
    }
    scan.object_keys().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> (usize, &'static str, bool) {
        match split(text) {
            Ok(e) => (e.items.len(), e.base, e.single),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn accepts_the_envelopes_tools_use() {
        assert_eq!(count(r#"[{"a":1},{"b":2}]"#), (2, "$", false));
        assert_eq!(
            count(r#"{"result":[{"sys_id":"1"},{"sys_id":"2"},{}]}"#),
            (3, "$.result", false)
        );
        assert_eq!(count(r#"{"result":{"sys_id":"1"}}"#), (1, "$.result", true));
        assert_eq!(
            count(r#"{"records":[{"id":"1"}]}"#),
            (1, "$.records", false)
        );
        assert_eq!(count(r#"  {"id":"1","kind":"incident"}"#), (1, "$", true));
        // A record that has a field called `result` is still one record.
        assert_eq!(
            count(r#"{"id":"7","kind":"continuity_test","result":"passed"}"#),
            (1, "$", true)
        );
    }

    /// Each envelope is declared by its tool's adapter: the hint, the base path and the extras
    /// (Jira's `names`, Zammad's ids with the tickets in `assets`, iTop's map) come from there.
    #[test]
    fn envelopes_come_from_the_adapters() {
        let split_ok = |text: &'static str| split(text).unwrap_or_else(|e| panic!("{e}"));
        let zammad = split_ok(
            r#"{"tickets":[7,9],"assets":{"Ticket":{"7":{"id":7},"9":{"id":9}},"User":{}}}"#,
        );
        assert_eq!(
            (zammad.items.len(), zammad.base, zammad.hint),
            (2, "$.assets.Ticket", Some(Source::Zammad))
        );
        assert_eq!(zammad.path_at(1, 1), "$.assets.Ticket[\"9\"]");
        let fresh = split_ok(r#"{"tickets":[{"id":7}],"assets":{}}"#);
        assert_eq!(
            (fresh.items.len(), fresh.base, fresh.hint),
            (1, "$.tickets", Some(Source::Freshservice))
        );
        let jira = split_ok(r#"{"issues":[{"key":"A-1"}],"names":{"customfield_1":"Team"}}"#);
        assert_eq!(
            (jira.hint, jira.page_names),
            (Some(Source::Jira), Some(r#"{"customfield_1":"Team"}"#))
        );
        let itop = split_ok(r#"{"objects":{"UserRequest::1":{"class":"UserRequest"}},"code":0}"#);
        assert_eq!(
            (itop.items.len(), itop.base, itop.hint),
            (1, "$.objects", Some(Source::Itop))
        );
        let generic = split_ok(r#"{"records":[{"id":"1"}]}"#);
        assert_eq!(generic.hint, None);
        // A tool's record keys make an object with an envelope-named member one record.
        for record in [
            r#"{"sys_id":"1","result":[]}"#,
            r#"{"key":"A-1","issues":[]}"#,
            r#"{"TicketID":"1","Ticket":[]}"#,
        ] {
            let one = split_ok(record);
            assert_eq!(
                (one.items.len(), one.base, one.single),
                (1, "$", true),
                "{record}"
            );
        }
    }

    #[test]
    fn syntax_errors_between_elements_name_line_and_column() {
        let err = split("[\n  {\"id\": 1}\n  {\"id\": 2}\n]").err();
        let err = err.as_ref();
        assert_eq!(err.map(|e| e.code), Some(ErrorCode::JsonSyntax));
        assert_eq!(err.and_then(|e| e.line), Some(3));
        assert_eq!(err.and_then(|e| e.column), Some(3));
        assert!(err.is_some_and(|e| e.message.contains("line 3 column 3")));
        let trailing = split("[1] x").err();
        assert_eq!(trailing.and_then(|e| e.column), Some(5));
    }

    #[test]
    fn element_offsets_locate_errors_inside_elements() {
        let text = "[\n  {\"id\": 1},\n  {\"id\": [1,,2]}\n]";
        let elements = split(text).unwrap();
        assert_eq!(elements.items, ["{\"id\": 1}", "{\"id\": [1,,2]}"]);
        let inner = serde_json::from_str::<serde_json::Value>(elements.items[1]).unwrap_err();
        let err = elements.syntax_error(1, &inner);
        assert_eq!((err.line, err.column), (Some(3), Some(13)));
        // Member syntax of a record is already checked by the scan, with the position.
        let err = split("[\n  {\"id\": 2,,}\n]").err();
        assert_eq!(err.as_ref().and_then(|e| e.line), Some(2));
    }

    #[test]
    fn wrong_shapes_are_errors_not_panics() {
        for text in ["", "42", "\"text\"", "null", "{\"result\": 5}", "[1,", "{"] {
            assert!(split(text).is_err(), "{text:?}");
        }
    }
}
