//! Writing reviewed proposals into a session: accepted components and flows become
//! normal records, their evidence is kept in `session.discovery`, every proposal seen is
//! remembered as the drift baseline, and the phase 1 facts are set.

use super::{Discovery, ProposedComponent, component_id};
use crate::session::links::next_id;
use crate::session::{Component, DataFlow, Evidence, RecordEvidence, SeenProposal, Session};

/// What [`apply`] changed.
#[derive(Debug, Default, PartialEq)]
pub struct Applied {
    pub components_added: Vec<String>,
    pub flows_added: Vec<String>,
    /// Proposals that matched a component already in the session.
    pub already_known: usize,
}

/// Applies `discovery` to `session`, accepting the components for which `accept` says
/// so (and the flows between accepted components).
pub fn apply(
    session: &mut Session,
    discovery: &Discovery,
    accept: &dyn Fn(&ProposedComponent) -> bool,
    source_root: &str,
    today: &str,
) -> Applied {
    let mut applied = Applied::default();
    let mut record_of: Vec<(String, String)> = Vec::new();
    let mut seen = Vec::new();
    for proposal in &discovery.components {
        let accepted = accept(proposal);
        let mut paths: Vec<String> = proposal.evidence.iter().map(|e| e.path.clone()).collect();
        paths.sort();
        paths.dedup();
        seen.push(SeenProposal {
            id: proposal.id.clone(),
            name: proposal.name.clone(),
            layers: proposal.layers.clone(),
            paths,
            accepted,
        });
        if !accepted {
            continue;
        }
        let existing = session
            .components
            .iter()
            .find(|c| component_id(c.kind, &c.name) == proposal.id)
            .map(|c| c.id.clone());
        let record = match existing {
            Some(id) => {
                applied.already_known += 1;
                id
            }
            None => {
                let id = next_id("C", session.components.iter().map(|c| c.id.as_str()));
                session.components.push(Component {
                    otm: Default::default(),
                    id: id.clone(),
                    name: proposal.name.clone(),
                    kind: proposal.kind,
                    layers: proposal.layers.clone(),
                    technology: proposal.technology.clone(),
                    description: describe(proposal),
                    zone: String::new(),
                });
                applied.components_added.push(id.clone());
                id
            }
        };
        remember(
            session,
            &record,
            &proposal.id,
            proposal.confidence,
            &proposal.evidence,
        );
        record_of.push((proposal.id.clone(), record));
    }
    let lookup = |id: &str| {
        record_of
            .iter()
            .find(|(p, _)| p == id)
            .map(|(_, r)| r.clone())
    };
    for flow in &discovery.flows {
        let (Some(from), Some(to)) = (lookup(&flow.from), lookup(&flow.to)) else {
            continue;
        };
        if session.flows.iter().any(|f| f.from == from && f.to == to) {
            continue;
        }
        let id = next_id("DF", session.flows.iter().map(|f| f.id.as_str()));
        session.flows.push(DataFlow {
            id: id.clone(),
            from,
            to,
            data: flow.what.clone(),
            ..DataFlow::default()
        });
        let proposal = format!("{}->{}", flow.from, flow.to);
        remember(session, &id, &proposal, flow.confidence, &flow.evidence);
        applied.flows_added.push(id);
    }
    let arch = &mut session.architecture;
    arch.uses_mcp |= discovery.facts.uses_mcp;
    arch.multi_agent |= discovery.facts.multi_agent;
    let record = &mut session.discovery;
    record.source_root = source_root.to_string();
    record.reviewed = today.to_string();
    record.seen = seen;
    applied
}

fn describe(p: &ProposedComponent) -> String {
    let first = p
        .evidence
        .first()
        .map(|e| format!(" at {}:{}", e.path, e.line))
        .unwrap_or_default();
    format!("Found by discovery{first}.")
}

fn remember(
    session: &mut Session,
    record: &str,
    proposal: &str,
    confidence: f64,
    evidence: &[super::Evidence],
) {
    let evidence: Vec<Evidence> = evidence
        .iter()
        .map(|e| Evidence {
            file: e.path.clone(),
            line: Some(e.line),
            note: format!("{}: {}", e.signal, e.detail),
        })
        .collect();
    let list = &mut session.discovery.evidence;
    match list.iter_mut().find(|r| r.record == record) {
        Some(existing) => {
            existing.proposal = proposal.to_string();
            existing.evidence = evidence;
        }
        None => list.push(RecordEvidence {
            record: record.to_string(),
            proposal: proposal.to_string(),
            confidence: format!("{confidence:.2}"),
            evidence,
        }),
    }
}
