//! Phase 9 helpers around the residual level (`risk::residual`, which computes it):
//! what each disposition requires, review dates, the aggregate posture against the
//! phase 1 risk tolerance, and the top residual risks.
//!
//! Rules, all read from `catalog.scoring`:
//! - dispositions (steps 2–3, 5): each disposition's `requires_*` flags say which fields a
//!   residual entry with it must carry (owner, justification, target date, compensating
//!   controls, third party);
//! - review schedule (step 4): every residual risk has a review date, no later than the
//!   assessment date plus the months of its level (Critical monthly, High quarterly,
//!   Medium semi-annually, Low annually); a threat-landscape change calls for a review at
//!   once whatever the date (`scoring.trigger_events`);
//! - posture (step 6): residual levels above `business.risk_tolerance` are outside the
//!   appetite; the top 5 are the highest residual levels.

use super::dates::{self, BadDate};
use crate::catalog::Catalog;
use crate::risk;
use crate::session::{ResidualRisk, Session};
use crate::vocab::{Disposition, RiskLevel};
use std::collections::BTreeMap;
use std::fmt;

/// Something a residual entry still lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unmet {
    /// The entry has no disposition yet.
    Disposition,
    /// A named risk owner.
    Owner,
    /// The business justification.
    Justification,
    /// A target date for the deferred mitigation.
    TargetDate,
    /// Interim or compensating controls.
    CompensatingControls,
    /// The party that takes the transferred risk.
    ThirdParty,
    /// A review date (every residual risk needs one).
    ReviewDate,
    /// The review date is later than the schedule of the level allows.
    ReviewTooLate { latest: String },
    /// A stored date does not parse.
    BadDate { field: &'static str, value: String },
    /// The entry names a threat card that does not exist.
    UnknownThreat,
}

impl fmt::Display for Unmet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unmet::Disposition => write!(f, "choose a disposition"),
            Unmet::Owner => write!(f, "name the risk owner"),
            Unmet::Justification => write!(f, "write the business justification"),
            Unmet::TargetDate => write!(f, "set the target date"),
            Unmet::CompensatingControls => write!(f, "record the compensating controls"),
            Unmet::ThirdParty => write!(f, "name the party that takes the risk"),
            Unmet::ReviewDate => write!(f, "set a review date"),
            Unmet::ReviewTooLate { latest } => {
                write!(f, "review by {latest} at the latest for this level")
            }
            Unmet::BadDate { field, value } => write!(f, "{field} `{value}` is not YYYY-MM-DD"),
            Unmet::UnknownThreat => write!(f, "the threat card does not exist"),
        }
    }
}

/// The date the review schedule counts from: the assessment date of this version, else
/// the session's creation date.
pub fn assessment_date(session: &Session) -> &str {
    if session.session.assessed.is_empty() {
        &session.session.created
    } else {
        &session.session.assessed
    }
}

/// The review date the schedule proposes for a residual `level`, counted from `assessed`.
pub fn propose_review_date(
    catalog: &Catalog,
    level: RiskLevel,
    assessed: &str,
) -> Result<String, BadDate> {
    dates::add_months(assessed, catalog.scoring.review_months(level))
}

/// What the entry's disposition (by the catalog's rules) and the review schedule still
/// require; empty when the entry is complete.
pub fn unmet(session: &Session, catalog: &Catalog, entry: &ResidualRisk) -> Vec<Unmet> {
    let threat = session.threat(&entry.threat);
    // An index of this threat only: a card is drawn per keystroke.
    let index = risk::Index::for_threat(session, &entry.threat);
    unmet_with(&index, session, catalog, entry, threat)
}

/// [`unmet`] with the index and the entry's threat already at hand.
fn unmet_with(
    index: &risk::Index,
    session: &Session,
    catalog: &Catalog,
    entry: &ResidualRisk,
    threat: Option<&crate::session::Threat>,
) -> Vec<Unmet> {
    let mut missing = Vec::new();
    let Some(threat) = threat else {
        return vec![Unmet::UnknownThreat];
    };
    match entry.disposition {
        None => missing.push(Unmet::Disposition),
        Some(disposition) => {
            if let Some(rule) = catalog.scoring.get_disposition(disposition.as_str()) {
                let blank = |s: &str| s.trim().is_empty();
                if rule.requires_owner && blank(&entry.owner) {
                    missing.push(Unmet::Owner);
                }
                if rule.requires_justification && blank(&entry.justification) {
                    missing.push(Unmet::Justification);
                }
                if rule.requires_target_date {
                    if blank(&entry.target_date) {
                        missing.push(Unmet::TargetDate);
                    } else if dates::parse(&entry.target_date).is_err() {
                        missing.push(Unmet::BadDate {
                            field: "target date",
                            value: entry.target_date.clone(),
                        });
                    }
                }
                if rule.requires_compensating_controls
                    && entry.compensating_controls.iter().all(|c| blank(c))
                {
                    missing.push(Unmet::CompensatingControls);
                }
                if rule.requires_third_party && blank(&entry.third_party) {
                    missing.push(Unmet::ThirdParty);
                }
            }
        }
    }
    if entry.review_date.trim().is_empty() {
        missing.push(Unmet::ReviewDate);
    } else if dates::parse(&entry.review_date).is_err() {
        missing.push(Unmet::BadDate {
            field: "review date",
            value: entry.review_date.clone(),
        });
    } else if let Some(level) = risk::residual_with(index, session, threat, catalog).level
        && let Ok(latest) = propose_review_date(catalog, level, assessment_date(session))
        && entry.review_date.trim() > latest.as_str()
    {
        // Both are YYYY-MM-DD, so text order is date order.
        missing.push(Unmet::ReviewTooLate { latest });
    }
    missing
}

