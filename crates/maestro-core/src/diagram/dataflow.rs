//! The data-flow diagram: components as boxes, flows as arrows labelled by id (the
//! legend says what each carries), trust zones as frames around their components, and
//! flows that cross a trust boundary drawn heavier.

use super::layered::{self, Lane, NodeSpec};
use super::model::Facts;
use super::scene::{BoxItem, EdgeItem, FrameItem, Record, Scene};
use super::{clip, shown};
use crate::session::{Session, TrustZone};
use std::collections::{BTreeMap, BTreeSet};

/// Longest name shown in a box; the legend and the record hold the rest.
const NAME_WIDTH: usize = 24;
const TITLE_WIDTH: usize = 48;

/// Lays out the data-flow diagram of a session.
pub fn build(session: &Session, facts: &Facts) -> Scene {
    // Components by id (the first of a duplicated id wins), then placeholders for ids
    // that flows name but the session does not hold.
    let mut components: BTreeMap<&str, Option<&crate::session::Component>> = BTreeMap::new();
    for c in &session.components {
        components.entry(c.id.as_str()).or_insert(Some(c));
    }
    for f in &session.flows {
        for end in [&f.from, &f.to] {
            components.entry(end.as_str()).or_insert(None);
        }
    }
    let (lanes, lane_of_zone, frame_zones) = zone_lanes(session);
    let unzoned_lane = lanes.len();
    let ids: Vec<&str> = components.keys().copied().collect();
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut boxes = Vec::with_capacity(ids.len());
    let mut specs = Vec::with_capacity(ids.len());
    let mut any_unzoned = false;
    for id in &ids {
        let component = components[id];
        let tally = facts.by_component.get(*id).cloned().unwrap_or_default();
        let name = match component {
            Some(c) if !c.name.trim().is_empty() => clip(&shown(&c.name), NAME_WIDTH),
            Some(_) => clip(&shown(id), NAME_WIDTH),
            None => clip(&format!("? {} (not in session)", shown(id)), NAME_WIDTH + 4),
        };
        let lines = vec![name, tally.summary()];
        let lane = component
            .and_then(|c| lane_of_zone.get(c.zone.as_str()).copied())
            .unwrap_or_else(|| {
                any_unzoned = true;
                unzoned_lane
            });
        let w = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u32 + 4;
        specs.push(NodeSpec { w, h: 4, lane });
        boxes.push(BoxItem {
            rect: Default::default(),
            lines,
            level: tally.highest,
            record: Record::Component(id.to_string()),
            missing: component.is_none(),
        });
    }
    let mut all_lanes = lanes;
    if any_unzoned || all_lanes.is_empty() {
        all_lanes.push(Lane::default());
    }
    let edges: Vec<(usize, usize)> = session
        .flows
        .iter()
        .map(|f| (index[f.from.as_str()], index[f.to.as_str()]))
        .collect();
    let out = layered::layout(&layered::Input {
        nodes: specs,
        edges,
        lanes: all_lanes,
        frame_count: frame_zones.len(),
    });
    for (b, rect) in boxes.iter_mut().zip(&out.nodes) {
        b.rect = *rect;
    }
    let frames = frame_zones
        .iter()
        .zip(&out.frames)
        .map(|(zone, rect)| FrameItem {
            rect: *rect,
            title: zone_title(zone),
            record: Record::Zone(zone.id.clone()),
        })
        .collect();
    let mut legend = Vec::new();
    let edges = session
        .flows
        .iter()
        .enumerate()
        .map(|(e, flow)| {
            let tally = facts.by_flow.get(&flow.id).cloned().unwrap_or_default();
            let crossing = facts.crosses(flow);
            legend.push(flow_line(flow, facts, crossing, &tally));
            EdgeItem {
                corners: out.edges[e].clone(),
                crossing,
                label: clip(&shown(&flow.id), 12),
                label_at: out.labels[e].0,
                level: tally.highest,
                record: Record::Flow(flow.id.clone()),
            }
        })
        .collect();
    for boundary in &session.boundaries {
        let flows: Vec<&str> = facts
            .crossings
            .iter()
            .filter(|(_, b)| b.contains(&boundary.id))
            .map(|(f, _)| f.as_str())
            .collect();
        legend.push(format!(
            "{}  boundary {} → {}{}",
            shown(&boundary.id),
            shown(&boundary.source_zone),
            shown(&boundary.destination_zone),
            if flows.is_empty() {
                String::new()
            } else {
                format!(" · crossed by {}", shown(&flows.join(" ")))
            }
        ));
    }
    Scene {
        title: format!("Data flows and trust boundaries ({})", facts.basis.word()),
        width: out.width,
        height: out.height,
        frames,
        boxes,
        edges,
        legend,
    }
}

