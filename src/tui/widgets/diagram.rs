//! A window onto a drawn diagram: the rows of characters the grid renderer made,
//! from a scroll offset, with styles laid over them — frames muted, edges that
//! cross a trust boundary in the warning colour, each box's threat line in the colour
//! of its level, and the selected box or edge reversed (so it shows without colour).

use crate::diagram::scene::{Point, Scene};
use crate::tui::theme::Theme;
use crate::tui::widgets::heatmap::level_style;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;

/// What is selected in the drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Highlight {
    None,
    Box(usize),
    Edge(usize),
}

pub struct DiagramCanvas<'a> {
    pub scene: &'a Scene,
    /// The drawing, one string per row (rows past the scene are the legend).
    pub rows: &'a [String],
    pub offset: (usize, usize),
    pub highlight: Highlight,
    pub theme: &'a Theme,
}

impl DiagramCanvas<'_> {
    /// The style of each cell of the window `area` shows (`None`: the text style).
    /// Painted item by item, later over earlier, so the cost follows the items, not
    /// the cells times the items.
    fn styles(&self, area: Rect) -> Vec<Option<Style>> {
        let t = self.theme;
        let selected = t.selected.add_modifier(Modifier::REVERSED | Modifier::BOLD);
        let scene = self.scene;
        let (dx, dy) = (self.offset.0 as u32, self.offset.1 as u32);
        let (w, h) = (u32::from(area.width), u32::from(area.height));
        let mut styles = vec![None; (w * h) as usize];
        let mut paint = |p: Point, style: Style| {
            if p.x >= dx && p.y >= dy && p.x - dx < w && p.y - dy < h {
                styles[((p.y - dy) * w + (p.x - dx)) as usize] = Some(style);
            }
        };
        for y in scene.height.max(dy)..dy + h {
            for x in dx..dx + w {
                paint(Point { x, y }, t.muted);
            }
        }
        for frame in &scene.frames {
            for p in border(&frame.rect) {
                paint(p, t.muted);
            }
        }
        for (i, edge) in scene.edges.iter().enumerate() {
            let chosen = self.highlight == Highlight::Edge(i);
            if !(edge.crossing || chosen) {
                continue;
            }
            let style = if chosen { selected } else { t.warn };
            for p in edge.cells() {
                paint(p, style);
            }
            if chosen {
                let len = edge.label.chars().count() as u32;
                for x in edge.label_at.x..edge.label_at.x + len {
                    paint(
                        Point {
                            x,
                            y: edge.label_at.y,
                        },
                        style,
                    );
                }
            }
        }
        for (i, b) in scene.boxes.iter().enumerate() {
            let r = b.rect;
            let edge_style = if self.highlight == Highlight::Box(i) {
                selected
            } else if b.missing {
                t.muted
            } else {
                t.text
            };
            for p in border(&r) {
                paint(p, edge_style);
            }
            for x in r.x + 1..r.right().saturating_sub(1) {
                for y in r.y + 1..r.bottom().saturating_sub(1) {
                    paint(Point { x, y }, t.text);
                }
            }
            let room = r.w.saturating_sub(4);
            if let Some(name) = b.lines.first() {
                let len = (name.chars().count() as u32).min(room);
                for x in r.x + 2..r.x + 2 + len {
                    paint(Point { x, y: r.y + 1 }, t.text.add_modifier(Modifier::BOLD));
                }
            }
            // The second text line is the threat summary ("3 threats · H").
            if let (Some(summary), Some(level)) = (b.lines.get(1), b.level)
                && r.h > 3
            {
                let len = (summary.chars().count() as u32).min(room);
                for x in r.x + 2..r.x + 2 + len {
                    paint(Point { x, y: r.y + 2 }, level_style(t, level));
                }
            }
        }
        styles
    }
}

/// The cells on a rectangle's border.
fn border(r: &crate::diagram::scene::Rect) -> Vec<Point> {
    let mut out = Vec::new();
    if r.w == 0 || r.h == 0 {
        return out;
    }
    for x in r.x..r.right() {
        out.push(Point { x, y: r.y });
        out.push(Point {
            x,
            y: r.bottom() - 1,
        });
    }
    for y in r.y + 1..r.bottom().saturating_sub(1) {
        out.push(Point { x: r.x, y });
        out.push(Point {
            x: r.right() - 1,
            y,
        });
    }
    out
}

impl Widget for DiagramCanvas<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let styles = self.styles(area);
        let (dx, dy) = self.offset;
        for row in 0..area.height {
            let Some(line) = self.rows.get(dy + usize::from(row)) else {
                break;
            };
            for (col, c) in line
                .chars()
                .skip(dx)
                .take(usize::from(area.width))
                .enumerate()
            {
                let style = styles[usize::from(row) * usize::from(area.width) + col];
                let cell = &mut buf[(area.x + col as u16, area.y + row)];
                cell.set_char(c);
                cell.set_style(style.unwrap_or(self.theme.text));
            }
        }
    }
}
