//! Jira Software / Jira Service Management: REST v2 and v3 issues (single, or `issues` search
//! pages; `names`, `schema` and `changelog` expanded when present), servicedeskapi requests,
//! and the request SLA (`/request/{key}/sla`) and approval (`/request/{key}/approval`) payloads.
//!
//! Evaluation keys on codes and categories: the state comes from `statusCategory.key` (new,
//! indeterminate, done) and the resolution, never from status names (the instance may map
//! names or ids through `context.choices.status`). Custom fields are found through the
//! instance's `context.fields`, the `schema` expansion, the shape of JSM values (request type,
//! SLA, approvals) or, last, the English default field names in `names`.
//!
//! Field notes: `../shared/reference/itsm-formats.md`.

use super::doc::{self, Node, truthy_code};
use super::history::{self, Event, EventField};
use super::{
    Adapter, Attach, Attachment, Context, Converted, Cursor, Envelope, Holds, KeySet, Rejection,
};
use crate::record::model::*;
use crate::record::time::Instant;
use crate::record::value::{Field, Level, Text};

pub struct Jira;

impl Adapter for Jira {
    fn tool(&self) -> &'static str {
        "jira"
    }

    fn envelopes(&self) -> &'static [Envelope] {
        const {
            &[
                // A search page, whose `names` expansion names the custom fields of all its issues.
                Envelope {
                    key: "issues",
                    path: "$.issues",
                    holds: Holds::RecordsNamedBy("names"),
                },
                // JSM's paged lists (requests, approvals, SLA cycles).
                Envelope::records("values", "$.values"),
            ]
        }
    }

    fn record_keys(&self) -> &'static [&'static str] {
        &["key", "issueKey"]
    }

    fn detect(&self, keys: &KeySet) -> bool {
        // iTop core/get objects also carry `key` and `fields`, with their `class` and `code`.
        let itop = keys.any(&["class", "code", "finalclass"]);
        (!itop && (keys.has("fields") || keys.all(&["key", "self"])))
            || keys.has("issueKey")
            || keys.any(&["completedCycles", "ongoingCycle", "finalDecision"])
    }

    fn convert<'a>(
        &self,
        raw: &'a str,
        cx: &Context,
        at: &mut Cursor<'_>,
    ) -> Result<Converted<'a>, Rejection> {
        let root = doc::parse(raw, at, "a Jira payload")?;
        let mut r = Reader { cx, at };
        if root.get("fields").is_some() {
            return issue(&root, raw, &mut r);
        }
        if root.get("issueKey").is_some() || root.get("requestTypeId").is_some() {
            return request(&root, raw, &mut r);
        }
        if root.get("completedCycles").is_some() || root.get("ongoingCycle").is_some() {
            let target = request_key(&root);
            let entries = sla_entries(&mut r, &root, "", None, SlaSource::SlaRows);
            let attach = entries
                .into_iter()
                .map(|e| Attach {
                    target: target.clone(),
                    also: None,
                    what: Attachment::Sla(e),
                })
                .collect();
            return Ok(Converted {
                record: None,
                attach,
            });
        }
        if root.get("finalDecision").is_some() {
            let target = request_key(&root);
            let (approvals, _) = approval_step(&mut r, &root, "");
            let attach = approvals
                .into_iter()
                .map(|a| Attach {
                    target: target.clone(),
                    also: None,
                    what: Attachment::Approval(a),
                })
                .collect();
            return Ok(Converted {
                record: None,
                attach,
            });
        }
        if root.get("items").is_some() && root.get("created").is_some() {
            // One history of a paged changelog (`/issue/{key}/changelog` → `values`): it belongs
            // to the bundle's main record.
            let mut known = StatusKnowledge::default();
            let events = history_events(&mut r, &root, "", &mut known, None);
            let attach = events
                .into_iter()
                .map(|e| Attach {
                    target: Text::borrowed(""),
                    also: None,
                    what: Attachment::Event(e),
                })
                .collect();
            return Ok(Converted {
                record: None,
                attach,
            });
        }
        fieldless(&root, &mut r)
    }
}

/// An element without `fields`: a changelog-only issue, or something that is not a record.
fn fieldless<'a>(root: &Node<'a>, r: &mut Reader<'_, '_>) -> Result<Converted<'a>, Rejection> {
    if root.get("alertId").is_some()
        || (root.get("requestId").is_some() && root.get("action").is_some())
    {
        return Err(r.at.reject(
            "",
            "a Jira Service Management Ops (Opsgenie) alert request status, not an ITSM record: alerts are not evaluated; send the incident issue instead",
        ));
    }
    if root.get("statusCategory").is_some() && root.get("statusDate").is_some() {
        return Err(r.at.reject(
            "",
            "one entry of a JSM request's status history (`/request/{key}/status`) cannot be joined on its own: fetch the request with `expand=status` so its history is read as a whole",
        ));
    }
    let name = ["key", "id"].iter().find_map(|k| root.get(k)?.as_text());
    let Some(name) = name else {
        return Err(r.at.reject(
            "",
            "not a Jira issue, JSM request, SLA or approval payload (no `fields`, `issueKey`, SLA cycles or approval decision)",
        ));
    };
    if let Some(histories) = root.at("changelog.histories") {
        let mut known = StatusKnowledge::default();
        let mut events = Vec::new();
        for (i, h) in histories.as_array().iter().enumerate() {
            events.extend(history_events(
                r,
                h,
                &format!("changelog.histories[{i}]"),
                &mut known,
                None,
            ));
        }
        if !events.is_empty() {
            let target = root.get("id").and_then(Node::as_text).unwrap_or(name);
            let attach = events
                .into_iter()
                .map(|e| Attach {
                    target: target.clone(),
                    also: None,
                    what: Attachment::Event(e),
                })
                .collect();
            return Ok(Converted {
                record: None,
                attach,
            });
        }
        return Err(r.at.reject(
            ".fields",
            format!("Jira issue {name} carries only a changelog without status, resolution or assignment changes, and no `fields`: nothing to evaluate; fetch the issue with its fields"),
        ));
    }
    let only = if root.get("transitions").is_some() {
        " (only its workflow transitions)"
    } else {
        ""
    };
    Err(r.at.reject(".fields", format!("Jira issue {name} carries no `fields`{only}: nothing to evaluate; fetch the issue with its fields")))
}

// ---------------------------------------------------------------------------------------------
// Reading values

/// Reads values of one element, warning with their JSON paths.
struct Reader<'r, 'w> {
    cx: &'r Context,
    at: &'r mut Cursor<'w>,
}

/// Joins a parent path and a member name.
fn join(path: &str, member: &str) -> String {
    if path.is_empty() {
        member.to_string()
    } else {
        format!("{path}.{member}")
    }
}

