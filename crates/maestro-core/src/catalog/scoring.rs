//! Long because it holds every table of the risk-scoring guide with its load-time checks (one catalog section, one file); its tests are in `scoring_tests.rs`.
//!
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
#[path = "scoring_tests.rs"]
mod tests;
