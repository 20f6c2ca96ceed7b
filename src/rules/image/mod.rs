//! The built-in pack compiled ahead of time: its image.
//!
//! `builtin-pack.json` is the reviewed source of the built-in checks. Reading, validating and
//! compiling it when an engine is made cost a third of a module that only checks forms (the JSON
//! text, serde's JSON tree, the pack reader and validator, the JsonLogic compiler) and most of
//! the time to make the first engine. The image is what compiling it gives, written once as
//! bytes (`builtin.bin`, generated: `make pack-image`), which [`read`] turns back into the
//! compiled pack: checks, evidence rules and their conditions as expression trees, clause ids
//! already resolved to catalogue positions. Conditions in a truth position are then lowered to
//! typed tests by the constructor compiling uses too ([`CompiledCheck::new`]).
//!
//! - The image is checked against the source by a test (`write.rs`): a build whose image is not
//!   what the JSON compiles to fails `make test`, and the pack read from it must be the pack
//!   compiled from the JSON, check for check.
//! - A condition's parameter (`{"param": "priorityMatrix"}`) is stored by name, not by value, so
//!   that the parameters of the packs stacked on the built-in one and the instance's priority
//!   matrix (`context.priorityMatrix`) go in when the image is read.
//! - Every build reads the built-in pack from here (`rules/load.rs`). Packs stacked on it are
//!   compiled from their JSON (cargo feature `packs`), with what their overrides change in a
//!   built-in check (`CompiledPack::stack`); the JSON of the built-in pack is compiled in tests
//!   alone, which hold the two routes to each other.
//!
//! The format, in order: [`MAGIC`]; the fingerprint and content hash; thresholds and rating
//! policy; the parameters; whether a condition reads `raw`; evidence rules per kind; checks;
//! evidence rules. Numbers are unsigned LEB128 (a negative integer as its two's complement), a
//! float its 8 bytes little-endian, a text its length then its UTF-8, a list its length then
//! its items, an option 0 or 1 then the value, an enumeration its position in its `ALL`.

#[cfg(test)]
#[cfg(feature = "packs")]
mod write;

use serde_json::{Map, Number, Value as Json};

use super::compiled::{
    ClauseSource, Compiled, CompiledCheck, CompiledClausesFrom, CompiledEvidence,
};
use super::fields::{
    ItemType, LIST_FIELDS, RECORD_FIELDS, item_field, item_fields, record_field, record_list,
};
use super::logic::{Expr, LitSet, Op};
use super::pack::{
    Aspect, CheckDef, ClausesFrom, ClausesFromDef, Coverage, RatingPolicy, Scope, Severity,
    Systemic, Thresholds, Weights,
};
use crate::catalog::{Localized, Phase};
use crate::error::{Error, ErrorCode, Result};
use crate::record::{Kind, LinkRel};
use crate::util::per_edition::PerEdition;

/// The image of the built-in pack (see the module documentation).
const IMAGE: &[u8] = include_bytes!("builtin.bin");

/// The first bytes of an image, with the format's version.
const MAGIC: &[u8] = b"iso20000-pack-image-1\n";

/// Codes of [`Expr`] variants, and of a parameter standing for a literal.
mod expr_tag {
    pub const LIT: u8 = 0;
    pub const ARRAY: u8 = 1;
    pub const FIELD: u8 = 2;
    pub const LIST: u8 = 3;
    pub const ITEM: u8 = 4;
    pub const RAW: u8 = 5;
    pub const VAR: u8 = 6;
    pub const DEFAULT: u8 = 7;
    pub const TIME: u8 = 8;
    pub const HAS_LINK: u8 = 9;
    pub const IN_LIT: u8 = 10;
    pub const OP: u8 = 11;
    pub const PARAM: u8 = 12;
}

/// Codes of JSON values.
mod json_tag {
    pub const NULL: u8 = 0;
    pub const FALSE: u8 = 1;
    pub const TRUE: u8 = 2;
    pub const UNSIGNED: u8 = 3;
    pub const SIGNED: u8 = 4;
    pub const FLOAT: u8 = 5;
    pub const STRING: u8 = 6;
    pub const ARRAY: u8 = 7;
    pub const OBJECT: u8 = 8;
}

/// Codes of a check's or evidence rule's `clausesFrom`.
mod clauses_from_tag {
    pub const NONE: u8 = 0;
    pub const ONE: u8 = 1;
    pub const MANY: u8 = 2;
}

/// The built-in pack read from its image, with its content hash. `instance` holds parameters
/// that replace the pack's own (the instance's priority matrix): the conditions that use them
/// read the instance's value.
pub(super) fn read(instance: &Map<String, Json>) -> Result<(Compiled, u64)> {
    read_image(IMAGE, instance).ok_or_else(|| {
        Error::new(
            ErrorCode::Rules,
            "the built-in rule pack's compiled image is damaged; rebuild with `make pack-image`",
        )
    })
}

