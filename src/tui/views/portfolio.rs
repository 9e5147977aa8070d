//! The Portfolio view: a table of the sessions under a folder.

use super::safe;
use crate::portfolio::Column;
use crate::tui::app::AppState;
use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Row, Table};

/// Columns shown, with their widths; the path column takes what is left.
const SHOWN: &[(Column, u16)] = &[
    (Column::System, 20),
    (Column::Depth, 11),
    (Column::Phases, 6),
    (Column::InherentCritical, 4),
    (Column::InherentHigh, 4),
    (Column::ResidualCritical, 8),
    (Column::ResidualHigh, 8),
    (Column::Gaps, 4),
    (Column::Overdue, 7),
    (Column::Soon, 8),
    (Column::Conflicts, 9),
    (Column::Modified, 10),
    (Column::Path, 14),
];

/// Columns left out first when the terminal is narrow.
const DROP_FIRST: &[Column] = &[
    Column::Modified,
    Column::Depth,
    Column::Soon,
    Column::InherentHigh,
    Column::ResidualHigh,
    Column::Gaps,
];

/// The columns that fit `width` (the path keeps at least 14 cells).
fn fitting(width: u16) -> Vec<(Column, u16)> {
    let mut shown: Vec<(Column, u16)> = SHOWN.to_vec();
    let need = |cols: &[(Column, u16)]| -> u16 {
        cols.iter().map(|(_, w)| *w).sum::<u16>() + cols.len() as u16
    };
    for drop in DROP_FIRST {
        if need(&shown) <= width {
            break;
        }
        shown.retain(|(c, _)| c != drop);
    }
    shown
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let Some(view) = &state.portfolio else { return };
    let t = &state.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.focus)
        .title(Span::styled(
            format!(
                " Portfolio · {} · {} session(s) ",
                safe::text(&view.dir.display().to_string()),
                view.rows.len()
            ),
            t.accent,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let shown = fitting(inner.width);
    let sorted = view.column();
    let arrow = if view.reverse { "▲" } else { "▼" };
    let header = Row::new(shown.iter().map(|(c, _)| {
        let name = if *c == sorted {
            format!("{}{arrow}", c.header())
        } else {
            c.header().to_string()
        };
        Cell::from(Span::styled(
            name,
            if *c == sorted { t.accent } else { t.muted },
        ))
    }));
    let body_rows = usize::from(inner.height.saturating_sub(3)).max(1);
    let first = view.selected.saturating_sub(body_rows - 1);
    let rows = view
        .rows
        .iter()
        .enumerate()
        .skip(first)
        .take(body_rows)
        .map(|(i, row)| {
            let style = if i == view.selected {
                t.selected
            } else {
                t.text
            };
            let cells: Vec<Cell> = match &row.error {
                Some(_) => shown
                    .iter()
                    .map(|(c, _)| match c {
                        Column::System => Cell::from("(does not load)"),
                        Column::Path => Cell::from(safe::text(&row.path)),
                        _ => Cell::from(""),
                    })
                    .collect(),
                None => shown
                    .iter()
                    .map(|(c, _)| {
                        let text = safe::text(&c.cell(row));
                        let warn = matches!(c, Column::Overdue | Column::Conflicts) && text != "0";
                        Cell::from(Span::styled(text, if warn { t.warn } else { style }))
                    })
                    .collect(),
            };
            Row::new(cells).style(style)
        });
    // Fixed widths; the path takes the rest (a Min constraint would outweigh them).
    let fixed: u16 = shown
        .iter()
        .filter(|(c, _)| *c != Column::Path)
        .map(|(_, w)| w + 1)
        .sum();
    let widths: Vec<Constraint> = shown
        .iter()
        .map(|(c, w)| {
            if *c == Column::Path {
                Constraint::Length(inner.width.saturating_sub(fixed).max(14))
            } else {
                Constraint::Length(*w)
            }
        })
        .collect();
    let table_area = Rect::new(
        inner.x,
        inner.y,
        inner.width,
        inner.height.saturating_sub(1),
    );
    frame.render_widget(Table::new(rows, widths).header(header), table_area);
    let keys = Rect::new(
        inner.x,
        inner.y + inner.height.saturating_sub(1),
        inner.width,
        1,
    );
    frame.render_widget(
        Lines::new(Line::from(Span::styled(
            "↑↓ choose · Enter open · < > sort column · r reverse · Esc back",
            t.accent,
        ))),
        keys,
    );
    if view.rows.is_empty() {
        let empty = Rect::new(inner.x, inner.y + 2, inner.width, 1);
        frame.render_widget(
            Lines::new(Span::styled("No session files under this folder.", t.muted)),
            empty,
        );
    }
}
