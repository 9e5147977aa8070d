//! Moving through the workbench (issue 24): Esc from a form lands on its list, lists
//! keep the selected record when they re-sort, every command says what it did and the
//! status line is never stale. Driven through the real key mapping, like the runtime.

use super::action::Action;
use super::action::Command;
use super::app::*;
use super::update::update;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;

/// The customer-support example, opened editable.
pub(super) fn example() -> AppState {
    crate::tui::test_support::example("customer-support-mas.toml")
}

/// One key through the input mapping and `update`.
pub(super) fn press(s: &mut AppState, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = super::input::map_event(s, &event) {
        update(s, action);
    }
}

pub(super) fn keys(s: &mut AppState, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

pub(super) fn screen(s: &AppState, width: u16, height: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    t.draw(|f| super::views::render(f, s)).unwrap();
    let buffer = t.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn selected_id(s: &AppState) -> Option<String> {
    s.selected_record().and_then(|r| r.record).map(|r| r.id)
}

#[test]
fn esc_from_a_form_opened_from_the_rail_lands_on_its_list() {
    let mut s = example();
    keys(&mut s, "2");
    // Esc on the list goes to the rail; `a` there still adds a component.
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.pane, Pane::Rail);
    keys(&mut s, "a");
    let form = s.form.clone().expect("the new component's form");
    assert_eq!(form.kind, "component");
    press(&mut s, KeyCode::Esc);
    assert!(s.form.is_none());
    assert_eq!(s.pane, Pane::Records, "back on the list, not the rail");
    assert_eq!(selected_id(&s), Some(form.id.clone()), "on the new record");
    // j/k move in the list; the phase stays.
    keys(&mut s, "jk");
    assert_eq!(s.phase, 2);
    assert_eq!(selected_id(&s), Some(form.id));
}

#[test]
fn esc_from_a_form_opened_by_enter_returns_to_the_same_row() {
    let mut s = example();
    keys(&mut s, "4");
    let at = s
        .records()
        .iter()
        .position(|r| {
            r.record
                .as_ref()
                .is_some_and(|k| k.kind == "boundary" && !k.id.is_empty())
        })
        .unwrap();
    s.records_nav.selected = at;
    let id = selected_id(&s).unwrap();
    press(&mut s, KeyCode::Enter);
    assert!(s.form.is_some());
    // Edit a field, finish it, then leave the form.
    press(&mut s, KeyCode::Down);
    press(&mut s, KeyCode::Esc);
    assert!(s.form.is_none());
    assert_eq!((s.pane, s.phase), (Pane::Records, 4));
    assert_eq!(selected_id(&s), Some(id));
}

#[test]
fn esc_from_the_mitigation_form_of_phase_7_lands_on_the_list() {
    let mut s = example();
    keys(&mut s, "7");
    // Down to a mitigation row of the expanded threat (the threat's first child), then
    // to the rail: phase 7's keys still act on the list's selection.
    keys(&mut s, "j");
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.pane, Pane::Rail);
    keys(&mut s, "F");
    assert!(s.form.is_some(), "{:?}", s.message);
    press(&mut s, KeyCode::Esc);
    assert!(s.form.is_none());
    assert_eq!(s.pane, Pane::Records);
    keys(&mut s, "j");
    assert_eq!(s.phase, 7);
}

/// The row phase 7's list has selected.
fn plan_selected(s: &AppState) -> Option<super::phases::plan::RowKind> {
    super::phases::plan::selected_list(s)
}

