//! Catalog section `patterns.toml`: the seven cross-layer attack patterns of playbook 04
//! (XLP-1…XLP-7) and 04's "Key Cross-Layer Threats Checklist" (XLC-1…XLC-18).

use super::{Catalog, ListRow, Listing, check_unique};
use crate::vocab::{AgenticFactor, Layer};
use serde::{Deserialize, Serialize};

/// The `patterns.toml` section.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Patterns {
    /// The cross-layer patterns, in the playbook's order.
    #[serde(default)]
    pub patterns: Vec<PatternEntry>,
    /// Playbook 04's checklist of cross-layer threats to run in every cross-layer analysis.
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
}

/// One cross-layer attack pattern.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PatternEntry {
    /// `XLP-<n>`, n being the playbook's pattern number.
    pub id: String,
    /// The playbook's name (from 04).
    pub name: String,
    /// Other names the playbook uses (12 and the single-agent guide).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Layers the pattern spans, as the playbook gives them.
    pub layers: Vec<Layer>,
    /// The chain in one or two sentences, in the catalog's words.
    pub summary: String,
    /// Where the attack starts.
    pub entry: PatternPoint,
    /// How it crosses into the other layers.
    pub pivot: PatternPoint,
    /// What it finally harms.
    pub impact: PatternPoint,
    /// The chain as ordered steps.
    pub steps: Vec<PatternStep>,
    /// Catalog threat IDs involved in the pattern.
    #[serde(default)]
    pub threats: Vec<String>,
    /// Agentic factors that make the chain possible or worse.
    #[serde(default)]
    pub factors: Vec<AgenticFactor>,
    /// Questions to ask when checking a system for this pattern.
    #[serde(default)]
    pub questions: Vec<String>,
    /// True when the single-agent guide lists it among the patterns that apply to single agents.
    #[serde(default)]
    pub single_agent: bool,
    /// A short worked example, when the playbook gives one.
    #[serde(default)]
    pub example: Option<String>,
}

/// A point of the chain: the layer(s) involved and what happens there.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PatternPoint {
    pub layers: Vec<Layer>,
    pub description: String,
}

/// One step of a pattern's chain.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PatternStep {
    pub layer: Layer,
    /// Catalog threat ID realised at this step, if one fits.
    #[serde(default)]
    pub threat: Option<String>,
    /// What happens at this step.
    pub what: String,
}

/// One item of the "Key Cross-Layer Threats Checklist" (playbook 04).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChecklistItem {
    /// `XLC-<n>` in the playbook's order.
    pub id: String,
    /// The playbook's item text, without its threat references.
    pub text: String,
    /// The ASI threat IDs the playbook attaches to the item.
    #[serde(default)]
    pub threats: Vec<String>,
}

impl PatternEntry {
    /// Every threat ID the pattern mentions (list and steps), in order, without repeats.
    pub fn threat_refs(&self) -> Vec<&str> {
        let mut refs: Vec<&str> = Vec::new();
        let all = self
            .threats
            .iter()
            .map(String::as_str)
            .chain(self.steps.iter().filter_map(|s| s.threat.as_deref()));
        for id in all {
            if !refs.contains(&id) {
                refs.push(id);
            }
        }
        refs
    }
}

impl Patterns {
    /// The pattern with this ID (`XLP-1`…).
    pub fn get(&self, id: &str) -> Option<&PatternEntry> {
        self.patterns.iter().find(|p| p.id == id)
    }

    /// The checklist item with this ID (`XLC-1`…).
    pub fn checklist_item(&self, id: &str) -> Option<&ChecklistItem> {
        self.checklist.iter().find(|c| c.id == id)
    }

    /// Patterns that span `layer`.
    pub fn for_layer(&self, layer: Layer) -> Vec<&PatternEntry> {
        self.patterns
            .iter()
            .filter(|p| p.layers.contains(&layer))
            .collect()
    }

    /// Patterns that involve the threat `threat_id`.
    pub fn involving(&self, threat_id: &str) -> Vec<&PatternEntry> {
        self.patterns
            .iter()
            .filter(|p| p.threat_refs().contains(&threat_id))
            .collect()
    }

