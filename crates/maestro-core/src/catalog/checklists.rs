//! Catalog section `checklists.toml`: the threat identification checklists of
//! playbook/08-checklists.md (seven per-layer lists, the Cross-Layer list and the
//! Blindspot Vectors list), plus the cross-layer items of 04-cross-layer-scenarios.md
//! that 08 does not already contain.
//!
//! Item IDs are `CK-<list>-<nn>`: `CK-L1-01`…, `CK-CL-01`…, `CK-BV-01`…. Threat
//! references use the catalog's threat IDs (`T1`…`T15`, `EXT-T16`…`EXT-T47`,
//! `EXT-<layer>-<letter>`, `BV-1`…`BV-12`).

use super::{Catalog, ListRow, Listing, check_unique};
use crate::vocab::{AgenticFactor, Layer};
use serde::{Deserialize, Serialize};
use std::fmt;

/// All checklist items, in the playbook's order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Checklists {
    #[serde(default)]
    pub items: Vec<ChecklistItem>,
}

/// Which checklist an item belongs to: a per-layer list ("L1".."L7"), the
/// cross-layer list ("CL") or the blindspot vectors list ("blindspot").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum ChecklistList {
    Layer(Layer),
    Blindspot,
}

impl ChecklistList {
    /// The spelling used in TOML and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ChecklistList::Layer(layer) => layer.as_str(),
            ChecklistList::Blindspot => "blindspot",
        }
    }

    /// The list's part of an item ID: "L1".."L7", "CL" or "BV".
    pub fn id_code(self) -> &'static str {
        match self {
            ChecklistList::Layer(layer) => layer.as_str(),
            ChecklistList::Blindspot => "BV",
        }
    }

    /// The playbook's heading of the list, e.g. "Layer 1: Foundation Model".
    pub fn title(self) -> String {
        match self {
            ChecklistList::Layer(Layer::CrossLayer) => "Cross-Layer".to_string(),
            ChecklistList::Layer(layer) => {
                format!("Layer {}: {}", &layer.as_str()[1..], layer.name())
            }
            ChecklistList::Blindspot => "Blindspot Vectors".to_string(),
        }
    }
}

impl fmt::Display for ChecklistList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for ChecklistList {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        if text == "blindspot" {
            return Ok(ChecklistList::Blindspot);
        }
        Layer::ALL
            .iter()
            .copied()
            .find(|l| l.as_str() == text)
            .map(ChecklistList::Layer)
            .ok_or_else(|| format!("unknown checklist `{text}` (expected L1..L7, CL or blindspot)"))
    }
}

impl From<ChecklistList> for String {
    fn from(list: ChecklistList) -> String {
        list.as_str().to_string()
    }
}

/// One item of a checklist.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChecklistItem {
    /// E.g. "CK-L1-01", "CK-CL-12", "CK-BV-03".
    pub id: String,
    /// The checklist the item is on.
    pub list: ChecklistList,
    /// The playbook's label for the item.
    pub topic: String,
    /// The check in our own words, as a yes/no question; "yes" means the concern
    /// applies to the system under review.
    pub text: String,
    /// Threat IDs the item concerns.
    #[serde(default)]
    pub threats: Vec<String>,
    /// Agentic risk factors the item is about.
    #[serde(default)]
    pub factors: Vec<AgenticFactor>,
    /// Layers a blindspot vector affects (empty for per-layer and cross-layer items).
    #[serde(default)]
    pub layers: Vec<Layer>,
    /// Outside references the playbook cites for the item, e.g. "LLM04:2025".
    #[serde(default)]
    pub references: Vec<String>,
    /// Playbook file the item comes from when it is not 08-checklists.md.
    #[serde(default)]
    pub source: Option<String>,
}

impl ChecklistItem {
    /// The layers the item is relevant to: its list's layer, or a blindspot's affected layers.
    pub fn relevant_layers(&self) -> Vec<Layer> {
        match self.list {
            ChecklistList::Layer(layer) => vec![layer],
            ChecklistList::Blindspot => self.layers.clone(),
        }
    }
}

impl Checklists {
    /// The item with this ID.
    pub fn get(&self, id: &str) -> Option<&ChecklistItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The checklist of one layer (`Layer::CrossLayer` for the cross-layer list), in order.
    pub fn for_layer(&self, layer: Layer) -> Vec<&ChecklistItem> {
        self.list(ChecklistList::Layer(layer))
    }

    /// The blindspot vectors checklist, in order.
    pub fn blindspot(&self) -> Vec<&ChecklistItem> {
        self.list(ChecklistList::Blindspot)
    }

    /// The items of one checklist, in order.
    pub fn list(&self, list: ChecklistList) -> Vec<&ChecklistItem> {
        self.items.iter().filter(|i| i.list == list).collect()
    }

