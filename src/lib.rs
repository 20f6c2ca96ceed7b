//! iso20000: map ITSM records to ISO/IEC 20000-1 clauses (2018 and 2011 editions), check them
//! against what each clause expects, and rate Plan-Do-Check-Act across a whole export.
//!
//! The data flows catalog → record (+ source adapters) → rules → pdca → report; [`Engine`] ties
//! them together and [`ffi`] is the JSON-in/JSON-out surface every binding uses.

pub mod catalog;
pub mod engine;
pub mod error;
pub mod ffi;
pub mod i18n;
pub mod pdca;
pub mod record;
pub mod report;
pub mod rules;
#[cfg(feature = "schema")]
pub mod schema;
mod util;
#[cfg(feature = "wasm")]
pub mod wasm;

pub use catalog::{Edition, Lang};
pub use engine::{Engine, EngineOptions, EvaluateOptions, Session};
pub use error::{Error, ErrorCode};
pub use record::source::Source;
