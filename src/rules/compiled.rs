//! A rule pack compiled against the catalogue: conditions to expression trees, clause ids to
//! catalogue positions, checks indexed by record kind.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::{Map, Value as Json};

use super::logic::{Compiler, Cx, Expr, Pred, Scope as LogicScope, Val};
use super::pack::{
    CheckDef, ClausesFromDef, EvidenceDef, Pack, RatingPolicy, Scope, Severity, Thresholds,
};
use crate::catalog::{Catalog, Edition, Phase};
use crate::error::{Detail, Error, ErrorCode, Result};
use crate::record::Kind;
use crate::util::per_edition::PerEdition;
use crate::util::vec_map::VecMap;

/// Clause positions in the catalogue (per edition).
pub type ClausePos = u16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail,
    /// `when` did not hold: the check does not concern this record.
    NotApplicable,
    /// The check concerns the record but `require` reads a field the record lacks or could not
    /// be read: not judged (never a failure), and counted so the report can say how much of a
    /// check's kind it could judge.
    Undetermined,
    /// The condition ran out of its step budget: not judged, and reported as such (never "not
    /// applicable").
    Limited,
}

/// One field whose values bring extra clauses.
#[derive(Debug)]
pub struct ClauseSource {
    pub value: Expr,
    /// Value → 2018 clause positions; `None`: the values are clause ids.
    pub map: Option<VecMap<String, Vec<ClausePos>>>,
}

/// Every field a check or evidence rule takes extra clauses from.
#[derive(Debug)]
pub struct CompiledClausesFrom {
    pub sources: Vec<ClauseSource>,
}

#[derive(Debug)]
// The fields every record reads come first and in this order (`repr(C)`), so that a pack of
// hundreds of checks walks a few cache lines per check rather than its whole definition.
#[repr(C)]
pub struct CompiledCheck {
    pub phase: Phase,
    /// `when` and `require` compiled for their truth value (typed tests where the shapes allow,
    /// see [`Pred`]): what [`CompiledPack::outcome`] runs.
    pub test_when: Option<Pred>,
    pub test_require: Pred,
    /// `when` and `require` as expressions: what explanations walk.
    pub when: Option<Expr>,
    pub require: Expr,
    /// Its own clause positions, sorted, per edition.
    pub clauses: PerEdition<Vec<ClausePos>>,
    pub clauses_from: Option<CompiledClausesFrom>,
    pub def: CheckDef,
}

#[derive(Debug)]
pub struct CompiledEvidence {
    pub when: Option<Expr>,
    /// `when` compiled for its truth value.
    pub test_when: Option<Pred>,
    pub phase: Phase,
    pub clauses: PerEdition<Vec<ClausePos>>,
    pub clauses_from: Option<CompiledClausesFrom>,
}

#[derive(Debug)]
pub struct CompiledPack {
    pub checks: Vec<CompiledCheck>,
    pub evidence: Vec<CompiledEvidence>,
    /// Record-scope check indexes per kind.
    pub record_checks: Vec<Vec<usize>>,
    /// Window-scope check indexes per kind.
    pub window_checks: Vec<Vec<usize>>,
    pub evidence_by_kind: Vec<Vec<usize>>,
    pub thresholds: Thresholds,
    pub rating: RatingPolicy,
    pub params: Map<String, Json>,
    pub uses_raw: bool,
    /// The packs and versions this was compiled from, e.g. `builtin@2026.1`.
    pub fingerprint: String,
    /// The packs as read, kept for [`CompiledPack::content_hash`]: every pack, or those stacked
    /// after the built-in one when it came from its image.
    packs: Vec<(String, Pack)>,
    /// The hash of the built-in pack when it came from its image (`rules/image`), which
    /// stores it: the hash goes on from there over `packs`.
    hash_start: Option<u64>,
    content_hash: OnceLock<u64>,
}

