//! Source adapters: from a tool's payload to canonical records.
//!
//! The seam is [`Adapter`]: it turns one element of the input into a [`Record`] or a
//! [`Rejection`], reporting softer problems as [`Warning`]s. Splitting the input into elements
//! (plain arrays, `{"result": …}` pages, `{"records": …}` envelopes, a single object) is shared,
//! so a new tool only writes its element conversion and its detection.

mod canonical;
mod envelope;
pub mod locate;
mod servicenow;

use serde::{Deserialize, Serialize};

use super::Record;
use super::time::TimeZone;
use crate::error::{Error, Result};

pub use canonical::Canonical;
pub use envelope::{Elements, TopKeys, split};
pub use servicenow::ServiceNow;

/// Which adapter reads an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Canonical,
    ServiceNow,
    /// Detect the tool for each record from its fields.
    Auto,
}

impl Source {
    pub fn parse(text: &str) -> Result<Source> {
        match text {
            "canonical" => Ok(Source::Canonical),
            "servicenow" => Ok(Source::ServiceNow),
            "auto" => Ok(Source::Auto),
            other => Err(Error::option(
                "source",
                format!(
                    "unknown source {other:?}; expected \"canonical\", \"servicenow\" or \"auto\""
                ),
            )),
        }
    }
}

/// A record that could not be read. The rest of the batch is still evaluated.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Rejection {
    /// Position of the record in the input (0-based, across chunks of a session).
    pub index: u64,
    /// JSON path of the offending value, e.g. `$.result[3].opened_at`.
    pub path: String,
    pub message: String,
}

/// A value that was not understood; the record is still evaluated on what is known.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Warning {
    pub index: u64,
    pub path: String,
    pub message: String,
    /// The original value as JSON text.
    pub value: String,
}

/// Per-input settings an adapter needs.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// Zone for naive local times (display values, tools without offsets). UTC when `None`.
    pub time_zone: Option<TimeZone>,
    /// ServiceNow table when records carry neither `sys_class_name` nor a numbered prefix.
    pub table: Option<String>,
}

/// Where the current element sits, and where its warnings go.
pub struct Cursor<'w> {
    pub index: u64,
    /// Path of the element, e.g. `$[3]` or `$.result[3]`.
    pub path: String,
    pub warnings: &'w mut Vec<Warning>,
    /// Set by an adapter when the element is not well-formed JSON: the whole input is then
    /// malformed, which is an error of the call rather than a rejected record.
    pub syntax: Option<serde_json::Error>,
}

impl<'w> Cursor<'w> {
    pub fn new(index: u64, path: String, warnings: &'w mut Vec<Warning>) -> Cursor<'w> {
        Cursor {
            index,
            path,
            warnings,
            syntax: None,
        }
    }

    /// Turns a parse failure into a rejection, or records it as a syntax error of the input.
    pub fn parse_failure(&mut self, err: serde_json::Error, text: &str) -> Rejection {
        let inner = locate::path_of_error(text, &err);
        let message = err.to_string();
        let message = message
            .rfind(" at line ")
            .and_then(|cut| message.get(..cut))
            .unwrap_or(&message)
            .to_string();
        let rejection = self.reject(&inner, message);
        if matches!(
            err.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        ) {
            self.syntax = Some(err);
        }
        rejection
    }

    pub fn warn(&mut self, field: &str, message: impl Into<String>, value: &str) {
        self.warnings.push(Warning {
            index: self.index,
            path: format!("{}.{field}", self.path),
            message: message.into(),
            value: value.to_string(),
        });
    }

    pub fn reject(&self, inner: &str, message: impl Into<String>) -> Rejection {
        Rejection {
            index: self.index,
            path: format!("{}{inner}", self.path),
            message: message.into(),
        }
    }
}

pub trait Adapter: Sync {
    /// The tool's name as it appears in reports (`origin.tool`).
    fn tool(&self) -> &'static str;

    /// Converts one element of the input.
    fn convert<'a>(
        &self,
        raw: &'a str,
        cx: &Context,
        at: &mut Cursor<'_>,
    ) -> Result<Record<'a>, Rejection>;
}

/// Picks the adapter for one element when the source is `auto`.
///
/// Detection reads the element's top-level keys only: ServiceNow records carry `sys_id`,
/// canonical records carry `kind`.
pub fn detect(raw: &str) -> Option<Source> {
    detect_from(envelope::top_level_keys(raw), raw)
}

/// Detection from keys already read by the input scan.
pub fn detect_from(keys: Option<envelope::TopKeys>, raw: &str) -> Option<Source> {
    let Some(keys) = keys else {
        // Not an object, or malformed: the canonical adapter says which, with the position.
        return raw
            .trim_start()
            .starts_with('{')
            .then_some(Source::Canonical);
    };
    if keys.sys_id {
        Some(Source::ServiceNow)
    } else if keys.kind {
        Some(Source::Canonical)
    } else {
        None
    }
}

pub fn adapter(source: Source) -> Option<&'static dyn Adapter> {
    match source {
        Source::Canonical => Some(&Canonical),
        Source::ServiceNow => Some(&ServiceNow),
        Source::Auto => None,
    }
}
