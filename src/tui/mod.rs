//! Long because the runtime below is the one place effects are performed (files, locks,
//! recovery, autosave, the editor, suspend), kept beside the loop that runs them.
//!
//! The full-screen interface (The Elm Architecture).
//!
//! `event` feeds one channel with keys, signals and ticks; `input` maps keys to
//! actions through the keymap; `update` changes the one `AppState` and returns an
//! effect; this module's runtime performs effects (files, editor, suspend) and
//! redraws only when something changed. Nothing here prints to stdout while the
//! alternate screen is active.

pub mod action;
pub mod app;
pub mod autosave;
pub mod config;
pub mod conflicts;
pub mod derive;
pub mod diagram;
pub mod dialogs;
pub mod discover;
pub mod edit;
pub mod event;
pub mod examples;
pub mod feedback;
pub mod forms;
pub mod guide;
pub mod hangup;
pub mod history;
pub mod input;
pub mod keep;
pub mod keymap;
pub mod links;
pub mod mouse;
pub mod phases;
pub mod portfolio;
pub mod problems;
pub mod recovery;
pub mod resume;
pub mod start;
pub mod templates;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod views;
pub mod widgets;

#[cfg(test)]
mod derive_prop;
#[cfg(test)]
mod harden_tests;
#[cfg(test)]
mod links_tests;
#[cfg(test)]
mod motion_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;

use crate::catalog::Catalog;
use crate::session::lock::{LockError, SessionLock};
use crate::session::storage::{self, Document};
use crate::session::watch::Fingerprint;
use crate::session::{SCHEMA_VERSION, Session};
use action::Action;
use anyhow::{Context, Result, bail};
use app::{AppState, Opened};
use event::{Events, Message};
use ratatui::crossterm::{execute, terminal as ct};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use theme::{ColorMode, Theme};
use update::Effect;

/// What the command line passes to the interface.
pub struct Options {
    pub file: Option<PathBuf>,
    pub theme: Option<String>,
    pub color: Option<String>,
    pub mouse: bool,
    pub catalog: Catalog,
}

/// Runs the full-screen interface until the analyst quits or a signal ends it.
pub fn run(options: Options) -> Result<ExitCode> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        bail!(
            "the full-screen interface needs a terminal on stdin and stdout; \
             for scripts use a subcommand such as `maestro-tm validate FILE` (see --help)"
        );
    }
    let (config, config_problem) = config::load(config::config_path().as_deref());
    let (keymap, key_problems) = keymap::Keymap::with_overrides(&config.keys);
    let flag_mode = match &options.color {
        Some(text) => Some(ColorMode::parse(text).with_context(|| {
            format!("unknown colour mode `{text}`; use 16, 256, truecolor or none")
        })?),
        None => None,
    };
    let mode = ColorMode::resolve(
        flag_mode,
        config.color.as_deref().and_then(ColorMode::parse),
        &|k| std::env::var(k).ok(),
    );
    let theme_name = options
        .theme
        .clone()
        .or(config.theme.clone())
        .unwrap_or_else(|| {
            if mode == ColorMode::None {
                "monochrome"
            } else {
                "dark"
            }
            .to_string()
        });
    let theme = Theme::named(&theme_name, mode).map_err(anyhow::Error::msg)?;
    let store = resume::Store::from_dirs();
    let recent = store
        .as_ref()
        .map(resume::Store::recent)
        .unwrap_or_default();
    let mut state = AppState::new(options.catalog, keymap, theme, recent);
    state.mouse = options.mouse || config.mouse;
    state.ascii_lines = diagram::ascii_terminal(&|k| std::env::var(k).ok());

    let mut runtime = Runtime {
        store,
        opening: None,
        after_open: None,
        deferred: Vec::new(),
        lock: None,
        recovery_written: None,
        on_disk: None,
        change_noticed: false,
        recent_due: None,
        notice: None,
    };
    // A missing file is reported before the alternate screen; the file is read in the
    // background while the first frame is drawn (issue 23: start → first frame), and a
    // load error ends the interface and is printed on the normal screen.
    if let Some(path) = &options.file {
        must_exist(path)?;
        state.opening = Some(path.display().to_string());
        runtime.opening = Some(path.clone());
    }
    // After opening, so that the session's own message does not hide a config problem.
    if let Some(problem) = config_problem.or_else(|| key_problems.first().cloned()) {
        match runtime.opening {
            Some(_) => runtime.after_open = Some(problem),
            None => state.message = Some(problem),
        }
    }

    let events = Events::start(Duration::from_secs(config.autosave_seconds))?;
    if let Some(path) = runtime.opening.clone() {
        let tx = events.sender();
        std::thread::spawn(move || {
            // The file's fingerprint (to notice external changes) from the bytes read
            // here: reading and hashing it again on the main thread delayed the session.
            let loaded = storage::read_text(&path)
                .and_then(|text| {
                    let fingerprint = Fingerprint::of_read(&path, text.as_bytes());
                    let document =
                        storage::parse(&path, &text).map_err(storage::StorageError::Invalid)?;
                    Ok((document, fingerprint))
                })
                .map_err(anyhow::Error::from);
            // The main loop may be gone already (quit by a signal): nothing to tell.
            let _ = tx.send(Message::Loaded(Box::new(loaded)));
        });
    }
    terminal::install_panic_hook();
    terminal::enter(state.mouse)?;
    let _guard = terminal::Guard;
    let mut term = terminal::new_terminal()?;
    let result = runtime.main_loop(&mut state, &events, &mut term);
    runtime.add_recent();
    // ratatui's Drop shows the cursor and eprintln!s on failure, which panics when the
    // tty is gone (SSH drop). `terminal::restore` shows the cursor instead.
    std::mem::forget(term);
    if result.is_err() {
        // The terminal may be gone (SSH drop): keep the unsaved work before reporting.
        hangup::keep_what_is_typed(&mut state);
        runtime.autosave(&state);
    }
    runtime.remember(&state);
    result
}

