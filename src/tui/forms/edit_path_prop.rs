//! Issue 24: whatever the analyst does through the TUI's edit path, the session it
//! would save is one `validate` accepts. Random sequences of edits — free text (any
//! characters, dates that are not dates, ids that do not exist) typed into every field
//! of every form, pickers driven with the arrow keys, the phase 7–10 keys and text rows,
//! adds, deletes, undo and redo — all go through the key handling (`input::map_event`)
//! and `update`, as keystrokes do.

use crate::catalog::Catalog;
use crate::session::{Session, storage, validate};
use crate::tui::action::{Action, Command};
use crate::tui::app::*;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::tui::update::update;
use proptest::prelude::*;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn catalog() -> Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(Catalog::embedded).clone()
}

fn opened(session: Session, path: &Path) -> AppState {
    let mut s = AppState::new(catalog(), Keymap::default(), Theme::default(), Vec::new());
    let opened = Opened {
        path: path.to_path_buf(),
        document: crate::session::Document {
            session,
            unknown: Default::default(),
            loaded_version: crate::session::SCHEMA_VERSION,
        },
        read_only: None,
        recovery: None,
        resume: None,
        stale_lock: None,
    };
    update(&mut s, Action::Opened(Box::new(opened)));
    s
}

fn example() -> Session {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sessions/customer-support-mas.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    storage::parse(&path, &text).unwrap().session
}

fn press(s: &mut AppState, code: KeyCode) {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    let event = Event::Key(KeyEvent::new(code, modifiers));
    if let Some(action) = crate::tui::input::map_event(s, &event) {
        update(s, action);
    }
}

fn typed(s: &mut AppState, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

/// One thing the analyst does.
#[derive(Debug, Clone)]
enum Op {
    /// Opens record `record` of form kind `kind` (adding one when there is none), moves
    /// to field `field`, opens it, moves the picker `moves` rows, types `text` and
    /// confirms; a multi-line field is left with Esc, as its footer says.
    Field {
        kind: usize,
        record: usize,
        field: usize,
        moves: u8,
        toggle: bool,
        text: String,
    },
    Add(usize),
    Delete(usize, usize),
    Undo,
    Redo,
    /// In phase 7–10: moves the list, optionally moves into the card, then presses a
    /// phase key or Enter on the row (typing `text` if Enter opened a text field).
    Plan {
        phase: u8,
        list: u8,
        card: Option<u8>,
        key: Option<char>,
        text: String,
    },
    /// Raw keys in a phase: the rest of the keymap (custom threats, ratings, links…).
    Keys(u8, Vec<KeyCode>),
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("   ".to_string()),
        Just("2026-13-45".to_string()),
        Just("2027-01-31".to_string()),
        Just("T-999".to_string()),
        Just("REM-99; REM-01".to_string()),
        Just("C1, C99".to_string()),
        Just("Public web customers and partners".to_string()),
        Just("a;b; ;c".to_string()),
        Just("x\u{202e}y\u{200b}z".to_string()),
        "[ -~]{0,24}",
        "\\PC{0,12}",
    ]
}

/// Keys a user presses on a phase screen, weighted towards the ones that edit.
fn key() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        4 => prop::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Down,
            KeyCode::Up,
            KeyCode::Tab,
            KeyCode::Right,
            KeyCode::Left,
            KeyCode::Backspace,
        ]),
        6 => prop::sample::select(
            "aAnNsSiIlLvCfFTdDeoprtwPykxX1234 ;-"
                .chars()
                .map(KeyCode::Char)
                .collect::<Vec<_>>()
        ),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let kinds = super::KINDS.len();
    prop_oneof![
        8 => (0..kinds, 0..4usize, 0..24usize, 0..6u8, any::<bool>(), text()).prop_map(
            |(kind, record, field, moves, toggle, text)| Op::Field {
                kind,
                record,
                field,
                moves,
                toggle,
                text
            }
        ),
        1 => (0..kinds).prop_map(Op::Add),
        1 => (0..kinds, 0..4usize).prop_map(|(k, r)| Op::Delete(k, r)),
        1 => Just(Op::Undo),
        1 => Just(Op::Redo),
        5 => (
            7..=10u8,
            0..12u8,
            prop::option::of(0..12u8),
            prop::option::of(prop::sample::select(
                "aAnsSivVeEotwPTdlpIfgGr".chars().collect::<Vec<_>>()
            )),
            text()
        )
            .prop_map(|(phase, list, card, key, text)| Op::Plan {
                phase,
                list,
                card,
                key,
                text
            }),
        3 => (1..=9u8, prop::collection::vec(key(), 1..12)).prop_map(|(p, k)| Op::Keys(p, k)),
    ]
}

fn phase_key(phase: u8) -> KeyCode {
    KeyCode::Char(char::from(b'0' + phase % 10))
}

