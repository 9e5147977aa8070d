//! Property test of the three-way merge over random edit sequences from a common base:
//! the result always loads, validates and has no duplicate ids or dangling references;
//! when the two sides touch disjoint records and fields, it equals applying both.

use maestro_tm::catalog::Catalog;
use maestro_tm::merge::{Labels, dangling, merge};
use maestro_tm::session::{Mitigation, Session, Threat, links, storage, validate};
use maestro_tm::vocab::{
    Coverage, ImplementationStatus, MitigationStatus, MitigationType, Severity,
};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// An edit as generated: indexes pick records of the side being edited.
#[derive(Debug, Clone)]
enum Edit {
    Rename(usize, u8),
    Describe(usize, u8),
    Rate(usize, u8),
    AddThreat(u8),
    DeleteThreat(usize),
    AddMitigation(Vec<usize>),
    Address(usize, usize),
}

/// The same edit with the ids it touched, to replay on another session.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // a handful per test case
enum Applied {
    Rename(String, String),
    Describe(String, String),
    Rate(String, Severity),
    AddThreat(Threat),
    DeleteThreat(String),
    AddMitigation(Mitigation),
    Address(String, String),
}

fn mitigation(id: String, addresses: Vec<String>) -> Mitigation {
    Mitigation {
        otm: Default::default(),
        name: format!("Mitigation {id}"),
        id,
        catalog: String::new(),
        kind: MitigationType::Detective,
        description: String::new(),
        addresses,
        cost: None,
        effectiveness: None,
        status: MitigationStatus::Identified,
        implementation: ImplementationStatus::NotImplemented,
        coverage: Coverage::Full,
        owner: String::new(),
        attested: false,
        attestation: String::new(),
    }
}

fn base(threats: usize, mitigations: &[Vec<usize>]) -> Session {
    let mut s = Session::new("Property", "1", "2026-01-01");
    for i in 1..=threats {
        s.threats.push(Threat {
            id: format!("T{i}"),
            name: format!("Threat {i}"),
            ..Threat::default()
        });
    }
    for (i, picks) in mitigations.iter().enumerate() {
        let mut addresses: Vec<String> = picks
            .iter()
            .map(|p| format!("T{}", p % threats + 1))
            .collect();
        addresses.dedup();
        s.mitigations
            .push(mitigation(format!("M{}", i + 1), addresses));
    }
    s
}

const SEVERITIES: [Severity; 4] = [
    Severity::Low,
    Severity::Medium,
    Severity::High,
    Severity::Critical,
];

/// Resolves a generated edit against `s` (None when there is nothing to edit).
/// `used`: every id the side ever gave out (a deleted id is not given out again, as the
/// session's high-water marks ensure).
fn concrete(s: &Session, edit: &Edit, side: &str, used: &[String]) -> Option<Applied> {
    let threat = |i: usize| {
        s.threats
            .get(i % s.threats.len().max(1))
            .map(|t| t.id.clone())
    };
    Some(match edit {
        Edit::Rename(i, n) => Applied::Rename(threat(*i)?, format!("{side} name {n}")),
        Edit::Describe(i, n) => Applied::Describe(threat(*i)?, format!("{side} text {n}")),
        Edit::Rate(i, n) => Applied::Rate(threat(*i)?, SEVERITIES[*n as usize % 4]),
        Edit::AddThreat(n) => Applied::AddThreat(Threat {
            id: links::next_id("T", used.iter().map(String::as_str)),
            name: format!("{side} threat {n}"),
            ..Threat::default()
        }),
        Edit::DeleteThreat(i) => Applied::DeleteThreat(threat(*i)?),
        Edit::AddMitigation(picks) => {
            let mut addresses: Vec<String> = picks.iter().filter_map(|p| threat(*p)).collect();
            addresses.dedup();
            let id = links::next_id("M", used.iter().map(String::as_str));
            Applied::AddMitigation(mitigation(id, addresses))
        }
        Edit::Address(m, t) => {
            let m = s.mitigations.get(m % s.mitigations.len().max(1))?;
            Applied::Address(m.id.clone(), threat(*t)?)
        }
    })
}

fn apply(s: &mut Session, edit: &Applied) {
    let find = |s: &mut Session, id: &str| s.threats.iter_mut().position(|t| t.id == id);
    match edit {
        Applied::Rename(id, name) => {
            if let Some(i) = find(s, id) {
                s.threats[i].name = name.clone();
            }
        }
        Applied::Describe(id, text) => {
            if let Some(i) = find(s, id) {
                s.threats[i].description = text.clone();
            }
        }
        Applied::Rate(id, severity) => {
            if let Some(i) = find(s, id) {
                s.threats[i].severity = Some(*severity);
            }
        }
        Applied::AddThreat(t) => s.threats.push(t.clone()),
        Applied::DeleteThreat(id) => {
            s.threats.retain(|t| t.id != *id);
            links::unlink(s, "threat", id);
        }
        Applied::AddMitigation(m) => s.mitigations.push(m.clone()),
        Applied::Address(m, t) => {
            if let Some(m) = s.mitigations.iter_mut().find(|x| x.id == *m)
                && !m.addresses.contains(t)
            {
                m.addresses.push(t.clone());
            }
        }
    }
}

