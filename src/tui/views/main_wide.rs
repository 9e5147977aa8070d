//! Wide terminals (≥ 160 columns): the record phases put the records list on the left,
//! with the selected record's fields under it (for a list heading, its first record's),
//! and the guidance on the right — or the open form, beside the records; phase 7 adds a
//! column with the gap analysis beside its list and card.

use crate::analysis::gaps::GapRule;
use crate::tui::app::AppState;
use crate::tui::forms::{self, FormState};
use crate::tui::phases::mitigations::GAP_KEYS;
use crate::tui::phases::plan::MitigationView;
use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

pub use super::threats_wide::WIDE_COLUMNS;

/// Whether a terminal `width` columns wide lays parts side by side.
pub fn is_wide(width: u16) -> bool {
    width >= WIDE_COLUMNS
}

/// Whether a record phase splits its pane: a wide terminal, not a planning phase, and
/// something for the right column (the guidance, unless collapsed, or an open form).
pub fn splits(state: &AppState, width: u16) -> bool {
    is_wide(width)
        && !crate::tui::phases::plan::owns(state.phase)
        && (state.form.is_some() || !state.guidance_collapsed)
}

/// The records column (left) and the form or guidance column (right) of a pane's inner
/// area; the right one has a one-column border on its left.
pub fn columns(inner: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner)
}

/// The right column's border; returns the area inside it.
pub fn side_frame(frame: &mut Frame, area: Rect, state: &AppState) -> Rect {
    let block = Block::default()
        .borders(Borders::LEFT)
        .border_style(state.theme.muted);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// What the right column previews: the selected row's record, or for a list heading
/// the first record under it.
pub fn preview_target(state: &AppState) -> Option<(&'static str, String)> {
    let rows = state.records();
    let selected = state.records_nav.selected;
    let here = rows.get(selected)?.record.as_ref()?;
    if !here.id.is_empty() {
        return Some((here.kind, here.id.clone()));
    }
    rows.iter()
        .skip(selected + 1)
        .filter_map(|r| r.record.as_ref())
        .find(|r| r.kind == here.kind && !r.id.is_empty())
        .map(|r| (r.kind, r.id.clone()))
}

/// The fields of a record as its form shows them, read-only (Enter opens the form).
pub fn render_preview(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    kind: &'static str,
    id: &str,
) {
    if area.height == 0 {
        return;
    }
    let t = &state.theme;
    let form = FormState {
        kind,
        id: id.to_string(),
        // No field has the focus: nothing is being edited.
        focus: usize::MAX,
        active: None,
        quick: false,
    };
    let (specs, values) = forms::specs_and_values(state, &form);
    let title = forms::kind(kind).map_or("", |k| k.title());
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{title} · {}", super::safe::text(id)), t.accent),
        Span::styled("  (Enter on the record opens its form)", t.muted),
    ])];
    let (fields, _) =
        crate::tui::widgets::form::lines(t, &specs, &values, usize::MAX, None, area.width);
    lines.extend(fields);
    frame.render_widget(Lines::new(lines), area);
}

/// Phase 7's third column: each gap rule with its count and the threats that break it,
/// as many as fit (the header's keys open a rule's full list).
pub fn render_gaps(frame: &mut Frame, area: Rect, state: &AppState) {
    if area.height == 0 {
        return;
    }
    let t = &state.theme;
    let inner = side_frame(frame, area, state);
    let report = state.gap_report();
    let open = match state.plan.view {
        MitigationView::Gap(rule) => Some(rule),
        _ => None,
    };
    let mut lines = vec![Line::from(Span::styled("Gap analysis", t.accent))];
    let width = usize::from(inner.width);
    // Room for each rule's threats: what is left after the rule lines, shared out.
    let per_rule = usize::from(inner.height)
        .saturating_sub(1 + GAP_KEYS.len())
        .checked_div(GAP_KEYS.len())
        .unwrap_or(0);
    for (key, rule, _) in GAP_KEYS {
        let entries = report.list(rule);
        let style = if entries.is_empty() { t.ok } else { t.warn };
        let mark = if open == Some(rule) { "▶" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(format!("{mark}{key} {:>3} ", entries.len()), style),
            Span::styled(clip(&rule_name(rule), width.saturating_sub(7)), t.text),
        ]));
        let shown = if entries.len() > per_rule {
            per_rule.saturating_sub(1)
        } else {
            entries.len()
        };
        for e in entries.iter().take(shown) {
            let level = e.level.map_or('-', |l| l.letter());
            let text = format!(
                "     {} {level} · {} mit.",
                e.threat_id,
                e.mitigations.len()
            );
            lines.push(Line::from(Span::styled(clip(&text, width), t.muted)));
        }
        if shown < entries.len() && per_rule > 0 {
            lines.push(Line::from(Span::styled(
                format!("     +{} · {key} lists them", entries.len() - shown),
                t.muted,
            )));
        }
    }
    // The priority ranking under the gaps: what to build first.
    let room = usize::from(inner.height).saturating_sub(lines.len() + 2);
    let body = state.plan_body();
    if room > 0 && !body.priorities.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("Priority ranking", t.accent)));
        let s = state.doc.as_ref().map(|d| d.session());
        for (i, p) in body.priorities.iter().enumerate().take(room) {
            let name = s
                .and_then(|s| s.mitigations.iter().find(|m| m.id == p.mitigation_id))
                .map_or("", |m| m.name.as_str());
            let text = format!("{:>3} {:>5.1} {} {name}", i + 1, p.score, p.mitigation_id);
            lines.push(Line::from(Span::styled(clip(&text, width), t.text)));
        }
    }
    frame.render_widget(Lines::new(lines), inner);
}

fn rule_name(rule: GapRule) -> String {
    rule.to_string()
}

fn clip(text: &str, width: usize) -> String {
    text.chars().take(width).collect()
}
