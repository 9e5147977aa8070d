//! Trust zones are assigned in phase 4, where boundaries are drawn (issue 24): the zone
//! form lists the components in the zone and writes their zone.

use crate::tui::action::{Action, Command};
use crate::tui::app::AppState;
use crate::tui::update::update;
use ratatui_textarea::{Input, Key};

fn example() -> AppState {
    crate::tui::test_support::example("customer-support-mas.toml")
}

fn key(s: &mut AppState, key: Key) {
    update(
        s,
        Action::FormInput(Input {
            key,
            ..Input::default()
        }),
    );
}

fn zone_of(s: &AppState, component: &str) -> String {
    let session = s.doc.as_ref().unwrap().session();
    session
        .components
        .iter()
        .find(|c| c.id == component)
        .unwrap()
        .zone
        .clone()
}

/// Opens the phase 4 zone row's form, its component list, toggles `component`.
fn toggle_member(s: &mut AppState, zone: &str, component: &str) {
    update(s, Action::Command(Command::Phase(4)));
    let row = s
        .records()
        .iter()
        .position(|r| {
            r.record
                .as_ref()
                .is_some_and(|x| x.kind == "zone" && x.id == zone)
        })
        .expect("the zone is listed in phase 4");
    s.records_nav.selected = row;
    update(s, Action::Command(Command::Open));
    let form = s.form.clone().expect("Enter opens the zone form");
    let (specs, _) = super::specs_and_values(s, &form);
    let at = specs
        .iter()
        .position(|f| f.key == "components")
        .expect("the zone form lists its components");
    s.form.as_mut().unwrap().focus = at;
    update(s, Action::Command(Command::Open));
    for c in component.chars() {
        key(s, Key::Char(c));
    }
    key(s, Key::Char(' '));
    key(s, Key::Enter);
    update(s, Action::Command(Command::Back));
}

#[test]
fn a_component_is_put_in_a_zone_from_phase_4() {
    let mut s = example();
    assert_eq!(zone_of(&s, "customers"), "Z-PUB");
    let app_members = |s: &AppState| {
        super::kind("zone")
            .unwrap()
            .get(s.doc.as_ref().unwrap().session(), "Z-APP", "components")
    };
    assert!(!app_members(&s).list().contains(&"customers".to_string()));

    toggle_member(&mut s, "Z-APP", "customers");
    assert_eq!(zone_of(&s, "customers"), "Z-APP", "moved into the zone");
    assert!(app_members(&s).list().contains(&"customers".to_string()));
    let pub_members =
        super::kind("zone")
            .unwrap()
            .get(s.doc.as_ref().unwrap().session(), "Z-PUB", "components");
    assert!(
        !pub_members.list().contains(&"customers".to_string()),
        "one zone per component: it left Z-PUB"
    );
    // Others already in the zone stay there.
    assert_eq!(zone_of(&s, "triage-agent"), "Z-APP");
    let problems = crate::session::validate::check(s.doc.as_ref().unwrap().session(), &s.catalog);
    assert!(problems.is_empty(), "{problems:?}");

    // Unticked: out of the zone, in none.
    toggle_member(&mut s, "Z-APP", "customers");
    assert_eq!(zone_of(&s, "customers"), "");
    // Undo steps back through both edits.
    update(&mut s, Action::Command(Command::Undo));
    assert_eq!(zone_of(&s, "customers"), "Z-APP");
    update(&mut s, Action::Command(Command::Undo));
    assert_eq!(zone_of(&s, "customers"), "Z-PUB");
}