fn read_image(image: &[u8], instance: &Map<String, Json>) -> Option<(Compiled, u64)> {
    let mut r = Reader {
        bytes: image.strip_prefix(MAGIC)?,
        params: Map::new(),
    };
    let fingerprint = r.string()?;
    let hash = r.count()?;
    let thresholds = Thresholds {
        n: r.float()?,
        p: r.float()?,
        l: r.float()?,
    };
    let rating = RatingPolicy {
        weights: Weights {
            major_nonconformity: r.float()?,
            minor_nonconformity: r.float()?,
            observation: r.float()?,
            opportunity_for_improvement: r.float()?,
        },
        systemic: r.systemic()?,
        min_evidence: r.count()?,
    };
    let mut params = r.object()?;
    for (key, value) in instance {
        params.insert(key.clone(), value.clone());
    }
    r.params = params;
    let uses_raw = r.flag()?;
    let evidence_by_kind = r.list(|r| r.list(Reader::index))?;
    let checks = r.list(Reader::check)?;
    let evidence = r.list(Reader::evidence)?;
    if !r.bytes.is_empty() {
        return None;
    }
    let compiled = Compiled {
        checks,
        evidence,
        evidence_by_kind,
        thresholds,
        rating,
        params: r.params,
        uses_raw,
        fingerprint,
    };
    Some((compiled, hash))
}