/// What a compiled pack is made of, however it was made: compiled from packs
/// ([`CompiledPack::compile`]) or read from the built-in pack's image (`rules/image`).
pub(super) struct Compiled {
    pub checks: Vec<CompiledCheck>,
    pub evidence: Vec<CompiledEvidence>,
    pub evidence_by_kind: Vec<Vec<usize>>,
    pub thresholds: Thresholds,
    pub rating: RatingPolicy,
    pub params: Map<String, Json>,
    pub uses_raw: bool,
    pub fingerprint: String,
}

/// FNV-1a, 64 bits: a stable hash for fingerprints (the same in every build and runtime).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_on(0xcbf2_9ce4_8422_2325, bytes)
}

/// FNV-1a from the hash `h` of the bytes before.
fn fnv1a_on(h: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(h, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl CompiledPack {
    /// Compiles packs stacked in order: later parameters win, check ids must be unique, and a
    /// pack's `overrides` change or disable checks of the packs before it. Each pack comes with
    /// the JSON path its errors are reported under (`builtin`, `$.rules[0]` …).
    pub fn compile(packs: Vec<(String, Pack)>, catalog: &Catalog) -> Result<CompiledPack> {
        CompiledPack::stack(None, packs, catalog)
    }

    /// Compiles `packs` stacked on `base`, the built-in pack already compiled (read from its
    /// image, with its content hash), as [`CompiledPack::compile`] stacks packs on the built-in
    /// pack's JSON: only the packs are compiled, and of the built-in checks only what an
    /// override changes (a condition, the clauses). The image was read with the parameters the
    /// packs set, so the built-in conditions already hold them.
    pub(super) fn stack(
        base: Option<(Compiled, u64)>,
        packs: Vec<(String, Pack)>,
        catalog: &Catalog,
    ) -> Result<CompiledPack> {
        let (base, hash_start) = match base {
            Some((base, hash)) => (Some(base), Some(hash)),
            None => (None, None),
        };
        let (params, thresholds, rating) = stacked_settings(base.as_ref(), &packs);
        let mut errors = Vec::new();
        if !thresholds.ordered() {
            errors.push(Detail {
                path: "$.thresholds".into(),
                message: "thresholds must satisfy 0 ≤ n ≤ p ≤ l ≤ 100".into(),
            });
        }
        let (base_checks, base_evidence, base_by_kind, base_raw, base_fingerprint) = match base {
            Some(b) => (
                b.checks,
                b.evidence,
                b.evidence_by_kind,
                b.uses_raw,
                Some(b.fingerprint),
            ),
            None => (Vec::new(), Vec::new(), Vec::new(), false, None),
        };
        let evidence_offset = base_evidence.len();
        let (checks, evidence, packs_raw) = compile_on(
            base_checks,
            base_evidence,
            &packs,
            &params,
            catalog,
            &mut errors,
        );
        let uses_raw = base_raw || packs_raw;
        if !errors.is_empty() {
            return Err(Error::many(ErrorCode::Rules, "the rule pack has", errors));
        }
        let fingerprint = base_fingerprint
            .into_iter()
            .chain(packs.iter().map(|(_, p)| format!("{}@{}", p.id, p.version)))
            .collect::<Vec<_>>()
            .join("+");
        Ok(CompiledPack::assemble(
            Compiled {
                evidence_by_kind: evidence_by_kind(base_by_kind, evidence_offset, &packs),
                checks,
                evidence,
                thresholds,
                rating,
                params,
                uses_raw,
                fingerprint,
            },
            hash_start,
            packs,
        ))
    }

    /// The pack from its compiled parts; `hash_start` and `packs` as the fields say.
    pub(super) fn assemble(
        parts: Compiled,
        hash_start: Option<u64>,
        packs: Vec<(String, Pack)>,
    ) -> CompiledPack {
        let (record_checks, window_checks) = checks_by_kind(&parts.checks);
        CompiledPack {
            checks: parts.checks,
            evidence: parts.evidence,
            record_checks,
            window_checks,
            evidence_by_kind: parts.evidence_by_kind,
            thresholds: parts.thresholds,
            rating: parts.rating,
            params: parts.params,
            uses_raw: parts.uses_raw,
            fingerprint: parts.fingerprint,
            packs,
            hash_start,
            content_hash: OnceLock::new(),
        }
    }

    /// A hash of the packs' content: two packs with one id and version but different checks
    /// never merge their partial results. Worked out the first time a run needs it (a
    /// fingerprint), not when the pack compiles: serialising the built-in pack was an eighth of
    /// making an engine, which a page that only checks forms never needs.
    pub fn content_hash(&self) -> u64 {
        *self
            .content_hash
            .get_or_init(|| content_hash(self.hash_start, &self.packs))
    }

    /// Runs one check on one record.
    pub fn outcome<'r>(&'r self, check: &'r CompiledCheck, cx: &Cx<'r>) -> Outcome {
        let top = Val::Null;
        if let Some(when) = &check.test_when {
            cx.reset();
            let applies = when.holds(cx, &top);
            if cx.exhausted() {
                return Outcome::Limited;
            }
            if applies != Some(true) {
                return Outcome::NotApplicable;
            }
        }
        cx.reset();
        let verdict = check.test_require.holds(cx, &top);
        if cx.exhausted() {
            return Outcome::Limited;
        }
        match verdict {
            Some(true) => Outcome::Pass,
            Some(false) => Outcome::Fail,
            None => Outcome::Undetermined,
        }
    }

    /// The extra 2018 clause positions a record brings to a check or evidence rule.
    pub fn dynamic_clauses<'r>(
        from: &'r CompiledClausesFrom,
        cx: &Cx<'r>,
        catalog: &Catalog,
        out: &mut Vec<ClausePos>,
    ) {
        for source in &from.sources {
            cx.reset();
            let v = source.value.eval(cx, &Val::Null);
            // Each value's text is borrowed where it can be: no list of strings per record.
            let mut add = |value: &str| match &source.map {
                Some(map) => {
                    if let Some(positions) = map.get(value) {
                        out.extend(positions);
                    }
                }
                None => {
                    if let Some(pos) = catalog.e2018.position(value.trim()) {
                        out.push(pos as ClausePos);
                    }
                }
            };
            match v.element_count() {
                Some(n) => {
                    for item in (0..n).filter_map(|i| v.element(i)) {
                        add(&item.to_text());
                    }
                }
                None => match v {
                    Val::Absent | Val::Null => {}
                    other => add(&other.to_text()),
                },
            }
        }
    }

    pub fn check_index(&self, id: &str) -> Option<usize> {
        self.checks.iter().position(|c| c.def.id == id)
    }
}

