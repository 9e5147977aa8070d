//! Threat suggestions for one layer (phase 6, steps 1–2).
//!
//! For the selected layer the analyst walks the catalog threats mapped to it (primary
//! first), its checklist items and the blindspot vectors. This module says, for each
//! entry, *why* it deserves attention in this system, using what phases 1–5 recorded:
//! - the kinds of component placed on the layer (`ThreatEntry::suggested_by`);
//! - MCP in use (`architecture.uses_mcp` or an MCP server component) → the MCP threats;
//! - several agents → the inter-agent threats (multi-agent-only entries and the
//!   agent-to-agent factor's typical threats);
//! - threat actors that target the layer, boundary crossings and asset exposure points
//!   that touch a component of the layer whose kind suggests the threat.
//!
//! A single-agent system gets the multi-agent-only threats marked skippable with the
//! single-agent guide's reason. Each entry carries the analyst's review decision and the
//! threat cards that already instantiate it.

use super::{components_on, is_multi_agent};
use crate::catalog::Catalog;
use crate::catalog::checklists::ChecklistItem;
use crate::catalog::threats::{ThreatEntry, ThreatKind};
use crate::session::{Component, Session};
use crate::vocab::{AgenticFactor, ComponentKind, Layer, ReviewState};
use std::fmt;

/// Why a catalog entry is suggested on a layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The mapping matrix places the threat on this layer.
    Mapped { primary: bool },
    /// A component of this kind sits on the layer.
    Component {
        component: String,
        kind: ComponentKind,
    },
    /// The system uses MCP and this is an MCP threat.
    UsesMcp,
    /// The system has several agents and this is an inter-agent threat.
    MultiAgent,
    /// A phase 3 threat actor targets this layer.
    Actor { actor: String },
    /// A phase 4 boundary crossing involves a component of the layer that suggests the threat.
    Boundary { boundary: String, component: String },
    /// A phase 5 asset is exposed at a component of the layer that suggests the threat.
    Exposure { asset: String, component: String },
    /// A checklist item concerns a threat that is suggested here.
    ConcernsSuggested { threat: String },
}

impl Reason {
    /// Whether the reason comes from the system's own description (phases 1–5), not from
    /// the catalog mapping alone.
    pub fn is_from_system(&self) -> bool {
        !matches!(self, Reason::Mapped { .. })
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Mapped { primary: true } => write!(f, "primary mapping of this layer"),
            Reason::Mapped { primary: false } => write!(f, "secondary mapping of this layer"),
            Reason::Component { component, kind } => {
                write!(f, "component {component} is a {kind} on this layer")
            }
            Reason::UsesMcp => write!(f, "the system uses MCP"),
            Reason::MultiAgent => write!(f, "the system has several agents"),
            Reason::Actor { actor } => write!(f, "threat actor {actor} targets this layer"),
            Reason::Boundary {
                boundary,
                component,
            } => write!(f, "boundary crossing {boundary} involves {component}"),
            Reason::Exposure { asset, component } => {
                write!(f, "asset {asset} is exposed at {component}")
            }
            Reason::ConcernsSuggested { threat } => {
                write!(f, "concerns {threat}, suggested here")
            }
        }
    }
}

/// The analyst's phase 6 decision on an entry for this layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewStatus {
    pub state: ReviewState,
    pub reason: String,
}

/// A threat card that instantiates a catalog entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardRef {
    pub threat_id: String,
    /// The card lists the layer being viewed.
    pub on_layer: bool,
}

/// One catalog threat on the layer, with why it matters here.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreatSuggestion {
    pub threat_id: String,
    pub name: String,
    pub kind: ThreatKind,
    /// Primary mapping on this layer (secondary otherwise).
    pub primary: bool,
    /// Every reason, the mapping first.
    pub reasons: Vec<Reason>,
    /// At least one reason comes from the system description (not just the mapping).
    pub suggested: bool,
    /// Why a single-agent system may skip it, when it may.
    pub skippable: Option<String>,
    pub review: ReviewStatus,
    /// Threat cards whose `catalog` is this entry.
    pub cards: Vec<CardRef>,
}

