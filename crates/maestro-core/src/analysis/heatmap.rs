//! Heatmap data: where the risk of the register sits.
//!
//! Two grids, each in an inherent and a residual variant:
//! - the 4×4 severity × likelihood grid. Every cell carries its matrix level (from
//!   `catalog.scoring`) and the threats rated there. A threat keeps its cell in both
//!   variants (severity and likelihood are the analyst's ratings, which mitigations do not
//!   rewrite); the residual variant adds, per cell, how many of its threats remain at
//!   each residual level (`risk::residual::residual`) and the highest of them, which is
//!   what a residual view colours the cell with.
//! - the layer × risk-level grid (L1–L7 and Cross-Layer rows, Low…Critical columns); a
//!   threat on several layers counts once in each of its rows. Inherent uses the matrix
//!   level, residual the residual level.
//!
//! Cross-layer chains with their own rating appear in the inherent grids beside the
//! threats (`chain_ids`), not in the counts; they have no residual level.
//! Filters narrow the threats by layer, agentic factor and implementation status.

use crate::catalog::Catalog;
use crate::risk;
use crate::session::{Session, Threat, ThreatChain};
use crate::vocab::{AgenticFactor, ImplementationStatus, Layer, Likelihood, RiskLevel, Severity};
use std::collections::BTreeMap;

/// Which risk the grid shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Inherent,
    /// Inherent level × (1 − strongest implementation status), nearest level.
    Effective,
    Residual,
}

/// Which threats the grids include (all when every field is `None`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    pub layer: Option<Layer>,
    pub factor: Option<AgenticFactor>,
    /// Strongest implementation status of the threat's mitigations.
    pub status: Option<ImplementationStatus>,
}

impl Filter {
    pub fn matches(&self, session: &Session, threat: &Threat) -> bool {
        self.matches_with(&risk::Index::new(session), threat)
    }

    /// [`Filter::matches`] through an index built once for the whole grid.
    pub fn matches_with(&self, index: &risk::Index, threat: &Threat) -> bool {
        self.layer.is_none_or(|l| threat.layers.contains(&l))
            && self.factor.is_none_or(|f| threat.factors.contains(&f))
            && self
                .status
                .is_none_or(|s| risk::strongest_status_with(index, &threat.id) == s)
    }
}

/// One cell of the severity × likelihood grid.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixCell {
    pub severity: Severity,
    pub likelihood: Likelihood,
    /// The matrix level of the cell.
    pub level: RiskLevel,
    /// Threats rated in this cell, in session order.
    pub threat_ids: Vec<String>,
    /// Rated chains in this cell (inherent variant only).
    pub chain_ids: Vec<String>,
    /// Residual variant: how many of the cell's threats remain at each residual level.
    pub residual_counts: BTreeMap<RiskLevel, usize>,
    /// The level a view colours the cell with: the matrix level (inherent), the highest
    /// residual level among its threats (residual); `None` for an empty residual cell.
    pub shown_level: Option<RiskLevel>,
}

impl MatrixCell {
    pub fn count(&self) -> usize {
        self.threat_ids.len()
    }
}

/// The 4×4 grid, rows from Critical down to Low, columns Unlikely … Very Likely.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskMatrix {
    pub variant: Variant,
    pub rows: Vec<Vec<MatrixCell>>,
    /// Threats that pass the filter but lack severity or likelihood.
    pub unrated: Vec<String>,
}

impl RiskMatrix {
    pub fn cell(&self, s: Severity, l: Likelihood) -> &MatrixCell {
        self.rows
            .iter()
            .flatten()
            .find(|c| c.severity == s && c.likelihood == l)
            .expect("the grid has every cell")
    }

    /// Number of rated threats in the grid.
    pub fn total(&self) -> usize {
        self.rows.iter().flatten().map(MatrixCell::count).sum()
    }
}

/// One cell of the layer × risk-level grid.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerCell {
    pub layer: Layer,
    pub level: RiskLevel,
    pub threat_ids: Vec<String>,
    pub chain_ids: Vec<String>,
}

impl LayerCell {
    pub fn count(&self) -> usize {
        self.threat_ids.len()
    }
}

/// Rows L1 … L7, Cross-Layer; columns Low … Critical.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerGrid {
    pub variant: Variant,
    pub rows: Vec<Vec<LayerCell>>,
    /// Threats without a level in this variant, or without any layer.
    pub unplaced: Vec<String>,
}

impl LayerGrid {
    pub fn cell(&self, layer: Layer, level: RiskLevel) -> &LayerCell {
        self.rows
            .iter()
            .flatten()
            .find(|c| c.layer == layer && c.level == level)
            .expect("the grid has every cell")
    }
}

