//! The report laid out as a sequence of plain blocks (headings, tables, lists), so the
//! Markdown and HTML renderers share one layout and differ only in syntax and escaping.
//!
//! The blocks are handed to a sink one by one as they are laid out, and a table's rows
//! one by one: a renderer writes each and lets it go, so a report of 50,000 threats is
//! never held whole a second time as text (issue 23: memory).

use super::*;
use std::fmt::Display;

mod closing;
mod context;
mod register;

use closing::*;
use context::*;
use register::*;

/// The title of the document.
pub fn title(r: &Report) -> String {
    format!("Threat Model: {}", r.meta.title)
}

pub enum Block {
    Heading(u8, String),
    /// Text whose line breaks are kept.
    Paragraph(String),
    /// A short remark such as "None recorded."
    Note(String),
    /// A highlighted notice (the AI disclaimer).
    Notice(String),
    /// Two-column field/value table of a template.
    Fields(Vec<(String, String)>),
    /// A table opens with its header; its rows follow, then [`Block::TableEnd`].
    TableStart(Vec<String>),
    TableRow(Vec<String>),
    TableEnd,
    /// A severity × likelihood grid whose cells carry their risk level.
    Heatmap {
        corner: String,
        columns: Vec<String>,
        rows: Vec<(String, Vec<(usize, RiskLevel)>)>,
    },
    List(Vec<String>),
    /// A diagram: Mermaid source for Markdown, an inline SVG picture for HTML.
    Diagram {
        caption: String,
        mermaid: String,
        svg: String,
    },
}

const NONE: &str = "—";

fn opt<T: Display>(value: Option<T>) -> String {
    value.map_or_else(|| NONE.to_string(), |v| v.to_string())
}

fn or_dash(text: &str) -> String {
    if text.is_empty() {
        NONE.to_string()
    } else {
        text.to_string()
    }
}

fn join<T: Display>(items: &[T]) -> String {
    if items.is_empty() {
        return NONE.to_string();
    }
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn yes_no(value: bool) -> String {
    if value { "Yes" } else { "No" }.to_string()
}

fn effective(value: Option<f64>) -> String {
    value.map_or_else(|| NONE.to_string(), |v| format!("{v:.2}"))
}

fn field(name: &str, value: impl Into<String>) -> (String, String) {
    (name.to_string(), value.into())
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

struct Builder<'s> {
    sink: &'s mut dyn FnMut(Block),
    /// Only the headings are wanted (the HTML table of contents): tables and lists are
    /// not laid out.
    headings_only: bool,
}

impl Builder<'_> {
    fn push(&mut self, block: Block) {
        if !self.headings_only || matches!(block, Block::Heading(..)) {
            (self.sink)(block);
        }
    }

    fn h(&mut self, level: u8, text: impl Into<String>) {
        self.push(Block::Heading(level, text.into()));
    }

    fn para(&mut self, text: &str) {
        if !text.is_empty() && !self.headings_only {
            self.push(Block::Paragraph(text.to_string()));
        }
    }

    fn note(&mut self, text: &str) {
        self.push(Block::Note(text.to_string()));
    }

    fn fields(&mut self, fields: Vec<(String, String)>) {
        self.push(Block::Fields(fields));
    }

    /// A table, or a note when there are no rows. The rows are laid out as they are
    /// written: pass an iterator, not a collected `Vec`, for the long tables.
    fn table(&mut self, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>, empty: &str) {
        if self.headings_only {
            return;
        }
        let mut rows = rows.into_iter().peekable();
        if rows.peek().is_none() {
            self.note(empty);
            return;
        }
        self.push(Block::TableStart(strings(header)));
        for row in rows {
            self.push(Block::TableRow(row));
        }
        self.push(Block::TableEnd);
    }

    fn list(&mut self, items: Vec<String>, empty: &str) {
        if items.is_empty() {
            self.note(empty);
        } else {
            self.push(Block::List(items));
        }
    }

    fn heatmap(&mut self, map: &Heatmap) {
        self.push(Block::Heatmap {
            corner: "Severity × Likelihood".to_string(),
            columns: Likelihood::ALL.iter().map(|l| l.to_string()).collect(),
            rows: map
                .rows
                .iter()
                .map(|r| {
                    (
                        r.severity.to_string(),
                        r.cells.iter().map(|c| (c.count, c.level)).collect(),
                    )
                })
                .collect(),
        });
    }
}

impl Builder<'_> {
    fn transition(&mut self, table: &TransitionTable) {
        self.push(Block::Heatmap {
            corner: "Inherent → Residual".to_string(),
            columns: table
                .rows
                .first()
                .map(|r| r.cells.iter().map(|c| c.residual.to_string()).collect())
                .unwrap_or_default(),
            rows: table
                .rows
                .iter()
                .map(|r| {
                    (
                        r.inherent.to_string(),
                        r.cells.iter().map(|c| (c.count, c.residual)).collect(),
                    )
                })
                .collect(),
        });
    }
}

fn counts_row(label: String, c: &LevelCounts) -> Vec<String> {
    vec![
        label,
        c.count.to_string(),
        c.critical.to_string(),
        c.high.to_string(),
        c.medium.to_string(),
        c.low.to_string(),
        c.unrated.to_string(),
    ]
}

/// Lays out the whole report, block by block into `sink` (the title is [`title`]);
/// with `headings_only`, only its headings.
pub fn document(r: &Report, headings_only: bool, sink: &mut dyn FnMut(Block)) {
    let mut d = Builder {
        sink,
        headings_only,
    };
    let m = &r.meta;
    d.fields(vec![
        field("System", or_dash(&r.executive_summary.system_name)),
        field("Model version", or_dash(&m.version)),
        field("Created", or_dash(&m.created)),
        field("Assessed", or_dash(&m.assessed)),
        field("Analysts", join(&m.analysts)),
        field("Engagement depth", opt(m.depth)),
        field("Catalog version", or_dash(&m.catalog_version)),
        field("Playbook version", or_dash(&m.playbook_version)),
    ]);
    if let Some(disclaimer) = &m.disclaimer {
        d.push(Block::Notice(format!("Disclaimer: {disclaimer}")));
    }
    executive_summary(&mut d, r);
    business(&mut d, r);
    architecture(&mut d, r);
    actors(&mut d, r);
    boundaries(&mut d, r);
    assets(&mut d, r);
    threats(&mut d, r);
    mitigations(&mut d, r);
    code_validation(&mut d, r);
    residual(&mut d, r);
    roadmap(&mut d, r);
    open_items(&mut d, r);
    compliance(&mut d, r);
    d.h(2, "Sign-off");
    d.table(
        &["Name", "Role", "Date", "Decision"],
        r.sign_offs.iter().map(|s| {
            vec![
                s.name.clone(),
                or_dash(&s.role),
                or_dash(&s.date),
                or_dash(&s.decision),
            ]
        }),
        "No sign-off recorded.",
    );
    d.push(Block::Note(format!(
        "{} Licensed under {}.",
        m.attribution, m.license
    )));
}
