//! Small value types shared by every record: tri-state fields, borrowed text, normalised levels.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::time::Instant;

/// A field as the source gave it.
///
/// The difference between `Absent` and `Null` is what lets a check say "not applicable" (the
/// source never sends this field) instead of "failed" (the source sends it, and it is empty).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Field<T> {
    /// The source did not carry the field at all.
    #[default]
    Absent,
    /// The source carried the field, empty (`null`, or `""` in tools that mean null by it).
    Null,
    Value(T),
}

impl<T> Field<T> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }

    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Value(v) => Some(v),
            _ => None,
        }
    }

    pub fn from_option(value: Option<T>) -> Field<T> {
        match value {
            Some(v) => Field::Value(v),
            None => Field::Null,
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Field::Absent => Field::Absent,
            Field::Null => Field::Null,
            Field::Value(v) => Field::Value(f(v)),
        }
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Field::Value(v) => v.serialize(serializer),
            _ => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Field::from_option)
    }
}

#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Field<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Nullable_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Option<T>>::json_schema(generator)
    }
}

/// Text borrowed from the input when it has no escapes, owned otherwise.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text<'a>(pub Cow<'a, str>);

impl<'a> Text<'a> {
    pub fn borrowed(s: &'a str) -> Text<'a> {
        Text(Cow::Borrowed(s))
    }

    pub fn owned(s: String) -> Text<'a> {
        Text(Cow::Owned(s))
    }

    pub fn into_owned(self) -> Text<'static> {
        Text(Cow::Owned(self.0.into_owned()))
    }

    /// True when the text holds nothing but white space (Unicode's, as `str::trim` has it).
    pub fn is_blank(&self) -> bool {
        match self.0.as_bytes().first() {
            None => true,
            // Adapters trim ASCII white space as they read, so the first byte almost always
            // settles it: every white-space character is at most U+0020 or not ASCII at all.
            Some(&b) if b > b' ' && b.is_ascii() => false,
            Some(_) => self.0.trim().is_empty(),
        }
    }
}

impl Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// Text hashes and compares as its `str` (the derived `Hash` and `Eq` are `Cow<str>`'s, which are
/// `str`'s), so maps keyed by text are looked up by `&str`.
impl std::borrow::Borrow<str> for Text<'_> {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            // Surrounding white space is dropped once here, so that a blank value reads as
            // empty in every check.
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text::borrowed(v.trim_ascii()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text::owned(v.trim_ascii().to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text::owned(if v.trim_ascii().len() == v.len() {
                    v
                } else {
                    v.trim_ascii().to_string()
                }))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Text<'_> {
    fn schema_name() -> Cow<'static, str> {
        "string".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InstantVisitor;
        impl Visitor<'_> for InstantVisitor {
            type Value = Instant;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date-time such as \"2026-03-01T09:30:00Z\" (naive times are UTC)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Instant, E> {
                Instant::parse_utc(v).ok_or_else(|| {
                    E::invalid_value(
                        de::Unexpected::Str(v),
                        &"a date-time such as \"2026-03-01T09:30:00Z\"",
                    )
                })
            }
        }
        deserializer.deserialize_str(InstantVisitor)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Instant {
    fn schema_name() -> Cow<'static, str> {
        "Instant".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A UTC instant in RFC 3339 (\"2026-03-01T09:30:00Z\"); an offset is honoured, a naive time is read as UTC.",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?$"
        })
    }
}

