//! Shared pieces of the fuzz targets: one engine per process, the seeds taken from the
//! conformance corpus at build time (build.rs), a structure-aware JSON mutator driven by the
//! fuzzer's bytes, and the properties every target asserts:
//!
//! - nothing panics (libFuzzer reports a panic, an abort or a stack overflow as a crash);
//! - an evaluation that succeeds has `records.in == evaluated + rejected` (and the listed
//!   rejections, joined and in-window records within their counts);
//! - an evaluation that fails fails with a typed [`Error`] whose code is one the call may give.

use arbitrary::{Result as ArbResult, Unstructured};
use iso20000::Instant;
use iso20000::Report;
use iso20000::{Engine, EngineOptions, Error, ErrorCode, EvaluateOptions, Source};
use serde_json::{Map, Value, json};
use std::sync::OnceLock;

/// Seeds: `{"<tool>": [record…], "canonical": [...], "packs": [...], "csv": [text…]}`.
pub const SEEDS_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/seeds.json"));

pub const TOOLS: [&str; 8] = [
    "canonical",
    "servicenow",
    "jira",
    "glpi",
    "zammad",
    "itop",
    "znuny",
    "freshservice",
];

/// Error codes a bad *input* may give (never E_MISUSE, E_OPTION, E_RULES or E_PARTIAL).
pub const INPUT_ERRORS: &[ErrorCode] = &[
    ErrorCode::JsonSyntax,
    ErrorCode::CsvSyntax,
    ErrorCode::Encoding,
    ErrorCode::InputShape,
    ErrorCode::SourceUnknown,
];

pub fn seeds() -> &'static Value {
    static SEEDS: OnceLock<Value> = OnceLock::new();
    SEEDS.get_or_init(|| serde_json::from_str(SEEDS_JSON).unwrap_or(Value::Null))
}

pub fn seed_list(name: &str) -> &'static [Value] {
    seeds()
        .get(name)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// Every object key of the seeds (and a few the adapters know), for inserted members.
pub fn keys() -> &'static [String] {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut set = std::collections::BTreeSet::new();
        fn walk(v: &Value, set: &mut std::collections::BTreeSet<String>) {
            match v {
                Value::Object(m) => {
                    for (k, x) in m {
                        set.insert(k.clone());
                        walk(x, set);
                    }
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, set)),
                _ => {}
            }
        }
        walk(seeds(), &mut set);
        for k in [
            "bundle",
            "record",
            "links",
            "kind",
            "id",
            "sys_id",
            "number",
            "value",
            "display_value",
            "link",
            "var",
            "reduce",
            "cat",
            "map",
            "filter",
            "in",
            "if",
        ] {
            set.insert(k.to_string());
        }
        set.into_iter().collect()
    })
}

/// The engine every call of a target shares (built-in pack, a pinned asOf).
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        match Engine::new(
            EngineOptions {
                as_of: Some("2026-06-30".into()),
                ..EngineOptions::default()
            },
            Instant(0),
        ) {
            Ok(e) => e,
            Err(e) => panic!("the built-in engine does not build: {e}"),
        }
    })
}

/// The invariants of a report.
pub fn check_report(r: &Report) {
    let c = &r.records;
    assert_eq!(
        c.input,
        c.evaluated + c.rejected,
        "records.in must equal evaluated + rejected: {c:?}"
    );
    assert!(
        r.rejected.len() as u64 <= c.rejected,
        "more rejections listed than counted: {c:?}"
    );
    assert!(
        c.joined <= c.evaluated && c.in_window <= c.evaluated,
        "joined/inWindow above evaluated: {c:?}"
    );
}

/// The error of a call is typed, has a message and a code the call may give.
pub fn check_error(e: &Error, allowed: &[ErrorCode]) {
    assert!(
        allowed.contains(&e.code),
        "unexpected error code {:?}: {}",
        e.code,
        e.message
    );
    assert!(!e.message.is_empty(), "an error without a message: {e:?}");
}

/// Evaluates `text` with `options` on `engine` and asserts the properties. A whole report
/// takes ~500 µs to build against ~10 µs to read and check a small input, so one input in 16
/// (by a hash of its text) goes through `evaluate`; the others are pushed into a session and
/// checked on its chunk summary and partial (the same reading and checking, no report).
pub fn evaluate_and_check(engine: &Engine, text: &str, options: &EvaluateOptions) {
    evaluate_and_check_allowing(engine, text, options, INPUT_ERRORS);
}

/// [`evaluate_and_check`] with the error codes the call may give.
pub fn evaluate_and_check_allowing(
    engine: &Engine,
    text: &str,
    options: &EvaluateOptions,
    allowed: &[ErrorCode],
) {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    if hash % 16 == 0 {
        match engine.evaluate(text, options) {
            Ok(r) => check_report(&r),
            Err(e) => check_error(&e, allowed),
        }
        return;
    }
    let mut session = match engine.session(options) {
        Ok(s) => s,
        Err(e) => panic!("a session with fixed options failed: {e}"),
    };
    match session.push(text) {
        Ok(chunk) => {
            assert_eq!(
                chunk.input,
                chunk.evaluated + chunk.rejected,
                "chunk: {chunk:?}"
            );
            check_partial(session.partial());
        }
        Err(e) => check_error(&e, allowed),
    }
}

