//! The threat register's data: threat rows, counts, heatmaps and chains.

use super::*;

/// Appends the items of `more` that `list` does not have yet.
pub(super) fn extend_unique(list: &mut Vec<String>, more: impl IntoIterator<Item = String>) {
    for item in more {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

pub(super) fn threat_row(
    catalog: &Catalog,
    index: &risk::Index,
    lookup: &Lookup,
    threat: &Threat,
    risk: &ThreatRisk,
    residual: Option<RiskLevel>,
) -> ThreatRow {
    let entry = catalog.threats.get(&threat.catalog);
    let frameworks = &catalog.frameworks;
    let mut asi = lines(&threat.asi);
    let mut stride = threat.stride.clone();
    let mut owasp_llm = Vec::new();
    let mut asi_top10 = Vec::new();
    let mut atlas = Vec::new();
    let mut cwe = Vec::new();
    if let Some(entry) = entry {
        if asi.is_empty() {
            asi.push(match entry.kind {
                crate::catalog::threats::ThreatKind::Asi => entry.id.clone(),
                _ => "Extended".to_string(),
            });
        }
        if stride.is_empty() {
            stride = entry.stride.clone();
        }
        extend_unique(&mut owasp_llm, entry.owasp_llm.iter().cloned());
        extend_unique(
            &mut owasp_llm,
            frameworks
                .owasp_llm_for(&entry.id)
                .into_iter()
                .map(|e| e.id.clone()),
        );
        extend_unique(&mut asi_top10, entry.asi_top10.iter().cloned());
        extend_unique(
            &mut asi_top10,
            frameworks
                .asi_top10_for(&entry.id)
                .into_iter()
                .map(|e| e.id.clone()),
        );
        extend_unique(&mut atlas, entry.atlas.iter().cloned());
        extend_unique(&mut cwe, entry.cwe.iter().cloned());
        extend_unique(
            &mut cwe,
            frameworks
                .cwe_for(&entry.id)
                .into_iter()
                .map(str::to_string),
        );
    }
    ThreatRow {
        id: line(&threat.id),
        name: line(&threat.name),
        catalog: line(&threat.catalog),
        catalog_name: entry.map_or_else(String::new, |e| e.name.clone()),
        layers: threat.layers.clone(),
        asi,
        stride,
        owasp_llm,
        asi_top10,
        atlas,
        cwe,
        description: block(&threat.description),
        attack_vector: threat.attack_vector,
        attack_complexity: threat.attack_complexity,
        severity: threat.severity,
        likelihood: threat.likelihood,
        inherent: risk.inherent,
        implementation: risk.implementation,
        effective: risk.effective,
        residual,
        factors: threat.factors.clone(),
        components: threat
            .components
            .iter()
            .map(|c| line(lookup.component_name(c)))
            .collect(),
        actors: threat
            .actors
            .iter()
            .map(|id| line(lookup.actor_name(id)))
            .collect(),
        boundaries: lines(&threat.boundaries),
        assets: threat
            .assets
            .iter()
            .map(|id| line(lookup.asset_name(id)))
            .collect(),
        prerequisites: block(&threat.prerequisites),
        impact: block(&threat.impact),
        mitigations: index
            .mitigations_for(&threat.id)
            .iter()
            .map(|m| line(&m.id))
            .collect(),
        merged: lines(&threat.merged),
    }
}

impl LevelCounts {
    fn add(&mut self, level: Option<RiskLevel>) {
        self.count += 1;
        match level {
            Some(RiskLevel::Critical) => self.critical += 1,
            Some(RiskLevel::High) => self.high += 1,
            Some(RiskLevel::Medium) => self.medium += 1,
            Some(RiskLevel::Low) => self.low += 1,
            None => self.unrated += 1,
        }
    }

    /// The count at one level.
    pub fn at(&self, level: RiskLevel) -> usize {
        match level {
            RiskLevel::Critical => self.critical,
            RiskLevel::High => self.high,
            RiskLevel::Medium => self.medium,
            RiskLevel::Low => self.low,
        }
    }
}

pub(super) fn threat_register(
    session: &Session,
    catalog: &Catalog,
    index: &risk::Index,
    lookup: &Lookup,
    risks: &[ThreatRisk],
    residuals: &[Option<RiskLevel>],
    ranked: &[String],
) -> ThreatRegister {
    let threats = &session.threats;
    let mut totals = LevelCounts::default();
    let mut by_layer: Vec<LayerCountRow> = Layer::ALL
        .iter()
        .map(|&layer| LayerCountRow {
            layer,
            name: layer.name().to_string(),
            counts: LevelCounts::default(),
        })
        .collect();
    for (threat, risk) in threats.iter().zip(risks) {
        totals.add(risk.inherent);
        for row in by_layer
            .iter_mut()
            .filter(|r| threat.layers.contains(&r.layer))
        {
            row.counts.add(risk.inherent);
        }
    }
    let by_level = RiskLevel::ALL
        .iter()
        .rev()
        .map(|&level| {
            let at_level: Vec<&Threat> = threats
                .iter()
                .zip(risks)
                .filter(|(_, r)| r.inherent == Some(level))
                .map(|(t, _)| t)
                .collect();
            let with = at_level
                .iter()
                .filter(|t| !index.mitigations_for(&t.id).is_empty())
                .count();
            LevelMitigationRow {
                level,
                count: at_level.len(),
                with_mitigation: with,
                without_mitigation: at_level.len() - with,
            }
        })
        .collect();
    let by_severity = Severity::ALL
        .iter()
        .rev()
        .map(|&severity| {
            let rated: Vec<&Threat> = threats
                .iter()
                .filter(|t| t.severity == Some(severity))
                .collect();
            let with = rated
                .iter()
                .filter(|t| !index.mitigations_for(&t.id).is_empty())
                .count();
            SeverityMitigationRow {
                severity,
                count: rated.len(),
                with_mitigation: with,
                without_mitigation: rated.len() - with,
            }
        })
        .collect();
    let recorded = line(&session.analysis.register_id);
    let register_id_derived = recorded.is_empty();
    ThreatRegister {
        register_id: if register_id_derived {
            derived_register_id(session)
        } else {
            recorded
        },
        register_id_derived,
        total: threats.len(),
        by_layer,
        totals,
        by_level,
        by_severity,
        dedup_notes: block(&session.analysis.dedup_notes),
        key_findings: block(&session.analysis.key_findings),
        priority_order: ranked.to_vec(),
        threats: threats
            .iter()
            .zip(risks)
            .zip(residuals)
            .map(|((t, r), res)| threat_row(catalog, index, lookup, t, r, *res))
            .collect(),
    }
}

/// `TR-<assessment date>` (the template's example is `TR-2025-001`): stable for a given
/// assessment, so re-running a report does not invent a new register.
pub fn derived_register_id(session: &Session) -> String {
    let date = if session.session.assessed.is_empty() {
        &session.session.created
    } else {
        &session.session.assessed
    };
    let date = line(date);
    if date.is_empty() {
        "TR-undated".to_string()
    } else {
        format!("TR-{date}")
    }
}

pub(super) fn heatmap<'a>(
    catalog: &Catalog,
    threats: impl Iterator<Item = &'a Threat> + Clone,
) -> Heatmap {
    Heatmap {
        rows: Severity::ALL
            .iter()
            .rev()
            .map(|&severity| HeatmapRow {
                severity,
                cells: Likelihood::ALL
                    .iter()
                    .map(|&likelihood| HeatmapCell {
                        likelihood,
                        level: catalog.scoring.risk_level(severity, likelihood),
                        count: threats
                            .clone()
                            .filter(|t| {
                                t.severity == Some(severity) && t.likelihood == Some(likelihood)
                            })
                            .count(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub(super) fn heatmaps(
    session: &Session,
    catalog: &Catalog,
    index: &risk::Index,
    risks: &[ThreatRisk],
    residuals: &[Option<RiskLevel>],
) -> Heatmaps {
    let threats = &session.threats;
    // Threats whose residual risk is still open (not Mitigated or Transferred).
    let open = transition::TransitionMatrix::from_levels(
        threats
            .iter()
            .zip(risks)
            .zip(residuals)
            .filter(|((t, _), r)| r.is_some() && is_open(disposition_of(index, &t.id)))
            .map(|((t, risk), r)| (t.id.as_str(), risk.inherent, *r)),
    );
    Heatmaps {
        inherent: heatmap(catalog, threats.iter()),
        residual: TransitionTable {
            rows: transition::LEVELS_DOWN
                .iter()
                .map(|&inherent| TransitionRow {
                    inherent,
                    cells: transition::LEVELS_DOWN
                        .iter()
                        .map(|&residual| TransitionCell {
                            residual,
                            count: open.cell(inherent, residual).len(),
                        })
                        .collect(),
                })
                .collect(),
        },
        by_layer: Layer::ALL
            .iter()
            .map(|&layer| {
                let mut inherent = LevelCounts::default();
                let mut residual = LevelCounts::default();
                for ((t, r), res) in threats.iter().zip(risks).zip(residuals) {
                    if t.layers.contains(&layer) {
                        inherent.add(r.inherent);
                        residual.add(*res);
                    }
                }
                LayerLevelRow {
                    layer,
                    inherent,
                    residual,
                }
            })
            .collect(),
    }
}

pub(super) fn chains(session: &Session, catalog: &Catalog, lookup: &Lookup) -> Vec<ChainRow> {
    session
        .chains
        .iter()
        .map(|c| {
            let mut layers: Vec<Layer> = c
                .steps
                .iter()
                .filter_map(|id| lookup.threat(id))
                .flat_map(|t| t.layers.iter().copied())
                .collect();
            layers.sort();
            layers.dedup();
            ChainRow {
                id: line(&c.id),
                name: line(&c.name),
                pattern: line(&c.pattern),
                pattern_name: catalog
                    .patterns
                    .get(&c.pattern)
                    .map_or_else(String::new, |p| p.name.clone()),
                steps: lines(&c.steps),
                layers,
                entry_point: line(&c.entry_point),
                pivot: line(&c.pivot),
                impact_target: line(&c.impact_target),
                severity: c.severity,
                likelihood: c.likelihood,
                level: crate::risk::chain_inherent(c, catalog),
            }
        })
        .collect()
}
