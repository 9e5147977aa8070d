//! Markdown rendering (GitHub-flavoured tables). User text is escaped so it cannot open
//! HTML tags, links, code spans or break a table row.

use super::doc::{Block, Document};

/// Escapes text for use in Markdown body text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a table cell: one line, line breaks as `<br>`.
fn cell(text: &str) -> String {
    text.split('\n')
        .map(escape)
        .collect::<Vec<_>>()
        .join("<br>")
}

fn table_row(cells: impl IntoIterator<Item = String>) -> String {
    let cells: Vec<String> = cells.into_iter().collect();
    format!("| {} |\n", cells.join(" | "))
}

fn table(out: &mut String, header: &[String], rows: &[Vec<String>]) {
    out.push_str(&table_row(header.iter().map(|h| cell(h))));
    out.push_str(&table_row(header.iter().map(|_| "---".to_string())));
    for row in rows {
        out.push_str(&table_row(row.iter().map(|c| cell(c))));
    }
}

pub fn render(doc: &Document) -> String {
    let mut out = format!("# {}\n", escape(&doc.title));
    for block in &doc.blocks {
        out.push('\n');
        match block {
            Block::Heading(level, text) => {
                out.push_str(&format!(
                    "{} {}\n",
                    "#".repeat(usize::from(*level)),
                    escape(text)
                ));
            }
            Block::Paragraph(text) => {
                for line in text.split('\n') {
                    out.push_str(&escape(line));
                    out.push('\n');
                }
            }
            Block::Note(text) => out.push_str(&format!("_{}_\n", escape(text))),
            Block::Notice(text) => out.push_str(&format!("> **{}**\n", escape(text))),
            Block::Fields(fields) => {
                let rows: Vec<Vec<String>> = fields
                    .iter()
                    .map(|(name, value)| vec![name.clone(), value.clone()])
                    .collect();
                table(&mut out, &["Field".to_string(), "Value".to_string()], &rows);
            }
            Block::Table { header, rows } => table(&mut out, header, rows),
            Block::Heatmap {
                corner,
                columns,
                rows,
            } => {
                let mut header = vec![corner.clone()];
                header.extend(columns.iter().cloned());
                let rows: Vec<Vec<String>> = rows
                    .iter()
                    .map(|(label, cells)| {
                        let mut row = vec![label.clone()];
                        row.extend(
                            cells
                                .iter()
                                .map(|(count, level)| format!("{count} ({})", level.letter())),
                        );
                        row
                    })
                    .collect();
                table(&mut out, &header, &rows);
                out.push_str(
                    "\n_Cells: number of threats (risk level of the cell: C, H, M, L)._\n",
                );
            }
            Block::List(items) => {
                for item in items {
                    out.push_str(&format!("- {}\n", cell(item)));
                }
            }
        }
    }
    out
}
