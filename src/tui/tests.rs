//! `update` tests (no terminal) and snapshot tests of the views on a `TestBackend`.

use super::action::{Action, Command};
use super::app::*;
use super::examples::EXAMPLES;
use super::keymap::Keymap;
use super::theme::Theme;
use super::update::{Effect, update};
use super::views;
use crate::catalog::Catalog;
use crate::session::storage;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;

fn fresh() -> AppState {
    AppState::new(
        Catalog::embedded(),
        Keymap::default(),
        Theme::default(),
        vec![PathBuf::from("/tmp/recent-model.toml")],
    )
}

fn opened(read_only: Option<&str>) -> Opened {
    // The minimal example stays small and stable, so the snapshots do too.
    let (file, text) = EXAMPLES.iter().find(|(f, _)| *f == "minimal.toml").unwrap();
    Opened {
        path: PathBuf::from("sessions/minimal.toml"),
        document: storage::parse(&PathBuf::from(file), text).unwrap(),
        read_only: read_only.map(str::to_string),
        recovery: None,
        resume: None,
        stale_lock: None,
    }
}

fn with_session() -> AppState {
    let mut s = fresh();
    update(&mut s, Action::Opened(Box::new(opened(None))));
    s
}

fn cmd(s: &mut AppState, c: Command) -> Effect {
    update(s, Action::Command(c))
}

/// Sends a key through the real input mapping, like the runtime does.
fn key(s: &mut AppState, code: KeyCode, modifiers: KeyModifiers) -> Effect {
    let event = Event::Key(KeyEvent::new(code, modifiers));
    match super::input::map_event(s, &event) {
        Some(action) => update(s, action),
        None => Effect::None,
    }
}

