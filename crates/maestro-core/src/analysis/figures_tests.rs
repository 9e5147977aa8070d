//! Tests of `figures` (module `tests`, kept out of the file it tests).

use super::*;
use crate::analysis::{fixtures, gaps, prioritize};
use crate::synth::{SynthParams, generate};
use crate::vocab::{AttackComplexity, AttackVector, Layer, Likelihood, Severity};
use proptest::prelude::*;

fn session(threats: usize, seed: u64) -> Session {
    generate(
        SynthParams {
            components: 10,
            threats,
            seed,
        },
        &Catalog::embedded(),
    )
}

#[test]
fn computed_figures_agree_with_the_rules_evaluated_one_by_one() {
    let catalog = Catalog::embedded();
    for (threats, seed) in [(0, 1), (1, 2), (60, 3), (200, 4)] {
        let s = session(threats, seed);
        let f = SessionFigures::compute(&s, &catalog);
        for phase in 1..=10u8 {
            assert_eq!(
                f.criteria[usize::from(phase) - 1],
                progress::phase_criteria(&s, &catalog, phase),
                "phase {phase}"
            );
            assert_eq!(
                f.progress[usize::from(phase) - 1],
                progress::phase_progress(&s, &catalog, phase)
            );
        }
        let ranked: Vec<(String, ThreatRisk)> = risk::rank(&s, &catalog)
            .into_iter()
            .map(|(t, r)| (t.id.clone(), r))
            .collect();
        let ours: Vec<(String, ThreatRisk)> = f
            .rank
            .iter()
            .map(|(i, r)| (s.threats[*i].id.clone(), r.clone()))
            .collect();
        assert_eq!(ours, ranked);
        assert_eq!(
            f.inherent,
            heatmap::matrix(&s, &catalog, Variant::Inherent, &Filter::default())
        );
        assert_eq!(f.by_level.iter().sum::<usize>(), f.inherent.total());
        for t in &s.threats {
            let i = f.threat_position(&t.id).expect("every id has a position");
            assert!(std::ptr::eq(&s.threats[i], s.threat(&t.id).unwrap()));
        }
        assert_eq!(f.threat_position("no such id"), None);
    }
}

#[test]
fn a_changed_id_or_length_asks_for_a_full_computation() {
    let catalog = Catalog::embedded();
    let mut s = session(30, 5);
    let mut f = SessionFigures::compute(&s, &catalog);
    let old = s.threats[3].clone();
    s.threats[3].id.push('x');
    assert!(!f.threat_changed(&s, &catalog, 3, &old));
    s.threats[3].id = old.id.clone();
    s.threats.push(old.clone());
    assert!(!f.threat_changed(&s, &catalog, 3, &old));
    assert!(!f.threat_changed(&s, &catalog, 99, &old));
}

#[test]
fn a_mitigation_edit_with_twin_cards_or_a_changed_length_is_followed_or_refused() {
    let catalog = Catalog::embedded();
    let mut s = session(30, 6);
    // Two cards with one id: both follow the mitigation naming it.
    let twin = s.threats[2].clone();
    s.threats.push(twin.clone());
    let mut f = SessionFigures::compute(&s, &catalog);
    assert!(!f.ids_unique(&s));
    let old = s.mitigations[0].clone();
    s.mitigations[0].addresses = vec![twin.id.clone()];
    s.mitigations[0].implementation = crate::vocab::ImplementationStatus::Implemented;
    assert!(f.mitigation_changed(&s, &catalog, 0, &old));
    assert_eq!(f, SessionFigures::compute(&s, &catalog));
    s.threats.pop();
    assert!(!f.mitigation_changed(&s, &catalog, 0, &old));
    assert!(!f.mitigation_changed(&s, &catalog, 9999, &old));
}

/// One edit of a threat card's fields the rules read.
#[derive(Debug, Clone)]
enum Edit {
    Severity(Option<Severity>),
    Likelihood(Option<Likelihood>),
    Vector(Option<AttackVector>),
    Complexity(Option<AttackComplexity>),
    Layers(Vec<Layer>),
    GapNote(String),
    Name(String),
}

fn option_of<T: Copy + std::fmt::Debug + 'static>(
    all: &'static [T],
) -> impl Strategy<Value = Option<T>> {
    prop::option::of(prop::sample::select(all))
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        option_of(Severity::ALL).prop_map(Edit::Severity),
        option_of(Likelihood::ALL).prop_map(Edit::Likelihood),
        option_of(AttackVector::ALL).prop_map(Edit::Vector),
        option_of(AttackComplexity::ALL).prop_map(Edit::Complexity),
        prop::sample::subsequence(Layer::ALL, 0..3).prop_map(Edit::Layers),
        prop_oneof![
            Just(String::new()),
            Just("accepted: compensating control".into())
        ]
        .prop_map(Edit::GapNote),
        "[a-z]{0,6}".prop_map(Edit::Name),
    ]
}

