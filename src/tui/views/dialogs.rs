//! Modal questions: quit with unsaved changes, recover autosaved edits.

use super::centered;
use crate::tui::app::{AppState, Dialog};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, dialog: &Dialog) {
    let t = &state.theme;
    let (title, body, keys) = match dialog {
        Dialog::ConfirmQuit => (
            " Unsaved changes ",
            "This session has changes that are not saved.".to_string(),
            "[s] save and quit   [d] discard and quit   [Esc] cancel",
        ),
        Dialog::Recovery(_) => (
            " Recover unsaved edits? ",
            "Edits that were never saved were found in the recovery file beside this session \
             (from a crash or a dropped connection)."
                .to_string(),
            "[r] recover   [d] discard   [Esc] decide later",
        ),
        Dialog::ConfirmDelete(pending) => (
            " Delete? ",
            match &pending.used_by {
                Some(used) => format!(
                    "Delete {}? {used}; deleting also removes those references.",
                    pending.id
                ),
                None => format!("Delete {}? Nothing refers to it.", pending.id),
            },
            match &pending.used_by {
                Some(_) => "[y] delete and unlink   [n/Esc] cancel",
                None => "[y] delete   [n/Esc] cancel",
            },
        ),
        Dialog::Help => return,
    };
    let box_area = centered(area, 64, 8);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.warn)
        .title(Span::styled(title, t.warn));
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let lines = vec![
        Line::from(Span::styled(body, t.text)),
        Line::from(""),
        Line::from(Span::styled(keys, t.accent)),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}
