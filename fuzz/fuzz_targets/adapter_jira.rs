//! The jira adapter: arbitrary text, and valid jira payloads from the conformance corpus with
//! mutated values, evaluated with `source: "jira"` (see iso20000_fuzz::adapter).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| iso20000_fuzz::adapter("jira", data));
