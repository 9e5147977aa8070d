//! Record editing for every phase: the [`RecordKind`] description of each kind of
//! record, the registry of kinds, and the controller behind the form and the record
//! lists (add, edit, delete with reference check, reorder). Every change goes
//! through [`crate::tui::update::edit`], so undo/redo covers it.
//!
//! To add a kind: implement [`RecordKind`] (see `kinds.rs`), add it to [`KINDS`],
//! and emit rows with [`row_for`] / [`add_row`] from the phase's records.

/// The fields of one record kind's form as an enum: the form's keys come from it, and
/// `get`/`set` match it with no fallback arm, so a key with a typo, or a field added to
/// the form but not read or written, does not compile (keys made from catalog data —
/// questions, boundary controls, lifecycle stages — are handled before the match).
macro_rules! form_fields {
    ($name:ident { $($variant:ident = $key:expr),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The key of the field in the form (and its name in error messages).
            pub fn key(self) -> &'static str {
                match self {
                    $($name::$variant => $key),+
                }
            }

            pub fn parse(key: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|field| field.key() == key)
            }
        }
    };
}

pub mod back;
pub mod cards;
pub mod endpoints;
pub mod kept;
pub mod kinds;
pub mod phases;

use super::action::Command;
use super::app::{AppState, Dialog, RecordRef, RecordRow};
use super::update::{Effect, edit};
use super::widgets::form::{Active, FieldKind, FieldSpec, Outcome, Value};
use crate::catalog::Catalog;
use crate::session::{Session, links};
use ratatui_textarea::{Input, Key};

/// One kind of record the form can edit.
pub trait RecordKind: Sync + std::fmt::Debug {
    /// Registry name, also the reference target name of [`links`] ("component").
    fn name(&self) -> &'static str;
    /// Plural title of its list ("Components").
    fn title(&self) -> &'static str;
    /// Ids of the records, in file order.
    fn ids(&self, s: &Session) -> Vec<String>;
    /// One-line label and detail of a record in lists.
    fn row(&self, s: &Session, id: &str) -> (String, String);
    fn fields(&self, s: &Session, c: &Catalog) -> Vec<FieldSpec>;
    fn get(&self, s: &Session, id: &str, key: &str) -> Value;
    fn set(&self, s: &mut Session, c: &Catalog, id: &str, key: &str, value: Value);
    /// Adds an empty record and returns its id; `None` for kinds that cannot grow.
    fn add(&self, _s: &mut Session) -> Option<String> {
        None
    }
    /// Why `add` returned `None`, when it can refuse ("Add a component first…").
    fn cannot_add(&self) -> Option<&'static str> {
        None
    }
    /// Removes the record (references are handled by the caller).
    fn remove(&self, _s: &mut Session, _id: &str) -> bool {
        false
    }
    /// Moves the record by `delta` places; false when it cannot move.
    fn shift(&self, _s: &mut Session, _id: &str, _delta: isize) -> bool {
        false
    }
}

/// All kinds with forms. Other screens add theirs here.
pub static KINDS: &[&dyn RecordKind] = &[
    &kinds::Engagement,
    &kinds::Business,
    &kinds::Stakeholders,
    &kinds::Assumptions,
    &kinds::Architecture,
    &kinds::LayerNotes,
    &kinds::Components,
    &kinds::Flows,
    &kinds::Actors,
    &kinds::Zones,
    &kinds::Boundaries,
    &kinds::Assets,
    &cards::ThreatCards,
    &cards::MitigationCards,
];

pub fn kind(name: &str) -> Option<&'static dyn RecordKind> {
    KINDS.iter().copied().find(|k| k.name() == name)
}

/// Kinds with exactly one record (or fixed rows): `a` on them adds the phase's kind.
const SINGLETONS: &[&str] = &[
    "engagement",
    "business",
    "architecture",
    "layer",
    phases::CRITERION,
    phases::STATUS,
];

/// The form open over the main pane.
#[derive(Debug, Clone)]
pub struct FormState {
    pub kind: &'static str,
    pub id: String,
    pub focus: usize,
    pub active: Option<Active>,
    /// Opened to change one field: close when it is confirmed.
    pub quick: bool,
}

/// A delete waiting for confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingDelete {
    pub kind: &'static str,
    pub id: String,
    /// "C3 is used by flow DF2 and threat TH4", when something refers to it.
    pub used_by: Option<String>,
}

/// List row of a record.
pub fn row_for(s: &Session, k: &dyn RecordKind, id: &str) -> RecordRow {
    let (label, detail) = k.row(s, id);
    RecordRow {
        label,
        detail,
        field: None,
        record: Some(RecordRef {
            kind: k.name(),
            id: id.to_string(),
            field: None,
        }),
    }
}

/// A heading row of a kind's list; Enter on it adds a record.
pub fn add_row(s: &Session, k: &dyn RecordKind) -> RecordRow {
    RecordRow {
        label: format!("{} ({})", k.title(), k.ids(s).len()),
        detail: "a or Enter: add".into(),
        field: None,
        record: Some(RecordRef {
            kind: k.name(),
            id: String::new(),
            field: None,
        }),
    }
}

