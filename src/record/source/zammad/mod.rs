//! Zammad REST /api/v1: tickets (with or without `expand=true`), their links
//! (`GET /api/v1/links`) and history (`GET /api/v1/ticket_history/{id}`) as related payloads,
//! and the escalation fields as SLA clocks.
//!
//! States are read by id (and the instance's `choices` for added states), or by state type when
//! the payload carries it; the state name is only a fallback for the seed names, since admins
//! rename and add states. Reference lists (ticket states, priorities, articles, SLA definitions)
//! are not tickets: they are rejected with a message that says what they are.
//!
//! The module follows the reading of one element: [`ticket`](mod@ticket) builds the record,
//! with its [`status`] and [`sla`] clocks; [`links`](mod@links) and [`ticket_history`] are
//! related payloads.
//!
//! The corpus cases in `tests/conformance/zammad.json` pin what each field becomes.

mod links;
mod sla;
mod status;
#[cfg(test)]
mod tests;
mod ticket;
mod ticket_history;

use super::doc::{self, Doc, Node};
use super::{key_set, Adapter, Context, Conversion, Converted, Cursor, Envelope, Holds, KeySet};
use links::links;
use ticket::ticket;
use ticket_history::history;

pub struct Zammad;

/// The top-level keys `detect` and `record_keys` read: the input scan notes only the keys some
/// tool of the build declares (`envelope/keys.rs` gathers them at compile time).
pub(super) const SIGNATURE_KEYS: &[&str] = &["state_id", "priority_id", "group_id", "article_count", "link_type", "link_object_value"];
/// Keys read from the input scan's members by name (none: the reader reads the element itself).
pub(super) const MEMBER_KEYS: &[&str] = &[];

impl Adapter for Zammad {
    fn envelopes(&self) -> &'static [Envelope] {
        // `?all=true` / search answers: `tickets` holds ids, the tickets are in `assets.Ticket`.
        const {
            &[Envelope {
                key: "tickets",
                path: "$.tickets",
                holds: Holds::IdsWithRecordsIn {
                    member: "assets",
                    map: "Ticket",
                    path: "$.assets.Ticket",
                },
            }]
        }
    }

    fn detect(&self, keys: &KeySet) -> bool {
        keys.all(key_set!["state_id", "priority_id", "group_id"])
            || keys.any(key_set!["article_count"])
            || keys.all(key_set!["link_type", "link_object_value"])
    }

    fn convert<'a>(&self, raw: &'a str, cx: &Context, at: &mut Cursor<'_>) -> Conversion<'a> {
        let root = doc::parse(raw, at, "a Zammad payload")?;
        let has = |k: &str| root.get(k).is_some();
        let ticket_like =
            has("state_id") || has("priority_id") || has("article_count") || has("group_id");
        if !ticket_like {
            if has("links") || has("link_type") {
                return links(&root, cx, at);
            }
            if has("history") {
                return history(&root, cx, at);
            }
            if let Some(message) = reference_data(&root) {
                return Err(at.reject("", message));
            }
            if !has("number") && !has("title") {
                return Err(at.reject(
                    "",
                    "not a Zammad ticket (no state_id, priority_id, group_id, number or title)",
                ));
            }
        }
        ticket(raw, &mut Doc::new(&root, cx, at)).map(Converted::from)
    }
}

/// What a Zammad payload that is not a ticket is, when it is one of the reference lists.
fn reference_data(root: &Node<'_>) -> Option<&'static str> {
    let has = |k: &str| root.get(k).is_some();
    Some(if has("state_type_id") || has("ignore_escalation") {
        "a Zammad ticket state definition (GET /api/v1/ticket_states) is reference data, not a ticket; map added states with context.choices.state_id"
    } else if has("ui_color") || has("ui_icon") || (has("default_create") && has("name")) {
        "a Zammad ticket priority definition (GET /api/v1/ticket_priorities) is reference data, not a ticket; map added priorities with context.choices.priority_id"
    } else if has("ticket_id") && (has("sender_id") || has("body") || has("content_type")) {
        "a Zammad ticket article (GET /api/v1/ticket_articles/by_ticket/{id}) is a message of a ticket, not a ticket; it is not evaluated"
    } else if has("first_response_time") || has("solution_time") || has("calendar_id") {
        "a Zammad SLA definition (GET /api/v1/slas) holds targets, not results; SLA results are read from the tickets' escalation fields"
    } else {
        return None;
    })
}
