//! The canonical record: one typed shape for every kind of evidence the standard asks for.
//!
//! Field names are camelCase in JSON. Every optional field is a [`Field`]: absent (the source never
//! sends it), null/empty, or a value. Kind-specific fields sit in an object named after the kind
//! (`change`, `problem`, …); only the one that matches `kind` is read.

use serde::{Deserialize, Serialize};

use super::time::Instant;
use super::value::{Field, Level, Text};

/// A value with everything it borrowed from the input copied, so that it outlives the input.
///
/// Records are made owned this way (normalize of CSV, whose JSON lives only during the call,
/// and the canonical reader's second chance): a plain copy, with no generic deserialiser of
/// its own (a `serde_json::Value` round trip instantiated the whole `Record` deserialiser a
/// second time, about 170 KB of the .wasm).
pub trait IntoStatic {
    type Static;
    fn into_static(self) -> Self::Static;
}

macro_rules! static_as_is {
    ($($ty:ty),+) => {
        $(impl IntoStatic for $ty {
            type Static = $ty;
            fn into_static(self) -> $ty {
                self
            }
        })+
    };
}

static_as_is!(bool, u32, f64, Instant);

impl IntoStatic for Text<'_> {
    type Static = Text<'static>;
    fn into_static(self) -> Text<'static> {
        self.into_owned()
    }
}

impl IntoStatic for Level<'_> {
    type Static = Level<'static>;
    fn into_static(self) -> Level<'static> {
        Level {
            value: self.value,
            code: self.code.into_static(),
            label: self.label.into_static(),
        }
    }
}

impl<T: IntoStatic> IntoStatic for Field<T> {
    type Static = Field<T::Static>;
    fn into_static(self) -> Field<T::Static> {
        self.map(T::into_static)
    }
}

impl<T: IntoStatic> IntoStatic for Option<T> {
    type Static = Option<T::Static>;
    fn into_static(self) -> Option<T::Static> {
        self.map(T::into_static)
    }
}

impl<T: IntoStatic> IntoStatic for Vec<T> {
    type Static = Vec<T::Static>;
    fn into_static(self) -> Vec<T::Static> {
        self.into_iter().map(T::into_static).collect()
    }
}

impl<T: IntoStatic> IntoStatic for Box<T> {
    type Static = Box<T::Static>;
    fn into_static(self) -> Box<T::Static> {
        Box::new((*self).into_static())
    }
}

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Position in [`Self::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl IntoStatic for $name {
            type Static = $name;
            fn into_static(self) -> $name {
                self
            }
        }
    };
}

string_enum! {
    /// What a record is evidence of.
    Kind {
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
    State {
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
    LinkRel {
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
    ApprovalState {
        NotRequested = "not_requested",
        Requested = "requested",
        Approved = "approved",
        Rejected = "rejected",
        Cancelled = "cancelled",
        NotRequired = "not_required",
    }
}

string_enum! {
    ChangeType { Standard = "standard", Normal = "normal", Emergency = "emergency" }
}

string_enum! {
    Risk { VeryHigh = "very_high", High = "high", Moderate = "moderate", Low = "low" }
}

string_enum! {
    /// The outcome of a change, release or test.
    Outcome {
        Successful = "successful",
        SuccessfulWithIssues = "successful_with_issues",
        Unsuccessful = "unsuccessful",
        Cancelled = "cancelled",
    }
}

string_enum! {
    SlaStage { InProgress = "in_progress", Paused = "paused", Completed = "completed", Cancelled = "cancelled" }
}

string_enum! {
    /// Where an SLA clock's verdict comes from.
    SlaSource {
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
    DocumentType {
        Policy = "policy", Plan = "plan", Procedure = "procedure", Process = "process",
        Scope = "scope", Objectives = "objectives", Risk = "risk_register", Other = "other",
        ServiceManagementPlan = "service_management_plan", ServiceCatalogue = "service_catalogue",
        ContinuityPlan = "continuity_plan", AvailabilityPlan = "availability_plan",
        CapacityPlan = "capacity_plan", SecurityPolicy = "security_policy", Contract = "contract",
    }
}

string_enum! {
    /// Where an improvement or nonconformity came from.
    ImprovementSource {
        Audit = "audit", ManagementReview = "management_review", Incident = "incident",
        Problem = "problem", Complaint = "complaint", Survey = "survey", Check = "check",
        Measurement = "measurement", Staff = "staff", Other = "other",
        ServiceReport = "service_report",
    }
}

string_enum! {
    /// What a service level target measures.
    TargetMetric {
        Availability = "availability",
        Response = "response",
        Resolution = "resolution",
        Capacity = "capacity",
        Continuity = "continuity",
        Satisfaction = "satisfaction",
        Other = "other",
    }
}

/// Where a record came from: the tool, the payload shape and its place in the input.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct Origin<'a> {
    /// `canonical`, `servicenow`, … (set by the adapter).
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    pub tool: Option<Text<'a>>,
    /// The payload shape, e.g. `table-api/display_value=all`.
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    pub shape: Option<Text<'a>>,
    /// The source table or object type, e.g. `incident`, `change_request`.
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    pub table: Option<Text<'a>>,
    /// A link back to the record in its tool, when the payload carries one.
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    pub url: Option<Text<'a>>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Link<'a> {
    pub rel: LinkRel,
    /// The target record's id.
    #[serde(borrow)]
    pub target: Text<'a>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_kind: Option<Kind>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Approval<'a> {
    pub state: ApprovalState,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub approver: Option<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Text<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Instant>,
}

/// One service-level clock on a ticket (response, resolution, …).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct SlaEntry<'a> {
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<SlaStage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breached: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<Instant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<Instant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop: Option<Instant>,
    /// Which source decided (absent: given as it is, as in canonical records).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SlaSource>,
}

/// One typed target of a service level agreement (availability 99.9 %, resolution 8 h …).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SlaTarget<'a> {
    pub metric: TargetMetric,
    /// The target value, in `unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// `%`, `h`, `min`, `days` …
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text<'a>>,
}

