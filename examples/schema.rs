//! Writes the JSON Schemas generated from the Rust types: `make schema` (feature `schema`).
//! `tests/schema.rs` fails when the committed files in `schema/` differ from these.

#[cfg(feature = "schema")]
fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "schema".into());
    for (name, schema) in iso20000::schema::all() {
        let path = format!("{dir}/{name}.schema.json");
        if let Err(e) = std::fs::write(&path, schema) {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
        println!("wrote {path}");
    }
}

#[cfg(not(feature = "schema"))]
fn main() {
    eprintln!("build with --features schema");
    std::process::exit(2);
}
