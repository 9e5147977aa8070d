//! Long because the record-by-record merge is one algorithm over every list of the session (conflict resolution and the unchanged fast path are already in `resolve` and `unchanged`).
//!
//! Three-way merge of sessions, for `maestro-tm merge` as a git merge driver.
//!
//! The merge works on records and fields, by key (the same keys `diff` uses: ids,
//! phase numbers, `item@layer`): changes to different records or different fields
//! merge cleanly; lists of ids (a mitigation's `addresses`, a threat's components)
//! merge as sets; a field changed both ways becomes a [`MergeConflict`] kept inside the
//! session (the session holds our value until it is resolved), never text markers.
//!
//! Records added on both sides under the same new id are both kept: theirs is
//! renumbered past every id in use, and every reference to it on their side follows
//! (`links::rename`). A record deleted on one side but still referred to by the other
//! side's changes comes back from the base, with a conflict that says so, so the result
//! never has a dangling reference.

mod resolve;
mod unchanged;

pub use resolve::{Choice, ResolveError, conflict_problems, describe, resolve, show_value};

use crate::diff::record_key;
use crate::session::{MergeConflict, Session, links};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Who stands behind each side, and the date written into new conflict records.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Labels {
    pub ours: String,
    pub theirs: String,
    /// YYYY-MM-DD.
    pub date: String,
}

/// A record of theirs that got a new id because ours added another under the same id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renumbered {
    /// Session key of the list, e.g. `threats`.
    pub section: String,
    pub old: String,
    pub new: String,
}

/// The merged session and what the merge had to decide.
#[derive(Debug, Clone)]
pub struct Merged {
    pub session: Session,
    /// Conflicts this merge found (the session may also carry older, unresolved ones).
    pub new_conflicts: usize,
    pub renumbered: Vec<Renumbered>,
}

impl Merged {
    pub fn is_clean(&self) -> bool {
        self.new_conflicts == 0
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the merged session does not fit the session model: {0}")]
pub struct MergeError(String);

/// Lists of ids whose order means something: they are not merged as sets.
const ORDERED_LISTS: &[&str] = &["steps"];

/// Merges `ours` and `theirs`, two descendants of `base`.
pub fn merge(
    base: &Session,
    ours: &Session,
    theirs: &Session,
    labels: &Labels,
) -> Result<Merged, MergeError> {
    merge_leaving_out(base, ours, theirs, labels, true)
}

/// [`merge`]; `leave_out` false sends every record through the generic trees (the
/// tests compare both ways).
fn merge_leaving_out(
    base: &Session,
    ours: &Session,
    theirs: &Session,
    labels: &Labels,
    leave_out: bool,
) -> Result<Merged, MergeError> {
    // Records alike on all three sides skip the generic trees (see `unchanged`).
    let unchanged = if leave_out {
        unchanged::Unchanged::find(base, ours, theirs)
    } else {
        unchanged::Unchanged::default()
    };
    let full_ours = ours;
    let reduced;
    let (base, ours, theirs) = if unchanged.is_empty() {
        (base, ours, theirs)
    } else {
        reduced = [base, ours, theirs].map(|s| unchanged.without(s));
        (&reduced[0], &reduced[1], &reduced[2])
    };
    let base_o = to_object(base)?;
    let mut ours_o = to_object(ours)?;
    let mut theirs_o = to_object(theirs)?;
    let renumbered = renumber_collisions(&base_o, &ours_o, &mut theirs_o, theirs, &unchanged)?;
    let ours_ids = referenced_ids(&ours_o);

    let mut merger = Merger {
        labels,
        conflicts: Vec::new(),
    };
    let mut keys: Vec<String> = ours_o.keys().cloned().collect();
    for key in base_o.keys().chain(theirs_o.keys()) {
        if !keys.contains(key) {
            keys.push(key.clone());
        }
    }
    let mut merged = Map::new();
    for key in keys {
        // Ours is taken, not copied: most records of a large session come out as ours.
        let o = ours_o.remove(&key);
        let (b, t) = (base_o.get(&key), theirs_o.get(&key));
        if key == "conflicts" {
            let conflicts = union_of_conflicts(b, o.as_ref(), t);
            merged.insert(key, Value::Array(conflicts));
            continue;
        }
        let is_list = [b, o.as_ref(), t].iter().flatten().any(|v| v.is_array());
        let value = if is_list {
            Some(Value::Array(merger.records(&key, b, o, t)))
        } else {
            merger.value(b, o.as_ref(), t, &Place::section(&key))
        };
        if let Some(value) = value {
            merged.insert(key, value);
        }
    }
    drop(theirs_o);
    let mut session = from_object(merged)?;
    unchanged.put_back(&mut session, full_ours);
    let mut session = restore_referenced(&base_o, &ours_ids, session, &mut merger)?;
    let new_conflicts = merger.conflicts.len();
    session.conflicts.extend(merger.conflicts);
    Ok(Merged {
        session,
        new_conflicts,
        renumbered,
    })
}

pub(crate) fn to_object(session: &Session) -> Result<Map<String, Value>, MergeError> {
    match serde_json::to_value(session) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err(MergeError("a session is not a table".into())),
        Err(e) => Err(MergeError(e.to_string())),
    }
}

pub(crate) fn from_object(object: Map<String, Value>) -> Result<Session, MergeError> {
    serde_json::from_value(Value::Object(object)).map_err(|e| MergeError(e.to_string()))
}

/// The text a conflict stores for a value.
fn text(value: Option<&Value>) -> Option<String> {
    value.map(Value::to_string)
}

/// Where a value sits: the session key, the record key (empty for a section) and the
/// path inside.
#[derive(Debug, Clone)]
struct Place {
    section: String,
    record: String,
    field: Vec<String>,
}

impl Place {
    fn section(key: &str) -> Place {
        Place {
            section: key.to_string(),
            record: String::new(),
            field: Vec::new(),
        }
    }

