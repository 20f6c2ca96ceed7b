//! Small helpers shared across the crate, kept here so that generic code is instantiated once
//! instead of at every call site (the size of the .wasm, issue 12).

pub mod hash;
pub mod json;
pub mod per_edition;
pub mod sort;
pub mod string_enum;
pub mod vec_map;
