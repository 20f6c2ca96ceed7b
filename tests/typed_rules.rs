//! Conditions compiled into typed tests ([`Pred`]) answer exactly as the general interpreter:
//! the same truth value (unknown included), the same steps and bytes counted and the same limit,
//! on generated records and conditions, under generous and under tiny budgets.
#![allow(clippy::disallowed_methods)]
// serde_json's readers: tests read fixtures and compare with them
// proptest is a native dev-dependency (the wasm test build compiles every test target).
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers

use iso20000::Record;
use iso20000::internal::{Compiler, Cx, Expr, Limits, Pred, Scope, Val, explain};
use proptest::prelude::*;
use serde_json::{Map, Value as Json, json};

/// Values a field may hold in a generated record (`None`: the field is left out).
fn field_values(path: &str) -> Vec<Option<Json>> {
    let mut out = vec![None, Some(Json::Null)];
    let more: Vec<Json> = match path {
        "state" => [
            "new",
            "in_progress",
            "on_hold",
            "resolved",
            "closed",
            "cancelled",
            "draft",
        ]
        .iter()
        .map(|s| json!(s))
        .collect(),
        "approval" => ["approved", "requested", "not_required", "rejected"]
            .iter()
            .map(|s| json!(s))
            .collect(),
        "change.type" => ["standard", "normal", "emergency"]
            .iter()
            .map(|s| json!(s))
            .collect(),
        "change.risk" => ["high", "very_high", "low"]
            .iter()
            .map(|s| json!(s))
            .collect(),
        "change.outcome" => ["successful", "cancelled", "unsuccessful"]
            .iter()
            .map(|s| json!(s))
            .collect(),
        "incident.major" | "change.securityAssessed" => vec![json!(true), json!(false)],
        "category" | "incident.resolutionCode" | "origin.tool" => vec![
            json!(""),
            json!("x"),
            json!("Duplicate"),
            json!("itop"),
            json!("0"),
            // Long enough that comparing it costs steps of its own.
            json!("y".repeat(2500)),
        ],
        "priority" | "impact" | "urgency" => (1..=5).map(|n| json!(n)).collect(),
        "incident.reopenCount" => vec![json!(0), json!(1), json!(4)],
        "openedAt" | "resolvedAt" | "change.plannedStart" => {
            vec![json!("2026-01-01T00:00:00Z"), json!("2026-03-01T12:00:00Z")]
        }
        _ => Vec::new(),
    };
    out.extend(more.into_iter().map(Some));
    out
}

const RECORD_FIELDS: &[&str] = &[
    "state",
    "approval",
    "change.type",
    "change.risk",
    "change.outcome",
    "change.securityAssessed",
    "incident.major",
    "incident.resolutionCode",
    "incident.reopenCount",
    "category",
    "priority",
    "impact",
    "urgency",
    "openedAt",
    "resolvedAt",
    "change.plannedStart",
];

/// A canonical record from one choice per field (an index into [`field_values`]), plus lists.
fn record_json(
    choices: &[usize],
    kind: &str,
    sla: Option<Vec<Option<bool>>>,
    tool: Option<&str>,
) -> String {
    let mut rec = Map::new();
    rec.insert("id".into(), json!("R1"));
    rec.insert("kind".into(), json!(kind));
    let mut details: Map<String, Json> = Map::new();
    for (path, choice) in RECORD_FIELDS.iter().zip(choices) {
        let values = field_values(path);
        let Some(Some(v)) = values.get(choice % values.len()) else {
            continue;
        };
        match path.split_once('.') {
            Some((detail, name)) => {
                let d = details
                    .entry(detail.to_string())
                    .or_insert_with(|| json!({}));
                d[name] = v.clone();
            }
            None => {
                rec.insert((*path).into(), v.clone());
            }
        }
    }
    for (k, v) in details {
        rec.insert(k, v);
    }
    if let Some(entries) = sla {
        let list: Vec<Json> = entries
            .into_iter()
            .enumerate()
            .map(|(i, b)| match b {
                Some(b) => json!({"name": "resolution", "breached": b, "stage": "completed",
                    "due": "2026-01-02T00:00:00Z", "stop": format!("2026-01-0{}T00:00:00Z", i + 1)}),
                None => json!({"name": "", "stage": "in_progress"}),
            })
            .collect();
        rec.insert("sla".into(), Json::Array(list));
    }
    if let Some(t) = tool {
        rec.insert("origin".into(), json!({"tool": t}));
    }
    Json::Object(rec).to_string()
}

