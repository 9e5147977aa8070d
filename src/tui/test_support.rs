//! Set-up shared by the TUI's test modules: a state with the embedded catalog and
//! default keys, and a session opened in it editable, as `maestro-tm FILE` opens one.

use crate::catalog::Catalog;
use crate::session::storage;
use crate::tui::action::Action;
use crate::tui::app::{AppState, Opened};
use crate::tui::examples::EXAMPLES;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::tui::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::path::PathBuf;

/// The embedded catalog, default keys, `theme`, no recent files, nothing open.
pub fn state(theme: Theme) -> AppState {
    AppState::new(Catalog::embedded(), Keymap::default(), theme, Vec::new())
}

/// Opens `text` editable (no lock, recovery or resume question) under the relative path
/// `shown`, so snapshots do not depend on where the repository lives.
pub fn open_text(s: &mut AppState, shown: &str, text: &str) {
    let path = PathBuf::from(shown);
    let opened = Opened {
        document: storage::parse(&path, text).unwrap(),
        path,
        read_only: None,
        recovery: None,
        resume: None,
        stale_lock: None,
    };
    update(s, Action::Opened(Box::new(opened)));
}

/// Opens the embedded example `file` (e.g. `"minimal.toml"`) as `sessions/<file>`.
pub fn open_example(s: &mut AppState, file: &str) {
    let (name, text) = EXAMPLES
        .iter()
        .find(|(f, _)| *f == file)
        .unwrap_or_else(|| panic!("no embedded example {file}"));
    open_text(s, &format!("sessions/{name}"), text);
}

/// A state with the default theme and the embedded example `file` open.
pub fn example(file: &str) -> AppState {
    let mut s = state(Theme::default());
    open_example(&mut s, file);
    s
}

/// The whole screen of `s` drawn at `w`×`h`.
pub fn render(s: &AppState, (w, h): (u16, u16)) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| crate::tui::views::render(f, s)).unwrap();
    t
}

/// A buffer's characters, one line per row.
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}
