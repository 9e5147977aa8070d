//! The status line is never stale (issue 24): a message left from an earlier command
//! ("Saved …") is replaced when a later command changes the session without saying so
//! itself, so the line never says "Saved" while the header says unsaved.

use super::action::Command;
use super::app::AppState;

/// What the status line and the session were before an update.
pub struct Before {
    revision: Option<u64>,
    message: Option<String>,
}

pub fn before(state: &AppState) -> Before {
    Before {
        revision: state.doc.as_ref().map(|d| d.revision),
        message: state.message.clone(),
    }
}

/// After an update: an edit that left an older message standing replaces it.
pub fn after(state: &mut AppState, before: Before) {
    let Some(doc) = &state.doc else { return };
    if before.revision.is_none_or(|r| r == doc.revision) || before.message.is_none() {
        return;
    }
    if state.message == before.message {
        state.message = Some(if doc.is_dirty() {
            format!(
                "Changed, not saved yet; {} undoes",
                state.keymap.key_label(Command::Undo)
            )
        } else {
            "Changed back to the saved version".to_string()
        });
    }
}
