//! The field paths a condition can read, resolved once when a rule is compiled.
//!
//! Paths are the canonical record's JSON names (`openedAt`, `change.backoutPlan`, …). Each
//! resolves to a plain function, so evaluating a condition never looks a name up.

use crate::record::model::*;
use crate::record::{Field, Instant, Level, Text};

use super::logic::value::{ItemRef, Val};
use crate::util::string_enum::StringEnum;

mod domains;
mod lists;

#[cfg(test)]
pub use domains::DOMAIN_FIELDS;
pub use domains::{CODE_ABSENT, CODE_NULL, Finite, domain};
pub use lists::{LIST_FIELDS, ListAccessor, item_field, item_fields, record_list};

pub type Accessor = for<'r> fn(&'r Record<'r>) -> Val<'r>;
pub type ItemAccessor = for<'r> fn(ItemRef<'r>) -> Val<'r>;

/// What a list field holds, so that `some`/`all`/`none`/`filter`/`map` can type their item paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemType {
    Link,
    Approval,
    Sla,
    Text,
    /// A typed SLA target (`agreement.targets`).
    Target,
}

impl ItemType {
    /// Every item type in declaration order (`ItemType::ALL[t as usize] == t`).
    pub const ALL: [ItemType; 5] = [
        ItemType::Link,
        ItemType::Approval,
        ItemType::Sla,
        ItemType::Text,
        ItemType::Target,
    ];
}

/// A field's value as a condition sees it: absent and null kept apart, a value read by `read`.
#[inline]
fn field<'f, 'v, T>(f: &'f Field<T>, read: impl FnOnce(&'f T) -> Val<'v>) -> Val<'v> {
    match f {
        Field::Absent => Val::Absent,
        Field::Null => Val::Null,
        Field::Value(v) => read(v),
    }
}

fn tx<'r>(f: &'r Field<Text<'r>>) -> Val<'r> {
    field(f, |t| Val::str(t))
}

fn bo(f: &Field<bool>) -> Val<'static> {
    field(f, |b| Val::Bool(*b))
}

fn nu(f: &Field<u32>) -> Val<'static> {
    field(f, |n| Val::Num(f64::from(*n)))
}

fn nf(f: &Field<f64>) -> Val<'static> {
    field(f, |n| Val::Num(*n))
}

fn ti(f: &Field<Instant>) -> Val<'static> {
    field(f, |i| Val::Time(i.0))
}

fn en<T: StringEnum>(f: &Field<T>) -> Val<'static> {
    field(f, |v| Val::str(v.as_str()))
}

pub(super) fn opt_text<'r>(t: &'r Option<Text<'r>>) -> Val<'r> {
    match t {
        Some(t) => Val::str(t),
        None => Val::Null,
    }
}

fn level_value(f: &Field<Level<'_>>) -> Val<'static> {
    field(f, |l| Val::Num(f64::from(l.value)))
}

fn level_text<'r>(
    f: &'r Field<Level<'r>>,
    pick: fn(&'r Level<'r>) -> &'r Option<Text<'r>>,
) -> Val<'r> {
    field(f, |l| opt_text(pick(l)))
}

/// A kind-specific field: absent when the record has no such detail object at all.
fn detail<'r, D>(d: &'r Option<D>, read: impl FnOnce(&'r D) -> Val<'r>) -> Val<'r> {
    match d {
        Some(d) => read(d),
        None => Val::Absent,
    }
}

macro_rules! accessors {
    ($($name:ident : $path:literal => |$r:ident| $body:expr;)*) => {
        $(fn $name<'r>($r: &'r Record<'r>) -> Val<'r> { $body })*

        /// Every scalar path, for error messages and documentation.
        pub const RECORD_FIELDS: &[&str] = &[$($path),*];

        /// The accessor of each path of [`RECORD_FIELDS`], in its order.
        const ACCESSORS: &[Accessor] = &[$($name as Accessor),*];

        /// The accessor for a scalar record path. A look-up in the table rather than a `match`
        /// on the paths, which compiled to 10 KB of string comparisons: it runs when a rule
        /// compiles, not per record.
        pub fn record_field(path: &str) -> Option<Accessor> {
            let i = RECORD_FIELDS.iter().position(|p| *p == path)?;
            ACCESSORS.get(i).copied()
        }
    };
}