    /// Items that concern `threat_id`, in catalog order.
    pub fn concerning(&self, threat_id: &str) -> Vec<&ChecklistItem> {
        self.items
            .iter()
            .filter(|i| i.threats.iter().any(|t| t == threat_id))
            .collect()
    }

    /// Every (item id, threat id) reference, for the cross-check against the threat section.
    pub fn referenced_threats(&self) -> impl Iterator<Item = (&str, &str)> {
        self.items
            .iter()
            .flat_map(|i| i.threats.iter().map(move |t| (i.id.as_str(), t.as_str())))
    }

    /// Adds uniqueness and cross-reference problems of this section to `problems`.
    ///
    /// Threat IDs are not resolved here: [`Checklists::referenced_threats`] exposes them
    /// for the catalog-wide check against the threat section.
    pub fn check(&self, _catalog: &Catalog, problems: &mut Vec<String>) {
        check_unique(
            "checklists",
            self.items.iter().map(|i| i.id.as_str()),
            problems,
        );
        for item in &self.items {
            let prefix = format!("CK-{}-", item.list.id_code());
            let number_ok = item
                .id
                .strip_prefix(&prefix)
                .is_some_and(|n| n.len() >= 2 && n.chars().all(|c| c.is_ascii_digit()));
            if !number_ok {
                problems.push(format!(
                    "checklists: `{}` is on list {} but is not of the form {prefix}<nn>",
                    item.id, item.list
                ));
            }
            if item.text.trim().is_empty() {
                problems.push(format!("checklists: `{}` has no text", item.id));
            }
            if !item.layers.is_empty() && item.list != ChecklistList::Blindspot {
                problems.push(format!(
                    "checklists: `{}` sets layers, which only blindspot items use",
                    item.id
                ));
            }
        }
    }
}

impl Listing for Checklists {
    fn rows(&self, layer: Option<Layer>) -> Vec<ListRow> {
        self.items
            .iter()
            .filter(|i| layer.is_none_or(|l| i.relevant_layers().contains(&l)))
            .map(|i| {
                let mut detail = i.threats.join(", ");
                if !i.factors.is_empty() {
                    let factors: Vec<&str> = i.factors.iter().map(|f| f.as_str()).collect();
                    detail = format!("{detail} · {}", factors.join(", "));
                }
                ListRow {
                    id: i.id.clone(),
                    name: i.topic.clone(),
                    layers: i.relevant_layers(),
                    detail,
                }
            })
            .collect()
    }