/// Leaves any open dialog, text field, form and sub-view, back on a phase list.
fn settle(s: &mut AppState) {
    for _ in 0..4 {
        if s.editing.is_some() {
            press(s, KeyCode::Enter);
        }
        if s.dialog.is_some() || s.form.is_some() || s.editing.is_some() {
            press(s, KeyCode::Esc);
        }
    }
    s.dialog = None;
    s.form = None;
    s.editing = None;
    s.plan.editing = None;
}

fn apply(s: &mut AppState, op: &Op) {
    let kinds = super::KINDS;
    match op {
        Op::Field {
            kind,
            record,
            field,
            moves,
            toggle,
            text,
        } => {
            let k = kinds[*kind];
            let ids = k.ids(s.doc.as_ref().unwrap().session());
            if ids.is_empty() {
                super::add_record(s, k.name());
            } else {
                super::open_form(s, k.name(), &ids[record % ids.len()], None);
            }
            let Some(form) = s.form.clone() else { return };
            let (specs, _) = super::specs_and_values(s, &form);
            if specs.is_empty() {
                return;
            }
            s.form.as_mut().unwrap().focus = field % specs.len();
            press(s, KeyCode::Enter);
            for _ in 0..*moves {
                press(s, KeyCode::Down);
            }
            if *toggle {
                press(s, KeyCode::Char(' '));
            }
            typed(s, text);
            press(s, KeyCode::Enter);
            // A multi-line field takes Enter as a new line and ends with Esc.
            if s.form.as_ref().is_some_and(|f| f.active.is_some()) {
                press(s, KeyCode::Esc);
            }
        }
        Op::Add(kind) => super::add_record(s, kinds[*kind].name()),
        Op::Delete(kind, record) => {
            let k = kinds[*kind];
            let ids = k.ids(s.doc.as_ref().unwrap().session());
            if !ids.is_empty() {
                super::ask_delete(s, k.name(), &ids[record % ids.len()]);
                press(s, KeyCode::Char('y'));
            }
        }
        Op::Undo => {
            update(s, Action::Command(Command::Undo));
        }
        Op::Redo => {
            update(s, Action::Command(Command::Redo));
        }
        Op::Plan {
            phase,
            list,
            card,
            key,
            text,
        } => {
            press(s, phase_key(*phase));
            for _ in 0..*list {
                press(s, KeyCode::Down);
            }
            if let Some(n) = card {
                press(s, KeyCode::Right);
                for _ in 0..*n {
                    press(s, KeyCode::Down);
                }
            }
            match key {
                Some(c) => press(s, KeyCode::Char(*c)),
                None => press(s, KeyCode::Enter),
            }
            if s.editing.is_some() {
                typed(s, text);
                press(s, KeyCode::Enter);
            }
        }
        Op::Keys(phase, keys) => {
            press(s, phase_key(*phase));
            for k in keys {
                press(s, *k);
            }
        }
    }
    settle(s);
}

/// What the TUI would write, read back as `load` reads it, and checked.
fn saved_problems(s: &AppState) -> Vec<String> {
    let doc = s.doc.as_ref().unwrap();
    let text = storage::to_text(doc.session(), &doc.document.unknown);
    let reloaded = match storage::parse(Path::new("saved.toml"), &text) {
        Ok(d) => d.session,
        Err(e) => return vec![format!("the saved text does not load: {e}")],
    };
    validate::check(&reloaded, &s.catalog)
        .iter()
        .map(|p| format!("{:?}: {}", p.path, p.message))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_of_the_example_leave_a_valid_session(ops in prop::collection::vec(op(), 1..24)) {
        let mut s = opened(example(), Path::new("edit.toml"));
        for op in &ops {
            apply(&mut s, op);
        }
        let problems = saved_problems(&s);
        prop_assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn random_edits_of_a_new_session_leave_a_valid_session(ops in prop::collection::vec(op(), 1..24)) {
        let new = Session::new("New model", "0.1.0", "2026-12-06");
        let mut s = opened(new, Path::new("new.toml"));
        for op in &ops {
            apply(&mut s, op);
        }
        let problems = saved_problems(&s);
        prop_assert!(problems.is_empty(), "{problems:#?}");
    }
}

/// Every field of every form gets free text typed into it (the shrunk cases above
/// only reach some): nothing typed makes the session invalid.
#[test]
fn free_text_in_every_field_of_every_form_is_valid() {
    let samples = [
        "Public web customers",
        "2026-13-45",
        "T-999; REM-42",
        "a\u{202e}b",
    ];
    for sample in samples {
        let mut s = opened(example(), Path::new("edit.toml"));
        for (kind, k) in super::KINDS.iter().enumerate() {
            let ids = k.ids(s.doc.as_ref().unwrap().session());
            let record = ids.len().saturating_sub(1);
            for field in 0..24 {
                apply(
                    &mut s,
                    &Op::Field {
                        kind,
                        record,
                        field,
                        moves: 0,
                        toggle: false,
                        text: sample.to_string(),
                    },
                );
            }
        }
        let problems = saved_problems(&s);
        assert!(problems.is_empty(), "typing `{sample}`: {problems:#?}");
    }
}
