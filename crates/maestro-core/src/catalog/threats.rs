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
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use Layer::*;

    fn catalog() -> Catalog {
        Catalog::embedded()
    }

    #[test]
    fn counts_match_the_playbook() {
        let c = catalog();
        let t = &c.threats;
        let core = t.asi().filter(|e| e.source == "OWASP ASI v1.0").count();
        assert_eq!(core, 15, "ASI core T1–T15");
        let official: Vec<_> = t
            .asi()
            .filter(|e| e.source == "OWASP ASI v1.1")
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(official, ["T16", "T17"]);
        // Playbook 02: T16–T47 without the reserved T26–T27 is 30 numbered entries.
        let numbered: Vec<_> = t.extended().filter(|e| e.playbook_id.is_some()).collect();
        assert_eq!(numbered.len(), 30);
        for n in (16..=47).filter(|n| !(26..=27).contains(n)) {
            let pid = format!("T{n}");
            let e = t.by_playbook_id(&pid).unwrap_or_else(|| panic!("{pid}"));
            assert_eq!(e.id, format!("EXT-T{n}"));
        }
        assert!(t.by_playbook_id("T26").is_none() && t.by_playbook_id("T27").is_none());
        // Unnumbered bullets per layer in 02: L1 3, L2 2, L3 2, L4 2, L5 1, L6 4, L7 1.
        let unnumbered = |layer: &str| {
            t.extended()
                .filter(|e| e.id.starts_with(&format!("EXT-{layer}-")))
                .count()
        };
        let per_layer: Vec<_> = ["L1", "L2", "L3", "L4", "L5", "L6", "L7"]
            .into_iter()
            .map(unnumbered)
            .collect();
        assert_eq!(per_layer, [3, 2, 2, 2, 1, 4, 1]);
        assert_eq!(t.extended().count(), 45);
        assert_eq!(t.blindspots().count(), 12);
        assert_eq!(t.threats.len(), 15 + 2 + 45 + 12);
    }

    #[test]
    fn matrix_03_cell_by_cell() {
        // Independently transcribed from playbook 03: columns L1..L7, CL;
        // 'X' primary (the legend: bold or uppercase), 'x' secondary, '.' empty.
        let matrix = [
            ("T1", "x X . . . . . X"),
            ("T2", ". . X . . . . X"),
            ("T3", ". . . X . X . X"),
            ("T4", ". . . X . . . X"),
            ("T5", "X . X . . . . X"),
            ("T6", ". . X . . . . X"),
            ("T7", "X . . . . X . X"),
            ("T8", ". . . . X . . X"),
            ("T9", ". . . . . . X X"),
            ("T10", ". . . . X . . ."),
            ("T11", "X . X . . . . X"),
            ("T12", ". X . . . . . X"),
            ("T13", ". . . X . . X X"),
            ("T14", ". . . X . . X X"),
            ("T15", ". . . . . . X X"),
        ];
        let columns = [L1, L2, L3, L4, L5, L6, L7, CrossLayer];
        let c = catalog();
        for (id, row) in matrix {
            let e = c.threats.get(id).unwrap();
            for (cell, layer) in row.split(' ').zip(columns) {
                let got = if e.primary_layers.contains(&layer) {
                    "X"
                } else if e.secondary_layers.contains(&layer) {
                    "x"
                } else {
                    "."
                };
                assert_eq!(got, cell, "{id} at {layer}");
            }
        }
    }

    #[test]
    fn spot_facts() {
        let c = catalog();
        let t = &c.threats;
        let t6 = t.get("T6").unwrap();
        assert_eq!(t6.name, "Intent Breaking & Goal Manipulation");
        assert_eq!(t6.cwe, ["CWE-74", "CWE-77"]);
        assert!(t6.owasp_llm.iter().any(|l| l == "LLM01:2025"));

        let official = t.get("T16").unwrap();
        assert_eq!(official.name, "Insecure Inter-Agent Protocol Abuse");
        assert_eq!(official.kind, ThreatKind::Asi);
        assert_eq!(t.get("T17").unwrap().name, "Supply Chain Compromise");

        let ext = t.get("EXT-T16").unwrap();
        assert_eq!(ext.name, "Model Inconsistency");
        assert_eq!(ext.playbook_id.as_deref(), Some("T16"));
        assert!(ext.id_warning.as_deref().unwrap().contains("T16"));
        assert_eq!(ext.primary_layers, [L1]);
        assert_eq!(t.resolve_playbook_ref("T16").unwrap().id, "EXT-T16");
        assert_eq!(t.resolve_playbook_ref("T5").unwrap().id, "T5");

        let rogue = t.get("EXT-T47").unwrap();
        assert_eq!(rogue.name, "Rogue Server");
        assert_eq!(rogue.primary_layers, [L7]);
        assert!(rogue.mcp);
        assert_eq!(rogue.cwe, ["CWE-494", "CWE-829"]);

        assert_eq!(
            t.get("EXT-L1-C").unwrap().name,
            "Tool Hijacking via Prompt Injection"
        );
        assert_eq!(
            t.get("EXT-L6-D").unwrap().name,
            "Real-Time Security Violation"
        );
        assert_eq!(
            t.get("EXT-L7-A").unwrap().name,
            "Cross-Chain/Cross-System Bridge Attacks"
        );

        let bv2 = t.get("BV-2").unwrap();
        assert_eq!(bv2.name, "Tool Description Poisoning (Rug Pull)");
        assert_eq!(bv2.primary_layers, [L3, L7]);
        assert!(bv2.mcp);
        assert_eq!(t.get("BV-12").unwrap().primary_layers, [L5]);
        assert_eq!(t.get("BV-3").unwrap().primary_layers, [L3, L4, L7]);

        // Single-agent guide: T12, T38 and T21 are the named MAS-only threats.
        for id in ["T12", "EXT-T38", "EXT-T21"] {
            let e = t.get(id).unwrap();
            assert!(e.multi_agent_only, "{id}");
            assert!(e.single_agent_note.is_some(), "{id}");
        }
        assert!(!t.get("T14").unwrap().multi_agent_only);
        assert!(!t.get("T15").unwrap().multi_agent_only);

        assert!(t.suggested_by(ComponentKind::Memory).any(|e| e.id == "T1"));
        assert!(
            t.suggested_by(ComponentKind::McpServer)
                .any(|e| e.id == "T2")
        );
        assert!(
            t.suggested_by(ComponentKind::HumanRole)
                .any(|e| e.id == "T10")
        );
    }

    #[test]
    fn every_entry_is_filled_in() {
        let c = catalog();
        for e in &c.threats.threats {
            assert!(!e.description.trim().is_empty(), "{}", e.id);
            assert!(!e.questions.is_empty(), "{} has no questions", e.id);
            assert!(!e.indicators.is_empty(), "{} has no indicators", e.id);
            assert!(!e.stride.is_empty(), "{} has no STRIDE", e.id);
            assert!(!e.factors.is_empty(), "{} has no factors", e.id);
            assert!(!e.suggested_by.is_empty(), "{} suggests nothing", e.id);
            if e.kind == ThreatKind::Extended && e.playbook_id.is_some() {
                assert!(e.id_warning.is_some(), "{} lacks id_warning", e.id);
            }
            if e.multi_agent_only {
                assert!(e.single_agent_note.is_some(), "{}", e.id);
            }
        }
    }

    #[test]
    fn for_layer_lists_primary_first() {
        let c = catalog();
        let l1 = c.threats.for_layer(L1);
        let ids: Vec<_> = l1.iter().map(|e| e.id.as_str()).collect();
        let t1 = ids.iter().position(|&i| i == "T1").unwrap();
        let t5 = ids.iter().position(|&i| i == "T5").unwrap();
        assert!(t5 < t1, "T5 is primary at L1, T1 only secondary");
        let first_secondary = l1.iter().position(|e| !e.is_primary(L1)).unwrap();
        assert!(l1[first_secondary..].iter().all(|e| !e.is_primary(L1)));
        assert!(!ids.contains(&"T2"));
        assert_eq!(c.threats.rows(Some(L1)).len(), l1.len());
        let json = c.threats.to_json(Some(L5));
        assert!(
            json["threats"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["id"] == "BV-12")
        );
    }

    #[test]
    fn check_catches_broken_entries() {
        let base = catalog();
        assert!(base.integrity_problems().is_empty());

        let mut c = base.clone();
        let dup = c.threats.get("T1").unwrap().clone();
        c.threats.threats.push(dup);
        assert!(
            c.integrity_problems()
                .iter()
                .any(|p| p.contains("duplicate id `T1`"))
        );

        let mut c = base.clone();
        let ext = c
            .threats
            .threats
            .iter_mut()
            .find(|e| e.id == "EXT-T16")
            .unwrap();
        ext.id_warning = None;
        assert!(
            c.integrity_problems()
                .iter()
                .any(|p| p.contains("official ASI id `T16`"))
        );

        let mut c = base.clone();
        let ext = c
            .threats
            .threats
            .iter_mut()
            .find(|e| e.id == "EXT-T17")
            .unwrap();
        ext.id = "T17X".into();
        assert!(c.integrity_problems().iter().any(|p| p.contains("T17X")));

        let mut c = base.clone();
        let bv = c
            .threats
            .threats
            .iter_mut()
            .find(|e| e.id == "BV-4")
            .unwrap();
        bv.primary_layers.clear();
        assert!(
            c.integrity_problems()
                .iter()
                .any(|p| p.contains("`BV-4` has no primary layer"))
        );

        let mut c = base.clone();
        let bullet = c
            .threats
            .threats
            .iter_mut()
            .find(|e| e.id == "EXT-L2-A")
            .unwrap();
        bullet.primary_layers = vec![L3];
        assert!(
            c.integrity_problems()
                .iter()
                .any(|p| p.contains("EXT-L2-A"))
        );

        let mut c = base.clone();
        c.threats.threats[0].related.push("T99".into());
        assert!(c.integrity_problems().iter().any(|p| p.contains("`T99`")));

        let mut c = base;
        c.threats.threats[0].kind = ThreatKind::Blindspot;
        assert!(c.integrity_problems().iter().any(|p| p.contains("BV-<n>")));
    }
}
