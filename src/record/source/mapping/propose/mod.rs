//! Proposes a mapping for a CSV from its header and values: each column is matched against
//! English and Japanese names of the canonical fields (and the header conventions of the tools
//! below), the match is weighed by how well the column's values fit the field (dates for a time,
//! whole numbers for a count …), and the best match of each field wins. The proposal says how
//! sure it is of each column and which columns it left unmapped; a person confirms or corrects
//! it (`node js/cli.js map FILE`, the dashboard), and `overrides` re-propose with their choices.
//!
//! Header conventions, from the tools' documentation and published exports:
//!
//! - **HP / Micro Focus Service Manager**: `Incident ID`, `Status`, `Impact`, `Urgency`,
//!   `Priority`, `Category`, `# Reassignments`, `Open Time`, `Reopen Time`, `Resolved Time`,
//!   `Close Time`, `Closure Code`, `Related Change`, `CI Name (aff)`, `Service Component WBS
//!   (aff)`; its activity log `Incident ID`, `DateStamp`, `IncidentActivity_Type`, `Assignment
//!   Group` (the Rabobank Group ICT exports of the BPI Challenge 2014, 4TU.ResearchData
//!   doi:10.4121/uuid:3cfa2260-f5c5-44be-afe1-b70d35288d6d and
//!   doi:10.4121/uuid:86977bac-f874-49cf-8337-80f26bf5d2ef: `;`-separated, `dd-mm-yyyy
//!   hh:mm:ss`, `#N/B` for empty, decimal commas).
//! - **BMC Helix ITSM / Remedy**: the HPD:Help Desk form and HPD:IncidentInterface fields
//!   (`Incident Number`, `Status`, `Impact`, `Urgency`, `Priority`, `Categorization Tier 1`,
//!   docs.bmc.com, BMC Helix ITSM: Service Desk 22.1, "HelpDesk_Modify_Service"); the console's
//!   labels carry `*` and `+` (`Incident ID*+`, `Assigned Group*+`), and its report exports
//!   `Submit Date`, `Last Resolved Date`, `Operational Categorization Tier 1`.
//! - **TOPdesk**: incident fields of the TOPdesk API (developers.topdesk.com, incident:
//!   `number`, `callDate`, `closedDate`, `operatorGroup`, `operator`, `category`,
//!   `processingStatus`, `priority`); the list view labels them `Number`, `Call date`, `Closed
//!   date`, `Operator group`, `Category`, `Status`, `Priority`.
//! - **ManageEngine ServiceDesk Plus**: request attributes (manageengine.com, SDP Cloud API v3,
//!   requests: `id`, `subject`, `status`, `priority`, `group`, `technician`, `category`,
//!   `request_type`, `created_time`, `completed_time`); exported as `Request ID`, `Subject`,
//!   `Created Time`, `Completed Time`, `Group`, `Technician`, `Request Type`.
//! - **Ivanti Neurons for ITSM / Cherwell**: the Incident business object (help.ivanti.com,
//!   Service Manager 2019.1, "Incident Business Object Reference": `IncidentNumber`,
//!   `CreatedDateTime`, `ClosedDateTime`, `Category`, `Impact`, `Status`, `Priority`,
//!   `OwnerTeam`); Cherwell's form shows `Incident ID`, `Owned By Team`, `Created Date Time`,
//!   `Resolved Date Time`.
//! - **SolarWinds Service Desk**: the incident resource (`number`, `name`, `state` with New,
//!   Assigned, Awaiting Input, In Progress, On Hold, Resolved, Closed; `priority` None … Critical;
//!   `category`, `assignee`, `created_at`, `updated_at`); its CSV export labels them `Number`,
//!   `Created at`, `Resolved at`, `Assignee group`, `State`, `Priority`, `Category`.

use crate::util::sort::{map_from, set_from};
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{
    EventLog, FieldSource, FieldType, KindSource, Mapping, ValueMap, field_type, guess_kind,
    guess_level, guess_state, guess_step, parse_bool, targets,
};
use crate::error::Result;
use crate::record::model::Kind;
use crate::record::source::context::{Context, InstanceContext};
use crate::record::source::csv::infer::looks_like_date;
use crate::record::source::csv::{Table, read_table};