    /// Adds uniqueness and cross-reference problems of this section to `problems`.
    pub fn check(&self, catalog: &Catalog, problems: &mut Vec<String>) {
        check_unique(
            "patterns",
            self.patterns.iter().map(|p| p.id.as_str()),
            problems,
        );
        check_unique(
            "patterns (checklist)",
            self.checklist.iter().map(|c| c.id.as_str()),
            problems,
        );
        let known = |id: &str| catalog.threats.get(id).is_some();
        for p in &self.patterns {
            let id = &p.id;
            if !is_numbered(id, "XLP-") {
                problems.push(format!("patterns: `{id}` is not of the form XLP-<n>"));
            }
            if p.layers.len() < 2 {
                problems.push(format!("patterns: `{id}` spans fewer than two layers"));
            }
            if p.steps.is_empty() {
                problems.push(format!("patterns: `{id}` has no steps"));
            }
            for threat in p.threat_refs() {
                if !known(threat) {
                    problems.push(format!(
                        "patterns: `{id}` references unknown threat `{threat}`"
                    ));
                }
            }
            let in_pattern = |l: &Layer| *l == Layer::CrossLayer || p.layers.contains(l);
            let points = [
                ("entry", &p.entry),
                ("pivot", &p.pivot),
                ("impact", &p.impact),
            ];
            for (what, point) in points {
                if point.layers.is_empty() {
                    problems.push(format!("patterns: `{id}` {what} has no layer"));
                }
                if let Some(l) = point.layers.iter().find(|l| !in_pattern(l)) {
                    problems.push(format!(
                        "patterns: `{id}` {what} is at {l}, outside the pattern's layers"
                    ));
                }
            }
            for (n, step) in p.steps.iter().enumerate() {
                if !in_pattern(&step.layer) {
                    problems.push(format!(
                        "patterns: `{id}` step {} is at {}, outside the pattern's layers",
                        n + 1,
                        step.layer
                    ));
                }
            }
        }
        for item in &self.checklist {
            if !is_numbered(&item.id, "XLC-") {
                problems.push(format!(
                    "patterns: checklist item `{}` is not of the form XLC-<n>",
                    item.id
                ));
            }
            for threat in &item.threats {
                if !known(threat) {
                    problems.push(format!(
                        "patterns: checklist item `{}` references unknown threat `{threat}`",
                        item.id
                    ));
                }
            }
        }
    }

    fn filtered(&self, layer: Option<Layer>) -> Vec<&PatternEntry> {
        match layer {
            Some(layer) => self.for_layer(layer),
            None => self.patterns.iter().collect(),
        }
    }
}

/// `prefix` followed by a positive decimal number without leading zero.
fn is_numbered(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|n| {
        !n.is_empty() && !n.starts_with('0') && n.chars().all(|c| c.is_ascii_digit())
    })
}

impl Listing for Patterns {
    fn rows(&self, layer: Option<Layer>) -> Vec<ListRow> {
        self.filtered(layer)
            .into_iter()
            .map(|p| ListRow {
                id: p.id.clone(),
                name: p.name.clone(),
                layers: p.layers.clone(),
                detail: format!("threats {}", p.threat_refs().join(", ")),
            })
            .collect()
    }

