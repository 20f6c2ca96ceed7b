//! The servicenow adapter: arbitrary text, and valid servicenow payloads from the conformance corpus with
//! mutated values, evaluated with `source: "servicenow"` (see iso20000_fuzz::adapter).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20000_fuzz::adapter("servicenow", data));
