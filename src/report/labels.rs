//! Words the report builds sentences from: record kinds and phases in English and Japanese.

use crate::catalog::{Lang, Phase};
use crate::record::Kind;

/// A record kind as a service manager would name it, in the plural.
pub(super) fn kind_label(kind: Kind, lang: Lang) -> &'static str {
    let (en, ja) = match kind {
        Kind::Incident => ("incidents", "インシデント"),
        Kind::ServiceRequest => ("service requests", "サービス要求"),
        Kind::Problem => ("problems", "問題"),
        Kind::Change => ("changes", "変更"),
        Kind::Release => ("releases", "リリース"),
        Kind::ConfigurationItem => ("configuration items", "構成品目"),
        Kind::Service => ("services", "サービス"),
        Kind::ServiceLevelAgreement => ("SLAs", "SLA"),
        Kind::SlaMeasurement => ("SLA measurements", "SLA測定結果"),
        Kind::Document => ("documents", "文書"),
        Kind::InternalAudit => ("internal audits", "内部監査"),
        Kind::ManagementReview => ("management reviews", "マネジメントレビュー"),
        Kind::ServiceReport => ("service reports", "サービス報告書"),
        Kind::Improvement => ("improvements", "改善"),
        Kind::Nonconformity => ("nonconformities", "不適合"),
        Kind::ContinuityTest => ("continuity tests", "継続性テスト"),
        Kind::CapacityReview => ("capacity reviews", "容量レビュー"),
        Kind::Supplier => ("suppliers", "供給者"),
        Kind::Complaint => ("complaints", "苦情"),
        Kind::SatisfactionSurvey => ("satisfaction surveys", "満足度調査"),
        Kind::Activity => ("SMS activity log entries", "SMS活動記録"),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

pub(super) fn phase_label(phase: Phase, lang: Lang) -> &'static str {
    match (phase, lang) {
        (Phase::Plan, Lang::En) => "Plan",
        (Phase::Do, Lang::En) => "Do",
        (Phase::Check, Lang::En) => "Check",
        (Phase::Act, Lang::En) => "Act",
        (Phase::Plan, Lang::Ja) => "計画(Plan)",
        (Phase::Do, Lang::Ja) => "実行(Do)",
        (Phase::Check, Lang::Ja) => "評価(Check)",
        (Phase::Act, Lang::Ja) => "改善(Act)",
    }
}

/// "No Check evidence in this export: export changes (CHG-OUTCOME), or internal audits that
/// cover 8.5.1.3."
pub(super) fn missing_text(
    phase: Phase,
    kinds: &[Kind],
    checks: &[String],
    covering: &[Kind],
    clause: &str,
    lang: Lang,
) -> String {
    let list = |ks: &[Kind]| -> String {
        let sep = if lang == Lang::Ja { "、" } else { ", " };
        ks.iter()
            .map(|k| kind_label(*k, lang))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let shown: Vec<&str> = checks.iter().take(4).map(String::as_str).collect();
    let more = if checks.len() > shown.len() {
        " …"
    } else {
        ""
    };
    let phase = phase_label(phase, lang);
    match lang {
        Lang::En => {
            let mut text = format!("No {phase} evidence in this export.");
            if !kinds.is_empty() {
                text.push_str(&format!(
                    " Export {} ({}{more})",
                    list(kinds),
                    shown.join(", ")
                ));
                if !covering.is_empty() {
                    text.push_str(&format!(", or {} that cover {clause}", list(covering)));
                }
                text.push('.');
            } else if !covering.is_empty() {
                text.push_str(&format!(" Export {} that cover {clause}.", list(covering)));
            }
            text
        }
        Lang::Ja => {
            let mut text = format!("このエクスポートには{phase}のエビデンスがありません。");
            if !kinds.is_empty() {
                text.push_str(&format!("{}({}{more})", list(kinds), shown.join("、")));
                if !covering.is_empty() {
                    text.push_str(&format!("、または{clause}を対象とする{}", list(covering)));
                }
                text.push_str("をエクスポートに含めてください。");
            } else if !covering.is_empty() {
                text.push_str(&format!(
                    "{clause}を対象とする{}をエクスポートに含めてください。",
                    list(covering)
                ));
            }
            text
        }
    }
}
