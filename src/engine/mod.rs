//! The engine: catalogue + compiled rule pack + options, built once and used for every call.
//!
//! `check` answers for one record (the live-form call, in `check.rs`), `map` gives its clauses,
//! `evaluate` runs a whole export, and a [`Session`] takes an export in chunks, merges partial results from other
//! sessions (workers) and finishes into the same report a single pass would give.

mod check;
pub use check::{CheckInfo, CheckMeta, ClauseMeta, Judged, Live, Verdict};
mod input;
mod observe;

use observe::Scratch;

use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value as Json;

use crate::catalog::{Catalog, Edition, Lang};
use crate::error::{Error, ErrorCode, Result};
use crate::pdca::{ListLimits, Partial};
use crate::record::source::{self, Context, Rejection, Source, Warning};
use crate::record::{Instant, Kind, Record, TimeZone};
use crate::report::{self, Report};
use crate::rules::compiled::{ClausePos, CompiledPack};
use crate::rules::logic::Limits;
use crate::rules::pack::{BUILTIN_PACK, Pack, Thresholds};

/// Options for building an engine (JSON: camelCase).
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EngineOptions {
    /// Language of titles, messages and hints: `en` (default) or `ja`.
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "\"en\" | \"ja\""))]
    pub lang: Option<String>,
    /// Edition the report rates: `2018` (default) or `2011` (= JIS Q 20000-1:2012).
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "\"2018\" | \"2011\""))]
    pub edition: Option<String>,
    /// IANA zone (or `+09:00`) for naive local times in display values.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// "Now" for age checks; defaults to the window's end, then to the current time.
    #[serde(default)]
    pub as_of: Option<String>,
    /// N/P/L/F thresholds in percent.
    #[serde(default)]
    pub thresholds: Option<Thresholds>,
    /// Rule packs stacked on the built-in pack, in order.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<serde_json::Value>"))]
    #[cfg_attr(feature = "wasm", tsify(type = "unknown[]"))]
    pub rules: Vec<Box<serde_json::value::RawValue>>,
    /// Leave the built-in pack out (only `rules` apply).
    #[serde(default)]
    pub no_builtin: bool,
    /// Example records kept per check (default 5).
    #[serde(default)]
    pub examples: Option<usize>,
    /// The instance the payloads come from (time zone, custom fields, code meanings, priority
    /// matrix, CSV format).
    #[serde(default)]
    pub context: Option<source::InstanceContext>,
}

/// Options of one evaluation or check (JSON: camelCase). Unset values fall back to the engine's.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EvaluateOptions {
    /// The tool the input comes from, or `auto` (default) to detect it per element.
    #[serde(default)]
    #[cfg_attr(
        feature = "wasm",
        tsify(
            type = "\"auto\" | \"canonical\" | \"servicenow\" | \"jira\" | \"glpi\" | \"zammad\" | \"itop\" | \"znuny\" | \"freshservice\""
        )
    )]
    pub source: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "\"2018\" | \"2011\""))]
    pub edition: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "wasm", tsify(type = "\"en\" | \"ja\""))]
    pub lang: Option<String>,
    /// Window start (inclusive): a date or date-time.
    #[serde(default)]
    pub from: Option<String>,
    /// Window end (inclusive; a date means the end of that day).
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub as_of: Option<String>,
    #[serde(default)]
    pub time_zone: Option<String>,
    /// ServiceNow table for records without `sys_class_name` or a numbered prefix.
    #[serde(default)]
    pub table: Option<String>,
    /// Overrides of the engine's instance context for this call.
    #[serde(default)]
    pub context: Option<source::InstanceContext>,
    /// List every failing (record, check) pair in `report.findings` (for a findings CSV or a
    /// work list). Off by default: the report then keeps counts and a few examples per check.
    #[serde(default)]
    pub findings: bool,
}

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
    /// Each 2018 clause position with its ancestors.
    pub up2018: Vec<Vec<ClausePos>>,
    pub up2011: Vec<Vec<ClausePos>>,
    /// 2018 position → 2011 positions (through the crosswalk).
    pub to2011: Vec<Vec<ClausePos>>,
    /// Per kind: the canonical fields whose presence the quality section counts.
    pub quality_fields: Vec<Vec<(&'static str, crate::rules::fields::Accessor)>>,
}

