//! Canonical records and the adapters that produce them.

pub mod model;
pub mod source;
pub mod time;
mod timeline;
pub mod url;
pub mod value;

pub use model::*;
pub use time::{Instant, MonthKey, TimeZone};
pub use value::{Field, Level, Text};
