//! Catalog section `frameworks.toml`: compliance alignment, the inherent limitations of
//! multi-agent systems, and cross-references to STRIDE, MITRE ATT&CK/ATLAS, the OWASP Top 10
//! for LLM Applications (2025), the OWASP ASI Top 10 and CWE.
//!
//! Threat references are plain strings in three namespaces: ASI "T1".."T17", the playbook's
//! extended threats "EXT-T16".."EXT-T47" and blindspots "BV-1".."BV-12". This module checks
//! their form only; whether each one exists is checked against the threats section by the
//! caller (see [`Frameworks::threat_references`]).

use super::{Catalog, ListRow, Listing, check_unique};
use crate::vocab::{Layer, Stride};
use serde::{Deserialize, Serialize};

/// The frameworks section.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Frameworks {
    /// Named record sets a session produces ("artifact:…" keys).
    pub artifacts: Vec<Artifact>,
    /// Compliance frameworks and standards.
    pub frameworks: Vec<Framework>,
    /// Inherent limitations of multi-agent systems.
    pub limitations: Vec<Limitation>,
    /// STRIDE category → MAESTRO layers and threats.
    pub stride: Vec<StrideMapping>,
    /// MITRE ATT&CK tactics and ATLAS techniques named per layer.
    pub mitre: Vec<MitreEntry>,
    /// OWASP Top 10 for LLM Applications (2025).
    pub owasp_llm: Vec<OwaspLlmEntry>,
    /// OWASP ASI Top 10 categories.
    pub asi_top10: Vec<AsiTop10Entry>,
    /// CWE entries referenced by `cwe_mappings`.
    pub cwes: Vec<CweEntry>,
    /// Threat → CWE cross-references.
    pub cwe_mappings: Vec<CweMapping>,
    /// Recommended framework combinations per scenario.
    #[serde(default)]
    pub combinations: Vec<Combination>,
}

/// A named record set of a session, the target of an "artifact:" key.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Artifact {
    /// The full key, e.g. "artifact:residual-register".
    pub id: String,
    pub name: String,
    /// Phase (1..10) that produces it.
    pub phase: u8,
    #[serde(default)]
    pub description: String,
}

/// A compliance framework or standard.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub year: u16,
    /// Why it matters for agentic AI.
    pub relevance: String,
    pub requirements: Vec<Requirement>,
}

/// One requirement (or function) of a framework and what in a session supports it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Requirement {
    /// Unique within its framework.
    pub id: String,
    pub name: String,
    pub summary: String,
    /// Artifact keys: "phase:N", "layer:Lx" / "layer:CL" or a declared "artifact:…".
    #[serde(default)]
    pub supported_by: Vec<String>,
}

/// An inherent limitation of multi-agent systems.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Limitation {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Related threat references.
    #[serde(default)]
    pub threats: Vec<String>,
}

/// Where a STRIDE category lands in MAESTRO.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StrideMapping {
    pub id: Stride,
    /// Primary layers.
    pub layers: Vec<Layer>,
    /// Primary threats.
    pub threats: Vec<String>,
}

/// The MITRE knowledge base an entry belongs to.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum MitreSource {
    #[serde(rename = "ATLAS")]
    Atlas,
    #[serde(rename = "ATT&CK")]
    Attack,
}

/// A MITRE ATT&CK tactic or ATLAS technique as named by the playbook.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MitreEntry {
    /// Slug "atlas:…" or "attack:…".
    pub id: String,
    pub name: String,
    pub source: MitreSource,
    /// Official id (e.g. "TA0001") where unambiguous, else empty.
    #[serde(default)]
    pub external_id: String,
    /// Layers the playbook maps it to.
    pub layers: Vec<Layer>,
}

/// An entry of the OWASP Top 10 for LLM Applications (2025).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OwaspLlmEntry {
    /// E.g. "LLM01:2025".
    pub id: String,
    pub name: String,
    pub layers: Vec<Layer>,
    /// Corresponding threats named by the playbook (may be empty).
    #[serde(default)]
    pub threats: Vec<String>,
    #[serde(default)]
    pub guidance: String,
}

/// A category of the OWASP ASI Top 10 and its threats.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AsiTop10Entry {
    /// "ASI01" … "ASI10".
    pub id: String,
    pub name: String,
    pub threats: Vec<String>,
    pub layers: Vec<Layer>,
}

/// A CWE weakness.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CweEntry {
    /// `CWE-<n>`.
    pub id: String,
    pub name: String,
}