/// Finds the condition and clause errors of packs that failed structural validation, so that
/// a rule author sees every error at once rather than the semantic ones only after fixing the
/// structure. Reads the JSON leniently: what is malformed was already reported.
pub fn lint_packs(
    packs: &[(String, &Json)],
    base_params: &Map<String, Json>,
    catalog: &Catalog,
) -> Vec<Detail> {
    let mut params = base_params.clone();
    for (_, pack) in packs {
        if let Some(Json::Object(p)) = pack.get("params") {
            for (k, v) in p {
                params.insert(k.clone(), v.clone());
            }
        }
    }
    let strings = |v: Option<&Json>| -> Vec<String> {
        v.and_then(Json::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut compiler = Compiler::new(&params);
    let mut errors = Vec::new();
    for (base, pack) in packs {
        let Some(checks) = pack.get("checks").and_then(Json::as_array) else {
            continue;
        };
        for (i, check) in checks.iter().enumerate() {
            let at = format!("{base}.checks[{i}]");
            if let Some(when) = check.get("when") {
                compiler.compile(when, LogicScope::Record, &format!("{at}.when"));
            }
            if let Some(require) = check.get("require") {
                compiler.compile(require, LogicScope::Record, &format!("{at}.require"));
            }
            let ids = PerEdition::from_fn(|e| strings(check.get(format!("clauses{}", e.as_str()))));
            if ids.iter().any(|list| !list.is_empty()) {
                let ids = PerEdition::new(ids.e2018.as_slice(), &ids.e2011);
                resolve_clauses(ids, catalog, &at, &mut errors);
            }
        }
    }
    errors.append(&mut compiler.errors);
    errors
}

/// The effective checks and the evidence rules: `base`'s (compiled already), then the packs'
/// compiled on them, with whether a condition reads `raw`.
fn compile_on(
    base_checks: Vec<CompiledCheck>,
    base_evidence: Vec<CompiledEvidence>,
    packs: &[(String, Pack)],
    params: &Map<String, Json>,
    catalog: &Catalog,
    errors: &mut Vec<Detail>,
) -> (Vec<CompiledCheck>, Vec<CompiledEvidence>, bool) {
    // Without the pack compiler (cargo feature `packs`) only parameters stack on the built-in
    // pack (the instance's priority matrix, read into it with the image). A pack with checks,
    // evidence rules or overrides never gets here (`rules/load.rs` refuses packs of one's own),
    // and would be refused by name if it did. The constant condition leaves the compiler out of
    // such a build.
    if !cfg!(feature = "packs") {
        for (base, pack) in packs {
            if !(pack.checks.is_empty() && pack.evidence.is_empty() && pack.overrides.is_empty()) {
                errors.push(Detail {
                    path: base.clone(),
                    message: Error::not_in_build(super::load::PACKS_PART, "packs").message,
                });
            }
        }
        return (base_checks, base_evidence, false);
    }
    let effective = effective_checks(base_checks, packs, errors);
    let mut compiler = Compiler::new(params);
    let checks: Vec<CompiledCheck> = effective
        .into_iter()
        .map(|(at, check)| match check {
            Stacked::Source(def) => compile_check(def, &mut compiler, catalog, &at, errors),
            Stacked::Compiled(check, changed) if changed.any => {
                recompile_check(check, changed, &mut compiler, catalog, &at, errors)
            }
            Stacked::Compiled(check, _) => check,
        })
        .collect();
    let mut evidence = base_evidence;
    for (base, pack) in packs {
        for (i, def) in pack.evidence.iter().enumerate() {
            let at = format!("{base}.evidence[{i}]");
            evidence.push(compile_evidence(def, &mut compiler, catalog, &at, errors));
        }
    }
    errors.append(&mut compiler.errors);
    (checks, evidence, compiler.uses_raw)
}

/// The parameters, thresholds and rating policy of packs stacked in order on `base` (later ones
/// win).
fn stacked_settings(
    base: Option<&Compiled>,
    packs: &[(String, Pack)],
) -> (Map<String, Json>, Thresholds, RatingPolicy) {
    let (params, mut thresholds, mut rating) = match base {
        Some(b) => (b.params.clone(), b.thresholds, b.rating),
        None => (Map::new(), Thresholds::default(), RatingPolicy::default()),
    };
    for (_, pack) in packs {
        if let Some(t) = pack.thresholds {
            thresholds = t;
        }
        if let Some(r) = &pack.rating {
            rating.apply(r);
        }
    }
    (stacked_params(params, packs), thresholds, rating)
}

/// `params` with the parameters of `packs` stacked on them in order (later ones win): what the
/// stack's conditions read, and what the built-in pack's image is read with.
pub(super) fn stacked_params(
    mut params: Map<String, Json>,
    packs: &[(String, Pack)],
) -> Map<String, Json> {
    for (_, pack) in packs {
        for (k, v) in &pack.params {
            params.insert(k.clone(), v.clone());
        }
    }
    params
}

/// A check as stacked: from a pack's JSON, to compile, or compiled already (the built-in pack's
/// image) with what overrides changed in its definition since.
// One list of them lives while a stack compiles, each moved once: boxing would cost an
// allocation per check for nothing.
#[allow(clippy::large_enum_variant)]
enum Stacked {
    Source(CheckDef),
    Compiled(CompiledCheck, Changed),
}

/// What overrides changed in a compiled check: its definition (`any`), and of that what was
/// compiled from it.
#[derive(Clone, Copy, Default)]
struct Changed {
    any: bool,
    when: bool,
    require: bool,
    clauses: bool,
}

impl Stacked {
    fn def(&self) -> &CheckDef {
        match self {
            Stacked::Source(def) => def,
            Stacked::Compiled(check, _) => &check.def,
        }
    }

    fn apply(&mut self, o: &super::pack::Override) {
        match self {
            Stacked::Source(def) => apply_override(def, o),
            Stacked::Compiled(check, changed) => {
                apply_override(&mut check.def, o);
                changed.any = true;
                changed.when |= o.when.is_some();
                changed.require |= o.require.is_some();
                changed.clauses |= o.clauses2018.is_some() || o.clauses2011.is_some();
            }
        }
    }
}

/// The effective checks, in order, with the path each was defined (or last changed) at: `base`
/// (compiled already), then each pack's checks added and its overrides applied to the checks
/// stacked before it.
fn effective_checks(
    base: Vec<CompiledCheck>,
    packs: &[(String, Pack)],
    errors: &mut Vec<Detail>,
) -> Vec<(String, Stacked)> {
    let mut effective: Vec<(String, Stacked)> = base
        .into_iter()
        .map(|c| (String::new(), Stacked::Compiled(c, Changed::default())))
        .collect();
    let mut disabled = BTreeSet::new();
    for (base, pack) in packs {
        for (i, def) in pack.checks.iter().enumerate() {
            let at = format!("{base}.checks[{i}]");
            if effective.iter().any(|(_, d)| d.def().id == def.id) || disabled.contains(&def.id) {
                errors.push(Detail {
                    path: format!("{at}.id"),
                    message: format!("duplicate check id {:?}", def.id),
                });
                continue;
            }
            effective.push((at, Stacked::Source(def.clone())));
        }
        for (i, o) in pack.overrides.iter().enumerate() {
            let at = format!("{base}.overrides[{i}]");
            let Some(pos) = effective.iter().position(|(_, d)| d.def().id == o.check) else {
                let message = if disabled.contains(&o.check) {
                    format!("check {:?} was disabled by an earlier override", o.check)
                } else {
                    format!(
                        "no check {:?} in the packs stacked before this one",
                        o.check
                    )
                };
                errors.push(Detail {
                    path: format!("{at}.check"),
                    message,
                });
                continue;
            };
            if o.disable {
                effective.remove(pos);
                disabled.insert(o.check.clone());
                continue;
            }
            if let Some((path, check)) = effective.get_mut(pos) {
                check.apply(o);
                *path = at;
            }
        }
    }
    effective
}

/// One effective check compiled: its conditions, clauses and `clausesFrom`, with the errors of
/// its definition.
fn compile_check(
    def: CheckDef,
    compiler: &mut Compiler<'_>,
    catalog: &Catalog,
    at: &str,
    errors: &mut Vec<Detail>,
) -> CompiledCheck {
    kinds_error(&def, at, errors);
    let when = compile_when(&def, compiler, at);
    let require = compile_require(&def, compiler, at);
    let clauses = check_clauses(&def, catalog, at, errors);
    let clauses_from = def
        .clauses_from
        .as_ref()
        .map(|c| compile_clauses_from(c, compiler, catalog, &format!("{at}.clausesFrom"), errors));
    finish_check(def, when, require, clauses, clauses_from, at, errors)
}

/// A compiled check (the built-in pack's, from its image) after overrides changed its
/// definition at `at`: what they changed is compiled again, the rest kept.
fn recompile_check(
    check: CompiledCheck,
    changed: Changed,
    compiler: &mut Compiler<'_>,
    catalog: &Catalog,
    at: &str,
    errors: &mut Vec<Detail>,
) -> CompiledCheck {
    let CompiledCheck {
        when,
        require,
        clauses,
        clauses_from,
        def,
        ..
    } = check;
    kinds_error(&def, at, errors);
    let when = if changed.when {
        compile_when(&def, compiler, at)
    } else {
        when
    };
    let require = if changed.require {
        compile_require(&def, compiler, at)
    } else {
        require
    };
    let clauses = if changed.clauses {
        check_clauses(&def, catalog, at, errors)
    } else {
        clauses
    };
    finish_check(def, when, require, clauses, clauses_from, at, errors)
}

fn kinds_error(def: &CheckDef, at: &str, errors: &mut Vec<Detail>) {
    if def.kinds.is_empty() {
        errors.push(Detail {
            path: format!("{at}.kinds"),
            message: "a check needs at least one record kind".into(),
        });
    }
}

fn compile_when(def: &CheckDef, compiler: &mut Compiler<'_>, at: &str) -> Option<Expr> {
    def.when
        .as_ref()
        .map(|w| compiler.compile(w, LogicScope::Record, &format!("{at}.when")))
}

fn compile_require(def: &CheckDef, compiler: &mut Compiler<'_>, at: &str) -> Expr {
    compiler.compile(&def.require, LogicScope::Record, &format!("{at}.require"))
}

fn check_clauses(
    def: &CheckDef,
    catalog: &Catalog,
    at: &str,
    errors: &mut Vec<Detail>,
) -> PerEdition<Vec<ClausePos>> {
    resolve_clauses(
        PerEdition::new(def.clauses2018.as_slice(), &def.clauses2011),
        catalog,
        at,
        errors,
    )
}

/// A check from its compiled parts, with the errors of its definition as a whole.
fn finish_check(
    def: CheckDef,
    when: Option<Expr>,
    require: Expr,
    clauses: PerEdition<Vec<ClausePos>>,
    clauses_from: Option<CompiledClausesFrom>,
    at: &str,
    errors: &mut Vec<Detail>,
) -> CompiledCheck {
    check_options_errors(&def, clauses_from.is_some(), at, errors);
    if clauses.e2018.is_empty() && clauses_from.is_none() {
        errors.push(Detail {
            path: format!("{at}.clauses2018"),
            message: "a check needs at least one clause".into(),
        });
    }
    CompiledCheck::new(def.phase, when, require, clauses, clauses_from, def)
}

impl CompiledCheck {
    /// A check from its compiled parts, its conditions lowered to typed tests: the one place
    /// where that happens, whether the check was compiled or read from the built-in pack's image.
    pub(super) fn new(
        phase: Phase,
        when: Option<Expr>,
        require: Expr,
        clauses: PerEdition<Vec<ClausePos>>,
        clauses_from: Option<CompiledClausesFrom>,
        def: CheckDef,
    ) -> CompiledCheck {
        CompiledCheck {
            phase,
            test_when: when.as_ref().map(Pred::compile),
            test_require: Pred::compile(&require),
            when,
            require,
            clauses,
            clauses_from,
            def,
        }
    }
}

impl CompiledEvidence {
    /// An evidence rule from its compiled parts, `when` lowered to a typed test (see
    /// [`CompiledCheck::new`]).
    pub(super) fn new(
        when: Option<Expr>,
        phase: Phase,
        clauses: PerEdition<Vec<ClausePos>>,
        clauses_from: Option<CompiledClausesFrom>,
    ) -> CompiledEvidence {
        CompiledEvidence {
            test_when: when.as_ref().map(Pred::compile),
            when,
            phase,
            clauses,
            clauses_from,
        }
    }
}

/// The errors of a check's window options (`everyMonths`, `mustCover`) and `systemic`.
fn check_options_errors(
    def: &CheckDef,
    has_clauses_from: bool,
    at: &str,
    errors: &mut Vec<Detail>,
) {
    if def.scope != Scope::Window {
        for (key, set) in [
            ("everyMonths", def.every_months.is_some()),
            ("mustCover", def.must_cover.is_some()),
        ] {
            if set {
                errors.push(Detail {
                    path: format!("{at}.{key}"),
                    message: format!("{key} applies to window checks only"),
                });
            }
        }
    }
    if def.must_cover.is_some() && !has_clauses_from {
        errors.push(Detail {
            path: format!("{at}.mustCover"),
            message: "mustCover needs clausesFrom: the clauses the records cover".into(),
        });
    }
    if def.every_months == Some(0) {
        errors.push(Detail {
            path: format!("{at}.everyMonths"),
            message: "expected at least 1 month".into(),
        });
    }
    if let Some(s) = def.systemic
        && !(s.share > 0.0 && s.share <= 1.0 && s.count >= 1)
    {
        errors.push(Detail {
            path: format!("{at}.systemic"),
            message: "expected a share in (0, 1] and a count of at least 1".into(),
        });
    }
}

/// Record-scope and window-scope check indexes per kind.
fn checks_by_kind(checks: &[CompiledCheck]) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut record_checks = vec![Vec::new(); Kind::ALL.len()];
    let mut window_checks = vec![Vec::new(); Kind::ALL.len()];
    for (i, check) in checks.iter().enumerate() {
        for kind in &check.def.kinds {
            let table = if check.def.scope == Scope::Window {
                &mut window_checks
            } else {
                &mut record_checks
            };
            if let Some(slot) = table.get_mut(kind.index()) {
                slot.push(i);
            }
        }
    }
    (record_checks, window_checks)
}

/// Evidence rule indexes (across the stacked packs) per kind: `base`'s (the built-in pack's
/// from its image, `offset` rules), then the packs'.
fn evidence_by_kind(
    base: Vec<Vec<usize>>,
    offset: usize,
    packs: &[(String, Pack)],
) -> Vec<Vec<usize>> {
    let mut by_kind = base;
    by_kind.resize(Kind::ALL.len(), Vec::new());
    let mut offset = offset;
    for (_, pack) in packs {
        for (i, def) in pack.evidence.iter().enumerate() {
            for kind in &def.kinds {
                if let Some(slot) = by_kind.get_mut(kind.index()) {
                    slot.push(offset + i);
                }
            }
        }
        offset += pack.evidence.len();
    }
    by_kind
}

/// A hash of the packs' content (see [`CompiledPack::content_hash`]): FNV-1a of their JSON texts
/// joined by newlines, going on from `start` (the built-in pack's, from its image) when given.
/// (Written with `to_string`, the serialiser the module has anyway: a writer of its own would
/// compile a second copy of the packs' serialisation into the .wasm.)
pub(super) fn content_hash(start: Option<u64>, packs: &[(String, Pack)]) -> u64 {
    let mut hash = start.unwrap_or_else(|| fnv1a(b""));
    for (i, (_, pack)) in packs.iter().enumerate() {
        if i > 0 || start.is_some() {
            hash = fnv1a_on(hash, b"\n");
        }
        hash = fnv1a_on(
            hash,
            serde_json::to_string(pack).unwrap_or_default().as_bytes(),
        );
    }
    hash
}

/// Clause ids to sorted catalogue positions in both editions. Without 2011 ids, the 2011
/// clauses follow the 2018 ones through the crosswalk.
fn resolve_clauses(
    ids: PerEdition<&[String]>,
    catalog: &Catalog,
    at: &str,
    errors: &mut Vec<Detail>,
) -> PerEdition<Vec<ClausePos>> {
    let derived: Vec<String>;
    let ids2011 = if ids.e2011.is_empty() {
        derived = ids
            .e2018
            .iter()
            .flat_map(|id| catalog.to_2011(id))
            .collect();
        &derived[..]
    } else {
        ids.e2011
    };
    PerEdition::new(
        resolve_edition(ids.e2018, Edition::E2018, catalog, at, errors),
        resolve_edition(ids2011, Edition::E2011, catalog, at, errors),
    )
}

/// Requirement clause ids of one edition to its positions, sorted without repeats; an id that
/// is not a requirement clause is an error at `{at}.clauses{edition}[i]`.
fn resolve_edition(
    ids: &[String],
    edition: Edition,
    catalog: &Catalog,
    at: &str,
    errors: &mut Vec<Detail>,
) -> Vec<ClausePos> {
    let cat = catalog.edition(edition);
    let year = edition.as_str();
    let mut positions = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match cat.position(id) {
            Some(pos) if cat.clauses.get(pos).is_some_and(|c| c.requirement) => {
                positions.push(pos as ClausePos)
            }
            _ => errors.push(Detail {
                path: format!("{at}.clauses{year}[{i}]"),
                message: format!("{id:?} is not a requirement clause of ISO/IEC 20000-1:{year}"),
            }),
        }
    }
    crate::util::sort::sort(&mut positions);
    positions.dedup();
    positions
}

