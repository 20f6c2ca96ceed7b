//! What callers pass: options for building an engine and for one evaluation (JSON, camelCase).

use serde::Deserialize;

use crate::catalog::{Edition, Lang};
use crate::error::{Error, Result};
use crate::record::Instant;
use crate::record::source::{self, Source};
use crate::rules::pack::Thresholds;
use crate::util::value_reader::value_struct;

/// Options for building an engine (JSON: camelCase).
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EngineOptions {
    /// Language of titles, messages and hints: `en` (default) or `ja`.
    #[serde(default)]
    pub lang: Option<Lang>,
    /// Edition the report rates: `2018` (default) or `2011` (= JIS Q 20000-1:2012).
    #[serde(default)]
    pub edition: Option<Edition>,
    /// IANA zone (or `+09:00`) for naive local times in display values.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// "Now" for age checks; defaults to the window's end, then to the current time.
    #[serde(default)]
    pub as_of: Option<String>,
    /// N/P/L/F thresholds in percent.
    #[serde(default)]
    pub thresholds: Option<Thresholds>,
    /// Rule packs stacked on the built-in pack, in order.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<serde_json::Value>"))]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown[]"))]
    pub rules: Vec<Box<serde_json::value::RawValue>>,
    /// Leave the built-in pack out (only `rules` apply).
    #[serde(default)]
    pub no_builtin: bool,
    /// Example records kept per check (default 5).
    #[serde(default)]
    pub examples: Option<usize>,
    /// The instance the payloads come from (time zone, custom fields, code meanings, priority
    /// matrix, CSV format).
    #[serde(default)]
    pub context: Option<source::InstanceContext>,
}

/// Options of one evaluation or check (JSON: camelCase). Unset values fall back to the engine's.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EvaluateOptions {
    /// The tool the input comes from, or `auto` (default) to detect it per element.
    #[serde(default)]
    pub source: Option<Source>,
    /// Edition the report rates; the engine's when unset.
    #[serde(default)]
    pub edition: Option<Edition>,
    /// Language of the report's texts and of this call's errors; the engine's when unset.
    #[serde(default)]
    pub lang: Option<Lang>,
    /// Window start (inclusive): a date or date-time.
    #[serde(default)]
    pub from: Option<String>,
    /// Window end (inclusive; a date means the end of that day).
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub as_of: Option<String>,
    #[serde(default)]
    pub time_zone: Option<String>,
    /// ServiceNow table for records without `sys_class_name` or a numbered prefix.
    #[serde(default)]
    pub table: Option<String>,
    /// Overrides of the engine's instance context for this call.
    #[serde(default)]
    pub context: Option<source::InstanceContext>,
    /// List every failing (record, check) pair in `report.findings` (for a findings CSV or a
    /// work list). Off by default: the report then keeps counts and a few examples per check.
    #[serde(default)]
    pub findings: bool,
}

// The options' readers (`ffi::options`): serde's derive above stays for the TypeScript and JSON
// Schema declarations and, natively, as the readers' test oracle.
value_struct!(
    EngineOptions {
        lang: "lang", edition: "edition", time_zone: "timeZone", as_of: "asOf",
        thresholds: "thresholds", rules: "rules", no_builtin: "noBuiltin", examples: "examples",
        context: "context",
    } deny_unknown: true,
    required: [],
    start: EngineOptions::default()
);

value_struct!(
    EvaluateOptions {
        source: "source", edition: "edition", lang: "lang", from: "from", to: "to",
        as_of: "asOf", time_zone: "timeZone", table: "table", context: "context",
        findings: "findings",
    } deny_unknown: true,
    required: [],
    start: EvaluateOptions::default()
);

pub(super) fn parse_instant(name: &str, text: &str, end_of_day: bool) -> Result<Instant> {
    let instant = Instant::parse_utc(text).ok_or_else(|| {
        Error::option(
            name,
            format!(
                "{text:?} is not a date or date-time such as 2026-04-01 or 2026-04-01T09:00:00Z"
            ),
        )
    })?;
    let date_only = text.trim().len() == 10;
    Ok(if end_of_day && date_only {
        Instant(instant.0 + Instant::SECONDS_PER_DAY - 1)
    } else {
        instant
    })
}
