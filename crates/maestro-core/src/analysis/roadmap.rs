//! Remediation roadmap proposals (phase 10, step 2; the Remediation Roadmap template).
//!
//! Each rated threat falls in the horizon the catalog assigns to its inherent level and
//! the strongest implementation status of its mitigations
//! (`catalog.scoring.remediation_phase`: Immediate 0–30 days, Short-term 30–90,
//! Medium-term 90–180, Long-term 180+); a fully implemented threat needs no item. A
//! fully implemented threat that still misses the defense-in-depth rule of its level gets
//! a Long-term item for the missing control types (the playbook's "defense-in-depth
//! enhancements").
//!
//! The analyst's roadmap is never touched: threats an existing item already covers get
//! no proposal, and proposals carry fresh ids for the analyst to adopt or ignore.

use super::gaps::{self, GapRule};
use crate::catalog::Catalog;
use crate::risk;
use crate::session::{Mitigation, RemediationItem, Session};
use crate::vocab::{ImplementationStatus, MitigationType, RiskLevel};

/// One proposed roadmap item with why it lands where it does.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// The item to add; `horizon` is the catalog phase name.
    pub item: RemediationItem,
    /// Catalog remediation phase id ("immediate", "short-term", …).
    pub phase_id: String,
    pub level: RiskLevel,
    pub status: ImplementationStatus,
    pub reason: String,
}

/// The proposals of one horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Horizon {
    pub phase_id: String,
    pub name: String,
    pub min_days: u32,
    pub max_days: Option<u32>,
    /// Assessment date + `max_days`, when both are known.
    pub due: Option<String>,
    pub proposals: Vec<Proposal>,
}

/// Next free `RM-<n>` number after the session's roadmap ids (and its high-water mark).
fn first_free_number(session: &Session) -> u32 {
    let ids = session.roadmap.iter().map(|i| i.id.as_str());
    crate::session::ids::next_number("RM-", ids, crate::session::ids::used(session, "RM"))
}

fn kinds_text(groups: &[Vec<MitigationType>]) -> String {
    groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(" or ")
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Proposals per horizon, in the catalog's horizon order; within a horizon, threats in
/// the guide's ranking order (`risk::rank`).
pub fn propose(session: &Session, catalog: &Catalog) -> Vec<Horizon> {
    let scoring = &catalog.scoring;
    let assessed = super::residual::assessment_date(session);
    let mut horizons: Vec<Horizon> = scoring
        .remediation_phases
        .iter()
        .map(|p| Horizon {
            phase_id: p.id.clone(),
            name: p.name.clone(),
            min_days: p.min_days,
            max_days: p.max_days,
            due: p
                .max_days
                .and_then(|d| super::dates::add_days(assessed, d).ok()),
            proposals: Vec::new(),
        })
        .collect();
    let long_term = scoring
        .remediation_phases
        .iter()
        .max_by_key(|p| p.min_days)
        .map(|p| p.id.clone());
    let mut next = first_free_number(session);
    // Looked up once: per-threat scans of the roadmap, mitigations and validations made
    // this O(threats × records) — 0.6 s per frame of phase 10 at 10,000 threats.
    let index = risk::Index::new(session);
    let on_roadmap: std::collections::HashSet<&str> = session
        .roadmap
        .iter()
        .flat_map(|i| i.threats.iter().map(String::as_str))
        .collect();
    for (threat, assessed_risk) in risk::rank_with(&index, session, catalog) {
        let Some(level) = assessed_risk.inherent else {
            continue;
        };
        if on_roadmap.contains(threat.id.as_str()) {
            continue;
        }
        let status = assessed_risk.implementation;
        let planned = gaps::planned_with(&index, &threat.id);
        let open: Vec<&Mitigation> = planned
            .iter()
            .copied()
            .filter(|m| {
                risk::mitigation_status_with(&index, m) != ImplementationStatus::Implemented
            })
            .collect();
        let (phase_id, description, reason) = match scoring.remediation_phase(level, status) {
            Some(phase) => {
                let description = if open.is_empty() {
                    format!("Plan and implement a mitigation for {}", threat.name)
                } else {
                    let names: Vec<&str> = open.iter().map(|m| m.name.as_str()).collect();
                    format!("Implement {} for {}", names.join(", "), threat.name)
                };
                let reason = format!("{level} threat, mitigation status {status}");
                (phase.id.clone(), description, reason)
            }
            None => {
                // Implemented: only defense-in-depth work may remain.
                let Some(missing) = gaps::rules_broken_by(catalog, threat, &planned)
                    .into_iter()
                    .find(|(rule, _)| *rule == GapRule::DefenseInDepth)
                    .map(|(_, m)| m)
                else {
                    continue;
                };
                let Some(phase_id) = long_term.clone() else {
                    continue;
                };
                let kinds = kinds_text(&missing);
                (
                    phase_id,
                    format!("Add a {kinds} control for {}", threat.name),
                    format!("{level} threat mitigated, but defense in depth lacks {kinds}"),
                )
            }
        };
        let item = RemediationItem {
            id: format!("RM-{next}"),
            threats: vec![threat.id.clone()],
            mitigations: open.iter().map(|m| m.id.clone()).collect(),
            description,
            horizon: String::new(),
            effort: open.iter().filter_map(|m| m.cost).max(),
            team: String::new(),
            depends_on: Vec::new(),
            status: None,
        };
        if let Some(h) = horizons.iter_mut().find(|h| h.phase_id == phase_id) {
            next += 1;
            h.proposals.push(Proposal {
                item: RemediationItem {
                    horizon: h.name.clone(),
                    ..item
                },
                phase_id,
                level,
                status,
                reason,
            });
        }
    }
    horizons
}

/// A threat whose roadmap items are all scheduled later than the window its risk calls
/// for: the roadmap's own timeline and the rule's timeline (the "Threats by Remediation
/// Phase" table) disagree about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineMismatch {
    pub threat: String,
    /// Catalog remediation phase name the rule puts the threat in ("Immediate", …).
    pub rule_phase: String,
    /// The earliest horizon among the roadmap items that name the threat.
    pub roadmap_phase: String,
    /// Those roadmap items' ids.
    pub items: Vec<String>,
}

