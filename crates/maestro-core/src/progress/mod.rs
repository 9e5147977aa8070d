//! Progress of a session through the method: which completion criteria and which
//! minimum-viable-threat-model items the session's data satisfies.
//!
//! The catalog names each automatic criterion with a rule key (`phases.rs` lists
//! them all); this module is the one place that decides what each key means for a
//! session. Criteria without a rule are ticked by hand (`[[phases]] checked`).

mod status;

pub use status::StatusReport;

use crate::catalog::Catalog;
use crate::catalog::phases::{RuleRef, parse_rule};
use crate::risk::Index;
use crate::session::Session;
use crate::vocab::{Layer, MitigationType};
// foldhash: SipHash was a tenth of the figures computed when a large session opens.
use foldhash::HashSet;

/// One completion criterion of a phase and whether it is met.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CriterionState {
    pub id: String,
    pub text: String,
    /// Decided from the data (true) or ticked by hand (false).
    pub automatic: bool,
    pub met: bool,
    /// Met only because there is nothing for the rule to check (no relevant actor, no
    /// Critical/High-severity threat, no accepted risk, phase 8 not applicable): the
    /// views say so instead of showing a plain tick.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub vacuous: bool,
}

impl CriterionState {
    /// `"[x] text"`, `"[ ] text"`, or for a vacuous tick `"[x] text (vacuous: nothing to check)"`.
    pub fn label(&self) -> String {
        let mark = if self.met { "x" } else { " " };
        let note = if self.vacuous {
            " (vacuous: nothing to check)"
        } else {
            ""
        };
        format!("[{mark}] {}{note}", self.text)
    }
}

/// An [`Index`] built on first use and shared by the rules evaluated with it (several
/// rules need one; building it once per rule cost milliseconds at 10,000 threats).
pub type LazyIndex<'a> = std::cell::OnceCell<Index<'a>>;

/// Completion criteria of `phase` evaluated on `session`.
pub fn phase_criteria(session: &Session, catalog: &Catalog, phase: u8) -> Vec<CriterionState> {
    phase_criteria_with(session, catalog, phase, &LazyIndex::new())
}

/// [`phase_criteria`] sharing one lazily built index (e.g. across all ten phases).
pub fn phase_criteria_with<'a>(
    session: &'a Session,
    catalog: &Catalog,
    phase: u8,
    index: &LazyIndex<'a>,
) -> Vec<CriterionState> {
    criteria_by(session, catalog, phase, |rule| {
        rule_met_with(rule, session, catalog, index)
    })
}

/// Completion criteria of `phase`, deciding the automatic ones with `met` (ticked
/// criteria come from the session): the one place that lists a phase's criteria.
pub fn criteria_by(
    session: &Session,
    catalog: &Catalog,
    phase: u8,
    mut met: impl FnMut(&RuleRef) -> bool,
) -> Vec<CriterionState> {
    let Some(info) = catalog.phases.get(phase) else {
        return Vec::new();
    };
    let checked: &[String] = session
        .phases
        .iter()
        .find(|p| p.phase == phase)
        .map_or(&[], |p| p.checked.as_slice());
    info.criteria
        .iter()
        .map(|c| {
            let rule = c.auto.as_deref().and_then(|r| parse_rule(r).ok());
            let met = match &rule {
                Some(rule) => met(rule),
                None => checked.contains(&c.id),
            };
            let vacuous = met && rule.as_ref().is_some_and(|r| rule_vacuous(r, session));
            CriterionState {
                id: c.id.clone(),
                text: c.text.clone(),
                automatic: rule.is_some(),
                met,
                vacuous,
            }
        })
        .collect()
}

/// (met, total) completion criteria of a phase: facts from the data and the ticks. The
/// phase's status (Complete, …) is the analyst's claim and is shown beside it, never
/// instead of it.
pub fn phase_progress(session: &Session, catalog: &Catalog, phase: u8) -> (usize, usize) {
    let criteria = phase_criteria(session, catalog, phase);
    let total = criteria.len();
    (criteria.iter().filter(|c| c.met).count(), total)
}

