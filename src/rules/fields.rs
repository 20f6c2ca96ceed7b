//! The field paths a condition can read, resolved once when a rule is compiled.
//!
//! Paths are the canonical record's JSON names (`openedAt`, `change.backoutPlan`, …). Each
//! resolves to a plain function, so evaluating a condition never looks a name up.

use crate::record::model::*;
use crate::record::{Field, Instant, Level, Text};

use super::logic::value::{ItemRef, Val};

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

fn tx<'r>(f: &'r Field<Text<'r>>) -> Val<'r> {
    match f {
        Field::Absent => Val::Absent,
        Field::Null => Val::Null,
        Field::Value(t) => Val::str(t),
    }
}

fn bo(f: &Field<bool>) -> Val<'static> {
    match f {
        Field::Absent => Val::Absent,
        Field::Null => Val::Null,
        Field::Value(b) => Val::Bool(*b),
    }
}

fn nu(f: &Field<u32>) -> Val<'static> {
    match f {
        Field::Absent => Val::Absent,
        Field::Null => Val::Null,
        Field::Value(n) => Val::Num(f64::from(*n)),
    }
}

fn nf(f: &Field<f64>) -> Val<'static> {
    match f {
        Field::Absent => Val::Absent,
        Field::Null => Val::Null,
        Field::Value(n) => Val::Num(*n),
    }
}

fn ti(f: &Field<Instant>) -> Val<'static> {
    match f {
        Field::Absent => Val::Absent,
        Field::Null => Val::Null,
        Field::Value(i) => Val::Time(i.0),
    }
}

trait Code {
    fn code(&self) -> &'static str;
}

