//! The canonical record read from the element's tree ([`Node`], the one the tree-reading
//! adapters parse), not through serde's derived readers.
//!
//! serde's derive gives each of the record's 30 structs a reader of its own, about 95 KB of the
//! .wasm (issue 12: "replace serde derive monomorphisations on the input side"). Here a struct is
//! a list of its fields' names and one function that sets a field by its position in the list;
//! matching keys, refusing unknown ones, noting required ones and saying where a value failed is
//! [`object`]'s, once for all of them. Values are read by [`FromNode`], one small function per
//! type.
//!
//! What a record becomes, and the message and path of a refusal, are serde's (the derives stay,
//! natively, as this reader's test oracle: `tests.rs` compares both on the corpus and on
//! generated records). The tree is JSON.parse's reading of the element, so where serde refused
//! the text and JavaScript reads it — a repeated key (the last value wins, with a warning), a
//! lone surrogate, a number beyond a double — the record is read as the tree has it, as the
//! serde reader's second chance did. Some readings differ from serde's, on purpose (each pinned
//! by a test): texts and keys are trimmed before they are matched (`" incident "` is
//! `incident`); a count or a level written `5.0` is 5 (JSON has one number type, and the
//! schema's `integer` admits it); a level written as an array is refused rather than read as
//! `{value, code, label}`; a number of 16-17 significant digits is the nearest double
//! (serde_json's default reading can be one unit in the last place off); a message names an
//! integer of 16 digits or more by its double.

use super::super::doc::Node;
use crate::record::model::*;
use crate::record::time::Instant;
use crate::record::value::{Field, Level, Text};
use crate::util::string_enum::DataText;
// A path's steps and serde's list of alternatives, as the value reader writes them.
use crate::util::value_reader::{push_key, unknown_variant};

/// Why a value could not be read: serde's message, and the path of the value below the record.
#[derive(Debug)]
pub struct Problem {
    pub path: String,
    pub message: String,
    /// A step serde's path takes into the value when its member is not its object's last
    /// (see [`after`]).
    tail: Option<String>,
}

impl Problem {
    fn new(message: impl Into<String>) -> Problem {
        Problem {
            path: String::new(),
            message: message.into(),
            tail: None,
        }
    }

    /// The problem of a member's value, with the member's place in its object known.
    fn settle(mut self, last: bool) -> Problem {
        if let Some(tail) = self.tail.take()
            && !last
        {
            self.path.insert_str(0, &tail);
        }
        self
    }

    /// The problem of a member's value, seen from the object holding it.
    fn in_member(mut self, key: &str) -> Problem {
        let mut path = String::with_capacity(key.len() + 1 + self.path.len());
        push_key(&mut path, key);
        path.push_str(&self.path);
        self.path = path;
        self
    }

    /// The problem of an array's item, seen from the array.
    fn in_item(mut self, index: usize) -> Problem {
        self.path = format!("[{index}]{}", self.path);
        self
    }
}

/// A value of the record read from its node.
pub trait FromNode<'a>: Sized {
    fn from_node(node: &Node<'a>) -> Result<Self, Problem>;
}

/// What serde_json names a value it did not expect ("integer `5`", "string \"x\"", "map").
fn unexpected(node: &Node<'_>) -> String {
    match node {
        Node::Null => "null".into(),
        Node::Bool(b) => format!("boolean `{b}`"),
        Node::Int(text) => format!("integer `{text}`"),
        Node::Num(n) => number(*n),
        Node::Str(s) => format!("string {:?}", &**s),
        Node::Arr(_) => "sequence".into(),
        Node::Obj(_) => "map".into(),
    }
}