/// A list where one value is read.
const MANY_VALUES: &str =
    "a list where one value is expected: the first is read, the others are not";

impl Reader<'_, '_> {
    fn warn(&mut self, path: &str, message: impl Into<String>, value: &Node<'_>) {
        self.at.warn(path, message, &value.describe());
    }

    /// Text: strings (v2 wiki text), numbers, v3 rich text (ADF, read as plain text), select
    /// options (`value`) and named objects.
    fn text<'a>(&mut self, node: Option<&Node<'a>>, path: &str) -> Field<Text<'a>> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        match n {
            Node::Obj(_) if is_adf(n) => {
                let mut out = String::new();
                adf_text(n, &mut out);
                let t = out.trim();
                if t.is_empty() {
                    Field::Null
                } else {
                    Field::Value(Text::owned(t.to_string()))
                }
            }
            Node::Obj(_) => match ["value", "name", "displayName", "key"]
                .iter()
                .find_map(|k| n.get(k)?.as_text())
            {
                Some(t) => Field::Value(t),
                None => {
                    self.warn(path, "expected text", n);
                    Field::Absent
                }
            },
            Node::Arr(items) => {
                // Multi-selects and labels: the first value (the others are named in a warning).
                if items.len() > 1 {
                    self.warn(path, MANY_VALUES, n);
                }
                let first = items.first();
                let inner = join(path, "0");
                self.text(first, &inner)
            }
            other => match other.as_text() {
                Some(t) => Field::Value(t),
                None => {
                    self.warn(path, "expected text", n);
                    Field::Absent
                }
            },
        }
    }

    /// A reference to a user, group, team, service or asset: its stable id.
    fn reference<'a>(&mut self, node: Option<&Node<'a>>, path: &str) -> Field<Text<'a>> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        match n {
            Node::Obj(_) => match reference_id(n) {
                Some(t) => Field::Value(t),
                None => {
                    self.warn(path, "expected a reference (accountId, id, key or name)", n);
                    Field::Absent
                }
            },
            Node::Arr(items) => {
                if items.len() > 1 {
                    self.warn(path, MANY_VALUES, n);
                }
                let inner = join(path, "0");
                self.reference(items.first(), &inner)
            }
            other => match other.as_text() {
                Some(t) => Field::Value(t),
                None => {
                    self.warn(path, "expected a reference", n);
                    Field::Absent
                }
            },
        }
    }

    /// A time: ISO 8601 with Jira's `±hhmm` offset (naive times in the instance zone), a date,
    /// or a JSM DateDTO (`epochMillis`). Jira never sends bare numbers: they are warned about.
    fn time(&mut self, node: Option<&Node<'_>>, path: &str) -> Field<Instant> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        let parsed = match n {
            Node::Str(t) => Instant::parse(t, self.cx.time_zone.as_ref()).map(|p| p.0),
            Node::Obj(_) => n
                .get("epochMillis")
                .and_then(|m| match m {
                    Node::Num(x) if x.is_finite() => {
                        Instant::from_epoch_millis(*x as i64).plausible()
                    }
                    _ => None,
                })
                .or_else(|| {
                    ["iso8601", "jira"].iter().find_map(|k| {
                        let s = n.get(k)?.as_str()?;
                        Instant::parse(s, self.cx.time_zone.as_ref()).map(|p| p.0)
                    })
                }),
            _ => None,
        };
        match parsed {
            Some(i) => Field::Value(i),
            None => {
                self.warn(path, "not a date-time Jira sends (expected ISO 8601 such as 2026-04-01T09:30:00.000+0200, or a DateDTO)", n);
                Field::Absent
            }
        }
    }

    /// Yes/no: booleans, `true`/`false`/`yes`/`no` codes, options through the instance's
    /// choices, multi-checkboxes (checked when non-empty).
    fn boolean(&mut self, node: Option<&Node<'_>>, path: &str, tables: &[&str]) -> Field<bool> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        let from_text = |t: &str| -> Option<bool> {
            tables
                .iter()
                .find_map(|tb| self.cx.choice(tb, t))
                .map(|c| c == "true")
                .or_else(|| truthy_code(t))
        };
        let value = match n {
            Node::Bool(b) => Some(*b),
            Node::Num(x) => Some(*x != 0.0),
            Node::Str(t) => from_text(t),
            Node::Obj(_) => ["id", "value", "name"]
                .iter()
                .find_map(|k| from_text(&n.get(k)?.as_text()?)),
            Node::Arr(_) => Some(true),
            Node::Null => None,
        };
        match value {
            Some(b) => Field::Value(b),
            None => {
                self.warn(
                    path,
                    "expected a yes/no value (add it to context.choices to map a label)",
                    n,
                );
                Field::Absent
            }
        }
    }

    /// A level (priority, impact, urgency): the instance's choices for the option's id or
    /// label first, then the tool's table; the tool's id and label are kept.
    fn level<'a>(
        &mut self,
        node: Option<&Node<'a>>,
        path: &str,
        tables: &[&str],
        map: &[(&str, u8)],
    ) -> Field<Level<'a>> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        let (code, label) = match n {
            Node::Obj(_) => (
                n.get("id").and_then(Node::as_text),
                ["name", "value"].iter().find_map(|k| n.get(k)?.as_text()),
            ),
            Node::Str(_) => (None, n.as_text()),
            other => (other.as_text(), None),
        };
        let keys: Vec<&str> = [code.as_deref(), label.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .collect();
        let chosen = keys
            .iter()
            .find_map(|k| tables.iter().find_map(|tb| self.cx.choice(tb, k)))
            .map(|v| v.trim().parse::<u8>().ok());
        let value = match chosen {
            Some(v) => v,
            None => keys.iter().find_map(|k| {
                map.iter()
                    .find(|(m, _)| m.eq_ignore_ascii_case(k))
                    .map(|(_, v)| *v)
            }),
        };
        match value {
            Some(value) if (1..=5).contains(&value) => Field::Value(Level { value, code, label }),
            _ => {
                self.warn(
                    path,
                    "unknown level (map its id or label with context.choices)",
                    n,
                );
                Field::Absent
            }
        }
    }

    /// An option decoded by the adapter, after the instance's choices for its id or label.
    fn option<T>(
        &mut self,
        node: Option<&Node<'_>>,
        path: &str,
        tables: &[&str],
        what: &str,
        decode: fn(&str) -> Option<T>,
    ) -> Field<T> {
        let Some(n) = node else { return Field::Absent };
        if n.is_empty() {
            return Field::Null;
        }
        let n = match n {
            Node::Arr(items) => match items.first() {
                Some(first) => first,
                None => return Field::Null,
            },
            other => other,
        };
        let keys: Vec<Text<'_>> = match n {
            Node::Obj(_) => ["id", "value", "name", "key"]
                .iter()
                .filter_map(|k| n.get(k)?.as_text())
                .collect(),
            other => other.as_text().into_iter().collect(),
        };
        let decoded = keys
            .iter()
            .find_map(|k| {
                tables
                    .iter()
                    .find_map(|tb| self.cx.choice(tb, k.trim()))
                    .and_then(decode)
            })
            .or_else(|| keys.iter().find_map(|k| decode(&k.trim().to_lowercase())));
        match decoded {
            Some(v) => Field::Value(v),
            None => {
                self.warn(
                    path,
                    format!("unknown {what} (map it with context.choices)"),
                    n,
                );
                Field::Absent
            }
        }
    }
}

