//! Long because it is the one application state: every screen's fields, and the
//! accessors through which views read the cached figures.
//!
//! The one application state. Views read it; only `update` changes it.

use super::derive::Derived;
use super::guide;
use super::history::{Step, fresh_revision};
use super::keymap::Keymap;
use super::theme::Theme;
use super::widgets::field::Field;
use super::widgets::list::ListNav;
use crate::catalog::Catalog;
use crate::session::lock::{Liveness, LockOwner};
use crate::session::{Document, Session, names};
use crate::vocab::{Depth, Layer};
use std::path::PathBuf;

/// Which screen fills the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Start,
    Shell,
}

/// The panes of the shell that Tab moves between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Rail,
    Guidance,
    Records,
}

impl Pane {
    pub const ORDER: [Pane; 3] = [Pane::Rail, Pane::Guidance, Pane::Records];
}

/// A modal box over the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    Help,
    /// Quit with unsaved changes: save, discard or cancel.
    ConfirmQuit,
    /// A recovery file with unsaved edits was found beside the session.
    Recovery(Box<RecoveryOffer>),
    /// Delete a record (and the references to it)?
    ConfirmDelete(super::forms::PendingDelete),
    /// The session's lock file names a holder that no longer holds the lock.
    StaleLock(Box<StaleLock>),
    /// A save found the file changed on disk since it was loaded or last saved.
    ExternalChange(Box<ExternalChange>),
    /// Second question before reloading: the unsaved edits are replaced.
    ConfirmReload(Box<ExternalChange>),
    /// The path prompt of "save as" (its field is `AppState::editing`).
    SaveAs,
    /// "Save as" names an existing file: replace it?
    ConfirmOverwrite(PathBuf),
    /// The merge conflicts the session carries, to resolve one by one.
    Conflicts {
        selected: usize,
    },
    /// The session opened has problems `validate` rejects: each leads to its field.
    Problems {
        rows: Vec<super::problems::ProblemRow>,
        selected: usize,
    },
    /// A save failed: where, why, and that nothing was lost.
    SaveFailed {
        path: PathBuf,
        reason: String,
    },
}

/// A recovery file's session, and what recovering it restores (computed once, when the
/// dialog opens: a diff of a large session per frame took a third of a second).
#[derive(Debug, Clone, PartialEq)]
pub struct RecoveryOffer {
    pub session: Session,
    pub restores: Vec<String>,
}

/// A lock left behind by a crash or reboot, or one taken on another host.
#[derive(Debug, Clone, PartialEq)]
pub struct StaleLock {
    pub owner: LockOwner,
    pub liveness: Liveness,
    /// Second step of taking over a lock from another host.
    pub confirm: bool,
}

/// Size and modification time (seconds since the Unix epoch) of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileStamp {
    pub len: u64,
    pub modified: Option<u64>,
}

/// What a save found on disk instead of the file it loaded or last saved.
#[derive(Debug, Clone, PartialEq)]
pub struct ExternalChange {
    pub path: PathBuf,
    /// The file as loaded or last saved.
    pub then: FileStamp,
    /// The file now.
    pub now: FileStamp,
    /// Changes (records, risk, sections, phases) between the version loaded and the one
    /// on disk; `None` when the file on disk does not load as a session.
    pub changes: Option<usize>,
    /// Why the file on disk does not load, if it does not.
    pub unreadable: Option<String>,
    /// The save was asked for by "save and quit": quit after overwriting.
    pub quit_after: bool,
    /// The analyst undid past a reload of the file: saving replaces the version reloaded.
    pub undone_reload: bool,
}

/// The editable text fields of phase 1 (Business Context template).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusinessField {
    Title,
    Application,
    Domain,
    Function,
    UserBase,
    AgentType,
    Autonomy,
    RiskAppetite,
    Scope,
    OutOfScope,
}

impl BusinessField {
    pub const ALL: [BusinessField; 10] = [
        BusinessField::Title,
        BusinessField::Application,
        BusinessField::Domain,
        BusinessField::Function,
        BusinessField::UserBase,
        BusinessField::AgentType,
        BusinessField::Autonomy,
        BusinessField::RiskAppetite,
        BusinessField::Scope,
        BusinessField::OutOfScope,
    ];

