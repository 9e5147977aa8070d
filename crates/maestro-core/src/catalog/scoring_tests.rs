//! Tests of `scoring` (module `tests`, kept out of the file it tests).

use super::*;
use crate::vocab::ImplementationStatus as S;
use crate::vocab::Likelihood as L;
use crate::vocab::RiskLevel as R;
use crate::vocab::Severity as Sev;

/// The guide's risk matrix, typed in from guides/risk-scoring.md independently of the TOML.
const GUIDE_MATRIX: [(Sev, [R; 4]); 4] = [
    (
        Sev::Critical,
        [R::High, R::Critical, R::Critical, R::Critical],
    ),
    (Sev::High, [R::Medium, R::High, R::Critical, R::Critical]),
    (Sev::Medium, [R::Low, R::Medium, R::High, R::High]),
    (Sev::Low, [R::Low, R::Low, R::Medium, R::Medium]),
];
const GUIDE_COLUMNS: [L; 4] = [L::Unlikely, L::Possible, L::Likely, L::VeryLikely];

fn scoring() -> Scoring {
    Catalog::embedded().scoring
}

#[test]
fn every_risk_matrix_cell_matches_the_guide() {
    let s = scoring();
    assert_eq!(s.matrix.len(), 16);
    for (severity, row) in GUIDE_MATRIX {
        for (likelihood, expected) in GUIDE_COLUMNS.iter().zip(row) {
            assert_eq!(
                s.risk_level(severity, *likelihood),
                expected,
                "{severity} x {likelihood}"
            );
        }
    }
}

#[test]
fn every_cost_effectiveness_cell_matches_the_guide() {
    use crate::vocab::Cost as C;
    use crate::vocab::Effectiveness as E;
    let expected = [
        (C::Low, E::High, "implement-immediately"),
        (C::Medium, E::High, "implement-soon"),
        (C::High, E::High, "plan-carefully"),
        (C::Low, E::Medium, "implement-soon"),
        (C::Medium, E::Medium, "evaluate"),
        (C::High, E::Medium, "defer-unless-critical"),
        (C::Low, E::Low, "implement-opportunistically"),
        (C::Medium, E::Low, "defer"),
        (C::High, E::Low, "do-not-implement"),
    ];
    let s = scoring();
    assert_eq!(s.cost_effectiveness.len(), 9);
    for (c, e, rec) in expected {
        assert_eq!(
            s.cost_effectiveness(c, e).recommendation_id,
            rec,
            "{c} x {e}"
        );
    }
    assert_eq!(
        s.cost_effectiveness(C::High, E::Medium).label,
        "Defer unless risk is Critical"
    );
}

#[test]
fn values_and_formula_follow_the_guide() {
    let s = scoring();
    assert_eq!(s.status_value(S::NotImplemented), 0.0);
    assert_eq!(s.status_value(S::PartiallyImplemented), 0.5);
    assert_eq!(s.status_value(S::Implemented), 1.0);
    let numbers: Vec<f64> = R::ALL.iter().map(|r| s.level_value(*r)).collect();
    assert_eq!(numbers, [1.0, 2.0, 3.0, 4.0]);
    // The guide's worked example: Critical with a partial mitigation = 2.0 (Medium).
    assert_eq!(s.effective_risk(R::Critical, S::PartiallyImplemented), 2.0);
    assert_eq!(s.nearest_level(2.0), R::Medium);
    assert_eq!(s.effective_risk(R::Critical, S::NotImplemented), 4.0);
    assert_eq!(s.nearest_level(1.5), R::Medium);
}

#[test]
fn modifiers_rank_broad_and_easy_first() {
    let s = scoring();
    let mut vectors = AttackVector::ALL.to_vec();
    vectors.sort_by_key(|v| s.vector_rank(*v));
    assert_eq!(
        vectors,
        [
            AttackVector::Network,
            AttackVector::Adjacent,
            AttackVector::Local,
            AttackVector::Physical
        ]
    );
    assert!(s.complexity_rank(AttackComplexity::Low) < s.complexity_rank(AttackComplexity::High));
}