/// A stable id from a user, group, team, service, asset or issue object.
fn reference_id<'a>(n: &Node<'a>) -> Option<Text<'a>> {
    [
        "accountId",
        "objectId",
        "id",
        "groupId",
        "key",
        "name",
        "value",
    ]
    .iter()
    .find_map(|k| n.get(k)?.as_text())
    .filter(|t| !t.is_blank())
}

/// Atlassian Document Format (v3 rich text).
fn is_adf(n: &Node<'_>) -> bool {
    n.get("type").and_then(Node::as_str) == Some("doc") && n.get("content").is_some()
}

/// Plain text of an ADF tree: text nodes, with block nodes on their own lines.
fn adf_text(n: &Node<'_>, out: &mut String) {
    let kind = n.get("type").and_then(Node::as_str).unwrap_or("");
    let attr = |k: &str| n.at(&format!("attrs.{k}")).and_then(Node::as_text);
    let piece = match kind {
        "text" => n.get("text").and_then(Node::as_text),
        "mention" | "status" => attr("text"),
        "emoji" => attr("text").or_else(|| attr("shortName")),
        "date" => attr("timestamp"),
        "inlineCard" | "blockCard" | "embedCard" => attr("url"),
        _ => None,
    };
    if let Some(piece) = piece.filter(|p| !p.is_empty()) {
        push_inline(out, &piece);
    }
    if kind == "hardBreak" {
        out.push('\n');
    }
    for child in n.get("content").map(Node::as_array).unwrap_or_default() {
        adf_text(child, out);
    }
    let inline = matches!(
        kind,
        "text" | "hardBreak" | "mention" | "status" | "emoji" | "date" | "inlineCard"
    );
    if !inline && !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Appends an inline run. The JSON reader trims strings, so the space between runs (a word
/// then a bold word) is gone: runs are joined with one, except before punctuation.
fn push_inline(out: &mut String, piece: &str) {
    let joins = out.chars().last().is_some_and(|c| !c.is_whitespace())
        && !piece.starts_with(|c: char| {
            matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'')
        });
    if joins {
        out.push(' ');
    }
    out.push_str(piece);
}

// ---------------------------------------------------------------------------------------------
// Codes

/// Priority ids 1-5 are the same rank in both default schemes (Cloud Highest … Lowest,
/// Server Blocker … Trivial); instances' own priorities have ids ≥ 10000 and go by name or
/// the instance's choices.
const PRIORITY: &[(&str, u8)] = &[
    ("1", 1),
    ("2", 2),
    ("3", 3),
    ("4", 4),
    ("5", 5),
    ("highest", 1),
    ("high", 2),
    ("medium", 3),
    ("low", 4),
    ("lowest", 5),
    ("blocker", 1),
    ("critical", 2),
    ("major", 3),
    ("minor", 4),
    ("trivial", 5),
];

/// JSM ITSM impact (four options) onto the canonical three, parallel to urgency.
const IMPACT: &[(&str, u8)] = &[
    ("extensive / widespread", 1),
    ("significant / large", 1),
    ("moderate / limited", 2),
    ("minor / localized", 3),
    ("extensive", 1),
    ("significant", 1),
    ("moderate", 2),
    ("minor", 3),
    ("critical", 1),
    ("high", 1),
    ("medium", 2),
    ("low", 3),
];

const URGENCY: &[(&str, u8)] = &[("critical", 1), ("high", 1), ("medium", 2), ("low", 3)];

fn change_type(t: &str) -> Option<ChangeType> {
    ChangeType::parse(t).or(match t {
        "standard change" => Some(ChangeType::Standard),
        "normal change" => Some(ChangeType::Normal),
        "emergency change" | "urgent" => Some(ChangeType::Emergency),
        _ => None,
    })
}

fn risk(t: &str) -> Option<Risk> {
    Risk::parse(t).or(match t {
        "very high" | "critical" => Some(Risk::VeryHigh),
        "medium" => Some(Risk::Moderate),
        _ => None,
    })
}

fn outcome(t: &str) -> Option<Outcome> {
    Outcome::parse(t).or(match t {
        "success" | "succeeded" | "completed" | "implemented" | "done" | "fixed" => {
            Some(Outcome::Successful)
        }
        "successful with issues" | "partially successful" => Some(Outcome::SuccessfulWithIssues),
        "failed" | "failure" | "backed out" | "rolled back" => Some(Outcome::Unsuccessful),
        "canceled" | "won't do" | "won't fix" | "declined" | "rejected" | "withdrawn" => {
            Some(Outcome::Cancelled)
        }
        _ => None,
    })
}

/// Resolutions that mean the work was not done (default English names; ids differ per site).
fn cancelled_resolution(t: &str) -> bool {
    matches!(
        t,
        "won't do"
            | "won't fix"
            | "declined"
            | "cancelled"
            | "canceled"
            | "rejected"
            | "withdrawn"
            | "abandoned"
    )
}

fn approval_decision(t: &str) -> Option<ApprovalState> {
    ApprovalState::parse(t).or(match t {
        "declined" => Some(ApprovalState::Rejected),
        "pending" => Some(ApprovalState::Requested),
        _ => None,
    })
}

/// What an issue type is, when neither the request type nor the instance says.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Type {
    Record(Kind),
    /// A post-incident review: evidence that its incidents were reviewed, not a record kind.
    Review,
}

/// The JSM ITSM template's issue types (older projects prefix them with "[System] ").
fn builtin_type(name: &str) -> Option<Type> {
    let lower = name.trim().to_lowercase();
    let name = lower
        .strip_prefix("[system]")
        .map(str::trim)
        .unwrap_or(&lower);
    Some(match name {
        "incident" | "major incident" | "security incident" => Type::Record(Kind::Incident),
        "service request"
        | "service requests"
        | "service request with approvals"
        | "service request with approval"
        | "request"
        | "it help"
        | "access"
        | "purchase" => Type::Record(Kind::ServiceRequest),
        "problem" => Type::Record(Kind::Problem),
        "change" | "change request" | "standard change" | "normal change" | "emergency change" => {
            Type::Record(Kind::Change)
        }
        "post-incident review" | "post incident review" | "pir" => Type::Review,
        _ => return None,
    })
}

