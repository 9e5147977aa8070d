//! Risk engine tests: each rule of `guides/risk-scoring.md`, written out independently.

use super::*;
use crate::session::{CodeValidation, Threat};
use crate::vocab::*;

fn catalog() -> Catalog {
    Catalog::embedded()
}

fn threat(id: &str, s: Severity, l: Likelihood) -> Threat {
    Threat {
        id: id.into(),
        name: id.into(),
        severity: Some(s),
        likelihood: Some(l),
        ..Threat::default()
    }
}

fn mitigation(id: &str, addresses: &[&str], implementation: ImplementationStatus) -> Mitigation {
    Mitigation {
        otm: Default::default(),
        id: id.into(),
        name: id.into(),
        catalog: String::new(),
        kind: MitigationType::Preventive,
        description: String::new(),
        addresses: addresses.iter().map(|s| s.to_string()).collect(),
        cost: None,
        effectiveness: None,
        status: MitigationStatus::InProgress,
        implementation,
        coverage: Coverage::Full,
        owner: String::new(),
        attested: false,
        attestation: String::new(),
    }
}

#[test]
fn every_cell_of_the_matrix() {
    use Likelihood::*;
    use RiskLevel as R;
    // Rows: severity Critical, High, Medium, Low; columns: Unlikely … Very Likely.
    let expected = [
        (
            Severity::Critical,
            [R::High, R::Critical, R::Critical, R::Critical],
        ),
        (
            Severity::High,
            [R::Medium, R::High, R::Critical, R::Critical],
        ),
        (Severity::Medium, [R::Low, R::Medium, R::High, R::High]),
        (Severity::Low, [R::Low, R::Low, R::Medium, R::Medium]),
    ];
    let catalog = catalog();
    for (severity, row) in expected {
        for (likelihood, level) in [Unlikely, Possible, Likely, VeryLikely]
            .into_iter()
            .zip(row)
        {
            let t = threat("TH1", severity, likelihood);
            assert_eq!(
                inherent(&t, &catalog),
                Some(level),
                "{severity} × {likelihood}"
            );
        }
    }
}

#[test]
fn unrated_threat_has_no_inherent_risk() {
    let t = Threat {
        severity: Some(Severity::High),
        ..Threat::default()
    };
    assert_eq!(inherent(&t, &catalog()), None);
}

#[test]
fn effective_risk_formula_and_guide_examples() {
    let catalog = catalog();
    let mut s = Session::default();
    s.threats
        .push(threat("TH1", Severity::Critical, Likelihood::Likely));
    // No mitigation: 4 × (1 − 0) = 4, stays Critical.
    let r = assess(&s, &s.threats[0], &catalog);
    assert_eq!(r.effective, Some(4.0));
    assert_eq!(r.effective_level, Some(RiskLevel::Critical));
    // Partially implemented: 4 × 0.5 = 2, equivalent to Medium.
    s.mitigations.push(mitigation(
        "M1",
        &["TH1"],
        ImplementationStatus::PartiallyImplemented,
    ));
    let r = assess(&s, &s.threats[0], &catalog);
    assert_eq!(r.effective, Some(2.0));
    assert_eq!(r.effective_level, Some(RiskLevel::Medium));
    // A second, implemented mitigation: the strongest status wins → 0.
    s.mitigations.push(mitigation(
        "M2",
        &["TH1"],
        ImplementationStatus::Implemented,
    ));
    let r = assess(&s, &s.threats[0], &catalog);
    assert_eq!(r.implementation, ImplementationStatus::Implemented);
    assert_eq!(r.effective, Some(0.0));
    assert_eq!(r.effective_level, None);
}

