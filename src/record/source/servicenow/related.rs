//! Related rows (approvals, affected CIs, problem and change tasks, the audit trail): no record
//! of their own, each joined to the task it names within the input or to a bundle's record.

use super::super::first_present;
use super::super::history::{Event, EventField};
use super::super::{Attach, Attachment, Converted, Cursor, Rejection};
use super::codes::{TaskType, TaskTypeCodes, approval_state, change_task_type, problem_task_type};
use super::read::F;
use super::reader::Reader;
use super::status::{state_from_code, ticket_state};
use super::table::Table;
use crate::record::model::*;
use crate::record::value::{Field, Text};

/// Whether the element is a related payload of a bundle (`{"bundle", "record", "related"}`):
/// rows there belong to the bundle's record unless they name another.
pub(super) fn in_bundle(at: &Cursor<'_>) -> bool {
    at.path().contains(".related[") || at.path().contains(".related.")
}

/// The group name of a bundle's related payload (`$.related.task_ci[0]` → `task_ci`).
pub(super) fn bundle_group<'p>(at: &'p Cursor<'_>) -> Option<&'p str> {
    let (_, rest) = at.path().rsplit_once(".related.")?;
    rest.split('[').next().filter(|name| !name.is_empty())
}

/// The record a related row belongs to: the first of `fields` holding a reference (a sys_id, or
/// a number in display-value payloads; the engine joins on both), with the reference's display
/// value beside a sys_id (the task's number: it joins the row to a record keyed by its number).
/// Inside a bundle a row that names none belongs to the bundle's record (an empty target);
/// elsewhere it is rejected.
pub(super) fn related_target<'a>(
    r: &mut Reader<'_, 'a, '_, '_>,
    fields: &[F],
    what: &str,
) -> Result<Target<'a>, Rejection> {
    for f in fields {
        if let Field::Value(t) = r.reference(*f) {
            return Ok((t, r.reference_display(*f)));
        }
    }
    if in_bundle(r.at) {
        return Ok((Text::borrowed(""), None));
    }
    let names = fields
        .iter()
        .map(|f| f.key())
        .collect::<Vec<_>>()
        .join(" or ");
    let first = fields.first().map_or("", |f| f.key());
    Err(r.at.reject(
        &format!(".{first}"),
        format!("{what} names no record ({names}): nothing to join it to"),
    ))
}

pub(super) fn nothing<'a>() -> Converted<'a> {
    Converted {
        record: None,
        attach: Vec::new(),
    }
}

/// The key of the record a related row belongs to, and another key naming the same record.
pub(super) type Target<'a> = (Text<'a>, Option<Text<'a>>);

pub(super) fn attach_one<'a>((target, also): Target<'a>, what: Attachment<'a>) -> Converted<'a> {
    Converted {
        record: None,
        attach: vec![Attach { target, also, what }],
    }
}

/// Warns that a row cannot be joined for want of `f`, showing what it holds.
pub(super) fn not_joined(r: &mut Reader<'_, '_, '_, '_>, f: F, message: &str) {
    let shown = if r.field(f).present {
        r.field(f).describe()
    } else {
        String::new()
    };
    r.at.warn(f.key(), message, &shown);
}

/// A `sysapproval_approver` row: one decision on the task it approves (`sysapproval`, or
/// `document_id` for approvals of other tables). The row's last update is the decision time.
#[inline(never)]
pub(super) fn approval_row<'a>(r: &mut Reader<'_, 'a, '_, '_>) -> Result<Converted<'a>, Rejection> {
    let target = related_target(r, &[F::sysapproval, F::document_id], "the approval row")?;
    let state = match r.choice(F::state, "approval state", approval_state) {
        Field::Value(s) => s,
        // An unknown code: `choice` reported it with its value.
        Field::Absent if r.field(F::state).present => return Ok(nothing()),
        _ => {
            not_joined(r, F::state, "approval row without a state: not joined");
            return Ok(nothing());
        }
    };
    let approver = r.reference(F::approver).value().cloned();
    let group = r.reference(F::group).value().cloned();
    let at = first_present([r.instant(F::sys_updated_on), r.instant(F::sys_created_on)])
        .value()
        .copied();
    Ok(attach_one(
        target,
        Attachment::Approval(Approval {
            state,
            approver,
            group,
            at,
        }),
    ))
}

/// A `task_ci` row: a configuration item the task affects.
#[inline(never)]
pub(super) fn task_ci_row<'a>(r: &mut Reader<'_, 'a, '_, '_>) -> Result<Converted<'a>, Rejection> {
    let target = related_target(r, &[F::task], "the task_ci row")?;
    match r.reference(F::ci_item) {
        Field::Value(ci) => Ok(attach_one(
            target,
            Attachment::Link(Link {
                rel: LinkRel::AffectsCi,
                target: ci,
                target_kind: Some(Kind::ConfigurationItem),
            }),
        )),
        _ => {
            not_joined(r, F::ci_item, "task_ci row names no CI: not joined");
            Ok(nothing())
        }
    }
}

