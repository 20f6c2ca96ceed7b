//! [`string_enum!`]: one declaration for an enumeration whose values are JSON strings.
//!
//! A variant is written once with its text (`Incident = "incident"`), and the macro derives the
//! rest from that one list, so that the variants, their texts and the TypeScript and JSON Schema
//! unions can never drift apart:
//!
//! - the enum, serialised as its text (`as_str`, by hand: one string write), with
//!   `#[serde(rename = …)]` on each variant, which `tsify` and `schemars` read to write the
//!   `"a" | "b"` union and the schema's `enum` (and serde's derived reader of codes, its texts);
//! - `ALL` (declaration order), `as_str`, `index` (position in `ALL`) and `Display`;
//! - reading a text, in one of two ways:
//!   - a code read from data (`Kind`, `Severity`, `ErrorCode` …): `parse` gives an `Option`, and
//!     serde's derived deserialiser reports an unknown text as it always has;
//!   - an option a caller names (`as option "lang" ("language")`): `parse` gives an `E_OPTION`
//!     error at `$.lang` whose sentence lists the values allowed, and deserialising an options
//!     object refuses an unknown text with the same sentence ([`OptionText`]). A
//!     tool whose texts have aliases names its own reader and sentence (`reads f, refuses g`).

/// See the [module documentation](self).
macro_rules! string_enum {
    // A code read from data.
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)?
        }
    ) => {
        // Read by hand as serde's derive reads an enum of unit variants (see `DataText`).
        $crate::util::string_enum::string_enum!(
            @define $(#[$meta])* $name { $($(#[$vmeta])* $variant = $text),+ }
        );

        impl $crate::util::string_enum::DataText for $name {
            const NAME: &'static str = stringify!($name);
            const TEXTS: &'static [&'static str] = &[$($text),+];
            fn parse_text(text: &str) -> Option<$name> {
                $name::parse(text)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                $crate::util::string_enum::deserialize_data(deserializer)
            }
        }

        impl $name {
            /// The value whose text is `text`, exactly.
            #[allow(dead_code, reason = "generated for every string enum; not all read texts")]
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };

    // An option a caller names: `lang`, `edition`, `source`.
    (
        $(#[$meta:meta])*
        pub enum $name:ident as option $option:literal ($what:literal)
            $(reads $read:path, refuses $refuse:path)? {
            $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)?
        }
    ) => {
        // Read by hand (below).
        $crate::util::string_enum::string_enum!(
            @define $(#[$meta])* $name { $($(#[$vmeta])* $variant = $text),+ }
        );

        impl $crate::util::string_enum::OptionText for $name {
            const OPTION: &'static str = $option;

            fn from_text(text: &str) -> Option<$name> {
                $crate::util::string_enum::string_enum!(
                    @read text, $name { $($variant = $text),+ } $($read)?
                )
            }

            fn unknown(text: &str) -> String {
                $crate::util::string_enum::string_enum!(@refuse text, $name, $what $($refuse)?)
            }
        }

        // The options' reader (`ffi::options`): the same sentence.
        impl $crate::util::value_reader::FromValue for $name {
            fn from_value(
                value: &serde_json::Value,
            ) -> Result<Self, $crate::util::value_reader::Problem> {
                $crate::util::value_reader::option_text(value)
            }
        }

        // By hand rather than derived: an unknown text gets the sentence that lists the values.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                $crate::util::string_enum::deserialize_option(deserializer)
            }
        }

        impl $name {
            #[doc = concat!(
                "Reads the `", $option, "` option; an unknown text is an `E_OPTION` error at `$.",
                $option, "` that lists the values allowed."
            )]
            pub fn parse(text: &str) -> $crate::error::Result<$name> {
                $crate::util::string_enum::parse_option(text)
            }
        }
    };

    (@define $(#[$meta:meta])* $name:ident {
        $($(#[$vmeta:meta])* $variant:ident = $text:literal),+
    }) => {
        // Serialised and read by hand: the `rename`s are only for the TypeScript and JSON Schema
        // declarations, whose derives are the only ones that read them.
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[cfg_attr(any(feature = "schema", feature = "wasm"), serde(rename = $text))]
                $variant
            ),+
        }

        // Written as its text by hand: the same JSON as serde's derive (a unit variant is its
        // name as a string, also as a map key), with one string write instead of a match arm per
        // variant in every serialiser it reaches (issue 12).
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[allow(dead_code, reason = "generated for every string enum; not all use each item")]
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value's text (its JSON string).
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Position in [`Self::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl $crate::util::string_enum::StringEnum for $name {
            const ALL: &'static [$name] = $name::ALL;
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
            fn index(self) -> usize {
                self as usize
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };

    (@read $input:ident, $name:ident { $($variant:ident = $text:literal),+ }) => {
        match $input {
            $($text => Some($name::$variant),)+
            _ => None,
        }
    };
    (@read $input:ident, $name:ident { $($variant:ident = $text:literal),+ } $read:path) => {
        $read($input)
    };

    (@refuse $input:ident, $name:ident, $what:literal) => {
        format!(
            "unknown {} {:?}; expected {}",
            $what,
            $input,
            $crate::util::string_enum::alternatives($name::ALL.iter().map(|v| v.as_str()))
        )
    };
    (@refuse $input:ident, $name:ident, $what:literal $refuse:path) => {
        $refuse($input)
    };
}

pub(crate) use string_enum;

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, EnumAccess, Unexpected, VariantAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::error::{Error, Result};

/// What every [`string_enum!`] enum offers, for code written once for all of them (a rule's
/// reading of a coded field, the table of a field with few values).
pub(crate) trait StringEnum: Copy + 'static {
    /// Every value, in declaration order.
    const ALL: &'static [Self];
    /// The value's text.
    fn as_str(self) -> &'static str;
    /// Position in [`Self::ALL`].
    fn index(self) -> usize;
}

/// An enum an option names by its text (`lang`, `edition`, `source`): what the text reads as,
/// and the sentence an unknown text gets, which lists the values allowed. `string_enum!`
/// implements it for every enum declared `as option`. The same sentence
/// serves [`parse_option`] (a text given as an argument) and [`deserialize_option`] (a value in
/// an options object, where serde adds the JSON path), so the two can never drift apart.
pub(crate) trait OptionText: Sized {
    /// The option's name (the JSON key in options objects).
    const OPTION: &'static str;
    fn from_text(text: &str) -> Option<Self>;
    /// Why `text` is refused, with the values allowed.
    fn unknown(text: &str) -> String;
}

/// An option's value read from text: an [`ErrorCode::Option`](crate::error::ErrorCode) error at `$.<option>` when unknown.
pub(crate) fn parse_option<T: OptionText>(text: &str) -> Result<T> {
    T::from_text(text).ok_or_else(|| Error::option(T::OPTION, T::unknown(text)))
}

/// An option's value read by serde: an unknown text fails with the same sentence as
/// [`parse_option`], and [`crate::ffi::options`] adds the JSON path and `E_OPTION`.
pub(crate) fn deserialize_option<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: OptionText,
{
    let text = String::deserialize(deserializer)?;
    T::from_text(&text).ok_or_else(|| serde::de::Error::custom(T::unknown(&text)))
}

/// A code read from data, read the way serde's derive reads an enum of unit variants (named by
/// its text, or as `{"text": null}`), with the same errors, but through one generic reader and the
/// enum's own `parse` instead of a derived visitor per enum that repeats the match of its texts
/// (issue 12).
pub(crate) trait DataText: StringEnum {
    /// The enum's Rust name (serde's "enum Kind" in an error).
    const NAME: &'static str;
    /// The texts in declaration order (serde's "expected one of …").
    const TEXTS: &'static [&'static str];
    fn parse_text(text: &str) -> Option<Self>;
}

pub(crate) fn deserialize_data<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DataText,
{
    deserializer.deserialize_enum(T::NAME, T::TEXTS, EnumVisitor(PhantomData))
}

/// The enum as a whole: a variant named, with no content.
struct EnumVisitor<T>(PhantomData<T>);

impl<'de, T: DataText> Visitor<'de> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "enum {}", T::NAME)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<T, A::Error> {
        let (value, variant) = data.variant_seed(Identifier(PhantomData))?;
        variant.unit_variant()?;
        Ok(value)
    }
}

/// The variant's name: its text (or, as serde allows, its index).
struct Identifier<T>(PhantomData<T>);

impl<'de, T: DataText> DeserializeSeed<'de> for Identifier<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de, T: DataText> Visitor<'de> for Identifier<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("variant identifier")
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<T, E> {
        usize::try_from(index)
            .ok()
            .and_then(|i| T::ALL.get(i).copied())
            .ok_or_else(|| E::invalid_value(Unexpected::Unsigned(index), &IndexBelow(T::ALL.len())))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        T::parse_text(text).ok_or_else(|| E::unknown_variant(text, T::TEXTS))
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<T, E> {
        match std::str::from_utf8(bytes).ok().and_then(T::parse_text) {
            Some(value) => Ok(value),
            None => Err(E::unknown_variant(
                &String::from_utf8_lossy(bytes),
                T::TEXTS,
            )),
        }
    }
}

/// serde's words for a variant index out of range.
struct IndexBelow(usize);

impl de::Expected for IndexBelow {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "variant index 0 <= i < {}", self.0)
    }
}

/// `"a"`, `"a" or "b"`, `"a", "b" or "c"`: the values an option allows, for its error sentence.
pub(crate) fn alternatives<'t>(texts: impl Iterator<Item = &'t str>) -> String {
    let quoted: Vec<String> = texts.map(|t| format!("{t:?}")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::alternatives;

    crate::util::string_enum::string_enum! {
        pub enum ByHand { First = "first", SecondOne = "second_one", Third = "3rd" }
    }

    /// What serde's derive would generate for the same enum.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    enum ByHand_ {
        #[serde(rename = "first")]
        First,
        #[serde(rename = "second_one")]
        SecondOne,
        #[serde(rename = "3rd")]
        Third,
    }

    #[test]
    fn a_code_reads_as_the_derived_reader_does_with_the_same_errors() {
        let inputs = [
            r#""first""#,
            r#""second_one""#,
            r#""3rd""#,
            r#""First""#,
            r#""""#,
            r#""sec\u006fnd_one""#,
            r#"{"first": null}"#,
            r#"{"first": 1}"#,
            r#"{"nope": null}"#,
            r#"{"first": null, "3rd": null}"#,
            r#"{}"#,
            "1",
            "null",
            "true",
            "[]",
            r#"["first"]"#,
            r#""first"#,
            "",
        ];
        for input in inputs {
            let mine = serde_json::from_str::<ByHand>(input)
                .map(|v| v.as_str().to_string())
                .map_err(|e| e.to_string());
            let derived = serde_json::from_str::<ByHand_>(input)
                .map(|v| format!("{v:?}"))
                .map_err(|e| e.to_string());
            assert_eq!(mine.is_ok(), derived.is_ok(), "{input}");
            assert_eq!(mine.as_ref().err(), derived.as_ref().err(), "{input}");
            // Through a `Value` too (the packs are read that way).
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(input) {
                let mine =
                    serde_json::from_value::<ByHand>(value.clone()).map_err(|e| e.to_string());
                let derived = serde_json::from_value::<ByHand_>(value).map_err(|e| e.to_string());
                assert_eq!(mine.as_ref().err(), derived.as_ref().err(), "{input}");
                assert_eq!(mine.is_ok(), derived.is_ok(), "{input}");
            }
        }
        let all: Vec<ByHand> = serde_json::from_str(r#"["3rd", "first", "second_one"]"#).unwrap();
        assert_eq!(all, [ByHand::Third, ByHand::First, ByHand::SecondOne]);
    }

    #[test]
    fn alternatives_read_as_a_sentence() {
        assert_eq!(alternatives([].into_iter()), "");
        assert_eq!(alternatives(["en"].into_iter()), "\"en\"");
        assert_eq!(alternatives(["en", "ja"].into_iter()), "\"en\" or \"ja\"");
        assert_eq!(
            alternatives(["a", "b", "c"].into_iter()),
            "\"a\", \"b\" or \"c\""
        );
    }
}
