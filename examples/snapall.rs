#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Temporary: evaluate and normalize every fixture with a fixed clock; one output file each.
use iso20000::{Instant, ffi};
fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let engine = ffi::engine_new(Some(r#"{"asOf":"2026-06-30"}"#), Instant(1_782_000_000)).unwrap();
    for path in args {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.replace('/', "_");
        for (what, opts) in [("e18", r#"{"edition":"2018"}"#), ("e11", r#"{"edition":"2011","lang":"ja"}"#)] {
            let r = ffi::evaluate(&engine, &text, Some(opts)).unwrap_or_else(|e| ffi::error_json(&e));
            std::fs::write(format!("{out}/{name}.{what}.json"), r).unwrap();
        }
        let r = ffi::normalize(&engine, &text, None).unwrap_or_else(|e| ffi::error_json(&e));
        std::fs::write(format!("{out}/{name}.norm.json"), r).unwrap();
        let r = ffi::check(&engine, &text, None).unwrap_or_else(|e| ffi::error_json(&e));
        std::fs::write(format!("{out}/{name}.check.json"), r).unwrap();
    }
}
