//! Catalog section `threats.toml`: every threat the analyst walks through.
//!
//! Three kinds of entries live here, kept in separate ID namespaces:
//! - `asi`: the OWASP ASI core taxonomy T1–T15 (playbook 02) plus the two threats
//!   the official OWASP ASI v1.1 added, T16 and T17;
//! - `extended`: the playbook's own extended catalog per layer. Its numbers T16–T47
//!   are project-local and collide with the official T16/T17, so they are stored as
//!   `EXT-T16`…`EXT-T47` with the playbook's number kept in `playbook_id`; the
//!   unnumbered bullets of each layer are `EXT-L<n>-<letter>`;
//! - `blindspot`: the playbook's blindspot vectors `BV-1`…`BV-12`.

use super::{Catalog, ListRow, Listing, check_unique};
use crate::vocab::{AgenticFactor, ComponentKind, Layer, Stride};
use serde::{Deserialize, Serialize};

/// The `threats.toml` section.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Threats {
    /// All entries in catalog order: ASI core, official ASI additions, extended, blindspots.
    #[serde(default)]
    pub threats: Vec<ThreatEntry>,
}

/// Which taxonomy an entry belongs to (decides its ID namespace).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThreatKind {
    /// OWASP ASI taxonomy: `T<n>`.
    Asi,
    /// The playbook's extended catalog: `EXT-T<n>` or `EXT-L<layer>-<letter>`.
    Extended,
    /// The playbook's blindspot vectors: `BV-<n>`.
    Blindspot,
}

impl ThreatKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ThreatKind::Asi => "asi",
            ThreatKind::Extended => "extended",
            ThreatKind::Blindspot => "blindspot",
        }
    }
}

/// One threat of the catalog.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ThreatEntry {
    /// Catalog ID: `T1`, `EXT-T16`, `EXT-L1-A`, `BV-1`.
    pub id: String,
    /// The playbook's exact name.
    pub name: String,
    pub kind: ThreatKind,
    /// Where the entry comes from, e.g. "OWASP ASI v1.0" or "MAESTRO playbook v1.0.0 (extended catalog)".
    pub source: String,
    /// The playbook's own number for an extended threat ("T16"); not an official ASI ID.
    #[serde(default)]
    pub playbook_id: Option<String>,
    /// Explains why `playbook_id` must not be read as an official OWASP ASI ID.
    #[serde(default)]
    pub id_warning: Option<String>,
    /// Other names the playbook uses for the same threat (for search).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Layers where the threat manifests most directly (bold X in matrix 03).
    pub primary_layers: Vec<Layer>,
    /// Layers where it manifests under some conditions (lowercase x in matrix 03).
    #[serde(default)]
    pub secondary_layers: Vec<Layer>,
    /// STRIDE categories the threat falls under.
    #[serde(default)]
    pub stride: Vec<Stride>,
    /// Agentic risk factors that amplify it.
    #[serde(default)]
    pub factors: Vec<AgenticFactor>,
    /// What the threat is, in the catalog's own words.
    pub description: String,
    /// Signs in an architecture that the threat is present.
    #[serde(default)]
    pub indicators: Vec<String>,
    /// Questions that decide whether the threat applies to the system under review.
    #[serde(default)]
    pub questions: Vec<String>,
    /// OWASP Top 10 for LLM Applications (2025) items, e.g. "LLM01:2025".
    #[serde(default)]
    pub owasp_llm: Vec<String>,
    /// OWASP ASI Top 10 categories the playbook groups it under, e.g. "ASI05".
    #[serde(default)]
    pub asi_top10: Vec<String>,
    /// MITRE ATLAS technique IDs (only those the playbook gives).
    #[serde(default)]
    pub atlas: Vec<String>,
    /// CWE IDs from the playbook's cross-reference tables, e.g. "CWE-77".
    #[serde(default)]
    pub cwe: Vec<String>,
    /// True when the single-agent guide lets a single-agent system skip or de-emphasise it.
    #[serde(default)]
    pub multi_agent_only: bool,
    /// Why (and with which caveat) a single-agent system may skip it.
    #[serde(default)]
    pub single_agent_note: Option<String>,
    /// True when the threat concerns Model Context Protocol deployments.
    #[serde(default)]
    pub mcp: bool,
    /// Component kinds whose presence should make the tool suggest this threat.
    #[serde(default)]
    pub suggested_by: Vec<ComponentKind>,
    /// Closely related catalog threat IDs (overlaps, inverses, official counterparts).
    #[serde(default)]
    pub related: Vec<String>,
}

