//! The list of a session's `validate` problems, shown when it opens (see `tui::problems`).

use super::{centered, safe};
use crate::tui::app::AppState;
use crate::tui::problems::ProblemRow;
use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    rows: &[ProblemRow],
    selected: usize,
) {
    let t = &state.theme;
    // As tall as its rows (a long message wraps once), never taller than the screen.
    let wanted = u16::try_from(rows.len() * 2 + 4).unwrap_or(u16::MAX);
    let box_area = centered(area, area.width.min(100), area.height.min(wanted));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.warn)
        .title(Span::styled(
            format!(" {} problem(s): validate rejects this file ", rows.len()),
            t.warn,
        ));
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let mut lines = Vec::new();
    // The list scrolls so that the selected problem stays in view.
    let list_rows = usize::from(inner.height.saturating_sub(2)).max(1);
    let first = selected.saturating_sub(list_rows - 1);
    for (i, r) in rows.iter().enumerate().skip(first).take(list_rows) {
        let marker = if i == selected { "▶ " } else { "  " };
        let style = if i == selected { t.selected } else { t.text };
        lines.push(Line::from(Span::styled(
            format!(
                "{marker}{}: {}",
                safe::text(&r.place),
                safe::text(&r.message)
            ),
            style,
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "↑↓ select · Enter go to the field · Esc close (the file stays as it is)",
        t.accent,
    )));
    frame.render_widget(Lines::wrapped(lines), inner);
}
