use super::super::{Engine, EngineOptions, EvaluateOptions};
use crate::error::{Error, ErrorCode, Result};
use crate::record::Instant;

fn incident(i: u32) -> String {
    format!(
        r#"{{"sys_id":"i{i}","number":"INC{i:07}","sys_class_name":"incident","state":"7","priority":"3","impact":"2","urgency":"2","category":"network","opened_at":"2026-04-01 08:00:00","resolved_at":"2026-04-03 12:00:00","closed_at":"2026-04-06 12:00:00","close_code":"Solution provided","close_notes":"Patched"}}"#
    )
}

fn sla_row(i: u32) -> String {
    format!(
        r#"{{"sys_id":"m{i}","sys_class_name":"task_sla","task":{{"value":"i{i}","display_value":"INC{i:07}"}},"sla":{{"display_value":"P3 resolution (3 days)","value":"s3"}},"stage":"completed","has_breached":"true","start_time":"2026-04-01 08:00:00","end_time":"2026-04-03 12:00:00","planned_end_time":"2026-04-02 08:00:00"}}"#
    )
}

/// Records first, their SLA rows at the end, one element per chunk.
fn chunks() -> Vec<String> {
    let mut elements: Vec<String> = (1..=4).map(incident).collect();
    elements.extend((1..=4).rev().map(sla_row));
    elements.into_iter().map(|e| format!("[{e}]")).collect()
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::new(ErrorCode::Misuse, e.to_string()))
}

fn engine() -> Result<Engine> {
    Engine::new(EngineOptions::default(), Instant::from_epoch_millis(0))
}

/// The report, the rows left unjoined and the records released early.
fn streamed(limit: usize) -> Result<(String, u64, u64)> {
    let mut session = engine()?.session(&EvaluateOptions::default())?;
    for c in chunks() {
        session.scan(&c)?;
    }
    if let Some(stream) = session.stream.as_mut() {
        stream.limit = limit;
    }
    let mut unjoined = 0;
    for c in chunks() {
        unjoined += session.push_chunk(&c, &mut |_, _| {})?.unjoined;
    }
    let (end, _, early) = session.flush_held()?;
    Ok((json(&session.finish()?)?, unjoined + end.unjoined, early))
}

#[test]
fn a_streamed_input_is_joined_as_one_piece() -> Result<()> {
    let engine = engine()?;
    let pieces: Vec<String> = chunks()
        .iter()
        .map(|c| c.trim_start_matches('[').trim_end_matches(']').to_string())
        .collect();
    let whole = format!("[{}]", pieces.join(","));
    let one = json(&engine.evaluate(&whole, &EvaluateOptions::default())?)?;
    let (report, unjoined, early) = streamed(256 << 20)?;
    assert_eq!((unjoined, early), (0, 0));
    assert!(
        report == one,
        "the streamed report differs from the one-piece report"
    );
    // Chunk by chunk without the first pass, the rows fall apart from their records.
    let mut session = engine.session(&EvaluateOptions::default())?;
    let mut apart = 0;
    for c in chunks() {
        apart += session.push(&c)?.unjoined;
    }
    assert_eq!(apart, 4);
    Ok(())
}

#[test]
fn past_the_hold_limit_records_go_early_and_the_report_says_so() -> Result<()> {
    let (report, unjoined, early) = streamed(1)?;
    assert_eq!((unjoined, early), (4, 4));
    assert!(report.contains("4 record(s) were evaluated before all their related rows were read"));
    Ok(())
}