struct Runtime {
    store: Option<resume::Store>,
    /// The file named on the command line while it is read in the background.
    opening: Option<PathBuf>,
    /// A message for the status line once the start-up file is open (a config
    /// problem: the session's own message must not hide it).
    after_open: Option<String>,
    /// Input that came while `opening`, handled once the session is open.
    deferred: Vec<ratatui::crossterm::event::Event>,
    /// Held while a writable session is open; released on drop.
    lock: Option<SessionLock>,
    /// The revision of the session last written to the recovery file.
    recovery_written: Option<u64>,
    /// The session file as loaded or last saved, to notice external changes (git pull).
    on_disk: Option<Fingerprint>,
    /// The analyst was told (on a tick) that the file changed on disk.
    change_noticed: bool,
    /// A session opened but not yet added to the recent list: written after the next
    /// frame, so that its fsyncs (file and directory) do not delay the first one.
    recent_due: Option<PathBuf>,
    /// A message for the status line once the current action is done (a refused
    /// recovery file found while opening).
    notice: Option<String>,
}

/// Gives the heap freed by a load back to the system. glibc keeps freed memory in its
/// arenas (one per thread that allocated: the loader and the parse's helper): the text of
/// the file, the parse's tokens and trees. A 10,000-threat session left ≈ 30 MiB resident
/// that nothing used; trimming is one call, after the session's first frame.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointers; it only returns free pages of the
    // allocator's arenas to the kernel.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// A file to open must exist: said before any work, with how to create one.
fn must_exist(path: &Path) -> Result<()> {
    if !path.exists() {
        bail!(
            "{} does not exist; create it with `maestro-tm new {}` or run without a file",
            path.display(),
            path.display()
        );
    }
    Ok(())
}

/// How long no input must come before idle time builds figures ahead: a burst of keys
/// (a held arrow, typing) is not slowed by builds between its keys.
const IDLE: Duration = Duration::from_millis(20);

/// The label directory of embedded examples (`<example>/minimal.toml`): not a real path.
pub const EXAMPLE_LABEL: &str = "<example>";

