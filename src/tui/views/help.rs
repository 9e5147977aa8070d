//! The help overlay, generated from the keymap table.

use super::centered;
use crate::tui::app::AppState;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    let rows = state.keymap.help_rows();
    let two_columns = area.width >= 120;
    let per_column = if two_columns { rows.len().div_ceil(2) } else { rows.len() };
    let column_width = 40u16;
    let width = if two_columns { column_width * 2 + 4 } else { column_width + 4 };
    let box_area = centered(area, width, per_column as u16 + 4);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.accent)
        .title(Span::styled(" Keys (Esc or ? closes) ", t.accent));
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let line = |(keys, help): &(String, &str)| {
        Line::from(vec![
            Span::styled(format!(" {keys:<14}"), t.accent),
            Span::styled(format!("{help:<25}"), t.text),
        ])
    };
    for (c, chunk) in rows.chunks(per_column.max(1)).enumerate() {
        let lines: Vec<Line> = chunk.iter().map(line).collect();
        let x = inner.x + c as u16 * (column_width + 2);
        if x >= inner.x + inner.width {
            break;
        }
        let column = Rect::new(x, inner.y, (column_width + 2).min(inner.x + inner.width - x), inner.height);
        frame.render_widget(Paragraph::new(lines), column);
    }
}