/// Whether a rule that holds does so only because there is nothing for it to check.
pub fn rule_vacuous(rule: &RuleRef, s: &Session) -> bool {
    if let Some(rule) = ThreatRule::of(rule) {
        return rule.vacuous(s);
    }
    let RuleRef::Plain(key) = rule else {
        return false;
    };
    match key.key {
        "relevant-actors-profiled" | "relevant-actors-mapped" | "relevant-actors-prioritized" => {
            relevant_actors(s).next().is_none()
        }
        "accepted-risks-have-owner" => !s.residual_risks.iter().any(|r| {
            use crate::vocab::Disposition::*;
            matches!(r.disposition, Some(Accepted | Deferred))
        }),
        "every-mitigation-validated" => {
            s.code_validation.access == Some(crate::vocab::SourceAccess::None)
        }
        _ => false,
    }
}

/// Phases the chosen depth covers (all ten when no depth is chosen yet).
pub fn phases_in_depth(session: &Session, catalog: &Catalog) -> Vec<u8> {
    session
        .engagement
        .depth
        .and_then(|d| catalog.engagement.depth(d))
        .map_or_else(|| (1..=10).collect(), |d| d.phases.clone())
}

/// Layers the chosen depth covers (all when no depth is chosen yet).
pub fn layers_in_depth(session: &Session, catalog: &Catalog) -> Vec<Layer> {
    match session.engagement.depth {
        Some(depth) => catalog
            .engagement
            .layers_for(depth, &session.engagement.answers),
        None => Layer::ALL.to_vec(),
    }
}

fn count_at_least(n: usize, wanted: u32) -> bool {
    n >= wanted as usize
}

/// Whether the session satisfies a rule of the catalog.
pub fn rule_met(rule: &RuleRef, s: &Session, catalog: &Catalog) -> bool {
    rule_met_with(rule, s, catalog, &LazyIndex::new())
}

