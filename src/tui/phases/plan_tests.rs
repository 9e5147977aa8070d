//! Long because it is tests: the `update` paths of four phases and their snapshots.
//!
//! `update` tests of phases 7–10 and snapshots of their screens.

use super::plan::*;
use crate::analysis::fixtures;
use crate::analysis::gaps::{self, GapRule};
use crate::catalog::Catalog;
use crate::session::storage;
use crate::session::{Document, SCHEMA_VERSION, Session};
use crate::tui::action::{Action, Command};
use crate::tui::app::*;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::tui::update::{Effect, update};
use crate::tui::views;
use crate::vocab::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};

fn state_with(session: Session, path: &Path) -> AppState {
    let mut s = AppState::new(
        Catalog::embedded(),
        Keymap::default(),
        Theme::default(),
        Vec::new(),
    );
    let opened = Opened {
        path: path.to_path_buf(),
        document: Document {
            session,
            unknown: Default::default(),
            loaded_version: SCHEMA_VERSION,
        },
        read_only: None,
        recovery: None,
        resume: None,
        stale_lock: None,
    };
    update(&mut s, Action::Opened(Box::new(opened)));
    s
}

/// One Critical threat (catalog T6, many candidates) and a lesser one, no mitigations.
fn small() -> Session {
    let mut s = Session::new("Plan test", "1.0.0", "2026-11-01");
    s.session.assessed = "2026-11-20".into();
    s.business.risk_tolerance = Some(RiskLevel::Medium);
    s.threats.push(fixtures::threat(
        "T-01",
        "T6",
        &[Layer::L1],
        Severity::Critical,
        Likelihood::VeryLikely,
    ));
    s.threats.push(fixtures::threat(
        "T-02",
        "T1",
        &[Layer::L3],
        Severity::Medium,
        Likelihood::Possible,
    ));
    s
}

fn key(s: &mut AppState, c: char) -> Effect {
    let event = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    match crate::tui::input::map_event(s, &event) {
        Some(action) => update(s, action),
        None => Effect::None,
    }
}

fn cmd(s: &mut AppState, c: Command) -> Effect {
    update(s, Action::Command(c))
}

fn session(s: &AppState) -> &Session {
    s.doc.as_ref().unwrap().session()
}

fn gap_count(s: &AppState, rule: GapRule) -> usize {
    gaps::analyse(session(s), &s.catalog).list(rule).len()
}

/// Phase 7 with the selection on the first catalog candidate of the Critical threat.
fn on_first_candidate() -> AppState {
    let mut s = state_with(small(), Path::new("plan.toml"));
    key(&mut s, '7');
    assert_eq!(s.phase, 7);
    assert_eq!(selected_list(&s), Some(RowKind::Threat("T-01".into())));
    cmd(&mut s, Command::Down);
    assert!(matches!(selected_list(&s), Some(RowKind::Candidate(_))));
    s
}

#[test]
fn adopting_creates_a_card_and_a_second_adoption_extends_it() {
    let mut s = on_first_candidate();
    let Some(RowKind::Candidate(catalog_id)) = selected_list(&s) else {
        unreachable!()
    };
    key(&mut s, 'a');
    let m = &session(&s).mitigations[0];
    assert_eq!(m.id, "M-01");
    assert_eq!(m.catalog, catalog_id);
    assert_eq!(m.addresses, vec!["T-01".to_string()]);
    assert_eq!(m.status, MitigationStatus::Identified);
    assert_eq!(selected_list(&s), Some(RowKind::Mitigation("M-01".into())));
    // The same catalog mitigation for the other threat adds it to `addresses`.
    let id = super::mitigations::adopt(&mut s, &catalog_id, "T-02");
    assert_eq!(id.as_deref(), Some("M-01"));
    assert_eq!(session(&s).mitigations.len(), 1);
    assert_eq!(session(&s).mitigations[0].addresses, ["T-01", "T-02"]);
    // Undo takes it back step by step.
    key(&mut s, 'u');
    assert_eq!(session(&s).mitigations[0].addresses, ["T-01"]);
}

