//! A live form's record read from the values JavaScript picked out of it: the names are known
//! once per form ([`form_fields`]), each call brings the values of the fields present as one
//! text (pieces joined by [`SEPARATOR`]) and a layout of two bytes a field (its place in
//! [`form_fields`], its shape). No JSON is scanned: the record is built from the slices and
//! then converted exactly as an element of an input is ([`ServiceNow::convert_read`]).

use super::super::{Context, Converted, Cursor, Rejection};
use super::ServiceNow;
use super::field::{Scalar, SnField};
use super::read::{F, SnRecord};
use crate::record::value::Text;

/// Between two values in the form's text. A value holding it makes the pieces miscount, and the
/// call declines (JavaScript then checks the record the general way).
pub const SEPARATOR: char = '\0';

/// Shape bits of a field in the layout: a plain string (no bit), or an object (`OBJECT`) with
/// the strings it has, in this order in the text: `value`, `display_value`, `link`.
pub const OBJECT: u8 = 0x80;
pub const VALUE: u8 = 0x01;
pub const DISPLAY: u8 = 0x02;
pub const LINK: u8 = 0x04;

/// The names of the fields the adapter reads, in the order the layout numbers them.
pub fn form_fields() -> impl Iterator<Item = &'static str> {
    F::ALL.iter().map(|f| f.key())
}

/// The record of one form call, converted; `None` when the values do not fit the layout (a
/// value held the separator, a number out of range): the caller then takes the general path.
pub fn convert_form<'a>(
    values: &'a str,
    layout: &[u8],
    cx: &Context,
    at: &mut Cursor<'_>,
) -> Option<Result<Converted<'a>, Rejection>> {
    let rec = read_form(values, layout)?;
    Some(ServiceNow.convert_read(&rec, None, cx, at))
}

/// The fields as [`super::read::read_fast`] reads the same strings from JSON: trimmed, an
/// object's parts where it has them.
fn read_form<'a>(values: &'a str, layout: &[u8]) -> Option<SnRecord<'a>> {
    if layout.is_empty() {
        return values.is_empty().then(SnRecord::new);
    }
    let mut pieces = values.split(SEPARATOR);
    let mut next = || pieces.next().map(|p| Text::borrowed(p.trim_ascii()));
    let mut rec = SnRecord::new();
    for pair in layout.chunks_exact(2) {
        let (&index, &shape) = (pair.first()?, pair.get(1)?);
        let f = *F::ALL.get(usize::from(index))?;
        let field = if shape & OBJECT == 0 {
            SnField::plain(Scalar::Str(next()?))
        } else {
            let mut field = SnField {
                present: true,
                object: true,
                ..SnField::default()
            };
            if shape & VALUE != 0 {
                field.value = Some(Scalar::Str(next()?));
            }
            if shape & DISPLAY != 0 {
                field.display = Some(next()?);
            }
            if shape & LINK != 0 {
                field.link = Some(next()?);
            }
            field
        };
        // A JavaScript object has each key once: a repeat is a layout that is not the form's.
        if rec.set(f, field).is_some() {
            return None;
        }
    }
    // Every piece used, none left over: no value held the separator.
    pieces.next().is_none().then_some(rec)
}