/// The instance's kind for an issue type or request type object (by name, then id).
fn mapped_kind(cx: &Context, n: Option<&Node<'_>>) -> Option<Kind> {
    let n = n?;
    ["name", "id"]
        .iter()
        .find_map(|k| cx.kind_of(&n.get(k)?.as_text()?))
        .or_else(|| cx.kind_of(&n.as_text()?))
}

/// The kind of an issue (or a linked issue): request type and issue type through the
/// instance's kinds, then the template's issue types, then "a JSM customer request".
fn type_of(
    cx: &Context,
    issuetype: Option<&Node<'_>>,
    request_type: Option<&Node<'_>>,
) -> Option<Type> {
    if let Some(k) = mapped_kind(cx, request_type).or_else(|| mapped_kind(cx, issuetype)) {
        return Some(Type::Record(k));
    }
    if let Some(t) = issuetype
        .and_then(|t| t.get("name"))
        .and_then(Node::as_str)
        .and_then(builtin_type)
    {
        return Some(t);
    }
    request_type
        .filter(|n| !n.is_empty())
        .map(|_| Type::Record(Kind::ServiceRequest))
}

// ---------------------------------------------------------------------------------------------
// Custom fields

/// Where an issue's custom fields are: the instance's mapping, the `schema` expansion, JSM
/// value shapes, the `names` expansion.
struct FieldMap<'r, 'a> {
    fields: &'r Node<'a>,
    names: Option<&'r Node<'a>>,
    schema: Option<&'r Node<'a>>,
    cx: &'r Context,
}

impl<'r, 'a> FieldMap<'r, 'a> {
    /// The id of the field named `name` in `names` (case-insensitive).
    fn named(&self, name: &str) -> Option<&'r str> {
        match self.names {
            Some(names) => names
                .members()
                .iter()
                .find(|(_, v)| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(name)))
                .map(|(k, _)| &**k),
            // An issue of a search page: the page's `names`.
            None => self
                .cx
                .page_names
                .iter()
                .find(|(_, v)| v.eq_ignore_ascii_case(name))
                .map(|(k, _)| k.as_str()),
        }
    }

    /// The name of field `id` (its own `names`, else its search page's).
    fn name_of(&self, id: &str) -> Option<&'r str> {
        match self.names {
            Some(names) => names.get(id).and_then(Node::as_str),
            None => self.cx.page_names.get(id).map(String::as_str),
        }
    }

    /// The field id holding a canonical field: the instance's `context.fields` (an id, or a
    /// field name looked up in `names`), else the first default name found in `names`.
    fn find(&self, canonical: &str, defaults: &[&str]) -> Option<&'r str> {
        if let Some(mapped) = self.cx.field(canonical) {
            if self.fields.get(mapped).is_some() {
                return Some(mapped);
            }
            return Some(self.named(mapped).unwrap_or(mapped));
        }
        defaults.iter().find_map(|d| self.named(d))
    }

    /// A field by its `schema` custom type.
    fn by_schema(&self, custom: &str) -> Option<&'r str> {
        self.schema?
            .members()
            .iter()
            .find(|(_, v)| v.get("custom").and_then(Node::as_str) == Some(custom))
            .map(|(k, _)| &**k)
    }

    /// Custom fields whose value has this shape.
    fn by_shape(&self, pred: impl Fn(&Node<'a>) -> bool) -> Vec<&'r str> {
        self.fields
            .members()
            .iter()
            .filter(|(k, v)| k.starts_with("customfield_") && pred(v))
            .map(|(k, _)| &**k)
            .collect()
    }

    fn get(&self, id: Option<&str>) -> Option<&'r Node<'a>> {
        self.fields.get(id?)
    }

    /// Reads `canonical` with its default names: (node, warning path, choice tables).
    fn lookup(&self, canonical: &'static str, defaults: &[&str]) -> Slot<'r, 'a> {
        let id = self.find(canonical, defaults);
        let node = self.get(id);
        Slot {
            node,
            // Only a present value can be warned about: absent fields need no path.
            path: match node {
                Some(_) => format!("fields.{}", id.unwrap_or(canonical)),
                None => String::new(),
            },
            tables: [id.unwrap_or(canonical), canonical],
        }
    }
}

struct Slot<'r, 'a> {
    node: Option<&'r Node<'a>>,
    path: String,
    tables: [&'r str; 2],
}

fn is_request_type_value(n: &Node<'_>) -> bool {
    n.get("requestType").is_some()
        || (n.get("currentStatus").is_some() && n.get("_links").is_some())
}

fn is_sla_value(n: &Node<'_>) -> bool {
    n.get("completedCycles").is_some() || n.get("ongoingCycle").is_some()
}

fn is_approvals_value(n: &Node<'_>) -> bool {
    n.as_array()
        .first()
        .is_some_and(|a| a.get("finalDecision").is_some())
}

// ---------------------------------------------------------------------------------------------
// Status, changelog

/// The canonical state of a status: the instance's choice for its id or name, else its
/// category (and, for done, the resolution).
fn status_state(
    cx: &Context,
    id: Option<&str>,
    name: Option<&str>,
    category: Option<&str>,
    resolution: Option<&Node<'_>>,
    resolved: bool,
) -> Option<State> {
    if let Some(s) = [id, name]
        .into_iter()
        .flatten()
        .find_map(|k| cx.choice("status", k))
        .and_then(State::parse)
    {
        return Some(s);
    }
    match category?.to_ascii_lowercase().as_str() {
        "new" | "2" => Some(State::New),
        "indeterminate" | "4" => Some(State::InProgress),
        "done" | "3" => Some(done_state(cx, resolution, resolved)),
        _ => None,
    }
}

/// Done with a "won't do"-like resolution is cancelled; done with a resolution (or a
/// resolution date) is resolved, as the CSV list reading does; done without either is closed.
/// A workflow's own closing status can be mapped to `closed` with context.choices.status.
fn done_state(cx: &Context, resolution: Option<&Node<'_>>, resolved: bool) -> State {
    let Some(res) = resolution.filter(|n| !n.is_empty()) else {
        return if resolved {
            State::Resolved
        } else {
            State::Closed
        };
    };
    let keys: Vec<Text<'_>> = ["id", "name"]
        .iter()
        .filter_map(|k| res.get(k)?.as_text())
        .chain(res.as_text())
        .collect();
    if let Some(s) = keys
        .iter()
        .find_map(|k| cx.choice("resolution", k))
        .and_then(State::parse)
    {
        return s;
    }
    if keys
        .iter()
        .any(|k| cancelled_resolution(&k.trim().to_lowercase()))
    {
        State::Cancelled
    } else {
        State::Resolved
    }
}

/// What is known about status ids in a changelog (which ones are done).
#[derive(Default)]
struct StatusKnowledge {
    /// The issue's current status id and its state.
    current: Option<(String, State)>,
    /// Learned from resolution changes made in the same history as a status change.
    learned: Vec<(String, State)>,
}

impl StatusKnowledge {
    fn state(&self, cx: &Context, id: Option<&str>, name: Option<&str>) -> Option<State> {
        if let Some(s) = [id, name]
            .into_iter()
            .flatten()
            .find_map(|k| cx.choice("status", k))
            .and_then(State::parse)
        {
            return Some(s);
        }
        let id = id?;
        if let Some((cur, s)) = &self.current
            && cur == id
        {
            return Some(*s);
        }
        self.learned.iter().find(|(k, _)| k == id).map(|(_, s)| *s)
    }

    fn learn(&mut self, id: Option<&str>, state: State) {
        if let Some(id) = id
            && !self.learned.iter().any(|(k, _)| k == id)
        {
            self.learned.push((id.to_string(), state));
        }
    }
}

/// Which changelog field counts as a reassignment: the assignment group field (Team …) when the
/// issue has one, else the assignee.
struct GroupField<'r> {
    id: &'r str,
    label: Option<&'r str>,
}

fn item_text<'a>(item: &Node<'a>, key: &str) -> Option<Text<'a>> {
    item.text_of(key)
}

