//! Builds a [`Report`] from a session and the catalog: every derived figure of the report.

use super::*;
use crate::analysis::gaps::GapRule;
use crate::analysis::transition;
use crate::catalog::Catalog;
use crate::progress::phases_in_depth;
use crate::risk::{self, ThreatRisk};
use crate::session::lookup::Lookup;
use crate::session::{self as model, Session, Threat};
use crate::text::{sanitize_block, sanitize_inline};
use std::collections::HashMap;

/// One line of user text, cleaned.
fn line(text: &str) -> String {
    sanitize_inline(text).into_owned()
}

/// Multi-line user text, cleaned (line breaks kept).
fn block(text: &str) -> String {
    sanitize_block(text).into_owned()
}

fn lines(items: &[String]) -> Vec<String> {
    items.iter().map(|s| line(s)).collect()
}

/// Residual risk level of a threat (the phase 9 rule of [`crate::risk::residual`]; the
/// analyst's override wins). `None` only for an unrated threat.
pub fn residual_level(session: &Session, threat: &Threat, catalog: &Catalog) -> Option<RiskLevel> {
    risk::residual(session, threat, catalog).level
}

/// Whether a residual risk still counts as open: Mitigated and Transferred risks are closed.
fn is_open(disposition: Option<Disposition>) -> bool {
    !matches!(
        disposition,
        Some(Disposition::Mitigated | Disposition::Transferred)
    )
}

fn disposition_of(index: &risk::Index, threat_id: &str) -> Option<Disposition> {
    index.residual_record(threat_id).and_then(|r| r.disposition)
}

/// Threats with an open residual risk at `level` or above, with their residual level
/// (the CI gate of `status --fail-on`).
pub fn open_residual_at_or_above<'a>(
    session: &'a Session,
    catalog: &Catalog,
    level: RiskLevel,
) -> Vec<(&'a Threat, RiskLevel)> {
    let index = risk::Index::new(session);
    session
        .threats
        .iter()
        .filter(|t| is_open(disposition_of(&index, &t.id)))
        .filter_map(|t| {
            risk::residual_with(&index, session, t, catalog)
                .level
                .map(|l| (t, l))
        })
        .filter(|(_, l)| *l >= level)
        .collect()
}

/// Open threats whose residual risk cannot be rated (no severity or likelihood): a
/// CI gate must not pass them silently (`status --fail-on` fails closed on them).
pub fn open_unrated<'a>(session: &'a Session, catalog: &Catalog) -> Vec<&'a Threat> {
    let index = risk::Index::new(session);
    session
        .threats
        .iter()
        .filter(|t| is_open(disposition_of(&index, &t.id)))
        .filter(|t| {
            risk::residual_with(&index, session, t, catalog)
                .level
                .is_none()
        })
        .collect()
}

/// Builds the whole report.
/// The whole report, with the diagrams the Markdown and HTML formats draw.
pub fn build(session: &Session, catalog: &Catalog) -> Report {
    let mut report = build_data(session, catalog);
    report.diagrams_omitted = crate::diagram::report::omitted(session);
    report.diagrams = crate::diagram::report::diagrams(session, catalog);
    report
}

