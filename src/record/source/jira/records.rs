//! Records: a REST v2/v3 issue, read in steps.

use super::super::doc::Node;
use super::super::history;
use super::super::{Converted, Rejection};
use super::codes::{IMPACT, PRIORITY, Type, URGENCY, change_type, outcome, risk, type_of};
use super::fields::{FieldMap, is_approvals_value, is_request_type_value, is_sla_value};
use super::links::{issue_links, linked_id, linked_type, object_links, push_link};
use super::read::{Reader, is_adf};
use super::review::review_issue;
use super::sla::{approvals_field, sla_entries};
use super::status::{GroupField, read_changelog, status_state};
use crate::record::model::*;
use crate::record::value::{Field, Text};

pub(super) fn blank<'a>(id: Text<'a>, kind: Kind, raw: &'a str) -> Record<'a> {
    Record {
        origin: Origin {
            tool: Some(Text::borrowed("jira")),
            ..Origin::default()
        },
        raw: Some(raw),
        ..Record::new(id, kind)
    }
}

/// The browse link of an issue, from its REST `self`.
pub(super) fn browse_url(self_link: Option<&str>, key: Option<&str>) -> Option<String> {
    let link = self_link?;
    let base = link.find("/rest/").and_then(|cut| link.get(..cut))?;
    if !base.starts_with("https://") && !base.starts_with("http://") {
        return None;
    }
    Some(format!("{base}/browse/{}", key?))
}

