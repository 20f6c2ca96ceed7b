//! Errors as data: a stable code, a message, and where in the input it happened.
//!
//! An [`Error`] stops a whole call (malformed JSON, a bad option, misuse). A single bad record is
//! never an `Error`: it becomes a [`crate::report::Rejection`] in the report and the batch goes on.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::util::string_enum::string_enum;

string_enum! {
    pub enum ErrorCode {
        /// The input is not well-formed JSON (line and column given).
        JsonSyntax = "E_JSON_SYNTAX",
        /// A CSV export is malformed (line given).
        CsvSyntax = "E_CSV_SYNTAX",
        /// The input bytes are not UTF-8.
        Encoding = "E_ENCODING",
        /// Well-formed JSON, but not a record, an array of records or a known envelope.
        InputShape = "E_INPUT_SHAPE",
        /// An option has a wrong value (unknown edition, language, source, date…).
        Option = "E_OPTION",
        /// `source: "auto"` could not tell which tool produced the input.
        SourceUnknown = "E_SOURCE_UNKNOWN",
        /// An API was used in a way it does not allow (a finished session, a freed engine…).
        Misuse = "E_MISUSE",
        /// A partial result from another session could not be merged.
        Partial = "E_PARTIAL",
        /// A rule pack is invalid.
        Rules = "E_RULES",
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
// TypeScript's own `Error` must stay usable beside it (the JSON shape is the same).
#[cfg_attr(feature = "wasm", tsify(rename = "ErrorInfo"))]
#[serde(rename_all = "camelCase")]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    /// 1-based line of the input, for syntax errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column of the input, for syntax errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// JSON path of the offending value, e.g. `$.options.edition`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Further errors of the same call (a rule pack reports all of its errors at once).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Detail>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Detail {
    pub path: String,
    pub message: String,
}

impl Error {
    /// One error standing for several: "`subject` N error(s); first: `path`: `message`", with
    /// every one of them in `details` (the i18n table translates the sentence as a whole).
    pub(crate) fn many(code: ErrorCode, subject: &str, details: Vec<Detail>) -> Error {
        let first = details
            .first()
            .map(|d| format!("{}: {}", d.path, d.message))
            .unwrap_or_default();
        let mut err = Error::new(
            code,
            format!("{subject} {} error(s); first: {first}", details.len()),
        );
        err.details = details;
        err
    }

    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
            line: None,
            column: None,
            path: None,
            details: Vec::new(),
        }
    }

    pub fn at_path(mut self, path: impl Into<String>) -> Error {
        self.path = Some(path.into());
        self
    }

    pub fn option(name: &str, message: impl fmt::Display) -> Error {
        Error::new(ErrorCode::Option, format!("option `{name}`: {message}"))
            .at_path(format!("$.{name}"))
    }

    pub fn misuse(message: impl Into<String>) -> Error {
        Error::new(ErrorCode::Misuse, message)
    }

    /// A JSON syntax error, with serde_json's line and column.
    pub fn json_syntax(err: &serde_json::Error) -> Error {
        let message = serde_message(err);
        Error {
            code: ErrorCode::JsonSyntax,
            message: format!(
                "malformed JSON at line {} column {}: {message}",
                err.line(),
                err.column()
            ),
            line: Some(err.line()),
            column: Some(err.column()),
            path: None,
            details: Vec::new(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// serde_json's message without the " at line L column C" it appends: every caller reports the
/// position as fields (or as a JSON path) instead.
pub(crate) fn serde_message(err: &serde_json::Error) -> String {
    let mut message = err.to_string();
    if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    message
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

/// An option's value read from text: an [`ErrorCode::Option`] error at `$.<option>` when unknown.
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
