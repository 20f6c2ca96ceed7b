//! The parts of a record that are not kind-specific: its origin, links, approvals, SLA clocks and
//! typed SLA targets.

use serde::{Deserialize, Serialize};

use super::super::time::Instant;
use super::super::value::Text;
use super::{ApprovalState, IntoStatic, Kind, LinkRel, SlaSource, SlaStage, TargetMetric};

/// Where a record came from: the tool, the payload shape and its place in the input.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct Origin<'a> {
    /// `canonical`, `servicenow`, … (set by the adapter).
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    pub tool: Option<Text<'a>>,
    /// The payload shape, e.g. `table-api/display_value=all`.
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    pub shape: Option<Text<'a>>,
    /// The source table or object type, e.g. `incident`, `change_request`.
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    pub table: Option<Text<'a>>,
    /// A link back to the record in its tool, when the payload carries one.
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    pub url: Option<Text<'a>>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Link<'a> {
    pub rel: LinkRel,
    /// The target record's id.
    #[serde(borrow)]
    pub target: Text<'a>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_kind: Option<Kind>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Approval<'a> {
    pub state: ApprovalState,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub approver: Option<Text<'a>>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Text<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Instant>,
}

/// One service-level clock on a ticket (response, resolution, …).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct SlaEntry<'a> {
    #[serde(borrow, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<SlaStage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breached: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<Instant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<Instant>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop: Option<Instant>,
    /// Which source decided (absent: given as it is, as in canonical records).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SlaSource>,
}

/// One typed target of a service level agreement (availability 99.9 %, resolution 8 h …).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SlaTarget<'a> {
    pub metric: TargetMetric,
    /// The target value, in `unit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// `%`, `h`, `min`, `days` …
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Text<'a>>,
}

impl IntoStatic for Origin<'_> {
    type Static = Origin<'static>;
    fn into_static(self) -> Origin<'static> {
        Origin {
            tool: self.tool.into_static(),
            shape: self.shape.into_static(),
            table: self.table.into_static(),
            url: self.url.into_static(),
        }
    }
}

impl IntoStatic for Link<'_> {
    type Static = Link<'static>;
    fn into_static(self) -> Link<'static> {
        Link {
            rel: self.rel,
            target: self.target.into_static(),
            target_kind: self.target_kind,
        }
    }
}

impl IntoStatic for Approval<'_> {
    type Static = Approval<'static>;
    fn into_static(self) -> Approval<'static> {
        Approval {
            state: self.state,
            approver: self.approver.into_static(),
            group: self.group.into_static(),
            at: self.at,
        }
    }
}

impl IntoStatic for SlaEntry<'_> {
    type Static = SlaEntry<'static>;
    fn into_static(self) -> SlaEntry<'static> {
        SlaEntry {
            name: self.name.into_static(),
            stage: self.stage,
            breached: self.breached,
            start: self.start,
            due: self.due,
            stop: self.stop,
            source: self.source,
        }
    }
}

impl IntoStatic for SlaTarget<'_> {
    type Static = SlaTarget<'static>;
    fn into_static(self) -> SlaTarget<'static> {
        SlaTarget {
            metric: self.metric,
            value: self.value,
            unit: self.unit.into_static(),
        }
    }
}
