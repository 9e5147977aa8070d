//! The help overlay, generated from the keymap table.

use super::centered;
use crate::tui::app::AppState;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    let rows = state.help_rows();
    // Two columns of 38 fit in 80 columns; the table is too long for one at 24 rows.
    let column_width = 38u16;
    let per_column = rows.len().div_ceil(2);
    let box_area = centered(area, column_width * 2 + 3, per_column as u16 + 2);
    let visible = usize::from(box_area.height.saturating_sub(2));
    // The offset is kept in range by `update`; clamp again for a resize since then.
    let scroll = usize::from(state.help_scroll).min(per_column.saturating_sub(visible));
    let title = if per_column > visible {
        format!(
            " Keys {}–{} of {} (j/k PgUp/PgDn scroll, Esc closes) ",
            scroll + 1,
            (scroll + visible).min(per_column),
            per_column
        )
    } else {
        " Keys (Esc closes) ".to_string()
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.accent)
        .title(Span::styled(title, t.accent));
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let line = |(keys, help): &(String, &str)| {
        Line::from(vec![
            Span::styled(format!(" {keys:<11}"), t.accent),
            Span::styled(format!("{help:<26}"), t.text),
        ])
    };
    for (c, chunk) in rows.chunks(per_column.max(1)).enumerate() {
        let lines: Vec<Line> = chunk.iter().skip(scroll).take(visible).map(line).collect();
        let x = inner.x + c as u16 * (column_width + 1);
        if x >= inner.x + inner.width {
            break;
        }
        let column = Rect::new(
            x,
            inner.y,
            column_width.min(inner.x + inner.width - x),
            inner.height,
        );
        frame.render_widget(Paragraph::new(lines), column);
    }
}
