//! What the ticket-tool adapters share (Zammad, Znuny and Freshservice, and parts of GLPI and
//! iTop): a record carrying the tool's origin, the detail object of its kind, levels from a
//! code and its label, canonical code decoders, SLA clocks from a tool's own verdict fields, the
//! tool fields an instance maps in `context.fields`, and rich text read as plain text.
//!
//! Each piece is compiled only with the adapters that use it, so a smaller build (`make
//! wasm-servicenow`) carries none of it.

mod clock;
#[cfg(any(feature = "zammad", feature = "znuny", feature = "freshservice"))]
mod codes;
#[cfg(any(feature = "zammad", feature = "znuny", feature = "freshservice"))]
mod custom;
#[cfg(any(feature = "glpi", feature = "itop"))]
mod html;
#[cfg(any(feature = "zammad", feature = "znuny", feature = "freshservice"))]
mod levels;
#[cfg(any(feature = "zammad", feature = "znuny", feature = "freshservice"))]
mod record;

#[cfg(feature = "glpi")]
pub(super) use clock::solved_at;
#[cfg(any(feature = "zammad", feature = "znuny", feature = "freshservice"))]
pub(super) use clock::{Reading, verdict_clocks};
pub(super) use clock::{clock_stage, verdict_clock};
#[cfg(any(feature = "zammad", feature = "znuny", feature = "freshservice"))]
pub(super) use codes::{approval_code, outcome_code, risk_code};
#[cfg(any(feature = "zammad", feature = "znuny", feature = "freshservice"))]
pub(super) use custom::{Slot, apply_custom_fields};
#[cfg(any(feature = "glpi", feature = "itop"))]
pub(super) use html::{decode_entities, html_to_text};
#[cfg(any(feature = "zammad", feature = "znuny", feature = "freshservice"))]
pub(super) use levels::coded_level;
#[cfg(any(feature = "zammad", feature = "znuny"))]
pub(super) use record::ticket_id;
#[cfg(any(feature = "zammad", feature = "znuny", feature = "freshservice"))]
pub(super) use record::{blank_record, ensure_detail};

#[cfg(any(feature = "glpi", feature = "freshservice"))]
use crate::record::{model::ApprovalState, value::Field};

/// Whether a request needs an approval, from its approval state: one that was asked for
/// (whatever its answer) was required.
#[cfg(any(feature = "glpi", feature = "freshservice"))]
pub(super) fn approval_required(approval: &Field<ApprovalState>) -> Field<bool> {
    match approval {
        Field::Value(ApprovalState::NotRequested | ApprovalState::NotRequired) => {
            Field::Value(false)
        }
        Field::Value(_) => Field::Value(true),
        _ => Field::Absent,
    }
}
