//! A rule pack's shape is written down three times: the serde types, the key lists of
//! `src/rules/validate.rs` (which report every unknown or missing field at once, with its path)
//! and `schema/rule-pack.schema.json`. tests/schema.rs already holds the schema to the serde
//! types; this ties the validator to the schema, one object level at a time: the keys the
//! validator accepts are the schema's properties, and the keys it requires are the schema's
//! `required`, in both directions.
//!
//! The validator is asked, not read: a pack with an unknown key at a level makes it list the
//! keys it accepts there ("expected one of …"), and an empty object at a level makes it name
//! each key it misses.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // so clippy.toml's allow-*-in-tests also covers this file's helpers
#![allow(clippy::disallowed_methods)] // serde_json's readers: tests read fixtures and compare with them

use std::collections::BTreeSet;

use iso20000::Instant;
use iso20000::ffi;
use serde_json::{Value, json};

const NOW: Instant = Instant(1_782_777_600); // 2026-06-30T00:00:00Z
const PROBE: &str = "zzNotAField";

/// Every object level of a pack, as the path of keys from the pack's root (an array on the way
/// is entered at its first element). Each level is probed on its own.
const LEVELS: &[&[&str]] = &[
    &[],
    &["description"],
    &["thresholds"],
    &["rating"],
    &["rating", "weights"],
    &["rating", "systemic"],
    &["checks"],
    &["checks", "title"],
    &["checks", "message"],
    &["checks", "hint"],
    &["checks", "systemic"],
    &["checks", "clausesFrom"],
    &["evidence"],
    &["evidence", "clausesFrom"],
    &["overrides"],
    &["overrides", "title"],
    &["overrides", "message"],
    &["overrides", "hint"],
    &["overrides", "systemic"],
];

/// Keys that hold arrays of objects; a level below them is their first element.
const LISTS: &[&str] = &["checks", "evidence", "overrides"];

fn set(keys: impl IntoIterator<Item = impl Into<String>>) -> BTreeSet<String> {
    keys.into_iter().map(Into::into).collect()
}

/// A pack with `leaf` placed at `level` (objects on the way are empty).
fn pack_with(level: &[&str], leaf: Value) -> Value {
    let mut pack = json!({"id": "shape", "version": "1"});
    let mut at = &mut pack;
    for key in level {
        if LISTS.contains(key) {
            at[*key] = json!([{}]);
            at = &mut at[*key][0];
        } else {
            at[*key] = json!({});
            at = &mut at[*key];
        }
    }
    if let (Value::Object(target), Value::Object(extra)) = (at, leaf) {
        target.extend(extra);
    }
    pack
}

/// The JSON path the validator reports for `level` of the first pack.
fn json_path(level: &[&str]) -> String {
    let mut path = String::from("$.rules[0]");
    for key in level {
        path.push('.');
        path.push_str(key);
        if LISTS.contains(key) {
            path.push_str("[0]");
        }
    }
    path
}

/// What loading `pack` reports: (path, message) of each detail of its E_RULES error.
fn details(pack: &Value) -> Vec<(String, String)> {
    let options = json!({"asOf": "2026-06-30", "lang": "en", "rules": [pack]}).to_string();
    match ffi::engine_new(Some(&options), NOW) {
        Ok(_) => Vec::new(),
        Err(e) => e.details.into_iter().map(|d| (d.path, d.message)).collect(),
    }
}

/// The keys the validator accepts at `level`, from its "unknown field" message.
fn validator_accepts(level: &[&str]) -> BTreeSet<String> {
    let probe_path = format!("{}.{PROBE}", json_path(level));
    let found = details(&pack_with(level, json!({ PROBE: true })));
    let message = found
        .iter()
        .find(|(path, _)| *path == probe_path)
        .map(|(_, m)| m.clone())
        .unwrap_or_else(|| panic!("no unknown-field error at {probe_path}: {found:?}"));
    let list = message
        .split_once("expected one of ")
        .map(|(_, list)| list)
        .unwrap_or_else(|| panic!("{probe_path}: {message:?} does not list the accepted keys"));
    set(list.split(", ").map(str::trim))
}

