//! The "Resolve conflicts" view: the merge conflicts a session carries, settled one by
//! one with our value, theirs, or one typed by hand (the rules are `crate::merge`'s).

use super::action::Command;
use super::app::{AppState, Dialog, EditTarget};
use super::update::{Effect, edit, start_edit};
use crate::merge::{self, Choice};

/// Opens the view when the session has unresolved conflicts.
pub fn open_if_any(state: &mut AppState) {
    let count = state
        .doc
        .as_ref()
        .map_or(0, |d| d.session().conflicts.len());
    if count > 0 && state.dialog.is_none() {
        state.dialog = Some(Dialog::Conflicts { selected: 0 });
    }
}

fn count(state: &AppState) -> usize {
    state
        .doc
        .as_ref()
        .map_or(0, |d| d.session().conflicts.len())
}

pub fn command(state: &mut AppState, selected: usize, command: Command) -> Effect {
    let last = count(state).saturating_sub(1);
    match command {
        Command::Up => {
            state.dialog = Some(Dialog::Conflicts {
                selected: selected.saturating_sub(1),
            })
        }
        Command::Down => {
            state.dialog = Some(Dialog::Conflicts {
                selected: (selected + 1).min(last),
            })
        }
        Command::Back | Command::Quit => {
            state.dialog = None;
            state.message = Some(format!(
                "{} merge conflict(s) left: they are saved with the session, and `maestro-tm validate` lists them",
                count(state)
            ));
        }
        _ => {}
    }
    Effect::None
}

pub fn key(state: &mut AppState, selected: usize, c: char) -> Effect {
    match c {
        'o' => settle(state, selected, Choice::Ours),
        't' => settle(state, selected, Choice::Theirs),
        'e' => {
            let current = state
                .doc
                .as_ref()
                .and_then(|d| d.session().conflicts.get(selected).cloned());
            if let Some(c) = current {
                let prefill = merge::show_value(c.ours.as_deref().or(c.theirs.as_deref()));
                start_edit(state, EditTarget::Conflict(selected), &prefill);
            }
        }
        _ => {}
    }
    Effect::None
}

/// The typed value of conflict `selected`, when the edit is confirmed.
pub fn finish_edit(state: &mut AppState, selected: usize, text: String) {
    settle(state, selected, Choice::Edited(text));
}

fn settle(state: &mut AppState, selected: usize, choice: Choice) {
    let Some(doc) = &state.doc else { return };
    let session = doc.session();
    let Some(conflict) = session.conflicts.get(selected) else {
        return;
    };
    let place = merge::describe(conflict);
    let what = match &choice {
        Choice::Ours => "ours",
        Choice::Theirs => "theirs",
        Choice::Edited(_) => "your value",
    };
    match merge::resolve(session, selected, choice) {
        Ok(resolved) => {
            edit(state, |s| *s = resolved);
            let left = count(state);
            if left == 0 {
                state.dialog = None;
                state.message =
                    Some("All merge conflicts resolved; save to keep the result".into());
            } else {
                state.dialog = Some(Dialog::Conflicts {
                    selected: selected.min(left - 1),
                });
                state.message = Some(format!("{place}: took {what}; {left} conflict(s) left"));
            }
        }
        Err(err) => state.message = Some(format!("{place}: {err}")),
    }
}
