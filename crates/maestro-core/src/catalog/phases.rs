//! Catalog section `phases.toml`: the ten phases of the MAESTRO process (playbook
//! 06-modeling-process.md, with the phase checklist of 12-quick-reference.md).
//!
//! Completion criteria and the engagement section's MVTM checklist name session
//! **rules** (`auto` / `rule`) when the session data can decide the item. The rule keys
//! are listed once in [`RULES`]; the session side implements them. A rule is written
//! `key`, `key>=N` (a count, for keys whose [`RuleArg`] is `Count`) or `key:L1,L2`
//! (a layer list, for keys whose argument is `Layers`).

use super::{Catalog, ListRow, Listing, check_unique};
use crate::vocab::{AgenticFactor, Layer};
use serde::{Deserialize, Serialize};

/// The phases section.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Phases {
    /// The ten phases, in order.
    pub phases: Vec<PhaseInfo>,
    /// When to re-enter the process for an existing model.
    #[serde(default)]
    pub reentry: Vec<Reentry>,
}

/// One phase of the process.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PhaseInfo {
    /// Phase number, 1..=10.
    pub id: u8,
    /// Full name, e.g. "Business Context Analysis".
    pub name: String,
    /// Short name from the quick-reference phase checklist, e.g. "Business Context".
    pub short_name: String,
    /// File-name stem for exports, e.g. "business-context".
    #[serde(default)]
    pub slug: String,
    pub objective: String,
    /// Key activity (quick-reference phase checklist).
    #[serde(default)]
    pub key_activity: String,
    /// Key output (quick-reference phase checklist).
    #[serde(default)]
    pub key_output: String,
    /// What the analyst has to provide for the phase.
    #[serde(default)]
    pub inputs: Vec<String>,
    /// Names of the 07-templates.md templates the phase fills.
    #[serde(default)]
    pub templates: Vec<String>,
    /// Phases that must be complete before this one starts.
    #[serde(default)]
    pub depends_on: Vec<u8>,
    /// Phases that must be complete before this one can be closed (it may start earlier).
    #[serde(default)]
    pub complete_after: Vec<u8>,
    /// Phases sharing a group may be done in any order or in parallel ("3-5").
    #[serde(default)]
    pub parallel_group: Option<String>,
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Expected outputs.
    #[serde(default)]
    pub outputs: Vec<String>,
    /// Completion criteria the TUI ticks.
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    /// How each agentic risk factor bears on the phase.
    #[serde(default)]
    pub agentic: Vec<AgenticNote>,
    /// Applicability gate (Phase 8: source code access).
    #[serde(default)]
    pub gate: Option<Gate>,
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One step of a phase.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Step {
    pub title: String,
    pub detail: String,
}

/// One completion criterion of a phase.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Criterion {
    /// Stable ID, `P<phase>-C<n>`.
    pub id: String,
    pub text: String,
    /// Session rule that decides the item (see [`RULES`]); `None` means the analyst ticks it.
    #[serde(default)]
    pub auto: Option<String>,
    /// Where the playbook states the criterion: "file#heading", relative to its root.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// IDs of maestro-tm's declared readings that concern it (docs/method.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<String>,
}

/// What one agentic risk factor means for a phase.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AgenticNote {
    pub factor: AgenticFactor,
    pub text: String,
}

/// A question that decides whether and how far a phase runs (Phase 8's source access gate).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Gate {
    pub question: String,
    /// What to record in the model when the phase is skipped.
    #[serde(default)]
    pub skip_record: String,
    pub options: Vec<GateOption>,
}

/// One answer to a [`Gate`].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GateOption {
    /// "full", "partial" or "none".
    pub id: String,
    pub label: String,
    /// What the answer means in practice.
    pub meaning: String,
    /// Whether the phase is carried out at all.
    pub runs_phase: bool,
    /// How far the phase goes with this answer.
    pub scope: String,
    /// When true, later phases count every mitigation as planned, not implemented,
    /// unless there is outside evidence (vendor attestation, third-party audit).
    #[serde(default)]
    pub treat_mitigations_as_planned: bool,
    /// What Phase 9 must note with this answer.
    #[serde(default)]
    pub phase9_note: Option<String>,
}