/// `unmet` for every residual entry that lacks something, in register order.
pub fn unmet_all(session: &Session, catalog: &Catalog) -> Vec<(String, Vec<Unmet>)> {
    // Built once: per-entry lookups made this O(entries × threats).
    let index = risk::Index::new(session);
    let mut threats: foldhash::HashMap<&str, &crate::session::Threat> =
        foldhash::HashMap::default();
    for t in &session.threats {
        threats.entry(t.id.as_str()).or_insert(t);
    }
    session
        .residual_risks
        .iter()
        .map(|r| {
            let threat = threats.get(r.threat.as_str()).copied();
            (
                r.id.clone(),
                unmet_with(&index, session, catalog, r, threat),
            )
        })
        .filter(|(_, u)| !u.is_empty())
        .collect()
}

/// A residual risk above the tolerance.
#[derive(Debug, Clone, PartialEq)]
pub struct OverTolerance {
    pub threat_id: String,
    pub level: RiskLevel,
    pub disposition: Option<Disposition>,
}

/// The aggregate residual posture (phase 9, step 6).
#[derive(Debug, Clone, PartialEq)]
pub struct Posture {
    /// The phase 1 tolerance, when recorded.
    pub tolerance: Option<RiskLevel>,
    /// Number of threats at each residual level.
    pub counts: BTreeMap<RiskLevel, usize>,
    /// The highest residual level of the register.
    pub highest: Option<RiskLevel>,
    /// Threats whose residual level exceeds the tolerance, highest first.
    pub over_tolerance: Vec<OverTolerance>,
    /// Within the appetite: nothing above the tolerance (`None` without a tolerance).
    pub within_appetite: Option<bool>,
    /// Threats without a residual level (not rated).
    pub unrated: Vec<String>,
}

/// The aggregate posture of the register against `business.risk_tolerance`.
pub fn posture(session: &Session, catalog: &Catalog) -> Posture {
    let index = risk::Index::new(session);
    posture_of(session, &index, &residuals(&index, session, catalog))
}

/// The residual figures of every threat (session order) through one index: what
/// [`posture_of`] and [`top_of`] take, so that a screen showing both computes them once.
pub fn residuals(index: &risk::Index, session: &Session, catalog: &Catalog) -> Vec<risk::Residual> {
    session
        .threats
        .iter()
        .map(|t| risk::residual_with(index, session, t, catalog))
        .collect()
}

/// [`posture`] given the residual figures of every threat, in session order.
pub fn posture_of(session: &Session, index: &risk::Index, residuals: &[risk::Residual]) -> Posture {
    let tolerance = session.business.risk_tolerance;
    let mut counts: BTreeMap<RiskLevel, usize> = RiskLevel::ALL.iter().map(|l| (*l, 0)).collect();
    let mut over_tolerance = Vec::new();
    let mut unrated = Vec::new();
    for (threat, residual) in session.threats.iter().zip(residuals) {
        let Some(level) = residual.level else {
            unrated.push(threat.id.clone());
            continue;
        };
        *counts.entry(level).or_default() += 1;
        if tolerance.is_some_and(|t| level > t) {
            over_tolerance.push(OverTolerance {
                threat_id: threat.id.clone(),
                level,
                disposition: index
                    .residual_record(&threat.id)
                    .and_then(|r| r.disposition),
            });
        }
    }
    over_tolerance.sort_by_key(|o| std::cmp::Reverse(o.level));
    let highest = counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(l, _)| *l)
        .max();
    Posture {
        tolerance,
        counts,
        highest,
        within_appetite: tolerance.map(|_| over_tolerance.is_empty()),
        over_tolerance,
        unrated,
    }
}

