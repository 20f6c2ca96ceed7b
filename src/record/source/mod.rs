//! Source adapters: from a tool's payload to canonical records.
//!
//! The seam is [`Adapter`]: it turns one element of the input into a [`Record`] or a
//! [`Rejection`], reporting softer problems as [`Warning`]s. Splitting the input into elements
//! (plain arrays, `{"result": …}` pages, `{"records": …}` envelopes, a single object) is shared,
//! so a new tool only writes its element conversion and its detection, and declares on its
//! [`Adapter`] the envelopes it wraps records in, the keys that mark its records and the link
//! relations its payloads carry. Shared code asks the registry ([`adapter`], [`tools`]) for
//! these; the tool itself is one line of `registry!` (its module, adapter and cargo feature) and
//! a variant of [`Source`] (which names it in reports), and the top-level keys its detection
//! reads join the signature list in `envelope/keys.rs` (a compile-time `match`, read for every
//! key of every record). What the ticket tools share is in `ticket_tools/`.

pub mod bytes;
pub(crate) mod canonical;
mod context;
#[cfg(feature = "csv")]
pub mod csv;
// Without the CSV reader, only its sniff: CSV input is refused by name (`E_NOT_IN_BUILD`).
#[cfg(not(feature = "csv"))]
#[path = "csv/absent.rs"]
pub mod csv;
pub mod doc;
mod envelope;
pub mod history;
pub mod locate;
#[cfg(feature = "mapping")]
pub mod mapping;
// Without mappings, the option and `proposeMapping` answer `E_NOT_IN_BUILD`.
#[cfg(not(feature = "mapping"))]
#[path = "mapping/absent.rs"]
pub mod mapping;
#[cfg(any(
    feature = "glpi",
    feature = "itop",
    feature = "zammad",
    feature = "znuny",
    feature = "freshservice"
))]
mod ticket_tools;

use std::cell::OnceCell;

use serde::{Deserialize, Serialize};

use super::Record;
use super::value::{Field, Text};
use super::{Approval, Link, SlaEntry};
use crate::error::Result;
use crate::util::string_enum::string_enum;

use canonical::Canonical;
pub use context::{Context, InstanceContext};
pub(crate) use envelope::key_set;
pub use envelope::{
    Cutter, Elements, Envelope, Holds, KeySet, Member, Stop, split, split_points, top_level_keys,
};
/// The live form's reading of ServiceNow fields (`ffi::form`).
#[cfg(feature = "servicenow")]
pub use servicenow::form as servicenow_form;

impl Source {
    /// The tools, in `registry!` order: every source but `auto`, which it declares last.
    pub const TOOLS: &'static [Source] = match Source::ALL.split_last() {
        Some((Source::Auto, tools)) => tools,
        _ => panic!("Source::Auto must be the last source"),
    };

    /// The tool's name as people write it (messages).
    pub fn label(self) -> &'static str {
        match self {
            Source::Canonical => "canonical",
            Source::ServiceNow => "ServiceNow",
            Source::Jira => "Jira",
            Source::Glpi => "GLPI",
            Source::Zammad => "Zammad",
            Source::Itop => "iTop",
            Source::Znuny => "Znuny",
            Source::Freshservice => "Freshservice",
            Source::Auto => "auto",
        }
    }
}

/// A tool's name (any case; `otrs`, `jsm` and `jira-service-management` are aliases) or `auto`.
fn read_source(text: &str) -> Option<Source> {
    let text = text.trim().to_ascii_lowercase();
    let found = Source::ALL.iter().find(|s| s.as_str() == text);
    match (found, text.as_str()) {
        (Some(s), _) => Some(*s),
        (None, "otrs") => Some(Source::Znuny),
        (None, "jsm" | "jira-service-management") => Some(Source::Jira),
        (None, _) => None,
    }
}

