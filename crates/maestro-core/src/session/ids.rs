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

/// How a kind of record writes the number of its ids. Each kind keeps the format its
/// sessions already have (ids are cited in tickets and commits): threats `T-001`,
/// mitigations `M-01`, components `C7`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Padding {
    /// At least this many digits (`T-001`: 3; `C7`: 1).
    Fixed(usize),
    /// As many digits as the highest-numbered id present, or this many when there is
    /// none (`M-01` … `M-29` → `M-30`; `UT-1`, `UT-6` → `UT-7`).
    Follow(usize),
}

/// The next id `<prefix><number>`: one past the highest number in use with `prefix` and
/// past `floor` (the kind's high-water mark, see [`used`]), so neither an id in use nor
/// one once used is handed out. One pass over `existing`: O(n), O(1) per id.
///
/// The number of an existing id is what follows `prefix` after any `-`/`_` (so `A-004`
/// counts as 4 for prefix `A`); ids with something else there are not of this kind.
pub fn next_id<'a>(
    prefix: &str,
    padding: Padding,
    existing: impl IntoIterator<Item = &'a str>,
    floor: u32,
) -> String {
    let highest = highest(prefix, existing);
    let next = highest.map_or(0, |(n, _)| n).max(floor).saturating_add(1);
    let width = match padding {
        Padding::Fixed(width) => width,
        Padding::Follow(default) => highest.map_or(default, |(_, width)| width),
    };
    format!("{prefix}{next:0width$}")
}

/// The number of [`next_id`], for a caller that numbers a run of new records itself.
pub fn next_number<'a>(
    prefix: &str,
    existing: impl IntoIterator<Item = &'a str>,
    floor: u32,
) -> u32 {
    highest(prefix, existing)
        .map_or(0, |(n, _)| n)
        .max(floor)
        .saturating_add(1)
}

/// The highest number among the ids of `prefix`, with its count of digits.
fn highest<'a>(prefix: &str, existing: impl IntoIterator<Item = &'a str>) -> Option<(u32, usize)> {
    let mut highest: Option<(u32, usize)> = None;
    for id in existing {
        let Some(digits) = id
            .strip_prefix(prefix)
            .map(|rest| rest.trim_start_matches(['-', '_']))
        else {
            continue;
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if let Ok(n) = digits.parse::<u32>()
            && highest.is_none_or(|(h, _)| n >= h)
        {
            highest = Some((n, digits.len()));
        }
    }
    highest
}

/// [`next_id`] above the session's high-water mark of the prefix's kind.
pub fn next_in<'a>(
    session: &Session,
    prefix: &str,
    padding: Padding,
    existing: impl IntoIterator<Item = &'a str>,
) -> String {
    next_id(prefix, padding, existing, used(session, prefix))
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
    fn next_id_continues_the_numbering_and_the_padding() {
        let follow = Padding::Follow(2);
        assert_eq!(next_id("M-", follow, ["M-01", "M-29", "X-40"], 0), "M-30");
        assert_eq!(next_id("M-", follow, [], 0), "M-01");
        assert_eq!(next_id("UT-", follow, ["UT-1", "UT-6"], 0), "UT-7");
        assert_eq!(next_id("M-", follow, ["M-99"], 0), "M-100");
        assert_eq!(
            next_id("T-", Padding::Fixed(3), ["T-001", "T-002"], 0),
            "T-003"
        );
        assert_eq!(next_id("CH-", Padding::Fixed(3), [], 0), "CH-001");
        assert_eq!(
            next_id("C", Padding::Fixed(1), ["C1", "C6", "DF2"], 0),
            "C7"
        );
        assert_eq!(next_id("A", Padding::Fixed(1), ["A-004"], 0), "A5");
    }

    #[test]
    fn next_id_skips_used_ids_and_other_kinds() {
        // Never an id in use, whatever order the list is in.
        let used = ["T-003", "T-001", "T-010", "T-002"];
        assert_eq!(next_id("T-", Padding::Fixed(3), used, 0), "T-011");
        // `C` is not the kind of `CH-004`, nor `T-` of `T-x1` or `TA3`.
        assert_eq!(next_id("C", Padding::Fixed(1), ["C2", "CH-004"], 0), "C3");
        assert_eq!(
            next_id("T-", Padding::Fixed(3), ["T-x1", "TA3"], 0),
            "T-001"
        );
    }

    #[test]
    fn next_id_never_reuses_a_deleted_number() {
        // T-005 was deleted: the mark keeps 5, so the next threat is T-006, not T-005.
        let mut s = Session::default();
        for id in ["T-001", "T-005"] {
            s.threats.push(crate::session::Threat {
                id: id.into(),
                ..Default::default()
            });
        }
        note_all(&mut s);
        let before = s.threats.clone();
        s.threats.pop();
        note_removed(&mut s.id_high_water, &before, &s.threats);
        let existing = s.threats.iter().map(|t| t.id.as_str());
        assert_eq!(next_in(&s, "T-", Padding::Fixed(3), existing), "T-006");
        // Without the mark the number would come back.
        assert_eq!(next_id("T-", Padding::Fixed(3), ["T-001"], 0), "T-002");
        assert_eq!(next_number("RM-", ["RM-2"], 7), 8);
        // A mark below the ids in use does not lower the next one.
        assert_eq!(next_id("M-", Padding::Follow(2), ["M-07"], 3), "M-08");
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
