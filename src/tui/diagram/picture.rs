//! What the diagram screen draws, computed from the session: the laid-out scene, its
//! rows of characters, and the items that can be selected (component boxes and flow
//! edges) with the lines the detail panel shows for each. Built once per revision,
//! diagram, basis and width; views only read it.

use crate::catalog::Catalog;
use crate::diagram::grid::{self, Glyphs};
use crate::diagram::scene::{Point, Record, Rect};
use crate::diagram::{self, Basis, Facts, Kind, Scene};
use crate::session::Session;
use crate::vocab::RiskLevel;

/// One selectable item of the drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub record: Record,
    /// What the view keeps on screen: a box's rectangle, or an edge's label.
    pub area: Rect,
    /// Where the selection moves from and to (a box's centre, an edge's label).
    pub anchor: Point,
    /// Index into the scene's boxes or edges.
    pub shape: Shape,
    /// The detail panel: a title line, then facts.
    pub detail: Vec<String>,
    pub level: Option<RiskLevel>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Box(usize),
    Edge(usize),
}

/// A diagram ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub scene: Scene,
    /// The drawing, one string per row, then a blank row and the legend.
    pub rows: Vec<String>,
    /// Selectable items, top to bottom then left to right.
    pub items: Vec<Item>,
}

impl Picture {
    pub fn build(
        session: &Session,
        catalog: &Catalog,
        kind: Kind,
        basis: Basis,
        width: u32,
        glyphs: Glyphs,
    ) -> Picture {
        // The facts once, for the layout and the detail lines.
        let facts = Facts::gather(session, catalog, basis);
        let scene = match kind {
            Kind::Layers => diagram::layer_map::build(session, &facts, width),
            Kind::DataFlow => diagram::dataflow::build(session, &facts),
        };
        let mut rows = grid::draw(&scene, glyphs);
        rows.resize(scene.height as usize, String::new());
        if !scene.legend.is_empty() {
            rows.push(String::new());
            rows.extend(scene.legend.iter().cloned());
        }
        let mut items = Vec::new();
        for (i, b) in scene.boxes.iter().enumerate() {
            let Record::Component(id) = &b.record else {
                continue;
            };
            if b.missing {
                continue;
            }
            items.push(Item {
                record: b.record.clone(),
                area: b.rect,
                anchor: Point {
                    x: b.rect.x + b.rect.w / 2,
                    y: b.rect.y + b.rect.h / 2,
                },
                shape: Shape::Box(i),
                detail: component_detail(session, &facts, id),
                level: b.level,
            });
        }
        for (i, e) in scene.edges.iter().enumerate() {
            let Record::Flow(id) = &e.record else {
                continue;
            };
            items.push(Item {
                record: e.record.clone(),
                // The label stands for the edge: the view scrolls to it, not to
                // the whole run of a long edge.
                area: Rect {
                    x: e.label_at.x,
                    y: e.label_at.y,
                    w: (e.label.chars().count() as u32).max(1),
                    h: 1,
                },
                anchor: e.label_at,
                shape: Shape::Edge(i),
                detail: flow_detail(session, &facts, id),
                level: e.level,
            });
        }
        items.sort_by_key(|item| (item.anchor.y, item.anchor.x));
        Picture { scene, rows, items }
    }

    /// Width of the widest row, in cells.
    pub fn width(&self) -> usize {
        self.rows
            .iter()
            .map(|r| r.chars().count())
            .max()
            .unwrap_or(0)
    }
}

fn list_or(items: &[String], none: &str) -> String {
    if items.is_empty() {
        none.to_string()
    } else {
        items.join(" ")
    }
}

fn component_detail(session: &Session, facts: &Facts, id: &str) -> Vec<String> {
    let Some(c) = session.component(id) else {
        return vec![format!("Component {id} (not in the session)")];
    };
    let shown = crate::text::sanitize_inline;
    let layers: Vec<String> = c.layers.iter().map(|l| l.to_string()).collect();
    let mut title = format!("Component {} · {}", shown(&c.id), shown(&c.name));
    if !c.zone.is_empty() {
        title.push_str(&format!(" · zone {}", shown(&c.zone)));
    }
    let tally = facts.by_component.get(id).cloned().unwrap_or_default();
    let outgoing: Vec<String> = session
        .flows
        .iter()
        .filter(|f| f.from == id)
        .map(|f| format!("{}→{}", shown(&f.id), shown(&f.to)))
        .collect();
    let incoming: Vec<String> = session
        .flows
        .iter()
        .filter(|f| f.to == id)
        .map(|f| format!("{}←{}", shown(&f.id), shown(&f.from)))
        .collect();
    vec![
        title,
        format!("Layers: {}", list_or(&layers, "none")),
        format!(
            "Threats ({}): {}",
            tally.summary(),
            list_or(&tally.threats, "—")
        ),
        format!(
            "Flows out: {} · in: {}",
            list_or(&outgoing, "none"),
            list_or(&incoming, "none")
        ),
    ]
}

fn flow_detail(session: &Session, facts: &Facts, id: &str) -> Vec<String> {
    let Some(flow) = session.flows.iter().find(|f| f.id == id) else {
        return vec![format!("Flow {id}")];
    };
    let shown = crate::text::sanitize_inline;
    let mut how = Vec::new();
    if !flow.protocol.is_empty() {
        how.push(shown(&flow.protocol).into_owned());
    }
    match flow.encrypted {
        Some(true) => how.push("encrypted".into()),
        Some(false) => how.push("not encrypted".into()),
        None => {}
    }
    if !flow.authentication.is_empty() {
        how.push(format!("auth {}", shown(&flow.authentication)));
    }
    let mut title = format!(
        "Flow {} · {} → {}",
        shown(&flow.id),
        shown(&flow.from),
        shown(&flow.to)
    );
    if !how.is_empty() {
        title.push_str(&format!(" · {}", how.join(", ")));
    }
    let (assets, class) = facts.assets.get(id).cloned().unwrap_or_default();
    let mut carries = format!("Data: {}", shown(&flow.data));
    if !assets.is_empty() {
        carries.push_str(&format!(" · assets {}", assets.join(" ")));
    }
    if let Some(class) = class {
        carries.push_str(&format!(" ({class})"));
    }
    let crossed = facts.crossings.get(id).cloned().unwrap_or_default();
    let crossing = if facts.crosses(flow) {
        format!(
            "Crosses a trust boundary: {}",
            list_or(&crossed, "zones differ")
        )
    } else {
        "Stays inside its trust zone".to_string()
    };
    let tally = facts.by_flow.get(id).cloned().unwrap_or_default();
    vec![
        title,
        carries,
        crossing,
        format!(
            "Threats ({}): {}",
            tally.summary(),
            list_or(&tally.threats, "—")
        ),
    ]
}
