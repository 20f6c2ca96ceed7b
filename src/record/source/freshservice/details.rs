//! Each module's own fields: a ticket's SLA clocks and flags, a change's plans, type and risk, a
//! problem's analysis, a release's type, plans and outcome.

use super::super::doc::{Doc, Node};
use super::super::ticket_tools::{
    Reading, approval_required, outcome_code, risk_code, verdict_clocks,
};
use super::super::first_present;
use crate::record::model::*;
use crate::record::value::{Field, Text};

/// `planning_fields.<key>` (`{description, description_text}`): the plain text when there is
/// one. A key missing from a `planning_fields` that was fetched is an empty plan.
fn plan<'a>(d: &mut Doc<'_, 'a, '_>, key: &str, standard: bool) -> Field<Text<'a>> {
    let path = format!("planning_fields.{key}");
    match d.node(&path) {
        None => {
            if standard
                && d.node("planning_fields")
                    .is_some_and(|n| matches!(n, Node::Obj(_)))
            {
                Field::Null
            } else {
                Field::Absent
            }
        }
        Some(n @ Node::Obj(_)) => {
            let text = first_present([
                d.text(&format!("{path}.description_text")),
                d.text(&format!("{path}.description")),
            ]);
            match text {
                Field::Absent if !n.is_empty() => {
                    d.warn(&path, "expected {description, description_text}", n);
                    Field::Absent
                }
                Field::Absent => Field::Null,
                other => other,
            }
        }
        Some(_) => d.text(&path),
    }
}

/// First-response and resolution deadlines with their escalation flags.
fn ticket_sla<'a>(d: &mut Doc<'_, 'a, '_>, r: &Record<'a>) -> Option<Vec<SlaEntry<'a>>> {
    let solved = r.resolved_at.value().copied();
    let clocks = [
        (
            "first response",
            "fr_due_by",
            "fr_escalated",
            "stats.first_responded_at",
        ),
        ("resolution", "due_by", "is_escalated", ""),
    ];
    let mut out = Vec::new();
    for (name, due_key, flag_key, stop_key) in clocks {
        let due = d.instant(due_key).value().copied();
        let flag = d.boolean(flag_key).value().copied();
        if due.is_none() && flag.is_none() {
            continue;
        }
        let stop = if stop_key.is_empty() {
            solved
        } else {
            d.instant(stop_key).value().copied()
        };
        let breached = match (flag, stop, due) {
            (Some(true), _, _) => Some(true),
            (_, Some(s), Some(t)) => Some(s > t),
            (f, _, _) => f,
        };
        out.push(Reading::new(Text::borrowed(name), due, stop, breached));
    }
    verdict_clocks(out, r)
}

pub(super) fn ticket<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>) {
    r.sla = ticket_sla(d, r);
    match r.kind {
        Kind::Incident => {
            let x = r.incident.get_or_insert_with(Default::default);
            // The major-incident module sets a type on major incidents.
            x.major = match d.node("major_incident_type") {
                None => Field::Absent,
                Some(n) if n.is_empty() => Field::Value(false),
                Some(n) => Field::Value(n.as_f64().is_none_or(|v| v != 0.0)),
            };
        }
        Kind::ServiceRequest => {
            let x = r.request.get_or_insert_with(Default::default);
            x.approval_required = approval_required(&r.approval);
        }
        _ => {}
    }
}

/// `change_type` 1 minor, 2 standard, 3 major, 4 emergency → canonical standard/normal/emergency.
fn change_type(code: &str) -> Option<ChangeType> {
    Some(match code.trim() {
        "1" | "3" | "minor" | "major" => ChangeType::Normal,
        "2" => ChangeType::Standard,
        "4" => ChangeType::Emergency,
        other => return ChangeType::parse(other),
    })
}

/// `risk` 1 low, 2 medium, 3 high, 4 very high.
fn risk(code: &str) -> Option<Risk> {
    Some(match code.trim() {
        "1" => Risk::Low,
        "2" => Risk::Moderate,
        "3" => Risk::High,
        "4" => Risk::VeryHigh,
        other => return risk_code(other),
    })
}

pub(super) fn change_detail<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>) {
    let x = ChangeDetail {
        r#type: d.choice("change_type", "change type", change_type),
        risk: d.choice("risk", "risk", risk),
        implementation_plan: plan(d, "rollout_plan", true),
        backout_plan: plan(d, "backout_plan", true),
        risk_analysis: plan(d, "change_impact", true),
        planned_start: d.instant("planned_start_date"),
        planned_end: d.instant("planned_end_date"),
        ..ChangeDetail::default()
    };
    r.change = Some(Box::new(x));
}

pub(super) fn problem<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>) {
    let root_cause = match d.node("analysis_fields") {
        None => Field::Absent,
        Some(n) if n.is_empty() => Field::Null,
        Some(_) => match d.node("analysis_fields.problem_cause") {
            None => Field::Null,
            Some(Node::Obj(_)) => first_present([
                d.text("analysis_fields.problem_cause.description_text"),
                d.text("analysis_fields.problem_cause.description"),
            ]),
            Some(_) => d.text("analysis_fields.problem_cause"),
        },
    };
    let x = ProblemDetail {
        root_cause,
        known_error: d.boolean("known_error"),
        ..ProblemDetail::default()
    };
    r.problem = Some(Box::new(x));
}

/// `release_type` 1 minor, 2 standard, 3 major, 4 emergency.
fn release_type(code: &str) -> Option<&'static str> {
    Some(match code.trim() {
        "1" => "minor",
        "2" => "standard",
        "3" => "major",
        "4" => "emergency",
        _ => return None,
    })
}

pub(super) fn release<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>) {
    // 4 Incomplete and 5 Completed are the two ends of a release.
    let outcome = match d.node("status").and_then(Node::as_text) {
        Some(code) => match d.cx.choice("status", &code) {
            Some(mapped) => outcome_code(mapped)
                .map(Field::Value)
                .unwrap_or(Field::Absent),
            None => match code.trim() {
                "4" => Field::Value(Outcome::Unsuccessful),
                "5" => Field::Value(Outcome::Successful),
                _ => Field::Absent,
            },
        },
        None => Field::Absent,
    };
    let x = ReleaseDetail {
        release_type: d.choice("release_type", "release type", |c| {
            release_type(c).map(Text::borrowed)
        }),
        planned_at: d.instant("planned_start_date"),
        deployed_at: d.instant("work_end_date"),
        test_plan: plan(d, "test_plan", true),
        backout_plan: plan(d, "backout_plan", false),
        outcome,
        ..ReleaseDetail::default()
    };
    r.release = Some(Box::new(x));
}
