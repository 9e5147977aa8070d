//! `update`: the only place that changes the application state. A plain function,
//! tested without a terminal; what needs the outside world comes back as an [`Effect`].

use super::action::{Action, Command};
use super::app::*;
use super::guide;
use super::history::{Change, Listed, PartKind, Patch, Snapshot, Step, fresh_revision};
use super::widgets::field::Field;
use super::widgets::list::PAGE;
use crate::session::Session;
use crate::session::lock::Liveness;
use crate::vocab::Depth;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Work for the runtime after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    None,
    Quit,
    Save,
    SaveAndQuit,
    /// Open this text in `$VISUAL`/`$EDITOR`; the result comes back as `EditorDone`.
    OpenEditor(String),
    Suspend,
    OpenFile(PathBuf),
    OpenExample(usize),
    /// Read the sessions under a folder for the Portfolio view.
    ScanPortfolio(PathBuf),
    Create {
        title: String,
        file: PathBuf,
        depth: Option<Depth>,
        answers: BTreeMap<String, String>,
    },
    /// The analyst declined the recovered edits: delete the recovery file.
    DiscardRecovery,
    /// Evidence search or report export of the planning phases.
    Plan(super::phases::plan::PlanEffect),
    /// Save over a file that changed on disk (the analyst chose "overwrite").
    Overwrite {
        quit: bool,
    },
    /// Load the session file again, replacing the unsaved edits (undoable).
    Reload,
    /// Write the session to `path` (as typed: `~` and relative paths are resolved by
    /// the runtime); `overwrite` once the analyst confirmed replacing an existing file.
    SaveAs {
        path: PathBuf,
        overwrite: bool,
    },
    /// Take over a stale lock and make the session editable.
    TakeOverLock,
    /// Scan a source tree for the discovery review screen.
    Discover(super::discover::ScanRequest),
}

/// Applies one action to the state, then brings the derived figures up to date.
pub fn update(state: &mut AppState, action: Action) -> Effect {
    let opened = matches!(action, Action::Opened(_));
    let said = super::feedback::before(state);
    let effect = apply(state, action);
    super::feedback::after(state, said);
    super::derive::refresh(state);
    super::diagram::refresh(state);
    if opened {
        super::keep::forget(state);
    }
    super::keep::after_update(state);
    effect
}

fn apply(state: &mut AppState, action: Action) -> Effect {
    match action {
        Action::Command(command) => command_action(state, command),
        Action::DialogKey(c) => dialog_key(state, c),
        Action::TextInput(input) => {
            if let Some(editing) = &mut state.editing {
                editing.field.input(input);
                live_filter(state);
            }
            Effect::None
        }
        Action::FormInput(input) => super::forms::form_input(state, input),
        Action::Paste(text) if state.form.as_ref().is_some_and(|f| f.active.is_some()) => {
            super::forms::form_paste(state, &text);
            Effect::None
        }
        Action::EditorDone(text) if state.form.as_ref().is_some_and(|f| f.active.is_some()) => {
            super::forms::form_editor_done(state, text);
            Effect::None
        }
        Action::Paste(text) => {
            if let Some(editing) = &mut state.editing {
                editing.field.paste(&text);
                live_filter(state);
            }
            Effect::None
        }
        Action::EditorDone(text) => {
            if let Some(editing) = &mut state.editing {
                editing.field = Field::new(text.trim_end_matches('\n'));
            }
            finish_edit(state);
            Effect::None
        }
        Action::Opened(opened) => {
            open(state, *opened);
            Effect::None
        }
        Action::Saved(path) => {
            if let Some(doc) = &mut state.doc {
                doc.saved_revision = doc.revision;
                doc.reloaded_revision = None;
            }
            state.message = Some(format!("Saved {}", path.display()));
            state.autosave_problem = None;
            Effect::None
        }
        Action::Autosaved(problem) => {
            state.autosave_problem = problem;
            Effect::None
        }
        Action::Failed(message) => {
            state.message = Some(message);
            Effect::None
        }
        Action::SavedAs(path) => {
            if let Some(doc) = &mut state.doc {
                doc.saved_revision = doc.revision;
                doc.reloaded_revision = None;
                doc.path = path.clone();
                doc.read_only = None;
            }
            state.dialog = None;
            state.editing = None;
            state.message = Some(format!("Saved as {}; now editing it", path.display()));
            state.autosave_problem = None;
            Effect::None
        }
        Action::SaveFailed { path, reason } => {
            state.editing = None;
            state.dialog = Some(Dialog::SaveFailed { path, reason });
            Effect::None
        }
        Action::ConfirmOverwrite(path) => {
            state.editing = None;
            state.dialog = Some(Dialog::ConfirmOverwrite(path));
            Effect::None
        }
        Action::ExternalChange(change) => {
            state.editing = None;
            state.dialog = Some(Dialog::ExternalChange(change));
            Effect::None
        }
        Action::Reloaded(document) => {
            if let Some(doc) = &mut state.doc {
                let mine = std::mem::replace(&mut doc.document, *document);
                // Undo brings the analyst's version back.
                let patch = Patch::diff(&mine.session, &doc.document.session);
                drop(mine);
                record_step(doc, patch);
                doc.saved_revision = doc.revision;
                doc.reloaded_revision = Some(doc.revision);
                state.message = Some(format!(
                    "Reloaded {} from disk; {} brings your version back",
                    doc.path.display(),
                    state.keymap.key_label(Command::Undo)
                ));
            }
            let len = state.records().len();
            state.records_nav.clamp(len);
            Effect::None
        }
        Action::LockTaken { recovery } => {
            if let Some(doc) = &mut state.doc {
                doc.read_only = None;
                state.message = Some(format!(
                    "Lock taken over; {} is yours to edit",
                    doc.path.display()
                ));
            }
            let offer = recovery.map(|s| super::recovery::offer(state, *s));
            state.dialog = offer;
            Effect::None
        }
        Action::Click { column, row } => super::mouse::click(state, column, row),
        Action::Tick => Effect::None,
        Action::PortfolioScanned(view) => {
            state.portfolio = Some(*view);
            Effect::None
        }
        Action::Plan(action) => super::phases::plan::update(state, action),
        Action::Discover(action) => super::discover::update(state, action),
    }
}