macro_rules! detail {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
        #[serde(rename_all = "camelCase", default, deny_unknown_fields, bound(deserialize = "'de: 'a"))]
        pub struct $name<'a> {
            #[serde(skip)]
            pub _text: std::marker::PhantomData<&'a ()>,
            $($(#[$fmeta])* #[serde(skip_serializing_if = "Field::is_absent")] pub $field: Field<$ty>,)+
        }

        impl IntoStatic for $name<'_> {
            type Static = $name<'static>;
            fn into_static(self) -> $name<'static> {
                $name {
                    _text: std::marker::PhantomData,
                    $($field: self.$field.into_static(),)+
                }
            }
        }
    };
}

detail! {
    IncidentDetail {
        major: bool,
        /// An information security incident.
        security: bool,
        reopen_count: u32,
        reassignment_count: u32,
        resolution_code: Text<'a>,
        resolution_notes: Text<'a>,
        /// When a post-incident review was held (major incidents).
        review_at: Instant,
        review_notes: Text<'a>,
    }
}

detail! {
    RequestDetail {
        /// The catalogue item requested.
        item: Text<'a>,
        approval_required: bool,
        close_notes: Text<'a>,
    }
}

detail! {
    ProblemDetail {
        root_cause: Text<'a>,
        workaround: Text<'a>,
        known_error: bool,
        known_error_at: Instant,
        fix_notes: Text<'a>,
        resolution_code: Text<'a>,
    }
}

detail! {
    ChangeDetail {
        r#type: ChangeType,
        risk: Risk,
        implementation_plan: Text<'a>,
        backout_plan: Text<'a>,
        test_plan: Text<'a>,
        risk_analysis: Text<'a>,
        planned_start: Instant,
        planned_end: Instant,
        actual_start: Instant,
        actual_end: Instant,
        outcome: Outcome,
        review_at: Instant,
        review_notes: Text<'a>,
        cab_required: bool,
        unauthorized: bool,
        /// The security impact of the change was assessed.
        security_assessed: bool,
        /// The change introduces, removes or substantially changes a service.
        service_change: bool,
        /// The design of the new or changed service (a reference or a summary).
        design: Text<'a>,
        /// When the new or changed service was accepted (acceptance test passed).
        accepted_at: Instant,
    }
}

detail! {
    ReleaseDetail {
        release_type: Text<'a>,
        planned_at: Instant,
        deployed_at: Instant,
        test_plan: Text<'a>,
        accepted_at: Instant,
        backout_plan: Text<'a>,
        outcome: Outcome,
        review_at: Instant,
        review_notes: Text<'a>,
    }
}

