//! The exported formats: SVG is well-formed XML with nothing active in it, Mermaid
//! stays inside the subset its grammar check accepts, DOT parses (with `layout-rs`'s
//! parser), for every example session, a generated one and one whose labels attack
//! each format.

use super::*;
use crate::catalog::Catalog;
use crate::session::{Session, storage};
use crate::synth::{self, SynthParams};
use std::collections::BTreeSet;
use std::path::Path;

fn sessions() -> Vec<(String, Session)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../sessions");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let mut out: Vec<(String, Session)> = paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                p.display().to_string(),
                storage::parse(Path::new(&p), &text).unwrap().session,
            )
        })
        .collect();
    out.push(("generated".into(), generated()));
    out.push(("hostile".into(), hostile()));
    out
}

fn generated() -> Session {
    let params = SynthParams {
        components: 30,
        threats: 60,
        seed: 3,
    };
    synth::generate(params, &Catalog::embedded())
}

/// Labels that try to break out of each format.
const ATTACKS: &[&str] = &[
    "</text><script>alert(1)</script>",
    "\"]; evil[\"x\" --> y",
    "a|b`c`#quot;&amp;",
    "x\" onload=\"alert(1)",
    "back\\slash\" -> n1 [label=\"x",
    "esc \u{1b}[31mred\u{7} bidi \u{202e}evil\u{202c}",
    "end\nsubgraph",
];

fn hostile() -> Session {
    let mut s = generated();
    for (i, c) in s.components.iter_mut().enumerate() {
        c.name = ATTACKS[i % ATTACKS.len()].to_string();
    }
    for (i, z) in s.zones.iter_mut().enumerate() {
        z.name = ATTACKS[(i + 3) % ATTACKS.len()].to_string();
    }
    for (i, f) in s.flows.iter_mut().enumerate() {
        f.protocol = ATTACKS[(i + 1) % ATTACKS.len()].to_string();
        f.data = ATTACKS[(i + 2) % ATTACKS.len()].to_string();
    }
    s
}

fn each(mut check: impl FnMut(&str, &Session, &Facts, Kind)) {
    let catalog = Catalog::embedded();
    for (name, session) in sessions() {
        for basis in [Basis::Inherent, Basis::Residual] {
            let facts = Facts::gather(&session, &catalog, basis);
            for kind in Kind::ALL {
                check(&name, &session, &facts, kind);
            }
        }
    }
}

fn scene_of(session: &Session, facts: &Facts, kind: Kind) -> Scene {
    match kind {
        Kind::Layers => layer_map::build(session, facts, EXPORT_WIDTH),
        Kind::DataFlow => dataflow::build(session, facts),
    }
}

#[test]
fn svg_is_well_formed_and_inert() {
    each(|name, session, facts, kind| {
        let scene = scene_of(session, facts, kind);
        let svg = svg::render(&scene, true);
        let doc = roxmltree::Document::parse(&svg)
            .unwrap_or_else(|e| panic!("{name} {}: not XML: {e}", kind.name()));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        let allowed: BTreeSet<&str> = [
            "svg", "title", "defs", "marker", "path", "rect", "text", "g", "polyline",
        ]
        .into_iter()
        .collect();
        for node in doc.descendants().filter(|n| n.is_element()) {
            let tag = node.tag_name().name();
            assert!(allowed.contains(tag), "{name}: element <{tag}>");
            for attr in node.attributes() {
                let key = attr.name().to_ascii_lowercase();
                assert!(!key.starts_with("on"), "{name}: event attribute {key}");
                assert!(!key.contains("href"), "{name}: reference {key}");
                let value = attr.value().to_ascii_lowercase();
                assert!(!value.contains("javascript:"), "{name}: {key}={value}");
                if value.contains("url(") {
                    assert_eq!(value, "url(#arrow)", "{name}: only the in-document marker");
                }
            }
            // Text holds no raw control or bidi character: they are shown as escapes.
            if let Some(text) = node.text() {
                assert!(
                    !text
                        .chars()
                        .any(|c| (c.is_control() && c != '\n') || crate::text::is_bidi_control(c)),
                    "{name}: raw control character in {text:?}"
                );
            }
        }
        // Every label of the scene is in the picture.
        for b in &scene.boxes {
            for line in &b.lines {
                assert!(
                    doc.descendants().any(|n| n.text() == Some(line.as_str())),
                    "{name}: {line}"
                );
            }
        }
    });
}