#[test]
fn review_schedule_and_roadmap() {
    let s = scoring();
    let months: Vec<u32> = [R::Critical, R::High, R::Medium, R::Low]
        .iter()
        .map(|r| s.review_months(*r))
        .collect();
    assert_eq!(months, [1, 3, 6, 12]);
    assert_eq!(s.review(R::Medium).schedule, "Semi-Annually");
    let phase = |r, st| s.remediation_phase(r, st).map(|p| p.id.as_str());
    assert_eq!(phase(R::Critical, S::NotImplemented), Some("immediate"));
    assert_eq!(
        phase(R::Critical, S::PartiallyImplemented),
        Some("short-term")
    );
    assert_eq!(phase(R::High, S::NotImplemented), Some("short-term"));
    assert_eq!(
        phase(R::Medium, S::PartiallyImplemented),
        Some("medium-term")
    );
    assert_eq!(phase(R::Low, S::NotImplemented), Some("long-term"));
    assert_eq!(phase(R::Critical, S::Implemented), None);
    let long = s.remediation_phases.iter().find(|p| p.id == "long-term");
    assert_eq!(long.map(|p| (p.min_days, p.max_days)), Some((180, None)));
}

#[test]
fn defense_in_depth_rules() {
    use MitigationType as M;
    let s = scoring();
    assert_eq!(s.defense_gaps(R::Critical, &[M::Preventive]).len(), 1);
    assert!(
        s.defense_gaps(R::Critical, &[M::Preventive, M::Detective])
            .is_empty()
    );
    assert_eq!(
        s.defense_gaps(R::High, &[M::Detective]),
        vec![&[M::Corrective][..]]
    );
    assert!(
        s.defense_gaps(R::High, &[M::Detective, M::Corrective])
            .is_empty()
    );
    assert!(s.defense_gaps(R::Low, &[]).is_empty());
}

#[test]
fn dispositions_say_what_they_need() {
    let s = scoring();
    assert_eq!(s.dispositions.len(), 4);
    let accepted = s.get_disposition("Accepted").unwrap();
    assert!(accepted.requires_owner && !accepted.requires_target_date);
    let deferred = s.get_disposition("deferred").unwrap();
    assert!(deferred.requires_owner && deferred.requires_target_date);
    assert!(!s.get_disposition("mitigated").unwrap().requires_owner);
}

#[test]
fn check_reports_broken_tables() {
    let base = Catalog::embedded();

    let mut c = base.clone();
    c.scoring.matrix.pop();
    let problems = c.integrity_problems();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("no cell for Low x Very Likely")),
        "{problems:?}"
    );

    let mut c = base.clone();
    c.scoring.matrix[1].likelihood = L::Unlikely;
    let problems = c.integrity_problems();
    assert!(
        problems.iter().any(|p| p.contains("two cells")),
        "{problems:?}"
    );

    let mut c = base.clone();
    let dup = c.scoring.cost_effectiveness[0].clone();
    c.scoring.cost_effectiveness.push(dup);
    let problems = c.integrity_problems();
    assert!(
        problems.iter().any(|p| p.contains("duplicate id")),
        "{problems:?}"
    );

    let mut c = base.clone();
    c.scoring
        .implementation_status
        .retain(|d| d.id != S::PartiallyImplemented);
    assert!(!c.integrity_problems().is_empty());

    let mut c = base.clone();
    c.scoring.review_schedule.retain(|d| d.id != R::Low);
    assert!(!c.integrity_problems().is_empty());

    let mut c = base.clone();
    c.scoring.remediation_phases[3].assign.clear();
    let problems = c.integrity_problems();
    assert!(
        problems.iter().any(|p| p.contains("Low + Not Implemented")),
        "{problems:?}"
    );

    assert!(base.integrity_problems().is_empty());
}

#[test]
fn rows_cover_every_table() {
    let rows = scoring().rows(None);
    assert!(
        rows.iter()
            .any(|r| r.id == "matrix/high-likely" && r.detail == "risk Critical")
    );
    assert!(rows.iter().any(|r| r.id == "review/Critical"));
}
