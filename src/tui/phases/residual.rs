//! Phase 9 – Residual risk: residual next to inherent level, disposition and its
//! requirements, the proposed review date, the posture against the tolerance, top 5.

use super::plan::*;
use crate::analysis::residual as core;
use crate::catalog::Catalog;
use crate::risk;
use crate::session::ids;
use crate::session::{ResidualRisk, Session};
use crate::tui::app::AppState;
use crate::tui::history::PartKind;
use crate::tui::update::{Effect, edit_parts};
use crate::vocab::RiskLevel;

/// Free-text fields of a residual entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResidualText {
    Justification,
    Owner,
    CompensatingControls,
    Triggers,
    ReviewDate,
    TargetDate,
    ThirdParty,
    /// Who approved accepting the risk above the tolerance.
    ApprovedBy,
}

impl ResidualText {
    pub const ALL: [ResidualText; 8] = [
        ResidualText::Justification,
        ResidualText::Owner,
        ResidualText::CompensatingControls,
        ResidualText::Triggers,
        ResidualText::ReviewDate,
        ResidualText::TargetDate,
        ResidualText::ThirdParty,
        ResidualText::ApprovedBy,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ResidualText::Justification => "Justification",
            ResidualText::Owner => "Risk owner",
            ResidualText::CompensatingControls => "Compensating controls (; between)",
            ResidualText::Triggers => "Trigger events (; between)",
            ResidualText::ReviewDate => "Review date",
            ResidualText::TargetDate => "Target date",
            ResidualText::ThirdParty => "Third party",
            ResidualText::ApprovedBy => "Approved by (above tolerance)",
        }
    }
}

fn level_text(level: Option<RiskLevel>) -> String {
    level.map_or_else(|| "unrated".to_string(), |l| l.to_string())
}

fn tone(level: Option<RiskLevel>) -> Tone {
    match level {
        Some(RiskLevel::Critical | RiskLevel::High) => Tone::Danger,
        Some(RiskLevel::Medium) => Tone::Warn,
        Some(RiskLevel::Low) => Tone::Ok,
        None => Tone::Muted,
    }
}

fn entry<'a>(s: &'a Session, threat: &str) -> Option<&'a ResidualRisk> {
    s.residual_risks.iter().find(|r| r.threat == threat)
}

/// Posture, the list of threats and the top residual risks: what does not move with the
/// selection.
pub fn body(state: &AppState, s: &Session) -> Body {
    let catalog = &state.catalog;
    // One index and one residual pass for the posture, the list and the top five.
    let index = risk::Index::new(s);
    let residuals = core::residuals(&index, s, catalog);
    let posture = core::posture_of(s, &index, &residuals);
    let counts: Vec<String> = RiskLevel::ALL
        .iter()
        .rev()
        .map(|l| {
            format!(
                "{}:{}",
                l.letter(),
                posture.counts.get(l).copied().unwrap_or(0)
            )
        })
        .collect();
    let verdict = match posture.within_appetite {
        Some(true) => "within the risk tolerance".to_string(),
        Some(false) => format!("{} above the tolerance", posture.over_tolerance.len()),
        None => "no risk tolerance set in phase 1".to_string(),
    };
    let header = vec![info(
        format!(
            "Posture: {} · tolerance {} · {verdict}",
            counts.join(" "),
            level_text(posture.tolerance)
        ),
        if posture.within_appetite == Some(false) {
            Tone::Danger
        } else {
            Tone::Ok
        },
    )];
    let list: Vec<Row> = s
        .threats
        .iter()
        .zip(&residuals)
        .map(|(t, r)| {
            let disposition = index
                .residual_record(&t.id)
                .and_then(|e| e.disposition)
                .map_or("—", |d| d.as_str());
            row(
                RowKind::Threat(t.id.clone()),
                format!(
                    "{} {} → {}{} · {disposition} · {}",
                    t.id,
                    level_text(r.inherent),
                    level_text(r.level),
                    if r.overridden { "*" } else { "" },
                    t.name,
                ),
                tone(r.level),
            )
        })
        .collect();
    let mut card_tail = Vec::new();
    card_tail.push(info("Top 5 residual risks", Tone::Heading));
    for (i, top) in core::top_of(s, catalog, &index, &residuals, 5)
        .iter()
        .enumerate()
    {
        card_tail.push(info(
            format!(
                "{}. {} {} ({} → {})",
                i + 1,
                top.threat_id,
                top.name,
                level_text(top.inherent),
                top.residual
            ),
            tone(Some(top.residual)),
        ));
    }
    Body {
        header,
        list_title: "Threats · inherent → residual · disposition".into(),
        list: std::sync::Arc::new(list),
        card_tail,
        ..Body::default()
    }
}

pub fn screen(state: &AppState, s: &Session, body: &Body) -> Screenful {
    let catalog = &state.catalog;
    let list = ListRows::new(body.list.clone());
    let selected = selected_index(state, &list, Focus::List).map(|i| list[i].kind.clone());
    let mut card = Vec::new();
    let mut card_title = String::new();
    if let Some(RowKind::Threat(id)) = selected
        && let Some(t) = s.threat(&id)
    {
        card_title = match entry(s, &id).filter(|e| !e.id.is_empty()) {
            Some(e) => format!("Residual risk {} · {id}", e.id),
            None => format!("Residual risk {id}"),
        };
        card = threat_card(catalog, s, t);
    }
    card.extend(body.card_tail.iter().cloned());
    Screenful {
        header: body.header.clone(),
        list_title: body.list_title.clone(),
        list,
        card_title,
        card,
    }
}

