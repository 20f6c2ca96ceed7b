//! Why a condition failed: the failing sub-condition(s) with the values seen, short enough for
//! a ticket-form tooltip, in English and Japanese.

use serde::Serialize;
use serde_json::Value as Json;

use super::value::{Val, number_to_text};
use super::{Cx, Expr, Op};
use crate::catalog::Localized;

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
    match e {
        Expr::Op(Op::And, args) => {
            if let Some(failing) = args.iter().find(|a| holds(a, cx, cur) == Some(false)) {
                walk(failing, cx, cur, out, depth + 1);
            }
        }
        Expr::Op(Op::Or, args) => {
            for a in args {
                walk(a, cx, cur, out, depth + 1);
            }
        }
        Expr::Op(Op::If, args) => {
            let mut i = 0;
            while i + 1 < args.len() {
                match args.get(i).map(|c| holds(c, cx, cur)) {
                    Some(Some(true)) => {
                        return walk(args.get(i + 1).unwrap_or(e), cx, cur, out, depth + 1);
                    }
                    _ => i += 2,
                }
            }
            if let Some(last) = args.get(i) {
                walk(last, cx, cur, out, depth + 1);
            }
        }
        Expr::Op(Op::NotNot, args) => {
            let Some(x) = args.first() else { return };
            let field = name(x);
            let label = field.clone().unwrap_or_else(|| "the value".into());
            let actual = value(x, cx, cur);
            let blank = matches!(&actual, Json::Null) || actual.as_str().is_some_and(str::is_empty);
            let (en, ja) = if blank {
                (format!("{label} is empty"), format!("{label} が空です"))
            } else {
                (
                    format!("{label} is {}, which counts as not set", shown(&actual)),
                    format!("{label} は {} で、未設定とみなされます", shown_ja(&actual)),
                )
            };
            out.push(leaf("!!", field, actual, None, &en, &ja));
        }
        Expr::Op(Op::Not, args) => {
            let Some(x) = args.first() else { return };
            let field = name(x);
            let label = field.clone().unwrap_or_else(|| "the value".into());
            let actual = value(x, cx, cur);
            out.push(leaf(
                "!",
                field,
                actual.clone(),
                None,
                &format!("{label} is {}, expected it not to be", shown(&actual)),
                &format!(
                    "{label} は {} です(そうでないことが期待されます)",
                    shown_ja(&actual)
                ),
            ));
        }
        Expr::Op(
            op
            @ (Op::Eq | Op::StrictEq | Op::Ne | Op::StrictNe | Op::Gt | Op::Ge | Op::Lt | Op::Le),
            args,
        ) => {
            let (Some(a), Some(b)) = (args.first(), args.get(1)) else {
                return;
            };
            let symbol = match op {
                Op::Eq | Op::StrictEq => "=",
                Op::Ne | Op::StrictNe => "≠",
                Op::Gt => ">",
                Op::Ge => "≥",
                Op::Lt => "<",
                _ => "≤",
            };
            let (subject, other, symbol) = match (name(a), name(b)) {
                (None, Some(_)) => (b, a, flip(symbol)),
                _ => (a, b, symbol),
            };
            let field = name(subject);
            let label = field.clone().unwrap_or_else(|| "the value".into());
            let actual = value(subject, cx, cur);
            let expected = value(other, cx, cur);
            let expected_label = name(other)
                .map(|n| format!("{n} ({})", shown(&expected)))
                .unwrap_or_else(|| shown(&expected));
            out.push(leaf(
                match op {
                    Op::Eq => "==",
                    Op::StrictEq => "===",
                    Op::Ne => "!=",
                    Op::StrictNe => "!==",
                    Op::Gt => ">",
                    Op::Ge => ">=",
                    Op::Lt => "<",
                    _ => "<=",
                },
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
            ));
        }
        Expr::InLit(x, list) => {
            let field = name(x);
            let label = field.clone().unwrap_or_else(|| "the value".into());
            let actual = value(x, cx, cur);
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
            out.push(leaf(
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
            ));
        }
        Expr::HasLink(rels) => {
            let names = rels
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(" / ");
            out.push(leaf(
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
            ));
        }
        Expr::Op(op @ (Op::Some | Op::All | Op::None), args) => {
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
            out.push(leaf(op_name(*op), Some(list), actual, None, &en, &ja));
        }
        other => {
            let field = name(other);
            let actual = value(other, cx, cur);
            let label = field.clone().unwrap_or_else(|| "the condition".into());
            out.push(leaf(
                "value",
                field,
                actual.clone(),
                None,
                &format!("{label} is {}", shown(&actual)),
                &format!("{label} は {} です", shown_ja(&actual)),
            ));
        }
    }
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
