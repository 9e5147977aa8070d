//! Catalog section `checklists.toml` (placeholder until its data lands).

use super::{Catalog, ListRow, Listing};
use crate::vocab::Layer;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Checklists {}

impl Checklists {
    /// Adds uniqueness and cross-reference problems of this section to `problems`.
    pub fn check(&self, _catalog: &Catalog, _problems: &mut Vec<String>) {}

    /// Entry by id (placeholder: none until the data lands).
    pub fn get(&self, _id: &str) -> Option<&()> {
        None
    }
}

impl Listing for Checklists {
    fn rows(&self, _layer: Option<Layer>) -> Vec<ListRow> {
        Vec::new()
    }

    fn to_json(&self, _layer: Option<Layer>) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}
