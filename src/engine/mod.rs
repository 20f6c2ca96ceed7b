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
pub(crate) use session::in_build as evaluation_in_build;
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
use crate::rules::pack::Thresholds;
use crate::util::per_edition::PerEdition;

pub(crate) struct Core {
    /// The options the engine was built with (a new rule pack rebuilds from them).
    pub options: EngineOptions,
    pub catalog: &'static Catalog,
    /// The compiled packs: the process's one built-in pack when the engine stacks nothing on it
    /// ([`CompiledPack::for_engine`]), shared by every such engine.
    pub pack: Arc<CompiledPack>,
    /// The N/P/L/F thresholds: the engine's own (`thresholds`), else the packs'.
    pub thresholds: Thresholds,
    pub lang: Lang,
    pub edition: Edition,
    pub context: source::InstanceContext,
    pub as_of: Option<Instant>,
    pub now: Instant,
    pub lists: ListLimits,
    pub logic: Limits,
    /// Per edition, each clause position with its ancestors.
    pub up: &'static PerEdition<Vec<Vec<ClausePos>>>,
    /// 2018 position → 2011 positions (through the crosswalk).
    pub to2011: &'static [Vec<ClausePos>],
    /// Per kind: the canonical fields whose presence the quality section counts.
    pub quality_fields: &'static [Vec<(&'static str, crate::rules::fields::Accessor)>],
}

/// The tables every engine reads from the built-in catalogue, made once per process.
struct CatalogTables {
    up: PerEdition<Vec<Vec<ClausePos>>>,
    to2011: Vec<Vec<ClausePos>>,
    quality_fields: Vec<Vec<(&'static str, crate::rules::fields::Accessor)>>,
}

fn catalog_tables(catalog: &'static Catalog) -> &'static CatalogTables {
    static TABLES: std::sync::OnceLock<CatalogTables> = std::sync::OnceLock::new();
    TABLES.get_or_init(|| CatalogTables {
        up: PerEdition::from_fn(|edition| ancestry(catalog.edition(edition))),
        to2011: evidence_to_2011(catalog),
        quality_fields: quality_fields(),
    })
}

#[derive(Clone)]
pub struct Engine {
    core: Arc<Core>,
}

impl Engine {
    /// Builds an engine. `now` is the caller's clock (the wasm binding passes `Date.now()`).
    pub fn new(options: EngineOptions, now: Instant) -> Result<Engine> {
        let catalog = Catalog::builtin()?;
        let matrix = options
            .context
            .as_ref()
            .and_then(|c| c.priority_matrix.as_ref());
        let pack = CompiledPack::for_engine(!options.no_builtin, &options.rules, matrix, catalog)?;
        let thresholds = match options.thresholds {
            Some(t) if !t.ordered() => {
                return Err(Error::option(
                    "thresholds",
                    "must satisfy 0 ≤ n ≤ p ≤ l ≤ 100",
                ));
            }
            Some(t) => t,
            None => pack.thresholds,
        };
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
        let tables = catalog_tables(catalog);
        let lists = ListLimits {
            examples: options.examples.unwrap_or(5).clamp(1, 100),
            ..ListLimits::default()
        };
        Ok(Engine {
            core: Arc::new(Core {
                options: options.clone(),
                catalog,
                pack,
                thresholds,
                lang,
                edition,
                context,
                as_of,
                now,
                lists,
                logic: Limits::default(),
                up: &tables.up,
                to2011: &tables.to2011,
                quality_fields: &tables.quality_fields,
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
        normalize_in_build()?;
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

/// Whether this build writes canonical records (cargo feature `canonical`): [`Engine::normalize`]
/// and `ffi::normalize` ask first. The answer is a constant, so a build without the feature keeps
/// none of the canonical record's writer.
pub(crate) fn normalize_in_build() -> Result<()> {
    Error::in_build(
        cfg!(feature = "canonical"),
        "normalize (records written in the canonical format)",
        "canonical",
    )
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

#[cfg(test)]
mod shared_tests {
    use super::*;

    fn engine(options: EngineOptions) -> Engine {
        Engine::new(options, Instant(1_700_000_000)).unwrap()
    }

    fn same_pack(a: &Engine, b: &Engine) -> bool {
        std::ptr::eq(a.pack(), b.pack())
    }

    /// Engines with the built-in pack alone share one compiled pack, whatever their other options
    /// (thresholds included: they are the engine's); packs stacked on it or a priority matrix get
    /// a pack compiled for the engine, and the shared one is left as it was.
    #[test]
    fn only_the_built_in_pack_alone_is_shared() {
        let plain = engine(EngineOptions::default());
        let thresholds = Thresholds {
            n: 10.0,
            p: 40.0,
            l: 70.0,
        };
        let other_options = engine(EngineOptions {
            lang: Some(Lang::Ja),
            edition: Some(Edition::E2011),
            thresholds: Some(thresholds),
            ..EngineOptions::default()
        });
        assert!(same_pack(&plain, &other_options));
        assert_eq!(other_options.core().thresholds, thresholds);
        assert_eq!(plain.core().thresholds, plain.pack().thresholds);
        assert_ne!(plain.core().thresholds, thresholds);

        let matrix = engine(EngineOptions {
            context: Some(crate::record::source::InstanceContext {
                priority_matrix: Some(vec![vec![1, 2, 3], vec![2, 3, 4], vec![3, 4, 5]]),
                ..Default::default()
            }),
            ..EngineOptions::default()
        });
        assert!(!same_pack(&plain, &matrix));

        let pack = r#"{"id":"extra","version":"1","checks":[{"id":"X-1","kinds":["incident"],
            "clauses2018":["8.6.1"],"phase":"do","severity":"observation","require":{"!!":{"var":"title"}},
            "title":{"en":"t","ja":"t"},"message":{"en":"m","ja":"m"},"hint":{"en":"h","ja":"h"}}]}"#;
        let mut stacked = engine(EngineOptions::default());
        stacked
            .load_rules(vec![
                serde_json::value::RawValue::from_string(pack.into()).unwrap(),
            ])
            .unwrap();
        assert!(!same_pack(&plain, &stacked));
        assert!(stacked.pack().check_index("X-1").is_some());
        assert!(plain.pack().check_index("X-1").is_none());
        assert!(
            engine(EngineOptions::default())
                .pack()
                .check_index("X-1")
                .is_none()
        );

        // The shared pack is the one a fresh compile of the built-in pack gives.
        let fresh = CompiledPack::load(true, &[], None, Catalog::builtin().unwrap()).unwrap();
        let ids = |p: &CompiledPack| {
            p.checks
                .iter()
                .map(|c| c.def.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(plain.pack()), ids(&fresh));
        assert_eq!(plain.pack().fingerprint, fresh.fingerprint);
        assert_eq!(plain.pack().content_hash(), fresh.content_hash());
    }
}