#[test]
fn status_and_card_fields_cycle_on_the_selected_mitigation() {
    let mut s = on_first_candidate();
    key(&mut s, 'a');
    key(&mut s, 's');
    assert_eq!(
        session(&s).mitigations[0].status,
        MitigationStatus::InProgress
    );
    key(&mut s, 's');
    key(&mut s, 'i');
    key(&mut s, 'i');
    key(&mut s, 'e');
    key(&mut s, 'o');
    let m = &session(&s).mitigations[0];
    assert_eq!(m.status, MitigationStatus::Implemented);
    assert_eq!(m.implementation, ImplementationStatus::Implemented);
    assert_eq!(m.effectiveness, Some(Effectiveness::Low));
    assert_eq!(m.cost, Some(Cost::Low));
    // The owner goes through the text field.
    key(&mut s, 'w');
    assert!(s.editing.is_some());
    update(&mut s, Action::Paste("AppSec team".into()));
    cmd(&mut s, Command::Open);
    assert_eq!(session(&s).mitigations[0].owner, "AppSec team");
}

#[test]
fn gap_lists_shrink_when_a_preventive_control_is_adopted() {
    let mut s = on_first_candidate();
    assert_eq!(gap_count(&s, GapRule::CriticalWithoutPreventive), 1);
    assert_eq!(gap_count(&s, GapRule::NoMitigation), 2);
    // The gap list is one key away and lists the threat.
    key(&mut s, 'P');
    assert_eq!(
        s.plan.view,
        MitigationView::Gap(GapRule::CriticalWithoutPreventive)
    );
    assert_eq!(selected_list(&s), Some(RowKind::Threat("T-01".into())));
    // Enter goes back to the tree on that threat.
    cmd(&mut s, Command::Open);
    assert_eq!(s.plan.view, MitigationView::Threats);
    cmd(&mut s, Command::Down);
    key(&mut s, 'a'); // L1-P1, Preventive
    assert_eq!(gap_count(&s, GapRule::CriticalWithoutPreventive), 0);
    assert_eq!(gap_count(&s, GapRule::NoMitigation), 1);
    key(&mut s, 'P');
    assert_eq!(selected_list(&s), None, "the list is empty now");
}

#[test]
fn implementing_lowers_the_residual_level() {
    let mut s = on_first_candidate();
    let residual = |s: &AppState| {
        let t = session(s).threat("T-01").unwrap();
        crate::risk::residual(session(s), t, &s.catalog).level
    };
    assert_eq!(residual(&s), Some(RiskLevel::Critical));
    key(&mut s, 'a');
    key(&mut s, 'i');
    key(&mut s, 'i');
    assert!(residual(&s) < Some(RiskLevel::Critical));
}

/// `small()` with T-01 mitigated by an implemented control: Mitigated is allowed.
fn small_with_implemented_control() -> Session {
    let mut s = small();
    s.mitigations.push(fixtures::mitigation(
        "M-01",
        crate::vocab::MitigationType::Preventive,
        &["T-01"],
        crate::vocab::ImplementationStatus::Implemented,
    ));
    s
}

#[test]
fn disposition_cycles_and_the_entry_gets_the_proposed_review_date() {
    let mut s = state_with(small_with_implemented_control(), Path::new("plan.toml"));
    key(&mut s, '9');
    assert_eq!(selected_list(&s), Some(RowKind::Threat("T-01".into())));
    key(&mut s, 'd');
    let e = &session(&s).residual_risks[0];
    assert_eq!(e.id, "RR-01");
    assert_eq!(e.disposition, Some(Disposition::Mitigated));
    // The implemented control brings the level down; the schedule follows it.
    let level =
        crate::report::residual_level(session(&s), &session(&s).threats[0], &s.catalog).unwrap();
    let proposed =
        crate::analysis::residual::propose_review_date(&s.catalog, level, "2026-11-20").unwrap();
    assert_eq!(e.review_date, proposed);
    key(&mut s, 'd');
    assert_eq!(
        session(&s).residual_risks[0].disposition,
        Some(Disposition::Accepted)
    );
    // What Accepted still requires is listed on the card.
    let card = screen(&s).card;
    assert!(card.iter().any(|r| r.text.contains("name the risk owner")));
}