    fn record(key: &str, record: &str) -> Place {
        Place {
            record: record.to_string(),
            ..Place::section(key)
        }
    }

    fn child(&self, key: &str) -> Place {
        let mut place = self.clone();
        place.field.push(key.to_string());
        place
    }
}

struct Merger<'a> {
    labels: &'a Labels,
    conflicts: Vec<MergeConflict>,
}

impl Merger<'_> {
    fn conflict(
        &mut self,
        place: &Place,
        base: Option<&Value>,
        ours: Option<&Value>,
        theirs: Option<&Value>,
    ) {
        self.conflicts.push(MergeConflict {
            section: place.section.clone(),
            record: place.record.clone(),
            field: place.field.clone(),
            base: text(base),
            ours: text(ours),
            theirs: text(theirs),
            ours_by: self.labels.ours.clone(),
            theirs_by: self.labels.theirs.clone(),
            detected: self.labels.date.clone(),
        });
    }

    /// Merges one value; `None` is a value absent (or deleted) on that side.
    fn value(
        &mut self,
        base: Option<&Value>,
        ours: Option<&Value>,
        theirs: Option<&Value>,
        place: &Place,
    ) -> Option<Value> {
        if ours == theirs || theirs == base {
            return ours.cloned();
        }
        if ours == base {
            return theirs.cloned();
        }
        let base_fits = |is: fn(&Value) -> bool| base.is_none_or(is);
        match (ours, theirs) {
            (Some(Value::Object(o)), Some(Value::Object(t))) if base_fits(Value::is_object) => {
                let mut merged = Map::new();
                for key in o.keys().chain(t.keys().filter(|k| !o.contains_key(*k))) {
                    let b = base.and_then(|b| b.get(key));
                    if let Some(v) = self.value(b, o.get(key), t.get(key), &place.child(key)) {
                        merged.insert(key.clone(), v);
                    }
                }
                Some(Value::Object(merged))
            }
            (Some(Value::Array(o)), Some(Value::Array(t)))
                if base_fits(is_scalar_list)
                    && is_scalar_list(ours?)
                    && is_scalar_list(theirs?)
                    && !place
                        .field
                        .last()
                        .is_some_and(|f| ORDERED_LISTS.contains(&f.as_str())) =>
            {
                let empty = Vec::new();
                let b = base.and_then(Value::as_array).unwrap_or(&empty);
                Some(Value::Array(set_merge(b, o, t)))
            }
            (Some(Value::Number(o)), Some(Value::Number(t))) if is_high_water(place) => {
                let (o, t) = (o.as_u64(), t.as_u64());
                Some(Value::from(o.max(t).unwrap_or_default()))
            }
            _ => {
                self.conflict(place, base, ours, theirs);
                ours.cloned()
            }
        }
    }

    /// Merges a list of records by key; our order, then the records only they added.
    fn records(
        &mut self,
        key: &str,
        base: Option<&Value>,
        ours: Option<Value>,
        theirs: Option<&Value>,
    ) -> Vec<Value> {
        let ours: Vec<Value> = match ours {
            Some(Value::Array(records)) => records,
            _ => Vec::new(),
        };
        let (base, theirs) = (keyed(key, base), keyed(key, theirs));
        let base_map = first_by_key(&base);
        let theirs_map = first_by_key(&theirs);
        let ours_keys: Vec<String> = ours
            .iter()
            .enumerate()
            .map(|(i, r)| record_key(key, r, i))
            .collect();
        let ours_set: HashSet<&str> = ours_keys.iter().map(String::as_str).collect();
        let mut merged = Vec::with_capacity(ours.len().max(theirs.len()));
        for (k, o) in ours_keys.iter().zip(ours) {
            match (base_map.get(k.as_str()), theirs_map.get(k.as_str())) {
                // Untouched by them (or changed the same way): ours as it is.
                (Some(b), Some(t)) if o == **t || **t == **b => merged.push(o),
                (Some(b), Some(t)) => {
                    let place = Place::record(key, k);
                    merged.extend(self.value(Some(b), Some(&o), Some(t), &place));
                }
                (Some(b), None) => {
                    // They deleted it: gone, unless we changed it meanwhile.
                    if o != **b {
                        self.conflict(&Place::record(key, k), Some(b), Some(&o), None);
                        merged.push(o);
                    }
                }
                (None, Some(t)) => {
                    let place = Place::record(key, k);
                    merged.extend(self.value(None, Some(&o), Some(t), &place));
                }
                (None, None) => merged.push(o),
            }
        }
        for (k, t) in &theirs {
            if ours_set.contains(k.as_str()) {
                continue;
            }
            match base_map.get(k.as_str()) {
                // We deleted it: gone, unless they changed it meanwhile.
                Some(b) if t == b => {}
                Some(b) => {
                    self.conflict(&Place::record(key, k), Some(b), None, Some(t));
                    merged.push((*t).clone());
                }
                None => merged.push((*t).clone()),
            }
        }
        merged
    }
}

