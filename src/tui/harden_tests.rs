//! Long because it is tests: one per dialog outcome and per runtime file case.
//!
//! Issue #8 hardening in the interface: the stale-lock, external-change, "save as" and
//! overwrite dialogs (`update` keys and outcomes, snapshots at 80×24) and the runtime's
//! file work behind them (locks, recovery file, fingerprint, failed saves).

use super::action::{Action, Command};
use super::app::*;
use super::examples::EXAMPLES;
use super::keymap::Keymap;
use super::theme::Theme;
use super::update::{Effect, update};
use super::{Runtime, views};
use crate::catalog::Catalog;
use crate::session::lock::{self, Liveness, LockOwner};
use crate::session::storage;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};

fn fresh() -> AppState {
    AppState::new(
        Catalog::embedded(),
        Keymap::default(),
        Theme::default(),
        Vec::new(),
    )
}

fn minimal_index() -> usize {
    EXAMPLES
        .iter()
        .position(|(f, _)| *f == "minimal.toml")
        .unwrap()
}

fn opened() -> Opened {
    let (file, text) = EXAMPLES[minimal_index()];
    Opened {
        path: PathBuf::from("sessions/minimal.toml"),
        document: storage::parse(Path::new(file), text).unwrap(),
        read_only: None,
        recovery: None,
        resume: None,
        stale_lock: None,
    }
}

fn with_session() -> AppState {
    let mut s = fresh();
    update(&mut s, Action::Opened(Box::new(opened())));
    s
}

fn key(s: &mut AppState, code: KeyCode, modifiers: KeyModifiers) -> Effect {
    let event = Event::Key(KeyEvent::new(code, modifiers));
    match super::input::map_event(s, &event) {
        Some(action) => update(s, action),
        None => Effect::None,
    }
}

fn ch(s: &mut AppState, c: char) -> Effect {
    key(s, KeyCode::Char(c), KeyModifiers::NONE)
}

fn esc(s: &mut AppState) -> Effect {
    key(s, KeyCode::Esc, KeyModifiers::NONE)
}

fn typed(s: &mut AppState, text: &str) {
    for c in text.chars() {
        ch(s, c);
    }
}

fn render(s: &AppState) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| views::render(f, s)).unwrap();
    t
}

