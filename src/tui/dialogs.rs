//! The dialogs over the shell and the start screen (help, save as, confirmations,
//! recovery, locks, files changed on disk): their commands and one-letter answers,
//! routed here by `update`.

use super::action::Command;
use super::app::*;
use super::update::{Effect, edit, start_edit, wizard_answer};
use crate::session::lock::Liveness;
use std::path::PathBuf;

/// Keys of the "save as" prompt: Enter writes, Esc cancels.
pub(super) fn save_as_command(state: &mut AppState, command: Command) -> Effect {
    match command {
        Command::Open => {
            let text = state
                .editing
                .as_ref()
                .map(|e| e.field.text())
                .unwrap_or_default();
            let text = text.trim();
            if text.is_empty() {
                state.message = Some("Type a file name to save as".into());
                return Effect::None;
            }
            state.editing = None;
            state.dialog = None;
            Effect::SaveAs {
                path: PathBuf::from(text),
                overwrite: false,
            }
        }
        Command::Back => {
            state.editing = None;
            state.dialog = None;
            state.message = Some("Not saved as another file".into());
            Effect::None
        }
        _ => Effect::None,
    }
}

/// Opens the help overlay at its top.
pub(super) fn open_help(state: &mut AppState) {
    state.help_scroll = 0;
    state.dialog = Some(Dialog::Help);
}

/// Opens the "save as" prompt, pre-filled with `path` (else the session's file).
pub fn open_save_as(state: &mut AppState, path: Option<&std::path::Path>) {
    let Some(doc) = &state.doc else { return };
    let prefill = match path {
        Some(p) => p.display().to_string(),
        // An embedded example has a label, not a path: offer its file name here.
        None if doc.path.starts_with(super::EXAMPLE_LABEL) => doc
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        None => doc.path.display().to_string(),
    };
    state.dialog = Some(Dialog::SaveAs);
    start_edit(state, EditTarget::SaveAs, &prefill);
}

pub(super) fn dialog_command(state: &mut AppState, dialog: &Dialog, command: Command) -> Effect {
    if let Dialog::Conflicts { selected } = dialog {
        return super::conflicts::command(state, *selected, command);
    }
    if let Dialog::Problems { rows, selected } = dialog {
        return super::problems::command(state, rows, *selected, command);
    }
    match (dialog, command) {
        (Dialog::Help, Command::Back | Command::Help | Command::Open | Command::Quit) => {
            state.dialog = None;
            Effect::None
        }
        (Dialog::Help, Command::Up | Command::Down | Command::PageUp | Command::PageDown)
        | (Dialog::Help, Command::Top | Command::Bottom) => {
            let max = state.help_max_scroll();
            let at = state.help_scroll;
            state.help_scroll = match command {
                Command::Up => at.saturating_sub(1),
                Command::Down => at.saturating_add(1),
                Command::PageUp => at.saturating_sub(10),
                Command::PageDown => at.saturating_add(10),
                Command::Top => 0,
                _ => max,
            }
            .min(max);
            Effect::None
        }
        (Dialog::ConfirmDelete(_), Command::Back) => {
            state.dialog = None;
            state.message = Some("Nothing deleted".into());
            Effect::None
        }
        (Dialog::ConfirmQuit, Command::Back) => {
            state.dialog = None;
            Effect::None
        }
        // Pressing quit again in the prompt means "yes, quit without saving"? No: be safe.
        (Dialog::ConfirmQuit, _) => Effect::None,
        (Dialog::Recovery(_), Command::Back) => {
            state.dialog = None;
            state.message = Some("Recovery file kept; it will be offered again".into());
            Effect::None
        }
        (Dialog::StaleLock(stale), Command::Back) if stale.confirm => {
            let mut stale = stale.clone();
            stale.confirm = false;
            state.dialog = Some(Dialog::StaleLock(stale));
            Effect::None
        }
        (Dialog::StaleLock(_), Command::Back) => {
            // Back to the start screen; the lock file stays as it was.
            let path = state.doc.take().map(|d| d.path);
            state.dialog = None;
            state.screen = Screen::Start;
            state.message = path.map(|p| format!("Not opened: {}", p.display()));
            Effect::None
        }
        (Dialog::ExternalChange(change), Command::Back) => {
            state.dialog = None;
            state.message = Some(format!(
                "Not saved: {} changed on disk; {} asks again",
                change.path.display(),
                state.keymap.key_label(Command::Save)
            ));
            Effect::None
        }
        (Dialog::ConfirmReload(change), Command::Back) => {
            state.dialog = Some(Dialog::ExternalChange(change.clone()));
            Effect::None
        }
        (Dialog::SaveFailed { path, .. }, Command::Back) => {
            state.message = Some(format!(
                "Not saved: {}; your edits are kept ({} saves them elsewhere)",
                path.display(),
                state.keymap.key_label(Command::SaveAs)
            ));
            state.dialog = None;
            Effect::None
        }
        (Dialog::ConfirmOverwrite(path), Command::Back) => {
            let path = path.clone();
            open_save_as(state, Some(&path));
            Effect::None
        }
        _ => Effect::None,
    }
}

