//! The review screen of discovery and its path prompt: render only.
//!
//! Every text that came from the scanned tree (names, paths, matched constructs) is
//! untrusted and goes through `safe::text` (the core sanitiser) before it is drawn.

use super::{Decision, DiscoverUi, Item};
use crate::discover::Change;
use crate::tui::app::AppState;
use crate::tui::views::{centered, safe};
use crate::tui::widgets::lines::Lines;
use crate::vocab::Layer;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

/// The keys of the screen, shown at its foot.
const KEYS: &str = "a accept  r reject  e edit  A/R whole layer  ←→ layer  w write  Esc close";

/// The review screen over the shell's body.
pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let Some(ui) = &state.discover else { return };
    let t = &state.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.focus)
        .title(Span::styled(
            title(ui, area.width.saturating_sub(2)),
            t.focus,
        ));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [body, keys] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    frame.render_widget(Lines::new(Span::styled(KEYS, t.accent)), keys);
    let evidence = detail_lines(state, ui);
    // Side by side when wide; stacked when narrow, the evidence taking only the rows
    // it needs (at most half) so the list keeps as many proposals in view as it can.
    let wide = body.width >= 140;
    let (list_area, detail_area) = if wide {
        let [l, d] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Min(0)]).areas(body);
        (l, d)
    } else {
        let wanted = evidence
            .iter()
            .map(|l| l.width().max(1).div_ceil(usize::from(body.width.max(1))))
            .sum::<usize>()
            + 1;
        let height = u16::try_from(wanted)
            .unwrap_or(u16::MAX)
            .clamp(3, (body.height / 2).max(3));
        let [l, d] = Layout::vertical([Constraint::Min(0), Constraint::Length(height)]).areas(body);
        (l, d)
    };
    list(frame, list_area, state, ui);
    detail(frame, detail_area, state, evidence, wide);
    if ui.edit.is_some() {
        edit_box(frame, area, state, ui);
    }
}

/// The frame's title: the counts always, the scanned folder as far as it fits
/// (its end kept: the folder's own name says most).
fn title(ui: &DiscoverUi, width: u16) -> String {
    let (accepted, rejected, pending) = ui.tally();
    let counts =
        format!(" Discovery · {accepted} accepted · {rejected} rejected · {pending} to review ");
    let room = usize::from(width).saturating_sub(counts.chars().count() + 3);
    let root = safe::text(&ui.root.display().to_string());
    let n = root.chars().count();
    if room < 8 {
        return counts;
    }
    let root = if n <= room {
        root
    } else {
        let tail: String = root.chars().skip(n - (room - 1)).collect();
        format!("…{tail}")
    };
    format!("{counts}· {root} ")
}

fn mark(item: &Item) -> &'static str {
    match item.decision {
        Decision::Pending => "[ ]",
        Decision::Accept => "[✓]",
        Decision::Reject => "[✗]",
    }
}

fn drift_label(ui: &DiscoverUi, id: &str) -> &'static str {
    match ui.drift_of(id).map(|d| d.change) {
        Some(Change::New) => "new",
        Some(Change::Changed) => "changed",
        Some(Change::Gone) => "gone",
        None => "known",
    }
}

/// Rows: a header per layer, then its items; the selected item stays in view.
fn list(frame: &mut Frame, area: Rect, state: &AppState, ui: &DiscoverUi) {
    let t = &state.theme;
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    let mut group: Option<Layer> = None;
    let name_width = usize::from(area.width).saturating_sub(36).clamp(12, 60);
    for (i, item) in ui.items.iter().enumerate() {
        if group != Some(item.group) {
            group = Some(item.group);
            let count = ui.items.iter().filter(|x| x.group == item.group).count();
            lines.push(Line::from(Span::styled(
                format!("{} {} ({count})", item.group.as_str(), item.group.name()),
                t.accent,
            )));
        }
        if i == ui.selected {
            selected_line = lines.len();
        }
        let p = &item.proposal;
        let name: String = safe::text(&p.name).chars().take(name_width).collect();
        let style = match (i == ui.selected, item.decision) {
            (true, _) => t.selected,
            (_, Decision::Reject) => t.muted,
            (_, Decision::Accept) => t.ok,
            _ => t.text,
        };
        let edited = if item.edited { "*" } else { " " };
        // A pointer as well as the highlight: the selection shows without colour.
        let pointer = if i == ui.selected { "▶" } else { " " };
        lines.push(Line::from(Span::styled(
            format!(
                "{pointer}{} {name:<name_width$}{edited} {:<16} {:.2} {}",
                mark(item),
                p.kind.as_str(),
                p.confidence,
                drift_label(ui, &p.id)
            ),
            style,
        )));
    }
    // What the last review had and this tree no longer shows: listed, not decided.
    let gone: Vec<_> = ui
        .drift
        .iter()
        .filter(|d| d.change == Change::Gone)
        .collect();
    if !gone.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("Gone since the last review ({})", gone.len()),
            t.warn,
        )));
        for d in gone {
            let list = |v: &[String]| {
                if v.is_empty() {
                    "none".to_string()
                } else {
                    v.join(", ")
                }
            };
            let layers: Vec<&str> = d.layers.iter().map(|l| l.as_str()).collect();
            lines.push(Line::from(Span::styled(
                format!(
                    "  − {} · {} · threats {} · mitigations {}",
                    safe::text(&d.name),
                    layers.join(" "),
                    list(&d.threats),
                    list(&d.mitigations)
                ),
                t.muted,
            )));
        }
    }
    let height = usize::from(area.height);
    let offset = selected_line.saturating_sub(height.saturating_sub(1));
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Lines::new(shown), area);
}