fn compile_clauses_from(
    def: &ClausesFromDef,
    compiler: &mut Compiler<'_>,
    catalog: &Catalog,
    at: &str,
    errors: &mut Vec<Detail>,
) -> CompiledClausesFrom {
    let many = matches!(def, ClausesFromDef::Many(_));
    let sources = def
        .sources()
        .iter()
        .enumerate()
        .map(|(i, source)| {
            let at = if many {
                format!("{at}[{i}]")
            } else {
                at.to_string()
            };
            let value = compiler.compile(
                &serde_json::json!({ "var": source.field }),
                LogicScope::Record,
                &format!("{at}.field"),
            );
            let map = source.map.as_ref().map(|m| {
                m.iter()
                    .map(|(key, ids)| {
                        let at = format!("{at}.map.{key}");
                        let clauses =
                            resolve_clauses(PerEdition::new(ids, &[]), catalog, &at, errors);
                        (key.clone(), clauses.e2018)
                    })
                    .collect()
            });
            ClauseSource { value, map }
        })
        .collect();
    CompiledClausesFrom { sources }
}

fn compile_evidence(
    def: &EvidenceDef,
    compiler: &mut Compiler<'_>,
    catalog: &Catalog,
    at: &str,
    errors: &mut Vec<Detail>,
) -> CompiledEvidence {
    let when = def
        .when
        .as_ref()
        .map(|w| compiler.compile(w, LogicScope::Record, &format!("{at}.when")));
    let ids = PerEdition::new(def.clauses2018.as_slice(), &def.clauses2011);
    let clauses = resolve_clauses(ids, catalog, at, errors);
    let clauses_from = def
        .clauses_from
        .as_ref()
        .map(|c| compile_clauses_from(c, compiler, catalog, &format!("{at}.clausesFrom"), errors));
    CompiledEvidence::new(when, def.phase, clauses, clauses_from)
}

