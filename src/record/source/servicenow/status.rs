//! States: per-table state codes and labels, a ticket's or task's state, a CI's lifecycle.

use super::codes::{install_status, operational_status, sla_stage};
use super::read::F;
use super::reader::Reader;
use super::table::Table;
use crate::record::model::*;
use crate::record::value::{Field, Text};

/// State code → meaning, per table.
pub(super) fn state_from_code(table: Table, code: i64) -> Option<State> {
    use State::*;
    Some(match table {
        Table::Incident => match code {
            1 => New,
            2 => InProgress,
            3..=5 => OnHold,
            6 => Resolved,
            7 => Closed,
            8 => Cancelled,
            _ => return None,
        },
        // Security incidents (sn_si_incident) have their own lifecycle: Draft, Analysis, Contain,
        // Eradicate, Recover, Review, Closed, Cancelled.
        Table::SecurityIncident => match code {
            10 => New,
            16 | 18 | 19 | 20 => InProgress,
            100 => Resolved,
            3 => Closed,
            7 => Cancelled,
            _ => return None,
        },
        Table::Problem => match code {
            101 => New,
            102..=104 => InProgress,
            106 => Resolved,
            107 => Closed,
            // The pre-Madrid problem_state model.
            1 => InProgress,
            2 | 3 => InProgress,
            4 => Closed,
            _ => return None,
        },
        Table::Change => match code {
            -5 => New,
            -4..=-1 => InProgress,
            0 => Resolved,
            3 => Closed,
            4 => Cancelled,
            _ => return None,
        },
        Table::RequestItem => match code {
            -5 | 1 => New,
            2 => InProgress,
            -4 | -3 => OnHold,
            3 => Closed,
            4 => Cancelled,
            7 => Cancelled,
            _ => return None,
        },
        // Problem tasks (Madrid+): 151 New, 152 Assess, 154 Work in Progress, 157 Closed; older
        // instances use the task codes below.
        Table::ProblemTask => match code {
            151 => New,
            152 | 154 => InProgress,
            157 => Closed,
            _ => return task_state_code(code),
        },
        // The task table's codes (change_task, sc_task): -5 Pending, 1 Open, 2 Work in
        // Progress, 3 Closed Complete, 4 Closed Incomplete, 7 Closed Skipped.
        Table::ChangeTask => return task_state_code(code),
        Table::TaskSla
        | Table::Approval
        | Table::TaskCi
        | Table::Audit
        | Table::Ci
        | Table::Service => return None,
    })
}

pub(super) fn task_state_code(code: i64) -> Option<State> {
    Some(match code {
        -5 | 1 => State::New,
        2 => State::InProgress,
        3 => State::Closed,
        4 | 7 => State::Cancelled,
        _ => return None,
    })
}

/// State label → meaning (English and Japanese base-system labels).
pub(super) fn state_from_label(label: &str) -> Option<State> {
    use State::*;
    Some(match &*crate::util::lowercase(label.trim(), &mut [0; 64]) {
        "new" | "open" | "pending" | "新規" | "オープン" | "保留中(開始前)" => New,
        "in progress"
        | "work in progress"
        | "assess"
        | "authorize"
        | "scheduled"
        | "implement"
        | "root cause analysis"
        | "fix in progress"
        | "known error"
        | "pending change"
        | "進行中"
        | "作業中"
        | "評価"
        | "承認"
        | "スケジュール済み"
        | "実装"
        | "根本原因分析"
        | "修正中" => InProgress,
        "on hold" | "awaiting user info" | "awaiting evidence" | "保留" | "保留中" => OnHold,
        "resolved" | "review" | "解決済み" | "レビュー" => Resolved,
        "closed" | "closed complete" | "closed/resolved" | "クローズ" | "クローズ済み" | "完了"
        | "終了" => Closed,
        "canceled"
        | "cancelled"
        | "closed incomplete"
        | "closed skipped"
        | "キャンセル"
        | "キャンセル済み" => Cancelled,
        _ => return None,
    })
}

