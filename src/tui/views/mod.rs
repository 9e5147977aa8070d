//! Render-only functions, one per screen region. They read the state and draw;
//! they never change state, decide scores or touch files.

pub mod conflicts;
pub mod diagram;
pub mod dialogs;
pub mod fit;
pub mod focus;
pub mod form;
pub mod header;
pub mod heatmap;
pub mod help;
pub mod layout;
pub mod links;
pub mod main_pane;
pub mod main_wide;
pub mod plan;
pub mod portfolio;
pub mod problems;
pub mod rail;
pub mod recovery_dialog;
pub mod register;
pub mod risk;
/// The one door user text goes through (in `widgets`: widgets draw user text too and
/// never use a view), under its old path for the views.
pub use super::widgets::safe;
pub mod start;
pub mod status;
pub mod threats;
pub mod threats_layout;
pub mod threats_wide;
pub mod too_small;
pub mod wrap_rows;

use super::app::{AppState, Dialog, Screen};
use ratatui::Frame;
use ratatui::layout::Rect;

/// The smallest terminal the shell is laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Draws the whole screen.
pub fn render(frame: &mut Frame, state: &AppState) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small::render(frame, area);
        return;
    }
    match state.screen {
        Screen::Start if state.portfolio.is_some() => portfolio::render(frame, area, state),
        Screen::Start => start::render(frame, area, state),
        Screen::Shell => {
            let areas = layout::shell(area, state.phase);
            header::render(frame, areas.header, state);
            if state.discover.is_some() {
                let top = areas.header.y + areas.header.height;
                let body = Rect::new(area.x, top, area.width, areas.status.y - top);
                crate::tui::discover::view::render(frame, body, state);
            } else if let Some(open) = &state.diagram
                && state.form.is_none()
            {
                // The diagram covers everything between header and status bar; a record
                // opened from it shows in its phase, and Esc comes back here.
                let top = areas.header.y + areas.header.height;
                let body = Rect::new(area.x, top, area.width, areas.status.y - top);
                diagram::render(frame, body, state, open);
            } else if let Some(view) = state.threats.view() {
                // Full-screen threat views cover everything between header and status bar.
                let top = areas.header.y + areas.header.height;
                let body = Rect::new(area.x, top, area.width, areas.status.y - top);
                match &state.form {
                    // A card's form opens over the card it edits.
                    Some(form) => {
                        frame.render_widget(ratatui::widgets::Clear, body);
                        form::render(frame, body, state, form);
                    }
                    None => threats::render_view(frame, body, state, view),
                }
            } else {
                rail::render(frame, areas.rail, state);
                risk::render(frame, areas.risk, state);
                if let Some(tabs) = areas.tabs {
                    rail::render_tabs(frame, tabs, state);
                }
                if state.phase == 6 && state.doc.is_some() && state.form.is_none() {
                    threats::render_layer(frame, areas.main, state);
                } else {
                    main_pane::render(frame, areas.main, state);
                }
            }
            status::render(frame, areas.status, state);
        }
    }
    // The link picker under the dialogs: `?` in the picker opens the help over it.
    if let Some(picker) = &state.links.picker {
        links::render(frame, area, state, picker);
    }
    match &state.dialog {
        Some(Dialog::Help) => help::render(frame, area, state),
        Some(dialog) => dialogs::render(frame, area, state, dialog),
        None => {}
    }
    if state
        .editing
        .as_ref()
        .is_some_and(|e| e.target == super::app::EditTarget::DiscoverPath)
    {
        crate::tui::discover::view::prompt(frame, area, state);
    }
    safe::scrub(frame.buffer_mut());
}

/// A rectangle of at most `width`×`height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod wide_tests;