/// Why a source is refused: the sentence lists `auto` and the tools.
fn refuse_source(text: &str) -> String {
    format!(
        "unknown source {:?}; expected auto, {}",
        text.trim().to_ascii_lowercase(),
        Source::TOOLS
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// What one element of the input became: a record, things to attach to other records of the
/// same input (SLA clocks, approvals, links, history), or both (a ServiceNow `task_sla` row is
/// an SLA measurement and a clock of its task). The default is nothing (a row that only warns).
#[derive(Default)]
pub struct Converted<'a> {
    pub record: Option<Record<'a>>,
    pub attach: Vec<Attach<'a>>,
}

impl<'a> Converted<'a> {
    /// No record of its own: only pieces of other records.
    pub fn attachments(attach: Vec<Attach<'a>>) -> Converted<'a> {
        Converted {
            record: None,
            attach,
        }
    }

    /// No record of its own: only pieces of the record `target` (SLA clocks, approvals, history).
    pub fn attached_to(
        target: Text<'a>,
        what: impl IntoIterator<Item = Attachment<'a>>,
    ) -> Converted<'a> {
        Converted {
            record: None,
            attach: what
                .into_iter()
                .map(|what| Attach::new(target.clone(), what))
                .collect(),
        }
    }
}

impl<'a> From<Record<'a>> for Converted<'a> {
    fn from(record: Record<'a>) -> Converted<'a> {
        Converted {
            record: Some(record),
            attach: Vec::new(),
        }
    }
}

/// A piece of another record, joined to it by id (or number) within the same input.
#[derive(Clone, Debug)]
pub struct Attach<'a> {
    /// The id (or the human number) of the record it belongs to.
    pub target: Text<'a>,
    /// Another key the row names the same record by (a reference's display value, which is the
    /// task's number, beside its sys_id): tried when no record has `target` as its id or number,
    /// so a row still joins a record that was keyed by its number.
    pub also: Option<Text<'a>>,
    pub what: Attachment<'a>,
}

impl<'a> Attach<'a> {
    /// `what`, for the record `target` (its id or number).
    pub fn new(target: Text<'a>, what: Attachment<'a>) -> Attach<'a> {
        Attach {
            target,
            also: None,
            what,
        }
    }
}

