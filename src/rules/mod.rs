//! Evidence checks: the rule pack format, its compilation, and per-record evaluation.

pub mod compiled;
pub mod fields;
mod image;
mod load;
pub mod logic;
pub mod pack;
mod read;
#[cfg(test)]
mod read_tests;
pub mod validate;

pub use pack::{Severity, Thresholds};