impl Runtime {
    fn main_loop(
        &mut self,
        state: &mut AppState,
        events: &Events,
        term: &mut terminal::Term,
    ) -> Result<ExitCode> {
        draw(term, state)?;
        self.add_recent();
        loop {
            let mut redraw = false;
            let first = match self.idle(state, events) {
                Some(message) => message,
                None => events.rx.recv().context("event channel closed")?,
            };
            // Handle everything already queued (bursts of resizes, pastes) before drawing.
            let mut batch = vec![first];
            batch.extend(events.rx.try_iter());
            for message in batch {
                match message {
                    Message::Tick => {
                        if let Some(action) = self.autosave(state) {
                            update::update(state, action);
                            redraw = true;
                        }
                        if let Some(notice) = self.notice_external_change(state) {
                            update::update(state, Action::Failed(notice));
                            redraw = true;
                        }
                    }
                    Message::Loaded(loaded) => {
                        let Some(path) = self.opening.take() else {
                            continue;
                        };
                        let (document, fingerprint) = (*loaded)?;
                        let opened = self.finish_open(&path, document, Some(fingerprint))?;
                        state.opening = None;
                        update::update(state, Action::Opened(Box::new(opened)));
                        if let Some(notice) = self.after_open.take().or(self.notice.take()) {
                            state.message = Some(notice);
                        }
                        redraw = true;
                        for event in std::mem::take(&mut self.deferred) {
                            if self.input(state, &event, events, term)? {
                                return Ok(ExitCode::SUCCESS);
                            }
                        }
                    }
                    Message::Signal(signal) => {
                        hangup::keep_what_is_typed(state);
                        self.autosave(state);
                        self.remember(state);
                        return Ok(ExitCode::from(128 + signal as u8));
                    }
                    Message::InputError(_) => {
                        hangup::keep_what_is_typed(state);
                        self.autosave(state);
                        self.remember(state);
                        return Ok(ExitCode::from(1));
                    }
                    // Keys pressed while the start-up file is read wait for it: they
                    // are meant for the session, not for the start screen.
                    Message::Input(event) if self.opening.is_some() => {
                        self.deferred.push(event);
                    }
                    Message::Input(event) => {
                        redraw = true;
                        if self.input(state, &event, events, term)? {
                            return Ok(ExitCode::SUCCESS);
                        }
                    }
                }
            }
            if redraw {
                draw(term, state)?;
                self.add_recent();
            }
            // The autosave timer runs only while there is something to autosave.
            if self.autosave_due(state) {
                events.arm_autosave();
            }
        }
    }

