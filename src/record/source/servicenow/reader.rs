//! Reading typed values (text, references, times, levels, choices) from a record's fields in
//! its encoding, with a warning naming the field for each value that cannot be read.

use super::super::{Context, Cursor};
use super::codes::leading_code;
use super::field::{Scalar, SnField};
use crate::record::source::doc::number_text;
use super::read::{F, SnRecord};
use super::table::{Mode, Table};
use crate::record::time::Instant;
use crate::record::value::{Field, Level, Text};

/// Reads fields of one record, given its encoding.
pub(super) struct Reader<'r, 'a, 'w, 'c> {
    pub(super) rec: &'r SnRecord<'a>,
    pub(super) mode: Mode,
    pub(super) cx: &'c Context,
    pub(super) at: &'r mut Cursor<'w>,
    pub(super) table: Table,
}

impl<'a> Reader<'_, 'a, '_, '_> {
    pub(super) fn field(&self, f: F) -> &SnField<'a> {
        self.rec.get(f)
    }

    /// The database value of a field, when the payload has one.
    pub(super) fn code(&self, f: F) -> Option<Scalar<'a>> {
        code_in(self.field(f), self.mode).cloned()
    }

    /// The display label of a field, when the payload has one.
    pub(super) fn label(&self, f: F) -> Option<Text<'a>> {
        label_in(self.field(f), self.mode).cloned()
    }

    /// Code as text ("" counts as empty).
    pub(super) fn code_text(&self, f: F) -> Option<Text<'a>> {
        code_text_in(self.field(f), self.mode).map(CodeText::into_text)
    }

    /// A text field: the value, or the label for display-only payloads.
    pub(super) fn text(&self, f: F) -> Field<Text<'a>> {
        let field = self.field(f);
        if !field.present {
            return Field::Absent;
        }
        match code_or_label(field, self.mode) {
            Some(t) if !t.is_blank() => Field::Value(t.into_text()),
            _ => Field::Null,
        }
    }

    /// The record's number: its value, else its display value (blank counts as none).
    pub(super) fn number(&self) -> Option<Text<'a>> {
        let field = self.field(F::number);
        code_text_in(field, self.mode)
            .filter(|t| !t.is_blank())
            .or_else(|| label_in(field, self.mode).filter(|t| !t.is_blank()).map(CodeText::Ref))
            .map(CodeText::into_text)
    }

    /// The display value of a reference when the reference itself is read from its sys_id: for
    /// a task that is its number, another key the row names the task by.
    pub(super) fn reference_display(&self, f: F) -> Option<Text<'a>> {
        let shown = self.label(f).filter(|t| !t.is_blank())?;
        match self.reference(f) {
            Field::Value(id) if *id != *shown => Some(shown),
            _ => None,
        }
    }

    /// A reference: the target's sys_id (from `value`, or from the `link`), or its display name.
    pub(super) fn reference(&self, f: F) -> Field<Text<'a>> {
        let field = self.field(f);
        if !field.present {
            return Field::Absent;
        }
        if let Some(t) = code_text_in(field, self.mode).filter(|t| !t.is_blank()) {
            return Field::Value(t.into_text());
        }
        if let Some(id) = field
            .link
            .as_ref()
            .and_then(|l| l.rsplit('/').next())
            .filter(|s| !s.is_empty())
        {
            return Field::Value(Text::owned(id.to_string()));
        }
        match label_in(field, self.mode) {
            Some(t) if !t.is_blank() => Field::Value(t.clone()),
            _ => Field::Null,
        }
    }

    pub(super) fn instant(&mut self, f: F) -> Field<Instant> {
        let rec = self.rec;
        let field = rec.get(f);
        if !field.present {
            return Field::Absent;
        }
        // The database value is UTC; a display value is in the user's zone.
        if let Some(code) = code_text_in(field, self.mode) {
            if code.is_blank() {
                return Field::Null;
            }
            if let Some(i) = Instant::parse_utc(code.as_str()) {
                return Field::Value(i);
            }
            let shown = field.describe();
            self.at.warn(
                f.key(),
                "not a date-time ServiceNow sends (expected YYYY-MM-DD HH:MM:SS)",
                &shown,
            );
            return Field::Absent;
        }
        match label_in(field, self.mode) {
            None => Field::Null,
            Some(t) if t.is_blank() || &**t == "UNKNOWN" => Field::Null,
            Some(t) => match Instant::parse(t, self.cx.time_zone.as_ref()) {
                Some((i, _)) => Field::Value(i),
                None => {
                    let shown = field.describe();
                    self.at.warn(
                        f.key(),
                        "display date in a user format the engine cannot read; fetch with sysparm_display_value=all or false",
                        &shown,
                    );
                    Field::Absent
                }
            },
        }
    }

    pub(super) fn boolean(&mut self, f: F) -> Field<bool> {
        if !self.field(f).present {
            return Field::Absent;
        }
        let from_text = |t: &str| match t.trim() {
            "true" | "1" | "yes" | "はい" => Some(true),
            "false" | "0" | "no" | "いいえ" => Some(false),
            _ => None,
        };
        let parsed = match self.code(f) {
            Some(Scalar::Bool(b)) => Some(Some(b)),
            Some(Scalar::Num(n)) => Some(Some(n != 0.0)),
            Some(Scalar::Str(t)) if t.is_blank() => Some(None),
            Some(Scalar::Str(t)) => from_text(&t).map(Some),
            Some(Scalar::Null) => Some(None),
            None => match self.label(f) {
                None => Some(None),
                Some(t) if t.is_blank() => Some(None),
                Some(t) => from_text(&t).map(Some),
            },
        };
        match parsed {
            Some(v) => Field::from_option(v),
            None => {
                let shown = self.field(f).describe();
                self.at.warn(f.key(), "expected true or false", &shown);
                Field::Absent
            }
        }
    }

    pub(super) fn count(&mut self, f: F) -> Field<u32> {
        let rec = self.rec;
        let field = rec.get(f);
        if !field.present {
            return Field::Absent;
        }
        match code_or_label(field, self.mode) {
            None => Field::Null,
            Some(t) if t.is_blank() => Field::Null,
            Some(t) => match number_in(t.as_str().trim()) {
                Ok(n) if n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX) => {
                    Field::Value(n as u32)
                }
                _ => {
                    let shown = self.field(f).describe();
                    self.at.warn(f.key(), "expected a whole number", &shown);
                    Field::Absent
                }
            },
        }
    }

    /// Priority (1–5) or impact/urgency (1–3): from the code, or the code inside "2 - High".
    pub(super) fn level(&mut self, f: F, max: u8) -> Field<Level<'a>> {
        let rec = self.rec;
        let field = rec.get(f);
        if !field.present {
            return Field::Absent;
        }
        let code = code_text_in(field, self.mode);
        let label = label_in(field, self.mode);
        let from_code = code
            .as_ref()
            .filter(|c| !c.is_blank())
            .map(|c| number_in(c.as_str().trim()).ok());
        let value = match from_code {
            Some(Some(n)) if n.fract() == 0.0 && n >= 1.0 && n <= f64::from(max) => Some(n as u8),
            Some(_) => None,
            None => match label {
                None => return Field::Null,
                Some(l) if l.is_blank() => return Field::Null,
                Some(l) => leading_code(l).filter(|v| (1..=max).contains(v)),
            },
        };
        match value {
            Some(value) => Field::Value(Level {
                value,
                code: code.filter(|c| !c.is_blank()).map(CodeText::into_text),
                label: label.cloned(),
            }),
            None => {
                let shown = self.field(f).describe();
                self.at.warn(
                    f.key(),
                    format!("expected a code 1-{max} (or a label such as \"2 - High\")"),
                    &shown,
                );
                Field::Absent
            }
        }
    }

    /// What the instance context (`choices`, keyed `<table>.<field>` or `<field>`) says a code
    /// or label of this field means.
    pub(super) fn mapped(&self, f: F) -> Option<String> {
        // Most instances map no choices: no path to build for every choice field of every record.
        if !self.cx.has_choices() {
            return None;
        }
        let path = format!("{}.{}", self.table.name(), f.key());
        let code = self.code_text(f).filter(|c| !c.is_blank());
        let label = self.label(f).filter(|l| !l.is_blank());
        code.as_deref()
            .and_then(|c| self.cx.choice(&path, c.trim()))
            .or_else(|| {
                label
                    .as_deref()
                    .and_then(|l| self.cx.choice(&path, l.trim()))
            })
            .map(|m| m.trim().to_lowercase())
    }

    /// A choice field read as a lower-case code, falling back to the English or Japanese label;
    /// the instance's `choices` come first.
    pub(super) fn choice<T>(
        &mut self,
        f: F,
        what: &str,
        decode: impl Fn(&str) -> Option<T>,
    ) -> Field<T> {
        let rec = self.rec;
        let field = rec.get(f);
        if !field.present {
            return Field::Absent;
        }
        let code = code_text_in(field, self.mode).filter(|c| !c.is_blank());
        let label = label_in(field, self.mode).filter(|l| !l.is_blank());
        if code.is_none() && label.is_none() {
            return Field::Null;
        }
        let decoded = match self.mapped(f) {
            Some(m) => decode(&m),
            None => code
                .as_ref()
                .and_then(|c| decode(&crate::util::lowercase(c.as_str().trim(), &mut [0; 64])))
                .or_else(|| {
                    label.and_then(|l| decode(&crate::util::lowercase(l.trim(), &mut [0; 64])))
                }),
        };
        match decoded {
            Some(v) => Field::Value(v),
            None => {
                let shown = self.field(f).describe();
                self.at.warn(
                    f.key(),
                    format!("unknown {what} (map it with context.choices)"),
                    &shown,
                );
                Field::Absent
            }
        }
    }
}

