//! Phase 8 – Code validation: the applicability gate, a finding per mitigation and the
//! offline evidence search, whose candidates become evidence only when confirmed.

use super::plan::*;
use crate::analysis::evidence::{self, Hit};
use crate::session::ids;
use crate::session::{CodeValidation, Evidence, Session};
use crate::tui::app::AppState;
use crate::tui::history::PartKind;
use crate::tui::update::{Effect, edit_parts};
use crate::vocab::{ImplementationStatus, Level, SourceAccess};
use std::path::{Path, PathBuf};

fn gate_option(
    state: &AppState,
    access: SourceAccess,
) -> Option<&crate::catalog::phases::GateOption> {
    let id = match access {
        SourceAccess::Full => "full",
        SourceAccess::Partial => "partial",
        SourceAccess::None => "none",
    };
    state
        .catalog
        .phases
        .get(8)
        .and_then(|p| p.gate.as_ref())
        .and_then(|g| g.options.iter().find(|o| o.id == id))
}

fn finding<'a>(s: &'a Session, mitigation: &str) -> Option<&'a CodeValidation> {
    s.validations.iter().find(|v| v.mitigation == mitigation)
}

fn finding_text(v: Option<&CodeValidation>) -> &'static str {
    match v.and_then(|v| v.implementation) {
        None => "not checked",
        Some(ImplementationStatus::Implemented) => "verified",
        Some(ImplementationStatus::PartiallyImplemented) => "partial",
        Some(ImplementationStatus::NotImplemented) => "missing",
    }
}

pub fn screen(state: &AppState, s: &Session) -> Screenful {
    let access = s.code_validation.access;
    let mut header = vec![info(
        format!(
            "Source access (A): {}",
            access.map_or("not answered", |a| a.as_str())
        ),
        Tone::Heading,
    )];
    if let Some(o) = access.and_then(|a| gate_option(state, a)) {
        header.push(info(o.meaning.clone(), Tone::Text));
    }
    if let Some(none) = gate_option(state, SourceAccess::None)
        && access != Some(SourceAccess::None)
        && none.treat_mitigations_as_planned
    {
        header.push(info(
            "None: phase 9 counts unattested mitigations as planned only",
            Tone::Muted,
        ));
    } else if access == Some(SourceAccess::None) {
        header.push(info(
            "Phase 9 counts unattested mitigations as planned: Implemented counts as Partially",
            Tone::Warn,
        ));
    }
    header.push(info(
        format!(
            "Source root (r): {}",
            if s.code_validation.source_root.is_empty() {
                "—"
            } else {
                &s.code_validation.source_root
            }
        ),
        Tone::Text,
    ));
    // After a run its overview leads (small screens cut the header's end).
    match super::code_checks::overview(state, s) {
        Some(line) if state.plan.checks.is_some() => header.insert(0, line),
        line => header.extend(line),
    }
    header.extend(super::code_checks::not_adopted(state, s));
    let list = ListRows::new(state.plan_body().list.clone());
    let selected = selected_index(state, &list, Focus::List).map(|i| list[i].kind.clone());
    let (card_title, card) = match selected {
        Some(RowKind::Mitigation(id)) => (format!("Finding for {id}"), card(state, s, &id)),
        _ => (String::new(), Vec::new()),
    };
    Screenful {
        header,
        list_title: "Mitigations (f search · C code checks · y/x)".into(),
        list,
        card_title,
        card,
    }
}

/// The mitigations with their findings: what does not move with the selection.
pub fn body(s: &Session) -> Body {
    // The first finding of each mitigation, found once (a scan per row was
    // O(mitigations × validations)).
    let mut findings: foldhash::HashMap<&str, &CodeValidation> = Default::default();
    for v in &s.validations {
        findings.entry(v.mitigation.as_str()).or_insert(v);
    }
    let list = s
        .mitigations
        .iter()
        .map(|m| {
            let v = findings.get(m.id.as_str()).copied();
            let text = finding_text(v);
            let tone = match text {
                "verified" => Tone::Ok,
                "partial" => Tone::Warn,
                "missing" => Tone::Danger,
                _ => Tone::Muted,
            };
            row(
                RowKind::Mitigation(m.id.clone()),
                format!("{} {} · {text}", m.id, m.name),
                tone,
            )
        })
        .collect::<Vec<_>>();
    Body {
        list: std::sync::Arc::new(list),
        ..Body::default()
    }
}