/// A priority, impact or urgency on the canonical scale, with the tool's own code and label kept.
///
/// Canonical scale: priority 1 (critical) … 5 (planning); impact and urgency 1 (high) … 3 (low),
/// as in ITIL and ServiceNow's defaults. Adapters for tools with other scales map into it and keep
/// the original `code` and `label`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Level<'a> {
    pub value: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Text<'a>>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Level<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr<'a> {
            Number(u8),
            Object {
                value: u8,
                #[serde(default, borrow)]
                code: Option<Text<'a>>,
                #[serde(default, borrow)]
                label: Option<Text<'a>>,
            },
        }
        let level = match Repr::deserialize(deserializer).map_err(|_| {
            de::Error::custom("expected a level 1-5 or {\"value\": 1-5, \"code\", \"label\"}")
        })? {
            Repr::Number(value) => Level {
                value,
                code: None,
                label: None,
            },
            Repr::Object { value, code, label } => Level { value, code, label },
        };
        if !(1..=5).contains(&level.value) {
            return Err(de::Error::custom(format!(
                "level {} is outside 1-5",
                level.value
            )));
        }
        Ok(level)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Level<'_> {
    fn schema_name() -> Cow<'static, str> {
        "Level".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A level on the canonical scale (priority 1 critical … 5 planning; impact and urgency 1 high … 3 low), as a number or with the tool's own code and label.",
            "oneOf": [
                {"type": "integer", "minimum": 1, "maximum": 5},
                {"type": "object", "required": ["value"], "properties": {
                    "value": {"type": "integer", "minimum": 1, "maximum": 5},
                    "code": {"type": "string"},
                    "label": {"type": "string"}
                }}
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Serialize, Default)]
    #[serde(default)]
    struct Probe<'a> {
        #[serde(borrow, skip_serializing_if = "Field::is_absent")]
        text: Field<Text<'a>>,
        #[serde(skip_serializing_if = "Field::is_absent")]
        at: Field<Instant>,
        #[serde(borrow)]
        level: Option<Level<'a>>,
    }

    #[test]
    fn absent_null_and_value_stay_distinct() {
        let absent: Probe = serde_json::from_str("{}").unwrap_or_default();
        assert!(absent.text.is_absent());
        let null: Probe = serde_json::from_str(r#"{"text": null}"#).unwrap_or_default();
        assert_eq!(null.text, Field::Null);
        let value: Probe =
            serde_json::from_str(r#"{"text": "backout", "at": "2026-01-02 03:04:05"}"#)
                .unwrap_or_default();
        assert_eq!(value.text.value().map(|t| &**t), Some("backout"));
        assert!(
            matches!(value.text.value().map(|t| &t.0), Some(Cow::Borrowed(_))),
            "unescaped text is borrowed"
        );
        assert_eq!(
            serde_json::to_string(&value).unwrap_or_default(),
            r#"{"text":"backout","at":"2026-01-02T03:04:05Z","level":null}"#
        );
    }

    #[test]
    fn blank_is_unicode_white_space_only() {
        for blank in [
            "",
            " ",
            "\t\n\r",
            "\u{000B}\u{000C}",
            "\u{3000}",
            " \u{00A0}\u{2028} ",
        ] {
            assert!(Text::borrowed(blank).is_blank(), "{blank:?} is blank");
        }
        for text in ["a", " a", "\u{3000}x", "~", "\u{001F}", "\u{0085}!", "0"] {
            assert!(!Text::borrowed(text).is_blank(), "{text:?} is not blank");
        }
        // Every single character agrees with `str::trim`.
        for c in (0..0x3100u32).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(Text::borrowed(&s).is_blank(), s.trim().is_empty(), "{c:?}");
        }
    }

    #[test]
    fn levels_accept_numbers_or_objects_in_range() {
        let p: Probe = serde_json::from_str(r#"{"level": 2}"#).unwrap_or_default();
        assert_eq!(p.level.map(|l| l.value), Some(2));
        let p: Probe = serde_json::from_str(r#"{"level": {"value": 1, "label": "1 - Critical"}}"#)
            .unwrap_or_default();
        assert_eq!(
            p.level.and_then(|l| l.label).map(|t| t.to_string()),
            Some("1 - Critical".into())
        );
        assert!(serde_json::from_str::<Probe>(r#"{"level": 9}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"at": "soon"}"#).is_err());
    }
}
