//! The packs an engine stacks, read and checked before they are compiled: the built-in pack,
//! read from its compiled image (`rules/image`), the caller's packs (every structural error of
//! every pack at once, then every compile error at once) and the instance's priority matrix as
//! a pack of its own. Builds without the pack compiler (cargo feature `packs`) refuse packs of the
//! caller's own.

use std::sync::{Arc, OnceLock};

use serde_json::value::RawValue;
use serde_json::{Map, Value as Json};

use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::rules::compiled::CompiledPack;
use crate::rules::pack::Pack;

/// What a build without the cargo feature `packs` lacks, as its refusals name it.
pub(super) const PACKS_PART: &str = "rule packs of your own (the rules option and loadRules)";

impl CompiledPack {
    /// The pack for an engine. The built-in pack alone (no packs stacked on it, no priority
    /// matrix) is made once per process (per wasm instance) and shared, so that making an
    /// engine does not read the 120 checks again: a dashboard, a server or a test that makes
    /// many pays it once. Anything else gets a pack of its own.
    pub fn for_engine(
        builtin: bool,
        rules: &[Box<RawValue>],
        priority_matrix: Option<&Vec<Vec<u8>>>,
        catalog: &'static Catalog,
    ) -> Result<Arc<CompiledPack>> {
        if builtin && rules.is_empty() && priority_matrix.is_none() {
            return CompiledPack::builtin(catalog);
        }
        Ok(Arc::new(CompiledPack::load(
            builtin,
            rules,
            priority_matrix,
            catalog,
        )?))
    }

    /// The shared built-in pack (see [`CompiledPack::for_engine`]).
    fn builtin(catalog: &'static Catalog) -> Result<Arc<CompiledPack>> {
        static BUILTIN: OnceLock<Arc<CompiledPack>> = OnceLock::new();
        if let Some(pack) = BUILTIN.get() {
            return Ok(Arc::clone(pack));
        }
        let pack = CompiledPack::load(true, &[], None, catalog)?;
        Ok(Arc::clone(BUILTIN.get_or_init(|| Arc::new(pack))))
    }

    /// Reads, validates and compiles the packs: the built-in one unless `builtin` is false, then
    /// `rules` in order (their errors carry the path `$.rules[i]…`), then the instance context's
    /// priority matrix (`context.priorityMatrix`, 3 × 3 priorities 1–5).
    ///
    /// The built-in pack comes compiled, from its image: it is read with the parameters the
    /// packs stacked on it set, and only the packs (and what their overrides change in a
    /// built-in check) are compiled. The result is what compiling the built-in pack's JSON with
    /// the packs gives (`rules/image`'s tests hold the two to each other).
    pub fn load(
        builtin: bool,
        rules: &[Box<RawValue>],
        priority_matrix: Option<&Vec<Vec<u8>>>,
        catalog: &'static Catalog,
    ) -> Result<CompiledPack> {
        let mut packs = own_packs(builtin, rules, catalog)?;
        if let Some(matrix) = priority_matrix {
            packs.push(("$.context".into(), context_pack(matrix)?));
        }
        let base = if builtin {
            let instance = super::compiled::stacked_params(Map::new(), &packs);
            Some(super::image::read(&instance)?)
        } else {
            None
        };
        CompiledPack::stack(base, packs, catalog)
    }
}

/// The caller's packs, read and validated: every structural error of every pack at once, then
/// (when there are some) every error of their conditions and clauses too, so that no error
/// waits for another fix. Conditions see the built-in pack's parameters when it is stacked.
/// Without the pack compiler (cargo feature `packs`) the built-in pack runs alone: packs of
/// one's own are refused by name.
fn own_packs(
    builtin: bool,
    rules: &[Box<RawValue>],
    catalog: &'static Catalog,
) -> Result<Vec<(String, Pack)>> {
    use crate::error::ErrorCode;
    if rules.is_empty() {
        return Ok(Vec::new());
    }
    Error::in_build(cfg!(feature = "packs"), PACKS_PART, "packs")
        .map_err(|e| e.at_path("$.rules"))?;
    let mut packs = Vec::new();
    let mut errors = Vec::new();
    let mut values = Vec::new();
    for (i, raw) in rules.iter().enumerate() {
        let base = format!("$.rules[{i}]");
        let text = raw.get();
        let value: Json = crate::util::json::from_str(text).map_err(|e| {
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
        let base_params = if builtin {
            super::image::read(&Map::new())?.0.params
        } else {
            Map::new()
        };
        let refs: Vec<(String, &Json)> = values.iter().map(|(b, v)| (b.clone(), v)).collect();
        errors.extend(crate::rules::compiled::lint_packs(
            &refs,
            &base_params,
            catalog,
        ));
    }
    if !errors.is_empty() {
        return Err(Error::many(ErrorCode::Rules, "the rule packs have", errors));
    }
    Ok(packs)
}

/// The instance context's priority matrix (`context.priorityMatrix`, 3 × 3 priorities 1–5) as a
/// pack of parameters, stacked last.
pub(super) fn context_pack(matrix: &Vec<Vec<u8>>) -> Result<Pack> {
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
