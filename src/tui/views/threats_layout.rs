//! Where the parts of the phase 6 pane go: shared by its drawing (`threats`) and the
//! mouse's hit test, so a click finds the row drawn under it.

use crate::tui::app::{AppState, EditTarget};
use crate::tui::phases::threats::{self as phase, Prompt, Section};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

/// The parts of the phase 6 pane inside its border, on a screen `screen_width` wide.
pub struct LayerParts {
    pub top: Vec<Line<'static>>,
    pub top_area: Rect,
    pub list_area: Rect,
    pub detail_area: Rect,
    pub prompt_area: Rect,
    pub side: Option<Rect>,
    pub prompting: bool,
}

pub fn layer_parts(state: &AppState, inner: Rect, screen_width: u16) -> Option<LayerParts> {
    let t = &state.theme;
    let sug = state.layer_suggestions()?;
    // Wide: the details and the card move to a column of their own (with the heatmap).
    let (inner, side) = super::threats_wide::split_at(screen_width, inner);

    let mut top = Vec::new();
    // The phase guidance, where there is room for it beside the lists.
    if inner.height >= 30 && !state.guidance_collapsed {
        let g = state.guide();
        top.push(Line::from(vec![
            Span::styled("Objective: ", t.muted),
            Span::styled(g.objective.clone(), t.text),
        ]));
        for (i, step) in g.steps.iter().enumerate() {
            top.push(Line::from(Span::styled(
                format!("  {}. {step}", i + 1),
                t.muted,
            )));
        }
    }
    let mut tabs = Vec::new();
    for section in Section::ALL {
        let style = if section == state.threats.section {
            t.selected
        } else {
            t.muted
        };
        tabs.push(Span::styled(format!(" {} ", section.label()), style));
    }
    top.push(Line::from(tabs));
    if let Some(note) = &sug.empty_note {
        top.push(Line::from(Span::styled(note.clone(), t.warn)));
    }
    if !sug.multi_agent && state.threats.section == Section::Threats {
        top.push(Line::from(Span::styled(
            "Single-agent system: entries marked skip may be skipped · t next list · A assessed",
            t.muted,
        )));
    }
    let prompting = state.editing.as_ref().is_some_and(|e| {
        e.target == EditTarget::ThreatPrompt
            && matches!(state.threats.prompt, Some(Prompt::NotApplicable { .. }))
    });
    let width = usize::from(inner.width.max(1));
    let top_height: u16 = top
        .iter()
        .map(|l| l.width().max(1).div_ceil(width) as u16)
        .sum();
    let detail_height = if side.is_some() {
        0
    } else {
        (inner.height / 3).clamp(3, 8)
    };
    let [top_area, list_area, detail_area, prompt_area] = Layout::vertical([
        Constraint::Length(top_height),
        Constraint::Min(3),
        Constraint::Length(detail_height),
        Constraint::Length(if prompting { 3 } else { 0 }),
    ])
    .areas(inner);
    Some(LayerParts {
        top,
        top_area,
        list_area,
        detail_area,
        prompt_area,
        side,
        prompting,
    })
}

/// The phase 6 row drawn at screen cell (`column`, `row`) of the pane `area` (mouse
/// clicks), laid out as `render_layer` lays it out.
pub fn layer_row_at(area: Rect, state: &AppState, column: u16, row: u16) -> Option<usize> {
    let inner = Block::default().borders(Borders::ALL).inner(area);
    let parts = layer_parts(state, inner, state.last_size.0)?;
    let list = parts.list_area;
    if row < list.y
        || row >= list.y + list.height
        || column < list.x
        || column >= list.x + list.width
    {
        return None;
    }
    let rows = phase::rows(state);
    let selected = state.records_nav.selected.min(rows.len().saturating_sub(1));
    let offset = selected.saturating_sub(usize::from(list.height).saturating_sub(1));
    let index = offset + usize::from(row - list.y);
    (index < rows.len()).then_some(index)
}