/// [`rule_met`] with a shared, lazily built index.
pub fn rule_met_with<'a>(
    rule: &RuleRef,
    s: &'a Session,
    catalog: &Catalog,
    lazy: &LazyIndex<'a>,
) -> bool {
    if let Some(rule) = ThreatRule::of(rule) {
        return rule.met(s, catalog, lazy.get_or_init(|| Index::new(s)));
    }
    let b = &s.business;
    match rule {
        RuleRef::Count(key, n) => match key.key {
            "components" => count_at_least(s.components.len(), *n),
            "data-flows" => count_at_least(s.flows.len(), *n),
            "relevant-actors" => count_at_least(
                s.actors
                    .iter()
                    .filter(|a| is_relevant(&a.relevance))
                    .count(),
                *n,
            ),
            "trust-zones" => count_at_least(s.zones.len(), *n),
            "trust-boundaries" => count_at_least(s.boundaries.len(), *n),
            "assets" => {
                count_at_least(s.assets.iter().filter(|a| is_critical_asset(a)).count(), *n)
            }
            "threats" => count_at_least(s.threats.len(), *n),
            "mitigations" => count_at_least(s.mitigations.len(), *n),
            _ => false,
        },
        RuleRef::Layers(key, layers) => match key.key {
            "layers-assessed" => layers
                .iter()
                .all(|l| s.analysis.assessed_layers.contains(l)),
            _ => false,
        },
        RuleRef::Plain(key) => match key.key {
            "system-purpose-set" => !b.function.trim().is_empty(),
            "criticality-set" => b.criticality.is_some(),
            "regulations-recorded" => !b.regulations.is_empty(),
            "data-classified" => b.data_classification.is_some() && !b.data_categories.is_empty(),
            "stakeholders-recorded" => b
                .stakeholders
                .iter()
                .any(|k| !k.name.trim().is_empty() || !k.role.trim().is_empty()),
            "risk-appetite-set" => !b.risk_appetite.trim().is_empty(),
            "assumptions-recorded" => s
                .assumptions
                .iter()
                .any(|a| !a.description.trim().is_empty()),
            "business-context-documented" => {
                !b.function.trim().is_empty() && !b.user_base.is_empty() && b.criticality.is_some()
            }
            "every-component-has-layer" => {
                !s.components.is_empty() && s.components.iter().all(|c| !c.layers.is_empty())
            }
            "every-layer-mapped" => layers_in_depth(s, catalog)
                .into_iter()
                .filter(|l| *l != Layer::CrossLayer)
                .all(|l| {
                    s.components.iter().any(|c| c.layers.contains(&l))
                        || s.architecture
                            .layer_notes
                            .iter()
                            .any(|n| n.layer == l && n.not_applicable)
                }),
            "critical-paths-marked" => s.flows.iter().any(|f| f.critical),
            "every-actor-category-flagged" => catalog.taxonomy.actors.iter().all(|category| {
                s.actors
                    .iter()
                    .any(|a| a.category == category.id && !a.relevance.is_empty())
            }),
            "relevant-actors-profiled" => {
                actors_judged(s, catalog)
                    && relevant_actors(s)
                        .all(|a| !a.capability.is_empty() && !a.motivations.is_empty())
            }
            "relevant-actors-mapped" => {
                actors_judged(s, catalog) && relevant_actors(s).all(|a| !a.target_layers.is_empty())
            }
            "relevant-actors-prioritized" => {
                actors_judged(s, catalog) && relevant_actors(s).all(|a| a.priority.is_some())
            }
            "every-boundary-has-controls" => {
                !s.boundaries.is_empty() && s.boundaries.iter().all(|b| !b.controls.is_empty())
            }
            "every-boundary-rated" => {
                !s.boundaries.is_empty() && s.boundaries.iter().all(|b| !b.strength.is_empty())
            }
            "every-asset-has-lifecycle" => {
                !s.assets.is_empty() && s.assets.iter().all(|a| !a.lifecycle.is_empty())
            }
            "every-asset-has-zones" => {
                !s.assets.is_empty() && s.assets.iter().all(|a| !a.zones.is_empty())
            }
            "critical-assets-and-flows" => {
                s.assets.iter().any(is_critical_asset) && !s.flows.is_empty()
            }
            "depth-layers-assessed" => layers_in_depth(s, catalog)
                .iter()
                .all(|l| s.analysis.assessed_layers.contains(l)),
            "cross-layer-patterns-reviewed" => catalog.patterns.patterns.iter().all(|p| {
                s.reviews.iter().any(|r| r.item == p.id)
                    || s.chains.iter().any(|c| c.pattern == p.id)
            }),
            // Every mitigation card carries a status (the model requires one).
            "every-mitigation-has-status" => !s.mitigations.is_empty(),
            "every-mitigation-rated" => {
                !s.mitigations.is_empty()
                    && s.mitigations
                        .iter()
                        .all(|m| m.cost.is_some() && m.effectiveness.is_some())
            }
            "code-access-recorded" => s.code_validation.access.is_some(),
            "every-mitigation-validated" => {
                s.code_validation.access == Some(crate::vocab::SourceAccess::None)
                    || (!s.mitigations.is_empty() && {
                        let validated: HashSet<&str> = s
                            .validations
                            .iter()
                            .map(|v| v.mitigation.as_str())
                            .collect();
                        s.mitigations.iter().all(|m| {
                            // A control nobody will build has nothing to validate.
                            m.status == crate::vocab::MitigationStatus::WillNotAction
                                || validated.contains(m.id.as_str())
                        })
                    })
            }
            "every-residual-has-disposition" => {
                !s.residual_risks.is_empty()
                    && s.residual_risks.iter().all(|r| r.disposition.is_some())
            }
            "accepted-risks-have-owner" => {
                !s.residual_risks.is_empty()
                    && s.residual_risks.iter().all(|r| {
                        use crate::vocab::Disposition::*;
                        !matches!(r.disposition, Some(Accepted | Deferred))
                            || !r.owner.trim().is_empty()
                    })
            }
            "every-residual-has-review" => {
                !s.residual_risks.is_empty()
                    && s.residual_risks.iter().all(|r| !r.review_date.is_empty())
            }
            "report-exported" => !s.session.exported.is_empty(),
            "roadmap-built" => {
                // Only the phase 8 findings are looked up: the shared index when it is
                // built, else one of the validations alone (no pass over the register).
                let own;
                let index = match lazy.get() {
                    Some(index) => index,
                    None => {
                        own = Index::of_validations(s);
                        &own
                    }
                };
                let open = s.mitigations.iter().filter(|m| {
                    crate::risk::mitigation_status_with(index, m)
                        != crate::vocab::ImplementationStatus::Implemented
                        && m.status != crate::vocab::MitigationStatus::WillNotAction
                });
                // Mitigations that a roadmap item with a horizon schedules.
                let scheduled: HashSet<&str> = s
                    .roadmap
                    .iter()
                    .filter(|r| !r.horizon.is_empty())
                    .flat_map(|r| r.mitigations.iter().map(String::as_str))
                    .collect();
                !s.roadmap.is_empty() && open.into_iter().all(|m| scheduled.contains(m.id.as_str()))
            }
            "executive-summary-written" => {
                !s.summary.system_overview.trim().is_empty() && !s.summary.top_risks.is_empty()
            }
            "update-triggers-recorded" => !s.triggers.is_empty(),
            "version-recorded" => {
                !s.session.version.is_empty()
                    && !s.session.assessed.is_empty()
                    && !s.session.analysts.is_empty()
            }
            _ => false,
        },
    }
}

