//! Catalog section `mitigations.toml`: the playbook's mitigation catalog
//! (playbook/09-mitigation-catalog.md), per layer and per control type.
//!
//! Mitigation IDs follow the playbook's convention `L<layer>-<type><n>` (and `CL-…` for
//! cross-layer controls), where the type letter is P (Preventive), D (Detective),
//! C (Corrective) or R (Deterrent). Threat references use the catalog's threat IDs:
//! `T1`…`T15` (ASI core), `EXT-T16`…`EXT-T47` (the playbook's extended threats),
//! `EXT-<layer>-<letter>` (unnumbered extended threats) and `BV-1`…`BV-12`.

use super::{Catalog, ListRow, Listing, check_unique};
use crate::vocab::{Layer, MitigationType};
use serde::{Deserialize, Serialize};

/// The whole mitigation catalog, in the playbook's order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Mitigations {
    #[serde(default)]
    pub mitigations: Vec<MitigationEntry>,
}

/// One mitigation of the catalog.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MitigationEntry {
    /// The playbook's ID, e.g. "L1-P1" or "CL-D3".
    pub id: String,
    /// The playbook's name, e.g. "Input Guardrails".
    pub name: String,
    /// Control type (the letter in the ID).
    pub kind: MitigationType,
    /// Layer the mitigation belongs to (`CL` for the cross-layer mitigations).
    pub layer: Layer,
    /// What the control does, in the catalog's own words.
    pub description: String,
    /// Threat IDs the playbook says this mitigation addresses.
    #[serde(default)]
    pub addresses: Vec<String>,
    /// References the playbook gives by name rather than by ID ("All", a cross-layer
    /// pattern such as "Cascading Trust Failure", or the name of an extended threat).
    #[serde(default)]
    pub addresses_note: Option<String>,
    /// Threat IDs the playbook's coverage notes say this mitigation addresses only in part.
    #[serde(default)]
    pub partially_addresses: Vec<String>,
    /// Case-insensitive plain search terms whose presence in a source tree hints that
    /// the mitigation is implemented (used by code validation, phase 8).
    #[serde(default)]
    pub evidence_terms: Vec<String>,
}

impl MitigationEntry {
    /// True when the mitigation names no specific threat (the playbook says "All" or
    /// names only patterns), i.e. it is a general control.
    pub fn is_general(&self) -> bool {
        self.addresses.is_empty()
    }
}

/// The ID letter of a control type: P, D, C or R (Deterrent).
pub fn kind_letter(kind: MitigationType) -> char {
    match kind {
        MitigationType::Preventive => 'P',
        MitigationType::Detective => 'D',
        MitigationType::Corrective => 'C',
        MitigationType::Deterrent => 'R',
    }
}

/// Splits a mitigation ID into its layer and type letter, e.g. "L3-C2" → (L3, 'C').
/// Returns `None` when the ID does not follow the `L<n>-<X><number>` / `CL-<X><number>` form.
pub fn parse_id(id: &str) -> Option<(Layer, char)> {
    let (layer_part, rest) = id.split_once('-')?;
    let layer = Layer::ALL
        .iter()
        .copied()
        .find(|l| l.as_str() == layer_part)?;
    let mut chars = rest.chars();
    let letter = chars.next()?;
    let number = chars.as_str();
    if !matches!(letter, 'P' | 'D' | 'C' | 'R')
        || number.is_empty()
        || !number.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some((layer, letter))
}

impl Mitigations {
    /// The mitigation with this ID.
    pub fn get(&self, id: &str) -> Option<&MitigationEntry> {
        self.mitigations.iter().find(|m| m.id == id)
    }

    /// Mitigations whose `addresses` name `threat_id`, in catalog order.
    pub fn addressing(&self, threat_id: &str) -> Vec<&MitigationEntry> {
        self.mitigations
            .iter()
            .filter(|m| m.addresses.iter().any(|t| t == threat_id))
            .collect()
    }

    /// Mitigations the coverage notes say address `threat_id` in part, in catalog order.
    pub fn partially_addressing(&self, threat_id: &str) -> Vec<&MitigationEntry> {
        self.mitigations
            .iter()
            .filter(|m| m.partially_addresses.iter().any(|t| t == threat_id))
            .collect()
    }

    /// Mitigations of one layer (`Layer::CrossLayer` for the CL controls), in catalog order.
    pub fn for_layer(&self, layer: Layer) -> Vec<&MitigationEntry> {
        self.mitigations
            .iter()
            .filter(|m| m.layer == layer)
            .collect()
    }