fn typed(s: &mut AppState, text: &str) {
    for c in text.chars() {
        key(s, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

fn render(s: &AppState, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(width, height)).unwrap();
    t.draw(|f| views::render(f, s)).unwrap();
    t
}

// ---- update ----

#[test]
fn phase_jumps_and_brackets() {
    let mut s = with_session();
    assert_eq!(s.phase, 1);
    cmd(&mut s, Command::Phase(10));
    assert_eq!(s.phase, 10);
    cmd(&mut s, Command::NextPhase);
    assert_eq!(s.phase, 10, "stays on the last phase");
    cmd(&mut s, Command::PrevPhase);
    assert_eq!(s.phase, 9);
    key(&mut s, KeyCode::Char('0'), KeyModifiers::NONE);
    assert_eq!(s.phase, 10);
    key(&mut s, KeyCode::Char('6'), KeyModifiers::NONE);
    assert_eq!(s.phase, 6);
    key(&mut s, KeyCode::Char('['), KeyModifiers::NONE);
    assert_eq!(s.phase, 5);
}

#[test]
fn list_navigation_tabs_and_layers() {
    let mut s = with_session();
    assert_eq!(s.pane, Pane::Records);
    key(&mut s, KeyCode::Char('j'), KeyModifiers::NONE);
    key(&mut s, KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(s.records_nav.selected, 2);
    key(&mut s, KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(s.records_nav.selected, s.records().len() - 1);
    key(&mut s, KeyCode::Char('g'), KeyModifiers::NONE);
    assert_eq!(s.records_nav.selected, 0);
    key(&mut s, KeyCode::PageDown, KeyModifiers::NONE);
    assert_eq!(s.records_nav.selected, 10);
    key(&mut s, KeyCode::PageUp, KeyModifiers::NONE);
    assert_eq!(s.records_nav.selected, 0);
    // Tab cycles panes; in the rail, j moves the phase.
    key(&mut s, KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(s.pane, Pane::Rail);
    key(&mut s, KeyCode::Char('j'), KeyModifiers::NONE);
    assert_eq!(s.phase, 2);
    key(&mut s, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(s.pane, Pane::Records);
    // Layers only move on the per-layer phase.
    key(&mut s, KeyCode::Char('l'), KeyModifiers::NONE);
    assert_eq!(s.layer, 0);
    cmd(&mut s, Command::Phase(6));
    key(&mut s, KeyCode::Char('l'), KeyModifiers::NONE);
    key(&mut s, KeyCode::Right, KeyModifiers::NONE);
    assert_eq!(s.layer(), crate::vocab::Layer::L3);
    assert_eq!(s.records().len(), 1, "T-001 is on L3");
    key(&mut s, KeyCode::Char('h'), KeyModifiers::NONE);
    key(&mut s, KeyCode::Char('h'), KeyModifiers::NONE);
    key(&mut s, KeyCode::Left, KeyModifiers::NONE);
    assert_eq!(s.layer(), crate::vocab::Layer::CrossLayer, "wraps around");
}

#[test]
fn filter_narrows_the_list_and_esc_clears_it() {
    let mut s = with_session();
    key(&mut s, KeyCode::Char('/'), KeyModifiers::NONE);
    typed(&mut s, "appetite");
    let matching = s.records().len();
    assert!(matching < 4, "{:?}", s.records());
    assert_eq!(s.records()[0].label, "Risk appetite");
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    assert!(s.editing.is_none());
    assert_eq!(s.records().len(), matching, "filter stays after Enter");
    key(&mut s, KeyCode::Esc, KeyModifiers::NONE);
    assert!(
        s.records().len() > 10 + 1,
        "business fields, stakeholders, checklist"
    );
}

#[test]
fn editing_a_phase_one_field_then_undo_and_redo() {
    let mut s = with_session();
    key(&mut s, KeyCode::Char('j'), KeyModifiers::NONE); // Application
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    assert!(s.editing.is_some());
    // Phase keys are text while editing.
    typed(&mut s, " 2");
    update(&mut s, Action::Paste(" beta\n".into()));
    assert_eq!(s.phase, 1);
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    let app = |s: &AppState| {
        s.doc
            .as_ref()
            .unwrap()
            .session()
            .business
            .application
            .clone()
    };
    assert_eq!(app(&s), "FAQ assistant 2 beta");
    assert!(s.is_dirty());
    key(&mut s, KeyCode::Char('u'), KeyModifiers::NONE);
    assert_eq!(app(&s), "FAQ assistant");
    assert!(!s.is_dirty());
    key(&mut s, KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert_eq!(app(&s), "FAQ assistant 2 beta");
    key(&mut s, KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert_eq!(s.message.as_deref(), Some("Nothing to redo"));
}

#[test]
fn external_editor_result_replaces_the_field() {
    let mut s = with_session();
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE); // Session title
    let effect = key(&mut s, KeyCode::Char('e'), KeyModifiers::CONTROL);
    assert_eq!(
        effect,
        Effect::OpenEditor("Minimal example: FAQ assistant".into())
    );
    update(&mut s, Action::EditorDone("New title\n".into()));
    assert!(s.editing.is_none());
    assert_eq!(s.doc.as_ref().unwrap().session().session.title, "New title");
}

#[test]
fn quit_asks_only_with_unsaved_changes() {
    let mut s = with_session();
    assert_eq!(
        key(&mut s, KeyCode::Char('q'), KeyModifiers::NONE),
        Effect::Quit
    );
    // Make an edit.
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    typed(&mut s, "!");
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(
        key(&mut s, KeyCode::Char('c'), KeyModifiers::CONTROL),
        Effect::None
    );
    assert_eq!(s.dialog, Some(Dialog::ConfirmQuit));
    // q again does not quit without an answer; Esc cancels.
    assert_eq!(
        key(&mut s, KeyCode::Char('q'), KeyModifiers::NONE),
        Effect::None
    );
    key(&mut s, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(s.dialog, None);
    key(&mut s, KeyCode::Char('q'), KeyModifiers::NONE);
    assert_eq!(
        key(&mut s, KeyCode::Char('s'), KeyModifiers::NONE),
        Effect::SaveAndQuit
    );
    key(&mut s, KeyCode::Char('q'), KeyModifiers::NONE);
    assert_eq!(
        key(&mut s, KeyCode::Char('d'), KeyModifiers::NONE),
        Effect::Quit
    );
}

#[test]
fn saved_clears_the_dirty_mark() {
    let mut s = with_session();
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    typed(&mut s, "!");
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(
        key(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL),
        Effect::Save
    );
    update(&mut s, Action::Saved(PathBuf::from("x.toml")));
    assert!(!s.is_dirty());
}

#[test]
fn read_only_refuses_edits_and_save() {
    let mut s = fresh();
    update(
        &mut s,
        Action::Opened(Box::new(opened(Some("being edited by ana@jump1 (pid 7)")))),
    );
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    assert!(s.editing.is_none());
    assert_eq!(
        key(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL),
        Effect::None
    );
    assert!(s.message.as_deref().unwrap().contains("ana@jump1"));
}

#[test]
fn recovery_offer_recovers_as_an_undoable_edit() {
    let mut s = fresh();
    let mut o = opened(None);
    let mut recovered = o.document.session.clone();
    recovered.business.domain = "Recovered domain".into();
    o.recovery = Some(recovered);
    update(&mut s, Action::Opened(Box::new(o)));
    assert!(matches!(s.dialog, Some(Dialog::Recovery(_))));
    key(&mut s, KeyCode::Char('r'), KeyModifiers::NONE);
    assert_eq!(
        s.doc.as_ref().unwrap().session().business.domain,
        "Recovered domain"
    );
    assert!(s.is_dirty());
    key(&mut s, KeyCode::Char('u'), KeyModifiers::NONE);
    assert!(!s.is_dirty());
}

#[test]
fn resume_point_is_applied_on_open() {
    let mut s = fresh();
    let mut o = opened(None);
    o.resume = Some(ResumePoint {
        phase: 6,
        layer: 2,
        selection: 0,
    });
    update(&mut s, Action::Opened(Box::new(o)));
    assert_eq!((s.phase, s.layer), (6, 2));
    assert_eq!(
        s.resume_point(),
        ResumePoint {
            phase: 6,
            layer: 2,
            selection: 0
        }
    );
}

#[test]
fn start_screen_example_first_then_new_session_wizard() {
    let mut s = fresh();
    assert_eq!(
        key(&mut s, KeyCode::Enter, KeyModifiers::NONE),
        Effect::OpenExample(0)
    );
    for _ in 0..EXAMPLES.len() {
        key(&mut s, KeyCode::Down, KeyModifiers::NONE);
    }
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    assert!(s.wizard.is_some());
    typed(&mut s, "Payments Agent");
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(s.wizard.as_ref().unwrap().file, "payments-agent.toml");
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    // The tree stops asking once it has decided (yes to the third question → Standard).
    for answer in ['n', 'n', 'y'] {
        key(&mut s, KeyCode::Char(answer), KeyModifiers::NONE);
    }
    assert_eq!(s.wizard.as_ref().unwrap().step, WizardStep::Confirm);
    let Effect::Create {
        title,
        file,
        depth,
        answers,
    } = key(&mut s, KeyCode::Enter, KeyModifiers::NONE)
    else {
        panic!("expected Create");
    };
    assert_eq!(
        (title.as_str(), file),
        ("Payments Agent", PathBuf::from("payments-agent.toml"))
    );
    assert_eq!(depth, Some(crate::vocab::Depth::Standard));
    assert_eq!(answers.len(), 3);
}

#[test]
fn help_opens_and_closes() {
    let mut s = with_session();
    key(&mut s, KeyCode::Char('?'), KeyModifiers::NONE);
    assert_eq!(s.dialog, Some(Dialog::Help));
    key(&mut s, KeyCode::Char('5'), KeyModifiers::NONE);
    assert_eq!(s.phase, 1, "keys do not leak through the overlay");
    key(&mut s, KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(s.dialog, None);
}

#[test]
fn help_scrolls_to_rows_that_do_not_fit_and_reopens_at_the_top() {
    let mut s = with_session();
    s.last_size = (80, 24);
    let rows = s.help_rows();
    let layout = s.help_layout(80, 24);
    // At 80 columns whole descriptions do not fit side by side: one column, scrolled.
    assert_eq!(layout.columns, 1);
    let per_column = layout.per_column;
    assert_eq!(per_column, rows.len());
    // The last row is below the box at first.
    let last = rows.last().unwrap().1;
    let screen = |s: &AppState| render(s, 80, 24).backend().to_string();
    cmd(&mut s, Command::Help);
    assert!(!screen(&s).contains(last), "{last} hidden at first");
    key(&mut s, KeyCode::Char('j'), KeyModifiers::NONE);
    assert_eq!(s.help_scroll, 1);
    assert_eq!(s.dialog, Some(Dialog::Help), "scrolling keeps help open");
    cmd(&mut s, Command::Bottom);
    let max = s.help_max_scroll();
    assert_eq!(max as usize, per_column - 22);
    assert_eq!(s.help_scroll, max);
    cmd(&mut s, Command::Down);
    cmd(&mut s, Command::PageDown);
    assert_eq!(s.help_scroll, max, "no scrolling past the end");
    assert!(screen(&s).contains(last), "{last} shown at the end");
    cmd(&mut s, Command::Top);
    assert_eq!(s.help_scroll, 0);
    cmd(&mut s, Command::PageDown);
    cmd(&mut s, Command::Back);
    cmd(&mut s, Command::Help);
    assert_eq!(s.help_scroll, 0, "help reopens at its top");
}

// ---- views ----

#[test]
fn snapshot_start_screen() {
    let s = fresh();
    insta::assert_snapshot!("start_80x24", render(&s, 80, 24).backend());
    insta::assert_snapshot!("start_200x50", render(&s, 200, 50).backend());
}

#[test]
fn snapshot_shell_on_each_phase() {
    let mut s = with_session();
    for phase in 1..=10u8 {
        cmd(&mut s, Command::Phase(phase));
        if phase == 6 {
            s.layer = 2;
        }
        insta::assert_snapshot!(
            format!("phase{phase:02}_80x24"),
            render(&s, 80, 24).backend()
        );
        insta::assert_snapshot!(
            format!("phase{phase:02}_200x50"),
            render(&s, 200, 50).backend()
        );
    }
}

#[test]
fn snapshot_help_overlay() {
    let mut s = with_session();
    cmd(&mut s, Command::Help);
    insta::assert_snapshot!("help_80x24", render(&s, 80, 24).backend());
    insta::assert_snapshot!("help_200x50", render(&s, 200, 50).backend());
    s.last_size = (80, 24);
    cmd(&mut s, Command::Bottom);
    insta::assert_snapshot!("help_80x24_scrolled_to_end", render(&s, 80, 24).backend());
}

#[test]
fn snapshot_too_small() {
    let s = with_session();
    insta::assert_snapshot!("too_small_79x24", render(&s, 79, 24).backend());
    insta::assert_snapshot!("too_small_40x10", render(&s, 40, 10).backend());
}

#[test]
fn no_panic_at_any_small_size() {
    let mut s = with_session();
    cmd(&mut s, Command::Phase(6));
    for width in 1..=90 {
        for height in 1..=30 {
            render(&s, width, height);
        }
    }
    let f = fresh();
    render(&f, 1, 1);
}

#[test]
fn current_phase_in_the_rail_is_highlighted() {
    let mut s = with_session();
    cmd(&mut s, Command::Phase(3));
    let t = render(&s, 80, 24);
    let buffer = t.backend().buffer();
    // Rail: border at x=0, row of phase 3 is y = 1 (header) + 1 (border) + 2.
    let cell = &buffer[(2, 4)];
    assert_eq!(cell.symbol(), "3");
    assert_eq!(cell.style().bg, s.theme.selected.bg);
    assert_eq!(cell.style().fg, s.theme.selected.fg);
    assert!(
        s.theme.selected.bg.is_some(),
        "the dark theme marks the selection by colour"
    );
    let other = &buffer[(2, 5)];
    assert_eq!(other.symbol(), "4");
    assert_ne!(other.style().bg, s.theme.selected.bg);
}

#[test]
fn snapshot_dialogs_editing_and_wizard() {
    let mut s = with_session();
    key(&mut s, KeyCode::Char('j'), KeyModifiers::NONE);
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    typed(&mut s, " v2");
    insta::assert_snapshot!("editing_phase1_80x24", render(&s, 80, 24).backend());
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut s, KeyCode::Char('q'), KeyModifiers::NONE);
    insta::assert_snapshot!("confirm_quit_80x24", render(&s, 80, 24).backend());

    let mut o = opened(None);
    o.recovery = Some(o.document.session.clone());
    let mut s = fresh();
    update(&mut s, Action::Opened(Box::new(o)));
    insta::assert_snapshot!("recovery_80x24", render(&s, 80, 24).backend());

    let mut s = fresh();
    key(&mut s, KeyCode::Char('/'), KeyModifiers::NONE);
    typed(&mut s, "new");
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    typed(&mut s, "Payments");
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut s, KeyCode::Char('n'), KeyModifiers::NONE);
    insta::assert_snapshot!("wizard_question_80x24", render(&s, 80, 24).backend());
}

#[test]
fn mouse_clicks_select_phase_layer_and_row() {
    let mut s = with_session();
    s.last_size = (80, 24);
    // Rail row of phase 6: header line, border, then one line per phase.
    update(&mut s, Action::Click { column: 5, row: 7 });
    assert_eq!((s.phase, s.pane), (6, Pane::Rail));
    // Third layer tab (each tab is 50 / 8 = 6 columns wide from column 30).
    update(
        &mut s,
        Action::Click {
            column: 30 + 6 * 2 + 1,
            row: 1,
        },
    );
    assert_eq!(s.layer(), crate::vocab::Layer::L3);
    cmd(&mut s, Command::Phase(1));
    let t = render(&s, 80, 24);
    // Find the screen row showing "Business domain" and click it.
    let row = (0..24)
        .find(|y| {
            let line: String = (0..80)
                .map(|x| t.backend().buffer()[(x, *y)].symbol().to_string())
                .collect();
            line.contains("Business domain")
        })
        .unwrap();
    update(&mut s, Action::Click { column: 40, row });
    assert_eq!(s.pane, Pane::Records);
    assert_eq!(s.selected_record().unwrap().label, "Business domain");
}

/// Issue 23: while the file named at start is read, the first frame says so instead of
/// offering the start screen's entries (keys wait for the session meanwhile).
#[test]
fn the_first_frame_while_the_start_file_loads_names_it() {
    use crate::tui::test_support::{render, state, text};
    let mut s = state(crate::tui::theme::Theme::default());
    let idle = text(render(&s, (80, 24)).backend().buffer());
    s.opening = Some("models/agent.toml".into());
    let opening = text(render(&s, (80, 24)).backend().buffer());
    assert!(opening.contains("Opening models/agent.toml…"), "{opening}");
    assert!(!idle.contains("Opening"));
    // The entries of the start screen are not offered while the file loads.
    assert!(idle.contains("Minimal example") && !opening.contains("Minimal example"));
}
