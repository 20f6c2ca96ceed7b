//! Why a condition failed: the failing sub-condition(s) with the values seen, short enough for
//! a ticket-form tooltip, in English and Japanese.

use serde::Serialize;
use serde_json::Value as Json;

use super::value::{Val, number_to_text};
use super::{Cx, Expr, LitSet, Op};
use crate::catalog::Localized;
use crate::record::model::LinkRel;

/// One failing sub-condition.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// The operator of the failing sub-condition (`!!`, `==`, `<=`, `in`, `hasLink` …).
    pub operator: String,
    /// The record field it reads, when it reads one directly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The value seen.
    #[cfg_attr(feature = "schema", schemars(with = "serde_json::Value"))]
    #[cfg_attr(feature = "wasm", tsify(type = "Json"))]
    pub actual: Json,
    /// What the condition wanted, when it compares.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<serde_json::Value>"))]
    #[cfg_attr(feature = "wasm", tsify(type = "Json | undefined"))]
    pub expected: Option<Json>,
    pub text: Localized,
}

/// Options of an `in` list shown in an explanation.
const SHOWN_OPTIONS: usize = 20;

/// Explains a condition that evaluated to false (at most `limit` sub-conditions).
pub fn explain<'r>(expr: &'r Expr, cx: &Cx<'r>) -> Vec<Explanation> {
    let mut out = Vec::new();
    walk(expr, cx, &Val::Null, &mut out, 0);
    if out.is_empty() {
        out.push(leaf(
            "condition",
            None,
            Json::Bool(false),
            None,
            "the condition does not hold",
            "条件が満たされていません",
        ));
    }
    out.truncate(4);
    out
}

fn holds<'r>(e: &'r Expr, cx: &Cx<'r>, cur: &Val<'r>) -> Option<bool> {
    cx.reset();
    e.eval(cx, cur).truthy()
}

fn name(e: &Expr) -> Option<String> {
    match e {
        Expr::Field(n, _) => Some((*n).to_string()),
        Expr::Raw(path) => Some(format!("raw.{}", path.join("."))),
        Expr::Default(v, _) => name(v),
        Expr::Op(Op::DaysSince, args) => args
            .first()
            .and_then(name)
            .map(|n| format!("days since {n}")),
        Expr::Op(Op::Days, args) => match (args.first().and_then(name), args.get(1).and_then(name))
        {
            (Some(a), Some(b)) => Some(format!("days from {a} to {b}")),
            _ => None,
        },
        Expr::Op(Op::Count, args) => args.first().and_then(name).map(|n| format!("count of {n}")),
        _ => None,
    }
}

fn shown(v: &Json) -> String {
    match v {
        Json::String(s) => format!("\"{s}\""),
        Json::Null => "empty".into(),
        Json::Number(n) => n
            .as_f64()
            .map(number_to_text)
            .unwrap_or_else(|| n.to_string()),
        other => other.to_string(),
    }
}

fn shown_ja(v: &Json) -> String {
    match v {
        Json::Null => "空".into(),
        other => shown(other),
    }
}

fn leaf(
    operator: &str,
    field: Option<String>,
    actual: Json,
    expected: Option<Json>,
    en: &str,
    ja: &str,
) -> Explanation {
    Explanation {
        operator: operator.into(),
        field,
        actual,
        expected,
        text: Localized {
            en: en.into(),
            ja: ja.into(),
        },
    }
}

fn value<'r>(e: &'r Expr, cx: &Cx<'r>, cur: &Val<'r>) -> Json {
    cx.reset();
    e.eval(cx, cur).to_json()
}

