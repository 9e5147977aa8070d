//! The full-screen risk heatmap (key `m`): severity × likelihood, the inherent →
//! residual transition matrix, or the layer × level grids (inherent, effective,
//! residual), scaled to the screen, with filters and the selected cell's threats.

use crate::analysis::transition::{self, LEVELS_DOWN, StepRole};
use crate::tui::app::AppState;
use crate::tui::derive::HeatmapFigures;
use crate::tui::phases::threats::HeatmapMode;
use crate::tui::widgets::heatmap::{GridCell, GridWidget, Label, grid_height, legend};
use crate::tui::widgets::lines::Lines;
use crate::vocab::{Layer, Likelihood, RiskLevel, Severity};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};
use std::collections::BTreeMap;

fn or_all<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "all".to_string(), |x| x.to_string())
}

fn level_labels() -> Vec<Label> {
    LEVELS_DOWN
        .iter()
        .map(|l| Label::new(l.as_str(), l.letter().to_string()))
        .collect()
}

fn likelihood_labels() -> Vec<Label> {
    let short = ["Unl", "Pos", "Lik", "VLk"];
    Likelihood::ALL
        .iter()
        .zip(short)
        .map(|(l, s)| Label::new(l.as_str(), s))
        .collect()
}

fn severity_labels() -> Vec<Label> {
    Severity::ALL
        .iter()
        .rev()
        .map(|s| Label::new(s.as_str(), s.as_str().chars().take(4).collect::<String>()))
        .collect()
}

fn layer_labels() -> Vec<Label> {
    crate::tui::app::LAYER_TABS
        .iter()
        .map(|l| Label::new(format!("{l} {}", l.name()), l.as_str()))
        .collect()
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
    let figures = state.heatmap_figures();
    let chain = h.chain.and_then(|i| s.chains.get(i));
    let mut head = vec![Span::styled(
        format!(
            "Filter: layer {} · factor {} · status {}",
            or_all(h.filter.layer),
            or_all(h.filter.factor),
            or_all(h.filter.status)
        ),
        t.text,
    )];
    if let Some(chain) = chain {
        head.push(Span::styled(
            format!(" · chain {} (e entry · p pivot · i impact)", chain.id),
            t.accent,
        ));
    }
    let lines = vec![
        Line::from(head),
        Line::from(Span::styled(
            "t view · L layer · f factor · z status · b chain · arrows cell · Enter list/open · Esc",
            t.muted,
        )),
    ];
    frame.render_widget(Lines::new(lines), inner);
    let body = Rect {
        y: inner.y + 2,
        height: inner.height.saturating_sub(2),
        ..inner
    };
    if body.height < 4 {
        return;
    }
    // Wide: grid left, list right. Narrow (or three grids side by side): grid above,
    // list below.
    let (grid_area, list_area) = if body.width >= 120 && h.mode != HeatmapMode::Layers {
        let gw = body.width * 3 / 5;
        (
            Rect { width: gw, ..body },
            Rect {
                x: body.x + gw + 2,
                width: body.width.saturating_sub(gw + 2),
                ..body
            },
        )
    } else {
        // The list takes what its threats need, up to two fifths; the grid the rest.
        let rows: u16 = if h.mode == HeatmapMode::Layers { 9 } else { 5 };
        let listed = figures.cell_ids(h.mode, h.cell).len() as u16 + 2;
        let list_h = listed.clamp(3, body.height * 2 / 5);
        let gh = body
            .height
            .saturating_sub(list_h)
            .max(rows + 3)
            .min(body.height);
        (
            Rect { height: gh, ..body },
            Rect {
                y: body.y + gh,
                height: body.height - gh,
                ..body
            },
        )
    };
    // Two lines under the grid: the legend and what the axes and counts mean.
    let grid_h = grid_area.height.saturating_sub(2);
    let cells = Rect {
        height: grid_h,
        ..grid_area
    };
    let selected = if h.list.is_none() { Some(h.cell) } else { None };
    let summary = match h.mode {
        HeatmapMode::Inherent => {
            render_inherent(frame, cells, state, &figures, selected);
            format!(
                "Rows: severity · columns: likelihood · unrated threats: {}",
                figures.inherent.unrated.len()
            )
        }
        HeatmapMode::Transition => {
            render_transition(frame, cells, state, &figures, selected);
            // Counted from the cached matrix in place: a clone copied every id per frame.
            let (not_reduced, reduced, raised, unrated) =
                figures.transition.as_ref().map_or((0, 0, 0, 0), |m| {
                    (m.not_reduced(), m.reduced(), m.raised(), m.unrated.len())
                });
            format!(
                "Rows: inherent level · columns: residual level · = diagonal: not reduced {not_reduced} · reduced {reduced} · raised {raised} · unrated {unrated}"
            )
        }
        HeatmapMode::Layers => {
            render_layers(frame, cells, state, &figures, selected);
            "Rows: layer · columns: level · a threat counts on each of its layers".to_string()
        }
    };
    // The legend right under the last row of cells.
    let rows = if h.mode == HeatmapMode::Layers { 8 } else { 4 };
    let used = grid_height(rows, grid_h);
    let foot = Rect {
        y: grid_area.y + used,
        height: grid_area.height - used,
        ..grid_area
    };
    frame.render_widget(
        Lines::new(vec![legend(t), Line::from(Span::styled(summary, t.muted))]),
        foot,
    );
    render_list(frame, list_area, state, &figures);
}

