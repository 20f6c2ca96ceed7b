//! The packs an engine stacks, read and checked before they are compiled: the built-in pack,
//! the caller's packs (every structural error of every pack at once, then every compile error
//! at once) and the instance's priority matrix as a pack of its own.

use std::sync::{Arc, OnceLock};

use serde_json::value::RawValue;

use crate::catalog::Catalog;
use crate::error::{Error, ErrorCode, Result};
use crate::rules::compiled::CompiledPack;
use crate::rules::pack::{BUILTIN_PACK, Pack};

impl CompiledPack {
    /// [`CompiledPack::load`] for an engine: the built-in pack alone (no packs stacked on it,
    /// no priority matrix) is compiled once per process (per wasm instance) and shared, so an
    /// engine is made without reading and compiling the 85 checks again. What compiling costs
    /// is the bulk of making an engine: a dashboard, a server or a test that makes many pays it
    /// once. Anything stacked gets a pack of its own.
    pub fn for_engine(
        builtin: bool,
        rules: &[Box<RawValue>],
        priority_matrix: Option<&Vec<Vec<u8>>>,
        catalog: &'static Catalog,
    ) -> Result<Arc<CompiledPack>> {
        if builtin && rules.is_empty() && priority_matrix.is_none() {
            return CompiledPack::builtin();
        }
        Ok(Arc::new(CompiledPack::load(
            builtin,
            rules,
            priority_matrix,
            catalog,
        )?))
    }

    /// The shared built-in pack (see [`CompiledPack::for_engine`]).
    fn builtin() -> Result<Arc<CompiledPack>> {
        static BUILTIN: OnceLock<Arc<CompiledPack>> = OnceLock::new();
        if let Some(pack) = BUILTIN.get() {
            return Ok(Arc::clone(pack));
        }
        let pack = Arc::new(CompiledPack::load(true, &[], None, Catalog::builtin()?)?);
        Ok(Arc::clone(BUILTIN.get_or_init(|| pack)))
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
            packs.push(("$.context".into(), pack));
        }
        CompiledPack::compile(packs, catalog)
    }
}
