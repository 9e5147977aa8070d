//! Moving through the workbench (issue 24): Esc from a form lands on its list, lists
//! keep the selected record when they re-sort, every command says what it did and the
//! status line is never stale. Driven through the real key mapping, like the runtime.

use super::action::Action;
use super::app::*;
use super::keymap::Keymap;
use super::theme::Theme;
use super::update::update;
use crate::catalog::Catalog;
use crate::session::storage;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;

/// The customer-support example, opened editable.
pub(super) fn example() -> AppState {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sessions/customer-support-mas.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut s = AppState::new(
        Catalog::embedded(),
        Keymap::default(),
        Theme::default(),
        Vec::new(),
    );
    let shown = PathBuf::from("sessions/customer-support-mas.toml");
    let opened = Opened {
        path: shown.clone(),
        document: storage::parse(&shown, &text).unwrap(),
        read_only: None,
        recovery: None,
        resume: None,
        stale_lock: None,
    };
    update(&mut s, Action::Opened(Box::new(opened)));
    s
}

/// One key through the input mapping and `update`.
pub(super) fn press(s: &mut AppState, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = super::input::map_event(s, &event) {
        update(s, action);
    }
}

pub(super) fn keys(s: &mut AppState, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

fn selected_id(s: &AppState) -> Option<String> {
    s.selected_record().and_then(|r| r.record).map(|r| r.id)
}

#[test]
fn esc_from_a_form_opened_from_the_rail_lands_on_its_list() {
    let mut s = example();
    keys(&mut s, "2");
    // Esc on the list goes to the rail; `a` there still adds a component.
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.pane, Pane::Rail);
    keys(&mut s, "a");
    let form = s.form.clone().expect("the new component's form");
    assert_eq!(form.kind, "component");
    press(&mut s, KeyCode::Esc);
    assert!(s.form.is_none());
    assert_eq!(s.pane, Pane::Records, "back on the list, not the rail");
    assert_eq!(selected_id(&s), Some(form.id.clone()), "on the new record");
    // j/k move in the list; the phase stays.
    keys(&mut s, "jk");
    assert_eq!(s.phase, 2);
    assert_eq!(selected_id(&s), Some(form.id));
}

#[test]
fn esc_from_a_form_opened_by_enter_returns_to_the_same_row() {
    let mut s = example();
    keys(&mut s, "4");
    let at = s
        .records()
        .iter()
        .position(|r| {
            r.record
                .as_ref()
                .is_some_and(|k| k.kind == "boundary" && !k.id.is_empty())
        })
        .unwrap();
    s.records_nav.selected = at;
    let id = selected_id(&s).unwrap();
    press(&mut s, KeyCode::Enter);
    assert!(s.form.is_some());
    // Edit a field, finish it, then leave the form.
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Esc);
    assert!(s.form.is_none());
    assert_eq!((s.pane, s.phase), (Pane::Records, 4));
    assert_eq!(selected_id(&s), Some(id));
}

#[test]
fn esc_from_the_mitigation_form_of_phase_7_lands_on_the_list() {
    let mut s = example();
    keys(&mut s, "7");
    // Down to a mitigation row of the expanded threat (the threat's first child), then
    // to the rail: phase 7's keys still act on the list's selection.
    keys(&mut s, "j");
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.pane, Pane::Rail);
    keys(&mut s, "F");
    assert!(s.form.is_some(), "{:?}", s.message);
    press(&mut s, KeyCode::Esc);
    assert!(s.form.is_none());
    assert_eq!(s.pane, Pane::Records);
    keys(&mut s, "j");
    assert_eq!(s.phase, 7);
}