#[test]
fn export_is_an_effect_and_the_result_records_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.toml");
    let mut s = state_with(small(), &path);
    key(&mut s, '0');
    let effect = key(&mut s, 'x');
    let Effect::Plan(plan_effect) = effect.clone() else {
        panic!("export must be an effect, got {effect:?}");
    };
    assert_eq!(
        effect,
        Effect::Plan(PlanEffect::Export {
            format: ExportFormat::Markdown,
            base: dir.path().join("plan-report"),
        })
    );
    assert!(
        !dir.path().join("plan-report.md").exists(),
        "update writes nothing"
    );
    // The runtime side writes the file and reports back.
    let action = perform(plan_effect, &s);
    update(&mut s, action);
    let text = std::fs::read_to_string(dir.path().join("plan-report.md")).unwrap();
    assert!(text.contains("Plan test"));
    assert_eq!(
        session(&s).session.exported,
        crate::analysis::dates::today()
    );
    // CSV writes both tables.
    key(&mut s, 'f');
    key(&mut s, 'f');
    key(&mut s, 'f');
    let Effect::Plan(e) = key(&mut s, 'x') else {
        panic!()
    };
    let action = perform(e, &s);
    update(&mut s, action);
    assert!(dir.path().join("plan-report-threats.csv").exists());
    assert!(dir.path().join("plan-report-mitigations.csv").exists());
}

#[test]
fn evidence_candidates_need_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = on_first_candidate();
    key(&mut s, 'a');
    let catalog_id = session(&s).mitigations[0].catalog.clone();
    let term = s
        .catalog
        .mitigations
        .get(&catalog_id)
        .unwrap()
        .evidence_terms[0]
        .clone();
    std::fs::write(dir.path().join("guard.py"), format!("x = 1\n# {term}\n")).unwrap();
    key(&mut s, '8');
    assert_eq!(key(&mut s, 'f'), Effect::None, "no source root yet");
    key(&mut s, 'r');
    update(&mut s, Action::Paste(dir.path().display().to_string()));
    cmd(&mut s, Command::Open);
    let effect = key(&mut s, 'f');
    let Effect::Plan(e @ PlanEffect::Search { .. }) = effect else {
        panic!("search must be an effect, got {effect:?}");
    };
    let action = perform(e, &s);
    update(&mut s, action);
    let hits = s.plan.search.as_ref().unwrap().hits.len();
    assert_eq!(hits, 1);
    assert!(
        session(&s).validations.is_empty(),
        "nothing recorded before confirming"
    );
    key(&mut s, 'y');
    let v = &session(&s).validations[0];
    assert_eq!(v.mitigation, "M-01");
    assert_eq!(v.evidence[0].file, "guard.py");
    assert_eq!(v.evidence[0].line, Some(2));
    assert_eq!(
        v.implementation, None,
        "confirming evidence is not a verdict"
    );
    key(&mut s, 'i');
    assert_eq!(
        session(&s).validations[0].implementation,
        Some(ImplementationStatus::NotImplemented)
    );
}

/// Phase 10 with the first roadmap proposal accepted (and selected).
fn with_accepted_proposal() -> AppState {
    let mut s = state_with(small(), Path::new("plan.toml"));
    key(&mut s, '0');
    let rows = screen(&s).list;
    let n = rows
        .iter()
        .filter(|r| r.kind.selectable())
        .position(|r| matches!(r.kind, RowKind::Proposal(..)))
        .unwrap();
    s.plan.selected[3] = n;
    key(&mut s, 'a');
    s
}

#[test]
fn roadmap_proposal_is_accepted_into_the_roadmap() {
    let s = with_accepted_proposal();
    assert_eq!(session(&s).roadmap.len(), 1);
    assert!(matches!(selected_list(&s), Some(RowKind::Roadmap(_))));
}

/// Issue 16 item 6: every Remediation Roadmap field is editable in phase 10 — effort and
/// status cycle over their closed sets, team and dependencies are text.
#[test]
fn roadmap_effort_status_team_and_dependencies_are_editable() {
    use crate::vocab::{Cost, PhaseStatus};
    let mut s = with_accepted_proposal();
    let Some(RowKind::Roadmap(id)) = selected_list(&s) else {
        panic!("the accepted item is selected");
    };
    key(&mut s, 'e');
    key(&mut s, 's');
    key(&mut s, 's');
    assert_eq!(session(&s).roadmap[0].effort, Some(Cost::ALL[0]));
    assert_eq!(session(&s).roadmap[0].status, Some(PhaseStatus::ALL[1]));
    s.plan.editing = Some(TextTarget::RoadmapTeam(id.clone()));
    finish_edit(&mut s, " Platform team ".into());
    crate::tui::update::edit(&mut s, |x| {
        for other in ["REM-09", "REM-10"] {
            x.roadmap.push(crate::session::RemediationItem {
                id: other.into(),
                ..Default::default()
            });
        }
    });
    s.plan.editing = Some(TextTarget::RoadmapDependsOn(id.clone()));
    // Ids as the analyst types them; one that is no item of the roadmap is dropped.
    finish_edit(&mut s, "rem-09; ; REM-10; REM-77".into());
    let item = &session(&s).roadmap[0];
    assert_eq!(item.team, "Platform team");
    assert_eq!(item.depends_on, ["REM-09", "REM-10"]);
    let card: Vec<String> = screen(&s).card.iter().map(|r| r.text.clone()).collect();
    for text in [
        "Effort (e)",
        "Status (s)",
        "Platform team",
        "REM-09; REM-10",
    ] {
        assert!(card.iter().any(|r| r.contains(text)), "{text}: {card:?}");
    }
}

