//! The main pane: the phase's guidance (collapsible) and its records as a list.

use crate::tui::app::{AppState, EditTarget, Pane};
use crate::tui::guide;
use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    let g = state.guide();
    let mut title = format!(" Phase {} · {} ", g.number, g.name);
    if guide::is_per_layer(state.phase) {
        let layer = state.layer();
        title = format!(
            " Phase {} · {} · {} {} ",
            g.number,
            g.name,
            layer.as_str(),
            layer.name()
        );
    }
    if !state.in_depth(state.phase) {
        title.push_str("(outside the chosen depth) ");
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(super::focus::border(state.pane != Pane::Rail))
        .border_style(t.muted)
        .title(Span::styled(title, t.accent));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let guidance = guidance_lines(state, &g);
    let wide = super::main_wide::splits(state, frame.area().width);
    let [guide_area, list_area, edit_area] = split(inner, state, &guidance, wide);
    // Wide: the guidance (or the open form) is a column right of the records, behind a
    // border; the selected record's fields show under the records.
    let (guide_area, below) = if wide {
        let [_, right] = super::main_wide::columns(inner);
        (
            super::main_wide::side_frame(frame, right, state),
            guide_area,
        )
    } else {
        (guide_area, guide_area)
    };

    let focus_mark = |pane: Pane| if state.pane == pane { t.focus } else { t.muted };
    if state.guidance_collapsed {
        frame.render_widget(
            Lines::new(Span::styled(
                super::focus::heading(
                    "▸ Guidance (c or Enter to expand)",
                    state.pane == Pane::Guidance,
                ),
                focus_mark(Pane::Guidance),
            )),
            guide_area,
        );
    } else {
        frame.render_widget(
            Lines::wrapped(guidance).scroll(state.guidance_scroll.min(200)),
            guide_area,
        );
    }
    match &state.form {
        // Wide: the form takes the guidance's column, the records stay beside it.
        Some(form) if wide => {
            frame.render_widget(ratatui::widgets::Clear, guide_area);
            super::form::render(frame, guide_area, state, form);
            render_records(frame, list_area, state);
        }
        None if wide => {
            render_records(frame, list_area, state);
            if let Some((kind, id)) = super::main_wide::preview_target(state) {
                super::main_wide::render_preview(frame, below, state, kind, &id);
            }
        }
        // The form takes the guidance's room too: records need every line.
        Some(form) => {
            let whole = Rect {
                height: guide_area.height + list_area.height,
                ..guide_area
            };
            frame.render_widget(ratatui::widgets::Clear, whole);
            super::form::render(frame, whole, state, form)
        }
        None if crate::tui::phases::plan::owns(state.phase) => {
            super::plan::render(frame, list_area, state)
        }
        None => render_records(frame, list_area, state),
    }
    let label = state.editing.as_ref().and_then(|e| match e.target {
        EditTarget::Business(field) => Some(field.label().to_string()),
        EditTarget::Plan => Some(crate::tui::phases::plan::edit_label(state)),
        _ => None,
    });
    if let (Some(editing), Some(label)) = (&state.editing, label) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.focus)
            .title(format!(" {label} "));
        let inner = block.inner(edit_area);
        frame.render_widget(block, edit_area);
        let mut f = editing.field.clone();
        f.set_style(t.text, t.editing);
        frame.render_widget(f.widget(), inner);
    }
}

/// Guidance, records list and edit box inside the pane's border; on a wide terminal the
/// first is the room under the records (the guidance being a column of its own).
fn split(inner: Rect, state: &AppState, guidance: &[Line], wide: bool) -> [Rect; 3] {
    let editing_height = match &state.editing {
        Some(e) if matches!(e.target, EditTarget::Business(_) | EditTarget::Plan) => 3,
        _ => 0,
    };
    if wide {
        // Left: the records as long as they need (up to two thirds, all of it while a
        // form is open), the selected record's fields under them (returned in the
        // guidance's place: the guidance is the right column), the edit box at the foot.
        let [left, _] = super::main_wide::columns(inner);
        let list_h = if state.form.is_none() && super::main_wide::preview_target(state).is_some() {
            let rows = state.records().len() as u16 + 2;
            rows.clamp(3, (left.height * 2 / 3).max(3))
        } else {
            left.height
        };
        let [list, below, edit] = Layout::vertical([
            Constraint::Length(list_h),
            Constraint::Min(0),
            Constraint::Length(editing_height),
        ])
        .areas(left);
        return [below, list, edit];
    }
    let guidance_height = if state.guidance_collapsed {
        1
    } else {
        // Wrapped height, so that the objective is never cut by the records below.
        let width = usize::from(inner.width.max(1));
        let rows: usize = guidance
            .iter()
            .map(|l| l.width().max(1).div_ceil(width))
            .sum();
        // The planning screens need the room; the guidance scrolls.
        let cap = if crate::tui::phases::plan::owns(state.phase) {
            inner.height / 4
        } else {
            inner.height / 2
        };
        (rows as u16).min(cap).max(1)
    };
    Layout::vertical([
        Constraint::Length(guidance_height),
        Constraint::Min(0),
        Constraint::Length(editing_height),
    ])
    .areas(inner)
}

