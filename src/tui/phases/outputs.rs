//! Long because phase 10 holds five of the playbook's output templates (summary,
//! roadmap, update triggers, archive metadata, export) on one screen.
//!
//! Phase 10 – Outputs: executive summary, remediation roadmap (proposals from the core,
//! accepted and edited here), update triggers, archive metadata and report export.

use super::plan::*;
use crate::analysis::roadmap;
use crate::session::ids;
use crate::session::storage;
use crate::session::{Session, UpdateTrigger};
use crate::tui::app::AppState;
use crate::tui::update::{Effect, edit};
use crate::vocab::{Cost, PhaseStatus, RiskLevel};
use std::path::{Path, PathBuf};

/// Free-text fields of the executive summary and the archive metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryText {
    SystemOverview,
    TopRisks,
    Recommendations,
    Investment,
    NextReview,
    Version,
    Assessed,
    Analysts,
    Scope,
    OutOfScope,
    RegisterId,
    KeyFindings,
    DedupNotes,
}

impl SummaryText {
    pub const SUMMARY: [SummaryText; 5] = [
        SummaryText::SystemOverview,
        SummaryText::TopRisks,
        SummaryText::Recommendations,
        SummaryText::Investment,
        SummaryText::NextReview,
    ];
    /// The Threat Register Summary template's own text fields.
    pub const REGISTER: [SummaryText; 3] = [
        SummaryText::RegisterId,
        SummaryText::KeyFindings,
        SummaryText::DedupNotes,
    ];
    pub const ARCHIVE: [SummaryText; 5] = [
        SummaryText::Version,
        SummaryText::Assessed,
        SummaryText::Analysts,
        SummaryText::Scope,
        SummaryText::OutOfScope,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SummaryText::SystemOverview => "System overview",
            SummaryText::TopRisks => "Top risks (; between)",
            SummaryText::Recommendations => "Recommendations (; between)",
            SummaryText::Investment => "Investment",
            SummaryText::NextReview => "Next review",
            SummaryText::Version => "Version",
            SummaryText::Assessed => "Assessed (YYYY-MM-DD)",
            SummaryText::Analysts => "Analysts (; between)",
            SummaryText::Scope => "Scope",
            SummaryText::OutOfScope => "Out of scope",
            SummaryText::RegisterId => "Register ID",
            SummaryText::KeyFindings => "Key findings (3-5 sentences)",
            SummaryText::DedupNotes => "Deduplication notes",
        }
    }

    fn get(self, s: &Session) -> String {
        match self {
            SummaryText::SystemOverview => s.summary.system_overview.clone(),
            SummaryText::TopRisks => s.summary.top_risks.join("; "),
            SummaryText::Recommendations => s.summary.recommendations.join("; "),
            SummaryText::Investment => s.summary.investment.clone(),
            SummaryText::NextReview => s.summary.next_review.clone(),
            SummaryText::Version => s.session.version.clone(),
            SummaryText::Assessed => s.session.assessed.clone(),
            SummaryText::Analysts => s.session.analysts.join("; "),
            SummaryText::Scope => s.session.scope.clone(),
            SummaryText::OutOfScope => s.session.out_of_scope.clone(),
            SummaryText::RegisterId => s.analysis.register_id.clone(),
            SummaryText::KeyFindings => s.analysis.key_findings.clone(),
            SummaryText::DedupNotes => s.analysis.dedup_notes.clone(),
        }
    }

    fn set(self, s: &mut Session, text: String) {
        let list = |t: &str| -> Vec<String> {
            t.split(';')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        };
        match self {
            SummaryText::SystemOverview => s.summary.system_overview = text,
            SummaryText::TopRisks => s.summary.top_risks = list(&text),
            SummaryText::Recommendations => s.summary.recommendations = list(&text),
            SummaryText::Investment => s.summary.investment = text,
            SummaryText::NextReview => s.summary.next_review = text.trim().to_string(),
            SummaryText::Version => s.session.version = text.trim().to_string(),
            SummaryText::Assessed => s.session.assessed = text.trim().to_string(),
            SummaryText::Analysts => s.session.analysts = list(&text),
            SummaryText::Scope => s.session.scope = text,
            SummaryText::OutOfScope => s.session.out_of_scope = text,
            SummaryText::RegisterId => s.analysis.register_id = text.trim().to_string(),
            SummaryText::KeyFindings => s.analysis.key_findings = text,
            SummaryText::DedupNotes => s.analysis.dedup_notes = text,
        }
    }
}

