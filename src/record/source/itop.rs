//! iTop REST core/get: UserRequest, Incident, Problem, Normal/Emergency/RoutineChange, FunctionalCI objects.
//!
//! Field notes: `../shared/reference/itsm-formats.md`.
//!
//! - Elements are the members of `objects` (`{"class", "key", "fields": {…}, "code"}`), named
//!   by their `Class::key`; a bare `fields` object is read too (its class from `finalclass`,
//!   or from the `ref` prefix R-/I-/P-/C-).
//! - Every scalar is a string; external keys come as `xxx_id` (`"0"` = none) plus
//!   `xxx_id_friendlyname`. Enumerations are codes (`status`, `request_type`,
//!   `business_criticity`, …), never labels.
//! - Levels: impact 1 department / 2 service / 3 person; urgency and priority 1 critical …
//!   4 low.
//! - SLA stopwatches: `tto/ttr_escalation_deadline`, `sla_tto/ttr_over` (overrun seconds) and
//!   `sla_tto/ttr_passed`, which is a *translated* yes/no label ("oui"/"non" in French): it is
//!   never compared as text, only read through the instance's `choices` when no overrun is
//!   given.
//! - Change type is the final class (Normal, Emergency, Routine = standard); `fallback` is the
//!   backout plan, `start_date`/`end_date` the planned window, `approval_date` the approval.
//! - Links: `parent_problem_id`, `parent_change_id`, `parent_incident_id`, `related_change_id`,
//!   `parent_id`, the `related_*_list` and `functionalcis_list` link sets.
//! - Naive times are in the iTop server zone (`context.timeZone`).

use super::doc::{self, Doc, LevelMap, Node, truthy_code};
use super::glpi::html_to_text;
use super::{Adapter, Context, Converted, Cursor, Envelope, Holds, KeySet, Rejection};
use crate::record::model::*;
use crate::record::time::Instant;
use crate::record::value::{Field, Text};

pub struct Itop;

/// impact: 1 department, 2 service, 3 person → canonical 1 high … 3 low.
const IMPACT3: LevelMap<'static> = &[("1", 1), ("2", 2), ("3", 3)];
/// urgency: 1 critical, 2 high, 3 medium, 4 low → canonical 1 high … 3 low.
const URGENCY4: LevelMap<'static> = &[("1", 1), ("2", 1), ("3", 2), ("4", 3)];
/// priority: 1 critical, 2 high, 3 medium, 4 low → canonical 1 critical … 5 planning.
const PRIORITY4: LevelMap<'static> = &[("1", 1), ("2", 2), ("3", 3), ("4", 4)];

