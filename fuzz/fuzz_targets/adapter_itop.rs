//! The itop adapter: arbitrary text, and valid itop payloads from the conformance corpus with
//! mutated values, evaluated with `source: "itop"` (see iso20000_fuzz::adapter).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20000_fuzz::adapter("itop", data));