/// CWE cross-reference of one threat.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CweMapping {
    /// The threat reference (stored under the key `id`).
    #[serde(rename = "id")]
    pub threat: String,
    /// CWE ids; empty when there is no direct equivalent.
    pub cwe: Vec<String>,
    #[serde(default)]
    pub note: String,
}

/// A recommended set of frameworks for a scenario.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Combination {
    pub id: String,
    pub scenario: String,
    /// Framework kinds, see [`COMBINATION_KINDS`].
    #[serde(rename = "use")]
    pub uses: Vec<String>,
    #[serde(default)]
    pub note: String,
}

/// Values allowed in [`Combination::uses`].
pub const COMBINATION_KINDS: &[&str] = &[
    "maestro",
    "maestro-full",
    "stride",
    "owasp-llm",
    "atlas",
    "cwe",
    "asi-top10",
];

/// Whether `s` has the form of a threat reference: "T1".."T17", "EXT-T16".."EXT-T47"
/// (without the reserved 26 and 27) or "BV-1".."BV-12".
pub fn is_threat_ref(s: &str) -> bool {
    fn number(s: &str) -> Option<u32> {
        if s.is_empty() || s.starts_with('0') || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    }
    if let Some(n) = s.strip_prefix("EXT-T").and_then(number) {
        (16..=47).contains(&n) && n != 26 && n != 27
    } else if let Some(n) = s.strip_prefix("BV-").and_then(number) {
        (1..=12).contains(&n)
    } else if let Some(n) = s.strip_prefix('T').and_then(number) {
        (1..=17).contains(&n)
    } else {
        false
    }
}

