//! The tool fields an instance maps to canonical paths (`context.fields`): custom fields,
//! dynamic fields and plugin attributes, read over what the adapter read.

use super::codes::{approval_code, change_type_code, outcome_code, risk_code};
use crate::record::model::*;
use crate::record::source::doc::{Doc, LevelMap, Node};
use crate::record::value::{Field, Text};

/// Where a tool field named in `context.fields` sits in a payload.
pub(crate) enum Slot {
    /// A path in the payload (the field may still be missing).
    Path(String),
    /// The tool lists the field without a value (a Znuny dynamic field with no `Value`).
    Empty,
}

/// Canonical scales for custom fields: impact/urgency 1 high … 3 low, priority 1 … 5.
const LEVEL3: LevelMap<'static> = &[
    ("1", 1),
    ("2", 2),
    ("3", 3),
    ("high", 1),
    ("medium", 2),
    ("moderate", 2),
    ("low", 3),
];
const LEVEL5: LevelMap<'static> = &[
    ("1", 1),
    ("2", 2),
    ("3", 3),
    ("4", 4),
    ("5", 5),
    ("critical", 1),
    ("high", 2),
    ("moderate", 3),
    ("medium", 3),
    ("low", 4),
    ("planning", 5),
];

/// Text of a custom field: scalars, objects with a name, and multi-value lists (joined).
pub(crate) fn custom_text<'a>(d: &mut Doc<'_, 'a, '_>, path: &str) -> Field<Text<'a>> {
    match d.node(path) {
        Some(Node::Arr(items)) if !items.is_empty() => {
            let parts: Option<Vec<Text<'a>>> = items.iter().map(Node::as_text).collect();
            match parts {
                Some(parts) => Field::Value(Text::owned(
                    parts.iter().map(|t| &**t).collect::<Vec<_>>().join(", "),
                )),
                None => d.text(path),
            }
        }
        Some(Node::Arr(_)) => Field::Null,
        _ => d.text(path),
    }
}

/// Reads the tool fields the instance maps to canonical paths (`context.fields`), overriding
/// what the adapter read when the payload carries them. Kind-specific paths (`change.backoutPlan`)
/// apply to records of that kind only.
pub(crate) fn apply_custom_fields<'a>(
    d: &mut Doc<'_, 'a, '_>,
    r: &mut Record<'a>,
    locate: &dyn Fn(&str) -> Option<Slot>,
) {
    let wanted: Vec<(String, String)> =
        d.cx.fields
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
    for (canonical, tool_field) in wanted {
        let path = match locate(&tool_field) {
            None => continue,
            Some(Slot::Empty) => None,
            Some(Slot::Path(p)) => {
                if d.node(&p).is_none() {
                    continue;
                }
                Some(p)
            }
        };
        apply_custom(d, r, &canonical, path.as_deref());
    }
}

