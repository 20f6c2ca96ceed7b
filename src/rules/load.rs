//! The packs an engine stacks, read and checked before they are compiled: the built-in pack,
//! the caller's packs (every structural error of every pack at once, then every compile error
//! at once) and the instance's priority matrix as a pack of its own. Builds without the pack
//! compiler (cargo feature `packs`) read the built-in pack from its compiled image instead
//! (`rules/image`).

use std::sync::{Arc, OnceLock};

use serde_json::value::RawValue;

use crate::catalog::Catalog;
use crate::error::{Error, ErrorCode, Result};
use crate::record::Kind;
use crate::rules::compiled::{Compiled, CompiledPack};
use crate::rules::pack::{BUILTIN_PACK, Pack, RatingPolicy, Thresholds};

/// What a build without the cargo feature `packs` lacks, as its refusal names it.
#[cfg(not(feature = "packs"))]
const PACKS_PART: &str = "rule packs of your own (the rules option and loadRules)";

impl CompiledPack {
    /// The pack for an engine. The built-in pack alone (no packs stacked on it, no priority
    /// matrix) is made once per process (per wasm instance) and shared, so that making an
    /// engine does not read the 120 checks again: a dashboard, a server or a test that makes
    /// many pays it once. Anything else gets a pack of its own.
    ///
    /// Builds with the pack compiler (cargo feature `packs`) compile the built-in pack from its
    /// JSON, as they compile the caller's packs stacked on it. Builds without it read the
    /// built-in pack from its compiled image (`rules/image`) and refuse packs of the caller's
    /// own: a module that only checks forms carries neither the pack's JSON nor its reader and
    /// compiler. (The full module keeps the JSON: it needs the checks' definitions to stack
    /// packs on them, and holding the image as well made it 37 KB larger gzipped.)
    pub fn for_engine(
        builtin: bool,
        rules: &[Box<RawValue>],
        priority_matrix: Option<&Vec<Vec<u8>>>,
        catalog: &'static Catalog,
    ) -> Result<Arc<CompiledPack>> {
        if builtin && rules.is_empty() && priority_matrix.is_none() {
            return CompiledPack::builtin(catalog);
        }
        #[cfg(feature = "packs")]
        return Ok(Arc::new(CompiledPack::load(
            builtin,
            rules,
            priority_matrix,
            catalog,
        )?));
        #[cfg(not(feature = "packs"))]
        {
            if rules.is_empty() {
                return Ok(Arc::new(CompiledPack::from_image(
                    builtin,
                    priority_matrix,
                )?));
            }
            Err(Error::not_in_build(PACKS_PART, "packs").at_path("$.rules"))
        }
    }

    /// The shared built-in pack (see [`CompiledPack::for_engine`]).
    fn builtin(catalog: &'static Catalog) -> Result<Arc<CompiledPack>> {
        static BUILTIN: OnceLock<Arc<CompiledPack>> = OnceLock::new();
        if let Some(pack) = BUILTIN.get() {
            return Ok(Arc::clone(pack));
        }
        #[cfg(feature = "packs")]
        let pack = CompiledPack::load(true, &[], None, catalog)?;
        #[cfg(not(feature = "packs"))]
        let pack = {
            let _ = catalog;
            CompiledPack::from_image(true, None)?
        };
        Ok(Arc::clone(BUILTIN.get_or_init(|| Arc::new(pack))))
    }

    /// The built-in pack from its image (or no checks at all without it), then the instance's
    /// priority matrix as a pack of its own, as [`CompiledPack::load`] stacks them.
    pub fn from_image(
        builtin: bool,
        priority_matrix: Option<&Vec<Vec<u8>>>,
    ) -> Result<CompiledPack> {
        let context = priority_matrix.map(context_pack).transpose()?;
        let instance = context
            .as_ref()
            .map(|p| p.params.clone())
            .unwrap_or_default();
        let (mut parts, hash_start) = if builtin {
            let (parts, hash) = super::image::read(&instance)?;
            (parts, Some(hash))
        } else {
            let parts = Compiled {
                checks: Vec::new(),
                evidence: Vec::new(),
                evidence_by_kind: vec![Vec::new(); Kind::ALL.len()],
                thresholds: Thresholds::default(),
                rating: RatingPolicy::default(),
                params: instance,
                uses_raw: false,
                fingerprint: String::new(),
            };
            (parts, None)
        };
        let mut packs = Vec::new();
        if let Some(pack) = context {
            if !parts.fingerprint.is_empty() {
                parts.fingerprint.push('+');
            }
            parts
                .fingerprint
                .push_str(&format!("{}@{}", pack.id, pack.version));
            packs.push(("$.context".to_string(), pack));
        }
        Ok(CompiledPack::assemble(parts, hash_start, packs))
    }

    /// Reads, validates and compiles the packs: the built-in one unless `builtin` is false, then
    /// `rules` in order (their errors carry the path `$.rules[i]…`), then the instance context's
    /// priority matrix (`context.priorityMatrix`, 3 × 3 priorities 1–5).
    pub fn load(
        builtin: bool,
        rules: &[Box<RawValue>],
        priority_matrix: Option<&Vec<Vec<u8>>>,
        catalog: &'static Catalog,
    ) -> Result<CompiledPack> {
        let mut packs: Vec<(String, Pack)> = Vec::new();
        if builtin {
            // Read as custom packs are once they validate: from its JSON tree, by the pack
            // reader (`rules/read.rs`).
            let builtin = crate::util::json::from_str::<serde_json::Value>(BUILTIN_PACK)
                .map_err(|e| e.to_string())
                .and_then(|value| Pack::from_json_value(&value))
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
        for (i, raw) in rules.iter().enumerate() {
            let base = format!("$.rules[{i}]");
            let text = raw.get();
            let value: serde_json::Value = crate::util::json::from_str(text).map_err(|e| {
                Error::new(ErrorCode::Rules, format!("rule pack {i}: {e}")).at_path(base.clone())
            })?;
            crate::rules::validate::validate_pack(&value, &base, &mut errors);
            values.push((base, value));
        }
        if errors.is_empty() {
            // Read from the tree, which now has the shape `validate_pack` asks for.
            for (base, value) in values {
                match Pack::from_json_value(&value) {
                    Ok(pack) => packs.push((base, pack)),
                    Err(message) => errors.push(crate::error::Detail {
                        path: base,
                        message,
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
            return Err(Error::many(ErrorCode::Rules, "the rule packs have", errors));
        }
        if let Some(matrix) = priority_matrix {
            packs.push(("$.context".into(), context_pack(matrix)?));
        }
        CompiledPack::compile(packs, catalog)
    }
}

/// The instance context's priority matrix (`context.priorityMatrix`, 3 × 3 priorities 1–5) as a
/// pack of parameters, stacked last.
fn context_pack(matrix: &Vec<Vec<u8>>) -> Result<Pack> {
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
    let mut pack = Pack::named("context", "instance");
    pack.params
        .insert("priorityMatrix".into(), serde_json::json!(matrix));
    Ok(pack)
}
