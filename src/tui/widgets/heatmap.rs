//! Risk grids: a grid of level-coloured cells with row and column labels, scaled to its
//! area (severity × likelihood, inherent × residual level, layer × level), and the
//! compact 4×4 grid of the Risk panel.
//!
//! Every cell shows its level letter and count, so it reads without colour; the colour
//! is the cell's background. Labels are full words when the width allows and
//! abbreviations only when it does not.

use crate::tui::theme::Theme;
use crate::vocab::RiskLevel;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The style of a risk level as text: Critical is the danger colour reversed, so it
/// stands out even where High shares its colour (and in monochrome, where only
/// modifiers remain).
pub fn level_style(theme: &Theme, level: RiskLevel) -> Style {
    match level {
        RiskLevel::Critical => theme
            .danger
            .add_modifier(Modifier::REVERSED | Modifier::BOLD),
        RiskLevel::High => theme.danger,
        RiskLevel::Medium => theme.warn,
        RiskLevel::Low => theme.ok,
    }
}

/// The fill of a cell at `level`: a background on a ramp that follows the theme's
/// colour depth (16, 256 or truecolor); without colours, modifiers only.
pub fn level_fill(theme: &Theme, level: RiskLevel) -> Style {
    let ramp = |c16: Color, c256: u8, rgb: (u8, u8, u8)| match theme.danger.fg {
        Some(Color::Rgb(..)) => Some(Color::Rgb(rgb.0, rgb.1, rgb.2)),
        Some(Color::Indexed(_)) => Some(Color::Indexed(c256)),
        Some(_) => Some(c16),
        None => None,
    };
    let bg = match level {
        RiskLevel::Critical => ramp(Color::Red, 160, (0xd7, 0x00, 0x00)),
        RiskLevel::High => ramp(Color::LightRed, 209, (0xff, 0x87, 0x5f)),
        RiskLevel::Medium => ramp(Color::Yellow, 178, (0xd7, 0xaf, 0x00)),
        RiskLevel::Low => ramp(Color::Green, 70, (0x5f, 0xaf, 0x00)),
    };
    match bg {
        Some(bg) => {
            let fg = if level == RiskLevel::Critical {
                Color::White
            } else {
                Color::Black
            };
            let style = Style::default().bg(bg).fg(fg);
            if level >= RiskLevel::High {
                style.add_modifier(Modifier::BOLD)
            } else {
                style
            }
        }
        None => match level {
            RiskLevel::Critical => {
                Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
            }
            RiskLevel::High => Style::default().add_modifier(Modifier::BOLD),
            RiskLevel::Medium => Style::default(),
            RiskLevel::Low => Style::default().add_modifier(Modifier::DIM),
        },
    }
}

/// One line naming the letters, highest level first.
pub fn legend(theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled("Legend ", theme.muted)];
    for level in RiskLevel::ALL.iter().rev() {
        spans.push(Span::styled(
            format!(" {} ", level.letter()),
            level_fill(theme, *level),
        ));
        spans.push(Span::styled(format!(" {level}  "), theme.muted));
    }
    Line::from(spans)
}

/// A label in full and in short, for the width at hand.
#[derive(Debug, Clone)]
pub struct Label {
    pub full: String,
    pub short: String,
}

impl Label {
    pub fn new(full: impl Into<String>, short: impl Into<String>) -> Label {
        Label {
            full: full.into(),
            short: short.into(),
        }
    }
}

/// One cell of a [`GridWidget`].
#[derive(Debug, Clone, Default)]
pub struct GridCell<'a> {
    /// The level the cell is coloured with; `None`: no fill.
    pub level: Option<RiskLevel>,
    pub ids: &'a [String],
    /// A marker shown before the count (a chain's step role, the diagonal).
    pub mark: Option<&'a str>,
}

/// A grid of level-coloured cells that grows to fill its area.
pub struct GridWidget<'a> {
    pub title: &'a str,
    pub rows: Vec<Label>,
    pub columns: Vec<Label>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<GridCell<'a>>>,
    pub selected: Option<(usize, usize)>,
    pub theme: &'a Theme,
}