fn render_inherent(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    figures: &HeatmapFigures,
    selected: Option<(usize, usize)>,
) {
    let cells = figures
        .inherent
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| GridCell {
                    level: Some(c.level),
                    ids: &c.threat_ids,
                    mark: None,
                })
                .collect()
        })
        .collect();
    frame.render_widget(
        GridWidget {
            title: "Severity",
            rows: severity_labels(),
            columns: likelihood_labels(),
            cells,
            selected,
            theme: &state.theme,
        },
        area,
    );
}

fn render_transition(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    figures: &HeatmapFigures,
    selected: Option<(usize, usize)>,
) {
    let Some(m) = &figures.transition else { return };
    let cells = m
        .cells
        .iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, ids)| GridCell {
                    level: Some(LEVELS_DOWN[c]),
                    ids,
                    mark: (r == c).then_some("="),
                })
                .collect()
        })
        .collect();
    frame.render_widget(
        GridWidget {
            title: "Inherent",
            rows: level_labels(),
            columns: level_labels(),
            cells,
            selected,
            theme: &state.theme,
        },
        area,
    );
}

/// The marks of the highlighted chain on a grid: (layer, level) → "e:", "p:" or "i:".
fn chain_marks(
    state: &AppState,
    figures: &HeatmapFigures,
    level_of: impl Fn(&transition::ThreatLevels) -> Option<RiskLevel>,
) -> BTreeMap<(Layer, RiskLevel), &'static str> {
    let mut marks = BTreeMap::new();
    let (Some(doc), Some(i)) = (&state.doc, state.threats.heatmap.chain) else {
        return marks;
    };
    let s = doc.session();
    let Some(chain) = s.chains.get(i) else {
        return marks;
    };
    let session_figures = state.figures();
    let path = transition::chain_path(s, chain, |t| {
        let pos = session_figures.as_ref()?.threat_position(&t.id)?;
        level_of(figures.levels.get(pos)?)
    });
    for step in path {
        let mark = match step.role {
            StepRole::Entry => "e:",
            StepRole::Pivot => "p:",
            StepRole::Impact => "i:",
        };
        for cell in step.cells {
            marks.entry(cell).or_insert(mark);
        }
    }
    marks
}

fn render_layers(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    figures: &HeatmapFigures,
    selected: Option<(usize, usize)>,
) {
    let Some(grids) = &figures.grids else { return };
    let titles = ["Inherent", "Effective", "Residual"];
    let lookups: [fn(&transition::ThreatLevels) -> Option<RiskLevel>; 3] =
        [|l| l.inherent, |l| l.effective, |l| l.residual];
    let w = area.width / 3;
    for (g, grid) in grids.all().into_iter().enumerate() {
        let marks = chain_marks(state, figures, lookups[g]);
        let cells = grid
            .rows
            .iter()
            .map(|row| {
                LEVELS_DOWN
                    .iter()
                    .filter_map(|level| row.iter().find(|c| c.level == *level))
                    .map(|c| GridCell {
                        level: Some(c.level),
                        ids: &c.threat_ids,
                        mark: marks.get(&(c.layer, c.level)).copied(),
                    })
                    .collect()
            })
            .collect();
        let sel = selected.and_then(|(r, c)| (c / 4 == g).then_some((r, c % 4)));
        let x = area.x + w * g as u16;
        frame.render_widget(
            GridWidget {
                title: titles[g],
                rows: layer_labels(),
                columns: level_labels(),
                cells,
                selected: sel,
                theme: &state.theme,
            },
            Rect {
                x,
                width: w.saturating_sub(1),
                ..area
            },
        );
    }
}

