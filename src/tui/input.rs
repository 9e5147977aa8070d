//! Terminal events → actions. Context decides first (a field being edited gets the
//! keys, a dialog wants one letter); everything else goes through the keymap.

use super::action::{Action, Command};
use super::app::{AppState, Dialog, Screen, Wizard, WizardStep};
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

pub fn map_event(state: &AppState, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => map_key(state, key),
        Event::Paste(text) => state.editing.as_ref().map(|_| Action::Paste(text.clone())),
        Event::Mouse(m) if state.mouse && m.kind == MouseEventKind::Down(MouseButton::Left) => {
            Some(Action::Click {
                column: m.column,
                row: m.row,
            })
        }
        _ => None,
    }
}

pub fn map_key(state: &AppState, key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if state.editing.is_some() {
        return Some(match key.code {
            KeyCode::Enter => Action::Command(Command::Open),
            KeyCode::Esc => Action::Command(Command::Back),
            _ if state.keymap.resolve(key) == Some(Command::ExternalEditor) => {
                Action::Command(Command::ExternalEditor)
            }
            _ => Action::TextInput((*key).into()),
        });
    }
    if state.dialog.is_none() && state.form.as_ref().is_some_and(|f| f.active.is_some()) {
        return Some(Action::FormInput((*key).into()));
    }
    // The Portfolio view takes its sort letters.
    if state.portfolio.is_some()
        && state.dialog.is_none()
        && state.screen == Screen::Start
        && let KeyCode::Char(c @ ('<' | '>' | 'r')) = key.code
        && !ctrl
    {
        return Some(Action::DialogKey(c));
    }
    // The conflicts view takes its choice letters; arrows and Esc go through the keymap.
    if let (Some(Dialog::Conflicts { .. }), KeyCode::Char(c @ ('o' | 't' | 'e'))) =
        (&state.dialog, key.code)
        && !ctrl
    {
        return Some(Action::DialogKey(c));
    }
    let asks_letter = matches!(
        state.dialog,
        Some(
            Dialog::ConfirmQuit
                | Dialog::Recovery(_)
                | Dialog::ConfirmDelete(_)
                | Dialog::StaleLock(_)
                | Dialog::ExternalChange(_)
                | Dialog::ConfirmReload(_)
                | Dialog::ConfirmOverwrite(_)
                | Dialog::SaveFailed { .. }
        )
    ) || (state.dialog.is_none()
        && state.screen == Screen::Start
        && matches!(
            state.wizard,
            Some(Wizard {
                step: WizardStep::Question(_),
                ..
            })
        ));
    if asks_letter {
        return match key.code {
            KeyCode::Esc => Some(Action::Command(Command::Back)),
            KeyCode::Char('c') if ctrl => Some(Action::Command(Command::Back)),
            KeyCode::Char(c) if !ctrl => Some(Action::DialogKey(c)),
            _ => None,
        };
    }
    // The discovery review screen takes its letters (accept, reject, edit, layer toggles).
    if state.discover.is_some()
        && state.dialog.is_none()
        && let KeyCode::Char(c) = key.code
        && !ctrl
        && c != '?'
        && c != 'q'
        && (c != 'u' || state.discover.as_ref().is_some_and(|d| d.edit.is_some()))
    {
        return Some(Action::Discover(super::discover::DiscoverAction::Key(c)));
    }
    // The link picker takes only navigation keys: no phase letter acts beneath it.
    if state.links.picker.is_none()
        && let Some(action) = super::phases::plan::map_key(state, key)
    {
        return Some(action);
    }
    if let Some(command) = super::diagram::pan_key(state, key) {
        return Some(Action::Command(command));
    }
    state.keymap.resolve(key).map(Action::Command)
}
