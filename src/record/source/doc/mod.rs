//! A borrowed JSON tree and a reader for adapters of tools with nested payloads (Jira, GLPI,
//! Zammad, iTop, Znuny, Freshservice): every read is by path, and anything that cannot be read
//! becomes a warning with the JSON path and the original value, never a silent drop.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

mod adf;
mod reader;
mod spare;
#[cfg(test)]
mod tests;

use super::Cursor;
use super::bytes::{Lex, Scanned, Stop, unescape};
use crate::record::value::Text;

pub use adf::{is_adf, plain_text};
pub use reader::{Doc, LevelMap, epoch_millis, named_text, parse_decimal, truthy_code};
pub use spare::Tree;

/// JSON borrowed from the input (strings without escapes are not copied).
#[derive(Clone, Debug)]
pub enum Node<'a> {
    Null,
    Bool(bool),
    Num(f64),
    /// An integer of at most 15 digits as the input writes it (the lexer's reading of ids,
    /// counts and epoch milliseconds): its text is borrowed and its value read when asked, so an
    /// id read as text (`"1045872"`) is not written out again in a String of its own. Equal to
    /// the [`Node::Num`] of its value.
    Int(&'a str),
    Str(Text<'a>),
    Arr(Vec<Node<'a>>),
    /// Members in document order (lookups are linear: payloads have tens of keys).
    Obj(Vec<(Text<'a>, Node<'a>)>),
}

impl<'de: 'a, 'a> Deserialize<'de> for Node<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Node::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Node::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Node::Num(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Node::Num(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Node::Num(v))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Node::Str(Text::borrowed(v.trim_ascii())))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Node::Str(Text::owned(v.trim_ascii().to_string())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Arr(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members: Vec<(Text<'de>, Node<'de>)> = Vec::new();
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    let value = map.next_value()?;
                    members.push((key, value));
                }
                if has_duplicates(&members) {
                    DUPLICATES.with(|d| d.set(d.get().saturating_add(1)));
                }
                Ok(Node::Obj(members))
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

impl PartialEq for Node<'_> {
    /// As derived, but a number is equal to another of the same value whether it is a
    /// [`Node::Num`] or a [`Node::Int`] (serde's tree and the lexer's are then equal).
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Node::Null, Node::Null) => true,
            (Node::Bool(a), Node::Bool(b)) => a == b,
            (Node::Str(a), Node::Str(b)) => a == b,
            (Node::Arr(a), Node::Arr(b)) => a == b,
            (Node::Obj(a), Node::Obj(b)) => a == b,
            (Node::Num(_) | Node::Int(_), Node::Num(_) | Node::Int(_)) => {
                self.number() == other.number()
            }
            _ => false,
        }
    }
}

/// The value of a [`Node::Int`]'s text (exact: at most 15 digits).
fn int_value(text: &str) -> f64 {
    text.parse::<i64>().map_or(f64::NAN, |n| n as f64)
}

