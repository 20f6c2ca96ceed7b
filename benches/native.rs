//! Native throughput on the bundled dataset (`make bench`). Not a test: it prints figures.
//!
//! `native_records_per_s`: records evaluated per second by the engine (checks, evidence mapping,
//! PDCA tallies) on records already read from JSON — the rule engine's own speed.
//! `native_text_records_per_s`: the same from JSON text (adapters included), for comparison.
//! `native_text_bytes_per_record`: the input's mean record size, to read the line above by.
//! `native_allocations_per_record`, `native_text_allocations_per_record`: heap allocations per
//! record while a session takes the records (already read, or from the JSON text), counted by an
//! allocator around the system one; `native_report_allocations`: those of building the report
//! once at the end (per report, not per record). Issue 12 asks for no allocation per record on
//! the hot path. Counts, not times: the same on a busy machine.
//! `native_engine_new_ms_compiled`: making an engine that compiles a pack of its own (the
//! built-in pack and a priority matrix; median of 51): what compiling the 85 checks costs
//! natively (`benches/wasm.mjs` prints the same in wasm). Unlabelled runs only.
//!
//! `--label=NAME` suffixes every line with `_NAME` (`make bench` runs the demo export unlabelled
//! and the peers' ServiceNow export, the issue's "1 KB records" workload, as `servicenow`).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant as Clock};

use iso20000::Instant;
use iso20000::{Engine, EngineOptions, EvaluateOptions};

/// The system allocator, counting the allocations it is asked for (reallocations count: a vector
/// that grows allocates again).
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is passed to the system allocator unchanged; the counter is a side effect.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Heap allocations made by `f`.
fn allocations(f: impl FnOnce()) -> u64 {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    f();
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

/// ISO20000_BENCH_RUNS=N: exactly N runs after the warm-up, so that `perf stat` counts (instructions,
/// cache misses) compare between builds on a busy machine, where times do not.
fn time_per_run(min_total: Duration, mut f: impl FnMut()) -> Duration {
    let fixed: Option<u32> = std::env::var("ISO20000_BENCH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok());
    f(); // warm-up
    let mut runs = 0u32;
    let start = Clock::now();
    while fixed.map_or(start.elapsed() < min_total || runs < 3, |n| runs < n) {
        f();
        runs += 1;
    }
    start.elapsed() / runs
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .cloned()
        .unwrap_or_else(|| "examples/data/demo-export.json".into());
    let label = args
        .iter()
        .find_map(|a| a.strip_prefix("--label="))
        .map(|l| format!("_{l}"))
        .unwrap_or_default();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e} (run `make data`)");
            std::process::exit(2);
        }
    };
    let engine = match Engine::new(EngineOptions::default(), Instant(1_796_000_000)) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let options = EvaluateOptions {
        to: Some("2026-11-30".into()),
        ..EvaluateOptions::default()
    };
    let records = match engine.normalize(&text, &options) {
        Ok(n) => n.records,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let n = records.len() as f64;
    // ISO20000_BENCH_TEXT_ONLY: only the run from text (for profiling the reading layer).
    let text_only = std::env::var_os("ISO20000_BENCH_TEXT_ONLY").is_some();
    let per = time_per_run(
        if text_only {
            Duration::ZERO
        } else {
            Duration::from_secs(2)
        },
        || {
            let Ok(mut session) = engine.session(&options) else {
                return;
            };
            let _ = session.push_records(&records);
            let _ = std::hint::black_box(session.finish());
        },
    );
    println!("native_records_per_s{label}: {:.0}", n / per.as_secs_f64());
    if let Ok(mut session) = engine.session(&options) {
        let pushed = allocations(|| {
            let _ = session.push_records(&records);
        });
        let report = allocations(|| {
            let _ = std::hint::black_box(session.finish());
        });
        println!(
            "native_allocations_per_record{label}: {:.2}",
            pushed as f64 / n.max(1.0)
        );
        println!("native_report_allocations{label}: {report}");
    }
    if std::env::var_os("ISO20000_BENCH_RECORDS_ONLY").is_some() {
        return;
    }
    let total = engine
        .evaluate(&text, &options)
        .map(|r| r.records.input)
        .unwrap_or(0) as f64;
    let per_text = time_per_run(Duration::from_secs(2), || {
        let _ = std::hint::black_box(engine.evaluate(&text, &options));
    });
    println!(
        "native_text_records_per_s{label}: {:.0}",
        total / per_text.as_secs_f64()
    );
    if let Ok(mut session) = engine.session(&options) {
        let read = allocations(|| {
            let _ = std::hint::black_box(session.push(&text));
        });
        println!(
            "native_text_allocations_per_record{label}: {:.2}",
            read as f64 / total.max(1.0)
        );
    }
    println!(
        "native_text_mb_per_s{label}: {:.1}",
        text.len() as f64 / 1e6 / per_text.as_secs_f64()
    );
    println!(
        "native_text_bytes_per_record{label}: {:.0}",
        text.len() as f64 / total.max(1.0)
    );
    if label.is_empty() {
        println!(
            "native_engine_new_ms_compiled: {:.2}",
            engine_new_compiled_ms()
        );
    }
}

/// Median time of making an engine whose pack is compiled for it (a priority matrix stacked on
/// the built-in pack: engines with the built-in pack alone share one compiled copy).
fn engine_new_compiled_ms() -> f64 {
    let options = r#"{"context":{"priorityMatrix":[[1,2,3],[2,3,4],[3,4,5]]}}"#;
    let mut ms: Vec<f64> = (0..51)
        .map(|_| {
            let start = Clock::now();
            let engine = iso20000::ffi::engine_new(Some(options), Instant(1_796_000_000));
            let elapsed = start.elapsed();
            assert!(engine.is_ok(), "engine with a priority matrix");
            drop(engine);
            elapsed.as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    ms[ms.len() / 2]
}
