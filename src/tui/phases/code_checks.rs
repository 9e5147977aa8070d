//! Phase 8 code checks in the TUI (issue 20): `C` runs discovery's rule-based checks
//! over the source root (an effect the runtime performs); the card of each mitigation
//! lists the hits that concern it, for or against, with the threats it addresses, and
//! `y` / `x` confirm a hit as evidence on the finding or reject it.
//!
//! Which hit concerns which card, the evidence it becomes and the status it suggests
//! are the core's (`crate::discover::checks`); this module renders rows and dispatches.

use super::plan::*;
use super::validation::{finding_mut, resolve_root};
use crate::catalog::discover::Stance;
use crate::discover::CheckHit;
use crate::discover::checks;
use crate::session::Session;
use crate::tui::action::Action;
use crate::tui::app::AppState;
use crate::tui::history::PartKind;
use crate::tui::update::{Effect, edit_parts};
use std::path::PathBuf;

/// Hits of the last run (not saved: a run is cheap, the confirmed ones are evidence).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChecksState {
    pub root: PathBuf,
    pub hits: Vec<CheckHit>,
    /// Indexes into `hits` the analyst rejected.
    pub rejected: Vec<usize>,
    pub files_scanned: usize,
}

/// `C`: scan the source root.
pub fn run(state: &mut AppState) -> Effect {
    let Some(doc) = &state.doc else {
        return Effect::None;
    };
    let s = doc.session();
    if s.code_validation.source_root.trim().is_empty() {
        state.message = Some("Set the source root first (r)".into());
        return Effect::None;
    }
    let root = resolve_root(&doc.path, &s.code_validation.source_root);
    state.message = Some(format!("Running code checks on {}…", root.display()));
    Effect::Plan(PlanEffect::Checks { root })
}

/// Runtime side: the discovery scan, its check hits kept.
pub fn perform(root: PathBuf, state: &AppState) -> Action {
    let result =
        crate::discover::discover(&root, &state.catalog, crate::discover::Limits::default())
            .map(|d| (d.checks, d.files_scanned))
            .map_err(|e| e.to_string());
    Action::Plan(PlanAction::ChecksDone { root, result })
}

pub fn done(state: &mut AppState, root: PathBuf, result: Result<(Vec<CheckHit>, usize), String>) {
    match result {
        Ok((hits, files_scanned)) => {
            let concern = state.doc.as_ref().map_or(0, |d| {
                hits.iter()
                    .filter(|h| checks::cards_of(d.session(), h).next().is_some())
                    .count()
            });
            state.message = Some(format!(
                "{} code-check hits in {files_scanned} files, {concern} on this model's mitigations",
                hits.len()
            ));
            state.plan.checks = Some(ChecksState {
                root,
                hits,
                rejected: Vec::new(),
                files_scanned,
            });
        }
        Err(e) => state.message = Some(format!("code checks: {e}")),
    }
}

/// The header line: which cards have hits, against ones first named.
pub fn overview(state: &AppState, s: &Session) -> Option<Row> {
    let Some(run) = &state.plan.checks else {
        return Some(info("Code checks (C): not run", Tone::Muted));
    };
    let cards = checks::overview(s, &run.hits, &run.rejected);
    if cards.is_empty() {
        return Some(info(
            format!(
                "Code checks: {} hits, none on this model's mitigations",
                run.hits.len()
            ),
            Tone::Muted,
        ));
    }
    let against: Vec<String> = cards
        .iter()
        .filter(|c| c.2 > 0)
        .map(|c| format!("{} ({})", c.0, c.2))
        .collect();
    let support: Vec<String> = cards
        .iter()
        .filter(|c| c.1 > 0)
        .map(|c| format!("{} ({})", c.0, c.1))
        .collect();
    let list = |v: Vec<String>| {
        if v.is_empty() {
            "—".into()
        } else {
            v.join(", ")
        }
    };
    Some(info(
        format!(
            "Code checks: against {} · for {}",
            list(against),
            list(support)
        ),
        if cards.iter().any(|c| c.2 > 0) {
            Tone::Warn
        } else {
            Tone::Ok
        },
    ))
}

