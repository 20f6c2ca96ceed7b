//! The committed JSON Schemas in `schema/` are exactly what the Rust types generate.
#![cfg(all(feature = "schema", not(target_arch = "wasm32")))]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read fixtures and compare with them

#[test]
fn committed_schemas_match_the_rust_types() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    for (name, generated) in iso20000::schema::all() {
        let path = dir.join(format!("{name}.schema.json"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is stale: run `make schema`",
            path.display()
        );
    }
}

#[test]
fn the_record_schema_describes_the_canonical_format() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/record.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(schema["required"], serde_json::json!(["id", "kind"]));
    let kinds = schema
        .pointer("/$defs/Kind/oneOf")
        .or_else(|| schema.pointer("/$defs/Kind/enum"));
    assert!(
        kinds.is_some_and(|k| k.to_string().contains("management_review")),
        "{kinds:?}"
    );
    assert!(
        schema["properties"]["change"]
            .to_string()
            .contains("ChangeDetail")
    );
}
