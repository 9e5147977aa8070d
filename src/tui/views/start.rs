//! The start screen: examples, new session (with the decision-tree wizard), recents.

use super::centered;
use crate::tui::app::{AppState, EditTarget, WizardStep, start_label};
use crate::tui::guide;
use crate::tui::widgets::lines::Lines;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

pub fn render(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    let box_area = centered(area, 76, 20);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.accent)
        .title(Span::styled(
            " maestro-tm · OWASP MAESTRO threat modeling ",
            t.accent,
        ));
    let inner = block.inner(box_area);
    frame.render_widget(Clear, box_area);
    frame.render_widget(block, box_area);
    if state.wizard.is_some() {
        render_wizard(frame, inner, state);
        return;
    }
    if let Some(name) = &state.opening {
        let lines = vec![
            Line::from(""),
            Line::from(Span::styled(
                format!("  Opening {}…", super::safe::text(name)),
                t.text,
            )),
        ];
        frame.render_widget(Lines::wrapped(lines), inner);
        return;
    }
    let entries = state.visible_start_entries();
    let mut lines = vec![
        Line::from(Span::styled(
            "Threat-model agentic AI systems layer by layer.",
            t.muted,
        )),
        Line::from(""),
    ];
    for (i, (_, entry)) in entries.iter().enumerate() {
        let selected = i == state.start_nav.selected;
        let marker = if selected { "▶ " } else { "  " };
        let style = if selected { t.selected } else { t.text };
        lines.push(Line::from(Span::styled(
            format!("{marker}{}", super::safe::text(&start_label(entry))),
            style,
        )));
    }
    if entries.is_empty() {
        lines.push(Line::from(Span::styled(
            "  (no entry matches the filter)",
            t.muted,
        )));
    }
    let filtering = state
        .editing
        .as_ref()
        .is_some_and(|e| e.target == EditTarget::Filter);
    if filtering || !state.start_nav.filter.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("/{}", super::safe::text(&state.start_nav.filter)),
            t.focus,
        )));
    }
    let [list, hints] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    frame.render_widget(Lines::new(lines), list);
    frame.render_widget(
        Lines::new(Span::styled(
            "↑↓ choose · Enter open · / filter · ? help · q quit",
            t.muted,
        )),
        hints,
    );
}

fn render_wizard(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    let Some(w) = &state.wizard else { return };
    let questions = guide::engagement_questions(&state.catalog);
    let mut lines = vec![
        Line::from(Span::styled("New session", t.accent)),
        Line::from(""),
        Line::from(vec![
            Span::styled("Title: ", t.muted),
            super::safe::span(&w.title, t.text),
        ]),
        Line::from(vec![
            Span::styled("File:  ", t.muted),
            Span::styled(w.file.clone(), t.text),
        ]),
        Line::from(""),
    ];
    let mut field_row = None;
    match w.step {
        WizardStep::Title | WizardStep::File => {
            let prompt = if w.step == WizardStep::Title {
                "Session title (Enter to continue, Esc to cancel):"
            } else {
                "File name of the session (Enter to continue):"
            };
            lines.push(Line::from(Span::styled(prompt, t.text)));
            field_row = Some(lines.len() as u16);
        }
        WizardStep::Question(i) => {
            lines.push(Line::from(Span::styled(
                format!("Pre-engagement question {} of {}:", i + 1, questions.len()),
                t.muted,
            )));
            let text = questions.get(i).map_or("", |q| q.text.as_str());
            lines.push(Line::from(Span::styled(text.to_string(), t.text)));
            lines.push(Line::from(Span::styled(
                "[y] yes   [n] no   [Esc] cancel",
                t.accent,
            )));
        }
        WizardStep::Confirm => {
            let depth = guide::decide(&state.catalog, &w.answers)
                .map_or("undecided (choose later)".to_string(), |d| {
                    format!("{d} depth")
                });
            lines.push(Line::from(vec![
                Span::styled("Decision tree result: ", t.muted),
                Span::styled(depth, t.accent),
            ]));
            lines.push(Line::from(Span::styled(
                "Enter creates the session · Esc cancels",
                t.text,
            )));
        }
    }
    for q in &questions {
        if let Some(answer) = w.answers.get(&q.id) {
            let label = q
                .answers
                .iter()
                .find(|(id, _)| id == answer)
                .map_or(answer.as_str(), |(_, l)| l.as_str());
            lines.push(Line::from(Span::styled(
                format!("  {label:<4}{}", q.text),
                t.muted,
            )));
        }
    }
    frame.render_widget(Lines::wrapped(lines), area);
    if let (Some(row), Some(editing)) = (field_row, &state.editing)
        && row < area.height
    {
        let field_area = Rect::new(area.x + 2, area.y + row, area.width.saturating_sub(4), 1);
        let mut f = editing.field.clone();
        f.set_style(t.editing, t.selected);
        frame.render_widget(f.widget(), field_area);
    }
}