/// A command, given where the keys give it (also a mouse click's phase change).
pub fn command(state: &mut AppState, command: Command) -> Effect {
    command_action(state, command)
}

fn command_action(state: &mut AppState, command: Command) -> Effect {
    if state.editing.is_some() {
        return editing_command(state, command);
    }
    if let Some(dialog) = state.dialog.clone() {
        return dialog_command(state, &dialog, command);
    }
    if state.form.is_some()
        && let Some(effect) = super::forms::form_command(state, command)
    {
        return effect;
    }
    match state.screen {
        Screen::Start => start_command(state, command),
        Screen::Shell if state.discover.is_some() => super::discover::command(state, command)
            .unwrap_or_else(|| shell_command(state, command)),
        Screen::Shell => {
            if let Some(effect) = super::links::command(state, command) {
                return effect;
            }
            if let Some(effect) = super::diagram::command(state, command) {
                return effect;
            }
            super::phases::threats::command(state, command)
                .unwrap_or_else(|| shell_command(state, command))
        }
    }
}

/// While a field is edited only finishing keys and the external editor act.
fn editing_command(state: &mut AppState, command: Command) -> Effect {
    if state
        .editing
        .as_ref()
        .is_some_and(|e| e.target == EditTarget::SaveAs)
    {
        return save_as_command(state, command);
    }
    if state
        .editing
        .as_ref()
        .is_some_and(|e| e.target == EditTarget::DiscoverPath)
    {
        return super::discover::prompt_command(state, command);
    }
    if let Some(Editing {
        target: EditTarget::Conflict(_),
        ..
    }) = &state.editing
        && command == Command::Back
    {
        // A typed conflict value is kept with Enter only.
        state.editing = None;
        return Effect::None;
    }
    match command {
        Command::Open | Command::Back => {
            finish_edit(state);
            Effect::None
        }
        Command::ExternalEditor => state
            .editing
            .as_ref()
            .map_or(Effect::None, |e| Effect::OpenEditor(e.field.text())),
        _ => Effect::None,
    }
}