impl ThreatEntry {
    /// Primary layers, then secondary layers.
    pub fn layers(&self) -> impl Iterator<Item = Layer> + '_ {
        self.primary_layers
            .iter()
            .chain(self.secondary_layers.iter())
            .copied()
    }

    /// Whether the threat maps to `layer`, primary or secondary.
    pub fn has_layer(&self, layer: Layer) -> bool {
        self.layers().any(|l| l == layer)
    }

    /// Whether `layer` is one of the primary layers.
    pub fn is_primary(&self, layer: Layer) -> bool {
        self.primary_layers.contains(&layer)
    }
}

impl Threats {
    /// The entry with this catalog ID (`T1`, `EXT-T16`, `BV-3`…).
    pub fn get(&self, id: &str) -> Option<&ThreatEntry> {
        self.threats.iter().find(|t| t.id == id)
    }

    /// The extended entry the playbook numbers `playbook_id` (e.g. "T32" → `EXT-T32`).
    pub fn by_playbook_id(&self, playbook_id: &str) -> Option<&ThreatEntry> {
        self.threats
            .iter()
            .find(|t| t.playbook_id.as_deref() == Some(playbook_id))
    }

    /// Resolves a threat reference as the playbook text writes it: `T1`–`T15` are the
    /// ASI core, a higher `T<n>` is the playbook's extended number, anything else is a
    /// catalog ID. Use this only for playbook wording; the official ASI T16/T17 are
    /// reached with [`Threats::get`].
    pub fn resolve_playbook_ref(&self, reference: &str) -> Option<&ThreatEntry> {
        if let Some(n) = reference
            .strip_prefix('T')
            .and_then(|n| n.parse::<u32>().ok())
            && n > 15
        {
            return self.by_playbook_id(reference);
        }
        self.get(reference)
    }

    /// Entries mapped to `layer`: primary mappings first, then secondary, each in catalog order.
    pub fn for_layer(&self, layer: Layer) -> Vec<&ThreatEntry> {
        let primary = self.threats.iter().filter(|t| t.is_primary(layer));
        let secondary = self
            .threats
            .iter()
            .filter(|t| !t.is_primary(layer) && t.secondary_layers.contains(&layer));
        primary.chain(secondary).collect()
    }

    /// Entries of one kind, in catalog order.
    pub fn of_kind(&self, kind: ThreatKind) -> impl Iterator<Item = &ThreatEntry> {
        self.threats.iter().filter(move |t| t.kind == kind)
    }

    /// OWASP ASI entries (T1–T15 and the official additions).
    pub fn asi(&self) -> impl Iterator<Item = &ThreatEntry> {
        self.of_kind(ThreatKind::Asi)
    }

    /// The playbook's extended threats.
    pub fn extended(&self) -> impl Iterator<Item = &ThreatEntry> {
        self.of_kind(ThreatKind::Extended)
    }

    /// The playbook's blindspot vectors.
    pub fn blindspots(&self) -> impl Iterator<Item = &ThreatEntry> {
        self.of_kind(ThreatKind::Blindspot)
    }

    /// Entries whose presence a component of `kind` should suggest.
    pub fn suggested_by(&self, kind: ComponentKind) -> impl Iterator<Item = &ThreatEntry> {
        self.threats
            .iter()
            .filter(move |t| t.suggested_by.contains(&kind))
    }

    /// Adds uniqueness and cross-reference problems of this section to `problems`.
    pub fn check(&self, _catalog: &Catalog, problems: &mut Vec<String>) {
        check_unique(
            "threats",
            self.threats.iter().map(|t| t.id.as_str()),
            problems,
        );
        check_unique(
            "threats (playbook_id)",
            self.threats.iter().filter_map(|t| t.playbook_id.as_deref()),
            problems,
        );
        for t in &self.threats {
            let id = &t.id;
            if t.name.trim().is_empty() {
                problems.push(format!("threats: `{id}` has no name"));
            }
            if t.primary_layers.is_empty() {
                problems.push(format!("threats: `{id}` has no primary layer"));
            }
            if let Some(layer) = t
                .secondary_layers
                .iter()
                .find(|l| t.primary_layers.contains(l))
            {
                problems.push(format!(
                    "threats: `{id}` lists {layer} as both primary and secondary"
                ));
            }
            self.check_id_scheme(t, problems);
            for other in &t.related {
                if self.get(other).is_none() {
                    problems.push(format!(
                        "threats: `{id}` is related to unknown threat `{other}`"
                    ));
                }
            }
        }
    }

