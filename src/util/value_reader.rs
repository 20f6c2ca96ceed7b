//! Reading the crate's own JSON formats from a `serde_json::Value` tree, one small function per
//! type, instead of serde's derived readers (issue 12: "replace serde derive monomorphisations
//! on the input side").
//!
//! serde's derive gives every struct a `visit_map` of its own, with a copy of the field reader
//! inlined for each field: a partial result's 25 structs and maps were about 55 KB of the .wasm
//! (the `Partial` reader alone 28 KB). Here a struct is the list of its fields' JSON names and
//! one function that sets a field by its position in the list; matching keys, noting the
//! required ones and saying where a value failed is [`object`]'s, once for all of them, and each
//! field type has one [`FromValue`] reader shared by every struct.
//!
//! The text is parsed by `serde_json` into a `Value` (its parser is in the module for JSON of
//! rules already): syntax errors keep serde_json's line and column, exact integers and strings.
//! What a value becomes is what serde's derive makes of it (the derives stay, natively, as the
//! readers' test oracle); a refusal names the value's path (`checks[3].passed`) rather than a
//! line and column, with serde's words for what was wrong.

use std::fmt::{self, Write};

use serde_json::Value;

use crate::util::vec_map::{VecMap, VecSet};

/// Why a value could not be read: what was wrong, and where below the value read.
#[derive(Debug)]
pub struct Problem {
    path: String,
    message: String,
}

impl Problem {
    pub fn new(message: impl Into<String>) -> Problem {
        Problem {
            path: String::new(),
            message: message.into(),
        }
    }

    /// The problem of a member's value, seen from the object holding it.
    fn in_member(mut self, key: &str) -> Problem {
        let mut path = String::with_capacity(key.len() + 1 + self.path.len());
        push_key(&mut path, key);
        path.push_str(&self.path);
        self.path = path;
        self
    }

    /// Where below the value read, as `locate` writes a path (`.context.csv.delimiter`, `""`
    /// for the value itself).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was wrong, in serde's words.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The problem of an array's item, seen from the array.
    fn in_item(mut self, index: usize) -> Problem {
        self.path = format!("[{index}]{}", self.path);
        self
    }
}

impl fmt::Display for Problem {
    /// `at `checks[3].passed`: invalid type: …` (the path without its first dot).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path.strip_prefix('.').unwrap_or(&self.path) {
            "" => f.write_str(&self.message),
            path => write!(f, "at `{path}`: {}", self.message),
        }
    }
}

/// A member's step in a path, as `locate` writes it: `.key`, or `["key"]` for a key that is not a
/// plain name.
pub fn push_key(path: &mut String, key: &str) {
    if !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        path.push('.');
        path.push_str(key);
    } else {
        let quoted = serde_json::to_string(key).unwrap_or_default();
        let _ = write!(path, "[{quoted}]");
    }
}

/// A value read from its JSON tree.
pub trait FromValue: Sized {
    fn from_value(value: &Value) -> Result<Self, Problem>;
}

/// A map's key read from its text (JSON keys are strings: `"3"` for the number 3).
pub trait FromKey: Sized {
    fn from_key(key: &str) -> Result<Self, Problem>;
}

/// What serde names a value it did not expect ("integer `5`", "string \"x\"", "map").
fn unexpected(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".into(),
        Value::Object(_) => "map".into(),
    }
}

pub fn invalid_type(value: &Value, expected: &str) -> Problem {
    Problem::new(format!(
        "invalid type: {}, expected {expected}",
        unexpected(value)
    ))
}

/// An unsigned integer of at most `max`, `name`d as serde names the type (`u64`, `u32`, `u16`).
/// One function for every width.
#[inline(never)]
fn unsigned(value: &Value, max: u64, name: &str) -> Result<u64, Problem> {
    match value {
        Value::Number(n) if !n.is_f64() => match n.as_u64() {
            Some(n) if n <= max => Ok(n),
            _ => Err(Problem::new(format!(
                "invalid value: {}, expected {name}",
                unexpected(value)
            ))),
        },
        _ => Err(invalid_type(value, name)),
    }
}