    /// Idle time: while no message comes for [`IDLE`], builds ahead one figure a phase
    /// key would wait for (`derive::warm`: the planning screens after an edit), so that
    /// a key waits for one such build at most. The message that ended the wait, if any.
    fn idle(&self, state: &mut AppState, events: &Events) -> Option<Message> {
        use std::sync::mpsc::RecvTimeoutError;
        while derive::warm_due(state) {
            match events.rx.recv_timeout(IDLE) {
                Ok(message) => return Some(message),
                Err(RecvTimeoutError::Timeout) => {
                    derive::warm(state);
                }
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        None
    }

    /// Performs an effect; true when the app should exit.
    fn perform(
        &mut self,
        effect: Effect,
        state: &mut AppState,
        events: &Events,
        term: &mut terminal::Term,
    ) -> Result<bool> {
        let follow_up = match effect {
            Effect::None => None,
            Effect::Quit => return Ok(true),
            Effect::Save => Some(self.save(state, false, false)),
            Effect::SaveAndQuit | Effect::Overwrite { quit: true } => {
                let force = effect == Effect::Overwrite { quit: true };
                let result = self.save(state, force, true);
                if matches!(result, Action::Saved(_)) {
                    return Ok(true);
                }
                Some(result)
            }
            Effect::Overwrite { quit: false } => Some(self.save(state, true, false)),
            Effect::Reload => Some(self.reload(state)),
            Effect::SaveAs { path, overwrite } => Some(self.save_as(state, &path, overwrite)),
            Effect::TakeOverLock => Some(self.take_over_lock(state)),
            Effect::OpenEditor(text) => {
                events.pause();
                terminal::restore();
                let result = external_editor(&text);
                terminal::enter(state.mouse)?;
                events.resume();
                force_repaint(term)?;
                Some(match result {
                    Ok(text) => Action::EditorDone(text),
                    Err(e) => Action::Failed(format!("editor: {e:#}")),
                })
            }
            Effect::Suspend => {
                events.pause();
                terminal::restore();
                #[cfg(unix)]
                let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
                terminal::enter(state.mouse)?;
                events.resume();
                force_repaint(term)?;
                None
            }
            Effect::OpenFile(path) => Some(self.open_action(state, &path)),
            Effect::OpenExample(i) => Some(match open_example(i) {
                Ok(opened) => {
                    self.remember(state);
                    self.lock = None;
                    Action::Opened(Box::new(opened))
                }
                Err(e) => Action::Failed(format!("{e:#}")),
            }),
            Effect::Create {
                title,
                file,
                depth,
                answers,
            } => Some(
                match create(&state.catalog, &title, &file, depth, answers) {
                    Ok(()) => self.open_action(state, &file),
                    Err(e) => Action::Failed(format!("{e:#}")),
                },
            ),
            Effect::Plan(effect) => Some(phases::plan::perform(effect, state)),
            Effect::Discover(request) => {
                // The status bar says "Scanning …" while the scan runs.
                draw(term, state)?;
                Some(discover::perform(request, state))
            }
            Effect::ScanPortfolio(dir) => Some(portfolio::perform(&dir, &state.catalog)),
            Effect::DiscardRecovery => {
                if let Some(doc) = &state.doc {
                    recovery::remove(&doc.path);
                }
                None
            }
        };
        if let Some(action) = follow_up {
            let effect = update::update(state, action);
            if let Some(notice) = self.notice.take() {
                state.message = Some(notice);
            }
            return self.perform(effect, state, events, term);
        }
        Ok(false)
    }

    /// One input event through the update; true when the interface is to end.
    fn input(
        &mut self,
        state: &mut AppState,
        event: &ratatui::crossterm::event::Event,
        events: &Events,
        term: &mut terminal::Term,
    ) -> Result<bool> {
        let Some(action) = input::map_event(state, event) else {
            return Ok(false);
        };
        let effect = update::update(state, action);
        self.perform(effect, state, events, term)
    }

    fn open_action(&mut self, state: &AppState, path: &Path) -> Action {
        self.remember(state);
        self.lock = None;
        match self.open_file(path) {
            Ok(opened) => Action::Opened(Box::new(opened)),
            Err(e) => Action::Failed(format!("{e:#}")),
        }
    }

    /// Loads a session file, takes its lock (or opens read-only), looks for recovery.
    fn open_file(&mut self, path: &Path) -> Result<Opened> {
        must_exist(path)?;
        let document = storage::load(path)?;
        self.finish_open(path, document, None)
    }

    /// [`Runtime::open_file`] once the file is read (`fingerprint`: taken from the bytes
    /// read, else the file is read again for it).
    fn finish_open(
        &mut self,
        path: &Path,
        document: storage::Document,
        fingerprint: Option<Fingerprint>,
    ) -> Result<Opened> {
        // Leftovers of saves killed before their rename (a minute old: not in progress).
        storage::remove_stale_temp_files(path, Duration::from_secs(60));
        let mut stale_lock = None;
        let read_only = match SessionLock::acquire_fresh(path) {
            Ok(lock) => {
                self.lock = Some(lock);
                None
            }
            Err(LockError::Held { owner, .. }) => Some(format!(
                "being edited by {owner} since {}",
                owner.since_text()
            )),
            // Left by a crash, a reboot or another host: the analyst decides (a dialog).
            Err(LockError::Stale {
                owner, liveness, ..
            }) => {
                let why = format!("lock of {owner} since {} left in place", owner.since_text());
                stale_lock = Some(app::StaleLock {
                    owner,
                    liveness,
                    confirm: false,
                });
                Some(why)
            }
            Err(e) => Some(e.to_string()),
        };
        let recovery = if read_only.is_none() {
            match recovery::read_found(path, &document.session) {
                Ok(found) => found.map(|(session, fallback)| {
                    if let Some(fallback) = fallback {
                        self.notice = Some(autosave::found_in_fallback(&fallback));
                    }
                    session
                }),
                Err(why) => {
                    self.notice = Some(format!("recovery file not offered: {why}"));
                    None
                }
            }
        } else {
            None
        };
        self.recovery_written = None;
        match fingerprint {
            Some(fingerprint) => {
                self.on_disk = Some(fingerprint);
                self.change_noticed = false;
            }
            None => self.set_on_disk(path),
        }
        let resume = self.store.as_ref().and_then(|s| s.resume_point(path));
        self.recent_due = Some(path.to_path_buf());
        Ok(Opened {
            path: path.to_path_buf(),
            document,
            read_only,
            recovery,
            resume,
            stale_lock,
        })
    }

    /// Saves the open session to its file. Unless `force`d, a file changed on disk since
    /// it was loaded or last saved is not overwritten: the analyst is asked instead.
    fn save(&mut self, state: &AppState, force: bool, quit_after: bool) -> Action {
        let Some(doc) = &state.doc else {
            return Action::Failed("no session open".into());
        };
        if doc.read_only.is_some() || self.lock.is_none() {
            return Action::Failed(format!(
                "not saved: {} is open read-only; {} saves a copy",
                doc.path.display(),
                state.keymap.key_label(action::Command::SaveAs)
            ));
        }
        use crate::session::watch::DiskState;
        let changed = self
            .on_disk
            .as_ref()
            .is_some_and(|f| f.check(&doc.path) == DiskState::Changed)
            || doc.undone_past_reload();
        if changed && !force {
            return Action::ExternalChange(Box::new(self.external_change(state, quit_after)));
        }
        match storage::save(&doc.path, &doc.document) {
            Ok(()) => {
                self.set_on_disk(&doc.path);
                recovery::remove(&doc.path);
                self.recovery_written = None;
                Action::Saved(doc.path.clone())
            }
            Err(e) => save_failed(&doc.path, &e),
        }
    }

    /// Whether the autosave tick has work: unsaved edits to autosave (and, while they
    /// exist, the external-change check that warns before saving), or a recovery file to
    /// remove. A clean session needs no tick, so an idle app never wakes up.
    fn autosave_due(&self, state: &AppState) -> bool {
        let Some(doc) = &state.doc else { return false };
        if doc.read_only.is_some() {
            return false;
        }
        doc.is_dirty() || self.recovery_written.is_some()
    }

    /// What changed on disk, for the dialog: sizes, times and a count of differences.
    fn external_change(&self, state: &AppState, quit_after: bool) -> app::ExternalChange {
        let doc = state.doc.as_ref().expect("a session is open");
        let then = self
            .on_disk
            .as_ref()
            .map_or_else(Default::default, |f| app::FileStamp {
                len: f.len,
                modified: f.modified.and_then(unix_seconds),
            });
        let now = std::fs::metadata(&doc.path)
            .map(|m| app::FileStamp {
                len: m.len(),
                modified: m.modified().ok().and_then(unix_seconds),
            })
            .unwrap_or_default();
        let (changes, unreadable) = match storage::load(&doc.path) {
            Ok(theirs) => {
                let d = crate::diff::diff(&doc.saved_session(), &theirs.session, &state.catalog);
                (Some(change_count(&d)), None)
            }
            Err(e) => (None, Some(e.to_string())),
        };
        app::ExternalChange {
            path: doc.path.clone(),
            then,
            now,
            changes,
            unreadable,
            quit_after,
            undone_reload: doc.undone_past_reload(),
        }
    }

    /// Loads the session file again (the analyst chose "reload" and confirmed it).
    fn reload(&mut self, state: &AppState) -> Action {
        let Some(doc) = &state.doc else {
            return Action::Failed("no session open".into());
        };
        match storage::load(&doc.path) {
            Ok(document) => {
                self.set_on_disk(&doc.path);
                Action::Reloaded(Box::new(document))
            }
            Err(e) => Action::Failed(format!("not reloaded: {e}; your edits are kept")),
        }
    }

    /// Writes the session to another file, which becomes the session's file: its lock
    /// is taken (the old one released), its fingerprint kept, the old recovery file
    /// removed and the file remembered among the recent sessions. On failure nothing
    /// changes: the edits stay in memory (and in the recovery file).
    fn save_as(&mut self, state: &AppState, typed: &Path, overwrite: bool) -> Action {
        let Some(doc) = &state.doc else {
            return Action::Failed("no session open".into());
        };
        let target = match resolve_path(typed) {
            Ok(p) => p,
            Err(e) => return Action::Failed(format!("not saved as {}: {e}", typed.display())),
        };
        let is_example = doc.path.starts_with(EXAMPLE_LABEL);
        let same_file = !is_example
            && match (
                std::fs::canonicalize(&target),
                std::fs::canonicalize(&doc.path),
            ) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            };
        if same_file {
            // "Save as" the file already open is a save (and asks on external changes).
            return self.save(state, false, false);
        }
        if target.is_dir() {
            return Action::Failed(format!(
                "not saved: {} is a directory; add a file name",
                target.display()
            ));
        }
        if target.exists() && !overwrite {
            return Action::ConfirmOverwrite(target);
        }
        let lock = match SessionLock::acquire(&target) {
            Ok(lock) => lock,
            Err(LockError::Held { owner, .. }) => {
                return Action::Failed(format!(
                    "not saved: {} is being edited by {owner}; choose another name",
                    target.display()
                ));
            }
            Err(LockError::Io { source, .. }) => {
                return Action::SaveFailed {
                    path: target,
                    reason: source.to_string(),
                };
            }
            Err(e) => {
                return Action::SaveFailed {
                    path: target,
                    reason: e.to_string(),
                };
            }
        };
        if let Err(e) = storage::save(&target, &doc.document) {
            drop(lock);
            return save_failed(&target, &e);
        }
        // The edits are now in the new file: the old file's recovery file is obsolete
        // (only when it was ours: a read-only session's recovery belongs to its holder).
        if self.lock.is_some() {
            recovery::remove(&doc.path);
        }
        self.remember(state);
        self.lock = Some(lock);
        self.recovery_written = None;
        self.set_on_disk(&target);
        if let Some(store) = &self.store {
            store.add_recent(&target);
            store.set_resume_point(&target, state.resume_point());
        }
        Action::SavedAs(target)
    }

    /// Takes over a stale lock (the analyst confirmed it) and looks for the crashed
    /// session's unsaved edits.
    fn take_over_lock(&mut self, state: &AppState) -> Action {
        let Some(doc) = &state.doc else {
            return Action::Failed("no session open".into());
        };
        match SessionLock::acquire(&doc.path) {
            Ok(lock) => {
                self.lock = Some(lock);
                self.recovery_written = None;
                Action::LockTaken {
                    recovery: recovery::read(&doc.path, &doc.saved_session()).map(Box::new),
                }
            }
            Err(e) => Action::Failed(format!("lock not taken over: {e}")),
        }
    }

    /// Records the file as it is now (loaded or saved by us).
    fn set_on_disk(&mut self, path: &Path) {
        self.on_disk = Fingerprint::of(path).ok();
        self.change_noticed = false;
    }

    /// On the autosave tick: a one-time status-bar notice when the open file changed on
    /// disk, so the analyst knows before saving. Cheap when nothing changed: size and
    /// modification time are compared before the content is read.
    fn notice_external_change(&mut self, state: &AppState) -> Option<String> {
        let doc = state.doc.as_ref()?;
        if self.change_noticed || self.lock.is_none() || state.dialog.is_some() {
            return None;
        }
        let known = self.on_disk.as_ref()?;
        let meta = std::fs::metadata(&doc.path).ok()?;
        if meta.len() == known.len && meta.modified().ok() == known.modified {
            return None;
        }
        if known.check(&doc.path) != crate::session::watch::DiskState::Changed {
            return None;
        }
        self.change_noticed = true;
        Some(format!(
            "{} changed on disk (git pull?); {} asks what to do",
            doc.path.display(),
            state.keymap.key_label(action::Command::Save)
        ))
    }

    /// Writes unsaved changes to the recovery file (or its fallback in the state
    /// directory) when they changed since the last write; the action tells the status
    /// line whether the autosave worked.
    fn autosave(&mut self, state: &AppState) -> Option<Action> {
        let doc = state.doc.as_ref()?;
        if doc.read_only.is_some() {
            return None;
        }
        if !doc.is_dirty() {
            if self.recovery_written.take().is_some() {
                recovery::remove(&doc.path);
            }
            return None;
        }
        if self.recovery_written == Some(doc.revision) {
            return None;
        }
        let outcome = recovery::write_or_fallback(&doc.path, &doc.document);
        if outcome.is_ok() {
            self.recovery_written = Some(doc.revision);
        }
        Some(Action::Autosaved(autosave::problem(
            &outcome,
            &state.keymap,
        )))
    }

    /// Adds the session opened last to the recent list, once.
    fn add_recent(&mut self) {
        let Some(path) = self.recent_due.take() else {
            return;
        };
        if let Some(store) = &self.store {
            store.add_recent(&path);
        }
        // A session was opened and its frame is out: what the load freed goes back.
        release_freed_memory();
    }

    /// Keeps the resume point of the open session.
    fn remember(&self, state: &AppState) {
        if let (Some(store), Some(doc)) = (&self.store, &state.doc)
            && doc.read_only.is_none()
        {
            store.set_resume_point(&doc.path, state.resume_point());
        }
    }
}

fn draw(term: &mut terminal::Term, state: &mut AppState) -> Result<()> {
    let mut out = std::io::stdout();
    execute!(out, ct::BeginSynchronizedUpdate)?;
    let size = term.size()?;
    state.last_size = (size.width, size.height);
    term.draw(|frame| views::render(frame, state))?;
    execute!(out, ct::EndSynchronizedUpdate)?;
    Ok(())
}

/// After the screen was given away (editor, suspend), make the next draw repaint every cell.
fn force_repaint(term: &mut terminal::Term) -> Result<()> {
    let size = term.size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    Ok(())
}

fn open_example(index: usize) -> Result<Opened> {
    let example = examples::EXAMPLES.get(index).context("no such example")?;
    let (file, text) = example;
    let label = Path::new(EXAMPLE_LABEL).join(file);
    let document = storage::parse(&label, text).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Opened {
        path: label,
        document,
        read_only: Some("embedded example; start a new session to edit your own".into()),
        recovery: None,
        resume: None,
        stale_lock: None,
    })
}

