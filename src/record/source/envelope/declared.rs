//! The envelopes tools wrap their records in, as each tool's adapter declares them.

use super::super::Source;
use super::keys::KeySet;

/// An envelope a tool wraps its records in, `{"<key>": …}`, as the tool's adapter declares it
/// ([`super::super::Adapter::envelopes`]).
#[derive(Clone, Copy, Debug)]
pub struct Envelope {
    /// The top-level member holding the records.
    pub key: &'static str,
    /// Its JSON path (`$.<key>`): the base of the records' paths.
    pub path: &'static str,
    pub holds: Holds,
}

/// What an envelope's member holds.
#[derive(Clone, Copy, Debug)]
pub enum Holds {
    /// An array of records, or one record object.
    Records,
    /// Records, with a sibling member naming the custom fields of every record of the page
    /// (Jira's `names` expansion).
    RecordsNamedBy(&'static str),
    /// A map of records by id (iTop's `objects`).
    Map,
    /// Ids only, the records being a map by id in `member`.`map` (Zammad's `tickets` ids with
    /// the tickets in `assets.Ticket`); without that map this is not the tool's envelope.
    IdsWithRecordsIn {
        member: &'static str,
        map: &'static str,
        path: &'static str,
    },
}

impl Envelope {
    /// An envelope holding an array of records or one record.
    pub const fn records(key: &'static str, path: &'static str) -> Envelope {
        Envelope {
            key,
            path,
            holds: Holds::Records,
        }
    }
}

/// `{"records": […]}`: canonical records, or any tool's.
pub(super) const GENERIC: Envelope = Envelope::records("records", "$.records");

/// Top-level keys that make an object a record rather than an envelope, whatever its tool; each
/// adapter adds its own ([`super::super::Adapter::record_keys`]).
pub(super) const RECORD_KEYS: &[&str] = &["kind", "id", "bundle"];

/// Every envelope of the build with the tool it implies: the generic one, then each tool's.
pub(super) fn envelopes() -> impl Iterator<Item = (Option<Source>, &'static Envelope)> {
    std::iter::once((None, &GENERIC)).chain(
        super::super::tools()
            .flat_map(|(source, a)| a.envelopes().iter().map(move |e| (Some(source), e))),
    )
}

/// Whether an object with these top-level keys is a record (of any tool of the build).
pub(super) fn looks_like_record(keys: &KeySet) -> bool {
    keys.any_named(RECORD_KEYS)
        || super::super::tools().any(|(_, a)| keys.any_named(a.record_keys()))
}
