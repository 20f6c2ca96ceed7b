//! iTop REST core/get: UserRequest, Incident, Problem, Normal/Emergency/RoutineChange,
//! FunctionalCI objects.
//!
//! The corpus cases in `tests/conformance/itop.json` pin what each field becomes.
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
//!
//! The module follows the reading of one element: [`class`] says what the object is; [`ticket`]
//! builds a ticket (its [`status`], [`approvals`], [`links`], [`sla`] clocks and [`problem`]
//! detail) and [`ci`] a functional CI, both reading [`text`] values.

mod approvals;
mod ci;
mod class;
mod links;
mod problem;
mod sla;
mod status;
mod text;
mod ticket;

use super::doc::{self, Doc, Node};
use super::{key_set, Adapter, Context, Conversion, Cursor, Envelope, Holds, KeySet, Rejection};
use crate::record::model::Origin;
use crate::record::value::Text;
use class::Class;

pub struct Itop;

/// The top-level keys `detect` and `record_keys` read: the input scan notes only the keys some
/// tool of the build declares (`envelope/keys.rs` gathers them at compile time).
pub(super) const SIGNATURE_KEYS: &[&str] = &["class", "fields", "finalclass", "ref", "operational_status", "sys_id", "sys_class_name"];
/// Keys read from the input scan's members by name (none: the reader reads the element itself).
pub(super) const MEMBER_KEYS: &[&str] = &[];

impl Adapter for Itop {
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
        keys.all(key_set!["class", "fields"])
            || keys.all(key_set!["finalclass", "ref"])
            || (keys.any(key_set!["operational_status"]) && !keys.any(key_set!["sys_id", "sys_class_name"]))
    }

    fn convert<'a>(&self, raw: &'a str, cx: &Context, at: &mut Cursor<'_>) -> Conversion<'a> {
        let root = doc::parse(raw, at, "an iTop object")?;
        let (fields, prefix) = fields_of(&root, at)?;
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
        let key = object_key(&root, fields, reference.as_ref(), prefix, at)?;
        let class = Class::resolve(cx, fields, class_name.as_deref(), reference.as_deref(), at)?;
        let class_label = class_name.unwrap_or_else(|| Text::borrowed(class.name()));
        let mut doc = Doc {
            root: fields,
            cx,
            at,
            prefix,
        };
        let mut record = match class {
            Class::Ci => ci::ci(&mut doc, key, class_label.clone()),
            _ => ticket::ticket(&mut doc, key, reference, class),
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

/// The object's attributes with their path prefix: `core/get` elements wrap them in `fields`
/// (an element iTop answered with an error code is rejected); a bare object is its own fields.
fn fields_of<'r, 'a>(
    root: &'r Node<'a>,
    at: &mut Cursor<'_>,
) -> Result<(&'r Node<'a>, &'static str), Rejection> {
    let (fields, prefix) = match root.get("fields") {
        Some(f @ Node::Obj(_)) => (f, "fields."),
        Some(other) if !other.is_empty() => {
            return Err(at.reject(".fields", "an iTop object's `fields` must be an object"));
        }
        _ => (root, ""),
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
    Ok((fields, prefix))
}

/// The object's key. Without it, a ticket is keyed by its reference (R-000123, I-000042 …),
/// unique per instance; a CI has no such reference.
fn object_key<'a>(
    root: &Node<'a>,
    fields: &Node<'a>,
    reference: Option<&Text<'a>>,
    prefix: &str,
    at: &mut Cursor<'_>,
) -> Result<Text<'a>, Rejection> {
    if let Some(key) = root.text_of("key").or_else(|| fields.text_of("id")) {
        return Ok(key);
    }
    match reference {
        Some(r) => {
            at.keyed_by("iTop", "key", "ref", r);
            Ok(r.clone())
        }
        None => Err(at.reject(
            if prefix.is_empty() { ".id" } else { ".key" },
            "an iTop object needs its key (or, for a ticket, its ref)",
        )),
    }
}