#[test]
fn partial_coverage_counts_as_half() {
    let catalog = catalog();
    let mut s = Session::default();
    s.threats
        .push(threat("TH1", Severity::High, Likelihood::Likely));
    let mut m = mitigation("M1", &["TH1"], ImplementationStatus::Implemented);
    m.coverage = Coverage::Partial;
    s.mitigations.push(m);
    let r = assess(&s, &s.threats[0], &catalog);
    assert_eq!(r.implementation, ImplementationStatus::PartiallyImplemented);
    assert_eq!(r.effective, Some(2.0)); // Critical (4) × 0.5
}

#[test]
fn code_validation_finding_overrides_planned_status() {
    let catalog = catalog();
    let mut s = Session::default();
    s.threats
        .push(threat("TH1", Severity::High, Likelihood::Possible));
    s.mitigations.push(mitigation(
        "M1",
        &["TH1"],
        ImplementationStatus::Implemented,
    ));
    s.validations.push(CodeValidation {
        id: "CV1".into(),
        mitigation: "M1".into(),
        implementation: Some(ImplementationStatus::NotImplemented),
        ..CodeValidation::default()
    });
    assert_eq!(
        strongest_status(&s, "TH1"),
        ImplementationStatus::NotImplemented
    );
    assert_eq!(assess(&s, &s.threats[0], &catalog).effective, Some(3.0));
}

#[test]
fn will_not_action_contributes_nothing() {
    let mut s = Session::default();
    let mut m = mitigation("M1", &["TH1"], ImplementationStatus::Implemented);
    m.status = MitigationStatus::WillNotAction;
    s.mitigations.push(m);
    assert_eq!(
        strongest_status(&s, "TH1"),
        ImplementationStatus::NotImplemented
    );
}

#[test]
fn ranking_uses_vector_then_complexity() {
    let catalog = catalog();
    let mut s = Session::default();
    let mut local = threat("LOCAL", Severity::High, Likelihood::Likely);
    local.attack_vector = Some(AttackVector::Local);
    let mut net_hard = threat("NET-HARD", Severity::High, Likelihood::Likely);
    net_hard.attack_vector = Some(AttackVector::Network);
    net_hard.attack_complexity = Some(AttackComplexity::High);
    let mut net_easy = threat("NET-EASY", Severity::High, Likelihood::Likely);
    net_easy.attack_vector = Some(AttackVector::Network);
    net_easy.attack_complexity = Some(AttackComplexity::Low);
    let low = threat("LOW", Severity::Low, Likelihood::Unlikely);
    let unrated = Threat {
        id: "UNRATED".into(),
        ..Threat::default()
    };
    s.threats = vec![unrated, low, local, net_hard, net_easy];
    let order: Vec<_> = rank(&s, &catalog)
        .into_iter()
        .map(|(t, _)| t.id.as_str())
        .collect();
    assert_eq!(order, ["NET-EASY", "NET-HARD", "LOCAL", "LOW", "UNRATED"]);
}

fn rated_mitigation(status: ImplementationStatus, eff: Option<Effectiveness>) -> Mitigation {
    let mut m = mitigation("M1", &["TH1"], status);
    m.effectiveness = eff;
    m
}

fn residual_of(
    status: Option<(ImplementationStatus, Option<Effectiveness>)>,
    s: Severity,
    l: Likelihood,
) -> Option<RiskLevel> {
    let catalog = catalog();
    let mut session = Session::default();
    session.threats.push(threat("TH1", s, l));
    if let Some((st, eff)) = status {
        session.mitigations.push(rated_mitigation(st, eff));
    }
    residual(&session, &session.threats[0], &catalog).level
}

#[test]
fn residual_without_mitigation_keeps_inherent() {
    assert_eq!(
        residual_of(None, Severity::Critical, Likelihood::Likely),
        Some(RiskLevel::Critical)
    );
    assert_eq!(
        residual_of(None, Severity::Low, Likelihood::Unlikely),
        Some(RiskLevel::Low)
    );
}

