//! JSON Schema of the session file, derived from the model (`schemars`), so that
//! editors with TOML schema support (taplo, Even Better TOML) check sessions as
//! they are typed. The committed copy is `schemas/session.schema.json`; a test
//! keeps it equal to what this produces.

use crate::session::Session;
use schemars::generate::SchemaSettings;

/// Where the committed schema lives, relative to the repository root.
pub const SESSION_SCHEMA_PATH: &str = "schemas/session.schema.json";

/// The session schema as pretty JSON with a final newline (draft-07, which taplo reads).
pub fn session_schema() -> String {
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<Session>();
    schema.insert(
        "title".into(),
        "maestro-tm session (OWASP MAESTRO threat model)".into(),
    );
    schema.insert(
        "description".into(),
        "A threat-modeling session as maestro-tm saves it (TOML). Generated from the session model; do not edit by hand.".into(),
    );
    serde_json::to_string_pretty(&schema).expect("a schema always serializes") + "\n"
}
