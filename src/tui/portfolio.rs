//! The Portfolio view of the start screen: one row per session under the folder the
//! app was started in (the core's `portfolio::scan`), sortable, Enter opens one.

use super::action::{Action, Command};
use super::app::AppState;
use super::update::Effect;
use crate::catalog::Catalog;
use crate::portfolio::{self, Column, Row};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioView {
    pub dir: PathBuf,
    pub rows: Vec<Row>,
    /// Index into [`Column::ALL`].
    pub sort: usize,
    pub reverse: bool,
    pub selected: usize,
}

impl PortfolioView {
    pub fn column(&self) -> Column {
        Column::ALL[self.sort.min(Column::ALL.len() - 1)]
    }

    fn resort(&mut self) {
        let column = self.column();
        portfolio::sort(&mut self.rows, column, self.reverse);
    }
}

/// Reads the folder (run by the runtime, not by `update`).
pub fn perform(dir: &Path, catalog: &Catalog) -> Action {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let rows = portfolio::scan(&dir, catalog, &crate::analysis::dates::today());
    Action::PortfolioScanned(Box::new(PortfolioView {
        dir,
        rows,
        sort: 0,
        reverse: false,
        selected: 0,
    }))
}

pub fn command(state: &mut AppState, command: Command) -> Effect {
    let Some(view) = &mut state.portfolio else {
        return Effect::None;
    };
    let last = view.rows.len().saturating_sub(1);
    match command {
        Command::Up => view.selected = view.selected.saturating_sub(1),
        Command::Down => view.selected = (view.selected + 1).min(last),
        Command::PageUp => view.selected = view.selected.saturating_sub(10),
        Command::PageDown => view.selected = (view.selected + 10).min(last),
        Command::Top => view.selected = 0,
        Command::Bottom => view.selected = last,
        Command::Back => state.portfolio = None,
        Command::Quit => return Effect::Quit,
        Command::Open => {
            if let Some(row) = view.rows.get(view.selected) {
                if let Some(error) = &row.error {
                    state.message = Some(error.clone());
                    return Effect::None;
                }
                let path = view.dir.join(&row.path);
                state.portfolio = None;
                return Effect::OpenFile(path);
            }
        }
        _ => {}
    }
    Effect::None
}

/// `<`/`>` move the sort column, `r` reverses it.
pub fn key(state: &mut AppState, c: char) -> Effect {
    let Some(view) = &mut state.portfolio else {
        return Effect::None;
    };
    let columns = Column::ALL.len();
    match c {
        '>' => view.sort = (view.sort + 1) % columns,
        '<' => view.sort = (view.sort + columns - 1) % columns,
        'r' => view.reverse = !view.reverse,
        _ => return Effect::None,
    }
    view.resort();
    view.selected = 0;
    Effect::None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::storage::{self, Document};
    use crate::synth::{SynthParams, generate};
    use crate::tui::app::Screen;
    use crate::tui::keymap::Keymap;
    use crate::tui::theme::Theme;
    use crate::tui::update::update;

    /// Three sessions whose gap counts differ (3, 5 and 7 threats, no mitigations), one
    /// with an accepted risk that has no owner: the view counts it like `status` does.
    #[test]
    fn rows_sort_by_a_column_and_enter_opens_the_selected_session() {
        let catalog = Catalog::embedded();
        let tmp = tempfile::tempdir().unwrap();
        for (name, threats) in [("b.toml", 5), ("a.toml", 3), ("c.toml", 7)] {
            let mut session = generate(
                SynthParams {
                    components: 2,
                    threats,
                    seed: threats as u64,
                },
                &catalog,
            );
            if name == "a.toml" {
                let rr = &mut session.residual_risks[0];
                rr.disposition = Some(crate::vocab::Disposition::Accepted);
                rr.owner.clear();
            }
            let doc = Document {
                session,
                unknown: Default::default(),
                loaded_version: 1,
            };
            storage::save(&tmp.path().join(name), &doc).unwrap();
        }
        let mut state = AppState::new(
            catalog.clone(),
            Keymap::default(),
            Theme::default(),
            Vec::new(),
        );
        assert_eq!(state.screen, Screen::Start);
        update(&mut state, perform(tmp.path(), &catalog));
        let view = state.portfolio.as_ref().expect("the view is open");
        let paths: Vec<&str> = view.rows.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["a.toml", "b.toml", "c.toml"]);
        for row in &view.rows {
            let doc = storage::load(&tmp.path().join(&row.path)).unwrap();
            let status = crate::progress::StatusReport::build(&doc.session, &catalog);
            let gaps: usize = status.gaps.iter().map(|g| g.threats.len()).sum();
            assert_eq!(row.gaps, gaps, "{}: the same gaps as `status`", row.path);
        }
        // Sort by the gap column: highest first; `r` reverses.
        let gaps_at = Column::ALL.iter().position(|c| *c == Column::Gaps).unwrap();
        for _ in 0..gaps_at {
            key(&mut state, '>');
        }
        let view = state.portfolio.as_ref().unwrap();
        assert_eq!(view.column(), Column::Gaps);
        let gaps: Vec<usize> = view.rows.iter().map(|r| r.gaps).collect();
        assert!(gaps.windows(2).all(|w| w[0] >= w[1]), "{gaps:?}");
        assert_eq!(view.rows[0].path, "c.toml");
        key(&mut state, 'r');
        assert_eq!(state.portfolio.as_ref().unwrap().rows[2].path, "c.toml");
        // Down, Enter: the second row opens and the view closes.
        command(&mut state, Command::Down);
        let second = state.portfolio.as_ref().unwrap().rows[1].path.clone();
        let effect = command(&mut state, Command::Open);
        let dir = std::fs::canonicalize(tmp.path()).unwrap();
        assert_eq!(effect, Effect::OpenFile(dir.join(second)));
        assert!(state.portfolio.is_none());
    }
}