/// Reads an image front to back; every read answers `None` on bytes it cannot read.
struct Reader<'a> {
    bytes: &'a [u8],
    /// The parameters in force, which the conditions' parameters read.
    params: Map<String, Json>,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(b)
    }

    fn count(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    fn index(&mut self) -> Option<usize> {
        usize::try_from(self.count()?).ok()
    }

    fn float(&mut self) -> Option<f64> {
        let (head, rest) = self.bytes.split_first_chunk::<8>()?;
        self.bytes = rest;
        Some(f64::from_le_bytes(*head))
    }

    fn flag(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn text(&mut self) -> Option<&'a str> {
        let n = self.index()?;
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        std::str::from_utf8(head).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.text().map(str::to_string)
    }

    /// One of `names` (a field path), as the table's own `&'static str`.
    fn name(&mut self, names: &[&'static str]) -> Option<&'static str> {
        let text = self.text()?;
        names.iter().find(|n| **n == text).copied()
    }

    fn pick<T: Copy>(&mut self, all: &[T]) -> Option<T> {
        all.get(usize::from(self.byte()?)).copied()
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.index()?;
        let mut out = Vec::with_capacity(n.min(self.bytes.len()));
        for _ in 0..n {
            out.push(item(self)?);
        }
        Some(out)
    }

    fn option<T>(&mut self, item: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.flag()? {
            item(self).map(Some)
        } else {
            Some(None)
        }
    }

    fn json(&mut self) -> Option<Json> {
        Some(match self.byte()? {
            json_tag::NULL => Json::Null,
            json_tag::FALSE => Json::Bool(false),
            json_tag::TRUE => Json::Bool(true),
            json_tag::UNSIGNED => Json::Number(Number::from(self.count()?)),
            json_tag::SIGNED => Json::Number(Number::from(self.count()? as i64)),
            json_tag::FLOAT => Json::Number(Number::from_f64(self.float()?)?),
            json_tag::STRING => Json::String(self.string()?),
            json_tag::ARRAY => Json::Array(self.list(Reader::json)?),
            json_tag::OBJECT => Json::Object(self.object()?),
            _ => return None,
        })
    }

    /// An object's members, inserted one by one (collecting pairs into the map would sort them,
    /// and compile a sort into the .wasm for it).
    fn object(&mut self) -> Option<Map<String, Json>> {
        let mut map = Map::new();
        for _ in 0..self.index()? {
            let key = self.string()?;
            map.insert(key, self.json()?);
        }
        Some(map)
    }

    fn boxed(&mut self) -> Option<Box<Expr>> {
        self.expr().map(Box::new)
    }

    fn expr(&mut self) -> Option<Expr> {
        Some(match self.byte()? {
            expr_tag::LIT => Expr::Lit(self.json()?),
            expr_tag::PARAM => {
                let name = self.text()?;
                Expr::Lit(self.params.get(name)?.clone())
            }
            expr_tag::ARRAY => Expr::Array(self.list(Reader::expr)?),
            expr_tag::FIELD => {
                let name = self.name(RECORD_FIELDS)?;
                Expr::Field(name, record_field(name)?)
            }
            expr_tag::LIST => {
                let name = self.name(LIST_FIELDS)?;
                let (item, get) = record_list(name)?;
                Expr::List(item, name, get)
            }
            expr_tag::ITEM => {
                let item = self.pick(&ItemType::ALL)?;
                let name = self.name(item_fields(item))?;
                Expr::Item(item, name, item_field(item, name)?)
            }
            expr_tag::RAW => Expr::Raw(self.list(Reader::string)?),
            expr_tag::VAR => Expr::Var(self.boxed()?, self.option(Reader::boxed)?),
            expr_tag::DEFAULT => Expr::Default(self.boxed()?, self.boxed()?),
            expr_tag::TIME => Expr::Time(self.count()? as i64),
            expr_tag::HAS_LINK => Expr::HasLink(self.list(|r| r.pick(LinkRel::ALL))?),
            expr_tag::IN_LIT => Expr::InLit(
                self.boxed()?,
                Box::new(LitSet::new(self.list(Reader::json)?)),
            ),
            expr_tag::OP => Expr::Op(self.pick(&Op::ALL)?, self.list(Reader::expr)?),
            _ => return None,
        })
    }

    fn localized(&mut self) -> Option<Localized> {
        Some(Localized {
            en: self.string()?,
            ja: self.string()?,
        })
    }

    fn systemic(&mut self) -> Option<Systemic> {
        Some(Systemic {
            share: self.float()?,
            count: self.count()?,
        })
    }

    fn small(&mut self) -> Option<u32> {
        u32::try_from(self.count()?).ok()
    }

    /// Clause positions in one edition.
    fn position_list(&mut self) -> Option<Vec<u16>> {
        self.list(|r| u16::try_from(r.count()?).ok())
    }

    fn positions(&mut self) -> Option<PerEdition<Vec<u16>>> {
        Some(PerEdition::new(
            self.position_list()?,
            self.position_list()?,
        ))
    }

    fn clauses_from_def(&mut self) -> Option<Option<ClausesFromDef>> {
        let source = |r: &mut Self| {
            Some(ClausesFrom {
                field: r.string()?,
                map: r.option(|r| {
                    Some(
                        r.list(|r| Some((r.string()?, r.list(Reader::string)?)))?
                            .into_iter()
                            .collect(),
                    )
                })?,
            })
        };
        Some(match self.byte()? {
            clauses_from_tag::NONE => None,
            clauses_from_tag::ONE => Some(ClausesFromDef::One(source(self)?)),
            clauses_from_tag::MANY => Some(ClausesFromDef::Many(self.list(source)?)),
            _ => return None,
        })
    }

    fn clauses_from(&mut self) -> Option<Option<CompiledClausesFrom>> {
        self.option(|r| {
            let sources = r.list(|r| {
                Some(ClauseSource {
                    value: r.expr()?,
                    map: r.option(|r| {
                        Some(
                            r.list(|r| Some((r.string()?, r.position_list()?)))?
                                .into_iter()
                                .collect(),
                        )
                    })?,
                })
            })?;
            Some(CompiledClausesFrom { sources })
        })
    }

    /// A check's definition, without its conditions' JSON (the compiled conditions stand for
    /// it: nothing reads it once a pack is compiled).
    fn check_def(&mut self) -> Option<CheckDef> {
        Some(CheckDef {
            id: self.string()?,
            kinds: self.list(|r| r.pick(Kind::ALL))?,
            clauses2018: self.list(Reader::string)?,
            clauses2011: self.list(Reader::string)?,
            phase: self.pick(&Phase::ALL)?,
            severity: self.pick(Severity::ALL)?,
            scope: self.pick(Scope::ALL)?,
            when: None,
            require: Json::Null,
            title: self.localized()?,
            message: self.localized()?,
            hint: self.localized()?,
            clauses_from: self.clauses_from_def()?,
            aspect: self.pick(Aspect::ALL)?,
            systemic: self.option(Reader::systemic)?,
            at_least: self.option(Reader::small)?,
            every_months: self.option(Reader::small)?,
            must_cover: self.option(|r| r.pick(&[Coverage::Processes]))?,
            requires_failures: self.list(|r| r.pick(Severity::ALL))?,
            applies_with: self.list(|r| r.pick(Kind::ALL))?,
        })
    }

    fn check(&mut self) -> Option<CompiledCheck> {
        let def = self.check_def()?;
        Some(CompiledCheck::new(
            self.pick(&Phase::ALL)?,
            self.option(Reader::expr)?,
            self.expr()?,
            self.positions()?,
            self.clauses_from()?,
            def,
        ))
    }

    fn evidence(&mut self) -> Option<CompiledEvidence> {
        Some(CompiledEvidence::new(
            self.option(Reader::expr)?,
            self.pick(&Phase::ALL)?,
            self.positions()?,
            self.clauses_from()?,
        ))
    }
}