/// One checklist item of the layer.
#[derive(Debug, Clone, PartialEq)]
pub struct ChecklistSuggestion {
    pub item_id: String,
    pub topic: String,
    pub text: String,
    pub threats: Vec<String>,
    /// The suggested threats the item concerns.
    pub reasons: Vec<Reason>,
    pub suggested: bool,
    /// Every threat it concerns is skippable for a single agent.
    pub skippable: bool,
    pub review: ReviewStatus,
}

/// A phase 5 asset exposed at a component of the layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposureRef {
    pub asset: String,
    pub component: String,
    /// Catalog exposure point ids recorded on the asset.
    pub points: Vec<String>,
}

/// Everything the phase 6 screen shows for one layer.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerSuggestions {
    pub layer: Layer,
    /// Ids of the components on the layer.
    pub components: Vec<String>,
    /// Set when the layer has no component: what to tell the analyst instead.
    pub empty_note: Option<String>,
    pub multi_agent: bool,
    pub uses_mcp: bool,
    /// ASI and extended threats mapped to the layer, primary first.
    pub threats: Vec<ThreatSuggestion>,
    /// The layer's checklist.
    pub checklist: Vec<ChecklistSuggestion>,
    /// Blindspot vectors that affect the layer.
    pub blindspots: Vec<ThreatSuggestion>,
    /// Blindspot checklist items that affect the layer.
    pub blindspot_checklist: Vec<ChecklistSuggestion>,
    /// Phase 3 actors (ids) targeting the layer.
    pub actors: Vec<String>,
    /// Phase 4 boundary crossings (ids) touching a component of the layer.
    pub crossings: Vec<String>,
    /// Phase 5 exposure points at components of the layer.
    pub exposures: Vec<ExposureRef>,
}

/// The suggestions for `layer`.
pub fn for_layer(session: &Session, catalog: &Catalog, layer: Layer) -> LayerSuggestions {
    let context = Context::new(session, catalog, layer);
    let (blindspots, threats): (Vec<_>, Vec<_>) = catalog
        .threats
        .for_layer(layer)
        .into_iter()
        .map(|entry| context.threat(entry))
        .partition(|s| s.kind == ThreatKind::Blindspot);
    let checklist = catalog
        .checklists
        .for_layer(layer)
        .into_iter()
        .map(|item| context.checklist_item(item, &threats))
        .collect();
    let blindspot_checklist = catalog
        .checklists
        .blindspot()
        .into_iter()
        .filter(|item| item.relevant_layers().contains(&layer))
        .map(|item| context.checklist_item(item, &blindspots))
        .collect();
    let empty_note = context.components.is_empty().then(|| {
        format!(
            "No component of the system is placed on {layer} ({}). Map components in phase 2, \
             or record why the layer does not apply.",
            layer.name()
        )
    });
    LayerSuggestions {
        layer,
        components: context.components.iter().map(|c| c.id.clone()).collect(),
        empty_note,
        multi_agent: context.multi_agent,
        uses_mcp: context.uses_mcp,
        threats,
        checklist,
        blindspots,
        blindspot_checklist,
        actors: context.actors.clone(),
        crossings: context.crossings.iter().map(|(b, _)| b.clone()).collect(),
        exposures: context.exposures.clone(),
    }
}

/// What phases 1–5 say about the layer, gathered once.
struct Context<'a> {
    session: &'a Session,
    catalog: &'a Catalog,
    layer: Layer,
    components: Vec<&'a Component>,
    multi_agent: bool,
    uses_mcp: bool,
    actors: Vec<String>,
    /// Boundary id → components of the layer it involves.
    crossings: Vec<(String, Vec<&'a Component>)>,
    exposures: Vec<ExposureRef>,
    /// Catalog threat id → the session's cards of it, in session order (grouped once:
    /// a scan of the register per catalog entry cost milliseconds at 10,000 cards).
    cards: foldhash::HashMap<&'a str, Vec<&'a crate::session::Threat>>,
}

