//! The JSON-in/JSON-out surface every binding uses (and the conformance tests run natively).
//!
//! Each function takes JSON text and returns JSON text or an [`Error`] that is itself data
//! (`{"code", "message", "line", "column", "path", "details"}`), so the wasm layer only moves
//! strings and turns errors into JavaScript `Error`s.
//!
//! Errors leave here in the caller's language (see `crate::i18n`): the call's `lang` option
//! when it names one, else the engine's (a session's: its run's); English by default.

mod form;
mod live;

use serde::Serialize;

pub use form::FormCheck;
pub use live::{LiveCheck, check_live, check_meta, explain, map_live};

use crate::catalog::{Catalog, Edition, Lang};
use crate::engine::{Engine, EngineOptions, EvaluateOptions, Session};
use crate::error::{Error, ErrorCode, Result};
use crate::i18n::localize_error;
use crate::pdca::Partial;
use crate::record::Instant;
use crate::util::value_reader::FromValue;

/// Parses an options object; empty text or `null` means defaults.
///
/// The text is parsed into a JSON tree, then read by the options' own readers
/// (`util::value_reader`) rather than serde's derived ones (issue 12: those were about 40 KB of
/// the .wasm). A syntax error names where the text broke; a refusal names the value's path, in
/// serde's words.
pub fn options<T: FromValue + Default>(json: Option<&str>, what: &str) -> Result<T> {
    match json.map(str::trim) {
        None | Some("") | Some("null") | Some("undefined") => Ok(T::default()),
        Some(text) => {
            let value: serde_json::Value = crate::util::json::from_str(text).map_err(|e| {
                let path = crate::record::source::locate::path_of_error(text, &e);
                option_error(what, &crate::error::serde_message(&e), &path)
            })?;
            T::from_value(&value).map_err(|p| option_error(what, p.message(), p.path()))
        }
    }
}

/// An `E_OPTION` error: `{what}: {message}` at `$` + `path`.
fn option_error(what: &str, message: &str, path: &str) -> Error {
    Error::new(ErrorCode::Option, format!("{what}: {message}")).at_path(format!("${path}"))
}

pub fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| {
        Error::new(
            ErrorCode::Misuse,
            format!("cannot serialise the result: {e}"),
        )
    })
}

/// The language of a call's errors: its options' `lang` when they name a known one (read only
/// when there is an error, and also from options that failed to parse), else `fallback`.
fn call_lang(options_json: Option<&str>, fallback: Lang) -> Lang {
    options_json
        .and_then(|text| crate::util::json::from_str::<serde_json::Value>(text).ok())
        .and_then(|v| v.get("lang")?.as_str().and_then(|l| Lang::parse(l).ok()))
        .unwrap_or(fallback)
}

/// A result with its error in the language `lang()` gives (asked only on error).
fn in_lang<T>(result: Result<T>, lang: impl FnOnce() -> Lang) -> Result<T> {
    result.map_err(|e| localize_error(lang(), e))
}

/// `lang` of the catalogue calls and `applyLogic` (which have no engine): a known code or English.
fn lang_or_en(lang: Option<&str>) -> Lang {
    lang.and_then(|l| Lang::parse(l).ok()).unwrap_or_default()
}

pub fn error_json(error: &Error) -> String {
    serde_json::to_string(error)
        .unwrap_or_else(|_| format!("{{\"code\":\"{}\"}}", error.code.as_str()))
}

pub fn engine_new(options_json: Option<&str>, now: Instant) -> Result<Engine> {
    let opts: EngineOptions = in_lang(options(options_json, "engine options"), || {
        call_lang(options_json, Lang::En)
    })?;
    let lang = opts.lang.unwrap_or_default();
    in_lang(Engine::new(opts, now), || lang)
}

/// Replaces the engine's stacked rule packs with a JSON array of packs.
pub fn load_rules(engine: &mut Engine, packs_json: &str) -> Result<()> {
    let lang = engine.core().lang;
    in_lang(load_rules_en(engine, packs_json), || lang)
}

