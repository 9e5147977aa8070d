//! Exchange with other threat-modeling tools.
//!
//! - [`otm`]: the Open Threat Model format (IriusRisk's open, tool-neutral format),
//!   both ways, in JSON or YAML.
//! - [`schema`]: the JSON Schema of the session file, for editors.

pub mod otm;
pub mod schema;