#[derive(Clone, Debug)]
pub enum Attachment<'a> {
    Sla(SlaEntry<'a>),
    Approval(Approval<'a>),
    Link(Link<'a>),
    /// A lifecycle event (from an audit trail or a list export's versions).
    Event(history::Event<'a>),
    /// A field carried by a related payload (GLPI actors, solutions …): set on the record when
    /// the record itself does not carry it.
    Set(Assigned<'a>),
}

/// Fields a related payload can supply.
#[derive(Clone, Debug)]
pub enum Assigned<'a> {
    Requester(Text<'a>),
    Assignee(Text<'a>),
    AssignmentGroup(Text<'a>),
    ResolutionCode(Text<'a>),
    ResolutionNotes(Text<'a>),
}

/// A record that could not be read. The rest of the batch is still evaluated.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Rejection {
    /// Position of the record in the input (0-based, across chunks of a session).
    pub index: u64,
    /// JSON path of the offending value, e.g. `$.result[3].opened_at`.
    pub path: String,
    pub message: String,
}

/// A value that was not understood; the record is still evaluated on what is known.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Warning {
    pub index: u64,
    pub path: String,
    pub message: String,
    /// The original value as JSON text.
    pub value: String,
}

/// Something true of many records of an input that is said once for the whole input rather
/// than once per record: the engine counts each kind per input and reports one warning with the
/// count and the first element (see [`Grouped::message`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "note")]
pub enum Grouped {
    /// The record lacked its tool's primary id (`primary`) and is keyed by the next stable key
    /// (`key`, its number or reference): links and related rows join it through that key only.
    KeyedBy {
        tool: String,
        primary: String,
        key: String,
    },
}

/// A [`Grouped`] note with how many elements it concerns and the first of them. Kept as a
/// count (in partial results too) so that chunks and workers merge into the one warning a
/// single pass gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupedCount {
    pub note: Grouped,
    pub count: u64,
    pub index: u64,
    pub path: String,
    pub value: String,
}

impl GroupedCount {
    /// The one warning this note gives.
    pub fn warning(&self) -> Warning {
        Warning {
            index: self.index,
            path: self.path.clone(),
            message: self.note.message(self.count, self.index),
            value: self.value.clone(),
        }
    }

    /// Adds `other` (the same note) to this count, keeping the first occurrence.
    pub fn absorb(&mut self, other: &GroupedCount) {
        self.count += other.count;
        if other.index < self.index {
            self.index = other.index;
            self.path.clone_from(&other.path);
            self.value.clone_from(&other.value);
        }
    }
}

/// Merges `add` into `into`, one entry per note.
pub fn merge_grouped(into: &mut Vec<GroupedCount>, add: &[GroupedCount]) {
    for g in add {
        match into.iter_mut().find(|s| s.note == g.note) {
            Some(s) => s.absorb(g),
            None => into.push(g.clone()),
        }
    }
    crate::util::sort::sort_by(into, |a, b| a.note.cmp(&b.note));
}

impl Grouped {
    /// The one warning for `count` elements, the first at `first`.
    pub fn message(&self, count: u64, first: u64) -> String {
        match self {
            Grouped::KeyedBy { tool, primary, key } => format!(
                "{count} {tool} record(s) had no {primary} and are keyed by their {key} instead (the first at index {first}): links and related rows join them on that key, so a row that names such a record only by its primary id is not joined to it; export the primary id too to join on it"
            ),
        }
    }
}

/// Where the current element sits, and where its warnings go.
pub struct Cursor<'w> {
    pub index: u64,
    /// Path of the element, e.g. `$[3]` or `$.result[3]`: written on first use (a warning or a
    /// rejection), because most elements never need it and building it cost more than the rest
    /// of an element's bookkeeping.
    path: OnceCell<String>,
    /// The split input and the element's position in it, to write the path from.
    place: Option<(&'w Elements<'w>, usize)>,
    pub warnings: &'w mut Vec<Warning>,
    /// Set by an adapter when the element is not well-formed JSON: the whole input is then
    /// malformed, which is an error of the call rather than a rejected record.
    pub syntax: Option<serde_json::Error>,
    /// Notes for the whole input (see [`Grouped`]), with the value each concerns; the engine
    /// collects them after each element.
    pub grouped: Vec<(Grouped, String)>,
    /// The element's top-level members as the input scan found and validated them, so an
    /// adapter reading from bytes need not scan the element again; `None` when not scanned so.
    pub members: Option<&'w [Member]>,
}

impl<'w> Cursor<'w> {
    /// A cursor on an element whose path is given (adapters' unit tests and the live form,
    /// which has no split input; the engine uses [`Cursor::element`]).
    pub fn new(index: u64, path: String, warnings: &'w mut Vec<Warning>) -> Cursor<'w> {
        Cursor {
            index,
            path: OnceCell::from(path),
            place: None,
            warnings,
            syntax: None,
            grouped: Vec::new(),
            members: None,
        }
    }

    /// A cursor on element `i` of `elements`, numbered `index` in the session; its path is
    /// written only if something asks for it.
    pub fn element(
        elements: &'w Elements<'w>,
        i: usize,
        index: u64,
        warnings: &'w mut Vec<Warning>,
    ) -> Cursor<'w> {
        Cursor {
            index,
            path: OnceCell::new(),
            place: Some((elements, i)),
            warnings,
            syntax: None,
            grouped: Vec::new(),
            // Every pass over an input's elements reads them from the scan's members: without
            // them a reader lexes the element's text again.
            members: elements.members_of(i),
        }
    }

    /// The element's JSON path (`$[3]`, `$.result[3]`, `$.objects["Ticket::1"]` …).
    pub fn path(&self) -> &str {
        self.path.get_or_init(|| match self.place {
            Some((elements, i)) => elements.path_at(i, self.index),
            None => String::new(),
        })
    }

    /// Points the cursor at a part of the element (a bundle's record or related payload), or
    /// back at the element.
    pub fn set_path(&mut self, path: String) {
        self.path = OnceCell::from(path);
    }

    /// Notes that the element's record is keyed by `key` (holding `value`) for want of its
    /// tool's `primary` id: one warning for the whole input says how many were.
    pub fn keyed_by(
        &mut self,
        tool: &'static str,
        primary: &'static str,
        key: &'static str,
        value: &str,
    ) {
        self.grouped.push((
            Grouped::KeyedBy {
                tool: tool.to_string(),
                primary: primary.to_string(),
                key: key.to_string(),
            },
            serde_json::to_string(value).unwrap_or_default(),
        ));
    }

    /// Turns a parse failure into a rejection, or records it as a syntax error of the input.
    ///
    /// Nesting deeper than serde_json's limit (128 levels), a lone surrogate escape or a number
    /// out of range are not syntax errors (`JSON.parse` accepts them): the element alone is
    /// rejected, with the path. The engine reads a rejected element once more with a scan that
    /// has no depth limit, so real syntax errors elsewhere in it still fail the input.
    pub fn parse_failure(&mut self, err: serde_json::Error, text: &str) -> Rejection {
        let inner = locate::path_of_error(text, &err);
        let message = crate::error::serde_message(&err);
        if let Some(problem) = value_problem(&message) {
            return self.reject(&inner, problem);
        }
        let syntax = matches!(
            err.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        );
        // serde reports some type errors as syntax ("expected value" for `true` where a text
        // code is expected): only an element that is not valid JSON makes the input malformed;
        // otherwise the one record is rejected.
        if syntax && crate::util::json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
            return self.reject(&inner, WRONG_TYPE);
        }
        let rejection = self.reject(&inner, message);
        if syntax {
            self.syntax = Some(err);
        }
        rejection
    }

    /// A warning about `field` of the element (`""`: the element itself).
    pub fn warn(&mut self, field: &str, message: impl Into<String>, value: &str) {
        let path = if field.is_empty() {
            self.path().to_string()
        } else {
            format!("{}.{field}", self.path())
        };
        self.warnings.push(Warning {
            index: self.index,
            path,
            message: message.into(),
            value: value.to_string(),
        });
    }

    pub fn reject(&self, inner: &str, message: impl Into<String>) -> Rejection {
        Rejection {
            index: self.index,
            path: format!("{}{inner}", self.path()),
            message: message.into(),
        }
    }
}

/// What serde_json's "expected value" on a well-formed element means: a code given as another
/// type (the canonical reader says it for the same values).
pub(crate) const WRONG_TYPE: &str =
    "a value of the wrong type (for example true or a number where a text code is expected)";

/// The rejection message for a serde_json error that is about one value of a well-formed
/// element rather than the input's syntax.
fn value_problem(message: &str) -> Option<&'static str> {
    if message.starts_with("recursion limit exceeded") {
        Some(
            "nested deeper than 128 levels of objects and arrays: the element is not read (the limit keeps every reader stack-safe)",
        )
    } else if message.starts_with("lone leading surrogate")
        || message.starts_with("unexpected end of hex escape")
        || message.starts_with("invalid unicode code point")
    {
        Some("a lone UTF-16 surrogate escape this adapter cannot read here")
    } else if message.starts_with("number out of range") {
        Some("a number out of range (beyond a double) this adapter cannot read here")
    } else {
        None
    }
}

/// What one element of the input became, or why it could not be read.
pub type Conversion<'a> = Result<Converted<'a>, Rejection>;

/// A tool's adapter. Its name (`origin.tool`) is its [`Source`]'s, given by the registry.
pub trait Adapter: Sync {
    /// Whether an element with these top-level keys looks like this tool's payload.
    fn detect(&self, keys: &KeySet) -> bool;

    /// Converts one element of the input.
    fn convert<'a>(&self, raw: &'a str, cx: &Context, at: &mut Cursor<'_>) -> Conversion<'a>;

    /// The envelopes the tool wraps its records in (`{"issues": […]}`): [`split`] asks every
    /// tool of the build, and an envelope's records are this tool's unless detection says
    /// otherwise.
    fn envelopes(&self) -> &'static [Envelope] {
        &[]
    }

    /// Top-level keys (signature keys) that make an object one of the tool's records rather than
    /// an envelope around them: a record may have a member named like an envelope.
    fn record_keys(&self) -> &'static [&'static str] {
        &[]
    }

    /// The link relations the tool's payloads can carry for a kind (`None`: any). A check asking
    /// for a relation the source never carries is not applicable rather than failed.
    fn carried_links(&self, _kind: super::Kind) -> Option<&'static [super::LinkRel]> {
        None
    }
}