/// A number the tree holds as a double. The lexer keeps integers of up to 15 digits as their
/// text ([`Node::Int`]), so a double below 1e15 was written as a floating point number (`2.0`,
/// `1e3`): serde_json names it so. A whole number beyond is named as an integer of the double's
/// value (serde_json names a 16- to 20-digit integer by its exact digits, which the tree no
/// longer has).
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() >= 1e15 && n.abs() < 1.8e19 {
        format!("integer `{}`", n as i128)
    } else {
        format!("floating point `{}`", zmij::Buffer::new().format(n))
    }
}

fn invalid_type(node: &Node<'_>, expected: &str) -> Problem {
    Problem::new(format!(
        "invalid type: {}, expected {expected}",
        unexpected(node)
    ))
}

impl<'a> FromNode<'a> for Text<'a> {
    fn from_node(node: &Node<'a>) -> Result<Self, Problem> {
        match node {
            Node::Str(text) => Ok(text.clone()),
            _ => Err(invalid_type(node, "a string")),
        }
    }
}

impl FromNode<'_> for bool {
    fn from_node(node: &Node<'_>) -> Result<Self, Problem> {
        match node {
            Node::Bool(b) => Ok(*b),
            _ => Err(invalid_type(node, "a boolean")),
        }
    }
}

impl FromNode<'_> for u32 {
    fn from_node(node: &Node<'_>) -> Result<Self, Problem> {
        let whole = match node {
            Node::Int(text) => text.parse::<i64>().ok(),
            Node::Num(n) if n.fract() == 0.0 => Some(*n as i64),
            _ => return Err(invalid_type(node, "u32")),
        };
        match whole.and_then(|n| u32::try_from(n).ok()) {
            Some(n) => Ok(n),
            None => Err(Problem::new(format!(
                "invalid value: {}, expected u32",
                unexpected(node)
            ))),
        }
    }
}

impl FromNode<'_> for f64 {
    fn from_node(node: &Node<'_>) -> Result<Self, Problem> {
        match node.number() {
            Some(n) if !matches!(node, Node::Str(_)) => Ok(n),
            _ => Err(invalid_type(node, "f64")),
        }
    }
}

impl FromNode<'_> for Instant {
    fn from_node(node: &Node<'_>) -> Result<Self, Problem> {
        match node {
            Node::Str(text) => Instant::parse_utc(text).ok_or_else(|| {
                Problem::new(format!(
                    "invalid value: {}, expected a date-time such as \"2026-03-01T09:30:00Z\"",
                    unexpected(node)
                ))
            }),
            _ => Err(invalid_type(
                node,
                "a date-time such as \"2026-03-01T09:30:00Z\" (naive times are UTC)",
            )),
        }
    }
}

/// A code of a closed list (`kind`, `state` …), as serde_json reads an enum of unit variants: its
/// text, or an object whose one member names it with `null`; anything else is a value of the
/// wrong type (serde_json says "expected value", which `Cursor::parse_failure` words so).
/// Generic only in its last step: the reading is [`code_index`]'s, once for every list.
fn code<T: DataText + Copy>(node: &Node<'_>, all: &[T]) -> Result<T, Problem> {
    let at = code_index(node, T::TEXTS)?;
    all.get(at).copied().ok_or_else(wrong_type)
}

/// The position in `texts` of the code `node` names.
#[inline(never)]
fn code_index(node: &Node<'_>, texts: &[&str]) -> Result<usize, Problem> {
    let find = |text: &str| {
        texts
            .iter()
            .position(|t| same(t, text))
            .ok_or_else(|| Problem::new(unknown_variant(text, texts)))
    };
    match node {
        Node::Str(text) => find(text),
        Node::Obj(members) => {
            let Some(((key, value), more)) = members.split_first() else {
                return Err(wrong_type());
            };
            let at = find(key).map_err(|p| p.in_member(key))?;
            if !matches!(value, Node::Null) {
                return Err(invalid_type(value, "unit").in_member(key));
            }
            if !more.is_empty() {
                return Err(wrong_type().in_member(key));
            }
            Ok(at)
        }
        // serde_json refuses the value once it has looked at its first byte: an array's path
        // then holds its first item.
        Node::Arr(_) => Err(wrong_type().in_item(0)),
        _ => Err(wrong_type()),
    }
}

