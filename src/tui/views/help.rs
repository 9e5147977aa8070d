//! The help overlay, generated from the bindings table: the keys of the screen
//! beneath first, under their context's title, then the global keys and the prompts.

use super::centered;
use crate::tui::app::AppState;
use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    let rows = state.help_rows();
    let layout = state.help_layout(area.width, area.height);
    let (per_column, visible) = (layout.per_column, layout.visible);
    let width = layout.column_width * layout.columns + layout.columns + 1;
    let box_area = centered(area, width, visible as u16 + 2);
    // The offset is kept in range by `update`; clamp again for a resize since then.
    let scroll = usize::from(state.help_scroll.min(layout.max_scroll));
    let title = if per_column > visible {
        format!(
            " Keys {}–{} of {} (j/k PgUp/PgDn scroll, Esc closes) ",
            scroll + 1,
            scroll + visible,
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
        // A context's title heads its keys.
        if keys.is_empty() {
            return Line::from(Span::styled(
                format!(" {help}"),
                t.accent.add_modifier(ratatui::style::Modifier::BOLD),
            ));
        }
        Line::from(vec![
            Span::styled(format!(" {keys:<11} "), t.accent),
            Span::styled(help.to_string(), t.text),
        ])
    };
    for (c, chunk) in rows.chunks(per_column.max(1)).enumerate() {
        let lines: Vec<Line> = chunk.iter().skip(scroll).take(visible).map(line).collect();
        let x = inner.x + c as u16 * (layout.column_width + 1);
        if x >= inner.x + inner.width {
            break;
        }
        let column = Rect::new(
            x,
            inner.y,
            layout.column_width.min(inner.x + inner.width - x),
            inner.height,
        );
        frame.render_widget(Lines::new(lines), column);
    }
}