impl Frameworks {
    pub fn get_framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id)
    }

    pub fn get_artifact(&self, key: &str) -> Option<&Artifact> {
        self.artifacts.iter().find(|a| a.id == key)
    }

    /// Whether `id` is a known cross-reference of `kind`: "owasp-llm" (e.g. "LLM01:2025";
    /// "LLM01" also matches), "atlas" or "attack" (slug or official id such as "TA0001"),
    /// "cwe" ("CWE-345"), "asi-top10" ("ASI05") or "stride" ("Tampering").
    pub fn has_crossref(&self, kind: &str, id: &str) -> bool {
        match kind {
            "owasp-llm" => self
                .owasp_llm
                .iter()
                .any(|e| e.id == id || e.id.split(':').next() == Some(id)),
            "atlas" | "attack" | "mitre" => self
                .mitre
                .iter()
                .any(|e| e.id == id || (!e.external_id.is_empty() && e.external_id == id)),
            "cwe" => self.cwes.iter().any(|e| e.id == id),
            "asi-top10" => self.asi_top10.iter().any(|e| e.id == id),
            "stride" => self.stride.iter().any(|e| e.id.as_str() == id),
            _ => false,
        }
    }

    /// CWE ids mapped to a threat (empty when none or when the threat has no mapping).
    pub fn cwe_for(&self, threat_id: &str) -> Vec<&str> {
        self.cwe_mappings
            .iter()
            .filter(|m| m.threat == threat_id)
            .flat_map(|m| m.cwe.iter().map(String::as_str))
            .collect()
    }

    /// The name of a CWE id.
    pub fn cwe_name(&self, id: &str) -> Option<&str> {
        self.cwes
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.as_str())
    }

    /// OWASP LLM Top 10 entries that name `threat_id`.
    pub fn owasp_llm_for(&self, threat_id: &str) -> Vec<&OwaspLlmEntry> {
        self.owasp_llm
            .iter()
            .filter(|e| e.threats.iter().any(|t| t == threat_id))
            .collect()
    }

    /// ASI Top 10 categories that include `threat_id`.
    pub fn asi_top10_for(&self, threat_id: &str) -> Vec<&AsiTop10Entry> {
        self.asi_top10
            .iter()
            .filter(|e| e.threats.iter().any(|t| t == threat_id))
            .collect()
    }

    /// The STRIDE mapping of a category.
    pub fn stride_mapping(&self, s: Stride) -> Option<&StrideMapping> {
        self.stride.iter().find(|m| m.id == s)
    }

    /// Framework requirements that an artifact key supports, e.g. "phase:9".
    pub fn requirements_supported_by(&self, key: &str) -> Vec<(&Framework, &Requirement)> {
        self.frameworks
            .iter()
            .flat_map(|f| f.requirements.iter().map(move |r| (f, r)))
            .filter(|(_, r)| r.supported_by.iter().any(|k| k == key))
            .collect()
    }

    /// Every threat reference in this section with where it occurs, for cross-checking
    /// against the threats section.
    pub fn threat_references(&self) -> Vec<(String, &str)> {
        let mut refs = Vec::new();
        for l in &self.limitations {
            refs.extend(
                l.threats
                    .iter()
                    .map(|t| (format!("limitations `{}`", l.id), t.as_str())),
            );
        }
        for m in &self.stride {
            refs.extend(
                m.threats
                    .iter()
                    .map(|t| (format!("stride `{}`", m.id), t.as_str())),
            );
        }
        for e in &self.owasp_llm {
            refs.extend(
                e.threats
                    .iter()
                    .map(|t| (format!("owasp_llm `{}`", e.id), t.as_str())),
            );
        }
        for e in &self.asi_top10 {
            refs.extend(
                e.threats
                    .iter()
                    .map(|t| (format!("asi_top10 `{}`", e.id), t.as_str())),
            );
        }
        for m in &self.cwe_mappings {
            refs.push(("cwe_mappings".to_string(), m.threat.as_str()));
        }
        refs
    }

    /// Whether an artifact key is well formed and, for "artifact:" keys, declared.
    fn key_is_valid(&self, key: &str) -> bool {
        if let Some(n) = key.strip_prefix("phase:") {
            n.parse::<u8>().is_ok_and(|n| (1..=10).contains(&n)) && !n.starts_with('0')
        } else if let Some(layer) = key.strip_prefix("layer:") {
            Layer::ALL.iter().any(|l| l.as_str() == layer)
        } else if key.starts_with("artifact:") {
            self.get_artifact(key).is_some()
        } else {
            false
        }
    }

    /// Adds uniqueness and cross-reference problems of this section to `problems`.
    pub fn check(&self, _catalog: &Catalog, problems: &mut Vec<String>) {
        check_unique(
            "frameworks.artifacts",
            self.artifacts.iter().map(|a| a.id.as_str()),
            problems,
        );
        check_unique(
            "frameworks.frameworks",
            self.frameworks.iter().map(|f| f.id.as_str()),
            problems,
        );
        check_unique(
            "frameworks.limitations",
            self.limitations.iter().map(|l| l.id.as_str()),
            problems,
        );
        check_unique(
            "frameworks.stride",
            self.stride.iter().map(|m| m.id.as_str()),
            problems,
        );
        check_unique(
            "frameworks.mitre",
            self.mitre.iter().map(|m| m.id.as_str()),
            problems,
        );
        check_unique(
            "frameworks.owasp_llm",
            self.owasp_llm.iter().map(|e| e.id.as_str()),
            problems,
        );
        check_unique(
            "frameworks.asi_top10",
            self.asi_top10.iter().map(|e| e.id.as_str()),
            problems,
        );
        check_unique(
            "frameworks.cwes",
            self.cwes.iter().map(|c| c.id.as_str()),
            problems,
        );
        check_unique(
            "frameworks.cwe_mappings",
            self.cwe_mappings.iter().map(|m| m.threat.as_str()),
            problems,
        );
        check_unique(
            "frameworks.combinations",
            self.combinations.iter().map(|c| c.id.as_str()),
            problems,
        );

        for a in &self.artifacts {
            if !a.id.starts_with("artifact:") {
                problems.push(format!(
                    "frameworks.artifacts `{}`: id must start with `artifact:`",
                    a.id
                ));
            }
            if !(1..=10).contains(&a.phase) {
                problems.push(format!(
                    "frameworks.artifacts `{}`: phase {} is not 1..10",
                    a.id, a.phase
                ));
            }
        }
        for f in &self.frameworks {
            check_unique(
                &format!("frameworks `{}` requirements", f.id),
                f.requirements.iter().map(|r| r.id.as_str()),
                problems,
            );
            for r in &f.requirements {
                for key in r.supported_by.iter().filter(|k| !self.key_is_valid(k)) {
                    problems.push(format!(
                        "frameworks `{}` requirement `{}`: unknown artifact key `{key}`",
                        f.id, r.id
                    ));
                }
            }
        }
        for (place, t) in self.threat_references() {
            if !is_threat_ref(t) {
                problems.push(format!(
                    "frameworks.{place}: `{t}` is not a threat reference (T1-T17, EXT-T16-EXT-T47, BV-1-BV-12)"
                ));
            }
        }
        for m in &self.cwe_mappings {
            for cwe in m.cwe.iter().filter(|c| self.cwe_name(c).is_none()) {
                problems.push(format!(
                    "frameworks.cwe_mappings `{}`: `{cwe}` is not in [[cwes]]",
                    m.threat
                ));
            }
        }
        for c in &self.cwes {
            let numeric =
                c.id.strip_prefix("CWE-")
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if !numeric {
                problems.push(format!(
                    "frameworks.cwes: `{}` is not of the form CWE-<n>",
                    c.id
                ));
            }
        }
        for m in &self.mitre {
            let prefix = match m.source {
                MitreSource::Atlas => "atlas:",
                MitreSource::Attack => "attack:",
            };
            if !m.id.starts_with(prefix) {
                problems.push(format!(
                    "frameworks.mitre `{}`: id must start with `{prefix}`",
                    m.id
                ));
            }
        }
        for c in &self.combinations {
            for kind in c
                .uses
                .iter()
                .filter(|k| !COMBINATION_KINDS.contains(&k.as_str()))
            {
                problems.push(format!(
                    "frameworks.combinations `{}`: unknown framework kind `{kind}`",
                    c.id
                ));
            }
        }
    }
}