fn operand(path: &str, default: Option<Json>) -> Json {
    match default {
        Some(d) => json!({"var": [path, d]}),
        None => json!({"var": path}),
    }
}

fn literal() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(json!("resolved")),
        Just(json!("closed")),
        Just(json!("normal")),
        Just(json!("approved")),
        Just(json!("cancelled")),
        Just(json!("itop")),
        Just(json!("Duplicate")),
        Just(json!("")),
        Just(json!(null)),
        Just(json!(true)),
        Just(json!(false)),
        Just(json!(0)),
        Just(json!(1)),
        Just(json!(3)),
        Just(json!("3")),
        Just(json!("2026-02-01T00:00:00Z")),
        Just(json!({"time": "2026-02-01T00:00:00Z"})),
        Just(json!("z".repeat(1500))),
    ]
}

fn var_operand() -> impl Strategy<Value = Json> {
    (
        prop::sample::select(RECORD_FIELDS),
        prop_oneof![
            4 => Just(None),
            1 => Just(Some(json!(""))),
            1 => Just(Some(json!("none"))),
            1 => Just(Some(json!(0))),
            1 => Just(Some(json!({"param": "limit"}))),
        ],
    )
        .prop_map(|(path, default)| operand(path, default))
}

fn in_list() -> impl Strategy<Value = Json> {
    prop_oneof![
        prop::collection::vec(literal(), 0..5).prop_map(Json::Array),
        // Longer than the scanned lists: looked up in a set.
        Just(Json::Array(
            (0..20)
                .map(|i| json!(format!("s{i}")))
                .chain([json!("closed"), json!(null), json!(2)])
                .collect()
        )),
    ]
}

fn leaf_condition() -> impl Strategy<Value = Json> {
    let cmp = prop::sample::select(vec!["==", "!=", "===", "!==", "<", "<=", ">", ">="]);
    prop_oneof![
        (var_operand(), in_list()).prop_map(|(v, l)| json!({"in": [v, l]})),
        (cmp.clone(), var_operand(), literal()).prop_map(|(op, v, l)| json!({op: [v, l]})),
        (cmp.clone(), literal(), var_operand()).prop_map(|(op, l, v)| json!({op: [l, v]})),
        (cmp, var_operand(), var_operand()).prop_map(|(op, a, b)| json!({op: [a, b]})),
        var_operand().prop_map(|v| json!({"!!": v})),
        var_operand().prop_map(|v| json!({"!": v})),
        var_operand(),
        literal(),
        Just(json!({"!!": {"var": "sla"}})),
        Just(json!({"!": {"var": "sla"}})),
        prop::sample::select(vec!["some", "all", "none"])
            .prop_map(|op| json!({op: [{"var": "sla"}, {"==": [{"var": "breached"}, true]}]})),
        prop::sample::select(vec!["some", "all", "none"])
            .prop_map(|op| json!({op: [{"var": "sla"}, {"!!": {"var": "breached"}}]})),
        Just(json!({"hasLink": ["problem"]})),
        Just(
            json!({"<=": [{"days": [{"var": "openedAt"}, {"var": "resolvedAt"}]}, {"param": "limit"}]})
        ),
        Just(json!({"<": [{"daysSince": [{"var": "openedAt"}]}, 400]})),
        Just(
            json!({"==": [{"cat": [{"var": "state"}, "-", {"var": "approval"}]}, "closed-approved"]})
        ),
        Just(json!({"missing": ["category", "state"]})),
        Just(json!({"!": [[]]})),
        Just(json!({"!!": [{"var": "state"}]})),
        Just(json!({"in": ["clo", {"var": "state"}]})),
        Just(
            json!({"==": [{"var": "priority"}, {"matrix": [{"param": "matrix"}, {"var": "impact"}, {"var": "urgency"}]}]})
        ),
        Just(json!({"and": []})),
        Just(json!({"or": []})),
    ]
}

