//! Errors as data: a stable code, a message, and where in the input it happened.
//!
//! An [`Error`] stops a whole call (malformed JSON, a bad option, misuse). A single bad record is
//! never an `Error`: it becomes a [`Rejection`](crate::record::source::Rejection) in the report
//! and the batch goes on.

use std::fmt;

use serde::Serialize;

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
        /// The call needs a part this build leaves out (a cargo feature that is off, such as the
        /// CSV reader in a ServiceNow-only module).
        NotInBuild = "E_NOT_IN_BUILD",
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

    /// The call needs `part`, which this build leaves out (its cargo `feature` is off): the
    /// exports stay in every build and answer with this error rather than disappear, so the
    /// JavaScript layer and its types are the same for every build.
    pub fn not_in_build(part: &str, feature: &str) -> Error {
        Error::new(
            ErrorCode::NotInBuild,
            format!("this build of iso20000 has no {part} (cargo feature `{feature}`)"),
        )
    }

    /// `Ok` when the build has the part (`on`: the feature's `cfg!`, a constant), else
    /// [`Error::not_in_build`]. Inlined, so that a build without the feature keeps none of the
    /// code a caller runs after it.
    #[inline(always)]
    pub fn in_build(on: bool, part: &str, feature: &str) -> Result<()> {
        if on {
            Ok(())
        } else {
            Err(Error::not_in_build(part, feature))
        }
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
