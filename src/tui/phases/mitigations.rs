//! Long because phase 7's candidates, adoption, cards, recommendation, ranking and gap
//! views work on one selection and one adoption flow.
//!
//! Phase 7 – Mitigations: catalog candidates per threat, adoption, Mitigation Cards,
//! the cost × effectiveness recommendation, the priority ranking and the gap analysis.

use super::plan::*;
use crate::analysis::{gaps, prioritize};
use crate::risk::{self, ThreatRisk};
use crate::session::ids;
use crate::session::{Mitigation, Session, Threat};
use crate::tui::app::AppState;
use crate::tui::update::{Effect, edit_record, insert_record};
use crate::vocab::{
    Cost, Coverage, Effectiveness, ImplementationStatus, MitigationStatus, MitigationType,
    RiskLevel,
};

fn level_tone(level: Option<RiskLevel>) -> Tone {
    match level {
        Some(RiskLevel::Critical | RiskLevel::High) => Tone::Danger,
        Some(RiskLevel::Medium) => Tone::Warn,
        Some(RiskLevel::Low) => Tone::Ok,
        None => Tone::Muted,
    }
}

fn level_text(level: Option<RiskLevel>) -> String {
    level.map_or_else(|| "unrated".to_string(), |l| l.to_string())
}

/// The gap rules with the key that opens each list.
pub const GAP_KEYS: [(char, gaps::GapRule, &str); 6] = [
    (
        'P',
        gaps::GapRule::CriticalWithoutPreventive,
        "Crit w/o Prev",
    ),
    ('D', gaps::GapRule::WithoutDetective, "Crit/High w/o Det"),
    ('S', gaps::GapRule::SingleMitigation, "single"),
    ('N', gaps::GapRule::NoMitigation, "none"),
    ('E', gaps::GapRule::DefenseInDepth, "depth"),
    ('O', gaps::GapRule::AcceptedWithoutOwner, "owner"),
];

/// Header, list and priorities of the current view: what does not move with the
/// selection (the expanded threat's rows are spliced in by [`screen`]).
pub fn body(state: &AppState, s: &Session) -> Body {
    let catalog = &state.catalog;
    let report = state.gap_report();
    let header = gap_header(&report);
    let priorities = prioritize::priorities(s, catalog);
    let (list_title, list) = match state.plan.view {
        MitigationView::Threats => (
            "Threats (h/l list/card, a adopt)".to_string(),
            ranked_threats(state, s),
        ),
        MitigationView::Gap(rule) => (
            format!("{rule} — Enter opens, Esc back"),
            report
                .list(rule)
                .iter()
                .map(|e| {
                    let name = s.threat(&e.threat_id).map_or("", |t| t.name.as_str());
                    let mut text = format!("{} {} ({})", e.threat_id, name, level_text(e.level));
                    if let Some(residual) = &e.residual {
                        text = format!("{residual} without owner · {text}");
                    }
                    if !e.mitigations.is_empty() {
                        text.push_str(&format!(" · {}", e.mitigations.join(",")));
                    }
                    row(
                        RowKind::Threat(e.threat_id.clone()),
                        text,
                        level_tone(e.level),
                    )
                })
                .collect(),
        ),
        MitigationView::Ranking => {
            let names: std::collections::HashMap<&str, &str> = s
                .mitigations
                .iter()
                .rev()
                .map(|m| (m.id.as_str(), m.name.as_str()))
                .collect();
            (
                "Priority ranking — Esc back".to_string(),
                priorities
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let name = names.get(p.mitigation_id.as_str()).copied().unwrap_or("");
                        row(
                            RowKind::Mitigation(p.mitigation_id.clone()),
                            format!("#{} {:.1} {} {name}", i + 1, p.score, p.mitigation_id),
                            Tone::Text,
                        )
                    })
                    .collect(),
            )
        }
    };
    Body {
        header,
        list_title,
        list: std::sync::Arc::new(list),
        priorities,
        ..Body::default()
    }
}

/// The header: how many threats break each gap rule.
fn gap_header(report: &gaps::GapReport) -> Vec<Row> {
    let counts: Vec<String> = GAP_KEYS
        .iter()
        .map(|(k, rule, name)| format!("{k} {name} {}", report.list(*rule).len()))
        .collect();
    vec![info(format!("Gaps: {}", counts.join(" · ")), Tone::Warn)]
}

