//! The diagram screen (issue 18): the layer map and the data-flow diagram of the
//! session, drawn full screen by [`crate::tui::widgets::diagram`]. This module holds
//! its state and its update: which diagram, which level colours the boxes, the
//! selected item, the scroll offset. The picture itself is derived from the session
//! ([`picture::Picture`]) and cached per revision, so an edit shows in the next frame.

pub mod picture;
#[cfg(test)]
mod tests;

use super::action::Command;
use super::app::AppState;
use super::update::Effect;
use crate::diagram::grid::Glyphs;
use crate::diagram::scene::{Point, Record};
use crate::diagram::{Basis, Kind};
use crate::session::Session;
use picture::Picture;
use ratatui::layout::Rect;
use std::sync::Arc;

/// Width from which the detail panel sits beside the drawing instead of below it.
pub const WIDE: u16 = 160;
/// Columns of the detail panel when beside the drawing.
pub const DETAIL_WIDTH: u16 = 44;
/// Rows of the detail panel when below the drawing (a rule and four lines).
pub const DETAIL_HEIGHT: u16 = 5;

/// What the picture depends on besides the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PictureKey {
    pub revision: u64,
    pub kind: Kind,
    pub basis: Basis,
    pub width: u32,
    pub glyphs: Glyphs,
}

/// State of the open diagram screen (`AppState::diagram`).
#[derive(Debug, Clone)]
pub struct DiagramState {
    pub kind: Kind,
    pub basis: Basis,
    /// Index into the picture's items.
    pub selected: usize,
    /// First column and row of the drawing shown.
    pub offset: (usize, usize),
    /// The picture for the key it was built for (refreshed after every update).
    pub cache: Option<(PictureKey, Arc<Picture>)>,
}

impl Default for DiagramState {
    fn default() -> DiagramState {
        DiagramState {
            kind: Kind::DataFlow,
            basis: Basis::Inherent,
            selected: 0,
            offset: (0, 0),
            cache: None,
        }
    }
}

/// The drawing's and the detail panel's areas inside the screen's frame.
pub fn areas(inner: Rect) -> (Rect, Rect) {
    if inner.width >= WIDE - 2 {
        let w = DETAIL_WIDTH.min(inner.width / 3);
        let canvas = Rect::new(inner.x, inner.y, inner.width - w - 1, inner.height);
        let detail = Rect::new(inner.right() - w, inner.y, w, inner.height);
        (canvas, detail)
    } else {
        let h = DETAIL_HEIGHT.min(inner.height / 2);
        let canvas = Rect::new(inner.x, inner.y, inner.width, inner.height - h);
        let detail = Rect::new(inner.x, inner.bottom() - h, inner.width, h);
        (canvas, detail)
    }
}

/// As [`areas`], but with the detail panel below when that lets a drawing
/// `drawing_width` cells wide fit across without panning (a data-flow diagram whose
/// zones sit side by side; the layer map is laid out to the width it is given).
pub fn areas_fitting(inner: Rect, drawing_width: usize) -> (Rect, Rect) {
    let (canvas, detail) = areas(inner);
    let beside = detail.width < inner.width;
    if beside
        && drawing_width > usize::from(canvas.width)
        && drawing_width <= usize::from(inner.width)
    {
        let h = DETAIL_HEIGHT.min(inner.height / 2);
        let canvas = Rect::new(inner.x, inner.y, inner.width, inner.height - h);
        let detail = Rect::new(inner.x, inner.bottom() - h, inner.width, h);
        return (canvas, detail);
    }
    (canvas, detail)
}

/// Cells of the drawing shown for `picture` at the last terminal size.
pub fn view_size(size: (u16, u16), picture: &Picture) -> (usize, usize) {
    let (canvas, _) = areas_fitting(inner_for(size), picture.width());
    (usize::from(canvas.width), usize::from(canvas.height))
}

/// The frame's inside for a terminal of `size`: the body between header and status
/// bar, less the border.
fn inner_for(size: (u16, u16)) -> Rect {
    Rect::new(1, 2, size.0.saturating_sub(2), size.1.saturating_sub(4))
}

/// Cells of the drawing shown at the last terminal size.
pub fn canvas_size(size: (u16, u16)) -> (usize, usize) {
    let (canvas, _) = areas(inner_for(size));
    (usize::from(canvas.width), usize::from(canvas.height))
}

impl AppState {
    fn picture_key(&self) -> Option<PictureKey> {
        let d = self.diagram.as_ref()?;
        Some(PictureKey {
            revision: self.doc.as_ref()?.revision,
            kind: d.kind,
            basis: d.basis,
            width: canvas_size(self.last_size).0.max(40) as u32,
            glyphs: self.glyphs(),
        })
    }

