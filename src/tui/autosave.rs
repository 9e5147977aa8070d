//! What the status line says about autosaves (issue #17, L4): a failed autosave is
//! said at once and stays on the status line until a save or an autosave works, so
//! an analyst on a full disk knows the edits are only in memory (or in the fallback
//! file of the state directory) before closing the terminal.

use super::action::Command;
use super::keymap::Keymap;
use super::recovery::Autosaved;
use std::path::Path;

/// The status-line text of an autosave's outcome; `None` when it went where it should.
/// What to know comes first (an 80-column line cuts the rest): where the edits are.
pub fn problem(outcome: &Result<Autosaved, String>, keymap: &Keymap) -> Option<String> {
    match outcome {
        Ok(Autosaved::Beside) => None,
        Ok(Autosaved::Fallback { path, why }) => Some(format!(
            "autosave failed, edits kept in {} ({why})",
            tilde(path)
        )),
        Err(why) => Some(format!(
            "autosave failed, edits only in memory: {} saves elsewhere ({why})",
            keymap.key_label(Command::SaveAs)
        )),
    }
}

/// `path` with the home directory written `~`.
fn tilde(path: &Path) -> String {
    match std::env::var_os("HOME").map(std::path::PathBuf::from) {
        Some(home) if !home.as_os_str().is_empty() => match path.strip_prefix(&home) {
            Ok(rest) => format!("~/{}", rest.display()),
            Err(_) => path.display().to_string(),
        },
        _ => path.display().to_string(),
    }
}

/// The notice when a session's unsaved edits come from the fallback file.
pub fn found_in_fallback(path: &Path) -> String {
    format!(
        "unsaved edits found in {} (the session's folder could not be written)",
        path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::tui::action::Action;
    use crate::tui::app::AppState;
    use crate::tui::theme::Theme;
    use crate::tui::update::update;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use std::path::PathBuf;

    fn status_line(state: &mut AppState) -> String {
        let mut terminal = Terminal::new(TestBackend::new(160, 24)).unwrap();
        terminal
            .draw(|frame| crate::tui::views::render(frame, state))
            .unwrap();
        let buffer = terminal.backend().buffer();
        let y = buffer.area.height - 1;
        (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect()
    }

    #[test]
    fn a_failed_autosave_stays_on_the_status_line_until_a_save_works() {
        let keymap = Keymap::default();
        let mut state = AppState::new(
            Catalog::embedded(),
            keymap.clone(),
            Theme::default(),
            Vec::new(),
        );
        let (file, text) = crate::tui::examples::EXAMPLES[0];
        let opened = crate::tui::app::Opened {
            path: PathBuf::from("sessions/m.toml"),
            document: crate::session::storage::parse(std::path::Path::new(file), text).unwrap(),
            read_only: None,
            recovery: None,
            resume: None,
            stale_lock: None,
        };
        update(&mut state, Action::Opened(Box::new(opened)));
        assert!(!status_line(&mut state).contains("autosave failed"));
        let full = Err("No space left on device (os error 28)".to_string());
        update(&mut state, Action::Autosaved(problem(&full, &keymap)));
        let line = status_line(&mut state);
        assert!(
            line.contains("autosave failed, edits only in memory"),
            "{line}"
        );
        assert!(line.contains("saves elsewhere (No space left"), "{line}");
        // Other messages come and go; the warning stays.
        update(&mut state, Action::Failed("not reloaded".into()));
        let line = status_line(&mut state);
        assert!(line.contains("not reloaded") && line.contains("autosave failed"));
        // The fallback file kept the edits: said, with where.
        let fallback = Ok(Autosaved::Fallback {
            path: PathBuf::from("/home/a/.local/state/maestro-tm/recovery/m.toml-1.recovery"),
            why: "No space left on device (os error 28)".into(),
        });
        update(&mut state, Action::Autosaved(problem(&fallback, &keymap)));
        let line = status_line(&mut state);
        assert!(line.contains("autosave failed, edits kept in"), "{line}");
        assert!(line.contains("m.toml-1.recovery (No space left"), "{line}");
        // A save that works ends it; so does an autosave that works.
        update(&mut state, Action::Saved(PathBuf::from("m.toml")));
        assert!(!status_line(&mut state).contains("autosave failed"));
        update(&mut state, Action::Autosaved(problem(&full, &keymap)));
        assert!(status_line(&mut state).contains("autosave failed"));
        update(
            &mut state,
            Action::Autosaved(problem(&Ok(Autosaved::Beside), &keymap)),
        );
        assert!(!status_line(&mut state).contains("autosave failed"));
    }
}
