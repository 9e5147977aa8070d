//! Diagrams computed from the session (phases 2–5), never drawn by hand: the MAESTRO
//! layer map and the data-flow diagram with trust zones and boundaries.
//!
//! Both are laid out on a grid of character cells ([`scene::Scene`]): the terminal
//! draws the cells ([`grid`]), SVG scales them ([`svg`]), so every output shows the
//! same picture. Mermaid and DOT ([`mermaid`], [`dot`]) hand the graph to those tools,
//! which lay it out themselves. The same session always gives the same picture: every
//! order falls back to ids.
//!
//! The layered layout is our own ([`layered`]). Crates weighed: `layout-rs` (MIT, no
//! dependencies) lays out in floating-point coordinates with curved edges and has no
//! clusters, so trust zones could not be frames, and its geometry would have to be
//! re-snapped to cells with no guarantee that an edge misses every box; `dugong` (a
//! dagre port, MIT/Apache) has clusters but is a pre-release (0.10.0-alpha.1, pinned
//! alpha graph library) with the same floating-point routing; `petgraph` has graph
//! algorithms but no layered layout. A cell layout with lanes gives the guarantees
//! the tests check (no overlap, no edge through a box, stable) by construction.

pub mod dataflow;
pub mod dot;
#[cfg(test)]
mod export_tests;
pub mod grid;
pub mod layer_map;
pub mod layered;
pub mod mermaid;
pub mod model;
pub mod report;
pub mod scene;
pub mod svg;
#[cfg(test)]
mod tests;

use crate::catalog::Catalog;
use crate::session::Session;
pub use model::{Basis, Facts};
pub use scene::Scene;

/// Which diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Layers,
    DataFlow,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Layers, Kind::DataFlow];

    /// Its name on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Layers => "layers",
            Kind::DataFlow => "dataflow",
        }
    }
}

/// Widest layer map of exports and reports, in cells.
pub const EXPORT_WIDTH: u32 = 120;

/// Lays out one diagram of a session.
pub fn scene(session: &Session, catalog: &Catalog, kind: Kind, basis: Basis, width: u32) -> Scene {
    let facts = Facts::gather(session, catalog, basis);
    match kind {
        Kind::Layers => layer_map::build(session, &facts, width),
        Kind::DataFlow => dataflow::build(session, &facts),
    }
}

/// Text from the session made safe to show: control and bidi characters made visible.
pub(crate) fn shown(text: &str) -> String {
    crate::text::sanitize_inline(text).into_owned()
}

/// At most `max` characters, an ellipsis marking a cut.
/// The short label of a flow's edge in the text exports (DOT, Mermaid): its id, the
/// assets it carries and their classification, its protocol.
pub(crate) fn edge_label(flow: &crate::session::DataFlow, facts: &model::Facts) -> Vec<String> {
    let mut label = vec![flow.id.clone()];
    if let Some((assets, class)) = facts.assets.get(&flow.id) {
        if !assets.is_empty() {
            label.push(assets.join(" "));
        }
        if let Some(class) = class {
            label.push(class.as_str().to_string());
        }
    }
    if !flow.protocol.trim().is_empty() {
        label.push(clip(&flow.protocol, 30));
    }
    label
}

pub(crate) fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}
