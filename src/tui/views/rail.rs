//! The phase rail (1–10 with status, progress and out-of-depth marks) and the layer tabs.

use crate::tui::app::{AppState, LAYER_TABS, Pane};
use crate::tui::guide;
use crate::tui::widgets::lines::Lines;
use crate::vocab::PhaseStatus;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    let border = if state.pane == Pane::Rail {
        t.focus
    } else {
        t.muted
    };
    let focused = state.pane == Pane::Rail;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(super::focus::border(focused))
        .border_style(border)
        .title(super::focus::title("Phases", focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(doc) = &state.doc else { return };
    let width = usize::from(inner.width);
    let lines: Vec<Line> = (1..=10u8)
        .map(|n| {
            let status = doc.session().phase_status(n);
            let glyph = match status {
                PhaseStatus::NotStarted => "○",
                PhaseStatus::InProgress => "◐",
                PhaseStatus::Complete => "●",
            };
            let in_depth = state.in_depth(n);
            let (met, total) = state.phase_progress(n);
            // Out-of-depth phases show a dash instead of progress.
            let right = if in_depth {
                format!("{met:>2}/{total:<2}")
            } else {
                "  –  ".to_string()
            };
            let name = guide::short_name(&state.catalog, n);
            let left = format!("{n:>2} {glyph} ");
            let room = width.saturating_sub(left.chars().count() + right.chars().count() + 1);
            let name: String = if name.chars().count() > room {
                let cut: String = name.chars().take(room.saturating_sub(1)).collect();
                format!("{cut}…")
            } else {
                name
            };
            let pad = room.saturating_sub(name.chars().count());
            let text = format!("{left}{name}{} {right}", " ".repeat(pad));
            let style = if n == state.phase {
                t.selected
            } else if !in_depth {
                t.muted
            } else {
                match status {
                    PhaseStatus::Complete => t.ok,
                    _ => t.text,
                }
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    frame.render_widget(Lines::new(lines), inner);
}

/// L1–L7 and Cross-Layer tabs of a per-layer phase.
pub fn render_tabs(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    let width = usize::from(area.width) / LAYER_TABS.len();
    let spans: Vec<Span> = LAYER_TABS
        .iter()
        .enumerate()
        .map(|(i, layer)| {
            let label = if width >= 12 {
                format!(" {} {}", layer.as_str(), layer.name())
            } else {
                format!(" {}", layer.as_str())
            };
            let label: String = label.chars().take(width.saturating_sub(1)).collect();
            let text = format!("{label:<w$}", w = width);
            let style: Style = if i == state.layer {
                t.selected
            } else {
                t.muted
            };
            Span::styled(text, style)
        })
        .collect();
    frame.render_widget(Lines::new(Line::from(spans)), area);
}
