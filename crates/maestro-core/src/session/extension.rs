//! Data of another tool kept with the record it came from.
//!
//! An element imported from an OTM file carries fields the session does not model
//! (`tags`, `representations`, unknown keys…) or models with less precision (a
//! `riskReduction` of 33.3 becomes the Low effectiveness band). Those are kept here,
//! verbatim, as one line of compact JSON per OTM key, so the session's TOML shows them
//! and a git diff shows which one changed. Export writes them back unchanged.
//!
//! A kept value of a field the session does model (the mitigation's `riskReduction`)
//! only stands while the session still says what it said at import: `written` holds a
//! fingerprint of what maestro-tm itself wrote for that key then. Once the analyst
//! changes the field, the fingerprint no longer matches and the session's value wins.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Kept OTM data of one record (or of the document and its project).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Extension {
    /// OTM key → its value as read, in compact JSON (sorted by key).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub kept: BTreeMap<String, String>,
    /// OTM key → fingerprint of what maestro-tm wrote for that key at import (none:
    /// it wrote nothing). While export still writes the same, the kept value (or the
    /// key's absence) is written instead.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub written: BTreeMap<String, String>,
}

impl Extension {
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.written.is_empty()
    }
}

/// Kept OTM data of the document's top level and of its `project`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct DocumentExtension {
    /// Top-level keys other than the element lists (`otmVersion`, `representations`, …).
    #[serde(skip_serializing_if = "Extension::is_empty")]
    pub document: Extension,
    #[serde(skip_serializing_if = "Extension::is_empty")]
    pub project: Extension,
}

impl DocumentExtension {
    pub fn is_empty(&self) -> bool {
        self.document.is_empty() && self.project.is_empty()
    }
}
