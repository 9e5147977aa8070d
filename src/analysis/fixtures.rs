//! Small sessions built in code for the analysis tests.

use crate::session::*;
use crate::vocab::*;

pub fn component(id: &str, kind: ComponentKind, layers: &[Layer]) -> Component {
    Component {
        id: id.into(),
        name: id.into(),
        kind,
        layers: layers.to_vec(),
        technology: String::new(),
        description: String::new(),
        zone: String::new(),
    }
}

pub fn threat(id: &str, catalog: &str, layers: &[Layer], s: Severity, l: Likelihood) -> Threat {
    Threat {
        id: id.into(),
        name: format!("{id} threat"),
        catalog: catalog.into(),
        layers: layers.to_vec(),
        severity: Some(s),
        likelihood: Some(l),
        ..Threat::default()
    }
}

pub fn mitigation(
    id: &str,
    kind: MitigationType,
    addresses: &[&str],
    implementation: ImplementationStatus,
) -> Mitigation {
    Mitigation {
        id: id.into(),
        name: id.into(),
        catalog: String::new(),
        kind,
        description: String::new(),
        addresses: addresses.iter().map(|s| s.to_string()).collect(),
        cost: None,
        effectiveness: None,
        status: if implementation == ImplementationStatus::Implemented {
            MitigationStatus::Implemented
        } else {
            MitigationStatus::Identified
        },
        implementation,
        coverage: Coverage::Full,
        owner: String::new(),
        attested: false,
    }
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// A multi-agent customer-support system with an MCP server and a memory store that
/// several agents share.
pub fn mas_with_mcp_and_memory() -> Session {
    use ComponentKind as K;
    use Layer::*;
    let mut s = Session::new("MAS with MCP", "test", "2025-01-15");
    s.business.agent_type = "Multi-Agent".into();
    s.architecture.multi_agent = true;
    s.architecture.uses_mcp = true;
    s.components = vec![
        component("llm", K::Model, &[L1]),
        component("memory", K::Memory, &[L2]),
        component("orchestrator", K::Orchestrator, &[L3]),
        component("agent-a", K::Agent, &[L3]),
        component("agent-b", K::Agent, &[L3]),
        component("mcp", K::McpServer, &[L3, L7]),
        component("cluster", K::Infrastructure, &[L4]),
        component("logs", K::Observability, &[L5]),
        component("iam", K::SecurityControl, &[L6]),
    ];
    s.flows = vec![DataFlow {
        id: "F-1".into(),
        from: "agent-a".into(),
        to: "memory".into(),
        ..DataFlow::default()
    }];
    s.actors = vec![ThreatActor {
        id: "TA-1".into(),
        name: "External attacker".into(),
        target_layers: vec![L2, L3],
        relevance: "Relevant".into(),
        ..ThreatActor::default()
    }];
    s.boundaries = vec![TrustBoundary {
        id: "TB-1".into(),
        source_zone: "Z-agents".into(),
        destination_zone: "Z-data".into(),
        flows: ids(&["F-1"]),
        ..TrustBoundary::default()
    }];
    s.assets = vec![Asset {
        id: "A-1".into(),
        name: "Conversation memory".into(),
        lifecycle: vec![LifecycleStep {
            stage: "stored".into(),
            components: ids(&["memory"]),
            how: String::new(),
        }],
        exposure_points: ids(&["shared-storage"]),
        ..Asset::default()
    }];
    s.threats = vec![threat(
        "TH-1",
        "T1",
        &[L2],
        Severity::Critical,
        Likelihood::Likely,
    )];
    s
}

/// A single coding assistant with a shell tool and a repository; nothing on L5.
pub fn single_agent() -> Session {
    use ComponentKind as K;
    use Layer::*;
    let mut s = Session::new("Single agent", "test", "2025-01-15");
    s.business.agent_type = "Single-Agent".into();
    s.components = vec![
        component("llm", K::Model, &[L1]),
        component("repo", K::DataStore, &[L2]),
        component("assistant", K::Agent, &[L3]),
        component("shell", K::Tool, &[L3]),
        component("host", K::Infrastructure, &[L4]),
        component("secrets", K::SecurityControl, &[L6]),
        component("api", K::ExternalService, &[L7]),
    ];
    s
}