/// Learns which status ids are done from resolution changes (pass 1 over a changelog).
fn learn_statuses(h: &Node<'_>, known: &mut StatusKnowledge) {
    let items = h.get("items").map(Node::as_array).unwrap_or_default();
    let field = |i: &&Node<'_>, name: &str| {
        i.get("field")
            .and_then(Node::as_str)
            .is_some_and(|f| f.eq_ignore_ascii_case(name))
    };
    let status = items.iter().find(|i| field(i, "status"));
    let resolution = items.iter().find(|i| field(i, "resolution"));
    if let (Some(s), Some(res)) = (status, resolution) {
        let set = item_text(res, "to")
            .or_else(|| item_text(res, "toString"))
            .is_some();
        let was = item_text(res, "from")
            .or_else(|| item_text(res, "fromString"))
            .is_some();
        let from = item_text(s, "from");
        let to = item_text(s, "to");
        if set && !was {
            known.learn(to.as_deref(), State::Closed);
            known.learn(from.as_deref(), State::InProgress);
        } else if was && !set {
            known.learn(from.as_deref(), State::Closed);
            known.learn(to.as_deref(), State::InProgress);
        }
    }
}

/// The lifecycle events of one changelog history.
fn history_events<'a>(
    r: &mut Reader<'_, '_>,
    h: &Node<'a>,
    path: &str,
    known: &mut StatusKnowledge,
    group: Option<&GroupField<'_>>,
) -> Vec<Event<'a>> {
    learn_statuses(h, known);
    let at = r
        .time(h.get("created"), &join(path, "created"))
        .value()
        .copied();
    let mut events = Vec::new();
    let items = h.get("items").map(Node::as_array).unwrap_or_default();
    let mut from_state = None;
    let mut to_state = None;
    let mut state_seen = false;
    for item in items {
        let field = item.get("field").and_then(Node::as_str).unwrap_or("");
        let field_id = item.get("fieldId").and_then(Node::as_str);
        let lower = field.to_lowercase();
        if lower == "status" {
            state_seen = true;
            from_state = from_state.or(known.state(
                r.cx,
                item_text(item, "from").as_deref(),
                item_text(item, "fromString").as_deref(),
            ));
            to_state = to_state.or(known.state(
                r.cx,
                item_text(item, "to").as_deref(),
                item_text(item, "toString").as_deref(),
            ));
        } else if lower == "resolution" {
            let set = item_text(item, "to")
                .or_else(|| item_text(item, "toString"))
                .is_some();
            let was = item_text(item, "from")
                .or_else(|| item_text(item, "fromString"))
                .is_some();
            if set && !was {
                state_seen = true;
                to_state = Some(to_state.filter(|s| s.is_done()).unwrap_or(State::Closed));
                from_state = from_state.or(Some(State::InProgress));
            } else if was && !set {
                state_seen = true;
                from_state = Some(from_state.filter(|s| s.is_done()).unwrap_or(State::Closed));
                to_state = Some(
                    to_state
                        .filter(|s| !s.is_done())
                        .unwrap_or(State::InProgress),
                );
            }
        } else {
            let is_group = group.is_some_and(|g| {
                field_id == Some(g.id)
                    || g.label.is_some_and(|l| l.eq_ignore_ascii_case(field))
                    || g.id == field
            });
            let kind = match (lower.as_str(), group.is_some(), is_group) {
                (_, _, true) => Some(EventField::AssignmentGroup),
                ("assignee", false, _) => Some(EventField::AssignmentGroup),
                ("assignee", true, _) => Some(EventField::Assignee),
                ("priority", _, _) => Some(EventField::Priority),
                _ => None,
            };
            if let Some(kind) = kind {
                events.push(Event {
                    at,
                    field: kind,
                    from_state: None,
                    to_state: None,
                    from: item_text(item, "from").or_else(|| item_text(item, "fromString")),
                    to: item_text(item, "to").or_else(|| item_text(item, "toString")),
                });
            }
        }
    }
    if state_seen {
        events.push(Event {
            at,
            field: EventField::State,
            from_state,
            to_state,
            from: None,
            to: None,
        });
    }
    events
}

/// The changelog of an issue: events, and when it last went to done.
struct Changelog<'a> {
    events: Vec<Event<'a>>,
    done_at: Option<Instant>,
}

fn read_changelog<'a>(
    r: &mut Reader<'_, '_>,
    root: &Node<'a>,
    current: Option<(String, State)>,
    group: Option<&GroupField<'_>>,
) -> Option<Changelog<'a>> {
    let log = root.get("changelog")?;
    let histories = log.get("histories").map(Node::as_array).unwrap_or_default();
    let total = log.get("total").and_then(Node::as_f64);
    if let Some(total) = total
        && total > histories.len() as f64
    {
        r.warn(
            "changelog.total",
            format!(
                "the changelog holds {} of {total} histories: reopen and reassignment counts are lower bounds (fetch /issue/{{key}}/changelog for the rest)",
                histories.len()
            ),
            log.get("total").unwrap_or(&Node::Null),
        );
    }
    let mut known = StatusKnowledge {
        current,
        learned: Vec::new(),
    };
    for h in histories {
        learn_statuses(h, &mut known);
    }
    let mut events = Vec::new();
    for (i, h) in histories.iter().enumerate() {
        events.extend(history_events(
            r,
            h,
            &format!("changelog.histories[{i}]"),
            &mut known,
            group,
        ));
    }
    let done_at = events
        .iter()
        .filter(|e| e.field == EventField::State && e.to_state.is_some_and(State::is_done))
        .filter_map(|e| e.at)
        .max();
    Some(Changelog { events, done_at })
}

