//! Drift: what a new discovery shows that the session's last review did not — new,
//! changed or gone components — and the threats and mitigations each touches.

use super::{Discovery, ProposedComponent, component_id};
use crate::session::Session;
use crate::vocab::Layer;
use serde::Serialize;

/// How one proposal differs from the last review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Found now; neither reviewed before nor a component of the session.
    New,
    /// Reviewed before, but its layers or the files evidencing it changed.
    Changed,
    /// Reviewed before and accepted, but no longer found.
    Gone,
}

/// One drift entry.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct DriftItem {
    pub change: Change,
    /// Proposal id (`kind:slug`).
    pub id: String,
    pub name: String,
    pub layers: Vec<Layer>,
    /// First evidence, `path:line` (empty for gone items).
    pub at: String,
    /// Session threats on the same component or layers.
    pub threats: Vec<String>,
    /// Session mitigations addressing those threats.
    pub mitigations: Vec<String>,
}

/// Drift of a discovery against a session.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Drift {
    pub items: Vec<DriftItem>,
}

impl Drift {
    /// Architecture the session does not know (the `--check` gate).
    pub fn has_new(&self) -> bool {
        self.items.iter().any(|i| i.change == Change::New)
    }
}

/// Compares `found` with the session's last review and its components.
pub fn drift(session: &Session, found: &Discovery) -> Drift {
    let record = &session.discovery;
    let known_components: Vec<String> = session
        .components
        .iter()
        .map(|c| component_id(c.kind, &c.name))
        .collect();
    let mut items = Vec::new();
    for c in &found.components {
        let seen = record.seen.iter().find(|s| s.id == c.id);
        let change = match seen {
            None if known_components.contains(&c.id) || linked_record(session, &c.id).is_some() => {
                continue;
            }
            None => Change::New,
            Some(s) => {
                let mut paths: Vec<String> = c.evidence.iter().map(|e| e.path.clone()).collect();
                paths.sort();
                paths.dedup();
                if s.layers == c.layers && s.paths == paths {
                    continue;
                }
                Change::Changed
            }
        };
        items.push(item(session, change, c));
    }
    for s in record
        .seen
        .iter()
        .filter(|s| s.accepted && s.id.contains(':'))
    {
        if found.component(&s.id).is_none() {
            let gone = ProposedComponent {
                id: s.id.clone(),
                name: s.name.clone(),
                kind: crate::vocab::ComponentKind::Infrastructure,
                layers: s.layers.clone(),
                confidence: 0.0,
                technology: String::new(),
                zone: None,
                evidence: Vec::new(),
            };
            items.push(item(session, Change::Gone, &gone));
        }
    }
    Drift { items }
}

/// The session record accepted from proposal `id`, if any.
fn linked_record<'a>(session: &'a Session, id: &str) -> Option<&'a str> {
    session
        .discovery
        .evidence
        .iter()
        .find(|e| e.proposal == id)
        .map(|e| e.record.as_str())
}

fn item(session: &Session, change: Change, c: &ProposedComponent) -> DriftItem {
    let record = linked_record(session, &c.id);
    let threats: Vec<String> = session
        .threats
        .iter()
        .filter(|t| {
            record.is_some_and(|r| t.components.iter().any(|x| x == r))
                || t.layers.iter().any(|l| c.layers.contains(l))
        })
        .map(|t| t.id.clone())
        .collect();
    let mitigations = session
        .mitigations
        .iter()
        .filter(|m| m.addresses.iter().any(|a| threats.contains(a)))
        .map(|m| m.id.clone())
        .collect();
    DriftItem {
        change,
        id: c.id.clone(),
        name: c.name.clone(),
        layers: c.layers.clone(),
        at: c
            .evidence
            .first()
            .map(|e| format!("{}:{}", e.path, e.line))
            .unwrap_or_default(),
        threats,
        mitigations,
    }
}
