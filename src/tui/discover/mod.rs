//! Phase 2 "Discover from source tree…": the path prompt, the scan (an effect the
//! runtime performs), and the review screen where the analyst accepts, rejects or
//! edits each proposal before the accepted ones become records.
//!
//! Scanning, drift and writing records are the core's (`crate::discover`): the CLI's
//! `--apply` and this screen share `discover::apply`, so both remember the same evidence.

#[cfg(test)]
mod tests;
pub mod view;

use super::action::{Action, Command};
use super::app::{AppState, EditTarget};
use super::update::{Effect, edit, start_edit};
use crate::discover::{Discovery, DriftItem, Limits, ProposedComponent};
use crate::vocab::{ComponentKind, Layer};
use std::path::PathBuf;

/// The analyst's answer to one proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Pending,
    Accept,
    Reject,
}

/// One proposal of the review, the analyst's working copy of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub proposal: ProposedComponent,
    pub decision: Decision,
    pub edited: bool,
    /// The layer it is listed under (its first layer when found).
    pub group: Layer,
}

/// The edit box over the selected item: which line has the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditBox {
    /// 0 name, 1 kind, 2 layers.
    pub row: usize,
    /// The layer under the cursor on the layers line.
    pub layer: usize,
}

/// The review screen.
#[derive(Debug, Clone, PartialEq)]
pub struct DiscoverUi {
    pub root: PathBuf,
    pub discovery: Discovery,
    /// Differences from the session's last reviewed discovery.
    pub drift: Vec<DriftItem>,
    /// Items in display order: grouped by layer.
    pub items: Vec<Item>,
    pub selected: usize,
    pub edit: Option<EditBox>,
    /// Esc once with decisions not yet written: the next Esc discards them.
    pub confirm_discard: bool,
}

/// Keys of the review screen (letters the screen owns while it is open).
#[derive(Debug, Clone)]
pub enum DiscoverAction {
    Key(char),
    /// The runtime finished scanning.
    Scanned {
        root: PathBuf,
        result: Result<Box<Discovery>, String>,
    },
}

/// Work for the runtime.
#[derive(Debug, Clone, PartialEq)]
pub struct ScanRequest {
    pub root: PathBuf,
}

impl DiscoverUi {
    pub fn new(root: PathBuf, discovery: Discovery, drift: Vec<DriftItem>) -> DiscoverUi {
        let mut items: Vec<Item> = discovery
            .components
            .iter()
            .map(|p| Item {
                proposal: p.clone(),
                decision: Decision::Pending,
                edited: false,
                group: p.layers.first().copied().unwrap_or(Layer::CrossLayer),
            })
            .collect();
        // Stable: within a layer the scanner's order (by id) stays.
        items.sort_by_key(|i| i.group);
        DiscoverUi {
            root,
            discovery,
            drift,
            items,
            selected: 0,
            edit: None,
            confirm_discard: false,
        }
    }

    pub fn current(&self) -> Option<&Item> {
        self.items.get(self.selected)
    }

    /// The drift entry of a proposal, if it differs from the last review.
    pub fn drift_of(&self, id: &str) -> Option<&DriftItem> {
        self.drift.iter().find(|d| d.id == id)
    }

    /// Counts of accepted, rejected and pending items.
    pub fn tally(&self) -> (usize, usize, usize) {
        let count = |d| self.items.iter().filter(|i| i.decision == d).count();
        (
            count(Decision::Accept),
            count(Decision::Reject),
            count(Decision::Pending),
        )
    }
}

/// Opens the path prompt, pre-filled with the session file's directory.
pub fn open_prompt(state: &mut AppState) {
    let Some(doc) = &state.doc else { return };
    if let Some(why) = state.read_only() {
        state.message = Some(format!("Read-only: {why}"));
        return;
    }
    let dir = doc
        .path
        .parent()
        .filter(|p| !p.as_os_str().is_empty() && !p.starts_with(super::EXAMPLE_LABEL))
        .map_or_else(|| ".".to_string(), |p| p.display().to_string());
    start_edit(state, EditTarget::DiscoverPath, &dir);
}

/// Keys of the path prompt: Enter scans, Esc cancels.
pub fn prompt_command(state: &mut AppState, command: Command) -> Effect {
    let text = state
        .editing
        .as_ref()
        .map(|e| e.field.text())
        .unwrap_or_default();
    match command {
        Command::Open if text.trim().is_empty() => {
            state.message = Some("Type the folder to scan".into());
            Effect::None
        }
        Command::Open => {
            state.editing = None;
            state.message = Some(format!("Scanning {}…", text.trim()));
            Effect::Discover(ScanRequest {
                root: PathBuf::from(text.trim()),
            })
        }
        Command::Back => {
            state.editing = None;
            state.message = Some("Discovery cancelled".into());
            Effect::None
        }
        _ => Effect::None,
    }
}

