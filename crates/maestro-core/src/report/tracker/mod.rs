//! Issue-tracker export (`export issues`): one issue per open mitigation task of the
//! remediation roadmap, in formats GitHub, Jira and GitLab import offline.
//!
//! The tasks are the analyst's roadmap items that are not Complete, then the roadmap
//! proposals (phase 10) for rated threats no item covers yet, so a model without a
//! written roadmap still exports its work. Each issue has a stable external id,
//! `maestro-tm/<model>/<record>`: the roadmap item's id, or the threat's id for a
//! proposal (proposal numbers shift as the roadmap grows; threat ids do not). The id
//! is in the body (and a label), so a re-export finds and updates the issue it made
//! before instead of opening a duplicate.
//!
//! Priority and the `risk:` label come from the highest inherent level of the task's
//! threats; the due date from its horizon: assessment date + the catalog window's end.

mod formats;

pub use formats::{JIRA_COLUMNS, jira_label, render, to_github_json, to_gitlab_csv, to_jira_csv};

use super::Report;
use crate::analysis::dates;
use crate::catalog::Catalog;
use crate::session::Session;
use crate::vocab::{PhaseStatus, RiskLevel};
use serde::Serialize;

/// Which tracker the issues are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracker {
    /// A JSON list for `gh issue create` in a loop.
    Github,
    /// Jira's CSV importer.
    JiraCsv,
    /// GitLab's issue CSV import.
    Gitlab,
}

/// One issue to create or update.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackerIssue {
    /// Stable id across exports: `maestro-tm/<model>/<record>`.
    pub external_id: String,
    /// The roadmap item (or, for a proposal, the threat) the issue stands for.
    pub record: String,
    pub title: String,
    /// Highest inherent risk level of the task's threats.
    pub risk: Option<RiskLevel>,
    /// Horizon name (Immediate, Short-term, …).
    pub horizon: String,
    /// YYYY-MM-DD, when the horizon has an end and the model an assessment date.
    pub due_date: Option<String>,
    pub labels: Vec<String>,
    /// True for a task the tool proposes that the analyst's roadmap does not hold yet.
    pub proposed: bool,
    pub threats: Vec<String>,
    pub mitigations: Vec<String>,
    /// Free text of the task (the roadmap item's description).
    pub description: String,
    pub team: String,
    pub effort: String,
    pub status: String,
    pub depends_on: Vec<String>,
}

/// Lowercase words of the model's title joined by `-`.
pub use super::sarif::model_key;

/// The open mitigation tasks of a model, analyst's items first, in roadmap order.
pub fn issues(session: &Session, catalog: &Catalog, report: &Report) -> Vec<TrackerIssue> {
    let key = model_key(&report.meta.title);
    let threat_of = report.threat_register.by_id();
    let assessed = crate::analysis::residual::assessment_date(session);
    let mut out = Vec::new();
    for item in &report.roadmap.items {
        if item.status == Some(PhaseStatus::Complete) {
            continue;
        }
        let risk = item
            .threats
            .iter()
            .filter_map(|t| threat_of.get(t.as_str()).and_then(|t| t.inherent))
            .max();
        let phase = catalog.scoring.remediation_phases.iter().find(|p| {
            p.name.eq_ignore_ascii_case(item.horizon.trim())
                || p.id.eq_ignore_ascii_case(item.horizon.trim())
        });
        let due = phase
            .and_then(|p| p.max_days)
            .and_then(|d| dates::add_days(assessed, d).ok());
        out.push(issue(
            &key,
            Task {
                record: item.id.clone(),
                description: item.description.clone(),
                threats: item.threats.clone(),
                mitigations: item.mitigations.clone(),
                horizon: phase.map_or_else(|| item.horizon.clone(), |p| p.name.clone()),
                horizon_id: phase.map(|p| p.id.clone()),
                due,
                risk,
                team: item.team.clone(),
                effort: item.effort.map(|e| e.to_string()).unwrap_or_default(),
                status: item.status.map(|s| s.to_string()).unwrap_or_default(),
                depends_on: item.depends_on.clone(),
                proposed: false,
            },
        ));
    }
    for horizon in crate::analysis::roadmap::propose(session, catalog) {
        for p in horizon.proposals {
            let clean = |v: &[String]| -> Vec<String> {
                v.iter()
                    .map(|s| crate::text::sanitize_inline(s).into_owned())
                    .collect()
            };
            let threats = clean(&p.item.threats);
            out.push(issue(
                &key,
                Task {
                    record: threats.first().cloned().unwrap_or_default(),
                    description: format!(
                        "{} ({}).",
                        crate::text::sanitize_inline(&p.item.description),
                        crate::text::sanitize_inline(&p.reason)
                    ),
                    threats,
                    mitigations: clean(&p.item.mitigations),
                    horizon: horizon.name.clone(),
                    horizon_id: Some(horizon.phase_id.clone()),
                    due: horizon.due.clone(),
                    risk: Some(p.level),
                    team: String::new(),
                    effort: p.item.effort.map(|e| e.to_string()).unwrap_or_default(),
                    status: String::new(),
                    depends_on: Vec::new(),
                    proposed: true,
                },
            ));
        }
    }
    out
}

struct Task {
    record: String,
    description: String,
    threats: Vec<String>,
    mitigations: Vec<String>,
    horizon: String,
    horizon_id: Option<String>,
    due: Option<String>,
    risk: Option<RiskLevel>,
    team: String,
    effort: String,
    status: String,
    depends_on: Vec<String>,
    proposed: bool,
}

fn issue(key: &str, task: Task) -> TrackerIssue {
    let mut labels = vec!["maestro-tm".to_string()];
    labels.push(match task.risk {
        Some(level) => format!("risk:{}", level.as_str().to_lowercase()),
        None => "risk:unrated".to_string(),
    });
    if let Some(h) = &task.horizon_id {
        labels.push(format!("horizon:{h}"));
    }
    if task.proposed {
        labels.push("proposed".to_string());
    }
    let summary = task.description.lines().next().unwrap_or("").trim();
    let summary = if summary.is_empty() {
        format!("Mitigate {}", task.threats.join(", "))
    } else {
        summary.to_string()
    };
    TrackerIssue {
        external_id: format!("maestro-tm/{key}/{}", task.record),
        title: shorten(&format!("{}: {summary}", task.record), 120),
        record: task.record,
        risk: task.risk,
        horizon: task.horizon,
        due_date: task.due,
        labels,
        proposed: task.proposed,
        threats: task.threats,
        mitigations: task.mitigations,
        description: task.description,
        team: task.team,
        effort: task.effort,
        status: task.status,
        depends_on: task.depends_on,
    }
}

/// At most `max` characters, cut at a word with `…` when longer.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests;
