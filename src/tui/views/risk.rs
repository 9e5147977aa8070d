//! The compact risk summary (threat counts by inherent risk level); the heatmap replaces it later.

use crate::tui::app::AppState;
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
    let counts = state.risk_counts();
    let mut severity = Vec::new();
    // Highest first; a letter goes with every colour.
    for (i, level) in RiskLevel::ALL.iter().enumerate().rev() {
        let style = match level {
            RiskLevel::Critical | RiskLevel::High => t.danger,
            RiskLevel::Medium => t.warn,
            RiskLevel::Low => t.ok,
        };
        severity.push(Span::styled(
            format!("{}:{} ", level.letter(), counts.by_level[i]),
            style,
        ));
    }
    let lines = vec![
        Line::from(Span::styled(
            format!("Threats {} · inherent risk", counts.threats),
            t.text,
        )),
        Line::from(severity),
        Line::from(Span::styled(
            format!("Mitigations {}", counts.mitigations),
            t.text,
        )),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}
