//! The freshservice adapter: arbitrary text, and valid freshservice payloads from the conformance corpus with
//! mutated values, evaluated with `source: "freshservice"` (see iso20000_fuzz::adapter).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20000_fuzz::adapter("freshservice", data));
