//! The `status` summary: per-phase progress, threats by layer and risk level, MVTM.

use super::{phases_in_depth, rule_met};
use crate::catalog::Catalog;
use crate::catalog::phases::parse_rule;
use crate::session::Session;
use crate::vocab::{Layer, PhaseStatus, RiskLevel};
use serde::Serialize;
use std::fmt::Write;

#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub title: String,
    pub depth: Option<String>,
    pub catalog_version: String,
    pub phases: Vec<PhaseLine>,
    pub layers: Vec<LayerLine>,
    /// Threat counts by inherent risk level, then unrated.
    pub inherent: LevelCounts,
    /// Threat counts by effective risk level (after mitigations), then fully mitigated.
    pub effective: LevelCounts,
    /// Threat counts by residual risk level (phase 9), then unrated.
    pub residual: LevelCounts,
    pub mitigations: usize,
    /// Threats breaking each gap rule (the one gap analysis, `analysis::gaps`).
    pub gaps: Vec<GapLine>,
    pub mvtm: Vec<MvtmLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GapLine {
    pub rule: crate::risk::gaps::GapRule,
    pub text: String,
    pub threats: Vec<String>,
    /// The owner rule only: the residual entries without an owner.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub residuals: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseLine {
    pub phase: u8,
    pub name: String,
    pub status: PhaseStatus,
    pub in_depth: bool,
    pub criteria_met: usize,
    /// Of the met criteria, those that hold only because there is nothing to check.
    pub criteria_vacuous: usize,
    pub criteria_total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct LayerLine {
    pub layer: Layer,
    pub components: usize,
    pub threats: LevelCounts,
}

/// Counts per risk level; `none` is unrated (inherent) or fully mitigated (effective).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LevelCounts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub none: usize,
}

