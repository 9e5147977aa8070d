//! JSON Schema of the report (`schemas/report.schema.json`), generated from the
//! [`Report`](super::Report) types so it cannot drift; a test keeps the file in sync.
//!
//! The vocabulary enums get their schema here: a string with the playbook's spellings.

use crate::vocab::*;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use std::borrow::Cow;

macro_rules! vocab_schema {
    ($($name:ident),+ $(,)?) => {$(
        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                let values: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                json_schema!({ "type": "string", "enum": values })
            }
        }
    )+};
}

vocab_schema!(
    Layer,
    Severity,
    Likelihood,
    RiskLevel,
    AttackVector,
    AttackComplexity,
    Stride,
    AgenticFactor,
    MitigationType,
    ImplementationStatus,
    Cost,
    Effectiveness,
    PhaseStatus,
    Depth,
    Classification,
    Level,
    ComponentKind,
    MitigationStatus,
    Coverage,
    Disposition,
    SourceAccess,
);

/// Path of the schema file, relative to the repository root.
pub const SCHEMA_PATH: &str = "schemas/report.schema.json";

/// The JSON Schema of the report, pretty-printed, ending in a newline.
pub fn report_schema() -> String {
    let schema = schemars::schema_for!(super::Report);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}
