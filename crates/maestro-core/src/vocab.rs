//! The fixed vocabulary of the MAESTRO method: layers, scales and categories.
//!
//! These are the words the playbook defines once and every record reuses. They
//! serialize as the playbook spells them ("Very Likely", "Partially Implemented"),
//! so a session file reads like the templates it implements.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares a closed enum whose TOML/JSON spelling is the playbook's wording.
macro_rules! vocab_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in the playbook's order (lowest to highest where ordered).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The playbook's spelling of this value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the playbook's spelling, ignoring case, spaces, dashes and underscores.
            pub fn parse(text: &str) -> Option<Self> {
                let wanted = normalize(text);
                Self::ALL.iter().copied().find(|v| normalize(v.as_str()) == wanted)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}

fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '/' | '&'))
        .flat_map(char::to_lowercase)
        .collect()
}

vocab_enum! {
    /// The seven MAESTRO layers plus the cross-layer dimension.
    Layer {
        L1 => "L1", L2 => "L2", L3 => "L3", L4 => "L4", L5 => "L5", L6 => "L6", L7 => "L7",
        CrossLayer => "CL",
    }
}

impl Layer {
    /// The seven architectural layers, without the cross-layer dimension.
    pub const SEVEN: &'static [Layer] = &[
        Layer::L1,
        Layer::L2,
        Layer::L3,
        Layer::L4,
        Layer::L5,
        Layer::L6,
        Layer::L7,
    ];

    /// Human name, as the catalog's layers section spells it (a test keeps them equal).
    pub fn name(self) -> &'static str {
        match self {
            Layer::L1 => "Foundation Model",
            Layer::L2 => "Data Operations",
            Layer::L3 => "Agent Frameworks",
            Layer::L4 => "Deployment Infrastructure",
            Layer::L5 => "Evaluation and Observability",
            Layer::L6 => "Security and Compliance",
            Layer::L7 => "Agent Ecosystem",
            Layer::CrossLayer => "Cross-Layer",
        }
    }
}

vocab_enum! {
    /// Potential impact of a threat if exploited (risk-scoring guide).
    Severity { Low => "Low", Medium => "Medium", High => "High", Critical => "Critical" }
}

vocab_enum! {
    /// Probability of exploitation given current controls (risk-scoring guide).
    Likelihood {
        Unlikely => "Unlikely", Possible => "Possible", Likely => "Likely", VeryLikely => "Very Likely",
    }
}

vocab_enum! {
    /// Result of the severity × likelihood matrix.
    RiskLevel { Low => "Low", Medium => "Medium", High => "High", Critical => "Critical" }
}

impl RiskLevel {
    /// One letter that carries the level without colour.
    pub fn letter(self) -> char {
        match self {
            RiskLevel::Low => 'L',
            RiskLevel::Medium => 'M',
            RiskLevel::High => 'H',
            RiskLevel::Critical => 'C',
        }
    }
}

vocab_enum! {
    /// How the attacker reaches the component; broader vectors rank first.
    AttackVector { Physical => "Physical", Local => "Local", Adjacent => "Adjacent", Network => "Network" }
}

vocab_enum! {
    /// Conditions beyond the attacker's control; Low complexity ranks first.
    AttackComplexity { Low => "Low", High => "High" }
}

vocab_enum! {
    /// STRIDE categories.
    Stride {
        Spoofing => "Spoofing",
        Tampering => "Tampering",
        Repudiation => "Repudiation",
        InformationDisclosure => "Information Disclosure",
        DenialOfService => "Denial of Service",
        ElevationOfPrivilege => "Elevation of Privilege",
    }
}

impl Stride {
    pub fn letter(self) -> char {
        match self {
            Stride::Spoofing => 'S',
            Stride::Tampering => 'T',
            Stride::Repudiation => 'R',
            Stride::InformationDisclosure => 'I',
            Stride::DenialOfService => 'D',
            Stride::ElevationOfPrivilege => 'E',
        }
    }
}

vocab_enum! {
    /// The four agentic risk factors checked at every layer.
    AgenticFactor {
        NonDeterminism => "Non-Determinism",
        Autonomy => "Autonomy",
        IdentityManagement => "Identity Management",
        AgentToAgent => "Agent-to-Agent Communication",
    }
}