fn load_rules_en(engine: &mut Engine, packs_json: &str) -> Result<()> {
    let packs: Vec<Box<serde_json::value::RawValue>> = crate::util::json::from_str(packs_json)
        .map_err(|e| {
            Error::new(
                ErrorCode::Rules,
                format!("rule packs must be a JSON array of packs: {e}"),
            )
        })?;
    engine.load_rules(packs)
}

pub fn evaluate(engine: &Engine, input: &str, options_json: Option<&str>) -> Result<String> {
    evaluate_with_progress(engine, input, options_json, &mut |_, _| {})
}

/// [`evaluate`] reporting `progress(done, total)` along the way.
pub fn evaluate_with_progress(
    engine: &Engine,
    input: &str,
    options_json: Option<&str>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<String> {
    with_options(engine, options_json, "evaluate options", |opts| {
        to_json(&engine.evaluate_with_progress(input, opts, progress)?)
    })
}

/// One engine call with evaluate-style options: `options_json` parsed (its errors name `what`),
/// then `call`; an error of either in the call's language (its `lang`, else the engine's).
fn with_options<T>(
    engine: &Engine,
    options_json: Option<&str>,
    what: &str,
    call: impl FnOnce(&EvaluateOptions) -> Result<T>,
) -> Result<T> {
    let result = options::<EvaluateOptions>(options_json, what).and_then(|opts| call(&opts));
    in_lang(result, || call_lang(options_json, engine.core().lang))
}

/// Input bytes as text, or `E_ENCODING` in the call's language.
fn text_of<'a>(engine: &Engine, input: &'a [u8], options_json: Option<&str>) -> Result<&'a str> {
    in_lang(utf8(input), || call_lang(options_json, engine.core().lang))
}

/// Bytes from `fetch()` or a file: must be UTF-8 (a leading BOM is fine).
pub fn evaluate_bytes(engine: &Engine, input: &[u8], options_json: Option<&str>) -> Result<String> {
    let text = text_of(engine, input, options_json)?;
    evaluate(engine, text, options_json)
}

