//! The tool fields an instance maps to canonical paths (`context.fields`): custom fields,
//! dynamic fields and plugin attributes, read over what the adapter read.

use super::codes::{approval_code, change_type_code, outcome_code, risk_code};
use crate::record::model::*;
use crate::record::source::doc::{Doc, LevelMap, Node};
use crate::record::time::Instant;
use crate::record::value::{Field, Level, Text};

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

/// Sets one canonical field from the tool field at `path` (`None`: listed without a value).
fn apply_custom<'a>(
    d: &mut Doc<'_, 'a, '_>,
    r: &mut Record<'a>,
    canonical: &str,
    path: Option<&str>,
) {
    let mut m = Mapped { d, path };
    let (head, tail) = canonical.split_once('.').unwrap_or((canonical, ""));
    match (head, tail) {
        (field, "") => common(&mut m, r, field),
        ("incident", f) if r.kind == Kind::Incident => {
            incident(&mut m, r.incident.get_or_insert_with(Default::default), f)
        }
        ("request", f) if r.kind == Kind::ServiceRequest => {
            request(&mut m, r.request.get_or_insert_with(Default::default), f)
        }
        ("problem", f) if r.kind == Kind::Problem => {
            problem(&mut m, r.problem.get_or_insert_with(Default::default), f)
        }
        ("change", f) if r.kind == Kind::Change => {
            change(&mut m, r.change.get_or_insert_with(Default::default), f)
        }
        ("release", f) if r.kind == Kind::Release => {
            release(&mut m, r.release.get_or_insert_with(Default::default), f)
        }
        _ => {}
    }
}

/// The mapped tool field of one canonical field, read as the canonical field's type: null when
/// the tool lists the field without a value.
struct Mapped<'m, 'r, 'a, 'w> {
    d: &'m mut Doc<'r, 'a, 'w>,
    path: Option<&'m str>,
}

impl<'r, 'a, 'w> Mapped<'_, 'r, 'a, 'w> {
    fn read<T>(&mut self, read: impl FnOnce(&mut Doc<'r, 'a, 'w>, &str) -> Field<T>) -> Field<T> {
        match self.path {
            Some(p) => read(self.d, p),
            None => Field::Null,
        }
    }

    fn text(&mut self) -> Field<Text<'a>> {
        self.read(custom_text)
    }

    fn instant(&mut self) -> Field<Instant> {
        self.read(|d, p| d.instant(p))
    }

    fn boolean(&mut self) -> Field<bool> {
        self.read(|d, p| d.boolean(p))
    }

    fn count(&mut self) -> Field<u32> {
        self.read(|d, p| d.count(p))
    }

    fn level(&mut self, map: LevelMap<'_>) -> Field<Level<'a>> {
        self.read(|d, p| d.level(p, map))
    }

    fn choice<T>(&mut self, what: &str, decode: impl Fn(&str) -> Option<T>) -> Field<T> {
        self.read(|d, p| d.choice(p, what, decode))
    }
}

/// Sets `slot` to what was read, unless the payload did not carry it.
fn set<T>(slot: &mut Field<T>, read: Field<T>) {
    if !read.is_absent() {
        *slot = read;
    }
}

/// The fields every record has.
fn common<'a>(m: &mut Mapped<'_, '_, 'a, '_>, r: &mut Record<'a>, field: &str) {
    match field {
        "title" => set(&mut r.title, m.text()),
        "category" => set(&mut r.category, m.text()),
        "service" => set(&mut r.service, m.text()),
        "assignmentGroup" => set(&mut r.assignment_group, m.text()),
        "assignee" => set(&mut r.assignee, m.text()),
        "requester" => set(&mut r.requester, m.text()),
        "priority" => set(&mut r.priority, m.level(LEVEL5)),
        "impact" => set(&mut r.impact, m.level(LEVEL3)),
        "urgency" => set(&mut r.urgency, m.level(LEVEL3)),
        "openedAt" => set(&mut r.opened_at, m.instant()),
        "updatedAt" => set(&mut r.updated_at, m.instant()),
        "resolvedAt" => set(&mut r.resolved_at, m.instant()),
        "closedAt" => set(&mut r.closed_at, m.instant()),
        "approval" => set(&mut r.approval, m.choice("approval state", approval_code)),
        _ => {}
    }
}

