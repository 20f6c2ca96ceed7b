//! Each kind's own details: an incident's, a service request's, a problem's and a change's,
//! from the instance's custom fields (or their default names).

use super::super::doc::Node;
use super::super::history;
use super::codes::{change_type, outcome, risk};
use super::fields::FieldMap;
use super::read::Reader;
use super::records::{RequestTypeField, builtin_is_security};
use super::status::Changelog;
use crate::record::model::*;
use crate::record::value::{Field, Text};

pub(super) fn incident<'a>(
    r: &mut Reader<'_, '_, '_>,
    map: &FieldMap<'_, 'a>,
    type_name: &str,
    log: Option<&Changelog<'a>>,
    resolution_name: Field<Text<'a>>,
    record: &mut Record<'a>,
) {
    let major = map.lookup("incident.major", &["Major incident"]);
    let major_flag = match major.node {
        Some(Node::Str(t)) if t.eq_ignore_ascii_case("MAJOR_INCIDENT") => Field::Value(true),
        Some(n) if n.is_empty() => Field::Value(false),
        other => r.node_boolean(other, &major.path, &major.tables),
    };
    let security = map.lookup("incident.security", &[]);
    let security_flag = if builtin_is_security(type_name) {
        Field::Value(true)
    } else {
        r.node_boolean(security.node, &security.path, &security.tables)
    };
    let notes = map.lookup("incident.resolutionNotes", &["Resolution notes"]);
    let review_at = map.lookup("incident.reviewAt", &[]);
    let review_notes = map.lookup("incident.reviewNotes", &[]);
    let (reopen, reassigned) = match log {
        Some(l) => {
            let (a, b) = history::counts(&l.events);
            (Field::Value(a), Field::Value(b))
        }
        None => (Field::Absent, Field::Absent),
    };
    record.incident = Some(Box::new(IncidentDetail {
        major: major_flag,
        security: security_flag,
        reopen_count: reopen,
        reassignment_count: reassigned,
        resolution_code: resolution_name,
        resolution_notes: r.node_text(notes.node, &notes.path),
        review_at: r.node_time(review_at.node, &review_at.path),
        review_notes: r.node_text(review_notes.node, &review_notes.path),
        ..IncidentDetail::default()
    }));
}

pub(super) fn request<'a>(
    r: &mut Reader<'_, '_, '_>,
    map: &FieldMap<'_, 'a>,
    rt: &RequestTypeField<'_, 'a>,
    type_name: &str,
    approvals_node: Option<&Node<'a>>,
    record: &mut Record<'a>,
) {
    let notes = map.lookup("request.closeNotes", &[]);
    let with_approvals = crate::util::lowercase(type_name, &mut [0; 64]).contains("with approval");
    let approval_required = match (&record.approvals, approvals_node) {
        (Some(a), _) if !a.is_empty() => Field::Value(true),
        _ if with_approvals => Field::Value(true),
        (_, Some(_)) => Field::Value(false),
        _ => Field::Absent,
    };
    let item = match rt.request_type {
        Some(t) => rt
            .name
            .clone()
            .or_else(|| t.get("id").and_then(Node::as_text))
            .map(Field::Value)
            .unwrap_or(Field::Null),
        None if rt.value.is_none() && rt.id.is_some_and(|i| map.fields.get(i).is_some()) => {
            Field::Null
        }
        None => Field::Absent,
    };
    record.request = Some(Box::new(RequestDetail {
        item,
        approval_required,
        close_notes: r.node_text(notes.node, &notes.path),
        ..RequestDetail::default()
    }));
}

pub(super) fn problem<'a>(
    r: &mut Reader<'_, '_, '_>,
    map: &FieldMap<'_, 'a>,
    resolution_name: Field<Text<'a>>,
    record: &mut Record<'a>,
) {
    let cause = map.lookup("problem.rootCause", &["Root cause"]);
    let workaround = map.lookup("problem.workaround", &["Workaround"]);
    let known = map.lookup("problem.knownError", &["Known error"]);
    let known_at = map.lookup("problem.knownErrorAt", &[]);
    let fix = map.lookup("problem.fixNotes", &["Fix notes"]);
    record.problem = Some(Box::new(ProblemDetail {
        root_cause: r.node_text(cause.node, &cause.path),
        workaround: r.node_text(workaround.node, &workaround.path),
        known_error: r.node_boolean(known.node, &known.path, &known.tables),
        known_error_at: r.node_time(known_at.node, &known_at.path),
        fix_notes: r.node_text(fix.node, &fix.path),
        resolution_code: resolution_name,
        ..ProblemDetail::default()
    }));
}

