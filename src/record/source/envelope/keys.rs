//! Signature keys: the top-level keys that tell tools apart, noted for each element during the
//! scan.

use super::scan::Scan;

use super::lookup::KeyTable;

macro_rules! signature_keys {
    ($($key:literal),* $(,)?) => {
        /// Top-level keys that tell tools apart (an element's signature), read during the scan.
        const SIGNATURE_KEYS: &[&str] = &[$($key),*];

        /// Where each signature key sits in [`SIGNATURE_KEYS`]. The lookup runs for every key
        /// of every record, and most keys are none: a table built at compile time answers with
        /// one hash and one compare.
        static SIGNATURE: KeyTable<{ SIGNATURE_KEYS.len() }> = KeyTable::new([$($key),*]);
    };
}

/// Position of a signature key.
fn key_index(key: &str) -> Option<usize> {
    SIGNATURE.position(key)
}

signature_keys! {// ServiceNow
    "sys_id", "sys_class_name", "sys_created_on", "sys_updated_on", "task", "sysapproval", "ci_item",
    // canonical
    "kind",
    // Jira / JSM
    "key", "fields", "self", "issueKey", "requestTypeId", "completedCycles", "ongoingCycle", "finalDecision", "approvers",
    // GLPI
    "users_id_recipient", "itilcategories_id", "entities_id", "global_validation", "date_mod", "tickets_id",
    "problems_id", "changes_id", "itemtype", "items_id", "users_id_validate", "1", "2", "12",
    // Zammad
    "state_id", "priority_id", "group_id", "customer_id", "article_count", "link_type", "link_object_value",
    // iTop
    "class", "code", "finalclass", "operational_status", "ref",
    // Znuny / OTRS
    "TicketID", "TicketNumber", "StateType", "DynamicField", "Queue",
    // Freshservice
    "requester_id", "fr_due_by", "responder_id", "workspace_id", "change_type", "planned_start_date",
    "requested_for_id", "department_id", "analysis_fields", "release_type", "planning_fields", "known_error",
    // shared
    "id", "number", "status", "type", "title", "bundle"
}

/// Which signature keys an element has at its top level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeySet(u128);

impl KeySet {
    pub(super) fn note(&mut self, key: &str) {
        if let Some(i) = key_index(key) {
            self.0 |= 1 << i;
        }
    }

    /// Whether the element has this top-level key (only keys of the signature list are kept).
    pub fn has(&self, key: &str) -> bool {
        debug_assert!(
            SIGNATURE_KEYS.contains(&key),
            "{key} is not a signature key"
        );
        key_index(key).is_some_and(|i| self.0 & (1 << i) != 0)
    }

    /// Whether the element has every one of these keys.
    pub fn all(&self, keys: &[&str]) -> bool {
        keys.iter().all(|k| self.has(k))
    }

    /// Whether the element has at least one of these keys.
    pub fn any(&self, keys: &[&str]) -> bool {
        keys.iter().any(|k| self.has(k))
    }
}

/// Reads an element's top-level keys with the structural scan (values are skipped, not parsed).
/// `None` when the element is not an object or is malformed: its adapter then reports why.
pub fn top_level_keys(raw: &str) -> Option<KeySet> {
    let mut scan = Scan {
        text: raw,
        b: raw.as_bytes(),
        i: 0,
    };
    scan.ws();
    if scan.peek() != Some(b'{') {
        return None;
    }
    scan.object_keys().ok()
}