fn threat_card(catalog: &Catalog, s: &Session, t: &crate::session::Threat) -> Vec<Row> {
    let r = risk::residual_with(&risk::Index::for_threat(s, &t.id), s, t, catalog);
    let e = entry(s, &t.id);
    let mut rows = vec![
        info(
            format!(
                "Inherent {} → residual {}{}",
                level_text(r.inherent),
                level_text(r.level),
                if r.unverified {
                    " (mitigations unverified)"
                } else {
                    ""
                }
            ),
            tone(r.level),
        ),
        info(
            format!(
                "Mitigation effectiveness {} · implementation {}",
                r.effectiveness
                    .map_or_else(|| "—".to_string(), |x| x.to_string()),
                r.implementation
            ),
            Tone::Muted,
        ),
        value_row(
            "Level override (l)",
            &e.and_then(|e| e.level_override)
                .map_or_else(String::new, |l| l.to_string()),
            Value::Key(PlanKey::CycleLevelOverride),
        ),
        value_row(
            "Disposition (d)",
            &e.and_then(|e| e.disposition)
                .map_or_else(String::new, |d| d.to_string()),
            Value::Key(PlanKey::CycleDisposition),
        ),
    ];
    for f in ResidualText::ALL {
        rows.push(value_row(
            f.label(),
            &text(s, &t.id, f),
            Value::Text(TextTarget::Residual(t.id.clone(), f)),
        ));
    }
    if let Some(level) = r.level {
        rows.push(info(
            format!(
                "Review schedule: {}",
                catalog.scoring.review(level).schedule
            ),
            Tone::Muted,
        ));
    }
    if let Some(level) = r.level
        && let Ok(date) = core::propose_review_date(catalog, level, core::assessment_date(s))
    {
        rows.push(info(
            format!("Proposed review date: {date} (p)"),
            Tone::Muted,
        ));
    }
    match e {
        Some(e) => {
            for u in core::unmet(s, catalog, e) {
                rows.push(info(format!("! {u}"), Tone::Warn));
            }
            for p in crate::analysis::guards::problems_of(s, catalog, e) {
                rows.push(info(format!("! {p}"), Tone::Warn));
            }
        }
        None => rows.push(info("! choose a disposition", Tone::Warn)),
    }
    rows
}

pub fn text(s: &Session, threat: &str, field: ResidualText) -> String {
    let Some(e) = entry(s, threat) else {
        return String::new();
    };
    match field {
        ResidualText::Justification => e.justification.clone(),
        ResidualText::Owner => e.owner.clone(),
        ResidualText::CompensatingControls => e.compensating_controls.join("; "),
        ResidualText::Triggers => e.triggers.join("; "),
        ResidualText::ReviewDate => e.review_date.clone(),
        ResidualText::TargetDate => e.target_date.clone(),
        ResidualText::ThirdParty => e.third_party.clone(),
        ResidualText::ApprovedBy => e.approved_by.clone(),
    }
}

fn split_list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// The residual entry of `threat`, created (with the proposed review date) when missing.
pub(super) fn entry_mut<'a>(
    s: &'a mut Session,
    catalog: &Catalog,
    threat: &str,
) -> &'a mut ResidualRisk {
    if let Some(i) = s.residual_risks.iter().position(|r| r.threat == threat) {
        return &mut s.residual_risks[i];
    }
    let id = ids::next_in(
        s,
        "RR-",
        ids::Padding::Follow(2),
        s.residual_risks.iter().map(|r| r.id.as_str()),
    );
    let review_date = proposed(s, catalog, threat).unwrap_or_default();
    s.residual_risks.push(ResidualRisk {
        id,
        threat: threat.to_string(),
        review_date,
        ..Default::default()
    });
    s.residual_risks.last_mut().expect("just pushed")
}

fn proposed(s: &Session, catalog: &Catalog, threat: &str) -> Option<String> {
    let t = s.threat(threat)?;
    let level = risk::residual(s, t, catalog).level?;
    core::propose_review_date(catalog, level, core::assessment_date(s)).ok()
}

pub fn set_text(
    s: &mut Session,
    catalog: &Catalog,
    threat: &str,
    field: ResidualText,
    text: String,
) {
    let e = entry_mut(s, catalog, threat);
    match field {
        ResidualText::Justification => e.justification = text,
        ResidualText::Owner => e.owner = text,
        ResidualText::CompensatingControls => e.compensating_controls = split_list(&text),
        ResidualText::Triggers => e.triggers = split_list(&text),
        ResidualText::ReviewDate => e.review_date = text.trim().to_string(),
        ResidualText::TargetDate => e.target_date = text.trim().to_string(),
        ResidualText::ThirdParty => e.third_party = text,
        ResidualText::ApprovedBy => e.approved_by = text.trim().to_string(),
    }
}

pub fn key(state: &mut AppState, k: PlanKey) -> Effect {
    let Some(RowKind::Threat(threat)) = selected_list(state) else {
        return Effect::None;
    };
    let catalog = state.catalog.clone();
    match k {
        PlanKey::CycleDisposition => {
            return super::residual_guard::cycle_disposition(state, &threat);
        }
        PlanKey::CycleLevelOverride => edit_parts(state, &[PartKind::residual_risks], |s| {
            let e = entry_mut(s, &catalog, &threat);
            e.level_override = cycle_opt(RiskLevel::ALL, e.level_override);
        }),
        PlanKey::ProposeReview => edit_parts(state, &[PartKind::residual_risks], |s| {
            if let Some(date) = proposed(s, &catalog, &threat) {
                entry_mut(s, &catalog, &threat).review_date = date;
            }
        }),
        _ => {}
    }
    Effect::None
}
