//! Catalog section `scoring.toml`: the scales, matrices and rules of the risk-scoring guide.
//!
//! Everything the risk engine needs to turn a severity and a likelihood into a risk level,
//! an implementation status into an effective risk, a cost and an effectiveness into a
//! recommendation, and a residual level into a review schedule, is read from here; the
//! engine holds no numbers of its own.

use super::{Catalog, ListRow, Listing, check_unique};
use crate::vocab::{
    AttackComplexity, AttackVector, Cost, Effectiveness, ImplementationStatus, Layer, Likelihood,
    MitigationType, RiskLevel, Severity,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The scoring section: one list per table of the guide.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Scoring {
    pub severity: Vec<SeverityDef>,
    pub likelihood: Vec<LikelihoodDef>,
    /// The 4×4 severity × likelihood matrix, one entry per cell.
    pub matrix: Vec<MatrixCell>,
    pub risk_levels: Vec<RiskLevelDef>,
    pub attack_vectors: Vec<AttackVectorDef>,
    pub attack_complexity: Vec<AttackComplexityDef>,
    pub implementation_status: Vec<StatusDef>,
    pub cost: Vec<CostDef>,
    pub effectiveness: Vec<EffectivenessDef>,
    /// The 3×3 cost × effectiveness matrix, one entry per cell.
    pub cost_effectiveness: Vec<CostEffectivenessCell>,
    pub mitigation_types: Vec<MitigationTypeDef>,
    pub defense_in_depth: Vec<DefenseRule>,
    pub review_schedule: Vec<ReviewDef>,
    /// How far one mitigation's effectiveness may lower a residual level (phase 9, step 1).
    pub residual_caps: Vec<ResidualCap>,
    /// Events that call for re-evaluating a residual risk at once.
    #[serde(default)]
    pub trigger_events: Vec<TriggerEvent>,
    pub remediation_phases: Vec<RemediationPhase>,
    pub dispositions: Vec<Disposition>,
}

/// One step of the severity scale.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SeverityDef {
    pub id: Severity,
    pub description: String,
    #[serde(default)]
    pub examples: Vec<String>,
}

/// One step of the likelihood scale.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LikelihoodDef {
    pub id: Likelihood,
    pub description: String,
    /// The kind of attacker who makes this likelihood realistic.
    pub attacker_profile: String,
}

/// One cell of the risk matrix.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MatrixCell {
    /// Slug `<severity>-<likelihood>`, e.g. "high-very-likely".
    pub id: String,
    pub severity: Severity,
    pub likelihood: Likelihood,
    pub level: RiskLevel,
}

/// What a risk level demands, and its number in the effective-risk formula.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RiskLevelDef {
    pub id: RiskLevel,
    /// Numeric value (Low = 1 … Critical = 4).
    pub value: f64,
    pub required_action: String,
    pub timeframe: String,
}

/// One attack vector and how it shifts priority.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AttackVectorDef {
    pub id: AttackVector,
    /// Tie-break order among equal risks: 1 ranks first (broadest vector).
    pub rank: u32,
    pub description: String,
    /// How the modifier moves effective risk.
    pub effect: String,
}

/// One attack complexity value and how it shifts priority.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AttackComplexityDef {
    pub id: AttackComplexity,
    /// Tie-break order among equal risks and vectors: 1 ranks first.
    pub rank: u32,
    pub description: String,
    /// How the modifier moves effective risk.
    pub effect: String,
}

/// An implementation status and its value in the effective-risk formula.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StatusDef {
    pub id: ImplementationStatus,
    /// 0.0 (nothing in place) … 1.0 (fully in place).
    pub value: f64,
    pub description: String,
}

/// One step of the mitigation cost scale.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CostDef {
    pub id: Cost,
    pub description: String,
}

/// One step of the mitigation effectiveness scale.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EffectivenessDef {
    pub id: Effectiveness,
    pub description: String,
}

/// One cell of the cost × effectiveness matrix.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CostEffectivenessCell {
    /// Slug `<cost>-cost-<effectiveness>-effectiveness`.
    pub id: String,
    pub cost: Cost,
    pub effectiveness: Effectiveness,
    /// Stable recommendation key, e.g. "implement-immediately" (two cells may share one).
    pub recommendation_id: String,
    /// The guide's wording of the recommendation.
    pub label: String,
    /// Short reason (return on investment).
    #[serde(default)]
    pub note: String,
}

