//! The zammad adapter: arbitrary text, and valid zammad payloads from the conformance corpus with
//! mutated values, evaluated with `source: "zammad"` (see iso20000_fuzz::adapter).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20000_fuzz::adapter("zammad", data));