fn chain_rating(
    chain: &ThreatChain,
    catalog: &Catalog,
) -> Option<(Severity, Likelihood, RiskLevel)> {
    Some((
        chain.severity?,
        chain.likelihood?,
        risk::chain_inherent(chain, catalog)?,
    ))
}

fn chain_passes(session: &Session, chain: &ThreatChain, filter: &Filter) -> bool {
    // Factor and status belong to threats; a chain passes when one of its steps does.
    let steps_pass = || {
        chain
            .steps
            .iter()
            .filter_map(|id| session.threat(id))
            .any(|t| filter.matches(session, t))
    };
    let layer_ok = filter
        .layer
        .is_none_or(|l| risk::chain_layers(session, chain).contains(&l));
    layer_ok && (filter.factor.is_none() && filter.status.is_none() || steps_pass())
}

/// The severity × likelihood grid of the threats that pass `filter`.
pub fn matrix(
    session: &Session,
    catalog: &Catalog,
    variant: Variant,
    filter: &Filter,
) -> RiskMatrix {
    matrix_with(
        &risk::Index::new(session),
        session,
        catalog,
        variant,
        filter,
    )
}

/// [`matrix`] through an [`risk::Index`] the caller already has.
pub fn matrix_with(
    index: &risk::Index,
    session: &Session,
    catalog: &Catalog,
    variant: Variant,
    filter: &Filter,
) -> RiskMatrix {
    let mut rows: Vec<Vec<MatrixCell>> = Severity::ALL
        .iter()
        .rev()
        .map(|&severity| {
            Likelihood::ALL
                .iter()
                .map(|&likelihood| MatrixCell {
                    severity,
                    likelihood,
                    level: catalog.scoring.risk_level(severity, likelihood),
                    threat_ids: Vec::new(),
                    chain_ids: Vec::new(),
                    residual_counts: BTreeMap::new(),
                    shown_level: match variant {
                        Variant::Inherent => Some(catalog.scoring.risk_level(severity, likelihood)),
                        Variant::Effective | Variant::Residual => None,
                    },
                })
                .collect()
        })
        .collect();
    let mut unrated = Vec::new();
    for threat in session
        .threats
        .iter()
        .filter(|t| filter.matches_with(index, t))
    {
        let (Some(s), Some(l)) = (threat.severity, threat.likelihood) else {
            unrated.push(threat.id.clone());
            continue;
        };
        let cell = rows
            .iter_mut()
            .flatten()
            .find(|c| c.severity == s && c.likelihood == l)
            .expect("the grid has every cell");
        cell.threat_ids.push(threat.id.clone());
        let reduced = match variant {
            Variant::Inherent => None,
            Variant::Effective => risk::assess_with(index, threat, catalog).effective_level,
            Variant::Residual => risk::residual_with(index, session, threat, catalog).level,
        };
        if let Some(level) = reduced {
            *cell.residual_counts.entry(level).or_default() += 1;
            cell.shown_level = cell.shown_level.max(Some(level));
        }
    }
    if variant == Variant::Inherent {
        for chain in session
            .chains
            .iter()
            .filter(|c| chain_passes(session, c, filter))
        {
            if let Some((s, l, _)) = chain_rating(chain, catalog) {
                let cell = rows
                    .iter_mut()
                    .flatten()
                    .find(|c| c.severity == s && c.likelihood == l)
                    .expect("the grid has every cell");
                cell.chain_ids.push(chain.id.clone());
            }
        }
    }
    RiskMatrix {
        variant,
        rows,
        unrated,
    }
}

/// Brings the unfiltered inherent matrix of `session` up to date after threats moved
/// between the cells `touched` (`None` stands for the unrated list): only those are
/// rebuilt, each by one pass over the register without lookups.
pub fn refill_inherent(
    matrix: &mut RiskMatrix,
    session: &Session,
    touched: &[Option<(Severity, Likelihood)>],
) {
    debug_assert_eq!(matrix.variant, Variant::Inherent);
    let rating = |t: &Threat| Some((t.severity?, t.likelihood?));
    for (i, wanted) in touched.iter().enumerate() {
        if touched[..i].contains(wanted) {
            continue;
        }
        let ids = session
            .threats
            .iter()
            .filter(|t| rating(t) == *wanted)
            .map(|t| t.id.clone())
            .collect();
        match wanted {
            None => matrix.unrated = ids,
            Some((s, l)) => {
                if let Some(cell) = matrix
                    .rows
                    .iter_mut()
                    .flatten()
                    .find(|c| c.severity == *s && c.likelihood == *l)
                {
                    cell.threat_ids = ids;
                }
            }
        }
    }
}