    /// IDs follow their kind's namespace; extended numbers never pass for official ones.
    fn check_id_scheme(&self, t: &ThreatEntry, problems: &mut Vec<String>) {
        let id = &t.id;
        match t.kind {
            ThreatKind::Asi => {
                if !is_numbered(id, "T") {
                    problems.push(format!("threats: asi entry `{id}` is not of the form T<n>"));
                }
                if t.playbook_id.is_some() {
                    problems.push(format!(
                        "threats: asi entry `{id}` must not have a playbook_id"
                    ));
                }
            }
            ThreatKind::Blindspot => {
                if !is_numbered(id, "BV-") {
                    problems.push(format!(
                        "threats: blindspot entry `{id}` is not of the form BV-<n>"
                    ));
                }
                if t.playbook_id.is_some() {
                    problems.push(format!(
                        "threats: blindspot entry `{id}` must not have a playbook_id"
                    ));
                }
            }
            ThreatKind::Extended => match &t.playbook_id {
                Some(pid) => {
                    if !is_numbered(pid, "T") {
                        problems.push(format!(
                            "threats: `{id}` has playbook_id `{pid}`, expected T<n>"
                        ));
                    }
                    if *id != format!("EXT-{pid}") {
                        problems.push(format!(
                            "threats: extended entry `{id}` with playbook_id `{pid}` must have id `EXT-{pid}`"
                        ));
                    }
                    let warned = t
                        .id_warning
                        .as_deref()
                        .is_some_and(|w| !w.trim().is_empty());
                    let collides = self
                        .asi()
                        .any(|official| official.id == *pid && official.id != *id);
                    if collides && !warned {
                        problems.push(format!(
                            "threats: `{id}` reuses the official ASI id `{pid}` without an id_warning"
                        ));
                    }
                }
                None => {
                    let layer_ok = id
                        .strip_prefix("EXT-")
                        .and_then(|rest| rest.split_once('-'))
                        .is_some_and(|(layer, letter)| {
                            Layer::parse(layer).is_some_and(|l| t.primary_layers.contains(&l))
                                && letter.len() == 1
                                && letter.chars().all(|c| c.is_ascii_uppercase())
                        });
                    if !layer_ok {
                        problems.push(format!(
                            "threats: unnumbered extended entry `{id}` is not of the form EXT-L<n>-<letter> with L<n> a primary layer"
                        ));
                    }
                }
            },
        }
    }

    fn filtered(&self, layer: Option<Layer>) -> Vec<&ThreatEntry> {
        match layer {
            Some(layer) => self.for_layer(layer),
            None => self.threats.iter().collect(),
        }
    }
}

/// `prefix` followed by a positive decimal number without leading zero.
fn is_numbered(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).is_some_and(|n| {
        !n.is_empty() && !n.starts_with('0') && n.chars().all(|c| c.is_ascii_digit())
    })
}

impl Listing for Threats {
    fn rows(&self, layer: Option<Layer>) -> Vec<ListRow> {
        self.filtered(layer)
            .into_iter()
            .map(|t| {
                let stride: String = t.stride.iter().map(|s| s.letter()).collect();
                let mut detail = t.kind.as_str().to_string();
                if let Some(pid) = &t.playbook_id {
                    detail.push_str(&format!(" (playbook {pid})"));
                }
                if !stride.is_empty() {
                    detail.push_str(&format!(" · STRIDE {stride}"));
                }
                if t.mcp {
                    detail.push_str(" · MCP");
                }
                if t.multi_agent_only {
                    detail.push_str(" · multi-agent");
                }
                ListRow {
                    id: t.id.clone(),
                    name: t.name.clone(),
                    layers: t.layers().collect(),
                    detail,
                }
            })
            .collect()
    }

    fn to_json(&self, layer: Option<Layer>) -> serde_json::Value {
        serde_json::json!({ "threats": self.filtered(layer) })
    }
}

#[cfg(test)]
#[path = "threats_tests.rs"]
mod tests;