/// Applies generated edits one after the other; gives the side and the replayable edits.
/// Also gives the ids the side gave out.
fn edited(base: &Session, edits: &[Edit], side: &str) -> (Session, Vec<Applied>, BTreeSet<String>) {
    let mut s = base.clone();
    let mut applied = Vec::new();
    let mut used: Vec<String> = s.threats.iter().map(|t| t.id.clone()).collect();
    used.extend(s.mitigations.iter().map(|m| m.id.clone()));
    let from_base = used.len();
    for e in edits {
        if let Some(a) = concrete(&s, e, side, &used) {
            match &a {
                Applied::AddThreat(t) => used.push(t.id.clone()),
                Applied::AddMitigation(m) => used.push(m.id.clone()),
                _ => {}
            }
            let before = s.clone();
            apply(&mut s, &a);
            // Edits that changed nothing are not replayed.
            if s != before {
                applied.push(a);
            }
        }
    }
    let given = used[from_base..].iter().cloned().collect();
    (s, applied, given)
}

/// What a side changed against the base: (list, record, field), `*` for a whole record.
fn touched(base: &Session, side: &Session) -> BTreeSet<(String, String, String)> {
    let obj = |s: &Session| serde_json::to_value(s).unwrap();
    let (b, x) = (obj(base), obj(side));
    let mut out = BTreeSet::new();
    for list in ["threats", "mitigations"] {
        let records = |v: &Value| -> Vec<(String, Value)> {
            v.get(list)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|r| (r["id"].as_str().unwrap().to_string(), r.clone()))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (before, after) = (records(&b), records(&x));
        for (id, r) in &after {
            match before.iter().find(|(k, _)| k == id) {
                None => {
                    out.insert((list.into(), id.clone(), "*".into()));
                }
                Some((_, o)) if o != r => {
                    let (o, r) = (o.as_object().unwrap(), r.as_object().unwrap());
                    for key in o.keys().chain(r.keys()) {
                        if o.get(key) != r.get(key) {
                            out.insert((list.into(), id.clone(), key.clone()));
                        }
                    }
                }
                Some(_) => {}
            }
        }
        for (id, _) in &before {
            if !after.iter().any(|(k, _)| k == id) {
                out.insert((list.into(), id.clone(), "*".into()));
            }
        }
    }
    out
}

/// Whether two sides touched the same field, or one of them a whole record the other touched.
fn overlap(a: &BTreeSet<(String, String, String)>, b: &BTreeSet<(String, String, String)>) -> bool {
    a.iter().any(|(l, k, f)| {
        b.iter()
            .any(|(m, j, g)| l == m && k == j && (f == g || f == "*" || g == "*"))
    })
}

/// Threat ids a side deleted, and references a side added.
fn deleted(base: &Session, side: &Session) -> BTreeSet<String> {
    base.threats
        .iter()
        .filter(|t| side.threat(&t.id).is_none())
        .map(|t| t.id.clone())
        .collect()
}

/// Ids the side refers to more often than the base does.
fn new_references(base: &Session, side: &Session) -> BTreeSet<String> {
    let count = |s: &Session| {
        let mut counts = std::collections::BTreeMap::<String, usize>::new();
        for (_, id) in links::references(&mut s.clone()) {
            *counts.entry(id).or_default() += 1;
        }
        counts
    };
    let before = count(base);
    count(side)
        .into_iter()
        .filter(|(id, n)| before.get(id).is_none_or(|b| n > b))
        .map(|(id, _)| id)
        .collect()
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, n)| Edit::Rename(i, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, n)| Edit::Describe(i, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, n)| Edit::Rate(i, n)),
        any::<u8>().prop_map(Edit::AddThreat),
        any::<usize>().prop_map(Edit::DeleteThreat),
        prop::collection::vec(any::<usize>(), 0..3).prop_map(Edit::AddMitigation),
        (any::<usize>(), any::<usize>()).prop_map(|(m, t)| Edit::Address(m, t)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn merges_of_random_edit_sequences(
        threats in 1usize..6,
        mitigations in prop::collection::vec(prop::collection::vec(any::<usize>(), 0..3), 0..4),
        ours_edits in prop::collection::vec(edit_strategy(), 0..6),
        theirs_edits in prop::collection::vec(edit_strategy(), 0..6),
    ) {
        let catalog = Catalog::embedded();
        let base = base(threats, &mitigations);
        let (ours, _, ours_ids) = edited(&base, &ours_edits, "ours");
        let (theirs, theirs_applied, theirs_ids) = edited(&base, &theirs_edits, "theirs");
        let merged = merge(&base, &ours, &theirs, &Labels::default()).unwrap();
        let mut session = merged.session.clone();

        // Always: loads back, validates, no duplicate ids, no dangling references.
        let text = storage::to_text(&session, &Default::default());
        let loaded = storage::parse(std::path::Path::new("merged.toml"), &text).unwrap();
        prop_assert_eq!(&loaded.session, &session);
        let problems = validate::check(&session, &catalog);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        prop_assert!(dangling(&mut session).is_empty());

        // Disjoint sides: the merge is both edit sequences applied one after the other.
        let (a, b) = (touched(&base, &ours), touched(&base, &theirs));
        let cross_references = !deleted(&base, &theirs).is_disjoint(&new_references(&base, &ours))
            || !deleted(&base, &ours).is_disjoint(&new_references(&base, &theirs));
        // Both sides gave out one new id: replaying their edits on ours would mix them up.
        let same_new_ids = !ours_ids.is_disjoint(&theirs_ids);
        if !overlap(&a, &b) && !cross_references && !same_new_ids {
            let mut both = ours.clone();
            for edit in &theirs_applied {
                apply(&mut both, edit);
            }
            prop_assert!(merged.is_clean(), "{:?}", merged.session.conflicts);
            prop_assert_eq!(&merged.session, &both);
        }
    }
}
