//! Where mitigation moved risk, and where it did not.
//!
//! Residual risk in the method is a level (`guides/risk-scoring.md`), not a new severity ×
//! likelihood pair, so a residual picture cannot keep threats in their inherent cells. Two
//! pictures answer "where did risk move":
//! - the transition matrix: rows the inherent level, columns the residual level, each
//!   cell the threats that went from one to the other. The diagonal is risk that was not
//!   reduced; right of it, reduced; left of it, raised (an analyst's override).
//! - the layer × level grids for inherent, effective and residual risk, side by side.

use super::heatmap::{Filter, LayerGrid, Variant, layer_grid};
use crate::catalog::Catalog;
use crate::risk;
use crate::session::{Session, ThreatChain};
use crate::vocab::{Layer, RiskLevel};

/// Levels from the top of a picture down: Critical first.
pub const LEVELS_DOWN: [RiskLevel; 4] = [
    RiskLevel::Critical,
    RiskLevel::High,
    RiskLevel::Medium,
    RiskLevel::Low,
];

/// Position of a level in [`LEVELS_DOWN`].
pub fn row_of(level: RiskLevel) -> usize {
    LEVELS_DOWN.iter().position(|l| *l == level).unwrap_or(0)
}

/// Inherent level (rows) × residual level (columns), both Critical … Low.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransitionMatrix {
    /// `cells[row][column]`: ids of the threats, in the order given.
    pub cells: [[Vec<String>; 4]; 4],
    /// Threats without an inherent or a residual level.
    pub unrated: Vec<String>,
}

impl TransitionMatrix {
    /// Builds the matrix from (id, inherent, residual) triples.
    pub fn from_levels<'a>(
        levels: impl IntoIterator<Item = (&'a str, Option<RiskLevel>, Option<RiskLevel>)>,
    ) -> TransitionMatrix {
        let mut m = TransitionMatrix::default();
        for (id, inherent, residual) in levels {
            match (inherent, residual) {
                (Some(i), Some(r)) => m.cells[row_of(i)][row_of(r)].push(id.to_string()),
                _ => m.unrated.push(id.to_string()),
            }
        }
        m
    }

    pub fn cell(&self, inherent: RiskLevel, residual: RiskLevel) -> &[String] {
        &self.cells[row_of(inherent)][row_of(residual)]
    }

    /// Threats placed in the matrix.
    pub fn total(&self) -> usize {
        self.cells.iter().flatten().map(Vec::len).sum()
    }

    /// Threats whose residual level equals their inherent level (the diagonal).
    pub fn not_reduced(&self) -> usize {
        (0..4).map(|i| self.cells[i][i].len()).sum()
    }

    /// Threats whose residual level is below their inherent level.
    pub fn reduced(&self) -> usize {
        let mut n = 0;
        for (i, row) in self.cells.iter().enumerate() {
            n += row.iter().skip(i + 1).map(Vec::len).sum::<usize>();
        }
        n
    }

    /// Threats whose residual level is above their inherent level (overrides).
    pub fn raised(&self) -> usize {
        self.total() - self.reduced() - self.not_reduced()
    }
}

/// The transition matrix of the threats that pass `filter`.
pub fn transition(session: &Session, catalog: &Catalog, filter: &Filter) -> TransitionMatrix {
    let index = risk::Index::new(session);
    TransitionMatrix::from_levels(
        session
            .threats
            .iter()
            .filter(|t| filter.matches_with(&index, t))
            .map(|t| {
                let residual = risk::residual_with(&index, session, t, catalog);
                (t.id.as_str(), residual.inherent, residual.level)
            }),
    )
}

/// The layer × level grid for inherent, effective and residual risk.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerGrids {
    pub inherent: LayerGrid,
    pub effective: LayerGrid,
    pub residual: LayerGrid,
}