/// Keys of the "save as" prompt: Enter writes, Esc cancels.
fn save_as_command(state: &mut AppState, command: Command) -> Effect {
    match command {
        Command::Open => {
            let text = state
                .editing
                .as_ref()
                .map(|e| e.field.text())
                .unwrap_or_default();
            let text = text.trim();
            if text.is_empty() {
                state.message = Some("Type a file name to save as".into());
                return Effect::None;
            }
            state.editing = None;
            state.dialog = None;
            Effect::SaveAs {
                path: PathBuf::from(text),
                overwrite: false,
            }
        }
        Command::Back => {
            state.editing = None;
            state.dialog = None;
            state.message = Some("Not saved as another file".into());
            Effect::None
        }
        _ => Effect::None,
    }
}

/// Opens the help overlay at its top.
fn open_help(state: &mut AppState) {
    state.help_scroll = 0;
    state.dialog = Some(Dialog::Help);
}

/// Opens the "save as" prompt, pre-filled with `path` (else the session's file).
pub fn open_save_as(state: &mut AppState, path: Option<&std::path::Path>) {
    let Some(doc) = &state.doc else { return };
    let prefill = match path {
        Some(p) => p.display().to_string(),
        // An embedded example has a label, not a path: offer its file name here.
        None if doc.path.starts_with(super::EXAMPLE_LABEL) => doc
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        None => doc.path.display().to_string(),
    };
    state.dialog = Some(Dialog::SaveAs);
    start_edit(state, EditTarget::SaveAs, &prefill);
}

fn dialog_command(state: &mut AppState, dialog: &Dialog, command: Command) -> Effect {
    if let Dialog::Conflicts { selected } = dialog {
        return super::conflicts::command(state, *selected, command);
    }
    if let Dialog::Problems { rows, selected } = dialog {
        return super::problems::command(state, rows, *selected, command);
    }
    match (dialog, command) {
        (Dialog::Help, Command::Back | Command::Help | Command::Open | Command::Quit) => {
            state.dialog = None;
            Effect::None
        }
        (Dialog::Help, Command::Up | Command::Down | Command::PageUp | Command::PageDown)
        | (Dialog::Help, Command::Top | Command::Bottom) => {
            let max = state.help_max_scroll();
            let at = state.help_scroll;
            state.help_scroll = match command {
                Command::Up => at.saturating_sub(1),
                Command::Down => at.saturating_add(1),
                Command::PageUp => at.saturating_sub(10),
                Command::PageDown => at.saturating_add(10),
                Command::Top => 0,
                _ => max,
            }
            .min(max);
            Effect::None
        }
        (Dialog::ConfirmDelete(_), Command::Back) => {
            state.dialog = None;
            state.message = Some("Nothing deleted".into());
            Effect::None
        }
        (Dialog::ConfirmQuit, Command::Back) => {
            state.dialog = None;
            Effect::None
        }
        // Pressing quit again in the prompt means "yes, quit without saving"? No: be safe.
        (Dialog::ConfirmQuit, _) => Effect::None,
        (Dialog::Recovery(_), Command::Back) => {
            state.dialog = None;
            state.message = Some("Recovery file kept; it will be offered again".into());
            Effect::None
        }
        (Dialog::StaleLock(stale), Command::Back) if stale.confirm => {
            let mut stale = stale.clone();
            stale.confirm = false;
            state.dialog = Some(Dialog::StaleLock(stale));
            Effect::None
        }
        (Dialog::StaleLock(_), Command::Back) => {
            // Back to the start screen; the lock file stays as it was.
            let path = state.doc.take().map(|d| d.path);
            state.dialog = None;
            state.screen = Screen::Start;
            state.message = path.map(|p| format!("Not opened: {}", p.display()));
            Effect::None
        }
        (Dialog::ExternalChange(change), Command::Back) => {
            state.dialog = None;
            state.message = Some(format!(
                "Not saved: {} changed on disk; {} asks again",
                change.path.display(),
                state.keymap.key_label(Command::Save)
            ));
            Effect::None
        }
        (Dialog::ConfirmReload(change), Command::Back) => {
            state.dialog = Some(Dialog::ExternalChange(change.clone()));
            Effect::None
        }
        (Dialog::SaveFailed { path, .. }, Command::Back) => {
            state.message = Some(format!(
                "Not saved: {}; your edits are kept ({} saves them elsewhere)",
                path.display(),
                state.keymap.key_label(Command::SaveAs)
            ));
            state.dialog = None;
            Effect::None
        }
        (Dialog::ConfirmOverwrite(path), Command::Back) => {
            let path = path.clone();
            open_save_as(state, Some(&path));
            Effect::None
        }
        _ => Effect::None,
    }
}