fn wrong_type() -> Problem {
    Problem::new(crate::record::source::WRONG_TYPE)
}

/// [`FromNode`] for the record's codes.
macro_rules! codes {
    ($($name:ty),+) => {$(
        impl FromNode<'_> for $name {
            fn from_node(node: &Node<'_>) -> Result<Self, Problem> {
                code(node, <$name>::ALL)
            }
        }
    )+};
}

crate::record::model::with_record_codes!(codes);

impl<'a, T: FromNode<'a>> FromNode<'a> for Field<T> {
    fn from_node(node: &Node<'a>) -> Result<Self, Problem> {
        match node {
            Node::Null => Ok(Field::Null),
            _ => T::from_node(node).map(Field::Value),
        }
    }
}

impl<'a, T: FromNode<'a>> FromNode<'a> for Option<T> {
    fn from_node(node: &Node<'a>) -> Result<Self, Problem> {
        match node {
            Node::Null => Ok(None),
            _ => T::from_node(node).map(Some),
        }
    }
}

impl<'a, T: FromNode<'a>> FromNode<'a> for Vec<T> {
    fn from_node(node: &Node<'a>) -> Result<Self, Problem> {
        match node {
            Node::Arr(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| T::from_node(item).map_err(|p| p.in_item(i)))
                .collect(),
            _ => Err(invalid_type(node, "a sequence")),
        }
    }
}

impl<'a, T: FromNode<'a>> FromNode<'a> for Box<T> {
    fn from_node(node: &Node<'a>) -> Result<Self, Problem> {
        T::from_node(node).map(Box::new)
    }
}

/// A level: a number 1-5, or `{value, code, label}` (other members ignored).
impl<'a> FromNode<'a> for Level<'a> {
    fn from_node(node: &Node<'a>) -> Result<Self, Problem> {
        level(node).map_err(|p| after(node, p))
    }
}

/// The path serde's reader gave a problem it found once a value was read whole (a level, read
/// through serde's buffered untagged reader): `locate` then finds the position inside the value,
/// at its last member or item, when a member follows it in its object, and at the member itself
/// when it is the object's last. [`Problem::settle`] takes the step or leaves it.
fn after(node: &Node<'_>, mut problem: Problem) -> Problem {
    let mut step = String::new();
    match node {
        Node::Obj(members) => {
            if let Some((key, _)) = members.last() {
                push_key(&mut step, key);
            }
        }
        Node::Arr(items) => step = format!("[{}]", items.len().saturating_sub(1)),
        _ => {}
    }
    if !step.is_empty() {
        problem.tail = Some(step);
    }
    problem
}

fn level<'a>(node: &Node<'a>) -> Result<Level<'a>, Problem> {
    {
        let refused =
            || Problem::new("expected a level 1-5 or {\"value\": 1-5, \"code\", \"label\"}");
        let byte = |node: &Node<'_>| match node {
            Node::Int(_) | Node::Num(_) => node
                .number()
                .filter(|n| n.fract() == 0.0 && (0.0..=255.0).contains(n))
                .map(|n| n as u8),
            _ => None,
        };
        let level = match node {
            Node::Obj(members) => {
                let mut level = Level {
                    value: 0,
                    code: None,
                    label: None,
                };
                let mut valued = false;
                for (key, value) in members {
                    match &**key {
                        "value" => {
                            level.value = byte(value).ok_or_else(refused)?;
                            valued = true;
                        }
                        "code" => level.code = Option::from_node(value).map_err(|_| refused())?,
                        "label" => level.label = Option::from_node(value).map_err(|_| refused())?,
                        _ => {}
                    }
                }
                if !valued {
                    return Err(refused());
                }
                level
            }
            _ => Level {
                value: byte(node).ok_or_else(refused)?,
                code: None,
                label: None,
            },
        };
        if !(1..=5).contains(&level.value) {
            return Err(Problem::new(format!(
                "level {} is outside 1-5",
                level.value
            )));
        }
        Ok(level)
    }
}

