//! Analysis over a session: what the screens of phases 6–10 show beside the records.
//!
//! Every function here is pure: it reads a [`Session`] and the
//! [`Catalog`] and returns plain data for a view or a report
//! to render (the one exception is [`evidence`], which reads a source tree the analyst
//! points at). Nothing here edits a session in place: [`dedup::merge`] returns a new
//! one, [`roadmap::propose`] returns proposals the analyst may adopt.
//!
//! - [`suggest`]: catalog threats and checklist items for a layer, with the reasons
//!   phases 1–5 give for each (phase 6, step 1–2).
//! - [`dedup`]: duplicate threat cards and their merge (phase 6, step 4).
//! - [`figures`]: the session-wide figures of a live view, updated edit by edit.
//! - [`addressing`]: the mitigations of each threat card, kept edit by edit.
//! - [`heatmap`]: severity × likelihood and layer × level grids, inherent and residual.
//! - [`transition`]: where mitigation moved risk (inherent → residual level, layer grids).
//! - [`gaps`]: mitigation gaps (phase 7, step 7) and defense-in-depth rules.
//! - [`prioritize`]: cost × effectiveness, the phase 7 priority score, adoption candidates.
//! - [`residual`]: disposition rules, review dates, aggregate posture, top residual risks.
//! - [`roadmap`]: remediation roadmap proposals per horizon (phase 10, step 2).
//! - [`evidence`]: offline search of a source tree for a mitigation's evidence terms.

pub mod addressing;
pub mod custom;
pub mod dates;
pub mod dedup;
pub mod evidence;
pub mod figures;
pub mod guards;
pub use crate::risk::gaps;
pub mod heatmap;
pub mod prioritize;
pub mod residual;
pub mod reviews;
pub mod roadmap;
pub mod suggest;
pub mod transition;

#[cfg(test)]
mod examples;
/// Small sessions built in code, for tests here and in the `maestro-tm` crate.
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;

use crate::catalog::Catalog;
use crate::session::{Component, Session};
use crate::vocab::{ComponentKind, Layer};

/// Whether the system under review has several agents: the phase 2 switch, the phase 1
/// agent type, or two or more agent components in the architecture.
pub fn is_multi_agent(session: &Session, catalog: &Catalog) -> bool {
    let declared_multi = catalog
        .taxonomy
        .choice("agent_types", &session.business.agent_type)
        .is_some_and(|c| c.id == "multi-agent");
    let agents = session
        .components
        .iter()
        .filter(|c| c.kind == ComponentKind::Agent)
        .count();
    session.architecture.multi_agent || declared_multi || agents >= 2
}

/// Components placed on `layer`. The cross-layer dimension spans the whole system, so
/// every component counts for it.
pub fn components_on(session: &Session, layer: Layer) -> Vec<&Component> {
    session
        .components
        .iter()
        .filter(|c| layer == Layer::CrossLayer || c.layers.contains(&layer))
        .collect()
}
