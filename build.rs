//! Compiles the reviewed data files into Rust statics (issue 12, item 4).
//!
//! The clause catalogue (`src/catalog/data/*.json`) and the Japanese message templates
//! (`src/i18n/ja.json`) stay the reviewed source of truth, but the module no longer carries their
//! JSON text nor the serde code that parsed it at start-up: this script reads them once at build
//! time and writes `catalog_data.rs` and `ja_data.rs` into `OUT_DIR`, which `src/catalog` and
//! `src/i18n` include as static tables of `&'static str`. A malformed file fails the build with the
//! file and the field named, where the runtime loader used to fail the first engine. The built-in
//! rule pack stays JSON (custom packs go through the same reader), written without white space
//! into `builtin-pack.min.json`.

// The build script reads our own reviewed data on the host: the .wasm's reader rule
// (clippy.toml: structs from objects only, `util::json`) is about the module's size.
#![allow(clippy::disallowed_methods)]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

type BuildResult<T> = Result<T, String>;

const CATALOG_FILES: [&str; 6] = [
    "clauses-2018.json",
    "clauses-2011.json",
    "crosswalk-2011-2018.json",
    "itil4-2018.json",
    "processes.json",
    "cases.json",
];

fn main() -> Result<(), String> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    println!("cargo:rerun-if-changed=build.rs");
    let data = root.join("src/catalog/data");
    for file in CATALOG_FILES {
        println!("cargo:rerun-if-changed={}", data.join(file).display());
    }
    let ja = root.join("src/i18n/ja.json");
    println!("cargo:rerun-if-changed={}", ja.display());

    let catalog = catalog_tables(&data)?;
    write(&out.join("catalog_data.rs"), &catalog)?;
    let templates = ja_tables(&ja)?;
    write(&out.join("ja_data.rs"), &templates)?;

    // The built-in pack is compiled in as JSON (custom packs are read by the same code), without
    // the white space between its tokens: 30 KB fewer in the .wasm, 2.5 KB gzipped.
    let pack = root.join("src/rules/builtin-pack.json");
    println!("cargo:rerun-if-changed={}", pack.display());
    let text =
        fs::read_to_string(&pack).map_err(|e| format!("cannot read {}: {e}", pack.display()))?;
    serde_json::from_str::<IgnoredAny>(&text)
        .map_err(|e| format!("{} is not JSON: {e}", pack.display()))?;
    write(
        &out.join("builtin-pack.min.json"),
        &without_white_space(&text),
    )?;
    Ok(())
}

/// JSON text without the white space between tokens: the strings, escapes and all, and the
/// order of everything as they are.
fn without_white_space(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if matches!(c, ' ' | '\t' | '\n' | '\r') {
            continue;
        } else {
            in_string = c == '"';
        }
        out.push(c);
    }
    out
}

fn write(path: &Path, text: &str) -> BuildResult<()> {
    // Unchanged output keeps its timestamp, so nothing downstream rebuilds for nothing.
    if fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn read_json(path: &Path) -> BuildResult<Value> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not valid JSON: {e}", path.display()))
}

/// Where a value sits, for the build error: `clauses-2018.json $.clauses[3].title`.
struct At<'a> {
    file: &'a str,
    path: String,
}

impl At<'_> {
    fn field(&self, key: &str) -> At<'_> {
        At {
            file: self.file,
            path: format!("{}.{key}", self.path),
        }
    }

    fn item(&self, i: usize) -> At<'_> {
        At {
            file: self.file,
            path: format!("{}[{i}]", self.path),
        }
    }

    fn fail<T>(&self, what: &str) -> BuildResult<T> {
        Err(format!("{} {}: {what}", self.file, self.path))
    }
}

fn get<'v>(value: &'v Value, at: &At<'_>, key: &str) -> BuildResult<&'v Value> {
    match value.get(key) {
        Some(v) => Ok(v),
        None => at.fail(&format!("missing field `{key}`")),
    }
}

/// A Rust string literal (Debug escapes quotes, backslashes and control characters).
fn lit(text: &str) -> String {
    format!("{text:?}")
}