impl<'a> Node<'a> {
    /// The same tree owning all its strings.
    pub fn into_owned(self) -> Node<'static> {
        match self {
            Node::Null => Node::Null,
            Node::Bool(b) => Node::Bool(b),
            Node::Num(n) => Node::Num(n),
            Node::Int(t) => Node::Num(int_value(t)),
            Node::Str(t) => Node::Str(t.into_owned()),
            Node::Arr(items) => Node::Arr(items.into_iter().map(Node::into_owned).collect()),
            Node::Obj(members) => Node::Obj(
                members
                    .into_iter()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect(),
            ),
        }
    }

    /// The tree as a `serde_json::Value` (whole numbers as integers), for typed readers.
    pub fn to_value(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Value::from(*n as i64),
            Node::Num(n) => Value::from(*n),
            Node::Int(t) => t.parse::<i64>().map_or(Value::Null, Value::from),
            Node::Str(t) => Value::String(String::from(&**t)),
            Node::Arr(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Node::Obj(members) => Value::Object(crate::util::sort::object_from(
                members
                    .iter()
                    .map(|(k, v)| (String::from(&**k), v.to_value())),
            )),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match self {
            Node::Obj(members) => members.iter().find(|(k, _)| &**k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// [`Node::get`] for [`Node::at`], which reads most paths: its keys compared with
    /// [`same_key`] (`get` itself is inlined into hundreds of callers, where the longer compare
    /// cost 6 KB of wasm).
    fn member(&self, key: &str) -> Option<&Node<'a>> {
        match self {
            Node::Obj(members) => members
                .iter()
                .find(|(k, _)| same_key(k, key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// A dotted path (`fields.status.statusCategory.key`); numeric segments index arrays.
    pub fn at(&self, path: &str) -> Option<&Node<'a>> {
        let mut node = self;
        let mut rest = Some(path);
        // Segments found with a byte loop: paths are a few short names, and `split('.')` set up
        // a searcher for each (a twentieth of reading a GLPI item, which reads fields by path).
        while let Some(path) = rest {
            let (seg, more) = match path.bytes().position(|b| b == b'.') {
                Some(dot) => {
                    let (seg, more) = path.split_at_checked(dot)?;
                    (seg, more.get(1..))
                }
                None => (path, None),
            };
            rest = more;
            node = match node {
                Node::Arr(items) => items.get(seg.parse::<usize>().ok()?)?,
                _ => node.member(seg)?,
            };
        }
        Some(node)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(t) => Some(t),
            _ => None,
        }
    }

    /// Strings, numbers and booleans as text (tools send ids as either).
    pub fn as_text(&self) -> Option<Text<'a>> {
        match self {
            Node::Str(t) => Some(t.clone()),
            Node::Num(n) => Some(number_text(*n)),
            Node::Int(t) => Some(Text::borrowed(t)),
            Node::Bool(b) => Some(Text::borrowed(if *b { "true" } else { "false" })),
            _ => None,
        }
    }

    /// Member `key` as text, when it has some (not blank).
    pub fn text_of(&self, key: &str) -> Option<Text<'a>> {
        self.get(key)
            .and_then(Node::as_text)
            .filter(|t| !t.is_blank())
    }

    /// A number's value ([`Node::Num`] or [`Node::Int`]); `None` for anything else.
    pub fn number(&self) -> Option<f64> {
        match self {
            Node::Num(n) => Some(*n),
            Node::Int(t) => Some(int_value(t)),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Node::Num(n) => Some(*n),
            Node::Int(t) => Some(int_value(t)),
            Node::Str(t) => t.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_array(&self) -> &[Node<'a>] {
        match self {
            Node::Arr(items) => items,
            _ => &[],
        }
    }

    pub fn members(&self) -> &[(Text<'a>, Node<'a>)] {
        match self {
            Node::Obj(members) => members,
            _ => &[],
        }
    }

    /// Null, an empty string, or an empty container: "carried but empty".
    pub fn is_empty(&self) -> bool {
        match self {
            Node::Null => true,
            Node::Str(t) => t.is_empty(),
            Node::Arr(items) => items.is_empty(),
            Node::Obj(members) => members.is_empty(),
            _ => false,
        }
    }

    /// The value as compact JSON, for warnings.
    pub fn describe(&self) -> String {
        match self {
            Node::Null => "null".into(),
            Node::Bool(b) => b.to_string(),
            Node::Num(n) => number_text(*n).to_string(),
            Node::Int(t) => (*t).to_string(),
            Node::Str(t) => serde_json::to_string(&**t).unwrap_or_default(),
            Node::Arr(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(Node::describe)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Node::Obj(members) => format!(
                "{{{}}}",
                members
                    .iter()
                    .map(|(k, v)| format!(
                        "{}:{}",
                        serde_json::to_string(&**k).unwrap_or_default(),
                        v.describe()
                    ))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }
}

/// `a == b`, the lengths and then the last bytes compared before the bytes: a lookup passes
/// over many keys of the same length (`users_id_recipient`, `users_id_lastupdater`), and the
/// last bytes tell most apart without a call to `memcmp` (its share of reading a GLPI item
/// in wasm).
fn same_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().last() == b.as_bytes().last() && a == b
}

/// A JSON number as a field's text: an integer without a decimal point, any other number as
/// `{}` writes it. The ServiceNow reader writes its numbers with it too. Tools send ids and
/// codes as numbers, and `format!` was a twelfth of reading a GLPI item in wasm: integers are
/// written with `itoa` (in the build already for serde_json and csv), and 0-999 are not written
/// at all but borrowed from a static table.
pub(in crate::record::source) fn number_text(n: f64) -> Text<'static> {
    if n.fract() != 0.0 || n.abs() >= 1e15 {
        return Text::owned(n.to_string());
    }
    // Exact: a whole number below 1e15 in magnitude is an i64 without rounding.
    let int = n as i64;
    if let Some(small) = usize::try_from(int).ok().and_then(small_integer) {
        return Text::borrowed(small);
    }
    Text::owned(itoa::Buffer::new().format(int).to_string())
}

/// "0" to "999" written one after the other (1, 2 then 3 digits each).
const SMALL_INTEGERS: &str = match std::str::from_utf8(&small_integer_digits()) {
    Ok(s) => s,
    Err(_) => "",
};

const SMALL_INTEGER_BYTES: usize = 10 + 90 * 2 + 900 * 3;

// Run at compile time only (an index out of bounds would stop the build).
#[allow(clippy::indexing_slicing)]
const fn small_integer_digits() -> [u8; SMALL_INTEGER_BYTES] {
    let mut out = [b'0'; SMALL_INTEGER_BYTES];
    let mut n = 0;
    let mut at = 0;
    while n < 1000 {
        if n >= 100 {
            out[at] = b'0' + (n / 100) as u8;
            at += 1;
        }
        if n >= 10 {
            out[at] = b'0' + (n / 10 % 10) as u8;
            at += 1;
        }
        out[at] = b'0' + (n % 10) as u8;
        at += 1;
        n += 1;
    }
    out
}

/// The text of `n` when it is below 1,000, from [`SMALL_INTEGERS`].
fn small_integer(n: usize) -> Option<&'static str> {
    let (start, len) = match n {
        0..=9 => (n, 1),
        10..=99 => (10 + 2 * (n - 10), 2),
        100..=999 => (190 + 3 * (n - 100), 3),
        _ => return None,
    };
    SMALL_INTEGERS.get(start..start + len)
}

/// Parses one element into a tree; a syntax error is recorded on the cursor (the input is then
/// malformed as a whole), a non-object element is rejected. The tree's lists are reused by the
/// next element's once it is dropped.
pub fn parse<'a>(
    raw: &'a str,
    at: &mut Cursor<'_>,
    what: &str,
) -> Result<Tree<'a>, super::Rejection> {
    let node = Tree::new(read(raw, at)?);
    match *node {
        Node::Obj(_) => Ok(node),
        _ => Err(at.reject("", format!("{what} must be a JSON object"))),
    }
}

thread_local! {
    /// Objects with a repeated key seen by the current parse (the tree is then walked once more
    /// to drop the earlier values and warn with their paths).
    static DUPLICATES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn has_duplicates(members: &[(Text<'_>, Node<'_>)]) -> bool {
    if members.len() < 2 {
        return false;
    }
    if members.len() <= 16 {
        return members
            .iter()
            .enumerate()
            .any(|(i, (k, _))| members.iter().skip(i + 1).any(|(o, _)| **o == **k));
    }
    if members.len() <= HASHED_ON_STACK {
        return repeated_hash(members);
    }
    let mut seen =
        crate::util::hash::HashSet::with_capacity_and_hasher(members.len(), Default::default());
    !members.iter().all(|(k, _)| seen.insert(&**k))
}

/// Objects up to this many members are checked for repeated keys without allocating.
const HASHED_ON_STACK: usize = 256;

/// [`has_duplicates`] of 17 to [`HASHED_ON_STACK`] members: an open-addressing table on the
/// stack, of member indexes by their key's hash, at most half full. A Jira issue's `fields` has
/// dozens of members, and a set of them was an allocation per issue (a sort of the hashes
/// instead cost 3.5 KB of wasm).
fn repeated_hash(members: &[(Text<'_>, Node<'_>)]) -> bool {
    use std::hash::BuildHasher;
    const SLOTS: usize = 2 * HASHED_ON_STACK;
    let hasher = foldhash::fast::RandomState::default();
    // Index + 1 of the member whose key hashed here (0: free).
    let mut slots = [0u16; SLOTS];
    for (i, (key, _)) in members.iter().enumerate().take(HASHED_ON_STACK) {
        let mut at = hasher.hash_one(&**key) as usize % SLOTS;
        loop {
            match slots.get_mut(at) {
                Some(slot @ 0) => {
                    *slot = i as u16 + 1;
                    break;
                }
                Some(taken) => {
                    let other = members.get(usize::from(*taken) - 1).map(|(k, _)| &**k);
                    if other == Some(&**key) {
                        return true;
                    }
                    at = (at + 1) % SLOTS;
                }
                None => return false,
            }
        }
    }
    false
}

/// Parses one element the way `JSON.parse` reads it, into a tree:
/// - a repeated key: the last value wins (as in `JSON.parse`); each dropped value is a warning
///   naming the key's path and the value dropped;
/// - a lone UTF-16 surrogate escape (`"\ud800"`): read as U+FFFD, with a warning carrying the
///   path and the original escape;
/// - a number beyond the range of a double (`1e400`): kept as its text (a string), with a
///   warning carrying the path and the original text; a numeric field then reads it as
///   unreadable;
/// - nesting deeper than 128 levels (objects and arrays; serde_json's own limit, kept on
///   purpose: every reader of the tree recurses at most this deep, natively and in wasm): the
///   element is rejected alone, with the path where the limit was reached.
///
/// Real syntax errors stay errors of the whole input (see [`Cursor::parse_failure`]).
pub fn read<'a>(raw: &'a str, at: &mut Cursor<'_>) -> Result<Node<'a>, super::Rejection> {
    DUPLICATES.with(|d| d.set(0));
    let lexed = lexed(raw);
    if lexed.is_none() {
        DUPLICATES.with(|d| d.set(0));
    }
    let mut node: Node<'a> = match lexed.map_or_else(|| crate::util::json::from_str(raw), Ok) {
        Ok(n) => n,
        Err(e) => match repaired(raw, at) {
            Some(n) => n,
            None => return Err(at.parse_failure(e, raw)),
        },
    };
    if DUPLICATES.with(|d| d.replace(0)) > 0 {
        drop_duplicates(&mut node, at);
    }
    Ok(node)
}

/// How deep [`lexed`] follows nested objects and arrays; deeper elements go to serde_json, which
/// reads them to its own limit (128) and says where that was reached.
const LEXED_DEPTH: usize = 64;

/// The tree of an element, built by the byte lexer that also scans the input ([`Lex`]), which
/// validates as serde_json does: nearly every element is well formed, and its tree is built here
/// without serde's layers (natively 15-20 % faster on a 6.7 KB Jira issue; the adapters that read
/// trees, 5-15 % faster in wasm). `None` for anything the lexer leaves to
/// serde_json (a syntax error, a lone surrogate, a number beyond a double, a key with escapes,
/// nesting deeper than [`LEXED_DEPTH`]): [`read`] then reads the element as it always did,
/// and reports or repairs it. Both build the same tree (`tests.rs`).
fn lexed(raw: &str) -> Option<Node<'_>> {
    let mut lex = Lex::new(raw);
    lex.ws();
    let node = lexed_value(&mut lex, 0).ok()?;
    lex.at_end().then_some(node)
}

/// [`lexed`], for the canonical reader's tests (which compare it with serde's on the tree the
/// adapters read).
#[cfg(test)]
pub(crate) fn lexed_tree(raw: &str) -> Option<Node<'_>> {
    lexed(raw)
}