fn screen(s: &AppState) -> String {
    let t = render(s);
    let b = t.backend().buffer();
    (0..b.area.height)
        .map(|y| {
            (0..b.area.width)
                .map(|x| b[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Phase 1, Application field: append text (an unsaved edit).
fn edit_application(s: &mut AppState, appended: &str) {
    update(s, Action::Command(Command::Phase(1)));
    ch(s, 'g');
    ch(s, 'j');
    key(s, KeyCode::Enter, KeyModifiers::NONE);
    typed(s, appended);
    key(s, KeyCode::Enter, KeyModifiers::NONE);
    assert!(s.is_dirty());
}

fn application(s: &AppState) -> String {
    s.doc
        .as_ref()
        .unwrap()
        .session()
        .business
        .application
        .clone()
}

fn ghost(host: &str) -> LockOwner {
    LockOwner {
        user: "ana".into(),
        host: host.into(),
        pid: 4242,
        since: 1_700_000_000,
    }
}

fn stale_opened(liveness: Liveness) -> Opened {
    let mut o = opened();
    o.read_only = Some("lock of ana@jump1 (pid 4242) left in place".into());
    o.stale_lock = Some(StaleLock {
        owner: ghost("jump1"),
        liveness,
        confirm: false,
    });
    o
}

fn change(quit_after: bool) -> Box<ExternalChange> {
    Box::new(ExternalChange {
        undone_reload: false,
        path: PathBuf::from("sessions/minimal.toml"),
        then: FileStamp {
            len: 2048,
            modified: Some(1_700_000_000),
        },
        now: FileStamp {
            len: 2100,
            modified: Some(1_700_000_300),
        },
        changes: Some(3),
        unreadable: None,
        quit_after,
    })
}

// ---- stale lock ----

#[test]
fn stale_lock_dialog_take_over_then_recovery_is_offered() {
    let mut s = fresh();
    update(
        &mut s,
        Action::Opened(Box::new(stale_opened(Liveness::Gone))),
    );
    assert!(matches!(s.dialog, Some(Dialog::StaleLock(_))));
    assert!(s.read_only().is_some(), "read-only until taken over");
    // Other letters do nothing.
    assert_eq!(ch(&mut s, 'y'), Effect::None);
    assert!(matches!(s.dialog, Some(Dialog::StaleLock(_))));
    assert_eq!(ch(&mut s, 't'), Effect::TakeOverLock);
    assert!(s.dialog.is_none());
    // The runtime took the lock and found the crashed session's edits.
    let mut recovered = s.doc.as_ref().unwrap().saved_session();
    recovered.business.application = "recovered".into();
    update(
        &mut s,
        Action::LockTaken {
            recovery: Some(Box::new(recovered)),
        },
    );
    assert!(s.read_only().is_none());
    assert!(matches!(s.dialog, Some(Dialog::Recovery(_))));
    ch(&mut s, 'r');
    assert_eq!(application(&s), "recovered");
}

#[test]
fn stale_lock_dialog_read_only_and_back() {
    let mut s = fresh();
    update(
        &mut s,
        Action::Opened(Box::new(stale_opened(Liveness::Gone))),
    );
    assert_eq!(ch(&mut s, 'r'), Effect::None);
    assert!(s.dialog.is_none());
    assert!(s.read_only().is_some());
    assert!(
        s.message
            .as_deref()
            .unwrap()
            .contains("ana@jump1 (pid 4242)"),
        "{:?}",
        s.message
    );
    // Esc goes back to the start screen without the session.
    let mut s = fresh();
    update(
        &mut s,
        Action::Opened(Box::new(stale_opened(Liveness::Gone))),
    );
    assert_eq!(esc(&mut s), Effect::None);
    assert_eq!(s.screen, Screen::Start);
    assert!(s.doc.is_none());
    assert!(s.dialog.is_none());
}

#[test]
fn lock_from_another_host_needs_a_second_confirmation() {
    let mut s = fresh();
    update(
        &mut s,
        Action::Opened(Box::new(stale_opened(Liveness::OtherHost))),
    );
    assert_eq!(ch(&mut s, 't'), Effect::None, "first t only asks again");
    assert!(matches!(&s.dialog, Some(Dialog::StaleLock(d)) if d.confirm));
    // Esc steps back to the first question, not out of the session.
    esc(&mut s);
    assert!(matches!(&s.dialog, Some(Dialog::StaleLock(d)) if !d.confirm));
    assert_eq!(ch(&mut s, 'y'), Effect::None, "y means nothing before t");
    ch(&mut s, 't');
    assert_eq!(ch(&mut s, 'y'), Effect::TakeOverLock);
    assert!(s.dialog.is_none());
}

// ---- external change ----

#[test]
fn external_change_overwrite_and_cancel() {
    let mut s = with_session();
    edit_application(&mut s, " mine");
    update(&mut s, Action::ExternalChange(change(false)));
    assert!(matches!(s.dialog, Some(Dialog::ExternalChange(_))));
    assert_eq!(ch(&mut s, 'o'), Effect::Overwrite { quit: false });
    assert!(s.dialog.is_none());
    // From "save and quit", overwriting then quits.
    update(&mut s, Action::ExternalChange(change(true)));
    assert_eq!(ch(&mut s, 'O'), Effect::Overwrite { quit: true });
    // Esc cancels: nothing saved, edits kept, the message says why.
    update(&mut s, Action::ExternalChange(change(false)));
    assert_eq!(esc(&mut s), Effect::None);
    assert!(s.dialog.is_none());
    assert!(s.is_dirty());
    assert!(s.message.as_deref().unwrap().starts_with("Not saved"));
}

#[test]
fn external_change_reload_asks_again_and_is_undoable() {
    let mut s = with_session();
    edit_application(&mut s, " mine");
    update(&mut s, Action::ExternalChange(change(false)));
    assert_eq!(ch(&mut s, 'r'), Effect::None);
    assert!(matches!(s.dialog, Some(Dialog::ConfirmReload(_))));
    // n and Esc go back to the choice.
    ch(&mut s, 'n');
    assert!(matches!(s.dialog, Some(Dialog::ExternalChange(_))));
    ch(&mut s, 'r');
    esc(&mut s);
    assert!(matches!(s.dialog, Some(Dialog::ExternalChange(_))));
    ch(&mut s, 'r');
    assert_eq!(ch(&mut s, 'y'), Effect::Reload);
    // The runtime loaded their version.
    let mut theirs = opened().document;
    theirs.session.business.application = "theirs".into();
    update(&mut s, Action::Reloaded(Box::new(theirs)));
    assert_eq!(application(&s), "theirs");
    assert!(!s.is_dirty());
    ch(&mut s, 'u');
    assert_eq!(
        application(&s),
        "FAQ assistant mine",
        "undo brings mine back"
    );
    assert!(s.is_dirty());
}

#[test]
fn external_change_save_as_opens_the_prompt() {
    let mut s = with_session();
    edit_application(&mut s, " mine");
    update(&mut s, Action::ExternalChange(change(false)));
    assert_eq!(ch(&mut s, 's'), Effect::None);
    assert_eq!(s.dialog, Some(Dialog::SaveAs));
    assert_eq!(
        s.editing.as_ref().unwrap().field.text(),
        "sessions/minimal.toml"
    );
}

// ---- save as ----

#[test]
fn save_as_prompt_enter_escape_and_empty() {
    let mut s = with_session();
    assert_eq!(
        key(&mut s, KeyCode::Char('o'), KeyModifiers::CONTROL),
        Effect::None
    );
    assert_eq!(s.dialog, Some(Dialog::SaveAs));
    let editing = s.editing.as_ref().unwrap();
    assert_eq!(editing.target, EditTarget::SaveAs);
    assert_eq!(editing.field.text(), "sessions/minimal.toml");
    // Letters are text here, not commands (q does not quit, 1 does not jump).
    typed(&mut s, "q1");
    assert_eq!(
        key(&mut s, KeyCode::Enter, KeyModifiers::NONE),
        Effect::SaveAs {
            path: PathBuf::from("sessions/minimal.tomlq1"),
            overwrite: false
        }
    );
    assert!(s.dialog.is_none() && s.editing.is_none());
    // Esc cancels.
    key(&mut s, KeyCode::Char('o'), KeyModifiers::CONTROL);
    assert_eq!(esc(&mut s), Effect::None);
    assert!(s.dialog.is_none() && s.editing.is_none());
    // An empty name is refused, the prompt stays.
    key(&mut s, KeyCode::Char('o'), KeyModifiers::CONTROL);
    for _ in 0..40 {
        key(&mut s, KeyCode::Backspace, KeyModifiers::NONE);
    }
    assert_eq!(
        key(&mut s, KeyCode::Enter, KeyModifiers::NONE),
        Effect::None
    );
    assert_eq!(s.dialog, Some(Dialog::SaveAs));
}

#[test]
fn saved_as_makes_an_example_editable_under_its_new_path() {
    let mut s = fresh();
    let mut o = opened();
    o.path = Path::new(super::EXAMPLE_LABEL).join("minimal.toml");
    o.read_only = Some("embedded example".into());
    update(&mut s, Action::Opened(Box::new(o)));
    // Save points at save as.
    key(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(s.message.as_deref().unwrap().contains("^O saves a copy"));
    key(&mut s, KeyCode::Char('o'), KeyModifiers::CONTROL);
    assert_eq!(
        s.editing.as_ref().unwrap().field.text(),
        "minimal.toml",
        "an example offers its file name, not its label"
    );
    key(&mut s, KeyCode::Enter, KeyModifiers::NONE);
    update(&mut s, Action::SavedAs(PathBuf::from("/work/mine.toml")));
    let doc = s.doc.as_ref().unwrap();
    assert_eq!(doc.path, PathBuf::from("/work/mine.toml"));
    assert!(doc.read_only.is_none());
    edit_application(&mut s, " copy");
    assert_eq!(
        key(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL),
        Effect::Save
    );
}

#[test]
fn confirm_overwrite_yes_and_no() {
    let mut s = with_session();
    update(
        &mut s,
        Action::ConfirmOverwrite(PathBuf::from("/x/other.toml")),
    );
    assert!(matches!(s.dialog, Some(Dialog::ConfirmOverwrite(_))));
    assert_eq!(
        ch(&mut s, 'y'),
        Effect::SaveAs {
            path: PathBuf::from("/x/other.toml"),
            overwrite: true
        }
    );
    update(
        &mut s,
        Action::ConfirmOverwrite(PathBuf::from("/x/other.toml")),
    );
    assert_eq!(ch(&mut s, 'n'), Effect::None);
    assert_eq!(s.dialog, Some(Dialog::SaveAs), "back to the name");
    assert_eq!(s.editing.as_ref().unwrap().field.text(), "/x/other.toml");
    esc(&mut s);
    update(
        &mut s,
        Action::ConfirmOverwrite(PathBuf::from("/x/other.toml")),
    );
    esc(&mut s);
    assert_eq!(s.dialog, Some(Dialog::SaveAs));
}

#[test]
fn save_failed_dialog_offers_save_as_and_keeps_edits() {
    let mut s = with_session();
    edit_application(&mut s, " mine");
    let failed = || Action::SaveFailed {
        path: PathBuf::from("/ro/model.toml"),
        reason: "Read-only file system (os error 30)".into(),
    };
    update(&mut s, failed());
    assert!(matches!(s.dialog, Some(Dialog::SaveFailed { .. })));
    assert_eq!(ch(&mut s, 'x'), Effect::None);
    assert_eq!(ch(&mut s, 's'), Effect::None);
    assert_eq!(s.dialog, Some(Dialog::SaveAs));
    assert_eq!(s.editing.as_ref().unwrap().field.text(), "/ro/model.toml");
    esc(&mut s);
    update(&mut s, failed());
    esc(&mut s);
    assert!(s.dialog.is_none());
    assert!(s.is_dirty());
    let message = s.message.clone().unwrap();
    assert!(
        message.contains("/ro/model.toml") && message.contains("^O"),
        "{message}"
    );
}

#[test]
fn save_as_is_in_help_generated_from_the_keymap() {
    let rows = Keymap::default().help_rows();
    assert!(rows.contains(&("^O".to_string(), "Save as another file")));
}

// ---- snapshots ----

#[test]
fn snapshot_hardening_dialogs() {
    let mut s = fresh();
    update(
        &mut s,
        Action::Opened(Box::new(stale_opened(Liveness::Gone))),
    );
    insta::assert_snapshot!("stale_lock_80x24", render(&s).backend());

    let mut s = fresh();
    update(
        &mut s,
        Action::Opened(Box::new(stale_opened(Liveness::OtherHost))),
    );
    insta::assert_snapshot!("stale_lock_other_host_80x24", render(&s).backend());
    ch(&mut s, 't');
    insta::assert_snapshot!("stale_lock_other_host_confirm_80x24", render(&s).backend());

    let mut s = with_session();
    update(&mut s, Action::ExternalChange(change(false)));
    insta::assert_snapshot!("external_change_80x24", render(&s).backend());
    ch(&mut s, 'r');
    insta::assert_snapshot!("confirm_reload_80x24", render(&s).backend());

    let mut s = with_session();
    key(&mut s, KeyCode::Char('o'), KeyModifiers::CONTROL);
    insta::assert_snapshot!("save_as_80x24", render(&s).backend());
    update(
        &mut s,
        Action::ConfirmOverwrite(PathBuf::from("/x/other.toml")),
    );
    insta::assert_snapshot!("confirm_overwrite_80x24", render(&s).backend());

    let mut s = with_session();
    update(
        &mut s,
        Action::SaveFailed {
            path: PathBuf::from("/srv/ro/model.toml"),
            reason: "Read-only file system (os error 30)".into(),
        },
    );
    insta::assert_snapshot!("save_failed_80x24", render(&s).backend());
}

#[test]
fn hostile_names_in_dialogs_are_sanitized() {
    let mut s = fresh();
    let mut o = stale_opened(Liveness::Gone);
    o.stale_lock.as_mut().unwrap().owner.user = "ev\x1b]52;c;QUFB\x07il".into();
    update(&mut s, Action::Opened(Box::new(o)));
    let drawn = screen(&s);
    assert!(drawn.contains("Locked by ev\\u{1b}]52;c;QUFB"), "{drawn}");
    let mut c = change(false);
    c.path = PathBuf::from("evil\x1b[2J.toml");
    update(&mut s, Action::ExternalChange(c));
    assert!(screen(&s).contains("evil\\u{1b}[2J.toml changed on disk"));
}

// ---- runtime: the file work behind the dialogs ----

fn runtime() -> Runtime {
    Runtime {
        store: None,
        opening: None,
        after_open: None,
        deferred: Vec::new(),
        lock: None,
        recovery_written: None,
        on_disk: None,
        change_noticed: false,
        recent_due: None,
        notice: None,
    }
}

#[test]
fn an_opened_session_joins_the_recent_list_after_the_frame_not_before() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("model.toml");
    std::fs::write(&file, EXAMPLES[minimal_index()].1).unwrap();
    let store = super::resume::Store {
        resume_file: dir.path().join("state/resume.toml"),
        recent_file: dir.path().join("data/recent.toml"),
    };
    let mut rt = runtime();
    rt.store = Some(store.clone());
    rt.open_file(&file).unwrap();
    assert!(store.recent().is_empty(), "written before the first frame");
    // What the main loop does after each frame: once.
    rt.add_recent();
    assert_eq!(store.recent(), [std::fs::canonicalize(&file).unwrap()]);
    assert!(rt.recent_due.is_none());
}

/// A temp dir holding the minimal example as `model.toml`, opened by a runtime.
fn open_in_tempdir() -> (tempfile::TempDir, PathBuf, Runtime, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("model.toml");
    std::fs::write(&file, EXAMPLES[minimal_index()].1).unwrap();
    let mut rt = runtime();
    let o = rt.open_file(&file).unwrap();
    let mut s = fresh();
    update(&mut s, Action::Opened(Box::new(o)));
    assert!(s.read_only().is_none());
    (dir, file, rt, s)
}

fn owner_pid(session: &Path) -> Option<u32> {
    lock::recorded_owner(session).map(|o| o.pid)
}

#[test]
fn runtime_save_as_moves_lock_recovery_and_fingerprint() {
    let (dir, file, mut rt, mut s) = open_in_tempdir();
    edit_application(&mut s, " moved");
    rt.autosave(&s);
    assert!(super::recovery::recovery_path(&file).exists());
    let copy = dir.path().join("copy.toml");
    let action = rt.save_as(&s, &copy, false);
    assert!(
        matches!(&action, Action::SavedAs(p) if *p == copy),
        "{action:?}"
    );
    update(&mut s, action);
    assert!(!s.is_dirty());
    assert!(
        std::fs::read_to_string(&copy)
            .unwrap()
            .contains("FAQ assistant moved")
    );
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("FAQ assistant moved"),
        "the old file is untouched"
    );
    assert!(!lock::lock_path(&file).exists(), "old lock released");
    assert_eq!(owner_pid(&copy), Some(std::process::id()), "new lock taken");
    assert!(!super::recovery::recovery_path(&file).exists());
    // The new file is the session now: a further save goes there without a question.
    edit_application(&mut s, " again");
    let saved = rt.save(&s, false, false);
    assert!(
        matches!(&saved, Action::Saved(p) if *p == copy),
        "{saved:?}"
    );
}

#[test]
fn runtime_save_as_asks_before_replacing_another_file() {
    let (dir, _file, mut rt, s) = open_in_tempdir();
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "keep me").unwrap();
    let action = rt.save_as(&s, &other, false);
    assert!(
        matches!(&action, Action::ConfirmOverwrite(p) if *p == other),
        "{action:?}"
    );
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "keep me");
    let action = rt.save_as(&s, &other, true);
    assert!(matches!(action, Action::SavedAs(_)), "{action:?}");
    assert!(
        std::fs::read_to_string(&other)
            .unwrap()
            .contains("schema_version")
    );
}

#[test]
fn runtime_save_as_the_same_file_is_a_plain_save() {
    let (_dir, file, mut rt, s) = open_in_tempdir();
    let action = rt.save_as(&s, &file, false);
    assert!(
        matches!(&action, Action::Saved(p) if *p == file),
        "{action:?}"
    );
    assert_eq!(owner_pid(&file), Some(std::process::id()));
}

#[test]
fn runtime_failed_save_keeps_edits_lock_and_recovery() {
    // Tests run as root, where a read-only directory still accepts writes; a parent
    // that is a regular file fails for root too (ENOTDIR), like a read-only one would.
    let (dir, file, mut rt, mut s) = open_in_tempdir();
    edit_application(&mut s, " kept");
    let not_a_dir = dir.path().join("plain-file");
    std::fs::write(&not_a_dir, "").unwrap();
    let target = not_a_dir.join("copy.toml");
    let action = rt.save_as(&s, &target, false);
    let Action::SaveFailed { path, reason } = &action else {
        panic!("{action:?}")
    };
    assert_eq!(*path, target);
    assert!(reason.contains("Not a directory"), "{reason}");
    update(&mut s, action.clone());
    assert!(s.is_dirty(), "edits kept");
    assert_eq!(owner_pid(&file), Some(std::process::id()), "old lock kept");
    assert!(!lock::lock_path(&target).exists());
    assert_eq!(s.doc.as_ref().unwrap().path, file);
    rt.autosave(&s);
    assert!(
        super::recovery::recovery_path(&file).exists(),
        "recovery written"
    );
    // The dialog names the file and the reason, and says the edits are kept.
    let drawn = screen(&s);
    assert!(drawn.contains("Not a directory"), "{drawn}");
    assert!(drawn.contains("plain-file/copy.toml"), "{drawn}");
    assert!(drawn.contains("Your edits are kept"), "{drawn}");
    // A missing directory says so, too.
    let missing = dir.path().join("no/such/dir/x.toml");
    let action = rt.save_as(&s, &missing, false);
    assert!(
        matches!(&action, Action::SaveFailed { path, reason }
            if *path == missing && reason.contains("No such file or directory")),
        "{action:?}"
    );
    // And a plain save whose directory went away (replaced by a file) as well.
    let moved = dir.path().with_extension("moved");
    std::fs::rename(dir.path(), &moved).unwrap();
    std::fs::write(dir.path(), "").unwrap();
    let action = rt.save(&s, false, false);
    std::fs::remove_file(dir.path()).unwrap();
    std::fs::rename(&moved, dir.path()).unwrap();
    assert!(
        matches!(&action, Action::SaveFailed { path, reason }
            if *path == file && reason.contains("Not a directory")),
        "{action:?}"
    );
}

#[test]
fn runtime_external_change_is_asked_then_overwritten() {
    let (_dir, file, mut rt, mut s) = open_in_tempdir();
    edit_application(&mut s, " mine");
    let theirs = std::fs::read_to_string(&file)
        .unwrap()
        .replace("Customer support", "Customer care");
    std::fs::write(&file, &theirs).unwrap();
    let action = rt.save(&s, false, false);
    let Action::ExternalChange(c) = &action else {
        panic!("{action:?}")
    };
    assert_eq!(c.path, file);
    assert_eq!(c.changes, Some(1), "the business section differs");
    assert_eq!(c.now.len, theirs.len() as u64);
    assert!(!c.quit_after);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs, "not saved");
    // Asking again still asks (no silent overwrite on a second Ctrl-S).
    assert!(matches!(
        rt.save(&s, false, false),
        Action::ExternalChange(_)
    ));
    // Overwrite.
    assert!(matches!(rt.save(&s, true, false), Action::Saved(_)));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("FAQ assistant mine") && !text.contains("Customer care"));
}

