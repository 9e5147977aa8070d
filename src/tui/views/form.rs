//! The record form over the main pane.

use crate::tui::app::AppState;
use crate::tui::forms::{self, FormState};
use crate::tui::widgets::form;
use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, f: &FormState) {
    if area.height == 0 {
        return;
    }
    let t = &state.theme;
    let (specs, values) = forms::specs_and_values(state, f);
    let title = forms::kind(f.kind).map_or("", |k| k.title());
    let keys = if f.active.is_some() {
        ""
    } else {
        "  ↑↓ field · Enter edit · Esc close · * required"
    };
    let header = Line::from(vec![
        Span::styled(format!("{title} · {}", super::safe::text(&f.id)), t.focus),
        Span::styled(keys, t.muted),
    ]);
    let (lines, focus_line) =
        form::lines(t, &specs, &values, f.focus, f.active.as_ref(), area.width);
    let height = usize::from(area.height.saturating_sub(1));
    // Keep the focused field and what opens under it in view.
    let below = lines.len().saturating_sub(focus_line).min(10);
    let offset = (focus_line + below).saturating_sub(height).min(focus_line);
    let mut shown = vec![header];
    shown.extend(lines.into_iter().skip(offset).take(height));
    frame.render_widget(Lines::new(shown), area);
}