    pub fn label(self) -> &'static str {
        match self {
            BusinessField::Title => "Session title",
            BusinessField::Application => "Application",
            BusinessField::Domain => "Business domain",
            BusinessField::Function => "Business function",
            BusinessField::UserBase => "User base",
            BusinessField::AgentType => "Agent type",
            BusinessField::Autonomy => "Autonomy",
            BusinessField::RiskAppetite => "Risk appetite",
            BusinessField::Scope => "In scope",
            BusinessField::OutOfScope => "Out of scope",
        }
    }

    pub fn get(self, s: &Session) -> &str {
        match self {
            BusinessField::Title => &s.session.title,
            BusinessField::Application => &s.business.application,
            BusinessField::Domain => &s.business.domain,
            BusinessField::Function => &s.business.function,
            BusinessField::UserBase => &s.business.user_base,
            BusinessField::AgentType => &s.business.agent_type,
            BusinessField::Autonomy => &s.business.autonomy,
            BusinessField::RiskAppetite => &s.business.risk_appetite,
            BusinessField::Scope => &s.session.scope,
            BusinessField::OutOfScope => &s.session.out_of_scope,
        }
    }

    pub fn set(self, s: &mut Session, value: String) {
        let slot = match self {
            BusinessField::Title => &mut s.session.title,
            BusinessField::Application => &mut s.business.application,
            BusinessField::Domain => &mut s.business.domain,
            BusinessField::Function => &mut s.business.function,
            BusinessField::UserBase => &mut s.business.user_base,
            BusinessField::AgentType => &mut s.business.agent_type,
            BusinessField::Autonomy => &mut s.business.autonomy,
            BusinessField::RiskAppetite => &mut s.business.risk_appetite,
            BusinessField::Scope => &mut s.session.scope,
            BusinessField::OutOfScope => &mut s.session.out_of_scope,
        };
        *slot = value;
    }
}

/// What a text field being edited writes to when finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditTarget {
    Business(BusinessField),
    /// The `/` filter of the focused list (applied live).
    Filter,
    WizardTitle,
    WizardFile,
    /// A free-text value of phases 7–10 (`AppState::plan.editing` says which).
    Plan,
    /// A one-line question of the threat screens (`ThreatUi::prompt`).
    ThreatPrompt,
    /// The file name of "save as".
    SaveAs,
    /// A value typed for merge conflict #n.
    Conflict(usize),
    /// The folder "Discover from source tree…" scans.
    DiscoverPath,
    /// The name of the discovery proposal being edited.
    DiscoverName,
}

/// A text field open for editing.
#[derive(Debug, Clone)]
pub struct Editing {
    pub target: EditTarget,
    pub field: Field,
}

/// One entry of the start screen.
#[derive(Debug, Clone, PartialEq)]
pub enum StartEntry {
    /// Index into [`super::examples::EXAMPLES`].
    Example(usize),
    New,
    /// The sessions under the folder the app was started in.
    Portfolio,
    Recent(PathBuf),
}

/// The new-session wizard on the start screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Wizard {
    pub step: WizardStep,
    pub title: String,
    pub file: String,
    /// Question id → answer id, as stored in the session.
    pub answers: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WizardStep {
    Title,
    File,
    Question(usize),
    Confirm,
}

/// A session loaded by the runtime, handed to `update`.
#[derive(Debug, Clone)]
pub struct Opened {
    /// File path, or a label such as `<example>/minimal.toml` for embedded examples.
    pub path: PathBuf,
    pub document: Document,
    /// Why editing is refused (lock held by someone, embedded example), if it is.
    pub read_only: Option<String>,
    /// Unsaved edits found in `<session>.recovery`.
    pub recovery: Option<Session>,
    pub resume: Option<ResumePoint>,
    /// The lock names a holder that is gone (or on another host): ask before taking it.
    pub stale_lock: Option<StaleLock>,
}

/// Where the analyst was in a session (kept per session path in the state dir).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ResumePoint {
    pub phase: u8,
    pub layer: usize,
    pub selection: usize,
}

/// Geometry of the help overlay (see [`AppState::help_layout`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpLayout {
    pub columns: u16,
    pub column_width: u16,
    /// Rows in each column.
    pub per_column: usize,
    /// Rows of each column in view.
    pub visible: usize,
    pub max_scroll: u16,
}

