//! Catalog section `engagement.toml`: the pre-engagement decision tree that picks the
//! analysis [`Depth`], what each depth covers, the Minimum Viable Threat Model (MVTM)
//! checklist, and the single-agent and MCP adjustments (playbook 12-quick-reference.md,
//! playbook-agent-workflow.md, guides/quickstart.md, guides/single-agent.md).
//!
//! The tree is stored as ordered [`DepthRule`]s with first-match semantics; see
//! [`Engagement::decide`]. MVTM items name session rules from
//! [`RULES`](super::phases::RULES).

use super::phases::parse_rule;
use super::{Catalog, ListRow, Listing, check_unique};
use crate::vocab::{Depth, Layer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The engagement section.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Engagement {
    /// Topics of the full playbook that do not apply to a single-agent system.
    #[serde(default)]
    pub single_agent_skip_topics: Vec<String>,
    /// The decision-tree questions, in the order the tree asks them.
    pub questions: Vec<Question>,
    /// The tree as ordered rules; the first rule whose conditions all hold wins.
    pub rules: Vec<DepthRule>,
    pub depths: Vec<DepthInfo>,
    /// Minimum Viable Threat Model checklist.
    pub mvtm: Vec<MvtmItem>,
    /// Threats to deprioritise for a single-agent system.
    #[serde(default)]
    pub single_agent_skip: Vec<ThreatNote>,
    /// Threats the single-agent guide explicitly keeps.
    #[serde(default)]
    pub single_agent_keep: Vec<ThreatNote>,
    /// Layers that need more attention for a single agent.
    #[serde(default)]
    pub single_agent_focus: Vec<LayerFocus>,
    /// Threats to add in Phase 6 when the system uses MCP.
    #[serde(default)]
    pub mcp_threats: Vec<McpThreat>,
}

/// One decision-tree question.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Question {
    pub id: String,
    /// Position in the tree, 1..=5.
    pub number: u8,
    pub text: String,
    /// How to decide the answer.
    #[serde(default)]
    pub help: String,
    pub answers: Vec<Answer>,
}

/// One possible answer to a [`Question`].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Answer {
    pub id: String,
    pub label: String,
}

/// "Question `question` was answered `answer`."
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Condition {
    pub question: String,
    pub answer: String,
}

/// One branch of the decision tree.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DepthRule {
    /// `R<n>`.
    pub id: String,
    /// All must hold for the rule to match.
    pub when: Vec<Condition>,
    pub depth: Depth,
    #[serde(default)]
    pub note: Option<String>,
}

/// What one analysis depth covers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DepthInfo {
    pub id: Depth,
    /// The playbook's name, e.g. "Standard Analysis".
    pub name: String,
    pub description: String,
    /// Phases the depth runs.
    pub phases: Vec<u8>,
    /// How deeply the phases are worked.
    #[serde(default)]
    pub intensity: String,
    /// Layers always covered.
    pub layers: Vec<Layer>,
    /// Wider layer sets that apply when their conditions hold.
    #[serde(default)]
    pub layers_if: Vec<ConditionalLayers>,
    /// Effort estimate, e.g. "1-2 days".
    #[serde(default)]
    pub effort: Option<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    /// Any of these answers calls for going beyond this depth (MVTM → full process).
    #[serde(default)]
    pub escalate_when: Vec<Condition>,
}

/// Layers a depth covers when all `when` conditions hold.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ConditionalLayers {
    pub when: Vec<Condition>,
    pub layers: Vec<Layer>,
}

/// One MVTM checklist item.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MvtmItem {
    /// `MVTM-<n>`.
    pub id: String,
    pub text: String,
    /// Session rule that decides the item (`key`, `key>=N`, `key:L1,L2`), if any.
    #[serde(default)]
    pub rule: Option<String>,
    /// Where the playbook states the item: "file#heading", relative to its root.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// IDs of maestro-tm's declared readings that concern it (docs/method.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<String>,
}

/// A threat ID with the reason it is listed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ThreatNote {
    /// Threat ID: `T<n>`, `EXT-T<n>` or `BV-<n>`.
    pub id: String,
    pub reason: String,
    /// When the reason stops holding.
    #[serde(default)]
    pub caveat: Option<String>,
}

/// A layer that deserves more attention in a single-agent system.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LayerFocus {
    pub id: Layer,
    pub reason: String,
    /// What to look at closely.
    #[serde(default)]
    pub focus: Vec<String>,
}