    /// Mitigations of one layer and control type, in catalog order.
    pub fn for_layer_and_kind(&self, layer: Layer, kind: MitigationType) -> Vec<&MitigationEntry> {
        self.mitigations
            .iter()
            .filter(|m| m.layer == layer && m.kind == kind)
            .collect()
    }

    /// Every (mitigation id, threat id) reference, from `addresses` and
    /// `partially_addresses`, for the cross-check against the threat section.
    pub fn referenced_threats(&self) -> impl Iterator<Item = (&str, &str)> {
        self.mitigations.iter().flat_map(|m| {
            m.addresses
                .iter()
                .chain(&m.partially_addresses)
                .map(move |t| (m.id.as_str(), t.as_str()))
        })
    }

    /// Adds uniqueness and cross-reference problems of this section to `problems`.
    ///
    /// Threat IDs are not resolved here: [`Mitigations::referenced_threats`] exposes them
    /// for the catalog-wide check against the threat section.
    pub fn check(&self, _catalog: &Catalog, problems: &mut Vec<String>) {
        check_unique(
            "mitigations",
            self.mitigations.iter().map(|m| m.id.as_str()),
            problems,
        );
        for m in &self.mitigations {
            match parse_id(&m.id) {
                None => problems.push(format!(
                    "mitigations: `{}` is not of the form L<n>-<P|D|C|R><number> or CL-<P|D|C|R><number>",
                    m.id
                )),
                Some((layer, letter)) => {
                    if layer != m.layer {
                        problems.push(format!(
                            "mitigations: `{}` has layer {} but its ID says {}",
                            m.id, m.layer, layer
                        ));
                    }
                    if letter != kind_letter(m.kind) {
                        problems.push(format!(
                            "mitigations: `{}` is {} but its ID letter is {letter}",
                            m.id, m.kind
                        ));
                    }
                }
            }
            let has_note = m
                .addresses_note
                .as_deref()
                .is_some_and(|n| !n.trim().is_empty());
            if m.addresses.is_empty() && !has_note {
                problems.push(format!(
                    "mitigations: `{}` addresses no threat and has no addresses_note",
                    m.id
                ));
            }
            if m.evidence_terms.iter().any(|t| t.trim().is_empty()) {
                problems.push(format!(
                    "mitigations: `{}` has an empty evidence term",
                    m.id
                ));
            }
        }
    }
}

impl Listing for Mitigations {
    fn rows(&self, layer: Option<Layer>) -> Vec<ListRow> {
        self.mitigations
            .iter()
            .filter(|m| layer.is_none_or(|l| m.layer == l))
            .map(|m| {
                let threats = if m.addresses.is_empty() {
                    m.addresses_note.clone().unwrap_or_default()
                } else {
                    m.addresses.join(", ")
                };
                ListRow {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    layers: vec![m.layer],
                    detail: format!("{} · {threats}", m.kind),
                }
            })
            .collect()
    }

    fn to_json(&self, layer: Option<Layer>) -> serde_json::Value {
        let entries: Vec<&MitigationEntry> = self
            .mitigations
            .iter()
            .filter(|m| layer.is_none_or(|l| m.layer == l))
            .collect();
        serde_json::to_value(entries).unwrap_or(serde_json::Value::Null)
    }
}

