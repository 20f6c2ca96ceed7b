//! The `csv` module of a build without the CSV reader (cargo feature `csv` off, e.g. `make
//! wasm-servicenow`): only what tells a CSV export from JSON, so the engine can refuse one with
//! `E_NOT_IN_BUILD` (see `engine/input/csv.rs`), and the names of the reader's notes, which a
//! partial made by a full build can carry.

#[path = "sniff.rs"]
mod sniff;

pub use sniff::looks_like_csv;

pub mod infer {
    //! The reader's notes, by name (the inference itself is not in this build).
    pub use super::sniff::is_inference_note;
}
