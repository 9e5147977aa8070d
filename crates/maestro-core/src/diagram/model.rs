//! What the diagrams show, read from phases 2–5 of a session: which threats touch each
//! component and flow, the assets a flow carries, and the trust boundaries it crosses.
//! Geometry comes later ([`super::layer_map`], [`super::dataflow`]); this part only
//! gathers facts, in a stable order (ids sort ties).

use crate::catalog::Catalog;
use crate::risk;
use crate::session::{DataFlow, Session};
use crate::vocab::{Classification, RiskLevel};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    /// Callers add each card once (they dedupe by position): a search of the list per
    /// add made a busy component quadratic.
    fn add(&mut self, id: &str, level: Option<RiskLevel>) {
        self.threats.push(id.to_string());
        self.highest = self.highest.max(level);
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
    /// Component id → its trust zone (components without one are absent).
    pub zones: HashMap<String, String>,
    /// Component id → positions in `session.threats` of the cards naming it.
    component_threats: HashMap<String, Vec<usize>>,
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
        let mut component_threats: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, threat) in session.threats.iter().enumerate() {
            for component in &threat.components {
                let list = component_threats.entry(component.clone()).or_default();
                // A card naming a component twice counts once.
                if list.last() == Some(&at) {
                    continue;
                }
                list.push(at);
                by_component
                    .entry(component.clone())
                    .or_default()
                    .add(&threat.id, levels[&threat.id]);
            }
        }
        // Indexes built once, so each flow costs what it touches, not the whole session
        // (100k components: a pass over every threat and asset per flow took minutes).
        let zone_of: HashMap<&str, &str> = session
            .components
            .iter()
            .filter(|c| !c.zone.is_empty())
            .map(|c| (c.id.as_str(), c.zone.as_str()))
            .collect();
        let mut listing: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut joining: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (at, b) in session.boundaries.iter().enumerate() {
            for flow in &b.flows {
                listing.entry(flow.as_str()).or_default().push(at);
            }
            let (a, z) = (b.source_zone.as_str(), b.destination_zone.as_str());
            joining.entry((a.min(z), a.max(z))).or_default().push(at);
        }
        let mut threats_naming: HashMap<&str, Vec<usize>> = HashMap::new();
        for (at, threat) in session.threats.iter().enumerate() {
            for b in &threat.boundaries {
                threats_naming.entry(b.as_str()).or_default().push(at);
            }
        }
        let mut crossings: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut by_flow: BTreeMap<String, ThreatTally> = BTreeMap::new();
        for flow in &session.flows {
            // In session order, each once: the boundaries listing the flow, and those
            // joining the two different zones of its ends.
            let mut crossed: Vec<usize> =
                listing.get(flow.id.as_str()).cloned().unwrap_or_default();
            if let (Some(&a), Some(&z)) = (
                zone_of.get(flow.from.as_str()),
                zone_of.get(flow.to.as_str()),
            ) && a != z
            {
                crossed.extend(joining.get(&(a.min(z), a.max(z))).into_iter().flatten());
            }
            crossed.sort_unstable();
            crossed.dedup();
            let mut naming: Vec<usize> = crossed
                .iter()
                .filter_map(|&b| threats_naming.get(session.boundaries[b].id.as_str()))
                .flatten()
                .copied()
                .collect();
            naming.sort_unstable();
            naming.dedup();
            let mut tally = ThreatTally::default();
            for at in naming {
                let threat = &session.threats[at];
                tally.add(&threat.id, levels[&threat.id]);
            }
            by_flow.insert(flow.id.clone(), tally);
            crossings.insert(
                flow.id.clone(),
                crossed
                    .iter()
                    .map(|&b| session.boundaries[b].id.clone())
                    .collect(),
            );
        }
        let mut assets_at: HashMap<&str, Vec<usize>> = HashMap::new();
        for (at, asset) in session.assets.iter().enumerate() {
            for step in &asset.lifecycle {
                for component in &step.components {
                    let list = assets_at.entry(component.as_str()).or_default();
                    if list.last() != Some(&at) {
                        list.push(at);
                    }
                }
            }
        }
        let assets = session
            .flows
            .iter()
            .map(|flow| (flow.id.clone(), assets_on(session, &assets_at, flow)))
            .collect();
        let zones = zone_of
            .into_iter()
            .map(|(c, z)| (c.to_string(), z.to_string()))
            .collect();
        Facts {
            basis,
            levels,
            by_component,
            by_flow,
            crossings,
            assets,
            zones,
            component_threats,
        }
    }

    /// Positions in `session.threats` of the cards naming a component, in session order,
    /// each once.
    pub fn threats_on(&self, component: &str) -> impl Iterator<Item = usize> + '_ {
        self.component_threats
            .get(component)
            .into_iter()
            .flatten()
            .copied()
    }

    /// Whether a flow crosses a trust boundary: a boundary lists it, or its two ends
    /// run in different zones.
    pub fn crosses(&self, flow: &DataFlow) -> bool {
        if self.crossings.get(&flow.id).is_some_and(|b| !b.is_empty()) {
            return true;
        }
        let zone = |id: &str| self.zones.get(id);
        matches!((zone(&flow.from), zone(&flow.to)), (Some(a), Some(b)) if a != b)
    }
}

/// The assets whose lifecycle puts them on both ends of a flow, or in transit at either
/// end, and their highest classification.
fn assets_on(
    session: &Session,
    assets_at: &HashMap<&str, Vec<usize>>,
    flow: &DataFlow,
) -> (Vec<String>, Option<Classification>) {
    let mut ids = BTreeSet::new();
    let mut highest = None;
    // Only an asset whose lifecycle names one of the ends can be on the flow.
    let mut candidates: Vec<usize> = [flow.from.as_str(), flow.to.as_str()]
        .iter()
        .filter_map(|c| assets_at.get(c))
        .flatten()
        .copied()
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    for asset in candidates.into_iter().map(|at| &session.assets[at]) {
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