// ---------------------------------------------------------------------------------------------
// SLA and approvals

/// The request key or id in a servicedeskapi `_links.self`
/// (`…/rest/servicedeskapi/request/{idOrKey}/sla/{id}`); empty (the bundle's main record) when
/// the payload has none.
fn request_key<'a>(n: &Node<'a>) -> Text<'a> {
    let link = n.at("_links.self").and_then(Node::as_str).unwrap_or("");
    let key = link
        .split_once("/request/")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(""))
        .unwrap_or("");
    Text::owned(key.to_string())
}

/// SLA clocks of one JSM SLA object (a field value on the issue, `source` verdict_field, or an
/// `/sla` entry, `source` sla_rows): one per cycle.
fn sla_entries<'a>(
    r: &mut Reader<'_, '_>,
    n: &Node<'a>,
    path: &str,
    name: Option<Text<'a>>,
    source: SlaSource,
) -> Vec<SlaEntry<'a>> {
    let name = n.text_of("name").or(name);
    let mut out = Vec::new();
    let flag = |r: &mut Reader<'_, '_>, c: &Node<'_>, p: &str| -> Option<bool> {
        match c.get("breached") {
            None | Some(Node::Null) => None,
            Some(Node::Bool(b)) => Some(*b),
            Some(other) => {
                r.warn(&join(p, "breached"), "expected true or false", other);
                None
            }
        }
    };
    match n.get("completedCycles") {
        None | Some(Node::Null) => {}
        Some(Node::Arr(cycles)) => {
            for (i, c) in cycles.iter().enumerate() {
                let p = join(path, &format!("completedCycles[{i}]"));
                let breached = flag(r, c, &p);
                out.push(SlaEntry {
                    name: name.clone(),
                    stage: Some(SlaStage::Completed),
                    breached,
                    start: r
                        .time(c.get("startTime"), &join(&p, "startTime"))
                        .value()
                        .copied(),
                    due: r
                        .time(c.get("breachTime"), &join(&p, "breachTime"))
                        .value()
                        .copied(),
                    stop: r
                        .time(c.get("stopTime"), &join(&p, "stopTime"))
                        .value()
                        .copied(),
                    source: Some(source),
                });
            }
        }
        Some(other) => r.warn(
            &join(path, "completedCycles"),
            "expected a list of SLA cycles",
            other,
        ),
    }
    match n.get("ongoingCycle") {
        None | Some(Node::Null) => {}
        Some(c @ Node::Obj(_)) => {
            let p = join(path, "ongoingCycle");
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
                start: r
                    .time(c.get("startTime"), &join(&p, "startTime"))
                    .value()
                    .copied(),
                due: r
                    .time(c.get("breachTime"), &join(&p, "breachTime"))
                    .value()
                    .copied(),
                stop: None,
                source: Some(source),
            });
        }
        Some(other) => r.warn(
            &join(path, "ongoingCycle"),
            "expected an SLA cycle object",
            other,
        ),
    }
    out
}

/// One JSM approval step: each approver's decision, and the step's final decision.
fn approval_step<'a>(
    r: &mut Reader<'_, '_>,
    n: &Node<'a>,
    path: &str,
) -> (Vec<Approval<'a>>, Option<ApprovalState>) {
    let final_decision = match n.get("finalDecision") {
        None | Some(Node::Null) => None,
        Some(d) => {
            let decoded = d
                .as_str()
                .and_then(|s| approval_decision(&s.to_lowercase()));
            if decoded.is_none() {
                r.warn(
                    &join(path, "finalDecision"),
                    "unknown approval decision (expected approved, declined or pending)",
                    d,
                );
            }
            decoded
        }
    };
    let completed = r
        .time(n.get("completedDate"), &join(path, "completedDate"))
        .value()
        .copied();
    let mut out = Vec::new();
    let approvers = n.get("approvers").map(Node::as_array).unwrap_or_default();
    for (i, a) in approvers.iter().enumerate() {
        let p = join(path, &format!("approvers[{i}]"));
        let decision = a.get("approverDecision");
        let state = match decision {
            None | Some(Node::Null) => final_decision,
            Some(d) => {
                let decoded = d
                    .as_str()
                    .and_then(|s| approval_decision(&s.to_lowercase()));
                if decoded.is_none() {
                    r.warn(
                        &join(&p, "approverDecision"),
                        "unknown approval decision (expected approved, declined or pending)",
                        d,
                    );
                }
                decoded
            }
        };
        let Some(state) = state else { continue };
        let approver = r
            .reference(a.get("approver"), &join(&p, "approver"))
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

/// The issue's approval steps (the JSM "Approvals" field): individual decisions and the
/// summary (pending while any step is; else the last decided step).
fn approvals_field<'a>(
    r: &mut Reader<'_, '_>,
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
        let (approvals, decision) = approval_step(r, step, &join(path, &i.to_string()));
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

// ---------------------------------------------------------------------------------------------
// Links

/// How this issue relates to a linked one, from the link's direction phrase or type name (the
/// instance may map either with `context.choices.issuelinks`), refined by both issues' kinds.
fn link_rel(
    cx: &Context,
    type_name: &str,
    phrase: &str,
    outward: bool,
    this: Kind,
    target: Option<Type>,
) -> LinkRel {
    if let Some(rel) = [phrase, type_name]
        .into_iter()
        .find_map(|k| cx.choice("issuelinks", k))
        .and_then(LinkRel::parse)
    {
        return rel;
    }
    let p = phrase.trim().to_lowercase();
    let t = type_name.trim().to_lowercase();
    if t == "problem/incident" {
        match this {
            Kind::Incident => return LinkRel::Problem,
            Kind::Problem => return LinkRel::Incident,
            _ => {}
        }
    }
    let base = match p.as_str() {
        "causes" => LinkRel::Causes,
        "is caused by" => LinkRel::CausedBy,
        "duplicates" => LinkRel::DuplicateOf,
        "fixes" => LinkRel::Fixes,
        "is fixed by" => LinkRel::FixedBy,
        "reviews" => LinkRel::ReviewOf,
        "is reviewed by" => LinkRel::Review,
        "sub-task" | "subtask" | "is parent of" => LinkRel::Child,
        "parent" | "is child of" | "is subtask of" | "is sub-task of" => LinkRel::Parent,
        _ if t.contains("post-incident") || t.contains("post incident") => {
            if outward {
                LinkRel::ReviewOf
            } else {
                LinkRel::Review
            }
        }
        _ => LinkRel::RelatesTo,
    };
    let loose = matches!(
        base,
        LinkRel::RelatesTo | LinkRel::Causes | LinkRel::CausedBy
    );
    match (this, target) {
        (Kind::Incident, Some(Type::Record(Kind::Problem))) if loose => LinkRel::Problem,
        (Kind::Problem, Some(Type::Record(Kind::Incident))) if loose => LinkRel::Incident,
        (_, Some(Type::Review)) if matches!(base, LinkRel::RelatesTo | LinkRel::Review) => {
            LinkRel::Review
        }
        (Kind::Problem | Kind::Release, Some(Type::Record(Kind::Change)))
            if base == LinkRel::RelatesTo =>
        {
            LinkRel::Change
        }
        _ => base,
    }
}

/// A linked issue: its id (the record id), or its key.
fn linked_id<'a>(n: &Node<'a>) -> Option<Text<'a>> {
    ["id", "key"]
        .iter()
        .find_map(|k| n.get(k)?.as_text())
        .filter(|t| !t.is_blank())
}

