//! One run's settings, resolved from the call's options over the engine's, and what a
//! partial result must share with another to merge.

use super::options::parse_instant;
use super::{Engine, EvaluateOptions};
use crate::catalog::{Edition, Lang};
use crate::error::{Error, Result};
use crate::pdca::Partial;
use crate::record::source::{Context, Source};
use crate::record::{Instant, TimeZone};

/// Settings of one run, resolved from engine and call options.
#[derive(Clone, Debug)]
pub struct Run {
    pub source: Source,
    pub edition: Edition,
    pub lang: Lang,
    pub from: Option<Instant>,
    pub to: Option<Instant>,
    pub as_of: Instant,
    pub context: Context,
    /// Keep every failing (record, check) pair.
    pub findings: bool,
    /// Neither the call nor the engine gave `asOf` or a window end: the first input pushed sets
    /// it to the data's latest time (a historical export is judged as of its own end).
    pub as_of_from_data: bool,
}

impl Engine {
    /// Resolves call options against the engine's.
    pub fn run(&self, options: &EvaluateOptions) -> Result<Run> {
        let core = &self.core;
        let source = options.source.unwrap_or(Source::Auto);
        let edition = options.edition.unwrap_or(core.edition);
        let lang = options.lang.unwrap_or(core.lang);
        let from = options
            .from
            .as_deref()
            .map(|t| parse_instant("from", t, false))
            .transpose()?;
        let to = options
            .to
            .as_deref()
            .map(|t| parse_instant("to", t, true))
            .transpose()?;
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(Error::option("from", "the window starts after it ends"));
        }
        let as_of_from_data = options.as_of.is_none() && core.as_of.is_none() && to.is_none();
        let as_of = match options.as_of.as_deref() {
            Some(t) => parse_instant("asOf", t, true)?,
            None => core.as_of.or(to).unwrap_or(core.now),
        };
        if options
            .context
            .as_ref()
            .is_some_and(|c| c.priority_matrix.is_some())
        {
            return Err(Error::option(
                "context.priorityMatrix",
                "the priority matrix is compiled into the rule pack: set it in the engine's context",
            ));
        }
        let mut context = Context::resolve(&core.context, options.context.as_ref())?;
        if let Some(name) = &options.time_zone {
            context.time_zone =
                Some(TimeZone::named(name).ok_or_else(|| {
                    Error::option("timeZone", format!("unknown time zone {name:?}"))
                })?);
        }
        if let Some(table) = &options.table {
            context.table = Some(table.clone());
        }
        Ok(Run {
            source,
            edition,
            lang,
            from,
            to,
            as_of,
            context,
            findings: options.findings,
            as_of_from_data,
        })
    }

    /// What a partial must share with another to merge: engine version, packs, window, asOf.
    pub(super) fn fingerprint(&self, run: &Run) -> String {
        format!(
            "iso20000@{};{}#{:016x};context#{:016x};from={};to={};asOf={}{}",
            env!("CARGO_PKG_VERSION"),
            self.core.pack.fingerprint,
            self.core.pack.content_hash(),
            crate::rules::compiled::fnv1a(format!("{:?}", run.context).as_bytes()),
            run.from.map(|i| i.to_string()).unwrap_or_default(),
            run.to.map(|i| i.to_string()).unwrap_or_default(),
            run.as_of,
            if run.findings { ";findings" } else { "" }
        )
    }

    pub(super) fn empty_partial(&self, run: &Run) -> Partial {
        let core = &self.core;
        Partial::new(
            self.fingerprint(run),
            core.pack.checks.len(),
            crate::util::per_edition::PerEdition::from_fn(|edition| {
                core.catalog.edition(edition).clauses.len()
            }),
        )
    }
}
