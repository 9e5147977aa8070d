//! Where each region of the shell goes; shared by the views and mouse handling.

use crate::tui::guide;
use ratatui::layout::{Constraint, Layout, Rect};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShellAreas {
    pub header: Rect,
    pub rail: Rect,
    pub risk: Rect,
    /// Layer tabs, only on phases that work per layer.
    pub tabs: Option<Rect>,
    pub main: Rect,
    pub status: Rect,
}

/// Width of the phase rail and the risk summary column.
pub const RAIL_WIDTH: u16 = 30;

pub fn shell(area: Rect, phase: u8) -> ShellAreas {
    let [header, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Length(RAIL_WIDTH), Constraint::Min(0)]).areas(body);
    let [rail, risk] = Layout::vertical([Constraint::Length(12), Constraint::Min(0)]).areas(left);
    let (tabs, main) = if guide::is_per_layer(phase) {
        let [tabs, main] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(right);
        (Some(tabs), main)
    } else {
        (None, right)
    };
    ShellAreas {
        header,
        rail,
        risk,
        tabs,
        main,
        status,
    }
}