#[derive(Clone)]
pub struct Engine {
    core: Arc<Core>,
}

fn parse_instant(name: &str, text: &str, end_of_day: bool) -> Result<Instant> {
    let instant = Instant::parse_utc(text).ok_or_else(|| {
        Error::option(
            name,
            format!(
                "{text:?} is not a date or date-time such as 2026-04-01 or 2026-04-01T09:00:00Z"
            ),
        )
    })?;
    let date_only = text.trim().len() == 10;
    Ok(if end_of_day && date_only {
        Instant(instant.0 + Instant::SECONDS_PER_DAY - 1)
    } else {
        instant
    })
}

/// Per kind, the canonical fields a data-quality summary counts: the common ones a record of
/// that kind is expected to carry, and its own detail object's.
fn quality_fields() -> Vec<Vec<(&'static str, crate::rules::fields::Accessor)>> {
    use crate::rules::fields::{RECORD_FIELDS, record_field};
    const COMMON: &[&str] = &[
        "title",
        "state",
        "priority",
        "impact",
        "urgency",
        "category",
        "service",
        "assignmentGroup",
        "assignee",
        "openedAt",
        "updatedAt",
        "resolvedAt",
        "closedAt",
        "approval",
    ];
    const TICKETS: &[Kind] = &[
        Kind::Incident,
        Kind::ServiceRequest,
        Kind::Problem,
        Kind::Change,
    ];
    Kind::ALL
        .iter()
        .map(|kind| {
            let detail = kind.detail_name();
            RECORD_FIELDS
                .iter()
                .filter(|path| match path.split_once('.') {
                    Some((prefix, _)) => prefix == detail,
                    None => TICKETS.contains(kind) && COMMON.contains(path),
                })
                .filter_map(|path| Some((*path, record_field(path)?)))
                .collect()
        })
        .collect()
}

/// 2018 position → the 2011 positions its evidence counts for: its crosswalk counterparts and,
/// for a 2011 requirement clause no 2018 clause maps to (4.1.4 management representative,
/// 6.3.1 and 6.3.2 of continuity and availability …), the counterparts of its nearest mapped
/// ancestor, so a 2011 report can still see that subclause planned, done, checked and acted on.
fn evidence_to_2011(catalog: &Catalog) -> Vec<Vec<ClausePos>> {
    let mut to2011: Vec<Vec<ClausePos>> = catalog
        .e2018
        .clauses
        .iter()
        .map(|c| {
            catalog
                .to_2011(&c.id)
                .iter()
                .filter_map(|id| catalog.e2011.position(id))
                .map(|p| p as ClausePos)
                .collect()
        })
        .collect();
    let reached: std::collections::BTreeSet<ClausePos> = to2011.iter().flatten().copied().collect();
    for (pos, clause) in catalog.e2011.clauses.iter().enumerate() {
        let pos = pos as ClausePos;
        if !clause.requirement || reached.contains(&pos) {
            continue;
        }
        let Some(ancestor) = catalog
            .e2011
            .ancestry(&clause.id)
            .skip(1)
            .filter_map(|a| catalog.e2011.position(&a.id))
            .map(|p| p as ClausePos)
            .find(|p| reached.contains(p))
        else {
            continue;
        };
        for list in &mut to2011 {
            if list.contains(&ancestor) && !list.contains(&pos) {
                list.push(pos);
            }
        }
    }
    to2011
}

fn ancestry(catalog: &crate::catalog::EditionCatalog) -> Vec<Vec<ClausePos>> {
    catalog
        .clauses
        .iter()
        .map(|c| {
            catalog
                .ancestry(&c.id)
                .filter(|a| a.requirement)
                .filter_map(|a| catalog.position(&a.id))
                .map(|p| p as ClausePos)
                .collect()
        })
        .collect()
}