/// The keys the validator requires at `level`, from its "missing field" messages.
fn validator_requires(level: &[&str]) -> BTreeSet<String> {
    let path = json_path(level);
    // At the root the pack itself is the empty object (pack_with gives it an id and a version).
    let empty = if level.is_empty() {
        json!({})
    } else {
        pack_with(level, json!({}))
    };
    let found = details(&empty);
    set(found
        .iter()
        .filter(|(p, _)| *p == path)
        .filter_map(|(_, m)| {
            m.strip_prefix("missing field \"")
                .and_then(|rest| rest.strip_suffix('"'))
        }))
}

/// The committed schema of a rule pack.
fn schema() -> Value {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/rule-pack.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The object a schema node describes: `$ref`s followed, an array's `items` entered, and of an
/// `anyOf`/`oneOf` (nullable values, or "one object or a list of them") the branch that leads to
/// an object with properties.
fn object_of<'s>(schema: &'s Value, node: &'s Value) -> Option<&'s Value> {
    if node.get("properties").is_some() {
        return Some(node);
    }
    if let Some(reference) = node["$ref"].as_str() {
        let pointer = reference.strip_prefix('#')?;
        return object_of(schema, schema.pointer(pointer)?);
    }
    if let Some(items) = node.get("items") {
        return object_of(schema, items);
    }
    ["anyOf", "oneOf"]
        .iter()
        .filter_map(|k| node[*k].as_array())
        .flatten()
        .find_map(|branch| object_of(schema, branch))
}

/// The schema's object at `level`.
fn node_at<'s>(schema: &'s Value, level: &[&str]) -> &'s Value {
    level.iter().fold(schema, |node, key| {
        object_of(schema, &node["properties"][*key])
            .unwrap_or_else(|| panic!("the schema has no object at {}", json_path(level)))
    })
}

/// The schema's (properties, required) at `level`.
fn schema_keys(schema: &Value, level: &[&str]) -> (BTreeSet<String>, BTreeSet<String>) {
    let node = node_at(schema, level);
    let properties = node["properties"]
        .as_object()
        .map(|p| set(p.keys().cloned()))
        .unwrap_or_default();
    let required = node["required"]
        .as_array()
        .map(|r| set(r.iter().filter_map(Value::as_str)))
        .unwrap_or_default();
    (properties, required)
}

#[test]
fn the_validator_accepts_and_requires_what_the_schema_says_at_every_level() {
    let schema = schema();
    let mut differences = Vec::new();
    for level in LEVELS {
        let at = json_path(level);
        let (properties, required) = schema_keys(&schema, level);
        let accepts = validator_accepts(level);
        let requires = validator_requires(level);
        if accepts != properties {
            differences.push(format!(
                "{at}: only the validator accepts {:?}; only the schema has {:?}",
                accepts.difference(&properties).collect::<Vec<_>>(),
                properties.difference(&accepts).collect::<Vec<_>>()
            ));
        }
        if requires != required {
            differences.push(format!(
                "{at}: only the validator requires {:?}; only the schema requires {:?}",
                requires.difference(&required).collect::<Vec<_>>(),
                required.difference(&requires).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "src/rules/validate.rs and schema/rule-pack.schema.json disagree:\n{}",
        differences.join("\n")
    );
}

/// Every object of the schema is probed above: a new nested object in the pack's types (and so
/// in the schema) fails here until it has its line in LEVELS.
#[test]
fn every_object_level_of_the_schema_is_probed() {
    let schema = schema();
    let mut unprobed = Vec::new();
    for level in LEVELS {
        let node = node_at(&schema, level);
        for (key, property) in node["properties"].as_object().into_iter().flatten() {
            let has_fields = object_of(&schema, property)
                .and_then(|o| o["properties"].as_object())
                .is_some_and(|p| !p.is_empty());
            let child: Vec<&str> = level.iter().copied().chain([key.as_str()]).collect();
            if has_fields && !LEVELS.contains(&child.as_slice()) {
                unprobed.push(json_path(&child));
            }
        }
    }
    assert!(
        unprobed.is_empty(),
        "object levels of the schema that tests/pack_shape.rs does not probe (add them to \
         LEVELS): {unprobed:?}"
    );
}

/// The probes read the validator's lists (a level whose lists are known), so an empty reading
/// cannot pass the comparison above by accident.
#[test]
fn the_probes_read_the_validators_lists() {
    assert_eq!(
        validator_accepts(&["thresholds"]),
        set(["n", "p", "l"]),
        "the thresholds level"
    );
    assert_eq!(
        validator_requires(&["rating", "systemic"]),
        set(["share", "count"])
    );
    assert!(!validator_accepts(&[]).contains(PROBE));
}
