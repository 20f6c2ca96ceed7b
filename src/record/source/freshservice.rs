//! Freshservice API v2: tickets (incidents and service requests), changes, problems, releases.
//!
//! The envelope (`tickets`, `change`, `problems` …) is unwrapped before the adapter sees an
//! element, so the kind comes from the element's path and from field signatures (`change_type`,
//! `release_type`, `analysis_fields` …); an element that fits neither is read as a ticket, with a
//! warning. Codes are numeric and mapped to the canonical scales keeping the tool's code;
//! instance-specific statuses go through `context.choices`.
//!
//! Field notes: `../shared/reference/itsm-formats.md`.

use super::doc::{self, Doc, LevelMap, Node};
use super::ticket_tools::{
    Reading, Slot, apply_custom_fields, approval_code, approval_required, blank_record,
    coded_level, ensure_detail, outcome_code, risk_code, verdict_clocks,
};
use super::{
    Adapter, Context, Conversion, Converted, Cursor, Envelope, KeySet, Rejection, Warning,
    first_present,
};
use crate::record::model::*;
use crate::record::value::{Field, Text};

pub struct Freshservice;

impl Adapter for Freshservice {
    fn envelopes(&self) -> &'static [Envelope] {
        // Lists and single objects of each module.
        const {
            &[
                Envelope::records("tickets", "$.tickets"),
                Envelope::records("changes", "$.changes"),
                Envelope::records("problems", "$.problems"),
                Envelope::records("releases", "$.releases"),
                Envelope::records("ticket", "$.ticket"),
                Envelope::records("change", "$.change"),
                Envelope::records("problem", "$.problem"),
                Envelope::records("release", "$.release"),
            ]
        }
    }

    fn carried_links(&self, kind: Kind) -> Option<&'static [LinkRel]> {
        // A problem has no incident associations in its payload, a release no changes beyond
        // its own, and no module carries links other than these.
        Some(match kind {
            Kind::Problem => &[LinkRel::AffectsCi, LinkRel::FixedBy],
            Kind::Release => &[LinkRel::AffectsCi, LinkRel::Change],
            _ => &[LinkRel::AffectsCi],
        })
    }

    fn detect(&self, keys: &KeySet) -> bool {
        keys.any(&[
            "requester_id",
            "fr_due_by",
            "responder_id",
            "workspace_id",
            "requested_for_id",
            "analysis_fields",
        ]) || keys.all(&["change_type", "planned_start_date"])
            || keys.all(&["release_type", "planning_fields"])
    }

    fn convert<'a>(&self, raw: &'a str, cx: &Context, at: &mut Cursor<'_>) -> Conversion<'a> {
        if raw.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
            return Err(at.reject(
                "",
                "a bare id, not a record (Zammad's ?all=true lists ticket ids in `tickets` and the tickets in `assets.Ticket`; send the ticket objects)",
            ));
        }
        let root = doc::parse(raw, at, "a Freshservice record")?;
        if let Some((path, message)) = not_a_record(&root) {
            return Err(at.reject(path, message));
        }
        record(raw, &mut Doc::new(&root, cx, at)).map(Converted::from)
    }
}

/// Freshservice payloads that are not tickets, changes, problems or releases.
fn not_a_record(root: &Node<'_>) -> Option<(&'static str, &'static str)> {
    let has = |k: &str| root.get(k).is_some();
    if has("id") || has("subject") {
        if has("agent_ids") || has("members") || has("leaders") || has("auto_ticket_assign") {
            return Some((
                "",
                "a Freshservice agent group (GET /api/v2/groups) is reference data, not a record",
            ));
        }
        return None;
    }
    Some(if has("task") {
        (
            ".task",
            "a Freshservice task (…/tickets/{id}/tasks) is a work item of a ticket, not a record the engine evaluates; send the ticket",
        )
    } else if has("groups") {
        (
            ".groups",
            "a list of Freshservice agent groups (GET /api/v2/groups) is reference data, not a record",
        )
    } else {
        (
            "",
            "not a Freshservice ticket, change, problem or release (no id)",
        )
    })
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum FsKind {
    Ticket,
    Change,
    Problem,
    Release,
}

impl FsKind {
    /// The prefix of the number the UI shows (INC-106, SR-7, CHN-3 …).
    fn number_prefix(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (FsKind::Ticket, Kind::ServiceRequest) => "SR",
            (FsKind::Ticket, _) => "INC",
            (FsKind::Change, _) => "CHN",
            (FsKind::Problem, _) => "PRB",
            (FsKind::Release, _) => "REL",
        }
    }

    /// The API module (`origin.table`).
    fn table(self) -> &'static str {
        match self {
            FsKind::Ticket => "tickets",
            FsKind::Change => "changes",
            FsKind::Problem => "problems",
            FsKind::Release => "releases",
        }
    }

    fn name(self) -> &'static str {
        match self {
            FsKind::Ticket => "ticket",
            FsKind::Change => "change",
            FsKind::Problem => "problem",
            FsKind::Release => "release",
        }
    }
}