/// The report without its diagrams: what JSON, CSV, SARIF and the tracker export carry
/// (the diagrams are drawings, not data, and cost more than the rest at scale).
pub fn build_data(session: &Session, catalog: &Catalog) -> Report {
    // Built once: every per-threat lookup below goes through it (O(n), not O(n²)).
    let index = risk::Index::new(session);
    // Every reference to a record by id resolves through it (100k components: a scan per
    // reference made the report quadratic).
    let lookup = Lookup::new(session);
    let risks: Vec<ThreatRisk> = (session.threats.iter())
        .map(|t| risk::assess_with(&index, t, catalog))
        .collect();
    let figures: Vec<risk::Residual> = (session.threats.iter())
        .map(|t| risk::residual_with(&index, session, t, catalog))
        .collect();
    let residuals: Vec<Option<RiskLevel>> = figures.iter().map(|f| f.level).collect();
    let ranked: Vec<String> = risk::rank_with(&index, session, catalog)
        .into_iter()
        .map(|(t, _)| line(&t.id))
        .collect();
    let threat_register = threat_register(
        session, catalog, &index, &lookup, &risks, &residuals, &ranked,
    );
    let residual_register = residual_register(session, catalog, &index, &risks, &figures);
    Report {
        format_version: REPORT_FORMAT_VERSION,
        meta: meta(session, catalog),
        executive_summary: executive_summary(
            session,
            &index,
            &lookup,
            &risks,
            &ranked,
            &residual_register,
        ),
        business: business(&session.business),
        assumptions: session
            .assumptions
            .iter()
            .map(|a| AssumptionRow {
                id: line(&a.id),
                description: block(&a.description),
                rationale: block(&a.rationale),
                impact_if_wrong: block(&a.impact_if_wrong),
                validation_method: block(&a.validation_method),
                status: line(&a.status),
                high_impact: a.high_impact,
            })
            .collect(),
        architecture: architecture(session, &lookup),
        actors: actors(session, catalog),
        trust_zones: session
            .zones
            .iter()
            .map(|z| ZoneRow {
                id: line(&z.id),
                name: line(&z.name),
                kind: line(&z.kind),
                trust_level: z.trust_level,
                parent: line(&z.parent),
                description: block(&z.description),
            })
            .collect(),
        trust_boundaries: boundaries(session, catalog, &lookup),
        assets: assets(session, &lookup),
        heatmaps: heatmaps(session, catalog, &index, &risks, &residuals),
        chains: chains(session, catalog, &lookup),
        mitigation_register: mitigation_register(session, catalog, &index),
        code_validation: code_validation(session, &lookup),
        roadmap: roadmap(session, catalog, &risks, &ranked),
        update_triggers: session
            .triggers
            .iter()
            .map(|t| TriggerRow {
                id: line(&t.id),
                event: line(&t.event),
                action: line(&t.action),
            })
            .collect(),
        sign_offs: session
            .signoffs
            .iter()
            .map(|s| SignOffRow {
                name: line(&s.name),
                role: line(&s.role),
                date: line(&s.date),
                decision: line(&s.decision),
            })
            .collect(),
        open_items: open_items(session, catalog),
        compliance: compliance::alignment(session, catalog),
        threat_register,
        residual_register,
        diagrams: Vec::new(),
        diagrams_omitted: None,
    }
}

fn meta(session: &Session, catalog: &Catalog) -> Meta {
    let info = &session.session;
    Meta {
        title: line(&info.title),
        version: line(&info.version),
        created: line(&info.created),
        assessed: line(&info.assessed),
        exported: line(&info.exported),
        analysts: lines(&info.analysts),
        scope: block(&info.scope),
        out_of_scope: block(&info.out_of_scope),
        depth: session.engagement.depth,
        catalog_version: line(&info.catalog_version),
        playbook_version: catalog.meta.playbook_version.clone(),
        ai_assisted: info.ai_assisted,
        disclaimer: info.ai_assisted.then(|| AI_DISCLAIMER.to_string()),
        attribution: catalog.meta.attribution.clone(),
        license: catalog.meta.license.clone(),
    }
}

/// The Executive Summary template's counts (its derived fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HeadlineCounts {
    pub total_threats: usize,
    /// Critical or High *severity*, as the template says (R-SEVERITY).
    pub critical_high_threats: usize,
    /// Critical or High inherent risk level, shown beside it.
    pub critical_high_risk_level: usize,
    pub mitigations_planned: usize,
    /// Implemented after the phase 8 findings.
    pub mitigations_implemented: usize,
}

/// The counts of the executive summary, in one pass over threats and mitigations, for
/// the report and for the TUI's phase 10 (which cannot afford a whole report per edit).
/// `inherent` gives each threat's inherent level, in session order.
pub fn headline_counts(
    session: &Session,
    index: &risk::Index,
    inherent: impl Iterator<Item = Option<RiskLevel>>,
) -> HeadlineCounts {
    HeadlineCounts {
        total_threats: session.threats.len(),
        critical_high_threats: session
            .threats
            .iter()
            .filter(|t| crate::progress::is_serious(t))
            .count(),
        critical_high_risk_level: inherent
            .filter(|l| matches!(l, Some(RiskLevel::Critical | RiskLevel::High)))
            .count(),
        mitigations_planned: session.mitigations.len(),
        mitigations_implemented: session
            .mitigations
            .iter()
            .filter(|m| risk::mitigation_status_with(index, m) == ImplementationStatus::Implemented)
            .count(),
    }
}