impl Engine {
    /// Builds an engine. `now` is the caller's clock (the wasm binding passes `Date.now()`).
    pub fn new(options: EngineOptions, now: Instant) -> Result<Engine> {
        let catalog = Catalog::builtin()?;
        let mut packs: Vec<(String, Pack)> = Vec::new();
        if !options.no_builtin {
            // Read through a `Value`, as custom packs are: one deserialiser of `Pack` in the
            // module instead of two (about 46 KB of wasm); it runs once per engine.
            let builtin: Pack = serde_json::from_str::<serde_json::Value>(BUILTIN_PACK)
                .and_then(serde_json::from_value)
                .map_err(|e| {
                    Error::new(
                        ErrorCode::Rules,
                        format!("built-in rule pack is invalid: {e}"),
                    )
                })?;
            packs.push(("builtin".into(), builtin));
        }
        // Every structural error of every pack at once, then every compile error at once.
        let mut errors = Vec::new();
        let mut values = Vec::new();
        for (i, raw) in options.rules.iter().enumerate() {
            let base = format!("$.rules[{i}]");
            let text = raw.get();
            let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
                Error::new(ErrorCode::Rules, format!("rule pack {i}: {e}")).at_path(base.clone())
            })?;
            crate::rules::validate::validate_pack(&value, &base, &mut errors);
            values.push((base, value));
        }
        if errors.is_empty() {
            for (base, value) in values {
                match serde_json::from_value::<Pack>(value) {
                    Ok(pack) => packs.push((base, pack)),
                    Err(e) => errors.push(crate::error::Detail {
                        path: base,
                        message: e.to_string(),
                    }),
                }
            }
        } else {
            // Conditions and clauses of every pack too, so that no error waits for another fix.
            let base_params = packs
                .first()
                .map(|(_, p)| p.params.clone())
                .unwrap_or_default();
            let refs: Vec<(String, &serde_json::Value)> =
                values.iter().map(|(b, v)| (b.clone(), v)).collect();
            errors.extend(crate::rules::compiled::lint_packs(
                &refs,
                &base_params,
                catalog,
            ));
        }
        if !errors.is_empty() {
            let first = errors
                .first()
                .map(|d| format!("{}: {}", d.path, d.message))
                .unwrap_or_default();
            let mut err = Error::new(
                ErrorCode::Rules,
                format!(
                    "the rule packs have {} error(s); first: {first}",
                    errors.len()
                ),
            );
            err.details = errors;
            return Err(err);
        }
        if let Some(matrix) = options
            .context
            .as_ref()
            .and_then(|c| c.priority_matrix.as_ref())
        {
            let valid = matrix.len() == 3
                && matrix
                    .iter()
                    .all(|row| row.len() == 3 && row.iter().all(|p| (1..=5).contains(p)));
            if !valid {
                return Err(Error::option(
                    "context.priorityMatrix",
                    "expected 3 rows of 3 priorities 1-5 (impact × urgency)",
                ));
            }
            let mut params = serde_json::Map::new();
            params.insert("priorityMatrix".into(), serde_json::json!(matrix));
            packs.push((
                "$.context".into(),
                Pack {
                    id: "context".into(),
                    version: "instance".into(),
                    description: None,
                    params,
                    evidence: Vec::new(),
                    checks: Vec::new(),
                    thresholds: None,
                    rating: None,
                    overrides: Vec::new(),
                    schema: None,
                },
            ));
        }
        let mut pack = CompiledPack::compile(&packs, catalog)?;
        if let Some(t) = options.thresholds {
            if !(0.0 <= t.n && t.n <= t.p && t.p <= t.l && t.l <= 100.0) {
                return Err(Error::option(
                    "thresholds",
                    "must satisfy 0 ≤ n ≤ p ≤ l ≤ 100",
                ));
            }
            pack.thresholds = t;
        }
        let lang = options
            .lang
            .as_deref()
            .map(Lang::parse)
            .transpose()?
            .unwrap_or_default();
        let edition = options
            .edition
            .as_deref()
            .map(Edition::parse)
            .transpose()?
            .unwrap_or(Edition::E2018);
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
                up2018: ancestry(&catalog.e2018),
                up2011: ancestry(&catalog.e2011),
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

    /// Resolves call options against the engine's.
    pub fn run(&self, options: &EvaluateOptions) -> Result<Run> {
        let core = &self.core;
        let source = options
            .source
            .as_deref()
            .map(Source::parse)
            .transpose()?
            .unwrap_or(Source::Auto);
        let edition = options
            .edition
            .as_deref()
            .map(Edition::parse)
            .transpose()?
            .unwrap_or(core.edition);
        let lang = options
            .lang
            .as_deref()
            .map(Lang::parse)
            .transpose()?
            .unwrap_or(core.lang);
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

    /// Starts an incremental evaluation.
    pub fn session(&self, options: &EvaluateOptions) -> Result<Session> {
        let run = self.run(options)?;
        let partial = self.empty_partial(&run);
        Ok(Session {
            engine: self.clone(),
            run,
            partial,
            finished: false,
            stream: None,
        })
    }

    /// What a partial must share with another to merge: engine version, packs, window, asOf.
    fn fingerprint(&self, run: &Run) -> String {
        format!(
            "iso20000@{};{}#{:016x};context#{:016x};from={};to={};asOf={}{}",
            env!("CARGO_PKG_VERSION"),
            self.core.pack.fingerprint,
            self.core.pack.content_hash,
            crate::rules::compiled::fnv1a(format!("{:?}", run.context).as_bytes()),
            run.from.map(|i| i.to_string()).unwrap_or_default(),
            run.to.map(|i| i.to_string()).unwrap_or_default(),
            run.as_of,
            if run.findings { ";findings" } else { "" }
        )
    }

    fn empty_partial(&self, run: &Run) -> Partial {
        let core = &self.core;
        Partial::new(
            self.fingerprint(run),
            core.pack.checks.len(),
            core.catalog.e2018.clauses.len(),
            core.catalog.e2011.clauses.len(),
        )
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
                // The records borrow the JSON made from the CSV; they are rebuilt owned. One
                // that cannot be is said, never dropped silently.
                let mut records = Vec::with_capacity(batch.records.len());
                let mut lost = Vec::new();
                for r in &batch.records {
                    let owned = serde_json::to_value(r)
                        .map_err(|e| e.to_string())
                        .and_then(|v| {
                            <Record<'static> as serde::Deserialize>::deserialize(v)
                                .map_err(|e| e.to_string())
                        });
                    match owned {
                        Ok(record) => records.push(record),
                        Err(why) => lost.push(Warning {
                            index: 0,
                            path: "$".to_string(),
                            message: format!(
                                "record {} was evaluated but cannot be returned by normalize: {why}",
                                r.id
                            ),
                            value: String::new(),
                        }),
                    }
                }
                batch.warnings.extend(lost);
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
    record.raw.and_then(|raw| serde_json::from_str(raw).ok())
}

/// When a record happened, for the window and the month buckets. Standing records (CIs,
/// services, agreements, documents, suppliers) have none: they are current state, always in.
pub fn primary_time(r: &Record<'_>) -> Option<Instant> {
    fn v(f: &crate::record::Field<Instant>) -> Option<Instant> {
        f.value().copied()
    }
    let opened = v(&r.opened_at);
    match r.kind {
        Kind::ConfigurationItem
        | Kind::Service
        | Kind::ServiceLevelAgreement
        | Kind::Document
        | Kind::Supplier => None,
        Kind::Release => r
            .release
            .as_ref()
            .and_then(|d| v(&d.deployed_at).or(v(&d.planned_at)))
            .or(opened),
        Kind::SlaMeasurement => r
            .measurement
            .as_ref()
            .and_then(|d| v(&d.period_start).or(v(&d.period_end)))
            .or(opened),
        Kind::InternalAudit => r
            .audit
            .as_ref()
            .and_then(|d| v(&d.held_at).or(v(&d.planned_at)))
            .or(opened),
        Kind::ManagementReview => r.review.as_ref().and_then(|d| v(&d.held_at)).or(opened),
        Kind::ServiceReport => r
            .report
            .as_ref()
            .and_then(|d| v(&d.period_end).or(v(&d.issued_at)))
            .or(opened),
        Kind::ContinuityTest => r
            .test
            .as_ref()
            .and_then(|d| v(&d.performed_at).or(v(&d.planned_at)))
            .or(opened),
        Kind::CapacityReview => r
            .capacity
            .as_ref()
            .and_then(|d| v(&d.held_at).or(v(&d.period_end)))
            .or(opened),
        Kind::SatisfactionSurvey => r
            .survey
            .as_ref()
            .and_then(|d| v(&d.responded_at))
            .or(opened),
        Kind::Activity => r
            .activity
            .as_ref()
            .and_then(|d| v(&d.performed_at))
            .or(opened),
        _ => opened,
    }
}

/// Canonical records converted from an input.
#[derive(Debug, serde::Serialize)]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Normalized<'a> {
    #[serde(borrow)]
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

/// An incremental evaluation: push chunks, merge partials from other sessions, finish.
pub struct Session {
    engine: Engine,
    run: Run,
    partial: Partial,
    finished: bool,
    /// A streamed input's joins across chunks ([`Session::scan`], [`Session::push_chunk`]).
    stream: Option<Box<input::Stream>>,
}

/// What one pushed chunk held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ChunkSummary {
    #[serde(rename = "in")]
    pub input: u64,
    pub evaluated: u64,
    pub rejected: u64,
    /// Related payloads (SLA rows, approvals, links …) whose record was not in this chunk, so
    /// not joined to it. Above 0 when an export of related records was cut into pieces: push it
    /// in one piece (with progress) to have them joined as `evaluate` would.
    pub unjoined: u64,
}