#[test]
fn phase_7_keeps_the_selected_mitigation_when_the_list_re_ranks() {
    use super::phases::plan::RowKind;
    let mut s = example();
    keys(&mut s, "7");
    // The first catalog candidate under the expanded (top-ranked) threat.
    while !matches!(plan_selected(&s), Some(RowKind::Candidate(_))) {
        keys(&mut s, "j");
    }
    let Some(RowKind::Threat(threat)) = s.plan.threat.clone().map(RowKind::Threat) else {
        unreachable!()
    };
    keys(&mut s, "a");
    let adopted = s.message.clone().unwrap();
    let id = adopted.split(' ').next().unwrap().to_string();
    assert!(adopted.contains(&format!("for {threat}")), "{adopted}");
    assert_eq!(plan_selected(&s), Some(RowKind::Mitigation(id.clone())));
    let rank = |s: &AppState| {
        super::phases::plan::screen(s)
            .list
            .iter()
            .position(|r| r.kind == RowKind::Threat(threat.clone()))
    };
    let before = rank(&s);
    // Implementing it lowers the threat's residual risk: the threat moves down the
    // ranking, and the selection moves with it.
    keys(&mut s, "ii");
    let moved = rank(&s);
    assert_ne!(moved, before, "the list re-sorted");
    assert_eq!(plan_selected(&s), Some(RowKind::Mitigation(id.clone())));
    // Undo (not a phase-7 key) moves it back up: the selection follows again.
    keys(&mut s, "u");
    let back = rank(&s);
    assert_ne!(back, moved, "the list re-sorted back");
    assert_eq!(plan_selected(&s), Some(RowKind::Mitigation(id.clone())));
    // So does an edit made in the mitigation's form.
    keys(&mut s, "i");
    let implemented = rank(&s);
    keys(&mut s, "F");
    let form = s.form.clone().expect("the mitigation form");
    assert_eq!(form.id, id);
    let field = super::forms::specs_and_values(&s, &form)
        .0
        .iter()
        .position(|f| f.key == "coverage")
        .unwrap();
    s.form.as_mut().unwrap().focus = field;
    press(&mut s, KeyCode::Enter);
    keys(&mut s, "partial");
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Esc);
    assert!(s.form.is_none());
    assert_ne!(
        rank(&s),
        implemented,
        "partial coverage: the threat moved again"
    );
    assert_eq!(plan_selected(&s), Some(RowKind::Mitigation(id.clone())));
    // So the next candidate adopted is still one of this threat's.
    while !matches!(plan_selected(&s), Some(RowKind::Candidate(_))) {
        keys(&mut s, "j");
    }
    keys(&mut s, "a");
    let next = s.message.clone().unwrap();
    assert!(next.contains(&format!("for {threat}")), "{next}");
}

#[test]
fn the_register_keeps_the_selected_threat_when_it_is_sorted_or_rated() {
    let mut s = example();
    keys(&mut s, "6r");
    assert_eq!(
        s.threats.view(),
        Some(&super::phases::threats::View::Register)
    );
    keys(&mut s, "jjj");
    let selected = |s: &AppState| s.register_rows()[s.threats.register.selected].id.clone();
    let id = selected(&s);
    let position = |s: &AppState| s.register_rows().iter().position(|r| r.id == id);
    let before = position(&s);
    // Sorted by inherent level: the threat moves, the selection with it.
    keys(&mut s, "o");
    assert_ne!(position(&s), before, "the register re-sorted");
    assert_eq!(selected(&s), id);
    // Rated down on its card: back in the register, still on it.
    press(&mut s, KeyCode::Enter);
    keys(&mut s, "SSS");
    press(&mut s, KeyCode::Esc);
    assert_eq!(
        s.threats.view(),
        Some(&super::phases::threats::View::Register)
    );
    assert_eq!(selected(&s), id);
}

#[test]
fn the_status_line_never_says_saved_while_the_header_says_unsaved() {
    let mut s = example();
    update(
        &mut s,
        Action::Saved(PathBuf::from("sessions/customer-support-mas.toml")),
    );
    let text = screen(&s, 80, 24);
    let (header, status) = (text.lines().next().unwrap(), text.lines().last().unwrap());
    assert!(
        header.contains("saved") && status.contains("Saved"),
        "{text}"
    );
    // An edit that says nothing itself: the phase 1 application, typed in place.
    keys(&mut s, "j");
    press(&mut s, KeyCode::Enter);
    keys(&mut s, " v2");
    press(&mut s, KeyCode::Enter);
    assert!(s.is_dirty());
    let text = screen(&s, 80, 24);
    let (header, status) = (text.lines().next().unwrap(), text.lines().last().unwrap());
    assert!(header.contains("unsaved"), "{header}");
    assert!(!status.contains("Saved"), "stale status line: {status}");
    assert!(status.contains("not saved yet"), "{status}");
    // Undone back to the saved version: said so.
    update(&mut s, Action::Command(Command::Undo));
    update(&mut s, Action::Saved(PathBuf::from("x.toml")));
    update(&mut s, Action::Command(Command::Redo));
    assert!(s.is_dirty());
    assert!(!s.message.as_deref().unwrap_or("").starts_with("Saved"));
}