fn executive_summary(
    session: &Session,
    index: &risk::Index,
    lookup: &Lookup,
    risks: &[ThreatRisk],
    ranked: &[String],
    residual_register: &[ResidualRow],
) -> ExecutiveSummary {
    let info = &session.session;
    let summary = &session.summary;
    let counts = headline_counts(session, index, risks.iter().map(|r| r.inherent));
    // The register has one row per threat, in session order, like `risks`.
    let ranked_rows = ranked.iter().filter_map(|id| {
        let at = lookup.threat_index(id)?;
        Some((&residual_register[at], risks.get(at)))
    });
    ExecutiveSummary {
        system_name: line(if session.business.application.trim().is_empty() {
            &info.title
        } else {
            &session.business.application
        }),
        assessment_date: line(if info.assessed.is_empty() {
            &info.created
        } else {
            &info.assessed
        }),
        analysts: lines(&info.analysts),
        scope: block(&info.scope),
        out_of_scope: block(&info.out_of_scope),
        system_overview: block(&summary.system_overview),
        overall_posture: summary.overall_posture,
        computed_posture: residual_register
            .iter()
            .filter(|r| r.open)
            .filter_map(|r| r.level)
            .max(),
        total_threats: counts.total_threats,
        critical_high_threats: counts.critical_high_threats,
        critical_high_risk_level: counts.critical_high_risk_level,
        mitigations_planned: counts.mitigations_planned,
        mitigations_implemented: counts.mitigations_implemented,
        top_risks: lines(&summary.top_risks),
        ranked_risks: ranked_rows
            // Rated threats, and an unrated one whose residual level the analyst set to
            // Critical or High (R-EXAMPLE-UNRATED): it must not drop out of the summary.
            .filter(|(r, _)| r.inherent.is_some() || r.level.is_some_and(|l| l >= RiskLevel::High))
            // The five riskiest (R-TOP-RISKS), and every threat whose residual level is
            // still Critical or High, so the summary agrees with the register.
            .enumerate()
            .filter(|(i, (r, _))| *i < 5 || r.level.is_some_and(|l| l >= RiskLevel::High))
            .map(|(_, row)| row)
            .map(|(r, risk)| RankedRisk {
                threat: r.threat.clone(),
                name: r.threat_name.clone(),
                inherent: r.inherent,
                effective: risk.and_then(|x| x.effective),
                residual: r.level,
            })
            .collect(),
        recommendations: lines(&summary.recommendations),
        investment: block(&summary.investment),
        next_review: line(&summary.next_review),
    }
}

fn business(b: &model::BusinessContext) -> Business {
    Business {
        application: line(&b.application),
        domain: line(&b.domain),
        function: block(&b.function),
        data_classification: b.data_classification,
        regulations: lines(&b.regulations),
        criticality: b.criticality,
        user_base: line(&b.user_base),
        agent_type: line(&b.agent_type),
        autonomy: line(&b.autonomy),
        data_categories: lines(&b.data_categories),
        risk_appetite: block(&b.risk_appetite),
        risk_tolerance: b.risk_tolerance,
        stakeholders: b
            .stakeholders
            .iter()
            .map(|s| StakeholderRow {
                name: line(&s.name),
                role: line(&s.role),
                raci: line(&s.raci),
            })
            .collect(),
    }
}

fn architecture(session: &Session, lookup: &Lookup) -> Architecture {
    let arch = &session.architecture;
    Architecture {
        overview: block(&arch.overview),
        multi_agent: arch.multi_agent,
        uses_mcp: arch.uses_mcp,
        layer_mapping: Layer::SEVEN
            .iter()
            .map(|&layer| {
                let note = arch.layer_notes.iter().find(|n| n.layer == layer);
                LayerMappingRow {
                    layer,
                    name: layer.name().to_string(),
                    components: session
                        .components
                        .iter()
                        .filter(|c| c.layers.contains(&layer))
                        .map(|c| line(&c.name))
                        .collect(),
                    note: note.map_or_else(String::new, |n| line(&n.note)),
                    not_applicable: note.is_some_and(|n| n.not_applicable),
                }
            })
            .collect(),
        components: session
            .components
            .iter()
            .map(|c| ComponentRow {
                id: line(&c.id),
                name: line(&c.name),
                kind: c.kind,
                layers: c.layers.clone(),
                technology: line(&c.technology),
                zone: line(&c.zone),
                description: block(&c.description),
            })
            .collect(),
        flows: session
            .flows
            .iter()
            .map(|f| FlowRow {
                id: line(&f.id),
                from: line(lookup.component_name(&f.from)),
                to: line(lookup.component_name(&f.to)),
                data: line(&f.data),
                protocol: line(&f.protocol),
                encrypted: f.encrypted,
                authentication: line(&f.authentication),
                critical: f.critical,
            })
            .collect(),
    }
}