/// The invariants of a partial the engine made.
pub fn check_partial(p: &iso20000::Partial) {
    assert_eq!(
        p.records_in,
        p.evaluated + p.rejected_total,
        "partial: in {} evaluated {} rejected {}",
        p.records_in,
        p.evaluated,
        p.rejected_total
    );
    assert!(
        p.joined <= p.evaluated && p.in_window <= p.evaluated,
        "partial: joined/inWindow above evaluated"
    );
}

const STRINGS: &[&str] = &[
    "",
    " ",
    "0",
    "1",
    "-1",
    "2",
    "3",
    "6",
    "-5",
    "true",
    "false",
    "null",
    "NaN",
    "Infinity",
    "1e400",
    "-0",
    "2026-03-01 09:00:00",
    "2026-03-01T09:00:00Z",
    "2026-03-01T09:00:00.123+09:00",
    "2026-02-30",
    "2026-13-01",
    "01/02/2026",
    "13/02/2026 10:00",
    "02/13/2026 10:00 PM",
    "9999-12-31T23:59:59Z",
    "0000-01-01",
    "1899-12-31",
    "1000000000000000",
    "1700000000",
    "1700000000000",
    "99999999999999999999999",
    "P1D",
    "javascript:alert(1)",
    "https://example.com/x?y=1",
    "/relative/link",
    "\u{0}",
    "\u{1b}[31m",
    "\u{feff}",
    "日本語のテキスト",
    "INC0000001",
    "CHG0000001",
    "incident",
    "change",
    "change_request",
    "problem",
    "sc_req_item",
    "task_sla",
    "sysapproval_approver",
    "service_request",
    "release",
    "approved",
    "rejected",
    "requested",
    "closed",
    "resolved",
    "new",
    "Done",
    "1 - High",
    "=cmd|' /C calc'!A0",
    "{",
    "[",
    "$",
    "\"",
    ",",
    "\n",
    "\r\n",
];

const INTS: &[i64] = &[
    0,
    1,
    -1,
    2,
    3,
    4,
    5,
    6,
    7,
    -5,
    12,
    13,
    31,
    99_999_999_999,
    100_000_000_000,
    99_999_999_999_999,
    100_000_000_000_000,
    1_000_000_000_000_000,
    9_007_199_254_740_992,
    i64::MAX,
    i64::MIN,
];

/// A value the fuzzer chooses, sometimes derived from the value it replaces.
pub fn fuzz_value(u: &mut Unstructured, old: &Value, depth: u32) -> ArbResult<Value> {
    let nested = depth < 4;
    Ok(match u.int_in_range(0..=15u8)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => json!(*u.choose(INTS)?),
        3 => json!(u.arbitrary::<i64>()?),
        4 => json!(u.arbitrary::<u64>()?),
        5 => serde_json::Number::from_f64(u.arbitrary::<f64>()?).map_or(Value::Null, Value::Number),
        6 | 7 => json!(*u.choose(STRINGS)?),
        8 => json!(u.arbitrary::<String>()?),
        9 => match old {
            // Edit the old string: cut it or add to it.
            Value::String(s) => {
                let mut s = s.clone();
                let at = u.choose_index(s.len() + 1)?;
                let at = (0..=at).rev().find(|i| s.is_char_boundary(*i)).unwrap_or(0);
                if u.arbitrary()? {
                    s.truncate(at);
                } else {
                    s.insert_str(at, u.choose(STRINGS)?);
                }
                json!(s)
            }
            Value::Number(n) => json!(n.to_string()),
            Value::Bool(b) => json!(b.to_string()),
            _ => json!(old.to_string()),
        },
        10 => json!([]),
        11 => json!({}),
        12 if nested => {
            let n = u.int_in_range(1..=3)?;
            let mut items = Vec::new();
            for _ in 0..n {
                items.push(fuzz_value(u, old, depth + 1)?);
            }
            Value::Array(items)
        }
        13 if nested => {
            // A ServiceNow pair or a reference around the old value.
            let shown = fuzz_value(u, old, depth + 1)?;
            json!({"value": old, "display_value": shown, "link": "https://x.service-now.com/api/now/table/t/1"})
        }
        14 if nested => {
            let mut m = Map::new();
            let n = u.int_in_range(1..=3)?;
            for _ in 0..n {
                let k = u.choose(keys())?.clone();
                m.insert(k, fuzz_value(u, old, depth + 1)?);
            }
            Value::Object(m)
        }
        _ => json!([old.clone()]),
    })
}

/// JSON pointers of every node of `v`.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(x, p, out);
            }
        }
        _ => {}
    }
}

