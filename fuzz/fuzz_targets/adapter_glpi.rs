//! The glpi adapter: arbitrary text, and valid glpi payloads from the conformance corpus with
//! mutated values, evaluated with `source: "glpi"` (see iso20000_fuzz::adapter).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20000_fuzz::adapter("glpi", data));
