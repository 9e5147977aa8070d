//! The link picker: the records a `>` can lead to, when there are several.

use super::{centered, safe};
use crate::tui::app::AppState;
use crate::tui::links::Picker;
use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, picker: &Picker) {
    let t = &state.theme;
    let width = 72.min(area.width);
    // Borders, the rows, a blank line and the keys; scrolled when taller than the screen.
    let height = (picker.links.len() + 4).min(usize::from(area.height.saturating_sub(2))) as u16;
    let box_area = centered(area, width, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.focus)
        .title(Span::styled(
            format!(" Links of {} ", safe::text(&picker.from)),
            t.accent,
        ));
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let visible = usize::from(inner.height.saturating_sub(2)).max(1);
    let first = picker.selected.saturating_sub(visible - 1);
    let mut lines: Vec<Line> = picker
        .links
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, l)| {
            let (mark, style) = if i == picker.selected {
                ("▶ ", t.selected)
            } else {
                ("  ", t.text)
            };
            Line::from(Span::styled(
                format!("{mark}{}", safe::text(&l.label())),
                style,
            ))
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "[Enter] follow   [↑/↓] choose   [Esc] cancel",
        t.accent,
    )));
    frame.render_widget(Lines::new(lines), inner);
}
