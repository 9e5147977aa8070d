//! The diagrams of the Markdown and HTML reports: both diagrams on the inherent basis,
//! as Mermaid (renders on GitHub and GitLab) and as inline SVG (no script, fits the
//! report's Content-Security-Policy, prints).

use super::{Basis, Facts, Kind, dataflow, layer_map, mermaid, svg};
use crate::catalog::Catalog;
use crate::session::Session;

#[derive(Debug, Clone, PartialEq)]
pub struct ReportDiagram {
    pub caption: String,
    pub mermaid: String,
    pub svg: String,
}

/// Both diagrams, or none when the session has no component yet.
pub fn diagrams(session: &Session, catalog: &Catalog) -> Vec<ReportDiagram> {
    if session.components.is_empty() {
        return Vec::new();
    }
    let facts = Facts::gather(session, catalog, Basis::Inherent);
    Kind::ALL
        .iter()
        .map(|&kind| {
            let (scene, caption) = match kind {
                Kind::Layers => (
                    layer_map::build(session, &facts, super::EXPORT_WIDTH),
                    "MAESTRO layer map: each component in every layer it belongs to, with its threats there and their highest inherent level (C H M L).",
                ),
                Kind::DataFlow => (
                    dataflow::build(session, &facts),
                    "Data flows: trust zones as frames, flows that cross a trust boundary drawn heavy (==> in Mermaid), threat counts on components.",
                ),
            };
            ReportDiagram {
                caption: caption.to_string(),
                mermaid: mermaid::render(session, &facts, kind),
                svg: svg::render(&scene, false),
            }
        })
        .collect()
}
