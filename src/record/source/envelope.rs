//! Splits an input into record elements without reading the records themselves.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::error::{Error, ErrorCode, Result};

/// The record elements of one input, borrowed from its text.
pub struct Elements<'a> {
    pub items: Vec<&'a RawValue>,
    /// JSON path of the array holding them (`$`, `$.result`, `$.records`); a single record is
    /// reported as `$` with one item.
    pub base: &'static str,
    /// True when the input was one object rather than a list.
    pub single: bool,
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
}

/// Accepts a plain array, `{"result": [...] | {...}}` (ServiceNow Table API pages and records),
/// `{"records": [...]}` (canonical envelopes and ServiceNow JSONv2), or one record object.
pub fn split(text: &str) -> Result<Elements<'_>> {
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    match trimmed.as_bytes().first() {
        Some(b'[') => {
            let items: Vec<&RawValue> =
                serde_json::from_str(text).map_err(|e| syntax_or_shape(&e))?;
            Ok(Elements {
                items,
                base: "$",
                single: false,
            })
        }
        Some(b'{') => {
            let probe: EnvelopeProbe<'_> =
                serde_json::from_str(text).map_err(|e| syntax_or_shape(&e))?;
            let (inner, base) = match (probe.result, probe.records) {
                (Some(result), _) if !probe.looks_like_record => (result, "$.result"),
                (_, Some(records)) if !probe.looks_like_record => (records, "$.records"),
                _ => {
                    let whole: &RawValue =
                        serde_json::from_str(text).map_err(|e| syntax_or_shape(&e))?;
                    return Ok(Elements {
                        items: vec![whole],
                        base: "$",
                        single: true,
                    });
                }
            };
            match inner.get().as_bytes().first() {
                Some(b'[') => {
                    let items: Vec<&RawValue> =
                        serde_json::from_str(inner.get()).map_err(|e| syntax_or_shape(&e))?;
                    Ok(Elements {
                        items,
                        base,
                        single: false,
                    })
                }
                Some(b'{') => Ok(Elements {
                    items: vec![inner],
                    base,
                    single: true,
                }),
                _ => Err(Error::new(
                    ErrorCode::InputShape,
                    format!("`{base}` must be an array of records or one record object"),
                )
                .at_path(base)),
            }
        }
        None => Err(Error::new(
            ErrorCode::InputShape,
            "the input is empty; expected JSON records",
        )),
        Some(_) => {
            // Let serde_json tell where the text stops being JSON, or say it is not a container.
            match serde_json::from_str::<IgnoredAny>(text) {
                Err(e) => Err(Error::json_syntax(&e)),
                Ok(_) => Err(Error::new(
                    ErrorCode::InputShape,
                    "expected an array of records, a {\"result\": …} or {\"records\": …} envelope, or one record object",
                )
                .at_path("$")),
            }
        }
    }
}

fn syntax_or_shape(err: &serde_json::Error) -> Error {
    match err.classify() {
        serde_json::error::Category::Data => {
            let mut e = Error::new(
                ErrorCode::InputShape,
                format!("unexpected input shape: {err}"),
            );
            e.line = Some(err.line());
            e.column = Some(err.column());
            e
        }
        _ => Error::json_syntax(err),
    }
}

/// The keys of a top-level object that decide what it is.
struct EnvelopeProbe<'a> {
    result: Option<&'a RawValue>,
    records: Option<&'a RawValue>,
    /// A record that happens to have a `result`/`records` field (it also has an id).
    looks_like_record: bool,
}

impl<'de: 'a, 'a> Deserialize<'de> for EnvelopeProbe<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ProbeVisitor;
        impl<'de> Visitor<'de> for ProbeVisitor {
            type Value = EnvelopeProbe<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut probe = EnvelopeProbe {
                    result: None,
                    records: None,
                    looks_like_record: false,
                };
                while let Some(key) = map.next_key::<KeyName<'de>>()? {
                    match &*key.0 {
                        "result" => probe.result = Some(map.next_value()?),
                        "records" => probe.records = Some(map.next_value()?),
                        "sys_id" | "kind" | "id" => {
                            probe.looks_like_record = true;
                            map.next_value::<IgnoredAny>()?;
                        }
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(probe)
            }
        }
        deserializer.deserialize_map(ProbeVisitor)
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
pub(crate) struct TopKeys {
    pub sys_id: bool,
    pub kind: bool,
}

pub(crate) fn top_level_keys(raw: &RawValue) -> Option<TopKeys> {
    struct KeysVisitor;
    impl<'de> Visitor<'de> for KeysVisitor {
        type Value = TopKeys;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TopKeys, A::Error> {
            let mut keys = TopKeys {
                sys_id: false,
                kind: false,
            };
            while let Some(key) = map.next_key::<KeyName<'de>>()? {
                match &*key.0 {
                    // ServiceNow-only system fields: a record missing its sys_id is still
                    // recognised, so the adapter can say what is wrong with it.
                    "sys_id" | "sys_class_name" | "sys_created_on" | "sys_updated_on" => {
                        keys.sys_id = true
                    }
                    "kind" => keys.kind = true,
                    _ => {}
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(keys)
        }
    }
    let mut de = serde_json::Deserializer::from_str(raw.get());
    de.deserialize_map(KeysVisitor).ok()
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
    fn syntax_errors_name_line_and_column() {
        let err = split("[\n  {\"id\": 1},\n  {\"id\": 2,,}\n]").err();
        let err = err.as_ref();
        assert_eq!(err.map(|e| e.code), Some(ErrorCode::JsonSyntax));
        assert_eq!(err.and_then(|e| e.line), Some(3));
        assert_eq!(err.and_then(|e| e.column), Some(12));
        assert!(err.is_some_and(|e| e.message.contains("line 3 column 12")));
    }

    #[test]
    fn wrong_shapes_are_errors_not_panics() {
        for text in ["", "42", "\"text\"", "null", "{\"result\": 5}", "[1,", "{"] {
            assert!(split(text).is_err(), "{text:?}");
        }
    }
}