/// A threat to add when the system uses MCP.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct McpThreat {
    /// Threat ID, `EXT-T<n>`.
    pub id: String,
    /// True for the core MCP threats, false for the related ones.
    pub core: bool,
}

/// Whether `condition` holds for `answers`: `None` when the question is unanswered.
fn holds(condition: &Condition, answers: &BTreeMap<String, String>) -> Option<bool> {
    answers
        .get(&condition.question)
        .map(|a| *a == condition.answer)
}

impl Engagement {
    /// Applies the decision tree to `answers` (question id → answer id).
    ///
    /// Rules are tried in order; the first whose conditions all hold gives the depth.
    /// A condition on an unanswered question makes the result `None` (undecided), as
    /// the tree would ask that question next; answers to later questions do not matter
    /// once an earlier rule matched. `None` also when no rule matches (unknown answers).
    pub fn decide(&self, answers: &BTreeMap<String, String>) -> Option<Depth> {
        for rule in &self.rules {
            let mut all = true;
            for condition in &rule.when {
                match holds(condition, answers) {
                    None => return None,
                    Some(false) => {
                        all = false;
                        break;
                    }
                    Some(true) => {}
                }
            }
            if all {
                return Some(rule.depth);
            }
        }
        None
    }

    /// The rule that decided `answers`, for explaining the choice.
    pub fn deciding_rule(&self, answers: &BTreeMap<String, String>) -> Option<&DepthRule> {
        let depth = self.decide(answers)?;
        self.rules
            .iter()
            .find(|r| r.depth == depth && r.when.iter().all(|c| holds(c, answers) == Some(true)))
    }

    /// The entry for `depth`.
    pub fn depth(&self, depth: Depth) -> Option<&DepthInfo> {
        self.depths.iter().find(|d| d.id == depth)
    }

    /// The question with `id`.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Layers `depth` covers given `answers`: the base layers, widened by every
    /// `layers_if` whose conditions hold; in [`Layer::ALL`] order.
    pub fn layers_for(&self, depth: Depth, answers: &BTreeMap<String, String>) -> Vec<Layer> {
        let Some(info) = self.depth(depth) else {
            return Vec::new();
        };
        let mut wanted: Vec<Layer> = info.layers.clone();
        for extra in &info.layers_if {
            if extra.when.iter().all(|c| holds(c, answers) == Some(true)) {
                wanted.extend(extra.layers.iter().copied());
            }
        }
        Layer::ALL
            .iter()
            .copied()
            .filter(|l| wanted.contains(l))
            .collect()
    }

    /// Whether the single-agent guide deprioritises threat `id`.
    pub fn single_agent_skips(&self, id: &str) -> bool {
        self.single_agent_skip.iter().any(|t| t.id == id)
    }

    fn check_condition(&self, place: &str, c: &Condition, problems: &mut Vec<String>) {
        match self.question(&c.question) {
            None => problems.push(format!(
                "engagement: {place} refers to unknown question `{}`",
                c.question
            )),
            Some(q) if !q.answers.iter().any(|a| a.id == c.answer) => problems.push(format!(
                "engagement: {place} refers to unknown answer `{}` of question `{}`",
                c.answer, c.question
            )),
            Some(_) => {}
        }
    }

