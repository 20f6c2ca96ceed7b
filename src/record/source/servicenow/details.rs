//! Each table's own details: an incident's, a problem's, a change's, a requested item's, and a
//! CI's or service's.

use super::super::first_present;
use super::codes::{change_outcome, change_type, criticality, risk_label};
use super::read::F;
use super::reader::Reader;
use super::records::Links;
use super::table::Table;
use crate::record::model::*;
use crate::record::value::{Field, Text};

#[inline(never)]
pub(super) fn incident<'a>(
    r: &mut Reader<'_, 'a, '_, '_>,
    record: &mut Record<'a>,
    links: &mut Links<'a>,
) {
    links.add(r, F::problem_id, LinkRel::Problem, Some(Kind::Problem));
    links.add(r, F::rfc, LinkRel::FixedBy, Some(Kind::Change));
    links.add(r, F::caused_by, LinkRel::CausedBy, Some(Kind::Change));
    links.add(r, F::parent_incident, LinkRel::Parent, Some(Kind::Incident));
    links.add(
        r,
        F::duplicate_of,
        LinkRel::DuplicateOf,
        Some(Kind::Incident),
    );
    let major = match r.choice(F::major_incident_state, "major incident state", |s| {
        Some(matches!(s, "accepted" | "承認済み"))
    }) {
        Field::Null => Field::Value(false),
        other => other,
    };
    let security = r.table == Table::SecurityIncident
        || r.text(F::category).value().is_some_and(|c| {
            crate::util::lowercase(c, &mut [0; 64]).contains("security")
        });
    record.incident = Some(Box::new(IncidentDetail {
        major,
        security: Field::Value(security),
        reopen_count: r.count(F::reopen_count),
        reassignment_count: r.count(F::reassignment_count),
        resolution_code: r.text(F::close_code),
        resolution_notes: r.text(F::close_notes),
        ..IncidentDetail::default()
    }));
}

#[inline(never)]
pub(super) fn problem<'a>(
    r: &mut Reader<'_, 'a, '_, '_>,
    record: &mut Record<'a>,
    links: &mut Links<'a>,
) {
    links.add(r, F::rfc, LinkRel::FixedBy, Some(Kind::Change));
    links.add(
        r,
        F::first_reported_by_task,
        LinkRel::Incident,
        Some(Kind::Incident),
    );
    links.add(
        r,
        F::duplicate_of,
        LinkRel::DuplicateOf,
        Some(Kind::Problem),
    );
    record.problem = Some(Box::new(ProblemDetail {
        root_cause: r.text(F::cause_notes),
        workaround: r.text(F::workaround),
        known_error: r.boolean(F::known_error),
        fix_notes: r.text(F::fix_notes),
        resolution_code: r.text(F::resolution_code),
        ..ProblemDetail::default()
    }));
}

#[inline(never)]
pub(super) fn change<'a>(r: &mut Reader<'_, 'a, '_, '_>, record: &mut Record<'a>) {
    record.change = Some(Box::new(ChangeDetail {
        r#type: r.choice(F::chg_type, "change type", change_type),
        risk: risk(r),
        implementation_plan: r.text(F::implementation_plan),
        backout_plan: r.text(F::backout_plan),
        test_plan: r.text(F::test_plan),
        risk_analysis: r.text(F::risk_impact_analysis),
        planned_start: r.instant(F::start_date),
        planned_end: r.instant(F::end_date),
        actual_start: r.instant(F::work_start),
        actual_end: r.instant(F::work_end),
        outcome: r.choice(F::close_code, "change close code", change_outcome),
        review_at: r.instant(F::review_date),
        review_notes: r.text(F::review_comments),
        cab_required: r.boolean(F::cab_required),
        unauthorized: r.boolean(F::unauthorized),
        ..ChangeDetail::default()
    }));
}

#[inline(never)]
pub(super) fn request<'a>(
    r: &mut Reader<'_, 'a, '_, '_>,
    record: &mut Record<'a>,
    links: &mut Links<'a>,
) {
    links.add(r, F::request, LinkRel::Parent, Some(Kind::ServiceRequest));
    record.request = Some(Box::new(RequestDetail {
        item: r.reference(F::cat_item),
        // Items without an approval step stay "not requested"; any other state means the
        // catalogue item has one.
        approval_required: match &record.approval {
            Field::Value(ApprovalState::NotRequired | ApprovalState::NotRequested) => {
                Field::Value(false)
            }
            Field::Value(_) => Field::Value(true),
            _ => Field::Absent,
        },
        close_notes: r.text(F::close_notes),
        ..RequestDetail::default()
    }));
}

fn risk<'a>(r: &mut Reader<'_, 'a, '_, '_>) -> Field<Risk> {
    // Prefer the label: base-system risk codes differ between releases.
    if let Some(label) = r.label(F::risk).filter(|l| !l.is_blank())
        && let Some(risk) = risk_label(&crate::util::lowercase(label.trim(), &mut [0; 64]))
    {
        return Field::Value(risk);
    }
    r.choice(F::risk, "risk", risk_label)
}

/// CI and service details: the name, the owner (`owned_by`, else `managed_by`), the support
/// group, the class, when the CI was last verified and its criticality.
#[inline(never)]
pub(super) fn ci<'a>(
    r: &mut Reader<'_, 'a, '_, '_>,
    record: &mut Record<'a>,
    class: Option<Text<'a>>,
) {
    let name = r.text(F::name);
    if !name.is_absent() {
        record.title = name;
    }
    let owner = first_present([r.reference(F::owned_by), r.reference(F::managed_by)]);
    match record.kind {
        Kind::Service => {
            record.service_detail = Some(Box::new(ServiceDetail {
                owner,
                description: r.text(F::short_description),
                ..ServiceDetail::default()
            }));
        }
        Kind::ConfigurationItem => {
            // An attestation (a person confirmed the record) or a discovery (a scan found the
            // CI as recorded) verifies it, whichever is later; sys_updated_on is any edit and
            // proves nothing about the CI matching reality.
            let attested = r.instant(F::attested_date);
            let discovered = r.instant(F::last_discovered);
            let last_verified_at = match (attested.value(), discovered.value()) {
                (Some(a), Some(d)) => Field::Value(*a.max(d)),
                _ => first_present([attested, discovered]),
            };
            record.ci = Some(Box::new(CiDetail {
                ci_class: match class {
                    Some(c) => Field::Value(c),
                    None => r.text(F::sys_class_name),
                },
                owner,
                support_group: r.reference(F::support_group),
                last_verified_at,
                critical: r.choice(F::busines_criticality, "business criticality", criticality),
                ..CiDetail::default()
            }));
        }
        _ => {}
    }
}