/// Options of a proposal (`proposeMapping(text, options)`).
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProposeOptions {
    /// The instance context (its `csv` settings are used to read the file).
    #[serde(default)]
    pub context: Option<InstanceContext>,
    /// Column → the target a person chose (`null`: leave it unmapped).
    #[serde(default)]
    pub overrides: BTreeMap<String, Option<String>>,
    /// Rows given back as a preview (default 5).
    #[serde(default)]
    pub preview: Option<usize>,
    /// Language of errors.
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "accepted here (unknown keys are refused); ffi reads it from the JSON text, so it also applies when these options fail to parse"
    )]
    pub lang: Option<String>,
}

/// What a proposal says about one column.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ColumnProposal {
    pub column: String,
    /// `id`, `number`, `kind`, `state`, `eventLog.case|timestamp|activity|group`, or a field path.
    pub target: Option<String>,
    /// 0 … 1: how well the header and the values fit the target.
    pub confidence: f64,
    /// `header` (a known name), `header+values`, `values`, `chosen` (an override), `none`.
    pub reason: &'static str,
    /// Up to three distinct values.
    pub samples: Vec<String>,
}

/// A proposed mapping, with what it rests on.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Proposal {
    pub mapping: Mapping,
    /// `records` (one row per record, or per version) or `eventLog` (one row per event).
    pub form: &'static str,
    /// The tool whose header conventions the file follows, when one is recognised.
    pub convention: Option<&'static str>,
    pub columns: Vec<ColumnProposal>,
    pub unmapped: Vec<String>,
    /// The delimiter read (`,` `;` `\t` `|`).
    pub delimiter: String,
    /// What the reader inferred about the file (the warnings an evaluation gives on line 1).
    pub inferred: Vec<String>,
    pub header: Vec<String>,
    /// The first rows as exported.
    pub rows: Vec<Vec<String>>,
    /// Every target a column can take.
    pub targets: Vec<String>,
}

/// Column roles besides the canonical fields.
const ROLES: &[&str] = &[
    "id",
    "number",
    "kind",
    "state",
    "eventLog.case",
    "eventLog.timestamp",
    "eventLog.activity",
    "eventLog.group",
];

