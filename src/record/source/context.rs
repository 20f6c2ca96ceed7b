//! The instance a payload comes from: its time zone, label locale, custom fields, code meanings,
//! priority matrix and list-export format. Evaluation keys on codes and categories; the context
//! says what an instance's own codes and labels mean ("oui"/"non" in a French iTop, a Jira
//! customfield id, a GLPI status added by a plugin).

use crate::util::vec_map::VecMap;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::record::time::TimeZone;
use crate::util::value_reader::value_struct;

/// The `context` option (JSON: camelCase).
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InstanceContext {
    /// IANA zone (or `+09:00`) of naive local times (GLPI, iTop, Znuny, display values, CSV).
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Locale of display labels (informational; label meanings come from `choices`).
    #[serde(default)]
    pub locale: Option<String>,
    /// Canonical path → the tool's field id or name, e.g. `{"change.backoutPlan":
    /// "customfield_10050", "impact": "customfield_10004"}`.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "std::collections::BTreeMap<String, String>")
    )]
    #[cfg_attr(feature = "wasm", tsify(type = "Map<string, string>"))]
    pub fields: VecMap<String, String>,
    /// Tool field → {code or label → canonical value}, e.g. `{"status": {"13": "cancelled"},
    /// "escalation_flag": {"oui": "true", "non": "false"}}`. Consulted before built-in codes.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(
            with = "std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>"
        )
    )]
    #[cfg_attr(feature = "wasm", tsify(type = "Map<string, Map<string, string>>"))]
    pub choices: VecMap<String, VecMap<String, String>>,
    /// Tool record type (Jira issue type, Zammad `type`, Znuny `Type`, iTop class …) → canonical
    /// kind, e.g. `{"Post-incident review": "management_review", "RfC": "change"}`.
    #[serde(default)]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "std::collections::BTreeMap<String, String>")
    )]
    #[cfg_attr(feature = "wasm", tsify(type = "Map<string, string>"))]
    pub kinds: VecMap<String, String>,
    /// The instance's impact × urgency → priority matrix on the canonical scale (rows = impact
    /// 1..3, columns = urgency 1..3); replaces the rule pack's `priorityMatrix`.
    #[serde(default)]
    pub priority_matrix: Option<Vec<Vec<u8>>>,
    /// ServiceNow table for records without `sys_class_name` or a numbered prefix.
    #[serde(default)]
    pub table: Option<String>,
    #[serde(default)]
    pub csv: Option<CsvOptions>,
    /// The SMS scope: the names of the services inside it. Without it, service records that
    /// say `serviceDetail.inScope` decide; records of other services are reported as outside.
    #[serde(default)]
    pub scope: Option<Vec<String>>,
    /// How the columns of a CSV from a tool without an adapter become records (read when
    /// `source` is `auto`); `node js/cli.js map FILE` and `proposeMapping` propose one.
    #[serde(default)]
    pub mapping: Option<super::mapping::Mapping>,
}

/// How a list view was exported to CSV.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CsvOptions {
    /// Field delimiter (one character); detected from the header line when absent.
    #[serde(default)]
    pub delimiter: Option<String>,
    /// Date format of naive times, strftime-style (`%d/%m/%Y %H:%M`); ISO and
    /// `YYYY-MM-DD HH:MM:SS` are read without it.
    #[serde(default)]
    pub date_format: Option<String>,
    /// Decimal separator: `.` (default) or `,`.
    #[serde(default)]
    pub decimal: Option<String>,
    /// Cell values that mean "empty" besides the empty string (e.g. `"(empty)"`, `"-"`, `"NULL"`).
    #[serde(default)]
    pub nulls: Vec<String>,
}

// The readers of `context` (`ffi::options`); serde's derives above stay for the declarations
// and as the test oracle.
value_struct!(
    InstanceContext {
        time_zone: "timeZone", locale: "locale", fields: "fields", choices: "choices",
        kinds: "kinds", priority_matrix: "priorityMatrix", table: "table", csv: "csv",
        scope: "scope", mapping: "mapping",
    } deny_unknown: true,
    required: [],
    start: InstanceContext::default()
);

value_struct!(
    CsvOptions {
        delimiter: "delimiter", date_format: "dateFormat", decimal: "decimal", nulls: "nulls",
    } deny_unknown: true,
    required: [],
    start: CsvOptions::default()
);

