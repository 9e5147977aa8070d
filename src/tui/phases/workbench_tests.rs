//! Tests of the workbench (issue 24): ids never reused, custom threats.

use super::threats;
use crate::session::{Threat, storage};
use crate::tui::action::{Action, Command};
use crate::tui::app::AppState;
use crate::tui::update::{edit, update};
use crate::vocab::Layer;
use std::path::PathBuf;

fn with_session() -> AppState {
    crate::tui::test_support::example("minimal.toml")
}

fn session(s: &AppState) -> &crate::session::Session {
    s.doc.as_ref().unwrap().session()
}

fn next_threat_id(s: &AppState) -> String {
    let entry = s.catalog.threats.threats[0].clone();
    threats::card_from_catalog(session(s), &entry, Layer::L3).id
}

fn with_threats(s: &mut AppState, ids: &[&str]) {
    edit(s, |x| {
        x.threats.retain(|t| !t.id.starts_with("T-"));
        for id in ids {
            x.threats.push(Threat {
                id: (*id).into(),
                name: "Tool Misuse".into(),
                catalog: "T2".into(),
                layers: vec![Layer::L3],
                ..Threat::default()
            });
        }
    });
}

#[test]
fn a_deleted_threat_id_is_not_handed_out_again() {
    let mut s = with_session();
    with_threats(&mut s, &["T-001", "T-002", "T-003", "T-004", "T-005"]);
    assert_eq!(next_threat_id(&s), "T-006");
    edit(&mut s, |x| x.threats.retain(|t| t.id != "T-005"));
    assert_eq!(next_threat_id(&s), "T-006", "T-005 was deleted, not freed");
    // Undoing the delete and deleting again keeps the mark.
    update(&mut s, Action::Command(Command::Undo));
    update(&mut s, Action::Command(Command::Redo));
    assert_eq!(next_threat_id(&s), "T-006");
    assert_eq!(session(&s).id_high_water.get("T"), Some(&5));
}

#[test]
fn a_merged_threat_id_is_not_handed_out_again() {
    let mut s = with_session();
    with_threats(&mut s, &["T-001", "T-005"]);
    update(&mut s, Action::Command(Command::Register));
    s.threats
        .views
        .push(super::threats::View::Card("T-001".into()));
    update(&mut s, Action::Command(Command::MergeDuplicate));
    assert!(session(&s).threat("T-005").is_none(), "merged");
    assert_eq!(next_threat_id(&s), "T-006");
    // The mark survives a save and a load.
    let text = storage::to_text(session(&s), &Default::default());
    let back = storage::parse(&PathBuf::from("x.toml"), &text).unwrap();
    assert_eq!(back.session.id_high_water.get("T"), Some(&5));
}

#[test]
fn numbering_starts_at_one() {
    let s = with_session();
    let entry = s.catalog.threats.threats[0].clone();
    let empty = crate::session::Session::default();
    assert_eq!(
        threats::card_from_catalog(&empty, &entry, Layer::L3).id,
        "T-001"
    );
}

#[test]
fn a_custom_threat_on_l3_is_extended_rated_and_reported() {
    let mut s = with_session();
    update(&mut s, Action::Command(Command::Phase(6)));
    s.layer = 2;
    update(&mut s, Action::Command(Command::CustomThreat));
    assert!(s.editing.is_some(), "T asks for a name");
    update(
        &mut s,
        Action::Paste("Ticket body smuggles tool instructions".into()),
    );
    update(&mut s, Action::Command(Command::Open));
    let t = session(&s).threat("ORG-T1").expect("custom threat added");
    assert_eq!(t.layers, vec![Layer::L3]);
    assert_eq!(t.asi, vec!["Extended".to_string()]);
    assert!(
        s.message
            .as_deref()
            .unwrap_or("")
            .contains("ORG-T1 (Extended)"),
        "{:?}",
        s.message
    );
    // Its card is open: the rating keys work on it.
    assert_eq!(
        s.threats.views.last(),
        Some(&threats::View::Card("ORG-T1".into()))
    );
    update(&mut s, Action::Command(Command::SeverityUp));
    update(&mut s, Action::Command(Command::LikelihoodUp));
    let t = session(&s).threat("ORG-T1").unwrap();
    assert!(t.severity.is_some() && t.likelihood.is_some());
    // validate accepts it; the report lists it.
    let problems = crate::session::validate::check(session(&s), &s.catalog);
    assert!(
        !problems
            .iter()
            .any(|p| format!("{:?}", p.path).contains("threats")),
        "{problems:?}"
    );
    let report = crate::report::build(session(&s), &s.catalog);
    let md = crate::report::to_markdown(&report);
    assert!(md.contains("ORG-T1"), "{md}");
    // An empty name adds nothing and says so.
    update(&mut s, Action::Command(Command::Back));
    update(&mut s, Action::Command(Command::CustomThreat));
    update(&mut s, Action::Command(Command::Open));
    assert!(session(&s).threat("ORG-T2").is_none());
    assert!(s.message.as_deref().unwrap_or("").contains("needs a name"));
}