    /// Box-drawing characters, or ASCII where the terminal cannot show them.
    fn glyphs(&self) -> Glyphs {
        if self.ascii_lines {
            Glyphs::Ascii
        } else {
            Glyphs::Unicode
        }
    }

    /// The picture of the open diagram, from the cache when it matches the session.
    pub fn diagram_picture(&self) -> Arc<Picture> {
        let key = self.picture_key();
        if let Some(d) = &self.diagram
            && let Some((k, picture)) = &d.cache
            && Some(*k) == key
        {
            return picture.clone();
        }
        let (kind, basis) = self
            .diagram
            .as_ref()
            .map_or((Kind::DataFlow, Basis::Inherent), |d| (d.kind, d.basis));
        let width = key.map_or(80, |k| k.width);
        let empty = Session::default();
        let session = self.doc.as_ref().map_or(&empty, |d| d.session());
        Arc::new(Picture::build(
            session,
            &self.catalog,
            kind,
            basis,
            width,
            self.glyphs(),
        ))
    }
}

/// Brings the cached picture up to date (called after every update).
pub fn refresh(state: &mut AppState) {
    if state.doc.is_none() {
        state.diagram = None;
    }
    let Some(key) = state.picture_key() else {
        return;
    };
    if state
        .diagram
        .as_ref()
        .and_then(|d| d.cache.as_ref())
        .is_some_and(|(k, _)| *k == key)
    {
        return;
    }
    let picture = state.diagram_picture();
    if let Some(d) = &mut state.diagram {
        d.selected = d.selected.min(picture.items.len().saturating_sub(1));
        d.cache = Some((key, picture));
    }
    follow_selection(state);
}

/// Handles a command while the diagram screen is open (or the key that opens it);
/// `None` leaves it to the shell.
pub fn command(state: &mut AppState, command: Command) -> Option<Effect> {
    state.doc.as_ref()?;
    if command == Command::Diagram {
        state.diagram = match state.diagram.take() {
            Some(_) => None,
            None => Some(DiagramState::default()),
        };
        return Some(Effect::None);
    }
    let diagram = state.diagram.as_mut()?;
    match command {
        Command::Back => state.diagram = None,
        Command::NextPane | Command::PrevPane => {
            diagram.kind = match diagram.kind {
                Kind::Layers => Kind::DataFlow,
                Kind::DataFlow => Kind::Layers,
            };
            diagram.selected = 0;
            diagram.offset = (0, 0);
        }
        Command::CycleView => {
            diagram.basis = match diagram.basis {
                Basis::Inherent => Basis::Residual,
                Basis::Residual => Basis::Inherent,
            };
        }
        Command::Up => step(state, Direction::Up),
        Command::Down => step(state, Direction::Down),
        Command::Left => step(state, Direction::Left),
        Command::Right => step(state, Direction::Right),
        Command::Top => select(state, Some(0)),
        Command::Bottom => {
            let last = state.diagram_picture().items.len().checked_sub(1);
            select(state, last);
        }
        Command::PageUp | Command::PageDown => {
            let picture = state.diagram_picture();
            let (_, page) = view_size(state.last_size, &picture);
            let max = picture.rows.len().saturating_sub(page);
            if let Some(d) = &mut state.diagram {
                d.offset.1 = if command == Command::PageUp {
                    d.offset.1.saturating_sub(page.max(1))
                } else {
                    (d.offset.1 + page.max(1)).min(max)
                };
            }
        }
        Command::PanLeft | Command::PanRight | Command::PanUp | Command::PanDown => {
            pan(state, command)
        }
        Command::Open => open_selected(state),
        Command::Phase(_) | Command::PrevPhase | Command::NextPhase => {
            // Leaving for a phase closes the picture; the shell moves.
            state.diagram = None;
            return None;
        }
        Command::Save
        | Command::SaveAs
        | Command::Undo
        | Command::Redo
        | Command::Quit
        | Command::Help
        | Command::Suspend => return None,
        _ => {}
    }
    Some(Effect::None)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
    Left,
    Right,
}

/// Moves the selection to the nearest item in a direction: distance along it, plus
/// twice the distance across it (so the item straight ahead wins over a nearer one
/// off to the side).
fn step(state: &mut AppState, direction: Direction) {
    let picture = state.diagram_picture();
    let Some(d) = &state.diagram else { return };
    let Some(from) = picture.items.get(d.selected).map(|i| i.anchor) else {
        return;
    };
    let next = picture
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let (along, across) = offset_along(from, item.anchor, direction)?;
            Some((along + 2 * across, i))
        })
        .min()
        .map(|(_, i)| i);
    if next.is_some() {
        select(state, next);
    }
}

