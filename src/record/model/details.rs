//! The kind-specific detail objects (`incident`, `change`, `audit` …): every field optional.

use serde::{Deserialize, Serialize};

use super::super::time::Instant;
use super::super::value::{Field, Text};
use super::*;

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

        // Read from the element's tree by the canonical reader (serde's derive above is its
        // test oracle natively, and is not in the .wasm).
        #[cfg(feature = "canonical")]
        $crate::record::source::canonical::tree::struct_reader!(
            $name { $($field),+ } deny_unknown: true
        );
        // Written by `normalize` with the canonical writer (likewise).
        #[cfg(feature = "canonical")]
        $crate::record::model::write::struct_writer!($name { $($field),+ });

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
