//! The one door user text goes through on its way to the screen.
//!
//! Session text, imported OTM names, catalog overrides, file names and error messages
//! all come from files someone else may have written. [`text`]/[`span`] strip escape
//! sequences, control characters and bidi overrides (see [`crate::text`]) and cut very
//! long strings (see [`crate::limits::drawable`]), so a hostile field can neither drive
//! the terminal nor make a redraw slow. [`scrub`] then checks the finished frame: any
//! cell that still holds a control or bidi character (a view that forgot to call
//! [`text`]) is blanked, so nothing reaches the terminal even then.

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::Span;

/// User text made safe to draw on one line.
pub fn text(raw: &str) -> String {
    crate::limits::drawable(raw).into_owned()
}

/// A styled span of user text.
pub fn span(raw: &str, style: Style) -> Span<'static> {
    Span::styled(text(raw), style)
}

/// Characters that must never be in a drawn cell.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// Blanks every cell of a rendered frame that holds an unsafe character.
pub fn scrub(buffer: &mut Buffer) {
    for cell in &mut buffer.content {
        let symbol = cell.symbol();
        // Nearly every cell holds one printable ASCII byte: no need to decode it.
        if let [b] = symbol.as_bytes()
            && (b' '..=b'~').contains(b)
        {
            continue;
        }
        if symbol.chars().any(is_unsafe) {
            cell.set_symbol(" ");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn scrub_blanks_cells_with_control_characters() {
        let mut buffer = Buffer::empty(Rect::new(0, 0, 5, 1));
        buffer[(0, 0)].set_symbol("a");
        buffer[(1, 0)].set_symbol("\x1b");
        buffer[(3, 0)].set_symbol("\x7f");
        buffer[(4, 0)].set_symbol("~");
        buffer[(2, 0)].set_symbol("b\u{202E}");
        scrub(&mut buffer);
        let drawn: String = buffer.content.iter().map(|c| c.symbol()).collect();
        assert_eq!(drawn, "a   ~");
    }

    #[test]
    fn text_strips_sequences_and_cuts() {
        assert_eq!(
            text("\x1b]52;c;AAAA\x07ok\u{202E}"),
            "\\u{1b}]52;c;AAAA\\u{7}ok\\u{202e}"
        );
        assert!(text(&"y".repeat(100_000)).chars().count() <= crate::limits::MAX_DRAWN_CHARS + 1);
    }
}