/// (distance along, distance across) when `to` lies in `direction` from `from`.
fn offset_along(from: Point, to: Point, direction: Direction) -> Option<(u32, u32)> {
    let dx = i64::from(to.x) - i64::from(from.x);
    let dy = i64::from(to.y) - i64::from(from.y);
    let (along, across) = match direction {
        Direction::Up => (-dy, dx),
        Direction::Down => (dy, dx),
        Direction::Left => (-dx, dy),
        Direction::Right => (dx, dy),
    };
    (along > 0).then(|| (along as u32, across.unsigned_abs() as u32))
}

fn select(state: &mut AppState, index: Option<usize>) {
    let count = state.diagram_picture().items.len();
    if let (Some(d), Some(i)) = (&mut state.diagram, index)
        && i < count
    {
        d.selected = i;
    }
    follow_selection(state);
}

/// Scrolls so that the selected item is in view (with a cell of margin).
fn follow_selection(state: &mut AppState) {
    let picture = state.diagram_picture();
    let (w, h) = view_size(state.last_size, &picture);
    let Some(d) = &mut state.diagram else { return };
    let Some(item) = picture.items.get(d.selected) else {
        d.offset = (0, 0);
        return;
    };
    // Keep [start - 1, end + 1) in view; the start wins when the item is larger.
    let fit = |offset: usize, start: u32, len: u32, view: usize| -> usize {
        let low = (start as usize).saturating_sub(1);
        let high = (start + len) as usize + 1;
        let mut offset = offset;
        if high > offset + view {
            offset = high.saturating_sub(view);
        }
        offset.min(low)
    };
    d.offset.0 = fit(d.offset.0, item.area.x, item.area.w, w);
    d.offset.1 = fit(d.offset.1, item.area.y, item.area.h, h);
}

/// Enter: the selected component's or flow's form, in its phase (2), as the record
/// lists open it. The diagram stays open underneath; Esc on the form comes back to it.
fn open_selected(state: &mut AppState) {
    let picture = state.diagram_picture();
    let Some(d) = &state.diagram else { return };
    let Some(item) = picture.items.get(d.selected) else {
        state.message = Some("Nothing to open: the diagram is empty".into());
        return;
    };
    let (kind, id) = match &item.record {
        Record::Component(id) => ("component", id.clone()),
        Record::Flow(id) => ("flow", id.clone()),
        _ => return,
    };
    state.threats.views.clear();
    super::update::set_phase(state, 2);
    super::forms::open_form(state, kind, &id, None);
}

/// Whether the terminal is one that cannot draw box-drawing characters: the Linux
/// console and other non-Unicode terminals by `TERM`, or a locale that is not UTF-8
/// (the first of `LC_ALL`, `LC_CTYPE`, `LANG` that is set decides).
pub fn ascii_terminal(env: &dyn Fn(&str) -> Option<String>) -> bool {
    let term = env("TERM").unwrap_or_default();
    if matches!(
        term.as_str(),
        "linux" | "vt100" | "vt102" | "vt220" | "dumb" | "ansi"
    ) {
        return true;
    }
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| env(k).filter(|v| !v.is_empty()));
    locale.is_some_and(|l| {
        let l = l.to_lowercase();
        !(l.contains("utf-8") || l.contains("utf8"))
    })
}

/// Cells one panning key moves the drawing: a quarter of the view, at least 4.
fn pan(state: &mut AppState, command: Command) {
    let picture = state.diagram_picture();
    let (w, h) = view_size(state.last_size, &picture);
    let max_x = picture.width().saturating_sub(w);
    let max_y = picture.rows.len().saturating_sub(h);
    let Some(d) = &mut state.diagram else { return };
    let step_x = (w / 4).max(4);
    let step_y = (h / 4).max(2);
    // From the offset as drawn (the view holds it inside the drawing).
    let (x, y) = (d.offset.0.min(max_x), d.offset.1.min(max_y));
    d.offset = match command {
        Command::PanLeft => (x.saturating_sub(step_x), y),
        Command::PanRight => ((x + step_x).min(max_x), y),
        Command::PanUp => (x, y.saturating_sub(step_y)),
        Command::PanDown => (x, (y + step_y).min(max_y)),
        _ => (x, y),
    };
}
