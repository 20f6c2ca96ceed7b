//! The canonical record written as JSON text (`normalize`), by one small function per field type
//! and one per struct, not through serde's derived `Serialize` of the record and its 29 detail
//! and part structs: with serde_json's serializer inlined into it, that was 23 KB of the .wasm
//! in one function.
//!
//! The text is serde_json's compact text of the record, byte for byte (the derives stay:
//! natively they are this writer's test oracle, `tests.rs`): members in declaration order, an
//! absent field or a `None` left out, `Field::Null` written `null`, strings escaped as serde_json
//! escapes them, numbers as it writes them.

use super::*;
use crate::record::time::Instant;
use crate::record::value::{Field, Level, Text};

/// A value of the record written as JSON.
pub trait WriteJson {
    fn write_json(&self, out: &mut String);

    /// Whether the member holding this value is left out (an absent field, a `None`).
    fn omitted(&self) -> bool {
        false
    }
}

/// `text` as a JSON string, escaped as serde_json escapes it: `"`, `\` and the control
/// characters below U+0020 (the common ones by their short escapes), nothing else.
pub fn write_str(out: &mut String, text: &str) {
    out.push('"');
    let mut run = 0;
    for (i, b) in text.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(text.get(run..i).unwrap_or_default());
        run = i + 1;
        if short.is_empty() {
            // serde_json's hex digits are lower-case, as `from_digit`'s.
            out.push_str("\\u00");
            for digit in [b >> 4, b & 0xf] {
                out.push(char::from_digit(u32::from(digit), 16).unwrap_or('0'));
            }
        } else {
            out.push_str(short);
        }
    }
    out.push_str(text.get(run..).unwrap_or_default());
    out.push('"');
}

impl WriteJson for Text<'_> {
    fn write_json(&self, out: &mut String) {
        write_str(out, self);
    }
}

impl WriteJson for bool {
    fn write_json(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

impl WriteJson for u32 {
    fn write_json(&self, out: &mut String) {
        out.push_str(itoa::Buffer::new().format(*self));
    }
}

impl WriteJson for u8 {
    fn write_json(&self, out: &mut String) {
        out.push_str(itoa::Buffer::new().format(*self));
    }
}

impl WriteJson for f64 {
    /// As serde_json writes a double: its shortest text, `null` when not finite.
    fn write_json(&self, out: &mut String) {
        if self.is_finite() {
            out.push_str(zmij::Buffer::new().format_finite(*self));
        } else {
            out.push_str("null");
        }
    }
}

impl WriteJson for Instant {
    fn write_json(&self, out: &mut String) {
        // Its text (RFC 3339 in UTC) has nothing to escape.
        out.push('"');
        let _ = std::fmt::Write::write_fmt(out, format_args!("{self}"));
        out.push('"');
    }
}

impl<T: WriteJson> WriteJson for Field<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Field::Value(v) => v.write_json(out),
            _ => out.push_str("null"),
        }
    }

    fn omitted(&self) -> bool {
        self.is_absent()
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    fn write_json(&self, out: &mut String) {
        match self {
            Some(v) => v.write_json(out),
            None => out.push_str("null"),
        }
    }

    fn omitted(&self) -> bool {
        self.is_none()
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: WriteJson> WriteJson for Box<T> {
    fn write_json(&self, out: &mut String) {
        (**self).write_json(out);
    }
}

/// [`WriteJson`] for the record's codes: their text.
macro_rules! codes {
    ($($name:ty),+) => {$(
        impl WriteJson for $name {
            fn write_json(&self, out: &mut String) {
                // Codes are lower-case words: nothing to escape.
                out.push('"');
                out.push_str(self.as_str());
                out.push('"');
            }
        }
    )+};
}

crate::record::model::with_record_codes!(codes);

/// Writes a struct's member unless its value is [`WriteJson::omitted`]. Not generic (the value
/// is a trait object): one copy for every member of every struct, and each type's writer once,
/// not inlined into every struct that holds it.
#[inline(never)]
pub fn member(out: &mut String, first: &mut bool, name: &str, value: &dyn WriteJson) {
    if value.omitted() {
        return;
    }
    if !std::mem::take(first) {
        out.push(',');
    }
    out.push('"');
    out.push_str(name);
    out.push_str("\":");
    value.write_json(out);
}

/// [`WriteJson`] for a struct of the record: its fields in declaration order, each under the
/// camelCase of its name (as serde's `rename_all = "camelCase"` names it).
macro_rules! struct_writer {
    ($name:ident { $($field:ident),+ $(,)? }) => {
        impl $crate::record::model::write::WriteJson for $name<'_> {
            fn write_json(&self, out: &mut String) {
                use $crate::record::model::write::member;
                let mut first = true;
                out.push('{');
                $(
                    member(
                        out,
                        &mut first,
                        $crate::record::source::canonical::tree::json_name!($field),
                        &self.$field,
                    );
                )+
                out.push('}');
            }
        }
    };
}
pub(crate) use struct_writer;

struct_writer!(Level { value, code, label });
struct_writer!(Origin {
    tool,
    shape,
    table,
    url
});
struct_writer!(SlaEntry {
    name,
    stage,
    breached,
    start,
    due,
    stop,
    source
});
struct_writer!(Link {
    rel,
    target,
    target_kind
});
struct_writer!(Approval {
    state,
    approver,
    group,
    at
});
struct_writer!(SlaTarget {
    metric,
    value,
    unit
});
struct_writer!(Record {
    id,
    kind,
    number,
    title,
    state,
    state_label,
    priority,
    impact,
    urgency,
    category,
    service,
    assignment_group,
    assignee,
    requester,
    opened_at,
    updated_at,
    resolved_at,
    closed_at,
    approval,
    approvals,
    links,
    sla,
    incident,
    request,
    problem,
    change,
    release,
    ci,
    service_detail,
    agreement,
    measurement,
    document,
    audit,
    review,
    report,
    improvement,
    nonconformity,
    test,
    capacity,
    supplier,
    complaint,
    survey,
    activity,
    origin,
});