/// The kind the envelope implies (`$.changes[3]`, `$.ticket` …).
fn envelope_kind(path: &str) -> Option<FsKind> {
    let key = path.strip_prefix("$.")?;
    let key = key.split(['[', '.']).next().unwrap_or(key);
    Some(match key {
        "tickets" | "ticket" => FsKind::Ticket,
        "changes" | "change" => FsKind::Change,
        "problems" | "problem" => FsKind::Problem,
        "releases" | "release" => FsKind::Release,
        _ => return None,
    })
}

/// The kind the fields imply.
fn signature_kind(root: &Node<'_>) -> Option<FsKind> {
    let has = |k: &str| root.get(k).is_some();
    let plan = |k: &str| root.at(&format!("planning_fields.{k}")).is_some();
    if has("change_type")
        || plan("rollout_plan")
        || plan("backout_plan")
        || plan("reason_for_change")
    {
        Some(FsKind::Change)
    } else if has("release_type") || plan("build_plan") || has("associated_changes") {
        Some(FsKind::Release)
    } else if has("known_error") || has("analysis_fields") || has("associated_change") {
        Some(FsKind::Problem)
    } else if has("type")
        || has("fr_due_by")
        || has("responder_id")
        || has("requested_for_id")
        || has("source")
        || has("fr_escalated")
    {
        Some(FsKind::Ticket)
    } else {
        None
    }
}

/// A warning about the element as a whole.
fn note(at: &mut Cursor<'_>, message: String) {
    at.warnings.push(Warning {
        index: at.index,
        path: at.path.clone(),
        message,
        value: String::new(),
    });
}

/// Ticket priority 1 low … 4 urgent → canonical 4 low … 1 critical.
const PRIORITY: LevelMap<'static> = &[("1", 4), ("2", 3), ("3", 2), ("4", 1)];
/// Impact and urgency 1 low … 3 high → canonical 3 low … 1 high.
const LEVEL3: LevelMap<'static> = &[("1", 3), ("2", 2), ("3", 1)];

fn record<'a>(raw: &'a str, d: &mut Doc<'_, 'a, '_>) -> Result<Record<'a>, Rejection> {
    let fs = record_kind(d.root, d.at);
    let (id, display_id) = record_id(d, fs)?;
    let kind = match fs {
        FsKind::Ticket => ticket_kind(d),
        FsKind::Change => Kind::Change,
        FsKind::Problem => Kind::Problem,
        FsKind::Release => Kind::Release,
    };
    let shown = display_id.unwrap_or_else(|| id.clone());
    let number = Text::owned(format!("{}-{}", fs.number_prefix(kind), &*shown));
    let mut r = blank_record(id, kind, raw, "freshservice", "api-v2", fs.table());
    r.number = Some(number);
    read_common(d, &mut r, fs);
    let mut links = affected_cis(d);
    for key in ["planning_fields", "analysis_fields", "stats"] {
        if let Some(n) = d
            .node(key)
            .filter(|n| !n.is_empty() && !matches!(n, Node::Obj(_)))
        {
            d.warn(key, "expected an object", n);
        }
    }
    ensure_detail(&mut r);
    kind_detail(d, &mut r, fs, &mut links);
    if !links.is_empty() {
        r.links = Some(links);
    }
    let root_ref = d.root;
    apply_custom_fields(d, &mut r, &|name: &str| {
        let custom = format!("custom_fields.{name}");
        Some(Slot::Path(if root_ref.at(&custom).is_some() {
            custom
        } else {
            name.to_string()
        }))
    });
    Ok(r)
}

