//! ServiceNow's codes and their base-system labels (English and Japanese) → canonical values.

use crate::record::model::*;

/// The number in front of labels such as "2 - High" or "1 - 重大".
pub(super) fn leading_code(label: &str) -> Option<u8> {
    // The digits as a slice of the label: not a String per label read (CSV rows give labels).
    let label = label.trim_start();
    let digits = label.bytes().take_while(u8::is_ascii_digit).count();
    label.get(..digits)?.parse().ok()
}

/// `sysapproval_approver.state` codes (the display labels differ: "Not Yet Requested", "No
/// Longer Required").
pub(super) const APPROVAL_CODES: &[&str] = &[
    "not requested",
    "not_yet_requested",
    "requested",
    "approved",
    "rejected",
    "cancelled",
    "not_required",
    "duplicate",
];

pub(super) fn approval_state(text: &str) -> Option<ApprovalState> {
    Some(match text {
        "not requested" | "not yet requested" | "not_requested" | "not_yet_requested"
        | "未要求" => ApprovalState::NotRequested,
        "requested" | "要求済み" => ApprovalState::Requested,
        "approved" | "承認済み" => ApprovalState::Approved,
        "rejected" | "却下" | "却下済み" => ApprovalState::Rejected,
        "cancelled" | "canceled" | "キャンセル済み" => ApprovalState::Cancelled,
        // An approver row marked duplicate (the same approver decided on another row) asks
        // for no decision of its own.
        "not_required" | "not required" | "no longer required" | "duplicate" | "不要" => {
            ApprovalState::NotRequired
        }
        _ => return None,
    })
}

pub(super) fn change_type(text: &str) -> Option<ChangeType> {
    Some(match text {
        "standard" | "標準" => ChangeType::Standard,
        "normal" | "通常" => ChangeType::Normal,
        "emergency" | "緊急" => ChangeType::Emergency,
        _ => return None,
    })
}

/// Risk codes conflict between ServiceNow releases; labels are preferred when present.
pub(super) fn risk_label(text: &str) -> Option<Risk> {
    Some(match text {
        "very high" | "very_high" | "非常に高い" => Risk::VeryHigh,
        "high" | "高" | "高い" => Risk::High,
        "moderate" | "medium" | "中" | "中程度" => Risk::Moderate,
        "low" | "低" | "低い" => Risk::Low,
        // Base-system codes (sys_choice on change_request.risk).
        "1" => Risk::VeryHigh,
        "2" => Risk::High,
        "3" => Risk::Moderate,
        "4" => Risk::Low,
        _ => return None,
    })
}

pub(super) fn change_outcome(text: &str) -> Option<Outcome> {
    Some(match text {
        "successful" | "成功" => Outcome::Successful,
        "successful_issues"
        | "successful_with_issues"
        | "successful with issues"
        | "問題ありで成功" => Outcome::SuccessfulWithIssues,
        "unsuccessful" | "失敗" | "不成功" => Outcome::Unsuccessful,
        "cancelled" | "canceled" => Outcome::Cancelled,
        _ => return None,
    })
}

/// `cmdb_ci.install_status` → lifecycle (codes of the base system; labels in English).
pub(super) fn install_status(text: &str) -> Option<State> {
    Some(match text {
        "1" | "installed" => State::Active,
        "3" | "in maintenance" | "in_maintenance" => State::Active,
        "5" | "pending repair" | "pending_repair" => State::Active,
        // Absent: discovery no longer finds it. It is still in the CMDB and needs verifying.
        "100" | "absent" => State::Active,
        "0" | "implementing" => State::Draft,
        "2" | "on order" | "on_order" => State::Draft,
        "4" | "pending install" | "pending_install" => State::Draft,
        "6" | "in stock" | "in_stock" => State::Draft,
        "7" | "retired" => State::Retired,
        "8" | "stolen" => State::Retired,
        other => {
            return State::parse(other)
                .filter(|s| matches!(s, State::Draft | State::Active | State::Retired));
        }
    })
}

/// `cmdb_ci.operational_status` → lifecycle. Pipeline / catalogue / retired are the stages of
/// the service portfolio, so "Catalog" is a live service.
pub(super) fn operational_status(text: &str) -> Option<State> {
    Some(match text {
        "1" | "operational" => State::Active,
        "2" | "non-operational" | "non_operational" => State::Active,
        "3" | "repair in progress" | "repair_in_progress" => State::Active,
        "4" | "dr standby" | "dr_standby" => State::Active,
        "5" | "ready" => State::Active,
        "8" | "catalog" => State::Active,
        "7" | "pipeline" => State::Draft,
        "6" | "retired" => State::Retired,
        other => {
            return State::parse(other)
                .filter(|s| matches!(s, State::Draft | State::Active | State::Retired));
        }
    })
}

/// `cmdb_ci_service.busines_criticality` ("1 - most critical" … "4 - not critical"): only the
/// top level counts as critical.
pub(super) fn criticality(text: &str) -> Option<bool> {
    match text {
        "true" => Some(true),
        "false" => Some(false),
        _ => match leading_code(text)? {
            1 => Some(true),
            2..=4 => Some(false),
            _ => None,
        },
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum TaskType {
    Planning,
    Implementation,
    Testing,
    Review,
    RootCause,
    General,
}

/// A decoder of a task type's codes.
pub(super) type TaskTypeCodes = fn(&str) -> Option<TaskType>;

pub(super) fn change_task_type(text: &str) -> Option<TaskType> {
    Some(match text {
        "planning" | "計画" => TaskType::Planning,
        "implementation" | "実装" => TaskType::Implementation,
        "testing" | "テスト" => TaskType::Testing,
        "review" | "レビュー" => TaskType::Review,
        _ => return None,
    })
}

pub(super) fn problem_task_type(text: &str) -> Option<TaskType> {
    Some(match text {
        "rca" | "root_cause_analysis" | "root cause analysis" | "根本原因分析" => {
            TaskType::RootCause
        }
        "general" | "一般" => TaskType::General,
        _ => return None,
    })
}

pub(super) fn sla_stage(text: &str) -> Option<SlaStage> {
    Some(match text {
        "in_progress" | "in progress" | "進行中" => SlaStage::InProgress,
        "paused" | "一時停止" => SlaStage::Paused,
        "completed" | "achieved" | "breached" | "完了" => SlaStage::Completed,
        "cancelled" | "canceled" | "キャンセル済み" => SlaStage::Cancelled,
        _ => return None,
    })
}