/// Height of a cell: cells grow to fill the height (below a one-line header), up to a
/// size where a bigger cell would show nothing more.
fn cell_height(rows: usize, height: u16) -> u16 {
    (height.saturating_sub(1) / rows.max(1) as u16).clamp(1, 8)
}

/// The lines a grid of `rows` rows takes in an area `height` lines high.
pub fn grid_height(rows: usize, height: u16) -> u16 {
    (1 + cell_height(rows, height) * rows as u16).min(height)
}

/// `ids` as "T3 T7 +4" within `width` characters.
pub fn ids_within(ids: &[String], width: usize) -> String {
    let mut out = String::new();
    for (i, id) in ids.iter().enumerate() {
        let rest = ids.len() - i;
        let more = if rest > 1 {
            format!(" +{}", rest - 1).len()
        } else {
            0
        };
        let sep = usize::from(!out.is_empty());
        if out.chars().count() + sep + id.chars().count() + more > width {
            let tail = format!("+{rest}");
            if out.chars().count() + sep + tail.len() <= width {
                if sep == 1 {
                    out.push(' ');
                }
                out.push_str(&tail);
            }
            return out;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(id);
    }
    out
}

/// `ids` over up to `lines` lines of `width`, the last ending in "+N" for the rest.
fn id_lines(ids: &[String], width: usize, lines: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = ids;
    while !rest.is_empty() && out.len() < lines {
        if out.len() + 1 == lines {
            out.push(ids_within(rest, width));
            break;
        }
        let mut used = 0;
        let mut taken = 0;
        for id in rest {
            let need = id.chars().count() + usize::from(taken > 0);
            if used + need > width {
                break;
            }
            used += need;
            taken += 1;
        }
        if taken == 0 {
            out.push(ids_within(rest, width));
            break;
        }
        out.push(rest[..taken].join(" "));
        rest = &rest[taken..];
    }
    out
}

fn put(buf: &mut Buffer, x: u16, y: u16, text: &str, width: u16, style: Style) {
    let clipped: String = text.chars().take(usize::from(width)).collect();
    buf.set_stringn(x, y, clipped, usize::from(width), style);
}

impl GridWidget<'_> {
    /// Width of the row labels and whether the labels are full words.
    fn label_width(&self, area: Rect) -> (u16, bool) {
        let cols = self.columns.len().max(1);
        let full_row = self.rows.iter().map(|l| l.full.chars().count()).max();
        let short_row = self.rows.iter().map(|l| l.short.chars().count()).max();
        let full_col = self.columns.iter().map(|l| l.full.chars().count()).max();
        let full_row = full_row.unwrap_or(0).max(self.title.chars().count()) + 1;
        let fits =
            usize::from(area.width).saturating_sub(full_row) / cols > full_col.unwrap_or(0).max(6);
        if fits {
            (full_row as u16, true)
        } else {
            (short_row.unwrap_or(0) as u16 + 1, false)
        }
    }
}

