//! Records: a REST v2/v3 issue, read in steps.

use super::super::doc::Node;
use super::super::doc::is_adf;
use super::super::{Converted, Rejection};
use super::codes::{IMPACT, PRIORITY, Type, URGENCY, type_of};
use super::details;
use super::fields::{FieldMap, is_approvals_value, is_request_type_value, is_sla_value};
use super::links::{issue_links, linked_id, linked_type, object_links, push_link};
use super::read::{At, Reader};
use super::review::review_issue;
use super::sla::{approvals_field, sla_entries};
use super::status::{Changelog, GroupField, read_changelog, status_state};
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

/// A REST v2/v3 issue, read in steps whose order is the order of their warnings.
pub(super) fn issue<'a>(
    root: &Node<'a>,
    raw: &'a str,
    r: &mut Reader<'_, '_, '_>,
) -> Result<Converted<'a>, Rejection> {
    let fields = root.get("fields").unwrap_or(&Node::Null);
    if !matches!(fields, Node::Obj(_)) {
        return Err(r
            .at
            .reject(".fields", "a Jira issue's `fields` must be an object"));
    }
    let (id, key) = issue_id(root, r)?;
    let map = FieldMap {
        fields,
        names: root.get("names"),
        schema: root.get("schema"),
        cx: r.cx,
    };
    // Borrowed from the element where the key or id is (a text clone is a pointer then).
    let shown = key.clone().unwrap_or_else(|| id.clone());
    let rt = RequestTypeField::find(&map);
    let issuetype = fields.get("issuetype").filter(|n| !n.is_empty());
    let type_name = issuetype
        .and_then(|t| t.get("name"))
        .and_then(Node::as_str)
        .unwrap_or("");
    let kind = match type_of(r.cx, issuetype, rt.request_type) {
        Some(Type::Record(k)) => k,
        Some(Type::Review) => return review_issue(r, fields, &id, &shown),
        None => return Err(unknown_type(r, issuetype, type_name, &shown)),
    };
    let mut record = blank(id, kind, raw);
    record.number = key.clone();
    record.origin = origin(root, fields, issuetype, key.as_deref());
    common_fields(r, &map, &rt, &mut record);
    let status = read_state(r, fields, &rt, &mut record);
    let log = changelog(r, root, &map, status.id.as_deref(), &record);
    let done = record.state.value().is_some_and(|s| s.is_done());
    closure_times(r, fields, &rt, &status, done, log.as_ref(), &mut record);
    let approvals_node = read_approvals(r, &map, &mut record);
    record.sla = sla_fields(r, &map);
    record.links = links(r, &map, kind, &mut record.service);
    let resolution = fields.get("resolution");
    let resolution_name = match resolution {
        None => Field::Absent,
        Some(n) => r.node_text(Some(n), "fields.resolution"),
    };
    match kind {
        Kind::Incident => {
            details::incident(
                r,
                &map,
                type_name,
                log.as_ref(),
                resolution_name,
                &mut record,
            );
        }
        Kind::ServiceRequest => {
            details::request(r, &map, &rt, type_name, approvals_node, &mut record);
        }
        Kind::Problem => details::problem(r, &map, resolution_name, &mut record),
        Kind::Change => details::change(r, &map, &rt, resolution, done, &mut record),
        _ => {}
    }
    Ok(record.into())
}

/// The issue's id and key. Without its id (a `fields` fragment with a key) it is keyed by its key.
fn issue_id<'a>(
    root: &Node<'a>,
    r: &mut Reader<'_, '_, '_>,
) -> Result<(Text<'a>, Option<Text<'a>>), Rejection> {
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
    Ok((id, key))
}

/// The JSM request type field (Customer Request Type, schema vp-origin) and what it says.
pub(super) struct RequestTypeField<'r, 'a> {
    /// The field's id.
    pub(super) id: Option<&'r str>,
    /// Its value, when not empty.
    pub(super) value: Option<&'r Node<'a>>,
    /// The request type: Cloud nests it in the value; the value itself when it carries no
    /// status.
    pub(super) request_type: Option<&'r Node<'a>>,
    /// The request type's name: Cloud sends an object, Server/DC may send its key as text.
    pub(super) name: Option<Text<'a>>,
}

