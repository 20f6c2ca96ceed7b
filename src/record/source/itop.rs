//! iTop REST core/get: UserRequest, Incident, Problem, Normal/Emergency/RoutineChange, FunctionalCI objects.
//!
//! Field notes: `../shared/reference/itsm-formats.md`.

use super::{Adapter, Context, Converted, Cursor, KeySet, Rejection};

pub struct Itop;

impl Adapter for Itop {
    fn tool(&self) -> &'static str {
        "itop"
    }

    fn detect(&self, keys: &KeySet) -> bool {
        keys.all(&["class", "fields"]) || keys.all(&["finalclass", "ref"]) || keys.has("operational_status")
    }

    fn convert<'a>(&self, _raw: &'a str, _cx: &Context, at: &mut Cursor<'_>) -> Result<Converted<'a>, Rejection> {
        Err(at.reject("", "the Itop adapter is not available yet"))
    }
}