fn card(state: &AppState, s: &Session, id: &str) -> Vec<Row> {
    let v = finding(s, id);
    let mut rows = vec![
        value_row(
            "Implementation (i)",
            &v.and_then(|v| v.implementation)
                .map_or_else(|| "not checked".into(), |i| i.to_string()),
            Value::Key(PlanKey::CycleFinding),
        ),
        value_row(
            "Expected artifact",
            v.map_or("", |v| v.expected_artifact.as_str()),
            Value::Text(TextTarget::FindingArtifact(id.to_string())),
        ),
        value_row(
            "Gaps",
            v.map_or("", |v| v.gaps.as_str()),
            Value::Text(TextTarget::FindingGaps(id.to_string())),
        ),
        value_row(
            "Test coverage (T)",
            v.map_or("", |v| v.test_coverage.as_str()),
            Value::Key(PlanKey::CycleTestCoverage),
        ),
        value_row(
            "Anti-patterns (; between)",
            &v.map_or_else(String::new, |v| v.anti_patterns.join("; ")),
            Value::Text(TextTarget::FindingAntiPatterns(id.to_string())),
        ),
        value_row(
            "Remediation priority (P)",
            &v.and_then(|v| v.priority)
                .map_or_else(String::new, |p| p.to_string()),
            Value::Key(PlanKey::CycleFindingPriority),
        ),
        info("Evidence", Tone::Heading),
    ];
    for (i, e) in v
        .map_or(&[][..], |v| v.evidence.as_slice())
        .iter()
        .enumerate()
    {
        let at = e.line.map_or_else(String::new, |l| format!(":{l}"));
        rows.push(row(
            RowKind::Evidence(id.to_string(), i),
            format!("  {}{at} {}", e.file, e.note),
            Tone::Ok,
        ));
    }
    rows.extend(super::code_checks::rows(state, s, id));
    rows.push(value_row(
        "  Add evidence",
        "file:line note",
        Value::Text(TextTarget::AddEvidence(id.to_string())),
    ));
    if let Some(search) = state.plan.search.as_ref().filter(|x| x.mitigation == id) {
        rows.push(info(
            format!(
                "Candidates ({}{}) — y confirm, x reject",
                search.hits.len(),
                if search.truncated { ", capped" } else { "" }
            ),
            Tone::Heading,
        ));
        for (i, h) in search.hits.iter().enumerate() {
            rows.push(row(
                RowKind::Hit(i),
                format!("  ? {}:{} {}", h.path.display(), h.line, h.text.trim()),
                Tone::Text,
            ));
        }
    } else if let Some(m) = s.mitigations.iter().find(|m| m.id == id) {
        let terms = evidence::catalog_terms(&state.catalog, m);
        rows.push(info(
            if terms.is_empty() {
                "No catalog search terms (custom mitigation)".to_string()
            } else {
                format!("f searches for: {}", terms.join(", "))
            },
            Tone::Muted,
        ));
    }
    rows
}

fn selected_mitigation(state: &AppState) -> Option<String> {
    match selected_list(state) {
        Some(RowKind::Mitigation(id)) => Some(id),
        _ => None,
    }
}

/// Where the source root points, relative paths read from the session's directory.
pub fn resolve_root(session_path: &Path, root: &str) -> PathBuf {
    let root = PathBuf::from(root);
    if root.is_absolute() {
        root
    } else {
        session_path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or(root.clone(), |p| p.join(&root))
    }
}

