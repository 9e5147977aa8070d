//! Compliance mapping: which artifacts of a session support which requirement of the
//! frameworks in the catalog (EU AI Act, NIST AI RMF, ISO/IEC 42001 and 23894, NIST CSF).
//!
//! An artifact counts as present when the session holds records of it; a phase marked
//! Complete also counts (the analyst may have done it without records, e.g. phase 8
//! skipped for lack of source access is *not* complete).

use super::{Alignment, ArtifactCheck, FrameworkAlignment, RequirementAlignment};
use crate::catalog::Catalog;
use crate::session::Session;
use crate::vocab::{Layer, PhaseStatus};

/// Whether the session holds records of phase `phase`.
fn phase_has_content(s: &Session, phase: u8) -> bool {
    let b = &s.business;
    match phase {
        1 => !b.function.trim().is_empty() || b.criticality.is_some() || !b.application.is_empty(),
        2 => !s.components.is_empty(),
        3 => !s.actors.is_empty(),
        4 => !s.zones.is_empty() || !s.boundaries.is_empty(),
        5 => !s.assets.is_empty(),
        6 => !s.threats.is_empty(),
        7 => !s.mitigations.is_empty(),
        8 => !s.validations.is_empty(),
        9 => !s.residual_risks.is_empty(),
        10 => {
            !s.roadmap.is_empty()
                || !s.summary.system_overview.trim().is_empty()
                || !s.triggers.is_empty()
        }
        _ => false,
    }
}

/// Whether an artifact key of the catalog ("phase:N", "layer:Lx", "artifact:…") is
/// present in the session. Unknown keys are never present.
pub fn artifact_present(s: &Session, key: &str) -> bool {
    if let Some(n) = key.strip_prefix("phase:") {
        return n.parse::<u8>().is_ok_and(|phase| {
            phase_has_content(s, phase) || s.phase_status(phase) == PhaseStatus::Complete
        });
    }
    if let Some(layer) = key.strip_prefix("layer:") {
        let Some(layer) = Layer::parse(layer) else {
            return false;
        };
        let threats = s.threats.iter().any(|t| t.layers.contains(&layer));
        return threats
            || s.components.iter().any(|c| c.layers.contains(&layer))
            || (layer == Layer::CrossLayer && !s.chains.is_empty());
    }
    match key {
        "artifact:business-context" => phase_has_content(s, 1),
        "artifact:layer-mapping" => s.components.iter().any(|c| !c.layers.is_empty()),
        "artifact:threat-actors" => !s.actors.is_empty(),
        "artifact:trust-boundaries" => !s.boundaries.is_empty(),
        "artifact:asset-flows" => !s.assets.is_empty(),
        "artifact:threat-register" => !s.threats.is_empty(),
        "artifact:agentic-factors" => s.threats.iter().any(|t| !t.factors.is_empty()),
        "artifact:cross-layer-analysis" => {
            !s.chains.is_empty()
                || s.threats
                    .iter()
                    .any(|t| t.layers.contains(&Layer::CrossLayer))
        }
        "artifact:mitigation-register" => !s.mitigations.is_empty(),
        "artifact:code-validation" => !s.validations.is_empty(),
        "artifact:residual-register" => !s.residual_risks.is_empty(),
        "artifact:remediation-roadmap" => !s.roadmap.is_empty(),
        "artifact:executive-summary" => !s.summary.system_overview.trim().is_empty(),
        _ => false,
    }
}

/// Display name of an artifact key.
fn artifact_name(catalog: &Catalog, key: &str) -> String {
    if let Some(n) = key.strip_prefix("phase:") {
        let name = n
            .parse::<u8>()
            .ok()
            .and_then(|p| catalog.phases.get(p))
            .map_or("", |p| p.name.as_str());
        return format!("Phase {n}: {name}");
    }
    if let Some(layer) = key.strip_prefix("layer:").and_then(Layer::parse) {
        return format!("Layer {layer}: {}", layer.name());
    }
    catalog
        .frameworks
        .get_artifact(key)
        .map_or_else(|| key.to_string(), |a| a.name.clone())
}

/// The compliance mapping of every framework in the catalog.
pub fn alignment(session: &Session, catalog: &Catalog) -> Vec<FrameworkAlignment> {
    catalog
        .frameworks
        .frameworks
        .iter()
        .map(|f| {
            let requirements: Vec<RequirementAlignment> = f
                .requirements
                .iter()
                .map(|r| {
                    let artifacts: Vec<ArtifactCheck> = r
                        .supported_by
                        .iter()
                        .map(|key| ArtifactCheck {
                            key: key.clone(),
                            name: artifact_name(catalog, key),
                            present: artifact_present(session, key),
                        })
                        .collect();
                    let present = artifacts.iter().filter(|a| a.present).count();
                    let status = if artifacts.is_empty() {
                        Alignment::NotCovered
                    } else if present == artifacts.len() {
                        Alignment::Supported
                    } else if present > 0 {
                        Alignment::Partial
                    } else {
                        Alignment::Missing
                    };
                    RequirementAlignment {
                        id: r.id.clone(),
                        name: r.name.clone(),
                        summary: r.summary.clone(),
                        status,
                        artifacts,
                    }
                })
                .collect();
            let count = |a: Alignment| requirements.iter().filter(|r| r.status == a).count();
            FrameworkAlignment {
                id: f.id.clone(),
                name: f.name.clone(),
                year: f.year,
                supported: count(Alignment::Supported),
                partial: count(Alignment::Partial),
                missing: count(Alignment::Missing),
                not_covered: count(Alignment::NotCovered),
                requirements,
            }
        })
        .collect()
}