fn row(table: &str, id: &str, name: &str, layers: &[Layer], detail: String) -> ListRow {
    ListRow {
        id: format!("{table}/{id}"),
        name: name.to_string(),
        layers: layers.to_vec(),
        detail,
    }
}

/// Whether an entry with `layers` is shown for the `filter` (entries without layers always are).
fn shown(layers: &[Layer], filter: Option<Layer>) -> bool {
    match filter {
        Some(layer) if !layers.is_empty() => layers.contains(&layer),
        _ => true,
    }
}

impl Listing for Frameworks {
    fn rows(&self, layer: Option<Layer>) -> Vec<ListRow> {
        let mut rows = Vec::new();
        for f in &self.frameworks {
            let reqs: Vec<&str> = f.requirements.iter().map(|r| r.name.as_str()).collect();
            rows.push(row(
                "framework",
                &f.id,
                &f.name,
                &[],
                format!("{} · {}", f.year, reqs.join(", ")),
            ));
        }
        for a in &self.artifacts {
            rows.push(row(
                "artifact",
                &a.id,
                &a.name,
                &[],
                format!("phase {}", a.phase),
            ));
        }
        for l in &self.limitations {
            rows.push(row("limitation", &l.id, &l.name, &[], l.threats.join(", ")));
        }
        for m in self.stride.iter().filter(|m| shown(&m.layers, layer)) {
            rows.push(row(
                "stride",
                m.id.as_str(),
                m.id.as_str(),
                &m.layers,
                m.threats.join(", "),
            ));
        }
        for m in self.mitre.iter().filter(|m| shown(&m.layers, layer)) {
            let source = match m.source {
                MitreSource::Atlas => "ATLAS technique".to_string(),
                MitreSource::Attack => format!("ATT&CK tactic {}", m.external_id),
            };
            rows.push(row("mitre", &m.id, &m.name, &m.layers, source));
        }
        for e in self.owasp_llm.iter().filter(|e| shown(&e.layers, layer)) {
            rows.push(row(
                "owasp-llm",
                &e.id,
                &e.name,
                &e.layers,
                e.threats.join(", "),
            ));
        }
        for e in self.asi_top10.iter().filter(|e| shown(&e.layers, layer)) {
            rows.push(row(
                "asi-top10",
                &e.id,
                &e.name,
                &e.layers,
                e.threats.join(", "),
            ));
        }
        for c in &self.cwes {
            rows.push(row("cwe", &c.id, &c.name, &[], String::new()));
        }
        for m in &self.cwe_mappings {
            let detail = if m.cwe.is_empty() {
                "no direct CWE".to_string()
            } else {
                m.cwe.join(", ")
            };
            rows.push(row("cwe-mapping", &m.threat, &m.threat, &[], detail));
        }
        for c in &self.combinations {
            rows.push(row(
                "combination",
                &c.id,
                &c.scenario,
                &[],
                c.uses.join(" + "),
            ));
        }
        rows
    }

    fn to_json(&self, layer: Option<Layer>) -> serde_json::Value {
        let mut filtered = self.clone();
        if layer.is_some() {
            filtered.stride.retain(|m| shown(&m.layers, layer));
            filtered.mitre.retain(|m| shown(&m.layers, layer));
            filtered.owasp_llm.retain(|e| shown(&e.layers, layer));
            filtered.asi_top10.retain(|e| shown(&e.layers, layer));
        }
        serde_json::to_value(filtered).unwrap_or(serde_json::Value::Null)
    }
}

#[cfg(test)]
#[path = "frameworks_tests.rs"]
mod tests;
