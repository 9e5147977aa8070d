//! Phase 6 per-layer screen and the threat card (render only).

use crate::analysis::suggest;
use crate::risk;
use crate::session::Threat;
use crate::tui::app::{AppState, Pane};
use crate::tui::derive::SessionFigures;
use crate::tui::phases::threats::{self as phase, Row, View};
use crate::tui::widgets::heatmap::level_style;
use crate::tui::widgets::lines::Lines;
use crate::vocab::{AgenticFactor, ReviewState};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

/// Draws the full-screen threat view on top of the stack.
pub fn render_view(frame: &mut Frame, area: Rect, state: &AppState, view: &View) {
    match view {
        View::Heatmap => super::heatmap::render(frame, area, state),
        View::Register => super::register::render(frame, area, state),
        View::Card(id) => render_card(frame, area, state, id),
    }
}

fn review_mark(state: ReviewState) -> &'static str {
    match state {
        ReviewState::Unreviewed => "·",
        ReviewState::Applicable => "✓",
        ReviewState::NotApplicable => "✗",
    }
}

pub fn factor_abbrev(f: AgenticFactor) -> &'static str {
    match f {
        AgenticFactor::NonDeterminism => "ND",
        AgenticFactor::Autonomy => "AU",
        AgenticFactor::IdentityManagement => "IM",
        AgenticFactor::AgentToAgent => "A2A",
    }
}

/// The per-layer screen of phase 6 in the main pane.
pub fn render_layer(frame: &mut Frame, area: Rect, state: &AppState) {
    let t = &state.theme;
    let Some(doc) = &state.doc else { return };
    let s = doc.session();
    let layer = state.layer();
    let assessed = s.analysis.assessed_layers.contains(&layer);
    let title = format!(
        "Phase 6 · {} · {} {}{}",
        state.guide().name,
        layer.as_str(),
        layer.name(),
        if assessed { " · assessed ✓" } else { "" }
    );
    // The lists are the pane's one part here (guidance shows only on tall screens).
    let title = super::focus::title(&title, state.pane == Pane::Records);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(super::focus::border(state.pane != Pane::Rail))
        .border_style(t.muted)
        .title(Span::styled(title, t.accent));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(parts) = super::threats_layout::layer_parts(state, inner, frame.area().width) else {
        return;
    };
    let super::threats_layout::LayerParts {
        top,
        top_area,
        list_area,
        detail_area,
        prompt_area,
        side,
        prompting,
    } = parts;
    let width = usize::from(list_area.width.max(1));
    frame.render_widget(Lines::wrapped(top), top_area);

    let rows = phase::rows(state);
    let figures = state.figures();
    let selected = state.records_nav.selected.min(rows.len().saturating_sub(1));
    let height = usize::from(list_area.height);
    let offset = selected.saturating_sub(height.saturating_sub(1));
    let mut lines = Vec::new();
    if rows.is_empty() {
        lines.push(Line::from(Span::styled("  (nothing to list)", t.muted)));
    }
    for (i, row) in rows.iter().enumerate().skip(offset).take(height) {
        let text = row_text(state, figures.as_deref(), row);
        let text: String = format!("{}{text}", if i == selected { "▶ " } else { "  " })
            .chars()
            .take(width)
            .collect();
        let style = if i == selected && state.pane == Pane::Records {
            t.selected
        } else {
            t.text
        };
        lines.push(Line::from(super::safe::span(&text, style)));
    }
    let list_used = lines.len() as u16;
    frame.render_widget(Lines::new(lines), list_area);

    let detail_width = side.map_or(detail_area.width, super::threats_wide::card_width);
    let detail = rows
        .get(selected)
        .map(|r| detail_lines(state, figures.as_deref(), r, usize::from(detail_width)))
        .unwrap_or_default();
    if let Some(side) = side {
        // The factor prompts fill the room a short list leaves.
        let used = (list_used + 1).min(list_area.height);
        let rest = Rect {
            y: list_area.y + used,
            height: list_area.height - used,
            ..list_area
        };
        super::threats_wide::render_factors(frame, rest, state);
        super::threats_wide::render_side(
            frame,
            side,
            state,
            figures.as_deref(),
            rows.get(selected),
            detail,
        );
        render_prompt(frame, prompt_area, state, prompting);
        return;
    }
    let block = Block::default().borders(Borders::TOP).border_style(t.muted);
    let detail_inner = block.inner(detail_area);
    frame.render_widget(block, detail_area);
    frame.render_widget(Lines::wrapped(detail), detail_inner);
    render_prompt(frame, prompt_area, state, prompting);
}