fn walk<'r>(e: &'r Expr, cx: &Cx<'r>, cur: &Val<'r>, out: &mut Vec<Explanation>, depth: usize) {
    if depth > 16 || out.len() >= 4 {
        return;
    }
    let found = match e {
        Expr::Op(Op::And, args) => {
            if let Some(failing) = args.iter().find(|a| holds(a, cx, cur) == Some(false)) {
                walk(failing, cx, cur, out, depth + 1);
            }
            return;
        }
        Expr::Op(Op::Or, args) => {
            for a in args {
                walk(a, cx, cur, out, depth + 1);
            }
            return;
        }
        Expr::Op(Op::If, args) => {
            if let Some(taken) = branch_taken(e, args, cx, cur) {
                walk(taken, cx, cur, out, depth + 1);
            }
            return;
        }
        Expr::Op(Op::NotNot, args) => args.first().map(|x| not_set(x, cx, cur)),
        Expr::Op(Op::Not, args) => args.first().map(|x| set_when_it_should_not_be(x, cx, cur)),
        Expr::Op(
            op
            @ (Op::Eq | Op::StrictEq | Op::Ne | Op::StrictNe | Op::Gt | Op::Ge | Op::Lt | Op::Le),
            args,
        ) => match (args.first(), args.get(1)) {
            (Some(a), Some(b)) => Some(comparison(*op, a, b, cx, cur)),
            _ => None,
        },
        Expr::InLit(x, list) => Some(not_in_list(x, list, cx, cur)),
        Expr::HasLink(rels) => Some(no_link(rels)),
        Expr::Op(op @ (Op::Some | Op::All | Op::None), args) => {
            Some(quantifier(*op, args, cx, cur))
        }
        other => Some(plain_value(other, cx, cur)),
    };
    out.extend(found);
}

/// The branch of an `if` that decided its value: the first whose condition holds, else the
/// last argument (`e` itself stands in for a missing branch, as before).
fn branch_taken<'r>(e: &'r Expr, args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Option<&'r Expr> {
    let mut i = 0;
    while i + 1 < args.len() {
        match args.get(i).map(|c| holds(c, cx, cur)) {
            Some(Some(true)) => return Some(args.get(i + 1).unwrap_or(e)),
            _ => i += 2,
        }
    }
    args.get(i)
}

/// What an explanation says about `x`: the field it names (when it reads one), the label its
/// sentence uses, and the value seen.
fn seen<'r>(
    x: &'r Expr,
    fallback: &str,
    cx: &Cx<'r>,
    cur: &Val<'r>,
) -> (Option<String>, String, Json) {
    let field = name(x);
    let label = field.clone().unwrap_or_else(|| fallback.into());
    (field, label, value(x, cx, cur))
}

/// `!!x` failed: x is empty, or a value that counts as not set.
fn not_set<'r>(x: &'r Expr, cx: &Cx<'r>, cur: &Val<'r>) -> Explanation {
    let (field, label, actual) = seen(x, "the value", cx, cur);
    let blank = matches!(&actual, Json::Null) || actual.as_str().is_some_and(str::is_empty);
    let (en, ja) = if blank {
        (format!("{label} is empty"), format!("{label} が空です"))
    } else {
        (
            format!("{label} is {}, which counts as not set", shown(&actual)),
            format!("{label} は {} で、未設定とみなされます", shown_ja(&actual)),
        )
    };
    leaf("!!", field, actual, None, &en, &ja)
}

/// `!x` failed: x holds.
fn set_when_it_should_not_be<'r>(x: &'r Expr, cx: &Cx<'r>, cur: &Val<'r>) -> Explanation {
    let (field, label, actual) = seen(x, "the value", cx, cur);
    let en = format!("{label} is {}, expected it not to be", shown(&actual));
    let ja = format!(
        "{label} は {} です(そうでないことが期待されます)",
        shown_ja(&actual)
    );
    leaf("!", field, actual, None, &en, &ja)
}

/// A failed comparison, told from the side of the field it reads (flipped when the field is
/// on the right).
fn comparison<'r>(op: Op, a: &'r Expr, b: &'r Expr, cx: &Cx<'r>, cur: &Val<'r>) -> Explanation {
    let symbol = match op {
        Op::Eq | Op::StrictEq => "=",
        Op::Ne | Op::StrictNe => "≠",
        Op::Gt => ">",
        Op::Ge => "≥",
        Op::Lt => "<",
        _ => "≤",
    };
    let (subject_expr, other, symbol) = match (name(a), name(b)) {
        (None, Some(_)) => (b, a, flip(symbol)),
        _ => (a, b, symbol),
    };
    let (field, label, actual) = seen(subject_expr, "the value", cx, cur);
    let expected = value(other, cx, cur);
    let expected_label = name(other)
        .map(|n| format!("{n} ({})", shown(&expected)))
        .unwrap_or_else(|| shown(&expected));
    leaf(
        comparison_operator(op),
        field,
        actual.clone(),
        Some(expected.clone()),
        &format!(
            "{label} is {}, expected {symbol} {expected_label}",
            shown(&actual)
        ),
        &format!(
            "{label} は {} です(期待値: {symbol} {expected_label})",
            shown_ja(&actual)
        ),
    )
}

