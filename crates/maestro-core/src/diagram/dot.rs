//! Graphviz DOT of both diagrams: `digraph` with clusters for trust zones (nested as in
//! the session) or layer bands. Ids are generated (`n3`), labels are double-quoted
//! strings with `"` and `\` escaped and control/bidi characters made visible.

use super::layer_map;
use super::model::Facts;
use super::scene::{Record, Rect};
use super::{Kind, shown};
use crate::session::Session;
use std::collections::BTreeMap;
use std::fmt::Write;

/// A DOT double-quoted string.
pub fn quote(text: &str) -> String {
    quote_lines(&[text])
}

/// A DOT double-quoted string of several lines (`\n` between them).
pub fn quote_lines<S: AsRef<str>>(lines: &[S]) -> String {
    let mut out = String::from("\"");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("\\n");
        }
        for c in shown(line.as_ref()).chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c => out.push(c),
            }
        }
    }
    out.push('"');
    out
}

/// One diagram as DOT source.
pub fn render(session: &Session, facts: &Facts, kind: Kind) -> String {
    let scene = match kind {
        Kind::Layers => layer_map::build(session, facts, super::EXPORT_WIDTH),
        Kind::DataFlow => super::dataflow::build(session, facts),
    };
    let mut out = String::from("digraph maestro {\n");
    let _ = writeln!(out, "    label={};", quote(&scene.title));
    out.push_str("    labelloc=t;\n    rankdir=TB;\n    node [shape=box, style=\"rounded,filled\", fontname=\"monospace\"];\n");
    let zone_of: BTreeMap<&str, &str> = session
        .components
        .iter()
        .map(|c| (c.id.as_str(), c.zone.as_str()))
        .collect();
    let node_id = |i: usize| format!("n{}", i + 1);
    let belongs = |frame: &Record, rect: &Rect, b: usize| -> bool {
        let item = &scene.boxes[b];
        match (frame, kind) {
            (Record::Zone(zone), _) => {
                matches!(&item.record, Record::Component(id) if zone_of.get(id.as_str()) == Some(&zone.as_str()))
            }
            (_, Kind::Layers) => rect.contains(super::scene::Point {
                x: item.rect.x,
                y: item.rect.y,
            }),
            _ => false,
        }
    };
    let write_node = |out: &mut String, b: usize, indent: &str| {
        let item = &scene.boxes[b];
        let _ = writeln!(
            out,
            "{indent}{} [label={}, fillcolor=\"{}\"{}];",
            node_id(b),
            quote_lines(&item.lines),
            super::svg::fill(item.level),
            if item.missing {
                ", style=\"rounded,dashed\""
            } else {
                ""
            }
        );
    };
    let mut placed = vec![false; scene.boxes.len()];
    let mut open: Vec<Rect> = Vec::new();
    for (i, frame) in scene.frames.iter().enumerate() {
        while open.last().is_some_and(|r| !contains(r, &frame.rect)) {
            open.pop();
            let _ = writeln!(out, "{}}}", "    ".repeat(open.len() + 1));
        }
        let indent = "    ".repeat(open.len() + 1);
        let _ = writeln!(out, "{indent}subgraph cluster_{} {{", i + 1);
        let _ = writeln!(out, "{indent}    label={};", quote(&frame.title));
        out.push_str(&format!("{indent}    style=dashed;\n"));
        for (b, done) in placed.iter_mut().enumerate() {
            if belongs(&frame.record, &frame.rect, b) {
                write_node(&mut out, b, &format!("{indent}    "));
                *done = true;
            }
        }
        open.push(frame.rect);
    }
    while open.pop().is_some() {
        let _ = writeln!(out, "{}}}", "    ".repeat(open.len() + 1));
    }
    for (b, done) in placed.iter().enumerate() {
        if !done {
            write_node(&mut out, b, "    ");
        }
    }
    let index: BTreeMap<&str, usize> = scene
        .boxes
        .iter()
        .enumerate()
        .filter_map(|(i, b)| match &b.record {
            Record::Component(id) => Some((id.as_str(), i)),
            _ => None,
        })
        .collect();
    if kind == Kind::DataFlow {
        for (flow, edge) in session.flows.iter().zip(&scene.edges) {
            let label = super::edge_label(flow, facts);
            let style = if edge.crossing {
                ", color=\"#b00020\", penwidth=2.5"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "    {} -> {} [label={}{style}];",
                node_id(index[flow.from.as_str()]),
                node_id(index[flow.to.as_str()]),
                quote_lines(&label)
            );
        }
    }
    out.push_str("}\n");
    out
}

fn contains(outer: &Rect, inner: &Rect) -> bool {
    inner.x >= outer.x
        && inner.right() <= outer.right()
        && inner.y >= outer.y
        && inner.bottom() <= outer.bottom()
}