impl Widget for GridWidget<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let rows = self.rows.len();
        let cols = self.columns.len();
        if rows == 0 || cols == 0 || area.height < 2 || area.width < 4 {
            return;
        }
        let (label_w, full) = self.label_width(area);
        let cell_w = (area.width.saturating_sub(label_w) / cols as u16).max(1);
        let cell_h = cell_height(rows, area.height);
        // Header: the title over the row labels, the column labels over the cells.
        let title = if full {
            self.title.to_string()
        } else {
            self.title.chars().take(usize::from(label_w)).collect()
        };
        put(buf, area.x, area.y, &title, label_w, t.accent);
        for (c, label) in self.columns.iter().enumerate() {
            let text = if full { &label.full } else { &label.short };
            let w = usize::from(cell_w.saturating_sub(1));
            let x = area.x + label_w + c as u16 * cell_w;
            put(buf, x, area.y, &format!("{text:^w$}"), cell_w, t.muted);
        }
        for (r, label) in self.rows.iter().enumerate() {
            let y0 = area.y + 1 + r as u16 * cell_h;
            if y0 >= area.bottom() {
                break;
            }
            let text = if full { &label.full } else { &label.short };
            let ly = y0 + (cell_h - 1) / 2;
            if ly < area.bottom() {
                put(buf, area.x, ly, text, label_w, t.muted);
            }
            for c in 0..cols {
                let Some(cell) = self.cells.get(r).and_then(|row| row.get(c)) else {
                    continue;
                };
                let x = area.x + label_w + c as u16 * cell_w;
                // One column of gap between cells, one row when cells are tall.
                let w = cell_w.saturating_sub(1).max(1);
                let h = if cell_h >= 3 { cell_h - 1 } else { cell_h };
                let selected = self.selected == Some((r, c));
                let count = cell.ids.len();
                let style = match (selected, cell.level) {
                    (true, _) => t.selected,
                    (false, Some(level)) if count > 0 => level_fill(t, level),
                    _ => t.muted,
                };
                for dy in 0..h {
                    if y0 + dy < area.bottom() {
                        put(buf, x, y0 + dy, &" ".repeat(usize::from(w)), w, style);
                    }
                }
                let letter = cell.level.map_or(' ', RiskLevel::letter);
                let mark = cell.mark.unwrap_or("");
                let head = format!("{mark}{letter} {count}");
                let wu = usize::from(w);
                // Brackets mark the selection without colour, where they fit.
                let head = if selected && head.chars().count() + 2 <= wu {
                    format!("[{head}]")
                } else {
                    head
                };
                put(buf, x, y0, &format!("{head:^wu$}"), w, style);
                if h >= 2 && count > 0 {
                    let inner = wu.saturating_sub(2).max(1);
                    for (i, line) in id_lines(cell.ids, inner, usize::from(h - 1))
                        .iter()
                        .enumerate()
                    {
                        let y = y0 + 1 + i as u16;
                        if y < area.bottom() {
                            put(buf, x + 1, y, line, w.saturating_sub(1), style);
                        }
                    }
                }
            }
        }
    }
}

/// The compact 4×4 severity × likelihood grid of the Risk panel: severity rows named,
/// likelihood columns by initial, a coloured count per cell, and a one-line legend
/// (at least 28 columns). `grid[row][column]` holds (level, count), rows Critical …
/// Low, columns Unlikely … Very likely.
pub fn compact_lines(theme: &Theme, grid: &[[(RiskLevel, usize); 4]; 4]) -> Vec<Line<'static>> {
    let t = theme;
    let mut lines = vec![Line::from(vec![
        Span::styled("Sev ", t.muted),
        Span::styled("   U    P    L    V", t.muted),
        // Columns: likelihood, by initial (explained on the legend line).
    ])];
    for (row, name) in grid.iter().zip(["Crit", "High", "Med ", "Low "]) {
        let mut spans = vec![Span::styled(name.to_string(), t.muted)];
        for &(level, count) in row {
            spans.push(Span::raw(" "));
            // The count and the level's letter, so the cell reads without colour too.
            let text = match count {
                0 => "  · ".to_string(),
                1..=99 => format!("{count:>2}{} ", level.letter()),
                _ => format!("{:>3}{}", count.min(999), level.letter()),
            };
            let style = if count == 0 {
                t.muted
            } else {
                level_fill(t, level)
            };
            spans.push(Span::styled(text, style));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(Span::styled(
        "cols: Unlikely → Very likely",
        t.muted,
    )));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("T{i}")).collect()
    }

    #[test]
    fn ids_that_do_not_fit_end_in_a_count_of_the_rest() {
        assert_eq!(ids_within(&ids(2), 20), "T1 T2");
        assert_eq!(ids_within(&ids(6), 9), "T1 T2 +4");
        assert_eq!(ids_within(&ids(6), 2), "+6");
        assert_eq!(id_lines(&ids(7), 5, 2), ["T1 T2", "T3 +4"]);
    }

    #[test]
    fn critical_fill_is_a_background_in_colour_and_reversed_without() {
        use crate::tui::theme::ColorMode;
        let dark = Theme::named("dark", ColorMode::Ansi16).unwrap();
        assert_eq!(level_fill(&dark, RiskLevel::Critical).bg, Some(Color::Red));
        let none = Theme::named("dark", ColorMode::None).unwrap();
        let fill = level_fill(&none, RiskLevel::Critical);
        assert_eq!(fill.bg, None);
        assert!(fill.add_modifier.contains(Modifier::REVERSED));
    }
}