/// The open session with its undo history.
#[derive(Debug, Clone)]
pub struct DocState {
    pub path: PathBuf,
    pub document: Document,
    pub read_only: Option<String>,
    /// Steps back to earlier states, the last one first; each holds only what changed.
    pub undo: Vec<Step>,
    pub redo: Vec<Step>,
    /// Identifies the content of the session: changed by every edit, restored by undo
    /// and redo (see [`super::history`]). Change the session only through `update::edit`
    /// (or [`DocState::session_mut`]) so that it moves.
    pub revision: u64,
    /// The revision last saved (or loaded): dirty means a different one.
    pub saved_revision: u64,
    /// What the last edit, undo or redo changed (see [`super::derive`]).
    pub last_change: Option<super::history::Change>,
    /// The revision a reload from disk produced, until the next save: content that does
    /// not descend from it (undone past the reload) is a save over the file on disk.
    pub reloaded_revision: Option<u64>,
}

impl DocState {
    pub fn new(path: PathBuf, document: Document, read_only: Option<String>) -> DocState {
        let revision = fresh_revision();
        DocState {
            path,
            document,
            read_only,
            undo: Vec::new(),
            redo: Vec::new(),
            revision,
            saved_revision: revision,
            last_change: None,
            reloaded_revision: None,
        }
    }

    /// Whether the content was undone past a reload from disk: a save would then replace
    /// the version on disk the analyst reloaded, so it asks like any save over an
    /// external change. Revisions are unique and each undo step keeps the one before
    /// it, so content descends from the reload when that revision is current or lies
    /// on its undo path.
    pub fn undone_past_reload(&self) -> bool {
        self.reloaded_revision.is_some_and(|reloaded| {
            self.revision != reloaded && !self.undo.iter().any(|s| s.revision == reloaded)
        })
    }

    pub fn session(&self) -> &Session {
        &self.document.session
    }

    /// The session for a change outside the undo history (tests, benches): gives it a new
    /// revision so that derived figures are recomputed.
    pub fn session_mut(&mut self) -> &mut Session {
        self.revision = fresh_revision();
        self.last_change = None;
        &mut self.document.session
    }

    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// The session as last saved (or loaded), rebuilt from the undo or redo history; the
    /// current session when the history no longer reaches it (an edit after undoing
    /// past the save). Rare (external-change dialog, lock takeover): not kept as a copy.
    pub fn saved_session(&self) -> Session {
        if !self.is_dirty() {
            return self.document.session.clone();
        }
        for steps in [&self.undo, &self.redo] {
            let mut walked = self.document.session.clone();
            for step in steps.iter().rev() {
                step.patch.clone().apply(&mut walked);
                if step.revision == self.saved_revision {
                    return walked;
                }
            }
        }
        self.document.session.clone()
    }
}

/// One row of the records list of the main pane.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRow {
    pub label: String,
    pub detail: String,
    /// Set on phase-1 rows that can be edited in place.
    pub field: Option<BusinessField>,
    /// The record (or list heading) a row stands for, edited with a form.
    pub record: Option<RecordRef>,
}

/// A record by kind and id; an empty id is the heading of the kind's list.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRef {
    pub kind: &'static str,
    pub id: String,
    /// Open the form on this field and edit it right away.
    pub field: Option<String>,
}

/// Counts for the compact risk summary (the heatmap comes with its own issue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RiskCounts {
    pub threats: usize,
    pub mitigations: usize,
    /// Threats by inherent risk level, Low … Critical; unscored threats are not counted.
    pub by_level: [usize; 4],
}

/// Tabs of the per-layer phase: L1–L7 then Cross-Layer.
pub const LAYER_TABS: [Layer; 8] = [
    Layer::L1,
    Layer::L2,
    Layer::L3,
    Layer::L4,
    Layer::L5,
    Layer::L6,
    Layer::L7,
    Layer::CrossLayer,
];

