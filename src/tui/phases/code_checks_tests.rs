//! Phase 8 code checks in the TUI: the run is an effect, hits show on the cards of the
//! mitigations they concern, `y` confirms one as evidence, `x` rejects one.

use super::code_checks::ChecksState;
use super::plan::*;
use crate::analysis::fixtures;
use crate::catalog::Catalog;
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
use std::path::PathBuf;

const MCP_SERVER: &str = "tests/discover/mcp-python";

/// An MCP weather server's model: M-01 adopts L4-P2 (authenticated endpoints) and
/// M-02 L1-R3 (rate limiting), both against T-01.
fn model() -> Session {
    let mut s = Session::new("Weather MCP", "1.0.0", "2026-11-01");
    s.threats.push(fixtures::threat(
        "T-01",
        "T4",
        &[Layer::L4],
        Severity::High,
        Likelihood::Likely,
    ));
    for (id, catalog) in [("M-01", "L4-P2"), ("M-02", "L1-R3")] {
        let mut m = fixtures::mitigation(
            id,
            MitigationType::Preventive,
            &["T-01"],
            ImplementationStatus::NotImplemented,
        );
        m.catalog = catalog.into();
        m.name = Catalog::embedded()
            .mitigations
            .get(catalog)
            .map_or_else(String::new, |c| c.name.clone());
        s.mitigations.push(m);
    }
    s
}

fn state() -> AppState {
    let mut s = AppState::new(
        Catalog::embedded(),
        Keymap::default(),
        Theme::default(),
        Vec::new(),
    );
    let opened = Opened {
        path: PathBuf::from("weather.toml"),
        document: Document {
            session: model(),
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

fn key(s: &mut AppState, c: char) -> Effect {
    let event = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    match crate::tui::input::map_event(s, &event) {
        Some(action) => update(s, action),
        None => Effect::None,
    }
}

fn session(s: &AppState) -> &Session {
    s.doc.as_ref().unwrap().session()
}

/// Phase 8, source root set to the fixture, `C` run as the runtime does.
fn checked() -> AppState {
    let mut s = state();
    key(&mut s, '8');
    assert_eq!(key(&mut s, 'C'), Effect::None, "no source root yet");
    assert_eq!(s.message.as_deref(), Some("Set the source root first (r)"));
    key(&mut s, 'r');
    // Relative to the session file (here: the package root, where tests run).
    update(&mut s, Action::Paste(MCP_SERVER.into()));
    update(&mut s, Action::Command(Command::Open));
    let effect = key(&mut s, 'C');
    let Effect::Plan(e @ PlanEffect::Checks { .. }) = effect else {
        panic!("the checks are an effect, got {effect:?}");
    };
    let action = perform(e, &s);
    update(&mut s, action);
    assert!(s.plan.checks.is_some(), "{:?}", s.message);
    s
}

/// Focus on the card and select its first code-check row.
fn on_first_check(s: &mut AppState) -> usize {
    let card = screen(s).card;
    let at = card
        .iter()
        .filter(|r| r.kind.selectable())
        .position(|r| matches!(r.kind, RowKind::Check(_)))
        .expect("the card lists a code-check hit");
    s.plan.focus = Focus::Card;
    s.plan.card_selected[1] = at;
    at
}

fn card_text(s: &AppState) -> String {
    screen(s)
        .card
        .iter()
        .map(|r| r.text.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn hits_show_on_the_cards_they_concern_with_their_threats() {
    let s = checked();
    let header: Vec<String> = screen(&s).header.iter().map(|r| r.text.clone()).collect();
    assert!(
        header
            .iter()
            .any(|l| l.contains("against M-01 (1), M-02 (1) · for —")),
        "{header:?}"
    );
    assert!(
        header
            .last()
            .is_some_and(|l| l.ends_with("not adopted (phase 7): L4-P3 (2)")),
        "{header:?}"
    );
    assert_eq!(selected_list(&s), Some(RowKind::Mitigation("M-01".into())));
    let card = card_text(&s);
    assert!(card.contains("Code checks (1) — concern T-01"), "{card}");
    assert!(
        card.contains("server.py:25 Server bound to all interfaces"),
        "{card}"
    );
}

#[test]
fn confirming_a_hit_makes_it_evidence_and_an_anti_pattern() {
    let mut s = checked();
    on_first_check(&mut s);
    assert!(session(&s).validations.is_empty(), "nothing before y");
    key(&mut s, 'y');
    let v = &session(&s).validations[0];
    assert_eq!(v.mitigation, "M-01");
    assert_eq!(v.evidence.len(), 1);
    assert_eq!(
        (v.evidence[0].file.as_str(), v.evidence[0].line),
        ("server.py", Some(25))
    );
    assert_eq!(v.anti_patterns.len(), 1);
    assert_eq!(v.implementation, None, "the analyst sets the status");
    let card = card_text(&s);
    assert!(card.contains("✓ server.py:25"), "{card}");
    assert!(card.contains("suggests Not Implemented"), "{card}");
    // Confirming it again adds nothing; undo takes the evidence back.
    key(&mut s, 'y');
    assert_eq!(session(&s).validations[0].evidence.len(), 1);
    update(&mut s, Action::Command(Command::Undo));
    assert!(
        session(&s)
            .validations
            .iter()
            .all(|v| v.evidence.is_empty())
    );
}

#[test]
fn rejecting_a_hit_hides_it_and_records_nothing() {
    let mut s = checked();
    update(&mut s, Action::Command(Command::Down));
    assert_eq!(selected_list(&s), Some(RowKind::Mitigation("M-02".into())));
    assert!(card_text(&s).contains("Network endpoint with no rate limit"));
    on_first_check(&mut s);
    key(&mut s, 'x');
    assert!(session(&s).validations.is_empty());
    assert!(!card_text(&s).contains("Code checks"), "{}", card_text(&s));
    let ChecksState { rejected, .. } = s.plan.checks.as_ref().unwrap();
    assert_eq!(rejected.len(), 1);
}

#[test]
fn snapshots_of_a_card_with_code_checks() {
    let mut s = checked();
    on_first_check(&mut s);
    key(&mut s, 'y');
    for (w, h) in [(80, 24), (200, 50)] {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| views::render(f, &s)).unwrap();
        insta::assert_snapshot!(format!("code_checks_{w}x{h}"), t.backend());
    }
}
