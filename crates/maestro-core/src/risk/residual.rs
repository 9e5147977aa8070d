//! Residual risk (phase 9, step 1): inherent level, reduced by the mitigations that are
//! actually in place, as far as their effectiveness allows.
//!
//! 1. Each mitigation contributes its implementation status (`mitigation_status`: the
//!    phase 8 finding wins; partial coverage caps at Partially Implemented). When the
//!    phase 8 gate says there is no source access, unattested mitigations count as
//!    *Planned* (the gate option's `treat_mitigations_as_planned`): a claimed
//!    Implemented control is unverified, i.e. "untested", which the scoring guide's
//!    status table rates Partially Implemented (0.5); a Not Implemented one stays 0.
//!    Planned mitigations so keep a higher residual than verified ones without falling
//!    back to the full inherent risk that 06 Phase 9 reserves for threats with no
//!    mitigation (docs/method.md, R-NO-ACCESS). An attestation restores the status.
//! 2. The strongest status gives the effective value (`level × (1 − status)`), shown as
//!    the nearest level and never below Low: some risk always remains.
//! 3. The effectiveness of the mitigation that provides that status caps how many levels
//!    it may take off (`scoring.residual_caps`); an unrated effectiveness counts as Low.
//! 4. The analyst's `level_override` in the residual register wins over the computation.

use super::{Index, inherent, mitigation_status, mitigation_status_with};
use crate::catalog::Catalog;
use crate::session::{Mitigation, Session, Threat};
use crate::vocab::{Effectiveness, ImplementationStatus, RiskLevel, SourceAccess};

/// The residual figures of one threat.
#[derive(Debug, Clone, PartialEq)]
pub struct Residual {
    pub threat_id: String,
    pub inherent: Option<RiskLevel>,
    /// Status that counts for phase 9 (after the phase 8 gate).
    pub implementation: ImplementationStatus,
    /// Effectiveness of the mitigation that provides `implementation` (None: no mitigation).
    pub effectiveness: Option<Effectiveness>,
    /// The level computed by the rule above.
    pub computed: Option<RiskLevel>,
    /// The level that counts: the analyst's override, else `computed`.
    pub level: Option<RiskLevel>,
    pub overridden: bool,
    /// Mitigations were counted as planned because the code could not be checked.
    pub unverified: bool,
}

/// Whether phase 9 must count unattested mitigations as planned only.
fn mitigations_unverified(session: &Session, catalog: &Catalog) -> bool {
    let Some(access) = session.code_validation.access else {
        return false;
    };
    let option_id = match access {
        SourceAccess::Full => "full",
        SourceAccess::Partial => "partial",
        SourceAccess::None => "none",
    };
    catalog
        .phases
        .get(8)
        .and_then(|p| p.gate.as_ref())
        .and_then(|g| g.options.iter().find(|o| o.id == option_id))
        .is_some_and(|o| o.treat_mitigations_as_planned)
}

/// Status of one mitigation as phase 9 counts it.
pub fn residual_status(
    session: &Session,
    mitigation: &Mitigation,
    unverified: bool,
) -> ImplementationStatus {
    counted_status(mitigation, unverified, || {
        mitigation_status(session, mitigation)
    })
}

/// The rule of [`residual_status`], given how to get the mitigation's own status.
fn counted_status(
    mitigation: &Mitigation,
    unverified: bool,
    status: impl FnOnce() -> ImplementationStatus,
) -> ImplementationStatus {
    let status = status();
    if unverified && !mitigation.has_attestation() {
        status.min(ImplementationStatus::PartiallyImplemented)
    } else {
        status
    }
}

/// Computes the residual level of a threat.
pub fn residual(session: &Session, threat: &Threat, catalog: &Catalog) -> Residual {
    residual_with(&Index::new(session), session, threat, catalog)
}

/// The residual figures of every threat, in session order.
pub fn residual_all(session: &Session, catalog: &Catalog) -> Vec<Residual> {
    let index = Index::new(session);
    session
        .threats
        .iter()
        .map(|t| residual_with(&index, session, t, catalog))
        .collect()
}

/// [`residual`] through an [`Index`] built once for many threats.
pub fn residual_with(
    index: &Index,
    session: &Session,
    threat: &Threat,
    catalog: &Catalog,
) -> Residual {
    let unverified = mitigations_unverified(session, catalog);
    let inherent = inherent(threat, catalog);
    // The strongest status; among mitigations giving it, the most effective one.
    let best = index
        .mitigations_for(&threat.id)
        .iter()
        .map(|m| {
            (
                counted_status(m, unverified, || mitigation_status_with(index, m)),
                m.effectiveness.unwrap_or(Effectiveness::Low),
            )
        })
        .max();
    let (implementation, effectiveness) = match best {
        Some((status, eff)) => (status, Some(eff)),
        None => (ImplementationStatus::NotImplemented, None),
    };
    let computed = inherent.map(|level| {
        let scoring = &catalog.scoring;
        let value = scoring.effective_risk(level, implementation);
        let reduced = scoring.nearest_level(value.max(scoring.level_value(RiskLevel::Low)));
        let cap = effectiveness.map_or(0, |e| scoring.residual_cap(e));
        let floor = step_down(level, cap);
        reduced.max(floor)
    });
    let override_level = index
        .residual_record(&threat.id)
        .and_then(|r| r.level_override);
    Residual {
        threat_id: threat.id.clone(),
        inherent,
        implementation,
        effectiveness,
        computed,
        level: override_level.or(computed),
        overridden: override_level.is_some(),
        unverified: unverified && implementation != ImplementationStatus::Implemented,
    }
}

/// `level` lowered by `steps` levels, not below Low.
fn step_down(level: RiskLevel, steps: u8) -> RiskLevel {
    let index = RiskLevel::ALL.iter().position(|l| *l == level).unwrap_or(0);
    RiskLevel::ALL[index.saturating_sub(steps as usize)]
}
