//! Geometry of both diagrams over every example session and a generated 60-component
//! one: no overlapping boxes, no edge through a box, every component, flow and boundary
//! exactly once, and the same picture every time.

use super::scene::{Point, Record, Scene};
use super::*;
use crate::catalog::Catalog;
use crate::session::{DataFlow, Session, TrustZone, storage};
use crate::synth::{self, SynthParams};
use std::collections::BTreeMap;
use std::path::Path;

fn examples() -> Vec<(String, Session)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../sessions");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 4, "the example sessions are missing");
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, storage::parse(Path::new(&p), &text).unwrap().session)
        })
        .collect()
}

fn generated(components: usize) -> Session {
    synth::generate(
        SynthParams {
            components,
            threats: components * 2,
            seed: 7,
        },
        &Catalog::embedded(),
    )
}

fn all_sessions() -> Vec<(String, Session)> {
    let mut out = examples();
    out.push(("generated-60".into(), generated(60)));
    out
}

/// Checks the invariants of a laid-out scene.
fn check_geometry(name: &str, scene: &Scene) {
    for (i, a) in scene.boxes.iter().enumerate() {
        assert!(
            a.rect.right() <= scene.width && a.rect.bottom() <= scene.height,
            "{name}: box {:?} outside the scene",
            a.record
        );
        for b in &scene.boxes[i + 1..] {
            assert!(
                !a.rect.overlaps(&b.rect),
                "{name}: boxes {:?} and {:?} overlap",
                a.record,
                b.record
            );
        }
    }
    for edge in &scene.edges {
        let cells = edge.cells();
        assert!(
            cells.len() >= 2,
            "{name}: edge {:?} has no path",
            edge.record
        );
        for p in &cells {
            assert!(
                p.x < scene.width && p.y < scene.height,
                "{name}: {:?} leaves the scene",
                edge.record
            );
            for b in &scene.boxes {
                assert!(
                    !b.rect.contains(*p),
                    "{name}: edge {:?} runs through box {:?} at {p:?}",
                    edge.record,
                    b.record
                );
            }
        }
        for pair in edge.corners.windows(2) {
            assert!(
                pair[0].x == pair[1].x || pair[0].y == pair[1].y,
                "{name}: diagonal run"
            );
        }
    }
    for frame in &scene.frames {
        // No frame border runs through a box: a box is inside a frame or apart from it.
        for b in &scene.boxes {
            let r = frame.rect;
            let inside = b.rect.x > r.x
                && b.rect.right() < r.right()
                && b.rect.y > r.y
                && b.rect.bottom() < r.bottom();
            assert!(
                inside || !b.rect.overlaps(&r),
                "{name}: frame {:?} cuts box {:?}",
                frame.record,
                b.record
            );
        }
    }
}

/// Ends of an edge touch its boxes: the first cell just outside the source, the last
/// just outside the target.
fn touches(rect: &super::scene::Rect, p: Point) -> bool {
    let beside_x = p.x >= rect.x && p.x < rect.right();
    beside_x && (p.y + 1 == rect.y || p.y == rect.bottom())
}

#[test]
fn dataflow_geometry_holds_for_every_session() {
    let catalog = Catalog::embedded();
    for (name, session) in all_sessions() {
        let scene = scene(
            &session,
            &catalog,
            Kind::DataFlow,
            Basis::Inherent,
            EXPORT_WIDTH,
        );
        check_geometry(&name, &scene);
        // Every component once.
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for b in &scene.boxes {
            if let Record::Component(id) = &b.record {
                *seen.entry(id).or_default() += 1;
            }
        }
        for c in &session.components {
            assert_eq!(
                seen.get(c.id.as_str()),
                Some(&1),
                "{name}: component {} not once",
                c.id
            );
        }
        // Every flow once, from its source box to its target box.
        assert_eq!(scene.edges.len(), session.flows.len());
        for (flow, edge) in session.flows.iter().zip(&scene.edges) {
            assert_eq!(edge.record, Record::Flow(flow.id.clone()));
            let rect_of = |id: &str| {
                scene
                    .boxes
                    .iter()
                    .find(|b| b.record == Record::Component(id.to_string()))
                    .unwrap()
                    .rect
            };
            let cells = edge.cells();
            assert!(
                touches(&rect_of(&flow.from), cells[0]),
                "{name}: {} starts off its source",
                flow.id
            );
            assert!(
                touches(&rect_of(&flow.to), *cells.last().unwrap()),
                "{name}: {} ends off its target",
                flow.id
            );
        }
        // Every zone a frame once, around exactly its components; every boundary once.
        for zone in &session.zones {
            let frames: Vec<_> = scene
                .frames
                .iter()
                .filter(|f| f.record == Record::Zone(zone.id.clone()))
                .collect();
            assert_eq!(frames.len(), 1, "{name}: zone {}", zone.id);
            for c in session.components.iter().filter(|c| c.zone == zone.id) {
                let b = scene
                    .boxes
                    .iter()
                    .find(|b| b.record == Record::Component(c.id.clone()))
                    .unwrap();
                assert!(
                    frames[0].rect.overlaps(&b.rect),
                    "{name}: {} outside its zone",
                    c.id
                );
            }
        }
        for boundary in &session.boundaries {
            let lines = scene
                .legend
                .iter()
                .filter(|l| l.starts_with(&format!("{}  boundary ", boundary.id)))
                .count();
            assert_eq!(lines, 1, "{name}: boundary {}", boundary.id);
        }
    }
}