/// When to re-enter the process for an existing model.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Reentry {
    /// `RE-<n>`.
    pub id: String,
    /// The change that happened.
    pub change: String,
    /// Phase to restart from.
    pub phase: u8,
    #[serde(default)]
    pub note: String,
}

/// The kind of argument a session rule takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleArg {
    /// Plain key.
    None,
    /// `key>=N`.
    Count,
    /// `key:L1,L2,…`.
    Layers,
}

/// A session rule key: what a session must contain for a criterion to be met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleKey {
    pub key: &'static str,
    pub arg: RuleArg,
    /// What satisfies the rule.
    pub meaning: &'static str,
}

const fn rule(key: &'static str, arg: RuleArg, meaning: &'static str) -> RuleKey {
    RuleKey { key, arg, meaning }
}

/// Every rule key that criteria and MVTM items may name; the session side implements them.
pub const RULES: &[RuleKey] = &[
    // Phase 1
    rule(
        "system-purpose-set",
        RuleArg::None,
        "the business context describes the system's purpose",
    ),
    rule(
        "criticality-set",
        RuleArg::None,
        "a criticality level is chosen",
    ),
    rule(
        "regulations-recorded",
        RuleArg::None,
        "regulations are listed, or explicitly none",
    ),
    rule(
        "data-classified",
        RuleArg::None,
        "at least one data category with a classification",
    ),
    rule(
        "stakeholders-recorded",
        RuleArg::None,
        "at least one stakeholder",
    ),
    rule(
        "risk-appetite-set",
        RuleArg::None,
        "a risk appetite statement is written",
    ),
    rule(
        "assumptions-recorded",
        RuleArg::None,
        "at least one assumption",
    ),
    rule(
        "business-context-documented",
        RuleArg::None,
        "purpose, users and criticality (why it matters) are all set",
    ),
    // Phase 2
    rule("components", RuleArg::Count, "at least N components"),
    rule(
        "every-component-has-layer",
        RuleArg::None,
        "each component has one or more layers",
    ),
    rule(
        "every-layer-mapped",
        RuleArg::None,
        "each layer in scope has a component or a not-applicable reason",
    ),
    rule("data-flows", RuleArg::Count, "at least N data flows"),
    rule(
        "critical-paths-marked",
        RuleArg::None,
        "at least one flow is marked critical",
    ),
    // Phase 3
    rule(
        "every-actor-category-flagged",
        RuleArg::None,
        "each threat actor category has a relevance flag",
    ),
    rule(
        "relevant-actors",
        RuleArg::Count,
        "at least N actors flagged relevant",
    ),
    rule(
        "relevant-actors-profiled",
        RuleArg::None,
        "each relevant actor has capability and motivation",
    ),
    rule(
        "relevant-actors-mapped",
        RuleArg::None,
        "each relevant actor names target layers",
    ),
    rule(
        "relevant-actors-prioritized",
        RuleArg::None,
        "each relevant actor has a priority",
    ),
    // Phase 4
    rule("trust-zones", RuleArg::Count, "at least N trust zones"),
    rule(
        "trust-boundaries",
        RuleArg::Count,
        "at least N boundary crossings",
    ),
    rule(
        "every-boundary-has-controls",
        RuleArg::None,
        "each crossing has its controls assessed",
    ),
    rule(
        "every-boundary-rated",
        RuleArg::None,
        "each crossing has a strength rating",
    ),
    // Phase 5
    rule("assets", RuleArg::Count, "at least N critical assets"),
    rule(
        "every-asset-has-lifecycle",
        RuleArg::None,
        "each asset has its lifecycle stages",
    ),
    rule(
        "every-asset-has-zones",
        RuleArg::None,
        "each asset lists the zones it traverses",
    ),
    rule(
        "critical-assets-and-flows",
        RuleArg::None,
        "at least one critical asset and one data flow",
    ),
    // Phase 6
    rule(
        "threats",
        RuleArg::Count,
        "at least N threats in the register",
    ),
    rule(
        "depth-layers-assessed",
        RuleArg::None,
        "every layer the chosen depth covers is marked assessed",
    ),
    rule(
        "layers-assessed",
        RuleArg::Layers,
        "each listed layer is marked assessed",
    ),
    rule(
        "cross-layer-patterns-reviewed",
        RuleArg::None,
        "every cross-layer pattern is marked applicable or not",
    ),
    rule(
        "every-threat-has-layer",
        RuleArg::None,
        "each threat names one or more layers",
    ),
    rule(
        "every-threat-scored",
        RuleArg::None,
        "each threat has severity, likelihood, attack vector and complexity",
    ),
    // Phase 7
    rule("mitigations", RuleArg::Count, "at least N mitigations"),
    rule(
        "every-threat-has-mitigation",
        RuleArg::None,
        "each threat has a mitigation",
    ),
    rule(
        "critical-high-threats-have-preventive-and-detective",
        RuleArg::None,
        "each Critical or High threat has a preventive and a detective mitigation",
    ),
    rule(
        "every-mitigation-has-status",
        RuleArg::None,
        "each mitigation has a status",
    ),
    rule(
        "every-mitigation-rated",
        RuleArg::None,
        "each mitigation has effectiveness and cost",
    ),
    rule(
        "mitigation-gaps-reviewed",
        RuleArg::None,
        "no Critical threat lacks a preventive and no High threat a detective control, or the gap is acknowledged",
    ),
    // Phase 8
    rule(
        "code-access-recorded",
        RuleArg::None,
        "the Phase 8 gate is answered",
    ),
    rule(
        "every-mitigation-validated",
        RuleArg::None,
        "each mitigation has a validation finding, or Phase 8 is not applicable",
    ),
    // Phase 9
    rule(
        "every-threat-has-residual",
        RuleArg::None,
        "each threat has a residual risk entry",
    ),
    rule(
        "every-residual-has-disposition",
        RuleArg::None,
        "each residual risk has a disposition",
    ),
    rule(
        "accepted-risks-have-owner",
        RuleArg::None,
        "each accepted or deferred risk has an owner",
    ),
    rule(
        "every-residual-has-review",
        RuleArg::None,
        "each residual risk has a review date",
    ),
    // Phase 10
    rule(
        "report-exported",
        RuleArg::None,
        "a report has been exported",
    ),
    rule(
        "roadmap-built",
        RuleArg::None,
        "each open mitigation sits in a roadmap time bucket",
    ),
    rule(
        "executive-summary-written",
        RuleArg::None,
        "the executive summary is filled",
    ),
    rule(
        "update-triggers-recorded",
        RuleArg::None,
        "at least one update trigger",
    ),
    rule(
        "version-recorded",
        RuleArg::None,
        "the model has version, date and analysts",
    ),
];