fn apply(t: &mut Threat, edit: &Edit) {
    match edit.clone() {
        Edit::Severity(v) => t.severity = v,
        Edit::Likelihood(v) => t.likelihood = v,
        Edit::Vector(v) => t.attack_vector = v,
        Edit::Complexity(v) => t.attack_complexity = v,
        Edit::Layers(v) => t.layers = v,
        Edit::GapNote(v) => t.gap_note = v,
        Edit::Name(v) => t.name = v,
    }
}

/// Edits outside the register: forms of phases 1–5, reviews, chains, ticks.
#[derive(Debug, Clone)]
enum Elsewhere {
    Purpose(String),
    Criticality,
    DropComponent,
    DropChain,
    RateChain(Option<Severity>, Option<Likelihood>),
    AssessLayer(Layer),
    Tick(u8),
    DropRoadmap,
}

fn elsewhere() -> impl Strategy<Value = Elsewhere> {
    prop_oneof![
        prop_oneof![Just(String::new()), Just("triage support tickets".into())]
            .prop_map(Elsewhere::Purpose),
        Just(Elsewhere::Criticality),
        Just(Elsewhere::DropComponent),
        Just(Elsewhere::DropChain),
        (option_of(Severity::ALL), option_of(Likelihood::ALL))
            .prop_map(|(s, l)| Elsewhere::RateChain(s, l)),
        prop::sample::select(Layer::ALL).prop_map(Elsewhere::AssessLayer),
        (1u8..=10).prop_map(Elsewhere::Tick),
        Just(Elsewhere::DropRoadmap),
    ]
}

