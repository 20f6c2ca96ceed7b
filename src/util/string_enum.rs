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
        // Serde's derived reader, which reads the texts of the `rename`s.
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        $crate::util::string_enum::string_enum!(@define $name { $($variant = $text),+ });

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
        // Read by hand (below): the `rename`s are only for the TypeScript and JSON Schema
        // declarations, whose derives are the only ones that read them here.
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

        $crate::util::string_enum::string_enum!(@define $name { $($variant = $text),+ });

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

    (@define $name:ident { $($variant:ident = $text:literal),+ }) => {
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