/// A condition on an element of `sla` (the body of `some`/`all`/`none`).
fn item_condition() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        literal().prop_map(|l| json!({"==": [{"var": "breached"}, l]})),
        literal().prop_map(|l| json!({"!==": [l, {"var": "stage"}]})),
        Just(json!({"!!": {"var": "breached"}})),
        Just(json!({"!": {"var": "name"}})),
        Just(json!({"var": "stage"})),
        Just(json!({"in": [{"var": "stage"}, ["completed", "paused"]]})),
        Just(json!({"<": [{"var": "due"}, {"var": "stop"}]})),
        Just(json!({"cat": [{"var": "name"}, "x"]})),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(|a| json!({"and": a})),
            prop::collection::vec(inner.clone(), 0..3).prop_map(|a| json!({"or": a})),
            inner.prop_map(|a| json!({"!": a})),
        ]
    })
}

fn condition() -> impl Strategy<Value = Json> {
    leaf_condition().prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|a| json!({"and": a})),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|a| json!({"or": a})),
            inner.clone().prop_map(|a| json!({"!": a})),
            inner.clone().prop_map(|a| json!({"!!": a})),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| json!({"if": [a, b, c]})),
            (
                prop::sample::select(vec!["some", "all", "none"]),
                item_condition()
            )
                .prop_map(|(op, body)| json!({op: [{"var": "sla"}, body]})),
            (inner.clone(), literal()).prop_map(|(a, l)| json!({"==": [a, l]})),
        ]
    })
}

fn params() -> Map<String, Json> {
    let mut p = Map::new();
    p.insert("limit".into(), json!(10));
    p.insert("matrix".into(), json!([[1, 2, 3], [2, 3, 4], [3, 4, 5]]));
    p
}

/// Both evaluations of one condition on one record: (truth, exhausted, steps, bytes).
fn both<'r>(
    expr: &'r Expr,
    pred: &'r Pred,
    record: Option<&'r Record<'r>>,
    limits: Limits,
) -> [(Option<bool>, bool, (u32, u32)); 2] {
    let as_of = 1_796_000_000;
    let general = Cx::new(record, None, as_of, limits);
    let g = expr.eval(&general, &Val::Null).truthy();
    let typed = Cx::new(record, None, as_of, limits);
    let t = pred.holds(&typed, &Val::Null);
    [
        (g, general.exhausted(), general.used()),
        (t, typed.exhausted(), typed.used()),
    ]
}

fn compile(logic: &Json, params: &Map<String, Json>) -> Expr {
    let mut c = Compiler::new(params);
    let expr = c.compile(logic, Scope::Record, "$");
    assert!(c.errors.is_empty(), "{logic}: {:?}", c.errors);
    expr
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn typed_tests_answer_and_count_as_the_interpreter(
        logic in condition(),
        choices in prop::collection::vec(0usize..16, RECORD_FIELDS.len()),
        kind in prop::sample::select(vec!["incident", "change", "problem"]),
        sla in prop::option::of(prop::collection::vec(prop::option::of(any::<bool>()), 0..4)),
        tool in prop::option::of(prop::sample::select(vec!["itop", "servicenow", ""])),
        max_steps in prop_oneof![Just(100_000u32), 0u32..40],
        max_bytes in prop_oneof![Just(1u32 << 20), 0u32..200],
    ) {
        let params = params();
        let expr = compile(&logic, &params);
        let pred = Pred::compile(&expr);
        let text = record_json(&choices, kind, sla, tool);
        let record: Record<'_> = serde_json::from_str(&text).unwrap();
        for limits in [Limits::default(), Limits { max_steps, max_bytes }] {
            let [g, t] = both(&expr, &pred, Some(&record), limits);
            prop_assert_eq!(g, t, "{} on {}", logic, text);
        }
        // No record at all: every field absent.
        let [g, t] = both(&expr, &pred, None, Limits::default());
        prop_assert_eq!(g, t, "{} without a record", logic);
    }
}

