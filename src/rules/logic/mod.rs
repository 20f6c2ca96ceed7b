//! JsonLogic, compiled once into an expression tree over the canonical record.
//!
//! Every standard JsonLogic operator is supported, plus a few for evidence checks (`days`,
//! `daysSince`, `asOf`, `time`, `matrix`, `count`, `hasLink`, `param`). Field paths are resolved
//! when a rule is compiled, so an unknown field or operator is a load-time error with its JSON
//! path, never a surprise at evaluation.
//!
//! Evaluation is three-valued: a field the source does not carry is `Absent`, which propagates
//! through operators (Kleene logic for `and`, `or`, `if`); a check whose condition comes out
//! `Absent` is "not applicable" instead of "failed". Evaluation is bounded by a step budget and
//! never panics.

mod eval;
pub mod explain;
pub mod pred;
pub mod value;

use crate::util::hash::HashSet;

use serde_json::{Map, Value as Json};

use super::fields::{self, Accessor, ItemAccessor, ItemType};
use crate::error::Detail;
use crate::record::Instant;
use crate::record::model::LinkRel;

pub use eval::{Cx, Limits};
pub use explain::{Explanation, explain};
pub use pred::Pred;
pub use value::Val;

/// Deepest nesting a condition may have.
pub const MAX_DEPTH: usize = 64;

/// Most JSON values the conditions compiled for one stack of packs (or one `applyLogic` rule) may
/// have; an array of plain data (numbers, strings, booleans, null) counts as one, however long.
/// The built-in pack comes compiled (`rules/image`): only the caller's packs count.
pub const MAX_NODES: usize = 100_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    If,
    Eq,
    StrictEq,
    Ne,
    StrictNe,
    Not,
    NotNot,
    Or,
    And,
    Gt,
    Ge,
    Lt,
    Le,
    Max,
    Min,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Map,
    Filter,
    Reduce,
    All,
    None,
    Some,
    Merge,
    In,
    Cat,
    Substr,
    Log,
    Missing,
    MissingSome,
    // Evidence operators (not in standard JsonLogic).
    Matrix,
    Days,
    DaysSince,
    AsOf,
    Count,
}

impl Op {
    /// Every operator in declaration order (`Op::ALL[op as usize] == op`): their codes in the
    /// built-in pack's image.
    pub const ALL: [Op; 38] = [
        Op::If,
        Op::Eq,
        Op::StrictEq,
        Op::Ne,
        Op::StrictNe,
        Op::Not,
        Op::NotNot,
        Op::Or,
        Op::And,
        Op::Gt,
        Op::Ge,
        Op::Lt,
        Op::Le,
        Op::Max,
        Op::Min,
        Op::Add,
        Op::Sub,
        Op::Mul,
        Op::Div,
        Op::Mod,
        Op::Map,
        Op::Filter,
        Op::Reduce,
        Op::All,
        Op::None,
        Op::Some,
        Op::Merge,
        Op::In,
        Op::Cat,
        Op::Substr,
        Op::Log,
        Op::Missing,
        Op::MissingSome,
        Op::Matrix,
        Op::Days,
        Op::DaysSince,
        Op::AsOf,
        Op::Count,
    ];

    fn from_name(name: &str) -> Option<Op> {
        Some(match name {
            "if" | "?:" => Op::If,
            "==" => Op::Eq,
            "===" => Op::StrictEq,
            "!=" => Op::Ne,
            "!==" => Op::StrictNe,
            "!" => Op::Not,
            "!!" => Op::NotNot,
            "or" => Op::Or,
            "and" => Op::And,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "<" => Op::Lt,
            "<=" => Op::Le,
            "max" => Op::Max,
            "min" => Op::Min,
            "+" => Op::Add,
            "-" => Op::Sub,
            "*" => Op::Mul,
            "/" => Op::Div,
            "%" => Op::Mod,
            "map" => Op::Map,
            "filter" => Op::Filter,
            "reduce" => Op::Reduce,
            "all" => Op::All,
            "none" => Op::None,
            "some" => Op::Some,
            "merge" => Op::Merge,
            "in" => Op::In,
            "cat" => Op::Cat,
            "substr" => Op::Substr,
            "log" => Op::Log,
            "missing" => Op::Missing,
            "missing_some" => Op::MissingSome,
            "matrix" => Op::Matrix,
            "days" => Op::Days,
            "daysSince" => Op::DaysSince,
            "asOf" => Op::AsOf,
            "count" => Op::Count,
            _ => return None,
        })
    }