/// The database value of `field` read in `mode`, when the payload has one.
fn code_in<'f, 'a>(field: &'f SnField<'a>, mode: Mode) -> Option<&'f Scalar<'a>> {
    if !field.present {
        return None;
    }
    if field.object {
        return field.value.as_ref();
    }
    match mode {
        Mode::Display => None,
        _ => field.value.as_ref(),
    }
}

/// The display label of `field` read in `mode`, when the payload has one.
fn label_in<'f, 'a>(field: &'f SnField<'a>, mode: Mode) -> Option<&'f Text<'a>> {
    if field.object {
        return field.display.as_ref();
    }
    match (mode, &field.value) {
        (Mode::Display, Some(Scalar::Str(t))) => Some(t),
        _ => None,
    }
}

/// A code as text, still borrowed from the field when it was sent as a string: most reads only
/// test or parse it, and only the ones that keep it pay for a copy.
enum CodeText<'f, 'a> {
    Ref(&'f Text<'a>),
    Made(Text<'a>),
}

impl<'a> CodeText<'_, 'a> {
    fn as_str(&self) -> &str {
        match self {
            CodeText::Ref(t) => t,
            CodeText::Made(t) => t,
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            CodeText::Ref(t) => t.is_blank(),
            CodeText::Made(t) => t.is_blank(),
        }
    }

