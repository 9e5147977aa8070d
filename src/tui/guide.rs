//! What the shell shows about the method: phase guidance and the pre-engagement
//! questions. Read from the catalog where its sections carry data; until then (and
//! for any phase the catalog lacks) a short built-in summary of the playbook keeps
//! the shell usable instead of panicking.

use crate::catalog::Catalog;
use crate::vocab::Depth;

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

/// Guidance of a phase (1–10); never panics for other numbers.
pub fn phase(_catalog: &Catalog, number: u8) -> PhaseGuide {
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
pub fn short_name(number: u8) -> &'static str {
    const SHORT: [&str; 10] = [
        "Business Context",
        "Architecture",
        "Threat Actors",
        "Trust Boundaries",
        "Asset Flows",
        "Threats",
        "Mitigations",
        "Code Validation",
        "Residual Risk",
        "Output",
    ];
    SHORT
        .get(usize::from(number.max(1)) - 1)
        .copied()
        .unwrap_or("?")
}

/// Phase 6 works layer by layer (L1–L7, then the cross-layer dimension).
pub fn is_per_layer(number: u8) -> bool {
    number == 6
}

/// Whether a phase is part of the work at a depth (Lightweight skips phases 3–5).
pub fn in_depth(depth: Option<Depth>, number: u8) -> bool {
    !matches!(depth, Some(Depth::Lightweight) if (3..=5).contains(&number))
}

/// One yes/no question of the pre-engagement decision tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub text: String,
}

/// The five questions of the pre-engagement decision tree.
pub fn engagement_questions(_catalog: &Catalog) -> Vec<Question> {
    [
        "Is the system business-critical or safety-related?",
        "Does it process Confidential or Restricted data?",
        "Is it externally facing (public users, partner APIs)?",
        "Does it operate with full autonomy (no human in the loop)?",
        "Is this a multi-agent system?",
    ]
    .iter()
    .enumerate()
    .map(|(i, text)| Question {
        id: format!("q{}", i + 1),
        text: (*text).to_string(),
    })
    .collect()
}

/// The decision tree: yes to 1 or 2 → Full; yes to 3, 4 or 5 → Standard; else Lightweight.
pub fn decide(_catalog: &Catalog, answers: &[bool]) -> Depth {
    let yes = |i: usize| answers.get(i).copied().unwrap_or(false);
    if yes(0) || yes(1) {
        Depth::Full
    } else if yes(2) || yes(3) || yes(4) {
        Depth::Standard
    } else {
        Depth::Lightweight
    }
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
    fn decision_tree() {
        let c = Catalog::embedded();
        assert_eq!(decide(&c, &[false, true, false, false, false]), Depth::Full);
        assert_eq!(
            decide(&c, &[false, false, false, false, true]),
            Depth::Standard
        );
        assert_eq!(decide(&c, &[false; 5]), Depth::Lightweight);
        assert!(!in_depth(Some(Depth::Lightweight), 4));
        assert!(in_depth(Some(Depth::Standard), 4));
    }
}
