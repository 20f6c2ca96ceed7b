//! The engine: catalogue + compiled rule pack + options, built once and used for every call.
//!
//! `check` answers for one record (the live-form call, in `check.rs`), `map` gives its clauses,
//! `evaluate` runs a whole export, and a [`Session`] takes an export in chunks, merges partial results from other
//! sessions (workers) and finishes into the same report a single pass would give.

mod check;
mod input;
mod judge;
mod observe;
mod options;
mod run;
mod session;
mod tables;

pub use check::Judged;
pub use options::{EngineOptions, EvaluateOptions};
pub use run::Run;
pub use session::{ChunkSummary, Session};

use options::parse_instant;
use tables::{ancestry, evidence_to_2011, quality_fields};

use std::sync::Arc;

use serde_json::Value as Json;

use crate::catalog::{Catalog, Edition, Lang};
use crate::error::{Error, Result};
use crate::pdca::ListLimits;
use crate::record::source::{self, Rejection, Warning};
use crate::record::{Instant, Record, TimeZone};
use crate::report::Report;
use crate::rules::compiled::{ClausePos, CompiledPack};
use crate::rules::logic::Limits;
use crate::util::per_edition::PerEdition;

pub(crate) struct Core {
    /// The options the engine was built with (a new rule pack rebuilds from them).
    pub options: EngineOptions,
    pub catalog: &'static Catalog,
    pub pack: CompiledPack,
    pub lang: Lang,
    pub edition: Edition,
    pub context: source::InstanceContext,
    pub as_of: Option<Instant>,
    pub now: Instant,
    pub lists: ListLimits,
    pub logic: Limits,
    /// Per edition, each clause position with its ancestors.
    pub up: PerEdition<Vec<Vec<ClausePos>>>,
    /// 2018 position → 2011 positions (through the crosswalk).
    pub to2011: Vec<Vec<ClausePos>>,
    /// Per kind: the canonical fields whose presence the quality section counts.
    pub quality_fields: Vec<Vec<(&'static str, crate::rules::fields::Accessor)>>,
}

#[derive(Clone)]
pub struct Engine {
    core: Arc<Core>,
}

impl Engine {
    /// Builds an engine. `now` is the caller's clock (the wasm binding passes `Date.now()`).
    pub fn new(options: EngineOptions, now: Instant) -> Result<Engine> {
        let catalog = Catalog::builtin()?;
        let mut pack = CompiledPack::load(
            !options.no_builtin,
            &options.rules,
            options
                .context
                .as_ref()
                .and_then(|c| c.priority_matrix.as_ref()),
            catalog,
        )?;
        if let Some(t) = options.thresholds {
            if !(0.0 <= t.n && t.n <= t.p && t.p <= t.l && t.l <= 100.0) {
                return Err(Error::option(
                    "thresholds",
                    "must satisfy 0 ≤ n ≤ p ≤ l ≤ 100",
                ));
            }
            pack.thresholds = t;
        }
        let lang = options.lang.unwrap_or_default();
        let edition = options.edition.unwrap_or(Edition::E2018);
        // The instance context: `timeZone` is a shortcut for `context.timeZone`.
        let mut context = options.context.clone().unwrap_or_default();
        if let Some(tz) = &options.time_zone {
            if TimeZone::named(tz).is_none() {
                return Err(Error::option(
                    "timeZone",
                    format!("unknown time zone {tz:?}"),
                ));
            }
            context.time_zone = Some(tz.clone());
        }
        source::Context::resolve(&context, None)?;
        let as_of = options
            .as_of
            .as_deref()
            .map(|t| parse_instant("asOf", t, true))
            .transpose()?;
        let to2011 = evidence_to_2011(catalog);
        let lists = ListLimits {
            examples: options.examples.unwrap_or(5).clamp(1, 100),
            ..ListLimits::default()
        };
        Ok(Engine {
            core: Arc::new(Core {
                options: options.clone(),
                catalog,
                pack,
                lang,
                edition,
                context,
                as_of,
                now,
                lists,
                logic: Limits::default(),
                up: PerEdition::from_fn(|edition| ancestry(catalog.edition(edition))),
                to2011,
                quality_fields: quality_fields(),
            }),
        })
    }

