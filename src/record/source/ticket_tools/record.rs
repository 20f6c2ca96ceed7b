//! A record as the ticket tools start one: its origin, and the detail object of its kind.

use crate::record::model::{Kind, Origin, Record};
use crate::record::value::Text;
#[cfg(any(feature = "zammad", feature = "znuny"))]
use crate::record::{source::Rejection, source::doc::Doc, value::Field};

/// A record with nothing known but its id and kind.
pub(crate) fn blank_record<'a>(
    id: Text<'a>,
    kind: Kind,
    raw: &'a str,
    tool: &'static str,
    shape: &'static str,
    table: &'static str,
) -> Record<'a> {
    Record {
        origin: Origin {
            tool: Some(Text::borrowed(tool)),
            shape: Some(Text::borrowed(shape)),
            table: Some(Text::borrowed(table)),
            url: None,
        },
        raw: Some(raw),
        ..Record::new(id, kind)
    }
}

/// Creates the detail object of the record's kind (ticket kinds only).
pub(crate) fn ensure_detail(r: &mut Record<'_>) {
    match r.kind {
        Kind::Incident => {
            r.incident.get_or_insert_with(Default::default);
        }
        Kind::ServiceRequest => {
            r.request.get_or_insert_with(Default::default);
        }
        Kind::Problem => {
            r.problem.get_or_insert_with(Default::default);
        }
        Kind::Change => {
            r.change.get_or_insert_with(Default::default);
        }
        Kind::Release => {
            r.release.get_or_insert_with(Default::default);
        }
        _ => {}
    }
}

/// The ticket's id (`id_key`). Without it the ticket is keyed by its number (`number_key`,
/// unique per system), which one warning for the whole input notes; without either it is
/// rejected with `needs`.
#[cfg(any(feature = "zammad", feature = "znuny"))]
pub(crate) fn ticket_id<'a>(
    d: &mut Doc<'_, 'a, '_>,
    tool: &'static str,
    (id_key, number_key): (&'static str, &'static str),
    needs: &str,
) -> Result<Text<'a>, Rejection> {
    match d.reference(id_key) {
        Field::Value(id) => Ok(id),
        _ => match d.text(number_key) {
            Field::Value(number) => {
                d.at.keyed_by(tool, id_key, number_key, &number);
                Ok(number)
            }
            _ => Err(d.at.reject(&format!(".{id_key}"), needs)),
        },
    }
}
