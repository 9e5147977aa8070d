//! Small sessions built in code for the analysis tests.

use crate::session::*;
use crate::vocab::*;

pub fn component(id: &str, kind: ComponentKind, layers: &[Layer]) -> Component {
    Component {
        otm: Default::default(),
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
        otm: Default::default(),
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
        attestation: String::new(),
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

/// One edit of a mitigation's fields the rules read (proptests of the incremental
/// updates after a mitigation edit).
#[derive(Debug, Clone)]
pub enum MitigationEdit {
    Status(MitigationStatus),
    Implementation(ImplementationStatus),
    Coverage(Coverage),
    Kind(MitigationType),
    Cost(Option<Cost>),
    Effectiveness(Option<Effectiveness>),
    /// Also address the threat at this position (its id, or an unknown id when past
    /// the end).
    AddAddress(prop::sample::Index),
    /// Drop the first address.
    DropAddress,
    /// Address only the threat at this position.
    Readdress(prop::sample::Index),
    /// Take the id of the mitigation at this position.
    Id(prop::sample::Index),
}

use proptest::prelude::*;

pub fn mitigation_edit() -> impl Strategy<Value = MitigationEdit> {
    fn option_of<T: Copy + std::fmt::Debug + 'static>(
        all: &'static [T],
    ) -> impl Strategy<Value = Option<T>> {
        prop::option::of(prop::sample::select(all))
    }
    prop_oneof![
        prop::sample::select(MitigationStatus::ALL).prop_map(MitigationEdit::Status),
        prop::sample::select(ImplementationStatus::ALL).prop_map(MitigationEdit::Implementation),
        prop::sample::select(Coverage::ALL).prop_map(MitigationEdit::Coverage),
        prop::sample::select(MitigationType::ALL).prop_map(MitigationEdit::Kind),
        option_of(Cost::ALL).prop_map(MitigationEdit::Cost),
        option_of(Effectiveness::ALL).prop_map(MitigationEdit::Effectiveness),
        any::<prop::sample::Index>().prop_map(MitigationEdit::AddAddress),
        Just(MitigationEdit::DropAddress),
        any::<prop::sample::Index>().prop_map(MitigationEdit::Readdress),
        any::<prop::sample::Index>().prop_map(MitigationEdit::Id),
    ]
}

/// Applies `edit` to `s.mitigations[index]`.
pub fn apply_mitigation_edit(s: &mut Session, index: usize, edit: &MitigationEdit) {
    let threat_id = |s: &Session, at: &prop::sample::Index| {
        let i = at.index(s.threats.len() + 1);
        s.threats
            .get(i)
            .map_or_else(|| "T-UNKNOWN".to_string(), |t| t.id.clone())
    };
    fn m(s: &mut Session, index: usize) -> &mut Mitigation {
        &mut s.mitigations[index]
    }
    match edit {
        MitigationEdit::Status(v) => m(s, index).status = *v,
        MitigationEdit::Implementation(v) => m(s, index).implementation = *v,
        MitigationEdit::Coverage(v) => m(s, index).coverage = *v,
        MitigationEdit::Kind(v) => m(s, index).kind = *v,
        MitigationEdit::Cost(v) => m(s, index).cost = *v,
        MitigationEdit::Effectiveness(v) => m(s, index).effectiveness = *v,
        MitigationEdit::AddAddress(at) => {
            let id = threat_id(s, at);
            m(s, index).addresses.push(id);
        }
        MitigationEdit::DropAddress => {
            if !m(s, index).addresses.is_empty() {
                m(s, index).addresses.remove(0);
            }
        }
        MitigationEdit::Readdress(at) => {
            let id = threat_id(s, at);
            m(s, index).addresses = vec![id];
        }
        MitigationEdit::Id(at) => {
            let id = s.mitigations[at.index(s.mitigations.len())].id.clone();
            m(s, index).id = id;
        }
    }
}