/// Explanations walk the compiled expression, which the typed tests leave as it was: a check
/// that fails explains itself alike whichever evaluation judged it.
#[test]
fn explanations_of_typed_conditions_are_the_interpreters() {
    let params = params();
    let text = r#"{"id":"C1","kind":"change","state":"new","category":"","priority":3,"sla":[{"name":"r","breached":false}],"change":{"type":"normal"}}"#;
    let record: Record<'_> = serde_json::from_str(text).unwrap();
    for logic in [
        json!({"in": [{"var": "state"}, ["resolved", "closed"]]}),
        json!({"and": [{"==": [{"var": "change.type"}, "emergency"]}, {"!!": {"var": "category"}}]}),
        json!({"!": {"in": [{"var": ["state", ""]}, ["new", "in_progress"]]}}),
        json!({"some": [{"var": "sla"}, {"!!": {"var": "breached"}}]}),
        json!({"<=": [{"var": "priority"}, 1]}),
    ] {
        let expr = compile(&logic, &params);
        let pred = Pred::compile(&expr);
        let cx = Cx::new(Some(&record), None, 0, Limits::default());
        assert_eq!(pred.holds(&cx, &Val::Null), Some(false), "{logic}");
        assert_eq!(expr.eval(&cx, &Val::Null).truthy(), Some(false), "{logic}");
        let e = explain(&expr, &cx);
        assert!(!e.is_empty() && !e[0].text.en.is_empty() && !e[0].text.ja.is_empty());
    }
}

/// Conditions over several few-valued fields (enumerations, flags, levels, or fields whose truth
/// alone matters) are one table over every combination of their codes: one test, not one per
/// operand; past 512 combinations they stay one test each.
#[test]
fn several_few_valued_fields_make_one_table() {
    let params = params();
    for (logic, census) in [
        (
            json!({"and": [{"==": [{"var": "incident.major"}, true]}, {"in": [{"var": "state"}, ["resolved", "closed"]]}]}),
            (1, 0),
        ),
        (
            json!({"==": [{"var": "priority"}, {"matrix": [{"param": "matrix"}, {"var": "impact"}, {"var": "urgency"}]}]}),
            (1, 0),
        ),
        (
            json!({"and": [{"in": [{"var": "state"}, ["closed"]]}, {"!!": {"var": "closedAt"}}]}),
            (1, 0),
        ),
        // closedAt is compared, not only tested for truth: no table over it.
        (
            json!({"and": [{"!!": {"var": "closedAt"}}, {">": [{"var": "closedAt"}, {"var": "openedAt"}]}]}),
            (2, 0),
        ),
        // 11 states × 11 × 7 × 7 × 7 levels: too many rows for one table.
        (
            json!({"and": [{"==": [{"var": "state"}, {"var": "approval"}]}, {"==": [{"var": "priority"}, {"matrix": [{"param": "matrix"}, {"var": "impact"}, {"var": "urgency"}]}]}]}),
            (2, 0),
        ),
    ] {
        let pred = Pred::compile(&compile(&logic, &params));
        assert_eq!(pred.census(), census, "{logic}");
    }
}

/// The built-in pack's conditions are mostly typed: enumerations, flags, levels, presence, lists
/// and comparisons; what is left to the interpreter is date arithmetic and links.
#[test]
fn the_builtin_pack_is_mostly_typed_tests() {
    let engine = iso20000::Engine::new(
        iso20000::EngineOptions::default(),
        iso20000::Instant(1_796_000_000),
    )
    .unwrap();
    let pack = engine.pack();
    let (mut typed, mut general) = (0, 0);
    for check in &pack.checks {
        for p in check.test_when.iter().chain([&check.test_require]) {
            let (t, g) = p.census();
            typed += t;
            general += g;
        }
    }
    assert!(typed >= 3 * general, "{typed} typed, {general} general");
}