fn dialog_key(state: &mut AppState, c: char) -> Effect {
    if state.dialog.is_none()
        && let Some(Wizard {
            step: WizardStep::Question(_),
            ..
        }) = state.wizard
    {
        wizard_answer(state, c);
        return Effect::None;
    }
    if state.portfolio.is_some() && state.dialog.is_none() && state.screen == Screen::Start {
        return super::portfolio::key(state, c);
    }
    if let Some(Dialog::Conflicts { selected }) = state.dialog {
        return super::conflicts::key(state, selected, c.to_ascii_lowercase());
    }
    match (state.dialog.clone(), c.to_ascii_lowercase()) {
        (Some(Dialog::ConfirmQuit), 's') => {
            state.dialog = None;
            Effect::SaveAndQuit
        }
        (Some(Dialog::ConfirmQuit), 'd') => Effect::Quit,
        (Some(Dialog::ConfirmDelete(pending)), 'y') => {
            state.dialog = None;
            super::forms::delete(state, &pending);
            Effect::None
        }
        (Some(Dialog::ConfirmDelete(_)), 'n') => {
            state.dialog = None;
            state.message = Some("Nothing deleted".into());
            Effect::None
        }
        (Some(Dialog::Recovery(offer)), 'r') => {
            state.dialog = None;
            edit(state, |s| *s = offer.session);
            state.message = Some("Recovered unsaved edits; Ctrl-S to keep them".into());
            Effect::None
        }
        (Some(Dialog::Recovery(_)), 'd') => {
            state.dialog = None;
            state.message = Some("Recovered edits discarded".into());
            Effect::DiscardRecovery
        }
        (Some(Dialog::StaleLock(stale)), 't')
            if stale.liveness == Liveness::OtherHost && !stale.confirm =>
        {
            state.dialog = Some(Dialog::StaleLock(Box::new(StaleLock {
                confirm: true,
                ..*stale
            })));
            Effect::None
        }
        (Some(Dialog::StaleLock(stale)), 't') if stale.liveness != Liveness::OtherHost => {
            state.dialog = None;
            Effect::TakeOverLock
        }
        (Some(Dialog::StaleLock(stale)), 'y') if stale.confirm => {
            state.dialog = None;
            Effect::TakeOverLock
        }
        (Some(Dialog::StaleLock(stale)), 'r') => {
            state.dialog = None;
            state.message = Some(format!(
                "Read-only: the lock of {} was left in place",
                stale.owner
            ));
            Effect::None
        }
        (Some(Dialog::ExternalChange(change)), 'o') => {
            state.dialog = None;
            Effect::Overwrite {
                quit: change.quit_after,
            }
        }
        (Some(Dialog::ExternalChange(change)), 'r') => {
            state.dialog = Some(Dialog::ConfirmReload(change));
            Effect::None
        }
        (Some(Dialog::ExternalChange(_)), 's') => {
            open_save_as(state, None);
            Effect::None
        }
        (Some(Dialog::ConfirmReload(_)), 'y') => {
            state.dialog = None;
            Effect::Reload
        }
        (Some(Dialog::ConfirmReload(change)), 'n') => {
            state.dialog = Some(Dialog::ExternalChange(change));
            Effect::None
        }
        (Some(Dialog::SaveFailed { path, .. }), 's') => {
            open_save_as(state, Some(&path));
            Effect::None
        }
        (Some(Dialog::ConfirmOverwrite(path)), 'y') => {
            state.dialog = None;
            Effect::SaveAs {
                path,
                overwrite: true,
            }
        }
        (Some(Dialog::ConfirmOverwrite(path)), 'n') => {
            open_save_as(state, Some(&path));
            Effect::None
        }
        _ => Effect::None,
    }
}

