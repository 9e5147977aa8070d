//! The plan's data: gaps, the mitigation register, code validation, residual risk,
//! the roadmap and open items.

use super::*;

/// The gaps of one threat, as the one gap analysis (`analysis::gaps`) finds them: the
/// mitigation rules for its planned mitigations (`kinds`), and the owner rule for its
/// residual entries accepted or deferred without an owner (`unowned`). `None` when
/// there is no gap.
pub(super) fn threat_gap(
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
pub(super) fn gap_rows(session: &Session, catalog: &Catalog, index: &risk::Index) -> Vec<GapRow> {
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

pub(super) fn mitigation_register(
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

pub(super) fn code_validation(session: &Session, lookup: &Lookup) -> CodeValidation {
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

pub(super) fn residual_register(
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

pub(super) fn roadmap(
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

pub(super) fn open_items(session: &Session, catalog: &Catalog) -> OpenItems {
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
