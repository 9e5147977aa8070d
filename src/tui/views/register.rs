//! The threat register (key `r`): every threat card and chain in one sortable,
//! filterable table.

use crate::tui::app::{AppState, EditTarget};
use crate::tui::phases::threats::Prompt;
use crate::tui::views::threats::factor_abbrev;
use crate::tui::widgets::heatmap::level_style;
use crate::tui::widgets::lines::Lines;
use crate::vocab::{ImplementationStatus, RiskLevel};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Row, Table, TableState};

fn level_cell(t: &crate::tui::theme::Theme, l: Option<RiskLevel>) -> Cell<'static> {
    match l {
        Some(l) => Cell::from(Span::styled(
            format!("{} {l}", l.letter()),
            level_style(t, l),
        )),
        None => Cell::from(Span::styled("—", t.muted)),
    }
}

fn status_text(s: Option<ImplementationStatus>) -> &'static str {
    match s {
        None => "chain",
        Some(ImplementationStatus::NotImplemented) => "Not impl.",
        Some(ImplementationStatus::PartiallyImplemented) => "Partial",
        Some(ImplementationStatus::Implemented) => "Implemented",
    }
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    let rows = state.register_rows();
    let nav = &state.threats.register;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.focus)
        .title(Span::styled(
            format!(
                " Threat register ({}) · sorted by {} ",
                rows.len(),
                state.threats.sort.label()
            ),
            t.accent,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let filtering = state.editing.as_ref().is_some_and(|e| {
        e.target == EditTarget::ThreatPrompt && state.threats.prompt == Some(Prompt::RegisterFilter)
    });
    let [top, table_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let mut top_line = vec![Span::styled(
        "o sort · / filter · Enter card · Esc close",
        t.muted,
    )];
    if !nav.filter.is_empty() || filtering {
        top_line.push(Span::styled(format!("   /{}", nav.filter), t.focus));
    }
    frame.render_widget(Lines::new(Line::from(top_line)), top);

    let header = Row::new(
        [
            "ID",
            "Name",
            "Layers",
            "Inherent",
            "Residual",
            "Status",
            "Factors",
            "Components",
        ]
        .map(|h| Cell::from(Span::styled(h, t.muted))),
    );
    // Only the rows in view become table rows: the table scrolls the selection into view
    // from the top, as it would with every row (its state is new each frame).
    let selected = nav.selected.min(rows.len().saturating_sub(1));
    let height = usize::from(table_area.height.saturating_sub(1)).max(1);
    let offset = (selected + 1).saturating_sub(height);
    let body: Vec<Row> = rows
        .iter()
        .skip(offset)
        .take(height)
        .map(|r| {
            let layers: Vec<&str> = r.layers.iter().map(|l| l.as_str()).collect();
            let factors: Vec<&str> = r.factors.iter().map(|f| factor_abbrev(*f)).collect();
            Row::new(vec![
                Cell::from(super::safe::text(&r.id)),
                Cell::from(super::safe::text(&r.name)),
                Cell::from(layers.join(",")),
                level_cell(t, r.inherent),
                level_cell(t, r.residual),
                Cell::from(status_text(r.status)),
                Cell::from(factors.join(",")),
                Cell::from(super::safe::text(&r.components.join(","))),
            ])
        })
        .collect();
    let table = Table::new(
        body,
        [
            Constraint::Length(7),
            Constraint::Min(10),
            Constraint::Length(9),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Length(11),
            Constraint::Length(8),
            Constraint::Length(12),
        ],
    )
    .header(header)
    .column_spacing(1)
    .row_highlight_style(t.selected)
    .style(Style::default());
    let mut table_state = TableState::default();
    if !rows.is_empty() {
        table_state.select(Some(selected - offset));
    }
    frame.render_stateful_widget(table, table_area, &mut table_state);
}