    /// The caller's clock when the engine was built (the default "as of").
    pub fn now(&self) -> Instant {
        self.core.now
    }

    pub fn catalog(&self) -> &'static Catalog {
        self.core.catalog
    }

    /// Replaces the rule packs stacked on the built-in one. A pack with errors is refused with
    /// all of them, and the engine keeps its previous packs. Sessions already started keep the
    /// packs they were started with.
    pub fn load_rules(&mut self, rules: Vec<Box<serde_json::value::RawValue>>) -> Result<()> {
        let options = EngineOptions {
            rules,
            ..self.core.options.clone()
        };
        *self = Engine::new(options, self.core.now)?;
        Ok(())
    }

    pub fn pack(&self) -> &CompiledPack {
        &self.core.pack
    }

    /// Evaluates a whole export (JSON text) into a report.
    pub fn evaluate(&self, input: &str, options: &EvaluateOptions) -> Result<Report> {
        self.evaluate_with_progress(input, options, &mut |_, _| {})
    }

    /// [`Engine::evaluate`] with `progress(done, total)` calls along the way (a progress bar).
    pub fn evaluate_with_progress(
        &self,
        input: &str,
        options: &EvaluateOptions,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Report> {
        let mut session = self.session(options)?;
        session.push_with_progress(input, progress)?;
        session.finish()
    }

    /// Converts an input to canonical records (what the checks see), with rejections and warnings.
    pub fn normalize<'a>(
        &self,
        input: &'a str,
        options: &EvaluateOptions,
    ) -> Result<Normalized<'a>> {
        let run = self.run(options)?;
        let csv = input::prepare_csv(input, &run)?;
        let lang = run.lang;
        let (mut batch, _) = match csv {
            // CSV rows become JSON owned by the result: records are made owned.
            Some(c) => {
                let run = Run {
                    source: input::csv_source(&c),
                    ..run
                };
                let elements = source::split(&c.json)?;
                let mut batch = input::convert_all(&elements, 0, &run)?;
                batch.grouped_into_warnings();
                input::remap_csv(&mut batch, &c, 0);
                // The records borrow the JSON made from the CSV; they are copied owned.
                let records = std::mem::take(&mut batch.records)
                    .into_iter()
                    .map(crate::record::IntoStatic::into_static)
                    .collect();
                return Ok(Normalized::localized(records, batch, run.lang));
            }
            None => {
                let elements = source::split(input)?;
                let mut batch = input::convert_all(&elements, 0, &run)?;
                batch.grouped_into_warnings();
                (batch, ())
            }
        };
        let records = std::mem::take(&mut batch.records);
        Ok(Normalized::localized(records, batch, lang))
    }

    pub(crate) fn core(&self) -> &Core {
        &self.core
    }
}

pub(crate) fn parse_raw(record: &Record<'_>, wanted: bool) -> Option<Json> {
    if !wanted {
        return None;
    }
    record
        .raw
        .and_then(|raw| crate::util::json::from_str(raw).ok())
}

/// Canonical records converted from an input.
#[derive(Debug, serde::Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Normalized<'a> {
    #[serde(borrow)]
    // tsify names a reference after the Rust type, not after its renamed declaration.
    #[cfg_attr(feature = "wasm", tsify(type = "CanonicalRecord[]"))]
    pub records: Vec<Record<'a>>,
    pub rejected: Vec<Rejection>,
    pub warnings: Vec<Warning>,
}

impl<'a> Normalized<'a> {
    /// The result with its rejections and warnings in `lang`.
    fn localized(records: Vec<Record<'a>>, batch: input::Batch<'_>, lang: Lang) -> Normalized<'a> {
        let (mut rejected, mut warnings) = (batch.rejected, batch.warnings);
        crate::i18n::localize_rejections(lang, &mut rejected);
        crate::i18n::localize_warnings(lang, &mut warnings);
        Normalized {
            records,
            rejected,
            warnings,
        }
    }
}
