//! When a record happened.

use super::{Field, Instant, Kind, Record};

impl Record<'_> {
    /// When a record happened, for the window and the month buckets. Standing records (CIs,
    /// services, agreements, documents, suppliers) have none: they are current state, always in.
    pub fn primary_time(&self) -> Option<Instant> {
        let r = self;
        fn v(f: &Field<Instant>) -> Option<Instant> {
            f.value().copied()
        }
        let opened = v(&r.opened_at);
        match r.kind {
            Kind::ConfigurationItem
            | Kind::Service
            | Kind::ServiceLevelAgreement
            | Kind::Document
            | Kind::Supplier => None,
            Kind::Release => r
                .release
                .as_ref()
                .and_then(|d| v(&d.deployed_at).or(v(&d.planned_at)))
                .or(opened),
            Kind::SlaMeasurement => r
                .measurement
                .as_ref()
                .and_then(|d| v(&d.period_start).or(v(&d.period_end)))
                .or(opened),
            Kind::InternalAudit => r
                .audit
                .as_ref()
                .and_then(|d| v(&d.held_at).or(v(&d.planned_at)))
                .or(opened),
            Kind::ManagementReview => r.review.as_ref().and_then(|d| v(&d.held_at)).or(opened),
            Kind::ServiceReport => r
                .report
                .as_ref()
                .and_then(|d| v(&d.period_end).or(v(&d.issued_at)))
                .or(opened),
            Kind::ContinuityTest => r
                .test
                .as_ref()
                .and_then(|d| v(&d.performed_at).or(v(&d.planned_at)))
                .or(opened),
            Kind::CapacityReview => r
                .capacity
                .as_ref()
                .and_then(|d| v(&d.held_at).or(v(&d.period_end)))
                .or(opened),
            Kind::SatisfactionSurvey => r
                .survey
                .as_ref()
                .and_then(|d| v(&d.responded_at))
                .or(opened),
            Kind::Activity => r
                .activity
                .as_ref()
                .and_then(|d| v(&d.performed_at))
                .or(opened),
            _ => opened,
        }
    }
}
