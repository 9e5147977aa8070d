//! Everything that can happen to the application, as data.
//!
//! Keys become [`Command`]s through the keymap; everything else (text typed into
//! a field, a finished external editor, an opened file) arrives as an [`Action`].

use super::app::Opened;
use ratatui_textarea::Input;
use std::path::PathBuf;

/// A user command without data: what a key is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Up,
    Down,
    Left,
    Right,
    NextPane,
    PrevPane,
    Open,
    Back,
    Help,
    Filter,
    Top,
    Bottom,
    PageUp,
    PageDown,
    PrevPhase,
    NextPhase,
    Phase(u8),
    Save,
    /// Write the session to another file, which then becomes the one edited.
    SaveAs,
    Undo,
    Redo,
    Quit,
    ToggleGuidance,
    ExternalEditor,
    Suspend,
    /// Record lists: add, delete, move, the assumptions list, tick, phase status.
    Add,
    Delete,
    MoveUp,
    MoveDown,
    Assumptions,
    Tick,
    CycleStatus,
    // Threat screens (phase 6, heatmap, register).
    Heatmap,
    Register,
    /// The diagram screen: layer map and data flows (issue 18).
    Diagram,
    /// The diagram screen: scroll the drawing without moving the selection.
    PanLeft,
    PanRight,
    PanUp,
    PanDown,
    MarkApplicable,
    MarkNotApplicable,
    MarkUnreviewed,
    SeverityUp,
    SeverityDown,
    LikelihoodUp,
    LikelihoodDown,
    AttackVector,
    Complexity,
    ToggleFactor,
    MergeDuplicate,
    LayerAssessed,
    BuildChain,
    /// Phase 6: add a threat of the analyst's own on the layer (issue 24).
    CustomThreat,
    CycleView,
    SortKey,
    FilterLayer,
    FilterStatus,
    /// Phase 2: discover components from a source tree (issue 20).
    Discover,
    /// Follow the link of the record under the cursor; return from it (issue 24).
    FollowLink,
    LinkBack,
}

impl Command {
    /// The name used in the config file's `[keys]` table.
    pub fn name(self) -> String {
        match self {
            Command::Phase(n) => format!("phase_{n}"),
            other => {
                let debug = format!("{other:?}");
                let mut name = String::new();
                for (i, c) in debug.chars().enumerate() {
                    if c.is_uppercase() && i > 0 {
                        name.push('_');
                    }
                    name.extend(c.to_lowercase());
                }
                name
            }
        }
    }
}

/// Input to [`super::update::update`].
#[derive(Debug, Clone)]
pub enum Action {
    Command(Command),
    /// A plain character in a dialog that asks for one (y/n, s/d, …).
    DialogKey(char),
    /// A key typed into the text field being edited.
    TextInput(Input),
    /// Bracketed paste: goes into the field being edited.
    Paste(String),
    /// The external editor returned this text for the field being edited.
    EditorDone(String),
    /// A session was loaded by the runtime.
    Opened(Box<Opened>),
    /// The runtime finished saving the session shown.
    Saved(PathBuf),
    /// The session was written to this new file, which is now the one edited (and locked).
    SavedAs(PathBuf),
    /// Writing the session to `path` failed (read-only or missing directory, full
    /// disk); the edits stay in memory.
    SaveFailed {
        path: PathBuf,
        reason: String,
    },
    /// "Save as" names an existing other file: ask before replacing it.
    ConfirmOverwrite(PathBuf),
    /// A save found the file changed on disk: ask what to do.
    ExternalChange(Box<super::app::ExternalChange>),
    /// The file was loaded again from disk (the analyst chose "reload").
    Reloaded(Box<crate::session::Document>),
    /// The stale lock was taken over; unsaved edits of the crashed session, if any.
    LockTaken {
        recovery: Option<Box<crate::session::Session>>,
    },
    /// A runtime operation failed; shown in the status bar.
    Failed(String),
    /// An autosave ran: what went wrong, or `None` when it worked.
    Autosaved(Option<String>),
    /// Mouse click at a cell (only with `--mouse`).
    Click {
        column: u16,
        row: u16,
    },
    /// Autosave period elapsed.
    Tick,
    /// A key for the form field being edited.
    FormInput(Input),
    /// Keys and results of the planning phases 7–10.
    Plan(super::phases::plan::PlanAction),
    /// The Portfolio view's rows, read by the runtime.
    PortfolioScanned(Box<super::portfolio::PortfolioView>),
    /// Keys and results of the discovery review screen.
    Discover(super::discover::DiscoverAction),
}
