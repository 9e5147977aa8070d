//! From per-file findings to one discovery: components merged by kind and name, flows
//! inferred from how constructs refer to each other, facts summed up.
//!
//! Flows come from, in order of strength: references in a construct's arguments or
//! body to another construct's variable or function (`Agent(tools=[search])`), nesting
//! (`Agent(llm=ChatOpenAI())`, a model name inside an agent's call), functions passed
//! as tools, explicit edges (graph edges, compose `depends_on`), and last, co-location
//! (an agent and the one model of its file or tree; an orchestrator and the agents of
//! its file; the agents of a file that opens an MCP client and the MCP servers).

use super::scan::{FileFindings, Hit};
use super::{
    CheckHit, Discovery, Evidence, Facts, ProposedComponent, ProposedFlow, Signals, component_id,
    slug,
};
use crate::catalog::Catalog;
use crate::vocab::{ComponentKind, Layer};
use std::collections::{BTreeMap, BTreeSet};

/// Most evidence entries kept per proposal (the first ones by path and line).
const MAX_EVIDENCE: usize = 20;

pub fn assemble(
    catalog: &Catalog,
    _signals: &Signals,
    findings: Vec<(String, FileFindings)>,
) -> Discovery {
    let mut components: BTreeMap<String, ProposedComponent> = BTreeMap::new();
    // Component id of each hit, per file.
    let mut hit_ids: Vec<Vec<String>> = Vec::new();
    for (_, file) in &findings {
        let ids = file
            .hits
            .iter()
            .map(|hit| add_component(catalog, &mut components, hit))
            .collect();
        hit_ids.push(ids);
    }
    drop_fallbacks(&mut components, &findings, &mut hit_ids);
    let mut flows = Flows::default();
    let functions: BTreeMap<&str, (&str, u32)> = findings
        .iter()
        .flat_map(|(rel, f)| {
            f.functions
                .iter()
                .map(move |(n, l)| (n.as_str(), (rel.as_str(), *l)))
        })
        .collect();
    let mut global_handles: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for ((_, file), ids) in findings.iter().zip(&hit_ids) {
        for (hit, id) in file.hits.iter().zip(ids) {
            for h in &hit.handles {
                global_handles
                    .entry(h.as_str())
                    .or_default()
                    .insert(id.as_str());
            }
        }
    }
    let mut new_tools: Vec<(String, Evidence, String, Evidence)> = Vec::new();
    for ((rel, file), ids) in findings.iter().zip(&hit_ids) {
        let local: BTreeMap<&str, &str> = file
            .hits
            .iter()
            .zip(ids)
            .flat_map(|(hit, id)| hit.handles.iter().map(move |h| (h.as_str(), id.as_str())))
            .collect();
        let resolve = |name: &str| -> Option<&str> {
            name.split('.').find_map(|seg| {
                local.get(seg).copied().or_else(|| {
                    global_handles
                        .get(seg)
                        .filter(|ids| ids.len() == 1)
                        .and_then(|ids| ids.iter().next().copied())
                })
            })
        };
        for (hit, id) in file.hits.iter().zip(ids) {
            if let Some(owner) = hit.owner.as_deref().and_then(&resolve) {
                flows.add(&components, owner, id, 0.8, &hit.evidence);
            }
            for r in &hit.refs {
                if let Some(target) = resolve(r) {
                    flows.add(&components, id, target, 0.8, &hit.evidence);
                }
            }
            for r in &hit.tool_refs {
                if resolve(r).is_none()
                    && let Some((path, line)) = functions.get(r.as_str())
                {
                    let ev =
                        super::scan::evidence_at(path, *line, "tool-argument", &format!("def {r}"));
                    new_tools.push((id.clone(), hit.evidence.clone(), r.clone(), ev));
                }
            }
            // Nesting: the innermost named construct around this one uses it.
            if let Some(span) = hit.span
                && let Some((outer, _)) = file
                    .hits
                    .iter()
                    .zip(ids)
                    .filter(|(o, oid)| {
                        *oid != id
                            && o.span
                                .is_some_and(|s| s.0 < span.0 && span.1 <= s.1 && !is_string_hit(o))
                    })
                    .map(|(o, oid)| (oid, o.span.map_or(0, |s| s.1 - s.0)))
                    .min_by_key(|(_, width)| *width)
            {
                flows.add(&components, outer, id, 0.8, &hit.evidence);
            }
        }
        let _ = rel;
    }
    for (from, from_ev, tool, ev) in new_tools {
        let tool_id = component_id(ComponentKind::Tool, &tool);
        components
            .entry(tool_id.clone())
            .or_insert_with(|| ProposedComponent {
                id: tool_id.clone(),
                name: tool.clone(),
                kind: ComponentKind::Tool,
                layers: vec![Layer::L3],
                confidence: 0.75,
                technology: String::new(),
                zone: None,
                evidence: vec![ev],
            });
        flows.add(&components, &from, &tool_id, 0.75, &from_ev);
    }
    // Explicit edges between named components.
    for (_, file) in &findings {
        for edge in &file.edges {
            if let (Some(from), Some(to)) = (
                by_name(&components, &edge.from),
                by_name(&components, &edge.to),
            ) {
                flows.add(&components, &from, &to, 0.7, &edge.evidence);
            }
        }
    }
    co_location(&components, &findings, &hit_ids, &mut flows);
    let facts = facts(&components, &findings);
    let mut checks: Vec<CheckHit> = findings
        .iter()
        .flat_map(|(_, f)| f.checks.clone())
        .collect();
    checks.sort_by(|a, b| (&a.path, a.line, &a.check).cmp(&(&b.path, b.line, &b.check)));
    Discovery {
        components: components.into_values().collect(),
        flows: flows.into_list(),
        facts,
        checks,
        skipped: Vec::new(),
        files_scanned: 0,
    }
}

