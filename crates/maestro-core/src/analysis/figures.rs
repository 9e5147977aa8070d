//! The session-wide figures a live view shows after every edit: the completion criteria
//! and progress of the ten phases, the threat ranking, the count of threats per inherent
//! level and the inherent heatmap.
//!
//! [`SessionFigures::compute`] derives them in one pass over the session.
//! [`SessionFigures::threat_changed`] updates them after the commonest edit — one threat
//! card changed, its id kept (a rating key, a field of the card) — in time that does not
//! grow with the register beyond a scan of one heatmap cell, instead of a new pass.
//! The rules stay where they are ([`crate::progress`], [`crate::risk`]); this module
//! only decides what an edit can have changed.

use super::heatmap::{self, Filter, RiskMatrix, Variant};
use crate::catalog::Catalog;
use crate::progress::{self, CriterionState, ThreatLinks, ThreatRule};
use crate::risk::{self, Index, ThreatRisk};
use crate::session::{Mitigation, Session, Threat};
use crate::vocab::{ImplementationStatus, MitigationType, RiskLevel};
use std::borrow::Cow;
use std::cmp::Ordering;

/// Everything derived for the session as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionFigures {
    /// Completion criteria of phases 1–10 (index phase − 1).
    pub criteria: Vec<Vec<CriterionState>>,
    /// (met, total) of phases 1–10; a phase marked Complete counts as all met.
    pub progress: [(usize, usize); 10],
    /// Threats by inherent level (`RiskLevel::ALL` order); unrated threats are not counted.
    pub by_level: [usize; 4],
    /// Threats by rank ([`risk::rank`]): position in `Session::threats` and its risk.
    pub rank: Vec<(usize, ThreatRisk)>,
    /// The inherent heatmap without filter.
    pub inherent: RiskMatrix,
    /// What the rest of the session says about each threat (by position), found by id.
    links: Vec<Links>,
    /// Position of each threat id's first card (as `Session::threat` finds it).
    positions: foldhash::HashMap<String, usize>,
    /// The criteria decided by a threat rule: (phase index, criterion index, rule,
    /// number of threats that fail it).
    threat_rules: Vec<(usize, usize, ThreatRule, usize)>,
}

/// The facts about one threat that come from other records (mitigations, validations,
/// residual risks) through its id: unchanged by an edit of the card that keeps the id.
#[derive(Debug, Clone, PartialEq)]
struct Links {
    has_mitigation: bool,
    planned: Vec<MitigationType>,
    has_residual: bool,
    /// Strongest implementation status of its mitigations.
    implementation: ImplementationStatus,
}

impl Links {
    fn of(index: &Index, threat_id: &str) -> Links {
        Links {
            has_mitigation: !index.mitigations_for(threat_id).is_empty(),
            planned: index.planned_kinds(threat_id),
            has_residual: index.residual_record(threat_id).is_some(),
            implementation: risk::strongest_status_with(index, threat_id),
        }
    }
}

impl ThreatLinks for Links {
    fn has_mitigation(&self, _: &str) -> bool {
        self.has_mitigation
    }

    fn planned_kinds(&self, _: &str) -> Cow<'_, [MitigationType]> {
        Cow::Borrowed(&self.planned)
    }

    fn has_residual(&self, _: &str) -> bool {
        self.has_residual
    }
}

fn level_slot(level: RiskLevel) -> usize {
    RiskLevel::ALL.iter().position(|x| *x == level).unwrap_or(0)
}

/// The cell of the inherent heatmap a threat sits in (`None`: unrated).
fn cell_of(t: &Threat) -> Option<(crate::vocab::Severity, crate::vocab::Likelihood)> {
    Some((t.severity?, t.likelihood?))
}