macro_rules! code_enums {
    ($($t:ty),*) => { $(impl Code for $t { fn code(&self) -> &'static str { self.as_str() } })* };
}
code_enums!(
    Kind,
    State,
    LinkRel,
    ApprovalState,
    ChangeType,
    Risk,
    Outcome,
    SlaStage,
    DocumentType,
    ImprovementSource,
    TargetMetric
);

fn en<T: Code>(f: &Field<T>) -> Val<'static> {
    match f {
        Field::Absent => Val::Absent,
        Field::Null => Val::Null,
        Field::Value(v) => Val::str(v.code()),
    }
}

fn opt_text<'r>(t: &'r Option<Text<'r>>) -> Val<'r> {
    match t {
        Some(t) => Val::str(t),
        None => Val::Null,
    }
}

fn level_value(f: &Field<Level<'_>>) -> Val<'static> {
    match f {
        Field::Absent => Val::Absent,
        Field::Null => Val::Null,
        Field::Value(l) => Val::Num(f64::from(l.value)),
    }
}

fn level_text<'r>(
    f: &'r Field<Level<'r>>,
    pick: fn(&'r Level<'r>) -> &'r Option<Text<'r>>,
) -> Val<'r> {
    match f {
        Field::Absent => Val::Absent,
        Field::Null => Val::Null,
        Field::Value(l) => opt_text(pick(l)),
    }
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

        /// The accessor for a scalar record path.
        pub fn record_field(path: &str) -> Option<Accessor> {
            match path {
                $($path => Some($name as Accessor),)*
                _ => None,
            }
        }

        /// Every scalar path, for error messages and documentation.
        pub const RECORD_FIELDS: &[&str] = &[$($path),*];
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

/// A value with few possible values, so that a test on it can be worked out for each of them
/// when a rule compiles and read back by number when it runs.
pub trait Finite: Copy {
    /// Position among [`Finite::values`].
    fn code(self) -> u8;
    /// Every value, as a condition sees it (the order of the codes).
    fn values() -> Vec<serde_json::Value>;
}

macro_rules! finite_enums {
    ($($t:ty),*) => {$(
        impl Finite for $t {
            fn code(self) -> u8 {
                // Every such enumeration has fewer than 64 values (checked by a test).
                u8::try_from(self.index()).unwrap_or(u8::MAX)
            }
            fn values() -> Vec<serde_json::Value> {
                <$t>::ALL.iter().map(|v| serde_json::Value::String(v.as_str().into())).collect()
            }
        }
    )*};
}
finite_enums!(
    Kind,
    State,
    ApprovalState,
    ChangeType,
    Risk,
    Outcome,
    SlaStage,
    DocumentType,
    ImprovementSource
);

impl Finite for bool {
    fn code(self) -> u8 {
        u8::from(self)
    }
    fn values() -> Vec<serde_json::Value> {
        vec![
            serde_json::Value::Bool(false),
            serde_json::Value::Bool(true),
        ]
    }
}

/// Code 0: the field is absent; 1: null; 2 + i: the i-th of the field's values.
pub const CODE_ABSENT: u8 = 0;
pub const CODE_NULL: u8 = 1;

fn fc<T: Finite>(f: &Field<T>) -> u8 {
    match f {
        Field::Absent => CODE_ABSENT,
        Field::Null => CODE_NULL,
        Field::Value(v) => v.code().saturating_add(2),
    }
}

fn dc<D>(d: &Option<D>, read: impl FnOnce(&D) -> u8) -> u8 {
    d.as_ref().map_or(CODE_ABSENT, read)
}

/// A field with few values: how to read its code, and its values.
#[derive(Clone, Copy)]
pub struct Domain {
    pub read: for<'r> fn(&'r Record<'r>) -> u8,
    pub values: fn() -> Vec<serde_json::Value>,
}

macro_rules! domains {
    ($($path:literal => $t:ty : |$r:ident| $body:expr;)*) => {
        /// The typed reader of a field with few values (an enumeration or a flag), whose tests
        /// compile to a table; `None` for other fields.
        pub fn domain(path: &str) -> Option<Domain> {
            match path {
                $($path => Some(Domain {
                    read: {
                        fn read<'r>($r: &'r Record<'r>) -> u8 {
                            $body
                        }
                        read
                    },
                    values: <$t as Finite>::values,
                }),)*
                _ => None,
            }
        }

        /// Every path [`domain`] knows, for tests.
        #[cfg(test)]
        pub const DOMAIN_FIELDS: &[&str] = &[$($path),*];
    };
}

domains! {
"kind" => Kind: |r| r.kind.code().saturating_add(2);
"state" => State: |r| fc(&r.state);
"approval" => ApprovalState: |r| fc(&r.approval);
"incident.major" => bool: |r| dc(&r.incident, |d| fc(&d.major));
"incident.security" => bool: |r| dc(&r.incident, |d| fc(&d.security));
"request.approvalRequired" => bool: |r| dc(&r.request, |d| fc(&d.approval_required));
"problem.knownError" => bool: |r| dc(&r.problem, |d| fc(&d.known_error));
"change.type" => ChangeType: |r| dc(&r.change, |d| fc(&d.r#type));
"change.risk" => Risk: |r| dc(&r.change, |d| fc(&d.risk));
"change.outcome" => Outcome: |r| dc(&r.change, |d| fc(&d.outcome));
"change.cabRequired" => bool: |r| dc(&r.change, |d| fc(&d.cab_required));
"change.unauthorized" => bool: |r| dc(&r.change, |d| fc(&d.unauthorized));
"change.securityAssessed" => bool: |r| dc(&r.change, |d| fc(&d.security_assessed));
"change.serviceChange" => bool: |r| dc(&r.change, |d| fc(&d.service_change));
"release.outcome" => Outcome: |r| dc(&r.release, |d| fc(&d.outcome));
"ci.critical" => bool: |r| dc(&r.ci, |d| fc(&d.critical));
"ci.asset" => bool: |r| dc(&r.ci, |d| fc(&d.asset));
"serviceDetail.inScope" => bool: |r| dc(&r.service_detail, |d| fc(&d.in_scope));
"measurement.met" => bool: |r| dc(&r.measurement, |d| fc(&d.met));
"measurement.stage" => SlaStage: |r| dc(&r.measurement, |d| fc(&d.stage));
"document.docType" => DocumentType: |r| dc(&r.document, |d| fc(&d.doc_type));
"audit.independent" => bool: |r| dc(&r.audit, |d| fc(&d.independent));
"report.coversTargets" => bool: |r| dc(&r.report, |d| fc(&d.covers_targets));
"report.reviewedWithCustomer" => bool: |r| dc(&r.report, |d| fc(&d.reviewed_with_customer));
"improvement.source" => ImprovementSource: |r| dc(&r.improvement, |d| fc(&d.source));
"nonconformity.source" => ImprovementSource: |r| dc(&r.nonconformity, |d| fc(&d.source));
"nonconformity.effective" => bool: |r| dc(&r.nonconformity, |d| fc(&d.effective));
"test.outcome" => Outcome: |r| dc(&r.test, |d| fc(&d.outcome));
"test.objectivesMet" => bool: |r| dc(&r.test, |d| fc(&d.objectives_met));
"capacity.forecastIncluded" => bool: |r| dc(&r.capacity, |d| fc(&d.forecast_included));
"capacity.availabilityConsidered" => bool: |r| dc(&r.capacity, |d| fc(&d.availability_considered));
"supplier.performanceMet" => bool: |r| dc(&r.supplier, |d| fc(&d.performance_met));
"supplier.critical" => bool: |r| dc(&r.supplier, |d| fc(&d.critical));
"supplier.internal" => bool: |r| dc(&r.supplier, |d| fc(&d.internal));
"survey.followedUp" => bool: |r| dc(&r.survey, |d| fc(&d.followed_up));
}

/// The elements of a record's list field, borrowed: reading a list (its length, an element)
/// never builds a vector.
#[derive(Clone, Copy, Debug)]
pub enum Items<'r> {
    Links(&'r [Link<'r>]),
    Approvals(&'r [Approval<'r>]),
    Sla(&'r [SlaEntry<'r>]),
    Texts(&'r [Text<'r>]),
    Targets(&'r [SlaTarget<'r>]),
}