/// Field specs and current values of a record.
pub fn specs_and_values(state: &AppState, form: &FormState) -> (Vec<FieldSpec>, Vec<Value>) {
    let (Some(doc), Some(k)) = (&state.doc, kind(form.kind)) else {
        return (Vec::new(), Vec::new());
    };
    let s = doc.session();
    let specs = k.fields(s, &state.catalog);
    let values = specs.iter().map(|f| k.get(s, &form.id, &f.key)).collect();
    kept::drop_empty(specs, values)
}

/// Opens the form of a record, focused on `field` if given.
pub fn open_form(state: &mut AppState, kind_name: &'static str, id: &str, field: Option<&str>) {
    let Some(k) = kind(kind_name) else { return };
    let focus = match (field, &state.doc) {
        (Some(key), Some(doc)) => k
            .fields(doc.session(), &state.catalog)
            .iter()
            .position(|f| f.key == key)
            .unwrap_or(0),
        _ => 0,
    };
    state.form = Some(FormState {
        kind: kind_name,
        id: id.to_string(),
        focus,
        active: None,
        quick: false,
    });
}

/// Adds a record of `kind_name` and opens its form.
pub fn add_record(state: &mut AppState, kind_name: &'static str) {
    let Some(k) = kind(kind_name) else { return };
    if let Some(why) = state.read_only() {
        state.message = Some(format!("Read-only: {why}"));
        return;
    }
    let mut new_id = None;
    edit(state, |s| new_id = k.add(s));
    match new_id {
        Some(id) => {
            state.message = Some(format!("Added {id}; Esc when done"));
            open_form(state, kind_name, &id, None);
        }
        None => {
            state.message = Some(
                k.cannot_add()
                    .map_or_else(|| format!("{} cannot be added to", k.title()), String::from),
            )
        }
    }
}

/// Asks before deleting; the dialog names the records that refer to it.
pub fn ask_delete(state: &mut AppState, kind_name: &'static str, id: &str) {
    let Some(doc) = &state.doc else { return };
    if let Some(why) = state.read_only() {
        state.message = Some(format!("Read-only: {why}"));
        return;
    }
    let used_by = links::used_by_sentence(doc.session(), kind_name, id);
    state.dialog = Some(Dialog::ConfirmDelete(PendingDelete {
        kind: kind_name,
        id: id.to_string(),
        used_by,
    }));
}

/// Deletes the record and every reference to it (one undo step).
pub fn delete(state: &mut AppState, pending: &PendingDelete) {
    let Some(k) = kind(pending.kind) else { return };
    let mut removed = false;
    let mut flows_gone = 0;
    edit(state, |s| {
        removed = k.remove(s, &pending.id);
        if removed {
            let flows = s.flows.len();
            links::unlink(s, pending.kind, &pending.id);
            flows_gone = flows - s.flows.len();
        }
    });
    state.message = Some(if removed {
        match (&pending.used_by, flows_gone) {
            (Some(_), 0) => format!("Deleted {} and removed the references to it", pending.id),
            (Some(_), n) => format!(
                "Deleted {}, its {n} data flow{} and the references to them",
                pending.id,
                if n == 1 { "" } else { "s" }
            ),
            (None, _) => format!("Deleted {}", pending.id),
        }
    } else {
        format!("{} cannot be deleted", pending.id)
    });
    let len = state.records().len();
    state.records_nav.clamp(len);
}

/// Record commands of the lists (add, delete, reorder, …) on the selected row.
pub fn list_command(state: &mut AppState, command: Command) {
    let selected = state.selected_record().and_then(|r| r.record);
    match command {
        Command::Add => {
            // The selected row's kind when it can grow, else the phase's main kind.
            let default = phases::default_kind(state.list_kind, state.phase).map(|k| k.name());
            let kind_name = selected
                .as_ref()
                .map(|r| r.kind)
                .filter(|k| !SINGLETONS.contains(k))
                .or(default);
            if let Some(name) = kind_name {
                add_record(state, name);
            }
        }
        Command::Delete => match selected {
            Some(r) if !r.id.is_empty() => ask_delete(state, r.kind, &r.id),
            _ => state.message = Some("Select a record to delete".into()),
        },
        Command::MoveUp | Command::MoveDown => {
            let Some(r) = selected.filter(|r| !r.id.is_empty()) else {
                return;
            };
            let Some(k) = kind(r.kind) else { return };
            let delta = if command == Command::MoveUp { -1 } else { 1 };
            let mut moved = false;
            edit(state, |s| moved = k.shift(s, &r.id, delta));
            if moved {
                if delta < 0 {
                    state.records_nav.up(1);
                } else {
                    let len = state.records().len();
                    state.records_nav.down(1, len);
                }
            } else {
                state.message = Some(format!("{} cannot move", r.id));
            }
        }
        Command::Assumptions => {
            state.list_kind = if state.list_kind == Some("assumption") {
                None
            } else {
                Some("assumption")
            };
            state.records_nav = Default::default();
        }
        Command::Tick => phases::tick(state, selected),
        Command::CycleStatus => phases::cycle_status(state),
        _ => {}
    }
}