impl SessionFigures {
    /// The figures of `s`, from scratch.
    pub fn compute(s: &Session, catalog: &Catalog) -> SessionFigures {
        let index = Index::new(s);
        let links: Vec<Links> = s.threats.iter().map(|t| Links::of(&index, &t.id)).collect();
        let lazy = progress::LazyIndex::new();
        let _ = lazy.set(index);
        let mut threat_rules = Vec::new();
        let criteria: Vec<Vec<CriterionState>> = (1..=10u8)
            .map(|phase| {
                let mut n = 0;
                progress::criteria_by(s, catalog, phase, |rule| {
                    let i = n;
                    n += 1;
                    match ThreatRule::of(rule) {
                        Some(rule) => {
                            let failing = s
                                .threats
                                .iter()
                                .zip(&links)
                                .filter(|(t, l)| !rule.holds(t, catalog, *l))
                                .count();
                            threat_rules.push((usize::from(phase) - 1, i, rule, failing));
                            rule.met_given(s.threats.len(), failing)
                        }
                        None => progress::rule_met_with(rule, s, catalog, &lazy),
                    }
                })
            })
            .collect();
        let mut rank: Vec<(usize, ThreatRisk)> = s
            .threats
            .iter()
            .zip(&links)
            .map(|(t, l)| risk::assess_given(t, l.implementation, catalog))
            .enumerate()
            .collect();
        // Keys computed once per threat, not per comparison; the sort is stable, so
        // ties keep session order.
        let keys: Vec<risk::RankKey> = rank
            .iter()
            .map(|(i, r)| risk::rank_key(&s.threats[*i], r, catalog))
            .collect();
        rank.sort_by_key(|(i, _)| keys[*i]);
        let mut by_level = [0; 4];
        for (_, r) in &rank {
            if let Some(level) = r.inherent {
                by_level[level_slot(level)] += 1;
            }
        }
        let index = lazy.get_or_init(|| Index::new(s));
        let inherent =
            heatmap::matrix_with(index, s, catalog, Variant::Inherent, &Filter::default());
        let mut positions = foldhash::HashMap::default();
        positions.reserve(s.threats.len());
        for (i, t) in s.threats.iter().enumerate() {
            positions.entry(t.id.clone()).or_insert(i);
        }
        let mut figures = SessionFigures {
            positions,
            criteria,
            progress: [(0, 0); 10],
            by_level,
            rank,
            inherent,
            links,
            threat_rules,
        };
        figures.count_progress();
        figures
    }

    /// Position in `Session::threats` of the (first) card with `id`.
    pub fn threat_position(&self, id: &str) -> Option<usize> {
        self.positions.get(id).copied()
    }

    fn count_progress(&mut self) {
        for (i, c) in self.criteria.iter().enumerate() {
            // Facts only: a phase marked Complete is the analyst's claim, shown beside.
            self.progress[i] = (c.iter().filter(|c| c.met).count(), c.len());
        }
    }

    /// Updates the figures after an edit that left the threats, mitigations, validations
    /// and residual risks alone (a phase 1–5 form, a review, a chain, a tick): the rules
    /// that do not read threat cards are evaluated anew, the chains refilled when
    /// `chains_changed`; the ranking and the threat rules' counts stand. Returns false,
    /// leaving the figures as they were, when the register's length says otherwise.
    pub fn elsewhere_changed(
        &mut self,
        s: &Session,
        catalog: &Catalog,
        chains_changed: bool,
    ) -> bool {
        if self.links.len() != s.threats.len() {
            return false;
        }
        let lazy = progress::LazyIndex::new();
        let threat_rules = &self.threat_rules;
        for phase in 1..=10u8 {
            let p = usize::from(phase) - 1;
            let mut n = 0;
            self.criteria[p] = progress::criteria_by(s, catalog, phase, |rule| {
                let i = n;
                n += 1;
                match threat_rules
                    .iter()
                    .find(|(tp, ti, ..)| *tp == p && *ti == i)
                {
                    Some((_, _, rule, failing)) => rule.met_given(s.threats.len(), *failing),
                    None => progress::rule_met_with(rule, s, catalog, &lazy),
                }
            });
        }
        self.count_progress();
        if chains_changed {
            heatmap::refill_chains(&mut self.inherent, s, catalog);
        }
        true
    }

