//! From input text to records: each element converted once by its adapter (detected for
//! `auto`), related pieces (SLA clocks, approvals, links, history) joined to their records by
//! id or number within the same input, and bundles (a record with its related payloads in one
//! element) unpacked.

use crate::util::hash::HashMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::Run;
use crate::error::{Error, Result};
use crate::record::source::history::{self, Event};
use crate::record::source::{
    self, Attach, Attachment, Converted, Cursor, Detected, Elements, Grouped, GroupedCount, KeySet,
    Rejection, Source, Warning, key_set,
};
use crate::record::{Field, Record, SlaSource, Text};

mod csv;
mod join;
mod stream;

pub use csv::{csv_source, prepare_csv, remap_csv};
use join::{GroupedNotes, join, page_names};
pub use stream::{Held, Stream, held_text, remap_held};

/// Elements (or records) between two progress reports.
pub const PROGRESS_STEP: usize = 1024;

/// What one input (or session chunk) became.
pub struct Batch<'a> {
    pub records: Vec<Record<'a>>,
    pub rejected: Vec<Rejection>,
    pub warnings: Vec<Warning>,
    /// Elements whose content was joined into another record (approval rows, links …).
    pub joined: u64,
    /// Related payloads whose record was not in the batch (each also a warning).
    pub unjoined: u64,
    /// Notes for the whole input, counted ([`Grouped`]): a session adds them to its partial,
    /// a single call turns them into warnings.
    pub grouped: Vec<GroupedCount>,
}

impl Batch<'_> {
    /// The grouped notes as warnings, beside the others (a call that is not a session).
    pub fn grouped_into_warnings(&mut self) {
        for g in std::mem::take(&mut self.grouped) {
            self.warnings.push(g.warning());
        }
    }
}

/// A record with its related payloads in one element:
/// `{"bundle": "servicenow", "record": {…}, "related": [{…}, …] | {"task_sla": [{…}], …}}`.
#[derive(Deserialize)]
struct Bundle<'a> {
    #[serde(borrow, default)]
    bundle: Option<Text<'a>>,
    #[serde(borrow)]
    record: &'a RawValue,
    /// A list of payloads, or an object of named lists (`{"task_sla": [...], ...}`).
    #[serde(borrow, default)]
    related: Option<&'a RawValue>,
}

/// Picks the adapter of one element.
fn choose(
    raw: &str,
    keys: Option<&KeySet>,
    run: &Run,
    hint: Option<Source>,
    at: &mut Cursor<'_>,
) -> std::result::Result<Source, Rejection> {
    if run.source != Source::Auto {
        return Ok(run.source);
    }
    match source::detect(keys, raw) {
        Detected::One(s) => Ok(s),
        Detected::Ambiguous(found) => match hint.filter(|h| found.contains(h)) {
            Some(h) => Ok(h),
            None => Err(at.reject(
                "",
                format!(
                    "ambiguous record: it looks like {}; pass `source` to choose",
                    found
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
            )),
        },
        Detected::None => match hint {
            Some(h) => Ok(h),
            None => Err(at.reject("", unrecognised())),
        },
    }
}

/// Why `auto` found no tool for a record. A smaller build (e.g. the npm package's ServiceNow
/// modules) only knows its own tools' fields: it names them, for a record of another tool has
/// none of them and is not shapeless (`source` naming that tool says which adapter is missing).
fn unrecognised() -> String {
    // Canonical records have a reader in every build (without the feature, one that rejects
    // them by name): named last, when the build reads them.
    let tools = Source::TOOLS.iter().filter(|s| **s != Source::Canonical);
    let mut built: Vec<&str> = tools
        .clone()
        .filter(|s| source::adapter(**s).is_some())
        .map(|s| s.label())
        .collect();
    if built.len() == tools.count() && cfg!(feature = "canonical") {
        return "cannot tell which tool this record comes from (no ServiceNow, Jira, GLPI, Zammad, iTop, Znuny, Freshservice or canonical fields); pass `source`".into();
    }
    if cfg!(feature = "canonical") {
        built.push(Source::Canonical.label());
    }
    format!(
        "cannot tell which tool this record comes from: it has none of the fields of the tools this build of iso20000 reads ({}); pass `source`",
        built.join(", ")
    )
}

/// The rejection of a record sent to a tool this build has no adapter for (its cargo feature
/// is the tool's name; the part's Japanese is in ja.json's fragments).
fn no_adapter(source: Source) -> String {
    // Every build reads canonical records (without their reader, as a rejection naming it),
    // and `auto` is resolved before this.
    if matches!(source, Source::Canonical | Source::Auto) {
        return "no adapter".into();
    }
    Error::not_in_build(&format!("{} adapter", source.label()), source.as_str()).message
}

/// Converts element `i` of a split input (`raw`), with the keys the scan found in it.
fn convert_element<'a>(
    elements: &Elements<'a>,
    i: usize,
    raw: &'a str,
    run: &Run,
    at: &mut Cursor<'_>,
) -> Result<std::result::Result<Converted<'a>, Rejection>> {
    let keys = elements.keys.get(i).copied().flatten();
    convert_one(raw, keys.as_ref(), run, elements.hint, at, elements.text())
}