/// The whole application state.
#[derive(Debug, Clone)]
pub struct AppState {
    pub catalog: Catalog,
    pub keymap: Keymap,
    pub theme: Theme,
    pub screen: Screen,
    pub start_entries: Vec<StartEntry>,
    pub start_nav: ListNav,
    pub wizard: Option<Wizard>,
    pub doc: Option<DocState>,
    /// Current phase, 1–10.
    pub phase: u8,
    /// Index into [`LAYER_TABS`].
    pub layer: usize,
    pub pane: Pane,
    pub records_nav: ListNav,
    pub guidance_collapsed: bool,
    pub guidance_scroll: u16,
    /// First row shown in each column of the help overlay.
    pub help_scroll: u16,
    pub editing: Option<Editing>,
    pub dialog: Option<Dialog>,
    /// One line for the status bar (last result or warning).
    pub message: Option<String>,
    pub mouse: bool,
    /// Terminal size at the last draw (mouse clicks are mapped with it).
    pub last_size: (u16, u16),
    /// The record form open over the main pane.
    pub form: Option<super::forms::FormState>,
    /// A list shown instead of the phase's records (assumptions, from any phase).
    pub list_kind: Option<&'static str>,
    /// Selection and views of the planning phases 7–10.
    pub plan: super::phases::plan::PlanState,
    /// Phase 6 screens, heatmap and register.
    pub threats: super::phases::threats::ThreatUi,
    /// Figures derived from the session, brought up to date after every update.
    pub derived: Derived,
    /// The Portfolio view of the start screen, when open.
    pub portfolio: Option<super::portfolio::PortfolioView>,
    /// The discovery review screen (phase 2), when open.
    pub discover: Option<super::discover::DiscoverUi>,
    /// The last autosave failed: said on the status line until a save works.
    pub autosave_problem: Option<String>,
    /// The diagram screen, when open.
    pub diagram: Option<super::diagram::DiagramState>,
    /// Draw diagrams in ASCII: the terminal cannot show box-drawing characters.
    pub ascii_lines: bool,
    /// Links followed (to return from) and the link picker.
    pub links: super::links::LinkNav,
    /// The record each list's selection stands for, kept across re-sorts.
    pub keep: super::keep::Anchors,
    /// The session file named at start while it is read (shown instead of the start
    /// screen's entries until it is open).
    pub opening: Option<String>,
}

impl AppState {
    pub fn new(catalog: Catalog, keymap: Keymap, theme: Theme, recent: Vec<PathBuf>) -> AppState {
        let mut start_entries: Vec<StartEntry> = (0..super::examples::EXAMPLES.len())
            .map(StartEntry::Example)
            .collect();
        start_entries.push(StartEntry::New);
        start_entries.push(StartEntry::Portfolio);
        start_entries.extend(recent.into_iter().map(StartEntry::Recent));
        AppState {
            catalog,
            keymap,
            theme,
            screen: Screen::Start,
            start_entries,
            start_nav: ListNav::default(),
            wizard: None,
            doc: None,
            phase: 1,
            layer: 0,
            pane: Pane::Records,
            records_nav: ListNav::default(),
            guidance_collapsed: false,
            guidance_scroll: 0,
            help_scroll: 0,
            editing: None,
            dialog: None,
            message: None,
            mouse: false,
            last_size: (80, 24),
            form: None,
            list_kind: None,
            plan: Default::default(),
            threats: Default::default(),
            derived: Derived::default(),
            portfolio: None,
            discover: None,
            autosave_problem: None,
            diagram: None,
            ascii_lines: false,
            links: Default::default(),
            keep: Default::default(),
            opening: None,
        }
    }

    pub fn is_dirty(&self) -> bool {
        self.doc.as_ref().is_some_and(DocState::is_dirty)
    }

    /// Rows of the help overlay, from the bindings table: the keys of the screen beneath
    /// it first (each context under its title), then the global ones, then the prompts.
    pub fn help_rows(&self) -> Vec<(String, &'static str)> {
        let mut rows = self
            .keymap
            .help_rows_for(&crate::tui::keymap::context::beneath_help(self));
        // About the method: where the playbook's ambiguities are resolved, and how.
        rows.push((
            "method".to_string(),
            "Readings of the playbook: docs/method.md",
        ));
        rows
    }