/// A failed save for the dialog: the file and the OS reason (the edits stay in memory).
fn save_failed(path: &Path, error: &storage::StorageError) -> Action {
    let reason = match error {
        storage::StorageError::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    };
    Action::SaveFailed {
        path: path.to_path_buf(),
        reason,
    }
}

/// A typed path made absolute: `~` is the home directory, a relative path starts in
/// the directory maestro-tm was started in.
fn resolve_path(typed: &Path) -> std::io::Result<PathBuf> {
    let home = || {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .ok_or_else(|| std::io::Error::other("HOME is not set, cannot expand ~"))
    };
    let path = if typed == Path::new("~") {
        home()?
    } else if let Ok(rest) = typed.strip_prefix("~") {
        home()?.join(rest)
    } else {
        typed.to_path_buf()
    };
    if path.is_absolute() {
        Ok(path)
    } else {
        Ok(std::env::current_dir()?.join(path))
    }
}

fn unix_seconds(t: std::time::SystemTime) -> Option<u64> {
    t.duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs())
}

/// How many things differ between two versions of a session (records, risk, sections).
fn change_count(d: &crate::diff::SessionDiff) -> usize {
    let t = &d.threats;
    let m = &d.mitigations;
    let c = &d.components;
    t.added.len()
        + t.removed.len()
        + t.renamed.len()
        + t.risk.len()
        + t.modified.len()
        + m.added.len()
        + m.removed.len()
        + m.changes.len()
        + m.modified.len()
        + c.added.len()
        + c.removed.len()
        + c.layers.len()
        + c.modified.len()
        + d.phases.len()
        + d.records
            .iter()
            .map(|r| r.added.len() + r.removed.len() + r.modified.len())
            .sum::<usize>()
        + d.sections.len()
        + d.reordered.len()
}