/// Converts one element; a syntax error inside it is an error of the whole input.
fn convert_one<'a>(
    raw: &'a str,
    keys: Option<&KeySet>,
    run: &Run,
    hint: Option<Source>,
    at: &mut Cursor<'_>,
    text: &'a str,
) -> Result<std::result::Result<Converted<'a>, Rejection>> {
    let mut converted = if keys.is_some_and(|k| k.any(key_set!["bundle"])) {
        convert_bundle(raw, run, at, text)?
    } else {
        match choose(raw, keys, run, hint, at) {
            Ok(s) => match source::adapter(s) {
                Some(a) => a.convert(raw, &run.context, at),
                None => Err(at.reject("", no_adapter(s))),
            },
            Err(r) => Err(r),
        }
    };
    if let Some(err) = at.syntax.take() {
        return Err(syntax_at(text, raw, &err));
    }
    if let Ok(Converted {
        record: Some(record),
        ..
    }) = &mut converted
    {
        crate::record::url::drop_disallowed(record, at);
    }
    // The input scan skips values without reading them, and an adapter can stop at a wrong type
    // before it reaches a malformed part: a rejected element is read once more in full, so that
    // malformed JSON is always an error naming its line and column, never a rejection.
    if converted.is_err()
        && let Err(err) = crate::util::json::from_str::<serde::de::IgnoredAny>(raw)
        && matches!(
            err.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        )
    {
        return Err(syntax_at(text, raw, &err));
    }
    Ok(converted)
}

fn syntax_at(text: &str, raw: &str, err: &serde_json::Error) -> Error {
    let offset = (raw.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    Elements::syntax_error_at(text, offset, err)
}

/// The rejection of a bundle inside a bundle.
const NESTED_BUNDLE: &str = "a bundle inside a bundle: bundles do not nest (put the record and its related payloads in one bundle)";

fn convert_bundle<'a>(
    raw: &'a str,
    run: &Run,
    at: &mut Cursor<'_>,
    text: &'a str,
) -> Result<std::result::Result<Converted<'a>, Rejection>> {
    let bundle: Bundle<'a> = match crate::util::json::from_str(raw) {
        Ok(b) => b,
        Err(e) => return Ok(Err(at.parse_failure(e, raw))),
    };
    let tool = match bundle.bundle.as_deref().map(Source::parse).transpose() {
        Ok(t) => t,
        Err(e) => return Ok(Err(at.reject(".bundle", e.message))),
    };
    let run_for = |s: Option<Source>| Run {
        source: s.unwrap_or(run.source),
        ..run.clone()
    };
    let inner_run = run_for(tool);
    let record_raw = bundle.record.get();
    let record_keys = source::top_level_keys(record_raw);
    // Bundles do not nest: one level keeps conversion flat (a chain of bundles inside bundles
    // would recurse once per level and exhaust the stack, natively and in wasm).
    if record_keys.is_some_and(|k| k.any(key_set!["bundle"])) {
        return Ok(Err(at.reject(".record", NESTED_BUNDLE)));
    }
    // The bundle's own members are not those of the payloads inside it.
    at.members = None;
    let base = at.path().to_string();
    at.set_path(format!("{base}.record"));
    let main = match convert_one(record_raw, record_keys.as_ref(), &inner_run, None, at, text)? {
        Ok(c) => c,
        Err(r) => {
            at.set_path(base);
            return Ok(Err(r));
        }
    };
    let main_id = main.record.as_ref().map(|r| r.id.clone());
    let mut out = main;
    let related: Vec<(String, &'a RawValue)> = match bundle
        .related
        .map(|r| (r, r.get().trim_start().as_bytes().first().copied()))
    {
        None => Vec::new(),
        Some((r, Some(b'['))) => match crate::util::json::from_str::<Vec<&'a RawValue>>(r.get()) {
            Ok(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, r)| (format!(".related[{i}]"), r))
                .collect(),
            Err(e) => return Ok(Err(at.reject(".related", format!("related payloads: {e}")))),
        },
        // Sorted by name as a `BTreeMap` would be, without a B-tree of its own.
        Some((r, Some(b'{'))) => match crate::util::json::from_str::<
            crate::util::vec_map::VecMap<Text<'a>, &'a RawValue>,
        >(r.get())
        {
            Ok(map) => {
                let mut out = Vec::new();
                for (name, &value) in &map {
                    // A named entry holds a list of payloads, or one payload.
                    match crate::util::json::from_str::<Vec<&'a RawValue>>(value.get()) {
                        Ok(items) => out.extend(
                            items
                                .into_iter()
                                .enumerate()
                                .map(|(i, r)| (format!(".related.{name}[{i}]"), r)),
                        ),
                        Err(_) => out.push((format!(".related.{name}"), value)),
                    }
                }
                out
            }
            Err(e) => return Ok(Err(at.reject(".related", format!("related payloads: {e}")))),
        },
        Some(_) => {
            return Ok(Err(at.reject(
                ".related",
                "related payloads must be a list or an object of lists",
            )));
        }
    };
    for (path, raw_related) in related {
        let rel = raw_related.get();
        let keys = source::top_level_keys(rel);
        if keys.is_some_and(|k| k.any(key_set!["bundle"])) {
            at.set_path(base);
            return Ok(Err(at.reject(&path, NESTED_BUNDLE)));
        }
        at.set_path(format!("{base}{path}"));
        match convert_one(rel, keys.as_ref(), &inner_run, tool, at, text)? {
            Ok(c) => {
                for mut a in c.attach {
                    // Related payloads fetched for this record belong to it unless they say otherwise.
                    if a.target.is_blank()
                        && let Some(id) = &main_id
                    {
                        a.target = id.clone();
                    }
                    out.attach.push(a);
                }
                if let Some(r) = c.record {
                    // A related payload that is a record of its own (a task_sla row) is kept as one
                    // by attaching it later; bundles hold one main record, so it is warned about.
                    at.warn("", format!("related payload {} is a record of its own and was not evaluated separately", r.id), rel);
                }
            }
            Err(r) => at.warn("", format!("related payload skipped: {}", r.message), rel),
        }
    }
    at.set_path(base);
    Ok(Ok(out))
}

