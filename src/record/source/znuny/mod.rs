//! Znuny / OTRS GenericInterface TicketGet (`{"Ticket": [{…}]}`, and the single flattened object
//! some clients return), with DynamicField and StateType.
//!
//! Ids come as strings or numbers; states are classified by `StateType` (the `State` name is the
//! admin's, and only meaningful through `context.choices`); `Created`/`Changed` are naive times
//! in the system zone (`context.timeZone`); escalation times are epoch seconds ("0" = none).
//! The ITSM bundle's dynamic fields give impact (`ITSMImpact`), urgency (`ITSMCriticality`), the
//! review requirement (`ITSMReviewRequired`) and the decision (`ITSMDecisionResult`); any dynamic
//! field named in `context.fields` is read too.
//!
//! The module follows the reading of one element: [`ticket`](mod@ticket) builds the record,
//! with its [`status`], [`dynamic`] fields and [`sla`] clocks.
//!
//! The corpus cases in `tests/conformance/znuny.json` pin what each field becomes.

mod dynamic;
mod sla;
mod status;
mod ticket;

use super::doc::{self, Doc, Node};
use super::{key_set, Adapter, Context, Conversion, Converted, Cursor, Envelope, KeySet};
use crate::record::model::{Kind, LinkRel};
use ticket::ticket;

pub struct Znuny;

/// The top-level keys `detect` and `record_keys` read: the input scan notes only the keys some
/// tool of the build declares (`envelope/keys.rs` gathers them at compile time).
pub(super) const SIGNATURE_KEYS: &[&str] = &["TicketID", "TicketNumber", "StateType"];
/// Keys read from the input scan's members by name (none: the reader reads the element itself).
pub(super) const MEMBER_KEYS: &[&str] = &[];

impl Adapter for Znuny {
    fn envelopes(&self) -> &'static [Envelope] {
        // TicketGet's answer.
        const { &[Envelope::records("Ticket", "$.Ticket")] }
    }

    fn record_keys(&self) -> &'static [&'static str] {
        &["TicketID"]
    }

    fn carried_links(&self, _kind: Kind) -> Option<&'static [LinkRel]> {
        // TicketGet has no LinkObject links; the service is a field of the ticket.
        Some(&[LinkRel::Service])
    }

    fn detect(&self, keys: &KeySet) -> bool {
        keys.any(key_set!["TicketID", "TicketNumber", "StateType"])
    }

    fn convert<'a>(&self, raw: &'a str, cx: &Context, at: &mut Cursor<'_>) -> Conversion<'a> {
        let root = doc::parse(raw, at, "a Znuny ticket")?;
        // The GenericInterface answers failures with `{"Error": {ErrorCode, ErrorMessage}}`.
        if let Some(error) = root.get("Error").filter(|_| root.get("TicketID").is_none()) {
            let part = |k: &str| {
                error
                    .get(k)
                    .and_then(Node::as_text)
                    .map(|t| t.to_string())
                    .unwrap_or_default()
            };
            return Err(at.reject(
                ".Error",
                format!(
                    "the web service answered with an error, not a ticket: {} {}",
                    part("ErrorCode"),
                    part("ErrorMessage")
                )
                .trim_end()
                .to_string(),
            ));
        }
        ticket(raw, &mut Doc::new(&root, cx, at)).map(Converted::from)
    }
}