#[test]
fn marking_a_layer_assessed_says_so() {
    let mut s = example();
    keys(&mut s, "6");
    s.message = None;
    let layer = s.layer();
    let was = s
        .doc
        .as_ref()
        .unwrap()
        .session()
        .analysis
        .assessed_layers
        .contains(&layer);
    keys(&mut s, "A");
    let said = s.message.clone().expect("feedback for A");
    assert!(said.contains(layer.as_str()), "{said}");
    assert_eq!(said.contains("no longer"), was, "{said}");
    keys(&mut s, "A");
    let again = s.message.clone().unwrap();
    assert_ne!(again, said);
    assert!(
        screen(&s, 80, 24)
            .lines()
            .last()
            .unwrap()
            .contains(&again[..20])
    );
}

/// Names beside ids in the flow and boundary lists, whole on a wide screen and cut on
/// both ends at 80×24.
#[test]
fn flow_and_boundary_lists_show_names_beside_ids() {
    let mut s = example();
    s.guidance_collapsed = true;
    keys(&mut s, "2");
    let at = s
        .records()
        .iter()
        .position(|r| r.label.starts_with("F7 "))
        .unwrap();
    s.records_nav.selected = at;
    let wide = screen(&s, 200, 50);
    assert!(
        wide.contains("F7 Refunds agent → Billing MCP server"),
        "{wide}"
    );
    assert!(!wide.contains("F7 refunds-agent → billing-mcp"), "{wide}");
    let narrow = screen(&s, 80, 24);
    assert!(narrow.contains("F7 Refunds ag… → Billing MC…"), "{narrow}");
    keys(&mut s, "4");
    let at = s
        .records()
        .iter()
        .position(|r| r.label.starts_with("TB2 "))
        .unwrap();
    s.records_nav.selected = at;
    let wide = screen(&s, 200, 50);
    assert!(
        wide.contains("TB2 Support application zone → Third-party services"),
        "{wide}"
    );
    let narrow = screen(&s, 80, 24);
    assert!(narrow.contains("TB2 Support a… → Third-part…"), "{narrow}");
    assert!(!narrow.contains("Z-APP → Z-EXT"), "{narrow}");
}

/// The screen's text with borders and spaces taken out: a wrapped sentence reads as
/// one run.
fn squeezed(screen: &str) -> String {
    screen
        .lines()
        .map(|l| {
            // The records pane is the right-hand box at 80 columns.
            let inner: String = l.chars().skip(31).take(48).collect();
            inner
        })
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn engagement_questions_and_criteria_wrap_in_full_at_80x24() {
    let mut s = example();
    s.guidance_collapsed = true;
    let question = s.catalog.engagement.questions[1].clone();
    let at = s
        .records()
        .iter()
        .position(|r| {
            r.record
                .as_ref()
                .is_some_and(|k| k.field.as_deref() == Some(question.id.as_str()))
        })
        .unwrap();
    s.records_nav.selected = at;
    let text = screen(&s, 80, 24);
    insta::assert_snapshot!("engagement_questions_wrapped_80x24", text);
    let full: String = format!("Q{} {}", question.number, question.text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(squeezed(&text).contains(&full), "{text}");

    keys(&mut s, "4");
    let criteria: Vec<String> = s
        .records()
        .iter()
        .filter(|r| r.record.as_ref().is_some_and(|k| k.kind == "criterion"))
        .map(|r| r.label.clone())
        .collect();
    let at = s
        .records()
        .iter()
        .position(|r| r.record.as_ref().is_some_and(|k| k.kind == "criterion"))
        .unwrap();
    s.records_nav.selected = at;
    let text = screen(&s, 80, 24);
    insta::assert_snapshot!("criteria_wrapped_80x24", text);
    let shown = squeezed(&text);
    let long = criteria.iter().filter(|c| c.chars().count() > 28).count();
    assert!(long > 0);
    // Every criterion on screen is there in full.
    let whole = criteria
        .iter()
        .filter(|c| {
            let c: String = c.chars().filter(|c| !c.is_whitespace()).collect();
            shown.contains(&c)
        })
        .count();
    assert!(whole >= 2, "{text}");
}

/// Phase 9 on `threat`, its residual entry cleared, the tolerance Low and none of its
/// mitigations implemented.
fn phase_9_on(threat: &str) -> AppState {
    use crate::vocab::{ImplementationStatus, MitigationStatus, RiskLevel};
    let mut s = example();
    let id = threat.to_string();
    super::update::edit(&mut s, |x| {
        x.business.risk_tolerance = Some(RiskLevel::Low);
        x.residual_risks.retain(|r| r.threat != id);
        for m in x
            .mitigations
            .iter_mut()
            .filter(|m| m.addresses.contains(&id))
        {
            m.implementation = ImplementationStatus::NotImplemented;
            m.status = MitigationStatus::Identified;
        }
    });
    keys(&mut s, "9");
    while super::phases::plan::selected_list(&s)
        != Some(super::phases::plan::RowKind::Threat(threat.into()))
    {
        let before = s.plan.selected;
        keys(&mut s, "j");
        assert_ne!(before, s.plan.selected, "{threat} not in the list");
    }
    s
}

fn residual<'s>(s: &'s AppState, threat: &str) -> &'s crate::session::ResidualRisk {
    s.doc
        .as_ref()
        .unwrap()
        .session()
        .residual_risks
        .iter()
        .find(|r| r.threat == threat)
        .unwrap()
}