/// Known names of each target (after [`canon`]): English, the tools' conventions, Japanese.
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "id",
        &[
            "incident id",
            "incident number",
            "incident no",
            "incident nr",
            "request id",
            "ticket id",
            "ticket number",
            "ticket no",
            "call id",
            "call number",
            "case id",
            "record id",
            "id",
            "key",
            "issue key",
            "ref",
            "reference",
            "インシデント番号",
            "インシデントid",
            "インシデントno",
            "チケット番号",
            "チケットid",
            "管理番号",
            "受付番号",
            "問合せ番号",
            "問い合わせ番号",
            "依頼番号",
            "案件番号",
        ],
    ),
    (
        "number",
        &["number", "no", "nr", "番号", "public id", "display id"],
    ),
    (
        "title",
        &[
            "summary",
            "short description",
            "title",
            "subject",
            "brief description",
            "name",
            "description",
            "件名",
            "タイトル",
            "概要",
            "要約",
            "表題",
            "標題",
        ],
    ),
    (
        "state",
        &[
            "status",
            "state",
            "incident state",
            "incident status",
            "request status",
            "processing status",
            "ticket status",
            "状態",
            "ステータス",
            "状況",
            "対応状況",
            "進捗",
        ],
    ),
    ("priority", &["priority", "優先度", "優先順位"]),
    ("impact", &["impact", "影響度", "影響"]),
    ("urgency", &["urgency", "緊急度"]),
    (
        "category",
        &[
            "category",
            "categorization tier 1",
            "operational categorization tier 1",
            "operational category",
            "incident category",
            "subcategory",
            "カテゴリ",
            "カテゴリー",
            "分類",
            "大分類",
        ],
    ),
    (
        "service",
        &[
            "service",
            "service component wbs",
            "service component",
            "business service",
            "affected service",
            "service name",
            "サービス",
            "サービス名",
            "対象サービス",
        ],
    ),
    (
        "assignmentGroup",
        &[
            "assignment group",
            "assigned group",
            "operator group",
            "owned by team",
            "owner team",
            "assignee group",
            "support group",
            "resolver group",
            "group",
            "team",
            "担当グループ",
            "割当グループ",
            "割り当てグループ",
            "担当チーム",
            "対応グループ",
            "担当部署",
        ],
    ),
    (
        "assignee",
        &[
            "assignee",
            "assigned to",
            "technician",
            "operator",
            "owned by",
            "owner",
            "resolver",
            "担当者",
            "対応者",
        ],
    ),
    (
        "requester",
        &[
            "requester",
            "caller",
            "customer",
            "reported by",
            "requested by",
            "submitter",
            "contact",
            "依頼者",
            "報告者",
            "申請者",
            "起票者",
            "問合せ者",
            "問い合わせ者",
        ],
    ),
    (
        "openedAt",
        &[
            "open time",
            "opened",
            "opened at",
            "open date",
            "opening date",
            "date opened",
            "created",
            "created time",
            "created date",
            "created date time",
            "created at",
            "created on",
            "creation date",
            "submit date",
            "submitted date",
            "reported date",
            "call date",
            "logged date",
            "受付日時",
            "起票日時",
            "作成日時",
            "登録日時",
            "発生日時",
            "報告日時",
            "受付日",
            "起票日",
        ],
    ),
    (
        "updatedAt",
        &[
            "last modified date",
            "last modified",
            "modified date",
            "modified",
            "updated",
            "updated at",
            "updated on",
            "last update",
            "last updated",
            "更新日時",
            "最終更新日時",
        ],
    ),
    (
        "resolvedAt",
        &[
            "resolved time",
            "resolved",
            "resolved at",
            "resolved date",
            "resolved date time",
            "last resolved date",
            "resolution date",
            "resolution time",
            "completed time",
            "completed date",
            "completion date",
            "solved date",
            "解決日時",
            "完了日時",
            "解決日",
        ],
    ),
    (
        "closedAt",
        &[
            "close time",
            "closed",
            "closed at",
            "closed date",
            "closed date time",
            "closure date",
            "close date",
            "date closed",
            "closed on",
            "クローズ日時",
            "終了日時",
            "完了日",
            "クローズ日",
        ],
    ),
    (
        "incident.reopenCount",
        &[
            "reopen count",
            "# reopens",
            "number of reopens",
            "times reopened",
            "reopens",
            "再オープン回数",
        ],
    ),
    (
        "incident.reopenedAt",
        &[
            "reopen time",
            "reopened",
            "reopened at",
            "reopen date",
            "再オープン日時",
        ],
    ),
    (
        "incident.reassignmentCount",
        &[
            "# reassignments",
            "reassignment count",
            "reassignments",
            "number of reassignments",
            "group transfers",
            "再割当回数",
            "再割り当て回数",
        ],
    ),
    (
        "incident.resolutionCode",
        &[
            "closure code",
            "resolution code",
            "close code",
            "closing code",
            "resolution category",
            "解決コード",
            "完了コード",
            "クローズコード",
            "解決区分",
        ],
    ),
    (
        "incident.resolutionNotes",
        &[
            "resolution",
            "resolution notes",
            "close notes",
            "closure notes",
            "solution",
            "解決内容",
            "対応内容",
            "解決策",
        ],
    ),
    (
        "incident.major",
        &["major incident", "major", "重大インシデント"],
    ),
    (
        "links.affects_ci",
        &[
            "ci name (aff)",
            "ci name",
            "configuration item",
            "affected ci",
            "ci",
            "asset",
            "構成アイテム",
            "ci名",
            "対象機器",
            "構成品目",
        ],
    ),
    (
        "links.change",
        &[
            "related change",
            "change",
            "rfc",
            "change request",
            "change id",
            "関連変更",
            "変更番号",
            "関連変更番号",
        ],
    ),
    (
        "links.problem",
        &[
            "problem",
            "related problem",
            "problem id",
            "関連問題",
            "問題番号",
        ],
    ),
    (
        "links.caused_by",
        &["caused by change", "caused by", "原因変更"],
    ),
    (
        "sla.met",
        &[
            "made sla",
            "sla met",
            "sla compliant",
            "within sla",
            "sla達成",
            "sla遵守",
        ],
    ),
    (
        "sla.breached",
        &["sla breached", "breached", "sla violated", "sla違反"],
    ),
    (
        "kind",
        &[
            "request type",
            "type",
            "ticket type",
            "incident type",
            "call type",
            "record type",
            "種別",
            "チケット種別",
            "タイプ",
            "依頼種別",
        ],
    ),
    (
        "eventLog.activity",
        &[
            "incident activity type",
            "activity",
            "activity type",
            "activity name",
            "event",
            "event type",
            "action",
            "アクティビティ",
            "イベント",
            "操作",
        ],
    ),
    (
        "eventLog.timestamp",
        &[
            "date stamp",
            "datestamp",
            "timestamp",
            "time stamp",
            "event time",
            "event date",
            "activity time",
            "日時",
            "タイムスタンプ",
        ],
    ),
];