accessors! {
id: "id" => |r| Val::str(&r.id);
kind: "kind" => |r| Val::str(r.kind.as_str());
number: "number" => |r| opt_text(&r.number);
title: "title" => |r| tx(&r.title);
state: "state" => |r| en(&r.state);
state_label: "stateLabel" => |r| opt_text(&r.state_label);
priority: "priority" => |r| level_value(&r.priority);
priority_value: "priority.value" => |r| level_value(&r.priority);
priority_code: "priority.code" => |r| level_text(&r.priority, |l| &l.code);
priority_label: "priority.label" => |r| level_text(&r.priority, |l| &l.label);
impact: "impact" => |r| level_value(&r.impact);
impact_value: "impact.value" => |r| level_value(&r.impact);
impact_code: "impact.code" => |r| level_text(&r.impact, |l| &l.code);
impact_label: "impact.label" => |r| level_text(&r.impact, |l| &l.label);
urgency: "urgency" => |r| level_value(&r.urgency);
urgency_value: "urgency.value" => |r| level_value(&r.urgency);
urgency_code: "urgency.code" => |r| level_text(&r.urgency, |l| &l.code);
urgency_label: "urgency.label" => |r| level_text(&r.urgency, |l| &l.label);
category: "category" => |r| tx(&r.category);
service: "service" => |r| tx(&r.service);
assignment_group: "assignmentGroup" => |r| tx(&r.assignment_group);
assignee: "assignee" => |r| tx(&r.assignee);
requester: "requester" => |r| tx(&r.requester);
opened_at: "openedAt" => |r| ti(&r.opened_at);
updated_at: "updatedAt" => |r| ti(&r.updated_at);
resolved_at: "resolvedAt" => |r| ti(&r.resolved_at);
closed_at: "closedAt" => |r| ti(&r.closed_at);
approval: "approval" => |r| en(&r.approval);
origin_tool: "origin.tool" => |r| opt_text(&r.origin.tool);
origin_shape: "origin.shape" => |r| opt_text(&r.origin.shape);
origin_table: "origin.table" => |r| opt_text(&r.origin.table);
origin_url: "origin.url" => |r| opt_text(&r.origin.url);
incident_major: "incident.major" => |r| detail(&r.incident, |d| bo(&d.major));
incident_security: "incident.security" => |r| detail(&r.incident, |d| bo(&d.security));
incident_reopen_count: "incident.reopenCount" => |r| detail(&r.incident, |d| nu(&d.reopen_count));
incident_reassignment_count: "incident.reassignmentCount" => |r| detail(&r.incident, |d| nu(&d.reassignment_count));
incident_resolution_code: "incident.resolutionCode" => |r| detail(&r.incident, |d| tx(&d.resolution_code));
incident_resolution_notes: "incident.resolutionNotes" => |r| detail(&r.incident, |d| tx(&d.resolution_notes));
incident_review_at: "incident.reviewAt" => |r| detail(&r.incident, |d| ti(&d.review_at));
incident_review_notes: "incident.reviewNotes" => |r| detail(&r.incident, |d| tx(&d.review_notes));
request_item: "request.item" => |r| detail(&r.request, |d| tx(&d.item));
request_approval_required: "request.approvalRequired" => |r| detail(&r.request, |d| bo(&d.approval_required));
request_close_notes: "request.closeNotes" => |r| detail(&r.request, |d| tx(&d.close_notes));
problem_root_cause: "problem.rootCause" => |r| detail(&r.problem, |d| tx(&d.root_cause));
problem_workaround: "problem.workaround" => |r| detail(&r.problem, |d| tx(&d.workaround));
problem_known_error: "problem.knownError" => |r| detail(&r.problem, |d| bo(&d.known_error));
problem_known_error_at: "problem.knownErrorAt" => |r| detail(&r.problem, |d| ti(&d.known_error_at));
problem_fix_notes: "problem.fixNotes" => |r| detail(&r.problem, |d| tx(&d.fix_notes));
problem_resolution_code: "problem.resolutionCode" => |r| detail(&r.problem, |d| tx(&d.resolution_code));
change_type: "change.type" => |r| detail(&r.change, |d| en(&d.r#type));
change_risk: "change.risk" => |r| detail(&r.change, |d| en(&d.risk));
change_implementation_plan: "change.implementationPlan" => |r| detail(&r.change, |d| tx(&d.implementation_plan));
change_backout_plan: "change.backoutPlan" => |r| detail(&r.change, |d| tx(&d.backout_plan));
change_test_plan: "change.testPlan" => |r| detail(&r.change, |d| tx(&d.test_plan));
change_risk_analysis: "change.riskAnalysis" => |r| detail(&r.change, |d| tx(&d.risk_analysis));
change_planned_start: "change.plannedStart" => |r| detail(&r.change, |d| ti(&d.planned_start));
change_planned_end: "change.plannedEnd" => |r| detail(&r.change, |d| ti(&d.planned_end));
change_actual_start: "change.actualStart" => |r| detail(&r.change, |d| ti(&d.actual_start));
change_actual_end: "change.actualEnd" => |r| detail(&r.change, |d| ti(&d.actual_end));
change_outcome: "change.outcome" => |r| detail(&r.change, |d| en(&d.outcome));
change_review_at: "change.reviewAt" => |r| detail(&r.change, |d| ti(&d.review_at));
change_review_notes: "change.reviewNotes" => |r| detail(&r.change, |d| tx(&d.review_notes));
change_cab_required: "change.cabRequired" => |r| detail(&r.change, |d| bo(&d.cab_required));
change_unauthorized: "change.unauthorized" => |r| detail(&r.change, |d| bo(&d.unauthorized));
change_security_assessed: "change.securityAssessed" => |r| detail(&r.change, |d| bo(&d.security_assessed));
change_service_change: "change.serviceChange" => |r| detail(&r.change, |d| bo(&d.service_change));
change_design: "change.design" => |r| detail(&r.change, |d| tx(&d.design));
change_accepted_at: "change.acceptedAt" => |r| detail(&r.change, |d| ti(&d.accepted_at));
release_release_type: "release.releaseType" => |r| detail(&r.release, |d| tx(&d.release_type));
release_planned_at: "release.plannedAt" => |r| detail(&r.release, |d| ti(&d.planned_at));
release_deployed_at: "release.deployedAt" => |r| detail(&r.release, |d| ti(&d.deployed_at));
release_test_plan: "release.testPlan" => |r| detail(&r.release, |d| tx(&d.test_plan));
release_accepted_at: "release.acceptedAt" => |r| detail(&r.release, |d| ti(&d.accepted_at));
release_backout_plan: "release.backoutPlan" => |r| detail(&r.release, |d| tx(&d.backout_plan));
release_outcome: "release.outcome" => |r| detail(&r.release, |d| en(&d.outcome));
release_review_at: "release.reviewAt" => |r| detail(&r.release, |d| ti(&d.review_at));
release_review_notes: "release.reviewNotes" => |r| detail(&r.release, |d| tx(&d.review_notes));
ci_ci_class: "ci.ciClass" => |r| detail(&r.ci, |d| tx(&d.ci_class));
ci_owner: "ci.owner" => |r| detail(&r.ci, |d| tx(&d.owner));
ci_support_group: "ci.supportGroup" => |r| detail(&r.ci, |d| tx(&d.support_group));
ci_last_verified_at: "ci.lastVerifiedAt" => |r| detail(&r.ci, |d| ti(&d.last_verified_at));
ci_critical: "ci.critical" => |r| detail(&r.ci, |d| bo(&d.critical));
ci_asset: "ci.asset" => |r| detail(&r.ci, |d| bo(&d.asset));
service_detail_owner: "serviceDetail.owner" => |r| detail(&r.service_detail, |d| tx(&d.owner));
service_detail_customer: "serviceDetail.customer" => |r| detail(&r.service_detail, |d| tx(&d.customer));
service_detail_description: "serviceDetail.description" => |r| detail(&r.service_detail, |d| tx(&d.description));
service_detail_last_review_at: "serviceDetail.lastReviewAt" => |r| detail(&r.service_detail, |d| ti(&d.last_review_at));
service_detail_requirements: "serviceDetail.requirements" => |r| detail(&r.service_detail, |d| tx(&d.requirements));
service_detail_in_scope: "serviceDetail.inScope" => |r| detail(&r.service_detail, |d| bo(&d.in_scope));
agreement_customer: "agreement.customer" => |r| detail(&r.agreement, |d| tx(&d.customer));
agreement_target_count: "agreement.targetCount" => |r| detail(&r.agreement, |d| nu(&d.target_count));
agreement_approved_at: "agreement.approvedAt" => |r| detail(&r.agreement, |d| ti(&d.approved_at));
agreement_last_review_at: "agreement.lastReviewAt" => |r| detail(&r.agreement, |d| ti(&d.last_review_at));
agreement_valid_from: "agreement.validFrom" => |r| detail(&r.agreement, |d| ti(&d.valid_from));
agreement_valid_to: "agreement.validTo" => |r| detail(&r.agreement, |d| ti(&d.valid_to));
measurement_metric: "measurement.metric" => |r| detail(&r.measurement, |d| tx(&d.metric));
measurement_target: "measurement.target" => |r| detail(&r.measurement, |d| nf(&d.target));
measurement_actual: "measurement.actual" => |r| detail(&r.measurement, |d| nf(&d.actual));
measurement_met: "measurement.met" => |r| detail(&r.measurement, |d| bo(&d.met));
measurement_period_start: "measurement.periodStart" => |r| detail(&r.measurement, |d| ti(&d.period_start));
measurement_period_end: "measurement.periodEnd" => |r| detail(&r.measurement, |d| ti(&d.period_end));
measurement_stage: "measurement.stage" => |r| detail(&r.measurement, |d| en(&d.stage));
document_doc_type: "document.docType" => |r| detail(&r.document, |d| en(&d.doc_type));
document_version: "document.version" => |r| detail(&r.document, |d| tx(&d.version));
document_owner: "document.owner" => |r| detail(&r.document, |d| tx(&d.owner));
document_approved_by: "document.approvedBy" => |r| detail(&r.document, |d| tx(&d.approved_by));
document_approved_at: "document.approvedAt" => |r| detail(&r.document, |d| ti(&d.approved_at));
document_last_review_at: "document.lastReviewAt" => |r| detail(&r.document, |d| ti(&d.last_review_at));
document_next_review_at: "document.nextReviewAt" => |r| detail(&r.document, |d| ti(&d.next_review_at));
audit_planned_at: "audit.plannedAt" => |r| detail(&r.audit, |d| ti(&d.planned_at));
audit_held_at: "audit.heldAt" => |r| detail(&r.audit, |d| ti(&d.held_at));
audit_scope: "audit.scope" => |r| detail(&r.audit, |d| tx(&d.scope));
audit_auditor: "audit.auditor" => |r| detail(&r.audit, |d| tx(&d.auditor));
audit_independent: "audit.independent" => |r| detail(&r.audit, |d| bo(&d.independent));
audit_finding_count: "audit.findingCount" => |r| detail(&r.audit, |d| nu(&d.finding_count));
audit_nonconformity_count: "audit.nonconformityCount" => |r| detail(&r.audit, |d| nu(&d.nonconformity_count));
audit_report_at: "audit.reportAt" => |r| detail(&r.audit, |d| ti(&d.report_at));
review_held_at: "review.heldAt" => |r| detail(&r.review, |d| ti(&d.held_at));
review_chair: "review.chair" => |r| detail(&r.review, |d| tx(&d.chair));
review_input_count: "review.inputCount" => |r| detail(&r.review, |d| nu(&d.input_count));
review_decision_count: "review.decisionCount" => |r| detail(&r.review, |d| nu(&d.decision_count));
review_minutes_approved_at: "review.minutesApprovedAt" => |r| detail(&r.review, |d| ti(&d.minutes_approved_at));
report_period_start: "report.periodStart" => |r| detail(&r.report, |d| ti(&d.period_start));
report_period_end: "report.periodEnd" => |r| detail(&r.report, |d| ti(&d.period_end));
report_issued_at: "report.issuedAt" => |r| detail(&r.report, |d| ti(&d.issued_at));
report_audience: "report.audience" => |r| detail(&r.report, |d| tx(&d.audience));
report_covers_targets: "report.coversTargets" => |r| detail(&r.report, |d| bo(&d.covers_targets));
report_reviewed_with_customer: "report.reviewedWithCustomer" => |r| detail(&r.report, |d| bo(&d.reviewed_with_customer));
improvement_source: "improvement.source" => |r| detail(&r.improvement, |d| en(&d.source));
improvement_source_check: "improvement.sourceCheck" => |r| detail(&r.improvement, |d| tx(&d.source_check));
improvement_target_date: "improvement.targetDate" => |r| detail(&r.improvement, |d| ti(&d.target_date));
improvement_benefit_evaluated_at: "improvement.benefitEvaluatedAt" => |r| detail(&r.improvement, |d| ti(&d.benefit_evaluated_at));
improvement_benefit_notes: "improvement.benefitNotes" => |r| detail(&r.improvement, |d| tx(&d.benefit_notes));
nonconformity_grade: "nonconformity.grade" => |r| detail(&r.nonconformity, |d| tx(&d.grade));
nonconformity_source: "nonconformity.source" => |r| detail(&r.nonconformity, |d| en(&d.source));
nonconformity_root_cause: "nonconformity.rootCause" => |r| detail(&r.nonconformity, |d| tx(&d.root_cause));
nonconformity_correction: "nonconformity.correction" => |r| detail(&r.nonconformity, |d| tx(&d.correction));
nonconformity_corrective_action: "nonconformity.correctiveAction" => |r| detail(&r.nonconformity, |d| tx(&d.corrective_action));
nonconformity_due_at: "nonconformity.dueAt" => |r| detail(&r.nonconformity, |d| ti(&d.due_at));
nonconformity_effectiveness_reviewed_at: "nonconformity.effectivenessReviewedAt" => |r| detail(&r.nonconformity, |d| ti(&d.effectiveness_reviewed_at));
nonconformity_effective: "nonconformity.effective" => |r| detail(&r.nonconformity, |d| bo(&d.effective));
test_test_type: "test.testType" => |r| detail(&r.test, |d| tx(&d.test_type));
test_planned_at: "test.plannedAt" => |r| detail(&r.test, |d| ti(&d.planned_at));
test_performed_at: "test.performedAt" => |r| detail(&r.test, |d| ti(&d.performed_at));
test_outcome: "test.outcome" => |r| detail(&r.test, |d| en(&d.outcome));
test_plan_ref: "test.planRef" => |r| detail(&r.test, |d| tx(&d.plan_ref));
test_objectives_met: "test.objectivesMet" => |r| detail(&r.test, |d| bo(&d.objectives_met));
test_action_count: "test.actionCount" => |r| detail(&r.test, |d| nu(&d.action_count));
capacity_period_end: "capacity.periodEnd" => |r| detail(&r.capacity, |d| ti(&d.period_end));
capacity_held_at: "capacity.heldAt" => |r| detail(&r.capacity, |d| ti(&d.held_at));
capacity_peak_utilisation: "capacity.peakUtilisation" => |r| detail(&r.capacity, |d| nf(&d.peak_utilisation));
capacity_threshold: "capacity.threshold" => |r| detail(&r.capacity, |d| nf(&d.threshold));
capacity_forecast_included: "capacity.forecastIncluded" => |r| detail(&r.capacity, |d| bo(&d.forecast_included));
capacity_action_count: "capacity.actionCount" => |r| detail(&r.capacity, |d| nu(&d.action_count));
capacity_availability_considered: "capacity.availabilityConsidered" => |r| detail(&r.capacity, |d| bo(&d.availability_considered));
supplier_contract_ref: "supplier.contractRef" => |r| detail(&r.supplier, |d| tx(&d.contract_ref));
supplier_contract_start: "supplier.contractStart" => |r| detail(&r.supplier, |d| ti(&d.contract_start));
supplier_contract_end: "supplier.contractEnd" => |r| detail(&r.supplier, |d| ti(&d.contract_end));
supplier_owner: "supplier.owner" => |r| detail(&r.supplier, |d| tx(&d.owner));
supplier_last_review_at: "supplier.lastReviewAt" => |r| detail(&r.supplier, |d| ti(&d.last_review_at));
supplier_performance_met: "supplier.performanceMet" => |r| detail(&r.supplier, |d| bo(&d.performance_met));
supplier_critical: "supplier.critical" => |r| detail(&r.supplier, |d| bo(&d.critical));
supplier_internal: "supplier.internal" => |r| detail(&r.supplier, |d| bo(&d.internal));
complaint_channel: "complaint.channel" => |r| detail(&r.complaint, |d| tx(&d.channel));
complaint_responded_at: "complaint.respondedAt" => |r| detail(&r.complaint, |d| ti(&d.responded_at));
complaint_resolution: "complaint.resolution" => |r| detail(&r.complaint, |d| tx(&d.resolution));
survey_score: "survey.score" => |r| detail(&r.survey, |d| nf(&d.score));
survey_scale_max: "survey.scaleMax" => |r| detail(&r.survey, |d| nf(&d.scale_max));
survey_responded_at: "survey.respondedAt" => |r| detail(&r.survey, |d| ti(&d.responded_at));
survey_followed_up: "survey.followedUp" => |r| detail(&r.survey, |d| bo(&d.followed_up));
survey_comment: "survey.comment" => |r| detail(&r.survey, |d| tx(&d.comment));
activity_activity_type: "activity.activityType" => |r| detail(&r.activity, |d| tx(&d.activity_type));
activity_performed_at: "activity.performedAt" => |r| detail(&r.activity, |d| ti(&d.performed_at));
activity_owner: "activity.owner" => |r| detail(&r.activity, |d| tx(&d.owner));
activity_result: "activity.result" => |r| detail(&r.activity, |d| tx(&d.result));
activity_action_count: "activity.actionCount" => |r| detail(&r.activity, |d| nu(&d.action_count));
}

#[cfg(test)]
mod tests;
