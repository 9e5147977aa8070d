//! The full-screen risk heatmap (key `m`): inherent, residual, side by side, or the
//! layer × level grid, with filters and the selected cell's threats.

use crate::analysis::heatmap;
use crate::tui::app::AppState;
use crate::tui::phases::threats::{self as phase, HeatmapMode};
use crate::tui::widgets::heatmap::{LayerGridWidget, MatrixWidget, legend};
use crate::vocab::{Likelihood, RiskLevel, Severity};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

fn or_all<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "all".to_string(), |x| x.to_string())
}

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    let h = &state.threats.heatmap;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.focus)
        .title(Span::styled(
            format!(" Risk heatmap · {} ", h.mode.label()),
            t.accent,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(doc) = &state.doc else { return };
    let s = doc.session();
    let width = usize::from(inner.width);
    let mut lines = vec![
        Line::from(Span::styled(
            format!(
                "Filter: layer {} · factor {} · status {}",
                or_all(h.filter.layer),
                or_all(h.filter.factor),
                or_all(h.filter.status)
            ),
            t.text,
        )),
        Line::from(Span::styled(
            "t view · L layer · f factor · z status · arrows cell · Enter threats/open · Esc",
            t.muted,
        )),
        Line::from(""),
    ];
    let figures = state.heatmap_figures();
    let inherent = &figures.inherent;
    let selected = if h.list.is_none() { Some(h.cell) } else { None };
    let (cell_label, cell_level) = match h.mode {
        HeatmapMode::LayerGrid => {
            let Some(grid) = &figures.grid else { return };
            let cw = ((width.saturating_sub(5)) / 4).clamp(5, 14);
            lines.extend(
                LayerGridWidget {
                    grid,
                    theme: t,
                    cell_width: cw,
                    selected,
                }
                .lines(),
            );
            let layer = crate::tui::app::LAYER_TABS[h.cell.0.min(7)];
            let level = RiskLevel::ALL[h.cell.1.min(3)];
            (format!("{layer} × {level}"), level)
        }
        HeatmapMode::SideBySide => {
            let Some(residual) = &figures.residual else {
                return;
            };
            let cw = ((width.saturating_sub(3) / 2).saturating_sub(5) / 4).clamp(5, 12);
            let left = MatrixWidget {
                matrix: inherent,
                theme: t,
                cell_width: cw,
                selected,
            }
            .lines();
            let right = MatrixWidget {
                matrix: residual,
                theme: t,
                cell_width: cw,
                selected,
            }
            .lines();
            for (l, r) in left.into_iter().zip(right) {
                let mut spans = l.spans;
                spans.push(Span::raw("   "));
                spans.extend(r.spans);
                lines.push(Line::from(spans));
            }
            cell_of(inherent, h.cell)
        }
        mode => {
            let m = match (mode, &figures.residual) {
                (HeatmapMode::Residual, Some(residual)) => residual,
                _ => inherent,
            };
            let cw = ((width.saturating_sub(5)) / 4).clamp(5, 14);
            lines.extend(
                MatrixWidget {
                    matrix: m,
                    theme: t,
                    cell_width: cw,
                    selected,
                }
                .lines(),
            );
            cell_of(inherent, h.cell)
        }
    };
    lines.push(Line::from(""));
    lines.push(legend(t));
    let axes = if h.mode == HeatmapMode::LayerGrid {
        "Rows: layer · columns: inherent risk level · a threat counts on each of its layers"
    } else {
        "Rows: severity (Critical top) · columns: likelihood"
    };
    lines.push(Line::from(Span::styled(
        format!("{axes} · unrated threats: {}", inherent.unrated.len()),
        t.muted,
    )));
    let threats = phase::heatmap_cell_threats(state);
    lines.push(Line::from(vec![
        Span::styled(format!("Cell {cell_label} ("), t.text),
        Span::styled(
            cell_level.letter().to_string(),
            crate::tui::widgets::heatmap::level_style(t, cell_level),
        ),
        Span::styled(format!("): {} threat(s)", threats.len()), t.text),
    ]));
    // The lines in view, scrolled to keep the selected threat on screen (a cell can hold
    // thousands of threats).
    let room = usize::from(inner.height).saturating_sub(lines.len()).max(1);
    let offset = h.list.map_or(0, |i| (i + 1).saturating_sub(room));
    let session_figures = state.figures();
    for (i, id) in threats.iter().enumerate().skip(offset).take(room) {
        let name = session_figures
            .as_ref()
            .and_then(|f| f.threat_position(id))
            .and_then(|i| s.threats.get(i))
            .map_or("", |x| x.name.as_str());
        let current = h.list == Some(i);
        let text: String = format!("{}{id} {name}", if current { "▶ " } else { "  " })
            .chars()
            .take(width)
            .collect();
        lines.push(Line::from(Span::styled(
            text,
            if current { t.selected } else { t.text },
        )));
    }
    // Rated chains sit in the inherent grid beside the threats (not in the counts).
    if h.mode != HeatmapMode::LayerGrid {
        let sev = Severity::ALL[3 - h.cell.0.min(3)];
        let lik = Likelihood::ALL[h.cell.1.min(3)];
        for id in &inherent.cell(sev, lik).chain_ids {
            let name = s
                .chains
                .iter()
                .find(|c| c.id == *id)
                .map_or("", |c| c.name.as_str());
            lines.push(Line::from(Span::styled(
                format!("  chain {id} {name}"),
                t.muted,
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn cell_of(m: &heatmap::RiskMatrix, cell: (usize, usize)) -> (String, RiskLevel) {
    let sev = Severity::ALL[3 - cell.0.min(3)];
    let lik = Likelihood::ALL[cell.1.min(3)];
    (format!("{sev} × {lik}"), m.cell(sev, lik).level)
}
