//! iso20000: map ITSM records to ISO/IEC 20000-1 clauses (2018 and 2011 editions), check them
//! against what each clause expects, and rate Plan-Do-Check-Act across a whole export.
//!
//! The data flows catalog → record (+ source adapters) → rules → pdca → report; [`Engine`] ties
//! them together and [`ffi`] is the JSON-in/JSON-out surface every binding uses.
//!
//! # The API
//!
//! What this page lists is the whole API: an [`Engine`] built from [`EngineOptions`] evaluates
//! an export into a [`Report`], checks one record into a [`CheckResult`], or starts a
//! [`Session`] that takes an export in chunks and merges [`Partial`] results of other
//! sessions. Options name an [`Edition`], a [`Lang`] and a [`Source`]. Every failure of a call
//! is an [`Error`] with a stable [`ErrorCode`]; a bad record is never an error but a
//! [`Rejection`] in the report, and the other records are still evaluated.
//!
//! ```
//! use iso20000::{Engine, EngineOptions, EvaluateOptions, Instant};
//!
//! let engine = Engine::new(EngineOptions::default(), Instant(1_782_777_600))?;
//! let export = r#"[{"id": "INC1", "kind": "incident", "openedAt": "2026-05-01T09:00:00Z"}]"#;
//! let report = engine.evaluate(export, &EvaluateOptions::default())?;
//! assert_eq!(report.records.evaluated, 1);
//! # Ok::<(), iso20000::Error>(())
//! ```
//!
//! The modules behind it are private to the crate, so they can change without breaking a
//! caller; the types they define are reached through the re-exports below.

// A build with some parts left out (`make wasm-servicenow`, or every adapter without the
// column mappings) leaves the shared code only the others use unused; the full build, which CI
// lints, is held to the dead-code lints.
#![cfg_attr(
    not(all(
        feature = "evaluate",
        feature = "canonical",
        feature = "servicenow",
        feature = "jira",
        feature = "glpi",
        feature = "zammad",
        feature = "itop",
        feature = "znuny",
        feature = "freshservice",
        feature = "csv",
        feature = "mapping"
    )),
    allow(dead_code, unused_imports)
)]
// Unit tests compare `util::json` with serde_json's own readers, which clippy.toml bars elsewhere.
#![cfg_attr(test, allow(clippy::disallowed_methods))]

pub(crate) mod catalog;
pub(crate) mod engine;
pub(crate) mod error;
/// ```
/// use iso20000::{Instant, ffi};
///
/// let engine = ffi::engine_new(Some(r#"{"lang": "ja"}"#), Instant(1_782_777_600))?;
/// let report = ffi::evaluate(&engine, r#"[{"id": "INC1", "kind": "incident"}]"#, None)?;
/// assert!(report.contains(r#""lang":"ja""#));
/// let err = ffi::evaluate(&engine, "[", None).unwrap_err();
/// assert!(ffi::error_json(&err).contains("E_JSON_SYNTAX"));
/// # Ok::<(), iso20000::Error>(())
/// ```
pub mod ffi;
pub(crate) mod i18n;
pub(crate) mod pdca;
pub(crate) mod record;
pub(crate) mod report;
pub(crate) mod rules;
#[cfg(feature = "schema")]
pub mod schema;
mod util;
#[cfg(feature = "wasm")]
pub mod wasm;

/// Builds once (catalogue, rule packs, options) and answers every call.
///
/// ```
/// use iso20000::{Engine, EngineOptions, EvaluateOptions, Instant, Lang};
///
/// let options = EngineOptions { lang: Some(Lang::Ja), ..EngineOptions::default() };
/// let engine = Engine::new(options, Instant(1_782_777_600))?;
/// let checked = engine.check(r#"{"id": "INC1", "kind": "incident"}"#, &EvaluateOptions::default())?;
/// assert!(!checked.clauses.is_empty());
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use engine::Engine;

