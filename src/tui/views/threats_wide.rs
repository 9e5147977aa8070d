//! Phase 6 on a wide terminal (≥ 160 columns): beside the threat list, the selected
//! row's details with its card on this layer, and the compact heatmap with the card's
//! cell marked — so nothing needs opening to see a threat and where it sits.

use crate::session::Threat;
use crate::tui::app::AppState;
use crate::tui::derive::SessionFigures;
use crate::tui::phases::threats::Row;
use crate::tui::widgets::heatmap::{compact_lines, level_style};
use crate::tui::widgets::lines::Lines;
use crate::vocab::{AgenticFactor, Likelihood, RiskLevel, Severity};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

/// Terminal width from which screens put their parts side by side.
pub const WIDE_COLUMNS: u16 = 160;

/// Width of the heatmap column (the compact grid is 28 wide, plus its border).
const MAP_WIDTH: u16 = 30;

/// The list's part of the pane and, when wide, the side's.
pub fn split_at(screen_width: u16, inner: Rect) -> (Rect, Option<Rect>) {
    if screen_width < WIDE_COLUMNS {
        return (inner, None);
    }
    let list_w = (inner.width * 2 / 5).max(60).min(inner.width);
    let [list, side] =
        Layout::horizontal([Constraint::Length(list_w), Constraint::Min(0)]).areas(inner);
    (list, Some(side))
}

/// Width of the card column inside `side` (the heatmap column and the border taken).
pub fn card_width(side: Rect) -> u16 {
    side.width.saturating_sub(MAP_WIDTH + 1)
}

/// The card column (the row's details, then its card) and the heatmap column.
pub fn render_side(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    figures: Option<&SessionFigures>,
    row: Option<&Row>,
    detail: Vec<Line<'static>>,
) {
    let t = &state.theme;
    let [card_area, map_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(MAP_WIDTH)]).areas(area);
    let card = row.and_then(|r| card_of(state, figures, r));
    let title = card.map_or_else(
        || " Selected ".to_string(),
        |c| format!(" Card {} · Enter opens ", c.id),
    );
    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(t.muted)
        .title(Span::styled(title, t.accent));
    let inner = block.inner(card_area);
    frame.render_widget(block, card_area);
    let mut lines = detail;
    if let Some(card) = card {
        lines.push(Line::from(""));
        lines.extend(card_lines(state, card));
    }
    frame.render_widget(Lines::wrapped(lines), inner);

    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(t.muted)
        .title(Span::styled(" Risk · all layers ", t.accent));
    let inner = block.inner(map_area);
    frame.render_widget(block, map_area);
    let Some(figures) = figures else { return };
    let mut grid = [[(RiskLevel::Low, 0); 4]; 4];
    for (r, cells) in figures.inherent.rows.iter().enumerate().take(4) {
        for (c, cell) in cells.iter().enumerate().take(4) {
            grid[r][c] = (cell.level, cell.count());
        }
    }
    let mut lines = compact_lines(t, &grid);
    let place = card.and_then(|c| Some((c, cell_of(c.severity?, c.likelihood?))));
    if let Some((card, (r, c))) = place {
        // The grid's row r + 1 (after the column header); the cell's span follows a
        // gap span after the row name: 1 + 2c + 1.
        if let Some(span) = lines
            .get_mut(r + 1)
            .and_then(|l| l.spans.get_mut(2 + 2 * c))
        {
            let text: String = span.content.to_string();
            let marked = match (text.strip_prefix(' '), text.ends_with(' ')) {
                (Some(rest), true) => format!("[{}]", rest.trim_end()),
                _ => text,
            };
            *span = Span::styled(marked, t.selected);
        }
        lines.push(Line::from(Span::styled(
            format!("[ ] marks {}", card.id),
            t.muted,
        )));
    }
    frame.render_widget(Lines::new(lines), inner);
}