/// The module the element belongs to: its envelope's, unless its fields say otherwise (with a
/// warning either way when they disagree or say nothing).
fn record_kind(root: &Node<'_>, at: &mut Cursor<'_>) -> FsKind {
    match (envelope_kind(&at.path), signature_kind(root)) {
        (Some(e), Some(f)) if e != f => {
            note(
                at,
                format!(
                    "listed as a {} but its fields are those of a {}: read as a {}",
                    e.name(),
                    f.name(),
                    f.name()
                ),
            );
            f
        }
        (Some(e), _) => e,
        (None, Some(f)) => f,
        (None, None) => {
            note(at, "cannot tell whether this is a ticket, change, problem or release (no type, change_type, release_type or analysis_fields): read as a ticket".into());
            FsKind::Ticket
        }
    }
}

/// The record's id and its `display_id`. API v2 ids are the numbers the UI shows (INC-106); v1
/// payloads carry that number as `display_id`, which keys a record sent without its id.
fn record_id<'a>(
    d: &mut Doc<'_, 'a, '_>,
    fs: FsKind,
) -> Result<(Text<'a>, Option<Text<'a>>), Rejection> {
    let display_id = d.reference("display_id").value().cloned();
    match (d.reference("id"), &display_id) {
        (Field::Value(id), _) => Ok((id, display_id)),
        (_, Some(number)) => {
            d.at.keyed_by("Freshservice", "id", "display_id", number);
            Ok((number.clone(), display_id))
        }
        _ => Err(d.at.reject(
            ".id",
            format!(
                "a Freshservice {} needs an id (or its display_id)",
                fs.name()
            ),
        )),
    }
}

/// Subject, levels, category, people, dates, status and approval.
fn read_common<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>, fs: FsKind) {
    r.title = d.text("subject");
    r.priority = coded_level(d, "priority", None, PRIORITY, &[], "priority");
    r.impact = coded_level(d, "impact", None, LEVEL3, &[], "impact");
    r.urgency = coded_level(d, "urgency", None, LEVEL3, &[], "urgency");
    r.category = category(d);
    r.assignment_group = d.reference("group_id");
    r.assignee = first_present([d.reference("responder_id"), d.reference("agent_id")]);
    r.requester = first_present([d.reference("requester_id"), d.reference("requested_for_id")]);
    r.opened_at = d.instant("created_at");
    r.updated_at = d.instant("updated_at");
    r.resolved_at = d.instant("stats.resolved_at");
    r.closed_at = d.instant("stats.closed_at");
    read_status(d, r, fs);
    if d.node("approval_status").is_some() {
        r.approval = d.choice("approval_status", "approval status", approval_status);
    }
}

/// The assets a record names (`assets`, `associated_assets`) as affected CIs.
fn affected_cis<'a>(d: &mut Doc<'_, 'a, '_>) -> Vec<Link<'a>> {
    let mut links = Vec::new();
    for key in ["assets", "associated_assets"] {
        for target in ids(d, key) {
            links.push(Link {
                rel: LinkRel::AffectsCi,
                target,
                target_kind: Some(Kind::ConfigurationItem),
            });
        }
    }
    links
}

/// The module's own fields, and its links to changes (a problem's fix, a release's changes).
fn kind_detail<'a>(
    d: &mut Doc<'_, 'a, '_>,
    r: &mut Record<'a>,
    fs: FsKind,
    links: &mut Vec<Link<'a>>,
) {
    let change = |target| Link {
        rel: LinkRel::FixedBy,
        target,
        target_kind: Some(Kind::Change),
    };
    match fs {
        FsKind::Ticket => ticket(d, r),
        FsKind::Change => change_detail(d, r),
        FsKind::Problem => {
            if let Field::Value(target) = d.reference("associated_change") {
                links.push(change(target));
            }
            problem(d, r);
        }
        FsKind::Release => {
            for target in ids(d, "associated_changes") {
                links.push(Link {
                    rel: LinkRel::Change,
                    ..change(target)
                });
            }
            release(d, r);
        }
    }
}

/// A ticket's `type`: Incident or Service Request (or what the instance maps).
fn ticket_kind(d: &mut Doc<'_, '_, '_>) -> Kind {
    let Some(n) = d.node("type").filter(|n| !n.is_empty()) else {
        return Kind::Incident;
    };
    let t = n.as_text().unwrap_or_default();
    if let Some(k) = d.cx.kind_of(&t) {
        return k;
    }
    match t.trim().to_ascii_lowercase().as_str() {
        "incident" => Kind::Incident,
        "service request" | "service_request" => Kind::ServiceRequest,
        _ => {
            d.warn(
                "type",
                "unknown ticket type, read as an incident (map it with context.kinds)",
                n,
            );
            Kind::Incident
        }
    }
}

