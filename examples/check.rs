//! Checks one record and prints the findings with their explanations:
//! `cargo run --example check -- FILE [source]`.

use iso20000::Instant;
use iso20000::ffi;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: check FILE [auto|servicenow|canonical|…]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let options = args.get(1).map(|s| format!("{{\"source\":{s:?}}}"));
    let result = ffi::engine_new(Some(r#"{"asOf": "2026-06-30"}"#), Instant(0))
        .and_then(|engine| ffi::check(&engine, &text, options.as_deref()));
    match result {
        Ok(json) => println!("{json}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