fn is_scalar_list(v: &Value) -> bool {
    v.as_array()
        .is_some_and(|a| a.iter().all(|x| !x.is_array() && !x.is_object()))
}

/// A counter of ids handed out: merged as the larger of the two.
fn is_high_water(place: &Place) -> bool {
    std::iter::once(&place.section)
        .chain(&place.field)
        .any(|s| s.contains("next_id") || s.contains("high_water"))
}

/// Ours, less what they removed, plus what they added (in their order).
fn set_merge(base: &[Value], ours: &[Value], theirs: &[Value]) -> Vec<Value> {
    let removed: Vec<&Value> = base.iter().filter(|b| !theirs.contains(b)).collect();
    let mut merged: Vec<Value> = ours
        .iter()
        .filter(|o| !removed.contains(o))
        .cloned()
        .collect();
    for t in theirs {
        if !base.contains(t) && !merged.contains(t) {
            merged.push(t.clone());
        }
    }
    merged
}

/// The records of a list with their keys.
fn keyed<'v>(key: &str, list: Option<&'v Value>) -> Vec<(String, &'v Value)> {
    list.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .enumerate()
                .map(|(i, r)| (record_key(key, r, i), r))
                .collect()
        })
        .unwrap_or_default()
}

fn first_by_key<'a, 'v>(records: &'a [(String, &'v Value)]) -> HashMap<&'a str, &'v Value> {
    let mut map = HashMap::with_capacity(records.len());
    for (k, v) in records {
        map.entry(k.as_str()).or_insert(*v);
    }
    map
}

/// Lists whose records are keyed by `id` (the others by phase, item@layer or name).
fn keyed_by_id(key: &str) -> bool {
    !matches!(key, "phases" | "reviews" | "signoffs" | "conflicts")
}

fn ids_of(list: Option<&Value>) -> Vec<&str> {
    list.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|r| r.get("id").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default()
}

/// Records both sides added under one new id, with different content: theirs gets the
/// next free id of the same prefix, and their references follow.
fn renumber_collisions(
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &mut Map<String, Value>,
    theirs_session: &Session,
    unchanged: &unchanged::Unchanged,
) -> Result<Vec<Renumbered>, MergeError> {
    let mut renumbered = Vec::new();
    for (key, list) in theirs.iter() {
        if !list.is_array() || !keyed_by_id(key) {
            continue;
        }
        let base_ids: HashSet<&str> = ids_of(base.get(key)).into_iter().collect();
        let ours_added: HashMap<&str, &Value> = ours
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| Some((r.get("id")?.as_str()?, r)))
            .filter(|(id, _)| !base_ids.contains(id))
            .collect();
        let mut in_use: Vec<String> = [base.get(key), ours.get(key), Some(list)]
            .into_iter()
            .flat_map(ids_of)
            .chain(unchanged.ids(key))
            .map(str::to_string)
            .collect();
        let mut seen = BTreeSet::new();
        for record in list.as_array().into_iter().flatten() {
            let Some(id) = record.get("id").and_then(Value::as_str) else {
                continue;
            };
            if base_ids.contains(id) || !seen.insert(id) {
                continue;
            }
            if ours_added.get(id).is_some_and(|o| *o != record) {
                let prefix = id.trim_end_matches(|c: char| c.is_ascii_digit());
                let new = links::next_id(prefix, in_use.iter().map(String::as_str));
                in_use.push(new.clone());
                renumbered.push(Renumbered {
                    section: key.clone(),
                    old: id.to_string(),
                    new,
                });
            }
        }
    }
    if renumbered.is_empty() {
        return Ok(renumbered);
    }
    if renumbered
        .iter()
        .any(|r| links::kind_of_list(&r.section).is_some())
    {
        let mut renamed = theirs_session.clone();
        let map: HashMap<(String, String), String> = renumbered
            .iter()
            .filter_map(|r| {
                let kind = links::kind_of_list(&r.section)?;
                Some(((kind.to_string(), r.old.clone()), r.new.clone()))
            })
            .collect();
        links::rename_all(&mut renamed, &map);
        *theirs = to_object(&renamed)?;
    }
    // The first record of theirs under each old id (not in the base, so theirs) moves.
    let mut by_list: HashMap<&str, HashMap<&str, &str>> = HashMap::new();
    for r in &renumbered {
        by_list
            .entry(r.section.as_str())
            .or_default()
            .entry(r.old.as_str())
            .or_insert(r.new.as_str());
    }
    for (section, moves) in by_list {
        let mut moves = moves;
        for record in theirs
            .get_mut(section)
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            let Some(id) = record.get("id").and_then(Value::as_str) else {
                continue;
            };
            if let Some(new) = moves.remove(id) {
                record["id"] = Value::String(new.to_string());
            }
        }
    }
    Ok(renumbered)
}