#[test]
fn residual_follows_status_and_effectiveness() {
    use Effectiveness as E;
    use ImplementationStatus as S;
    use RiskLevel as R;
    let crit = |st, eff| residual_of(Some((st, eff)), Severity::Critical, Likelihood::Likely);
    // Implemented and highly effective: down to Low, never below.
    assert_eq!(crit(S::Implemented, Some(E::High)), Some(R::Low));
    // Implemented but only moderately effective: at most two levels off.
    assert_eq!(crit(S::Implemented, Some(E::Medium)), Some(R::Medium));
    // Implemented but marginal (or unrated): one level off.
    assert_eq!(crit(S::Implemented, Some(E::Low)), Some(R::High));
    assert_eq!(crit(S::Implemented, None), Some(R::High));
    // Partially implemented: the formula gives 2.0 (Medium), within a High cap.
    assert_eq!(
        crit(S::PartiallyImplemented, Some(E::High)),
        Some(R::Medium)
    );
    // Planned only: full inherent risk remains.
    assert_eq!(crit(S::NotImplemented, Some(E::High)), Some(R::Critical));
}

#[test]
fn no_source_access_counts_mitigations_as_planned_unless_attested() {
    let catalog = catalog();
    let mut s = Session::default();
    s.threats
        .push(threat("TH1", Severity::High, Likelihood::Likely));
    s.mitigations.push(rated_mitigation(
        ImplementationStatus::Implemented,
        Some(Effectiveness::High),
    ));
    assert_eq!(
        residual(&s, &s.threats[0], &catalog).level,
        Some(RiskLevel::Low)
    );
    s.code_validation.access = Some(SourceAccess::None);
    // Issue 16 item 4: counted as Planned (unverified, "untested": 0.5), not as absent;
    // residual is no longer the full inherent Critical.
    let r = residual(&s, &s.threats[0], &catalog);
    assert_eq!(r.implementation, ImplementationStatus::PartiallyImplemented);
    assert_eq!(r.level, Some(RiskLevel::Medium));
    assert!(r.unverified);
    // A Not Implemented control stays at 0: full inherent risk.
    s.mitigations[0].implementation = ImplementationStatus::NotImplemented;
    assert_eq!(
        residual(&s, &s.threats[0], &catalog).level,
        Some(RiskLevel::Critical)
    );
    s.mitigations[0].implementation = ImplementationStatus::Implemented;
    // Recording the evidence (an audit report) counts as attested.
    s.mitigations[0].attestation = "SOC 2 Type II report 2026, control CC6.1".into();
    assert!(!residual(&s, &s.threats[0], &catalog).unverified);
    assert_eq!(
        residual(&s, &s.threats[0], &catalog).level,
        Some(RiskLevel::Low)
    );
    s.mitigations[0].attestation.clear();
    s.mitigations[0].attested = true;
}

#[test]
fn analyst_override_wins() {
    let catalog = catalog();
    let mut s = Session::default();
    s.threats
        .push(threat("TH1", Severity::High, Likelihood::Likely));
    s.residual_risks.push(crate::session::ResidualRisk {
        id: "RR1".into(),
        threat: "TH1".into(),
        level_override: Some(RiskLevel::Medium),
        ..Default::default()
    });
    let r = residual(&s, &s.threats[0], &catalog);
    assert_eq!(r.computed, Some(RiskLevel::Critical));
    assert_eq!(r.level, Some(RiskLevel::Medium));
    assert!(r.overridden);
}