/// The types of the mitigations addressing a threat.
fn is_relevant(relevance: &str) -> bool {
    let r = relevance.to_ascii_lowercase();
    r == "relevant" || r.starts_with("partially")
}

/// Whether the actor analysis has something to stand on: a relevant actor, or every
/// category judged (then "each relevant actor …" holds vacuously).
fn actors_judged(s: &Session, catalog: &Catalog) -> bool {
    relevant_actors(s).next().is_some()
        || rule_met(
            &RuleRef::Plain(
                crate::catalog::phases::rule_key("every-actor-category-flagged")
                    .expect("a rule of RULES"),
            ),
            s,
            catalog,
        )
}

fn relevant_actors(s: &Session) -> impl Iterator<Item = &crate::session::ThreatActor> {
    s.actors.iter().filter(|a| is_relevant(&a.relevance))
}

/// Every inventoried asset is a critical one: 06 Phase 5 step 1 inventories "all
/// valuable assets" (data, credentials, control signals) as the critical assets, and
/// 07's Asset Flow template always counts credentials and tokens as critical, whatever
/// their data classification (docs/method.md, R-CRITICAL-ASSET). A record without a
/// name is not an asset yet.
fn is_critical_asset(a: &crate::session::Asset) -> bool {
    !a.name.trim().is_empty() || !a.class.trim().is_empty()
}

/// A threat of Critical or High *severity* (06 Phase 7 step 6; 07 Executive Summary).
pub fn is_serious(t: &crate::session::Threat) -> bool {
    matches!(
        t.severity,
        Some(crate::vocab::Severity::Critical | crate::vocab::Severity::High)
    )
}

/// The rules of the form "every threat card …": the only rules that read a threat's
/// fields beyond its id. Each holds or fails per threat, so a change to one threat
/// updates them without a pass over the register ([`crate::analysis::figures`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreatRule {
    HasLayer,
    Scored,
    HasMitigation,
    /// Critical and High threats have a preventive and a detective control planned.
    SeriousHavePreventiveAndDetective,
    /// Gaps in defense in depth are closed or explained (the card's gap note).
    GapsReviewed,
    HasResidual,
}