fn linked_type(cx: &Context, n: &Node<'_>) -> Option<Type> {
    type_of(cx, n.at("fields.issuetype"), None)
}

/// Links from `issuelinks` (and the link-shaped `sub-tasks` of some payloads).
fn issue_links<'a>(
    r: &mut Reader<'_, '_>,
    list: &Node<'a>,
    path: &str,
    this: Kind,
    out: &mut Vec<Link<'a>>,
) {
    let Node::Arr(items) = list else {
        if !list.is_empty() {
            r.warn(path, "expected a list of issue links", list);
        }
        return;
    };
    for (i, l) in items.iter().enumerate() {
        let ty = l.get("type");
        let name = ty
            .and_then(|t| t.get("name"))
            .and_then(Node::as_str)
            .unwrap_or("");
        let (other, outward) = match (l.get("outwardIssue"), l.get("inwardIssue")) {
            (Some(o), _) => (o, true),
            (None, Some(i)) => (i, false),
            (None, None) => {
                r.warn(
                    &join(path, &i.to_string()),
                    "an issue link without inwardIssue or outwardIssue",
                    l,
                );
                continue;
            }
        };
        let phrase = ty
            .and_then(|t| t.get(if outward { "outward" } else { "inward" }))
            .and_then(Node::as_str)
            .unwrap_or("");
        let Some(target) = linked_id(other) else {
            r.warn(
                &join(
                    path,
                    &format!(
                        "{i}.{}",
                        if outward {
                            "outwardIssue"
                        } else {
                            "inwardIssue"
                        }
                    ),
                ),
                "a linked issue without id or key",
                other,
            );
            continue;
        };
        let target_type = linked_type(r.cx, other);
        let rel = link_rel(r.cx, name, phrase, outward, this, target_type);
        let target_kind = match target_type {
            Some(Type::Record(k)) => Some(k),
            _ => None,
        };
        push_link(
            out,
            Link {
                rel,
                target,
                target_kind,
            },
        );
    }
}

fn push_link<'a>(out: &mut Vec<Link<'a>>, link: Link<'a>) {
    if !out
        .iter()
        .any(|l| l.rel == link.rel && l.target == link.target)
    {
        out.push(link);
    }
}