    /// Positions of the cards with `id`, first first (one lookup when ids are unique).
    fn cards_with(&self, s: &Session, id: &str) -> Vec<usize> {
        if self.positions.len() == s.threats.len() {
            self.positions.get(id).copied().into_iter().collect()
        } else {
            (0..s.threats.len())
                .filter(|&i| s.threats[i].id == id)
                .collect()
        }
    }

    /// Whether every threat card has its own id.
    pub fn ids_unique(&self, s: &Session) -> bool {
        self.positions.len() == s.threats.len()
    }

    /// Updates the figures after `s.mitigations[index]` changed from `old` and nothing
    /// else in the session did: the threats it addressed before or after get their links
    /// anew (their threat-rule counts and ranking follow), the rules that do not read
    /// cards are evaluated anew; the inherent heatmap does not read mitigations. Returns
    /// false, leaving the figures as they were, when the register's length says
    /// otherwise or the mitigation is gone: the caller then computes them anew.
    pub fn mitigation_changed(
        &mut self,
        s: &Session,
        catalog: &Catalog,
        index: usize,
        old: &Mitigation,
    ) -> bool {
        let Some(new) = s.mitigations.get(index) else {
            return false;
        };
        if self.links.len() != s.threats.len() {
            return false;
        }
        let mut ids: Vec<&str> = old
            .addresses
            .iter()
            .chain(&new.addresses)
            .map(String::as_str)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        self.links_changed(s, catalog, ids) && self.elsewhere_changed(s, catalog, false)
    }

    /// Updates the figures after a mitigation was inserted at `index` and nothing else in
    /// the register changed; false (figures as they were) when that cannot be the case.
    pub fn mitigation_inserted(&mut self, s: &Session, catalog: &Catalog, index: usize) -> bool {
        let Some(new) = s.mitigations.get(index) else {
            return false;
        };
        if self.links.len() != s.threats.len() {
            return false;
        }
        let mut ids: Vec<&str> = new.addresses.iter().map(String::as_str).collect();
        ids.sort_unstable();
        ids.dedup();
        self.links_changed(s, catalog, ids) && self.elsewhere_changed(s, catalog, false)
    }

    /// Updates the figures after the mitigation `old` was removed and nothing else in the
    /// register changed; false (figures as they were) when that cannot be the case.
    pub fn mitigation_removed(&mut self, s: &Session, catalog: &Catalog, old: &Mitigation) -> bool {
        if self.links.len() != s.threats.len() {
            return false;
        }
        let mut ids: Vec<&str> = old.addresses.iter().map(String::as_str).collect();
        ids.sort_unstable();
        ids.dedup();
        self.links_changed(s, catalog, ids) && self.elsewhere_changed(s, catalog, false)
    }

