//! The conformance corpus inside wasm, through wasm-bindgen-test: `wasm-pack test --node` and
//! `wasm-pack test --headless --chrome` run the same cases as the native and JS runners.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod common;

use wasm_bindgen_test::wasm_bindgen_test;

const CORPUS: &[(&str, &str)] = &[
    ("catalog.json", include_str!("conformance/catalog.json")),
    ("checks.json", include_str!("conformance/checks.json")),
    ("csv.json", include_str!("conformance/csv.json")),
    ("errors.json", include_str!("conformance/errors.json")),
    ("evaluate.json", include_str!("conformance/evaluate.json")),
    (
        "freshservice.json",
        include_str!("conformance/freshservice.json"),
    ),
    ("glpi.json", include_str!("conformance/glpi.json")),
    ("itop.json", include_str!("conformance/itop.json")),
    ("jira.json", include_str!("conformance/jira.json")),
    ("jsonlogic.json", include_str!("conformance/jsonlogic.json")),
    ("rules.json", include_str!("conformance/rules.json")),
    (
        "servicenow.json",
        include_str!("conformance/servicenow.json"),
    ),
    ("zammad.json", include_str!("conformance/zammad.json")),
    ("znuny.json", include_str!("conformance/znuny.json")),
];

macro_rules! fixtures {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../shared/fixtures/", $path)))),*]
    };
}

/// Every licensed real payload under ../shared/fixtures (present wherever tests run), so that
/// any corpus case may read one.
const FIXTURES: &[(&str, &str)] = fixtures![
    "freshservice/rapid7_create_ticket.json",
    "freshservice/rapid7_create_ticket_task.json",
    "freshservice/rapid7_list_all_groups.json",
    "freshservice/rapid7_list_tickets.json",
    "freshservice/rapid7_list_tickets2.json",
    "freshservice/rapid7_list_tickets3.json",
    "freshservice/rapid7_update_ticket.json",
    "gitlab/rapid7_gitlab_create_issue_response.json",
    "glpi/apiv1_Ticket_289_ITILFollowup_expand_dropdowns.json",
    "glpi/apiv1_Ticket_289_request_status5_solved_priority6.json",
    "glpi/apiv1_Ticket_291_Ticket_User.json",
    "glpi/apiv1_Ticket_291_incident_status2_assigned.json",
    "glpi/apiv1_search_Ticket_numeric_searchoptions.json",
    "itop/itop_resttest_core_get_envelope.json",
    "jira/jira_issue_get_expand_changelog.json",
    "jira/jira_issue_get_expand_transitions.json",
    "jira/jira_issue_get_v2_with_issuelinks_comment_worklog.json",
    "jira/jsm_customfield_request_type_currentStatus.json",
    "jira/jsm_servicedeskapi_request_create_response.json",
    "jira/rapid7_jira_cloud_v3_get_issue.json",
    "jira/rapid7_jira_cloud_v3_search_issues.json",
    "jira/rapid7_jsm_ops_get_request_status.json",
    "servicenow/change_mgmt_api_change_delete_response_display_value_pairs.json",
    "servicenow/change_mgmt_api_change_list_display_value_pairs.json",
    "servicenow/legacy_jsonv2_incident_records.json",
    "servicenow/rapid7_change_mgmt_api_create_change_request.json",
    "servicenow/rapid7_table_api_sn_si_incident_get.json",
    "servicenow/snc_cli_record_get_incident.json",
    "servicenow/table_api_incident_get_default.json",
    "servicenow/table_api_incident_list_default.json",
    "zammad/docs_links_get.json",
    "zammad/docs_sla_show.json",
    "zammad/docs_ticket_articles_by_ticket.json",
    "zammad/docs_ticket_list.json",
    "zammad/docs_ticket_priorities_list.json",
    "zammad/docs_ticket_show.json",
    "zammad/docs_ticket_states_list.json",
    "zammad/zammad_py_cassette_ticket_create_201.json",
    "zammad/zammad_py_cassette_ticket_get_1.json",
    "zammad/zammad_py_cassette_ticket_update_put.json",
    "zammad/zammad_py_cassette_tickets_list_expand_true.json",
    "zammad/zammad_py_cassette_tickets_search_expand_true.json",
    "znuny_otrs/rapid7_otrs6_ticketget_via_pyotrs_plugin_output.json",
];

/// Rule packs of the repository that corpus cases load with `rulesFiles`.
const REPO_FILES: &[(&str, &str)] = &[
    (
        "repo:examples/rules/stricter-change-policy.json",
        include_str!("../examples/rules/stricter-change-policy.json"),
    ),
    (
        "repo:examples/rules/japanese-review-calendar.json",
        include_str!("../examples/rules/japanese-review-calendar.json"),
    ),
    (
        "repo:examples/rules/glpi-custom-fields.json",
        include_str!("../examples/rules/glpi-custom-fields.json"),
    ),
];

fn install_host_zones() {
    // The npm package installs these from JavaScript; here they are built the same way.
    let valid = js_sys::Function::new_with_args(
        "zone",
        "try { new Intl.DateTimeFormat('en-US', { timeZone: zone }); return true; } catch (e) { return false; }",
    );
    let offset = js_sys::Function::new_with_args(
        "zone, seconds",
        "const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', \
         day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }); const p = {}; \
         for (const x of f.formatToParts(new Date(seconds * 1000))) p[x.type] = x.value; \
         return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) / 1000 - seconds;",
    );
    iso20000::wasm::set_zone_provider(valid, offset);
}

#[wasm_bindgen_test]
fn conformance_corpus_passes_in_wasm() {
    install_host_zones();
    let fixture = |path: &str| {
        FIXTURES
            .iter()
            .chain(REPO_FILES)
            .find(|(p, _)| *p == path)
            .map(|(_, text)| text.to_string())
    };
    let mut count = 0;
    let mut failures = Vec::new();
    for (name, text) in CORPUS {
        let (n, f) = common::run_corpus(name, text, &fixture);
        count += n;
        failures.extend(f);
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 150, "only {count} cases");
}

#[wasm_bindgen_test]
fn every_corpus_file_is_listed() {
    // A new corpus file must be added to CORPUS above (the native and Node runners read the
    // directory and the list in tests/js/corpus.mjs).
    let listed: Vec<&str> = CORPUS.iter().map(|(n, _)| *n).collect();
    assert_eq!(listed.len(), 14, "{listed:?}");
}
