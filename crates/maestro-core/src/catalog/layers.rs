//! Catalog section `layers.toml`: the seven MAESTRO layers and the Cross-Layer dimension
//! (playbook 01-layers.md, with the Layer Mapping Template hints of 07-templates.md).

use super::{Catalog, ListRow, Listing, check_unique};
use crate::vocab::Layer;
use serde::{Deserialize, Serialize};

/// The layers section: one entry per [`Layer`], in the playbook's order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Layers {
    pub layers: Vec<LayerInfo>,
}

/// What the playbook says about one layer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LayerInfo {
    pub id: Layer,
    /// The playbook's layer name, e.g. "Foundation Model".
    pub name: String,
    /// What the layer covers, in one or two sentences.
    pub summary: String,
    /// Typical components that belong to the layer.
    #[serde(default)]
    pub components: Vec<String>,
    /// Guiding questions for the analyst.
    #[serde(default)]
    pub questions: Vec<String>,
    /// Hint for the Layer Mapping Template's components column: what to list.
    #[serde(default)]
    pub mapping_components: String,
    /// Hint for the Layer Mapping Template's notes column: what to capture.
    #[serde(default)]
    pub mapping_notes: String,
    /// Primary ASI threat IDs of the layer ("T1", …).
    #[serde(default)]
    pub key_threats: Vec<String>,
    /// True for a layer that spans all others (L6).
    #[serde(default)]
    pub vertical: bool,
    /// How the layer applies to a single-agent system.
    #[serde(default)]
    pub single_agent: String,
    /// Special remarks the playbook makes about the layer.
    #[serde(default)]
    pub notes: Vec<String>,
}

impl Layers {
    /// The entry for `layer`.
    pub fn get(&self, layer: Layer) -> Option<&LayerInfo> {
        self.layers.iter().find(|l| l.id == layer)
    }

    /// Adds uniqueness and cross-reference problems of this section to `problems`.
    pub fn check(&self, _catalog: &Catalog, problems: &mut Vec<String>) {
        check_unique(
            "layers",
            self.layers.iter().map(|l| l.id.as_str()),
            problems,
        );
        for layer in Layer::ALL {
            if self.get(*layer).is_none() {
                problems.push(format!("layers: no entry for layer `{layer}`"));
            }
        }
        for l in &self.layers {
            if l.name.trim().is_empty() {
                problems.push(format!("layers: `{}` has an empty name", l.id));
            }
        }
    }

    fn filtered(&self, layer: Option<Layer>) -> impl Iterator<Item = &LayerInfo> {
        self.layers
            .iter()
            .filter(move |l| layer.is_none_or(|wanted| l.id == wanted))
    }
}

impl Listing for Layers {
    fn rows(&self, layer: Option<Layer>) -> Vec<ListRow> {
        self.filtered(layer)
            .map(|l| ListRow {
                id: l.id.as_str().to_string(),
                name: l.name.clone(),
                layers: vec![l.id],
                detail: {
                    let mut detail = l.key_threats.join(", ");
                    if l.vertical {
                        detail.push_str(" (vertical)");
                    }
                    detail
                },
            })
            .collect()
    }

    fn to_json(&self, layer: Option<Layer>) -> serde_json::Value {
        let entries: Vec<&LayerInfo> = self.filtered(layer).collect();
        serde_json::json!({ "layers": entries })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_layers_plus_cross_layer_in_order() {
        let catalog = Catalog::embedded();
        let ids: Vec<Layer> = catalog.layers.layers.iter().map(|l| l.id).collect();
        assert_eq!(ids, Layer::ALL);
        assert_eq!(catalog.layers.layers.len(), 8);
    }

    #[test]
    fn spot_facts() {
        let layers = Catalog::embedded().layers;
        let l1 = layers.get(Layer::L1).unwrap();
        assert_eq!(l1.name, "Foundation Model");
        assert_eq!(l1.key_threats, ["T1", "T7"]);
        let l4 = layers.get(Layer::L4).unwrap();
        assert_eq!(l4.key_threats, ["T3", "T4", "T13", "T14"]);
        let l6 = layers.get(Layer::L6).unwrap();
        assert!(l6.vertical);
        assert_eq!(layers.layers.iter().filter(|l| l.vertical).count(), 1);
        let cl = layers.get(Layer::CrossLayer).unwrap();
        assert_eq!(cl.name, "Cross-Layer");
        assert_eq!(cl.key_threats, ["T6", "T12", "T13", "T15"]);
        let l7 = layers.get(Layer::L7).unwrap();
        assert!(l7.notes.iter().any(|n| n.contains("never truly empty")));
        for l in &layers.layers {
            assert!(!l.questions.is_empty(), "{} has questions", l.id);
            assert!(!l.key_threats.is_empty(), "{} has threats", l.id);
        }
    }

    #[test]
    fn check_reports_duplicates_and_missing_layers() {
        let mut catalog = Catalog::embedded();
        let mut dup = catalog.layers.layers[0].clone();
        dup.name = "again".into();
        catalog.layers.layers.push(dup);
        let problems = catalog.integrity_problems();
        assert!(problems.iter().any(|p| p.contains("duplicate id `L1`")));

        let mut catalog = Catalog::embedded();
        catalog.layers.layers.retain(|l| l.id != Layer::L5);
        let problems = catalog.integrity_problems();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("no entry for layer `L5`"))
        );
    }

    #[test]
    fn listing_filters_by_layer() {
        let layers = Catalog::embedded().layers;
        assert_eq!(layers.rows(None).len(), 8);
        let rows = layers.rows(Some(Layer::L6));
        assert_eq!(rows.len(), 1);
        assert!(rows[0].detail.contains("vertical"));
        let json = layers.to_json(Some(Layer::L2));
        assert_eq!(json["layers"].as_array().unwrap().len(), 1);
        assert_eq!(json["layers"][0]["id"], "L2");
    }
}