fn text(value: &Value, at: &At<'_>, key: &str) -> BuildResult<String> {
    match get(value, at, key)? {
        Value::String(s) => Ok(lit(s)),
        _ => at.field(key).fail("expected a string"),
    }
}

fn flag(value: &Value, at: &At<'_>, key: &str) -> BuildResult<&'static str> {
    match get(value, at, key)? {
        Value::Bool(true) => Ok("true"),
        Value::Bool(false) => Ok("false"),
        _ => at.field(key).fail("expected true or false"),
    }
}

/// `{"en": …, "ja": …}` as `("…", "…")`.
fn localized(value: &Value, at: &At<'_>, key: &str) -> BuildResult<String> {
    let inner = get(value, at, key)?;
    let at = at.field(key);
    Ok(format!(
        "({}, {})",
        text(inner, &at, "en")?,
        text(inner, &at, "ja")?
    ))
}

/// An array of strings as `&["…", …]`.
fn texts(value: &Value, at: &At<'_>, key: &str) -> BuildResult<String> {
    let Value::Array(items) = get(value, at, key)? else {
        return at.field(key).fail("expected an array of strings");
    };
    let at = at.field(key);
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::String(s) => out.push(lit(s)),
            _ => return at.item(i).fail("expected a string"),
        }
    }
    Ok(format!("&[{}]", out.join(", ")))
}

fn array<'v>(value: &'v Value, at: &At<'_>, key: &str) -> BuildResult<&'v [Value]> {
    match get(value, at, key)? {
        Value::Array(items) => Ok(items),
        _ => at.field(key).fail("expected an array"),
    }
}

