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
