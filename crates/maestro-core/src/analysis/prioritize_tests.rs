//! Tests of `prioritize` (module `tests`, kept out of the file it tests).

use super::*;
use crate::analysis::fixtures::{mitigation, threat};
use crate::vocab::{
    AttackVector, Effectiveness, ImplementationStatus as I, Likelihood, MitigationStatus, Severity,
};

fn rated(mut m: Mitigation, cost: Cost, eff: Effectiveness) -> Mitigation {
    m.cost = Some(cost);
    m.effectiveness = Some(eff);
    m
}

#[test]
fn cost_effectiveness_recommendation_comes_from_the_catalog() {
    let catalog = Catalog::embedded();
    let m = rated(
        mitigation("M-1", MitigationType::Preventive, &[], I::NotImplemented),
        Cost::Low,
        Effectiveness::High,
    );
    assert_eq!(
        recommendation(&catalog, &m).unwrap().recommendation_id,
        "implement-immediately"
    );
    let m = rated(m, Cost::High, Effectiveness::Low);
    assert_eq!(
        recommendation(&catalog, &m).unwrap().recommendation_id,
        "do-not-implement"
    );
    let mut unrated = m.clone();
    unrated.cost = None;
    assert!(recommendation(&catalog, &unrated).is_none());
}

#[test]
fn priority_formula_uses_severity_likelihood_gap_and_cost() {
    let catalog = Catalog::embedded();
    let mut s = Session::new("prio", "test", "2025-01-15");
    s.threats = vec![
        threat(
            "TH-1",
            "",
            &[Layer::L3],
            Severity::Critical,
            Likelihood::VeryLikely,
        ),
        threat(
            "TH-2",
            "",
            &[Layer::L3],
            Severity::Medium,
            Likelihood::Possible,
        ),
    ];
    s.mitigations = vec![
        // 4 × 4 × 1 / 3 = 5.33
        rated(
            mitigation(
                "M-exp",
                MitigationType::Preventive,
                &["TH-1"],
                I::NotImplemented,
            ),
            Cost::High,
            Effectiveness::High,
        ),
        // 4 × 4 × 0.5 / 1 = 8
        rated(
            mitigation(
                "M-half",
                MitigationType::Detective,
                &["TH-2", "TH-1"],
                I::PartiallyImplemented,
            ),
            Cost::Low,
            Effectiveness::Medium,
        ),
        // 2 × 2 × 1 / 2 (assumed Medium) = 2
        mitigation(
            "M-unrated",
            MitigationType::Corrective,
            &["TH-2"],
            I::NotImplemented,
        ),
        // gap 0 → 0
        rated(
            mitigation(
                "M-done",
                MitigationType::Preventive,
                &["TH-1"],
                I::Implemented,
            ),
            Cost::Low,
            Effectiveness::High,
        ),
    ];
    let mut declined = mitigation(
        "M-no",
        MitigationType::Deterrent,
        &["TH-1"],
        I::NotImplemented,
    );
    declined.status = MitigationStatus::WillNotAction;
    s.mitigations.push(declined);

    let ranked = priorities(&s, &catalog);
    let order: Vec<&str> = ranked.iter().map(|p| p.mitigation_id.as_str()).collect();
    assert_eq!(order, ["M-half", "M-exp", "M-unrated", "M-done"]);
    let half = &ranked[0];
    assert_eq!(half.driving_threat.as_deref(), Some("TH-1"));
    assert_eq!(
        (half.severity, half.likelihood, half.gap, half.cost),
        (4.0, 4.0, 0.5, 1.0)
    );
    assert_eq!(half.score, 8.0);
    assert!((ranked[1].score - 16.0 / 3.0).abs() < 1e-9);
    assert!(ranked[2].cost_assumed);
    assert_eq!(ranked[2].score, 2.0);
    assert_eq!(ranked[3].score, 0.0);
    assert_eq!(
        half.recommendation.as_ref().unwrap().recommendation_id,
        "implement-soon"
    );
}

#[test]
fn unmitigated_threats_first_by_level() {
    let catalog = Catalog::embedded();
    let mut s = Session::new("prio", "test", "2025-01-15");
    s.threats = vec![
        threat(
            "TH-1",
            "",
            &[Layer::L3],
            Severity::Low,
            Likelihood::Possible,
        ),
        threat(
            "TH-2",
            "",
            &[Layer::L3],
            Severity::Critical,
            Likelihood::Likely,
        ),
        threat("TH-3", "", &[Layer::L3], Severity::High, Likelihood::Likely),
    ];
    s.mitigations = vec![mitigation(
        "M-1",
        MitigationType::Preventive,
        &["TH-3"],
        I::NotImplemented,
    )];
    assert_eq!(unmitigated(&s, &catalog), ["TH-2", "TH-1"]);
}

