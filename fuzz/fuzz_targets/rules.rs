//! Rule-pack compile and evaluate: the fuzzer's pack goes through `ffi::engine_new` as
//! `{"rules": [PACK]}` (byte 0 even: the rest as raw text; odd: a pack of the corpus with
//! mutated members and conditions), and an engine that builds evaluates a small fixed export
//! (records of the corpus): it must succeed with records.in = evaluated + rejected. A pack
//! that does not build fails with E_RULES (or E_OPTION when the options text is broken).
#![no_main]
use arbitrary::Unstructured;
use iso20000::Instant;
use iso20000::{ErrorCode, EvaluateOptions, Source, ffi};
use iso20000_fuzz::{check_error, check_partial, check_report, mutate, seed_list};
use serde_json::Value;
use std::sync::OnceLock;

fn export() -> &'static str {
    static EXPORT: OnceLock<String> = OnceLock::new();
    EXPORT.get_or_init(|| {
        let mut records: Vec<Value> = seed_list("canonical").iter().take(12).cloned().collect();
        records.extend(seed_list("servicenow").iter().take(4).cloned());
        Value::Array(records).to_string()
    })
}

fn pack(data: &[u8]) -> Option<(u8, String)> {
    let (&mode, rest) = data.split_first()?;
    if mode & 1 == 0 {
        return Some((mode, String::from_utf8_lossy(rest).into_owned()));
    }
    let mut u = Unstructured::new(rest);
    let mut p = u.choose(seed_list("packs")).ok()?.clone();
    mutate(&mut p, &mut u).ok()?;
    Some((mode, p.to_string()))
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((mode, pack)) = pack(data) else {
        return;
    };
    // The fuzzed pack on the built-in one (read from its compiled image, the fuzzed pack compiled
    // on it, overrides of built-in checks included) for one input in two; alone otherwise.
    let no_builtin = mode & 2 == 0;
    let options =
        format!(r#"{{"asOf": "2026-06-30", "noBuiltin": {no_builtin}, "rules": [{pack}]}}"#);
    match ffi::engine_new(Some(&options), Instant(0)) {
        Ok(engine) => {
            let opts = EvaluateOptions {
                source: Some(Source::Auto),
                findings: mode & 4 != 0,
                ..EvaluateOptions::default()
            };
            if mode & 8 != 0 {
                match engine.evaluate(export(), &opts) {
                    Ok(r) => check_report(&r),
                    Err(e) => panic!("a pack that builds failed on the fixed export: {e:?}"),
                }
            } else {
                let mut s = engine
                    .session(&opts)
                    .unwrap_or_else(|e| panic!("session: {e:?}"));
                match s.push(export()) {
                    Ok(chunk) => assert_eq!(chunk.input, chunk.evaluated + chunk.rejected),
                    Err(e) => panic!("a pack that builds failed on the fixed export: {e:?}"),
                }
                check_partial(s.partial());
            }
        }
        Err(e) => check_error(&e, &[ErrorCode::Rules, ErrorCode::Option]),
    }
});