/// FunctionalCI subclasses of the standard datamodel.
const CI_CLASSES: &[&str] = &[
    "FunctionalCI",
    "PhysicalDevice",
    "ConnectableCI",
    "DatacenterDevice",
    "NetworkDevice",
    "Server",
    "StorageSystem",
    "SANSwitch",
    "TapeLibrary",
    "NAS",
    "PC",
    "Printer",
    "PowerConnection",
    "PowerSource",
    "PDU",
    "Peripheral",
    "Enclosure",
    "Rack",
    "TelephonyCI",
    "Phone",
    "MobilePhone",
    "IPPhone",
    "Tablet",
    "ApplicationSolution",
    "BusinessProcess",
    "SoftwareInstance",
    "Middleware",
    "DBServer",
    "WebServer",
    "PCSoftware",
    "OtherSoftware",
    "MiddlewareInstance",
    "DatabaseSchema",
    "WebApplication",
    "VirtualDevice",
    "VirtualHost",
    "Hypervisor",
    "Farm",
    "VirtualMachine",
    "Cluster",
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Class {
    UserRequest,
    Incident,
    Problem,
    Change(Option<ChangeType>),
    Ci,
}

impl Class {
    fn of(name: &str) -> Option<Class> {
        Some(match name {
            "UserRequest" => Class::UserRequest,
            "Incident" => Class::Incident,
            "Problem" => Class::Problem,
            "NormalChange" => Class::Change(Some(ChangeType::Normal)),
            "EmergencyChange" => Class::Change(Some(ChangeType::Emergency)),
            "RoutineChange" => Class::Change(Some(ChangeType::Standard)),
            "Change" | "ApprovedChange" => Class::Change(None),
            n if CI_CLASSES.contains(&n) => Class::Ci,
            _ => return None,
        })
    }

    /// From the ticket reference format (R-%06d, I-, P-, C-).
    fn of_ref(reference: &str) -> Option<Class> {
        Some(match reference.split('-').next()? {
            "R" => Class::UserRequest,
            "I" => Class::Incident,
            "P" => Class::Problem,
            "C" => Class::Change(None),
            _ => return None,
        })
    }

    fn of_kind(kind: Kind) -> Option<Class> {
        Some(match kind {
            Kind::Incident => Class::Incident,
            Kind::ServiceRequest => Class::UserRequest,
            Kind::Problem => Class::Problem,
            Kind::Change => Class::Change(None),
            Kind::ConfigurationItem => Class::Ci,
            _ => return None,
        })
    }
}

impl Adapter for Itop {
    fn tool(&self) -> &'static str {
        "itop"
    }

    fn envelopes(&self) -> &'static [Envelope] {
        // core/get answers: the objects by `Class::id`.
        const {
            &[Envelope {
                key: "objects",
                path: "$.objects",
                holds: Holds::Map,
            }]
        }
    }

    fn detect(&self, keys: &KeySet) -> bool {
        // ServiceNow CMDB rows also have `operational_status`: their sys_* keys tell them apart.
        keys.all(&["class", "fields"])
            || keys.all(&["finalclass", "ref"])
            || (keys.has("operational_status") && !keys.any(&["sys_id", "sys_class_name"]))
    }

    fn convert<'a>(
        &self,
        raw: &'a str,
        cx: &Context,
        at: &mut Cursor<'_>,
    ) -> Result<Converted<'a>, Rejection> {
        let root = doc::parse(raw, at, "an iTop object")?;
        // `core/get` elements wrap the attributes in `fields`; a bare object is its own fields.
        let (fields, prefix) = match root.get("fields") {
            Some(f @ Node::Obj(_)) => (f, "fields."),
            Some(other) if !other.is_empty() => {
                return Err(at.reject(".fields", "an iTop object's `fields` must be an object"));
            }
            _ => (&root, ""),
        };
        if let Some(code) = root.get("code").filter(|_| prefix == "fields.")
            && code.as_f64().is_some_and(|c| c != 0.0)
        {
            let message = root
                .get("message")
                .and_then(Node::as_text)
                .unwrap_or_default();
            return Err(at.reject(
                ".code",
                format!(
                    "iTop returned an error for this object (code {}): {message}",
                    code.describe()
                ),
            ));
        }
        let class_name = fields
            .get("finalclass")
            .and_then(Node::as_text)
            .filter(|t| !t.is_empty())
            .or_else(|| {
                root.get("class")
                    .and_then(Node::as_text)
                    .filter(|t| !t.is_empty())
            });
        let reference = fields.text_of("ref");
        // Without its key, a ticket is keyed by its reference (R-000123, I-000042 …), unique
        // per instance; a CI has no such reference.
        let key = match root.text_of("key").or_else(|| fields.text_of("id")) {
            Some(key) => key,
            None => match &reference {
                Some(r) => {
                    at.keyed_by("iTop", "key", "ref", r);
                    r.clone()
                }
                None => {
                    return Err(at.reject(
                        if prefix.is_empty() { ".id" } else { ".key" },
                        "an iTop object needs its key (or, for a ticket, its ref)",
                    ));
                }
            },
        };
        let has = |k: &str| fields.get(k).is_some();
        let class = match class_name.as_deref() {
            Some(name) => cx
                .kind_of(name)
                .and_then(Class::of_kind)
                .or_else(|| Class::of(name))
                .or_else(|| {
                    (has("business_criticity") || has("move2production")).then_some(Class::Ci)
                }),
            None => reference.as_deref().and_then(Class::of_ref),
        };
        let Some(class) = class else {
            let path = if class_name.is_some() { ".class" } else { "" };
            return Err(at.reject(
                path,
                format!(
                    "iTop class {} is not a ticket, change or functional CI the engine reads (map it with context.kinds)",
                    class_name.as_deref().unwrap_or("(none: no class, finalclass or ref)")
                ),
            ));
        };
        let class_label = class_name.clone().unwrap_or_else(|| {
            Text::borrowed(match class {
                Class::UserRequest => "UserRequest",
                Class::Incident => "Incident",
                Class::Problem => "Problem",
                Class::Change(_) => "Change",
                Class::Ci => "FunctionalCI",
            })
        });
        let mut doc = Doc {
            root: fields,
            cx,
            at,
            prefix,
        };
        let mut record = match class {
            Class::Ci => ci(&mut doc, key, class_label.clone()),
            _ => ticket(&mut doc, key, reference, class),
        };
        record.origin = Origin {
            tool: Some(Text::borrowed("itop")),
            shape: Some(Text::borrowed(if prefix.is_empty() {
                "fields"
            } else {
                "core/get"
            })),
            table: Some(class_label),
            url: None,
        };
        record.raw = Some(raw);
        Ok(record.into())
    }
}

