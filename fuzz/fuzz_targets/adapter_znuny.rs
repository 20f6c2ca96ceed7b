//! The znuny adapter: arbitrary text, and valid znuny payloads from the conformance corpus with
//! mutated values, evaluated with `source: "znuny"` (see iso20000_fuzz::adapter).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20000_fuzz::adapter("znuny", data));