pub fn screen(state: &AppState, s: &Session, body: &Body) -> Screenful {
    let list = list(state, s, body);
    let (card_title, card) = card(state, s, &list, body);
    Screenful {
        header: body.header.clone(),
        list_title: body.list_title.clone(),
        list,
        card_title,
        card,
    }
}

/// The list of the current view: the body's, with the expanded threat's rows in the
/// threat list.
pub fn list(state: &AppState, s: &Session, body: &Body) -> ListRows {
    match state.plan.view {
        MitigationView::Threats => with_expansion(state, s, body),
        _ => ListRows::new(body.list.clone()),
    }
}

/// Threats by rank, one row each.
fn ranked_threats(state: &AppState, s: &Session) -> Vec<Row> {
    // Once per list, not per threat: rank and counts come from the derived figures.
    let mut mitigation_count: std::collections::HashMap<&str, usize> = Default::default();
    for m in &s.mitigations {
        for t in &m.addresses {
            *mitigation_count.entry(t.as_str()).or_default() += 1;
        }
    }
    let figures = state.figures();
    figures
        .iter()
        .flat_map(|f| f.rank.iter())
        .filter_map(|(i, r)| Some((s.threats.get(*i)?, r)))
        .map(|(threat, r)| {
            let n = mitigation_count
                .get(threat.id.as_str())
                .copied()
                .unwrap_or(0);
            threat_row(threat, r, n)
        })
        .collect()
}

/// The row of one ranked threat with `n` mitigations naming it.
fn threat_row(threat: &Threat, r: &ThreatRisk, n: usize) -> Row {
    row(
        RowKind::Threat(threat.id.clone()),
        format!(
            "{} {} · {n} mit. · {}",
            threat.id,
            level_text(r.inherent),
            threat.name
        ),
        level_tone(r.inherent),
    )
}

/// Brings the body of phase 7's threat list up to date after `s.mitigations[index]`
/// changed in place from `old` and nothing else did, given the figures, the gap report
/// and the session already at the new revision: the gap counts anew, the mitigation's
/// priority re-placed, the rows of the threats it names (before or after) re-made at
/// their new rank. False when the body must be computed anew.
pub fn body_after_mitigation(
    body: &mut Body,
    state: &AppState,
    s: &Session,
    index: usize,
    old: &Mitigation,
) -> bool {
    let (Some(new), Some(figures)) = (s.mitigations.get(index), state.figures()) else {
        return false;
    };
    let cards: Vec<usize> = old
        .addresses
        .iter()
        .chain(&new.addresses)
        .filter_map(|id| figures.threat_position(id))
        .collect();
    body_after_cards(body, state, s, cards, &[index])
}

/// Brings the body of phase 7's threat list up to date after threat card
/// `s.threats[index]` changed in place from `old` (keeping its id) and nothing else
/// did, as [`body_after_mitigation`] does: its row re-made at its new rank, the gap
/// counts anew, the mitigations naming it re-placed in the priorities (they take its
/// rating). False when the body must be computed anew.
pub fn body_after_threat(
    body: &mut Body,
    state: &AppState,
    s: &Session,
    index: usize,
    old: &Threat,
) -> bool {
    let Some(new) = s.threats.get(index) else {
        return false;
    };
    if new.id != old.id {
        return false;
    }
    let naming: Vec<usize> = s
        .mitigations
        .iter()
        .enumerate()
        .filter(|(_, m)| m.addresses.contains(&new.id))
        .map(|(i, _)| i)
        .collect();
    body_after_cards(body, state, s, vec![index], &naming)
}

/// The rows of threat cards `cards` (positions) re-made at their rank, the gap header
/// anew and the priorities of mitigations `changed` (positions) re-placed.
fn body_after_cards(
    body: &mut Body,
    state: &AppState,
    s: &Session,
    mut cards: Vec<usize>,
    changed: &[usize],
) -> bool {
    let Some(figures) = state.figures() else {
        return false;
    };
    if state.plan.view != MitigationView::Threats
        || !figures.ids_unique(s)
        || body.list.len() != figures.rank.len()
    {
        return false;
    }
    cards.sort_unstable();
    cards.dedup();
    let list = std::sync::Arc::make_mut(&mut body.list);
    let before = list.len();
    // Ids are unique: a row is re-made when its id is one of theirs.
    let ids: Vec<&str> = cards.iter().map(|&i| s.threats[i].id.as_str()).collect();
    list.retain(|r| !matches!(&r.kind, RowKind::Threat(id) if ids.contains(&id.as_str())));
    if before - list.len() != cards.len() {
        return false;
    }
    let mut placed: Vec<(usize, usize)> = figures
        .rank
        .iter()
        .enumerate()
        .filter(|(_, (i, _))| cards.binary_search(i).is_ok())
        .map(|(at, (i, _))| (at, *i))
        .collect();
    placed.sort_unstable();
    for (at, i) in placed {
        let threat = &s.threats[i];
        let n = s
            .mitigations
            .iter()
            .flat_map(|m| &m.addresses)
            .filter(|t| **t == threat.id)
            .count();
        let Some((_, r)) = figures.rank.get(at) else {
            return false;
        };
        list.insert(at.min(list.len()), threat_row(threat, r, n));
    }
    body.header = gap_header(&state.gap_report());
    for &index in changed {
        prioritize::reprioritize(&mut body.priorities, s, &state.catalog, index, |id| {
            figures.threat_position(id).and_then(|i| s.threats.get(i))
        });
    }
    true
}