/// Components proposed only by fallback signals give way to another component of their
/// kind; references to them go to it when it is the only one.
fn drop_fallbacks(
    components: &mut BTreeMap<String, ProposedComponent>,
    findings: &[(String, FileFindings)],
    hit_ids: &mut [Vec<String>],
) {
    let mut only_fallback: BTreeMap<&str, bool> = BTreeMap::new();
    for ((_, file), ids) in findings.iter().zip(hit_ids.iter()) {
        for (hit, id) in file.hits.iter().zip(ids) {
            let entry = only_fallback.entry(id.as_str()).or_insert(true);
            *entry &= hit.proposes.fallback;
        }
    }
    let fallbacks: Vec<String> = only_fallback
        .iter()
        .filter(|(_, only)| **only)
        .map(|(id, _)| id.to_string())
        .collect();
    for id in fallbacks {
        let Some(kind) = components.get(&id).map(|c| c.kind) else {
            continue;
        };
        let others: Vec<String> = components
            .values()
            .filter(|c| c.kind == kind && c.id != id)
            .map(|c| c.id.clone())
            .collect();
        if others.is_empty() {
            continue;
        }
        components.remove(&id);
        let replacement = (others.len() == 1).then(|| others[0].clone());
        for ids in hit_ids.iter_mut() {
            for hit_id in ids.iter_mut().filter(|h| **h == id) {
                *hit_id = replacement.clone().unwrap_or_default();
            }
        }
    }
}

fn is_string_hit(hit: &Hit) -> bool {
    hit.evidence.signal.starts_with("str-")
}

fn add_component(
    catalog: &Catalog,
    components: &mut BTreeMap<String, ProposedComponent>,
    hit: &Hit,
) -> String {
    let kind = hit.proposes.kind.unwrap_or(ComponentKind::Infrastructure);
    let id = component_id(kind, &hit.name);
    let layers = if hit.proposes.layers.is_empty() {
        catalog
            .taxonomy
            .get_component_kind(kind)
            .map(|k| k.layers.clone())
            .unwrap_or_default()
    } else {
        hit.proposes.layers.clone()
    };
    let entry = components
        .entry(id.clone())
        .or_insert_with(|| ProposedComponent {
            id: id.clone(),
            name: hit.name.trim().to_string(),
            kind,
            layers: Vec::new(),
            confidence: 0.0,
            technology: String::new(),
            zone: None,
            evidence: Vec::new(),
        });
    for layer in layers {
        if !entry.layers.contains(&layer) {
            entry.layers.push(layer);
        }
    }
    entry.layers.sort();
    let confidence = f64::from(hit.proposes.confidence);
    entry.confidence = if entry.evidence.is_empty() {
        confidence
    } else {
        // More independent evidence makes a proposal surer, never certain.
        (entry.confidence.max(confidence) + 0.03).min(0.99)
    };
    entry.confidence = (entry.confidence * 100.0).round() / 100.0;
    if entry.technology.is_empty() {
        entry.technology = if hit.proposes.technology.is_empty() {
            hit.framework.clone()
        } else {
            hit.proposes.technology.clone()
        };
    }
    if entry.zone.is_none() {
        entry.zone = hit.proposes.zone;
    }
    if !entry.evidence.contains(&hit.evidence) && entry.evidence.len() < MAX_EVIDENCE {
        entry.evidence.push(hit.evidence.clone());
        entry.evidence.sort();
    }
    id
}