fn incident<'a>(m: &mut Mapped<'_, '_, 'a, '_>, x: &mut IncidentDetail<'a>, field: &str) {
    match field {
        "major" => set(&mut x.major, m.boolean()),
        "security" => set(&mut x.security, m.boolean()),
        "reopenCount" => set(&mut x.reopen_count, m.count()),
        "reassignmentCount" => set(&mut x.reassignment_count, m.count()),
        "resolutionCode" => set(&mut x.resolution_code, m.text()),
        "resolutionNotes" => set(&mut x.resolution_notes, m.text()),
        "reviewAt" => set(&mut x.review_at, m.instant()),
        "reviewNotes" => set(&mut x.review_notes, m.text()),
        _ => {}
    }
}

fn request<'a>(m: &mut Mapped<'_, '_, 'a, '_>, x: &mut RequestDetail<'a>, field: &str) {
    match field {
        "item" => set(&mut x.item, m.text()),
        "approvalRequired" => set(&mut x.approval_required, m.boolean()),
        "closeNotes" => set(&mut x.close_notes, m.text()),
        _ => {}
    }
}

fn problem<'a>(m: &mut Mapped<'_, '_, 'a, '_>, x: &mut ProblemDetail<'a>, field: &str) {
    match field {
        "rootCause" => set(&mut x.root_cause, m.text()),
        "workaround" => set(&mut x.workaround, m.text()),
        "knownError" => set(&mut x.known_error, m.boolean()),
        "knownErrorAt" => set(&mut x.known_error_at, m.instant()),
        "fixNotes" => set(&mut x.fix_notes, m.text()),
        "resolutionCode" => set(&mut x.resolution_code, m.text()),
        _ => {}
    }
}

fn change<'a>(m: &mut Mapped<'_, '_, 'a, '_>, x: &mut ChangeDetail<'a>, field: &str) {
    match field {
        "type" => set(&mut x.r#type, m.choice("change type", change_type_code)),
        "risk" => set(&mut x.risk, m.choice("risk", risk_code)),
        "implementationPlan" => set(&mut x.implementation_plan, m.text()),
        "backoutPlan" => set(&mut x.backout_plan, m.text()),
        "testPlan" => set(&mut x.test_plan, m.text()),
        "riskAnalysis" => set(&mut x.risk_analysis, m.text()),
        "plannedStart" => set(&mut x.planned_start, m.instant()),
        "plannedEnd" => set(&mut x.planned_end, m.instant()),
        "actualStart" => set(&mut x.actual_start, m.instant()),
        "actualEnd" => set(&mut x.actual_end, m.instant()),
        "outcome" => set(&mut x.outcome, m.choice("outcome", outcome_code)),
        "reviewAt" => set(&mut x.review_at, m.instant()),
        "reviewNotes" => set(&mut x.review_notes, m.text()),
        "cabRequired" => set(&mut x.cab_required, m.boolean()),
        "unauthorized" => set(&mut x.unauthorized, m.boolean()),
        _ => {}
    }
}

fn release<'a>(m: &mut Mapped<'_, '_, 'a, '_>, x: &mut ReleaseDetail<'a>, field: &str) {
    match field {
        "releaseType" => set(&mut x.release_type, m.text()),
        "plannedAt" => set(&mut x.planned_at, m.instant()),
        "deployedAt" => set(&mut x.deployed_at, m.instant()),
        "testPlan" => set(&mut x.test_plan, m.text()),
        "acceptedAt" => set(&mut x.accepted_at, m.instant()),
        "backoutPlan" => set(&mut x.backout_plan, m.text()),
        "outcome" => set(&mut x.outcome, m.choice("outcome", outcome_code)),
        "reviewAt" => set(&mut x.review_at, m.instant()),
        "reviewNotes" => set(&mut x.review_notes, m.text()),
        _ => {}
    }
}
