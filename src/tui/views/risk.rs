//! The compact risk area under the rail: the live inherent 4×4 grid (severity rows,
//! likelihood columns, coloured counts, a legend line) when it fits,
//! else threat counts by inherent risk level.

use crate::tui::app::AppState;
use crate::tui::widgets::heatmap::{compact_lines, level_style};
use crate::tui::widgets::lines::Lines;
use crate::vocab::RiskLevel;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.muted)
        .title(" Risk ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let figures = state.figures();
    let counts = figures.as_ref().map_or_else(Default::default, |f| f.risk);
    let mut severity = Vec::new();
    // Highest first; a letter goes with every colour.
    for (i, level) in RiskLevel::ALL.iter().enumerate().rev() {
        severity.push(Span::styled(
            format!("{}:{} ", level.letter(), counts.by_level[i]),
            level_style(t, *level),
        ));
    }
    let mut lines = Vec::new();
    // Derived from the session after every change (`AppState::figures`), so any rating
    // change shows at once.
    if let Some(figures) = &figures
        && inner.height >= 8
        && inner.width >= 28
    {
        let mut grid = [[(RiskLevel::Low, 0); 4]; 4];
        for (r, row) in figures.inherent.rows.iter().enumerate().take(4) {
            for (c, cell) in row.iter().enumerate().take(4) {
                grid[r][c] = (cell.level, cell.count());
            }
        }
        lines.extend(compact_lines(t, &grid));
        lines.push(Line::from(vec![Span::styled(
            format!("{} threats · m full view", counts.threats),
            t.muted,
        )]));
    } else {
        lines.push(Line::from(Span::styled(
            format!("Threats {} · inherent risk", counts.threats),
            t.text,
        )));
        lines.push(Line::from(severity));
        lines.push(Line::from(Span::styled(
            format!("Mitigations {}", counts.mitigations),
            t.text,
        )));
    }
    frame.render_widget(Lines::new(lines), inner);
}
