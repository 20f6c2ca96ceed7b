//! List exports (CSV) with `source: "auto"`: byte 0 even → a header line of the corpus's CSV
//! files followed by the fuzzer's text; odd → a corpus CSV with cells replaced by the fuzzer.
#![no_main]
use arbitrary::Unstructured;
use iso20000::{EvaluateOptions, Source};
use iso20000_fuzz::{engine, evaluate_and_check, fuzz_value, seed_list};
use serde_json::Value;

fn cell(v: &Value) -> String {
    match v {
        Value::String(s) => {
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.clone()
            }
        }
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn text(data: &[u8]) -> Option<String> {
    let (&mode, rest) = data.split_first()?;
    let texts: Vec<&str> = seed_list("csv").iter().filter_map(Value::as_str).collect();
    let (&pick, rest) = rest.split_first()?;
    let seed = texts.get(usize::from(pick) % texts.len().max(1))?;
    if mode & 1 == 0 {
        let header = seed.lines().next()?;
        return Some(format!("{header}\n{}", String::from_utf8_lossy(rest)));
    }
    let mut u = Unstructured::new(rest);
    let mut rows: Vec<Vec<String>> = seed
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    let n = u.int_in_range(1..=8u8).ok()?;
    for _ in 0..n {
        let r = u.choose_index(rows.len()).ok()?;
        let row = rows.get_mut(r)?;
        match u.int_in_range(0..=5u8).ok()? {
            0 => {
                row.pop();
            }
            1 => row.push(cell(&fuzz_value(&mut u, &Value::Null, 3).ok()?)),
            2 if r > 0 => {
                let copy = row.clone();
                rows.push(copy);
            }
            _ => {
                let c = u.choose_index(row.len().max(1)).ok()?;
                let old = Value::String(row.get(c).cloned().unwrap_or_default());
                let new = cell(&fuzz_value(&mut u, &old, 3).ok()?);
                if let Some(slot) = row.get_mut(c) {
                    *slot = new;
                }
            }
        }
    }
    let eol = if u.arbitrary().ok()? { "\r\n" } else { "\n" };
    Some(
        rows.iter()
            .map(|r| r.join(","))
            .collect::<Vec<_>>()
            .join(eol),
    )
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(text) = text(data) else { return };
    let findings = data.first().is_some_and(|m| m & 2 != 0);
    let options = EvaluateOptions {
        source: Some(Source::Auto),
        findings,
        ..EvaluateOptions::default()
    };
    evaluate_and_check(engine(), &text, &options);
});