fn ticket<'a>(
    doc: &mut Doc<'_, 'a, '_>,
    key: Text<'a>,
    reference: Option<Text<'a>>,
    class: Class,
) -> Record<'a> {
    let kind = match class {
        Class::Incident => Kind::Incident,
        Class::Problem => Kind::Problem,
        Class::Change(_) => Kind::Change,
        // request_type: incident / service_request (codes).
        _ => match doc.choice("request_type", "request type", |s| match s {
            "incident" => Some(Kind::Incident),
            "service_request" => Some(Kind::ServiceRequest),
            other => Kind::parse(other),
        }) {
            Field::Value(k) => k,
            _ => Kind::ServiceRequest,
        },
    };
    let mut record = Record::new(key, kind);
    record.number = reference;
    record.title = text(doc, "title");
    record.state = doc.choice("status", "status", |s| status(class, s));
    record.state_label = doc.node("status").and_then(Node::as_text);
    let is_change = matches!(class, Class::Change(_));
    if !is_change {
        // A Change's `impact` is free text (its impact analysis), not a level.
        record.impact = doc.level("impact", IMPACT3);
        record.urgency = doc.level("urgency", URGENCY4);
        record.priority = doc.level("priority", PRIORITY4);
    }
    let subcategory = named(doc, "servicesubcategory_id");
    record.category = subcategory.clone();
    record.service = doc.reference("service_id");
    record.assignment_group = doc.reference("team_id");
    record.assignee = doc.reference("agent_id");
    record.requester = match doc.reference("caller_id") {
        Field::Absent if is_change => doc.reference("requestor_id"),
        other => other,
    };
    record.opened_at = if is_change {
        doc.instant("creation_date")
    } else {
        doc.instant("start_date")
    };
    record.updated_at = match doc.instant("last_update") {
        Field::Absent => latest_log_entry(doc),
        other => other,
    };
    record.resolved_at = doc.instant("resolution_date");
    record.closed_at = doc.instant("close_date");
    record.links = links(doc, class);
    if matches!(class, Class::UserRequest | Class::Incident) {
        let sla = sla_entries(doc, &record);
        if !sla.is_empty() {
            record.sla = Some(sla);
        }
    }
    match kind {
        Kind::Incident => {
            record.incident = Some(Box::new(IncidentDetail {
                major: doc.mapped("incident.major", Doc::boolean),
                security: doc.mapped("incident.security", Doc::boolean),
                resolution_code: text(doc, "resolution_code"),
                resolution_notes: text(doc, "solution"),
                review_at: doc.mapped("incident.reviewAt", Doc::instant),
                review_notes: doc.mapped("incident.reviewNotes", text),
                ..IncidentDetail::default()
            }));
        }
        Kind::ServiceRequest => {
            let (approval, approvals) = request_approval(doc, &record);
            record.approval = approval;
            record.approvals = approvals;
            let approval_required = match (&record.approval, doc.reference("approver_id")) {
                (Field::Value(_), _) => Field::Value(true),
                (_, Field::Value(_)) => Field::Value(true),
                (_, Field::Null) => Field::Value(false),
                _ => Field::Absent,
            };
            record.request = Some(Box::new(RequestDetail {
                // The service catalogue is Service › Service subcategory.
                item: subcategory,
                approval_required,
                close_notes: text(doc, "solution"),
                ..RequestDetail::default()
            }));
        }
        Kind::Problem => record.problem = Some(Box::new(problem(doc))),
        Kind::Change => {
            let change_type = match class {
                Class::Change(t) => t,
                _ => None,
            };
            let (approval, approvals) = change_approval(doc, change_type, &record);
            record.approval = approval;
            record.approvals = approvals;
            record.change = Some(Box::new(ChangeDetail {
                r#type: match change_type {
                    Some(t) => Field::Value(t),
                    None => Field::Absent,
                },
                risk: doc.mapped("change.risk", |d, f| d.choice(f, "risk", Risk::parse)),
                implementation_plan: doc.mapped("change.implementationPlan", text),
                backout_plan: text(doc, "fallback"),
                test_plan: doc.mapped("change.testPlan", text),
                risk_analysis: text(doc, "impact"),
                planned_start: doc.instant("start_date"),
                planned_end: doc.instant("end_date"),
                actual_start: doc.mapped("change.actualStart", Doc::instant),
                actual_end: doc.mapped("change.actualEnd", Doc::instant),
                outcome: doc.mapped("change.outcome", |d, f| {
                    d.choice(f, "outcome", Outcome::parse)
                }),
                review_at: doc.mapped("change.reviewAt", Doc::instant),
                review_notes: doc.mapped("change.reviewNotes", text),
                cab_required: doc.mapped("change.cabRequired", Doc::boolean),
                ..ChangeDetail::default()
            }));
        }
        _ => {}
    }
    record
}