/// Applies the edit; whether it touched the chains.
fn apply_elsewhere(s: &mut Session, edit: &Elsewhere, catalog: &Catalog) -> bool {
    match edit.clone() {
        Elsewhere::Purpose(v) => s.business.function = v,
        Elsewhere::Criticality => {
            s.business.criticality = match s.business.criticality {
                Some(_) => None,
                None => crate::vocab::Level::ALL.first().copied(),
            }
        }
        Elsewhere::DropComponent => {
            s.components.pop();
        }
        Elsewhere::DropChain => {
            s.chains.pop();
            return true;
        }
        Elsewhere::RateChain(sev, lik) => {
            if let Some(c) = s.chains.first_mut() {
                c.severity = sev;
                c.likelihood = lik;
            }
            return true;
        }
        Elsewhere::AssessLayer(l) => s.analysis.assessed_layers.push(l),
        Elsewhere::Tick(phase) => {
            let ids: Vec<String> = catalog
                .phases
                .get(phase)
                .map(|p| p.criteria.iter().map(|c| c.id.clone()).collect())
                .unwrap_or_default();
            match s.phases.iter_mut().find(|p| p.phase == phase) {
                Some(p) => p.checked = ids,
                None => s.phases.push(crate::session::PhaseProgress {
                    phase,
                    status: crate::vocab::PhaseStatus::InProgress,
                    checked: ids,
                    notes: String::new(),
                }),
            }
        }
        Elsewhere::DropRoadmap => {
            s.roadmap.pop();
        }
    }
    false
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Edits outside the register, updated in place, equal computing anew.
    #[test]
    fn updating_after_edits_elsewhere_equals_computing_anew(
        threats in 0usize..40,
        seed in 0u64..1000,
        edits in prop::collection::vec(elsewhere(), 1..10),
    ) {
        let catalog = Catalog::embedded();
        let mut s = session(threats, seed);
        let mut f = SessionFigures::compute(&s, &catalog);
        for edit in &edits {
            let chains = apply_elsewhere(&mut s, edit, &catalog);
            prop_assert!(f.elsewhere_changed(&s, &catalog, chains));
            prop_assert_eq!(&f, &SessionFigures::compute(&s, &catalog));
        }
    }

    /// Any sequence of single-mitigation edits, followed in place, leaves the same
    /// figures, gap report and priorities as computing them anew.
    #[test]
    fn updating_after_mitigation_edits_equals_computing_anew(
        threats in 1usize..40,
        seed in 0u64..1000,
        edits in prop::collection::vec(
            (any::<prop::sample::Index>(), fixtures::mitigation_edit()),
            1..12,
        ),
    ) {
        let catalog = Catalog::embedded();
        let mut s = session(threats, seed);
        prop_assume!(!s.mitigations.is_empty());
        let mut f = SessionFigures::compute(&s, &catalog);
        let mut report = gaps::analyse(&s, &catalog);
        let mut priorities = prioritize::priorities(&s, &catalog);
        for (which, edit) in &edits {
            let i = which.index(s.mitigations.len());
            let old = s.mitigations[i].clone();
            fixtures::apply_mitigation_edit(&mut s, i, edit);
            prop_assert!(f.mitigation_changed(&s, &catalog, i, &old));
            prop_assert_eq!(&f, &SessionFigures::compute(&s, &catalog));

            prop_assert!(f.ids_unique(&s));
            let mut ids: Vec<&str> = old
                .addresses
                .iter()
                .chain(&s.mitigations[i].addresses)
                .map(String::as_str)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            gaps::reanalyse_threats(&mut report, &s, &catalog, &ids, |id| {
                f.threat_position(id)
            });
            prop_assert_eq!(&report, &gaps::analyse(&s, &catalog));

            prioritize::reprioritize(&mut priorities, &s, &catalog, i, |id| {
                f.threat_position(id).map(|p| &s.threats[p])
            });
            prop_assert_eq!(&priorities, &prioritize::priorities(&s, &catalog));
        }
    }

    /// Any sequence of inserts and removals of threat cards and mitigations (a card
    /// with a new id, a twin of another card's id, a mitigation addressing some
    /// cards), each followed in place, leaves the same figures as computing them anew.
    #[test]
    fn following_inserts_and_removals_equals_computing_anew(
        threats in 0usize..30,
        seed in 0u64..1000,
        steps in prop::collection::vec(
            (0u8..5, any::<prop::sample::Index>(), any::<prop::sample::Index>(), edit()),
            1..12,
        ),
    ) {
        let catalog = Catalog::embedded();
        let mut s = session(threats, seed);
        let mut f = SessionFigures::compute(&s, &catalog);
        for (n, (kind, at, other, edit)) in steps.iter().enumerate() {
            match kind {
                // A new card (a copy of another, edited, new id unless a twin).
                0 | 1 => {
                    let i = at.index(s.threats.len() + 1);
                    let mut t = match s.threats.len() {
                        0 => Threat { id: String::new(), ..Threat::default() },
                        len => s.threats[other.index(len)].clone(),
                    };
                    apply(&mut t, edit);
                    if *kind == 0 || t.id.is_empty() {
                        t.id = format!("NEW-{n}");
                    }
                    s.threats.insert(i, t);
                    prop_assert!(f.threat_inserted(&s, &catalog, i, false));
                }
                2 if !s.threats.is_empty() => {
                    let i = at.index(s.threats.len());
                    let old = s.threats.remove(i);
                    prop_assert!(f.threat_removed(&s, &catalog, i, &old, false));
                }
                3 if !s.threats.is_empty() => {
                    let i = at.index(s.mitigations.len() + 1);
                    let Some(mut m) = s.mitigations.first().cloned() else {
                        continue;
                    };
                    m.id = format!("NEW-M{n}");
                    m.addresses = vec![s.threats[other.index(s.threats.len())].id.clone()];
                    m.implementation = ImplementationStatus::Implemented;
                    s.mitigations.insert(i, m);
                    prop_assert!(f.mitigation_inserted(&s, &catalog, i));
                }
                4 if !s.mitigations.is_empty() => {
                    let i = at.index(s.mitigations.len());
                    let old = s.mitigations.remove(i);
                    prop_assert!(f.mitigation_removed(&s, &catalog, &old));
                }
                _ => continue,
            }
            prop_assert_eq!(&f, &SessionFigures::compute(&s, &catalog));
        }
    }

    /// Any sequence of single-card edits leaves the same figures as computing them
    /// anew: criteria, progress, ranking (ties in session order), counts, heatmap.
    #[test]
    fn updating_after_each_edit_equals_computing_anew(
        threats in 1usize..40,
        seed in 0u64..1000,
        edits in prop::collection::vec((any::<prop::sample::Index>(), edit()), 1..12),
    ) {
        let catalog = Catalog::embedded();
        let mut s = session(threats, seed);
        let mut f = SessionFigures::compute(&s, &catalog);
        for (which, edit) in &edits {
            let i = which.index(s.threats.len());
            let old = s.threats[i].clone();
            apply(&mut s.threats[i], edit);
            prop_assert!(f.threat_changed(&s, &catalog, i, &old));
            prop_assert_eq!(&f, &SessionFigures::compute(&s, &catalog));
        }
    }
}