/// The reason prompt of "not applicable", under the list.
fn render_prompt(frame: &mut Frame, prompt_area: Rect, state: &AppState, prompting: bool) {
    let t = &state.theme;
    if prompting && let Some(editing) = &state.editing {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.focus)
            .title(" Why does it not apply? (Enter) ");
        let field_area = block.inner(prompt_area);
        frame.render_widget(block, prompt_area);
        let mut f = editing.field.clone();
        f.set_style(t.text, t.editing);
        frame.render_widget(f.widget(), field_area);
    }
}

fn card_summary(state: &AppState, figures: Option<&SessionFigures>, id: &str) -> String {
    let Some(doc) = &state.doc else {
        return String::new();
    };
    // Through the cached position: a linear search per card was O(cards × threats).
    let found = figures
        .and_then(|f| f.threat_position(id))
        .and_then(|i| doc.session().threats.get(i));
    let Some(card) = found else {
        return id.to_string();
    };
    let rating = match (card.severity, card.likelihood) {
        (Some(s), Some(l)) => format!("{s}×{l}"),
        _ => "unrated".into(),
    };
    let level = risk::inherent(card, &state.catalog).map_or("", |l| l.as_str());
    format!("{id} {rating} {level}").trim().to_string()
}

fn row_text(state: &AppState, figures: Option<&SessionFigures>, row: &Row) -> String {
    match row {
        Row::Threat(t) => {
            let mut tags = Vec::new();
            if t.primary {
                tags.push("primary".to_string());
            }
            if t.suggested && t.reasons.iter().any(|r| r.is_from_system()) {
                tags.push("suggested".into());
            }
            if t.skippable.is_some() {
                tags.push("skip".into());
            }
            if let Some(card) = t.cards.iter().find(|c| c.on_layer) {
                tags.push(format!(
                    "card {}",
                    card_summary(state, figures, &card.threat_id)
                ));
            }
            let tags = if tags.is_empty() {
                String::new()
            } else {
                format!("  [{}]", tags.join(", "))
            };
            format!(
                "{} {:<9} {}{tags}",
                review_mark(t.review.state),
                t.threat_id,
                t.name,
            )
        }
        Row::Check(c) => format!(
            "{} {:<10} {}{}",
            review_mark(c.review.state),
            c.item_id,
            c.topic,
            if c.skippable { "  [skip]" } else { "" }
        ),
        Row::Factor(f) => format!(
            "{f}: {}",
            state
                .catalog
                .factors
                .prompt(state.layer(), *f)
                .unwrap_or("(no prompt for this layer)")
        ),
        Row::Pattern(id) => state.catalog.patterns.get(id).map_or(id.clone(), |p| {
            let layers: Vec<&str> = p.layers.iter().map(|l| l.as_str()).collect();
            format!(
                "{id} {} ({})  Enter/b builds a chain",
                p.name,
                layers.join("→")
            )
        }),
        Row::Chain(id) => {
            let chain = state
                .doc
                .as_ref()
                .and_then(|d| d.session().chains.iter().find(|c| c.id == *id).cloned());
            chain.map_or(id.clone(), |c| {
                let level = crate::risk::chain_inherent(&c, &state.catalog);
                let rating = match (c.severity, c.likelihood, level) {
                    (Some(s), Some(l), Some(level)) => format!("{s}×{l} {}", level.letter()),
                    _ => "unrated (s/i rate)".into(),
                };
                format!("{} {} [{rating}]: {}", c.id, c.name, c.steps.join(" → "))
            })
        }
    }
}

/// `items` joined by `sep` as far as `fits` accepts them with the count of the rest
/// after them ("+N more"), then that count: at 10,000 threats a catalog threat has a hundred cards and as many
/// reasons, which would push the selected card's own fields off the screen (and be
/// formatted on every frame).
fn capped(
    items: impl ExactSizeIterator<Item = String>,
    sep: &str,
    fits: impl Fn(&str) -> bool,
) -> String {
    let total = items.len();
    let mut out = String::new();
    for (n, item) in items.enumerate() {
        let mut longer = out.clone();
        if n > 0 {
            longer.push_str(sep);
        }
        longer.push_str(&item);
        let rest = total - n - 1;
        // This item, and the count of those after it when there are any.
        let shown = if rest > 0 {
            format!("{longer}{sep}+{rest} more")
        } else {
            longer.clone()
        };
        if n > 0 && !fits(&shown) {
            out.push_str(&format!("{sep}+{} more", total - n));
            return out;
        }
        out = longer;
    }
    out
}

