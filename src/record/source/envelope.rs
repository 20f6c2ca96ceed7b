//! Splits an input into record elements without reading the records themselves.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, Visitor};

use crate::error::{Error, ErrorCode, Result};

/// The record elements of one input, borrowed from its text.
pub struct Elements<'a> {
    /// Each element's JSON text and its byte offset in the input.
    pub items: Vec<&'a str>,
    pub offsets: Vec<usize>,
    /// Each element's detection keys (objects only), read during the same scan.
    pub keys: Vec<Option<TopKeys>>,
    /// JSON path of the array holding them (`$`, `$.result`, `$.records`); a single record is
    /// reported as `$` with one item.
    pub base: &'static str,
    /// True when the input was one object rather than a list.
    pub single: bool,
    text: &'a str,
}

impl Elements<'_> {
    /// The path of the element numbered `index` (numbers run across the chunks of a session).
    pub fn path_of(&self, index: u64) -> String {
        if self.single {
            self.base.to_string()
        } else {
            format!("{}[{index}]", self.base)
        }
    }

    /// A syntax error inside element `i`, with serde_json's position made absolute.
    pub fn syntax_error(&self, i: usize, err: &serde_json::Error) -> Error {
        let start = self.offsets.get(i).copied().unwrap_or(0);
        let (line0, col0) = line_column(self.text, start);
        let line = line0 + err.line().saturating_sub(1);
        let column = if err.line() <= 1 {
            col0 + err.column().saturating_sub(1)
        } else {
            err.column()
        };
        let mut message = err.to_string();
        if let Some(cut) = message.rfind(" at line ") {
            message.truncate(cut);
        }
        syntax(line, column, &message)
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
    fn object_keys(&mut self) -> Result<TopKeys, Error> {
        let mut keys = TopKeys {
            sys_id: false,
            kind: false,
        };
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
            match self.text.get(start + 1..self.i - 1).unwrap_or_default() {
                // ServiceNow-only system fields: a record missing its sys_id is still
                // recognised, so the adapter can say what is wrong with it.
                "sys_id" | "sys_class_name" | "sys_created_on" | "sys_updated_on" => {
                    keys.sys_id = true
                }
                "kind" => keys.kind = true,
                _ => {}
            }
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

    /// The elements of the array starting at `self.i`.
    fn array(
        &mut self,
        items: &mut Vec<&'a str>,
        offsets: &mut Vec<usize>,
        keys: &mut Vec<Option<TopKeys>>,
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
            if self.peek() == Some(b'{') {
                keys.push(Some(self.object_keys()?));
            } else {
                self.value()?;
                keys.push(None);
            }
            items.push(self.text.get(start..self.i).unwrap_or_default());
            offsets.push(start);
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

    fn end(&mut self) -> Result<(), Error> {
        self.ws();
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.fail(self.i, "trailing characters")),
        }
    }
}

/// Accepts a plain array, `{"result": [...] | {...}}` (ServiceNow Table API pages and records),
/// `{"records": [...]}` (canonical envelopes and ServiceNow JSONv2), or one record object.
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
    let mut items = Vec::new();
    let mut offsets = Vec::new();
    let mut keys = Vec::new();
    match scan.peek() {
        Some(b'[') => {
            scan.array(&mut items, &mut offsets, &mut keys)?;
            scan.end()?;
            Ok(Elements { items, offsets, keys, base: "$", single: false, text })
        }
        Some(b'{') => {
            // Look at the top-level members for an envelope; otherwise the object is a record.
            let object_start = scan.i;
            scan.i += 1;
            let mut envelope: Option<(&'static str, usize)> = None;
            let mut looks_like_record = false;
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
                    scan.ws();
                    if scan.peek() != Some(b':') {
                        return Err(scan.fail(scan.i, "expected `:`"));
                    }
                    scan.i += 1;
                    scan.ws();
                    let value_start = scan.i;
                    scan.value()?;
                    match key {
                        "result" => envelope = envelope.or(Some(("$.result", value_start))),
                        "records" => envelope = envelope.or(Some(("$.records", value_start))),
                        "sys_id" | "kind" | "id" => looks_like_record = true,
                        _ => {}
                    }
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
            scan.end()?;
            match envelope {
                Some((base, at)) if !looks_like_record => {
                    let mut inner = Scan { text, b: text.as_bytes(), i: at };
                    match inner.peek() {
                        Some(b'[') => {
                            inner.array(&mut items, &mut offsets, &mut keys)?;
                            Ok(Elements { items, offsets, keys, base, single: false, text })
                        }
                        Some(b'{') => {
                            keys.push(Some(inner.object_keys()?));
                            items.push(text.get(at..inner.i).unwrap_or_default());
                            offsets.push(at);
                            Ok(Elements { items, offsets, keys, base, single: true, text })
                        }
                        _ => Err(Error::new(ErrorCode::InputShape, format!("`{base}` must be an array of records or one record object"))
                            .at_path(base)),
                    }
                }
                _ => {
                    items.push(text.get(object_start..scan.i).unwrap_or_default());
                    offsets.push(object_start);
                    keys.push(top_level_keys(text.get(object_start..scan.i).unwrap_or_default()));
                    Ok(Elements { items, offsets, keys, base: "$", single: true, text })
                }
            }
        }
        None => Err(Error::new(ErrorCode::InputShape, "the input is empty; expected JSON records")),
        Some(_) => match serde_json::from_str::<IgnoredAny>(text) {
            Err(e) => Err(Error::json_syntax(&e)),
            Ok(_) => Err(Error::new(
                ErrorCode::InputShape,
                "expected an array of records, a {\"result\": …} or {\"records\": …} envelope, or one record object",
            )
            .at_path("$")),
        },
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

/// Which detection keys an element has at its top level.
#[derive(Clone, Copy, Debug)]
pub struct TopKeys {
    pub sys_id: bool,
    pub kind: bool,
}

/// Reads an element's top-level keys with the structural scan (values are skipped, not parsed).
/// `None` when the element is not an object or is malformed: its adapter then reports why.
pub(crate) fn top_level_keys(raw: &str) -> Option<TopKeys> {
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
#[allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]
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
