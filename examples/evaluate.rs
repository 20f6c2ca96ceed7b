//! Native evaluation of an export: `cargo run --release --example evaluate -- FILE [edition]`.
//! Prints the report as JSON (the Node CLI renders tables; this is for native users and debugging).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::time::{SystemTime, UNIX_EPOCH};

use iso20000::Instant;
use iso20000::{Edition, Engine, EngineOptions, EvaluateOptions};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: evaluate FILE [2018|2011]");
        std::process::exit(2);
    };
    let edition = match args.next().as_deref().map(Edition::parse).transpose() {
        Ok(edition) => edition,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let engine = match Engine::new(EngineOptions::default(), Instant(now)) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let options = EvaluateOptions {
        edition,
        ..EvaluateOptions::default()
    };
    match engine.evaluate(&text, &options) {
        Ok(report) => println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        ),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
