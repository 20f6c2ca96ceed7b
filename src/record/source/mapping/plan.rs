//! The mapping with its columns found in the table: a column the CSV lacks is an error of the
//! mapping, with its JSON path.

use super::{FieldType, KindSource, Mapping, ValueMap, field_type};
use crate::error::{Error, Result};
use crate::record::source::csv::{Table, norm};

/// A column's position in the table; a column the CSV lacks is an error of the mapping.
pub(super) fn column(table: &Table, name: &str, path: &str) -> Result<usize> {
    table
        .headers
        .iter()
        .position(|h| h == name.trim())
        .or_else(|| table.headers.iter().position(|h| norm(h) == norm(name)))
        .ok_or_else(|| {
            Error::option(
                path,
                format!(
                    "column {name:?} is not in this CSV (columns: {})",
                    table.headers.join(", ")
                ),
            )
        })
}

/// The mapping with its columns found.
pub(super) struct Plan<'m> {
    pub(super) id: Option<usize>,
    pub(super) number: Option<usize>,
    pub(super) kind: Option<(usize, &'m ValueMap)>,
    pub(super) fixed_kind: Option<&'m str>,
    pub(super) state: Option<(usize, &'m ValueMap)>,
    pub(super) fields: Vec<(&'m str, FieldType, usize, Option<&'m ValueMap>)>,
    pub(super) tool: &'m str,
}

pub(super) fn plan<'m>(table: &Table, m: &'m Mapping) -> Result<Plan<'m>> {
    const AT: &str = "context.mapping";
    let id = match (&m.id, &m.event_log) {
        (Some(c), _) => Some(column(table, c, &format!("{AT}.id"))?),
        (None, Some(log)) => Some(column(table, &log.case, &format!("{AT}.eventLog.case"))?),
        (None, None) => None,
    };
    let number = match &m.number {
        Some(c) => Some(column(table, c, &format!("{AT}.number"))?),
        None => None,
    };
    let (kind, fixed_kind) = match &m.kind {
        None => (None, None),
        Some(KindSource::Fixed(k)) => (None, Some(k.as_str())),
        Some(KindSource::Column(v)) => (
            Some((column(table, &v.column, &format!("{AT}.kind.column"))?, v)),
            None,
        ),
    };
    let state = match &m.state {
        Some(v) => Some((column(table, &v.column, &format!("{AT}.state.column"))?, v)),
        None => None,
    };
    let mut fields = Vec::new();
    for (path, source) in &m.fields {
        let at = format!("{AT}.fields.{path}");
        let ty = field_type(path).ok_or_else(|| Error::option(&at, "not a canonical field"))?;
        let i = column(table, source.column(), &at)?;
        fields.push((path.as_str(), ty, i, source.values()));
    }
    Ok(Plan {
        id,
        number,
        kind,
        fixed_kind,
        state,
        fields,
        tool: m.tool.as_deref().unwrap_or("mapped"),
    })
}
