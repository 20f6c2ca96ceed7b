//! Jira Software / Jira Service Management: REST v2 and v3 issues (names and changelog expanded), servicedeskapi requests, SLA and approval payloads.
//!
//! Field notes: `../shared/reference/itsm-formats.md`.

use super::{Adapter, Context, Converted, Cursor, KeySet, Rejection};

pub struct Jira;

impl Adapter for Jira {
    fn tool(&self) -> &'static str {
        "jira"
    }

    fn detect(&self, keys: &KeySet) -> bool {
        keys.all(&["key", "fields"]) || keys.all(&["issueKey", "requestTypeId"]) || keys.any(&["completedCycles", "ongoingCycle", "finalDecision"])
    }

    fn convert<'a>(&self, _raw: &'a str, _cx: &Context, at: &mut Cursor<'_>) -> Result<Converted<'a>, Rejection> {
        Err(at.reject("", "the Jira adapter is not available yet"))
    }
}