/// Brings the chains of an unfiltered inherent matrix up to date (they sit in the cells
/// beside the threats, which are left alone).
pub fn refill_chains(matrix: &mut RiskMatrix, session: &Session, catalog: &Catalog) {
    debug_assert_eq!(matrix.variant, Variant::Inherent);
    for cell in matrix.rows.iter_mut().flatten() {
        cell.chain_ids.clear();
    }
    let filter = Filter::default();
    for chain in session
        .chains
        .iter()
        .filter(|c| chain_passes(session, c, &filter))
    {
        if let Some((s, l, _)) = chain_rating(chain, catalog)
            && let Some(cell) = matrix
                .rows
                .iter_mut()
                .flatten()
                .find(|c| c.severity == s && c.likelihood == l)
        {
            cell.chain_ids.push(chain.id.clone());
        }
    }
}

/// The layer × risk-level grid of the threats that pass `filter`.
pub fn layer_grid(
    session: &Session,
    catalog: &Catalog,
    variant: Variant,
    filter: &Filter,
) -> LayerGrid {
    let mut rows: Vec<Vec<LayerCell>> = Layer::ALL
        .iter()
        .map(|&layer| {
            RiskLevel::ALL
                .iter()
                .map(|&level| LayerCell {
                    layer,
                    level,
                    threat_ids: Vec::new(),
                    chain_ids: Vec::new(),
                })
                .collect()
        })
        .collect();
    let mut place = |layer: Layer, level: RiskLevel, push: &mut dyn FnMut(&mut LayerCell)| {
        if let Some(cell) = rows
            .iter_mut()
            .flatten()
            .find(|c| c.layer == layer && c.level == level)
        {
            push(cell);
        }
    };
    let mut unplaced = Vec::new();
    let index = risk::Index::new(session);
    for threat in session
        .threats
        .iter()
        .filter(|t| filter.matches_with(&index, t))
    {
        let level = match variant {
            Variant::Inherent => risk::inherent(threat, catalog),
            Variant::Effective => risk::assess_with(&index, threat, catalog).effective_level,
            Variant::Residual => risk::residual_with(&index, session, threat, catalog).level,
        };
        match level {
            Some(level) if !threat.layers.is_empty() => {
                for &layer in &threat.layers {
                    place(layer, level, &mut |c| c.threat_ids.push(threat.id.clone()));
                }
            }
            _ => unplaced.push(threat.id.clone()),
        }
    }
    if variant == Variant::Inherent {
        for chain in session
            .chains
            .iter()
            .filter(|c| chain_passes(session, c, filter))
        {
            if let Some((_, _, level)) = chain_rating(chain, catalog) {
                for layer in risk::chain_layers(session, chain) {
                    place(layer, level, &mut |c| c.chain_ids.push(chain.id.clone()));
                }
            }
        }
    }
    LayerGrid {
        variant,
        rows,
        unplaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixtures::{mitigation, threat};
    use crate::vocab::{Effectiveness, MitigationType};
    use Likelihood::*;
    use Severity as S;

    fn session() -> Session {
        use Layer::*;
        let mut s = Session::new("heatmap", "test", "2025-01-15");
        let mut t1 = threat("TH-1", "T1", &[L2, CrossLayer], S::Critical, Likely);
        t1.factors = vec![AgenticFactor::Autonomy];
        let t2 = threat("TH-2", "T2", &[L3], S::High, Likely);
        let t3 = threat("TH-3", "T6", &[L3], S::Critical, Likely);
        let t4 = threat("TH-4", "T8", &[L5], S::Low, Unlikely);
        let mut t5 = threat("TH-5", "T9", &[L7], S::High, Possible);
        t5.likelihood = None;
        s.threats = vec![t1, t2, t3, t4, t5];
        let mut m = mitigation(
            "M-1",
            MitigationType::Preventive,
            &["TH-3"],
            ImplementationStatus::Implemented,
        );
        m.effectiveness = Some(Effectiveness::High);
        s.mitigations = vec![m];
        s.chains = vec![ThreatChain {
            id: "CH-1".into(),
            name: "chain".into(),
            steps: vec!["TH-1".into(), "TH-2".into()],
            severity: Some(S::Critical),
            likelihood: Some(VeryLikely),
            ..ThreatChain::default()
        }];
        s
    }

    #[test]
    fn inherent_grid_counts_each_cell_with_its_level() {
        let catalog = Catalog::embedded();
        let grid = matrix(&session(), &catalog, Variant::Inherent, &Filter::default());
        assert_eq!(grid.rows.len(), 4);
        assert_eq!(grid.rows[0][0].severity, S::Critical);
        assert_eq!(grid.rows[0][0].likelihood, Unlikely);
        let cell = grid.cell(S::Critical, Likely);
        assert_eq!(cell.threat_ids, ["TH-1", "TH-3"]);
        assert_eq!(cell.level, RiskLevel::Critical);
        assert_eq!(cell.shown_level, Some(RiskLevel::Critical));
        assert_eq!(grid.cell(S::High, Likely).count(), 1);
        assert_eq!(grid.cell(S::Low, Unlikely).level, RiskLevel::Low);
        assert_eq!(grid.cell(S::Critical, Unlikely).level, RiskLevel::High);
        assert_eq!(grid.total(), 4);
        assert_eq!(grid.unrated, ["TH-5"]);
        assert_eq!(grid.cell(S::Critical, VeryLikely).chain_ids, ["CH-1"]);
        assert_eq!(grid.cell(S::Critical, VeryLikely).count(), 0);
    }

    #[test]
    fn residual_grid_follows_mitigations() {
        let catalog = Catalog::embedded();
        let grid = matrix(&session(), &catalog, Variant::Residual, &Filter::default());
        let cell = grid.cell(S::Critical, Likely);
        // TH-3 is fully mitigated by a highly effective control, TH-1 has nothing.
        assert_eq!(cell.count(), 2);
        assert_eq!(cell.residual_counts.get(&RiskLevel::Critical), Some(&1));
        assert_eq!(cell.residual_counts.values().sum::<usize>(), 2);
        assert_eq!(cell.shown_level, Some(RiskLevel::Critical));
        assert_eq!(grid.cell(S::Medium, Likely).shown_level, None);
        assert!(grid.rows.iter().flatten().all(|c| c.chain_ids.is_empty()));

        // Without TH-1 the cell shows the lower residual of TH-3.
        let mut s = session();
        s.threats.remove(0);
        let grid = matrix(&s, &catalog, Variant::Residual, &Filter::default());
        let shown = grid.cell(S::Critical, Likely).shown_level.unwrap();
        assert!(shown < RiskLevel::Critical);
        let inherent = matrix(&s, &catalog, Variant::Inherent, &Filter::default());
        assert_eq!(
            inherent.cell(S::Critical, Likely).shown_level,
            Some(RiskLevel::Critical)
        );
    }

    #[test]
    fn filters_by_layer_factor_and_status() {
        let catalog = Catalog::embedded();
        let s = session();
        let only = |filter: Filter| {
            let g = matrix(&s, &catalog, Variant::Inherent, &filter);
            let mut ids: Vec<String> = g
                .rows
                .iter()
                .flatten()
                .flat_map(|c| c.threat_ids.clone())
                .collect();
            ids.extend(g.unrated);
            ids.sort();
            ids
        };
        let by_layer = Filter {
            layer: Some(Layer::L3),
            ..Filter::default()
        };
        assert_eq!(only(by_layer), ["TH-2", "TH-3"]);
        let by_factor = Filter {
            factor: Some(AgenticFactor::Autonomy),
            ..Filter::default()
        };
        assert_eq!(only(by_factor), ["TH-1"]);
        let by_status = Filter {
            status: Some(ImplementationStatus::Implemented),
            ..Filter::default()
        };
        assert_eq!(only(by_status), ["TH-3"]);
        // The chain follows the layer filter through its steps.
        let g = matrix(
            &s,
            &catalog,
            Variant::Inherent,
            &Filter {
                layer: Some(Layer::L5),
                ..Filter::default()
            },
        );
        assert!(g.cell(S::Critical, VeryLikely).chain_ids.is_empty());
    }

    #[test]
    fn layer_grid_counts_every_layer_of_a_threat() {
        let catalog = Catalog::embedded();
        let s = session();
        let grid = layer_grid(&s, &catalog, Variant::Inherent, &Filter::default());
        assert_eq!(grid.rows.len(), 8);
        assert_eq!(grid.rows[7][0].layer, Layer::CrossLayer);
        assert_eq!(
            grid.cell(Layer::L2, RiskLevel::Critical).threat_ids,
            ["TH-1"]
        );
        assert_eq!(
            grid.cell(Layer::CrossLayer, RiskLevel::Critical).threat_ids,
            ["TH-1"]
        );
        assert_eq!(
            grid.cell(Layer::L3, RiskLevel::Critical).threat_ids,
            ["TH-2", "TH-3"]
        );
        assert_eq!(grid.cell(Layer::L5, RiskLevel::Low).count(), 1);
        assert_eq!(grid.unplaced, ["TH-5"]);
        assert_eq!(
            grid.cell(Layer::L3, RiskLevel::Critical).chain_ids,
            ["CH-1"]
        );

        let residual = layer_grid(&s, &catalog, Variant::Residual, &Filter::default());
        assert_eq!(
            residual.cell(Layer::L3, RiskLevel::Critical).threat_ids,
            ["TH-2"]
        );
        let moved: usize = RiskLevel::ALL
            .iter()
            .filter(|l| **l < RiskLevel::Critical)
            .map(|l| residual.cell(Layer::L3, *l).count())
            .sum();
        assert_eq!(moved, 1, "TH-3 moved below Critical");
    }
}
