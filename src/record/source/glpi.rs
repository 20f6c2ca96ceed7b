//! GLPI REST apiv1: Ticket, Problem, Change, their link items (Problem_Ticket, Change_Ticket, Item_Ticket, …) and validations; numeric codes or expand_dropdowns names; search results.
//!
//! Field notes: `../shared/reference/itsm-formats.md`.

use super::{Adapter, Context, Converted, Cursor, KeySet, Rejection};

pub struct Glpi;

impl Adapter for Glpi {
    fn tool(&self) -> &'static str {
        "glpi"
    }

    fn detect(&self, keys: &KeySet) -> bool {
        keys.any(&["users_id_recipient", "itilcategories_id", "global_validation", "users_id_validate"]) || keys.all(&["entities_id", "date_mod"]) || (keys.has("tickets_id") && keys.any(&["problems_id", "changes_id", "items_id"])) || keys.all(&["1", "2"])
    }

    fn convert<'a>(&self, _raw: &'a str, _cx: &Context, at: &mut Cursor<'_>) -> Result<Converted<'a>, Rejection> {
        Err(at.reject("", "the Glpi adapter is not available yet"))
    }
}
