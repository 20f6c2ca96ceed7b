//! SLA and approvals: JSM SLA fields and payloads, approval fields and payloads.

use super::super::doc::Node;
use super::codes::approval_decision;
use super::read::{At, Reader};
use crate::record::model::*;
use crate::record::value::{Field, Text};

/// The request key or id in a servicedeskapi `_links.self`
/// (`…/rest/servicedeskapi/request/{idOrKey}/sla/{id}`); empty (the bundle's main record) when
/// the payload has none.
pub(super) fn request_key<'a>(n: &Node<'a>) -> Text<'a> {
    let link = n.at("_links.self").and_then(Node::as_str).unwrap_or("");
    let key = link
        .split_once("/request/")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(""))
        .unwrap_or("");
    Text::owned(key.to_string())
}

/// SLA clocks of one JSM SLA object (a field value on the issue, `source` verdict_field, or an
/// `/sla` entry, `source` sla_rows): one per cycle.
pub(super) fn sla_entries<'a>(
    r: &mut Reader<'_, '_, '_>,
    n: &Node<'a>,
    path: &At<'_>,
    name: Option<Text<'a>>,
    source: SlaSource,
) -> Vec<SlaEntry<'a>> {
    let name = n.text_of("name").or(name);
    let mut out = Vec::new();
    let flag = |r: &mut Reader<'_, '_, '_>, c: &Node<'_>, p: &At<'_>| -> Option<bool> {
        match c.get("breached") {
            None | Some(Node::Null) => None,
            Some(Node::Bool(b)) => Some(*b),
            Some(other) => {
                r.warn(&At::Member(p, "breached").path(), "expected true or false", other);
                None
            }
        }
    };
    // A cycle's time (`startTime`, `breachTime`, `stopTime`), warned about at its own path.
    let time = |r: &mut Reader<'_, '_, '_>, c: &Node<'_>, p: &At<'_>, key: &str| {
        r.time_at(c.get(key), At::Member(p, key)).value().copied()
    };
    match n.get("completedCycles") {
        None | Some(Node::Null) => {}
        Some(Node::Arr(cycles)) => {
            for (i, c) in cycles.iter().enumerate() {
                let p = At::Item(path, "completedCycles", i);
                let breached = flag(r, c, &p);
                out.push(SlaEntry {
                    name: name.clone(),
                    stage: Some(SlaStage::Completed),
                    breached,
                    start: time(r, c, &p, "startTime"),
                    due: time(r, c, &p, "breachTime"),
                    stop: time(r, c, &p, "stopTime"),
                    source: Some(source),
                });
            }
        }
        Some(other) => r.warn(
            &At::Member(path, "completedCycles").path(),
            "expected a list of SLA cycles",
            other,
        ),
    }
    match n.get("ongoingCycle") {
        None | Some(Node::Null) => {}
        Some(c @ Node::Obj(_)) => {
            let p = At::Member(path, "ongoingCycle");
            let breached = flag(r, c, &p);
            let paused = matches!(c.get("paused"), Some(Node::Bool(true)));
            out.push(SlaEntry {
                name,
                stage: Some(if paused {
                    SlaStage::Paused
                } else {
                    SlaStage::InProgress
                }),
                breached,
                start: time(r, c, &p, "startTime"),
                due: time(r, c, &p, "breachTime"),
                stop: None,
                source: Some(source),
            });
        }
        Some(other) => r.warn(
            &At::Member(path, "ongoingCycle").path(),
            "expected an SLA cycle object",
            other,
        ),
    }
    out
}

/// A decision (`finalDecision`, `approverDecision`) of an approval step: none when unset, and
/// a warning when it is not approved, declined or pending.
fn decision(
    r: &mut Reader<'_, '_, '_>,
    n: &Node<'_>,
    path: &At<'_>,
    key: &str,
) -> Option<ApprovalState> {
    let d = n.get(key).filter(|d| !matches!(d, Node::Null))?;
    let decoded = d
        .as_str()
        .and_then(|s| approval_decision(&crate::util::lowercase(s, &mut [0; 64])));
    if decoded.is_none() {
        r.warn(
            &At::Member(path, key).path(),
            "unknown approval decision (expected approved, declined or pending)",
            d,
        );
    }
    decoded
}

/// One JSM approval step: each approver's decision, and the step's final decision.
pub(super) fn approval_step<'a>(
    r: &mut Reader<'_, '_, '_>,
    n: &Node<'a>,
    path: &At<'_>,
) -> (Vec<Approval<'a>>, Option<ApprovalState>) {
    let final_decision = decision(r, n, path, "finalDecision");
    let completed = r
        .time_at(n.get("completedDate"), At::Member(path, "completedDate"))
        .value()
        .copied();
    let mut out = Vec::new();
    let approvers = n.get("approvers").map(Node::as_array).unwrap_or_default();
    for (i, a) in approvers.iter().enumerate() {
        let p = At::Item(path, "approvers", i);
        let state = match a.get("approverDecision") {
            None | Some(Node::Null) => final_decision,
            Some(_) => decision(r, a, &p, "approverDecision"),
        };
        let Some(state) = state else { continue };
        let approver = r
            .node_reference(a.get("approver"), &At::Member(&p, "approver").path())
            .value()
            .cloned();
        let decided = matches!(state, ApprovalState::Approved | ApprovalState::Rejected);
        out.push(Approval {
            state,
            approver,
            group: None,
            at: if decided { completed } else { None },
        });
    }
    if approvers.is_empty()
        && let Some(state) = final_decision
    {
        out.push(Approval {
            state,
            approver: None,
            group: None,
            at: completed,
        });
    }
    (out, final_decision)
}

/// The approval steps (the JSM "Approvals" field): individual decisions and the
/// summary (pending while any step is; else the last decided step).
pub(super) fn approvals_field<'a>(
    r: &mut Reader<'_, '_, '_>,
    n: &Node<'a>,
    path: &str,
) -> (Vec<Approval<'a>>, Field<ApprovalState>) {
    if n.is_empty() {
        return (Vec::new(), Field::Value(ApprovalState::NotRequested));
    }
    let Node::Arr(steps) = n else {
        r.warn(path, "expected a list of approvals", n);
        return (Vec::new(), Field::Absent);
    };
    let mut all = Vec::new();
    let mut decisions = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let (approvals, decision) = approval_step(r, step, &At::Index(&At::Path(path), i));
        all.extend(approvals);
        let created = step
            .get("createdDate")
            .and_then(|c| c.get("epochMillis"))
            .and_then(Node::as_f64)
            .unwrap_or(0.0);
        if let Some(d) = decision {
            decisions.push((created, i, d));
        }
    }
    crate::util::sort::sort_by(&mut decisions, |a, b| {
        a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
    });
    let summary = if decisions
        .iter()
        .any(|(_, _, d)| *d == ApprovalState::Requested)
    {
        Some(ApprovalState::Requested)
    } else {
        decisions.last().map(|(_, _, d)| *d)
    };
    (all, summary.map(Field::Value).unwrap_or(Field::Absent))
}