/// `category` › `sub_category` › `item_category`.
fn category<'a>(d: &mut Doc<'_, 'a, '_>) -> Field<Text<'a>> {
    let top = d.text("category");
    let Field::Value(top) = top else { return top };
    let mut parts = vec![top];
    for k in ["sub_category", "item_category"] {
        if let Field::Value(t) = d.text(k) {
            parts.push(t);
        }
    }
    if parts.len() == 1 {
        return Field::Value(parts.remove(0));
    }
    Field::Value(Text::owned(
        parts.iter().map(|t| &**t).collect::<Vec<_>>().join(" > "),
    ))
}

/// Ids in a list of ids or of objects (`{id}` / `{display_id}`).
fn ids<'a>(d: &mut Doc<'_, 'a, '_>, key: &str) -> Vec<Text<'a>> {
    let Some(node) = d.node(key) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    match node {
        Node::Arr(items) => {
            for (i, item) in items.iter().enumerate() {
                let id = match item {
                    Node::Obj(_) => ["display_id", "id"]
                        .iter()
                        .find_map(|k| item.get(k)?.as_text()),
                    other => other.as_text(),
                };
                match id {
                    Some(id) => out.push(id),
                    None => d.warn(&format!("{key}.{i}"), "expected an id", item),
                }
            }
        }
        Node::Null => {}
        other => d.warn(key, "expected a list of ids", other),
    }
    out
}

/// The status meaning per kind; `context.choices.status` maps custom statuses.
fn status_meaning(fs: FsKind, code: &str) -> Option<State> {
    Some(match (fs, code.trim()) {
        // Ticket: 2 Open, 3 Pending, 4 Resolved, 5 Closed.
        (FsKind::Ticket, "2") => State::New,
        (FsKind::Ticket, "3") => State::OnHold,
        (FsKind::Ticket, "4") => State::Resolved,
        (FsKind::Ticket, "5") => State::Closed,
        // Change: 1 Open, 2 Planning, 3 Awaiting approval, 4 Pending release, 5 Pending review
        // (implemented, post-implementation review), 6 Closed.
        (FsKind::Change, "1") => State::New,
        (FsKind::Change, "2" | "3" | "4") => State::InProgress,
        (FsKind::Change, "5") => State::Resolved,
        (FsKind::Change, "6") => State::Closed,
        // Problem: 1 Open, 2 Change requested, 3 Closed.
        (FsKind::Problem, "1") => State::New,
        (FsKind::Problem, "2") => State::InProgress,
        (FsKind::Problem, "3") => State::Closed,
        // Release: 1 Open, 2 On hold, 3 In progress, 4 Incomplete, 5 Completed.
        (FsKind::Release, "1") => State::New,
        (FsKind::Release, "2") => State::OnHold,
        (FsKind::Release, "3") => State::InProgress,
        (FsKind::Release, "4" | "5") => State::Closed,
        (_, other) => return State::parse(other),
    })
}

fn read_status<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>, fs: FsKind) {
    let Some(node) = d.node("status") else { return };
    if node.is_empty() {
        r.state = Field::Null;
        return;
    }
    r.state_label = node.as_text();
    r.state = d.choice("status", &format!("{} status", fs.name()), |c| {
        status_meaning(fs, c)
    });
    // "Open" is the first status; an agent working on it makes it in progress.
    let taken = d
        .node("responder_id")
        .or_else(|| d.node("agent_id"))
        .is_some_and(|n| !n.is_empty());
    if r.state == Field::Value(State::New) && taken && fs != FsKind::Release {
        r.state = Field::Value(State::InProgress);
    }
}

/// Approval status of changes and service requests: 0 requested, 1 approved, 2 rejected,
/// 3 cancelled, 4 not requested, 5 peer responded (still requested).
fn approval_status(code: &str) -> Option<ApprovalState> {
    Some(match code.trim() {
        "0" | "5" => ApprovalState::Requested,
        "1" => ApprovalState::Approved,
        "2" => ApprovalState::Rejected,
        "3" => ApprovalState::Cancelled,
        "4" => ApprovalState::NotRequested,
        other => return approval_code(other),
    })
}

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

fn ticket<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>) {
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

fn change_detail<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>) {
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

fn problem<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>) {
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

fn release<'a>(d: &mut Doc<'_, 'a, '_>, r: &mut Record<'a>) {
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