/// The value at the cursor (after its white space), as the [`Node`] serde builds of it.
fn lexed_value<'a>(lex: &mut Lex<'a>, depth: usize) -> Scanned<Node<'a>> {
    match lex.peek() {
        Some(b'"') => {
            let s = lex.string()?;
            let raw = lex.slice(s.start, s.end);
            // Trimmed as serde's reader of a `Node` trims: a borrowed text when it holds no escape.
            Ok(Node::Str(if s.escaped {
                Text::owned(unescape(raw).trim_ascii().to_string())
            } else {
                Text::borrowed(raw.trim_ascii())
            }))
        }
        Some(b'{' | b'[') if depth >= LEXED_DEPTH => Err(Stop),
        Some(b'{') => {
            let mut members = spare::object_list();
            lex.object_spans(|key, lex| {
                let value = lexed_value(lex, depth + 1)?;
                let key = Text::borrowed(lex.slice(key.start, key.end).trim_ascii());
                members.push((key, value));
                Ok(())
            })?;
            if has_duplicates(&members) {
                DUPLICATES.with(|d| d.set(d.get().saturating_add(1)));
            }
            Ok(Node::Obj(members))
        }
        Some(b'[') => {
            let mut items = spare::array_list();
            lex.array(|lex| {
                items.push(lexed_value(lex, depth + 1)?);
                Ok(())
            })?;
            Ok(Node::Arr(items))
        }
        Some(b't') => lex.literal(b"true").map(|()| Node::Bool(true)),
        Some(b'f') => lex.literal(b"false").map(|()| Node::Bool(false)),
        Some(b'n') => lex.literal(b"null").map(|()| Node::Null),
        Some(b'-' | b'0'..=b'9') => {
            let start = lex.i;
            let n = lex.number()?;
            let token = lex.bytes(start, lex.i);
            // An integer of at most 15 digits keeps its text (as `number_text` would write it:
            // JSON has no leading zeros or plus signs); `-0` reads as the integer 0.
            let digits = token.strip_prefix(b"-").unwrap_or(token);
            if digits.len() <= 15 && digits.iter().all(u8::is_ascii_digit) && token != b"-0" {
                return Ok(Node::Int(lex.slice(start, lex.i)));
            }
            // serde_json reads `-0` as the integer 0: no negative zero from an integer.
            let integer = !lex
                .bytes(start, lex.i)
                .iter()
                .any(|b| matches!(b, b'.' | b'e' | b'E'));
            Ok(Node::Num(if integer && n == 0.0 { 0.0 } else { n }))
        }
        _ => Err(Stop),
    }
}