#[test]
fn workflow_follows_the_ranking_and_prefers_effective_cheap_controls() {
    use Likelihood::Likely;
    let catalog = Catalog::embedded();
    let mut s = Session::new("prio", "test", "2025-01-15");
    let mut a = threat("TH-A", "", &[Layer::L3], Severity::High, Likely);
    a.attack_vector = Some(AttackVector::Local);
    let mut b = threat("TH-B", "", &[Layer::L3], Severity::High, Likely);
    b.attack_vector = Some(AttackVector::Network);
    let done = threat("TH-D", "", &[Layer::L3], Severity::Critical, Likely);
    s.threats = vec![a, b, done];
    s.mitigations = vec![
        rated(
            mitigation(
                "M-1",
                MitigationType::Preventive,
                &["TH-B"],
                I::NotImplemented,
            ),
            Cost::High,
            Effectiveness::High,
        ),
        rated(
            mitigation(
                "M-2",
                MitigationType::Detective,
                &["TH-B"],
                I::NotImplemented,
            ),
            Cost::Low,
            Effectiveness::Medium,
        ),
        rated(
            mitigation(
                "M-3",
                MitigationType::Preventive,
                &["TH-B"],
                I::NotImplemented,
            ),
            Cost::Low,
            Effectiveness::High,
        ),
        mitigation("M-4", MitigationType::Preventive, &["TH-D"], I::Implemented),
    ];
    let steps = workflow(&s, &catalog);
    let order: Vec<&str> = steps.iter().map(|w| w.risk.threat_id.as_str()).collect();
    assert_eq!(
        order,
        ["TH-B", "TH-A"],
        "same level: Network before Local; TH-D is done"
    );
    assert_eq!(steps[0].candidates, ["M-3", "M-1", "M-2"]);
    assert!(steps[1].candidates.is_empty());
}

#[test]
fn adoption_candidates_grouped_by_type_and_layer() {
    let catalog = Catalog::embedded();
    let mut s = Session::new("prio", "test", "2025-01-15");
    s.threats = vec![threat(
        "TH-1",
        "T1",
        &[Layer::L2],
        Severity::High,
        Likelihood::Likely,
    )];
    let all = adoption_candidates(&s, &catalog, "TH-1");
    assert!(!all.is_empty());
    let expected: usize = catalog.mitigations.addressing("T1").len()
        + catalog
            .mitigations
            .partially_addressing("T1")
            .iter()
            .filter(|e| !e.addresses.contains(&"T1".to_string()))
            .count();
    assert_eq!(
        all.iter().map(|g| g.candidates.len()).sum::<usize>(),
        expected
    );
    // Groups come in type order, then layer order.
    let keys: Vec<(MitigationType, Layer)> = all.iter().map(|g| (g.kind, g.layer)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    for g in &all {
        for c in &g.candidates {
            let e = catalog.mitigations.get(&c.id).unwrap();
            assert_eq!((e.kind, e.layer), (g.kind, g.layer));
        }
    }

    // Adopting one for this threat removes it; adopted elsewhere marks it.
    let first = all[0].candidates[0].id.clone();
    let second = all
        .iter()
        .flat_map(|g| &g.candidates)
        .nth(1)
        .unwrap()
        .id
        .clone();
    let mut adopted = mitigation(
        "M-1",
        MitigationType::Preventive,
        &["TH-1"],
        I::NotImplemented,
    );
    adopted.catalog = first.clone();
    let mut elsewhere = mitigation(
        "M-2",
        MitigationType::Preventive,
        &["TH-9"],
        I::NotImplemented,
    );
    elsewhere.catalog = second.clone();
    s.mitigations = vec![adopted, elsewhere];
    let after = adoption_candidates(&s, &catalog, "TH-1");
    let flat: Vec<&Candidate> = after.iter().flat_map(|g| &g.candidates).collect();
    assert!(flat.iter().all(|c| c.id != first));
    let marked = flat.iter().find(|c| c.id == second).unwrap();
    assert_eq!(marked.adopted_as.as_deref(), Some("M-2"));
    assert!(adoption_candidates(&s, &catalog, "TH-404").is_empty());
}
