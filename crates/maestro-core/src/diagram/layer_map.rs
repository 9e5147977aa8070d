//! The MAESTRO layer map: seven bands, L7 at the top to L1 at the bottom as in the
//! playbook's figure, then Cross-Layer; a component is a box in every band of a layer
//! it belongs to, showing the threats on it at that layer and their highest level.
//! Components placed on no layer get a band of their own, so none goes missing.

use super::model::{Facts, ThreatTally};
use super::scene::{BoxItem, FrameItem, Record, Rect, Scene};
use super::{clip, shown};
use crate::session::{Component, Session};
use crate::vocab::Layer;

const NAME_WIDTH: usize = 24;
const BOX_H: u32 = 4;
const GAP: u32 = 2;

/// The bands from top to bottom: `None` is the band of unplaced components.
pub fn bands() -> Vec<Option<Layer>> {
    let mut out: Vec<Option<Layer>> = Layer::SEVEN.iter().rev().copied().map(Some).collect();
    out.push(Some(Layer::CrossLayer));
    out
}

/// Threats on a component at one layer: those that name the layer, and those that
/// name none of the component's layers (so every threat of the component shows).
pub fn tally_at(
    session: &Session,
    facts: &Facts,
    component: &Component,
    layer: Option<Layer>,
) -> ThreatTally {
    let mut tally = ThreatTally::default();
    // Only the component's own threats (an index in the facts): a pass over every
    // threat per box made the map quadratic (50k threats: 6 s of a 15 s report).
    for threat in facts
        .threats_on(&component.id)
        .map(|at| &session.threats[at])
    {
        let on_layer = match layer {
            Some(l) => {
                threat.layers.contains(&l)
                    || !threat.layers.iter().any(|t| component.layers.contains(t))
            }
            None => true,
        };
        if on_layer {
            tally.threats.push(threat.id.clone());
            tally.highest = tally
                .highest
                .max(facts.levels.get(&threat.id).copied().flatten());
        }
    }
    tally
}

/// Lays out the layer map no wider than `max_width` cells (boxes wrap onto more rows).
pub fn build(session: &Session, facts: &Facts, max_width: u32) -> Scene {
    // Sorted by id, the first of any duplicate id kept (a stable sort keeps session order
    // among equal ids).
    let mut components: Vec<&Component> = session.components.iter().collect();
    components.sort_by(|a, b| a.id.cmp(&b.id));
    components.dedup_by(|later, first| later.id == first.id);
    let mut bands: Vec<Option<Layer>> = bands();
    let unplaced = components.iter().any(|c| c.layers.is_empty());
    let mut band_records: Vec<Option<Option<Layer>>> = bands.iter().map(|b| Some(*b)).collect();
    if unplaced {
        band_records.push(None);
    }
    bands.clear();
    let mut frames = Vec::new();
    let mut boxes = Vec::new();
    let widest = components
        .iter()
        .map(|c| name_of(c).chars().count().max(14) as u32 + 4)
        .max()
        .unwrap_or(0);
    let width = max_width.max(widest + 4).max(40);
    let mut y = 0;
    for band in band_records {
        let members: Vec<&Component> = components
            .iter()
            .copied()
            .filter(|c| match band {
                Some(Some(layer)) => c.layers.contains(&layer),
                Some(None) | None => c.layers.is_empty(),
            })
            .collect();
        let (title, record) = match band {
            Some(Some(layer)) => (
                format!("{} {}", layer.as_str(), layer.name()),
                layer.as_str().to_string(),
            ),
            _ => ("Not placed on a layer".to_string(), "unmapped".to_string()),
        };
        let top = y;
        let mut x = 2;
        let mut row_y = y + 1;
        for c in &members {
            let tally = tally_at(session, facts, c, band.flatten());
            let lines = vec![name_of(c), tally.summary()];
            let w = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u32 + 4;
            if x > 2 && x + w + 2 > width {
                x = 2;
                row_y += BOX_H + 1;
            }
            boxes.push(BoxItem {
                rect: Rect {
                    x,
                    y: row_y,
                    w,
                    h: BOX_H,
                },
                lines,
                level: tally.highest,
                record: Record::Component(c.id.clone()),
                missing: false,
            });
            x += w + GAP;
        }
        let inner = if members.is_empty() {
            1
        } else {
            row_y + BOX_H - y
        };
        let h = inner + 2;
        frames.push(FrameItem {
            rect: Rect {
                x: 0,
                y: top,
                w: width,
                h,
            },
            title,
            record: Record::Band(record),
        });
        y += h;
    }
    Scene {
        title: format!("MAESTRO layer map ({})", facts.basis.word()),
        width,
        height: y,
        frames,
        boxes,
        edges: Vec::new(),
        legend: vec![format!(
            "Each box: a component on that layer, its threats there and their highest {} level (C H M L).",
            facts.basis.word()
        )],
    }
}

fn name_of(c: &Component) -> String {
    let name = if c.name.trim().is_empty() {
        &c.id
    } else {
        &c.name
    };
    clip(&shown(name), NAME_WIDTH)
}