/// The component a name in an edge means (agents and orchestrators first).
fn by_name(components: &BTreeMap<String, ProposedComponent>, name: &str) -> Option<String> {
    let wanted = slug(name);
    if wanted.is_empty() {
        return None;
    }
    let mut found: Vec<&ProposedComponent> = components
        .values()
        .filter(|c| slug(&c.name) == wanted)
        .collect();
    found.sort_by_key(|c| !matches!(c.kind, ComponentKind::Agent | ComponentKind::Orchestrator));
    found.first().map(|c| c.id.clone())
}

fn co_location(
    components: &BTreeMap<String, ProposedComponent>,
    findings: &[(String, FileFindings)],
    hit_ids: &[Vec<String>],
    flows: &mut Flows,
) {
    let kind_of = |id: &str| components.get(id).map(|c| c.kind);
    let models: Vec<&ProposedComponent> = components
        .values()
        .filter(|c| c.kind == ComponentKind::Model)
        .collect();
    let agents: Vec<&ProposedComponent> = components
        .values()
        .filter(|c| c.kind == ComponentKind::Agent)
        .collect();
    for ((_, file), ids) in findings.iter().zip(hit_ids) {
        let here = |kind: ComponentKind| -> BTreeSet<&str> {
            ids.iter()
                .map(String::as_str)
                .filter(|id| kind_of(id) == Some(kind))
                .collect()
        };
        let (file_agents, file_models) = (here(ComponentKind::Agent), here(ComponentKind::Model));
        for agent in &file_agents {
            if flows.has_to_kind(agent, ComponentKind::Model, components) {
                continue;
            }
            let ev = first_evidence(file, ids, agent);
            if file_models.len() == 1 {
                let model = file_models.iter().next().copied().unwrap_or_default();
                flows.add(components, agent, model, 0.5, &ev);
            } else if file_models.is_empty() && models.len() == 1 {
                flows.add(components, agent, &models[0].id, 0.4, &ev);
            }
        }
        for orchestrator in here(ComponentKind::Orchestrator) {
            if flows.has_to_kind(orchestrator, ComponentKind::Agent, components) {
                continue;
            }
            let ev = first_evidence(file, ids, orchestrator);
            let targets: Vec<&str> = if file_agents.is_empty() {
                agents.iter().take(12).map(|a| a.id.as_str()).collect()
            } else {
                file_agents.iter().copied().collect()
            };
            for agent in targets {
                flows.add(components, orchestrator, agent, 0.5, &ev);
            }
        }
        if file.mcp_client {
            let file_servers = here(ComponentKind::McpServer);
            let servers: Vec<&str> = if file_servers.is_empty() {
                components
                    .values()
                    .filter(|c| {
                        c.kind == ComponentKind::McpServer
                            && c.evidence.iter().any(|e| e.signal.starts_with("key-"))
                    })
                    .map(|c| c.id.as_str())
                    .collect()
            } else {
                file_servers.into_iter().collect()
            };
            let clients: Vec<&str> = if file_agents.is_empty() {
                here(ComponentKind::Orchestrator).into_iter().collect()
            } else {
                file_agents.iter().copied().collect()
            };
            for client in &clients {
                let ev = first_evidence(file, ids, client);
                for server in &servers {
                    flows.add(components, client, server, 0.6, &ev);
                }
            }
        }
    }
}

