//! Shows what the engine reads from a payload: `cargo run --example normalize -- FILE [source]`.
//! Prints `{records, rejected, warnings}` with the canonical records as JSON.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use iso20000::Instant;
use iso20000::ffi;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: normalize FILE [auto|servicenow|canonical]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let options = args.get(1).map(|s| format!("{{\"source\":{s:?}}}"));
    let result = ffi::engine_new(None, Instant(0))
        .and_then(|engine| ffi::normalize(&engine, &text, options.as_deref()));
    match result {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
