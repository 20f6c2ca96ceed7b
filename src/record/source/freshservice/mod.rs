//! Freshservice API v2: tickets (incidents and service requests), changes, problems, releases.
//!
//! The envelope (`tickets`, `change`, `problems` …) is unwrapped before the adapter sees an
//! element, so the kind comes from the element's path and from field signatures (`change_type`,
//! `release_type`, `analysis_fields` …); an element that fits neither is read as a ticket, with a
//! warning. Codes are numeric and mapped to the canonical scales keeping the tool's code;
//! instance-specific statuses go through `context.choices`.
//!
//! The module follows the reading of one element: [`kind`] says which module it is,
//! [`record`](mod@record) reads what every module has, [`status`] its codes and [`details`]
//! each module's own fields.
//!
//! The corpus cases in `tests/conformance/freshservice.json` pin what each field becomes.

mod details;
mod kind;
mod record;
mod status;

use super::doc::{self, Doc, Node};
use super::{key_set, Adapter, Context, Conversion, Converted, Cursor, Envelope, KeySet};
use crate::record::model::{Kind, LinkRel};
use record::record;

pub struct Freshservice;

/// The top-level keys `detect` and `record_keys` read: the input scan notes only the keys some
/// tool of the build declares (`envelope/keys.rs` gathers them at compile time).
pub(super) const SIGNATURE_KEYS: &[&str] = &["requester_id", "fr_due_by", "responder_id", "workspace_id", "requested_for_id", "analysis_fields", "change_type", "planned_start_date", "release_type", "planning_fields"];
/// Keys read from the input scan's members by name (none: the reader reads the element itself).
pub(super) const MEMBER_KEYS: &[&str] = &[];

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
        keys.any(key_set![
            "requester_id",
            "fr_due_by",
            "responder_id",
            "workspace_id",
            "requested_for_id",
            "analysis_fields",
        ]) || keys.all(key_set!["change_type", "planned_start_date"])
            || keys.all(key_set!["release_type", "planning_fields"])
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
