//! The checks a mapping passes before it reads a file: known kinds, states, field paths, levels
//! and lifecycle steps. Each error names its JSON path under `context.mapping`.

use super::{EventLog, FieldSource, FieldType, KindSource, Mapping, STEPS, ValueMap, field_type};
use crate::error::{Error, Result};
use crate::record::model::{Kind, State};

const AT: &str = "context.mapping";

impl Mapping {
    /// Checks the mapping's own values; errors name their JSON path under `context.mapping`.
    pub fn validate(&self) -> Result<()> {
        if self.id.is_none() && self.event_log.is_none() {
            return Err(Error::option(
                &format!("{AT}.id"),
                "name the column of the record id (`id`), or describe an event log (`eventLog`)",
            ));
        }
        if let Some(kind) = &self.kind {
            validate_kind(kind)?;
        }
        if let Some(state) = &self.state {
            validate_state(state)?;
        }
        for (path, source) in &self.fields {
            validate_field(path, source)?;
        }
        if let Some(log) = &self.event_log {
            validate_steps(log)?;
        }
        Ok(())
    }
}

fn known_kind(k: &str, path: String) -> Result<()> {
    match Kind::parse(k) {
        Some(_) => Ok(()),
        None => Err(Error::option(&path, format!("unknown kind {k:?}"))),
    }
}

/// The fixed kind, or every kind of the value map and its default.
fn validate_kind(kind: &KindSource) -> Result<()> {
    match kind {
        KindSource::Fixed(k) => known_kind(k, format!("{AT}.kind")),
        KindSource::Column(m) => {
            for (label, k) in &m.values {
                known_kind(k, format!("{AT}.kind.values[{label:?}]"))?;
            }
            if let Some(k) = &m.default {
                known_kind(k, format!("{AT}.kind.default"))?;
            }
            Ok(())
        }
    }
}

/// Every state of the value map and its default.
fn validate_state(state: &ValueMap) -> Result<()> {
    let states = State::ALL
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let entries = state
        .values
        .iter()
        .map(|(l, s)| (format!("{AT}.state.values[{l:?}]"), s))
        .chain(
            state
                .default
                .iter()
                .map(|s| (format!("{AT}.state.default"), s)),
        );
    for (path, s) in entries {
        if State::parse(s).is_none() {
            return Err(Error::option(
                &path,
                format!("unknown state {s:?}; expected one of {states}"),
            ));
        }
    }
    Ok(())
}

/// A field path a mapping can fill, and for a level, value-map entries of 1 to 5.
fn validate_field(path: &str, source: &FieldSource) -> Result<()> {
    let at = format!("{AT}.fields.{path}");
    let Some(ty) = field_type(path) else {
        return Err(Error::option(
            &at,
            format!(
                "{path} is not a canonical field a mapping can fill (the paths of schema/record.schema.json, links.<relation>, sla.met, sla.breached, incident.reopenedAt)"
            ),
        ));
    };
    if let (FieldType::Level, Some(m)) = (ty, source.values()) {
        for (label, v) in m.values.iter().chain(
            m.default
                .iter()
                .map(|d| (&m.column, d))
                .filter(|_| m.default.is_some()),
        ) {
            if !matches!(v.parse::<u8>(), Ok(1..=5)) {
                return Err(Error::option(
                    &format!("{at}.values[{label:?}]"),
                    "a level must be 1 to 5",
                ));
            }
        }
    }
    Ok(())
}

/// Every activity of the event log mapped to a known lifecycle step.
fn validate_steps(log: &EventLog) -> Result<()> {
    for (label, step) in &log.activities {
        if !STEPS.contains(&step.as_str()) {
            return Err(Error::option(
                &format!("{AT}.eventLog.activities[{label:?}]"),
                format!(
                    "unknown lifecycle step {step:?}; expected {}",
                    STEPS.join(", ")
                ),
            ));
        }
    }
    Ok(())
}
