//! Mitigation prioritization (phase 7, steps 4–6; the guide's cost-effectiveness matrix
//! and prioritization workflow) and the catalog mitigations a threat could adopt.

use crate::catalog::Catalog;
use crate::catalog::mitigations::MitigationEntry;
use crate::catalog::scoring::CostEffectivenessCell;
use crate::risk::{self, ThreatRisk};
use crate::session::{Mitigation, Session, Threat};
use crate::vocab::{Cost, ImplementationStatus, Layer, MitigationType};
use std::cmp::Ordering;

/// The cost × effectiveness cell of a mitigation, when both are rated.
pub fn recommendation<'c>(
    catalog: &'c Catalog,
    mitigation: &Mitigation,
) -> Option<&'c CostEffectivenessCell> {
    Some(
        catalog
            .scoring
            .cost_effectiveness(mitigation.cost?, mitigation.effectiveness?),
    )
}

/// The playbook's priority of one mitigation, with the numbers that make it.
#[derive(Debug, Clone, PartialEq)]
pub struct Priority {
    pub mitigation_id: String,
    /// The threat that gives the mitigation its priority (its most severe target).
    pub driving_threat: Option<String>,
    pub severity: f64,
    pub likelihood: f64,
    /// 1 − the status value of the mitigation (1 = nothing done yet).
    pub gap: f64,
    pub cost: f64,
    /// The cost was not rated and counts as Medium.
    pub cost_assumed: bool,
    /// (severity × likelihood × gap) / cost.
    pub score: f64,
    /// Number of threats the mitigation addresses (tie-break: broader first).
    pub threats: usize,
    pub recommendation: Option<CostEffectivenessCell>,
    /// Position of the mitigation in `Session::mitigations` (the last tie-break).
    pub position: usize,
}

/// 1-based position of `value` on a scale as the catalog lists it (lowest first).
fn scale_position<T: PartialEq>(mut scale: impl Iterator<Item = T>, value: T) -> f64 {
    scale
        .position(|v| v == value)
        .map_or(0.0, |p| (p + 1) as f64)
}

/// Ranks the session's mitigations by the priority formula of phase 7, step 5:
/// `(threat severity × threat likelihood × implementation gap) / implementation cost`.
///
/// How the words become numbers, all from the catalog's scoring section:
/// - severity and likelihood: their position on the catalog's scale, lowest = 1
///   (Low 1 … Critical 4; Unlikely 1 … Very Likely 4);
/// - implementation gap: `1 − value` of the mitigation's own status in the
///   effective-risk formula (`risk::mitigation_status`: Not Implemented 1, Partially
///   Implemented 0.5, Implemented 0);
/// - cost: its position on the catalog's cost scale (Low 1, Medium 2, High 3); an
///   unrated cost counts as Medium and is flagged.
///
/// A mitigation addressing several threats takes the severity and likelihood of its
/// most severe rated threat (highest severity × likelihood): the worst threat it closes
/// is what makes it urgent. Unrated threats count as 0. Ties go to the mitigation that
/// addresses more threats, then to session order. "Will Not Action" mitigations are left
/// out: there is nothing to schedule.
pub fn priorities(session: &Session, catalog: &Catalog) -> Vec<Priority> {
    // Lookups built once: per-mitigation scans made this O(mitigations × threats).
    let index = risk::Index::new(session);
    let mut threats: foldhash::HashMap<&str, &Threat> = foldhash::HashMap::default();
    for t in &session.threats {
        threats.entry(t.id.as_str()).or_insert(t);
    }
    let mut out: Vec<Priority> = session
        .mitigations
        .iter()
        .enumerate()
        .filter_map(|(position, m)| {
            priority_given(
                catalog,
                m,
                position,
                risk::mitigation_status_with(&index, m),
                |id| threats.get(id).copied(),
            )
        })
        .collect();
    // Stable sort keeps session order among equals.
    out.sort_by(priority_order);
    out
}

/// The order of [`priorities`]: score, then breadth, then session order.
fn priority_order(a: &Priority, b: &Priority) -> Ordering {
    b.score
        .total_cmp(&a.score)
        .then_with(|| b.threats.cmp(&a.threats))
        .then_with(|| a.position.cmp(&b.position))
}

