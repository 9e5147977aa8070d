//! Styled lines drawn exactly as ratatui's `Paragraph` draws them — cut at the area's
//! edge, or word-wrapped as `Wrap { trim }` wraps — at a fraction of the cost.
//!
//! Why not `Paragraph`: at 200×50 its composers were a third of a frame (issue 23). They
//! split every line into graphemes, measure each one and queue it, then index the buffer
//! cell by cell. Here ASCII text (nearly all of a session) is taken a byte at a time, a
//! line's glyphs are kept in one reused list, and a row is written through its slice of
//! the buffer. Other text goes through the same grapheme split and widths `Paragraph`
//! uses, and the wrapping is its state machine, step for step, so the drawn cells are the
//! same (`tests::draws_what_paragraph_draws` compares the two on random text).
//! What `Paragraph` has and this does not: a block, a paragraph style, horizontal scroll.

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Text};
use ratatui::widgets::Widget;
use std::collections::VecDeque;
use unicode_segmentation::UnicodeSegmentation;

/// Lines to draw, cut or wrapped.
#[derive(Debug, Clone, Default)]
pub struct Lines<'a> {
    text: Text<'a>,
    /// `Some(trim)`: word-wrapped, as `Wrap { trim }`.
    wrap: Option<bool>,
    /// Wrapped (or cut) lines skipped at the top.
    scroll: u16,
}

impl<'a> Lines<'a> {
    /// The lines, each cut at the area's right edge.
    pub fn new(text: impl Into<Text<'a>>) -> Self {
        Lines {
            text: text.into(),
            wrap: None,
            scroll: 0,
        }
    }

    /// Wrapped at spaces as `Wrap { trim: false }` wraps (leading spaces kept).
    pub fn wrapped(text: impl Into<Text<'a>>) -> Self {
        Lines {
            wrap: Some(false),
            ..Lines::new(text)
        }
    }

    /// Wrapped as `Wrap { trim }` wraps.
    pub fn wrap(mut self, trim: bool) -> Self {
        self.wrap = Some(trim);
        self
    }

    /// The first `rows` drawn lines skipped (as `Paragraph::scroll((rows, 0))`).
    pub fn scroll(mut self, rows: u16) -> Self {
        self.scroll = rows;
        self
    }
}

impl Widget for Lines<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Widget::render(&self, area, buf);
    }
}

impl Widget for &Lines<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let mut rows = Rows {
            buf,
            area,
            y: 0,
            skip: self.scroll,
        };
        let mut glyphs = Vec::new();
        let mut wrapper = Wrapper::default();
        for line in &self.text.lines {
            glyphs.clear();
            let max = area.width;
            let cut = self.wrap.is_none().then_some(max);
            glyphs_of(line, self.text.style, cut, &mut glyphs);
            let alignment = line
                .alignment
                .or(self.text.alignment)
                .unwrap_or(Alignment::Left);
            let more = match self.wrap {
                None => rows.draw(&glyphs, glyphs.iter().map(|g| g.width), alignment),
                Some(trim) => wrapper.wrap(&glyphs, max, trim, |line| {
                    let widths = line.iter().map(|&i| glyphs[i as usize].width);
                    rows.draw_picked(&glyphs, line, widths, alignment)
                }),
            };
            if !more {
                return;
            }
        }
    }
}

/// One grapheme to draw: its text, cells, whether the wrapping counts it as a space.
#[derive(Debug, Clone, Copy)]
struct Glyph<'t> {
    symbol: &'t str,
    width: u16,
    space: bool,
    style: Style,
}

/// The glyphs of `line` as `Line::styled_graphemes(base)` gives them (graphemes holding
/// a control character dropped). With `cut`, as many as `LineTruncator` keeps in that
/// width (a glyph wider than the whole width is skipped), and no more are read.
fn glyphs_of<'t>(line: &'t Line<'_>, base: Style, cut: Option<u16>, out: &mut Vec<Glyph<'t>>) {
    let line_style = base.patch(line.style);
    let mut used: u16 = 0;
    for span in &line.spans {
        let style = line_style.patch(span.style);
        let content: &str = &span.content;
        // Keeps a glyph; false once the cut width is reached.
        let mut keep = |g: Glyph<'t>| -> bool {
            if let Some(max) = cut {
                if g.width > max {
                    return true;
                }
                if used.saturating_add(g.width) > max {
                    return false;
                }
                used += g.width;
            }
            out.push(g);
            true
        };
        if content.is_ascii() {
            // In ASCII a grapheme is a byte (CR LF, the one pair, holds controls).
            for (i, b) in content.bytes().enumerate() {
                if b.is_ascii_control() {
                    continue;
                }
                let glyph = Glyph {
                    symbol: &content[i..=i],
                    width: 1,
                    space: b == b' ',
                    style,
                };
                if !keep(glyph) {
                    return;
                }
            }
        } else {
            for g in content.graphemes(true) {
                if g.contains(char::is_control) {
                    continue;
                }
                let glyph = Glyph {
                    symbol: g,
                    width: g.cell_width(),
                    space: is_space(g),
                    style,
                };
                if !keep(glyph) {
                    return;
                }
            }
        }
    }
}

