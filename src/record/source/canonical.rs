//! The canonical JSON format (documented by `schema/record.schema.json`).

use super::{Adapter, Context, Converted, Cursor, KeySet, Rejection};
use crate::record::{Field, Record, Text};

pub struct Canonical;

impl Adapter for Canonical {
    fn tool(&self) -> &'static str {
        "canonical"
    }

    fn detect(&self, keys: &KeySet) -> bool {
        keys.has("kind")
    }

    fn convert<'a>(
        &self,
        raw: &'a str,
        _cx: &Context,
        at: &mut Cursor<'_>,
    ) -> Result<Converted<'a>, Rejection> {
        let text = raw;
        if !text.starts_with('{') {
            return Err(at.reject("", "a record must be a JSON object"));
        }
        // serde_json's position is relative to the record; the path says where it is.
        let mut record: Record<'a> = match serde_json::from_str(text) {
            Ok(r) => r,
            Err(err) => match super::doc::typed_fallback(text, &err, at) {
                Some(r) => r?,
                None => return Err(at.parse_failure(err, text)),
            },
        };
        if record.id.is_blank() {
            return Err(at.reject(".id", "a record needs a non-empty `id`"));
        }
        if record.origin.tool.is_none() {
            record.origin.tool = Some(Text::borrowed("canonical"));
        }
        record.raw = Some(raw);
        if let Some(m) = record.measurement.as_mut()
            && m.met.is_absent()
            && let (Some(target), Some(actual)) = (m.target.value(), m.actual.value())
        {
            let lower = m.lower_is_better.value().copied().unwrap_or(false);
            m.met = Field::Value(if lower {
                actual <= target
            } else {
                actual >= target
            });
        }
        Ok(record.into())
    }
}
