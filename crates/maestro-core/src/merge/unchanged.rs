//! Records that base, ours and theirs hold alike: left out of the field-level merge and
//! put back afterwards at their place in our order.
//!
//! The field-level merge works on generic trees (`serde_json::Value`), and building and
//! freeing those for a 10,000-threat session cost most of a merge's time, although a
//! merge of two branches touches a few hundred records at most. A record with the same
//! id and the same content on all three sides (each side holding that id once) merges
//! to itself whatever the rest does, so only the others go through the trees. The ids
//! left out stay in use for renumbering, and references to them count as present.

use crate::session::Session;
use std::collections::{HashMap, HashSet, VecDeque};

/// Ids of the unchanged records, by session key of their list.
#[derive(Debug, Default)]
pub(super) struct Unchanged {
    lists: HashMap<&'static str, HashSet<String>>,
}

/// Applies `$do!(key, field, id-of-record)` to each list worth leaving out: the
/// large lists of a session.
macro_rules! each_list {
    ($do:ident) => {
        $do!("threats", threats);
        $do!("mitigations", mitigations);
        $do!("residual_risks", residual_risks);
        $do!("components", components);
        $do!("flows", flows);
        $do!("assets", assets);
    };
}

impl Unchanged {
    pub(super) fn find(base: &Session, ours: &Session, theirs: &Session) -> Unchanged {
        let mut lists = HashMap::new();
        macro_rules! find {
            ($key:literal, $field:ident) => {
                let same = same_ids(&base.$field, &ours.$field, &theirs.$field, |r| &r.id);
                if !same.is_empty() {
                    lists.insert($key, same);
                }
            };
        }
        each_list!(find);
        Unchanged { lists }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// The ids left out of the list `key`.
    pub(super) fn ids(&self, key: &str) -> impl Iterator<Item = &str> {
        self.lists
            .get(key)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// `session` without the unchanged records.
    pub(super) fn without(&self, session: &Session) -> Session {
        let mut out = session.clone();
        macro_rules! drop_same {
            ($key:literal, $field:ident) => {
                if let Some(ids) = self.lists.get($key) {
                    out.$field.retain(|r| !ids.contains(r.id.as_str()));
                }
            };
        }
        each_list!(drop_same);
        out
    }

    /// Puts the unchanged records of `ours` back into `merged`, in our order.
    pub(super) fn put_back(&self, merged: &mut Session, ours: &Session) {
        macro_rules! put {
            ($key:literal, $field:ident) => {
                if let Some(ids) = self.lists.get($key) {
                    splice(&mut merged.$field, &ours.$field, ids, |r| &r.id);
                }
            };
        }
        each_list!(put);
    }
}

/// Ids whose record is the same on all three sides, each side holding the id once.
fn same_ids<T: PartialEq>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> &String,
) -> HashSet<String> {
    let (base_map, ours_map, theirs_map) = (index(base, &id), index(ours, &id), index(theirs, &id));
    ours_map
        .iter()
        .filter_map(|(k, o)| {
            let o = (*o)?;
            let b = base_map.get(k).copied().flatten()?;
            let t = theirs_map.get(k).copied().flatten()?;
            (o == b && o == t).then(|| (*k).to_string())
        })
        .collect()
}

/// Records by id; `None` for an id held twice (never "the same record").
fn index<'a, T>(list: &'a [T], id: &impl Fn(&T) -> &String) -> HashMap<&'a str, Option<&'a T>> {
    let mut map: HashMap<&'a str, Option<&'a T>> = HashMap::with_capacity(list.len());
    for r in list {
        map.entry(id(r).as_str())
            .and_modify(|slot| *slot = None)
            .or_insert(Some(r));
    }
    map
}

/// `merged` (without the `same` records) with them back: our order first (the same
/// records from `ours`, the others as merged), then the merged records that are not
/// ours (theirs, added), in their order.
fn splice<T: Clone>(
    merged: &mut Vec<T>,
    ours: &[T],
    same: &HashSet<String>,
    id: impl Fn(&T) -> &String,
) {
    let ours_ids: HashSet<&str> = ours.iter().map(|r| id(r).as_str()).collect();
    let mut from_ours: HashMap<String, VecDeque<T>> = HashMap::new();
    let mut tail = Vec::new();
    for r in std::mem::take(merged) {
        if ours_ids.contains(id(&r).as_str()) {
            from_ours.entry(id(&r).clone()).or_default().push_back(r);
        } else {
            tail.push(r);
        }
    }
    merged.reserve(ours.len() + tail.len());
    for o in ours {
        if same.contains(id(o).as_str()) {
            merged.push(o.clone());
        } else if let Some(r) = from_ours.get_mut(id(o)).and_then(VecDeque::pop_front) {
            merged.push(r);
        }
    }
    // More merged records under an id than ours has (not expected): kept, before theirs.
    for o in ours {
        if let Some(rest) = from_ours.get_mut(id(o)) {
            merged.extend(rest.drain(..));
        }
    }
    merged.extend(tail);
}