fn actors(session: &Session, catalog: &Catalog) -> Vec<ActorRow> {
    session
        .actors
        .iter()
        .map(|a| ActorRow {
            id: line(&a.id),
            name: line(&a.name),
            category: line(
                catalog
                    .taxonomy
                    .get_actor(&a.category)
                    .map_or(&a.category, |c| &c.name),
            ),
            capability: line(&a.capability),
            motivations: lines(&a.motivations),
            target_assets: lines(&a.target_assets),
            attack_vectors: lines(&a.attack_vectors),
            target_layers: a.target_layers.clone(),
            relevance: line(&a.relevance),
            priority: a.priority,
            notes: block(&a.notes),
        })
        .collect()
}

fn boundaries(session: &Session, catalog: &Catalog, lookup: &Lookup) -> Vec<BoundaryRow> {
    let zone_name = |id: &str| line(lookup.zone_name(id));
    // Boundary id → the threats naming it, in session order: one pass over the threats
    // instead of one per boundary.
    let mut threats_of: HashMap<&str, Vec<String>> = HashMap::new();
    for t in &session.threats {
        let mut seen: Vec<&str> = Vec::new();
        for b in &t.boundaries {
            if !seen.contains(&b.as_str()) {
                seen.push(b);
                threats_of.entry(b.as_str()).or_default().push(line(&t.id));
            }
        }
    }
    session
        .boundaries
        .iter()
        .map(|b| BoundaryRow {
            id: line(&b.id),
            source_zone: zone_name(&b.source_zone),
            destination_zone: zone_name(&b.destination_zone),
            components: b
                .components
                .iter()
                .map(|c| line(lookup.component_name(c)))
                .collect(),
            flows: lines(&b.flows),
            protocol: line(&b.protocol),
            authentication: line(&b.authentication),
            authorization: line(&b.authorization),
            controls: b
                .controls
                .iter()
                .map(|(id, answer)| ControlRow {
                    control: line(id),
                    name: line(
                        catalog
                            .taxonomy
                            .get_boundary_control(id)
                            .map_or(id, |c| &c.name),
                    ),
                    answer: line(answer),
                })
                .collect(),
            strength: line(&b.strength),
            implicit_trust: block(&b.implicit_trust),
            threats: threats_of.get(b.id.as_str()).cloned().unwrap_or_default(),
        })
        .collect()
}

fn assets(session: &Session, lookup: &Lookup) -> Vec<AssetRow> {
    session
        .assets
        .iter()
        .map(|a| AssetRow {
            id: line(&a.id),
            name: line(&a.name),
            class: line(&a.class),
            classification: a.classification,
            lifecycle: a
                .lifecycle
                .iter()
                .map(|s| LifecycleRow {
                    stage: line(&s.stage),
                    components: s
                        .components
                        .iter()
                        .map(|c| line(lookup.component_name(c)))
                        .collect(),
                    how: line(&s.how),
                })
                .collect(),
            zones: lines(&a.zones),
            exposure_points: lines(&a.exposure_points),
            controls: lines(&a.controls),
        })
        .collect()
}