fn apply_custom<'a>(
    d: &mut Doc<'_, 'a, '_>,
    r: &mut Record<'a>,
    canonical: &str,
    path: Option<&str>,
) {
    macro_rules! read {
        (text) => {
            match path {
                Some(p) => custom_text(d, p),
                None => Field::Null,
            }
        };
        (instant) => {
            match path {
                Some(p) => d.instant(p),
                None => Field::Null,
            }
        };
        (boolean) => {
            match path {
                Some(p) => d.boolean(p),
                None => Field::Null,
            }
        };
        (level $map:expr) => {
            match path {
                Some(p) => d.level(p, $map),
                None => Field::Null,
            }
        };
        (choice $what:literal $decode:expr) => {
            match path {
                Some(p) => d.choice(p, $what, $decode),
                None => Field::Null,
            }
        };
    }
    macro_rules! set {
        ($slot:expr, $value:expr) => {{
            let v = $value;
            if !v.is_absent() {
                $slot = v;
            }
        }};
    }
    let (head, tail) = canonical.split_once('.').unwrap_or((canonical, ""));
    match (head, tail) {
        ("title", "") => set!(r.title, read!(text)),
        ("category", "") => set!(r.category, read!(text)),
        ("service", "") => set!(r.service, read!(text)),
        ("assignmentGroup", "") => set!(r.assignment_group, read!(text)),
        ("assignee", "") => set!(r.assignee, read!(text)),
        ("requester", "") => set!(r.requester, read!(text)),
        ("priority", "") => set!(r.priority, read!(level LEVEL5)),
        ("impact", "") => set!(r.impact, read!(level LEVEL3)),
        ("urgency", "") => set!(r.urgency, read!(level LEVEL3)),
        ("openedAt", "") => set!(r.opened_at, read!(instant)),
        ("updatedAt", "") => set!(r.updated_at, read!(instant)),
        ("resolvedAt", "") => set!(r.resolved_at, read!(instant)),
        ("closedAt", "") => set!(r.closed_at, read!(instant)),
        ("approval", "") => set!(r.approval, read!(choice "approval state" approval_code)),
        ("incident", f) if r.kind == Kind::Incident => {
            let x = r.incident.get_or_insert_with(Default::default);
            match f {
                "major" => set!(x.major, read!(boolean)),
                "security" => set!(x.security, read!(boolean)),
                "reopenCount" => set!(
                    x.reopen_count,
                    path.map(|p| d.count(p)).unwrap_or(Field::Null)
                ),
                "reassignmentCount" => set!(
                    x.reassignment_count,
                    path.map(|p| d.count(p)).unwrap_or(Field::Null)
                ),
                "resolutionCode" => set!(x.resolution_code, read!(text)),
                "resolutionNotes" => set!(x.resolution_notes, read!(text)),
                "reviewAt" => set!(x.review_at, read!(instant)),
                "reviewNotes" => set!(x.review_notes, read!(text)),
                _ => {}
            }
        }
        ("request", f) if r.kind == Kind::ServiceRequest => {
            let x = r.request.get_or_insert_with(Default::default);
            match f {
                "item" => set!(x.item, read!(text)),
                "approvalRequired" => set!(x.approval_required, read!(boolean)),
                "closeNotes" => set!(x.close_notes, read!(text)),
                _ => {}
            }
        }
        ("problem", f) if r.kind == Kind::Problem => {
            let x = r.problem.get_or_insert_with(Default::default);
            match f {
                "rootCause" => set!(x.root_cause, read!(text)),
                "workaround" => set!(x.workaround, read!(text)),
                "knownError" => set!(x.known_error, read!(boolean)),
                "knownErrorAt" => set!(x.known_error_at, read!(instant)),
                "fixNotes" => set!(x.fix_notes, read!(text)),
                "resolutionCode" => set!(x.resolution_code, read!(text)),
                _ => {}
            }
        }
        ("change", f) if r.kind == Kind::Change => {
            let x = r.change.get_or_insert_with(Default::default);
            match f {
                "type" => set!(x.r#type, read!(choice "change type" change_type_code)),
                "risk" => set!(x.risk, read!(choice "risk" risk_code)),
                "implementationPlan" => set!(x.implementation_plan, read!(text)),
                "backoutPlan" => set!(x.backout_plan, read!(text)),
                "testPlan" => set!(x.test_plan, read!(text)),
                "riskAnalysis" => set!(x.risk_analysis, read!(text)),
                "plannedStart" => set!(x.planned_start, read!(instant)),
                "plannedEnd" => set!(x.planned_end, read!(instant)),
                "actualStart" => set!(x.actual_start, read!(instant)),
                "actualEnd" => set!(x.actual_end, read!(instant)),
                "outcome" => set!(x.outcome, read!(choice "outcome" outcome_code)),
                "reviewAt" => set!(x.review_at, read!(instant)),
                "reviewNotes" => set!(x.review_notes, read!(text)),
                "cabRequired" => set!(x.cab_required, read!(boolean)),
                "unauthorized" => set!(x.unauthorized, read!(boolean)),
                _ => {}
            }
        }
        ("release", f) if r.kind == Kind::Release => {
            let x = r.release.get_or_insert_with(Default::default);
            match f {
                "releaseType" => set!(x.release_type, read!(text)),
                "plannedAt" => set!(x.planned_at, read!(instant)),
                "deployedAt" => set!(x.deployed_at, read!(instant)),
                "testPlan" => set!(x.test_plan, read!(text)),
                "acceptedAt" => set!(x.accepted_at, read!(instant)),
                "backoutPlan" => set!(x.backout_plan, read!(text)),
                "outcome" => set!(x.outcome, read!(choice "outcome" outcome_code)),
                "reviewAt" => set!(x.review_at, read!(instant)),
                "reviewNotes" => set!(x.review_notes, read!(text)),
                _ => {}
            }
        }
        _ => {}
    }
}