/// The selected row's details, for a column `width` wide: the lists of cards and of
/// reasons take three lines at most.
fn detail_lines(
    state: &AppState,
    figures: Option<&SessionFigures>,
    row: &Row,
    width: usize,
) -> Vec<Line<'static>> {
    // Whether "label: text hint" takes three lines or fewer, wrapped at spaces.
    let fits = |label: &'static str, hint: &'static str| {
        move |text: &str| {
            super::wrap_rows::wrap(&format!("{label}: {text}{hint}"), width.max(1)).len() <= 3
        }
    };
    let t = &state.theme;
    let label = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k}: "), t.muted),
            super::safe::span(&v, t.text),
        ])
    };
    let review = |r: &suggest::ReviewStatus| {
        let mut text = r.state.to_string();
        if !r.reason.is_empty() {
            text.push_str(&format!(" — {}", r.reason));
        }
        text
    };
    match row {
        Row::Threat(s) => {
            let reasons = capped(
                s.reasons.iter().map(|r| r.to_string()),
                "; ",
                fits("Why here", ""),
            );
            let mut lines = vec![
                label(
                    "Review",
                    format!("{}   (a applicable · n not · x reset)", review(&s.review)),
                ),
                label("Why here", reasons),
            ];
            if let Some(note) = &s.skippable {
                lines.push(label("Skippable", note.clone()));
            }
            let hint = "   (s/S severity · i/I likelihood · Enter card)";
            let cards = capped(
                (s.cards.iter()).map(|c| card_summary(state, figures, &c.threat_id)),
                ", ",
                fits("Cards", hint),
            );
            lines.push(label(
                "Cards",
                if s.cards.is_empty() {
                    "none".into()
                } else {
                    format!("{cards}{hint}")
                },
            ));
            lines
        }
        Row::Check(c) => vec![
            label("Review", format!("{}   (a · n · x)", review(&c.review))),
            label("Check", c.text.clone()),
            label("Threats", c.threats.join(", ")),
        ],
        Row::Factor(f) => {
            let info = state.catalog.factors.get(*f);
            vec![
                label(
                    "Prompt",
                    state
                        .catalog
                        .factors
                        .prompt(state.layer(), *f)
                        .unwrap_or("")
                        .to_string(),
                ),
                label(
                    "Factor",
                    info.map_or(String::new(), |i| format!("{} — {}", i.name, i.description)),
                ),
            ]
        }
        Row::Pattern(id) => state
            .catalog
            .patterns
            .get(id)
            .map(|p| {
                vec![
                    label("Pattern", p.summary.clone()),
                    label("Entry", p.entry.description.clone()),
                    label("Pivot", p.pivot.description.clone()),
                    label("Impact", p.impact.description.clone()),
                ]
            })
            .unwrap_or_default(),
        Row::Chain(id) => state
            .doc
            .as_ref()
            .and_then(|d| d.session().chains.iter().find(|c| c.id == *id).cloned())
            .map(|c| {
                vec![
                    label("Steps", c.steps.join(" → ")),
                    label("Entry", c.entry_point),
                    label("Pivot", c.pivot),
                    label("Impact", c.impact_target),
                ]
            })
            .unwrap_or_default(),
    }
}

fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "—".into())
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "—".into()
    } else {
        v.join(", ")
    }
}

/// Every field of the Threat Card template, with the rating keys.
fn render_card(frame: &mut Frame, area: Rect, state: &AppState, id: &str) {
    let t = &state.theme;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.focus)
        .title(Span::styled(format!(" Threat card {id} "), t.accent));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(doc) = &state.doc else { return };
    let s = doc.session();
    let Some(card) = s.threat(id) else {
        frame.render_widget(
            Lines::new(Span::styled(
                format!("No card {id} (merged or undone). Esc goes back."),
                t.warn,
            )),
            inner,
        );
        return;
    };
    frame.render_widget(Lines::wrapped(card_lines(state, card)), inner);
}