impl<'a> Context<'a> {
    fn new(session: &'a Session, catalog: &'a Catalog, layer: Layer) -> Self {
        let components = components_on(session, layer);
        let on_layer = |id: &str| components.iter().find(|c| c.id == id).copied();
        let actors = session
            .actors
            .iter()
            .filter(|a| a.target_layers.contains(&layer) || layer == Layer::CrossLayer)
            .filter(|a| {
                catalog
                    .taxonomy
                    .choice("relevance", &a.relevance)
                    .is_none_or(|c| c.id != "not-relevant")
            })
            .map(|a| a.id.clone())
            .collect();
        let crossings = session
            .boundaries
            .iter()
            .map(|b| {
                let mut touched: Vec<&Component> =
                    b.components.iter().filter_map(|id| on_layer(id)).collect();
                for flow in session.flows.iter().filter(|f| b.flows.contains(&f.id)) {
                    touched.extend(
                        [&flow.from, &flow.to]
                            .into_iter()
                            .filter_map(|id| on_layer(id)),
                    );
                }
                dedup_by_id(&mut touched);
                (b.id.clone(), touched)
            })
            .filter(|(_, touched)| !touched.is_empty())
            .collect();
        let exposures = session
            .assets
            .iter()
            .filter(|a| !a.exposure_points.is_empty())
            .flat_map(|asset| {
                let mut touched: Vec<&Component> = asset
                    .lifecycle
                    .iter()
                    .flat_map(|step| step.components.iter())
                    .filter_map(|id| on_layer(id))
                    .collect();
                dedup_by_id(&mut touched);
                touched.into_iter().map(|c| ExposureRef {
                    asset: asset.id.clone(),
                    component: c.id.clone(),
                    points: asset.exposure_points.clone(),
                })
            })
            .collect();
        let uses_mcp = session.architecture.uses_mcp
            || session
                .components
                .iter()
                .any(|c| c.kind == ComponentKind::McpServer);
        Context {
            session,
            catalog,
            layer,
            components,
            multi_agent: is_multi_agent(session, catalog),
            uses_mcp,
            actors,
            crossings,
            exposures,
            cards: {
                let mut cards: foldhash::HashMap<&str, Vec<&crate::session::Threat>> =
                    Default::default();
                for t in &session.threats {
                    cards.entry(t.catalog.as_str()).or_default().push(t);
                }
                cards
            },
        }
    }

    fn suggests(entry: &ThreatEntry, component: &Component) -> bool {
        entry.suggested_by.contains(&component.kind)
    }

    fn is_mcp_threat(&self, entry: &ThreatEntry) -> bool {
        entry.mcp
            || self
                .catalog
                .engagement
                .mcp_threats
                .iter()
                .any(|m| m.id == entry.id)
    }

    fn is_inter_agent(&self, entry: &ThreatEntry) -> bool {
        entry.multi_agent_only
            || self
                .catalog
                .factors
                .get(AgenticFactor::AgentToAgent)
                .is_some_and(|f| f.typical_threats.contains(&entry.id))
    }

    /// Why a single-agent system may skip `entry`, if it may.
    fn skip_reason(&self, entry: &ThreatEntry) -> Option<String> {
        if self.multi_agent {
            return None;
        }
        let engagement = &self.catalog.engagement;
        if let Some(note) = engagement
            .single_agent_skip
            .iter()
            .find(|n| n.id == entry.id)
        {
            return Some(match &note.caveat {
                Some(caveat) => format!("{} Caveat: {caveat}", note.reason),
                None => note.reason.clone(),
            });
        }
        entry.multi_agent_only.then(|| {
            entry
                .single_agent_note
                .clone()
                .unwrap_or_else(|| "Only arises between several agents.".to_string())
        })
    }

