//! JSON Schemas of the public JSON formats, generated from the Rust types (feature `schema`).

use schemars::{JsonSchema, generate::SchemaSettings};

fn schema_of<T: JsonSchema>(id: &str, title: &str) -> String {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<T>();
    schema.insert(
        "$id".into(),
        format!("https://iso20000.dev/schema/{id}.schema.json").into(),
    );
    schema.insert("title".into(), title.into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// (file stem, schema text) of every documented format.
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        (
            "record",
            schema_of::<crate::record::Record<'static>>("record", "iso20000 canonical record"),
        ),
        (
            "report",
            schema_of::<crate::report::Report>("report", "iso20000 evaluation report"),
        ),
        (
            "check-result",
            schema_of::<crate::report::CheckResult>(
                "check-result",
                "iso20000 result of checking one record",
            ),
        ),
        (
            "rule-pack",
            schema_of::<crate::rules::pack::Pack>("rule-pack", "iso20000 rule pack"),
        ),
        (
            "engine-options",
            schema_of::<crate::engine::EngineOptions>("engine-options", "iso20000 engine options"),
        ),
        (
            "evaluate-options",
            schema_of::<crate::engine::EvaluateOptions>(
                "evaluate-options",
                "iso20000 evaluate options",
            ),
        ),
    ]
}
