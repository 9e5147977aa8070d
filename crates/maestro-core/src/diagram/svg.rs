//! SVG of a [`Scene`]: each cell 8×16 px, so the picture is the terminal's. Only
//! shapes and text, presentation attributes, no script, no event handler, no external
//! reference (the one `url(#…)` is the arrow marker defined in the document): it can be
//! inlined in the HTML report under its Content-Security-Policy, and it prints.

use super::scene::{Record, Scene};
use crate::vocab::RiskLevel;
use std::fmt::Write;

const CW: u32 = 8;
const CH: u32 = 16;

/// Escapes text for XML content and attribute values; characters XML 1.0 cannot
/// hold at all (C0 controls other than tab and line breaks) become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c < ' ' && c != '\t' && c != '\n' && c != '\r')
                || matches!(c, '\u{FFFE}' | '\u{FFFF}') =>
            {
                out.push('\u{FFFD}')
            }
            c => out.push(c),
        }
    }
    out
}

/// Background of a box by the highest level of its threats.
pub fn fill(level: Option<RiskLevel>) -> &'static str {
    match level {
        Some(RiskLevel::Critical) => "#f4b6b6",
        Some(RiskLevel::High) => "#f9d3a5",
        Some(RiskLevel::Medium) => "#fbeea6",
        Some(RiskLevel::Low) => "#cfe8c4",
        None => "#ffffff",
    }
}

fn record_id(record: &Record) -> String {
    match record {
        Record::Component(id) => format!("component {id}"),
        Record::Flow(id) => format!("flow {id}"),
        Record::Zone(id) => format!("zone {id}"),
        Record::Band(id) => format!("layer {id}"),
    }
}

/// The whole SVG document (`standalone`: with the XML declaration, for a file).
pub fn render(scene: &Scene, standalone: bool) -> String {
    let legend_h = (scene.legend.len() as u32 + 1) * CH;
    let (w, h) = (scene.width * CW + 16, (scene.height + 2) * CH + legend_h);
    let mut out = String::new();
    if standalone {
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" font-family=\"monospace\" font-size=\"12\">"
    );
    let _ = writeln!(out, "<title>{}</title>", escape(&scene.title));
    out.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" fill=\"#333333\"/></marker></defs>\n");
    let _ = writeln!(
        out,
        "<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>"
    );
    let _ = writeln!(
        out,
        "<text x=\"8\" y=\"{}\" font-weight=\"bold\">{}</text>",
        CH - 4,
        escape(&scene.title)
    );
    let ox = 8;
    let oy = CH + 4;
    let px = |x: u32| ox + x * CW;
    let py = |y: u32| oy + y * CH;
    let cx = |x: u32| px(x) + CW / 2;
    let cy = |y: u32| py(y) + CH / 2;
    for frame in &scene.frames {
        let r = frame.rect;
        let _ = writeln!(
            out,
            "<g><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"none\" stroke=\"#6a7fa0\" stroke-dasharray=\"5 3\"/><text x=\"{}\" y=\"{}\" fill=\"#34466a\">{}</text></g>",
            escape(&record_id(&frame.record)),
            cx(r.x),
            cy(r.y),
            (r.w - 1) * CW,
            (r.h - 1) * CH,
            px(r.x + 2),
            py(r.y) + CH / 2 - 3,
            // Cut to the frame, as on the terminal: lanes are as wide as their boxes.
            escape(&super::clip(&frame.title, r.w.saturating_sub(4) as usize))
        );
    }
    for edge in &scene.edges {
        let points: Vec<String> = edge
            .corners
            .iter()
            .map(|p| format!("{},{}", cx(p.x), cy(p.y)))
            .collect();
        let (stroke, width) = if edge.crossing {
            ("#b00020", "2.5")
        } else {
            ("#333333", "1.2")
        };
        let _ = writeln!(
            out,
            "<g><title>{}</title><polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width}\" marker-end=\"url(#arrow)\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{stroke}\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text></g>",
            escape(&record_id(&edge.record)),
            points.join(" "),
            px(edge.label_at.x),
            py(edge.label_at.y) + CH - 4,
            escape(&edge.label)
        );
    }
    for b in &scene.boxes {
        let r = b.rect;
        let dash = if b.missing {
            " stroke-dasharray=\"4 2\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<g><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"{}\" stroke=\"#333333\"{dash}/>",
            escape(&record_id(&b.record)),
            px(r.x) + 2,
            py(r.y) + 2,
            r.w * CW - 4,
            r.h * CH - 4,
            fill(b.level)
        );
        for (i, line) in b.lines.iter().enumerate() {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                px(r.x + 2),
                py(r.y + 1 + i as u32) + CH - 4,
                escape(line)
            );
        }
        out.push_str("</g>\n");
    }
    let base = py(scene.height) + CH;
    for (i, line) in scene.legend.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text x=\"8\" y=\"{}\">{}</text>",
            base + i as u32 * CH,
            escape(line)
        );
    }
    out.push_str("</svg>\n");
    out
}
