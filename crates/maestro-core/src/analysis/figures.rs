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
    /// Counts `card`'s level and puts it in the ranking where the stable sort would:
    /// by the rules, then by position in the session.
    fn rank_in(&mut self, s: &Session, catalog: &Catalog, card: usize, risk: ThreatRisk) {
        if let Some(level) = risk.inherent {
            self.by_level[level_slot(level)] += 1;
        }
        let t = &s.threats[card];
        let to = self.rank.partition_point(|(i, r)| {
            match risk::rank_order((&s.threats[*i], r), (t, &risk), catalog) {
                Ordering::Less => true,
                Ordering::Equal => *i < card,
                Ordering::Greater => false,
            }
        });
        self.rank.insert(to, (card, risk));
    }

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
            self.rank_in(s, catalog, card, risk);
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
        self.rank_in(s, catalog, index, risk);

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
        self.rank_in(s, catalog, index, risk);
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
#[path = "figures_tests.rs"]
mod tests;