/// Runs the scan (the runtime calls this; measured in BENCHMARKS.md: a fixture tree
/// scans in milliseconds, so it runs on the UI thread behind a "Scanning…" status).
pub fn perform(request: ScanRequest, state: &AppState) -> Action {
    let root = request.root;
    let result = crate::discover::discover(&root, &state.catalog, Limits::default())
        .map(Box::new)
        .map_err(|e| e.to_string());
    Action::Discover(DiscoverAction::Scanned { root, result })
}

pub fn update(state: &mut AppState, action: DiscoverAction) -> Effect {
    match action {
        DiscoverAction::Scanned { root, result } => {
            let drift_of = |discovery: &Discovery| {
                state
                    .doc
                    .as_ref()
                    .map(|d| crate::discover::drift(d.session(), discovery).items)
                    .unwrap_or_default()
            };
            match result {
                // Nothing found and nothing gone: no review to make.
                Ok(discovery)
                    if discovery.components.is_empty()
                        && drift_of(&discovery)
                            .iter()
                            .all(|d| d.change != crate::discover::Change::Gone) =>
                {
                    state.message = Some(format!(
                        "Nothing found in {} ({} files read)",
                        crate::text::sanitize_inline(&root.display().to_string()),
                        discovery.files_scanned
                    ));
                }
                Ok(discovery) => {
                    let drift = drift_of(&discovery);
                    state.message = Some(format!(
                        "{} proposals from {} files",
                        discovery.components.len(),
                        discovery.files_scanned
                    ));
                    state.discover = Some(DiscoverUi::new(root, *discovery, drift));
                }
                Err(e) => state.message = Some(format!("Discovery failed: {e}")),
            }
            Effect::None
        }
        DiscoverAction::Key(c) => {
            key(state, c);
            Effect::None
        }
    }
}

/// The kinds of the catalog, in its order: the closed set the kind picker cycles.
fn kinds(state: &AppState) -> Vec<ComponentKind> {
    let kinds: Vec<ComponentKind> = state
        .catalog
        .taxonomy
        .component_kinds
        .iter()
        .map(|k| k.id)
        .collect();
    if kinds.is_empty() {
        ComponentKind::ALL.to_vec()
    } else {
        kinds
    }
}

fn key(state: &mut AppState, c: char) {
    let Some(ui) = &mut state.discover else {
        return;
    };
    ui.confirm_discard = false;
    if let Some(edit) = &mut ui.edit {
        let Some(item) = ui.items.get_mut(ui.selected) else {
            return;
        };
        if edit.row == 2 && c == ' ' {
            let layer = Layer::SEVEN[edit.layer];
            let layers = &mut item.proposal.layers;
            if let Some(at) = layers.iter().position(|l| *l == layer) {
                if layers.len() > 1 {
                    layers.remove(at);
                }
            } else {
                layers.push(layer);
                layers.sort();
            }
            item.edited = true;
            item.decision = Decision::Accept;
        } else if let Some(d) = c.to_digit(10).filter(|d| (1..=7).contains(d)) {
            edit.row = 2;
            edit.layer = d as usize - 1;
        }
        return;
    }
    let group = ui.current().map(|i| i.group);
    match c {
        'a' | 'r' | ' ' => {
            if let Some(item) = ui.items.get_mut(ui.selected) {
                item.decision = match (c, item.decision) {
                    ('a', _) => Decision::Accept,
                    ('r', _) => Decision::Reject,
                    (_, Decision::Pending) => Decision::Accept,
                    (_, Decision::Accept) => Decision::Reject,
                    (_, Decision::Reject) => Decision::Pending,
                };
                ui.selected = (ui.selected + 1).min(ui.items.len().saturating_sub(1));
            }
        }
        'A' | 'R' => {
            let decision = if c == 'A' {
                Decision::Accept
            } else {
                Decision::Reject
            };
            for item in ui.items.iter_mut().filter(|i| Some(i.group) == group) {
                if item.decision == Decision::Pending {
                    item.decision = decision;
                }
            }
        }
        'e' if ui.current().is_some() => {
            ui.edit = Some(EditBox { row: 0, layer: 0 });
        }
        'w' => write(state),
        _ => {}
    }
}