/// [`evaluate_bytes`] reporting `progress(done, total)` along the way.
pub fn evaluate_bytes_with_progress(
    engine: &Engine,
    input: &[u8],
    options_json: Option<&str>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<String> {
    let text = text_of(engine, input, options_json)?;
    evaluate_with_progress(engine, text, options_json, progress)
}

pub fn utf8(input: &[u8]) -> Result<&str> {
    // simdutf8 checks 16 or 32 bytes at a time (wasm's simd128, AVX2); std's check, slower, is
    // run only on a failure, for where it is.
    if let Ok(text) = simdutf8::basic::from_utf8(input) {
        return Ok(text);
    }
    std::str::from_utf8(input).map_err(|e| {
        let valid = input.get(..e.valid_up_to()).unwrap_or_default();
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        let mut err = Error::new(
            ErrorCode::Encoding,
            format!("the input is not UTF-8 (invalid byte at line {line} column {column}); export as UTF-8"),
        );
        err.line = Some(line);
        err.column = Some(column);
        err
    })
}

pub fn check(engine: &Engine, record: &str, options_json: Option<&str>) -> Result<String> {
    with_options(engine, options_json, "check options", |opts| {
        to_json(&engine.check(record, opts)?)
    })
}

/// Canonical records of an input: `{records, rejected, warnings}`.
pub fn normalize(engine: &Engine, input: &str, options_json: Option<&str>) -> Result<String> {
    with_options(engine, options_json, "normalize options", |opts| {
        // Here as well as in `Engine::normalize`: the writer below goes with the feature.
        crate::engine::normalize_in_build()?;
        normalized_json(&engine.normalize(input, opts)?)
    })
}

/// `{records, rejected, warnings}` as serde_json writes it, the records by the canonical writer
/// (`record::model::write`: serde's derived writer of the record was 23 KB of the .wasm).
#[cfg(feature = "canonical")]
fn normalized_json(normalized: &crate::engine::Normalized<'_>) -> Result<String> {
    let mut out = String::with_capacity(256 * normalized.records.len() + 64);
    out.push_str("{\"records\":");
    crate::record::model::write::WriteJson::write_json(&normalized.records, &mut out);
    out.push_str(",\"rejected\":");
    out.push_str(&to_json(&normalized.rejected)?);
    out.push_str(",\"warnings\":");
    out.push_str(&to_json(&normalized.warnings)?);
    out.push('}');
    Ok(out)
}

/// A build without the canonical writer never gets here (`normalize_in_build` refuses first).
#[cfg(not(feature = "canonical"))]
fn normalized_json(_: &crate::engine::Normalized<'_>) -> Result<String> {
    crate::engine::normalize_in_build().map(|()| String::new())
}

/// [`normalize`] of bytes: bytes that are not UTF-8 are `E_ENCODING` naming the line and
/// column, as [`evaluate_bytes`] says, never replaced silently.
pub fn normalize_bytes(
    engine: &Engine,
    input: &[u8],
    options_json: Option<&str>,
) -> Result<String> {
    let text = text_of(engine, input, options_json)?;
    normalize(engine, text, options_json)
}

/// Clauses of one record (the `map` call): the check result without findings.
pub fn map(engine: &Engine, record: &str, options_json: Option<&str>) -> Result<String> {
    with_options(engine, options_json, "map options", |opts| {
        to_json(&engine.map(record, opts)?)
    })
}

pub fn session(engine: &Engine, options_json: Option<&str>) -> Result<Session> {
    with_options(engine, options_json, "session options", |opts| {
        engine.session(opts)
    })
}

pub fn session_push(session: &mut Session, input: &str) -> Result<String> {
    session_push_with_progress(session, input, &mut |_, _| {})
}

/// [`session_push`] reporting `progress(done, total)` along the way (one large piece).
pub fn session_push_with_progress(
    session: &mut Session,
    input: &str,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<String> {
    let lang = session.lang();
    in_lang(
        session
            .push_with_progress(input, progress)
            .and_then(|s| to_json(&s)),
        || lang,
    )
}

/// [`session_push`] of bytes, which must be UTF-8.
pub fn session_push_bytes(session: &mut Session, input: &[u8]) -> Result<String> {
    let text = in_lang(utf8(input), || session.lang())?;
    session_push(session, text)
}

/// [`session_push_bytes`] reporting `progress(done, total)` along the way (one large piece).
pub fn session_push_bytes_with_progress(
    session: &mut Session,
    input: &[u8],
    progress: &mut dyn FnMut(u64, u64),
) -> Result<String> {
    let text = in_lang(utf8(input), || session.lang())?;
    session_push_with_progress(session, text, progress)
}

/// A syntax or encoding error of a chunk, moved to its place in the whole input: the chunk's
/// line 1 is the input's line `line`, where its columns are `shift` further on.
fn at_place(mut err: Error, line: usize, shift: i64) -> Error {
    if let (Some(l), Some(c)) = (err.line, err.column) {
        let (nl, nc) = if l <= 1 {
            // Saturating: `line` and `shift` are a host's numbers.
            (line, (c as i64).saturating_add(shift).max(1) as usize)
        } else {
            (line.saturating_add(l - 1), c)
        };
        err.message = err.message.replacen(
            &format!("line {l} column {c}"),
            &format!("line {nl} column {nc}"),
            1,
        );
        err.line = Some(nl);
        err.column = Some(nc);
    }
    err
}

/// One read of a streamed input scanned for element boundaries ([`Cutter::scan`]), for a host
/// that keeps the scan's state as numbers between reads: `state` is `[in_string, skip, depth,
/// content, any, cut, at]` (booleans as 0/1; `cut`, the last top-level comma found, and `at`,
/// where the scan stopped, -1 for none), read and written back. Returns why it stopped: 0 the
/// bytes ran out, 1 an empty element, 2 the array's end, 3 an unbalanced close. A state of
/// another length, or `from` past the bytes, is a misuse.
pub fn cut_elements(bytes: &[u8], from: usize, state: &mut [f64]) -> Result<u32> {
    use crate::record::source::{Cutter, Stop};
    // Streamed inputs are evaluated exports: a build without them (the extension's) keeps no
    // cutter.
    Error::in_build(
        cfg!(feature = "evaluate"),
        "streamed input (evaluation of whole exports)",
        "evaluate",
    )?;
    let [in_string, skip, depth, content, any, cut, at] = state else {
        return Err(Error::misuse("the cutting state holds 7 numbers"));
    };
    if from > bytes.len() {
        return Err(Error::misuse("the scan starts past the bytes"));
    }
    let mut cutter = Cutter {
        in_string: *in_string != 0.0,
        // 0 or 1 from a scan; a host's other number cannot take the scan past the bytes.
        skip: usize::from(*skip != 0.0),
        depth: *depth as usize,
        content: *content != 0.0,
        any: *any != 0.0,
        ..Cutter::default()
    };
    let (kind, stop) = match cutter.scan(bytes, from) {
        Stop::More => (0, None),
        Stop::Empty(i) => (1, Some(i)),
        Stop::End(i) => (2, Some(i)),
        Stop::Unbalanced(i) => (3, Some(i)),
    };
    let number = |i: Option<usize>| i.map_or(-1.0, |i| i as f64);
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    *in_string = flag(cutter.in_string);
    *skip = cutter.skip as f64;
    *depth = cutter.depth as f64;
    *content = flag(cutter.content);
    *any = flag(cutter.any);
    *cut = number(cutter.cut);
    *at = number(stop);
    Ok(kind)
}

/// Where to cut a JSON array held as bytes into at most `parts` pieces for workers
/// ([`split_points`](crate::record::source::split_points); `head` is the offset just after its
/// `[`): per piece, where it ends and its element count, as `[end, count, end, count, …]`.
/// `None` when the input is left whole (nothing to share, or malformed where a boundary is
/// looked for); a `head` past the bytes is a misuse.
pub fn split_points(bytes: &[u8], head: usize, parts: usize) -> Result<Option<Vec<f64>>> {
    // Pieces are evaluated in sessions: a build without them (the extension's) keeps no splitter.
    Error::in_build(
        cfg!(feature = "evaluate"),
        "splitting an input for workers (evaluation of whole exports)",
        "evaluate",
    )?;
    if head > bytes.len() {
        return Err(Error::misuse("the array's head is past the bytes"));
    }
    Ok(
        crate::record::source::split_points(bytes, head, parts).map(|points| {
            points
                .into_iter()
                .flat_map(|(end, count)| [end as f64, count as f64])
                .collect()
        }),
    )
}

/// The first pass of a streamed input ([`Session::scan`]) over one chunk of bytes (whole
/// elements of the input's top-level array, wrapped in `[` … `]`); errors name their line and
/// column in the whole input (see `at_place`). Returns the chunk's element count.
pub fn session_scan_bytes(
    session: &mut Session,
    input: &[u8],
    line: usize,
    shift: i64,
) -> Result<u64> {
    let lang = session.lang();
    let result = utf8(input).and_then(|text| session.scan(text));
    in_lang(result.map_err(|e| at_place(e, line, shift)), || lang)
}

/// The second pass of a streamed input ([`Session::push_chunk`]) over one chunk of bytes.
pub fn session_push_chunk(
    session: &mut Session,
    input: &[u8],
    line: usize,
    shift: i64,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<String> {
    let lang = session.lang();
    let result = utf8(input)
        .and_then(|text| session.push_chunk(text, progress))
        .map_err(|e| at_place(e, line, shift))
        .and_then(|s| to_json(&s));
    in_lang(result, || lang)
}

/// The end of a streamed input ([`Session::flush_held`]): the chunk summary of what was still
/// held, with `peakHeldBytes` and `releasedEarly` (elements evaluated before all their related
/// payloads were read, because of the hold limit).
pub fn session_flush_held(session: &mut Session) -> Result<String> {
    let lang = session.lang();
    let result = session.flush_held().and_then(|(summary, peak, early)| {
        let mut value = serde_json::to_value(summary).map_err(|e| {
            Error::new(
                ErrorCode::Misuse,
                format!("cannot serialise the result: {e}"),
            )
        })?;
        if let Some(map) = value.as_object_mut() {
            map.insert("peakHeldBytes".into(), (peak as u64).into());
            map.insert("releasedEarly".into(), early.into());
        }
        Ok(value.to_string())
    });
    in_lang(result, || lang)
}

// A session's own calls check that the build evaluates exports; these two read and write the
// partial result before any of them, so they check too (see `engine::evaluation_in_build`).
pub fn session_partial(session: &Session) -> Result<String> {
    let json = crate::engine::evaluation_in_build().and_then(|()| to_json(session.partial()));
    in_lang(json, || session.lang())
}

pub fn session_merge(session: &mut Session, partial_json: &str) -> Result<()> {
    let lang = session.lang();
    let result = crate::engine::evaluation_in_build()
        .and_then(|()| {
            Partial::from_json(partial_json).map_err(|e| {
                Error::new(
                    ErrorCode::Partial,
                    format!("not a partial result of iso20000: {e}"),
                )
            })
        })
        .and_then(|partial| session.merge(&partial));
    in_lang(result, || lang)
}

pub fn session_finish(session: &mut Session) -> Result<String> {
    let lang = session.lang();
    in_lang(session.finish().and_then(|r| to_json(&r)), || lang)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EditionInfo<'c> {
    edition: Edition,
    standard: &'c str,
    national: &'c str,
    notice: &'c crate::catalog::Localized,
    clauses: &'c [crate::catalog::Clause],
}

/// `{edition, standard, national, notice, clauses: [...]}` for one edition; errors in `lang`.
pub fn catalog_clauses(edition: Option<&str>, lang: Option<&str>) -> Result<String> {
    in_lang(clauses_en(edition), || lang_or_en(lang))
}

fn clauses_en(edition: Option<&str>) -> Result<String> {
    let edition = edition
        .map(Edition::parse)
        .transpose()?
        .unwrap_or(Edition::E2018);
    let cat = Catalog::builtin()?.edition(edition);
    to_json(&EditionInfo {
        edition,
        standard: &cat.standard,
        national: &cat.national,
        notice: &cat.notice,
        clauses: &cat.clauses,
    })
}

/// Crosswalk edges of one clause, read from `from`'s side; errors in `lang`.
pub fn catalog_crosswalk(from: &str, clause: &str, lang: Option<&str>) -> Result<String> {
    in_lang(crosswalk_en(from, clause), || lang_or_en(lang))
}

fn crosswalk_en(from: &str, clause: &str) -> Result<String> {
    let from = Edition::parse(from)?;
    let catalog = Catalog::builtin()?;
    if catalog.edition(from).get(clause).is_none() {
        return Err(Error::option(
            "clause",
            format!(
                "{clause:?} is not a clause of the {} edition",
                from.as_str()
            ),
        ));
    }
    to_json(&catalog.crosswalk(from, clause))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Extras<'c> {
    processes: &'c [crate::catalog::Process],
    itil4: &'c [crate::catalog::Practice],
    itil_notice: &'c crate::catalog::Localized,
}

/// Processes and the ITIL 4 practice map.
pub fn catalog_extras() -> Result<String> {
    let catalog = Catalog::builtin()?;
    to_json(&Extras {
        processes: &catalog.processes,
        itil4: &catalog.practices,
        itil_notice: &catalog.itil_notice,
    })
}

/// The teaching cases ("why this matters"), texts in `lang` (English by default):
/// `[{id, process, pairedProcess, clauses2018, checks, title, organisation, happened, why, good}]`.
/// An unknown `lang` is an option error.
pub fn catalog_cases(lang: Option<&str>) -> Result<String> {
    in_lang(cases_in(lang), || lang_or_en(lang))
}

#[cfg(feature = "cases")]
fn cases_in(lang: Option<&str>) -> Result<String> {
    let lang = lang.map(Lang::parse).transpose()?.unwrap_or_default();
    let cases: Vec<crate::catalog::TeachingCase> = Catalog::builtin()?
        .cases()
        .iter()
        .map(|case| case.in_lang(lang))
        .collect();
    to_json(&cases)
}

/// Without the stories a check still names its case by id (`case`); an unknown `lang` is still
/// an option error first.
#[cfg(not(feature = "cases"))]
fn cases_in(lang: Option<&str>) -> Result<String> {
    lang.map(Lang::parse).transpose()?;
    Err(Error::not_in_build(
        "teaching cases' stories (catalog.cases)",
        "cases",
    ))
}

/// The parts (cargo features) this build holds, in a fixed order. A module loaded by URL — the
/// full one or a smaller one such as the ServiceNow modules the npm package ships beside it —
/// says with this what it can do; a call that needs a part it lacks answers `E_NOT_IN_BUILD`.
pub fn features() -> Vec<&'static str> {
    [
        ("evaluate", cfg!(feature = "evaluate")),
        ("packs", cfg!(feature = "packs")),
        ("cases", cfg!(feature = "cases")),
        ("canonical", cfg!(feature = "canonical")),
        ("servicenow", cfg!(feature = "servicenow")),
        ("jira", cfg!(feature = "jira")),
        ("glpi", cfg!(feature = "glpi")),
        ("zammad", cfg!(feature = "zammad")),
        ("itop", cfg!(feature = "itop")),
        ("znuny", cfg!(feature = "znuny")),
        ("freshservice", cfg!(feature = "freshservice")),
        ("csv", cfg!(feature = "csv")),
        ("mapping", cfg!(feature = "mapping")),
    ]
    .into_iter()
    .filter_map(|(name, built)| built.then_some(name))
    .collect()
}

/// Checks a language code (used by bindings that localise their own text).
pub fn parse_lang(text: &str) -> Result<Lang> {
    Lang::parse(text)
}

/// Applies a JsonLogic rule to JSON data (the engine's evaluator, for rule authors and tests);
/// errors in `lang`.
pub fn apply_logic(logic_json: &str, data_json: &str, lang: Option<&str>) -> Result<String> {
    in_lang(apply_logic_en(logic_json, data_json), || lang_or_en(lang))
}

fn apply_logic_en(logic_json: &str, data_json: &str) -> Result<String> {
    Error::in_build(
        cfg!(feature = "packs"),
        "applyLogic (JsonLogic compiled when called)",
        "packs",
    )?;
    let logic: serde_json::Value =
        crate::util::json::from_str(logic_json).map_err(|e| Error::json_syntax(&e))?;
    let data: serde_json::Value = if data_json.trim().is_empty() {
        serde_json::Value::Null
    } else {
        crate::util::json::from_str(data_json).map_err(|e| Error::json_syntax(&e))?
    };
    let params = serde_json::Map::new();
    let mut compiler = crate::rules::logic::Compiler::new(&params);
    let expr = compiler.compile(&logic, crate::rules::logic::Scope::Generic, "$");
    if !compiler.errors.is_empty() {
        let mut err = Error::new(ErrorCode::Rules, "the rule does not compile");
        err.details = compiler.errors;
        return Err(err);
    }
    let cx = crate::rules::logic::Cx::new(None, None, 0, crate::rules::logic::Limits::default());
    let value = expr.eval(&cx, &crate::rules::logic::Val::from_json(&data));
    if cx.exhausted() {
        return Err(Error::new(
            ErrorCode::Rules,
            "the rule ran out of evaluation steps",
        ));
    }
    to_json(&value.to_json())
}

/// A mapping proposed for a CSV of a tool without an adapter (`proposeMapping`): the mapping,
/// the confidence of each column, the columns left unmapped and a preview; errors in the
/// options' `lang`.
pub fn propose_mapping(text: &str, options_json: Option<&str>) -> Result<String> {
    use crate::record::source::mapping::propose::{ProposeOptions, propose};
    let result = options::<ProposeOptions>(options_json, "proposeMapping options")
        .and_then(|opts| to_json(&propose(text, &opts)?));
    in_lang(result, || call_lang(options_json, Lang::En))
}

#[cfg(test)]
mod options_tests;