vocab_enum! {
    /// Control categories of the mitigation catalog.
    MitigationType {
        Preventive => "Preventive", Detective => "Detective", Corrective => "Corrective", Deterrent => "Deterrent",
    }
}

vocab_enum! {
    /// Implementation status used by the effective-risk formula (0, 0.5, 1).
    ImplementationStatus {
        NotImplemented => "Not Implemented",
        PartiallyImplemented => "Partially Implemented",
        Implemented => "Implemented",
    }
}

vocab_enum! {
    /// Relative cost of a mitigation.
    Cost { Low => "Low", Medium => "Medium", High => "High" }
}

vocab_enum! {
    /// How much a mitigation reduces risk.
    Effectiveness { Low => "Low", Medium => "Medium", High => "High" }
}

vocab_enum! {
    /// Progress of one phase of the process.
    PhaseStatus { NotStarted => "Not Started", InProgress => "In Progress", Complete => "Complete" }
}

vocab_enum! {
    /// Engagement depth chosen by the pre-engagement decision tree.
    Depth { Lightweight => "Lightweight", Standard => "Standard", Full => "Full" }
}

vocab_enum! {
    /// Data classification levels.
    Classification {
        Public => "Public", Internal => "Internal", Confidential => "Confidential", Restricted => "Restricted",
    }
}

vocab_enum! {
    /// Generic four-step level used for criticality, priority and remediation priority.
    Level { Low => "Low", Medium => "Medium", High => "High", Critical => "Critical" }
}

vocab_enum! {
    /// What a component of the system under review is; drives threat suggestions.
    ComponentKind {
        Model => "model",
        Agent => "agent",
        Orchestrator => "orchestrator",
        Tool => "tool",
        McpServer => "mcp-server",
        DataStore => "data-store",
        VectorStore => "vector-store",
        Memory => "memory",
        HumanRole => "human-role",
        ExternalService => "external-service",
        Infrastructure => "infrastructure",
        Observability => "observability",
        SecurityControl => "security-control",
    }
}

vocab_enum! {
    /// Workflow state of a planned mitigation (phase 7, step 2).
    MitigationStatus {
        Identified => "Identified",
        InProgress => "In Progress",
        Implemented => "Implemented",
        WillNotAction => "Will Not Action",
    }
}

vocab_enum! {
    /// Whether an implemented control covers the whole threat or only part of it.
    Coverage { Full => "Full", Partial => "Partial" }
}

vocab_enum! {
    /// What the analyst decided about a catalog threat or checklist item on a layer.
    ReviewState { Unreviewed => "Unreviewed", Applicable => "Applicable", NotApplicable => "Not Applicable" }
}

vocab_enum! {
    /// Phase 9 disposition of a residual risk.
    Disposition { Mitigated => "Mitigated", Accepted => "Accepted", Transferred => "Transferred", Deferred => "Deferred" }
}

vocab_enum! {
    /// Source-code access, the phase 8 applicability gate.
    SourceAccess { Full => "Full", Partial => "Partial", None => "None" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_loose_spellings() {
        assert_eq!(
            Likelihood::parse("very likely"),
            Some(Likelihood::VeryLikely)
        );
        assert_eq!(
            Likelihood::parse("VERY_LIKELY"),
            Some(Likelihood::VeryLikely)
        );
        assert_eq!(Layer::parse("cl"), Some(Layer::CrossLayer));
        assert_eq!(
            Stride::parse("denial-of-service"),
            Some(Stride::DenialOfService)
        );
        assert_eq!(Severity::parse("catastrophic"), None);
    }

    #[test]
    fn serializes_with_playbook_spelling() {
        #[derive(Serialize, Deserialize, PartialEq, Debug)]
        struct Probe {
            l: Likelihood,
            s: ImplementationStatus,
        }
        let text = toml::to_string(&Probe {
            l: Likelihood::VeryLikely,
            s: ImplementationStatus::PartiallyImplemented,
        })
        .unwrap();
        assert_eq!(text, "l = \"Very Likely\"\ns = \"Partially Implemented\"\n");
        assert_eq!(
            toml::from_str::<Probe>(&text).unwrap(),
            Probe {
                l: Likelihood::VeryLikely,
                s: ImplementationStatus::PartiallyImplemented
            }
        );
    }

    #[test]
    fn order_follows_scale() {
        assert!(Severity::Critical > Severity::High);
        assert!(AttackVector::Network > AttackVector::Physical);
    }
}