/// Issue 16 item 6: the Residual Risk card names its id, sets the level override and
/// shows the effectiveness, implementation and review schedule it derives.
#[test]
fn residual_card_sets_the_level_override_and_shows_derived_fields() {
    let mut s = state_with(small_with_implemented_control(), Path::new("plan.toml"));
    key(&mut s, '9');
    key(&mut s, 'd');
    key(&mut s, 'l');
    let e = &session(&s).residual_risks[0];
    assert_eq!(e.level_override, Some(RiskLevel::ALL[0]));
    let shown = screen(&s);
    assert!(shown.card_title.contains("RR-01"), "{}", shown.card_title);
    let card: Vec<String> = shown.card.iter().map(|r| r.text.clone()).collect();
    for text in [
        "Level override (l)",
        "Review schedule:",
        "Mitigation effectiveness",
    ] {
        assert!(card.iter().any(|r| r.contains(text)), "{text}: {card:?}");
    }
}

// ---- snapshots ----

fn customer_support() -> AppState {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sessions/customer-support-mas.toml");
    let doc = storage::load(&path).unwrap();
    // A relative label keeps the snapshot free of the checkout's path.
    state_with(doc.session, Path::new("sessions/customer-support-mas.toml"))
}

fn render(s: &AppState, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| views::render(f, s)).unwrap();
    t
}

#[test]
fn snapshot_planning_phases_on_customer_support() {
    let mut s = customer_support();
    for phase in 7..=10u8 {
        cmd(&mut s, Command::Phase(phase));
        for (w, h) in [(80, 24), (200, 50)] {
            insta::assert_snapshot!(
                format!("plan_phase{phase:02}_{w}x{h}"),
                render(&s, w, h).backend()
            );
        }
    }
}

/// A spliced list reads like the vector it stands for: length, indexing, iteration.
#[test]
fn a_spliced_list_reads_like_the_whole_vector() {
    let rows = |names: &[&str]| -> Vec<Row> {
        names
            .iter()
            .map(|n| row(RowKind::Roadmap(n.to_string()), *n, Tone::Text))
            .collect()
    };
    let body = std::sync::Arc::new(rows(&["a", "b", "c"]));
    for at in 0..=4 {
        let list = ListRows::spliced(body.clone(), at, rows(&["x", "y"]));
        let mut whole = rows(&["a", "b", "c"]);
        let cut = at.min(3);
        whole.splice(cut..cut, rows(&["x", "y"]));
        assert_eq!(list.len(), whole.len());
        assert_eq!(list.iter().cloned().collect::<Vec<_>>(), whole, "at {at}");
        for (i, r) in whole.iter().enumerate() {
            assert_eq!(&list[i], r);
        }
        assert_eq!(list.get(whole.len()), None);
    }
    assert!(ListRows::from(Vec::new()).is_empty());
}

/// Moving over phases 7 and 9 reuses the cached body of the screen; an edit rebuilds it.
#[test]
fn moving_reuses_the_planning_body_and_an_edit_rebuilds_it() {
    let mut s = on_first_candidate();
    let body = |s: &AppState| {
        let (key, body) = s.derived.plan(s.phase).expect("phase 7 body is cached");
        assert_eq!(key.revision, s.doc.as_ref().unwrap().revision);
        // Held, so that a rebuilt body cannot reuse its address.
        body.clone()
    };
    use std::sync::Arc;
    let before = body(&s);
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::Up);
    assert!(
        Arc::ptr_eq(&body(&s), &before),
        "a move does not rebuild the list"
    );
    key(&mut s, 'a');
    assert!(!session(&s).mitigations.is_empty());
    assert!(!Arc::ptr_eq(&body(&s), &before), "an adoption rebuilds it");
    // The rebuilt list shows the new mitigation under the expanded threat.
    let screen = screen(&s);
    assert!(
        screen
            .list
            .iter()
            .any(|r| matches!(&r.kind, RowKind::Mitigation(_)))
    );
    for phase in ['8', '9', '0'] {
        key(&mut s, phase);
        let held = body(&s);
        cmd(&mut s, Command::Down);
        assert!(Arc::ptr_eq(&body(&s), &held), "phase {phase}");
    }
}