fn start_command(state: &mut AppState, command: Command) -> Effect {
    if state.portfolio.is_some() {
        return super::portfolio::command(state, command);
    }
    if state.wizard.is_some() {
        return wizard_command(state, command);
    }
    let visible = state.visible_start_entries();
    match command {
        Command::Up => state.start_nav.up(1),
        Command::Down => state.start_nav.down(1, visible.len()),
        Command::PageUp => state.start_nav.up(PAGE),
        Command::PageDown => state.start_nav.down(PAGE, visible.len()),
        Command::Top => state.start_nav.top(),
        Command::Bottom => state.start_nav.bottom(visible.len()),
        Command::Filter => start_edit(state, EditTarget::Filter, ""),
        Command::Help => open_help(state),
        Command::Back => state.start_nav.filter.clear(),
        Command::Quit => return Effect::Quit,
        Command::Open => {
            return match visible
                .get(state.start_nav.selected)
                .map(|(_, e)| e.clone())
            {
                Some(StartEntry::Example(i)) => Effect::OpenExample(i),
                Some(StartEntry::Recent(path)) => Effect::OpenFile(path),
                Some(StartEntry::Portfolio) => Effect::ScanPortfolio(PathBuf::from(".")),
                Some(StartEntry::New) => {
                    state.wizard = Some(Wizard {
                        step: WizardStep::Title,
                        title: String::new(),
                        file: String::new(),
                        answers: BTreeMap::new(),
                    });
                    start_edit(state, EditTarget::WizardTitle, "");
                    Effect::None
                }
                None => Effect::None,
            };
        }
        _ => {}
    }
    Effect::None
}

fn wizard_command(state: &mut AppState, command: Command) -> Effect {
    let Some(wizard) = state.wizard.clone() else {
        return Effect::None;
    };
    match (wizard.step, command) {
        (_, Command::Back) | (_, Command::Quit) => {
            state.wizard = None;
            state.editing = None;
        }
        (WizardStep::Title, _) => start_edit(state, EditTarget::WizardTitle, &wizard.title),
        (WizardStep::File, _) => start_edit(state, EditTarget::WizardFile, &wizard.file),
        (WizardStep::Question(_), Command::Help) => open_help(state),
        (WizardStep::Question(_), _) => {}
        (WizardStep::Confirm, Command::Open) => {
            let depth = guide::decide(&state.catalog, &wizard.answers);
            state.wizard = None;
            return Effect::Create {
                title: wizard.title,
                file: PathBuf::from(wizard.file),
                depth,
                answers: wizard.answers,
            };
        }
        (WizardStep::Confirm, _) => {}
    }
    Effect::None
}

/// Answers the current decision-tree question with the answer whose label starts
/// with `key` (y/n) or whose number it is; stops as soon as the tree has decided.
pub fn wizard_answer(state: &mut AppState, key: char) {
    let questions = guide::engagement_questions(&state.catalog);
    let Some(wizard) = &mut state.wizard else {
        return;
    };
    let WizardStep::Question(i) = wizard.step else {
        return;
    };
    let Some(question) = questions.get(i) else {
        return;
    };
    let chosen = question.answers.iter().enumerate().find(|(n, (_, label))| {
        label
            .chars()
            .next()
            .is_some_and(|c| c.eq_ignore_ascii_case(&key))
            || char::from_digit(*n as u32 + 1, 10) == Some(key)
    });
    let Some((_, (answer, _))) = chosen else {
        return;
    };
    // Answers to later questions are dropped when an earlier one changes.
    wizard
        .answers
        .retain(|q, _| questions.iter().take(i).any(|x| x.id == *q));
    wizard.answers.insert(question.id.clone(), answer.clone());
    let decided = guide::decide(&state.catalog, &wizard.answers).is_some();
    wizard.step = if decided || i + 1 >= questions.len() {
        WizardStep::Confirm
    } else {
        WizardStep::Question(i + 1)
    };
}

