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

mod context;
mod plan;
mod register;

use context::*;
use plan::*;
pub use register::derived_register_id;
use register::*;

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
