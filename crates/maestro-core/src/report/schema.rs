//! JSON Schema of the report (`schemas/report.schema.json`), generated from the
//! [`Report`](super::Report) types so it cannot drift; a test keeps the file in sync.
//! The vocabulary enums derive their schema in `vocab.rs`.

/// Path of the schema file, relative to the repository root.
pub const SCHEMA_PATH: &str = "schemas/report.schema.json";

/// The JSON Schema of the report, pretty-printed, ending in a newline.
pub fn report_schema() -> String {
    let schema = schemars::schema_for!(super::Report);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}