fn comparison_operator(op: Op) -> &'static str {
    match op {
        Op::Eq => "==",
        Op::StrictEq => "===",
        Op::Ne => "!=",
        Op::StrictNe => "!==",
        Op::Gt => ">",
        Op::Ge => ">=",
        Op::Lt => "<",
        _ => "<=",
    }
}

/// A value that is not one of an `in` list's options.
fn not_in_list<'r>(x: &'r Expr, list: &LitSet, cx: &Cx<'r>, cur: &Val<'r>) -> Explanation {
    let (field, label, actual) = seen(x, "the value", cx, cur);
    // A long list is cut: a tooltip has no room for it.
    let mut options = list
        .items
        .iter()
        .take(SHOWN_OPTIONS)
        .map(shown)
        .collect::<Vec<_>>()
        .join(", ");
    if list.len() > SHOWN_OPTIONS {
        options.push_str(&format!(" … ({} in all)", list.len()));
    }
    leaf(
        "in",
        field,
        actual.clone(),
        Some(Json::Array(
            list.items.iter().take(SHOWN_OPTIONS).cloned().collect(),
        )),
        &format!("{label} is {}, expected one of {options}", shown(&actual)),
        &format!(
            "{label} は {} です(期待値: {options} のいずれか)",
            shown_ja(&actual)
        ),
    )
}

/// `hasLink` failed: none of the relations is linked.
fn no_link(rels: &[LinkRel]) -> Explanation {
    let names = rels
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(" / ");
    leaf(
        "hasLink",
        Some("links".into()),
        Json::Null,
        Some(Json::Array(
            rels.iter()
                .map(|r| Json::String(r.as_str().into()))
                .collect(),
        )),
        &format!("no {names} link"),
        &format!("{names} のリンクがありません"),
    )
}

/// `some`, `all` or `none` over a list failed.
fn quantifier<'r>(op: Op, args: &'r [Expr], cx: &Cx<'r>, cur: &Val<'r>) -> Explanation {
    let list = args
        .first()
        .and_then(name)
        .unwrap_or_else(|| "the list".into());
    let (en, ja) = match op {
        Op::Some => (
            format!("no element of {list} matches"),
            format!("{list} に条件を満たす要素がありません"),
        ),
        Op::All => (
            format!("not every element of {list} matches"),
            format!("{list} の一部の要素が条件を満たしません"),
        ),
        _ => (
            format!("an element of {list} matches where none should"),
            format!("{list} に条件を満たしてはならない要素があります"),
        ),
    };
    let actual = args
        .first()
        .map(|l| value(l, cx, cur))
        .unwrap_or(Json::Null);
    leaf(op_name(op), Some(list), actual, None, &en, &ja)
}

/// Any other condition: its value.
fn plain_value<'r>(e: &'r Expr, cx: &Cx<'r>, cur: &Val<'r>) -> Explanation {
    let (field, label, actual) = seen(e, "the condition", cx, cur);
    let en = format!("{label} is {}", shown(&actual));
    let ja = format!("{label} は {} です", shown_ja(&actual));
    leaf("value", field, actual, None, &en, &ja)
}

fn flip(symbol: &str) -> &str {
    match symbol {
        ">" => "<",
        "<" => ">",
        "≥" => "≤",
        "≤" => "≥",
        s => s,
    }
}

fn op_name(op: Op) -> &'static str {
    match op {
        Op::Some => "some",
        Op::All => "all",
        _ => "none",
    }
}
