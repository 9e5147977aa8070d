//! The risk engine: the rules of the playbook's risk-scoring guide applied to a session.
//!
//! Every number comes from the catalog's scoring tables (`catalog/scoring.toml`);
//! this module only combines them:
//! - inherent risk = the 4×4 severity × likelihood matrix, for a threat card and for a
//!   threat chain's own rating alike ([`inherent`], [`chain_inherent`]);
//! - a mitigation's implementation status counts as Partially Implemented when it only
//!   partly covers the threat, and a phase 8 finding overrides the planned status;
//! - several mitigations: the strongest status wins;
//! - effective risk = level value × (1 − status value);
//! - ranking: effective risk, then attack vector breadth, then attack complexity.

pub mod gaps;
mod index;
mod residual;

pub use index::Index;
pub use residual::{Residual, residual, residual_all, residual_status, residual_with};

use crate::catalog::Catalog;
use crate::session::{Mitigation, Session, Threat, ThreatChain};
use crate::vocab::{Coverage, ImplementationStatus, MitigationStatus, RiskLevel};
use std::cmp::Ordering;

/// Everything the engine derives for one threat.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreatRisk {
    pub threat_id: String,
    /// Severity × likelihood, when both are rated.
    pub inherent: Option<RiskLevel>,
    /// Strongest implementation status among the threat's mitigations.
    pub implementation: ImplementationStatus,
    /// Effective risk value (0.0 … 4.0), when the threat is rated.
    pub effective: Option<f64>,
    /// The level nearest to the effective value (0 counts as fully mitigated: `None`).
    pub effective_level: Option<RiskLevel>,
}

/// Inherent risk level of a threat card, when severity and likelihood are both set.
pub fn inherent(threat: &Threat, catalog: &Catalog) -> Option<RiskLevel> {
    Some(
        catalog
            .scoring
            .risk_level(threat.severity?, threat.likelihood?),
    )
}

/// Inherent risk level of a threat chain, from its own rating (severity × likelihood on
/// the same matrix as a card), when both are set.
pub fn chain_inherent(chain: &ThreatChain, catalog: &Catalog) -> Option<RiskLevel> {
    Some(
        catalog
            .scoring
            .risk_level(chain.severity?, chain.likelihood?),
    )
}

/// The layers a chain spans: those of its steps' threat cards, sorted, once each.
pub fn chain_layers(session: &Session, chain: &ThreatChain) -> Vec<crate::vocab::Layer> {
    let mut layers: Vec<crate::vocab::Layer> = chain
        .steps
        .iter()
        .filter_map(|id| session.threat(id))
        .flat_map(|t| t.layers.iter().copied())
        .collect();
    layers.sort();
    layers.dedup();
    layers
}

/// The status one mitigation contributes to the formula: a code-validation finding
/// (phase 8) wins over the planned status, a "Will Not Action" control contributes
/// nothing, and partial coverage caps it at Partially Implemented.
pub fn mitigation_status(session: &Session, mitigation: &Mitigation) -> ImplementationStatus {
    let validated = session
        .validations
        .iter()
        .filter(|v| v.mitigation == mitigation.id)
        .filter_map(|v| v.implementation)
        .min();
    status_given(mitigation, validated)
}

/// [`mitigation_status`] with the phase 8 finding looked up in an [`Index`].
pub fn mitigation_status_with(index: &Index, mitigation: &Mitigation) -> ImplementationStatus {
    status_given(mitigation, index.validated(&mitigation.id))
}

/// The rule of [`mitigation_status`], given the weakest validated status.
fn status_given(
    mitigation: &Mitigation,
    validated: Option<ImplementationStatus>,
) -> ImplementationStatus {
    if mitigation.status == MitigationStatus::WillNotAction {
        return ImplementationStatus::NotImplemented;
    }
    let status = validated.unwrap_or(mitigation.implementation);
    if mitigation.coverage == Coverage::Partial && status == ImplementationStatus::Implemented {
        ImplementationStatus::PartiallyImplemented
    } else {
        status
    }
}

/// The strongest status among the mitigations of a threat (Not Implemented when none).
pub fn strongest_status(session: &Session, threat_id: &str) -> ImplementationStatus {
    session
        .mitigations_for(threat_id)
        .map(|m| mitigation_status(session, m))
        .max()
        .unwrap_or(ImplementationStatus::NotImplemented)
}

/// [`strongest_status`] through an [`Index`].
pub fn strongest_status_with(index: &Index, threat_id: &str) -> ImplementationStatus {
    index
        .mitigations_for(threat_id)
        .iter()
        .map(|m| mitigation_status_with(index, m))
        .max()
        .unwrap_or(ImplementationStatus::NotImplemented)
}