/// A grammar check of the Mermaid subset we emit: line by line, quoted labels with no
/// quote inside, balanced subgraphs, edges only between declared nodes.
fn check_mermaid(text: &str) -> Result<(usize, usize), String> {
    let mut lines = text.lines();
    let head = lines.next().ok_or("empty")?;
    if head != "flowchart TB" && head != "flowchart LR" {
        return Err(format!("bad header {head:?}"));
    }
    let ident = |s: &str| {
        !s.is_empty()
            && s.chars().all(|c| c.is_ascii_alphanumeric())
            && s.starts_with(|c: char| c.is_ascii_lowercase())
    };
    let quoted = |s: &str| -> bool {
        s.len() >= 2
            && s.starts_with('"')
            && s.ends_with('"')
            && !s[1..s.len() - 1].contains(['"', '|', '<', '>', '`', '\n'])
            && !s
                .chars()
                .any(|c| c.is_control() || crate::text::is_bidi_control(c))
    };
    // `ID[QUOTED]`
    let node = |s: &str| -> Option<String> {
        let open = s.find('[')?;
        let (id, rest) = s.split_at(open);
        (ident(id) && rest.ends_with(']') && quoted(&rest[1..rest.len() - 1]))
            .then(|| id.to_string())
    };
    let mut depth = 0usize;
    let mut nodes = BTreeSet::new();
    let mut edges = 0;
    let mut subgraphs = BTreeSet::new();
    for (n, raw) in lines.enumerate() {
        let line = raw.trim_start();
        let bad = || format!("line {}: {raw:?}", n + 2);
        if line == "end" {
            depth = depth.checked_sub(1).ok_or_else(bad)?;
        } else if line == "direction LR" {
            if depth == 0 {
                return Err(bad());
            }
        } else if let Some(rest) = line.strip_prefix("subgraph ") {
            let id = node(rest).ok_or_else(bad)?;
            if !subgraphs.insert(id) {
                return Err(bad());
            }
            depth += 1;
        } else if let Some(rest) = line.strip_prefix("classDef ") {
            let (name, props) = rest.split_once(' ').ok_or_else(bad)?;
            if !ident(name) || !props.split(',').all(|p| p.split_once(':').is_some()) {
                return Err(bad());
            }
        } else if let Some(rest) = line.strip_prefix("class ") {
            let (id, class) = rest.split_once(' ').ok_or_else(bad)?;
            if !nodes.contains(id) || !ident(class) {
                return Err(bad());
            }
        } else if let Some((a, b)) = line.split_once(" ~~~ ") {
            if !subgraphs.contains(a) || !subgraphs.contains(b) {
                return Err(bad());
            }
        } else if let Some(arrow) = [" -->|", " ==>|"].into_iter().find(|a| line.contains(a)) {
            let (from, rest) = line.split_once(arrow).ok_or_else(bad)?;
            let (label, to) = rest.rsplit_once("| ").ok_or_else(bad)?;
            if !nodes.contains(from) || !nodes.contains(to) || !quoted(label) {
                return Err(bad());
            }
            edges += 1;
        } else {
            let id = node(line).ok_or_else(bad)?;
            if !nodes.insert(id) {
                return Err(bad());
            }
        }
    }
    if depth != 0 {
        return Err("unclosed subgraph".into());
    }
    Ok((nodes.len(), edges))
}