    /// How the help overlay lays its rows out in a `width` × `height` area: two columns
    /// when whole descriptions fit side by side, else one (scrolled rather than cut).
    pub fn help_layout(&self, width: u16, height: u16) -> HelpLayout {
        let rows = self.help_rows();
        // As wide as the widest row of any screen, so that the box keeps its size from
        // one screen to the next: " keys       " (longer keys push) + description.
        let every = self
            .keymap
            .help_rows_for(&crate::tui::keymap::Context::all());
        let longest = every
            .iter()
            .chain(&rows)
            .map(|(keys, help)| keys.chars().count().max(11) + help.chars().count())
            .max()
            .unwrap_or(0);
        let column_width = u16::try_from(longest + 2).unwrap_or(u16::MAX);
        let columns: u16 = if column_width.saturating_mul(2) + 3 <= width {
            2
        } else {
            1
        };
        // One column takes the terminal's width (less a margin): a long list reads
        // best without other text beside it.
        let column_width = if columns == 1 {
            column_width.max(width.saturating_sub(6))
        } else {
            column_width
        };
        let per_column = rows.len().div_ceil(usize::from(columns));
        // The box has borders; it is no taller than the area.
        let visible = usize::from(height.saturating_sub(2)).min(per_column);
        HelpLayout {
            columns,
            column_width: column_width.min(width.saturating_sub(2)),
            per_column,
            visible,
            max_scroll: u16::try_from(per_column - visible).unwrap_or(u16::MAX),
        }
    }

    /// How far the help overlay can scroll at the last drawn size.
    pub fn help_max_scroll(&self) -> u16 {
        self.help_layout(self.last_size.0, self.last_size.1)
            .max_scroll
    }

    pub fn read_only(&self) -> Option<&str> {
        self.doc.as_ref().and_then(|d| d.read_only.as_deref())
    }

    pub fn layer(&self) -> Layer {
        LAYER_TABS[self.layer.min(LAYER_TABS.len() - 1)]
    }

    pub fn depth(&self) -> Option<Depth> {
        self.doc.as_ref().and_then(|d| d.session().engagement.depth)
    }

    /// Guidance of the current phase; criteria carry their state when a session is open.
    pub fn guide(&self) -> guide::PhaseGuide {
        let mut g = guide::phase(&self.catalog, self.phase);
        if let Some(figures) = self.figures() {
            let states = figures
                .criteria
                .get(usize::from(self.phase.clamp(1, 10)) - 1)
                .map_or(&[][..], Vec::as_slice);
            if !states.is_empty() {
                g.criteria = states
                    .iter()
                    .map(crate::progress::CriterionState::label)
                    .collect();
            }
        }
        g
    }

    /// Whether a phase is part of the chosen depth.
    pub fn in_depth(&self, phase: u8) -> bool {
        guide::in_depth(&self.catalog, self.depth(), phase)
    }

    /// (met, total) completion criteria of a phase.
    pub fn phase_progress(&self, phase: u8) -> (usize, usize) {
        match self.figures() {
            Some(f) if (1..=10).contains(&phase) => f.progress[usize::from(phase) - 1],
            Some(_) => (0, 0),
            None => (0, 0),
        }
    }

    pub fn resume_point(&self) -> ResumePoint {
        ResumePoint {
            phase: self.phase,
            layer: self.layer,
            selection: self.records_nav.selected,
        }
    }

    /// Start-screen entries matching the filter, with their index in `start_entries`.
    pub fn visible_start_entries(&self) -> Vec<(usize, StartEntry)> {
        self.start_entries
            .iter()
            .enumerate()
            .filter(|(_, e)| self.start_nav.matches(&start_label(e)))
            .map(|(i, e)| (i, e.clone()))
            .collect()
    }

    /// The records of the current phase (and layer on phase 6), filtered, computed
    /// (`records()` gives the cached ones).
    pub(super) fn compute_records(&self) -> Vec<RecordRow> {
        let Some(doc) = &self.doc else {
            return Vec::new();
        };
        let rows = if self.list_kind.is_some() || (1..=5).contains(&self.phase) {
            super::forms::phases::rows(doc.session(), &self.catalog, self.phase, self.list_kind)
        } else {
            records_of(doc.session(), self.phase, self.layer())
        };
        rows.into_iter()
            .filter(|r| {
                self.records_nav
                    .matches(&format!("{} {}", r.label, r.detail))
            })
            .collect()
    }

    pub fn selected_record(&self) -> Option<RecordRow> {
        self.records().get(self.records_nav.selected).cloned()
    }

    pub fn risk_counts(&self) -> RiskCounts {
        self.figures().map_or_else(RiskCounts::default, |f| f.risk)
    }
}