impl<'r> Items<'r> {
    pub fn len(self) -> usize {
        match self {
            Items::Links(v) => v.len(),
            Items::Approvals(v) => v.len(),
            Items::Sla(v) => v.len(),
            Items::Texts(v) => v.len(),
            Items::Targets(v) => v.len(),
        }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    pub fn get(self, i: usize) -> Option<ItemRef<'r>> {
        Some(match self {
            Items::Links(v) => ItemRef::Link(v.get(i)?),
            Items::Approvals(v) => ItemRef::Approval(v.get(i)?),
            Items::Sla(v) => ItemRef::Sla(v.get(i)?),
            Items::Texts(v) => ItemRef::Text(v.get(i)?),
            Items::Targets(v) => ItemRef::Target(v.get(i)?),
        })
    }

    /// The elements in order.
    pub fn iter(self) -> impl Iterator<Item = ItemRef<'r>> {
        (0..self.len()).map_while(move |i| self.get(i))
    }
}

/// Reads a record's list field; `None` when the source lacks the list.
pub type ListAccessor = for<'r> fn(&'r Record<'r>) -> Option<Items<'r>>;

/// A record's list field: its items and their type.
pub fn record_list(path: &str) -> Option<(ItemType, ListAccessor)> {
    fn links<'r>(r: &'r Record<'r>) -> Option<Items<'r>> {
        r.links.as_deref().map(Items::Links)
    }
    fn approvals<'r>(r: &'r Record<'r>) -> Option<Items<'r>> {
        r.approvals.as_deref().map(Items::Approvals)
    }
    fn sla<'r>(r: &'r Record<'r>) -> Option<Items<'r>> {
        r.sla.as_deref().map(Items::Sla)
    }
    /// A detail's list: absent without the detail or the field, empty when it was sent as null.
    fn items<'r, T: 'r>(f: &'r Field<Vec<T>>, wrap: fn(&'r [T]) -> Items<'r>) -> Option<Items<'r>> {
        match f {
            Field::Absent => None,
            Field::Null => Some(wrap(&[])),
            Field::Value(v) => Some(wrap(v)),
        }
    }
    fn covers<'r>(r: &'r Record<'r>) -> Option<Items<'r>> {
        items(&r.document.as_ref()?.covers, Items::Texts)
    }
    fn audit_covers<'r>(r: &'r Record<'r>) -> Option<Items<'r>> {
        items(&r.audit.as_ref()?.covers, Items::Texts)
    }
    fn improvement_covers<'r>(r: &'r Record<'r>) -> Option<Items<'r>> {
        items(&r.improvement.as_ref()?.covers, Items::Texts)
    }
    fn nonconformity_covers<'r>(r: &'r Record<'r>) -> Option<Items<'r>> {
        items(&r.nonconformity.as_ref()?.covers, Items::Texts)
    }
    fn activity_covers<'r>(r: &'r Record<'r>) -> Option<Items<'r>> {
        items(&r.activity.as_ref()?.covers, Items::Texts)
    }
    fn targets<'r>(r: &'r Record<'r>) -> Option<Items<'r>> {
        items(&r.agreement.as_ref()?.targets, Items::Targets)
    }
    Some(match path {
        "links" => (ItemType::Link, links),
        "approvals" => (ItemType::Approval, approvals),
        "sla" => (ItemType::Sla, sla),
        "document.covers" => (ItemType::Text, covers),
        "audit.covers" => (ItemType::Text, audit_covers),
        "improvement.covers" => (ItemType::Text, improvement_covers),
        "nonconformity.covers" => (ItemType::Text, nonconformity_covers),
        "activity.covers" => (ItemType::Text, activity_covers),
        "agreement.targets" => (ItemType::Target, targets),
        _ => return None,
    })
}