fn edition(value: &Value, at: &At<'_>) -> BuildResult<&'static str> {
    match get(value, at, "edition")? {
        Value::String(s) if s == "2018" => Ok("Edition::E2018"),
        Value::String(s) if s == "2011" => Ok("Edition::E2011"),
        _ => at.field("edition").fail("expected \"2018\" or \"2011\""),
    }
}

fn phase(value: &Value, at: &At<'_>) -> BuildResult<&'static str> {
    match get(value, at, "phase")? {
        Value::Null => Ok("None"),
        Value::String(s) => match s.as_str() {
            "plan" => Ok("Some(Phase::Plan)"),
            "do" => Ok("Some(Phase::Do)"),
            "check" => Ok("Some(Phase::Check)"),
            "act" => Ok("Some(Phase::Act)"),
            _ => at
                .field("phase")
                .fail("expected plan, do, check, act or null"),
        },
        _ => at
            .field("phase")
            .fail("expected plan, do, check, act or null"),
    }
}

fn relation(value: &Value, at: &At<'_>) -> BuildResult<&'static str> {
    // `new` is an answer of the crosswalk, never an edge (see `Relation::New`).
    match get(value, at, "relation")? {
        Value::String(s) => match s.as_str() {
            "equal" => Ok("Relation::Equal"),
            "subset" => Ok("Relation::Subset"),
            "superset" => Ok("Relation::Superset"),
            "intersect" => Ok("Relation::Intersect"),
            _ => at
                .field("relation")
                .fail("expected equal, subset, superset or intersect"),
        },
        _ => at.field("relation").fail("expected a string"),
    }
}

fn amendment(value: &Value, at: &At<'_>) -> BuildResult<String> {
    match value.get("amendment") {
        None | Some(Value::Null) => Ok("None".to_string()),
        Some(a) => {
            let at = at.field("amendment");
            Ok(format!(
                "Some(({}, {}))",
                text(a, &at, "ref")?,
                localized(a, &at, "note")?
            ))
        }
    }
}

fn edition_table(data: &Path, file: &str, name: &str, out: &mut String) -> BuildResult<()> {
    let root = read_json(&data.join(file))?;
    let at = At {
        file,
        path: "$".to_string(),
    };
    let clauses = array(&root, &at, "clauses")?;
    let list = at.field("clauses");
    let _ = writeln!(out, "static {name}: EditionRow = EditionRow {{");
    let _ = writeln!(out, "    edition: {},", edition(&root, &at)?);
    let _ = writeln!(out, "    standard: {},", text(&root, &at, "standard")?);
    let _ = writeln!(out, "    national: {},", text(&root, &at, "national")?);
    let _ = writeln!(out, "    notice: {},", localized(&root, &at, "notice")?);
    let _ = writeln!(out, "    clauses: &[");
    for (i, c) in clauses.iter().enumerate() {
        let at = list.item(i);
        let _ = writeln!(
            out,
            "        ClauseRow {{ id: {}, title: {}, summary: {}, phase: {}, requirement: {}, confidence: {}, amendment: {} }},",
            text(c, &at, "id")?,
            localized(c, &at, "title")?,
            localized(c, &at, "summary")?,
            phase(c, &at)?,
            flag(c, &at, "requirement")?,
            text(c, &at, "confidence")?,
            amendment(c, &at)?,
        );
    }
    let _ = writeln!(out, "    ],\n}};");
    Ok(())
}

fn catalog_tables(data: &Path) -> BuildResult<String> {
    let mut out = String::from(
        "// Written by build.rs from src/catalog/data/*.json: edit those files, not this one.\n",
    );
    edition_table(data, "clauses-2018.json", "CLAUSES_2018", &mut out)?;
    edition_table(data, "clauses-2011.json", "CLAUSES_2011", &mut out)?;

    let file = "crosswalk-2011-2018.json";
    let root = read_json(&data.join(file))?;
    let at = At {
        file,
        path: "$".to_string(),
    };
    let _ = writeln!(out, "static EDGES: &[EdgeRow] = &[");
    let list = at.field("edges");
    for (i, e) in array(&root, &at, "edges")?.iter().enumerate() {
        let at = list.item(i);
        let _ = writeln!(
            out,
            "    EdgeRow {{ from: {}, to: {}, relation: {}, note: {} }},",
            text(e, &at, "from")?,
            text(e, &at, "to")?,
            relation(e, &at)?,
            localized(e, &at, "note")?,
        );
    }
    let _ = writeln!(out, "];");
    let _ = writeln!(
        out,
        "static NEW_IN_2018: &[&str] = {};",
        texts(&root, &at, "newIn2018")?
    );

    let file = "itil4-2018.json";
    let root = read_json(&data.join(file))?;
    let at = At {
        file,
        path: "$".to_string(),
    };
    let _ = writeln!(
        out,
        "static ITIL_NOTICE: Text = {};",
        localized(&root, &at, "notice")?
    );
    let _ = writeln!(out, "static PRACTICES: &[PracticeRow] = &[");
    let list = at.field("practices");
    for (i, p) in array(&root, &at, "practices")?.iter().enumerate() {
        let at = list.item(i);
        let _ = writeln!(
            out,
            "    PracticeRow {{ id: {}, name: {}, group: {}, clauses: {}, strength: {} }},",
            text(p, &at, "id")?,
            localized(p, &at, "name")?,
            text(p, &at, "group")?,
            texts(p, &at, "clauses")?,
            text(p, &at, "strength")?,
        );
    }
    let _ = writeln!(out, "];");

    let file = "processes.json";
    let root = read_json(&data.join(file))?;
    let at = At {
        file,
        path: "$".to_string(),
    };
    let _ = writeln!(out, "static PROCESSES: &[ProcessRow] = &[");
    let list = at.field("processes");
    for (i, p) in array(&root, &at, "processes")?.iter().enumerate() {
        let at = list.item(i);
        let _ = writeln!(
            out,
            "    ProcessRow {{ id: {}, name: {}, clauses2018: {}, clauses2011: {} }},",
            text(p, &at, "id")?,
            localized(p, &at, "name")?,
            texts(p, &at, "clauses2018")?,
            texts(p, &at, "clauses2011")?,
        );
    }
    let _ = writeln!(out, "];");

    let file = "cases.json";
    let root = read_json(&data.join(file))?;
    let at = At {
        file,
        path: "$".to_string(),
    };
    // Without the `cases` feature a case keeps what a check result names (its id and checks) and
    // leaves its stories out of the build.
    let stories = std::env::var_os("CARGO_FEATURE_CASES").is_some();
    let _ = writeln!(out, "static CASES: &[CaseRow] = &[");
    let list = at.field("cases");
    for (i, c) in array(&root, &at, "cases")?.iter().enumerate() {
        let at = list.item(i);
        let id = text(c, &at, "id")?;
        let checks = texts(c, &at, "checks")?;
        if !stories {
            let _ = writeln!(out, "    CaseRow {{ id: {id}, checks: {checks} }},");
            continue;
        }
        let _ = writeln!(
            out,
            "    CaseRow {{ id: {id}, process: {}, paired_process: {}, clauses2018: {}, checks: {checks}, title: {}, organisation: {}, happened: {}, why: {}, good: {} }},",
            text(c, &at, "process")?,
            text(c, &at, "pairedProcess")?,
            texts(c, &at, "clauses2018")?,
            localized(c, &at, "title")?,
            localized(c, &at, "organisation")?,
            localized(c, &at, "happened")?,
            localized(c, &at, "why")?,
            localized(c, &at, "good")?,
        );
    }
    let _ = writeln!(out, "];");
    Ok(out)
}

/// `ja.json`: sections in file order, each with its English → Japanese pairs in file order,
/// duplicates kept (a unit test of `src/i18n` rejects them, and it must see them to do so).
/// `serde_json::Value` would sort the keys and drop duplicates, hence the visitors.
struct Sections(Vec<(String, Vec<(String, String)>)>);

struct Pairs(Vec<(String, String)>);

impl<'de> de::Deserialize<'de> for Pairs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Pairs;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of English → Japanese templates")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, String>()? {
                    out.push(entry);
                }
                Ok(Pairs(out))
            }
        }
        deserializer.deserialize_map(V)
    }
}