impl<'r, 'a> RequestTypeField<'r, 'a> {
    fn find(map: &FieldMap<'r, 'a>) -> RequestTypeField<'r, 'a> {
        let id = map
            .cx
            .field("requestType")
            .map(|f| map.find("requestType", &[]).unwrap_or(f))
            .or_else(|| map.by_schema("com.atlassian.servicedesk:vp-origin"))
            .or_else(|| map.by_shape(is_request_type_value).into_iter().next())
            .or_else(|| map.find("requestType", &["Request Type", "Customer Request Type"]));
        let value = map.get(id).filter(|n| !n.is_empty());
        let request_type = value
            .and_then(|v| v.get("requestType"))
            .or(value.filter(|v| v.get("currentStatus").is_none()));
        let name = request_type
            .and_then(|t| {
                t.get("name")
                    .and_then(Node::as_text)
                    .or_else(|| t.as_text())
            })
            .filter(|t| !t.is_blank());
        RequestTypeField {
            id,
            value,
            request_type,
            name,
        }
    }

    /// The status the request type field carries (JSM), for an issue without `status`.
    fn current_status(&self) -> Option<&'r Node<'a>> {
        self.value.and_then(|v| v.get("currentStatus"))
    }
}

/// The rejection of an issue whose type is not an ITSM record type the engine knows.
fn unknown_type(
    r: &mut Reader<'_, '_, '_>,
    issuetype: Option<&Node<'_>>,
    type_name: &str,
    shown: &str,
) -> Rejection {
    match issuetype {
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
    }
}

/// Where the issue came from: REST v2 or v3 (by its `self` link, else by rich text in its
/// fields), its issue type as the table, and its browse link.
fn origin<'a>(
    root: &Node<'a>,
    fields: &Node<'a>,
    issuetype: Option<&Node<'a>>,
    key: Option<&str>,
) -> Origin<'a> {
    let self_link = root.get("self").and_then(Node::as_str);
    let v3 = self_link.is_some_and(|s| s.contains("/rest/api/3/"));
    let v2 = self_link.is_some_and(|s| s.contains("/rest/api/2/") || s.contains("/api/latest/"));
    let adf = fields.members().iter().any(|(_, v)| is_adf(v));
    let shape = if v3 || (!v2 && adf) {
        "rest-v3"
    } else {
        "rest-v2"
    };
    Origin {
        tool: Some(Text::borrowed("jira")),
        shape: Some(Text::borrowed(shape)),
        table: issuetype
            .and_then(|t| t.get("name"))
            .and_then(Node::as_text)
            .or(Some(Text::borrowed("issue"))),
        url: browse_url(self_link, key).map(Text::owned),
    }
}

/// The fields every issue type shares.
fn common_fields<'a>(
    r: &mut Reader<'_, '_, '_>,
    map: &FieldMap<'_, 'a>,
    rt: &RequestTypeField<'_, 'a>,
    record: &mut Record<'a>,
) {
    let fields = map.fields;
    record.title = r.node_text(fields.get("summary"), "fields.summary");
    record.priority = r.node_level(
        fields.get("priority"),
        "fields.priority",
        &["priority"],
        PRIORITY,
    );
    let impact = map.lookup("impact", &["Impact"]);
    record.impact = r.node_level(impact.node, &impact.path, &impact.tables, IMPACT);
    let urgency = map.lookup("urgency", &["Urgency"]);
    record.urgency = r.node_level(urgency.node, &urgency.path, &urgency.tables, URGENCY);
    let group_slot = map.lookup("assignmentGroup", GROUP_NAMES);
    record.assignment_group = r.node_reference(group_slot.node, &group_slot.path);
    record.assignee = r.node_reference(fields.get("assignee"), "fields.assignee");
    record.requester = r.node_reference(fields.get("reporter"), "fields.reporter");
    record.opened_at = r.node_time(fields.get("created"), "fields.created");
    record.updated_at = r.node_time(fields.get("updated"), "fields.updated");
    // Category: the instance's field, the first component, or the request type.
    let category = map.lookup("category", &["Category"]);
    let components = r.node_text(fields.get("components"), "fields.components");
    record.category = match (map.find("category", &["Category"]).is_some(), components) {
        (true, _) => r.node_text(category.node, &category.path),
        (false, Field::Value(c)) => Field::Value(c),
        (false, other) => match &rt.name {
            Some(n) => Field::Value(n.clone()),
            None => other,
        },
    };
}

/// Default names of the assignment group field.
const GROUP_NAMES: &[&str] = &["Team", "Assignment group", "Assigned group"];

/// The issue's `status` (when not empty) and its id.
struct Status<'r, 'a> {
    node: Option<&'r Node<'a>>,
    id: Option<Text<'a>>,
}

