//! The canonical adapter: arbitrary text, and valid canonical payloads from the conformance corpus with
//! mutated values, evaluated with `source: "canonical"` (see iso20000_fuzz::adapter).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20000_fuzz::adapter("canonical", data));