/// Enter on a row that belongs to a form: heading adds, record opens its form.
pub fn open_row(state: &mut AppState, r: RecordRef) {
    if r.kind == phases::CRITERION || r.kind == phases::STATUS {
        return phases::tick(state, Some(r));
    }
    if r.id.is_empty() {
        return add_record(state, r.kind);
    }
    open_form(state, r.kind, &r.id, r.field.as_deref());
    if r.field.is_some()
        && let Some(form) = &mut state.form
    {
        form.quick = true;
        activate(state);
    }
}

/// Starts editing the focused field (a switch just flips).
fn activate(state: &mut AppState) {
    let Some(form) = state.form.clone() else {
        return;
    };
    let (specs, values) = specs_and_values(state, &form);
    let (Some(spec), Some(value)) = (specs.get(form.focus), values.get(form.focus)) else {
        return;
    };
    if state.read_only().is_some() {
        state.message = state.read_only().map(|w| format!("Read-only: {w}"));
        return;
    }
    if spec.kind == FieldKind::Bool {
        write(state, &form, &spec.key, Value::Bool(!value.flag()));
        return;
    }
    if spec.kind == FieldKind::Kept {
        state.message = Some(kept::READ_ONLY.into());
        return;
    }
    let active = Active::open(spec, value);
    if let Some(f) = &mut state.form {
        f.active = active;
    }
}

fn write(state: &mut AppState, form: &FormState, key: &str, value: Value) {
    let Some(k) = kind(form.kind) else { return };
    let catalog = state.catalog.clone();
    edit(state, |s| k.set(s, &catalog, &form.id, key, value));
}

/// Commands while the form is open and no field is being edited.
pub fn form_command(state: &mut AppState, command: Command) -> Option<Effect> {
    let form = state.form.clone()?;
    let count = specs_and_values(state, &form).0.len();
    let f = state.form.as_mut()?;
    match command {
        Command::Down | Command::NextPane => f.focus = (f.focus + 1).min(count.saturating_sub(1)),
        Command::Up | Command::PrevPane => f.focus = f.focus.saturating_sub(1),
        Command::Top => f.focus = 0,
        Command::Bottom => f.focus = count.saturating_sub(1),
        Command::Open => activate(state),
        Command::Back | Command::Quit => back::close_form(state),
        Command::Delete => {
            state.form = None;
            if let Some(k) = kind(form.kind) {
                ask_delete(state, k.name(), &form.id);
            }
        }
        // Save, undo, redo and help work as everywhere else.
        Command::Save | Command::Undo | Command::Redo | Command::Help | Command::Suspend => {
            return None;
        }
        _ => {}
    }
    Some(Effect::None)
}

/// A key for the field being edited.
pub fn form_input(state: &mut AppState, input: Input) -> Effect {
    let Some(form) = state.form.clone() else {
        return Effect::None;
    };
    let Some(mut active) = form.active.clone() else {
        return Effect::None;
    };
    let (specs, _) = specs_and_values(state, &form);
    let Some(spec) = specs.get(form.focus) else {
        return Effect::None;
    };
    if input.ctrl
        && input.key == Key::Char('e')
        && let Some(text) = active.text()
    {
        return Effect::OpenEditor(text);
    }
    match active.input(spec, input) {
        Outcome::Editing => {
            if let Some(f) = &mut state.form {
                f.active = Some(active);
            }
        }
        Outcome::Done(value) => finish(state, &form, &spec.key, value),
        Outcome::Cancelled => close_field(state, &form),
    }
    Effect::None
}

fn finish(state: &mut AppState, form: &FormState, key: &str, value: Value) {
    write(state, form, key, value);
    close_field(state, form);
}

fn close_field(state: &mut AppState, form: &FormState) {
    if form.quick {
        back::close_form(state);
    } else if let Some(f) = &mut state.form {
        f.active = None;
    }
}

/// Paste into the field being edited.
pub fn form_paste(state: &mut AppState, text: &str) {
    if let Some(Some(active)) = state.form.as_mut().map(|f| f.active.as_mut()) {
        active.paste(text);
    }
}

/// `$EDITOR` returned: the text replaces the field's and confirms it.
pub fn form_editor_done(state: &mut AppState, text: String) -> bool {
    let Some(form) = state.form.clone() else {
        return false;
    };
    if form.active.is_none() {
        return false;
    }
    let (specs, _) = specs_and_values(state, &form);
    if let Some(spec) = specs.get(form.focus) {
        let text = match spec.kind {
            FieldKind::MultiLine => text.trim_end().to_string(),
            _ => text.trim().replace('\n', " "),
        };
        finish(state, &form, &spec.key.clone(), Value::Text(text));
    }
    true
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod edit_path_prop;
#[cfg(test)]
mod zone_members_tests;