    fn into_text(self) -> Text<'a> {
        match self {
            CodeText::Ref(t) => t.clone(),
            CodeText::Made(t) => t,
        }
    }
}

/// [`Reader::code_text`] of `field` without copying a string code.
fn code_text_in<'f, 'a>(field: &'f SnField<'a>, mode: Mode) -> Option<CodeText<'f, 'a>> {
    Some(match code_in(field, mode)? {
        Scalar::Str(t) => CodeText::Ref(t),
        Scalar::Num(n) => CodeText::Made(number_text(*n)),
        Scalar::Bool(b) => CodeText::Made(Text::borrowed(if *b { "true" } else { "false" })),
        Scalar::Null => CodeText::Made(Text::borrowed("")),
    })
}

/// The code as text, else the label.
fn code_or_label<'f, 'a>(field: &'f SnField<'a>, mode: Mode) -> Option<CodeText<'f, 'a>> {
    code_text_in(field, mode).or_else(|| label_in(field, mode).map(CodeText::Ref))
}

/// `text` parsed as `f64` (as `str::parse` does), with short runs of digits — the codes of
/// levels and the counts — read directly: a float parse is the dearer part of reading them.
pub(super) fn number_in(text: &str) -> Result<f64, std::num::ParseFloatError> {
    let digits = text.as_bytes();
    if !digits.is_empty() && digits.len() <= 15 && digits.iter().all(u8::is_ascii_digit) {
        let n = digits
            .iter()
            .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
        // Below 10^15, every whole number is exact in a double.
        return Ok(n as f64);
    }
    text.parse::<f64>()
}
