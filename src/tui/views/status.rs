//! Bottom line: the last message, else key hints generated from the keymap.

use crate::tui::action::Command;
use crate::tui::app::{AppState, EditTarget};
use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    let mut spans = Vec::new();
    if state
        .editing
        .as_ref()
        .is_some_and(|e| e.target == EditTarget::SaveAs)
    {
        spans.push(Span::styled(" Save as: Enter save · Esc cancel ", t.accent));
    } else if let Some(editing) = &state.editing {
        let what = match editing.target {
            EditTarget::Filter => "Filter",
            _ => "Editing",
        };
        spans.push(Span::styled(
            format!(
                " {what}: Enter/Esc finish · {} external editor ",
                state.keymap.key_label(Command::ExternalEditor)
            ),
            t.accent,
        ));
    } else if let Some(message) = &state.message {
        spans.push(Span::styled(
            format!(" {} ", super::safe::text(message)),
            t.warn,
        ));
    }
    if let Some(problem) = &state.autosave_problem {
        // Before the hints, whatever else is said: unsaved edits are at risk.
        spans.push(Span::styled(
            format!(" ⚠ {} ", super::safe::text(problem)),
            t.danger,
        ));
    }
    // The discovery review and the diagram list their own keys at their foot; the
    // shell's would mislead (Tab switches the diagram there, not the pane).
    let own_keys = state.discover.is_some() || (state.diagram.is_some() && state.form.is_none());
    if state.editing.is_none() && !own_keys {
        // The keys of the screen first (a planning phase's: they are what it is for),
        // then the global ones.
        let contexts = crate::tui::keymap::context::beneath_help(state);
        for (key, help) in state.keymap.hints_for(&contexts) {
            spans.push(Span::styled(format!(" {key}"), t.accent));
            spans.push(Span::styled(format!(" {help} "), t.muted));
        }
    }
    frame.render_widget(Lines::new(Line::from(spans)), area);
}
