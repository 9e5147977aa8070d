//! Open Threat Model (OTM) import and export.
//!
//! Mapping (session ↔ OTM):
//! - trust zones ↔ `trustZones` (nesting through `parent.trustZone`);
//! - components ↔ `components` (the zone is the parent; components without a zone
//!   share a placeholder zone, since OTM requires a parent);
//! - data flows ↔ `dataflows`; assets ↔ `assets`;
//! - threat cards ↔ `threats`, plus one threat instance per affected component with
//!   the mitigations that address it; mitigation cards ↔ `mitigations`;
//! - everything else of the session ↔ `project.attributes.maestro`.
//!
//! Each element carries its MAESTRO record (layers, kind, ASI and catalog ids,
//! STRIDE, agentic factors, ratings, mitigation status, …) in `attributes.maestro`,
//! so export → import gives the same session. Elements without it come from another
//! tool: they are mapped from the native fields, and their components are left
//! unplaced (no layers) for phase 2.

mod capture;
mod checked;
mod document;
mod export;
mod foreign;
mod import;
pub mod lossless;
pub mod scale;
mod vocab;

pub use document::*;
pub use export::{OTM_VERSION, export, export_document, to_json, to_yaml};
pub use import::{
    ASSUMED_VERSION, ImportDefaults, Imported, OtmError, Syntax, import, parse,
    parse_with_warnings, read, read_imported, read_with_warnings,
};
pub use lossless::Ordered;
pub use vocab::{STRIDE_SPELLINGS, stride_of};

/// Key of the MAESTRO record inside an element's `attributes`.
pub const MAESTRO_KEY: &str = "maestro";

/// Id of the trust zone that holds components not yet placed in a zone.
pub const UNZONED_ID: &str = "maestro-unzoned";

/// Attribute marking the placeholder zone, which import drops again.
pub const PLACEHOLDER_KEY: &str = "maestro.placeholder";

#[cfg(test)]
mod tests;