detail! {
    CiDetail {
        ci_class: Text<'a>,
        owner: Text<'a>,
        support_group: Text<'a>,
        last_verified_at: Instant,
        critical: bool,
        /// The CI is also an asset under asset management (licences, hardware of value …).
        asset: bool,
    }
}

detail! {
    ServiceDetail {
        owner: Text<'a>,
        customer: Text<'a>,
        description: Text<'a>,
        last_review_at: Instant,
        /// The service requirements (what the customer and the organisation need of it).
        requirements: Text<'a>,
        /// The service is within the scope of the service management system.
        in_scope: bool,
    }
}

detail! {
    SlaDetail {
        customer: Text<'a>,
        /// Number of measurable targets in the agreement.
        target_count: u32,
        /// The agreement's targets, typed by what they measure.
        targets: Vec<SlaTarget<'a>>,
        approved_at: Instant,
        last_review_at: Instant,
        valid_from: Instant,
        valid_to: Instant,
    }
}

detail! {
    SlaMeasurementDetail {
        metric: Text<'a>,
        target: f64,
        actual: f64,
        /// The target is a ceiling (resolution time, backlog) rather than a floor (availability).
        lower_is_better: bool,
        /// Whether the target was met (computed from target, actual and direction when absent).
        met: bool,
        period_start: Instant,
        period_end: Instant,
        stage: SlaStage,
    }
}

detail! {
    DocumentDetail {
        doc_type: DocumentType,
        version: Text<'a>,
        owner: Text<'a>,
        approved_by: Text<'a>,
        approved_at: Instant,
        last_review_at: Instant,
        next_review_at: Instant,
        /// The 2018 clauses this document is the documented policy, plan or procedure for.
        covers: Vec<Text<'a>>,
    }
}

detail! {
    AuditDetail {
        planned_at: Instant,
        held_at: Instant,
        scope: Text<'a>,
        auditor: Text<'a>,
        /// The auditor did not audit their own work.
        independent: bool,
        finding_count: u32,
        nonconformity_count: u32,
        report_at: Instant,
        /// The 2018 clauses the audit covered.
        covers: Vec<Text<'a>>,
    }
}

detail! {
    ManagementReviewDetail {
        held_at: Instant,
        chair: Text<'a>,
        /// Inputs discussed (audit results, performance, feedback, risks, improvements …).
        input_count: u32,
        decision_count: u32,
        minutes_approved_at: Instant,
    }
}

detail! {
    ServiceReportDetail {
        period_start: Instant,
        period_end: Instant,
        issued_at: Instant,
        audience: Text<'a>,
        covers_targets: bool,
        reviewed_with_customer: bool,
    }
}

detail! {
    ImprovementDetail {
        source: ImprovementSource,
        /// The id of the check whose failures raised it, when it came from this engine.
        source_check: Text<'a>,
        target_date: Instant,
        benefit_evaluated_at: Instant,
        benefit_notes: Text<'a>,
        /// The 2018 clauses the improvement concerns.
        covers: Vec<Text<'a>>,
    }
}

detail! {
    NonconformityDetail {
        grade: Text<'a>,
        source: ImprovementSource,
        root_cause: Text<'a>,
        correction: Text<'a>,
        corrective_action: Text<'a>,
        due_at: Instant,
        effectiveness_reviewed_at: Instant,
        effective: bool,
        /// The 2018 clauses the nonconformity concerns.
        covers: Vec<Text<'a>>,
    }
}

detail! {
    ContinuityTestDetail {
        /// `continuity` or `availability`.
        test_type: Text<'a>,
        planned_at: Instant,
        performed_at: Instant,
        outcome: Outcome,
        /// Id of the continuity/availability plan exercised.
        plan_ref: Text<'a>,
        objectives_met: bool,
        action_count: u32,
    }
}

detail! {
    CapacityReviewDetail {
        period_end: Instant,
        held_at: Instant,
        /// Peak utilisation in percent.
        peak_utilisation: f64,
        /// Threshold in percent above which action is expected.
        threshold: f64,
        forecast_included: bool,
        action_count: u32,
        /// Availability needs were considered together with capacity.
        availability_considered: bool,
    }
}

detail! {
    SupplierDetail {
        contract_ref: Text<'a>,
        contract_start: Instant,
        contract_end: Instant,
        owner: Text<'a>,
        last_review_at: Instant,
        performance_met: bool,
        critical: bool,
        /// An internal supplier (another part of the organisation) rather than an external one.
        internal: bool,
    }
}