/// A struct of the record as its reader sees it: the value reader's (its name, its fields' JSON
/// names in declaration order, and whether a key that is none of them is refused).
pub use crate::util::value_reader::Shape;

/// The JSON name of a field: the camelCase of its identifier (`reopen_count` → `reopenCount`,
/// `r#type` → `type`), made at compile time, as serde's `rename_all = "camelCase"` names it.
macro_rules! json_name {
    ($field:ident) => {{
        const SNAKE: &str = stringify!($field);
        const LEN: usize = $crate::record::source::canonical::tree::camel_len(SNAKE);
        const BYTES: [u8; LEN] = $crate::record::source::canonical::tree::camel_bytes::<LEN>(SNAKE);
        const NAME: &str = match std::str::from_utf8(&BYTES) {
            Ok(name) => name,
            Err(_) => "",
        };
        NAME
    }};
}
pub(crate) use json_name;

/// The identifier without a raw identifier's `r#`.
const fn bare(snake: &str) -> &[u8] {
    match snake.as_bytes() {
        [b'r', b'#', rest @ ..] => rest,
        all => all,
    }
}

/// The length of [`json_name!`]'s name: the identifier's without its underscores.
// Run at compile time only (an index out of bounds would stop the build).
#[allow(clippy::indexing_slicing)]
pub const fn camel_len(snake: &str) -> usize {
    let bytes = bare(snake);
    let mut n = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'_' {
            n += 1;
        }
        i += 1;
    }
    n
}

/// [`json_name!`]'s name: each letter after an underscore upper-cased, the underscores left out.
#[allow(clippy::indexing_slicing)]
pub const fn camel_bytes<const N: usize>(snake: &str) -> [u8; N] {
    let bytes = bare(snake);
    let mut out = [0u8; N];
    let (mut i, mut j) = (0, 0);
    let mut upper = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'_' {
            upper = true;
        } else {
            out[j] = if upper { b.to_ascii_uppercase() } else { b };
            upper = false;
            j += 1;
        }
        i += 1;
    }
    out
}

/// `a == b`, the lengths and first bytes compared before the bytes (names of a struct often
/// share a length; in wasm each `memcmp` is a call).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// Reads an object's members, in document order as serde does (the first problem
/// met is the one reported): `set` reads the value of the field at a position of
/// `shape.fields`. Returns which positions were present (a bit each; structs have at most 64
/// fields).
///
/// Not generic (`set` is a trait object): one copy for every struct, which is the point.
#[inline(never)]
pub fn object<'a>(
    node: &Node<'a>,
    shape: &Shape,
    set: &mut dyn FnMut(usize, &Node<'a>) -> Result<(), Problem>,
) -> Result<u64, Problem> {
    let Node::Obj(members) = node else {
        return Err(invalid_type(node, &format!("struct {}", shape.name)));
    };
    let mut seen = 0u64;
    // Where the next member's field is looked for first: writers (ours included) put members in
    // the order of the declaration, so the field after the last one found is usually it.
    let mut next = 0;
    let count = members.len();
    for (i, (key, value)) in members.iter().enumerate() {
        let key: &str = key;
        let found = match shape.fields.get(next) {
            Some(f) if same(f, key) => Some(next),
            _ => shape.fields.iter().position(|f| same(f, key)),
        };
        next = found.map_or(0, |at| at + 1);
        match found {
            Some(at) => {
                set(at, value).map_err(|p| p.settle(i + 1 == count).in_member(key))?;
                seen |= 1 << at;
            }
            None if shape.deny_unknown => {
                return Err(Problem::new(shape.unknown_field(key)).in_member(key));
            }
            None => {}
        }
    }
    Ok(seen)
}