/// The priority of one mitigation (None: Will Not Action), given its status in the
/// effective-risk formula and a lookup of the (first) card with a threat id.
fn priority_given<'s>(
    catalog: &Catalog,
    m: &Mitigation,
    position: usize,
    status: ImplementationStatus,
    threat: impl Fn(&str) -> Option<&'s Threat>,
) -> Option<Priority> {
    if m.status == crate::vocab::MitigationStatus::WillNotAction {
        return None;
    }
    let scoring = &catalog.scoring;
    let severity = |t: &Threat| {
        t.severity.map_or(0.0, |s| {
            scale_position(scoring.severity.iter().map(|d| d.id), s)
        })
    };
    let likelihood = |t: &Threat| {
        t.likelihood.map_or(0.0, |l| {
            scale_position(scoring.likelihood.iter().map(|d| d.id), l)
        })
    };
    let driving = m
        .addresses
        .iter()
        .filter_map(|id| threat(id.as_str()))
        .max_by(|a, b| (severity(a) * likelihood(a)).total_cmp(&(severity(b) * likelihood(b))));
    let (sev, lik) = driving.map_or((0.0, 0.0), |t| (severity(t), likelihood(t)));
    let gap = 1.0 - scoring.status_value(status);
    let cost_assumed = m.cost.is_none();
    let cost = scale_position(
        scoring.cost.iter().map(|d| d.id),
        m.cost.unwrap_or(Cost::Medium),
    );
    Some(Priority {
        mitigation_id: m.id.clone(),
        driving_threat: driving.map(|t| t.id.clone()),
        severity: sev,
        likelihood: lik,
        gap,
        cost,
        cost_assumed,
        score: if cost > 0.0 {
            sev * lik * gap / cost
        } else {
            0.0
        },
        threats: m.addresses.len(),
        recommendation: recommendation(catalog, m).cloned(),
        position,
    })
}

/// Brings `list` (the [`priorities`] of the session before the edit) up to date after
/// an edit that changed `session.mitigations[index]` in place and nothing else: its
/// entry is taken out and put back at its new place. `threat` finds the first card with
/// a threat id (as `Session::threat` does).
pub fn reprioritize<'s>(
    list: &mut Vec<Priority>,
    session: &'s Session,
    catalog: &Catalog,
    index: usize,
    threat: impl Fn(&str) -> Option<&'s Threat>,
) {
    if let Some(at) = list.iter().position(|p| p.position == index) {
        list.remove(at);
    }
    let Some(m) = session.mitigations.get(index) else {
        return;
    };
    let status = risk::mitigation_status(session, m);
    if let Some(p) = priority_given(catalog, m, index, status, threat) {
        let at = list.partition_point(|q| priority_order(q, &p) == Ordering::Less);
        list.insert(at, p);
    }
}

/// Rated threats that have no planned mitigation at all, most severe first: the playbook
/// gives high-severity threats with no mitigation the highest priority.
pub fn unmitigated(session: &Session, catalog: &Catalog) -> Vec<String> {
    let mut threats: Vec<(&Threat, f64)> = session
        .threats
        .iter()
        .filter(|t| super::gaps::planned(session, &t.id).is_empty())
        .filter_map(|t| risk::inherent(t, catalog).map(|l| (t, catalog.scoring.level_value(l))))
        .collect();
    threats.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| b.0.severity.cmp(&a.0.severity))
    });
    threats.into_iter().map(|(t, _)| t.id.clone()).collect()
}

/// Effectiveness first (High before Low), then cheaper first: the guide's "prefer High
/// Effectiveness / Low Cost mitigations first". Unrated values sort last.
fn cost_effectiveness_order(a: &Mitigation, b: &Mitigation) -> Ordering {
    let eff = |m: &Mitigation| m.effectiveness.map_or(-1, |e| e as i32);
    let cost = |m: &Mitigation| m.cost.map_or(i32::MAX, |c| c as i32);
    eff(b).cmp(&eff(a)).then_with(|| cost(a).cmp(&cost(b)))
}

/// One step of the guide's prioritization workflow: a threat in ranking order and the
/// mitigations still to implement for it, best cost-effectiveness first.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkflowStep {
    pub risk: ThreatRisk,
    /// Planned mitigations of the threat that are not fully implemented.
    pub candidates: Vec<String>,
}