/// Whitespace as the wrapping sees it (`StyledGrapheme::is_whitespace`).
fn is_space(g: &str) -> bool {
    const ZWSP: &str = "\u{200b}";
    const NBSP: &str = "\u{00a0}";
    g == ZWSP || g.chars().all(char::is_whitespace) && g != NBSP
}

/// The rows of the area, filled from the top (after `skip` lines).
struct Rows<'b> {
    buf: &'b mut Buffer,
    area: Rect,
    y: u16,
    skip: u16,
}

impl Rows<'_> {
    /// Draws a line made of `glyphs` (all of them); false once the area is full.
    fn draw(
        &mut self,
        glyphs: &[Glyph],
        widths: impl Iterator<Item = u16>,
        alignment: Alignment,
    ) -> bool {
        self.place(glyphs.iter(), widths, alignment)
    }

    /// Draws the line made of `glyphs[i]` for each `i` in `picked`.
    fn draw_picked(
        &mut self,
        glyphs: &[Glyph],
        picked: &[u32],
        widths: impl Iterator<Item = u16>,
        alignment: Alignment,
    ) -> bool {
        self.place(
            picked.iter().map(|&i| &glyphs[i as usize]),
            widths,
            alignment,
        )
    }

    fn place<'g, 't: 'g>(
        &mut self,
        line: impl Iterator<Item = &'g Glyph<'t>>,
        widths: impl Iterator<Item = u16>,
        alignment: Alignment,
    ) -> bool {
        if self.skip > 0 {
            self.skip -= 1;
            return true;
        }
        if self.y >= self.area.height {
            return false;
        }
        let width = self.area.width;
        let mut x = match alignment {
            Alignment::Left => 0,
            Alignment::Center => {
                let used: u16 = widths.fold(0, |a, w| a.saturating_add(w));
                (width / 2).saturating_sub(used / 2)
            }
            Alignment::Right => {
                let used: u16 = widths.fold(0, |a, w| a.saturating_add(w));
                width.saturating_sub(used)
            }
        };
        let buf_area = self.buf.area;
        let row_start = usize::from(self.area.y + self.y - buf_area.y)
            * usize::from(buf_area.width)
            + usize::from(self.area.x - buf_area.x);
        let row = &mut self.buf.content[row_start..row_start + usize::from(width)];
        for g in line {
            if g.width == 0 {
                continue;
            }
            let Some(cell) = row.get_mut(usize::from(x)) else {
                break;
            };
            cell.set_symbol(g.symbol).set_style(g.style);
            x = x.saturating_add(g.width);
        }
        self.y += 1;
        self.y < self.area.height
    }
}

/// `WordWrapper::process_input` of ratatui-widgets 0.3, on positions in a line's glyphs:
/// the same conditions in the same order, so lines break where `Paragraph` breaks them.
#[derive(Default)]
struct Wrapper {
    line: Vec<u32>,
    word: Vec<u32>,
    spaces: VecDeque<u32>,
}

