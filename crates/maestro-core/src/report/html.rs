//! HTML rendering: one self-contained page with inline CSS, no scripts and no external
//! resources; a Content-Security-Policy forbids both even if escaping ever failed.

use super::doc::{Block, Document};
use crate::vocab::RiskLevel;

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
.notice { border: 2px solid #b00; background: #fff3f3; padding: .6rem .8rem; font-weight: 600; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2, h3, h4 { break-after: avoid; }
  tr, .notice { break-inside: avoid; }
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

fn table(out: &mut String, class: &str, header: &[String], rows: &[Vec<String>]) {
    out.push_str(&format!("<table class=\"{class}\">\n<thead><tr>"));
    for h in header {
        out.push_str(&format!("<th>{}</th>", escape(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        out.push_str("<tr>");
        for c in row {
            out.push_str(&format!("<td>{}</td>", multiline(c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape(&doc.title)));
    out.push_str(&format!("<style>{STYLE}</style>\n</head>\n<body>\n"));
    out.push_str(&format!("<h1>{}</h1>\n", escape(&doc.title)));
    for block in &doc.blocks {
        match block {
            Block::Heading(level, text) => {
                let level = (*level).clamp(2, 6);
                out.push_str(&format!("<h{level}>{}</h{level}>\n", escape(text)));
            }
            Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>\n", multiline(text))),
            Block::Note(text) => {
                out.push_str(&format!("<p class=\"note\">{}</p>\n", multiline(text)))
            }
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
            Block::Table { header, rows } => table(&mut out, "register", header, rows),
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
            Block::List(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    out.push_str(&format!("<li>{}</li>\n", multiline(item)));
                }
                out.push_str("</ul>\n");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}