/// Options for building an [`Engine`] (JSON: camelCase, unknown keys refused).
///
/// ```
/// use iso20000::{Edition, EngineOptions};
///
/// let options: EngineOptions = serde_json::from_str(r#"{"edition": "2011", "asOf": "2026-06-30"}"#)?;
/// assert_eq!(options.edition, Some(Edition::E2011));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub use engine::EngineOptions;

/// Options of one call; unset values fall back to the engine's.
///
/// ```
/// use iso20000::{EvaluateOptions, Source};
///
/// let options = EvaluateOptions {
///     source: Some(Source::ServiceNow),
///     from: Some("2026-01-01".into()),
///     to: Some("2026-06-30".into()),
///     ..EvaluateOptions::default()
/// };
/// assert!(!options.findings);
/// ```
pub use engine::EvaluateOptions;

/// An export taken in chunks (or from several workers) and finished into the report a single
/// pass would give.
///
/// ```
/// use iso20000::{Engine, EngineOptions, EvaluateOptions, Instant};
///
/// let engine = Engine::new(EngineOptions::default(), Instant(1_782_777_600))?;
/// let options = EvaluateOptions::default();
/// let (mut first, mut second) = (engine.session(&options)?, engine.session(&options)?);
/// first.push(r#"[{"id": "INC1", "kind": "incident"}]"#)?;
/// // A worker says where its part of the export starts, so indices in the report stay true.
/// second.set_offset(1);
/// second.push(r#"[{"id": "INC2", "kind": "incident"}]"#)?;
/// first.merge(second.partial())?;
/// assert_eq!(first.finish()?.records.evaluated, 2);
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use engine::Session;

/// What one chunk pushed into a [`Session`] held.
///
/// ```
/// use iso20000::{Engine, EngineOptions, EvaluateOptions, Instant};
///
/// let engine = Engine::new(EngineOptions::default(), Instant(1_782_777_600))?;
/// let mut session = engine.session(&EvaluateOptions::default())?;
/// let chunk = session.push(r#"[{"id": "INC1", "kind": "incident"}, {"kind": "incident"}]"#)?;
/// assert_eq!((chunk.input, chunk.evaluated, chunk.rejected), (2, 1, 1));
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use engine::ChunkSummary;

/// Canonical records converted from an input, with what could not be read.
///
/// ```
/// use iso20000::{Engine, EngineOptions, EvaluateOptions, Instant, Kind};
///
/// let engine = Engine::new(EngineOptions::default(), Instant(1_782_777_600))?;
/// let normalized = engine.normalize(r#"[{"id": "CHG1", "kind": "change"}]"#, &EvaluateOptions::default())?;
/// assert_eq!(normalized.records[0].kind, Kind::Change);
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use engine::Normalized;

/// Why a call failed: a stable code, a message, and where in the input.
///
/// ```
/// use iso20000::{Engine, EngineOptions, ErrorCode, EvaluateOptions, Instant};
///
/// let engine = Engine::new(EngineOptions::default(), Instant(1_782_777_600))?;
/// let err = engine.evaluate("[\n{\"id\": }", &EvaluateOptions::default()).unwrap_err();
/// assert_eq!((err.code, err.line), (ErrorCode::JsonSyntax, Some(2)));
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use error::Error;

/// One of several errors an [`Error`] stands for (a rule pack reports all of its errors).
///
/// ```
/// use iso20000::{Engine, EngineOptions, Instant};
///
/// let pack: Box<serde_json::value::RawValue> = serde_json::from_str(r#"{"id": "p"}"#)?;
/// let options = EngineOptions { rules: vec![pack], ..EngineOptions::default() };
/// let err = Engine::new(options, Instant(0)).err().map(|e| e.details).unwrap_or_default();
/// assert!(err.iter().all(|detail| detail.path.starts_with("$.rules[0]")));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub use error::Detail;

