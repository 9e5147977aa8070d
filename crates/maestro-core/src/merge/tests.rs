use super::*;
use crate::session::{Mitigation, Threat};
use crate::vocab::{Coverage, ImplementationStatus, MitigationStatus, MitigationType, Severity};

fn threat(id: &str, name: &str) -> Threat {
    Threat {
        id: id.into(),
        name: name.into(),
        ..Threat::default()
    }
}

fn mitigation(id: &str, addresses: &[&str]) -> Mitigation {
    Mitigation {
        otm: Default::default(),
        id: id.into(),
        name: format!("mitigation {id}"),
        catalog: String::new(),
        kind: MitigationType::Preventive,
        description: String::new(),
        addresses: addresses.iter().map(|s| s.to_string()).collect(),
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

fn base() -> Session {
    let mut s = Session::new("Base", "1", "2026-01-01");
    s.threats = vec![
        threat("T1", "Prompt injection"),
        threat("T2", "Tool misuse"),
    ];
    s.mitigations = vec![mitigation("M1", &["T1"])];
    s
}

fn labels() -> Labels {
    Labels {
        ours: "alice".into(),
        theirs: "bob".into(),
        date: "2026-12-05".into(),
    }
}

fn run(base: &Session, ours: &Session, theirs: &Session) -> Merged {
    merge(base, ours, theirs, &labels()).expect("merges")
}

#[test]
fn different_fields_of_one_record_merge_cleanly() {
    let b = base();
    let mut ours = b.clone();
    ours.threats[0].description = "ours".into();
    let mut theirs = b.clone();
    theirs.threats[0].severity = Some(Severity::High);
    let m = run(&b, &ours, &theirs);
    assert!(m.is_clean());
    assert_eq!(m.session.threats[0].description, "ours");
    assert_eq!(m.session.threats[0].severity, Some(Severity::High));
    assert!(m.session.conflicts.is_empty());
}

#[test]
fn one_field_changed_both_ways_is_a_conflict_record_and_the_file_still_loads() {
    let b = base();
    let mut ours = b.clone();
    ours.threats[1].name = "Tool abuse".into();
    let mut theirs = b.clone();
    theirs.threats[1].name = "Tool hijack".into();
    let m = run(&b, &ours, &theirs);
    assert_eq!(m.new_conflicts, 1);
    assert_eq!(m.session.threats[1].name, "Tool abuse");
    let c = &m.session.conflicts[0];
    assert_eq!(describe(c), "threats T2 · name");
    assert_eq!(c.ours.as_deref(), Some("\"Tool abuse\""));
    assert_eq!(c.theirs.as_deref(), Some("\"Tool hijack\""));
    assert_eq!((c.ours_by.as_str(), c.theirs_by.as_str()), ("alice", "bob"));
    let text = crate::session::storage::to_text(&m.session, &Default::default());
    assert!(!text.contains("<<<<<<<"));
    let loaded = crate::session::storage::parse(std::path::Path::new("m.toml"), &text).unwrap();
    assert_eq!(loaded.session, m.session);
}

#[test]
fn resolving_theirs_takes_their_value_and_drops_the_record() {
    let b = base();
    let mut ours = b.clone();
    ours.threats[1].severity = Some(Severity::Low);
    let mut theirs = b.clone();
    theirs.threats[1].severity = Some(Severity::Critical);
    let m = run(&b, &ours, &theirs);
    let resolved = resolve(&m.session, 0, Choice::Theirs).unwrap();
    assert_eq!(resolved.threats[1].severity, Some(Severity::Critical));
    assert!(resolved.conflicts.is_empty());
    let kept = resolve(&m.session, 0, Choice::Ours).unwrap();
    assert_eq!(kept.threats[1].severity, Some(Severity::Low));
    let edited = resolve(&m.session, 0, Choice::Edited("\"High\"".into())).unwrap();
    assert_eq!(edited.threats[1].severity, Some(Severity::High));
    assert!(matches!(
        resolve(&m.session, 0, Choice::Edited("\"Apocalyptic\"".into())),
        Err(ResolveError::DoesNotFit(_))
    ));
    assert_eq!(
        resolve(&m.session, 3, Choice::Ours).unwrap_err(),
        ResolveError::NoSuchConflict(3)
    );
}

#[test]
fn same_new_id_on_both_sides_renumbers_theirs_and_its_references() {
    let b = base();
    let mut ours = b.clone();
    ours.threats.push(threat("T3", "Memory poisoning"));
    let mut theirs = b.clone();
    theirs.threats.push(threat("T3", "Goal manipulation"));
    theirs.mitigations.push(mitigation("M2", &["T3", "T1"]));
    let m = run(&b, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.session.conflicts);
    assert_eq!(
        m.renumbered,
        vec![Renumbered {
            section: "threats".into(),
            old: "T3".into(),
            new: "T4".into()
        }]
    );
    let names: Vec<(&str, &str)> = m
        .session
        .threats
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("T1", "Prompt injection"),
            ("T2", "Tool misuse"),
            ("T3", "Memory poisoning"),
            ("T4", "Goal manipulation")
        ]
    );
    assert_eq!(m.session.mitigation("M2").unwrap().addresses, ["T4", "T1"]);
}

