//! Synthetic sessions of any size, for benchmarks, load tests and fuzzing seeds.
//!
//! The same parameters and seed always give the same session. Every phase gets
//! plausible, consistent data drawn from the catalog, so the result validates.

use crate::catalog::Catalog;
use crate::session::*;
use crate::vocab::*;

/// Size and seed of a synthetic session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthParams {
    pub components: usize,
    pub threats: usize,
    pub seed: u64,
}

impl Default for SynthParams {
    fn default() -> Self {
        SynthParams {
            components: 50,
            threats: 100,
            seed: 42,
        }
    }
}

const NOUNS: &[&str] = &[
    "planner",
    "retriever",
    "router",
    "billing",
    "ledger",
    "inbox",
    "search",
    "memory",
    "gateway",
    "scheduler",
    "summarizer",
    "reviewer",
    "indexer",
    "notifier",
    "sandbox",
];
const VERBS: &[&str] = &[
    "forges",
    "poisons",
    "replays",
    "exfiltrates",
    "escalates through",
    "floods",
    "impersonates",
    "tampers with",
];

/// Generates a session of the requested size.
pub fn generate(params: SynthParams, catalog: &Catalog) -> Session {
    let mut rng = fastrand::Rng::with_seed(params.seed);
    let mut s = Session::new(
        format!(
            "Synthetic platform ({} components, {} threats)",
            params.components, params.threats
        ),
        &catalog.meta.version,
        "2026-01-15",
    );
    s.session.assessed = "2026-02-01".into();
    s.session.analysts = vec!["Synthetic Analyst".into()];
    s.session.scope = "All agents, tools and data stores of the synthetic platform.".into();
    s.engagement.depth = Some(Depth::Full);
    s.business = BusinessContext {
        application: "Synthetic agent platform".into(),
        domain: "Operations".into(),
        function: "Automates back-office work with cooperating agents.".into(),
        data_classification: Some(Classification::Confidential),
        regulations: vec!["GDPR".into()],
        criticality: Some(Level::High),
        user_base: "Both".into(),
        agent_type: "Multi-Agent".into(),
        autonomy: "Human-in-loop".into(),
        data_categories: vec!["PII".into(), "financial".into()],
        risk_appetite: "No customer data may leave the platform.".into(),
        risk_tolerance: Some(RiskLevel::Medium),
        stakeholders: vec![Stakeholder {
            name: "Ops lead".into(),
            role: "Owner".into(),
            raci: "A".into(),
        }],
    };
    s.architecture.multi_agent = true;
    s.architecture.uses_mcp = true;

    let zone_count = 4.max(params.components / 50);
    s.zones = (0..zone_count)
        .map(|i| TrustZone {
            id: format!("TZ{}", i + 1),
            name: format!("Zone {}", i + 1),
            trust_level: Some((i * 100 / zone_count) as u8),
            ..TrustZone::default()
        })
        .collect();

    s.components = (0..params.components)
        .map(|i| {
            let kind = ComponentKind::ALL[rng.usize(..ComponentKind::ALL.len())];
            let first = Layer::SEVEN[rng.usize(..7)];
            let mut layers = vec![first];
            if rng.bool() {
                let second = Layer::SEVEN[rng.usize(..7)];
                if second != first {
                    layers.push(second);
                }
            }
            Component {
                otm: Default::default(),
                id: format!("C{}", i + 1),
                name: format!("{} {}", NOUNS[rng.usize(..NOUNS.len())], i + 1),
                kind,
                layers,
                technology: "Python service".into(),
                description: format!("Synthetic {} number {}.", kind, i + 1),
                zone: format!("TZ{}", rng.usize(..zone_count) + 1),
            }
        })
        .collect();
    let component_id =
        |rng: &mut fastrand::Rng| format!("C{}", rng.usize(..params.components.max(1)) + 1);

    if params.components > 1 {
        s.flows = (0..params.components)
            .map(|i| DataFlow {
                bidirectional: Default::default(),
                otm: Default::default(),
                id: format!("DF{}", i + 1),
                from: component_id(&mut rng),
                to: component_id(&mut rng),
                data: "requests and results".into(),
                protocol: "HTTPS".into(),
                encrypted: Some(rng.bool()),
                authentication: "mTLS".into(),
                critical: i % 10 == 0,
            })
            .collect();
    }

    s.actors = catalog
        .taxonomy
        .actors
        .iter()
        .enumerate()
        .map(|(i, category)| ThreatActor {
            id: format!("TA{}", i + 1),
            category: category.id.clone(),
            name: category.name.clone(),
            capability: "High".into(),
            motivations: vec!["Financial".into()],
            target_layers: vec![Layer::SEVEN[i % 7]],
            relevance: "Relevant".into(),
            priority: Some(Level::High),
            ..ThreatActor::default()
        })
        .collect();

    s.boundaries = (0..zone_count - 1)
        .map(|i| TrustBoundary {
            id: format!("TB{}", i + 1),
            source_zone: format!("TZ{}", i + 1),
            destination_zone: format!("TZ{}", i + 2),
            protocol: "HTTPS".into(),
            authentication: "OAuth 2.0".into(),
            authorization: "RBAC".into(),
            strength: "Moderate".into(),
            controls: [("authentication".to_string(), "Yes".to_string())]
                .into_iter()
                .collect(),
            ..TrustBoundary::default()
        })
        .collect();

    s.assets = (0..(params.components / 10).max(usize::from(params.components > 0)))
        .map(|i| Asset {
            id: format!("AF{}", i + 1),
            name: format!("Dataset {}", i + 1),
            classification: Some(Classification::ALL[rng.usize(..4)]),
            lifecycle: vec![LifecycleStep {
                stage: "stored".into(),
                components: vec![component_id(&mut rng)],
                how: String::new(),
            }],
            zones: vec!["TZ1".into()],
            exposure_points: vec!["logs".into()],
            ..Asset::default()
        })
        .collect();

    let catalog_threats: Vec<_> = catalog.threats.threats.iter().collect();
    s.threats = (0..params.threats)
        .map(|i| {
            let base = catalog_threats[rng.usize(..catalog_threats.len())];
            let mut layers = base.primary_layers.clone();
            layers.truncate(2);
            Threat {
                id: format!("TH{}", i + 1),
                name: format!(
                    "{} {} {} {}",
                    base.name,
                    NOUNS[rng.usize(..NOUNS.len())],
                    VERBS[rng.usize(..VERBS.len())],
                    i + 1
                ),
                catalog: base.id.clone(),
                layers,
                stride: base.stride.clone(),
                description: format!(
                    "An attacker {} the {} to reach its data.",
                    VERBS[rng.usize(..VERBS.len())],
                    NOUNS[rng.usize(..NOUNS.len())]
                ),
                attack_vector: Some(AttackVector::ALL[rng.usize(..4)]),
                attack_complexity: Some(AttackComplexity::ALL[rng.usize(..2)]),
                severity: Some(Severity::ALL[rng.usize(..4)]),
                likelihood: Some(Likelihood::ALL[rng.usize(..4)]),
                factors: base.factors.clone(),
                components: if params.components == 0 {
                    Vec::new()
                } else {
                    (0..rng.usize(1..4))
                        .map(|_| component_id(&mut rng))
                        .collect()
                },
                actors: vec![format!("TA{}", rng.usize(..s.actors.len().max(1)) + 1)],
                prerequisites: "Network access to the public endpoint.".into(),
                impact: "Loss of confidentiality of customer records.".into(),
                ..Threat::default()
            }
        })
        .collect();
    let threat_id =
        |rng: &mut fastrand::Rng| format!("TH{}", rng.usize(..params.threats.max(1)) + 1);

    if params.threats > 0 {
        s.chains = (0..(params.threats / 50).max(1))
            .map(|i| ThreatChain {
                id: format!("CH{}", i + 1),
                name: format!("Chain {}", i + 1),
                pattern: catalog.patterns.patterns[i % catalog.patterns.patterns.len()]
                    .id
                    .clone(),
                steps: (0..3).map(|_| threat_id(&mut rng)).collect(),
                ..ThreatChain::default()
            })
            .collect();

        let catalog_mitigations: Vec<_> = catalog.mitigations.mitigations.iter().collect();
        s.mitigations = (0..(params.threats / 2).max(1))
            .map(|i| {
                let base = catalog_mitigations[rng.usize(..catalog_mitigations.len())];
                Mitigation {
                    otm: Default::default(),
                    id: format!("M{}", i + 1),
                    name: base.name.clone(),
                    catalog: base.id.clone(),
                    kind: base.kind,
                    description: base.description.clone(),
                    addresses: (0..rng.usize(1..4)).map(|_| threat_id(&mut rng)).collect(),
                    cost: Some(Cost::ALL[rng.usize(..3)]),
                    effectiveness: Some(Effectiveness::ALL[rng.usize(..3)]),
                    status: MitigationStatus::ALL[rng.usize(..4)],
                    implementation: ImplementationStatus::ALL[rng.usize(..3)],
                    coverage: Coverage::Full,
                    owner: "Platform team".into(),
                    attested: false,
                    attestation: String::new(),
                }
            })
            .collect();
        s.code_validation.access = Some(SourceAccess::Full);
        s.validations = s
            .mitigations
            .iter()
            .step_by(3)
            .enumerate()
            .map(|(i, m)| CodeValidation {
                id: format!("CV{}", i + 1),
                mitigation: m.id.clone(),
                implementation: Some(m.implementation),
                evidence: vec![Evidence {
                    file: "src/guard.py".into(),
                    line: Some(10 + i as u32),
                    note: String::new(),
                }],
                ..CodeValidation::default()
            })
            .collect();
        s.residual_risks = s
            .threats
            .iter()
            .enumerate()
            .map(|(i, t)| ResidualRisk {
                id: format!("RR{}", i + 1),
                threat: t.id.clone(),
                disposition: Some(Disposition::ALL[rng.usize(..4)]),
                owner: "Risk owner".into(),
                review_date: "2026-06-01".into(),
                ..ResidualRisk::default()
            })
            .collect();
        s.roadmap = s
            .mitigations
            .iter()
            .step_by(5)
            .enumerate()
            .map(|(i, m)| RemediationItem {
                id: format!("REM{}", i + 1),
                threats: m.addresses.clone(),
                mitigations: vec![m.id.clone()],
                description: format!("Roll out {}", m.name),
                horizon: ["Immediate", "Short-term", "Medium-term", "Long-term"][i % 4].into(),
                ..RemediationItem::default()
            })
            .collect();
    }
    s.triggers = vec![UpdateTrigger {
        id: "UT1".into(),
        event: "A new agent joins the platform.".into(),
        action: String::new(),
        occurred: String::new(),
    }];
    s.phases = (1..=10)
        .map(|phase| PhaseProgress {
            phase,
            status: if phase <= 6 {
                PhaseStatus::Complete
            } else {
                PhaseStatus::InProgress
            },
            checked: Vec::new(),
            notes: String::new(),
        })
        .collect();
    s.analysis.assessed_layers = Layer::ALL.to_vec();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_sessions_validate_and_are_deterministic() {
        let catalog = Catalog::embedded();
        let params = SynthParams {
            components: 40,
            threats: 300,
            seed: 7,
        };
        let a = generate(params, &catalog);
        let problems = validate::check(&a, &catalog);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(a.threats.len(), 300);
        assert_eq!(a, generate(params, &catalog));
        assert_ne!(a, generate(SynthParams { seed: 8, ..params }, &catalog));
    }

    #[test]
    fn tiny_sizes_do_not_panic() {
        let catalog = Catalog::embedded();
        for (components, threats) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
            let s = generate(
                SynthParams {
                    components,
                    threats,
                    seed: 1,
                },
                &catalog,
            );
            assert!(validate::check(&s, &catalog).is_empty());
        }
    }
}