#[test]
fn mermaid_stays_in_the_checked_subset() {
    each(|name, session, facts, kind| {
        let text = mermaid::render(session, facts, kind);
        let (nodes, edges) =
            check_mermaid(&text).unwrap_or_else(|e| panic!("{name} {}: {e}\n{text}", kind.name()));
        let scene = scene_of(session, facts, kind);
        if kind == Kind::DataFlow {
            assert_eq!(nodes, scene.boxes.len(), "{name}");
            assert_eq!(edges, session.flows.len(), "{name}");
        } else {
            assert!(nodes >= scene.boxes.len(), "{name}");
        }
    });
}

#[test]
fn the_mermaid_check_rejects_what_would_break_out() {
    assert!(
        check_mermaid("flowchart LR\n    n1[\"a\"]\n    n2[\"b\"]\n    n1 -->|\"x\"| n2\n").is_ok()
    );
    for bad in [
        "flowchart LR\n    n1[\"a\"b\"]\n",
        "flowchart LR\n    n1[\"a\"]\n    n1 -->|\"x|y\"| n1\n",
        "flowchart LR\n    subgraph z1[\"a\"]\n",
        "flowchart LR\n    n1[\"a\"]\n    n1 --> n9\n",
        "flowchart LR\n    click n1 call alert()\n",
    ] {
        assert!(check_mermaid(bad).is_err(), "{bad}");
    }
}

#[test]
fn dot_parses() {
    each(|name, session, facts, kind| {
        let text = dot::render(session, facts, kind);
        let graph = layout::gv::DotParser::new(&text)
            .process()
            .unwrap_or_else(|e| panic!("{name} {}: {e}\n{text}", kind.name()));
        let (mut nodes, mut edges) = (0, 0);
        fn count(list: &layout::gv::parser::ast::StmtList, nodes: &mut usize, edges: &mut usize) {
            for stmt in &list.list {
                match stmt {
                    layout::gv::parser::ast::Stmt::Node(_) => *nodes += 1,
                    layout::gv::parser::ast::Stmt::Edge(_) => *edges += 1,
                    layout::gv::parser::ast::Stmt::SubGraph(g) => count(&g.list, nodes, edges),
                    layout::gv::parser::ast::Stmt::Attribute(_) => {}
                }
            }
        }
        count(&graph.list, &mut nodes, &mut edges);
        let scene = scene_of(session, facts, kind);
        assert_eq!(nodes, scene.boxes.len(), "{name} {}", kind.name());
        assert_eq!(edges, scene.edges.len(), "{name} {}", kind.name());
    });
}

#[test]
fn reports_carry_both_diagrams() {
    let catalog = Catalog::embedded();
    for (name, session) in sessions() {
        let report = crate::report::build(&session, &catalog);
        let markdown = crate::report::to_markdown(&report);
        let html = crate::report::to_html(&report);
        if session.components.is_empty() {
            assert!(
                !markdown.contains("```mermaid") && !html.contains("<svg"),
                "{name}"
            );
            continue;
        }
        let blocks: Vec<&str> = markdown
            .split("```mermaid\n")
            .skip(1)
            .map(|b| b.split("```").next().unwrap())
            .collect();
        assert_eq!(blocks.len(), 2, "{name}");
        for block in blocks {
            check_mermaid(block).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert!(
            html.contains("default-src 'none'"),
            "{name}: the CSP is gone"
        );
        let pictures: Vec<&str> = html.split("<svg ").skip(1).collect();
        assert_eq!(pictures.len(), 2, "{name}");
        for picture in pictures {
            let svg = format!("<svg {}</svg>", picture.split("</svg>").next().unwrap());
            let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
            for node in doc.descendants().filter(|n| n.is_element()) {
                assert_ne!(node.tag_name().name(), "script", "{name}");
                for attr in node.attributes() {
                    assert!(
                        !attr.name().starts_with("on") && !attr.name().contains("href"),
                        "{name}: {}",
                        attr.name()
                    );
                }
            }
        }
    }
}
