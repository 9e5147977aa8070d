//! Undo history proportional to the change: each step keeps only the parts of the
//! session an edit changed (a section's old value, or the old records of the range of a
//! record list that changed), never a whole session.
//!
//! Every state of the open session carries a *revision*: a number given out once per
//! process by [`fresh_revision`]. An edit gives the session a new revision; undo and redo
//! put back the revision the restored state had. Equal revisions therefore mean equal
//! content, which is what the dirty mark (revision ≠ saved revision) and the caches of
//! derived figures ([`super::derive`]) rely on.

use crate::session::*;
use std::sync::atomic::{AtomicU64, Ordering};

static NEXT_REVISION: AtomicU64 = AtomicU64::new(1);

/// A revision number no session state of this process has had before.
pub fn fresh_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, Ordering::Relaxed)
}

/// The last change of the session: from which revision to which, and — when it changed
/// one threat card in place and nothing else — the card's position and its old value,
/// so that derived figures can be updated instead of recomputed.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub from: u64,
    pub to: u64,
    pub threat: Option<(usize, Threat)>,
    /// When it changed one mitigation in place and nothing else: its position and old
    /// value.
    pub mitigation: Option<(usize, Mitigation)>,
    /// It changed threats, mitigations, validations or residual risks: the lists the
    /// per-threat figures read.
    pub register: bool,
    /// It changed the threat chains.
    pub chains: bool,
    /// When it inserted or removed one threat card or one mitigation and changed nothing
    /// else in the register (other parts, such as the reviews, may have changed).
    pub spliced: Option<Spliced>,
    /// How many parts of the session (sections, lists) it changed.
    pub parts: usize,
}

/// One record inserted into or removed from the threats or the mitigations: its
/// position, and the removed record.
#[derive(Debug, Clone, PartialEq)]
pub enum Spliced {
    ThreatInserted(usize),
    ThreatRemoved(usize, Box<Threat>),
    MitigationInserted(usize),
    MitigationRemoved(usize, Box<Mitigation>),
}

impl Change {
    /// The change `patch` describes (it holds the old values) from `from` to `to`.
    pub fn new(from: u64, to: u64, patch: &Patch) -> Change {
        Change {
            from,
            to,
            threat: patch.single_threat().map(|(i, t)| (i, t.clone())),
            mitigation: patch.single_mitigation().map(|(i, m)| (i, m.clone())),
            register: patch.0.iter().any(|p| {
                matches!(
                    p,
                    Part::threats(_)
                        | Part::mitigations(_)
                        | Part::validations(_)
                        | Part::residual_risks(_)
                )
            }),
            chains: patch.0.iter().any(|p| matches!(p, Part::chains(_))),
            spliced: patch.spliced(),
            parts: patch.0.len(),
        }
    }
}

/// One undo (or redo) step: how to get back to the state with `revision`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub patch: Patch,
    pub revision: u64,
}

/// The old values of the parts of a session one edit changed; applying it returns the
/// patch that undoes the application.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Patch(Vec<Part>);

/// The values of some parts of a session before an edit that declared it touches only
/// those: copying and comparing them costs what they weigh, not the whole session.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot(Vec<Part>);

/// Replaces `len` records from `start` with `old`.
#[derive(Debug, Clone, PartialEq)]
pub struct Splice<T> {
    start: usize,
    len: usize,
    old: Vec<T>,
}

impl<T: Clone + PartialEq> Splice<T> {
    /// The splice that turns `after` back into `before` (None when they are equal):
    /// the common head and tail are left out.
    fn diff(before: &[T], after: &[T]) -> Option<Splice<T>> {
        let head = before.iter().zip(after).take_while(|(a, b)| a == b).count();
        if head == before.len() && head == after.len() {
            return None;
        }
        let room = before.len().min(after.len()) - head;
        let tail = before[head..]
            .iter()
            .rev()
            .zip(after[head..].iter().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        Some(Splice {
            start: head,
            len: after.len() - head - tail,
            old: before[head..before.len() - tail].to_vec(),
        })
    }

    fn apply(self, list: &mut Vec<T>) -> Splice<T> {
        let new_len = self.old.len();
        let removed: Vec<T> = list
            .splice(self.start..self.start + self.len, self.old)
            .collect();
        Splice {
            start: self.start,
            len: new_len,
            old: removed,
        }
    }
}

/// A record type kept in one list of the session.
pub trait Listed: Clone + PartialEq + Sized + crate::session::ids::RecordId {
    fn part(splice: Splice<Self>) -> Part;
}

macro_rules! parts {
    (sections { $($section:ident: $st:ty),* $(,)? } lists { $($list:ident: $lt:ty),* $(,)? }) => {
        /// One changed part of the session, holding its old value.
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, PartialEq)]
        pub enum Part {
            $($section(Box<$st>),)*
            $($list(Splice<$lt>),)*
        }

