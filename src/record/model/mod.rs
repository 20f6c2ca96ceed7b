//! The canonical record: one typed shape for every kind of evidence the standard asks for.
//!
//! Field names are camelCase in JSON. Every optional field is a [`Field`]: absent (the source never
//! sends it), null/empty, or a value. Kind-specific fields sit in an object named after the kind
//! (`change`, `problem`, …); only the one that matches `kind` is read.

mod codes;
mod details;
mod owned;
mod parts;
#[cfg(feature = "canonical")]
pub(crate) mod write;

use serde::{Deserialize, Serialize};

use super::time::Instant;
use super::value::{Field, Level, Text};

pub use codes::*;
pub use details::*;
pub use owned::IntoStatic;
pub use parts::*;

/// The canonical record.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
// TypeScript's own `Record<K, V>` must stay usable beside it (the JSON shape is the same).
#[cfg_attr(feature = "wasm", tsify(rename = "CanonicalRecord"))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Record<'a> {
    /// The record's key in its tool (sys_id, issue id, …).
    #[serde(borrow)]
    pub id: Text<'a>,
    pub kind: Kind,
    /// The human reference (INC0010001, PROJ-12, …).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub number: Option<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Field::is_absent")]
    pub title: Field<Text<'a>>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub state: Field<State>,
    /// The tool's own state label or code, kept for display.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub state_label: Option<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Field::is_absent")]
    pub priority: Field<Level<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Field::is_absent")]
    pub impact: Field<Level<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Field::is_absent")]
    pub urgency: Field<Level<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Field::is_absent")]
    pub category: Field<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Field::is_absent")]
    pub service: Field<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Field::is_absent")]
    pub assignment_group: Field<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Field::is_absent")]
    pub assignee: Field<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Field::is_absent")]
    pub requester: Field<Text<'a>>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub opened_at: Field<Instant>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub updated_at: Field<Instant>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub resolved_at: Field<Instant>,
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub closed_at: Field<Instant>,
    /// The record's approval summary (the individual decisions are in `approvals`).
    #[serde(default, skip_serializing_if = "Field::is_absent")]
    pub approval: Field<ApprovalState>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub approvals: Option<Vec<Approval<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<Link<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub sla: Option<Vec<SlaEntry<'a>>>,

    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<Box<IncidentDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Box<RequestDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<Box<ProblemDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Box<ChangeDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub release: Option<Box<ReleaseDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub ci: Option<Box<CiDetail<'a>>>,
    #[serde(
        borrow,
        default,
        skip_serializing_if = "Option::is_none",
        rename = "serviceDetail"
    )]
    pub service_detail: Option<Box<ServiceDetail<'a>>>,
    #[serde(
        borrow,
        default,
        skip_serializing_if = "Option::is_none",
        rename = "agreement"
    )]
    pub agreement: Option<Box<SlaDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub measurement: Option<Box<SlaMeasurementDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Box<DocumentDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<Box<AuditDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Box<ManagementReviewDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub report: Option<Box<ServiceReportDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub improvement: Option<Box<ImprovementDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub nonconformity: Option<Box<NonconformityDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub test: Option<Box<ContinuityTestDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Box<CapacityReviewDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<Box<SupplierDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub complaint: Option<Box<ComplaintDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<Box<SurveyDetail<'a>>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<Box<ActivityDetail<'a>>>,

    #[serde(borrow, default)]
    pub origin: Origin<'a>,
    /// The original payload, untouched (not part of the canonical input).
    #[serde(skip)]
    pub raw: Option<&'a str>,
}

impl<'a> Record<'a> {
    /// A record with nothing known but its id and kind: the adapters start from it and fill in
    /// what their source carries (every other field absent, no origin, no payload).
    pub fn new(id: Text<'a>, kind: Kind) -> Record<'a> {
        Record {
            id,
            kind,
            number: None,
            title: Field::Absent,
            state: Field::Absent,
            state_label: None,
            priority: Field::Absent,
            impact: Field::Absent,
            urgency: Field::Absent,
            category: Field::Absent,
            service: Field::Absent,
            assignment_group: Field::Absent,
            assignee: Field::Absent,
            requester: Field::Absent,
            opened_at: Field::Absent,
            updated_at: Field::Absent,
            resolved_at: Field::Absent,
            closed_at: Field::Absent,
            approval: Field::Absent,
            approvals: None,
            links: None,
            sla: None,
            incident: None,
            request: None,
            problem: None,
            change: None,
            release: None,
            ci: None,
            service_detail: None,
            agreement: None,
            measurement: None,
            document: None,
            audit: None,
            review: None,
            report: None,
            improvement: None,
            nonconformity: None,
            test: None,
            capacity: None,
            supplier: None,
            complaint: None,
            survey: None,
            activity: None,
            origin: Origin::default(),
            raw: None,
        }
    }
}

/// The original payload (`raw`) is a slice of the input, so the owned record has none (as a
/// record read back from JSON has none).
impl IntoStatic for Record<'_> {
    type Static = Record<'static>;
    fn into_static(self) -> Record<'static> {
        Record {
            id: self.id.into_static(),
            kind: self.kind,
            number: self.number.into_static(),
            title: self.title.into_static(),
            state: self.state,
            state_label: self.state_label.into_static(),
            priority: self.priority.into_static(),
            impact: self.impact.into_static(),
            urgency: self.urgency.into_static(),
            category: self.category.into_static(),
            service: self.service.into_static(),
            assignment_group: self.assignment_group.into_static(),
            assignee: self.assignee.into_static(),
            requester: self.requester.into_static(),
            opened_at: self.opened_at,
            updated_at: self.updated_at,
            resolved_at: self.resolved_at,
            closed_at: self.closed_at,
            approval: self.approval,
            approvals: self.approvals.into_static(),
            links: self.links.into_static(),
            sla: self.sla.into_static(),
            incident: self.incident.into_static(),
            request: self.request.into_static(),
            problem: self.problem.into_static(),
            change: self.change.into_static(),
            release: self.release.into_static(),
            ci: self.ci.into_static(),
            service_detail: self.service_detail.into_static(),
            agreement: self.agreement.into_static(),
            measurement: self.measurement.into_static(),
            document: self.document.into_static(),
            audit: self.audit.into_static(),
            review: self.review.into_static(),
            report: self.report.into_static(),
            improvement: self.improvement.into_static(),
            nonconformity: self.nonconformity.into_static(),
            test: self.test.into_static(),
            capacity: self.capacity.into_static(),
            supplier: self.supplier.into_static(),
            complaint: self.complaint.into_static(),
            survey: self.survey.into_static(),
            activity: self.activity.into_static(),
            origin: self.origin.into_static(),
            raw: None,
        }
    }
}

#[cfg(test)]
mod tests;