fn shell_command(state: &mut AppState, command: Command) -> Effect {
    if state.pane == Pane::Records
        && super::phases::plan::owns(state.phase)
        && let Some(effect) = super::phases::plan::command(state, command)
    {
        return effect;
    }
    // Counted only by the keys that need it: a records list can be long.
    let records = |state: &AppState| state.records().len();
    match command {
        Command::Up => match state.pane {
            Pane::Rail => set_phase(state, state.phase.saturating_sub(1).max(1)),
            Pane::Guidance => state.guidance_scroll = state.guidance_scroll.saturating_sub(1),
            Pane::Records => state.records_nav.up(1),
        },
        Command::Down => match state.pane {
            Pane::Rail => set_phase(state, (state.phase + 1).min(10)),
            Pane::Guidance => state.guidance_scroll = state.guidance_scroll.saturating_add(1),
            Pane::Records => state.records_nav.down(1, records(state)),
        },
        Command::Left if guide::is_per_layer(state.phase) => {
            state.layer = state.layer.checked_sub(1).unwrap_or(LAYER_TABS.len() - 1);
            state.records_nav.top();
        }
        Command::Right if guide::is_per_layer(state.phase) => {
            state.layer = (state.layer + 1) % LAYER_TABS.len();
            state.records_nav.top();
        }
        Command::Left | Command::Right => {}
        Command::NextPane | Command::PrevPane => {
            let i = Pane::ORDER
                .iter()
                .position(|p| *p == state.pane)
                .unwrap_or(0);
            let n = Pane::ORDER.len();
            let next = if command == Command::NextPane {
                i + 1
            } else {
                i + n - 1
            };
            state.pane = Pane::ORDER[next % n];
        }
        Command::Open => match state.pane {
            Pane::Rail => state.pane = Pane::Records,
            Pane::Guidance => state.guidance_collapsed = !state.guidance_collapsed,
            Pane::Records => open_record(state),
        },
        Command::Back => {
            if !state.records_nav.filter.is_empty() {
                state.records_nav.filter.clear();
            } else if state.list_kind.is_some() {
                state.list_kind = None;
                state.records_nav = Default::default();
            } else {
                state.pane = Pane::Rail;
            }
        }
        Command::Help => open_help(state),
        Command::Filter => {
            state.pane = Pane::Records;
            let current = state.records_nav.filter.clone();
            start_edit(state, EditTarget::Filter, &current);
        }
        Command::Top => match state.pane {
            Pane::Rail => set_phase(state, 1),
            Pane::Guidance => state.guidance_scroll = 0,
            Pane::Records => state.records_nav.top(),
        },
        Command::Bottom => match state.pane {
            Pane::Rail => set_phase(state, 10),
            Pane::Guidance => state.guidance_scroll = u16::MAX / 2,
            Pane::Records => state.records_nav.bottom(records(state)),
        },
        Command::PageUp => match state.pane {
            Pane::Guidance => state.guidance_scroll = state.guidance_scroll.saturating_sub(10),
            _ => state.records_nav.up(PAGE),
        },
        Command::PageDown => match state.pane {
            Pane::Guidance => state.guidance_scroll = state.guidance_scroll.saturating_add(10),
            _ => state.records_nav.down(PAGE, records(state)),
        },
        Command::PrevPhase => set_phase(state, state.phase.saturating_sub(1).max(1)),
        Command::NextPhase => set_phase(state, (state.phase + 1).min(10)),
        Command::Phase(n) => set_phase(state, n.clamp(1, 10)),
        Command::Save => {
            if let Some(why) = state.read_only() {
                // The hint first: a long reason is cut at the terminal's edge.
                state.message = Some(format!(
                    "Read-only ({} saves a copy you can edit): {why}",
                    state.keymap.key_label(Command::SaveAs)
                ));
            } else {
                return Effect::Save;
            }
        }
        Command::SaveAs => open_save_as(state, None),
        Command::Undo => undo(state),
        Command::Redo => redo(state),
        Command::Quit => {
            if state.is_dirty() {
                state.dialog = Some(Dialog::ConfirmQuit);
            } else {
                return Effect::Quit;
            }
        }
        Command::ToggleGuidance => state.guidance_collapsed = !state.guidance_collapsed,
        Command::ExternalEditor => {}
        Command::Suspend => return Effect::Suspend,
        Command::Add
        | Command::Delete
        | Command::MoveUp
        | Command::MoveDown
        | Command::Assumptions
        | Command::Tick
        | Command::CycleStatus
            if state.phase <= 5 || state.list_kind.is_some() || command == Command::Assumptions =>
        {
            super::forms::list_command(state, command);
        }
        Command::Discover if state.phase == 2 && state.form.is_none() => {
            super::discover::open_prompt(state)
        }
        Command::Discover if state.form.is_none() => {
            state.message = Some(format!(
                "Discovery belongs to phase 2: {} then {}",
                state.keymap.key_label(Command::Phase(2)),
                state.keymap.key_label(Command::Discover)
            ));
        }
        // Threat-screen commands are handled in `phases::threats` or mean nothing here.
        _ => {}
    }
    Effect::None
}