#[test]
fn runtime_tick_notices_an_external_change_once() {
    let (_dir, file, mut rt, s) = open_in_tempdir();
    assert_eq!(rt.notice_external_change(&s), None);
    pull_change(&file);
    let notice = rt.notice_external_change(&s).expect("noticed");
    assert!(notice.contains("model.toml changed on disk"), "{notice}");
    assert_eq!(rt.notice_external_change(&s), None, "only once");
    // After an overwrite the next change is noticed again.
    assert!(matches!(rt.save(&s, true, false), Action::Saved(_)));
    assert_eq!(rt.notice_external_change(&s), None);
    pull_change(&file);
    assert!(rt.notice_external_change(&s).is_some());
}

/// Another program rewrites the file: one value changed.
fn pull_change(file: &Path) -> String {
    let theirs = std::fs::read_to_string(file)
        .unwrap()
        .replace("Customer support", "Customer care");
    std::fs::write(file, &theirs).unwrap();
    theirs
}

#[test]
fn runtime_reload_brings_their_version() {
    let (_dir, file, mut rt, mut s) = open_in_tempdir();
    edit_application(&mut s, " mine");
    let theirs = std::fs::read_to_string(&file)
        .unwrap()
        .replace("FAQ assistant", "FAQ bot");
    std::fs::write(&file, &theirs).unwrap();
    let action = rt.reload(&s);
    update(&mut s, action);
    assert_eq!(application(&s), "FAQ bot");
    // The fingerprint follows: the next save does not ask again.
    edit_application(&mut s, " 2");
    assert!(matches!(rt.save(&s, false, false), Action::Saved(_)));
}

