//! Zammad REST /api/v1: tickets (with expand), links, SLAs and escalation fields.
//!
//! Field notes: `../shared/reference/itsm-formats.md`.

use super::{Adapter, Context, Converted, Cursor, KeySet, Rejection};

pub struct Zammad;

impl Adapter for Zammad {
    fn tool(&self) -> &'static str {
        "zammad"
    }

    fn detect(&self, keys: &KeySet) -> bool {
        keys.all(&["state_id", "priority_id", "group_id"]) || keys.has("article_count") || keys.all(&["link_type", "link_object_value"])
    }

    fn convert<'a>(&self, _raw: &'a str, _cx: &Context, at: &mut Cursor<'_>) -> Result<Converted<'a>, Rejection> {
        Err(at.reject("", "the Zammad adapter is not available yet"))
    }
}