/// One line of the top residual risks.
#[derive(Debug, Clone, PartialEq)]
pub struct TopRisk {
    pub threat_id: String,
    pub name: String,
    pub residual: RiskLevel,
    pub inherent: Option<RiskLevel>,
}

/// The `n` highest residual risks (the playbook asks for 5): residual level first, then
/// the guide's ranking (effective risk, attack vector, complexity) among equals.
pub fn top(session: &Session, catalog: &Catalog, n: usize) -> Vec<TopRisk> {
    let index = risk::Index::new(session);
    top_of(
        session,
        catalog,
        &index,
        &residuals(&index, session, catalog),
        n,
    )
}

/// [`top`] given the residual figures of every threat, in session order.
pub fn top_of(
    session: &Session,
    catalog: &Catalog,
    index: &risk::Index,
    residuals: &[risk::Residual],
    n: usize,
) -> Vec<TopRisk> {
    let mut ranked: Vec<TopRisk> = risk::rank_positions(index, session, catalog)
        .into_iter()
        .filter_map(|(i, r)| {
            let threat = &session.threats[i];
            Some(TopRisk {
                threat_id: threat.id.clone(),
                name: threat.name.clone(),
                residual: residuals.get(i)?.level?,
                inherent: r.inherent,
            })
        })
        .collect();
    // Stable: the ranking order stays among equal residual levels.
    ranked.sort_by_key(|t| std::cmp::Reverse(t.residual));
    ranked.truncate(n);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixtures::{mitigation, threat};
    use crate::vocab::{
        Effectiveness, ImplementationStatus as I, Layer, Likelihood, MitigationType, Severity,
    };

    fn entry(id: &str, threat: &str, d: Option<Disposition>) -> ResidualRisk {
        ResidualRisk {
            id: id.into(),
            threat: threat.into(),
            disposition: d,
            review_date: "2025-02-01".into(),
            ..ResidualRisk::default()
        }
    }

    fn session() -> Session {
        let mut s = Session::new("residual", "test", "2025-01-01");
        s.session.assessed = "2025-01-15".into();
        s.threats = vec![
            threat(
                "TH-C",
                "",
                &[Layer::L3],
                Severity::Critical,
                Likelihood::Likely,
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
                "TH-L",
                "",
                &[Layer::L1],
                Severity::Low,
                Likelihood::Unlikely,
            ),
        ];
        s
    }

    #[test]
    fn review_date_follows_the_level_schedule() {
        let catalog = Catalog::embedded();
        let date = |l| propose_review_date(&catalog, l, "2025-01-15").unwrap();
        assert_eq!(date(RiskLevel::Critical), "2025-02-15", "monthly");
        assert_eq!(date(RiskLevel::High), "2025-04-15", "quarterly");
        assert_eq!(date(RiskLevel::Medium), "2025-07-15", "semi-annually");
        assert_eq!(date(RiskLevel::Low), "2026-01-15", "annually");
        assert!(propose_review_date(&catalog, RiskLevel::Low, "someday").is_err());
        let mut s = session();
        assert_eq!(assessment_date(&s), "2025-01-15");
        s.session.assessed.clear();
        assert_eq!(assessment_date(&s), "2025-01-01");
    }

    #[test]
    fn every_residual_needs_a_timely_review_date() {
        let catalog = Catalog::embedded();
        let s = session();
        let mut e = entry("RR-1", "TH-C", Some(Disposition::Mitigated));
        assert!(unmet(&s, &catalog, &e).is_empty());
        e.review_date.clear();
        assert_eq!(unmet(&s, &catalog, &e), [Unmet::ReviewDate]);
        // Critical: monthly, so a review in March is too late.
        e.review_date = "2025-03-01".into();
        assert_eq!(
            unmet(&s, &catalog, &e),
            [Unmet::ReviewTooLate {
                latest: "2025-02-15".into()
            }]
        );
        // Low: annually, the same date is fine.
        let mut low = entry("RR-2", "TH-L", Some(Disposition::Mitigated));
        low.review_date = "2025-12-31".into();
        assert!(unmet(&s, &catalog, &low).is_empty());
        low.review_date = "31/12/2025".into();
        assert!(matches!(
            unmet(&s, &catalog, &low)[..],
            [Unmet::BadDate {
                field: "review date",
                ..
            }]
        ));
    }

    #[test]
    fn accepted_needs_owner_and_justification() {
        let catalog = Catalog::embedded();
        let s = session();
        let mut e = entry("RR-1", "TH-H", Some(Disposition::Accepted));
        assert_eq!(
            unmet(&s, &catalog, &e),
            [Unmet::Owner, Unmet::Justification]
        );
        e.owner = "Head of Support (risk owner)".into();
        e.justification = "pilot with 20 internal users".into();
        assert!(unmet(&s, &catalog, &e).is_empty());
    }

    #[test]
    fn deferred_needs_owner_target_date_and_compensating_controls() {
        let catalog = Catalog::embedded();
        let s = session();
        let mut e = entry("RR-1", "TH-H", Some(Disposition::Deferred));
        assert_eq!(
            unmet(&s, &catalog, &e),
            [Unmet::Owner, Unmet::TargetDate, Unmet::CompensatingControls]
        );
        e.owner = "CTO".into();
        e.target_date = "2025-06-30".into();
        e.compensating_controls = vec!["manual approval of refunds".into()];
        assert!(unmet(&s, &catalog, &e).is_empty());
        e.target_date = "next quarter".into();
        assert!(matches!(
            unmet(&s, &catalog, &e)[..],
            [Unmet::BadDate {
                field: "target date",
                ..
            }]
        ));
    }

    #[test]
    fn transferred_needs_the_third_party_and_mitigated_needs_nothing_more() {
        let catalog = Catalog::embedded();
        let s = session();
        let mut e = entry("RR-1", "TH-M", Some(Disposition::Transferred));
        assert_eq!(unmet(&s, &catalog, &e), [Unmet::ThirdParty]);
        e.third_party = "Cloud provider (shared responsibility)".into();
        assert!(unmet(&s, &catalog, &e).is_empty());
        let none = entry("RR-2", "TH-M", None);
        assert_eq!(unmet(&s, &catalog, &none), [Unmet::Disposition]);
        let ghost = entry("RR-3", "TH-404", Some(Disposition::Mitigated));
        assert_eq!(unmet(&s, &catalog, &ghost), [Unmet::UnknownThreat]);
    }

    #[test]
    fn unmet_all_lists_only_incomplete_entries() {
        let catalog = Catalog::embedded();
        let mut s = session();
        s.residual_risks = vec![
            entry("RR-1", "TH-C", Some(Disposition::Mitigated)),
            entry("RR-2", "TH-H", Some(Disposition::Accepted)),
        ];
        let all = unmet_all(&s, &catalog);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].0, "RR-2");
    }

    #[test]
    fn posture_against_tolerance() {
        let catalog = Catalog::embedded();
        let mut s = session();
        let p = posture(&s, &catalog);
        assert_eq!(p.within_appetite, None);
        assert_eq!(p.highest, Some(RiskLevel::Critical));
        assert_eq!(p.counts[&RiskLevel::Critical], 1);
        assert_eq!(p.counts[&RiskLevel::High], 1);
        assert_eq!(p.counts[&RiskLevel::Medium], 1);
        assert_eq!(p.counts[&RiskLevel::Low], 1);

        s.business.risk_tolerance = Some(RiskLevel::Medium);
        s.residual_risks = vec![entry("RR-1", "TH-H", Some(Disposition::Accepted))];
        let p = posture(&s, &catalog);
        assert_eq!(p.within_appetite, Some(false));
        let over: Vec<(&str, RiskLevel, Option<Disposition>)> = p
            .over_tolerance
            .iter()
            .map(|o| (o.threat_id.as_str(), o.level, o.disposition))
            .collect();
        assert_eq!(
            over,
            [
                ("TH-C", RiskLevel::Critical, None),
                ("TH-H", RiskLevel::High, Some(Disposition::Accepted))
            ]
        );

        s.business.risk_tolerance = Some(RiskLevel::Critical);
        assert_eq!(posture(&s, &catalog).within_appetite, Some(true));

        s.threats[0].severity = None;
        assert_eq!(posture(&s, &catalog).unrated, ["TH-C"]);
    }

    #[test]
    fn top_five_by_residual_level() {
        let catalog = Catalog::embedded();
        let mut s = session();
        for i in 0..4 {
            s.threats.push(threat(
                &format!("TH-X{i}"),
                "",
                &[Layer::L4],
                Severity::High,
                Likelihood::Likely,
            ));
        }
        // Fully mitigate the Critical one with a highly effective control.
        let mut m = mitigation("M-1", MitigationType::Preventive, &["TH-C"], I::Implemented);
        m.effectiveness = Some(Effectiveness::High);
        s.mitigations = vec![m];
        let top5 = top(&s, &catalog, 5);
        assert_eq!(top5.len(), 5);
        let ids: Vec<&str> = top5.iter().map(|t| t.threat_id.as_str()).collect();
        assert_eq!(ids, ["TH-X0", "TH-X1", "TH-X2", "TH-X3", "TH-H"]);
        assert!(top5.iter().all(|t| t.residual >= RiskLevel::High));
        assert_eq!(top5[0].inherent, Some(RiskLevel::Critical));
    }
}