/// A `problem_task` or `change_task` row. Tasks have no canonical kind: each becomes a link
/// on its problem or change (`child`), and a change's review task closed complete is its
/// post-implementation review (`review`).
#[inline(never)]
pub(super) fn task_row<'a>(
    r: &mut Reader<'_, 'a, '_, '_>,
    table: Table,
) -> Result<Converted<'a>, Rejection> {
    let id = match (r.reference(F::sys_id), r.text(F::number)) {
        (Field::Value(id), _) | (_, Field::Value(id)) => id,
        _ => {
            return Err(r
                .at
                .reject(".sys_id", format!("a {} row needs a sys_id", table.name())));
        }
    };
    let (parent_field, type_field, decode): (F, F, TaskTypeCodes) = match table {
        Table::ChangeTask => (F::change_request, F::change_task_type, change_task_type),
        _ => (F::problem, F::problem_task_type, problem_task_type),
    };
    let target = related_target(
        r,
        &[parent_field, F::parent],
        &format!("the {} row", table.name()),
    )?;
    let closed = r.instant(F::closed_at).value().is_some();
    let (state, _) = ticket_state(r, table, closed, false);
    let task_type = r.choice(type_field, "task type", decode);
    let rel = match (table, task_type.value(), state.value()) {
        (Table::ChangeTask, Some(TaskType::Review), Some(State::Closed)) => LinkRel::Review,
        _ => LinkRel::Child,
    };
    Ok(attach_one(
        target,
        Attachment::Link(Link {
            rel,
            target: id,
            target_kind: None,
        }),
    ))
}

/// The table whose state codes an audit row's `tablename` names.
pub(super) fn audited_table(name: &str) -> Option<Table> {
    match Table::from_name(name) {
        Some(t) if t.is_ticket() || matches!(t, Table::ProblemTask | Table::ChangeTask) => Some(t),
        // Catalogue tasks and the task table itself use the task codes.
        None if matches!(name, "sc_task" | "task") => Some(Table::ChangeTask),
        _ => None,
    }
}

/// One side of an audited state change, decoded with the codes of the audited table (after
/// the instance's `choices` for `<table>.state`).
pub(super) fn audit_state(
    r: &mut Reader<'_, '_, '_, '_>,
    tablename: &str,
    f: F,
    raw: Option<&Text<'_>>,
) -> Option<State> {
    let raw = raw?.trim();
    let path = format!("{tablename}.state");
    if let Some(mapped) = r.cx.choice(&path, raw) {
        let state = State::parse(&mapped.trim().to_lowercase());
        if state.is_none() {
            not_joined(
                r,
                f,
                &format!(
                    "context.choices maps this state to {mapped:?}, which is not a canonical state"
                ),
            );
        }
        return state;
    }
    let Some(table) = audited_table(tablename) else {
        not_joined(
            r,
            F::tablename,
            &format!(
                "state codes of table {tablename} are not known: the state change is not counted (map them with context.choices \"{tablename}.state\")"
            ),
        );
        return None;
    };
    let state = raw
        .parse::<i64>()
        .ok()
        .and_then(|c| state_from_code(table, c));
    if state.is_none() {
        not_joined(
            r,
            f,
            &format!("unknown state code of table {tablename} (map it with context.choices)"),
        );
    }
    state
}

/// A `sys_audit` row: a change of state, assignment group, assignee or priority of the record
/// `documentkey`, so reopen and reassignment counts come from the audit trail. Rows of other
/// fields are read and left aside, and so are `incident_state` / `problem_state`, which
/// ServiceNow audits together with `state` (reading both would count each reopen twice).
#[inline(never)]
pub(super) fn audit_row<'a>(r: &mut Reader<'_, 'a, '_, '_>) -> Result<Converted<'a>, Rejection> {
    let target = related_target(r, &[F::documentkey], "the audit row")?;
    let field = match r.text(F::fieldname) {
        Field::Value(name) => match name.trim() {
            "state" => EventField::State,
            "assignment_group" => EventField::AssignmentGroup,
            "assigned_to" => EventField::Assignee,
            "priority" => EventField::Priority,
            _ => return Ok(nothing()),
        },
        _ => {
            not_joined(r, F::fieldname, "audit row without a fieldname: not joined");
            return Ok(nothing());
        }
    };
    let at = r.instant(F::sys_created_on).value().copied();
    let from = r.text(F::oldvalue).value().cloned();
    let to = r.text(F::newvalue).value().cloned();
    let (mut from_state, mut to_state) = (None, None);
    if field == EventField::State {
        let Some(tablename) = r.text(F::tablename).value().map(|t| t.trim().to_string()) else {
            not_joined(
                r,
                F::tablename,
                "a state change without its table cannot be decoded: not joined",
            );
            return Ok(nothing());
        };
        from_state = audit_state(r, &tablename, F::oldvalue, from.as_ref());
        to_state = audit_state(r, &tablename, F::newvalue, to.as_ref());
        // A side that could not be decoded (warned) makes the change unknown: joining it would
        // let the engine count the history as complete.
        let decoded =
            |raw: &Option<Text<'_>>, state: Option<State>| raw.is_none() || state.is_some();
        if !decoded(&from, from_state)
            || !decoded(&to, to_state)
            || (from_state.is_none() && to_state.is_none())
        {
            return Ok(nothing());
        }
    }
    Ok(attach_one(
        target,
        Attachment::Event(Event {
            at,
            field,
            from_state,
            to_state,
            from,
            to,
        }),
    ))
}