/// Appends the items of `more` that `list` does not have yet.
fn extend_unique(list: &mut Vec<String>, more: impl IntoIterator<Item = String>) {
    for item in more {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

fn threat_row(
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

fn threat_register(
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

fn heatmap<'a>(catalog: &Catalog, threats: impl Iterator<Item = &'a Threat> + Clone) -> Heatmap {
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

fn heatmaps(
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

fn chains(session: &Session, catalog: &Catalog, lookup: &Lookup) -> Vec<ChainRow> {
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

/// The gaps of one threat, as the one gap analysis (`analysis::gaps`) finds them: the
/// mitigation rules for its planned mitigations (`kinds`), and the owner rule for its
/// residual entries accepted or deferred without an owner (`unowned`). `None` when
/// there is no gap.
fn threat_gap(
    catalog: &Catalog,
    threat: &Threat,
    kinds: Vec<MitigationType>,
    unowned: Vec<String>,
) -> Option<GapRow> {
    let mut broken = crate::analysis::gaps::rules_broken_kinds(catalog, threat, &kinds);
    if !unowned.is_empty() {
        broken.push((GapRule::AcceptedWithoutOwner, Vec::new()));
    }
    if broken.is_empty() {
        return None;
    }
    let missing: Vec<String> = broken
        .iter()
        .flat_map(|(_, groups)| groups.iter())
        .map(|group| {
            group
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(" or ")
        })
        .collect();
    let count = kinds.len();
    Some(GapRow {
        threat: line(&threat.id),
        name: line(&threat.name),
        inherent: risk::inherent(threat, catalog),
        mitigations: count,
        missing,
        single_mitigation: count == 1,
        no_mitigation: count == 0,
        rules: broken.into_iter().map(|(rule, _)| rule).collect(),
        acknowledged: block(&threat.gap_note),
        unowned_residuals: unowned.iter().map(|id| line(id)).collect(),
    })
}

/// The report's gap rows: one per threat with a gap, in register order, then one per
/// threat id that unowned residual entries name but the register lacks.
fn gap_rows(session: &Session, catalog: &Catalog, index: &risk::Index) -> Vec<GapRow> {
    let mut unowned: HashMap<String, Vec<String>> = HashMap::new();
    for e in crate::analysis::gaps::owner_gaps(session, catalog) {
        unowned
            .entry(e.threat_id)
            .or_default()
            .push(e.residual.unwrap_or_default());
    }
    let mut rows: Vec<GapRow> = session
        .threats
        .iter()
        .filter_map(|t| {
            let owners = unowned.remove(t.id.as_str()).unwrap_or_default();
            threat_gap(catalog, t, index.planned_kinds(&t.id), owners)
        })
        .collect();
    let mut dangling: Vec<(String, Vec<String>)> = unowned.into_iter().collect();
    dangling.sort_unstable();
    rows.extend(dangling.into_iter().filter_map(|(id, owners)| {
        let threat = Threat {
            id,
            ..Threat::default()
        };
        threat_gap(catalog, &threat, Vec::new(), owners).map(|mut row| {
            // A residual entry naming no threat of the register: only the owner gap.
            row.rules.retain(|r| !r.is_mitigation_rule());
            row.no_mitigation = false;
            row
        })
    }));
    rows
}

fn mitigation_register(
    session: &Session,
    catalog: &Catalog,
    index: &risk::Index,
) -> MitigationRegister {
    MitigationRegister {
        mitigations: session
            .mitigations
            .iter()
            .map(|m| MitigationRow {
                id: line(&m.id),
                name: line(&m.name),
                catalog: line(&m.catalog),
                kind: m.kind,
                description: block(&m.description),
                addresses: lines(&m.addresses),
                cost: m.cost,
                effectiveness: m.effectiveness,
                recommendation: m
                    .cost
                    .zip(m.effectiveness)
                    .map_or_else(String::new, |(c, e)| {
                        catalog.scoring.cost_effectiveness(c, e).label.clone()
                    }),
                status: m.status,
                implementation: m.implementation,
                effective_status: risk::mitigation_status_with(index, m),
                coverage: m.coverage,
                owner: line(&m.owner),
                attested: m.has_attestation(),
                attestation: block(&m.attestation),
            })
            .collect(),
        gaps: gap_rows(session, catalog, index),
    }
}

fn code_validation(session: &Session, lookup: &Lookup) -> CodeValidation {
    let scope = &session.code_validation;
    CodeValidation {
        access: scope.access,
        source_root: line(&scope.source_root),
        notes: block(&scope.notes),
        findings: session
            .validations
            .iter()
            .map(|v| FindingRow {
                id: line(&v.id),
                mitigation: line(&v.mitigation),
                mitigation_name: line(lookup.mitigation(&v.mitigation).map_or("", |m| &m.name)),
                expected_artifact: line(&v.expected_artifact),
                implementation: v.implementation,
                evidence: v
                    .evidence
                    .iter()
                    .map(|e| EvidenceRow {
                        file: line(&e.file),
                        line: e.line,
                        note: line(&e.note),
                    })
                    .collect(),
                gaps: block(&v.gaps),
                anti_patterns: lines(&v.anti_patterns),
                test_coverage: line(&v.test_coverage),
                priority: v.priority,
            })
            .collect(),
    }
}

fn residual_register(
    session: &Session,
    catalog: &Catalog,
    index: &risk::Index,
    risks: &[ThreatRisk],
    residuals: &[risk::Residual],
) -> Vec<ResidualRow> {
    session
        .threats
        .iter()
        .zip(risks)
        .zip(residuals)
        .map(|((t, r), figures)| {
            let level = figures.level;
            let record = index.residual_record(&t.id);
            let disposition = record.and_then(|rr| rr.disposition);
            let text = |f: fn(&model::ResidualRisk) -> &String| {
                record.map_or_else(String::new, |rr| line(f(rr)))
            };
            ResidualRow {
                id: text(|rr| &rr.id),
                threat: line(&t.id),
                threat_name: line(&t.name),
                inherent: r.inherent,
                effectiveness: figures.effectiveness,
                implementation: figures.implementation,
                level,
                overridden: figures.overridden,
                disposition,
                open: level.is_some() && is_open(disposition),
                owner: text(|rr| &rr.owner),
                review_schedule: level
                    .map_or_else(String::new, |l| catalog.scoring.review(l).schedule.clone()),
                review_date: text(|rr| &rr.review_date),
                target_date: text(|rr| &rr.target_date),
                justification: record.map_or_else(String::new, |rr| block(&rr.justification)),
                compensating_controls: record
                    .map_or_else(Vec::new, |rr| lines(&rr.compensating_controls)),
                triggers: record.map_or_else(Vec::new, |rr| lines(&rr.triggers)),
                above_tolerance: disposition == Some(crate::vocab::Disposition::Accepted)
                    && crate::analysis::guards::above_tolerance(session, level).is_some(),
                approved_by: text(|rr| &rr.approved_by),
            }
        })
        .collect()
}

fn roadmap(
    session: &Session,
    catalog: &Catalog,
    risks: &[ThreatRisk],
    ranked: &[String],
) -> Roadmap {
    // Cleaned threat id → the remediation phases its threats fall in (ids may repeat).
    let mut phases_of: HashMap<String, Vec<&str>> = HashMap::new();
    for (t, r) in session.threats.iter().zip(risks) {
        let phases = phases_of.entry(line(&t.id)).or_default();
        if let Some(level) = r.inherent
            && let Some(p) = catalog.scoring.remediation_phase(level, r.implementation)
        {
            phases.push(p.id.as_str());
        }
    }
    let by_phase = catalog
        .scoring
        .remediation_phases
        .iter()
        .map(|phase| {
            let threats = ranked
                .iter()
                .filter(|id| {
                    phases_of
                        .get(id.as_str())
                        .is_some_and(|p| p.contains(&phase.id.as_str()))
                })
                .cloned()
                .collect();
            RoadmapPhase {
                id: phase.id.clone(),
                name: phase.name.clone(),
                window: match phase.max_days {
                    Some(max) => format!("{}-{} days", phase.min_days, max),
                    None => format!("{}+ days", phase.min_days),
                },
                threats,
            }
        })
        .collect();
    Roadmap {
        items: session
            .roadmap
            .iter()
            .map(|r| RoadmapRow {
                id: line(&r.id),
                threats: lines(&r.threats),
                mitigations: lines(&r.mitigations),
                description: block(&r.description),
                horizon: line(&r.horizon),
                effort: r.effort,
                team: line(&r.team),
                depends_on: lines(&r.depends_on),
                status: r.status,
            })
            .collect(),
        by_phase,
        timeline_mismatches: crate::analysis::roadmap::timeline_mismatches(session, catalog)
            .into_iter()
            .map(|m| TimelineMismatchRow {
                threat: line(&m.threat),
                rule_phase: m.rule_phase,
                roadmap_phase: m.roadmap_phase,
                items: lines(&m.items),
            })
            .collect(),
    }
}

fn open_items(session: &Session, catalog: &Catalog) -> OpenItems {
    OpenItems {
        incomplete_phases: phases_in_depth(session, catalog)
            .into_iter()
            .filter(|&p| session.phase_status(p) != PhaseStatus::Complete)
            .map(|phase| {
                let criteria = crate::progress::phase_criteria(session, catalog, phase);
                PhaseRow {
                    phase,
                    name: catalog
                        .phases
                        .get(phase)
                        .map_or_else(|| format!("Phase {phase}"), |p| p.name.clone()),
                    status: session.phase_status(phase),
                    criteria_met: criteria.iter().filter(|c| c.met).count(),
                    criteria_vacuous: criteria.iter().filter(|c| c.met && c.vacuous).count(),
                    criteria_total: criteria.len(),
                }
            })
            .collect(),
        unvalidated_assumptions: session
            .assumptions
            .iter()
            .filter(|a| a.high_impact && !a.status.eq_ignore_ascii_case("validated"))
            .map(|a| ItemRef {
                id: line(&a.id),
                text: line(&a.description),
            })
            .collect(),
        unrated_threats: session
            .threats
            .iter()
            .filter(|t| t.severity.is_none() || t.likelihood.is_none())
            .map(|t| ItemRef {
                id: line(&t.id),
                text: line(&t.name),
            })
            .collect(),
    }
}