#[test]
fn mitigated_is_refused_without_an_implemented_mitigation_and_says_why() {
    use crate::vocab::{Disposition, ImplementationStatus};
    let mut s = phase_9_on("CS-T07");
    keys(&mut s, "d");
    let said = s.message.clone().unwrap();
    assert!(
        said.contains("Not Mitigated") && said.contains("implemented"),
        "{said}"
    );
    assert_ne!(
        residual(&s, "CS-T07").disposition,
        Some(Disposition::Mitigated)
    );
    // Leave the acceptance prompt, implement a mitigation: Mitigated is allowed.
    while s.editing.is_some() {
        press(&mut s, KeyCode::Esc);
    }
    super::update::edit(&mut s, |x| {
        if let Some(m) = x
            .mitigations
            .iter_mut()
            .find(|m| m.addresses.iter().any(|t| t == "CS-T07"))
        {
            m.implementation = ImplementationStatus::Implemented;
        }
        x.residual_risks.retain(|r| r.threat != "CS-T07");
    });
    keys(&mut s, "d");
    assert_eq!(
        residual(&s, "CS-T07").disposition,
        Some(Disposition::Mitigated)
    );
}

#[test]
fn accepting_above_the_tolerance_asks_for_a_justification_then_an_approver() {
    use crate::vocab::Disposition;
    let mut s = phase_9_on("CS-T07");
    // None → (Mitigated refused) → Accepted.
    keys(&mut s, "d");
    assert_eq!(
        residual(&s, "CS-T07").disposition,
        Some(Disposition::Accepted)
    );
    let said = s.message.clone().unwrap();
    assert!(said.contains("above the risk tolerance"), "{said}");
    assert!(s.editing.is_some(), "the justification is asked at once");
    keys(&mut s, "Refunds are capped at 50 EUR");
    press(&mut s, KeyCode::Enter);
    assert_eq!(
        residual(&s, "CS-T07").justification,
        "Refunds are capped at 50 EUR"
    );
    assert!(s.editing.is_some(), "then the approver");
    keys(&mut s, "Aiyana Rowe");
    press(&mut s, KeyCode::Enter);
    assert!(s.editing.is_none());
    assert_eq!(residual(&s, "CS-T07").approved_by, "Aiyana Rowe");
    let doc = s.doc.as_ref().unwrap().session();
    assert!(
        crate::analysis::guards::problems(doc, &s.catalog)
            .iter()
            .all(|p| !p.message.contains("CS-T07")),
    );
    // The card lists nothing missing for the acceptance.
    assert!(!screen(&s, 200, 50).contains("without an approver"));
}