impl<'de> de::Deserialize<'de> for Sections {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Sections;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of sections")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sections, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key.starts_with('_') {
                        // `_about` and other notes for reviewers.
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    }
                    let pairs: Pairs = map.next_value()?;
                    out.push((key, pairs.0));
                }
                Ok(Sections(out))
            }
        }
        deserializer.deserialize_map(V)
    }
}

/// The modules of `src/record/source/` that a cargo feature of the same name builds
/// (`Cargo.toml`): the adapters, the CSV reader and the column mappings.
const FEATURE_MODULES: [&str; 9] = [
    "servicenow",
    "jira",
    "glpi",
    "zammad",
    "itop",
    "znuny",
    "freshservice",
    "csv",
    "mapping",
];

/// Whether a section of `ja.json` is compiled in. Its title ends with the places its messages
/// come from, `(source/jira/)` or `(source/csv/infer/, source/csv/, …)`: a section whose places
/// are all modules of cargo features that are off (`make wasm-servicenow` builds one adapter and
/// no CSV reader) is left out, since no code of the build makes its messages. Every other
/// section is always in.
fn section_in_build(title: &str) -> bool {
    let Some(places) = title
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
        .map(|(_, places)| places)
    else {
        return true;
    };
    places.split(", ").any(|place| {
        let module = place
            .strip_prefix("source/")
            .and_then(|p| p.split('/').next())
            .filter(|m| FEATURE_MODULES.contains(m));
        module.is_none_or(|m| {
            std::env::var_os(format!("CARGO_FEATURE_{}", m.to_ascii_uppercase())).is_some()
        })
    })
}

fn ja_tables(path: &Path) -> BuildResult<String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let sections: Sections = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a table of templates: {e}", path.display()))?;
    let mut out = String::from(
        "// Written by build.rs from src/i18n/ja.json: edit that file, not this one.\n\
         static SECTIONS: &[(&str, &[(&str, &str)])] = &[\n",
    );
    for (section, pairs) in sections.0.into_iter().filter(|(s, _)| section_in_build(s)) {
        let _ = writeln!(out, "    ({}, &[", lit(&section));
        for (en, ja) in pairs {
            let _ = writeln!(out, "        ({}, {}),", lit(&en), lit(&ja));
        }
        let _ = writeln!(out, "    ]),");
    }
    out.push_str("];\n");
    Ok(out)
}