/// [`FromValue`] for unsigned integers, through [`unsigned`].
macro_rules! unsigned_from_value {
    ($($t:ty),+) => {$(
        impl FromValue for $t {
            fn from_value(value: &Value) -> Result<Self, Problem> {
                unsigned(value, <$t>::MAX.into(), stringify!($t)).map(|n| n as $t)
            }
        }
        impl FromKey for $t {
            fn from_key(key: &str) -> Result<Self, Problem> {
                // As serde_json reads a number key: the digits of the number, nothing else.
                let digits = !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit())
                    && (key == "0" || !key.starts_with('0'));
                key.parse::<$t>().ok().filter(|_| digits).ok_or_else(|| {
                    Problem::new(format!(
                        "invalid type: string {key:?}, expected {}",
                        stringify!($t)
                    ))
                })
            }
        }
    )+};
}

unsigned_from_value!(u64, u32, u16, u8);

impl FromValue for usize {
    /// serde's `usize` (32 bits in wasm).
    fn from_value(value: &Value) -> Result<Self, Problem> {
        let max = u64::try_from(usize::MAX).unwrap_or(u64::MAX);
        unsigned(value, max, "usize").map(|n| usize::try_from(n).unwrap_or(usize::MAX))
    }
}

impl FromValue for f64 {
    /// Any JSON number (serde reads an integer as a double too).
    fn from_value(value: &Value) -> Result<Self, Problem> {
        value.as_f64().ok_or_else(|| invalid_type(value, "f64"))
    }
}

/// A JSON value kept as it is (a rule's condition, a pack's parameters).
impl FromValue for Value {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        Ok(value.clone())
    }
}

/// Any JSON value kept as its text (a rule pack in the engine options, read later by the pack
/// reader): the value written compactly, which reads back as the same value.
impl FromValue for Box<serde_json::value::RawValue> {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        serde_json::value::to_raw_value(value).map_err(|e| Problem::new(e.to_string()))
    }
}

impl FromValue for serde_json::Map<String, Value> {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        match value {
            Value::Object(members) => Ok(members.clone()),
            _ => Err(invalid_type(value, "a map")),
        }
    }
}

impl FromValue for bool {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        value
            .as_bool()
            .ok_or_else(|| invalid_type(value, "a boolean"))
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        match value {
            Value::String(s) => Ok(s.clone()),
            _ => Err(invalid_type(value, "a string")),
        }
    }
}

impl FromKey for String {
    fn from_key(key: &str) -> Result<Self, Problem> {
        Ok(key.to_string())
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        match value {
            Value::Null => Ok(None),
            _ => T::from_value(value).map(Some),
        }
    }
}

impl<T: FromValue> FromValue for Vec<T> {
    #[inline(never)]
    fn from_value(value: &Value) -> Result<Self, Problem> {
        // A loop, not `collect` into a `Result`: that iterator adapter was 22 KB of the .wasm
        // over the lists of a partial.
        let items = items(value)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(T::from_value(item).map_err(|p| p.in_item(i))?);
        }
        Ok(out)
    }
}

/// The items of an array.
fn items(value: &Value) -> Result<&[Value], Problem> {
    match value {
        Value::Array(items) => Ok(items),
        _ => Err(invalid_type(value, "a sequence")),
    }
}

impl<const N: usize> FromValue for [u64; N] {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        let items = match value {
            Value::Array(items) => items,
            _ => return Err(invalid_type(value, &format!("an array of length {N}"))),
        };
        if items.len() != N {
            return Err(Problem::new(format!(
                "invalid length {}, expected an array of length {N}",
                items.len()
            )));
        }
        let mut out = [0; N];
        for (i, (slot, item)) in out.iter_mut().zip(items).enumerate() {
            *slot = u64::from_value(item).map_err(|p| p.in_item(i))?;
        }
        Ok(out)
    }
}

