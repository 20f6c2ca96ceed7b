//! The live check (`checkLive`, `mapLive`, `explain`, `checkMeta`): outcome codes and clause
//! positions for one record, the texts joined in JavaScript from metadata asked for once.

use serde::Serialize;

use super::{call_lang, in_lang, lang_or_en, options, to_json, utf8};
use crate::catalog::{Edition, Lang};
use crate::engine::{Engine, EvaluateOptions, Judged, Run};
use crate::error::{Error, Result};
use crate::rules::compiled::ClausePos;

/// What the live `check` keeps between the calls of one engine: the run resolved from the last
/// options (the extension sends the same ones for every edit), and the buffers of the answer.
/// Drop it when the engine's packs change ([`load_rules`]).
#[derive(Default)]
pub struct LiveCheck {
    run: Option<(String, Run)>,
    judged: Judged,
    clauses: Vec<u32>,
    outcomes: Vec<u32>,
}

impl LiveCheck {
    /// The run of `options_json`: the cached one when the text is the same as last time.
    fn run(&mut self, engine: &Engine, options_json: Option<&str>, what: &str) -> Result<&Run> {
        let key = options_json.unwrap_or_default();
        let stale = !matches!(&self.run, Some((cached, _)) if cached == key);
        if stale {
            self.run = None;
            let run = engine.run(&options::<EvaluateOptions>(options_json, what)?)?;
            self.run = Some((key.to_string(), run));
        }
        match &self.run {
            Some((_, run)) => Ok(run),
            None => Err(Error::misuse("the check options were not resolved")),
        }
    }
}

/// The live result of one record (the JSON `checkLive` and `mapLive` give JavaScript, which
/// joins the texts from [`check_meta`]).
#[derive(Serialize)]
struct LiveResult<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<&'a crate::report::RecordRef>,
    edition: Edition,
    lang: Lang,
    /// `[check index, code, …]` in the order the checks ran; codes are [`crate::engine::Verdict`]'s (0 pass,
    /// 1 fail, 2 not applicable, 3 limited). Empty for `map`.
    outcomes: &'a [u32],
    /// Findings whose clauses the record adds to: `[check index, [2018 positions], [2011
    /// positions]]`.
    dynamic: &'a [(usize, Vec<ClausePos>, Vec<ClausePos>)],
    /// `[clause position, phase bits, …]` in the run's edition, in document order.
    clauses: &'a [u32],
    #[serde(skip_serializing_if = "Option::is_none")]
    rejected: Option<&'a crate::record::source::Rejection>,
    warnings: &'a [crate::record::source::Warning],
}

/// `check` for the live call: one record as UTF-8 bytes (bad bytes are `E_ENCODING`), the
/// outcome codes and clause positions instead of texts. The run of the options is resolved
/// once per distinct options text and kept in `live`.
pub fn check_live(
    engine: &Engine,
    live: &mut LiveCheck,
    input: &[u8],
    options_json: Option<&str>,
) -> Result<String> {
    in_lang(live_en(engine, live, input, options_json, false), || {
        call_lang(options_json, engine.core().lang)
    })
}

/// [`check_live`] for `map`: the clauses only (no outcomes, no findings).
pub fn map_live(
    engine: &Engine,
    live: &mut LiveCheck,
    input: &[u8],
    options_json: Option<&str>,
) -> Result<String> {
    in_lang(live_en(engine, live, input, options_json, true), || {
        call_lang(options_json, engine.core().lang)
    })
}

fn live_en(
    engine: &Engine,
    live: &mut LiveCheck,
    input: &[u8],
    options_json: Option<&str>,
    map: bool,
) -> Result<String> {
    let text = utf8(input)?;
    let what = if map { "map options" } else { "check options" };
    live.run(engine, options_json, what)?;
    let LiveCheck {
        run,
        judged,
        clauses,
        outcomes,
    } = live;
    let Some((_, run)) = run else {
        return Err(Error::misuse("the check options were not resolved"));
    };
    let answer = engine.check_live(text, run, judged)?;
    judged.clause_masks(run.edition, clauses);
    outcomes.clear();
    if !map {
        for (ci, verdict) in &judged.outcomes {
            outcomes.extend([*ci as u32, *verdict as u32]);
        }
    }
    to_json(&LiveResult {
        record: answer.record.as_ref(),
        edition: run.edition,
        lang: run.lang,
        outcomes,
        dynamic: if map { &[] } else { &judged.dynamic },
        clauses,
        rejected: answer.rejected.as_ref(),
        warnings: &answer.warnings,
    })
}