/// Status code → meaning, per class (iTop datamodel lifecycles).
fn status(class: Class, code: &str) -> Option<State> {
    use State::*;
    let known = match class {
        Class::UserRequest | Class::Incident => match code {
            "new" | "escalated_tto" => Some(New),
            // Approval comes before the request is assigned.
            "waiting_for_approval" | "approved" if class == Class::UserRequest => Some(New),
            "rejected" if class == Class::UserRequest => Some(Cancelled),
            "assigned" | "escalated_ttr" => Some(InProgress),
            "pending" => Some(OnHold),
            "resolved" => Some(Resolved),
            "closed" => Some(Closed),
            _ => None,
        },
        Class::Problem => match code {
            "new" => Some(New),
            "assigned" => Some(InProgress),
            "resolved" => Some(Resolved),
            "closed" => Some(Closed),
            _ => None,
        },
        Class::Change(_) => match code {
            // Until it is approved, a change is being prepared, not implemented.
            "new" | "validated" | "assigned" | "plannedscheduled" => Some(New),
            "approved" => Some(InProgress),
            // Implemented, then monitored (the post-implementation review state).
            "implemented" | "monitored" => Some(Resolved),
            "closed" => Some(Closed),
            "rejected" | "notapproved" => Some(Cancelled),
            _ => None,
        },
        Class::Ci => match code {
            "production" | "active" => Some(Active),
            "implementation" | "stock" => Some(Draft),
            "obsolete" | "inactive" => Some(Retired),
            _ => None,
        },
    };
    // Canonical values come from the instance's `choices` for custom states.
    known.or_else(|| State::parse(code))
}

/// UserRequest approval, from its lifecycle states.
fn request_approval<'a>(
    doc: &mut Doc<'_, 'a, '_>,
    record: &Record<'a>,
) -> (Field<ApprovalState>, Option<Vec<Approval<'a>>>) {
    let state = match record.state_label.as_deref() {
        Some("waiting_for_approval") => ApprovalState::Requested,
        Some("approved") => ApprovalState::Approved,
        Some("rejected") => ApprovalState::Rejected,
        _ => return (Field::Absent, None),
    };
    let approver = doc.reference("approver_id").value().cloned();
    (
        Field::Value(state),
        Some(vec![Approval {
            state,
            approver,
            group: None,
            at: None,
        }]),
    )
}

/// Change approval: routine changes are pre-approved (standard); normal and emergency ones go
/// through plannedscheduled → approved | notapproved, and keep `approval_date`.
fn change_approval<'a>(
    doc: &mut Doc<'_, 'a, '_>,
    change_type: Option<ChangeType>,
    record: &Record<'a>,
) -> (Field<ApprovalState>, Option<Vec<Approval<'a>>>) {
    let approved_at = doc.instant("approval_date");
    let by_status = match record.state_label.as_deref() {
        Some("approved" | "implemented" | "monitored" | "closed") => Some(ApprovalState::Approved),
        Some("notapproved") => Some(ApprovalState::Rejected),
        Some("plannedscheduled") => Some(ApprovalState::Requested),
        Some("new" | "validated" | "assigned" | "rejected") => Some(ApprovalState::NotRequested),
        _ => None,
    };
    let state = match (change_type, &approved_at, by_status) {
        (Some(ChangeType::Standard), ..) => Some(ApprovalState::NotRequired),
        (_, _, Some(ApprovalState::Rejected)) => Some(ApprovalState::Rejected),
        (_, Field::Value(_), _) => Some(ApprovalState::Approved),
        (_, _, s) => s,
    };
    let approvals = match approved_at {
        Field::Value(at) => Some(vec![Approval {
            state: ApprovalState::Approved,
            approver: None,
            group: None,
            at: Some(at),
        }]),
        _ => None,
    };
    // A status that could not be read leaves the summary unknown.
    (state.map_or(Field::Absent, Field::Value), approvals)
}