/// A header as the synonyms are written: camelCase split, lower case, `_ - . * + : /` as spaces.
pub fn canon(header: &str) -> String {
    let mut spaced = String::new();
    let mut prev_lower = false;
    for c in header.chars() {
        if c.is_uppercase() && prev_lower {
            spaced.push(' ');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        spaced.push(c);
    }
    spaced
        .to_lowercase()
        .replace(['_', '-', '.', '*', '+', ':', '/', '\u{a0}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The header without a parenthesised suffix (`ci name (aff)` → `ci name`).
fn stem(key: &str) -> &str {
    key.split_once(" (").map_or(key, |(s, _)| s).trim()
}

/// How well values fit a target: the share that read as its type.
fn fit(target: &str, values: &[&str]) -> f64 {
    if values.is_empty() {
        return 0.5;
    }
    let ok = |v: &&str| -> bool {
        match target {
            "eventLog.timestamp" => looks_like_date(v),
            "kind" => guess_kind(v).is_some(),
            "state" => guess_state(v).is_some(),
            t => match field_type(t) {
                Some(FieldType::Time | FieldType::ReopenedAt) => looks_like_date(v),
                Some(FieldType::Count) => v.parse::<u32>().is_ok(),
                Some(FieldType::Number) => v.parse::<f64>().is_ok(),
                Some(FieldType::Bool | FieldType::SlaMet | FieldType::SlaBreached) => {
                    parse_bool(v).is_some()
                }
                Some(FieldType::Level) => guess_level(v).is_some(),
                _ => true,
            },
        }
    };
    values.iter().filter(|v| ok(v)).count() as f64 / values.len() as f64
}

/// Candidates of a column: (target, confidence, reason).
fn candidates(header: &str, values: &[&str]) -> Vec<(&'static str, f64, &'static str)> {
    let key = canon(header);
    let short = stem(&key);
    let mut out = Vec::new();
    for (target, names) in SYNONYMS {
        let base = if names.contains(&key.as_str()) {
            0.95
        } else if names.contains(&short) {
            0.85
        } else if names.iter().any(|n| {
            // A name of two words or more inside the header (`date opened (utc)`).
            n.contains(' ')
                && (key.starts_with(&format!("{n} "))
                    || key.ends_with(&format!(" {n}"))
                    || key.contains(&format!(" {n} ")))
        }) {
            0.6
        } else {
            continue;
        };
        let f = fit(target, values);
        let reason = if f >= 0.9 { "header+values" } else { "header" };
        out.push((
            *target,
            (base * (0.5 + 0.5 * f) * 100.0).round() / 100.0,
            reason,
        ));
    }
    // A column whose values name kinds (HP Service Manager's `Category`: incident, request for
    // information, complaint) is the kind column, whatever its header.
    let distinct: BTreeSet<&str> = set_from(values.iter().copied());
    let titled = out.iter().any(|(t, c, _)| *t == "title" && *c >= 0.85);
    let few = distinct.len() <= 3 || distinct.len() * 2 <= values.len();
    if !distinct.is_empty() && few && !titled {
        let kinds = distinct.iter().filter(|v| guess_kind(v).is_some()).count();
        if kinds == distinct.len() && distinct.len() <= 20 {
            out.push(("kind", 0.97, "values"));
        } else if kinds * 2 > distinct.len() && distinct.len() <= 20 {
            out.push(("kind", 0.8, "values"));
        }
    }
    out
}

/// The kind an id column implies (`Incident ID`, `IM0000004`, `CHG…`).
fn kind_from_id(header: &str, values: &[&str]) -> Option<Kind> {
    if let Some(k) = guess_kind(header) {
        return Some(k);
    }
    let first = values.first()?.to_uppercase();
    let prefix: String = first
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    match prefix.as_str() {
        "IM" | "INC" | "IN" => Some(Kind::Incident),
        "SD" | "REQ" | "RITM" | "SR" | "RF" => Some(Kind::ServiceRequest),
        "C" | "CHG" | "RFC" | "CR" | "CH" => Some(Kind::Change),
        "PM" | "PRB" | "PBI" | "PR" => Some(Kind::Problem),
        _ => None,
    }
}

/// The tool whose conventions a header follows.
fn convention(keys: &[String]) -> Option<&'static str> {
    let has = |k: &str| keys.iter().any(|h| h == k);
    let raw_has = |f: &dyn Fn(&str) -> bool| keys.iter().any(|h| f(h));
    if has("# reassignments")
        || (has("closure code") && has("open time"))
        || has("incident activity type")
    {
        Some("hp-service-manager")
    } else if has("submit date")
        || has("last resolved date")
        || has("operational categorization tier 1")
    {
        Some("bmc-helix")
    } else if has("call date") || has("operator group") {
        Some("topdesk")
    } else if has("request id") && (has("created time") || has("technician")) {
        Some("manageengine-servicedesk-plus")
    } else if has("owned by team") || has("created date time") || raw_has(&|h| h == "owner team") {
        Some("ivanti-cherwell")
    } else if has("created at") && (has("assignee group") || has("state")) {
        Some("solarwinds-service-desk")
    } else {
        None
    }
}

/// Proposes a mapping for a CSV text.
pub fn propose(text: &str, options: &ProposeOptions) -> Result<Proposal> {
    let cx = Context::resolve(&InstanceContext::default(), options.context.as_ref())?;
    let table = read_table(text, &cx)?;
    Ok(propose_table(&table, options))
}

fn values_of(table: &Table, i: usize) -> Vec<&str> {
    table
        .rows
        .iter()
        .filter_map(|(_, cells)| cells.get(i).and_then(|c| c.as_deref()))
        .collect()
}

fn propose_table(table: &Table, options: &ProposeOptions) -> Proposal {
    let keys: Vec<String> = table.headers.iter().map(|h| canon(h)).collect();
    let columns_values: Vec<Vec<&str>> = (0..table.headers.len())
        .map(|i| values_of(table, i))
        .collect();
    // Every (column, target, confidence, reason), best first; then each column and each target
    // taken once.
    let mut all: Vec<(usize, &str, f64, &'static str)> = Vec::new();
    for (i, header) in table.headers.iter().enumerate() {
        if options.overrides.contains_key(header) {
            continue;
        }
        let values = columns_values.get(i).map(Vec::as_slice).unwrap_or_default();
        for (target, confidence, reason) in candidates(header, values) {
            all.push((i, target, confidence, reason));
        }
    }
    crate::util::sort::sort_by(&mut all, |a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    let mut chosen: BTreeMap<usize, (String, f64, &'static str)> = BTreeMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for (header, target) in &options.overrides {
        if let (Some(i), Some(t)) = (table.headers.iter().position(|h| h == header), target) {
            chosen.insert(i, (t.clone(), 1.0, "chosen"));
            taken.insert(t.clone());
        }
    }
    let overridden: BTreeSet<usize> = set_from(
        options
            .overrides
            .keys()
            .filter_map(|h| table.headers.iter().position(|x| x == h)),
    );
    // The event-log form: an activity column and a time column, with cases on several rows.
    let activity = all
        .iter()
        .find(|c| c.1 == "eventLog.activity" && c.2 >= 0.5)
        .map(|c| c.0)
        .or_else(|| {
            chosen
                .iter()
                .find(|(_, c)| c.0 == "eventLog.activity")
                .map(|(i, _)| *i)
        });
    let event_log = activity.is_some()
        && (all
            .iter()
            .any(|c| c.1 == "eventLog.timestamp" && c.2 >= 0.5)
            || taken.contains("eventLog.timestamp"));
    for (i, target, confidence, reason) in all {
        let target = match target {
            "id" if event_log => "eventLog.case",
            t => t,
        };
        let log_only = target.starts_with("eventLog.");
        if confidence < 0.5
            || chosen.contains_key(&i)
            || overridden.contains(&i)
            || taken.contains(target)
            || (log_only && !event_log)
        {
            continue;
        }
        chosen.insert(i, (target.to_string(), confidence, reason));
        taken.insert(target.to_string());
    }
    // In an event log, the assignment group column also tells reassignments apart.
    if event_log
        && !taken.contains("eventLog.group")
        && let Some((i, _)) = chosen.iter().find(|(_, c)| c.0 == "assignmentGroup")
    {
        let i = *i;
        if let Some(c) = chosen.get_mut(&i) {
            c.0 = "eventLog.group".into();
        }
    }
    // Without an id column, the number column is the id (TOPdesk, SolarWinds: `Number`); else
    // the first column whose values are all present and distinct.
    let id_role = if event_log { "eventLog.case" } else { "id" };
    if !chosen.values().any(|c| c.0 == id_role)
        && let Some(c) = chosen.values_mut().find(|c| c.0 == "number")
    {
        c.0 = id_role.to_string();
    }
    if !chosen.values().any(|c| c.0 == id_role) {
        let rows = table.rows.len();
        let unique = (0..table.headers.len()).find(|i| {
            let v = columns_values
                .get(*i)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let distinct: BTreeSet<&&str> = set_from(v.iter());
            !chosen.contains_key(i)
                && !overridden.contains(i)
                && rows > 0
                && v.len() == rows
                && (event_log || distinct.len() == rows)
        });
        if let Some(i) = unique {
            chosen.insert(i, (id_role.to_string(), 0.4, "values"));
        }
    }
    // The mapping.
    let column_of = |target: &str| {
        chosen
            .iter()
            .find(|(_, c)| c.0 == target)
            .and_then(|(i, _)| table.headers.get(*i).cloned())
    };
    let distinct_of = |target: &str| -> Vec<String> {
        chosen
            .iter()
            .find(|(_, c)| c.0 == target)
            .and_then(|(i, _)| columns_values.get(*i))
            .map(|v| {
                set_from(v.iter().map(|s| s.to_string()))
                    .into_iter()
                    .take(100)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut mapping = Mapping {
        tool: convention(&keys).map(str::to_string),
        ..Mapping::default()
    };
    let id_column = column_of(id_role);
    mapping.id = id_column.clone().filter(|_| !event_log);
    mapping.number = column_of("number");
    mapping.kind = match column_of("kind") {
        Some(column) => {
            let values = map_from(
                distinct_of("kind")
                    .into_iter()
                    .filter_map(|v| guess_kind(&v).map(|k| (v, k.as_str().to_string()))),
            );
            Some(KindSource::Column(ValueMap {
                column,
                values,
                default: Some("incident".into()),
            }))
        }
        None => {
            let id_values = id_column
                .as_ref()
                .and_then(|c| table.headers.iter().position(|h| h == c))
                .and_then(|i| columns_values.get(i))
                .map(Vec::as_slice)
                .unwrap_or_default();
            let kind = id_column
                .as_deref()
                .and_then(|c| kind_from_id(c, id_values))
                .unwrap_or(Kind::Incident);
            Some(KindSource::Fixed(kind.as_str().to_string()))
        }
    };
    mapping.state = column_of("state").map(|column| ValueMap {
        column,
        values: map_from(
            distinct_of("state")
                .into_iter()
                .filter_map(|v| guess_state(&v).map(|s| (v, s.as_str().to_string()))),
        ),
        default: None,
    });
    for c in chosen.values() {
        let target = c.0.as_str();
        if ROLES.contains(&target) || field_type(target).is_none() {
            continue;
        }
        if let Some(column) = column_of(target) {
            mapping
                .fields
                .insert(target.to_string(), FieldSource::Column(column));
        }
    }
    if event_log {
        mapping.event_log = Some(EventLog {
            case: column_of("eventLog.case").unwrap_or_default(),
            timestamp: column_of("eventLog.timestamp").unwrap_or_default(),
            activity: column_of("eventLog.activity").unwrap_or_default(),
            group: column_of("eventLog.group"),
            activities: map_from(distinct_of("eventLog.activity").into_iter().map(|a| {
                let step = guess_step(&a).to_string();
                (a, step)
            })),
        });
    }
    let columns: Vec<ColumnProposal> = table
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            // As exported (the reader's form of dates and numbers is in `inferred`).
            let mut samples: Vec<String> = Vec::new();
            for (row, (_, cells)) in table.raw.iter().zip(&table.rows) {
                let (Some(raw), Some(Some(_))) = (row.get(i), cells.get(i)) else {
                    continue;
                };
                if !samples.contains(raw) {
                    samples.push(raw.clone());
                }
                if samples.len() == 3 {
                    break;
                }
            }
            match chosen.get(&i) {
                Some((target, confidence, reason)) => ColumnProposal {
                    column: header.clone(),
                    target: Some(target.clone()),
                    confidence: *confidence,
                    reason,
                    samples,
                },
                None => ColumnProposal {
                    column: header.clone(),
                    target: None,
                    confidence: 0.0,
                    reason: "none",
                    samples,
                },
            }
        })
        .collect();
    let unmapped = columns
        .iter()
        .filter(|c| c.target.is_none())
        .map(|c| c.column.clone())
        .collect();
    let mut all_targets: Vec<String> = ROLES.iter().map(|r| r.to_string()).collect();
    all_targets.extend(targets());
    Proposal {
        mapping,
        form: if event_log { "eventLog" } else { "records" },
        convention: convention(&keys),
        columns,
        unmapped,
        delimiter: (table.delimiter as char).to_string(),
        inferred: table.notes.iter().map(|n| n.message.clone()).collect(),
        header: table.headers.clone(),
        rows: table
            .raw
            .iter()
            .take(options.preview.unwrap_or(5))
            .cloned()
            .collect(),
        targets: all_targets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HP_SM: &str = "Incident ID;Status;Impact;Urgency;Priority;Category;# Reassignments;Open Time;Reopen Time;Resolved Time;Close Time;Handle Time (Hours);Closure Code;Related Change;CI Name (aff);Service Component WBS (aff);KM number\n\
IM0000004;Closed;4;4;4;incident;26;05-02-2012 13:32:00;#N/B;25-04-2013 11:29:00;25-04-2013 11:29:00;3871,69;Other;#N/B;SUB000508;WBS000162;KM0000553\n\
IM0000005;Closed;3;3;3;request for information;0;20-03-2013 10:11:00;#N/B;05-04-2013 09:01:00;05-04-2013 09:01:00;1,5;Software;C00001234;WBA000124;WBS000088;KM0000611\n";

    fn target(p: &Proposal, column: &str) -> Option<String> {
        p.columns
            .iter()
            .find(|c| c.column == column)
            .and_then(|c| c.target.clone())
    }

    #[test]
    fn hp_service_manager() {
        let p = propose(HP_SM, &ProposeOptions::default()).unwrap();
        assert_eq!(p.convention, Some("hp-service-manager"));
        assert_eq!(p.form, "records");
        assert_eq!(p.delimiter, ";");
        assert_eq!(target(&p, "Incident ID").as_deref(), Some("id"));
        assert_eq!(target(&p, "Open Time").as_deref(), Some("openedAt"));
        assert_eq!(
            target(&p, "Reopen Time").as_deref(),
            Some("incident.reopenedAt")
        );
        assert_eq!(target(&p, "Close Time").as_deref(), Some("closedAt"));
        assert_eq!(
            target(&p, "Closure Code").as_deref(),
            Some("incident.resolutionCode")
        );
        assert_eq!(
            target(&p, "# Reassignments").as_deref(),
            Some("incident.reassignmentCount")
        );
        assert_eq!(
            target(&p, "Related Change").as_deref(),
            Some("links.change")
        );
        assert_eq!(
            target(&p, "CI Name (aff)").as_deref(),
            Some("links.affects_ci")
        );
        assert_eq!(
            target(&p, "Service Component WBS (aff)").as_deref(),
            Some("service")
        );
        assert_eq!(target(&p, "Category").as_deref(), Some("kind"));
        assert!(p.unmapped.contains(&"KM number".to_string()));
        let Some(KindSource::Column(kind)) = &p.mapping.kind else {
            panic!("{:?}", p.mapping.kind)
        };
        assert_eq!(kind.values["request for information"], "service_request");
        assert!(p.inferred.iter().any(|n| n.contains("decimal comma")));
        // A person moves a column: the proposal follows.
        let mut overrides = BTreeMap::new();
        overrides.insert("Category".to_string(), Some("category".to_string()));
        let again = propose(
            HP_SM,
            &ProposeOptions {
                overrides,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(target(&again, "Category").as_deref(), Some("category"));
        assert!(matches!(again.mapping.kind, Some(KindSource::Fixed(ref k)) if k == "incident"));
    }

    /// The header conventions of the tools without an adapter, as their documentation and
    /// exports name the columns (see the module's sources).
    #[test]
    fn tool_conventions() {
        type Convention<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
        let cases: &[Convention<'_>] = &[
            (
                "Incident ID*+,Summary*,Status*,Priority,Urgency*,Impact*,Assigned Group*+,Submit Date,Last Resolved Date,Operational Categorization Tier 1\nINC000000000101,Mail down,Resolved,High,1-Critical,2-Significant/Large,Messaging,03/14/2026 09:00:00 AM,03/14/2026 11:00:00 AM,Email\n",
                "bmc-helix",
                &[
                    ("Incident ID*+", "id"),
                    ("Summary*", "title"),
                    ("Status*", "state"),
                    ("Assigned Group*+", "assignmentGroup"),
                    ("Submit Date", "openedAt"),
                    ("Last Resolved Date", "resolvedAt"),
                    ("Operational Categorization Tier 1", "category"),
                ],
            ),
            (
                "Number;Brief description;Call date;Closed date;Operator group;Operator;Category;Status;Priority\nI 2603 014;Printer;14-03-2026 09:00;15-03-2026 10:00;Werkplek;Jan;Hardware;Closed;P2\n",
                "topdesk",
                &[
                    ("Number", "id"),
                    ("Brief description", "title"),
                    ("Call date", "openedAt"),
                    ("Closed date", "closedAt"),
                    ("Operator group", "assignmentGroup"),
                    ("Operator", "assignee"),
                    ("Status", "state"),
                ],
            ),
            (
                "Request ID,Subject,Created Time,Completed Time,Group,Technician,Category,Status,Priority,Request Type\n101,New laptop,14/03/2026 09:00,15/03/2026 17:00,Hardware,Jan,Hardware,Closed,High,Service Request\n",
                "manageengine-servicedesk-plus",
                &[
                    ("Request ID", "id"),
                    ("Subject", "title"),
                    ("Created Time", "openedAt"),
                    ("Completed Time", "resolvedAt"),
                    ("Group", "assignmentGroup"),
                    ("Technician", "assignee"),
                    ("Request Type", "kind"),
                ],
            ),
            (
                "Incident ID,Created Date Time,Resolved Date Time,Owned By Team,Status,Priority,Category\n10234,3/14/2026 9:00 AM,3/14/2026 1:30 PM,Service Desk,Resolved,2,Network\n",
                "ivanti-cherwell",
                &[
                    ("Incident ID", "id"),
                    ("Created Date Time", "openedAt"),
                    ("Resolved Date Time", "resolvedAt"),
                    ("Owned By Team", "assignmentGroup"),
                    ("Status", "state"),
                ],
            ),
            (
                "Number,Name,Created at,Resolved at,Assignee group,State,Priority,Category\n4711,VPN,2026-03-14 09:00:00,2026-03-14 12:00:00,Network,Resolved,High,Network\n",
                "solarwinds-service-desk",
                &[
                    ("Number", "id"),
                    ("Name", "title"),
                    ("Created at", "openedAt"),
                    ("Resolved at", "resolvedAt"),
                    ("Assignee group", "assignmentGroup"),
                    ("State", "state"),
                ],
            ),
        ];
        for (csv, tool, expected) in cases {
            let p = propose(csv, &ProposeOptions::default()).unwrap();
            assert_eq!(p.convention, Some(*tool), "{csv}");
            for (column, want) in *expected {
                assert_eq!(
                    target(&p, column).as_deref(),
                    Some(*want),
                    "{tool}: {column}"
                );
            }
        }
    }

    #[test]
    fn japanese_headers_and_event_logs() {
        let p = propose(
            "インシデント番号,件名,ステータス,受付日時,完了日時,担当グループ\nINC-1,プリンタ故障,対応中,2026/04/01 09:00,,サービスデスク\n",
            &ProposeOptions::default(),
        )
        .unwrap();
        assert_eq!(target(&p, "インシデント番号").as_deref(), Some("id"));
        assert_eq!(target(&p, "受付日時").as_deref(), Some("openedAt"));
        assert_eq!(target(&p, "完了日時").as_deref(), Some("resolvedAt"));
        assert_eq!(
            target(&p, "担当グループ").as_deref(),
            Some("assignmentGroup")
        );
        assert_eq!(
            p.mapping.state.as_ref().unwrap().values["対応中"],
            "in_progress"
        );
        let log = propose(
            "Incident ID;DateStamp;IncidentActivity_Number;IncidentActivity_Type;Assignment Group\n\
IM1;07-01-2013 08:17:17;001A1;Open;TEAM1\nIM1;07-01-2013 09:00:00;001A2;Reassignment;TEAM2\nIM1;08-01-2013 10:00:00;001A3;Closed;TEAM2\n",
            &ProposeOptions::default(),
        )
        .unwrap();
        assert_eq!(log.form, "eventLog");
        let e = log.mapping.event_log.as_ref().unwrap();
        assert_eq!(e.case, "Incident ID");
        assert_eq!(e.timestamp, "DateStamp");
        assert_eq!(e.activity, "IncidentActivity_Type");
        assert_eq!(e.group.as_deref(), Some("Assignment Group"));
        assert_eq!(e.activities["Reassignment"], "reassign");
    }
}
