//! Draws the planning screens of phases 7–10 from the rows their modules build.

use crate::tui::app::{AppState, Pane};
use crate::tui::phases::plan::{self, Focus, ListRows, Row, Tone};
use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Main-pane width from which the list and the card sit side by side.
const SIDE_BY_SIDE: u16 = 100;

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    if area.height == 0 {
        return;
    }
    let sc = plan::screen(state);
    let header: Vec<Line> = sc.header.iter().map(|r| line(state, r, false)).collect();
    let [header_area, list_area, card_area, gaps] = areas(area, state, &header, frame.area().width);
    frame.render_widget(Lines::wrapped(header), header_area);
    if gaps != Rect::default() {
        super::main_wide::render_gaps(frame, gaps, state);
    }
    let focused = state.pane == Pane::Records;
    column(
        frame,
        list_area,
        state,
        &sc.list_title,
        &sc.list,
        Focus::List,
        focused && state.plan.focus == Focus::List,
    );
    column(
        frame,
        card_area,
        state,
        &sc.card_title,
        &ListRows::from(sc.card),
        Focus::Card,
        focused && state.plan.focus == Focus::Card,
    );
}

/// Header, list, card and (wide phase 7) gap analysis areas of a planning screen drawn
/// in `area` on a screen `screen_width` wide; the gaps' area is empty when not shown.
fn areas(area: Rect, state: &AppState, header: &[Line], screen_width: u16) -> [Rect; 4] {
    let width = usize::from(area.width.max(1));
    let wrapped: usize = header
        .iter()
        .map(|l| l.width().max(1).div_ceil(width))
        .sum();
    let header_height = (wrapped as u16).min(area.height / 3).max(1);
    let [header_area, body] =
        Layout::vertical([Constraint::Length(header_height), Constraint::Min(0)]).areas(area);
    // Wide phase 7: the gap analysis gets a column of its own right of the card.
    let (body, gaps) = if state.phase == 7 && super::main_wide::is_wide(screen_width) {
        let [rest, gaps] =
            Layout::horizontal([Constraint::Min(0), Constraint::Percentage(25)]).areas(body);
        (rest, gaps)
    } else {
        (body, Rect::default())
    };
    let [list_area, card_area] = if area.width >= SIDE_BY_SIDE {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body)
    } else {
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body)
    };
    [header_area, list_area, card_area, gaps]
}

/// The column and row index of the planning screen drawn in `area` at screen cell
/// (`column`, `row`) (mouse clicks), laid out as `render` lays it out.
pub fn row_at(area: Rect, state: &AppState, column: u16, row: u16) -> Option<(Focus, usize)> {
    let sc = plan::screen(state);
    let header: Vec<Line> = sc.header.iter().map(|r| line(state, r, false)).collect();
    let [_, list_area, card_area, _] = areas(area, state, &header, state.last_size.0);
    let card = ListRows::from(sc.card);
    for (focus, a, rows) in [
        (Focus::List, list_area, &sc.list),
        (Focus::Card, card_area, &card),
    ] {
        // The first line is the column's title.
        let inside = column >= a.x && column < a.x + a.width && row > a.y && row < a.y + a.height;
        if !inside {
            continue;
        }
        let height = usize::from(a.height - 1);
        let selected = plan::selected_index(state, rows, focus)
            .filter(|_| focus == Focus::List || state.plan.focus == Focus::Card);
        let offset = match selected {
            Some(i) if height > 0 => i.saturating_sub(height.saturating_sub(1)),
            _ => 0,
        };
        let index = offset + usize::from(row - a.y - 1);
        return (index < rows.len()).then_some((focus, index));
    }
    None
}

fn tone_style(state: &AppState, tone: Tone) -> Style {
    let t = &state.theme;
    match tone {
        Tone::Text => t.text,
        Tone::Heading => t.accent,
        Tone::Muted => t.muted,
        Tone::Danger => t.danger,
        Tone::Warn => t.warn,
        Tone::Ok => t.ok,
    }
}

fn line(state: &AppState, row: &Row, selected: bool) -> Line<'static> {
    let style = if selected {
        state.theme.selected
    } else {
        tone_style(state, row.tone)
    };
    Line::from(super::safe::span(&row.text, style))
}

fn column(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    title: &str,
    rows: &ListRows,
    focus: Focus,
    has_focus: bool,
) {
    if area.height == 0 {
        return;
    }
    let t = &state.theme;
    let [title_area, rows_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let title_style = if has_focus { t.focus } else { t.muted };
    frame.render_widget(
        Lines::new(Span::styled(
            format!(
                "{} ",
                super::focus::heading(&super::safe::text(title), has_focus)
            ),
            title_style,
        )),
        title_area,
    );
    let selected = plan::selected_index(state, rows, focus).filter(|_| {
        // The card shows its selection only while it has the focus.
        focus == Focus::List || state.plan.focus == Focus::Card
    });
    let height = usize::from(rows_area.height);
    let offset = match selected {
        Some(i) if height > 0 => i.saturating_sub(height.saturating_sub(1)),
        _ => 0,
    };
    let width = usize::from(rows_area.width);
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, r)| {
            let current = Some(i) == selected;
            let marker = if current { "▶" } else { " " };
            let text: String = format!("{marker}{}", super::safe::text(&r.text))
                .chars()
                .take(width)
                .collect();
            let style = if current && has_focus {
                t.selected
            } else {
                tone_style(state, r.tone)
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    frame.render_widget(Lines::new(lines), rows_area);
}