    /// Allowed argument counts (min, max).
    fn arity(self) -> (usize, usize) {
        match self {
            Op::Not | Op::NotNot | Op::Log | Op::Count | Op::DaysSince => (1, 1),
            Op::AsOf => (0, 0),
            Op::Eq | Op::StrictEq | Op::Ne | Op::StrictNe | Op::In | Op::Days | Op::Mod => (2, 2),
            Op::Gt | Op::Ge => (2, 2),
            Op::Lt | Op::Le => (2, 3),
            Op::Map | Op::Filter | Op::All | Op::None | Op::Some => (2, 2),
            Op::Reduce => (2, 3),
            Op::Substr => (2, 3),
            Op::Matrix => (3, 3),
            Op::MissingSome => (2, 2),
            Op::Sub | Op::Div => (1, 2),
            _ => (0, usize::MAX),
        }
    }

    fn iterates(self) -> bool {
        matches!(
            self,
            Op::Map | Op::Filter | Op::Reduce | Op::All | Op::None | Op::Some
        )
    }
}

/// A compiled condition.
#[derive(Clone, Debug)]
pub enum Expr {
    Lit(Json),
    Array(Vec<Expr>),
    /// A scalar field of the record.
    Field(&'static str, Accessor),
    /// A list field of the record (`links`, `approvals`, `sla`, `document.covers`), with its path
    /// (what the built-in pack's image stores, see `rules/image`).
    List(ItemType, &'static str, super::fields::ListAccessor),
    /// A field of the current list item inside `some`/`all`/`none`/`filter`/`map`, with the
    /// item's type and the field's path.
    Item(ItemType, &'static str, ItemAccessor),
    /// A path into the original payload (`raw.…`).
    Raw(Vec<String>),
    /// `var` on generic data (the item of an untyped list, a `reduce` step, plain JSON data).
    Var(Box<Expr>, Option<Box<Expr>>),
    /// A value, or the default when it is absent, null or empty (`{"var": [path, default]}`).
    Default(Box<Expr>, Box<Expr>),
    Time(i64),
    HasLink(Vec<LinkRel>),
    /// `{"in": [x, ["a", "b"]]}` with a literal list, compared without building the list.
    InLit(Box<Expr>, Box<LitSet>),
    Op(Op, Vec<Expr>),
}

/// The literal list of an `in`: long lists are looked up in sets built when the rule compiles.
#[derive(Clone, Debug)]
pub struct LitSet {
    pub items: Vec<Json>,
    hashed: Option<Hashed>,
}

#[derive(Clone, Debug, Default)]
struct Hashed {
    strings: HashSet<String>,
    /// Bits of the numbers (`-0` as `0`; NaN, which equals nothing, left out).
    numbers: HashSet<u64>,
    bools: [bool; 2],
    null: bool,
}

/// Lists up to this long are scanned; longer ones hashed.
const SCAN_UP_TO: usize = 16;

fn number_key(n: f64) -> Option<u64> {
    if n.is_nan() {
        None
    } else if n == 0.0 {
        Some(0)
    } else {
        Some(n.to_bits())
    }
}

impl LitSet {
    pub fn new(items: Vec<Json>) -> LitSet {
        let hashed = (items.len() > SCAN_UP_TO).then(|| {
            let mut h = Hashed::default();
            for item in &items {
                match item {
                    Json::String(s) => {
                        h.strings.insert(s.clone());
                    }
                    Json::Number(n) => {
                        if let Some(k) = n.as_f64().and_then(number_key) {
                            h.numbers.insert(k);
                        }
                    }
                    Json::Bool(b) => {
                        if let Some(slot) = h.bools.get_mut(usize::from(*b)) {
                            *slot = true;
                        }
                    }
                    Json::Null => h.null = true,
                    // Arrays and objects are never strictly equal to a value.
                    _ => {}
                }
            }
            h
        });
        LitSet { items, hashed }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether a value is in the list (JavaScript `===`).
    pub fn contains(&self, v: &Val<'_>) -> bool {
        let Some(h) = &self.hashed else {
            return match v {
                Val::Str(s) => self.items.iter().any(|item| item.as_str() == Some(&**s)),
                _ => self
                    .items
                    .iter()
                    .any(|item| value::strict_eq(&Val::from_json(item), v)),
            };
        };
        match v {
            Val::Str(s) => h.strings.contains(&**s),
            Val::Num(n) => number_key(*n).is_some_and(|k| h.numbers.contains(&k)),
            Val::Bool(b) => h.bools.get(usize::from(*b)).copied().unwrap_or(false),
            Val::Null => h.null,
            Val::Json(j) => match Val::from_json(j) {
                Val::Json(_) => false,
                scalar => self.contains(&scalar),
            },
            _ => false,
        }
    }
}

/// Where a value sits in a rule (a JSON path), kept as links on the stack and written out only
/// for an error: compiling never builds a path string per node.
#[derive(Clone, Copy)]
pub enum Path<'a> {
    Root(&'a str),
    Index(&'a Path<'a>, usize),
    Member(&'a Path<'a>, &'a str),
}

impl Path<'_> {
    /// `$.and[1].var`, or `x["!!"]` for a member that is not an identifier.
    pub fn render(&self) -> String {
        let mut links = Vec::new();
        let mut at = self;
        loop {
            links.push(at);
            match at {
                Path::Root(_) => break,
                Path::Index(parent, _) | Path::Member(parent, _) => at = parent,
            }
        }
        let mut out = String::new();
        for link in links.iter().rev() {
            match link {
                Path::Root(base) => out.push_str(base),
                Path::Index(_, i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Path::Member(_, name) => {
                    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && !name.is_empty()
                    {
                        out.push('.');
                        out.push_str(name);
                    } else {
                        out.push('[');
                        out.push_str(&serde_json::to_string(name).unwrap_or_default());
                        out.push(']');
                    }
                }
            }
        }
        out
    }
}

/// What `var` reads at a point of a condition.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scope {
    /// A canonical record: paths are compiled to accessors.
    Record,
    /// An element of a typed record list.
    Item(ItemType),
    /// Arbitrary JSON data (generic JsonLogic, `reduce` steps, untyped lists).
    Generic,
}

/// Compiles JsonLogic, collecting every error with its JSON path.
pub struct Compiler<'p> {
    params: &'p Map<String, Json>,
    pub errors: Vec<Detail>,
    /// Whether any compiled expression reads `raw.`.
    pub uses_raw: bool,
    /// JSON values compiled so far, against [`Compiler::max_nodes`].
    pub nodes: usize,
    pub max_nodes: usize,
}

impl<'p> Compiler<'p> {
    pub fn new(params: &'p Map<String, Json>) -> Compiler<'p> {
        Compiler {
            params,
            errors: Vec::new(),
            uses_raw: false,
            nodes: 0,
            max_nodes: MAX_NODES,
        }
    }

    fn error(&mut self, path: &Path<'_>, message: impl Into<String>) -> Expr {
        self.errors.push(Detail {
            path: path.render(),
            message: message.into(),
        });
        Expr::Lit(Json::Null)
    }

    pub fn compile(&mut self, logic: &Json, scope: Scope, path: &str) -> Expr {
        self.compile_at(logic, scope, &Path::Root(path), 0)
    }

    fn compile_at(&mut self, logic: &Json, scope: Scope, path: &Path<'_>, depth: usize) -> Expr {
        if depth > MAX_DEPTH {
            return self.error(
                path,
                format!("condition nested deeper than {MAX_DEPTH} levels"),
            );
        }
        // Past the node limit nothing more is compiled (one error, at the node that crossed it).
        if self.nodes >= self.max_nodes {
            return Expr::Lit(Json::Null);
        }
        self.nodes += 1;
        if self.nodes == self.max_nodes {
            return self.error(
                path,
                format!(
                    "the conditions have more than {} values (operators, arguments, array elements); \
                     split the rule or use a shorter list",
                    self.max_nodes
                ),
            );
        }
        match logic {
            // An array of plain data is one literal, compiled once, however long.
            Json::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) => {
                Expr::Lit(logic.clone())
            }
            Json::Array(items) => {
                let compiled: Vec<Expr> = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.compile_at(item, scope, &Path::Index(path, i), depth + 1))
                    .collect();
                // An array of plain data (a list to look in, a priority matrix) is one literal:
                // evaluating it then borrows instead of building a list per record. Its items
                // are the compiled values (a `param` inside it is its value, not its object).
                if compiled.iter().all(|e| matches!(e, Expr::Lit(_))) {
                    Expr::Lit(Json::Array(
                        compiled
                            .into_iter()
                            .filter_map(|e| match e {
                                Expr::Lit(j) => Some(j),
                                _ => None,
                            })
                            .collect(),
                    ))
                } else {
                    Expr::Array(compiled)
                }
            }
            Json::Object(map) if map.len() == 1 => {
                let Some((name, args)) = map.iter().next() else {
                    return Expr::Lit(logic.clone());
                };
                self.compile_op(name, args, scope, &Path::Member(path, name), depth)
            }
            Json::Object(map) if map.is_empty() => Expr::Lit(logic.clone()),
            Json::Object(_) => self.error(
                path,
                "an operation object must have exactly one key (the operator)",
            ),
            other => Expr::Lit(other.clone()),
        }
    }

    fn args_of(&mut self, args: &Json, scope: Scope, path: &Path<'_>, depth: usize) -> Vec<Expr> {
        match args {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| self.compile_at(item, scope, &Path::Index(path, i), depth + 1))
                .collect(),
            single => vec![self.compile_at(single, scope, path, depth + 1)],
        }
    }

    fn compile_op(
        &mut self,
        name: &str,
        args: &Json,
        scope: Scope,
        path: &Path<'_>,
        depth: usize,
    ) -> Expr {
        match name {
            "var" => return self.compile_var(args, scope, path, depth),
            "param" => {
                let key = match args {
                    Json::String(s) => s.as_str(),
                    Json::Array(a) => match a.first() {
                        Some(Json::String(s)) => s.as_str(),
                        _ => return self.error(path, "`param` takes a parameter name"),
                    },
                    _ => return self.error(path, "`param` takes a parameter name"),
                };
                return match self.params.get(key) {
                    Some(v) => Expr::Lit(v.clone()),
                    None => {
                        let known: Vec<&str> = self.params.keys().map(String::as_str).collect();
                        self.error(
                            path,
                            format!("unknown parameter {key:?}; known: {}", known.join(", ")),
                        )
                    }
                };
            }
            "time" => {
                let text = match args {
                    Json::String(s) => Some(s.as_str()),
                    Json::Array(a) => a.first().and_then(Json::as_str),
                    _ => None,
                };
                return match text.and_then(Instant::parse_utc) {
                    Some(i) => Expr::Time(i.0),
                    None => self.error(
                        path,
                        "`time` takes one date-time string such as \"2026-04-01T00:00:00Z\"",
                    ),
                };
            }
            "hasLink" => {
                let names: Vec<&Json> = match args {
                    Json::Array(a) => a.iter().collect(),
                    single => vec![single],
                };
                let mut rels = Vec::new();
                for (i, n) in names.iter().enumerate() {
                    match n.as_str().and_then(LinkRel::parse) {
                        Some(rel) => rels.push(rel),
                        None => {
                            let known: Vec<&str> =
                                LinkRel::ALL.iter().map(|r| r.as_str()).collect();
                            self.error(
                                &Path::Index(path, i),
                                format!("unknown link relation {n}; known: {}", known.join(", ")),
                            );
                        }
                    }
                }
                if scope != Scope::Record {
                    return self.error(path, "`hasLink` reads the record's links and cannot be used inside a list operation");
                }
                return Expr::HasLink(rels);
            }
            _ => {}
        }
        let Some(op) = Op::from_name(name) else {
            return self.error(path, format!("unknown operator {name:?}"));
        };
        let compiled = if op.iterates() {
            self.compile_iteration(op, args, scope, path, depth)
        } else {
            self.args_of(args, scope, path, depth)
        };
        let (min, max) = op.arity();
        if compiled.len() < min || compiled.len() > max {
            let expected = if min == max {
                format!("{min}")
            } else if max == usize::MAX {
                format!("at least {min}")
            } else {
                format!("{min} to {max}")
            };
            return self.error(
                path,
                format!(
                    "`{name}` takes {expected} argument(s), got {}",
                    compiled.len()
                ),
            );
        }
        if op == Op::In {
            let literal: Option<Vec<Json>> = match compiled.get(1) {
                Some(Expr::Array(items)) => items
                    .iter()
                    .map(|e| {
                        if let Expr::Lit(j) = e {
                            Some(j.clone())
                        } else {
                            None
                        }
                    })
                    .collect(),
                Some(Expr::Lit(Json::Array(items))) => Some(items.clone()),
                _ => None,
            };
            if let Some(list) = literal {
                let mut compiled = compiled;
                let needle = compiled.swap_remove(0);
                return Expr::InLit(Box::new(needle), Box::new(LitSet::new(list)));
            }
        }
        Expr::Op(op, compiled)
    }

    /// The list argument decides what `var` means in the item condition.
    fn compile_iteration(
        &mut self,
        op: Op,
        args: &Json,
        scope: Scope,
        path: &Path<'_>,
        depth: usize,
    ) -> Vec<Expr> {
        let Json::Array(items) = args else {
            return vec![self.error(path, "expected an array of arguments [list, condition, …]")];
        };
        let mut out = Vec::with_capacity(items.len());
        let mut item_scope = Scope::Generic;
        for (i, item) in items.iter().enumerate() {
            let at = Path::Index(path, i);
            let expr = match i {
                0 => {
                    let list = self.compile_at(item, scope, &at, depth + 1);
                    if let Expr::List(item_type, _, _) = list {
                        item_scope = Scope::Item(item_type);
                    }
                    list
                }
                1 => {
                    let inner = if op == Op::Reduce {
                        Scope::Generic
                    } else {
                        item_scope
                    };
                    self.compile_at(item, inner, &at, depth + 1)
                }
                _ => self.compile_at(item, scope, &at, depth + 1),
            };
            out.push(expr);
        }
        out
    }

    fn compile_var(&mut self, args: &Json, scope: Scope, path: &Path<'_>, depth: usize) -> Expr {
        let (name, default) = match args {
            Json::Array(a) => (a.first().cloned().unwrap_or(Json::Null), a.get(1)),
            other => (other.clone(), None),
        };
        let default =
            default.map(|d| Box::new(self.compile_at(d, scope, &Path::Index(path, 1), depth + 1)));
        let literal = match &name {
            Json::String(s) => Some(s.clone()),
            Json::Number(n) => Some(n.to_string()),
            Json::Null => Some(String::new()),
            _ => None,
        };
        match scope {
            Scope::Generic => {
                let key = self.compile_at(&name, scope, path, depth + 1);
                Expr::Var(Box::new(key), default)
            }
            Scope::Record | Scope::Item(_) => {
                let Some(p) = literal else {
                    return self.error(path, "on records `var` takes a literal field path");
                };
                let resolved = self.resolve(&p, scope, path);
                match default {
                    Some(d) => Expr::Default(Box::new(resolved), d),
                    None => resolved,
                }
            }
        }
    }

    fn resolve(&mut self, p: &str, scope: Scope, path: &Path<'_>) -> Expr {
        match scope {
            Scope::Item(item_type) => match fields::item_field(item_type, p) {
                Some(get) => {
                    let name = fields::item_fields(item_type)
                        .iter()
                        .find(|n| **n == p)
                        .copied()
                        .unwrap_or("");
                    Expr::Item(item_type, name, get)
                }
                None => self.error(
                    path,
                    format!(
                        "unknown field {p:?} of a list item; known: {}",
                        fields::item_fields(item_type).join(", ")
                    ),
                ),
            },
            _ => {
                if let Some(get) = fields::record_field(p) {
                    let name = fields::RECORD_FIELDS
                        .iter()
                        .find(|n| **n == p)
                        .copied()
                        .unwrap_or("");
                    return Expr::Field(name, get);
                }
                if let Some((item_type, get)) = fields::record_list(p) {
                    let name = fields::LIST_FIELDS
                        .iter()
                        .find(|n| **n == p)
                        .copied()
                        .unwrap_or("");
                    return Expr::List(item_type, name, get);
                }
                if p == "raw" || p.starts_with("raw.") {
                    self.uses_raw = true;
                    return Expr::Raw(p.split('.').skip(1).map(str::to_string).collect());
                }
                self.error(
                    path,
                    format!("unknown field {p:?}; see the canonical record schema for valid paths"),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(logic: &Json) -> (Val<'static>, bool) {
        let params: &'static Map<String, Json> = Box::leak(Box::default());
        let mut c = Compiler::new(params);
        let expr: &'static Expr = Box::leak(Box::new(c.compile(logic, Scope::Generic, "$")));
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        let cx: &'static Cx<'static> =
            Box::leak(Box::new(Cx::new(None, None, 0, Limits::default())));
        let v = expr.eval(cx, &Val::Null);
        (v, cx.exhausted())
    }

    #[test]
    fn a_parameter_inside_a_literal_list_is_its_value() {
        let params: Map<String, Json> =
            serde_json::from_value(json!({"a": "resolved", "n": 2})).unwrap();
        let mut c = Compiler::new(&params);
        let logic = json!({"in": ["resolved", [{"param": "a"}, "closed"]]});
        let expr = c.compile(&logic, Scope::Generic, "$");
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        let cx = Cx::new(None, None, 0, Limits::default());
        assert_eq!(expr.eval(&cx, &Val::Null).to_json(), json!(true));
        let listed = c.compile(&json!([{"param": "n"}, 3]), Scope::Generic, "$");
        assert_eq!(listed.eval(&cx, &Val::Null).to_json(), json!([2, 3]));
    }

    #[test]
    fn a_million_item_literal_in_list_is_limited() {
        // The budget, not the clock, is what stops it (no timed assertion: CI machines vary).
        let big: Vec<Json> = (0..1_000_000).map(|i| json!(format!("v{i}"))).collect();
        let logic = json!({"in": ["nope", big]});
        let (v, exhausted) = run(&logic);
        assert!(exhausted && v.is_absent());
    }

    #[test]
    fn a_long_in_list_is_hashed_and_answers_like_a_scan() {
        let list: Vec<Json> = (0..5000)
            .map(|i| json!(i))
            .chain([json!("a"), json!(null), json!(true)])
            .collect();
        for (needle, want) in [
            (json!(4999), true),
            (json!(-0.0), true),
            (json!("4999"), false),
            (json!("a"), true),
            (json!(null), true),
            (json!(false), false),
        ] {
            let (v, exhausted) = run(&json!({"in": [needle, list]}));
            assert!(!exhausted);
            assert_eq!(v.to_json(), json!(want), "{needle}");
        }
    }

    fn tree(d: u32) -> Json {
        if d == 0 {
            json!({"==": [{"var": "x"}, 1]})
        } else {
            Json::Object(Map::from_iter([(
                "or".to_string(),
                Json::Array(vec![tree(d - 1), tree(d - 1)]),
            )]))
        }
    }

    #[test]
    fn a_2_16_leaf_or_tree_is_refused_at_the_node_limit_with_a_path() {
        let logic = tree(16);
        let params = Map::new();
        let mut c = Compiler::new(&params);
        c.compile(&logic, Scope::Generic, "$");
        assert_eq!(c.errors.len(), 1, "{:?}", c.errors.first());
        assert!(
            c.errors[0].path.starts_with("$.or["),
            "{}",
            c.errors[0].path
        );
        assert!(c.errors[0].message.contains("more than 100000 values"));
        // A 2^13-leaf tree (~41,000 values) compiles, and runs within the step budget.
        let (v, exhausted) = run(&tree(13));
        assert!(!exhausted);
        assert_eq!(v.to_json(), json!(false));
    }

    fn nested(depth: usize, op: &str, leaf: Json) -> Json {
        (0..depth).fold(leaf, |inner, _| {
            Json::Object(Map::from_iter([(op.to_string(), Json::Array(vec![inner]))]))
        })
    }

    /// The wasm stack is 1 MiB (tests/wasm.rs runs the same nesting there); unoptimised native
    /// frames are several times larger.
    const STACK: usize = if cfg!(debug_assertions) {
        8 << 20
    } else {
        512 << 10
    };

    #[test]
    fn nesting_at_the_depth_limit_compiles_evaluates_and_explains_on_a_small_stack() {
        // Each op puts its arguments one level deeper; the leaf sits at the limit.
        for op in [
            "!!", "!", "and", "or", "if", "cat", "merge", "max", "+", "log", "missing",
        ] {
            let logic = nested(MAX_DEPTH, op, json!(1));
            let out = std::thread::Builder::new()
                .stack_size(STACK)
                .spawn(move || {
                    let params = Map::new();
                    let mut c = Compiler::new(&params);
                    let expr = c.compile(&logic, Scope::Generic, "$");
                    assert!(c.errors.is_empty(), "{op}: {:?}", c.errors);
                    let cx = Cx::new(None, None, 0, Limits::default());
                    let v = expr.eval(&cx, &Val::Null).to_json();
                    let _ = explain(&expr, &cx);
                    let mut deeper = Compiler::new(&params);
                    deeper.compile(&nested(MAX_DEPTH + 1, op, json!(1)), Scope::Generic, "$");
                    (v, deeper.errors.len())
                })
                .unwrap()
                .join();
            let (_, errors) = out.unwrap_or_else(|_| panic!("{op} overflowed the stack"));
            assert_eq!(errors, 1, "{op}");
        }
    }

    #[test]
    fn reduce_doubling_stops_at_the_memory_budget_before_allocating_much() {
        let acc = json!({"var": "accumulator"});
        let (v, exhausted) =
            run(&json!({"reduce": [(0..40).collect::<Vec<_>>(), {"cat": [acc, acc]}, "ab"]}));
        assert!(exhausted && v.is_absent());
        let (v, exhausted) =
            run(&json!({"reduce": [(0..1000).collect::<Vec<_>>(), [acc, acc], 0]}));
        assert!(exhausted && v.is_absent());
    }
}