pub(super) fn read_state<'a>(
    r: &mut Reader<'_, 'a, '_, '_>,
    table: Table,
    record: &mut Record<'a>,
) {
    match table {
        Table::TaskSla => {
            let stage = r.choice(F::stage, "SLA stage", sla_stage);
            record.state = stage.map(|s| match s {
                SlaStage::InProgress => State::InProgress,
                SlaStage::Paused => State::OnHold,
                SlaStage::Completed => State::Closed,
                SlaStage::Cancelled => State::Cancelled,
            });
            record.state_label = r.label(F::stage).or_else(|| r.code_text(F::stage));
        }
        Table::Ci | Table::Service => {
            let (state, label) = ci_state(r);
            record.state = state;
            record.state_label = label;
        }
        _ => {
            let closed = record.closed_at.value().is_some();
            let resolved = record.resolved_at.value().is_some();
            let (state, label) = ticket_state(r, table, closed, resolved);
            record.state = state;
            record.state_label = label;
        }
    }
}

/// A ticket's or task's state: the instance's `choices` first, then the table's codes, then
/// the base-system labels; a label the engine does not know (a custom or translated one) falls
/// back to the lifecycle timestamps and the active flag rather than to the label's words.
pub(super) fn ticket_state<'a>(
    r: &mut Reader<'_, 'a, '_, '_>,
    table: Table,
    closed: bool,
    resolved: bool,
) -> (Field<State>, Option<Text<'a>>) {
    let field = if r.field(F::state).present {
        F::state
    } else {
        F::incident_state
    };
    if !r.field(field).present {
        return (Field::Absent, None);
    }
    let label = r.label(field).or_else(|| r.code_text(field));
    if let Some(mapped) = r.mapped(field) {
        return match State::parse(&mapped) {
            Some(state) => (Field::Value(state), label),
            None => {
                let shown = r.field(field).describe();
                r.at.warn(
                    field.key(),
                    format!("context.choices maps this state to {mapped:?}, which is not a canonical state"),
                    &shown,
                );
                (Field::Absent, label)
            }
        };
    }
    let code = r
        .code_text(field)
        .and_then(|c| c.trim().parse::<f64>().ok());
    let meaning = match code {
        Some(c) if c.fract() == 0.0 => state_from_code(table, c as i64),
        _ => r.label(field).and_then(|l| state_from_label(&l)),
    };
    let meaning = meaning.or_else(|| {
        if closed {
            Some(State::Closed)
        } else if resolved {
            Some(State::Resolved)
        } else {
            match r.boolean(F::active) {
                Field::Value(true) => Some(State::InProgress),
                _ => None,
            }
        }
    });
    match meaning {
        Some(state) => (Field::Value(state), label),
        None => {
            let shown = r.field(field).describe();
            r.at.warn(
                field.key(),
                "unknown state for this table (map it with context.choices)",
                &shown,
            );
            (Field::Absent, label)
        }
    }
}

/// A CI's lifecycle from `install_status` and `operational_status`: retired when either says
/// so, otherwise the install status (the asset's lifecycle) before the operational one.
pub(super) fn ci_state<'a>(r: &mut Reader<'_, 'a, '_, '_>) -> (Field<State>, Option<Text<'a>>) {
    let install = r.choice(F::install_status, "install status", install_status);
    let operational = r.choice(
        F::operational_status,
        "operational status",
        operational_status,
    );
    let label_of = |r: &Reader<'_, 'a, '_, '_>, f: F| r.label(f).or_else(|| r.code_text(f));
    let (state, from) = match (install.value().copied(), operational.value().copied()) {
        (_, Some(State::Retired)) => (Field::Value(State::Retired), Some(F::operational_status)),
        (Some(s), _) => (Field::Value(s), Some(F::install_status)),
        (None, Some(s)) => (Field::Value(s), Some(F::operational_status)),
        (None, None) => match (install, operational) {
            (Field::Null, Field::Null | Field::Absent) | (Field::Absent, Field::Null) => {
                (Field::Null, None)
            }
            _ => (Field::Absent, None),
        },
    };
    (state, from.and_then(|f| label_of(r, f)))
}