/// Where the report of the session at `path` goes: `<stem>-report` beside it (in the
/// working directory for an embedded example).
pub fn report_base(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "session".into(), |s| s.to_string_lossy().into_owned());
    let name = format!("{stem}-report");
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() && !p.starts_with("<example>") => p.join(name),
        _ => PathBuf::from(name),
    }
}

/// The files an export in `format` writes.
pub fn report_paths(base: &Path, format: ExportFormat) -> Vec<PathBuf> {
    let with = |suffix: &str| {
        let mut name = base.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    match format {
        ExportFormat::Markdown => vec![with(".md")],
        ExportFormat::Html => vec![with(".html")],
        ExportFormat::Json => vec![with(".json")],
        ExportFormat::Csv => vec![with("-threats.csv"), with("-mitigations.csv")],
    }
}

/// Builds the report with the same core as `maestro-tm report` and writes it atomically.
pub fn write_report(
    state: &AppState,
    format: ExportFormat,
    base: &Path,
) -> Result<Vec<PathBuf>, String> {
    use crate::report::{CsvTable, csv_table};
    let doc = state.doc.as_ref().ok_or("no session open")?;
    // Only Markdown and HTML draw the diagrams.
    let report = match format {
        ExportFormat::Markdown | ExportFormat::Html => {
            crate::report::build(doc.session(), &state.catalog)
        }
        _ => crate::report::build_data(doc.session(), &state.catalog),
    };
    let paths = report_paths(base, format);
    let texts = match format {
        ExportFormat::Markdown => vec![crate::report::to_markdown(&report)],
        ExportFormat::Html => vec![crate::report::to_html(&report)],
        ExportFormat::Json => vec![crate::report::to_json(&report)],
        ExportFormat::Csv => vec![
            csv_table(&report, CsvTable::Threats),
            csv_table(&report, CsvTable::Mitigations),
        ],
    };
    for (path, text) in paths.iter().zip(texts) {
        storage::write_atomic(path, text.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(paths)
}

pub fn screen(state: &AppState, s: &Session, body: &Body) -> Screenful {
    let doc = state.doc.as_ref();
    let base = doc.map_or_else(|| PathBuf::from("report"), |d| report_base(&d.path));
    let files: Vec<String> = report_paths(&base, state.plan.export_format)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let header = vec![info(
        format!(
            "Export (x) {} (f) → {} · last export {}",
            state.plan.export_format.label(),
            files.join(", "),
            if s.session.exported.is_empty() {
                "never"
            } else {
                &s.session.exported
            }
        ),
        Tone::Heading,
    )];
    let list = ListRows::new(body.list.clone());
    let selected = selected_index(state, &list, Focus::List).map(|i| list[i].kind.clone());
    let (card_title, card) = card(s, &body.horizons, selected);
    Screenful {
        header,
        list_title: "Outputs".into(),
        list,
        card_title,
        card,
    }
}

/// The list (summary, roadmap with its proposals, triggers, archive) and the proposals:
/// what does not move with the selection.
pub fn body(state: &AppState, s: &Session) -> Body {
    let mut list = vec![info("Executive summary", Tone::Heading)];
    // The template's derived fields, counted as the report counts them.
    let index = crate::risk::Index::new(s);
    let counts = crate::report::headline_counts(
        s,
        &index,
        s.threats
            .iter()
            .map(|t| crate::risk::inherent(t, &state.catalog)),
    );
    list.push(info(
        format!(
            "Threats {} · Critical/High {} (by level: {})",
            counts.total_threats, counts.critical_high_threats, counts.critical_high_risk_level
        ),
        Tone::Muted,
    ));
    list.push(info(
        format!(
            "Mitigations {} planned · {} implemented",
            counts.mitigations_planned, counts.mitigations_implemented
        ),
        Tone::Muted,
    ));
    for f in SummaryText::SUMMARY {
        list.push(value_row(
            f.label(),
            &f.get(s),
            Value::Text(TextTarget::Summary(f)),
        ));
    }
    list.push(value_row(
        "Overall risk posture (p)",
        &s.summary
            .overall_posture
            .map_or_else(String::new, |l| l.to_string()),
        Value::Key(PlanKey::CyclePosture),
    ));
    list.push(info("Threat register summary", Tone::Heading));
    for f in SummaryText::REGISTER {
        let mut shown = f.get(s);
        if f == SummaryText::RegisterId && shown.is_empty() {
            // What the report will print, so the analyst sees it before choosing another.
            shown = format!(
                "{} (derived from the assessment date)",
                crate::report::derived_register_id(s)
            );
        }
        list.push(value_row(
            f.label(),
            &shown,
            Value::Text(TextTarget::Summary(f)),
        ));
    }
    list.push(info(
        "Remediation roadmap (a accepts a proposal)",
        Tone::Heading,
    ));
    let horizons = roadmap::propose(s, &state.catalog);
    for (h, horizon) in horizons.iter().enumerate() {
        let window = match horizon.max_days {
            Some(max) => format!("{}–{} days", horizon.min_days, max),
            None => format!("{}+ days", horizon.min_days),
        };
        list.push(info(
            format!(
                " {} ({window}{})",
                horizon.name,
                horizon
                    .due
                    .as_ref()
                    .map_or_else(String::new, |d| format!(", due {d}"))
            ),
            Tone::Heading,
        ));
        for item in s.roadmap.iter().filter(|i| i.horizon == horizon.name) {
            list.push(row(
                RowKind::Roadmap(item.id.clone()),
                format!("  {} {}", item.id, item.description),
                Tone::Text,
            ));
        }
        for (p, proposal) in horizon.proposals.iter().enumerate() {
            list.push(row(
                RowKind::Proposal(h, p),
                format!("  + proposed: {}", proposal.item.description),
                Tone::Muted,
            ));
        }
    }
    let other: Vec<_> = s
        .roadmap
        .iter()
        .filter(|i| !horizons.iter().any(|h| h.name == i.horizon))
        .collect();
    if !other.is_empty() {
        list.push(info(" No horizon (o sets one)", Tone::Heading));
        for item in other {
            list.push(row(
                RowKind::Roadmap(item.id.clone()),
                format!("  {} {}", item.id, item.description),
                Tone::Text,
            ));
        }
    }
    list.push(info("Update triggers (n adds one)", Tone::Heading));
    for t in &s.triggers {
        list.push(row(
            RowKind::Trigger(t.id.clone()),
            format!("  {} {}", t.id, t.event),
            Tone::Text,
        ));
    }
    list.push(info("Archive", Tone::Heading));
    for f in SummaryText::ARCHIVE {
        list.push(value_row(
            f.label(),
            &f.get(s),
            Value::Text(TextTarget::Summary(f)),
        ));
    }
    list.push(value_row(
        "AI-assisted analysis (I)",
        if s.session.ai_assisted { "yes" } else { "no" },
        Value::Key(PlanKey::ToggleAiAssisted),
    ));
    Body {
        list: std::sync::Arc::new(list),
        horizons,
        ..Body::default()
    }
}

fn card(
    s: &Session,
    horizons: &[roadmap::Horizon],
    selected: Option<RowKind>,
) -> (String, Vec<Row>) {
    match selected {
        Some(RowKind::Roadmap(id)) => {
            let Some(item) = s.roadmap.iter().find(|i| i.id == id) else {
                return (String::new(), Vec::new());
            };
            (
                format!("Roadmap {id}"),
                vec![
                    value_row(
                        "Description",
                        &item.description,
                        Value::Text(TextTarget::RoadmapDescription(id.clone())),
                    ),
                    value_row(
                        "Horizon (o)",
                        &item.horizon,
                        Value::Key(PlanKey::CycleHorizon),
                    ),
                    info(format!("Threats: {}", item.threats.join(", ")), Tone::Muted),
                    info(
                        format!("Mitigations: {}", item.mitigations.join(", ")),
                        Tone::Muted,
                    ),
                    value_row(
                        "Effort (e)",
                        &item.effort.map(|c| c.to_string()).unwrap_or_default(),
                        Value::Key(PlanKey::CycleEffort),
                    ),
                    value_row(
                        "Status (s)",
                        &item.status.map(|x| x.to_string()).unwrap_or_default(),
                        Value::Key(PlanKey::CycleRoadmapStatus),
                    ),
                    value_row(
                        "Responsible team",
                        &item.team,
                        Value::Text(TextTarget::RoadmapTeam(id.clone())),
                    ),
                    value_row(
                        "Depends on (; between)",
                        &item.depends_on.join("; "),
                        Value::Text(TextTarget::RoadmapDependsOn(id.clone())),
                    ),
                ],
            )
        }
        Some(RowKind::Proposal(h, p)) => {
            let Some(proposal) = horizons.get(h).and_then(|x| x.proposals.get(p)) else {
                return (String::new(), Vec::new());
            };
            (
                "Proposal".into(),
                vec![
                    info(proposal.item.description.clone(), Tone::Text),
                    info(format!("Why: {}", proposal.reason), Tone::Muted),
                    info(
                        format!("Threats: {}", proposal.item.threats.join(", ")),
                        Tone::Muted,
                    ),
                    info("a accepts it into the roadmap", Tone::Muted),
                ],
            )
        }
        Some(RowKind::Trigger(id)) => {
            let Some(t) = s.triggers.iter().find(|t| t.id == id) else {
                return (String::new(), Vec::new());
            };
            (
                format!("Trigger {id}"),
                vec![
                    value_row(
                        "Event",
                        &t.event,
                        Value::Text(TextTarget::TriggerEvent(id.clone())),
                    ),
                    value_row(
                        "Action",
                        &t.action,
                        Value::Text(TextTarget::TriggerAction(id.clone())),
                    ),
                ],
            )
        }
        _ => (String::new(), Vec::new()),
    }
}

pub fn key(state: &mut AppState, k: PlanKey) -> Effect {
    match k {
        PlanKey::CycleFormat => {
            state.plan.export_format = cycle(&ExportFormat::ALL, state.plan.export_format);
        }
        PlanKey::Export => {
            let Some(doc) = &state.doc else {
                return Effect::None;
            };
            return Effect::Plan(PlanEffect::Export {
                format: state.plan.export_format,
                base: report_base(&doc.path),
            });
        }
        PlanKey::NewTrigger => start_text(state, TextTarget::NewTrigger),
        PlanKey::AcceptProposal => {
            let Some(RowKind::Proposal(h, p)) = selected_list(state) else {
                state.message = Some("Select a proposed item (+)".into());
                return Effect::None;
            };
            let Some(doc) = &state.doc else {
                return Effect::None;
            };
            let horizons = roadmap::propose(doc.session(), &state.catalog);
            let Some(proposal) = horizons.get(h).and_then(|x| x.proposals.get(p)) else {
                return Effect::None;
            };
            let item = proposal.item.clone();
            let id = item.id.clone();
            edit(state, |s| s.roadmap.push(item));
            state.message = Some(format!("{id} added to the roadmap"));
            select_list(state, &RowKind::Roadmap(id));
        }
        PlanKey::CyclePosture => {
            edit(state, |s| {
                s.summary.overall_posture = cycle_opt(RiskLevel::ALL, s.summary.overall_posture);
            });
        }
        PlanKey::ToggleAiAssisted => {
            edit(state, |s| s.session.ai_assisted = !s.session.ai_assisted);
        }
        PlanKey::CycleEffort | PlanKey::CycleRoadmapStatus => {
            let Some(RowKind::Roadmap(id)) = selected_list(state) else {
                return Effect::None;
            };
            edit(state, |s| {
                if let Some(item) = s.roadmap.iter_mut().find(|i| i.id == id) {
                    if k == PlanKey::CycleEffort {
                        item.effort = cycle_opt(Cost::ALL, item.effort);
                    } else {
                        item.status = cycle_opt(PhaseStatus::ALL, item.status);
                    }
                }
            });
            select_list(state, &RowKind::Roadmap(id));
        }
        PlanKey::CycleHorizon => {
            let Some(RowKind::Roadmap(id)) = selected_list(state) else {
                return Effect::None;
            };
            let names: Vec<String> = state
                .catalog
                .scoring
                .remediation_phases
                .iter()
                .map(|p| p.name.clone())
                .collect();
            if names.is_empty() {
                return Effect::None;
            }
            edit(state, |s| {
                if let Some(item) = s.roadmap.iter_mut().find(|i| i.id == id) {
                    let i = names.iter().position(|n| *n == item.horizon);
                    item.horizon = names[i.map_or(0, |i| (i + 1) % names.len())].clone();
                }
            });
            select_list(state, &RowKind::Roadmap(id));
        }
        _ => {}
    }
    Effect::None
}

/// The runtime wrote the report: record the export date.
pub fn exported(state: &mut AppState, paths: &[PathBuf], date: String) {
    let files: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    if state.read_only().is_none() {
        edit(state, |s| s.session.exported = date);
        state.message = Some(format!("Exported {}", files.join(", ")));
    } else {
        state.message = Some(format!(
            "Exported {} (read-only session: export date not recorded)",
            files.join(", ")
        ));
    }
}

pub fn add_trigger(state: &mut AppState, event: String) {
    if event.trim().is_empty() {
        return;
    }
    let Some(doc) = &state.doc else { return };
    let id = ids::next_in(
        doc.session(),
        "UT-",
        ids::Padding::Follow(2),
        doc.session().triggers.iter().map(|t| t.id.as_str()),
    );
    let trigger = UpdateTrigger {
        id: id.clone(),
        event: event.trim().to_string(),
        ..Default::default()
    };
    edit(state, |s| s.triggers.push(trigger));
    select_list(state, &RowKind::Trigger(id));
}

pub fn text(s: &Session, target: &TextTarget) -> String {
    match target {
        TextTarget::Summary(f) => f.get(s),
        TextTarget::RoadmapDescription(id) => s
            .roadmap
            .iter()
            .find(|i| i.id == *id)
            .map(|i| i.description.clone())
            .unwrap_or_default(),
        TextTarget::RoadmapTeam(id) => s
            .roadmap
            .iter()
            .find(|i| i.id == *id)
            .map(|i| i.team.clone())
            .unwrap_or_default(),
        TextTarget::RoadmapDependsOn(id) => s
            .roadmap
            .iter()
            .find(|i| i.id == *id)
            .map(|i| i.depends_on.join("; "))
            .unwrap_or_default(),
        TextTarget::TriggerEvent(id) => s
            .triggers
            .iter()
            .find(|t| t.id == *id)
            .map(|t| t.event.clone())
            .unwrap_or_default(),
        TextTarget::TriggerAction(id) => s
            .triggers
            .iter()
            .find(|t| t.id == *id)
            .map(|t| t.action.clone())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

pub fn set_text(s: &mut Session, target: &TextTarget, text: String) {
    match target {
        TextTarget::Summary(f) => f.set(s, text),
        TextTarget::RoadmapDescription(id) => {
            if let Some(i) = s.roadmap.iter_mut().find(|i| i.id == *id) {
                i.description = text;
            }
        }
        TextTarget::RoadmapTeam(id) => {
            if let Some(i) = s.roadmap.iter_mut().find(|i| i.id == *id) {
                i.team = text.trim().to_string();
            }
        }
        TextTarget::RoadmapDependsOn(id) => {
            // Only items of this roadmap (as spelled there): a dependency on nothing is
            // one `validate` rejects.
            let known: Vec<String> = s.roadmap.iter().map(|i| i.id.clone()).collect();
            let depends_on = text
                .split(';')
                .map(str::trim)
                .filter_map(|x| known.iter().find(|k| k.eq_ignore_ascii_case(x)))
                .fold(Vec::new(), |mut v: Vec<String>, k| {
                    if !v.contains(k) {
                        v.push(k.clone());
                    }
                    v
                });
            if let Some(i) = s.roadmap.iter_mut().find(|i| i.id == *id) {
                i.depends_on = depends_on;
            }
        }
        TextTarget::TriggerEvent(id) => {
            if let Some(t) = s.triggers.iter_mut().find(|t| t.id == *id) {
                t.event = text;
            }
        }
        TextTarget::TriggerAction(id) => {
            if let Some(t) = s.triggers.iter_mut().find(|t| t.id == *id) {
                t.action = text;
            }
        }
        _ => {}
    }
}
