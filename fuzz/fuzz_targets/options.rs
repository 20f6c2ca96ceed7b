//! Options as JavaScript hands them over (text), read by `util::value_reader` since stop 37:
//! byte 0 even, the rest as raw text; odd, an option object of the conformance corpus with
//! mutated members. Bits 1-2 of byte 0 pick the call the options go to:
//!
//! - 0: `evaluate` of a small fixed export (records of the corpus): a report with records.in =
//!   evaluated + rejected, or a typed error (E_OPTION, or what a bad input gives when the
//!   options change how the export reads: `source`, `table`, `context`);
//! - 1: `check` of one record of the corpus: an answer or a typed error, as above;
//! - 2: `new Engine(options)` (the engine options' seeds), then `evaluate` of the fixed export
//!   with that engine: E_OPTION or E_RULES (a priority matrix becomes a pack) when it does not
//!   build, and the evaluation's properties when it does;
//! - 3: `proposeMapping` of a CSV of the corpus: a proposal or E_OPTION / E_CSV_SYNTAX.
//!
//! Nothing may panic, whatever the options hold.
#![no_main]
use arbitrary::Unstructured;
use iso20000::Instant;
use iso20000::{ErrorCode, ffi};
use iso20000_fuzz::{INPUT_ERRORS, check_error, engine, mutate, seed_list};
use serde_json::Value;
use std::sync::OnceLock;

fn export() -> &'static str {
    static EXPORT: OnceLock<String> = OnceLock::new();
    EXPORT.get_or_init(|| {
        let mut records: Vec<Value> = seed_list("canonical").iter().take(8).cloned().collect();
        records.extend(seed_list("servicenow").iter().take(4).cloned());
        records.extend(seed_list("jira").iter().take(2).cloned());
        Value::Array(records).to_string()
    })
}

fn record() -> &'static str {
    static RECORD: OnceLock<String> = OnceLock::new();
    RECORD.get_or_init(|| {
        seed_list("servicenow")
            .first()
            .map(Value::to_string)
            .unwrap_or_else(|| "{}".into())
    })
}

/// E_OPTION, or an input error (options such as `source` change how the input reads).
fn option_or_input() -> Vec<ErrorCode> {
    let mut allowed = vec![ErrorCode::Option];
    allowed.extend_from_slice(INPUT_ERRORS);
    allowed
}

/// The report text's record counts add up.
fn check_report_text(text: &str) {
    let report: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("the report is not JSON: {e}"),
    };
    let count = |key: &str| report["records"][key].as_u64();
    match (count("in"), count("evaluated"), count("rejected")) {
        (Some(input), Some(evaluated), Some(rejected)) => assert_eq!(
            input,
            evaluated + rejected,
            "records.in must equal evaluated + rejected"
        ),
        _ => panic!("a report without record counts: {}", report["records"]),
    }
}

fn options_text(mode: u8, rest: &[u8], seeds: &str) -> Option<String> {
    if mode & 1 == 0 {
        return Some(String::from_utf8_lossy(rest).into_owned());
    }
    let mut u = Unstructured::new(rest);
    let mut options = u.choose(seed_list(seeds)).ok()?.clone();
    mutate(&mut options, &mut u).ok()?;
    Some(options.to_string())
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let call = (mode >> 1) & 3;
    let seeds = if call == 2 {
        "engineOptions"
    } else {
        "options"
    };
    let Some(text) = options_text(mode, rest, seeds) else {
        return;
    };
    match call {
        0 => match ffi::evaluate(engine(), export(), Some(&text)) {
            Ok(report) => check_report_text(&report),
            Err(e) => check_error(&e, &option_or_input()),
        },
        1 => {
            if let Err(e) = ffi::check(engine(), record(), Some(&text)) {
                check_error(&e, &option_or_input());
            }
        }
        2 => match ffi::engine_new(Some(&text), Instant(0)) {
            Ok(built) => match ffi::evaluate(&built, export(), None) {
                Ok(report) => check_report_text(&report),
                Err(e) => panic!("an engine that builds failed on the fixed export: {e:?}"),
            },
            Err(e) => check_error(&e, &[ErrorCode::Option, ErrorCode::Rules]),
        },
        _ => {
            let csv = seed_list("csv")
                .first()
                .and_then(Value::as_str)
                .unwrap_or("a,b\n1,2\n");
            if let Err(e) = ffi::propose_mapping(csv, Some(&text)) {
                check_error(&e, &option_or_input());
            }
        }
    }
});