    /// The cards with `ids` get their links anew; their threat-rule counts and places in
    /// the ranking follow. False when the ranking misses a card (compute anew).
    fn links_changed(&mut self, s: &Session, catalog: &Catalog, ids: Vec<&str>) -> bool {
        // (card, its new links), every card whose id the mitigation names.
        let mut changed: Vec<(usize, Links)> = Vec::new();
        for id in ids {
            let cards = self.cards_with(s, id);
            if cards.is_empty() {
                continue;
            }
            let links = Links::of(&Index::for_threat(s, id), id);
            changed.extend(cards.into_iter().map(|i| (i, links.clone())));
        }
        let mut moved = Vec::new();
        for (card, links) in changed {
            if self.links[card] == links {
                continue;
            }
            let t = &s.threats[card];
            for (phase, i, rule, failing) in &mut self.threat_rules {
                let before = rule.holds(t, catalog, &self.links[card]);
                let after = rule.holds(t, catalog, &links);
                if before != after {
                    if after {
                        *failing -= 1;
                    } else {
                        *failing += 1;
                    }
                    self.criteria[*phase][*i].met = rule.met_given(s.threats.len(), *failing);
                    let c = &mut self.criteria[*phase][*i];
                    c.vacuous = c.met && rule.vacuous(s);
                }
            }
            if links.implementation != self.links[card].implementation {
                moved.push(card);
            }
            self.links[card] = links;
        }
        // Out of the ranking, then back in at their new places one by one.
        for &card in &moved {
            let Some(at) = self.rank.iter().position(|(i, _)| *i == card) else {
                return false;
            };
            let (_, was) = self.rank.remove(at);
            if let Some(level) = was.inherent {
                self.by_level[level_slot(level)] -= 1;
            }
        }
        for &card in &moved {
            let t = &s.threats[card];
            let risk = risk::assess_given(t, self.links[card].implementation, catalog);
            if let Some(level) = risk.inherent {
                self.by_level[level_slot(level)] += 1;
            }
            let to = self.rank.partition_point(|(i, r)| {
                match risk::rank_order((&s.threats[*i], r), (t, &risk), catalog) {
                    Ordering::Less => true,
                    Ordering::Equal => *i < card,
                    Ordering::Greater => false,
                }
            });
            self.rank.insert(to, (card, risk));
        }
        true
    }

    /// Updates the figures after `s.threats[index]` changed from `old` and nothing else
    /// in the session did. Returns false, leaving the figures as they were, when that
    /// cannot be the case (the card's id changed, the register has another length):
    /// the caller then computes them anew.
    pub fn threat_changed(
        &mut self,
        s: &Session,
        catalog: &Catalog,
        index: usize,
        old: &Threat,
    ) -> bool {
        let Some(new) = s.threats.get(index) else {
            return false;
        };
        if new.id != old.id || self.links.len() != s.threats.len() {
            return false;
        }
        let Some(at) = self.rank.iter().position(|(i, _)| *i == index) else {
            return false;
        };
        let links = &self.links[index];
        for (phase, i, rule, failing) in &mut self.threat_rules {
            let before = rule.holds(old, catalog, links);
            let after = rule.holds(new, catalog, links);
            if before != after {
                if after {
                    *failing -= 1;
                } else {
                    *failing += 1;
                }
                self.criteria[*phase][*i].met = rule.met_given(s.threats.len(), *failing);
            }
            let c = &mut self.criteria[*phase][*i];
            c.vacuous = c.met && rule.vacuous(s);
        }
        let implementation = links.implementation;
        self.count_progress();

        let (_, was) = self.rank.remove(at);
        let risk = risk::assess_given(new, implementation, catalog);
        if let Some(level) = was.inherent {
            self.by_level[level_slot(level)] -= 1;
        }
        if let Some(level) = risk.inherent {
            self.by_level[level_slot(level)] += 1;
        }
        // The stable sort's order: by the rules, then by position in the session.
        let to = self.rank.partition_point(|(i, r)| {
            match risk::rank_order((&s.threats[*i], r), (new, &risk), catalog) {
                Ordering::Less => true,
                Ordering::Equal => *i < index,
                Ordering::Greater => false,
            }
        });
        self.rank.insert(to, (index, risk));

        let (from_cell, to_cell) = (cell_of(old), cell_of(new));
        if from_cell != to_cell {
            heatmap::refill_inherent(&mut self.inherent, s, &[from_cell, to_cell]);
        }
        true
    }