impl LayerGrids {
    /// The three grids, left to right.
    pub fn all(&self) -> [&LayerGrid; 3] {
        [&self.inherent, &self.effective, &self.residual]
    }
}

pub fn layer_grids(session: &Session, catalog: &Catalog, filter: &Filter) -> LayerGrids {
    let grid = |variant| layer_grid(session, catalog, variant, filter);
    LayerGrids {
        inherent: grid(Variant::Inherent),
        effective: grid(Variant::Effective),
        residual: grid(Variant::Residual),
    }
}

/// What a list of threats shows beside each id: its three levels, status and owner.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreatLevels {
    pub inherent: Option<RiskLevel>,
    pub effective: Option<RiskLevel>,
    pub residual: Option<RiskLevel>,
    /// Strongest implementation status of its mitigations.
    pub status: crate::vocab::ImplementationStatus,
    /// The residual record's owner, else the first mitigation owner named.
    pub owner: String,
}

/// [`ThreatLevels`] of every threat, in session order, through one index.
pub fn threat_levels(session: &Session, catalog: &Catalog) -> Vec<ThreatLevels> {
    let index = risk::Index::new(session);
    session
        .threats
        .iter()
        .map(|t| {
            let assessed = risk::assess_with(&index, t, catalog);
            let residual = risk::residual_with(&index, session, t, catalog);
            let owner = index
                .residual_record(&t.id)
                .map(|r| r.owner.as_str())
                .filter(|o| !o.is_empty())
                .or_else(|| {
                    index
                        .mitigations_for(&t.id)
                        .iter()
                        .map(|m| m.owner.as_str())
                        .find(|o| !o.is_empty())
                })
                .unwrap_or_default()
                .to_string();
            ThreatLevels {
                inherent: assessed.inherent,
                effective: assessed.effective_level,
                residual: residual.level,
                status: assessed.implementation,
                owner,
            }
        })
        .collect()
}

/// The role of a chain's step on the layer grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepRole {
    Entry,
    Pivot,
    Impact,
}

impl StepRole {
    pub fn label(self) -> &'static str {
        match self {
            StepRole::Entry => "entry",
            StepRole::Pivot => "pivot",
            StepRole::Impact => "impact",
        }
    }
}

/// One step of a chain placed on a layer grid: the threat, its role and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainStep {
    pub threat_id: String,
    pub role: StepRole,
    /// (layer, level) cells of the step in the grid's variant; empty when unrated.
    pub cells: Vec<(Layer, RiskLevel)>,
}

