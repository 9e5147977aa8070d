//! HTML rendering: one self-contained page with inline CSS, no scripts and no external
//! resources; a Content-Security-Policy forbids both even if escaping ever failed.

use super::Report;
use super::doc::{self, Block};
use crate::vocab::RiskLevel;
use std::io::{self, Write};

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escaped text with line breaks as `<br>`.
fn multiline(text: &str) -> String {
    text.split('\n')
        .map(escape)
        .collect::<Vec<_>>()
        .join("<br>")
}

const STYLE: &str = "
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1a1a1a; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; line-height: 1.45; }
h1 { border-bottom: 2px solid #333; padding-bottom: .3rem; }
h2 { border-bottom: 1px solid #999; padding-bottom: .2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .9rem; width: 100%; }
th, td { border: 1px solid #bbb; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; }
table.fields th { width: 14rem; }
table.heatmap td { text-align: center; font-weight: 600; }
td.lvl-c { background: #f4b6b6; } td.lvl-h { background: #f9d3a5; }
td.lvl-m { background: #fbeea6; } td.lvl-l { background: #cfe8c4; }
.note { color: #555; font-style: italic; }
figure.diagram { margin: .6rem 0 1rem; overflow-x: auto; }
figure.diagram svg { max-width: 100%; height: auto; }
figure.diagram figcaption { color: #555; font-size: .85rem; }
.notice { border: 2px solid #b00; background: #fff3f3; padding: .6rem .8rem; font-weight: 600; }
nav.toc ol { padding-left: 1.4rem; margin: .2rem 0; }
nav.toc a { color: inherit; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  nav.toc { break-after: page; }
  nav.toc a { text-decoration: none; }
  h2, h3, h4 { break-after: avoid; }
  tr, .notice, figure.diagram { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
";

fn level_class(level: RiskLevel) -> &'static str {
    match level {
        RiskLevel::Critical => "lvl-c",
        RiskLevel::High => "lvl-h",
        RiskLevel::Medium => "lvl-m",
        RiskLevel::Low => "lvl-l",
    }
}

/// The anchor of the `n`th heading (1-based, document order): unique and stable.
fn anchor(n: usize) -> String {
    format!("s{n}")
}

/// A table of contents of the level 2 and 3 headings, linking to their anchors; it is a
/// plain nested list, so it prints (on a page of its own).
fn table_of_contents(out: &mut String, headings: &[(u8, String)]) {
    out.push_str("<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n");
    let mut open_sub = false;
    let mut any = false;
    let mut section = 0;
    for (level, text) in headings {
        section += 1;
        let level = (*level).clamp(2, 6);
        if level > 3 {
            continue;
        }
        let link = format!("<a href=\"#{}\">{}</a>", anchor(section), escape(text));
        if level == 2 {
            if open_sub {
                out.push_str("</ol>");
                open_sub = false;
            }
            if any {
                out.push_str("</li>\n");
            }
            out.push_str(&format!("<li>{link}"));
            any = true;
        } else {
            if !open_sub {
                out.push_str("\n<ol>\n");
                open_sub = true;
            }
            out.push_str(&format!("<li>{link}</li>\n"));
        }
    }
    if open_sub {
        out.push_str("</ol>");
    }
    if any {
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</nav>\n");
}

/// Writes the report as one HTML page into `w`, block by block (see
/// [`super::markdown::write`]). The table of contents comes first, so the document is
/// laid out twice: once for its headings only (cheap: no table is laid out), once whole.
pub fn write(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    let title = doc::title(r);
    let mut headings = Vec::new();
    doc::document(r, true, &mut |block| {
        if let Block::Heading(level, text) = block {
            headings.push((level, text));
        }
    });
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(&title)));
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    out.push_str(&format!("<h1>{}</h1>\n", escape(&title)));
    table_of_contents(&mut out, &headings);
    let mut section = 0;
    let mut result = Ok(());
    doc::document(r, false, &mut |block| {
        if result.is_err() {
            return;
        }
        block_into(&mut out, &mut section, &block);
        if out.len() >= FLUSH_AT {
            result = flush(&mut out, w);
        }
    });
    result?;
    out.push_str("</body>\n</html>\n");
    flush(&mut out, w)
}

/// How much rendered text is gathered before it is written.
const FLUSH_AT: usize = 64 * 1024;

/// Writes out what `out` holds (sanitized) and empties it.
fn flush(out: &mut String, w: &mut dyn Write) -> io::Result<()> {
    w.write_all(crate::text::sanitize_block(out).as_bytes())?;
    out.clear();
    Ok(())
}

/// Appends one block; `section` counts the headings (their anchors).
fn block_into(out: &mut String, section: &mut usize, block: &Block) {
    match block {
        Block::Heading(level, text) => {
            let level = (*level).clamp(2, 6);
            *section += 1;
            out.push_str(&format!(
                "<h{level} id=\"{}\">{}</h{level}>\n",
                anchor(*section),
                escape(text)
            ));
        }
        Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", multiline(text))),
        Block::Note(text) => out.push_str(&format!("<p class=\"note\">{}</p>\n", multiline(text))),
        Block::Notice(text) => {
            out.push_str(&format!("<p class=\"notice\">{}</p>\n", multiline(text)))
        }
        Block::Fields(fields) => {
            out.push_str("<table class=\"fields\">\n<tbody>\n");
            for (name, value) in fields {
                out.push_str(&format!(
                    "<tr><th>{}</th><td>{}</td></tr>\n",
                    escape(name),
                    multiline(value)
                ));
            }
            out.push_str("</tbody>\n</table>\n");
        }
        Block::TableStart(header) => {
            out.push_str("<table class=\"register\">\n<thead><tr>");
            for h in header {
                out.push_str(&format!("<th>{}</th>", escape(h)));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
        }
        Block::TableRow(row) => {
            out.push_str("<tr>");
            for c in row {
                out.push_str(&format!("<td>{}</td>", multiline(c)));
            }
            out.push_str("</tr>\n");
        }
        Block::TableEnd => out.push_str("</tbody>\n</table>\n"),
        Block::Heatmap {
            corner,
            columns,
            rows,
        } => {
            out.push_str("<table class=\"heatmap\">\n<thead><tr>");
            out.push_str(&format!("<th>{}</th>", escape(corner)));
            for c in columns {
                out.push_str(&format!("<th>{}</th>", escape(c)));
            }
            out.push_str("</tr></thead>\n<tbody>\n");
            for (label, cells) in rows {
                out.push_str(&format!("<tr><th>{}</th>", escape(label)));
                for (count, level) in cells {
                    out.push_str(&format!(
                        "<td class=\"{}\" title=\"{}\">{count} ({})</td>",
                        level_class(*level),
                        level,
                        level.letter()
                    ));
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
            out.push_str("<p class=\"note\">Cells: number of threats (risk level of the cell: C, H, M, L).</p>\n");
        }
        Block::Diagram { caption, svg, .. } => {
            out.push_str(&format!(
                "<figure class=\"diagram\">\n{svg}<figcaption>{}</figcaption>\n</figure>\n",
                escape(caption)
            ));
        }
        Block::List(items) => {
            out.push_str("<ul>\n");
            for item in items {
                out.push_str(&format!("<li>{}</li>\n", multiline(item)));
            }
            out.push_str("</ul>\n");
        }
    }
}