#[cfg(test)]
pub const LIST_FIELDS: &[&str] = &[
    "links",
    "approvals",
    "sla",
    "document.covers",
    "audit.covers",
    "improvement.covers",
    "nonconformity.covers",
    "activity.covers",
    "agreement.targets",
];

/// The accessor for a path inside a list item (`rel`, `state`, `breached`, …; `""` is the item).
pub fn item_field(item: ItemType, path: &str) -> Option<ItemAccessor> {
    macro_rules! item_fns {
        ($($variant:ident . $name:literal => |$x:ident| $body:expr;)*) => {
            match (item, path) {
                $((ItemType::$variant, $name) => Some({
                    fn get<'r>(i: ItemRef<'r>) -> Val<'r> {
                        match i { ItemRef::$variant($x) => $body, _ => Val::Absent }
                    }
                    get as ItemAccessor
                }),)*
                _ => None,
            }
        };
    }
    item_fns! {
        Link."rel" => |l| Val::str(l.rel.as_str());
        Link."target" => |l| Val::str(&l.target);
        Link."targetKind" => |l| l.target_kind.map_or(Val::Null, |k| Val::str(k.as_str()));
        Approval."state" => |a| Val::str(a.state.as_str());
        Approval."approver" => |a| opt_text(&a.approver);
        Approval."group" => |a| opt_text(&a.group);
        Approval."at" => |a| a.at.map_or(Val::Null, |t| Val::Time(t.0));
        Sla."name" => |s| opt_text(&s.name);
        Sla."stage" => |s| s.stage.map_or(Val::Null, |x| Val::str(x.as_str()));
        Sla."breached" => |s| s.breached.map_or(Val::Null, Val::Bool);
        Sla."start" => |s| s.start.map_or(Val::Null, |t| Val::Time(t.0));
        Sla."due" => |s| s.due.map_or(Val::Null, |t| Val::Time(t.0));
        Sla."stop" => |s| s.stop.map_or(Val::Null, |t| Val::Time(t.0));
        Sla."source" => |s| s.source.map_or(Val::Null, |x| Val::str(x.as_str()));
        Text."" => |t| Val::str(t);
        Target."metric" => |t| Val::str(t.metric.as_str());
        Target."value" => |t| t.value.map_or(Val::Null, Val::Num);
        Target."unit" => |t| opt_text(&t.unit);
    }
}