impl Session {
    fn usable(&self) -> Result<()> {
        if self.finished {
            Err(Error::misuse(
                "this session is finished; start a new one with engine.session()",
            ))
        } else {
            Ok(())
        }
    }

    /// Evaluates one chunk (JSON text in any accepted shape). Records are numbered across chunks.
    pub fn push(&mut self, input: &str) -> Result<ChunkSummary> {
        self.push_with_progress(input, &mut |_, _| {})
    }

    /// [`Session::push`], calling `progress(done, total)` every thousand or so elements: reading
    /// counts three units per element and checking one, so `done / total` is a fair fraction of
    /// the time. One large push keeps related records joined, where separate chunks cannot.
    pub fn push_with_progress(
        &mut self,
        input: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ChunkSummary> {
        self.usable()?;
        let csv = input::prepare_csv(input, &self.run)?;
        let run = match &csv {
            Some(c) => Run {
                source: input::csv_source(c),
                ..self.run.clone()
            },
            None => self.run.clone(),
        };
        let elements = source::split(csv.as_ref().map_or(input, |c| c.json.as_str()))?;
        let count = csv
            .as_ref()
            .map_or(elements.items.len() as u64, |c| c.row_count);
        // Everything is converted before the session changes: a malformed chunk leaves it as it was.
        let n = elements.items.len() as u64;
        let total = 4 * n;
        let mut batch =
            input::convert_all_with(&elements, self.partial.next_index, &run, &mut |done| {
                progress(3 * done as u64, total);
            })?;
        if let Some(c) = &csv {
            input::remap_csv(&mut batch, c, self.partial.next_index);
            batch.joined += c.superseded;
            self.partial.csv_rows += c.row_count;
        }
        self.settle_as_of(&batch.records);
        let before = (self.partial.evaluated, self.partial.rejected_total);
        let unjoined = batch.unjoined;
        let records = batch.records.len().max(1) as u64;
        self.absorb_with(batch, &mut |i| {
            progress(3 * n + n * i as u64 / records, total);
        });
        progress(total, total);
        self.partial.records_in += count;
        self.partial
            .cover(self.partial.next_index, self.partial.next_index + count);
        self.partial.next_index += count;
        Ok(ChunkSummary {
            input: count,
            evaluated: self.partial.evaluated - before.0,
            rejected: self.partial.rejected_total - before.1,
            unjoined,
        })
    }

    /// Without `asOf` or a window end, the first records pushed set "now" to their latest time:
    /// a historical export is judged as of its own end, not as of today. Later pushes keep it.
    fn settle_as_of(&mut self, records: &[Record<'_>]) {
        if !self.run.as_of_from_data || self.partial.evaluated > 0 || self.partial.records_in > 0 {
            return;
        }
        match records.iter().filter_map(primary_time).max() {
            Some(latest) => {
                self.run.as_of = latest;
                self.partial.fingerprint = self.engine.fingerprint(&self.run);
            }
            // Nothing dated to go by: the clock stands, and the report does not claim otherwise.
            None => self.run.as_of_from_data = false,
        }
    }

    /// The first pass of a streamed input: one chunk of whole elements of a JSON array (every
    /// chunk, in order, before [`Session::push_chunk`] pushes the first). It keeps only the keys
    /// that related payloads name and the latest time (see [`input::Stream`]); a malformed
    /// chunk is an error as it would be when pushed. Returns the chunk's element count.
    pub fn scan(&mut self, input: &str) -> Result<u64> {
        self.usable()?;
        let stream = self.stream.get_or_insert_with(Default::default);
        if stream.pushing {
            return Err(Error::misuse(
                "scan every chunk of a streamed input before pushing the first",
            ));
        }
        let elements = source::split(input)?;
        let first = stream.scanned;
        stream.scan(&elements, first, &self.run)?;
        Ok(elements.items.len() as u64)
    }

    /// Pushes one chunk of a streamed input (after [`Session::scan`] read them all; without a
    /// scan it is [`Session::push_with_progress`]). Elements whose related payloads are still to
    /// come are held back and evaluated with them, so a streamed input is joined as one piece
    /// is; [`Session::flush_held`] evaluates what is still held at the end.
    pub fn push_chunk(
        &mut self,
        input: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ChunkSummary> {
        self.usable()?;
        let Some(mut stream) = self.stream.take() else {
            return self.push_with_progress(input, progress);
        };
        let result = self.push_streamed(input, &mut stream, progress);
        self.stream = Some(stream);
        result
    }

    fn push_streamed(
        &mut self,
        input: &str,
        stream: &mut input::Stream,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ChunkSummary> {
        if !stream.pushing {
            // "As of" the latest time of the whole input, as one push would settle it.
            if self.run.as_of_from_data && self.partial.records_in == 0 {
                match stream.latest {
                    Some(latest) => {
                        self.run.as_of = latest;
                        self.partial.fingerprint = self.engine.fingerprint(&self.run);
                    }
                    None => self.run.as_of_from_data = false,
                }
            }
            stream.pushing = true;
        }
        let elements = source::split(input)?;
        let n = elements.items.len() as u64;
        let total = 4 * n;
        let before = (self.partial.evaluated, self.partial.rejected_total);
        let batch = input::convert_streamed(
            &elements,
            self.partial.next_index,
            &self.run,
            &mut |done| progress(3 * done as u64, total),
            stream,
        )?;
        let mut unjoined = batch.unjoined;
        self.absorb(batch);
        progress(total, total);
        self.partial.records_in += n;
        self.partial
            .cover(self.partial.next_index, self.partial.next_index + n);
        self.partial.next_index += n;
        let released = stream.release(false);
        unjoined += self.push_held(&released)?;
        Ok(ChunkSummary {
            input: n,
            evaluated: self.partial.evaluated - before.0,
            rejected: self.partial.rejected_total - before.1,
            unjoined,
        })
    }

    /// Evaluates every element a streamed input still holds (its end); `(summary, peak held
    /// bytes, elements released early because of the hold limit)`.
    pub fn flush_held(&mut self) -> Result<(ChunkSummary, usize, u64)> {
        self.usable()?;
        let before = (self.partial.evaluated, self.partial.rejected_total);
        let Some(mut stream) = self.stream.take() else {
            return Ok((
                ChunkSummary {
                    input: 0,
                    evaluated: 0,
                    rejected: 0,
                    unjoined: 0,
                },
                0,
                0,
            ));
        };
        let released = stream.release(true);
        let result = self.push_held(&released);
        let stats = (stream.peak_held, stream.forced);
        let limit = stream.limit;
        self.stream = Some(stream);
        let unjoined = result?;
        if stats.1 > 0 {
            // The report says why rows of records in this input were not joined.
            let lists = self.engine.core.lists;
            self.partial.push_warning(
                source::Warning {
                    index: 0,
                    path: "$".to_string(),
                    message: format!(
                        "{} record(s) were evaluated before all their related rows were read (more than {} MB held back): their later rows are counted as unjoined; push the input in one piece to join them",
                        stats.1,
                        limit >> 20
                    ),
                    value: String::new(),
                },
                lists,
            );
        }
        Ok((
            ChunkSummary {
                input: 0,
                evaluated: self.partial.evaluated - before.0,
                rejected: self.partial.rejected_total - before.1,
                unjoined,
            },
            stats.0,
            stats.1,
        ))
    }

    /// Converts released elements together and evaluates them (counted in `in` when pushed).
    fn push_held(&mut self, held: &[input::Held]) -> Result<u64> {
        if held.is_empty() {
            return Ok(0);
        }
        let text = input::held_text(held);
        let elements = source::split(&text)?;
        let mut batch = input::convert_all(&elements, 0, &self.run)?;
        input::remap_held(&mut batch, held);
        let unjoined = batch.unjoined;
        self.absorb(batch);
        Ok(unjoined)
    }

    /// Evaluates a converted batch into the partial (its `in` is counted by the caller).
    fn absorb(&mut self, batch: input::Batch<'_>) {
        self.absorb_with(batch, &mut |_| {});
    }

    /// [`Session::absorb`], calling `progress(records done)` every thousand or so records.
    fn absorb_with(&mut self, batch: input::Batch<'_>, progress: &mut dyn FnMut(usize)) {
        let lists = self.engine.core.lists;
        let mut scratch = Scratch::default();
        for (i, record) in batch.records.iter().enumerate() {
            if i % input::PROGRESS_STEP == 0 && i > 0 {
                progress(i);
            }
            self.engine
                .observe(record, &self.run, &mut self.partial, &mut scratch);
        }
        scratch.flush_fields(&self.engine.core, &mut self.partial);
        self.partial.evaluated += batch.joined;
        self.partial.joined += batch.joined;
        for r in batch.rejected {
            self.partial.push_rejection(r, lists);
        }
        for w in batch.warnings {
            self.partial.push_warning(w, lists);
        }
        source::merge_grouped(&mut self.partial.grouped, &batch.grouped);
    }

    /// Evaluates records already converted by the caller (native use).
    pub fn push_records(&mut self, records: &[Record<'_>]) -> Result<()> {
        self.usable()?;
        self.settle_as_of(records);
        let mut scratch = Scratch::default();
        for record in records {
            self.engine
                .observe(record, &self.run, &mut self.partial, &mut scratch);
        }
        scratch.flush_fields(&self.engine.core, &mut self.partial);
        let count = records.len() as u64;
        self.partial.records_in += count;
        self.partial
            .cover(self.partial.next_index, self.partial.next_index + count);
        self.partial.next_index += count;
        Ok(())
    }

    /// The run's language (of its report and of the errors its calls raise through [`crate::ffi`]).
    pub fn lang(&self) -> Lang {
        self.run.lang
    }

    /// Sets the index the next pushed record gets (a worker that owns a slice of the input).
    pub fn set_offset(&mut self, offset: u64) {
        self.partial.next_index = offset;
    }

    pub fn partial(&self) -> &Partial {
        &self.partial
    }

    /// Adds the partial result of another session built with the same engine options.
    pub fn merge(&mut self, other: &Partial) -> Result<()> {
        self.usable()?;
        let lists = self.engine.core.lists;
        self.partial.merge(other, lists)
    }

    pub fn finish(&mut self) -> Result<Report> {
        self.usable()?;
        self.finished = true;
        Ok(report::build_report(&self.engine, &self.run, &self.partial))
    }

    /// The report so far, leaving the session open.
    pub fn snapshot(&self) -> Result<Report> {
        self.usable()?;
        Ok(report::build_report(&self.engine, &self.run, &self.partial))
    }
}