/// The ranked threats with the expanded one's mitigations and catalog candidates under it.
fn with_expansion(state: &AppState, s: &Session, body: &Body) -> ListRows {
    let catalog = &state.catalog;
    let Some(expanded) = expanded(state, s) else {
        return ListRows::new(body.list.clone());
    };
    let Some(at) = body
        .list
        .iter()
        .position(|r| matches!(&r.kind, RowKind::Threat(id) if *id == expanded))
    else {
        return ListRows::new(body.list.clone());
    };
    let mut rows = Vec::new();
    for m in s.mitigations_for(&expanded) {
        rows.push(row(
            RowKind::Mitigation(m.id.clone()),
            format!("  ✓ {} {} · {} · {}", m.id, m.name, m.kind, m.status),
            Tone::Ok,
        ));
    }
    for group in prioritize::adoption_candidates(s, catalog, &expanded) {
        rows.push(info(
            format!("  {} · {}", group.kind, group.layer.as_str()),
            Tone::Heading,
        ));
        for c in group.candidates {
            let mut text = format!("    + {} {}", c.id, c.name);
            if c.partial {
                text.push_str(" (partial)");
            }
            if let Some(m) = &c.adopted_as {
                text.push_str(&format!(" [as {m}]"));
            }
            rows.push(row(RowKind::Candidate(c.id.clone()), text, Tone::Text));
        }
    }
    ListRows::spliced(body.list.clone(), at + 1, rows)
}

/// The selected mitigation's card, or the selected candidate's catalog entry.
fn card(state: &AppState, s: &Session, list: &ListRows, body: &Body) -> (String, Vec<Row>) {
    let catalog = &state.catalog;
    let selected = match state.plan.view {
        MitigationView::Threats => {
            selected_index(state, list, Focus::List).map(|i| list[i].kind.clone())
        }
        _ => None,
    };
    let selected = selected.or_else(|| match state.plan.view {
        MitigationView::Ranking => body
            .priorities
            .get(state.plan.selected[0])
            .map(|p| RowKind::Mitigation(p.mitigation_id.clone())),
        _ => None,
    });
    match selected {
        Some(RowKind::Mitigation(id)) => {
            let Some(m) = s.mitigations.iter().find(|m| m.id == id) else {
                return (String::new(), Vec::new());
            };
            (
                format!("Mitigation Card {}", m.id),
                mitigation_card(state, m, &body.priorities),
            )
        }
        Some(RowKind::Candidate(id)) => {
            let Some(e) = catalog.mitigations.get(&id) else {
                return (String::new(), Vec::new());
            };
            let mut rows = vec![
                info(format!("{} {}", e.id, e.name), Tone::Heading),
                info(format!("{} · {}", e.kind, e.layer.as_str()), Tone::Muted),
                info(e.description.clone(), Tone::Text),
            ];
            rows.push(info("a adopts it for the threat", Tone::Muted));
            (format!("Catalog {}", e.id), rows)
        }
        Some(RowKind::Threat(id)) => {
            let rows = match s.threat(&id) {
                Some(t) => {
                    let r = risk::residual_with(&risk::Index::for_threat(s, &id), s, t, catalog);
                    vec![
                        info(format!("{} {}", t.id, t.name), Tone::Heading),
                        info(
                            format!(
                                "Inherent {} → residual {}",
                                level_text(r.inherent),
                                level_text(r.level)
                            ),
                            level_tone(r.level),
                        ),
                        info(
                            gaps::rules_broken(s, catalog, t)
                                .iter()
                                .map(|(rule, _)| rule.to_string())
                                .collect::<Vec<_>>()
                                .join("; "),
                            Tone::Warn,
                        ),
                        info("n adds a custom mitigation", Tone::Muted),
                    ]
                }
                None => Vec::new(),
            };
            (format!("Threat {id}"), rows)
        }
        _ => (String::new(), Vec::new()),
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |x| x.to_string())
}