/// The steps of `chain` on a layer grid, entry first, impact last; `level_of` gives a
/// threat's level in the grid's variant (callers that hold the levels pass a lookup).
pub fn chain_path(
    session: &Session,
    chain: &ThreatChain,
    level_of: impl Fn(&crate::session::Threat) -> Option<RiskLevel>,
) -> Vec<ChainStep> {
    let last = chain.steps.len().saturating_sub(1);
    chain
        .steps
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let role = match i {
                0 => StepRole::Entry,
                i if i == last => StepRole::Impact,
                _ => StepRole::Pivot,
            };
            let cells = session
                .threat(id)
                .and_then(|t| {
                    let level = level_of(t)?;
                    Some(t.layers.iter().map(|&l| (l, level)).collect())
                })
                .unwrap_or_default();
            ChainStep {
                threat_id: id.clone(),
                role,
                cells,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fixtures::{mitigation, threat};
    use crate::session::ResidualRisk;
    use crate::vocab::{Effectiveness, ImplementationStatus, Likelihood::*, MitigationType};
    use crate::vocab::{Layer::*, Severity as S};

    fn session() -> Session {
        let mut s = Session::new("transition", "test", "2025-01-15");
        let t1 = threat("TH-1", "T1", &[L2], S::Critical, Likely);
        let t2 = threat("TH-2", "T2", &[L3], S::Critical, Likely);
        let t3 = threat("TH-3", "T6", &[L3, L5], S::Low, Unlikely);
        let mut t4 = threat("TH-4", "T9", &[L7], S::High, Possible);
        t4.likelihood = None;
        s.threats = vec![t1, t2, t3, t4];
        let mut m = mitigation(
            "M-1",
            MitigationType::Preventive,
            &["TH-2"],
            ImplementationStatus::Implemented,
        );
        m.effectiveness = Some(Effectiveness::High);
        s.mitigations = vec![m];
        s
    }

    #[test]
    fn a_reduced_threat_leaves_its_inherent_row_for_a_lower_column() {
        let catalog = Catalog::embedded();
        let s = session();
        let m = transition(&s, &catalog, &Filter::default());
        // TH-1 has no mitigation: Critical stays Critical (diagonal).
        assert_eq!(m.cell(RiskLevel::Critical, RiskLevel::Critical), ["TH-1"]);
        // TH-2 is mitigated: it is in the Critical row but not in the Critical column.
        let row: Vec<&String> = LEVELS_DOWN
            .iter()
            .flat_map(|r| m.cell(RiskLevel::Critical, *r))
            .collect();
        assert!(row.contains(&&"TH-2".to_string()));
        assert!(
            !m.cell(RiskLevel::Critical, RiskLevel::Critical)
                .contains(&"TH-2".to_string())
        );
        assert_eq!(m.cell(RiskLevel::Low, RiskLevel::Low), ["TH-3"]);
        assert_eq!(m.unrated, ["TH-4"]);
        assert_eq!(m.total(), 3);
        assert_eq!(m.not_reduced(), 2);
        assert_eq!(m.reduced(), 1);
        assert_eq!(m.raised(), 0);
    }

    #[test]
    fn an_override_above_the_inherent_level_counts_as_raised() {
        let catalog = Catalog::embedded();
        let mut s = session();
        s.residual_risks = vec![ResidualRisk {
            threat: "TH-3".into(),
            level_override: Some(RiskLevel::High),
            ..ResidualRisk::default()
        }];
        let m = transition(&s, &catalog, &Filter::default());
        assert_eq!(m.cell(RiskLevel::Low, RiskLevel::High), ["TH-3"]);
        assert_eq!(m.raised(), 1);
    }

    #[test]
    fn layer_grids_move_a_mitigated_threat_in_effective_and_residual_only() {
        let catalog = Catalog::embedded();
        let g = layer_grids(&session(), &catalog, &Filter::default());
        assert_eq!(
            g.inherent.cell(L3, RiskLevel::Critical).threat_ids,
            ["TH-2"]
        );
        assert!(
            g.effective
                .cell(L3, RiskLevel::Critical)
                .threat_ids
                .is_empty()
        );
        assert!(
            g.residual
                .cell(L3, RiskLevel::Critical)
                .threat_ids
                .is_empty()
        );
        assert_eq!(
            g.residual.cell(L2, RiskLevel::Critical).threat_ids,
            ["TH-1"]
        );
        assert_eq!(g.all()[1].variant, Variant::Effective);
    }

    #[test]
    fn a_chain_path_names_entry_pivot_and_impact_cells() {
        let catalog = Catalog::embedded();
        let s = session();
        let chain = ThreatChain {
            id: "CH-1".into(),
            steps: vec!["TH-3".into(), "TH-4".into(), "TH-1".into()],
            ..ThreatChain::default()
        };
        let path = chain_path(&s, &chain, |t| risk::inherent(t, &catalog));
        let roles: Vec<StepRole> = path.iter().map(|p| p.role).collect();
        assert_eq!(roles, [StepRole::Entry, StepRole::Pivot, StepRole::Impact]);
        assert_eq!(path[0].cells, [(L3, RiskLevel::Low), (L5, RiskLevel::Low)]);
        assert!(path[1].cells.is_empty(), "TH-4 is unrated");
        assert_eq!(path[2].cells, [(L2, RiskLevel::Critical)]);
    }
}
