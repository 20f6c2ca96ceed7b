//! Which table a record comes from and how its values are encoded.

use super::super::{Context, Cursor};
use super::ServiceNow;
use super::codes::APPROVAL_CODES;
use super::field::Scalar;
use super::read::{F, SnRecord};
use super::related::bundle_group;

/// How the record encodes its values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Mode {
    /// `sysparm_display_value=false`: codes (references as `{link, value}` or bare sys_ids).
    Values,
    /// `sysparm_display_value=true`: labels only.
    Display,
    /// `sysparm_display_value=all` or the Change Management API: both.
    Both,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Table {
    Incident,
    SecurityIncident,
    Problem,
    Change,
    RequestItem,
    TaskSla,
    /// Tasks of a problem or a change: no canonical kind of their own, joined to their parent.
    ProblemTask,
    ChangeTask,
    /// Related rows: approvals, affected CIs and the audit trail of other records.
    Approval,
    TaskCi,
    Audit,
    /// `cmdb_ci` and its classes; business and technical services are services.
    Ci,
    Service,
}

impl Table {
    pub(super) fn name(self) -> &'static str {
        match self {
            Table::Incident => "incident",
            Table::SecurityIncident => "sn_si_incident",
            Table::Problem => "problem",
            Table::Change => "change_request",
            Table::RequestItem => "sc_req_item",
            Table::TaskSla => "task_sla",
            Table::ProblemTask => "problem_task",
            Table::ChangeTask => "change_task",
            Table::Approval => "sysapproval_approver",
            Table::TaskCi => "task_ci",
            Table::Audit => "sys_audit",
            Table::Ci => "cmdb_ci",
            Table::Service => "cmdb_ci_service",
        }
    }

    pub(super) fn from_name(name: &str) -> Option<Table> {
        Some(match name {
            "incident" => Table::Incident,
            "sn_si_incident" => Table::SecurityIncident,
            "problem" => Table::Problem,
            "change_request" => Table::Change,
            "sc_req_item" => Table::RequestItem,
            "task_sla" => Table::TaskSla,
            "problem_task" => Table::ProblemTask,
            "change_task" => Table::ChangeTask,
            "sysapproval_approver" => Table::Approval,
            "task_ci" => Table::TaskCi,
            "sys_audit" => Table::Audit,
            // Business and technical services (CSDM) and their offerings form the service
            // catalogue; application services (cmdb_ci_service_auto, _discovered, …) are CIs.
            "cmdb_ci_service"
            | "cmdb_ci_service_business"
            | "cmdb_ci_service_technical"
            | "service_offering" => Table::Service,
            n if n.starts_with("cmdb_ci") => Table::Ci,
            _ => return None,
        })
    }

    pub(super) fn from_number(number: &str) -> Option<Table> {
        let prefix: String = number
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        Some(match prefix.as_str() {
            "INC" => Table::Incident,
            "SIR" => Table::SecurityIncident,
            "PRB" => Table::Problem,
            "CHG" => Table::Change,
            "RITM" => Table::RequestItem,
            "PTASK" => Table::ProblemTask,
            "CTASK" => Table::ChangeTask,
            _ => return None,
        })
    }

    /// Tables whose rows are tickets read by the common record path.
    pub(super) fn is_ticket(self) -> bool {
        matches!(
            self,
            Table::Incident
                | Table::SecurityIncident
                | Table::Problem
                | Table::Change
                | Table::RequestItem
        )
    }
}

impl ServiceNow {
    pub(super) fn detect_mode(rec: &SnRecord<'_>, table: Table) -> Mode {
        let mut display_objects = false;
        // The answer does not depend on the fields' order: the present ones are enough.
        for field in &rec.present {
            if field.object && field.value.is_some() && field.display.is_some() {
                return Mode::Both;
            }
            if field.object && field.display.is_some() {
                display_objects = true;
            }
        }
        if display_objects {
            return Mode::Display;
        }
        // Plain strings: codes are numeric in these fields, labels are not; an approval's state
        // code is one of a few lower-case words.
        for f in [
            F::state,
            F::priority,
            F::impact,
            F::urgency,
            F::incident_state,
            F::install_status,
            F::operational_status,
        ] {
            if let Some(Scalar::Str(t)) = &rec.get(f).value {
                if t.is_blank() {
                    continue;
                }
                let code = match (table, f) {
                    // Base codes, or an instance's own (lower-case words like `awaiting_cab`);
                    // labels are capitalised or translated.
                    (Table::Approval, F::state) => {
                        APPROVAL_CODES.contains(&t.trim())
                            || t.trim()
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                    }
                    _ => t.trim().parse::<i64>().is_ok(),
                };
                return if code { Mode::Values } else { Mode::Display };
            }
        }
        Mode::Values
    }

    pub(super) fn table(rec: &SnRecord<'_>, cx: &Context, at: &Cursor<'_>) -> Option<Table> {
        let class = rec.get(F::sys_class_name);
        let named = match (&class.value, &class.display) {
            (Some(Scalar::Str(t)), _) => Some(&**t),
            (_, Some(t)) => Some(&**t),
            _ => None,
        };
        if let Some(table) = named.and_then(Table::from_name) {
            return Some(table);
        }
        // A bundle's related payloads are grouped by table (`"related": {"task_ci": [...]}`).
        if let Some(table) = bundle_group(at).and_then(Table::from_name) {
            return Some(table);
        }
        // Rows of the related tables carry no sys_class_name but unmistakable fields.
        let has = |f: F| rec.get(f).present;
        if has(F::sysapproval) || (has(F::document_id) && has(F::approver)) {
            return Some(Table::Approval);
        }
        if has(F::task) && has(F::ci_item) {
            return Some(Table::TaskCi);
        }
        if has(F::tablename) && has(F::documentkey) && has(F::fieldname) {
            return Some(Table::Audit);
        }
        if let Some(table) = cx.table.as_deref().and_then(Table::from_name) {
            return Some(table);
        }
        let number = rec.get(F::number);
        let number = match (&number.value, &number.display) {
            (Some(Scalar::Str(t)), _) => Some(t.clone()),
            (_, Some(t)) => Some(t.clone()),
            _ => None,
        };
        if let Some(table) = number.as_deref().and_then(Table::from_number) {
            return Some(table);
        }
        let sla_like = [F::has_breached, F::sla, F::task, F::stage]
            .iter()
            .filter(|f| rec.get(**f).present)
            .count();
        if sla_like >= 3 {
            return Some(Table::TaskSla);
        }
        (has(F::install_status) || has(F::operational_status)).then_some(Table::Ci)
    }
}