fn create(
    catalog: &Catalog,
    title: &str,
    file: &Path,
    depth: Option<crate::vocab::Depth>,
    answers: std::collections::BTreeMap<String, String>,
) -> Result<()> {
    if file.exists() {
        bail!(
            "{} already exists; choose another file name",
            file.display()
        );
    }
    let mut session = Session::new(
        title,
        &catalog.meta.version,
        &crate::analysis::dates::today(),
    );
    session.engagement.depth = depth;
    session.engagement.answers = answers;
    let doc = Document {
        session,
        unknown: Default::default(),
        loaded_version: SCHEMA_VERSION,
    };
    storage::save(file, &doc)?;
    Ok(())
}

/// Opens text in `$VISUAL`/`$EDITOR` (else `vi`) and returns what was saved.
fn external_editor(text: &str) -> Result<String> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    let file = tempfile::Builder::new()
        .prefix("maestro-field-")
        .suffix(".txt")
        .tempfile()?;
    std::fs::write(file.path(), text)?;
    // Through the shell so that EDITOR="code --wait" works.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .with_context(|| format!("cannot run `{editor}`"))?;
    if !status.success() {
        bail!("`{editor}` exited with {status}; field unchanged");
    }
    let bytes = crate::files::read_bytes(
        file.path(),
        crate::session::storage::MAX_SESSION_BYTES,
        "fields",
    )?;
    Ok(String::from_utf8(bytes)?)
}