/// Declares the registry: each tool's module (built with the cargo feature of the same name)
/// and [`adapter`], which gives its [`Source`] variant's adapter.
macro_rules! registry {
    ($($source:ident = $name:literal => $module:ident::$adapter:ident;)*) => {
        string_enum! {
            /// Which adapter reads an input.
            pub enum Source as option "source" ("source") reads read_source, refuses refuse_source {
                Canonical = "canonical",
                $($source = $name,)*
                /// Detect the tool for each record from its fields.
                Auto = "auto",
            }
        }

        $(
            #[cfg(feature = $name)]
            mod $module;
        )*

        /// The registry: the adapter of each tool this build has. A tool whose feature is off
        /// has none (a smaller build, e.g. `make wasm-servicenow`): auto-detection passes it
        /// over and an element sent to it is rejected.
        pub fn adapter(source: Source) -> Option<&'static dyn Adapter> {
            match source {
                Source::Canonical => Some(&Canonical),
                $(
                    #[cfg(feature = $name)]
                    Source::$source => Some(&$module::$adapter),
                )*
                // `auto`, and a tool whose feature is off.
                _ => None,
            }
        }

        /// The signature keys a tool of this build declares (none for `auto` and for a tool
        /// whose feature is off): `envelope/keys.rs` gathers them at compile time.
        pub(crate) const fn signature_keys(source: Source) -> &'static [&'static str] {
            match source {
                Source::Canonical => canonical::SIGNATURE_KEYS,
                $(
                    #[cfg(feature = $name)]
                    Source::$source => $module::SIGNATURE_KEYS,
                )*
                _ => &[],
            }
        }

        /// The keys a tool of this build reads from the input scan's members by name, beside
        /// its signature keys (`envelope/keys.rs` gives each a byte id in one table with them).
        pub(crate) const fn member_keys(source: Source) -> &'static [&'static str] {
            match source {
                $(
                    #[cfg(feature = $name)]
                    Source::$source => $module::MEMBER_KEYS,
                )*
                _ => &[],
            }
        }
    };
}