fn problem<'a>(doc: &mut Doc<'_, 'a, '_>) -> ProblemDetail<'a> {
    // Root cause and workaround live on the known errors raised from the problem.
    let known_errors = doc.node("knownerrors_list");
    let from_known_error = |key: &str| -> Field<Text<'a>> {
        match known_errors {
            None => Field::Absent,
            Some(list) => list
                .as_array()
                .iter()
                .find_map(|ke| {
                    ke.get(key)
                        .and_then(Node::as_str)
                        .map(html_to_text)
                        .filter(|t| !t.is_empty())
                })
                .map(|t| Field::Value(Text::owned(t)))
                .unwrap_or(Field::Null),
        }
    };
    let root_cause = match doc.mapped("problem.rootCause", text) {
        Field::Absent => from_known_error("root_cause"),
        other => other,
    };
    let workaround = match doc.mapped("problem.workaround", text) {
        Field::Absent => from_known_error("workaround"),
        other => other,
    };
    let known_error = match known_errors {
        Some(Node::Arr(items)) => Field::Value(!items.is_empty()),
        Some(n) if n.is_empty() => Field::Value(false),
        Some(n) => {
            doc.warn("knownerrors_list", "expected a list of known errors", n);
            Field::Absent
        }
        None => Field::Absent,
    };
    ProblemDetail {
        root_cause,
        workaround,
        known_error,
        fix_notes: doc.mapped("problem.fixNotes", text),
        ..ProblemDetail::default()
    }
}

fn ci<'a>(doc: &mut Doc<'_, 'a, '_>, key: Text<'a>, class: Text<'a>) -> Record<'a> {
    let mut record = Record::new(key, Kind::ConfigurationItem);
    record.title = text(doc, "name");
    record.state = doc.choice("status", "CI status", |s| status(Class::Ci, s));
    record.state_label = doc.node("status").and_then(Node::as_text);
    // The support team: the first Team among the CI's contacts.
    let support_group = match doc.node("contacts_list") {
        None => Field::Absent,
        Some(list) => list
            .as_array()
            .iter()
            .find(|c| c.get("contact_id_finalclass_recall").and_then(Node::as_str) == Some("Team"))
            .and_then(|c| c.get("contact_id").and_then(Node::as_text))
            .map(Field::Value)
            .unwrap_or(Field::Null),
    };
    // business_criticity codes: high, medium, low.
    let critical = doc.choice("business_criticity", "business criticity", |s| match s {
        "high" => Some(true),
        "medium" | "low" => Some(false),
        other => truthy_code(other),
    });
    record.ci = Some(Box::new(CiDetail {
        ci_class: Field::Value(class),
        // FunctionalCI `org_id` is the owner organisation.
        owner: named(doc, "org_id"),
        support_group,
        critical,
        last_verified_at: doc.mapped("ci.lastVerifiedAt", Doc::instant),
        ..CiDetail::default()
    }));
    record
}

/// Text attributes (HTML in iTop 3 for descriptions and some texts) as plain text.
fn text<'a>(doc: &mut Doc<'_, 'a, '_>, path: &str) -> Field<Text<'a>> {
    match doc.node(path) {
        // A case log: its messages.
        Some(n @ Node::Obj(_)) if n.get("entries").is_some() => {
            let messages: Vec<String> = n
                .get("entries")
                .map(Node::as_array)
                .unwrap_or_default()
                .iter()
                .filter_map(|e| e.get("message").and_then(Node::as_str).map(html_to_text))
                .filter(|m| !m.is_empty())
                .collect();
            if messages.is_empty() {
                Field::Null
            } else {
                Field::Value(Text::owned(messages.join("\n")))
            }
        }
        _ => match doc.text(path) {
            Field::Value(t) if t.contains('<') || t.contains('&') => {
                let plain = html_to_text(&t);
                if plain.is_empty() {
                    Field::Null
                } else {
                    Field::Value(Text::owned(plain))
                }
            }
            other => other,
        },
    }
}