/// The selected proposal: layers, evidence and what its drift touches.
fn detail_lines(state: &AppState, ui: &DiscoverUi) -> Vec<Line<'static>> {
    let t = &state.theme;
    let Some(item) = ui.current() else {
        return Vec::new();
    };
    let p = &item.proposal;
    let layers: Vec<&str> = p.layers.iter().map(|l| l.as_str()).collect();
    let mut lines = vec![Line::from(vec![
        Span::styled(safe::text(&p.name), t.text),
        Span::styled(
            format!(
                " · {} · {} · confidence {:.2}",
                p.kind.as_str(),
                layers.join(" "),
                p.confidence
            ),
            t.muted,
        ),
    ])];
    match ui.drift_of(&p.id) {
        Some(d) => {
            let list = |v: &[String]| {
                if v.is_empty() {
                    "none".to_string()
                } else {
                    v.join(", ")
                }
            };
            lines.push(Line::from(Span::styled(
                format!(
                    "{} since the last review · threats {} · mitigations {}",
                    drift_label(ui, &p.id),
                    list(&d.threats),
                    list(&d.mitigations)
                ),
                t.warn,
            )));
        }
        None => lines.push(Line::from(Span::styled(
            "Known: reviewed before or already a component",
            t.muted,
        ))),
    }
    for e in &p.evidence {
        lines.push(Line::from(vec![
            Span::styled(format!("{}:{} ", safe::text(&e.path), e.line), t.accent),
            Span::styled(format!("{} ", safe::text(&e.signal)), t.muted),
            Span::styled(safe::text(&e.detail), t.text),
        ]));
    }
    lines
}

/// The evidence pane: beside the list (a rule on its left) or below it (a rule above).
fn detail(frame: &mut Frame, area: Rect, state: &AppState, lines: Vec<Line<'static>>, wide: bool) {
    let t = &state.theme;
    let block = Block::default()
        .borders(if wide { Borders::LEFT } else { Borders::TOP })
        .padding(ratatui::widgets::Padding::horizontal(1))
        .border_style(t.muted)
        .title(Span::styled(" Evidence ", t.muted));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    frame.render_widget(Lines::wrapped(lines), inner);
}

/// Name, kind (cycled through the catalog's kinds) and layers (toggled) of the item.
fn edit_box(frame: &mut Frame, area: Rect, state: &AppState, ui: &DiscoverUi) {
    let (Some(edit), Some(item)) = (ui.edit, ui.current()) else {
        return;
    };
    let t = &state.theme;
    let box_area = centered(area, 64, 8);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.focus)
        .title(Span::styled(" Edit the proposal ", t.focus));
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    let row_style = |row: usize| {
        if edit.row == row { t.selected } else { t.text }
    };
    let p = &item.proposal;
    let kind_name = state
        .catalog
        .taxonomy
        .get_component_kind(p.kind)
        .map(|k| k.name.clone())
        .unwrap_or_default();
    let mut layer_spans = vec![Span::styled("Layers: ", row_style(2))];
    for (i, layer) in Layer::SEVEN.iter().enumerate() {
        let on = if p.layers.contains(layer) {
            "■"
        } else {
            "□"
        };
        let style = if edit.row == 2 && edit.layer == i {
            t.selected
        } else {
            t.text
        };
        layer_spans.push(Span::styled(format!("{on}{} ", layer.as_str()), style));
    }
    let mut lines = vec![
        Line::from(Span::styled(
            format!("Name:   {}", safe::text(&p.name)),
            row_style(0),
        )),
        Line::from(Span::styled(
            format!("Kind:   ◂ {} ▸ {kind_name}", p.kind.as_str()),
            row_style(1),
        )),
        Line::from(layer_spans),
        Line::default(),
        Line::from(Span::styled(
            "↑↓ line  Enter edit name  ←→ kind / layer  Space toggle layer",
            t.muted,
        )),
        Line::from(Span::styled("Esc done", t.muted)),
    ];
    if let Some(editing) = &state.editing {
        lines[0] = Line::from(Span::styled("Name:", t.accent));
        frame.render_widget(Lines::new(lines), inner);
        let mut f = editing.field.clone();
        f.set_style(t.editing, t.selected);
        frame.render_widget(
            f.widget(),
            Rect::new(inner.x + 8, inner.y, inner.width.saturating_sub(8), 1),
        );
        return;
    }
    frame.render_widget(Lines::new(lines), inner);
}

/// The path prompt.
pub fn prompt(frame: &mut Frame, area: Rect, state: &AppState) {
    crate::tui::views::dialogs::path_prompt(
        frame,
        area,
        state,
        " Discover from source tree ",
        "Folder to scan (offline; nothing is added before you review it):",
        "Relative to the directory maestro-tm started in.",
        "[Enter] scan   [Esc] cancel   [Ctrl-A Ctrl-K] clear the line",
    );
}