/// The stable code of an [`Error`] (JSON: `E_JSON_SYNTAX`, `E_OPTION`, …).
///
/// ```
/// use iso20000::{Engine, EngineOptions, ErrorCode, Instant};
///
/// let options: EngineOptions = serde_json::from_str(r#"{"timeZone": "Mars/Olympus"}"#)?;
/// let err = Engine::new(options, Instant(0)).err().map(|e| e.code);
/// assert_eq!(err.map(ErrorCode::as_str), Some("E_OPTION"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub use error::ErrorCode;

/// `Result<T, Error>`.
///
/// ```
/// fn edition(text: &str) -> iso20000::Result<iso20000::Edition> {
///     iso20000::Edition::parse(text)
/// }
/// assert!(edition("2005").is_err());
/// ```
pub use error::Result;

/// The clause catalogue of both editions, the crosswalk, the ITIL 4 map and the teaching cases.
///
/// ```
/// use iso20000::{Catalog, Edition};
///
/// let catalog = Catalog::builtin()?;
/// let hits = catalog.crosswalk(Edition::E2018, "8.5.1");
/// assert!(hits.iter().all(|hit| hit.to_edition == Edition::E2011));
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use catalog::Catalog;

/// An edition of ISO/IEC 20000-1.
///
/// ```
/// use iso20000::Edition;
///
/// assert_eq!(Edition::parse("2011")?.as_str(), "2011");
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use catalog::Edition;

/// The language of titles, messages, hints and errors.
///
/// ```
/// use iso20000::{ErrorCode, Lang};
///
/// assert_eq!(Lang::parse("ja")?, Lang::Ja);
/// assert_eq!(Lang::parse("fr").map_err(|e| e.code), Err(ErrorCode::Option));
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use catalog::Lang;

/// A text in English and Japanese.
///
/// ```
/// use iso20000::{Lang, Localized};
///
/// let text = Localized { en: "Incident".into(), ja: "インシデント".into() };
/// assert_eq!(text.get(Lang::Ja), "インシデント");
/// ```
pub use catalog::Localized;

/// The PDCA phase a clause or check belongs to.
///
/// ```
/// use iso20000::Phase;
///
/// assert_eq!(Phase::ALL.map(Phase::as_str), ["plan", "do", "check", "act"]);
/// ```
pub use catalog::Phase;

/// A clause of one edition, its titles and summary, and what the crosswalk says about it.
///
/// ```
/// use iso20000::Catalog;
///
/// let catalog = Catalog::builtin()?;
/// let clause = catalog.e2018.clauses.iter().find(|c| c.id == "8.5.1");
/// assert!(clause.is_some_and(|c| !c.title.en.is_empty() && !c.title.ja.is_empty()));
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use catalog::Clause;

/// A teaching case ("why this matters") of a check.
///
/// ```
/// use iso20000::Catalog;
///
/// let catalog = Catalog::builtin()?;
/// assert!(catalog.cases().iter().all(|case| !case.checks.is_empty()));
/// # Ok::<(), iso20000::Error>(())
/// ```
#[cfg(feature = "cases")]
pub use catalog::Case;

#[cfg(feature = "cases")]
pub use catalog::TeachingCase;
/// What the catalogue answers: an edition's clause list, a crosswalk hit and how the two
/// clauses relate, a teaching case in one language (with the `cases` feature).
///
/// ```
/// use iso20000::{Catalog, CrosswalkHit, Edition, EditionCatalog, Lang, Relation, TeachingCase};
///
/// let catalog = Catalog::builtin()?;
/// let e2011: &EditionCatalog = catalog.edition(Edition::E2011);
/// assert_eq!(e2011.edition, Edition::E2011);
/// let hits: Vec<CrosswalkHit> = catalog.crosswalk(Edition::E2011, "7.2");
/// assert!(hits.iter().any(|hit| hit.relation == Relation::Equal));
/// let story: Option<TeachingCase> = catalog.cases().first().map(|case| case.in_lang(Lang::Ja));
/// assert!(story.is_some());
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use catalog::{CrosswalkHit, EditionCatalog, Relation};

