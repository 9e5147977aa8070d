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

/// The row phase 7's list has selected.
fn plan_selected(s: &AppState) -> Option<super::phases::plan::RowKind> {
    super::phases::plan::selected_list(s)
}

#[test]
fn phase_7_keeps_the_selected_mitigation_when_the_list_re_ranks() {
    use super::phases::plan::RowKind;
    let mut s = example();
    keys(&mut s, "7");
    // The first catalog candidate under the expanded (top-ranked) threat.
    while !matches!(plan_selected(&s), Some(RowKind::Candidate(_))) {
        keys(&mut s, "j");
    }
    let Some(RowKind::Threat(threat)) = s.plan.threat.clone().map(RowKind::Threat) else {
        unreachable!()
    };
    keys(&mut s, "a");
    let adopted = s.message.clone().unwrap();
    let id = adopted.split(' ').next().unwrap().to_string();
    assert!(adopted.contains(&format!("for {threat}")), "{adopted}");
    assert_eq!(plan_selected(&s), Some(RowKind::Mitigation(id.clone())));
    let rank = |s: &AppState| {
        super::phases::plan::screen(s)
            .list
            .iter()
            .position(|r| r.kind == RowKind::Threat(threat.clone()))
    };
    let before = rank(&s);
    // Implementing it lowers the threat's residual risk: the threat moves down the
    // ranking, and the selection moves with it.
    keys(&mut s, "ii");
    let moved = rank(&s);
    assert_ne!(moved, before, "the list re-sorted");
    assert_eq!(plan_selected(&s), Some(RowKind::Mitigation(id.clone())));
    // Undo (not a phase-7 key) moves it back up: the selection follows again.
    keys(&mut s, "u");
    let back = rank(&s);
    assert_ne!(back, moved, "the list re-sorted back");
    assert_eq!(plan_selected(&s), Some(RowKind::Mitigation(id.clone())));
    // So does an edit made in the mitigation's form.
    keys(&mut s, "i");
    let implemented = rank(&s);
    keys(&mut s, "F");
    let form = s.form.clone().expect("the mitigation form");
    assert_eq!(form.id, id);
    let field = super::forms::specs_and_values(&s, &form)
        .0
        .iter()
        .position(|f| f.key == "coverage")
        .unwrap();
    s.form.as_mut().unwrap().focus = field;
    press(&mut s, KeyCode::Enter);
    keys(&mut s, "partial");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Esc);
    assert!(s.form.is_none());
    assert_ne!(
        rank(&s),
        implemented,
        "partial coverage: the threat moved again"
    );
    assert_eq!(plan_selected(&s), Some(RowKind::Mitigation(id.clone())));
    // So the next candidate adopted is still one of this threat's.
    while !matches!(plan_selected(&s), Some(RowKind::Candidate(_))) {
        keys(&mut s, "j");
    }
    keys(&mut s, "a");
    let next = s.message.clone().unwrap();
    assert!(next.contains(&format!("for {threat}")), "{next}");
}

#[test]
fn the_register_keeps_the_selected_threat_when_it_is_sorted_or_rated() {
    let mut s = example();
    keys(&mut s, "6r");
    assert_eq!(
        s.threats.view(),
        Some(&super::phases::threats::View::Register)
    );
    keys(&mut s, "jjj");
    let selected = |s: &AppState| s.register_rows()[s.threats.register.selected].id.clone();
    let id = selected(&s);
    let position = |s: &AppState| s.register_rows().iter().position(|r| r.id == id);
    let before = position(&s);
    // Sorted by inherent level: the threat moves, the selection with it.
    keys(&mut s, "o");
    assert_ne!(position(&s), before, "the register re-sorted");
    assert_eq!(selected(&s), id);
    // Rated down on its card: back in the register, still on it.
    press(&mut s, KeyCode::Enter);
    keys(&mut s, "SSS");
    press(&mut s, KeyCode::Esc);
    assert_eq!(
        s.threats.view(),
        Some(&super::phases::threats::View::Register)
    );
    assert_eq!(selected(&s), id);
}
