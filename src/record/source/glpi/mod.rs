//! GLPI REST apiv1: Ticket, Problem, Change, their link items (Problem_Ticket, Change_Ticket,
//! Item_Ticket, …) and validations; numeric codes or expand_dropdowns names; search results.
//!
//! The corpus cases in `tests/conformance/glpi.json` pin what each field becomes.
//!
//! - Records: `GET apirest.php/{Ticket|Problem|Change}/{id}` (the item type comes from the
//!   HATEOAS `links`, or from the type-specific fields). The record `id` is the GLPI id as text;
//!   GLPI has no separate human number.
//! - Codes, never labels: `status` 1..14 per item type, Ticket `type` 1 incident / 2 request,
//!   `urgency`/`impact` 1 (very low) .. 5 (very high), `priority` 1 .. 6 (6 = major),
//!   `global_validation` 1 none / 2 waiting / 3 accepted / 4 refused. Unknown codes warn and can
//!   be mapped through the instance context (`choices`).
//! - `expand_dropdowns=true` turns foreign keys into names; both forms are read, and related
//!   items find their parent's id in the HATEOAS `links` when the key became a name.
//! - Rich text (`content`, the Change plans, Problem analysis) is HTML, entity-encoded up to
//!   GLPI 10; it is read as plain text, so an empty editor paragraph counts as empty.
//! - Naive `Y-m-d H:i:s` times are in the instance time zone (`context.timeZone`).
//! - SLA family (b): deadlines on the ticket (`time_to_own`, `time_to_resolve` and the OLA
//!   `internal_*` ones) against `takeintoaccountdate` / `solvedate`.
//! - Related items are separate payloads joined by the engine: `Problem_Ticket`,
//!   `Change_Ticket`, `Change_Problem` (links both ways), `Item_Ticket` / `Change_Item` /
//!   `Item_Problem` (affected CIs), `TicketValidation` / `ChangeValidation` (approvals).
//! - Search results (`apirest.php/search/Ticket`, a `data` envelope keyed by search-option
//!   ids) become minimal ticket records.
//!
//! The module follows the reading of one element: [`shape`] says what it is; [`item`](mod@item)
//! builds a Ticket, Problem or Change (its [`codes`], [`text`] values and [`sla`] clocks, the
//! reopens in its [`logs`]), [`search`] a search row; [`related`] items attach to their
//! parent, found through [`keys`].

mod codes;
mod item;
mod keys;
mod logs;
mod related;
mod search;
mod shape;
mod sla;
mod text;

use super::doc;
use super::{key_set, Adapter, Context, Conversion, Cursor, Envelope, KeySet};
use item::item;
use related::{actor, asset, log_row, pair, solution, timeline_item, validation};
use search::search_row;
use shape::{Shape, classify};

pub struct Glpi;

/// The GLPI ITIL item types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Itil {
    Ticket,
    Problem,
    Change,
}

impl Itil {
    const ALL: [Itil; 3] = [Itil::Ticket, Itil::Problem, Itil::Change];

    fn name(self) -> &'static str {
        match self {
            Itil::Ticket => "Ticket",
            Itil::Problem => "Problem",
            Itil::Change => "Change",
        }
    }

    fn from_name(name: &str) -> Option<Itil> {
        Itil::ALL
            .into_iter()
            .find(|i| i.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The foreign key related items use for it.
    fn key(self) -> &'static str {
        match self {
            Itil::Ticket => "tickets_id",
            Itil::Problem => "problems_id",
            Itil::Change => "changes_id",
        }
    }

    fn form(self) -> &'static str {
        match self {
            Itil::Ticket => "ticket",
            Itil::Problem => "problem",
            Itil::Change => "change",
        }
    }
}

/// The top-level keys `detect` and `record_keys` read: the input scan notes only the keys some
/// tool of the build declares (`envelope/keys.rs` gathers them at compile time).
pub(super) const SIGNATURE_KEYS: &[&str] = &["users_id_recipient", "itilcategories_id", "global_validation", "users_id_validate", "entities_id", "date_mod", "tickets_id", "problems_id", "changes_id", "itemtype", "items_id", "kind", "1", "2"];
/// Keys read from the input scan's members by name (none: the reader reads the element itself).
pub(super) const MEMBER_KEYS: &[&str] = &[];

impl Adapter for Glpi {
    fn envelopes(&self) -> &'static [Envelope] {
        // The search endpoint's rows.
        const { &[Envelope::records("data", "$.data")] }
    }

    fn detect(&self, keys: &KeySet) -> bool {
        keys.any(key_set![
            "users_id_recipient",
            "itilcategories_id",
            "global_validation",
            "users_id_validate",
        ]) || keys.all(key_set!["entities_id", "date_mod"])
            || keys.any(key_set!["tickets_id", "problems_id", "changes_id"])
            || (keys.all(key_set!["itemtype", "items_id"]) && !keys.any(key_set!["kind"]))
            || keys.all(key_set!["1", "2"])
    }

    fn convert<'a>(&self, raw: &'a str, cx: &Context, at: &mut Cursor<'_>) -> Conversion<'a> {
        let root = doc::parse(raw, at, "a GLPI item")?;
        let Some(shape) = classify(&root) else {
            return Err(at.reject(
                "",
                "not a GLPI Ticket, Problem or Change (nor one of their link items, validations or search rows)",
            ));
        };
        match shape {
            Shape::Search => search_row(&root, raw, cx, at),
            Shape::Item(itil) => item(&root, raw, itil, cx, at),
            Shape::Pair(a, b) => pair(&root, a, b, at),
            Shape::Asset(parent) => asset(&root, parent, at),
            Shape::Validation(parent) => validation(&root, parent, cx, at),
            Shape::Actor(parent) => Ok(actor(&root, parent, at)),
            Shape::Timeline(parent, shape::SOLUTION) => Ok(solution(&root, parent, at)),
            Shape::Timeline(parent, what) => Ok(timeline_item(&root, parent, what, at)),
            Shape::Log => Ok(log_row(&root, at)),
        }
    }
}