/// What the selected cell is called.
fn cell_name(mode: HeatmapMode, (row, col): (usize, usize)) -> String {
    match mode {
        HeatmapMode::Inherent => {
            let sev = Severity::ALL[3 - row.min(3)];
            let lik = Likelihood::ALL[col.min(3)];
            format!("{sev} severity × {lik}")
        }
        HeatmapMode::Transition => format!(
            "inherent {} → residual {}",
            LEVELS_DOWN[row.min(3)],
            LEVELS_DOWN[col.min(3)]
        ),
        HeatmapMode::Layers => {
            let layer = crate::tui::app::LAYER_TABS[row.min(7)];
            let grid = ["inherent", "effective", "residual"][(col / 4).min(2)];
            format!("{layer} × {grid} {}", LEVELS_DOWN[col % 4])
        }
    }
}

fn letter(level: Option<RiskLevel>) -> char {
    level.map_or('-', RiskLevel::letter)
}

/// The selected cell's threats: id, title, layers, levels, status and owner.
fn render_list(frame: &mut Frame, area: Rect, state: &AppState, figures: &HeatmapFigures) {
    let t = &state.theme;
    let h = &state.threats.heatmap;
    let Some(doc) = &state.doc else { return };
    let s = doc.session();
    if area.height == 0 {
        return;
    }
    let ids = figures.cell_ids(h.mode, h.cell);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{} ", cell_name(h.mode, h.cell)), t.accent),
        Span::styled(
            format!(
                "· {} threat(s){}",
                ids.len(),
                if h.list.is_none() && !ids.is_empty() {
                    " · Enter to choose one"
                } else {
                    ""
                }
            ),
            t.muted,
        ),
    ])];
    let width = usize::from(area.width);
    let wide = width >= 70;
    lines.push(Line::from(Span::styled(
        if wide {
            format!(
                "  {:<8} {:<6} {:<14} {:<12} {:<14} Title",
                "ID", "I/E/R", "Layers", "Status", "Owner"
            )
        } else {
            format!("  {:<8} {:<6} Title", "ID", "I/E/R")
        },
        t.muted,
    )));
    // Rated chains sit in the inherent grid beside the threats (not in the counts).
    let chains: Vec<&String> = match h.mode {
        HeatmapMode::Inherent => figures
            .inherent
            .rows
            .get(h.cell.0)
            .and_then(|r| r.get(h.cell.1))
            .map(|c| c.chain_ids.iter().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let room = usize::from(area.height)
        .saturating_sub(lines.len() + chains.len())
        .max(1);
    let offset = h.list.map_or(0, |i| (i + 1).saturating_sub(room));
    let session_figures = state.figures();
    for (i, id) in ids.iter().enumerate().skip(offset).take(room) {
        let pos = session_figures.as_ref().and_then(|f| f.threat_position(id));
        let threat = pos.and_then(|p| s.threats.get(p));
        let levels = pos.and_then(|p| figures.levels.get(p));
        let name = threat.map_or("", |x| x.name.as_str());
        let ier = levels.map_or_else(String::new, |l| {
            format!(
                "{}/{}/{}",
                letter(l.inherent),
                letter(l.effective),
                letter(l.residual)
            )
        });
        let current = h.list == Some(i);
        let marker = if current { "▶ " } else { "  " };
        let text = if wide {
            let layers = threat.map_or_else(String::new, |x| {
                x.layers
                    .iter()
                    .map(|l| l.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            });
            let status = levels.map_or("", |l| l.status.as_str());
            let owner = levels.map_or("", |l| l.owner.as_str());
            format!(
                "{marker}{id:<8} {ier:<6} {:<14} {:<12} {:<14} {name}",
                clip(&layers, 14),
                clip(status, 12),
                clip(owner, 14)
            )
        } else {
            format!("{marker}{id:<8} {ier:<6} {name}")
        };
        lines.push(Line::from(Span::styled(
            clip(&text, width),
            if current { t.selected } else { t.text },
        )));
    }
    for id in chains {
        let name = s
            .chains
            .iter()
            .find(|c| c.id == *id)
            .map_or("", |c| c.name.as_str());
        lines.push(Line::from(Span::styled(
            clip(&format!("  chain {id} {name}"), width),
            t.muted,
        )));
    }
    frame.render_widget(Lines::new(lines), area);
}

fn clip(text: &str, width: usize) -> String {
    text.chars().take(width).collect()
}