/// An external key's friendly name, or its id when the name is not in the output fields.
fn named<'a>(doc: &mut Doc<'_, 'a, '_>, key: &str) -> Field<Text<'a>> {
    match doc.reference(key) {
        Field::Value(id) => {
            let friendly = format!("{key}_friendlyname");
            match doc.text(&friendly) {
                Field::Value(name) => Field::Value(name),
                _ => Field::Value(id),
            }
        }
        Field::Absent => match doc.text(&format!("{key}_friendlyname")) {
            Field::Value(name) => Field::Value(name),
            _ => Field::Absent,
        },
        Field::Null => Field::Null,
    }
}

/// The most recent case-log entry, when the payload has no `last_update`.
fn latest_log_entry(doc: &mut Doc<'_, '_, '_>) -> Field<Instant> {
    let mut latest: Option<Instant> = None;
    let mut seen = false;
    for log in ["public_log", "private_log"] {
        let count = doc
            .node(&format!("{log}.entries"))
            .map(|e| e.as_array().len())
            .unwrap_or(0);
        for i in 0..count {
            seen = true;
            if let Field::Value(t) = doc.instant(&format!("{log}.entries.{i}.date")) {
                latest = Some(latest.map_or(t, |l| if t.0 > l.0 { t } else { l }));
            }
        }
    }
    match (latest, seen) {
        (Some(t), _) => Field::Value(t),
        _ => Field::Absent,
    }
}

fn links<'a>(doc: &mut Doc<'_, 'a, '_>, class: Class) -> Option<Vec<Link<'a>>> {
    let mut out = Vec::new();
    let mut carried = false;
    let mut one = |doc: &mut Doc<'_, 'a, '_>,
                   key: &str,
                   rel: LinkRel,
                   kind: Option<Kind>,
                   out: &mut Vec<Link<'a>>| {
        match doc.reference(key) {
            Field::Value(target) => {
                carried = true;
                out.push(Link {
                    rel,
                    target,
                    target_kind: kind,
                });
            }
            Field::Null => carried = true,
            Field::Absent => {}
        }
    };
    one(
        doc,
        "service_id",
        LinkRel::Service,
        Some(Kind::Service),
        &mut out,
    );
    match class {
        Class::UserRequest | Class::Incident => {
            one(
                doc,
                "parent_problem_id",
                LinkRel::Problem,
                Some(Kind::Problem),
                &mut out,
            );
            one(
                doc,
                "parent_change_id",
                LinkRel::Change,
                Some(Kind::Change),
                &mut out,
            );
            one(
                doc,
                "parent_incident_id",
                LinkRel::Parent,
                Some(Kind::Incident),
                &mut out,
            );
            one(
                doc,
                "parent_request_id",
                LinkRel::Parent,
                Some(Kind::ServiceRequest),
                &mut out,
            );
        }
        Class::Problem => one(
            doc,
            "related_change_id",
            LinkRel::Change,
            Some(Kind::Change),
            &mut out,
        ),
        Class::Change(_) => one(
            doc,
            "parent_id",
            LinkRel::Parent,
            Some(Kind::Change),
            &mut out,
        ),
        Class::Ci => {}
    }
    let sets: &[(&str, LinkRel, Option<Kind>)] = match class {
        Class::UserRequest | Class::Incident => &[
            (
                "functionalcis_list",
                LinkRel::AffectsCi,
                Some(Kind::ConfigurationItem),
            ),
            ("child_incidents_list", LinkRel::Child, Some(Kind::Incident)),
            (
                "related_request_list",
                LinkRel::Child,
                Some(Kind::ServiceRequest),
            ),
        ],
        Class::Problem => &[
            (
                "functionalcis_list",
                LinkRel::AffectsCi,
                Some(Kind::ConfigurationItem),
            ),
            (
                "related_incident_list",
                LinkRel::Incident,
                Some(Kind::Incident),
            ),
            ("related_request_list", LinkRel::Incident, None),
        ],
        Class::Change(_) => &[
            (
                "functionalcis_list",
                LinkRel::AffectsCi,
                Some(Kind::ConfigurationItem),
            ),
            (
                "related_problems_list",
                LinkRel::Problem,
                Some(Kind::Problem),
            ),
            (
                "related_incident_list",
                LinkRel::RelatesTo,
                Some(Kind::Incident),
            ),
            ("related_request_list", LinkRel::RelatesTo, None),
            ("child_changes_list", LinkRel::Child, Some(Kind::Change)),
        ],
        Class::Ci => &[],
    };
    for (set, rel, kind) in sets {
        let Some(list) = doc.node(set) else { continue };
        carried = true;
        let items = match list {
            Node::Arr(items) => items.as_slice(),
            n if n.is_empty() => &[],
            n => {
                doc.warn(set, "expected a link set (a list of objects)", n);
                continue;
            }
        };
        for (i, item) in items.iter().enumerate() {
            let is_ci = *set == "functionalcis_list";
            let target = if is_ci {
                item.get("functionalci_id").and_then(Node::as_text)
            } else {
                ["id", "key", "ref"]
                    .iter()
                    .find_map(|k| item.get(k).and_then(Node::as_text))
            };
            let Some(target) = target.filter(|t| !t.is_blank() && &**t != "0") else {
                doc.warn(
                    &format!("{set}.{i}"),
                    "a link without the linked object's id or ref",
                    item,
                );
                continue;
            };
            let mut rel = *rel;
            let mut kind = *kind;
            if is_ci && item.get("impact_code").and_then(Node::as_str) == Some("not_impacted") {
                // Recorded against the ticket but explicitly not impacted.
                rel = LinkRel::RelatesTo;
            }
            if *set == "related_request_list" && class == Class::Problem {
                // A user request of type incident is an incident of the problem.
                match item.get("request_type").and_then(Node::as_str) {
                    Some("incident") => kind = Some(Kind::Incident),
                    Some("service_request") => {
                        rel = LinkRel::RelatesTo;
                        kind = Some(Kind::ServiceRequest);
                    }
                    _ => {}
                }
            }
            out.push(Link {
                rel,
                target,
                target_kind: kind,
            });
        }
    }
    carried.then_some(out)
}

