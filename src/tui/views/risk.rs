//! The compact risk area under the rail: the live inherent heatmap when it fits,
//! else threat counts by inherent risk level.

use crate::tui::app::AppState;
use crate::tui::widgets::heatmap::{MatrixWidget, level_style};
use crate::vocab::RiskLevel;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

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
        && inner.width >= 25
    {
        lines.extend(
            MatrixWidget {
                matrix: &figures.inherent,
                theme: t,
                cell_width: 5,
                selected: None,
            }
            .lines(),
        );
        lines.push(Line::from(severity));
        lines.push(Line::from(vec![Span::styled(
            format!("{} threats · m heatmap", counts.threats),
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
    frame.render_widget(Paragraph::new(lines), inner);
}