        /// Names a part of the session, for edits that declare what they touch.
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        pub enum PartKind {
            $($section,)*
            $($list,)*
        }

        impl Snapshot {
            /// The current values of `kinds`.
            pub fn take(s: &Session, kinds: &[PartKind]) -> Snapshot {
                // In the session's order, each once: the patch then equals `Patch::diff`'s.
                let mut kinds = kinds.to_vec();
                kinds.sort();
                kinds.dedup();
                Snapshot(
                    kinds
                        .iter()
                        .map(|kind| match kind {
                            $(PartKind::$section => Part::$section(Box::new(s.$section.clone())),)*
                            $(PartKind::$list => Part::$list(Splice {
                                start: 0,
                                len: s.$list.len(),
                                old: s.$list.clone(),
                            }),)*
                        })
                        .collect(),
                )
            }

            /// What turns `after` back into the snapshot's values.
            pub fn diff(self, after: &Session) -> Patch {
                let mut parts = Vec::new();
                for part in self.0 {
                    match part {
                        $(Part::$section(old) => {
                            if *old != after.$section {
                                parts.push(Part::$section(old));
                            }
                        })*
                        $(Part::$list(old) => {
                            if let Some(s) = Splice::diff(&old.old, &after.$list) {
                                parts.push(Part::$list(s));
                            }
                        })*
                    }
                }
                Patch(parts)
            }
        }

        impl Part {
            /// Raises `s`'s id high-water marks to the ids of records this (undo) part
            /// holds that `s` no longer has: a deleted or merged record's id stays used.
            fn note_removed_ids(&self, s: &mut Session) {
                match self {
                    $(Part::$section(_) => {})*
                    $(Part::$list(splice) => {
                        let mut marks = std::mem::take(&mut s.id_high_water);
                        let end = (splice.start + splice.len).min(s.$list.len());
                        let now = s.$list.get(splice.start..end).unwrap_or(&[]);
                        crate::session::ids::note_removed(&mut marks, &splice.old, now);
                        s.id_high_water = marks;
                    })*
                }
            }

            fn size(&self) -> usize {
                match self {
                    $(Part::$section(_) => 1,)*
                    $(Part::$list(s) => s.old.len(),)*
                }
            }
        }

        $(impl Listed for $lt {
            fn part(splice: Splice<Self>) -> Part {
                Part::$list(splice)
            }
        })*

        impl Patch {
            /// What turns `after` back into `before`.
            pub fn diff(before: &Session, after: &Session) -> Patch {
                let mut parts = Vec::new();
                $(if before.$section != after.$section {
                    parts.push(Part::$section(Box::new(before.$section.clone())));
                })*
                $(if let Some(s) = Splice::diff(&before.$list, &after.$list) {
                    parts.push(Part::$list(s));
                })*
                Patch(parts)
            }

            /// Applies the patch to `s` and returns the patch that reverts it.
            pub fn apply(self, s: &mut Session) -> Patch {
                Patch(
                    self.0
                        .into_iter()
                        .map(|part| match part {
                            $(Part::$section(old) => {
                                Part::$section(Box::new(std::mem::replace(&mut s.$section, *old)))
                            })*
                            $(Part::$list(splice) => Part::$list(splice.apply(&mut s.$list)),)*
                        })
                        .collect(),
                )
            }
        }
    };
}

parts! {
    sections {
        schema_version: u32,
        session: SessionInfo,
        engagement: EngagementChoice,
        business: BusinessContext,
        architecture: ArchitectureProfile,
        analysis: ThreatAnalysis,
        code_validation: CodeValidationScope,
        summary: ExecutiveSummary,
        // Issue 20: a discovery write is undone with the records it added.
        discovery: DiscoveryRecord,
    }
    lists {
        phases: PhaseProgress,
        assumptions: Assumption,
        components: Component,
        flows: DataFlow,
        actors: ThreatActor,
        zones: TrustZone,
        boundaries: TrustBoundary,
        assets: Asset,
        reviews: Review,
        threats: Threat,
        chains: ThreatChain,
        mitigations: Mitigation,
        validations: CodeValidation,
        residual_risks: ResidualRisk,
        roadmap: RemediationItem,
        triggers: UpdateTrigger,
        signoffs: SignOff,
        conflicts: MergeConflict,
    }
}