/// Threats the roadmap schedules later than the remediation phase the catalog assigns to
/// their inherent level and implementation status (07 Remediation Roadmap template,
/// "Priority Phase"), in session order. A threat no item names is not a mismatch (the
/// proposals above cover it); items without a horizon are not counted as scheduled.
pub fn timeline_mismatches(session: &Session, catalog: &Catalog) -> Vec<TimelineMismatch> {
    let phases = &catalog.scoring.remediation_phases;
    let position = |horizon: &str| {
        phases.iter().position(|p| {
            p.id.eq_ignore_ascii_case(horizon) || p.name.eq_ignore_ascii_case(horizon)
        })
    };
    let mut items_of: std::collections::HashMap<&str, Vec<(&str, Option<usize>)>> =
        std::collections::HashMap::new();
    for item in &session.roadmap {
        for threat in &item.threats {
            items_of
                .entry(threat.as_str())
                .or_default()
                .push((item.id.as_str(), position(&item.horizon)));
        }
    }
    let risks = risk::assess_all(session, catalog);
    let mut out = Vec::new();
    for (threat, assessed) in session.threats.iter().zip(&risks) {
        let Some(items) = items_of.get(threat.id.as_str()) else {
            continue;
        };
        let Some(rule) = assessed.inherent.and_then(|level| {
            catalog
                .scoring
                .remediation_phase(level, assessed.implementation)
        }) else {
            continue;
        };
        let Some(rule_at) = position(&rule.id) else {
            continue;
        };
        let Some(earliest) = items.iter().filter_map(|(_, at)| *at).min() else {
            continue;
        };
        if earliest > rule_at {
            out.push(TimelineMismatch {
                threat: threat.id.clone(),
                rule_phase: rule.name.clone(),
                roadmap_phase: phases[earliest].name.clone(),
                items: items.iter().map(|(id, _)| id.to_string()).collect(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixtures::{mitigation, threat};
    use crate::vocab::{Cost, ImplementationStatus as I, Layer, Likelihood, Severity};

    fn ids(h: &Horizon) -> Vec<&str> {
        h.proposals
            .iter()
            .map(|p| p.item.threats[0].as_str())
            .collect()
    }

    fn session() -> Session {
        let mut s = Session::new("roadmap", "test", "2025-01-01");
        s.session.assessed = "2025-01-15".into();
        s.threats = vec![
            threat(
                "TH-C0",
                "",
                &[Layer::L3],
                Severity::Critical,
                Likelihood::Likely,
            ),
            threat(
                "TH-CP",
                "",
                &[Layer::L3],
                Severity::Critical,
                Likelihood::Possible,
            ),
            threat(
                "TH-H",
                "",
                &[Layer::L3],
                Severity::High,
                Likelihood::Possible,
            ),
            threat(
                "TH-M",
                "",
                &[Layer::L2],
                Severity::Medium,
                Likelihood::Possible,
            ),
            threat(
                "TH-LP",
                "",
                &[Layer::L1],
                Severity::Low,
                Likelihood::Unlikely,
            ),
            threat(
                "TH-L0",
                "",
                &[Layer::L1],
                Severity::Low,
                Likelihood::Possible,
            ),
            threat(
                "TH-DONE",
                "",
                &[Layer::L4],
                Severity::High,
                Likelihood::Possible,
            ),
        ];
        let mut open = mitigation(
            "M-1",
            MitigationType::Preventive,
            &["TH-C0"],
            I::NotImplemented,
        );
        open.cost = Some(Cost::High);
        s.mitigations = vec![
            open,
            mitigation(
                "M-2",
                MitigationType::Detective,
                &["TH-C0"],
                I::NotImplemented,
            ),
            mitigation(
                "M-3",
                MitigationType::Preventive,
                &["TH-CP"],
                I::PartiallyImplemented,
            ),
            mitigation(
                "M-4",
                MitigationType::Preventive,
                &["TH-LP"],
                I::PartiallyImplemented,
            ),
            mitigation(
                "M-5",
                MitigationType::Preventive,
                &["TH-DONE"],
                I::Implemented,
            ),
            mitigation(
                "M-6",
                MitigationType::Corrective,
                &["TH-DONE"],
                I::Implemented,
            ),
        ];
        s
    }

    #[test]
    fn threats_land_in_their_horizon() {
        let catalog = Catalog::embedded();
        let horizons = propose(&session(), &catalog);
        let names: Vec<&str> = horizons.iter().map(|h| h.phase_id.as_str()).collect();
        assert_eq!(
            names,
            ["immediate", "short-term", "medium-term", "long-term"]
        );
        // Critical + Not Implemented → Immediate.
        assert_eq!(ids(&horizons[0]), ["TH-C0"]);
        // High + Not, Critical + Partially → Short-term, in ranking order (3.0 before 2.0).
        assert_eq!(ids(&horizons[1]), ["TH-H", "TH-CP"]);
        // Medium, and Low + Partially → Medium-term.
        assert_eq!(ids(&horizons[2]), ["TH-M", "TH-LP"]);
        // Low + Not → Long-term; TH-DONE is implemented and meets defense in depth.
        assert_eq!(ids(&horizons[3]), ["TH-L0"]);
        assert_eq!(horizons[0].due.as_deref(), Some("2025-02-14"));
        assert_eq!(horizons[3].due, None);
        let first = &horizons[0].proposals[0];
        assert_eq!(first.item.mitigations, ["M-1", "M-2"]);
        assert_eq!(first.item.effort, Some(Cost::High));
        assert_eq!(first.item.horizon, "Immediate");
        assert!(first.item.description.contains("M-1"));
        assert_eq!(first.level, RiskLevel::Critical);
    }

    #[test]
    fn defense_in_depth_work_goes_long_term() {
        let catalog = Catalog::embedded();
        let mut s = session();
        s.mitigations.retain(|m| m.id != "M-6");
        let horizons = propose(&s, &catalog);
        let long = &horizons[3];
        let done = long
            .proposals
            .iter()
            .find(|p| p.item.threats == ["TH-DONE"])
            .expect("defense-in-depth proposal");
        assert!(
            done.item.description.contains("Corrective"),
            "{}",
            done.item.description
        );
        assert!(done.item.mitigations.is_empty());
    }

    #[test]
    fn existing_items_are_kept_and_ids_are_fresh() {
        let catalog = Catalog::embedded();
        let mut s = session();
        s.roadmap = vec![RemediationItem {
            id: "RM-7".into(),
            threats: vec!["TH-C0".into()],
            description: "analyst's own plan".into(),
            ..RemediationItem::default()
        }];
        let before = s.clone();
        let horizons = propose(&s, &catalog);
        assert_eq!(s, before);
        assert!(horizons[0].proposals.is_empty());
        let all: Vec<&str> = horizons
            .iter()
            .flat_map(|h| &h.proposals)
            .map(|p| p.item.id.as_str())
            .collect();
        assert_eq!(all[0], "RM-8");
        let mut unique = all.clone();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
    }

    #[test]
    fn a_roadmap_item_later_than_the_rule_window_is_a_mismatch() {
        let catalog = Catalog::embedded();
        let mut s = session();
        let item = |id: &str, threat: &str, horizon: &str| RemediationItem {
            id: id.into(),
            threats: vec![threat.into()],
            horizon: horizon.into(),
            ..RemediationItem::default()
        };
        // TH-C0 is Critical with nothing implemented: the rule says Immediate.
        s.roadmap = vec![item("RM-1", "TH-C0", "Short-term")];
        let found = timeline_mismatches(&s, &catalog);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (
                found[0].rule_phase.as_str(),
                found[0].roadmap_phase.as_str()
            ),
            ("Immediate", "Short-term")
        );
        // A second item in the right window settles it; so would an earlier one.
        s.roadmap.push(item("RM-2", "TH-C0", "immediate"));
        assert!(timeline_mismatches(&s, &catalog).is_empty());
    }
}