/// The state: from `status` (its category, the resolution, the instance's choices), else from
/// the status the JSM request type field carries.
fn read_state<'r, 'a>(
    r: &mut Reader<'_, '_, '_>,
    fields: &'r Node<'a>,
    rt: &RequestTypeField<'_, 'a>,
    record: &mut Record<'a>,
) -> Status<'r, 'a> {
    let status = fields.get("status").filter(|n| !n.is_empty());
    let resolution = fields.get("resolution");
    let status_id = status.and_then(|s| s.get("id")).and_then(Node::as_text);
    let status_name = status.and_then(|s| s.get("name")).and_then(Node::as_text);
    record.state_label = status_name.clone();
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
            if let Some(c) = rt.current_status() {
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
    Status {
        node: status,
        id: status_id,
    }
}

/// The changelog: reopen and reassignment counts, and when the issue went to done.
fn changelog<'a>(
    r: &mut Reader<'_, '_, '_>,
    root: &Node<'a>,
    map: &FieldMap<'_, 'a>,
    status_id: Option<&str>,
    record: &Record<'a>,
) -> Option<Changelog<'a>> {
    let group = map
        .find("assignmentGroup", GROUP_NAMES)
        .map(|gid| GroupField {
            id: gid,
            label: map.name_of(gid),
        });
    let current_state = match (status_id, record.state.value()) {
        (Some(i), Some(s)) => Some((i.to_string(), *s)),
        _ => None,
    };
    read_changelog(r, root, current_state, group.as_ref())
}

/// Resolution and closure times: the resolution date, else when the changelog says the issue
/// went to done, else (JSM, without `status`) the request status's date.
fn closure_times<'a>(
    r: &mut Reader<'_, '_, '_>,
    fields: &Node<'a>,
    rt: &RequestTypeField<'_, 'a>,
    status: &Status<'_, 'a>,
    done: bool,
    log: Option<&Changelog<'a>>,
    record: &mut Record<'a>,
) {
    let resolution_date = r.node_time(fields.get("resolutiondate"), "fields.resolutiondate");
    let done_at = match (&resolution_date, log.and_then(|l| l.done_at)) {
        (Field::Value(t), _) => Field::Value(*t),
        (_, Some(t)) => Field::Value(t),
        _ if status.node.is_none() && done => rt
            .current_status()
            .map(|c| {
                r.node_time(
                    c.get("statusDate"),
                    &format!("fields.{}.currentStatus.statusDate", rt.id.unwrap_or("")),
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
}

/// The JSM approvals field: the approvals and their summary; its node, when the issue has one.
fn read_approvals<'r, 'a>(
    r: &mut Reader<'_, '_, '_>,
    map: &FieldMap<'r, 'a>,
    record: &mut Record<'a>,
) -> Option<&'r Node<'a>> {
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
    approvals_node
}

/// The SLA fields (schema sd-servicelevelagreement, or the shape of an SLA value: one per
/// metric); `None` when the issue carries none.
fn sla_fields<'a>(r: &mut Reader<'_, '_, '_>, map: &FieldMap<'_, 'a>) -> Option<Vec<SlaEntry<'a>>> {
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
        let Some(n) = map.fields.get(sid) else {
            continue;
        };
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
            &At::Member(&At::Path("fields"), sid),
            label,
            SlaSource::VerdictField,
        ));
    }
    (!sla.is_empty() || sla_carried).then_some(sla)
}

/// Links: issue links and sub-tasks, the parent, the affected services (the first is the
/// record's service) and CIs; `None` when there are none.
fn links<'a>(
    r: &mut Reader<'_, '_, '_>,
    map: &FieldMap<'_, 'a>,
    kind: Kind,
    service: &mut Field<Text<'a>>,
) -> Option<Vec<Link<'a>>> {
    let fields = map.fields;
    let mut links = Vec::new();
    for list in ["issuelinks", "sub-tasks"] {
        if let Some(n) = fields.get(list) {
            issue_links(r, n, &At::Member(&At::Path("fields"), list), kind, &mut links);
        }
    }
    family_links(r, fields, &mut links);
    let services = map.lookup("service", &["Affected services", "Affected service"]);
    object_links(
        r,
        services.node,
        &services.path,
        LinkRel::Service,
        Kind::Service,
        &mut links,
    );
    // The service is the first linked one (object_links warned about unreadable entries).
    *service = match services.node {
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
    (!links.is_empty()).then_some(links)
}

/// The parent issue and the sub-tasks.
fn family_links<'a>(r: &mut Reader<'_, '_, '_>, fields: &Node<'a>, links: &mut Vec<Link<'a>>) {
    if let Some(parent) = fields.get("parent").filter(|n| !n.is_empty()) {
        match linked_id(parent) {
            Some(target) => push_link(
                links,
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
                links,
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
}

pub(super) fn builtin_is_security(type_name: &str) -> bool {
    let mut buffer = [0; 64];
    let lower = crate::util::lowercase(type_name.trim(), &mut buffer);
    lower
        .strip_prefix("[system]")
        .map(str::trim)
        .unwrap_or(&lower)
        == "security incident"
}