    fn review(&self, item: &str) -> ReviewStatus {
        self.session
            .reviews
            .iter()
            .find(|r| r.item == item && r.layer == self.layer)
            .map_or(
                ReviewStatus {
                    state: ReviewState::Unreviewed,
                    reason: String::new(),
                },
                |r| ReviewStatus {
                    state: r.state,
                    reason: r.reason.clone(),
                },
            )
    }

    fn threat(&self, entry: &ThreatEntry) -> ThreatSuggestion {
        let primary = entry.is_primary(self.layer);
        let mut reasons = vec![Reason::Mapped { primary }];
        let suggesting: Vec<&Component> = self
            .components
            .iter()
            .copied()
            .filter(|c| Self::suggests(entry, c))
            .collect();
        reasons.extend(suggesting.iter().map(|c| Reason::Component {
            component: c.id.clone(),
            kind: c.kind,
        }));
        if self.uses_mcp && self.is_mcp_threat(entry) {
            reasons.push(Reason::UsesMcp);
        }
        if self.multi_agent && self.is_inter_agent(entry) {
            reasons.push(Reason::MultiAgent);
        }
        let suggesting_id = |id: &str| suggesting.iter().any(|c| c.id == id);
        for (boundary, touched) in &self.crossings {
            if let Some(c) = touched.iter().find(|c| suggesting_id(&c.id)) {
                reasons.push(Reason::Boundary {
                    boundary: boundary.clone(),
                    component: c.id.clone(),
                });
            }
        }
        for exposure in self
            .exposures
            .iter()
            .filter(|e| suggesting_id(&e.component))
        {
            reasons.push(Reason::Exposure {
                asset: exposure.asset.clone(),
                component: exposure.component.clone(),
            });
        }
        // Actors target the layer as a whole; they weigh on the threats the system suggests.
        if reasons.iter().any(Reason::is_from_system) {
            reasons.extend(
                self.actors
                    .iter()
                    .map(|a| Reason::Actor { actor: a.clone() }),
            );
        }
        let cards = self
            .cards
            .get(entry.id.as_str())
            .into_iter()
            .flatten()
            .map(|t| CardRef {
                threat_id: t.id.clone(),
                on_layer: t.layers.contains(&self.layer),
            })
            .collect();
        ThreatSuggestion {
            threat_id: entry.id.clone(),
            name: entry.name.clone(),
            kind: entry.kind,
            primary,
            suggested: reasons.iter().any(Reason::is_from_system),
            reasons,
            skippable: self.skip_reason(entry),
            review: self.review(&entry.id),
            cards,
        }
    }

    fn checklist_item(
        &self,
        item: &ChecklistItem,
        threats: &[ThreatSuggestion],
    ) -> ChecklistSuggestion {
        let reasons: Vec<Reason> = item
            .threats
            .iter()
            .filter(|id| threats.iter().any(|s| &s.threat_id == *id && s.suggested))
            .map(|id| Reason::ConcernsSuggested { threat: id.clone() })
            .collect();
        let skippable = !item.threats.is_empty()
            && item.threats.iter().all(|id| {
                self.catalog
                    .threats
                    .get(id)
                    .is_some_and(|e| self.skip_reason(e).is_some())
            });
        ChecklistSuggestion {
            item_id: item.id.clone(),
            topic: item.topic.clone(),
            text: item.text.clone(),
            threats: item.threats.clone(),
            suggested: !reasons.is_empty(),
            reasons,
            skippable,
            review: self.review(&item.id),
        }
    }
}

fn dedup_by_id(components: &mut Vec<&Component>) {
    let mut seen = std::collections::BTreeSet::new();
    components.retain(|c| seen.insert(c.id.clone()));
}

#[cfg(test)]
#[path = "suggest_tests.rs"]
mod tests;
