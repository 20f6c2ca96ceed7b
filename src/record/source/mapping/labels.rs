//! What a tool's labels mean: kind, state, level, yes/no and lifecycle-step words in the
//! languages the exports come in, and a value map's reading of a label.

use crate::record::model::{Kind, State};
use crate::record::source::csv::norm;

/// A label as a code (`"Very high"` → `very_high`).
pub(super) fn code_of(label: &str) -> String {
    label.trim().to_lowercase().replace([' ', '-', '/'], "_")
}

/// The kind a label names, by its words (English, Dutch, French, German, Japanese).
pub fn guess_kind(label: &str) -> Option<Kind> {
    let l = label.trim().to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
    if l.is_empty() {
        None
    } else if has(&[
        "complaint",
        "klacht",
        "réclamation",
        "beschwerde",
        "苦情",
        "クレーム",
    ]) {
        Some(Kind::Complaint)
    } else if has(&[
        "request for change",
        "change",
        "rfc",
        "wijziging",
        "changement",
        "änderung",
        "変更",
    ]) {
        Some(Kind::Change)
    } else if has(&["problem", "probleem", "problème", "問題"]) {
        Some(Kind::Problem)
    } else if has(&["release", "リリース"]) {
        Some(Kind::Release)
    } else if has(&[
        "request",
        "information",
        "question",
        "inquiry",
        "enquiry",
        "aanvraag",
        "verzoek",
        "vraag",
        "demande",
        "anfrage",
        "要求",
        "依頼",
        "リクエスト",
        "問合せ",
        "問い合わせ",
        "申請",
    ]) {
        Some(Kind::ServiceRequest)
    } else if has(&[
        "incident",
        "storing",
        "störung",
        "failure",
        "outage",
        "障害",
        "インシデント",
    ]) {
        Some(Kind::Incident)
    } else {
        None
    }
}

/// The state a label names, by its words.
pub fn guess_state(label: &str) -> Option<State> {
    let l = label.trim().to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
    if l.is_empty() {
        return None;
    }
    if let Some(s) = State::parse(&code_of(&l)) {
        return Some(s);
    }
    Some(
        if has(&[
            "cancel",
            "reject",
            "withdrawn",
            "void",
            "取消",
            "取り消",
            "キャンセル",
            "却下",
        ]) {
            State::Cancelled
        } else if has(&[
            "closed",
            "close",
            "gesloten",
            "clos",
            "クローズ",
            "終了",
            "完了済",
        ]) {
            State::Closed
        } else if has(&[
            "resolved", "solved", "complete", "fixed", "opgelost", "résolu", "gelöst", "解決",
            "完了",
        ]) {
            State::Resolved
        } else if has(&[
            "pending", "hold", "await", "wait", "suspend", "保留", "待ち", "wacht",
        ]) {
            State::OnHold
        } else if has(&[
            "new",
            "open",
            "logged",
            "registered",
            "submitted",
            "nieuw",
            "nouveau",
            "新規",
            "受付",
        ]) {
            State::New
        } else if has(&[
            "progress",
            "assigned",
            "active",
            "work",
            "in behandeling",
            "対応中",
            "作業中",
            "進行中",
            "割当",
        ]) {
            State::InProgress
        } else {
            return None;
        },
    )
}

/// A priority, impact or urgency label → 1 (highest) … 5; `Some(None)` for "none".
pub fn guess_level(label: &str) -> Option<Option<u8>> {
    let l = label.trim().to_lowercase();
    let digits: String = l
        .trim_start_matches(['p', 's', '#'])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if let Ok(n) = digits.parse::<u8>()
        && (1..=5).contains(&n)
    {
        return Some(Some(n));
    }
    let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
    Some(Some(
        if has(&["none", "geen", "なし"]) && !has(&["critical"]) {
            return Some(None);
        } else if has(&["very low", "lowest", "planning", "zeer laag", "最低"]) {
            5
        } else if has(&[
            "critical",
            "urgent",
            "highest",
            "very high",
            "blocker",
            "kritiek",
            "緊急",
            "最高",
            "致命",
        ]) {
            1
        } else if has(&["high", "major", "hoog", "élev", "haute", "高"]) {
            2
        } else if has(&[
            "medium",
            "moderate",
            "normal",
            "average",
            "gemiddeld",
            "moyenne",
            "中",
        ]) {
            3
        } else if has(&["low", "minor", "laag", "basse", "低"]) {
            4
        } else {
            return None;
        },
    ))
}

pub fn parse_bool(label: &str) -> Option<bool> {
    match label.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "ja" | "oui" | "x" | "はい" | "有" | "あり" | "済" => {
            Some(true)
        }
        "false" | "no" | "n" | "0" | "nee" | "non" | "いいえ" | "無" | "なし" | "未" => {
            Some(false)
        }
        _ => None,
    }
}

/// The lifecycle step an activity label names, by its words.
pub fn guess_step(label: &str) -> &'static str {
    let l = label.trim().to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| l.contains(w));
    if has(&["reopen", "re-open", "heropen", "再オープン", "再開"]) {
        "reopen"
    } else if has(&[
        "reassign",
        "re-assign",
        "transfer",
        "escalat",
        "doorzet",
        "再割当",
        "再割り当て",
        "エスカレーション",
    ]) {
        "reassign"
    } else if has(&["cancel", "withdraw", "reject", "取消", "キャンセル", "却下"]) {
        "cancel"
    } else if has(&["resolv", "solved", "solution", "opgelost", "解決"]) {
        "resolve"
    } else if has(&["close", "gesloten", "クローズ", "終了", "完了"]) {
        "close"
    } else if has(&[
        "open", "creat", "regist", "logged", "new", "受付", "起票", "登録",
    ]) {
        "open"
    } else {
        "other"
    }
}

/// A value map's reading of a label: exact, then ignoring case, then by normalised label.
pub(super) fn lookup<'m>(
    map: &'m crate::util::vec_map::VecMap<String, String>,
    label: &str,
) -> Option<&'m str> {
    let t = label.trim();
    map.get(t)
        .or_else(|| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(t) || norm(k) == norm(t))
                .map(|(_, v)| v)
        })
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses() {
        assert_eq!(
            guess_kind("request for information"),
            Some(Kind::ServiceRequest)
        );
        assert_eq!(guess_kind("Incident"), Some(Kind::Incident));
        assert_eq!(guess_kind("complaint"), Some(Kind::Complaint));
        assert_eq!(guess_state("Work in progress"), Some(State::InProgress));
        assert_eq!(guess_state("Closed"), Some(State::Closed));
        assert_eq!(guess_state("対応中"), Some(State::InProgress));
        assert_eq!(guess_level("1 - Critical"), Some(Some(1)));
        assert_eq!(guess_level("P3"), Some(Some(3)));
        assert_eq!(guess_level("High"), Some(Some(2)));
        assert_eq!(guess_level("None"), Some(None));
        assert_eq!(guess_step("Reassignment"), "reassign");
        assert_eq!(guess_step("Reopen"), "reopen");
        assert_eq!(guess_step("Closed"), "close");
        assert_eq!(guess_step("Operator Update"), "other");
    }
}
