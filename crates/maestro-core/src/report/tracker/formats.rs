//! The three tracker formats: a JSON list for GitHub (`gh issue create` in a loop),
//! Jira's CSV importer, GitLab's issue CSV import. Bodies are Markdown for GitHub and
//! GitLab, Jira wiki markup for Jira; CSV cells go through the report's formula guard.

use super::{Tracker, TrackerIssue};
use crate::report::Report;
use crate::vocab::RiskLevel;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Header of the Jira CSV before the label columns (the label columns repeat
/// `Labels`, one per label, as Jira's importer wants), then `Description`. Every name
/// is a field of Jira's documented CSV importer, so the wizard maps them itself.
pub const JIRA_COLUMNS: [&str; 4] = ["Summary", "Issue Type", "Priority", "Due Date"];

/// Jira's default priority scheme.
fn jira_priority(risk: Option<RiskLevel>) -> &'static str {
    match risk {
        Some(RiskLevel::Critical) => "Highest",
        Some(RiskLevel::High) => "High",
        Some(RiskLevel::Medium) | None => "Medium",
        Some(RiskLevel::Low) => "Low",
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Markup {
    Markdown,
    JiraWiki,
}

impl Markup {
    fn heading(self, text: &str) -> String {
        match self {
            Markup::Markdown => format!("### {text}\n\n"),
            Markup::JiraWiki => format!("h3. {text}\n"),
        }
    }
    fn strong(self, text: &str) -> String {
        match self {
            Markup::Markdown => format!("**{text}**"),
            Markup::JiraWiki => format!("*{text}*"),
        }
    }
    fn code(self, text: &str) -> String {
        match self {
            Markup::Markdown => format!("`{}`", text.replace('`', "'")),
            Markup::JiraWiki => format!("{{{{{}}}}}", text.replace('}', ")")),
        }
    }
    fn field(self, name: &str, value: &str) -> String {
        match self {
            // Two trailing spaces: a Markdown line break.
            Markup::Markdown => format!("{}: {value}  \n", self.strong(name)),
            Markup::JiraWiki => format!("{}: {value}\n", self.strong(name)),
        }
    }
}

/// The issue's body: the task, its threats, mitigations and phase 8 evidence, and the
/// external id (visible, and in a comment a search can match).
fn body(report: &Report, issue: &TrackerIssue, markup: Markup) -> String {
    let threats: HashMap<&str, _> = report
        .threat_register
        .threats
        .iter()
        .map(|t| (t.id.as_str(), t))
        .collect();
    let residual: HashMap<&str, _> = report
        .residual_register
        .iter()
        .map(|r| (r.threat.as_str(), r))
        .collect();
    let mitigations: HashMap<&str, _> = report
        .mitigation_register
        .mitigations
        .iter()
        .map(|m| (m.id.as_str(), m))
        .collect();
    let mut out = String::new();
    out.push_str(issue.description.trim());
    out.push_str("\n\n");
    let risk = issue.risk.map_or("Unrated", |r| r.as_str());
    out.push_str(&markup.field("Risk", risk));
    let mut horizon = issue.horizon.clone();
    if let Some(due) = &issue.due_date {
        let _ = write!(horizon, " (due {due})");
    }
    if !horizon.is_empty() {
        out.push_str(&markup.field("Horizon", &horizon));
    }
    for (name, value) in [
        ("Team", &issue.team),
        ("Effort", &issue.effort),
        ("Status", &issue.status),
    ] {
        if !value.is_empty() {
            out.push_str(&markup.field(name, value));
        }
    }
    if !issue.depends_on.is_empty() {
        out.push_str(&markup.field("Depends on", &issue.depends_on.join(", ")));
    }
    if issue.proposed {
        out.push_str(&markup.field(
            "Proposed",
            "suggested by maestro-tm; not on the analyst's roadmap yet",
        ));
    }
    out.push('\n');
    if !issue.threats.is_empty() {
        out.push_str(&markup.heading("Threats"));
        for id in &issue.threats {
            let mut line = format!("* {}", markup.strong(id));
            if let Some(t) = threats.get(id.as_str()) {
                let _ = write!(line, " {}", t.name);
                let mut facts = Vec::new();
                if let Some(level) = t.inherent {
                    facts.push(format!("inherent {level}"));
                }
                if let Some(level) = residual.get(id.as_str()).and_then(|r| r.level) {
                    facts.push(format!("residual {level}"));
                }
                if !t.layers.is_empty() {
                    let layers: Vec<&str> = t.layers.iter().map(|l| l.as_str()).collect();
                    facts.push(format!("layers {}", layers.join(", ")));
                }
                if !t.catalog.is_empty() {
                    facts.push(format!("catalog {}", t.catalog));
                }
                if !t.asi.is_empty() {
                    facts.push(format!("ASI {}", t.asi.join(", ")));
                }
                if !facts.is_empty() {
                    let _ = write!(line, " ({})", facts.join("; "));
                }
            }
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');
    }
    if !issue.mitigations.is_empty() {
        out.push_str(&markup.heading("Mitigations"));
        for id in &issue.mitigations {
            let mut line = format!("* {}", markup.strong(id));
            if let Some(m) = mitigations.get(id.as_str()) {
                let _ = write!(line, " {} ({}, {})", m.name, m.kind, m.effective_status);
                if !m.owner.is_empty() {
                    let _ = write!(line, ", owner {}", m.owner);
                }
            }
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');
    }
    let findings: Vec<_> = report
        .code_validation
        .findings
        .iter()
        .filter(|f| issue.mitigations.contains(&f.mitigation))
        .collect();
    if !findings.is_empty() {
        out.push_str(&markup.heading("Evidence (phase 8 code validation)"));
        for f in findings {
            for e in &f.evidence {
                let place = match e.line {
                    Some(line) => format!("{}:{line}", e.file),
                    None => e.file.clone(),
                };
                let mut line = format!("* {} {}", f.mitigation, markup.code(&place));
                if !e.note.is_empty() {
                    let _ = write!(line, ": {}", e.note);
                }
                out.push_str(&line);
                out.push('\n');
            }
            if !f.gaps.is_empty() {
                let _ = writeln!(out, "* {} gap: {}", f.mitigation, f.gaps);
            }
        }
        out.push('\n');
    }
    let version = if report.meta.version.is_empty() {
        String::new()
    } else {
        format!(" v{}", report.meta.version)
    };
    let _ = writeln!(
        out,
        "Exported by maestro-tm from the threat model \"{}\"{version}. External id: {}",
        report.meta.title,
        markup.code(&issue.external_id)
    );
    if markup == Markup::Markdown {
        let _ = writeln!(out, "<!-- maestro-tm-id: {} -->", issue.external_id);
    }
    out
}

#[derive(serde::Serialize)]
struct GithubIssue<'a> {
    external_id: &'a str,
    title: &'a str,
    body: String,
    labels: &'a [String],
    priority: &'static str,
    due_date: Option<&'a str>,
    threats: &'a [String],
}

/// A JSON list of `{external_id, title, body, labels, priority, due_date, threats}`.
pub fn to_github_json(report: &Report, issues: &[TrackerIssue]) -> String {
    let list: Vec<GithubIssue<'_>> = issues
        .iter()
        .map(|i| GithubIssue {
            external_id: &i.external_id,
            title: &i.title,
            body: body(report, i, Markup::Markdown),
            labels: &i.labels,
            priority: jira_priority(i.risk),
            due_date: i.due_date.as_deref(),
            threats: &i.threats,
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&list).expect("issues always serialize");
    text.push('\n');
    crate::text::json_visible(text)
}

fn csv(rows: Vec<Vec<String>>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for (i, row) in rows.into_iter().enumerate() {
        // The header is ours; every data cell passes the formula guard.
        let row: Vec<String> = if i == 0 {
            row
        } else {
            row.into_iter()
                .map(crate::report::csv_out::neutralise)
                .collect()
        };
        writer.write_record(row).expect("writing to memory");
    }
    let bytes = writer.into_inner().expect("flushing to memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 strings is UTF-8")
}

/// Jira's CSV importer: `Summary, Issue Type, Priority, Due Date, Labels…, Description`
/// (dates `yyyy-MM-dd`; the external id is a label too, for a JQL search).
pub fn to_jira_csv(report: &Report, issues: &[TrackerIssue]) -> String {
    let labels_of = |i: &TrackerIssue| {
        let mut labels = i.labels.clone();
        labels.push(jira_label(&i.external_id));
        labels
    };
    let label_columns = issues.iter().map(|i| labels_of(i).len()).max().unwrap_or(1);
    let mut header: Vec<String> = JIRA_COLUMNS.iter().map(|c| c.to_string()).collect();
    header.extend(std::iter::repeat_n("Labels".to_string(), label_columns));
    header.push("Description".to_string());
    let mut rows = vec![header];
    for i in issues {
        let mut row = vec![
            i.title.clone(),
            "Task".to_string(),
            jira_priority(i.risk).to_string(),
            i.due_date.clone().unwrap_or_default(),
        ];
        let mut labels = labels_of(i);
        labels.resize(label_columns, String::new());
        row.extend(labels);
        row.push(body(report, i, Markup::JiraWiki));
        rows.push(row);
    }
    csv(rows)
}

/// A Jira label for an external id (labels hold no spaces; `/` reads badly in JQL).
pub fn jira_label(external_id: &str) -> String {
    external_id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// GitLab's issue CSV import: `title, description, due_date`; labels ride in the
/// description as a `/label` quick action, which the import runs.
pub fn to_gitlab_csv(report: &Report, issues: &[TrackerIssue]) -> String {
    let mut rows = vec![vec![
        "title".to_string(),
        "description".to_string(),
        "due_date".to_string(),
    ]];
    for i in issues {
        let mut description = body(report, i, Markup::Markdown);
        let labels: Vec<String> = i.labels.iter().map(|l| format!("~\"{l}\"")).collect();
        let _ = write!(description, "\n/label {}\n", labels.join(" "));
        rows.push(vec![
            i.title.clone(),
            description,
            i.due_date.clone().unwrap_or_default(),
        ]);
    }
    csv(rows)
}

/// Renders the issues for one tracker.
pub fn render(report: &Report, issues: &[TrackerIssue], tracker: Tracker) -> String {
    match tracker {
        Tracker::Github => to_github_json(report, issues),
        Tracker::JiraCsv => to_jira_csv(report, issues),
        Tracker::Gitlab => to_gitlab_csv(report, issues),
    }
}