impl Wrapper {
    /// Wraps one input line into `max` columns, giving each wrapped line to `emit`;
    /// false as soon as `emit` says the area is full.
    fn wrap(
        &mut self,
        glyphs: &[Glyph],
        max: u16,
        trim: bool,
        mut emit: impl FnMut(&[u32]) -> bool,
    ) -> bool {
        if max == 0 {
            return false;
        }
        let max = u32::from(max);
        let (line, word, spaces) = (&mut self.line, &mut self.word, &mut self.spaces);
        line.clear();
        word.clear();
        spaces.clear();
        let (mut line_width, mut word_width, mut space_width) = (0u32, 0u32, 0u32);
        let mut word_before = false;
        let mut emitted = false;
        for (i, g) in glyphs.iter().enumerate() {
            let width = u32::from(g.width);
            if width > max {
                continue;
            }
            let word_found = word_before && g.space;
            let trimmed_overflow = line.is_empty() && trim && word_width + width > max;
            let space_overflow = line.is_empty() && trim && space_width + width > max;
            let untrimmed_overflow =
                line.is_empty() && !trim && word_width + space_width + width > max;
            if word_found || trimmed_overflow || space_overflow || untrimmed_overflow {
                if !line.is_empty() || !trim {
                    line.extend(spaces.drain(..));
                    line_width += space_width;
                }
                line.append(word);
                line_width += word_width;
                spaces.clear();
                space_width = 0;
                word_width = 0;
            }
            let line_full = line_width >= max;
            let word_overflow = width > 0 && line_width + space_width + word_width >= max;
            if line_full || word_overflow {
                let mut remaining = max.saturating_sub(line_width);
                emitted = true;
                if !emit(line) {
                    return false;
                }
                line.clear();
                line_width = 0;
                // Spaces that fit the end of the finished line go with it.
                while let Some(&first) = spaces.front() {
                    let w = u32::from(glyphs[first as usize].width);
                    if w > remaining {
                        break;
                    }
                    space_width -= w;
                    remaining -= w;
                    spaces.pop_front();
                }
                if g.space && spaces.is_empty() {
                    continue;
                }
            }
            let at = i as u32;
            if g.space {
                space_width += width;
                spaces.push_back(at);
            } else {
                word_width += width;
                word.push(at);
            }
            word_before = !g.space;
        }
        if line.is_empty() && word.is_empty() && !spaces.is_empty() && trim {
            emitted = true;
            if !emit(&[]) {
                return false;
            }
        }
        if !line.is_empty() || !trim {
            line.extend(spaces.drain(..));
        }
        line.append(word);
        if !line.is_empty() {
            emitted = true;
            if !emit(line) {
                return false;
            }
        }
        if !emitted {
            return emit(&[]);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;
    use ratatui::widgets::{Paragraph, Wrap};

    /// Pieces of text that exercise the rules: words, runs of spaces, wide and
    /// zero-width characters, a no-break space, controls, a combining accent.
    const PIECES: &[&str] = &[
        "a",
        "bc",
        "def",
        "word",
        "longerword",
        " ",
        "  ",
        "é",
        "世界",
        "\u{200b}",
        "\u{a0}",
        "\t",
        "e\u{301}",
        "ﾞ",
        "\x1b",
        "-",
        "x y",
        "\r\n",
    ];

    fn span() -> impl Strategy<Value = Span<'static>> {
        (
            proptest::collection::vec(0..PIECES.len(), 0..8),
            0..4usize,
            any::<bool>(),
        )
            .prop_map(|(pieces, color, bold)| {
                let text: String = pieces.into_iter().map(|i| PIECES[i]).collect();
                let mut style = Style::default();
                if color > 0 {
                    style = style.fg([Color::Red, Color::Green, Color::Blue][color - 1]);
                }
                if bold {
                    style = style.add_modifier(Modifier::BOLD);
                }
                Span::styled(text, style)
            })
    }

    fn line() -> impl Strategy<Value = Line<'static>> {
        (
            proptest::collection::vec(span(), 0..4),
            0..4usize,
            any::<bool>(),
        )
            .prop_map(|(spans, align, italic)| {
                let mut line = Line::from(spans);
                line.alignment = [
                    None,
                    Some(Alignment::Left),
                    Some(Alignment::Center),
                    Some(Alignment::Right),
                ][align];
                if italic {
                    line.style = Style::default().add_modifier(Modifier::ITALIC);
                }
                line
            })
    }

    /// A buffer with something in every cell, so a cell left alone shows.
    fn canvas() -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, 34, 12));
        for (i, cell) in buf.content.iter_mut().enumerate() {
            cell.set_symbol(["·", "#", "世"][i % 3]);
        }
        buf
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn draws_what_paragraph_draws(
            lines in proptest::collection::vec(line(), 0..6),
            (x, y, w, h) in (0..4u16, 0..3u16, 0..34u16, 0..12u16),
            wrap in prop_oneof![Just(None), Just(Some(false)), Just(Some(true))],
            scroll in 0..4u16,
        ) {
            let area = Rect::new(x, y, w, h);
            let mut paragraph = Paragraph::new(lines.clone()).scroll((scroll, 0));
            if let Some(trim) = wrap {
                paragraph = paragraph.wrap(Wrap { trim });
            }
            // `Paragraph` can put a wide glyph's line past the area's right edge (and
            // panics past the buffer's): only the area's cells are compared, and ours
            // must leave the rest alone.
            let drawn_by_paragraph = std::panic::catch_unwind(|| {
                let mut buf = canvas();
                paragraph.render(area, &mut buf);
                buf
            });
            prop_assume!(drawn_by_paragraph.is_ok());
            let mut expected = canvas();
            if let Ok(by_paragraph) = drawn_by_paragraph {
                let inside = area.intersection(expected.area);
                for position in inside.positions() {
                    expected[position] = by_paragraph[position].clone();
                }
            }
            let mut drawn = canvas();
            let mut ours = Lines::new(lines).scroll(scroll);
            if let Some(trim) = wrap {
                ours = ours.wrap(trim);
            }
            ours.render(area, &mut drawn);
            prop_assert_eq!(drawn, expected);
        }
    }

    #[test]
    fn wraps_long_text_and_stops_at_the_bottom() {
        let text = "the quick brown fox jumps over the lazy dog ".repeat(50);
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 3));
        Lines::wrapped(Line::from(text)).render(buf.area, &mut buf);
        assert_eq!(
            buf,
            Buffer::with_lines(["the quick   ", "brown fox   ", "jumps over  "])
        );
    }
}