/// Test helper: whether `id` is one of the playbook's threat IDs in the catalog's scheme
/// (T1..T15, EXT-T16..EXT-T47, EXT-<layer>-<letter> within the letters 02 assigns, BV-1..BV-12).
#[cfg(test)]
pub fn is_playbook_threat_id(id: &str) -> bool {
    let number_in =
        |s: &str, lo: u32, hi: u32| s.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n));
    if let Some(n) = id.strip_prefix("EXT-T") {
        return number_in(n, 16, 47);
    }
    if let Some(rest) = id.strip_prefix("EXT-L") {
        // Last letter of the unnumbered extended threats per layer in 02-threat-taxonomy.md.
        let last = ['C', 'B', 'B', 'B', 'A', 'D', 'A'];
        let b = rest.as_bytes();
        return b.len() == 3
            && (b'1'..=b'7').contains(&b[0])
            && b[1] == b'-'
            && (b'A'..=last[usize::from(b[0] - b'1')] as u8).contains(&b[2]);
    }
    if let Some(n) = id.strip_prefix("BV-") {
        return number_in(n, 1, 12);
    }
    id.strip_prefix('T').is_some_and(|n| number_in(n, 1, 15))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::load(&[]).expect("embedded catalog loads")
    }

    #[test]
    fn total_matches_playbook() {
        assert_eq!(catalog().mitigations.mitigations.len(), 118);
    }

    #[test]
    fn per_layer_per_type_counts_match_playbook() {
        use MitigationType::*;
        let c = catalog();
        // (layer, preventive, detective, corrective, deterrent) as counted in 09.
        let expected = [
            (Layer::L1, 5, 4, 3, 3),
            (Layer::L2, 4, 4, 3, 3),
            (Layer::L3, 5, 4, 4, 3),
            (Layer::L4, 5, 4, 4, 3),
            (Layer::L5, 4, 4, 3, 3),
            (Layer::L6, 5, 4, 3, 3),
            (Layer::L7, 4, 4, 3, 3),
            (Layer::CrossLayer, 4, 4, 3, 3),
        ];
        for (layer, p, d, co, r) in expected {
            let m = &c.mitigations;
            assert_eq!(
                m.for_layer_and_kind(layer, Preventive).len(),
                p,
                "{layer} P"
            );
            assert_eq!(m.for_layer_and_kind(layer, Detective).len(), d, "{layer} D");
            assert_eq!(
                m.for_layer_and_kind(layer, Corrective).len(),
                co,
                "{layer} C"
            );
            assert_eq!(m.for_layer_and_kind(layer, Deterrent).len(), r, "{layer} R");
            assert_eq!(m.for_layer(layer).len(), p + d + co + r, "{layer}");
        }
    }

    #[test]
    fn spot_facts() {
        let c = catalog();
        let m = &c.mitigations;
        let p1 = m.get("L1-P1").unwrap();
        assert_eq!(p1.name, "Input Guardrails");
        assert_eq!(p1.kind, MitigationType::Preventive);
        assert_eq!(p1.layer, Layer::L1);
        assert_eq!(p1.addresses, ["T6", "T1"]);
        assert!(p1.evidence_terms.iter().any(|t| t == "prompt_injection"));

        let p5 = m.get("L1-P5").unwrap();
        assert_eq!(p5.name, "Temperature and Sampling Controls");
        assert_eq!(p5.addresses, ["T5", "EXT-T16"]);

        let d3 = m.get("L1-D3").unwrap();
        assert_eq!(d3.addresses, ["EXT-L1-B"]);
        assert!(
            d3.addresses_note
                .as_deref()
                .unwrap()
                .contains("Model Stealing via Eavesdropping")
        );

        let c1 = m.get("L3-C1").unwrap();
        assert_eq!(c1.name, "Circuit Breaker");
        assert_eq!(c1.kind, MitigationType::Corrective);
        assert_eq!(c1.addresses, ["EXT-T32", "T2", "T4"]);
        assert_eq!(c1.partially_addresses, ["EXT-T33", "EXT-T39"]);

        let r3 = m.get("L5-R3").unwrap();
        assert_eq!(r3.name, "Whistleblower Channel");
        assert_eq!(r3.kind, MitigationType::Deterrent);

        let d4 = m.get("L5-D4").unwrap();
        assert_eq!(d4.addresses, ["EXT-L5-A"]);

        let cl = m.get("CL-P1").unwrap();
        assert_eq!(cl.name, "Defense in Depth");
        assert_eq!(cl.layer, Layer::CrossLayer);
        assert!(cl.is_general());
        assert!(cl.addresses_note.is_some());

        let l7 = m.get("L7-P2").unwrap();
        assert_eq!(l7.name, "MCP Server Registry and Verification");
        assert_eq!(l7.addresses, ["EXT-T47", "T13"]);
        assert_eq!(l7.partially_addresses, ["EXT-T37"]);

        assert!(m.get("L8-P1").is_none());
    }

    #[test]
    fn addressing_is_in_catalog_order() {
        let c = catalog();
        let ids: Vec<&str> = c
            .mitigations
            .addressing("T10")
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(ids, ["L5-P2", "L5-D2", "L5-C2", "L5-R1", "L7-D3"]);
        let ids: Vec<&str> = c
            .mitigations
            .addressing("EXT-T17")
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(ids, ["L2-P3", "L2-D2", "L2-C3"]);
        let partial: Vec<&str> = c
            .mitigations
            .partially_addressing("EXT-T30")
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(partial, ["L3-P5", "L7-P1", "CL-P4"]);
        // Official OWASP T16/T17 are not the playbook's extended threats.
        assert!(c.mitigations.addressing("T16").is_empty());
        assert!(c.mitigations.addressing("T17").is_empty());
    }

    #[test]
    fn entries_are_well_formed() {
        let c = catalog();
        for m in &c.mitigations.mitigations {
            assert!(
                (3..=8).contains(&m.evidence_terms.len()),
                "{}: {} evidence terms",
                m.id,
                m.evidence_terms.len()
            );
            let mut lower: Vec<String> =
                m.evidence_terms.iter().map(|t| t.to_lowercase()).collect();
            lower.sort();
            lower.dedup();
            assert_eq!(
                lower.len(),
                m.evidence_terms.len(),
                "{}: duplicate evidence terms",
                m.id
            );
            assert!(!m.description.trim().is_empty(), "{}", m.id);
        }
        for (mitigation, threat) in c.mitigations.referenced_threats() {
            assert!(
                is_playbook_threat_id(threat),
                "{mitigation} references `{threat}`"
            );
        }
        assert!(
            c.mitigations
                .referenced_threats()
                .any(|r| r == ("L1-P1", "T6"))
        );
    }

    #[test]
    fn check_reports_duplicates_and_mismatches() {
        let base = catalog();
        assert!(base.integrity_problems().is_empty());

        let mut c = base.clone();
        let dup = c.mitigations.mitigations[0].clone();
        c.mitigations.mitigations.push(dup);
        let problems = c.integrity_problems();
        assert!(
            problems.iter().any(|p| p.contains("duplicate id `L1-P1`")),
            "{problems:?}"
        );

        let mut c = base.clone();
        c.mitigations.mitigations[0].kind = MitigationType::Detective;
        assert!(
            c.integrity_problems()
                .iter()
                .any(|p| p.contains("L1-P1") && p.contains("letter"))
        );

        let mut c = base.clone();
        c.mitigations.mitigations[0].layer = Layer::L2;
        assert!(
            c.integrity_problems()
                .iter()
                .any(|p| p.contains("L1-P1") && p.contains("layer"))
        );

        let mut c = base.clone();
        c.mitigations.mitigations[0].id = "L1-X1".into();
        assert!(c.integrity_problems().iter().any(|p| p.contains("L1-X1")));

        let mut c = base.clone();
        let first = &mut c.mitigations.mitigations[0];
        first.addresses.clear();
        first.addresses_note = None;
        assert!(
            c.integrity_problems()
                .iter()
                .any(|p| p.contains("addresses no threat"))
        );
    }

    #[test]
    fn threat_id_helper_knows_the_scheme() {
        for ok in [
            "T1", "T15", "EXT-T16", "EXT-T47", "EXT-L1-C", "EXT-L6-D", "BV-12",
        ] {
            assert!(is_playbook_threat_id(ok), "{ok}");
        }
        for bad in [
            "T16", "T0", "EXT-T15", "EXT-T48", "EXT-L5-B", "EXT-L8-A", "BV-13", "L1-P1",
        ] {
            assert!(!is_playbook_threat_id(bad), "{bad}");
        }
    }

    #[test]
    fn parse_id_accepts_playbook_forms_only() {
        assert_eq!(parse_id("L1-P1"), Some((Layer::L1, 'P')));
        assert_eq!(parse_id("CL-R3"), Some((Layer::CrossLayer, 'R')));
        assert_eq!(parse_id("L7-D12"), Some((Layer::L7, 'D')));
        assert_eq!(parse_id("L8-P1"), None);
        assert_eq!(parse_id("L1-Q1"), None);
        assert_eq!(parse_id("L1-P"), None);
        assert_eq!(parse_id("L1P1"), None);
    }

    #[test]
    fn listing_filters_by_layer() {
        let c = catalog();
        assert_eq!(c.mitigations.rows(None).len(), 118);
        let rows = c.mitigations.rows(Some(Layer::L2));
        assert_eq!(rows.len(), 14);
        assert!(rows.iter().all(|r| r.layers == [Layer::L2]));
        let json = c.mitigations.to_json(Some(Layer::CrossLayer));
        assert_eq!(json.as_array().unwrap().len(), 14);
    }
}
