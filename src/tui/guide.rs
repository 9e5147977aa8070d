//! What the shell shows about the method: phase guidance and the pre-engagement
//! questions. Read from the catalog where its sections carry data; until then (and
//! for any phase the catalog lacks) a short built-in summary of the playbook keeps
//! the shell usable instead of panicking.

use crate::catalog::Catalog;
use crate::vocab::Depth;
use std::collections::BTreeMap;

/// The guidance of one phase, as shown in the main pane.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseGuide {
    pub number: u8,
    pub name: String,
    pub objective: String,
    pub steps: Vec<String>,
    pub criteria: Vec<String>,
    pub agentic: Vec<String>,
}

/// Phase names and objectives from `playbook/06-modeling-process.md`.
const FALLBACK: [(&str, &str); 10] = [
    (
        "Business Context",
        "Understand what the system does for the organization, its data, users and risk appetite.",
    ),
    (
        "Architecture Analysis",
        "Map every component of the system to the seven MAESTRO layers and trace its data flows.",
    ),
    (
        "Threat Actor Analysis",
        "Identify who would attack the system, with what capability and motivation.",
    ),
    (
        "Trust Boundary Analysis",
        "Find the trust zones and every crossing between them, with their controls.",
    ),
    (
        "Asset Flow Analysis",
        "Follow each valuable asset through its lifecycle and find where it is exposed.",
    ),
    (
        "Threat Identification",
        "Walk each layer and the cross-layer dimension to find threats, then chain them.",
    ),
    (
        "Mitigation Planning",
        "Choose controls for each threat and plan their implementation.",
    ),
    (
        "Code Validation Analysis",
        "Check in the source that planned mitigations are really implemented.",
    ),
    (
        "Residual Risk Analysis",
        "Score what risk remains after mitigations and decide how to treat it.",
    ),
    (
        "Output Generation",
        "Produce the threat model document, the roadmap and the sign-offs.",
    ),
];

/// Guidance of a phase (1–10) from the catalog; never panics for other numbers.
pub fn phase(catalog: &Catalog, number: u8) -> PhaseGuide {
    if let Some(info) = catalog.phases.get(number) {
        return PhaseGuide {
            number,
            name: info.name.clone(),
            objective: info.objective.clone(),
            steps: info
                .steps
                .iter()
                .map(|s| format!("{}: {}", s.title, s.detail))
                .collect(),
            criteria: info.criteria.iter().map(|c| c.text.clone()).collect(),
            agentic: info
                .agentic
                .iter()
                .map(|a| format!("{}: {}", a.factor, a.text))
                .collect(),
        };
    }
    let (name, objective) = FALLBACK
        .get(usize::from(number.max(1)) - 1)
        .copied()
        .unwrap_or(("Unknown phase", ""));
    PhaseGuide {
        number,
        name: name.to_string(),
        objective: objective.to_string(),
        steps: Vec::new(),
        criteria: Vec::new(),
        agentic: Vec::new(),
    }
}

/// Short phase name for the rail.
pub fn short_name(catalog: &Catalog, number: u8) -> String {
    if let Some(info) = catalog.phases.get(number) {
        return info.short_name.clone();
    }
    FALLBACK
        .get(usize::from(number.max(1)) - 1)
        .map_or_else(|| "?".to_string(), |(name, _)| (*name).to_string())
}

/// Phase 6 works layer by layer (L1–L7, then the cross-layer dimension).
pub fn is_per_layer(number: u8) -> bool {
    number == 6
}

/// Whether a phase is part of the work at a depth (all phases when none is chosen).
pub fn in_depth(catalog: &Catalog, depth: Option<Depth>, number: u8) -> bool {
    depth
        .and_then(|d| catalog.engagement.depth(d))
        .is_none_or(|info| info.phases.contains(&number))
}

/// One question of the pre-engagement decision tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub text: String,
    /// (answer id, label) pairs.
    pub answers: Vec<(String, String)>,
}

/// The questions of the pre-engagement decision tree, in order.
pub fn engagement_questions(catalog: &Catalog) -> Vec<Question> {
    catalog
        .engagement
        .questions
        .iter()
        .map(|q| Question {
            id: q.id.clone(),
            text: q.text.clone(),
            answers: q
                .answers
                .iter()
                .map(|a| (a.id.clone(), a.label.clone()))
                .collect(),
        })
        .collect()
}

/// The depth the decision tree gives for these answers (None while undecided).
pub fn decide(catalog: &Catalog, answers: &BTreeMap<String, String>) -> Option<Depth> {
    catalog.engagement.decide(answers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phase_has_a_name_and_out_of_range_does_not_panic() {
        let c = Catalog::embedded();
        for n in 1..=10 {
            assert!(!phase(&c, n).name.is_empty());
        }
        assert_eq!(phase(&c, 0).number, 0);
        assert_eq!(phase(&c, 42).name, "Unknown phase");
    }

    #[test]
    fn decision_tree_and_depth_from_the_catalog() {
        let c = Catalog::embedded();
        let questions = engagement_questions(&c);
        assert_eq!(questions.len(), 5);
        let mut answers = BTreeMap::new();
        assert_eq!(decide(&c, &answers), None);
        answers.insert(questions[0].id.clone(), "yes".to_string());
        assert_eq!(decide(&c, &answers), Some(Depth::Full));
        assert!(!in_depth(&c, Some(Depth::Lightweight), 4));
        assert!(in_depth(&c, Some(Depth::Full), 4));
        assert!(in_depth(&c, None, 4));
        assert_eq!(short_name(&c, 1), "Business Context");
    }
}
