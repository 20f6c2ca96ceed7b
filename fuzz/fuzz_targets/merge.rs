//! Partial merge: `ffi::session_merge` with arbitrary text (byte 0 even) or with the partials of
//! real worker sessions, mutated (odd). Refusals are E_PARTIAL; a partial that was accepted and
//! covers records is refused the second time; the finished report has records.in =
//! evaluated + rejected and counts exactly the records of the partials accepted.
#![no_main]
use arbitrary::Unstructured;
use iso20000::{ErrorCode, Session, ffi};
use iso20000_fuzz::{check_error, check_partial, check_report, engine, mutate, seed_list};
use serde_json::Value;
use std::sync::OnceLock;

const OPTIONS: &str = r#"{"from": "2026-01-01", "to": "2026-06-30"}"#;

fn session() -> Session {
    match ffi::session(engine(), Some(OPTIONS)) {
        Ok(s) => s,
        Err(e) => panic!("session: {e}"),
    }
}

/// The partials of three workers over a corpus export cut in three.
fn partials() -> &'static [Value] {
    static PARTIALS: OnceLock<Vec<Value>> = OnceLock::new();
    PARTIALS.get_or_init(|| {
        let mut records: Vec<Value> = seed_list("canonical").to_vec();
        records.extend(seed_list("servicenow").iter().take(8).cloned());
        records.extend(seed_list("jira").iter().take(4).cloned());
        let cut = records.len() / 3;
        let mut out = Vec::new();
        for (i, chunk) in records.chunks(cut.max(1)).enumerate() {
            let mut s = session();
            s.set_offset((i * cut.max(1)) as u64);
            let _ = ffi::session_push(&mut s, &Value::Array(chunk.to_vec()).to_string());
            let text = ffi::session_partial(&s).unwrap_or_default();
            out.push(serde_json::from_str(&text).unwrap_or(Value::Null));
        }
        out
    })
}

fn covers_records(partial: &str) -> Option<u64> {
    let v: Value = serde_json::from_str(partial).ok()?;
    let ranges = v.get("ranges")?.as_array()?;
    let covered = ranges.iter().any(|r| {
        let a = r.get(0).and_then(Value::as_u64);
        let b = r.get(1).and_then(Value::as_u64);
        matches!((a, b), (Some(a), Some(b)) if a < b)
    });
    if covered {
        v.get("recordsIn")
            .or_else(|| v.get("records_in"))
            .and_then(Value::as_u64)
    } else {
        None
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let texts: Vec<String> = if mode & 1 == 0 {
        vec![String::from_utf8_lossy(rest).into_owned()]
    } else {
        let mut u = Unstructured::new(rest);
        let mut texts = Vec::new();
        let n = u.int_in_range(1..=3u8).unwrap_or(1);
        for _ in 0..n {
            let Ok(p) = u.choose(partials()) else { break };
            let mut p = p.clone();
            if u.ratio(3, 4).unwrap_or(true) {
                let _ = mutate(&mut p, &mut u);
            }
            texts.push(p.to_string());
        }
        texts
    };
    let mut s = session();
    let mut merged_in: u64 = 0;
    for text in &texts {
        match ffi::session_merge(&mut s, text) {
            Ok(()) => {
                check_partial(s.partial());
                if let Some(n) = covers_records(text) {
                    merged_in += n;
                    match ffi::session_merge(&mut s, text) {
                        Ok(()) => panic!("the same partial was merged twice"),
                        Err(e) => check_error(&e, &[ErrorCode::Partial]),
                    }
                }
            }
            Err(e) => check_error(&e, &[ErrorCode::Partial]),
        }
    }
    if merged_in == 0 {
        return;
    }
    match s.finish() {
        Ok(r) => {
            check_report(&r);
            assert_eq!(
                r.records.input, merged_in,
                "the report counts other records than the partials merged"
            );
        }
        Err(e) => panic!("finish after merges failed: {e:?}"),
    }
});
