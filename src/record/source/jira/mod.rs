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

mod codes;
mod details;
mod fields;
mod links;
mod read;
mod records;
mod request;
mod review;
mod sla;
mod status;
#[cfg(test)]
mod tests;

use super::doc::{self, Doc, Node};
use super::{key_set, 
    Adapter, Attach, Attachment, Context, Conversion, Converted, Cursor, Envelope, Holds, KeySet,
    Rejection,
};
use crate::record::model::*;
use crate::record::value::Text;
use read::{At, Reader};
use records::issue;
use request::request;
use sla::{approval_step, request_key, sla_entries};
use status::{StatusKnowledge, history_events};

pub struct Jira;

/// The top-level keys `detect` and `record_keys` read: the input scan notes only the keys some
/// tool of the build declares (`envelope/keys.rs` gathers them at compile time).
pub(super) const SIGNATURE_KEYS: &[&str] = &["key", "issueKey", "fields", "self", "completedCycles", "ongoingCycle", "finalDecision", "class", "code", "finalclass"];
/// Keys read from the input scan's members by name (none: the reader reads the element itself).
pub(super) const MEMBER_KEYS: &[&str] = &[];

impl Adapter for Jira {
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
        let itop = keys.any(key_set!["class", "code", "finalclass"]);
        (!itop && (keys.any(key_set!["fields"]) || keys.all(key_set!["key", "self"])))
            || keys.any(key_set!["issueKey"])
            || keys.any(key_set!["completedCycles", "ongoingCycle", "finalDecision"])
    }

    fn convert<'a>(&self, raw: &'a str, cx: &Context, at: &mut Cursor<'_>) -> Conversion<'a> {
        let root = doc::parse(raw, at, "a Jira payload")?;
        let mut r = Doc::new(&root, cx, at);
        if root.get("fields").is_some() {
            return issue(&root, raw, &mut r);
        }
        if root.get("issueKey").is_some() || root.get("requestTypeId").is_some() {
            return request(&root, raw, &mut r);
        }
        if root.get("completedCycles").is_some() || root.get("ongoingCycle").is_some() {
            let target = request_key(&root);
            let entries = sla_entries(&mut r, &root, &At::Path(""), None, SlaSource::SlaRows);
            return Ok(Converted::attached_to(
                target,
                entries.into_iter().map(Attachment::Sla),
            ));
        }
        if root.get("finalDecision").is_some() {
            let target = request_key(&root);
            let (approvals, _) = approval_step(&mut r, &root, &At::Path(""));
            return Ok(Converted::attached_to(
                target,
                approvals.into_iter().map(Attachment::Approval),
            ));
        }
        if root.get("items").is_some() && root.get("created").is_some() {
            // One history of a paged changelog (`/issue/{key}/changelog` → `values`): it belongs
            // to the bundle's main record.
            let mut known = StatusKnowledge::default();
            let events = history_events(&mut r, &root, &At::Path(""), &mut known, None);
            return Ok(Converted::attached_to(
                Text::borrowed(""),
                events.into_iter().map(Attachment::Event),
            ));
        }
        fieldless(&root, &mut r)
    }
}

/// An element without `fields`: a changelog-only issue, or something that is not a record.
fn fieldless<'a>(root: &Node<'a>, r: &mut Reader<'_, '_, '_>) -> Result<Converted<'a>, Rejection> {
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
                &At::Item(&At::Path("changelog"), "histories", i),
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
