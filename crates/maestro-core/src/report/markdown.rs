//! Markdown rendering (GitHub-flavoured tables). User text is escaped so it cannot open
//! HTML tags, links, code spans or break a table row.

use super::Report;
use super::doc::{self, Block};
use std::io::{self, Write};

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

/// Writes the report as Markdown into `w`, block by block: at most about
/// [`FLUSH_AT`] bytes of text are held at a time. Every piece goes through
/// [`crate::text::sanitize_block`] on its way out (catalog text, overrides included, is
/// in the document).
pub fn write(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    let mut out = format!("# {}\n", escape(&doc::title(r)));
    let mut result = Ok(());
    doc::document(r, false, &mut |block| {
        if result.is_err() {
            return;
        }
        block_into(&mut out, &block);
        if out.len() >= FLUSH_AT {
            result = flush(&mut out, w);
        }
    });
    result?;
    flush(&mut out, w)
}

/// How much rendered text is gathered before it is written.
const FLUSH_AT: usize = 64 * 1024;

/// Writes out what `out` holds (sanitized) and empties it. Pieces end between blocks,
/// at line ends, so sanitizing piece by piece is sanitizing the whole.
fn flush(out: &mut String, w: &mut dyn Write) -> io::Result<()> {
    w.write_all(crate::text::sanitize_block(out).as_bytes())?;
    out.clear();
    Ok(())
}

/// Appends one block.
fn block_into(out: &mut String, block: &Block) {
    // A table's rows and end continue the table; every other block is set apart.
    if !matches!(block, Block::TableRow(_) | Block::TableEnd) {
        out.push('\n');
    }
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
                escape_into(out, line);
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
            table_row(out, ["Field", "Value"]);
            out.push_str("| --- | --- |\n");
            for row in &rows {
                table_row(out, row);
            }
        }
        Block::TableStart(header) => {
            table_row(out, header);
            out.push('|');
            for _ in header {
                out.push_str(" --- |");
            }
            out.push('\n');
        }
        Block::TableRow(row) => table_row(out, row),
        Block::TableEnd => {}
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
            table(out, &header, &rows);
            out.push_str("\n_Cells: number of threats (risk level of the cell: C, H, M, L)._\n");
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
                cell_into(out, item);
                out.push('\n');
            }
        }
    }
}
