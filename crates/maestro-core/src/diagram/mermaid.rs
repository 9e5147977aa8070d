//! Mermaid flowcharts of both diagrams (they render on GitHub and GitLab). Mermaid lays
//! them out itself. We emit a small, fixed subset: `flowchart TB`, `subgraph ID["…"]`
//! … `end`, nodes `ID["…"]`, edges `A -->|"…"| B` (`==>` for a boundary crossing) and
//! `classDef`/`class` lines. Ids are generated (`n3`, `z1`), never taken from the
//! session; every label is quoted, with `"`, `#`, `|`, `` ` `` and markup characters written as entity
//! codes (`#quot;`) and control/bidi characters made visible first.

use super::layer_map;
use super::model::Facts;
use super::scene::{BoxItem, Point, Record, Rect};
use super::{Kind, shown};
use crate::session::Session;
use crate::vocab::RiskLevel;
use std::collections::BTreeMap;
use std::fmt::Write;

/// A label inside `"…"`: Mermaid entity codes for the characters that would end the
/// string or be read as markup.
pub fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in shown(text).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn class_of(level: Option<RiskLevel>) -> &'static str {
    match level {
        Some(RiskLevel::Critical) => "crit",
        Some(RiskLevel::High) => "high",
        Some(RiskLevel::Medium) => "med",
        Some(RiskLevel::Low) => "low",
        None => "none",
    }
}

const CLASSES: &str = "    classDef crit fill:#f4b6b6,stroke:#333\n    classDef high fill:#f9d3a5,stroke:#333\n    classDef med fill:#fbeea6,stroke:#333\n    classDef low fill:#cfe8c4,stroke:#333\n    classDef none fill:#ffffff,stroke:#333\n";

/// One diagram as Mermaid source.
pub fn render(session: &Session, facts: &Facts, kind: Kind) -> String {
    match kind {
        Kind::Layers => layers(session, facts),
        Kind::DataFlow => dataflow(session, facts),
    }
}

fn layers(session: &Session, facts: &Facts) -> String {
    let scene = layer_map::build(session, facts, super::EXPORT_WIDTH);
    let mut out = String::from("flowchart TB\n");
    let mut classes: Vec<(String, &str)> = Vec::new();
    let mut node = 0;
    for (b, frame) in scene.frames.iter().enumerate() {
        let _ = writeln!(out, "    subgraph b{b}[{}]", quote(&frame.title));
        out.push_str("        direction LR\n");
        for item in scene.boxes.iter().filter(|x| {
            frame.rect.contains(Point {
                x: x.rect.x,
                y: x.rect.y,
            })
        }) {
            node += 1;
            let _ = writeln!(out, "        n{node}[{}]", quote(&item.lines.join(" · ")));
            classes.push((format!("n{node}"), class_of(item.level)));
        }
        if scene.boxes.iter().all(|x| {
            !frame.rect.contains(Point {
                x: x.rect.x,
                y: x.rect.y,
            })
        }) {
            let _ = writeln!(out, "        b{b}e[\"(no component)\"]");
        }
        out.push_str("    end\n");
    }
    // Keep the bands stacked L7 … L1, CL.
    for b in 1..scene.frames.len() {
        let _ = writeln!(out, "    b{} ~~~ b{b}", b - 1);
    }
    out.push_str(CLASSES);
    for (id, class) in classes {
        let _ = writeln!(out, "    class {id} {class}");
    }
    out
}

fn dataflow(session: &Session, facts: &Facts) -> String {
    let scene = super::dataflow::build(session, facts);
    let mut out = String::from("flowchart LR\n");
    let node_id: BTreeMap<String, String> = scene
        .boxes
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match &b.record {
            Record::Component(id) => Some((id.clone(), format!("n{}", i + 1))),
            _ => None,
        })
        .collect();
    let zone_of: BTreeMap<&str, &str> = session
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.zone.as_str()))
        .collect();
    let write_box = |out: &mut String, b: &BoxItem, indent: &str| {
        if let Record::Component(id) = &b.record {
            let _ = writeln!(
                out,
                "{indent}{}[{}]",
                node_id[id],
                quote(&b.lines.join(" · "))
            );
        }
    };
    // Frames come in nesting order (a zone, then the zones inside it): a stack of open
    // subgraphs, closed when the next frame lies outside them.
    let mut open: Vec<Rect> = Vec::new();
    let mut framed = std::collections::BTreeSet::new();
    for (i, frame) in scene.frames.iter().enumerate() {
        while open.last().is_some_and(|r| !inside(&frame.rect, r)) {
            open.pop();
            let _ = writeln!(out, "{}end", "    ".repeat(open.len() + 1));
        }
        let indent = "    ".repeat(open.len() + 1);
        let _ = writeln!(out, "{indent}subgraph z{}[{}]", i + 1, quote(&frame.title));
        if let Record::Zone(zone) = &frame.record {
            framed.insert(zone.as_str());
            for b in &scene.boxes {
                if let Record::Component(id) = &b.record
                    && zone_of.get(id.as_str()) == Some(&zone.as_str())
                {
                    write_box(&mut out, b, &format!("{indent}    "));
                }
            }
        }
        open.push(frame.rect);
    }
    while open.pop().is_some() {
        let _ = writeln!(out, "{}end", "    ".repeat(open.len() + 1));
    }
    for b in &scene.boxes {
        if let Record::Component(id) = &b.record
            && !zone_of.get(id.as_str()).is_some_and(|z| framed.contains(z))
        {
            write_box(&mut out, b, "    ");
        }
    }
    for (flow, edge) in session.flows.iter().zip(&scene.edges) {
        let label = super::edge_label(flow, facts);
        let arrow = if edge.crossing { "==>" } else { "-->" };
        let _ = writeln!(
            out,
            "    {} {arrow}|{}| {}",
            node_id[&flow.from],
            quote(&label.join(" · ")),
            node_id[&flow.to]
        );
    }
    out.push_str(CLASSES);
    for b in &scene.boxes {
        if let Record::Component(id) = &b.record {
            let _ = writeln!(out, "    class {} {}", node_id[id], class_of(b.level));
        }
    }
    out
}

fn inside(inner: &Rect, outer: &Rect) -> bool {
    inner.x >= outer.x
        && inner.right() <= outer.right()
        && inner.y >= outer.y
        && inner.bottom() <= outer.bottom()
}