/// Links to services or configuration items from an asset or service field (a list of objects).
fn object_links<'a>(
    r: &mut Reader<'_, '_>,
    n: Option<&Node<'a>>,
    path: &str,
    rel: LinkRel,
    kind: Kind,
    out: &mut Vec<Link<'a>>,
) {
    let Some(n) = n else { return };
    let items: Vec<&Node<'a>> = match n {
        Node::Arr(items) => items.iter().collect(),
        Node::Null => Vec::new(),
        other => vec![other],
    };
    for (i, item) in items.iter().enumerate() {
        let id = match item {
            Node::Obj(_) => reference_id(item),
            other => other.as_text().filter(|t| !t.is_blank()),
        };
        match id {
            Some(target) => push_link(
                out,
                Link {
                    rel,
                    target,
                    target_kind: Some(kind),
                },
            ),
            None => r.warn(
                &join(path, &i.to_string()),
                "expected an object with an id",
                item,
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Records

fn blank<'a>(id: Text<'a>, kind: Kind, raw: &'a str) -> Record<'a> {
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
fn browse_url(self_link: Option<&str>, key: Option<&str>) -> Option<String> {
    let link = self_link?;
    let base = link.find("/rest/").and_then(|cut| link.get(..cut))?;
    if !base.starts_with("https://") && !base.starts_with("http://") {
        return None;
    }
    Some(format!("{base}/browse/{}", key?))
}

/// A REST v2/v3 issue.
fn issue<'a>(
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

fn builtin_is_security(type_name: &str) -> bool {
    let lower = type_name.trim().to_lowercase();
    lower
        .strip_prefix("[system]")
        .map(str::trim)
        .unwrap_or(&lower)
        == "security incident"
}

/// A post-incident review issue: the incidents it is linked to were reviewed (a `review` link
/// on each); it is not a record of its own unless the instance maps its type with
/// `context.kinds`.
fn review_issue<'a>(
    r: &mut Reader<'_, '_>,
    fields: &Node<'a>,
    id: &Text<'a>,
    shown: &str,
) -> Result<Converted<'a>, Rejection> {
    let mut attach = Vec::new();
    for (i, l) in fields
        .get("issuelinks")
        .map(Node::as_array)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let Some(other) = l.get("outwardIssue").or_else(|| l.get("inwardIssue")) else {
            continue;
        };
        let Some(target) = linked_id(other) else {
            r.warn(
                &format!("fields.issuelinks[{i}]"),
                "a linked issue without id or key",
                l,
            );
            continue;
        };
        match linked_type(r.cx, other) {
            None | Some(Type::Record(Kind::Incident)) => attach.push(Attach {
                target,
                also: None,
                what: Attachment::Link(Link {
                    rel: LinkRel::Review,
                    target: id.clone(),
                    target_kind: None,
                }),
            }),
            Some(_) => {}
        }
    }
    if attach.is_empty() {
        return Err(r.at.reject(
            ".fields.issuelinks",
            format!("post-incident review {shown} is not linked to any incident, so it evidences no review: link it, or map its issue type with context.kinds to evaluate it as a record"),
        ));
    }
    Ok(Converted {
        record: None,
        attach,
    })
}

/// A servicedeskapi customer request (`/rest/servicedeskapi/request/{key}`).
fn request<'a>(
    root: &Node<'a>,
    raw: &'a str,
    r: &mut Reader<'_, '_>,
) -> Result<Converted<'a>, Rejection> {
    let key = root.text_of("issueKey");
    let Some(id) = root.text_of("issueId").or_else(|| key.clone()) else {
        return Err(r.at.reject(
            ".issueKey",
            "a JSM request needs an `issueId` or `issueKey`",
        ));
    };
    if root.text_of("issueId").is_none() {
        r.at.keyed_by("Jira", "issueId", "issueKey", &id);
    }
    let request_type = root.get("requestType").filter(|n| !n.is_empty());
    let type_id = root.get("requestTypeId").and_then(Node::as_text);
    let kind = mapped_kind(r.cx, request_type)
        .or_else(|| type_id.as_deref().and_then(|t| r.cx.kind_of(t)))
        .or_else(|| {
            request_type
                .and_then(|t| t.get("issueTypeId"))
                .and_then(Node::as_text)
                .and_then(|t| r.cx.kind_of(&t))
        })
        .unwrap_or(Kind::ServiceRequest);
    let mut record = blank(id, kind, raw);
    record.number = key;
    record.origin.shape = Some(Text::borrowed("servicedeskapi"));
    record.origin.table = Some(Text::borrowed("request"));
    record.origin.url = ["_links.agent", "_links.web"]
        .iter()
        .find_map(|p| root.at(p)?.as_text());

    // Request field values: by field id (their labels are the portal's, in any language).
    let values = root
        .get("requestFieldValues")
        .map(Node::as_array)
        .unwrap_or_default();
    let value_of = |fid: &str| -> Option<(usize, &Node<'a>)> {
        values
            .iter()
            .enumerate()
            .find(|(_, v)| v.get("fieldId").and_then(Node::as_str) == Some(fid))
            .and_then(|(i, v)| Some((i, v.get("value")?)))
    };
    let read_level = |r: &mut Reader<'_, '_>,
                      fid: Option<&str>,
                      tables: &[&str],
                      map: &[(&str, u8)]|
     -> Field<Level<'a>> {
        match fid.and_then(value_of) {
            Some((i, v)) => r.level(
                Some(v),
                &format!("requestFieldValues[{i}].value"),
                tables,
                map,
            ),
            None => Field::Absent,
        }
    };
    if let Some((i, v)) = value_of("summary") {
        record.title = r.text(Some(v), &format!("requestFieldValues[{i}].value"));
    }
    record.priority = read_level(r, Some("priority"), &["priority"], PRIORITY);
    let impact_id = r.cx.field("impact");
    record.impact = read_level(
        r,
        impact_id,
        &[impact_id.unwrap_or("impact"), "impact"],
        IMPACT,
    );
    let urgency_id = r.cx.field("urgency");
    record.urgency = read_level(
        r,
        urgency_id,
        &[urgency_id.unwrap_or("urgency"), "urgency"],
        URGENCY,
    );
    record.requester = r.reference(root.get("reporter"), "reporter");
    record.opened_at = r.time(root.get("createdDate"), "createdDate");

    // State from the current status's category.
    if let Some(c) = root.get("currentStatus").filter(|n| !n.is_empty()) {
        let name = c.get("status").and_then(Node::as_text);
        record.state_label = name.clone();
        let category = c.get("statusCategory").and_then(Node::as_text);
        // A done request: the servicedeskapi has no resolution; read it as the issue API would.
        match status_state(r.cx, None, name.as_deref(), category.as_deref(), None, true) {
            Some(s) => record.state = Field::Value(s),
            None => r.warn(
                "currentStatus.statusCategory",
                "unknown status category (map the status with context.choices.status)",
                c,
            ),
        }
        let done = record.state.value().is_some_and(|s| s.is_done());
        let since = r.time(c.get("statusDate"), "currentStatus.statusDate");
        record.resolved_at = if done { since.clone() } else { Field::Null };
        record.closed_at = match record.state.value() {
            Some(State::Closed | State::Cancelled) => since,
            _ => Field::Null,
        };
    }

    // Expanded SLA and status history.
    if let Some(sla) = root.get("sla") {
        let mut entries = Vec::new();
        for (i, v) in sla
            .get("values")
            .map(Node::as_array)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            entries.extend(sla_entries(
                r,
                v,
                &format!("sla.values[{i}]"),
                None,
                SlaSource::SlaRows,
            ));
        }
        record.sla = Some(entries);
    }
    let mut counts = None;
    if let Some(status) = root.get("status") {
        let mut steps: Vec<(Option<Instant>, Option<State>)> = Vec::new();
        for (i, v) in status
            .get("values")
            .map(Node::as_array)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let at = r
                .time(
                    v.get("statusDate"),
                    &format!("status.values[{i}].statusDate"),
                )
                .value()
                .copied();
            let name = v.get("status").and_then(Node::as_str);
            let category = v.get("statusCategory").and_then(Node::as_str);
            steps.push((at, status_state(r.cx, None, name, category, None, true)));
        }
        crate::util::sort::sort_by_key(&mut steps, |s| s.0);
        let events: Vec<Event<'_>> = steps
            .windows(2)
            .filter_map(|w| match w {
                [a, b] => Some(Event {
                    at: b.0,
                    field: EventField::State,
                    from_state: a.1,
                    to_state: b.1,
                    from: None,
                    to: None,
                }),
                _ => None,
            })
            .collect();
        counts = Some(history::counts(&events).0);
    }
    let item = match request_type
        .and_then(|t| t.get("name"))
        .and_then(Node::as_text)
    {
        Some(n) => Field::Value(n),
        None => Field::from_option(type_id),
    };
    match kind {
        Kind::ServiceRequest => {
            record.category = item.clone();
            record.request = Some(Box::new(RequestDetail {
                item,
                ..RequestDetail::default()
            }));
        }
        Kind::Incident => {
            record.category = item;
            record.incident = Some(Box::new(IncidentDetail {
                reopen_count: counts.map(Field::Value).unwrap_or(Field::Absent),
                ..IncidentDetail::default()
            }));
        }
        _ => {}
    }
    Ok(record.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adf_reads_as_plain_text_with_block_lines() {
        let text = r#"{"type":"doc","version":1,"content":[
            {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Rollback"}]},
            {"type":"bulletList","content":[
                {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"Stop "},{"type":"text","text":"service","marks":[{"type":"strong"}]}]}]},
                {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"Restore"},{"type":"hardBreak"},{"type":"text","text":"snapshot by "},{"type":"mention","attrs":{"id":"1","text":"@Ana"}}]}]}
            ]}]}"#;
        let node: Node = serde_json::from_str(text).unwrap();
        let mut out = String::new();
        adf_text(&node, &mut out);
        assert_eq!(
            out.trim(),
            "Rollback\nStop service\nRestore\nsnapshot by @Ana"
        );
    }

    #[test]
    fn request_keys_come_from_self_links() {
        let node: Node = serde_json::from_str(r#"{"_links":{"self":"https://x.atlassian.net/rest/servicedeskapi/request/HELP-7/sla/2"}}"#).unwrap();
        assert_eq!(&*request_key(&node), "HELP-7");
        let none: Node = serde_json::from_str(r#"{"id":"2"}"#).unwrap();
        assert_eq!(&*request_key(&none), "");
    }
}