    fn to_json(&self, layer: Option<Layer>) -> serde_json::Value {
        serde_json::json!({
            "patterns": self.filtered(layer),
            "checklist": self.checklist,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use Layer::*;

    #[test]
    fn seven_patterns_and_eighteen_checklist_items() {
        let c = Catalog::embedded();
        let ids: Vec<_> = c.patterns.patterns.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "XLP-1", "XLP-2", "XLP-3", "XLP-4", "XLP-5", "XLP-6", "XLP-7"
            ]
        );
        assert_eq!(c.patterns.checklist.len(), 18);
    }

    #[test]
    fn spot_facts() {
        let c = Catalog::embedded();
        let p = &c.patterns;
        let layers = |id: &str| p.get(id).unwrap().layers.clone();
        assert_eq!(layers("XLP-1"), [L1, L2, L3]);
        assert_eq!(layers("XLP-2"), [L3, L4, L6]);
        assert_eq!(layers("XLP-3"), [L2, L3, L7]);
        assert_eq!(layers("XLP-4"), [L3, L5, L6]);
        assert_eq!(layers("XLP-5"), Layer::SEVEN);
        assert_eq!(layers("XLP-6"), [L3, L6, L7]);
        assert_eq!(layers("XLP-7"), [L5, L7]);

        let p1 = p.get("XLP-1").unwrap();
        assert_eq!(p1.name, "Hallucination -> RAG -> Tool Misuse");
        assert_eq!(p1.entry.layers, [L1]);
        assert_eq!(p1.impact.layers, [L3]);
        let chain: Vec<_> = p1.steps.iter().map(|s| s.threat.as_deref()).collect();
        assert_eq!(chain, [Some("T5"), Some("T1"), Some("T2")]);
        assert_eq!(
            p1.factors,
            [AgenticFactor::NonDeterminism, AgenticFactor::Autonomy]
        );
        assert!(p1.single_agent && p1.example.is_some());

        let p7 = p.get("XLP-7").unwrap();
        assert_eq!(p7.name, "HITL Overwhelm + Trust Manipulation");
        assert!(
            p7.aliases
                .iter()
                .any(|a| a == "HITL Overwhelm + Automation Bias")
        );
        let single: Vec<_> = p
            .patterns
            .iter()
            .filter(|p| p.single_agent)
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(single, ["XLP-1", "XLP-2", "XLP-6", "XLP-7"]);

        let first = p.checklist_item("XLC-1").unwrap();
        assert_eq!(first.text, "Cascading Trust Failures");
        assert_eq!(first.threats, ["T13"]);
        let last = p.checklist_item("XLC-18").unwrap();
        assert_eq!(last.text, "RCE/Code execution chains across layers");
        assert_eq!(last.threats, ["T11"]);

        assert!(p.involving("T10").iter().any(|p| p.id == "XLP-7"));
        assert_eq!(p.for_layer(L5).len(), 3); // XLP-4, XLP-5, XLP-7
        assert_eq!(p.rows(Some(L1)).len(), 2); // XLP-1, XLP-5
    }

    #[test]
    fn every_checklist_threat_resolves() {
        let c = Catalog::embedded();
        let expected = [
            vec!["T13"],
            vec!["T1", "T7"],
            vec!["T4"],
            vec!["T6", "T7"],
            vec!["T12", "T3"],
            vec!["T8", "T10"],
            vec!["T1"],
            vec!["T2"],
            vec!["T3", "T14"],
            vec!["T4"],
            vec!["T5"],
            vec!["T12"],
            vec!["T6"],
            vec!["T1", "T7"],
            vec!["T9"],
            vec!["T6", "T7"],
            vec!["T3", "T14"],
            vec!["T11"],
        ];
        for (item, want) in c.patterns.checklist.iter().zip(expected) {
            assert_eq!(item.threats, want, "{}", item.id);
        }
    }

    #[test]
    fn check_catches_broken_references() {
        let base = Catalog::embedded();

        let mut c = base.clone();
        c.patterns.patterns[0].steps[0].threat = Some("T99".into());
        assert!(
            c.integrity_problems()
                .iter()
                .any(|p| p.contains("`XLP-1` references unknown threat `T99`"))
        );

        let mut c = base.clone();
        c.patterns.checklist[2].threats.push("EXT-T26".into());
        assert!(c.integrity_problems().iter().any(|p| p.contains("EXT-T26")));

        let mut c = base.clone();
        let dup = c.patterns.patterns[1].clone();
        c.patterns.patterns.push(dup);
        assert!(
            c.integrity_problems()
                .iter()
                .any(|p| p.contains("duplicate id `XLP-2`"))
        );

        let mut c = base.clone();
        c.patterns.patterns[6].layers = vec![L5];
        let problems = c.integrity_problems();
        assert!(problems.iter().any(|p| p.contains("fewer than two layers")));
        assert!(
            problems
                .iter()
                .any(|p| p.contains("outside the pattern's layers"))
        );

        // Removing a threat the patterns rely on breaks the patterns' check.
        let mut c = base;
        c.threats.threats.retain(|t| t.id != "T5");
        assert!(c.integrity_problems().iter().any(|p| p.contains("`T5`")));
    }
}