/// A mitigation type and when to use it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MitigationTypeDef {
    pub id: MitigationType,
    pub description: String,
    pub when_to_use: String,
}

/// The mitigation types a risk level must have planned.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DefenseRule {
    pub id: RiskLevel,
    /// Every group must be met by at least one mitigation whose type is in the group.
    pub requires: Vec<Vec<MitigationType>>,
    pub summary: String,
    /// Where the playbook states the rule: "file#heading", relative to its root.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// IDs of maestro-tm's declared readings that concern it (docs/method.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<String>,
}

/// How often a residual risk of one level is reviewed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReviewDef {
    pub id: RiskLevel,
    /// The template's wording: Monthly, Quarterly, Semi-Annually, Annually.
    pub schedule: String,
    /// Months between reviews.
    pub months: u32,
}

/// The most risk levels a mitigation of a given effectiveness can take off the
/// inherent level when computing the residual level.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ResidualCap {
    pub id: Effectiveness,
    pub max_steps: u8,
    pub note: String,
    /// Where the playbook states the rule: "file#heading", relative to its root.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// IDs of maestro-tm's declared readings that concern it (docs/method.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<String>,
}

/// An event that forces an immediate re-evaluation of a residual risk.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TriggerEvent {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// A time-boxed phase of the remediation roadmap.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RemediationPhase {
    pub id: String,
    pub name: String,
    /// Start of the window, in days from the assessment.
    pub min_days: u32,
    /// End of the window in days; absent for the open-ended last phase.
    #[serde(default)]
    pub max_days: Option<u32>,
    pub description: String,
    /// Which (risk level, status) pairs fall in this phase.
    pub assign: Vec<RemediationRule>,
}

/// Threats of `level` whose best mitigation status is one of `statuses`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RemediationRule {
    pub level: RiskLevel,
    pub statuses: Vec<ImplementationStatus>,
}

/// A residual-risk disposition and what a record with it must carry.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Disposition {
    pub id: String,
    pub name: String,
    pub description: String,
    /// A named risk owner (name and role) is mandatory.
    #[serde(default)]
    pub requires_owner: bool,
    /// A business justification is mandatory.
    #[serde(default)]
    pub requires_justification: bool,
    /// A target date for the mitigation is mandatory.
    #[serde(default)]
    pub requires_target_date: bool,
    /// Interim or compensating controls must be recorded.
    #[serde(default)]
    pub requires_compensating_controls: bool,
    /// The party that takes the risk (insurer, vendor) must be named.
    #[serde(default)]
    pub requires_third_party: bool,
}

impl Scoring {
    /// The risk level of the matrix cell for `s` × `l`.
    ///
    /// The matrix is complete in any loaded catalog (checked at load).
    pub fn risk_level(&self, s: Severity, l: Likelihood) -> RiskLevel {
        self.matrix
            .iter()
            .find(|c| c.severity == s && c.likelihood == l)
            .map(|c| c.level)
            .expect("risk matrix is complete (checked at load)")
    }

    /// The value of an implementation status in the effective-risk formula (0.0 … 1.0).
    pub fn status_value(&self, s: ImplementationStatus) -> f64 {
        self.implementation_status
            .iter()
            .find(|d| d.id == s)
            .map(|d| d.value)
            .expect("every implementation status has a value (checked at load)")
    }

    /// The numeric value of a risk level (Low = 1 … Critical = 4).
    pub fn level_value(&self, r: RiskLevel) -> f64 {
        self.risk_levels
            .iter()
            .find(|d| d.id == r)
            .map(|d| d.value)
            .expect("every risk level has a value (checked at load)")
    }

    /// The risk level whose value is closest to `value` (ties go to the higher level), for
    /// showing an effective risk such as 2.0 as "Medium".
    pub fn nearest_level(&self, value: f64) -> RiskLevel {
        RiskLevel::ALL
            .iter()
            .rev()
            .copied()
            .min_by(|a, b| {
                let da = (self.level_value(*a) - value).abs();
                let db = (self.level_value(*b) - value).abs();
                da.total_cmp(&db)
            })
            .expect("RiskLevel has values")
    }

    /// Effective Risk = level value × (1 − status value).
    pub fn effective_risk(&self, r: RiskLevel, s: ImplementationStatus) -> f64 {
        self.level_value(r) * (1.0 - self.status_value(s))
    }