#[test]
fn mitigation_keys_undo_and_redo_update_the_phase_7_caches_in_place() {
    use crate::analysis::figures::SessionFigures;
    use std::sync::Arc;
    let catalog = Catalog::embedded();
    let generated = crate::synth::generate(
        crate::synth::SynthParams {
            components: 10,
            threats: 80,
            seed: 11,
        },
        &catalog,
    );
    let mut s = state_with(generated, Path::new("plan.toml"));
    key(&mut s, '7');
    // Down to the first mitigation under the expanded threat.
    for _ in 0..5 {
        if matches!(selected_list(&s), Some(RowKind::Mitigation(_))) {
            break;
        }
        cmd(&mut s, Command::Down);
    }
    assert!(matches!(selected_list(&s), Some(RowKind::Mitigation(_))));
    type Pointers = (
        *const crate::tui::derive::SessionFigures,
        *const gaps::GapReport,
        *const Body,
    );
    // The caches at the current revision, equal to computing anew; their addresses.
    let check = |s: &AppState, before: Option<Pointers>| -> Pointers {
        let doc = s.doc.as_ref().unwrap();
        let figures = s.derived.session.as_ref().expect("figures are cached");
        assert_eq!(figures.revision, doc.revision);
        let inner: &SessionFigures = figures;
        assert_eq!(inner, &SessionFigures::compute(doc.session(), &catalog));
        let (revision, report) = s.derived.gaps.as_ref().expect("gaps are cached");
        assert_eq!(*revision, doc.revision);
        assert_eq!(**report, gaps::analyse(doc.session(), &catalog));
        let (plan_key, body) = s.derived.plan(s.phase).expect("the body is cached");
        assert_eq!(plan_key.revision, doc.revision);
        let fresh = body_of(s);
        assert_eq!(body.header, fresh.header);
        assert_eq!(body.list, fresh.list);
        assert_eq!(body.priorities, fresh.priorities);
        let now = (Arc::as_ptr(figures), Arc::as_ptr(report), Arc::as_ptr(body));
        if let Some(before) = before {
            assert_eq!(now, before, "updated, not recomputed");
        }
        now
    };
    let mut at = check(&s, None);
    // Status, implementation, coverage, effectiveness, cost; then undo and redo.
    let keys = ['s', 'i', 'i', 'v', 'e', 'o', 's', 's', 's'];
    let steps = keys.iter().map(|c| Err(*c)).chain([
        Ok(Command::Undo),
        Ok(Command::Undo),
        Ok(Command::Redo),
    ]);
    for step in steps {
        let revision = s.doc.as_ref().unwrap().revision;
        match step {
            Err(c) => {
                key(&mut s, c);
            }
            Ok(c) => {
                cmd(&mut s, c);
            }
        }
        assert_ne!(
            s.doc.as_ref().unwrap().revision,
            revision,
            "{step:?} edited"
        );
        at = check(&s, Some(at));
    }
    // What the keys do not change: the threats a mitigation addresses (the rows of the
    // threats it names, before and after, move and count anew).
    let last = session(&s).threats.last().unwrap().id.clone();
    let first = session(&s).threats[0].id.clone();
    type Edit<'a> = Box<dyn Fn(&mut crate::session::Mitigation) + 'a>;
    let edits: [Edit; 4] = [
        Box::new(|m| m.addresses.push(last.clone())),
        Box::new(|m| m.addresses.push(first.clone())),
        Box::new(|m| {
            m.addresses.remove(0);
        }),
        Box::new(|m| m.addresses = vec![last.clone()]),
    ];
    for edit in &edits {
        for i in [0, 3] {
            let revision = s.doc.as_ref().unwrap().revision;
            crate::tui::update::edit_record(&mut s, |s| &mut s.mitigations, i, |m| edit(m));
            crate::tui::derive::refresh(&mut s);
            if s.doc.as_ref().unwrap().revision != revision {
                at = check(&s, Some(at));
            }
        }
    }
    cmd(&mut s, Command::Undo);
    check(&s, Some(at));
}

/// The phase 7 body computed anew, without the caches.
fn body_of(s: &AppState) -> Body {
    let mut fresh = s.clone();
    fresh.derived = Default::default();
    super::plan::body(&fresh)
}