impl Patch {
    /// After an edit whose undo patch this is: keeps the ids it removed from reuse.
    /// (Not part of the patch: undoing the edit does not free the ids again.)
    pub fn note_removed_ids(&self, s: &mut Session) {
        for part in &self.0 {
            part.note_removed_ids(s);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds the parts of `other` (of other lists or sections than this patch's).
    pub fn extend(&mut self, other: Patch) {
        self.0.extend(other.0);
    }

    /// The patch that puts back `old` as record `index` of its list.
    pub fn record<T: Listed>(index: usize, old: T) -> Patch {
        Patch(vec![T::part(Splice {
            start: index,
            len: 1,
            old: vec![old],
        })])
    }

    /// When the patch changes one threat card in place and nothing else: the card's
    /// position and the value the patch holds for it.
    pub fn single_threat(&self) -> Option<(usize, &Threat)> {
        match self.0.as_slice() {
            [Part::threats(splice)] if splice.len == 1 && splice.old.len() == 1 => {
                Some((splice.start, &splice.old[0]))
            }
            _ => None,
        }
    }

    /// When the patch changes one mitigation in place and nothing else: its position
    /// and the value the patch holds for it.
    pub fn single_mitigation(&self) -> Option<(usize, &Mitigation)> {
        match self.0.as_slice() {
            [Part::mitigations(splice)] if splice.len == 1 && splice.old.len() == 1 => {
                Some((splice.start, &splice.old[0]))
            }
            _ => None,
        }
    }

    /// When the patch inserts or removes one threat card or one mitigation (its undo
    /// removes or puts it back) and changes nothing else in the register.
    pub fn spliced(&self) -> Option<Spliced> {
        let mut register = self.0.iter().filter(|p| {
            matches!(
                p,
                Part::threats(_)
                    | Part::mitigations(_)
                    | Part::validations(_)
                    | Part::residual_risks(_)
            )
        });
        let part = register.next()?;
        if register.next().is_some() {
            return None;
        }
        match part {
            Part::threats(s) => match (s.len, s.old.as_slice()) {
                (1, []) => Some(Spliced::ThreatInserted(s.start)),
                (0, [old]) => Some(Spliced::ThreatRemoved(s.start, Box::new(old.clone()))),
                _ => None,
            },
            Part::mitigations(s) => match (s.len, s.old.as_slice()) {
                (1, []) => Some(Spliced::MitigationInserted(s.start)),
                (0, [old]) => Some(Spliced::MitigationRemoved(s.start, Box::new(old.clone()))),
                _ => None,
            },
            _ => None,
        }
    }

    /// The patch that removes record `index` of its list again (the undo of inserting
    /// it there).
    pub fn inserted<T: Listed>(index: usize) -> Patch {
        Patch(vec![T::part(Splice {
            start: index,
            len: 1,
            old: Vec::new(),
        })])
    }

    /// Number of old records and sections the patch holds.
    pub fn size(&self) -> usize {
        self.0.iter().map(Part::size).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn big() -> Session {
        crate::synth::generate(
            crate::synth::SynthParams {
                components: 10,
                threats: 200,
                seed: 7,
            },
            &Catalog::embedded(),
        )
    }

    /// Diff, apply, apply the inverse: back and forth between the two sessions.
    fn round_trip(before: &Session, after: &Session) -> Patch {
        let patch = Patch::diff(before, after);
        let mut s = after.clone();
        let redo = patch.clone().apply(&mut s);
        assert_eq!(&s, before);
        let again = redo.apply(&mut s);
        assert_eq!(&s, after);
        assert_eq!(again, patch);
        patch
    }

    #[test]
    fn one_changed_record_costs_one_record() {
        let before = big();
        let mut after = before.clone();
        after.threats[57].name.push('!');
        let patch = round_trip(&before, &after);
        assert_eq!(patch.size(), 1, "{patch:?}");
    }

    #[test]
    fn inserts_deletes_and_moves_keep_only_the_range_that_changed() {
        let before = big();
        let mut after = before.clone();
        let t = after.threats.remove(10);
        after.threats.insert(11, t);
        after.mitigations.remove(3);
        after.mitigations.push(before.mitigations[0].clone());
        after.business.domain = "changed".into();
        let patch = round_trip(&before, &after);
        // 2 moved threats, the mitigations from index 3 to the end, the business section.
        let mitigations = before.mitigations.len() - 3;
        assert_eq!(patch.size(), 2 + mitigations + 1);
    }

    #[test]
    fn a_patch_of_one_card_names_it_and_others_do_not() {
        let before = big();
        let mut after = before.clone();
        after.threats[57].severity = None;
        let patch = Patch::diff(&before, &after);
        assert_eq!(patch.single_threat(), Some((57, &before.threats[57])));
        let change = Change::new(1, 2, &patch);
        assert_eq!(change.threat, Some((57, before.threats[57].clone())));
        // The inverse holds the edited card: undoing is a one-card change too.
        let mut s = after.clone();
        let redo = patch.apply(&mut s);
        assert_eq!(redo.single_threat(), Some((57, &after.threats[57])));

        assert!(change.register && !change.chains);
        let mut reviewed = before.clone();
        reviewed.business.domain = "changed".into();
        reviewed.chains.pop();
        let change = Change::new(1, 2, &Patch::diff(&before, &reviewed));
        assert!(!change.register && change.chains && change.threat.is_none());

        after.mitigations.pop();
        assert_eq!(Patch::diff(&before, &after).single_threat(), None);
        let mut inserted = before.clone();
        inserted.threats.insert(3, before.threats[0].clone());
        assert_eq!(Patch::diff(&before, &inserted).single_threat(), None);
    }

    #[test]
    fn a_patch_of_one_insert_or_removal_names_it_and_its_undo_the_inverse() {
        let before = big();
        let mut after = before.clone();
        after.threats.insert(5, before.threats[0].clone());
        after.threats[5].id = "NEW".into();
        after.business.domain = "changed".into();
        let patch = Patch::diff(&before, &after);
        assert_eq!(patch.spliced(), Some(Spliced::ThreatInserted(5)));
        assert_eq!(patch, {
            let mut p = Snapshot::take(&before, &[PartKind::business]).diff(&after);
            p.extend(Patch::inserted::<Threat>(5));
            p
        });
        let change = Change::new(1, 2, &patch);
        assert!(change.threat.is_none() && change.register);
        let mut s = after.clone();
        let redo = patch.apply(&mut s);
        assert_eq!(s, before);
        assert_eq!(
            redo.spliced(),
            Some(Spliced::ThreatRemoved(
                5,
                Box::new(after.threats[5].clone())
            ))
        );

        let mut fewer = before.clone();
        let gone = fewer.mitigations.remove(2);
        let patch = Patch::diff(&before, &fewer);
        assert_eq!(
            patch.spliced(),
            Some(Spliced::MitigationRemoved(2, Box::new(gone)))
        );
        assert_eq!(
            Patch::record(2, before.mitigations[2].clone()).spliced(),
            None,
            "a change in place is no splice"
        );
        // Two register lists changed: no single splice.
        fewer.threats.pop();
        assert_eq!(Patch::diff(&before, &fewer).spliced(), None);
    }

    #[test]
    fn a_snapshot_of_the_touched_parts_gives_the_same_patch_as_the_whole() {
        let before = big();
        let mut after = before.clone();
        after.business.domain = "changed".into();
        after.analysis.assessed_layers.push(crate::vocab::Layer::L4);
        // Out of order and repeated: the snapshot puts them in the session's order.
        let kinds = [
            PartKind::chains,
            PartKind::analysis,
            PartKind::business,
            PartKind::analysis,
        ];
        let patch = Snapshot::take(&before, &kinds).diff(&after);
        assert_eq!(patch, Patch::diff(&before, &after));
        assert_eq!(patch.0.len(), 2, "the untouched chains are left out");
        assert!(Snapshot::take(&before, &kinds).diff(&before).is_empty());
    }

    #[test]
    fn equal_sessions_give_an_empty_patch() {
        let s = big();
        assert!(Patch::diff(&s, &s.clone()).is_empty());
        assert!(round_trip(&Session::default(), &s).size() > 0);
        assert!(round_trip(&s, &Session::default()).size() > 0);
    }
}
