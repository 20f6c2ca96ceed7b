//! The canonical paths a mapping can fill, and the type each one reads its cell as.

use super::labels::code_of;
use crate::record::model::{
    ApprovalState, ChangeType, DocumentType, ImprovementSource, LinkRel, Outcome, Risk, SlaStage,
};

/// What a field holds, so that a text cell becomes the right JSON.
#[derive(Clone, Copy, Debug)]
pub enum FieldType {
    Text,
    Time,
    Bool,
    Count,
    Number,
    Level,
    /// A code; the function gives the canonical code of a label (`"Very high"` → `very_high`).
    Code(fn(&str) -> Option<&'static str>),
    TextList,
    Link(LinkRel),
    SlaMet,
    SlaBreached,
    /// `incident.reopenedAt`: a time present means the incident was reopened.
    ReopenedAt,
}

const BOOLS: &[&str] = &[
    "incident.major",
    "incident.security",
    "request.approvalRequired",
    "problem.knownError",
    "change.cabRequired",
    "change.unauthorized",
    "change.securityAssessed",
    "change.serviceChange",
    "ci.critical",
    "ci.asset",
    "serviceDetail.inScope",
    "measurement.met",
    "measurement.lowerIsBetter",
    "audit.independent",
    "report.coversTargets",
    "report.reviewedWithCustomer",
    "nonconformity.effective",
    "test.objectivesMet",
    "capacity.forecastIncluded",
    "capacity.availabilityConsidered",
    "supplier.performanceMet",
    "supplier.critical",
    "supplier.internal",
    "survey.followedUp",
];

const NUMBERS: &[&str] = &[
    "measurement.target",
    "measurement.actual",
    "capacity.peakUtilisation",
    "capacity.threshold",
    "survey.score",
    "survey.scaleMax",
];

const TIMES: &[&str] = &[
    "change.plannedStart",
    "change.plannedEnd",
    "change.actualStart",
    "change.actualEnd",
    "measurement.periodStart",
    "measurement.periodEnd",
    "report.periodStart",
    "report.periodEnd",
    "capacity.periodEnd",
    "supplier.contractStart",
    "supplier.contractEnd",
    "agreement.validFrom",
    "agreement.validTo",
    "improvement.targetDate",
];

/// Paths a mapping cannot fill: the mapping sets them itself.
const RESERVED: &[&str] = &["id", "kind", "number", "state", "stateLabel"];

/// The type of a canonical path a mapping can fill, or `None`.
pub fn field_type(path: &str) -> Option<FieldType> {
    if let Some(rel) = path.strip_prefix("links.") {
        return LinkRel::parse(rel).map(FieldType::Link);
    }
    match path {
        "sla.met" => return Some(FieldType::SlaMet),
        "sla.breached" => return Some(FieldType::SlaBreached),
        "incident.reopenedAt" => return Some(FieldType::ReopenedAt),
        _ => {}
    }
    if path.ends_with(".covers") {
        return Some(FieldType::TextList);
    }
    let known = crate::rules::fields::RECORD_FIELDS.contains(&path);
    let level_part = ["priority.", "impact.", "urgency."]
        .iter()
        .any(|p| path.starts_with(p));
    if !known || RESERVED.contains(&path) || path.starts_with("origin.") || level_part {
        return None;
    }
    Some(match path {
        "priority" | "impact" | "urgency" => FieldType::Level,
        "approval" => FieldType::Code(|t| ApprovalState::parse(&code_of(t)).map(|v| v.as_str())),
        "change.type" => FieldType::Code(|t| ChangeType::parse(&code_of(t)).map(|v| v.as_str())),
        "change.risk" => FieldType::Code(|t| Risk::parse(&code_of(t)).map(|v| v.as_str())),
        "measurement.stage" => {
            FieldType::Code(|t| SlaStage::parse(&code_of(t)).map(|v| v.as_str()))
        }
        "document.docType" => {
            FieldType::Code(|t| DocumentType::parse(&code_of(t)).map(|v| v.as_str()))
        }
        "improvement.source" | "nonconformity.source" => {
            FieldType::Code(|t| ImprovementSource::parse(&code_of(t)).map(|v| v.as_str()))
        }
        p if p.ends_with(".outcome") => {
            FieldType::Code(|t| Outcome::parse(&code_of(t)).map(|v| v.as_str()))
        }
        p if BOOLS.contains(&p) => FieldType::Bool,
        p if NUMBERS.contains(&p) => FieldType::Number,
        p if p.ends_with("Count") => FieldType::Count,
        p if p.ends_with("At") || TIMES.contains(&p) => FieldType::Time,
        _ => FieldType::Text,
    })
}

/// Every path a mapping can fill (for proposals and pickers).
pub fn targets() -> Vec<String> {
    let mut out: Vec<String> = crate::rules::fields::RECORD_FIELDS
        .iter()
        .filter(|p| field_type(p).is_some())
        .map(|p| p.to_string())
        .collect();
    out.push("incident.reopenedAt".into());
    out.push("sla.met".into());
    out.push("sla.breached".into());
    for rel in LinkRel::ALL {
        out.push(format!("links.{}", rel.as_str()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_types() {
        assert!(matches!(field_type("openedAt"), Some(FieldType::Time)));
        assert!(matches!(
            field_type("change.plannedStart"),
            Some(FieldType::Time)
        ));
        assert!(matches!(
            field_type("incident.reassignmentCount"),
            Some(FieldType::Count)
        ));
        assert!(matches!(field_type("priority"), Some(FieldType::Level)));
        assert!(matches!(
            field_type("links.affects_ci"),
            Some(FieldType::Link(LinkRel::AffectsCi))
        ));
        assert!(field_type("links.nothing").is_none());
        assert!(field_type("id").is_none());
        assert!(field_type("origin.tool").is_none());
        assert!(field_type("openedAtt").is_none());
        assert!(targets().contains(&"incident.resolutionCode".to_string()));
    }
}