    /// The cost × effectiveness cell for a mitigation.
    pub fn cost_effectiveness(&self, c: Cost, e: Effectiveness) -> &CostEffectivenessCell {
        self.cost_effectiveness
            .iter()
            .find(|cell| cell.cost == c && cell.effectiveness == e)
            .expect("cost x effectiveness matrix is complete (checked at load)")
    }

    /// Levels a mitigation of effectiveness `e` may take off the inherent level.
    pub fn residual_cap(&self, e: Effectiveness) -> u8 {
        self.residual_caps
            .iter()
            .find(|c| c.id == e)
            .map(|c| c.max_steps)
            .expect("every effectiveness has a residual cap (checked at load)")
    }

    /// Months between reviews of a residual risk at level `r`.
    pub fn review_months(&self, r: RiskLevel) -> u32 {
        self.review(r).months
    }

    /// The review schedule entry for residual level `r`.
    pub fn review(&self, r: RiskLevel) -> &ReviewDef {
        self.review_schedule
            .iter()
            .find(|d| d.id == r)
            .expect("every risk level has a review schedule (checked at load)")
    }

    /// Rank of an attack vector for tie-breaks (1 = broadest, first).
    pub fn vector_rank(&self, v: AttackVector) -> u32 {
        self.attack_vectors
            .iter()
            .find(|d| d.id == v)
            .map(|d| d.rank)
            .unwrap_or(u32::MAX)
    }

    /// Rank of an attack complexity for tie-breaks (1 = first).
    pub fn complexity_rank(&self, c: AttackComplexity) -> u32 {
        self.attack_complexity
            .iter()
            .find(|d| d.id == c)
            .map(|d| d.rank)
            .unwrap_or(u32::MAX)
    }

    /// Definition of a risk level (required action, timeframe).
    pub fn level_def(&self, r: RiskLevel) -> Option<&RiskLevelDef> {
        self.risk_levels.iter().find(|d| d.id == r)
    }

    /// The defense-in-depth groups that `planned` mitigation types leave unmet at level `r`
    /// (empty when the rule is met or the level has no rule).
    pub fn defense_gaps(&self, r: RiskLevel, planned: &[MitigationType]) -> Vec<&[MitigationType]> {
        self.defense_in_depth
            .iter()
            .filter(|rule| rule.id == r)
            .flat_map(|rule| rule.requires.iter())
            .filter(|group| !group.iter().any(|t| planned.contains(t)))
            .map(Vec::as_slice)
            .collect()
    }

    /// The roadmap phase for a threat at level `r` whose best mitigation status is `s`
    /// (`None` when nothing is left to do, i.e. the status is Implemented).
    pub fn remediation_phase(
        &self,
        r: RiskLevel,
        s: ImplementationStatus,
    ) -> Option<&RemediationPhase> {
        self.remediation_phases.iter().find(|p| {
            p.assign
                .iter()
                .any(|rule| rule.level == r && rule.statuses.contains(&s))
        })
    }

    /// A disposition by id ("accepted") or name ("Accepted"), ignoring case.
    pub fn get_disposition(&self, id: &str) -> Option<&Disposition> {
        self.dispositions
            .iter()
            .find(|d| d.id.eq_ignore_ascii_case(id) || d.name.eq_ignore_ascii_case(id))
    }