    /// Adds uniqueness and cross-reference problems of this section to `problems`.
    pub fn check(&self, catalog: &Catalog, problems: &mut Vec<String>) {
        check_unique(
            "engagement questions",
            self.questions.iter().map(|q| q.id.as_str()),
            problems,
        );
        for q in &self.questions {
            check_unique(
                &format!("engagement question `{}` answers", q.id),
                q.answers.iter().map(|a| a.id.as_str()),
                problems,
            );
        }
        check_unique(
            "engagement rules",
            self.rules.iter().map(|r| r.id.as_str()),
            problems,
        );
        check_unique(
            "engagement depths",
            self.depths.iter().map(|d| d.id.as_str()),
            problems,
        );
        check_unique(
            "engagement mvtm",
            self.mvtm.iter().map(|m| m.id.as_str()),
            problems,
        );
        check_unique(
            "engagement single_agent_skip",
            self.single_agent_skip.iter().map(|t| t.id.as_str()),
            problems,
        );
        check_unique(
            "engagement single_agent_keep",
            self.single_agent_keep.iter().map(|t| t.id.as_str()),
            problems,
        );
        check_unique(
            "engagement single_agent_focus",
            self.single_agent_focus.iter().map(|f| f.id.as_str()),
            problems,
        );
        check_unique(
            "engagement mcp_threats",
            self.mcp_threats.iter().map(|t| t.id.as_str()),
            problems,
        );
        for rule in &self.rules {
            for c in &rule.when {
                self.check_condition(&format!("rule `{}`", rule.id), c, problems);
            }
            if self.depth(rule.depth).is_none() {
                problems.push(format!(
                    "engagement: rule `{}` gives depth `{}`, which has no entry",
                    rule.id, rule.depth
                ));
            }
        }
        for d in &self.depths {
            for p in &d.phases {
                if !(1..=10).contains(p) || catalog.phases.get(*p).is_none() {
                    problems.push(format!(
                        "engagement: depth `{}` lists phase {p}, which does not exist",
                        d.id
                    ));
                }
            }
            for c in d
                .layers_if
                .iter()
                .flat_map(|l| &l.when)
                .chain(&d.escalate_when)
            {
                self.check_condition(&format!("depth `{}`", d.id), c, problems);
            }
        }
        for m in &self.mvtm {
            if let Some(rule) = &m.rule
                && let Err(err) = parse_rule(rule)
            {
                problems.push(format!("engagement: mvtm `{}`: {err}", m.id));
            }
        }
        for t in self
            .single_agent_skip
            .iter()
            .filter(|t| self.single_agent_keep.iter().any(|k| k.id == t.id))
        {
            problems.push(format!(
                "engagement: threat `{}` is both skipped and kept for single agents",
                t.id
            ));
        }
    }
}

impl Listing for Engagement {
    fn rows(&self, layer: Option<Layer>) -> Vec<ListRow> {
        let mut rows = Vec::new();
        for q in &self.questions {
            rows.push(ListRow {
                id: q.id.clone(),
                name: q.text.clone(),
                layers: Vec::new(),
                detail: format!("question {}", q.number),
            });
        }
        for r in &self.rules {
            let when: Vec<String> = r
                .when
                .iter()
                .map(|c| format!("{}={}", c.question, c.answer))
                .collect();
            rows.push(ListRow {
                id: r.id.clone(),
                name: format!("→ {}", r.depth),
                layers: Vec::new(),
                detail: when.join(" & "),
            });
        }
        for d in &self.depths {
            let mut layers = d.layers.clone();
            for extra in &d.layers_if {
                layers.extend(
                    extra
                        .layers
                        .iter()
                        .copied()
                        .filter(|l| !d.layers.contains(l)),
                );
            }
            layers.sort();
            layers.dedup();
            if layer.is_some_and(|l| !layers.contains(&l)) {
                continue;
            }
            let phases: Vec<String> = d.phases.iter().map(u8::to_string).collect();
            rows.push(ListRow {
                id: d.id.as_str().to_string(),
                name: d.name.clone(),
                layers,
                detail: format!(
                    "phases {}; {}",
                    phases.join(","),
                    d.effort.as_deref().unwrap_or("")
                ),
            });
        }
        for m in &self.mvtm {
            rows.push(ListRow {
                id: m.id.clone(),
                name: m.text.clone(),
                layers: Vec::new(),
                detail: m.rule.clone().unwrap_or_default(),
            });
        }
        for t in &self.single_agent_skip {
            rows.push(ListRow {
                id: t.id.clone(),
                name: "single agent: deprioritise".into(),
                layers: Vec::new(),
                detail: t.reason.clone(),
            });
        }
        rows
    }

    fn to_json(&self, layer: Option<Layer>) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        if let Some(layer) = layer
            && let Some(depths) = value.get_mut("depths").and_then(|d| d.as_array_mut())
        {
            let keep: Vec<bool> = self
                .depths
                .iter()
                .map(|d| {
                    d.layers.contains(&layer)
                        || d.layers_if.iter().any(|x| x.layers.contains(&layer))
                })
                .collect();
            let mut i = 0;
            depths.retain(|_| {
                let k = keep[i];
                i += 1;
                k
            });
        }
        value
    }
}

#[cfg(test)]
#[path = "engagement_tests.rs"]
mod tests;
