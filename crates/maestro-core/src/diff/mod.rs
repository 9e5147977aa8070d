//! What changed between two versions of a session: the "delta from the previous
//! threat model" of phase 10, step 5.
//!
//! Threats, mitigations, components and phases get a detailed delta (renames, risk
//! level moves, status changes, layer moves); every other list of records is
//! compared by id, and the remaining sections as a whole. Two sessions are equal
//! exactly when the delta is empty (record order counts too).

mod render;

pub use render::{to_markdown, to_text};

use crate::catalog::Catalog;
use crate::risk;
use crate::session::{Component, Mitigation, Session, Threat};
use crate::vocab::{Layer, PhaseStatus, RiskLevel};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A record named in the delta.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rename {
    pub id: String,
    pub old: String,
    pub new: String,
}

/// Which risk figure moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RiskMeasure {
    /// Severity × likelihood.
    Inherent,
    /// What remains after the mitigations in place (phase 9), override included.
    Residual,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskChange {
    pub id: String,
    pub measure: RiskMeasure,
    /// `None`: not rated.
    pub old: Option<RiskLevel>,
    pub new: Option<RiskLevel>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub id: String,
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerChange {
    pub id: String,
    pub old: Vec<Layer>,
    pub new: Vec<Layer>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseChange {
    pub phase: u8,
    pub old: PhaseStatus,
    pub new: PhaseStatus,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ThreatDelta {
    pub added: Vec<Named>,
    pub removed: Vec<Named>,
    pub renamed: Vec<Rename>,
    pub risk: Vec<RiskChange>,
    /// Ids whose other fields changed.
    pub modified: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct MitigationDelta {
    pub added: Vec<Named>,
    pub removed: Vec<Named>,
    /// Status, implementation and coverage changes.
    pub changes: Vec<FieldChange>,
    pub modified: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ComponentDelta {
    pub added: Vec<Named>,
    pub removed: Vec<Named>,
    pub layers: Vec<LayerChange>,
    pub modified: Vec<String>,
}

/// Added, removed and changed records of one other kind (by the session's key).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordDelta {
    /// The session's key of the list, e.g. `flows`, `residual_risks`.
    pub kind: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub modified: Vec<String>,
}

/// Everything that differs between two sessions.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SessionDiff {
    pub threats: ThreatDelta,
    pub mitigations: MitigationDelta,
    pub components: ComponentDelta,
    pub phases: Vec<PhaseChange>,
    pub records: Vec<RecordDelta>,
    /// Single sections (session info, business context, summary, …) that changed.
    pub sections: Vec<String>,
    /// Lists whose records are the same but in another order.
    pub reordered: Vec<String>,
}

impl SessionDiff {
    pub fn is_empty(&self) -> bool {
        *self == SessionDiff::default()
    }
}

/// Lists with a detailed delta of their own.
const DETAILED: &[&str] = &["threats", "mitigations", "components", "phases"];

/// Records present in only one side, and pairs present in both, in list order.
struct Matched<'a, T> {
    added: Vec<&'a T>,
    removed: Vec<&'a T>,
    both: Vec<(&'a T, &'a T)>,
}

fn match_by_id<'a, T>(old: &'a [T], new: &'a [T], id: impl Fn(&T) -> &str) -> Matched<'a, T> {
    let old_by_id: BTreeMap<&str, &T> = old.iter().map(|r| (id(r), r)).collect();
    let new_ids: BTreeSet<&str> = new.iter().map(&id).collect();
    Matched {
        added: new
            .iter()
            .filter(|r| !old_by_id.contains_key(id(r)))
            .collect(),
        removed: old.iter().filter(|r| !new_ids.contains(id(r))).collect(),
        both: new
            .iter()
            .filter_map(|n| old_by_id.get(id(n)).map(|o| (*o, n)))
            .collect(),
    }
}

/// Records that have an id and a name.
trait Labeled {
    fn label(&self) -> Named;
}

macro_rules! labeled {
    ($($t:ty),+) => {$(
        impl Labeled for $t {
            fn label(&self) -> Named {
                Named { id: self.id.clone(), name: self.name.clone() }
            }
        }
    )+};
}
labeled!(Threat, Mitigation, Component);

fn named<T: Labeled>(records: &[&T]) -> Vec<Named> {
    records.iter().map(|r| r.label()).collect()
}

fn threats(old: &Session, new: &Session, catalog: &Catalog) -> ThreatDelta {
    let m = match_by_id(&old.threats, &new.threats, |t| &t.id);
    // One index per side, so each matched pair costs O(1) lookups.
    let (old_index, new_index) = (risk::Index::new(old), risk::Index::new(new));
    let mut delta = ThreatDelta {
        added: named(&m.added),
        removed: named(&m.removed),
        ..ThreatDelta::default()
    };
    for (o, n) in m.both {
        if o.name != n.name {
            delta.renamed.push(Rename {
                id: n.id.clone(),
                old: o.name.clone(),
                new: n.name.clone(),
            });
        }
        let figures = [
            (
                RiskMeasure::Inherent,
                risk::inherent(o, catalog),
                risk::inherent(n, catalog),
            ),
            (
                RiskMeasure::Residual,
                risk::residual_with(&old_index, old, o, catalog).level,
                risk::residual_with(&new_index, new, n, catalog).level,
            ),
        ];
        for (measure, before, after) in figures {
            if before != after {
                delta.risk.push(RiskChange {
                    id: n.id.clone(),
                    measure,
                    old: before,
                    new: after,
                });
            }
        }
        let renamed_only = Threat {
            name: n.name.clone(),
            ..o.clone()
        };
        if renamed_only != *n {
            delta.modified.push(n.id.clone());
        }
    }
    delta
}

fn mitigations(old: &Session, new: &Session) -> MitigationDelta {
    let m = match_by_id(&old.mitigations, &new.mitigations, |m| &m.id);
    let mut delta = MitigationDelta {
        added: named(&m.added),
        removed: named(&m.removed),
        ..MitigationDelta::default()
    };
    for (o, n) in m.both {
        let fields = [
            ("status", o.status.as_str(), n.status.as_str()),
            (
                "implementation",
                o.implementation.as_str(),
                n.implementation.as_str(),
            ),
            ("coverage", o.coverage.as_str(), n.coverage.as_str()),
        ];
        for (field, before, after) in fields {
            if before != after {
                delta.changes.push(FieldChange {
                    id: n.id.clone(),
                    field: field.to_string(),
                    old: before.to_string(),
                    new: after.to_string(),
                });
            }
        }
        let reported_only = Mitigation {
            status: n.status,
            implementation: n.implementation,
            coverage: n.coverage,
            ..o.clone()
        };
        if reported_only != *n {
            delta.modified.push(n.id.clone());
        }
    }
    delta
}

fn components(old: &Session, new: &Session) -> ComponentDelta {
    let m = match_by_id(&old.components, &new.components, |c| &c.id);
    let mut delta = ComponentDelta {
        added: named(&m.added),
        removed: named(&m.removed),
        ..ComponentDelta::default()
    };
    for (o, n) in m.both {
        if o.layers != n.layers {
            delta.layers.push(LayerChange {
                id: n.id.clone(),
                old: o.layers.clone(),
                new: n.layers.clone(),
            });
        }
        let moved_only = Component {
            layers: n.layers.clone(),
            ..o.clone()
        };
        if moved_only != *n {
            delta.modified.push(n.id.clone());
        }
    }
    delta
}

fn phases(old: &Session, new: &Session) -> Vec<PhaseChange> {
    let numbers: BTreeSet<u8> = old
        .phases
        .iter()
        .chain(&new.phases)
        .map(|p| p.phase)
        .collect();
    numbers
        .into_iter()
        .filter_map(|phase| {
            let (before, after) = (old.phase_status(phase), new.phase_status(phase));
            (before != after).then_some(PhaseChange {
                phase,
                old: before,
                new: after,
            })
        })
        .collect()
}

/// Phases whose record changed beyond the status move reported in `phases`: ticked
/// criteria, notes, or a record that appeared or went away without a status move.
fn phase_records(
    old: &Session,
    new: &Session,
    status_moves: &[PhaseChange],
) -> Option<RecordDelta> {
    let numbers: BTreeSet<u8> = old
        .phases
        .iter()
        .chain(&new.phases)
        .map(|p| p.phase)
        .collect();
    let modified: Vec<String> = numbers
        .into_iter()
        .filter(|n| {
            let before = old.phases.iter().find(|p| p.phase == *n);
            let after = new.phases.iter().find(|p| p.phase == *n);
            let rest = |p: Option<&crate::session::PhaseProgress>| {
                p.map(|p| (p.checked.clone(), p.notes.clone()))
                    .unwrap_or_default()
            };
            let moved = status_moves.iter().any(|c| c.phase == *n);
            rest(before) != rest(after) || (before.is_some() != after.is_some() && !moved)
        })
        .map(|n| n.to_string())
        .collect();
    (!modified.is_empty()).then(|| RecordDelta {
        kind: "phases".to_string(),
        added: Vec::new(),
        removed: Vec::new(),
        modified,
    })
}

/// The key that identifies a record of a list in the session file.
pub fn record_key(kind: &str, record: &Value, index: usize) -> String {
    let field = |name: &str| {
        record
            .get(name)
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
    };
    match kind {
        "phases" => field("phase"),
        "reviews" => match (field("item"), field("layer")) {
            (Some(item), Some(layer)) => Some(format!("{item}@{layer}")),
            _ => None,
        },
        "signoffs" => field("name"),
        _ => field("id"),
    }
    .filter(|k| !k.is_empty())
    .unwrap_or_else(|| format!("#{}", index + 1))
}

/// Generic comparison of the session as JSON: lists by key, the rest by section.
fn generic(old: &Session, new: &Session, diff: &mut SessionDiff) {
    let as_object = |s: &Session| match serde_json::to_value(s) {
        Ok(Value::Object(o)) => o,
        _ => Default::default(),
    };
    let (old_obj, new_obj) = (as_object(old), as_object(new));
    let empty = Value::Array(Vec::new());
    // Keys in the order the session writes them.
    let template = as_object(&Session::default());
    let mut keys: Vec<&String> = template.keys().collect();
    for key in old_obj.keys().chain(new_obj.keys()) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let list_keys: BTreeSet<&str> = ["phases"]
        .into_iter()
        .chain(
            old_obj
                .iter()
                .chain(&new_obj)
                .filter(|(_, v)| v.is_array())
                .map(|(k, _)| k.as_str()),
        )
        .collect();
    for key in keys {
        let before = old_obj.get(key);
        let after = new_obj.get(key);
        if !list_keys.contains(key.as_str()) {
            if before != after {
                diff.sections.push(key.clone());
            }
            continue;
        }
        let items = |v: Option<&Value>| -> Vec<(String, Value)> {
            v.unwrap_or(&empty)
                .as_array()
                .map(|a| {
                    a.iter()
                        .enumerate()
                        .map(|(i, r)| (record_key(key, r, i), r.clone()))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (before, after) = (items(before), items(after));
        let before_keys: Vec<&String> = before.iter().map(|(k, _)| k).collect();
        let after_keys: Vec<&String> = after.iter().map(|(k, _)| k).collect();
        let same_set = before_keys.iter().collect::<BTreeSet<_>>()
            == after_keys.iter().collect::<BTreeSet<_>>();
        if same_set && before_keys != after_keys {
            diff.reordered.push(key.clone());
        }
        if DETAILED.contains(&key.as_str()) {
            continue;
        }
        let old_map: BTreeMap<&String, &Value> = before.iter().map(|(k, v)| (k, v)).collect();
        let new_map: BTreeMap<&String, &Value> = after.iter().map(|(k, v)| (k, v)).collect();
        let mut delta = RecordDelta {
            kind: key.clone(),
            added: Vec::new(),
            removed: Vec::new(),
            modified: Vec::new(),
        };
        for (k, v) in &after {
            match old_map.get(k) {
                None => delta.added.push(k.clone()),
                Some(o) if *o != v => delta.modified.push(k.clone()),
                Some(_) => {}
            }
        }
        for (k, _) in &before {
            if !new_map.contains_key(k) {
                delta.removed.push(k.clone());
            }
        }
        if !(delta.added.is_empty() && delta.removed.is_empty() && delta.modified.is_empty()) {
            diff.records.push(delta);
        }
    }
}

/// The delta from `old` to `new`; risk figures use the catalog's scoring rules.
pub fn diff(old: &Session, new: &Session, catalog: &Catalog) -> SessionDiff {
    let mut diff = SessionDiff {
        threats: threats(old, new, catalog),
        mitigations: mitigations(old, new),
        components: components(old, new),
        phases: phases(old, new),
        ..SessionDiff::default()
    };
    if let Some(records) = phase_records(old, new, &diff.phases) {
        diff.records.push(records);
    }
    generic(old, new, &mut diff);
    diff
}

#[cfg(test)]
mod tests;