/// What the threat rules need to know about a threat from the rest of the session,
/// found by the threat's id (an [`Index`], or facts gathered once per threat).
pub trait ThreatLinks {
    fn has_mitigation(&self, threat_id: &str) -> bool;
    /// Types of the controls planned for the threat (see [`Index::planned_kinds`]).
    fn planned_kinds(&self, threat_id: &str) -> std::borrow::Cow<'_, [MitigationType]>;
    fn has_residual(&self, threat_id: &str) -> bool;
}

impl ThreatLinks for Index<'_> {
    fn has_mitigation(&self, threat_id: &str) -> bool {
        !self.mitigations_for(threat_id).is_empty()
    }

    fn planned_kinds(&self, threat_id: &str) -> std::borrow::Cow<'_, [MitigationType]> {
        std::borrow::Cow::Owned(Index::planned_kinds(self, threat_id))
    }

    fn has_residual(&self, threat_id: &str) -> bool {
        self.residual_record(threat_id).is_some()
    }
}

impl ThreatRule {
    /// The threat rule a catalog rule reference names, if it is one.
    pub fn of(rule: &RuleRef) -> Option<ThreatRule> {
        let RuleRef::Plain(key) = rule else {
            return None;
        };
        Some(match key.key {
            "every-threat-has-layer" => ThreatRule::HasLayer,
            "every-threat-scored" => ThreatRule::Scored,
            "every-threat-has-mitigation" => ThreatRule::HasMitigation,
            "critical-high-threats-have-preventive-and-detective" => {
                ThreatRule::SeriousHavePreventiveAndDetective
            }
            "mitigation-gaps-reviewed" => ThreatRule::GapsReviewed,
            "every-threat-has-residual" => ThreatRule::HasResidual,
            _ => return None,
        })
    }

    /// Whether the rule also asks for at least one threat (an empty register fails it):
    /// all do, since nothing is met before the analyst has done it.
    pub fn needs_a_threat(self) -> bool {
        true
    }

    /// Whether the rule, when met, holds only because no threat is subject to it.
    pub fn vacuous(self, s: &Session) -> bool {
        match self {
            ThreatRule::SeriousHavePreventiveAndDetective => !s.threats.iter().any(is_serious),
            _ => false,
        }
    }

    /// Whether threat `t` satisfies the rule.
    pub fn holds(
        self,
        t: &crate::session::Threat,
        catalog: &Catalog,
        links: &impl ThreatLinks,
    ) -> bool {
        match self {
            ThreatRule::HasLayer => !t.layers.is_empty(),
            ThreatRule::Scored => {
                t.severity.is_some()
                    && t.likelihood.is_some()
                    && t.attack_vector.is_some()
                    && t.attack_complexity.is_some()
            }
            ThreatRule::HasMitigation => links.has_mitigation(&t.id),
            ThreatRule::SeriousHavePreventiveAndDetective => {
                // 06 Phase 7 step 6: "every Critical and High severity threat".
                if !is_serious(t) {
                    return true;
                }
                let kinds = links.planned_kinds(&t.id);
                kinds.contains(&MitigationType::Preventive)
                    && kinds.contains(&MitigationType::Detective)
            }
            ThreatRule::GapsReviewed => {
                !t.gap_note.trim().is_empty()
                    || crate::risk::gaps::rules_broken_kinds(
                        catalog,
                        t,
                        &links.planned_kinds(&t.id),
                    )
                    .is_empty()
            }
            ThreatRule::HasResidual => links.has_residual(&t.id),
        }
    }

    /// Whether the rule is met, given how many threats there are and how many fail it.
    pub fn met_given(self, threats: usize, failing: usize) -> bool {
        failing == 0 && (threats > 0 || !self.needs_a_threat())
    }

    /// Whether the session meets the rule.
    pub fn met(self, s: &Session, catalog: &Catalog, links: &impl ThreatLinks) -> bool {
        self.met_given(
            s.threats.len(),
            usize::from(s.threats.iter().any(|t| !self.holds(t, catalog, links))),
        )
    }
}

#[cfg(test)]
mod fidelity_tests;
#[cfg(test)]
mod tests;