fn mitigation_card(state: &AppState, m: &Mitigation, ranking: &[prioritize::Priority]) -> Vec<Row> {
    let catalog = &state.catalog;
    let mut rows = vec![
        value_row(
            "Name",
            &m.name,
            Value::Text(TextTarget::MitigationName(m.id.clone())),
        ),
        value_row("Type (t)", m.kind.as_str(), Value::Key(PlanKey::CycleKind)),
        value_row(
            "Status (s)",
            m.status.as_str(),
            Value::Key(PlanKey::CycleStatus),
        ),
        value_row(
            "Implementation (i)",
            m.implementation.as_str(),
            Value::Key(PlanKey::CycleImplementation),
        ),
        value_row(
            "Coverage (v)",
            m.coverage.as_str(),
            Value::Key(PlanKey::CycleCoverage),
        ),
        value_row(
            "Effectiveness (e)",
            &opt(m.effectiveness),
            Value::Key(PlanKey::CycleEffectiveness),
        ),
        value_row("Cost (o)", &opt(m.cost), Value::Key(PlanKey::CycleCost)),
        value_row(
            "Owner (w)",
            &m.owner,
            Value::Text(TextTarget::MitigationOwner(m.id.clone())),
        ),
        value_row(
            "Description (d)",
            &m.description,
            Value::Text(TextTarget::MitigationDescription(m.id.clone())),
        ),
        info(
            format!("Addresses: {}", m.addresses.join(", ")),
            Tone::Muted,
        ),
    ];
    if !m.catalog.is_empty() {
        rows.push(info(format!("Catalog: {}", m.catalog), Tone::Muted));
    }
    // Read-only: the OTM file's own data, written back by `export otm`.
    for (key, json) in &m.otm.kept {
        rows.push(info(format!("From OTM: {key} = {json}"), Tone::Muted));
    }
    match prioritize::recommendation(catalog, m) {
        Some(cell) => rows.push(info(
            format!("Cost × effectiveness: {}", cell.label),
            Tone::Ok,
        )),
        None => rows.push(info(
            "Cost × effectiveness: rate cost and effectiveness",
            Tone::Muted,
        )),
    }
    if let Some(pos) = ranking.iter().position(|p| p.mitigation_id == m.id) {
        let p = &ranking[pos];
        rows.push(info(
            format!(
                "Priority #{} of {} · score {:.1}{}",
                pos + 1,
                ranking.len(),
                p.score,
                if p.cost_assumed {
                    " (cost assumed Medium)"
                } else {
                    ""
                }
            ),
            Tone::Text,
        ));
    }
    rows
}

/// Moves phase 7's expanded threat to the threat the selection is on.
pub fn follow_selection(state: &mut AppState) {
    if state.plan.view != MitigationView::Threats {
        return;
    }
    if let Some(RowKind::Threat(id)) = selected_list(state)
        && context_threat(state).as_deref() != Some(id.as_str())
    {
        state.plan.threat = Some(id.clone());
        select_list(state, &RowKind::Threat(id));
    }
    // Pin the expanded threat: a re-ranking must not expand another one.
    state.plan.threat = context_threat(state);
}

/// Enter on a phase 7 row.
pub fn open(state: &mut AppState, row: RowKind) {
    match (state.plan.view, row) {
        (MitigationView::Threats, RowKind::Candidate(_)) => {
            key(state, PlanKey::Adopt);
        }
        (MitigationView::Threats, RowKind::Mitigation(_)) => state.plan.focus = Focus::Card,
        (MitigationView::Threats, RowKind::Threat(id)) => {
            state.plan.threat = Some(id);
        }
        (_, RowKind::Threat(id)) | (_, RowKind::Mitigation(id)) => {
            // From a gap list or the ranking, back to the tree at that threat.
            let threat = state.doc.as_ref().and_then(|d| {
                if d.session().threat(&id).is_some() {
                    Some(id.clone())
                } else {
                    d.session()
                        .mitigations
                        .iter()
                        .find(|m| m.id == id)
                        .and_then(|m| m.addresses.first().cloned())
                }
            });
            state.plan.view = MitigationView::Threats;
            state.plan.threat = threat.clone();
            if let Some(t) = threat {
                select_list(state, &RowKind::Threat(t));
            }
        }
        _ => {}
    }
}

