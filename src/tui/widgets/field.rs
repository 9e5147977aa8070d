//! A single-line text field over `ratatui-textarea`, with paste support.

use ratatui::style::Style;
use ratatui::widgets::Widget;
use ratatui_textarea::{Input, Key, TextArea};

#[derive(Debug, Clone)]
pub struct Field {
    area: TextArea<'static>,
}

impl Field {
    pub fn new(text: &str) -> Field {
        // Fields are one line; a pasted or edited newline becomes a space. Terminal
        // control sequences never reach the screen, so editing a value cleans them.
        let clean = crate::text::sanitize_inline(text);
        let mut area = TextArea::new(vec![clean.replace('\n', " ")]);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        area.set_cursor_line_style(Style::default());
        Field { area }
    }

    /// Feeds a key; Enter is handled by the caller (it finishes the edit).
    pub fn input(&mut self, input: Input) -> bool {
        if input.key == Key::Enter {
            return false;
        }
        self.area.input(input)
    }

    /// `ratatui-textarea` ignores paste events; insert the text ourselves.
    pub fn paste(&mut self, text: &str) {
        self.area
            .insert_str(text.replace(['\r', '\n'], " ").trim_end());
    }

    pub fn text(&self) -> String {
        self.area.lines().join(" ")
    }

    pub fn set_style(&mut self, style: Style, cursor: Style) {
        self.area.set_style(style);
        self.area.set_cursor_style(cursor);
    }

    pub fn widget(&self) -> impl Widget + '_ {
        &self.area
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_and_pasting_append_at_the_end() {
        let mut f = Field::new("FAQ");
        f.input(Input {
            key: Key::Char('s'),
            ..Input::default()
        });
        f.paste(" bot\n");
        assert_eq!(f.text(), "FAQs bot");
    }
}