/// The canonical record every adapter produces (what [`Session::push_records`] takes).
///
/// ```
/// use iso20000::{Engine, EngineOptions, EvaluateOptions, Instant, Kind, Record};
///
/// let record: Record = serde_json::from_str(r#"{"id": "INC1", "kind": "incident"}"#)?;
/// assert_eq!(record.kind, Kind::Incident);
/// let engine = Engine::new(EngineOptions::default(), Instant(1_782_777_600))?;
/// let mut session = engine.session(&EvaluateOptions::default())?;
/// session.push_records(&[record])?;
/// assert_eq!(session.finish()?.records.evaluated, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use record::Record;

/// What a record is evidence of (`incident`, `change`, `problem`, …).
///
/// ```
/// use iso20000::Kind;
///
/// assert_eq!(Kind::parse("change"), Some(Kind::Change));
/// assert_eq!(Kind::Change.as_str(), "change");
/// ```
pub use record::Kind;

/// A UTC instant in seconds since the epoch: the engine's clock and every time of a record.
///
/// ```
/// use iso20000::Instant;
///
/// assert_eq!(Instant::parse_utc("1970-01-02"), Some(Instant(86_400)));
/// ```
pub use record::Instant;

/// The tool an input comes from, or `Auto` to detect it per element.
///
/// ```
/// use iso20000::Source;
///
/// assert_eq!(Source::parse("OTRS")?, Source::Znuny);
/// assert_eq!(Source::ServiceNow.as_str(), "servicenow");
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use record::source::Source;

/// A record that could not be read: its index, where, and why (the batch goes on without it).
///
/// ```
/// use iso20000::{Engine, EngineOptions, EvaluateOptions, Instant};
///
/// let engine = Engine::new(EngineOptions::default(), Instant(1_782_777_600))?;
/// let report = engine.evaluate(r#"[{"id": "a", "kind": "incident"}, {"id": "b"}]"#, &EvaluateOptions::default())?;
/// assert_eq!(report.rejected.iter().map(|r| r.index).collect::<Vec<_>>(), [1]);
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use record::source::Rejection;

/// A value that was not understood; its record was still evaluated.
///
/// ```
/// use iso20000::{Engine, EngineOptions, EvaluateOptions, Instant};
///
/// let engine = Engine::new(EngineOptions::default(), Instant(1_782_777_600))?;
/// let report = engine.evaluate(r#"[{"id": "a", "kind": "incident", "priority": 9}]"#, &EvaluateOptions::default())?;
/// assert!(report.warnings.iter().all(|w| w.path.starts_with("$[0]")));
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use record::source::Warning;

/// The instance an export comes from (time zone, custom fields, code meanings, CSV format).
///
/// ```
/// use iso20000::InstanceContext;
///
/// let context: InstanceContext = serde_json::from_str(r#"{"timeZone": "Asia/Tokyo"}"#)?;
/// assert_eq!(context.time_zone.as_deref(), Some("Asia/Tokyo"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub use record::source::InstanceContext;

/// The mergeable state of a [`Session`] (JSON; safe to send between workers).
///
/// ```
/// use iso20000::{Engine, EngineOptions, EvaluateOptions, Instant, Partial};
///
/// let engine = Engine::new(EngineOptions::default(), Instant(1_782_777_600))?;
/// let session = engine.session(&EvaluateOptions::default())?;
/// let sent = serde_json::to_string(session.partial()).map_err(|e| iso20000::Error::misuse(e.to_string()))?;
/// let received: Partial = serde_json::from_str(&sent).map_err(|e| iso20000::Error::misuse(e.to_string()))?;
/// engine.session(&EvaluateOptions::default())?.merge(&received)?;
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use pdca::Partial;

/// N/P/L/F: how far a phase is achieved (`None` when no check applied).
///
/// ```
/// use iso20000::{Engine, EngineOptions, EvaluateOptions, Instant, Rating};
///
/// let engine = Engine::new(EngineOptions::default(), Instant(1_782_777_600))?;
/// let report = engine.evaluate("[]", &EvaluateOptions::default())?;
/// assert!(report.clauses.iter().all(|c| c.phases.do_.rating == Rating::None));
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use pdca::Rating;