/// A REST v2/v3 issue.
pub(super) fn issue<'a>(
    root: &Node<'a>,
    raw: &'a str,
    r: &mut Reader<'_, '_>,
) -> Result<Converted<'a>, Rejection> {
    let fields = root.get("fields").unwrap_or(&Node::Null);
    if !matches!(fields, Node::Obj(_)) {
        return Err(r
            .at
            .reject(".fields", "a Jira issue's `fields` must be an object"));
    }
    let key = root.text_of("key");
    let Some(id) = root.text_of("id").or_else(|| key.clone()) else {
        return Err(r.at.reject(
            ".key",
            "a Jira issue needs an `id` or `key` (this is a `fields` fragment without them)",
        ));
    };
    if root.text_of("id").is_none() {
        r.at.keyed_by("Jira", "id", "key", &id);
    }
    let map = FieldMap {
        fields,
        names: root.get("names"),
        schema: root.get("schema"),
        cx: r.cx,
    };
    let shown = key.as_deref().unwrap_or(&id).to_string();

    // Request type (JSM "Customer Request Type", schema vp-origin).
    let rt_id = map
        .cx
        .field("requestType")
        .map(|f| map.find("requestType", &[]).unwrap_or(f))
        .or_else(|| map.by_schema("com.atlassian.servicedesk:vp-origin"))
        .or_else(|| map.by_shape(is_request_type_value).into_iter().next())
        .or_else(|| map.find("requestType", &["Request Type", "Customer Request Type"]));
    let rt_value = map.get(rt_id).filter(|n| !n.is_empty());
    let request_type = rt_value
        .and_then(|v| v.get("requestType"))
        .or(rt_value.filter(|v| v.get("currentStatus").is_none()));

    let issuetype = fields.get("issuetype").filter(|n| !n.is_empty());
    let type_name = issuetype
        .and_then(|t| t.get("name"))
        .and_then(Node::as_str)
        .unwrap_or("")
        .to_string();
    let kind = match type_of(r.cx, issuetype, request_type) {
        Some(Type::Record(k)) => k,
        Some(Type::Review) => return review_issue(r, fields, &id, &shown),
        None => {
            return Err(match issuetype {
                Some(t) => r.at.reject(
                    ".fields.issuetype",
                    format!(
                        "issue type {:?} (id {}) of {shown} is not an ITSM record type the engine knows: map it with context.kinds",
                        type_name,
                        t.get("id").and_then(Node::as_text).unwrap_or_default()
                    ),
                ),
                None => r.at.reject(
                    ".fields.issuetype",
                    format!("Jira issue {shown} has no issue type (nor JSM request type), so its kind is unknown: request `issuetype` in `fields`"),
                ),
            });
        }
    };
    let mut record = blank(id.clone(), kind, raw);
    record.number = key.clone();

    // Origin.
    let self_link = root.get("self").and_then(Node::as_str);
    let v3 = self_link.is_some_and(|s| s.contains("/rest/api/3/"));
    let v2 = self_link.is_some_and(|s| s.contains("/rest/api/2/") || s.contains("/api/latest/"));
    let adf = fields.members().iter().any(|(_, v)| is_adf(v));
    let shape = if v3 || (!v2 && adf) {
        "rest-v3"
    } else {
        "rest-v2"
    };
    record.origin.shape = Some(Text::borrowed(shape));
    record.origin.table = issuetype
        .and_then(|t| t.get("name"))
        .and_then(Node::as_text)
        .or(Some(Text::borrowed("issue")));
    record.origin.url = browse_url(self_link, key.as_deref()).map(Text::owned);

    // Common fields.
    record.title = r.text(fields.get("summary"), "fields.summary");
    record.priority = r.level(
        fields.get("priority"),
        "fields.priority",
        &["priority"],
        PRIORITY,
    );
    let impact = map.lookup("impact", &["Impact"]);
    record.impact = r.level(impact.node, &impact.path, &impact.tables, IMPACT);
    let urgency = map.lookup("urgency", &["Urgency"]);
    record.urgency = r.level(urgency.node, &urgency.path, &urgency.tables, URGENCY);
    let group_slot = map.lookup(
        "assignmentGroup",
        &["Team", "Assignment group", "Assigned group"],
    );
    record.assignment_group = r.reference(group_slot.node, &group_slot.path);
    record.assignee = r.reference(fields.get("assignee"), "fields.assignee");
    record.requester = r.reference(fields.get("reporter"), "fields.reporter");
    record.opened_at = r.time(fields.get("created"), "fields.created");
    record.updated_at = r.time(fields.get("updated"), "fields.updated");

    // Category: the instance's field, the first component, or the request type.
    let category = map.lookup("category", &["Category"]);
    let components = r.text(fields.get("components"), "fields.components");
    // Cloud sends the request type as an object; Server/DC may send its key as text.
    let rt_name = request_type
        .and_then(|t| {
            t.get("name")
                .and_then(Node::as_text)
                .or_else(|| t.as_text())
        })
        .filter(|t| !t.is_blank());
    record.category = match (map.find("category", &["Category"]).is_some(), components) {
        (true, _) => r.text(category.node, &category.path),
        (false, Field::Value(c)) => Field::Value(c),
        (false, other) => match &rt_name {
            Some(n) => Field::Value(n.clone()),
            None => other,
        },
    };

    // State.
    let status = fields.get("status").filter(|n| !n.is_empty());
    let resolution = fields.get("resolution");
    let status_id = status.and_then(|s| s.get("id")).and_then(Node::as_text);
    let status_name = status.and_then(|s| s.get("name")).and_then(Node::as_text);
    record.state_label = status_name.clone();
    let current = rt_value.and_then(|v| v.get("currentStatus"));
    let has_resolution_date = fields.get("resolutiondate").is_some_and(|n| !n.is_empty());
    match status {
        Some(s) => {
            let category = s
                .at("statusCategory.key")
                .or_else(|| s.at("statusCategory.id"))
                .and_then(Node::as_text);
            match status_state(r.cx, status_id.as_deref(), status_name.as_deref(), category.as_deref(), resolution, has_resolution_date) {
                Some(st) => record.state = Field::Value(st),
                None => r.warn("fields.status", "unknown status category (map the status id or name with context.choices.status)", s),
            }
        }
        None => {
            if let Some(c) = current {
                // The JSM request type field carries the status category too.
                let name = c.get("status").and_then(Node::as_text);
                record.state_label = name.clone();
                let category = c.get("statusCategory").and_then(Node::as_text);
                record.state = Field::from_option(status_state(
                    r.cx,
                    None,
                    name.as_deref(),
                    category.as_deref(),
                    resolution,
                    has_resolution_date,
                ));
            } else if fields.get("status").is_some() {
                record.state = Field::Null;
            }
        }
    }

    // Changelog: reopen and reassignment counts, and when the issue went to done.
    let group = map
        .find(
            "assignmentGroup",
            &["Team", "Assignment group", "Assigned group"],
        )
        .map(|gid| GroupField {
            id: gid,
            label: map.name_of(gid),
        });
    let current_state = match (&status_id, record.state.value()) {
        (Some(i), Some(s)) => Some((i.to_string(), *s)),
        _ => None,
    };
    let log = read_changelog(r, root, current_state, group.as_ref());

    // Resolution and closure times.
    let resolution_date = r.time(fields.get("resolutiondate"), "fields.resolutiondate");
    let done = record.state.value().is_some_and(|s| s.is_done());
    let done_at = match (&resolution_date, log.as_ref().and_then(|l| l.done_at)) {
        (Field::Value(t), _) => Field::Value(*t),
        (_, Some(t)) => Field::Value(t),
        _ if status.is_none() && done => current
            .map(|c| {
                r.time(
                    c.get("statusDate"),
                    &format!("fields.{}.currentStatus.statusDate", rt_id.unwrap_or("")),
                )
            })
            .unwrap_or(Field::Absent),
        (other, None) => other.clone(),
    };
    record.resolved_at = if done {
        done_at.clone()
    } else {
        resolution_date.clone()
    };
    record.closed_at = match record.state.value() {
        Some(State::Closed | State::Cancelled) => done_at,
        Some(_) => Field::Null,
        None => Field::Absent,
    };

    // Approvals.
    let approvals_id = map
        .cx
        .field("approvals")
        .map(|f| map.find("approvals", &[]).unwrap_or(f))
        .or_else(|| map.by_schema("com.atlassian.servicedesk.approvals-plugin:sd-approvals"))
        .or_else(|| map.by_shape(is_approvals_value).into_iter().next())
        .or_else(|| map.find("approvals", &["Approvals"]));
    let approvals_node = map.get(approvals_id);
    if let Some(n) = approvals_node {
        let (approvals, summary) =
            approvals_field(r, n, &format!("fields.{}", approvals_id.unwrap_or("")));
        if !approvals.is_empty() {
            record.approvals = Some(approvals);
        }
        record.approval = summary;
    }

    // SLA fields (schema sd-servicelevelagreement: one per metric).
    let mut sla_ids: Vec<&str> = map
        .schema
        .map(|s| {
            s.members()
                .iter()
                .filter(|(_, v)| {
                    v.get("type").and_then(Node::as_str) == Some("sd-servicelevelagreement")
                        || v.get("custom").and_then(Node::as_str)
                            == Some("com.atlassian.servicedesk:sd-sla-field")
                })
                .map(|(k, _)| &**k)
                .collect()
        })
        .unwrap_or_default();
    for sid in map.by_shape(is_sla_value) {
        if !sla_ids.contains(&sid) {
            sla_ids.push(sid);
        }
    }
    let mut sla = Vec::new();
    let mut sla_carried = false;
    for sid in sla_ids {
        let Some(n) = fields.get(sid) else { continue };
        sla_carried = true;
        if n.is_empty() {
            continue;
        }
        let label = map
            .names
            .and_then(|m| m.get(sid))
            .and_then(Node::as_text)
            .or_else(|| {
                map.names
                    .is_none()
                    .then(|| map.cx.page_names.get(sid).map(|n| Text::owned(n.clone())))
                    .flatten()
            });
        sla.extend(sla_entries(
            r,
            n,
            &format!("fields.{sid}"),
            label,
            SlaSource::VerdictField,
        ));
    }
    if !sla.is_empty() || sla_carried {
        record.sla = Some(sla);
    }

    // Links.
    let mut links = Vec::new();
    for list in ["issuelinks", "sub-tasks"] {
        if let Some(n) = fields.get(list) {
            issue_links(r, n, &format!("fields.{list}"), kind, &mut links);
        }
    }
    if let Some(parent) = fields.get("parent").filter(|n| !n.is_empty()) {
        match linked_id(parent) {
            Some(target) => push_link(
                &mut links,
                Link {
                    rel: LinkRel::Parent,
                    target,
                    target_kind: match linked_type(r.cx, parent) {
                        Some(Type::Record(k)) => Some(k),
                        _ => None,
                    },
                },
            ),
            None => r.warn("fields.parent", "a parent issue without id or key", parent),
        }
    }
    for (i, sub) in fields
        .get("subtasks")
        .map(Node::as_array)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        match linked_id(sub) {
            Some(target) => push_link(
                &mut links,
                Link {
                    rel: LinkRel::Child,
                    target,
                    target_kind: None,
                },
            ),
            None => r.warn(
                &format!("fields.subtasks[{i}]"),
                "a sub-task without id or key",
                sub,
            ),
        }
    }
    let service = map.lookup("service", &["Affected services", "Affected service"]);
    object_links(
        r,
        service.node,
        &service.path,
        LinkRel::Service,
        Kind::Service,
        &mut links,
    );
    // The service is the first linked one (object_links warned about unreadable entries).
    record.service = match service.node {
        None => Field::Absent,
        Some(n) if n.is_empty() => Field::Null,
        Some(_) => links
            .iter()
            .find(|l| l.rel == LinkRel::Service)
            .map(|l| Field::Value(l.target.clone()))
            .unwrap_or(Field::Absent),
    };
    let ci = map.lookup(
        "ci",
        &[
            "Affected hardware",
            "Configuration items",
            "Configuration item",
            "Assets",
        ],
    );
    object_links(
        r,
        ci.node,
        &ci.path,
        LinkRel::AffectsCi,
        Kind::ConfigurationItem,
        &mut links,
    );
    if !links.is_empty() {
        record.links = Some(links);
    }

    // Kind details.
    let resolution_name = match resolution {
        None => Field::Absent,
        Some(n) => r.text(Some(n), "fields.resolution"),
    };
    match kind {
        Kind::Incident => {
            let major = map.lookup("incident.major", &["Major incident"]);
            let major_flag = match major.node {
                Some(Node::Str(t)) if t.eq_ignore_ascii_case("MAJOR_INCIDENT") => {
                    Field::Value(true)
                }
                Some(n) if n.is_empty() => Field::Value(false),
                other => r.boolean(other, &major.path, &major.tables),
            };
            let security = map.lookup("incident.security", &[]);
            let security_flag = if builtin_is_security(&type_name) {
                Field::Value(true)
            } else {
                r.boolean(security.node, &security.path, &security.tables)
            };
            let notes = map.lookup("incident.resolutionNotes", &["Resolution notes"]);
            let review_at = map.lookup("incident.reviewAt", &[]);
            let review_notes = map.lookup("incident.reviewNotes", &[]);
            let (reopen, reassigned) = match &log {
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
                resolution_notes: r.text(notes.node, &notes.path),
                review_at: r.time(review_at.node, &review_at.path),
                review_notes: r.text(review_notes.node, &review_notes.path),
                ..IncidentDetail::default()
            }));
        }
        Kind::ServiceRequest => {
            let notes = map.lookup("request.closeNotes", &[]);
            let with_approvals = type_name.to_lowercase().contains("with approval");
            let approval_required = match (&record.approvals, approvals_node) {
                (Some(a), _) if !a.is_empty() => Field::Value(true),
                _ if with_approvals => Field::Value(true),
                (_, Some(_)) => Field::Value(false),
                _ => Field::Absent,
            };
            let item = match request_type {
                Some(t) => rt_name
                    .clone()
                    .or_else(|| t.get("id").and_then(Node::as_text))
                    .map(Field::Value)
                    .unwrap_or(Field::Null),
                None if rt_value.is_none() && rt_id.is_some_and(|i| fields.get(i).is_some()) => {
                    Field::Null
                }
                None => Field::Absent,
            };
            record.request = Some(Box::new(RequestDetail {
                item,
                approval_required,
                close_notes: r.text(notes.node, &notes.path),
                ..RequestDetail::default()
            }));
        }
        Kind::Problem => {
            let cause = map.lookup("problem.rootCause", &["Root cause"]);
            let workaround = map.lookup("problem.workaround", &["Workaround"]);
            let known = map.lookup("problem.knownError", &["Known error"]);
            let known_at = map.lookup("problem.knownErrorAt", &[]);
            let fix = map.lookup("problem.fixNotes", &["Fix notes"]);
            record.problem = Some(Box::new(ProblemDetail {
                root_cause: r.text(cause.node, &cause.path),
                workaround: r.text(workaround.node, &workaround.path),
                known_error: r.boolean(known.node, &known.path, &known.tables),
                known_error_at: r.time(known_at.node, &known_at.path),
                fix_notes: r.text(fix.node, &fix.path),
                resolution_code: resolution_name,
                ..ProblemDetail::default()
            }));
        }
        Kind::Change => {
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
                r.option(ty.node, &ty.path, &ty.tables, "change type", change_type);
            if change_type_field.is_absent() {
                // JSM ITSM request types such as "Standard change" say it too (by the instance's mapping or English name).
                if let Some(n) = rt_name
                    .as_deref()
                    .and_then(|n| change_type(&n.trim().to_lowercase()))
                {
                    change_type_field = Field::Value(n);
                }
            }
            // The outcome: the instance's field, else the resolution of a finished change.
            let mut outcome_field = r.option(
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
                let keys: Vec<Text<'_>> = ["id", "name"]
                    .iter()
                    .filter_map(|k| res.get(k)?.as_text())
                    .collect();
                let decoded = keys
                    .iter()
                    .find_map(|k| r.cx.choice("change.outcome", k).and_then(outcome))
                    .or_else(|| keys.iter().find_map(|k| outcome(&k.trim().to_lowercase())));
                outcome_field = match decoded {
                    Some(o) => Field::Value(o),
                    None if record.state.value() == Some(&State::Cancelled) => {
                        Field::Value(Outcome::Cancelled)
                    }
                    None => Field::Absent,
                };
            }
            let cab_flag = match cab_required.node {
                Some(_) => r.boolean(cab_required.node, &cab_required.path, &cab_required.tables),
                None => match cab.node {
                    Some(n) if !n.is_empty() => Field::Value(true),
                    _ => Field::Absent,
                },
            };
            record.change = Some(Box::new(ChangeDetail {
                r#type: change_type_field,
                risk: r.option(
                    risk_slot.node,
                    &risk_slot.path,
                    &risk_slot.tables,
                    "change risk",
                    risk,
                ),
                implementation_plan: r.text(implementation.node, &implementation.path),
                backout_plan: r.text(backout.node, &backout.path),
                test_plan: r.text(test.node, &test.path),
                risk_analysis: r.text(analysis.node, &analysis.path),
                planned_start: r.time(planned_start.node, &planned_start.path),
                planned_end: r.time(planned_end.node, &planned_end.path),
                actual_start: r.time(actual_start.node, &actual_start.path),
                actual_end: r.time(actual_end.node, &actual_end.path),
                outcome: outcome_field,
                review_at: r.time(review_at.node, &review_at.path),
                review_notes: r.text(review_notes.node, &review_notes.path),
                cab_required: cab_flag,
                unauthorized: r.boolean(
                    unauthorized.node,
                    &unauthorized.path,
                    &unauthorized.tables,
                ),
                ..ChangeDetail::default()
            }));
        }
        _ => {}
    }
    Ok(record.into())
}

pub(super) fn builtin_is_security(type_name: &str) -> bool {
    let lower = type_name.trim().to_lowercase();
    lower
        .strip_prefix("[system]")
        .map(str::trim)
        .unwrap_or(&lower)
        == "security incident"
}
