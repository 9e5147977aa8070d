//! The drawing both diagrams become: boxes, frames and edges on a grid of character
//! cells. The terminal draws the cells as they are; SVG scales them to pixels, so both
//! show the same picture.

use crate::vocab::RiskLevel;

/// A cell of the grid: `x` columns from the left, `y` rows from the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Point {
    pub x: u32,
    pub y: u32,
}

/// A rectangle of cells, its border included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

impl Rect {
    pub fn right(&self) -> u32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> u32 {
        self.y + self.h
    }

    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.x && p.x < self.right() && p.y >= self.y && p.y < self.bottom()
    }

    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
}

/// The session record a drawn item stands for (what selecting it opens).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Component(String),
    Flow(String),
    Zone(String),
    /// A band of the layer map: its layer's short name (`L7`, `CL`) or `unmapped`.
    Band(String),
}

/// A component's box: its text lines and the level that colours it.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxItem {
    pub rect: Rect,
    pub lines: Vec<String>,
    pub level: Option<RiskLevel>,
    pub record: Record,
    /// The flow names an id the session does not hold: a placeholder box.
    pub missing: bool,
}

/// A frame around a group: a trust zone, or a band of the layer map.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameItem {
    pub rect: Rect,
    pub title: String,
    pub record: Record,
}

/// An edge: an orthogonal path of cells from just outside its source box to just
/// outside its target box (the arrow head sits on the last point).
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeItem {
    /// The corners of the path, first and last included.
    pub corners: Vec<Point>,
    /// It crosses a trust boundary (drawn heavier).
    pub crossing: bool,
    pub label: String,
    pub label_at: Point,
    pub level: Option<RiskLevel>,
    pub record: Record,
}

impl EdgeItem {
    /// Every cell the path covers, in order.
    pub fn cells(&self) -> Vec<Point> {
        let mut out = Vec::new();
        for pair in self.corners.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let steps = a.x.abs_diff(b.x) + a.y.abs_diff(b.y);
            for i in 0..steps {
                out.push(step_towards(a, b, i));
            }
        }
        if let Some(last) = self.corners.last() {
            out.push(*last);
        }
        out
    }
}

fn step_towards(a: Point, b: Point, i: u32) -> Point {
    let along = |from: u32, to: u32| if to >= from { from + i } else { from - i };
    if a.x == b.x {
        Point {
            x: a.x,
            y: along(a.y, b.y),
        }
    } else {
        Point {
            x: along(a.x, b.x),
            y: a.y,
        }
    }
}

/// One diagram, laid out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    pub title: String,
    pub width: u32,
    pub height: u32,
    pub frames: Vec<FrameItem>,
    pub boxes: Vec<BoxItem>,
    pub edges: Vec<EdgeItem>,
    /// Lines of text below the drawing: what each edge carries, the boundaries.
    pub legend: Vec<String>,
}
