//! The "Resolve conflicts" view over the shell: the list of conflicts a merge left, and
//! both values of the selected one.

use super::{centered, safe};
use crate::merge::{describe, show_value};
use crate::tui::app::AppState;
use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, selected: usize) {
    let Some(doc) = &state.doc else { return };
    let conflicts = &doc.session().conflicts;
    let t = &state.theme;
    let box_area = centered(area, area.width.min(100), area.height.min(24));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.warn)
        .title(Span::styled(
            format!(" Resolve merge conflicts ({}) ", conflicts.len()),
            t.warn,
        ));
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);

    let mut lines = Vec::new();
    // The list scrolls so that the selected conflict stays in view.
    let list_rows = usize::from(inner.height.saturating_sub(9)).max(1);
    let first = selected.saturating_sub(list_rows - 1);
    for (i, c) in conflicts.iter().enumerate().skip(first).take(list_rows) {
        let marker = if i == selected { "▶ " } else { "  " };
        let style = if i == selected { t.selected } else { t.text };
        lines.push(Line::from(Span::styled(
            format!("{marker}{}", safe::text(&describe(c))),
            style,
        )));
    }
    lines.push(Line::from(""));
    if let Some(c) = conflicts.get(selected) {
        let by = |who: &str| {
            if who.is_empty() {
                String::new()
            } else {
                format!(" ({})", safe::text(who))
            }
        };
        lines.push(Line::from(vec![
            Span::styled(format!("ours{}: ", by(&c.ours_by)), t.accent),
            Span::styled(safe::text(&show_value(c.ours.as_deref())), t.text),
        ]));
        lines.push(Line::from(vec![
            Span::styled(format!("theirs{}: ", by(&c.theirs_by)), t.accent),
            Span::styled(safe::text(&show_value(c.theirs.as_deref())), t.text),
        ]));
        lines.push(Line::from(vec![
            Span::styled("base: ", t.muted),
            Span::styled(safe::text(&show_value(c.base.as_deref())), t.muted),
        ]));
        lines.push(Line::from(Span::styled(
            "The session holds ours until you choose.",
            t.muted,
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "[↑↓] choose   [o] ours   [t] theirs   [e] edit   [Esc] later",
        t.accent,
    )));
    frame.render_widget(Lines::wrapped(lines), inner);
}