pub(super) fn change<'a>(
    r: &mut Reader<'_, '_, '_>,
    map: &FieldMap<'_, 'a>,
    rt: &RequestTypeField<'_, 'a>,
    resolution: Option<&Node<'a>>,
    done: bool,
    record: &mut Record<'a>,
) {
    let ty = map.lookup("change.type", &["Change type"]);
    let risk_slot = map.lookup("change.risk", &["Change risk"]);
    let implementation = map.lookup("change.implementationPlan", &["Implementation plan"]);
    let backout = map.lookup(
        "change.backoutPlan",
        &["Backout plan", "Backout/Rollback Plan", "Rollback plan"],
    );
    let test = map.lookup("change.testPlan", &["Test plan"]);
    let analysis = map.lookup("change.riskAnalysis", &["Risk analysis", "Risk assessment"]);
    let planned_start = map.lookup(
        "change.plannedStart",
        &["Change start date", "Planned start"],
    );
    let planned_end = map.lookup(
        "change.plannedEnd",
        &["Change completion date", "Planned end"],
    );
    let actual_start = map.lookup("change.actualStart", &["Actual start"]);
    let actual_end = map.lookup("change.actualEnd", &["Actual end"]);
    let outcome_slot = map.lookup("change.outcome", &["Change outcome"]);
    let review_at = map.lookup("change.reviewAt", &[]);
    let review_notes = map.lookup("change.reviewNotes", &[]);
    let cab_required = map.lookup("change.cabRequired", &[]);
    let cab = map.lookup("change.cab", &["CAB"]);
    let unauthorized = map.lookup("change.unauthorized", &[]);
    let mut change_type_field =
        r.node_option(ty.node, &ty.path, &ty.tables, "change type", change_type);
    if change_type_field.is_absent() {
        // JSM ITSM request types such as "Standard change" say it too (by the instance's mapping or English name).
        if let Some(n) = rt
            .name
            .as_deref()
            .and_then(|n| change_type(&crate::util::lowercase(n.trim(), &mut [0; 64])))
        {
            change_type_field = Field::Value(n);
        }
    }
    // The outcome: the instance's field, else the resolution of a finished change.
    let mut outcome_field = r.node_option(
        outcome_slot.node,
        &outcome_slot.path,
        &outcome_slot.tables,
        "change outcome",
        outcome,
    );
    if outcome_field.is_absent()
        && done
        && let Some(res) = resolution.filter(|n| !n.is_empty())
    {
        outcome_field = outcome_of_resolution(r, res, record.state.value());
    }
    let cab_flag = match cab_required.node {
        Some(_) => r.node_boolean(cab_required.node, &cab_required.path, &cab_required.tables),
        None => match cab.node {
            Some(n) if !n.is_empty() => Field::Value(true),
            _ => Field::Absent,
        },
    };
    record.change = Some(Box::new(ChangeDetail {
        r#type: change_type_field,
        risk: r.node_option(
            risk_slot.node,
            &risk_slot.path,
            &risk_slot.tables,
            "change risk",
            risk,
        ),
        implementation_plan: r.node_text(implementation.node, &implementation.path),
        backout_plan: r.node_text(backout.node, &backout.path),
        test_plan: r.node_text(test.node, &test.path),
        risk_analysis: r.node_text(analysis.node, &analysis.path),
        planned_start: r.node_time(planned_start.node, &planned_start.path),
        planned_end: r.node_time(planned_end.node, &planned_end.path),
        actual_start: r.node_time(actual_start.node, &actual_start.path),
        actual_end: r.node_time(actual_end.node, &actual_end.path),
        outcome: outcome_field,
        review_at: r.node_time(review_at.node, &review_at.path),
        review_notes: r.node_text(review_notes.node, &review_notes.path),
        cab_required: cab_flag,
        unauthorized: r.node_boolean(unauthorized.node, &unauthorized.path, &unauthorized.tables),
        ..ChangeDetail::default()
    }));
}

/// A finished change's outcome from its resolution (by the instance's choices for
/// `change.outcome`, else the English names); a cancelled change without one was cancelled.
fn outcome_of_resolution(
    r: &Reader<'_, '_, '_>,
    resolution: &Node<'_>,
    state: Option<&State>,
) -> Field<Outcome> {
    let keys: Vec<Text<'_>> = ["id", "name"]
        .iter()
        .filter_map(|k| resolution.get(k)?.as_text())
        .collect();
    let decoded = keys
        .iter()
        .find_map(|k| r.cx.choice("change.outcome", k).and_then(outcome))
        .or_else(|| {
            keys.iter()
                .find_map(|k| outcome(&crate::util::lowercase(k.trim(), &mut [0; 64])))
        });
    match decoded {
        Some(o) => Field::Value(o),
        None if state == Some(&State::Cancelled) => Field::Value(Outcome::Cancelled),
        None => Field::Absent,
    }
}