pub fn key(state: &mut AppState, k: PlanKey) -> Effect {
    match k {
        PlanKey::CycleGate => {
            edit_parts(state, &[PartKind::code_validation], |s| {
                s.code_validation.access = cycle_opt(SourceAccess::ALL, s.code_validation.access);
            });
        }
        PlanKey::SourceRoot => start_text(state, TextTarget::SourceRoot),
        PlanKey::CycleFindingPriority => {
            let Some(id) = selected_mitigation(state) else {
                return Effect::None;
            };
            edit_parts(state, &[PartKind::validations], |s| {
                let v = finding_mut(s, &id);
                v.priority = cycle_opt(Level::ALL, v.priority);
            });
        }
        PlanKey::CycleTestCoverage => {
            let Some(id) = selected_mitigation(state) else {
                return Effect::None;
            };
            // A closed list of the catalog (taxonomy `test_coverage`): cycled, never typed.
            let names: Vec<String> = state
                .catalog
                .taxonomy
                .closed("validation", "test_coverage")
                .unwrap_or_default()
                .iter()
                .map(|c| c.name.clone())
                .collect();
            edit_parts(state, &[PartKind::validations], |s| {
                let v = finding_mut(s, &id);
                v.test_coverage = next_name(&names, &v.test_coverage);
            });
        }
        PlanKey::CycleFinding => {
            let Some(id) = selected_mitigation(state) else {
                return Effect::None;
            };
            edit_parts(state, &[PartKind::validations], |s| {
                let v = finding_mut(s, &id);
                v.implementation = cycle_opt(ImplementationStatus::ALL, v.implementation);
            });
        }
        PlanKey::Search => return search(state),
        PlanKey::CodeChecks => return super::code_checks::run(state),
        PlanKey::Confirm | PlanKey::Reject => {
            if let (Some(RowKind::Check(i)), Some(id), Focus::Card) = (
                selected_card(state),
                selected_mitigation(state),
                state.plan.focus,
            ) {
                super::code_checks::resolve(state, &id, i, k == PlanKey::Confirm);
                return Effect::None;
            }
            let hit = match selected_card(state) {
                Some(RowKind::Hit(i)) if state.plan.focus == Focus::Card => Some(i),
                _ if state
                    .plan
                    .search
                    .as_ref()
                    .is_some_and(|s| !s.hits.is_empty()) =>
                {
                    Some(0)
                }
                _ => None,
            };
            let Some(i) = hit else {
                state.message = Some("No candidate to confirm or reject".into());
                return Effect::None;
            };
            resolve_hit(state, i, k == PlanKey::Confirm);
        }
        _ => {}
    }
    Effect::None
}

fn search(state: &mut AppState) -> Effect {
    let (Some(id), Some(doc)) = (selected_mitigation(state), &state.doc) else {
        return Effect::None;
    };
    let s = doc.session();
    if s.code_validation.source_root.trim().is_empty() {
        state.message = Some("Set the source root first (r)".into());
        return Effect::None;
    }
    let Some(m) = s.mitigations.iter().find(|m| m.id == id) else {
        return Effect::None;
    };
    let terms = evidence::catalog_terms(&state.catalog, m);
    if terms.is_empty() {
        state.message = Some(format!("{id} has no catalog search terms"));
        return Effect::None;
    }
    Effect::Plan(PlanEffect::Search {
        mitigation: id,
        root: resolve_root(&doc.path, &s.code_validation.source_root),
        terms,
    })
}

pub fn search_done(
    state: &mut AppState,
    mitigation: String,
    result: Result<(Vec<Hit>, bool), String>,
) {
    match result {
        Ok((hits, truncated)) => {
            state.message = Some(format!(
                "{} candidate line(s) for {mitigation}; confirm (y) or reject (x)",
                hits.len()
            ));
            state.plan.search = Some(SearchState {
                mitigation,
                hits,
                truncated,
            });
            state.plan.focus = Focus::Card;
            // First candidate row of the card.
            let sc = screen_card_len_before_hits(state);
            state.plan.card_selected[1] = sc;
        }
        Err(e) => state.message = Some(format!("evidence search: {e}")),
    }
}

