//! Jira issue-navigator CSV exports: rows become canonical records.

use serde_json::{Map, Value, json};

use super::cells::{cell, iso_in, time_cell};
use super::normalize_time;
use crate::record::source::context::Context;

/// Jira priority names → canonical priority.
const JIRA_PRIORITY: &[(&str, u8)] = &[
    ("highest", 1),
    ("blocker", 1),
    ("critical", 1),
    ("high", 2),
    ("major", 2),
    ("medium", 3),
    ("low", 4),
    ("minor", 4),
    ("lowest", 5),
    ("trivial", 5),
];

/// A Jira row as a canonical record (times in Jira's export format unless the context gives one).
pub(super) fn jira_row(c: Map<String, Value>, cx: &Context) -> Map<String, Value> {
    let fmt = Some("%d/%b/%y %I:%M %p");
    let key = cell(&c, &["issue key"]);
    let issue_type = cell(&c, &["issue type"]).unwrap_or_default();
    let kind = cx
        .kind_of(&issue_type)
        .map(|k| k.as_str().to_string())
        .unwrap_or_else(|| {
            let t = issue_type.to_lowercase();
            if t.contains("incident") {
                "incident"
            } else if t.contains("problem") {
                "problem"
            } else if t.contains("change") {
                "change"
            } else if t.contains("request") {
                "service_request"
            } else {
                "incident"
            }
            .into()
        });
    let category = cell(&c, &["status category"]).map(|s| s.to_lowercase());
    let status = cell(&c, &["status"]).unwrap_or_default();
    let resolved = cell(&c, &["resolved"]);
    let state = cx
        .choice("status", &status)
        .map(str::to_string)
        .or_else(|| match category.as_deref() {
            Some("to do" | "new") => Some("new".into()),
            Some("in progress" | "indeterminate") => Some("in_progress".into()),
            Some("done") => Some(
                if resolved.is_some() {
                    "resolved"
                } else {
                    "closed"
                }
                .into(),
            ),
            _ => None,
        })
        .or_else(|| resolved.as_ref().map(|_| "resolved".to_string()));
    let mut out = Map::new();
    out.insert(
        "id".into(),
        json!(cell(&c, &["issue id"]).or(key.clone()).unwrap_or_default()),
    );
    out.insert("kind".into(), json!(kind));
    if let Some(k) = &key {
        out.insert("number".into(), json!(k));
    }
    out.insert("title".into(), json!(cell(&c, &["summary"])));
    if let Some(s) = state {
        out.insert("state".into(), json!(s));
    }
    out.insert("stateLabel".into(), json!(status));
    if let Some(p) = cell(&c, &["priority"])
        && let Some((_, v)) = JIRA_PRIORITY
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&p))
    {
        out.insert("priority".into(), json!({"value": v, "label": p}));
    }
    out.insert(
        "category".into(),
        json!(cell(&c, &["component/s", "components"])),
    );
    out.insert("assignee".into(), json!(cell(&c, &["assignee"])));
    out.insert("requester".into(), json!(cell(&c, &["reporter"])));
    out.insert(
        "openedAt".into(),
        json!(time_cell(&c, &["created"], cx, fmt).map(|t| iso_in(t, cx))),
    );
    out.insert(
        "updatedAt".into(),
        json!(time_cell(&c, &["updated"], cx, fmt).map(|t| iso_in(t, cx))),
    );
    out.insert(
        "resolvedAt".into(),
        json!(
            resolved
                .and_then(|r| normalize_time(&r, cx.csv.date_format.as_deref().or(fmt)))
                .map(|t| iso_in(t, cx))
        ),
    );
    if kind == "incident" {
        out.insert(
            "incident".into(),
            json!({"resolutionCode": cell(&c, &["resolution"])}),
        );
    }
    out.insert("origin".into(), json!({"tool": "jira", "shape": "csv"}));
    out
}