/// The names valid inside a list item, for error messages.
pub fn item_fields(item: ItemType) -> &'static [&'static str] {
    match item {
        ItemType::Link => &["rel", "target", "targetKind"],
        ItemType::Approval => &["state", "approver", "group", "at"],
        ItemType::Sla => &[
            "name", "stage", "breached", "start", "due", "stop", "source",
        ],
        ItemType::Text => &[""],
        ItemType::Target => &["metric", "value", "unit"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Canonical JSON carrying every field added for the PDCA coverage checks, one record per
    /// kind: each parses, serialises back to the same JSON and is readable by its path.
    #[test]
    fn new_fields_round_trip_and_are_readable() {
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                r#"{"id":"A1","kind":"activity","activity":{"activityType":"training","covers":["7.2","7.3"],"performedAt":"2026-05-01T09:00:00Z","owner":"HR","result":"12 attended","actionCount":2}}"#,
                &[
                    "activity.activityType",
                    "activity.performedAt",
                    "activity.owner",
                    "activity.result",
                    "activity.actionCount",
                ],
                &["activity.covers"],
            ),
            (
                r#"{"id":"S1","kind":"sla","agreement":{"targetCount":2,"targets":[{"metric":"availability","value":99.9,"unit":"%"},{"metric":"resolution"}]}}"#,
                &["agreement.targetCount"],
                &["agreement.targets"],
            ),
            (
                r#"{"id":"AU1","kind":"internal_audit","audit":{"covers":["8.5.1.3"]}}"#,
                &[],
                &["audit.covers"],
            ),
            (
                r#"{"id":"I1","kind":"improvement","improvement":{"source":"service_report","covers":["9.4"]}}"#,
                &["improvement.source"],
                &["improvement.covers"],
            ),
            (
                r#"{"id":"N1","kind":"nonconformity","nonconformity":{"covers":["10.1"]}}"#,
                &[],
                &["nonconformity.covers"],
            ),
            (
                r#"{"id":"D1","kind":"document","document":{"docType":"service_management_plan"}}"#,
                &["document.docType"],
                &[],
            ),
            (
                r#"{"id":"CR1","kind":"capacity_review","capacity":{"availabilityConsidered":true}}"#,
                &["capacity.availabilityConsidered"],
                &[],
            ),
            (
                r#"{"id":"C1","kind":"change","change":{"securityAssessed":true,"serviceChange":true,"design":"SDD-4","acceptedAt":"2026-05-02T00:00:00Z"}}"#,
                &[
                    "change.securityAssessed",
                    "change.serviceChange",
                    "change.design",
                    "change.acceptedAt",
                ],
                &[],
            ),
            (
                r#"{"id":"CI1","kind":"configuration_item","ci":{"asset":true}}"#,
                &["ci.asset"],
                &[],
            ),
            (
                r#"{"id":"SV1","kind":"service","serviceDetail":{"requirements":"24x7","inScope":true}}"#,
                &["serviceDetail.requirements", "serviceDetail.inScope"],
                &[],
            ),
            (
                r#"{"id":"SU1","kind":"supplier","supplier":{"internal":true}}"#,
                &["supplier.internal"],
                &[],
            ),
        ];
        for (json, scalars, lists) in cases {
            let record: Record<'_> = serde_json::from_str(json).unwrap();
            let back: serde_json::Value = serde_json::to_value(&record).unwrap();
            let mut want: serde_json::Value = serde_json::from_str(json).unwrap();
            want["origin"] = serde_json::json!({});
            assert_eq!(back, want, "{json}");
            for path in *scalars {
                let get = record_field(path).unwrap_or_else(|| panic!("{path} is not registered"));
                assert!(!get(&record).is_absent(), "{path} reads as absent");
                assert!(RECORD_FIELDS.contains(path));
            }
            for path in *lists {
                let (_, get) = record_list(path).unwrap_or_else(|| panic!("{path} is no list"));
                assert!(get(&record).is_some_and(|v| !v.is_empty()), "{path}");
                assert!(LIST_FIELDS.contains(path));
            }
        }
    }

    /// Each typed reader agrees with the field's accessor: for every value (and absent, null,
    /// and a record without the detail object), code `2 + i` is the accessor's value `i`.
    #[test]
    fn domain_codes_agree_with_the_accessors() {
        use super::super::logic::value::strict_eq;
        for path in DOMAIN_FIELDS {
            let d = domain(path).unwrap();
            let get = record_field(path).unwrap_or_else(|| panic!("{path} has no accessor"));
            let values = (d.values)();
            assert!(values.len() < 64, "{path}");
            let (detail, name) = match path.split_once('.') {
                Some((a, b)) => (Some(a), b),
                None => (None, *path),
            };
            let kind = match detail {
                Some(detail) => Kind::ALL
                    .iter()
                    .find(|k| k.detail_name() == detail)
                    .unwrap()
                    .as_str(),
                None => "incident",
            };
            let mut cases: Vec<(Option<serde_json::Value>, u8)> = vec![
                (None, CODE_ABSENT),
                (Some(serde_json::Value::Null), CODE_NULL),
            ];
            for (i, v) in values.iter().enumerate() {
                cases.push((Some(v.clone()), u8::try_from(i + 2).unwrap()));
            }
            for (value, code) in cases {
                let mut rec = serde_json::json!({"id": "X", "kind": kind});
                if *path == "kind" {
                    // Every record has a kind: never absent or null.
                    match value {
                        Some(v) if !v.is_null() => rec["kind"] = v,
                        _ => continue,
                    }
                } else if let Some(v) = value {
                    match detail {
                        Some(detail) => rec[detail] = serde_json::json!({ name: v }),
                        None => rec[name] = v,
                    }
                } else if let Some(detail) = detail {
                    // Absent twice over: without the detail object, and without the field.
                    let bare_text = rec.to_string();
                    let bare: Record<'_> = serde_json::from_str(&bare_text).unwrap();
                    assert_eq!((d.read)(&bare), CODE_ABSENT, "{path}");
                    rec[detail] = serde_json::json!({});
                }
                let text = rec.to_string();
                let record: Record<'_> = serde_json::from_str(&text).unwrap();
                let got = (d.read)(&record);
                assert_eq!(got, code, "{path} on {text}");
                let val = get(&record);
                match code {
                    CODE_ABSENT => assert!(val.is_absent(), "{path}"),
                    CODE_NULL => assert!(matches!(val, Val::Null), "{path}"),
                    _ => {
                        let want = values.get(usize::from(code) - 2).unwrap();
                        assert!(strict_eq(&val, &Val::from_json(want)), "{path}: {val:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn sla_targets_expose_metric_value_and_unit() {
        let json = r#"{"id":"S1","kind":"sla","agreement":{"targets":[{"metric":"availability","value":99.9,"unit":"%"},{"metric":"response"}]}}"#;
        let record: Record<'_> = serde_json::from_str(json).unwrap();
        let (ty, get) = record_list("agreement.targets").unwrap();
        assert_eq!(ty, ItemType::Target);
        let items: Vec<ItemRef<'_>> = get(&record).unwrap().iter().collect();
        let metric = item_field(ty, "metric").unwrap();
        let value = item_field(ty, "value").unwrap();
        let unit = item_field(ty, "unit").unwrap();
        assert_eq!(metric(items[0]).to_text(), "availability");
        assert_eq!(value(items[0]).to_number(), 99.9);
        assert_eq!(unit(items[0]).to_text(), "%");
        assert!(matches!(value(items[1]), Val::Null));
        assert!(matches!(unit(items[1]), Val::Null));
        assert!(item_field(ty, "target").is_none());
    }

    #[test]
    fn a_list_sent_as_null_is_empty_and_a_missing_one_absent() {
        let null: Record<'_> =
            serde_json::from_str(r#"{"id":"A","kind":"internal_audit","audit":{"covers":null}}"#)
                .unwrap();
        let missing: Record<'_> =
            serde_json::from_str(r#"{"id":"A","kind":"internal_audit","audit":{}}"#).unwrap();
        let (_, get) = record_list("audit.covers").unwrap();
        assert_eq!(get(&null).map(|v| v.len()), Some(0));
        assert!(get(&missing).is_none());
    }
}
