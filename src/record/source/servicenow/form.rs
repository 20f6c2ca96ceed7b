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
const _: () = assert!(SEPARATOR as u32 == 0, "first_zero looks for a zero byte");

/// Shape bits of a field in the layout: a plain string (no bit), or an object (`OBJECT`) with
/// the strings it has, in this order in the text: `value`, `display_value`, `link`. `SAME`: the
/// display value is the value (no piece of its own; forms repeat the value in a quarter of their
/// fields).
pub const OBJECT: u8 = 0x80;
pub const VALUE: u8 = 0x01;
pub const DISPLAY: u8 = 0x02;
pub const LINK: u8 = 0x04;
pub const SAME: u8 = 0x08;

/// The names of the fields the adapter reads, in the order the layout numbers them.
pub fn form_fields() -> impl Iterator<Item = &'static str> {
    F::ALL.iter().map(|f| f.key())
}

/// The name of the field the layout numbers `index`.
pub fn form_field(index: u8) -> Option<&'static str> {
    F::ALL.get(usize::from(index)).map(|f| f.key())
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
    let mut pieces = Pieces {
        rest: Some(values),
    };
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
            let value = if shape & VALUE != 0 { Some(next()?) } else { None };
            field.display = match (shape & DISPLAY != 0, shape & SAME != 0) {
                (true, false) => Some(next()?),
                (false, true) => Some(value.clone()?),
                (false, false) => None,
                (true, true) => return None,
            };
            field.value = value.map(Scalar::Str);
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
    pieces.rest.is_none().then_some(rec)
}

/// The pieces of the values text, found a word at a time ([`first_zero`]): `str::split` cost
/// a searcher call per piece and a byte loop a few instructions a byte.
struct Pieces<'a> {
    /// What is not read yet; `None` after the last piece.
    rest: Option<&'a str>,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match first_zero(rest.as_bytes()) {
            Some(at) => {
                self.rest = rest.get(at + 1..);
                rest.get(..at)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The position of the first zero byte: eight bytes at a time (a word has a zero byte exactly
/// when `(w - 0x01…01) & !w & 0x80…80` is not zero), then the word that has it byte by byte.
fn first_zero(bytes: &[u8]) -> Option<usize> {
    const LOW: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk).map(u64::from_le_bytes) else {
            break;
        };
        if word.wrapping_sub(LOW) & !word & HIGH != 0 {
            break;
        }
        at += 8;
    }
    let tail = bytes.get(at..)?;
    tail.iter().position(|&b| b == 0).map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_zero_agrees_with_a_byte_loop() {
        let mut bytes = vec![b'a'; 40];
        assert_eq!(first_zero(&bytes), None);
        for len in 0usize..40 {
            for zero in 0..len {
                for (other, value) in [(0, 0x80u8), (len.saturating_sub(1), 0xff), (zero / 2, 0x01)] {
                    bytes.fill(b'a');
                    if let Some(b) = bytes.get_mut(other) {
                        *b = value;
                    }
                    bytes[zero] = 0;
                    let slice = &bytes[..len];
                    assert_eq!(first_zero(slice), slice.iter().position(|&b| b == 0), "{slice:?}");
                }
            }
        }
    }

    #[test]
    fn pieces_split_on_the_separator_and_count_exactly() {
        let pieces = |text| Pieces { rest: Some(text) }.collect::<Vec<_>>();
        assert_eq!(pieces(""), [""]);
        assert_eq!(pieces("a\0"), ["a", ""]);
        assert_eq!(pieces("\0\0b"), ["", "", "b"]);
        assert_eq!(pieces("INC0010023\0 Network \0日本語 😀\0x"), ["INC0010023", " Network ", "日本語 😀", "x"]);
        // Plain string, object with value and display, object with a link: five pieces.
        let layout = [1, 0, 10, OBJECT | VALUE | DISPLAY, 13, OBJECT | LINK];
        assert!(read_form("INC1\0network\0Network\0https://x/api/now/u/1", &layout).is_some());
        assert!(read_form("INC1\0network\0Network\0https://x/api/now/u/1\0extra", &layout).is_none());
        assert!(read_form("INC1\0network\0Network", &layout).is_none());
        // The same field twice, or a place beyond the fields: not a form's layout.
        assert!(read_form("a\0b", &[1, 0, 1, 0]).is_none());
        assert!(read_form("a", &[250, 0]).is_none());
        assert!(read_form("", &[]).is_some() && read_form("x", &[]).is_none());
        // The display value given as the value's: read as the same text; never without a value.
        let rec = read_form(" Network ", &[10, OBJECT | VALUE | SAME]).unwrap();
        let field = rec.get(F::ALL[10]);
        assert_eq!(field.display.as_deref(), Some("Network"));
        assert!(matches!(&field.value, Some(Scalar::Str(t)) if &**t == "Network"));
        assert!(read_form("", &[10, OBJECT | SAME]).is_none());
        assert!(read_form("a\0b", &[10, OBJECT | VALUE | DISPLAY | SAME]).is_none());
    }
}