/// The threat expanded in the tree: the one chosen, else the highest ranked.
fn expanded(state: &AppState, s: &Session) -> Option<String> {
    state
        .plan
        .threat
        .clone()
        .filter(|id| s.threat(id).is_some())
        .or_else(|| {
            let figures = state.figures()?;
            let (i, _) = figures.rank.first()?;
            s.threats.get(*i).map(|t| t.id.clone())
        })
}

/// The threat the phase 7 selection belongs to.
fn context_threat(state: &AppState) -> Option<String> {
    expanded(state, state.doc.as_ref()?.session())
}

/// The mitigation the phase 7 selection is on.
fn selected_mitigation(state: &AppState) -> Option<String> {
    match selected_list(state) {
        Some(RowKind::Mitigation(id)) => Some(id),
        _ => None,
    }
}

pub fn key(state: &mut AppState, k: PlanKey) -> Effect {
    follow_selection(state);
    match k {
        PlanKey::OpenMitigationForm => {
            // Every field of the Mitigation Card template, in a form over the list.
            match selected_mitigation(state) {
                Some(id) => crate::tui::forms::open_form(state, "mitigation", &id, None),
                None => state.message = Some("Select a mitigation to open its card form".into()),
            }
        }
        PlanKey::Gap(rule) => {
            state.plan.view = if state.plan.view == MitigationView::Gap(rule) {
                MitigationView::Threats
            } else {
                MitigationView::Gap(rule)
            };
            state.plan.selected[0] = 0;
            state.plan.focus = Focus::List;
        }
        PlanKey::Ranking => {
            state.plan.view = if state.plan.view == MitigationView::Ranking {
                MitigationView::Threats
            } else {
                MitigationView::Ranking
            };
            state.plan.selected[0] = 0;
            state.plan.focus = Focus::List;
        }
        PlanKey::Adopt => adopt_selected(state),
        PlanKey::NewMitigation => match context_threat(state) {
            Some(threat) => start_text(state, TextTarget::NewMitigation { threat }),
            None => state.message = Some("Select a threat first".into()),
        },
        PlanKey::EditOwner | PlanKey::EditDescription => match selected_mitigation(state) {
            Some(id) => start_text(
                state,
                if k == PlanKey::EditOwner {
                    TextTarget::MitigationOwner(id)
                } else {
                    TextTarget::MitigationDescription(id)
                },
            ),
            None => state.message = Some("Select a mitigation first".into()),
        },
        PlanKey::CycleStatus
        | PlanKey::CycleImplementation
        | PlanKey::CycleCoverage
        | PlanKey::CycleEffectiveness
        | PlanKey::CycleCost
        | PlanKey::CycleKind => {
            let Some(id) = selected_mitigation(state) else {
                state.message = Some("Select a mitigation first".into());
                return Effect::None;
            };
            // One record copied for undo, not the session.
            let index = state
                .doc
                .as_ref()
                .and_then(|d| d.session().mitigations.iter().position(|m| m.id == id));
            if let Some(index) = index {
                edit_record(state, |s| &mut s.mitigations, index, |m| cycle_field(m, k));
            }
        }
        _ => {}
    }
    Effect::None
}

fn cycle_field(m: &mut Mitigation, k: PlanKey) {
    match k {
        PlanKey::CycleStatus => m.status = cycle(MitigationStatus::ALL, m.status),
        PlanKey::CycleImplementation => {
            m.implementation = cycle(ImplementationStatus::ALL, m.implementation);
        }
        PlanKey::CycleCoverage => m.coverage = cycle(Coverage::ALL, m.coverage),
        PlanKey::CycleEffectiveness => {
            m.effectiveness = cycle_opt(Effectiveness::ALL, m.effectiveness);
        }
        PlanKey::CycleCost => m.cost = cycle_opt(Cost::ALL, m.cost),
        PlanKey::CycleKind if m.catalog.is_empty() => {
            m.kind = cycle(MitigationType::ALL, m.kind);
        }
        _ => {}
    }
}

