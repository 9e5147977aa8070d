//! Record ids are never handed out twice: the session keeps, per id kind, the highest
//! number it ever used (`Session::id_high_water`), so deleting or merging T-005 does
//! not free `T-005` for the next new threat (tickets, commits and reports cite it).
//!
//! A kind is the id's prefix without a trailing dash or underscore: `T-005` → `T`,
//! `M-01` → `M`, `C7` → `C`, `ORG-T3` → `ORG-T`. `maestro-tm merge` takes the larger
//! mark of both sides.

use super::Session;
use std::collections::BTreeMap;

/// Kind → the highest number used so far.
pub type HighWater = BTreeMap<String, u32>;

/// Splits `T-005` into (`T`, 5); ids without a trailing number have no kind.
pub fn kind_and_number(id: &str) -> Option<(&str, u32)> {
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 9 {
        return None;
    }
    let (head, number) = id.split_at(id.len() - digits);
    let kind = head.trim_end_matches(['-', '_']);
    if kind.is_empty() {
        return None;
    }
    Some((kind, number.parse().ok()?))
}

/// Raises the mark of `id`'s kind to its number.
pub fn note(marks: &mut HighWater, id: &str) {
    let Some((kind, n)) = kind_and_number(id) else {
        return;
    };
    match marks.get_mut(kind) {
        Some(mark) => *mark = (*mark).max(n),
        None => {
            marks.insert(kind.to_string(), n);
        }
    }
}

/// The highest number ever used for ids with `prefix` (`T-`, `M-` or `C`).
pub fn used(session: &Session, prefix: &str) -> u32 {
    session
        .id_high_water
        .get(prefix.trim_end_matches(['-', '_']))
        .copied()
        .unwrap_or(0)
}

/// Notes every id in use in the session (after a load, so the mark covers records
/// written by tools that do not keep it).
pub fn note_all(session: &mut Session) {
    let mut marks = std::mem::take(&mut session.id_high_water);
    for id in all_ids(session) {
        note(&mut marks, id);
    }
    session.id_high_water = marks;
}

/// The ids of every record list of the session.
pub fn all_ids(s: &Session) -> impl Iterator<Item = &str> {
    s.assumptions
        .iter()
        .map(|x| x.id.as_str())
        .chain(s.components.iter().map(|x| x.id.as_str()))
        .chain(s.flows.iter().map(|x| x.id.as_str()))
        .chain(s.actors.iter().map(|x| x.id.as_str()))
        .chain(s.zones.iter().map(|x| x.id.as_str()))
        .chain(s.boundaries.iter().map(|x| x.id.as_str()))
        .chain(s.assets.iter().map(|x| x.id.as_str()))
        .chain(s.threats.iter().map(|x| x.id.as_str()))
        .chain(s.chains.iter().map(|x| x.id.as_str()))
        .chain(s.mitigations.iter().map(|x| x.id.as_str()))
        .chain(s.validations.iter().map(|x| x.id.as_str()))
        .chain(s.residual_risks.iter().map(|x| x.id.as_str()))
        .chain(s.roadmap.iter().map(|x| x.id.as_str()))
        .chain(s.triggers.iter().map(|x| x.id.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_drop_the_separator_before_the_number() {
        assert_eq!(kind_and_number("T-005"), Some(("T", 5)));
        assert_eq!(kind_and_number("M-01"), Some(("M", 1)));
        assert_eq!(kind_and_number("C7"), Some(("C", 7)));
        assert_eq!(kind_and_number("ORG-T3"), Some(("ORG-T", 3)));
        assert_eq!(kind_and_number("RM_12"), Some(("RM", 12)));
        assert_eq!(kind_and_number("T-"), None);
        assert_eq!(kind_and_number("42"), None);
        assert_eq!(kind_and_number("T99999999999"), None);
    }

    #[test]
    fn the_mark_only_rises() {
        let mut marks = HighWater::new();
        note(&mut marks, "T-005");
        note(&mut marks, "T-002");
        note(&mut marks, "CH-001");
        assert_eq!(marks.get("T"), Some(&5));
        assert_eq!(marks.get("CH"), Some(&1));
        let mut s = Session {
            id_high_water: marks,
            ..Session::default()
        };
        assert_eq!(used(&s, "T-"), 5);
        assert_eq!(used(&s, "M-"), 0);
        s.threats.push(crate::session::Threat {
            id: "T-009".into(),
            ..Default::default()
        });
        note_all(&mut s);
        assert_eq!(used(&s, "T"), 9);
    }
}

/// The id of a record of one of the session's lists (`None` for lists without ids).
pub trait RecordId {
    fn record_id(&self) -> Option<&str>;
}

macro_rules! record_ids {
    (with { $($with:ty),* } without { $($without:ty),* }) => {
        $(impl RecordId for $with {
            fn record_id(&self) -> Option<&str> {
                Some(&self.id)
            }
        })*
        $(impl RecordId for $without {
            fn record_id(&self) -> Option<&str> {
                None
            }
        })*
    };
}

use super::model::*;
record_ids! {
    with {
        Assumption, Component, DataFlow, ThreatActor, TrustZone, TrustBoundary, Asset,
        Threat, ThreatChain, Mitigation, CodeValidation, ResidualRisk, RemediationItem,
        UpdateTrigger
    }
    without { PhaseProgress, Review, SignOff, MergeConflict }
}

/// Notes the ids of `old` records that `now` no longer holds (after an edit replaced
/// `old` by `now`): their numbers must not be handed out again.
pub fn note_removed<T: RecordId>(marks: &mut HighWater, old: &[T], now: &[T]) {
    if old.iter().all(|r| r.record_id().is_none()) {
        return;
    }
    let kept: std::collections::HashSet<&str> = now.iter().filter_map(T::record_id).collect();
    for id in old.iter().filter_map(T::record_id) {
        if !kept.contains(id) {
            note(marks, id);
        }
    }
}