    fn to_json(&self, layer: Option<Layer>) -> serde_json::Value {
        let items: Vec<&ChecklistItem> = self
            .items
            .iter()
            .filter(|i| layer.is_none_or(|l| i.relevant_layers().contains(&l)))
            .collect();
        serde_json::to_value(items).unwrap_or(serde_json::Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::load(&[]).expect("embedded catalog loads")
    }

    #[test]
    fn counts_match_playbook() {
        let c = catalog();
        let k = &c.checklists;
        // Items per list as counted in 08-checklists.md.
        let expected = [
            (Layer::L1, 11),
            (Layer::L2, 9),
            (Layer::L3, 15),
            (Layer::L4, 9),
            (Layer::L5, 9),
            (Layer::L6, 12),
            (Layer::L7, 16),
        ];
        for (layer, n) in expected {
            assert_eq!(k.for_layer(layer).len(), n, "{layer}");
        }
        // 08's 11 cross-layer items plus the 9 of 04's 18 that 08 lacks.
        let cl = k.for_layer(Layer::CrossLayer);
        assert_eq!(cl.len(), 20);
        assert_eq!(cl.iter().filter(|i| i.source.is_none()).count(), 11);
        assert_eq!(cl.iter().filter(|i| i.source.is_some()).count(), 9);
        assert_eq!(k.blindspot().len(), 12);
        assert_eq!(k.items.len(), 104 + 9);
    }

    #[test]
    fn spot_facts() {
        let c = catalog();
        let k = &c.checklists;
        let first = k.get("CK-L1-01").unwrap();
        assert_eq!(first.list, ChecklistList::Layer(Layer::L1));
        assert_eq!(
            first.topic,
            "Prompt injection vectors (direct and indirect)"
        );
        assert_eq!(first.threats, ["T6"]);
        assert!(first.text.ends_with('?'));

        let collab = k.get("CK-L1-06").unwrap();
        assert_eq!(collab.threats, ["EXT-L1-A"]);
        assert_eq!(collab.references, ["LLM04:2025"]);

        let t16 = k.get("CK-L1-07").unwrap();
        assert_eq!(t16.threats, ["EXT-T16"]);
        assert_eq!(t16.factors, [AgenticFactor::NonDeterminism]);

        let runaway = k.get("CK-L3-15").unwrap();
        assert_eq!(runaway.threats, ["EXT-T32"]);
        assert_eq!(runaway.factors, [AgenticFactor::Autonomy]);

        let l7 = k.get("CK-L7-16").unwrap();
        assert_eq!(
            l7.topic,
            "Unintended resource consumption beyond budget (T39)"
        );
        assert_eq!(l7.threats, ["EXT-T39"]);

        let deputy = k.get("CK-CL-02").unwrap();
        assert!(deputy.threats.iter().any(|t| t == "T2"));
        assert!(deputy.threats.iter().any(|t| t == "T3"));

        let from_04 = k.get("CK-CL-12").unwrap();
        assert_eq!(from_04.topic, "Emergent Bias Amplification (T1 + T7)");
        assert_eq!(from_04.source.as_deref(), Some("04-cross-layer-scenarios"));
        assert_eq!(k.get("CK-CL-20").unwrap().threats, ["T9"]);

        let bv = k.get("CK-BV-09").unwrap();
        assert_eq!(bv.list, ChecklistList::Blindspot);
        assert_eq!(bv.threats, ["BV-9"]);
        assert_eq!(bv.layers, [Layer::L3, Layer::L6]);
        assert!(k.get("CK-BV-13").is_none());
        assert!(k.get("CK-CL-21").is_none());
    }

    #[test]
    fn every_blindspot_vector_has_its_item_in_order() {
        let c = catalog();
        for (n, item) in c.checklists.blindspot().iter().enumerate() {
            assert_eq!(item.id, format!("CK-BV-{:02}", n + 1));
            assert_eq!(item.threats, [format!("BV-{}", n + 1)]);
            assert!(!item.layers.is_empty(), "{}", item.id);
        }
    }

    #[test]
    fn items_are_well_formed() {
        let c = catalog();
        for item in &c.checklists.items {
            assert!(!item.threats.is_empty(), "{} names no threat", item.id);
            assert!(item.text.ends_with('?'), "{} is not a question", item.id);
            assert_ne!(item.text, item.topic, "{}", item.id);
        }
        let refs: Vec<_> = c.checklists.referenced_threats().collect();
        for (item, threat) in &refs {
            assert!(
                super::super::mitigations::is_playbook_threat_id(threat),
                "{item} references `{threat}`"
            );
        }
        assert!(refs.contains(&("CK-L2-03", "EXT-T17")));
        // The playbook's extended T17 is not OWASP's official T17.
        assert!(!refs.iter().any(|(_, t)| *t == "T17" || *t == "T16"));
        assert!(
            c.checklists
                .concerning("BV-2")
                .iter()
                .any(|i| i.id == "CK-CL-11")
        );
    }

    #[test]
    fn check_reports_duplicates_and_bad_ids() {
        let base = catalog();
        assert!(base.integrity_problems().is_empty());

        let mut c = base.clone();
        let dup = c.checklists.items[0].clone();
        c.checklists.items.push(dup);
        let problems = c.integrity_problems();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("duplicate id `CK-L1-01`")),
            "{problems:?}"
        );

        let mut c = base.clone();
        c.checklists.items[0].list = ChecklistList::Layer(Layer::L2);
        assert!(
            c.integrity_problems()
                .iter()
                .any(|p| p.contains("CK-L1-01"))
        );

        let mut c = base.clone();
        c.checklists.items[0].layers = vec![Layer::L1];
        assert!(
            c.integrity_problems()
                .iter()
                .any(|p| p.contains("only blindspot"))
        );
    }

    #[test]
    fn list_spelling_round_trips() {
        #[derive(Serialize, Deserialize)]
        struct Probe {
            list: ChecklistList,
        }
        for text in ["L1", "L7", "CL", "blindspot"] {
            let probe: Probe = toml::from_str(&format!("list = \"{text}\"")).unwrap();
            assert_eq!(probe.list.as_str(), text);
            assert_eq!(
                toml::to_string(&probe).unwrap().trim(),
                format!("list = \"{text}\"")
            );
        }
        assert!(toml::from_str::<Probe>("list = \"L8\"").is_err());
        assert_eq!(
            ChecklistList::Layer(Layer::L5).title(),
            "Layer 5: Evaluation and Observability"
        );
    }

    #[test]
    fn listing_includes_blindspots_of_the_layer() {
        let c = catalog();
        assert_eq!(c.checklists.rows(None).len(), 113);
        let rows = c.checklists.rows(Some(Layer::L5));
        // 9 L5 items, plus BV-8 and BV-12 which affect L5.
        assert_eq!(rows.len(), 11);
        assert!(rows.iter().any(|r| r.id == "CK-BV-12"));
        let json = c.checklists.to_json(Some(Layer::CrossLayer));
        assert_eq!(json.as_array().unwrap().len(), 20);
    }
}