/// Issue 16 item 6: the Code Validation template's anti-patterns and remediation
/// priority, and the Executive Summary's overall posture and AI-assisted flag, are
/// editable (phase 8 and phase 10 keys).
#[test]
fn finding_anti_patterns_priority_posture_and_ai_flag_are_editable() {
    use crate::vocab::Level;
    let mut s = on_first_candidate();
    key(&mut s, 'a');
    let mitigation = session(&s).mitigations[0].id.clone();
    key(&mut s, '8');
    key(&mut s, 'P');
    s.plan.editing = Some(TextTarget::FindingAntiPatterns(mitigation.clone()));
    finish_edit(&mut s, "eval of model output; ;shell=True".into());
    let v = session(&s)
        .validations
        .iter()
        .find(|v| v.mitigation == mitigation)
        .expect("a finding for the adopted mitigation");
    assert_eq!(v.priority, Some(Level::ALL[0]));
    assert_eq!(v.anti_patterns, ["eval of model output", "shell=True"]);
    let card: Vec<String> = screen(&s).card.iter().map(|r| r.text.clone()).collect();
    assert!(
        card.iter()
            .any(|r| r.contains("eval of model output; shell=True")),
        "{card:?}"
    );
    key(&mut s, '0');
    assert!(!session(&s).session.ai_assisted);
    key(&mut s, 'p');
    key(&mut s, 'I');
    assert_eq!(session(&s).summary.overall_posture, Some(RiskLevel::ALL[0]));
    assert!(session(&s).session.ai_assisted);
}

/// Issue 24: the Mitigation Card opens as a form from phase 7 (F), drawn over the
/// list, and Esc comes back to the phase 7 list.
#[test]
fn mitigation_card_form_opens_from_phase_7_and_esc_returns() {
    let mut s = on_first_candidate();
    key(&mut s, 'a');
    let Some(RowKind::Mitigation(id)) = selected_list(&s) else {
        panic!(
            "adopting selects the new mitigation: {:?}",
            selected_list(&s)
        );
    };
    key(&mut s, 'F');
    let form = s.form.clone().expect("F opens the card form");
    assert_eq!((form.kind, form.id.as_str()), ("mitigation", id.as_str()));
    let text = format!("{:?}", render(&s, 80, 24).backend());
    assert!(text.contains("Mitigation name"), "{text}");
    cmd(&mut s, Command::Back);
    assert!(s.form.is_none());
    assert_eq!(s.phase, 7);
    assert_eq!(selected_list(&s), Some(RowKind::Mitigation(id)));
}

/// Issue 24: a date field keeps what is not a date open with a message, rather than
/// writing a value `validate` rejects; a real date is written.
#[test]
fn a_date_field_refuses_what_is_not_a_date() {
    use super::outputs::SummaryText;
    let mut s = state_with(small(), Path::new("plan.toml"));
    key(&mut s, '0');
    let before = session(&s).summary.next_review.clone();
    start_text(&mut s, TextTarget::Summary(SummaryText::NextReview));
    finish_edit(&mut s, "next spring".into());
    assert_eq!(session(&s).summary.next_review, before);
    assert!(s.editing.is_some(), "the field stays open");
    assert!(
        s.message
            .as_deref()
            .is_some_and(|m| m.contains("YYYY-MM-DD")),
        "{:?}",
        s.message
    );
    finish_edit(&mut s, " 2027-03-01 ".into());
    assert_eq!(session(&s).summary.next_review, "2027-03-01");
}

/// Issue 16 item 6: phase 10 shows the Executive Summary's derived counts, the same
/// numbers the report prints.
#[test]
fn phase_10_shows_the_executive_summary_counts_of_the_report() {
    let mut s = customer_support();
    key(&mut s, '0');
    let report = crate::report::build(session(&s), &s.catalog);
    let e = &report.executive_summary;
    let list: Vec<String> = screen(&s).list.iter().map(|r| r.text.clone()).collect();
    let threats = format!(
        "Threats {} · Critical/High {} (by level: {})",
        e.total_threats, e.critical_high_threats, e.critical_high_risk_level
    );
    let mitigations = format!(
        "Mitigations {} planned · {} implemented",
        e.mitigations_planned, e.mitigations_implemented
    );
    assert!(list.contains(&threats), "{threats}: {list:?}");
    assert!(list.contains(&mitigations), "{mitigations}: {list:?}");
    assert!(e.mitigations_implemented > 0 && e.critical_high_threats > 0);
}