fn first_evidence(file: &FileFindings, ids: &[String], id: &str) -> Evidence {
    file.hits
        .iter()
        .zip(ids)
        .find(|(_, i)| *i == id)
        .map(|(h, _)| h.evidence.clone())
        .unwrap_or_else(|| Evidence {
            path: String::new(),
            line: 0,
            signal: String::new(),
            detail: String::new(),
        })
}

/// What a flow between two kinds carries.
fn what(from: ComponentKind, to: ComponentKind) -> &'static str {
    use ComponentKind as K;
    match (from, to) {
        (K::Orchestrator, K::Agent) => "delegation",
        (K::Agent, K::Agent) => "handoff",
        (_, K::Model) => "prompt / completion",
        (_, K::Tool) => "tool call",
        (_, K::McpServer) => "MCP tool calls",
        (_, K::VectorStore) => "retrieval (RAG)",
        (_, K::Memory) => "memory read/write",
        (_, K::DataStore) => "queries",
        (_, K::ExternalService) => "API calls",
        (_, K::Observability) => "traces and logs",
        (_, K::SecurityControl) => "guardrail check",
        (K::Infrastructure, K::Infrastructure) => "depends on",
        _ => "calls",
    }
}

#[derive(Default)]
struct Flows {
    by_pair: BTreeMap<(String, String), ProposedFlow>,
}

impl Flows {
    fn add(
        &mut self,
        components: &BTreeMap<String, ProposedComponent>,
        from: &str,
        to: &str,
        confidence: f64,
        evidence: &Evidence,
    ) {
        if from == to {
            return;
        }
        let (Some(a), Some(b)) = (components.get(from), components.get(to)) else {
            return;
        };
        // Tools and stores do not call agents; a reference that way round is a callback.
        let (a, b) = if matches!(
            a.kind,
            ComponentKind::Model
                | ComponentKind::Tool
                | ComponentKind::VectorStore
                | ComponentKind::Memory
        ) && matches!(b.kind, ComponentKind::Agent | ComponentKind::Orchestrator)
        {
            (b, a)
        } else {
            (a, b)
        };
        let flow = self
            .by_pair
            .entry((a.id.clone(), b.id.clone()))
            .or_insert_with(|| ProposedFlow {
                from: a.id.clone(),
                to: b.id.clone(),
                what: what(a.kind, b.kind).to_string(),
                confidence,
                evidence: Vec::new(),
            });
        flow.confidence = flow.confidence.max(confidence);
        if !evidence.path.is_empty()
            && !flow.evidence.contains(evidence)
            && flow.evidence.len() < MAX_EVIDENCE
        {
            flow.evidence.push(evidence.clone());
            flow.evidence.sort();
        }
    }

    fn has_to_kind(
        &self,
        from: &str,
        kind: ComponentKind,
        components: &BTreeMap<String, ProposedComponent>,
    ) -> bool {
        self.by_pair
            .keys()
            .any(|(f, t)| f == from && components.get(t).is_some_and(|c| c.kind == kind))
    }

    fn into_list(self) -> Vec<ProposedFlow> {
        self.by_pair.into_values().collect()
    }
}

fn facts(
    components: &BTreeMap<String, ProposedComponent>,
    findings: &[(String, FileFindings)],
) -> Facts {
    let mut facts = Facts::default();
    let mut frameworks = BTreeSet::new();
    let mut signal_facts: BTreeSet<&str> = BTreeSet::new();
    for (_, file) in findings {
        frameworks.extend(file.frameworks.iter().cloned());
        for (fact, ev) in &file.facts {
            signal_facts.insert(fact.as_str());
            let list = match fact.as_str() {
                "human-approval" => &mut facts.human_approval,
                "no-human-approval" => &mut facts.no_human_approval,
                "iteration-limit" => &mut facts.iteration_limits,
                _ => continue,
            };
            if list.len() < MAX_EVIDENCE && !list.contains(ev) {
                list.push(ev.clone());
            }
        }
    }
    let agents = components
        .values()
        .filter(|c| c.kind == ComponentKind::Agent)
        .count();
    facts.a2a = signal_facts.contains("a2a");
    facts.uses_mcp = signal_facts.contains("uses-mcp")
        || components
            .values()
            .any(|c| c.kind == ComponentKind::McpServer);
    facts.multi_agent = agents >= 2 || (facts.a2a && agents >= 1);
    facts.frameworks = frameworks.into_iter().collect();
    facts
}
