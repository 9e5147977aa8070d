//! Reviews that come due (phase 9, step 4, and the Residual Risk template's "Review
//! Schedule" and "Trigger Events").
//!
//! Each residual risk is due for review on the first of:
//! - its review date, when set; otherwise the assessment date plus the months of its
//!   residual level (Monthly for Critical … Annually for Low, `scoring.review_schedule`);
//! - the day a trigger event it names happened after the assessment (an update trigger
//!   of the session with an `occurred` date whose event matches, by text or by catalog
//!   trigger id or name); a threat-landscape change calls every residual risk to review.
//!
//! A review is overdue when its day has passed, due soon within [`SOON_DAYS`].

use super::dates;
use super::residual::assessment_date;
use crate::catalog::Catalog;
use crate::risk;
use crate::session::{Session, UpdateTrigger};
use crate::vocab::RiskLevel;
use serde::Serialize;

/// How far ahead a review counts as due soon.
pub const SOON_DAYS: u32 = 30;

/// The catalog trigger event that calls every residual risk to review.
const LANDSCAPE: &str = "threat-landscape-change";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueState {
    Overdue,
    DueSoon,
    Scheduled,
}

/// Why a review is due on its day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "detail")]
pub enum DueReason {
    /// The review date the analyst set.
    ReviewDate,
    /// The schedule of the residual level, counted from the assessment date.
    Schedule(String),
    /// A trigger event that happened (its text).
    Trigger(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewDue {
    pub residual_id: String,
    pub threat_id: String,
    pub level: Option<RiskLevel>,
    /// YYYY-MM-DD.
    pub due: String,
    pub reason: DueReason,
    pub state: DueState,
}

/// Whether the update trigger `t` is an event the residual entry names.
fn names_event(catalog: &Catalog, named: &str, t: &UpdateTrigger) -> bool {
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    if same(named, &t.event) {
        return true;
    }
    // Both may name one catalog event, one by id and the other by name.
    catalog.scoring.trigger_events.iter().any(|e| {
        (same(named, &e.id) || same(named, &e.name))
            && (same(&t.event, &e.id) || same(&t.event, &e.name))
    })
}

fn is_landscape(catalog: &Catalog, t: &UpdateTrigger) -> bool {
    catalog
        .scoring
        .trigger_events
        .iter()
        .filter(|e| e.id == LANDSCAPE)
        .any(|e| {
            t.event.trim().eq_ignore_ascii_case(&e.id)
                || t.event.trim().eq_ignore_ascii_case(&e.name)
        })
}

/// The due review of every residual risk whose threat exists and has a due day, in
/// register order; `today` is YYYY-MM-DD.
pub fn due_reviews(session: &Session, catalog: &Catalog, today: &str) -> Vec<ReviewDue> {
    let index = risk::Index::new(session);
    let assessed = assessment_date(session);
    let soon = dates::add_days(today, SOON_DAYS).unwrap_or_else(|_| today.to_string());
    // Events that happened since the assessment (earlier ones it took into account).
    let fired: Vec<&UpdateTrigger> = session
        .triggers
        .iter()
        .filter(|t| dates::parse(&t.occurred).is_ok() && t.occurred.trim() > assessed)
        .collect();
    let mut threats: foldhash::HashMap<&str, &crate::session::Threat> = Default::default();
    for t in &session.threats {
        threats.entry(t.id.as_str()).or_insert(t);
    }
    let mut out = Vec::new();
    for entry in &session.residual_risks {
        let Some(threat) = threats.get(entry.threat.as_str()).copied() else {
            continue;
        };
        let level = risk::residual_with(&index, session, threat, catalog).level;
        let scheduled = if dates::parse(&entry.review_date).is_ok() {
            Some((entry.review_date.trim().to_string(), DueReason::ReviewDate))
        } else {
            level.and_then(|l| {
                let review = catalog.scoring.review(l);
                dates::add_months(assessed, review.months)
                    .ok()
                    .map(|d| (d, DueReason::Schedule(review.schedule.clone())))
            })
        };
        let triggered = fired
            .iter()
            .filter(|t| {
                is_landscape(catalog, t)
                    || entry.triggers.iter().any(|n| names_event(catalog, n, t))
            })
            .map(|t| {
                (
                    t.occurred.trim().to_string(),
                    DueReason::Trigger(t.event.clone()),
                )
            })
            .min_by(|a, b| a.0.cmp(&b.0));
        let first = match (scheduled, triggered) {
            (Some(s), Some(t)) => Some(if t.0 < s.0 { t } else { s }),
            (s, t) => s.or(t),
        };
        let Some((due, reason)) = first else { continue };
        // YYYY-MM-DD: text order is date order.
        let state = if due.as_str() < today {
            DueState::Overdue
        } else if due <= soon {
            DueState::DueSoon
        } else {
            DueState::Scheduled
        };
        out.push(ReviewDue {
            residual_id: entry.id.clone(),
            threat_id: entry.threat.clone(),
            level,
            due,
            reason,
            state,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{ResidualRisk, Threat};
    use crate::vocab::{Likelihood, Severity};

    /// A session assessed on 2026-01-15 with one threat per residual level (no
    /// mitigations, so residual = inherent).
    fn session() -> Session {
        let mut s = Session::new("Due", "1", "2026-01-01");
        s.session.assessed = "2026-01-15".into();
        // One (severity, likelihood) pair per level, as the catalog's matrix rates it.
        let catalog = Catalog::embedded();
        let rated: Vec<(Severity, Likelihood)> = [
            RiskLevel::Critical,
            RiskLevel::High,
            RiskLevel::Medium,
            RiskLevel::Low,
        ]
        .iter()
        .map(|level| {
            let pairs = Severity::ALL
                .iter()
                .flat_map(|s| Likelihood::ALL.iter().map(move |l| (*s, *l)));
            pairs
                .into_iter()
                .find(|(s, l)| {
                    let t = Threat {
                        severity: Some(*s),
                        likelihood: Some(*l),
                        ..Threat::default()
                    };
                    risk::inherent(&t, &catalog) == Some(*level)
                })
                .expect("every level is reachable")
        })
        .collect();
        for (i, (severity, likelihood)) in rated.into_iter().enumerate() {
            let id = format!("T{}", i + 1);
            s.threats.push(Threat {
                id: id.clone(),
                name: id.clone(),
                severity: Some(severity),
                likelihood: Some(likelihood),
                ..Threat::default()
            });
            s.residual_risks.push(ResidualRisk {
                id: format!("RR{}", i + 1),
                threat: id,
                ..ResidualRisk::default()
            });
        }
        s
    }

    #[test]
    fn each_level_follows_its_schedule() {
        let catalog = Catalog::embedded();
        let s = session();
        let levels: Vec<Option<RiskLevel>> = s
            .threats
            .iter()
            .map(|t| risk::inherent(t, &catalog))
            .collect();
        let due = due_reviews(&s, &catalog, "2026-01-20");
        let got: Vec<(Option<RiskLevel>, &str, &DueReason)> = due
            .iter()
            .map(|d| (d.level, d.due.as_str(), &d.reason))
            .collect();
        // Monthly, quarterly, semi-annually, annually from 2026-01-15.
        let expected_days = ["2026-02-15", "2026-04-15", "2026-07-15", "2027-01-15"];
        let schedules = ["Monthly", "Quarterly", "Semi-Annually", "Annually"];
        assert_eq!(got.len(), 4);
        for (i, (level, day, reason)) in got.into_iter().enumerate() {
            assert_eq!(level, levels[i]);
            assert_eq!(day, expected_days[i], "{level:?}");
            assert_eq!(reason, &DueReason::Schedule(schedules[i].into()));
        }
        assert_eq!(levels[0], Some(RiskLevel::Critical));
        assert_eq!(levels[3], Some(RiskLevel::Low));
    }

    #[test]
    fn states_by_today() {
        let catalog = Catalog::embedded();
        let s = session();
        let states = |today: &str| -> Vec<DueState> {
            due_reviews(&s, &catalog, today)
                .iter()
                .map(|d| d.state)
                .collect()
        };
        use DueState::*;
        assert_eq!(
            states("2026-01-20"),
            [DueSoon, Scheduled, Scheduled, Scheduled]
        );
        assert_eq!(
            states("2026-03-20"),
            [Overdue, DueSoon, Scheduled, Scheduled]
        );
        assert_eq!(states("2027-02-01"), [Overdue, Overdue, Overdue, Overdue]);
    }

    #[test]
    fn a_set_review_date_wins_and_trigger_events_bring_it_forward() {
        let catalog = Catalog::embedded();
        let mut s = session();
        s.residual_risks[3].review_date = "2026-06-01".into();
        s.residual_risks[3].triggers = vec!["Security incident".into()];
        s.triggers.push(UpdateTrigger {
            id: "UT1".into(),
            event: "security-incident".into(),
            occurred: "2026-03-02".into(),
            ..UpdateTrigger::default()
        });
        let due = due_reviews(&s, &catalog, "2026-03-03");
        assert_eq!(due[3].due, "2026-03-02");
        assert_eq!(
            due[3].reason,
            DueReason::Trigger("security-incident".into())
        );
        assert_eq!(due[3].state, DueState::Overdue);
        // Not named by the others: they keep their schedule.
        assert_eq!(due[2].due, "2026-07-15");
        // A threat-landscape change calls every residual risk.
        s.triggers[0].event = "Threat landscape change".into();
        let due = due_reviews(&s, &catalog, "2026-03-03");
        assert!(due.iter().all(|d| d.due.as_str() <= "2026-03-02"));
        // An event before the assessment was taken into account by it.
        s.triggers[0].occurred = "2026-01-10".into();
        let due = due_reviews(&s, &catalog, "2026-03-03");
        assert_eq!(due[3].due, "2026-06-01");
        assert_eq!(due[3].reason, DueReason::ReviewDate);
    }
}
