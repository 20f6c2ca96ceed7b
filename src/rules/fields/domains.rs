//! Fields with few values (enumerations and flags): each reads as a small code, so that a test
//! on it is worked out for every value when a rule compiles and read back by number when it runs.

use crate::record::model::*;
use crate::record::{Field, Level};
use crate::util::string_enum::StringEnum;

/// A value with few possible values, so that a test on it can be worked out for each of them
/// when a rule compiles and read back by number when it runs.
pub trait Finite: Copy {
    /// Position among [`Finite::values`].
    fn code(self) -> u8;
    /// Every value, as a condition sees it (the order of the codes).
    fn values() -> Vec<serde_json::Value>;
}

// Every such enumeration has fewer than 64 values (checked by a test).
impl<T: StringEnum> Finite for T {
    fn code(self) -> u8 {
        u8::try_from(self.index()).unwrap_or(u8::MAX)
    }
    fn values() -> Vec<serde_json::Value> {
        T::ALL
            .iter()
            .map(|v| serde_json::Value::String(v.as_str().into()))
            .collect()
    }
}

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

/// The canonical 1–5 scale of a priority, impact or urgency (a [`Level`]'s value, which a
/// condition sees as a number).
#[derive(Clone, Copy)]
pub struct LevelScale(u8);

impl Finite for LevelScale {
    fn code(self) -> u8 {
        // 1–5 are codes 0–4; anything else has no code (`u8::MAX`, past every table).
        match self.0 {
            1..=5 => self.0 - 1,
            _ => u8::MAX,
        }
    }
    fn values() -> Vec<serde_json::Value> {
        (1..=5u8).map(serde_json::Value::from).collect()
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

fn lc(f: &Field<Level<'_>>) -> u8 {
    match f {
        Field::Absent => CODE_ABSENT,
        Field::Null => CODE_NULL,
        Field::Value(l) => LevelScale(l.value).code().saturating_add(2),
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
"priority" => LevelScale: |r| lc(&r.priority);
"impact" => LevelScale: |r| lc(&r.impact);
"urgency" => LevelScale: |r| lc(&r.urgency);
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