#[test]
fn layer_map_has_each_component_once_per_layer() {
    let catalog = Catalog::embedded();
    for (name, session) in all_sessions() {
        let scene = scene(
            &session,
            &catalog,
            Kind::Layers,
            Basis::Inherent,
            EXPORT_WIDTH,
        );
        check_geometry(&name, &scene);
        let titles: Vec<&str> = scene.frames.iter().map(|f| f.title.as_str()).collect();
        assert!(
            titles[0].starts_with("L7 ")
                && titles[6].starts_with("L1 ")
                && titles[7].starts_with("CL "),
            "{name}: {titles:?}"
        );
        for c in &session.components {
            let bands: Vec<&str> = scene
                .boxes
                .iter()
                .filter(|b| b.record == Record::Component(c.id.clone()))
                .map(|b| {
                    let frame = scene
                        .frames
                        .iter()
                        .find(|f| f.rect.overlaps(&b.rect))
                        .unwrap();
                    match &frame.record {
                        Record::Band(layer) => layer.as_str(),
                        other => panic!("{other:?}"),
                    }
                })
                .collect();
            let mut wanted: Vec<&str> = c.layers.iter().map(|l| l.as_str()).collect();
            if wanted.is_empty() {
                wanted.push("unmapped");
            }
            let mut got = bands.clone();
            got.sort_unstable();
            wanted.sort_unstable();
            wanted.dedup();
            assert_eq!(got, wanted, "{name}: {}", c.id);
        }
    }
}

#[test]
fn the_same_session_gives_the_same_picture() {
    let catalog = Catalog::embedded();
    for (_, session) in all_sessions() {
        for kind in Kind::ALL {
            let a = scene(&session, &catalog, kind, Basis::Inherent, EXPORT_WIDTH);
            let b = scene(&session, &catalog, kind, Basis::Inherent, EXPORT_WIDTH);
            assert_eq!(a, b);
            // Reordering the records of the file does not move anything.
            let mut shuffled = session.clone();
            shuffled.components.reverse();
            shuffled.zones.reverse();
            let c = scene(&shuffled, &catalog, kind, Basis::Inherent, EXPORT_WIDTH);
            assert_eq!(a.boxes, c.boxes);
        }
    }
}

#[test]
fn cycles_self_loops_dangling_ends_and_nested_zones_lay_out() {
    let catalog = Catalog::embedded();
    let mut session = generated(8);
    let flow = |id: &str, from: &str, to: &str| DataFlow {
        id: id.into(),
        from: from.into(),
        to: to.into(),
        ..DataFlow::default()
    };
    session.flows = vec![
        flow("F1", "C1", "C2"),
        flow("F2", "C2", "C3"),
        flow("F3", "C3", "C1"),
        flow("F4", "C4", "C4"),
        flow("F5", "C5", "ghost"),
        flow("F6", "C1", "C2"),
        flow("F7", "C6", "C1"),
    ];
    session.zones.push(TrustZone {
        id: "TZ9".into(),
        name: "Inner".into(),
        parent: "TZ1".into(),
        ..TrustZone::default()
    });
    session.zones.push(TrustZone {
        id: "LOOP-A".into(),
        parent: "LOOP-B".into(),
        ..TrustZone::default()
    });
    session.zones.push(TrustZone {
        id: "LOOP-B".into(),
        parent: "LOOP-A".into(),
        ..TrustZone::default()
    });
    session.components[6].zone = "TZ9".into();
    session.components[7].zone = "LOOP-A".into();
    let scene = scene(
        &session,
        &catalog,
        Kind::DataFlow,
        Basis::Residual,
        EXPORT_WIDTH,
    );
    check_geometry("edge cases", &scene);
    assert!(
        scene
            .boxes
            .iter()
            .any(|b| b.missing && b.record == Record::Component("ghost".into()))
    );
    let inner = scene
        .frames
        .iter()
        .find(|f| f.record == Record::Zone("TZ9".into()))
        .unwrap();
    let outer = scene
        .frames
        .iter()
        .find(|f| f.record == Record::Zone("TZ1".into()))
        .unwrap();
    assert!(inner.rect.x > outer.rect.x && inner.rect.right() < outer.rect.right());
    let lines = grid::draw(&scene, grid::Glyphs::Unicode);
    assert!(
        lines.iter().any(|l| l.contains('▲')),
        "the cycle's back edge points up:\n{}",
        lines.join("\n")
    );
}