#[test]
fn the_index_gives_the_same_figures_as_the_scans() {
    let catalog = catalog();
    let mut s = crate::synth::generate(
        crate::synth::SynthParams {
            components: 20,
            threats: 300,
            seed: 3,
        },
        &catalog,
    );
    // A threat listed twice by one mitigation still has that mitigation once.
    let first = s.threats[0].id.clone();
    s.mitigations[0].addresses = vec![first.clone(), first.clone()];
    let index = Index::new(&s);
    assert_eq!(
        index.mitigations_for(&first).len(),
        s.mitigations_for(&first).count()
    );
    for t in &s.threats {
        let by_scan: Vec<&str> = s.mitigations_for(&t.id).map(|m| m.id.as_str()).collect();
        let by_index: Vec<&str> = index
            .mitigations_for(&t.id)
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(by_scan, by_index);
        assert_eq!(
            strongest_status(&s, &t.id),
            strongest_status_with(&index, &t.id)
        );
        assert_eq!(
            residual(&s, t, &catalog),
            residual_with(&index, &s, t, &catalog)
        );
    }
    for m in &s.mitigations {
        assert_eq!(mitigation_status(&s, m), mitigation_status_with(&index, m));
    }
    assert_eq!(
        residual_all(&s, &catalog),
        s.threats
            .iter()
            .map(|t| residual(&s, t, &catalog))
            .collect::<Vec<_>>()
    );
}

/// An index of one threat gives that threat the same figures as the session's index.
#[test]
fn an_index_of_one_threat_agrees_with_the_full_index() {
    let catalog = Catalog::embedded();
    let s = crate::synth::generate(
        crate::synth::SynthParams {
            components: 10,
            threats: 300,
            seed: 11,
        },
        &catalog,
    );
    let full = Index::new(&s);
    let mut with_validations = 0;
    for t in &s.threats {
        let one = Index::for_threat(&s, &t.id);
        assert_eq!(
            residual_with(&one, &s, t, &catalog),
            residual_with(&full, &s, t, &catalog),
            "{}",
            t.id
        );
        assert_eq!(
            assess_with(&one, t, &catalog),
            assess_with(&full, t, &catalog)
        );
        assert_eq!(one.planned_kinds(&t.id), full.planned_kinds(&t.id));
        let mitigations = full.mitigations_for(&t.id);
        with_validations +=
            usize::from(mitigations.iter().any(|m| full.validated(&m.id).is_some()));
    }
    assert!(with_validations > 10, "the sample exercises validations");
}

#[test]
fn the_validations_index_finds_what_the_full_index_finds() {
    let catalog = catalog();
    let s = crate::synth::generate(
        crate::synth::SynthParams {
            components: 10,
            threats: 300,
            seed: 3,
        },
        &catalog,
    );
    assert!(s.validations.iter().any(|v| v.implementation.is_some()));
    let (full, own) = (Index::new(&s), Index::of_validations(&s));
    for m in &s.mitigations {
        assert_eq!(own.validated(&m.id), full.validated(&m.id), "{}", m.id);
        assert_eq!(
            mitigation_status_with(&own, m),
            mitigation_status(&s, m),
            "{}",
            m.id
        );
    }
}

#[test]
fn a_chain_is_rated_on_the_cards_matrix_and_spans_its_steps_layers() {
    let c = catalog();
    let mut s = Session::default();
    let mut a = threat("T-001", Severity::High, Likelihood::Likely);
    a.layers = vec![Layer::L3, Layer::L1];
    let mut b = threat("T-002", Severity::Low, Likelihood::Unlikely);
    b.layers = vec![Layer::L1, Layer::L7];
    s.threats = vec![a, b];
    let mut chain = ThreatChain {
        id: "CH-001".into(),
        steps: vec!["T-002".into(), "T-001".into(), "T-404".into()],
        ..ThreatChain::default()
    };
    assert_eq!(chain_inherent(&chain, &c), None, "unrated");
    chain.severity = Some(Severity::Critical);
    assert_eq!(chain_inherent(&chain, &c), None, "half rated");
    chain.likelihood = Some(Likelihood::VeryLikely);
    // The same cell of the same matrix as a card rated alike.
    let card = threat("T-9", Severity::Critical, Likelihood::VeryLikely);
    assert_eq!(chain_inherent(&chain, &c), inherent(&card, &c));
    assert_eq!(chain_inherent(&chain, &c), Some(RiskLevel::Critical));
    assert_eq!(chain_layers(&s, &chain), [Layer::L1, Layer::L3, Layer::L7]);
}
