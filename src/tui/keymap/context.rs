//! Where a key acts: the contexts of the table, and which of them the state is in.

use crate::tui::app::{AppState, Dialog, Screen, Wizard, WizardStep};
use crate::tui::phases::threats::View;

/// A screen, overlay or prompt with keys of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// The shell and start screen, wherever a context below does not take the key.
    Global,
    /// Phases 1–5: the record lists (and the assumptions list of any phase).
    Records,
    /// Phase 6: the layer's threat checklist, patterns and chains.
    Threats,
    /// A threat card opened full screen.
    Card,
    Register,
    Heatmap,
    Diagram,
    /// Phases 7–10, each with its own letters.
    Plan(u8),
    /// A record form (phases 1–5, threat card, mitigation card), no field being edited.
    Form,
    /// The picker of several links to follow.
    LinkPicker,
    /// The discovery review of phase 2.
    Discover,
    /// The Portfolio view of the start screen.
    Portfolio,
    /// The merge conflicts dialog.
    Conflicts,
    // Prompts: the help overlay lists them whatever is open.
    /// A one-line text field (filter, prompt, plan value, save-as path).
    TextField,
    /// The new-session questions of the start screen.
    Wizard,
    QuitPrompt,
    DeletePrompt,
    RecoveryPrompt,
    LockPrompt,
    ChangedOnDisk,
    ReloadPrompt,
    SaveFailed,
    OverwritePrompt,
    /// The help overlay itself.
    Help,
}

impl Context {
    /// Contexts with only their own keys (the global ones do not act there).
    pub const PROMPTS: [Context; 11] = [
        Context::TextField,
        Context::Help,
        Context::Wizard,
        Context::QuitPrompt,
        Context::DeletePrompt,
        Context::RecoveryPrompt,
        Context::LockPrompt,
        Context::ChangedOnDisk,
        Context::ReloadPrompt,
        Context::SaveFailed,
        Context::OverwritePrompt,
    ];

    /// Contexts the help overlay lists whatever is open, after the current ones: the
    /// prompts, and the two views where `?` does not open the help.
    pub fn always_listed() -> Vec<Context> {
        let mut listed = vec![Context::Portfolio, Context::Conflicts];
        listed.extend(Context::PROMPTS);
        listed
    }

    /// Every context, in the order of the table.
    pub fn all() -> Vec<Context> {
        let mut all = vec![
            Context::Global,
            Context::Records,
            Context::Threats,
            Context::Card,
            Context::Register,
            Context::Heatmap,
            Context::Diagram,
        ];
        all.extend((7..=10).map(Context::Plan));
        all.extend([
            Context::Form,
            Context::LinkPicker,
            Context::Discover,
            Context::Portfolio,
            Context::Conflicts,
        ]);
        all.extend(Context::PROMPTS);
        all
    }

    /// The heading of its keys in help and README.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Records => "Phases 1–5: record lists",
            Context::Threats => "Phase 6: threats of the layer",
            Context::Card => "Threat card",
            Context::Register => "Threat register",
            Context::Heatmap => "Risk heatmap",
            Context::Diagram => "Diagrams",
            Context::Plan(7) => "Phase 7: mitigations",
            Context::Plan(8) => "Phase 8: validation",
            Context::Plan(9) => "Phase 9: residual risk",
            Context::Plan(_) => "Phase 10: outputs",
            Context::Form => "Record form",
            Context::LinkPicker => "Link picker",
            Context::Discover => "Discovery review (phase 2)",
            Context::Portfolio => "Portfolio (start screen)",
            Context::Conflicts => "Merge conflicts",
            Context::TextField => "Text field",
            Context::Wizard => "New session: questions",
            Context::QuitPrompt => "Quit with unsaved changes",
            Context::DeletePrompt => "Delete a record",
            Context::RecoveryPrompt => "Recovered edits",
            Context::LockPrompt => "Session locked by a stale process",
            Context::ChangedOnDisk => "File changed on disk",
            Context::ReloadPrompt => "Reload from disk",
            Context::SaveFailed => "Save failed",
            Context::OverwritePrompt => "Replace an existing file",
            Context::Help => "This help",
        }
    }

    /// Whether the global keys act beneath it (else only its own keys do).
    pub fn with_global(self) -> bool {
        !Context::PROMPTS.contains(&self)
    }
}

/// The contexts a key press is resolved in, most specific first (the global keys
/// last, when they act there). Empty while a form field takes every key.
pub fn active(state: &AppState) -> Vec<Context> {
    match own(state, state.dialog.as_ref()) {
        Some(own) => with_global(own),
        None => Vec::new(),
    }
}

/// The contexts whose keys the help overlay lists first: those of the screen beneath it.
pub fn beneath_help(state: &AppState) -> Vec<Context> {
    let dialog = state.dialog.as_ref().filter(|d| **d != Dialog::Help);
    with_global(own(state, dialog).unwrap_or(Context::Global))
}

fn with_global(own: Context) -> Vec<Context> {
    match own {
        Context::Global => vec![Context::Global],
        c if !c.with_global() => vec![c],
        c => vec![c, Context::Global],
    }
}

/// The most specific context of the state, in the order `input` and `update` give
/// them the keys.
fn own(state: &AppState, dialog: Option<&Dialog>) -> Option<Context> {
    if state.editing.is_some() {
        return Some(Context::TextField);
    }
    if dialog.is_none() && state.form.as_ref().is_some_and(|f| f.active.is_some()) {
        // The form field takes every key (`Action::FormInput`).
        return None;
    }
    if let Some(dialog) = dialog {
        return match dialog {
            Dialog::Help => Some(Context::Help),
            Dialog::ConfirmQuit => Some(Context::QuitPrompt),
            Dialog::Recovery(_) => Some(Context::RecoveryPrompt),
            Dialog::ConfirmDelete(_) => Some(Context::DeletePrompt),
            Dialog::StaleLock(_) => Some(Context::LockPrompt),
            Dialog::ExternalChange(_) => Some(Context::ChangedOnDisk),
            Dialog::ConfirmReload(_) => Some(Context::ReloadPrompt),
            Dialog::ConfirmOverwrite(_) => Some(Context::OverwritePrompt),
            Dialog::SaveFailed { .. } => Some(Context::SaveFailed),
            Dialog::Conflicts { .. } => Some(Context::Conflicts),
            Dialog::SaveAs | Dialog::Problems { .. } => Some(Context::Global),
        };
    }
    if state.screen == Screen::Start {
        if state.portfolio.is_some() {
            return Some(Context::Portfolio);
        }
        if let Some(Wizard {
            step: WizardStep::Question(_),
            ..
        }) = state.wizard
        {
            return Some(Context::Wizard);
        }
        return Some(Context::Global);
    }
    if state.discover.is_some() {
        return Some(Context::Discover);
    }
    if state.form.is_some() {
        return Some(Context::Form);
    }
    if state.links.picker.is_some() {
        return Some(Context::LinkPicker);
    }
    if state.diagram.is_some() {
        return Some(Context::Diagram);
    }
    match state.threats.view() {
        Some(View::Card(_)) => return Some(Context::Card),
        Some(View::Register) => return Some(Context::Register),
        Some(View::Heatmap) => return Some(Context::Heatmap),
        None => {}
    }
    if (7..=10).contains(&state.phase) {
        return Some(Context::Plan(state.phase));
    }
    if state.phase == 6 && state.list_kind.is_none() {
        return Some(Context::Threats);
    }
    Some(Context::Records)
}
