//! Proposals for the tools' published exports and conventions, Japanese headers and event logs.

use std::collections::BTreeMap;

use super::{Proposal, ProposeOptions, propose};
use crate::record::source::mapping::KindSource;

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
    assert_eq!(
        kind.values
            .get("request for information")
            .map(String::as_str),
        Some("service_request")
    );
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
        p.mapping
            .state
            .as_ref()
            .unwrap()
            .values
            .get("対応中")
            .map(String::as_str),
        Some("in_progress")
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
    assert_eq!(
        e.activities.get("Reassignment").map(String::as_str),
        Some("reassign")
    );
}