/// Where the records list (or a planning screen) is drawn in the main pane `area`, for
/// the last known terminal size (mouse clicks).
pub fn list_area(area: Rect, state: &AppState) -> Rect {
    let inner = Block::default().borders(Borders::ALL).inner(area);
    let g = state.guide();
    let wide = super::main_wide::splits(state, state.last_size.0);
    let [_, list_area, _] = split(inner, state, &guidance_lines(state, &g), wide);
    list_area
}

/// The record index shown at screen row `row` of a main pane drawn in `area`, if any
/// (mouse clicks).
pub fn record_at(area: Rect, state: &AppState, column: u16, row: u16) -> Option<usize> {
    let list_area = list_area(area, state);
    // The first line of the list area is its header.
    let first = list_area.y + 1;
    // At 160+ columns the list has a column of its own: a click beside it is not on a row.
    if row < first
        || row >= list_area.y + list_area.height
        || column < list_area.x
        || column >= list_area.x + list_area.width
    {
        return None;
    }
    let height = usize::from(list_area.height.saturating_sub(1));
    let rows = state.records();
    let (_, heights, offset) = layout(state, &rows, usize::from(list_area.width), height);
    // Rows take one line, sentences more: walk down to the clicked line.
    let mut line = usize::from(row - first);
    for (i, h) in heights.iter().enumerate().skip(offset) {
        if line < *h {
            return Some(i);
        }
        line -= h;
    }
    None
}

/// Label column width, lines per row and first row shown of a records list `width`
/// wide with `height` lines for rows.
fn layout(
    state: &AppState,
    rows: &[crate::tui::app::RecordRow],
    width: usize,
    height: usize,
) -> (usize, Vec<usize>, usize) {
    // Labels get the room they need on a wide screen (criteria are sentences), up to
    // three fifths of the pane; a narrow one keeps the old 28-column cut.
    let longest = rows
        .iter()
        .skip(state.records_nav.offset(height))
        .take(height)
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0);
    let label_width = longest.clamp(28.min(width / 2), (width * 3 / 5).max(28.min(width / 2)));
    let heights = super::wrap_rows::heights(rows, label_width, width);
    let offset = super::wrap_rows::first_row(&heights, state.records_nav.selected, height);
    (label_width, heights, offset)
}

fn guidance_lines(state: &AppState, g: &guide::PhaseGuide) -> Vec<Line<'static>> {
    let t = &state.theme;
    let heading = if state.pane == crate::tui::app::Pane::Guidance {
        t.focus
    } else {
        t.accent
    };
    let mut lines = vec![
        Line::from(Span::styled(
            super::focus::heading("▾ Guidance", state.pane == Pane::Guidance),
            heading,
        )),
        Line::from(vec![
            Span::styled("Objective: ", t.muted),
            Span::styled(g.objective.clone(), t.text),
        ]),
    ];
    for (title, items) in [
        ("Steps", &g.steps),
        ("Completion criteria", &g.criteria),
        ("Agentic considerations", &g.agentic),
    ] {
        if items.is_empty() {
            continue;
        }
        lines.push(Line::from(Span::styled(title.to_string(), t.muted)));
        for (i, item) in items.iter().enumerate() {
            lines.push(Line::from(Span::styled(
                format!("  {}. {item}", i + 1),
                t.text,
            )));
        }
    }
    lines
}

fn render_records(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    if area.height == 0 {
        return;
    }
    let rows = state.records();
    let mut header = format!("Records ({})", rows.len());
    if !state.records_nav.filter.is_empty()
        || state
            .editing
            .as_ref()
            .is_some_and(|e| e.target == EditTarget::Filter)
    {
        header.push_str(&format!(
            "  /{}",
            super::safe::text(&state.records_nav.filter)
        ));
    }
    let focus = if state.pane == Pane::Records {
        t.focus
    } else {
        t.muted
    };
    let header = super::focus::heading(&header, state.pane == Pane::Records);
    let mut lines = vec![Line::from(Span::styled(header, focus))];
    let height = usize::from(area.height.saturating_sub(1));
    let width = usize::from(area.width);
    if rows.is_empty() {
        lines.push(Line::from(Span::styled(
            "  (nothing recorded yet)",
            t.muted,
        )));
    }
    let (label_width, heights, offset) = layout(state, &rows, width, height);
    let mut used = 0;
    for (i, row) in rows.iter().enumerate().skip(offset) {
        if used >= height {
            break;
        }
        // The selection stays visible (marker only) while another pane has the focus.
        let current = i == state.records_nav.selected;
        let selected = current && state.pane == Pane::Records;
        let marker = if current { "▶ " } else { "  " };
        let style = if selected { t.selected } else { t.text };
        if heights[i] > 1 || super::wrap_rows::wraps(row, label_width) {
            // A sentence (criterion, question): wrapped in full.
            let text = super::wrap_rows::sentence_lines(
                &super::safe::text(&row.label),
                &super::safe::text(&row.detail),
                width.saturating_sub(2),
            );
            for (n, l) in text.iter().enumerate().take(height - used) {
                let lead = if n == 0 { marker } else { "  " };
                lines.push(Line::from(Span::styled(format!("{lead}{l}"), style)));
                used += 1;
            }
            continue;
        }
        let label = super::fit::label(&super::safe::text(&row.label), label_width);
        let text = format!(
            "{marker}{label:<label_width$} {}",
            super::safe::text(&row.detail)
        );
        let text: String = text.chars().take(width).collect();
        lines.push(Line::from(Span::styled(text, style)));
        used += 1;
    }
    frame.render_widget(Lines::new(lines), area);
}