detail! {
    ComplaintDetail {
        channel: Text<'a>,
        responded_at: Instant,
        resolution: Text<'a>,
    }
}

detail! {
    SurveyDetail {
        score: f64,
        scale_max: f64,
        responded_at: Instant,
        followed_up: bool,
        comment: Text<'a>,
    }
}

detail! {
    /// An entry of the SMS activity log.
    ActivityDetail {
        /// What kind of activity it was. The built-in pack places these codes on their 2018
        /// clause even without `covers`: `risk_assessment` (6.1), `objectives_review` (6.2.2),
        /// `resource_review` (7.1), `training` (7.2), `awareness` (7.3), `communication` (7.4),
        /// `knowledge_review` (7.6), `operational_planning` (8.1), `asset_inventory` (8.2.5),
        /// `budget_review` (8.4.1), `demand_forecast` (8.4.2), `security_assessment` (8.7.3.2).
        activity_type: Text<'a>,
        /// The 2018 clauses the activity carries out.
        covers: Vec<Text<'a>>,
        performed_at: Instant,
        owner: Text<'a>,
        result: Text<'a>,
        action_count: u32,
    }
}

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

impl IntoStatic for Origin<'_> {
    type Static = Origin<'static>;
    fn into_static(self) -> Origin<'static> {
        Origin {
            tool: self.tool.into_static(),
            shape: self.shape.into_static(),
            table: self.table.into_static(),
            url: self.url.into_static(),
        }
    }
}

impl IntoStatic for Link<'_> {
    type Static = Link<'static>;
    fn into_static(self) -> Link<'static> {
        Link {
            rel: self.rel,
            target: self.target.into_static(),
            target_kind: self.target_kind,
        }
    }
}

impl IntoStatic for Approval<'_> {
    type Static = Approval<'static>;
    fn into_static(self) -> Approval<'static> {
        Approval {
            state: self.state,
            approver: self.approver.into_static(),
            group: self.group.into_static(),
            at: self.at,
        }
    }
}

impl IntoStatic for SlaEntry<'_> {
    type Static = SlaEntry<'static>;
    fn into_static(self) -> SlaEntry<'static> {
        SlaEntry {
            name: self.name.into_static(),
            stage: self.stage,
            breached: self.breached,
            start: self.start,
            due: self.due,
            stop: self.stop,
            source: self.source,
        }
    }
}

impl IntoStatic for SlaTarget<'_> {
    type Static = SlaTarget<'static>;
    fn into_static(self) -> SlaTarget<'static> {
        SlaTarget {
            metric: self.metric,
            value: self.value,
            unit: self.unit.into_static(),
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
mod tests {
    use super::*;

    /// The owned copy says exactly what the borrowed record says (every detail object, links,
    /// approvals, SLA entries and targets, levels with codes and labels, null and absent fields).
    #[test]
    fn into_static_copies_every_field() {
        let text = r#"{"id":" R1 ","kind":"change","number":"CHG1","title":"t","state":"closed",
            "stateLabel":"Closed","priority":{"value":2,"code":"2","label":"2 - High"},"impact":3,
            "urgency":null,"category":"c","service":"s","assignmentGroup":"g","assignee":"a",
            "requester":"r","openedAt":"2026-01-01T00:00:00Z","closedAt":"2026-01-02T00:00:00Z",
            "approval":"approved","approvals":[{"state":"approved","approver":"x","at":"2026-01-01"}],
            "links":[{"rel":"fixes","target":"INC1","targetKind":"incident"}],
            "sla":[{"name":"resolution","stage":"completed","breached":false}],
            "change":{"type":"normal","risk":"low","backoutPlan":"b","cabRequired":true,"testPlan":null},
            "agreement":{"targets":[{"metric":"availability","value":99.9,"unit":"%"}],"targetCount":1},
            "document":{"covers":["8.1","8.2"]},"measurement":{"target":1.5,"actual":2},
            "origin":{"tool":"canonical","url":"https://example.test/1"}}"#;
        let record: Record<'_> = serde_json::from_str(text).unwrap();
        let before = serde_json::to_value(&record).unwrap();
        let owned: Record<'static> = record.into_static();
        assert_eq!(serde_json::to_value(&owned).unwrap(), before);
        assert!(owned.raw.is_none());
    }
}