// One line a tool: its `Source` variant and name (its JSON text, `as_str`, the TypeScript and
// schema unions, and the cargo feature that builds it), its module and its adapter.
registry! {
    ServiceNow = "servicenow" => servicenow::ServiceNow;
    Jira = "jira" => jira::Jira;
    Glpi = "glpi" => glpi::Glpi;
    Zammad = "zammad" => zammad::Zammad;
    Itop = "itop" => itop::Itop;
    Znuny = "znuny" => znuny::Znuny;
    Freshservice = "freshservice" => freshservice::Freshservice;
}

/// What `auto` made of one element.
pub enum Detected {
    One(Source),
    /// No tool recognised the element.
    None,
    /// Several tools did: the element is rejected, naming them.
    Ambiguous(Vec<Source>),
}

/// Picks the adapter for one element from its top-level keys (read during the input scan).
/// An element that is not a well-formed object goes to the canonical adapter, which says why.
pub fn detect(keys: Option<&KeySet>, raw: &str) -> Detected {
    let Some(keys) = keys else {
        return if raw.trim_start().starts_with('{') {
            Detected::One(Source::Canonical)
        } else {
            Detected::None
        };
    };
    // Runs for every element: a list is built only when two tools claim it.
    let mut claims = tools().filter(|(_, a)| a.detect(keys)).map(|(s, _)| s);
    match (claims.next(), claims.next()) {
        (None, _) => Detected::None,
        (Some(one), None) => Detected::One(one),
        (Some(first), Some(second)) => {
            Detected::Ambiguous([first, second].into_iter().chain(claims).collect())
        }
    }
}

