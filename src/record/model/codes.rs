//! The record's enumerations, each a closed list of JSON strings (kind, state, link relation …).

use crate::util::string_enum::string_enum;

/// Calls the macro `$m` with every code list of the canonical record: the canonical reader and
/// writer implement their traits for each, from this one list.
#[cfg(feature = "canonical")]
macro_rules! with_record_codes {
    ($m:ident) => {
        $m!(
            Kind,
            State,
            ApprovalState,
            LinkRel,
            SlaStage,
            SlaSource,
            TargetMetric,
            ChangeType,
            Risk,
            Outcome,
            DocumentType,
            ImprovementSource
        );
    };
}
#[cfg(feature = "canonical")]
pub(crate) use with_record_codes;

string_enum! {
    /// What a record is evidence of.
    pub enum Kind {
        Incident = "incident",
        ServiceRequest = "service_request",
        Problem = "problem",
        Change = "change",
        Release = "release",
        ConfigurationItem = "configuration_item",
        Service = "service",
        ServiceLevelAgreement = "sla",
        SlaMeasurement = "sla_measurement",
        Document = "document",
        InternalAudit = "internal_audit",
        ManagementReview = "management_review",
        ServiceReport = "service_report",
        Improvement = "improvement",
        Nonconformity = "nonconformity",
        ContinuityTest = "continuity_test",
        CapacityReview = "capacity_review",
        Supplier = "supplier",
        Complaint = "complaint",
        SatisfactionSurvey = "satisfaction_survey",
        /// An entry of the organisation's SMS activity log: training held, an awareness session,
        /// a communication sent, a risk assessment, a budget review, an asset inventory, a
        /// knowledge review, a security assessment, a demand forecast …
        Activity = "activity",
    }
}

string_enum! {
    /// Normalised lifecycle state. Ticket kinds use new … cancelled; documents, CIs, services,
    /// agreements and suppliers use draft / active / retired.
    pub enum State {
        New = "new",
        InProgress = "in_progress",
        OnHold = "on_hold",
        Resolved = "resolved",
        Closed = "closed",
        Cancelled = "cancelled",
        Draft = "draft",
        Active = "active",
        Retired = "retired",
    }
}

impl Kind {
    /// The name of the kind's detail object in a canonical record (`change`, `serviceDetail` …).
    pub fn detail_name(self) -> &'static str {
        match self {
            Kind::Incident => "incident",
            Kind::ServiceRequest => "request",
            Kind::Problem => "problem",
            Kind::Change => "change",
            Kind::Release => "release",
            Kind::ConfigurationItem => "ci",
            Kind::Service => "serviceDetail",
            Kind::ServiceLevelAgreement => "agreement",
            Kind::SlaMeasurement => "measurement",
            Kind::Document => "document",
            Kind::InternalAudit => "audit",
            Kind::ManagementReview => "review",
            Kind::ServiceReport => "report",
            Kind::Improvement => "improvement",
            Kind::Nonconformity => "nonconformity",
            Kind::ContinuityTest => "test",
            Kind::CapacityReview => "capacity",
            Kind::Supplier => "supplier",
            Kind::Complaint => "complaint",
            Kind::SatisfactionSurvey => "survey",
            Kind::Activity => "activity",
        }
    }
}

impl State {
    /// Work on the record has finished (resolved, closed or cancelled).
    pub fn is_done(self) -> bool {
        matches!(self, State::Resolved | State::Closed | State::Cancelled)
    }
}

string_enum! {
    /// How a link relates this record (the subject) to the target.
    pub enum LinkRel {
        /// An incident's problem record.
        Problem = "problem",
        /// A problem's related incident.
        Incident = "incident",
        /// This record was caused by the target (e.g. an incident caused by a change).
        CausedBy = "caused_by",
        Causes = "causes",
        /// The target (a change) fixes this record.
        FixedBy = "fixed_by",
        Fixes = "fixes",
        /// A related change (a release's changes, a problem's RFC).
        Change = "change",
        Release = "release",
        AffectsCi = "affects_ci",
        Service = "service",
        Sla = "sla",
        /// An SLA measurement measures the target (a task or a service).
        Measures = "measures",
        DuplicateOf = "duplicate_of",
        Parent = "parent",
        Child = "child",
        /// An improvement or nonconformity raised from the target (audit, review, incident, check).
        RaisedFrom = "raised_from",
        /// An action (improvement, nonconformity, change) raised from this record.
        Action = "action",
        Supplier = "supplier",
        /// This record is a review (post-incident/post-implementation) of the target.
        ReviewOf = "review_of",
        /// The target is the review (post-incident/post-implementation) of this record.
        Review = "review",
        Plan = "plan",
        RelatesTo = "relates_to",
    }
}

string_enum! {
    pub enum ApprovalState {
        NotRequested = "not_requested",
        Requested = "requested",
        Approved = "approved",
        Rejected = "rejected",
        Cancelled = "cancelled",
        NotRequired = "not_required",
    }
}

string_enum! {
    pub enum ChangeType { Standard = "standard", Normal = "normal", Emergency = "emergency" }
}

string_enum! {
    pub enum Risk { VeryHigh = "very_high", High = "high", Moderate = "moderate", Low = "low" }
}

string_enum! {
    /// The outcome of a change, release or test.
    pub enum Outcome {
        Successful = "successful",
        SuccessfulWithIssues = "successful_with_issues",
        Unsuccessful = "unsuccessful",
        Cancelled = "cancelled",
    }
}

string_enum! {
    pub enum SlaStage { InProgress = "in_progress", Paused = "paused", Completed = "completed", Cancelled = "cancelled" }
}

string_enum! {
    /// Where an SLA clock's verdict comes from.
    pub enum SlaSource {
        /// The tool's SLA records of the ticket (ServiceNow `task_sla`, a JSM request's `/sla`
        /// entries): one row per SLA with its own breach flag.
        SlaRows = "sla_rows",
        /// A field on the ticket itself with the tool's verdict or deadline (ServiceNow
        /// `made_sla`, Jira SLA fields, GLPI `time_to_resolve`, Zammad and Znuny escalation
        /// times, iTop stopwatches, Freshservice `is_escalated`). SLA rows of the same ticket in
        /// the same input replace these.
        VerdictField = "verdict_field",
    }
}

string_enum! {
    pub enum DocumentType {
        Policy = "policy", Plan = "plan", Procedure = "procedure", Process = "process",
        Scope = "scope", Objectives = "objectives", Risk = "risk_register", Other = "other",
        ServiceManagementPlan = "service_management_plan", ServiceCatalogue = "service_catalogue",
        ContinuityPlan = "continuity_plan", AvailabilityPlan = "availability_plan",
        CapacityPlan = "capacity_plan", SecurityPolicy = "security_policy", Contract = "contract",
    }
}

string_enum! {
    /// Where an improvement or nonconformity came from.
    pub enum ImprovementSource {
        Audit = "audit", ManagementReview = "management_review", Incident = "incident",
        Problem = "problem", Complaint = "complaint", Survey = "survey", Check = "check",
        Measurement = "measurement", Staff = "staff", Other = "other",
        ServiceReport = "service_report",
    }
}

string_enum! {
    /// What a service level target measures.
    pub enum TargetMetric {
        Availability = "availability",
        Response = "response",
        Resolution = "resolution",
        Capacity = "capacity",
        Continuity = "continuity",
        Satisfaction = "satisfaction",
        Other = "other",
    }
}