/// The guide's complete prioritization workflow (steps 1–6): threats ranked by
/// `risk::rank` (effective risk, attack vector, complexity); for every threat not fully
/// mitigated, its open mitigations ordered by the cost × effectiveness preference.
/// Fully mitigated threats (implementation status Implemented) are left out.
pub fn workflow(session: &Session, catalog: &Catalog) -> Vec<WorkflowStep> {
    let index = risk::Index::new(session);
    risk::rank_with(&index, session, catalog)
        .into_iter()
        .filter(|(_, r)| r.implementation != ImplementationStatus::Implemented)
        .map(|(threat, risk)| {
            let mut open: Vec<&Mitigation> = index
                .mitigations_for(&threat.id)
                .iter()
                .copied()
                .filter(|m| m.status != crate::vocab::MitigationStatus::WillNotAction)
                .filter(|m| {
                    risk::mitigation_status_with(&index, m) != ImplementationStatus::Implemented
                })
                .collect();
            open.sort_by(|a, b| cost_effectiveness_order(a, b));
            WorkflowStep {
                risk,
                candidates: open.iter().map(|m| m.id.clone()).collect(),
            }
        })
        .collect()
}

/// A catalog mitigation that could be adopted for a threat.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    /// The catalog says it addresses the threat only in part.
    pub partial: bool,
    /// Already adopted in the session under this id, but not linked to the threat.
    pub adopted_as: Option<String>,
}

/// Candidates of one control type on one layer.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateGroup {
    pub kind: MitigationType,
    pub layer: Layer,
    pub candidates: Vec<Candidate>,
}

/// The catalog threats a card stands for: its catalog entry and its ASI ids.
fn catalog_ids(threat: &Threat, catalog: &Catalog) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for id in std::iter::once(&threat.catalog).chain(&threat.asi) {
        if catalog.threats.get(id).is_some() && !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    ids
}

/// Catalog mitigations that address `threat_id` (fully, then in part), grouped by type
/// (Preventive, Detective, Corrective, Deterrent) and layer (L1…L7, CL), without those
/// already adopted for this threat.
pub fn adoption_candidates(
    session: &Session,
    catalog: &Catalog,
    threat_id: &str,
) -> Vec<CandidateGroup> {
    let Some(threat) = session.threat(threat_id) else {
        return Vec::new();
    };
    let ids = catalog_ids(threat, catalog);
    let mut entries: Vec<(&MitigationEntry, bool)> = Vec::new();
    for id in &ids {
        for e in catalog.mitigations.addressing(id) {
            if !entries.iter().any(|(x, _)| x.id == e.id) {
                entries.push((e, false));
            }
        }
    }
    for id in &ids {
        for e in catalog.mitigations.partially_addressing(id) {
            if !entries.iter().any(|(x, _)| x.id == e.id) {
                entries.push((e, true));
            }
        }
    }
    // The session's adoptions of each entry, found in one pass over the mitigations (a
    // pass per entry, twice, cost a phase 7 frame milliseconds at 10,000 threats).
    let slots: foldhash::HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(k, (e, _))| (e.id.as_str(), k))
        .collect();
    let mut adoptions: Vec<Vec<&Mitigation>> = vec![Vec::new(); entries.len()];
    if !slots.is_empty() {
        for m in &session.mitigations {
            if let Some(&k) = slots.get(m.catalog.as_str()) {
                adoptions[k].push(m);
            }
        }
    }
    let adopted = |entry: &MitigationEntry| -> &[&Mitigation] {
        slots.get(entry.id.as_str()).map_or(&[], |&k| &adoptions[k])
    };
    let mut groups: Vec<CandidateGroup> = Vec::new();
    for &kind in MitigationType::ALL {
        for &layer in Layer::ALL {
            let candidates: Vec<Candidate> = entries
                .iter()
                .filter(|(e, _)| e.kind == kind && e.layer == layer)
                .filter(|(e, _)| {
                    !adopted(e)
                        .iter()
                        .any(|m| m.addresses.iter().any(|t| t == threat_id))
                })
                .map(|(e, partial)| Candidate {
                    id: e.id.clone(),
                    name: e.name.clone(),
                    partial: *partial,
                    adopted_as: adopted(e).first().map(|m| m.id.clone()),
                })
                .collect();
            if !candidates.is_empty() {
                groups.push(CandidateGroup {
                    kind,
                    layer,
                    candidates,
                });
            }
        }
    }
    groups
}

#[cfg(test)]
#[path = "prioritize_tests.rs"]
mod tests;