impl<K: FromKey + Ord, V: FromValue> FromValue for VecMap<K, V> {
    #[inline(never)]
    fn from_value(value: &Value) -> Result<Self, Problem> {
        let members = members(value)?;
        let mut pairs = Vec::with_capacity(members.len());
        for &(text, value) in &members {
            let key = K::from_key(text).map_err(|p| p.in_member(text))?;
            pairs.push((key, V::from_value(value).map_err(|p| p.in_member(text))?));
        }
        Ok(VecMap::from_pairs(pairs))
    }
}

impl<K: FromKey + Ord, V: FromValue> FromValue for std::collections::BTreeMap<K, V> {
    #[inline(never)]
    fn from_value(value: &Value) -> Result<Self, Problem> {
        let mut out = std::collections::BTreeMap::new();
        for (text, value) in members(value)? {
            let key = K::from_key(text).map_err(|p| p.in_member(text))?;
            out.insert(key, V::from_value(value).map_err(|p| p.in_member(text))?);
        }
        Ok(out)
    }
}

/// A map's members, listed once by one function: walking serde_json's map (a B-tree) inline
/// in every map's reader cost 1-2 KB of the .wasm each.
#[inline(never)]
fn members(value: &Value) -> Result<Vec<(&str, &Value)>, Problem> {
    match value {
        Value::Object(members) => Ok(members.iter().map(|(k, v)| (k.as_str(), v)).collect()),
        _ => Err(invalid_type(value, "a map")),
    }
}

impl<T: FromValue + Ord> FromValue for VecSet<T> {
    fn from_value(value: &Value) -> Result<Self, Problem> {
        Vec::<T>::from_value(value).map(VecSet::from_items)
    }
}

/// A struct as its reader sees it: its name (for "expected struct …"), its fields' JSON names
/// in declaration order, and whether a member that is none of them is refused
/// (`#[serde(deny_unknown_fields)]`) or ignored.
pub struct Shape {
    pub name: &'static str,
    pub fields: &'static [&'static str],
    pub deny_unknown: bool,
}

impl Shape {
    /// serde's refusal of a member named `key` that is none of the fields.
    pub fn unknown_field(&self, key: &str) -> String {
        if self.fields.is_empty() {
            format!("unknown field `{key}`, there are no fields")
        } else {
            format!("unknown field `{key}`, expected {}", one_of(self.fields))
        }
    }

    /// serde's "missing field" for the first of the `required` positions absent from `seen` (a
    /// bit per position present).
    pub fn missing_field(&self, seen: u64, required: &[usize]) -> Option<String> {
        let at = required.iter().find(|&&at| seen & (1 << at) == 0)?;
        let name = self.fields.get(*at).copied().unwrap_or_default();
        Some(format!("missing field `{name}`"))
    }
}