/// The first of `fields` with a value; else null when one was carried empty, else absent (a
/// canonical field several tool fields can feed, in order of preference).
pub(crate) fn first_present<T, const N: usize>(fields: [Field<T>; N]) -> Field<T> {
    let mut best = Field::Absent;
    for f in fields {
        match f {
            Field::Value(_) => return f,
            Field::Null => best = Field::Null,
            Field::Absent => {}
        }
    }
    best
}

/// Whether an element with these top-level keys may go to a tool that reads its fields from the
/// input scan's members (ServiceNow's fast reader): the scan notes an element's members only for
/// such elements. The others (Jira, GLPI … read the element as a tree, which validates it
/// whole) are only balanced by the scan: validating them there too, and noting members nobody
/// read, was 7 % of reading a Jira export's real-shape issues.
pub(crate) fn reads_members(keys: &KeySet) -> bool {
    tools().any(|(source, adapter)| !member_keys(source).is_empty() && adapter.detect(keys))
}

/// Every tool's adapter in this build, in [`Source::TOOLS`] order.
pub fn tools() -> impl Iterator<Item = (Source, &'static dyn Adapter)> {
    Source::TOOLS
        .iter()
        .filter_map(|&source| adapter(source).map(|a| (source, a)))
}

/// The link relations the payloads of the tool named `tool` (a record's `origin.tool`) can carry
/// for a kind (`None`: any), as its adapter declares them (see [`Adapter::carried_links`]).
pub fn carried_links(tool: Option<&str>, kind: super::Kind) -> Option<&'static [super::LinkRel]> {
    let tool = tool?;
    tools()
        .find(|(source, _)| source.as_str() == tool)
        .and_then(|(_, a)| a.carried_links(kind))
}

#[cfg(test)]
mod tests {
    use super::super::{Kind, LinkRel};
    use super::*;

    /// What auto-detection makes of an element: one tool, none, or every tool that claims it.
    #[test]
    fn detection_names_one_tool_none_or_every_claimant() {
        let detected = |raw: &str| detect(top_level_keys(raw).as_ref(), raw);
        assert!(matches!(
            detected(r#"{"sys_id":"a","number":"INC1"}"#),
            Detected::One(Source::ServiceNow)
        ));
        assert!(matches!(detected(r#"{"note":"x"}"#), Detected::None));
        match detected(r#"{"sys_id":"a","TicketID":"7","article_count":1}"#) {
            Detected::Ambiguous(found) => {
                assert_eq!(found, [Source::ServiceNow, Source::Zammad, Source::Znuny])
            }
            _ => panic!("three tools claim this element"),
        }
    }

    /// The relations a payload can carry are the adapter's declaration, found by the record's
    /// tool name; a tool that declares none (and no tool) carries any.
    #[test]
    fn carried_links_are_the_adapters_declarations() {
        assert_eq!(
            carried_links(Some("freshservice"), Kind::Problem),
            Some(&[LinkRel::AffectsCi, LinkRel::FixedBy][..])
        );
        assert_eq!(
            carried_links(Some("freshservice"), Kind::Incident),
            Some(&[LinkRel::AffectsCi][..])
        );
        assert_eq!(
            carried_links(Some("znuny"), Kind::Change),
            Some(&[LinkRel::Service][..])
        );
        assert_eq!(carried_links(Some("servicenow"), Kind::Incident), None);
        assert_eq!(carried_links(None, Kind::Incident), None);
    }
}
