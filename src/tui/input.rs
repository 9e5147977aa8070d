//! Terminal events → actions, through the one bindings table (`keymap`).

use super::action::Action;
use super::app::AppState;
use super::discover::DiscoverAction;
use super::keymap::{Act, Context, context};
use super::phases::plan::PlanAction;
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

/// A key press → an action: the bindings table resolves it in the contexts the state
/// is in (`keymap::context::active`), most specific first. Keys the table leaves
/// unbound go to what takes free text: a text field, a form field, a dialog that asks
/// for a letter, the discovery review.
pub fn map_key(state: &AppState, key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let contexts = context::active(state);
    let Some(&own) = contexts.first() else {
        // A form field takes every key.
        return Some(Action::FormInput((*key).into()));
    };
    let binding = state.keymap.lookup(&contexts, key);
    if own == Context::TextField {
        return Some(match binding {
            Some(b) => act(b.act),
            None => Action::TextInput((*key).into()),
        });
    }
    // The discovery review takes every letter but ? q (and u outside its edit box).
    if own == Context::Discover
        && binding.is_none_or(|b| b.context != Context::Discover)
        && let KeyCode::Char(c) = key.code
        && !ctrl
        && c != '?'
        && c != 'q'
        && (c != 'u' || state.discover.as_ref().is_some_and(|d| d.edit.is_some()))
    {
        return Some(Action::Discover(DiscoverAction::Key(c)));
    }
    match binding {
        Some(b) => Some(act(b.act)),
        // A dialog that asks for a letter takes any (it reads them case-blind).
        None if !own.with_global() => match key.code {
            KeyCode::Char(c) if !ctrl => Some(Action::DialogKey(c)),
            _ => None,
        },
        None => None,
    }
}

fn act(act: Act) -> Action {
    match act {
        Act::Command(command) => Action::Command(command),
        Act::Plan(k) => Action::Plan(PlanAction::Key(k)),
        Act::Dialog(c) => Action::DialogKey(c),
        Act::Discover(c) => Action::Discover(DiscoverAction::Key(c)),
    }
}