/// The first of the `required` positions missing from `seen`, as serde reports it.
pub fn require(shape: &Shape, seen: u64, required: &[usize]) -> Result<(), Problem> {
    shape
        .missing_field(seen, required)
        .map_or(Ok(()), |m| Err(Problem::new(m)))
}

/// Reads a member's value into a field. Not inlined: one copy per field type, shared by the
/// structs, rather than one per field.
#[inline(never)]
pub fn put<'a, T: FromNode<'a>>(slot: &mut T, node: &Node<'a>) -> Result<(), Problem> {
    *slot = T::from_node(node)?;
    Ok(())
}

/// [`FromNode`] for a struct of the record: its fields named once, in declaration order (the
/// order of serde's "expected one of …"), their JSON names made from them. A struct with
/// required fields names their positions and the value it starts from (its required fields'
/// values there are placeholders: each is replaced, or the struct refused); one whose fields
/// are all optional (`#[serde(default)]`: the details, which `record/model/details.rs` reads
/// with it, the origin, the SLA clocks) starts from its default.
macro_rules! struct_reader {
    ($name:ident { $($field:ident),+ $(,)? } deny_unknown: $deny:literal) => {
        $crate::record::source::canonical::tree::struct_reader!(
            $name { $($field),+ } deny_unknown: $deny, required: [], start: $name::default()
        );
    };
    (
        $name:ident { $($field:ident),+ $(,)? } deny_unknown: $deny:literal,
        required: [$($required:literal),*], start: $start:expr
    ) => {
        impl<'a> $crate::record::source::canonical::tree::FromNode<'a> for $name<'a> {
            fn from_node(
                node: &$crate::record::source::doc::Node<'a>,
            ) -> Result<Self, $crate::record::source::canonical::tree::Problem> {
                use $crate::record::source::canonical::tree::{Shape, object, put, require};
                const SHAPE: Shape = Shape {
                    name: stringify!($name),
                    fields: &[$($crate::record::source::canonical::tree::json_name!($field)),+],
                    deny_unknown: $deny,
                };
                let mut out: $name<'a> = $start;
                let seen = object(node, &SHAPE, &mut |at, value| {
                    // The field at position `at`, by counting the fields up to it.
                    let mut i = 0;
                    $(
                        if at == i {
                            return put(&mut out.$field, value);
                        }
                        i += 1;
                    )+
                    let _ = i;
                    Ok(())
                })?;
                require(&SHAPE, seen, &[$($required),*])?;
                Ok(out)
            }
        }
    };
}
pub(crate) use struct_reader;

struct_reader!(Origin { tool, shape, table, url } deny_unknown: false);
struct_reader!(SlaEntry { name, stage, breached, start, due, stop, source } deny_unknown: false);
struct_reader!(
    Link { rel, target, target_kind } deny_unknown: false,
    required: [0, 1],
    start: Link { rel: LinkRel::Problem, target: Text::default(), target_kind: None }
);
struct_reader!(
    Approval { state, approver, group, at } deny_unknown: false,
    required: [0],
    start: Approval { state: ApprovalState::NotRequested, approver: None, group: None, at: None }
);
struct_reader!(
    SlaTarget { metric, value, unit } deny_unknown: false,
    required: [0],
    start: SlaTarget { metric: TargetMetric::Availability, value: None, unit: None }
);
struct_reader!(
    Record {
        id, kind, number, title, state, state_label, priority, impact, urgency, category, service,
        assignment_group, assignee, requester, opened_at, updated_at, resolved_at, closed_at,
        approval, approvals, links, sla, incident, request, problem, change, release, ci,
        service_detail, agreement, measurement, document, audit, review, report, improvement,
        nonconformity, test, capacity, supplier, complaint, survey, activity, origin,
    } deny_unknown: true,
    required: [0, 1],
    start: Record::new(Text::default(), Kind::Incident)
);