#[test]
fn barycentre_sweeps_remove_avoidable_crossings() {
    // Two chains a→c, b→d given in crossing order (a, b above d, c) lay out straight.
    let input = layered::Input {
        nodes: (0..4)
            .map(|_| layered::NodeSpec {
                w: 6,
                h: 3,
                lane: 0,
            })
            .collect(),
        edges: vec![(0, 3), (1, 2)],
        lanes: vec![layered::Lane::default()],
        frame_count: 0,
    };
    let out = layered::layout(&input);
    let (a, b, c, d) = (out.nodes[0], out.nodes[1], out.nodes[2], out.nodes[3]);
    assert_eq!(
        (a.x < b.x),
        (d.x < c.x),
        "edges cross: {a:?} {b:?} {c:?} {d:?}"
    );
}

#[test]
fn grid_draws_boxes_edges_and_frames_in_both_glyph_sets() {
    let catalog = Catalog::embedded();
    let (_, session) = examples()
        .into_iter()
        .find(|(n, _)| n == "customer-support-mas.toml")
        .unwrap();
    let scene = scene(
        &session,
        &catalog,
        Kind::DataFlow,
        Basis::Inherent,
        EXPORT_WIDTH,
    );
    let unicode = grid::draw(&scene, grid::Glyphs::Unicode).join("\n");
    assert!(unicode.contains("Support gateway") && unicode.contains('┆') && unicode.contains('┃'));
    let ascii = grid::draw(&scene, grid::Glyphs::Ascii).join("\n");
    assert!(
        ascii.is_ascii()
            || ascii
                .chars()
                .all(|c| c.is_ascii() || c == '·' || c == '…' || c == '→'),
        "{ascii}"
    );
    assert!(ascii.contains("+--"));
}

/// A zone's column is as wide as its boxes, not as its title: a long zone name around
/// one short box gives a frame narrower than the title, which is cut with an ellipsis
/// on the terminal and in the SVG; an empty zone keeps room for its id.
#[test]
fn zone_columns_fit_their_boxes_and_cut_long_titles() {
    let catalog = Catalog::embedded();
    let mut session = generated(3);
    let long = "A very long trust zone name that would stretch its whole column";
    session.zones = vec![
        TrustZone {
            id: "TZ-LONG".into(),
            name: long.into(),
            ..TrustZone::default()
        },
        TrustZone {
            id: "TZ-EMPTY".into(),
            name: "Nobody lives here but a long name".into(),
            ..TrustZone::default()
        },
    ];
    for c in &mut session.components {
        c.zone = "TZ-LONG".into();
        c.name = "db".into();
    }
    session.components.truncate(1);
    session.flows.clear();
    let scene = scene(
        &session,
        &catalog,
        Kind::DataFlow,
        Basis::Inherent,
        EXPORT_WIDTH,
    );
    check_geometry("long zone title", &scene);
    let frame = |id: &str| {
        scene
            .frames
            .iter()
            .find(|f| f.record == Record::Zone(id.into()))
            .unwrap()
    };
    let zone = frame("TZ-LONG");
    let b = &scene.boxes[0];
    assert!(
        zone.rect.w < b.rect.w + 8,
        "the frame ({}) hugs its box ({}), not its title ({})",
        zone.rect.w,
        b.rect.w,
        zone.title.chars().count()
    );
    assert!((zone.rect.w as usize) < zone.title.chars().count());
    let empty = frame("TZ-EMPTY");
    assert!(
        empty.rect.w as usize >= "TZ-EMPTY".len() + 4,
        "{:?}",
        empty.rect
    );
    let drawn = grid::draw(&scene, grid::Glyphs::Unicode).join("\n");
    assert!(drawn.contains("TZ-LONG") && drawn.contains('…'), "{drawn}");
    assert!(!drawn.contains(long), "{drawn}");
    let svg = svg::render(&scene, true);
    assert!(
        svg.contains("#34466a\">TZ-LONG") && !svg.contains(long),
        "{svg}"
    );
}