impl LevelCounts {
    fn add(&mut self, level: Option<RiskLevel>) {
        match level {
            Some(RiskLevel::Critical) => self.critical += 1,
            Some(RiskLevel::High) => self.high += 1,
            Some(RiskLevel::Medium) => self.medium += 1,
            Some(RiskLevel::Low) => self.low += 1,
            None => self.none += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.critical + self.high + self.medium + self.low + self.none
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MvtmLine {
    pub id: String,
    pub text: String,
    pub done: bool,
}

impl StatusReport {
    pub fn build(session: &Session, catalog: &Catalog) -> StatusReport {
        let in_depth = phases_in_depth(session, catalog);
        let phases = (1..=10)
            .map(|phase| {
                let criteria = super::phase_criteria(session, catalog, phase);
                let criteria_met = criteria.iter().filter(|c| c.met).count();
                let criteria_vacuous = criteria.iter().filter(|c| c.met && c.vacuous).count();
                let criteria_total = criteria.len();
                PhaseLine {
                    phase,
                    name: catalog
                        .phases
                        .get(phase)
                        .map_or_else(|| format!("Phase {phase}"), |p| p.name.clone()),
                    status: session.phase_status(phase),
                    in_depth: in_depth.contains(&phase),
                    criteria_met,
                    criteria_vacuous,
                    criteria_total,
                }
            })
            .collect();
        let risks = crate::risk::assess_all(session, catalog);
        let mut inherent = LevelCounts::default();
        let mut effective = LevelCounts::default();
        let mut residual = LevelCounts::default();
        let mut layers: Vec<LayerLine> = Layer::ALL
            .iter()
            .map(|&layer| LayerLine {
                layer,
                components: session
                    .components
                    .iter()
                    .filter(|c| c.layers.contains(&layer))
                    .count(),
                threats: LevelCounts::default(),
            })
            .collect();
        let residuals = crate::risk::residual_all(session, catalog);
        for ((threat, risk), figures) in session.threats.iter().zip(&risks).zip(&residuals) {
            inherent.add(risk.inherent);
            effective.add(risk.effective_level);
            residual.add(figures.level);
            for line in layers
                .iter_mut()
                .filter(|l| threat.layers.contains(&l.layer))
            {
                line.threats.add(risk.inherent);
            }
        }
        let mvtm = catalog
            .engagement
            .mvtm
            .iter()
            .map(|item| MvtmLine {
                id: item.id.clone(),
                text: item.text.clone(),
                done: item
                    .rule
                    .as_deref()
                    .and_then(|r| parse_rule(r).ok())
                    .is_some_and(|rule| rule_met(&rule, session, catalog)),
            })
            .collect();
        StatusReport {
            title: session.session.title.clone(),
            depth: session.engagement.depth.map(|d| d.to_string()),
            catalog_version: session.session.catalog_version.clone(),
            phases,
            layers,
            inherent,
            effective,
            residual,
            mitigations: session.mitigations.len(),
            gaps: crate::risk::gaps::analyse(session, catalog)
                .lists
                .into_iter()
                .map(|(rule, list)| GapLine {
                    rule,
                    text: rule.to_string(),
                    residuals: list.iter().filter_map(|e| e.residual.clone()).collect(),
                    threats: list.into_iter().map(|e| e.threat_id).collect(),
                })
                .collect(),
            mvtm,
        }
    }

    /// Plain-text rendering for the terminal (no colour: it may be piped).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let depth = self.depth.as_deref().unwrap_or("not chosen");
        let catalog = if self.catalog_version.is_empty() {
            String::new()
        } else {
            format!(", catalog {}", self.catalog_version)
        };
        let _ = writeln!(out, "{}  (depth: {depth}{catalog})", self.title);
        let _ = writeln!(out, "\nPhases");
        for p in &self.phases {
            let scope = if p.in_depth { "" } else { "  (outside depth)" };
            let vacuous = match p.criteria_vacuous {
                0 => String::new(),
                n => format!(", {n} vacuous"),
            };
            let _ = writeln!(
                out,
                "  {:>2}. {:<44} {:<12} {}/{} criteria{vacuous}{scope}",
                p.phase, p.name, p.status, p.criteria_met, p.criteria_total
            );
        }
        let _ = writeln!(out, "\nThreats by layer (inherent risk)");
        let _ = writeln!(
            out,
            "  {:<32} {:>5} {:>5} {:>5} {:>5} {:>5} {:>7} {:>10}",
            "layer", "total", "C", "H", "M", "L", "unrated", "components"
        );
        for l in &self.layers {
            let t = &l.threats;
            let _ = writeln!(
                out,
                "  {:<32} {:>5} {:>5} {:>5} {:>5} {:>5} {:>7} {:>10}",
                format!("{} {}", l.layer, l.layer.name()),
                t.total(),
                t.critical,
                t.high,
                t.medium,
                t.low,
                t.none,
                l.components
            );
        }
        let i = &self.inherent;
        let e = &self.effective;
        let _ = writeln!(
            out,
            "\nRisk levels  inherent: {} Critical, {} High, {} Medium, {} Low, {} unrated",
            i.critical, i.high, i.medium, i.low, i.none
        );
        let _ = writeln!(
            out,
            "             effective: {} Critical, {} High, {} Medium, {} Low, {} mitigated or unrated",
            e.critical, e.high, e.medium, e.low, e.none
        );
        let r = &self.residual;
        let _ = writeln!(
            out,
            "             residual: {} Critical, {} High, {} Medium, {} Low, {} unrated",
            r.critical, r.high, r.medium, r.low, r.none
        );
        let _ = writeln!(out, "Mitigations: {}", self.mitigations);
        let _ = writeln!(out, "\nGaps (phases 7 and 9)");
        for g in &self.gaps {
            let _ = writeln!(out, "  {:>3}  {}", g.threats.len(), g.text);
        }
        let done = self.mvtm.iter().filter(|m| m.done).count();
        let _ = writeln!(
            out,
            "\nMinimum viable threat model: {done}/{} done",
            self.mvtm.len()
        );
        for m in &self.mvtm {
            let mark = if m.done { "[x]" } else { "[ ]" };
            let _ = writeln!(out, "  {mark} {:<8} {}", m.id, m.text);
        }
        out
    }
}