fn adopt_selected(state: &mut AppState) {
    let (Some(RowKind::Candidate(catalog_id)), Some(threat)) =
        (selected_list(state), context_threat(state))
    else {
        state.message = Some("Select a catalog candidate (+) under a threat".into());
        return;
    };
    let Some(id) = adopt(state, &catalog_id, &threat) else {
        return;
    };
    state.message = Some(format!("{id} adopts {catalog_id} for {threat}"));
    select_list(state, &RowKind::Mitigation(id));
}

/// Adopts catalog mitigation `catalog_id` for `threat`: a new card with the next free
/// id, or the threat added to the card that already adopts it. Returns the card's id.
pub fn adopt(state: &mut AppState, catalog_id: &str, threat: &str) -> Option<String> {
    let entry = state.catalog.mitigations.get(catalog_id)?.clone();
    let s = state.doc.as_ref()?.session();
    let existing = s
        .mitigations
        .iter()
        .find(|m| m.catalog == catalog_id)
        .map(|m| m.id.clone());
    let id = existing.clone().unwrap_or_else(|| {
        ids::next_in(
            s,
            "M-",
            ids::Padding::Follow(2),
            s.mitigations.iter().map(|m| m.id.as_str()),
        )
    });
    let threat = threat.to_string();
    let card_id = id.clone();
    let at = existing.and_then(|id| s.mitigations.iter().position(|m| m.id == id));
    match at {
        // One mitigation changed in place, or one inserted: nothing else is copied.
        Some(index) => edit_record(
            state,
            |s| &mut s.mitigations,
            index,
            |m| {
                if !m.addresses.contains(&threat) {
                    m.addresses.push(threat);
                }
            },
        ),
        None => insert_record(
            state,
            |s| &mut s.mitigations,
            usize::MAX,
            Mitigation {
                otm: Default::default(),
                id: card_id,
                name: entry.name.clone(),
                catalog: entry.id.clone(),
                kind: entry.kind,
                description: entry.description.clone(),
                addresses: vec![threat],
                cost: None,
                effectiveness: None,
                status: MitigationStatus::Identified,
                implementation: ImplementationStatus::NotImplemented,
                coverage: Coverage::Full,
                owner: String::new(),
                attested: false,
                attestation: String::new(),
            },
        ),
    }
    Some(id)
}

/// A custom (non-catalog) Preventive mitigation named `name` for `threat`.
pub fn add_custom(state: &mut AppState, threat: &str, name: String) {
    if name.trim().is_empty() {
        return;
    }
    let Some(doc) = &state.doc else { return };
    let id = ids::next_in(
        doc.session(),
        "M-",
        ids::Padding::Follow(2),
        doc.session().mitigations.iter().map(|m| m.id.as_str()),
    );
    let card = Mitigation {
        otm: Default::default(),
        id: id.clone(),
        name: name.trim().to_string(),
        catalog: String::new(),
        kind: MitigationType::Preventive,
        description: String::new(),
        addresses: vec![threat.to_string()],
        cost: None,
        effectiveness: None,
        status: MitigationStatus::Identified,
        implementation: ImplementationStatus::NotImplemented,
        coverage: Coverage::Full,
        owner: String::new(),
        attested: false,
        attestation: String::new(),
    };
    insert_record(state, |s| &mut s.mitigations, usize::MAX, card);
    state.message = Some(format!("{id} added; t cycles its type"));
    select_list(state, &RowKind::Mitigation(id));
}

pub fn text(s: &Session, target: &TextTarget) -> String {
    let find = |id: &str| s.mitigations.iter().find(|m| m.id == id);
    match target {
        TextTarget::MitigationOwner(id) => find(id).map(|m| m.owner.clone()),
        TextTarget::MitigationDescription(id) => find(id).map(|m| m.description.clone()),
        TextTarget::MitigationName(id) => find(id).map(|m| m.name.clone()),
        _ => None,
    }
    .unwrap_or_default()
}

pub fn set_text(s: &mut Session, target: &TextTarget, text: String) {
    match target {
        TextTarget::MitigationOwner(id) => {
            if let Some(m) = s.mitigations.iter_mut().find(|m| m.id == *id) {
                m.owner = text;
            }
        }
        TextTarget::MitigationDescription(id) => {
            if let Some(m) = s.mitigations.iter_mut().find(|m| m.id == *id) {
                m.description = text;
            }
        }
        TextTarget::MitigationName(id) => {
            if let Some(m) = s.mitigations.iter_mut().find(|m| m.id == *id)
                && !text.trim().is_empty()
            {
                m.name = text;
            }
        }
        _ => {}
    }
}