/// Applies 1 to 6 mutations: replace a node, remove it, add a member, duplicate an element.
pub fn mutate(v: &mut Value, u: &mut Unstructured) -> ArbResult<()> {
    let n = u.int_in_range(1..=6u8)?;
    for _ in 0..n {
        let mut all = vec![String::new()];
        pointers(v, String::new(), &mut all);
        let at = u.choose(&all)?.clone();
        let op = u.int_in_range(0..=9u8)?;
        let (parent, last) = match at.rfind('/') {
            Some(i) => (
                at.get(..i).unwrap_or("").to_string(),
                at.get(i + 1..)
                    .unwrap_or("")
                    .replace("~1", "/")
                    .replace("~0", "~"),
            ),
            None => (String::new(), String::new()),
        };
        match op {
            0 if !at.is_empty() => match v.pointer_mut(&parent) {
                Some(Value::Object(m)) => {
                    m.remove(&last);
                }
                Some(Value::Array(a)) => {
                    if let Ok(i) = last.parse::<usize>() {
                        if i < a.len() {
                            a.remove(i);
                        }
                    }
                }
                _ => {}
            },
            1 | 2 => {
                let key = u.choose(keys())?.clone();
                let value = fuzz_value(u, &Value::Null, 1)?;
                match v.pointer_mut(&at) {
                    Some(Value::Object(m)) => {
                        m.insert(key, value);
                    }
                    Some(Value::Array(a)) => a.push(value),
                    _ => {}
                }
            }
            3 => {
                if let Some(Value::Array(a)) = v.pointer_mut(&parent) {
                    if let Ok(i) = last.parse::<usize>() {
                        if let Some(x) = a.get(i).cloned() {
                            a.push(x);
                        }
                    }
                }
            }
            _ => {
                if let Some(node) = v.pointer_mut(&at) {
                    *node = fuzz_value(u, node, 1)?;
                }
            }
        }
    }
    Ok(())
}

/// Records wrapped the way the tool's exports wrap them (or a plain array, or one object).
pub fn wrap(tool: &str, records: Vec<Value>, u: &mut Unstructured) -> ArbResult<Value> {
    Ok(match u.int_in_range(0..=2u8)? {
        0 => Value::Array(records),
        1 if records.len() == 1 => records.into_iter().next().unwrap_or(Value::Null),
        _ => match tool {
            "servicenow" => json!({"result": records}),
            "jira" => json!({"issues": records, "total": 1}),
            "glpi" => json!({"data": records}),
            "freshservice" => json!({"tickets": records}),
            "znuny" => json!({"Ticket": records}),
            "itop" => {
                let named: Map<String, Value> = records
                    .into_iter()
                    .enumerate()
                    .map(|(i, r)| (format!("UserRequest::{i}"), r))
                    .collect();
                json!({"objects": named, "code": 0})
            }
            _ => json!({"records": records}),
        },
    })
}

/// The adapter targets: byte 0 even → the rest as raw text; odd → 1 to 4 seeds of the tool,
/// mutated, wrapped. Evaluated with `source` forced to the tool (and checked live, one record).
pub fn adapter(tool: &str, data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = if mode & 1 == 0 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        let mut u = Unstructured::new(rest);
        let Ok(text) = structured(tool, &mut u) else {
            return;
        };
        text
    };
    let options = EvaluateOptions {
        // A target naming no tool is a bug of the target, not a finding of the fuzzer.
        source: Some(Source::parse(tool).expect("fuzz targets name a known tool")),
        from: (mode & 2 != 0).then(|| "2026-01-01".into()),
        to: (mode & 2 != 0).then(|| "2026-06-30".into()),
        time_zone: (mode & 4 != 0).then(|| "Asia/Tokyo".into()),
        findings: mode & 8 != 0,
        ..EvaluateOptions::default()
    };
    let e = engine();
    // Text that reads as a CSV list export (raw, or a mutated record that became a string) with
    // a source that has no CSV reading (canonical, zammad, itop, znuny, freshservice) is
    // E_OPTION by design.
    let allowed = [INPUT_ERRORS, &[ErrorCode::Option]].concat();
    evaluate_and_check_allowing(
        e,
        &text,
        &options,
        if mode & 1 == 0
            || !text
                .trim_start_matches([' ', '\t', '\r', '\n'])
                .starts_with(['[', '{'])
        {
            &allowed
        } else {
            INPUT_ERRORS
        },
    );
    if mode & 16 != 0 {
        // check() takes one record: an input of several is E_MISUSE by design.
        if let Err(err) = e.check(&text, &options) {
            check_error(&err, &[allowed.as_slice(), &[ErrorCode::Misuse]].concat());
        }
    }
}

fn structured(tool: &str, u: &mut Unstructured) -> ArbResult<String> {
    let pool = seed_list(tool);
    if pool.is_empty() {
        return Err(arbitrary::Error::NotEnoughData);
    }
    let n = u.int_in_range(1..=4u8)?;
    let mut records = Vec::new();
    for _ in 0..n {
        let mut r = u.choose(pool)?.clone();
        if u.ratio(3, 4)? {
            mutate(&mut r, u)?;
        }
        records.push(r);
    }
    Ok(wrap(tool, records, u)?.to_string())
}