/// Severity ranks for "fail on" thresholds: lower is worse.
pub fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::MajorNonconformity => 0,
        Severity::MinorNonconformity => 1,
        Severity::Observation => 2,
        Severity::OpportunityForImprovement => 3,
    }
}

/// Evaluates `when` of an evidence rule.
pub fn evidence_applies<'r>(e: &'r CompiledEvidence, cx: &Cx<'r>) -> bool {
    match &e.test_when {
        None => true,
        Some(w) => {
            cx.reset();
            w.holds(cx, &Val::Null) == Some(true)
        }
    }
}

/// Applies an override's fields to a check.
fn apply_override(def: &mut CheckDef, o: &super::pack::Override) {
    if let Some(s) = o.severity {
        def.severity = s;
    }
    if let Some(p) = o.phase {
        def.phase = p;
    }
    if let Some(w) = &o.when {
        def.when = w.clone().filter(|w| !w.is_null());
    }
    if let Some(r) = &o.require {
        def.require = r.clone();
    }
    if let Some(t) = &o.title {
        def.title = t.clone();
    }
    if let Some(m) = &o.message {
        def.message = m.clone();
    }
    if let Some(h) = &o.hint {
        def.hint = h.clone();
    }
    if let Some(k) = &o.kinds {
        def.kinds = k.clone();
    }
    if let Some(c) = &o.clauses2018 {
        def.clauses2018 = c.clone();
        if o.clauses2011.is_none() {
            // 2011 clauses follow the new 2018 ones through the crosswalk.
            def.clauses2011.clear();
        }
    }
    if let Some(c) = &o.clauses2011 {
        def.clauses2011 = c.clone();
    }
    if let Some(n) = o.at_least {
        def.at_least = Some(n);
    }
    if let Some(a) = o.aspect {
        def.aspect = a;
    }
    if let Some(s) = o.systemic {
        def.systemic = Some(s);
    }
    if let Some(n) = o.every_months {
        def.every_months = Some(n);
    }
}
