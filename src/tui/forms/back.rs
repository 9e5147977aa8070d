//! Leaving a record form: back to the list it came from, with the record selected, and
//! never to the phase rail (where `j`/`k` would switch phases by accident).

use crate::tui::app::{AppState, Pane};

/// Closes the form and puts the focus on the records list, on the form's record.
pub fn close_form(state: &mut AppState) {
    let Some(form) = state.form.take() else {
        return;
    };
    // A form can be opened from the rail (`a`, a phase key, a problem's jump): Esc
    // still lands on the list that shows the record.
    state.pane = Pane::Records;
    if crate::tui::phases::plan::owns(state.phase) && state.list_kind.is_none() {
        state.plan.focus = crate::tui::phases::plan::Focus::List;
        return;
    }
    let rows = state.records();
    let at = rows.iter().position(|r| {
        r.record
            .as_ref()
            .is_some_and(|k| k.kind == form.kind && k.id == form.id)
    });
    if let Some(at) = at {
        state.records_nav.selected = at;
        crate::tui::keep::pin(state);
    }
}
