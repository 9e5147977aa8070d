//! Catalog section `factors.toml`: the four agentic risk factors and the layer × factor
//! prompts (playbook 05-agentic-risk-factors.md).

use super::{Catalog, ListRow, Listing, check_unique};
use crate::vocab::{AgenticFactor, Layer};
use serde::{Deserialize, Serialize};

/// The factors section.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Factors {
    /// The four factors, in the playbook's order.
    pub factors: Vec<FactorInfo>,
    /// One prompt per layer × factor cell.
    #[serde(default)]
    pub prompts: Vec<LayerFactorPrompt>,
}

/// One agentic risk factor.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FactorInfo {
    pub id: AgenticFactor,
    /// The playbook's number, 1..=4.
    pub number: u8,
    /// The playbook's heading, e.g. "Agent Identity Management".
    pub name: String,
    pub description: String,
    /// Why the factor makes threats worse.
    #[serde(default)]
    pub why_it_matters: Vec<String>,
    /// Questions to ask at every layer.
    #[serde(default)]
    pub questions: Vec<String>,
    /// Threat IDs the factor typically amplifies ("T3", "EXT-T16", "BV-7").
    #[serde(default)]
    pub typical_threats: Vec<String>,
    /// How the factor applies to a single-agent system.
    pub single_agent: SingleAgentApplicability,
}

/// Applicability of a factor to a single-agent system (single-agent guide).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SingleAgentApplicability {
    /// "Full" or "Reduced".
    pub applicability: String,
    pub note: String,
}

/// How one factor shows up at one layer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LayerFactorPrompt {
    /// `<layer>-<factor slug>`, e.g. "L3-autonomy".
    pub id: String,
    pub layer: Layer,
    pub factor: AgenticFactor,
    pub prompt: String,
}

impl Factors {
    /// The entry for factor `f`.
    pub fn get(&self, f: AgenticFactor) -> Option<&FactorInfo> {
        self.factors.iter().find(|x| x.id == f)
    }

    /// The prompt for one layer × factor cell.
    pub fn prompt(&self, layer: Layer, f: AgenticFactor) -> Option<&str> {
        self.prompts
            .iter()
            .find(|p| p.layer == layer && p.factor == f)
            .map(|p| p.prompt.as_str())
    }

    /// Adds uniqueness and cross-reference problems of this section to `problems`.
    pub fn check(&self, _catalog: &Catalog, problems: &mut Vec<String>) {
        check_unique(
            "factors",
            self.factors.iter().map(|f| f.id.as_str()),
            problems,
        );
        check_unique(
            "factors prompts",
            self.prompts.iter().map(|p| p.id.as_str()),
            problems,
        );
        for f in AgenticFactor::ALL {
            if self.get(*f).is_none() {
                problems.push(format!("factors: no entry for factor `{f}`"));
            }
        }
        for f in &self.factors {
            if !matches!(f.single_agent.applicability.as_str(), "Full" | "Reduced") {
                problems.push(format!(
                    "factors: `{}` single-agent applicability must be Full or Reduced, found `{}`",
                    f.id, f.single_agent.applicability
                ));
            }
        }
        for layer in Layer::ALL {
            for f in AgenticFactor::ALL {
                let n = self
                    .prompts
                    .iter()
                    .filter(|p| p.layer == *layer && p.factor == *f)
                    .count();
                if n != 1 {
                    problems.push(format!(
                        "factors: layer {layer} × `{f}` has {n} prompts, expected exactly 1"
                    ));
                }
            }
        }
    }
}

impl Listing for Factors {
    fn rows(&self, layer: Option<Layer>) -> Vec<ListRow> {
        let factors = self.factors.iter().map(|f| ListRow {
            id: f.id.as_str().to_string(),
            name: f.name.clone(),
            layers: Vec::new(),
            detail: format!(
                "factor {}; threats {}",
                f.number,
                f.typical_threats.join(", ")
            ),
        });
        let prompts = self
            .prompts
            .iter()
            .filter(|p| layer.is_none_or(|l| p.layer == l))
            .map(|p| ListRow {
                id: p.id.clone(),
                name: format!("{} at {}", p.factor, p.layer),
                layers: vec![p.layer],
                detail: p.prompt.clone(),
            });
        factors.chain(prompts).collect()
    }

    fn to_json(&self, layer: Option<Layer>) -> serde_json::Value {
        let prompts: Vec<&LayerFactorPrompt> = self
            .prompts
            .iter()
            .filter(|p| layer.is_none_or(|l| p.layer == l))
            .collect();
        serde_json::json!({ "factors": self.factors, "prompts": prompts })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_factors_and_full_matrix() {
        let factors = Catalog::embedded().factors;
        let ids: Vec<AgenticFactor> = factors.factors.iter().map(|f| f.id).collect();
        assert_eq!(ids, AgenticFactor::ALL);
        let numbers: Vec<u8> = factors.factors.iter().map(|f| f.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        assert_eq!(factors.prompts.len(), 8 * 4);
        for layer in Layer::ALL {
            for f in AgenticFactor::ALL {
                assert!(factors.prompt(*layer, *f).is_some(), "{layer} × {f}");
            }
        }
    }

    #[test]
    fn spot_facts() {
        let factors = Catalog::embedded().factors;
        let identity = factors.get(AgenticFactor::IdentityManagement).unwrap();
        assert_eq!(identity.name, "Agent Identity Management");
        for t in ["T3", "T9", "T14"] {
            assert!(identity.typical_threats.iter().any(|x| x == t), "{t}");
        }
        let a2a = factors.get(AgenticFactor::AgentToAgent).unwrap();
        assert_eq!(a2a.single_agent.applicability, "Reduced");
        assert!(a2a.typical_threats.iter().any(|x| x == "T12"));
        assert_eq!(
            factors
                .factors
                .iter()
                .filter(|f| f.single_agent.applicability == "Full")
                .count(),
            3
        );
        let p = factors
            .prompts
            .iter()
            .find(|p| p.id == "L6-identity")
            .unwrap();
        assert_eq!(
            (p.layer, p.factor),
            (Layer::L6, AgenticFactor::IdentityManagement)
        );
        assert!(p.prompt.contains("confused-deputy"));
    }

    #[test]
    fn check_reports_duplicates_and_gaps() {
        let base = Catalog::embedded();

        let mut catalog = base.clone();
        let dup = catalog.factors.prompts[0].clone();
        catalog.factors.prompts.push(dup);
        let problems = catalog.integrity_problems();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("duplicate id `L1-non-determinism`"))
        );
        assert!(problems.iter().any(|p| p.contains("has 2 prompts")));

        let mut catalog = base.clone();
        catalog.factors.prompts.retain(|p| p.id != "L5-a2a");
        let problems = catalog.integrity_problems();
        assert!(
            problems.iter().any(|p| p.contains("has 0 prompts")),
            "{problems:?}"
        );

        let mut catalog = base;
        catalog.factors.factors.pop();
        let problems = catalog.integrity_problems();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("no entry for factor `Agent-to-Agent Communication`"))
        );
    }

    #[test]
    fn listing_filters_prompts_by_layer() {
        let factors = Catalog::embedded().factors;
        assert_eq!(factors.rows(None).len(), 4 + 32);
        let rows = factors.rows(Some(Layer::L3));
        assert_eq!(rows.len(), 4 + 4);
        assert!(rows[4..].iter().all(|r| r.layers == [Layer::L3]));
        let json = factors.to_json(Some(Layer::CrossLayer));
        assert_eq!(json["prompts"].as_array().unwrap().len(), 4);
        assert_eq!(json["factors"].as_array().unwrap().len(), 4);
    }
}
