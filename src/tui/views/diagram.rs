//! The diagram screen: a frame naming the diagram and the level basis, the drawing
//! (scrolled to the state's offset) and a detail panel about the selected item —
//! below the drawing, or beside it from 160 columns on.

use crate::diagram::Kind;
use crate::tui::app::AppState;
use crate::tui::diagram::picture::Shape;
use crate::tui::diagram::{DiagramState, areas_fitting};
use crate::tui::widgets::diagram::{DiagramCanvas, Highlight};
use crate::tui::widgets::heatmap::legend;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState, diagram: &DiagramState) {
    let t = &state.theme;
    let picture = state.diagram_picture();
    let tab = |kind: Kind, label: &'static str| {
        if diagram.kind == kind {
            Span::styled(format!("[{label}]"), t.accent.add_modifier(Modifier::BOLD))
        } else {
            Span::styled(format!(" {label} "), t.muted)
        }
    };
    let title = Line::from(vec![
        Span::raw(" "),
        tab(Kind::Layers, "Layer map"),
        Span::raw(" "),
        tab(Kind::DataFlow, "Data flows"),
        Span::styled(format!(" · {} levels ", diagram.basis.word()), t.text),
    ]);
    let keys = if area.width >= 100 {
        " ←↑↓→ select · Shift+←↑↓→ or HJKL pan · Enter open · Tab diagram · t inherent/residual · PgUp/PgDn · Esc close "
    } else {
        " ←↑↓→ select · HJKL pan · Enter open · Tab diagram · t residual · Esc "
    };
    let keys = Line::from(Span::styled(keys, t.muted));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.muted)
        .title(title)
        .title_bottom(keys);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (canvas, detail) = areas_fitting(inner, picture.width());

    if picture.items.is_empty() && picture.scene.boxes.is_empty() {
        let empty = Paragraph::new(vec![
            Line::from("No components yet."),
            Line::from("Add them in phase 2 (key 2); the diagram follows the session."),
        ])
        .style(t.muted);
        frame.render_widget(empty, canvas);
    } else {
        let selected = picture.items.get(diagram.selected);
        let highlight = match selected.map(|i| i.shape) {
            Some(Shape::Box(b)) => Highlight::Box(b),
            Some(Shape::Edge(e)) => Highlight::Edge(e),
            None => Highlight::None,
        };
        // The offset the state keeps, held inside the drawing (the terminal may have shrunk).
        let max_x = picture.width().saturating_sub(usize::from(canvas.width));
        let max_y = picture
            .rows
            .len()
            .saturating_sub(usize::from(canvas.height));
        let offset = (diagram.offset.0.min(max_x), diagram.offset.1.min(max_y));
        frame.render_widget(
            DiagramCanvas {
                scene: &picture.scene,
                rows: &picture.rows,
                offset,
                highlight,
                theme: t,
            },
            canvas,
        );
    }

    let mut lines: Vec<Line> = Vec::new();
    match picture.items.get(diagram.selected) {
        Some(item) => {
            for (i, text) in item.detail.iter().enumerate() {
                let style = if i == 0 {
                    t.accent.add_modifier(Modifier::BOLD)
                } else {
                    t.text
                };
                lines.push(Line::styled(text.clone(), style));
            }
        }
        None => lines.push(Line::styled("Nothing selected", t.muted)),
    }
    let beside = detail.width < inner.width;
    if beside {
        lines.push(Line::default());
        lines.push(legend(t));
    }
    let (detail_block, wrap) = if beside {
        (
            Block::default()
                .borders(Borders::LEFT)
                .border_style(t.muted),
            true,
        )
    } else {
        (
            Block::default().borders(Borders::TOP).border_style(t.muted),
            false,
        )
    };
    let paragraph = Paragraph::new(lines).block(detail_block);
    let paragraph = if wrap {
        paragraph.wrap(Wrap { trim: false })
    } else {
        paragraph
    };
    frame.render_widget(paragraph, detail);
}
