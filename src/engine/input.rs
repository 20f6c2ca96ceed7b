//! From input text to records: each element converted once by its adapter (detected for
//! `auto`), related pieces (SLA clocks, approvals, links, history) joined to their records by
//! id or number within the same input, and bundles (a record with its related payloads in one
//! element) unpacked.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::Run;
use crate::error::{Error, Result};
use crate::record::source::history::{self, Event};
use crate::record::source::{
    self, Attach, Attachment, Converted, Cursor, Detected, Elements, Grouped, GroupedCount, KeySet,
    Rejection, Source, Warning,
};
use crate::record::{Field, Record, SlaSource, Text};

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
                    found.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" and ")
                ),
            )),
        },
        Detected::None => match hint {
            Some(h) => Ok(h),
            None => Err(at.reject(
                "",
                "cannot tell which tool this record comes from (no ServiceNow, Jira, GLPI, Zammad, iTop, Znuny, Freshservice or canonical fields); pass `source`",
            )),
        },
    }
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
    let converted = if keys.is_some_and(|k| k.has("bundle")) {
        convert_bundle(raw, run, at, text)?
    } else {
        match choose(raw, keys, run, hint, at) {
            Ok(s) => match source::adapter(s) {
                Some(a) => a.convert(raw, &run.context, at),
                None => Err(at.reject("", "no adapter")),
            },
            Err(r) => Err(r),
        }
    };
    if let Some(err) = at.syntax.take() {
        return Err(syntax_at(text, raw, &err));
    }
    let mut converted = converted;
    if let Ok(Converted {
        record: Some(record),
        ..
    }) = &mut converted
        && let Some(url) = record
            .origin
            .url
            .take_if(|u| !crate::record::url::allowed(u))
    {
        at.warn("origin.url", crate::record::url::DROPPED, &url);
    }
    // The input scan skips values without reading them, and an adapter can stop at a wrong type
    // before it reaches a malformed part: a rejected element is read once more in full, so that
    // malformed JSON is always an error naming its line and column, never a rejection.
    if converted.is_err()
        && let Err(err) = serde_json::from_str::<serde::de::IgnoredAny>(raw)
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
    let bundle: Bundle<'a> = match serde_json::from_str(raw) {
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
    if record_keys.is_some_and(|k| k.has("bundle")) {
        return Ok(Err(at.reject(".record", NESTED_BUNDLE)));
    }
    // The bundle's own members are not those of the payloads inside it.
    at.members = None;
    let base = at.path.clone();
    at.path = format!("{base}.record");
    let main = match convert_one(record_raw, record_keys.as_ref(), &inner_run, None, at, text)? {
        Ok(c) => c,
        Err(r) => {
            at.path = base;
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
        Some((r, Some(b'['))) => match serde_json::from_str::<Vec<&'a RawValue>>(r.get()) {
            Ok(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, r)| (format!(".related[{i}]"), r))
                .collect(),
            Err(e) => return Ok(Err(at.reject(".related", format!("related payloads: {e}")))),
        },
        Some((r, Some(b'{'))) => match serde_json::from_str::<
            std::collections::BTreeMap<Text<'a>, &'a RawValue>,
        >(r.get())
        {
            Ok(map) => {
                let mut out = Vec::new();
                for (name, value) in map {
                    // A named entry holds a list of payloads, or one payload.
                    match serde_json::from_str::<Vec<&'a RawValue>>(value.get()) {
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
        if keys.is_some_and(|k| k.has("bundle")) {
            at.path = base;
            return Ok(Err(at.reject(&path, NESTED_BUNDLE)));
        }
        at.path = format!("{base}{path}");
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
    at.path = base;
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
        records: Vec::new(),
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
        let mut at = Cursor::new(index, elements.path_at(i, index), &mut batch.warnings);
        at.members = elements.members_of(i);
        let keys = elements.keys.get(i).copied().flatten();
        match convert_one(
            raw,
            keys.as_ref(),
            run,
            elements.hint,
            &mut at,
            elements.text(),
        )? {
            Ok(c)
                if stream
                    .as_deref_mut()
                    .is_some_and(|s| s.hold(&c, index, &at.path, raw)) =>
            {
                // Converted again, with its related pieces, when released.
                batch.warnings.truncate(warned);
            }
            Ok(c) => {
                let path = at.path.clone();
                // Notes about the record (keyed by its number …) count only when there is one.
                if c.record.is_some() {
                    grouped.add(index, &path, std::mem::take(&mut at.grouped));
                }
                if c.record.is_none() {
                    batch.joined += 1;
                }
                for a in c.attach {
                    attachments.push((index, path.clone(), a));
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

/// Notes the adapters leave for the whole input ([`Grouped`]): how many elements each concerns,
/// and the first of them, in the order they first occurred.
#[derive(Default)]
struct GroupedNotes {
    seen: Vec<GroupedCount>,
}

impl GroupedNotes {
    fn add(&mut self, index: u64, path: &str, notes: Vec<(Grouped, String)>) {
        for (note, value) in notes {
            match self.seen.iter_mut().find(|s| s.note == note) {
                Some(s) => s.count += 1,
                None => self.seen.push(GroupedCount {
                    note,
                    count: 1,
                    index,
                    path: path.to_string(),
                    value,
                }),
            }
        }
    }
}

/// Field id → name of a `names` expansion (members whose value is not a string are skipped; a
/// malformed one gives none, and the issues are read without names as they would be alone).
fn page_names(text: &str) -> std::collections::BTreeMap<String, String> {
    serde_json::from_str::<std::collections::BTreeMap<String, serde_json::Value>>(text)
        .map(|m| {
            // Inserted in turn: a `collect` into a map instantiates a sort (see util::sort).
            crate::util::sort::map_from(m.into_iter().filter_map(|(k, v)| match v {
                serde_json::Value::String(s) => Some((k, s)),
                _ => None,
            }))
        })
        .unwrap_or_default()
}

/// Elements (or records) between two progress reports.
pub const PROGRESS_STEP: usize = 1024;

/// Attaches related pieces to their records (by id, then by number).
fn join<'a>(batch: &mut Batch<'a>, attachments: Vec<(u64, String, Attach<'a>)>) {
    if attachments.is_empty() {
        return;
    }
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, r) in batch.records.iter().enumerate() {
        if let Some(n) = &r.number {
            by_key.entry(n.to_string()).or_insert(i);
        }
    }
    for (i, r) in batch.records.iter().enumerate() {
        by_key.insert(r.id.to_string(), i);
    }
    // Tools whose ids are per type (GLPI: Ticket 5, Problem 5) name the type in the pieces
    // that relate to a record: `table/id` (indexed only when some piece asks that way).
    if attachments.iter().any(|(_, _, a)| a.target.contains('/')) {
        for (i, r) in batch.records.iter().enumerate() {
            if let Some(table) = &r.origin.table {
                by_key.insert(format!("{}/{}", &**table, &*r.id), i);
            }
        }
    }
    let mut events: HashMap<usize, Vec<Event<'a>>> = HashMap::new();
    for (index, path, a) in attachments {
        let found = by_key
            .get(&*a.target)
            .or_else(|| a.also.as_ref().and_then(|also| by_key.get(&**also)));
        let Some(&target) = found else {
            batch.unjoined += 1;
            batch.warnings.push(Warning {
                index,
                path,
                message: format!(
                    "related to {}, which is not in this input: not joined",
                    a.target
                ),
                value: String::new(),
            });
            continue;
        };
        let Some(record) = batch.records.get_mut(target) else {
            continue;
        };
        match a.what {
            Attachment::Sla(entry) => {
                let sla = record.sla.get_or_insert_with(Vec::new);
                // The tool's SLA rows decide over the verdict fields on the record itself.
                if entry.source == Some(SlaSource::SlaRows) {
                    sla.retain(|e| e.source != Some(SlaSource::VerdictField));
                }
                sla.push(entry);
            }
            Attachment::Approval(approval) => {
                record.approvals.get_or_insert_with(Vec::new).push(approval)
            }
            Attachment::Link(link) => {
                let links = record.links.get_or_insert_with(Vec::new);
                if !links
                    .iter()
                    .any(|l| l.rel == link.rel && l.target == link.target)
                {
                    links.push(link);
                }
            }
            Attachment::Event(e) => events.entry(target).or_default().push(e),
            Attachment::Set(value) => assign(record, value),
        }
    }
    for (target, evs) in events {
        let Some(record) = batch.records.get_mut(target) else {
            continue;
        };
        apply_history(record, &evs);
    }
    // Approvals joined from their own payloads give the record's summary when it has none.
    for record in &mut batch.records {
        if record.approval.value().is_none()
            && let Some(list) = record.approvals.as_ref().filter(|l| !l.is_empty())
        {
            record.approval = Field::Value(summarise(list));
        }
    }
}

/// The overall decision of a set of approvals: any rejection rejects; all approved (or not
/// required) approves; otherwise it is still requested.
fn summarise(list: &[crate::record::Approval<'_>]) -> crate::record::ApprovalState {
    use crate::record::ApprovalState as A;
    if list.iter().any(|a| a.state == A::Rejected) {
        A::Rejected
    } else if list
        .iter()
        .all(|a| matches!(a.state, A::Approved | A::NotRequired | A::Cancelled))
        && list.iter().any(|a| a.state == A::Approved)
    {
        A::Approved
    } else {
        A::Requested
    }
}

/// Sets a field supplied by a related payload, unless the record carries a value of its own.
fn assign<'a>(record: &mut Record<'a>, value: source::Assigned<'a>) {
    use source::Assigned as A;
    fn fill<'a>(field: &mut Field<Text<'a>>, value: Text<'a>) {
        if field.value().is_none() {
            *field = Field::Value(value);
        }
    }
    match value {
        A::Requester(v) => fill(&mut record.requester, v),
        A::Assignee(v) => fill(&mut record.assignee, v),
        A::AssignmentGroup(v) => fill(&mut record.assignment_group, v),
        A::ResolutionCode(v) | A::ResolutionNotes(v)
            if record.kind != crate::record::Kind::Incident =>
        {
            // Only incidents have resolution fields; problems and changes keep theirs elsewhere.
            let _ = v;
        }
        A::ResolutionCode(v) => fill(
            &mut record
                .incident
                .get_or_insert_with(Default::default)
                .resolution_code,
            v,
        ),
        A::ResolutionNotes(v) => fill(
            &mut record
                .incident
                .get_or_insert_with(Default::default)
                .resolution_notes,
            v,
        ),
    }
}

/// Reopen and reassignment counts from history, where the record does not carry its own.
pub fn apply_history(record: &mut Record<'_>, events: &[Event<'_>]) {
    use history::EventField;
    let (reopened, reassigned) = history::counts(events);
    // A count is only evidence when the trail holds events of its kind (an export of assignment
    // changes alone says nothing about reopening).
    let has = |f: EventField| events.iter().any(|e| e.field == f);
    let reopened = has(EventField::State).then_some(reopened);
    let reassigned = has(EventField::AssignmentGroup).then_some(reassigned);
    if record.kind != crate::record::Kind::Incident {
        return;
    }
    let d = record.incident.get_or_insert_with(Default::default);
    if let (None, Some(n)) = (d.reopen_count.value(), reopened) {
        d.reopen_count = Field::Value(n);
    }
    if let (None, Some(n)) = (d.reassignment_count.value(), reassigned) {
        d.reassignment_count = Field::Value(n);
    }
}

/// A CSV list export turned into JSON for the pipeline, when the input is one.
pub fn prepare_csv(input: &str, run: &Run) -> Result<Option<source::csv::CsvInput>> {
    if !source::csv::looks_like_csv(input) {
        return Ok(None);
    }
    source::csv::convert(input, run.source, &run.context).map(Some)
}

/// The adapter that reads the JSON made from a CSV export: ServiceNow rows keep ServiceNow
/// fields, Jira and GLPI rows are canonical records.
pub fn csv_source(csv: &source::csv::CsvInput) -> Source {
    if csv.tool == Source::ServiceNow {
        Source::ServiceNow
    } else {
        Source::Canonical
    }
}

/// Puts rejections and warnings of a CSV export back on its rows and lines.
pub fn remap_csv(batch: &mut Batch<'_>, csv: &source::csv::CsvInput, first_index: u64) {
    let place = |index: u64, path: &str| -> (u64, String) {
        let k = index.saturating_sub(first_index) as usize;
        match csv.rows.get(k) {
            Some(origin) => {
                let element = format!("$[{index}]");
                let inner = path
                    .strip_prefix(&element)
                    .unwrap_or(path)
                    .trim_start_matches('.');
                let path = if inner.is_empty() {
                    format!("line {}", origin.line)
                } else {
                    format!("line {}: {inner}", origin.line)
                };
                (first_index + origin.row, path)
            }
            None => (index, path.to_string()),
        }
    };
    for r in &mut batch.rejected {
        (r.index, r.path) = place(r.index, &r.path);
    }
    for w in &mut batch.warnings {
        (w.index, w.path) = place(w.index, &w.path);
        // Advice for a CSV, not for the REST API the adapter's message has in mind.
        if w.message.contains("sysparm_display_value") {
            w.message = source::mapping::UNREADABLE_DATE.to_string();
        }
    }
    for r in &mut batch.records {
        r.origin.shape = Some(Text::borrowed("list-csv"));
    }
    // What the reader inferred about the file, once, on its header; then the rows' own notes.
    let notes = csv.notes.iter().map(|n| Warning {
        index: first_index,
        path: match &n.column {
            Some(c) => format!("line 1: {c}"),
            None => "line 1".to_string(),
        },
        message: n.message.clone(),
        value: n.value.clone(),
    });
    let rows = csv.row_warnings.iter().map(|w| Warning {
        index: first_index + w.origin.row,
        path: format!("line {}: {}", w.origin.line, w.field),
        message: w.message.clone(),
        value: w.value.clone(),
    });
    let mut warnings: Vec<Warning> = notes.chain(rows).collect();
    warnings.append(&mut batch.warnings);
    batch.warnings = warnings;
}

/// A large input read in chunks (the CLI's streamed file), in two passes, so that related
/// payloads (SLA rows, approvals, links, audit rows …) stay joined to records in other chunks.
///
/// The first pass ([`Stream::scan`]) converts each chunk and keeps only the keys that related
/// payloads name (their record's id or number) with how many name each, and the latest time
/// (the run's "as of" when the data sets it). The second pass pushes the chunks: an element
/// with a key of that list (a record that has related payloads, or such a payload) is held back
/// as its JSON text until every payload naming its key has been read, then converted with them
/// in one batch. Memory: the keys (a few dozen bytes per related record) and the held elements,
/// which in an export ordered by time are the few records whose pieces have not come yet; past
/// `limit` bytes the oldest are released as they are (their late pieces reported `unjoined`).
pub struct Stream {
    expected: HashMap<String, u32>,
    seen: HashMap<String, u32>,
    present: std::collections::HashSet<String>,
    held: std::collections::VecDeque<Held>,
    held_bytes: usize,
    /// Held bytes above which the oldest held elements are released unjoined.
    pub limit: usize,
    /// The latest primary time of the records read by the first pass.
    pub latest: Option<crate::record::Instant>,
    /// Elements the first pass read.
    pub scanned: u64,
    /// Elements released because of `limit` before all their pieces were read.
    pub forced: u64,
    /// The largest number of held bytes at any time.
    pub peak_held: usize,
    /// True once the second pass started (the first pass is closed).
    pub pushing: bool,
}

/// An element held back by the second pass.
pub struct Held {
    pub index: u64,
    pub path: String,
    pub text: String,
    /// Its keys of the first pass's list: the record's own (`own`) and the ones its pieces name.
    own: Vec<String>,
    names: Vec<String>,
}

impl Default for Stream {
    fn default() -> Stream {
        Stream {
            expected: HashMap::new(),
            seen: HashMap::new(),
            present: Default::default(),
            held: Default::default(),
            held_bytes: 0,
            limit: 256 << 20,
            latest: None,
            scanned: 0,
            forced: 0,
            peak_held: 0,
            pushing: false,
        }
    }
}

/// The keys a record is joined by (its number, its id, `table/id`).
fn own_keys(record: Option<&Record<'_>>) -> Vec<String> {
    let Some(r) = record else {
        return Vec::new();
    };
    let mut keys = vec![r.id.to_string()];
    if let Some(n) = &r.number {
        keys.push(n.to_string());
    }
    if let Some(table) = &r.origin.table {
        keys.push(format!("{}/{}", &**table, &*r.id));
    }
    keys
}

/// The keys the element's related pieces name that are not its own record's (a bundle joins
/// its own pieces).
fn named_keys(c: &Converted<'_>, own: &[String]) -> Vec<String> {
    let mut names = Vec::new();
    for a in &c.attach {
        let keys = std::iter::once(&a.target).chain(a.also.as_ref());
        if keys.clone().any(|k| own.iter().any(|o| **o == **k)) {
            continue;
        }
        for k in keys {
            if !names.iter().any(|n: &String| **n == **k) {
                names.push(k.to_string());
            }
        }
    }
    names
}

impl Stream {
    /// The first pass over one chunk: the keys related pieces name, and the latest time.
    pub fn scan(&mut self, elements: &Elements<'_>, first_index: u64, run: &Run) -> Result<()> {
        let mut warnings = Vec::new();
        for (i, raw) in elements.items.iter().enumerate() {
            let index = first_index + i as u64;
            warnings.clear();
            let mut at = Cursor::new(index, elements.path_at(i, index), &mut warnings);
            let keys = elements.keys.get(i).copied().flatten();
            let converted = convert_one(
                raw,
                keys.as_ref(),
                run,
                elements.hint,
                &mut at,
                elements.text(),
            )?;
            self.scanned += 1;
            let Ok(c) = converted else { continue };
            if let Some(t) = c.record.as_ref().and_then(Record::primary_time) {
                self.latest = Some(self.latest.map_or(t, |l| l.max(t)));
            }
            let own = own_keys(c.record.as_ref());
            for k in named_keys(&c, &own) {
                *self.expected.entry(k).or_default() += 1;
            }
        }
        Ok(())
    }

    /// Holds the element back when it has pieces elsewhere in the input (second pass).
    fn hold(&mut self, c: &Converted<'_>, index: u64, path: &str, raw: &str) -> bool {
        if self.expected.is_empty() {
            return false;
        }
        let own: Vec<String> = own_keys(c.record.as_ref())
            .into_iter()
            .filter(|k| self.expected.contains_key(k))
            .collect();
        let names = named_keys(c, &own_keys(c.record.as_ref()));
        if own.is_empty() && names.is_empty() {
            return false;
        }
        for k in &own {
            self.present.insert(k.clone());
        }
        for k in &names {
            *self.seen.entry(k.clone()).or_default() += 1;
        }
        self.held_bytes += raw.len();
        self.peak_held = self.peak_held.max(self.held_bytes);
        self.held.push_back(Held {
            index,
            path: path.to_string(),
            text: raw.to_string(),
            own,
            names,
        });
        true
    }

    fn complete(&self, key: &str) -> bool {
        self.seen.get(key).copied().unwrap_or(0) >= self.expected.get(key).copied().unwrap_or(0)
    }

    /// Held elements whose pieces are all in (all of them with `all`), oldest first; past the
    /// limit, the oldest others too.
    pub fn release(&mut self, all: bool) -> Vec<Held> {
        let mut out = Vec::new();
        let mut keep = std::collections::VecDeque::new();
        let mut over = self.held_bytes.saturating_sub(self.limit);
        for h in std::mem::take(&mut self.held) {
            let ready = if h.own.is_empty() {
                h.names
                    .iter()
                    .any(|k| self.present.contains(k) && self.complete(k))
            } else {
                h.own.iter().all(|k| self.complete(k))
            };
            if all || ready {
                self.held_bytes -= h.text.len();
                out.push(h);
            } else if over > 0 {
                over = over.saturating_sub(h.text.len());
                self.held_bytes -= h.text.len();
                self.forced += 1;
                out.push(h);
            } else {
                keep.push_back(h);
            }
        }
        self.held = keep;
        out
    }
}

/// Released elements as one JSON array, to be converted together (their pieces join).
pub fn held_text(held: &[Held]) -> String {
    let mut text = String::with_capacity(held.iter().map(|h| h.text.len() + 1).sum::<usize>() + 2);
    text.push('[');
    for (i, h) in held.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&h.text);
    }
    text.push(']');
    text
}

/// Puts the rejections and warnings of released elements back on their places in the input.
pub fn remap_held(batch: &mut Batch<'_>, held: &[Held]) {
    let place = |index: u64, path: &str| -> (u64, String) {
        match held.get(index as usize) {
            Some(h) => {
                let rest = path.strip_prefix(&format!("$[{index}]")).unwrap_or("");
                (h.index, format!("{}{rest}", h.path))
            }
            None => (index, path.to_string()),
        }
    };
    for r in &mut batch.rejected {
        (r.index, r.path) = place(r.index, &r.path);
    }
    for w in &mut batch.warnings {
        (w.index, w.path) = place(w.index, &w.path);
    }
    for g in &mut batch.grouped {
        (g.index, g.path) = place(g.index, &g.path);
    }
}

#[cfg(test)]
mod tests {
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
        assert!(
            report.contains("4 record(s) were evaluated before all their related rows were read")
        );
        Ok(())
    }
}