/// Commands while the review screen is open; `None` lets the shell handle the
/// command (save, quit, help).
pub fn command(state: &mut AppState, command: Command) -> Option<Effect> {
    let all_kinds = kinds(state);
    let ui = state.discover.as_mut()?;
    if !matches!(command, Command::Back) {
        ui.confirm_discard = false;
    }
    let last = ui.items.len().saturating_sub(1);
    if command == Command::Open && ui.edit.is_some_and(|e| e.row == 0) {
        let name = ui.current()?.proposal.name.clone();
        start_edit(state, EditTarget::DiscoverName, &name);
        return Some(Effect::None);
    }
    if let Some(edit) = &mut ui.edit {
        let item = ui.items.get_mut(ui.selected)?;
        match command {
            Command::Up => edit.row = edit.row.saturating_sub(1),
            Command::Down => edit.row = (edit.row + 1).min(2),
            Command::Left | Command::Right if edit.row == 1 => {
                let at = all_kinds
                    .iter()
                    .position(|k| *k == item.proposal.kind)
                    .unwrap_or(0);
                let n = all_kinds.len();
                let next = if command == Command::Right {
                    (at + 1) % n
                } else {
                    (at + n - 1) % n
                };
                item.proposal.kind = all_kinds[next];
                item.edited = true;
                item.decision = Decision::Accept;
            }
            Command::Left if edit.row == 2 => edit.layer = edit.layer.saturating_sub(1),
            Command::Right if edit.row == 2 => edit.layer = (edit.layer + 1).min(6),
            Command::Open | Command::Back => ui.edit = None,
            Command::Quit | Command::Save | Command::Help => return None,
            _ => {}
        }
        return Some(Effect::None);
    }
    match command {
        Command::Up => ui.selected = ui.selected.saturating_sub(1),
        Command::Down => ui.selected = (ui.selected + 1).min(last),
        Command::PageUp => ui.selected = ui.selected.saturating_sub(10),
        Command::PageDown => ui.selected = (ui.selected + 10).min(last),
        Command::Top => ui.selected = 0,
        Command::Bottom => ui.selected = last,
        Command::Left | Command::Right => {
            // Jump to the first item of the previous / next layer group.
            let group = ui.current().map(|i| i.group);
            let target = if command == Command::Right {
                ui.items
                    .iter()
                    .position(|i| Some(i.group) > group)
                    .unwrap_or(ui.selected)
            } else {
                let before = ui
                    .items
                    .iter()
                    .take(ui.selected)
                    .rev()
                    .find(|i| Some(i.group) < group)
                    .map(|i| i.group);
                ui.items
                    .iter()
                    .position(|i| Some(i.group) == before)
                    .unwrap_or(ui.selected)
            };
            ui.selected = target;
        }
        Command::Open => write(state),
        Command::Back => {
            let (accepted, rejected, _) = ui.tally();
            if accepted + rejected > 0 && !ui.confirm_discard {
                ui.confirm_discard = true;
                state.message = Some(format!(
                    "{} decisions not written: w writes them, Esc again discards",
                    accepted + rejected
                ));
            } else {
                state.discover = None;
                state.message = Some("Discovery closed; nothing added".into());
            }
        }
        _ => return None,
    }
    Some(Effect::None)
}

/// The name typed in the edit box.
pub fn finish_name(state: &mut AppState, text: String) {
    let Some(item) = state
        .discover
        .as_mut()
        .and_then(|ui| ui.items.get_mut(ui.selected))
    else {
        return;
    };
    let text = text.trim();
    if !text.is_empty() && text != item.proposal.name {
        item.proposal.name = text.to_string();
        item.edited = true;
        item.decision = Decision::Accept;
    }
}

/// Writes the decisions into the session through `discover::apply` (one undoable
/// step): accepted (and edited) proposals become components that keep their evidence,
/// flows between accepted ones become data flows, every decided proposal is remembered
/// as the drift baseline. Undecided ones are left out and will show as new next time.
fn write(state: &mut AppState) {
    let Some(ui) = state.discover.take() else {
        return;
    };
    let (accepted, rejected, _) = ui.tally();
    if accepted + rejected == 0 {
        state.message = Some("Nothing decided yet: a accepts, r rejects".into());
        state.discover = Some(ui);
        return;
    }
    let mut decided = ui.discovery.clone();
    decided.components = ui
        .items
        .iter()
        .filter(|i| i.decision != Decision::Pending)
        .map(|i| i.proposal.clone())
        .collect();
    let accept: Vec<String> = ui
        .items
        .iter()
        .filter(|i| i.decision == Decision::Accept)
        .map(|i| i.proposal.id.clone())
        .collect();
    let root = ui.root.display().to_string();
    let today = crate::analysis::dates::today();
    let mut added = (0, 0);
    edit(state, |s| {
        let applied =
            crate::discover::apply(s, &decided, &|p| accept.contains(&p.id), &root, &today);
        added = (applied.components_added.len(), applied.flows_added.len());
    });
    if state.read_only().is_some() {
        state.discover = Some(ui);
        return;
    }
    state.message = Some(format!(
        "Added {} components and {} flows from discovery ({} rejected); {} undoes",
        added.0,
        added.1,
        rejected,
        state.keymap.key_label(Command::Undo)
    ));
}
