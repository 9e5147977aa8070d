//! A hang-up (SIGHUP, a dropped SSH session) keeps the text being typed: before the
//! last autosave, the field open for editing is finished as Enter would finish it, so
//! the recovery file holds it and the next start offers it back (issue 24).

use super::action::{Action, Command};
use super::app::{AppState, EditTarget};
use super::update::update;

/// Writes the text of the field being edited (a form field, a phase-1 value, a
/// planning value) into the session, through the same path as Enter.
pub fn keep_what_is_typed(state: &mut AppState) {
    let typed = state
        .form
        .as_ref()
        .and_then(|f| f.active.as_ref())
        .and_then(|a| a.text());
    if let Some(text) = typed {
        // The form takes it like text back from $EDITOR: written, field closed.
        update(state, Action::EditorDone(text));
        return;
    }
    let session_text = state
        .editing
        .as_ref()
        .is_some_and(|e| matches!(e.target, EditTarget::Business(_) | EditTarget::Plan));
    if session_text && state.dialog.is_none() {
        update(state, Action::Command(Command::Open));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::motion_tests::{example, keys, press};
    use ratatui::crossterm::event::KeyCode;

    fn recovered(state: &AppState) -> crate::session::Session {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.toml");
        let doc = state.doc.as_ref().unwrap();
        crate::tui::recovery::write(&path, &doc.document).unwrap();
        crate::tui::recovery::read(&path, &doc.saved_session()).expect("edits to recover")
    }

    #[test]
    fn a_phase_1_value_being_typed_reaches_the_recovery_file() {
        let mut s = example();
        keys(&mut s, "j");
        press(&mut s, KeyCode::Enter);
        keys(&mut s, " (typed before the hang-up)");
        assert!(!s.is_dirty(), "nothing written yet");
        keep_what_is_typed(&mut s);
        let got = recovered(&s);
        assert!(
            got.business
                .application
                .ends_with("(typed before the hang-up)"),
            "{}",
            got.business.application
        );
    }

    #[test]
    fn a_form_field_being_typed_reaches_the_recovery_file() {
        let mut s = example();
        keys(&mut s, "2");
        keys(&mut s, "a");
        let id = s.form.as_ref().unwrap().id.clone();
        // The name field, opened and half typed.
        press(&mut s, KeyCode::Enter);
        keys(&mut s, "Ticket MCP");
        keep_what_is_typed(&mut s);
        let got = recovered(&s);
        let c = got.components.iter().find(|c| c.id == id).unwrap();
        assert!(c.name.contains("Ticket MCP"), "{}", c.name);
    }

    #[test]
    fn the_recovery_dialog_lists_what_it_will_restore() {
        let mut s = example();
        keys(&mut s, "2");
        keys(&mut s, "a");
        let id = s.form.as_ref().unwrap().id.clone();
        press(&mut s, KeyCode::Enter);
        keys(&mut s, "Ticket MCP");
        keep_what_is_typed(&mut s);
        let mut next_start = example();
        next_start.dialog = Some(crate::tui::recovery::offer(&next_start, recovered(&s)));
        let text = crate::tui::motion_tests::screen(&next_start, 80, 24);
        assert!(text.contains("Recovering restores:"), "{text}");
        assert!(text.contains(&format!("+ {id}")), "{text}");
        assert!(text.contains("Ticket MCP"), "{text}");
    }
}