/// The label a start entry is shown (and filtered) by.
pub fn start_label(entry: &StartEntry) -> String {
    match entry {
        StartEntry::Example(i) => {
            format!("Open example (read-only): {}", super::examples::title(*i))
        }
        StartEntry::New => "New session…".to_string(),
        StartEntry::Portfolio => "Portfolio of the sessions in this folder…".to_string(),
        StartEntry::Recent(path) => format!("Open recent: {}", path.display()),
    }
}

fn row(label: impl Into<String>, detail: impl Into<String>) -> RecordRow {
    RecordRow {
        label: label.into(),
        detail: detail.into(),
        field: None,
        record: None,
    }
}

/// What a phase has recorded, as list rows.
pub fn records_of(s: &Session, phase: u8, layer: Layer) -> Vec<RecordRow> {
    // Names of referenced records, from one map (a scan per flow end is quadratic).
    let names = names::Names::new(s);
    match phase {
        1 => {
            let mut rows: Vec<RecordRow> = BusinessField::ALL
                .iter()
                .map(|f| RecordRow {
                    label: f.label().to_string(),
                    detail: f.get(s).to_string(),
                    field: Some(*f),
                    record: None,
                })
                .collect();
            rows.extend(s.business.stakeholders.iter().map(|st| {
                row(
                    format!("Stakeholder: {}", st.name),
                    format!("{} {}", st.role, st.raci).trim().to_string(),
                )
            }));
            rows
        }
        2 => s
            .components
            .iter()
            .map(|c| {
                let layers: Vec<&str> = c.layers.iter().map(|l| l.as_str()).collect();
                row(
                    format!("{} {}", c.id, c.name),
                    format!("{} · {}", c.kind, layers.join(",")),
                )
            })
            .chain(
                s.flows
                    .iter()
                    .map(|f| row(format!("{} {}", f.id, names.flow_ends(f)), f.data.clone())),
            )
            .collect(),
        3 => s
            .actors
            .iter()
            .map(|a| row(format!("{} {}", a.id, a.name), a.capability.clone()))
            .collect(),
        4 => s
            .zones
            .iter()
            .map(|z| row(format!("{} {}", z.id, z.name), z.kind.clone()))
            .chain(s.boundaries.iter().map(|b| {
                row(
                    format!("{} {}", b.id, names.boundary_ends(b)),
                    b.strength.clone(),
                )
            }))
            .collect(),
        5 => s
            .assets
            .iter()
            .map(|a| row(format!("{} {}", a.id, a.name), a.class.clone()))
            .collect(),
        6 => {
            let mut rows: Vec<RecordRow> = s
                .threats
                .iter()
                .filter(|t| t.layers.contains(&layer))
                .map(|t| {
                    let sev = t.severity.map_or("unscored".to_string(), |v| v.to_string());
                    row(format!("{} {}", t.id, t.name), sev)
                })
                .collect();
            if layer == Layer::CrossLayer {
                rows.extend(s.chains.iter().map(|c| {
                    row(
                        format!("{} {}", c.id, c.name),
                        format!("chain: {}", c.steps.join(" → ")),
                    )
                }));
            }
            rows
        }
        7 => s
            .mitigations
            .iter()
            .map(|m| {
                row(
                    format!("{} {}", m.id, m.name),
                    format!("{} · {} · {}", m.kind, m.status, m.addresses.join(",")),
                )
            })
            .collect(),
        8 => s
            .validations
            .iter()
            .map(|v| {
                row(
                    format!("{} {}", v.id, names.id_and_name(&v.mitigation)),
                    v.gaps.clone(),
                )
            })
            .collect(),
        9 => s
            .residual_risks
            .iter()
            .map(|r| {
                let d = r.disposition.map_or(String::new(), |d| d.to_string());
                row(format!("{} {}", r.id, names.id_and_name(&r.threat)), d)
            })
            .collect(),
        10 => s
            .roadmap
            .iter()
            .map(|r| row(format!("{} {}", r.id, r.description), r.horizon.clone()))
            .chain(
                s.triggers
                    .iter()
                    .map(|t| row(format!("{} {}", t.id, t.event), t.action.clone())),
            )
            .chain(
                s.signoffs
                    .iter()
                    .map(|o| row(format!("Sign-off: {}", o.name), o.decision.clone())),
            )
            .collect(),
        _ => Vec::new(),
    }
}
