//! Shown below 80×24 instead of a cramped shell; must draw at any size down to 1×1.

use super::{MIN_HEIGHT, MIN_WIDTH};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(frame: &mut Frame, area: Rect) {
    let text = format!(
        "Terminal too small (needs {MIN_WIDTH}×{MIN_HEIGHT}, is {}×{}). Enlarge the window; q quits.",
        area.width, area.height
    );
    let top = area.height.saturating_sub(3) / 2;
    let area = Rect::new(area.x, area.y + top, area.width, area.height - top);
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        area,
    );
}