/// Reads an object's members: `set` reads the value of the field at a position of
/// `shape.fields`; a member that is none of them is refused or ignored as `shape` says. Returns which positions were present (a bit each; structs have at most 64 fields).
///
/// Not generic (`set` is a trait object): one copy for every struct, which is the point.
#[inline(never)]
pub fn object(
    value: &Value,
    shape: &Shape,
    set: &mut dyn FnMut(usize, &Value) -> Result<(), Problem>,
) -> Result<u64, Problem> {
    let Value::Object(members) = value else {
        return Err(invalid_type(value, &format!("struct {}", shape.name)));
    };
    let mut seen = 0u64;
    for (key, value) in members {
        match shape.fields.iter().position(|f| f == key) {
            Some(at) => {
                set(at, value).map_err(|p| p.in_member(key))?;
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
pub fn put<T: FromValue>(slot: &mut T, value: &Value) -> Result<(), Problem> {
    *slot = T::from_value(value)?;
    Ok(())
}

/// [`FromValue`] for a struct: its fields in declaration order with their JSON names, whether
/// an unknown member is refused (ignored unless `deny_unknown: true`), the
/// positions of the required ones (serde's derive requires every field without
/// `#[serde(default)]` that is not an `Option`) and the value it starts from (required fields'
/// values there are placeholders: each is replaced, or the struct refused).
macro_rules! value_struct {
    (
        $name:ident { $($field:ident: $json:literal),+ $(,)? }
        required: [$($required:literal),*], start: $start:expr
    ) => {
        $crate::util::value_reader::value_struct!(
            $name { $($field: $json),+ } deny_unknown: false, required: [$($required),*],
            start: $start
        );
    };
    (
        $name:ident { $($field:ident: $json:literal),+ $(,)? } deny_unknown: $deny:literal,
        required: [$($required:literal),*], start: $start:expr
    ) => {
        impl $crate::util::value_reader::FromValue for $name {
            fn from_value(
                value: &serde_json::Value,
            ) -> Result<Self, $crate::util::value_reader::Problem> {
                use $crate::util::value_reader::{Shape, object, put, require};
                const SHAPE: Shape = Shape {
                    name: stringify!($name),
                    fields: &[$($json),+],
                    deny_unknown: $deny,
                };
                let mut out: $name = $start;
                let seen = object(value, &SHAPE, &mut |at, value| {
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
pub(crate) use value_struct;

/// `T` read from JSON text: serde_json's syntax errors (with line and column) or the reader's
/// refusal (with the value's path).
pub fn from_text<T: FromValue>(text: &str) -> Result<T, String> {
    let value: Value = crate::util::json::from_str(text).map_err(|e| e.to_string())?;
    T::from_value(&value).map_err(|p| p.to_string())
}

/// A code of a closed list (`kind`), as its text. Generic only in its last step.
pub fn code<T: crate::util::string_enum::DataText>(value: &Value) -> Result<T, Problem> {
    let text = code_text(value, T::NAME)?;
    T::parse_text(text).ok_or_else(|| unknown_code(text, T::TEXTS))
}

fn code_text<'v>(value: &'v Value, name: &str) -> Result<&'v str, Problem> {
    match value {
        Value::String(text) => Ok(text),
        _ => Err(invalid_type(value, &format!("enum {name}"))),
    }
}

/// An option's value named by its text (`lang`, `edition`, `source`): read as serde reads a
/// `String`, an unknown text refused with the option's sentence, which lists the values allowed
/// (the one [`crate::util::string_enum::parse_option`] gives).
pub fn option_text<T: crate::util::string_enum::OptionText>(value: &Value) -> Result<T, Problem> {
    match value {
        Value::String(text) => T::from_text(text).ok_or_else(|| Problem::new(T::unknown(text))),
        _ => Err(invalid_type(value, "a string")),
    }
}

/// serde's refusal of a text that is none of the list's.
#[inline(never)]
pub fn unknown_code(text: &str, texts: &[&str]) -> Problem {
    Problem::new(unknown_variant(text, texts))
}

/// serde's words for a text that is none of `texts`.
pub fn unknown_variant(text: &str, texts: &[&str]) -> String {
    format!("unknown variant `{text}`, expected {}", one_of(texts))
}

/// serde's list of alternatives: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.len() {
        1 | 2 => quoted.join(" or "),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

/// [`FromValue`] for codes of closed lists (`string_enum!`s read from data), through [`code`].
macro_rules! codes_from_value {
    ($($name:ty),+) => {$(
        impl $crate::util::value_reader::FromValue for $name {
            fn from_value(
                value: &serde_json::Value,
            ) -> Result<Self, $crate::util::value_reader::Problem> {
                $crate::util::value_reader::code(value)
            }
        }
    )+};
}
pub(crate) use codes_from_value;