#[test]
fn runtime_stale_lock_is_left_until_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("model.toml");
    std::fs::write(&file, EXAMPLES[minimal_index()].1).unwrap();
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let host = LockOwner::current().host;
    let gone = LockOwner {
        pid: dead,
        ..ghost(&host)
    };
    let lock_text = toml::to_string(&gone).unwrap();
    std::fs::write(lock::lock_path(&file), &lock_text).unwrap();
    // Unsaved edits of the crashed session.
    let mut crashed = storage::load(&file).unwrap();
    crashed.session.business.application = "crashed edit".into();
    super::recovery::write(&file, &crashed).unwrap();

    let mut rt = runtime();
    let o = rt.open_file(&file).unwrap();
    let stale = o.stale_lock.clone().expect("stale lock reported");
    assert_eq!(stale.owner, gone);
    assert_eq!(stale.liveness, Liveness::Gone);
    assert!(o.read_only.is_some());
    assert!(o.recovery.is_none(), "offered after the take-over");
    assert!(rt.lock.is_none());
    assert_eq!(
        std::fs::read_to_string(lock::lock_path(&file)).unwrap(),
        lock_text,
        "the lock file is left as it was"
    );
    let mut s = fresh();
    update(&mut s, Action::Opened(Box::new(o)));
    assert_eq!(ch(&mut s, 't'), Effect::TakeOverLock);
    let action = rt.take_over_lock(&s);
    update(&mut s, action);
    assert_eq!(owner_pid(&file), Some(std::process::id()));
    assert!(s.read_only().is_none());
    assert!(matches!(s.dialog, Some(Dialog::Recovery(_))));
    ch(&mut s, 'r');
    assert_eq!(application(&s), "crashed edit");
    assert!(matches!(rt.save(&s, false, false), Action::Saved(_)));
}