/// Hits for catalog mitigations no card adopts: threats the model has no control for.
pub fn not_adopted(state: &AppState, s: &Session) -> Option<Row> {
    let run = state.plan.checks.as_ref()?;
    let others: Vec<String> = checks::not_adopted(s, &run.hits, &run.rejected)
        .into_iter()
        .map(|(m, n)| format!("{m} ({n})"))
        .collect();
    (!others.is_empty()).then(|| {
        info(
            format!(
                "Code-check hits on catalog mitigations not adopted (phase 7): {}",
                others.join(", ")
            ),
            Tone::Warn,
        )
    })
}

/// The card's code-check rows: the threats concerned, each hit and what the confirmed
/// ones suggest.
pub fn rows(state: &AppState, s: &Session, mitigation: &str) -> Vec<Row> {
    let Some(run) = &state.plan.checks else {
        return Vec::new();
    };
    let hits = checks::for_card(s, &state.catalog, mitigation, &run.hits, &run.rejected);
    if hits.is_empty() {
        return Vec::new();
    }
    let threats = checks::threats_of(s, mitigation);
    let mut rows = vec![info(
        format!(
            "Code checks ({}) — concern {} — y confirm, x reject",
            hits.len(),
            if threats.is_empty() {
                "no threat yet".to_string()
            } else {
                threats.join(", ")
            }
        ),
        Tone::Heading,
    )];
    for h in &hits {
        let (mark, tone) = match (h.confirmed, h.hit.stance) {
            (true, _) => ("✓", Tone::Ok),
            (false, Stance::Against) => ("−", Tone::Danger),
            (false, Stance::For) => ("+", Tone::Text),
        };
        let name = h.rule.map_or(h.hit.check.as_str(), |r| r.name.as_str());
        rows.push(row(
            RowKind::Check(h.index),
            crate::text::sanitize_inline(&format!(
                "  {mark} {}:{} {name}: {}",
                h.hit.path,
                h.hit.line,
                h.hit.snippet.trim()
            ))
            .into_owned(),
            tone,
        ));
    }
    if let Some(finding) = s.validations.iter().find(|v| v.mitigation == mitigation) {
        let (support, against) = checks::confirmed_counts(finding);
        if let Some(status) = checks::suggested_status(support, against) {
            rows.push(info(
                format!(
                    "  Confirmed: {support} for, {against} against — suggests {status} (i sets it)"
                ),
                Tone::Muted,
            ));
        }
    }
    rows
}

/// `y` / `x` on a hit of the selected card.
pub fn resolve(state: &mut AppState, mitigation: &str, index: usize, confirm: bool) {
    let Some(run) = &mut state.plan.checks else {
        return;
    };
    let Some(hit) = run.hits.get(index).cloned() else {
        return;
    };
    if !confirm {
        run.rejected.push(index);
        state.message = Some(format!("Hit {}:{} rejected", hit.path, hit.line));
        return;
    }
    let rule = checks::rule(&state.catalog, &hit).cloned();
    let mut added = false;
    edit_parts(state, &[PartKind::validations], |s| {
        added = checks::confirm(finding_mut(s, mitigation), &hit, rule.as_ref());
    });
    // The new evidence row sits above the hits: keep the selection on this hit.
    if let Some(at) = screen(state)
        .card
        .iter()
        .filter(|r| r.kind.selectable())
        .position(|r| r.kind == RowKind::Check(index))
    {
        state.plan.card_selected[1] = at;
    }
    state.message = Some(if added {
        format!(
            "Evidence {} added to {mitigation} ({}:{})",
            match hit.stance {
                Stance::For => "for",
                Stance::Against => "against",
            },
            crate::text::sanitize_inline(&hit.path),
            hit.line
        )
    } else {
        "Already confirmed".into()
    });
}