/// Per-input settings an adapter reads, resolved from the options.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// Zone for naive local times. UTC when `None`.
    pub time_zone: Option<TimeZone>,
    /// ServiceNow table for records without `sys_class_name` or a numbered prefix.
    pub table: Option<String>,
    pub locale: Option<String>,
    pub fields: VecMap<String, String>,
    pub choices: VecMap<String, VecMap<String, String>>,
    pub kinds: VecMap<String, String>,
    pub csv: CsvOptions,
    /// The services inside the SMS scope, when the context names them.
    pub scope: Option<Vec<String>>,
    /// The mapping of a CSV from a tool without an adapter (validated).
    pub mapping: Option<super::mapping::Mapping>,
    /// The `names` expansion a Jira search page gives once for all its issues (field id →
    /// name); empty elsewhere. An issue's own `names` comes first.
    pub page_names: VecMap<String, String>,
}

impl Context {
    /// Builds a context; `base` (the engine's) is overridden field by field by `over` (the call's).
    pub fn resolve(base: &InstanceContext, over: Option<&InstanceContext>) -> Result<Context> {
        let pick = |f: fn(&InstanceContext) -> Option<String>| over.and_then(f).or_else(|| f(base));
        let time_zone = match pick(|c| c.time_zone.clone()) {
            None => None,
            Some(name) => Some(TimeZone::named(&name).ok_or_else(|| {
                Error::option("context.timeZone", format!("unknown time zone {name:?}"))
            })?),
        };
        let mut fields = base.fields.clone();
        let mut choices = base.choices.clone();
        let mut kinds = base.kinds.clone();
        if let Some(o) = over {
            fields.extend(o.fields.clone());
            for (k, v) in &o.choices {
                choices.update_or_default(k.clone(), |codes| codes.extend(v.clone()));
            }
            kinds.extend(o.kinds.clone());
        }
        let csv = over
            .and_then(|c| c.csv.clone())
            .or_else(|| base.csv.clone())
            .unwrap_or_default();
        if let Some(d) = &csv.delimiter
            && (d.chars().count() != 1 || !d.is_ascii())
        {
            return Err(Error::option(
                "context.csv.delimiter",
                "must be one ASCII character",
            ));
        }
        if let Some(d) = &csv.decimal
            && d != "."
            && d != ","
        {
            return Err(Error::option(
                "context.csv.decimal",
                "must be \".\" or \",\"",
            ));
        }
        for (tool_type, kind) in &kinds {
            if crate::record::Kind::parse(kind).is_none() {
                return Err(Error::option(
                    "context.kinds",
                    format!("{tool_type:?} maps to unknown kind {kind:?}"),
                ));
            }
        }
        let scope = over
            .and_then(|c| c.scope.clone())
            .or_else(|| base.scope.clone());
        let mapping = over
            .and_then(|c| c.mapping.clone())
            .or_else(|| base.mapping.clone());
        if let Some(m) = &mapping {
            m.validate()?;
        }
        Ok(Context {
            time_zone,
            scope,
            table: pick(|c| c.table.clone()),
            locale: pick(|c| c.locale.clone()),
            fields,
            choices,
            kinds,
            csv,
            mapping,
            page_names: VecMap::new(),
        })
    }

    /// The instance's meaning of a code or label of a field (`path` is the adapter's path;
    /// its last segment, the tool's field name, is also tried).
    /// Whether the instance maps any choice field's codes.
    pub fn has_choices(&self) -> bool {
        !self.choices.is_empty()
    }

    pub fn choice(&self, path: &str, raw: &str) -> Option<&str> {
        let last = path.rsplit('.').next().unwrap_or(path);
        let table = self.choices.get(path).or_else(|| self.choices.get(last))?;
        table
            .get(raw)
            .or_else(|| {
                table
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(raw))
                    .map(|(_, v)| v)
            })
            .map(String::as_str)
    }

    /// The tool field that holds a canonical path (`change.backoutPlan` → `customfield_10050`).
    pub fn field(&self, canonical: &str) -> Option<&str> {
        self.fields.get(canonical).map(String::as_str)
    }

    /// The canonical kind of a tool record type, when the instance maps it.
    pub fn kind_of(&self, tool_type: &str) -> Option<crate::record::Kind> {
        self.kinds
            .get(tool_type)
            .or_else(|| {
                self.kinds
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(tool_type))
                    .map(|(_, v)| v)
            })
            .and_then(|k| crate::record::Kind::parse(k))
    }

    pub fn decimal_comma(&self) -> bool {
        self.csv.decimal.as_deref() == Some(",")
    }
}