#[test]
fn id_lists_merge_as_sets() {
    let mut b = base();
    b.threats.push(threat("T3", "Third"));
    let mut ours = b.clone();
    ours.mitigations[0].addresses.push("T2".into());
    let mut theirs = b.clone();
    theirs.mitigations[0].addresses = vec!["T3".into()];
    let m = run(&b, &ours, &theirs);
    assert!(m.is_clean());
    assert_eq!(m.session.mitigations[0].addresses, ["T2", "T3"]);
}

#[test]
fn a_record_deleted_but_referred_to_comes_back_with_a_conflict() {
    let b = base();
    let mut ours = b.clone();
    ours.mitigations.push(mitigation("M2", &["T2"]));
    let mut theirs = b.clone();
    theirs.threats.retain(|t| t.id != "T2");
    let mut m = run(&b, &ours, &theirs);
    assert!(m.session.threat("T2").is_some());
    assert!(dangling(&mut m.session).is_empty());
    assert_eq!(m.new_conflicts, 1);
    let c = &m.session.conflicts[0];
    assert_eq!(describe(c), "threats T2 (whole record)");
    assert!(c.ours.is_some() && c.theirs.is_none());
    // Taking their deletion removes the record and the references to it.
    let resolved = resolve(&m.session, 0, Choice::Theirs).unwrap();
    assert!(resolved.threat("T2").is_none());
    assert!(resolved.mitigation("M2").unwrap().addresses.is_empty());
}

#[test]
fn edit_against_delete_keeps_the_edit_with_a_conflict() {
    let b = base();
    let mut ours = b.clone();
    ours.threats.retain(|t| t.id != "T2");
    let mut theirs = b.clone();
    theirs.threats[1].description = "still matters".into();
    let m = run(&b, &ours, &theirs);
    assert_eq!(m.new_conflicts, 1);
    assert_eq!(m.session.threat("T2").unwrap().description, "still matters");
    assert!(m.session.conflicts[0].ours.is_none());
}

#[test]
fn deletions_and_additions_on_either_side_apply() {
    let b = base();
    let mut ours = b.clone();
    ours.threats.retain(|t| t.id != "T2");
    let mut theirs = b.clone();
    theirs.threats.push(threat("T3", "New"));
    let m = run(&b, &ours, &theirs);
    assert!(m.is_clean());
    let ids: Vec<&str> = m.session.threats.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["T1", "T3"]);
}

#[test]
fn older_conflicts_survive_unless_a_side_resolved_them() {
    let b = base();
    let mut with = b.clone();
    with.conflicts.push(MergeConflict {
        section: "threats".into(),
        record: "T1".into(),
        field: vec!["name".into()],
        ..MergeConflict::default()
    });
    let m = run(&with, &with, &b);
    assert!(m.session.conflicts.is_empty());
    let m = run(&b, &with, &b);
    assert_eq!(m.session.conflicts.len(), 1);
    assert_eq!(conflict_problems(&m.session).len(), 1);
}

/// Leaving the unchanged records out of the generic trees changes nothing: order,
/// conflicts, renumbering (past ids only the left-out records hold) and records
/// brought back because the other side still refers to them.
#[test]
fn leaving_unchanged_records_out_gives_the_same_merge() {
    let catalog = crate::catalog::Catalog::embedded();
    let base = crate::synth::generate(
        crate::synth::SynthParams {
            components: 12,
            threats: 60,
            seed: 7,
        },
        &catalog,
    );
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    for i in (0..base.threats.len()).step_by(7) {
        ours.threats[i].description = format!("ours {i}");
    }
    for i in (3..base.threats.len()).step_by(11) {
        theirs.threats[i].severity = Some(Severity::Critical);
    }
    ours.threats[5].name = "ours".into();
    theirs.threats[5].name = "theirs".into();
    // Both add a threat under the same new id: theirs is renumbered.
    let last = base.threats.len() - 1;
    let prefix = base.threats[last]
        .id
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string();
    let new_id =
        crate::session::links::next_id(&prefix, base.threats.iter().map(|t| t.id.as_str()));
    ours.threats.insert(10, threat(&new_id, "ours new"));
    theirs.threats.push(threat(&new_id, "theirs new"));
    // They delete a threat one of our mitigations now names; we delete one of theirs'.
    let gone = theirs.threats.remove(20).id;
    ours.mitigations[0].addresses.push(gone.clone());
    // Reordered on our side: order must follow ours.
    ours.threats.swap(30, 40);
    let labels = Labels::default();
    let fast = merge_leaving_out(&base, &ours, &theirs, &labels, true).unwrap();
    let slow = merge_leaving_out(&base, &ours, &theirs, &labels, false).unwrap();
    assert_eq!(fast.session, slow.session);
    assert_eq!(fast.renumbered, slow.renumbered);
    assert_eq!(fast.new_conflicts, slow.new_conflicts);
    assert!(
        fast.session.threats.iter().any(|t| t.id == gone),
        "brought back"
    );
    assert_eq!(fast.renumbered.len(), 1);
    assert!(fast.new_conflicts >= 2);
}