/// N/P/L/F thresholds in percent ([`EngineOptions::thresholds`]).
///
/// ```
/// use iso20000::{EngineOptions, Thresholds};
///
/// let options = EngineOptions { thresholds: Some(Thresholds { n: 15.0, p: 50.0, l: 85.0 }), ..EngineOptions::default() };
/// assert!(options.thresholds.is_some());
/// ```
pub use rules::Thresholds;

/// The report of an evaluation: data quality first, then PDCA per clause, process, service and
/// month, the checks, the clause findings and a summary.
///
/// ```
/// use iso20000::{Engine, EngineOptions, EvaluateOptions, Instant};
///
/// let engine = Engine::new(EngineOptions::default(), Instant(1_782_777_600))?;
/// let report = engine.evaluate(r#"[{"id": "INC1", "kind": "incident"}]"#, &EvaluateOptions::default())?;
/// let clause = report.clauses.iter().find(|c| c.id == "8.6.1");
/// assert!(clause.is_some_and(|c| c.phases.ratings().len() == 4));
/// assert!(report.summary.clauses_cycle_complete <= report.summary.clauses_with_evidence);
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use report::Report;

/// The parts of a [`Report`] a caller reads: one row per clause, process, check, service and
/// month, the PDCA cells, the clause findings, the record counts and the summary.
///
/// ```
/// use iso20000::{ClauseRow, Engine, EngineOptions, EvaluateOptions, Instant, RecordCounts};
///
/// let engine = Engine::new(EngineOptions::default(), Instant(1_782_777_600))?;
/// let report = engine.evaluate(r#"[{"id": "INC1", "kind": "incident"}]"#, &EvaluateOptions::default())?;
/// let counts: &RecordCounts = &report.records;
/// let rows: &[ClauseRow] = &report.clauses;
/// assert_eq!(counts.input, 1);
/// assert!(rows.iter().all(|row| !row.title.is_empty()));
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use report::{
    CheckRow, ClauseFinding, ClauseRow, FindingRow, MonthRow, PhaseCell, Phases, ProcessRow,
    Quality, RecordCounts, ServiceRow, Summary, Window,
};

/// The answer to [`Engine::check`]: the record's clauses, failed checks and what did not apply.
///
/// ```
/// use iso20000::{CheckResult, Engine, EngineOptions, EvaluateOptions, Instant};
///
/// let engine = Engine::new(EngineOptions::default(), Instant(1_782_777_600))?;
/// let result: CheckResult = engine.check(r#"{"id": "CHG1", "kind": "change"}"#, &EvaluateOptions::default())?;
/// assert!(result.findings.iter().all(|f| !f.message.is_empty()));
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use report::CheckResult;

/// One failed check of a [`CheckResult`], and one clause a record maps to.
///
/// ```
/// use iso20000::{ClauseHit, Engine, EngineOptions, EvaluateOptions, Instant};
///
/// let engine = Engine::new(EngineOptions::default(), Instant(1_782_777_600))?;
/// let hits: Vec<ClauseHit> = engine.map(r#"{"id": "PRB1", "kind": "problem"}"#, &EvaluateOptions::default())?;
/// assert!(hits.iter().any(|hit| hit.id.starts_with("8.6")));
/// # Ok::<(), iso20000::Error>(())
/// ```
pub use report::{ClauseHit, Finding};

/// Not API: what the crate's own integration tests and fuzz targets reach inside it (the
/// message translator, the JsonLogic compiler's parts, the envelope splitter). It may change in
/// any release.
#[doc(hidden)]
pub mod internal {
    pub use crate::i18n::{has_japanese, translate};
    pub use crate::record::source::split;
    pub use crate::rules::logic::{
        Compiler, Cx, Expr, Limits, MAX_DEPTH, Pred, Scope, Val, explain,
    };
}
