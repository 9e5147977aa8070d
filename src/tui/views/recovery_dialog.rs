//! The recovery dialog says what it will restore: the records and sections the
//! recovered edits change (`tui::recovery::offer`, from the core's session diff).

use crate::tui::app::AppState;
use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, changes: &[String]) {
    let t = &state.theme;
    // Room for the changes up to the screen's height; the rest are counted.
    let room = usize::from(area.height.saturating_sub(9)).max(1);
    let shown = changes.len().min(room);
    let height = u16::try_from(7 + shown + usize::from(changes.len() > shown)).unwrap_or(u16::MAX);
    let box_area = super::centered(area, 72, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.warn)
        .title(Span::styled(" Recover unsaved edits? ", t.warn));
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let mut lines = vec![
        Line::from(Span::styled(
            "Unsaved edits were found in the recovery file (a crash or a dropped connection).",
            t.text,
        )),
        Line::from(Span::styled("Recovering restores:", t.muted)),
    ];
    for change in changes.iter().take(shown) {
        lines.push(Line::from(Span::styled(
            super::fit::cut(&super::safe::text(change), usize::from(inner.width)),
            t.text,
        )));
    }
    if changes.len() > shown {
        lines.push(Line::from(Span::styled(
            format!("… and {} more lines", changes.len() - shown),
            t.muted,
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "[r] recover   [d] discard   [Esc] decide later",
        t.accent,
    )));
    frame.render_widget(Lines::wrapped(lines), inner);
}
