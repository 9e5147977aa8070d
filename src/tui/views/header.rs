//! Top line: session title, file, depth, unsaved and read-only marks.

use crate::tui::app::AppState;
use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    let Some(doc) = &state.doc else { return };
    let s = doc.session();
    let depth = s
        .engagement
        .depth
        .map_or("depth not chosen".to_string(), |d| format!("{d} depth"));
    // Marks first: on a narrow terminal the file path is what gets cut.
    let mut spans = vec![Span::styled(" maestro-tm ", t.accent)];
    if doc.is_dirty() {
        spans.push(Span::styled("● unsaved ", t.warn));
    } else {
        spans.push(Span::styled("✓ saved ", t.ok));
    }
    if doc.read_only.is_some() {
        spans.push(Span::styled("[read-only] ", t.danger));
    }
    spans.extend([
        super::safe::span(&s.session.title, t.text),
        Span::styled(format!(" · {depth} · "), t.muted),
        super::safe::span(&doc.path.display().to_string(), t.muted),
    ]);
    frame.render_widget(Lines::new(Line::from(spans)), area);
}