pub(crate) fn set_phase(state: &mut AppState, phase: u8) {
    if state.phase != phase {
        state.phase = phase;
        state.list_kind = None;
        state.records_nav = Default::default();
        state.guidance_scroll = 0;
    }
}

fn open_record(state: &mut AppState) {
    let Some(row) = state.selected_record() else {
        return;
    };
    if let Some(record) = row.record.clone() {
        return super::forms::open_row(state, record);
    }
    match row.field {
        Some(field) => {
            if let Some(why) = state.read_only() {
                state.message = Some(format!("Read-only: {why}"));
                return;
            }
            let value = state
                .doc
                .as_ref()
                .map(|d| field.get(d.session()).to_string())
                .unwrap_or_default();
            start_edit(state, EditTarget::Business(field), &value);
        }
        None => {
            state.message = Some(format!(
                "{} — editing lands with the phase screens",
                row.label
            ));
        }
    }
}

pub fn start_edit(state: &mut AppState, target: EditTarget, value: &str) {
    state.editing = Some(Editing {
        target,
        field: Field::new(value),
    });
}

fn live_filter(state: &mut AppState) {
    super::phases::threats::live_prompt(state);
    if let Some(Editing {
        target: EditTarget::Filter,
        field,
    }) = &state.editing
    {
        let text = field.text();
        match state.screen {
            Screen::Start => state.start_nav.filter = text,
            Screen::Shell => state.records_nav.filter = text,
        }
        let len = match state.screen {
            Screen::Start => state.visible_start_entries().len(),
            Screen::Shell => state.records().len(),
        };
        state.start_nav.clamp(len);
        state.records_nav.clamp(len);
    }
}

/// Writes the edited text to its target and closes the field.
fn finish_edit(state: &mut AppState) {
    let Some(editing) = state.editing.take() else {
        return;
    };
    let text = editing.field.text();
    match editing.target {
        EditTarget::Business(field) => {
            let unchanged = state
                .doc
                .as_ref()
                .is_some_and(|d| field.get(d.session()) == text);
            if !unchanged {
                edit_parts(state, &[PartKind::session, PartKind::business], |s| {
                    field.set(s, text)
                });
            }
        }
        EditTarget::Filter | EditTarget::SaveAs | EditTarget::DiscoverPath => {}
        EditTarget::DiscoverName => super::discover::finish_name(state, text),
        EditTarget::Conflict(i) => super::conflicts::finish_edit(state, i, text),
        EditTarget::Plan => super::phases::plan::finish_edit(state, text),
        EditTarget::ThreatPrompt => super::phases::threats::finish_prompt(state, text),
        EditTarget::WizardTitle => {
            if let Some(w) = &mut state.wizard {
                if text.trim().is_empty() {
                    state.message = Some("A session needs a title".into());
                    state.editing = Some(editing);
                    return;
                }
                w.file = if w.file.is_empty() {
                    slug(&text) + ".toml"
                } else {
                    w.file.clone()
                };
                w.title = text.trim().to_string();
                w.step = WizardStep::File;
                let file = w.file.clone();
                start_edit(state, EditTarget::WizardFile, &file);
            }
        }
        EditTarget::WizardFile => {
            if let Some(w) = &mut state.wizard {
                if text.trim().is_empty() {
                    state.editing = Some(editing);
                    return;
                }
                w.file = text.trim().to_string();
                w.step = WizardStep::Question(0);
            }
        }
    }
}

/// A file name from a title: lower case, words joined by dashes.
pub fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        "session".into()
    } else {
        words.join("-")
    }
}

/// Applies an edit to the session through the undo history. The history keeps only
/// the parts the edit changed (found by comparing with a copy taken before it).
pub fn edit(state: &mut AppState, change: impl FnOnce(&mut Session)) {
    if let Some(why) = state.read_only() {
        state.message = Some(format!("Read-only: {why}"));
        return;
    }
    if let Some(doc) = &mut state.doc {
        let before = doc.document.session.clone();
        change(&mut doc.document.session);
        let patch = Patch::diff(&before, &doc.document.session);
        drop(before);
        record_step(doc, patch);
    }
}

