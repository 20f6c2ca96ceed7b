//! ServiceNow: Table API records (sysparm_display_value false / true / all), Change Management
//! API value/display pairs, and legacy JSONv2, for incident, sn_si_incident, problem,
//! change_request, sc_req_item, task_sla and cmdb_ci (with its classes; business and technical
//! services are services).
//!
//! Related rows have no record of their own and are joined to their task within one input (or
//! to a bundle's record): sysapproval_approver rows are approvals, task_ci rows affected-CI
//! links, problem_task / change_task rows child links (a closed review task of a change is its
//! `review`), and sys_audit rows state / assignment / priority events, from which the engine
//! counts reopens and reassignments.
//!
//! Evaluation runs on codes, never on translated labels: a display-only payload is read through
//! the code inside labels such as "2 - Medium" and through the meaning of state labels (English
//! and Japanese base labels), with timestamps and `active` as the last resort.
//!
//! The module follows the reading of one element: [`read`] (the fast byte path and the serde
//! fallback, over [`field`]), [`table`] (which table, which encoding), [`reader`] (typed values),
//! [`codes`] and [`status`] (what codes and labels mean), [`sla`], [`related`] rows, and
//! [`records`], which builds the record.

mod codes;
mod details;
mod field;
pub mod form;
mod read;
mod reader;
mod records;
mod related;
mod sla;
mod status;
mod table;
#[cfg(test)]
mod tests;

use super::{key_set, Adapter, Context, Conversion, Cursor, Envelope, KeySet};

pub struct ServiceNow;

/// The top-level keys `detect` and `record_keys` read: the input scan notes only the keys some
/// tool of the build declares (`envelope/keys.rs` gathers them at compile time).
pub(super) const SIGNATURE_KEYS: &[&str] = &["sys_id", "sys_class_name", "sys_created_on", "sys_updated_on", "sysapproval", "task", "ci_item"];
/// The fields the fast reader takes from the input scan's members by their key's id.
pub(super) const MEMBER_KEYS: &[&str] = &read::FIELD_KEYS;

impl Adapter for ServiceNow {
    fn envelopes(&self) -> &'static [Envelope] {
        // Table API pages, and one record (`GET …/{sys_id}`).
        const { &[Envelope::records("result", "$.result")] }
    }

    fn record_keys(&self) -> &'static [&'static str] {
        &["sys_id"]
    }

    fn detect(&self, keys: &KeySet) -> bool {
        // ServiceNow-only system fields: a record missing its sys_id is still recognised, so
        // the adapter can say what is wrong with it. Approval and task_ci rows fetched with
        // only their own fields are recognised by them.
        keys.any(key_set![
            "sys_id",
            "sys_class_name",
            "sys_created_on",
            "sys_updated_on",
            "sysapproval",
        ]) || keys.all(key_set!["task", "ci_item"])
    }

    fn convert<'a>(&self, raw: &'a str, cx: &Context, at: &mut Cursor<'_>) -> Conversion<'a> {
        // Some fields feed two canonical fields (end_time is the SLA stop and the closing
        // time): a value that cannot be read is reported once.
        let before = at.warnings.len();
        let out = self.convert_element(raw, cx, at);
        // Only this element's warnings are compared (a few): the input's earlier ones are not.
        if at.warnings.len() > before + 1 {
            let mine = at.warnings.split_off(before);
            for w in mine {
                let repeated = at
                    .warnings
                    .get(before..)
                    .unwrap_or_default()
                    .iter()
                    .any(|k| k.path == w.path && k.message == w.message);
                if !repeated {
                    at.warnings.push(w);
                }
            }
        }
        out
    }
}
