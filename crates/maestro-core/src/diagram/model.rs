//! What the diagrams show, read from phases 2–5 of a session: which threats touch each
//! component and flow, the assets a flow carries, and the trust boundaries it crosses.
//! Geometry comes later ([`super::layer_map`], [`super::dataflow`]); this part only
//! gathers facts, in a stable order (ids sort ties).

use crate::catalog::Catalog;
use crate::risk;
use crate::session::{DataFlow, Session};
use crate::vocab::{Classification, RiskLevel};
use std::collections::{BTreeMap, BTreeSet};

/// Which level colours a box: the threat's inherent level, or its residual level
/// after mitigation (the toggle of the issue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Basis {
    #[default]
    Inherent,
    Residual,
}

impl Basis {
    pub fn word(self) -> &'static str {
        match self {
            Basis::Inherent => "inherent",
            Basis::Residual => "residual",
        }
    }
}

/// Threat ids and the highest level among them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ThreatTally {
    pub threats: Vec<String>,
    pub highest: Option<RiskLevel>,
}

impl ThreatTally {
    fn add(&mut self, id: &str, level: Option<RiskLevel>) {
        if !self.threats.iter().any(|t| t == id) {
            self.threats.push(id.to_string());
            self.highest = self.highest.max(level);
        }
    }

    /// "3 threats · H", "1 threat", "no threats": the box's second line.
    pub fn summary(&self) -> String {
        let count = match self.threats.len() {
            0 => return "no threats".to_string(),
            1 => "1 threat".to_string(),
            n => format!("{n} threats"),
        };
        match self.highest {
            Some(level) => format!("{count} · {}", level.letter()),
            None => count,
        }
    }
}

/// The facts every diagram of one session draws on.
#[derive(Debug, Clone)]
pub struct Facts {
    pub basis: Basis,
    /// Level of each threat on the chosen basis.
    pub levels: BTreeMap<String, Option<RiskLevel>>,
    /// Threats per component id.
    pub by_component: BTreeMap<String, ThreatTally>,
    /// Per flow id: threats naming a boundary the flow crosses.
    pub by_flow: BTreeMap<String, ThreatTally>,
    /// Per flow id: the trust boundaries it crosses (listed there, or joining two zones).
    pub crossings: BTreeMap<String, Vec<String>>,
    /// Per flow id: the assets it carries and their highest classification.
    pub assets: BTreeMap<String, (Vec<String>, Option<Classification>)>,
}

impl Facts {
    pub fn gather(session: &Session, catalog: &Catalog, basis: Basis) -> Facts {
        let index = risk::Index::new(session);
        let levels: BTreeMap<String, Option<RiskLevel>> = session
            .threats
            .iter()
            .map(|t| {
                let level = match basis {
                    Basis::Inherent => risk::inherent(t, catalog),
                    Basis::Residual => risk::residual_with(&index, session, t, catalog).level,
                };
                (t.id.clone(), level)
            })
            .collect();
        let mut by_component: BTreeMap<String, ThreatTally> = BTreeMap::new();
        for threat in &session.threats {
            for component in &threat.components {
                by_component
                    .entry(component.clone())
                    .or_default()
                    .add(&threat.id, levels[&threat.id]);
            }
        }
        let zone_of: BTreeMap<&str, &str> = session
            .components
            .iter()
            .filter(|c| !c.zone.is_empty())
            .map(|c| (c.id.as_str(), c.zone.as_str()))
            .collect();
        let mut crossings: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut by_flow: BTreeMap<String, ThreatTally> = BTreeMap::new();
        for flow in &session.flows {
            let zones = (
                zone_of.get(flow.from.as_str()),
                zone_of.get(flow.to.as_str()),
            );
            let crossed: Vec<String> = session
                .boundaries
                .iter()
                .filter(|b| {
                    b.flows.contains(&flow.id)
                        || matches!(zones, (Some(a), Some(z)) if a != z
                            && ((b.source_zone == **a && b.destination_zone == **z)
                                || (b.source_zone == **z && b.destination_zone == **a)))
                })
                .map(|b| b.id.clone())
                .collect();
            let mut tally = ThreatTally::default();
            for threat in &session.threats {
                if threat.boundaries.iter().any(|b| crossed.contains(b)) {
                    tally.add(&threat.id, levels[&threat.id]);
                }
            }
            by_flow.insert(flow.id.clone(), tally);
            crossings.insert(flow.id.clone(), crossed);
        }
        let assets = session
            .flows
            .iter()
            .map(|flow| (flow.id.clone(), assets_on(session, flow)))
            .collect();
        Facts {
            basis,
            levels,
            by_component,
            by_flow,
            crossings,
            assets,
        }
    }

    /// Whether a flow crosses a trust boundary: a boundary lists it, or its two ends
    /// run in different zones.
    pub fn crosses(&self, session: &Session, flow: &DataFlow) -> bool {
        if self.crossings.get(&flow.id).is_some_and(|b| !b.is_empty()) {
            return true;
        }
        let zone = |id: &str| session.component(id).map(|c| c.zone.as_str());
        matches!((zone(&flow.from), zone(&flow.to)), (Some(a), Some(b)) if a != b)
    }
}

/// The assets whose lifecycle puts them on both ends of a flow, or in transit at either
/// end, and their highest classification.
fn assets_on(session: &Session, flow: &DataFlow) -> (Vec<String>, Option<Classification>) {
    let mut ids = BTreeSet::new();
    let mut highest = None;
    for asset in &session.assets {
        let on_both = asset
            .lifecycle
            .iter()
            .any(|step| step.components.contains(&flow.from) && step.components.contains(&flow.to));
        let in_transit = asset.lifecycle.iter().any(|step| {
            step.stage == "transmitted"
                && (step.components.contains(&flow.from) || step.components.contains(&flow.to))
        });
        if on_both || in_transit {
            ids.insert(asset.id.clone());
            highest = highest.max(asset.classification);
        }
    }
    (ids.into_iter().collect(), highest)
}
