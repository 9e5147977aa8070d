//! The edit service: the one place where the open session changes. Every edit — a
//! closure over the whole session ([`edit`]), over some parts ([`edit_parts`]), one
//! record ([`edit_record`]), an inserted record ([`insert_record`], [`push_with`]) —
//! goes through [`apply`], which refuses on a read-only session and files the patch
//! that undoes the edit as one undo step under a fresh revision; undo, redo, reload and
//! save move between revisions here too. The revision is what the dirty mark
//! (`AppState::is_dirty`) and the derived figures (`derive::refresh`, run by `update`
//! after every action, following `DocState::last_change`) are keyed on.

use super::app::{AppState, DocState};
use super::history::{Change, Listed, PartKind, Patch, Snapshot, Step, fresh_revision};
use crate::session::Session;

/// Applies an edit to the session through the undo history. The history keeps only
/// the parts the edit changed (found by comparing with a copy taken before it).
pub fn edit(state: &mut AppState, change: impl FnOnce(&mut Session)) {
    apply(state, |s| {
        let before = s.clone();
        change(s);
        Patch::diff(&before, s)
    });
}

/// An edit that touches only the parts `touched` of the session: only those are copied
/// and compared (`edit` copies the whole session, milliseconds at 10,000 threats).
/// Debug builds check that nothing else changed.
pub fn edit_parts(state: &mut AppState, touched: &[PartKind], change: impl FnOnce(&mut Session)) {
    apply(state, |s| {
        let snapshot = Snapshot::take(s, touched);
        #[cfg(debug_assertions)]
        let whole = s.clone();
        change(s);
        let patch = snapshot.diff(s);
        #[cfg(debug_assertions)]
        assert_eq!(
            patch,
            Patch::diff(&whole, s),
            "the edit touched parts besides {touched:?}"
        );
        patch
    });
}

/// An edit of one record of a list (`index` into the list `list` selects): only that
/// record is copied, so its cost does not grow with the session.
pub fn edit_record<T: Listed>(
    state: &mut AppState,
    list: impl FnOnce(&mut Session) -> &mut Vec<T>,
    index: usize,
    change: impl FnOnce(&mut T),
) {
    apply(state, |s| {
        let Some(record) = list(s).get_mut(index) else {
            return Patch::default();
        };
        let before = record.clone();
        change(record);
        if *record == before {
            return Patch::default();
        }
        Patch::record(index, before)
    });
}

/// Inserts `record` into the list `list` selects at `index` (its end when beyond):
/// one undo step that copies nothing, so its cost does not grow with the session.
pub fn insert_record<T: Listed>(
    state: &mut AppState,
    list: impl FnOnce(&mut Session) -> &mut Vec<T>,
    index: usize,
    record: T,
) {
    push_with(state, &[], |_| {}, list, index, record);
}

/// The edit `change` of the parts `touched` (as [`edit_parts`]) and `record` inserted
/// into the list `list` selects at `index` (its end when beyond), as one undo step;
/// `touched` must not name that list.
pub fn push_with<T: Listed>(
    state: &mut AppState,
    touched: &[PartKind],
    change: impl FnOnce(&mut Session),
    list: impl FnOnce(&mut Session) -> &mut Vec<T>,
    index: usize,
    record: T,
) {
    apply(state, |s| {
        let snapshot = Snapshot::take(s, touched);
        change(s);
        let mut patch = snapshot.diff(s);
        let list = list(s);
        let index = index.min(list.len());
        list.insert(index, record);
        patch.extend(Patch::inserted::<T>(index));
        patch
    });
}

/// The one way an edit reaches the open session: refused on a read-only session (the
/// status line says why); else `change` edits the session and returns the patch that
/// undoes it, filed as one undo step under a new revision.
pub fn apply(state: &mut AppState, change: impl FnOnce(&mut Session) -> Patch) {
    if let Some(why) = state.read_only() {
        state.message = Some(format!("Read-only: {why}"));
        return;
    }
    let Some(doc) = &mut state.doc else { return };
    let patch = change(&mut doc.document.session);
    record_step(doc, patch);
}

/// The file on disk replaced the analyst's version: one undo step brings it back, and
/// the reloaded state counts as saved.
pub fn reloaded(doc: &mut DocState, document: crate::session::Document) {
    let mine = std::mem::replace(&mut doc.document, document);
    let patch = Patch::diff(&mine.session, &doc.document.session);
    drop(mine);
    record_step(doc, patch);
    doc.saved_revision = doc.revision;
    doc.reloaded_revision = Some(doc.revision);
}

/// The session was written: what is on disk is this revision.
pub fn saved(doc: &mut DocState) {
    doc.saved_revision = doc.revision;
    doc.reloaded_revision = None;
}

/// Files `patch` (empty: nothing changed) as one undo step under a new revision, the
/// change it describes kept for the derived figures (`derive::refresh`).
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

/// Undoes the last edit (the status line says so, or that there is none).
pub fn undo(state: &mut AppState) {
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

/// Redoes the last undone edit.
pub fn redo(state: &mut AppState) {
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