/// An edit that touches only the parts `touched` of the session: only those are copied
/// and compared (`edit` copies the whole session, milliseconds at 10,000 threats).
/// Debug builds check that nothing else changed.
pub fn edit_parts(state: &mut AppState, touched: &[PartKind], change: impl FnOnce(&mut Session)) {
    if let Some(why) = state.read_only() {
        state.message = Some(format!("Read-only: {why}"));
        return;
    }
    if let Some(doc) = &mut state.doc {
        let snapshot = Snapshot::take(&doc.document.session, touched);
        #[cfg(debug_assertions)]
        let whole = doc.document.session.clone();
        change(&mut doc.document.session);
        let patch = snapshot.diff(&doc.document.session);
        #[cfg(debug_assertions)]
        assert_eq!(
            patch,
            Patch::diff(&whole, &doc.document.session),
            "the edit touched parts besides {touched:?}"
        );
        record_step(doc, patch);
    }
}

/// An edit of one record of a list (`index` into the list `list` selects): only that
/// record is copied, so its cost does not grow with the session.
pub fn edit_record<T: Listed>(
    state: &mut AppState,
    list: impl FnOnce(&mut Session) -> &mut Vec<T>,
    index: usize,
    change: impl FnOnce(&mut T),
) {
    if let Some(why) = state.read_only() {
        state.message = Some(format!("Read-only: {why}"));
        return;
    }
    let Some(doc) = &mut state.doc else { return };
    let Some(record) = list(&mut doc.document.session).get_mut(index) else {
        return;
    };
    let before = record.clone();
    change(record);
    if *record != before {
        record_step(doc, Patch::record(index, before));
    }
}

fn record_step(doc: &mut DocState, patch: Patch) {
    if patch.is_empty() {
        return;
    }
    patch.note_removed_ids(&mut doc.document.session);
    let revision = fresh_revision();
    doc.last_change = Some(Change::new(doc.revision, revision, &patch));
    doc.undo.push(Step {
        patch,
        revision: doc.revision,
    });
    doc.redo.clear();
    doc.revision = revision;
}

fn undo(state: &mut AppState) {
    let Some(doc) = &mut state.doc else { return };
    state.message = Some(
        if travel(doc, true) {
            "Undone"
        } else {
            "Nothing to undo"
        }
        .into(),
    );
}

fn redo(state: &mut AppState) {
    let Some(doc) = &mut state.doc else { return };
    state.message = Some(
        if travel(doc, false) {
            "Redone"
        } else {
            "Nothing to redo"
        }
        .into(),
    );
}

/// Applies the last undo (or redo) step and files its inverse on the other list; false
/// when there is none.
fn travel(doc: &mut DocState, back: bool) -> bool {
    let (from, to) = if back {
        (&mut doc.undo, &mut doc.redo)
    } else {
        (&mut doc.redo, &mut doc.undo)
    };
    let Some(step) = from.pop() else {
        return false;
    };
    let patch = step.patch.apply(&mut doc.document.session);
    doc.last_change = Some(Change::new(doc.revision, step.revision, &patch));
    to.push(Step {
        patch,
        revision: doc.revision,
    });
    doc.revision = step.revision;
    true
}

/// Shows a freshly loaded session, where the analyst left it.
fn open(state: &mut AppState, opened: Opened) {
    state.doc = Some(DocState::new(
        opened.path,
        opened.document,
        opened.read_only.clone(),
    ));
    state.screen = Screen::Shell;
    state.wizard = None;
    state.editing = None;
    // Links followed in another session lead nowhere in this one.
    state.links = Default::default();
    let resume = opened.resume.unwrap_or(ResumePoint {
        phase: 1,
        layer: 0,
        selection: 0,
    });
    state.phase = resume.phase.clamp(1, 10);
    state.layer = resume.layer.min(LAYER_TABS.len() - 1);
    state.records_nav = Default::default();
    let len = state.records().len();
    state.records_nav.selected = resume.selection;
    state.records_nav.clamp(len);
    state.pane = Pane::Records;
    state.message = opened.read_only.map(|why| format!("Read-only: {why}"));
    let dialog = match (opened.stale_lock, opened.recovery) {
        (Some(stale), _) => Some(Dialog::StaleLock(Box::new(stale))),
        (None, recovery) => recovery.map(|s| super::recovery::offer(state, s)),
    };
    state.dialog = dialog;
    super::conflicts::open_if_any(state);
    super::problems::open_if_any(state);
}