/// The ServiceNow reader's second chance when its fast parse failed on
/// something `JSON.parse` accepts (a repeated key, a lone surrogate, a number out of range): the
/// element read as [`read`] reads it, for the reader to deserialise through its JSON text. `None`
/// when the failure is of another kind (the caller reports it).
pub fn fallback_tree<'a>(
    raw: &'a str,
    err: &serde_json::Error,
    at: &mut Cursor<'_>,
) -> Option<Result<Node<'a>, super::Rejection>> {
    let message = err.to_string();
    let retry = message.starts_with("duplicate field")
        || message.starts_with("lone leading surrogate")
        || message.starts_with("unexpected end of hex escape")
        || message.starts_with("invalid unicode code point")
        || message.starts_with("number out of range");
    retry.then(|| read(raw, at))
}

/// A value JSON.parse accepts and serde_json does not, found by [`repair`].
pub struct Repair {
    /// Byte offset in the element.
    pub at: usize,
    pub original: String,
    pub surrogate: bool,
}

/// The element with lone surrogate escapes replaced by `\ufffd` and out-of-range numbers
/// turned into strings of their text; `None` when there is nothing of the kind.
pub fn repair(raw: &str) -> Option<(String, Vec<Repair>)> {
    let b = raw.as_bytes();
    let hex = |at: usize| -> Option<u32> {
        if b.get(at) != Some(&b'\\') || b.get(at + 1) != Some(&b'u') {
            return None;
        }
        let h = raw.get(at + 2..at + 6)?;
        u32::from_str_radix(h, 16).ok()
    };
    let mut out = String::new();
    let mut repairs = Vec::new();
    let mut copied = 0usize;
    let mut i = 0usize;
    let mut in_string = false;
    while i < b.len() {
        let c = b.get(i).copied().unwrap_or(b' ');
        if in_string {
            match c {
                b'"' => in_string = false,
                b'\\' => {
                    match hex(i) {
                        Some(lead @ 0xD800..=0xDBFF)
                            if hex(i + 6).is_some_and(|t| (0xDC00..=0xDFFF).contains(&t)) =>
                        {
                            let _ = lead;
                            i += 12;
                            continue;
                        }
                        Some(0xD800..=0xDFFF) => {
                            out.push_str(raw.get(copied..i).unwrap_or_default());
                            out.push_str("\\ufffd");
                            repairs.push(Repair {
                                at: i,
                                original: raw.get(i..i + 6).unwrap_or_default().to_string(),
                                surrogate: true,
                            });
                            i += 6;
                            copied = i;
                            continue;
                        }
                        _ => {}
                    }
                    i += 2;
                    continue;
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'-' | b'0'..=b'9' => {
                let start = i;
                while matches!(
                    b.get(i),
                    Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                ) {
                    i += 1;
                }
                let token = raw.get(start..i).unwrap_or_default();
                if token.parse::<f64>().is_ok_and(f64::is_infinite) {
                    out.push_str(raw.get(copied..start).unwrap_or_default());
                    out.push('"');
                    out.push_str(token);
                    out.push('"');
                    repairs.push(Repair {
                        at: start,
                        original: token.to_string(),
                        surrogate: false,
                    });
                    copied = i;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if repairs.is_empty() {
        return None;
    }
    out.push_str(raw.get(copied..).unwrap_or_default());
    Some((out, repairs))
}

/// At most this many repairs of one element are named one by one (each costs a scan for its
/// path); the rest are counted in one more warning.
const NAMED_REPAIRS: usize = 32;

/// Parses the element again after [`repair`], warning about each repaired value.
fn repaired<'a>(raw: &str, at: &mut Cursor<'_>) -> Option<Node<'a>> {
    let (fixed, repairs) = repair(raw)?;
    let node: Node<'_> = crate::util::json::from_str(&fixed).ok()?;
    for r in repairs.iter().take(NAMED_REPAIRS) {
        let path = super::locate::path_at_offset(raw, r.at);
        let field = path.strip_prefix('.').unwrap_or(&path);
        if r.surrogate {
            at.warn(
                field,
                "lone UTF-16 surrogate escape: read as U+FFFD, as JSON.parse does",
                &r.original,
            );
        } else {
            at.warn(
                field,
                "number out of range (beyond a double; JSON.parse reads Infinity): kept as its text, not as a number",
                &r.original,
            );
        }
    }
    if repairs.len() > NAMED_REPAIRS {
        at.warn(
            "",
            format!(
                "{} more lone surrogates or out-of-range numbers were repaired in this element",
                repairs.len().saturating_sub(NAMED_REPAIRS)
            ),
            "",
        );
    }
    Some(node.into_owned())
}

/// Keeps the last of repeated keys (as `JSON.parse` does), warning about each value dropped.
fn drop_duplicates(root: &mut Node<'_>, at: &mut Cursor<'_>) {
    let mut stack: Vec<(&mut Node<'_>, String)> = vec![(root, String::new())];
    while let Some((node, path)) = stack.pop() {
        match node {
            Node::Arr(items) => {
                for (i, n) in items.iter_mut().enumerate() {
                    if matches!(n, Node::Arr(_) | Node::Obj(_)) {
                        stack.push((n, format!("{path}[{i}]")));
                    }
                }
            }
            Node::Obj(members) => {
                if has_duplicates(members) {
                    let mut keep = vec![true; members.len()];
                    let mut last: crate::util::hash::HashMap<&str, usize> =
                        crate::util::hash::HashMap::default();
                    for (i, (k, _)) in members.iter().enumerate() {
                        if let Some(earlier) = last.insert(&**k, i)
                            && let Some(slot) = keep.get_mut(earlier)
                        {
                            *slot = false;
                        }
                    }
                    let mut i = 0usize;
                    let mut dropped = Vec::new();
                    members.retain(|(k, v)| {
                        let kept = keep.get(i).copied().unwrap_or(true);
                        i += 1;
                        if !kept {
                            dropped.push((member_path(&path, k), v.describe()));
                        }
                        kept
                    });
                    for (p, value) in dropped {
                        at.warn(
                            p.strip_prefix('.').unwrap_or(&p),
                            "duplicate key: the last value is read (as JSON.parse does); this earlier value was dropped",
                            &value,
                        );
                    }
                }
                for (k, v) in members.iter_mut() {
                    if matches!(v, Node::Arr(_) | Node::Obj(_)) {
                        stack.push((v, member_path(&path, k)));
                    }
                }
            }
            _ => {}
        }
    }
}

/// `.key`, or `["key"]` when the key is not a plain name.
pub fn member_path(base: &str, key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!("{base}.{key}")
    } else {
        format!("{base}[{}]", serde_json::to_string(key).unwrap_or_default())
    }
}