/// One legend line per flow: ends, what it carries, how, and what it crosses.
fn flow_line(
    flow: &crate::session::DataFlow,
    facts: &Facts,
    crossing: bool,
    tally: &super::model::ThreatTally,
) -> String {
    let mut parts = vec![format!(
        "{}  {} → {}",
        shown(&flow.id),
        shown(&flow.from),
        shown(&flow.to)
    )];
    if let Some((assets, class)) = facts.assets.get(&flow.id) {
        if !assets.is_empty() {
            parts.push(format!("assets {}", shown(&assets.join(" "))));
        }
        if let Some(class) = class {
            parts.push(class.as_str().to_string());
        }
    }
    if !flow.data.trim().is_empty() {
        parts.push(clip(&shown(&flow.data), 60));
    }
    if !flow.protocol.trim().is_empty() {
        parts.push(clip(&shown(&flow.protocol), 30));
    }
    if crossing {
        let crossed = facts.crossings.get(&flow.id).cloned().unwrap_or_default();
        parts.push(if crossed.is_empty() {
            "crosses zones".to_string()
        } else {
            format!("crosses {}", shown(&crossed.join(" ")))
        });
    }
    if !tally.threats.is_empty() {
        parts.push(tally.summary());
    }
    parts.join(" · ")
}

fn zone_title(zone: &TrustZone) -> String {
    let name = if zone.name.trim().is_empty() {
        String::new()
    } else {
        format!(" {}", shown(&zone.name))
    };
    let trust = zone
        .trust_level
        .map_or(String::new(), |t| format!(" (trust {t})"));
    clip(&format!("{}{name}{trust}", shown(&zone.id)), TITLE_WIDTH)
}

/// The narrowest a zone's lane gets: room for the zone's id and an ellipsis, not for its
/// whole title, so that columns are as wide as their boxes (the frame's title is cut to
/// the frame; the detail panel and the legend name the zone in full).
fn lane_min_width(zone: &TrustZone) -> u32 {
    let title = zone_title(zone).chars().count() as u32 + 2;
    let id = shown(&zone.id).chars().count() as u32 + 4;
    title.min(id.max(MIN_LANE))
}

/// Narrowest lane of an empty zone: a short title still reads.
const MIN_LANE: u32 = 12;

/// Lanes of the zones in nesting order (a zone's own lane, then its children's), the
/// lane of each zone id, and the zones in frame order. Roots and siblings go from least
/// to most trusted, ids breaking ties; a zone whose parent is unknown or which sits in
/// a parent cycle is a root.
fn zone_lanes(session: &Session) -> (Vec<Lane>, BTreeMap<&str, usize>, Vec<&TrustZone>) {
    let mut zones: BTreeMap<&str, &TrustZone> = BTreeMap::new();
    for z in &session.zones {
        zones.entry(z.id.as_str()).or_insert(z);
    }
    let sort_key = |z: &&TrustZone| (z.trust_level.map_or(101, u16::from), z.id.clone());
    let mut children: BTreeMap<&str, Vec<&TrustZone>> = BTreeMap::new();
    for z in zones.values() {
        if !z.parent.is_empty() && z.parent != z.id && zones.contains_key(z.parent.as_str()) {
            children.entry(z.parent.as_str()).or_default().push(z);
        }
    }
    for list in children.values_mut() {
        list.sort_by_key(sort_key);
    }
    let mut roots: Vec<&TrustZone> = zones
        .values()
        .copied()
        .filter(|z| {
            z.parent.is_empty() || z.parent == z.id || !zones.contains_key(z.parent.as_str())
        })
        .collect();
    roots.sort_by_key(sort_key);
    let mut lanes = Vec::new();
    let mut lane_of = BTreeMap::new();
    let mut frames: Vec<&TrustZone> = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut pending: Vec<&TrustZone> = roots;
    loop {
        for root in std::mem::take(&mut pending) {
            let mut stack: Vec<(&TrustZone, Vec<usize>)> = vec![(root, Vec::new())];
            while let Some((zone, mut chain)) = stack.pop() {
                if !seen.insert(zone.id.as_str()) {
                    continue;
                }
                frames.push(zone);
                chain.push(frames.len() - 1);
                lane_of.insert(zone.id.as_str(), lanes.len());
                lanes.push(Lane {
                    frames: chain.clone(),
                    min_width: lane_min_width(zone),
                });
                for child in children.get(zone.id.as_str()).into_iter().flatten().rev() {
                    stack.push((child, chain.clone()));
                }
            }
        }
        // Zones only reachable through a parent cycle.
        let mut rest: Vec<&TrustZone> = zones
            .values()
            .copied()
            .filter(|z| !seen.contains(z.id.as_str()))
            .collect();
        if rest.is_empty() {
            break;
        }
        rest.sort_by_key(sort_key);
        pending.push(rest[0]);
    }
    (lanes, lane_of, frames)
}