    /// Adds uniqueness and cross-reference problems of this section to `problems`.
    pub fn check(&self, _catalog: &Catalog, problems: &mut Vec<String>) {
        check_unique(
            "scoring.severity",
            self.severity.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.likelihood",
            self.likelihood.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.matrix",
            self.matrix.iter().map(|c| c.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.risk_levels",
            self.risk_levels.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.attack_vectors",
            self.attack_vectors.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.attack_complexity",
            self.attack_complexity.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.implementation_status",
            self.implementation_status.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.cost",
            self.cost.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.effectiveness",
            self.effectiveness.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.cost_effectiveness",
            self.cost_effectiveness.iter().map(|c| c.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.mitigation_types",
            self.mitigation_types.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.defense_in_depth",
            self.defense_in_depth.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.review_schedule",
            self.review_schedule.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.trigger_events",
            self.trigger_events.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.remediation_phases",
            self.remediation_phases.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "scoring.dispositions",
            self.dispositions.iter().map(|d| d.id.as_str()),
            problems,
        );

        self.check_scales(problems);
        self.check_matrices(problems);
        self.check_roadmap(problems);
    }

    /// Every value of each scale is defined.
    fn check_scales(&self, problems: &mut Vec<String>) {
        fn missing<T: Copy + PartialEq + std::fmt::Display>(
            what: &str,
            all: &[T],
            have: impl Fn(T) -> bool,
            problems: &mut Vec<String>,
        ) {
            for v in all.iter().copied().filter(|v| !have(*v)) {
                problems.push(format!("scoring.{what}: `{v}` is not defined"));
            }
        }
        missing(
            "severity",
            Severity::ALL,
            |v| self.severity.iter().any(|d| d.id == v),
            problems,
        );
        missing(
            "residual_caps",
            Effectiveness::ALL,
            |v| self.residual_caps.iter().any(|d| d.id == v),
            problems,
        );
        missing(
            "likelihood",
            Likelihood::ALL,
            |v| self.likelihood.iter().any(|d| d.id == v),
            problems,
        );
        missing(
            "risk_levels",
            RiskLevel::ALL,
            |v| self.risk_levels.iter().any(|d| d.id == v),
            problems,
        );
        missing(
            "attack_vectors",
            AttackVector::ALL,
            |v| self.attack_vectors.iter().any(|d| d.id == v),
            problems,
        );
        missing(
            "attack_complexity",
            AttackComplexity::ALL,
            |v| self.attack_complexity.iter().any(|d| d.id == v),
            problems,
        );
        missing(
            "implementation_status",
            ImplementationStatus::ALL,
            |v| self.implementation_status.iter().any(|d| d.id == v),
            problems,
        );
        missing(
            "cost",
            Cost::ALL,
            |v| self.cost.iter().any(|d| d.id == v),
            problems,
        );
        missing(
            "effectiveness",
            Effectiveness::ALL,
            |v| self.effectiveness.iter().any(|d| d.id == v),
            problems,
        );
        missing(
            "mitigation_types",
            MitigationType::ALL,
            |v| self.mitigation_types.iter().any(|d| d.id == v),
            problems,
        );
        missing(
            "review_schedule",
            RiskLevel::ALL,
            |v| self.review_schedule.iter().any(|d| d.id == v),
            problems,
        );
        for d in &self.implementation_status {
            if !(0.0..=1.0).contains(&d.value) {
                problems.push(format!(
                    "scoring.implementation_status: `{}` value {} is outside 0..1",
                    d.id, d.value
                ));
            }
        }
        // Numbers must grow with the level, or effective risk would rank wrongly.
        let mut values: Vec<(RiskLevel, f64)> =
            self.risk_levels.iter().map(|d| (d.id, d.value)).collect();
        values.sort_by_key(|(level, _)| *level);
        if values.windows(2).any(|w| w[0].1 >= w[1].1) {
            problems.push("scoring.risk_levels: values must increase from Low to Critical".into());
        }
        for d in &self.review_schedule {
            if d.months == 0 {
                problems.push(format!(
                    "scoring.review_schedule: `{}` has 0 months between reviews",
                    d.id
                ));
            }
        }
        for rule in &self.defense_in_depth {
            if rule.requires.is_empty() || rule.requires.iter().any(Vec::is_empty) {
                problems.push(format!(
                    "scoring.defense_in_depth: `{}` has an empty requirement group",
                    rule.id
                ));
            }
        }
    }

    /// The two matrices have exactly one cell per pair of values.
    fn check_matrices(&self, problems: &mut Vec<String>) {
        let mut cells = BTreeSet::new();
        for c in &self.matrix {
            if !cells.insert((c.severity, c.likelihood)) {
                problems.push(format!(
                    "scoring.matrix: two cells for {} x {}",
                    c.severity, c.likelihood
                ));
            }
        }
        for s in Severity::ALL {
            for l in Likelihood::ALL {
                if !cells.contains(&(*s, *l)) {
                    problems.push(format!("scoring.matrix: no cell for {s} x {l}"));
                }
            }
        }
        let mut cells = BTreeSet::new();
        for c in &self.cost_effectiveness {
            if !cells.insert((c.cost, c.effectiveness)) {
                problems.push(format!(
                    "scoring.cost_effectiveness: two cells for cost {} x effectiveness {}",
                    c.cost, c.effectiveness
                ));
            }
            if !is_slug(&c.recommendation_id) {
                problems.push(format!(
                    "scoring.cost_effectiveness: `{}` recommendation_id `{}` is not a lower-case slug",
                    c.id, c.recommendation_id
                ));
            }
        }
        for c in Cost::ALL {
            for e in Effectiveness::ALL {
                if !cells.contains(&(*c, *e)) {
                    problems.push(format!(
                        "scoring.cost_effectiveness: no cell for cost {c} x effectiveness {e}"
                    ));
                }
            }
        }
    }

    /// Every (level, not-implemented status) pair lands in exactly one roadmap phase.
    fn check_roadmap(&self, problems: &mut Vec<String>) {
        for r in RiskLevel::ALL {
            for s in ImplementationStatus::ALL {
                let n = self
                    .remediation_phases
                    .iter()
                    .filter(|p| {
                        p.assign
                            .iter()
                            .any(|rule| rule.level == *r && rule.statuses.contains(s))
                    })
                    .count();
                let wanted = usize::from(*s != ImplementationStatus::Implemented);
                if n != wanted {
                    problems.push(format!(
                        "scoring.remediation_phases: {r} + {s} falls in {n} phases, expected {wanted}"
                    ));
                }
            }
        }
        for p in &self.remediation_phases {
            if p.max_days.is_some_and(|max| max <= p.min_days) {
                problems.push(format!(
                    "scoring.remediation_phases: `{}` ends before it starts",
                    p.id
                ));
            }
        }
    }
}

/// Lower-case letters, digits and single dashes.
fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn row(
    table: &str,
    id: impl std::fmt::Display,
    name: impl Into<String>,
    detail: String,
) -> ListRow {
    ListRow {
        id: format!("{table}/{id}"),
        name: name.into(),
        layers: Vec::new(),
        detail,
    }
}

impl Listing for Scoring {
    fn rows(&self, _layer: Option<Layer>) -> Vec<ListRow> {
        let mut rows = Vec::new();
        for d in &self.severity {
            rows.push(row("severity", d.id, d.id.as_str(), d.description.clone()));
        }
        for d in &self.likelihood {
            rows.push(row(
                "likelihood",
                d.id,
                d.id.as_str(),
                d.description.clone(),
            ));
        }
        for c in &self.matrix {
            rows.push(row(
                "matrix",
                &c.id,
                format!("{} x {}", c.severity, c.likelihood),
                format!("risk {}", c.level),
            ));
        }
        for d in &self.risk_levels {
            rows.push(row(
                "risk-level",
                d.id,
                d.id.as_str(),
                format!("value {} · {}", d.value, d.timeframe),
            ));
        }
        for d in &self.attack_vectors {
            rows.push(row(
                "attack-vector",
                d.id,
                d.id.as_str(),
                format!("rank {} · {}", d.rank, d.effect),
            ));
        }
        for d in &self.attack_complexity {
            rows.push(row(
                "attack-complexity",
                d.id,
                d.id.as_str(),
                format!("rank {} · {}", d.rank, d.effect),
            ));
        }
        for d in &self.implementation_status {
            rows.push(row(
                "status",
                d.id,
                d.id.as_str(),
                format!("value {}", d.value),
            ));
        }
        for d in &self.cost {
            rows.push(row("cost", d.id, d.id.as_str(), d.description.clone()));
        }
        for d in &self.effectiveness {
            rows.push(row(
                "effectiveness",
                d.id,
                d.id.as_str(),
                d.description.clone(),
            ));
        }
        for c in &self.cost_effectiveness {
            rows.push(row(
                "cost-effectiveness",
                &c.id,
                format!("{} cost x {} effectiveness", c.cost, c.effectiveness),
                format!("{} ({})", c.label, c.recommendation_id),
            ));
        }
        for d in &self.mitigation_types {
            rows.push(row(
                "mitigation-type",
                d.id,
                d.id.as_str(),
                d.when_to_use.clone(),
            ));
        }
        for d in &self.defense_in_depth {
            rows.push(row(
                "defense-in-depth",
                d.id,
                d.id.as_str(),
                d.summary.clone(),
            ));
        }
        for d in &self.review_schedule {
            rows.push(row(
                "review",
                d.id,
                d.id.as_str(),
                format!("{} (every {} months)", d.schedule, d.months),
            ));
        }
        for d in &self.trigger_events {
            rows.push(row("trigger", &d.id, &*d.name, d.description.clone()));
        }
        for p in &self.remediation_phases {
            let window = match p.max_days {
                Some(max) => format!("{}-{} days", p.min_days, max),
                None => format!("{}+ days", p.min_days),
            };
            rows.push(row("roadmap", &p.id, &*p.name, window));
        }
        for d in &self.dispositions {
            rows.push(row("disposition", &d.id, &*d.name, d.description.clone()));
        }
        rows
    }

    fn to_json(&self, _layer: Option<Layer>) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::ImplementationStatus as S;
    use crate::vocab::Likelihood as L;
    use crate::vocab::RiskLevel as R;
    use crate::vocab::Severity as Sev;

    /// The guide's risk matrix, typed in from guides/risk-scoring.md independently of the TOML.
    const GUIDE_MATRIX: [(Sev, [R; 4]); 4] = [
        (
            Sev::Critical,
            [R::High, R::Critical, R::Critical, R::Critical],
        ),
        (Sev::High, [R::Medium, R::High, R::Critical, R::Critical]),
        (Sev::Medium, [R::Low, R::Medium, R::High, R::High]),
        (Sev::Low, [R::Low, R::Low, R::Medium, R::Medium]),
    ];
    const GUIDE_COLUMNS: [L; 4] = [L::Unlikely, L::Possible, L::Likely, L::VeryLikely];

    fn scoring() -> Scoring {
        Catalog::embedded().scoring
    }

    #[test]
    fn every_risk_matrix_cell_matches_the_guide() {
        let s = scoring();
        assert_eq!(s.matrix.len(), 16);
        for (severity, row) in GUIDE_MATRIX {
            for (likelihood, expected) in GUIDE_COLUMNS.iter().zip(row) {
                assert_eq!(
                    s.risk_level(severity, *likelihood),
                    expected,
                    "{severity} x {likelihood}"
                );
            }
        }
    }

    #[test]
    fn every_cost_effectiveness_cell_matches_the_guide() {
        use crate::vocab::Cost as C;
        use crate::vocab::Effectiveness as E;
        let expected = [
            (C::Low, E::High, "implement-immediately"),
            (C::Medium, E::High, "implement-soon"),
            (C::High, E::High, "plan-carefully"),
            (C::Low, E::Medium, "implement-soon"),
            (C::Medium, E::Medium, "evaluate"),
            (C::High, E::Medium, "defer-unless-critical"),
            (C::Low, E::Low, "implement-opportunistically"),
            (C::Medium, E::Low, "defer"),
            (C::High, E::Low, "do-not-implement"),
        ];
        let s = scoring();
        assert_eq!(s.cost_effectiveness.len(), 9);
        for (c, e, rec) in expected {
            assert_eq!(
                s.cost_effectiveness(c, e).recommendation_id,
                rec,
                "{c} x {e}"
            );
        }
        assert_eq!(
            s.cost_effectiveness(C::High, E::Medium).label,
            "Defer unless risk is Critical"
        );
    }

    #[test]
    fn values_and_formula_follow_the_guide() {
        let s = scoring();
        assert_eq!(s.status_value(S::NotImplemented), 0.0);
        assert_eq!(s.status_value(S::PartiallyImplemented), 0.5);
        assert_eq!(s.status_value(S::Implemented), 1.0);
        let numbers: Vec<f64> = R::ALL.iter().map(|r| s.level_value(*r)).collect();
        assert_eq!(numbers, [1.0, 2.0, 3.0, 4.0]);
        // The guide's worked example: Critical with a partial mitigation = 2.0 (Medium).
        assert_eq!(s.effective_risk(R::Critical, S::PartiallyImplemented), 2.0);
        assert_eq!(s.nearest_level(2.0), R::Medium);
        assert_eq!(s.effective_risk(R::Critical, S::NotImplemented), 4.0);
        assert_eq!(s.nearest_level(1.5), R::Medium);
    }

    #[test]
    fn modifiers_rank_broad_and_easy_first() {
        let s = scoring();
        let mut vectors = AttackVector::ALL.to_vec();
        vectors.sort_by_key(|v| s.vector_rank(*v));
        assert_eq!(
            vectors,
            [
                AttackVector::Network,
                AttackVector::Adjacent,
                AttackVector::Local,
                AttackVector::Physical
            ]
        );
        assert!(
            s.complexity_rank(AttackComplexity::Low) < s.complexity_rank(AttackComplexity::High)
        );
    }

    #[test]
    fn review_schedule_and_roadmap() {
        let s = scoring();
        let months: Vec<u32> = [R::Critical, R::High, R::Medium, R::Low]
            .iter()
            .map(|r| s.review_months(*r))
            .collect();
        assert_eq!(months, [1, 3, 6, 12]);
        assert_eq!(s.review(R::Medium).schedule, "Semi-Annually");
        let phase = |r, st| s.remediation_phase(r, st).map(|p| p.id.as_str());
        assert_eq!(phase(R::Critical, S::NotImplemented), Some("immediate"));
        assert_eq!(
            phase(R::Critical, S::PartiallyImplemented),
            Some("short-term")
        );
        assert_eq!(phase(R::High, S::NotImplemented), Some("short-term"));
        assert_eq!(
            phase(R::Medium, S::PartiallyImplemented),
            Some("medium-term")
        );
        assert_eq!(phase(R::Low, S::NotImplemented), Some("long-term"));
        assert_eq!(phase(R::Critical, S::Implemented), None);
        let long = s.remediation_phases.iter().find(|p| p.id == "long-term");
        assert_eq!(long.map(|p| (p.min_days, p.max_days)), Some((180, None)));
    }

    #[test]
    fn defense_in_depth_rules() {
        use MitigationType as M;
        let s = scoring();
        assert_eq!(s.defense_gaps(R::Critical, &[M::Preventive]).len(), 1);
        assert!(
            s.defense_gaps(R::Critical, &[M::Preventive, M::Detective])
                .is_empty()
        );
        assert_eq!(
            s.defense_gaps(R::High, &[M::Detective]),
            vec![&[M::Corrective][..]]
        );
        assert!(
            s.defense_gaps(R::High, &[M::Detective, M::Corrective])
                .is_empty()
        );
        assert!(s.defense_gaps(R::Low, &[]).is_empty());
    }

    #[test]
    fn dispositions_say_what_they_need() {
        let s = scoring();
        assert_eq!(s.dispositions.len(), 4);
        let accepted = s.get_disposition("Accepted").unwrap();
        assert!(accepted.requires_owner && !accepted.requires_target_date);
        let deferred = s.get_disposition("deferred").unwrap();
        assert!(deferred.requires_owner && deferred.requires_target_date);
        assert!(!s.get_disposition("mitigated").unwrap().requires_owner);
    }

    #[test]
    fn check_reports_broken_tables() {
        let base = Catalog::embedded();

        let mut c = base.clone();
        c.scoring.matrix.pop();
        let problems = c.integrity_problems();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("no cell for Low x Very Likely")),
            "{problems:?}"
        );

        let mut c = base.clone();
        c.scoring.matrix[1].likelihood = L::Unlikely;
        let problems = c.integrity_problems();
        assert!(
            problems.iter().any(|p| p.contains("two cells")),
            "{problems:?}"
        );

        let mut c = base.clone();
        let dup = c.scoring.cost_effectiveness[0].clone();
        c.scoring.cost_effectiveness.push(dup);
        let problems = c.integrity_problems();
        assert!(
            problems.iter().any(|p| p.contains("duplicate id")),
            "{problems:?}"
        );

        let mut c = base.clone();
        c.scoring
            .implementation_status
            .retain(|d| d.id != S::PartiallyImplemented);
        assert!(!c.integrity_problems().is_empty());

        let mut c = base.clone();
        c.scoring.review_schedule.retain(|d| d.id != R::Low);
        assert!(!c.integrity_problems().is_empty());

        let mut c = base.clone();
        c.scoring.remediation_phases[3].assign.clear();
        let problems = c.integrity_problems();
        assert!(
            problems.iter().any(|p| p.contains("Low + Not Implemented")),
            "{problems:?}"
        );

        assert!(base.integrity_problems().is_empty());
    }

    #[test]
    fn rows_cover_every_table() {
        let rows = scoring().rows(None);
        assert!(
            rows.iter()
                .any(|r| r.id == "matrix/high-likely" && r.detail == "risk Critical")
        );
        assert!(rows.iter().any(|r| r.id == "review/Critical"));
    }
}