/// Derives the risk figures of one threat.
pub fn assess(session: &Session, threat: &Threat, catalog: &Catalog) -> ThreatRisk {
    assess_with(&Index::new(session), threat, catalog)
}

/// [`assess`] through an [`Index`] built once for many threats.
pub fn assess_with(index: &Index, threat: &Threat, catalog: &Catalog) -> ThreatRisk {
    assess_given(threat, strongest_status_with(index, &threat.id), catalog)
}

/// [`assess`] of a threat whose strongest mitigation status (`implementation`) is known.
pub fn assess_given(
    threat: &Threat,
    implementation: ImplementationStatus,
    catalog: &Catalog,
) -> ThreatRisk {
    let inherent = inherent(threat, catalog);
    let effective = inherent.map(|level| catalog.scoring.effective_risk(level, implementation));
    let effective_level = effective
        .filter(|v| *v > 0.0)
        .map(|v| catalog.scoring.nearest_level(v));
    ThreatRisk {
        threat_id: threat.id.clone(),
        inherent,
        implementation,
        effective,
        effective_level,
    }
}

/// All threats of the session, assessed, in session order.
pub fn assess_all(session: &Session, catalog: &Catalog) -> Vec<ThreatRisk> {
    let index = Index::new(session);
    session
        .threats
        .iter()
        .map(|t| assess_with(&index, t, catalog))
        .collect()
}

/// Orders threats for remediation: effective risk (descending), then broader attack
/// vector, then lower complexity; unrated threats last; ties keep session order.
pub fn rank<'a>(session: &'a Session, catalog: &Catalog) -> Vec<(&'a Threat, ThreatRisk)> {
    rank_with(&Index::new(session), session, catalog)
}

/// [`rank`] through an [`Index`] the caller already has.
pub fn rank_with<'a>(
    index: &Index,
    session: &'a Session,
    catalog: &Catalog,
) -> Vec<(&'a Threat, ThreatRisk)> {
    rank_positions(index, session, catalog)
        .into_iter()
        .map(|(i, r)| (&session.threats[i], r))
        .collect()
}

/// [`rank`] as positions in `Session::threats`, for callers holding figures by position.
pub fn rank_positions(
    index: &Index,
    session: &Session,
    catalog: &Catalog,
) -> Vec<(usize, ThreatRisk)> {
    let mut ranked: Vec<(usize, ThreatRisk)> = session
        .threats
        .iter()
        .map(|t| assess_with(index, t, catalog))
        .enumerate()
        .collect();
    // Keys computed once per threat; a stable sort, so ties keep session order.
    let keys: Vec<RankKey> = ranked
        .iter()
        .map(|(i, r)| rank_key(&session.threats[*i], r, catalog))
        .collect();
    ranked.sort_by_key(|(i, _)| keys[*i]);
    ranked
}

/// The order [`rank`] puts two assessed threats in: riskier first; `Equal` when the rules
/// do not separate them (the ranking then keeps session order).
pub fn rank_order(
    (ta, ra): (&Threat, &ThreatRisk),
    (tb, rb): (&Threat, &ThreatRisk),
    catalog: &Catalog,
) -> Ordering {
    rank_key(ta, ra, catalog).cmp(&rank_key(tb, rb, catalog))
}

/// What [`rank_order`] compares, computed once per threat for sorting many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RankKey {
    /// Rated first, then by effective risk, highest first.
    risk: (bool, std::cmp::Reverse<OrderedRisk>),
    /// Broader attack vector first (lower rank); unrated last.
    vector: u32,
    /// Lower complexity first; unrated last.
    complexity: u32,
}

/// An effective risk value ordered by `f64::total_cmp`.
#[derive(Debug, Clone, Copy)]
struct OrderedRisk(f64);

impl PartialEq for OrderedRisk {
    fn eq(&self, other: &Self) -> bool {
        self.0.total_cmp(&other.0) == Ordering::Equal
    }
}

impl Eq for OrderedRisk {}

impl PartialOrd for OrderedRisk {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrderedRisk {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The ranking key of an assessed threat (see [`rank`] for the rules).
pub fn rank_key(threat: &Threat, risk: &ThreatRisk, catalog: &Catalog) -> RankKey {
    RankKey {
        // `false` sorts before `true`: unrated threats go last.
        risk: (
            risk.effective.is_none(),
            std::cmp::Reverse(OrderedRisk(risk.effective.unwrap_or(0.0))),
        ),
        vector: threat
            .attack_vector
            .map_or(u32::MAX, |v| catalog.scoring.vector_rank(v)),
        complexity: threat
            .attack_complexity
            .map_or(u32::MAX, |c| catalog.scoring.complexity_rank(c)),
    }
}

#[cfg(test)]
mod tests;