/// Number of selectable card rows before the first candidate.
fn screen_card_len_before_hits(state: &AppState) -> usize {
    let sc = super::plan::screen(state);
    sc.card
        .iter()
        .filter(|r| r.kind.selectable())
        .take_while(|r| !matches!(r.kind, RowKind::Hit(_)))
        .count()
}

fn resolve_hit(state: &mut AppState, i: usize, confirm: bool) {
    let Some(search) = &mut state.plan.search else {
        return;
    };
    if i >= search.hits.len() {
        return;
    }
    let hit = search.hits.remove(i);
    let mitigation = search.mitigation.clone();
    if confirm {
        let e = Evidence {
            file: hit.path.display().to_string(),
            line: Some(hit.line),
            note: format!("matches `{}`: {}", hit.term, hit.text.trim()),
        };
        edit_parts(state, &[PartKind::validations], |s| {
            finding_mut(s, &mitigation).evidence.push(e)
        });
        state.message = Some(format!("Evidence added to {mitigation}"));
    } else {
        state.message = Some("Candidate rejected".into());
    }
}

/// The finding of `mitigation`, created with the next free id when missing.
pub fn finding_mut<'a>(s: &'a mut Session, mitigation: &str) -> &'a mut CodeValidation {
    if let Some(i) = s
        .validations
        .iter()
        .position(|v| v.mitigation == mitigation)
    {
        return &mut s.validations[i];
    }
    let id = ids::next_in(
        s,
        "CV-",
        ids::Padding::Follow(2),
        s.validations.iter().map(|v| v.id.as_str()),
    );
    s.validations.push(CodeValidation {
        id,
        mitigation: mitigation.to_string(),
        ..Default::default()
    });
    s.validations.last_mut().expect("just pushed")
}

/// Manual evidence: `file[:line] note`.
pub fn add_evidence(state: &mut AppState, mitigation: &str, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let (location, note) = text.split_once(' ').unwrap_or((text, ""));
    let (file, line) = match location.rsplit_once(':') {
        Some((f, l)) if l.parse::<u32>().is_ok() => (f.to_string(), l.parse().ok()),
        _ => (location.to_string(), None),
    };
    let e = Evidence {
        file,
        line,
        note: note.trim().to_string(),
    };
    edit_parts(state, &[PartKind::validations], |s| {
        finding_mut(s, mitigation).evidence.push(e)
    });
}

pub fn text(s: &Session, target: &TextTarget) -> String {
    match target {
        TextTarget::SourceRoot => Some(s.code_validation.source_root.clone()),
        TextTarget::FindingArtifact(m) => finding(s, m).map(|v| v.expected_artifact.clone()),
        TextTarget::FindingGaps(m) => finding(s, m).map(|v| v.gaps.clone()),
        TextTarget::FindingAntiPatterns(m) => finding(s, m).map(|v| v.anti_patterns.join("; ")),
        _ => None,
    }
    .unwrap_or_default()
}

pub fn set_text(s: &mut Session, target: &TextTarget, text: String) {
    match target {
        TextTarget::SourceRoot => s.code_validation.source_root = text,
        TextTarget::FindingArtifact(m) => finding_mut(s, m).expected_artifact = text,
        TextTarget::FindingGaps(m) => finding_mut(s, m).gaps = text,
        TextTarget::FindingAntiPatterns(m) => {
            finding_mut(s, m).anti_patterns = text
                .split(';')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect();
        }
        _ => {}
    }
}

/// The name after `current` in `names` (matched ignoring case), then unset, then the
/// first again.
fn next_name(names: &[String], current: &str) -> String {
    if current.trim().is_empty() {
        return names.first().cloned().unwrap_or_default();
    }
    let at = names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(current.trim()));
    match at {
        Some(i) => names.get(i + 1).cloned().unwrap_or_default(),
        // A value from an older file or a hand edit: start the list over.
        None => names.first().cloned().unwrap_or_default(),
    }
}