#[test]
fn runtime_example_saved_as_becomes_editable() {
    let dir = tempfile::tempdir().unwrap();
    let mut rt = runtime();
    let mut s = fresh();
    update(
        &mut s,
        Action::Opened(Box::new(super::open_example(minimal_index()).unwrap())),
    );
    assert!(s.read_only().is_some());
    assert!(matches!(rt.save(&s, false, false), Action::Failed(_)));
    let target = dir.path().join("mine.toml");
    let action = rt.save_as(&s, &target, false);
    update(&mut s, action);
    assert!(s.read_only().is_none());
    assert_eq!(owner_pid(&target), Some(std::process::id()));
    edit_application(&mut s, " own");
    assert!(matches!(rt.save(&s, false, false), Action::Saved(_)));
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("FAQ assistant own")
    );
}

#[test]
fn typed_paths_resolve_home_and_cwd() {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if let Some(home) = home {
        assert_eq!(
            super::resolve_path(Path::new("~/a/b.toml")).unwrap(),
            home.join("a/b.toml")
        );
    }
    assert_eq!(
        super::resolve_path(Path::new("x.toml")).unwrap(),
        std::env::current_dir().unwrap().join("x.toml")
    );
    assert_eq!(
        super::resolve_path(Path::new("/abs/x.toml")).unwrap(),
        PathBuf::from("/abs/x.toml")
    );
    // `~user` is a file name, not someone's home.
    assert!(
        super::resolve_path(Path::new("~user/x"))
            .unwrap()
            .ends_with("~user/x")
    );
}

