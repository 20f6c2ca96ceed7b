//! Znuny / OTRS GenericInterface TicketGet, with DynamicField and StateType.
//!
//! Field notes: `../shared/reference/itsm-formats.md`.

use super::{Adapter, Context, Converted, Cursor, KeySet, Rejection};

pub struct Znuny;

impl Adapter for Znuny {
    fn tool(&self) -> &'static str {
        "znuny"
    }

    fn detect(&self, keys: &KeySet) -> bool {
        keys.any(&["TicketID", "TicketNumber", "StateType"])
    }

    fn convert<'a>(&self, _raw: &'a str, _cx: &Context, at: &mut Cursor<'_>) -> Result<Converted<'a>, Rejection> {
        Err(at.reject("", "the Znuny adapter is not available yet"))
    }
}