pub(super) fn dialog_key(state: &mut AppState, c: char) -> Effect {
    if state.dialog.is_none()
        && let Some(Wizard {
            step: WizardStep::Question(_),
            ..
        }) = state.wizard
    {
        wizard_answer(state, c);
        return Effect::None;
    }
    if state.portfolio.is_some() && state.dialog.is_none() && state.screen == Screen::Start {
        return super::portfolio::key(state, c);
    }
    if let Some(Dialog::Conflicts { selected }) = state.dialog {
        return super::conflicts::key(state, selected, c.to_ascii_lowercase());
    }
    match (state.dialog.clone(), c.to_ascii_lowercase()) {
        (Some(Dialog::ConfirmQuit), 's') => {
            state.dialog = None;
            Effect::SaveAndQuit
        }
        (Some(Dialog::ConfirmQuit), 'd') => Effect::Quit,
        (Some(Dialog::ConfirmDelete(pending)), 'y') => {
            state.dialog = None;
            super::forms::delete(state, &pending);
            Effect::None
        }
        (Some(Dialog::ConfirmDelete(_)), 'n') => {
            state.dialog = None;
            state.message = Some("Nothing deleted".into());
            Effect::None
        }
        (Some(Dialog::Recovery(offer)), 'r') => {
            state.dialog = None;
            edit(state, |s| *s = offer.session);
            state.message = Some("Recovered unsaved edits; Ctrl-S to keep them".into());
            Effect::None
        }
        (Some(Dialog::Recovery(_)), 'd') => {
            state.dialog = None;
            state.message = Some("Recovered edits discarded".into());
            Effect::DiscardRecovery
        }
        (Some(Dialog::StaleLock(stale)), 't')
            if stale.liveness == Liveness::OtherHost && !stale.confirm =>
        {
            state.dialog = Some(Dialog::StaleLock(Box::new(StaleLock {
                confirm: true,
                ..*stale
            })));
            Effect::None
        }
        (Some(Dialog::StaleLock(stale)), 't') if stale.liveness != Liveness::OtherHost => {
            state.dialog = None;
            Effect::TakeOverLock
        }
        (Some(Dialog::StaleLock(stale)), 'y') if stale.confirm => {
            state.dialog = None;
            Effect::TakeOverLock
        }
        (Some(Dialog::StaleLock(stale)), 'r') => {
            state.dialog = None;
            state.message = Some(format!(
                "Read-only: the lock of {} was left in place",
                stale.owner
            ));
            Effect::None
        }
        (Some(Dialog::ExternalChange(change)), 'o') => {
            state.dialog = None;
            Effect::Overwrite {
                quit: change.quit_after,
            }
        }
        (Some(Dialog::ExternalChange(change)), 'r') => {
            state.dialog = Some(Dialog::ConfirmReload(change));
            Effect::None
        }
        (Some(Dialog::ExternalChange(_)), 's') => {
            open_save_as(state, None);
            Effect::None
        }
        (Some(Dialog::ConfirmReload(_)), 'y') => {
            state.dialog = None;
            Effect::Reload
        }
        (Some(Dialog::ConfirmReload(change)), 'n') => {
            state.dialog = Some(Dialog::ExternalChange(change));
            Effect::None
        }
        (Some(Dialog::SaveFailed { path, .. }), 's') => {
            open_save_as(state, Some(&path));
            Effect::None
        }
        (Some(Dialog::ConfirmOverwrite(path)), 'y') => {
            state.dialog = None;
            Effect::SaveAs {
                path,
                overwrite: true,
            }
        }
        (Some(Dialog::ConfirmOverwrite(path)), 'n') => {
            open_save_as(state, Some(&path));
            Effect::None
        }
        _ => Effect::None,
    }
}
