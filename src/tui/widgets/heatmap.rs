//! The risk heatmap widget: the 4×4 severity × likelihood grid (inherent or residual)
//! and the layer × risk-level grid, from `analysis::heatmap`. Every cell shows its
//! level letter and count, so it reads without colour; colour follows the level.

use crate::analysis::heatmap::{LayerGrid, RiskMatrix, Variant};
use crate::tui::theme::Theme;
use crate::vocab::{Likelihood, RiskLevel};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The style of a risk level: Critical is the danger colour reversed, so it stands out
/// even where High shares its colour (and in monochrome, where only modifiers remain).
pub fn level_style(theme: &Theme, level: RiskLevel) -> Style {
    match level {
        RiskLevel::Critical => theme
            .danger
            .add_modifier(Modifier::REVERSED | Modifier::BOLD),
        RiskLevel::High => theme.danger,
        RiskLevel::Medium => theme.warn,
        RiskLevel::Low => theme.ok,
    }
}

/// One line naming the letters.
pub fn legend(theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled("Legend ", theme.muted)];
    for level in RiskLevel::ALL.iter().rev() {
        spans.push(Span::styled(
            format!(" {} ", level.letter()),
            level_style(theme, *level),
        ));
        spans.push(Span::styled(format!(" {level}  "), theme.muted));
    }
    Line::from(spans)
}

fn short_likelihood(l: Likelihood) -> &'static str {
    match l {
        Likelihood::Unlikely => "Unl",
        Likelihood::Possible => "Pos",
        Likelihood::Likely => "Lik",
        Likelihood::VeryLikely => "VLk",
    }
}

/// A cell's text: level letter and count, in brackets when selected (visible without colour).
fn cell_text(level: RiskLevel, count: usize, selected: bool, width: usize) -> String {
    let core = format!("{} {count}", level.letter());
    let core = if selected { format!("[{core}]") } else { core };
    format!("{core:^width$}")
}

/// The severity × likelihood grid. `cell_width` ≥ 5; `selected` is (row, column).
pub struct MatrixWidget<'a> {
    pub matrix: &'a RiskMatrix,
    pub theme: &'a Theme,
    pub cell_width: usize,
    pub selected: Option<(usize, usize)>,
}

impl MatrixWidget<'_> {
    pub fn lines(&self) -> Vec<Line<'static>> {
        let t = self.theme;
        let w = self.cell_width.max(5);
        let title = match self.matrix.variant {
            Variant::Inherent => "Inherent",
            Variant::Residual => "Residual",
        };
        let mut header = vec![Span::styled(format!("{:<5}", &title[..3]), t.accent)];
        for l in Likelihood::ALL {
            header.push(Span::styled(
                format!("{:^w$}", short_likelihood(*l)),
                t.muted,
            ));
        }
        let mut lines = vec![Line::from(header)];
        for (r, row) in self.matrix.rows.iter().enumerate() {
            let sev = row.first().map(|c| c.severity.as_str()).unwrap_or("");
            let sev: String = sev.chars().take(4).collect();
            let mut spans = vec![Span::styled(format!("{sev:<5}"), t.muted)];
            for (c, cell) in row.iter().enumerate() {
                // Residual cells with nothing left show the matrix level dimmed.
                let level = cell.shown_level.unwrap_or(cell.level);
                let count = cell.count();
                let text = cell_text(level, count, self.selected == Some((r, c)), w);
                let mut style = if count == 0 {
                    t.muted
                } else {
                    level_style(t, level)
                };
                if self.selected == Some((r, c)) {
                    style = t.selected;
                }
                spans.push(Span::styled(text, style));
            }
            lines.push(Line::from(spans));
        }
        lines
    }
}

impl Widget for MatrixWidget<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Paragraph::new(self.lines()).render(area, buf);
    }
}

/// The layer × risk-level grid (rows L1–L7 and CL, columns Low…Critical).
pub struct LayerGridWidget<'a> {
    pub grid: &'a LayerGrid,
    pub theme: &'a Theme,
    pub cell_width: usize,
    pub selected: Option<(usize, usize)>,
}

impl LayerGridWidget<'_> {
    pub fn lines(&self) -> Vec<Line<'static>> {
        let t = self.theme;
        let w = self.cell_width.max(5);
        let mut header = vec![Span::styled(format!("{:<5}", "Layer"), t.accent)];
        for level in RiskLevel::ALL {
            header.push(Span::styled(format!("{:^w$}", level.as_str()), t.muted));
        }
        let mut lines = vec![Line::from(header)];
        for (r, row) in self.grid.rows.iter().enumerate() {
            let layer = row.first().map(|c| c.layer.as_str()).unwrap_or("");
            let mut spans = vec![Span::styled(format!("{layer:<5}"), t.muted)];
            for (c, cell) in row.iter().enumerate() {
                let count = cell.count();
                let text = cell_text(cell.level, count, self.selected == Some((r, c)), w);
                let mut style = if count == 0 {
                    t.muted
                } else {
                    level_style(t, cell.level)
                };
                if self.selected == Some((r, c)) {
                    style = t.selected;
                }
                spans.push(Span::styled(text, style));
            }
            lines.push(Line::from(spans));
        }
        lines
    }
}

impl Widget for LayerGridWidget<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Paragraph::new(self.lines()).render(area, buf);
    }
}