/// Looks up a rule key in [`RULES`].
pub fn rule_key(key: &str) -> Option<&'static RuleKey> {
    RULES.iter().find(|r| r.key == key)
}

/// A parsed rule reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleRef {
    Plain(&'static RuleKey),
    Count(&'static RuleKey, u32),
    Layers(&'static RuleKey, Vec<Layer>),
}

/// Parses `key`, `key>=N` or `key:L1,L2` against [`RULES`]; `Err` says what is wrong.
pub fn parse_rule(text: &str) -> Result<RuleRef, String> {
    let text = text.trim();
    let (key, count, layers) = if let Some((key, n)) = text.split_once(">=") {
        let n: u32 = n
            .trim()
            .parse()
            .map_err(|_| format!("rule `{text}`: `{n}` is not a count"))?;
        (key.trim(), Some(n), None)
    } else if let Some((key, list)) = text.split_once(':') {
        let layers = list
            .split(',')
            .map(|l| Layer::parse(l).ok_or_else(|| format!("rule `{text}`: unknown layer `{l}`")))
            .collect::<Result<Vec<_>, _>>()?;
        (key.trim(), None, Some(layers))
    } else {
        (text, None, None)
    };
    let rule = rule_key(key).ok_or_else(|| format!("unknown rule `{key}`"))?;
    match (rule.arg, count, layers) {
        (RuleArg::None, None, None) => Ok(RuleRef::Plain(rule)),
        (RuleArg::Count, Some(n), None) => Ok(RuleRef::Count(rule, n)),
        (RuleArg::Layers, None, Some(layers)) => Ok(RuleRef::Layers(rule, layers)),
        (RuleArg::None, ..) => Err(format!("rule `{text}`: `{key}` takes no argument")),
        (RuleArg::Count, ..) => Err(format!("rule `{text}`: `{key}` needs `>=N`")),
        (RuleArg::Layers, ..) => Err(format!("rule `{text}`: `{key}` needs `:L1,L2,…`")),
    }
}

impl Phases {
    /// The phase numbered `id`.
    pub fn get(&self, id: u8) -> Option<&PhaseInfo> {
        self.phases.iter().find(|p| p.id == id)
    }

    /// Phases that may start now, in order. `done` holds the phases that are complete
    /// or out of scope (skipped by the Phase 8 gate, or not part of the chosen depth,
    /// e.g. Phases 3-5 in a Lightweight engagement); phases in `done` are not returned.
    pub fn ready(&self, done: &[u8]) -> Vec<u8> {
        self.phases
            .iter()
            .filter(|p| !done.contains(&p.id) && p.depends_on.iter().all(|d| done.contains(d)))
            .map(|p| p.id)
            .collect()
    }

    /// Adds uniqueness and cross-reference problems of this section to `problems`.
    pub fn check(&self, _catalog: &Catalog, problems: &mut Vec<String>) {
        let ids: Vec<String> = self.phases.iter().map(|p| p.id.to_string()).collect();
        check_unique("phases", ids.iter().map(String::as_str), problems);
        let mut sorted: Vec<u8> = self.phases.iter().map(|p| p.id).collect();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted != (1..=10).collect::<Vec<u8>>() {
            problems.push(format!(
                "phases: ids must be exactly 1..=10, found {sorted:?}"
            ));
        }
        let criteria = self
            .phases
            .iter()
            .flat_map(|p| p.criteria.iter().map(|c| c.id.as_str()));
        check_unique("phases criteria", criteria, problems);
        check_unique(
            "phases reentry",
            self.reentry.iter().map(|r| r.id.as_str()),
            problems,
        );
        for p in &self.phases {
            for dep in p.depends_on.iter().chain(&p.complete_after) {
                if *dep >= p.id || self.get(*dep).is_none() {
                    problems.push(format!(
                        "phases: phase {} depends on phase {dep}, which is not an existing earlier phase",
                        p.id
                    ));
                }
            }
            for c in &p.criteria {
                if let Some(auto) = &c.auto
                    && let Err(err) = parse_rule(auto)
                {
                    problems.push(format!("phases: criterion `{}`: {err}", c.id));
                }
            }
            if let Some(gate) = &p.gate {
                check_unique(
                    &format!("phases: phase {} gate options", p.id),
                    gate.options.iter().map(|o| o.id.as_str()),
                    problems,
                );
            }
            let mut factors: Vec<AgenticFactor> = p.agentic.iter().map(|a| a.factor).collect();
            factors.sort();
            factors.dedup();
            if factors.len() != p.agentic.len() {
                problems.push(format!(
                    "phases: phase {} lists an agentic factor twice",
                    p.id
                ));
            }
        }
        for r in &self.reentry {
            if self.get(r.phase).is_none() {
                problems.push(format!(
                    "phases: reentry `{}` points at unknown phase {}",
                    r.id, r.phase
                ));
            }
        }
    }
}

impl Listing for Phases {
    fn rows(&self, _layer: Option<Layer>) -> Vec<ListRow> {
        self.phases
            .iter()
            .map(|p| {
                let mut detail = if p.depends_on.is_empty() {
                    "start".to_string()
                } else {
                    let deps: Vec<String> = p.depends_on.iter().map(u8::to_string).collect();
                    format!("after {}", deps.join(","))
                };
                if let Some(group) = &p.parallel_group {
                    detail.push_str(&format!("; parallel {group}"));
                }
                if p.gate.is_some() {
                    detail.push_str("; gated");
                }
                ListRow {
                    id: p.id.to_string(),
                    name: p.name.clone(),
                    layers: Vec::new(),
                    detail,
                }
            })
            .collect()
    }

    fn to_json(&self, _layer: Option<Layer>) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

#[cfg(test)]
#[path = "phases_tests.rs"]
mod tests;