/// The tto/ttr stopwatches. Breached when the overrun (`sla_*_over`, seconds) is positive;
/// the `sla_*_passed` label is only read through the instance's `choices`.
fn sla_entries<'a>(doc: &mut Doc<'_, 'a, '_>, record: &Record<'a>) -> Vec<SlaEntry<'a>> {
    let mut out = Vec::new();
    let start = record.opened_at.value().copied();
    let state = record.state.value().copied();
    for (name, stop_field) in [("tto", "assignment_date"), ("ttr", "resolution_date")] {
        let due = doc
            .instant(&format!("{name}_escalation_deadline"))
            .value()
            .copied();
        let over_path = format!("sla_{name}_over");
        let over = doc.number(&over_path);
        let passed_path = format!("sla_{name}_passed");
        let passed_node = doc.node(&passed_path).filter(|n| !n.is_empty());
        let passed = passed_node
            .and_then(Node::as_str)
            .and_then(|label| doc.cx.choice(&passed_path, label))
            .and_then(truthy_code);
        let breached = match &over {
            Field::Value(s) => Some(*s > 0.0),
            _ => passed,
        };
        if breached.is_none()
            && let Some(n) = passed_node.filter(|_| over.is_absent())
        {
            doc.warn(
                &passed_path,
                format!("{passed_path} is a translated yes/no label: request {over_path} (overrun seconds) or map the label with context.choices"),
                n,
            );
        }
        // Without a deadline, an overrun or a mapped verdict there is no target to report on.
        if due.is_none() && breached != Some(true) && passed.is_none() {
            continue;
        }
        let stop = doc.instant(stop_field).value().copied();
        // Time to own stops when the ticket is assigned: any state after new.
        let owned = name == "tto" && state.is_some_and(|s| s != State::New);
        let stage = if stop.is_some() || owned || state.is_some_and(State::is_done) {
            SlaStage::Completed
        } else if state == Some(State::OnHold) {
            SlaStage::Paused
        } else {
            SlaStage::InProgress
        };
        out.push(SlaEntry {
            name: Some(Text::borrowed(name)),
            stage: Some(stage),
            breached,
            start,
            due,
            stop,
            source: Some(SlaSource::VerdictField),
        });
    }
    out
}