/// Conflict records of both sides (a conflict resolved on either side stays resolved).
fn union_of_conflicts(
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
) -> Vec<Value> {
    let list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
    let (base, ours, theirs) = (list(base), list(ours), list(theirs));
    let mut merged: Vec<Value> = ours
        .iter()
        .filter(|c| !base.contains(c) || theirs.contains(c))
        .cloned()
        .collect();
    for c in theirs {
        if !base.contains(&c) && !merged.contains(&c) {
            merged.push(c);
        }
    }
    merged
}

/// The merged session, with the records brought back from the base that one side
/// deleted while the other side's changes still refer to them; each comes with a
/// conflict (deleted on one side, kept on the other).
fn restore_referenced(
    base: &Map<String, Value>,
    ours_ids: &HashMap<&str, HashSet<String>>,
    mut session: Session,
    merger: &mut Merger<'_>,
) -> Result<Session, MergeError> {
    // The base's records by list and id, for the look-ups below.
    let mut base_records: HashMap<&str, HashMap<&str, &Value>> = HashMap::new();
    for (_, list) in links::REFERENCED_KINDS {
        let records = base
            .get(*list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| Some((r.get("id")?.as_str()?, r)));
        let mut map = HashMap::new();
        for (id, r) in records {
            map.entry(id).or_insert(r);
        }
        base_records.insert(list, map);
    }
    // Each round can only bring back records of the base, so this ends.
    loop {
        let missing = dangling(&mut session);
        if missing.is_empty() {
            // The common case: no generic tree of the merged session is needed.
            return Ok(session);
        }
        let mut merged = to_object(&session)?;
        let mut restored = false;
        for (kind, id) in missing {
            let Some((_, list)) = links::REFERENCED_KINDS.iter().find(|(k, _)| *k == kind) else {
                continue;
            };
            let Some(record) = base_records
                .get(list)
                .and_then(|m| m.get(id.as_str()))
                .map(|r| (*r).clone())
            else {
                continue;
            };
            let place = Place::record(list, &id);
            if ours_ids
                .get(list)
                .is_some_and(|ids| ids.contains(id.as_str()))
            {
                merger.conflict(&place, Some(&record), Some(&record), None);
            } else {
                merger.conflict(&place, Some(&record), None, Some(&record));
            }
            let entry = merged
                .entry(list.to_string())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(records) = entry {
                records.push(record);
                restored = true;
            }
        }
        if !restored {
            return Ok(session);
        }
        session = from_object(merged)?;
    }
}

/// Our ids of every list other records refer to.
fn referenced_ids(ours: &Map<String, Value>) -> HashMap<&'static str, HashSet<String>> {
    links::REFERENCED_KINDS
        .iter()
        .map(|(_, list)| {
            let ids = ids_of(ours.get(*list)).into_iter().map(str::to_string);
            (*list, ids.collect())
        })
        .collect()
}

/// References to records that do not exist, as (kind, id), each once.
pub fn dangling(session: &mut Session) -> Vec<(&'static str, String)> {
    let references = links::references(session);
    let mut present: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut missing: Vec<(&'static str, String)> = Vec::new();
    let mut seen: HashSet<(&'static str, String)> = HashSet::new();
    for (kind, id) in references {
        let known = present
            .entry(kind)
            .or_insert_with(|| links::ids_of_kind(session, kind).into_iter().collect());
        if !known.contains(id.as_str()) && seen.insert((kind, id.clone())) {
            missing.push((kind, id));
        }
    }
    missing
}

#[cfg(test)]
mod tests;