fn card_lines(state: &AppState, card: &Threat) -> Vec<Line<'static>> {
    let t = &state.theme;
    let s = state.doc.as_ref().map(|d| d.session());
    let label = |k: &str, v: String| {
        Line::from(vec![
            Span::styled(format!("{k:<15}"), t.muted),
            super::safe::span(&v, t.text),
        ])
    };
    let inherent = risk::inherent(card, &state.catalog);
    // Residual and duplicates are computed once per change (`derive`), not per frame.
    let extras = state.card_figures(&card.id);
    let residual = extras.as_ref().map(|f| f.residual.clone());
    let level_span = |l: Option<crate::vocab::RiskLevel>| match l {
        Some(l) => Span::styled(format!(" {} {l} ", l.letter()), level_style(t, l)),
        None => Span::styled(" unrated ", t.muted),
    };
    let layers: Vec<String> = card.layers.iter().map(|l| l.to_string()).collect();
    let stride: Vec<String> = card.stride.iter().map(|x| x.to_string()).collect();
    let mut lines = vec![
        label("Name", card.name.clone()),
        label(
            "Catalog",
            if card.catalog.is_empty() {
                "custom".into()
            } else {
                card.catalog.clone()
            },
        ),
        label("Layers", list(&layers)),
        label("ASI mapping", list(&card.asi)),
        label("STRIDE", list(&stride)),
        label(
            "Severity",
            format!(
                "{}   (s / S)",
                or_dash(card.severity.map(|x| x.to_string()))
            ),
        ),
        label(
            "Likelihood",
            format!(
                "{}   (i / I)",
                or_dash(card.likelihood.map(|x| x.to_string()))
            ),
        ),
        label(
            "Attack vector",
            format!(
                "{}   (v)",
                or_dash(card.attack_vector.map(|x| x.to_string()))
            ),
        ),
        label(
            "Complexity",
            format!(
                "{}   (C)",
                or_dash(card.attack_complexity.map(|x| x.to_string()))
            ),
        ),
        Line::from(vec![
            Span::styled(format!("{:<15}", "Risk"), t.muted),
            Span::styled("inherent ", t.muted),
            level_span(inherent),
            Span::styled("  residual ", t.muted),
            level_span(residual.and_then(|r| r.level)),
        ]),
    ];
    let mut factors = vec![Span::styled(format!("{:<15}", "Factors (f 1-4)"), t.muted)];
    for (i, f) in AgenticFactor::ALL.iter().enumerate() {
        let on = card.factors.contains(f);
        factors.push(Span::styled(
            format!("[{}] {} {f}  ", if on { "x" } else { " " }, i + 1),
            if on { t.accent } else { t.text },
        ));
    }
    lines.push(Line::from(factors));
    for note in &card.factor_notes {
        lines.push(label("", format!("{}: {}", note.factor, note.note)));
    }
    lines.extend([label("Components", list(&card.components))]);
    if !card.flows.is_empty() {
        lines.push(label("Data flows", list(&card.flows)));
    }
    lines.extend([
        label("Actors", list(&card.actors)),
        label("Boundaries", list(&card.boundaries)),
        label("Assets", list(&card.assets)),
        label(
            "Prerequisites",
            or_dash(Some(card.prerequisites.clone()).filter(|x| !x.is_empty())),
        ),
        label(
            "Impact",
            or_dash(Some(card.impact.clone()).filter(|x| !x.is_empty())),
        ),
        label(
            "Description",
            or_dash(Some(card.description.clone()).filter(|x| !x.is_empty())),
        ),
    ]);
    // Read-only: the OTM file's own data, written back by `export otm`.
    for (i, (key, json)) in card.otm.kept.iter().enumerate() {
        lines.push(label(
            if i == 0 { "From OTM" } else { "" },
            format!("{key} = {json}"),
        ));
    }
    if s.is_some() {
        let mitigations: Vec<String> = (state.mitigations_of(&card.id).into_iter())
            .map(|m| format!("{} ({})", m.id, m.implementation))
            .collect();
        lines.push(label("Mitigations", list(&mitigations)));
        if !card.merged.is_empty() {
            lines.push(label("Merged", list(&card.merged)));
        }
        let duplicates: Vec<String> = (extras.iter())
            .flat_map(|f| f.duplicates.iter().cloned())
            .map(|g| {
                let others: Vec<String> =
                    g.threat_ids.into_iter().filter(|x| *x != card.id).collect();
                format!("{} ({})", others.join(", "), g.reason)
            })
            .collect();
        if duplicates.is_empty() {
            lines.push(label("Duplicates", "none found".into()));
        } else {
            lines.push(Line::from(vec![
                Span::styled(format!("{:<15}", "Duplicates"), t.muted),
                Span::styled(
                    format!(
                        "{}   (M merges into this card, u undoes)",
                        duplicates.join("; ")
                    ),
                    t.warn,
                ),
            ]));
        }
    }
    let keys = &state.keymap;
    lines.push(Line::from(Span::styled(
        format!(
            "Enter edits every field · {} follows links, {} returns · Esc back",
            keys.key_label(crate::tui::action::Command::FollowLink),
            keys.key_label(crate::tui::action::Command::LinkBack)
        ),
        t.muted,
    )));
    lines
}
