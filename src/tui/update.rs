//! `update`: the only place that changes the application state. It routes each action
//! to what it belongs to — a field being typed, a dialog ([`super::dialogs`]), a form,
//! the start screen and wizard ([`super::start`]), the shell and the phase screens —
//! and brings the derived figures up to date after it ([`super::derive::refresh`]).
//! Every change of the session goes through the edit service ([`super::edit`]). A plain
//! function, tested without a terminal; what needs the outside world comes back as an
//! [`Effect`].

use super::action::{Action, Command};
use super::app::*;
use super::guide;
use super::history::PartKind;
use super::widgets::field::Field;
use super::widgets::list::PAGE;
use crate::vocab::Depth;
use std::collections::BTreeMap;
use std::path::PathBuf;

// The edit service: callers of `update::edit…` keep their paths.
use super::dialogs::{dialog_command, dialog_key, open_help, open_save_as, save_as_command};
pub use super::edit::{edit, edit_parts, edit_record, insert_record, push_with};
pub use super::start::wizard_answer;
use super::start::{slug, start_command};

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
                super::edit::saved(doc);
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
                super::edit::saved(doc);
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
                super::edit::reloaded(doc, *document);
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
        Command::Undo => super::edit::undo(state),
        Command::Redo => super::edit::redo(state),
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
