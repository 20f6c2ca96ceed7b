//! The `mapping` module of a build without column mappings (cargo feature `mapping` off, e.g.
//! `make wasm-servicenow`). The option and the export stay, so every build takes the same
//! options and JavaScript sees one API: a `context.mapping` is read as any JSON value and
//! refused when the context is resolved, and `proposeMapping` answers, both with
//! `E_NOT_IN_BUILD`.

use serde::de::{Deserialize, Deserializer, IgnoredAny};

use crate::error::{Error, Result};

/// Why a mapping cannot be used in this build.
fn absent() -> Error {
    Error::not_in_build(
        "column mapping (context.mapping and proposeMapping)",
        "mapping",
    )
}

/// `context.mapping` in a build without mappings: any JSON value is accepted here, so the error
/// says what the build lacks rather than that the value is malformed.
#[derive(Clone, Debug, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Mapping;

impl<'de> Deserialize<'de> for Mapping {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(deserializer).map(|_| Mapping)
    }
}

impl crate::util::value_reader::FromValue for Mapping {
    fn from_value(
        _value: &serde_json::Value,
    ) -> std::result::Result<Self, crate::util::value_reader::Problem> {
        Ok(Mapping)
    }
}

impl Mapping {
    /// Never valid: this build cannot read a CSV through a mapping.
    pub fn validate(&self) -> Result<()> {
        Err(absent())
    }
}

pub mod propose {
    //! `proposeMapping` without the proposal: its options are read as any JSON (their `lang`
    //! still chooses the error's language) and the answer is the error.

    use serde::de::{Deserialize, Deserializer, IgnoredAny};
    use serde::{Serialize, Serializer};

    use crate::error::Result;

    /// The options of a proposal, not read in this build.
    #[derive(Clone, Debug, Default)]
    pub struct ProposeOptions;

    impl<'de> Deserialize<'de> for ProposeOptions {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            IgnoredAny::deserialize(deserializer).map(|_| ProposeOptions)
        }
    }

    impl crate::util::value_reader::FromValue for ProposeOptions {
        fn from_value(
            _value: &serde_json::Value,
        ) -> std::result::Result<Self, crate::util::value_reader::Problem> {
            Ok(ProposeOptions)
        }
    }

    /// A proposal, which this build never makes (the type has no values).
    pub enum Proposal {}

    impl Serialize for Proposal {
        fn serialize<S: Serializer>(&self, _serializer: S) -> Result<S::Ok, S::Error> {
            match *self {}
        }
    }

    /// Always the error: this build has no mapping proposal.
    pub fn propose(_text: &str, _options: &ProposeOptions) -> Result<Proposal> {
        Err(super::absent())
    }
}
