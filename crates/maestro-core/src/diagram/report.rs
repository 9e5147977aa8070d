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

/// The most components, and the most flows, a report draws. Mermaid itself refuses
/// more than 500 edges by default (`maxEdges`), so GitHub would not render a larger
/// block, and a drawing of more boxes than that is not read, only scrolled; the layout
/// also grows faster than linearly (a 100k-component report spent minutes on it).
pub const REPORT_MAX_DRAWN: usize = 500;

/// Why a report shows no diagram, or `None` when it draws both.
pub fn omitted(session: &Session) -> Option<String> {
    let (components, flows) = (session.components.len(), session.flows.len());
    if components == 0 {
        Some("No components recorded: no diagrams.".to_string())
    } else if components > REPORT_MAX_DRAWN || flows > REPORT_MAX_DRAWN {
        Some(format!(
            "{components} components and {flows} flows: more than the {REPORT_MAX_DRAWN} a \
             report draws (Mermaid renders at most {REPORT_MAX_DRAWN} edges). Draw them \
             with `maestro-tm export mermaid|dot|svg`, or see them in the TUI's diagram \
             screen (V)."
        ))
    } else {
        None
    }
}

/// Both diagrams, or none when [`omitted`] says why not.
pub fn diagrams(session: &Session, catalog: &Catalog) -> Vec<ReportDiagram> {
    if omitted(session).is_some() {
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
