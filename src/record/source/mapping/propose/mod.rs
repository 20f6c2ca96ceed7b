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

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Mapping, targets};
use crate::error::Result;
use crate::record::source::context::{Context, InstanceContext};
use crate::record::source::csv::{Table, read_table};

mod build;
mod choose;
mod score;
mod synonyms;
#[cfg(test)]
mod tests;

pub use synonyms::canon;

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
    /// Language of errors. Accepted here (unknown keys are refused); `ffi` reads it from the
    /// JSON text, so that it also applies when these options fail to read.
    #[serde(default)]
    pub lang: Option<String>,
}

// Read by `ffi::options`; serde's derive above stays for the JSON Schema and as the test oracle.
crate::util::value_reader::value_struct!(
    ProposeOptions {
        context: "context", overrides: "overrides", preview: "preview", lang: "lang",
    } deny_unknown: true,
    required: [],
    start: ProposeOptions::default()
);

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
    let chosen = choose::choose(table, options, &columns_values);
    let convention = score::convention(&keys);
    let mapping = build::mapping(table, &chosen, &columns_values, convention);
    let columns = build::column_proposals(table, &chosen);
    let unmapped = columns
        .iter()
        .filter(|c| c.target.is_none())
        .map(|c| c.column.clone())
        .collect();
    let mut all_targets: Vec<String> = ROLES.iter().map(|r| r.to_string()).collect();
    all_targets.extend(targets());
    Proposal {
        mapping,
        form: if chosen.event_log {
            "eventLog"
        } else {
            "records"
        },
        convention,
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