    /// Updates the figures after a threat card was inserted at `index` and nothing else
    /// in the register changed (other parts may have: the rules that do not read cards
    /// are evaluated anew, the chains refilled when `chains_changed`). Positions after
    /// the card move up one; the card gets its links, threat-rule counts, place in the
    /// ranking and heatmap cell. Returns false, leaving the figures as they were, when
    /// the register's length says otherwise.
    pub fn threat_inserted(
        &mut self,
        s: &Session,
        catalog: &Catalog,
        index: usize,
        chains_changed: bool,
    ) -> bool {
        let Some(new) = s.threats.get(index) else {
            return false;
        };
        if self.links.len() + 1 != s.threats.len() {
            return false;
        }
        let links = Links::of(&Index::for_threat(s, &new.id), &new.id);
        for p in self.positions.values_mut() {
            if *p >= index {
                *p += 1;
            }
        }
        match self.positions.get_mut(new.id.as_str()) {
            Some(p) if *p > index => *p = index,
            Some(_) => {}
            None => {
                self.positions.insert(new.id.clone(), index);
            }
        }
        for (_, _, rule, failing) in &mut self.threat_rules {
            if !rule.holds(new, catalog, &links) {
                *failing += 1;
            }
        }
        self.rules_met_anew(s);
        for (i, _) in &mut self.rank {
            if *i >= index {
                *i += 1;
            }
        }
        let risk = risk::assess_given(new, links.implementation, catalog);
        self.links.insert(index, links);
        if let Some(level) = risk.inherent {
            self.by_level[level_slot(level)] += 1;
        }
        let to = self.rank.partition_point(|(i, r)| {
            match risk::rank_order((&s.threats[*i], r), (new, &risk), catalog) {
                Ordering::Less => true,
                Ordering::Equal => *i < index,
                Ordering::Greater => false,
            }
        });
        self.rank.insert(to, (index, risk));
        heatmap::refill_inherent(&mut self.inherent, s, &[cell_of(new)]);
        self.elsewhere_changed(s, catalog, chains_changed)
    }

    /// Updates the figures after the threat card `old` was removed from `index` and
    /// nothing else in the register changed (other parts may have, as for
    /// [`Self::threat_inserted`]). Returns false, leaving the figures as they were, when
    /// the register's length says otherwise.
    pub fn threat_removed(
        &mut self,
        s: &Session,
        catalog: &Catalog,
        index: usize,
        old: &Threat,
        chains_changed: bool,
    ) -> bool {
        if self.links.len() != s.threats.len() + 1 || index > s.threats.len() {
            return false;
        }
        let Some(at) = self.rank.iter().position(|(i, _)| *i == index) else {
            return false;
        };
        let unique = self.positions.len() == self.links.len();
        let links = self.links.remove(index);
        for (_, _, rule, failing) in &mut self.threat_rules {
            if !rule.holds(old, catalog, &links) {
                *failing -= 1;
            }
        }
        self.rules_met_anew(s);
        let (_, was) = self.rank.remove(at);
        if let Some(level) = was.inherent {
            self.by_level[level_slot(level)] -= 1;
        }
        for (i, _) in &mut self.rank {
            if *i > index {
                *i -= 1;
            }
        }
        if unique {
            self.positions.remove(old.id.as_str());
            for p in self.positions.values_mut() {
                if *p > index {
                    *p -= 1;
                }
            }
        } else {
            self.positions.clear();
            for (i, t) in s.threats.iter().enumerate() {
                self.positions.entry(t.id.clone()).or_insert(i);
            }
        }
        heatmap::refill_inherent(&mut self.inherent, s, &[cell_of(old)]);
        self.elsewhere_changed(s, catalog, chains_changed)
    }

    /// Every threat rule's criterion from its count of failing cards (after the number
    /// of cards changed).
    fn rules_met_anew(&mut self, s: &Session) {
        for (phase, i, rule, failing) in &self.threat_rules {
            let c = &mut self.criteria[*phase][*i];
            c.met = rule.met_given(s.threats.len(), *failing);
            c.vacuous = c.met && rule.vacuous(s);
        }
    }
}

#[cfg(test)]
mod tests {
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
}
