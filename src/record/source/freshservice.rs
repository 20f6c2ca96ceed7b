//! Freshservice API v2: tickets, changes, problems, releases.
//!
//! Field notes: `../shared/reference/itsm-formats.md`.

use super::{Adapter, Context, Converted, Cursor, KeySet, Rejection};

pub struct Freshservice;

impl Adapter for Freshservice {
    fn tool(&self) -> &'static str {
        "freshservice"
    }

    fn detect(&self, keys: &KeySet) -> bool {
        keys.any(&["requester_id", "fr_due_by", "responder_id", "workspace_id", "requested_for_id", "analysis_fields"]) || keys.all(&["change_type", "planned_start_date"]) || keys.all(&["release_type", "planning_fields"])
    }

    fn convert<'a>(&self, _raw: &'a str, _cx: &Context, at: &mut Cursor<'_>) -> Result<Converted<'a>, Rejection> {
        Err(at.reject("", "the Freshservice adapter is not available yet"))
    }
}
