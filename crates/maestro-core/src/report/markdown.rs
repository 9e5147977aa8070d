//! Markdown rendering (GitHub-flavoured tables). User text is escaped so it cannot open
//! HTML tags, links, code spans or break a table row.

use super::doc::{Block, Document};

/// Appends text escaped for use in Markdown body text.
fn escape_into(out: &mut String, text: &str) {
    out.reserve(text.len());
    // `>` opens a block quote only at the start of a line; elsewhere (`->`, `a > b`) it
    // is plain text and stays so (only `<` can open an HTML tag).
    let mut line_start = true;
    for c in text.chars() {
        let was_start = line_start;
        line_start = c == '\n' || (line_start && c.is_whitespace());
        match c {
            '<' => out.push_str("&lt;"),
            '>' if was_start => out.push_str("\\>"),
            '>' => out.push('>'),
            '\\' | '`' | '*' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
}

/// Escapes text for use in Markdown body text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Appends a table cell: one line, line breaks as `<br>`.
fn cell_into(out: &mut String, text: &str) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        escape_into(out, line);
    }
}

/// Appends one table row; cells are written straight into `out` (reports reach
/// hundreds of thousands of cells, so no per-cell strings).
fn table_row<S: AsRef<str>>(out: &mut String, cells: impl IntoIterator<Item = S>) {
    out.push('|');
    for c in cells {
        out.push(' ');
        cell_into(out, c.as_ref());
        out.push_str(" |");
    }
    out.push('\n');
}

fn table<S: AsRef<str>>(out: &mut String, header: &[String], rows: &[Vec<S>]) {
    table_row(out, header);
    out.push('|');
    for _ in header {
        out.push_str(" --- |");
    }
    out.push('\n');
    for row in rows {
        table_row(out, row);
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
                    escape_into(&mut out, line);
                    out.push('\n');
                }
            }
            Block::Note(text) => out.push_str(&format!("_{}_\n", escape(text))),
            Block::Notice(text) => out.push_str(&format!("> **{}**\n", escape(text))),
            Block::Fields(fields) => {
                let rows: Vec<[&str; 2]> = fields
                    .iter()
                    .map(|(name, value)| [name.as_str(), value.as_str()])
                    .collect();
                table_row(&mut out, ["Field", "Value"]);
                out.push_str("| --- | --- |\n");
                for row in &rows {
                    table_row(&mut out, row);
                }
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
            Block::Diagram {
                caption, mermaid, ..
            } => {
                out.push_str(&format!(
                    "_{}_\n\n```mermaid\n{mermaid}```\n",
                    escape(caption)
                ));
            }
            Block::List(items) => {
                for item in items {
                    out.push_str("- ");
                    cell_into(&mut out, item);
                    out.push('\n');
                }
            }
        }
    }
    out
}
