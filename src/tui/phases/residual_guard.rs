//! Phase 9's guards (rules in `analysis::guards`): Mitigated only with an implemented
//! mitigation, else the disposition skips it and says why; Accepted above the risk
//! tolerance asks for the justification, then the approver.

use super::plan::{TextTarget, cycle_opt, start_text};
use super::residual::{ResidualText, entry_mut};
use crate::analysis::guards;
use crate::tui::app::AppState;
use crate::tui::history::PartKind;
use crate::tui::update::{Effect, edit_parts};
use crate::vocab::Disposition;

/// `d` on a threat: the next disposition, Mitigated skipped (with the reason) while no
/// mitigation of the threat is implemented.
pub fn cycle_disposition(state: &mut AppState, threat: &str) -> Effect {
    let Some(doc) = &state.doc else {
        return Effect::None;
    };
    let s = doc.session();
    let current = s
        .residual_risks
        .iter()
        .find(|r| r.threat == threat)
        .and_then(|r| r.disposition);
    let mut next = cycle_opt(Disposition::ALL, current);
    let mut refused = None;
    if next == Some(Disposition::Mitigated)
        && let Some(why) = guards::mitigated_refusal(s, threat)
    {
        refused = Some(why);
        next = cycle_opt(Disposition::ALL, next);
    }
    let catalog = state.catalog.clone();
    edit_parts(state, &[PartKind::residual_risks], |s| {
        entry_mut(s, &catalog, threat).disposition = next;
    });
    if state.read_only().is_some() {
        return Effect::None;
    }
    let shown = next.map_or_else(|| "none".to_string(), |d| d.to_string());
    state.message = Some(match &refused {
        Some(why) => format!("Not Mitigated: {why}. Disposition {shown}"),
        None => format!("{threat}: disposition {shown}"),
    });
    if ask_what_acceptance_lacks(state, threat)
        && let (Some(why), Some(asked)) = (refused, state.message.take())
    {
        state.message = Some(format!("Not Mitigated: {why}. {asked}"));
    }
    Effect::None
}

/// After a residual text was written: the next thing an acceptance above the
/// tolerance lacks, asked at once.
pub fn after_text(state: &mut AppState, target: &TextTarget) {
    if let TextTarget::Residual(threat, ResidualText::Justification) = target {
        let threat = threat.clone();
        ask_what_acceptance_lacks(state, &threat);
    }
}

/// Opens the field an acceptance above the tolerance lacks first; false when none.
fn ask_what_acceptance_lacks(state: &mut AppState, threat: &str) -> bool {
    let Some(doc) = &state.doc else { return false };
    let s = doc.session();
    let Some(entry) = s.residual_risks.iter().find(|r| r.threat == threat) else {
        return false;
    };
    let lacks = guards::acceptance_lacks(s, &state.catalog, entry);
    let field = match lacks.first() {
        Some(&"justification") => ResidualText::Justification,
        Some(_) => ResidualText::ApprovedBy,
        None => return false,
    };
    state.message = Some(format!(
        "{threat} is above the risk tolerance: accepting it needs {}",
        if field == ResidualText::Justification {
            "a business justification, then an approver"
        } else {
            "the name of who approves it"
        }
    ));
    start_text(state, TextTarget::Residual(threat.to_string(), field));
    true
}