/// The grid cell of a rating: rows Critical … Low, columns Unlikely … Very likely.
fn cell_of(severity: Severity, likelihood: Likelihood) -> (usize, usize) {
    let row = 3 - Severity::ALL
        .iter()
        .position(|s| *s == severity)
        .unwrap_or(0);
    let col = Likelihood::ALL
        .iter()
        .position(|l| *l == likelihood)
        .unwrap_or(0);
    (row.min(3), col.min(3))
}

/// The card the row's catalog threat has on this layer, found through the cached
/// positions (no scan of the register per frame).
fn card_of<'a>(
    state: &'a AppState,
    figures: Option<&SessionFigures>,
    row: &Row,
) -> Option<&'a Threat> {
    let Row::Threat(t) = row else { return None };
    let id = &t.cards.iter().find(|c| c.on_layer)?.threat_id;
    let s = state.doc.as_ref()?.session();
    s.threats.get(figures?.threat_position(id)?)
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        v.join(", ")
    }
}

/// The card's fields that fit beside the list (the full card opens with Enter).
fn card_lines(state: &AppState, card: &Threat) -> Vec<Line<'static>> {
    let t = &state.theme;
    let label = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k:<14}"), t.muted),
            super::safe::span(&v, t.text),
        ])
    };
    let or_dash = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    let layers: Vec<String> = card.layers.iter().map(|l| l.to_string()).collect();
    let mut lines = vec![
        label("Name", card.name.clone()),
        label("Layers", list(&layers)),
        label("ASI mapping", list(&card.asi)),
        label(
            "Rating",
            format!(
                "{} × {}   (s/S · i/I)",
                or_dash(card.severity.map(|x| x.to_string())),
                or_dash(card.likelihood.map(|x| x.to_string()))
            ),
        ),
        label(
            "Vector",
            format!(
                "{} · complexity {}",
                or_dash(card.attack_vector.map(|x| x.to_string())),
                or_dash(card.attack_complexity.map(|x| x.to_string()))
            ),
        ),
    ];
    let inherent = crate::risk::inherent(card, &state.catalog);
    lines.push(Line::from(vec![
        Span::styled(format!("{:<14}", "Inherent"), t.muted),
        match inherent {
            Some(l) => Span::styled(format!(" {} {l} ", l.letter()), level_style(t, l)),
            None => Span::styled("unrated", t.muted),
        },
    ]));
    let factors: Vec<String> = AgenticFactor::ALL
        .iter()
        .filter(|f| card.factors.contains(f))
        .map(|f| super::threats::factor_abbrev(*f).to_string())
        .collect();
    lines.push(label("Factors", list(&factors)));
    lines.extend([
        label("Components", list(&card.components)),
        label("Actors", list(&card.actors)),
        label("Assets", list(&card.assets)),
    ]);
    for (name, text) in [
        ("Prerequisites", &card.prerequisites),
        ("Impact", &card.impact),
        ("Description", &card.description),
    ] {
        if !text.is_empty() {
            lines.push(label(name, text.clone()));
        }
    }
    let mitigations: Vec<String> = (state.mitigations_of(&card.id).into_iter())
        .map(|m| format!("{} ({})", m.id, m.implementation))
        .collect();
    lines.push(label("Mitigations", list(&mitigations)));
    lines
}

/// Under a short threat list: this layer's prompts for the four agentic factors (the
/// step "apply the four agentic risk factors"), so the column reads as a worksheet.
pub fn render_factors(frame: &mut Frame, area: Rect, state: &AppState) {
    if area.height < 3 {
        return;
    }
    let t = &state.theme;
    let layer = state.layer();
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "Agentic factors on {} (Factors tab, f 1-4 on a card)",
            layer.as_str()
        ),
        t.accent,
    ))];
    for f in AgenticFactor::ALL {
        if let Some(prompt) = state.catalog.factors.prompt(layer, *f) {
            lines.push(Line::from(vec![
                Span::styled(format!("{}: ", super::threats::factor_abbrev(*f)), t.muted),
                Span::styled(prompt.to_string(), t.text),
            ]));
        }
    }
    frame.render_widget(Lines::wrapped(lines), area);
}