/// Converts every element of an input, joins related pieces, and returns the records.
pub fn convert_all<'a>(elements: &Elements<'a>, first_index: u64, run: &Run) -> Result<Batch<'a>> {
    convert_all_with(elements, first_index, run, &mut |_| {})
}

/// [`convert_all`], telling `converted` how many elements are done every [`PROGRESS_STEP`].
pub fn convert_all_with<'a>(
    elements: &Elements<'a>,
    first_index: u64,
    run: &Run,
    converted: &mut dyn FnMut(usize),
) -> Result<Batch<'a>> {
    convert_elements(elements, first_index, run, converted, None)
}

/// [`convert_all_with`] for a chunk of a streamed input: elements whose related payloads are
/// elsewhere in the input (per the stream's first pass) are held back in `stream` instead of
/// converted into the batch; [`Stream::release`] gives them back once all their pieces are in.
pub fn convert_streamed<'a>(
    elements: &Elements<'a>,
    first_index: u64,
    run: &Run,
    converted: &mut dyn FnMut(usize),
    stream: &mut Stream,
) -> Result<Batch<'a>> {
    convert_elements(elements, first_index, run, converted, Some(stream))
}

fn convert_elements<'a>(
    elements: &Elements<'a>,
    first_index: u64,
    run: &Run,
    converted: &mut dyn FnMut(usize),
    mut stream: Option<&mut Stream>,
) -> Result<Batch<'a>> {
    let mut batch = Batch {
        // Most elements are records: reserved once rather than grown by copying.
        records: Vec::with_capacity(elements.items.len()),
        rejected: Vec::new(),
        warnings: Vec::new(),
        joined: 0,
        unjoined: 0,
        grouped: Vec::new(),
    };
    let mut attachments: Vec<(u64, String, Attach<'a>)> = Vec::new();
    let mut grouped = GroupedNotes::default();
    // A Jira search page's `names` serve every issue on it (read once per input).
    let with_names;
    let run = match elements.page_names.map(page_names) {
        Some(names) if !names.is_empty() => {
            let mut r = run.clone();
            r.context.page_names = names;
            with_names = r;
            &with_names
        }
        _ => run,
    };
    for (i, raw) in elements.items.iter().enumerate() {
        if i % PROGRESS_STEP == 0 && i > 0 {
            converted(i);
        }
        let index = first_index + i as u64;
        let warned = batch.warnings.len();
        let mut at = Cursor::element(elements, i, index, &mut batch.warnings);
        match convert_element(elements, i, raw, run, &mut at)? {
            Ok(c) if stream.as_deref_mut().is_some_and(|s| s.hold(&c, &at, raw)) => {
                // Converted again, with its related pieces, when released.
                batch.warnings.truncate(warned);
            }
            Ok(c) => {
                // Notes about the record (keyed by its number …) count only when there is one.
                if c.record.is_some() && !at.grouped.is_empty() {
                    let notes = std::mem::take(&mut at.grouped);
                    grouped.add(index, at.path(), notes);
                }
                if c.record.is_none() {
                    batch.joined += 1;
                }
                for a in c.attach {
                    attachments.push((index, at.path().to_string(), a));
                }
                if let Some(r) = c.record {
                    batch.records.push(r);
                }
            }
            Err(r) => batch.rejected.push(r),
        }
    }
    join(&mut batch, attachments);
    batch.grouped = grouped.seen;
    Ok(batch)
}

#[cfg(test)]
mod tests;