/// The explanation of one finding (`[{operator, field, actual, expected, text}]`), computed
/// when JavaScript reads it: the record and options of the `check` that found it.
pub fn explain(
    engine: &Engine,
    live: &mut LiveCheck,
    input: &[u8],
    options_json: Option<&str>,
    check_id: &str,
) -> Result<String> {
    let result = utf8(input).and_then(|text| {
        let run = live.run(engine, options_json, "check options")?;
        to_json(&engine.explain(text, run, check_id)?)
    });
    in_lang(result, || call_lang(options_json, engine.core().lang))
}

/// The pack's checks and the clauses of both editions with their texts in `lang` (the
/// engine's when absent): what the live result's codes and positions stand for.
pub fn check_meta(engine: &Engine, lang: Option<&str>) -> Result<String> {
    let result = lang
        .map(Lang::parse)
        .transpose()
        .and_then(|l| to_json(&engine.check_meta(l.unwrap_or(engine.core().lang))));
    in_lang(result, || lang_or_en(lang))
}

#[cfg(test)]
mod tests {
    use super::super::{check, engine_new};
    use super::*;
    use crate::error::ErrorCode;
    use crate::record::Instant;
    use serde_json::{Value, json};

    /// The full result rebuilt from the live codes and the metadata, as js/core.js joins them
    /// (explanations aside: JavaScript asks for them when read).
    fn rebuilt(live: &Value, meta: &Value) -> Value {
        let edition = live["edition"].as_str().unwrap();
        let table = &meta[format!("clauses{edition}")];
        let phases = meta["phases"].as_array().unwrap();
        let clauses: Vec<Value> = live["clauses"]
            .as_array()
            .unwrap()
            .chunks(2)
            .map(|pair| {
                let (pos, mask) = (pair[0].as_u64().unwrap(), pair[1].as_u64().unwrap());
                let c = &table[pos as usize];
                let hit: Vec<&Value> = (0..phases.len())
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| &phases[i])
                    .collect();
                json!({"id": c["id"], "edition": edition, "title": c["title"], "phases": hit})
            })
            .collect();
        let (mut findings, mut passed, mut na, mut limited) = (vec![], vec![], vec![], vec![]);
        for pair in live["outcomes"].as_array().unwrap().chunks(2) {
            let ci = pair[0].as_u64().unwrap();
            let check = &meta["checks"][ci as usize];
            match pair[1].as_u64().unwrap() {
                0 => passed.push(check["id"].clone()),
                2 => na.push(check["id"].clone()),
                3 => limited.push(check["id"].clone()),
                _ => {
                    let own = live["dynamic"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|d| d[0].as_u64() == Some(ci));
                    let ids = |ed: &str, i: usize| -> Value {
                        match own {
                            Some(d) => d[i]
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|p| {
                                    meta[format!("clauses{ed}")][p.as_u64().unwrap() as usize]["id"]
                                        .clone()
                                })
                                .collect(),
                            None => check[format!("clauses{ed}")].clone(),
                        }
                    };
                    let mut f = json!({
                        "check": check["id"], "title": check["title"], "severity": check["severity"],
                        "severityLabel": check["severityLabel"], "phase": check["phase"],
                        "clauses2018": ids("2018", 1), "clauses2011": ids("2011", 2),
                        "message": check["message"], "hint": check["hint"],
                    });
                    if let Some(case) = check.get("case") {
                        f["case"] = case.clone();
                    }
                    findings.push((check["order"].as_u64().unwrap(), f));
                }
            }
        }
        findings.sort_by_key(|(order, _)| *order);
        let mut out = json!({
            "edition": edition, "clauses": clauses,
            "findings": findings.into_iter().map(|(_, f)| f).collect::<Vec<_>>(),
            "passed": passed, "notApplicable": na, "warnings": live["warnings"],
        });
        if let Some(record) = live.get("record") {
            out["record"] = record.clone();
        }
        if !limited.is_empty() {
            out["limited"] = limited.into();
        }
        if let Some(rejected) = live.get("rejected") {
            out["rejected"] = rejected.clone();
        }
        out
    }

    #[test]
    fn the_live_codes_and_the_metadata_rebuild_the_whole_check_result() {
        let engine = engine_new(Some(r#"{"asOf": "2026-06-30"}"#), Instant(0)).unwrap();
        let mut live = LiveCheck::default();
        let records = [
            // Several findings of different severities (their order), a performance check.
            json!({"id": "INC-1", "kind": "incident", "state": "resolved", "category": "", "impact": 1, "urgency": 1, "priority": 3, "openedAt": "2026-03-01T09:00:00Z"}),
            // Findings whose clauses the record adds to (document.covers), in both editions.
            json!({"id": "DOC-1", "kind": "document", "title": "Plan", "state": "active", "document": {"covers": ["8.4.3", "8.6.1"], "approvedBy": null, "lastReviewAt": "2024-01-01T00:00:00Z"}}),
            // Codes the adapter does not know: warnings.
            json!({"sys_id": "x1", "number": "INC0000001", "sys_class_name": "incident", "state": "99", "impact": "9", "opened_at": "2026-04-01 09:00:00", "category": ""}),
            // A record without an id: a rejection.
            json!({"kind": "incident"}),
        ];
        // (findings with clauses of their record, rejections, warnings, most findings at once)
        let mut seen = (0, 0, 0, 0);
        for lang in ["en", "ja"] {
            let meta: Value =
                serde_json::from_str(&check_meta(&engine, Some(lang)).unwrap()).unwrap();
            for edition in ["2018", "2011"] {
                for record in &records {
                    let source = if record.get("sys_id").is_some() {
                        "servicenow"
                    } else {
                        "canonical"
                    };
                    let options = format!(
                        r#"{{"source": "{source}", "lang": "{lang}", "edition": "{edition}"}}"#
                    );
                    let text = record.to_string();
                    let mut full: Value =
                        serde_json::from_str(&check(&engine, &text, Some(&options)).unwrap())
                            .unwrap();
                    let small: Value = serde_json::from_str(
                        &check_live(&engine, &mut live, text.as_bytes(), Some(&options)).unwrap(),
                    )
                    .unwrap();
                    for f in full["findings"].as_array_mut().unwrap() {
                        let explanation = f.as_object_mut().unwrap().remove("explanation").unwrap();
                        let asked: Value = serde_json::from_str(
                            &explain(
                                &engine,
                                &mut live,
                                text.as_bytes(),
                                Some(&options),
                                f["check"].as_str().unwrap(),
                            )
                            .unwrap(),
                        )
                        .unwrap();
                        assert_eq!(asked, explanation, "{record} {}", f["check"]);
                    }
                    assert_eq!(rebuilt(&small, &meta), full, "{lang} {edition} {record}");
                    seen.0 += small["dynamic"].as_array().unwrap().len();
                    seen.1 += usize::from(small.get("rejected").is_some());
                    seen.2 += small["warnings"].as_array().unwrap().len();
                    seen.3 = seen.3.max(full["findings"].as_array().unwrap().len());
                    let map: Value = serde_json::from_str(
                        &map_live(&engine, &mut live, text.as_bytes(), Some(&options)).unwrap(),
                    )
                    .unwrap();
                    assert_eq!(rebuilt(&map, &meta)["clauses"], full["clauses"]);
                    assert_eq!(map["outcomes"], json!([]));
                }
            }
        }
        assert!(
            seen.0 > 0 && seen.1 > 0 && seen.2 > 0 && seen.3 >= 2,
            "{seen:?}"
        );
    }

    #[test]
    fn the_live_check_resolves_options_once_and_again_when_they_change() {
        let engine = engine_new(None, Instant(1_782_000_000)).unwrap();
        let mut live = LiveCheck::default();
        let record = br#"{"id": "I", "kind": "incident", "category": ""}"#;
        let ja = r#"{"source": "canonical", "lang": "ja"}"#;
        let first = check_live(&engine, &mut live, record, Some(ja)).unwrap();
        assert_eq!(live.run.as_ref().map(|(k, _)| k.as_str()), Some(ja));
        assert_eq!(
            check_live(&engine, &mut live, record, Some(ja)).unwrap(),
            first
        );
        let en = check_live(
            &engine,
            &mut live,
            record,
            Some(r#"{"source": "canonical"}"#),
        )
        .unwrap();
        assert!(en.contains(r#""lang":"en""#) && first.contains(r#""lang":"ja""#));
        // Bad options are an error each time (never the last good run), in their language.
        for _ in 0..2 {
            let err = check_live(
                &engine,
                &mut live,
                record,
                Some(r#"{"lang": "ja", "edition": "2005"}"#),
            )
            .unwrap_err();
            assert_eq!(err.code, ErrorCode::Option);
        }
        let err = check_live(&engine, &mut live, &[b'{', 0xff, b'}'], None).unwrap_err();
        assert_eq!(err.code, ErrorCode::Encoding);
        let err = explain(
            &engine,
            &mut live,
            record,
            Some(r#"{"source": "canonical"}"#),
            "NO-SUCH",
        )
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::Option);
    }
}
