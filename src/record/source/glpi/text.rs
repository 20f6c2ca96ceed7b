//! GLPI's text values: dropdowns (foreign keys or, with `expand_dropdowns`, names), names with
//! HTML entities, and rich text, each read as the plain text an evaluation compares.

use std::borrow::Cow;

use super::super::doc::Doc;
use super::super::ticket_tools::{decode_entities, html_to_text};
use crate::record::value::{Field, Text};

/// A dropdown (foreign key): its id, or its name with expand_dropdowns; 0 and GLPI's
/// `&nbsp;` placeholder mean none.
pub(super) fn dropdown<'a>(doc: &mut Doc<'_, 'a, '_>, path: &str) -> Field<Text<'a>> {
    cleaned(doc.reference(path), dropdown_name, |plain| plain == "0")
}

/// Entity-decoded plain text (GLPI ≤ 10 stores `'` as `&#039;`).
pub(super) fn plain<'a>(doc: &mut Doc<'_, 'a, '_>, path: &str) -> Field<Text<'a>> {
    cleaned(doc.text(path), decoded, |_| false)
}

/// Rich text read as plain text: an editor's empty paragraph is empty.
pub(super) fn rich<'a>(doc: &mut Doc<'_, 'a, '_>, path: &str) -> Field<Text<'a>> {
    cleaned(doc.text(path), |t| Cow::Owned(html_to_text(t)), |_| false)
}

fn dropdown_name(t: &str) -> Cow<'_, str> {
    trimmed(decode_entities(t), |c| c.is_whitespace() || c == '\u{a0}')
}

fn decoded(t: &str) -> Cow<'_, str> {
    trimmed(decode_entities(t), char::is_whitespace)
}

/// `text` without the leading and trailing characters `blank` matches.
fn trimmed(text: Cow<'_, str>, blank: impl Fn(char) -> bool) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim_matches(blank)),
        Cow::Owned(s) => Cow::Owned(s.trim_matches(blank).to_string()),
    }
}

/// A text value made plain by `clean`: empty (or a placeholder `none` recognises) is null, and
/// a text `clean` left as it was is kept as read (borrowed from the input).
fn cleaned<'a>(
    read: Field<Text<'a>>,
    clean: impl Fn(&str) -> Cow<'_, str>,
    none: impl Fn(&str) -> bool,
) -> Field<Text<'a>> {
    let Field::Value(t) = read else {
        return read;
    };
    let plain = clean(&t);
    if plain.is_empty() || none(&plain) {
        Field::Null
    } else if *plain == *t {
        drop(plain);
        Field::Value(t)
    } else {
        Field::Value(Text::owned(plain.into_owned()))
    }
}

/// `a`, or when it has no value `b` (read only then); null when either was carried empty.
pub(super) fn first_present<T>(a: Field<T>, b: impl FnOnce() -> Field<T>) -> Field<T> {
    match a {
        Field::Value(_) => a,
        Field::Null => match b() {
            Field::Value(v) => Field::Value(v),
            _ => Field::Null,
        },
        Field::Absent => b(),
    }
}