/// Issue #17, L10: reload theirs, undo past the reload, save: the save would replace
/// their version on disk, so it asks like any save over an external change. Redoing
/// the reload, or editing on top of it, saves without asking.
#[test]
fn runtime_save_after_undoing_past_a_reload_asks() {
    let (_dir, file, mut rt, mut s) = open_in_tempdir();
    edit_application(&mut s, " mine");
    let theirs = pull_change(&file);
    let action = rt.reload(&s);
    update(&mut s, action);
    assert!(!s.is_dirty());
    ch(&mut s, 'u');
    assert_eq!(application(&s), "FAQ assistant mine");
    let action = rt.save(&s, false, false);
    assert!(matches!(action, Action::ExternalChange(_)), "{action:?}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs, "not saved");
    update(&mut s, action);
    let shown = screen(&s);
    assert!(shown.contains("Replace the reloaded version?"), "{shown}");
    assert!(shown.contains("You undid past the reload"), "{shown}");
    esc(&mut s);
    // An edit on top of the undone state still does not descend from the reload.
    edit_application(&mut s, " more");
    assert!(matches!(
        rt.save(&s, false, false),
        Action::ExternalChange(_)
    ));
    // Overwrite (the analyst's answer) saves, and the next save is an ordinary one.
    let action = rt.save(&s, true, false);
    assert!(matches!(action, Action::Saved(_)), "{action:?}");
    update(&mut s, action);
    edit_application(&mut s, " again");
    assert!(matches!(rt.save(&s, false, false), Action::Saved(_)));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("FAQ assistant mine more again")
    );
}

#[test]
fn runtime_redo_of_a_reload_or_edits_after_it_save_without_asking() {
    let (_dir, file, mut rt, mut s) = open_in_tempdir();
    edit_application(&mut s, " mine");
    pull_change(&file);
    let action = rt.reload(&s);
    update(&mut s, action);
    ch(&mut s, 'u');
    update(&mut s, Action::Command(Command::Redo));
    edit_application(&mut s, " on theirs");
    let action = rt.save(&s, false, false);
    assert!(matches!(action, Action::Saved(_)), "{action:?}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("Customer care") && text.contains("FAQ assistant on theirs"));
}
